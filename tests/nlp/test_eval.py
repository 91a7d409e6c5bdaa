"""The scorer: per-field precision, recall and F1 over multisets of items."""

from __future__ import annotations

from nlp.eval import score


def test_score_counts_party_fields_per_party() -> None:
    gold = [
        {
            "parties": [
                {"name": "甲", "role": "plaintiff", "address": "A"},
                {"name": "乙", "role": "defendant"},
            ]
        }
    ]
    pred = [
        {
            "parties": [
                {"name": "甲", "role": "defendant", "address": "A"},
                {"name": "丙", "role": "defendant"},
            ]
        }
    ]
    report = score(pred, gold)
    assert report["name"]["precision"] == 0.5 and report["name"]["recall"] == 0.5
    assert report["role"]["tp"] == 0
    assert report["address"]["f1"] == 1.0


def test_fields_absent_from_gold_are_not_scored_and_amounts_compare_as_decimals() -> None:
    gold = [{"amount_in_dispute": "237645.2"}]
    pred = [{"amount_in_dispute": "237645.20", "court": {"name": "某法院"}}]
    report = score(pred, gold)
    assert report["amount_in_dispute"]["f1"] == 1.0 and "court" not in report


def test_case_numbers_compare_by_their_parts() -> None:
    gold = [{"case_numbers": [{"text": "（2015）东刑初字第0106号"}]}]
    pred = [{"case_numbers": [{"year": 2015, "court_code": "东", "type_code": "刑初", "sequence": 106}]}]
    assert score(pred, gold)["case_numbers"]["f1"] == 1.0


def test_real_text_scoring_counts_what_each_source_labels() -> None:
    from nlp.eval_real import score_record

    judgment = {
        "text": "",
        "gold": {
            "court": "浙江省杭州市中级人民法院",
            "doc_type": "刑事判决书",
            "case_number": "（2019）浙01刑终218号",
        },
    }
    docket = {
        "court": {"name": "杭州市中级人民法院"},
        "document_kind": "judgment",
        "case_numbers": [{"year": 2019, "court_code": "浙01", "type_code": "刑终", "sequence": 218}],
    }
    assert score_record(judgment, docket) == {
        "court": (1, 1),
        "case_numbers": (1, 1),
        "document_kind": (1, 1),
    }
    theft = {
        "text": "窃得现金人民币300元及手机一部（价值人民币1200元）",
        "gold": {
            "entities": [{"label": "NCSM", "text": "人民币300元"}, {"label": "NCGV", "text": "人民币1200元"}]
        },
    }
    assert score_record(theft, {}) == {"amounts": (2, 2)}
