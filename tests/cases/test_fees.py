"""Fee assessment against the Fee Measures (诉讼费用交纳办法), checked with formulas written here, not imported."""

from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from court.cases.fees import (
    DEFAULT_POLICY,
    FeeKind,
    FeePayer,
    FeePolicy,
    Rounding,
    assess_fee,
    fee_to_json,
)
from court.cases.procedures import Procedure
from court.errors import InvalidInput

D = Decimal


def quick_property_fee(x: Decimal) -> Decimal:
    """The quick formulas of domain-rules.md §2.1 (FM Art 13(1)), written out independently of the band table."""
    if x <= 10_000:
        return D(50)
    if x <= 100_000:
        return x * D("0.025") - 200
    if x <= 200_000:
        return x * D("0.02") + 300
    if x <= 500_000:
        return x * D("0.015") + 1_300
    if x <= 1_000_000:
        return x * D("0.01") + 3_800
    if x <= 2_000_000:
        return x * D("0.009") + 4_800
    if x <= 5_000_000:
        return x * D("0.008") + 6_800
    if x <= 10_000_000:
        return x * D("0.007") + 11_800
    if x <= 20_000_000:
        return x * D("0.006") + 21_800
    return x * D("0.005") + 41_800


def quick_enforcement_fee(x: Decimal) -> Decimal:
    """Quick formulas of domain-rules.md §2.3 (FM Art 14(1))."""
    if x <= 10_000:
        return D(50)
    if x <= 500_000:
        return x * D("0.015") - 100
    if x <= 5_000_000:
        return x * D("0.01") + 2_400
    if x <= 10_000_000:
        return x * D("0.005") + 27_400
    return x * D("0.001") + 67_400


def quick_preservation_fee(x: Decimal) -> Decimal:
    """Closed forms of domain-rules.md §2.3 (FM Art 14(2)), capped at 5,000."""
    if x <= 1_000:
        fee = D(30)
    elif x <= 100_000:
        fee = x * D("0.01") + 20
    else:
        fee = x * D("0.005") + 520
    return min(fee, D(5_000))


def to_fen(x: Decimal) -> Decimal:
    return x.quantize(D("0.01"), rounding=ROUND_HALF_UP)


# Every band edge of FM Art 13(1), one fen either side, and the worked examples of domain-rules.md §2.5.
PROPERTY_EDGES = [
    "0.01", "5000", "10000", "10000.01", "10001", "50000", "99999.99", "100000", "100000.01", "150000",
    "199999.99", "200000", "200000.01", "300000", "499999.99", "500000", "500000.01", "999999.99", "1000000",
    "1000000.01", "1999999.99", "2000000", "2000000.01", "4999999.99", "5000000", "5000000.01", "9999999.99",
    "10000000", "10000000.01", "19999999.99", "20000000", "20000000.01", "100000000",
]  # fmt: skip


@pytest.mark.parametrize("amount", PROPERTY_EDGES, ids=[f"FM-13(1)-{a}" for a in PROPERTY_EDGES])
def test_property_fee_matches_the_quick_formula_at_every_band_edge(amount: str) -> None:
    result = assess_fee(FeeKind.PROPERTY, D(amount))
    expected = quick_property_fee(D(amount))
    assert result.exact == expected
    assert result.fee == to_fen(expected)


@pytest.mark.parametrize(
    ("amount", "fee"),
    [
        pytest.param("10000", "50.00", id="FM-13(1)-first-band-flat-50"),
        pytest.param("100000", "2300.00", id="FM-13(1)-worked-100k-2300"),
        pytest.param("200000", "4300.00", id="FM-13(1)-band-top-200k"),
        pytest.param("500000", "8800.00", id="FM-13(1)-band-top-500k"),
        pytest.param("1000000", "13800.00", id="FM-13(1)-worked-1m-13800"),
        pytest.param("2000000", "22800.00", id="FM-13(1)-band-top-2m"),
        pytest.param("5000000", "46800.00", id="FM-13(1)-band-top-5m"),
        pytest.param("10000000", "81800.00", id="FM-13(1)-band-top-10m"),
        pytest.param("20000000", "141800.00", id="FM-13(1)-worked-20m-141800"),
        pytest.param("10001", "50.03", id="FM-13(1)-10001-is-50.025-half-up"),
    ],
)
def test_property_worked_examples(amount: str, fee: str) -> None:
    assert assess_fee(FeeKind.PROPERTY, D(amount)).fee == D(fee)


amounts = st.decimals(
    min_value=D("0.01"), max_value=D("300000000"), places=2, allow_nan=False, allow_infinity=False
)


@given(amounts)
def test_property_fee_equals_quick_formula_everywhere(x: Decimal) -> None:
    assert assess_fee(FeeKind.PROPERTY, x).exact == quick_property_fee(x)


@given(amounts, amounts)
def test_property_fee_never_falls_as_the_claim_grows(a: Decimal, b: Decimal) -> None:
    low, high = sorted((a, b))
    assert assess_fee(FeeKind.PROPERTY, low).exact <= assess_fee(FeeKind.PROPERTY, high).exact


ENFORCEMENT_EDGES = ["5000", "10000", "10000.01", "100000", "500000", "500000.01", "1000000", "5000000",
                     "5000000.01", "10000000", "10000000.01", "20000000", "100000000"]  # fmt: skip


@pytest.mark.parametrize("amount", ENFORCEMENT_EDGES, ids=[f"FM-14(1)-{a}" for a in ENFORCEMENT_EDGES])
def test_enforcement_fee_matches_the_quick_formula(amount: str) -> None:
    result = assess_fee(FeeKind.ENFORCEMENT, D(amount))
    assert result.exact == quick_enforcement_fee(D(amount))


def test_enforcement_worked_example_and_debtor_pays() -> None:
    result = assess_fee(FeeKind.ENFORCEMENT, D("1000000"))
    assert result.fee == D("12400.00")
    assert result.prepaid_by is None
    assert result.borne_by is FeePayer.DEBTOR
    assert any("FM Art 20" in note and "FM Art 38" in note for note in result.notes)


def test_enforcement_without_amount_uses_the_policy_point_inside_50_to_500() -> None:
    result = assess_fee(FeeKind.ENFORCEMENT)
    assert D(50) <= result.fee <= D(500)
    assert result.fee == DEFAULT_POLICY.enforcement_without_amount


PRESERVATION_EDGES = ["0", "1000", "1000.01", "50000", "100000", "100000.01", "895999.99", "896000", "896000.01",
                      "1000000", "20000000"]  # fmt: skip


@pytest.mark.parametrize("amount", PRESERVATION_EDGES, ids=[f"FM-14(2)-{a}" for a in PRESERVATION_EDGES])
def test_preservation_fee_matches_closed_form_with_cap(amount: str) -> None:
    assert assess_fee(FeeKind.PRESERVATION, D(amount)).exact == quick_preservation_fee(D(amount))


def test_preservation_cap_is_reached_at_896000() -> None:
    assert assess_fee(FeeKind.PRESERVATION, D("896000")).fee == D("5000.00")
    assert assess_fee(FeeKind.PRESERVATION, D("895999.99")).exact < D("5000")
    assert assess_fee(FeeKind.PRESERVATION).fee == D("30.00")  # no amount: 30 (FM Art 14(2))


@pytest.mark.parametrize(
    ("amount", "divisor", "kind"),
    [
        pytest.param("50000", 3, FeeKind.PAYMENT_ORDER, id="FM-14(3)-payment-order-one-third"),
        pytest.param("1000000", 3, FeeKind.PAYMENT_ORDER, id="FM-14(3)-payment-order-1m"),
        pytest.param("1000000", 2, FeeKind.BANKRUPTCY, id="FM-14(6)-bankruptcy-half"),
    ],
)
def test_fraction_of_the_property_fee(amount: str, divisor: int, kind: FeeKind) -> None:
    result = assess_fee(kind, D(amount))
    assert result.fee == to_fen(quick_property_fee(D(amount)) / divisor)


def test_bankruptcy_fee_is_capped_at_300000() -> None:
    # Half the property fee passes 300,000 when 0.5%·X + 41,800 > 600,000, i.e. X > 111,640,000.
    assert assess_fee(FeeKind.BANKRUPTCY, D("111640000")).fee == D("300000.00")
    assert assess_fee(FeeKind.BANKRUPTCY, D("111000000")).fee < D("300000")
    assert assess_fee(FeeKind.BANKRUPTCY, D("500000000")).fee == D("300000.00")
    assert assess_fee(FeeKind.BANKRUPTCY, D("500000000")).prepaid_by is None


@pytest.mark.parametrize(
    ("kind", "amount", "fee"),
    [
        pytest.param(FeeKind.DIVORCE, None, "300", id="FM-13(2)1-zhejiang-divorce-300"),
        pytest.param(FeeKind.DIVORCE, "200000", "300", id="FM-13(2)1-divorce-property-200k-no-extra"),
        pytest.param(FeeKind.DIVORCE, "500000", "1800", id="FM-13(2)1-divorce-500k-300+1500"),
        pytest.param(FeeKind.PERSONALITY, None, "400", id="FM-13(2)2-zhejiang-personality-400"),
        pytest.param(FeeKind.PERSONALITY, "50000", "400", id="FM-13(2)2-damages-50k-no-extra"),
        pytest.param(FeeKind.PERSONALITY, "100000", "900", id="FM-13(2)2-damages-100k-1pct"),
        pytest.param(FeeKind.PERSONALITY, "150000", "1150", id="FM-13(2)2-damages-150k-400+500+250"),
        pytest.param(FeeKind.OTHER_NON_PROPERTY, None, "80", id="FM-13(2)3-zhejiang-other-80"),
        pytest.param(FeeKind.IP, None, "900", id="FM-13(3)-zhejiang-ip-no-amount-900"),
        pytest.param(FeeKind.IP, "100000", "2300", id="FM-13(3)-ip-with-amount-as-property"),
        pytest.param(FeeKind.LABOUR, None, "10", id="FM-13(4)-labour-10"),
        pytest.param(FeeKind.ADMINISTRATIVE, None, "50", id="FM-13(5)2-administrative-50"),
        pytest.param(
            FeeKind.ADMINISTRATIVE_SPECIAL, None, "100", id="FM-13(5)1-trademark-patent-maritime-100"
        ),
        pytest.param(FeeKind.JURISDICTION_OBJECTION, None, "100", id="FM-13(6)-zhejiang-jurisdiction-100"),
        pytest.param(FeeKind.PUBLIC_SUMMONS, None, "100", id="FM-14(4)-public-summons-100"),
        pytest.param(FeeKind.ARBITRATION_REVIEW, None, "400", id="FM-14(5)-arbitration-review-400"),
    ],
)
def test_fixed_and_ranged_fees(kind: FeeKind, amount: str | None, fee: str) -> None:
    assert assess_fee(kind, None if amount is None else D(amount)).fee == D(fee)


@pytest.mark.parametrize(
    ("procedure", "options", "fee"),
    [
        pytest.param(Procedure.ORDINARY, {}, "2300", id="FM-13(1)-ordinary-full"),
        pytest.param(Procedure.SUMMARY, {}, "1150", id="FM-16-summary-halved"),
        pytest.param(Procedure.SMALL_CLAIMS, {}, "1150", id="FM-16-small-claims-as-summary-halved"),
        pytest.param(
            Procedure.ORDINARY, {"mediated_or_withdrawn": True}, "1150", id="FM-15-mediation-halved"
        ),
        pytest.param(Procedure.ORDINARY, {"counterclaim": True}, "1150", id="FM-18-counterclaim-halved"),
        pytest.param(Procedure.SECOND_INSTANCE, {}, "2300", id="FM-17-appeal-same-scale"),
        pytest.param(Procedure.RETRIAL, {}, "0", id="FM-9-retrial-free"),
        pytest.param(
            Procedure.RETRIAL, {"retrial_chargeable": True}, "2300", id="FM-9-19-retrial-chargeable"
        ),
        pytest.param(Procedure.SPECIAL, {}, "0", id="FM-8(1)-special-procedure-free"),
        pytest.param(
            Procedure.SUMMARY, {"mediated_or_withdrawn": True}, "1150", id="FM-15-16-halve-once-policy"
        ),
    ],
)
def test_procedure_and_halving(procedure: Procedure, options: dict[str, bool], fee: str) -> None:
    assert assess_fee(FeeKind.PROPERTY, D("100000"), procedure=procedure, **options).fee == D(fee)


def test_double_halving_is_a_policy_choice() -> None:
    twice = replace(DEFAULT_POLICY, halve_once=False)
    result = assess_fee(
        FeeKind.PROPERTY, D("100000"), procedure=Procedure.SUMMARY, mediated_or_withdrawn=True, policy=twice
    )
    assert result.fee == D("575.00")
    assert result.halvings == 2


def test_halving_never_touches_application_fees() -> None:
    assert assess_fee(FeeKind.ENFORCEMENT, D("1000000"), procedure=Procedure.SUMMARY).fee == D("12400.00")
    with pytest.raises(InvalidInput):
        assess_fee(FeeKind.PRESERVATION, D("1000"), mediated_or_withdrawn=True)


@pytest.mark.parametrize(
    ("rounding", "fee"),
    [
        pytest.param(Rounding.FEN, "50.03", id="policy-fen-half-up"),
        pytest.param(Rounding.YUAN, "50.00", id="policy-yuan"),
    ],
)
def test_rounding_policy(rounding: Rounding, fee: str) -> None:
    policy = replace(DEFAULT_POLICY, rounding=rounding)
    assert assess_fee(FeeKind.PROPERTY, D("10001"), policy=policy).fee == D(fee)


def test_yuan_rounding_is_half_up() -> None:
    # 25,020 → 2.5%·25,020 − 200 = 425.5 exactly → 426 whole yuan.
    policy = replace(DEFAULT_POLICY, rounding=Rounding.YUAN)
    assert assess_fee(FeeKind.PROPERTY, D("25020"), policy=policy).fee == D("426")


def test_a_policy_outside_the_national_range_is_refused() -> None:
    with pytest.raises(InvalidInput, match="divorce"):
        replace(DEFAULT_POLICY, divorce=D("301"))
    with pytest.raises(InvalidInput, match="ip_without_amount"):
        FeePolicy(
            name="x", source="test", divorce=D(50), personality=D(100), other_non_property=D(50),
            ip_without_amount=D(400), jurisdiction_objection=D(50), enforcement_without_amount=D(50),
        )  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "amount", "message"),
    [
        pytest.param(FeeKind.PROPERTY, D("-1"), "negative", id="negative-amount"),
        pytest.param(FeeKind.PROPERTY, None, "required", id="property-needs-amount"),
        pytest.param(FeeKind.PROPERTY, D("0"), "required", id="property-zero-amount"),
        pytest.param(FeeKind.PAYMENT_ORDER, None, "required", id="payment-order-needs-amount"),
        pytest.param(FeeKind.PROPERTY, D("100.001"), "fen", id="sub-fen-amount"),
        pytest.param(FeeKind.PROPERTY, 100.5, "Decimal", id="float-refused"),
        pytest.param(FeeKind.PROPERTY, D("NaN"), "finite", id="nan-refused"),
    ],
)
def test_invalid_input(kind: FeeKind, amount: object, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        assess_fee(kind, amount)  # type: ignore[arg-type]


def test_basis_cites_the_articles_applied() -> None:
    result = assess_fee(FeeKind.PROPERTY, D("1000000"), procedure=Procedure.SUMMARY)
    assert result.basis[0] == "FM Art 13(1)"
    assert any(b.startswith("FM Art 16") for b in result.basis)
    assert [line.article for line in result.breakdown][-1] == "FM Art 13(1) item 5"
    assert sum(line.fee for line in result.breakdown) == D("13800")


def test_fee_to_json_shape() -> None:
    data = fee_to_json(assess_fee(FeeKind.PROPERTY, D("100000")))
    assert data["kind"] == "property"
    assert data["amount"] == "100000.00"
    assert data["procedure"] == "ordinary"
    assert data["fee"] == "2300.00"
    assert data["basis"][0] == "FM Art 13(1)"
    assert [line["to"] for line in data["breakdown"]] == ["10000.00", "100000.00"]
    assert data["prepaid_by"] == "plaintiff"
