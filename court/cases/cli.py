"""Case subcommands of `court`: fee (诉讼费用计算)."""

from __future__ import annotations

import argparse
import json
from decimal import Decimal
from typing import Any

from court.amounts import parse_optional_amount
from court.cases.fees import FeeKind, assess_fee, case_fee, fee_to_json
from court.cases.procedures import Procedure
from court.errors import InvalidInput


def _amount(text: str | None) -> Decimal | None:
    # Thousands separators as people type them at a terminal; the rest is the one money parser's (court.amounts).
    return parse_optional_amount(text.replace(",", "") if text else text, "amount")


def cmd_fee(args: argparse.Namespace) -> int:
    if args.kind is None:
        # A new case by its type and cause: the fee the litigant is shown and registration charges.
        if args.mediated or args.counterclaim:
            raise InvalidInput(
                "--mediated and --counterclaim need --kind: a new case is priced as filed", field="kind"
            )
        case = case_fee(args.case_type, args.cause or "", _amount(args.amount), Procedure(args.procedure))
        print(json.dumps(None if case is None else fee_to_json(case), ensure_ascii=False, indent=2))
        return 0
    assessment = assess_fee(
        FeeKind(args.kind),
        _amount(args.amount),
        procedure=Procedure(args.procedure),
        mediated_or_withdrawn=args.mediated,
        counterclaim=args.counterclaim,
    )
    print(json.dumps(fee_to_json(assessment), ensure_ascii=False, indent=2))
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser(
        "fee",
        help="assess a litigation fee (诉讼费用) under the Fee Measures",
        description="Assess the fee for a kind of case or application on an amount in yuan, and print it as JSON "
        "with the articles of the Fee Measures (State Council Decree 481) it rests on.",
    )
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--kind", choices=[k.value for k in FeeKind], help="what the fee is for")
    what.add_argument(
        "--case-type",
        help="or a new case's type (civil, administrative, enforcement, criminal_private, "
        "...): priced as registration charges it; prints null where no fee is due",
    )
    p.add_argument(
        "--cause", default=None, help="with --case-type: the cause of action (案由), e.g. 离婚后财产纠纷"
    )
    p.add_argument(
        "--amount", default=None, help="amount in dispute (or to enforce, preserve ...) in yuan, e.g. 100000"
    )
    p.add_argument(
        "--procedure",
        default="ordinary",
        choices=[
            Procedure.ORDINARY.value,
            Procedure.SUMMARY.value,
            Procedure.SMALL_CLAIMS.value,
            Procedure.SECOND_INSTANCE.value,
            Procedure.RETRIAL.value,
            Procedure.SPECIAL.value,
        ],
        help="trial procedure (summary and small claims halve the fee, FM Art 16)",
    )
    p.add_argument(
        "--mediated", action="store_true", help="closed by mediation or withdrawal (halved, FM Art 15)"
    )
    p.add_argument("--counterclaim", action="store_true", help="a counterclaim (halved, FM Art 18)")
    p.set_defaults(func=cmd_fee)
