"""Small-claims thresholds (小额诉讼标的额) by province and date, and whether a money claim qualifies (CPL Arts 165-166).

CPL Art 165 (2021 amendment, unchanged in 2023): a simple money claim up to 50% of the province's previous-year
average annual wage of employed persons is a small claim by law; up to 200% the parties may agree to it. Each
higher court announces the figure from its statistics bureau's yearbook (which year's wage, and whether of urban
non-private units or all urban units, is the notice's choice), so the table holds the notices, not a formula.
Before 2022 (CPL 2012 Art 162): 30%, and no agreed route.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from court.errors import InvalidInput
from court.i18n import msg


@dataclass(frozen=True, slots=True)
class SmallClaimsThreshold:
    """A provincial small-claims ceiling, re-issued from the previous year's average wage."""

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
        "浙江高院 small-claims notice, in force 2013-06-01 (CPL 2012 Art 162, 30%)",
    ),
    # 2020 Zhejiang non-private-unit average wage 108,645 (《浙江统计年鉴(2021)》): 50% and 200%.
    SmallClaimsThreshold(
        "zhejiang",
        date(2022, 1, 11),
        Decimal("54323"),
        Decimal("217290"),
        "浙江省高级人民法院关于适用小额诉讼程序审理民事案件标的限额的通知 (2022-01-13, 2020 wage figures)",
    ),
    # 2020 Jiangsu urban non-private-unit average wage (《江苏统计年鉴(2021)》).
    SmallClaimsThreshold(
        "jiangsu",
        date(2022, 1, 7),
        Decimal("51811"),
        Decimal("207242"),
        "江苏省高级人民法院 notice of 2022-01-07 (2020 wage figures; 法治日报 2022-01-10)",
    ),
    SmallClaimsThreshold(
        "jiangsu",
        date(2024, 1, 6),
        Decimal("60862"),
        Decimal("243448"),
        "苏高法电〔2024〕9号 (2024-01-05, 2022 urban non-private wage, 《江苏统计年鉴2023》)",
    ),
    # 2021 Shanghai all-urban-unit average wage 136,757 (沪人社综〔2022〕133号).
    SmallClaimsThreshold(
        "shanghai",
        date(2022, 8, 23),
        Decimal("68378.50"),
        Decimal("273514"),
        "上海市高级人民法院关于适用小额诉讼程序审理民事案件标准限额的通知 (2022-08-23)",
    ),
    SmallClaimsThreshold(
        "hunan",
        date(2023, 11, 13),
        Decimal("45707"),
        Decimal("182826"),
        "湖南省高级人民法院关于适用小额诉讼程序审理民事案件标的限额的通知 (2023-11, 2022 urban non-private wage)",
    ),
)

PROVINCES = frozenset(t.province for t in SMALL_CLAIMS_THRESHOLDS)

# CPL Art 166: cases never tried as small claims, whatever the amount.
EXCLUSIONS: tuple[str, ...] = (
    "人身关系、财产确权案件 (personal status and title to property)",
    "涉外案件 (foreign-related cases)",
    "需要评估、鉴定或者对诉前评估、鉴定结果有异议的案件 (valuation or appraisal needed or disputed)",
    "一方当事人下落不明的案件 (a party's whereabouts unknown)",
    "当事人提出反诉的案件 (a counterclaim is filed)",
    "其他不宜适用小额诉讼的程序审理的案件 (other cases unsuited to it)",
)


def small_claims_threshold(on: date | int, province: str = "zhejiang") -> SmallClaimsThreshold:
    """The threshold in force on `on` (a year means its last day). Later notices not yet in the table
    are missing: the last known figure is returned, and its `in_force_from` shows how old it is."""
    day = date(on, 12, 31) if isinstance(on, int) else on
    if province not in PROVINCES:
        raise InvalidInput(
            msg(
                "no small-claims figure is recorded for %(province)s; known: %(PROVINCES)s",
                province=repr(province),
                PROVINCES=", ".join(sorted(PROVINCES)),
            ),
            field="province",
        )
    known = [t for t in SMALL_CLAIMS_THRESHOLDS if t.province == province and t.in_force_from <= day]
    if not known:
        raise InvalidInput(
            msg("no small-claims threshold for %(province)s on %(day)s", province=province, day=day),
            field="year",
        )
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


def small_claims_answer(amount: Decimal, on: date, province: str = "zhejiang") -> dict[str, object]:
    """The `court small-claims` answer: eligibility by law, by agreement, the figure and what it rests on."""
    threshold = small_claims_threshold(on, province)
    by_law = small_claims_eligible(amount, on, False, province)
    by_agreement = small_claims_eligible(amount, on, True, province)
    newest = max(t.in_force_from for t in SMALL_CLAIMS_THRESHOLDS if t.province == province)
    stale = threshold.in_force_from == newest and (on - newest).days > 366
    return {
        "eligible": by_law,
        "eligible_by_agreement": by_agreement,
        "threshold": str(threshold.mandatory_max),
        "agreed_threshold": str(threshold.agreed_max) if threshold.agreed_max is not None else None,
        "province": province,
        "in_force_from": threshold.in_force_from.isoformat(),
        "basis": (
            "CPL Art 165: 50% of the province's previous-year average wage of employed persons (200% by "
            "agreement); "
            if threshold.in_force_from >= date(2022, 1, 1)
            else "CPL (2012) Art 162: 30%; "
        )
        + threshold.source,
        "stale": stale,
        "note": "CPL Art 166 excludes, whatever the amount: "
        + "; ".join(EXCLUSIONS)
        + ("; a later notice may be in force but is not recorded" if stale else ""),
    }
