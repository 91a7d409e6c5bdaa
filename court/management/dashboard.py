"""The leaders' dashboard figures (院领导驾驶舱) for one court and period: intake, registrations and closures,
clearance, time limits, execution money, and cross-region filings with the competent court's response time."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from statistics import median
from typing import Any

import msgspec

from court.accounts.policy import Action, Principal, Resource, ResourceKind, require
from court.cases import service as cases
from court.cases.tables import Case
from court.execution.ledger import AccountKind, LedgerEntry
from court.execution.tables import EnforcementMatter, LedgerEntryRow
from court.filing.docket_view import as_json
from court.filing.status import FilingStatus
from court.filing.tables import Filing, FilingEvent
from court.web.templating import COURT_TZ

DECIDED = (FilingStatus.REGISTERED.value, FilingStatus.REFUSED.value, FilingStatus.RETURNED.value)
ZERO = Decimal("0.00")


def local_day(at: datetime) -> date:
    return at.astimezone(COURT_TZ).date() if at.tzinfo else at.date()


def day_start(day: date) -> datetime:
    """Midnight in the court's time zone, as a UTC instant: days are counted as the court counts them."""
    return datetime.combine(day, time.min, tzinfo=COURT_TZ).astimezone(UTC)


def per_day(days: Iterable[date], start: date, end: date) -> list[int]:
    """How many of `days` fall on each day from start to end inclusive (days outside are ignored)."""
    counts = Counter(days)
    return [counts.get(start + timedelta(days=i), 0) for i in range((end - start).days + 1)]


def per_week(daily: list[int], start: date) -> tuple[list[str], list[int]]:
    """Sum daily counts into weeks beginning on Monday; each week is labelled by its first day in the period."""
    labels: list[str] = []
    values: list[int] = []
    for i, n in enumerate(daily):
        day = start + timedelta(days=i)
        if i == 0 or day.weekday() == 0:
            labels.append(day.strftime("%m-%d"))
            values.append(0)
        values[-1] += n
    return labels, values


def clearance_rate(closed: int, registered: int) -> Decimal | None:
    """Closed per hundred registered in the period (结收案比); None when nothing was registered."""
    if registered == 0:
        return None
    return (Decimal(closed) * 100 / Decimal(registered)).quantize(Decimal("0.1"))


def response_hours(events: list[dict[str, Any]]) -> dict[int, Decimal | None]:
    """Per forwarded filing: hours from its (first) forwarding to the competent court's decision, None if undecided.

    `events` are one court's forwarding and decision events, each with filing, at and to_status."""
    forwarded: dict[int, datetime] = {}
    decided: dict[int, datetime] = {}
    for e in sorted(events, key=lambda e: e["at"]):
        fid = int(e["filing"])
        if e["to_status"] == FilingStatus.FORWARDED and fid not in forwarded:
            forwarded[fid] = e["at"]
        elif e["to_status"] in DECIDED and fid in forwarded and fid not in decided:
            decided[fid] = e["at"]
    return {
        fid: (Decimal((decided[fid] - at).total_seconds()) / 3600).quantize(Decimal("0.1"))
        if fid in decided
        else None
        for fid, at in forwarded.items()
    }


async def _money(court_code: str, start: date, end: date) -> tuple[Decimal, Decimal]:
    """Execution money into and out of the court's custody account (执行款专户) in the period, from the ledger."""
    matters = EnforcementMatter.select(EnforcementMatter.id).where(EnforcementMatter.court_code == court_code)
    rows = await LedgerEntryRow.select(LedgerEntryRow.entry).where(LedgerEntryRow.matter.is_in(matters))
    money_in, money_out = ZERO, ZERO
    for row in rows:
        entry = msgspec.convert(as_json(row["entry"]), LedgerEntry)
        if not start <= entry.on <= end:
            continue
        for line in entry.lines:
            if line.account.kind is AccountKind.CUSTODY:
                money_in += line.debit
                money_out += line.credit
    return money_in, money_out


async def _cross_region(court_code: str, start: date, end: date) -> dict[str, Any]:
    since, until = day_start(start), day_start(end + timedelta(days=1))
    sent = await FilingEvent.count().where(
        (FilingEvent.to_status == FilingStatus.FORWARDED)
        & (FilingEvent.filing.receiving_court_code == court_code)
        & (FilingEvent.at >= since)
        & (FilingEvent.at < until)
    )
    incoming = Filing.select(Filing.id).where(
        (Filing.competent_court_code == court_code) & (Filing.receiving_court_code != court_code)
    )
    events = await FilingEvent.select(FilingEvent.filing, FilingEvent.at, FilingEvent.to_status).where(
        FilingEvent.filing.is_in(incoming)
        & FilingEvent.to_status.is_in([FilingStatus.FORWARDED.value, *DECIDED])
        & (FilingEvent.at < until)
    )
    firsts = {
        int(e["filing"]): e["at"]
        for e in sorted(events, key=lambda e: e["at"])
        if e["to_status"] == FilingStatus.FORWARDED
    }
    hours = {fid: h for fid, h in response_hours(events).items() if since <= firsts[fid] < until}
    answered = sorted(h for h in hours.values() if h is not None)
    return {
        "sent": sent,
        "received": len(hours),
        "answered": len(answered),
        "waiting": sum(1 for h in hours.values() if h is None),
        "median_hours": median(answered) if answered else None,
        "longest_hours": answered[-1] if answered else None,
    }


async def dashboard(principal: Principal, *, today: date, days: int) -> dict[str, Any]:
    court_code = str(principal.court_code or "")
    require(principal, Action.VIEW_DASHBOARD, Resource(ResourceKind.COURT, court_code=principal.court_code))
    start, end = today - timedelta(days=days - 1), today
    received = await Filing.select(Filing.submitted_at).where(
        (Filing.receiving_court_code == court_code)
        & (Filing.submitted_at >= day_start(start))
        & (Filing.submitted_at < day_start(end + timedelta(days=1)))
    )
    daily = per_day((local_day(r["submitted_at"]) for r in received), start, end)
    week_labels, weekly = per_week(daily, start)
    registered = await Case.count().where(
        (Case.court_code == court_code) & (Case.registered_on >= start) & (Case.registered_on <= end)
    )
    # A closure is a case that is closed (or since archived) with its closing date in the period: a closing date on
    # a case in any other status is not one. Counted by closing method (结案方式) for the breakdown.
    closures = await Case.select(Case.closing_method).where(
        (Case.court_code == court_code)
        & Case.status.is_in(["closed", "archived"])
        & (Case.closed_on >= start)
        & (Case.closed_on <= end)
    )
    closed = len(closures)
    closed_by_method = dict(Counter(r["closing_method"] or "unrecorded" for r in closures))
    pressing = cases.split_by_status(await cases.cases_by_deadline(principal, today=today, limit=500))
    money_in, money_out = await _money(court_code, start, end)
    return {
        "court_code": court_code,
        "start": start,
        "end": end,
        "days": days,
        "received": sum(daily),
        "daily": daily,
        "day_labels": [(start + timedelta(days=i)).strftime("%m-%d") for i in range(len(daily))],
        "week_labels": week_labels,
        "weekly": weekly,
        "registered": registered,
        "closed": closed,
        "closed_by_method": closed_by_method,
        "clearance": clearance_rate(closed, registered),
        "near": pressing["near"],
        "overdue": pressing["overdue"],
        "money_in": money_in,
        "money_out": money_out,
        "cross_region": await _cross_region(court_code, start, end),
    }
