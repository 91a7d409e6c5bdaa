"""Judge assignment (分案): recusal (CPL Art 47) is absolute, the draw favours lighter caseloads."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from court.cases.assignment import (
    AssignmentMethod,
    JudgeLoad,
    NoEligibleJudge,
    RecusedJudge,
    assign_judge,
    override_assignment,
    selection_pool,
)
from court.errors import CourtError, InvalidInput

PEOPLE = [f"person:{n}" for n in range(6)]

judges = st.lists(
    st.builds(
        JudgeLoad,
        judge_id=st.sampled_from([f"judge:{n}" for n in range(8)]),
        division=st.sampled_from(["civil-1", "civil-2"]),
        open_cases=st.integers(0, 40),
        relations=st.frozensets(st.sampled_from(PEOPLE), max_size=3),
        available=st.booleans(),
    ),
    max_size=8,
    unique_by=lambda j: j.judge_id,
)
parties = st.sets(st.sampled_from(PEOPLE), max_size=4)


@given(judges, parties, st.integers(0, 2**32), st.integers(0, 5))
def test_never_picks_a_recused_unavailable_or_foreign_judge(
    candidates: list[JudgeLoad], people: set[str], seed: int, margin: int
) -> None:
    try:
        decision = assign_judge(candidates, people, random.Random(seed), division="civil-1", margin=margin)
    except NoEligibleJudge:
        assert not any(
            j.division == "civil-1" and j.available and not j.relations & people for j in candidates
        )
        return
    chosen = next(j for j in candidates if j.judge_id == decision.judge_id)
    assert not chosen.relations & people
    assert chosen.available and chosen.division == "civil-1"
    assert decision.method is AssignmentMethod.RANDOM
    assert set(decision.excluded) | set(decision.pool) == {j.judge_id for j in candidates}


@given(judges, parties, st.integers(0, 5))
def test_a_lighter_judge_is_never_less_likely_than_a_heavier_one(
    candidates: list[JudgeLoad], people: set[str], margin: int
) -> None:
    try:
        pool, _ = selection_pool(candidates, people, margin=margin)
    except NoEligibleJudge:
        return
    # The draw is uniform over the pool: P(judge) = 1/len(pool) inside it, 0 outside.
    chance = {j.judge_id: 1 / len(pool) for j in pool}
    eligible = [j for j in candidates if j.available and not j.relations & people]
    for a in eligible:
        for b in eligible:
            if a.open_cases < b.open_cases:
                assert chance.get(a.judge_id, 0) >= chance.get(b.judge_id, 0)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32))
def test_over_many_draws_lower_loads_are_picked_at_least_as_often(seed: int) -> None:
    candidates = [
        JudgeLoad("judge:a", "civil-1", 3),
        JudgeLoad("judge:b", "civil-1", 4),
        JudgeLoad("judge:c", "civil-1", 5),
        JudgeLoad("judge:d", "civil-1", 9),
    ]
    rng = random.Random(seed)
    counts = Counter(assign_judge(candidates, set(), rng, margin=2).judge_id for _ in range(3000))
    assert counts["judge:d"] == 0
    # Uniform over a, b, c: each about 1000 (σ ≈ 26); the difference of two counts has σ = √(2·3000/3) ≈ 45, so
    # 300 is more than 6σ of slack (150 was only 3.4σ and failed for seed 9663), and 800 is more than 7σ below 1000.
    assert counts["judge:a"] + 300 >= counts["judge:b"] and counts["judge:b"] + 300 >= counts["judge:c"]
    assert min(counts["judge:a"], counts["judge:b"], counts["judge:c"]) > 800


def test_the_same_seed_gives_the_same_judge() -> None:
    candidates = [JudgeLoad(f"judge:{n}", "civil-1", n % 2) for n in range(6)]
    first = assign_judge(candidates, set(), random.Random(7)).judge_id
    assert all(assign_judge(candidates, set(), random.Random(7)).judge_id == first for _ in range(5))


def test_no_eligible_judge_explains_each_exclusion() -> None:
    candidates = [
        JudgeLoad("judge:a", "civil-1", 0, relations=frozenset({"person:1"})),
        JudgeLoad("judge:b", "civil-1", 0, available=False),
        JudgeLoad("judge:c", "civil-2", 0),
    ]
    with pytest.raises(NoEligibleJudge) as caught:
        assign_judge(candidates, {"person:1"}, random.Random(1), division="civil-1")
    assert isinstance(caught.value, CourtError) and caught.value.code == "no_eligible_judge"
    assert "CPL Art 47" in caught.value.detail and "not available" in caught.value.detail
    assert "other division" in caught.value.detail


def test_manual_override_needs_a_reason_and_a_judge_free_of_recusal() -> None:
    candidates = [
        JudgeLoad("judge:a", "civil-1", 10),
        JudgeLoad("judge:b", "civil-1", 0, relations=frozenset({"agent:lawyer-1"})),
    ]
    decision = override_assignment(
        candidates, {"agent:lawyer-1"}, "judge:a", "related case 民初123号 already with her"
    )
    assert decision.method is AssignmentMethod.MANUAL and decision.judge_id == "judge:a"
    assert "related case" in decision.reasons[0]
    with pytest.raises(InvalidInput, match="reason"):
        override_assignment(candidates, set(), "judge:a", "   ")
    with pytest.raises(RecusedJudge):
        override_assignment(candidates, {"agent:lawyer-1"}, "judge:b", "specialist")
    with pytest.raises(InvalidInput):
        override_assignment(candidates, set(), "judge:zz", "not a candidate")
