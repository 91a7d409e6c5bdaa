"""The routing request and decision as they cross the boundary (API, CLI, jobs); `decide_json` is in court.routing.rules.

A refusal is a decision, not an exception: `courts` is empty and `needs` lists what information is missing, so
the workflow can store it on the filing and a clerk can see what to ask for. Malformed input (an amount that is
not a number, a party without a role) raises court.errors.InvalidInput.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

import msgspec

from court.amounts import check_amounts
from court.errors import InvalidInput

EnforcementBasis = Literal["judgment", "arbitral_award", "notarised_debt"]


class PartyIn(msgspec.Struct, frozen=True):
    """A party as far as jurisdiction needs it: role (plaintiff/defendant/…), kind and address (住所地)."""

    role: str
    kind: str = "person"
    address: str | None = None
    # 经常居住地: where a natural person has lived for a year or more (CPL-Interp Art.4); used instead of domicile.
    habitual_residence: str | None = None
    name: str | None = None


class RoutingRequest(msgspec.Struct, frozen=True):
    """What the engine needs to name the competent court (the JSON of `court route`)."""

    cause: str | None = None
    parties: tuple[PartyIn, ...] = ()
    amount: Decimal | None = None
    performance_place: str | None = None
    property_location: str | None = None
    tort_place: str | None = None
    decedent_domicile: str | None = None
    signing_place: str | None = None
    agreed_court: str | None = None
    online: bool = False
    enforcement_of: str | None = None
    enforcement_basis: EnforcementBasis | None = None
    filing_date: date | None = None
    # 涉外: a party, the object or the facts are foreign (CPL-Interp Art 520); level under 法释〔2022〕18号.
    foreign_related: bool = False

    def __post_init__(self) -> None:
        check_amounts(self, "amount")


class CourtOut(msgspec.Struct, frozen=True):
    code: str
    name: str


class UnknownCourt(msgspec.Struct, frozen=True):
    """A competent court the engine can describe but not identify by a sourced code ("上海海事法院, code unknown")."""

    name: str
    place: str  # the connecting factor that makes it competent
    probable_code: str | None = None  # the code standard's pattern, unverified: shown, never used to register
    note: str = ""


class Decision(msgspec.Struct):
    """The engine's answer: the competent court(s), the rule and article applied, and what was assumed.

    `unknown` lists competent courts named without a code (the answer stays partial instead of being refused).
    `needs` is non-empty exactly when `courts` and `unknown` are both empty: what the engine must have to decide.
    """

    courts: list[CourtOut]
    rule: str
    article: str
    assumptions: list[str] = msgspec.field(default_factory=list)
    needs: list[str] = msgspec.field(default_factory=list)
    cause: str | None = None
    level: str | None = None
    unknown: list[UnknownCourt] = msgspec.field(default_factory=list)
    # The same assumptions and needs as messages to translate when shown (court.i18n `msg_data`): the English
    # lists above are what the API has always returned; a page renders these in its reader's language.
    assumption_messages: list[dict[str, Any]] = msgspec.field(default_factory=list)
    need_messages: list[dict[str, Any]] = msgspec.field(default_factory=list)


def parse_request(payload: dict[str, Any]) -> RoutingRequest:
    try:
        return msgspec.convert(payload, RoutingRequest, strict=False)
    except msgspec.ValidationError as exc:
        raise InvalidInput(str(exc), field=_field_of(str(exc))) from None


def _field_of(message: str) -> str:
    marker = "at `$."
    if marker in message:
        return message.split(marker, 1)[1].split("`", 1)[0]
    return ""
