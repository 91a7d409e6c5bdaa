"""The demo's filings: one made through the litigant's own service calls, with its complaint as a real PDF. Its own
module, since the demo's cases, court and stages all make filings (court.demo.cases loads the other two)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from court.accounts.service import principal_named
from court.accounts.tables import User
from court.db import must_exist
from court.filing import service
from court.filing.schemas import ClaimIn, FilingIn, PartyIn

DEMO_MARK = "【演示数据】"

Party = tuple[str, str | None, str]  # name, ID number (None: not given), address
WANG: Party = ("王丽华", "330105198307161627", "浙江省杭州市拱墅区湖墅南路218号3幢502室")


def filing_spec(
    cause: str,
    amount: str,
    defendant: Party,
    claims: list[tuple[str, str | None]],
    *,
    filer: str = "litigant.wang",
    court: str = "浙0106",
    plaintiff: Party = WANG,
    **more: Any,
) -> dict[str, Any]:
    """A demo filing as _make_filing takes it: by default litigant.wang suing at 西湖 (浙0106) as 王丽华; `more` is
    what the loader does with it (state, stage, decision, reason, defendant_user, ...)."""
    return {
        "filer": filer,
        "court": court,
        "cause": cause,
        "amount": amount,
        "plaintiff": plaintiff,
        "defendant": defendant,
        "claims": claims,
        **more,
    }


def _complaint_pdf(lines: list[str]) -> bytes:
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("STSong-Light", 12)
    y = 800
    for line in lines:
        c.drawString(50, y, line)
        y -= 20
    c.showPage()
    c.save()
    return buf.getvalue()


async def _party_account(username: str | None) -> dict[str, Any]:
    """A party whose agent has an account (`defendant_user`): bound to it, so service reaches that account."""
    if username is None:
        return {}
    user = must_exist(await User.select(User.id, User.display_name).where(User.username == username).first())
    return {"user_id": user["id"], "agents": [str(user["display_name"])[:64]]}


async def _make_filing(runtime: Any, spec: dict[str, Any]) -> int:
    """A filing with its complaint (民事起诉状) as a real PDF, through the litigant's own service calls."""
    filer = await principal_named(spec["filer"])
    plaintiff, defendant = spec["plaintiff"], spec["defendant"]
    data = FilingIn(
        receiving_court_code=spec["court"],
        cause_name=spec["cause"],
        amount_in_dispute=spec["amount"],
        summary=f"{DEMO_MARK}{spec['cause']}",
        parties=[
            PartyIn(role="plaintiff", name=plaintiff[0], id_number=plaintiff[1], address=plaintiff[2]),
            PartyIn(
                role="defendant",
                name=defendant[0],
                kind="organisation" if "公司" in defendant[0] else "person",
                address=defendant[2],
                **await _party_account(spec.get("defendant_user")),
            ),
        ],
        claims=[ClaimIn(text=t, amount=a) for t, a in spec["claims"]],
    )
    fid = await service.create_filing(filer, data)
    lines = [
        "民事起诉状",
        f"原告：{plaintiff[0]}，住{plaintiff[2]}。",
        f"被告：{defendant[0]}，住{defendant[2]}。",
        "诉讼请求：",
        *[f"{i + 1}、{t}；" for i, (t, _) in enumerate(spec["claims"])],
        "此致",
        "具状人：" + plaintiff[0],
    ]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "complaint.pdf"
        path.write_bytes(_complaint_pdf(lines))
        await service.add_document(
            filer, runtime, fid, path, filename="民事起诉状.pdf", declared_kind="complaint"
        )
    return fid
