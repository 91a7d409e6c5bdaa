"""The engine's explanations (notes and needs) are messages: the API keeps its English lists, a page translates them.

Every case of the routing table (tests/routing/cases.json) is decided; each note and need must render in Chinese
with no English sentence (the detector of tests/web/test_untranslated.py), and in English exactly as the API's list.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jinja2 import Environment

from court.features import template_dirs
from court.i18n import has_translation, localize, msg, msg_data, msg_from_data
from court.i18n.law import citations_zh
from court.routing.directory import CourtDirectory
from court.routing.rules import decide_json
from court.web.templating import make_environment
from tests.web.test_untranslated import english_in_chinese, visible_text

CASES: list[dict[str, Any]] = json.loads((Path(__file__).parent / "cases.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def decisions(directory: CourtDirectory) -> list[dict[str, Any]]:
    return [decide_json(case["request"], directory) for case in CASES]


def test_the_api_keeps_its_english_lists_and_the_messages_match_them(decisions: list[dict[str, Any]]) -> None:
    seen = 0
    for d in decisions:
        assert all(isinstance(a, str) for a in d["assumptions"] + d["needs"])
        # A message's English (with its technical aside, which a page does not show) is the API's text.
        assert [str(msg_from_data(m)) for m in d["assumption_messages"]] == d["assumptions"]
        assert [str(msg_from_data(m)) for m in d["need_messages"]] == d["needs"]
        assert all(isinstance(m, dict) for m in d["assumption_messages"] + d["need_messages"])
        seen += len(d["assumption_messages"]) + len(d["need_messages"])
    assert seen > 100  # the table exercises the explanations, not just the courts


def test_every_explanation_reads_in_chinese(decisions: list[dict[str, Any]]) -> None:
    problems: dict[str, list[str]] = {}
    for d in decisions:
        for m in d["assumption_messages"] + d["need_messages"]:
            stored = msg_from_data(json.loads(json.dumps(m)))  # as kept in the filing's routing JSON
            assert has_translation("zh_CN", stored.msgid), stored.msgid
            zh = localize(m, "zh_CN")
            bad = english_in_chinese(zh)
            if bad:
                problems[zh] = bad
    assert not problems, "\n".join(f"{k} → {v}" for k, v in problems.items())


def test_a_message_with_nested_messages_survives_json() -> None:
    inner = msg("the defendant's domicile")
    outer = msg("%(place)s: %(assumption)s", place=inner, assumption="x")
    data = json.loads(json.dumps(msg_data(outer)))
    assert localize(data, "zh_CN") == "被告住所地：x"
    assert localize(data, "en") == str(outer) == "the defendant's domicile: x"
    assert msg_data("plain") == "plain"


def test_the_engine_citations_read_in_chinese() -> None:
    assert (
        citations_zh("CPL Art.34(1); CPL-Interp Art.28") == "《民事诉讼法》第34条第1项；《民诉法解释》第28条"
    )
    assert (
        citations_zh("CPL Art.235 para 2; 法释〔2018〕5号 Art.2")
        == "《民事诉讼法》第235条第2款；法释〔2018〕5号第2条"
    )
    assert citations_zh("海事诉讼特别程序法 Art.4, Art.6") == "《海事诉讼特别程序法》第4条、第6条"
    for case in CASES:
        article = case["expect"].get("article") or ""
        assert not english_in_chinese(citations_zh(article)), article


def _review_part(env: Environment, decision: dict[str, Any], locale: str) -> str:
    # The routing part of the clerk's review page, rendered with the page's own filters.
    source = (
        Path("court/filing/templates/clerk/review.html")
        .read_text(encoding="utf-8")
        .split("{% if routing.decision %}", 1)[1]
        .split("</dd>{% endif %}", 1)[0]
    )
    return env.from_string(source).render(routing={"decision": decision}, locale=locale)


def test_the_review_page_shows_old_and_new_decisions_in_the_readers_language(
    decisions: list[dict[str, Any]],
) -> None:
    env = make_environment(template_dirs())
    with_reasons = next(d for d in decisions if len(d["assumption_messages"]) >= 2)
    zh = _review_part(env, with_reasons, "zh_CN")
    assert "routing-reason" in zh
    assert not [bad for part in visible_text(zh) if (bad := english_in_chinese(part))]
    assert localize(with_reasons["assumption_messages"][0], "zh_CN") in zh
    en = _review_part(env, with_reasons, "en")
    assert with_reasons["assumptions"][0].replace("'", "&#39;") in en
    # A decision kept before the explanations were messages: its English lists are still shown.
    old = {k: v for k, v in with_reasons.items() if not k.endswith("_messages")}
    assert "routing-reason" in _review_part(env, old, "en")
