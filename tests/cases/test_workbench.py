"""The judge's workbench and closing (结案), on both engines: notices, clerk, evidence period, hearing record,
time-limit requests decided by a leader, courtrooms, closing methods with the fee borne and refunded."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest

from court.audit.tables import AuditEvent
from court.cases import closing, service, workbench
from court.cases.closing import FeeBearer
from court.cases.deadlines import SuspensionReason
from court.cases.lifecycle import CLOSING_FROM, ClosingMethod
from court.cases.tables import Case, CaseDocument, CaseHearing, CaseNotice, TimeLimitRequest
from court.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from court.i18n import error_detail
from court.management.dashboard import dashboard
from testkit.pdfs import make_pdf
from tests.cases.test_case_handling import registered, user_id
from tests.cases.test_registration import principal

PDF = make_pdf(["庭审笔录", "原告到庭，被告到庭。"])


class Blobs:
    """The runtime's blob store as far as the transcript needs it."""

    def __init__(self) -> None:
        self.stored: dict[str, bytes] = {}

    def put(self, key: str, stream: Any, content_type: str = "") -> None:
        self.stored[key] = stream.read()


class Runtime:
    def __init__(self) -> None:
        self.blobs = Blobs()


async def assigned(procedure: str = "ordinary") -> dict[str, Any]:
    case = await registered(procedure)
    await service.assign_case(
        await principal("clerk.xihu"), case["id"], judge_id=await user_id("judge.xihu"), reason="指定"
    )
    return await service.load_case(case["id"])


async def audit(action: str, subject_id: int) -> int:
    return await AuditEvent.count().where(
        (AuditEvent.action == action) & (AuditEvent.subject_id == str(subject_id))
    )


async def heard(case_id: int) -> int:
    judge, leader = await principal("judge.xihu"), await principal("leader.xihu")
    room = await service.add_courtroom(leader, "第三法庭")
    start = datetime(2026, 12, 9, 1, 0, tzinfo=UTC)
    hearing = await service.schedule_hearing(
        judge, case_id, courtroom_id=room, starts_at=start, ends_at=start + timedelta(hours=2)
    )
    await workbench.record_hearing(Runtime(), judge, case_id, hearing, notes="双方到庭")
    return hearing


async def test_the_assigned_judge_is_told_and_opening_the_case_reads_the_notice(seeded: Any) -> None:
    case = await assigned()
    judge = await principal("judge.xihu")
    inbox = await workbench.notices(judge)
    assert [(n["case"], n["kind"], n["case_number"]) for n in inbox] == [
        (case["id"], "assigned", case["number"])
    ]
    assert await workbench.unread_case_ids(judge) == {case["id"]}
    await workbench.mark_read(
        await principal("judge2.xihu"), case["id"]
    )  # someone else's reading changes nothing
    assert await workbench.unread_case_ids(judge) == {case["id"]}
    await workbench.mark_read(judge, case["id"])
    assert await workbench.unread_case_ids(judge) == set()
    # A reassignment tells the new judge, not the old one again.
    await service.assign_case(
        await principal("clerk.xihu"), case["id"], judge_id=await user_id("judge2.xihu"), reason="调整"
    )
    assert await CaseNotice.count().where(CaseNotice.user_id == await user_id("judge2.xihu")) == 1
    assert await CaseNotice.count().where(CaseNotice.user_id == judge.user_id) == 1


async def test_a_clerk_of_the_court_is_assigned_and_others_are_refused(seeded: Any) -> None:
    case = await assigned()
    judge = await principal("judge.xihu")
    clerk_id = await user_id("clerk.xihu")
    with pytest.raises(InvalidInput) as refused:
        await workbench.assign_clerk(judge, case["id"], await user_id("judge2.xihu"))  # a judge is no 书记员
    assert error_detail(refused.value, "zh_CN") == "所选人员不是本院在职书记员"
    with pytest.raises(PermissionDenied):
        await workbench.assign_clerk(await principal("judge2.xihu"), case["id"], clerk_id)  # not their case
    await workbench.assign_clerk(judge, case["id"], clerk_id)
    assert (await service.load_case(case["id"]))["clerk_id"] == clerk_id
    assert await audit("case.clerk_assigned", case["id"]) == 1


async def test_the_evidence_period_keeps_to_evidence_rules_art_51(seeded: Any) -> None:
    judge = await principal("judge.xihu")
    ordinary = await assigned("ordinary")
    served = date(2026, 12, 7)  # Monday
    # Art 51: at least 15 days in ordinary procedure, counted from the day after service: 22 December 2026.
    assert workbench.evidence_bound("ordinary", served).deadline == date(2026, 12, 22)
    with pytest.raises(InvalidInput) as early:
        await workbench.set_evidence_deadline(judge, ordinary["id"], date(2026, 12, 21), served_on=served)
    assert "不得早于2026-12-22" in error_detail(early.value, "zh_CN")
    await workbench.set_evidence_deadline(judge, ordinary["id"], date(2026, 12, 22), served_on=served)
    assert (await service.load_case(ordinary["id"]))["evidence_deadline"] == date(2026, 12, 22)
    # Summary procedure: at most 15 days.
    summary = await assigned("summary")
    with pytest.raises(InvalidInput):
        await workbench.set_evidence_deadline(judge, summary["id"], date(2026, 12, 23), served_on=served)
    await workbench.set_evidence_deadline(judge, summary["id"], date(2026, 12, 15), served_on=served)
    assert await audit("case.evidence_deadline", summary["id"]) == 1


async def test_a_hearing_is_rescheduled_and_recorded_with_its_transcript(seeded: Any) -> None:
    case = await assigned()
    judge, leader = await principal("judge.xihu"), await principal("leader.xihu")
    room = await service.add_courtroom(leader, "第一法庭")
    online = await service.add_courtroom(leader, "互联网法庭", kind="online")
    start = datetime(2026, 12, 9, 1, 0, tzinfo=UTC)
    first = await service.schedule_hearing(
        judge, case["id"], courtroom_id=room, starts_at=start, ends_at=start + timedelta(hours=2)
    )
    second = await service.schedule_hearing(
        judge,
        case["id"],
        courtroom_id=online,
        starts_at=start + timedelta(days=1),
        ends_at=start + timedelta(days=1, hours=2),
        replaces=first,
    )
    statuses = {r["id"]: r["status"] for r in await CaseHearing.select(CaseHearing.id, CaseHearing.status)}
    assert statuses == {first: "cancelled", second: "scheduled"}
    with pytest.raises(Conflict):  # the cancelled hearing cannot be replaced again
        await service.schedule_hearing(
            judge,
            case["id"],
            courtroom_id=room,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            replaces=first,
        )
    for bad in (b"not a pdf", b"%PDF-1.4 but nothing else"):
        with pytest.raises(InvalidInput):
            await workbench.record_hearing(Runtime(), judge, case["id"], second, notes="x", transcript=bad)
    runtime = Runtime()
    doc_id = await workbench.record_hearing(
        runtime,
        judge,
        case["id"],
        second,
        notes="原被告到庭，质证完毕",
        transcript=PDF,
        transcript_name="庭审笔录.pdf",
    )
    hearing = await CaseHearing.select().where(CaseHearing.id == second).first()
    assert (hearing["status"], hearing["notes"], hearing["transcript_document_id"]) == (
        "held",
        "原被告到庭，质证完毕",
        doc_id,
    )
    document = await CaseDocument.select().where(CaseDocument.id == doc_id).first()
    assert document["kind"] == "transcript" and document["page_count"] == 1
    assert runtime.blobs.stored[document["blob_key"]] == PDF
    assert (await service.load_case(case["id"]))["status"] == "heard"
    with pytest.raises(Conflict) as again:
        await workbench.record_hearing(Runtime(), judge, case["id"], second, notes="again")
    assert "已开庭" in error_detail(again.value, "zh_CN")


async def test_an_extension_request_is_approved_once_by_the_leader_under_cpl_art_152(seeded: Any) -> None:
    case = await assigned()  # registered 2026-03-02, ordinary: six months -> 2026-09-02
    assert case["deadline"] == date(2026, 9, 2)
    judge, leader = await principal("judge.xihu"), await principal("leader.xihu")
    with pytest.raises(InvalidInput):  # beyond the president's six months
        await workbench.request_change(
            judge, case["id"], workbench.RequestKind.EXTENSION, reason="案情复杂", months=7
        )
    request_id = await workbench.request_change(
        judge, case["id"], workbench.RequestKind.EXTENSION, reason="案情复杂", months=6
    )
    with pytest.raises(Conflict):  # one pending request of a kind at a time
        await workbench.request_change(
            judge, case["id"], workbench.RequestKind.EXTENSION, reason="再次", months=1
        )
    assert [r["id"] for r in await workbench.inbox(leader)] == [request_id]
    with pytest.raises(PermissionDenied):
        await workbench.decide_request(judge, request_id, approve=True)
    deadline = await workbench.decide_request(leader, request_id, approve=True, note="同意")
    assert deadline == date(2027, 3, 2)  # 2026-09-02 plus six months (2027-03-02 is a Tuesday)
    assert (await service.load_case(case["id"]))["deadline"] == deadline
    with pytest.raises(Conflict):
        await workbench.decide_request(leader, request_id, approve=False, note="改变主意")
    assert await workbench.inbox(leader) == []
    assert [n["kind"] for n in await workbench.notices(judge)][:1] == ["request_approved"]
    assert await audit("time_limit_request.approved", request_id) == 1


async def test_a_suspension_request_refused_leaves_the_deadline_and_one_approved_moves_it(
    seeded: Any,
) -> None:
    case = await assigned()
    judge, leader = await principal("judge.xihu"), await principal("leader.xihu")
    first = await workbench.request_change(
        judge,
        case["id"],
        workbench.RequestKind.SUSPENSION,
        reason="等待另案审理结果",
        suspension_reason=SuspensionReason.STAY,
        first_day=date(2026, 4, 1),
        last_day=date(2026, 4, 30),
    )
    with pytest.raises(InvalidInput):  # a refusal says why
        await workbench.decide_request(leader, first, approve=False)
    await workbench.decide_request(leader, first, approve=False, note="不符合中止条件")
    assert (await service.load_case(case["id"]))["deadline"] == date(2026, 9, 2)
    second = await workbench.request_change(
        judge,
        case["id"],
        workbench.RequestKind.SUSPENSION,
        reason="中止诉讼",
        suspension_reason=SuspensionReason.STAY,
        first_day=date(2026, 4, 1),
        last_day=date(2026, 4, 30),
    )
    # Thirty days not counted: 2026-09-02 + 30 days = 2026-10-02, inside the National Day holiday, so the
    # deadline rolls to the first working day after it (CPL Art 85).
    deadline = await workbench.decide_request(leader, second, approve=True)
    assert deadline is not None and deadline > date(2026, 10, 2)
    statuses = {
        r["id"]: r["status"]
        for r in await TimeLimitRequest.select(TimeLimitRequest.id, TimeLimitRequest.status)
    }
    assert statuses == {first: "refused", second: "approved"}


async def test_courtrooms_are_listed_and_a_deactivated_one_takes_no_booking(seeded: Any) -> None:
    leader, judge = await principal("leader.xihu"), await principal("judge.xihu")
    room = await service.add_courtroom(leader, "第二法庭")
    with pytest.raises(PermissionDenied):
        await workbench.set_courtroom_active(judge, room, False)
    await workbench.set_courtroom_active(leader, room, False)
    assert [r["active"] for r in await workbench.courtrooms(leader)] == [False]
    assert await workbench.courtrooms(leader, active_only=True) == []
    case = await assigned()
    start = datetime(2026, 12, 9, 1, 0, tzinfo=UTC)
    with pytest.raises(InvalidInput):
        await service.schedule_hearing(
            judge, case["id"], courtroom_id=room, starts_at=start, ends_at=start + timedelta(hours=1)
        )
    with pytest.raises(NotFound):
        await workbench.set_courtroom_active(leader, room + 999, True)


def test_worked_fee_examples_of_closing() -> None:
    # 150,000 yuan property case: 50 + 2.5% of 90,000 + 2% of 50,000 = 3,300 yuan (FM Art 13(1)), prepaid in full.
    case = {
        "fee": Decimal("3300.00"),
        "amount_in_dispute": Decimal("150000"),
        "case_type": "civil",
        "cause_name": "民间借贷纠纷",
        "procedure": "ordinary",
    }
    judgment = closing.fee_outcome(case, ClosingMethod.JUDGMENT, FeeBearer.DEFENDANT)
    assert (judgment.fee, judgment.defendant_bears, judgment.refund_to_plaintiff) == (
        "3300.00",
        "3300.00",
        "3300.00",
    )
    shared = closing.fee_outcome(case, ClosingMethod.JUDGMENT, FeeBearer.SHARED, 30)
    assert (shared.plaintiff_bears, shared.defendant_bears, shared.refund_to_plaintiff) == (
        "990.00",
        "2310.00",
        "2310.00",
    )
    withdrawal = closing.fee_outcome(case, ClosingMethod.WITHDRAWAL, FeeBearer.PLAINTIFF)  # FM Art 15: halved
    assert (withdrawal.fee, withdrawal.plaintiff_bears, withdrawal.refund_to_plaintiff) == (
        "1650.00",
        "1650.00",
        "1650.00",
    )
    mediation = closing.fee_outcome(case, ClosingMethod.MEDIATION, FeeBearer.DEFENDANT)
    assert (mediation.fee, mediation.defendant_bears, mediation.refund_to_plaintiff) == (
        "1650.00",
        "1650.00",
        "3300.00",
    )
    deemed = closing.fee_outcome(
        case, ClosingMethod.DEEMED_WITHDRAWAL, FeeBearer.PLAINTIFF
    )  # not halved by Art 15
    assert (deemed.fee, deemed.refund_to_plaintiff) == ("3300.00", "0.00")
    # Summary procedure is already halved (FM Art 16); mediation does not halve it again under the default policy.
    summary = {**case, "fee": Decimal("1650.00"), "procedure": "summary"}
    assert closing.fee_outcome(summary, ClosingMethod.MEDIATION, FeeBearer.PLAINTIFF).fee == "1650.00"
    with pytest.raises(InvalidInput):
        closing.fee_outcome(case, ClosingMethod.JUDGMENT, FeeBearer.SHARED, None)


def test_every_closing_method_closes_only_from_states_the_case_machine_allows() -> None:
    from court.cases.lifecycle import CASE

    for method, sources in CLOSING_FROM.items():
        assert sources and all(CASE.can_move(s, "closed") for s in sources), method
    assert "registered" not in set().union(*CLOSING_FROM.values())


async def test_closing_by_judgment_needs_a_hearing_and_records_method_fee_and_refund(seeded: Any) -> None:
    case = await assigned()
    judge = await principal("judge.xihu")
    with pytest.raises(Conflict) as early:  # no judgment without a hearing
        await closing.close_case(judge, case["id"], ClosingMethod.JUDGMENT, bearer=FeeBearer.DEFENDANT)
    assert error_detail(early.value, "zh_CN") == "结案失败：当前状态为“已分案”"
    with pytest.raises(InvalidInput):
        await closing.close_case(judge, case["id"], ClosingMethod.JUDGMENT)  # who bears the fee?
    with pytest.raises(InvalidInput):
        await closing.close_case(
            judge,
            case["id"],
            ClosingMethod.JUDGMENT,
            bearer=FeeBearer.DEFENDANT,
            closed_on=service.court_today() + timedelta(days=1),
        )
    await heard(case["id"])
    record = await closing.close_case(judge, case["id"], ClosingMethod.JUDGMENT, bearer=FeeBearer.DEFENDANT)
    assert Decimal(record["fee"]["refund_to_plaintiff"]) == case["fee"]
    row = await service.load_case(case["id"])
    assert (row["status"], row["closing_method"], row["closed_on"]) == (
        "closed",
        "judgment",
        service.court_today(),
    )
    with pytest.raises(Conflict):
        await closing.close_case(judge, case["id"], ClosingMethod.WITHDRAWAL)
    assert await audit("case.closed", case["id"]) == 1


async def test_a_withdrawal_closes_before_a_hearing_and_frees_the_booked_courtroom(seeded: Any) -> None:
    case = await assigned()
    judge, leader = await principal("judge.xihu"), await principal("leader.xihu")
    room = await service.add_courtroom(leader, "第四法庭")
    start = datetime(2026, 12, 10, 1, 0, tzinfo=UTC)
    hearing = await service.schedule_hearing(
        judge, case["id"], courtroom_id=room, starts_at=start, ends_at=start + timedelta(hours=2)
    )
    record = await closing.close_case(
        judge, case["id"], ClosingMethod.WITHDRAWAL, closed_on=date(2026, 3, 20)
    )
    assert record["fee"]["bearer"] == "plaintiff" and Decimal(record["fee"]["fee"]) * 2 == case["fee"]
    assert (await CaseHearing.select(CaseHearing.status).where(CaseHearing.id == hearing).first())[
        "status"
    ] == "cancelled"
    assert (await service.load_case(case["id"]))["closed_on"] == date(2026, 3, 20)


async def test_the_clearance_rate_counts_cases_actually_closed(seeded: Any) -> None:
    leader = await principal("leader.xihu")
    today = service.court_today()
    closed, left_open = await assigned(), await assigned()
    await closing.close_case(
        await principal("judge.xihu"),
        closed["id"],
        ClosingMethod.MEDIATION,
        bearer=FeeBearer.SHARED,
        plaintiff_share=50,
    )
    # A closing date left on a case that is not closed (a stale write, a reopened record) is not a closure.
    await Case.update({Case.closed_on: today}).where(Case.id == left_open["id"])
    data = await dashboard(leader, today=today, days=365)
    assert data["closed"] == 1
    assert data["closed_by_method"] == {"mediation": 1}


async def test_my_cases_filters_and_the_engines_answer_beside_each_case(seeded: Any) -> None:
    from court.cases.pages import my_cases

    judge = await principal("judge.xihu")
    ordinary, summary = await assigned("ordinary"), await assigned("summary")
    today = date(
        2026, 7, 1
    )  # the summary case (3 months from 2026-03-02) is past its limit, the ordinary one is not
    everything = await my_cases(judge, today)
    rows = {r["id"]: r for r in everything["cases"]}
    assert set(rows) == {ordinary["id"], summary["id"]}
    assert (
        rows[ordinary["id"]]["limit_article"] == "CPL Art 152"
        and rows[summary["id"]]["limit_article"] == "CPL Art 164"
    )
    assert rows[ordinary["id"]]["new"] and rows[summary["id"]]["new"]
    assert [r["id"] for r in (await my_cases(judge, today, procedure="summary"))["cases"]] == [summary["id"]]
    assert [r["id"] for r in (await my_cases(judge, today, overdue=True))["cases"]] == [summary["id"]]
    assert (await my_cases(judge, today, status="heard"))["cases"] == []
    assert (
        len((await my_cases(judge, today, status="no-such-status"))["cases"]) == 2
    )  # an unknown filter is ignored


async def test_the_closing_api_answers_the_closing_the_case_records(client: httpx.AsyncClient) -> None:
    """POST /closing answers CaseClosedOut: the record kept on the case ("from" included), unchanged."""
    from tests.conftest import sign_in
    from tests.core.test_state_races import registered_case

    case_id = await registered_case()
    judge = await sign_in(client, "judge.xihu")
    r = await client.post(
        f"/api/v1/cases/{case_id}/closing", json={"method": "withdrawal", "note": "撤诉"}, headers=judge
    )
    assert r.status_code == 201, r.text
    row = await Case.select(Case.closing).where(Case.id == case_id).output(load_json=True).first()
    assert r.json() == row["closing"]
    assert (
        set(r.json()) == {"method", "closed_on", "note", "from", "fee"}
        and r.json()["fee"]["bearer"] == "plaintiff"
    )
