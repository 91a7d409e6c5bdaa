"""Case search and case-number allocation on PostgreSQL, each against raw asyncpg in the same run.

    python -m bench.bench_search [--cases 1000000] [--iterations 200] [--allocators 32] [--allocations 20]
                                 [--trigram]

Creates a fresh database, migrates it, and fills court_case with `--cases` cases (two parties each) by one
INSERT ... SELECT FROM generate_series on the server: 99 courts, 4 type codes, 10 years, 30 causes, 20 judges
per court. Then:

1. Search: for each common search of a clerk (by case number, party name, ID number, cause, status, judge, date
   range), `search_cases(principal, CaseQuery(...))` `--iterations` times with varied values, and the same two
   statements (count and page) compiled from the same Piccolo queries, run on one raw asyncpg connection. Prints
   p50/p99 of both and the ratio, then EXPLAIN of each page query with the indexes it uses.
2. Allocation: `--allocators` concurrent tasks each take `--allocations` case numbers (allocate_case_number in a
   write transaction, as registration does) in one counter scope, against the same number of raw asyncpg
   connections each doing `SELECT nextval(...)` round trips, and against the counter's own SQL (INSERT ... ON
   CONFLICT, UPDATE ... RETURNING in a transaction) on raw asyncpg. Checks the serials are 1..N without gaps.

`--trigram` adds, after the first search round, pg_trgm GIN indexes on party names and causes and runs the
fragment searches again: the B-tree indexes cannot serve `LIKE '%fragment%'`.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench.databases import fresh_postgres

CAUSES = (
    "民间借贷纠纷",
    "金融借款合同纠纷",
    "买卖合同纠纷",
    "房屋租赁合同纠纷",
    "离婚纠纷",
    "机动车交通事故责任纠纷",
    "劳动争议",
    "物业服务合同纠纷",
    "建设工程施工合同纠纷",
    "信用卡纠纷",
    "追索劳动报酬纠纷",
    "服务合同纠纷",
    "承揽合同纠纷",
    "装饰装修合同纠纷",
    "买卖合同纠纷",
    "股权转让纠纷",
    "侵害作品信息网络传播权纠纷",
    "网络购物合同纠纷",
    "提供劳务者受害责任纠纷",
    "生命权、身体权、健康权纠纷",
    "继承纠纷",
    "抚养纠纷",
    "赡养纠纷",
    "所有权确认纠纷",
    "合伙合同纠纷",
    "保证合同纠纷",
    "运输合同纠纷",
    "保险纠纷",
    "不当得利纠纷",
    "债权人撤销权纠纷",
)
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文辉玲红宇浩然子涵欣怡梓轩一诺俊杰雨桐思远晨阳佳琪"
)
TYPE_CODES = ("民初", "民终", "执", "刑初")
STATUSES = ("registered", "assigned", "hearing_scheduled", "closed")
COURTS = 99  # 浙0101 .. 浙1109: 11 cities x 9 counties
JUDGES_PER_COURT = 20
FIRST_YEAR = 2016
YEARS = 10


def _sql_array(values: Any) -> str:
    return "ARRAY[" + ", ".join(f"'{v}'" for v in values) + "]"


# One row per case, everything derived from i so the bench needs no client-side data. The decomposition of i
# into (court, type, year, serial) keeps every (court, type, year) scope's serials 1..n, as allocation would.
FILL_CASES = f"""
INSERT INTO court_case (number, court_code, specialised, type_code, year, serial, case_type, cause_name, procedure,
                        amount_in_dispute, status, division, judge_id, filer_id, registered_by, registered_at,
                        registered_on, deadline, fee_notice)
SELECT format('（%s）%s%s%s号', y, c, t, s), c, '', t, y, s, 'civil', ({_sql_array(CAUSES)})[1 + (i * 7) % {len(CAUSES)}],
       'ordinary', (i % 1000) * 1000 + 5000, ({_sql_array(STATUSES)})[1 + (i * 13) % {len(STATUSES)}], '民事审判庭',
       1000 + court * {JUDGES_PER_COURT} + (i % {JUDGES_PER_COURT}), 100000 + i % 50000, 1,
       d + time '09:00' + (i % 28800) * interval '1 second', d, d + 180, '{{}}'::jsonb
FROM (
    SELECT i, k % {COURTS} AS court,
           format('浙%s%s', lpad((1 + (k % {COURTS}) / 9)::text, 2, '0'), lpad((1 + (k % {COURTS}) % 9)::text, 2, '0')) AS c,
           ({_sql_array(TYPE_CODES)})[1 + (k / {COURTS}) % {len(TYPE_CODES)}] AS t,
           {FIRST_YEAR} + (k / {COURTS * len(TYPE_CODES)}) % {YEARS} AS y,
           k / {COURTS * len(TYPE_CODES) * YEARS} + 1 AS s,
           make_date({FIRST_YEAR} + (k / {COURTS * len(TYPE_CODES)}) % {YEARS}, 1, 1) + ((i * 31) % 365) AS d
    FROM (SELECT i, i - 1 AS k FROM generate_series($1::int, $2::int) AS i) AS n
) AS g
"""

FILL_PARTIES = f"""
INSERT INTO court_case_party ("case", position, role, kind, name, id_number, uscc, address, agents)
SELECT id, p, CASE p WHEN 0 THEN 'plaintiff' ELSE 'defendant' END, 'person',
       substr('{SURNAMES}'::text, (1 + h % {len(SURNAMES)})::int, 1)
           || substr('{GIVEN}'::text, (1 + h / 7 % {len(GIVEN)})::int, 1)
           || substr('{GIVEN}'::text, (1 + h / 11 % {len(GIVEN)})::int, 1),
       '33' || lpad(((h * 7919) % 10000000000000000)::text, 16, '0'), NULL, '浙江省杭州市', '[]'::jsonb
FROM (SELECT id, p, (id * 2 + p) * 2654435761 % 4294967291 AS h
      FROM court_case, generate_series(0, 1) AS p WHERE id BETWEEN $1 AND $2) AS x
"""


def _pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) >= 2 else values[0]


async def _fill(url: str, cases: int) -> float:
    import asyncpg

    started = time.perf_counter()
    conn = await asyncpg.connect(url)
    try:
        step = 100_000
        for first in range(1, cases + 1, step):
            last = min(cases, first + step - 1)
            async with conn.transaction():
                await conn.execute(FILL_CASES, first, last)
                await conn.execute(FILL_PARTIES, first, last)
        await conn.execute("ANALYZE court_case; ANALYZE court_case_party")
    finally:
        await conn.close()
    return time.perf_counter() - started


def _compiled(query: Any) -> tuple[str, list[Any]]:
    strings = query.querystrings
    assert len(strings) == 1, strings
    sql, args = strings[0].compile_string(engine_type="postgres")
    return sql, list(args)


class _Searches:
    """The common searches of a clerk of one court, with values drawn from the data."""

    def __init__(self, samples: list[dict[str, Any]]) -> None:
        self.samples = samples

    def queries(self, rng: random.Random) -> dict[str, tuple[str, Any]]:
        from court.cases.search import CaseQuery

        row = rng.choice(self.samples)
        day = row["registered_on"]
        return {
            "case number": (
                row["court_code"],
                CaseQuery(number=row["number"].replace("（", "(").replace("）", ")")),
            ),
            "party name": (row["court_code"], CaseQuery(party=row["name"])),
            "ID number": (row["court_code"], CaseQuery(id_number=row["id_number"])),
            "cause": (row["court_code"], CaseQuery(cause=row["cause_name"][:4])),
            "status": (row["court_code"], CaseQuery(status=row["status"])),
            "judge": (row["court_code"], CaseQuery(judge_id=row["judge_id"])),
            "date range": (
                row["court_code"],
                CaseQuery(registered_from=day, registered_to=day + timedelta(days=30)),
            ),
        }


def _principal(court_code: str) -> Any:
    from court.accounts.policy import Principal
    from court.accounts.roles import Role

    return Principal(user_id=1, role=Role.CLERK, court_code=court_code)


def _statements(court_code: str, q: Any) -> tuple[tuple[str, list[Any]], tuple[str, list[Any]]]:
    """The count and page statements search_cases runs, built by its own functions, compiled by Piccolo."""
    from court.cases import search
    from court.cases.tables import Case

    condition = search._visible(_principal(court_code))
    for c in search._conditions(q):
        condition = condition & c
    limit, offset = min(max(q.limit, 1), search.MAX_PAGE), max(q.offset, 0)
    count = Case.count().where(condition)
    page = (
        Case.select(*search.COLUMNS)
        .where(condition)
        .order_by(Case.registered_at, ascending=False)
        .order_by(Case.id, ascending=False)
        .limit(limit)
        .offset(offset)
    )
    return _compiled(count), _compiled(page)


async def _time(call: Callable[[], Awaitable[Any]]) -> float:
    t0 = time.perf_counter()
    await call()
    return time.perf_counter() - t0


async def _search_round(
    url: str, searches: _Searches, iterations: int, only: set[str] | None
) -> dict[str, Any]:
    import asyncpg

    from court.cases.search import search_cases

    raw = await asyncpg.connect(url)
    results: dict[str, dict[str, list[float]]] = {}
    totals: dict[str, list[int]] = {}
    try:
        rng = random.Random(6)
        for _ in range(iterations):
            for kind, (court, q) in searches.queries(rng).items():
                if only and kind not in only:
                    continue
                (count_sql, count_args), (page_sql, page_args) = _statements(court, q)
                r = results.setdefault(kind, {"court": [], "raw": []})

                async def ours(court: str = court, q: Any = q, kind: str = kind) -> None:
                    found = await search_cases(_principal(court), q)
                    totals.setdefault(kind, []).append(found["total"])

                async def baseline(
                    cs: str = count_sql,
                    ca: list[Any] = count_args,
                    ps: str = page_sql,
                    pa: list[Any] = page_args,
                ) -> None:
                    await raw.fetchval(cs, *ca)
                    await raw.fetch(ps, *pa)

                # Alternate which goes first so neither always finds the other's pages in cache.
                if rng.random() < 0.5:
                    r["court"].append(await _time(ours))
                    r["raw"].append(await _time(baseline))
                else:
                    r["raw"].append(await _time(baseline))
                    r["court"].append(await _time(ours))
    finally:
        await raw.close()
    return {"times": results, "totals": totals}


def _print_search(title: str, round_: dict[str, Any]) -> None:
    print(f"\n{title}")
    print(
        f"{'search':<12} {'court p50':>10} {'court p99':>10} {'raw p50':>9} {'raw p99':>9} {'p50 ratio':>10}"
        f" {'p99 ratio':>10} {'mean hits':>10}"
    )
    for kind, r in round_["times"].items():
        c50, c99, r50, r99 = (
            _pct(r["court"], 50),
            _pct(r["court"], 99),
            _pct(r["raw"], 50),
            _pct(r["raw"], 99),
        )
        hits = statistics.mean(round_["totals"].get(kind, [0]))
        print(
            f"{kind:<12} {c50 * 1000:>8.2f}ms {c99 * 1000:>8.2f}ms {r50 * 1000:>7.2f}ms {r99 * 1000:>7.2f}ms"
            f" {c50 / r50:>10.2f} {c99 / r99:>10.2f} {hits:>10.0f}"
        )


async def _explain(url: str, searches: _Searches, kinds: set[str] | None = None) -> None:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        for kind, (court, q) in searches.queries(random.Random(7)).items():
            if kinds and kind not in kinds:
                continue
            _, (sql, args) = _statements(court, q)
            plan = [
                r[0]
                for r in await conn.fetch(
                    "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) " + sql, *args
                )
            ]
            used = sorted(
                {
                    m.group(2)
                    for line in plan
                    for m in [
                        re.search(
                            r"(Index Scan|Index Only Scan|Bitmap Index Scan)"
                            r"(?: Backward)? (?:using|on) (\S+)",
                            line,
                        )
                    ]
                    if m
                }
            )
            seqs = sorted({m.group(1) for line in plan for m in [re.search(r"Seq Scan on (\S+)", line)] if m})
            took = next((line for line in plan if line.startswith("Execution Time")), "")
            print(
                f"{kind:<12} indexes: {', '.join(used) or '-'}; sequential scans: {', '.join(seqs) or '-'}; {took}"
            )
    finally:
        await conn.close()


async def _allocation(url: str, allocators: int, each: int) -> None:
    import asyncpg

    from court.cases.numbers import allocate_case_number
    from court.db import write_transaction

    async def court_allocator() -> list[int]:
        got = []
        for _ in range(each):
            async with write_transaction():
                got.append((await allocate_case_number("浙0106", "民初", 2099)).serial)
        return got

    t0 = time.perf_counter()
    serials = [
        s for chunk in await asyncio.gather(*(court_allocator() for _ in range(allocators))) for s in chunk
    ]
    court_s = time.perf_counter() - t0
    n = allocators * each
    assert sorted(serials) == list(range(1, n + 1)), "gaps or duplicates in allocated serials"

    pool = await asyncpg.create_pool(url, min_size=allocators, max_size=allocators)
    try:
        await pool.execute("CREATE SEQUENCE bench_seq")

        async def nextval() -> None:
            async with pool.acquire() as conn:
                for _ in range(each):
                    await conn.fetchval("SELECT nextval('bench_seq')")

        async def same_sql(scope: str) -> None:
            async with pool.acquire() as conn:
                for _ in range(each):
                    async with conn.transaction():
                        await conn.execute(
                            "INSERT INTO court_counter (scope, value) VALUES ($1, 0) "
                            "ON CONFLICT (scope) DO NOTHING",
                            scope,
                        )
                        await conn.fetchval(
                            "UPDATE court_counter SET value = value + 1 WHERE scope = $1 RETURNING value",
                            scope,
                        )

        t0 = time.perf_counter()
        await asyncio.gather(*(nextval() for _ in range(allocators)))
        seq_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        await asyncio.gather(*(same_sql("bench:raw") for _ in range(allocators)))
        same_s = time.perf_counter() - t0
        assert await pool.fetchval("SELECT value FROM court_counter WHERE scope = 'bench:raw'") == n
    finally:
        await pool.close()
    print(
        f"\ncase-number allocation, {allocators} concurrent allocators x {each}, one scope (gapless: checked)"
    )
    print(f"court allocate_case_number   {n / court_s:8.0f} /s")
    print(f"raw nextval() round trips    {n / seq_s:8.0f} /s   ratio court/raw {seq_s / court_s:.2f}")
    print(f"raw counter SQL in a tx      {n / same_s:8.0f} /s   ratio court/raw {same_s / court_s:.2f}")


async def _samples(url: str, count: int) -> list[dict[str, Any]]:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch(
            "SELECT c.number, c.court_code, c.cause_name, c.status, c.judge_id, c.registered_on, p.name, p.id_number "
            'FROM court_case c JOIN court_case_party p ON p."case" = c.id '
            "WHERE c.id IN (SELECT (1 + random() * (SELECT max(id) - 1 FROM court_case))::int "
            "FROM generate_series(1, $1))",
            count,
        )
        return [dict(r) for r in rows]
    finally:
        await conn.close()


async def _main(url: str, args: argparse.Namespace) -> None:
    from court.bootstrap import build_runtime
    from court.db import close_pool, migrate, start_pool
    from court.settings import load_settings

    folder = tempfile.mkdtemp(prefix="bench-search-")
    settings = load_settings(
        {},
        database_url=url,
        storage_url=f"file:{Path(folder) / 'blobs'}",
        secret_key="bench-secret-key-0123456789",
    )
    runtime = build_runtime(replace(settings, var_dir=folder))
    await migrate()
    fill_s = await _fill(url, args.cases)
    print(
        f"{args.cases} cases, {2 * args.cases} parties loaded in {fill_s:.0f} s (generate_series, indexes in place)"
    )
    await start_pool(runtime.engine)
    try:
        searches = _Searches(await _samples(url, 200))
        await _search_round(url, searches, 5, None)  # warm caches and the pool
        first = await _search_round(url, searches, args.iterations, None)
        _print_search(
            f"search, {args.iterations} iterations per kind, clerk of one court (~{args.cases // COURTS} cases)",
            first,
        )
        print("\nEXPLAIN ANALYZE of the page query:")
        await _explain(url, searches)
        if args.trigram:
            import asyncpg

            conn = await asyncpg.connect(url)
            try:
                t0 = time.perf_counter()
                await conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                await conn.execute(
                    "CREATE INDEX bench_party_name_trgm ON court_case_party USING gin (name gin_trgm_ops)"
                )
                await conn.execute(
                    "CREATE INDEX bench_case_cause_trgm ON court_case USING gin (cause_name gin_trgm_ops)"
                )
                await conn.execute("ANALYZE court_case; ANALYZE court_case_party")
                print(f"\npg_trgm GIN indexes built in {time.perf_counter() - t0:.0f} s")
            finally:
                await conn.close()
            # Pooled connections that ran the LIKE query often have settled on its generic plan, which cannot
            # use a trigram index (the pattern is a parameter); a deployment that adds the index restarts them.
            await close_pool(runtime.engine)
            await start_pool(runtime.engine)
            fragment = {"party name", "cause"}
            second = await _search_round(url, searches, args.iterations, fragment)
            _print_search("fragment searches with pg_trgm GIN indexes", second)
            await _explain(url, searches, fragment)
        await _allocation(url, args.allocators, args.allocations)
    finally:
        await close_pool(runtime.engine)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--allocators", type=int, default=32)
    parser.add_argument("--allocations", type=int, default=20, help="case numbers each allocator takes")
    parser.add_argument(
        "--trigram", action="store_true", help="also measure fragment searches with pg_trgm indexes"
    )
    args = parser.parse_args()
    with fresh_postgres("court_bench_search") as url:
        asyncio.run(_main(url, args))


if __name__ == "__main__":
    main()
