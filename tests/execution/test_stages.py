"""Stages of an enforcement matter and their time limits."""

from __future__ import annotations

from datetime import date

import pytest

from court.cases.deadlines import add_months
from court.errors import Conflict
from court.execution.stages import Stage, advance, can_advance, closing_due, notice_due


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        (Stage.REGISTRATION, Stage.NOTICE_AND_REPORT, True),
        (Stage.NOTICE_AND_REPORT, Stage.INQUIRY_AND_CONTROL, True),
        (Stage.INQUIRY_AND_CONTROL, Stage.DISPOSAL, True),
        (Stage.INQUIRY_AND_CONTROL, Stage.MONEY, True),  # deposits deducted, nothing to sell
        (Stage.DISPOSAL, Stage.MONEY, True),
        (Stage.MONEY, Stage.CLOSING, True),
        (Stage.CLOSING, Stage.CLOSED, True),
        (Stage.CLOSING, Stage.INQUIRY_AND_CONTROL, True),  # closing refused
        (Stage.REGISTRATION, Stage.INQUIRY_AND_CONTROL, True),  # network inquiry launched on registration
        (Stage.REGISTRATION, Stage.DISPOSAL, False),
        (Stage.REGISTRATION, Stage.CLOSED, False),
        (Stage.CLOSED, Stage.INQUIRY_AND_CONTROL, False),  # resumption is a new 执恢 matter
        (Stage.MONEY, Stage.REGISTRATION, False),
    ],
)
def test_transitions(current: Stage, target: Stage, allowed: bool) -> None:
    assert can_advance(current, target) is allowed
    if allowed:
        assert advance(current, target) is target
    else:
        with pytest.raises(Conflict):
            advance(current, target)


def test_every_stage_reaches_closed() -> None:
    for start in Stage:
        seen, frontier = {start}, [start]
        while frontier:
            for nxt in Stage:
                if can_advance(frontier[-1], nxt) and nxt not in seen:
                    seen.add(nxt)
                    frontier.insert(0, nxt)
            frontier.pop()
        assert Stage.CLOSED in seen


def test_time_limits() -> None:
    # CPL-Interp 2022 Art 480: 10 days; 2025-04-04 is Qingming and 04-05/06 the weekend: CPL Art 85 rolls it over
    assert notice_due(date(2025, 3, 25)) == date(2025, 4, 7)
    assert notice_due(date(2025, 3, 3)) == date(2025, 3, 13)
    # SPC 2006 time-limit rules Art 1: 6 months with property, 3 for non-litigation cases, none without property
    assert closing_due(date(2025, 8, 31), has_property=True) == date(2026, 2, 28)
    assert closing_due(date(2025, 1, 10), has_property=False) is None
    assert closing_due(date(2025, 1, 10), has_property=False, non_litigation=True) == date(2025, 4, 10)
    assert add_months(date(2024, 11, 30), 3) == date(2025, 2, 28)
