"""Pure parts of the pages: the review rows of a docket, the fee preview, CSRF tokens."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from court.cases.fee_preview import preview_fee
from court.cases.fees import FeeKind, fee_kind_for
from court.filing.docket_view import docket_rows, machine_value
from court.web.csrf import new_token, token_valid

DOCKET = {
    "parties": [
        {
            "role": {"value": "plaintiff", "confidence": 0.99},
            "name": {
                "value": "王丽华",
                "span": [5, 8],
                "page": 1,
                "confidence": 0.97,
                "source_text": "原告：王丽华",
            },
            "id_number": {
                "value": "330106199001011234",
                "confidence": 0.42,
                "page": 1,
                "start": 12,
                "end": 30,
            },
        },
    ],
    "amount_in_dispute": {"value": "100000.00", "confidence": 0.8, "page": 1},
    "cause_of_action": {"name": "民间借贷纠纷", "code": "9.84", "confidence": 0.9, "page": 1},
    "court": None,
    "case_numbers": [{"text": "（2022）浙0106民初1234号", "confidence": 1.0, "page": 2}],
}


def test_docket_rows_keep_value_source_page_and_confidence() -> None:
    rows = {r.path: r for r in docket_rows(DOCKET)}
    name = rows["parties[0].name"]
    assert (name.value, name.page, name.span, name.source, name.level) == (
        "王丽华",
        1,
        (5, 8),
        "原告：王丽华",
        "high",
    )
    assert rows["parties[0].id_number"].span == (12, 30) and rows["parties[0].id_number"].level == "low"
    assert rows["amount_in_dispute"].level == "mid"
    assert rows["cause_of_action"].value == "民间借贷纠纷" and rows["cause_of_action"].confidence == 0.9
    assert rows["case_numbers[0]"].value == "（2022）浙0106民初1234号"
    assert "court" not in rows


def test_correction_shows_beside_machine_value() -> None:
    rows = {
        r.path: r for r in docket_rows(DOCKET, {"parties[0].name": {"value": "王丽花", "machine": "王丽华"}})
    }
    assert rows["parties[0].name"].correction == "王丽花" and rows["parties[0].name"].value == "王丽华"
    assert machine_value(DOCKET, "parties[0].name") == "王丽华" and machine_value(DOCKET, "nope") is None


@given(
    st.dictionaries(
        st.text(min_size=1, max_size=8),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
            lambda inner: (
                st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
            ),
            max_leaves=10,
        ),
    )
)
def test_any_json_docket_flattens_without_error(docket: dict) -> None:
    rows = docket_rows(docket)
    assert len({r.path for r in rows}) == len(rows)  # paths are unique keys for corrections


@pytest.mark.parametrize(
    ("filing", "kind", "fee", "prepaid"),
    [
        (
            {"case_type": "civil", "amount_in_dispute": "100000"},
            FeeKind.PROPERTY,
            "2300.00",
            True,
        ),  # FM Art 13(1) worked example
        (
            {"case_type": "civil", "amount_in_dispute": "100000", "procedure": "summary"},
            FeeKind.PROPERTY,
            "1150.00",
            True,
        ),  # FM Art 16
        (
            {"case_type": "civil", "claims": [{"amount": "60000"}, {"amount": "40000"}]},
            FeeKind.PROPERTY,
            "2300.00",
            True,
        ),
        ({"case_type": "civil", "cause_name": "劳动争议"}, FeeKind.LABOUR, "10.00", True),  # FM Art 13(4)
        (
            {"case_type": "enforcement", "amount_in_dispute": "1000000"},
            FeeKind.ENFORCEMENT,
            "12400.00",
            False,
        ),  # FM Art 14(1), Art 20
    ],
)
def test_fee_preview(filing: dict, kind: FeeKind, fee: str, prepaid: bool) -> None:
    assessment = preview_fee(filing)
    assert assessment is not None
    assert (
        assessment.kind is kind
        and assessment.fee == Decimal(fee)
        and (assessment.prepaid_by is not None) is prepaid
    )
    assert fee_kind_for(filing["case_type"], filing.get("cause_name", ""), assessment.amount) is kind


def test_csrf_tokens_are_signed() -> None:
    secret = b"0123456789abcdef"
    token = new_token(secret)
    assert token_valid(secret, token)
    assert not token_valid(b"another-secret-0000", token)
    nonce, signature = token.rsplit(".", 1)
    assert not token_valid(secret, f"{nonce}x.{signature}")
    assert not token_valid(secret, "") and not token_valid(secret, None)
