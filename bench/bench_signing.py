"""Signed court documents per second against rendering the same PDF unsigned (target: signing costs at most 2x).

Both sides do what the sign request does to one document, measured in the same run on the same content: render the
judgment with the embedded Chinese font (a varied text per document, so the font subset is built each time). The
signed side also signs the PDF under the court's seal (pyHanko, PAdES, ECDSA P-256) — the baseline stops before.
The two sides alternate document by document, so that a noisy neighbour on a shared machine hits both alike.
Also reported: the cost of checking a signature (what /verify and `court verify-signature` do).

Run: .venv/bin/python -m bench.bench_signing [seconds]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from court.documents.drafting import CaseFacts, ClaimFacts, PartyFacts, apply_edits, draft
from court.documents.kinds import DocumentKind
from court.documents.render import Seal, render_pdf
from court.documents.signing import court_key, sign_pdf, verify_pdf

COURT, COURT_NAME = "浙0106", "杭州市西湖区人民法院"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"


def contents(n: int = 40) -> list[dict[str, object]]:
    """n judgments of different parties and facts: about two pages each, like a short civil judgment."""
    out = []
    for i in range(n):
        plaintiff = SURNAMES[i % 20] + "某" + "甲乙丙丁"[i % 4]
        defendant = SURNAMES[(i * 7 + 3) % 20] + "某" + "子丑寅卯"[i % 4]
        facts = CaseFacts(
            court_name=COURT_NAME,
            number=f"（2026）浙0106民初{i + 1}号",
            case_type="civil",
            cause_name="民间借贷纠纷",
            procedure="ordinary",
            registered_on=date(2026, 3, 2),
            parties=[
                PartyFacts("plaintiff", plaintiff, address=f"浙江省杭州市西湖区文三路{i + 1}号"),
                PartyFacts("defendant", defendant, address=f"浙江省杭州市拱墅区湖墅南路{i + 20}号"),
            ],
            claims=[
                ClaimFacts(f"判令被告归还借款{(i + 1) * 10000}元", str((i + 1) * 10000)),
                ClaimFacts("判令被告负担本案诉讼费用"),
            ],
            fee=f"{50 + i * 225}.00",
            judge_name="周法官",
            appeal_court_name="浙江省杭州市中级人民法院",
        )
        content = draft(DocumentKind.JUDGMENT, facts)
        content = apply_edits(
            content,
            {
                "facts": f"本院经审理认定事实如下：{2020 + i % 5}年{i % 12 + 1}月，被告{defendant}因经营需要向原告{plaintiff}借款"
                f"{(i + 1) * 10000}元，约定于一年内归还，并出具借条一份。借款到期后，经原告多次催讨，被告至今未还。"
                * 3,
                "reasoning": "本院认为，合法的借贷关系受法律保护。原、被告之间的借贷关系事实清楚，证据充分，"
                "被告未按约归还借款，应承担相应的民事责任。" * 3,
                "operative": "依照《中华人民共和国民法典》第六百六十七条、第六百七十五条的规定，判决如下：\n"
                f"被告{defendant}于本判决生效之日起十日内归还原告{plaintiff}借款{(i + 1) * 10000}元。",
            },
        )
        out.append(content)
    return out


def seal(i: int) -> Seal:
    return Seal(
        signed_on=date(2026, 12, 6),
        court_name=COURT_NAME,
        verification_code=f"ABCD-EFGH-JKLM-{i:04d}"[:19],
        verify_url="https://court.example/verify",
    )


def rate(fn: Callable[[int], object], seconds: float) -> float:
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        fn(count)
        count += 1
    return count / (time.perf_counter() - start)


def interleaved(
    a: Callable[[int], object], b: Callable[[int], object], seconds: float
) -> tuple[list[float], list[float]]:
    """Per-document times of a and b, one document of each in turn: a neighbour's burst of load lands on both."""
    times_a: list[float] = []
    times_b: list[float] = []
    start = time.perf_counter()
    i = 0
    while time.perf_counter() - start < seconds:
        t0 = time.perf_counter()
        a(i)
        t1 = time.perf_counter()
        b(i)
        times_a.append(t1 - t0)
        times_b.append(time.perf_counter() - t1)
        i += 1
    return times_a, times_b


def main(seconds: float = 20.0) -> None:
    docs = contents()
    with tempfile.TemporaryDirectory() as folder:
        key = court_key(Path(folder), COURT, COURT_NAME)

        def unsigned(i: int) -> bytes:
            return render_pdf(docs[i % len(docs)], seal=seal(i))

        def signed(i: int) -> bytes:
            return sign_pdf(render_pdf(docs[i % len(docs)], seal=seal(i)), key, reason="电子签章：民事判决书")

        pages = len(__import__("pypdf").PdfReader(__import__("io").BytesIO(unsigned(0))).pages)
        signed(0)  # warm: the font, pyHanko's imports, the court's signer
        render_times, signed_times = interleaved(unsigned, signed, seconds)
        sample = signed(1)
        checks = rate(lambda i: verify_pdf(sample, key.ca_cert_pem), min(seconds / 4, 5.0))
    render, sign = statistics.median(render_times), statistics.median(signed_times)
    total_ratio = sum(signed_times) / sum(render_times)
    print(
        f"documents: {len(docs)} judgments, {pages} pages each, embedded font; {len(render_times)} of each, interleaved"
    )
    print(f"render unsigned (baseline): {1 / render:7.1f} documents/s/core (median {render * 1000:.1f} ms)")
    print(f"render + sign (PAdES):      {1 / sign:7.1f} documents/s/core (median {sign * 1000:.1f} ms)")
    print(
        f"a signed document costs {sign / render:.2f}x rendering it unsigned (totals: {total_ratio:.2f}x; target at most 2x); "
        f"the signature alone {(sign - render) / render:.2f}x ({(sign - render) * 1000:.1f} ms)"
    )
    print(f"verify a signed document:   {checks:7.1f} checks/s/core")


if __name__ == "__main__":
    main(*(float(a) for a in sys.argv[1:2]))
