"""The scorer: per-field precision, recall and F1 over multisets of items."""

from __future__ import annotations

from nlp.eval import score


def test_score_counts_party_fields_per_party() -> None:
    gold = [{"parties": [{"name": "甲", "role": "plaintiff", "address": "A"}, {"name": "乙", "role": "defendant"}]}]
    pred = [{"parties": [{"name": "甲", "role": "defendant", "address": "A"}, {"name": "丙", "role": "defendant"}]}]
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
