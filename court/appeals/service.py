"""Appeals (上诉) through the court's one mechanisms: the period from the one deadline engine, the fee from
`fees.case_fee` as a charge payable through court.payments, every move a `transition` of the APPEAL machine, the
second-instance case numbered by `numbers.allocate_case_number` and its judge drawn by the registration path."""

from __future__ import annotations

import asyncio
import hashlib
import io
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from court.accounts.policy import Action, Principal
from court.accounts.roles import Role
from court.amounts import parse_optional_amount
from court.appeals import rules
from court.appeals.fee import appeal_event
from court.appeals.status import APPEAL, PENDING, AppealOutcome, AppealStatus
from court.appeals.tables import Appeal
from court.audit.chain import Actor, actor_of, record
from court.cases import service as cases
from court.cases.deadlines import compute_deadline, time_limit_for
from court.cases.fees import fee_to_json
from court.cases.intake import assign_registered_case, insert_case_parties
from court.cases.lifecycle import CASE, CaseEventKind, CaseStatus
from court.cases.numbers import allocate_case_number, type_code_for
from court.cases.procedures import Procedure
from court.cases.tables import Case, CaseClaim, CaseDocument, CaseParty
from court.db import is_sqlite, write_transaction
from court.documents.kinds import DocumentKind
from court.documents.tables import CourtDocument
from court.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from court.i18n import msg
from court.idempotency import IdempotentRequest, body_hash, once, remember, request_of
from court.reference.tables import Court
from court.serving.machine import ServiceStatus
from court.serving.tables import Service
from court.statemachine import IllegalTransition, current_state, transition

bilingual = rules.bilingual
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_TEXT = 5000
STAFF = frozenset({Role.CLERK, Role.JUDGE, Role.COURT_LEADER})


async def appeal_blob_keys() -> set[str]:
    rows = await Appeal.select(Appeal.upload_key).where(Appeal.upload_key.is_not_null())
    return {str(r["upload_key"]) for r in rows}


async def court_name(code: str) -> str:
    row = await Court.select(Court.name).where(Court.code == code).first()
    return str(row["name"]) if row else code


async def appeal_court_of(court_code: str) -> str:
    """The court of second instance: the next court up in the court directory (上一级人民法院, CPL Art 171)."""
    row = await Court.select(Court.parent_code).where(Court.code == court_code).first()
    if row is None or not row["parent_code"]:
        raise Conflict(
            f"{court_code} has no court above it in the directory",
            court_code=court_code,
            **bilingual(
                "法院名录中没有该院的上一级法院", "The court directory names no court above this one"
            ),
        )
    return str(row["parent_code"])


async def my_parties(p: Principal, case: dict[str, Any]) -> list[dict[str, Any]]:
    rows = await CaseParty.select().where(CaseParty.case == case["id"]).order_by(CaseParty.position)
    return [r for r in rows if cases.acts_for_party(p, r, case)]


async def _decision(case_id: int, document_id: int | None) -> dict[str, Any]:
    """The signed judgment or ruling appealed: the one named, or the case's latest."""
    query = CourtDocument.select().where(
        (CourtDocument.case == case_id)
        & (CourtDocument.status == "signed")
        & CourtDocument.kind.is_in([DocumentKind.JUDGMENT.value, DocumentKind.RULING.value])
    )
    if document_id is not None:
        query = query.where(CourtDocument.id == document_id)
    row = await query.order_by(CourtDocument.id, ascending=False).first()
    if row is None:
        raise Conflict(
            "no signed judgment or ruling of this case can be appealed",
            case_id=case_id,
            **bilingual("本案尚无可上诉的判决书或裁定书", "This case has no judgment or ruling to appeal"),
        )
    return row


async def _served_on(document_id: int, party_id: int) -> date:
    row = (
        await Service.select(Service.served_on)
        .where(
            (Service.document == document_id)
            & (Service.party == party_id)
            & (Service.status == ServiceStatus.SERVED)
        )
        .first()
    )
    if row is None or row["served_on"] is None:
        raise Conflict(
            "the decision has not been served on this party yet: the appeal period runs from service",
            **bilingual(
                "该文书尚未向您送达，上诉期自送达之日起计算",
                "The decision has not been served on you yet; the appeal period runs from service",
            ),
        )
    return row["served_on"]


async def appeal_options(p: Principal, case_id: int, today: date | None = None) -> list[dict[str, Any]]:
    """What the party may appeal now: each decision served on it, its period's last day, whether still open."""
    case = await cases.authorize(p, Action.VIEW, case_id)
    today = today or cases.court_today()
    out = []
    for party in await my_parties(p, case):
        docs = await CourtDocument.select(
            CourtDocument.id, CourtDocument.kind, CourtDocument.effective_on
        ).where(
            (CourtDocument.case == case_id)
            & (CourtDocument.status == "signed")
            & CourtDocument.kind.is_in([DocumentKind.JUDGMENT.value, DocumentKind.RULING.value])
        )
        for doc in docs:
            served = (
                await Service.select(Service.served_on)
                .where(
                    (Service.document == doc["id"])
                    & (Service.party == party["id"])
                    & (Service.status == ServiceStatus.SERVED)
                )
                .first()
            )
            if served is None or served["served_on"] is None:
                continue
            period = rules.appeal_period(doc["kind"], served["served_on"])
            existing = (
                await Appeal.select(Appeal.id)
                .where((Appeal.document == doc["id"]) & (Appeal.party == party["id"]))
                .first()
            )
            out.append(
                {
                    "party_id": party["id"],
                    "party_name": party["name"],
                    "document_id": doc["id"],
                    "kind": doc["kind"],
                    "served_on": served["served_on"],
                    "last_day": period.deadline,
                    "article": period.article,
                    "open": today <= period.deadline and existing is None,
                    "appealed": existing is not None,
                }
            )
    return out


async def file_appeal(
    p: Principal,
    runtime: Any,
    case_id: int,
    *,
    grounds: str,
    claims: str,
    amount: Any = None,
    party_id: int | None = None,
    document_id: int | None = None,
    upload: bytes | None = None,
    upload_name: str = "",
    today: date | None = None,
    idempotency_key: str | None = None,
) -> dict[str, Any]:
    """File a party's appeal online (提起上诉) within its period, with its fee charged. Filing it again (a retry,
    a double click, twenty at once) returns the one appeal: (decision, party) is unique and the decision's row is
    locked while the appeal is made. With an Idempotency-Key (the API), a retry returns the first appeal and the
    same key with another body is a 409 (court.idempotency)."""
    case = await cases.authorize(p, Action.VIEW, case_id)
    filed: dict[str, Any] = {
        "grounds": grounds,
        "claims": claims,
        "amount": amount,
        "party_id": party_id,
        "document_id": document_id,
        "upload": upload,
        "upload_name": upload_name,
        "today": today,
    }
    if idempotency_key:
        request = request_of(
            p.user_id,
            f"appeal:{case_id}",
            idempotency_key,
            body_hash(
                {
                    "grounds": grounds,
                    "claims": claims,
                    "amount": None if amount is None else str(amount),
                    "party_id": party_id,
                    "document_id": document_id,
                },
                upload or b"",
            ),
        )
        result = await once(request, lambda: _file_appeal_once(p, runtime, case_id, request, **filed))
        return await appeal_view(int(result["appeal_id"]))
    return await _file_appeal(p, runtime, case, **filed)


async def _file_appeal_once(
    p: Principal, runtime: Any, case_id: int, request: IdempotentRequest | None, **kwargs: Any
) -> dict[str, Any]:
    case = await cases.authorize(p, Action.VIEW, case_id)
    made = await _file_appeal(p, runtime, case, idempotent=request, **kwargs)
    return {"appeal_id": int(made["id"])}


async def _file_appeal(
    p: Principal,
    runtime: Any,
    case: dict[str, Any],
    *,
    grounds: str,
    claims: str,
    amount: Any,
    party_id: int | None,
    document_id: int | None,
    upload: bytes | None,
    upload_name: str,
    today: date | None,
    idempotent: IdempotentRequest | None = None,
) -> dict[str, Any]:
    case_id = int(case["id"])
    today = today or cases.court_today()
    mine = await my_parties(p, case)
    if party_id is not None:
        mine = [x for x in mine if int(x["id"]) == party_id]
    if not mine:
        raise PermissionDenied(
            "only a party of the case appeals",
            **bilingual("只有本案当事人可以提起上诉", "Only a party of the case can appeal"),
        )
    party = mine[0]
    decision = await _decision(case_id, document_id)
    existing = await _existing(int(decision["id"]), int(party["id"]))
    if existing is not None:
        if idempotent is not None:
            async with write_transaction():
                await remember(idempotent, {"appeal_id": int(existing["id"])})
        return await appeal_view(int(existing["id"]))
    grounds, claims = grounds.strip(), claims.strip()
    if not claims:
        raise InvalidInput(
            "state the appeal request",
            field="claims",
            **bilingual("请填写上诉请求", "State what you ask the court of appeal to decide"),
        )
    if not grounds:
        raise InvalidInput(
            "state the grounds of appeal",
            field="grounds",
            **bilingual("请填写上诉理由", "State the grounds of the appeal"),
        )
    if len(grounds) > MAX_TEXT or len(claims) > MAX_TEXT:
        raise InvalidInput(
            "the text is too long",
            field="grounds",
            **bilingual(
                "上诉请求或理由过长（每项不超过5000字）", "The text is too long (5000 characters at most)"
            ),
        )
    served_on = await _served_on(int(decision["id"]), int(party["id"]))
    period = rules.appeal_period(decision["kind"], served_on)
    rules.check_in_period(period, today)
    appealed = parse_optional_amount(amount, "amount", positive=True) if amount not in (None, "") else None
    if appealed is None and case["amount_in_dispute"] is not None:
        appealed = Decimal(str(case["amount_in_dispute"])).quantize(Decimal("0.01"))
    fee = rules.appeal_fee(case["case_type"], case["cause_name"], appealed)
    appeal_court = await appeal_court_of(case["court_code"])
    key = digest = None
    if upload:
        if len(upload) > MAX_UPLOAD_BYTES:
            raise InvalidInput(
                "the upload is too large",
                field="upload",
                **bilingual("上诉状文件过大（上限20MB）", "The file is too large (20 MB at most)"),
            )
        if not upload.startswith(b"%PDF-"):
            raise InvalidInput(
                "the appeal statement must be a PDF",
                field="upload",
                **bilingual("上诉状应为PDF文件", "The appeal statement must be a PDF file"),
            )
        digest = hashlib.sha256(upload).hexdigest()
        key = f"cases/appeals/{digest}.pdf"
        await asyncio.to_thread(runtime.blobs.put, key, io.BytesIO(upload), content_type="application/pdf")
    async with write_transaction():
        if not is_sqlite():
            # Parallel submits of one party's appeal queue on the decision's row; the next finds the appeal.
            await CourtDocument.raw("SELECT id FROM court_document WHERE id = {} FOR UPDATE", decision["id"])
        existing = await _existing(int(decision["id"]), int(party["id"]))
        if existing is not None:
            await remember(idempotent, {"appeal_id": int(existing["id"])})
            return await appeal_view(int(existing["id"]))
        amount_due = Decimal(fee.fee) if fee is not None else Decimal("0")
        rows = await Appeal.insert(
            Appeal(
                case=case_id,
                document=decision["id"],
                party=party["id"],
                court_code=case["court_code"],
                appeal_court_code=appeal_court,
                status=AppealStatus.FILED.value,
                grounds=grounds,
                claims=claims,
                amount=appealed,
                fee=amount_due,
                fee_assessment=fee_to_json(fee) if fee else {},
                served_on=served_on,
                last_day=period.deadline,
                period={"rule": period.rule, "article": period.article},
                filed_on=today,
                filed_by=p.user_id,
                upload_key=key,
                upload_sha256=digest,
                upload_name=(upload_name or ("上诉状.pdf" if key else ""))[:255],
            )
        ).returning(Appeal.id)
        appeal_id = int(rows[0]["id"])
        detail = {
            "case": case_id,
            "document": decision["id"],
            "party": party["id"],
            "appeal_court": appeal_court,
            "last_day": period.deadline.isoformat(),
            "article": period.article,
            "fee": f"{amount_due:.2f}",
        }
        await appeal_event(actor_of(p), "appeal.filed", appeal_id, case["court_code"], detail)
        if amount_due > 0:
            from court.payments.service import open_charge

            await open_charge(
                None,
                court_code=case["court_code"],
                amount=amount_due,
                notice_on=today,
                actor=actor_of(p),
                appeal_id=appeal_id,
            )
        else:
            await transition(APPEAL, appeal_id, AppealStatus.PAID)
            await appeal_event(Actor.system(), "appeal.paid", appeal_id, case["court_code"], {"fee": "0.00"})
        await remember(idempotent, {"appeal_id": appeal_id})
    return await appeal_view(appeal_id)


async def _existing(document_id: int, party_id: int) -> dict[str, Any] | None:
    return (
        await Appeal.select(Appeal.id)
        .where((Appeal.document == document_id) & (Appeal.party == party_id))
        .first()
    )


async def start_fee_payment(p: Principal, case_id: int, platform: Any) -> dict[str, Any]:
    """Open (or return) the payment order for the party's appeal fee, through court.payments."""
    from court.payments import service as payments
    from court.payments.tables import FeeCharge

    case = await cases.authorize(p, Action.VIEW, case_id)
    party_ids = [int(x["id"]) for x in await my_parties(p, case)]
    if not party_ids:
        raise PermissionDenied(
            "only the appellant pays the appeal fee",
            **bilingual("只有上诉人可以交纳上诉费", "Only the appellant pays the appeal fee"),
        )
    appeal = (
        await Appeal.select(Appeal.id)
        .where(
            (Appeal.case == case_id)
            & Appeal.party.is_in(party_ids or [0])
            & (Appeal.status == AppealStatus.FILED)
        )
        .first()
    )
    if appeal is None:
        raise NotFound(
            "no appeal fee to pay", **bilingual("没有待交的上诉费", "There is no appeal fee to pay")
        )
    charge = await FeeCharge.select().where(FeeCharge.appeal_id == appeal["id"]).first()
    if charge is None:
        raise NotFound(
            "no appeal fee to pay", **bilingual("没有待交的上诉费", "There is no appeal fee to pay")
        )
    return await payments.start_charge_payment(p, charge, platform, label=f"A{appeal['id']}")


async def pay_fee(p: Principal, appeal_id: int, platform: Any) -> dict[str, Any]:
    """Open (or return) the payment order of this appeal's fee (the API's /appeals/{id}/payment): its appellant
    only; a party of the case who did not file it gets 403, anyone else the 404 of a missing appeal."""
    from court.payments import service as payments
    from court.payments.tables import FeeCharge

    appeal = await authorize_read(p, appeal_id)
    case = await cases.load_case(int(appeal["case"]))
    if int(appeal["party"]) not in {int(x["id"]) for x in await my_parties(p, case)}:
        raise PermissionDenied(
            "only the appellant pays the appeal fee",
            **bilingual("只有上诉人可以交纳上诉费", "Only the appellant pays the appeal fee"),
        )
    charge = await FeeCharge.select().where(FeeCharge.appeal_id == appeal_id).first()
    if charge is None or appeal["status"] != AppealStatus.FILED:
        raise _state_conflict(IllegalTransition("", status=appeal["status"]))
    return await payments.start_charge_payment(p, charge, platform, label=f"A{appeal_id}")


# --- forwarding the dossier (CPL Art 174) ---------------------------------------------------------------------


def _staff_of(p: Principal, court_code: str, roles: frozenset[Role] = STAFF) -> bool:
    return p.role in roles and p.court_code == court_code


async def _load(appeal_id: int) -> dict[str, Any]:
    row = await Appeal.select().where(Appeal.id == appeal_id).output(load_json=True).first()
    if row is None:
        raise NotFound(msg("no appeal %(appeal_id)s", appeal_id=appeal_id), appeal_id=appeal_id)
    return row


async def authorize_view(p: Principal, appeal_id: int) -> dict[str, Any]:
    """The staff of either court see an appeal's page; a party of the case sees it on its case page (403 here);
    anyone else gets the 404 a missing appeal gets."""
    appeal = await _load(appeal_id)
    if _staff_of(p, appeal["court_code"]) or (
        _staff_of(p, appeal["appeal_court_code"])
        and appeal["status"] not in (AppealStatus.FILED, AppealStatus.PAID, AppealStatus.WITHDRAWN)
    ):
        return appeal
    case = await cases.load_case(int(appeal["case"]))
    if await my_parties(p, case):
        raise PermissionDenied("a party follows its appeal on its case page")
    raise NotFound(msg("no appeal %(appeal_id)s", appeal_id=appeal_id), appeal_id=appeal_id)


async def authorize_read(p: Principal, appeal_id: int) -> dict[str, Any]:
    """Who reads an appeal through the API: the staff who see its page (authorize_view), and a party of its case
    (the mobile client's 移动微法院 has no case page to follow it on); anyone else the 404 of a missing appeal."""
    try:
        return await authorize_view(p, appeal_id)
    except PermissionDenied:
        return await _load(appeal_id)


async def my_appeals(p: Principal) -> list[dict[str, Any]]:
    """The appeals of the cases a litigant or lawyer acts in (as appellant or as the other side)."""
    if p.role not in (Role.LITIGANT, Role.LAWYER):
        return []
    own = await CaseParty.select(CaseParty.case).where(CaseParty.user_id == p.user_id)
    filed = await Case.select(Case.id).where(Case.filer_id == p.user_id)
    case_ids = {int(r["case"]) for r in own} | {int(r["id"]) for r in filed}
    if not case_ids:
        return []
    rows = (
        await Appeal.select(Appeal.id, Appeal.case)
        .where(Appeal.case.is_in(sorted(case_ids)))
        .order_by(Appeal.id, ascending=False)
    )
    out = []
    for r in rows[:200]:
        if await my_parties(p, await cases.load_case(int(r["case"]))):
            out.append(await appeal_view(int(r["id"])))
    return out


async def appeals_for(p: Principal) -> dict[str, list[dict[str, Any]]]:
    """The API's list: the court's outgoing and incoming appeals for its staff, a party's own appeals otherwise."""
    if p.role in STAFF and p.court_code:
        return {**await appeals_of_court(p), "mine": []}
    if p.role in (Role.LITIGANT, Role.LAWYER):
        return {"outgoing": [], "incoming": [], "mine": await my_appeals(p)}
    raise PermissionDenied(
        "court staff and parties only",
        **bilingual("仅限法院工作人员和当事人", "Court staff and parties only"),
    )


def _read(runtime: Any, key: str) -> bytes | None:
    from storage.errors import BlobNotFound

    try:
        with runtime.blobs.open(key) as fh:
            return fh.read()
    except BlobNotFound:
        return None


async def build_manifest(runtime: Any, appeal: dict[str, Any]) -> list[dict[str, Any]]:
    """Every document of the electronic dossier (电子卷宗): the case file, the signed court documents, the appeal
    statement — each with the sha256 of its bytes as stored now."""
    items: list[rules.ManifestItem] = []
    docs = (
        await CaseDocument.select().where(CaseDocument.case == appeal["case"]).order_by(CaseDocument.position)
    )
    for d in docs:
        items.append(
            rules.ManifestItem("case_document", int(d["id"]), d["name"] or d["kind"], d["blob_key"], "", 0)
        )
    court_docs = (
        await CourtDocument.select()
        .where((CourtDocument.case == appeal["case"]) & (CourtDocument.status == "signed"))
        .order_by(CourtDocument.id)
    )
    for d in court_docs:
        from court.documents.kinds import title_of

        case = await cases.load_case(int(appeal["case"]))
        items.append(
            rules.ManifestItem(
                "court_document",
                int(d["id"]),
                title_of(DocumentKind(d["kind"]), case["case_type"]) + ".pdf",
                d["blob_key"],
                "",
                0,
            )
        )
    if appeal["upload_key"]:
        items.append(
            rules.ManifestItem(
                "appeal",
                int(appeal["id"]),
                appeal["upload_name"] or "上诉状.pdf",
                appeal["upload_key"],
                "",
                0,
            )
        )
    out = []
    for item in items:
        data = await asyncio.to_thread(_read, runtime, item.blob_key)
        if data is None:
            raise Conflict(
                f"the stored file of {item.name} is missing",
                name=item.name,
                **bilingual(
                    f"卷宗材料缺失：{item.name}", f"A document of the dossier is missing: {item.name}"
                ),
            )
        out.append({**item.to_json(), "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)})
    return out


async def forward(p: Principal, runtime: Any, appeal_id: int) -> dict[str, Any]:
    """The first-instance court forwards the whole electronic dossier with its manifest to the court of second
    instance (CPL Art 174); once — a second press finds it forwarded (409)."""
    appeal = await _load(appeal_id)
    if not _staff_of(p, appeal["court_code"], frozenset({Role.CLERK, Role.JUDGE})):
        await authorize_view(p, appeal_id)
        raise PermissionDenied(
            "only the first-instance court's clerks and judges forward the dossier",
            **bilingual(
                "只有原审法院的书记员、法官可以移送卷宗",
                "Only the first-instance court's clerks and judges forward the dossier",
            ),
        )
    manifest = await build_manifest(runtime, appeal)
    digest = rules.manifest_sha256(manifest)
    async with write_transaction():
        try:
            await transition(
                APPEAL,
                appeal_id,
                AppealStatus.FORWARDED,
                values={
                    Appeal.manifest: manifest,
                    Appeal.manifest_sha256: digest,
                    Appeal.forwarded_at: datetime.now(UTC),
                    Appeal.forwarded_by: p.user_id,
                },
            )
        except IllegalTransition as exc:
            raise _state_conflict(exc) from None
        await appeal_event(
            actor_of(p),
            "appeal.forwarded",
            appeal_id,
            appeal["court_code"],
            {"to": appeal["appeal_court_code"], "manifest_sha256": digest, "documents": len(manifest)},
        )
    return await appeal_view(appeal_id)


_STATE_ZH = {
    "filed": "待交上诉费",
    "paid": "待移送",
    "forwarded": "已移送",
    "registered": "二审已立案",
    "decided": "二审已裁判",
    "withdrawn": "按撤回上诉处理",
}
_STATE_EN = {
    "filed": "waiting for the appeal fee",
    "paid": "waiting to be forwarded",
    "forwarded": "forwarded",
    "registered": "registered at second instance",
    "decided": "decided at second instance",
    "withdrawn": "treated as withdrawn",
}


def _state_conflict(exc: IllegalTransition) -> Conflict:
    found = str(exc.params.get("status", ""))
    return Conflict(
        str(exc),
        status=found,
        **bilingual(
            f"该上诉当前状态为“{_STATE_ZH.get(found, '')}”，不能进行此操作",
            f"The appeal is {_STATE_EN.get(found, found)}; this cannot be done now",
        ),
    )


# --- registration at second instance -----------------------------------------------------------------------


async def verify(runtime: Any, appeal: dict[str, Any]) -> rules.Verification:
    manifest = appeal["manifest"] or []
    found: dict[str, bytes | None] = {}
    for item in manifest:
        found[item["blob_key"]] = await asyncio.to_thread(_read, runtime, item["blob_key"])
    return rules.verify_manifest(manifest, appeal["manifest_sha256"], found.get)


async def register(p: Principal, runtime: Any, appeal_id: int) -> dict[str, Any]:
    """The court of second instance registers the appeal as a 民终 case: every document's hash is checked against
    the manifest first (a changed byte → refused, and flagged on the appeal); then the number from the one
    allocator, the parties and the dossier copied (blobs shared), and the judge drawn by the registration path."""
    appeal = await _load(appeal_id)
    if not _staff_of(p, appeal["appeal_court_code"], frozenset({Role.CLERK})):
        await authorize_view(p, appeal_id)
        raise PermissionDenied(
            "only the court of second instance's clerks register the appeal",
            **bilingual("只有二审法院立案庭的书记员可以立案", "Only the appeal court's clerks register it"),
        )
    if appeal["status"] != AppealStatus.FORWARDED:
        if appeal["second_case"]:
            return await appeal_view(appeal_id)  # registered already: the same case
        raise _state_conflict(IllegalTransition("", status=appeal["status"]))
    checked = await verify(runtime, appeal)
    if not checked.intact:
        async with write_transaction():
            await Appeal.update({Appeal.verification: checked.to_json()}).where(Appeal.id == appeal_id)
            await appeal_event(
                actor_of(p),
                "appeal.dossier_refused",
                appeal_id,
                appeal["appeal_court_code"],
                checked.to_json(),
            )
        rules.require_intact(checked)
    first = await cases.load_case(int(appeal["case"]))
    now = datetime.now(UTC)
    async with write_transaction():
        try:
            await transition(
                APPEAL, appeal_id, AppealStatus.REGISTERED, values={Appeal.verification: checked.to_json()}
            )
        except IllegalTransition:
            again = await _load(appeal_id)
            if again["second_case"]:
                return await appeal_view(appeal_id)
            raise
        registered_on = cases.court_today(now)
        type_code = type_code_for(first["case_type"], Procedure.SECOND_INSTANCE)
        number = await allocate_case_number(appeal["appeal_court_code"], type_code, registered_on.year)
        limit = time_limit_for(first["case_type"], Procedure.SECOND_INSTANCE.value)
        appellant = await CaseParty.select().where(CaseParty.id == appeal["party"]).first()
        assert appellant is not None
        case = Case(
            number=number.text,
            court_code=appeal["appeal_court_code"],
            specialised="",
            type_code=type_code,
            year=number.year,
            serial=number.serial,
            filing_id=None,
            case_type=first["case_type"],
            cause_code=first["cause_code"],
            cause_name=first["cause_name"],
            procedure=Procedure.SECOND_INSTANCE.value,
            amount_in_dispute=appeal["amount"],
            status=CaseStatus.REGISTERED.value,
            division=cases.division_for(type_code)[0],
            filer_id=appellant["user_id"]
            or (first["filer_id"] if appellant["role"] == "plaintiff" else None),
            registered_by=p.user_id,
            registered_at=now,
            registered_on=registered_on,
            time_limit=limit.value if limit else None,
            deadline=compute_deadline(registered_on, limit) if limit else None,
            fee=appeal["fee"],
            fee_notice=appeal["fee_assessment"] or {},
        )
        await case.save()
        second = int(case.id)
        parties = (
            await CaseParty.select()
            .where(CaseParty.case == first["id"])
            .order_by(CaseParty.position)
            .output(load_json=True)
        )
        await insert_case_parties(second, parties)
        await CaseClaim.insert(
            CaseClaim(case=second, position=0, text=appeal["claims"], amount=appeal["amount"])
        )
        await CaseDocument.insert(
            *[
                CaseDocument(
                    case=second,
                    position=i,
                    blob_key=item["blob_key"],
                    sha256=item["sha256"],
                    size=item["size"],
                    name=item["name"][:255],
                    kind="appeal" if item["source"] == "appeal" else "other",
                    sealed=False,
                )
                for i, item in enumerate(appeal["manifest"])
            ]
        ) if appeal["manifest"] else None
        await Appeal.update({Appeal.second_case: second}).where(Appeal.id == appeal_id)
        detail = {
            "number": number.text,
            "appeal": appeal_id,
            "original_case": first["number"],
            "original_court": first["court_code"],
            "dossier_verified": True,
            "deadline": case.deadline.isoformat() if case.deadline else None,
        }
        await cases.add_event(second, CaseEventKind.REGISTERED, p, detail)
        await record(
            actor_of(p),
            "case.registered",
            subject_type="case",
            subject_id=second,
            court_code=appeal["appeal_court_code"],
            detail=detail,
        )
        await appeal_event(
            actor_of(p),
            "appeal.registered",
            appeal_id,
            appeal["appeal_court_code"],
            {"case": second, "number": number.text, "checked": checked.checked},
        )
    await assign_registered_case(p, second)  # 分案 by the one assignment path of registration
    return await appeal_view(appeal_id)


# --- the outcome (CPL Art 177) -------------------------------------------------------------------------------


async def decide(
    p: Principal, appeal_id: int, outcome: str, *, decided_on: date | None = None
) -> dict[str, Any]:
    """The 民终 judge records the second-instance judgment's outcome. A second-instance judgment is final (CPL Art
    182) and effective (Art 158): 维持原判 makes the first-instance judgment effective with it; 改判 replaces it
    (the 民终 judgment is what takes effect); 发回重审 sets it aside for a retrial."""
    appeal = await _load(appeal_id)
    if not _staff_of(p, appeal["appeal_court_code"], frozenset({Role.JUDGE})):
        await authorize_view(p, appeal_id)
        raise PermissionDenied(
            "only the judge of the second-instance case records its outcome",
            **bilingual("只有二审承办法官可以登记裁判结果", "Only the appeal's judge records the outcome"),
        )
    try:
        chosen = AppealOutcome(outcome)
    except ValueError:
        raise InvalidInput(
            f"unknown outcome {outcome!r}",
            field="outcome",
            **bilingual("请选择二审裁判结果", "Choose the outcome of the appeal"),
        ) from None
    if not appeal["second_case"]:
        await authorize_view(p, appeal_id)
        raise _state_conflict(IllegalTransition("", status=appeal["status"]))
    second = await cases.authorize(p, Action.DECIDE, int(appeal["second_case"]))
    if second["judge_id"] != p.user_id:
        raise PermissionDenied(
            "only the judge of the second-instance case records its outcome",
            **bilingual("只有二审承办法官可以登记裁判结果", "Only the appeal's judge records the outcome"),
        )
    kind = DocumentKind.RULING if chosen is AppealOutcome.REMANDED else DocumentKind.JUDGMENT
    signed = (
        await CourtDocument.select(CourtDocument.id)
        .where(
            (CourtDocument.case == second["id"])
            & (CourtDocument.status == "signed")
            & (CourtDocument.kind == kind.value)
        )
        .order_by(CourtDocument.id, ascending=False)
        .first()
    )
    if signed is None:
        raise Conflict(
            "sign the second-instance decision first",
            **bilingual("请先签发二审裁判文书", "Sign the second-instance decision first"),
        )
    on = decided_on or cases.court_today()
    async with write_transaction():
        try:
            await transition(
                APPEAL,
                appeal_id,
                AppealStatus.DECIDED,
                values={
                    Appeal.outcome: chosen.value,
                    Appeal.decided_on: on,
                    Appeal.decision_document: signed["id"],
                },
            )
        except IllegalTransition as exc:
            raise _state_conflict(exc) from None
        if chosen is not AppealOutcome.REMANDED:
            # CPL Art 158/182: the second-instance judgment is effective when made.
            await CourtDocument.update({CourtDocument.effective_on: on}).where(
                (CourtDocument.id == signed["id"]) & CourtDocument.effective_on.is_null()
            )
        if chosen is AppealOutcome.AFFIRMED:
            # 驳回上诉，维持原判: the first-instance judgment takes effect with the final judgment.
            await CourtDocument.update({CourtDocument.effective_on: on}).where(
                (CourtDocument.id == appeal["document"]) & CourtDocument.effective_on.is_null()
            )
            await record(
                Actor.system(),
                "court_document.effective",
                subject_type="court_document",
                subject_id=appeal["document"],
                detail={"effective_on": on.isoformat(), "by_appeal": appeal_id, "article": "CPL Art 158"},
            )
        state = await current_state(CASE, int(second["id"]), lock=True)
        if CASE.can_move(state, CaseStatus.JUDGED):
            await transition(CASE, int(second["id"]), CaseStatus.JUDGED)
            await cases.add_event(int(second["id"]), CaseEventKind.JUDGED, p, {"outcome": chosen.value})
        await appeal_event(
            actor_of(p),
            "appeal.decided",
            appeal_id,
            appeal["appeal_court_code"],
            {
                "outcome": chosen.value,
                "decided_on": on.isoformat(),
                "document": signed["id"],
                "article": "CPL Art 177",
            },
        )
    return await appeal_view(appeal_id)


# --- views -----------------------------------------------------------------------------------------------


async def appeal_view(appeal_id: int) -> dict[str, Any]:
    """The appeal with both courts by name and both cases by number and status."""
    from court.payments.tables import FeeCharge

    a = await _load(appeal_id)
    first = await cases.load_case(int(a["case"]))
    a["case_number"] = first["number"]
    a["case_status"] = first["status"]
    a["court_name"] = await court_name(a["court_code"])
    a["appeal_court_name"] = await court_name(a["appeal_court_code"])
    party = await CaseParty.select(CaseParty.name, CaseParty.role).where(CaseParty.id == a["party"]).first()
    a["party_name"] = (party or {}).get("name", "")
    a["party_role"] = (party or {}).get("role", "")
    doc = (
        await CourtDocument.select(CourtDocument.kind, CourtDocument.effective_on)
        .where(CourtDocument.id == a["document"])
        .first()
    )
    a["document_kind"] = (doc or {}).get("kind", "")
    a["document_effective_on"] = (doc or {}).get("effective_on")
    a["second_number"] = a["second_status"] = a["second_judge"] = None
    if a["second_case"]:
        second = await cases.load_case(int(a["second_case"]))
        a["second_number"] = second["number"]
        a["second_status"] = second["status"]
        a["second_judge"] = second["judge_id"]
    charge = await FeeCharge.select().where(FeeCharge.appeal_id == appeal_id).first()
    a["fee_status"] = charge["status"] if charge else ("paid" if a["status"] != AppealStatus.FILED else "due")
    a["fee_due_on"] = charge["due_on"] if charge else None
    a["fee"] = f"{Decimal(str(a['fee'] or 0)).quantize(Decimal('0.01')):.2f}"
    a["amount"] = (
        None if a["amount"] is None else f"{Decimal(str(a['amount'])).quantize(Decimal('0.01')):.2f}"
    )
    return a


async def appeals_of_case(case_id: int) -> list[dict[str, Any]]:
    """The appeals against a first-instance case's decisions, or the appeal a 民终 case was registered from."""
    rows = (
        await Appeal.select(Appeal.id)
        .where((Appeal.case == case_id) | (Appeal.second_case == case_id))
        .order_by(Appeal.id)
    )
    return [await appeal_view(int(r["id"])) for r in rows]


async def appeals_of_court(p: Principal) -> dict[str, list[dict[str, Any]]]:
    """A court's appeals: those against its decisions (outgoing) and those forwarded to it (incoming)."""
    if p.role not in STAFF or not p.court_code:
        raise PermissionDenied("court staff only", **bilingual("仅限法院工作人员", "Court staff only"))
    out = (
        await Appeal.select(Appeal.id)
        .where(Appeal.court_code == p.court_code)
        .order_by(Appeal.id, ascending=False)
    )
    incoming = (
        await Appeal.select(Appeal.id)
        .where(
            (Appeal.appeal_court_code == p.court_code)
            & Appeal.status.is_in([AppealStatus.FORWARDED, AppealStatus.REGISTERED, AppealStatus.DECIDED])
        )
        .order_by(Appeal.id, ascending=False)
    )
    return {
        "outgoing": [await appeal_view(int(r["id"])) for r in out[:200]],
        "incoming": [await appeal_view(int(r["id"])) for r in incoming[:200]],
    }


async def has_pending_appeal(document_id: int) -> bool:
    """Whether an appeal stops the decision from taking effect when the period lapses (CPL Art 171, 158)."""
    return bool(
        await Appeal.exists().where(
            (Appeal.document == document_id)
            & Appeal.status.is_in([s.value for s in PENDING | {AppealStatus.DECIDED}])
        )
    )


async def case_of_appeal(appeal_id: int) -> int | None:
    """The first-instance case an appeal was lodged in, or None when no such appeal exists: the appellant returns
    there after paying the appeal's fee, since the appeal has no page of the litigant's own."""
    row = await Appeal.select(Appeal.case).where(Appeal.id == appeal_id).first()
    return int(row["case"]) if row and row["case"] is not None else None
