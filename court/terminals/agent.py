"""The terminal agent: runs on a village terminal, queues filings locally and delivers them over a bad network.

Every step is recorded in a local SQLite queue before and after it is sent, and every call that creates
something carries an Idempotency-Key derived from the queued item, so a retry after a dropped link returns
what the first attempt created. Uploads resume from the offset the server reports.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

AGENT_VERSION = "1.0.0"
RETRYABLE = (httpx.TransportError, httpx.TimeoutException)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS queued_filing (
    local_id TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued',   -- queued, created, uploaded, submitted
    filing_id INTEGER,
    receipt TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS queued_document (
    local_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    path TEXT NOT NULL,
    kind TEXT,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    upload_token TEXT,
    document_id INTEGER,
    PRIMARY KEY (local_id, position)
);
"""


class ServerRefused(Exception):
    """The server answered with a 4xx that a retry cannot fix (e.g. a broken PDF): the item needs a person."""


@dataclass
class SyncReport:
    submitted: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)
    network_errors: int = 0


class TerminalAgent:
    def __init__(
        self,
        base_url: str,
        device_key: str,
        queue_path: Path,
        *,
        chunk_size: int = 256 * 1024,
        timeout: float = 10.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.client = httpx.Client(base_url=base_url, timeout=timeout, transport=transport)
        self.device_key = device_key
        self.chunk_size = chunk_size
        self.token: str | None = None
        self.db = sqlite3.connect(queue_path, isolation_level=None)
        self.db.executescript(_SCHEMA)

    # -- the local queue -------------------------------------------------------------------------------------
    def queue_filing(self, filing: dict[str, Any], documents: list[tuple[Path, str | None]]) -> str:
        """Put a filing and its documents (path, kind) in the local queue; returns its local id."""
        local_id = uuid.uuid4().hex
        self.db.execute("BEGIN")
        self.db.execute(
            "INSERT INTO queued_filing (local_id, body) VALUES (?, ?)",
            (local_id, json.dumps(filing, ensure_ascii=False)),
        )
        for position, (path, kind) in enumerate(documents):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            self.db.execute(
                "INSERT INTO queued_document (local_id, position, path, kind, size, sha256) VALUES (?, ?, ?, ?, ?, ?)",
                (local_id, position, str(path), kind, path.stat().st_size, digest),
            )
        self.db.execute("COMMIT")
        return local_id

    def queued(self) -> int:
        return int(
            self.db.execute("SELECT COUNT(*) FROM queued_filing WHERE state != 'submitted'").fetchone()[0]
        )

    def receipt(self, local_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT receipt FROM queued_filing WHERE local_id = ?", (local_id,)).fetchone()
        return json.loads(row[0]) if row and row[0] else None

    # -- talking to the court --------------------------------------------------------------------------------
    def _headers(self, idempotency_key: str | None = None) -> dict[str, str]:
        h = {"x-terminal-key": self.device_key}
        if self.token:
            h["authorization"] = f"Bearer {self.token}"
        if idempotency_key:
            h["idempotency-key"] = idempotency_key
        return h

    def _check(self, response: httpx.Response) -> dict[str, Any]:
        if response.status_code >= 500 or response.status_code == 429:
            raise httpx.TransportError(f"server answered {response.status_code}")
        if response.status_code >= 400:
            raise ServerRefused(f"{response.status_code}: {response.text[:500]}")
        return response.json() if response.content else {}

    def sign_in(self, username: str, password: str) -> None:
        body = self._check(
            self.client.post(
                "/api/v1/terminal/sign-in",
                json={"username": username, "password": password},
                headers=self._headers(),
            )
        )
        self.token = body["token"]

    def heartbeat(self) -> None:
        self._check(
            self.client.post(
                "/api/v1/terminal/heartbeat",
                json={"version": AGENT_VERSION, "queued_items": self.queued()},
                headers=self._headers(),
            )
        )

    def sync_once(self) -> SyncReport:
        """One pass over the queue. A network failure ends the pass; the next pass resumes where this one stopped."""
        report = SyncReport()
        for local_id in [
            r[0]
            for r in self.db.execute(
                "SELECT local_id FROM queued_filing WHERE state != 'submitted' ORDER BY rowid"
            )
        ]:
            try:
                self._deliver(local_id)
                report.submitted.append(local_id)
            except RETRYABLE as exc:
                report.network_errors += 1
                report.pending.append(local_id)
                self.db.execute(
                    "UPDATE queued_filing SET attempts = attempts + 1, last_error = ? WHERE local_id = ?",
                    (str(exc)[:500], local_id),
                )
                break
            except ServerRefused as exc:
                report.refused[local_id] = str(exc)
                self.db.execute(
                    "UPDATE queued_filing SET last_error = ? WHERE local_id = ?", (str(exc), local_id)
                )
        return report

    def sync_until_done(self, *, max_rounds: int = 500, pause: float = 0.05) -> SyncReport:
        total = SyncReport()
        for _ in range(max_rounds):
            report = self.sync_once()
            total.submitted += report.submitted
            total.refused.update(report.refused)
            total.network_errors += report.network_errors
            if not report.pending:
                break
            time.sleep(pause)
        total.pending = [
            r[0] for r in self.db.execute("SELECT local_id FROM queued_filing WHERE state != 'submitted'")
        ]
        return total

    def _deliver(self, local_id: str) -> None:
        state, body, filing_id = self.db.execute(
            "SELECT state, body, filing_id FROM queued_filing WHERE local_id = ?", (local_id,)
        ).fetchone()
        if state == "queued":
            created = self._check(
                self.client.post(
                    "/api/v1/filings/",
                    content=body.encode(),
                    headers=self._headers(f"{local_id}:create") | {"content-type": "application/json"},
                )
            )
            filing_id = int(created["id"])
            self.db.execute(
                "UPDATE queued_filing SET state = 'created', filing_id = ? WHERE local_id = ?",
                (filing_id, local_id),
            )
            state = "created"
        if state == "created":
            for position, path, kind, size, _sha in self._documents(local_id):
                self._upload(local_id, filing_id, position, Path(path), kind, size)
            self.db.execute("UPDATE queued_filing SET state = 'uploaded' WHERE local_id = ?", (local_id,))
            state = "uploaded"
        if state == "uploaded":
            receipt = self._check(
                self.client.post(
                    f"/api/v1/filings/{filing_id}/submit", headers=self._headers(f"{local_id}:submit")
                )
            )
            self.db.execute(
                "UPDATE queued_filing SET state = 'submitted', receipt = ? WHERE local_id = ?",
                (json.dumps(receipt, ensure_ascii=False), local_id),
            )

    def _documents(self, local_id: str) -> Iterator[tuple[int, str, str | None, int, str]]:
        yield from self.db.execute(
            "SELECT position, path, kind, size, sha256 FROM queued_document WHERE local_id = ? AND document_id IS NULL ORDER BY position",
            (local_id,),
        ).fetchall()

    def _upload(
        self, local_id: str, filing_id: int, position: int, path: Path, kind: str | None, size: int
    ) -> None:
        row = self.db.execute(
            "SELECT upload_token FROM queued_document WHERE local_id = ? AND position = ?",
            (local_id, position),
        ).fetchone()
        token = row[0]
        if token is None:
            opened = self._check(
                self.client.post(
                    f"/api/v1/filings/{filing_id}/uploads",
                    json={"filename": path.name, "size": size, "kind": kind},
                    headers=self._headers(f"{local_id}:upload:{position}"),
                )
            )
            token = opened["token"]
            self.db.execute(
                "UPDATE queued_document SET upload_token = ? WHERE local_id = ? AND position = ?",
                (token, local_id, position),
            )
        state = self._check(self.client.get(f"/api/v1/uploads/{token}", headers=self._headers()))
        with path.open("rb") as fh:
            while state["status"] == "open":
                offset = int(state["offset"])
                fh.seek(offset)
                chunk = fh.read(self.chunk_size)
                response = self.client.patch(
                    f"/api/v1/uploads/{token}",
                    content=chunk,
                    headers=self._headers() | {"upload-offset": str(offset)},
                )
                if (
                    response.status_code == 409
                ):  # the server holds a different offset: ask and go on from there
                    state = self._check(self.client.get(f"/api/v1/uploads/{token}", headers=self._headers()))
                    continue
                state = self._check(response)
        self.db.execute(
            "UPDATE queued_document SET document_id = ? WHERE local_id = ? AND position = ?",
            (state["document_id"], local_id, position),
        )
