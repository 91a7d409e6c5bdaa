"""The channels' adapters: e-mail over SMTP, and the SMS gateway (a local simulated one ships for development)."""

from __future__ import annotations

import secrets
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid

from court.settings import Settings


class Bounced(Exception):
    """The channel refused this recipient for good (a 5xx for the mailbox): fall back to the next channel."""


class ChannelDown(Exception):
    """The channel did not answer (SMTP server down, timeout): the attempt's job waits and retries."""


def send_email(
    settings: Settings, *, to: str, subject: str, body: str, attachment: bytes, filename: str
) -> str:
    """Hand the document to the court's SMTP server and return the message id.

    Proof (CPL Art 90 para 2: served on the day the document reaches the recipient's system): the court's mail is
    relayed by an SMTP server that accepts it for the recipient's mailbox; its 250 reply to the DATA command for a
    recipient it did not refuse is the delivery event we record as the served date, not the moment we started
    sending. A permanent refusal of the recipient (5xx) is a bounce; an unreachable server is retried.
    """
    if not settings.smtp_host:
        raise ChannelDown("e-mail service is off (COURT_SMTP_HOST is empty)")
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = to
    message["Subject"] = subject
    message_id = make_msgid(domain="court.local")
    message["Message-ID"] = message_id
    message.set_content(body)
    message.add_attachment(attachment, maintype="application", subtype="pdf", filename=filename)
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=20) as smtp:
            if settings.smtp_tls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password)
            refused = smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        if all(500 <= c < 600 for c in codes):
            raise Bounced(f"recipient refused: {exc.recipients}") from exc
        raise ChannelDown(f"recipient deferred: {exc.recipients}") from exc
    except smtplib.SMTPResponseException as exc:
        if 500 <= exc.smtp_code < 600 and exc.smtp_code not in (
            530,
            535,
        ):  # auth failures are ours, not a bounce
            raise Bounced(f"{exc.smtp_code} {exc.smtp_error!r}") from exc
        raise ChannelDown(f"{exc.smtp_code} {exc.smtp_error!r}") from exc
    except (OSError, smtplib.SMTPException) as exc:
        raise ChannelDown(f"SMTP server {settings.smtp_host}:{settings.smtp_port}: {exc}") from exc
    if to in refused:
        raise Bounced(f"recipient refused: {refused[to]}")
    return message_id.strip("<>")


class SimulatedSmsGateway:
    """模拟短信网关 — a simulated SMS gateway for development and tests: it sends nothing. It answers a message id;
    the delivery report arrives as a signed callback (POST /api/v1/service/sms-callback), as a real gateway's would."""

    label = "模拟短信网关（不发送真实短信）"

    def send(self, mobile: str, text: str) -> str:
        return "SIM-" + secrets.token_hex(8)


def sms_gateway(settings: Settings) -> SimulatedSmsGateway:
    return SimulatedSmsGateway()
