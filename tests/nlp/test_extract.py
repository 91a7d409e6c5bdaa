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
