"""Closing: 终本 conditions (法〔2016〕373号), other closing types, re-queries and resumption."""

from __future__ import annotations

from datetime import date

import msgspec
import pytest

from court.errors import Conflict, InvalidInput
from court.execution.closing import (
    ClosedMatter,
    ClosingType,
    MatterFacts,
    Settlement,
    TerminationGround,
    WithdrawalGround,
    can_close,
    close,
    closing_problems,
    requery_schedule,
    resume,
    zhongben_conditions,
    zhongben_earliest,
)

REGISTERED = date(2025, 1, 15)
READY = MatterFacts(
    registered_on=REGISTERED,
    execution_notice_sent=True,
    report_order_issued=True,
    report_checked=True,
    consumption_restriction_issued=True,
    network_inquiry_done=True,
    applicant_heard=True,
)
LATER = date(2025, 5, 1)


def codes(facts: MatterFacts, today: date = LATER) -> set[str]:
    return {m.code for m in zhongben_conditions(facts, today)}


def test_ready_matter_meets_every_condition() -> None:
    assert zhongben_conditions(READY, LATER) == []


@pytest.mark.parametrize(
    ("change", "code", "article"),
    [
        ({"execution_notice_sent": False}, "execution_notice", "Art 1(1)"),
        ({"report_order_issued": False}, "report_order", "Art 2(1)"),
        ({"report_checked": False}, "report_checked", "Art 2(2)"),
        ({"report_breached": True}, "report_breach_sanctioned", "Art 2(3)"),
        ({"consumption_restriction_issued": False}, "consumption_restriction", "Art 1(2)"),
        ({"dishonest_listing_conditions_met": True}, "dishonest_listing", "Art 1(2)"),
        ({"applicant_leads_given": True}, "leads_checked", "Art 3(1)"),
        ({"network_inquiry_done": False}, "network_inquiry", "Art 3(2)"),
        ({"network_inquiry_incomplete": True}, "on_site_investigation", "Art 3(3)"),
        ({"hiding_suspected": True}, "search", "Art 3(4)"),
        ({"audit_or_reward_requested": True}, "audit_or_reward", "Art 3(5)"),
        ({"disposable_property_remaining": True}, "property_remaining", "Art 1(3)"),
        ({"debtor_missing": True}, "debtor_searched", "Art 1(5)"),
        ({"obstruction": True}, "obstruction_sanctioned", "Art 1(5)"),
        ({"applicant_heard": False}, "applicant_heard", "Art 5"),
    ],
    ids=lambda v: v if isinstance(v, str) and v.startswith("Art") else None,
)
def test_each_missing_condition_is_reported_with_its_article(
    change: dict[str, object], code: str, article: str
) -> None:
    missing = zhongben_conditions(msgspec.structs.replace(READY, **change), LATER)
    assert [(m.code, m.article) for m in missing] == [(code, article)]


def test_three_months_means_more_than_three_months() -> None:
    # Art 1(4): registered 15 January → three months reached 15 April, "more than" from 16 April
    assert zhongben_earliest(REGISTERED) == date(2025, 4, 16)
    assert "three_months" in codes(READY, date(2025, 4, 15))
    assert "three_months" not in codes(READY, date(2025, 4, 16))


def test_zhongben_close_refuses_with_the_missing_codes() -> None:
    with pytest.raises(InvalidInput) as info:
        close("m", ClosingType.ZHONGBEN, READY, date(2025, 2, 1))
    assert info.value.params["missing"] == ["three_months"]
    assert close("m", ClosingType.ZHONGBEN, READY, LATER).kind is ClosingType.ZHONGBEN


BASE = MatterFacts(registered_on=REGISTERED)


@pytest.mark.parametrize(
    ("kind", "facts", "allowed"),
    [
        (ClosingType.FULLY_PERFORMED, BASE, False),
        (ClosingType.FULLY_PERFORMED, msgspec.structs.replace(BASE, fully_performed=True), True),
        (
            ClosingType.FULLY_PERFORMED,
            msgspec.structs.replace(BASE, settlement=Settlement(LATER, fully_performed=True)),
            True,
        ),
        (ClosingType.FULLY_PERFORMED, msgspec.structs.replace(BASE, settlement=Settlement(LATER)), False),
        (ClosingType.TERMINATED, BASE, False),
        (
            ClosingType.TERMINATED,
            msgspec.structs.replace(BASE, termination_ground=TerminationGround.TITLE_SET_ASIDE),
            True,
        ),
        (
            ClosingType.TERMINATED,
            msgspec.structs.replace(BASE, settlement=Settlement(LATER, applicant_withdrew=True)),
            True,
        ),
        (ClosingType.WITHDRAWN, BASE, False),
        (
            ClosingType.WITHDRAWN,
            msgspec.structs.replace(BASE, withdrawal_ground=WithdrawalGround.ANOTHER_COURT_REGISTERED_FIRST),
            True,
        ),
        (ClosingType.NOT_ENFORCED, msgspec.structs.replace(BASE, non_enforcement_ruling=True), True),
        (ClosingType.NOT_ENFORCED, BASE, False),
        (ClosingType.REJECTED, msgspec.structs.replace(BASE, rejection_ruling=True), True),
        (ClosingType.REJECTED, BASE, False),
        (ClosingType.ZHONGBEN, BASE, False),
    ],
)
def test_can_close_by_type(kind: ClosingType, facts: MatterFacts, allowed: bool) -> None:
    assert can_close(kind, facts, LATER) is allowed
    assert (closing_problems(kind, facts, LATER) == []) is allowed


def test_requery_every_six_months_for_five_years() -> None:
    # 终本 rules Art 9 para 2
    dates = requery_schedule(date(2025, 8, 31))
    assert len(dates) == 10
    assert dates[0] == date(2026, 2, 28)  # no 31 February: the month's last day
    assert dates[1] == date(2026, 8, 31)
    assert dates[-1] == date(2030, 8, 31)


def test_resumption_only_after_zhongben_and_on_new_property() -> None:
    closed = ClosedMatter("m", ClosingType.ZHONGBEN, LATER)
    resumed = resume(closed, date(2027, 1, 1), new_property_found=True, ex_officio=True)
    assert resumed.previous_matter_id == "m" and resumed.ex_officio
    with pytest.raises(InvalidInput):
        resume(closed, date(2027, 1, 1), new_property_found=False)
    with pytest.raises(Conflict):
        resume(
            ClosedMatter("m", ClosingType.FULLY_PERFORMED, LATER), date(2027, 1, 1), new_property_found=True
        )
