"""The docket extraction pre-fills (DESIGN.md §4), as msgspec Structs, and its JSON form."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

import msgspec


class Role(StrEnum):
    """Party role (诉讼地位)."""

    PLAINTIFF = "plaintiff"  # 原告
    DEFENDANT = "defendant"  # 被告, 被告人
    THIRD_PARTY = "third_party"  # 第三人
    APPLICANT = "applicant"  # 申请人, 申请执行人
    RESPONDENT = "respondent"  # 被申请人, 被执行人
    APPELLANT = "appellant"  # 上诉人
    APPELLEE = "appellee"  # 被上诉人


class PartyKind(StrEnum):
    PERSON = "person"  # 自然人
    ORGANISATION = "organisation"  # 法人或其他组织


class DocumentKind(StrEnum):
    """Kind of filed or issued document (文书类型)."""

    CIVIL_COMPLAINT = "civil_complaint"  # 民事起诉状
    CRIMINAL_PRIVATE_COMPLAINT = "criminal_private_complaint"  # 刑事自诉状
    ADMINISTRATIVE_COMPLAINT = "administrative_complaint"  # 行政起诉状
    APPEAL = "appeal"  # 上诉状
    DEFENCE = "defence"  # 答辩状
    COUNTERCLAIM = "counterclaim"  # 反诉状
    ENFORCEMENT_APPLICATION = "enforcement_application"  # 强制执行申请书
    PRESERVATION_APPLICATION = "preservation_application"  # 财产保全申请书
    RETRIAL_APPLICATION = "retrial_application"  # 再审申请书
    EVIDENCE_LIST = "evidence_list"  # 证据清单
    POWER_OF_ATTORNEY = "power_of_attorney"  # 授权委托书
    IDENTITY_CERTIFICATE = "identity_certificate"  # 法定代表人身份证明书
    JUDGMENT = "judgment"  # 判决书
    RULING = "ruling"  # 裁定书
    MEDIATION_STATEMENT = "mediation_statement"  # 调解书
    PAYMENT_ORDER = "payment_order"  # 支付令
    OTHER = "other"


class Source(msgspec.Struct, frozen=True):
    """Where a value came from: [start, end) into the document text (pages joined by one newline), its page
    (1-based) and the extractor's confidence in it."""

    start: int
    end: int
    page: int
    confidence: float
    text: str


class Party(msgspec.Struct):
    """Party (当事人) as read from the party block."""

    role: Role
    kind: PartyKind
    name: str
    sex: str | None = None
    birth_date: date | None = None
    ethnicity: str | None = None
    address: str | None = None
    id_number: str | None = None
    uscc: str | None = None
    phone: str | None = None
    legal_representative: str | None = None
    agents: list[str] = msgspec.field(default_factory=list)
    sources: dict[str, Source] = msgspec.field(default_factory=dict)  # field name -> source


class Claim(msgspec.Struct):
    """Claim (诉讼请求 / 申请执行事项) and its amount in yuan, if it states one."""

    text: str
    amount: Decimal | None = None
    source: Source | None = None


class CauseOfAction(msgspec.Struct):
    code: str | None
    name: str


class CourtRef(msgspec.Struct):
    code: str | None
    name: str


class CaseNumberRef(msgspec.Struct):
    text: str
    year: int
    court_code: str
    type_code: str
    sequence: int
    specialised_code: str | None = None
    sequence_end: int | None = None
    suffix: str | None = None


class Rate(msgspec.Struct, frozen=True):
    """Interest or penalty rate (利率 / 违约金标准): a percentage per year, month or day."""

    percent: Decimal
    per: str  # "year" | "month" | "day"


class Elements(msgspec.Struct):
    """The elements (要素) of an element-style complaint form (要素式起诉状, 法〔2024〕46号) for the docket's cause.

    `schema` names the form (a cause of action); `values` maps element keys of that form (nlp.elements.SCHEMAS) to
    Decimal, date, Rate, str or bool; `sources` says where each value was read."""

    schema: str
    # Any: msgspec allows one string-encoded type per union, and values mix Decimal, date and str.
    values: dict[str, Any] = msgspec.field(default_factory=dict)
    sources: dict[str, Source] = msgspec.field(default_factory=dict)


class Docket(msgspec.Struct):
    """The docket (案件要素) extraction pre-fills for the clerk to review."""

    document_kind: DocumentKind | None = None
    document_title: str | None = None
    parties: list[Party] = msgspec.field(default_factory=list)
    claims: list[Claim] = msgspec.field(default_factory=list)
    amount_in_dispute: Decimal | None = None
    cause_of_action: CauseOfAction | None = None
    court: CourtRef | None = None
    case_numbers: list[CaseNumberRef] = msgspec.field(default_factory=list)
    dates: list[date] = msgspec.field(default_factory=list)
    filing_date: date | None = None
    sources: dict[str, Source] = msgspec.field(
        default_factory=dict
    )  # "court", "cause_of_action", "case_numbers[0]"…
    elements: Elements | None = None  # only when the cause has an element-style form


def to_builtins(docket: Docket) -> dict[str, Any]:
    """Plain JSON-ready values: amounts as decimal strings, dates as ISO strings; "elements" only when a schema
    applies, so dockets of other causes keep their shape."""
    out: dict[str, Any] = msgspec.to_builtins(docket)
    if out.get("elements") is None:
        out.pop("elements", None)
    return out


def to_json(docket: Docket) -> bytes:
    return msgspec.json.encode(docket)
