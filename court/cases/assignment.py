"""Judge assignment (分案): random among the eligible judges of a division, favouring the least loaded.

A judge related to a party or agent must withdraw (回避, CPL Art 47), so such a judge is never drawn and never
chosen by hand. Random drawing within a load margin follows the SPC's random-assignment practice (随机分案为主、
指定分案为辅) while keeping caseloads even.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from enum import StrEnum

from court.errors import Conflict, InvalidInput
from court.i18n import msg

DEFAULT_MARGIN = (
    2  # open cases above the lightest eligible load that still count as "light"; a policy, not law
)


class NoEligibleJudge(Conflict):
    """No judge of the division may take the case; the detail lists why each was excluded."""

    code = "no_eligible_judge"


class RecusedJudge(Conflict):
    """A manual assignment named a judge who must withdraw (回避)."""

    code = "judge_recused"


class AssignmentMethod(StrEnum):
    RANDOM = "random"  # 随机分案
    MANUAL = "manual"  # 指定分案


@dataclass(frozen=True, slots=True)
class JudgeLoad:
    """A judge who might take the case, with the open caseload and the people the judge is related to."""

    judge_id: str
    division: str  # 审判庭/团队, e.g. "civil-1"
    open_cases: int
    # person keys of the judge's relatives, former clients and others the judge must withdraw from (CPL Art 47)
    relations: frozenset[str] = frozenset()
    available: bool = True  # False: on leave, away, or otherwise not taking cases


@dataclass(frozen=True, slots=True)
class AssignmentDecision:
    """The outcome of an assignment and why: the pool drawn from and each judge left out."""

    judge_id: str
    method: AssignmentMethod
    pool: tuple[str, ...]
    excluded: dict[str, str] = field(default_factory=dict)
    reasons: tuple[str, ...] = ()


def _exclusions(
    candidates: list[JudgeLoad], parties_and_agents: set[str], division: str | None
) -> tuple[list[JudgeLoad], dict[str, str]]:
    eligible: list[JudgeLoad] = []
    excluded: dict[str, str] = {}
    for judge in candidates:
        if judge.open_cases < 0:
            raise InvalidInput(
                msg("judge %(judge_id)s: open caseload cannot be negative", judge_id=judge.judge_id),
                field="candidates",
            )
        conflicts = judge.relations & parties_and_agents
        if division is not None and judge.division != division:
            excluded[judge.judge_id] = f"other division ({judge.division})"
        elif conflicts:
            excluded[judge.judge_id] = f"recusal (CPL Art 47): related to {', '.join(sorted(conflicts))}"
        elif not judge.available:
            excluded[judge.judge_id] = "not available"
        else:
            eligible.append(judge)
    return eligible, excluded


def selection_pool(
    candidates: list[JudgeLoad],
    parties_and_agents: set[str],
    *,
    division: str | None = None,
    margin: int = DEFAULT_MARGIN,
) -> tuple[list[JudgeLoad], dict[str, str]]:
    """The judges a random draw chooses among, uniformly: eligible ones within `margin` of the lightest load."""
    if margin < 0:
        raise InvalidInput("the load margin cannot be negative", field="margin")
    eligible, excluded = _exclusions(candidates, parties_and_agents, division)
    if not eligible:
        detail = "; ".join(f"{judge}: {why}" for judge, why in sorted(excluded.items())) or "no candidates"
        raise NoEligibleJudge(
            msg(
                "no eligible judge in division %(value)s: %(detail_text)s",
                value=division or "any",
                detail_text=detail,
            ),
            division=division,
        )
    lightest = min(judge.open_cases for judge in eligible)
    pool: list[JudgeLoad] = []
    for judge in sorted(eligible, key=lambda j: j.judge_id):
        if judge.open_cases <= lightest + margin:
            pool.append(judge)
        else:
            excluded[judge.judge_id] = f"caseload {judge.open_cases} above {lightest} + margin {margin}"
    return pool, excluded


def assign_judge(
    candidates: list[JudgeLoad],
    parties_and_agents: set[str],
    rng: random.Random,
    *,
    division: str | None = None,
    margin: int = DEFAULT_MARGIN,
) -> AssignmentDecision:
    """Draw a judge at random among the eligible, lightly loaded judges of `division` (None: any division)."""
    pool, excluded = selection_pool(candidates, parties_and_agents, division=division, margin=margin)
    chosen = rng.choice(pool)
    return AssignmentDecision(
        judge_id=chosen.judge_id,
        method=AssignmentMethod.RANDOM,
        pool=tuple(judge.judge_id for judge in pool),
        excluded=excluded,
        reasons=(
            f"random draw among {len(pool)} judge(s) within {margin} open case(s) of the lightest load",
        ),
    )


def override_assignment(
    candidates: list[JudgeLoad],
    parties_and_agents: set[str],
    judge_id: str,
    reason: str,
    *,
    division: str | None = None,
) -> AssignmentDecision:
    """Assign a named judge by hand (指定分案): a reason is required, and a judge who must withdraw is refused."""
    if not reason.strip():
        raise InvalidInput("a manual assignment needs a reason", field="reason")
    judge = next((j for j in candidates if j.judge_id == judge_id), None)
    if judge is None:
        raise InvalidInput(
            msg("judge %(judge_id)s is not among the candidates", judge_id=judge_id), field="judge_id"
        )
    eligible, excluded = _exclusions(candidates, parties_and_agents, division)
    if judge not in eligible:
        why = excluded[judge_id]
        error = RecusedJudge if why.startswith("recusal") else InvalidInput
        raise error(f"judge {judge_id} cannot take the case: {why}", judge_id=judge_id)
    return AssignmentDecision(
        judge_id=judge_id,
        method=AssignmentMethod.MANUAL,
        pool=(judge_id,),
        excluded=excluded,
        reasons=(f"manual assignment: {reason.strip()}",),
    )
