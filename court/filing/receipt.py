"""The filing receipt (立案材料接收回执): a PDF the filer gets at once, listing each document with its sha256."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import msgspec
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from court.filing.intake import KIND_LABELS, DocumentKind
from court.i18n import gettext
from court.pdf import a4_document
from storage.fonts import CJK_FONT, cjk_font

SHANGHAI = ZoneInfo("Asia/Shanghai")


class ReceiptDocument(msgspec.Struct, frozen=True):
    """One received document as the receipt lists it."""

    name: str
    kind: str  # a DocumentKind value (shown with its Chinese label) or free text
    page_count: int
    sha256: str


class ReceiptData(msgspec.Struct, frozen=True):
    """What a filing receipt (回执) states."""

    filing_number: str
    court_name: str
    filer_name: str
    submitted_at: datetime  # timezone-aware; shown in Asia/Shanghai
    documents: list[ReceiptDocument]


_TITLE = ParagraphStyle("title", fontName=CJK_FONT, fontSize=18, leading=26, alignment=1)
_BODY = ParagraphStyle("body", fontName=CJK_FONT, fontSize=10.5, leading=16, wordWrap="CJK")
_HASH = ParagraphStyle("hash", fontName="Courier", fontSize=7.5, leading=10)


def render_receipt_pdf(receipt: ReceiptData) -> bytes:
    """The receipt as PDF bytes."""
    if receipt.submitted_at.tzinfo is None:
        raise ValueError("submitted_at must be timezone-aware")
    cjk_font()  # embedded, not merely named: a reader without CJK fonts of its own still shows the receipt
    local = receipt.submitted_at.astimezone(SHANGHAI)
    when = f"{local.year}年{local.month}月{local.day}日 {local:%H:%M:%S}（北京时间）"
    out = io.BytesIO()
    document = a4_document(out, title=f"立案材料接收回执 {receipt.filing_number}", author=receipt.court_name)
    facts = Table(
        [
            [Paragraph(label, _BODY), Paragraph(_escape(value), _BODY)]
            for label, value in (
                ("立案申请编号", receipt.filing_number),
                ("受理法院", receipt.court_name),
                ("提交人", receipt.filer_name),
                ("提交时间", when),
                (
                    "材料份数",
                    f"{len(receipt.documents)} 份，共 {sum(d.page_count for d in receipt.documents)} 页",
                ),
            )
        ],
        colWidths=[32 * mm, 138 * mm],
    )
    facts.setStyle(
        TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    )
    story = [
        Paragraph(_escape(receipt.court_name), _TITLE),
        Paragraph("立案材料接收回执", _TITLE),
        Spacer(1, 6 * mm),
        facts,
        Spacer(1, 6 * mm),
        _documents_table(receipt.documents),
        Spacer(1, 6 * mm),
        # CPL Art. 126: the court registers on the spot or decides within 7 days; the receipt is not that decision.
        Paragraph(
            "本回执仅证明人民法院已收到上述材料，不代表案件已登记立案。人民法院将依照《中华人民共和国民事诉讼法》"
            "第一百二十六条的规定，在七日内决定是否立案。每份材料的SHA-256摘要可用于核对材料未被改动。",
            _BODY,
        ),
    ]
    document.build(story)
    return out.getvalue()


def _documents_table(documents: list[ReceiptDocument]) -> Table:
    rows: list[list[object]] = [[Paragraph(h, _BODY) for h in ("序号", "材料名称", "材料类型", "页数")]]
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    for number, item in enumerate(documents, start=1):
        rows.append(
            [
                Paragraph(str(number), _BODY),
                Paragraph(_escape(item.name), _BODY),
                Paragraph(_kind_label(item.kind), _BODY),
                Paragraph(str(item.page_count), _BODY),
            ]
        )
        rows.append(["", Paragraph(f"SHA-256: {item.sha256}", _HASH), "", ""])
        style.append(("SPAN", (1, len(rows) - 1), (3, len(rows) - 1)))
    table = Table(rows, colWidths=[14 * mm, 100 * mm, 36 * mm, 20 * mm], repeatRows=1)
    table.setStyle(TableStyle(style))
    return table


def _kind_label(kind: str) -> str:
    try:
        return gettext("zh_CN", KIND_LABELS[DocumentKind(kind)])
    except ValueError:
        return _escape(kind)


def _escape(text: str) -> str:
    # Paragraph text is a small markup language: a filer's "<" or "&" must stay text.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
