"""`court route FILE.json` (or -): the jurisdiction decision as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def _route(args: argparse.Namespace) -> int:
    from court.errors import CourtError
    from court.routing.engine import decide_for_filing, offline_directory

    raw = sys.stdin.read() if args.file == "-" else open(args.file, encoding="utf-8").read()
    try:
        payload = json.loads(raw)
    except json.JSONDecodeError as exc:
        print(f"court route: not JSON: {exc}", file=sys.stderr)
        return 2
    try:
        decision = decide_for_filing(payload, offline_directory())
    except CourtError as exc:
        print(
            json.dumps(
                {"error": exc.code, "detail": exc.detail, **{k: v for k, v in exc.params.items()}},
                ensure_ascii=False,
                indent=2,
                default=str,
            )
        )
        return 1
    print(json.dumps(decision, ensure_ascii=False, indent=2, default=str))
    return 0


def _courts(args: argparse.Namespace) -> int:
    from court.routing.engine import offline_directory
    from court.routing.national import directory_to_json, national_directory

    rows = [
        r
        for r in directory_to_json(national_directory(offline_directory()))
        if (not args.kind or r["kind"] == args.kind) and (not args.level or r["level"] == args.level)
    ]
    print(json.dumps({"count": len(rows), "courts": rows}, ensure_ascii=False, indent=2))
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser(
        "route",
        help="name the competent court for a dispute described in JSON",
        description="Read a routing request (keys: cause, parties[role, kind, address], amount, "
        "performance_place, property_location, tort_place, decedent_domicile, agreed_court, online, "
        "enforcement_of, filing_date) and print the decision: courts, rule, article, assumptions.",
    )
    p.add_argument("file", help="a JSON file, or - for standard input")
    p.set_defaults(func=_route)

    p = sub.add_parser(
        "courts",
        help="the national court directory (high, intermediate, specialised) as JSON",
        description="List every high court, intermediate court and specialised court with its code "
        "where a source gives it (code null otherwise) and the source.",
    )
    p.add_argument("--kind", default=None, help="general | maritime | internet | financial | ip | railway")
    p.add_argument("--level", default=None, help="high | intermediate | basic")
    p.set_defaults(func=_courts)
