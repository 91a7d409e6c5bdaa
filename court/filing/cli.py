"""Filing subcommands of `court`: verify-blobs."""

from __future__ import annotations

import argparse
import json
from typing import Any

from court.commands import FEATURE_COMMANDS


async def _verify_blobs(args: argparse.Namespace, runtime: Any) -> int:
    from court.filing.integrity import verify_blobs

    report = await verify_blobs(runtime.blobs)
    print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    return 0 if report.ok else 1


def register(sub: Any) -> None:
    from court.cli import _with_db

    p = sub.add_parser(
        "verify-blobs",
        help="check every stored document against its sha256 and size; list orphans",
        description="Check every stored document against its recorded sha256 and size, and list "
        "missing, altered and orphan objects. Exits 1 when any document is missing or altered.",
    )
    p.set_defaults(func=_with_db(_verify_blobs))


FEATURE_COMMANDS.append(register)
