"""Enforcement pages (执行一件事): the officer's workbench and matter page with every action, the agency officer's
inbox, and the applicant's view of the same matter — forms posting to handlers over the execution services."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import msgspec
from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
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


@contextmanager
def _in_page_words(request: Request[Any, Any, Any]) -> Iterator[None]:
    """A problem raised inside speaks the user's language on the page (see _localised)."""
    try:
        yield
    except CourtError as exc:
        raise _localised(request, exc) from None


@dataclass(frozen=True)
class _Posted:
    """One form posted on the matter page: who posted it, on which matter, the form, and the other id the path
    names (the property, measure, auction round or sanction acted on; 0 where it names none)."""

    request: Request[Any, Any, Any]
    principal: Principal
    matter_id: int
    form: dict[str, str]
    item_id: int

    @property
    def runtime(self) -> Any:
        return self.request.app.state.runtime

    @property
    def now(self) -> datetime:
        return _now(self.request)

    @property
    def today(self) -> date:
        return _today(self.request)


def _matter_action(path: str, done: str, work: Callable[[_Posted], Awaitable[Any]]) -> HTTPRouteHandler:
    """A matter page form's handler: read the checked form, hand it to the service, show the matter again with
    `done` said; a problem (the form's or the service's) speaks the page's language. Resuming shows the new matter."""

    async def handler(
        self: Any,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        matter_id: FromPath[int],
    ) -> Redirect:
        form = await _form(request)
        item_id = next((int(v) for k, v in request.path_params.items() if k != "matter_id"), 0)
        with _in_page_words(request):
            result = await work(_Posted(request, principal, matter_id, form, item_id))
        target = result if isinstance(result, int) and done == "resumed" else matter_id
        return Redirect(f"/enforcement/{target}?done={done}")

    handler.__name__ = work.__name__.lstrip("_")
    handler.__doc__ = work.__doc__
    return post(path)(handler)


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
    with _in_page_words(request):
        return await check_form(request)


async def _notice_service(p: Principal, matter_id: int, officer: bool) -> dict[str, Any]:
    """The service of the matter's notices (court.serving.matters) for the matter page: the officer's view of every
    party and fall-back, the debtor's own served notices and deadlines."""
    from court.serving import matters as served

    return {
        "notice_services": await served.notice_services(matter_id),
        "notice_deadlines": await served.matter_deadlines(matter_id),
        "my_matter_parties": await portal.my_matter_parties(p, matter_id),
        "service_told": await served.matter_notices_of_officer(matter_id) if officer else [],
    }


# --- what each form of the matter page does (the handlers are _matter_action's) ----------------------------------


def _page_key(form: dict[str, str]) -> str:
    # The form's key makes a double submission one posting (the ledger posts a key once).
    return f"page:{form.get('key', '').strip() or uuid.uuid4().hex}"


async def _notice(c: _Posted) -> Any:
    kind = _enum(notices.NoticeKind, c.form, "kind")
    issued = await notices.issue_notice(c.runtime, c.principal, c.matter_id, kind, c.today)
    runner = c.runtime.extras.get("runner")
    if runner is not None:
        runner.wake()  # the service attempts' jobs (inbox, e-mail, SMS) run now rather than at the next poll
    return issued


async def _inquiry(c: _Posted) -> Any:
    return await tasks.start_network_inquiry(c.principal, c.matter_id, c.now)


async def _control_property(c: _Posted) -> Any:
    action = _enum(TaskAction, c.form, "action")
    amount = _decimal(c.form, "amount", required=action in (TaskAction.FREEZE, TaskAction.DEDUCT))
    return await tasks.request_control(c.principal, c.matter_id, c.item_id, action, c.now, amount)


async def _renew(c: _Posted) -> Any:
    years = int(c.form["years"]) if c.form.get("years", "").strip().isdigit() else None
    return await control.renew_measure(c.principal, c.item_id, c.today, years)


async def _release(c: _Posted) -> Any:
    return await control.release_measure(c.principal, c.item_id, c.today)


async def _valuation(c: _Posted) -> Any:
    value = _decimal(c.form, "valuation")
    assert value is not None
    return await disposal.set_valuation(c.principal, c.matter_id, c.item_id, value, c.today)


async def _auction(c: _Posted) -> Any:
    price = _decimal(c.form, "starting_price", required=False)
    return await disposal.announce_auction(c.principal, c.matter_id, c.item_id, c.today, price)


async def _result(c: _Posted) -> Any:
    amount = _decimal(c.form, "amount", required=False)
    bids = []
    if amount is not None:
        # The officer records the platform's winning bid; it was made inside the round's bidding window.
        at = await disposal.bidding_starts(c.matter_id, c.item_id)
        bids.append(Bid(c.form.get("bidder", "").strip() or "-", amount, at if at is not None else c.now))
    return await disposal.record_auction_result(c.principal, c.matter_id, c.item_id, bids)


async def _sale(c: _Posted) -> Any:
    price = _decimal(c.form, "price")
    buyer = c.form.get("buyer", "").strip()
    if not buyer:
        raise InvalidInput("buyer is required", field="buyer")
    assert price is not None
    return await disposal.record_sale(c.principal, c.matter_id, c.item_id, price, buyer, c.today)


async def _transfer(c: _Posted) -> Any:
    party = _int(c.form, "applicant_party_id")
    return await disposal.transfer_in_lieu(c.principal, c.matter_id, c.item_id, party, c.today)


async def _payment(c: _Posted) -> Any:
    amount = _decimal(c.form, "amount")
    if amount is None or amount <= 0:
        raise InvalidInput("a payment is a positive amount", field="amount")
    reference = c.form.get("reference", "").strip()
    return await money.record_voluntary_payment(
        c.principal, c.matter_id, _page_key(c.form), amount, c.today, reference
    )


async def _disburse(c: _Posted) -> Any:
    return await money.disburse(c.principal, c.matter_id, c.today, _page_key(c.form))


async def _restrict(c: _Posted) -> Any:
    return await outcome.restrict_consumption(c.runtime, c.principal, c.matter_id, c.today)


async def _listing(c: _Posted) -> Any:
    form_data = await c.request.form()
    raw = form_data.getall("grounds") if "grounds" in form_data else []
    try:
        grounds = [ListingGround(g) for g in raw]
    except ValueError:
        raise InvalidInput("unknown ground", field="grounds") from None
    if not grounds:
        raise InvalidInput("choose at least one ground", field="grounds")
    extension = str(form_data.get("extension_years") or "0").strip()
    years = int(extension) if extension.isdigit() else 0
    return await outcome.list_dishonest(c.principal, c.matter_id, c.today, grounds, years)


async def _delist(c: _Posted) -> Any:
    return await portal.delist(c.principal, c.matter_id, c.item_id, c.form.get("reason", ""), c.today)


async def _facts(c: _Posted) -> Any:
    flags = {name: c.form.get(name) == "on" for name in sorted(RECORDABLE_FACTS) if name != "applicant_heard"}
    return await outcome.record_facts(c.principal, c.matter_id, flags, c.today)


async def _interview(c: _Posted) -> Any:
    return await portal.record_interview(c.principal, c.matter_id, c.form.get("note", ""), c.today)


async def _close(c: _Posted) -> Any:
    kind = _enum(ClosingType, c.form, "kind")
    ground = (
        _enum(TerminationGround, c.form, "termination_ground") if c.form.get("termination_ground") else None
    )
    return await outcome.close_matter(c.principal, c.matter_id, kind, c.today, ground)


async def _resume(c: _Posted) -> Any:
    return await outcome.resume_matter(c.principal, c.matter_id, c.today)


async def _lead(c: _Posted) -> Any:
    return await portal.submit_lead(c.principal, c.matter_id, c.form.get("lead", ""), c.today)


async def _applicant_request(c: _Posted) -> Any:
    kind = _enum(portal.ApplicantRequest, c.form, "kind")
    return await portal.applicant_request(c.principal, c.matter_id, kind, c.today)


async def _report(c: _Posted) -> Any:
    """The debtor's property report (申报财产): up to five items a submission; another report adds to it."""
    items = []
    if c.form.get("nothing") == "on":
        items.append(portal.ReportedItem("other", "无财产可供申报"))
    for i in range(1, 6):
        text = c.form.get(f"description_{i}", "").strip()
        if text:
            value = _decimal(c.form, f"value_{i}", required=False)
            items.append(portal.ReportedItem(c.form.get(f"kind_{i}", "other"), text, value))
    return await portal.report_property(c.principal, c.matter_id, items, c.today)


async def _zhongben_opinion(c: _Posted) -> Any:
    agrees = c.form.get("agrees") == "yes"
    return await portal.zhongben_opinion(c.principal, c.matter_id, agrees, c.form.get("reason", ""), c.today)


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
        text = form.get("amount", "").strip().replace(",", "").replace("，", "")
        with _in_page_words(request):
            order = await payorders.start_payment(
                principal, matter_id, text, platform_of(request), today=_today(request)
            )
        return Redirect(order["checkout_url"])

    # --- the officer's actions -------------------------------------------------------------------------------

    notice = _matter_action("/{matter_id:int}/notice", "notice", _notice)
    inquiry = _matter_action("/{matter_id:int}/inquiry", "inquiry", _inquiry)
    control_property = _matter_action(
        "/{matter_id:int}/property/{property_id:int}/control", "control", _control_property
    )
    renew = _matter_action("/{matter_id:int}/measures/{measure_id:int}/renew", "renewed", _renew)
    release = _matter_action("/{matter_id:int}/measures/{measure_id:int}/release", "released", _release)
    valuation = _matter_action("/{matter_id:int}/property/{property_id:int}/valuation", "valued", _valuation)
    auction = _matter_action("/{matter_id:int}/property/{property_id:int}/auction", "announced", _auction)
    result = _matter_action("/{matter_id:int}/auctions/{round_id:int}/result", "result", _result)
    sale = _matter_action("/{matter_id:int}/property/{property_id:int}/sale", "sold", _sale)
    transfer = _matter_action(
        "/{matter_id:int}/property/{property_id:int}/transfer", "transferred", _transfer
    )
    payment = _matter_action("/{matter_id:int}/payment", "paid", _payment)
    disburse = _matter_action("/{matter_id:int}/disburse", "disbursed", _disburse)
    restrict = _matter_action("/{matter_id:int}/restrict", "restricted", _restrict)
    listing = _matter_action("/{matter_id:int}/listing", "listed", _listing)
    delist = _matter_action("/{matter_id:int}/sanctions/{sanction_id:int}/delist", "delisted", _delist)
    facts = _matter_action("/{matter_id:int}/facts", "facts", _facts)
    interview = _matter_action("/{matter_id:int}/interview", "interviewed", _interview)
    close = _matter_action("/{matter_id:int}/close", "closed", _close)
    resume = _matter_action("/{matter_id:int}/resume", "resumed", _resume)

    # --- the applicant's and the debtor's actions ------------------------------------------------------------

    lead = _matter_action("/{matter_id:int}/lead", "lead", _lead)
    applicant_request = _matter_action("/{matter_id:int}/request", "requested", _applicant_request)
    report = _matter_action("/{matter_id:int}/report", "reported", _report)
    zhongben_opinion = _matter_action("/{matter_id:int}/zhongben-opinion", "opinion", _zhongben_opinion)


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
        with _in_page_words(request):
            t = await portal.agency_task(principal, task_id)
            await portal.answer_task(principal, task_id, _answer_of(form, t["action"]), _now(request))
        return Redirect(f"/agency/tasks/{task_id}?done=answered")

    @post("/tasks/{task_id:int}/refuse")
    async def refuse(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], task_id: FromPath[int]
    ) -> Redirect:
        form = await _form(request)
        with _in_page_words(request):
            await portal.refuse_task(principal, task_id, form.get("reason", ""), _now(request))
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
        with _in_page_words(request):
            if not isinstance(upload, UploadFile):
                raise InvalidInput("choose the CSV file", field="file")
            content = await upload.read(MAX_CSV_BYTES + 1)
            if len(content) > MAX_CSV_BYTES:
                raise InvalidInput("the file is larger than 2 MiB", field="file")
            results = await portal.answer_batch(principal, content, _now(request))
        return page(
            request,
            "agency/inbox.html",
            tasks=await portal.agency_inbox(principal),
            everything=False,
            now=_now(request),
            agency=principal.agency_code,
            results=[msgspec.to_builtins(r) for r in results],
        )
