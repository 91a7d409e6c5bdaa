"""Workbench pages answer a refused action with a precise problem in the user's language, never a 500."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.test_judge_leader import _assigned_case, _csrf, _sign_in


@pytest.fixture
async def client(client: Any, demo: Any) -> Any:
    return client


async def test_a_closing_the_machine_forbids_is_a_409_in_chinese_and_in_english(client: Any) -> None:
    case = await _assigned_case()
    await _sign_in(client, "judge.xihu")
    page = await client.get(f"/judge/cases/{case['id']}")
    assert page.status_code == 200 and 'id="closing"' in page.text
    english = await client.get(f"/judge/cases/{case['id']}?lang=en")
    assert (
        "Close the case" in english.text
        and "Assign a clerk" in english.text
        and "结案方式" not in english.text
    )
    token = _csrf(page.text)
    form = {"method": "judgment", "bearer": "defendant", "csrf_token": token}
    r = await client.post(f"/judge/cases/{case['id']}/closing", data=form)
    assert r.status_code == 409
    assert "结案失败：当前状态为“已分案”" in r.text
    r = await client.post(f"/judge/cases/{case['id']}/closing?lang=en", data=form)
    assert r.status_code == 409 and "Cannot close the case (state: Assigned to a judge)" in r.text
    r = await client.post(f"/judge/cases/{case['id']}/closing", data={**form, "method": "bogus"})
    assert r.status_code == 422 and "请选择结案方式" in r.text
    r = await client.post(f"/judge/cases/{case['id']}/closing", data={**form, "method": "withdrawal"})
    assert r.status_code in (302, 303)
    closed = await client.get(f"/judge/cases/{case['id']}")
    assert 'id="case-closing"' in closed.text and "撤诉" in closed.text and 'id="closing"' not in closed.text


async def test_bad_workbench_input_is_a_400_in_the_users_language(client: Any) -> None:
    case = await _assigned_case()
    token = await _sign_in(client, "leader.xihu")
    r = await client.post("/leader/courtrooms", data={"name": " ", "kind": "physical", "csrf_token": token})
    assert r.status_code == 422 and "请填写法庭名称" in r.text
    r = await client.post(
        "/leader/courtrooms", data={"name": "第九法庭", "kind": "moon", "csrf_token": token}
    )
    assert r.status_code == 422 and "请选择法庭类型" in r.text
    token = await _sign_in(client, "judge.xihu")
    r = await client.post(
        f"/judge/cases/{case['id']}/hearings",
        data={"courtroom_id": "1", "starts_at": "明天", "csrf_token": token},
    )
    assert r.status_code == 422 and "请填写开庭日期和时间" in r.text
    r = await client.post(
        f"/judge/cases/{case['id']}/limit-requests",
        data={"kind": "extension", "months": "7", "reason": "复杂", "csrf_token": token},
    )
    assert r.status_code == 422 and "第一百五十二条" in r.text
    r = await client.post(
        f"/judge/cases/{case['id']}/evidence", data={"last_day": "2026-12-08", "csrf_token": token}
    )
    assert r.status_code == 422 and "《证据规定》第五十一条" in r.text
    # Another judge may look but not act: the policy refuses (403), in Chinese.
    token = await _sign_in(client, "judge2.xihu")
    r = await client.post(f"/judge/cases/{case['id']}/clerk", data={"clerk_id": "1", "csrf_token": token})
    assert r.status_code == 403 and "您无权进行此操作" in r.text
