"""Sending a stored message by e-mail over SMTP (``smtplib``; settings in WebSettings)."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr

from som_xl.web.settings import WebSettings


def _header(text: str) -> str:
    return " ".join(str(text).split())  # no CR/LF: nothing can be smuggled into the headers


def send_mail(settings: WebSettings, *, to: str, subject: str, body: str,
              reply_to: str | None = None) -> None:
    """Send one plain-text e-mail; raises ``OSError``/``smtplib.SMTPException`` on failure."""
    if not settings.smtp_host:
        raise smtplib.SMTPException("der er ingen SMTP-server sat op (SOM_XL_SMTP_HOST)")
    message = EmailMessage()
    message["From"] = formataddr(("Erfaringsdatabasen", settings.mail_from))
    message["To"] = _header(to)
    if reply_to:
        message["Reply-To"] = _header(reply_to)
    message["Subject"] = _header(subject)
    message.set_content(body)
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=15) as smtp:
        if settings.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password or "")
        smtp.send_message(message)
