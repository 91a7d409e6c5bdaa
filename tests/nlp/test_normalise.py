"""Text normalisation (nlp.normalise) and its use by extract_docket: look-alike code points from a PDF's text
layer, full-width forms, letter-spacing, and offsets that still point into the text as read."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from kernel.pdf import read_pdf_text
from nlp.docket import to_builtins
from nlp.extract import extract_docket
from nlp.normalise import normalise, normalise_text

# Code points that must not survive normalisation: Kangxi radicals, CJK Radicals Supplement, compatibility ideographs.
LOOK_ALIKES = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")

# A judgment's opening as a PDF printed from Chromium gives it: 民, 一, 人, 女, 月, 日, 立, 适 as look-alikes.
JUDGMENT = (
    "北京市朝阳区⼈⺠法院\n"
    "⺠事判决书\n"
    "（2023）京0105⺠初1234号\n"
    "原告：王丽华，⼥，汉族。\n"
    "被告：陈建国，男，汉族。\n"
    "原告王丽华与被告陈建国⺠间借贷纠纷⼀案，本院于2023年5⽉1⽇⽴案后，依法适⽤简易程序。"
)


def test_kangxi_radicals_and_the_radicals_supplement_become_unified_ideographs() -> None:
    assert normalise_text("⺠间借贷纠纷⼀案，⽂书") == "民间借贷纠纷一案,文书"
    # Every Kangxi radical has a compatibility decomposition to its ideograph (U+2F00 一 … U+2FD5 龠).
    kangxi = "".join(chr(c) for c in range(0x2F00, 0x2FD6))
    folded = normalise_text(kangxi)
    assert len(folded) == len(kangxi) and not LOOK_ALIKES.search(folded)
    assert folded[0] == "一" and folded[-1] == "龠"
    # The supplement has no decomposition; its table follows Equivalent_Unified_Ideograph.
    assert normalise_text("⻓⻋⻅⻔⻚⻢") == "长车见门页马"
    assert normalise_text("\u2e80") == "\u2e80"  # no equivalent in the UCD: left alone


def test_compatibility_ideographs_become_unified_ideographs() -> None:
    # U+F900 豈 and U+F9DC 隆 are CJK compatibility ideographs; U+FA0E is a unified one that happens to live there.
    assert normalise_text("\uf900\uf9dc") == "豈隆"
    assert normalise_text("\ufa0e") == "\ufa0e"
    assert normalise_text("\U0002f800") == unicodedata.normalize("NFKC", "\U0002f800")


def test_full_width_forms_and_odd_spaces() -> None:
    assert normalise_text("ＡＢＣ１２３，：（）") == "ABC123,:()"
    assert normalise_text("借款\u3000５万元\u200b整\u00a0。") == "借款 5万元整 。"
    # Only the listed ranges move: NFKC would rewrite these, the extractor reads them as they are.
    assert normalise_text("①㎡½") == "①㎡½"


def test_letter_spacing_goes_but_deliberate_gaps_stay() -> None:
    assert normalise_text("民 事 起 诉 状") == "民事起诉状"
    assert normalise_text("第 1 页 共 2 页") == "第 1 页 共 2 页"  # digits are not letter-spaced ideographs
    assert normalise_text("北京市第二中级人民法院 刑事判决书") == "北京市第二中级人民法院 刑事判决书"
    assert normalise_text("王丽华    女") == "王丽华    女"


def test_offsets_map_every_character_back_to_the_source() -> None:
    source = "民 事 起 诉 状\n原告：王丽华，⼥，住北京市\u200b朝阳区。"
    folded = normalise(source)
    assert len(folded.offsets) == len(folded.text) + 1 and folded.offsets[-1] == len(source)
    for i, char in enumerate(folded.text):
        assert normalise_text(source[folded.offsets[i]]) in (char, "")
    start = folded.text.index("北京市朝阳区")
    s, e = folded.source_span(start, start + len("北京市朝阳区"))
    assert source[s:e] == "北京市\u200b朝阳区"


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _judgment_pdf(path: Path) -> Path:
    # A built-in CID font (no embedding): the text layer holds exactly the code points drawn, look-alikes included,
    # as in a Chromium-printed PDF whose font maps those glyphs to radicals.
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(path))
    pdf.setFont("STSong-Light", 11)
    for i, line in enumerate(JUDGMENT.split("\n")):
        pdf.drawString(50, 780 - 18 * i, line)
    pdf.save()
    return path


def test_a_pdf_with_look_alikes_yields_a_clean_docket(tmp_path: Path) -> None:
    pages = read_pdf_text(_judgment_pdf(tmp_path / "judgment.pdf"))
    raw = "\n".join(pages)
    assert LOOK_ALIKES.search(raw), "the PDF's text layer should carry the look-alikes this test is about"
    docket = to_builtins(extract_docket(pages))
    # Values are normalised; sources quote the text as read (for highlighting), look-alikes and all.
    values = {k: v for k, v in docket.items() if k not in ("parties", "sources", "claims")}
    values["claims"] = [c["text"] for c in docket["claims"]]
    values["parties"] = [{k: v for k, v in p.items() if k != "sources"} for p in docket["parties"]]
    for text in _strings(values):
        assert not LOOK_ALIKES.search(text), text
    names = [(p["name"], p["kind"]) for p in docket["parties"]]
    # Read without normalisation, this text gave the fake parties "王丽华与" and "陈建国⺠间借贷纠纷⼀案".
    assert sorted(names) == [("王丽华", "person"), ("陈建国", "person")]
    assert docket["court"]["name"] == "北京市朝阳区人民法院"
    assert docket["cause_of_action"]["name"] == "民间借贷纠纷"
    assert [c["text"] for c in docket["case_numbers"]] == ["（2023）京0105民初1234号"]


def test_sources_point_into_the_text_as_read(tmp_path: Path) -> None:
    pages = read_pdf_text(_judgment_pdf(tmp_path / "judgment.pdf"))
    raw = "\n".join(pages)
    docket = extract_docket(pages)
    court = docket.sources["court"]
    assert raw[court.start : court.end] == court.text == "北京市朝阳区⼈⺠法院"
    assert normalise_text(court.text) == docket.court.name


def test_ocr_confidence_scales_the_sources_it_covers() -> None:
    text = "原告：王丽华，女，汉族。\n被告：陈建国，男，汉族。"
    sure = extract_docket(text)
    line_two = text.index("\n")
    unsure = extract_docket(text, confidence=[1.0] * line_two + [0.5] * (len(text) - line_two))
    by_name = {p.name: p.sources["name"].confidence for p in unsure.parties}
    sure_by_name = {p.name: p.sources["name"].confidence for p in sure.parties}
    assert by_name["王丽华"] == sure_by_name["王丽华"]
    assert by_name["陈建国"] == pytest.approx(sure_by_name["陈建国"] * 0.5, abs=0.01)
    with pytest.raises(ValueError):
        extract_docket(text, confidence=[1.0])
