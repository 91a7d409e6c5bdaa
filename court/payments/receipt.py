"""The electronic receipt (诉讼费用电子收据) of a fee paid, as PDF with the Chinese face embedded (storage/fonts.py)."""

from __future__ import annotations

import io
from datetime import datetime

from reportlab.lib.pagesizes import A5, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from court.cases.service import COURT_TZ
from storage.fonts import CJK_FONT, cjk_font


def render_receipt(
    *,
    court_name: str,
    case_number: str,
    payer: str,
    amount: str,
    order_no: str,
    trade_no: str,
    paid_at: datetime,
    platform: str,
    simulated: bool,
) -> bytes:
    cjk_font()  # embedded, not merely named: a reader without Chinese fonts still shows the text
    out = io.BytesIO()
    size = landscape(A5)
    c = Canvas(out, pagesize=size, pageCompression=1)
    c.setTitle(f"诉讼费用电子收据 {case_number}")
    c.setAuthor(court_name)
    width, height = size
    c.setFont(CJK_FONT, 18)
    c.drawCentredString(width / 2, height - 22 * mm, court_name)
    c.setFont(CJK_FONT, 16)
    c.drawCentredString(width / 2, height - 32 * mm, "诉讼费用电子收据")
    rows: list[tuple[str, str]] = [
        ("案号", case_number),
        ("缴款人", payer),
        ("项目", "案件受理费（预交）"),
        ("金额", f"人民币 {amount} 元"),
        ("订单号", order_no),
        ("支付流水号", trade_no),
        ("缴费时间", paid_at.astimezone(COURT_TZ).strftime("%Y-%m-%d %H:%M")),
        ("支付渠道", "模拟支付（开发测试，未发生真实扣款）" if simulated else platform),
    ]
    c.setFont(CJK_FONT, 12)
    y = height - 48 * mm
    for label, value in rows:
        c.drawString(25 * mm, y, f"{label}：")
        c.drawString(55 * mm, y, value)
        y -= 9 * mm
    c.setFont(CJK_FONT, 9)
    c.drawString(
        25 * mm, 12 * mm, "依据《诉讼费用交纳办法》第二十二条预交。本收据由系统根据支付平台的签名回调生成。"
    )
    c.showPage()
    c.save()
    return out.getvalue()
