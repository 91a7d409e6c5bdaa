"""What the people outside the enforcement bureau do on a matter: the agency officer answers a task by hand (or a
bank answers many by CSV), the applicant gives property leads (财产线索), asks for sanctions and agrees to 终本 or
objects; and the officer's workbench order (the 6-month limit and lapsing measures first)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

import msgspec

from court.accounts.policy import Action, Principal, Resource, ResourceKind, require
from court.amounts import parse_amount
from court.audit.chain import actor_of, record
from court.db import write_transaction
from court.errors import InvalidInput, NotFound, PermissionDenied
from court.execution import stages
from court.execution.agencies import AGENCY_TASK, AgencyKind, Answer, Asset, TaskState
from court.execution.agencies import Action as TaskAction
from court.execution.control import WARN_DAYS as MEASURE_WARN_DAYS
from court.execution.service import (
    add_event,
    audit_matter,
    authorize,
    court_day,
    load_matter,
    log_event,
    require_open,
    update_facts,
)
from court.execution.tables import AgencyTaskRow, ControlMeasureRow, EnforcementMatter, MatterProperty
from court.execution.tasks import apply_answer
from court.i18n import msg
from court.statemachine import transition

# --- the agency officer ---------------------------------------------------------------------------------------

ANSWERABLE = (TaskState.PENDING.value, TaskState.SENT.value, TaskState.FAILED.value)
CSV_COLUMNS = ("task_id", "outcome", "asset_ref", "description", "value", "amount_done", "receipt", "reason")
MAX_CSV_ROWS = 2000


class AssetIn(msgspec.Struct, forbid_unknown_fields=True):
    asset_ref: str
    description: str
    value: Decimal


class AnswerIn(msgspec.Struct, forbid_unknown_fields=True):
    """An agency's answer as its officer gives it: property found (or none), or the amount frozen/deducted."""

    assets: list[AssetIn] = []
    amount_done: Decimal | None = None
    receipt: str = ""


async def _task_for_agency(p: Principal, task_id: int) -> dict[str, Any]:
    row = await AgencyTaskRow.select().where(AgencyTaskRow.id == task_id).first()
    # Another agency's task is answered as not found, not forbidden: its existence is not theirs to learn.
    if row is None or row["agency_code"] != p.agency_code:
        require(p, Action.ANSWER_TASK, Resource(ResourceKind.AGENCY_TASK, agency_code=p.agency_code or "-"))
        raise NotFound(msg("no agency task %(task_id)s", task_id=task_id))
    require(p, Action.ANSWER_TASK, Resource(ResourceKind.AGENCY_TASK, agency_code=row["agency_code"]))
    return row


def _check_answer(row: dict[str, Any], data: AnswerIn) -> Answer:
    action = TaskAction(row["action"])
    kind = AgencyKind(row["agency_kind"])
    institution = row["agency_code"].split(":", 1)[1]
    if action is TaskAction.INQUIRE:
        if data.amount_done is not None:
            raise InvalidInput("an inquiry is answered with property, not an amount", field="amount_done")
        refs = [a.asset_ref.strip() for a in data.assets]
        if any(not r for r in refs) or len(set(refs)) != len(refs):
            raise InvalidInput("each property found has its own account or title number", field="asset_ref")
        for a in data.assets:
            if a.value < 0 or a.value != a.value.quantize(Decimal("0.01")):
                raise InvalidInput(
                    "a balance or value is non-negative yuan with at most two decimals", field="value"
                )
        assets = tuple(
            Asset(
                kind, a.asset_ref.strip(), a.description.strip() or a.asset_ref.strip(), a.value, institution
            )
            for a in data.assets
        )
        return Answer(assets=assets)
    if data.assets:
        raise InvalidInput("a freeze, seizure or deduction is answered with what was done", field="asset_ref")
    if action in (TaskAction.FREEZE, TaskAction.DEDUCT):
        asked = Decimal(row["amount"])
        done = data.amount_done
        # The bank may freeze or deduct less than asked (the balance), never more (CPL 2023 Art 253: within the
        # sum the debtor owes).
        if done is None or done < 0 or done > asked or done != done.quantize(Decimal("0.01")):
            raise InvalidInput(
                msg("the amount done is between 0 and the %(asked)s asked", asked=asked),
                field="amount_done",
                asked=str(asked),
            )
        return Answer(amount_done=done, receipt=data.receipt.strip())
    return Answer(receipt=data.receipt.strip())


async def answer_task(p: Principal, task_id: int, data: AnswerIn, now: datetime) -> dict[str, Any]:
    """The agency officer's answer: the task moves to answered once (compare-and-set) and the answer is applied."""
    row = await _task_for_agency(p, task_id)
    answer = _check_answer(row, data)
    async with write_transaction():
        state = await _sent_for_answer(task_id)
        await transition(
            AGENCY_TASK,
            task_id,
            TaskState.ANSWERED,
            allowed_from={TaskState.SENT},
            values={
                AgencyTaskRow.answer: msgspec.to_builtins(answer),
                AgencyTaskRow.updated_at: now,
                AgencyTaskRow.last_error: "",
                AgencyTaskRow.attempts: int(row["attempts"]) + (state != "sent"),
            },
        )
        await apply_answer(task_id, now)
        detail = {
            "task": task_id,
            "agency": row["agency_code"],
            "action": row["action"],
            "found": len(answer.assets),
            "amount_done": str(answer.amount_done) if answer.amount_done is not None else None,
        }
        await record(
            actor_of(p), "agency_task.answered", subject_type="agency_task", subject_id=task_id, detail=detail
        )
    return detail


async def _sent_for_answer(task_id: int) -> str:
    """A task the job has not sent yet is sent now, by hand: the machine has answers only for sent tasks."""
    from court.statemachine import current_state

    state = await current_state(AGENCY_TASK, task_id, lock=True)
    if state in (TaskState.PENDING.value, TaskState.FAILED.value):
        await transition(AGENCY_TASK, task_id, TaskState.SENT, allowed_from={state})
    return state


async def refuse_task(p: Principal, task_id: int, reason: str, now: datetime) -> dict[str, Any]:
    """The agency cannot act (no such account, a prior freeze covers it ...): the task ends with the reason."""
    row = await _task_for_agency(p, task_id)
    reason = reason.strip()
    if not reason:
        raise InvalidInput("a refusal gives its reason", field="reason")
    async with write_transaction():
        await transition(
            AGENCY_TASK,
            task_id,
            TaskState.GAVE_UP,
            allowed_from=set(ANSWERABLE),
            values={
                AgencyTaskRow.last_error: f"refused: {reason}",
                AgencyTaskRow.updated_at: now,
                AgencyTaskRow.next_attempt_at: None,
            },
        )
        await add_event(
            int(row["matter"]),
            "agency_refused",
            court_day(now),
            None,
            {"task": task_id, "agency": row["agency_code"], "action": row["action"], "reason": reason},
            audience="court",
            key=f"task:{task_id}:refused",
        )
        from court.execution.tasks import _refresh_inquiry_facts

        await _refresh_inquiry_facts(int(row["matter"]))
        await record(
            actor_of(p),
            "agency_task.refused",
            subject_type="agency_task",
            subject_id=task_id,
            detail={"reason": reason},
        )
    return {"task": task_id, "reason": reason}


class BatchLine(msgspec.Struct):
    line: int
    task_id: int
    ok: bool
    problem: str = ""


def _decimal(text: str, field: str, line: int) -> Decimal | None:
    text = text.strip().replace(",", "")
    if not text:
        return None
    try:
        return parse_amount(text, field)  # the one money parser: NaN, 1E+30 and sub-fen amounts are refused
    except InvalidInput as refused:
        raise InvalidInput(
            msg(
                "line %(line)s: %(field)s is not an amount (%(detail_text)s)",
                line=line,
                field=field,
                detail_text=refused.detail,
            ),
            field=field,
            line=line,
        ) from None


def parse_batch(content: bytes) -> dict[int, tuple[int, str, AnswerIn, str]]:
    """A bank's CSV: one row per account found (several rows per task), `outcome` found / nothing / done / refused.
    Rejected as a whole when malformed, so a half-read file never answers half the tasks."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("the file is not UTF-8 text", field="file") from None
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or not {"task_id", "outcome"} <= set(reader.fieldnames):
        raise InvalidInput(
            msg("the first line names the columns %(CSV_COLUMNS)s", CSV_COLUMNS=", ".join(CSV_COLUMNS)),
            field="file",
        )
    tasks: dict[int, tuple[int, str, AnswerIn, str]] = {}
    for n, raw in enumerate(reader, start=2):
        if n > MAX_CSV_ROWS + 1:
            raise InvalidInput(
                msg("at most %(MAX_CSV_ROWS)s lines per file", MAX_CSV_ROWS=MAX_CSV_ROWS), field="file"
            )
        get = {k: (raw.get(k) or "").strip() for k in CSV_COLUMNS}
        if not get["task_id"].isdigit():
            raise InvalidInput(msg("line %(n)s: task_id is not a number", n=n), field="task_id", line=n)
        task_id, outcome = int(get["task_id"]), get["outcome"]
        if outcome not in ("found", "nothing", "done", "refused"):
            raise InvalidInput(
                msg("line %(n)s: outcome is found, nothing, done or refused", n=n), field="outcome", line=n
            )
        line, previous, answer, reason = tasks.get(task_id, (n, outcome, AnswerIn(), ""))
        if previous != outcome:
            raise InvalidInput(
                msg("line %(n)s: task %(task_id)s has two outcomes", n=n, task_id=task_id),
                field="outcome",
                line=n,
            )
        if outcome == "found":
            value = _decimal(get["value"], "value", n)
            if not get["asset_ref"] or value is None:
                raise InvalidInput(
                    msg("line %(n)s: a found account has asset_ref and value", n=n), field="asset_ref", line=n
                )
            answer = msgspec.structs.replace(
                answer, assets=[*answer.assets, AssetIn(get["asset_ref"], get["description"], value)]
            )
        elif outcome == "done":
            answer = AnswerIn(
                amount_done=_decimal(get["amount_done"], "amount_done", n), receipt=get["receipt"]
            )
        elif outcome == "refused":
            reason = get["reason"]
        tasks[task_id] = (line, outcome, answer, reason)
    if not tasks:
        raise InvalidInput("the file has no answers", field="file")
    return tasks


async def answer_batch(p: Principal, content: bytes, now: datetime) -> list[BatchLine]:
    """Answer each task of the file on its own (one outcome per task): a task answered meanwhile is reported, the
    rest still go through."""
    from court.errors import CourtError

    require(p, Action.ANSWER_TASK, Resource(ResourceKind.AGENCY_TASK, agency_code=p.agency_code or "-"))
    results: list[BatchLine] = []
    for task_id, (line, outcome, answer, reason) in parse_batch(content).items():
        try:
            if outcome == "refused":
                await refuse_task(p, task_id, reason, now)
            else:
                await answer_task(p, task_id, answer, now)
            results.append(BatchLine(line, task_id, True))
        except CourtError as exc:
            results.append(BatchLine(line, task_id, False, exc.code))
    return results


async def agency_inbox(p: Principal, *, open_only: bool = True, limit: int = 200) -> list[dict[str, Any]]:
    """The officer's own agency's tasks, earliest deadline first; nothing of another agency."""
    require(p, Action.VIEW, Resource(ResourceKind.AGENCY_TASK, agency_code=p.agency_code or "-"))
    query = AgencyTaskRow.select(
        AgencyTaskRow.id,
        AgencyTaskRow.action,
        AgencyTaskRow.state,
        AgencyTaskRow.deadline,
        AgencyTaskRow.debtor,
        AgencyTaskRow.asset_ref,
        AgencyTaskRow.amount,
        AgencyTaskRow.created_at,
        AgencyTaskRow.agency_code,
        AgencyTaskRow.last_error,
        AgencyTaskRow.matter.number.as_alias("matter_number"),
    ).where(AgencyTaskRow.agency_code == p.agency_code)
    if open_only:
        query = query.where(AgencyTaskRow.state.is_in(list(ANSWERABLE)))
    return await query.order_by(AgencyTaskRow.deadline).order_by(AgencyTaskRow.id).limit(limit)


async def agency_task(p: Principal, task_id: int) -> dict[str, Any]:
    row = await _task_for_agency(p, task_id)
    matter = await load_matter(int(row["matter"]))
    answer = row["answer"]
    return {
        **row,
        "answer": msgspec.json.decode(answer) if isinstance(answer, str) else answer,
        "matter_number": matter["number"],
        "answerable": row["state"] in ANSWERABLE,
    }


# --- the applicant ---------------------------------------------------------------------------------------------


class ApplicantRequest(StrEnum):
    CONSUMPTION_RESTRICTION = "consumption_restriction"  # 申请限制消费 (法释〔2015〕17号 Art 4)
    DISHONEST_LISTING = "dishonest_listing"  # 申请纳入失信名单 (法释〔2017〕7号 Art 1)
    AUDIT = "audit"  # 申请审计 (终本 rules Art 3(5))
    REWARD_NOTICE = "reward_notice"  # 申请发布悬赏公告 (终本 rules Art 3(5))


async def party_role(p: Principal, matter_id: int) -> str | None:
    """The principal's side in the matter (applicant or debtor), None for anyone else."""
    from court.execution.tables import MatterParty

    row = (
        await MatterParty.select(MatterParty.role)
        .where((MatterParty.matter == matter_id) & (MatterParty.user_id == p.user_id))
        .first()
    )
    return str(row["role"]) if row else None


async def my_matter_parties(p: Principal, matter_id: int) -> list[int]:
    """The matter-party rows that are the principal (the notices served on them are theirs to read)."""
    from court.execution.tables import MatterParty

    rows = await MatterParty.select(MatterParty.id).where(
        (MatterParty.matter == matter_id) & (MatterParty.user_id == p.user_id)
    )
    return [int(r["id"]) for r in rows]


async def _as_party(
    p: Principal, matter_id: int, role: str, *, after_zhongben: bool = False
) -> dict[str, Any]:
    matter = await authorize(p, Action.VIEW, matter_id)
    if await party_role(p, matter_id) != role:
        raise PermissionDenied(msg("only the %(role)s does this", role=role))
    if not (after_zhongben and matter["closing_type"] == "zhongben"):
        require_open(matter)
    return matter


async def _applicant(p: Principal, matter_id: int, *, after_zhongben: bool = False) -> dict[str, Any]:
    return await _as_party(p, matter_id, "applicant", after_zhongben=after_zhongben)


# The report order gives five days from receipt (CPL 2023 Art 252; 法释〔2017〕8号 财产报告规定 Art 1; the order's
# own text, court/execution/notices.py); counted here from the day it was issued, the earliest it can be received.
REPORT_DAYS = 5


async def report_due(matter_id: int) -> date | None:
    from datetime import timedelta

    from court.execution.tables import MatterNotice
    from court.serving.tables import ServiceDeadline

    # Once the order is served, its period runs from service (the one deadline engine, court.serving.matters).
    served = (
        await ServiceDeadline.select(ServiceDeadline.deadline)
        .where((ServiceDeadline.matter_id == matter_id) & (ServiceDeadline.kind == "property_report"))
        .order_by(ServiceDeadline.deadline)
        .first()
    )
    if served:
        return served["deadline"]
    row = (
        await MatterNotice.select(MatterNotice.issued_on)
        .where((MatterNotice.matter == matter_id) & (MatterNotice.kind == "report_order"))
        .order_by(MatterNotice.id)
        .first()
    )
    return row["issued_on"] + timedelta(days=REPORT_DAYS) if row else None


class ReportedItem(msgspec.Struct, forbid_unknown_fields=True):
    kind: str  # deposit, real_estate, vehicle, securities, equity, income, other
    description: str
    value: Decimal | None = None


REPORT_KINDS = ("deposit", "real_estate", "vehicle", "securities", "equity", "income", "other")


async def report_property(
    p: Principal, matter_id: int, items: list[ReportedItem], on: date
) -> dict[str, Any]:
    """The debtor's property report (申报财产, CPL 2023 Art 252), online; the officer checks it (终本 rules Art 2(2))
    and a late report is on the timeline for the officer to weigh (report_breached is the officer's finding)."""
    await _as_party(p, matter_id, "debtor")
    if not items:
        raise InvalidInput("report at least one item, or say there is none", field="items")
    for item in items:
        if item.kind not in REPORT_KINDS or not item.description.strip():
            raise InvalidInput("each item has a kind and a description", field="items")
        if item.value is not None and (item.value < 0 or item.value != item.value.quantize(Decimal("0.01"))):
            raise InvalidInput("a value is non-negative yuan with at most two decimals", field="value")
    due = await report_due(matter_id)
    detail = {
        "items": [msgspec.to_builtins(i) for i in items],
        "due": due.isoformat() if due else None,
        "late": bool(due and on > due),
    }
    async with write_transaction():
        await update_facts(matter_id, report_checked=False)
        await log_event(matter_id, "property_reported", on, p, detail)
    return detail


async def submit_lead(p: Principal, matter_id: int, text: str, on: date) -> None:
    """A property lead (财产线索) from the applicant: the officer must check it before 终本 (终本 rules Art 3(1)); after
    终本 it is what a resumption (恢复执行) rests on (终本 rules Art 9), so a 终本 matter still takes leads."""
    matter = await _applicant(p, matter_id, after_zhongben=True)
    text = text.strip()
    if not 4 <= len(text) <= 2000:
        raise InvalidInput("describe the property in 4 to 2000 characters", field="lead")
    async with write_transaction():
        if matter["status"] == "open":
            await update_facts(matter_id, applicant_leads_given=True, applicant_leads_checked=False)
        await log_event(matter_id, "lead_submitted", on, p, {"text": text})


async def applicant_request(p: Principal, matter_id: int, kind: ApplicantRequest, on: date) -> None:
    """The applicant asks for a sanction or an audit / reward notice; an audit or reward request is a 终本
    condition (Art 3(5)) until the officer has handled it."""
    await _applicant(p, matter_id)
    async with write_transaction():
        if kind in (ApplicantRequest.AUDIT, ApplicantRequest.REWARD_NOTICE):
            await update_facts(matter_id, audit_or_reward_requested=True, audit_or_reward_done=False)
        await log_event(matter_id, "applicant_requested", on, p, {"request": kind.value})


async def zhongben_opinion(p: Principal, matter_id: int, agrees: bool, reason: str, on: date) -> None:
    """The applicant's opinion on 终本 (Art 5: told and heard before closing). An objection with new leads keeps
    the matter open in practice; either way the officer reads it on the timeline."""
    await _applicant(p, matter_id)
    reason = reason.strip()
    if not agrees and not reason:
        raise InvalidInput("an objection gives its reason", field="reason")
    async with write_transaction():
        await update_facts(matter_id, applicant_heard=True)
        await add_event(
            matter_id, "zhongben_agreed" if agrees else "zhongben_objected", on, p, {"reason": reason}
        )
        await audit_matter(
            actor_of(p), "matter.zhongben_opinion", matter_id, detail={"agrees": agrees, "reason": reason}
        )


# What a list of matters shows of each (the party's own list, the officer's workbench).
_LISTED = (
    EnforcementMatter.id,
    EnforcementMatter.number,
    EnforcementMatter.title_number,
    EnforcementMatter.stage,
    EnforcementMatter.status,
    EnforcementMatter.registered_on,
)


async def applicant_matters(p: Principal) -> list[dict[str, Any]]:
    from court.execution.tables import MatterParty

    roles = {
        r["matter"]: r["role"]
        for r in await MatterParty.select(MatterParty.matter, MatterParty.role).where(
            MatterParty.user_id == p.user_id
        )
    }
    if not roles:
        return []
    rows = (
        await EnforcementMatter.select(*_LISTED)
        .where(EnforcementMatter.id.is_in(list(roles)))
        .order_by(EnforcementMatter.id, ascending=False)
    )
    return [{**r, "role": roles[r["id"]]} for r in rows]


# --- the officer's workbench -----------------------------------------------------------------------------------


async def workbench(p: Principal, today: date, limit: int = 300) -> list[dict[str, Any]]:
    """The court's matters, open first, those nearest their 6-month limit or with a measure lapsing soonest first."""
    require(p, Action.VIEW, Resource(ResourceKind.MATTER, court_code=p.court_code))
    rows = (
        await EnforcementMatter.select(*_LISTED, EnforcementMatter.officer_id, EnforcementMatter.closing_type)
        .where(EnforcementMatter.court_code == p.court_code)
        .order_by(EnforcementMatter.id, ascending=False)
        .limit(limit)
    )
    ids = [r["id"] for r in rows]
    with_property = (
        {
            r["matter"]
            for r in await MatterProperty.select(MatterProperty.matter).where(
                MatterProperty.matter.is_in(ids)
            )
        }
        if ids
        else set()
    )
    lapsing: dict[int, date] = {}
    if ids:
        for m in await ControlMeasureRow.select(ControlMeasureRow.matter, ControlMeasureRow.expires_on).where(
            ControlMeasureRow.matter.is_in(ids) & ControlMeasureRow.released_on.is_null()
        ):
            if m["expires_on"] >= today:
                lapsing[m["matter"]] = min(lapsing.get(m["matter"], m["expires_on"]), m["expires_on"])
    for r in rows:
        due = (
            stages.closing_due(r["registered_on"], r["id"] in with_property)
            if r["status"] == "open"
            else None
        )
        r["closing_due"] = due
        r["closing_days_left"] = (due - today).days if due else None
        lapse = lapsing.get(r["id"])
        r["next_lapse"] = lapse
        r["lapse_days_left"] = (lapse - today).days if lapse else None
        r["urgent"] = (r["closing_days_left"] is not None and r["closing_days_left"] <= 30) or (
            r["lapse_days_left"] is not None and r["lapse_days_left"] <= MEASURE_WARN_DAYS
        )
    far = date.max
    rows.sort(
        key=lambda r: (
            r["status"] != "open",
            not r["urgent"],
            min(r["closing_due"] or far, r["next_lapse"] or far),
            -r["id"],
        )
    )
    return rows


async def record_interview(p: Principal, matter_id: int, note: str, on: date) -> None:
    """The officer's interview (约谈) of the applicant before 终本: what they were told and said (终本 rules Art 5)."""
    from court.execution.outcome import record_facts

    note = note.strip()
    if not 4 <= len(note) <= 2000:
        raise InvalidInput(
            "write down what the applicant was told and said (4 to 2000 characters)", field="note"
        )
    async with write_transaction():
        await record_facts(p, matter_id, {"applicant_heard": True}, on)
        await add_event(matter_id, "applicant_interviewed", on, p, {"note": note})


# --- the leader's enforcement figures --------------------------------------------------------------------------

AGE_BUCKETS: tuple[tuple[int, int | None], ...] = ((0, 90), (91, 180), (181, 365), (366, None))


class AgencyAnswerTime(msgspec.Struct):
    agency: str
    answered: int
    median_hours: Decimal | None
    gave_up: int


class EnforcementFigures(msgspec.Struct):
    received: Decimal  # all money into the custody account (执行到位金额)
    paid_out: Decimal  # to applicants
    closed: int
    closed_within_limit: int
    within_limit_rate: (
        Decimal | None
    )  # share of closed matters closed by their 6-month limit (法发〔2006〕35号 Art 1)
    zhongben: int
    zhongben_share: Decimal | None  # 终本 among closed matters
    open_by_age: list[tuple[str, int]]  # "0-90" days since registration → open matters
    agencies: list[AgencyAnswerTime]


def _share(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1")) if whole else None


async def enforcement_figures(p: Principal, today: date) -> EnforcementFigures:
    """Money recovered, matters concluded within the limit, the 终本 share, open matters by age and the agencies'
    answer times — of the leader's own court, over every matter it has."""
    from statistics import median

    from court.execution.ledger import AccountKind, EntryKind, LedgerEntry
    from court.execution.tables import LedgerEntryRow

    require(p, Action.VIEW_DASHBOARD, Resource(ResourceKind.COURT, court_code=p.court_code))
    matters = await EnforcementMatter.select(
        EnforcementMatter.id,
        EnforcementMatter.registered_on,
        EnforcementMatter.status,
        EnforcementMatter.closed_on,
        EnforcementMatter.closing_type,
    ).where(EnforcementMatter.court_code == p.court_code)
    ids = [m["id"] for m in matters]
    received = paid = Decimal("0.00")
    with_property: set[int] = set()
    agencies: dict[str, list[float]] = {}
    gave_up: dict[str, int] = {}
    if ids:
        for row in await LedgerEntryRow.select(LedgerEntryRow.entry).where(LedgerEntryRow.matter.is_in(ids)):
            raw = row["entry"]
            entry = msgspec.convert(msgspec.json.decode(raw) if isinstance(raw, str) else raw, LedgerEntry)
            if entry.kind is EntryKind.RECEIPT:
                received += entry.total_debit
            for line in entry.lines:
                if line.account.kind is AccountKind.APPLICANT:
                    paid += line.debit
        with_property = {
            r["matter"]
            for r in await MatterProperty.select(MatterProperty.matter).where(
                MatterProperty.matter.is_in(ids)
            )
        }
        for t in await AgencyTaskRow.select(
            AgencyTaskRow.agency_code, AgencyTaskRow.state, AgencyTaskRow.created_at, AgencyTaskRow.updated_at
        ).where(AgencyTaskRow.matter.is_in(ids)):
            if t["state"] == "answered":
                agencies.setdefault(t["agency_code"], []).append(
                    (t["updated_at"] - t["created_at"]).total_seconds() / 3600
                )
            elif t["state"] == "gave_up":
                gave_up[t["agency_code"]] = gave_up.get(t["agency_code"], 0) + 1
    closed = [m for m in matters if m["status"] == "closed"]
    within = 0
    for m in closed:
        due = stages.closing_due(m["registered_on"], m["id"] in with_property)
        # Without property no limit runs (法发〔2006〕35号 Art 1 counts six months only where there is property).
        within += due is None or (m["closed_on"] is not None and m["closed_on"] <= due)
    zhongben = sum(1 for m in closed if m["closing_type"] == "zhongben")
    by_age = []
    for low, high in AGE_BUCKETS:
        n = sum(
            1
            for m in matters
            if m["status"] == "open"
            and low <= (today - m["registered_on"]).days
            and (high is None or (today - m["registered_on"]).days <= high)
        )
        by_age.append((f"{low}-{high}" if high is not None else f"{low}+", n))
    answer_times = [
        AgencyAnswerTime(
            code,
            len(hours),
            Decimal(str(median(hours))).quantize(Decimal("0.1")) if hours else None,
            gave_up.get(code, 0),
        )
        for code, hours in sorted(agencies.items())
    ] + [AgencyAnswerTime(code, 0, None, n) for code, n in sorted(gave_up.items()) if code not in agencies]
    return EnforcementFigures(
        received,
        paid,
        len(closed),
        within,
        _share(within, len(closed)),
        zhongben,
        _share(zhongben, len(closed)),
        by_age,
        answer_times,
    )


async def delist(p: Principal, matter_id: int, sanction_id: int, reason: str, on: date) -> dict[str, Any]:
    """Delete a dishonest listing on one of the Art 10 events (法释〔2017〕7号), once: concurrent delistings find it
    ended (the row's `ended_on` is the compare-and-set)."""
    from court.errors import Conflict
    from court.execution import sanctions
    from court.execution.tables import SanctionRow

    matter = await authorize(p, Action.ENFORCE, matter_id)
    try:
        why = sanctions.DelistingReason(reason)
    except ValueError:
        raise InvalidInput("choose the ground for delisting", field="reason") from None
    row = (
        await SanctionRow.select()
        .where(
            (SanctionRow.id == sanction_id)
            & (SanctionRow.matter == matter_id)
            & (SanctionRow.kind == "dishonest_listing")
        )
        .first()
    )
    if row is None:
        raise NotFound(
            msg(
                "no dishonest listing %(sanction_id)s in matter %(matter_id)s",
                sanction_id=sanction_id,
                matter_id=matter_id,
            )
        )
    raw = row["state"]
    listing = msgspec.convert(
        msgspec.json.decode(raw) if isinstance(raw, str) else raw, sanctions.DishonestListing
    )
    state = sanctions.delist(listing, on, why)
    async with write_transaction():
        ended = (
            await SanctionRow.update(
                {SanctionRow.state: msgspec.to_builtins(state), SanctionRow.ended_on: on}
            )
            .where((SanctionRow.id == sanction_id) & SanctionRow.ended_on.is_null())
            .returning(SanctionRow.id)
        )
        if not ended:
            raise Conflict(msg("listing %(sanction_id)s has already ended", sanction_id=sanction_id))
        detail = {"debtor": row["debtor"], "kind": row["kind"], "reason": why.value}
        await log_event(
            matter_id,
            "sanction_ended",
            on,
            p,
            detail,
            court_code=matter["court_code"],
            audit="matter.delisted",
        )
    return detail
