"""Invariants of the jurisdiction engine (hypothesis): exclusive beats a clause, the level follows the amount,
and the answer does not depend on the order of the parties."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from court.routing.directory import CourtDirectory
from court.routing.rules import decide_json
from seeds.reference import load_courts

# Zhejiang county-level divisions that a general basic court covers, as addresses.
COUNTIES = sorted(
    (c.code, f"浙江省{c.name.removesuffix('人民法院')}")
    for c in load_courts()
    if c.level == "basic"
    and c.kind == "general"
    and c.active
    and c.name.startswith(("杭州市", "宁波市", "温州市"))
)
ADDRESSES = [address for _, address in COUNTIES]
COURT_CODES = [code for code, _ in COUNTIES]
DIRECTORY = CourtDirectory.from_seeds()

addresses = st.sampled_from(ADDRESSES)
amounts = st.decimals(min_value=Decimal("1"), max_value=Decimal("2000000000"), places=2)
contract_causes = st.sampled_from(["买卖合同纠纷", "民间借贷纠纷", "承揽合同纠纷", "保证合同纠纷"])
dates = st.sampled_from(["2024-01-01", "2025-10-31", "2025-11-01", "2026-06-30"])


def party(role: str, address: str) -> dict[str, str]:
    return {"role": role, "kind": "organisation", "address": address}


@settings(max_examples=150, deadline=None)
@given(
    plaintiff=addresses,
    defendant=addresses,
    location=addresses,
    agreed=st.sampled_from(COURT_CODES),
    cause=st.sampled_from(["房屋租赁合同纠纷", "建设工程施工合同纠纷", "相邻关系纠纷"]),
    amount=amounts,
)
def test_exclusive_rule_beats_a_clause(
    plaintiff: str, defendant: str, location: str, agreed: str, cause: str, amount: Decimal
) -> None:
    request = {
        "cause": cause,
        "parties": [party("plaintiff", plaintiff), party("defendant", defendant)],
        "property_location": location,
        "agreed_court": agreed,
        "amount": str(amount),
    }
    decision = decide_json(request, DIRECTORY)
    assert decision["rule"] == "exclusive_real_estate"
    [court] = decision["courts"]
    court_row = DIRECTORY.court(court["code"])
    division = DIRECTORY.resolver.resolve(location).division
    assert division is not None
    assert DIRECTORY.covers(court_row, division.code)


@settings(max_examples=150, deadline=None)
@given(
    plaintiff=addresses,
    defendant=addresses,
    cause=contract_causes,
    amount=amounts,
    filing_date=dates,
    outsider=st.booleans(),
)
def test_chosen_court_is_at_the_level_the_amount_calls_for(
    plaintiff: str, defendant: str, cause: str, amount: Decimal, filing_date: str, outsider: bool
) -> None:
    if outsider:
        plaintiff = "江苏省苏州市吴中区木渎镇"
    request = {
        "cause": cause,
        "parties": [party("plaintiff", plaintiff), party("defendant", defendant)],
        "amount": str(amount),
        "filing_date": filing_date,
    }
    decision = decide_json(request, DIRECTORY)
    # 法发〔2021〕27号: 1亿 when one party is outside the court's province, 5亿 when none (or all) are.
    threshold = Decimal(100_000_000) if outsider else Decimal(500_000_000)
    expected = "intermediate" if amount >= threshold else "basic"
    assert decision["courts"]
    for court in decision["courts"]:
        assert DIRECTORY.court_by_code(court["code"]).level == expected


@settings(max_examples=150, deadline=None)
@given(
    parties=st.lists(
        st.tuples(st.sampled_from(["plaintiff", "defendant", "third_party"]), addresses),
        min_size=2,
        max_size=6,
    ),
    cause=st.sampled_from(["买卖合同纠纷", "财产损害赔偿纠纷", "离婚纠纷", "信息网络买卖合同纠纷"]),
    amount=amounts,
    filing_date=dates,
    data=st.data(),
)
def test_answer_does_not_depend_on_party_order(
    parties: list[tuple[str, str]], cause: str, amount: Decimal, filing_date: str, data: st.DataObject
) -> None:
    listed = [{"role": role, "kind": "person", "address": address} for role, address in parties]
    shuffled = data.draw(st.permutations(listed))
    base = {"cause": cause, "amount": str(amount), "filing_date": filing_date, "tort_place": ADDRESSES[0]}
    first = decide_json({**base, "parties": listed}, DIRECTORY)
    second = decide_json({**base, "parties": list(shuffled)}, DIRECTORY)
    assert first == second
