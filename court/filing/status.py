"""The life of a filing (立案申请) and which steps are allowed."""

from enum import StrEnum

from court.statemachine import Machine


class FilingStatus(StrEnum):
    DRAFT = "draft"  # 草稿
    SUBMITTED = "submitted"  # 已提交
    UNDER_REVIEW = "under_review"  # 审查中
    FORWARDED = "forwarded"  # 已转交管辖法院 (跨域立案)
    RETURNED = "returned"  # 退回补正
    REGISTERED = "registered"  # 已立案
    REFUSED = "refused"  # 不予受理


_ALLOWED: dict[FilingStatus, frozenset[FilingStatus]] = {
    FilingStatus.DRAFT: frozenset({FilingStatus.SUBMITTED}),
    FilingStatus.SUBMITTED: frozenset(
        {
            FilingStatus.UNDER_REVIEW,
            FilingStatus.FORWARDED,
            FilingStatus.RETURNED,
            FilingStatus.REFUSED,
            FilingStatus.REGISTERED,
        }
    ),
    FilingStatus.UNDER_REVIEW: frozenset(
        {FilingStatus.FORWARDED, FilingStatus.RETURNED, FilingStatus.REFUSED, FilingStatus.REGISTERED}
    ),
    FilingStatus.FORWARDED: frozenset(
        {FilingStatus.UNDER_REVIEW, FilingStatus.RETURNED, FilingStatus.REFUSED, FilingStatus.REGISTERED}
    ),
    FilingStatus.RETURNED: frozenset({FilingStatus.SUBMITTED}),
    FilingStatus.REGISTERED: frozenset(),
    FilingStatus.REFUSED: frozenset(),
}


FILING = Machine(
    name="filing",
    table="court.filing.tables:Filing",
    transitions=_ALLOWED,
    initial=frozenset({FilingStatus.DRAFT}),
    subject_type="filing",
    # The audit actions that report a filing's state: created as a draft, submitted (again after a return), then
    # each move recorded by `filing.service.move` as `filing.<status>`.
    events={"filing.created": FilingStatus.DRAFT, "filing.submitted": FilingStatus.SUBMITTED}
    | {f"filing.{s}": s for s in FilingStatus if s not in (FilingStatus.DRAFT, FilingStatus.SUBMITTED)},
)
# Submitting is the one move that needs more than "legal": only the filer's draft or a returned filing is submitted.
SUBMITTABLE = frozenset({FilingStatus.DRAFT, FilingStatus.RETURNED})


def can_move(current: FilingStatus, target: FilingStatus) -> bool:
    return FILING.can_move(current, target)
