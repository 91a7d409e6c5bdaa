"""Small real PDFs for filing tests, with Chinese text (reportlab's built-in CID font)."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))

COMPLAINT_TEXT = [
    "民事起诉状",
    "原告：王丽华，女，1983年7月16日出生，汉族，住浙江省杭州市拱墅区湖墅南路218号3幢502室，",
    "公民身份号码330105198307161627，联系电话13906517788。",
    "被告：陈建国，男，1985年11月2日出生，汉族，住浙江省绍兴市越城区解放北路65号，",
    "公民身份号码330602198511020539。",
    "诉讼请求：",
    "一、判令被告归还借款本金人民币150000元；",
    "二、本案诉讼费用由被告承担。",
    "事实与理由：被告于2023年1月5日向原告借款150000元，约定2023年12月31日前归还，至今未还。",
    "此致",
    "绍兴市越城区人民法院",
    "具状人：王丽华",
    "2024年3月8日",
]


def make_pdf(lines: list[str] | None = None, *, pages: int = 1, padding: int = 0) -> bytes:
    """A PDF with the given lines on each page; `padding` adds an incompressible comment to reach a size."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for page in range(pages):
        c.setFont("STSong-Light", 12)
        y = 800
        for line in lines or COMPLAINT_TEXT:
            c.drawString(50, y, line)
            y -= 20
        c.drawString(500, 30, f"{page + 1}")
        c.showPage()
    c.save()
    data = buf.getvalue()
    if padding:
        import os

        # A PDF comment after %%EOF is ignored by readers; random bytes defeat compression in transit tests.
        data += b"\n%" + os.urandom(padding).hex().encode()[:padding] + b"\n"
    return data
