"""A court document as PDF: the embedded Chinese face, the header, the sections, the signature block and the seal."""

from __future__ import annotations

import io
import math
from datetime import date
from typing import Any

import msgspec
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Spacer

from court.documents.drafting import Content, chinese_date
from court.pdf import a4_document
from storage.fonts import CJK_FONT, cjk_font

SEAL_RED = colors.Color(0.85, 0.1, 0.1)

_COURT = ParagraphStyle("court", fontName=CJK_FONT, fontSize=18, leading=26, alignment=1)
_TITLE = ParagraphStyle("title", fontName=CJK_FONT, fontSize=24, leading=34, alignment=1)
_NUMBER = ParagraphStyle("number", fontName=CJK_FONT, fontSize=12, leading=20, alignment=2)
_BODY = ParagraphStyle("body", fontName=CJK_FONT, fontSize=13, leading=24, wordWrap="CJK", firstLineIndent=26)
_ADDRESSEE = ParagraphStyle("addressee", parent=_BODY, firstLineIndent=0)
_SIGN = ParagraphStyle("sign", fontName=CJK_FONT, fontSize=13, leading=24, alignment=2)


class Seal(msgspec.Struct, frozen=True):
    """What a signed rendering adds: the date of signing, the seal's court and the verification code (验证码)."""

    signed_on: date
    court_name: str
    verification_code: str
    verify_url: str


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _paragraphs(text: str, style: ParagraphStyle) -> list[Paragraph]:
    return [Paragraph(_escape(line), style) for line in text.split("\n") if line.strip()]


class _SealStamp(Flowable):
    """The court's round seal (印章) over the date: a red ring, a star and the court's name along the arc."""

    def __init__(self, court_name: str, size: float = 42 * mm) -> None:
        super().__init__()
        self.court_name = court_name
        self.size = size
        self.width = 0
        self.height = 0

    def draw(self) -> None:
        c: Canvas = self.canv
        r = self.size / 2
        page_width = A4[0] - 50 * mm
        cx, cy = page_width - r - 10 * mm, 9 * mm  # over the date line just above
        c.saveState()
        c.setStrokeColor(SEAL_RED)
        c.setFillColor(SEAL_RED)
        c.setLineWidth(2.2)
        c.circle(cx, cy, r, stroke=1, fill=0)
        star = [
            (
                cx + 0.32 * r * math.cos(math.radians(90 + 72 * i * 2)),
                cy + 0.32 * r * math.sin(math.radians(90 + 72 * i * 2)),
            )
            for i in range(5)
        ]
        path = c.beginPath()
        path.moveTo(*star[0])
        for point in star[1:]:
            path.lineTo(*point)
        path.close()
        c.drawPath(path, stroke=0, fill=1)
        name = self.court_name
        span = min(240.0, 24.0 * len(name))
        c.setFont(CJK_FONT, 11)
        for i, ch in enumerate(name):
            angle = 90 + span / 2 - (span / max(1, len(name) - 1)) * i if len(name) > 1 else 90
            x = cx + 0.72 * r * math.cos(math.radians(angle))
            y = cy + 0.72 * r * math.sin(math.radians(angle))
            c.saveState()
            c.translate(x, y)
            c.rotate(angle - 90)
            c.drawCentredString(0, -4, ch)
            c.restoreState()
        c.restoreState()


def render_pdf(content: dict[str, Any], *, seal: Seal | None = None, author: str = "") -> bytes:
    """The document as PDF bytes; with `seal`, the dated, sealed rendering that is then signed."""
    cjk_font()  # embedded, not merely named: every reader shows the text
    doc = msgspec.convert(content, Content)
    header = doc.header
    out = io.BytesIO()
    title = f"{header['title']} {header['number']}"

    def footer(canvas: Canvas, template: Any) -> None:
        canvas.saveState()
        canvas.setFont(CJK_FONT, 9)
        width = A4[0]
        canvas.drawCentredString(width / 2, 12 * mm, f"第 {canvas.getPageNumber()} 页")
        if seal is not None:
            canvas.drawString(
                25 * mm, 18 * mm, f"验证码：{seal.verification_code}　核验地址：{seal.verify_url}"
            )
        canvas.restoreState()

    pdf = a4_document(
        out,
        title=title,
        author=author or header["court"],
        margin=25 * mm,
        bottom=28 * mm,
        subject=header["title"],
    )
    story: list[Any] = [
        Paragraph(_escape(header["court"]), _COURT),
        Paragraph(_escape(header["title"]), _TITLE),
        Paragraph(_escape(header["number"]), _NUMBER),
        Spacer(1, 4 * mm),
    ]
    if header.get("addressee"):
        story.append(Paragraph(_escape(header["addressee"]) + "：", _ADDRESSEE))
    notice = not doc.signature.get("judges")
    for section in doc.sections:
        if notice and section.heading and section.key != "body":
            story.append(Paragraph(_escape(section.heading) + "：", _ADDRESSEE))
        story += _paragraphs(section.text, _BODY)
    story.append(Spacer(1, 12 * mm))
    for judge in doc.signature.get("judges") or []:
        story.append(Paragraph(f"审判员　{_escape(judge)}", _SIGN))
    if notice:
        story.append(Paragraph(_escape(header["court"]), _SIGN))
    signed_on = seal.signed_on if seal else None
    story.append(Paragraph(chinese_date(signed_on) if signed_on else "（签发日期）", _SIGN))
    if seal is not None:
        story.append(_SealStamp(seal.court_name))
    if doc.signature.get("clerk"):
        story.append(Paragraph(f"书记员　{_escape(doc.signature['clerk'])}", _SIGN))
    pdf.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()
