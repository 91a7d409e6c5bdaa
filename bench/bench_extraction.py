"""Extraction speed: the whole docket pipeline against spaCy (jieba) tokenisation alone, same text, same run.

Prints characters and pages per second per core for both, their ratio (target >= 50%) and the resident memory
with the pipeline loaded (target < 400 MB). Run: python -m bench.bench_extraction [--rounds 7]
"""

from __future__ import annotations

import argparse
import json
import resource
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
    print(f"{'ratio':>20}: {tokenise / whole:.0%} of tokenisation speed (target >= 50%); per round "
          f"{min(ratios):.0%}-{max(ratios):.0%} over {len(ratios)} rounds")
    print(f"{'resident memory':>20}: {_rss_mb():.0f} MB with the pipeline loaded (target < 400 MB)")


if __name__ == "__main__":
    main()
