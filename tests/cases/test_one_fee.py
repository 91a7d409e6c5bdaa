"""One fee function: the fee a litigant is shown before filing is the fee registration charges (FM = 诉讼费用交纳办法).

The three drift examples were shown one fee by the old page-side copy of the rules and charged another."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from court.cases.fee_preview import fee_free, preview_fee
from court.cases.fees import FeeKind, amount_claimed, case_fee, fee_to_json
from court.cases.intake import fee_notice
from court.cases.procedures import Procedure
from court.cases.registration import _open_case
from court.cases.tables import Case
from court.errors import InvalidInput
from court.filing.service import filing_view
from court.filing.tables import FilingClaim
from seeds.reference import load_causes
from tests.cases.test_case_cli import court_fee
from tests.cases.test_registration import NOW, principal, submitted_filing
from tests.conftest import sign_in

CAUSES = sorted({c.name for c in load_causes()} | {a for c in load_causes() for a in c.aliases})
CASE_TYPES = ("civil", "administrative", "enforcement", "preservation", "payment_order", "criminal_private")
AMOUNTS = (
    None,
    "0",
    "0.01",
    "9999.99",
    "10000",
    "10000.01",
    "50000",
    "100000",
    "200000.01",
    "500000",
    "1000000",
    "2000000",
    "5000000.5",
    "10000000",
    "20000000",
    "123456789.12",
)


def charged(filing: dict[str, Any]) -> dict[str, Any] | None | str:
    """What registration charges for this filing: its fee notice, or "refused" where it cannot price the case."""
    amount = amount_claimed(
        filing.get("amount_in_dispute"), [c.get("amount") for c in filing.get("claims", [])]
    )
    try:
        return fee_notice(filing["case_type"], filing["cause_name"], amount, Procedure(filing["procedure"]))
    except InvalidInput:
        return "refused"


def shown(filing: dict[str, Any]) -> dict[str, Any] | None | str:
    assessment = preview_fee(filing)
    if assessment is None:
        return None if fee_free(filing) else "refused"
    return fee_to_json(assessment)


@pytest.mark.parametrize(
    ("case_type", "cause", "amount", "fee", "kind"),
    [
        # 离婚后财产纠纷 is a property case (FM Art 13(1)), not a divorce (Art 13(2) item 1, 离婚纠纷 only):
        # 50 + 90,000 x 2.5% + 100,000 x 2% + 300,000 x 1.5% = 8,800 (the old preview said 1,800).
        ("civil", "离婚后财产纠纷", "500000", "8800.00", FeeKind.PROPERTY),
        # A copyright case without an amount: FM Art 13(3), 500-1,000 per case; Zhejiang's point 900 (the old
        # preview priced it as another non-property case, FM Art 13(2) item 3: 80).
        ("civil", "著作权权属纠纷", None, "900.00", FeeKind.IP),
        # With an amount, an IP case pays as a property case (FM Art 13(3)): 100,000 -> 2,300.
        ("civil", "侵害作品信息网络传播权纠纷", "100000", "2300.00", FeeKind.IP),
    ],
)
def test_the_drifted_causes_are_shown_what_registration_charges(
    case_type: str, cause: str, amount: str | None, fee: str, kind: FeeKind
) -> None:
    filing = {
        "case_type": case_type,
        "cause_name": cause,
        "amount_in_dispute": amount,
        "procedure": "ordinary",
        "claims": [],
    }
    assessment = preview_fee(filing)
    assert assessment is not None and assessment.kind is kind and assessment.fee == Decimal(fee)
    assert shown(filing) == charged(filing)


def test_a_criminal_private_prosecution_is_shown_no_fee() -> None:
    # FM Art 2: the Fee Measures charge civil and administrative suits; a 刑事自诉 pays nothing (old preview: 80).
    filing = {
        "case_type": "criminal_private",
        "cause_name": "",
        "amount_in_dispute": None,
        "procedure": "ordinary",
    }
    assert preview_fee(filing) is None and fee_free(filing)
    assert charged(filing) is None


@pytest.mark.parametrize("cause", CAUSES)
def test_every_cause_is_shown_what_it_is_charged(cause: str) -> None:
    for amount in AMOUNTS:
        for procedure in ("ordinary", "summary"):
            filing = {
                "case_type": "civil",
                "cause_name": cause,
                "amount_in_dispute": amount,
                "procedure": procedure,
            }
            assert shown(filing) == charged(filing), filing


money = st.decimals(min_value=0, max_value=Decimal("1e11"), places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=400, deadline=None)
@given(
    case_type=st.sampled_from(CASE_TYPES),
    cause=st.sampled_from(CAUSES) | st.just(""),
    amount=st.none() | money,
    claims=st.lists(st.none() | money, max_size=4),
    procedure=st.sampled_from([p.value for p in Procedure]),
)
def test_any_filing_is_shown_what_it_is_charged(
    case_type: str, cause: str, amount: Decimal | None, claims: list[Decimal | None], procedure: str
) -> None:
    filing = {
        "case_type": case_type,
        "cause_name": cause,
        "amount_in_dispute": amount,
        "procedure": procedure,
        "claims": [{"text": "x", "amount": a} for a in claims],
    }
    assert shown(filing) == charged(filing)


def test_court_fee_prices_a_case_by_its_cause_as_registration_does() -> None:
    out = court_fee("--case-type", "civil", "--cause", "离婚后财产纠纷", "--amount", "500000")
    assert out.returncode == 0, out.stderr
    expected = case_fee("civil", "离婚后财产纠纷", Decimal("500000"))
    assert expected is not None and json.loads(out.stdout) == fee_to_json(expected)
    assert json.loads(out.stdout)["fee"] == "8800.00"
    out = court_fee("--case-type", "criminal_private")
    assert out.returncode == 0 and json.loads(out.stdout) is None


@pytest.mark.parametrize(
    ("cause", "amount", "claims", "fee"),
    [
        ("离婚后财产纠纷", "500000", None, Decimal("8800.00")),
        ("著作权权属纠纷", None, None, Decimal("900.00")),
        # No amount entered: both the preview and registration charge on the claims' sum (FM Art 13(1)).
        ("民间借贷纠纷", None, ["60000", "40000"], Decimal("2300.00")),
    ],
)
async def test_registration_through_the_api_charges_the_fee_shown(
    client: Any, cause: str, amount: str | None, claims: list[str] | None, fee: Decimal
) -> None:
    fid = await submitted_filing(cause=cause, amount=amount)
    if claims:
        await FilingClaim.delete().where(FilingClaim.filing == fid)
        await FilingClaim.insert(
            *[
                FilingClaim(filing=fid, position=i, text="判令被告归还借款", amount=Decimal(a))
                for i, a in enumerate(claims)
            ]
        )
    preview = preview_fee(await filing_view(fid))
    assert preview is not None and preview.fee == fee
    headers = await sign_in(client, "clerk.xihu")
    r = await client.post(f"/api/v1/filings/{fid}/register", headers=headers)
    assert r.status_code == 201, r.text
    stored = await Case.select(Case.fee, Case.fee_notice).where(Case.id == r.json()["id"]).first()
    assert Decimal(stored["fee"]).quantize(Decimal("0.01")) == fee
    notice = (
        stored["fee_notice"] if isinstance(stored["fee_notice"], dict) else json.loads(stored["fee_notice"])
    )
    assert notice == fee_to_json(preview)


async def test_a_criminal_private_prosecution_is_registered_without_a_fee(seeded: Any) -> None:
    fid = await submitted_filing(cause="", amount=None, case_type="criminal_private")
    assert preview_fee(await filing_view(fid)) is None
    # 立案 alone: the seeded courts have no criminal judge to draw (分案 would answer no_eligible_judge).
    case = await _open_case(await principal("clerk.xihu"), fid, now=NOW)
    assert case["type_code"] == "刑初" and case["fee"] is None and case["fee_notice"] == {}
