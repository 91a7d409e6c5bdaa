"""The table of the parties' periods (当事人的期间): answer, appeal, evidence, fees, enforcement application, service
by publication …, each row with its article. Counted by the one deadline engine, court.cases.deadlines.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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
    PROPERTY_REPORT = "property_report"  # 报告财产期间 (报告财产令)


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
        0,
        15,
        "answer within 15 days of receiving the complaint",
        "CPL Art 128",
        note="a defendant without a domicile in China: 30 days (CPL Art 285)",
    ),
    (PeriodKind.APPEAL_JUDGMENT, None): PeriodRule(
        0,
        15,
        "appeal against a judgment within 15 days of its service",
        "CPL Art 171",
        note="a party without a domicile in China: 30 days (CPL Art 286)",
    ),
    (PeriodKind.APPEAL_RULING, None): PeriodRule(
        0,
        10,
        "appeal against a ruling within 10 days of its service",
        "CPL Art 171",
        note="a party without a domicile in China: 30 days (CPL Art 286)",
    ),
    # Evidence Rules Art 51: the court sets the period; first instance ordinary procedure at least 15 days,
    # a second instance with new evidence at least 10 days; summary procedure at most 15, small claims at most 7.
    (PeriodKind.EVIDENCE, "ordinary"): PeriodRule(
        0,
        15,
        "evidence period, first instance ordinary procedure: at least 15 days",
        "Evidence Rules Art 51",
        bound="at_least",
    ),
    (PeriodKind.EVIDENCE, "second_instance"): PeriodRule(
        0,
        10,
        "evidence period, second instance with new evidence: at least 10 days",
        "Evidence Rules Art 51",
        bound="at_least",
    ),
    (PeriodKind.EVIDENCE, "summary"): PeriodRule(
        0, 15, "evidence period, summary procedure: at most 15 days", "Evidence Rules Art 51", bound="at_most"
    ),
    (PeriodKind.EVIDENCE, "small_claims"): PeriodRule(
        0,
        7,
        "evidence period, small claims: at most 7 days",
        "Evidence Rules Art 51",
        bound="at_most",
    ),
    (PeriodKind.FEE_PAYMENT, None): PeriodRule(
        0,
        7,
        "prepay the case acceptance fee within 7 days of the notice",
        "Fee Measures Art 22; CPL-Interp Art 213",
        note="not paid after the notice: treated as withdrawn (CPL-Interp Art 213)",
    ),
    # CPL Art 250: 2 years, counted from the last day set for performance; suspended and interrupted like a
    # limitation period (Civil Code Arts 194-195), which this plain count does not know about.
    (PeriodKind.ENFORCEMENT_APPLICATION, None): PeriodRule(
        24,
        0,
        "apply for enforcement within 2 years of the last day set for performance",
        "CPL Art 250",
        note="count from the last day of the performance period; suspension and interruption not applied",
    ),
    (PeriodKind.PUBLICATION, None): PeriodRule(
        0,
        30,
        "service by publication: deemed served when 30 days have passed",
        "CPL Art 95",
        note="a party without a domicile in China: 60 days (CPL Art 283)",
    ),
    (PeriodKind.RETRIAL_APPLICATION, None): PeriodRule(
        6,
        0,
        "apply for retrial within 6 months of the judgment taking effect",
        "CPL Art 216",
    ),
    (PeriodKind.PAYMENT_ORDER_RESPONSE, None): PeriodRule(
        0,
        15,
        "the debtor pays or objects within 15 days of receiving the payment order",
        "CPL Art 227",
    ),
    (PeriodKind.CRIMINAL_APPEAL_JUDGMENT, None): PeriodRule(
        0,
        10,
        "criminal appeal against a judgment within 10 days, from the day after receipt",
        "CrimPL Art 230",
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
    # CPL 2023 Art 252: the debtor who has not performed as the execution notice ordered reports its property; the
    # order sets the period (法释〔2017〕8号 民事执行中财产调查规定 Art 3, Art 5), the court's order reading five days from
    # receipt (court/execution/notices.py). Counted from the day the order is served.
    (PeriodKind.PROPERTY_REPORT, None): PeriodRule(
        0,
        5,
        "report property within the period the order to report property sets, from its service",
        "CPL Art 252",
    ),
}
