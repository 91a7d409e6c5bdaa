"""Litigation fee assessment (诉讼费用) under the Fee Measures (诉讼费用交纳办法, State Council Decree 481, 2007).

Article references: "FM" = Fee Measures. Item numbers follow the Decree's own text: Art 13(2) holds divorce (item 1),
personality rights (item 2) and other non-property cases (item 3); Art 13(3) IP; 13(4) labour; 13(5) administrative;
13(6) jurisdiction objections; Art 14(1) enforcement; 14(2) preservation; 14(3) payment order; 14(4) public summons;
14(5) arbitration review; 14(6) bankruptcy.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from court.cases.procedures import SUMMARY_FAMILY, Procedure
from court.errors import InvalidInput
from court.i18n import msg

D = Decimal
FEN = D("0.01")
YUAN = D("1")


class FeeKind(StrEnum):
    """What the fee is charged for: a kind of case (案件受理费) or an application (申请费)."""

    PROPERTY = "property"  # 财产案件
    DIVORCE = "divorce"  # 离婚案件
    PERSONALITY = "personality"  # 侵害人格权案件
    OTHER_NON_PROPERTY = "other_non_property"  # 其他非财产案件
    IP = "ip"  # 知识产权民事案件
    LABOUR = "labour"  # 劳动争议案件
    ADMINISTRATIVE = "administrative"  # 行政案件
    ADMINISTRATIVE_SPECIAL = "administrative_special"  # 商标、专利、海事行政案件
    JURISDICTION_OBJECTION = "jurisdiction_objection"  # 管辖权异议不成立
    ENFORCEMENT = "enforcement"  # 申请执行
    PRESERVATION = "preservation"  # 申请保全
    PAYMENT_ORDER = "payment_order"  # 申请支付令
    PUBLIC_SUMMONS = "public_summons"  # 申请公示催告
    ARBITRATION_REVIEW = "arbitration_review"  # 申请撤销仲裁裁决或者认定仲裁协议效力
    BANKRUPTCY = "bankruptcy"  # 破产案件


# Art 15, 16 and 18 halve the case acceptance fee (案件受理费) only, never an application fee (申请费).
ACCEPTANCE_KINDS = frozenset(
    {
        FeeKind.PROPERTY,
        FeeKind.DIVORCE,
        FeeKind.PERSONALITY,
        FeeKind.OTHER_NON_PROPERTY,
        FeeKind.IP,
        FeeKind.LABOUR,
        FeeKind.ADMINISTRATIVE,
        FeeKind.ADMINISTRATIVE_SPECIAL,
    }
)


class Rounding(StrEnum):
    """How the exact fee is rounded; the Decree itself has no rounding rule."""

    FEN = "fen"  # half up to 0.01 yuan
    YUAN = "yuan"  # half up to whole yuan


class FeePayer(StrEnum):
    """Who prepays or finally bears a fee."""

    PLAINTIFF = "plaintiff"  # 原告 (or appellant / independent third party, FM Art 20)
    DEFENDANT = "defendant"  # 被告 bringing a counterclaim (FM Art 20)
    APPLICANT = "applicant"  # 申请人
    DEBTOR = "debtor"  # 被执行人
    ESTATE = "estate"  # 破产财产, paid after liquidation
    LOSING_PARTY = "losing_party"  # 败诉方 (FM Art 29)


@dataclass(frozen=True, slots=True)
class Band:
    """One row of a cumulative fee table: the part of the amount above the previous ceiling up to this one.

    "超过A至B的部分": A exclusive, B inclusive. The first row's flat fee is due whatever the amount.
    """

    ceiling: Decimal | None  # None: no ceiling
    article: str
    flat: Decimal | None = None
    rate: Decimal | None = None


PROPERTY_BANDS: tuple[Band, ...] = (
    Band(D("10000"), "FM Art 13(1) item 1", flat=D("50")),
    Band(D("100000"), "FM Art 13(1) item 2", rate=D("0.025")),
    Band(D("200000"), "FM Art 13(1) item 3", rate=D("0.02")),
    Band(D("500000"), "FM Art 13(1) item 4", rate=D("0.015")),
    Band(D("1000000"), "FM Art 13(1) item 5", rate=D("0.01")),
    Band(D("2000000"), "FM Art 13(1) item 6", rate=D("0.009")),
    Band(D("5000000"), "FM Art 13(1) item 7", rate=D("0.008")),
    Band(D("10000000"), "FM Art 13(1) item 8", rate=D("0.007")),
    Band(D("20000000"), "FM Art 13(1) item 9", rate=D("0.006")),
    Band(None, "FM Art 13(1) item 10", rate=D("0.005")),
)

DIVORCE_PROPERTY_BANDS: tuple[Band, ...] = (
    Band(D("200000"), "FM Art 13(2) item 1 (property up to 200,000: no extra)", flat=D("0")),
    Band(None, "FM Art 13(2) item 1 (property above 200,000)", rate=D("0.005")),
)

PERSONALITY_DAMAGES_BANDS: tuple[Band, ...] = (
    Band(D("50000"), "FM Art 13(2) item 2 (damages up to 50,000: no extra)", flat=D("0")),
    Band(D("100000"), "FM Art 13(2) item 2 (damages 50,000-100,000)", rate=D("0.01")),
    Band(None, "FM Art 13(2) item 2 (damages above 100,000)", rate=D("0.005")),
)

ENFORCEMENT_BANDS: tuple[Band, ...] = (
    Band(D("10000"), "FM Art 14(1) item 2", flat=D("50")),
    Band(D("500000"), "FM Art 14(1) item 2", rate=D("0.015")),
    Band(D("5000000"), "FM Art 14(1) item 2", rate=D("0.01")),
    Band(D("10000000"), "FM Art 14(1) item 2", rate=D("0.005")),
    Band(None, "FM Art 14(1) item 2", rate=D("0.001")),
)

PRESERVATION_BANDS: tuple[Band, ...] = (
    Band(D("1000"), "FM Art 14(2)", flat=D("30")),
    Band(D("100000"), "FM Art 14(2)", rate=D("0.01")),
    Band(None, "FM Art 14(2)", rate=D("0.005")),
)
PRESERVATION_CAP = D("5000")  # FM Art 14(2): "最多不超过5000元"

BANKRUPTCY_CAP = D("300000")  # FM Art 14(6): half the property fee, "最高不超过30万元"
LABOUR_FEE = D("10")  # FM Art 13(4)
ADMINISTRATIVE_FEE = D("50")  # FM Art 13(5) item 2
ADMINISTRATIVE_SPECIAL_FEE = D("100")  # FM Art 13(5) item 1: trademark, patent, maritime
PUBLIC_SUMMONS_FEE = D("100")  # FM Art 14(4)
ARBITRATION_REVIEW_FEE = D("400")  # FM Art 14(5)
# Not a legal figure: a sanity bound (one quadrillion yuan) that keeps Decimal arithmetic exact.
MAX_AMOUNT = D("1000000000000000")

# FM Art 13 last paragraph lets a province fix the point inside the ranges of Art 13(2), (3) and (6).
NATIONAL_RANGES: dict[str, tuple[Decimal, Decimal, str]] = {
    "divorce": (D("50"), D("300"), "FM Art 13(2) item 1"),
    "personality": (D("100"), D("500"), "FM Art 13(2) item 2"),
    "other_non_property": (D("50"), D("100"), "FM Art 13(2) item 3"),
    "ip_without_amount": (D("500"), D("1000"), "FM Art 13(3)"),
    "jurisdiction_objection": (D("50"), D("100"), "FM Art 13(6)"),
    "enforcement_without_amount": (D("50"), D("500"), "FM Art 14(1) item 1"),
}


@dataclass(frozen=True, slots=True)
class FeePolicy:
    """The choices the Fee Measures leave open: provincial point values, rounding, and halving twice or once."""

    name: str
    source: str
    divorce: Decimal
    personality: Decimal
    other_non_property: Decimal
    ip_without_amount: Decimal
    jurisdiction_objection: Decimal
    enforcement_without_amount: Decimal
    rounding: Rounding = Rounding.FEN
    # No text found on summary procedure + mediation together; practice is said to halve once (unverified).
    halve_once: bool = True

    def __post_init__(self) -> None:
        for name, (low, high, article) in NATIONAL_RANGES.items():
            value = getattr(self, name)
            if not low <= value <= high:
                raise InvalidInput(
                    msg(
                        "fee policy %(name)s: %(name2)s = %(value)s is outside %(low)s-%(high)s (%(article)s)",
                        name=repr(self.name),
                        name2=name,
                        value=value,
                        low=low,
                        high=high,
                        article=article,
                    ),
                    field=name,
                )

    def point(self, name: str) -> tuple[Decimal, str]:
        """The policy's amount for a ranged item and the citation that justifies it."""
        return getattr(self, name), f"{NATIONAL_RANGES[name][2]}; {self.source}"


ZHEJIANG_POLICY = FeePolicy(
    name="zhejiang",
    source="浙江省物价局、浙江省财政厅 litigation-fee notice (in force 2007-06-01), single law-portal copy, unconfirmed",
    divorce=D("300"),
    personality=D("400"),
    other_non_property=D("80"),
    ip_without_amount=D("900"),
    jurisdiction_objection=D("100"),
    # The Zhejiang point for enforcement without an amount was not found: the national minimum is used.
    enforcement_without_amount=D("50"),
)
DEFAULT_POLICY = ZHEJIANG_POLICY


@dataclass(frozen=True, slots=True)
class BandLine:
    """One computed line of a cumulative table: the part of the amount in a band and the fee on it."""

    lower: Decimal
    upper: Decimal | None
    portion: Decimal
    flat: Decimal | None
    rate: Decimal | None
    fee: Decimal
    article: str


@dataclass(frozen=True, slots=True)
class FeeAssessment:
    """A fee assessed for one case or application (诉讼费用核算), with the articles it rests on."""

    kind: FeeKind
    amount: Decimal | None
    procedure: Procedure
    fee: Decimal  # rounded per policy
    exact: Decimal  # before rounding
    basis: list[str]
    breakdown: list[BandLine]
    halved: bool
    halvings: int
    prepaid_by: FeePayer | None  # None: not prepaid
    borne_by: FeePayer
    notes: list[str] = field(default_factory=list)


def cumulative_fee(amount: Decimal, bands: tuple[Band, ...]) -> tuple[Decimal, list[BandLine]]:
    """Sum a cumulative band table (分段累计) over `amount`; lines are only produced for bands that apply."""
    total = D("0")
    lines: list[BandLine] = []
    lower = D("0")
    for band in bands:
        if band.flat is not None:
            portion = amount if band.ceiling is None else min(amount, band.ceiling)
            fee = band.flat
        elif amount > lower:
            assert band.rate is not None
            portion = (amount if band.ceiling is None else min(amount, band.ceiling)) - lower
            fee = portion * band.rate
        else:
            break
        total += fee
        lines.append(BandLine(lower, band.ceiling, portion, band.flat, band.rate, fee, band.article))
        if band.ceiling is None:
            break
        lower = band.ceiling
    return total, lines


def _money(amount: Decimal | int | None, *, kind: FeeKind) -> Decimal | None:
    if amount is None:
        return None
    if isinstance(amount, bool) or not isinstance(amount, Decimal | int):
        raise InvalidInput(
            msg(
                "%(kind)s: the amount must be a Decimal in yuan, not %(name)s",
                kind=kind,
                name=type(amount).__name__,
            ),
            field="amount",
        )
    value = D(amount)
    if not value.is_finite():
        raise InvalidInput(msg("%(kind)s: the amount must be a finite number", kind=kind), field="amount")
    if value < 0:
        raise InvalidInput(
            msg("%(kind)s: the amount may not be negative (got %(value)s)", kind=kind, value=value),
            field="amount",
        )
    if value > MAX_AMOUNT:
        raise InvalidInput(
            msg("%(kind)s: the amount %(value)s is beyond any plausible claim", kind=kind, value=value),
            field="amount",
        )
    if value != value.quantize(FEN, rounding=ROUND_HALF_UP):
        raise InvalidInput(
            msg("%(kind)s: the amount has more than fen precision (got %(value)s)", kind=kind, value=value),
            field="amount",
        )
    return value


def _require_positive(value: Decimal | None, kind: FeeKind, what: str) -> Decimal:
    if value is None or value == 0:
        raise InvalidInput(
            msg("%(kind)s: %(what)s is required and must be above zero", kind=kind, what=what), field="amount"
        )
    return value


@dataclass
class _Draft:
    exact: Decimal
    basis: list[str]
    breakdown: list[BandLine] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    prepaid_by: FeePayer | None = FeePayer.APPLICANT
    borne_by: FeePayer = FeePayer.LOSING_PARTY


def _flat(fee: Decimal, article: str) -> _Draft:
    return _Draft(fee, [article])


def _add_extra(draft: _Draft, extra: Decimal, lines: list[BandLine]) -> None:
    draft.exact += extra
    draft.breakdown = lines
    draft.basis.extend(line.article for line in lines if line.fee > 0)


def _acceptance_base(kind: FeeKind, amount: Decimal | None, policy: FeePolicy) -> _Draft:
    """The first-instance acceptance fee (一审案件受理费) before any halving."""
    if kind is FeeKind.PROPERTY:
        fee, lines = cumulative_fee(_require_positive(amount, kind, "the amount in dispute"), PROPERTY_BANDS)
        return _Draft(fee, ["FM Art 13(1)"], lines)
    if kind is FeeKind.IP:
        if amount:
            fee, lines = cumulative_fee(amount, PROPERTY_BANDS)
            return _Draft(fee, ["FM Art 13(3) (with an amount: as a property case)", "FM Art 13(1)"], lines)
        point, cite = policy.point("ip_without_amount")
        return _flat(point, cite)
    if kind is FeeKind.DIVORCE:
        point, cite = policy.point("divorce")
        draft = _flat(point, cite)
        if amount:
            extra, lines = cumulative_fee(amount, DIVORCE_PROPERTY_BANDS)
            _add_extra(draft, extra, lines)
        return draft
    if kind is FeeKind.PERSONALITY:
        point, cite = policy.point("personality")
        draft = _flat(point, cite)
        if amount:
            extra, lines = cumulative_fee(amount, PERSONALITY_DAMAGES_BANDS)
            _add_extra(draft, extra, lines)
        return draft
    if kind is FeeKind.OTHER_NON_PROPERTY:
        return _flat(*policy.point("other_non_property"))
    if kind is FeeKind.LABOUR:
        draft = _flat(LABOUR_FEE, "FM Art 13(4)")
        draft.notes.append(
            "a claim for unpaid labour remuneration may be filed without prepaying (FM Art 20)"
        )
        return draft
    if kind is FeeKind.ADMINISTRATIVE:
        return _flat(ADMINISTRATIVE_FEE, "FM Art 13(5) item 2")
    if kind is FeeKind.ADMINISTRATIVE_SPECIAL:
        return _flat(ADMINISTRATIVE_SPECIAL_FEE, "FM Art 13(5) item 1 (trademark, patent, maritime)")
    raise AssertionError(kind)  # pragma: no cover - ACCEPTANCE_KINDS is exhaustive


def _application(kind: FeeKind, amount: Decimal | None, policy: FeePolicy) -> _Draft:
    """An application fee (申请费, FM Art 14) or the jurisdiction-objection fee (FM Art 13(6))."""
    if kind is FeeKind.ENFORCEMENT:
        if amount:
            fee, lines = cumulative_fee(amount, ENFORCEMENT_BANDS)
            draft = _Draft(fee, ["FM Art 14(1) item 2"], lines)
        else:
            draft = _flat(*policy.point("enforcement_without_amount"))
        draft.prepaid_by = None
        draft.borne_by = FeePayer.DEBTOR
        draft.notes.append(
            "not prepaid by the applicant: collected after enforcement (FM Art 20) and borne by the debtor (FM Art 38)"
        )
        return draft
    if kind is FeeKind.PRESERVATION:
        fee, lines = cumulative_fee(amount or D("0"), PRESERVATION_BANDS)
        draft = _Draft(fee, ["FM Art 14(2)"], lines)
        if fee > PRESERVATION_CAP:
            draft.exact = PRESERVATION_CAP
            draft.notes.append(f"capped at {PRESERVATION_CAP} (FM Art 14(2))")
        return draft
    if kind is FeeKind.PAYMENT_ORDER:
        fee, lines = cumulative_fee(_require_positive(amount, kind, "the amount claimed"), PROPERTY_BANDS)
        return _Draft(fee / 3, ["FM Art 14(3) (one third of the property-case fee)", "FM Art 13(1)"], lines)
    if kind is FeeKind.BANKRUPTCY:
        fee, lines = cumulative_fee(_require_positive(amount, kind, "the bankruptcy estate"), PROPERTY_BANDS)
        draft = _Draft(fee / 2, ["FM Art 14(6) (half the property-case fee)", "FM Art 13(1)"], lines)
        if draft.exact > BANKRUPTCY_CAP:
            draft.exact = BANKRUPTCY_CAP
            draft.notes.append(f"capped at {BANKRUPTCY_CAP} (FM Art 14(6))")
        draft.prepaid_by = None
        draft.borne_by = FeePayer.ESTATE
        draft.notes.append("not prepaid: collected after liquidation (FM Art 20)")
        return draft
    if kind is FeeKind.PUBLIC_SUMMONS:
        return _flat(PUBLIC_SUMMONS_FEE, "FM Art 14(4)")
    if kind is FeeKind.ARBITRATION_REVIEW:
        return _flat(ARBITRATION_REVIEW_FEE, "FM Art 14(5)")
    if kind is FeeKind.JURISDICTION_OBJECTION:
        draft = _flat(*policy.point("jurisdiction_objection"))
        draft.notes.append("due only when the objection is rejected (FM Art 13(6))")
        draft.borne_by = FeePayer.APPLICANT
        return draft
    raise AssertionError(kind)  # pragma: no cover


def _round(value: Decimal, rounding: Rounding) -> Decimal:
    quantum = FEN if rounding is Rounding.FEN else YUAN
    return value.quantize(quantum, rounding=ROUND_HALF_UP).quantize(FEN)


def assess_fee(
    kind: FeeKind,
    amount: Decimal | int | None = None,
    *,
    procedure: Procedure = Procedure.ORDINARY,
    policy: FeePolicy = DEFAULT_POLICY,
    mediated_or_withdrawn: bool = False,
    counterclaim: bool = False,
    retrial_chargeable: bool = False,
) -> FeeAssessment:
    """Assess the fee for `kind` on `amount` (yuan).

    `amount` means: the amount in dispute (property, IP, payment order; on appeal the amount appealed, FM Art 17),
    the total property to divide (divorce), the damages claimed (personality rights), the amount to enforce or
    to preserve, the bankruptcy estate. `counterclaim` covers an independent third party's claim too (FM Art 18).
    """
    kind = FeeKind(kind)
    procedure = Procedure(procedure)
    value = _money(amount, kind=kind)
    acceptance = kind in ACCEPTANCE_KINDS
    if not acceptance and (mediated_or_withdrawn or counterclaim or retrial_chargeable):
        raise InvalidInput(
            msg(
                "%(kind)s: mediation, withdrawal, counterclaim and retrial rules (FM Arts 9, 15, 18) concern the case acceptance fee only",
                kind=kind,
            ),
            field="options",
        )

    draft = _acceptance_base(kind, value, policy) if acceptance else _application(kind, value, policy)
    grounds: list[str] = []
    if acceptance:
        draft.prepaid_by = FeePayer.DEFENDANT if counterclaim else FeePayer.PLAINTIFF
        draft.basis.append("FM Art 20 (prepaid by the plaintiff, appellant or counterclaiming defendant)")
        draft.basis.append("FM Art 29 (borne by the losing party)")
        if procedure is Procedure.SPECIAL:
            draft.exact = D("0")
            draft.basis.insert(0, "FM Art 8(1) (no acceptance fee in special-procedure cases)")
        elif procedure is Procedure.RETRIAL and not retrial_chargeable:
            draft.exact = D("0")
            draft.basis.insert(0, "FM Art 9 (no acceptance fee on retrial save its two exceptions)")
        elif procedure is Procedure.RETRIAL:
            draft.basis.append("FM Art 19 (retrial: on the amount of the retrial request)")
        elif procedure is Procedure.SECOND_INSTANCE:
            draft.basis.append("FM Art 17 (appeal: on the amount of the appeal request)")
        if procedure in SUMMARY_FAMILY:
            grounds.append("FM Art 16 (summary procedure: halved)")
            if procedure is Procedure.SMALL_CLAIMS:
                draft.notes.append(
                    "small claims are tried under the summary-procedure chapter (CPL Art 165); no dedicated fee "
                    "rule was found, so the Art 16 half rate applies (unverified)"
                )
        if mediated_or_withdrawn:
            grounds.append("FM Art 15 (mediation or withdrawal: halved)")
        if counterclaim:
            grounds.append("FM Art 18 (counterclaim or independent third-party claim: halved)")

    halvings = min(len(grounds), 1) if policy.halve_once else len(grounds)
    exact = draft.exact / (2**halvings)
    basis = draft.basis + grounds
    if len(grounds) > 1:
        draft.notes.append(
            f"{len(grounds)} halving grounds; policy {policy.name!r} halves "
            + ("once" if policy.halve_once else "for each ground")
        )
    return FeeAssessment(
        kind=kind,
        amount=value,
        procedure=procedure,
        fee=_round(exact, policy.rounding),
        exact=exact,
        basis=basis,
        breakdown=draft.breakdown,
        halved=halvings > 0,
        halvings=halvings,
        prepaid_by=draft.prepaid_by,
        borne_by=draft.borne_by,
        notes=draft.notes,
    )


def _text(value: Decimal | None) -> str | None:
    """Money with two decimals, or more when an exact intermediate has them (50.025)."""
    if value is None:
        return None
    if value == value.quantize(FEN):
        value = value.quantize(FEN)
    return format(value, "f")


def fee_to_json(assessment: FeeAssessment) -> dict[str, Any]:
    """Plain JSON for the CLI and API: money as strings with two decimals, never floats."""
    return {
        "kind": str(assessment.kind),
        "amount": _text(assessment.amount),
        "procedure": str(assessment.procedure),
        "fee": format(assessment.fee, "f"),
        "halved": assessment.halved,
        "basis": list(assessment.basis),
        "breakdown": [
            {
                "from": _text(line.lower),
                "to": _text(line.upper),
                "portion": _text(line.portion),
                "flat": _text(line.flat),
                "rate": None if line.rate is None else format(line.rate, "f"),
                "fee": _text(line.fee),
                "article": line.article,
            }
            for line in assessment.breakdown
        ],
        "prepaid_by": None if assessment.prepaid_by is None else str(assessment.prepaid_by),
        "borne_by": str(assessment.borne_by),
        "notes": list(assessment.notes),
    }


# Causes of action (民事案件案由规定, 2020) whose fee is not the property-case fee, matched on the cause name.
# FM Art 13(4): labour disputes — the 劳动争议 causes of part 6, not 劳务合同纠纷, which is a civil contract.
LABOUR_CAUSES = (
    "劳动合同纠纷",
    "劳动争议",
    "追索劳动报酬纠纷",
    "确认劳动关系纠纷",
    "经济补偿金纠纷",
    "劳动关系",
)
# FM Art 13(2) item 2: 姓名权、名称权、肖像权、名誉权、荣誉权以及其他人格权.
PERSONALITY_CAUSES = (
    "姓名权",
    "名称权",
    "肖像权",
    "名誉权",
    "荣誉权",
    "隐私权",
    "个人信息保护",
    "一般人格权",
)
# FM Art 13(3): intellectual property civil cases.
IP_CAUSES = ("著作权", "商标权", "专利", "作品", "商业秘密", "植物新品种", "集成电路布图设计", "知识产权")
DIVORCE_CAUSES = ("离婚纠纷",)  # FM Art 13(2) item 1; 离婚后财产纠纷 is a property case

CASE_TYPE_FEE_KINDS = {
    "administrative": FeeKind.ADMINISTRATIVE,  # FM Art 13(5)
    "enforcement": FeeKind.ENFORCEMENT,  # FM Art 14(1)
    "preservation": FeeKind.PRESERVATION,  # FM Art 14(2)
    "payment_order": FeeKind.PAYMENT_ORDER,  # FM Art 14(3)
}


# Criminal private prosecutions (刑事自诉) pay no fee: the Fee Measures cover civil and administrative suits only
# (FM Art 2: "当事人进行民事诉讼、行政诉讼，应当依照本办法交纳诉讼费用").
UNCHARGED_CASE_TYPES = frozenset({"criminal_private"})


def fee_kind_for(case_type: str, cause_name: str, amount: Decimal | None) -> FeeKind:
    """Which row of the Fee Measures a new case is charged under, from its case type and cause of action."""
    if case_type in CASE_TYPE_FEE_KINDS:
        return CASE_TYPE_FEE_KINDS[case_type]
    cause = cause_name or ""
    if cause in DIVORCE_CAUSES:
        return FeeKind.DIVORCE
    if any(word in cause for word in LABOUR_CAUSES):
        return FeeKind.LABOUR
    if any(word in cause for word in IP_CAUSES):
        return FeeKind.IP
    if any(word in cause for word in PERSONALITY_CAUSES):
        return FeeKind.PERSONALITY
    return FeeKind.PROPERTY if amount else FeeKind.OTHER_NON_PROPERTY


def amount_claimed(
    entered: Decimal | int | str | None, claim_amounts: Iterable[Decimal | int | str | None]
) -> Decimal | None:
    """The amount a new case is charged on: the amount in dispute as entered, or else the sum of the claims' amounts
    (FM Art 13(1) charges on the amount of the claims, 诉讼请求的金额)."""
    if entered not in (None, ""):
        return D(str(entered))
    # Claims without money (判令被告赔礼道歉) or entered as 0 leave a non-property case non-property.
    total = sum((D(str(a)) for a in claim_amounts if a not in (None, "")), D("0"))
    return total or None


def case_fee(
    case_type: str,
    cause_name: str,
    amount: Decimal | int | None,
    procedure: Procedure | str = Procedure.ORDINARY,
) -> FeeAssessment | None:
    """The one fee for a new case: what the litigant is shown before filing, what registration charges and what
    `court fee --case-type/--cause` prints. None: the case pays no fee (UNCHARGED_CASE_TYPES); InvalidInput when
    the rules cannot price it (a property case without its amount)."""
    if case_type in UNCHARGED_CASE_TYPES:
        return None
    kind = fee_kind_for(case_type, cause_name, D(amount) if amount is not None else None)
    # Application fees (enforcement, preservation, payment order) have no trial procedure of their own.
    fee_procedure = Procedure(procedure) if kind in ACCEPTANCE_KINDS else Procedure.ORDINARY
    return assess_fee(kind, amount, procedure=fee_procedure)
