"""Filing throughput against raw object storage, measured in the same run on the same S3 server.

    python -m bench.bench_filing [--clients 8] [--rounds 4] [--size-mb 2]

Starts moto's S3 server and a real `court serve` (uvicorn, SQLite, S3 storage) on loopback. Each of N clients
uploads a PDF of the given size as a filing document (streamed, type-sniffed, opened by pypdf in the sandbox,
hashed, stored once, recorded with its audit event and extraction job) and, as the baseline, the same bytes with
a raw `minio` put_object to the same server. Prints throughput and p95 latency of both and their ratios, then
the server's resident-memory growth while a 50 MB document is uploaded.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import threading
import time
import uuid
from pathlib import Path

import httpx


def _rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _pdf(size_mb: float) -> bytes:
    from tests.filing.pdfs import make_pdf

    return make_pdf(pages=3, padding=int(size_mb * 1024 * 1024))


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) >= 20 else max(values)


async def _court_uploads(base: str, token: str, filing_ids: list[int], data: bytes, rounds: int) -> list[float]:
    latencies: list[float] = []

    async def client(fid: int) -> None:
        async with httpx.AsyncClient(base_url=base, timeout=300) as c:
            for r in range(rounds):
                # A different tail per upload: identical bytes would be deduplicated, which would flatter us.
                body = data + f"\n%{uuid.uuid4().hex}\n".encode()
                t0 = time.perf_counter()
                resp = await c.post(f"/api/v1/filings/{fid}/documents", params={"filename": f"doc{r}.pdf"}, content=body,
                                    headers={"authorization": f"Bearer {token}", "content-type": "application/pdf"})
                latencies.append(time.perf_counter() - t0)
                resp.raise_for_status()

    await asyncio.gather(*(client(fid) for fid in filing_ids))
    return latencies


def _raw_puts(s3: object, bucket: str, data: bytes, clients: int, rounds: int) -> list[float]:
    import io

    latencies: list[float] = []
    lock = threading.Lock()

    def worker() -> None:
        mc = s3.client()  # type: ignore[attr-defined]
        for _ in range(rounds):
            body = data + f"\n%{uuid.uuid4().hex}\n".encode()
            t0 = time.perf_counter()
            mc.put_object(bucket_name=bucket, object_name=f"raw/{uuid.uuid4().hex}", data=io.BytesIO(body), length=len(body))
            with lock:
                latencies.append(time.perf_counter() - t0)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--size-mb", type=float, default=2.0)
    parser.add_argument("--big-mb", type=float, default=50.0)
    args = parser.parse_args()

    from tests.fixtures.s3server import S3Server
    from tests.live_server import live_server
    from tests.services import free_port

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        s3 = S3Server(free_port(), tmp / "moto.log")
        s3.start()
        bucket = f"bench-{uuid.uuid4().hex[:8]}"
        s3.store(bucket).ensure_bucket()
        os.environ["COURT_BENCH_STORAGE"] = f"s3://{s3.access_key}:{s3.secret_key}@{s3.endpoint}/{bucket}?secure=false&region={s3.region}"
        try:
            with live_server(tmp, storage_url=os.environ["COURT_BENCH_STORAGE"]) as (base, _settings):
                data = _pdf(args.size_mb)
                with httpx.Client(base_url=base, timeout=60) as c:
                    token = c.post("/api/v1/auth/sign-in", json={"username": "litigant.wang", "password": "court-demo-2026"}).json()["token"]
                    h = {"authorization": f"Bearer {token}"}
                    fids = [c.post("/api/v1/filings/", headers=h, json={"receiving_court_code": "浙0106"}).json()["id"]
                            for _ in range(args.clients)]
                # Warm both paths once (sandbox start, connection pools).
                asyncio.run(_court_uploads(base, token, fids[:1], data, 1))
                _raw_puts(s3, bucket, data, 1, 1)

                total = args.clients * args.rounds * len(data) / 1024 / 1024
                t0 = time.perf_counter()
                raw = _raw_puts(s3, bucket, data, args.clients, args.rounds)
                raw_s = time.perf_counter() - t0
                t0 = time.perf_counter()
                ours = asyncio.run(_court_uploads(base, token, fids, data, args.rounds))
                ours_s = time.perf_counter() - t0

                raw_mbps, ours_mbps = total / raw_s, total / ours_s
                print(f"document size            {len(data) / 1024 / 1024:.2f} MiB, {args.clients} clients x {args.rounds} rounds")
                print(f"raw minio put_object     {raw_mbps:8.1f} MiB/s   p95 {_p95(raw) * 1000:8.1f} ms")
                print(f"court filing upload      {ours_mbps:8.1f} MiB/s   p95 {_p95(ours) * 1000:8.1f} ms")
                print(f"throughput ratio         {ours_mbps / raw_mbps:8.2f}   (target >= 0.50)")
                print(f"p95 ratio                {_p95(ours) / _p95(raw):8.2f}   (target <= 2.5)")

                pid = os.getpid()
                big = _pdf(args.big_mb)
                before = _rss_mb(pid)
                peak = [before]
                stop = threading.Event()

                def sample() -> None:
                    while not stop.is_set():
                        peak.append(_rss_mb(pid))
                        time.sleep(0.02)

                sampler = threading.Thread(target=sample)
                sampler.start()
                asyncio.run(_court_uploads(base, token, fids[:1], big, 1))
                stop.set()
                sampler.join()
                # The benchmark holds the 50 MB body itself; the growth beyond that is the server's.
                print(f"50 MB upload: server+client RSS before {before:.0f} MiB, peak {max(peak):.0f} MiB, "
                      f"growth {max(peak) - before:.0f} MiB (the client holds {len(big) / 1024 / 1024:.0f} MiB of it)")
        finally:
            s3.stop()


if __name__ == "__main__":
    main()
