"""Court behind nginx (court/cluster.py) on PostgreSQL, Redis and the S3 server: filings/s through nginx with 2 web
processes against 1, nginx's own overhead against a web process reached directly, and p95 under 50 concurrent
filers. Ratios come from one run on one machine, so they compare like with like.

    python -m bench.bench_cluster [--seconds 8] [--concurrency 50]

Each filer is a litigant of its own (the filing limit is 30 a minute per person, court.web.ratelimit.FILING) who
creates filings (two parties, one claim) until the time is up. Workers are not started: filing creation is the web
path. Traffic stays on 127.0.0.1 and every process is stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import httpx

from court import cluster

PASSWORD = "bench-cluster-2026"
FILING = {
    "receiving_court_code": "浙0106", "cause_name": "民间借贷纠纷",
    "parties": [{"role": "plaintiff", "name": "王丽华", "address": "浙江省杭州市拱墅区湖墅南路218号"},
                {"role": "defendant", "name": "陈建国", "address": "浙江省杭州市西湖区文三路90号"}],
    "claims": [{"text": "归还借款150000元", "amount": "150000"}],
}


async def _filers(state: cluster.ClusterState, count: int) -> list[str]:
    from court.accounts.roles import Role
    from court.accounts.service import create_user
    from court.bootstrap import build_runtime
    from court.db import close_pool, start_pool
    from court.settings import load_settings

    runtime = build_runtime(load_settings({}, database_url=state.database_url, storage_url=state.storage_url,
                                          secret_key="x" * 20))
    await start_pool(runtime.engine)
    try:
        for n in range(count):
            await create_user(f"bench.filer{n}", PASSWORD, Role.LITIGANT, display_name="压测", fast_hash=True)
    finally:
        await close_pool(runtime.engine)
    tokens: list[str] = []
    async with httpx.AsyncClient(base_url=state.base_url, timeout=60) as c:
        for n in range(count):
            r = await c.post("/api/v1/auth/sign-in", json={"username": f"bench.filer{n}", "password": PASSWORD},
                             headers={"x-forwarded-for": f"10.{n // 250}.{n % 250}.1"})
            r.raise_for_status()
            tokens.append(r.json()["token"])
    return tokens


async def measure(base_url: str, tokens: list[str], *, seconds: float, concurrency: int) -> dict[str, float]:
    """Filings/s and latency percentiles with `concurrency` filers at once; every filing must be acknowledged."""
    latencies: list[float] = []
    errors = 0
    turn = 0
    stop_at = time.monotonic() + seconds

    async def filer(c: httpx.AsyncClient) -> None:
        nonlocal errors, turn
        while time.monotonic() < stop_at:
            token = tokens[turn % len(tokens)]
            turn += 1
            t0 = time.perf_counter()
            r = await c.post("/api/v1/filings/", json=FILING, headers={"authorization": f"Bearer {token}",
                                                                        "idempotency-key": uuid.uuid4().hex})
            latencies.append(time.perf_counter() - t0)
            if r.status_code not in (200, 201):
                errors += 1

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base_url, timeout=120, limits=limits) as c:
        started = time.monotonic()
        await asyncio.gather(*(filer(c) for _ in range(concurrency)))
        elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "filings_per_s": len(latencies) / elapsed,
        "p50_ms": 1000 * statistics.median(latencies),
        "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))],
        "errors": errors,
        "n": len(latencies),
    }


async def _database_bytes(url: str) -> int:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        await conn.execute("CHECKPOINT")
        return int(await conn.fetchval("SELECT pg_database_size(current_database())"))
    finally:
        await conn.close()


def _reload_nginx(state: cluster.ClusterState, ports: list[int]) -> None:
    """nginx with only `ports` upstream (SIGHUP: new workers with the new config, old ones finish their requests)."""
    view = cluster.ClusterState(**{**state.__dict__, "web_ports": ports})
    Path(state.directory, "nginx.conf").write_text(cluster.nginx_config(view))
    pid = Path(state.directory, "nginx", "nginx.pid").read_text().strip()
    os.kill(int(pid), signal.SIGHUP)
    time.sleep(1.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--filers", type=int, default=300, help="litigants (each may file 30 a minute)")
    args = parser.parse_args()
    directory = Path(tempfile.mkdtemp(prefix="court-bench-cluster-"))
    name = f"court_bench_{uuid.uuid4().hex[:8]}"
    state = cluster.start(directory, web=2, workers=0, port=cluster.free_port(),
                          database_url=f"postgres://postgres@127.0.0.1:5432/{name}", redis_url="redis://127.0.0.1:6379/11")
    try:
        tokens = asyncio.run(_filers(state, args.filers))
        size_before = asyncio.run(_database_bytes(state.database_url))
        run = lambda url: asyncio.run(measure(url, tokens, seconds=args.seconds, concurrency=args.concurrency))  # noqa: E731
        warm = int(run(state.base_url)["n"])  # warm-up: imports, pools and caches in both processes
        two = run(state.base_url)
        _reload_nginx(state, state.web_ports[:1])
        one = run(state.base_url)
        direct = run(f"http://127.0.0.1:{state.web_ports[0]}")
        filed = sum(int(r["n"]) for r in (two, one, direct)) + warm
        grown = asyncio.run(_database_bytes(state.database_url)) - size_before
    finally:
        cluster.stop(directory)
        import asyncpg

        async def drop() -> None:
            conn = await asyncpg.connect("postgres://postgres@127.0.0.1:5432/postgres")
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await conn.close()

        asyncio.run(drop())
    print(f"{os.cpu_count()} CPUs, {args.concurrency} concurrent filers, {args.seconds:.0f} s per phase")
    for label, r in (("nginx → 2 web", two), ("nginx → 1 web", one), ("direct → 1 web", direct)):
        print(f"{label:16} {r['filings_per_s']:7.1f} filings/s  p50 {r['p50_ms']:6.0f} ms  p95 {r['p95_ms']:6.0f} ms"
              f"  errors {r['errors']}  n {r['n']}")
    print(f"database growth: {grown / filed / 1024:.1f} KiB per filing (two parties, one claim, events, audit; "
          f"{filed} filings, {grown / 2**20:.1f} MiB)")
    print(f"2 web / 1 web (through nginx): {two['filings_per_s'] / one['filings_per_s']:.2f}x")
    print(f"nginx overhead (1 web, direct / through nginx): {direct['filings_per_s'] / one['filings_per_s']:.2f}x "
          f"throughput, p95 {one['p95_ms'] - direct['p95_ms']:+.0f} ms")


if __name__ == "__main__":
    main()
