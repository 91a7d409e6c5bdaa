"""The pages of service beyond a case's documents, on both engines: the officer issues an order to report property
from the matter page and sees its service state in Chinese; the debtor sees the served order and its last day; the
clerk's record of service in person with photos uploaded from the browser form (checked, stored by hash, shown as
thumbnails, listed on the 送达回证); the judge's case page lists each party's deadlines."""

from __future__ import annotations

import hashlib
import io
import re
from datetime import date
from typing import Any

from court.cases import service as cases
from court.cases.deadlines import deadline_for
from court.execution.tables import MatterNotice
from court.serving import flow
from court.serving.common import service_view
from court.serving.flow import ServeIn
from court.serving.tables import Service, ServiceAttempt
from tests.cases.test_registration import principal
from tests.serving.helpers import parties, signed_document
from tests.serving.test_matter_notices import matter_of_judgment, run
from tests.web.forms import sign_in_by_form
from tests.web.test_enforcement_pages import _assert_no_raw_values


def png(colour: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, format="PNG")
    return out.getvalue()


async def test_the_officer_issues_a_report_order_and_both_sides_see_its_service(
    client: Any, seeded: Any
) -> None:
    matter_id, _ = await matter_of_judgment()
    token = await sign_in_by_form(client, "enforcer.xihu")
    r = await client.post(
        f"/enforcement/{matter_id}/notice", data={"csrf_token": token, "kind": "report_order"}
    )
    assert r.status_code in (302, 303), r.text[:500]
    [notice] = await MatterNotice.select().where(MatterNotice.matter == matter_id)
    [service] = await Service.select().where(Service.matter_notice_id == notice["id"])
    page = (await client.get(f"/enforcement/{matter_id}")).text
    assert "通知的送达" in page and "送达中" in page  # being served: the inbox attempt's job has not run yet
    [attempt] = await ServiceAttempt.select().where(ServiceAttempt.service == service["id"])
    assert await run(attempt["id"], seeded) == "done"
    today = cases.court_today()
    last = deadline_for("property_report", today).deadline
    page = (await client.get(f"/enforcement/{matter_id}")).text
    assert f"已于{today.isoformat()}经诉讼服务平台送达" in page
    assert "报告财产期限" in page and last.isoformat() in page and "《民事诉讼法》第252条" in page
    assert f"/api/v1/services/{service['id']}/receipt" in page
    _assert_no_raw_values(page)
    # The debtor (litigant.zhao) sees the served order, a link to read it and its last day, and nothing of the officer's.
    await sign_in_by_form(client, "litigant.zhao")
    page = (await client.get(f"/enforcement/{matter_id}")).text
    assert f"已于{today.isoformat()}经诉讼服务平台送达" in page and "查看送达的文书" in page
    assert (
        last.isoformat() in page
        and "receipt" not in page.split('id="notice-service-h"', 1)[1].split("</section>")[0]
    )
    mine = (await client.get("/my/service")).text
    assert "报告财产令" in mine and last.isoformat() in mine and "报告财产期限" in mine


async def test_photos_of_service_in_person_are_uploaded_checked_and_shown(client: Any, seeded: Any) -> None:
    case, judgment = await signed_document(seeded)
    defendant = (await parties(case["id"]))["defendant"]
    [service] = await flow.serve_document(
        await principal("clerk.xihu"),
        judgment["id"],
        ServeIn(parties=[defendant["id"]], channels=["in_person"]),
    )
    attempt_id = service["attempts"][0]["id"]
    token = await sign_in_by_form(client, "clerk.xihu")
    form = {
        "csrf_token": token,
        "outcome": "delivered",
        "served_on": cases.court_today().isoformat(),
        "receipt_signed_by": "陈建国",
    }
    # A file that only claims to be a photo is refused, naming the field; nothing is recorded.
    r = await client.post(
        f"/service-attempts/{attempt_id}/record",
        data=form,
        files=[("photos", ("door.jpg", b"\xff\xd8\xff not really a jpeg", "image/jpeg"))],
    )
    assert r.status_code == 422 and "“door.jpg”不是JPEG或PNG格式的照片" in r.text
    assert (await service_view(service["id"]))["status"] == "pending"
    photos = [png(), png((20, 120, 20))]
    r = await client.post(
        f"/service-attempts/{attempt_id}/record",
        data=form,
        files=[("photos", ("a.png", photos[0], "image/png")), ("photos", ("b.png", photos[1], "image/png"))],
    )
    assert r.status_code in (302, 303), r.text[:500]
    view = await service_view(service["id"])
    assert view["status"] == "served"
    keys = view["attempts"][0]["evidence"]["photos"]
    assert keys == [f"service/photos/{hashlib.sha256(p).hexdigest()}.png" for p in photos]
    page = (await client.get(f"/documents/{judgment['id']}/service")).text
    assert (
        len(re.findall(rf'<img class="thumbnail" src="/service-attempts/{attempt_id}/photos/\d"', page)) == 2
    )
    r = await client.get(f"/service-attempts/{attempt_id}/photos/1")
    assert (
        r.status_code == 200 and r.content == photos[1] and r.headers["content-type"].startswith("image/png")
    )
    assert (await client.get(f"/service-attempts/{attempt_id}/photos/2")).status_code == 404
    r = await client.get(f"/api/v1/services/{service['id']}/receipt")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    # A litigant sees no photo of the record.
    await sign_in_by_form(client, "litigant.wang")
    assert (await client.get(f"/service-attempts/{attempt_id}/photos/0")).status_code in (403, 404)


async def test_the_judges_case_page_lists_each_partys_deadlines(client: Any, seeded: Any) -> None:
    case, judgment = await signed_document(seeded)
    defendant = (await parties(case["id"]))["defendant"]
    clerk = await principal("clerk.xihu")
    [service] = await flow.serve_document(
        clerk, judgment["id"], ServeIn(parties=[defendant["id"]], channels=["in_person"])
    )
    served_on = date(2026, 9, 20)
    await flow.record_by_clerk(
        clerk,
        service["attempts"][0]["id"],
        flow.RecordIn(outcome="delivered", served_on=served_on, receipt_signed_by="陈建国"),
    )
    await sign_in_by_form(client, "judge.xihu")
    page = (await client.get(f"/judge/cases/{case['id']}")).text
    section = page.split('id="party-deadlines"', 1)[1].split("</section>", 1)[0]
    assert "各当事人的期限" in page and "陈建国" in section
    # Served 2026-09-20: the 15 days end in the National Day holiday, so the engine's last day is 10-08.
    assert deadline_for("appeal_judgment", served_on).deadline == date(2026, 10, 8)
    assert "2026-10-08" in section and "《民事诉讼法》第171条" in section
