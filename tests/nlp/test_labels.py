"""The label matcher stage (spaCy's PhraseMatcher): its patterns, the labels it marks, and what the docket loses
without it."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from spacy.language import Language

from nlp.catalogue import Catalogue, seeded_catalogue
from nlp.components.labels import SPANS_KEY, labels
from nlp.components.layout import lay_out
from nlp.extract import extract_docket
from nlp.pipeline import CONFIG, build_pipeline, load_pipeline


@cache
def _without_ruler() -> Language:
    return build_pipeline(CONFIG.replace('"court_labels", ', ""))


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    cat = seeded_catalogue()
    if not cat.courts:
        pytest.skip("seeds/data not present")
    return cat


def test_the_label_matcher_runs_first_and_keeps_its_labels_on_the_document() -> None:
    nlp = load_pipeline()
    assert nlp.pipe_names[0] == "court_labels"
    assert nlp.get_pipe_meta("court_labels").factory == "court_label_matcher"
    doc = nlp.get_pipe("court_labels")(nlp.make_doc("原告张三"))
    assert [(x.text, x.id) for x in doc.user_data[SPANS_KEY]["ROLE"]] == [("原告", "plaintiff")]


def test_the_labels_are_those_spacys_span_ruler_marks_with_the_same_patterns(catalogue: Catalogue) -> None:
    # The matcher replaced spaCy's span_ruler for speed (nlp/components/labels.py); it must mark what the ruler
    # marked, the longest where they nest, on every filing of the labelled corpus.
    # A pipeline of the matcher alone (the ruler runs the pipeline over its phrase patterns), with a ruler added.
    nlp = build_pipeline(CONFIG.replace(CONFIG.split("pipeline = ")[1].split("\n")[0], '["court_labels"]'))
    matcher = nlp.get_pipe("court_labels")
    ruler = nlp.add_pipe("span_ruler", name="reference_ruler", config={"spans_key": "reference"}, last=True)
    ruler.add_patterns(matcher.patterns)
    corpus = Path(__file__).parents[1] / "corpus" / "filings.jsonl"
    texts = [lay_out(json.loads(line)["pages"]).text for line in corpus.open(encoding="utf-8")]
    assert len(texts) >= 200
    for text in texts:
        doc = ruler(matcher(nlp.make_doc(text)))
        by_ruler: dict[str, set[tuple[int, int, str]]] = {}
        for span in doc.spans["reference"]:
            by_ruler.setdefault(span.label_, set()).add((span.start_char, span.end_char, span.id_))
        for kind, spans in by_ruler.items():
            longest = [
                s
                for s in sorted(spans, key=lambda x: (x[0], -x[1]))
                if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)
            ]
            assert [(x.start, x.end, x.id) for x in labels(doc, kind)] == longest, text[:40]
        assert set(doc.user_data[SPANS_KEY]) == set(by_ruler)


def test_patterns_come_from_the_rule_tables_and_the_seeded_courts_and_causes(catalogue: Catalogue) -> None:
    patterns = load_pipeline().get_pipe("court_labels").patterns
    by_label = {(p["label"], p["pattern"]): p.get("id") for p in patterns}
    assert (
        by_label[("ROLE", "被申请执行人")] == "respondent"
        and by_label[("AGENT", "法定代表人")] == "representative"
    )
    assert by_label[("COURT", "杭州中院")] == "浙01"  # a short name from seeds/data/courts.json
    assert ("CAUSE", "民间借贷纠纷") in by_label


def test_labels_are_single_tokens_wherever_jieba_would_cut_them() -> None:
    # Alone, 法定代表人 and 第三人 are one jieba token each; before a name jieba cuts them (法定代表|人, 第三|人)
    # unless the labels are words of its dictionary, as the pipeline's before_init callback makes them.
    nlp = load_pipeline()
    doc = nlp.get_pipe("court_labels")(
        nlp.make_doc("被告某公司（以下简称某公司）法定代表人陈某1，第三人赵某")
    )
    assert [(x.text, x.id) for x in labels(doc, "AGENT")] == [("法定代表人", "representative")]
    assert [(x.text, x.id) for x in labels(doc, "ROLE")] == [("被告", "defendant"), ("第三人", "third_party")]


def test_nested_spans_keep_the_longest() -> None:
    nlp = load_pipeline()
    doc = nlp.get_pipe("court_labels")(nlp.make_doc("金融借款合同纠纷一案"))
    assert [x.text for x in labels(doc, "CAUSE")] == ["金融借款合同纠纷"]


_ADDRESSED_BY_SHORT_NAME = "民事起诉状\n原告：张三，男。\n被告：李四，男。\n诉讼请求：\n1.归还借款1万元。\n此致\n杭州中院\n2024年3月1日"


def test_a_court_addressed_by_its_short_name_is_found_only_by_the_ruler(catalogue: Catalogue) -> None:
    with_ruler = extract_docket(_ADDRESSED_BY_SHORT_NAME, catalogue)
    assert with_ruler.court is not None and (with_ruler.court.code, with_ruler.court.name) == (
        "浙01",
        "杭州中院",
    )
    assert with_ruler.sources["court"].text == "杭州中院" and with_ruler.sources["court"].confidence == 0.95
    assert extract_docket(_ADDRESSED_BY_SHORT_NAME, catalogue, nlp=_without_ruler()).court is None


def test_the_seeded_court_code_is_kept_without_a_catalogue() -> None:
    docket = extract_docket(_ADDRESSED_BY_SHORT_NAME)
    assert docket.court is not None and docket.court.code == "浙01"


def test_parties_written_without_punctuation_are_split_at_the_role_words_the_ruler_marked() -> None:
    text = "原告吴某被告吴某被告付某\n\n原告诉称：吴某向原告借款15万元。"
    parties = [(p.role, p.name) for p in extract_docket(text).parties]
    assert parties == [("plaintiff", "吴某"), ("defendant", "吴某"), ("defendant", "付某")]
    assert [(p.role, p.name) for p in extract_docket(text, nlp=_without_ruler()).parties] == [
        ("plaintiff", "吴某")
    ]


def test_a_representative_glued_to_the_organisation_is_read_from_the_agent_label_the_ruler_marked() -> None:
    text = (
        "原告周某1。委托代理人李燕，湖北秋泽律师事务所律师。被告咸宁市海拓制冷设备有限公司（以下简称海拓公司）"
        "法定代表人陈某1，公司总经理。\n原告周某1诉称：借款10万元。"
    )
    defendant = extract_docket(text).parties[1]
    assert (defendant.kind, defendant.legal_representative) == ("organisation", "陈某1")
    assert extract_docket(text, nlp=_without_ruler()).parties[1].legal_representative is None
