"""Address resolver: free-text Chinese addresses to a county-level division (and so to the basic court covering it).

Reads full names (浙江省杭州市西湖区), short names (杭州西湖), addresses without province or city (西湖区文三路),
street-level detail (ignored after the county) and old district names that the division table records
(杭州市江干区 -> 江干区 330104, abolished; the directory follows it to its successor's court).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, Protocol

from court.i18n import Msg, msg
from seeds.reference import Division


class Divisions(Protocol):
    """What the resolver reads of the court directory (court.routing.directory.CourtDirectory, which builds its
    resolver, so this module names only what it needs instead of importing it)."""

    @property
    def divisions(self) -> Mapping[str, Division]: ...

    @property
    def curated_provinces(self) -> frozenset[str]: ...

    def current(self, code: str) -> Division: ...


Precision = Literal["county", "city", "province", "none"]

_LEVEL_RANK = {"province": 0, "city": 1, "county": 2}
_NOISE = re.compile(r"[\s\u3000]+")
_PREFIXES = ("中华人民共和国", "中国")
_LABELS = re.compile(r"^(?:住所地|住所|住址|地址|户籍地|经常居住地|居住地)[:：]?")


@dataclass(frozen=True, slots=True)
class ResolvedAddress:
    """What an address names: the most specific division found, and what was assumed to get there."""

    text: str
    division: Division | None
    assumptions: tuple[str, ...] = ()

    @property
    def precision(self) -> Precision:
        return "none" if self.division is None else self.division.level

    @property
    def county(self) -> Division | None:
        return self.division if self.division is not None and self.division.level == "county" else None


class AddressResolver:
    """Resolves addresses against the division table; results are cached (an LRU keyed by the raw text)."""

    def __init__(self, directory: Divisions, *, home_province: str | None = None, cache_size: int = 65_536):
        self._directory = directory
        index: dict[str, list[Division]] = {}
        for division in directory.divisions.values():
            names = {division.name, *division.short_names}
            for name in names:
                if len(name) >= 2 and not name.startswith("省直辖"):
                    index.setdefault(name, []).append(division)
        self._index = {name: tuple(divs) for name, divs in index.items()}
        self._longest = max((len(n) for n in self._index), default=0)
        curated = sorted(directory.curated_provinces)
        # An ambiguous bare district name (普陀区: Shanghai or Zhoushan) is read in the home province.
        self.home_province = home_province or (curated[0] if len(curated) == 1 else None)
        self.resolve = lru_cache(maxsize=cache_size)(self._resolve)

    def _resolve(self, text: str) -> ResolvedAddress:
        s = _clean(text)
        province: Division | None = None
        city: Division | None = None
        county: Division | None = None
        notes: list[Msg] = []
        pos = 0
        while pos < len(s) and county is None:
            found = self._match_at(s, pos, province, city)
            if found is None:
                break
            length, division, note = found
            pos += length
            if note:
                notes.append(note)
            if division.level == "province":
                province = division
            elif division.level == "city":
                city = division
            else:
                county = division
        if county is None and (city is not None or province is not None):
            county = self._search_rest(s[pos:], province, city, notes)
        if county is not None:
            if county.status == "abolished":
                successor = self._directory.current(county.code)
                # The division table's note (English or Chinese source text) stays a technical aside.
                notes.append(
                    Msg(
                        "%(county)s (%(code)s) no longer exists; its area now belongs to %(successor)s "
                        "(%(successor_code)s)",
                        {
                            "county": county.name,
                            "code": county.code,
                            "successor": successor.full_name,
                            "successor_code": successor.code,
                        },
                        note=county.note or "",
                    )
                )
            return ResolvedAddress(text, county, tuple(notes))
        if city is not None:
            return ResolvedAddress(text, city, tuple(notes))
        return ResolvedAddress(text, province, tuple(notes))

    def _match_at(
        self, s: str, pos: int, province: Division | None, city: Division | None
    ) -> tuple[int, Division, Msg | None] | None:
        for length in range(min(self._longest, len(s) - pos), 1, -1):
            name = s[pos : pos + length]
            candidates = [d for d in self._index.get(name, ()) if _fits(d, province, city)]
            if not candidates:
                continue
            best_rank = min(_LEVEL_RANK[d.level] for d in candidates)
            candidates = [d for d in candidates if _LEVEL_RANK[d.level] == best_rank]
            current = [d for d in candidates if d.status == "current"]
            candidates = current or candidates
            if len(candidates) == 1:
                return length, candidates[0], None
            home = [d for d in candidates if d.code[:2] == (self.home_province or "")[:2]]
            chosen = sorted(home or candidates, key=lambda d: d.code)[0]
            others = "、".join(d.full_name for d in candidates if d is not chosen)
            return (
                length,
                chosen,
                msg(
                    "'%(name)s' is ambiguous (also %(others)s); read as %(chosen)s",
                    name=name,
                    others=others,
                    chosen=chosen.full_name,
                ),
            )
        return None

    def _search_rest(
        self, rest: str, province: Division | None, city: Division | None, notes: list[Msg]
    ) -> Division | None:
        """A county named further on (杭州市文三路西湖区…): only full names, only inside the known city/province."""
        scope = city or province
        assert scope is not None
        prefix = scope.code[:4] if scope.level == "city" else scope.code[:2]
        hits = {
            d.code: d
            for d in self._directory.divisions.values()
            if d.level == "county" and d.code.startswith(prefix) and len(d.name) >= 3 and d.name in rest
        }
        current = [d for d in hits.values() if d.status == "current"] or list(hits.values())
        if len(current) != 1:
            return None
        notes.append(
            msg(
                "the county %(county)s was found later in the address, not right after the city",
                county=current[0].name,
            )
        )
        return current[0]


def _clean(text: str) -> str:
    s = _NOISE.sub("", text)
    s = _LABELS.sub("", s)
    for prefix in _PREFIXES:
        s = s.removeprefix(prefix)
    return s


def _fits(d: Division, province: Division | None, city: Division | None) -> bool:
    """Whether a candidate lies below what the address has already named."""
    if city is not None:
        return d.level == "county" and d.code[:4] == city.code[:4]
    if province is not None:
        return d.level != "province" and d.code[:2] == province.code[:2]
    return True
