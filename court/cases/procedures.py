"""Trial procedures (审判程序) a case runs under; fees and time limits depend on them."""

from __future__ import annotations

from enum import StrEnum


class Procedure(StrEnum):
    """Trial procedure (审判程序) of a case."""

    ORDINARY = "ordinary"  # 普通程序 (first instance)
    SUMMARY = "summary"  # 简易程序
    SMALL_CLAIMS = "small_claims"  # 小额诉讼程序, a form of the summary procedure (CPL Art 165)
    SECOND_INSTANCE = "second_instance"  # 第二审程序 (appeal)
    RETRIAL = "retrial"  # 审判监督程序 (再审)
    SPECIAL = "special"  # 特别程序 (e.g. declaring a person missing, confirming a mediation agreement)


# CPL Chapter XIII (Arts 160-170): small claims are tried under the summary-procedure chapter, so every rule
# written for "cases tried by the summary procedure" also reaches them.
SUMMARY_FAMILY = frozenset({Procedure.SUMMARY, Procedure.SMALL_CLAIMS})
