"""Enforcement pages (执行一件事): the officer's workbench and matter page with every action, the agency officer's
inbox, and the applicant's view of the same matter — forms posting to handlers over the execution services."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import msgspec
from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Template

from court.accounts.policy import Action, Principal, Resource, ResourceKind, decide, require
from court.accounts.roles import Role
from court.amounts import parse_optional_amount
from court.errors import CourtError, InvalidInput
from court.execution import control, disposal, money, notices, outcome, payorders, portal, tasks
from court.execution.agencies import Action as TaskAction
from court.execution.auction import Bid
from court.execution.closing import ClosingType, TerminationGround
from court.execution.matter_view import matter_view
from court.execution.outcome import RECORDABLE_FACTS
from court.execution.sanctions import DelistingReason, ListingGround
from court.execution.service import court_day, now_of, resource_of
from court.i18n import error_detail, msg
from court.replica import may_lag
from court.web.access import PageController
from court.web.csrf import check_form
from court.web.templating import gettext_for, page

MAX_CSV_BYTES = 2 * 1024 * 1024
PARTY_ROLES = (Role.LITIGANT, Role.LAWYER)

# The form fields a problem can name, as the page calls them (msgids of the page catalogue).
FIELD_LABELS = {
    "amount": "Amount",
    "amount_done": "Amount done",
    "valuation": "Valuation",
    "starting_price": "Starting price",
    "price": "Price",
    "buyer": "Buyer",
    "bidder": "Bidder",
    "years": "Years",
    "kind": "Kind",
    "action": "Action",
    "grounds": "Grounds for listing",
    "lead": "Property lead",
    "reason": "Reason",
    "note": "Interview note",
    "asset_ref": "Account or title number",
    "value": "Balance or value",
    "file": "CSV file",
    "task_id": "Task",
    "outcome": "Outcome",
    "termination_ground": "Ground for terminating enforcement",
    "applicant_party_id": "Applicant",
    "reference": "Reference",
    "key": "Form",
    "items": "Property reported",
}


def _now(request: Request[Any, Any, Any]) -> datetime:
    return now_of(request.app.state.runtime)


def _today(request: Request[Any, Any, Any]) -> date:
    return court_day(_now(request))


def _localised(request: Request[Any, Any, Any], exc: CourtError) -> CourtError:
    """A problem on a page speaks the user's language: the field it names in the page's words, never the
    service's English sentence on a Chinese page."""
    if {"message_key", "messages", "shown"} & set(exc.params):
        return exc
    field = exc.params.get("field")
    messages: dict[str, str] = {}
    for locale in ("zh_CN", "en"):
        if isinstance(field, str) and field in FIELD_LABELS:
            label = gettext_for(locale, FIELD_LABELS[field])
            messages[locale] = gettext_for(locale, "Check this field: %(field)s") % {"field": label}
        elif exc.status == 409:
            messages[locale] = gettext_for(
                locale, "The matter has moved on since this page was shown; reload it."
            )
        else:
            messages[locale] = error_detail(exc, locale)  # the service's own words, from the catalogue
    messages["en"] = str(exc.detail) or messages["en"]
    exc.params["messages"] = messages
    return exc


async def _act(request: Request[Any, Any, Any], matter_id: int, done: str, work: Any) -> Redirect:
    try:
        result = await work
    except CourtError as exc:
        raise _localised(request, exc) from None
    target = result if isinstance(result, int) and done == "resumed" else matter_id
    return Redirect(f"/enforcement/{target}?done={done}")


def _decimal(form: dict[str, str], field: str, *, required: bool = True) -> Decimal | None:
    # Thousands separators as people type them; the rest is the one money parser's (court.amounts: finite, whole
    # fen, below its stated bound).
    text = form.get(field, "").strip().replace(",", "").replace("，", "")
    if not text and required:
        raise InvalidInput(msg("%(field)s is required", field=field), field=field)
    return parse_optional_amount(text, field)


def _int(form: dict[str, str], field: str) -> int:
    text = form.get(field, "").strip()
    if not text.isdigit():
        raise InvalidInput(msg("%(field)s is required", field=field), field=field)
    return int(text)


def _enum(kind: Any, form: dict[str, str], field: str) -> Any:
    try:
        return kind(form.get(field, ""))
    except ValueError:
        raise InvalidInput(msg("%(field)s is not one of the choices", field=field), field=field) from None


async def _form(request: Request[Any, Any, Any]) -> dict[str, str]:
    try:
        return await check_form(request)
    except CourtError as exc:
        raise _localised(request, exc) from None


async def _notice_service(p: Principal, matter_id: int, officer: bool) -> dict[str, Any]:
    """The service of the matter's notices (court.serving.matters) for the matter page: the officer's view of every
    party and fall-back, the debtor's own served notices and deadlines."""
    from court.execution.tables import MatterParty
    from court.serving import matters as served

    mine = [
        int(r["id"])
        for r in await MatterParty.select(MatterParty.id).where(
            (MatterParty.matter == matter_id) & (MatterParty.user_id == p.user_id)
        )
    ]
    return {
        "notice_services": await served.notice_services(matter_id),
        "notice_deadlines": await served.matter_deadlines(matter_id),
        "my_matter_parties": mine,
        "service_told": await served.matter_notices_of_officer(matter_id) if officer else [],
    }


class EnforcementPages(PageController):
    path = "/enforcement"

    @get("/")
    async def matters(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal]
    ) -> Template:
        if principal.role in PARTY_ROLES:
            return page(request, "enforcement/mine.html", matters=await portal.applicant_matters(principal))
        with may_lag():  # the officers' list may lag the primary (court/replica.py)
            matters = await portal.workbench(principal, _today(request))
        return page(request, "enforcement/matters.html", matters=matters, me=principal.user_id)

    @get("/dashboard")
    async def dashboard(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal]
    ) -> Template:
        with may_lag():  # the figures may lag the primary (court/replica.py)
            figures = await portal.enforcement_figures(principal, _today(request))
        return page(request, "enforcement/dashboard.html", f=figures)

    @get("/{matter_id:int}")
    async def matter(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], matter_id: FromPath[int]
    ) -> Template:
        m = await matter_view(principal, matter_id, _today(request))
        from court.execution.service import load_matter

        resource = await resource_of(await load_matter(matter_id))
        officer = decide(principal, Action.ENFORCE, resource).allowed
        side = await portal.party_role(principal, matter_id) if principal.role in PARTY_ROLES else None
        return page(
            request,
            "enforcement/matter.html",
            m=m,
            officer=officer,
            applicant=side == "applicant",
            debtor=side == "debtor",
            report_due=await portal.report_due(matter_id),
            report_kinds=portal.REPORT_KINDS,
            done=request.query_params.get("done", ""),
            form_key=uuid.uuid4().hex,
            recordable=sorted(RECORDABLE_FACTS),
            grounds=[g.value for g in ListingGround],
            closing_kinds=[k.value for k in ClosingType],
            termination_grounds=[g.value for g in TerminationGround],
            requests=[r.value for r in portal.ApplicantRequest],
            today=_today(request),
            delisting_reasons=[r.value for r in DelistingReason if r is not DelistingReason.TERM_EXPIRED],
            online_payments=await payorders.orders_of(matter_id) if (officer or side) else [],
            debtor_balance=payorders.balance(await money.owed_on(matter_id, _today(request)))
            if side == "debtor"
            else None,
            **await _notice_service(principal, matter_id, officer),
        )

    @post("/{matter_id:int}/pay-online")
    async def pay_online(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], matter_id: FromPath[int]
    ) -> Redirect:
        """The debtor pays voluntarily through the payment platform (court.execution.payorders)."""
        from court.payments.web import platform_of

        form = await _form(request)
        try:
            text = form.get("amount", "").strip().replace(",", "").replace("，", "")
            order = await payorders.start_payment(
                principal, matter_id, text, platform_of(request), today=_today(request)
            )
        except CourtError as exc:
            raise _localised(request, exc) from None
        return Redirect(order["checkout_url"])

    # --- the officer's actions -------------------------------------------------------------------------------

    @post("/{matter_id:int}/notice")
    async def notice(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], matter_id: FromPath[int]
    ) -> Redirect:
        form = await _form(request)
        kind = _enum(notices.NoticeKind, form, "kind")
        done = await _act(
            request,
            matter_id,
            "notice",
            notices.issue_notice(request.app.state.runtime, principal, matter_id, kind, _today(request)),
        )
        runner = request.app.state.runtime.extras.get("runner")
        if runner is not None:
            runner.wake()  # the service attempts' jobs (inbox, e-mail, SMS) run now rather than at the next poll
        return done

    @post("/{matter_id:int}/inquiry")
    async def inquiry(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], matter_id: FromPath[int]
    ) -> Redirect:
        await _form(request)
        return await _act(
            request, matter_id, "inquiry", tasks.start_network_inquiry(principal, matter_id, _now(request))
        )

    @post("/{matter_id:int}/property/{property_id:int}/control")
    async def control_property(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        matter_id: FromPath[int],
        property_id: FromPath[int],
    ) -> Redirect:
        form = await _form(request)
        try:
            action = _enum(TaskAction, form, "action")
            amount = _decimal(form, "amount", required=action in (TaskAction.FREEZE, TaskAction.DEDUCT))
        except CourtError as exc:
            raise _localised(request, exc) from None
        return await _act(
            request,
            matter_id,
            "control",
            tasks.request_control(principal, matter_id, property_id, action, _now(request), amount),
        )

    @post("/{matter_id:int}/measures/{measure_id:int}/renew")
    async def renew(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        matter_id: FromPath[int],
        measure_id: FromPath[int],
    ) -> Redirect:
        form = await _form(request)
        years = int(form["years"]) if form.get("years", "").strip().isdigit() else None
        return await _act(
            request,
            matter_id,
            "renewed",
            control.renew_measure(principal, measure_id, _today(request), years),
        )

    @post("/{matter_id:int}/measures/{measure_id:int}/release")
    async def release(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        matter_id: FromPath[int],
        measure_id: FromPath[int],
    ) -> Redirect:
        await _form(request)
        return await _act(
            request, matter_id, "released", control.release_measure(principal, measure_id, _today(request))
        )

    @post("/{matter_id:int}/property/{property_id:int}/valuation")
    async def valuation(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        matter_id: FromPath[int],
        property_id: FromPath[int],
    ) -> Redirect:
        form = await _form(request)
        try:
            value = _decimal(form, "valuation")
        except CourtError as exc:
            raise _localised(request, exc) from None
        assert value is not None
        return await _act(
            request,
            matter_id,
            "valued",
            disposal.set_valuation(principal, matter_id, property_id, value, _today(request)),
        )

    @post("/{matter_id:int}/property/{property_id:int}/auction")
    async def auction(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        matter_id: FromPath[int],
        property_id: FromPath[int],
    ) -> Redirect:
        form = await _form(request)
        try:
            price = _decimal(form, "starting_price", required=False)
        except CourtError as exc:
            raise _localised(request, exc) from None
        return await _act(
            request,
            matter_id,
            "announced",
            disposal.announce_auction(principal, matter_id, property_id, _today(request), price),
        )

    @post("/{matter_id:int}/auctions/{round_id:int}/result")
    async def result(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        matter_id: FromPath[int],
        round_id: FromPath[int],
    ) -> Redirect:
        form = await _form(request)
        try:
            amount = _decimal(form, "amount", required=False)
        except CourtError as exc:
            raise _localised(request, exc) from None
        # The officer records the platform's winning bid; it was made inside the round's bidding window.
        from court.execution.tables import AuctionRoundRow

        row = (
            await AuctionRoundRow.select()
            .where((AuctionRoundRow.id == round_id) & (AuctionRoundRow.matter == matter_id))
            .first()
        )
        at = disposal.round_of(row).bidding_starts if row else _now(request)
        bids = [Bid(form.get("bidder", "").strip() or "-", amount, at)] if amount is not None else []
        return await _act(
            request, matter_id, "result", disposal.record_auction_result(principal, matter_id, round_id, bids)
        )

    @post("/{matter_id:int}/property/{property_id:int}/sale")
    async def sale(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        matter_id: FromPath[int],
        property_id: FromPath[int],
    ) -> Redirect:
        form = await _form(request)
        try:
            price = _decimal(form, "price")
            buyer = form.get("buyer", "").strip()
            if not buyer:
                raise InvalidInput("buyer is required", field="buyer")
        except CourtError as exc:
            raise _localised(request, exc) from None
        assert price is not None
        return await _act(
            request,
            matter_id,
            "sold",
            disposal.record_sale(principal, matter_id, property_id, price, buyer, _today(request)),
        )

    @post("/{matter_id:int}/property/{property_id:int}/transfer")
    async def transfer(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        matter_id: FromPath[int],
        property_id: FromPath[int],
    ) -> Redirect:
        form = await _form(request)
        try:
            party = _int(form, "applicant_party_id")
        except CourtError as exc:
            raise _localised(request, exc) from None
        return await _act(
            request,
            matter_id,
            "transferred",
            disposal.transfer_in_lieu(principal, matter_id, property_id, party, _today(request)),
        )

    @post("/{matter_id:int}/payment")
    async def payment(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], matter_id: FromPath[int]
    ) -> Redirect:
        form = await _form(request)
        try:
            amount = _decimal(form, "amount")
            if amount is None or amount <= 0:
                raise InvalidInput("a payment is a positive amount", field="amount")
        except CourtError as exc:
            raise _localised(request, exc) from None
        # The form's key makes a double submission one payment (the ledger posts a key once).
        key = f"page:{form.get('key', '').strip() or uuid.uuid4().hex}"
        return await _act(
            request,
            matter_id,
            "paid",
            money.record_voluntary_payment(
                principal, matter_id, key, amount, _today(request), form.get("reference", "").strip()
            ),
        )

    @post("/{matter_id:int}/disburse")
    async def disburse(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], matter_id: FromPath[int]
    ) -> Redirect:
        form = await _form(request)
        key = f"page:{form.get('key', '').strip() or uuid.uuid4().hex}"
        return await _act(
            request, matter_id, "disbursed", money.disburse(principal, matter_id, _today(request), key)
        )

    @post("/{matter_id:int}/restrict")
    async def restrict(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], matter_id: FromPath[int]
    ) -> Redirect:
        await _form(request)
        return await _act(
            request,
            matter_id,
            "restricted",
            outcome.restrict_consumption(request.app.state.runtime, principal, matter_id, _today(request)),
        )

    @post("/{matter_id:int}/listing")
    async def listing(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], matter_id: FromPath[int]
    ) -> Redirect:
        await _form(request)
        form_data = await request.form()
        raw = form_data.getall("grounds") if "grounds" in form_data else []
        try:
            grounds = [ListingGround(g) for g in raw]
            if not grounds:
                raise InvalidInput("choose at least one ground", field="grounds")
        except ValueError:
            raise _localised(request, InvalidInput("unknown ground", field="grounds")) from None
        except CourtError as exc:
            raise _localised(request, exc) from None
        extension = str((await request.form()).get("extension_years") or "0").strip()
        years = int(extension) if extension.isdigit() else 0
        return await _act(
            request,
            matter_id,
            "listed",
            outcome.list_dishonest(principal, matter_id, _today(request), grounds, years),
        )

    @post("/{matter_id:int}/sanctions/{sanction_id:int}/delist")
    async def delist(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        matter_id: FromPath[int],
        sanction_id: FromPath[int],
    ) -> Redirect:
        form = await _form(request)
        return await _act(
            request,
            matter_id,
            "delisted",
            portal.delist(principal, matter_id, sanction_id, form.get("reason", ""), _today(request)),
        )

    @post("/{matter_id:int}/facts")
    async def facts(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], matter_id: FromPath[int]
    ) -> Redirect:
        form = await _form(request)
        flags = {
            name: form.get(name) == "on" for name in sorted(RECORDABLE_FACTS) if name != "applicant_heard"
        }
        return await _act(
            request, matter_id, "facts", outcome.record_facts(principal, matter_id, flags, _today(request))
        )

    @post("/{matter_id:int}/interview")
    async def interview(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], matter_id: FromPath[int]
    ) -> Redirect:
        form = await _form(request)
        return await _act(
            request,
            matter_id,
            "interviewed",
            portal.record_interview(principal, matter_id, form.get("note", ""), _today(request)),
        )

    @post("/{matter_id:int}/close")
    async def close(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], matter_id: FromPath[int]
    ) -> Redirect:
        form = await _form(request)
        try:
            kind = _enum(ClosingType, form, "kind")
            ground = (
                _enum(TerminationGround, form, "termination_ground")
                if form.get("termination_ground")
                else None
            )
        except CourtError as exc:
            raise _localised(request, exc) from None
        return await _act(
            request,
            matter_id,
            "closed",
            outcome.close_matter(principal, matter_id, kind, _today(request), ground),
        )

    @post("/{matter_id:int}/resume")
    async def resume(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], matter_id: FromPath[int]
    ) -> Redirect:
        await _form(request)
        return await _act(
            request, matter_id, "resumed", outcome.resume_matter(principal, matter_id, _today(request))
        )

    # --- the applicant's actions -----------------------------------------------------------------------------

    @post("/{matter_id:int}/lead")
    async def lead(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], matter_id: FromPath[int]
    ) -> Redirect:
        form = await _form(request)
        return await _act(
            request,
            matter_id,
            "lead",
            portal.submit_lead(principal, matter_id, form.get("lead", ""), _today(request)),
        )

    @post("/{matter_id:int}/request")
    async def applicant_request(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], matter_id: FromPath[int]
    ) -> Redirect:
        form = await _form(request)
        try:
            kind = _enum(portal.ApplicantRequest, form, "kind")
        except CourtError as exc:
            raise _localised(request, exc) from None
        return await _act(
            request,
            matter_id,
            "requested",
            portal.applicant_request(principal, matter_id, kind, _today(request)),
        )

    @post("/{matter_id:int}/report")
    async def report(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], matter_id: FromPath[int]
    ) -> Redirect:
        """The debtor's property report (申报财产): up to five items a submission; another report adds to it."""
        form = await _form(request)
        items = []
        try:
            if form.get("nothing") == "on":
                items.append(portal.ReportedItem("other", "无财产可供申报"))
            for i in range(1, 6):
                text = form.get(f"description_{i}", "").strip()
                if text:
                    items.append(
                        portal.ReportedItem(
                            form.get(f"kind_{i}", "other"), text, _decimal(form, f"value_{i}", required=False)
                        )
                    )
        except CourtError as exc:
            raise _localised(request, exc) from None
        return await _act(
            request,
            matter_id,
            "reported",
            portal.report_property(principal, matter_id, items, _today(request)),
        )

    @post("/{matter_id:int}/zhongben-opinion")
    async def zhongben_opinion(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], matter_id: FromPath[int]
    ) -> Redirect:
        form = await _form(request)
        agrees = form.get("agrees") == "yes"
        return await _act(
            request,
            matter_id,
            "opinion",
            portal.zhongben_opinion(principal, matter_id, agrees, form.get("reason", ""), _today(request)),
        )


# --- the agency officer's portal ---------------------------------------------------------------------------------


def _answer_of(form: dict[str, str], action: str) -> portal.AnswerIn:
    outcome_ = form.get("outcome", "")
    if action == TaskAction.INQUIRE.value:
        if outcome_ == "nothing":
            return portal.AnswerIn()
        if outcome_ != "found":
            raise InvalidInput("choose found or nothing", field="outcome")
        assets = []
        for i in range(1, 6):
            ref = form.get(f"asset_ref_{i}", "").strip()
            if not ref:
                continue
            value = _decimal(form, f"value_{i}")
            assert value is not None
            assets.append(portal.AssetIn(ref, form.get(f"description_{i}", "").strip(), value))
        if not assets:
            raise InvalidInput("name at least one account or property found", field="asset_ref")
        return portal.AnswerIn(assets=assets)
    if action in (TaskAction.FREEZE.value, TaskAction.DEDUCT.value):
        return portal.AnswerIn(amount_done=_decimal(form, "amount_done"), receipt=form.get("receipt", ""))
    return portal.AnswerIn(receipt=form.get("receipt", ""))


class AgencyPages(PageController):
    path = "/agency"

    @get("/")
    async def inbox(self, request: Request[Any, Any, Any], principal: NamedDependency[Principal]) -> Template:
        everything = request.query_params.get("all") == "1"
        with may_lag():  # the inbox may lag the primary (court/replica.py)
            tasks = await portal.agency_inbox(principal, open_only=not everything)
        return page(
            request,
            "agency/inbox.html",
            tasks=tasks,
            everything=everything,
            now=_now(request),
            agency=principal.agency_code,
            results=None,
        )

    @get("/tasks/{task_id:int}")
    async def task(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], task_id: FromPath[int]
    ) -> Template:
        return page(
            request,
            "agency/task.html",
            t=await portal.agency_task(principal, task_id),
            done=request.query_params.get("done", ""),
        )

    @post("/tasks/{task_id:int}/answer")
    async def answer(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], task_id: FromPath[int]
    ) -> Redirect:
        form = await _form(request)
        try:
            t = await portal.agency_task(principal, task_id)
            await portal.answer_task(principal, task_id, _answer_of(form, t["action"]), _now(request))
        except CourtError as exc:
            raise _localised(request, exc) from None
        return Redirect(f"/agency/tasks/{task_id}?done=answered")

    @post("/tasks/{task_id:int}/refuse")
    async def refuse(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], task_id: FromPath[int]
    ) -> Redirect:
        form = await _form(request)
        try:
            await portal.refuse_task(principal, task_id, form.get("reason", ""), _now(request))
        except CourtError as exc:
            raise _localised(request, exc) from None
        return Redirect(f"/agency/tasks/{task_id}?done=refused")

    @post("/batch")
    async def batch(self, request: Request[Any, Any, Any], principal: NamedDependency[Principal]) -> Template:
        await _form(request)
        # Who may answer is asked before the file is read: a stranger learns nothing from the file's problems.
        require(
            principal,
            Action.ANSWER_TASK,
            Resource(ResourceKind.AGENCY_TASK, agency_code=principal.agency_code or "-"),
        )
        upload = (await request.form()).get("file")
        try:
            if not isinstance(upload, UploadFile):
                raise InvalidInput("choose the CSV file", field="file")
            content = await upload.read(MAX_CSV_BYTES + 1)
            if len(content) > MAX_CSV_BYTES:
                raise InvalidInput("the file is larger than 2 MiB", field="file")
            results = await portal.answer_batch(principal, content, _now(request))
        except CourtError as exc:
            raise _localised(request, exc) from None
        return page(
            request,
            "agency/inbox.html",
            tasks=await portal.agency_inbox(principal),
            everything=False,
            now=_now(request),
            agency=principal.agency_code,
            results=[msgspec.to_builtins(r) for r in results],
        )
