"""Database bytes per case, measured: N cases made through the real services on a fresh PostgreSQL database, the
size of every table (pg_total_relation_size: heap, TOAST and indexes) before and after, divided by N.

    python -m bench.bench_db_growth [--cases 100] [--warm 10]

Each case is what a civil case leaves behind on its way from filing to enforcement:
  - a filing by a litigant (two parties, two claims) with its complaint as a real PDF (document row, blob metadata,
    the docket the extraction job reads out of it), submitted;
  - registered (立案) and assigned by the clerk, its parties and deadlines;
  - a judgment drafted and signed by the judge (document versions, signature rows);
  - the judgment served on both parties by post (service, attempts, the deadlines service starts);
  - an enforcement matter (执行案件) with its network inquiry (an agency task per agency);
  - every job these queue run to completion (extraction, service attempts), and the audit trail of all of it.
Blobs go to a local folder, not the database, and are counted apart (object storage, docs/capacity.md).

`--warm` cases are made first and not counted, so that each table's first pages (allocated whole, 8 KiB) do not
weigh on the figure. The database is CHECKPOINTed before each measurement; no VACUUM FULL (dead row versions
from status changes stay, as autovacuum leaves them for reuse in production).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench.databases import fresh_postgres

SIZES = """
SELECT c.relname AS name, pg_total_relation_size(c.oid) AS bytes, c.reltuples AS rows_estimate
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
"""
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)


async def _sizes(url: str) -> dict[str, int]:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        await conn.execute("CHECKPOINT")
        return {r["name"]: int(r["bytes"]) for r in await conn.fetch(SIZES)}
    finally:
        await conn.close()


async def _rows(url: str) -> dict[str, int]:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        names = [r["name"] for r in await conn.fetch(SIZES)]
        return {name: int(await conn.fetchval(f'SELECT count(*) FROM "{name}"')) for name in names}
    finally:
        await conn.close()


def _spec(n: int) -> dict[str, Any]:
    plaintiff = SURNAMES[n % len(SURNAMES)] + "丽华"
    defendant = SURNAMES[(n * 7 + 3) % len(SURNAMES)] + "建国"
    amount = 10_000 + (n * 7_919) % 490_000
    return {
        "filer": "litigant.wang",
        "court": "浙0106",
        "cause": "民间借贷纠纷",
        "amount": str(amount),
        "plaintiff": (plaintiff, None, "浙江省杭州市拱墅区湖墅南路218号3幢502室"),
        "defendant": (defendant, None, "浙江省杭州市西湖区文三路90号"),
        "claims": [(f"判令被告归还借款{amount}元", str(amount)), ("判令被告负担本案诉讼费用", None)],
    }


async def _one_case(runtime: Any, n: int) -> None:
    from court.accounts.service import principal_named as _principal
    from court.accounts.service import principal_of
    from court.accounts.tables import User
    from court.cases.registration import register_filing
    from court.cases.tables import CaseParty
    from court.demo.filings import _make_filing
    from court.documents import service as documents
    from court.execution.service import MatterIn, register_matter
    from court.execution.service import PartyIn as MatterPartyIn
    from court.execution.tasks import start_network_inquiry
    from court.filing import service as filing
    from court.jobs.runners import InProcessRunner
    from court.serving import flow
    from court.serving.flow import AddressIn, ServeIn

    spec = _spec(n)
    clerk = await _principal("clerk.xihu")
    fid = await _make_filing(runtime, spec)
    await filing.submit_filing(await _principal(spec["filer"]), fid)
    await InProcessRunner(runtime).drain()  # extraction of the complaint: the docket
    case = await register_filing(clerk, fid, procedure="ordinary")
    case_id = int(case["id"])
    judge = principal_of(await User.select().where(User.id == case["judge_id"]).first())
    doc = await documents.create_document(judge, case_id, "judgment")
    signed = await documents.sign_document(
        judge, runtime, int(doc["id"]), version=int(doc["current_version"])
    )
    party_ids = [int(r["id"]) for r in await CaseParty.select(CaseParty.id).where(CaseParty.case == case_id)]
    for party_id in party_ids:
        await flow.set_address(clerk, party_id, AddressIn(postal_address="浙江省杭州市西湖区文三路90号"))
    await flow.serve_document(judge, int(signed["id"]), ServeIn(parties=party_ids, channels=["postal"]))
    officer = await _principal("enforcer.xihu")
    matter = await register_matter(
        officer,
        MatterIn(
            court_code="浙0106",
            title_number=str(case["number"]),
            performance_due=date(2026, 12, 31),
            parties=[
                MatterPartyIn(
                    role="applicant",
                    name=spec["plaintiff"][0],
                    id_code="330105198307161627",
                    principal=Decimal(spec["amount"]),
                    costs=Decimal("700.00"),
                ),
                MatterPartyIn(role="debtor", name=spec["defendant"][0], id_code="330602198511020539"),
            ],
            officer_id=officer.user_id,
        ),
        today=datetime.now(UTC).date(),
    )
    await start_network_inquiry(officer, matter, datetime.now(UTC))
    await InProcessRunner(runtime).drain()  # service attempts and whatever else was queued


async def _run(url: str, folder: Path, cases: int, warm: int) -> None:
    from court.bootstrap import build_runtime
    from court.db import close_pool, migrate, start_pool
    from court.demo import load_demo_data
    from court.reference.service import load_reference_data
    from court.settings import load_settings

    runtime = build_runtime(
        load_settings(
            {},
            database_url=url,
            storage_url=f"file:{folder / 'blobs'}",
            secret_key="x" * 24,
            signing_dir=str(folder / "signing"),
            var_dir=str(folder / "var"),
        )
    )
    await start_pool(runtime.engine)
    try:
        await migrate()
        await load_reference_data()
        await load_demo_data(runtime, cases=False)
        for n in range(warm):
            await _one_case(runtime, n)
        before, rows_before = await _sizes(url), await _rows(url)
        blobs_before = sum(p.stat().st_size for p in (folder / "blobs").rglob("*") if p.is_file())
        started = time.perf_counter()
        for n in range(warm, warm + cases):
            await _one_case(runtime, n)
        took = time.perf_counter() - started
        after, rows_after = await _sizes(url), await _rows(url)
        blobs_after = sum(p.stat().st_size for p in (folder / "blobs").rglob("*") if p.is_file())
    finally:
        await close_pool(runtime.engine)
    grown = {name: after[name] - before.get(name, 0) for name in after}
    total = sum(grown.values())
    print(
        f"{cases} cases through the services in {took:.0f} s ({cases / took:.1f} cases/s), after {warm} warm-up cases"
    )
    print(f"{'table':40} {'rows/case':>9} {'bytes/case':>10}")
    for name in sorted(grown, key=lambda k: -grown[k]):
        rows = (rows_after.get(name, 0) - rows_before.get(name, 0)) / cases
        if grown[name] or rows:
            print(f"{name:40} {rows:9.1f} {grown[name] / cases:10.0f}")
    print(
        f"database: {total / cases / 1024:.1f} KiB per case (heap, TOAST, indexes; {total / 2**20:.1f} MiB for {cases})"
    )
    print(
        f"blobs (object storage, not in the database): {(blobs_after - blobs_before) / cases / 1024:.1f} KiB per case"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=100)
    parser.add_argument("--warm", type=int, default=10)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="court-bench-growth-") as tmp,
        fresh_postgres("court_bench_growth") as url,
    ):
        asyncio.run(_run(url, Path(tmp), args.cases, args.warm))


if __name__ == "__main__":
    main()
