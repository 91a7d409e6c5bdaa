"""Server-drawn SVG charts: one shape per value, heights in proportion, and every value readable as text."""

from __future__ import annotations

from decimal import Decimal
from xml.etree import ElementTree

import pytest
from hypothesis import given
from hypothesis import strategies as st

from court.management.charts import bar_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"


def _parse(markup: str) -> ElementTree.Element:
    return ElementTree.fromstring(markup)


def test_bar_heights_are_in_proportion_to_the_values() -> None:
    svg = _parse(bar_chart([1, 2, 4], ["一", "二", "三"], title="收案"))
    heights = [Decimal(r.get("height")) for r in svg.iter(f"{SVG}rect")]
    assert len(heights) == 3
    assert heights[1] == heights[0] * 2 and heights[2] == heights[0] * 4


def test_the_chart_is_named_and_described_for_screen_readers() -> None:
    svg = _parse(bar_chart([3, 0], ["05-01", "05-02"], title="每日收案", unit="件"))
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby").split()
    assert svg.find(f"{SVG}title").get("id") == title_id and svg.find(f"{SVG}title").text == "每日收案"
    assert (
        svg.find(f"{SVG}desc").get("id") == desc_id
        and svg.find(f"{SVG}desc").text == "05-01: 3件; 05-02: 0件"
    )
    assert [t.text for t in svg.iter(f"{SVG}title")][1:] == ["05-01: 3件", "05-02: 0件"]


@pytest.mark.parametrize("draw", [bar_chart, line_chart])
def test_labels_and_titles_are_escaped(draw) -> None:  # type: ignore[no-untyped-def]
    markup = str(draw([1], ["<script>"], title="a & b"))
    assert "<script>" not in markup and "&lt;script&gt;" in markup and "a &amp; b" in markup
    _parse(markup)  # still well-formed XML


def test_no_style_attributes_which_the_content_security_policy_forbids() -> None:
    markup = str(bar_chart([1, 2], ["a", "b"], title="t")) + str(line_chart([1, 2], ["a", "b"], title="t"))
    assert "style=" not in markup


def test_an_empty_series_draws_an_empty_chart_not_an_error() -> None:
    svg = _parse(bar_chart([], [], title="空"))
    assert list(svg.iter(f"{SVG}rect")) == [] and svg.find(f"{SVG}title").text == "空"


def test_values_and_labels_must_pair_up() -> None:
    with pytest.raises(ValueError, match="2 values but 1 labels"):
        line_chart([1, 2], ["a"], title="t")


def test_many_labels_are_thinned_so_they_do_not_overlap() -> None:
    svg = _parse(bar_chart([1] * 60, [f"d{i}" for i in range(60)], title="t"))
    shown = [t.text for t in svg.iter(f"{SVG}text") if t.text and t.text.startswith("d")]
    assert 1 < len(shown) < 60 and shown[0] == "d0"


@given(st.lists(st.integers(min_value=-(10**6), max_value=10**6), min_size=1, max_size=40))
def test_every_point_of_a_line_lies_inside_the_drawing(values: list[int]) -> None:
    svg = _parse(line_chart(values, [str(i) for i in range(len(values))], title="t", width=400, height=150))
    points = [
        tuple(Decimal(n) for n in p.split(",")) for p in svg.find(f"{SVG}polyline").get("points").split()
    ]
    assert len(points) == len(values)
    assert all(0 <= x <= 400 and 0 <= y <= 150 for x, y in points)
    # A larger value is never drawn lower than a smaller one.
    ordered = sorted(zip(values, (y for _, y in points), strict=True))
    assert all(a[1] >= b[1] for a, b in zip(ordered, ordered[1:], strict=False))


@given(st.lists(st.integers(min_value=0, max_value=10**5), min_size=1, max_size=40))
def test_bars_never_leave_the_drawing(values: list[int]) -> None:
    svg = _parse(bar_chart(values, [str(i) for i in range(len(values))], title="t", width=400, height=150))
    for rect in svg.iter(f"{SVG}rect"):
        y, h = Decimal(rect.get("y")), Decimal(rect.get("height"))
        assert 0 <= y and y + h <= 150 and h >= 0
