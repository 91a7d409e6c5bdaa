"""`court deadline`, `court calendar`, `court case-number`, `court small-claims`: the law tables as JSON.

One JSON object per call on standard output; bad input gives exit status 2 and `{"error": ..., "field": ...}`.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from court.errors import CourtError, InvalidInput
from court.i18n import msg


def _print(obj: object) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


def _json_errors(fn: Callable[[argparse.Namespace], object]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        try:
            _print(fn(args))
        except CourtError as exc:
            _print({"error": exc.detail, "code": exc.code, "field": exc.params.get("field")})
            return 2
        return 0

    return run


def _day(text: str | None, flag: str) -> date:
    if not text:
        raise InvalidInput(msg("%(flag)s is required: a date YYYY-MM-DD", flag=flag), field=flag.lstrip("-"))
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(
            msg("%(flag)s: %(text)s is not a date YYYY-MM-DD", flag=flag, text=repr(text)),
            field=flag.lstrip("-"),
        ) from None


def _deadline(args: argparse.Namespace) -> object:
    from court.cases.deadlines import deadline_for, deadline_to_json

    if not args.kind:
        raise InvalidInput("--kind is required", field="kind")
    return deadline_to_json(deadline_for(args.kind, _day(args.start, "--from"), args.procedure))


def _calendar(args: argparse.Namespace) -> object:
    from court.cases.holiday_store import active_calendar, load_schedule_file

    words = args.target
    if words and words[0] == "load":
        if len(words) != 2:
            raise InvalidInput("usage: court calendar load FILE", field="file")
        schedule = load_schedule_file(words[1])
        return {
            "loaded": schedule.year,
            "source": schedule.source,
            "days_off": len(schedule.days_off),
            "make_up_workdays": len(schedule.make_up_workdays),
        }
    if len(words) != 1:
        raise InvalidInput("usage: court calendar YYYY-MM-DD | court calendar load FILE", field="date")
    status = active_calendar().status(_day(words[0], "date"))
    return {
        "date": status.day.isoformat(),
        "rest_day": status.rest_day,
        "holiday": status.holiday,
        "working_weekend": status.working_weekend,
        "provisional": status.provisional,
        "source": status.source,
    }


def _case_number(args: argparse.Namespace) -> object:
    from court.routing.directory import CourtNotKnown
    from court.routing.engine import offline_directory
    from kernel.case_numbers import InvalidCaseNumber, parse_case_number

    try:
        cn = parse_case_number(args.text)
    except InvalidCaseNumber as exc:
        raise InvalidInput(msg("not a case number: %(exc)s", exc=exc), field="text") from None
    name: str | None = None
    if not cn.legacy:
        try:
            name = offline_directory().court_by_code(cn.court_code).name
        except CourtNotKnown:
            name = None
    return {
        "year": cn.year,
        "court_code": cn.court_code,
        "court_name": name,
        "type_code": cn.type_code,
        "specialised_code": cn.specialised_code,
        "sequence": cn.sequence,
        "sequence_end": cn.sequence_end,
        "suffix": cn.suffix,
        "legacy": cn.legacy,
        "irregular": cn.irregular,
    }


def _small_claims(args: argparse.Namespace) -> object:
    from court.cases.small_claims import small_claims_answer

    if args.amount is None:
        raise InvalidInput("--amount is required (yuan)", field="amount")
    try:
        amount = Decimal(args.amount.replace(",", "").strip())
    except InvalidOperation:
        raise InvalidInput(
            msg("--amount must be a number of yuan, not %(amount)s", amount=repr(args.amount)), field="amount"
        ) from None
    if not amount.is_finite() or amount < 0:
        raise InvalidInput("--amount must be a non-negative number of yuan", field="amount")
    return small_claims_answer(amount, _day(args.on, "--on"), args.province)


def _usage_error(message: str) -> Any:
    _print({"error": message, "code": "invalid_input", "field": None})
    raise SystemExit(2)


def register(sub: Any) -> None:
    from court.cases.party_periods import PeriodKind
    from court.cases.time_limits import TIME_LIMIT_PROCEDURES

    p = _add(
        sub,
        "deadline",
        "a time limit or party period (期限) counted under CPL Art 85, as JSON",
        "Print deadline, rule, article and provisional for a kind of period from a date. "
        f"Kinds: {', '.join(k.value for k in PeriodKind)}. time_limit takes --procedure, one of "
        f"{', '.join(TIME_LIMIT_PROCEDURES)}; evidence takes --procedure ordinary | summary | "
        "small_claims | second_instance.",
    )
    p.add_argument("--kind", default=None, help="what period (time_limit, answer, appeal_judgment, ...)")
    p.add_argument("--from", dest="start", default=None, help="the day of the event the period runs from")
    p.add_argument("--procedure", default=None, help="the procedure (time_limit, evidence)")
    p.set_defaults(func=_json_errors(_deadline))

    p = _add(
        sub,
        "calendar",
        "whether a day is a rest day (节假日), or load an official year schedule",
        "`court calendar YYYY-MM-DD` prints rest_day, holiday, working_weekend and provisional; "
        "`court calendar load FILE` stores an official year schedule (JSON) that then takes precedence.",
    )
    p.add_argument("target", nargs="+", help="a date, or: load FILE")
    p.set_defaults(func=_json_errors(_calendar))

    p = _add(
        sub,
        "case-number",
        "read a case number (案号) into its parts",
        "Parse a case number, current or pre-2016 form, and name the court its code stands for.",
    )
    p.add_argument("text", help="e.g. （2022）浙0106民初1234号")
    p.set_defaults(func=_json_errors(_case_number))

    p = _add(
        sub,
        "small-claims",
        "whether a money claim is a small claim (小额诉讼, CPL Art 165)",
        "Compare an amount with the province's small-claims figure in force on a date.",
    )
    p.add_argument("--amount", default=None, help="amount in dispute in yuan")
    p.add_argument("--on", default=None, help="the filing date YYYY-MM-DD")
    p.add_argument("--province", default="zhejiang", help="province (zhejiang, jiangsu, shanghai, hunan)")
    p.set_defaults(func=_json_errors(_small_claims))


def _add(sub: Any, name: str, help_text: str, description: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help_text, description=description)
    # Usage errors of these commands are JSON too (exit 2), like their bad values.
    parser.error = _usage_error  # type: ignore[method-assign]
    return parser
