"""The review screen's view of a machine docket: one row per extracted field, with its source and confidence.

The extraction pipeline's docket is nested (parties, claims, case numbers, dates, each field carrying its value,
text span, page and confidence); a clerk reviews it as a flat list of named fields, and a correction is keyed
by the same path so it lives beside the machine's value, never over it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

_VALUE_KEYS = ("value", "normalized", "normalised", "amount", "name", "text")
_SOURCE_KEYS = ("source_text", "source", "evidence", "quote", "surface", "text")
_META_KEYS = frozenset(
    {
        "span",
        "start",
        "end",
        "page",
        "confidence",
        "source_text",
        "source",
        "evidence",
        "quote",
        "surface",
        "spans",
        "rule",
        "method",
        "normalized",
        "normalised",
        "sources",
    }
)
_LOCATION_KEYS = ("page", "confidence", "span", "start", "end")
# Below these the clerk's eye should go to the field first.
LOW_CONFIDENCE = 0.6
MID_CONFIDENCE = 0.85


@dataclass(frozen=True, slots=True)
class DocketRow:
    path: str  # stable key of the field, e.g. "parties[0].id_number"
    value: str
    confidence: float | None
    page: int | None
    span: tuple[int, int] | None
    source: str  # the text the value was read from, where the docket kept it
    correction: str | None  # the clerk's value, if corrected

    @property
    def level(self) -> str:
        if self.confidence is None:
            return ""
        return (
            "low"
            if self.confidence < LOW_CONFIDENCE
            else "mid"
            if self.confidence < MID_CONFIDENCE
            else "high"
        )


def _is_field(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and ("value" in value or "confidence" in value)
        and not any(isinstance(v, (dict, list)) and k not in ("span", "spans") for k, v in value.items())
    )


def _span(field: dict[str, Any]) -> tuple[int, int] | None:
    span = field.get("span")
    if span is None and isinstance(field.get("spans"), list) and field["spans"]:
        span = field["spans"][0]
    if isinstance(span, dict):
        span = (span.get("start"), span.get("end"))
    if span is None and "start" in field and "end" in field:
        span = (field["start"], field["end"])
    if isinstance(span, (list, tuple)) and len(span) == 2 and all(isinstance(x, int) for x in span):
        return (int(span[0]), int(span[1]))
    return None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, (list, tuple)):
        return "、".join(_text(v) for v in value)
    if isinstance(value, dict):
        for key in _VALUE_KEYS:
            if key in value:
                return _text(value[key])
        return "; ".join(f"{k}: {_text(v)}" for k, v in value.items())
    return str(value)


def _located(source: Any) -> dict[str, Any]:
    """The location keys of a pipeline Source ({start, end, page, confidence, text}: nlp.docket.Source)."""
    if not isinstance(source, dict):
        return {}
    meta = {k: source[k] for k in _LOCATION_KEYS if k in source}
    if isinstance(source.get("text"), str):
        meta["source_text"] = source["text"]
    return meta


def _sources(container: dict[str, Any]) -> dict[str, Any]:
    """The pipeline's per-field sources of a docket or a party (`sources`: field name -> Source), or of a claim
    (one `source` for all its fields, under the key "")."""
    sources = container.get("sources")
    out = dict(sources) if isinstance(sources, dict) else {}
    if isinstance(container.get("source"), dict):
        out[""] = container["source"]
    return out


def _row(path: str, field: Any, inherited: dict[str, Any], corrections: dict[str, Any]) -> DocketRow:
    meta = {**inherited, **field} if isinstance(field, dict) else inherited
    value = _text(field.get("value") if isinstance(field, dict) and "value" in field else field)
    confidence = meta.get("confidence")
    page = meta.get("page")
    source = ""
    if isinstance(field, dict):
        source = next(
            (
                str(field[k])
                for k in _SOURCE_KEYS
                if k in field and k != "text" and field[k] and not isinstance(field[k], (dict, list))
            ),
            "",
        )
        if not source and "value" in field and isinstance(field.get("text"), str):
            source = field["text"]
    if not source and isinstance(meta.get("source_text"), str):
        source = meta["source_text"]
    correction = corrections.get(path)
    return DocketRow(
        path=path,
        value=value,
        confidence=float(confidence) if isinstance(confidence, (int, float)) else None,
        page=int(page) if isinstance(page, int) else None,
        span=_span(meta) if isinstance(meta, dict) else None,
        source=source,
        correction=str(correction["value"])
        if isinstance(correction, dict) and "value" in correction
        else None,
    )


def docket_rows(docket: dict[str, Any], corrections: dict[str, Any] | None = None) -> list[DocketRow]:
    """Flatten a docket into review rows, in the docket's own order; empty values are left out. A field's page,
    span and confidence come from the field itself or, in the extraction pipeline's docket, from its Source
    (`sources` of the docket or party, `source` of a claim): a field read by OCR carries the OCR's doubt."""
    corrections = corrections or {}
    rows: list[DocketRow] = []
    top = _sources(docket)
    for key, value in docket.items():
        if value in (None, "", [], {}) or key.startswith("_") or key == "sources":
            continue
        if isinstance(value, list):
            for i, item in enumerate(value):
                base = f"{key}[{i}]"
                if isinstance(item, dict) and not _is_field(item):
                    inherited = {k: item[k] for k in _LOCATION_KEYS if k in item}
                    own = _sources(item)
                    inherited |= _located(own.get("") or top.get(base))
                    for sub, sub_value in item.items():
                        if sub in _META_KEYS or sub_value in (None, "", [], {}):
                            continue
                        rows.append(
                            _row(f"{base}.{sub}", sub_value, inherited | _located(own.get(sub)), corrections)
                        )
                else:
                    rows.append(_row(base, item, _located(top.get(base)), corrections))
        elif isinstance(value, dict) and not _is_field(value):
            inherited = {k: value[k] for k in _LOCATION_KEYS if k in value} | _located(top.get(key))
            for sub, sub_value in value.items():
                if sub in _META_KEYS or sub_value in (None, "", [], {}):
                    continue
                rows.append(_row(f"{key}.{sub}", sub_value, inherited, corrections))
        else:
            rows.append(_row(key, value, _located(top.get(key)), corrections))
    return rows


def machine_value(docket: dict[str, Any], path: str) -> str | None:
    """The machine's value at `path` (as shown in the review rows), or None when the docket has no such field."""
    for row in docket_rows(docket):
        if row.path == path:
            return row.value
    return None


def as_json(value: Any) -> Any:
    """A JSON column as Python data, whichever engine read it (PostgreSQL decodes, SQLite hands back text)."""
    if isinstance(value, str):
        try:
            return json.loads(value) if value else {}
        except ValueError:
            return {}
    return value if value is not None else {}
