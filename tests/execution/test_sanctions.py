"""Credit sanctions: dishonest list (法释〔2017〕7号) and consumption restriction (法释〔2015〕17号)."""

from __future__ import annotations

from datetime import date

import pytest

from court.errors import Conflict, InvalidInput
from court.execution.sanctions import (
    DelistingReason,
    HolidayCalendar,
    ListingGround,
    RestrictionLift,
    WeekendCalendar,
    delist,
    delisting_due,
    lift_restriction,
    list_debtor,
    listings_due_for_removal,
    may_restrict,
    restrict_consumption,
    restriction_required,
)

G = ListingGround


@pytest.mark.parametrize(
    ("grounds", "extension", "aggravated", "ends"),
    [
        pytest.param({G.OBSTRUCTS}, 0, False, date(2027, 2, 28), id="Art2-two-years"),
        pytest.param({G.OBSTRUCTS}, 3, True, date(2030, 2, 28), id="Art2-violence-extended-3"),
        pytest.param(
            {G.BREACHES_REPORT_DUTY, G.SHAM_PROCEEDINGS},
            1,
            False,
            date(2028, 2, 29),
            id="Art2-several-grounds-extended-1",
        ),
        pytest.param({G.ABLE_BUT_REFUSES}, 0, False, None, id="Art2-ground-1-no-term"),
    ],
)
def test_listing_term(
    grounds: set[ListingGround], extension: int, aggravated: bool, ends: date | None
) -> None:
    listing = list_debtor("d", date(2025, 3, 1), grounds, extension_years=extension, aggravated=aggravated)
    assert listing.term_ends_on == ends


@pytest.mark.parametrize(
    ("grounds", "extension", "aggravated"),
    [
        pytest.param({G.OBSTRUCTS}, 4, True, id="Art2-extension-over-3"),
        pytest.param({G.OBSTRUCTS}, 1, False, id="Art2-extension-without-aggravation"),
        pytest.param({G.ABLE_BUT_REFUSES}, 1, True, id="Art2-ground-1-cannot-extend"),
        pytest.param(set(), 0, False, id="Art1-no-ground"),
    ],
)
def test_unlawful_listings_are_refused(grounds: set[ListingGround], extension: int, aggravated: bool) -> None:
    with pytest.raises(InvalidInput):
        list_debtor("d", date(2025, 3, 1), grounds, extension_years=extension, aggravated=aggravated)


def test_minors_are_never_listed() -> None:
    with pytest.raises(InvalidInput, match="minor"):
        list_debtor("child", date(2025, 3, 1), {G.ABLE_BUT_REFUSES}, is_minor=True)


@pytest.mark.parametrize(
    ("event", "calendar", "due"),
    [
        pytest.param(date(2025, 3, 7), WeekendCalendar(), date(2025, 3, 12), id="Art10-friday-skips-weekend"),
        pytest.param(date(2024, 9, 30), WeekendCalendar(), date(2024, 10, 3), id="Art10-weekends-only"),
        pytest.param(
            date(2024, 9, 30), HolidayCalendar(), date(2024, 10, 10), id="Art10-national-day-holiday"
        ),
        pytest.param(
            date(2024, 9, 27), HolidayCalendar(), date(2024, 10, 8), id="Art10-make-up-sunday-counts"
        ),
    ],
)
def test_delisting_due_within_three_working_days(event: date, calendar: object, due: date) -> None:
    assert delisting_due(event, calendar) == due  # type: ignore[arg-type]


def test_default_calendar_knows_public_holidays() -> None:
    assert delisting_due(date(2024, 9, 30)) == date(2024, 10, 10)


def test_expired_listings_are_due_for_removal_and_delisting_is_recorded_once() -> None:
    listing = list_debtor("d", date(2023, 3, 1), {G.BREACHES_REPORT_DUTY})  # ends 2025-02-28 (Fri)
    open_ended = list_debtor("e", date(2023, 3, 1), {G.ABLE_BUT_REFUSES})
    due = listings_due_for_removal([listing, open_ended], date(2025, 3, 1), WeekendCalendar())
    assert [(listing.debtor, d) for listing, d in due] == [("d", date(2025, 3, 5))]
    removed = delist(listing, date(2025, 3, 3), DelistingReason.TERM_EXPIRED)
    assert delist(removed, date(2025, 3, 3), DelistingReason.TERM_EXPIRED) is removed
    with pytest.raises(Conflict):
        delist(removed, date(2025, 3, 4), DelistingReason.PERFORMED)
    assert listings_due_for_removal([removed], date(2025, 3, 10)) == []


def test_consumption_restriction_only_after_the_notice_period_and_required_when_listed() -> None:
    deadline = date(2025, 3, 10)
    assert not may_restrict(deadline, date(2025, 3, 10), fully_performed=False)
    assert may_restrict(deadline, date(2025, 3, 11), fully_performed=False)
    assert not may_restrict(deadline, date(2025, 3, 11), fully_performed=True)
    assert restriction_required(listed_dishonest=True) and not restriction_required(listed_dishonest=False)
    with pytest.raises(InvalidInput):
        restrict_consumption("d", deadline, deadline)
    order = restrict_consumption("d", date(2025, 3, 11), deadline, bound_persons=("legal-rep",))
    lifted = lift_restriction(order, date(2025, 6, 1), RestrictionLift.PERFORMED)
    assert lifted.lifted_on == date(2025, 6, 1)
    with pytest.raises(Conflict):
        lift_restriction(lifted, date(2025, 6, 2), RestrictionLift.PERFORMED)
