"""The appeal API (/api/v1/cases/{id}/appeals, /api/v1/appeals): what the mobile client (移动微法院) and other
courts' systems call — thin handlers over court.appeals.service, the same services the pages use."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody

from court.accounts.policy import Principal
from court.appeals import service
from court.appeals.status import AppealOutcome, AppealStatus
from court.payments.web import platform_of
from court.web.auth import current_principal


class AppealIn(msgspec.Struct, forbid_unknown_fields=True):
    """A party's appeal: the decision appealed (its latest signed judgment or ruling when omitted), the appeal
    request (上诉请求), the grounds (上诉理由) and the amount appealed in yuan (the amount in dispute when omitted)."""

    request: str = ""
    grounds: str = ""
    document_id: int | None = None
    amount: str | None = None  # parsed by court.amounts in the service, like the page's form
    party_id: int | None = None


class AppealDecisionIn(msgspec.Struct, forbid_unknown_fields=True):
    outcome: AppealOutcome


class ManifestSummary(msgspec.Struct):
    """The dossier forwarded (卷宗移送清单, CPL Art 174): how many documents, the manifest's hash, and the second
    instance's check of every document against it."""

    documents: int
    sha256: str | None
    forwarded_at: datetime | None
    verified: bool | None  # None until the court of second instance has checked it
    mismatched: list[str]


class AppealOut(msgspec.Struct):
    id: int
    status: AppealStatus
    case_id: int
    case_number: str
    court_code: str
    court_name: str
    appeal_court_code: str
    appeal_court_name: str
    second_case_id: int | None
    second_number: str | None
    second_status: str | None
    party_id: int
    party_name: str
    document_id: int
    document_kind: str
    request: str
    grounds: str
    amount: str | None
    fee: str
    fee_status: str
    fee_due_on: date | None
    served_on: date
    last_day: date
    article: str
    filed_on: date
    outcome: str
    decided_on: date | None
    manifest: ManifestSummary


class AppealListOut(msgspec.Struct):
    outgoing: list[AppealOut]  # against this court's decisions (staff)
    incoming: list[AppealOut]  # forwarded to this court (staff)
    mine: list[AppealOut]  # a party's own cases' appeals


class PaymentOrderOut(msgspec.Struct):
    order_no: str
    amount: str
    platform: str
    simulated: bool
    checkout_url: str


def appeal_out(a: dict[str, Any]) -> AppealOut:
    verification = a.get("verification") or {}
    return AppealOut(
        id=int(a["id"]),
        status=AppealStatus(a["status"]),
        case_id=int(a["case"]),
        case_number=a["case_number"],
        court_code=a["court_code"],
        court_name=a["court_name"],
        appeal_court_code=a["appeal_court_code"],
        appeal_court_name=a["appeal_court_name"],
        second_case_id=a["second_case"],
        second_number=a["second_number"],
        second_status=a["second_status"],
        party_id=int(a["party"]),
        party_name=a["party_name"],
        document_id=int(a["document"]),
        document_kind=a["document_kind"],
        request=a["claims"],
        grounds=a["grounds"],
        amount=a["amount"],
        fee=a["fee"],
        fee_status=str(a["fee_status"]),
        fee_due_on=a["fee_due_on"],
        served_on=a["served_on"],
        last_day=a["last_day"],
        article=str((a.get("period") or {}).get("article", "")),
        filed_on=a["filed_on"],
        outcome=a["outcome"] or "",
        decided_on=a["decided_on"],
        manifest=ManifestSummary(
            documents=len(a.get("manifest") or []),
            sha256=a.get("manifest_sha256"),
            forwarded_at=a.get("forwarded_at"),
            verified=verification["intact"] if "intact" in verification else None,
            mismatched=[str(m.get("name", "")) for m in verification.get("mismatched", [])],
        ),
    )


def _runtime(request: Request[Any, Any, Any]) -> Any:
    return request.app.state.runtime


class CaseAppealController(Controller):
    path = "/api/v1/cases/{case_id:int}/appeals"
    tags = ["appeals"]
    dependencies = {"principal": Provide(current_principal)}

    @post("/", status_code=201)
    async def file(
        self,
        request: Request[Any, Any, Any],
        case_id: FromPath[int],
        principal: NamedDependency[Principal],
        data: JSONBody[AppealIn],
    ) -> AppealOut:
        """File an appeal (提起上诉). An Idempotency-Key header makes a retry return the first appeal."""
        return appeal_out(
            await service.file_appeal(
                principal,
                _runtime(request),
                case_id,
                grounds=data.grounds,
                claims=data.request,
                amount=data.amount,
                party_id=data.party_id,
                document_id=data.document_id,
                idempotency_key=request.headers.get("idempotency-key"),
            )
        )


class AppealController(Controller):
    path = "/api/v1/appeals"
    tags = ["appeals"]
    dependencies = {"principal": Provide(current_principal)}

    @get("/")
    async def index(self, principal: NamedDependency[Principal]) -> AppealListOut:
        lists = await service.appeals_for(principal)
        return AppealListOut(**{k: [appeal_out(a) for a in v] for k, v in lists.items()})

    @get("/{appeal_id:int}")
    async def show(self, appeal_id: FromPath[int], principal: NamedDependency[Principal]) -> AppealOut:
        await service.authorize_read(principal, appeal_id)
        return appeal_out(await service.appeal_view(appeal_id))

    @post("/{appeal_id:int}/payment", status_code=201)
    async def pay(
        self, request: Request[Any, Any, Any], appeal_id: FromPath[int], principal: NamedDependency[Principal]
    ) -> PaymentOrderOut:
        return msgspec.convert(
            await service.pay_fee(principal, appeal_id, platform_of(request)), PaymentOrderOut
        )

    @post("/{appeal_id:int}/forward", status_code=200)
    async def forward(
        self, request: Request[Any, Any, Any], appeal_id: FromPath[int], principal: NamedDependency[Principal]
    ) -> AppealOut:
        return appeal_out(await service.forward(principal, _runtime(request), appeal_id))

    @post("/{appeal_id:int}/register", status_code=200)
    async def register(
        self, request: Request[Any, Any, Any], appeal_id: FromPath[int], principal: NamedDependency[Principal]
    ) -> AppealOut:
        return appeal_out(await service.register(principal, _runtime(request), appeal_id))

    @post("/{appeal_id:int}/decision", status_code=200)
    async def decision(
        self,
        appeal_id: FromPath[int],
        principal: NamedDependency[Principal],
        data: JSONBody[AppealDecisionIn],
    ) -> AppealOut:
        return appeal_out(await service.decide(principal, appeal_id, data.outcome.value))
