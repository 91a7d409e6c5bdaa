"""Credit sanctions: consumption restriction (限制消费) and the dishonest judgment debtor list (失信被执行人名单)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta
from enum import StrEnum
from typing import Protocol

import msgspec

from court.cases.holiday_store import is_rest_day
from court.errors import Conflict, InvalidInput
from court.execution.measures import term_end
from court.i18n import msg


class WorkCalendar(Protocol):
    def is_workday(self, day: date) -> bool: ...


class WeekendCalendar:
    """Monday to Friday are working days. Knows no public holidays and no make-up working weekends (调休)."""

    def is_workday(self, day: date) -> bool:
        return day.weekday() < 5


class HolidayCalendar:
    """Working days under the State Council holiday notices (court.cases.holidays): weekends and days off are
    rest days, make-up working weekends (调休上班) are working days. Years without a table: weekends only."""

    def is_workday(self, day: date) -> bool:
        return not is_rest_day(day)


def add_working_days(start: date, days: int, calendar: WorkCalendar) -> date:
    """The `days`-th working day after `start`; the start day itself is not counted (CPL 2023 Art 85)."""
    if days < 0:
        raise InvalidInput("days cannot be negative")
    day, left = start, days
    while left:
        day += timedelta(days=1)
        if calendar.is_workday(day):
            left -= 1
    return day


# --- dishonest judgment debtor list, SPC 法释〔2017〕7号 (amended 2018) -------------------------------------


class ListingGround(StrEnum):
    """Grounds for listing (Art 1); the value is the item number's meaning."""

    ABLE_BUT_REFUSES = "able_but_refuses"  # (1) 有履行能力而拒不履行
    OBSTRUCTS = "obstructs"  # (2) forged evidence, violence, threats
    SHAM_PROCEEDINGS = "sham_proceedings"  # (3) sham litigation/arbitration, hiding or moving assets
    BREACHES_REPORT_DUTY = "breaches_report_duty"  # (4) 违反财产报告制度
    BREACHES_CONSUMPTION_RESTRICTION = "breaches_consumption_restriction"  # (5) 违反限制消费令
    REFUSES_SETTLEMENT = "refuses_settlement"  # (6) 无正当理由拒不履行执行和解协议


# Art 2: grounds (2)–(6) list the debtor for 2 years; violence or threats in serious circumstances, or several
# grounds, allow an extension of 1 to 3 years. Ground (1) has no fixed term: it ends on the Art 10 events.
LISTING_YEARS = 2
EXTENSION_YEARS = range(1, 4)
# Art 10: delisting within 3 working days of the event (performance, settlement performed, ...).
DELIST_WORKING_DAYS = 3


class DelistingReason(StrEnum):
    """Events that oblige the court to delete the listing (Art 10)."""

    PERFORMED = "performed"  # 已履行 / 已执行完毕
    SETTLEMENT_PERFORMED = "settlement_performed"
    APPLICANT_REQUEST = "applicant_request"  # written request approved
    # two or more network queries after 终本 find nothing and no leads are given
    NOTHING_FOUND_AFTER_ZHONGBEN = "nothing_found_after_zhongben"
    STAYED = "stayed"  # retrial or bankruptcy
    ENFORCEMENT_REFUSED = "enforcement_refused"  # 不予执行
    ENFORCEMENT_TERMINATED = "enforcement_terminated"  # 终结执行
    # Art 10 para 2: listings with a term go within 3 working days after it ends
    TERM_EXPIRED = "term_expired"


class DishonestListing(msgspec.Struct, frozen=True):
    """A debtor's entry on the dishonest judgment debtor list (失信被执行人名单)."""

    debtor: str
    listed_on: date
    grounds: frozenset[ListingGround]
    extension_years: int = 0
    aggravated: bool = False  # violence or threats in serious circumstances (Art 2)
    delisted_on: date | None = None
    delisting_reason: DelistingReason | None = None

    @property
    def term_ends_on(self) -> date | None:
        """Last day of the listing term, or None where only ground (1) applies (no fixed term)."""
        if not self.grounds - {ListingGround.ABLE_BUT_REFUSES}:
            return None
        return term_end(self.listed_on, LISTING_YEARS + self.extension_years)


def list_debtor(
    debtor: str,
    listed_on: date,
    grounds: Collection[ListingGround],
    *,
    extension_years: int = 0,
    aggravated: bool = False,
    is_minor: bool = False,
    adequate_security_given: bool = False,
    seized_property_suffices: bool = False,
) -> DishonestListing:
    """Put a debtor on the list, refusing where the provisions forbid it."""
    if not grounds:
        raise InvalidInput("a listing needs at least one ground of Art 1")
    if is_minor:
        raise InvalidInput("a minor cannot be listed (法释〔2017〕7号 Art 4 [K])")
    if adequate_security_given or seized_property_suffices:
        raise InvalidInput("no listing where security was given or seized property suffices (Art 3 [K])")
    kinds = frozenset(grounds)
    if extension_years:
        if extension_years not in EXTENSION_YEARS:
            raise InvalidInput(
                msg(
                    "an extension is 1 to 3 years (Art 2), asked %(extension_years)s",
                    extension_years=extension_years,
                )
            )
        if not (aggravated or len(kinds) > 1):
            raise InvalidInput("an extension needs serious violence or threats, or several grounds (Art 2)")
        if not kinds - {ListingGround.ABLE_BUT_REFUSES}:
            raise InvalidInput("a listing on ground (1) alone has no term to extend (Art 2)")
    return DishonestListing(debtor, listed_on, kinds, extension_years, aggravated)


def delisting_due(event_on: date, calendar: WorkCalendar | None = None) -> date:
    """Last day to delete the listing: the 3rd working day after the event (Art 10)."""
    return add_working_days(event_on, DELIST_WORKING_DAYS, calendar or HolidayCalendar())


def delist(listing: DishonestListing, on: date, reason: DelistingReason) -> DishonestListing:
    if listing.delisted_on is not None:
        if (listing.delisted_on, listing.delisting_reason) == (on, reason):
            return listing
        raise Conflict(
            msg(
                "%(debtor)s was already delisted on %(delisted_on)s",
                debtor=listing.debtor,
                delisted_on=listing.delisted_on,
            )
        )
    if on < listing.listed_on:
        raise InvalidInput("delisting cannot predate the listing")
    return msgspec.structs.replace(listing, delisted_on=on, delisting_reason=reason)


def listings_due_for_removal(
    listings: Collection[DishonestListing], today: date, calendar: WorkCalendar | None = None
) -> list[tuple[DishonestListing, date]]:
    """Listings whose term has run out and that are not yet removed, with the day removal is due (Art 10 para 2)."""
    cal = calendar or HolidayCalendar()
    due: list[tuple[DishonestListing, date]] = []
    for listing in listings:
        end = listing.term_ends_on
        if listing.delisted_on is None and end is not None and end < today:
            due.append((listing, add_working_days(end, DELIST_WORKING_DAYS, cal)))
    return due


# --- consumption restriction, SPC 法释〔2015〕17号 ---------------------------------------------------------


class RestrictionLift(StrEnum):
    PERFORMED = "performed"  # must be lifted (Art 9 [K])
    SECURITY_GIVEN = "security_given"  # may be lifted
    APPLICANT_AGREES = "applicant_agrees"  # may be lifted


class ConsumptionRestriction(msgspec.Struct, frozen=True):
    """Consumption restriction order (限制消费令). No fixed term: it lasts until lifted."""

    debtor: str
    issued_on: date
    # for an entity: legal representative, persons in charge, actual controller (Art 3)
    bound_persons: tuple[str, ...] = ()
    lifted_on: date | None = None
    lift_reason: RestrictionLift | None = None


def restriction_required(listed_dishonest: bool) -> bool:
    """Listed dishonest debtors must be restricted (Art 1 para 2)."""
    return listed_dishonest


def may_restrict(notice_deadline: date, today: date, fully_performed: bool) -> bool:
    """A debtor who has not performed by the date in the execution notice may be restricted (Art 1 para 1)."""
    return not fully_performed and today > notice_deadline


def restrict_consumption(
    debtor: str, issued_on: date, notice_deadline: date, bound_persons: tuple[str, ...] = ()
) -> ConsumptionRestriction:
    if issued_on <= notice_deadline:
        raise InvalidInput(
            msg(
                "the performance period of the execution notice runs to %(notice_deadline)s; restriction only after it (法释〔2015〕17号 Art 1)",
                notice_deadline=notice_deadline,
            )
        )
    return ConsumptionRestriction(debtor, issued_on, bound_persons)


def lift_restriction(
    order: ConsumptionRestriction, on: date, reason: RestrictionLift
) -> ConsumptionRestriction:
    if order.lifted_on is not None:
        raise Conflict(
            msg(
                "the restriction of %(debtor)s was lifted on %(lifted_on)s",
                debtor=order.debtor,
                lifted_on=order.lifted_on,
            )
        )
    if on < order.issued_on:
        raise InvalidInput("lifting cannot predate the order")
    return msgspec.structs.replace(order, lifted_on=on, lift_reason=reason)
