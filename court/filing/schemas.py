"""The shapes of filing data crossing the API boundary."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec

Name = Annotated[str, msgspec.Meta(min_length=1, max_length=128)]
Short = Annotated[str, msgspec.Meta(max_length=64)]


class PartyIn(msgspec.Struct, forbid_unknown_fields=True):
    role: Annotated[str, msgspec.Meta(max_length=16)]
    name: Name
    kind: Annotated[str, msgspec.Meta(pattern="^(person|organisation)$")] = "person"
    sex: Annotated[str, msgspec.Meta(max_length=4)] | None = None
    birth_date: Annotated[str, msgspec.Meta(pattern=r"^\d{4}-\d{2}-\d{2}$")] | None = None
    ethnicity: Annotated[str, msgspec.Meta(max_length=16)] | None = None
    id_number: Annotated[str, msgspec.Meta(max_length=18)] | None = None
    uscc: Annotated[str, msgspec.Meta(max_length=18)] | None = None
    address: Annotated[str, msgspec.Meta(max_length=255)] = ""
    phone: Annotated[str, msgspec.Meta(max_length=32)] | None = None
    legal_representative: Short | None = None
    agents: list[Short] = msgspec.field(default_factory=list)
    user_id: int | None = None

    def columns(self) -> dict[str, Any]:
        from court.filing.identity import checked_identifiers

        values = msgspec.structs.asdict(self)
        values.update(checked_identifiers(self.id_number, self.uscc, self.kind))
        return values


class ClaimIn(msgspec.Struct, forbid_unknown_fields=True):
    text: Annotated[str, msgspec.Meta(min_length=1, max_length=4000)]
    amount: Annotated[str, msgspec.Meta(max_length=24)] | None = None


class FilingIn(msgspec.Struct, forbid_unknown_fields=True):
    receiving_court_code: Annotated[str, msgspec.Meta(max_length=16)] | None = None
    case_type: Annotated[str, msgspec.Meta(pattern="^(civil|enforcement|administrative|preservation|payment_order)$")] = "civil"
    cause_name: Short | None = None
    amount_in_dispute: Annotated[str, msgspec.Meta(max_length=24)] | None = None
    procedure: Annotated[str, msgspec.Meta(pattern="^(ordinary|summary|small_claims)$")] = "ordinary"
    summary: Annotated[str, msgspec.Meta(max_length=20000)] | None = None
    parties: list[PartyIn] = msgspec.field(default_factory=list)
    claims: list[ClaimIn] = msgspec.field(default_factory=list)
