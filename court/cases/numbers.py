"""Case numbers (案号): which type code a new case takes, and allocation of the gapless serial.

SPC 关于人民法院案件案号的若干规定 (法〔2015〕137号, amended 法〔2018〕335号): year of acceptance + court code +
optional specialised code (2018) + type code + serial; serials run per court, specialised code, type and year,
from 1, without gaps (rule 3-6).
"""

from __future__ import annotations

from dataclasses import dataclass

from court.cases.procedures import Procedure
from court.counters import next_value
from court.errors import InvalidInput
from court.i18n import msg


@dataclass(frozen=True, slots=True)
class AllocatedCaseNumber:
    """A case number just handed out; `text` is its official written form."""

    year: int
    court_code: str
    type_code: str
    serial: int
    specialised: str = ""

    @property
    def text(self) -> str:
        return format_case_number(self.year, self.court_code, self.type_code, self.serial, self.specialised)

    @property
    def scope(self) -> str:
        return counter_scope(self.court_code, self.type_code, self.year, self.specialised)


def format_case_number(year: int, court_code: str, type_code: str, serial: int, specialised: str = "") -> str:
    """The document form with full-width parentheses and no zero padding, e.g. （2022）浙0106民初1234号 — written by
    the one case-number formatter (kernel.case_numbers), which the parser of cited numbers shares."""
    from kernel.case_numbers import CaseNumber
    from kernel.case_numbers import format_case_number as write

    return write(
        CaseNumber(
            year=year,
            court_code=court_code,
            type_code=type_code,
            sequence=serial,
            specialised_code=specialised or None,
        )
    )


def counter_scope(court_code: str, type_code: str, year: int, specialised: str = "") -> str:
    return f"case:{court_code}:{specialised}{type_code}:{year}"


# (case type of the filing, procedure) -> type code (类型代字), SPC type-code standard (法〔2015〕137号 annex,
# classes 0200-1000). None as procedure: any procedure not listed for that case type.
TYPE_CODES: dict[tuple[str, Procedure | None], str] = {
    ("civil", Procedure.SECOND_INSTANCE): "民终",  # class 0300
    ("civil", Procedure.RETRIAL): "民再",
    ("civil", Procedure.SPECIAL): "民特",
    ("civil", None): "民初",
    ("administrative", Procedure.SECOND_INSTANCE): "行终",  # class 0400
    ("administrative", Procedure.RETRIAL): "行再",
    ("administrative", None): "行初",
    ("criminal_private", Procedure.SECOND_INSTANCE): "刑终",  # class 0200: 刑事自诉 starts as 刑初
    ("criminal_private", None): "刑初",
    ("enforcement", None): "执",  # class 1000: first enforcement
    ("preservation", None): "财保",  # class 0900: pre-suit property preservation
    ("payment_order", None): "民督",
}

# Valid written forms of a type code: at most three characters (rule 4), the known codes above plus the
# enforcement family used when enforcement cases are registered from other workflows.
KNOWN_TYPE_CODES = frozenset(TYPE_CODES.values()) | {
    "执恢",
    "执保",
    "执异",
    "执复",
    "执监",
    "执协",
    "民申",
    "行申",
    "刑再",
}


def type_code_for(case_type: str, procedure: Procedure | str) -> str:
    """The type code a case of `case_type` tried under `procedure` is numbered under."""
    procedure = Procedure(procedure)
    code = TYPE_CODES.get((case_type, procedure)) or TYPE_CODES.get((case_type, None))
    if code is None:
        raise InvalidInput(
            msg("no type code for case type %(case_type)s", case_type=repr(case_type)), field="case_type"
        )
    return code


async def allocate_case_number(
    court_code: str, type_code: str, year: int, specialised: str | None = None
) -> AllocatedCaseNumber:
    """Take the next serial of (court, specialised code, type, year). Must run inside the registration's write
    transaction: if registration rolls back, the serial is given back, so no gap is left."""
    specialised = specialised or ""
    if type_code not in KNOWN_TYPE_CODES:
        raise InvalidInput(
            msg("unknown type code %(type_code)s", type_code=repr(type_code)), field="type_code"
        )
    if len(specialised) > 1:
        raise InvalidInput("the specialised code is one character (法〔2018〕335号)", field="specialised")
    if not 1000 <= year <= 9999:
        raise InvalidInput("the year of acceptance has four digits", field="year")
    serial = await next_value(counter_scope(court_code, type_code, year, specialised))
    return AllocatedCaseNumber(year, court_code, type_code, serial, specialised)
