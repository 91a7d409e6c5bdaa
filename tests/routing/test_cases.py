"""The routing table (tests/routing/cases.json): each expectation written from the statute, not from the engine."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from court.routing.directory import CourtDirectory
from court.routing.rules import decide_json

CASES: list[dict[str, Any]] = json.loads((Path(__file__).parent / "cases.json").read_text(encoding="utf-8"))


def test_the_table_covers_every_city_of_zhejiang() -> None:
    cities = {code[:3] for case in CASES for code in case["expect"]["courts"] if code[1:3].isdigit()}
    assert {f"浙{n:02d}" for n in range(1, 12)} <= cities
    assert len(CASES) >= 150


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_routing_case(case: dict[str, Any], directory: CourtDirectory) -> None:
    decision = decide_json(case["request"], directory)
    expect = case["expect"]
    assert [c["code"] for c in decision["courts"]] == expect["courts"], decision
    assert decision["rule"] == expect["rule"], decision
    assert bool(decision["needs"]) == bool(expect.get("needs")), decision
    assert [u["name"] for u in decision["unknown"]] == expect.get("unknown", []), decision
    for court in decision["courts"]:
        assert court["name"].endswith("法院")
