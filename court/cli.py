"""The `court` command: each subcommand builds what it needs and calls a service; no logic lives here. The features'
own subcommands come from their declarations (court.features)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from court.errors import CourtError, InvalidSetting
from court.features import FEATURES, referenced_blob_keys

DESCRIPTION = """Court — a digital court (数字法院): paperless filing, cross-region routing, case handling and
enforcement. Settings come from COURT_* environment variables (see `court config`)."""


def _settings() -> Any:
    from court.settings import load_settings

    return load_settings()


def _with_db(fn: Callable[..., Coroutine[Any, Any, Any]]) -> Callable[[argparse.Namespace], Any]:
    """Run an async command with the database engine active (and its pool started on PostgreSQL)."""

    def run(args: argparse.Namespace) -> Any:
        from court.bootstrap import build_runtime
        from court.db import close_pool, start_pool

        runtime = build_runtime(_settings())

        async def main() -> Any:
            await start_pool(runtime.engine)
            try:
                return await fn(args, runtime)
            finally:
                await close_pool(runtime.engine)

        return asyncio.run(main())

    return run


def cmd_config(args: argparse.Namespace) -> int:
    settings = _settings()
    print(json.dumps(settings.masked(), ensure_ascii=False, indent=2, default=str))
    return 0


async def _migrate(args: argparse.Namespace, runtime: Any) -> int:
    from court.db import applied_migrations, migrate

    ran = await migrate(verbose=_verbose(args))
    print(
        f"migrate: {ran} applied, {await applied_migrations()} in total"
        if ran
        else "migrate: database up to date"
    )
    return 0


async def _seed(args: argparse.Namespace, runtime: Any) -> int:
    from court.demo import load_demo_data
    from court.reference.service import load_reference_data

    quiet = getattr(args, "quiet", False)
    if not _verbose(args):
        quiet_libraries()
    counts = await load_reference_data()
    if not quiet:
        print(f"reference data: {counts}")
    from court.documents.signing import ensure_ca

    # The court CA that issues each court's seal certificate; its key stays in files, never in the database.
    ensure_ca(runtime.settings.signing_path)
    if not quiet:
        print(f"court CA: {runtime.settings.signing_path / 'ca' / 'cert.pem'}")
    demo: dict[str, Any] = {}
    if args.demo:
        demo = await load_demo_data(runtime)
        if not quiet:
            print(f"demo data: {demo}")
    if quiet:
        print("seed: reference data" + (" and demo data loaded" if args.demo else " loaded"))
    if args.demo:
        from court.demo.settings import KIOSK_KEY, demo_setting

        # The demo kiosk's device key (also on the start page, /demo): paste it into the kiosk agent's settings.
        print(f"demo kiosk device key: {await demo_setting(KIOSK_KEY)}")
    return 0


def _verbose(args: argparse.Namespace) -> bool:
    import os

    # COURT_VERBOSE is the `verbose` setting (court/settings.py), read here before settings load.
    return bool(getattr(args, "verbose", False)) or os.environ.get("COURT_VERBOSE", "").strip().lower() in (
        "1",
        "true",
        "yes",
        "on",
    )


def quiet_libraries() -> None:
    """jieba logs "Building prefix dict ... Loading model cost ..." at DEBUG to its own stderr handler the first time
    a Chinese text is cut — in the in-process job runner, after the server said it was ready. Its logger is set to
    DEBUG when jieba is imported, so it is imported here and set to WARNING (COURT_VERBOSE=1 keeps the lines)."""
    import logging
    import warnings

    # pyhanko imports cryptography's DSA names at import time, which warns on every start; the court signs with RSA.
    warnings.filterwarnings("ignore", message="DSA is deprecated")
    import jieba

    jieba.setLogLevel(logging.WARNING)


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from court.app import create_app

    settings = _settings()
    if not _verbose(args):
        quiet_libraries()
    if args.prepare:
        _with_db(_migrate)(args)
        args.demo = True
        _with_db(_seed)(args)
    # proxy_headers=False: uvicorn would otherwise take X-Forwarded-For from any local peer as the client address;
    # the court reads it itself, from COURT_TRUSTED_PROXIES only (web.ratelimit.client_address).
    uvicorn.run(
        create_app(settings),
        host=args.host or settings.host,
        port=args.port or settings.port,
        log_level="info",
        proxy_headers=False,
        timeout_graceful_shutdown=args.timeout_graceful_shutdown,
    )
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    from court.jobs.worker import run_worker

    if not _verbose(args):
        quiet_libraries()

    run_worker(_settings(), burst=args.burst, simple=not args.fork, relay=not args.no_relay)
    return 0


async def _audit_verify(args: argparse.Namespace, runtime: Any) -> int:
    from court.audit.chain import verify
    from court.audit.replay import replay_histories

    problems = await verify(args.chain)
    # Each object's events replayed against its state machine (court/statemachine.py): an impossible history.
    illegal = await replay_histories()
    if not problems and not illegal:
        print("audit chain intact; every object's history is legal")
        return 0
    for p in problems:
        print(p.describe())
    for h in illegal:
        print(h.describe())
    return 1


async def _verify_blobs(args: argparse.Namespace, runtime: Any) -> int:
    # Here rather than in the filing feature: orphans are told apart by every feature's blob references.
    from court.filing.integrity import verify_blobs

    report = await verify_blobs(runtime.blobs, referenced_blob_keys)
    print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    return 0 if report.ok else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="court", description=DESCRIPTION)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser(
        "serve",
        help="run the web service (API and pages)",
        description="Serve the API and pages with uvicorn. "
        "Without COURT_REDIS_URL jobs run inside this process; with it, run `court worker` too.",
    )
    p.add_argument("--host", default=None, help="address to bind (default COURT_HOST or 127.0.0.1)")
    p.add_argument("--port", type=int, default=None, help="port (default COURT_PORT or 8000)")
    p.add_argument("--prepare", action="store_true", help="migrate and load reference and demo data first")
    p.add_argument(
        "--timeout-graceful-shutdown",
        type=int,
        default=30,
        metavar="SECONDS",
        help="on SIGTERM, finish in-flight requests for at most this long (30)",
    )
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser(
        "worker",
        help="run an RQ worker for extraction and other jobs",
        description="Run an RQ worker on COURT_REDIS_URL. It also relays committed outbox jobs to Redis "
        "(unless --no-relay). Models are loaded once per worker, before the first job.",
    )
    p.add_argument("--burst", action="store_true", help="exit when the queue is empty")
    p.add_argument(
        "--fork",
        action="store_true",
        help="run each job in a forked work horse (RQ's default) instead of this process, which keeps its "
        "PDF sandbox children warm between jobs",
    )
    p.add_argument("--no-relay", action="store_true", help="do not relay outbox jobs from this process")
    p.set_defaults(func=cmd_worker)

    p = sub.add_parser(
        "migrate",
        help="apply database migrations",
        description="Apply every Piccolo migration not yet applied.",
    )
    p.add_argument(
        "--verbose", action="store_true", help="also show Piccolo's own lines (also COURT_VERBOSE=1)"
    )
    p.set_defaults(func=_with_db(_migrate))

    p = sub.add_parser(
        "seed",
        help="load reference data (courts, divisions, causes) and demo data",
        description="Load reference data idempotently; --demo adds demo users and cases.",
    )
    p.add_argument("--demo", action="store_true", help="also load demo users and cases")
    p.add_argument("--quiet", action="store_true", help="print one line instead of the counts")
    p.set_defaults(func=_with_db(_seed))

    p = sub.add_parser(
        "config",
        help="print the effective settings (secrets masked)",
        description="Print the settings read from COURT_* variables, with secrets masked.",
    )
    p.set_defaults(func=cmd_config)

    p = sub.add_parser("audit", help="audit chain tools", description="Audit chain tools.")
    audit_sub = p.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    v = audit_sub.add_parser(
        "verify",
        help="recompute the hash chain and name any altered, missing or reordered event, and any object history its state machine forbids",
    )
    v.add_argument("--chain", default=None, help="only this chain (a court code, or 'system')")
    v.set_defaults(func=_with_db(_audit_verify))

    p = sub.add_parser(
        "verify-blobs",
        help="check every stored document against its sha256 and size; list orphans",
        description="Check every stored document against its recorded sha256 and size, and list "
        "missing, altered and orphan objects. Exits 1 when any document is missing or altered.",
    )
    p.set_defaults(func=_with_db(_verify_blobs))

    # Each feature's own subcommands (fee, route, extract, verify-pdf, ...), declared in court/<feature>/feature.py.
    for feature in FEATURES:
        for register in feature.commands():
            register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except InvalidSetting as exc:
        print(f"court: invalid setting {exc.variable}: {exc.params.get('problem')}", file=sys.stderr)
        return 2
    except CourtError as exc:
        print(f"court: {exc.code}: {exc.detail}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
