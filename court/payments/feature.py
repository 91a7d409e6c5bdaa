"""Payments: case fees, the payment platforms' callbacks, and the fee sweep."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from court.feature import Feature, Periodic
from court.jobs.context import JobHandler


def _routes() -> list[Any]:
    from court.payments.pages import LitigantCasePages, SimulatedPayPages
    from court.payments.web import CaseFeeController, payment_callback

    return [CaseFeeController, payment_callback, LitigantCasePages, SimulatedPayPages]


def _jobs() -> Mapping[str, JobHandler]:
    from court.payments.jobs import fee_payment_sweep

    return {"fee_payment_sweep": fee_payment_sweep}


FEATURE = Feature(
    name="payments",
    routes=_routes,
    jobs=_jobs,
    schedules=(
        Periodic("fee_payment_sweep", timedelta(hours=1)),
    ),  # fee reminder, then 按撤诉处理 (CPL-Interp Art 213)
)
