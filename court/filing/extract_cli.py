"""`court extract` and `court evaluate`: dockets from documents on the command line, and scores on a corpus."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from court.commands import FEATURE_COMMANDS


def _pages(path: str) -> list[str]:
    from nlp.text import PdfRejected, read_pdf_text

    if path == "-":
        return [sys.stdin.read()]
    p = Path(path)
    with p.open("rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" in head:
        try:
            return read_pdf_text(p)
        except PdfRejected as exc:
            raise SystemExit(f"court extract: {path}: {exc.reason}: {exc.detail}") from None
    return [p.read_text(encoding="utf-8")]


def _extract(args: argparse.Namespace) -> int:
    from court.reference.catalogue import catalogue_from_seeds
    from nlp.docket import to_builtins
    from nlp.extract import extract_batch, extract_docket

    catalogue = catalogue_from_seeds()
    if args.batch:
        source = sys.stdin if args.batch == "-" else open(args.batch, encoding="utf-8")
        lines = (json.loads(line) for line in source if line.strip())
        for out in extract_batch(lines, catalogue):
            sys.stdout.write(json.dumps(out, ensure_ascii=False, default=str) + "\n")
        return 0
    if not args.paths:
        print("court extract: give PATH... or --batch IN.jsonl", file=sys.stderr)
        return 2
    for path in args.paths:
        docket = extract_docket(_pages(path), catalogue)
        print(json.dumps(to_builtins(docket), ensure_ascii=False, default=str))
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from court.reference.catalogue import catalogue_from_seeds
    from nlp.eval import evaluate_file

    report: dict[str, Any] = evaluate_file(Path(args.corpus), catalogue_from_seeds())
    print(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("extract", help="print the docket extracted from documents (PDF or text) as JSON",
                       description="Print one JSON docket per document (PDF or UTF-8 text; - for standard input). "
                       "With --batch IN.jsonl, read lines {\"id\", \"text\"} and write lines {\"id\", \"docket\"}.")
    p.add_argument("paths", nargs="*", help="PDF or text files, or - for standard input")
    p.add_argument("--batch", metavar="IN.jsonl", help="a JSON-lines file of {id, text} (or - for standard input)")
    p.set_defaults(func=_extract)
    e = sub.add_parser("evaluate", help="score extraction against a labelled JSONL corpus (precision, recall, F1 per field)",
                       description="Score the extractor against a labelled corpus: lines {\"id\", \"text\", \"docket\"}.")
    e.add_argument("corpus", help="the labelled JSONL file")
    e.set_defaults(func=_evaluate)


FEATURE_COMMANDS.append(register)
