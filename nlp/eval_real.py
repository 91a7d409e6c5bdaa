"""Scoring extraction on real court text (the shared corpus/real files), whose gold labels only part of a docket.

Each source labels something different (corpus/real/README.md): criminal judgments their court, document type
and case number; private-lending, civil and maritime texts their cause of action; theft case sentences their
entities (suspects, victims, times, money); civil excerpts question-answer spans. Per source and field this
reports hits over gold items (recall; for the one-valued fields it is also the accuracy), except
`parties_precision` (below).

Causes are compared on the SPC catalogue's tree, at the level of the gold label: a docket naming a cause under
the gold one is right (海事海商纠纷 labels a whole maritime case, and 船员劳务合同纠纷 is one of them; 借款合同纠纷
is the parent of 民间借贷纠纷), one naming a cause above it is not (it says less than the label), and names match
through the catalogue's aliases (居间合同纠纷 is 中介合同纠纷). `cause_of_action_exact` counts only the very
cause the gold names.

Entities (theft sentences, CAIL2021) and question-answer spans (civil excerpts, CJRC) are scored where a docket
can hold them. `parties`: suspects (犯罪嫌疑人, NHCS) are the accused, so each should be a docket party named
exactly so with the role defendant (被告人 and 犯罪嫌疑人 both map to it). Victims (受害人, NHVI) are not parties
of a criminal case (the state prosecutes; a victim becomes one only by filing a civil claim in it, 附带民事诉讼原告人,
which these sentences never do): `victims_not_parties` counts the victims the docket rightly leaves out of its
parties, and `parties_precision` (hits over parties read) the parties read that are suspects. `dates`: every full
date (year, month and day written out) inside a time span (NT) or a CJRC answer, in ISO form, should be among the
docket's dates; a date without its own year (同年12月22日, 当日) cannot be read from a sentence alone and is not
counted. `amounts`: every money span (NCSM, NCGV, NCSP) or CJRC answer that is an amount should be read by the
amount reader (nlp.numbers, which claims and elements are read with) at its place and with its value — the
docket keeps only claimed amounts, so this scores the reader, not a docket field. Places (NS, CJRC place answers)
and the names CJRC asks about (a witness, a daughter, a manager) are not scored: the docket has no place of the
facts, only parties' addresses, and those names are not said to be parties.

Each file is the development half of its source; its records are split once more, by a hash of their id, into
a half rules are tuned on ("tune") and a half only looked at ("check"), so a rule that merely memorises the
tuning texts shows as a gap between the two. Run: python -m nlp.eval_real [DIRECTORY] [--half tune|check|both]
(both: figures per half, keyed source[half]:field).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from nlp.catalogue import Catalogue, court_name_key
from nlp.eval import case_number_key
from nlp.numbers import InvalidAmount, find_amounts, parse_amount

MONEY_LABELS = frozenset({"NCSM", "NCGV", "NCSP"})  # CAIL2021: stolen money, value of goods, money spent
SUSPECT, VICTIM, TIME = "NHCS", "NHVI", "NT"
# Gold dates are read here, apart from nlp.dates, so the extractor is not scored against itself.
_GOLD_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
# A CJRC answer that is a sum of money: the amount and nothing but a word or two before it (医疗费23717.40元).
_GOLD_AMOUNT = re.compile(
    r"[\u4e00-\u9fff]{0,6}(?:人民币)?[\d,.]+\s*[万亿]?元|[\u4e00-\u9fff]{0,6}?[壹贰叁肆伍陆柒捌玖拾佰仟万亿零一二三四五六七八九十百千两]+元整?"
)


def _amounts(text: str) -> Counter[Decimal]:
    return Counter(value.normalize() for value, _, _ in find_amounts(text))


def gold_dates(text: str) -> list[str]:
    """The full dates a gold span writes out, in ISO form (none for 同年12月22日: its year is elsewhere)."""
    out = []
    for y, m, d in _GOLD_DATE.findall(text):
        try:
            out.append(date(int(y), int(m), int(d)).isoformat())
        except ValueError:
            continue
    return out


def _amount_hit(text: str, start: int, end: int) -> int | None:
    """1 when the amount reader reads the gold money span text[start:end] at its place with its value, 0 when it
    does not, None when the span holds no amount the gold says the value of."""
    span = text[start:end]
    try:
        wanted = parse_amount(span)
    except InvalidAmount:
        inside = find_amounts(span)
        if not inside:
            return None
        wanted = inside[-1][0]
    return int(any(v == wanted and s < end and e > start for v, s, e in find_amounts(text)))


def _entity_scores(record: Mapping[str, Any], docket: Mapping[str, Any]) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    entities = record["gold"].get("entities") or []
    text = record["text"]
    parties = docket.get("parties") or []
    defendants = {p["name"] for p in parties if p.get("role") == "defendant"}
    named = {p["name"] for p in parties}
    suspects = {e["text"] for e in entities if e["label"] == SUSPECT}
    victims = {e["text"] for e in entities if e["label"] == VICTIM} - suspects
    if suspects:
        out["parties"] = (len(suspects & defendants), len(suspects))
    if named:  # precision: every party read from a theft sentence should be one of its suspects
        out["parties_precision"] = (len(named & suspects), len(named))
    if victims:
        out["victims_not_parties"] = (len(victims - named), len(victims))
    found_dates = set(docket.get("dates") or [])
    wanted = [d for e in entities if e["label"] == TIME for d in gold_dates(e["text"])]
    if wanted:
        out["dates"] = (sum(d in found_dates for d in wanted), len(wanted))
    money = [e for e in entities if e["label"] in MONEY_LABELS]
    if money:
        if all("start" in e for e in money):
            hits = [_amount_hit(text, e["start"], e["end"]) for e in money]
            out["amounts"] = (sum(h or 0 for h in hits), sum(h is not None for h in hits))
        else:  # no offsets: by value
            found, want = _amounts(text), Counter[Decimal]()
            for e in money:
                want.update(_amounts(e["text"]))
            out["amounts"] = (sum((found & want).values()), sum(want.values()))
    return out


def _answer_scores(record: Mapping[str, Any], docket: Mapping[str, Any]) -> dict[str, tuple[int, int]]:
    """CJRC answers that are a date or an amount; each question counts once, a hit when any of its answers is read."""
    text, found_dates = record["text"], set(docket.get("dates") or [])
    dates = amounts = date_hits = amount_hits = 0
    for qa in record["gold"].get("qa") or []:
        answers = [a for a in qa.get("answers") or [] if a.get("start", -1) >= 0 and a.get("text")]
        iso = [d for a in answers for d in gold_dates(a["text"])]
        if iso:
            dates += 1
            date_hits += any(d in found_dates for d in iso)
            continue
        money = [a for a in answers if _GOLD_AMOUNT.fullmatch(a["text"])]
        if money:
            hits = [_amount_hit(text, a["start"], a["start"] + len(a["text"])) for a in money]
            if any(h is not None for h in hits):
                amounts += 1
                amount_hits += any(hits)
    out = {}
    if dates:
        out["dates"] = (date_hits, dates)
    if amounts:
        out["amounts"] = (amount_hits, amounts)
    return out


def half(record_id: str) -> str:
    """The half of a development file a record falls in: "tune" or "check", fixed by its id alone."""
    return "tune" if hashlib.sha1(record_id.encode("utf-8")).digest()[-1] % 2 == 0 else "check"


def cause_hit(got: Mapping[str, Any] | None, gold: str, catalogue: Catalogue | None) -> tuple[int, int]:
    """(at the gold's level, exactly) for a docket's cause_of_action against a gold cause name."""
    if not got or not got.get("name"):
        return 0, 0
    if catalogue is None or catalogue.cause(gold) is None:
        return int(got["name"] == gold), int(got["name"] == gold)
    entry = (catalogue.causes_by_code.get(got["code"]) if got.get("code") else None) or catalogue.cause(
        got["name"]
    )
    if entry is None:
        return 0, 0
    gold_entry = catalogue.cause(gold)
    exact = int(entry.code == gold_entry.code) if gold_entry is not None else 0
    return int(bool(exact) or catalogue.falls_under(entry, gold)), exact


def score_record(
    record: Mapping[str, Any], docket: Mapping[str, Any], catalogue: Catalogue | None = None
) -> dict[str, tuple[int, int]]:
    """field -> (hits, gold items) for one record and the docket extracted from its text; causes are compared on
    the catalogue's tree when one is given (see the module's doc), else by name."""
    gold, out = record["gold"], {}
    if "cause_of_action" in gold:
        at_level, exact = cause_hit(docket.get("cause_of_action"), gold["cause_of_action"], catalogue)
        out["cause_of_action"] = (at_level, 1)
        if catalogue is not None:
            out["cause_of_action_exact"] = (exact, 1)
    if "court" in gold:
        got = (docket.get("court") or {}).get("name")
        out["court"] = (int(bool(got) and court_name_key(str(got)) == court_name_key(gold["court"])), 1)
    if "case_number" in gold:
        keys = [
            (c["year"], c["court_code"], c["type_code"], c["sequence"])
            for c in docket.get("case_numbers") or []
        ]
        out["case_numbers"] = (int(case_number_key({"text": gold["case_number"]}) in keys), 1)
    if "doc_type" in gold:
        out["document_kind"] = (
            int(docket.get("document_kind") == "judgment")
            if "判决书" in gold["doc_type"]
            else int(docket.get("document_kind") == "ruling"),
            1,
        )
    if gold.get("entities"):
        out.update(_entity_scores(record, docket))
    if gold.get("qa"):
        out.update(_answer_scores(record, docket))
    return out


def score(
    records: Iterable[tuple[str, Mapping[str, Any], Mapping[str, Any]]], catalogue: Catalogue | None = None
) -> dict[str, dict[str, Any]]:
    """(source, record, docket) triples -> {"source:field": {"hits", "gold", "recall"}}."""
    totals: dict[str, Counter[str]] = {}
    for source, record, docket in records:
        for field, (hits, wanted) in score_record(record, docket, catalogue).items():
            c = totals.setdefault(f"{source}:{field}", Counter())
            c["hits"] += hits
            c["gold"] += wanted
    return {
        k: {
            "hits": c["hits"],
            "gold": c["gold"],
            "recall": round(c["hits"] / c["gold"], 4) if c["gold"] else 0.0,
        }
        for k, c in sorted(totals.items())
    }


def evaluate_directory(
    directory: str | Path,
    catalogue: Catalogue | None,
    extract: Callable[..., Any] | None = None,
    halves: str | None = None,
) -> dict[str, dict[str, Any]]:
    """Extract every record of every *.jsonl file in `directory` and score it: all records, or one half ("tune",
    "check"), or each half apart ("both": sources become source[tune] and source[check])."""
    from nlp.docket import to_builtins
    from nlp.extract import extract_docket

    run = extract or extract_docket
    triples = []
    for path in sorted(Path(directory).glob("*.jsonl")):
        for line in path.open(encoding="utf-8"):
            if line.strip():
                record = json.loads(line)
                part = half(str(record.get("id", "")))
                if halves in ("tune", "check") and part != halves:
                    continue
                source = f"{path.stem}[{part}]" if halves == "both" else path.stem
                triples.append((source, record, to_builtins(run(record["text"], catalogue))))
    return score(triples, catalogue)


def main() -> None:
    from nlp.catalogue import seeded_catalogue

    parser = argparse.ArgumentParser(description=__doc__)
    # the shared corpus sits beside the checkout (../shared), as CI lays it out
    parser.add_argument(
        "directory", nargs="?", default=Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"
    )
    parser.add_argument("--half", choices=("tune", "check", "both"), default=None)
    args = parser.parse_args()
    print(
        json.dumps(
            evaluate_directory(args.directory, seeded_catalogue(), halves=args.half),
            ensure_ascii=False,
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
