"""The service (送达) API: address confirmation, serving a signed document, the clerk's records, receipts, deadlines,
the litigant's inbox, and the SMS gateway's signed delivery reports."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from litestar import Controller, Request, get, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody
from litestar.response import Response
from msgspec import UNSET, UnsetType

from court.accounts.policy import Principal
from court.responses import Out, out, out_list
from court.serving import flow
from court.serving.common import service_view
from court.serving.flow import AddressIn, RecordIn, ServeIn
from court.web.auth import current_principal

SIGNATURE_HEADER = "x-court-signature"
MAX_CALLBACK_BYTES = 16 * 1024


class ServiceAttemptOut(Out):
    id: int
    service: int | None
    position: int
    channel: str
    status: str
    document_sha256: str
    recipient: str
    external_id: str | None
    job_id: int | None
    created_at: datetime
    sent_at: datetime | None
    delivered_at: datetime | None
    delivered_on: date | None
    error: str
    evidence: Any
    opened_at: datetime | None


class ServiceDeadlineOut(Out):
    id: int
    case: int | None
    service: int | None
    party: int | None
    kind: str
    start: date
    deadline: date
    rule: str
    article: str
    provisional: bool
    article_zh: str
    state: str  # ok, near (within 3 days) or overdue, today
    # A deadline that runs from serving an enforcement notice: the matter and its party (case and party are empty).
    matter_id: int | None = None
    matter_party_id: int | None = None


class PartyDeadlineOut(ServiceDeadlineOut):
    party_name: str | None = None


class ServiceOut(Out):
    id: int
    case: int | None
    document: int | None
    party: int | None
    court_code: str
    status: str
    channels: Any
    document_sha256: str
    created_by: int | None
    created_at: datetime
    served_on: date | None
    served_at: datetime | None
    served_channel: str | None
    served_attempt: int | None
    attempts: list[ServiceAttemptOut]
    deadline: ServiceDeadlineOut | None
    # The service of an enforcement notice (court/serving/matters.py): the matter, notice and party it serves.
    matter_id: int | None = None
    matter_notice_id: int | None = None
    matter_party_id: int | None = None


class ServiceAddressOut(Out):
    """送达地址确认书: a party's service addresses and consent to electronic service (CPL Art 90). Before any
    confirmation only the party, the empty addresses, the consent and version 0 are present."""

    party: int | None
    email: str | None
    mobile: str | None
    postal_address: str | None
    consent_electronic: bool
    version: int
    id: int | UnsetType = UNSET
    case: int | None | UnsetType = UNSET
    confirmed_by: int | None | UnsetType = UNSET
    confirmed_role: str | UnsetType = UNSET
    updated_at: datetime | UnsetType = UNSET


class InboxPartyOut(Out):
    """A case party the user receives service for, with its confirmed addresses."""

    id: int
    name: str
    role: str
    case: int
    case_number: str
    address: ServiceAddressOut


class ServedOut(Out):
    """A document delivered to one of the user's parties: a court document of a case, or a notice of an enforcement
    matter (then `matter_id`, `notice_id`, `matter_party_id` and `notice_kind` instead of `kind` and `case_type`)."""

    id: int  # the attempt that delivered it (its PDF: /api/v1/me/service-inbox/{id}/pdf)
    channel: str
    delivered_on: date | None
    opened_at: datetime | None
    document_sha256: str
    title: str
    case_number: str | None  # the case's, or the matter's number
    party_name: str | None
    kind: str | None | UnsetType = UNSET  # court.documents.kinds.DocumentKind
    case_type: str | None | UnsetType = UNSET
    matter_id: int | None | UnsetType = UNSET
    notice_id: int | None | UnsetType = UNSET
    matter_party_id: int | None | UnsetType = UNSET
    notice_kind: str | UnsetType = UNSET


class InboxDeadlineOut(PartyDeadlineOut):
    case_number: str | None = None  # the case's, or the matter's number


class ReminderOut(Out):
    """A reminder sent before a deadline lapses (court.serving.reminders)."""

    id: int
    deadline: int
    case: int | None
    matter_id: int | None
    party: int | None
    matter_party_id: int | None
    kind: str
    last_day: date
    sent_on: date
    channels: list[str]
    message: str
    created_at: datetime
    read_at: datetime | None


class InboxOut(Out):
    """The litigant's portal: its parties, what was served on them, their deadlines and the reminders sent."""

    parties: list[InboxPartyOut]
    served: list[ServedOut]
    deadlines: list[InboxDeadlineOut]
    reminders: list[ReminderOut]


class IntegrityOut(Out):
    """Whether the stored document is still the one served."""

    served_sha256: str
    stored_sha256: str
    unchanged: bool


class SmsCallbackHandled(Out):
    service: int
    status: str


def _pdf(data: bytes, name: str) -> Response[bytes]:
    return Response(
        data,
        media_type="application/pdf",
        headers={"content-disposition": f'inline; filename="{name}"', "cache-control": "no-store"},
    )


class ServiceController(Controller):
    path = "/api/v1"
    tags = ["service"]
    dependencies = {"principal": Provide(current_principal)}

    @put("/case-parties/{party_id:int}/service-address")
    async def confirm_address(
        self, party_id: FromPath[int], principal: NamedDependency[Principal], data: JSONBody[AddressIn]
    ) -> ServiceAddressOut:
        """送达地址确认书: the party's addresses and its consent to electronic service (CPL Art 90)."""
        return out(ServiceAddressOut, await flow.set_address(principal, party_id, data))

    @post("/court-documents/{document_id:int}/services", status_code=201)
    async def serve(
        self, document_id: FromPath[int], principal: NamedDependency[Principal], data: JSONBody[ServeIn]
    ) -> list[ServiceOut]:
        """Serve a signed document on parties over channels tried in order (inbox, email, sms, postal, in_person,
        left_at_address, publication)."""
        return out_list(ServiceOut, await flow.serve_document(principal, document_id, data))

    @get("/cases/{case_id:int}/services")
    async def services(
        self, case_id: FromPath[int], principal: NamedDependency[Principal]
    ) -> list[ServiceOut]:
        return out_list(ServiceOut, await flow.services_of_case(principal, case_id))

    @get("/cases/{case_id:int}/service-deadlines")
    async def deadlines(
        self, case_id: FromPath[int], principal: NamedDependency[Principal]
    ) -> list[PartyDeadlineOut]:
        """Each party's deadlines that run from service, with the rule and article of the deadline engine."""
        return out_list(PartyDeadlineOut, await flow.case_deadlines(principal, case_id))

    @post("/service-attempts/{attempt_id:int}/record", status_code=200)
    async def record(
        self, attempt_id: FromPath[int], principal: NamedDependency[Principal], data: JSONBody[RecordIn]
    ) -> ServiceOut:
        """A clerk's record: posted (EMS number), delivered (day, receipt, photos, witnesses) or bounced."""
        return out(ServiceOut, await flow.record_by_clerk(principal, attempt_id, data))

    @get("/services/{service_id:int}/receipt", media_type="application/pdf")
    async def receipt(
        self, service_id: FromPath[int], principal: NamedDependency[Principal]
    ) -> Response[bytes]:
        """送达回证 (CPL Art 87) of one service as PDF."""
        data, _ = await flow.receipt_pdf(principal, service_id)
        return _pdf(data, f"service-receipt-{service_id}.pdf")

    @get("/services/{service_id:int}/integrity")
    async def integrity(
        self,
        request: Request[Any, Any, Any],
        service_id: FromPath[int],
        principal: NamedDependency[Principal],
    ) -> IntegrityOut:
        """Whether the stored document is still the one served (its sha256 against the hash bound to the service)."""
        view = await service_view(service_id)
        if view.get("matter_id"):
            from court.serving import matters

            await matters.require_staff(principal, view)
        else:
            await flow.authorize_case_services(principal, int(view["case"]))
        return out(IntegrityOut, await flow.check_integrity(request.app.state.runtime, service_id))

    @get("/me/service-inbox")
    async def inbox(self, principal: NamedDependency[Principal]) -> InboxOut:
        return out(InboxOut, await flow.inbox(principal))

    @get("/me/service-inbox/{attempt_id:int}/pdf", media_type="application/pdf")
    async def served_pdf(
        self,
        request: Request[Any, Any, Any],
        attempt_id: FromPath[int],
        principal: NamedDependency[Principal],
    ) -> Response[bytes]:
        data, _ = await flow.served_document(principal, request.app.state.runtime, attempt_id)
        return _pdf(data, f"served-{attempt_id}.pdf")


@post(
    "/api/v1/service/sms-callback",
    tags=["service"],
    status_code=200,
    request_max_body_size=MAX_CALLBACK_BYTES,
)
async def sms_callback(request: Request[Any, Any, Any]) -> SmsCallbackHandled:
    """The SMS gateway's delivery report, signed (HMAC-SHA256 of the body under the court's secret key, hex, in
    X-Court-Signature). Forged: 422 naming the header; replayed or a second outcome: 409."""
    body = await request.body()
    view = await flow.sms_callback(request.app.state.runtime, body, request.headers.get(SIGNATURE_HEADER, ""))
    return SmsCallbackHandled(service=view["id"], status=view["status"])
