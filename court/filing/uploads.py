"""Uploads: spool a request body to disk as it streams in, and resumable upload sessions for village links."""

from __future__ import annotations

import asyncio
import hashlib
import os
import secrets
import tempfile
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from court.accounts.policy import Action, Principal
from court.bootstrap import Runtime
from court.db import must_exist, write_transaction
from court.errors import Conflict, InvalidInput, NotFound, PayloadTooLarge
from court.filing import service
from court.filing.tables import UploadSession
from court.i18n import msg
from court.idempotency import body_hash, once, remember, request_of
from storage.base import HashedBytes

# Bytes gathered in memory before one write to the spool file of an upload too large to keep (below).
SPOOL_WRITE_BYTES = 1024 * 1024
# An upload up to this size (one S3 part, `S3BlobStore.part_size`) is also kept in memory, as immutable bytes hashed
# once, and stored from there: the store neither reads the spool file back nor hashes it again. Memory per upload:
# up to this much while it arrives, twice that for the moment its pieces are joined; a larger upload is written to
# the spool file SPOOL_WRITE_BYTES at a time from the moment it passes this size, never held whole.
KEEP_IN_MEMORY_BYTES = 8 * 1024 * 1024
# All uploads of this process together keep at most this much in memory (village terminals send 5–8 MB scans, and
# fifty of them at once would otherwise hold 400 MB): an upload that would pass it is written to its spool file as
# it arrives, as a large one is. Reserved chunk by chunk as an upload arrives, given back by `Spooled.release()`
# once the kept bytes are stored (or at once when the upload goes to disk after all).
KEPT_BYTES_BUDGET = 128 * 1024 * 1024


class _KeptBudget:
    """Bytes kept by uploads in flight. Only the event loop's thread reserves and releases: no lock."""

    def __init__(self) -> None:
        self.held = 0

    def reserve(self, n: int) -> bool:
        if self.held + n > KEPT_BYTES_BUDGET:
            return False
        self.held += n
        return True

    def release(self, n: int) -> None:
        self.held -= n


KEPT_BUDGET = _KeptBudget()
_SPOOL_WRITERS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="court-spool")


@dataclass(slots=True)
class Spooled:
    path: Path
    size: int
    complete: bool  # False when the client went away before the end
    sha256: str  # of the bytes written, hashed as they were written (a put of the file checks it again as it reads)
    content: HashedBytes | None = (
        None  # the same bytes, hashed once, when they were few enough to keep in memory
    )

    def release(self) -> None:
        """Give the kept bytes' share of KEPT_BYTES_BUDGET back (once they are stored, or the upload failed)."""
        if self.content is not None:
            KEPT_BUDGET.release(len(self.content.data))
            self.content = None


def spool_dir(runtime: Runtime) -> Path:
    path = Path(runtime.settings.var_dir) / "spool"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _write_block(out: BinaryIO, digest: Any, block: bytearray) -> None:
    digest.update(block)
    out.write(block)


def _write_kept(out: BinaryIO, pieces: list[bytes]) -> HashedBytes:
    content = HashedBytes(b"".join(pieces))
    out.write(content.data)
    return content


async def spool(
    chunks: AsyncIterator[bytes],
    directory: Path,
    *,
    max_bytes: int,
    keep_in_memory: int = 0,
    session: str = "",
) -> Spooled:
    """Write the body to a temporary file (the sandbox reads the file) and hash it. A body of at most
    `keep_in_memory` bytes is also returned as `content`; a larger one is written chunk by chunk, never whole in
    memory. A dropped connection keeps what arrived, so a resumable upload can continue from the last byte
    received. `session` (a resumable upload's token) goes into the file's name, so the session's leftovers can be
    found once it completes (`discard_spool`)."""
    fd, name = tempfile.mkstemp(dir=directory, prefix=_spool_prefix("upload", session), suffix=".part")
    size = 0
    complete = True
    loop = asyncio.get_running_loop()
    # Network chunks are ~64 KiB. A body small enough to keep is joined, hashed and written in one hop at the end.
    # Beyond that, chunks are gathered to SPOOL_WRITE_BYTES for one disk write (one thread hop) per MiB, on writer
    # threads of our own so a write never queues behind slow work in the default executor; the same hop hashes the
    # block (hashlib lets go of the GIL for big buffers), so the file is never re-read to learn its content address.
    kept: list[bytes] | None = [] if keep_in_memory > 0 else None
    kept_bytes = 0  # reserved in KEPT_BUDGET by this upload
    pending = bytearray()
    digest = hashlib.sha256()
    content: HashedBytes | None = None
    try:
        with os.fdopen(fd, "wb") as out:

            async def gather(data: bytes) -> None:
                nonlocal pending
                pending += data
                if len(pending) >= SPOOL_WRITE_BYTES:
                    full, pending = pending, bytearray()
                    await loop.run_in_executor(_SPOOL_WRITERS, _write_block, out, digest, full)

            try:
                async for chunk in chunks:
                    if not chunk:
                        continue
                    size += len(chunk)
                    if size > max_bytes:
                        raise PayloadTooLarge(
                            msg("the upload exceeds %(max_bytes)s bytes", max_bytes=max_bytes),
                            limit=max_bytes,
                        )
                    if kept is not None:
                        if size <= keep_in_memory and KEPT_BUDGET.reserve(len(chunk)):
                            kept_bytes += len(chunk)
                            kept.append(bytes(chunk))
                            continue
                        # Too large to keep (or the process keeps enough already): what was kept goes to the file
                        # block by block, and so does the rest.
                        KEPT_BUDGET.release(kept_bytes)
                        kept_bytes = 0
                        for piece in kept:
                            await gather(piece)
                        kept = None
                    await gather(chunk)
            except PayloadTooLarge:
                raise
            except Exception as exc:  # noqa: BLE001 - a client that went away mid-upload
                if type(exc).__name__ not in ("InternalServerException", "ClientDisconnect", "OSError"):
                    raise
                complete = False
            if kept is not None:
                content = await loop.run_in_executor(_SPOOL_WRITERS, _write_kept, out, kept)
            elif pending:
                await loop.run_in_executor(_SPOOL_WRITERS, _write_block, out, digest, pending)
    except BaseException:
        KEPT_BUDGET.release(kept_bytes)
        Path(name).unlink(missing_ok=True)
        raise
    return Spooled(Path(name), size, complete, content.sha256 if content else digest.hexdigest(), content)


async def open_session(
    p: Principal,
    filing_id: int,
    *,
    filename: str,
    total_size: int,
    kind: str | None,
    max_bytes: int,
    idempotency_key: str | None = None,
) -> dict[str, Any]:
    """Open a resumable upload. With an Idempotency-Key (court.idempotency), a retried call returns the session
    already opened; the same key for another file (name, size or kind) is a 409."""
    await service.authorize(p, Action.EDIT, filing_id)
    if total_size <= 0:
        raise InvalidInput("size must be positive", field="size")
    if total_size > max_bytes:
        raise PayloadTooLarge(
            msg("the upload exceeds %(max_bytes)s bytes", max_bytes=max_bytes), limit=max_bytes
        )
    request = request_of(
        p.user_id,
        f"filing:{filing_id}:uploads",
        idempotency_key,
        body_hash({"filename": filename, "size": total_size, "kind": kind}),
    )

    async def open_new() -> dict[str, Any]:
        token = secrets.token_urlsafe(24)
        async with write_transaction():
            await UploadSession.insert(
                UploadSession(
                    token=token,
                    filing=filing_id,
                    filename=filename[:255],
                    declared_kind=kind,
                    total_size=total_size,
                    created_by=p.user_id,
                )
            )
            await remember(request, {"token": token})
        return {"token": token}

    opened = await once(request, open_new)
    return await session_state(p, opened["token"])


async def session_state(p: Principal, token: str) -> dict[str, Any]:
    row = await UploadSession.select().where(UploadSession.token == token).first()
    if row is None:
        raise NotFound("no such upload")
    try:
        await service.authorize(
            p, Action.EDIT if row["status"] == "open" else Action.VIEW, int(row["filing"])
        )
    except NotFound:
        raise NotFound("no such upload") from None  # a filing one may not see: as for an unknown token
    return {
        "token": token,
        "offset": int(row["received"]),
        "size": int(row["total_size"]),
        "status": row["status"],
        "document_id": row["document_id"],
    }


async def append(
    p: Principal,
    runtime: Runtime,
    token: str,
    offset: int,
    chunks: AsyncIterator[bytes],
    *,
    declared_length: int | None = None,
) -> dict[str, Any]:
    """Append bytes at `offset` (which must equal what the server holds). Whatever arrives is kept, even when
    the link drops mid-request; when the last byte is in, the file is checked and becomes a document."""
    state = await session_state(p, token)
    if state["status"] != "open":
        raise Conflict("this upload is already complete", offset=state["offset"], status=state["status"])
    if offset != state["offset"]:
        raise Conflict(
            "offset does not match the bytes the server holds; resume from `offset`", offset=state["offset"]
        )
    remaining = state["size"] - state["offset"]
    if declared_length is not None and declared_length > remaining:
        # Refused on the Content-Length alone, before the body is read.
        raise PayloadTooLarge(
            msg(
                "the part of %(declared_length)s bytes exceeds the %(remaining)s bytes the upload lacks",
                declared_length=declared_length,
                remaining=remaining,
            ),
            limit=remaining,
        )
    spooled = await spool(chunks, spool_dir(runtime), max_bytes=remaining, session=token)
    try:
        if spooled.size:
            row = must_exist(
                await UploadSession.select(UploadSession.parts).where(UploadSession.token == token).first()
            )
            part_number = int(row["parts"]) + 1
            with spooled.path.open("rb") as fh:
                await asyncio.to_thread(runtime.blobs.append_part, token, part_number, fh)
            # Only the writer that saw the same offset advances it; a racing duplicate part is ignored.
            updated = await UploadSession.raw(
                "UPDATE court_upload_session SET received = received + {}, parts = {}, updated_at = {} "
                "WHERE token = {} AND received = {} AND parts = {} RETURNING received",
                spooled.size,
                part_number,
                datetime.now(UTC),
                token,
                offset,
                part_number - 1,
            )
            if not updated:
                raise Conflict("another request appended to this upload at the same time; ask for the offset")
    finally:
        spooled.path.unlink(missing_ok=True)
    state = await session_state(p, token)
    if state["offset"] == state["size"]:
        return await _finish(p, runtime, token)
    return state


async def _finish(p: Principal, runtime: Runtime, token: str) -> dict[str, Any]:
    row = await UploadSession.select().where(UploadSession.token == token).first()
    assert row is not None
    final_key = f"uploads/{token}/complete"
    await asyncio.to_thread(
        runtime.blobs.complete_parts, token, final_key, list(range(1, int(row["parts"]) + 1))
    )
    fd, name = tempfile.mkstemp(
        dir=spool_dir(runtime), prefix=_spool_prefix("complete", token), suffix=".bin"
    )
    os.close(fd)
    local = Path(name)
    try:

        def download() -> None:
            with local.open("wb") as out:
                for chunk in runtime.blobs.iter_chunks(final_key):
                    out.write(chunk)

        await asyncio.to_thread(download)
        document = await service.add_document(
            p,
            runtime,
            int(row["filing"]),
            local,
            filename=row["filename"],
            declared_kind=row["declared_kind"],
        )
    finally:
        local.unlink(missing_ok=True)
    async with write_transaction():
        await UploadSession.update(
            {
                UploadSession.status: "complete",
                UploadSession.document_id: document["id"],
                UploadSession.updated_at: datetime.now(UTC),
            }
        ).where(UploadSession.token == token)
    await asyncio.to_thread(runtime.blobs.delete, final_key)
    await asyncio.to_thread(runtime.blobs.abort_parts, token)
    # A request of this session that died with its process (a crash, a kill) left its spool file behind; the
    # bytes it held were appended again after the resume, so whatever is left of the session is garbage now.
    await asyncio.to_thread(discard_spool, spool_dir(runtime), token)
    return {
        "token": token,
        "offset": int(row["total_size"]),
        "size": int(row["total_size"]),
        "status": "complete",
        "document_id": document["id"],
        "document": document,
    }


# Spool files are named `upload-….part` (a request body as it arrives) and `complete-….bin` (a finished resumable
# upload read back for its checks); a resumable upload's files carry its token: `upload-<token>-….part`.
SPOOL_PATTERNS = ("upload-*.part", "complete-*.bin")


def _spool_prefix(kind: str, session: str) -> str:
    return f"{kind}-{session}-" if session else f"{kind}-"


def discard_spool(directory: Path, session: str) -> int:
    """Delete what requests of the resumable upload `session` left in the spool; returns how many files."""
    removed = 0
    for pattern in (f"upload-{session}-*.part", f"complete-{session}-*.bin"):
        for path in directory.glob(pattern):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def sweep_spool(directory: Path, older_than: datetime) -> list[str]:
    """Delete spool files last written before `older_than` (a live upload writes its file as the bytes arrive, so
    an old file belongs to a request that is gone: a crash, a kill, a power cut). Returns their names."""
    cutoff = older_than.timestamp()
    removed = []
    for pattern in SPOOL_PATTERNS:
        for path in directory.glob(pattern):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink(missing_ok=True)
                    removed.append(path.name)
            except FileNotFoundError:  # finished by its request while we looked
                continue
    return removed
