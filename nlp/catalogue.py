"""The reference data extraction maps onto: causes of action (SPC catalogue, 2020) and courts. Passed in by the caller."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The seeded reference data (seeds/data/*.json): the source of the pipeline's court and cause patterns, which
# are fixed when the pipeline is built; the Catalogue a caller passes in (from the database) maps names to codes.
SEED_DIR = Path(__file__).resolve().parents[1] / "seeds" / "data"

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
    parent: str | None = None  # code of the cause one level up; None at the top (人格权纠纷 …)


@dataclass(frozen=True, slots=True)
class CourtEntry:
    """Court (人民法院) with its court code (法院代字)."""

    code: str
    name: str


@dataclass(slots=True)
class Catalogue:
    """Cause names and court names (with aliases) to codes."""

    causes: dict[str, CauseEntry] = field(default_factory=dict)  # name or alias -> entry
    causes_by_code: dict[str, CauseEntry] = field(default_factory=dict)
    cause_names: dict[str, frozenset[str]] = field(default_factory=dict)  # code -> its name and aliases
    courts: dict[str, CourtEntry] = field(default_factory=dict)  # name key or alias key -> entry
    courts_by_code: dict[str, CourtEntry] = field(default_factory=dict)

    @classmethod
    def from_rows(
        cls, causes: Iterable[Mapping[str, Any]] = (), courts: Iterable[Mapping[str, Any]] = ()
    ) -> Catalogue:
        cat = cls()
        for row in causes:
            level = int(row.get("level") or 0)
            parent = row.get("parent")
            entry = CauseEntry(
                code=str(row["code"]),
                name=str(row["name"]),
                level=level,
                parent=str(parent) if parent else None,
            )
            cat.causes_by_code[entry.code] = entry
            cat.cause_names[entry.code] = frozenset([row["name"], *(row.get("aliases") or [])])
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

    def lineage(self, entry: CauseEntry) -> list[CauseEntry]:
        """The cause and the causes above it, most specific first (民间借贷纠纷, 借款合同纠纷, 合同纠纷, 合同、准合同纠纷)."""
        out, seen = [entry], {entry.code}
        while out[-1].parent and out[-1].parent not in seen and out[-1].parent in self.causes_by_code:
            seen.add(out[-1].parent)
            out.append(self.causes_by_code[out[-1].parent])
        return out

    def falls_under(self, entry: CauseEntry, name: str) -> bool:
        """Whether `entry` is the cause called `name` (or one of its aliases) or one below it in the catalogue:
        民间借贷纠纷 falls under 借款合同纠纷 and 合同纠纷, 船员劳务合同纠纷 under 海事海商纠纷."""
        return any(name in self.cause_names.get(e.code, (e.name,)) for e in self.lineage(entry))

    def court(self, name: str) -> CourtEntry | None:
        return self.courts.get(court_name_key(name))


def seed_rows(name: str, directory: str | Path | None = None) -> list[dict[str, Any]]:
    """Rows of a seeded reference table ("courts" or "causes"); none when the file is absent (a bare nlp install)."""
    path = Path(directory or SEED_DIR) / f"{name}.json"
    if not path.is_file():
        return []
    rows: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return rows


def seeded_catalogue(directory: str | Path | None = None) -> Catalogue:
    """The catalogue of the seeded reference data alone (tests and tools without a database)."""
    return Catalogue.from_rows(causes=seed_rows("causes", directory), courts=seed_rows("courts", directory))
