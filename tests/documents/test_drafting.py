"""Drafting court documents from the case (pure): dates in Chinese numerals, the fee from the fee rules, the periods."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from court.cases.fees import FeeKind, assess_fee
from court.documents.drafting import (
    CaseFacts,
    ClaimFacts,
    HearingFacts,
    PartyFacts,
    apply_edits,
    chinese_date,
    content_sha256,
    draft,
)
from court.documents.kinds import DocumentKind
from court.errors import Conflict, InvalidInput


def facts(**changes: object) -> CaseFacts:
    fee = assess_fee(FeeKind.PROPERTY, Decimal("100000"))
    base = dict(
        court_name="杭州市西湖区人民法院",
        number="（2026）浙0106民初1号",
        case_type="civil",
        cause_name="民间借贷纠纷",
        procedure="ordinary",
        registered_on=date(2026, 3, 2),
        parties=[
            PartyFacts("plaintiff", "王丽华", address="杭州市西湖区文三路1号"),
            PartyFacts(
                "defendant",
                "某某科技有限公司",
                kind="legal_person",
                legal_representative="李某",
                agents=["张律师"],
            ),
        ],
        claims=[ClaimFacts("判令被告归还借款100000元", "100000.00")],
        fee=format(fee.fee, "f"),
        fee_basis=list(fee.basis),
        judge_name="赵法官",
        appeal_court_name="浙江省杭州市中级人民法院",
    )
    base.update(changes)
    return CaseFacts(**base)  # type: ignore[arg-type]


def text(content: dict[str, object]) -> str:
    return "\n".join(s["text"] for s in content["sections"])  # type: ignore[index,union-attr]


@pytest.mark.parametrize(
    ("day", "written"),
    [
        (date(2026, 12, 6), "二〇二六年十二月六日"),
        (date(2026, 10, 20), "二〇二六年十月二十日"),
        (date(2030, 1, 31), "二〇三〇年一月三十一日"),
        (date(2026, 11, 15), "二〇二六年十一月十五日"),
    ],
)
def test_the_date_of_a_document_is_written_in_chinese_numerals(day: date, written: str) -> None:
    assert chinese_date(day) == written


def test_the_fee_notice_states_the_fee_the_fee_measures_give() -> None:
    # Fee Measures Art 13(1): 100,000 yuan in dispute → 50 + 2.5% of 90,000 = 2,300 yuan.
    content = draft(DocumentKind.FEE_NOTICE, facts())
    assert "应交纳案件受理费2300.00元" in text(content)
    assert "七日" in text(content) or "7日" in text(content)  # Fee Measures Art 22
    assert content["header"]["addressee"] == "王丽华"


def test_a_judgment_draft_has_header_parties_claims_history_and_the_appeal_period() -> None:
    held = HearingFacts(
        starts_at=datetime(2026, 4, 10, 1, 30, tzinfo=UTC), courtroom="第一法庭", status="held"
    )
    content = draft(DocumentKind.JUDGMENT, facts(hearings=[held]))
    assert content["header"] == {
        "court": "杭州市西湖区人民法院",
        "title": "民事判决书",
        "number": "（2026）浙0106民初1号",
        "addressee": "",
    }
    body = text(content)
    assert (
        "原告：王丽华，住杭州市西湖区文三路1号。" in body
        and "法定代表人：李某。" in body
        and "委托诉讼代理人：张律师。" in body
    )
    assert "1. 判令被告归还借款100000元" in body
    assert "本院于2026年3月2日立案后，依法适用普通程序，于2026年4月10日公开开庭进行了审理" in body
    assert "判决书送达之日起15日内" in body and "上诉于浙江省杭州市中级人民法院" in body  # CPL Art 171
    assert "案件受理费2300.00元" in body
    assert content["signature"]["judges"] == ["赵法官"]


def test_a_ruling_gives_ten_days_to_appeal_and_mediation_halves_the_fee() -> None:
    assert "裁定书送达之日起10日内" in text(draft(DocumentKind.RULING, facts()))  # CPL Art 171
    assert "减半收取计1150.00元" in text(draft(DocumentKind.MEDIATION, facts()))  # Fee Measures Art 15


@pytest.mark.parametrize(("procedure", "days"), [("ordinary", "15日"), ("small_claims", "7日")])
def test_the_evidence_period_follows_the_procedure(procedure: str, days: str) -> None:
    # SPC Provisions on Evidence (2019) Art 51.
    assert f"收到本通知书次日起{days}内" in text(
        draft(DocumentKind.EVIDENCE_NOTICE, facts(procedure=procedure))
    )


def test_a_summons_needs_a_scheduled_hearing_and_names_its_time_and_room() -> None:
    with pytest.raises(Conflict):
        draft(DocumentKind.SUMMONS, facts())
    hearing = HearingFacts(starts_at=datetime(2026, 4, 10, 1, 30, tzinfo=UTC), courtroom="第一法庭")
    body = text(draft(DocumentKind.SUMMONS, facts(hearings=[hearing])))
    assert "2026年4月10日 09:30" in body and "杭州市西湖区人民法院第一法庭" in body  # shown in Asia/Shanghai


def test_edits_replace_section_texts_and_change_the_fingerprint() -> None:
    content = draft(DocumentKind.JUDGMENT, facts())
    edited = apply_edits(content, {"facts": "本院经审理认定事实如下：2025年1月，被告向原告借款100000元。"})
    assert edited["header"] == content["header"]
    assert content_sha256(edited) != content_sha256(content)
    assert content_sha256(apply_edits(content, {})) == content_sha256(content)
    with pytest.raises(InvalidInput):
        apply_edits(content, {"no_such_section": "x"})
