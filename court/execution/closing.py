"""Closing an enforcement matter (结案): the six closing types, the conditions of 终本, re-queries and resumption."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

import msgspec

from court.cases.deadlines import add_months
from court.errors import Conflict, InvalidInput
from court.i18n import msg


class ClosingType(StrEnum):
    """Closing types of enforcement cases (SPC 法发〔2014〕26号 [K for the article numbers])."""

    FULLY_PERFORMED = "fully_performed"  # 执行完毕
    ZHONGBEN = "zhongben"  # 终结本次执行程序
    TERMINATED = "terminated"  # 终结执行
    WITHDRAWN = "withdrawn"  # 销案
    NOT_ENFORCED = "not_enforced"  # 不予执行
    REJECTED = "rejected"  # 驳回申请


class TerminationGround(StrEnum):
    """Grounds for terminating enforcement (终结执行), CPL (2023) Art 268 (Art 264 in 2021)."""

    APPLICANT_WITHDREW = "applicant_withdrew"  # (1) 申请人撤销申请 (also after a settlement, see below)
    TITLE_SET_ASIDE = "title_set_aside"  # (2) 据以执行的法律文书被撤销
    DEBTOR_DIED_NO_ESTATE = "debtor_died_no_estate"  # (3)
    MAINTENANCE_CREDITOR_DIED = "maintenance_creditor_died"  # (4)
    DEBTOR_DESTITUTE = "debtor_destitute"  # (5)
    OTHER = "other"  # (6) 人民法院认为应当终结执行的其他情形 (e.g. bankruptcy declared)


class WithdrawalGround(StrEnum):
    """Grounds for 销案 (法发〔2014〕26号 [K]): the case should not have stayed in this court."""

    JURISDICTION_OBJECTION_UPHELD = "jurisdiction_objection_upheld"
    ANOTHER_COURT_REGISTERED_FIRST = "another_court_registered_first"
    COMMISSION_RETURNED = "commission_returned"


class Settlement(msgspec.Struct, frozen=True):
    """Enforcement settlement (执行和解). It is recorded; the matter still ends in one of the closing types."""

    agreed_on: date
    fully_performed: bool = False
    applicant_withdrew: bool = False


class MatterFacts(msgspec.Struct, frozen=True):
    """What is known about a matter that bears on closing it. Every flag defaults to "not done"."""

    registered_on: date
    # 终本 Art 1(1) with Art 2: notice, report order, report checked, breaches of the report duty sanctioned
    execution_notice_sent: bool = False
    report_order_issued: bool = False
    report_checked: bool = False
    report_breached: bool = False
    report_breach_sanctioned: bool = False
    # Art 1(2)
    consumption_restriction_issued: bool = False
    dishonest_listing_conditions_met: bool = False
    listed_dishonest: bool = False
    # Art 1(3) with Art 3: exhausted property searches
    applicant_leads_given: bool = False
    applicant_leads_checked: bool = False
    network_inquiry_done: bool = False  # 网络执行查控系统: deposits, vehicles, real estate, securities
    network_inquiry_incomplete: bool = False  # some agency could not be queried through the network
    on_site_investigation_done: bool = False
    hiding_suspected: bool = False  # assets or books hidden and not handed over
    search_done: bool = False
    audit_or_reward_requested: bool = False  # applicant asked for an audit or a reward notice
    audit_or_reward_done: bool = False
    disposable_property_remaining: bool = False  # found property that can still be disposed of
    # Art 1(5)
    debtor_missing: bool = False
    debtor_searched_for: bool = False
    obstruction: bool = False
    obstruction_sanctioned: bool = False
    # Art 5: the applicant is told and heard before closing
    applicant_heard: bool = False
    # other closing types
    fully_performed: bool = False
    settlement: Settlement | None = None
    termination_ground: TerminationGround | None = None
    withdrawal_ground: WithdrawalGround | None = None
    non_enforcement_ruling: bool = False  # 不予执行 ruling (arbitral award / notarised debt instrument)
    rejection_ruling: bool = False  # application fails the conditions of acceptance → 驳回申请


class MissingCondition(msgspec.Struct, frozen=True):
    """A condition not yet met: a stable code for the UI, the article it comes from, and a sentence."""

    code: str
    article: str
    text: str


ZHONGBEN_RULES = "SPC 关于严格规范终结本次执行程序的规定(试行) 法〔2016〕373号"
# Art 1(4): more than three months since the case was registered.
ZHONGBEN_MIN_MONTHS = 3
# Art 9 para 2: for five years after 终本 the court queries the network system every six months.
REQUERY_EVERY_MONTHS = 6
REQUERY_FOR_YEARS = 5


def zhongben_earliest(registered_on: date) -> date:
    """First day on which "more than three months" have passed (Art 1(4))."""
    return add_months(registered_on, ZHONGBEN_MIN_MONTHS) + timedelta(days=1)


def zhongben_conditions(facts: MatterFacts, today: date) -> list[MissingCondition]:
    """The conditions of 终本 (terminating this round of enforcement) that are still missing; empty = may close."""
    missing: list[MissingCondition] = []

    def need(ok: bool, code: str, article: str, text: str) -> None:
        if not ok:
            missing.append(MissingCondition(code, article, text))

    need(facts.execution_notice_sent, "execution_notice", "Art 1(1)", "execution notice not sent")
    need(facts.report_order_issued, "report_order", "Art 2(1)", "order to report property not issued")
    need(facts.report_checked, "report_checked", "Art 2(2)", "the debtor's property report not checked")
    need(
        not facts.report_breached or facts.report_breach_sanctioned,
        "report_breach_sanctioned",
        "Art 2(3)",
        "late, refused or false report not sanctioned",
    )
    need(
        facts.consumption_restriction_issued,
        "consumption_restriction",
        "Art 1(2)",
        "consumption restriction order not issued",
    )
    need(
        not facts.dishonest_listing_conditions_met or facts.listed_dishonest,
        "dishonest_listing",
        "Art 1(2)",
        "debtor meets the conditions of the dishonest list but is not listed",
    )
    need(
        not facts.applicant_leads_given or facts.applicant_leads_checked,
        "leads_checked",
        "Art 3(1)",
        "property leads from the applicant not checked",
    )
    need(facts.network_inquiry_done, "network_inquiry", "Art 3(2)", "network inquiry (网络查控) not done")
    need(
        not facts.network_inquiry_incomplete or facts.on_site_investigation_done,
        "on_site_investigation",
        "Art 3(3)",
        "what the network could not answer has not been investigated on the spot",
    )
    need(
        not facts.hiding_suspected or facts.search_done,
        "search",
        "Art 3(4)",
        "hidden property or books: no search carried out",
    )
    need(
        not facts.audit_or_reward_requested or facts.audit_or_reward_done,
        "audit_or_reward",
        "Art 3(5)",
        "the applicant's request for an audit or reward notice not handled",
    )
    need(
        not facts.disposable_property_remaining,
        "property_remaining",
        "Art 1(3)",
        "property that can be disposed of is still there",
    )
    earliest = zhongben_earliest(facts.registered_on)
    need(
        today >= earliest,
        "three_months",
        "Art 1(4)",
        f"not more than three months since registration on {facts.registered_on}; possible from {earliest}",
    )
    need(
        not facts.debtor_missing or facts.debtor_searched_for,
        "debtor_searched",
        "Art 1(5)",
        "the missing debtor has not been searched for",
    )
    need(
        not facts.obstruction or facts.obstruction_sanctioned,
        "obstruction_sanctioned",
        "Art 1(5)",
        "obstruction of enforcement not sanctioned",
    )
    need(facts.applicant_heard, "applicant_heard", "Art 5", "the applicant has not been informed and heard")
    return missing


def settlement_outcome(settlement: Settlement) -> ClosingType | None:
    """Where a settlement leads: performed → 执行完毕; applicant withdraws → 终结执行; otherwise not closable on
    the settlement alone (SPC provisions on enforcement settlement 2018 [K])."""
    if settlement.fully_performed:
        return ClosingType.FULLY_PERFORMED
    if settlement.applicant_withdrew:
        return ClosingType.TERMINATED
    return None


def closing_problems(kind: ClosingType, facts: MatterFacts, today: date) -> list[MissingCondition]:
    """Why the matter cannot (yet) be closed as `kind`; empty when it can."""
    outcome = settlement_outcome(facts.settlement) if facts.settlement else None
    if kind is ClosingType.ZHONGBEN:
        return zhongben_conditions(facts, today)
    if kind is ClosingType.FULLY_PERFORMED:
        if facts.fully_performed or outcome is ClosingType.FULLY_PERFORMED:
            return []
        return [
            MissingCondition("not_performed", "法发〔2014〕26号", "the title has not been fully performed")
        ]
    if kind is ClosingType.TERMINATED:
        if facts.termination_ground is not None or outcome is ClosingType.TERMINATED:
            return []
        return [
            MissingCondition("termination_ground", "CPL 2023 Art 268", "no ground for termination recorded")
        ]
    if kind is ClosingType.WITHDRAWN:
        if facts.withdrawal_ground is not None:
            return []
        return [MissingCondition("withdrawal_ground", "法发〔2014〕26号", "no ground for 销案 recorded")]
    if kind is ClosingType.NOT_ENFORCED:
        if facts.non_enforcement_ruling:
            return []
        return [
            MissingCondition("non_enforcement_ruling", "CPL 2023 Art 248-249", "no ruling not to enforce")
        ]
    if facts.rejection_ruling:
        return []
    return [MissingCondition("rejection_ruling", "法发〔2014〕26号", "no ruling rejecting the application")]


def can_close(kind: ClosingType, facts: MatterFacts, today: date) -> bool:
    return not closing_problems(kind, facts, today)


class ClosedMatter(msgspec.Struct, frozen=True):
    matter_id: str
    kind: ClosingType
    closed_on: date


def close(matter_id: str, kind: ClosingType, facts: MatterFacts, today: date) -> ClosedMatter:
    problems = closing_problems(kind, facts, today)
    if problems:
        raise InvalidInput(
            f"cannot close as {kind}: " + "; ".join(p.text for p in problems),
            missing=[p.code for p in problems],
        )
    return ClosedMatter(matter_id, kind, today)


def requery_schedule(closed_on: date) -> list[date]:
    """Dates of the network re-queries after 终本: every 6 months for 5 years (终本 rules Art 9 para 2)."""
    count = REQUERY_FOR_YEARS * 12 // REQUERY_EVERY_MONTHS
    return [add_months(closed_on, REQUERY_EVERY_MONTHS * k) for k in range(1, count + 1)]


class Resumption(msgspec.Struct, frozen=True):
    """Resumed enforcement (恢复执行): a new matter with a 执恢 case number, linked to the closed one."""

    previous_matter_id: str
    resumed_on: date
    ex_officio: bool


def resume(closed: ClosedMatter, on: date, new_property_found: bool, ex_officio: bool = False) -> Resumption:
    """Resume a 终本 matter when property is found (Art 9), not bound by the 2-year application period."""
    if closed.kind is not ClosingType.ZHONGBEN:
        raise Conflict(
            msg(
                "only a 终本 matter is resumed on new property; this one closed as %(kind)s", kind=closed.kind
            )
        )
    if not new_property_found:
        raise InvalidInput("resumption needs property found (终本 rules Art 9)")
    if on < closed.closed_on:
        raise InvalidInput("resumption cannot predate the closing")
    return Resumption(closed.matter_id, on, ex_officio)
