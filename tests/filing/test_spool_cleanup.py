"""Spool files left by requests that died (issue 15, finding 9): a resumable upload cleans its leftovers when it
completes, and the sweeper removes stale ones. The crash is real: a process spooling a body is killed with SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from testkit.pdfs import make_pdf
from tests.conftest import sign_in
from tests.filing.test_filing_api import create_filing

# A process that spools a request body for the upload session argv[2] into argv[1] and never finishes: the first
# chunk arrives, then the link stalls — until the test kills it.
CRASHING_SPOOL = """
import asyncio, sys
from pathlib import Path
from court.filing.uploads import spool

async def body():
    for _ in range(40):  # 2.5 MiB in network-sized chunks: the spool writes it to disk a MiB at a time
        yield b"%PDF-1.7 a page of a scan " * 2600
    await asyncio.sleep(3600)

asyncio.run(spool(body(), Path(sys.argv[1]), max_bytes=10**9, session=sys.argv[2]))
"""


def _spooled(directory: Path) -> list[Path]:
    return sorted([*directory.glob("upload-*.part"), *directory.glob("complete-*.bin")])


def _crash_while_spooling(directory: Path, token: str) -> Path:
    before = set(_spooled(directory))
    child = subprocess.Popen([sys.executable, "-c", CRASHING_SPOOL, str(directory), token])
    try:
        for _ in range(300):  # until the first chunk is on disk (at most ~30 s on a loaded machine)
            new = [p for p in _spooled(directory) if p not in before and p.stat().st_size > 0]
            if new:
                break
            time.sleep(0.1)
        else:
            raise AssertionError("the child never spooled a byte")
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert new[0].exists(), "SIGKILL runs no cleanup: the part file stays behind"
    return new[0]


async def test_a_completed_resumable_upload_removes_what_a_crashed_request_left(
    client: Any, seeded: Any
) -> None:
    from court.filing.uploads import spool_dir

    directory = spool_dir(seeded)
    h = await sign_in(client, "litigant.wang")
    fid = await create_filing(client, h)
    pdf = make_pdf(pages=2, padding=20_000)
    r = await client.post(
        f"/api/v1/filings/{fid}/uploads", json={"filename": "scan.pdf", "size": len(pdf)}, headers=h
    )
    token = r.json()["token"]
    leftover = _crash_while_spooling(directory, token)
    unrelated = directory / "upload-someone-else.part"
    unrelated.write_bytes(b"another upload in flight")
    # The client resumes (nothing of the killed request was recorded) and completes the upload.
    r = await client.patch(f"/api/v1/uploads/{token}", content=pdf, headers=h | {"Upload-Offset": "0"})
    assert r.status_code == 200 and r.json()["status"] == "complete", r.text
    assert not leftover.exists()
    assert not [p for p in _spooled(directory) if token in p.name]
    assert unrelated.exists(), "another session's spool file is not this session's to delete"
    unrelated.unlink()


async def test_the_sweeper_removes_stale_spool_files_and_keeps_live_ones(seeded: Any) -> None:
    from court.filing.uploads import spool_dir
    from court.jobs.context import JobContext
    from court.jobs.maintenance import sweep_upload_spool
    from court.jobs.schedule import PERIODIC

    directory = spool_dir(seeded)
    stale = _crash_while_spooling(directory, "tok-stale")
    stale_plain = directory / "upload-abc123.part"
    stale_plain.write_bytes(b"x")
    stale_complete = directory / "complete-tok-stale-xyz.bin"
    stale_complete.write_bytes(b"y")
    live = directory / "upload-live-now.part"
    live.write_bytes(b"being written")
    other = directory / "keep-me.txt"
    other.write_bytes(b"not a spool file")
    hours = seeded.settings.orphan_grace_hours
    old = (datetime.now(UTC) - timedelta(hours=hours, minutes=5)).timestamp()
    for path in (stale, stale_plain, stale_complete, other):
        os.utime(path, (old, old))

    result = await sweep_upload_spool({}, JobContext(runtime=seeded, job_id=0, attempt=1))
    assert result == {"deleted": 3}
    assert not stale.exists() and not stale_plain.exists() and not stale_complete.exists()
    assert live.exists() and other.exists()
    assert "sweep_upload_spool" in {p.name for p in PERIODIC}
    live.unlink()
    other.unlink()
