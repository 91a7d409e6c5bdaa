"""Court directory (法院名录) in memory: courts by code, name and division, their parents, and derived courts elsewhere."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any

from seeds.reference import PROVINCE_ABBREVIATIONS, Cause, Court, Division, court_from_row, division_from_row

if TYPE_CHECKING:
    from court.routing.addresses import AddressResolver
    from court.routing.causes import CauseCatalogue

# Municipalities (直辖市): their intermediate courts (京01..京04, 沪01..沪03) do not follow the adcode, so an
# intermediate court cannot be derived for them (SPC court-code standard YB/T 51202-2016).
MUNICIPALITIES = frozenset({"110000", "120000", "310000", "500000"})


class CourtNotKnown(LookupError):
    """The directory cannot name a court for a division (no row, no derivation rule)."""


def _division(row: Division | Mapping[str, Any]) -> Division:
    return row if isinstance(row, Division) else division_from_row(row)


def _court(row: Court | Mapping[str, Any]) -> Court:
    return row if isinstance(row, Court) else court_from_row(row)


def _cause(row: Cause | Mapping[str, Any]) -> Cause:
    if isinstance(row, Cause):
        return row
    return Cause(
        code=str(row["code"]),
        name=row["name"],
        level=int(row.get("level", 3)),
        parent=row.get("parent"),
        aliases=tuple(row.get("aliases") or ()),
    )


class CourtDirectory:
    """Every court the engine may name, built from reference rows; courts outside the curated table are derived.

    The curated table (seeds/data/courts.json) covers Zhejiang; for other provinces a basic court is derived from
    the county's adcode and an intermediate court from the city's (SPC case-number rules, 法〔2015〕137号).
    """

    def __init__(
        self,
        divisions: Iterable[Division | Mapping[str, Any]],
        courts: Iterable[Court | Mapping[str, Any]],
        causes: Iterable[Cause | Mapping[str, Any]] = (),
    ) -> None:
        self.divisions: dict[str, Division] = {d.code: d for d in map(_division, divisions)}
        self.courts: dict[str, Court] = {c.code: c for c in map(_court, courts)}
        self.causes: tuple[Cause, ...] = tuple(map(_cause, causes))
        self._by_name: dict[str, Court] = {}
        self._by_division: dict[str, list[Court]] = {}
        for court in self.courts.values():
            for name in (court.name, court.short_name, *court.aliases):
                existing = self._by_name.get(name)
                # An inactive court's old name must not shadow an active court's alias.
                if existing is None or (court.active and not existing.active):
                    self._by_name[name] = court
            for code in court.divisions:
                self._by_division.setdefault(code, []).append(court)
        # Provinces whose courts are curated: those with a high court row in the table.
        self.curated_provinces = frozenset(
            code for c in self.courts.values() if c.level == "high" for code in c.divisions
        )

    @classmethod
    def from_rows(
        cls,
        divisions: Iterable[Division | Mapping[str, Any]],
        courts: Iterable[Court | Mapping[str, Any]],
        causes: Iterable[Cause | Mapping[str, Any]] = (),
    ) -> CourtDirectory:
        return cls(divisions, courts, causes)

    @classmethod
    def from_reference(
        cls,
        divisions: Iterable[Division | Mapping[str, Any]],
        courts: Iterable[Court | Mapping[str, Any]],
        causes: Iterable[Cause | Mapping[str, Any]],
    ) -> CourtDirectory:
        """The engine's directory from the reference data, wherever it was read: the app passes the rows of the
        reference tables (court.routing.reference), the offline command line and the tests the seed files'
        (`from_seeds`). Both get the same courts added here."""
        from court.routing.specialised import INTERNET_COURTS

        # The other provinces' internet courts whose codes are sourced (court.routing.specialised): with them, the
        # online cases of Beijing and Guangzhou concentrate as Hangzhou's do (法释〔2018〕16号 Art 2).
        internet = [
            Court(
                code=c.code,
                name=c.name,
                short_name=c.name,
                level="basic",
                kind="internet",
                parent=PROVINCE_ABBREVIATIONS[c.serves[0][:2]],
                divisions=(),
                seat_division=c.serves[0],
                active=True,
                aliases=(),
                note=c.source,
            )
            for c in INTERNET_COURTS
            if c.code is not None
        ]
        return cls(divisions, [*courts, *internet], causes)

    @classmethod
    def from_seeds(cls) -> CourtDirectory:
        """From seeds/data/*.json, the files the reference tables are seeded from: for what runs without a
        database (the `court route`, `court courts` and `court case-number` commands, tests, benchmarks). The app
        reads the tables instead (court.routing.reference)."""
        from seeds.reference import load_causes, load_courts, load_divisions

        return cls.from_reference(load_divisions(), load_courts(), load_causes())

    @cached_property
    def resolver(self) -> AddressResolver:
        from court.routing.addresses import AddressResolver

        return AddressResolver(self)

    @cached_property
    def catalogue(self) -> CauseCatalogue:
        from court.routing.causes import CauseCatalogue

        return CauseCatalogue(self.causes)

    # --- divisions -------------------------------------------------------------------------------------------

    def division(self, code: str) -> Division:
        try:
            return self.divisions[code]
        except KeyError:
            raise CourtNotKnown(f"no division {code}") from None

    def current(self, code: str) -> Division:
        """The division as it stands today: an abolished one is followed to its successor."""
        division = self.division(code)
        seen = {code}
        while division.status == "abolished" and division.successor and division.successor not in seen:
            seen.add(division.successor)
            division = self.division(division.successor)
        return division

    def ancestor(self, code: str, level: str) -> Division:
        division = self.division(code)
        while division.level != level:
            if division.parent is None:
                raise CourtNotKnown(f"{code} has no {level} above it")
            division = self.division(division.parent)
        return division

    def province_of(self, code: str) -> str:
        return code[:2] + "0000"

    # --- courts ------------------------------------------------------------------------------------------------

    def court(self, code: str) -> Court:
        try:
            return self.courts[code]
        except KeyError:
            raise CourtNotKnown(f"no court {code}") from None

    def court_by_code(self, code: str) -> Court:
        """A court by its code (法院代字); a code outside the curated provinces is derived from its digits."""
        if code in self.courts:
            return self.courts[code]
        digits = {abbr: prefix for prefix, abbr in PROVINCE_ABBREVIATIONS.items()}.get(code[:1])
        if digits is None or digits + "0000" in self.curated_provinces or not code[1:].isdigit():
            raise CourtNotKnown(f"no court {code}")
        if len(code) == 5:
            return self.basic_court(digits + code[1:])
        if len(code) == 3:
            return self.intermediate_court(digits + code[1:] + "00")
        raise CourtNotKnown(f"no court {code}")

    def find_court(self, text: str) -> Court | None:
        """A court named by its code, full name, short name or an alias (浙0106, 杭州市西湖区人民法院, 西湖法院)."""
        text = text.strip().removeprefix("中国")
        return self.courts.get(text) or self._by_name.get(text)

    def parent(self, court: Court) -> Court:
        if court.parent is None:
            raise CourtNotKnown(f"{court.name} has no parent court in the directory")
        if court.parent in self.courts:
            return self.courts[court.parent]
        return self.intermediate_court(court.seat_division)

    def basic_court(self, division_code: str) -> Court:
        """The active general basic court whose area covers a county-level division (old codes included)."""
        code = division_code
        seen: set[str] = set()
        while code not in seen:
            seen.add(code)
            for court in self._by_division.get(code, ()):
                if court.active and court.level == "basic" and court.kind == "general":
                    return court
            division = self.division(code)
            if division.status == "abolished" and division.successor:
                code = division.successor
                continue
            break
        division = self.division(division_code)
        if division.level != "county":
            raise CourtNotKnown(f"{division.full_name} is not a county-level division")
        province = self.province_of(division.code)
        if province in self.curated_provinces:
            raise CourtNotKnown(f"no court in the table covers {division.full_name} ({division.code})")
        current = self.current(division.code)
        from seeds.reference import derived_basic_court

        return derived_basic_court(current, PROVINCE_ABBREVIATIONS[current.code[:2]])

    def intermediate_court(self, division_code: str) -> Court:
        """The intermediate court of the city that contains a division."""
        city = self.ancestor(self.current(division_code).code, "city")
        for court in self._by_division.get(city.code, ()):
            if court.active and court.level == "intermediate" and court.kind == "general":
                return court
        province = self.province_of(city.code)
        if province in self.curated_provinces:
            raise CourtNotKnown(f"no intermediate court in the table covers {city.full_name}")
        if province in MUNICIPALITIES or city.name.startswith("省直辖"):
            raise CourtNotKnown(
                f"the intermediate court for {city.full_name} cannot be derived from its code"
            )
        abbr = PROVINCE_ABBREVIATIONS[city.code[:2]]
        return Court(
            code=abbr + city.code[2:4],
            name=f"{city.full_name}中级人民法院",
            short_name=f"{city.name.removesuffix('市')}中院",
            level="intermediate",
            kind="general",
            parent=abbr,
            divisions=(city.code,),
            seat_division=city.code,
            active=True,
            aliases=(),
            note="derived from the division code",
        )

    def same_level_court(self, level: str, division_code: str) -> Court:
        return self.basic_court(division_code) if level == "basic" else self.intermediate_court(division_code)

    def internet_court(self, division_code: str) -> Court | None:
        """The internet court that concentrates the basic-level cases of the city containing a division, if any."""
        city = self.ancestor(self.current(division_code).code, "city").code
        for court in self.courts.values():
            if court.kind == "internet" and court.active and court.seat_division == city:
                return court
        return None

    def maritime_court(self, division_code: str) -> Court | None:
        """The maritime court for a place in a curated province (宁波海事法院 浙72 takes all of Zhejiang)."""
        province = self.province_of(division_code)
        for court in self.courts.values():
            if (
                court.kind == "maritime"
                and court.active
                and self.province_of(court.seat_division) == province
            ):
                return court
        return None

    def is_curated(self, division_code: str) -> bool:
        return self.province_of(division_code) in self.curated_provinces

    def covers(self, court: Court, division_code: str) -> bool:
        """Whether a place lies in a court's area (a basic court's counties, an intermediate court's city)."""
        try:
            current = self.current(division_code)
            if court.level == "basic" and court.kind == "general":
                return self.basic_court(current.code).code == court.code
            if court.level == "intermediate" and court.kind == "general":
                return self.intermediate_court(current.code).code == court.code
        except CourtNotKnown:
            return False
        if court.kind == "internet":
            return self.internet_court(division_code) == court
        if court.kind == "maritime":
            return self.maritime_court(division_code) == court
        return False
