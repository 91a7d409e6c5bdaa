"""The judge's workbench (法官工作台) after assignment: notices, clerk, evidence period, hearing record, requests to
change the time limit and the leader's decision on them, and the court's courtrooms.

Every action is one write transaction with its timeline event and audit event; every status change goes through
the state machines of court.cases.lifecycle, so of concurrent requests exactly one succeeds.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from court.accounts.policy import Action, Principal, Resource, ResourceKind, require
from court.accounts.roles import Role
from court.accounts.tables import User
from court.audit.chain import actor_of, record
from court.cases import deadlines as engine
from court.cases import service
from court.cases.deadlines import Deadline, Extension, SuspensionReason
from court.cases.lifecycle import (
    CASE,
    HEARING,
    OPEN_STATUSES,
    TIME_LIMIT_REQUEST,
    CaseEventKind,
    CaseStatus,
    HearingStatus,
    RequestStatus,
)
from court.cases.party_periods import PeriodKind
from court.cases.tables import (
    Case,
    CaseDocument,
    CaseHearing,
    CaseNotice,
    Courtroom,
    TimeLimitChange,
    TimeLimitRequest,
)
from court.cases.time_limits import Approver, TimeLimit
from court.db import write_transaction
from court.errors import Conflict, CourtError, InvalidInput, NotFound
from court.i18n import Msg, label_msg, msg
from court.statemachine import IllegalTransition, claim, current_state, transition

MAX_TRANSCRIPT_BYTES = (
    20 * 1024 * 1024
)  # a transcript PDF; larger uploads go through the dossier upload instead


def bilingual(zh: str, en: str) -> dict[str, dict[str, str]]:
    """Compatibility only (text belongs in the catalogue): new code passes `shown=msg("English msgid")`."""
    return {"messages": {"zh_CN": zh, "en": en}}


def state_conflict(exc: IllegalTransition, what: str, what_en: str | None = None) -> Conflict:
    """The machine's 409 with a message a page can show: `what` (an English msgid such as "close the case") could
    not be done, naming the state found in the reader's words. (Older callers pass Chinese then English: the
    English is the msgid; give it its Chinese with poadd.py.)"""
    if what_en is not None:
        what = what_en
    found = str(exc.params.get("status", ""))
    state = label_msg(str(exc.params.get("machine", "")), found)
    return Conflict(
        str(exc), **exc.params, shown=msg("Cannot %(what)s (state: %(state)s)", what=Msg(what), state=state)
    )


class NoticeKind(StrEnum):
    ASSIGNED = "assigned"  # 新分配案件
    REQUEST_APPROVED = "request_approved"  # 审限变更申请已批准
    REQUEST_REFUSED = "request_refused"  # 审限变更申请未获批准
    DEADLINE_NEAR = "deadline_near"  # 当事人期限即将届满 (court.serving.reminders)


class RequestKind(StrEnum):
    EXTENSION = "extension"  # 延长审限
    SUSPENSION = "suspension"  # 扣除审限 / 中止


# --- notices (inbox) ----------------------------------------------------------------------------------------


async def notices(p: Principal, *, unread_only: bool = False, limit: int = 50) -> list[dict[str, Any]]:
    query = CaseNotice.select(
        *CaseNotice.all_columns(),
        CaseNotice.case.number.as_alias("case_number"),
    ).where(CaseNotice.user_id == p.user_id)
    if unread_only:
        query = query.where(CaseNotice.read_at.is_null())
    return (
        await query.order_by(CaseNotice.at, ascending=False)
        .order_by(CaseNotice.id, ascending=False)
        .limit(limit)
        .output(load_json=True)
    )


async def unread_case_ids(p: Principal) -> set[int]:
    rows = await CaseNotice.select(CaseNotice.case).where(
        (CaseNotice.user_id == p.user_id) & CaseNotice.read_at.is_null()
    )
    return {int(r["case"]) for r in rows}


async def mark_read(p: Principal, case_id: int) -> None:
    """The user opened the case: its notices to them are read (idempotent, their own notices only)."""
    await CaseNotice.update({CaseNotice.read_at: datetime.now(UTC)}).where(
        (CaseNotice.user_id == p.user_id) & (CaseNotice.case == case_id) & CaseNotice.read_at.is_null()
    )


# --- clerk (书记员) ------------------------------------------------------------------------------------------


async def clerks_of(court_code: str) -> list[dict[str, Any]]:
    return (
        await User.select(User.id, User.display_name, User.username)
        .where(
            (User.court_code == court_code) & (User.role == Role.CLERK.value) & (User.active == True)  # noqa: E712
        )
        .order_by(User.id)
    )


async def _lock_open_case(case_id: int, shown: Msg) -> dict[str, Any]:
    """Inside the caller's write transaction: the case, its row locked (changes to one case queue on it); a closed
    case is a conflict, `shown` saying what cannot be done."""
    await current_state(CASE, case_id, lock=True)
    case = await service.load_case(case_id)
    if case["status"] not in OPEN_STATUSES:
        raise Conflict("the case is not open", status=case["status"], shown=shown)
    return case


async def assign_clerk(p: Principal, case_id: int, clerk_id: int) -> None:
    """The judge names the case's 书记员: an active clerk of the same court."""
    await service.authorize(p, Action.DECIDE, case_id)
    async with write_transaction():
        case = await _lock_open_case(case_id, msg("The case is closed; no clerk can be assigned"))
        clerk = (
            await User.select(User.id, User.display_name)
            .where(
                (User.id == clerk_id)
                & (User.court_code == case["court_code"])
                & (User.role == Role.CLERK.value)
                & (User.active == True)  # noqa: E712
            )
            .first()
        )
        if clerk is None:
            raise InvalidInput(
                msg(
                    "user %(clerk_id)s is no active clerk of %(court_code)s",
                    clerk_id=clerk_id,
                    court_code=case["court_code"],
                ),
                field="clerk_id",
                shown=msg("Choose an active clerk of this court"),
            )
        await Case.update({Case.clerk_id: clerk_id}).where(Case.id == case_id)
        detail = {"clerk_id": clerk_id, "previous_clerk_id": case["clerk_id"]}
        await service.log_event(p, case_id, case["court_code"], CaseEventKind.CLERK_ASSIGNED, detail)


# --- evidence period (举证期限) -----------------------------------------------------------------------------


def evidence_bound(procedure: str, served_on: date) -> Deadline:
    """The engine's bound on the evidence period (Evidence Rules Art 51) counted from the day the notice is served."""
    try:
        return engine.deadline_for(PeriodKind.EVIDENCE, served_on, procedure)
    except CourtError:
        raise InvalidInput(
            msg("no evidence period is set in %(procedure)s procedure", procedure=procedure),
            field="procedure",
            shown=msg("No evidence period is set in this procedure"),
        ) from None


def check_evidence_deadline(procedure: str, served_on: date, last_day: date) -> Deadline:
    """Refuse a last day outside Evidence Rules Art 51's bound; return the bound that was applied."""
    bound = evidence_bound(procedure, served_on)
    day = bound.deadline.isoformat()
    if last_day <= served_on:
        raise InvalidInput(
            "the evidence period must end after the notice is served",
            field="last_day",
            shown=msg("The evidence period must end after the notice is served"),
        )
    if bound.bound == "at_least" and last_day < bound.deadline:
        raise InvalidInput(
            msg("%(article)s: the period may not end before %(day)s", article=bound.article, day=day),
            field="last_day",
            shown=msg("Under Evidence Rules Art 51 the period may not end before %(day)s", day=day),
        )
    if bound.bound == "at_most" and last_day > bound.deadline:
        raise InvalidInput(
            msg("%(article)s: the period may not end after %(day)s", article=bound.article, day=day),
            field="last_day",
            shown=msg("Under Evidence Rules Art 51 the period may not end after %(day)s", day=day),
        )
    return bound


async def set_evidence_deadline(
    p: Principal, case_id: int, last_day: date, *, served_on: date | None = None
) -> date:
    case = await service.authorize(p, Action.DECIDE, case_id)
    served_on = served_on or service.court_today()
    bound = check_evidence_deadline(case["procedure"], served_on, last_day)
    async with write_transaction():
        case = await _lock_open_case(case_id, msg("The case is closed; no evidence period can be set"))
        await Case.update({Case.evidence_deadline: last_day}).where(Case.id == case_id)
        detail = {
            "last_day": last_day.isoformat(),
            "served_on": served_on.isoformat(),
            "bound": bound.bound,
            "bound_day": bound.deadline.isoformat(),
            "article": bound.article,
            "provisional": bound.provisional,
        }
        await service.log_event(p, case_id, case["court_code"], CaseEventKind.EVIDENCE_DEADLINE, detail)
    return last_day


# --- hearing record (庭审记录) -----------------------------------------------------------------------------


def _page_count(content: bytes) -> int:
    """Pages of the transcript; a file that does not open as a PDF is refused (400), never stored."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        return len(PdfReader(io.BytesIO(content)).pages)
    except (PdfReadError, ValueError, KeyError, OSError):
        raise InvalidInput(
            "the transcript is not a readable PDF",
            field="transcript",
            shown=msg("The transcript is not a readable PDF file"),
        ) from None


async def record_hearing(
    runtime: Any,
    p: Principal,
    case_id: int,
    hearing_id: int,
    *,
    notes: str,
    transcript: bytes | None = None,
    transcript_name: str = "",
) -> int | None:
    """Mark a scheduled hearing held with the judge's notes and, if given, the transcript (庭审笔录) as a document.

    The transcript is stored content-addressed before the transaction (a stored blob nobody references is swept),
    then the hearing moves scheduled → held and the case → heard together; a second recording gets a 409.
    """
    await service.authorize(p, Action.DECIDE, case_id)
    key = digest = None
    pages = 0
    if transcript is not None:
        if len(transcript) > MAX_TRANSCRIPT_BYTES:
            raise InvalidInput(
                "the transcript is too large",
                field="transcript",
                shown=msg("The transcript is too large (20 MB at most)"),
            )
        if not transcript.startswith(b"%PDF-"):
            raise InvalidInput(
                "the transcript must be a PDF",
                field="transcript",
                shown=msg("The transcript must be a PDF file"),
            )
        pages = _page_count(transcript)
        digest = hashlib.sha256(transcript).hexdigest()
        key = f"cases/transcripts/{digest}.pdf"
        await asyncio.to_thread(
            runtime.blobs.put, key, io.BytesIO(transcript), content_type="application/pdf"
        )
    async with write_transaction():
        try:
            await claim(CASE, case_id, CaseStatus.HEARD)
            hearing = await CaseHearing.select(CaseHearing.case).where(CaseHearing.id == hearing_id).first()
            if hearing is None or int(hearing["case"]) != case_id:
                raise NotFound(
                    msg(
                        "no hearing %(hearing_id)s in case %(case_id)s",
                        hearing_id=hearing_id,
                        case_id=case_id,
                    ),
                    hearing_id=hearing_id,
                    shown=msg("This case has no such hearing"),
                )
            await transition(
                HEARING, hearing_id, HearingStatus.HELD, values={CaseHearing.notes: notes.strip()}
            )
        except IllegalTransition as exc:
            raise state_conflict(exc, "record the hearing") from None
        document_id: int | None = None
        if key is not None and transcript is not None:
            position = await CaseDocument.count().where(CaseDocument.case == case_id)
            doc = CaseDocument(
                case=case_id,
                position=position,
                blob_key=key,
                sha256=digest,
                size=len(transcript),
                name=(transcript_name or "庭审笔录.pdf")[:255],
                kind="transcript",
                page_count=pages,
            )
            await doc.save()
            document_id = int(doc.id)
            await CaseHearing.update({CaseHearing.transcript_document_id: document_id}).where(
                CaseHearing.id == hearing_id
            )
        case = await service.load_case(case_id)
        detail: dict[str, Any] = {"hearing_id": hearing_id, "note": notes.strip()}
        if document_id is not None:
            detail["transcript_document_id"] = document_id
        await service._move(p, case, CaseStatus.HEARD, CaseEventKind.HEARD, detail)
    return document_id


# --- time-limit requests (审限变更申请) and the leader's inbox ------------------------------------------------


async def _existing_extensions(case_id: int) -> list[Extension]:
    extensions, _ = await service._changes(case_id)
    return extensions


async def request_change(
    p: Principal,
    case_id: int,
    kind: RequestKind,
    *,
    reason: str,
    months: int = 0,
    suspension_reason: SuspensionReason | None = None,
    first_day: date | None = None,
    last_day: date | None = None,
) -> int:
    """The judge asks a leader to extend the limit (CPL Art 152: 6 more months, the court president approves) or to
    leave a period uncounted (中止 and the other periods of CPL-Interp Art 243)."""
    kind = RequestKind(kind)
    case = await service.authorize(p, Action.DECIDE, case_id)
    if not reason.strip():
        raise InvalidInput("say why", field="reason", shown=msg("Give the reason for the request"))
    if not case["time_limit"]:
        raise Conflict("no time limit runs for this case", shown=msg("No time limit runs for this case"))
    if kind is RequestKind.EXTENSION:
        if months <= 0:
            raise InvalidInput(
                "an extension adds whole months",
                field="months",
                shown=msg("An extension adds a positive number of months"),
            )
        # The engine checks the law's ceiling now, so the leader never sees a request no approval could grant.
        proposed = Extension(Approver.PRESIDENT, str(p.user_id), reason, months=months)
        try:
            engine.compute_deadline(
                case["registered_on"],
                TimeLimit(case["time_limit"]),
                extensions=[*await _existing_extensions(case_id), proposed],
            )
        except InvalidInput:
            raise InvalidInput(
                "the extension exceeds what the court president may approve",
                field="months",
                shown=msg("More than the court president may approve (CPL Art 152: six more months)"),
            ) from None
    else:
        if suspension_reason is None or first_day is None or last_day is None:
            raise InvalidInput(
                "a suspension names its reason and its first and last day",
                field="first_day",
                shown=msg("Give the reason and the first and last day"),
            )
        if last_day < first_day:
            raise InvalidInput(
                "the period ends before it begins",
                field="last_day",
                shown=msg("The period ends before it begins"),
            )
        suspension_reason = SuspensionReason(suspension_reason)
    async with write_transaction():
        case = await _lock_open_case(case_id, msg("The case is closed; its time limit cannot be changed"))
        pending = await TimeLimitRequest.exists().where(
            (TimeLimitRequest.case == case_id)
            & (TimeLimitRequest.kind == kind.value)
            & (TimeLimitRequest.status == RequestStatus.PENDING.value)
        )
        if pending:
            raise Conflict(
                "a request of this kind is already pending",
                shown=msg("A request of this kind is already pending"),
            )
        row = TimeLimitRequest(
            case=case_id,
            kind=kind.value,
            court_code=case["court_code"],
            months=months if kind is RequestKind.EXTENSION else 0,
            suspension_reason=suspension_reason.value if suspension_reason else "",
            first_day=first_day,
            last_day=last_day,
            reason=reason.strip(),
            requested_by=p.user_id,
        )
        await row.save()
        detail = {
            "request_id": int(row.id),
            "request_kind": kind.value,
            "months": row.months,
            "reason": reason.strip(),
        }
        await service.add_event(case_id, CaseEventKind.LIMIT_REQUESTED, p, detail)
        await record(
            actor_of(p),
            "time_limit_request.pending",
            subject_type="time_limit_request",
            subject_id=int(row.id),
            court_code=case["court_code"],
            detail={"case_id": case_id, **detail},
        )
    return int(row.id)


async def inbox(p: Principal, *, include_decided: bool = False) -> list[dict[str, Any]]:
    """The leader's inbox: the court's time-limit requests, pending first."""
    require(p, Action.VIEW_DASHBOARD, Resource(ResourceKind.COURT, court_code=p.court_code))
    query = TimeLimitRequest.select(
        *TimeLimitRequest.all_columns(),
        TimeLimitRequest.case.number.as_alias("case_number"),
        TimeLimitRequest.case.deadline.as_alias("deadline"),
        TimeLimitRequest.case.time_limit.as_alias("time_limit"),
    ).where(TimeLimitRequest.court_code == p.court_code)
    if not include_decided:
        query = query.where(TimeLimitRequest.status == RequestStatus.PENDING.value)
    rows = await query.order_by(TimeLimitRequest.at).order_by(TimeLimitRequest.id).limit(200)
    rows.sort(key=lambda r: (r["status"] != RequestStatus.PENDING, r["id"]))
    return rows


async def decide_request(p: Principal, request_id: int, *, approve: bool, note: str = "") -> date | None:
    """Approve (the change is recorded and the deadline recomputed by the engine) or refuse; one decision only."""
    missing = NotFound(
        msg("no request %(request_id)s", request_id=request_id),
        request_id=request_id,
        shown=msg("No such request"),
    )
    row = await TimeLimitRequest.select().where(TimeLimitRequest.id == request_id).first()
    if row is None or row["court_code"] != p.court_code:
        raise missing
    case_id = int(row["case"])
    try:
        await service.authorize(p, Action.APPROVE, case_id)
    except NotFound:
        raise missing from None  # who may not see the case learns nothing of the request either (one 404)
    if not approve and not note.strip():
        raise InvalidInput(
            "a refusal gives its reason", field="note", shown=msg("Give the reason for refusing")
        )
    target = RequestStatus.APPROVED if approve else RequestStatus.REFUSED
    deadline: date | None = None
    async with write_transaction():
        try:
            await transition(
                TIME_LIMIT_REQUEST,
                request_id,
                target,
                values={
                    TimeLimitRequest.decided_by: p.user_id,
                    TimeLimitRequest.decision_note: note.strip(),
                    TimeLimitRequest.decided_at: datetime.now(UTC),
                },
            )
        except IllegalTransition as exc:
            raise state_conflict(exc, "decide the request") from None
        await current_state(CASE, case_id, lock=True)
        case = await service.load_case(case_id)
        if approve:
            if case["status"] not in OPEN_STATUSES:
                raise Conflict(
                    "the case is closed",
                    status=case["status"],
                    shown=msg("The case is closed; no change of its time limit is needed"),
                )
            if row["kind"] == RequestKind.EXTENSION:
                # A court leader approving in the workbench acts as the court president (本院院长), CPL Art 152.
                change = TimeLimitChange(
                    case=case_id,
                    kind="extension",
                    approver=Approver.PRESIDENT.value,
                    approved_by=p.user_id,
                    reason=row["reason"],
                    months=row["months"],
                    recorded_by=p.user_id,
                )
                deadline = await service._recompute(p, case, change, CaseEventKind.EXTENSION)
            else:
                change = TimeLimitChange(
                    case=case_id,
                    kind="suspension",
                    approved_by=p.user_id,
                    reason=row["reason"],
                    suspension_reason=row["suspension_reason"],
                    first_day=row["first_day"],
                    last_day=row["last_day"],
                    recorded_by=p.user_id,
                )
                deadline = await service._recompute(p, case, change, CaseEventKind.SUSPENSION)
        else:
            await service.add_event(
                case_id, CaseEventKind.LIMIT_REFUSED, p, {"request_id": request_id, "reason": note.strip()}
            )
        detail = {
            "case_id": case_id,
            "note": note.strip(),
            "deadline": deadline.isoformat() if deadline else None,
        }
        await record(
            actor_of(p),
            f"time_limit_request.{target.value}",
            subject_type="time_limit_request",
            subject_id=request_id,
            court_code=case["court_code"],
            detail=detail,
        )
        if row["requested_by"]:
            await CaseNotice.insert(
                CaseNotice(
                    user_id=int(row["requested_by"]),
                    case=case_id,
                    kind=(NoticeKind.REQUEST_APPROVED if approve else NoticeKind.REQUEST_REFUSED).value,
                    detail={
                        "request_id": request_id,
                        "request_kind": row["kind"],
                        "note": note.strip(),
                        "deadline": deadline.isoformat() if deadline else None,
                    },
                )
            )
    return deadline


# --- courtrooms (法庭) --------------------------------------------------------------------------------------


async def courtrooms(p: Principal, *, active_only: bool = False) -> list[dict[str, Any]]:
    require(p, Action.VIEW, Resource(ResourceKind.COURT, court_code=p.court_code))
    query = Courtroom.select().where(Courtroom.court_code == p.court_code)
    if active_only:
        query = query.where(Courtroom.active == True)  # noqa: E712
    return await query.order_by(Courtroom.id)


async def set_courtroom_active(p: Principal, courtroom_id: int, active: bool) -> None:
    """A leader takes a courtroom out of use (or back); booked hearings stay, new bookings are refused."""
    require(p, Action.ADMINISTER, Resource(ResourceKind.COURT, court_code=p.court_code))
    async with write_transaction():
        room = await Courtroom.select().where(Courtroom.id == courtroom_id).first()
        if room is None or room["court_code"] != p.court_code:
            raise NotFound(
                msg("no courtroom %(courtroom_id)s", courtroom_id=courtroom_id),
                courtroom_id=courtroom_id,
                shown=msg("No such courtroom"),
            )
        await Courtroom.update({Courtroom.active: active}).where(Courtroom.id == courtroom_id)
        await record(
            actor_of(p),
            "courtroom.activated" if active else "courtroom.deactivated",
            subject_type="courtroom",
            subject_id=courtroom_id,
            court_code=p.court_code,
        )


async def party_deadlines(p: Principal, case_id: int) -> dict[str, Any]:
    """Each party's deadlines that run from service (the engine's answers, rule and article, provisional marked) and
    the reminders sent before they lapse, for the judge's case page (court.serving)."""
    from court.serving import flow, reminders

    return {
        "party_deadlines": await flow.case_deadlines(p, case_id),
        "deadline_reminders": await reminders.reminders_of_case(case_id),
    }
