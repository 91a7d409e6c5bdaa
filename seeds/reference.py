"""Reference data loader: administrative divisions, courts and causes of action, read from seeds/data/*.json."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

DATA_DIR = Path(__file__).parent / "data"

DivisionLevel = Literal["province", "city", "county"]
DivisionStatus = Literal["current", "abolished"]
CourtLevel = Literal["high", "intermediate", "basic"]
CourtKind = Literal["general", "internet", "maritime", "railway", "development_zone", "financial", "ip"]

# High-court code (法院代字) by the first two digits of the adcode: SPC 关于人民法院案件案号的若干规定 (法〔2015〕137号),
# court codes per the SPC standard YB/T 51202-2016 (Inner Mongolia is 内, not 蒙).
PROVINCE_ABBREVIATIONS: dict[str, str] = {
    "11": "京",
    "12": "津",
    "13": "冀",
    "14": "晋",
    "15": "内",
    "21": "辽",
    "22": "吉",
    "23": "黑",
    "31": "沪",
    "32": "苏",
    "33": "浙",
    "34": "皖",
    "35": "闽",
    "36": "赣",
    "37": "鲁",
    "41": "豫",
    "42": "鄂",
    "43": "湘",
    "44": "粤",
    "45": "桂",
    "46": "琼",
    "50": "渝",
    "51": "川",
    "52": "黔",
    "53": "云",
    "54": "藏",
    "61": "陕",
    "62": "甘",
    "63": "青",
    "64": "宁",
    "65": "新",
}


@dataclass(frozen=True, slots=True)
class Division:
    """Administrative division (行政区划): province, prefecture-level city or county-level unit, by adcode."""

    code: str
    name: str
    full_name: str
    level: DivisionLevel
    parent: str | None
    short_names: tuple[str, ...]
    status: DivisionStatus
    successor: str | None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Court:
    """People's court (人民法院) with its court code (法院代字) and the divisions whose cases it takes."""

    code: str
    name: str
    short_name: str
    level: CourtLevel
    kind: CourtKind
    parent: str | None
    divisions: tuple[str, ...]
    seat_division: str
    active: bool
    aliases: tuple[str, ...]
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Cause:
    """Civil cause of action (民事案由), SPC catalogue 2020 revision (法〔2020〕347号)."""

    code: str
    name: str
    level: int
    parent: str | None
    aliases: tuple[str, ...]


def division_from_row(row: Mapping[str, Any]) -> Division:
    """A division from its JSON row (seeds/data/divisions.json) or a caller's partial one: what a row leaves out
    takes the default (its name for the full name, current, no short names)."""
    return Division(
        code=row["code"],
        name=row["name"],
        full_name=row.get("full_name") or row["name"],
        level=row["level"],
        parent=row.get("parent"),
        short_names=tuple(row.get("short_names") or ()),
        status=row.get("status", "current"),
        successor=row.get("successor"),
        note=row.get("note"),
    )


def court_from_row(row: Mapping[str, Any]) -> Court:
    """A court from its JSON row (seeds/data/courts.json) or a caller's partial one, with the same defaults."""
    return Court(
        code=row["code"],
        name=row["name"],
        short_name=row.get("short_name") or row["name"],
        level=row["level"],
        kind=row.get("kind", "general"),
        parent=row.get("parent"),
        divisions=tuple(row.get("divisions") or ()),
        seat_division=row.get("seat_division") or "",
        active=row.get("active", True),
        aliases=tuple(row.get("aliases") or ()),
        note=row.get("note"),
    )


def _read(name: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
    return rows


@cache
def load_divisions() -> list[Division]:
    return [division_from_row(r) for r in _read("divisions.json")]


@cache
def load_courts() -> list[Court]:
    return [court_from_row(r) for r in _read("courts.json")]


@cache
def load_causes() -> list[Cause]:
    return [
        Cause(
            code=r["code"], name=r["name"], level=r["level"], parent=r["parent"], aliases=tuple(r["aliases"])
        )
        for r in _read("causes.json")
    ]


@cache
def _divisions_by_code() -> dict[str, Division]:
    return {d.code: d for d in load_divisions()}


def derived_basic_court(division: Division, province_abbr: str) -> Court:
    """Basic court of a county outside the curated table, derived from its adcode.

    The court code is the province abbreviation plus digits 3-6 of the county's adcode (SPC case-number rules,
    法〔2015〕137号, court codes per YB/T 51202-2016). Courts of merged districts and special courts are not
    derivable this way; only Zhejiang's table (courts.json) records those.
    """
    if division.level != "county":
        raise ValueError(
            f"derived_basic_court needs a county-level division, got {division.level} {division.code}"
        )
    expected = PROVINCE_ABBREVIATIONS.get(division.code[:2])
    if expected != province_abbr:
        raise ValueError(f"province abbreviation {province_abbr!r} does not match adcode {division.code}")
    city = _divisions_by_code().get(division.parent or "")
    # A municipality's city row repeats the province name; 省直辖 rows are placeholders, not names.
    city_name = city.name if city is not None and not city.name.startswith("省直辖") else ""
    prefix = "" if division.name.startswith(city_name) else city_name
    # Official names prefix only districts with their city (杭州市西湖区人民法院, but 义乌市人民法院): keep that form
    # as an alias of the city-prefixed name.
    aliases = () if prefix == "" else (f"{division.name}人民法院",)
    # Municipalities' intermediate courts (京01..京04, 沪01..沪03) do not follow the adcode.
    municipality = division.code[:2] in {"11", "12", "31", "50"}
    return Court(
        code=province_abbr + division.code[2:6],
        name=f"{prefix}{division.name}人民法院",
        short_name=f"{division.name}法院",
        level="basic",
        kind="general",
        parent=None if municipality or city_name == "" else province_abbr + division.code[2:4],
        divisions=(division.code,),
        seat_division=division.code,
        active=division.status == "current",
        aliases=aliases,
        note="derived from the division code",
    )
