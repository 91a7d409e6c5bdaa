"""Typed responses: in the tests an undeclared key fails loudly (nested too); in a running court it is left out."""

from __future__ import annotations

import re

import pytest

import court.responses as responses


class Item(responses.Out):
    x: int


class Body(responses.Out):
    items: list[Item]
    one: Item | None = None


def test_an_undeclared_key_fails_in_the_tests_and_is_left_out_in_a_running_court(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(responses, "STRICT", True)
    assert responses.out(Body, {"items": [{"x": 1}], "one": {"x": 2}}) == Body(
        items=[Item(x=1)], one=Item(x=2)
    )
    for bad, where in (
        ({"items": [{"x": 1, "y": 2}]}, "Body.items[]"),
        ({"items": [], "one": {"x": 1, "z": 0}}, "Body.one"),
        ({"items": [], "q": 1}, "Body "),
    ):
        with pytest.raises(TypeError, match=re.escape(where.strip())):
            responses.out(Body, bad)
    monkeypatch.setattr(responses, "STRICT", False)
    assert responses.out(Body, {"items": [{"x": 1, "y": 2}], "q": 3}) == Body(items=[Item(x=1)])
