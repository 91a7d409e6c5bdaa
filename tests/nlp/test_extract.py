"""Extraction on the sample filings, on real party blocks, and on the labelled corpus (thresholds of issue 4)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlp.catalogue import Catalogue
from nlp.docket import to_builtins
from nlp.eval import evaluate_file, evaluate_lines
from nlp.extract import extract_batch, extract_docket
from tests.shared_corpus import CORPUS as SHARED  # noqa: E402

CORPUS = Path(__file__).parents[1] / "corpus" / "filings.jsonl"
SEEDS = Path(__file__).parents[2] / "seeds" / "data"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    if (SEEDS / "causes.json").exists() and (SEEDS / "courts.json").exists():
        return Catalogue.from_rows(causes=json.loads((SEEDS / "causes.json").read_text("utf-8")),
                                   courts=json.loads((SEEDS / "courts.json").read_text("utf-8")))
    return Catalogue.from_rows(
        causes=[{"code": "206.3", "name": "民间借贷纠纷", "level": 4}, {"code": "84", "name": "买卖合同纠纷", "level": 3}],
        courts=[{"code": "浙0602", "name": "绍兴市越城区人民法院"}, {"code": "浙0110", "name": "杭州市余杭区人民法院"}],
    )


def test_real_judgment_party_block(catalogue: Catalogue) -> None:
    text = ("原告:王某1,女,1980年1月1日出生,汉族,住浙江省杭州市西湖区文三路1号。\n"
            "委托诉讼代理人:李某,浙江某某律师事务所律师。\n"
            "被告:某某有限公司,住所地浙江省杭州市余杭区某路2号。法定代表人:张某,该公司经理。\n"
            "原告王某1向本院提出诉讼请求:1.判令被告归还借款5万元;2.诉讼费由被告承担。")
    d = extract_docket(text, catalogue)
    first, second = d.parties
    assert (first.role, first.kind, first.name, first.sex, str(first.birth_date), first.ethnicity, first.address,
            first.agents) == ("plaintiff", "person", "王某1", "女", "1980-01-01", "汉族", "浙江省杭州市西湖区文三路1号",
                              ["李某"])
    assert (second.role, second.kind, second.name, second.legal_representative, second.address) == (
        "defendant", "organisation", "某某有限公司", "张某", "浙江省杭州市余杭区某路2号")
    assert [str(c.amount) for c in d.claims] == ["50000", "None"]


def test_sources_point_at_the_value_on_its_page(catalogue: Catalogue) -> None:
    pages = ["民事起诉状\n原告:王丽华,女,住浙江省杭州市拱墅区湖墅南路218号。\n", "被告:陈建国,男。\n诉讼请求:\n1.归还借款壹拾万元整。\n此致\n绍兴市越城区人民法院\n2024年3月8日"]
    d = extract_docket(pages, catalogue)
    original = "\n".join(pages)
    defendant = d.parties[1]
    src = defendant.sources["name"]
    assert (original[src.start:src.end], src.page) == ("陈建国", 2)
    assert d.sources["court"].text == "绍兴市越城区人民法院" and d.court is not None and d.court.code == "浙0602"
    assert d.claims[0].amount is not None and str(d.claims[0].amount) == "100000"


@pytest.mark.skipif(not (SHARED / "gold.jsonl").exists(), reason="shared sample filings not present")
def test_the_four_sample_filings_match_their_gold(catalogue: Catalogue) -> None:
    gold = [json.loads(line) for line in (SHARED / "gold.jsonl").open(encoding="utf-8")]
    lines = [{"text": (SHARED / g["file"]).read_text("utf-8"), "docket": g["docket"]} for g in gold]
    report = evaluate_lines(lines, catalogue)["fields"]
    for field in ("name", "role", "kind", "id_number", "uscc", "address", "claims.amount", "amount_in_dispute",
                  "legal_representative", "agents", "document_kind", "filing_date", "case_numbers"):
        assert report[field]["f1"] == 1.0, (field, report[field])


def test_labelled_corpus_meets_the_targets(catalogue: Catalogue) -> None:
    fields = evaluate_file(CORPUS, catalogue)["fields"]
    for field in ("name", "role", "id_number", "claims.amount", "amount_in_dispute", "cause_of_action"):
        assert fields[field]["f1"] >= 0.95, (field, fields[field])
    assert fields["address"]["f1"] >= 0.9


def test_extract_batch_keeps_ids_and_order(catalogue: Catalogue) -> None:
    out = list(extract_batch([{"id": "a", "text": "原告:张三,男。被告:李四,女。"}, {"id": "b", "text": ""}], catalogue))
    assert [o["id"] for o in out] == ["a", "b"]
    assert [p["name"] for p in out[0]["docket"]["parties"]] == ["张三", "李四"] and out[1]["docket"]["parties"] == []
    assert to_builtins(extract_docket(""))["parties"] == []


def test_first_generation_ids_are_read_with_less_confidence_than_checked_ones() -> None:
    text = ("原告：张三，男，1965年3月1日出生，汉族，身份证号码330105650301153，住杭州市西湖区。\n"
            "被告：李四，女，公民身份号码330105198307161627。\n"
            "被告：王五，男，330105650301155。\n"
            "被告：杭州某某贸易有限公司，注册号330105650301157，法定代表人：赵六。\n"
            "诉讼请求：1.归还借款1万元。")
    zhang, li, wang, company = extract_docket(text).parties
    assert (zhang.id_number, zhang.sources["id_number"].confidence) == ("330105650301153", 0.85)
    assert (li.id_number, li.sources["id_number"].confidence) == ("330105198307161627", 0.99)
    assert (wang.id_number, wang.sources["id_number"].confidence) == ("330105650301155", 0.7)  # no label before it
    assert company.id_number is None and company.kind == "organisation"  # a 15-digit registration number


# Hand-written from patterns seen in real judgments (../shared/corpus/real), not copied from them.
def test_an_agents_authority_naming_the_claims_does_not_end_the_party_block() -> None:
    text = ("原告：陈某1，男，1950年3月2日出生，汉族。委托诉讼代理人：周某，某某法律服务所法律工作者。"
            "代理权限：特别授权，即代为承认、放弃、变更诉讼请求，进行调解。被告：林某1，女，1966年5月8日出生，汉族。\n"
            "原告陈某1向本院提出诉讼请求：1.判令被告归还借款3万元。")
    assert [(p.role, p.name) for p in extract_docket(text).parties] == [("plaintiff", "陈某1"), ("defendant", "林某1")]


def test_a_flattened_judgment_header_starts_the_party_block_after_the_case_number() -> None:
    text = ("某某市某某区人民法院 刑事判决书 （2018）豫0902刑初88号 自诉人孙某某，男，1960年1月2日出生，汉族。"
            " 被告人钱某某，男，1975年4月6日出生。 自诉人孙某某以被告人钱某某犯侵占罪一案，向本院提起控诉。")
    parties = extract_docket(text).parties
    assert [(p.role, p.name, str(p.birth_date)) for p in parties] == [
        ("plaintiff", "孙某某", "1960-01-02"), ("defendant", "钱某某", "1975-04-06")]


def test_a_self_reported_name_loses_the_word_self_reported() -> None:
    text = "公诉机关某某区人民检察院。 被告人自报李某某，男，1990年1月1日出生。 辩护人赵某，某律师事务所律师。"
    (defendant,) = extract_docket(text).parties
    assert (defendant.name, defendant.agents, defendant.sources["name"].text) == ("李某某", ["赵某"], "李某某")


@pytest.mark.skipif(not (SHARED / "real").is_dir(), reason="shared real-text corpus not present")
def test_real_judgments_keep_their_figures(catalogue: Catalogue) -> None:
    from nlp.eval_real import evaluate_directory

    report = evaluate_directory(SHARED / "real", catalogue)
    for field in ("judge_criminal_headers:court", "judge_criminal_headers:case_numbers",
                  "judge_criminal_headers:document_kind", "cail2021_xxcq_ner:amounts"):
        assert report[field]["recall"] >= 0.99, (field, report[field])
    # 0.991 before the evidence table, 0.972 with it (a loan assigned or inherited read as the assignment or the
    # inheritance), 1.0 once a claim for a loan's repayment outweighs them (2026-11): see test_causes.py
    assert report["scm_private_lending:cause_of_action"]["recall"] >= 0.98
