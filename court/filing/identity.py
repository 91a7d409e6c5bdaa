"""Identity numbers on a filing: resident ID (GB 11643-1999) and unified social credit code (GB 32100-2015)."""

from __future__ import annotations

from court.errors import InvalidInput


def checked_identifiers(id_number: str | None, uscc: str | None, kind: str) -> dict[str, str | None]:
    """Normalise and validate the check digits; a wrong number is refused with the field named."""
    from kernel.identifiers import is_valid_resident_id, is_valid_uscc, normalise_resident_id, normalise_uscc

    out: dict[str, str | None] = {}
    if id_number:
        value = normalise_resident_id(id_number)
        if not is_valid_resident_id(value):
            raise InvalidInput(
                "the resident ID number is not valid (check digit or birth date)", field="id_number"
            )
        out["id_number"] = value
    if uscc:
        value = normalise_uscc(uscc)
        if not is_valid_uscc(value):
            raise InvalidInput("the unified social credit code is not valid (check character)", field="uscc")
        out["uscc"] = value
    return out
