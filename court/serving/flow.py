"""Service (送达): addresses and consent, serving a signed document on parties over channels in order, the delivery
event that fixes the served date (CPL Art 90 para 2), falling back when a channel bounces, and the deadlines that
run from service, each from the one deadline engine."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import re
from datetime import UTC, date, datetime
from typing import Annotated, Any

import msgspec

from court.accounts.policy import Action, Principal
from court.accounts.roles import Role
from court.audit.chain import Actor, actor_of, record
from court.bootstrap import Runtime
from court.cases import service as cases
from court.cases.deadlines import deadline_for
from court.cases.tables import CaseParty
from court.db import write_transaction
from court.documents.kinds import DocumentKind, title_of
from court.documents.tables import CourtDocument
from court.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from court.i18n import msg
from court.jobs.context import JobContext
from court.serving import channels as adapters
from court.serving import matters
from court.serving import reminders as reminders_
from court.serving.common import (
    SERVED_COLUMNS,
    _attempt_event,
    _channels,
    _now,
    _pdf,
    _recipient,
    _service_event,
    _start_attempt,
    _with_zh,
    address_of,
    open_deadline,
    open_service,
    parties_of_user,
    service_row,
    service_view,
)
from court.serving.machine import (
    RECORDED_BY_CLERK,
    SERVICE,
    SERVICE_ATTEMPT,
    AttemptStatus,
    Channel,
    ServiceStatus,
)
from court.serving.tables import (
    Service,
    ServiceAddress,
    ServiceAttempt,
    ServiceCallback,
    ServiceDeadline,
    ServiceNotice,
)
from court.statemachine import transition

SERVING_ROLES = frozenset({Role.JUDGE, Role.CLERK})
# Services show the parties' addresses: the court's clerks, judges and leaders see them; a party sees its own.
VIEWING_ROLES = SERVING_ROLES | {Role.COURT_LEADER}
EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")  # mainland mobile numbers: 11 digits, 13x-19x
RowId = Annotated[int, msgspec.Meta(ge=1, le=2**31 - 1)]  # fits the integer column of either engine
Short = Annotated[str, msgspec.Meta(max_length=255)]

# An attempt's service, for joins through it: Piccolo types a join chain as `Column | Any`, which the checker
# cannot follow past the first step.
_ATTEMPT_SERVICE: Any = ServiceAttempt.service

# Which party deadline a served document starts, and the procedure the engine needs (None: any).
DEADLINE_OF: dict[DocumentKind, tuple[str, str | None]] = {
    DocumentKind.RESPONSE_NOTICE: ("answer", None),  # CPL Art 128
    DocumentKind.JUDGMENT: ("appeal_judgment", None),  # CPL Art 171
    DocumentKind.RULING: ("appeal_ruling", None),  # CPL Art 171
    DocumentKind.EVIDENCE_NOTICE: ("evidence", "ordinary"),  # Evidence Rules Art 51
    DocumentKind.FEE_NOTICE: ("fee_payment", None),  # Fee Measures Art 22
}


def _actor(p: Principal | None) -> Actor:
    return actor_of(p)


async def _party(party_id: int) -> dict[str, Any]:
    row = await CaseParty.select().where(CaseParty.id == party_id).first()
    if row is None:
        raise NotFound(msg("no party %(party_id)s", party_id=party_id), party_id=party_id)
    return row


def _require_staff(p: Principal, case: dict[str, Any], roles: frozenset[Role] = SERVING_ROLES) -> None:
    if p.role not in roles or p.court_code != case["court_code"]:
        raise PermissionDenied("only the court's judges and clerks serve documents of this case")


async def authorize_case_services(p: Principal, case_id: int) -> dict[str, Any]:
    """The case, when `p` may see its services (with the parties' addresses): the court's clerks, judges, leaders."""
    case = await cases.load_case(case_id)
    _require_staff(p, case, VIEWING_ROLES)
    return case


# --- 送达地址确认书 (address and consent) ---------------------------------------------------------------------


class AddressIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    email: Short | None = None
    mobile: Annotated[str, msgspec.Meta(max_length=32)] | None = None
    postal_address: Short | None = None
    consent_electronic: bool = False


def validate_address(a: AddressIn) -> dict[str, Any]:
    """The cleaned fields, or InvalidInput naming the first malformed one."""
    email = (a.email or "").strip() or None
    mobile = (a.mobile or "").strip().removeprefix("+86").replace(" ", "").replace("-", "") or None
    postal = (a.postal_address or "").strip() or None
    if email is not None and (len(email) > 254 or not EMAIL_RE.match(email)):
        raise InvalidInput(msg("not an e-mail address: %(email)s", email=repr(email)), field="email")
    if mobile is not None and not MOBILE_RE.match(mobile):
        raise InvalidInput(
            msg("not a mainland mobile number: %(mobile)s", mobile=repr(a.mobile)), field="mobile"
        )
    if postal is not None and not 6 <= len(postal) <= 255:
        raise InvalidInput("the postal address must have 6 to 255 characters", field="postal_address")
    if a.consent_electronic and email is None and mobile is None:
        # Consent to electronic service needs somewhere electronic to serve (the portal inbox is always there,
        # but the confirmation names the addresses the party agrees to).
        raise InvalidInput(
            "consent to electronic service needs an e-mail address or a mobile number", field="email"
        )
    return {
        "email": email,
        "mobile": mobile,
        "postal_address": postal,
        "consent_electronic": a.consent_electronic,
    }


async def set_address(p: Principal, party_id: int, data: AddressIn) -> dict[str, Any]:
    """Confirm a party's service address (送达地址确认书): by the party itself or by a clerk of its case's court."""
    party = await _party(party_id)
    case = await cases.load_case(int(party["case"]))
    own = cases.acts_for_party(p, party, case)
    if not own:
        _require_staff(p, case)
    clean = validate_address(data)
    async with write_transaction():
        existing = (
            await ServiceAddress.select(ServiceAddress.id, ServiceAddress.version)
            .where(ServiceAddress.party == party_id)
            .first()
        )
        values = {**clean, "confirmed_by": p.user_id, "confirmed_role": p.role.value, "updated_at": _now()}
        if existing is None:
            await ServiceAddress.insert(
                ServiceAddress(case=party["case"], party=party_id, version=1, **values)
            )
            version = 1
        else:
            version = int(existing["version"]) + 1
            updated = (
                await ServiceAddress.update(
                    {getattr(ServiceAddress, k): v for k, v in values.items()}
                    | {ServiceAddress.version: version}
                )
                .where(
                    (ServiceAddress.id == existing["id"]) & (ServiceAddress.version == existing["version"])
                )
                .returning(ServiceAddress.id)
            )
            if not updated:
                raise Conflict("the address changed meanwhile: reload it")
        await record(
            _actor(p),
            "service.address_confirmed",
            subject_type="case_party",
            subject_id=party_id,
            court_code=case["court_code"],
            detail={"version": version, **clean},
        )
    return await address_of(party_id)


# --- serving ------------------------------------------------------------------------------------------------


class ServeIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    parties: Annotated[list[RowId], msgspec.Meta(max_length=100)]
    channels: Annotated[list[Short], msgspec.Meta(max_length=len(Channel))]


async def serve_document(p: Principal, document_id: int, data: ServeIn) -> list[dict[str, Any]]:
    """Serve a signed document on the chosen parties over the chosen channels, tried in order; one service per
    party, its first attempt started now (an outbox job for the electronic channels)."""
    document = await CourtDocument.select().where(CourtDocument.id == document_id).first()
    if document is None:
        raise NotFound(msg("no document %(document_id)s", document_id=document_id), document_id=document_id)
    case = await cases.load_case(int(document["case"]))
    _require_staff(p, case)
    if document["status"] != "signed":
        raise Conflict("only a signed document can be served", status=document["status"])
    chosen = _channels(data.channels)
    if not data.parties:
        raise InvalidInput("choose at least one party", field="parties")
    plans = []
    for party_id in data.parties:
        party = await _party(party_id)
        if int(party["case"]) != int(case["id"]):
            raise InvalidInput(
                msg("party %(party_id)s is not a party of this case", party_id=party_id), field="parties"
            )
        address = await address_of(party_id)
        recipients = [
            _recipient(c, address, party) for c in chosen
        ]  # every channel checked before anything starts
        plans.append((party_id, recipients))
    ids = []
    async with write_transaction():
        for party_id, recipients in plans:
            service_id = await open_service(
                _actor(p),
                p.user_id,
                case["court_code"],
                chosen,
                recipients[0],
                document["pdf_sha256"],
                links={"case": case["id"], "document": document_id, "party": party_id},
                detail={"document": document_id, "party": party_id},
            )
            ids.append(service_id)
    return [await service_view(i) for i in ids]


async def _attempt(attempt_id: int) -> dict[str, Any]:
    row = await ServiceAttempt.select().where(ServiceAttempt.id == attempt_id).output(load_json=True).first()
    if row is None:
        raise NotFound(msg("no service attempt %(attempt_id)s", attempt_id=attempt_id), attempt_id=attempt_id)
    return row


async def deliver(
    attempt_id: int,
    at: datetime,
    *,
    actor: Actor | None = None,
    served_on: date | None = None,
    evidence: dict[str, Any] | None = None,
    allowed_from: set[str] | None = None,
) -> dict[str, Any]:
    """The delivery event of an attempt: the attempt is delivered and its service served on the court's date of
    `at` (CPL Art 90 para 2), once — a second outcome for the same attempt is a 409. Starts the party's deadline."""
    actor = actor or Actor.system()
    attempt = await _attempt(attempt_id)
    service = await service_row(int(attempt["service"]))
    day = served_on or cases.court_today(at)
    async with write_transaction():
        values: dict[Any, Any] = {ServiceAttempt.delivered_at: at, ServiceAttempt.delivered_on: day}
        if evidence:
            values[ServiceAttempt.evidence] = {**(attempt["evidence"] or {}), **evidence}
        await transition(
            SERVICE_ATTEMPT, attempt_id, AttemptStatus.DELIVERED, values=values, allowed_from=allowed_from
        )
        await _attempt_event(
            actor,
            "service_attempt.delivered",
            attempt_id,
            service["court_code"],
            {
                "service": service["id"],
                "channel": attempt["channel"],
                "delivered_at": at.isoformat(),
                "served_on": day.isoformat(),
                "document_sha256": attempt["document_sha256"],
                **(evidence or {}),
            },
        )
        await transition(
            SERVICE,
            int(service["id"]),
            ServiceStatus.SERVED,
            values={
                Service.served_on: day,
                Service.served_at: at,
                Service.served_channel: attempt["channel"],
                Service.served_attempt: attempt_id,
            },
        )
        await _service_event(
            actor,
            "service.served",
            service["id"],
            service["court_code"],
            {"attempt": attempt_id, "channel": attempt["channel"], "served_on": day.isoformat()},
        )
        await _start_deadline(service, day)
    return await service_view(int(service["id"]))


async def _start_deadline(service: dict[str, Any], served_on: date) -> None:
    if service.get("matter_id"):
        await matters.start_deadline(service, served_on)
        return
    document = (
        await CourtDocument.select(CourtDocument.kind).where(CourtDocument.id == service["document"]).first()
    )
    assert document is not None
    plan = DEADLINE_OF.get(DocumentKind(document["kind"]))
    if plan is None:
        return
    kind, procedure = plan
    d = deadline_for(kind, served_on, procedure)  # CPL Art 85 counting: the day of service is not counted
    await open_deadline(service, d, links={"case": service["case"], "party": service["party"]})


async def bounce(attempt_id: int, reason: str, *, actor: Actor | None = None) -> dict[str, Any]:
    """The channel refused or never confirmed: the attempt bounces once, the next channel starts, the judge is told."""
    actor = actor or Actor.system()
    attempt = await _attempt(attempt_id)
    service = await service_row(int(attempt["service"]))
    async with write_transaction():
        await transition(
            SERVICE_ATTEMPT, attempt_id, AttemptStatus.BOUNCED, values={ServiceAttempt.error: reason[:2000]}
        )
        await _attempt_event(
            actor,
            "service_attempt.bounced",
            attempt_id,
            service["court_code"],
            {"channel": attempt["channel"], "reason": reason[:500]},
        )
        chosen = [Channel(c) for c in service["channels"]]
        nxt = int(attempt["position"]) + 1
        if nxt < len(chosen):
            party, address = await _party_and_address(service)
            recipient = _recipient(chosen[nxt], address, party)
            await _start_attempt(
                int(service["id"]),
                nxt,
                chosen[nxt],
                recipient,
                service["document_sha256"],
                service["court_code"],
            )
            message = f"{party['name']}：{_CHANNEL_ZH[Channel(attempt['channel'])]}未送达，已改用{_CHANNEL_ZH[chosen[nxt]]}"
        else:
            await transition(SERVICE, int(service["id"]), ServiceStatus.FAILED)
            await _service_event(
                actor,
                "service.failed",
                service["id"],
                service["court_code"],
                {"last_channel": attempt["channel"]},
            )
            party, _ = await _party_and_address(service)
            message = f"{party['name']}：所选送达方式均未送达，请决定其他送达方式（如公告送达）"
        if service.get("matter_id"):
            await matters.tell_officer(service, message)
        else:
            await ServiceNotice.insert(
                ServiceNotice(case=service["case"], service=service["id"], message=message)
            )
    return await service_view(int(service["id"]))


async def _party_and_address(service: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The party served and its confirmed address: a case's party, or a matter's party (court.serving.matters)."""
    if service.get("matter_id"):
        from court.execution.service import load_matter

        party = await matters.matter_party(int(service["matter_party_id"]))
        address = await matters.address_of_matter_party(await load_matter(int(service["matter_id"])), party)
        party["address"] = address.get("postal_address") or ""
        return party, address
    return await _party(int(service["party"])), await address_of(int(service["party"]))


_CHANNEL_ZH = {
    Channel.INBOX: "诉讼服务平台送达",
    Channel.EMAIL: "电子邮件送达",
    Channel.SMS: "短信送达",
    Channel.POSTAL: "邮寄送达",
    Channel.IN_PERSON: "直接送达",
    Channel.LEFT_AT_ADDRESS: "留置送达",
    Channel.PUBLICATION: "公告送达",
}


# --- the attempt's job ----------------------------------------------------------------------------------------


async def run_attempt(payload: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Hand the document to the attempt's channel. Idempotent: an attempt no longer pending is left alone. A channel
    that is down raises, so the outbox retries with backoff (the attempt stays pending, visible to the judge); on the
    job's last try the attempt bounces as unconfirmed and the next channel takes over."""
    attempt = await _attempt(int(payload["attempt"]))
    if attempt["status"] != AttemptStatus.PENDING:
        return {"skipped": attempt["status"]}
    service = await service_row(int(attempt["service"]))
    channel = Channel(attempt["channel"])
    if channel is Channel.INBOX:
        # The portal inbox is the court's own system: the document reaches it when the attempt is written there.
        await deliver(int(attempt["id"]), _now())
        return {"delivered": "inbox"}
    if service.get("matter_id"):
        pdf, title, number = await matters.notice_pdf(ctx.runtime, service)
        case = {"number": number, "court_code": service["court_code"]}
        document: dict[str, Any] = {"verification_code": None}
    else:
        row = await CourtDocument.select().where(CourtDocument.id == service["document"]).first()
        assert row is not None
        document = row
        case = await cases.load_case(int(service["case"]))
        title = title_of(DocumentKind(document["kind"]), case["case_type"])
        pdf = b""
    if channel is Channel.EMAIL:
        pdf = pdf or await _pdf(ctx.runtime, document["blob_key"])
        if hashlib.sha256(pdf).hexdigest() != attempt["document_sha256"]:
            await bounce(
                int(attempt["id"]), "the stored document no longer matches the hash bound to the service"
            )
            return {"bounced": "hash mismatch"}
        body = f"{case['number']} 案件的《{title}》已通过电子邮件向您送达，见附件。\n" + (
            f"核验码：{document['verification_code']}，可在 {ctx.runtime.settings.verify_url} 核验。"
            if document.get("verification_code")
            else f"文书SHA-256：{attempt['document_sha256']}"
        )
        try:
            message_id = await asyncio.to_thread(
                adapters.send_email,
                ctx.runtime.settings,
                to=attempt["recipient"],
                subject=f"【送达】{case['number']} {title}",
                body=body,
                attachment=pdf,
                filename=f"{title}.pdf",
            )
        except adapters.Bounced as exc:
            await bounce(int(attempt["id"]), str(exc))
            return {"bounced": str(exc)}
        except adapters.ChannelDown as exc:
            await ServiceAttempt.update({ServiceAttempt.error: str(exc)[:2000]}).where(
                ServiceAttempt.id == attempt["id"]
            )
            if ctx.attempt >= 8:
                await bounce(int(attempt["id"]), f"unconfirmed after {ctx.attempt} tries: {exc}")
                return {"bounced": "unconfirmed"}
            raise
        # The SMTP server's acceptance for the recipient's mailbox is the delivery event (see send_email).
        accepted = _now()
        await ServiceAttempt.update(
            {
                ServiceAttempt.external_id: message_id[:64],
                ServiceAttempt.sent_at: accepted,
                ServiceAttempt.error: "",
            }
        ).where(ServiceAttempt.id == attempt["id"])
        await deliver(int(attempt["id"]), accepted, evidence={"message_id": message_id})
        return {"delivered": "email", "message_id": message_id}
    if channel is Channel.SMS:
        gateway = adapters.sms_gateway(ctx.runtime.settings)
        text = f"【{case['court_code']}】{case['number']}《{title}》已送达，请登录诉讼服务平台查看。"
        message_id = await asyncio.to_thread(gateway.send, attempt["recipient"], text)
        async with write_transaction():
            await transition(
                SERVICE_ATTEMPT,
                int(attempt["id"]),
                AttemptStatus.SENT,
                values={
                    ServiceAttempt.external_id: message_id,
                    ServiceAttempt.sent_at: _now(),
                    ServiceAttempt.evidence: {"gateway": gateway.label},
                },
            )
            await _attempt_event(
                Actor.system(),
                "service_attempt.sent",
                attempt["id"],
                service["court_code"],
                {"message_id": message_id, "gateway": gateway.label},
            )
        return {"sent": "sms", "message_id": message_id}
    return {"skipped": channel.value}


# --- SMS delivery reports -------------------------------------------------------------------------------------


class SmsCallback(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    callback_id: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    message_id: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    status: str  # delivered | failed
    at: datetime


def sign_callback(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


async def sms_callback(runtime: Runtime, body: bytes, signature: str) -> dict[str, Any]:
    """A gateway's delivery report, signed with HMAC-SHA256 under the court's secret key. A forged signature is
    refused (403); a report seen before (its callback id) is a replay and refused (409); so is a second outcome."""
    expected = sign_callback(runtime.settings.secret_key, body)
    given = signature.strip().lower().encode("utf-8", "replace")
    if not signature or not hmac.compare_digest(expected.encode(), given):
        # Refused before anything is read from the body; named as the header that failed.
        raise InvalidInput("the delivery report's signature does not verify", field="x-court-signature")
    try:
        report = msgspec.json.decode(body, type=SmsCallback)
    except msgspec.ValidationError as exc:
        raise InvalidInput(msg("malformed delivery report: %(exc)s", exc=exc), field="body") from None
    except msgspec.DecodeError:
        raise InvalidInput("the delivery report is not JSON", field="body") from None
    if report.status not in ("delivered", "failed"):
        raise InvalidInput(
            msg("unknown status %(status_text)s", status_text=repr(report.status)), field="status"
        )
    attempt = (
        await ServiceAttempt.select(ServiceAttempt.id)
        .where(
            (ServiceAttempt.external_id == report.message_id) & (ServiceAttempt.channel == Channel.SMS.value)
        )
        .first()
    )
    if attempt is None:
        raise NotFound("no SMS attempt has this message id", message_id=report.message_id)
    at = report.at if report.at.tzinfo else report.at.replace(tzinfo=UTC)
    async with write_transaction():
        seen = await ServiceCallback.raw(
            "INSERT INTO court_service_callback (callback_id, attempt, received_at) VALUES ({}, {}, {}) "
            "ON CONFLICT (callback_id) DO NOTHING RETURNING id",
            report.callback_id,
            attempt["id"],
            _now(),
        )
        if not seen:
            raise Conflict(
                "this delivery report was received before (replay)", callback_id=report.callback_id
            )
        if report.status == "delivered":
            return await deliver(
                int(attempt["id"]),
                at,
                evidence={"callback_id": report.callback_id},
                allowed_from={AttemptStatus.SENT},
            )
        return await bounce(int(attempt["id"]), f"gateway reported failure ({report.callback_id})")


# --- recorded by a clerk: postal, in person, left at the address; opened in the inbox --------------------------


class RecordIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    outcome: Short  # posted | delivered | bounced
    served_on: date | None = None
    ems_number: Short | None = None
    receipt_signed_by: Short | None = None
    witnesses: Annotated[list[Short], msgspec.Meta(max_length=10)] = []
    photos: Annotated[
        list[Short], msgspec.Meta(max_length=20)
    ] = []  # blob keys of the photos taken at the address
    reason: Annotated[str, msgspec.Meta(max_length=2000)] | None = None


EMS_RE = re.compile(
    r"^[A-Z]{2}\d{9}[A-Z]{2}$|^\d{13}$"
)  # UPU S10 (EA123456789CN) or a 13-digit domestic number


async def record_by_clerk(p: Principal, attempt_id: int, data: RecordIn) -> dict[str, Any]:
    attempt = await _attempt(attempt_id)
    service = await service_row(int(attempt["service"]))
    if service.get("matter_id"):
        await matters.require_staff(p, service)
    else:
        _require_staff(p, await cases.load_case(int(service["case"])))
    channel = Channel(attempt["channel"])
    if channel not in RECORDED_BY_CLERK:
        raise InvalidInput(
            msg("a %(value)s attempt is not recorded by hand", value=channel.value), field="attempt"
        )
    if data.outcome == "bounced":
        return await bounce(attempt_id, data.reason or "returned", actor=_actor(p))
    if data.outcome == "posted":
        if channel is not Channel.POSTAL:
            raise InvalidInput("only postal service is posted", field="outcome")
        number = (data.ems_number or "").strip().upper()
        if not EMS_RE.match(number):
            raise InvalidInput(
                msg("not an EMS number: %(ems_number)s", ems_number=repr(data.ems_number)), field="ems_number"
            )
        async with write_transaction():
            await transition(
                SERVICE_ATTEMPT,
                attempt_id,
                AttemptStatus.SENT,
                values={ServiceAttempt.external_id: number, ServiceAttempt.sent_at: _now()},
            )
            await _attempt_event(
                _actor(p), "service_attempt.sent", attempt_id, service["court_code"], {"ems_number": number}
            )
        return await service_view(int(service["id"]))
    if data.outcome != "delivered":
        raise InvalidInput(msg("unknown outcome %(outcome)s", outcome=repr(data.outcome)), field="outcome")
    if data.served_on is None:
        raise InvalidInput("the day of service is needed", field="served_on")
    if data.served_on > cases.court_today():
        raise InvalidInput("the day of service is in the future", field="served_on")
    evidence: dict[str, Any] = {"recorded_by": p.user_id}
    if channel is Channel.POSTAL:
        if not data.receipt_signed_by:
            raise InvalidInput("who signed the returned receipt (回执)", field="receipt_signed_by")
        evidence["receipt_signed_by"] = data.receipt_signed_by
    if channel is Channel.LEFT_AT_ADDRESS:
        # CPL Art 89: left at the residence when the recipient refuses, with witnesses, or recorded by photo/video.
        if not data.photos and not data.witnesses:
            raise InvalidInput("留置送达 needs photos or witnesses (CPL Art 89)", field="photos")
    if data.photos:
        evidence["photos"] = data.photos
    if data.witnesses:
        evidence["witnesses"] = data.witnesses
    if channel is Channel.IN_PERSON and data.receipt_signed_by:
        evidence["receipt_signed_by"] = data.receipt_signed_by
    return await deliver(attempt_id, _now(), actor=_actor(p), served_on=data.served_on, evidence=evidence)


async def mark_opened(p: Principal, attempt_id: int) -> None:
    """The party opened or downloaded the served document in its inbox: recorded (first time kept), audited."""
    attempt = await _attempt(attempt_id)
    service = await service_row(int(attempt["service"]))
    if service.get("matter_id"):
        if not matters.acts_for(p, await matters.matter_party(int(service["matter_party_id"]))):
            raise PermissionDenied("only the party served opens its inbox")
    elif not cases.acts_for_party(
        p, await _party(int(service["party"])), await cases.load_case(int(service["case"]))
    ):
        raise PermissionDenied("only the party served opens its inbox")
    async with write_transaction():
        await ServiceAttempt.update({ServiceAttempt.opened_at: _now()}).where(
            (ServiceAttempt.id == attempt_id) & ServiceAttempt.opened_at.is_null()
        )
        await _attempt_event(
            _actor(p),
            "service_attempt.opened",
            attempt_id,
            service["court_code"],
            {"document_sha256": attempt["document_sha256"]},
        )


# --- sweeps: publications deemed served; judgments whose appeal periods lapsed ---------------------------------


async def settle_due(today: date | None = None) -> dict[str, int]:
    """Publications whose 30 days have passed are deemed served (CPL Art 95); a judgment whose every party was
    served and whose appeal periods have all lapsed unappealed takes effect (CPL Art 171; an appeal filed in time
    keeps it from taking effect: court.appeals)."""
    today = today or cases.court_today()
    settled = 0
    rows = (
        await ServiceAttempt.select(ServiceAttempt.id, ServiceAttempt.evidence)
        .where(
            (ServiceAttempt.channel == Channel.PUBLICATION.value)
            & (ServiceAttempt.status == AttemptStatus.SENT)
        )
        .output(load_json=True)
    )
    for row in rows:
        deemed = date.fromisoformat(row["evidence"]["deemed_served_on"])
        if deemed <= today:
            try:
                await deliver(int(row["id"]), _now(), served_on=deemed, allowed_from={AttemptStatus.SENT})
                settled += 1
            except Conflict:
                pass  # settled by a concurrent sweep
    effective = 0
    judgments = await CourtDocument.select(CourtDocument.id).where(
        (CourtDocument.kind.is_in([DocumentKind.JUDGMENT.value, DocumentKind.RULING.value]))
        & (CourtDocument.status == "signed")
        & CourtDocument.effective_on.is_null()
    )
    from court.appeals.service import has_pending_appeal

    for doc in judgments:
        if await has_pending_appeal(int(doc["id"])):
            continue  # appealed in time: it takes effect with the second-instance judgment, if at all (CPL Art 158)
        services = await Service.select(Service.id, Service.status, Service.party).where(
            Service.document == doc["id"]
        )
        if not services or any(s["status"] != ServiceStatus.SERVED for s in services):
            continue
        deadlines = await ServiceDeadline.select(ServiceDeadline.deadline).where(
            ServiceDeadline.service.is_in([s["id"] for s in services])
        )
        last = max(d["deadline"] for d in deadlines) if deadlines else None
        if last is None or last >= today:
            continue
        from datetime import timedelta

        on = last + timedelta(days=1)  # effective the day after the last appeal period lapsed unappealed
        async with write_transaction():
            won = (
                await CourtDocument.update({CourtDocument.effective_on: on})
                .where((CourtDocument.id == doc["id"]) & CourtDocument.effective_on.is_null())
                .returning(CourtDocument.id)
            )
            if won:
                await record(
                    Actor.system(),
                    "court_document.effective",
                    subject_type="court_document",
                    subject_id=doc["id"],
                    detail={"effective_on": on.isoformat(), "last_appeal_day": last.isoformat()},
                )
                effective += 1
    return {"publications_served": settled, "documents_effective": effective}


# --- views ----------------------------------------------------------------------------------------------------


async def check_integrity(runtime: Runtime, service_id: int) -> dict[str, Any]:
    """Whether the document as stored now is the one served: its sha256 against the hash bound to the service."""
    service = await service_row(service_id)
    if service.get("matter_id"):
        from court.execution.tables import MatterNotice

        pdf, _, _ = await matters.notice_pdf(runtime, service)
        stored = hashlib.sha256(pdf).hexdigest()
        notice = (
            await MatterNotice.select(MatterNotice.sha256)
            .where(MatterNotice.id == service["matter_notice_id"])
            .first()
        )
        assert notice is not None
        return {
            "served_sha256": service["document_sha256"],
            "stored_sha256": stored,
            "unchanged": stored == service["document_sha256"] == notice["sha256"],
        }
    document = (
        await CourtDocument.select(CourtDocument.blob_key, CourtDocument.pdf_sha256)
        .where(CourtDocument.id == service["document"])
        .first()
    )
    assert document is not None
    stored = hashlib.sha256(await _pdf(runtime, document["blob_key"])).hexdigest()
    return {
        "served_sha256": service["document_sha256"],
        "stored_sha256": stored,
        "unchanged": stored == service["document_sha256"] == document["pdf_sha256"],
    }


async def case_deadlines(p: Principal, case_id: int) -> list[dict[str, Any]]:
    """Each party's deadlines that run from service, with rule and article (the engine's answers)."""
    await cases.authorize(p, Action.VIEW, case_id)
    rows = (
        await ServiceDeadline.select(
            *ServiceDeadline.all_columns(),
            ServiceDeadline.party.name.as_alias("party_name"),
        )
        .where(ServiceDeadline.case == case_id)
        .order_by(ServiceDeadline.deadline)
    )
    return _with_zh(rows)


async def services_of_case(p: Principal, case_id: int) -> list[dict[str, Any]]:
    await authorize_case_services(p, case_id)
    ids = await Service.select(Service.id).where(Service.case == case_id).order_by(Service.id)
    return [await service_view(int(r["id"])) for r in ids]


async def receipt_pdf(p: Principal, service_id: int) -> tuple[bytes, dict[str, Any]]:
    """The service receipt (送达回证) of one service, rendered from what is recorded; its sha256 is audited."""
    from court.serving.receipt import render_receipt

    service = await service_view(service_id)
    if service.get("matter_id"):
        party = await matters.matter_party(int(service["matter_party_id"]))
        matter = await matters.may_view(p, service)
        if not matters.acts_for(p, party):
            await matters.require_staff(p, service)  # the party served, or whoever enforces the matter
        title, number = await matters.title_and_number(service)
        case = {"court_code": matter["court_code"], "number": number}
    else:
        case = await cases.load_case(int(service["case"]))
        if not cases.acts_for_party(p, await _party(int(service["party"])), case):
            _require_staff(p, case, VIEWING_ROLES)  # the party served, or the court's staff
        document = (
            await CourtDocument.select(CourtDocument.kind)
            .where(CourtDocument.id == service["document"])
            .first()
        )
        assert document is not None
        party = await _party(int(service["party"]))
        title = title_of(DocumentKind(document["kind"]), case["case_type"])
    court = await cases_court_name(case["court_code"])
    photos = [ph for a in service["attempts"] for ph in (a.get("evidence") or {}).get("photos", [])]
    facts = {
        "court": court,
        "case_number": case["number"],
        "title": title,
        "party": party["name"],
        "document_sha256": service["document_sha256"],
        "served_on": service["served_on"].isoformat() if service["served_on"] else None,
        "served_channel": service["served_channel"],
        "attempts": service["attempts"],
        "photos": photos,
    }
    data = await asyncio.to_thread(render_receipt, facts)
    await _service_event(
        _actor(p),
        "service.receipt_issued",
        service_id,
        case["court_code"],
        {"sha256": hashlib.sha256(data).hexdigest()},
    )
    return data, service


async def cases_court_name(code: str) -> str:
    from court.reference.tables import Court

    row = await Court.select(Court.name).where(Court.code == code).first()
    return str(row["name"]) if row else code


async def inbox(p: Principal) -> dict[str, Any]:
    """The litigant's portal: its parties (with their address confirmation), the documents served on it, deadlines."""
    mine = await parties_of_user(p.user_id)
    party_ids = [int(r["id"]) for r in mine]
    for r in mine:
        r["address"] = await address_of(int(r["id"]))
    served: list[dict[str, Any]] = []
    deadlines: list[dict[str, Any]] = []
    if party_ids:
        served = (
            await ServiceAttempt.select(
                *SERVED_COLUMNS,
                _ATTEMPT_SERVICE.document.kind.as_alias("kind"),
                _ATTEMPT_SERVICE.case.number.as_alias("case_number"),
                _ATTEMPT_SERVICE.case.case_type.as_alias("case_type"),
                _ATTEMPT_SERVICE.party.name.as_alias("party_name"),
            )
            .where(
                _ATTEMPT_SERVICE.party.is_in(party_ids) & (ServiceAttempt.status == AttemptStatus.DELIVERED)
            )
            .order_by(ServiceAttempt.id, ascending=False)
        )
        for s in served:
            s["title"] = title_of(DocumentKind(s["kind"]), s["case_type"])
        deadlines = (
            await ServiceDeadline.select(
                *ServiceDeadline.all_columns(),
                ServiceDeadline.party.name.as_alias("party_name"),
                ServiceDeadline.case.number.as_alias("case_number"),
            )
            .where(ServiceDeadline.party.is_in(party_ids))
            .order_by(ServiceDeadline.deadline)
        )
        _with_zh(deadlines)

    matter_served, matter_deadlines = await matters.served_notices_of_user(p.user_id)
    deadlines = sorted(deadlines + matter_deadlines, key=lambda d: d["deadline"])
    return {
        "parties": mine,
        "served": served + matter_served,
        "deadlines": deadlines,
        "reminders": await reminders_.reminders_of_user(p.user_id),
    }


async def served_document(p: Principal, runtime: Runtime, attempt_id: int) -> tuple[bytes, dict[str, Any]]:
    """The served PDF, downloaded by the party served from its inbox (recorded as opened)."""
    attempt = await _attempt(attempt_id)
    if attempt["status"] != AttemptStatus.DELIVERED:
        raise NotFound(msg("no served document %(attempt_id)s", attempt_id=attempt_id))
    await mark_opened(p, attempt_id)
    service = await service_row(int(attempt["service"]))
    if service.get("matter_id"):
        pdf, _, _ = await matters.notice_pdf(runtime, service)
        return pdf, attempt
    document = (
        await CourtDocument.select(CourtDocument.blob_key)
        .where(CourtDocument.id == service["document"])
        .first()
    )
    assert document is not None
    return await _pdf(runtime, document["blob_key"]), attempt


async def notices_of_court(p: Principal, case_id: int) -> list[dict[str, Any]]:
    await authorize_case_services(p, case_id)
    return (
        await ServiceNotice.select()
        .where(ServiceNotice.case == case_id)
        .order_by(ServiceNotice.id, ascending=False)
    )


async def public_notices() -> list[dict[str, Any]]:
    """Service by publication (公告送达) on the court's public notice page: who, which case, which document, since
    when, and when it is deemed served — not the document's text."""
    rows = (
        await ServiceAttempt.select(
            ServiceAttempt.id,
            ServiceAttempt.evidence,
            ServiceAttempt.status,
            _ATTEMPT_SERVICE.party.name.as_alias("party_name"),
            _ATTEMPT_SERVICE.case.number.as_alias("case_number"),
            _ATTEMPT_SERVICE.case.case_type.as_alias("case_type"),
            _ATTEMPT_SERVICE.court_code.as_alias("court_code"),
            _ATTEMPT_SERVICE.document.kind.as_alias("kind"),
        )
        .where(ServiceAttempt.channel == Channel.PUBLICATION.value)
        .order_by(ServiceAttempt.id, ascending=False)
        .output(load_json=True)
    )
    for r in rows:
        r["title"] = title_of(DocumentKind(r["kind"]), r["case_type"])
        r["court"] = await cases_court_name(r["court_code"])
    return rows


async def settle_due_job(payload: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Hourly: publications whose 30 days have passed are served; judgments whose appeal periods lapsed take effect.
    Idempotent: each move is a compare-and-set."""
    return dict(await settle_due())


async def parties_with_addresses(case_id: int) -> list[dict[str, Any]]:
    """The case's parties in docket order, each with the address for service (送达地址) it confirmed, or a blank
    one: the serving screen shows where each party can be reached before the clerk chooses the channels. The caller
    has checked that the principal may handle the case's services (authorize_case_services)."""
    rows = (
        await CaseParty.select(CaseParty.id, CaseParty.name, CaseParty.role, CaseParty.address)
        .where(CaseParty.case == case_id)
        .order_by(CaseParty.position)
    )
    for r in rows:
        r["service_address"] = await address_of(int(r["id"]))
    return rows
