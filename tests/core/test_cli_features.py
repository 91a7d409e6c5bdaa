"""`court extract`, `court evaluate` and `court route` from the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
from testkit.shared_corpus import CORPUS as SAMPLES  # noqa: E402


def court(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COURT_")} | {"PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "court.cli", *args],
        input=stdin,
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


COMPLAINT = """民事起诉状
原告：王丽华，女，1983年7月16日出生，汉族，住浙江省杭州市拱墅区湖墅南路218号，公民身份号码330105198307161627。
被告：陈建国，男，汉族，住浙江省绍兴市越城区解放北路65号。
诉讼请求：一、判令被告归还借款本金人民币壹拾伍万元整；二、本案诉讼费用由被告承担。
此致
绍兴市越城区人民法院
"""


def test_extract_prints_a_docket_per_document(tmp_path: Path) -> None:
    path = tmp_path / "complaint.txt"
    path.write_text(COMPLAINT, encoding="utf-8")
    out = court("extract", str(path))
    assert out.returncode == 0, out.stderr
    docket = json.loads(out.stdout.splitlines()[0])
    assert {p["name"] for p in docket["parties"]} == {"王丽华", "陈建国"}
    assert docket["amount_in_dispute"] == "150000"
    assert docket["court"]["code"] == "浙0602"


def test_extract_batch_reads_and_writes_json_lines() -> None:
    lines = "\n".join(json.dumps({"id": i, "text": COMPLAINT}, ensure_ascii=False) for i in ("a", "b")) + "\n"
    out = court("extract", "--batch", "-", stdin=lines)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["a", "b"] and all(r["docket"]["parties"] for r in rows)


def test_evaluate_scores_the_sample_corpus(tmp_path: Path) -> None:
    gold = [
        json.loads(line)
        for line in (SAMPLES / "gold.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    corpus = tmp_path / "gold.jsonl"
    with corpus.open("w", encoding="utf-8") as fh:
        for row in gold:
            text = (SAMPLES / row["file"]).read_text(encoding="utf-8")
            fh.write(
                json.dumps({"id": row["file"], "text": text, "docket": row["docket"]}, ensure_ascii=False)
                + "\n"
            )
    out = court("evaluate", str(corpus))
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report, report


def test_route_reads_json_from_stdin() -> None:
    request = {
        "cause": "民间借贷纠纷",
        "amount": "150000",
        "parties": [
            {"role": "plaintiff", "kind": "person", "address": "浙江省杭州市拱墅区湖墅南路218号"},
            {"role": "defendant", "kind": "person", "address": "绍兴市越城区解放北路65号"},
        ],
    }
    out = court("route", "-", stdin=json.dumps(request, ensure_ascii=False))
    assert out.returncode == 0, out.stderr
    decision = json.loads(out.stdout)
    assert "浙0602" in [c["code"] for c in decision["courts"]]
    assert decision["rule"] and decision["article"] and "assumptions" in decision
    bad = court("route", "-", stdin="{not json")
    assert bad.returncode == 2
