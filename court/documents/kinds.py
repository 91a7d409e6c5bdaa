"""The kinds of court document (法律文书) the court drafts, with their titles and who may sign them."""

from __future__ import annotations

from enum import StrEnum


class DocumentKind(StrEnum):
    """A kind of court document (文书种类); values are stable identifiers, titles come from TITLES."""

    ACCEPTANCE_NOTICE = "acceptance_notice"  # 受理通知书 (CPL Art 126)
    RESPONSE_NOTICE = "response_notice"  # 应诉通知书 (CPL Art 128)
    EVIDENCE_NOTICE = "evidence_notice"  # 举证通知书 (SPC Provisions on Evidence in Civil Procedure, Art 50)
    SUMMONS = "summons"  # 传票 (CPL Art 139)
    FEE_NOTICE = "fee_notice"  # 交纳诉讼费用通知书 (Fee Measures Art 22)
    JUDGMENT = "judgment"  # 判决书 (CPL Art 155)
    RULING = "ruling"  # 裁定书 (CPL Art 157)
    MEDIATION = "mediation"  # 调解书 (CPL Art 100)


# The title printed on the document; a decision's title names the kind of case (民事判决书).
TITLES: dict[DocumentKind, str] = {
    DocumentKind.ACCEPTANCE_NOTICE: "受理案件通知书",
    DocumentKind.RESPONSE_NOTICE: "应诉通知书",
    DocumentKind.EVIDENCE_NOTICE: "举证通知书",
    DocumentKind.SUMMONS: "传票",
    DocumentKind.FEE_NOTICE: "交纳诉讼费用通知书",
    DocumentKind.JUDGMENT: "判决书",
    DocumentKind.RULING: "裁定书",
    DocumentKind.MEDIATION: "调解书",
}

# Decisions of the court (裁判文书) are signed by the judge who tried the case; notices may be signed by the clerk.
JUDICIAL_ACTS = frozenset({DocumentKind.JUDGMENT, DocumentKind.RULING, DocumentKind.MEDIATION})

CASE_TYPE_PREFIX = {
    "civil": "民事",
    "administrative": "行政",
    "criminal_private": "刑事",
    "enforcement": "执行",
}


def title_of(kind: DocumentKind, case_type: str) -> str:
    title = TITLES[kind]
    if kind in JUDICIAL_ACTS:
        return CASE_TYPE_PREFIX.get(case_type, "民事") + title
    return title
