"""Bounded load test on loopback: N litigants filing at once for a fixed time, then the database and storage checked.

    python -m bench.load_filing [--clients 50] [--seconds 60] [--postgres]

Starts a real server (uvicorn in a thread, as tests/live_server.py; SQLite by default, a fresh PostgreSQL database
with --postgres; local blob storage; jobs in-process, the embedded default). Each client is a litigant of its own
who, until the time is up, creates a filing (two parties, one claim), uploads a one-page complaint PDF and submits
it. Zero errors are expected. Prints latency percentiles per step, then checks that every submitted filing is
whole (submitted, its parties, claim and document recorded) and that `court verify-blobs` finds nothing missing
or altered. Traffic goes to 127.0.0.1 only, and the run stops by itself.

The sign-in and filing rate limits are raised for the run: it measures capacity, not the limiter.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import httpx

PASSWORD = "load-test-2026"


def _pdf(text: str) -> bytes:
    from court.demo.cases import _complaint_pdf

    return _complaint_pdf(["民事起诉状", text, "此致"])


async def _register(base: str, n: int) -> None:
    """A litigant of one's own, registered through the page as a person would (the server's engine stays its own)."""
    async with httpx.AsyncClient(base_url=base, timeout=60) as c:
        await c.get("/register")
        token = c.cookies.get("court_csrf")
        r = await c.post(
            "/register",
            data={
                "username": f"load.{n}",
                "password": PASSWORD,
                "password_again": PASSWORD,
                "display_name": f"负载{n}",
                "csrf_token": token or "",
            },
        )
        if r.status_code not in (302, 303):
            raise RuntimeError(f"could not register load.{n}: {r.status_code} {r.text[:200]}")


async def _client(
    base: str,
    n: int,
    stop_at: float,
    timings: dict[str, list[float]],
    errors: list[str],
    submitted: dict[int, int],
) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60) as c:
        r = await c.post("/api/v1/auth/sign-in", json={"username": f"load.{n}", "password": PASSWORD})
        if r.status_code != 200:
            errors.append(f"sign-in {n}: {r.status_code}")
            return
        headers = {"Authorization": f"Bearer {r.json()['token']}"}
        seq = 0
        while time.monotonic() < stop_at:
            seq += 1
            body = {
                "receiving_court_code": "浙0106",
                "cause_name": "民间借贷纠纷",
                "amount_in_dispute": "5000",
                "parties": [
                    {"role": "plaintiff", "name": f"原告{n}"},
                    {"role": "defendant", "name": f"被告{n}-{seq}"},
                ],
                "claims": [{"text": "判令被告归还借款5000元", "amount": "5000"}],
            }
            started = time.perf_counter()
            r = await c.post("/api/v1/filings", json=body, headers=headers)
            timings["create"].append(time.perf_counter() - started)
            if r.status_code != 201:
                errors.append(f"create: {r.status_code} {r.text[:120]}")
                continue
            fid = r.json()["id"]
            pdf = _pdf(f"原告{n}诉被告{n}-{seq}民间借贷纠纷")
            t = time.perf_counter()
            r = await c.post(
                f"/api/v1/filings/{fid}/documents",
                params={"filename": "起诉状.pdf", "kind": "complaint"},
                content=pdf,
                headers=headers,
            )
            timings["upload"].append(time.perf_counter() - t)
            if r.status_code != 201:
                errors.append(f"upload: {r.status_code} {r.text[:120]}")
                continue
            t = time.perf_counter()
            r = await c.post(f"/api/v1/filings/{fid}/submit", headers=headers)
            timings["submit"].append(time.perf_counter() - t)
            if r.status_code != 200:
                errors.append(f"submit: {r.status_code} {r.text[:120]}")
                continue
            timings["filing"].append(time.perf_counter() - started)
            submitted[fid] = n


def _percentiles(values: list[float]) -> str:
    if not values:
        return "none"
    qs = statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else [values[0]] * 99
    return (
        f"n={len(values):5d}  p50={qs[49] * 1000:7.1f} ms  p95={qs[94] * 1000:7.1f} ms  "
        f"p99={qs[98] * 1000:7.1f} ms  max={max(values) * 1000:7.1f} ms"
    )


async def _check(base: str, n_clients: int, submitted: dict[int, int]) -> list[str]:
    """Every submitted filing whole, read back through the API by its filer; returns the problems found."""
    problems = []
    async with httpx.AsyncClient(base_url=base, timeout=60) as c:
        tokens = {}
        for n in range(n_clients):
            r = await c.post("/api/v1/auth/sign-in", json={"username": f"load.{n}", "password": PASSWORD})
            tokens[n] = r.json()["token"]
        for fid, n in submitted.items():
            f = (
                await c.get(f"/api/v1/filings/{fid}", headers={"Authorization": f"Bearer {tokens[n]}"})
            ).json()
            shape = (
                f.get("status"),
                len(f.get("parties", [])),
                len(f.get("claims", [])),
                len(f.get("documents", [])),
            )
            if shape[0] in (None, "draft") or shape[1:] != (2, 1, 1):
                problems.append(f"filing {fid}: status, parties, claims, documents = {shape}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument(
        "--postgres", action="store_true", help="a fresh PostgreSQL database instead of SQLite"
    )
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from court.web import ratelimit
    from court.web.ratelimit import Limit
    from testkit.live_server import live_server
    from testkit.services import fresh_postgres_database

    ratelimit.LIMITS["sign_in"] = Limit(100_000, 60)
    ratelimit.LIMITS["filing"] = Limit(100_000, 60)
    tmp = Path(tempfile.mkdtemp(prefix="court-load-"))
    with ExitStack() as stack:
        database_url = None
        if args.postgres:
            loop = asyncio.new_event_loop()
            cm = fresh_postgres_database()
            database_url = loop.run_until_complete(cm.__aenter__())
            stack.callback(lambda: loop.run_until_complete(cm.__aexit__(None, None, None)))
        base, settings = stack.enter_context(live_server(tmp, database_url=database_url))

        async def register_all() -> None:
            for n in range(args.clients):
                await _register(base, n)

        asyncio.run(register_all())
        timings: dict[str, list[float]] = {"create": [], "upload": [], "submit": [], "filing": []}
        errors: list[str] = []
        submitted: dict[int, int] = {}  # filing id -> client

        async def run() -> None:
            stop_at = time.monotonic() + args.seconds
            await asyncio.gather(
                *(_client(base, n, stop_at, timings, errors, submitted) for n in range(args.clients))
            )

        began = time.monotonic()
        asyncio.run(run())
        elapsed = time.monotonic() - began
        engine = "PostgreSQL" if args.postgres else "SQLite"
        print(
            f"{args.clients} clients × {args.seconds:.0f} s on {engine}: {len(submitted)} filings submitted "
            f"({len(submitted) / elapsed:.1f}/s), {len(errors)} errors"
        )
        for step, values in timings.items():
            print(f"  {step:7s} {_percentiles(values)}")
        for e in errors[:10]:
            print("  error:", e)
        problems = asyncio.run(_check(base, args.clients, submitted))
        env = {
            **os.environ,
            "COURT_DATABASE_URL": settings.database_url,
            "COURT_STORAGE_URL": settings.storage_url,
            "COURT_SECRET_KEY": settings.secret_key,
        }
        blobs = subprocess.run(
            [sys.executable, "-m", "court.cli", "verify-blobs"],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        print(
            f"  whole filings: {len(submitted) - len(problems)}/{len(submitted)}; verify-blobs exit {blobs.returncode}: "
            f"{blobs.stdout.strip()[:300]}"
        )
        for p in problems[:10]:
            print("  incomplete:", p)
        return 0 if not errors and not problems and blobs.returncode == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
