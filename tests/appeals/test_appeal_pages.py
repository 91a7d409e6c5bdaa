"""The appeal screens over HTTP: the party files its appeal from its case page and pays; 西湖 forwards; 浙01 registers
the dossier verified; each court's page shows the other's case — in Chinese without English or raw values, and in
English; out of period a 409 page in the user's language."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape
from typing import Any

from court.cases import service as cases
from tests.appeals.helpers import served_judgment
from tests.web.forms import csrf_of, sign_in_by_form

RAW = (
    "filed",
    "paid",
    "forwarded",
    "registered",
    "decided",
    "affirmed",
    "revised",
    "second_instance",
    "case_document",
    "court_document",
)


def _visible(html: str) -> str:
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    return unescape(body)


def _no_raw(html: str) -> None:
    text = _visible(html)
    for word in RAW:
        assert not re.search(rf"(?<![A-Za-z_]){word}(?![A-Za-z_])", text), word


async def test_appeal_from_the_case_page_to_registration_at_hz01(client: Any, seeded: Any) -> None:
    today = cases.court_today()
    case, judgment = await served_judgment(seeded, today - timedelta(days=2))
    token = await sign_in_by_form(client, "litigant.wang")
    page = await client.get(f"/my-cases/{case['id']}")
    assert page.status_code == 200 and 'id="appeal-button"' in page.text and "提起上诉" in page.text
    _no_raw(page.text)
    form = await client.get(f"/my-cases/{case['id']}/appeal")
    assert form.status_code == 200 and "上诉理由" in form.text
    token = csrf_of(form.text)
    r = await client.post(
        f"/my-cases/{case['id']}/appeal",
        data={
            "csrf_token": token,
            "claims": "撤销原判",
            "grounds": "事实认定错误",
            "document_id": str(judgment["id"]),
        },
        files={"statement": ("上诉状.pdf", b"%PDF-1.7\n% statement\n", "application/pdf")},
    )
    assert r.status_code in (302, 303), r.text[:500]
    page = await client.get(f"/my-cases/{case['id']}")
    assert "已提起上诉，待交上诉费" in page.text and "浙江省杭州市中级人民法院" in page.text
    _no_raw(page.text)
    r = await client.post(f"/my-cases/{case['id']}/appeal/pay", data={"csrf_token": csrf_of(page.text)})
    assert r.status_code in (302, 303)
    checkout = r.headers["location"]
    page = await client.get(checkout)
    r = await client.post(checkout, data={"csrf_token": csrf_of(page.text)})
    assert r.status_code in (302, 303) and f"/my-cases/{case['id']}" in r.headers["location"]
    page = await client.get(f"/my-cases/{case['id']}")
    assert "已交上诉费，待移送卷宗" in page.text
    english = await client.get(f"/my-cases/{case['id']}?lang=en")
    assert "Appeal fee paid, dossier to forward" in english.text

    # 西湖's judge sees the appeal on the case page and forwards the dossier.
    await sign_in_by_form(client, "judge.xihu")
    judge_page = await client.get(f"/judge/cases/{case['id']}")
    link = re.search(r'href="/appeals/(\d+)"', judge_page.text)
    assert link and "已交上诉费，待移送卷宗" in judge_page.text
    appeal_id = link.group(1)
    page = await client.get(f"/appeals/{appeal_id}")
    assert 'id="forward-button"' in page.text
    _no_raw(page.text)
    r = await client.post(f"/appeals/{appeal_id}/forward", data={"csrf_token": csrf_of(page.text)})
    assert r.status_code in (302, 303), r.text[:300]
    page = await client.get(f"/appeals/{appeal_id}")
    assert "已向二审法院移送卷宗" in page.text and 'id="manifest-table"' in page.text

    # 浙01's clerk finds it in its list, registers it; the dossier is verified.
    await sign_in_by_form(client, "clerk.hz01")
    listing = await client.get("/appeals/")
    assert case["number"] in listing.text and "西湖区人民法院" in listing.text
    page = await client.get(f"/appeals/{appeal_id}")
    r = await client.post(f"/appeals/{appeal_id}/register", data={"csrf_token": csrf_of(page.text)})
    assert r.status_code in (302, 303), r.text[:300]
    page = await client.get(f"/appeals/{appeal_id}")
    assert 'id="dossier-verified"' in page.text and "浙01民终" in page.text
    _no_raw(page.text)
    english = await client.get(f"/appeals/{appeal_id}?lang=en")
    assert "the dossier is intact" in english.text and "Original court" in english.text

    # 浙01's judge sees the original case and court by name; 西湖's judge sees the 民终 case.
    await sign_in_by_form(client, "judge.hz01")
    page = await client.get(f"/appeals/{appeal_id}")
    second = re.search(r'href="/judge/cases/(\d+)"', page.text)
    assert second
    second_page = await client.get(f"/judge/cases/{second.group(1)}")
    assert second_page.status_code == 200 and case["number"] in second_page.text
    assert "杭州市西湖区人民法院" in second_page.text
    await sign_in_by_form(client, "judge.xihu")
    assert "浙01民终" in (await client.get(f"/judge/cases/{case['id']}")).text
    assert (await client.get(f"/judge/cases/{second.group(1)}")).status_code == 404


async def test_an_appeal_out_of_period_is_a_409_page_in_the_users_language(client: Any, seeded: Any) -> None:
    today = cases.court_today()
    case, judgment = await served_judgment(seeded, today - timedelta(days=30))
    await sign_in_by_form(client, "litigant.wang")
    page = await client.get(f"/my-cases/{case['id']}")
    assert 'id="appeal-button"' not in page.text
    data = {
        "csrf_token": csrf_of(page.text),
        "claims": "撤销原判",
        "grounds": "理由",
        "document_id": str(judgment["id"]),
    }
    r = await client.post(f"/my-cases/{case['id']}/appeal", data=data)
    assert r.status_code == 409 and "上诉期已于" in r.text
    r = await client.post(
        f"/my-cases/{case['id']}/appeal?lang=en", data=data, headers={"accept-language": "en"}
    )
    assert r.status_code == 409


async def test_other_roles_do_not_see_an_appeal(client: Any, seeded: Any) -> None:
    from court.appeals import service as appeals
    from tests.cases.test_registration import principal

    today = cases.court_today()
    case, _ = await served_judgment(seeded, today - timedelta(days=1))
    appeal = await appeals.file_appeal(
        await principal("litigant.wang"), seeded, case["id"], grounds="理由", claims="请求"
    )
    await sign_in_by_form(client, "judge.yuecheng")
    assert (await client.get(f"/appeals/{appeal['id']}")).status_code == 404
    assert (await client.get("/appeals/999999")).status_code == 404
    await sign_in_by_form(client, "clerk.hz01")  # not forwarded yet: not 浙01's business
    assert (await client.get(f"/appeals/{appeal['id']}")).status_code == 404
    await sign_in_by_form(client, "litigant.wang")
    assert (await client.get(f"/appeals/{appeal['id']}")).status_code == 403


async def test_the_hz01_judge_records_the_outcome_on_the_appeal_page(client: Any, seeded: Any) -> None:
    from court.appeals import service as appeals
    from court.documents import service as documents
    from court.documents.tables import CourtDocument
    from tests.appeals.test_appeal_flow import filed_paid_forwarded
    from tests.cases.test_registration import principal

    _, judgment, forwarded = await filed_paid_forwarded(seeded)
    registered = await appeals.register(await principal("clerk.hz01"), seeded, forwarded["id"])
    judge = await principal("judge.hz01")
    doc = await documents.create_document(judge, registered["second_case"], "judgment")
    await documents.sign_document(judge, seeded, doc["id"], version=1)
    await sign_in_by_form(client, "judge.hz01")
    page = await client.get(f"/appeals/{registered['id']}")
    assert 'id="decide-button"' in page.text and "驳回上诉，维持原判" in page.text and "二审改判" in page.text
    r = await client.post(
        f"/appeals/{registered['id']}/decision",
        data={"csrf_token": csrf_of(page.text), "outcome": "affirmed"},
    )
    assert r.status_code in (302, 303), r.text[:300]
    page = await client.get(f"/appeals/{registered['id']}")
    assert "二审已裁判" in page.text and "驳回上诉，维持原判" in page.text and "已于" in page.text
    _no_raw(page.text)
    row = (
        await CourtDocument.select(CourtDocument.effective_on)
        .where(CourtDocument.id == judgment["id"])
        .first()
    )
    assert row["effective_on"] == cases.court_today()
    again = await client.post(
        f"/appeals/{registered['id']}/decision", data={"csrf_token": csrf_of(page.text), "outcome": "revised"}
    )
    assert again.status_code == 409 and "二审已裁判" in again.text
