"""`court fee`: the Fee Measures from the command line, as JSON."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def court_fee(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COURT_")} | {"PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "court.cli", "fee", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("args", "fee"),
    [
        (("--kind", "property", "--amount", "100000"), "2300.00"),  # FM Art 13(1) worked example
        (
            ("--kind", "property", "--amount", "1000000", "--procedure", "summary"),
            "6900.00",
        ),  # FM Art 16: halved
        (("--kind", "enforcement", "--amount", "1000000"), "12400.00"),  # FM Art 14(1)
        (
            (
                "--kind",
                "divorce",
            ),
            "300.00",
        ),  # Zhejiang point within FM Art 13(2) item 1
    ],
)
def test_fee_prints_the_assessment_as_json(args: tuple[str, ...], fee: str) -> None:
    out = court_fee(*args)
    assert out.returncode == 0, out.stderr
    body = json.loads(out.stdout)
    assert body["fee"] == fee and body["basis"]


def test_a_bad_amount_is_named_and_exits_non_zero() -> None:
    out = court_fee("--kind", "property", "--amount", "-1")
    assert out.returncode == 1 and "invalid_input" in out.stderr
