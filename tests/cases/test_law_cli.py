"""`court deadline`, `court calendar`, `court case-number`, `court small-claims`: one JSON object per call, exit
status 2 with a JSON error on bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def court(var_dir: Path, *args: str) -> tuple[int, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COURT_")} | {
        "PYTHONPATH": str(ROOT),
        "COURT_VAR_DIR": str(var_dir),
    }
    out = subprocess.run(
        [sys.executable, "-m", "court.cli", *args], env=env, capture_output=True, text=True, timeout=120
    )
    return out.returncode, json.loads(out.stdout)


def test_deadline_command(tmp_path: Path) -> None:
    rc, answer = court(
        tmp_path, "deadline", "--kind", "time_limit", "--from", "2028-04-01", "--procedure", "ordinary"
    )
    assert rc == 0
    assert (
        answer["deadline"] == "2028-10-06"
        and answer["article"] == "CPL Art 152"
        and answer["provisional"] is True
    )
    rc, answer = court(tmp_path, "deadline", "--kind", "appeal_ruling", "--from", "2025-03-03")
    assert (rc, answer["deadline"], answer["article"], answer["provisional"]) == (
        0,
        "2025-03-13",
        "CPL Art 171",
        False,
    )


@pytest.mark.parametrize(
    ("args", "field"),
    [
        pytest.param(("deadline", "--kind", "answer", "--from", "2026-02-30"), "from", id="impossible-date"),
        pytest.param(("deadline", "--kind", "time_limit", "--from", "2026-02-03"), "procedure", id="no-procedure"),
        pytest.param(("small-claims", "--amount", "many", "--on", "2026-01-05"), "amount", id="amount-not-a-number"),
        pytest.param(("small-claims", "--amount", "1000", "--on", "2026-01-05", "--province", "guangdong"),
                     "province", id="province-without-a-recorded-figure"),
        pytest.param(("case-number", "浙0106民初1234"), "text", id="not-a-case-number"),
    ],
)  # fmt: skip
def test_bad_input_is_a_json_error_with_status_2(tmp_path: Path, args: tuple[str, ...], field: str) -> None:
    rc, answer = court(tmp_path, *args)
    assert rc == 2 and answer["error"] and answer["field"] == field


def test_calendar_command_and_loading_an_official_year(tmp_path: Path) -> None:
    rc, day = court(tmp_path, "calendar", "2026-02-28")
    assert rc == 0 and day == day | {
        "rest_day": False,
        "holiday": None,
        "working_weekend": True,
        "provisional": False,
    }
    rc, day = court(tmp_path, "calendar", "2028-10-04")
    assert rc == 0 and day["rest_day"] and day["holiday"] == "国庆节" and day["provisional"]
    notice = tmp_path / "2028.json"
    notice.write_text(json.dumps({
        "year": 2028, "source": "test transcription of a 2028 notice",
        "days_off": [{"holiday": "国庆节", "first": "2028-10-01", "last": "2028-10-03"}],
        "make_up_workdays": [],
    }), encoding="utf-8")  # fmt: skip
    rc, loaded = court(tmp_path, "calendar", "load", str(notice))
    assert rc == 0 and loaded["loaded"] == 2028
    rc, day = court(tmp_path, "calendar", "2028-10-04")
    assert rc == 0 and day == day | {"rest_day": False, "holiday": None, "provisional": False}


def test_case_number_command(tmp_path: Path) -> None:
    rc, cn = court(tmp_path, "case-number", "(2024)浙8601民初12号")
    assert rc == 0
    assert cn == cn | {
        "year": 2024,
        "court_code": "浙8601",
        "court_name": "杭州铁路运输法院",
        "type_code": "民初",
        "sequence": 12,
        "legacy": False,
    }
    rc, cn = court(tmp_path, "case-number", "（2015）东刑初字第0106号")
    assert rc == 0 and cn["legacy"] is True and cn["court_code"] == "东" and cn["sequence"] == 106


def test_small_claims_command(tmp_path: Path) -> None:
    rc, answer = court(tmp_path, "small-claims", "--amount", "54323", "--on", "2023-05-01")
    assert rc == 0 and answer["eligible"] is True and answer["threshold"] == "54323"
    assert "CPL Art 165" in answer["basis"] and "CPL Art 166" in answer["note"]
    rc, answer = court(
        tmp_path, "small-claims", "--amount", "60000", "--on", "2024-03-01", "--province", "jiangsu"
    )
    assert rc == 0 and answer["eligible"] is True and answer["threshold"] == "60862"
