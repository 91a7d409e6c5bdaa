"""Specialised courts and partial answers: Zhejiang's technical-IP centres, the general-IP threshold and designated
basic courts, railway transport courts, maritime and financial courts of other provinces, special procedures,
foreign-related level, arbitral awards. Each expectation is written from the rule cited in its id."""

from __future__ import annotations

from typing import Any

import pytest

from court.routing.directory import CourtDirectory
from court.routing.rules import decide_json

HZ = "杭州市西湖区文三路90号"
NB = "宁波市海曙区中山西路1号"
SH_PUDONG = "上海市浦东新区世纪大道100号"


def _req(
    cause: str, plaintiff: str, defendant: str, amount: str | None = None, **extra: Any
) -> dict[str, Any]:
    request: dict[str, Any] = {
        "cause": cause,
        "parties": [{"role": "plaintiff", "kind": "organisation", "address": plaintiff},
                    {"role": "defendant", "kind": "organisation", "address": defendant}],
        "filing_date": "2025-06-01",
    }  # fmt: skip
    if amount is not None:
        request["amount"] = amount
    return request | extra


@pytest.mark.parametrize(
    ("request_", "courts", "rule", "unknown"),
    [
        # 法释〔2022〕13号 Art.1 + the SPC's 2017 approval of the 杭州/宁波 IP tribunals: technical IP of 嘉兴, 湖州,
        # 金华, 衢州 goes to 杭州中院; of 绍兴, 舟山, 台州 to 宁波中院; 温州 keeps its own.
        pytest.param(_req("侵害发明专利权纠纷", HZ, "嘉兴市南湖区建设街道", "300000"), ["浙01"], "technical_ip", [],
                     id="patent-嘉兴-to-杭州中院-法释2022-13-Art1"),
        pytest.param(_req("侵害发明专利权纠纷", HZ, "湖州市吴兴区爱山街道", "300000"), ["浙01"], "technical_ip", [],
                     id="patent-湖州-to-杭州中院"),
        pytest.param(_req("专利权权属、侵权纠纷", HZ, "绍兴市越城区府山街道", "300000"), ["浙02"], "technical_ip", [],
                     id="patent-绍兴-to-宁波中院"),
        pytest.param(_req("侵害技术秘密纠纷", HZ, "台州市椒江区海门街道", "300000"), ["浙02"], "technical_ip", [],
                     id="technical-secret-台州-to-宁波中院"),
        pytest.param(_req("侵害发明专利权纠纷", HZ, "温州市鹿城区五马街道", "300000"), ["浙03"], "technical_ip", [],
                     id="patent-温州-own-intermediate-court"),
        pytest.param(_req("侵害发明专利权纠纷", HZ, SH_PUDONG, "300000"), [], "technical_ip", ["上海知识产权法院"],
                     id="patent-上海-defendant-named-without-code"),
        # General IP: 8,000,000 yuan or more to the IP tribunal's court (2017 approval); below, a designated
        # basic court (法函〔2008〕35号), else described without a code.
        pytest.param(_req("侵害商标权纠纷", HZ, "绍兴市越城区府山街道", "20000000"), ["浙02"], "tort", [],
                     id="trademark-20m-over-the-8m-threshold-to-宁波中院"),
        pytest.param(_req("侵害商标权纠纷", HZ, "宁波市鄞州区首南街道", "8000000"), ["浙02"], "tort", [],
                     id="trademark-8m-inclusive-CC-1259"),
        pytest.param(_req("侵害商标权纠纷", HZ, "宁波市鄞州区首南街道", "200000"), ["浙0212"], "tort", [],
                     id="trademark-below-threshold-designated-basic-court-鄞州"),
        pytest.param(_req("侵害商标权纠纷", HZ, "台州市路桥区路桥街道", "200000"), [], "tort",
                     ["台州市内指定管辖知识产权案件的基层人民法院"], id="trademark-undesignated-basic-court-described"),
        # Railway transport courts, 法释〔2012〕10号 Art.3.
        pytest.param(_req("铁路旅客运输合同纠纷", HZ, "杭州市上城区环城东路1号", "3000"), ["浙8601"],
                     "railway_transport", [], id="railway-passenger-contract-to-杭州铁路运输法院"),
        pytest.param(_req("铁路货物运输合同纠纷", HZ, "上海市静安区天目西路1号", "30000",
                          performance_place="宁波市北仑区新碶街道"),
                     ["浙8601"], "railway_transport", ["上海市的铁路运输法院"], id="railway-goods-cross-province-partial"),
        # Maritime: 海事诉讼特别程序法 Arts.4, 6 — the Zhejiang court is named, Shanghai's described.
        pytest.param(_req("海上、通海水域货物运输合同纠纷", "宁波市鄞州区首南街道", SH_PUDONG, "800000",
                          performance_place="宁波市北仑区新碶街道"),
                     ["浙72"], "maritime", ["上海海事法院"], id="maritime-shanghai-defendant-partial-answer"),
        # Level (法发〔2021〕27号): 200,000,000 with a party outside the province: intermediate courts; Shanghai's
        # intermediate court for 浦东 is not in the directory and is described.
        pytest.param(_req("买卖合同纠纷", SH_PUDONG, HZ, "200000000"), ["浙01"], "contract",
                     ["上海市浦东新区的中级人民法院"], id="contract-200m-shanghai-plaintiff-partial-answer"),
        # Financial courts (法释〔2021〕9号 Art 1): intermediate-level financial cases in Shanghai.
        pytest.param(_req("金融借款合同纠纷", SH_PUDONG, "上海市静安区天目西路1号", "600000000",
                          performance_place=SH_PUDONG),
                     [], "contract", ["上海金融法院"], id="financial-loan-600m-shanghai-上海金融法院"),
        # Foreign-related level, 法释〔2022〕18号 Art.2: Zhejiang's intermediate courts from 40,000,000.
        pytest.param(_req("买卖合同纠纷", HZ, NB, "30000000", foreign_related=True, performance_place=NB),
                     ["浙0203"], "contract", [], id="foreign-related-30m-basic-法释2022-18"),
        pytest.param(_req("买卖合同纠纷", HZ, NB, "40000000", foreign_related=True, performance_place=NB),
                     ["浙02"], "contract", [], id="foreign-related-40m-intermediate-inclusive"),
    ],
)  # fmt: skip
def test_specialised_routing(
    request_: dict[str, Any], courts: list[str], rule: str, unknown: list[str], directory: CourtDirectory
) -> None:
    decision = decide_json(request_, directory)
    assert [c["code"] for c in decision["courts"]] == courts, decision
    assert decision["rule"] == rule, decision
    assert [u["name"] for u in decision["unknown"]] == unknown, decision
    assert not decision["needs"]
    for u in decision["unknown"]:
        assert any(u["name"] in note and "code unknown" in note for note in decision["assumptions"])


def test_a_described_court_shows_the_standards_pattern_but_no_code(directory: CourtDirectory) -> None:
    request = _req("海上、通海水域货物运输合同纠纷", "宁波市鄞州区首南街道", SH_PUDONG, "800000")
    decision = decide_json(request, directory)
    assert decision["courts"] == [] and decision["unknown"][0]["probable_code"] == "沪72"


def _special(cause: str, **extra: Any) -> dict[str, Any]:
    return {"cause": cause, "filing_date": "2025-06-01",
            "parties": [{"role": "applicant", "kind": "organisation", "address": HZ},
                        {"role": "respondent", "kind": "person", "address": NB}]} | extra  # fmt: skip


@pytest.mark.parametrize(
    ("request_", "courts", "rule"),
    [
        pytest.param(_special("申请支付令", amount="50000"), ["浙0203"], "payment_order",
                     id="payment-order-debtor-domicile-CPL-225-Interp-23"),
        pytest.param(_special("申请实现担保物权", property_location="温州市鹿城区五马街道", amount="500000"),
                     ["浙0302"], "realise_security_interest", id="security-interest-property-location-CPL-207"),
        pytest.param(_special("申请司法确认调解协议"), ["浙0106", "浙0203"], "confirm_mediation_agreement",
                     id="mediation-agreement-either-party-domicile-CPL-205"),
        pytest.param(_special("申请宣告自然人失踪"), ["浙0203"], "declare_missing_or_dead",
                     id="declare-missing-respondent-domicile-CPL-190"),
        pytest.param(_special("申请认定财产无主", property_location="温州市鹿城区五马街道"), ["浙0302"],
                     "ownerless_property", id="ownerless-property-location-CPL-202"),
    ],
)  # fmt: skip
def test_special_procedures_go_to_the_basic_court_the_article_names(
    request_: dict[str, Any], courts: list[str], rule: str, directory: CourtDirectory
) -> None:
    decision = decide_json(request_, directory)
    assert [c["code"] for c in decision["courts"]] == courts, decision
    assert decision["rule"] == rule and decision["level"] == "basic"


@pytest.mark.parametrize(
    ("amount", "courts"),
    [
        pytest.param(
            "300000", ["浙0603"], id="arbitral-award-within-basic-level-delegated-法释2018-5-Art2-para2"
        ),
        pytest.param("600000000", ["浙06"], id="arbitral-award-intermediate-court-法释2018-5-Art2"),
    ],
)
def test_arbitral_award_enforcement_level(amount: str, courts: list[str], directory: CourtDirectory) -> None:
    request = {"enforcement_of": "杭州仲裁委员会（2024）杭仲裁字第12号裁决书", "amount": amount, "filing_date": "2025-06-01",
               "parties": [{"role": "申请执行人", "kind": "organisation", "address": HZ},
                           {"role": "被执行人", "kind": "organisation", "address": "绍兴市柯桥区柯桥街道"}]}  # fmt: skip
    decision = decide_json(request, directory)
    assert [c["code"] for c in decision["courts"]] == courts, decision
    assert decision["rule"] == "enforcement_arbitral_award" and "法释〔2018〕5号 Art.2" in decision["article"]
