"""Objects a user may not see answer exactly as missing ids do, and staff lists hide other people's drafts
(issue 15, #10).

Before: a stranger got 403 for an existing filing, case, matter, job or terminal and 404 for a missing one, so
ids could be enumerated; and the clerk's, judge's and leader's filing lists showed litigants' drafts, which the
policy already refused them one by one.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import pytest

from court.bootstrap import Runtime
from testkit.pdfs import make_pdf
from tests.conftest import sign_in
from tests.filing.test_filing_api import create_filing, upload

MISSING = 987_654


@pytest.fixture
async def demo_client(demo: Runtime) -> AsyncIterator[Any]:
    import httpx

    from tests.conftest import app_for

    app = app_for(demo)  # the test process's one app, pointed at this runtime
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
        yield c
    app.state.runtime = None


async def _stranger(client: Any) -> dict[str, str]:
    from court.accounts.roles import Role
    from court.accounts.service import create_user

    await create_user("stranger.zhao", "a-long-passphrase-77", Role.LITIGANT, fast_hash=True)
    return await sign_in(client, "stranger.zhao", "a-long-passphrase-77")


async def _same_as_missing(
    client: Any, method: str, template: str, real: int, headers: dict[str, str], **kwargs: Any
) -> None:
    """`template` with the real id and with a missing one give one and the same 404 problem, id aside."""
    seen = await client.request(method, template.format(id=real), headers=headers, **kwargs)
    missing = await client.request(method, template.format(id=MISSING), headers=headers, **kwargs)
    assert seen.status_code == missing.status_code == 404, (template, seen.status_code, seen.text[:200])

    def shape(r: Any, ident: int) -> str:
        body = r.json()
        body.pop("instance")  # the path asked for, which differs by the id
        return re.sub(rf"\b{ident}\b", "{id}", json.dumps(body, ensure_ascii=False, sort_keys=True))

    assert shape(seen, real) == shape(missing, MISSING), (seen.text, missing.text)


async def _submitted(client: Any, h: dict[str, str]) -> tuple[int, int]:
    fid = await create_filing(client, h)
    doc = await upload(client, h, fid, make_pdf())
    assert doc.status_code == 201, doc.text
    assert (await client.post(f"/api/v1/filings/{fid}/submit", headers=h)).status_code == 200
    return fid, int(doc.json()["id"])


async def test_a_filing_one_may_not_see_is_not_found_like_a_missing_one(client: Any) -> None:
    wang = await sign_in(client, "litigant.wang")
    stranger = await _stranger(client)
    other_court = await sign_in(client, "clerk.yuecheng")
    clerk = await sign_in(client, "clerk.xihu")
    fid, doc = await _submitted(client, wang)
    for who in (stranger, other_court):
        for path in ("/api/v1/filings/{id}", "/api/v1/filings/{id}/status", "/api/v1/filings/{id}/receipt"):
            await _same_as_missing(client, "GET", path, fid, who)
        # The document of a filing one may not see: "no filing", whatever the document id.
        await _same_as_missing(client, "GET", f"/api/v1/filings/{{id}}/documents/{doc}/content", fid, who)
        # Acting on it, too: nothing tells the caller the id exists.
        await _same_as_missing(client, "POST", "/api/v1/filings/{id}/submit", fid, who)
    # Someone who may see it but not do this gets 403.
    refused = await client.post(f"/api/v1/filings/{fid}/submit", headers=clerk)
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    assert (await client.get(f"/api/v1/filings/{fid}", headers=clerk)).status_code == 200


async def test_a_draft_is_hidden_from_the_court_until_it_is_submitted(client: Any) -> None:
    wang = await sign_in(client, "litigant.wang")
    draft = await create_filing(client, wang)
    staff = {name: await sign_in(client, name) for name in ("clerk.xihu", "judge.xihu", "leader.xihu")}
    for name, h in staff.items():
        listed = await client.get("/api/v1/filings", headers=h)
        assert listed.status_code == 200
        assert draft not in [f["id"] for f in listed.json()], f"{name} lists another user's draft"
        await _same_as_missing(client, "GET", "/api/v1/filings/{id}", draft, h)
        page = await client.get("/filings", headers={"cookie": f"court_session={h['Authorization'][7:]}"})
        assert page.status_code == 200 and f'href="/filings/{draft}"' not in page.text
    # The filer sees her draft; once submitted, the court sees it in its lists.
    assert draft in [f["id"] for f in (await client.get("/api/v1/filings", headers=wang)).json()]
    assert (await upload(client, wang, draft, make_pdf())).status_code == 201
    assert (await client.post(f"/api/v1/filings/{draft}/submit", headers=wang)).status_code == 200
    for h in staff.values():
        assert draft in [f["id"] for f in (await client.get("/api/v1/filings", headers=h)).json()]


async def test_a_clerks_own_counter_draft_stays_in_the_clerks_list(client: Any) -> None:
    clerk = await sign_in(client, "clerk.xihu")
    own = await create_filing(client, clerk)
    assert own in [f["id"] for f in (await client.get("/api/v1/filings", headers=clerk)).json()]
    judge = await sign_in(client, "judge.xihu")
    assert own not in [f["id"] for f in (await client.get("/api/v1/filings", headers=judge)).json()]


async def test_cases_matters_tasks_jobs_and_terminals_hide_alike(demo_client: Any) -> None:
    from court.cases.tables import Case
    from court.execution.tables import AgencyTaskRow, EnforcementMatter
    from court.jobs.tables import OutboxJob

    c = demo_client
    case = (
        await Case.select(Case.id, Case.court_code).where(Case.court_code == "浙0602").first()
    )  # the demo's 越城 case
    matter = (
        await EnforcementMatter.select(EnforcementMatter.id)
        .where(EnforcementMatter.court_code == "浙0106")
        .first()
    )
    task = await AgencyTaskRow.select(AgencyTaskRow.id).where(AgencyTaskRow.matter == matter["id"]).first()
    job = await OutboxJob.select(OutboxJob.id).where(OutboxJob.court_code == "浙0106").first()
    assert case["court_code"] == "浙0602"
    stranger = await _stranger(c)
    xihu_clerk = await sign_in(c, "clerk.xihu")
    await _same_as_missing(c, "GET", "/api/v1/cases/{id}", int(case["id"]), stranger)
    await _same_as_missing(
        c, "GET", "/api/v1/cases/{id}/timeline", int(case["id"]), xihu_clerk
    )  # another court's case
    await _same_as_missing(c, "GET", "/api/v1/matters/{id}", int(matter["id"]), stranger)
    await _same_as_missing(c, "GET", "/api/v1/matters/{id}/closing", int(matter["id"]), xihu_clerk)
    await _same_as_missing(c, "GET", "/api/v1/agency-tasks/{id}", int(task["id"]), stranger)
    await _same_as_missing(c, "GET", "/api/v1/jobs/{id}", int(job["id"]), await sign_in(c, "clerk.yuecheng"))
    leader = await sign_in(c, "leader.xihu")
    made = await c.post(
        "/api/v1/terminals", json={"code": "HIDE-1", "name": "终端", "court_code": "浙0106"}, headers=leader
    )
    terminal = int(made.json()["id"])
    await _same_as_missing(c, "POST", "/api/v1/terminals/{id}/revoke", terminal, stranger)
    await _same_as_missing(
        c, "POST", "/api/v1/terminals/{id}/revoke", terminal, await sign_in(c, "clerk.yuecheng")
    )
    # Staff who see the object but may not do this: 403 (a clerk of 浙0602 may view its case, not decide on it;
    # a clerk of 西湖 sees its terminals, only leaders revoke them).
    yuecheng_clerk = await sign_in(c, "clerk.yuecheng")
    decide = await c.post(
        f"/api/v1/cases/{case['id']}/events", json={"kind": "judged"}, headers=yuecheng_clerk
    )
    assert decide.status_code == 403
    assert (await c.post(f"/api/v1/terminals/{terminal}/revoke", headers=xihu_clerk)).status_code == 403
    # A hidden page is the same "not found" page as a missing id.
    cookie = {"cookie": f"court_session={stranger['Authorization'][7:]}"}
    seen = await c.get(f"/judge/cases/{case['id']}", headers=cookie)
    missing = await c.get(f"/judge/cases/{MISSING}", headers=cookie)
    assert seen.status_code == missing.status_code == 404


def test_the_policy_hides_what_one_may_not_see_and_refuses_what_one_may_not_do() -> None:
    from court.accounts.policy import Action, Principal, Resource, ResourceKind, require
    from court.accounts.roles import Role
    from court.errors import NotFound, PermissionDenied

    filing = Resource(
        ResourceKind.FILING,
        court_code="浙0106",
        receiving_court_code="浙0106",
        owner_user_id=1,
        status="submitted",
        ref=("filing", 12),
    )
    stranger = Principal(user_id=2, role=Role.LITIGANT)
    with pytest.raises(NotFound) as hidden:
        require(stranger, Action.VIEW, filing)
    assert hidden.value.detail == "no filing 12" and hidden.value.params == {"filing_id": 12}
    # The owner's narrow token may not edit, but the owner may see the filing: 403, not a lie about existence.
    owner_view_token = Principal(user_id=1, role=Role.LITIGANT, scopes=frozenset({"view"}))
    with pytest.raises(PermissionDenied):
        require(owner_view_token, Action.EDIT, filing)
    # A clerk of the court sees the submitted filing but may not submit it.
    clerk = Principal(user_id=3, role=Role.CLERK, court_code="浙0106")
    with pytest.raises(PermissionDenied):
        require(clerk, Action.SUBMIT, filing)
    # ... and may not see it while it is a draft.
    with pytest.raises(NotFound):
        require(clerk, Action.VIEW, replace(filing, status="draft"))
    # A resource standing for a kind of thing (no ref) is refused with 403 as before.
    with pytest.raises(PermissionDenied):
        require(stranger, Action.REVIEW, Resource(ResourceKind.FILING, court_code="浙0106"))
    # A sealed document of a case the judge sees exists for the judge: its content is refused, 403.
    sealed = Resource(
        ResourceKind.DOCUMENT,
        court_code="浙0106",
        assigned_user_ids=frozenset({9}),
        sealed=True,
        ref=("case", 5),
    )
    with pytest.raises(PermissionDenied):
        require(Principal(user_id=4, role=Role.JUDGE, court_code="浙0106"), Action.READ_DOCUMENT, sealed)
