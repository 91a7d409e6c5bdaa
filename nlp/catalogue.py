"""The reference data extraction maps onto: causes of action (SPC catalogue, 2020) and courts. Passed in by the caller."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# Province-level prefixes a document may put before a court name (浙江省杭州市… vs 杭州市…).
_PROVINCE_PREFIX = re.compile(
    r"^(?:北京市|天津市|上海市|重庆市|内蒙古自治区|广西壮族自治区|西藏自治区|宁夏回族自治区|新疆维吾尔自治区|"
    r"[\u4e00-\u9fff]{2,3}省)"
)


def court_name_key(name: str) -> str:
    """A court name without its province prefix, for matching 浙江省杭州市中级人民法院 to 杭州市中级人民法院."""
    return _PROVINCE_PREFIX.sub("", name.strip())


@dataclass(frozen=True, slots=True)
class CauseEntry:
    """Cause of action (案由) of the SPC catalogue."""

    code: str
    name: str
    level: int


@dataclass(frozen=True, slots=True)
class CourtEntry:
    """Court (人民法院) with its court code (法院代字)."""

    code: str
    name: str


@dataclass(slots=True)
class Catalogue:
    """Cause names and court names (with aliases) to codes."""

    causes: dict[str, CauseEntry] = field(default_factory=dict)  # name or alias -> entry
    courts: dict[str, CourtEntry] = field(default_factory=dict)  # name key or alias key -> entry
    courts_by_code: dict[str, CourtEntry] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, causes: Iterable[Mapping[str, Any]] = (), courts: Iterable[Mapping[str, Any]] = ()) -> Catalogue:
        cat = cls()
        for row in causes:
            level = int(row.get("level") or 0)
            entry = CauseEntry(code=str(row["code"]), name=str(row["name"]), level=level)
            for name in [row["name"], *(row.get("aliases") or [])]:
                known = cat.causes.get(name)
                # The same name sits at several levels (人格权纠纷 is level 1 and 2): keep the most specific.
                if known is None or level > known.level:
                    cat.causes[name] = entry
        for row in courts:
            entry_c = CourtEntry(code=str(row["code"]), name=str(row["name"]))
            cat.courts_by_code[entry_c.code] = entry_c
            for name in [row["name"], row.get("short_name") or "", *(row.get("aliases") or [])]:
                if name:
                    cat.courts.setdefault(court_name_key(name), entry_c)
        return cat

    def cause(self, name: str) -> CauseEntry | None:
        return self.causes.get(name)

    def court(self, name: str) -> CourtEntry | None:
        return self.courts.get(court_name_key(name))
