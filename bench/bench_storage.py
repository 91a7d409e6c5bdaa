"""Throughput of S3BlobStore.put against a raw minio put_object of the same bytes, in the same run (a ratio).

Runs against the moto server on loopback (started here), or against COURT_BENCH_S3_ENDPOINT with
COURT_BENCH_S3_ACCESS_KEY / COURT_BENCH_S3_SECRET_KEY when set. Usage: python -m bench.bench_storage [MiB]
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from minio import Minio

from storage.s3 import S3BlobStore

ROUNDS = 5
PART = 8 * 1024 * 1024


@contextmanager
def s3_endpoint() -> Iterator[tuple[str, str, str]]:
    endpoint = os.environ.get("COURT_BENCH_S3_ENDPOINT")
    if endpoint:
        yield endpoint, os.environ["COURT_BENCH_S3_ACCESS_KEY"], os.environ["COURT_BENCH_S3_SECRET_KEY"]
        return
    from testkit.s3server import S3Server
    from testkit.services import free_port

    with tempfile.TemporaryDirectory() as folder:
        server = S3Server(free_port(), Path(folder) / "moto.log")
        server.start()
        try:
            yield server.endpoint, server.access_key, server.secret_key
        finally:
            server.stop()


def median_seconds(action: Callable[[], object]) -> float:
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(mib: int) -> None:
    data = os.urandom(mib * 1024 * 1024)
    bucket = f"court-bench-{uuid.uuid4().hex[:12]}"
    with s3_endpoint() as (endpoint, access_key, secret_key):
        store = S3BlobStore(
            endpoint=endpoint,
            access_key=access_key,
            secret_key=secret_key,
            bucket=bucket,
            secure=False,
            region="us-east-1",
            part_size=PART,
        )
        store.ensure_bucket()
        raw = Minio(
            endpoint=endpoint, access_key=access_key, secret_key=secret_key, secure=False, region="us-east-1"
        )

        def ours() -> object:
            return store.put("bench/ours", io.BytesIO(data))

        def theirs() -> object:
            return raw.put_object(
                bucket_name=bucket,
                object_name="bench/raw",
                data=io.BytesIO(data),
                length=-1,
                part_size=PART,
                num_parallel_uploads=1,
            )

        ours()  # warm up connections and the bucket
        theirs()
        t_raw = median_seconds(theirs)
        t_ours = median_seconds(ours)
        for key in ("bench/ours", "bench/raw"):
            store.delete(key)
        raw.remove_bucket(bucket_name=bucket)
    print(f"S3 put of {mib} MiB, unknown length, {PART >> 20} MiB parts, median of {ROUNDS}:")
    print(f"  raw minio put_object : {mib / t_raw:8.1f} MiB/s")
    print(f"  S3BlobStore.put      : {mib / t_ours:8.1f} MiB/s (with sha256)")
    print(f"  ratio ours/raw       : {t_raw / t_ours:8.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 32)
