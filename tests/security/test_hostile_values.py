"""Hypothesis drives every route of the access matrix with the values that used to end in a 500 or 503 (issue 15,
finding 6): amounts NaN, Infinity, 1E+30 and 1e20, NUL and bidi characters in any text field, query strings with
NUL, JSON nested 5,000 deep and lone surrogates. Every answer must be below 500.

Each route is called as a role the matrix lets through, with its own valid body (tests/security/route_matrix.py)
in which Hypothesis replaces one or more fields by hostile values, so the values reach the handlers' parsing and
the services, not only the authorisation in front of them.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from court.bootstrap import Runtime
from tests.conftest import app_for
from tests.security.route_matrix import ROWS, Row, query_parameters
from tests.security.test_route_matrix import _call
from tests.security.world import World

HOSTILE_TEXT = [
    "NaN",
    "Infinity",
    "-Infinity",
    "1E+30",
    "1e20",
    "-1",
    "1.001",
    "\x00",
    "王\x00丽华",
    "\u202e王丽华",
    "",
    "𠀀" * 40,
]
HOSTILE_NUMBERS = [1e20, 1e308, -1e308, 10**30, -(2**63), 2**64, 0.001]
HOSTILE = st.sampled_from([*HOSTILE_TEXT, *HOSTILE_NUMBERS])
EVERY_FIELD_GETS = ("NaN", "1E+30", "a\x00b")
EXAMPLES_PER_ROUTE = 6
TIME_CAP_SECONDS = 150.0


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Paths to the scalar fields of a JSON-like body."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    else:
        yield path


def _replaced(value: Any, replacements: dict[tuple[Any, ...], Any]) -> Any:
    def walk(item: Any, path: tuple[Any, ...]) -> Any:
        if path in replacements:
            return replacements[path]
        if isinstance(item, dict):
            return {k: walk(v, (*path, k)) for k, v in item.items()}
        if isinstance(item, list):
            return [walk(v, (*path, i)) for i, v in enumerate(item)]
        return item

    return walk(value, ())


def _role(row: Row) -> str:
    return (
        sorted(r for r in row.allowed if r != "anonymous")[0] if row.allowed - {"anonymous"} else "anonymous"
    )


def _cases(w: World) -> list[tuple[str, str, Row, str, str]]:
    """(method, template, row, role, where the hostile values go: json, form or query)."""
    found = []
    for (method, template), row in sorted(ROWS.items()):
        if row.xfail or not row.allowed:
            continue
        if row.json is not None:
            found.append((method, template, row, _role(row), "json"))
        elif row.form is not None:
            found.append((method, template, row, _role(row), "form"))
        else:
            found.append((method, template, row, _role(row), "query"))
    return found


async def test_every_route_answers_hostile_values_below_500(
    world_client: Any, world_runtime: Runtime, court_world: World
) -> None:
    loop = asyncio.get_running_loop()
    declared_query = query_parameters(app_for(world_runtime))  # the app world_client calls
    errors: list[str] = []
    calls = 0
    started = time.monotonic()

    def request(method: str, template: str, row: Row, role: str) -> Any:
        future = asyncio.run_coroutine_threadsafe(
            _call(world_client, method, template, row, role, court_world), loop
        )
        return future.result(timeout=60)

    def drive(method: str, template: str, row: Row, role: str, where: str) -> None:
        body = (
            row.json(court_world)
            if where == "json" and row.json
            else row.form(court_world)
            if row.form
            else dict(row.query)
        )
        leaves = list(_leaves(body)) or [("q",)]
        if where == "query":
            # The row's own query, every query parameter the handler declares (the values reach its parsing), and
            # "q", a parameter no handler reads, for what sees the whole query string (the boundary middleware).
            # Not, as before, "party" and "amount" on every route: a handler that declares neither never reads
            # them, so they were "q" twice more, while the parameters it does read (limit, status, next...) got
            # no hostile value at all.
            declared = [(name,) for name in declared_query[(method, template)]]
            leaves = list(dict.fromkeys([*leaves, *declared, ("q",)]))

        @settings(
            max_examples=EXAMPLES_PER_ROUTE,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(replacements=st.dictionaries(st.sampled_from(leaves), HOSTILE, min_size=1, max_size=4))
        def run(replacements: dict[tuple[Any, ...], Any]) -> None:
            nonlocal calls
            if where == "json":
                hostile = dataclasses.replace(row, json=lambda _w: _replaced(body, replacements))
            elif where == "form":
                hostile = dataclasses.replace(
                    row, form=lambda _w: {k: str(v) for k, v in _replaced(body, replacements).items()}
                )
            else:
                query = dict(body)
                query.update({str(path[0]): str(value) for path, value in replacements.items()})
                hostile = dataclasses.replace(row, query=query)
            response = request(method, template, hostile, role)
            calls += 1
            if response.status_code >= 500:
                errors.append(
                    f"{method} {template} as {role} with {replacements!r} -> {response.status_code}: "
                    f"{response.text[:200]}"
                )

        # Every field once with each kind of value that broke a service, then Hypothesis's own mixes.
        for leaf in leaves:
            for value in EVERY_FIELD_GETS:
                run = example(replacements={leaf: value})(run)
        run()

    def sweep() -> None:
        for method, template, row, role, where in _cases(court_world):
            if time.monotonic() - started > TIME_CAP_SECONDS:
                break
            drive(method, template, row, role, where)

    await asyncio.to_thread(sweep)
    assert calls >= len(ROWS), f"only {calls} requests for {len(ROWS)} routes (time cap reached?)"
    assert not errors, "server errors:\n" + "\n".join(errors[:20])


@pytest.mark.parametrize(
    "raw",
    [
        b'{"a": ' + b"[" * 5000 + b"]" * 5000 + b"}",
        b'{"name": "\\ud800"}',
        b'{"name": "x\\udfff"}',
        b'{"amount": NaN}',
        b'{"amount": Infinity}',
        b'{"amount": 1E+30}',
    ],
    ids=[
        "nested-5000",
        "lone-high-surrogate",
        "lone-low-surrogate",
        "nan-token",
        "infinity-token",
        "huge-number",
    ],
)
async def test_every_json_route_refuses_raw_hostile_bodies_below_500(
    world_client: Any, court_world: World, raw: bytes
) -> None:
    """Each body is refused (4xx) by every JSON route, except the well-formed huge number, which a route without an
    `amount` field may ignore: it must only not be a 5xx."""
    refused = b"1E+30" not in raw
    errors = []
    for method, template, row, role, where in _cases(court_world):
        if where != "json":
            continue
        response = await _call(
            world_client,
            method,
            template,
            dataclasses.replace(
                row, json=None, content=raw, headers={**row.headers, "content-type": "application/json"}
            ),
            role,
            court_world,
        )
        if response.status_code >= 500 or (refused and response.status_code < 400):
            errors.append(f"{method} {template}: {response.status_code} {response.text[:160]}")
    assert not errors, "\n".join(errors)
