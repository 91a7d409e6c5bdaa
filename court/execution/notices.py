"""Notices of a matter as PDFs: execution notice (执行通知书), order to report property (报告财产令),
consumption-restriction order (限制消费令); stored as content-addressed blobs and recorded."""

from __future__ import annotations

import asyncio
import hashlib
import io
from collections.abc import AsyncIterator
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from court.accounts.policy import Action, Principal
from court.audit.chain import actor_of
from court.blobs import opened_blob
from court.db import write_transaction
from court.errors import NotFound
from court.execution.money import owed_on
from court.execution.service import (
    audit_matter,
    authorize,
    log_event,
    parties_of,
    require_open,
    set_stage,
    update_facts,
)
from court.execution.tables import MatterNotice
from court.execution.views import NoticeIssued
from court.i18n import msg
from court.pdf import a4_document
from storage.fonts import CJK_FONT, cjk_font

# The execution notice orders performance by a date; a debtor who has not paid by then may be restricted
# (法释〔2015〕17号 Art 1). The period is the court's to set; three days is common practice.
PAY_WITHIN_DAYS = 3


class NoticeKind(StrEnum):
    EXECUTION_NOTICE = (
        "execution_notice"  # 执行通知书, CPL 2023 Art 251; within 10 days (CPL-Interp 2022 Art 480)
    )
    REPORT_ORDER = "report_order"  # 报告财产令, CPL 2023 Art 252
    CONSUMPTION_RESTRICTION = "consumption_restriction"  # 限制消费令, 法释〔2015〕17号


TITLES = {
    NoticeKind.EXECUTION_NOTICE: "执行通知书",
    NoticeKind.REPORT_ORDER: "报告财产令",
    NoticeKind.CONSUMPTION_RESTRICTION: "限制消费令",
}

_TITLE = ParagraphStyle("title", fontName=CJK_FONT, fontSize=18, leading=26, alignment=1)
_BODY = ParagraphStyle("body", fontName=CJK_FONT, fontSize=11, leading=18, wordWrap="CJK")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def notice_paragraphs(kind: NoticeKind, facts: dict[str, Any]) -> list[str]:
    debtors = "、".join(facts["debtors"])
    if kind is NoticeKind.EXECUTION_NOTICE:
        return [
            f"{debtors}：",
            f"申请执行人{'、'.join(facts['applicants'])}申请执行{facts['title']}，本院已于{_day(facts['registered_on'])}"
            f"立案执行，案号{facts['number']}。",
            f"依照《中华人民共和国民事诉讼法》第二百五十一条的规定，责令你于{_day(facts['pay_by'])}前履行：",
            f"一、支付执行标的款{facts['principal']}元及诉讼费用{facts['costs']}元；",
            f"二、支付迟延履行期间的加倍部分债务利息（截至{_day(facts['on'])}为{facts['interest']}元，计算至实际履行之日）；",
            f"三、负担申请执行费{facts['fee']}元。",
            "逾期不履行的，本院将依法强制执行，并可依法限制消费、纳入失信被执行人名单。",
        ]
    if kind is NoticeKind.REPORT_ORDER:
        return [
            f"{debtors}：",
            f"本院在执行{facts['number']}一案中，依照《中华人民共和国民事诉讼法》第二百五十二条的规定，责令你于收到本令之日起"
            "五日内，如实向本院报告当前以及收到执行通知之日前一年的财产情况。",
            "拒绝报告或者虚假报告的，本院将根据情节轻重予以罚款、拘留，并可纳入失信被执行人名单。",
        ]
    return [
        f"{debtors}：",
        f"本院在执行{facts['number']}一案中，因你未按执行通知书指定的期间履行生效法律文书确定的给付义务，依照《最高人民法院关于"
        "限制被执行人高消费及有关消费的若干规定》第一条、第三条的规定，自即日起限制你实施高消费及非生活和工作必需的消费行为。",
        "包括：乘坐交通工具时选择飞机、列车软卧、轮船二等以上舱位；在星级以上宾馆、酒店、夜总会、高尔夫球场等场所进行高消费；"
        "购买不动产或者新建、扩建、高档装修房屋；租赁高档写字楼、宾馆、公寓等场所办公；购买非经营必需车辆；旅游、度假；"
        "子女就读高收费私立学校；支付高额保费购买保险理财产品；乘坐G字头动车组列车全部座位、其他动车组列车一等以上座位。",
    ]


def render_notice_pdf(kind: NoticeKind, court_name: str, facts: dict[str, Any]) -> bytes:
    cjk_font()  # registers the embedded face the styles name
    out = io.BytesIO()
    document = a4_document(out, title=f"{TITLES[kind]} {facts['number']}", author=court_name, margin=25 * mm)
    story: list[Any] = [
        Paragraph(_escape(court_name), _TITLE),
        Paragraph(TITLES[kind], _TITLE),
        Spacer(1, 4 * mm),
        Paragraph(_escape(facts["number"]), ParagraphStyle("no", parent=_BODY, alignment=2)),
        Spacer(1, 4 * mm),
    ]
    for text in notice_paragraphs(kind, facts):
        story.append(Paragraph(_escape(text), _BODY))
    story += [
        Spacer(1, 10 * mm),
        Paragraph(
            _escape(f"{court_name}　{_day(facts['on'])}"), ParagraphStyle("sig", parent=_BODY, alignment=2)
        ),
    ]
    from court.documents.render import _SealStamp

    story.append(
        _SealStamp(court_name)
    )  # the court's seal over the date, as every signed court document has it
    document.build(story)
    return out.getvalue()


async def notice_blob_keys() -> set[str]:
    return {r["blob_key"] for r in await MatterNotice.select(MatterNotice.blob_key)}


FACTS_OF_NOTICE = {
    NoticeKind.EXECUTION_NOTICE: "execution_notice_sent",
    NoticeKind.REPORT_ORDER: "report_order_issued",
    NoticeKind.CONSUMPTION_RESTRICTION: "consumption_restriction_issued",
}


async def issue_notice(
    runtime: Any, p: Principal | None, matter_id: int, kind: NoticeKind, today: date
) -> NoticeIssued:
    """Render, store (blob first, content-addressed, so a retry is harmless) and record a notice."""
    matter = await authorize(p, Action.ENFORCE, matter_id) if p else None
    from court.execution.service import load_matter

    matter = matter or await load_matter(matter_id)
    require_open(matter)
    parties = await parties_of(matter_id)
    owed = await owed_on(matter_id, today)
    from court.reference.tables import Court

    court = await Court.select(Court.name).where(Court.code == matter["court_code"]).first()
    court_name = court["name"] if court else matter["court_code"]
    pay_by = matter["notice_deadline"] or today + timedelta(days=PAY_WITHIN_DAYS)
    facts = {
        "number": matter["number"],
        "title": matter["title_number"],
        "registered_on": matter["registered_on"],
        "debtors": [x["name"] for x in parties if x["role"] == "debtor"],
        "applicants": [x["name"] for x in parties if x["role"] == "applicant"],
        "principal": str(sum(o.principal for o in owed.applicants)),
        "costs": str(sum(o.costs for o in owed.applicants)),
        "interest": str(owed.interest),
        "fee": str(owed.fee),
        "on": today,
        "pay_by": pay_by,
    }
    pdf = await asyncio.to_thread(render_notice_pdf, kind, court_name, facts)
    digest = hashlib.sha256(pdf).hexdigest()
    key = f"execution/notices/{digest}.pdf"
    await asyncio.to_thread(runtime.blobs.put, key, io.BytesIO(pdf), content_type="application/pdf")
    async with write_transaction():
        row = MatterNotice(
            matter=matter_id,
            kind=kind.value,
            blob_key=key,
            sha256=digest,
            size=len(pdf),
            issued_on=today,
            issued_by=p.user_id if p else None,
        )
        await MatterNotice.insert(row)
        await update_facts(matter_id, **{FACTS_OF_NOTICE[kind]: True})
        if kind is NoticeKind.EXECUTION_NOTICE:
            from court.execution.tables import EnforcementMatter

            await EnforcementMatter.update({EnforcementMatter.notice_deadline: pay_by}).where(
                EnforcementMatter.id == matter_id
            )
            if matter["stage"] == "registration":
                await set_stage(matter_id, "notice_and_report")
        detail = {"notice": int(row.id), "kind": kind.value, "sha256": digest}
        await log_event(matter_id, "notice_issued", today, p, detail, court_code=matter["court_code"])
    # Served on the debtor through the court's one service path (court.serving.matters): the served date, not the
    # issue date, starts the debtor's period (the report order's five days, CPL 2023 Art 252).
    from court.serving.matters import serve_notice

    services = await serve_notice(p, int(row.id))
    return NoticeIssued(
        id=int(row.id), kind=kind.value, sha256=digest, size=len(pdf), issued_on=today, services=services
    )


async def notice_stream(
    runtime: Any, p: Principal, matter_id: int, notice_id: int
) -> tuple[AsyncIterator[bytes], int]:
    """Serve a notice to whoever may see the matter; every read is an audit event."""
    matter = await authorize(p, Action.READ_DOCUMENT, matter_id)
    row = (
        await MatterNotice.select()
        .where((MatterNotice.id == notice_id) & (MatterNotice.matter == matter_id))
        .first()
    )
    if row is None:
        raise NotFound(
            msg("no notice %(notice_id)s in matter %(matter_id)s", notice_id=notice_id, matter_id=matter_id)
        )
    await audit_matter(
        actor_of(p),
        "matter.notice_read",
        matter_id,
        court_code=matter["court_code"],
        detail={"notice": notice_id},
    )
    return await opened_blob(runtime.blobs, row["blob_key"]), int(row["size"])
