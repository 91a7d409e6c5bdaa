"""Enforcement notices (执行通知书, 报告财产令, 限制消费令) served through the court's one service path, on both
engines: the debtor's address from the judgment's case, the served date starting the period to report property
(CPL Art 252) from the engine, proof and receipt, fall-back to the officer's record, the debtor's inbox."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from court.accounts.tables import User
from court.cases import service as cases
from court.cases.deadlines import deadline_for
from court.errors import NotFound, PermissionDenied
from court.execution import notices
from court.execution.service import MatterIn, PartyIn, register_matter
from court.execution.tables import MatterNotice
from court.jobs import runners
from court.serving import flow, matters
from court.serving.common import service_view
from court.serving.flow import AddressIn, RecordIn
from court.serving.tables import Service, ServiceAttempt, ServiceDeadline
from tests.cases.test_registration import principal
from tests.documents.test_documents_api import assigned_case
from tests.execution.matter_fixtures import add_users
from tests.serving.helpers import parties


async def run(attempt_id: int, runtime: Any) -> str:
    row = await ServiceAttempt.select(ServiceAttempt.job_id).where(ServiceAttempt.id == attempt_id).first()
    return await runners.run_job(int(row["job_id"]), runtime)


async def matter_of_judgment(
    *, consent: bool = True, debtor_account: bool = True
) -> tuple[int, dict[str, Any]]:
    """A matter enforcing a registered case's judgment: 王丽华 applies against 陈建国, who confirmed an address (and
    consented to electronic service) in that case and has a portal account (litigant.zhao)."""
    await add_users()
    case = await assigned_case()
    defendant = (await parties(case["id"]))["defendant"]
    await flow.set_address(
        await principal("clerk.xihu"),
        defendant["id"],
        AddressIn(
            email="chen@example.cn" if consent else None,
            mobile="13800138000" if consent else None,
            postal_address="杭州市西湖区文三路100号",
            consent_electronic=consent,
        ),
    )
    zhao = await User.select(User.id).where(User.username == "litigant.zhao").first()
    officer = await principal("enforcer.xihu")
    matter_id = await register_matter(
        officer,
        MatterIn(
            court_code="浙0106",
            title_number=case["number"],
            performance_due=date(2026, 11, 1),
            parties=[
                PartyIn("applicant", "王丽华", "330105198307161627", principal=Decimal("150000")),
                PartyIn(
                    "debtor",
                    "陈建国",
                    defendant["id_number"] or "330106198001011234",
                    user_id=zhao["id"] if debtor_account else None,
                ),
            ],
        ),
        today=cases.court_today(),
    )
    return matter_id, case


async def test_a_report_order_is_served_in_the_debtors_inbox_and_starts_the_report_period(
    seeded: Any,
) -> None:
    matter_id, _ = await matter_of_judgment()
    officer = await principal("enforcer.xihu")
    issued = await notices.issue_notice(
        seeded, officer, matter_id, notices.NoticeKind.REPORT_ORDER, cases.court_today()
    )
    [service_id] = issued.services
    service = await service_view(service_id)
    # Consent in the judgment's case holds in enforcement (法发〔2017〕19号 item 3): inbox, e-mail, SMS, then the post.
    assert service["channels"] == ["inbox", "email", "sms", "postal"] and service["status"] == "pending"
    notice = await MatterNotice.select().where(MatterNotice.id == issued.id).first()
    assert service["document_sha256"] == notice["sha256"] == service["attempts"][0]["document_sha256"]
    assert await run(service["attempts"][0]["id"], seeded) == "done"
    served = await service_view(service_id)
    today = cases.court_today()
    assert (
        served["status"] == "served" and served["served_channel"] == "inbox" and served["served_on"] == today
    )
    expected = deadline_for("property_report", today)
    assert (
        served["deadline"]["kind"] == "property_report"
        and served["deadline"]["deadline"] == expected.deadline
    )
    assert (
        served["deadline"]["article"] == "CPL Art 252"
        and served["deadline"]["article_zh"] == "《民事诉讼法》第252条"
    )
    # The debtor sees the served order and its last day in its inbox, and downloads the very PDF (recorded opened).
    debtor = await principal("litigant.zhao")
    box = await flow.inbox(debtor)
    [item] = [s for s in box["served"] if s.get("notice_id") == issued.id]
    assert item["title"] == "报告财产令" and item["party_name"] == "陈建国"
    [d] = [d for d in box["deadlines"] if d.get("matter_id") == matter_id]
    assert d["deadline"] == expected.deadline and d["kind"] == "property_report"
    pdf, _ = await flow.served_document(debtor, seeded, item["id"])
    assert pdf.startswith(b"%PDF") and len(pdf) == notice["size"]
    # Another litigant opens nothing; the officer's receipt (送达回证) is rendered.
    with pytest.raises(PermissionDenied):
        await flow.served_document(await principal("litigant.wang"), seeded, item["id"])
    receipt, _ = await flow.receipt_pdf(officer, service_id)
    assert receipt.startswith(b"%PDF")
    integrity = await flow.check_integrity(seeded, service_id)
    assert integrity["unchanged"] and integrity["stored_sha256"] == notice["sha256"]
    # The matter's page data: each notice with its services.
    by_notice = await matters.notice_services(matter_id)
    assert [s["status"] for s in by_notice[issued.id]] == ["served"]


async def test_without_consent_the_officer_serves_in_person_and_records_it(seeded: Any) -> None:
    matter_id, _ = await matter_of_judgment(consent=False, debtor_account=False)
    officer = await principal("enforcer.xihu")
    issued = await notices.issue_notice(
        seeded, officer, matter_id, notices.NoticeKind.EXECUTION_NOTICE, cases.court_today()
    )
    [service_id] = issued.services
    service = await service_view(service_id)
    assert service["channels"] == ["postal"]  # no consent: no electronic channel (CPL Art 90)
    attempt = service["attempts"][0]
    # Another court's officer may not record it (nor learn the matter exists).
    with pytest.raises(NotFound):
        await flow.record_by_clerk(
            await principal("enforcer.yuecheng"),
            attempt["id"],
            RecordIn(outcome="posted", ems_number="EA123456789CN"),
        )
    await flow.record_by_clerk(officer, attempt["id"], RecordIn(outcome="posted", ems_number="EA123456789CN"))
    day = cases.court_today()
    served = await flow.record_by_clerk(
        officer, attempt["id"], RecordIn(outcome="delivered", served_on=day, receipt_signed_by="陈建国")
    )
    assert served["status"] == "served" and served["served_on"] == day
    # The execution notice states its own day to pay by: no period starts from its service.
    assert not await ServiceDeadline.exists().where(ServiceDeadline.service == service_id)


async def test_a_bounced_channel_falls_back_and_the_officer_is_told(seeded: Any) -> None:
    matter_id, _ = await matter_of_judgment(debtor_account=False)
    officer = await principal("enforcer.xihu")
    issued = await notices.issue_notice(
        seeded, officer, matter_id, notices.NoticeKind.REPORT_ORDER, cases.court_today()
    )
    [service_id] = issued.services
    first = (await service_view(service_id))["attempts"][0]
    assert first["channel"] == "email"
    await flow.bounce(first["id"], "550 mailbox unavailable")
    view = await service_view(service_id)
    assert [a["channel"] for a in view["attempts"]] == ["email", "sms"] and view["status"] == "pending"
    [told] = await matters.matter_notices_of_officer(matter_id)
    assert "陈建国" in told["message"] and "短信送达" in told["message"]
    # Issuing again serves nobody twice.
    assert await matters.serve_notice(officer, issued.id) == []
    assert await Service.count().where(Service.matter_notice_id == issued.id) == 1
