"""The life of a filing (立案申请) and which steps are allowed."""

from enum import StrEnum


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
        {FilingStatus.UNDER_REVIEW, FilingStatus.FORWARDED, FilingStatus.RETURNED, FilingStatus.REFUSED, FilingStatus.REGISTERED}
    ),
    FilingStatus.UNDER_REVIEW: frozenset(
        {FilingStatus.FORWARDED, FilingStatus.RETURNED, FilingStatus.REFUSED, FilingStatus.REGISTERED}
    ),
    FilingStatus.FORWARDED: frozenset({FilingStatus.UNDER_REVIEW, FilingStatus.RETURNED, FilingStatus.REFUSED, FilingStatus.REGISTERED}),
    FilingStatus.RETURNED: frozenset({FilingStatus.SUBMITTED}),
    FilingStatus.REGISTERED: frozenset(),
    FilingStatus.REFUSED: frozenset(),
}


def can_move(current: FilingStatus, target: FilingStatus) -> bool:
    return target in _ALLOWED[current]
