"""Shared setup of the service (送达) tests: a signed document of an assigned case, a real SMTP server on loopback."""

from __future__ import annotations

import dataclasses
import email
import email.policy
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from court.bootstrap import Runtime
from court.cases.tables import CaseParty
from court.documents import service as documents
from tests.cases.test_registration import principal
from tests.documents.test_documents_api import assigned_case


class Mailbox:
    """An SMTP server's handler: accepts mail for any address except those starting with `bounce`, which it
    refuses for good (550), as a recipient's mail server would for an unknown mailbox."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], email.message.Message]] = []

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        if address.startswith("bounce"):
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.messages.append(
            (list(envelope.rcpt_tos), email.message_from_bytes(envelope.content, policy=email.policy.default))
        )
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def smtp_server(port: int | None = None) -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    port = port or free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()


def use_smtp(runtime: Runtime, port: int) -> None:
    runtime.settings = dataclasses.replace(
        runtime.settings, smtp_host="127.0.0.1", smtp_port=port, smtp_from="court@xihu.example"
    )


async def signed_document(runtime: Runtime, kind: str = "judgment") -> tuple[dict[str, Any], dict[str, Any]]:
    case = await assigned_case()
    judge = await principal("judge.xihu")
    doc = await documents.create_document(judge, case["id"], kind)
    signed = await documents.sign_document(judge, runtime, doc["id"], version=1)
    return case, signed


async def parties(case_id: int) -> dict[str, dict[str, Any]]:
    rows = await CaseParty.select().where(CaseParty.case == case_id)
    return {r["role"]: r for r in rows}
