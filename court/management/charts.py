"""Bar and line charts drawn by the server as inline SVG: no script, no web font, readable by screen readers.

Each chart is an <svg role="img"> named by its <title> and described by a <desc> that lists every value, and
each bar or point carries its own <title>, so the numbers are there for someone who cannot see the shapes.
Colours come from presentation attributes and classes, never style attributes, which the pages' content
security policy forbids.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

Number = int | Decimal


@dataclass(frozen=True, slots=True)
class Frame:
    """The drawing area inside the SVG's viewBox, and the value range it maps to."""

    width: int
    height: int
    left: int = 44
    right: int = 8
    top: int = 10
    bottom: int = 28

    @property
    def plot_width(self) -> int:
        return self.width - self.left - self.right

    @property
    def plot_height(self) -> int:
        return self.height - self.top - self.bottom


def _range(values: Sequence[Number]) -> tuple[Decimal, Decimal]:
    """The value range drawn: always includes zero, and never empty (all-zero data draws flat at the bottom)."""
    low = min(Decimal(0), *(Decimal(v) for v in values))
    high = max(Decimal(0), *(Decimal(v) for v in values))
    return (low, high if high > low else low + 1)


def _y(value: Number, low: Decimal, high: Decimal, frame: Frame) -> Decimal:
    share = (high - Decimal(value)) / (high - low)
    return Decimal(frame.top) + share * frame.plot_height


def _fmt(x: Decimal | float | int) -> str:
    """Coordinates with one decimal: enough for a screen, and the same text on every platform."""
    return format(Decimal(x).quantize(Decimal("0.1")), "f")


def _label_step(count: int, plot_width: int) -> int:
    """Show every n-th label so the labels (about 40 px each) do not run into one another."""
    fits = max(plot_width // 40, 1)
    return max(1, -(-count // fits))


def _chart_id(title: str, values: Sequence[Number], labels: Sequence[str]) -> str:
    digest = hashlib.sha1(
        repr((title, [str(v) for v in values], list(labels))).encode(), usedforsecurity=False
    )
    return "chart-" + digest.hexdigest()[:10]


def _check(values: Sequence[Number], labels: Sequence[str]) -> None:
    if len(values) != len(labels):
        raise ValueError(f"{len(values)} values but {len(labels)} labels")


def _shell(
    chart_id: str,
    title: str,
    values: Sequence[Number],
    labels: Sequence[str],
    frame: Frame,
    unit: str,
    body: list[str],
    kind: str,
) -> Markup:
    desc = "; ".join(f"{label}: {value}{unit}" for label, value in zip(labels, values, strict=True))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}" id="{chart_id}" role="img" '
        f'viewBox="0 0 {frame.width} {frame.height}" aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>',
    ]
    if not values:
        parts.append(
            f'<text x="{frame.width // 2}" y="{frame.height // 2}" text-anchor="middle" class="chart-empty">—</text>'
        )
        parts.append("</svg>")
        return Markup("".join(parts))  # noqa: S704 - every piece of text in it is escaped above
    low, high = _range(values)
    axis_y = _fmt(_y(0, low, high, frame))
    parts.append(
        f'<g aria-hidden="true" class="chart-axis">'
        f'<line x1="{frame.left}" x2="{frame.width - frame.right}" y1="{axis_y}" y2="{axis_y}" stroke="#888"/>'
        f'<text x="{frame.left - 4}" y="{_fmt(Decimal(frame.top) + 4)}" text-anchor="end">{escape(_short(high))}</text>'
        f'<text x="{frame.left - 4}" y="{_fmt(Decimal(axis_y) + 4)}" text-anchor="end">0</text></g>'
    )
    parts.extend(body)
    step = _label_step(len(labels), frame.plot_width)
    slot = Decimal(frame.plot_width) / len(labels)
    ticks = [
        f'<text x="{_fmt(frame.left + slot * i + slot / 2)}" y="{frame.height - 8}" text-anchor="middle">{escape(label)}</text>'
        for i, label in enumerate(labels)
        if i % step == 0
    ]
    parts.append('<g aria-hidden="true" class="chart-labels">' + "".join(ticks) + "</g>")
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every piece of text in it is escaped above


def _short(value: Decimal) -> str:
    """The axis maximum without a trailing .0 for whole numbers."""
    return (
        format(value.normalize(), "f")
        if value == value.to_integral_value()
        else format(value.quantize(Decimal("0.01")), "f")
    )


@dataclass(frozen=True)
class _Plot:
    """Where the values go: the frame, their range, and the width each value has on the x axis."""

    frame: Frame
    low: Decimal
    high: Decimal
    slot: Decimal

    def y(self, value: Number) -> Decimal:
        return _y(value, self.low, self.high, self.frame)

    def middle(self, i: int) -> Decimal:
        return self.frame.left + self.slot * i + self.slot / 2


Draw = Callable[[_Plot, Sequence[Number], Sequence[str], str], list[str]]


def _chart(kind: str, draw: Draw, doc: str) -> Callable[..., Markup]:
    """A chart function of one kind: the frame, range and accessible shell are every kind's; `draw` puts in the
    marks."""

    def chart(
        values: Sequence[Number],
        labels: Sequence[str],
        *,
        title: str,
        unit: str = "",
        width: int = 640,
        height: int = 200,
    ) -> Markup:
        _check(values, labels)
        frame = Frame(width, height)
        body: list[str] = []
        if values:
            low, high = _range(values)
            body = draw(
                _Plot(frame, low, high, Decimal(frame.plot_width) / len(values)), values, labels, unit
            )
        return _shell(_chart_id(title, values, labels), title, values, labels, frame, unit, body, kind)

    chart.__name__ = f"{kind}_chart"
    chart.__doc__ = doc
    return chart


def _bars(plot: _Plot, values: Sequence[Number], labels: Sequence[str], unit: str) -> list[str]:
    gap = plot.slot * Decimal("0.2")
    zero = plot.y(0)
    return [
        f'<rect class="bar" x="{_fmt(plot.frame.left + plot.slot * i + gap / 2)}" '
        f'y="{_fmt(min(plot.y(value), zero))}" '
        f'width="{_fmt(plot.slot - gap)}" height="{_fmt(abs(plot.y(value) - zero))}" fill="#8b1a1a">'
        f"<title>{escape(label)}: {escape(str(value))}{escape(unit)}</title></rect>"
        for i, (value, label) in enumerate(zip(values, labels, strict=True))
    ]


def _line(plot: _Plot, values: Sequence[Number], labels: Sequence[str], unit: str) -> list[str]:
    points = [(plot.middle(i), plot.y(v)) for i, v in enumerate(values)]
    polyline = (
        '<polyline class="line" fill="none" stroke="#0b4f8a" stroke-width="2" points="'
        + " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in points)
        + '"/>'
    )
    return [polyline] + [
        f'<circle class="point" cx="{_fmt(x)}" cy="{_fmt(y)}" r="3" fill="#0b4f8a">'
        f"<title>{escape(label)}: {escape(str(value))}{escape(unit)}</title></circle>"
        for (x, y), value, label in zip(points, values, labels, strict=True)
    ]


bar_chart = _chart("bar", _bars, "One bar per value, from zero; negative values hang below the axis.")
line_chart = _chart(
    "line",
    _line,
    "A line through the values, one point per label, with a marker (and its own title) at each point.",
)
