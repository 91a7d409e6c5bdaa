"""Court-document subcommands of `court`: verify-signature (核验电子签章)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import msgspec

from court.errors import InvalidInput
from court.i18n import msg


def cmd_verify_signature(args: argparse.Namespace) -> int:
    from court.documents.signing import verify_pdf
    from court.settings import load_settings

    ca_path = Path(args.ca) if args.ca else load_settings().signing_path / "ca" / "cert.pem"
    if not ca_path.is_file():
        raise InvalidInput(
            msg("no court CA certificate at %(ca_path)s (run `court seed`, or pass --ca)", ca_path=ca_path),
            field="ca",
        )
    document = Path(args.file)
    if not document.is_file():
        raise InvalidInput(msg("no file %(document)s", document=document), field="file")
    check = verify_pdf(document.read_bytes(), ca_path.read_bytes())
    print(json.dumps(msgspec.to_builtins(check), ensure_ascii=False, indent=2))
    return 0 if check.valid else 1


def register(sub: Any) -> None:
    p = sub.add_parser(
        "verify-signature",
        help="check the court's electronic seal (电子签章) on a PDF",
        description="Check the PAdES signature of a court document against the court CA (COURT_SIGNING_DIR/ca/cert.pem): "
        "intact, covering the whole file, issued by the CA. Prints JSON (valid, signer court, signed at, document "
        "sha256, reason); exits 0 when valid, 1 when not.",
    )
    p.add_argument("file", help="the PDF to check")
    p.add_argument(
        "--ca", default=None, help="the CA certificate (PEM) to trust instead of the configured one"
    )
    p.set_defaults(func=cmd_verify_signature)
