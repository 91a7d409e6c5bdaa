"""Court document services: draft from the case, keep every edit as a version, sign under the seal, verify."""

from __future__ import annotations

import asyncio
import hashlib
import io
import secrets
from datetime import UTC, datetime
from typing import Any

from court.accounts.policy import Action, Principal, Resource, ResourceKind, require, reveal
from court.accounts.tables import User
from court.audit.chain import actor_of, record
from court.bootstrap import Runtime
from court.cases import registration
from court.cases import service as cases
from court.cases.tables import CaseHearing
from court.db import write_transaction
from court.documents import drafting, signing
from court.documents.kinds import DocumentKind, title_of
from court.documents.render import Seal, render_pdf
from court.documents.tables import CourtDocument, CourtDocumentVersion
from court.errors import Conflict, InvalidInput, NotFound
from court.i18n import msg
from court.reference.tables import Court

BLOB_PREFIX = "court-documents/"
# 32 letters and digits without 0/O/1/I: read off paper and typed in by hand. 16 of them: 80 bits, not guessable.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


async def signed_document_keys() -> set[str]:
    rows = await CourtDocument.select(CourtDocument.blob_key).where(CourtDocument.blob_key.is_not_null())
    return {r["blob_key"] for r in rows}


def new_verification_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def normalise_code(code: str) -> str:
    raw = "".join(ch for ch in code.upper() if ch.isalnum())
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


async def _court(code: str) -> dict[str, Any]:
    row = await Court.select(Court.code, Court.name, Court.parent_code).where(Court.code == code).first()
    return row or {"code": code, "name": code, "parent_code": None}


async def case_facts(case_id: int) -> drafting.CaseFacts:
    """What documents are drafted from: the case's docket (parties, claims, cause), its fee, hearings and judge."""
    case = await registration.case_view(case_id)
    court = await _court(case["court_code"])
    appeal = await _court(court["parent_code"]) if court["parent_code"] else None
    hearings = (
        await CaseHearing.select(
            CaseHearing.starts_at,
            CaseHearing.status,
            CaseHearing.courtroom.name.as_alias("room"),
            CaseHearing.courtroom.kind.as_alias("room_kind"),
        )
        .where(CaseHearing.case == case_id)
        .order_by(CaseHearing.starts_at)
    )
    judge = (
        await User.select(User.display_name, User.username).where(User.id == case["judge_id"]).first()
        if case["judge_id"]
        else None
    )
    notice = case["fee_notice"] or {}
    return drafting.CaseFacts(
        court_name=court["name"],
        number=case["number"],
        case_type=case["case_type"],
        cause_name=case["cause_name"],
        procedure=case["procedure"],
        registered_on=case["registered_on"],
        parties=[
            drafting.PartyFacts(
                role=p["role"],
                name=p["name"],
                kind=p["kind"],
                address=p["address"] or "",
                legal_representative=p["legal_representative"],
                agents=[str(a) for a in (p["agents"] or [])],
            )
            for p in case["parties"]
        ],
        claims=[
            drafting.ClaimFacts(text=c["text"], amount=None if c["amount"] is None else str(c["amount"]))
            for c in case["claims"]
        ],
        hearings=[
            drafting.HearingFacts(
                starts_at=h["starts_at"],
                courtroom=h["room"],
                online=h["room_kind"] == "online",
                status=h["status"],
            )
            for h in hearings
        ],
        # The fee is the one the registration assessed with court/cases/fees.py (stored as the case's fee notice).
        fee=notice.get("fee") if case["fee"] is not None else None,
        fee_basis=[str(b) for b in notice.get("basis", [])],
        judge_name=(judge["display_name"] or judge["username"]) if judge else "",
        appeal_court_name=appeal["name"] if appeal else "",
    )


async def document_resource(
    case: dict[str, Any], *, status: str, kind: str, base: Resource | None = None
) -> Resource:
    base = base or await cases.resource_of(case)
    return Resource(
        ResourceKind.COURT_DOCUMENT,
        court_code=case["court_code"],
        owner_user_id=base.owner_user_id,
        party_user_ids=base.party_user_ids,
        assigned_user_ids=base.assigned_user_ids,
        status=status,
        judicial_act=drafting.is_judicial_act(kind),
    )


async def _load(document_id: int) -> dict[str, Any]:
    row = await CourtDocument.select().where(CourtDocument.id == document_id).first()
    if row is None:
        raise NotFound(
            msg("no court document %(document_id)s", document_id=document_id), document_id=document_id
        )
    return row


async def authorize(p: Principal, action: Action, document_id: int) -> tuple[dict[str, Any], dict[str, Any]]:
    document = await _load(document_id)
    case = await cases.load_case(int(document["case"]))
    require(p, action, await document_resource(case, status=document["status"], kind=document["kind"]))
    return document, case


def _actor(p: Principal) -> Any:
    return actor_of(p)


async def create_document(p: Principal, case_id: int, kind: DocumentKind | str) -> dict[str, Any]:
    """Draft a document of `kind` for the case (version 1), prefilled from the case."""
    try:
        kind = DocumentKind(kind)
    except ValueError:
        raise InvalidInput(msg("no document kind %(kind)s", kind=kind), field="kind") from None
    case = await cases.load_case(case_id)
    base = await cases.resource_of(case)
    reveal(p, base)  # who may not see the case is told it does not exist, exactly as for a missing id
    require(p, Action.DRAFT, await document_resource(case, status="draft", kind=kind, base=base))
    content = drafting.draft(kind, await case_facts(case_id))
    digest = drafting.content_sha256(content)
    async with write_transaction():
        document = CourtDocument(
            case=case_id,
            court_code=case["court_code"],
            kind=kind.value,
            status="draft",
            current_version=1,
            created_by=p.user_id,
        )
        await document.save()
        await CourtDocumentVersion.insert(
            CourtDocumentVersion(
                document=document.id, number=1, content=content, sha256=digest, created_by=p.user_id
            )
        )
        await record(
            _actor(p),
            "court_document.drafted",
            subject_type="court_document",
            subject_id=int(document.id),
            court_code=case["court_code"],
            detail={"case": case_id, "kind": kind.value, "version": 1, "sha256": digest},
        )
    return await document_view(int(document.id))


async def document_view(document_id: int) -> dict[str, Any]:
    document = await _load(document_id)
    case = await cases.load_case(int(document["case"]))
    versions = (
        await CourtDocumentVersion.select(
            CourtDocumentVersion.number,
            CourtDocumentVersion.sha256,
            CourtDocumentVersion.created_by,
            CourtDocumentVersion.at,
        )
        .where(CourtDocumentVersion.document == document_id)
        .order_by(CourtDocumentVersion.number)
    )
    current = await _version(document_id, int(document["current_version"]))
    return {
        **document,
        "title": title_of(DocumentKind(document["kind"]), case["case_type"]),
        "case_number": case["number"],
        "content": current["content"],
        "versions": versions,
    }


async def _version(document_id: int, number: int) -> dict[str, Any]:
    row = (
        await CourtDocumentVersion.select()
        .where((CourtDocumentVersion.document == document_id) & (CourtDocumentVersion.number == number))
        .output(load_json=True)
        .first()
    )
    if row is None:
        raise NotFound(
            msg("no version %(number)s of document %(document_id)s", number=number, document_id=document_id)
        )
    return row


async def list_documents(p: Principal, case_id: int) -> list[dict[str, Any]]:
    """The case's documents the principal may see, oldest first."""
    case = await cases.authorize(p, Action.VIEW, case_id)
    rows = (
        await CourtDocument.select(
            CourtDocument.id,
            CourtDocument.kind,
            CourtDocument.status,
            CourtDocument.current_version,
            CourtDocument.created_at,
            CourtDocument.signed_at,
            CourtDocument.verification_code,
            CourtDocument.pdf_sha256,
        )
        .where(CourtDocument.case == case_id)
        .order_by(CourtDocument.id)
    )
    from court.accounts.policy import decide

    visible = []
    base = await cases.resource_of(case)  # the parties and the judge, read once for every row
    for row in rows:
        if decide(
            p, Action.VIEW, await document_resource(case, status=row["status"], kind=row["kind"], base=base)
        ).allowed:
            row["title"] = title_of(DocumentKind(row["kind"]), case["case_type"])
            visible.append(row)
    return visible


async def save_version(
    p: Principal, document_id: int, *, base_version: int, texts: dict[str, str]
) -> dict[str, Any]:
    """Keep the edited sections as a new version. `base_version` is the version the editor started from: if
    someone saved or signed meanwhile, the save is refused (409) instead of overwriting their work."""
    document, case = await authorize(p, Action.DRAFT, document_id)
    base = await _version(document_id, base_version)
    content = drafting.apply_edits(base["content"], texts)
    digest = drafting.content_sha256(content)
    async with write_transaction():
        won = (
            await CourtDocument.update({CourtDocument.current_version: base_version + 1})
            .where(
                (CourtDocument.id == document_id)
                & (CourtDocument.status == "draft")
                & (CourtDocument.current_version == base_version)
            )
            .returning(CourtDocument.id)
        )
        if not won:
            now = await _load(document_id)
            raise Conflict(
                "the document changed meanwhile: reload it",
                status=now["status"],
                current_version=now["current_version"],
            )
        await CourtDocumentVersion.insert(
            CourtDocumentVersion(
                document=document_id,
                number=base_version + 1,
                content=content,
                sha256=digest,
                created_by=p.user_id,
            )
        )
        await record(
            _actor(p),
            "court_document.edited",
            subject_type="court_document",
            subject_id=document_id,
            court_code=case["court_code"],
            detail={"version": base_version + 1, "sha256": digest},
        )
    return await document_view(document_id)


def _signing_reason(title: str, number: str) -> str:
    return f"电子签章：{title} {number}"


async def sign_document(p: Principal, runtime: Runtime, document_id: int, *, version: int) -> dict[str, Any]:
    """Sign the document's `version` under the court's seal: render it dated and sealed with its verification code,
    sign the PDF (PAdES), store it, and freeze the document. Only one signature wins (compare-and-set)."""
    document, case = await authorize(p, Action.SIGN, document_id)
    if document["status"] != "draft":
        raise Conflict("the document is already signed", status=document["status"])
    if int(document["current_version"]) != version:
        raise Conflict(
            "a newer version exists: sign what you see after reloading",
            current_version=document["current_version"],
        )
    current = await _version(document_id, version)
    court = await _court(case["court_code"])
    title = title_of(DocumentKind(document["kind"]), case["case_type"])
    code = new_verification_code()
    signed_on = cases.court_today()
    settings = runtime.settings

    def produce() -> bytes:
        pdf = render_pdf(
            current["content"],
            seal=Seal(
                signed_on=signed_on,
                court_name=court["name"],
                verification_code=code,
                verify_url=settings.verify_url,
            ),
        )
        key = signing.court_key(settings.signing_path, case["court_code"], court["name"])
        return signing.sign_pdf(pdf, key, reason=_signing_reason(title, case["number"]))

    signed = await asyncio.to_thread(produce)
    digest = hashlib.sha256(signed).hexdigest()
    # The blob goes first, under its own digest: a retry writes the same key; a signature that loses below leaves
    # an orphan the sweeper removes.
    key = f"{BLOB_PREFIX}{digest[:2]}/{digest}.pdf"
    await asyncio.to_thread(
        runtime.blobs.put,
        key,
        io.BytesIO(signed),
        length=len(signed),
        content_type="application/pdf",
        expect_sha256=digest,
    )
    now = datetime.now(UTC)
    async with write_transaction():
        won = (
            await CourtDocument.update(
                {
                    CourtDocument.status: "signed",
                    CourtDocument.signed_version: version,
                    CourtDocument.signed_by: p.user_id,
                    CourtDocument.signed_at: now,
                    CourtDocument.verification_code: code,
                    CourtDocument.blob_key: key,
                    CourtDocument.pdf_sha256: digest,
                    CourtDocument.pdf_size: len(signed),
                }
            )
            .where(
                (CourtDocument.id == document_id)
                & (CourtDocument.status == "draft")
                & (CourtDocument.current_version == version)
            )
            .returning(CourtDocument.id)
        )
        if not won:
            now_row = await _load(document_id)
            raise Conflict(
                "the document was signed or changed meanwhile",
                status=now_row["status"],
                current_version=now_row["current_version"],
            )
        await record(
            _actor(p),
            "court_document.signed",
            subject_type="court_document",
            subject_id=document_id,
            court_code=case["court_code"],
            detail={
                "case": int(case["id"]),
                "kind": document["kind"],
                "version": version,
                "version_sha256": current["sha256"],
                "pdf_sha256": digest,
                "verification_code": code,
            },
        )
    return await document_view(document_id)


async def document_pdf(
    p: Principal, runtime: Runtime, document_id: int
) -> tuple[bytes | None, dict[str, Any]]:
    """The signed PDF's blob key (bytes None), or for a draft its unsigned preview rendered now."""
    document, case = await authorize(p, Action.VIEW, document_id)
    if document["status"] == "signed":
        await record(
            _actor(p),
            "court_document.read",
            subject_type="court_document",
            subject_id=document_id,
            court_code=case["court_code"],
            detail={"pdf_sha256": document["pdf_sha256"]},
        )
        return None, document
    current = await _version(document_id, int(document["current_version"]))
    return await asyncio.to_thread(render_pdf, current["content"]), document


# --- verification (核验) -------------------------------------------------------------------------------------


async def verify_upload(runtime: Runtime, data: bytes) -> dict[str, Any]:
    """Check an uploaded PDF's seal, and say which of the court's documents it is (by its sha256)."""
    ca = await asyncio.to_thread(signing.ensure_ca, runtime.settings.signing_path)
    rejected = await asyncio.to_thread(_sandbox_rejects, runtime, data)
    if rejected is not None:
        digest = hashlib.sha256(data).hexdigest()
        return {
            "check": signing.SignatureCheck(
                valid=False,
                document_sha256=digest,
                outcome="unreadable",
                reason=f"not a readable PDF: {rejected}",
            ),
            "document": None,
        }
    check = await asyncio.to_thread(signing.verify_pdf, data, ca)
    found = (
        await CourtDocument.select(CourtDocument.id)
        .where(CourtDocument.pdf_sha256 == check.document_sha256)
        .first()
    )
    facts = await _public_facts(int(found["id"])) if found else None
    return {"check": check, "document": facts}


def _sandbox_rejects(runtime: Runtime, data: bytes) -> str | None:
    """Anyone may upload to /verify: the file is opened first in the PDF sandbox (CPU and memory limits, as filed
    documents are), so a hostile PDF is refused there before pyHanko parses it in this process."""
    import tempfile

    from kernel.pdf import PdfRejected, inspect_pdf

    settings = runtime.settings
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(data)
        fh.flush()
        try:
            inspect_pdf(
                fh.name,
                max_pages=settings.pdf_max_pages,
                cpu_seconds=settings.pdf_cpu_seconds,
                memory_mb=settings.pdf_memory_mb,
                first_page_text=False,
            )
        except PdfRejected as exc:
            return exc.reason
    return None


async def verify_code(runtime: Runtime, code: str) -> dict[str, Any]:
    """Find the signed document by its verification code and check the stored PDF's seal again."""
    normal = normalise_code(code)
    row = (
        await CourtDocument.select(CourtDocument.id, CourtDocument.blob_key)
        .where(CourtDocument.verification_code == normal)
        .first()
    )
    if row is None:
        raise NotFound("no signed document has this verification code", verification_code=normal)

    def read() -> bytes:
        with runtime.blobs.open(row["blob_key"]) as fh:
            return fh.read()

    data = await asyncio.to_thread(read)
    ca = await asyncio.to_thread(signing.ensure_ca, runtime.settings.signing_path)
    check = await asyncio.to_thread(signing.verify_pdf, data, ca)
    return {"check": check, "document": await _public_facts(int(row["id"]))}


async def _public_facts(document_id: int) -> dict[str, Any]:
    """What anyone may learn from a verification: which court issued which kind of document in which case, when,
    and its fingerprint — not the parties or the text."""
    document = await _load(document_id)
    case = await cases.load_case(int(document["case"]))
    court = await _court(case["court_code"])
    return {
        "title": title_of(DocumentKind(document["kind"]), case["case_type"]),
        "kind": document["kind"],
        "case_number": case["number"],
        "court": court["name"],
        "signed_at": document["signed_at"],
        "pdf_sha256": document["pdf_sha256"],
        "verification_code": document["verification_code"],
    }
