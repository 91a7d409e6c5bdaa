"""Time limits (审限 and other case periods): the table of limits, deadline arithmetic, small-claims thresholds.

CPL = Civil Procedure Law (2023 revision; article numbers as in DESIGN.md — the content is what is encoded).
CPL-Interp = SPC Interpretation on the CPL (2022). Registration rules = 法释〔2015〕8号 (SPC 关于人民法院登记立案若干问题
的规定). Enforcement rules = 法发〔2006〕35号 (SPC 关于人民法院办理执行案件若干期限的规定).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from court.cases.holidays import next_working_day
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
    """One row of the time-limit table: its length, the source, and how it may be extended."""

    months: int
    days: int
    article: str
    extensions: tuple[ExtensionRule, ...] = ()


class TimeLimit(StrEnum):
    """A period the court must keep (期限)."""

    REGISTRATION = "registration"  # 立案审查: decide within 7 days
    REGISTRATION_PRIVATE_PROSECUTION = "registration_private_prosecution"  # 刑事自诉: 15 days
    REGISTRATION_THIRD_PARTY_REVOCATION = "registration_third_party_revocation"  # 第三人撤销之诉: 30 days
    REGISTRATION_ENFORCEMENT_OBJECTION_ACTION = (
        "registration_enforcement_objection_action"  # 执行异议之诉: 15 days
    )
    ORDINARY = "ordinary"  # 普通程序
    SUMMARY = "summary"  # 简易程序
    SMALL_CLAIMS = "small_claims"  # 小额诉讼
    APPEAL_JUDGMENT = "appeal_judgment"  # 对判决的上诉
    APPEAL_RULING = "appeal_ruling"  # 对裁定的上诉
    ENFORCEMENT = "enforcement"  # 有财产可供执行的执行案件
    ENFORCEMENT_NON_LITIGATION = "enforcement_non_litigation"  # 非诉执行案件
    EXECUTION_NOTICE = "execution_notice"  # 执行通知

    @property
    def rule(self) -> LimitRule:
        return TIME_LIMITS[self]


_PRESIDENT = frozenset({Approver.PRESIDENT})
_ENFORCEMENT_EXTENSION = ExtensionRule(
    frozenset({Approver.PRESIDENT, Approver.VICE_PRESIDENT}),
    None,
    None,
    "enforcement rules Art 1 (president or vice-president; ask at least 5 days before expiry)",
)

TIME_LIMITS: dict[TimeLimit, LimitRule] = {
    TimeLimit.REGISTRATION: LimitRule(0, 7, "CPL Art 126; registration rules Art 8"),
    TimeLimit.REGISTRATION_PRIVATE_PROSECUTION: LimitRule(0, 15, "registration rules Art 8"),
    TimeLimit.REGISTRATION_THIRD_PARTY_REVOCATION: LimitRule(0, 30, "registration rules Art 8"),
    TimeLimit.REGISTRATION_ENFORCEMENT_OBJECTION_ACTION: LimitRule(0, 15, "registration rules Art 8"),
    TimeLimit.ORDINARY: LimitRule(
        6,
        0,
        "CPL Art 152",
        (
            ExtensionRule(_PRESIDENT, 6, None, "CPL Art 152 (6 more months, court president)"),
            ExtensionRule(
                frozenset({Approver.HIGHER_COURT}), None, None, "CPL Art 152 (beyond: higher court)"
            ),
        ),
    ),
    TimeLimit.SUMMARY: LimitRule(
        3, 0, "CPL Art 164", (ExtensionRule(_PRESIDENT, 1, None, "CPL Art 164 (1 month, court president)"),)
    ),
    TimeLimit.SMALL_CLAIMS: LimitRule(
        2, 0, "CPL Art 168", (ExtensionRule(_PRESIDENT, 1, None, "CPL Art 168 (1 month, court president)"),)
    ),
    TimeLimit.APPEAL_JUDGMENT: LimitRule(
        3, 0, "CPL Art 183", (ExtensionRule(_PRESIDENT, None, None, "CPL Art 183 (court president)"),)
    ),
    # CPL Art 183 gives rulings on appeal 30 days and provides no extension.
    TimeLimit.APPEAL_RULING: LimitRule(0, 30, "CPL Art 183"),
    TimeLimit.ENFORCEMENT: LimitRule(6, 0, "enforcement rules Art 1", (_ENFORCEMENT_EXTENSION,)),
    TimeLimit.ENFORCEMENT_NON_LITIGATION: LimitRule(
        3, 0, "enforcement rules Art 1", (_ENFORCEMENT_EXTENSION,)
    ),
    TimeLimit.EXECUTION_NOTICE: LimitRule(0, 10, "CPL-Interp Art 480"),
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


def compute_deadline(
    start: date,
    limit: TimeLimit,
    *,
    extensions: list[Extension] | None = None,
    suspensions: list[Suspension] | None = None,
    roll_over_rest_days: bool = True,
) -> date:
    """The last day of `limit` counted from the event on `start` (registration, receipt of the application).

    CPL Art 85: the day of the event is not counted; months end on the corresponding day (Civil Code Art 202);
    a period ending on a rest day ends on the next working day. Extensions are added after the limit; suspended
    days (CPL-Interp Art 243) push the deadline back day for day, counting only days before the deadline reached.
    """
    limit = TimeLimit(limit)
    extensions = extensions or []
    suspensions = suspensions or []
    _check_extensions(limit, extensions)
    for s in suspensions:
        if s.last_day < s.first_day:
            raise InvalidInput(f"suspension {s.reason}: it ends before it begins", field="suspensions")
    rule = limit.rule
    months = rule.months + sum(e.months for e in extensions)
    days = rule.days + sum(e.days for e in extensions)
    base = add_months(start, months) + timedelta(days=days)
    deadline = base
    while True:  # each pass can only move the deadline later, and suspensions are finite
        moved = base + timedelta(days=_suspended_days(start, deadline, suspensions))
        if moved == deadline:
            break
        deadline = moved
    return next_working_day(deadline) if roll_over_rest_days else deadline


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


@dataclass(frozen=True, slots=True)
class SmallClaimsThreshold:
    """A provincial small-claims ceiling (小额诉讼标的额), re-issued from the previous year's average wage."""

    province: str
    in_force_from: date
    mandatory_max: Decimal  # 50% of the average wage (30% before 2022): small claims by law
    agreed_max: Decimal | None  # 200%: only when both parties agree (CPL Art 165 para 2, from 2022)
    source: str


SMALL_CLAIMS_THRESHOLDS: tuple[SmallClaimsThreshold, ...] = (
    SmallClaimsThreshold(
        "zhejiang",
        date(2013, 6, 1),
        Decimal("15000"),
        None,
        "浙江高院 small-claims notice, in force 2013-06-01",
    ),
    SmallClaimsThreshold(
        "zhejiang",
        date(2022, 1, 11),
        Decimal("54323"),
        Decimal("217290"),
        "浙江省高级人民法院关于适用小额诉讼程序审理民事案件标的限额的通知 (2022-01-13, 2020 wage figures)",
    ),
)


def small_claims_threshold(on: date | int, province: str = "zhejiang") -> SmallClaimsThreshold:
    """The threshold in force on `on` (a year means its last day). Later notices not yet in the table
    are missing: the last known figure is returned, and its `in_force_from` shows how old it is."""
    day = date(on, 12, 31) if isinstance(on, int) else on
    known = [t for t in SMALL_CLAIMS_THRESHOLDS if t.province == province and t.in_force_from <= day]
    if not known:
        raise InvalidInput(f"no small-claims threshold for {province} on {day}", field="year")
    return max(known, key=lambda t: t.in_force_from)


def small_claims_eligible(
    amount: Decimal, year: date | int, agreed: bool, province: str = "zhejiang"
) -> bool:
    """Whether a simple money claim of `amount` may be tried as a small claim (CPL Art 165).

    "以下" includes the figure itself (Civil Code Art 1259).
    """
    if amount < 0:
        raise InvalidInput("the amount may not be negative", field="amount")
    threshold = small_claims_threshold(year, province)
    if amount <= threshold.mandatory_max:
        return True
    return agreed and threshold.agreed_max is not None and amount <= threshold.agreed_max


# Which limit runs from registration, by case type and procedure (None: any procedure of that case type).
# Special procedure (30 days, CPL Art 187) and retrial are not in TIME_LIMITS yet: such cases carry no limit.
CASE_TIME_LIMITS: dict[tuple[str, str | None], TimeLimit] = {
    ("civil", "ordinary"): TimeLimit.ORDINARY,  # CPL Art 152
    ("civil", "summary"): TimeLimit.SUMMARY,  # CPL Art 164
    ("civil", "small_claims"): TimeLimit.SMALL_CLAIMS,  # CPL Art 168
    ("civil", "second_instance"): TimeLimit.APPEAL_JUDGMENT,  # CPL Art 183
    ("enforcement", None): TimeLimit.ENFORCEMENT,  # enforcement rules Art 1
}


def time_limit_for(case_type: str, procedure: str) -> TimeLimit | None:
    """The trial or enforcement limit that starts at registration, or None when the table has none."""
    return CASE_TIME_LIMITS.get((case_type, procedure)) or CASE_TIME_LIMITS.get((case_type, None))
