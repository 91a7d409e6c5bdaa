"""Client input that used to reach a 500 or 503 (issue 15, finding 6): non-finite and huge amounts, deeply nested
JSON, NUL and unpaired surrogates in text, and two requests racing to create the same thing. Each is a 4xx problem,
on both engines."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

import pytest

from court.amounts import MAX_AMOUNT, parse_amount
from court.errors import InvalidInput
from court.web.boundary import MAX_JSON_DEPTH, json_depth, lone_surrogate_escape
from tests.conftest import sign_in
from tests.execution.test_api_matters import body as matter_body
from tests.web.forms import csrf_of as _csrf
from tests.web.forms import post_new_filing
from tests.web.forms import sign_in_by_form as _page_sign_in

BAD_AMOUNTS = [
    "NaN",
    "Infinity",
    "-Infinity",
    "sNaN",
    "1E+30",
    "1e20",
    "10000000000000",
    "-1",
    "1.001",
    "12,5",
    "abc",
]
FILING = {
    "receiving_court_code": "浙0106",
    "cause_name": "民间借贷纠纷",
    "parties": [{"role": "plaintiff", "name": "王丽华"}, {"role": "defendant", "name": "陈建国"}],
}


def _is_problem(r: Any, status: int, code: str) -> None:
    assert r.status_code == status, (r.status_code, r.text[:500])
    assert r.headers["content-type"].startswith("application/problem+json"), r.headers["content-type"]
    assert r.json()["code"] == code, r.text


# --- the one money parser ------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", BAD_AMOUNTS)
def test_the_money_parser_refuses_what_is_not_an_amount_in_fen(value: str) -> None:
    with pytest.raises(InvalidInput):
        parse_amount(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("150000", Decimal("150000.00")),
        ("0.1", Decimal("0.10")),
        (1234.5, Decimal("1234.50")),
        (7, Decimal("7.00")),
        (" 88.80 ", Decimal("88.80")),
        ("9999999999999.99", Decimal("9999999999999.99")),
        ("1E+3", Decimal("1000.00")),
    ],
)
def test_the_money_parser_keeps_every_amount_in_fen_below_the_bound(value: Any, expected: Decimal) -> None:
    assert parse_amount(value) == expected and str(parse_amount(value)) == str(expected)


def test_the_bound_is_exact_as_a_double_to_the_fen() -> None:
    # Why 10^13: every amount below it in fen survives a JavaScript client's double (53-bit mantissa).
    largest = MAX_AMOUNT - Decimal("0.01")
    assert Decimal(repr(float(largest))) == largest
    assert int(largest * 100) < 2**53
    with pytest.raises(InvalidInput):
        parse_amount(MAX_AMOUNT)
    with pytest.raises(InvalidInput):
        parse_amount("0", positive=True)


@pytest.mark.parametrize("value", BAD_AMOUNTS)
async def test_bad_amounts_in_the_filing_api_are_a_422(client: Any, value: str) -> None:
    h = await sign_in(client, "litigant.wang")
    r = await client.post("/api/v1/filings/", json=FILING | {"amount_in_dispute": value}, headers=h)
    _is_problem(r, 422, "invalid_input")
    assert r.json()["field"] == "amount_in_dispute"
    r = await client.post(
        "/api/v1/filings/", json=FILING | {"claims": [{"text": "还款", "amount": value}]}, headers=h
    )
    _is_problem(r, 422, "invalid_input")
    created = await client.post("/api/v1/filings/", json=FILING, headers=h)
    r = await client.post(
        f"/api/v1/filings/{created.json()['id']}/claims", json={"text": "还款", "amount": value}, headers=h
    )
    _is_problem(r, 422, "invalid_input")


@pytest.mark.parametrize("value", ["NaN", "Infinity", "1E+30", "1e20"])
async def test_bad_amounts_in_the_filing_page_form_are_refused_in_chinese(client: Any, value: str) -> None:
    token = await _page_sign_in(client, "litigant.wang")
    r = await post_new_filing(client, token, cause_name="民间借贷纠纷", amount_in_dispute=value)
    assert r.status_code == 422, r.text[:300]
    assert "金额有误" in r.text and 'id="amount_in_dispute"' in r.text and 'aria-invalid="true"' in r.text


@pytest.mark.parametrize("value", ["NaN", "Infinity", "1E+30", "1e20", 1e20])
async def test_bad_amounts_in_routing_and_fees_are_a_422(client: Any, value: Any) -> None:
    h = await sign_in(client, "clerk.xihu")
    r = await client.post(
        "/api/v1/route",
        json={
            "cause": "民间借贷纠纷",
            "amount": value,
            "parties": [{"role": "defendant", "address": "浙江省杭州市西湖区"}],
        },
        headers=h,
    )
    _is_problem(r, 422, "invalid_input")
    r = await client.get("/api/v1/fees", params={"kind": "property", "amount": str(value)})
    _is_problem(r, 422, "invalid_input")


async def test_bad_amounts_as_enforcement_payments_are_a_422_and_post_nothing(client: Any) -> None:
    from tests.execution.matter_fixtures import add_users

    await add_users()
    officer = await sign_in(client, "enforcer.xihu")
    wang = await sign_in(client, "litigant.wang")
    wang_id = (await client.get("/api/v1/me", headers=wang)).json()["id"]
    r = await client.post("/api/v1/matters/", json=matter_body(wang_id), headers=officer)
    assert r.status_code == 201, r.text
    mid = r.json()["id"]
    for value in ["NaN", "Infinity", "1E+30", "1e20", 1e20, "0"]:
        r = await client.post(
            f"/api/v1/matters/{mid}/payments", json={"key": f"p-{value}", "amount": value}, headers=officer
        )
        _is_problem(r, 422, "invalid_input")
    body = matter_body(wang_id)
    body["parties"][0]["principal"] = "1E+30"
    _is_problem(await client.post("/api/v1/matters/", json=body, headers=officer), 422, "invalid_input")
    r = await client.post(
        f"/api/v1/matters/{mid}/payments", json={"key": "ok", "amount": "100.50"}, headers=officer
    )
    assert r.status_code == 201, r.text
    assert r.json()["lines"][0]["debit"] == "100.50"


# --- JSON depth, NUL, unpaired surrogates ----------------------------------------------------------------------


def test_json_depth_is_read_without_decoding_and_ignores_brackets_in_strings() -> None:
    assert json_depth(b'{"a": [1, {"b": "[[[[{{{{"}]}') == 3
    assert json_depth(b'"\\"[["') == 0
    assert json_depth(b"[" * 5000 + b"]" * 5000) == 5000


def test_lone_surrogate_escapes_are_found_and_pairs_are_not() -> None:
    assert lone_surrogate_escape(b'"\\ud800"') and lone_surrogate_escape(b'"\\udc00x"')
    assert lone_surrogate_escape(b'"\\ud800\\u0041"')
    assert not lone_surrogate_escape(b'"\\ud83d\\ude00"')  # 😀 as a pair
    assert not lone_surrogate_escape(b'"\\\\ud800"')  # an escaped backslash, then plain text


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 5000, 100_000])
async def test_deeply_nested_json_is_a_400(client: Any, depth: int) -> None:
    h = await sign_in(client, "litigant.wang")
    for path in ("/api/v1/filings/", "/api/v1/route"):
        nested = b'{"summary": ' + b"[" * depth + b"]" * depth + b"}"
        r = await client.post(path, content=nested, headers=h | {"content-type": "application/json"})
        _is_problem(r, 400, "malformed_request")


NUL_BODIES = {
    "summary": FILING | {"summary": "借款\u0000纠纷"},
    "party_name": FILING | {"parties": [{"role": "plaintiff", "name": "王\u0000丽华"}]},
    "claim_text": FILING | {"claims": [{"text": "\u0000"}]},
    "key": FILING | {"\u0000": 1},
}


@pytest.mark.parametrize("body", NUL_BODIES.values(), ids=NUL_BODIES.keys())
async def test_a_nul_in_any_text_field_is_a_422(client: Any, body: dict[str, Any]) -> None:
    h = await sign_in(client, "litigant.wang")
    r = await client.post("/api/v1/filings/", json=body, headers=h)
    _is_problem(r, 422, "invalid_input")
    assert "空字符" in r.json()["detail"]


@pytest.mark.parametrize("escape", [b"\\ud800", b"\\udfff", b"x\\ud800\\u0041"])
async def test_an_unpaired_surrogate_is_a_422(client: Any, escape: bytes) -> None:
    h = await sign_in(client, "litigant.wang")
    raw = b'{"receiving_court_code": "\xe6\xb5\x990106", "summary": "' + escape + b'"}'
    r = await client.post("/api/v1/filings/", content=raw, headers=h | {"content-type": "application/json"})
    _is_problem(r, 422, "invalid_input")


async def test_a_nul_in_a_query_string_or_path_is_a_422(client: Any) -> None:
    h = await sign_in(client, "clerk.xihu")
    _is_problem(
        await client.get("/api/v1/cases/", params={"party": "王\x00"}, headers=h), 422, "invalid_input"
    )
    _is_problem(await client.get("/api/v1/uploads/ab%00cd", headers=h), 422, "invalid_input")


async def test_a_nul_in_page_forms_is_refused(client: Any) -> None:
    token = await _page_sign_in(client, "litigant.wang")
    r = await post_new_filing(client, token, cause_name="借款\x00纠纷")
    assert r.status_code == 422, r.text[:300]
    client.cookies.clear()
    token = _csrf((await client.get("/register")).text)
    r = await client.post(
        "/register",
        data={
            "csrf_token": token,
            "username": "nul\x00user",
            "password": "a-long-password-1",
            "display_name": "王\x00",
        },
    )
    assert r.status_code == 422, r.text[:300]


# --- uniqueness races --------------------------------------------------------------------------------------------


async def test_a_unique_index_lost_race_is_a_409_not_a_5xx(client: Any) -> None:
    """Six sign-ups for one username at once: on PostgreSQL all pass the "is it taken?" check and race to the unique
    index (UniqueViolationError was a 503); one account, every other answer a 409."""
    from court.accounts.tables import User

    client.cookies.clear()
    token = _csrf((await client.get("/register")).text)
    form = {
        "csrf_token": token,
        "username": "race.same.name",
        "password": "Qx7!mv9#Lp2$wz-long",
        "password_again": "Qx7!mv9#Lp2$wz-long",
        "display_name": "赛跑",
    }
    answers = await asyncio.gather(*(client.post("/register", data=form) for _ in range(6)))
    assert {r.status_code for r in answers} <= {302, 303, 409}, [
        (r.status_code, r.text[:200]) for r in answers
    ]
    assert sum(r.status_code in (302, 303) for r in answers) == 1
    assert await User.count().where(User.username == "race.same.name") == 1


def test_unique_violations_of_both_drivers_map_to_409() -> None:
    import sqlite3

    from court.web.problems import client_error_of

    lost = sqlite3.IntegrityError("UNIQUE constraint failed: court_filing.create_key")
    assert client_error_of(lost) is not None and client_error_of(lost).status == 409  # type: ignore[union-attr]
    assert client_error_of(sqlite3.IntegrityError("NOT NULL constraint failed: x")) is None

    class UniqueViolationError(Exception):  # asyncpg's, by the name and SQLSTATE the mapping reads
        sqlstate = "23505"

    wrapped = RuntimeError("transaction failed")
    wrapped.__cause__ = UniqueViolationError("duplicate key value violates unique constraint")
    assert client_error_of(wrapped).status == 409  # type: ignore[union-attr]


async def test_ids_and_limits_beyond_the_integer_columns_are_a_422_not_a_503(client: Any) -> None:
    """Found by Schemathesis on PostgreSQL: asyncpg refuses to encode 2^31 and beyond for an integer column, and the
    DataError had been taken for a database outage (503)."""
    h = await sign_in(client, "litigant.wang")
    for path in (
        "/api/v1/filings/2147483648",
        "/api/v1/filings/9007199254740993/status",
        "/api/v1/jobs/2090444224512",
    ):
        r = await client.get(path, headers=h)
        assert r.status_code in (403, 404, 422), (path, r.status_code, r.text[:200])
    r = await client.get("/api/v1/causes", params={"level": 2**40})
    assert r.status_code < 500, r.text[:200]
