"""Filing a document enqueues its extraction; the job fills the filing's docket and routing runs on submission."""

from __future__ import annotations

import textwrap
from typing import Any

from court.filing.tables import Filing, FilingDocument
from court.jobs.runners import InProcessRunner
from court.jobs.tables import OutboxJob
from testkit.pdfs import make_pdf
from tests.conftest import sign_in
from tests.filing.test_filing_api import create_filing, upload

COMPLAINT = """民 事 起 诉 状
原告：王丽华，女，1983年7月16日出生，汉族，住浙江省杭州市拱墅区湖墅南路218号3幢502室，
公民身份号码330105198307161627，联系电话13906517788。
被告：陈建国，男，1985年11月2日出生，汉族，住浙江省绍兴市越城区解放北路65号，
公民身份号码330602198511020539。
诉讼请求：
一、判令被告归还原告借款本金人民币150000元；
二、本案诉讼费用由被告承担。
事实与理由：被告于2022年12月1日向原告借款人民币壹拾伍万元整，至今未还。
此致
绍兴市越城区人民法院
具状人：王丽华
2024年3月8日"""


def _pdf(text: str) -> bytes:
    lines: list[str] = []
    for line in text.splitlines():
        lines.extend(textwrap.wrap(line, 38) or [""])
    return make_pdf(lines)


async def test_extraction_fills_the_docket_and_a_rerun_changes_nothing(client: Any, seeded: Any) -> None:
    h = await sign_in(client, "litigant.wang")
    fid = await create_filing(client, h)
    doc = (await upload(client, h, fid, _pdf(COMPLAINT))).json()
    assert doc["extraction_status"] == "pending"
    evidence = (
        await upload(
            client,
            h,
            fid,
            make_pdf(["证据：借款协议", "出借人：李四", "借款金额：人民币5000元"]),
            name="证据.pdf",
            kind="evidence",
        )
    ).json()
    runner = InProcessRunner(seeded)
    await runner.drain()

    row = await FilingDocument.select().where(FilingDocument.id == doc["id"]).output(load_json=True).first()
    assert row["extraction_status"] == "done"
    filing = await Filing.select(Filing.docket).where(Filing.id == fid).output(load_json=True).first()
    docket = filing["docket"]
    people = {(p["role"], p["name"]): p for p in docket["parties"]}
    assert people[("plaintiff", "王丽华")]["id_number"] == "330105198307161627"
    assert people[("defendant", "陈建国")]["address"].startswith("浙江省绍兴市越城区")
    assert docket["amount_in_dispute"] == "150000"
    assert docket["cause_of_action"]["name"] == "民间借贷纠纷"
    assert docket["court"]["name"] == "绍兴市越城区人民法院"
    # The complaint wins over the evidence list for the parties.
    assert ("plaintiff", "李四") not in people
    assert (
        await FilingDocument.select(FilingDocument.extraction_status)
        .where(FilingDocument.id == evidence["id"])
        .first()
    )["extraction_status"] == "done"

    # Running the job again changes nothing.
    job = (
        await OutboxJob.select(OutboxJob.id)
        .where(OutboxJob.dedupe_key == f"extract:document:{doc['id']}")
        .first()
    )
    from court.jobs.runners import run_job

    await OutboxJob.update({OutboxJob.status: "pending"}).where(OutboxJob.id == job["id"])
    assert await run_job(job["id"], seeded) == "done"
    again = await Filing.select(Filing.docket).where(Filing.id == fid).output(load_json=True).first()
    assert again["docket"] == docket


async def test_submission_routes_the_filing_to_the_competent_court(client: Any, seeded: Any) -> None:
    h = await sign_in(client, "litigant.wang")
    fid = await create_filing(client, h)  # the defendant lives in 绍兴市越城区
    assert (await upload(client, h, fid, _pdf(COMPLAINT))).status_code == 201
    assert (await client.post(f"/api/v1/filings/{fid}/submit", headers=h)).status_code == 200
    await InProcessRunner(seeded).drain()
    filing = (
        await Filing.select(Filing.routing, Filing.competent_court_code)
        .where(Filing.id == fid)
        .output(load_json=True)
        .first()
    )
    decision = filing["routing"]["decision"]
    assert "浙0602" in [c["code"] for c in decision["courts"]], decision
    assert decision["rule"] and decision["article"]
