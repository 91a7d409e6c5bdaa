"""Extraction speed: the whole docket pipeline against spaCy (jieba) tokenisation alone, same text, same run;
the PDF step (text page by page with pypdf in the sandbox, as the extraction job reads it) against a pdfminer.six
text pass over the same PDFs; and what a worker keeps loaded.

Prints characters and pages per second per core for each, the ratios (target for the pipeline: >= 50% of
tokenisation), how often the pipeline was built over all the documents (once per process: a worker never reloads
it per job) and the resident memory with the pipeline loaded (target < 400 MB).
Run: python -m bench.bench_extraction [--rounds 7] [--pdf-docs 60]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).parents[1] / "tests" / "corpus" / "filings.jsonl"


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument(
        "--pdf-docs", type=int, default=60, help="corpus documents made into PDFs for the PDF step"
    )
    args = parser.parse_args()
    from nlp.extract import extract_docket
    from nlp.pipeline import load_pipeline

    docs = [json.loads(line)["pages"] for line in CORPUS.open(encoding="utf-8")]
    texts = ["\n".join(pages) for pages in docs]
    chars, pages = sum(map(len, texts)), sum(map(len, docs))
    nlp = load_pipeline()
    nlp.make_doc(texts[0])  # jieba loads its dictionary on first use: keep it out of both timings
    extract_docket(docs[0])

    # Rounds alternate (tokenisation, whole pipeline, tokenisation, ...) so that a busy spell of the machine falls
    # on both; each side's best round is its speed, and the spread of the per-round ratios is printed beside it.
    tokenise = whole = float("inf")
    ratios = []
    for _ in range(args.rounds):
        t0 = time.process_time()  # CPU time of this process: per core
        for t in texts:
            nlp.make_doc(t)
        t1 = time.process_time()
        for p in docs:
            extract_docket(p)
        t2 = time.process_time()
        tokenise, whole = min(tokenise, t1 - t0), min(whole, t2 - t1)
        ratios.append((t1 - t0) / (t2 - t1))
    print(f"corpus: {len(docs)} documents, {pages} pages, {chars} characters")
    for label, seconds in (("tokenisation alone", tokenise), ("whole pipeline", whole)):
        print(f"{label:>20}: {chars / seconds:12,.0f} chars/s/core  {pages / seconds:9,.1f} pages/s/core")
    print(
        f"{'ratio':>20}: {tokenise / whole:.0%} of tokenisation speed (target >= 50%); per round "
        f"{min(ratios):.0%}-{max(ratios):.0%} over {len(ratios)} rounds"
    )
    _pdf_step(docs[: args.pdf_docs])
    info = load_pipeline.cache_info()
    print(
        f"{'worker':>20}: pipeline built {info.misses} time(s) for {info.hits + info.misses} documents in this "
        "process (a worker loads it before its first job and runs its jobs in that process; with --fork its work "
        "horses are forked from it and share it)"
    )
    print(f"{'resident memory':>20}: {_rss_mb():.0f} MB with the pipeline loaded (target < 400 MB)")


def _cpu() -> float:
    """CPU seconds of this process, of its children that have ended (one-off sandbox children) and of the pooled
    sandbox children still alive (from /proc: getrusage counts a child only once it has been waited for)."""
    from kernel import pdf

    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    alive = 0.0
    for child in list(pdf._pool().idle):
        try:
            with open(f"/proc/{child.process.pid}/stat", encoding="ascii") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            alive += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
        except (OSError, IndexError, ValueError):
            continue
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime + alive


def _make_pdfs(docs: list[list[str]], directory: Path) -> list[Path]:
    """Each document as a PDF: its pages as pages, its lines wrapped at 36 characters, in a CJK font."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    paths = []
    for i, pages in enumerate(docs):
        path = directory / f"doc{i}.pdf"
        c = canvas.Canvas(str(path), pagesize=A4)
        for page in pages:
            c.setFont("STSong-Light", 11)
            y = 800
            for line in page.split("\n"):
                for k in range(0, max(len(line), 1), 36):
                    c.drawString(50, y, line[k : k + 36])
                    y -= 16
            c.showPage()
        c.save()
        paths.append(path)
    return paths


def _pdf_step(docs: list[list[str]]) -> None:
    from kernel.pdf import read_pdf_text

    try:
        from pdfminer.high_level import extract_pages
        from pdfminer.layout import LTTextContainer
    except ImportError:  # pdfminer.six is in the test extras: pip install -e '.[test]'
        print(f"{'PDF step':>20}: pdfminer.six not installed; skipped")
        return

    def pdfminer_text(path: Path) -> list[str]:
        return [
            "".join(el.get_text() for el in page if isinstance(el, LTTextContainer))
            for page in extract_pages(path)
        ]

    def pypdf_text(path: Path) -> list[str]:
        from pypdf import PdfReader

        return [page.extract_text() for page in PdfReader(path).pages]

    with tempfile.TemporaryDirectory() as tmp:
        paths = _make_pdfs(docs, Path(tmp))
        pages = sum(map(len, docs))
        wanted = sum(len("".join(p.split())) for d in docs for p in d)
        print(
            f"PDF step: {len(paths)} corpus documents as PDFs, {pages} pages, {wanted} characters (not spaces)"
        )
        rows = []
        for label, read in (
            ("job, pooled sandbox", lambda p: read_pdf_text(p)),
            ("job, fresh sandbox", lambda p: read_pdf_text(p, pooled=False)),
            ("pypdf in-process", pypdf_text),
            ("pdfminer.six", pdfminer_text),
        ):
            read(paths[0])  # imports and first-use costs out of the timing
            t0 = _cpu()
            got = [read(p) for p in paths]
            seconds = _cpu() - t0
            found = sum(len("".join(t.split())) for texts in got for t in texts)
            rows.append((label, seconds))
            print(
                f"{label:>22}: {pages / seconds:9,.1f} pages/s/core  {wanted / seconds:10,.0f} chars/s/core  "
                f"text recovered {found / wanted:.0%}"
            )
        pooled, fresh, in_process, pdfminer = (seconds for _, seconds in rows)
        print(
            f"{'ratio':>22}: the job's PDF step at {pdfminer / pooled:.2f}x pdfminer.six's speed in a pooled "
            f"sandbox child (`court worker`, jobs in `court serve`), {pdfminer / fresh:.2f}x with a fresh child "
            f"per document (`court worker --fork`); pypdf without the sandbox {pdfminer / in_process:.2f}x"
        )


if __name__ == "__main__":
    main()
