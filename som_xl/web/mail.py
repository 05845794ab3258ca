"""Sending a stored message by e-mail over SMTP (``smtplib``; settings in WebSettings).

Headers are built with the email package's own header objects (an ``Address`` for every
address, the subject as a header value the policy encodes), and only after
:func:`header_problem` found no control character in the value *as the email package
decodes it*: an RFC 2047 encoded word such as ``=?utf-8?q?x=0D=0AReply-To:…?=`` is
decoded by the package into real line breaks, so checking the typed text is not enough.
"""

from __future__ import annotations

import smtplib
import ssl
import unicodedata
from email.headerregistry import Address, HeaderRegistry
from email.message import EmailMessage
from email.policy import SMTP

from som_xl.web.settings import WebSettings

_REGISTRY = HeaderRegistry()


def _controls(text: str) -> bool:
    """Whether ``text`` holds a control, line or paragraph separator (C0, DEL, C1, U+2028/9)."""
    return any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in text)


def header_problem(value: str) -> str | None:
    """Why ``value`` may not be a mail header's text (Danish), or ``None``: it (and what the
    email package decodes it to, RFC 2047 encoded words included) has no control character."""
    if _controls(value):
        return "må ikke indeholde linjeskift eller andre styretegn."
    try:
        decoded = str(_REGISTRY("subject", value))
    except Exception:  # a value the header parser cannot even read is no subject
        return "kan ikke bruges som emne i en e-mail."
    if _controls(decoded) or "=?" in decoded and _controls(str(_REGISTRY("subject", decoded))):
        return "må ikke indeholde kodede linjeskift eller andre styretegn (=?…?=)."
    return None


def send_mail(settings: WebSettings, *, to: str, subject: str, body: str,
              reply_to: str | None = None) -> None:
    """Send one plain-text e-mail; raises ``OSError``/``smtplib.SMTPException`` on failure,
    ``ValueError`` for a header with a control character (checked before anything is sent)."""
    if not settings.smtp_host:
        raise smtplib.SMTPException("der er ingen SMTP-server sat op (SOM_XL_SMTP_HOST)")
    problem = header_problem(subject)
    if problem:
        raise ValueError(f"emnet {problem}")
    message = EmailMessage(policy=SMTP)
    message["From"] = Address("Erfaringsdatabasen", addr_spec=settings.mail_from)
    message["To"] = Address(addr_spec=to)
    if reply_to:
        message["Reply-To"] = Address(addr_spec=reply_to)
    message["Subject"] = subject
    message.set_content(body)
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=15) as smtp:
        if settings.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password or "")
        smtp.send_message(message)
