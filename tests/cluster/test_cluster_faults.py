"""nginx in front of two `court serve` processes on PostgreSQL, Redis and the S3 server (court/cluster.py): a web
process killed with SIGKILL under load, and a rolling restart under load, lose and double no filing."""

from __future__ import annotations

import asyncio
import hashlib
import json
import signal
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from court import cluster
from testkit.cluster_load import FILING, create_filers
from testkit.services import (
    PG_HOST,
    PG_PORT,
    PG_USER,
    drop_postgres_database_later,
    port_open,
    redis_or_skip,
    service_missing,
)

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis, pytest.mark.s3]

RETRYABLE = {409, 502, 503, 504}  # 409: the same key still being written by the first attempt


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[cluster.ClusterState]:
    try:
        cluster.nginx_binary()
    except SystemExit as exc:
        service_missing("nginx", str(exc))
    if not port_open(PG_HOST, PG_PORT):
        service_missing("PostgreSQL", f"nothing listens on {PG_HOST}:{PG_PORT}")
    base_redis = redis_or_skip()
    redis_url = base_redis.rsplit("/", 1)[0] + "/14"  # a database of its own, emptied before and after
    from redis import Redis

    Redis.from_url(redis_url).flushdb()
    name = f"court_test_{uuid.uuid4().hex[:12]}"
    directory = tmp_path_factory.mktemp("cluster")
    state = cluster.start(
        directory,
        web=2,
        workers=0,
        port=cluster.free_port(),
        database_url=f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}",
        redis_url=redis_url,
        max_upload_bytes=16 * 1024 * 1024,
        # The reference data only: the load files as filers of its own (below), never as a demo user, so the demo
        # data (`court seed --demo`, most of this fixture's time) would only be loaded to be left alone.
        demo=False,
    )
    try:
        asyncio.run(_create_filers(state))
        yield state
    finally:
        cluster.stop(directory)
        Redis.from_url(redis_url).flushdb()
        drop_postgres_database_later(name)  # testkit's dropper; the session waits for it at its end


FILERS = [f"load.filer{n}" for n in range(96)]
PASSWORD = "court-load-2026-pass"


async def _create_filers(state: cluster.ClusterState) -> None:
    """Filers of their own: each may create 30 filings a minute (court.web.ratelimit.FILING), so the load spreads
    over many and moves to the next one on a 429."""
    await create_filers(state, FILERS, PASSWORD, "负载测试")


@dataclass
class Load:
    """A few clients filing through nginx with Idempotency-Key and reading their list, retrying what failed."""

    base_url: str
    clients: int = 4
    # Seconds each client waits after a filing before the next. 0 is flat out, for the moments a fault strikes (as
    # many requests in flight as the clients can keep there); while a process starts or restarts, a few filings a
    # second from every client still reach nginx throughout, which is what proves that no request fails, where flat
    # out it was hundreds of filings (all of both cores) that proved nothing more and slowed the start itself.
    pause: float = 0.0
    stop: threading.Event = field(default_factory=threading.Event)
    acknowledged: dict[str, int] = field(default_factory=dict)  # Idempotency-Key → filing id
    errors: list[str] = field(default_factory=list)
    gave_up: list[str] = field(default_factory=list)
    post_retries: int = 0
    get_failures: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self) -> list[threading.Thread]:
        tokens: list[str] = []
        with httpx.Client(base_url=self.base_url, timeout=30) as c:
            for n, username in enumerate(FILERS):
                # Each filer signs in from an address of its own (nginx is trusted to say who the client is), so the
                # sign-in limit per address is not what this test measures.
                r = c.post(
                    "/api/v1/auth/sign-in",
                    json={"username": username, "password": PASSWORD},
                    headers={"x-forwarded-for": f"10.9.0.{n + 1}"},
                )
                assert r.status_code == 200, r.text
                tokens.append(r.json()["token"])
        share = len(tokens) // self.clients
        threads = [
            threading.Thread(target=self._client, args=(tokens[n * share : (n + 1) * share], n), daemon=True)
            for n in range(self.clients)
        ]
        for t in threads:
            t.start()
        return threads

    def _client(self, tokens: list[str], n: int) -> None:
        try:
            self._client_loop(tokens, n)
        except Exception as exc:  # noqa: BLE001 - reported by the test, not lost in a thread
            self.errors.append(repr(exc))

    def _client_loop(self, tokens: list[str], n: int) -> None:
        with httpx.Client(base_url=self.base_url, timeout=30) as c:
            while not self.stop.is_set():
                key = f"cluster-{n}-{uuid.uuid4().hex}"
                fid = self._file(c, key, tokens)
                with self.lock:
                    if fid is None:
                        self.gave_up.append(key)
                    else:
                        self.acknowledged[key] = fid
                if n == 0:  # one client also reads, which nginx may retry on another web process itself
                    try:
                        listed = c.get("/api/v1/filings/", headers={"authorization": f"Bearer {tokens[0]}"})
                        if listed.status_code >= 500:
                            self.get_failures.append(listed.status_code)
                    except httpx.TransportError:
                        self.get_failures.append(0)
                if self.pause:
                    self.stop.wait(self.pause)

    def _file(self, c: httpx.Client, key: str, tokens: list[str]) -> int | None:
        tokens.append(tokens.pop(0))  # round robin over this client's filers
        uncertain = False  # an attempt may have been written: retries must stay with this filer
        attempt = limited = 0
        while attempt < 40:
            headers = {"idempotency-key": key, "authorization": f"Bearer {tokens[0]}"}
            try:
                r = c.post("/api/v1/filings/", json=FILING, headers=headers)
            except httpx.TransportError:
                r = None
            if r is not None and r.status_code in (200, 201):
                return int(r.json()["id"])
            if r is not None and r.status_code == 429:
                # Rate limited (the load is faster than its filers' 30 a minute): not a failure of the cluster,
                # and not counted as an attempt.
                limited += 1
                if uncertain:
                    time.sleep(float(r.headers.get("retry-after", "1")))
                else:
                    # Nothing was written by this key yet (the limit answers before the handler): the next filer
                    # takes it (keys are scoped per user).
                    tokens.append(tokens.pop(0))
                    if limited % len(tokens) == 0:
                        time.sleep(1.0)  # every filer of this client is at its limit
                continue
            uncertain = True
            attempt += 1
            if r is not None and r.status_code not in RETRYABLE:
                raise AssertionError(f"unexpected {r.status_code}: {r.text[:500]}")
            with self.lock:
                self.post_retries += 1
            time.sleep(min(0.05 * 2**attempt, 1.0))
        return None


async def _filings_by_key(db_url: str, keys: list[str] | None = None) -> dict[str, list[int]]:
    """The filings created under each client key. The court keeps a key only as SHA-256 of (user, route, key)
    (court.idempotency), so each key is looked up under every load filer; the ids come from the key's stored result.
    With `keys` None: every filing created with a key, under a placeholder name per row (to count them)."""
    import asyncpg

    conn = await asyncpg.connect(db_url)
    try:
        users = [
            int(r["id"])
            for r in await conn.fetch("SELECT id FROM court_user WHERE username = ANY($1)", FILERS)
        ]
        rows = await conn.fetch(
            "SELECT lookup, result FROM court_idempotency_key WHERE route = 'filing:create'"
        )
    finally:
        await conn.close()
    by_lookup = {r["lookup"]: int(json.loads(r["result"])["filing_id"]) for r in rows}
    if keys is None:
        return {lookup: [fid] for lookup, fid in by_lookup.items()}
    out: dict[str, list[int]] = {}
    for key in keys:
        for uid in users:
            lookup = hashlib.sha256(f"{uid}\x1ffiling:create\x1f{key}".encode()).hexdigest()
            if lookup in by_lookup:
                out.setdefault(key, []).append(by_lookup[lookup])
    return out


async def _filing_count(db_url: str) -> int:
    import asyncpg

    conn = await asyncpg.connect(db_url)
    try:
        return int(await conn.fetchval("SELECT count(*) FROM court_filing"))
    finally:
        await conn.close()


def _check(load: Load, state: cluster.ClusterState, before: int) -> None:
    assert not load.errors, load.errors
    assert not load.gave_up, f"{len(load.gave_up)} filings never acknowledged"
    assert len(load.acknowledged) >= 10, "the load filed too little to mean anything"
    keys = list(load.acknowledged)
    stored = asyncio.run(_filings_by_key(state.database_url, keys))
    # Every acknowledged filing is there once, with the id the client was given; no retry made a second one (a
    # retried key finds its first result; a key is never taken by a second filer once it may have been written).
    assert {k: [fid] for k, fid in load.acknowledged.items()} == stored
    # No filing without its key: every filing the load created is the one result of one key.
    created = asyncio.run(_filing_count(state.database_url)) - before
    assert created == len(set(load.acknowledged.values())), (created, len(load.acknowledged))


# The load's pace while a web process starts: each client files, reads (client 0) and waits this long, so every
# phase of a start or restart (refused connections, nginx's fail_timeout, the new process's first requests) still
# meets several requests a second.
PACED = 0.25


def _until_acknowledged(load: Load, more: int, timeout: float = 90) -> None:
    """Wait until the load has had `more` filings acknowledged from now on: a phase of a test lasts until the
    cluster has carried real load through it, not a fixed number of seconds (too short on a loaded machine, wasted
    on a quiet one)."""
    target = len(load.acknowledged) + more
    deadline = time.monotonic() + timeout
    while len(load.acknowledged) < target:
        assert not load.errors, load.errors
        assert time.monotonic() < deadline, (
            f"the load got {len(load.acknowledged)} of {target} filings through"
        )
        time.sleep(0.05)


def test_kill_9_one_web_process_under_load_loses_and_doubles_nothing(running: cluster.ClusterState) -> None:
    before = asyncio.run(_filing_count(running.database_url))
    load = Load(running.base_url)
    threads = load.run()
    _until_acknowledged(load, 5)
    victim = cluster.web_pid(running, 0)
    assert victim is not None
    cluster.stop_web(running, 0, signal.SIGKILL)
    _until_acknowledged(load, 8)  # the survivor carries the load alone
    load.pause = PACED
    cluster.start_web(running, 0)
    load.pause = 0.0
    _until_acknowledged(load, 5)
    load.stop.set()
    for t in threads:
        t.join(timeout=60)
    _check(load, running, before)


def test_rolling_restart_under_load_fails_no_request(running: cluster.ClusterState) -> None:
    before = asyncio.run(_filing_count(running.database_url))
    load = Load(running.base_url, pause=PACED)
    threads = load.run()
    _until_acknowledged(load, 5)
    old = [cluster.web_pid(running, i) for i in range(len(running.web_ports))]
    cluster.rolling_restart(running)
    new = [cluster.web_pid(running, i) for i in range(len(running.web_ports))]
    assert all(o != n and n is not None for o, n in zip(old, new, strict=True)), (old, new)
    _until_acknowledged(load, 5)
    load.stop.set()
    for t in threads:
        t.join(timeout=60)
    _check(load, running, before)
    # A read is safe to retry, and nginx did so itself: no client saw a failed read while processes restarted.
    assert load.get_failures == []


def test_nginx_refuses_a_body_over_the_upload_limit_before_any_web_process(
    running: cluster.ClusterState,
) -> None:
    conf = Path(running.directory, "nginx.conf").read_text()
    assert f"client_max_body_size {running.max_upload_bytes};" in conf and "non_idempotent" not in conf
    with httpx.Client(base_url=running.base_url, timeout=30) as c:
        r = c.post(
            "/api/v1/filings/1/documents",
            content=b"x" * (running.max_upload_bytes + 1),
            headers={"content-type": "application/pdf"},
        )
    assert r.status_code == 413
