"""Extraction on the sample filings, on real party blocks, and on the labelled corpus (thresholds of issue 4)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlp.catalogue import Catalogue
from nlp.docket import to_builtins
from nlp.eval import evaluate_file, evaluate_lines
from nlp.extract import extract_batch, extract_docket
from testkit.shared_corpus import CORPUS as SHARED  # noqa: E402

CORPUS = Path(__file__).parents[1] / "corpus" / "filings.jsonl"
SEEDS = Path(__file__).parents[2] / "seeds" / "data"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    if (SEEDS / "causes.json").exists() and (SEEDS / "courts.json").exists():
        return Catalogue.from_rows(
            causes=json.loads((SEEDS / "causes.json").read_text("utf-8")),
            courts=json.loads((SEEDS / "courts.json").read_text("utf-8")),
        )
    return Catalogue.from_rows(
        causes=[
            {"code": "206.3", "name": "民间借贷纠纷", "level": 4},
            {"code": "84", "name": "买卖合同纠纷", "level": 3},
        ],
        courts=[
            {"code": "浙0602", "name": "绍兴市越城区人民法院"},
            {"code": "浙0110", "name": "杭州市余杭区人民法院"},
        ],
    )


def test_real_judgment_party_block(catalogue: Catalogue) -> None:
    text = (
        "原告:王某1,女,1980年1月1日出生,汉族,住浙江省杭州市西湖区文三路1号。\n"
        "委托诉讼代理人:李某,浙江某某律师事务所律师。\n"
        "被告:某某有限公司,住所地浙江省杭州市余杭区某路2号。法定代表人:张某,该公司经理。\n"
        "原告王某1向本院提出诉讼请求:1.判令被告归还借款5万元;2.诉讼费由被告承担。"
    )
    d = extract_docket(text, catalogue)
    first, second = d.parties
    assert (
        first.role,
        first.kind,
        first.name,
        first.sex,
        str(first.birth_date),
        first.ethnicity,
        first.address,
        first.agents,
    ) == ("plaintiff", "person", "王某1", "女", "1980-01-01", "汉族", "浙江省杭州市西湖区文三路1号", ["李某"])
    assert (second.role, second.kind, second.name, second.legal_representative, second.address) == (
        "defendant",
        "organisation",
        "某某有限公司",
        "张某",
        "浙江省杭州市余杭区某路2号",
    )
    assert [str(c.amount) for c in d.claims] == ["50000", "None"]


def test_sources_point_at_the_value_on_its_page(catalogue: Catalogue) -> None:
    pages = [
        "民事起诉状\n原告:王丽华,女,住浙江省杭州市拱墅区湖墅南路218号。\n",
        "被告:陈建国,男。\n诉讼请求:\n1.归还借款壹拾万元整。\n此致\n绍兴市越城区人民法院\n2024年3月8日",
    ]
    d = extract_docket(pages, catalogue)
    original = "\n".join(pages)
    defendant = d.parties[1]
    src = defendant.sources["name"]
    assert (original[src.start : src.end], src.page) == ("陈建国", 2)
    assert (
        d.sources["court"].text == "绍兴市越城区人民法院" and d.court is not None and d.court.code == "浙0602"
    )
    assert d.claims[0].amount is not None and str(d.claims[0].amount) == "100000"


@pytest.mark.skipif(not (SHARED / "gold.jsonl").exists(), reason="shared sample filings not present")
def test_the_four_sample_filings_match_their_gold(catalogue: Catalogue) -> None:
    gold = [json.loads(line) for line in (SHARED / "gold.jsonl").open(encoding="utf-8")]
    lines = [{"text": (SHARED / g["file"]).read_text("utf-8"), "docket": g["docket"]} for g in gold]
    report = evaluate_lines(lines, catalogue)["fields"]
    for field in (
        "name",
        "role",
        "kind",
        "id_number",
        "uscc",
        "address",
        "claims.amount",
        "amount_in_dispute",
        "legal_representative",
        "agents",
        "document_kind",
        "filing_date",
        "case_numbers",
    ):
        assert report[field]["f1"] == 1.0, (field, report[field])


def test_labelled_corpus_meets_the_targets(catalogue: Catalogue) -> None:
    fields = evaluate_file(CORPUS, catalogue)["fields"]
    for field in ("name", "role", "id_number", "claims.amount", "amount_in_dispute", "cause_of_action"):
        assert fields[field]["f1"] >= 0.95, (field, fields[field])
    assert fields["address"]["f1"] >= 0.9


def test_extract_batch_keeps_ids_and_order(catalogue: Catalogue) -> None:
    out = list(
        extract_batch(
            [{"id": "a", "text": "原告:张三,男。被告:李四,女。"}, {"id": "b", "text": ""}], catalogue
        )
    )
    assert [o["id"] for o in out] == ["a", "b"]
    assert [p["name"] for p in out[0]["docket"]["parties"]] == ["张三", "李四"] and out[1]["docket"][
        "parties"
    ] == []
    assert to_builtins(extract_docket(""))["parties"] == []


def test_first_generation_ids_are_read_with_less_confidence_than_checked_ones() -> None:
    text = (
        "原告：张三，男，1965年3月1日出生，汉族，身份证号码330105650301153，住杭州市西湖区。\n"
        "被告：李四，女，公民身份号码330105198307161627。\n"
        "被告：王五，男，330105650301155。\n"
        "被告：杭州某某贸易有限公司，注册号330105650301157，法定代表人：赵六。\n"
        "诉讼请求：1.归还借款1万元。"
    )
    zhang, li, wang, company = extract_docket(text).parties
    assert (zhang.id_number, zhang.sources["id_number"].confidence) == ("330105650301153", 0.85)
    assert (li.id_number, li.sources["id_number"].confidence) == ("330105198307161627", 0.99)
    assert (wang.id_number, wang.sources["id_number"].confidence) == (
        "330105650301155",
        0.7,
    )  # no label before it
    assert company.id_number is None and company.kind == "organisation"  # a 15-digit registration number


# Hand-written from patterns seen in real judgments (../shared/corpus/real), not copied from them.
def test_an_agents_authority_naming_the_claims_does_not_end_the_party_block() -> None:
    text = (
        "原告：陈某1，男，1950年3月2日出生，汉族。委托诉讼代理人：周某，某某法律服务所法律工作者。"
        "代理权限：特别授权，即代为承认、放弃、变更诉讼请求，进行调解。被告：林某1，女，1966年5月8日出生，汉族。\n"
        "原告陈某1向本院提出诉讼请求：1.判令被告归还借款3万元。"
    )
    assert [(p.role, p.name) for p in extract_docket(text).parties] == [
        ("plaintiff", "陈某1"),
        ("defendant", "林某1"),
    ]


def test_a_flattened_judgment_header_starts_the_party_block_after_the_case_number() -> None:
    text = (
        "某某市某某区人民法院 刑事判决书 （2018）豫0902刑初88号 自诉人孙某某，男，1960年1月2日出生，汉族。"
        " 被告人钱某某，男，1975年4月6日出生。 自诉人孙某某以被告人钱某某犯侵占罪一案，向本院提起控诉。"
    )
    parties = extract_docket(text).parties
    assert [(p.role, p.name, str(p.birth_date)) for p in parties] == [
        ("plaintiff", "孙某某", "1960-01-02"),
        ("defendant", "钱某某", "1975-04-06"),
    ]


def test_a_party_written_right_after_the_last_ones_id_number_is_a_party_of_its_own() -> None:
    # Real judgments print the masked number with no punctuation before the next party (CAIL2019 SCM).
    text = (
        "原告王某1，男，汉族，1970年12月7日出生，农民。公民身份号码×××被告贺某1，男，汉族，1972年12月7日出生。"
        "公民身份号码×××被告吴玲（系贺某1妻子），女，汉族。公民身份号码×××\n原告王某1诉称，被告向原告借款。"
    )
    assert [(p.role, p.name) for p in extract_docket(text).parties] == [
        ("plaintiff", "王某1"),
        ("defendant", "贺某1"),
        ("defendant", "吴玲"),
    ]
    unmasked = "原告：张某，男，公民身份号码330105198307161627被告：李某，女。\n诉讼请求：1.归还借款1万元。"
    plaintiff, defendant = extract_docket(unmasked).parties
    assert (plaintiff.name, plaintiff.id_number, defendant.role, defendant.name) == (
        "张某",
        "330105198307161627",
        "defendant",
        "李某",
    )


@pytest.mark.parametrize(
    "block",
    [
        # a block written with commas only (CAIL2019 SCM)
        "原告：张某1，男，汉族，1994年9月6日生，住太和县，委托诉讼代理人：李秀荣，某法律服务所法律工作者。"
        "被告：阮某1，男，汉族，1992年2月10日生，住太和县，被告：杜某1，女，1992年3月19日生，住太和县，",
        # a label glued to the name before it, its colon after it
        "原告：张某1被告：阮某1被告：杜某1",
    ],
)
def test_parties_of_a_block_without_full_stops_are_each_read(block: str) -> None:
    text = block + "\n\n张某1向本院提出诉讼请求：1、判令二被告偿还本金40000元。"
    assert [(p.role, p.name) for p in extract_docket(text).parties] == [
        ("plaintiff", "张某1"),
        ("defendant", "阮某1"),
        ("defendant", "杜某1"),
    ]


def test_a_role_word_after_a_comma_in_the_facts_is_no_party() -> None:
    text = "经审理查明,双方签订合同,原告:认为被告违约,原告应按照合同约定获得赔偿。"
    assert extract_docket(text).parties == []


def test_a_role_word_after_a_figure_in_the_facts_is_no_party() -> None:
    # Facts with no party block: a role word after a sum (…17093.67元原告…) starts no party.
    text = "经审理查明,原告为治疗损伤,共花销医疗费23717.40元原告向本院提起诉讼,被告于2009年7月30日向原告支付医药费800元。"
    assert extract_docket(text).parties == []


def test_the_sum_an_interest_period_runs_on_is_not_claimed_twice() -> None:
    text = (
        "原告：柳某1，男。被告：金某1，男。\n请求：一、判令被告立即归还借款2万元，并支付2万元自2017年1月9日起至款项付清"
        "之日止按银行同期贷款利率四倍计算的利息；二、判令被告支付违约金3000元自判决生效之日起十日内付清。"
    )
    docket = extract_docket(text)
    assert [str(c.amount) for c in docket.claims] == ["20000", "3000"]  # the 3000 has no interest after it
    assert str(docket.amount_in_dispute) == "23000"


@pytest.mark.parametrize(
    ("account", "claims"),
    [
        (
            "故诉至法院，要求四被告连带偿还原告欠款20000元，利息2500元，合计22500元。",
            [("要求四被告连带偿还原告欠款20000元,利息2500元,合计22500元", "22500")],
        ),
        ("现请求判令两被告共同归还原告借款5万元。", [("判令两被告共同归还原告借款5万元", "50000")]),
        (
            "请求依法判令：1、被告偿还欠款65000元；2、诉讼费用由被告承担。",
            [("被告偿还欠款65000元", "65000"), ("诉讼费用由被告承担", None)],
        ),
        # a judgment excerpt that lost its full stops: the claims end where the next section begins
        (
            "故诉至法院，要求二被告赔偿经济损失另查明被告刘某系被告公司的副经理，赔偿了3000元",
            [("要求二被告赔偿经济损失", None)],
        ),
        # what a defendant asks for (dismissal) is no claim
        ("被告辩称，借款已还清，请求判决驳回原告的诉讼请求。", []),
    ],
)
def test_a_judgments_account_of_the_claims_is_read_without_a_colon(
    account: str, claims: list[tuple[str, str | None]]
) -> None:
    text = "原告张某1，男，汉族。被告李某1，男，汉族。\n原告张某1诉称，被告向原告借款未还。" + account
    docket = extract_docket(text)
    assert [(c.text, None if c.amount is None else str(c.amount)) for c in docket.claims] == claims


def test_a_self_reported_name_loses_the_word_self_reported() -> None:
    text = (
        "公诉机关某某区人民检察院。 被告人自报李某某，男，1990年1月1日出生。 辩护人赵某，某律师事务所律师。"
    )
    (defendant,) = extract_docket(text).parties
    assert (defendant.name, defendant.agents, defendant.sources["name"].text) == (
        "李某某",
        ["赵某"],
        "李某某",
    )


@pytest.mark.skipif(not (SHARED / "real").is_dir(), reason="shared real-text corpus not present")
def test_real_judgments_keep_their_figures(catalogue: Catalogue) -> None:
    from nlp.eval_real import evaluate_directory

    report = evaluate_directory(SHARED / "real", catalogue)
    for field in (
        "judge_criminal_headers:court",
        "judge_criminal_headers:case_numbers",
        "judge_criminal_headers:document_kind",
        "cail2021_xxcq_ner:amounts",
    ):
        assert report[field]["recall"] >= 0.99, (field, report[field])
    # 0.991 before the evidence table, 0.972 with it (a loan assigned or inherited read as the assignment or the
    # inheritance), 1.0 once a claim for a loan's repayment outweighs them (2026-11): see test_causes.py
    assert report["scm_private_lending:cause_of_action"]["recall"] >= 0.98
