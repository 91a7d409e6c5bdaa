"""The court directory from a small hand-made table, and the internet-court tables chosen by date."""

from __future__ import annotations

from datetime import date

import pytest

from court.errors import InvalidInput
from court.routing.directory import CourtDirectory, CourtNotKnown
from court.routing.internet_court import RULES_2018, RULES_2025, rules_for
from court.routing.rules import decide_json

DIVISIONS = [
    {"code": "330000", "name": "浙江省", "level": "province", "parent": None, "short_names": ["浙江"]},
    {"code": "330100", "name": "杭州市", "level": "city", "parent": "330000", "short_names": ["杭州"]},
    {"code": "330105", "name": "拱墅区", "level": "county", "parent": "330100", "short_names": ["拱墅"]},
    {
        "code": "330103",
        "name": "下城区",
        "level": "county",
        "parent": "330100",
        "short_names": ["下城"],
        "status": "abolished",
        "successor": "330105",
    },
    {"code": "330108", "name": "滨江区", "level": "county", "parent": "330100", "short_names": ["滨江"]},
    {"code": "320000", "name": "江苏省", "level": "province", "parent": None, "short_names": ["江苏"]},
    {"code": "320500", "name": "苏州市", "level": "city", "parent": "320000", "short_names": ["苏州"]},
    {"code": "320506", "name": "吴中区", "level": "county", "parent": "320500", "short_names": ["吴中"]},
]
COURTS = [
    {
        "code": "浙",
        "name": "浙江省高级人民法院",
        "level": "high",
        "parent": None,
        "divisions": ["330000"],
        "seat_division": "330100",
    },
    {
        "code": "浙01",
        "name": "杭州市中级人民法院",
        "level": "intermediate",
        "parent": "浙",
        "divisions": ["330100"],
        "seat_division": "330100",
    },
    {
        "code": "浙0105",
        "name": "杭州市拱墅区人民法院",
        "level": "basic",
        "parent": "浙01",
        "divisions": ["330105", "330103"],
        "seat_division": "330105",
    },
    {
        "code": "浙0103",
        "name": "杭州市下城区人民法院",
        "level": "basic",
        "parent": "浙01",
        "divisions": ["330103"],
        "seat_division": "330103",
        "active": False,
    },
    {
        "code": "浙0108",
        "name": "杭州市滨江区人民法院",
        "level": "basic",
        "parent": "浙01",
        "divisions": ["330108"],
        "seat_division": "330108",
    },
    {
        "code": "浙0192",
        "name": "杭州互联网法院",
        "level": "basic",
        "kind": "internet",
        "parent": "浙01",
        "divisions": [],
        "seat_division": "330100",
    },
]
CAUSES = [
    {"code": "P4.S10", "name": "合同纠纷", "level": 2, "parent": None},
    {"code": "103", "name": "借款合同纠纷", "level": 3, "parent": "P4.S10"},
    {"code": "103.1", "name": "金融借款合同纠纷", "level": 4, "parent": "103"},
]


@pytest.fixture
def small() -> CourtDirectory:
    return CourtDirectory.from_rows(DIVISIONS, COURTS, CAUSES)


def test_lookup_by_division_follows_merges_and_skips_inactive_courts(small: CourtDirectory) -> None:
    assert small.basic_court("330103").code == "浙0105"
    assert small.parent(small.court("浙0105")).code == "浙01"
    assert small.internet_court("330108") is not None
    assert small.find_court("杭州市拱墅区人民法院") == small.court("浙0105")


def test_courts_outside_the_curated_province_are_derived(small: CourtDirectory) -> None:
    assert small.basic_court("320506").code == "苏0506"
    assert small.intermediate_court("320506").code == "苏05"
    assert small.court_by_code("苏0506").name == "苏州市吴中区人民法院"
    with pytest.raises(CourtNotKnown):
        small.court_by_code("浙0999")


def test_a_sub_cause_inherits_its_ancestors_category(small: CourtDirectory) -> None:
    online_loan = {
        "cause": "103.1",
        "online": True,
        "amount": "1000",
        "parties": [
            {"role": "plaintiff", "kind": "organisation", "address": "杭州滨江"},
            {"role": "defendant", "address": "杭州市下城区"},
        ],
    }
    before = decide_json({**online_loan, "filing_date": "2025-10-31"}, small)
    after = decide_json({**online_loan, "filing_date": "2025-11-01"}, small)
    assert [c["code"] for c in before["courts"]] == ["浙0192"]
    assert [c["code"] for c in after["courts"]] == ["浙0105", "浙0108"]
    assert before["cause"] == "金融借款合同纠纷"


@pytest.mark.parametrize(
    ("day", "table"),
    [
        (date(2018, 9, 6), None),
        (date(2018, 9, 7), RULES_2018),
        (date(2025, 10, 31), RULES_2018),
        (date(2025, 11, 1), RULES_2025),
    ],
)
def test_the_filing_date_picks_the_internet_court_table(day: date, table: object) -> None:
    assert rules_for(day) is table


def test_2025_table_drops_loans_and_copyright_and_adds_data_categories() -> None:
    keys_2018 = {c.key for c in RULES_2018.categories}
    keys_2025 = {c.key for c in RULES_2025.categories}
    assert keys_2018 - keys_2025 == {
        "online_loan",
        "online_copyright_ownership",
        "online_copyright_infringement",
        "online_infringement",
        "online_product_liability",
    }
    assert keys_2025 - keys_2018 == {
        "network_data",
        "personal_information_privacy",
        "virtual_property",
        "online_unfair_competition",
    }


def test_malformed_input_is_invalid_input(small: CourtDirectory) -> None:
    with pytest.raises(InvalidInput):
        decide_json({"cause": "借款合同纠纷", "amount": "a lot"}, small)
    with pytest.raises(InvalidInput):
        decide_json({"cause": "借款合同纠纷", "parties": [{"kind": "person"}]}, small)


def test_a_refusal_lists_what_is_needed(small: CourtDirectory) -> None:
    decision = decide_json(
        {"cause": "借款合同纠纷", "parties": [{"role": "defendant", "address": "杭州市"}]}, small
    )
    assert decision["courts"] == []
    assert decision["rule"] == "needs_information"
    assert any("杭州市" in need for need in decision["needs"])
