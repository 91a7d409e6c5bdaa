"""What the load runs against the cluster (court.cluster) share: bench.bench_cluster measures with them and
tests/cluster kills and restarts web processes under them. The filing body they post, and the litigants they file as.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from court import cluster

# Two parties and one claim: a complete filing the API creates at 浙0106.
FILING: dict[str, Any] = {
    "receiving_court_code": "浙0106",
    "cause_name": "民间借贷纠纷",
    "parties": [
        {"role": "plaintiff", "name": "王丽华", "address": "浙江省杭州市拱墅区湖墅南路218号"},
        {"role": "defendant", "name": "陈建国", "address": "浙江省杭州市西湖区文三路90号"},
    ],
    "claims": [{"text": "归还借款150000元", "amount": "150000"}],
}


async def create_filers(
    state: cluster.ClusterState, usernames: Iterable[str], password: str, display_name: str
) -> None:
    """Litigant accounts in the cluster's database: each may create 30 filings a minute
    (court.web.ratelimit.FILING), so a load spreads over many."""
    from court.accounts.roles import Role
    from court.accounts.service import create_user
    from court.bootstrap import build_runtime
    from court.db import close_pool, start_pool
    from court.settings import load_settings

    runtime = build_runtime(
        load_settings({}, database_url=state.database_url, storage_url=state.storage_url, secret_key="x" * 20)
    )
    await start_pool(runtime.engine)
    try:
        for username in usernames:
            await create_user(username, password, Role.LITIGANT, display_name=display_name, fast_hash=True)
    finally:
        await close_pool(runtime.engine)
