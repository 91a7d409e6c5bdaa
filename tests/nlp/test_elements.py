"""Element-style docket (要素式起诉状, 法〔2024〕46号): schemas, rates, rules on snippets, samples and the corpus."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec
import pytest

from nlp.catalogue import Catalogue
from nlp.components.elements import element_rules
from nlp.docket import Rate, to_builtins
from nlp.elements import SCHEMAS, compile_rules, parse_rate, read_elements, schema_for
from nlp.eval import evaluate_file, score
from nlp.extract import extract_docket
from testkit.shared_corpus import CORPUS as SHARED

CORPUS = Path(__file__).parents[1] / "corpus" / "filings.jsonl"
RULES = compile_rules(element_rules())


def _read(schema: str, text: str) -> dict[str, Any]:
    found = read_elements(text, schema, RULES[schema])
    return msgspec.to_builtins({k: f.value for k, f in found.items()})  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("cause", "schema"),
    [
        ("民间借贷纠纷", "民间借贷纠纷"),
        ("小额借款合同纠纷", "金融借款合同纠纷"),
        ("信息网络买卖合同纠纷", "买卖合同纠纷"),
        ("追索劳动报酬纠纷", "劳动争议"),
        ("故原告就民间借贷纠纷", "民间借贷纠纷"),
        ("房屋租赁合同纠纷", None),
        ("建设工程施工合同纠纷", None),
        (None, None),
        ("", None),
        ("融资租赁合同纠纷", "融资租赁合同纠纷"),
        ("保证保险合同纠纷", "保证保险合同纠纷"),
        ("证券虚假陈述责任纠纷", "证券虚假陈述责任纠纷"),
    ],
)
def test_schema_for_maps_causes_to_their_form(cause: str | None, schema: str | None) -> None:
    assert schema_for(cause) == schema


def test_every_rule_names_an_element_of_its_schema_and_unknown_ones_are_refused() -> None:
    for schema, rules in RULES.items():
        assert {r.key for r in rules} <= {s.key for s in SCHEMAS[schema]}
    with pytest.raises(ValueError):
        compile_rules({"民间借贷纠纷": [("no_such_key", "facts", "x", 0.5)]})


@pytest.mark.parametrize(
    ("text", "percent", "per"),
    [
        ("月利率1%", "1", "month"),
        ("年利率3.85%", "3.85", "year"),
        ("年化利率24%", "24", "year"),
        ("月息2分", "2", "month"),
        ("年息1分", "10", "year"),
        ("每日万分之五", "0.05", "day"),
        ("按日千分之一", "0.1", "day"),
        ("月利率为1.5%", "1.5", "month"),
        ("日利率0.5‰", "0.05", "day"),
    ],
)
def test_parse_rate_reads_the_ways_rates_are_written(text: str, percent: str, per: str) -> None:
    assert parse_rate(text) == Rate(percent=Decimal(percent), per=per)


@pytest.mark.parametrize("text", ["利率1%", "按一年期贷款市场报价利率计算", "月利率"])
def test_parse_rate_wants_a_period_and_a_figure(text: str) -> None:
    assert parse_rate(text) is None


SNIPPETS: list[tuple[str, str, str, dict[str, Any]]] = [
    (
        "loan-judgment-style",
        "民间借贷纠纷",
        "经审理查明：2023年1月5日，被告向原告借款人民币50000元，约定月利率1%，双方约定借款期限自2023年1月5日至2023年7月4日。"
        "原告当日通过微信转账交付借款。被告已归还本金10000元，尚欠本金40000元未还。",
        {
            "loan_date": "2023-01-05",
            "loan_amount": "50000",
            "interest_rate": {"percent": "1", "per": "month"},
            "term_start": "2023-01-05",
            "due_date": "2023-07-04",
            "delivery_method": "transfer",
            "repaid_principal": "10000",
            "outstanding_principal": "40000",
        },
    ),
    (
        "loan-guarantee",
        "民间借贷纠纷",
        "事实与理由：2021年3月2日，被告李四向原告出借款项，原告以现金方式交付借款8万元，由王五提供连带责任保证。"
        "被告支付利息6000元，利息支付至2021年12月1日，自2022年1月1日起未再支付利息。",
        {
            "loan_date": "2021-03-02",
            "loan_amount": "80000",
            "delivery_method": "cash",
            "guarantor": "王五",
            "guarantee_kind": "joint_and_several",
            "repaid_interest": "6000",
            "interest_paid_until": "2021-12-01",
            "overdue_since": "2022-01-01",
        },
    ),
    (
        "loan-security-and-claims",
        "民间借贷纠纷",
        "诉讼请求：1.判令被告归还借款本金20万元；2.诉讼费由被告承担。\n事实与理由：二〇二二年五月十日，被告向原告借款二十万元，"
        "并以其名下房屋设定抵押，保证人：赵六。约定还款日期为2022年11月10日。借款到期后被告未归还。",
        {
            "loan_date": "2022-05-10",
            "loan_amount": "200000",
            "security": "mortgage",
            "guarantor": "赵六",
            "due_date": "2022-11-10",
            "outstanding_principal": "200000",
            "overdue_since": "2022-11-11",
        },
    ),
    (
        "loan-judgment-plaintiff-says",
        "民间借贷纠纷",
        "原告诉称：吴某于2011年10月21日借原告15万元，约定月利率2分。借款利息已付至2013年10月21日。原告请求：判令被告立即偿还"
        "原告借款本金15万元。",
        {
            "loan_date": "2011-10-21",
            "loan_amount": "150000",
            "interest_rate": {"percent": "2", "per": "month"},
            "interest_paid_until": "2013-10-21",
            "outstanding_principal": "150000",
        },
    ),
    (
        "loan-judgment-guarantor-defendant",
        "民间借贷纠纷",
        "事实与理由：2010年5月4日，被告李某2立据向原告借款37000元，被告姬某1提供保证担保。后经原告催要，尚有23,000元未偿还。",
        {
            "loan_date": "2010-05-04",
            "loan_amount": "37000",
            "guarantor": "姬某1",
            "outstanding_principal": "23000",
        },
    ),
    (
        "sale-contract",
        "买卖合同纠纷",
        "事实和理由：2023年4月1日，原、被告签订《钢材购销合同》，约定原告向被告供应螺纹钢一批，合同总价款1,200,000元，"
        "交货时间为2023年4月20日，被告应于收货后30日内付清货款，逾期付款的按日万分之五计付违约金。被告已付款50万元，"
        "尚欠货款700000元。",
        {
            "contract_date": "2023-04-01",
            "goods": "螺纹钢",
            "total_price": "1200000",
            "delivery_date": "2023-04-20",
            "payment_term": "收货后30日内付清货款",
            "penalty_rate": {"percent": "0.05", "per": "day"},
            "paid_amount": "500000",
            "unpaid_amount": "700000",
        },
    ),
    (
        "traffic-heads",
        "机动车交通事故责任纠纷",
        "事实与理由：2022年6月3日8时许，被告驾驶浙A12345号小型轿车在文三路与学院路交叉口与原告驾驶的电动自行车相撞。"
        "交警部门认定被告负事故主要责任。原告住院治疗15天，花去医疗费32000.5元，误工费8000元，护理费2400元，"
        "交通费300元，车辆损失1500元。",
        {
            "accident_date": "2022-06-03",
            "accident_place": "文三路与学院路交叉口",
            "defendant_liability": "major",
            "hospital_days": "15",
            "medical_expenses": "32000.50",
            "lost_income": "8000",
            "nursing_expenses": "2400",
            "transport_expenses": "300",
            "property_loss": "1500",
        },
    ),
    (
        "bank-loan",
        "金融借款合同纠纷",
        "诉讼请求：1.判令被告归还借款本金300000元、利息12000元、罚息3500元。\n事实与理由：2021年8月1日，原、被告签订《个人借款合同》，"
        "约定原告向被告发放贷款300000元，执行年利率4.35%。被告自2022年9月21日起未按约还本付息。",
        {
            "contract_date": "2021-08-01",
            "loan_amount": "300000",
            "interest_rate": {"percent": "4.35", "per": "year"},
            "overdue_since": "2022-09-21",
            "principal": "300000",
            "interest": "12000",
            "penalty_interest": "3500",
        },
    ),
    (
        "credit-card",
        "信用卡纠纷",
        "事实与理由：2019年5月6日，被告向原告申领信用卡一张，信用额度为50000元。被告自2023年2月10日起逾期还款，"
        "截至2023年8月1日尚欠透支本金45210.3元、利息3120元、违约金800元。",
        {
            "card_issue_date": "2019-05-06",
            "credit_limit": "50000",
            "overdue_since": "2023-02-10",
            "principal": "45210.30",
            "interest": "3120",
            "penalty_interest": "800",
        },
    ),
    (
        "divorce",
        "离婚纠纷",
        "事实与理由：原、被告于2012年10月1日登记结婚，婚后育有一子张小明，自2022年3月起分居。",
        {"marriage_date": "2012-10-01", "children": "一子张小明"},
    ),
    (
        "labour",
        "劳动争议",
        "事实与理由：原告自2020年7月1日起在被告处工作，月工资6000元。2023年5月31日被告辞退原告，拖欠工资18000元未付。",
        {
            "employment_start": "2020-07-01",
            "monthly_wage": "6000",
            "dismissal_date": "2023-05-31",
            "unpaid_wages": "18000",
        },
    ),
    (
        "property-fees",
        "物业服务合同纠纷",
        "事实与理由：物业服务费收费标准为2.5元/平方米·月。被告自2021年1月1日起未缴纳物业服务费，共计4560元。",
        {"fee_rate": "2.5元/平方米·月", "unpaid_since": "2021-01-01", "unpaid_amount": "4560"},
    ),
    (
        "financial-leasing",
        "融资租赁合同纠纷",
        "事实与理由：2020年6月18日，原告与被告签订《融资租赁合同》，租赁物为挖掘机一台，租金总额为人民币1,080,000元，"
        "留购价款为100元，由杭州某机械有限公司提供连带责任保证。被告已支付租金360000元，自2021年7月18日起未按期支付租金，"
        "尚欠租金720000元。",
        {
            "contract_date": "2020-06-18",
            "leased_property": "挖掘机一台",
            "total_rent": "1080000",
            "retention_price": "100",
            "guarantor": "杭州某机械有限公司",
            "guarantee_kind": "joint_and_several",
            "paid_rent": "360000",
            "overdue_since": "2021-07-18",
            "unpaid_rent": "720000",
        },
    ),
    (
        "guarantee-insurance",
        "保证保险合同纠纷",
        "事实与理由：2021年3月1日，被告向原告投保个人贷款保证保险，被告向某银行借款本金50000元。被告逾期未还，"
        "原告于2022年4月6日履行保险责任，向银行代偿款项48620.5元。被告此后已偿还2000元。",
        {
            "policy_date": "2021-03-01",
            "insured_loan_amount": "50000",
            "compensation_date": "2022-04-06",
            "compensation_amount": "48620.50",
            "recovered_amount": "2000",
        },
    ),
    (
        "securities-misrepresentation",
        "证券虚假陈述责任纠纷",
        "诉讼请求：判令被告赔偿原告投资差额损失人民币86,000元。\n事实与理由：原告买入某某科技（股票代码：300123）股票。"
        "本案虚假陈述实施日为2018年4月20日，揭露日为2019年11月2日，基准日为2020年1月15日。",
        {
            "securities": "某某科技（股票代码：300123）",
            "implementation_date": "2018-04-20",
            "disclosure_date": "2019-11-02",
            "base_date": "2020-01-15",
            "claimed_loss": "86000",
        },
    ),
]


@pytest.mark.parametrize(
    ("schema", "text", "expected"), [s[1:] for s in SNIPPETS], ids=[s[0] for s in SNIPPETS]
)
def test_elements_read_from_complaint_and_judgment_snippets(
    schema: str, text: str, expected: dict[str, Any]
) -> None:
    assert _read(schema, text) == expected


def test_a_loan_claim_amount_is_not_taken_as_the_sum_lent() -> None:
    text = "诉讼请求：判令被告归还借款本金30000元。\n事实与理由：2020年1月1日，被告向原告借款50000元，已还款20000元。"
    values = _read("民间借贷纠纷", text)
    assert (values["loan_amount"], values["outstanding_principal"], values["repaid_principal"]) == (
        "50000",
        "30000",
        "20000",
    )


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue.from_rows(
        causes=[
            {"code": "206.3", "name": "民间借贷纠纷", "level": 4},
            {"code": "84", "name": "买卖合同纠纷", "level": 3},
        ]
    )


# What a clerk would accept from the three shared sample complaints (read by hand).
SAMPLES = {
    "complaint-loan.txt": (
        "民间借贷纠纷",
        {
            "loan_date": "2022-12-01",
            "loan_amount": "150000",
            "delivery_method": "transfer",
            "due_date": "2023-05-31",
            "outstanding_principal": "150000",
            "overdue_since": "2023-06-01",
        },
    ),
    "complaint-sale.txt": (
        "买卖合同纠纷",
        {
            "goods": "电机及配件",
            "unpaid_amount": "863500",
            "payment_term": "收货后60日内付清货款",
            "penalty_rate": {"percent": "0.05", "per": "day"},
        },
    ),
    "complaint-traffic.txt": (
        "机动车交通事故责任纠纷",
        {
            "accident_date": "2023-09-14",
            "accident_place": "丽水市莲都区碧湖镇330国道下赵村路段",
            "defendant_liability": "full",
            "disability_grade": "十级",
            "hospital_days": "42",
            "compulsory_insurance": True,
            "total_loss": "237645.20",
        },
    ),
}


@pytest.mark.skipif(not (SHARED / "complaint-loan.txt").exists(), reason="shared sample filings not present")
@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_shared_sample_complaints_fill_their_form(name: str, catalogue: Catalogue) -> None:
    text = (SHARED / name).read_text("utf-8")
    out = to_builtins(extract_docket(text, catalogue))
    schema, expected = SAMPLES[name]
    assert out["elements"]["schema"] == schema and out["elements"]["values"] == expected
    for key, src in out["elements"]["sources"].items():
        assert (
            text[src["start"] : src["end"]] == src["text"] and src["page"] == 1 and 0 < src["confidence"] <= 1
        ), key


def test_sources_point_at_the_value_on_its_page() -> None:
    pages = [
        "民事起诉状\n原告：张三，男。\n被告：李四，男。\n诉讼请求：判令被告归还借款本金1万元。",
        "事实与理由：\n2024年2月1日，被告向原告借款1万元，约定月利率1%。\n此致\n某某人民法院",
    ]
    d = extract_docket(pages)
    assert d.elements is not None and d.elements.values["loan_date"] == date(2024, 2, 1)
    src = d.elements.sources["interest_rate"]
    assert (src.page, "\n".join(pages)[src.start : src.end]) == (2, "月利率1%")
    assert d.elements.sources["outstanding_principal"].page == 1


def test_dockets_of_causes_without_a_form_keep_their_shape() -> None:
    out = to_builtins(
        extract_docket(
            "原告：张三。被告：李四。诉讼请求：判令被告支付租金5000元。事实与理由：被告承租原告房屋，拖欠租金。"
        )
    )
    assert out["cause_of_action"]["name"] == "房屋租赁合同纠纷" and "elements" not in out
    assert "elements" not in to_builtins(extract_docket(""))


def test_scorer_counts_elements_per_key_and_only_under_the_gold_schema() -> None:
    gold = [
        {
            "elements": {
                "schema": "民间借贷纠纷",
                "values": {"loan_amount": "50000", "interest_rate": {"percent": "1", "per": "month"}},
            }
        },
        {"elements": {"schema": "买卖合同纠纷", "values": {"unpaid_amount": "100"}}},
        {"court": {"name": "x"}},
    ]
    pred = [
        {
            "elements": {
                "schema": "民间借贷纠纷",
                "values": {
                    "loan_amount": "50000.00",
                    "due_date": "2024-01-01",
                    "interest_rate": {"percent": "1.0", "per": "month"},
                },
            }
        },
        {"elements": {"schema": "民间借贷纠纷", "values": {"unpaid_amount": "100"}}},
        {"elements": {"schema": "买卖合同纠纷", "values": {"goods": "钢材"}}},
    ]
    report = score(pred, gold)
    assert report["elements.values.loan_amount"]["f1"] == 1.0
    assert report["elements.values.interest_rate"]["f1"] == 1.0
    assert report["elements.values.due_date"]["precision"] == 0.0
    assert report["elements.values.unpaid_amount"]["recall"] == 0.0
    assert "elements.values.goods" not in report  # that document's gold has no elements
    assert (
        report["elements.values"]["tp"],
        report["elements.values"]["predicted"],
        report["elements.values"]["gold"],
    ) == (2, 3, 3)
    assert report["elements.schema"]["tp"] == 1


def test_labelled_corpus_elements_meet_the_target() -> None:
    gold = [json.loads(line)["docket"] for line in CORPUS.open(encoding="utf-8")]
    labelled = [g["elements"]["schema"] for g in gold if "elements" in g]
    assert set(labelled) == {"民间借贷纠纷", "买卖合同纠纷"} and len(labelled) >= 30
    fields = evaluate_file(CORPUS, None)["fields"]
    assert fields["elements.values"]["f1"] >= 0.95, fields["elements.values"]
    for key in ("loan_amount", "loan_date", "unpaid_amount", "interest_rate"):
        assert fields[f"elements.values.{key}"]["f1"] >= 0.9, (key, fields[f"elements.values.{key}"])


def test_an_enforcement_application_takes_no_elements_from_its_judgment() -> None:
    text = (
        "强制执行申请书\n申请执行人：张三。\n被执行人：李四。\n申请执行事项：被执行人归还借款本金50000元。\n"
        "事实与理由：2023年1月5日被执行人向申请执行人借款50000元，民间借贷纠纷一案判决已生效。"
    )
    d = extract_docket(text)
    assert d.document_kind == "enforcement_application" and d.cause_of_action is not None
    assert d.elements is None and "elements" not in to_builtins(d)


FINANCE_LEASE_COMPLAINT = """民事起诉状
原告：某某融资租赁有限公司，住所地浙江省杭州市上城区解放路1号。
法定代表人：王五。
被告：赵六，男，1975年3月2日出生，汉族，住浙江省湖州市吴兴区人民路8号。
诉讼请求：判令被告支付到期未付租金720000元。
事实与理由：2020年6月18日，原告与被告签订《融资租赁合同》，租赁物为挖掘机一台，租金总额为人民币1,080,000元。被告已支付租金360000元，自2021年7月18日起未按期支付租金。
此致
湖州市吴兴区人民法院
"""


def test_a_finance_lease_is_not_taken_for_a_house_lease_and_fills_its_form(catalogue: Catalogue) -> None:
    docket = to_builtins(extract_docket(FINANCE_LEASE_COMPLAINT, catalogue))
    assert docket["cause_of_action"]["name"] == "融资租赁合同纠纷"
    assert docket["elements"]["schema"] == "融资租赁合同纠纷"
    assert docket["elements"]["values"] == {
        "contract_date": "2020-06-18",
        "leased_property": "挖掘机一台",
        "total_rent": "1080000",
        "paid_rent": "360000",
        "overdue_since": "2021-07-18",
        "unpaid_rent": "720000",
    }
