"""The fee jobs: the hourly sweep (reminder, then 按撤诉处理)."""

from __future__ import annotations

from typing import Any

from court.cases.service import court_today
from court.jobs.context import JobContext
from court.payments.service import sweep_unpaid


async def fee_payment_sweep(payload: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    return await sweep_unpaid(court_today())
