"""Service (送达) on both engines: addresses and consent, e-mail over a real SMTP server on loopback, fall-back with
the judge told, SMTP down (retried, nothing lost), SMS delivery reports (signed, replay refused), publication, clerk
records, the document's hash, and the deadline each service starts."""

from __future__ import annotations

import asyncio
import hashlib
import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from court.audit.chain import verify as verify_audit
from court.audit.replay import replay_histories
from court.audit.tables import AuditEvent
from court.cases import service as cases
from court.cases.deadlines import deadline_for
from court.documents.tables import CourtDocument
from court.errors import Conflict, InvalidInput, PermissionDenied
from court.jobs import outbox, runners
from court.jobs.tables import OutboxJob
from court.serving import flow
from court.serving.common import article_zh, service_view
from court.serving.flow import AddressIn, RecordIn, ServeIn
from court.serving.tables import ServiceAttempt, ServiceDeadline, ServiceNotice
from testkit.settings import SECRET
from tests.cases.test_registration import principal
from tests.serving.helpers import free_port, parties, signed_document, smtp_server, use_smtp


async def consent(party_id: int, **fields: Any) -> None:
    await flow.set_address(
        await principal("clerk.xihu"), party_id, AddressIn(consent_electronic=True, **fields)
    )


async def run(attempt_id: int, runtime: Any) -> str:
    row = await ServiceAttempt.select(ServiceAttempt.job_id).where(ServiceAttempt.id == attempt_id).first()
    return await runners.run_job(int(row["job_id"]), runtime)


async def test_a_judgment_served_by_email_is_served_when_the_smtp_server_accepts_it(seeded: Any) -> None:
    case, judgment = await signed_document(seeded)
    defendant = (await parties(case["id"]))["defendant"]
    await consent(defendant["id"], email="chen@example.cn", postal_address="杭州市西湖区文三路100号")
    with smtp_server() as (box, port):
        use_smtp(seeded, port)
        [service] = await flow.serve_document(
            await principal("judge.xihu"),
            judgment["id"],
            ServeIn(parties=[defendant["id"]], channels=["email", "postal"]),
        )
        attempt = service["attempts"][0]
        assert service["status"] == "pending" and attempt["status"] == "pending" and not box.messages
        assert attempt["document_sha256"] == judgment["pdf_sha256"]
        assert await run(attempt["id"], seeded) == "done"
    [(to, message)] = box.messages
    assert to == ["chen@example.cn"] and message["Subject"] == f"【送达】{case['number']} 民事判决书"
    [pdf] = [
        part.get_payload(decode=True)
        for part in message.walk()
        if part.get_content_type() == "application/pdf"
    ]
    assert hashlib.sha256(pdf).hexdigest() == judgment["pdf_sha256"]  # the very document signed was served
    served = await service_view(service["id"])
    assert served["status"] == "served" and served["served_channel"] == "email"
    assert served["served_on"] == cases.court_today() and served["attempts"][0]["status"] == "delivered"
    assert len(served["attempts"]) == 1  # served: the postal fall-back never started
    # The appeal period runs from service (CPL Art 171: 15 days for a judgment), from the engine.
    d = served["deadline"]
    expected = deadline_for("appeal_judgment", served["served_on"])
    assert (d["kind"], d["deadline"], d["article"]) == ("appeal_judgment", expected.deadline, "CPL Art 171")
    assert d["deadline"] >= served["served_on"] + timedelta(days=15)
    actions = [r["action"] for r in await AuditEvent.select(AuditEvent.action).order_by(AuditEvent.id)]
    for action in (
        "service.address_confirmed",
        "service.created",
        "service_attempt.created",
        "service_attempt.delivered",
        "service.served",
        "service.deadline_started",
    ):
        assert action in actions
    assert not await verify_audit()
    assert not await replay_histories("service") and not await replay_histories("service_attempt")
    # The job again (a retry after a lost worker) does nothing: one outcome per attempt.
    await OutboxJob.update({OutboxJob.status: "pending"}).where(
        OutboxJob.id == served["attempts"][0]["job_id"]
    )
    assert await run(attempt["id"], seeded) == "done"
    assert await ServiceDeadline.count() == 1


async def test_a_bounced_mailbox_falls_back_to_the_post_and_the_judge_is_told(seeded: Any) -> None:
    case, judgment = await signed_document(seeded)
    defendant = (await parties(case["id"]))["defendant"]
    await consent(defendant["id"], email="bounce@example.cn", postal_address="杭州市西湖区文三路100号")
    clerk = await principal("clerk.xihu")
    with smtp_server() as (box, port):
        use_smtp(seeded, port)
        [service] = await flow.serve_document(
            clerk, judgment["id"], ServeIn(parties=[defendant["id"]], channels=["email", "postal"])
        )
        await run(service["attempts"][0]["id"], seeded)
    assert not box.messages
    now = await service_view(service["id"])
    assert [a["status"] for a in now["attempts"]] == ["bounced", "pending"] and now["status"] == "pending"
    assert "550" in now["attempts"][0]["error"]
    [notice] = await ServiceNotice.select().where(ServiceNotice.service == service["id"])
    assert "陈建国" in notice["message"] and "邮寄送达" in notice["message"]
    postal = now["attempts"][1]
    assert postal["recipient"] == "杭州市西湖区文三路100号"
    with pytest.raises(InvalidInput) as bad:
        await flow.record_by_clerk(clerk, postal["id"], RecordIn(outcome="posted", ems_number="12345"))
    assert bad.value.params["field"] == "ems_number"
    await flow.record_by_clerk(clerk, postal["id"], RecordIn(outcome="posted", ems_number="EA123456789CN"))
    with pytest.raises(InvalidInput) as bad:
        await flow.record_by_clerk(
            clerk, postal["id"], RecordIn(outcome="delivered", served_on=date(2026, 12, 1))
        )
    assert bad.value.params["field"] == "receipt_signed_by"
    served = await flow.record_by_clerk(
        clerk,
        postal["id"],
        RecordIn(outcome="delivered", served_on=date(2026, 12, 1), receipt_signed_by="陈建国"),
    )
    # The day the receipt was signed is the served date, not the day the clerk typed it in.
    assert (
        served["served_on"] == date(2026, 12, 1) and served["attempts"][1]["external_id"] == "EA123456789CN"
    )
    with pytest.raises(Conflict):  # one outcome per attempt
        await flow.record_by_clerk(clerk, postal["id"], RecordIn(outcome="bounced", reason="退回"))


async def test_smtp_down_the_attempt_waits_and_retries_and_nothing_is_lost(seeded: Any) -> None:
    case, judgment = await signed_document(seeded)
    defendant = (await parties(case["id"]))["defendant"]
    await consent(defendant["id"], email="chen@example.cn")
    port = free_port()  # nobody listens here yet
    use_smtp(seeded, port)
    [service] = await flow.serve_document(
        await principal("judge.xihu"), judgment["id"], ServeIn(parties=[defendant["id"]], channels=["email"])
    )
    attempt_id = service["attempts"][0]["id"]
    assert await run(attempt_id, seeded) == "pending"  # failed, retried later with backoff
    job = await OutboxJob.select().where(OutboxJob.name == "service.attempt").first()
    assert job["status"] == "pending" and job["attempts"] == 1 and job["available_at"] > datetime.now(UTC)
    waiting = await service_view(service["id"])
    assert waiting["status"] == "pending" and waiting["attempts"][0]["status"] == "pending"
    assert (
        f"127.0.0.1:{port}" in waiting["attempts"][0]["error"]
    )  # what the judge sees on the pending attempt
    with smtp_server(port) as (box, _):
        assert await run(attempt_id, seeded) == "done"
    assert len(box.messages) == 1
    assert (await service_view(service["id"]))["status"] == "served"


async def test_bad_addresses_and_channels_are_refused_with_the_field_named(seeded: Any) -> None:
    case, judgment = await signed_document(seeded)
    defendant = (await parties(case["id"]))["defendant"]
    clerk = await principal("clerk.xihu")
    for fields, field in [
        ({"email": "chen@"}, "email"),
        ({"email": "a b@x.cn"}, "email"),
        ({"mobile": "12345"}, "mobile"),
        ({"mobile": "23812345678"}, "mobile"),
        ({"postal_address": "杭州"}, "postal_address"),
        ({"consent_electronic": True}, "email"),
    ]:
        with pytest.raises(InvalidInput) as bad:
            await flow.set_address(clerk, defendant["id"], AddressIn(**fields))
        assert bad.value.params["field"] == field, fields
    # Without consent there is no electronic service (CPL Art 90).
    await flow.set_address(clerk, defendant["id"], AddressIn(email="chen@example.cn"))
    with pytest.raises(InvalidInput) as bad:
        await flow.serve_document(
            clerk, judgment["id"], ServeIn(parties=[defendant["id"]], channels=["email"])
        )
    assert bad.value.params["field"] == "channels"
    await consent(defendant["id"], email="chen@example.cn")
    with pytest.raises(InvalidInput) as bad:
        await flow.serve_document(clerk, judgment["id"], ServeIn(parties=[defendant["id"]], channels=["sms"]))
    assert bad.value.params["field"] == "mobile"
    with pytest.raises(InvalidInput) as bad:
        await flow.serve_document(clerk, judgment["id"], ServeIn(parties=[defendant["id"]], channels=["fax"]))
    assert bad.value.params["field"] == "channels"
    # Another party's own address is not the litigant's to set.
    with pytest.raises(PermissionDenied):
        await flow.set_address(
            await principal("litigant.wang"), defendant["id"], AddressIn(email="x@example.cn")
        )
    assert await ServiceAttempt.count() == 0


async def test_sms_delivery_reports_are_signed_and_a_replay_or_forgery_is_refused(seeded: Any) -> None:
    case, ruling = await signed_document(seeded, "ruling")
    plaintiff = (await parties(case["id"]))["plaintiff"]
    # The plaintiff confirms its own address in the portal.
    await flow.set_address(
        await principal("litigant.wang"),
        plaintiff["id"],
        AddressIn(mobile="+86 138-1234-5678", consent_electronic=True),
    )
    [service] = await flow.serve_document(
        await principal("judge.xihu"),
        ruling["id"],
        ServeIn(parties=[plaintiff["id"]], channels=["sms", "inbox"]),
    )
    await run(service["attempts"][0]["id"], seeded)
    sent = (await service_view(service["id"]))["attempts"][0]
    assert (
        sent["status"] == "sent"
        and sent["recipient"] == "13812345678"
        and sent["external_id"].startswith("SIM-")
    )
    assert "模拟" in sent["evidence"]["gateway"]

    def report(callback_id: str, status: str = "delivered") -> bytes:
        return json.dumps(
            {
                "callback_id": callback_id,
                "message_id": sent["external_id"],
                "status": status,
                "at": "2026-12-02T09:30:00+08:00",
            }
        ).encode()

    body = report("cb-1")
    with pytest.raises(InvalidInput):
        await flow.sms_callback(seeded, body, flow.sign_callback("not-the-secret", body))
    with pytest.raises(InvalidInput):  # a valid signature over another body
        await flow.sms_callback(seeded, report("cb-1", "failed"), flow.sign_callback(SECRET, body))
    served = await flow.sms_callback(seeded, body, flow.sign_callback(SECRET, body))
    assert served["status"] == "served" and served["served_on"] == date(2026, 12, 2)
    with pytest.raises(Conflict):  # the same report again: a replay
        await flow.sms_callback(seeded, body, flow.sign_callback(SECRET, body))
    other = report("cb-2", "failed")
    with pytest.raises(Conflict):  # a second outcome for the same attempt
        await flow.sms_callback(seeded, other, flow.sign_callback(SECRET, other))
    d = served["deadline"]  # a ruling: 10 days (CPL Art 171); 2026-12-12 is a Saturday → Monday 12-14
    assert (d["kind"], d["deadline"], d["article"]) == ("appeal_ruling", date(2026, 12, 14), "CPL Art 171")
    assert len(served["attempts"]) == 1


async def test_parallel_delivery_reports_give_one_outcome(seeded: Any) -> None:
    case, judgment = await signed_document(seeded)
    defendant = (await parties(case["id"]))["defendant"]
    await consent(defendant["id"], mobile="13912345678")
    [service] = await flow.serve_document(
        await principal("clerk.xihu"),
        judgment["id"],
        ServeIn(parties=[defendant["id"]], channels=["sms", "inbox"]),
    )
    await run(service["attempts"][0]["id"], seeded)
    message_id = (await service_view(service["id"]))["attempts"][0]["external_id"]
    bodies = [
        json.dumps(
            {
                "callback_id": f"cb-{i}",
                "message_id": message_id,
                "status": "delivered" if i % 2 else "failed",
                "at": "2026-12-02T09:30:00+08:00",
            }
        ).encode()
        for i in range(8)
    ]
    results = await asyncio.gather(
        *(flow.sms_callback(seeded, b, flow.sign_callback(SECRET, b)) for b in bodies), return_exceptions=True
    )
    won = [r for r in results if not isinstance(r, BaseException)]
    assert len(won) == 1, results
    assert all(isinstance(r, Conflict) for r in results if isinstance(r, BaseException))
    final = await service_view(service["id"])
    outcomes = await AuditEvent.count().where(
        AuditEvent.action.is_in(["service_attempt.delivered", "service_attempt.bounced"])
    )
    assert outcomes == 1
    if final["status"] == "served":
        assert await ServiceDeadline.count() == 1 and len(final["attempts"]) == 1
    else:  # the failure won: the inbox took over
        assert [a["status"] for a in final["attempts"]] == ["bounced", "pending"]
    assert not await verify_audit()
    assert not await replay_histories("service") and not await replay_histories("service_attempt")


async def test_publication_is_deemed_served_after_30_days_and_the_judgment_takes_effect(seeded: Any) -> None:
    case, judgment = await signed_document(seeded)
    defendant = (await parties(case["id"]))["defendant"]
    [service] = await flow.serve_document(
        await principal("judge.xihu"),
        judgment["id"],
        ServeIn(parties=[defendant["id"]], channels=["publication"]),
    )
    attempt = service["attempts"][0]
    published = date.fromisoformat(attempt["evidence"]["published_on"])
    deemed = date.fromisoformat(attempt["evidence"]["deemed_served_on"])
    assert published == cases.court_today() and deemed >= published + timedelta(days=30)  # CPL Art 95
    assert attempt["evidence"]["article"] == "CPL Art 95"
    assert await flow.settle_due(deemed - timedelta(days=1)) == {
        "publications_served": 0,
        "documents_effective": 0,
    }
    assert (await flow.settle_due(deemed))["publications_served"] == 1
    served = await service_view(service["id"])
    assert served["status"] == "served" and served["served_on"] == deemed
    last = served["deadline"]["deadline"]
    assert await flow.settle_due(last) == {"publications_served": 0, "documents_effective": 0}
    assert (await flow.settle_due(last + timedelta(days=1)))["documents_effective"] == 1
    doc = (
        await CourtDocument.select(CourtDocument.effective_on)
        .where(CourtDocument.id == judgment["id"])
        .first()
    )
    assert doc["effective_on"] == last + timedelta(days=1)
    assert not await verify_audit()
    assert not await replay_histories("service") and not await replay_histories("service_attempt")


async def test_a_document_changed_after_service_is_detected_by_its_hash(seeded: Any) -> None:
    case, judgment = await signed_document(seeded)
    defendant = (await parties(case["id"]))["defendant"]
    [service] = await flow.serve_document(
        await principal("judge.xihu"),
        judgment["id"],
        ServeIn(parties=[defendant["id"]], channels=["in_person"]),
    )
    assert (await flow.check_integrity(seeded, service["id"]))["unchanged"] is True
    path = seeded.settings.storage.path / judgment["blob_key"]  # type: ignore[operator]
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.chmod(0o644)
    path.write_bytes(bytes(data))
    check = await flow.check_integrity(seeded, service["id"])
    assert check["unchanged"] is False and check["served_sha256"] == judgment["pdf_sha256"]


# Worked examples (CPL Art 85: the day of service not counted; a last day on a rest day moves to the next working
# day; a make-up working weekend (调休) is a working day). Holidays per the State Council notices for 2025 and 2026.
@pytest.mark.parametrize(
    ("kind", "served_on", "deadline", "article"),
    [
        # 2026 Spring Festival: 2-15 … 2-23 off, Saturday 2-14 and 2-28 worked.
        pytest.param(
            "judgment", date(2026, 2, 1), date(2026, 2, 24), "CPL Art 171", id="appeal-into-spring-festival"
        ),
        pytest.param(
            "response_notice",
            date(2026, 1, 30),
            date(2026, 2, 14),
            "CPL Art 128",
            id="answer-on-makeup-saturday",
        ),
        pytest.param(
            "ruling", date(2026, 2, 18), date(2026, 2, 28), "CPL Art 171", id="ruling-on-makeup-saturday"
        ),
        # 2025 National Day and Mid-Autumn: 10-1 … 10-8 off.
        pytest.param(
            "judgment", date(2025, 9, 23), date(2025, 10, 9), "CPL Art 171", id="appeal-into-national-day"
        ),
        # A plain weekend: 2026-03-14 is a Saturday.
        pytest.param(
            "fee_notice",
            date(2026, 3, 7),
            date(2026, 3, 16),
            "Fee Measures Art 22; CPL-Interp Art 213",
            id="fee-over-weekend",
        ),
        pytest.param(
            "evidence_notice",
            date(2025, 9, 13),
            date(2025, 9, 28),
            "Evidence Rules Art 51",
            id="evidence-on-makeup-sunday",
        ),
    ],
)
async def test_deadlines_from_service_across_weekends_and_holidays(
    seeded: Any, kind: str, served_on: date, deadline: date, article: str
) -> None:
    case, document = await signed_document(seeded, kind)
    defendant = (await parties(case["id"]))["defendant"]
    clerk = await principal("clerk.xihu")
    [service] = await flow.serve_document(
        clerk, document["id"], ServeIn(parties=[defendant["id"]], channels=["in_person"])
    )
    served = await flow.record_by_clerk(
        clerk,
        service["attempts"][0]["id"],
        RecordIn(outcome="delivered", served_on=served_on, receipt_signed_by="陈建国"),
    )
    assert (served["deadline"]["deadline"], served["deadline"]["article"]) == (deadline, article)
    rows = await flow.case_deadlines(await principal("judge.xihu"), case["id"])
    assert [(r["party_name"], r["deadline"]) for r in rows] == [("陈建国", deadline)]
    assert rows[0]["state"] == "overdue"  # every worked example lies before today (December 2026)


def test_articles_are_cited_in_chinese_on_chinese_pages() -> None:
    assert article_zh("CPL Art 171") == "《民事诉讼法》第171条"
    assert (
        article_zh("Fee Measures Art 22; CPL-Interp Art 213")
        == "《诉讼费用交纳办法》第22条；《民诉法解释》第213条"
    )
    assert article_zh("Evidence Rules Art 51") == "《民事证据规定》第51条"


async def test_the_hourly_sweep_runs_through_the_outbox(seeded: Any) -> None:
    from court.jobs.registry import registered
    from court.jobs.schedule import PERIODIC

    assert "service_settle_due" in registered() and "service_settle_due" in {p.name for p in PERIODIC}
    case, judgment = await signed_document(seeded)
    defendant = (await parties(case["id"]))["defendant"]
    await flow.serve_document(
        await principal("judge.xihu"),
        judgment["id"],
        ServeIn(parties=[defendant["id"]], channels=["publication"]),
    )
    job_id = await outbox.enqueue("service_settle_due", {})
    assert await runners.run_job(job_id, seeded) == "done"
    row = (
        await OutboxJob.select(OutboxJob.result).where(OutboxJob.id == job_id).output(load_json=True).first()
    )
    assert row["result"] == {
        "publications_served": 0,
        "documents_effective": 0,
    }  # 30 days have not passed today
