"""Docket search (案件查询): by number, party, ID number, cause, status, judge and dates — only cases the user may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from court.accounts.policy import Principal
from court.accounts.roles import Role
from court.cases.tables import Case, CaseParty
from court.db import page_window
from court.replica import lagging

MAX_PAGE = 100
COURT_STAFF = frozenset({Role.CLERK, Role.JUDGE, Role.COURT_LEADER, Role.ENFORCEMENT_OFFICER})
PARTY_ROLES = frozenset({Role.LITIGANT, Role.LAWYER})


def normalise_case_number(text: str) -> str | None:
    """The stored written form of a typed case number: half-width brackets, spaces and zero padding removed
    (（2016）浙0103刑初00045号 and (2016)浙0103 刑初 45号 are the same case). None when it is not a whole number."""
    from kernel.case_numbers import InvalidCaseNumber, format_case_number, parse_case_number

    try:
        return format_case_number(parse_case_number(text.strip()))
    except InvalidCaseNumber:
        return None


@dataclass(frozen=True, slots=True)
class CaseQuery:
    """What the user searches for; every field is optional and they combine with AND."""

    number: str | None = None  # whole number (any common written form) or a fragment of it
    party: str | None = None  # part of a party's name
    id_number: str | None = None  # a party's resident ID number or unified social credit code, whole
    cause: str | None = None  # part of the cause of action
    status: str | None = None
    judge_id: int | None = None
    registered_from: date | None = None
    registered_to: date | None = None
    limit: int = 20
    offset: int = 0


def _fragment(text: str) -> str:
    # A user's % or _ would act as a wildcard; fragments are plain text.
    return "%" + text.replace("%", "").replace("_", "").strip() + "%"


def _like(column: Any, text: str) -> Any:
    """column contains text; a fragment that is nothing but wildcards matches nothing rather than everything."""
    pattern = _fragment(text)
    return column.like(pattern) if pattern != "%%" else (Case.id < 0)


def _visible(p: Principal) -> Any | None:
    """The condition limiting cases to those the principal may see (the policy's VIEW rule, as a query)."""
    if p.role in COURT_STAFF and p.court_code:
        return Case.court_code == p.court_code
    if p.role in PARTY_ROLES:
        linked = CaseParty.select(CaseParty.case).where(CaseParty.user_id == p.user_id)
        return (Case.filer_id == p.user_id) | Case.id.is_in(linked)
    return None


def _conditions(q: CaseQuery) -> list[Any]:
    where: list[Any] = []
    if q.number:
        whole = normalise_case_number(q.number)
        where.append(Case.number == whole if whole else _like(Case.number, q.number))
    if q.party:
        where.append(Case.id.is_in(CaseParty.select(CaseParty.case).where(_like(CaseParty.name, q.party))))
    if q.id_number:
        ident = q.id_number.strip().upper()
        where.append(
            Case.id.is_in(
                CaseParty.select(CaseParty.case).where(
                    (CaseParty.id_number == ident) | (CaseParty.uscc == ident)
                )
            )
        )
    if q.cause:
        where.append(_like(Case.cause_name, q.cause))
    if q.status:
        where.append(Case.status == q.status)
    if q.judge_id is not None:
        where.append(Case.judge_id == q.judge_id)
    if q.registered_from:
        where.append(Case.registered_on >= q.registered_from)
    if q.registered_to:
        where.append(Case.registered_on <= q.registered_to)
    return where


COLUMNS = (
    Case.id,
    Case.number,
    Case.court_code,
    Case.cause_name,
    Case.status,
    Case.procedure,
    Case.judge_id,
    Case.registered_on,
    Case.deadline,
)


async def search_cases(p: Principal, q: CaseQuery) -> dict[str, Any]:
    """A page of matching cases, newest first, with the total; an empty page for users who see no cases."""
    limit, offset = page_window(q.limit, q.offset, max_limit=MAX_PAGE)
    visible = _visible(p)
    if visible is None:
        return {"total": 0, "limit": limit, "offset": offset, "items": []}
    condition = visible
    for c in _conditions(q):
        condition = condition & c
    # Search may lag the primary by the replica's replay delay (court/replica.py).
    total = await lagging(Case.count().where(condition))
    items = await lagging(
        Case.select(*COLUMNS)
        .where(condition)
        .order_by(Case.registered_at, ascending=False)
        .order_by(Case.id, ascending=False)
        .limit(limit)
        .offset(offset)
    )
    return {"total": total, "limit": limit, "offset": offset, "items": items}
