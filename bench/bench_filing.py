"""Filing throughput against raw object storage, measured in the same run on the same S3 server.

    python -m bench.bench_filing [--clients 8] [--rounds 4] [--size-mb 2] [--repeat 3] [--shape scan|trailing]
                                 [--jobs queued|in-process] [--client threads|httpx] [--big-mb 50]
                                 [--database sqlite|postgres] [--kind evidence|'']

Starts moto's S3 server and a real `court serve --prepare` process (uvicorn, SQLite or PostgreSQL, S3 storage)
on loopback.
Each of N clients uploads a PDF of the given size as a filing document (streamed to a spool file, type-sniffed,
opened by pypdf in the sandbox, hashed, stored once under its content address, recorded with its audit event
and extraction job) and, as the baseline, the same bytes with a raw `minio` put_object to the same server.
Prints throughput and p95 latency of both and their ratios for each repetition (raw and court alternate, so
a noisy neighbour hits both), then the server's resident-memory growth while one big document is uploaded.

The document: `scan` (default) is what a 2 MB filing usually is, a few text pages and one page image whose
bytes do not compress; `trailing` puts the bulk in a comment after %%EOF (the shape testkit/pdfs.py makes),
which pypdf's backward search for %%EOF reads a byte at a time (~60 ms per MiB).
`--jobs queued` (default) is production: the web process records the extraction job in the outbox and its relay
hands it to RQ on Redis (COURT_BENCH_REDIS_URL, default db 14, which the bench empties before and after a run); the RQ worker that would run it is elsewhere in production and none runs here, so what is measured is the
filing request path. `in-process` is the embedded mode, where spaCy extraction of every uploaded document
competes with the uploads for the same two cores.

Fairness: both sides use the same bytes (each upload with its own random tail, so nothing is deduplicated), the
same number of concurrent clients and rounds, the same S3 server, and by default the same client stack — one
thread per client with urllib3, which is what minio's client uses for the raw put (`--client httpx` drives the
court side with httpx on asyncio instead, as the first versions did; its own CPU, ~9 ms per 2 MB upload against
~2 ms for urllib3, then competes with the server for the two cores).

The court-side client declares the document's kind (`--kind evidence`), as every client of the court does: the
litigant page's and the kiosk's upload forms have a kind selector with no empty choice, and their resumable
uploads send it. `--kind ''` leaves the kind to the server's guess, which lays out page 1's text in the sandbox.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

DEMO_USER = {"username": "litigant.wang", "password": "court-demo-2026"}  # seeds/demo: a litigant account
# A Redis database of the bench's own: emptied before and after each run (see _reset_bench_redis).
BENCH_REDIS_URL = os.environ.get("COURT_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")


def _reset_bench_redis() -> None:
    """Empty the bench's Redis database: the jobs the relay handed over (no worker will run them; their database
    is dropped) and the rate-limit counters, which would otherwise carry one run's filings into the next run's
    limit (every run files as the same demo litigant) and end it with 429s."""
    from redis import Redis

    Redis.from_url(BENCH_REDIS_URL).flushdb()


def _rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _own_cpu(pid: int) -> tuple[float, int]:
    """User+system CPU seconds of one process, and its parent's pid."""
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), int(fields[1])


def _children_cpu(pid: int) -> float:
    """CPU of the live children of `pid` (the pooled sandbox children live across documents); the one-off
    children that have exited are in the parent's cutime/cstime, added here too."""
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    total = (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                cpu, parent = _own_cpu(int(entry))
            except (OSError, IndexError, ValueError):
                continue
            if parent == pid:
                total += cpu
    return total


class _CpuMeter:
    """CPU spent by the bench process (the clients), the court server, its sandbox children, and moto."""

    def __init__(self, server: int, s3: int) -> None:
        self.server, self.s3 = server, s3
        self.names = ("clients", "court", "sandbox", "s3")

    def sample(self) -> dict[str, float]:
        return {
            "clients": _own_cpu(os.getpid())[0],
            "court": _own_cpu(self.server)[0],
            "sandbox": _children_cpu(self.server),
            "s3": _own_cpu(self.s3)[0],
        }


def _pdf(size_mb: float, shape: str) -> bytes:
    from testkit.pdfs import make_pdf

    target = int(size_mb * 1024 * 1024)
    if shape == "trailing":
        return make_pdf(pages=3, padding=target)
    return _scan_pdf(target)


def _scan_pdf(target: int) -> bytes:
    """Three pages of complaint text, the first with a page image of random pixels sized to reach `target`."""
    side = max(16, int((target / 3) ** 0.5))
    data = _draw_scan(side)
    # reportlab ASCII85-encodes the image (+25%): one correction step lands within a few percent of `target`.
    side = max(16, int(side * (target / len(data)) ** 0.5))
    return _draw_scan(side)


def _draw_scan(side: int) -> bytes:
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from testkit.pdfs import COMPLAINT_TEXT

    image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setPageCompression(1)
    for page in range(3):
        c.setFont("STSong-Light", 12)
        y = 800
        for line in COMPLAINT_TEXT:
            c.drawString(50, y, line)
            y -= 20
        if page == 0:
            c.drawImage(ImageReader(image), 50, 100, width=300, height=300)
        c.showPage()
    c.save()
    return buf.getvalue()


def _p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) >= 20 else max(values)


async def _court_uploads(
    base: str, token: str, filing_ids: list[int], data: bytes, rounds: int, kind: str
) -> list[float]:
    latencies: list[float] = []

    async def client(fid: int) -> None:
        async with httpx.AsyncClient(base_url=base, timeout=300) as c:
            for r in range(rounds):
                # A different tail per upload: identical bytes would be deduplicated, which would flatter us.
                body = data + f"\n%{uuid.uuid4().hex}\n".encode()
                t0 = time.perf_counter()
                params = {"filename": f"doc{r}.pdf", **({"kind": kind} if kind else {})}
                resp = await c.post(
                    f"/api/v1/filings/{fid}/documents",
                    params=params,
                    content=body,
                    headers={"authorization": f"Bearer {token}", "content-type": "application/pdf"},
                )
                latencies.append(time.perf_counter() - t0)
                resp.raise_for_status()

    await asyncio.gather(*(client(fid) for fid in filing_ids))
    return latencies


def _court_uploads_threads(
    base: str, token: str, filing_ids: list[int], data: bytes, rounds: int, kind: str
) -> list[float]:
    """The court side with the baseline's own client stack: one thread per client, urllib3 (what minio uses)."""
    import urllib3

    latencies: list[float] = []
    lock = threading.Lock()
    errors: list[BaseException] = []
    query = f"&kind={kind}" if kind else ""

    def worker(fid: int) -> None:
        http = urllib3.PoolManager(maxsize=1, retries=False, timeout=urllib3.Timeout(connect=10, read=300))
        try:
            for r in range(rounds):
                body = data + f"\n%{uuid.uuid4().hex}\n".encode()  # a different tail per upload, as above
                t0 = time.perf_counter()
                resp = http.request(
                    "POST",
                    f"{base}/api/v1/filings/{fid}/documents?filename=doc{r}.pdf{query}",
                    body=body,
                    headers={"authorization": f"Bearer {token}", "content-type": "application/pdf"},
                )
                elapsed = time.perf_counter() - t0
                if resp.status != 201:
                    raise RuntimeError(f"upload answered {resp.status}: {resp.data[:300]!r}")
                with lock:
                    latencies.append(elapsed)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            errors.append(exc)
        finally:
            http.clear()

    threads = [threading.Thread(target=worker, args=(fid,)) for fid in filing_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return latencies


def _raw_puts(s3: Any, bucket: str, data: bytes, clients: int, rounds: int) -> list[float]:
    latencies: list[float] = []
    lock = threading.Lock()

    def worker() -> None:
        mc = s3.client()
        for _ in range(rounds):
            body = data + f"\n%{uuid.uuid4().hex}\n".encode()
            t0 = time.perf_counter()
            mc.put_object(
                bucket_name=bucket,
                object_name=f"raw/{uuid.uuid4().hex}",
                data=io.BytesIO(body),
                length=len(body),
            )
            with lock:
                latencies.append(time.perf_counter() - t0)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies


def _start_server(
    tmp: Path, database_url: str, storage_url: str, jobs: str
) -> tuple[subprocess.Popen[bytes], str]:
    from testkit.services import free_port, port_open

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("COURT_")}
    env.update(
        COURT_DATABASE_URL=database_url,
        COURT_STORAGE_URL=storage_url,
        COURT_VAR_DIR=str(tmp / "var"),
        COURT_SECRET_KEY="bench-secret-key-0123456789",
    )
    if jobs == "queued":
        # The web process's relay hands committed jobs to RQ, as in production; no worker runs here.
        env["COURT_REDIS_URL"] = BENCH_REDIS_URL
    log = (tmp / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "court.cli", "serve", "--prepare", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while not port_open("127.0.0.1", port, timeout=0.2):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"court serve did not start: {(tmp / 'server.log').read_text()[-2000:]}")
        time.sleep(0.1)
    return process, f"http://127.0.0.1:{port}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--size-mb", type=float, default=2.0)
    parser.add_argument(
        "--repeat", type=int, default=3, help="raw/court pairs to run (the spread is printed)"
    )
    parser.add_argument("--shape", choices=("scan", "trailing"), default="scan")
    parser.add_argument("--jobs", choices=("queued", "in-process"), default="queued")
    parser.add_argument(
        "--client",
        choices=("threads", "httpx"),
        default="threads",
        help="court-side client: threads with urllib3 like the raw side's minio (default), or httpx asyncio",
    )
    parser.add_argument(
        "--kind",
        default="evidence",
        help="the document kind the client declares, as the web pages and kiosks always do "
        "(their forms have no 'unknown'); '' leaves it to the server's guess from page 1's text",
    )
    parser.add_argument("--big-mb", type=float, default=50.0)
    parser.add_argument(
        "--database",
        choices=("sqlite", "postgres"),
        default="sqlite",
        help="the embedded default, or a fresh PostgreSQL database (production)",
    )
    args = parser.parse_args()
    if args.database == "postgres":
        from bench.databases import fresh_postgres

        with fresh_postgres("court_bench_filing") as url:
            _run(args, url)
    else:
        _run(args, None)


def _run(args: argparse.Namespace, database_url: str | None) -> None:
    from testkit.s3server import S3Server
    from testkit.services import free_port

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        s3 = S3Server(free_port(), tmp / "moto.log")
        s3.start()
        bucket = f"bench-{uuid.uuid4().hex[:8]}"
        s3.store(bucket).ensure_bucket()
        storage_url = (
            f"s3://{s3.access_key}:{s3.secret_key}@{s3.endpoint}/{bucket}?secure=false&region={s3.region}"
        )
        if args.jobs == "queued":
            _reset_bench_redis()
        server, base = _start_server(
            tmp, database_url or f"sqlite:{tmp / 'bench.sqlite3'}", storage_url, args.jobs
        )
        try:
            data = _pdf(args.size_mb, args.shape)
            with httpx.Client(base_url=base, timeout=60) as c:
                token = c.post("/api/v1/auth/sign-in", json=DEMO_USER).json()["token"]
                h = {"authorization": f"Bearer {token}"}
                fids = [
                    c.post("/api/v1/filings/", headers=h, json={"receiving_court_code": "浙0106"}).json()[
                        "id"
                    ]
                    for _ in range(args.clients)
                ]

            def court_uploads(ids: list[int], body: bytes, rounds: int) -> list[float]:
                if args.client == "httpx":
                    return asyncio.run(_court_uploads(base, token, ids, body, rounds, args.kind))
                return _court_uploads_threads(base, token, ids, body, rounds, args.kind)

            # Warm both paths (sandbox children, connection pools) at the concurrency measured.
            court_uploads(fids, data, 1)
            _raw_puts(s3, bucket, data, args.clients, 1)

            total = args.clients * args.rounds * len(data) / 1024 / 1024
            print(
                f"document {len(data) / 1024 / 1024:.2f} MiB ({args.shape}), {args.clients} clients x {args.rounds} rounds, "
                f"jobs {args.jobs}, {args.database}, court client {args.client}, kind {args.kind or '(guessed)'}, "
                f"{os.cpu_count()} cores"
            )
            print(
                f"{'run':>3} {'raw MiB/s':>10} {'raw p95':>9} {'court MiB/s':>12} {'court p50':>10} {'court p95':>10}"
                f" {'thru ratio':>11} {'p95 ratio':>10}"
            )
            ratios: list[tuple[float, float]] = []
            meter = _CpuMeter(server.pid, s3._process.pid)
            cpu = {"raw": dict.fromkeys(meter.names, 0.0), "court": dict.fromkeys(meter.names, 0.0)}
            for run in range(1, args.repeat + 1):
                c0 = meter.sample()
                t0 = time.perf_counter()
                raw = _raw_puts(s3, bucket, data, args.clients, args.rounds)
                raw_s = time.perf_counter() - t0
                c1 = meter.sample()
                t0 = time.perf_counter()
                ours = court_uploads(fids, data, args.rounds)
                ours_s = time.perf_counter() - t0
                c2 = meter.sample()
                for name in meter.names:
                    cpu["raw"][name] += c1[name] - c0[name]
                    cpu["court"][name] += c2[name] - c1[name]
                raw_mbps, ours_mbps = total / raw_s, total / ours_s
                ratios.append((ours_mbps / raw_mbps, _p(ours, 95) / _p(raw, 95)))
                print(
                    f"{run:>3} {raw_mbps:>10.1f} {_p(raw, 95) * 1000:>7.0f}ms {ours_mbps:>12.1f} {_p(ours, 50) * 1000:>8.0f}ms"
                    f" {_p(ours, 95) * 1000:>8.0f}ms {ratios[-1][0]:>11.2f} {ratios[-1][1]:>10.2f}"
                )
            thru = [r[0] for r in ratios]
            p95 = [r[1] for r in ratios]
            print(
                f"throughput ratio  median {statistics.median(thru):.2f}  (min {min(thru):.2f}, max {max(thru):.2f})"
                "   target >= 0.50"
            )
            print(
                f"p95 ratio         median {statistics.median(p95):.2f}  (min {min(p95):.2f}, max {max(p95):.2f})"
                "   target <= 2.5"
            )
            uploads = args.repeat * args.clients * args.rounds
            for path, spent in cpu.items():
                parts = ", ".join(f"{name} {seconds / uploads * 1000:.0f}" for name, seconds in spent.items())
                print(
                    f"CPU ms per document, {path:<5}: {parts}  (total {sum(spent.values()) / uploads * 1000:.0f})"
                )

            big = _pdf(args.big_mb, args.shape)
            before = _rss_mb(server.pid)
            peak = [before]
            stop = threading.Event()

            def sample() -> None:
                while not stop.is_set():
                    peak.append(_rss_mb(server.pid))
                    time.sleep(0.01)

            sampler = threading.Thread(target=sample)
            sampler.start()
            t0 = time.perf_counter()
            court_uploads(fids[:1], big, 1)
            took = time.perf_counter() - t0
            stop.set()
            sampler.join()
            print(
                f"{len(big) / 1024 / 1024:.0f} MiB upload in {took:.1f} s: server RSS before {before:.0f} MiB, "
                f"peak {max(peak):.0f} MiB, growth {max(peak) - before:.0f} MiB "
                f"(S3 multipart part size 8 MiB; the sandbox child is a separate process)"
            )
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
            s3.stop()
            if args.jobs == "queued":
                _reset_bench_redis()


if __name__ == "__main__":
    main()
