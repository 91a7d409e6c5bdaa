"""The service receipt (送达回证, CPL Art 87): one PDF per service, the embedded CJK font as every court PDF has it."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from court.pdf import a4_document
from storage.fonts import CJK_FONT, cjk_font

CHANNEL_ZH = {
    "inbox": "诉讼服务平台送达",
    "email": "电子邮件送达",
    "sms": "手机短信送达",
    "postal": "邮寄送达（EMS）",
    "in_person": "直接送达",
    "left_at_address": "留置送达",
    "publication": "公告送达",
}
STATUS_ZH = {"pending": "待发送", "sent": "已发出", "delivered": "已送达", "bounced": "退回"}


def render_receipt(facts: dict[str, Any]) -> bytes:
    """`facts`: court, case_number, title, party, document_sha256, served_on, served_channel, attempts."""
    font = cjk_font()
    title = ParagraphStyle("t", fontName=font, fontSize=20, leading=28, alignment=1)
    body = ParagraphStyle("b", fontName=font, fontSize=10.5, leading=16)
    out = io.BytesIO()
    pdf = a4_document(out, title=f"送达回证 {facts['case_number']}", author=facts["court"])

    def cell(text: object) -> Paragraph:
        return Paragraph(escape(str(text if text is not None else "")), body)

    rows = [
        [cell("案号"), cell(facts["case_number"])],
        [cell("送达文书"), cell(facts["title"])],
        [cell("受送达人"), cell(facts["party"])],
        [cell("送达方式"), cell(CHANNEL_ZH.get(facts["served_channel"] or "", "未送达"))],
        [cell("送达日期"), cell(facts["served_on"] or "尚未送达")],
        [cell("文书SHA-256"), cell(facts["document_sha256"])],
    ]
    attempts = [[cell("序号"), cell("方式"), cell("地址"), cell("状态"), cell("送达时间 / 凭证")]]
    for a in facts["attempts"]:
        proof = a.get("external_id") or ""
        attempts.append(
            [
                cell(a["position"] + 1),
                cell(CHANNEL_ZH.get(a["channel"], a["channel"])),
                cell(a["recipient"]),
                cell(STATUS_ZH.get(a["status"], a["status"])),
                cell(f"{a['delivered_on'] or ''} {proof}".strip()),
            ]
        )
    style = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "#000000"), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    story = [
        Paragraph(escape(facts["court"]), title),
        Paragraph("送 达 回 证", title),
        Spacer(1, 6 * mm),
        Table(rows, colWidths=[35 * mm, 135 * mm], style=style),
        Spacer(1, 6 * mm),
        Table(attempts, colWidths=[12 * mm, 30 * mm, 45 * mm, 18 * mm, 65 * mm], style=style),
        Spacer(1, 6 * mm),
    ]
    photos = facts.get("photos") or []
    if photos:
        # The photos taken at the address (CPL Art 89 留置送达; in person), each by its SHA-256 as stored.
        story += [Paragraph(escape(f"现场照片（{len(photos)}张，SHA-256）："), body)]
        story += [
            Paragraph(escape(f"{i}. {ph.get('sha256', '') if isinstance(ph, dict) else ph}"), body)
            for i, ph in enumerate(photos, 1)
        ]
        story.append(Spacer(1, 6 * mm))
    story += [
        Paragraph(
            "电子送达以送达信息到达受送达人特定系统的日期为送达日期（《中华人民共和国民事诉讼法》第九十条第二款）。",
            body,
        )
    ]
    pdf.build(story)
    data = out.getvalue()
    assert CJK_FONT  # the face embedded above
    return data
