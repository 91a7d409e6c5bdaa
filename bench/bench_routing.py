"""Routing decisions per second per core, with address resolution of already-seen addresses (the resolver's LRU).

Prints the rate and its ratio to a baseline measured in the same run: json.loads of the same requests.
Run: .venv/bin/python -m bench.bench_routing [seconds]
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from typing import Any

from court.routing.directory import CourtDirectory
from court.routing.rules import decide_json

CITIES = [
    "杭州市西湖区",
    "宁波市海曙区",
    "温州市鹿城区",
    "嘉兴市南湖区",
    "湖州市吴兴区",
    "绍兴市越城区",
    "金华市婺城区",
    "衢州市柯城区",
    "舟山市定海区",
    "台州市椒江区",
    "丽水市莲都区",
    "杭州滨江",
    "义乌市",
    "江苏省苏州市吴中区",
]
CAUSES = [
    "民间借贷纠纷",
    "买卖合同纠纷",
    "房屋租赁合同纠纷",
    "机动车交通事故责任纠纷",
    "信息网络买卖合同纠纷",
    "离婚纠纷",
    "法定继承纠纷",
]


def requests() -> list[dict[str, Any]]:
    out = []
    for i in range(500):
        plaintiff, defendant = CITIES[i % len(CITIES)], CITIES[(i * 7 + 3) % len(CITIES)]
        out.append(
            {
                "cause": CAUSES[i % len(CAUSES)],
                "parties": [
                    {"role": "plaintiff", "kind": "person", "address": f"{plaintiff}某路{i % 20}号"},
                    {"role": "defendant", "kind": "organisation", "address": f"{defendant}某街{i % 13}号"},
                ],
                "amount": str(1000 * (i + 1)),
                "property_location": CITIES[(i * 3) % len(CITIES)],
                "tort_place": CITIES[(i * 5) % len(CITIES)],
                "decedent_domicile": CITIES[(i * 11) % len(CITIES)],
                "online": i % 2 == 0,
                "filing_date": "2025-10-31" if i % 3 else "2025-11-01",
            }
        )
    return out


def rate(fn: Callable[[], None], n: int, seconds: float) -> float:
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        fn()
        count += n
    return count / (time.perf_counter() - start)


def main(seconds: float = 3.0) -> None:
    directory = CourtDirectory.from_seeds()
    reqs = requests()
    raw = [json.dumps(r, ensure_ascii=False) for r in reqs]
    for r in reqs:  # warm the address cache: the figure is for already-seen addresses
        decide_json(r, directory)

    def route_all() -> None:
        for r in reqs:
            decide_json(r, directory)

    def parse_all() -> None:
        for text in raw:
            json.loads(text)

    baseline = rate(parse_all, len(raw), seconds)
    routing = rate(route_all, len(reqs), seconds)
    print(f"routing decisions/s (one core, cached addresses): {routing:,.0f}")
    print(f"baseline json.loads of the same requests/s:        {baseline:,.0f}")
    print(f"ratio routing/baseline: {routing / baseline:.3f} (target: >= 10,000 decisions/s)")


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 3.0)
