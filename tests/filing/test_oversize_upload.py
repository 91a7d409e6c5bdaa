"""An upload whose Content-Length exceeds the limit is refused with 413 before any of its body is read (issue 15,
finding 10): driven through the app's ASGI interface with a `receive` that records every read."""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import app_for, sign_in
from tests.filing.test_filing_api import create_filing


async def _raw(
    app: Any, method: str, path: str, headers: dict[str, str], query: str = ""
) -> tuple[int, dict[str, Any], int]:
    """Send a request announcing `content-length` but holding its body back; returns the status, the problem body
    and how many times the app asked for body bytes."""
    reads = 0

    async def receive() -> dict[str, Any]:
        nonlocal reads
        reads += 1
        return {"type": "http.request", "body": b"\0" * 65536, "more_body": True}

    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "state": {},
    }
    await app(scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], json.loads(body), reads


async def test_an_oversize_content_length_is_refused_before_the_body_is_read(
    client: Any, seeded: Any
) -> None:
    h = await sign_in(client, "litigant.wang")
    fid = await create_filing(client, h)
    limit = int(seeded.settings.max_upload_bytes)
    app = app_for(seeded)
    headers = h | {"content-type": "application/octet-stream", "content-length": str(limit + 1)}
    status, problem, reads = await _raw(
        app, "POST", f"/api/v1/filings/{fid}/documents", headers, "filename=a.pdf"
    )
    assert (status, problem["code"], reads) == (413, "payload_too_large", 0), problem

    opened = await client.post(
        f"/api/v1/filings/{fid}/uploads", json={"filename": "scan.pdf", "size": 5000}, headers=h
    )
    token = opened.json()["token"]
    # A part larger than what the upload still lacks is refused on its header too.
    headers = h | {"upload-offset": "0", "content-length": "5001"}
    status, problem, reads = await _raw(app, "PATCH", f"/api/v1/uploads/{token}", headers)
    assert (status, problem["code"], reads) == (413, "payload_too_large", 0), problem
    headers = h | {"upload-offset": "0", "content-length": str(limit + 1)}
    status, problem, reads = await _raw(app, "PATCH", f"/api/v1/uploads/{token}", headers)
    assert (status, reads) == (413, 0)
    # JSON routes: Litestar's own 1 MiB limit reads nothing of an announced 2 MiB body either.
    headers = h | {"content-type": "application/json", "content-length": str(2 * 1024 * 1024)}
    status, problem, reads = await _raw(app, "POST", "/api/v1/filings/", headers)
    assert (status, problem["code"], reads) == (413, "payload_too_large", 0), problem
