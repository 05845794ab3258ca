"""Issue 21, point 4: Kontakt cannot inject mail headers or a body (RFC 2047 encoded words
are checked as the email package decodes them), and each user may write a bounded number
of messages an hour. Mail is captured by a local SMTP server (aiosmtpd)."""

from __future__ import annotations

import email
import email.policy

import pytest
from sqlalchemy import func, select

from som_xl.experience.model_web import MessageRow

from .conftest import capturing_smtp, csrf, make_site

ENCODED = "=?utf-8?q?Hej=0D=0AReply-To:_svindel@evil.example=0D=0AContent-Type:_text/html=0D=0A=0D=0A<b>?="


@pytest.fixture(scope="module")
def mail_site(tmp_path_factory):
    with capturing_smtp() as (smtp, messages):
        site = make_site(f"sqlite:///{tmp_path_factory.mktemp('mail') / 'e.sqlite'}", smtp_host="127.0.0.1",
                         smtp_port=smtp.port, mail_from="noreply@erfaring.test", contact_max_per_hour=4)
        db = site.app.state.db
        owner = db.accounts.user_by_email(site.emails["aarhus"])
        record, _ = db.workflow.submit({"title": "Kontakt mig", "summary": "s", "target_group": "g",
                                        "material_type": "beregning"}, owner)
        db.set_status(record.id, "offentliggjort")
        site.record_id, site.mails = record.id, messages
        yield site


def _write(site, client, subject, body="Hej, har I tal for 2024?"):
    return client.post(f"/poster/{site.record_id}/kontakt", data={"subject": subject, "body": body,
                                                                  "csrf_token": csrf(client)},
                       follow_redirects=False)


@pytest.mark.parametrize("subject", [ENCODED, "=?utf-8?b?SGVqDQpCY2M6IHhAZXZpbC5leGFtcGxl?=",
                                     "Hej\r\nBcc: x@evil.example", "Hej\u2028Bcc: x", "Hej\x85Bcc: x"],
                         ids=["q-encoded-crlf", "b-encoded-crlf", "raw-crlf", "line-separator", "c1-nel"])
def test_no_header_can_be_injected_through_the_subject(mail_site, subject):
    client = mail_site.client("vejle")
    before = len(mail_site.mails)
    response = _write(mail_site, client, subject)
    assert response.status_code == 400 and "felt emne" in response.text
    assert len(mail_site.mails) == before


def test_kontakt_is_rate_limited_per_user_and_sends_plain_text(mail_site):
    client = mail_site.client("admin")
    before = len(mail_site.mails)
    first = _write(mail_site, client, "Spørgsmål om Æblegrød =?", "Linje 1\nLinje 2\n<b>ikke html</b>")
    assert first.headers["location"].endswith("besked=sendt")
    message = email.message_from_bytes(mail_site.mails[before].content, policy=email.policy.default)
    assert message["Subject"] == "Erfaringsdatabasen: Spørgsmål om Æblegrød =?"
    assert [str(a) for a in message["Reply-To"].addresses] == [mail_site.emails["admin"]]
    assert message.get_content_type() == "text/plain" and not message.is_multipart()
    assert len(message.get_all("Reply-To")) == 1 and message.get_all("Bcc") is None
    assert "<b>ikke html</b>" in message.get_content()
    statuses = [_write(mail_site, client, f"Besked {i}").status_code for i in range(6)]
    assert statuses == [303] * 3 + [429] * 3
    admin = mail_site.app.state.db.accounts.user_by_email(mail_site.emails["admin"])
    with mail_site.app.state.db.engine.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(MessageRow)
                              .where(MessageRow.sender_id == admin.id)).scalar_one()
    assert stored == 4
    refused = _write(mail_site, client, "Én til")
    assert "højst 4 er tilladt" in refused.text
