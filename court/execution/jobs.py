"""Enforcement jobs: advance agency tasks through the gateway, and warn before control measures lapse."""

from __future__ import annotations

from typing import Any

from court.execution.control import send_lapse_warnings
from court.execution.service import court_day, gateway_of, now_of
from court.execution.tasks import advance_tasks
from court.jobs.context import JobContext


async def poll_agency_tasks(payload: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    return await advance_tasks(gateway_of(ctx.runtime), now_of(ctx.runtime))


async def measure_lapse_warnings(payload: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    return await send_lapse_warnings(court_day(now_of(ctx.runtime)))
