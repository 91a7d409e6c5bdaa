"""The court's printed page: A4 with even margins, the PDF's title and author filled in for the reader's tab."""

from typing import Any, BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate


def a4_document(
    out: BinaryIO,
    *,
    title: str,
    author: str,
    margin: float = 20 * mm,
    bottom: float | None = None,
    **info: Any,
) -> SimpleDocTemplate:
    """An A4 document writing to `out`; `bottom` leaves room for a footer, `info` is more metadata (subject)."""
    return SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin if bottom is None else bottom,
        title=title,
        author=author,
        **info,
    )
