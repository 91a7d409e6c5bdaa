"""Scoring extraction against a labelled corpus: precision, recall and F1 per docket field.

A field is scored on a document only when its gold docket carries that key, so a corpus that labels only the
cause of action (or only the court and case number) is scored on those. Values are compared as multisets of
normalised items: party fields as (party name, value) pairs, so a right value on the wrong party is wrong.
Element-style values (要素) are scored per key as `elements.values.<key>` on documents whose gold has "elements",
over the keys of gold and prediction (a predicted value under another schema counts for nothing), and together
as `elements.values`.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from kernel.case_numbers import InvalidCaseNumber, parse_case_number
from nlp.catalogue import Catalogue, court_name_key

PARTY_FIELDS = (
    "role",
    "kind",
    "sex",
    "birth_date",
    "ethnicity",
    "address",
    "id_number",
    "uscc",
    "phone",
    "legal_representative",
)


def _amount(value: Any) -> str | None:
    if value in (None, ""):
        return None
    try:
        return str(Decimal(str(value)).normalize())
    except InvalidOperation:
        return str(value)


def case_number_key(item: Mapping[str, Any]) -> tuple[Any, ...] | None:
    if "year" in item:
        return (
            int(item["year"]),
            item.get("court_code"),
            item.get("type_code"),
            int(item.get("sequence") or 0),
        )
    try:
        cn = parse_case_number(str(item.get("text", "")))
    except InvalidCaseNumber:
        return None
    return (cn.year, cn.court_code, cn.type_code, cn.sequence)


def _items(docket: Mapping[str, Any], field: str) -> list[Any]:
    parties = docket.get("parties") or []
    if field == "name":
        return [p.get("name") for p in parties if p.get("name")]
    if field in PARTY_FIELDS:
        return [(p.get("name"), str(p[field])) for p in parties if p.get(field)]
    if field == "agents":
        return [(p.get("name"), a) for p in parties for a in p.get("agents") or []]
    if field == "claims.amount":
        return [a for c in docket.get("claims") or [] if (a := _amount(c.get("amount"))) is not None]
    if field == "amount_in_dispute":
        a = _amount(docket.get("amount_in_dispute"))
        return [a] if a is not None else []
    if field == "cause_of_action":
        c = docket.get("cause_of_action") or {}
        return [c["name"]] if c.get("name") else []
    if field == "court":
        c = docket.get("court") or {}
        return [court_name_key(c["name"])] if c.get("name") else []
    if field == "case_numbers":
        return [k for c in docket.get("case_numbers") or [] if (k := case_number_key(c)) is not None]
    if field in ("document_kind", "document_title", "filing_date"):
        return [str(docket[field])] if docket.get(field) else []
    raise KeyError(field)


# field -> the gold key that must be present for the field to be scored on a document
FIELDS: dict[str, str] = {
    "document_kind": "document_kind",
    "document_title": "document_title",
    "name": "parties",
    **{f: "parties" for f in PARTY_FIELDS},
    "agents": "parties",
    "claims.amount": "claims",
    "amount_in_dispute": "amount_in_dispute",
    "cause_of_action": "cause_of_action",
    "court": "court",
    "case_numbers": "case_numbers",
    "filing_date": "filing_date",
}


ELEMENTS = "elements.values"


def _element_item(value: Any) -> str:
    if isinstance(value, Mapping):  # a rate: {"percent", "per"}
        return f"{_amount(value.get('percent'))}/{value.get('per')}"
    return str(_amount(value))


def _element_items(
    pred: Mapping[str, Any], gold: Mapping[str, Any]
) -> dict[str, tuple[list[str], list[str]]]:
    """Per element key of the gold's schema: (predicted items, gold items)."""
    g = gold.get("elements") or {}
    p = pred.get("elements") or {}
    g_values = g.get("values") or {}
    p_values = (p.get("values") or {}) if p.get("schema") == g.get("schema") else {}
    return {
        key: (
            [_element_item(p_values[key])] if p_values.get(key) is not None else [],
            [_element_item(g_values[key])] if g_values.get(key) is not None else [],
        )
        for key in sorted(set(g_values) | set(p_values))
    }


def _count(counter: Counter[str], predicted: list[Any], gold: list[Any]) -> None:
    p, g = Counter(predicted), Counter(gold)
    counter["tp"] += sum((p & g).values())
    counter["pred"] += sum(p.values())
    counter["gold"] += sum(g.values())
    counter["docs"] += 1


def score(
    predicted_dockets: Iterable[Mapping[str, Any]], gold_dockets: Iterable[Mapping[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Per field: true positives, predicted and gold counts, precision, recall, F1 (micro-averaged)."""
    counts: dict[str, Counter[str]] = {f: Counter() for f in FIELDS}
    for pred, gold in zip(predicted_dockets, gold_dockets, strict=True):
        for field, gate in FIELDS.items():
            if gate not in gold:
                continue
            _count(counts[field], _items(pred, field), _items(gold, field))
        if "elements" in gold:
            g_schema, p_schema = (
                (gold.get("elements") or {}).get("schema"),
                (pred.get("elements") or {}).get("schema"),
            )
            _count(
                counts.setdefault("elements.schema", Counter()),
                [p_schema] if p_schema else [],
                [g_schema] if g_schema else [],
            )
            total = counts.setdefault(ELEMENTS, Counter())
            for key, (p_items, g_items) in _element_items(pred, gold).items():
                _count(counts.setdefault(f"{ELEMENTS}.{key}", Counter()), p_items, g_items)
                _count(total, p_items, g_items)
                total["docs"] -= 1
            total["docs"] += 1
    report: dict[str, dict[str, Any]] = {}
    for field, c in counts.items():
        if not c["docs"] or not (c["gold"] or c["pred"]):
            continue
        precision = c["tp"] / c["pred"] if c["pred"] else 0.0
        recall = c["tp"] / c["gold"] if c["gold"] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        report[field] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "tp": c["tp"],
            "predicted": c["pred"],
            "gold": c["gold"],
            "documents": c["docs"],
        }
    return report


def evaluate_lines(
    lines: Iterable[Mapping[str, Any]], catalogue: Catalogue | None, extract: Callable[..., Any] | None = None
) -> dict[str, Any]:
    """Lines {"id", "text" or "pages", "docket"} → {"documents": n, "fields": score(...)}."""
    from nlp.docket import to_builtins
    from nlp.extract import extract_docket

    run = extract or extract_docket
    predicted, gold = [], []
    for line in lines:
        predicted.append(to_builtins(run(line.get("pages") or line["text"], catalogue)))
        gold.append(line["docket"])
    return {"documents": len(gold), "fields": score(predicted, gold)}


def evaluate_file(path: str | Path, catalogue: Catalogue | None) -> dict[str, Any]:
    """Score the extractor on a JSON-lines corpus of {"id", "text", "docket"}."""
    with Path(path).open(encoding="utf-8") as fh:
        lines = [json.loads(line) for line in fh if line.strip()]
    report = evaluate_lines(lines, catalogue)
    report["corpus"] = str(path)
    return report
