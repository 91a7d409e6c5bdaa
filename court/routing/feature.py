"""Routing: which court is competent for a filing (jurisdiction), and the `court route` commands."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from court.feature import Command, Feature
from court.jobs.context import JobHandler


def _routes() -> list[Any]:
    from court.routing.web import RoutingController

    return [RoutingController]


def _jobs() -> Mapping[str, JobHandler]:
    from court.routing.jobs import route_filing

    return {"route_filing": route_filing}


def _commands() -> Sequence[Command]:
    from court.routing import cli

    return [cli.register]


FEATURE = Feature(name="routing", routes=_routes, jobs=_jobs, commands=_commands)
