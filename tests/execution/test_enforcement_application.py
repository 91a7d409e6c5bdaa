"""Enforcement applied for from an effective judgment in one step (issue 18 item 7), on both engines: the 执 case and
its matter with one number, linked to the original case and assigned to an enforcement officer; refusals before the
judgment takes effect and after the two years (CPL Art 250); one outcome under parallel submits; and an enforcement
application a clerk registers from a filing gets its matter too (one number, one allocator)."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from court.accounts.tables import User
from court.audit.chain import verify as verify_audit
from court.cases.deadlines import deadline_for
from court.cases.registration import register_filing
from court.cases.tables import Case, CaseParty
from court.documents.tables import CourtDocument
from court.errors import InvalidInput, NotFound, PermissionDenied
from court.execution import application
from court.execution.service import court_day, now_of
from court.execution.tables import EnforcementMatter, MatterParty
from tests.cases.test_registration import NOW, principal, submitted_filing
from tests.serving.helpers import signed_document
from tests.web.forms import sign_in_by_form

EFFECTIVE = date(2026, 4, 1)


async def effective_judgment(
    runtime: Any, effective_on: date | None = EFFECTIVE
) -> tuple[dict[str, Any], dict[str, Any]]:
    case, judgment = await signed_document(runtime)
    if effective_on is not None:
        # What court.serving's sweep records once the appeal periods lapsed unappealed (tested in tests/serving).
        await CourtDocument.update({CourtDocument.effective_on: effective_on}).where(
            CourtDocument.id == judgment["id"]
        )
    return case, judgment


async def assert_one_matter_per_enforcement_case() -> None:
    """Every registered 执 case has exactly one enforcement matter, with the same number."""
    for case in await Case.select(Case.number, Case.judge_id).where(Case.type_code == "执"):
        matters = await EnforcementMatter.select(EnforcementMatter.officer_id).where(
            EnforcementMatter.number == case["number"]
        )
        assert len(matters) == 1, case["number"]
        assert matters[0]["officer_id"] == case["judge_id"]


async def test_one_step_registers_the_enforcement_case_and_opens_its_matter(seeded: Any) -> None:
    case, judgment = await effective_judgment(seeded)
    wang = await principal("litigant.wang")
    offer = await application.enforceable_titles(wang, case["id"], EFFECTIVE)
    [title] = offer
    # CPL Art 250: two years from the last day of performance; the decision sets none, so from 1 April 2026.
    engine = deadline_for("enforcement_application", EFFECTIVE)
    assert (
        title["state"] == "open" and title["last_day"] == engine.deadline and title["amount"] == "150000.00"
    )
    assert engine.deadline >= date(2028, 4, 1)

    made = await application.apply_for_enforcement(
        wang, judgment["id"], "120000", today=EFFECTIVE + timedelta(days=30), case_id=case["id"]
    )
    assert made["created"] is True and "执" in made["number"]
    enforcement = await Case.select().where(Case.id == made["case_id"]).first()
    matter = await EnforcementMatter.select().where(EnforcementMatter.id == made["matter_id"]).first()
    assert enforcement["number"] == matter["number"] == made["number"]
    assert (
        enforcement["type_code"] == "执"
        and enforcement["case_type"] == "enforcement"
        and enforcement["status"] == "assigned"
    )
    # Linked to the original case, and worked by an enforcement officer of the court (the 执行局).
    assert matter["title_case_id"] == case["id"] and matter["title_number"] == case["number"]
    officer = await User.select(User.role, User.court_code).where(User.id == matter["officer_id"]).first()
    assert officer["role"] == "enforcement_officer" and officer["court_code"] == case["court_code"]
    assert enforcement["judge_id"] == matter["officer_id"] and enforcement["division"] == "执行局"
    parties = {p["role"]: p for p in await MatterParty.select().where(MatterParty.matter == matter["id"])}
    assert parties["applicant"]["name"] == "王丽华" and Decimal(
        str(parties["applicant"]["principal"])
    ) == Decimal("120000")
    assert parties["applicant"]["user_id"] == wang.user_id and parties["debtor"]["name"] == "陈建国"
    roles = [
        p["role"] for p in await CaseParty.select(CaseParty.role).where(CaseParty.case == made["case_id"])
    ]
    assert roles == ["applicant", "respondent"]

    # Again (a double click, a retry): the same case and matter, nothing new.
    again = await application.apply_for_enforcement(
        wang, judgment["id"], None, today=EFFECTIVE + timedelta(days=31)
    )
    assert (again["created"], again["case_id"], again["matter_id"]) == (
        False,
        made["case_id"],
        made["matter_id"],
    )
    assert await EnforcementMatter.count() == 1 and await Case.count().where(Case.type_code == "执") == 1
    # The case page now offers the matter's progress; the judge's page lists the linked 执 case.
    assert (await application.matter_of_case(wang, case["id"]))["id"] == made["matter_id"]
    assert [m["number"] for m in await application.linked_matters(case["id"])] == [made["number"]]
    await assert_one_matter_per_enforcement_case()
    assert not await verify_audit()


async def test_refused_before_the_judgment_takes_effect_and_after_two_years(seeded: Any) -> None:
    case, judgment = await effective_judgment(seeded, effective_on=None)
    wang = await principal("litigant.wang")
    assert (await application.enforceable_titles(wang, case["id"], EFFECTIVE))[0]["state"] == "not_effective"
    with pytest.raises(application.TitleNotEffective):
        await application.apply_for_enforcement(wang, judgment["id"], None, today=EFFECTIVE)

    await CourtDocument.update({CourtDocument.effective_on: EFFECTIVE}).where(
        CourtDocument.id == judgment["id"]
    )
    last = deadline_for("enforcement_application", EFFECTIVE).deadline
    assert (await application.enforceable_titles(wang, case["id"], last + timedelta(days=1)))[0][
        "state"
    ] == "lapsed"
    with pytest.raises(application.EnforcementPeriodLapsed) as lapsed:
        await application.apply_for_enforcement(wang, judgment["id"], None, today=last + timedelta(days=1))
    assert (
        lapsed.value.params["last_day"] == last.isoformat()
        and lapsed.value.params["article"] == "CPL Art 250"
    )
    # The last day itself is still within the period.
    assert (await application.apply_for_enforcement(wang, judgment["id"], None, today=last))[
        "created"
    ] is True


async def test_only_the_winning_party_applies_and_for_no_more_than_claimed(seeded: Any) -> None:
    case, judgment = await effective_judgment(seeded)
    with pytest.raises(NotFound):  # not a party: the case does not exist for them
        await application.apply_for_enforcement(
            await principal("lawyer.li"), judgment["id"], None, today=EFFECTIVE
        )
    with pytest.raises(PermissionDenied):  # the judge sees the case but applies for nobody
        await application.apply_for_enforcement(
            await principal("judge.xihu"), judgment["id"], None, today=EFFECTIVE
        )
    wang = await principal("litigant.wang")
    for bad in ("150000.01", "0", "-5", "1E+30", "abc"):
        with pytest.raises(InvalidInput):
            await application.apply_for_enforcement(wang, judgment["id"], bad, today=EFFECTIVE)
    assert await EnforcementMatter.count() == 0 and await Case.count().where(Case.type_code == "执") == 0


async def test_the_page_refusal_is_a_problem_in_the_users_language(client: Any, seeded: Any) -> None:
    case, judgment = await effective_judgment(seeded, effective_on=None)
    token = await sign_in_by_form(client, "litigant.wang")
    page = await client.get(f"/my-cases/{case['id']}")
    assert "尚未发生法律效力" in page.text and "apply-enforcement" not in page.text
    r = await client.post(
        f"/my-cases/{case['id']}/enforcement",
        data={"csrf_token": token, "document_id": str(judgment["id"])},
        headers={"accept": "application/json", "accept-language": "zh-CN"},
    )
    # A page form's refusal is the error page: the problem's title and detail in the user's language.
    assert r.status_code == 409, r.text[:300]
    assert (
        "该裁判文书尚未发生法律效力" in r.text
        and "第一百五十八条" in r.text
        and "not taken effect" not in r.text
    )
    en = await client.post(
        f"/my-cases/{case['id']}/enforcement?lang=en",
        data={"csrf_token": token, "document_id": str(judgment["id"])},
        headers={"accept": "application/json", "accept-language": "en"},
    )
    assert en.status_code == 409 and "not taken effect" in en.text and "尚未" not in en.text

    await CourtDocument.update({CourtDocument.effective_on: EFFECTIVE - timedelta(days=800)}).where(
        CourtDocument.id == judgment["id"]
    )
    lapsed = await client.post(
        f"/my-cases/{case['id']}/enforcement",
        data={"csrf_token": token, "document_id": str(judgment["id"])},
        headers={"accept": "application/json", "accept-language": "zh-CN"},
    )
    assert lapsed.status_code == 409 and "申请执行期间已届满" in lapsed.text and "第二百五十条" in lapsed.text

    # Effective and within the period: the form, prefilled, registers in one step and the page shows the matter.
    await CourtDocument.update({CourtDocument.effective_on: court_day(now_of(None))}).where(
        CourtDocument.id == judgment["id"]
    )
    page = await client.get(f"/my-cases/{case['id']}")
    assert 'id="apply-enforcement"' in page.text and 'value="150000.00"' in page.text
    done = await client.post(
        f"/my-cases/{case['id']}/enforcement",
        data={"csrf_token": token, "document_id": str(judgment["id"]), "amount": "150000.00"},
    )
    assert done.status_code in (302, 303) and "applied=1" in done.headers["location"]
    page = await client.get(f"/my-cases/{case['id']}?applied=1")
    matter = await EnforcementMatter.select().first()
    assert matter["number"] in page.text and f'href="/enforcement/{matter["id"]}"' in page.text
    assert "执行案号" in page.text or "执行案件" in page.text
    judge_token = await sign_in_by_form(client, "judge.xihu")
    assert judge_token
    judge_page = await client.get(f"/judge/cases/{case['id']}")
    assert matter["number"] in judge_page.text and f"/enforcement/{matter['id']}" in judge_page.text
    await sign_in_by_form(client, "enforcer.xihu")
    workbench = await client.get("/enforcement/")
    assert matter["number"] in workbench.text


async def test_parallel_applications_make_one_case_and_one_matter(seeded: Any) -> None:
    case, judgment = await effective_judgment(seeded)
    wang = await principal("litigant.wang")
    results = await asyncio.gather(
        *[application.apply_for_enforcement(wang, judgment["id"], None, today=EFFECTIVE) for _ in range(20)],
        return_exceptions=True,
    )
    errors = [r for r in results if isinstance(r, BaseException)]
    assert not errors, errors[:3]
    assert sum(1 for r in results if r["created"]) == 1
    assert len({(r["case_id"], r["matter_id"], r["number"]) for r in results}) == 1
    assert await EnforcementMatter.count() == 1 and await Case.count().where(Case.type_code == "执") == 1
    await assert_one_matter_per_enforcement_case()
    assert not await verify_audit()


async def test_a_clerk_registered_enforcement_application_gets_its_matter_with_the_same_number(
    seeded: Any,
) -> None:
    clerk = await principal("clerk.xihu")
    first = await register_filing(clerk, await submitted_filing(case_type="enforcement"), now=NOW)
    second = await register_filing(clerk, await submitted_filing(case_type="enforcement"), now=NOW)
    # One allocator: the 执 serials run 1, 2 — no number taken twice for one application.
    assert (first["number"], second["number"]) == ("（2026）浙0106执1号", "（2026）浙0106执2号")
    matters = await EnforcementMatter.select().order_by(EnforcementMatter.id)
    assert [m["number"] for m in matters] == [first["number"], second["number"]]
    assert [m["serial"] for m in matters] == [1, 2]
    officer = await User.select(User.role).where(User.id == matters[0]["officer_id"]).first()
    assert officer["role"] == "enforcement_officer"
    parties = (
        await MatterParty.select(MatterParty.role, MatterParty.name, MatterParty.principal)
        .where(MatterParty.matter == matters[0]["id"])
        .order_by(MatterParty.id)
    )
    assert [(p["role"], p["name"]) for p in parties] == [("applicant", "王丽华"), ("debtor", "陈建国")]
    assert Decimal(str(parties[0]["principal"])) == Decimal("150000")
    # Registering again returns the same case and makes no second matter.
    again = await register_filing(clerk, first["filing_id"], now=NOW)
    assert again["id"] == first["id"] and await EnforcementMatter.count() == 2
    await assert_one_matter_per_enforcement_case()
    assert not await verify_audit()
