"""The enforcement API (/api/v1/matters, /api/v1/agency-tasks): thin handlers over the execution services."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Stream

from court.accounts.policy import Principal
from court.amounts import check_amounts
from court.execution import control, disposal, money, notices, outcome, tasks
from court.execution.agencies import Action as TaskAction
from court.execution.auction import Bid
from court.execution.closing import ClosingType, MatterFacts, TerminationGround
from court.execution.matter_view import MatterOut, matter_out
from court.execution.sanctions import DishonestListing, ListingGround
from court.execution.service import MatterIn, court_day, now_of, register_matter
from court.execution.views import (
    AgencyTaskOut,
    AuctionAnnounced,
    AuctionResult,
    ClosingCheck,
    Disbursement,
    LedgerEntryOut,
    MatterClosed,
    MeasureOut,
    NoticeIssued,
    TransferredInLieu,
    entry_out,
)
from court.responses import Out
from court.web.auth import current_principal


def _runtime(request: Request[Any, Any, Any]) -> Any:
    return request.app.state.runtime


def _today(request: Request[Any, Any, Any]) -> Any:
    return court_day(now_of(_runtime(request)))


class NoticeIn(msgspec.Struct, forbid_unknown_fields=True):
    kind: notices.NoticeKind


class ControlIn(msgspec.Struct, forbid_unknown_fields=True):
    action: TaskAction
    amount: Decimal | None = None

    def __post_init__(self) -> None:
        check_amounts(self, "amount")


class RenewIn(msgspec.Struct, forbid_unknown_fields=True):
    years: int | None = None


class ValuationIn(msgspec.Struct, forbid_unknown_fields=True):
    valuation: Decimal

    def __post_init__(self) -> None:
        check_amounts(self, "valuation")


class AuctionIn(msgspec.Struct, forbid_unknown_fields=True):
    starting_price: Decimal | None = None

    def __post_init__(self) -> None:
        check_amounts(self, "starting_price")


class BidIn(msgspec.Struct, forbid_unknown_fields=True):
    bidder: str
    amount: Decimal
    at: datetime

    def __post_init__(self) -> None:
        check_amounts(self, "amount")


class ResultIn(msgspec.Struct, forbid_unknown_fields=True):
    bids: list[BidIn] = []


class SaleIn(msgspec.Struct, forbid_unknown_fields=True):
    price: Decimal
    buyer: str

    def __post_init__(self) -> None:
        check_amounts(self, "price")


class TransferIn(msgspec.Struct, forbid_unknown_fields=True):
    applicant_party_id: int


class PaymentIn(msgspec.Struct, forbid_unknown_fields=True):
    key: str
    amount: Decimal
    reference: str = ""

    def __post_init__(self) -> None:
        check_amounts(self, "amount")


class DisburseIn(msgspec.Struct, forbid_unknown_fields=True):
    key: str


class ListingIn(msgspec.Struct, forbid_unknown_fields=True):
    grounds: list[ListingGround]
    extension_years: int = 0


class CloseIn(msgspec.Struct, forbid_unknown_fields=True):
    kind: ClosingType
    termination_ground: TerminationGround | None = None


class MatterController(Controller):
    path = "/api/v1/matters"
    tags = ["execution"]
    dependencies = {"principal": Provide(current_principal)}

    @post("/", status_code=201)
    async def register(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], data: JSONBody[MatterIn]
    ) -> MatterOut:
        matter_id = await register_matter(principal, data, today=_today(request))
        return await matter_out(principal, matter_id, _today(request))

    @get("/{matter_id:int}")
    async def read(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], matter_id: FromPath[int]
    ) -> MatterOut:
        return await matter_out(principal, matter_id, _today(request))

    @post("/{matter_id:int}/notices", status_code=201)
    async def notice(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        matter_id: FromPath[int],
        data: JSONBody[NoticeIn],
    ) -> NoticeIssued:
        return await notices.issue_notice(_runtime(request), principal, matter_id, data.kind, _today(request))

    @get("/{matter_id:int}/notices/{notice_id:int}")
    async def notice_pdf(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        matter_id: FromPath[int],
        notice_id: FromPath[int],
    ) -> Stream:
        chunks, size = await notices.notice_stream(_runtime(request), principal, matter_id, notice_id)
        return Stream(chunks, media_type="application/pdf", headers={"content-length": str(size)})

    @post("/{matter_id:int}/inquiries", status_code=201)
    async def inquire(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], matter_id: FromPath[int]
    ) -> InquiryStarted:
        return InquiryStarted(
            tasks=await tasks.start_network_inquiry(principal, matter_id, now_of(_runtime(request)))
        )

    @post("/{matter_id:int}/property/{property_id:int}/control", status_code=201)
    async def control_property(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        matter_id: FromPath[int],
        property_id: FromPath[int],
        data: JSONBody[ControlIn],
    ) -> ControlRequested:
        task_id = await tasks.request_control(
            principal, matter_id, property_id, data.action, now_of(_runtime(request)), data.amount
        )
        return ControlRequested(task=task_id)

    @post("/{matter_id:int}/measures/{measure_id:int}/renew")
    async def renew(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        matter_id: FromPath[int],
        measure_id: FromPath[int],
        data: JSONBody[RenewIn | None] = None,
    ) -> MeasureOut:
        return await control.renew_measure(principal, measure_id, _today(request), (data or RenewIn()).years)

    @post("/{matter_id:int}/measures/{measure_id:int}/release")
    async def release(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        matter_id: FromPath[int],
        measure_id: FromPath[int],
    ) -> MeasureOut:
        return await control.release_measure(principal, measure_id, _today(request))

    @post("/{matter_id:int}/property/{property_id:int}/valuation")
    async def valuation(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        matter_id: FromPath[int],
        property_id: FromPath[int],
        data: JSONBody[ValuationIn],
    ) -> ValuationRecorded:
        await disposal.set_valuation(principal, matter_id, property_id, data.valuation, _today(request))
        return ValuationRecorded(valuation=str(data.valuation))

    @post("/{matter_id:int}/property/{property_id:int}/auctions", status_code=201)
    async def announce(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        matter_id: FromPath[int],
        property_id: FromPath[int],
        data: JSONBody[AuctionIn | None] = None,
    ) -> AuctionAnnounced:
        return await disposal.announce_auction(
            principal, matter_id, property_id, _today(request), (data or AuctionIn()).starting_price
        )

    @post("/{matter_id:int}/auctions/{round_id:int}/result")
    async def result(
        self,
        principal: NamedDependency[Principal],
        matter_id: FromPath[int],
        round_id: FromPath[int],
        data: JSONBody[ResultIn],
    ) -> AuctionResult:
        bids = [Bid(b.bidder, b.amount, b.at) for b in data.bids]
        return await disposal.record_auction_result(principal, matter_id, round_id, bids)

    @post("/{matter_id:int}/property/{property_id:int}/sale")
    async def sale(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        matter_id: FromPath[int],
        property_id: FromPath[int],
        data: JSONBody[SaleIn],
    ) -> SaleRecorded:
        await disposal.record_sale(principal, matter_id, property_id, data.price, data.buyer, _today(request))
        return SaleRecorded(price=str(data.price))

    @post("/{matter_id:int}/property/{property_id:int}/transfer")
    async def transfer(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        matter_id: FromPath[int],
        property_id: FromPath[int],
        data: JSONBody[TransferIn],
    ) -> TransferredInLieu:
        return await disposal.transfer_in_lieu(
            principal, matter_id, property_id, data.applicant_party_id, _today(request)
        )

    @post("/{matter_id:int}/payments", status_code=201)
    async def payment(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        matter_id: FromPath[int],
        data: JSONBody[PaymentIn],
    ) -> LedgerEntryOut:
        entry = await money.record_voluntary_payment(
            principal, matter_id, data.key, data.amount, _today(request), data.reference
        )
        return entry_out(entry)

    @post("/{matter_id:int}/disbursements")
    async def disburse(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        matter_id: FromPath[int],
        data: JSONBody[DisburseIn],
    ) -> Disbursement:
        return await money.disburse(principal, matter_id, _today(request), data.key)

    @post("/{matter_id:int}/sanctions/consumption-restriction", status_code=201)
    async def restrict(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], matter_id: FromPath[int]
    ) -> NoticeIssued:
        return await outcome.restrict_consumption(_runtime(request), principal, matter_id, _today(request))

    @post("/{matter_id:int}/sanctions/dishonest-listing", status_code=201)
    async def listing(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        matter_id: FromPath[int],
        data: JSONBody[ListingIn],
    ) -> list[DishonestListing]:
        return await outcome.list_dishonest(
            principal, matter_id, _today(request), data.grounds, data.extension_years
        )

    @post("/{matter_id:int}/facts")
    async def facts(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        matter_id: FromPath[int],
        data: JSONBody[dict[str, bool]],
    ) -> MatterFacts:
        return await outcome.record_facts(principal, matter_id, data, _today(request))

    @get("/{matter_id:int}/closing")
    async def closing_check(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        matter_id: FromPath[int],
        kind: FromQuery[ClosingType] = ClosingType.ZHONGBEN,
    ) -> ClosingCheck:
        """Whether the matter may close as `kind`, and the conditions still missing (终本: 法〔2016〕373号)."""
        return await outcome.closing_check(principal, matter_id, kind, _today(request))

    @post("/{matter_id:int}/close")
    async def close(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        matter_id: FromPath[int],
        data: JSONBody[CloseIn],
    ) -> MatterClosed:
        return await outcome.close_matter(
            principal, matter_id, data.kind, _today(request), data.termination_ground
        )

    @post("/{matter_id:int}/resume", status_code=201)
    async def resume(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], matter_id: FromPath[int]
    ) -> MatterOut:
        new_id = await outcome.resume_matter(principal, matter_id, _today(request))
        return await matter_out(principal, new_id, _today(request))


class InquiryStarted(Out):
    """The network inquiry (网络查控) sent: the ids of its agency tasks, one per debtor and agency."""

    tasks: list[int]


class ControlRequested(Out):
    task: int  # the agency task that asks for the freeze, seizure or deduction


class ValuationRecorded(Out):
    valuation: str  # yuan


class SaleRecorded(Out):
    price: str  # yuan


class AgencyTaskController(Controller):
    path = "/api/v1/agency-tasks"
    tags = ["execution"]
    dependencies = {"principal": Provide(current_principal)}

    @get("/")
    async def mine(
        self,
        principal: NamedDependency[Principal],
        task_state: FromQuery[str | None] = None,
        limit: FromQuery[int] = 100,
        offset: FromQuery[int] = 0,
    ) -> list[AgencyTaskOut]:
        """An agency officer's tasks: only those addressed to the officer's own agency."""
        return await tasks.tasks_of_agency(principal, task_state, limit, offset)

    @get("/{task_id:int}")
    async def read(self, principal: NamedDependency[Principal], task_id: FromPath[int]) -> AgencyTaskOut:
        return await tasks.read_task(principal, task_id)
