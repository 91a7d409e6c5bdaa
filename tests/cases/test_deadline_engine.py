"""The one deadline engine: time limits of every case type and the parties' periods, each with its article
(CPL Art 85 counting on the holiday calendar), and whether a deadline rests on a provisional year."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from court.cases.deadlines import deadline_for
from court.cases.holiday_store import use_calendar_folder
from court.cases.party_periods import PARTY_PERIODS, PeriodKind
from court.cases.time_limits import TIME_LIMIT_PROCEDURES, TIME_LIMITS
from court.errors import InvalidInput


@pytest.fixture(autouse=True)
def _no_loaded_schedules(tmp_path: Path) -> Iterator[None]:
    use_calendar_folder(tmp_path / "calendar")
    yield
    use_calendar_folder(None)


@pytest.mark.parametrize(
    ("procedure", "start", "expected", "article"),
    [
        pytest.param("registration", date(2025, 3, 3), date(2025, 3, 10), "CPL Art 126", id="CPL-126-7-days"),
        pytest.param("ordinary", date(2028, 4, 1), date(2028, 10, 6), "CPL Art 152",
                     id="CPL-152-6-months-from-2028-04-01-not-inside-national-day"),
        pytest.param("summary", date(2025, 11, 15), date(2026, 2, 24), "CPL Art 164", id="CPL-164-spring-festival"),
        pytest.param("small_claims", date(2026, 3, 4), date(2026, 5, 6), "CPL Art 168", id="CPL-168-labour-day"),
        pytest.param("second_instance_judgment", date(2025, 1, 10), date(2025, 4, 10), "CPL Art 183",
                     id="CPL-183-3-months"),
        pytest.param("second_instance_ruling", date(2025, 1, 2), date(2025, 2, 5), "CPL Art 183",
                     id="CPL-183-30-days-spring-festival"),
        pytest.param("special", date(2025, 3, 3), date(2025, 4, 2), "CPL Art 187", id="CPL-187-30-days"),
        pytest.param("retrial_review", date(2025, 3, 15), date(2025, 6, 16), "CPL Art 215",
                     id="CPL-215-3-months-sunday-rolls-to-monday"),
        pytest.param("payment_order", date(2025, 3, 3), date(2025, 3, 18), "CPL Art 227", id="CPL-227-15-days"),
        pytest.param("administrative_first", date(2025, 3, 15), date(2025, 9, 15), "ALL Art 81",
                     id="ALL-81-6-months"),
        pytest.param("administrative_summary", date(2025, 3, 3), date(2025, 4, 17), "ALL Art 83",
                     id="ALL-83-45-days"),
        pytest.param("administrative_appeal", date(2025, 1, 10), date(2025, 4, 10), "ALL Art 88",
                     id="ALL-88-3-months"),
        pytest.param("criminal_first", date(2025, 3, 15), date(2025, 5, 15), "CrimPL Art 208",
                     id="CrimPL-208-2-months"),
        pytest.param("criminal_private_custody", date(2025, 7, 1), date(2025, 9, 1), "CrimPL Art 212",
                     id="CrimPL-212-custody-2-months"),
        pytest.param("criminal_private", date(2025, 3, 15), date(2025, 9, 15), "CrimPL Art 212",
                     id="CrimPL-212-not-in-custody-6-months"),
        pytest.param("criminal_appeal", date(2025, 8, 1), date(2025, 10, 9), "CrimPL Art 243",
                     id="CrimPL-243-2-months-ends-in-2025-national-day"),
        pytest.param("enforcement", date(2025, 6, 3), date(2025, 12, 3), "enforcement rules Art 1",
                     id="SPC-2006-enforcement-6-months"),
    ],
)  # fmt: skip
def test_time_limits(procedure: str, start: date, expected: date, article: str) -> None:
    answer = deadline_for("time_limit", start, procedure)
    assert answer.deadline == expected
    assert answer.article.startswith(article)
    assert answer.rule and answer.procedure == procedure


@pytest.mark.parametrize(
    ("kind", "procedure", "start", "expected", "article", "bound"),
    [
        pytest.param("answer", None, date(2026, 9, 17), date(2026, 10, 8), "CPL Art 128", "deadline",
                     id="CPL-128-15-days-into-2026-national-day"),
        pytest.param("appeal_judgment", None, date(2025, 9, 20), date(2025, 10, 9), "CPL Art 171", "deadline",
                     id="CPL-171-judgment-15-days"),
        pytest.param("appeal_ruling", None, date(2025, 3, 3), date(2025, 3, 13), "CPL Art 171", "deadline",
                     id="CPL-171-ruling-10-days"),
        pytest.param("evidence", "ordinary", date(2026, 3, 2), date(2026, 3, 17), "Evidence Rules Art 51",
                     "at_least", id="ER-51-ordinary-at-least-15"),
        pytest.param("evidence", "second_instance", date(2026, 3, 2), date(2026, 3, 12), "Evidence Rules Art 51",
                     "at_least", id="ER-51-second-instance-at-least-10"),
        pytest.param("evidence", "summary", date(2026, 3, 2), date(2026, 3, 17), "Evidence Rules Art 51",
                     "at_most", id="ER-51-summary-at-most-15"),
        pytest.param("evidence", "small_claims", date(2026, 3, 2), date(2026, 3, 9), "Evidence Rules Art 51",
                     "at_most", id="ER-51-small-claims-at-most-7"),
        pytest.param("fee_payment", None, date(2026, 4, 28), date(2026, 5, 6), "Fee Measures Art 22", "deadline",
                     id="FM-22-7-days-into-labour-day"),
        pytest.param("enforcement_application", None, date(2024, 2, 29), date(2026, 2, 28), "CPL Art 250",
                     "deadline", id="CPL-250-2-years-ends-on-a-make-up-working-saturday"),
        pytest.param("publication", None, date(2026, 1, 20), date(2026, 2, 24), "CPL Art 95", "deadline",
                     id="CPL-95-30-days-into-spring-festival"),
        pytest.param("retrial_application", None, date(2025, 3, 15), date(2025, 9, 15), "CPL Art 216", "deadline",
                     id="CPL-216-6-months"),
        pytest.param("criminal_appeal_judgment", None, date(2025, 3, 3), date(2025, 3, 13), "CrimPL Art 230",
                     "deadline", id="CrimPL-230-10-days"),
        pytest.param("administrative_appeal_ruling", None, date(2025, 3, 3), date(2025, 3, 13), "ALL Art 85",
                     "deadline", id="ALL-85-ruling-10-days"),
    ],
)  # fmt: skip
def test_party_periods(
    kind: str, procedure: str | None, start: date, expected: date, article: str, bound: str
) -> None:
    answer = deadline_for(kind, start, procedure)
    assert (answer.deadline, answer.bound) == (expected, bound)
    assert answer.article.startswith(article)
    assert not answer.provisional


@pytest.mark.parametrize(
    ("kind", "procedure", "start", "provisional"),
    [
        pytest.param("answer", None, date(2026, 12, 10), False, id="ends-2026-12-25-known-year"),
        pytest.param("answer", None, date(2026, 12, 20), True, id="ends-2027-01-04-provisional-year"),
        pytest.param("time_limit", "ordinary", date(2028, 4, 1), True, id="2028-national-day-provisional"),
        pytest.param("time_limit", "ordinary", date(2025, 6, 30), False, id="ends-2025-12-30"),
    ],
)  # fmt: skip
def test_a_deadline_on_a_provisional_year_says_so(
    kind: str, procedure: str | None, start: date, provisional: bool
) -> None:
    assert deadline_for(kind, start, procedure).provisional is provisional


def test_every_row_cites_an_article_and_every_kind_is_answerable() -> None:
    assert all(rule.article and rule.rule for rule in TIME_LIMITS.values())
    assert all(row.article and row.rule for row in PARTY_PERIODS.values())
    assert set(TIME_LIMIT_PROCEDURES.values()) <= set(TIME_LIMITS)
    for kind in PeriodKind:
        if kind is PeriodKind.TIME_LIMIT:
            continue
        procedure = next((p for k, p in PARTY_PERIODS if k is kind), None)
        assert deadline_for(kind, date(2026, 3, 2), procedure).deadline > date(2026, 3, 2)


@pytest.mark.parametrize(
    ("kind", "procedure", "field"),
    [
        pytest.param("time_limit", None, "procedure", id="time-limit-without-procedure"),
        pytest.param("time_limit", "divorce", "procedure", id="unknown-procedure"),
        pytest.param("evidence", None, "procedure", id="evidence-without-procedure"),
        pytest.param("holiday", None, "kind", id="unknown-kind"),
    ],
)
def test_bad_questions_are_refused(kind: str, procedure: str | None, field: str) -> None:
    with pytest.raises(InvalidInput) as err:
        deadline_for(kind, date(2026, 3, 2), procedure)
    assert err.value.params["field"] == field


def test_no_deadline_before_the_first_known_year() -> None:
    with pytest.raises(InvalidInput):
        deadline_for("answer", date(2002, 3, 1))


def test_a_criminal_limit_in_custody_is_not_extended_by_holidays() -> None:
    # CrimPL Art 212 para 2 / Art 208: 2 months from 2025-08-01 end on 2025-10-01, National Day. In custody the
    # period is not extended (CrimPL Art 105 para 2); the public-prosecution row rolls over and says why it may not.
    custody = deadline_for("time_limit", date(2025, 8, 1), "criminal_private_custody")
    assert custody.deadline == date(2025, 10, 1) and custody.note and "Art 105" in custody.note
    public = deadline_for("time_limit", date(2025, 8, 1), "criminal_first")
    assert public.deadline == date(2025, 10, 9) and public.note and "custody" in public.note


def test_a_filing_received_before_national_day_is_decided_on_the_first_working_day_after_it() -> None:
    # CPL Art 126 (7 days) counted by CPL Art 85: received 2026-09-28 (Shanghai), the 7th day is 10-05, inside
    # National Day (10-01..10-07 in 2026), so the last day is 10-08; due at the end of that day, court time.
    from datetime import datetime as _dt
    from zoneinfo import ZoneInfo

    from court.filing.service import registration_decision_due

    received = _dt(2026, 9, 28, 2, 0, tzinfo=ZoneInfo("UTC"))  # 10:00 in Shanghai
    day, due = registration_decision_due(received)
    assert day.isoformat() == "2026-10-08"
    assert due.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M") == "2026-10-08 23:59"
