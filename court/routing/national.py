"""The national court directory (全国法院名录): every high court, every intermediate court, every specialised court,
each with its code where a source gives it and the source named; the rest named without a code.

- High courts: the code is the province's abbreviation (法〔2015〕137号; SPC standard YB/T 51202-2016).
- Intermediate courts: Zhejiang's from seeds/data/courts.json; elsewhere the abbreviation + the city's two adcode
  digits (the same standard's rule, as the engine derives them). Municipalities number their intermediate courts
  in order (第一中级人民法院 = 01 …), as printed in their case numbers. 省直辖 county-level areas and the
  intermediate courts of the forestry, farm and Xinjiang Production and Construction Corps systems are not listed.
- Specialised courts: court.routing.specialised and the curated table.
"""

from __future__ import annotations

from typing import Any

import msgspec

from court.routing.directory import MUNICIPALITIES, CourtDirectory
from court.routing.specialised import FINANCIAL_COURTS, INTERNET_COURTS, IP_COURTS, MARITIME_COURTS
from seeds.reference import PROVINCE_ABBREVIATIONS

STANDARD = "法〔2015〕137号 / YB/T 51202-2016 court-code rule"

# Intermediate courts of the municipalities, numbered as in their case numbers (e.g. （2020）沪01民终…).
MUNICIPAL_INTERMEDIATE: dict[str, tuple[str, ...]] = {
    "110000": (
        "北京市第一中级人民法院",
        "北京市第二中级人民法院",
        "北京市第三中级人民法院",
        "北京市第四中级人民法院",
    ),
    "120000": ("天津市第一中级人民法院", "天津市第二中级人民法院", "天津市第三中级人民法院"),
    "310000": ("上海市第一中级人民法院", "上海市第二中级人民法院", "上海市第三中级人民法院"),
    "500000": (
        "重庆市第一中级人民法院",
        "重庆市第二中级人民法院",
        "重庆市第三中级人民法院",
        "重庆市第四中级人民法院",
        "重庆市第五中级人民法院",
    ),
}


class DirectoryEntry(msgspec.Struct, frozen=True, kw_only=True):
    """One court of the national directory; `code` is None where no source gives it."""

    name: str
    level: str  # high | intermediate | basic
    kind: str  # general | maritime | internet | financial | ip | railway | ...
    province: str  # the province's adcode
    code: str | None
    source: str
    probable_code: str | None = None


def _intermediate(name: str, province: str, code: str, source: str) -> DirectoryEntry:
    """An intermediate people's court (中级人民法院) of general jurisdiction."""
    return DirectoryEntry(
        name=name, level="intermediate", kind="general", province=province, code=code, source=source
    )


def national_directory(directory: CourtDirectory) -> list[DirectoryEntry]:
    entries: list[DirectoryEntry] = []
    curated = {c.code: c for c in directory.courts.values() if c.active}
    provinces = [d for d in directory.divisions.values() if d.level == "province" and d.status == "current"]
    for province in sorted(provinces, key=lambda d: d.code):
        abbr = PROVINCE_ABBREVIATIONS[province.code[:2]]
        entries.append(
            DirectoryEntry(
                name=f"{province.full_name}高级人民法院",
                level="high",
                kind="general",
                province=province.code,
                code=abbr,
                source=STANDARD,
            )
        )
        if province.code in MUNICIPALITIES:
            for n, name in enumerate(MUNICIPAL_INTERMEDIATE[province.code], start=1):
                entries.append(
                    _intermediate(
                        name, province.code, f"{abbr}{n:02d}", f"{STANDARD}; as printed in case numbers"
                    )
                )
            continue
        if province.code in directory.curated_provinces:
            for court in curated.values():
                if court.level == "intermediate" and court.kind == "general" and court.code[:1] == abbr:
                    entries.append(
                        _intermediate(court.name, province.code, court.code, "seeds/data/courts.json")
                    )
            continue
        cities = [
            d
            for d in directory.divisions.values()
            if d.level == "city"
            and d.parent == province.code
            and d.status == "current"
            and not d.name.startswith("省直辖")
        ]
        for city in sorted(cities, key=lambda d: d.code):
            court = directory.intermediate_court(city.code)
            entries.append(
                _intermediate(
                    court.name,
                    province.code,
                    court.code,
                    f"derived: {STANDARD} (abbreviation + city adcode digits)",
                )
            )
    for court in curated.values():
        if court.kind != "general":
            entries.append(
                DirectoryEntry(
                    name=court.name,
                    level=court.level,
                    kind=court.kind,
                    province=court.seat_division[:2] + "0000",
                    code=court.code,
                    source="seeds/data/courts.json",
                )
            )
    listed = {e.name for e in entries}
    for sc in (*MARITIME_COURTS, *INTERNET_COURTS, *FINANCIAL_COURTS, *IP_COURTS):
        if sc.name in listed:
            continue
        level = "basic" if sc.kind == "internet" else "intermediate"
        entries.append(
            DirectoryEntry(
                name=sc.name,
                level=level,
                kind=sc.kind,
                province=sc.serves[0][:2] + "0000",
                code=sc.code,
                source=sc.source,
                probable_code=sc.probable_code,
            )
        )
    return entries


def directory_to_json(entries: list[DirectoryEntry]) -> list[dict[str, Any]]:
    return [msgspec.to_builtins(e) for e in entries]
