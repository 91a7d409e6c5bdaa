"""The pieces of service (送达) that a case document's service (court.serving.flow) and an enforcement notice's
(court.serving.matters) both build on: a party's confirmed address, the channels and their recipients, opening a
service with its first attempt, the deadline a service starts, and the service as shown. It imports neither, so
flow can hand a matter's service to matters and matters can open services here without a cycle between them."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from typing import Any

from court.audit.chain import Actor, subject_events
from court.bootstrap import Runtime
from court.cases import service as cases
from court.cases.deadlines import Deadline, deadline_for, deadline_status
from court.cases.tables import CaseParty
from court.errors import InvalidInput, NotFound
from court.i18n import msg
from court.jobs.outbox import enqueue
from court.serving.machine import ELECTRONIC, SERVICE_ATTEMPT, AttemptStatus, Channel, ServiceStatus
from court.serving.tables import Service, ServiceAddress, ServiceAttempt, ServiceDeadline
from court.statemachine import transition

ATTEMPT_JOB = "service.attempt"


_service_event = subject_events("service")


_attempt_event = subject_events("service_attempt")


# The engine cites articles in English ("CPL Art 171"); Chinese pages cite the law by its Chinese short name.
def article_zh(article: str) -> str:
    """ "Fee Measures Art 22; CPL-Interp Art 213" → "《诉讼费用交纳办法》第22条；《民诉法解释》第213条"."""
    from court.i18n.law import article_zh as in_chinese

    return in_chinese(article, separator="；")


def _with_zh(rows: list[dict[str, Any]], today: date | None = None) -> list[dict[str, Any]]:
    """Each deadline with its Chinese citation and its state today (ok, near: within 3 days, overdue)."""
    today = today or cases.court_today()
    for r in rows:
        r["article_zh"] = article_zh(r["article"])
        r["state"] = deadline_status(r["deadline"], today, warn_days=3).value
    return rows


def _now() -> datetime:
    return datetime.now(UTC)


async def parties_of_user(user_id: int) -> list[dict[str, Any]]:
    """The parties a user receives service for: those bound to its account, and the plaintiffs of cases it filed
    that have no account of their own (the filer acts for them, as the filing wizard's 送达地址 does)."""
    return (
        await CaseParty.select(
            CaseParty.id,
            CaseParty.name,
            CaseParty.role,
            CaseParty.case,
            CaseParty.case.number.as_alias("case_number"),
        )
        .where(
            (CaseParty.user_id == user_id)
            | (
                (CaseParty.case.filer_id == user_id)
                & (CaseParty.role == "plaintiff")
                & CaseParty.user_id.is_null()
            )
        )
        .order_by(CaseParty.id)
    )


async def address_of(party_id: int) -> dict[str, Any]:
    row = await ServiceAddress.select().where(ServiceAddress.party == party_id).first()
    return row or {
        "party": party_id,
        "email": None,
        "mobile": None,
        "postal_address": None,
        "consent_electronic": False,
        "version": 0,
    }


def _channels(raw: list[str]) -> list[Channel]:
    if not raw:
        raise InvalidInput("choose at least one channel", field="channels")
    out: list[Channel] = []
    for value in raw:
        try:
            channel = Channel(value)
        except ValueError:
            raise InvalidInput(
                msg("unknown channel %(value)s", value=repr(value)), field="channels"
            ) from None
        if channel in out:
            raise InvalidInput(msg("channel %(value)s chosen twice", value=repr(value)), field="channels")
        out.append(channel)
    return out


def _recipient(channel: Channel, address: dict[str, Any], party: dict[str, Any]) -> str:
    """The address a channel uses, or InvalidInput naming what is missing (CPL Art 90: electronic needs consent)."""
    if channel in ELECTRONIC and not address["consent_electronic"]:
        raise InvalidInput(
            msg(
                "%(party_name)s has not consented to electronic service (CPL Art 90)",
                party_name=party["name"],
            ),
            field="channels",
            party=party["id"],
        )
    if channel in (Channel.EMAIL, Channel.SMS):
        field = "email" if channel is Channel.EMAIL else "mobile"
        if not address[field]:
            missing = (
                msg("%(party_name)s has no confirmed e-mail address", party_name=party["name"])
                if channel is Channel.EMAIL
                else msg("%(party_name)s has no confirmed mobile number", party_name=party["name"])
            )
            raise InvalidInput(missing, field=field, party=party["id"])
        return str(address[field])
    if channel in (Channel.POSTAL, Channel.LEFT_AT_ADDRESS):
        return str(address["postal_address"] or party["address"] or "")
    return ""


async def open_service(
    actor: Actor,
    created_by: int | None,
    court_code: str,
    chosen: list[Channel],
    first_recipient: str,
    sha256: str,
    *,
    links: dict[str, Any],
    detail: dict[str, Any],
) -> int:
    """One service (of a case document or of an enforcement notice, as `links` say) on one party over the chosen
    channels, audited, with its first attempt started now. Inside the caller's transaction."""
    channels = [c.value for c in chosen]
    rows = await Service.insert(
        Service(
            **links,
            court_code=court_code,
            status=ServiceStatus.PENDING,
            channels=channels,
            document_sha256=sha256,
            created_by=created_by,
        )
    ).returning(Service.id)
    service_id = int(rows[0]["id"])
    await _service_event(
        actor,
        "service.created",
        service_id,
        court_code,
        {**detail, "channels": channels, "document_sha256": sha256},
    )
    await _start_attempt(service_id, 0, chosen[0], first_recipient, sha256, court_code)
    return service_id


async def _start_attempt(
    service_id: int, position: int, channel: Channel, recipient: str, sha256: str, court_code: str
) -> int:
    rows = await ServiceAttempt.insert(
        ServiceAttempt(
            service=service_id,
            position=position,
            channel=channel.value,
            status=AttemptStatus.PENDING,
            document_sha256=sha256,
            recipient=recipient,
        )
    ).returning(ServiceAttempt.id)
    attempt_id = int(rows[0]["id"])
    await _attempt_event(
        Actor.system(),
        "service_attempt.created",
        attempt_id,
        court_code,
        {
            "service": service_id,
            "channel": channel.value,
            "position": position,
            "document_sha256": sha256,
        },
    )
    if channel in ELECTRONIC:
        job_id = await enqueue(
            ATTEMPT_JOB,
            {"attempt": attempt_id},
            dedupe_key=f"{ATTEMPT_JOB}:{attempt_id}",
            court_code=court_code,
            max_attempts=8,
        )
        await ServiceAttempt.update({ServiceAttempt.job_id: job_id}).where(ServiceAttempt.id == attempt_id)
    elif channel is Channel.PUBLICATION:
        published = cases.court_today()
        deemed = deadline_for("publication", published)  # CPL Art 95: deemed served when 30 days have passed
        await transition(
            SERVICE_ATTEMPT,
            attempt_id,
            AttemptStatus.SENT,
            values={
                ServiceAttempt.sent_at: _now(),
                ServiceAttempt.evidence: {
                    "published_on": published.isoformat(),
                    "deemed_served_on": deemed.deadline.isoformat(),
                    "rule": deemed.rule,
                    "article": deemed.article,
                },
            },
        )
        await _attempt_event(
            Actor.system(),
            "service_attempt.sent",
            attempt_id,
            court_code,
            {"published_on": published.isoformat(), "deemed_served_on": deemed.deadline.isoformat()},
        )
    # Postal, in person and left-at-address wait for the clerk's record (RECORDED_BY_CLERK).
    return attempt_id


async def service_row(service_id: int) -> dict[str, Any]:
    row = await Service.select().where(Service.id == service_id).output(load_json=True).first()
    if row is None:
        raise NotFound(msg("no service %(service_id)s", service_id=service_id), service_id=service_id)
    return row


async def open_deadline(
    service: dict[str, Any], d: Deadline, *, links: dict[str, Any], detail: dict[str, Any] | None = None
) -> None:
    """The period a service started for its party (the engine's answer, with rule and article), kept beside the
    service (`links`: its case and party, or its matter and matter party) and audited."""
    await ServiceDeadline.insert(
        ServiceDeadline(
            **links,
            service=service["id"],
            kind=d.kind,
            start=d.start,
            deadline=d.deadline,
            rule=d.rule,
            article=d.article,
            provisional=d.provisional,
        )
    )
    await _service_event(
        Actor.system(),
        "service.deadline_started",
        service["id"],
        service["court_code"],
        {
            "kind": d.kind,
            "start": d.start.isoformat(),
            "deadline": d.deadline.isoformat(),
            "article": d.article,
            **(detail or {}),
        },
    )


async def _pdf(runtime: Runtime, key: str) -> bytes:
    def read() -> bytes:
        with runtime.blobs.open(key) as fh:
            return fh.read()

    return await asyncio.to_thread(read)


async def service_view(service_id: int) -> dict[str, Any]:
    service = await service_row(service_id)
    service["attempts"] = (
        await ServiceAttempt.select()
        .where(ServiceAttempt.service == service_id)
        .order_by(ServiceAttempt.position)
        .output(load_json=True)
    )
    deadline = await ServiceDeadline.select().where(ServiceDeadline.service == service_id).first()
    service["deadline"] = _with_zh([deadline])[0] if deadline else None
    return service


# What a served party's inbox shows of each attempt delivered to it (case documents and enforcement notices alike).
SERVED_COLUMNS = (
    ServiceAttempt.id,
    ServiceAttempt.channel,
    ServiceAttempt.delivered_on,
    ServiceAttempt.opened_at,
    ServiceAttempt.document_sha256,
)
