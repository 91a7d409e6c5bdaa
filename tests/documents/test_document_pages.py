"""Court-document pages on both engines: the judge drafts, edits and signs in the browser's forms; /verify is public;
every page in Chinese first, English on request, with no untranslated label."""

from __future__ import annotations

import re
from typing import Any

from tests.documents.test_documents_api import assigned_case
from tests.web.forms import csrf_of, sign_in_by_form

_csrf = csrf_of
_sign_in = sign_in_by_form


async def test_the_judge_drafts_edits_and_signs_from_the_pages_and_the_public_checks_the_code(
    client: Any,
) -> None:
    case = await assigned_case()
    token = await _sign_in(client, "judge.xihu")
    listing = await client.get(f"/cases/{case['id']}/documents")
    assert listing.status_code == 200 and "法律文书" in listing.text and "判决书" in listing.text
    r = await client.post(f"/cases/{case['id']}/documents", data={"kind": "judgment", "csrf_token": token})
    assert r.status_code in (302, 303), r.text
    location = r.headers["location"]
    page = await client.get(location)
    assert page.status_code == 200
    for label in ("民事判决书", "审理经过", "本院查明", "保存为新版本", "加盖本院电子签章", case["number"]):
        assert label in page.text, label
    assert "Save as a new version" not in page.text  # no English on the Chinese page

    r = await client.post(
        f"{location}/versions",
        data={
            "csrf_token": token,
            "base_version": "1",
            "section:facts": "本院经审理认定事实如下：借款属实。",
        },
    )
    assert r.status_code in (302, 303)
    page = await client.get(r.headers["location"])
    assert "已保存为新版本" in page.text and "借款属实" in page.text
    r = await client.post(f"{location}/sign", data={"csrf_token": token, "version": "2"})
    assert r.status_code in (302, 303)
    signed = await client.get(location)
    code = re.search(r'id="verification-code">([A-Z0-9-]+)<', signed.text)
    assert (
        code
        and "已签章" in signed.text
        and 'id="edit-form"' not in signed.text
        and 'id="sign-form"' not in signed.text
    )

    # Without a CSRF token the form is refused.
    assert (await client.post(f"{location}/versions", data={"base_version": "2"})).status_code == 403

    client.cookies.clear()
    public = await client.get(f"/verify?code={code.group(1)}")
    assert public.status_code == 200 and 'data-valid="true"' in public.text and "签章有效" in public.text
    assert case["number"] in public.text and "王丽华" not in public.text
    english = await client.get(f"/verify?code={code.group(1)}&lang=en")
    assert "The seal is valid" in english.text
    unknown = await client.get("/verify?code=AAAA-BBBB-CCCC-DDDD")
    assert unknown.status_code == 404 and "没有与该验证码对应的已签章文书" in unknown.text


async def test_uploading_a_tampered_pdf_on_the_public_page_says_not_valid(client: Any) -> None:
    case = await assigned_case()
    token = await _sign_in(client, "judge.xihu")
    r = await client.post(f"/cases/{case['id']}/documents", data={"kind": "ruling", "csrf_token": token})
    location = r.headers["location"]
    await client.post(f"{location}/sign", data={"csrf_token": token, "version": "1"})
    document_id = location.rsplit("/", 1)[1]
    pdf = (await client.get(f"/api/v1/court-documents/{document_id}/pdf")).content
    client.cookies.clear()
    form_token = _csrf((await client.get("/verify")).text)
    good = await client.post(
        "/verify", data={"csrf_token": form_token}, files={"file": ("ruling.pdf", pdf, "application/pdf")}
    )
    assert good.status_code == 200 and 'data-valid="true"' in good.text
    tampered = bytearray(pdf)
    tampered[len(pdf) // 3] ^= 0x04
    bad = await client.post(
        "/verify",
        data={"csrf_token": form_token},
        files={"file": ("ruling.pdf", bytes(tampered), "application/pdf")},
    )
    assert bad.status_code == 200 and 'data-valid="false"' in bad.text and "无效" in bad.text


async def test_a_clerk_is_not_offered_a_judgment_and_a_party_cannot_open_the_editor(client: Any) -> None:
    case = await assigned_case()
    token = await _sign_in(client, "clerk.xihu")
    listing = await client.get(f"/cases/{case['id']}/documents")
    assert 'value="fee_notice"' in listing.text and 'value="judgment"' not in listing.text
    r = await client.post(f"/cases/{case['id']}/documents", data={"kind": "judgment", "csrf_token": token})
    assert r.status_code == 403
    r = await client.post(
        f"/cases/{case['id']}/documents", data={"kind": "acceptance_notice", "csrf_token": token}
    )
    location = r.headers["location"]
    await _sign_in(client, "litigant.wang")
    assert (await client.get(location)).status_code == 403
