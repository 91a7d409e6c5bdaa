"""Court behind nginx (court/cluster.py) on PostgreSQL, Redis and the S3 server: filings/s through nginx with 2 web
processes against 1, nginx's own overhead against a web process reached directly, p95 under 50 concurrent
filers, and the same 50 filers while court staff search (party-name fragment searches over --cases cases): once
with the searches answered by a streaming replica (COURT_DATABASE_REPLICA_URL, court/replica.py), once with them on
the primary. Ratios come from one run on one machine, so they compare like with like.

    python -m bench.bench_cluster [--seconds 8] [--concurrency 50] [--searchers 10] [--cases 200000] [--rounds 2]

The replica is a real hot standby of the local PostgreSQL on a second port (court/streaming_replica.py), on the same
two cores: it takes the search work off the primary's server process but not off the machine, so the ratio shows
what the routing costs or saves here, not what a replica on its own machine would. `--no-replica` skips the part.

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
from court.demo import DEMO_PASSWORD
from testkit.cluster_load import FILING, create_filers

PASSWORD = "bench-cluster-2026"


async def _filers(state: cluster.ClusterState, count: int) -> list[str]:
    await create_filers(state, (f"bench.filer{n}" for n in range(count)), PASSWORD, "压测")
    tokens: list[str] = []
    async with httpx.AsyncClient(base_url=state.base_url, timeout=60) as c:
        for n in range(count):
            r = await c.post(
                "/api/v1/auth/sign-in",
                json={"username": f"bench.filer{n}", "password": PASSWORD},
                headers={"x-forwarded-for": f"10.{n // 250}.{n % 250}.1"},
            )
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
            r = await c.post(
                "/api/v1/filings/",
                json=FILING,
                headers={"authorization": f"Bearer {token}", "idempotency-key": uuid.uuid4().hex},
            )
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


async def measure_mixed(
    base_url: str, tokens: list[str], search_token: str, *, seconds: float, concurrency: int, searchers: int
) -> dict[str, float]:
    """`concurrency` filers and `searchers` staff searching at once: the filers' figures, and the searches'."""
    import random

    from bench.bench_search import SURNAMES

    found: list[float] = []
    search_errors = 0
    stop_at = time.monotonic() + seconds

    async def searcher(c: httpx.AsyncClient, seed: int) -> None:
        nonlocal search_errors
        draw = random.Random(seed)
        while time.monotonic() < stop_at:
            t0 = time.perf_counter()
            r = await c.get(
                "/api/v1/cases/",
                params={"party": draw.choice(SURNAMES), "limit": 20},
                headers={"authorization": f"Bearer {search_token}"},
            )
            found.append(time.perf_counter() - t0)
            if r.status_code != 200:
                search_errors += 1

    async def searching() -> None:
        async with httpx.AsyncClient(base_url=base_url, timeout=120) as c:
            await asyncio.gather(*(searcher(c, n) for n in range(searchers)))

    filing, _ = await asyncio.gather(
        measure(base_url, tokens, seconds=seconds, concurrency=concurrency), searching()
    )
    found.sort()
    return {
        **filing,
        "searches_per_s": len(found) / seconds,
        "search_p95_ms": 1000 * found[int(0.95 * (len(found) - 1))],
        "search_errors": search_errors,
    }


async def _fill_cases(url: str, cases: int) -> None:
    """Registered cases with two parties each, as bench/bench_search.py makes them (court 浙0106 gets its share)."""
    from bench.bench_search import _fill

    await _fill(url, cases)


async def _replica_caught_up(primary_url: str, replica_url: str) -> None:
    import asyncpg

    primary = await asyncpg.connect(primary_url)
    try:
        target = await primary.fetchval("SELECT pg_current_wal_lsn()")
    finally:
        await primary.close()
    deadline = time.monotonic() + 300
    while True:
        try:
            conn = await asyncpg.connect(replica_url)
            try:
                if await conn.fetchval("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn", target):
                    return
            finally:
                await conn.close()
        except (OSError, asyncpg.PostgresError):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("the replica did not catch up")
        await asyncio.sleep(0.5)


async def _statements_on(url: str) -> int:
    """Transactions the server has run in the bench database (pg_stat_database), to show where searches went."""
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        return int(
            await conn.fetchval(
                "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()"
            )
        )
    finally:
        await conn.close()


async def _sign_in(base_url: str, username: str) -> str:
    async with httpx.AsyncClient(base_url=base_url, timeout=60) as c:
        r = await c.post(
            "/api/v1/auth/sign-in",
            json={"username": username, "password": DEMO_PASSWORD},
            headers={"x-forwarded-for": "10.250.0.1"},
        )
        r.raise_for_status()
        return str(r.json()["token"])


def _restart_web(state: cluster.ClusterState, replica_url: str) -> None:
    """Every web process again with COURT_DATABASE_REPLICA_URL set to `replica_url` ("" : searches on the primary)."""
    state.env["COURT_DATABASE_REPLICA_URL"] = replica_url
    state.save()
    for index in range(len(state.web_ports)):
        cluster.stop_web(state, index)
        cluster.start_web(state, index)


TICK = os.sysconf("SC_CLK_TCK")


def _proc_cpu(pid: str) -> float:
    """CPU seconds (user + system) of one process so far; 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def _parent(pid: str) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1]
    except OSError:
        return ""


def _cpu_by_group(state: cluster.ClusterState, database: str) -> dict[str, float]:
    """CPU seconds so far of each part: the web processes, nginx, the PostgreSQL backends serving the bench
    database, this process (the load generator), and the whole machine (busy time of all cores, /proc/stat)."""
    web = {str(cluster.web_pid(state, i)) for i in range(len(state.web_ports))}
    master = Path(state.directory, "nginx", "nginx.pid").read_text().strip()
    groups = {"web": 0.0, "nginx": 0.0, "postgres": 0.0, "load generator": _proc_cpu("self")}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if entry.name in web:
            groups["web"] += _proc_cpu(entry.name)
        elif entry.name == master or (cmdline.startswith("nginx:") and _parent(entry.name) == master):
            groups["nginx"] += _proc_cpu(entry.name)
        elif cmdline.startswith("postgres: ") and f" {database} " in cmdline:
            groups["postgres"] += _proc_cpu(entry.name)
    busy = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    groups["machine"] = (sum(busy) - busy[3] - busy[4]) / TICK  # all but idle and iowait
    return groups


def _cpu_shares(before: dict[str, float], after: dict[str, float], seconds: float, filings: int) -> str:
    """Each part's share of the machine's cores over the phase, and its CPU milliseconds per filing."""
    cores = os.cpu_count() or 1
    used = {k: after[k] - before[k] for k in before}
    other = used["machine"] - sum(v for k, v in used.items() if k != "machine")
    parts = [
        f"{k} {100 * v / (seconds * cores):.0f}% ({1000 * v / max(filings, 1):.1f} ms/filing)"
        for k, v in used.items()
        if k != "machine"
    ]
    return (
        ", ".join(parts) + f", everything else on the machine {100 * max(other, 0) / (seconds * cores):.0f}%"
        f" (busy {100 * used['machine'] / (seconds * cores):.0f}% of {cores} cores)"
    )


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
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--filers", type=int, default=300, help="litigants (each may file 30 a minute)")
    parser.add_argument("--searchers", type=int, default=10, help="staff searching at once beside the filers")
    parser.add_argument("--cases", type=int, default=200_000, help="cases to search (two parties each)")
    parser.add_argument("--rounds", type=int, default=2, help="replica/primary search phases, alternating")
    parser.add_argument("--no-replica", action="store_true", help="skip the replica part")
    args = parser.parse_args()
    directory = Path(tempfile.mkdtemp(prefix="court-bench-cluster-"))
    name = f"court_bench_{uuid.uuid4().hex[:8]}"
    standby = None
    if not args.no_replica:
        from court.streaming_replica import StreamingReplica

        standby = StreamingReplica.create("127.0.0.1", 5432, "postgres", cluster.free_port())
    replica_url = standby.url(name) if standby else ""
    state = cluster.start(
        directory,
        web=2,
        workers=0,
        port=cluster.free_port(),
        database_url=f"postgres://postgres@127.0.0.1:5432/{name}",
        redis_url="redis://127.0.0.1:6379/11",
        extra_env={"COURT_DATABASE_REPLICA_URL": replica_url},
    )
    searched: list[tuple[str, dict[str, float], int, int]] = []
    try:
        tokens = asyncio.run(_filers(state, args.filers))
        size_before = asyncio.run(_database_bytes(state.database_url))

        def run(url: str) -> dict[str, float]:
            return asyncio.run(measure(url, tokens, seconds=args.seconds, concurrency=args.concurrency))

        warm = int(run(state.base_url)["n"])  # warm-up: imports, pools and caches in both processes
        cpu_before, t0 = _cpu_by_group(state, name), time.monotonic()
        two = run(state.base_url)
        cpu_two = _cpu_shares(cpu_before, _cpu_by_group(state, name), time.monotonic() - t0, int(two["n"]))
        _reload_nginx(state, state.web_ports[:1])
        cpu_before, t0 = _cpu_by_group(state, name), time.monotonic()
        one = run(state.base_url)
        cpu_one = _cpu_shares(cpu_before, _cpu_by_group(state, name), time.monotonic() - t0, int(one["n"]))
        direct = run(f"http://127.0.0.1:{state.web_ports[0]}")
        filed = sum(int(r["n"]) for r in (two, one, direct)) + warm
        grown = asyncio.run(_database_bytes(state.database_url)) - size_before
        if standby is not None:
            _reload_nginx(state, state.web_ports)
            asyncio.run(_fill_cases(state.database_url, args.cases))
            asyncio.run(_replica_caught_up(state.database_url, replica_url))
            search_token = asyncio.run(_sign_in(state.base_url, "clerk.xihu"))
            for _ in range(args.rounds):
                for label, url in (("replica", replica_url), ("primary", "")):
                    if state.env.get("COURT_DATABASE_REPLICA_URL") != url:
                        _restart_web(state, url)
                    before = (
                        asyncio.run(_statements_on(state.database_url)),
                        asyncio.run(_statements_on(replica_url)),
                    )
                    r = asyncio.run(
                        measure_mixed(
                            state.base_url,
                            tokens,
                            search_token,
                            seconds=args.seconds,
                            concurrency=args.concurrency,
                            searchers=args.searchers,
                        )
                    )
                    after = (
                        asyncio.run(_statements_on(state.database_url)),
                        asyncio.run(_statements_on(replica_url)),
                    )
                    searched.append((label, r, after[0] - before[0], after[1] - before[1]))
    finally:
        cluster.stop(directory)
        if standby is not None:
            standby.remove()
        import asyncpg

        async def drop() -> None:
            conn = await asyncpg.connect("postgres://postgres@127.0.0.1:5432/postgres")
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await conn.close()

        asyncio.run(drop())
    print(f"{os.cpu_count()} CPUs, {args.concurrency} concurrent filers, {args.seconds:.0f} s per phase")
    for label, r in (("nginx → 2 web", two), ("nginx → 1 web", one), ("direct → 1 web", direct)):
        print(
            f"{label:16} {r['filings_per_s']:7.1f} filings/s  p50 {r['p50_ms']:6.0f} ms  p95 {r['p95_ms']:6.0f} ms"
            f"  errors {r['errors']}  n {r['n']}"
        )
    print(
        f"database growth: {grown / filed / 1024:.1f} KiB per filing (two parties, one claim, events, audit; "
        f"{filed} filings, {grown / 2**20:.1f} MiB)"
    )
    print(f"2 web / 1 web (through nginx): {two['filings_per_s'] / one['filings_per_s']:.2f}x")
    print(f"CPU during nginx → 2 web: {cpu_two}")
    print(f"CPU during nginx → 1 web: {cpu_one}")
    print(
        f"nginx overhead (1 web, direct / through nginx): {direct['filings_per_s'] / one['filings_per_s']:.2f}x "
        f"throughput, p95 {one['p95_ms'] - direct['p95_ms']:+.0f} ms"
    )
    if not searched:
        return
    print(
        f"\nnginx → 2 web, {args.concurrency} filers + {args.searchers} staff searching party names over "
        f"{args.cases:,} cases; searches on:"
    )
    for label, r, on_primary, on_replica in searched:
        print(
            f"{label:8} {r['filings_per_s']:7.1f} filings/s  filing p95 {r['p95_ms']:6.0f} ms  "
            f"{r['searches_per_s']:6.1f} searches/s  search p95 {r['search_p95_ms']:6.0f} ms  "
            f"errors {r['errors'] + r['search_errors']}  transactions: primary {on_primary}, replica {on_replica}"
        )
    for field, what in (
        ("p95_ms", "filing p95"),
        ("filings_per_s", "filings/s"),
        ("search_p95_ms", "search p95"),
        ("searches_per_s", "searches/s"),
    ):
        rep = statistics.median(r[field] for label, r, *_ in searched if label == "replica")
        pri = statistics.median(r[field] for label, r, *_ in searched if label == "primary")
        print(f"{what}, replica serving search / all on the primary: {rep / pri:.2f}x")


if __name__ == "__main__":
    main()
