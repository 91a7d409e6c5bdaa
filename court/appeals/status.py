"""The appeal's state machine (上诉): filed with its fee due, paid, forwarded to the court of second instance
(CPL Art 174), registered there as a 民终 case, decided (CPL Art 177); or deemed withdrawn when its fee is not paid
(CPL-Interp Art 318)."""

from __future__ import annotations

from enum import StrEnum

from court.statemachine import Machine


class AppealStatus(StrEnum):
    FILED = "filed"  # 已提起上诉，待交上诉费
    PAID = "paid"  # 已交上诉费，待移送
    FORWARDED = "forwarded"  # 已移送二审法院 (CPL Art 174)
    REGISTERED = "registered"  # 二审已立案
    DECIDED = "decided"  # 二审已裁判 (CPL Art 177)
    WITHDRAWN = "withdrawn"  # 按撤回上诉处理 (CPL-Interp Art 318)


class AppealOutcome(StrEnum):
    """How the court of second instance decides (CPL Art 177)."""

    AFFIRMED = "affirmed"  # 驳回上诉，维持原判 (Art 177(1)(1))
    REVISED = "revised"  # 改判 (Art 177(1)(2))
    REMANDED = "remanded"  # 发回重审 (Art 177(1)(3)(4))


APPEAL = Machine(
    name="appeal",
    table="court.appeals.tables:Appeal",
    transitions={
        AppealStatus.FILED: frozenset({AppealStatus.PAID, AppealStatus.WITHDRAWN}),
        AppealStatus.PAID: frozenset({AppealStatus.FORWARDED}),
        AppealStatus.FORWARDED: frozenset({AppealStatus.REGISTERED}),
        AppealStatus.REGISTERED: frozenset({AppealStatus.DECIDED}),
        AppealStatus.DECIDED: frozenset(),
        AppealStatus.WITHDRAWN: frozenset(),
    },
    initial=frozenset({AppealStatus.FILED}),
    subject_type="appeal",
    events={f"appeal.{s}": s for s in AppealStatus},
)

# An appeal in these states stops the appealed decision from taking effect when the period lapses (CPL Art 171).
PENDING = frozenset({AppealStatus.FILED, AppealStatus.PAID, AppealStatus.FORWARDED, AppealStatus.REGISTERED})
