"""Service (送达) of an enforcement matter's notices — 执行通知书, 报告财产令, 限制消费令 — through the court's one
service path (court.serving.common, which court.serving.flow builds on too): the same channels, attempts, fall-back,
proof and 送达回证; the served date starts the debtor's deadline from the one deadline engine (the period to report
property, CPL Art 252).

A matter is not a case: its service rows name the matter, its notice and its party (Service.matter_*), and the
case, document and party columns stay empty. The party's address is the 送达地址确认书 it gave in the case whose
judgment is enforced: a confirmed address holds for the first and second instance and the enforcement procedure
(最高人民法院关于进一步加强民事送达工作的若干意见, 法发〔2017〕19号, item 3)."""

from __future__ import annotations

from datetime import date
from typing import Any

from court.accounts.policy import Action, Principal
from court.cases.deadlines import deadline_for
from court.cases.tables import CaseParty
from court.db import write_transaction
from court.errors import InvalidInput, NotFound
from court.i18n import msg
from court.serving.common import (
    SERVED_COLUMNS,
    _channels,
    _pdf,
    _recipient,
    _with_zh,
    address_of,
    open_deadline,
    open_service,
    service_view,
)
from court.serving.machine import Channel, ServiceStatus
from court.serving.tables import Service, ServiceDeadline, ServiceNotice

# The period a served notice starts for the party served (None: the notice states its own date or none).
DEADLINE_OF_NOTICE: dict[str, str] = {
    "report_order": "property_report",  # CPL 2023 Art 252; the order reads five days from receipt
}
TITLE_OF_NOTICE = {
    "execution_notice": "执行通知书",
    "report_order": "报告财产令",
    "consumption_restriction": "限制消费令",
}
# Who a notice is served on: the debtors. CPL 2023 Art 251 (and 法释〔2015〕17号 for the restriction order) addresses
# these notices to the debtor; the applicant is not a recipient — it reads them on the matter's page and timeline.
RECIPIENT_ROLES = {
    "execution_notice": ("debtor",),
    "report_order": ("debtor",),
    "consumption_restriction": ("debtor",),
}


async def matter_party(party_id: int) -> dict[str, Any]:
    from court.execution.tables import MatterParty

    row = await MatterParty.select().where(MatterParty.id == party_id).first()
    if row is None:
        raise NotFound(msg("no party %(party_id)s of a matter", party_id=party_id), party_id=party_id)
    return {**row, "address": ""}


async def address_of_matter_party(matter: dict[str, Any], party: dict[str, Any]) -> dict[str, Any]:
    """The 送达地址确认书 this party confirmed in the case whose judgment is enforced (法发〔2017〕19号 item 3), matched
    by its identity number or name; none: no address, no consent (then a clerk or officer serves in person)."""
    empty = {
        "party": None,
        "email": None,
        "mobile": None,
        "postal_address": None,
        "consent_electronic": False,
        "version": 0,
    }
    if not matter.get("title_case_id"):
        return empty
    rows = await CaseParty.select(
        CaseParty.id, CaseParty.name, CaseParty.id_number, CaseParty.uscc, CaseParty.address
    ).where(CaseParty.case == matter["title_case_id"])
    for r in rows:
        if party["id_code"] in (r["id_number"], r["uscc"]) or r["name"] == party["name"]:
            found = await address_of(int(r["id"]))
            if not found.get("postal_address") and r["address"]:
                found = {**found, "postal_address": r["address"]}
            return found
    return empty


def channels_for(address: dict[str, Any], party: dict[str, Any]) -> list[Channel]:
    """Electronic channels first when the party consented (CPL Art 90): its portal inbox if it has an account, then
    e-mail and text message; then the post (EMS) where there is an address; in person otherwise."""
    out: list[Channel] = []
    if address["consent_electronic"]:
        if party.get("user_id"):
            out.append(Channel.INBOX)
        if address.get("email"):
            out.append(Channel.EMAIL)
        if address.get("mobile"):
            out.append(Channel.SMS)
    out.append(Channel.POSTAL if address.get("postal_address") else Channel.IN_PERSON)
    return out


async def serve_notice(
    p: Principal | None, notice_id: int, *, channels: list[str] | None = None
) -> list[int]:
    """Serve one issued notice on its recipients (one service per party), each over its channels in order; the
    first attempt starts now. Returns the services' ids. Serving the same notice again adds nothing for a party
    already being served or served."""
    from court.execution.service import load_matter
    from court.execution.tables import MatterNotice, MatterParty

    notice = await MatterNotice.select().where(MatterNotice.id == notice_id).first()
    if notice is None:
        raise NotFound(msg("no notice %(notice_id)s", notice_id=notice_id), notice_id=notice_id)
    matter = await load_matter(int(notice["matter"]))
    roles = RECIPIENT_ROLES.get(notice["kind"], ("debtor",))
    parties = (
        await MatterParty.select()
        .where((MatterParty.matter == matter["id"]) & MatterParty.role.is_in(list(roles)))
        .order_by(MatterParty.id)
    )
    plans = []
    for row in parties:
        party = {**row, "address": ""}
        already = await Service.exists().where(
            (Service.matter_notice_id == notice_id)
            & (Service.matter_party_id == row["id"])
            & (Service.status != ServiceStatus.FAILED)
        )
        if already:
            continue
        address = await address_of_matter_party(matter, party)
        chosen = _channels(channels) if channels else channels_for(address, party)
        if Channel.INBOX in chosen and not party.get("user_id"):
            raise InvalidInput(
                msg("%(name)s has no account in the litigant portal", name=party["name"]), field="channels"
            )
        party["address"] = address.get("postal_address") or ""
        recipients = [_recipient(c, address, party) for c in chosen]
        plans.append((party, chosen, recipients))
    ids: list[int] = []
    from court.audit.chain import actor_of

    actor = actor_of(p)
    async with write_transaction():
        for party, chosen, recipients in plans:
            service_id = await open_service(
                actor,
                p.user_id if p else None,
                matter["court_code"],
                chosen,
                recipients[0],
                notice["sha256"],
                links={
                    "case": None,
                    "document": None,
                    "party": None,
                    "matter_id": matter["id"],
                    "matter_notice_id": notice_id,
                    "matter_party_id": party["id"],
                },
                detail={"matter": matter["id"], "notice": notice_id, "matter_party": party["id"]},
            )
            ids.append(service_id)
    return ids


async def start_deadline(service: dict[str, Any], served_on: date) -> None:
    """The period the served notice starts for the party (the engine's answer, with rule and article)."""
    from court.execution.tables import MatterNotice

    notice = (
        await MatterNotice.select(MatterNotice.kind)
        .where(MatterNotice.id == service["matter_notice_id"])
        .first()
    )
    assert notice is not None
    kind = DEADLINE_OF_NOTICE.get(notice["kind"])
    if kind is None:
        return
    d = deadline_for(kind, served_on)  # CPL Art 85 counting: the day of service is not counted
    links = {
        "case": None,
        "party": None,
        "matter_id": service["matter_id"],
        "matter_party_id": service["matter_party_id"],
    }
    await open_deadline(service, d, links=links, detail={"matter": service["matter_id"]})


async def title_and_number(service: dict[str, Any]) -> tuple[str, str]:
    """(the served notice's title, the matter's number)."""
    from court.execution.tables import EnforcementMatter, MatterNotice

    notice = (
        await MatterNotice.select(MatterNotice.kind)
        .where(MatterNotice.id == service["matter_notice_id"])
        .first()
    )
    matter = (
        await EnforcementMatter.select(EnforcementMatter.number)
        .where(EnforcementMatter.id == service["matter_id"])
        .first()
    )
    assert notice is not None and matter is not None
    return TITLE_OF_NOTICE.get(notice["kind"], "执行文书"), str(matter["number"])


async def notice_pdf(runtime: Any, service: dict[str, Any]) -> tuple[bytes, str, str]:
    """(the notice's PDF as stored, its title, the matter's number)."""
    from court.execution.tables import MatterNotice

    notice = (
        await MatterNotice.select(MatterNotice.blob_key)
        .where(MatterNotice.id == service["matter_notice_id"])
        .first()
    )
    assert notice is not None
    title, number = await title_and_number(service)
    return await _pdf(runtime, notice["blob_key"]), title, number


async def require_staff(p: Principal, service: dict[str, Any]) -> dict[str, Any]:
    """Who records a matter's service by hand (in person, left at the address, the post): whoever enforces it."""
    from court.execution.service import authorize

    return await authorize(p, Action.ENFORCE, int(service["matter_id"]))


async def may_view(p: Principal, service: dict[str, Any]) -> dict[str, Any]:
    from court.execution.service import authorize

    return await authorize(p, Action.VIEW, int(service["matter_id"]))


def acts_for(p: Principal, party: dict[str, Any]) -> bool:
    return party.get("user_id") is not None and int(party["user_id"]) == p.user_id


async def tell_officer(service: dict[str, Any], message: str) -> None:
    """A fall-back or a failure told to the matter's officer: on the matter's page, as ServiceNotice."""
    await ServiceNotice.insert(
        ServiceNotice(case=None, service=service["id"], message=message[:255], matter_id=service["matter_id"])
    )


async def notice_services(matter_id: int) -> dict[int, list[dict[str, Any]]]:
    """Each notice's services (by notice id): the party, the status, the attempts, the deadline it started."""
    from court.execution.tables import MatterParty

    rows = await Service.select(Service.id).where(Service.matter_id == matter_id).order_by(Service.id)
    out: dict[int, list[dict[str, Any]]] = {}
    for r in rows:
        view = await service_view(int(r["id"]))
        party = (
            await MatterParty.select(MatterParty.name, MatterParty.role)
            .where(MatterParty.id == view["matter_party_id"])
            .first()
        )
        view["party_name"] = party["name"] if party else ""
        out.setdefault(int(view["matter_notice_id"]), []).append(view)
    return out


async def matter_notices_of_officer(matter_id: int) -> list[dict[str, Any]]:
    return (
        await ServiceNotice.select()
        .where(ServiceNotice.matter_id == matter_id)
        .order_by(ServiceNotice.id, ascending=False)
    )


async def served_notices_of_user(user_id: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(the notices served on the user's matter parties, their deadlines) for the litigant's inbox."""
    from court.execution.tables import EnforcementMatter, MatterParty
    from court.serving.machine import AttemptStatus
    from court.serving.tables import ServiceAttempt

    mine = await MatterParty.select(MatterParty.id, MatterParty.name).where(MatterParty.user_id == user_id)
    ids = [int(r["id"]) for r in mine]
    if not ids:
        return [], []
    names = {int(r["id"]): r["name"] for r in mine}
    served = (
        await ServiceAttempt.select(
            *SERVED_COLUMNS,
            ServiceAttempt.service.matter_id.as_alias("matter_id"),
            ServiceAttempt.service.matter_notice_id.as_alias("notice_id"),
            ServiceAttempt.service.matter_party_id.as_alias("matter_party_id"),
        )
        .where(
            ServiceAttempt.service.matter_party_id.is_in(ids)
            & (ServiceAttempt.status == AttemptStatus.DELIVERED)
        )
        .order_by(ServiceAttempt.id, ascending=False)
    )
    from court.execution.tables import MatterNotice

    for s in served:
        notice = await MatterNotice.select(MatterNotice.kind).where(MatterNotice.id == s["notice_id"]).first()
        matter = (
            await EnforcementMatter.select(EnforcementMatter.number)
            .where(EnforcementMatter.id == s["matter_id"])
            .first()
        )
        s["title"] = TITLE_OF_NOTICE.get(notice["kind"] if notice else "", "执行文书")
        s["notice_kind"] = notice["kind"] if notice else "other"
        s["case_number"] = matter["number"] if matter else ""
        s["party_name"] = names.get(int(s["matter_party_id"]), "")
    deadlines = (
        await ServiceDeadline.select()
        .where(ServiceDeadline.matter_party_id.is_in(ids))
        .order_by(ServiceDeadline.deadline)
    )
    for d in deadlines:
        matter = (
            await EnforcementMatter.select(EnforcementMatter.number)
            .where(EnforcementMatter.id == d["matter_id"])
            .first()
        )
        d["case_number"] = matter["number"] if matter else ""
        d["party_name"] = names.get(int(d["matter_party_id"]), "")
    return served, _with_zh(deadlines)


async def matter_deadlines(matter_id: int) -> list[dict[str, Any]]:
    from court.execution.tables import MatterParty

    rows = (
        await ServiceDeadline.select()
        .where(ServiceDeadline.matter_id == matter_id)
        .order_by(ServiceDeadline.deadline)
    )
    for d in rows:
        party = (
            await MatterParty.select(MatterParty.name).where(MatterParty.id == d["matter_party_id"]).first()
        )
        d["party_name"] = party["name"] if party else ""
    return _with_zh(rows)
