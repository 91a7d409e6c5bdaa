"""Case services after registration: timeline, assignment (分案), time limits (审限), hearings (排期), life events."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from court.accounts.policy import Action, Principal, Resource, ResourceKind, not_found, require
from court.accounts.roles import Role
from court.accounts.tables import User
from court.audit.chain import actor_of, record
from court.cases import assignment as rules
from court.cases.calendar import Courtroom as RoomRule
from court.cases.calendar import Hearing, RoomKind, find_conflicts
from court.cases.deadlines import (
    DeadlineStatus,
    Extension,
    Suspension,
    SuspensionReason,
    compute_deadline,
    deadline_status,
)
from court.cases.lifecycle import CASE, HEARING, OPEN_STATUSES, CaseEventKind, CaseStatus, HearingStatus
from court.cases.tables import (
    Case,
    CaseAssignment,
    CaseEvent,
    CaseHearing,
    CaseParty,
    CaseRecusal,
    Courtroom,
    TimeLimitChange,
)
from court.cases.time_limits import Approver, TimeLimit
from court.db import is_sqlite, page_window, write_transaction
from court.errors import Conflict, InvalidInput, NotFound
from court.i18n import msg
from court.statemachine import claim, current_state, transition

COURT_TZ = ZoneInfo("Asia/Shanghai")
WARN_DAYS = 7  # a policy of this court, not law: how early a limit counts as "near"

# Type code's first character -> the division (审判庭/执行局) that tries such cases, and the role of its judges.
DIVISIONS: dict[str, tuple[str, Role]] = {
    "民": ("民事审判庭", Role.JUDGE),
    "财": ("民事审判庭", Role.JUDGE),
    "行": ("行政审判庭", Role.JUDGE),
    "刑": ("刑事审判庭", Role.JUDGE),
    "执": ("执行局", Role.ENFORCEMENT_OFFICER),
}


def division_for(type_code: str) -> tuple[str, Role]:
    return DIVISIONS.get(type_code[:1], ("民事审判庭", Role.JUDGE))


def court_today(now: datetime | None = None) -> date:
    return (now or datetime.now(UTC)).astimezone(COURT_TZ).date()


async def load_case(case_id: int) -> dict[str, Any]:
    row = await Case.select().where(Case.id == case_id).output(load_json=True).first()
    if row is None:
        raise not_found("case", case_id)
    return row


async def resource_of(case: dict[str, Any]) -> Resource:
    party_users = await CaseParty.select(CaseParty.user_id).where(
        (CaseParty.case == case["id"]) & CaseParty.user_id.is_not_null()
    )
    return Resource(
        kind=ResourceKind.CASE,
        court_code=case["court_code"],
        owner_user_id=case["filer_id"],
        party_user_ids=frozenset(int(r["user_id"]) for r in party_users),
        assigned_user_ids=frozenset({int(case["judge_id"])}) if case["judge_id"] else frozenset(),
        status=case["status"],
        ref=("case", case["id"]),
    )


def acts_for_party(p: Principal, party: dict[str, Any], case: dict[str, Any]) -> bool:
    """Whether `p` is a litigant or lawyer acting for this party of the case: the user the party is linked to, or,
    while the plaintiff is linked to no user, the one who filed the case."""
    if p.role not in (Role.LITIGANT, Role.LAWYER):
        return False
    if party["user_id"] is not None:
        return bool(party["user_id"] == p.user_id)
    return party["role"] == "plaintiff" and case.get("filer_id") == p.user_id


async def authorize(p: Principal, action: Action, case_id: int) -> dict[str, Any]:
    case = await load_case(case_id)
    require(p, action, await resource_of(case))
    return case


async def add_event(
    case_id: int, kind: CaseEventKind, p: Principal | None, detail: dict[str, Any] | None = None
) -> None:
    await CaseEvent.insert(
        CaseEvent(
            case=case_id,
            kind=kind.value,
            actor_id=p.user_id if p else None,
            actor_role=p.role.value if p else "system",
            detail=detail or {},
        )
    )


async def log_event(
    p: Principal | None, case_id: int, court_code: str, kind: CaseEventKind, detail: dict[str, Any]
) -> None:
    """The same step on the case's timeline and in the audit chain (as `case.<kind>`)."""
    await add_event(case_id, kind, p, detail)
    await record(
        actor_of(p),
        f"case.{kind.value}",
        subject_type="case",
        subject_id=case_id,
        court_code=court_code,
        detail=detail,
    )


async def _move(
    p: Principal | None, case: dict[str, Any], target: CaseStatus, kind: CaseEventKind, detail: dict[str, Any]
) -> None:
    """Change the status (a compare-and-set) with its timeline event and audit event; call inside a write transaction."""
    values: dict[Any, Any] = {Case.closed_on: court_today()} if target is CaseStatus.CLOSED else {}
    await transition(CASE, case["id"], target, values=values)
    await log_event(p, case["id"], case["court_code"], kind, detail)


async def timeline(case_id: int) -> list[dict[str, Any]]:
    return (
        await CaseEvent.select()
        .where(CaseEvent.case == case_id)
        .order_by(CaseEvent.at)
        .order_by(CaseEvent.id)
        .output(load_json=True)
    )


# --- assignment (分案) -------------------------------------------------------------------------------------


async def candidates(case: dict[str, Any]) -> list[rules.JudgeLoad]:
    """The judges of the case's court and role with their open caseload; a recused judge carries the case's key."""
    division, role = division_for(case["type_code"])
    judges = await User.select(User.id, User.division, User.active).where(
        (User.court_code == case["court_code"]) & (User.role == role.value)
    )
    loads = await Case.raw(
        "SELECT judge_id, COUNT(*) AS n FROM court_case WHERE court_code = {} AND judge_id IS NOT NULL "
        "AND status IN ('registered', 'assigned', 'hearing_scheduled', 'heard', 'judged') GROUP BY judge_id",
        case["court_code"],
    )
    open_cases = {int(r["judge_id"]): int(r["n"]) for r in loads}
    recused = {
        int(r["judge_id"])
        for r in await CaseRecusal.select(CaseRecusal.judge_id).where(CaseRecusal.case == case["id"])
    }
    return [
        rules.JudgeLoad(
            judge_id=str(j["id"]),
            division=j["division"] or "",
            open_cases=open_cases.get(int(j["id"]), 0),
            relations=frozenset({_case_key(case["id"])}) if int(j["id"]) in recused else frozenset(),
            available=bool(j["active"]),
        )
        for j in judges
    ]


def _case_key(case_id: int) -> str:
    return f"case:{case_id}"


async def _lock_court_assignments(court_code: str) -> None:
    """Serialise assignments within a court so two draws do not both read the same caseloads (PostgreSQL;
    SQLite's BEGIN IMMEDIATE already serialises every writer)."""
    if not is_sqlite():
        await Case.raw("SELECT pg_advisory_xact_lock(hashtext({}))", f"assign:{court_code}")


async def _assign(
    p: Principal | None, case: dict[str, Any], judge_id: int | None, reason: str, rng: random.Random
) -> dict[str, Any]:
    division, _ = division_for(case["type_code"])
    await _lock_court_assignments(case["court_code"])
    pool = await candidates(case)
    if judge_id is None:
        decision = rules.assign_judge(pool, {_case_key(case["id"])}, rng, division=division)
    else:
        decision = rules.override_assignment(
            pool, {_case_key(case["id"])}, str(judge_id), reason, division=division
        )
    chosen = int(decision.judge_id)
    detail = {
        "judge_id": chosen,
        "method": decision.method.value,
        "pool": list(decision.pool),
        "excluded": decision.excluded,
        "reasons": list(decision.reasons),
    }
    await CaseAssignment.insert(
        CaseAssignment(
            case=case["id"],
            judge_id=chosen,
            method=decision.method.value,
            reason=reason,
            pool=list(decision.pool),
            excluded=decision.excluded,
            assigned_by=p.user_id if p else None,
        )
    )
    await Case.update({Case.judge_id: chosen, Case.division: division}).where(Case.id == case["id"])
    if case["type_code"].startswith("执"):
        # The 执 case's enforcement matter (same number) is worked by the officer the case was assigned to.
        from court.execution.tables import EnforcementMatter

        await EnforcementMatter.update({EnforcementMatter.officer_id: chosen}).where(
            EnforcementMatter.number == case["number"]
        )
    if chosen != case["judge_id"]:
        # The judge is told in the same transaction: no assignment without its notice (inbox, case-list marker).
        from court.cases.tables import CaseNotice

        await CaseNotice.insert(
            CaseNotice(
                user_id=chosen, case=case["id"], kind="assigned", detail={"method": decision.method.value}
            )
        )
    if case["status"] == CaseStatus.REGISTERED:
        await _move(p, case, CaseStatus.ASSIGNED, CaseEventKind.ASSIGNED, detail)
    else:
        await log_event(p, case["id"], case["court_code"], CaseEventKind.REASSIGNED, detail)
    return detail


async def assign_case(
    p: Principal,
    case_id: int,
    *,
    judge_id: int | None = None,
    reason: str = "",
    rng: random.Random | None = None,
) -> dict[str, Any]:
    """Draw a judge at random among the eligible, least-loaded judges, or assign one by hand with a reason."""
    await authorize(p, Action.ASSIGN, case_id)
    async with write_transaction():
        await current_state(CASE, case_id, lock=True)  # concurrent draws for one case queue here
        case = await load_case(case_id)  # re-read under the lock
        if case["status"] not in (
            CaseStatus.REGISTERED,
            CaseStatus.ASSIGNED,
            CaseStatus.HEARING_SCHEDULED,
            CaseStatus.HEARD,
        ):
            raise Conflict(
                msg("a %(status_text)s case is not assigned again", status_text=case["status"]),
                status=case["status"],
            )
        if case["judge_id"] and judge_id is None and not reason.strip():
            raise InvalidInput("reassigning a case needs a reason", field="reason")
        return await _assign(p, case, judge_id, reason, rng or random.SystemRandom())


async def record_recusal(
    p: Principal, case_id: int, judge_id: int, reason: str, *, rng: random.Random | None = None
) -> dict[str, Any]:
    """Record that a judge withdraws (回避); if the judge has the case, it is drawn again among the others."""
    await authorize(p, Action.ASSIGN, case_id)
    if not reason.strip():
        raise InvalidInput("a recusal needs a reason", field="reason")
    async with write_transaction():
        await current_state(CASE, case_id, lock=True)  # changes to one case queue on its row
        case = await load_case(case_id)
        await CaseRecusal.insert(
            CaseRecusal(case=case_id, judge_id=judge_id, reason=reason.strip(), recorded_by=p.user_id)
        )
        detail: dict[str, Any] = {"judge_id": judge_id, "reason": reason.strip()}
        await log_event(p, case_id, case["court_code"], CaseEventKind.RECUSAL, detail)
        if case["judge_id"] == judge_id:
            detail["reassigned"] = await _assign(
                p, case, None, f"recusal of judge {judge_id}", rng or random.SystemRandom()
            )
    return detail


# --- time limits (审限) ---------------------------------------------------------------------------------


async def _changes(case_id: int) -> tuple[list[Extension], list[Suspension]]:
    rows = await TimeLimitChange.select().where(TimeLimitChange.case == case_id).order_by(TimeLimitChange.id)
    extensions = [
        Extension(Approver(r["approver"]), str(r["approved_by"]), r["reason"], r["months"], r["days"])
        for r in rows
        if r["kind"] == "extension"
    ]
    suspensions = [
        Suspension(r["first_day"], r["last_day"], SuspensionReason(r["suspension_reason"]), r["reason"])
        for r in rows
        if r["kind"] == "suspension"
    ]
    return extensions, suspensions


async def _recompute(
    p: Principal, case: dict[str, Any], change: TimeLimitChange, kind: CaseEventKind
) -> date:
    if not case["time_limit"]:
        raise Conflict("no time limit runs for this case", case_id=case["id"])
    await change.save()
    extensions, suspensions = await _changes(case["id"])
    # compute_deadline checks the extensions against the law's ceilings; a refusal rolls the change back.
    deadline = compute_deadline(
        case["registered_on"], TimeLimit(case["time_limit"]), extensions=extensions, suspensions=suspensions
    )
    await Case.update({Case.deadline: deadline}).where(Case.id == case["id"])
    detail = {
        "change": int(change.id),
        "reason": change.reason,
        "approved_by": change.approved_by,
        "previous_deadline": case["deadline"].isoformat() if case["deadline"] else None,
        "deadline": deadline.isoformat(),
    }
    await log_event(p, case["id"], case["court_code"], kind, detail)
    return deadline


async def _approved_change(p: Principal, case_id: int, kind: CaseEventKind, **fields: Any) -> date:
    """Record a limit change (extension or suspension, `kind`) that `p` approved and records; the new deadline."""
    async with write_transaction():
        await current_state(CASE, case_id, lock=True)  # changes to one case queue on its row
        case = await load_case(case_id)
        change = TimeLimitChange(
            case=case_id, kind=kind.value, approved_by=p.user_id, recorded_by=p.user_id, **fields
        )
        return await _recompute(p, case, change, kind)


async def extend_time_limit(
    p: Principal, case_id: int, *, approver: Approver, reason: str, months: int = 0, days: int = 0
) -> date:
    """Record an approved extension (延长审限); the approver is the principal. Returns the new deadline."""
    await authorize(p, Action.APPROVE, case_id)
    return await _approved_change(
        p,
        case_id,
        CaseEventKind.EXTENSION,
        approver=Approver(approver).value,
        reason=reason.strip(),
        months=months,
        days=days,
    )


async def suspend_time_limit(
    p: Principal, case_id: int, *, first_day: date, last_day: date, reason: SuspensionReason, note: str = ""
) -> date:
    """Record a period not counted in the limit (CPL-Interp Art 243), approved by the principal."""
    await authorize(p, Action.APPROVE, case_id)
    reason = SuspensionReason(reason)
    if reason is SuspensionReason.OTHER and not note.strip():
        raise InvalidInput("say which period the law excludes", field="note")
    return await _approved_change(
        p,
        case_id,
        CaseEventKind.SUSPENSION,
        reason=note.strip(),
        suspension_reason=reason.value,
        first_day=first_day,
        last_day=last_day,
    )


async def cases_by_deadline(
    p: Principal,
    *,
    judge_id: int | None = None,
    today: date | None = None,
    warn_days: int = WARN_DAYS,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Open cases of the principal's court whose limit is near or past, earliest first; one judge's with judge_id."""
    require(p, Action.VIEW, Resource(ResourceKind.COURT, court_code=p.court_code))
    today = today or court_today()
    query = Case.select(
        Case.id, Case.number, Case.status, Case.judge_id, Case.deadline, Case.time_limit, Case.cause_name
    ).where(
        (Case.court_code == p.court_code)
        & Case.status.is_in([s.value for s in OPEN_STATUSES])
        & Case.deadline.is_not_null()
        & (Case.deadline <= today + timedelta(days=warn_days))
    )
    if judge_id is not None:
        query = query.where(Case.judge_id == judge_id)
    limit, offset = page_window(limit, offset, max_limit=500)
    rows = await query.order_by(Case.deadline).order_by(Case.id).limit(limit).offset(offset)
    for row in rows:
        row["deadline_status"] = deadline_status(row["deadline"], today, warn_days).value
    return rows


def split_by_status(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    return {
        "near": [r for r in rows if r["deadline_status"] == DeadlineStatus.NEAR],
        "overdue": [r for r in rows if r["deadline_status"] == DeadlineStatus.OVERDUE],
    }


# --- hearings (排期) ------------------------------------------------------------------------------------


async def add_courtroom(p: Principal, name: str, kind: RoomKind = RoomKind.PHYSICAL) -> int:
    require(p, Action.ADMINISTER, Resource(ResourceKind.COURT, court_code=p.court_code))
    if not p.court_code:
        # An administrator passes the policy but belongs to no court, and a courtroom must belong to one.
        raise InvalidInput(
            "a courtroom belongs to a court: add it as that court's leader", field="court_code"
        )
    async with write_transaction():
        room = Courtroom(court_code=p.court_code, name=name.strip(), kind=RoomKind(kind).value)
        await room.save()
        await record(
            actor_of(p),
            "courtroom.added",
            subject_type="courtroom",
            subject_id=int(room.id),
            court_code=p.court_code,
        )
    return int(room.id)


def _hearing(row: dict[str, Any], kind: str) -> Hearing:
    return Hearing(
        hearing_id=str(row["id"]),
        case_id=str(row["case"]),
        room=RoomRule(str(row["courtroom"]), RoomKind(kind)),
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        judges=frozenset(str(j) for j in row["judges"]),
    )


async def schedule_hearing(
    p: Principal,
    case_id: int,
    *,
    courtroom_id: int,
    starts_at: datetime,
    ends_at: datetime,
    judges: list[int] | None = None,
    replaces: int | None = None,
) -> int:
    """Book a hearing; refused (Conflict, with each clash) when the room or a judge is already booked.

    With `replaces`, the case's scheduled hearing of that id is cancelled in the same transaction (改期): the new
    booking and the cancellation happen together or not at all, and the old slot does not clash with the new one.
    """
    case = await authorize(p, Action.SCHEDULE, case_id)
    if ends_at <= starts_at:
        raise InvalidInput(
            "a hearing ends after it starts", field="ends_at", shown=msg("A hearing ends after it starts")
        )
    if not case["judge_id"]:
        raise Conflict("assign the case before scheduling a hearing", status=case["status"])
    room = await Courtroom.select().where(Courtroom.id == courtroom_id).first()
    if room is None or room["court_code"] != case["court_code"] or not room["active"]:
        raise InvalidInput(
            msg(
                "no courtroom %(courtroom_id)s at %(court_code)s",
                courtroom_id=courtroom_id,
                court_code=case["court_code"],
            ),
            field="courtroom_id",
            shown=msg("No such courtroom in use at this court"),
        )
    panel = sorted(set(judges or [int(case["judge_id"])]))
    async with write_transaction():
        if not is_sqlite():
            # The room and every panel member are locked in one order, so concurrent bookings queue up.
            keys = [f"room:{courtroom_id}", *(f"judge:{j}" for j in panel)]
            for key in sorted(keys):
                await Case.raw("SELECT pg_advisory_xact_lock(hashtext({}))", key)
        case = await load_case(case_id)
        if replaces is not None:
            old = await CaseHearing.select(CaseHearing.case).where(CaseHearing.id == replaces).first()
            if old is None or int(old["case"]) != case_id:
                raise NotFound(
                    msg("no hearing %(replaces)s in case %(case_id)s", replaces=replaces, case_id=case_id),
                    hearing_id=replaces,
                    shown=msg("This case has no such hearing"),
                )
            await transition(HEARING, replaces, HearingStatus.CANCELLED)  # of two reschedules, one wins
            await add_event(case_id, CaseEventKind.HEARING_CANCELLED, p, {"hearing_id": replaces})
            await record(
                actor_of(p),
                "hearing.cancelled",
                subject_type="hearing",
                subject_id=replaces,
                court_code=case["court_code"],
                detail={"case_id": case_id},
            )
        new_row = {
            "id": 0,
            "case": case_id,
            "courtroom": courtroom_id,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "judges": panel,
        }
        new = _hearing(new_row, room["kind"])
        booked = (
            await CaseHearing.select(
                *CaseHearing.all_columns(), CaseHearing.courtroom.kind.as_alias("room_kind")
            )
            .where(
                (CaseHearing.status == "scheduled")
                & (CaseHearing.starts_at < ends_at)
                & (CaseHearing.ends_at > starts_at)
            )
            .output(load_json=True)
        )
        clashes = find_conflicts(new, [_hearing(r, r["room_kind"]) for r in booked])
        if clashes:
            raise Conflict(
                "the hearing clashes with "
                + "; ".join(f"{c.kind.value} {c.resource} (hearing {c.other_hearing_id})" for c in clashes),
                conflicts=[
                    {"kind": c.kind.value, "resource": c.resource, "hearing_id": c.other_hearing_id}
                    for c in clashes
                ],
                shown=msg(
                    "The courtroom or a member of the panel is already booked then; choose another time or room"
                ),
            )
        hearing = CaseHearing(
            case=case_id,
            courtroom=courtroom_id,
            starts_at=starts_at,
            ends_at=ends_at,
            judges=panel,
            scheduled_by=p.user_id,
        )
        await hearing.save()
        detail = {
            "hearing_id": int(hearing.id),
            "courtroom_id": courtroom_id,
            "starts_at": starts_at.isoformat(),
            "ends_at": ends_at.isoformat(),
        }
        if replaces is not None:
            detail["replaces"] = replaces
        await _move(p, case, CaseStatus.HEARING_SCHEDULED, CaseEventKind.HEARING_SCHEDULED, detail)
    return int(hearing.id)


async def court_calendar(p: Principal, start: datetime, end: datetime) -> list[dict[str, Any]]:
    """Hearings booked in the principal's court between start and end, by courtroom and time."""
    require(p, Action.VIEW, Resource(ResourceKind.COURT, court_code=p.court_code))
    return (
        await CaseHearing.select(
            CaseHearing.id,
            CaseHearing.case,
            CaseHearing.case.number.as_alias("case_number"),
            CaseHearing.courtroom,
            CaseHearing.courtroom.name.as_alias("courtroom_name"),
            CaseHearing.starts_at,
            CaseHearing.ends_at,
            CaseHearing.judges,
            CaseHearing.status,
        )
        .where(
            (CaseHearing.courtroom.court_code == p.court_code)
            & (CaseHearing.starts_at < end)
            & (CaseHearing.ends_at > start)
        )
        .order_by(CaseHearing.starts_at)
        .output(load_json=True)
    )


# --- life events ---------------------------------------------------------------------------------------

LIFE_EVENTS: dict[CaseEventKind, tuple[CaseStatus, Action]] = {
    CaseEventKind.HEARD: (CaseStatus.HEARD, Action.DECIDE),
    CaseEventKind.JUDGED: (CaseStatus.JUDGED, Action.DECIDE),
    CaseEventKind.CLOSED: (CaseStatus.CLOSED, Action.DECIDE),
    CaseEventKind.ARCHIVED: (CaseStatus.ARCHIVED, Action.ARCHIVE),
}


async def record_life_event(
    p: Principal, case_id: int, kind: CaseEventKind, *, note: str = "", hearing_id: int | None = None
) -> None:
    """Heard, judged, closed, archived: move the case and put the event on its timeline."""
    kind = CaseEventKind(kind)
    if kind not in LIFE_EVENTS:
        raise InvalidInput(msg("%(kind)s is not recorded by hand here", kind=kind), field="kind")
    target, action = LIFE_EVENTS[kind]
    await authorize(p, action, case_id)
    async with write_transaction():
        await claim(
            CASE, case_id, target
        )  # locks the case: of concurrent requests one moves it, the rest get 409
        case = await load_case(case_id)
        if kind is CaseEventKind.HEARD:
            hearing = (
                await CaseHearing.select(CaseHearing.id)
                .where(
                    (CaseHearing.case == case_id)
                    & (CaseHearing.status == HearingStatus.SCHEDULED)
                    & ((CaseHearing.id == hearing_id) if hearing_id else (CaseHearing.id > 0))
                )
                .order_by(CaseHearing.starts_at)
                .first()
            )
            if hearing is None:
                raise Conflict("no scheduled hearing to mark as held", case_id=case_id)
            hearing_id = int(hearing["id"])
            await transition(HEARING, hearing_id, HearingStatus.HELD)
        detail: dict[str, Any] = {"note": note.strip()} if note.strip() else {}
        if hearing_id:
            detail["hearing_id"] = hearing_id
        await _move(p, case, target, kind, detail)


# --- what the judge's pages read ------------------------------------------------------------------------


async def time_limit_changes(case_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The approved extensions and suspensions of each case, oldest first: the time-limit engine needs them all to
    say which article a case's limit rests on and whether it is still provisional."""
    changes: dict[int, list[dict[str, Any]]] = {}
    if not case_ids:
        return changes
    rows = (
        await TimeLimitChange.select()
        .where(TimeLimitChange.case.is_in(case_ids))
        .order_by(TimeLimitChange.id)
    )
    for row in rows:
        changes.setdefault(int(row["case"]), []).append(row)
    return changes


async def open_cases_of_judge(
    p: Principal,
    today: date,
    *,
    status: str = "",
    procedure: str = "",
    overdue: bool = False,
    limit: int = 200,
) -> list[dict[str, Any]]:
    """The judge's own open cases (his docket), earliest limit first, narrowed by an open status, a procedure or
    "past its limit"; a filter value the court does not know narrows nothing, as if it had not been given."""
    from court.cases.procedures import Procedure

    # A judge's own docket: the policy is asked whether this user may decide a case of the court assigned to them.
    require(
        p,
        Action.DECIDE,
        Resource(ResourceKind.CASE, court_code=p.court_code, assigned_user_ids=frozenset({p.user_id})),
    )
    open_statuses = [s.value for s in OPEN_STATUSES]
    query = Case.select(
        Case.id,
        Case.number,
        Case.status,
        Case.cause_name,
        Case.procedure,
        Case.registered_on,
        Case.deadline,
        Case.time_limit,
    ).where(
        (Case.court_code == p.court_code) & (Case.judge_id == p.user_id) & Case.status.is_in(open_statuses)
    )
    if status in open_statuses:
        query = query.where(Case.status == status)
    if procedure in {x.value for x in Procedure}:
        query = query.where(Case.procedure == procedure)
    if overdue:
        query = query.where(Case.deadline.is_not_null() & (Case.deadline < today))
    return await query.order_by(Case.deadline).order_by(Case.id).limit(limit)


# What the judge's and the parties' lists of hearings both show of each: which hearing, when, and its state.
HEARING_COLUMNS = (CaseHearing.id, CaseHearing.starts_at, CaseHearing.ends_at, CaseHearing.status)


async def hearings_of_case(case_id: int) -> list[dict[str, Any]]:
    """Every hearing of a case, cancelled ones too, with its room, its bench and the judge's notes: the judge's
    record of what was fixed and what happened. The caller has checked that the principal may view the case."""
    return (
        await CaseHearing.select(
            *HEARING_COLUMNS,
            CaseHearing.judges,
            CaseHearing.notes,
            CaseHearing.courtroom.name.as_alias("courtroom_name"),
            CaseHearing.courtroom.kind.as_alias("courtroom_kind"),
        )
        .where(CaseHearing.case == case_id)
        .order_by(CaseHearing.starts_at)
        .output(load_json=True)
    )


async def hearings_for_parties(case_id: int) -> list[dict[str, Any]]:
    """The hearings a party is summoned to: when and in which room, cancelled ones left out, and without the
    bench's notes, which are the court's own. The caller has checked that the principal may view the case."""
    return (
        await CaseHearing.select(
            *HEARING_COLUMNS,
            CaseHearing.courtroom.name.as_alias("room"),
            CaseHearing.courtroom.kind.as_alias("room_kind"),
        )
        .where((CaseHearing.case == case_id) & (CaseHearing.status != "cancelled"))
        .order_by(CaseHearing.starts_at)
    )


async def time_limit_requests(case_id: int) -> list[dict[str, Any]]:
    """The judge's requests to extend or suspend the case's limit, pending and decided, oldest first (shown on the
    case page beside the limit). The caller has checked that the principal may view the case."""
    from court.cases.tables import TimeLimitRequest

    return (
        await TimeLimitRequest.select().where(TimeLimitRequest.case == case_id).order_by(TimeLimitRequest.id)
    )
