"""Identity verification for villagers filing at a terminal: a pluggable adapter behind one small interface."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Verification:
    verified: bool
    method: str
    detail: str = ""


class IdentityVerifier(Protocol):
    """An identity check (e.g. the provincial eID service or a card reader); returns, never raises, for a 'no'."""

    def verify(self, name: str, id_number: str) -> Verification: ...


class ChecksumVerifier:
    """The check every terminal can do offline: the resident ID's format, birth date and check digit (GB 11643).
    It proves the number is well formed, not that it belongs to this person: a real adapter adds that."""

    method = "checksum"

    def verify(self, name: str, id_number: str) -> Verification:
        from kernel.identifiers import is_valid_resident_id, normalise_resident_id

        if not name.strip():
            return Verification(False, self.method, "name is empty")
        if not is_valid_resident_id(normalise_resident_id(id_number)):
            return Verification(False, self.method, "the resident ID number is not valid")
        return Verification(True, self.method)


_verifiers: dict[str, IdentityVerifier] = {"checksum": ChecksumVerifier()}


def register_verifier(name: str, verifier: IdentityVerifier) -> None:
    _verifiers[name] = verifier


def verifier(name: str = "checksum") -> IdentityVerifier:
    return _verifiers[name]
