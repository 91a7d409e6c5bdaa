"""The table of court time limits (审限 and other court periods), each row with its article and extension rules.

Counted by the one deadline engine, court.cases.deadlines (abbreviations and article numbering are explained there).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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
_CUSTODY_NOTE = (
    "counted under CrimPL Art 105: if the defendant is in custody, a last day on a holiday is not extended"
)
_CRIMINAL_FIRST_EXTENSIONS = (
    ExtensionRule(_PRESIDENT, 1, None, "CrimPL Art 208 (to at most 3 months)"),
    ExtensionRule(
        _HIGHER, 3, None, "CrimPL Art 208 (3 more months, higher court: capital, incidental civil, Art 158)"
    ),
)

TIME_LIMITS: dict[TimeLimit, LimitRule] = {
    TimeLimit.REGISTRATION: LimitRule(
        0, 7, "CPL Art 126; registration rules Art 8", rule="decide on registration"
    ),
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
        (
            ExtensionRule(
                _PRESIDENT, None, None, "CPL Art 187 (court president; not voter-qualification cases)"
            ),
        ),
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
        (ExtensionRule(_HIGHER, None, None, "ALL Art 81 (higher people's court)"),),
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
        6,
        0,
        "CrimPL Art 212",
        rule="criminal private prosecution, defendant not in custody: 6 months of acceptance",
    ),
    TimeLimit.CRIMINAL_APPEAL: LimitRule(
        2,
        0,
        "CrimPL Art 243",
        (
            ExtensionRule(
                _HIGHER, 2, None, "CrimPL Art 243 (2 more months: capital, incidental civil, Art 158)"
            ),
        ),
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
