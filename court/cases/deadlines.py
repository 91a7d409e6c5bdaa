"""The one deadline engine (期限): court time limits (审限) of every case type and the parties' periods, counted
under CPL Art 85 on the holiday calendar, each answer with its rule, article and whether it is provisional.

Pure functions over data tables; the article is beside each row. Abbreviations:
CPL = Civil Procedure Law (2023 amendment, in force 2024-01-01). The 2023 amendment inserted four articles on
  estate administrators (指定遗产管理人, Arts 194-197) into the special procedure, so every article from the old
  Art 194 on moved up by four: retrial review 2021 Art 211 -> 215, payment order 223 -> 227, application for
  enforcement 246 -> 250; the articles before it (85, 95, 126, 128, 152, 164, 168, 171, 183, 187) kept their numbers.
CPL-Interp = SPC Interpretation on the CPL (法释〔2022〕11号). ALL = Administrative Litigation Law (2017).
CrimPL = Criminal Procedure Law (2018). Registration rules = 法释〔2015〕8号 (登记立案若干问题的规定).
Enforcement rules = 法发〔2006〕35号 (关于人民法院办理执行案件若干期限的规定).
Evidence Rules = 法释〔2019〕19号 (关于民事诉讼证据的若干规定). Fee Measures = 诉讼费用交纳办法 (国务院令第481号).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

import msgspec

from court.cases.holidays import HolidayCalendar, active_calendar
from court.errors import InvalidInput


class Approver(StrEnum):
    """Who may approve an extension (延长审限/执行期限)."""

    PRESIDENT = "president"  # 本院院长
    VICE_PRESIDENT = "vice_president"  # 副院长
    HIGHER_COURT = "higher_court"  # 上级人民法院


@dataclass(frozen=True, slots=True)
class ExtensionRule:
    """Who may extend a limit, by how much in total (None: the law sets no ceiling)."""

    approvers: frozenset[Approver]
    max_months: int | None
    max_days: int | None
    article: str


@dataclass(frozen=True, slots=True)
class LimitRule:
    """One row of the time-limit table: its length, its name, the source, and how it may be extended."""

    months: int
    days: int
    article: str
    extensions: tuple[ExtensionRule, ...] = ()
    rule: str = ""  # what the period is, in a line (shown with every answer)
    # CrimPL Art 105 para 2: a period ending on a holiday rolls over, except while the defendant is in custody
    # (在押期间): then it ends on its last day.
    roll_over: bool = True
    note: str | None = None


class TimeLimit(StrEnum):
    """A period the court must keep (审限 and other court periods). Values are stored in cases.time_limit."""

    REGISTRATION = "registration"  # 立案审查: decide within 7 days
    REGISTRATION_PRIVATE_PROSECUTION = "registration_private_prosecution"  # 刑事自诉: 15 days
    REGISTRATION_THIRD_PARTY_REVOCATION = "registration_third_party_revocation"  # 第三人撤销之诉: 30 days
    REGISTRATION_ENFORCEMENT_OBJECTION_ACTION = (
        "registration_enforcement_objection_action"  # 执行异议之诉: 15 days
    )
    ORDINARY = "ordinary"  # 普通程序
    SUMMARY = "summary"  # 简易程序
    SMALL_CLAIMS = "small_claims"  # 小额诉讼
    APPEAL_JUDGMENT = "appeal_judgment"  # 第二审: 对判决的上诉
    APPEAL_RULING = "appeal_ruling"  # 第二审: 对裁定的上诉
    SPECIAL = "special"  # 特别程序
    RETRIAL_REVIEW = "retrial_review"  # 再审审查 (民申)
    PAYMENT_ORDER = "payment_order"  # 督促程序: issue the payment order
    ADMINISTRATIVE_FIRST = "administrative_first"  # 行政一审
    ADMINISTRATIVE_SUMMARY = "administrative_summary"  # 行政简易程序
    ADMINISTRATIVE_APPEAL = "administrative_appeal"  # 行政二审
    CRIMINAL_FIRST = "criminal_first"  # 刑事公诉一审
    CRIMINAL_PRIVATE_CUSTODY = "criminal_private_custody"  # 刑事自诉, defendant in custody
    CRIMINAL_PRIVATE = "criminal_private"  # 刑事自诉, defendant not in custody
    CRIMINAL_APPEAL = "criminal_appeal"  # 刑事二审
    ENFORCEMENT = "enforcement"  # 有财产可供执行的执行案件
    ENFORCEMENT_NON_LITIGATION = "enforcement_non_litigation"  # 非诉执行案件
    EXECUTION_NOTICE = "execution_notice"  # 执行通知

    @property
    def rule(self) -> LimitRule:
        return TIME_LIMITS[self]


_PRESIDENT = frozenset({Approver.PRESIDENT})
_HIGHER = frozenset({Approver.HIGHER_COURT})
_ENFORCEMENT_EXTENSION = ExtensionRule(
    frozenset({Approver.PRESIDENT, Approver.VICE_PRESIDENT}),
    None,
    None,
    "enforcement rules Art 1 (president or vice-president; ask at least 5 days before expiry)",
)
# CrimPL Art 208: 2 months, "至迟不得超过三个月" (the third month on the court's own approval); capital cases,
# cases with an incidental civil action and the CrimPL Art 158 cases: 3 more months with the higher court.
_CUSTODY_NOTE = "counted under CrimPL Art 105: if the defendant is in custody, a last day on a holiday is not extended"
_CRIMINAL_FIRST_EXTENSIONS = (
    ExtensionRule(_PRESIDENT, 1, None, "CrimPL Art 208 (to at most 3 months)"),
    ExtensionRule(_HIGHER, 3, None, "CrimPL Art 208 (3 more months, higher court: capital, incidental civil, Art 158)"),
)

TIME_LIMITS: dict[TimeLimit, LimitRule] = {
    TimeLimit.REGISTRATION: LimitRule(0, 7, "CPL Art 126; registration rules Art 8", rule="decide on registration"),
    TimeLimit.REGISTRATION_PRIVATE_PROSECUTION: LimitRule(
        0, 15, "registration rules Art 8", rule="decide on registering a private prosecution"
    ),
    TimeLimit.REGISTRATION_THIRD_PARTY_REVOCATION: LimitRule(
        0, 30, "registration rules Art 8", rule="decide on registering a third-party revocation action"
    ),
    TimeLimit.REGISTRATION_ENFORCEMENT_OBJECTION_ACTION: LimitRule(
        0, 15, "registration rules Art 8", rule="decide on registering an enforcement objection action"
    ),
    TimeLimit.ORDINARY: LimitRule(
        6,
        0,
        "CPL Art 152",
        (
            ExtensionRule(_PRESIDENT, 6, None, "CPL Art 152 (6 more months, court president)"),
            ExtensionRule(_HIGHER, None, None, "CPL Art 152 (beyond: higher court)"),
        ),
        rule="first instance, ordinary procedure: 6 months from registration",
    ),
    TimeLimit.SUMMARY: LimitRule(
        3,
        0,
        "CPL Art 164",
        (ExtensionRule(_PRESIDENT, 1, None, "CPL Art 164 (1 month, court president)"),),
        rule="first instance, summary procedure: 3 months from registration",
    ),
    TimeLimit.SMALL_CLAIMS: LimitRule(
        2,
        0,
        "CPL Art 168",
        (ExtensionRule(_PRESIDENT, 1, None, "CPL Art 168 (1 month, court president)"),),
        rule="small claims: 2 months from registration",
    ),
    TimeLimit.APPEAL_JUDGMENT: LimitRule(
        3,
        0,
        "CPL Art 183",
        (ExtensionRule(_PRESIDENT, None, None, "CPL Art 183 (court president)"),),
        rule="second instance against a judgment: 3 months from registration of the appeal",
    ),
    # CPL Art 183 gives rulings on appeal 30 days and provides no extension.
    TimeLimit.APPEAL_RULING: LimitRule(
        0, 30, "CPL Art 183", rule="second instance against a ruling: 30 days from registration of the appeal"
    ),
    # CPL Art 187: 30 days from registration or from the end of the publication period; the president may extend,
    # except in voter-qualification cases (选民资格, which must end before election day).
    TimeLimit.SPECIAL: LimitRule(
        0,
        30,
        "CPL Art 187",
        (ExtensionRule(_PRESIDENT, None, None, "CPL Art 187 (court president; not voter-qualification cases)"),),
        rule="special procedure: 30 days from registration (or from the end of publication)",
    ),
    TimeLimit.RETRIAL_REVIEW: LimitRule(
        3,
        0,
        "CPL Art 215",
        (ExtensionRule(_PRESIDENT, None, None, "CPL Art 215 (court president)"),),
        rule="review of a retrial application: 3 months from receipt of the application",
    ),
    # CPL Art 227 (2021 Art 223): the payment order issues within 15 days of acceptance (受理之日起十五日内).
    TimeLimit.PAYMENT_ORDER: LimitRule(
        0, 15, "CPL Art 227", rule="payment order: issue within 15 days of accepting the application"
    ),
    TimeLimit.ADMINISTRATIVE_FIRST: LimitRule(
        6,
        0,
        "ALL Art 81",
        (
            ExtensionRule(_HIGHER, None, None, "ALL Art 81 (higher people's court)"),
        ),
        rule="administrative first instance: 6 months from registration",
    ),
    TimeLimit.ADMINISTRATIVE_SUMMARY: LimitRule(
        0, 45, "ALL Art 83", rule="administrative summary procedure: 45 days from registration"
    ),
    TimeLimit.ADMINISTRATIVE_APPEAL: LimitRule(
        3,
        0,
        "ALL Art 88",
        (ExtensionRule(_HIGHER, None, None, "ALL Art 88 (higher people's court)"),),
        rule="administrative second instance: 3 months from receipt of the appeal",
    ),
    TimeLimit.CRIMINAL_FIRST: LimitRule(
        2,
        0,
        "CrimPL Art 208",
        _CRIMINAL_FIRST_EXTENSIONS,
        rule="criminal first instance (public prosecution): judgment within 2 months of acceptance, at most 3",
        note=_CUSTODY_NOTE,
    ),
    # CrimPL Art 212 para 2: a defendant in custody — the public-prosecution limits of Art 208 paras 1-2 apply.
    TimeLimit.CRIMINAL_PRIVATE_CUSTODY: LimitRule(
        2,
        0,
        "CrimPL Art 212 (Art 208 applies)",
        _CRIMINAL_FIRST_EXTENSIONS,
        rule="criminal private prosecution, defendant in custody: 2 months of acceptance, at most 3",
        roll_over=False,
        note="the defendant is in custody: a last day on a holiday is not extended (CrimPL Art 105)",
    ),
    TimeLimit.CRIMINAL_PRIVATE: LimitRule(
        6, 0, "CrimPL Art 212", rule="criminal private prosecution, defendant not in custody: 6 months of acceptance"
    ),
    TimeLimit.CRIMINAL_APPEAL: LimitRule(
        2,
        0,
        "CrimPL Art 243",
        (ExtensionRule(_HIGHER, 2, None, "CrimPL Art 243 (2 more months: capital, incidental civil, Art 158)"),),
        rule="criminal second instance: 2 months from acceptance of the appeal",
        note=_CUSTODY_NOTE,
    ),
    TimeLimit.ENFORCEMENT: LimitRule(
        6,
        0,
        "enforcement rules Art 1",
        (_ENFORCEMENT_EXTENSION,),
        rule="enforcement with property to enforce: 6 months from registration",
    ),
    TimeLimit.ENFORCEMENT_NON_LITIGATION: LimitRule(
        3,
        0,
        "enforcement rules Art 1",
        (_ENFORCEMENT_EXTENSION,),
        rule="non-litigation enforcement: 3 months from registration",
    ),
    TimeLimit.EXECUTION_NOTICE: LimitRule(
        0, 10, "CPL-Interp Art 480", rule="send the execution notice within 10 days of registration"
    ),
}


@dataclass(frozen=True, slots=True)
class Extension:
    """An approved extension (延长期限): who approved it, why, and by how much."""

    approver: Approver
    approved_by: str  # person key of the approver
    reason: str
    months: int = 0
    days: int = 0


class SuspensionReason(StrEnum):
    """Periods not counted in the trial limit (不计入审限), CPL-Interp Art 243."""

    PUBLIC_NOTICE = "public_notice"  # 公告期间
    APPRAISAL = "appraisal"  # 鉴定期间
    SETTLEMENT = "settlement"  # 双方当事人和解期间
    JURISDICTION_OBJECTION = "jurisdiction_objection"  # 审理管辖异议
    JURISDICTION_DISPUTE = "jurisdiction_dispute"  # 处理法院之间的管辖争议
    OTHER = "other"  # another period the law excludes; the note must say which


@dataclass(frozen=True, slots=True)
class Suspension:
    """A stretch of days, first and last inclusive, that the limit does not count."""

    first_day: date
    last_day: date
    reason: SuspensionReason
    note: str = ""


def add_months(start: date, months: int) -> date:
    """Civil Code Art 202: the corresponding day of the last month, or that month's last day if it has none."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _check_extensions(limit: TimeLimit, extensions: list[Extension]) -> None:
    rule = limit.rule
    used: dict[ExtensionRule, tuple[int, int]] = {}
    for ext in extensions:
        if not ext.reason.strip() or not ext.approved_by.strip():
            raise InvalidInput(f"{limit}: an extension needs an approver and a reason", field="extensions")
        if ext.months < 0 or ext.days < 0 or ext.months + ext.days == 0:
            raise InvalidInput(f"{limit}: an extension must add a positive period", field="extensions")
        allowed = next((r for r in rule.extensions if ext.approver in r.approvers), None)
        if allowed is None:
            raise InvalidInput(
                f"{limit}: {ext.approver} may not extend this limit ({rule.article})", field="extensions"
            )
        months, days = used.get(allowed, (0, 0))
        months, days = months + ext.months, days + ext.days
        if (allowed.max_months is not None and months > allowed.max_months) or (
            allowed.max_days is not None and days > allowed.max_days
        ):
            raise InvalidInput(
                f"{limit}: extensions exceed what {allowed.article} allows", field="extensions"
            )
        if allowed.max_days is None and allowed.max_months is not None and days:
            raise InvalidInput(f"{limit}: {allowed.article} extends by months", field="extensions")
        used[allowed] = (months, days)


def _suspended_days(start: date, until: date, suspensions: list[Suspension]) -> int:
    days: set[date] = set()
    for s in suspensions:
        first, last = max(s.first_day, start + timedelta(days=1)), min(s.last_day, until)
        days.update(first + timedelta(days=n) for n in range((last - first).days + 1))
    return len(days)


class Deadline(msgspec.Struct, frozen=True, kw_only=True):
    """One answer of the engine: the last day, the rule and article it rests on, and whether it is provisional.

    `provisional`: a day between the period's nominal end and the deadline (both included) lies in a year whose
    holiday notice is not known, so the State Council's schedule may still move it. `bound` says how to read a
    period the court sets itself: `at_least` (the earliest last day it may set), `at_most` (the latest).
    """

    kind: str
    start: date
    deadline: date
    rule: str
    article: str
    provisional: bool
    nominal_end: date  # before CPL Art 85's roll-over past rest days
    bound: str = "deadline"
    procedure: str | None = None
    note: str | None = None


def count_period(
    start: date, months: int, days: int, *, calendar_: HolidayCalendar | None = None, roll_over: bool = True
) -> tuple[date, date, bool]:
    """(nominal end, deadline, provisional) of a period of `months` and `days` from the event on `start`.

    CPL Art 85 (and Civil Code Arts 201-203): the start day is not counted; months end on the corresponding day;
    a period whose last day is a statutory holiday or rest day ends on the next working day.
    """
    cal = calendar_ or active_calendar()
    nominal = add_months(start, months) + timedelta(days=days)
    deadline = cal.next_working_day(nominal) if roll_over else nominal
    spanned = (nominal + timedelta(days=n) for n in range((deadline - nominal).days + 1))
    return nominal, deadline, cal.any_provisional(spanned)


def _validate(limit: TimeLimit, extensions: list[Extension], suspensions: list[Suspension]) -> None:
    _check_extensions(limit, extensions)
    for s in suspensions:
        if s.last_day < s.first_day:
            raise InvalidInput(f"suspension {s.reason}: it ends before it begins", field="suspensions")


def assess_time_limit(
    start: date,
    limit: TimeLimit | str,
    *,
    extensions: list[Extension] | None = None,
    suspensions: list[Suspension] | None = None,
    roll_over_rest_days: bool = True,
    calendar_: HolidayCalendar | None = None,
) -> Deadline:
    """The last day of `limit` counted from the event on `start` (registration, receipt of the application).

    CPL Art 85 counting (see `count_period`). Extensions are added after the limit; suspended days (CPL-Interp
    Art 243) push the deadline back day for day, counting only days before the deadline reached.
    """
    limit = TimeLimit(limit)
    extensions = extensions or []
    suspensions = suspensions or []
    _validate(limit, extensions, suspensions)
    rule = limit.rule
    months = rule.months + sum(e.months for e in extensions)
    days = rule.days + sum(e.days for e in extensions)
    base = add_months(start, months) + timedelta(days=days)
    nominal = base
    while True:  # each pass can only move the deadline later, and suspensions are finite
        moved = base + timedelta(days=_suspended_days(start, nominal, suspensions))
        if moved == nominal:
            break
        nominal = moved
    # The suspensions are already inside `nominal`: count it as a plain day period from `start`.
    _, deadline, provisional = count_period(
        start, 0, (nominal - start).days, calendar_=calendar_, roll_over=roll_over_rest_days and rule.roll_over
    )
    return Deadline(
        kind="time_limit",
        start=start,
        deadline=deadline,
        rule=rule.rule,
        article=rule.article,
        provisional=provisional,
        nominal_end=nominal,
        procedure=limit.value,
        note=rule.note,
    )


def compute_deadline(
    start: date,
    limit: TimeLimit | str,
    *,
    extensions: list[Extension] | None = None,
    suspensions: list[Suspension] | None = None,
    roll_over_rest_days: bool = True,
) -> date:
    """The last day of `limit` from `start` (see `assess_time_limit`, which also says rule, article, provisional)."""
    return assess_time_limit(
        start, limit, extensions=extensions, suspensions=suspensions, roll_over_rest_days=roll_over_rest_days
    ).deadline


class PeriodKind(StrEnum):
    """What `deadline_for` is asked: a court time limit or a party's period (当事人的期间)."""

    TIME_LIMIT = "time_limit"
    ANSWER = "answer"  # 答辩期
    APPEAL_JUDGMENT = "appeal_judgment"  # 上诉期 (判决)
    APPEAL_RULING = "appeal_ruling"  # 上诉期 (裁定)
    EVIDENCE = "evidence"  # 举证期限
    FEE_PAYMENT = "fee_payment"  # 预交诉讼费用
    ENFORCEMENT_APPLICATION = "enforcement_application"  # 申请执行期间
    PUBLICATION = "publication"  # 公告送达
    RETRIAL_APPLICATION = "retrial_application"  # 申请再审
    PAYMENT_ORDER_RESPONSE = "payment_order_response"  # 支付令: pay or object
    CRIMINAL_APPEAL_JUDGMENT = "criminal_appeal_judgment"  # 刑事上诉期 (判决)
    CRIMINAL_APPEAL_RULING = "criminal_appeal_ruling"  # 刑事上诉期 (裁定)
    ADMINISTRATIVE_APPEAL_JUDGMENT = "administrative_appeal_judgment"  # 行政上诉期 (判决)
    ADMINISTRATIVE_APPEAL_RULING = "administrative_appeal_ruling"  # 行政上诉期 (裁定)


@dataclass(frozen=True, slots=True)
class PeriodRule:
    """One row of the party-period table."""

    months: int
    days: int
    rule: str
    article: str
    bound: str = "deadline"  # deadline | at_least | at_most (a period the court sets within a legal bound)
    note: str | None = None


# (kind, procedure) -> rule; procedure None: whatever the procedure.
PARTY_PERIODS: dict[tuple[PeriodKind, str | None], PeriodRule] = {
    (PeriodKind.ANSWER, None): PeriodRule(
        0, 15, "answer within 15 days of receiving the complaint", "CPL Art 128",
        note="a defendant without a domicile in China: 30 days (CPL Art 285)",
    ),
    (PeriodKind.APPEAL_JUDGMENT, None): PeriodRule(
        0, 15, "appeal against a judgment within 15 days of its service", "CPL Art 171",
        note="a party without a domicile in China: 30 days (CPL Art 286)",
    ),
    (PeriodKind.APPEAL_RULING, None): PeriodRule(
        0, 10, "appeal against a ruling within 10 days of its service", "CPL Art 171",
        note="a party without a domicile in China: 30 days (CPL Art 286)",
    ),
    # Evidence Rules Art 51: the court sets the period; first instance ordinary procedure at least 15 days,
    # a second instance with new evidence at least 10 days; summary procedure at most 15, small claims at most 7.
    (PeriodKind.EVIDENCE, "ordinary"): PeriodRule(
        0, 15, "evidence period, first instance ordinary procedure: at least 15 days", "Evidence Rules Art 51",
        bound="at_least",
    ),
    (PeriodKind.EVIDENCE, "second_instance"): PeriodRule(
        0, 10, "evidence period, second instance with new evidence: at least 10 days", "Evidence Rules Art 51",
        bound="at_least",
    ),
    (PeriodKind.EVIDENCE, "summary"): PeriodRule(
        0, 15, "evidence period, summary procedure: at most 15 days", "Evidence Rules Art 51", bound="at_most"
    ),
    (PeriodKind.EVIDENCE, "small_claims"): PeriodRule(
        0, 7, "evidence period, small claims: at most 7 days", "Evidence Rules Art 51",
        bound="at_most",
    ),
    (PeriodKind.FEE_PAYMENT, None): PeriodRule(
        0, 7, "prepay the case acceptance fee within 7 days of the notice", "Fee Measures Art 22; CPL-Interp Art 213",
        note="not paid after the notice: treated as withdrawn (CPL-Interp Art 213)",
    ),
    # CPL Art 250: 2 years, counted from the last day set for performance; suspended and interrupted like a
    # limitation period (Civil Code Arts 194-195), which this plain count does not know about.
    (PeriodKind.ENFORCEMENT_APPLICATION, None): PeriodRule(
        24, 0, "apply for enforcement within 2 years of the last day set for performance", "CPL Art 250",
        note="count from the last day of the performance period; suspension and interruption not applied",
    ),
    (PeriodKind.PUBLICATION, None): PeriodRule(
        0, 30, "service by publication: deemed served when 30 days have passed", "CPL Art 95",
        note="a party without a domicile in China: 60 days (CPL Art 283)",
    ),
    (PeriodKind.RETRIAL_APPLICATION, None): PeriodRule(
        6, 0, "apply for retrial within 6 months of the judgment taking effect", "CPL Art 216",
    ),
    (PeriodKind.PAYMENT_ORDER_RESPONSE, None): PeriodRule(
        0, 15, "the debtor pays or objects within 15 days of receiving the payment order", "CPL Art 227",
    ),
    (PeriodKind.CRIMINAL_APPEAL_JUDGMENT, None): PeriodRule(
        0, 10, "criminal appeal against a judgment within 10 days, from the day after receipt", "CrimPL Art 230"
    ),
    (PeriodKind.CRIMINAL_APPEAL_RULING, None): PeriodRule(
        0, 5, "criminal appeal against a ruling within 5 days, from the day after receipt", "CrimPL Art 230"
    ),
    (PeriodKind.ADMINISTRATIVE_APPEAL_JUDGMENT, None): PeriodRule(
        0, 15, "administrative appeal against a judgment within 15 days of service", "ALL Art 85"
    ),
    (PeriodKind.ADMINISTRATIVE_APPEAL_RULING, None): PeriodRule(
        0, 10, "administrative appeal against a ruling within 10 days of service", "ALL Art 85"
    ),
}

# `court deadline --kind time_limit --procedure P`: the procedure names of the command and the limits they mean.
TIME_LIMIT_PROCEDURES: dict[str, TimeLimit] = {
    "registration": TimeLimit.REGISTRATION,
    "registration_private_prosecution": TimeLimit.REGISTRATION_PRIVATE_PROSECUTION,
    "ordinary": TimeLimit.ORDINARY,
    "summary": TimeLimit.SUMMARY,
    "small_claims": TimeLimit.SMALL_CLAIMS,
    "second_instance_judgment": TimeLimit.APPEAL_JUDGMENT,
    "second_instance_ruling": TimeLimit.APPEAL_RULING,
    "special": TimeLimit.SPECIAL,
    "retrial_review": TimeLimit.RETRIAL_REVIEW,
    "payment_order": TimeLimit.PAYMENT_ORDER,
    "administrative_first": TimeLimit.ADMINISTRATIVE_FIRST,
    "administrative_summary": TimeLimit.ADMINISTRATIVE_SUMMARY,
    "administrative_appeal": TimeLimit.ADMINISTRATIVE_APPEAL,
    "criminal_first": TimeLimit.CRIMINAL_FIRST,
    "criminal_private_custody": TimeLimit.CRIMINAL_PRIVATE_CUSTODY,
    "criminal_private": TimeLimit.CRIMINAL_PRIVATE,
    "criminal_appeal": TimeLimit.CRIMINAL_APPEAL,
    "enforcement": TimeLimit.ENFORCEMENT,
    "enforcement_non_litigation": TimeLimit.ENFORCEMENT_NON_LITIGATION,
    "execution_notice": TimeLimit.EXECUTION_NOTICE,
}


def deadline_for(
    kind: PeriodKind | str,
    start: date,
    procedure: str | None = None,
    *,
    calendar_: HolidayCalendar | None = None,
) -> Deadline:
    """The deadline of a time limit (`kind` time_limit with `procedure`) or a party period from `start`."""
    try:
        kind = PeriodKind(kind)
    except ValueError:
        raise InvalidInput(
            f"unknown kind {kind!r}; one of {', '.join(k.value for k in PeriodKind)}", field="kind"
        ) from None
    if kind is PeriodKind.TIME_LIMIT:
        limit = TIME_LIMIT_PROCEDURES.get(procedure or "")
        if limit is None:
            raise InvalidInput(
                f"time_limit needs --procedure, one of {', '.join(TIME_LIMIT_PROCEDURES)}", field="procedure"
            )
        return msgspec.structs.replace(assess_time_limit(start, limit, calendar_=calendar_), procedure=procedure)
    row = PARTY_PERIODS.get((kind, procedure)) or PARTY_PERIODS.get((kind, None))
    if row is None:
        choices = sorted(p for k, p in PARTY_PERIODS if k is kind and p)
        raise InvalidInput(f"{kind.value} needs --procedure, one of {', '.join(choices)}", field="procedure")
    nominal, deadline, provisional = count_period(start, row.months, row.days, calendar_=calendar_)
    return Deadline(
        kind=kind.value,
        start=start,
        deadline=deadline,
        rule=row.rule,
        article=row.article,
        provisional=provisional,
        nominal_end=nominal,
        bound=row.bound,
        procedure=procedure,
        note=row.note,
    )


def deadline_to_json(d: Deadline) -> dict[str, object]:
    return msgspec.to_builtins(d)  # type: ignore[no-any-return]


class DeadlineStatus(StrEnum):
    OK = "ok"
    NEAR = "near"
    OVERDUE = "overdue"


def deadline_status(deadline: date, today: date, warn_days: int = 7) -> DeadlineStatus:
    """`overdue` after the last day, `near` within `warn_days` of it (the last day included), else `ok`."""
    if warn_days < 0:
        raise InvalidInput("warn_days may not be negative", field="warn_days")
    if today > deadline:
        return DeadlineStatus.OVERDUE
    if (deadline - today).days <= warn_days:
        return DeadlineStatus.NEAR
    return DeadlineStatus.OK


# Which limit runs from registration, by case type and procedure (None: any procedure of that case type).
# A retrial (再审) runs under the first- or second-instance limits of the procedure it is retried under
# (CPL Art 218), which the case's procedure does not say: such cases carry no limit until it is chosen.
CASE_TIME_LIMITS: dict[tuple[str, str | None], TimeLimit] = {
    ("civil", "ordinary"): TimeLimit.ORDINARY,  # CPL Art 152
    ("civil", "summary"): TimeLimit.SUMMARY,  # CPL Art 164
    ("civil", "small_claims"): TimeLimit.SMALL_CLAIMS,  # CPL Art 168
    ("civil", "second_instance"): TimeLimit.APPEAL_JUDGMENT,  # CPL Art 183
    ("civil", "special"): TimeLimit.SPECIAL,  # CPL Art 187
    ("payment_order", None): TimeLimit.PAYMENT_ORDER,  # CPL Art 227
    ("administrative", "summary"): TimeLimit.ADMINISTRATIVE_SUMMARY,  # ALL Art 83
    ("administrative", "second_instance"): TimeLimit.ADMINISTRATIVE_APPEAL,  # ALL Art 88
    ("administrative", "ordinary"): TimeLimit.ADMINISTRATIVE_FIRST,  # ALL Art 81
    ("criminal_private", "second_instance"): TimeLimit.CRIMINAL_APPEAL,  # CrimPL Art 243
    ("enforcement", None): TimeLimit.ENFORCEMENT,  # enforcement rules Art 1
}


def time_limit_for(case_type: str, procedure: str) -> TimeLimit | None:
    """The trial or enforcement limit that starts at registration, or None when the table has none."""
    return CASE_TIME_LIMITS.get((case_type, procedure)) or CASE_TIME_LIMITS.get((case_type, None))
