"""Routing jobs: decide jurisdiction for a submitted filing."""

from __future__ import annotations

from typing import Any

from court.jobs.context import JobContext


async def route_filing(payload: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    from court.routing.workflow import route

    routing = await route(int(payload["filing_id"]))
    decision = routing["decision"]
    return {"courts": [c["code"] for c in decision.get("courts", [])], "rule": decision.get("rule")}
