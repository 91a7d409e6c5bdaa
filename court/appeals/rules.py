"""The rules of an appeal as plain functions (no database, no server): which period runs and whether it has run out
(CPL Art 171, from the one deadline engine), the appeal fee (Fee Measures, through the one fee function), the
dossier's manifest and its verification against the stored bytes (CPL Art 174)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from court.cases.deadlines import Deadline, deadline_for
from court.cases.fees import FeeAssessment, case_fee
from court.cases.procedures import Procedure
from court.errors import Conflict, DeadlinePassed, InvalidInput

# CPL Art 171: a party may appeal a judgment of first instance within 15 days, a ruling within 10 days, of its
# service. The engine's party-period table holds both figures (court/cases/party_periods.py).
PERIOD_OF: dict[str, str] = {"judgment": "appeal_judgment", "ruling": "appeal_ruling"}


def bilingual(zh: str, en: str) -> dict[str, dict[str, str]]:
    return {"messages": {"zh_CN": zh, "en": en}}


def period_kind(document_kind: str) -> str:
    """The engine's period for an appeal against `document_kind`; a mediation statement is not appealed."""
    kind = PERIOD_OF.get(document_kind)
    if kind is None:
        raise InvalidInput(
            f"a {document_kind} cannot be appealed",
            field="document",
            **bilingual(
                "该文书不能上诉（仅判决书、裁定书可以上诉）", "Only a judgment or a ruling can be appealed"
            ),
        )
    return kind


def appeal_period(document_kind: str, served_on: date) -> Deadline:
    """The appellant's period, counted by the one deadline engine from its service (CPL Art 85: the day of service
    is not counted; a last day on a holiday moves to the next working day)."""
    return deadline_for(period_kind(document_kind), served_on)


class AppealOutOfTime(DeadlinePassed):
    """The appeal period has run out (CPL Art 171): 409, naming the last day in the user's language."""


def check_in_period(period: Deadline, today: date) -> None:
    """Refuse an appeal filed after the last day of its period."""
    if today > period.deadline:
        last = period.deadline
        raise AppealOutOfTime(
            f"the appeal period ended on {last.isoformat()} ({period.article}); an appeal filed on "
            f"{today.isoformat()} is out of time",
            field="filed_on",
            last_day=last.isoformat(),
            article=period.article,
            **bilingual(
                f"上诉期已于{last.year}年{last.month}月{last.day}日届满（《民事诉讼法》第171条），"
                "逾期不能提起上诉",
                f"The appeal period ended on {last.isoformat()} (CPL Art 171); an appeal can no longer be "
                "filed",
            ),
        )


def appeal_fee(case_type: str, cause_name: str, amount: Decimal | None) -> FeeAssessment | None:
    """The appeal fee (上诉案件受理费): Fee Measures Art 8 (second-instance cases pay an acceptance fee), charged by
    the first-instance rates of Art 13 on the amount of the appeal request (Art 17), prepaid by the appellant
    (Art 20) — through the one fee function."""
    return case_fee(case_type, cause_name, amount, Procedure.SECOND_INSTANCE)


# --- the dossier (卷宗) ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ManifestItem:
    """One document of the forwarded dossier: where its bytes are and their sha256 when forwarded."""

    source: str  # case_document (卷宗材料), court_document (法律文书), appeal (上诉状)
    ref: int
    name: str
    blob_key: str
    sha256: str
    size: int

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "ref": self.ref,
            "name": self.name,
            "blob_key": self.blob_key,
            "sha256": self.sha256,
            "size": self.size,
        }


def manifest_sha256(items: Iterable[dict[str, Any]]) -> str:
    """The manifest's own hash: sha256 over its canonical JSON (sorted keys, no spaces)."""
    text = json.dumps(list(items), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Verification:
    intact: bool
    checked: int
    mismatched: list[dict[str, Any]]  # items whose stored bytes no longer hash to the manifest's sha256
    missing: list[dict[str, Any]]  # items whose bytes are gone
    manifest_intact: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "intact": self.intact,
            "checked": self.checked,
            "mismatched": self.mismatched,
            "missing": self.missing,
            "manifest_intact": self.manifest_intact,
        }


def verify_manifest(
    manifest: list[dict[str, Any]], recorded_sha256: str | None, read: Callable[[str], bytes | None]
) -> Verification:
    """Check every document of the dossier: its stored bytes (read by blob key; None when gone) against the sha256
    the manifest recorded when forwarded, and the manifest against its own recorded hash. One changed byte in any
    document, or in the manifest, and the dossier is not intact."""
    mismatched: list[dict[str, Any]] = []
    missing: list[dict[str, Any]] = []
    for item in manifest:
        data = read(item["blob_key"])
        if data is None:
            missing.append({"name": item["name"], "sha256": item["sha256"]})
            continue
        found = hashlib.sha256(data).hexdigest()
        if found != item["sha256"]:
            mismatched.append({"name": item["name"], "expected": item["sha256"], "found": found})
    manifest_ok = recorded_sha256 is not None and manifest_sha256(manifest) == recorded_sha256
    return Verification(
        intact=manifest_ok and not mismatched and not missing,
        checked=len(manifest),
        mismatched=mismatched,
        missing=missing,
        manifest_intact=manifest_ok,
    )


def require_intact(verification: Verification) -> None:
    if not verification.intact:
        names = "、".join(x["name"] for x in verification.mismatched + verification.missing) or "移送清单"
        raise Conflict(
            "the forwarded dossier does not match its manifest: "
            + ", ".join(x["name"] for x in verification.mismatched + verification.missing),
            verification=verification.to_json(),
            **bilingual(
                f"卷宗材料与移送清单不一致，不予立案：{names}",
                "The forwarded dossier does not match its manifest; the appeal is not registered",
            ),
        )
