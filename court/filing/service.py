"""Filing services: create a filing, add parties, claims and checked documents, submit it with a receipt."""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from court.accounts.policy import Action, Principal, Resource, ResourceKind, not_found, require
from court.accounts.roles import Role
from court.amounts import parse_optional_amount
from court.audit.chain import actor_of, record
from court.bootstrap import Runtime
from court.cases.deadlines import compute_deadline
from court.cases.time_limits import TimeLimit
from court.counters import next_value
from court.db import is_sqlite, must_exist, page_window, write_transaction
from court.errors import Conflict, InvalidDocument, InvalidInput, NotFound
from court.filing.intake import CheckedDocument, IntakeLimits, check_document
from court.filing.schemas import ClaimIn, FilingIn, PartyIn
from court.filing.status import FILING, SUBMITTABLE, FilingStatus
from court.filing.tables import Filing, FilingClaim, FilingDocument, FilingEvent, FilingParty
from court.i18n import Msg, msg
from court.idempotency import IdempotentRequest, body_hash, once, remember, request_of
from court.jobs.outbox import enqueue
from court.statemachine import IllegalTransition, current_state, transition
from storage.base import HashedBytes

COURT_TZ = ZoneInfo("Asia/Shanghai")


def registration_decision_due(now: datetime) -> tuple[date, datetime]:
    """CPL Art 126: the court decides on registration within 7 days of receiving the complaint, counted by the one
    deadline engine (CPL Art 85: the day of receipt is not counted; a last day on a statutory holiday moves to the
    next working day). Due at the end of that day in the court's time zone."""
    last_day = compute_deadline(now.astimezone(COURT_TZ).date(), TimeLimit.REGISTRATION)
    return last_day, datetime.combine(last_day, time(23, 59, 59), COURT_TZ).astimezone(UTC)


PLAINTIFF_ROLES = {"plaintiff", "applicant", "appellant"}
DEFENDANT_ROLES = {"defendant", "respondent", "appellee"}
PARTY_ROLES = PLAINTIFF_ROLES | DEFENDANT_ROLES | {"third_party"}


async def load_filing(filing_id: int) -> dict[str, Any]:
    row = await Filing.select().where(Filing.id == filing_id).output(load_json=True).first()
    if row is None:
        raise not_found("filing", filing_id)
    return row


async def resource_of(filing: dict[str, Any]) -> Resource:
    """What the policy needs to know about a filing."""
    party_users = await FilingParty.select(FilingParty.user_id).where(
        (FilingParty.filing == filing["id"]) & FilingParty.user_id.is_not_null()
    )
    return _resource(filing, frozenset(int(r["user_id"]) for r in party_users))


def _resource(filing: dict[str, Any], party_user_ids: frozenset[int]) -> Resource:
    return Resource(
        kind=ResourceKind.FILING,
        court_code=filing["competent_court_code"] or filing["receiving_court_code"],
        receiving_court_code=filing["receiving_court_code"],
        owner_user_id=filing["filer"],
        party_user_ids=party_user_ids,
        terminal_id=filing["terminal_id"],
        status=filing["status"],
        case_type=filing["case_type"],
        ref=("filing", filing["id"]),
    )


async def authorize(p: Principal, action: Action, filing_id: int) -> dict[str, Any]:
    filing, party_user_ids = await _filing_and_party_users(filing_id)
    require(p, action, _resource(filing, party_user_ids))
    return filing


_filing_sql: dict[bool, str] = {}


async def _filing_and_party_users(filing_id: int) -> tuple[dict[str, Any], frozenset[int]]:
    """The filing as `load_filing` reads it and the user ids of its parties, as `resource_of` reads them, in one
    statement: `authorize` runs on every filing request, and two queries cost a round trip and a pooled-connection
    reset more. The party ids come back aggregated in one column (an array on PostgreSQL, a list on SQLite)."""
    sqlite = is_sqlite()
    sql = _filing_sql.get(sqlite)
    if sql is None:
        columns = ", ".join(f'f."{c._meta.db_column_name}" AS "{c._meta.name}"' for c in Filing._meta.columns)
        party_users = "FROM court_filing_party p WHERE p.filing = f.id AND p.user_id IS NOT NULL"
        aggregate = (
            f"(SELECT group_concat(p.user_id) {party_users})"
            if sqlite
            else f"ARRAY(SELECT p.user_id {party_users})"
        )
        sql = _filing_sql[sqlite] = (
            f"SELECT {columns}, {aggregate} AS party_user_ids FROM court_filing f WHERE f.id = {{}}"
        )
    rows = await Filing.raw(sql, filing_id)
    if not rows:
        raise not_found("filing", filing_id)
    filing = rows[0]
    ids = filing.pop("party_user_ids")
    if isinstance(ids, str):
        ids = ids.split(",")
    for column in Filing._meta.json_columns:
        value = filing.get(column._meta.name)
        if isinstance(value, str):
            filing[column._meta.name] = json.loads(value)
    return filing, frozenset(int(i) for i in ids or ())


def _amount(value: str | None, field: str) -> Decimal | None:
    return parse_optional_amount(value, field)


async def _event(
    filing_id: int, p: Principal | None, from_status: str, to_status: str, reason: str = ""
) -> None:
    await FilingEvent.insert(
        FilingEvent(
            filing=filing_id,
            actor_id=p.user_id if p else None,
            actor_role=p.role.value if p else "system",
            court_code=p.court_code if p else None,
            from_status=from_status,
            to_status=to_status,
            reason=reason,
        )
    )


async def create_filing(p: Principal, data: FilingIn, *, idempotency_key: str | None = None) -> int:
    """Create a draft. With an Idempotency-Key, a retry returns the first filing (court.idempotency); the same key
    with another body is a 409."""
    require(
        p, Action.CREATE, Resource(ResourceKind.FILING, court_code=data.receiving_court_code or p.court_code)
    )
    request = request_of(p.user_id, "filing:create", idempotency_key, body_hash(data))
    result = await once(request, lambda: _create_filing(p, data, request))
    return int(result["filing_id"])


async def _create_filing(p: Principal, data: FilingIn, request: IdempotentRequest | None) -> dict[str, Any]:
    from court.reference.tables import Court

    receiving = data.receiving_court_code or p.court_code
    if not receiving:
        raise InvalidInput(
            "receiving_court_code is required: the court or terminal where the filing is made",
            field="receiving_court_code",
        )
    if not await Court.exists().where(Court.code == receiving):
        raise InvalidInput(
            msg("unknown court %(receiving)s", receiving=receiving), field="receiving_court_code"
        )
    async with write_transaction():
        filing = Filing(
            filer=p.user_id,
            case_type=data.case_type,
            receiving_court_code=receiving,
            terminal_id=p.terminal_id,
            cause_name=data.cause_name or "",
            amount_in_dispute=_amount(data.amount_in_dispute, "amount_in_dispute"),
            procedure=data.procedure,
            summary=data.summary or "",
        )
        await filing.save()
        fid = int(filing.id)
        for party in data.parties:
            await _insert_party(fid, party)
        for claim in data.claims:
            await _insert_claim(fid, claim)
        await _event(fid, p, "", FilingStatus.DRAFT)
        await record(
            actor_of(p), "filing.created", subject_type="filing", subject_id=fid, court_code=receiving
        )
        await remember(request, {"filing_id": fid})
    return {"filing_id": fid}


async def _insert_party(filing_id: int, party: PartyIn) -> int:
    if party.role not in PARTY_ROLES:
        raise InvalidInput(
            msg("role must be one of %(PARTY_ROLES)s", PARTY_ROLES=sorted(PARTY_ROLES)), field="role"
        )
    position = await FilingParty.count().where(FilingParty.filing == filing_id)
    row = FilingParty(filing=filing_id, position=position, **party.columns())
    await row.save()
    return int(row.id)


async def _insert_claim(filing_id: int, claim: ClaimIn) -> int:
    position = await FilingClaim.count().where(FilingClaim.filing == filing_id)
    row = FilingClaim(
        filing=filing_id, position=position, text=claim.text, amount=_amount(claim.amount, "amount")
    )
    await row.save()
    return int(row.id)


async def editable_filing(p: Principal, filing_id: int) -> dict[str, Any]:
    """The filing, if `p` may edit it and it is still a draft or returned; else PermissionDenied or Conflict."""
    filing = await authorize(p, Action.EDIT, filing_id)
    _require_editable(filing["status"])
    return filing


def _require_editable(status: str) -> None:
    if status not in (FilingStatus.DRAFT, FilingStatus.RETURNED):
        raise Conflict(
            msg(
                "filing is %(status_text)s; only a draft or a returned filing can be changed",
                status_text=status,
            ),
            status=status,
        )


async def _add_to_draft(
    p: Principal, filing_id: int, what: str, insert: Callable[[int], Awaitable[int]]
) -> int:
    """Add a party or a claim (`what`) to an editable filing, with its audit event `filing.<what>_added`."""
    await editable_filing(p, filing_id)
    async with write_transaction():
        await _lock_editable(filing_id)
        new_id = await insert(filing_id)
        await record(
            actor_of(p),
            f"filing.{what}_added",
            subject_type="filing",
            subject_id=filing_id,
            detail={what: new_id},
        )
    return new_id


async def add_party(p: Principal, filing_id: int, party: PartyIn) -> int:
    return await _add_to_draft(p, filing_id, "party", lambda f: _insert_party(f, party))


async def add_claim(p: Principal, filing_id: int, claim: ClaimIn) -> int:
    return await _add_to_draft(p, filing_id, "claim", lambda f: _insert_claim(f, claim))


def _localised(exc: InvalidDocument) -> InvalidDocument:
    """A refusal from the intake check already speaks the catalogue's words (court.filing.intake.reject)."""
    return exc


async def add_document(
    p: Principal,
    runtime: Runtime,
    filing_id: int,
    source: Path,
    *,
    filename: str,
    declared_kind: str | None = None,
    sha256: str | None = None,
    content: HashedBytes | None = None,
    filing: dict[str, Any] | None = None,
    idempotency_key: str | None = None,
) -> dict[str, Any]:
    """Check the uploaded file, store it once under its content address, then record it with its extraction job.

    The blob is written before the row: if the commit fails the blob is an orphan the sweeper removes later;
    if the blob write fails nothing is recorded. Either the document is complete or it is not there at all.

    `sha256` is the digest of `source` when the caller hashed it while spooling it; `content` is the same bytes
    when the caller kept them in memory (a small upload), which are then stored as they are, with no second read
    or hash; `filing` is the row when the caller has just checked it with `editable_filing` (the status is checked
    again, locked, when the row is added).

    With an Idempotency-Key (court.idempotency), a retried upload of the same file under the same name and kind
    returns the document the first one made; the same key with another file is a 409.
    """
    if filing is None:
        filing = await editable_filing(p, filing_id)
    request = None
    if idempotency_key:
        digest: str = sha256 if sha256 else await asyncio.to_thread(_file_sha256, source)
        request = request_of(
            p.user_id,
            f"filing:{filing_id}:documents",
            idempotency_key,
            body_hash(digest.encode(), filename, declared_kind or ""),
        )
    result = await once(
        request,
        lambda: _add_document(
            p,
            runtime,
            filing_id,
            source,
            filename=filename,
            declared_kind=declared_kind,
            sha256=sha256,
            content=content,
            filing=filing,
            request=request,
        ),
    )
    if "sha256" not in result:  # a replay: the document the first request made
        result = await _document_row(int(result["document_id"]))
    return result


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


async def _document_row(document_id: int) -> dict[str, Any]:
    row = await FilingDocument.select().where(FilingDocument.id == document_id).output(load_json=True).first()
    if row is None:
        raise NotFound(msg("no document %(document_id)s", document_id=document_id))
    return dict(row)


async def _add_document(
    p: Principal,
    runtime: Runtime,
    filing_id: int,
    source: Path,
    *,
    filename: str,
    declared_kind: str | None,
    sha256: str | None,
    content: HashedBytes | None,
    filing: dict[str, Any],
    request: IdempotentRequest | None,
) -> dict[str, Any]:
    limits = IntakeLimits.from_settings(runtime.settings)
    try:
        checked: CheckedDocument = await asyncio.to_thread(
            check_document, source, declared_kind=declared_kind, filename=filename, limits=limits
        )
    except InvalidDocument as exc:
        raise _localised(exc) from None
    try:
        if content is not None and not checked.converted:
            stored = await asyncio.to_thread(
                runtime.blobs.put_bytes_content_addressed,
                content,
                prefix="blobs/",
                content_type="application/pdf",
            )
        else:
            stored = await asyncio.to_thread(
                runtime.blobs.put_file_content_addressed,
                checked.pdf_path,
                prefix="blobs/",
                content_type="application/pdf",
                sha256=None if checked.converted else sha256,
            )
    finally:
        if checked.converted:
            checked.pdf_path.unlink(missing_ok=True)
    async with write_transaction():
        position = await _lock_for_new_document(filing_id)
        rows = await FilingDocument.insert(
            FilingDocument(
                filing=filing_id,
                position=position,
                blob_key=stored.key,
                sha256=stored.sha256,
                size=stored.size,
                original_name=filename[:255],
                sniffed_type=checked.source_type.value,
                kind=checked.kind.value,
                kind_guessed=checked.kind_guessed,
                page_count=checked.page_count,
                needs_ocr=checked.needs_ocr,
                active_content=list(checked.active_content),
                uploaded_by=p.user_id,
                extraction_status="pending",
                ocr_status="queued"
                if checked.needs_ocr
                else "",  # the extraction job reads it (court.filing.ocr)
            )
        ).returning(*FilingDocument.all_columns())
        document = _loaded_json(rows[0])
        await enqueue(
            "extract_document",
            {"document_id": int(document["id"])},
            dedupe_key=f"extract:document:{document['id']}",
            court_code=filing["competent_court_code"] or filing["receiving_court_code"],
        )
        await record(
            actor_of(p),
            "filing.document_added",
            subject_type="filing",
            subject_id=filing_id,
            detail={"document": int(document["id"]), "sha256": stored.sha256, "pages": checked.page_count},
        )
        await remember(request, {"document_id": int(document["id"])})
    return document


async def _lock_for_new_document(filing_id: int) -> int:
    """Inside the write transaction: check again that the filing takes documents (it may have been submitted
    while the file was being checked), locking its row so that concurrent uploads and a submit queue behind us;
    return the new document's position.

    Two statements on purpose: in one, PostgreSQL would take the count from the snapshot the statement started
    with, before the lock was granted, and concurrent uploads would all get the same position."""
    await _lock_editable(filing_id)
    return await FilingDocument.count().where(FilingDocument.filing == filing_id)


async def _lock_editable(filing_id: int) -> None:
    """Inside a write transaction: lock the filing's row and check that it is still a draft or returned, so that
    a party, claim or document added while the filing is being submitted either lands before the submit (and is
    in its receipt) or is refused with 409."""
    _require_editable(await current_state(FILING, filing_id, lock=True))


def _loaded_json(row: dict[str, Any]) -> dict[str, Any]:
    """A row as `.output(load_json=True)` gives it: JSON columns decoded (INSERT ... RETURNING leaves them text)."""
    for column in FilingDocument._meta.json_columns:
        value = row.get(column._meta.name)
        if isinstance(value, str):
            row[column._meta.name] = json.loads(value)
    return row


async def submit_filing(
    p: Principal, filing_id: int, *, idempotency_key: str | None = None
) -> dict[str, Any]:
    """Submit a draft: number it, fix the decision deadline, and return the receipt (回执).

    Replaying the same Idempotency-Key returns the first receipt and creates nothing new.
    """
    filing = await authorize(p, Action.SUBMIT, filing_id)
    if idempotency_key and filing["submit_key"] == f"{p.user_id}:{idempotency_key}":
        return filing["receipt"]
    if filing["status"] not in SUBMITTABLE:
        # A fast answer before the checks below; the compare-and-set in `_submit` is what decides a race.
        raise Conflict(
            msg("filing is already %(status_text)s", status_text=filing["status"]), status=filing["status"]
        )
    parties = await FilingParty.select().where(FilingParty.filing == filing_id).output(load_json=True)
    documents = (
        await FilingDocument.select()
        .where(FilingDocument.filing == filing_id)
        .order_by(FilingDocument.position)
    )
    missing = []
    if not any(x["role"] in PLAINTIFF_ROLES for x in parties):
        missing.append("a plaintiff or applicant")
    if not any(x["role"] in DEFENDANT_ROLES for x in parties):
        missing.append("a defendant or respondent")
    if not documents:
        missing.append("at least one document")
    if missing:
        # `missing` stays English (a stable list for clients and the kiosk); the detail names them translated.
        raise InvalidInput(
            msg("the filing lacks %(missing_items)s", missing_items=[Msg(m) for m in missing]),
            missing=missing,
        )
    now = datetime.now(UTC)
    try:
        return await _submit(p, filing, documents, now, idempotency_key)
    except IllegalTransition:
        # A concurrent submit with the same Idempotency-Key won: its receipt is this request's answer too.
        if idempotency_key:
            winner = await load_filing(filing_id)
            if winner["submit_key"] == f"{p.user_id}:{idempotency_key}":
                return winner["receipt"]
        raise


async def _submit(
    p: Principal,
    filing: dict[str, Any],
    documents: list[dict[str, Any]],
    now: datetime,
    idempotency_key: str | None,
) -> dict[str, Any]:
    """The winning submit's transaction: the compare-and-set first, so only its winner numbers the filing, routes
    it and writes `filing.submitted`."""
    filing_id = int(filing["id"])
    async with write_transaction():
        from_status = await transition(FILING, filing_id, FilingStatus.SUBMITTED, allowed_from=SUBMITTABLE)
        current = must_exist(await Filing.select(Filing.number).where(Filing.id == filing_id).first())
        # Read again behind the lock: an upload that committed while this request checked the filing is in the receipt.
        documents = (
            await FilingDocument.select()
            .where(FilingDocument.filing == filing_id)
            .order_by(FilingDocument.position)
        )
        number = current["number"]
        if not number:
            seq = await next_value(f"filing:{filing['receiving_court_code']}:{now.year}")
            number = f"{now.year}-{filing['receiving_court_code']}-{seq:06d}"
        decision_day, decision_due_at = registration_decision_due(now)
        receipt = {
            "filing_number": number,
            "filing_id": filing_id,
            "receiving_court_code": filing["receiving_court_code"],
            "submitted_at": now.isoformat(),
            "decision_due_by": decision_day.isoformat(),
            "documents": [
                {
                    "id": d["id"],
                    "name": d["original_name"],
                    "kind": d["kind"],
                    "pages": d["page_count"],
                    "sha256": d["sha256"],
                    "size": d["size"],
                }
                for d in documents
            ],
        }
        await Filing.update(
            {
                Filing.number: number,
                Filing.submitted_at: now,
                Filing.decision_due_at: decision_due_at,
                Filing.receipt: receipt,
                Filing.submit_key: f"{p.user_id}:{idempotency_key}" if idempotency_key else None,
            }
        ).where(Filing.id == filing_id)
        await _event(filing_id, p, from_status, FilingStatus.SUBMITTED)
        await enqueue(
            "route_filing",
            {"filing_id": filing_id},
            dedupe_key=f"route:filing:{filing_id}:{number}:{now.timestamp()}",
            court_code=filing["receiving_court_code"],
        )
        await record(
            actor_of(p),
            "filing.submitted",
            subject_type="filing",
            subject_id=filing_id,
            court_code=filing["receiving_court_code"],
            detail={"number": number, "documents": [d["sha256"] for d in documents]},
        )
    return receipt


async def move(
    p: Principal | None, filing_id: int, to_status: FilingStatus, *, reason: str = "", **changes: Any
) -> None:
    """Move a filing along its life (review, forward, register, return, refuse) with its step and audit event."""
    async with write_transaction():
        values: dict[Any, Any] = {
            Filing._meta.get_column_by_name(name): value for name, value in changes.items()
        }
        if to_status in (FilingStatus.REGISTERED, FilingStatus.REFUSED, FilingStatus.RETURNED):
            values[Filing.decided_at] = datetime.now(UTC)
            values[Filing.decision_reason] = reason
        from_status = await transition(FILING, filing_id, to_status, values=values)
        row = must_exist(
            await Filing.select(Filing.receiving_court_code, Filing.competent_court_code)
            .where(Filing.id == filing_id)
            .first()
        )
        await _event(filing_id, p, from_status, to_status, reason)
        await record(
            actor_of(p),
            f"filing.{to_status}",
            subject_type="filing",
            subject_id=filing_id,
            court_code=changes.get("competent_court_code")
            or row["competent_court_code"]
            or row["receiving_court_code"],
            detail={"reason": reason} if reason else {},
        )


async def filing_view(filing_id: int) -> dict[str, Any]:
    filing = await load_filing(filing_id)
    filing["parties"] = (
        await FilingParty.select()
        .where(FilingParty.filing == filing_id)
        .order_by(FilingParty.position)
        .output(load_json=True)
    )
    filing["claims"] = (
        await FilingClaim.select().where(FilingClaim.filing == filing_id).order_by(FilingClaim.position)
    )
    filing["documents"] = (
        await FilingDocument.select(
            *FilingDocument.all_columns(exclude=[FilingDocument.docket, FilingDocument.ocr_pages])
        )
        .where(FilingDocument.filing == filing_id)
        .order_by(FilingDocument.position)
    )
    filing["steps"] = (
        await FilingEvent.select().where(FilingEvent.filing == filing_id).order_by(FilingEvent.id)
    )
    filing.pop("create_key", None)
    filing.pop("submit_key", None)
    return filing


async def my_filings(p: Principal, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """A litigant's own filings (as filer or as a linked party); a terminal's filings; a clerk's court's intake."""
    cols = [
        Filing.id,
        Filing.number,
        Filing.status,
        Filing.cause_name,
        Filing.receiving_court_code,
        Filing.competent_court_code,
        Filing.created_at,
        Filing.submitted_at,
        Filing.decision_due_at,
    ]
    query = Filing.select(*cols)
    if p.role in (Role.LITIGANT, Role.LAWYER):
        linked = FilingParty.select(FilingParty.filing).where(FilingParty.user_id == p.user_id)
        query = query.where((Filing.filer == p.user_id) | Filing.id.is_in(linked))
    elif p.role is Role.TERMINAL_OPERATOR:
        query = query.where(
            (Filing.filer == p.user_id) | (Filing.terminal_id == p.terminal_id)
            if p.terminal_id
            else (Filing.filer == p.user_id)
        )
    elif p.role in (Role.CLERK, Role.COURT_LEADER, Role.JUDGE):
        query = query.where(
            (Filing.competent_court_code == p.court_code) | (Filing.receiving_court_code == p.court_code)
        )
        # A draft is the filer's working copy until it is submitted (the policy refuses staff a draft they are
        # not party to): the court's list shows its own staff's drafts only, e.g. a clerk's counter filing.
        linked = FilingParty.select(FilingParty.filing).where(FilingParty.user_id == p.user_id)
        query = query.where(
            (Filing.status != FilingStatus.DRAFT) | (Filing.filer == p.user_id) | Filing.id.is_in(linked)
        )
    else:
        return []
    limit, offset = page_window(limit, offset, max_limit=200)
    return await query.order_by(Filing.id, ascending=False).limit(limit).offset(offset)


async def documents_for_review(filing_id: int) -> list[dict[str, Any]]:
    """The filing's documents in the order filed, with what extraction and OCR read from each (docket, pages, how
    sure the reader was) and their active content: the clerk checks the docket against the documents before
    deciding. The caller has checked that the principal may review the filing."""
    return (
        await FilingDocument.select(
            FilingDocument.id,
            FilingDocument.original_name,
            FilingDocument.kind,
            FilingDocument.page_count,
            FilingDocument.extraction_status,
            FilingDocument.docket,
            FilingDocument.active_content,
            FilingDocument.ocr_status,
            FilingDocument.ocr_reason,
            FilingDocument.ocr_confidence,
            FilingDocument.ocr_pages,
        )
        .where(FilingDocument.filing == filing_id)
        .order_by(FilingDocument.position)
    )
