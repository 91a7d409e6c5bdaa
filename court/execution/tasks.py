"""Network inquiry and control (网络查控) as task rows: created by the officer, advanced by the polling job
through the agency adapter, their answers turned into property, control measures and money."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import msgspec

from court.accounts.policy import Action, Principal, Resource, ResourceKind, not_found, require
from court.audit.chain import actor_of
from court.db import page_window, write_transaction
from court.errors import InvalidInput
from court.execution import measures
from court.execution.agencies import (
    AGENCY_TASK,
    AgencyAdapter,
    AgencyKind,
    AgencyRequest,
    AgencyTask,
    Answer,
    TaskState,
    Ticket,
    step,
)
from court.execution.agencies import (
    Action as TaskAction,
)
from court.execution.ledger import ReceiptSource
from court.execution.service import (
    add_event,
    audit_matter,
    authorize,
    court_day,
    load_matter,
    parties_of,
    property_of_open_matter,
    require_open,
    resource_of,
    set_stage,
    update_facts,
)
from court.execution.stages import PROPERTY, PropertyStatus
from court.execution.tables import AgencyTaskRow, ControlMeasureRow, MatterProperty
from court.execution.views import AgencyTaskOut
from court.i18n import msg
from court.statemachine import IllegalTransition, transition

# The agencies a network inquiry (网络查控) asks, as agency codes `kind:institution`. The big four banks stand for
# the national "总对总" bank links; the registries are provincial. An agency officer's division is one code.
NETWORK_AGENCIES: tuple[tuple[AgencyKind, str], ...] = (
    (AgencyKind.BANK, "ICBC"),
    (AgencyKind.BANK, "ABC"),
    (AgencyKind.BANK, "BOC"),
    (AgencyKind.BANK, "CCB"),
    (AgencyKind.REAL_ESTATE_REGISTRY, "ZJ"),
    (AgencyKind.VEHICLE_ADMINISTRATION, "ZJ"),
    (AgencyKind.SECURITIES, "CSDC"),
    (AgencyKind.MARKET_REGULATION, "ZJ"),
    (AgencyKind.SOCIAL_INSURANCE, "ZJ"),
)
log = logging.getLogger("court.execution.tasks")

# How long an agency has to answer before the task is given up and shown to the officer. A court setting, not
# a statute: the SPC time-limit rules (2006) expect the whole property investigation within about a month.
INQUIRY_DEADLINE = timedelta(days=10)
CONTROL_DEADLINE = timedelta(days=5)
OPEN_STATES = (TaskState.PENDING.value, TaskState.SENT.value, TaskState.FAILED.value)

MEASURE_OF: dict[AgencyKind, measures.MeasureKind] = {
    AgencyKind.BANK: measures.MeasureKind.FREEZE_DEPOSIT,
    AgencyKind.REAL_ESTATE_REGISTRY: measures.MeasureKind.SEAL_REAL_ESTATE,
    AgencyKind.VEHICLE_ADMINISTRATION: measures.MeasureKind.SEIZE_MOVABLE,
    AgencyKind.SECURITIES: measures.MeasureKind.FREEZE_PROPERTY_RIGHT,
    AgencyKind.MARKET_REGULATION: measures.MeasureKind.FREEZE_PROPERTY_RIGHT,
    AgencyKind.SOCIAL_INSURANCE: measures.MeasureKind.FREEZE_PROPERTY_RIGHT,
}


def agency_code(kind: AgencyKind, institution: str) -> str:
    return f"{kind}:{institution}"


async def _debtors(matter_id: int) -> list[str]:
    return [x["id_code"] for x in await parties_of(matter_id) if x["role"] == "debtor"]


async def start_network_inquiry(p: Principal | None, matter_id: int, now: datetime) -> list[int]:
    """One inquiry task per debtor and agency; the polling job sends them."""
    matter = await (authorize(p, Action.ENFORCE, matter_id) if p else load_matter(matter_id))
    require_open(matter)
    ids: list[int] = []
    async with write_transaction():
        for debtor in await _debtors(matter_id):
            for kind, institution in NETWORK_AGENCIES:
                row = AgencyTaskRow(
                    matter=matter_id,
                    agency_kind=kind.value,
                    agency_code=agency_code(kind, institution),
                    action=TaskAction.INQUIRE.value,
                    debtor=debtor,
                    deadline=now + INQUIRY_DEADLINE,
                    created_at=now,
                    updated_at=now,
                )
                await AgencyTaskRow.insert(row)
                ids.append(int(row.id))
        if matter["stage"] in ("registration", "notice_and_report"):
            await set_stage(matter_id, "inquiry_and_control")
        await add_event(matter_id, "network_inquiry_started", court_day(now), p, {"tasks": len(ids)})
        await audit_matter(
            actor_of(p),
            "matter.network_inquiry",
            matter_id,
            court_code=matter["court_code"],
            detail={"tasks": ids},
        )
    return ids


async def request_control(
    p: Principal,
    matter_id: int,
    property_id: int,
    action: TaskAction,
    now: datetime,
    amount: Decimal | None = None,
) -> int:
    """Ask the agency holding a found property to freeze, seize or deduct it."""
    matter, prop = await property_of_open_matter(p, matter_id, property_id)
    if action is TaskAction.INQUIRE:
        raise InvalidInput("inquiries go through start_network_inquiry", field="action")
    if action in (TaskAction.FREEZE, TaskAction.DEDUCT):
        if prop["agency_kind"] != AgencyKind.BANK:
            raise InvalidInput("only deposits are frozen or deducted; seize other property", field="action")
        if amount is None or amount <= 0:
            raise InvalidInput(msg("a %(action)s names a positive amount", action=action), field="amount")
    kind = AgencyKind(prop["agency_kind"])
    institution = prop["institution"] or dict(NETWORK_AGENCIES).get(kind, "")
    debtor = (await _debtors(matter_id))[0]
    async with write_transaction():
        row = AgencyTaskRow(
            matter=matter_id,
            agency_kind=kind.value,
            agency_code=agency_code(kind, institution),
            action=action.value,
            debtor=debtor,
            asset_ref=prop["asset_ref"],
            amount=amount,
            property_id=property_id,
            deadline=now + CONTROL_DEADLINE,
            created_at=now,
            updated_at=now,
        )
        await AgencyTaskRow.insert(row)
        detail = {
            "action": action.value,
            "property": prop["asset_ref"],
            "amount": str(amount) if amount else None,
        }
        await add_event(matter_id, f"{action.value}_requested", court_day(now), p, detail)
        await audit_matter(
            actor_of(p),
            f"matter.{action.value}_requested",
            matter_id,
            court_code=matter["court_code"],
            detail=detail,
        )
    return int(row.id)


# --- rows <-> the pure task state machine -------------------------------------------------------------------


def _json(value: Any) -> Any:
    return msgspec.json.decode(value) if isinstance(value, str) else value


def task_of(row: dict[str, Any]) -> AgencyTask:
    request = AgencyRequest(
        task_id=str(row["id"]),
        agency=AgencyKind(row["agency_kind"]),
        action=TaskAction(row["action"]),
        debtor=row["debtor"],
        asset_ref=row["asset_ref"],
        amount=Decimal(row["amount"]) if row["amount"] is not None else None,
        institution=row["agency_code"].split(":", 1)[1],
    )
    ticket = _json(row["ticket"])
    answer = _json(row["answer"])
    return AgencyTask(
        request=request,
        deadline=row["deadline"],
        state=TaskState(row["state"]),
        attempts=row["attempts"],
        max_attempts=row["max_attempts"],
        ticket=msgspec.convert(ticket, Ticket) if ticket else None,
        next_attempt_at=row["next_attempt_at"],
        answer=msgspec.convert(answer, Answer) if answer else None,
        last_error=row["last_error"],
    )


async def advance_tasks(adapter: AgencyAdapter, now: datetime, limit: int = 500) -> dict[str, int]:
    """What `poll_agency_tasks` does: step every open task once, then apply each new answer exactly once."""
    rows = (
        await AgencyTaskRow.select()
        .where(AgencyTaskRow.state.is_in(list(OPEN_STATES)))
        .order_by(AgencyTaskRow.id)
        .limit(limit)
    )
    counts = {"stepped": 0, "answered": 0, "gave_up": 0}
    for row in rows:
        before = task_of(row)
        after = step(before, adapter, now)
        if after == before:
            continue
        async with write_transaction():
            try:
                await transition(
                    AGENCY_TASK,
                    int(row["id"]),
                    after.state,
                    allowed_from={row["state"]},
                    values={
                        AgencyTaskRow.attempts: after.attempts,
                        AgencyTaskRow.ticket: msgspec.to_builtins(after.ticket) if after.ticket else None,
                        AgencyTaskRow.answer: msgspec.to_builtins(after.answer) if after.answer else None,
                        AgencyTaskRow.next_attempt_at: after.next_attempt_at,
                        AgencyTaskRow.last_error: after.last_error,
                        AgencyTaskRow.updated_at: now,
                    },
                )
            except IllegalTransition:
                continue  # another worker stepped it first
            counts["stepped"] += 1
            if after.state is TaskState.ANSWERED:
                counts["answered"] += 1
                await apply_answer(int(row["id"]), now)
            elif after.state is TaskState.GAVE_UP:
                counts["gave_up"] += 1
                await add_event(
                    row["matter"],
                    "agency_task_gave_up",
                    court_day(now),
                    None,
                    {"task": row["id"], "agency": row["agency_code"], "error": after.last_error},
                    audience="court",
                    key=f"task:{row['id']}:gave_up",
                )
                await _refresh_inquiry_facts(row["matter"])
    return counts


async def _property_becomes(property_id: int, status: PropertyStatus) -> None:
    """Move a property as an agency's answer says. The agency has acted whatever the property's state here, and
    its answer is applied once (the `applied` flag): an answer that comes after the property was disposed of
    (a freeze on something sold meanwhile) records its measure but leaves the property where it is."""
    try:
        await transition(PROPERTY, property_id, status, stay=True)
    except IllegalTransition:
        log.warning("agency answer for property %s left it as it was (cannot become %s)", property_id, status)


async def apply_answer(task_id: int, now: datetime) -> None:
    """Turn an answer into property, a control measure or money; a second call does nothing."""
    async with write_transaction():
        rows = (
            await AgencyTaskRow.update({AgencyTaskRow.applied: 1})
            .where(
                (AgencyTaskRow.id == task_id)
                & (AgencyTaskRow.applied == 0)
                & (AgencyTaskRow.state == "answered")
            )
            .returning(AgencyTaskRow.id)
        )
        if not rows:
            return
        row = await AgencyTaskRow.select().where(AgencyTaskRow.id == task_id).first()
        assert row is not None
        answer = msgspec.convert(_json(row["answer"]), Answer)
        matter_id, today = int(row["matter"]), court_day(now)
        action = TaskAction(row["action"])
        if action is TaskAction.INQUIRE:
            found = []
            for asset in answer.assets:
                key = f"{matter_id}:{asset.asset_ref}"
                if await MatterProperty.exists().where(MatterProperty.key == key):
                    continue
                await MatterProperty.insert(
                    MatterProperty(
                        matter=matter_id,
                        agency_kind=asset.agency.value,
                        institution=asset.institution,
                        asset_ref=asset.asset_ref,
                        description=asset.description,
                        value=asset.value,
                        key=key,
                    )
                )
                found.append({"ref": asset.asset_ref, "what": asset.description, "value": str(asset.value)})
            await add_event(
                matter_id,
                "inquiry_answered",
                today,
                None,
                {"agency": row["agency_code"], "found": found, "complete": answer.complete},
                key=f"task:{task_id}:answered",
            )
            await _refresh_inquiry_facts(matter_id)
            return
        prop = await MatterProperty.select().where(MatterProperty.id == row["property_id"]).first()
        assert prop is not None
        if action in (TaskAction.FREEZE, TaskAction.SEIZE):
            kind = MEASURE_OF[AgencyKind(row["agency_kind"])]
            amount = str(answer.amount_done) if answer.amount_done is not None else ""
            measure = measures.impose(f"task-{task_id}", kind, prop["asset_ref"], today, amount=amount)
            await ControlMeasureRow.insert(
                ControlMeasureRow(
                    matter=matter_id,
                    property_id=prop["id"],
                    kind=kind.value,
                    property_ref=prop["asset_ref"],
                    starts_on=measure.starts_on,
                    expires_on=measure.expires_on,
                    amount=amount,
                    receipt=answer.receipt,
                )
            )
            await _property_becomes(int(prop["id"]), PropertyStatus.CONTROLLED)
            await add_event(
                matter_id,
                "measure_imposed",
                today,
                None,
                {
                    "kind": kind.value,
                    "property": prop["asset_ref"],
                    "amount": amount,
                    "expires_on": measure.expires_on.isoformat(),
                },
                key=f"task:{task_id}:answered",
            )
        elif action is TaskAction.DEDUCT:
            done = answer.amount_done or Decimal(0)
            if done > 0:
                from court.execution.money import receive

                await receive(
                    matter_id, f"deduct:{task_id}", done, ReceiptSource.BANK_DEDUCTION, today, answer.receipt
                )
                left = Decimal(prop["value"]) - done
                await MatterProperty.update({MatterProperty.value: max(left, Decimal(0))}).where(
                    MatterProperty.id == prop["id"]
                )
                if left <= 0:
                    await _property_becomes(int(prop["id"]), PropertyStatus.EXHAUSTED)
                await set_stage(matter_id, "money")
        await _refresh_inquiry_facts(matter_id)


async def _refresh_inquiry_facts(matter_id: int) -> None:
    """Keep the 终本 facts the network inquiry decides in step with the tasks and the property found."""
    inquiries = await AgencyTaskRow.select(AgencyTaskRow.state, AgencyTaskRow.answer).where(
        (AgencyTaskRow.matter == matter_id) & (AgencyTaskRow.action == "inquire")
    )
    finished = [r for r in inquiries if r["state"] in ("answered", "gave_up")]
    done = bool(inquiries) and len(finished) == len(inquiries)
    incomplete = any(
        r["state"] == "gave_up" or not (_json(r["answer"]) or {}).get("complete", True) for r in finished
    )
    remaining = await MatterProperty.exists().where(
        (MatterProperty.matter == matter_id) & MatterProperty.status.is_in(["found", "controlled"])
    )
    await update_facts(
        matter_id,
        network_inquiry_done=done,
        network_inquiry_incomplete=incomplete,
        disposable_property_remaining=remaining,
    )


# --- who sees which task -------------------------------------------------------------------------------------


def task_view(row: dict[str, Any]) -> AgencyTaskOut:
    return AgencyTaskOut(
        id=row["id"],
        matter_id=row["matter"],
        agency=row["agency_code"],
        action=row["action"],
        debtor=row["debtor"],
        asset_ref=row["asset_ref"],
        amount=str(row["amount"]) if row["amount"] is not None else None,
        state=row["state"],
        attempts=row["attempts"],
        deadline=row["deadline"].isoformat(),
        next_attempt_at=row["next_attempt_at"].isoformat() if row["next_attempt_at"] else None,
        answer=_json(row["answer"]),
        last_error=row["last_error"],
    )


async def tasks_of_agency(
    p: Principal, state: str | None = None, limit: int = 100, offset: int = 0
) -> list[AgencyTaskOut]:
    """An agency officer's tasks: only those addressed to the officer's agency (the policy decides)."""
    require(p, Action.VIEW, Resource(ResourceKind.AGENCY_TASK, agency_code=p.agency_code or "-"))
    query = AgencyTaskRow.select().where(AgencyTaskRow.agency_code == p.agency_code)
    if state:
        query = query.where(AgencyTaskRow.state == state)
    limit, offset = page_window(limit, offset, max_limit=500)
    rows = await query.order_by(AgencyTaskRow.deadline).limit(limit).offset(offset)
    return [task_view(r) for r in rows]


async def read_task(p: Principal, task_id: int) -> AgencyTaskOut:
    row = await AgencyTaskRow.select().where(AgencyTaskRow.id == task_id).first()
    if row is None:
        raise not_found("agency task", task_id)
    matter = await load_matter(int(row["matter"]))
    ref = ("agency task", task_id)  # who may not see the task hears "no agency task", not about its matter
    if p.role.value == "agency_officer":
        require(p, Action.VIEW, Resource(ResourceKind.AGENCY_TASK, agency_code=row["agency_code"], ref=ref))
    else:
        require(p, Action.VIEW, replace(await resource_of(matter), ref=ref))
    return task_view(row)


async def tasks_of_matter(matter_id: int) -> list[AgencyTaskOut]:
    rows = await AgencyTaskRow.select().where(AgencyTaskRow.matter == matter_id).order_by(AgencyTaskRow.id)
    return [task_view(r) for r in rows]
