"""The rules of an appeal as plain functions, without a database or a server: the period (CPL Art 171) from the one
deadline engine, the appeal fee (Fee Measures Arts 8, 13, 17) from the one fee function, the dossier manifest."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from decimal import Decimal

import pytest

from court.appeals import rules
from court.cases.deadlines import deadline_for
from court.cases.fees import case_fee
from court.cases.procedures import Procedure
from court.errors import DeadlinePassed, InvalidInput


def test_a_judgment_is_appealed_within_15_days_a_ruling_within_10_of_service() -> None:
    served = date(2026, 3, 2)  # a Monday, no holiday near
    judgment = rules.appeal_period("judgment", served)
    ruling = rules.appeal_period("ruling", served)
    assert judgment.deadline == served + timedelta(days=15) and judgment.article == "CPL Art 171"
    assert ruling.deadline == served + timedelta(days=10)
    # The same answer as the engine's own table gives.
    assert judgment == deadline_for("appeal_judgment", served)
    with pytest.raises(InvalidInput):
        rules.period_kind("mediation")  # a mediation statement is not appealed


def test_the_period_counts_past_national_day_through_the_engine() -> None:
    served = date(2026, 9, 20)
    period = rules.appeal_period("judgment", served)
    assert period.nominal_end == date(2026, 10, 5)
    assert (
        period.deadline >= period.nominal_end
    )  # a last day on a holiday moves to the next working day (CPL Art 85)


def test_an_appeal_on_the_last_day_is_in_time_the_day_after_is_refused_in_both_languages() -> None:
    period = rules.appeal_period("judgment", date(2026, 3, 2))
    rules.check_in_period(period, period.deadline)
    with pytest.raises(DeadlinePassed) as refused:
        rules.check_in_period(period, period.deadline + timedelta(days=1))
    messages = refused.value.params["messages"]
    assert "上诉期已于2026年3月17日届满" in messages["zh_CN"] and "2026-03-17" in messages["en"]
    assert refused.value.status == 409 and refused.value.params["last_day"] == "2026-03-17"


def test_the_appeal_fee_is_the_first_instance_rate_on_the_amount_appealed() -> None:
    fee = rules.appeal_fee("civil", "民间借贷纠纷", Decimal("150000"))
    assert fee is not None and fee.fee == Decimal("3300.00")  # FM Art 13(1) bands on 150,000
    assert any("Art 17" in b for b in fee.basis)
    assert fee == case_fee("civil", "民间借贷纠纷", Decimal("150000"), Procedure.SECOND_INSTANCE)
    smaller = rules.appeal_fee("civil", "民间借贷纠纷", Decimal("50000"))
    assert smaller is not None and smaller.fee < fee.fee  # on the amount appealed, not the whole claim


def _item(name: str, data: bytes) -> dict[str, object]:
    return rules.ManifestItem(
        "case_document", 1, name, f"k/{name}", hashlib.sha256(data).hexdigest(), len(data)
    ).to_json()


def test_a_manifest_verifies_intact_and_one_changed_byte_is_named() -> None:
    stored = {"k/a.pdf": b"%PDF-1.7 complaint", "k/b.pdf": b"%PDF-1.7 judgment"}
    manifest = [_item("a.pdf", stored["k/a.pdf"]), _item("b.pdf", stored["k/b.pdf"])]
    digest = rules.manifest_sha256(manifest)
    assert rules.verify_manifest(manifest, digest, stored.get).intact
    tampered = dict(stored, **{"k/b.pdf": b"%PDF-1.7 judgmenT"})
    result = rules.verify_manifest(manifest, digest, tampered.get)
    assert not result.intact and [m["name"] for m in result.mismatched] == ["b.pdf"]
    gone = rules.verify_manifest(manifest, digest, {"k/a.pdf": stored["k/a.pdf"]}.get)
    assert not gone.intact and [m["name"] for m in gone.missing] == ["b.pdf"]
    edited = [dict(manifest[0], sha256="0" * 64), manifest[1]]
    assert not rules.verify_manifest(
        edited, digest, stored.get
    ).manifest_intact  # the manifest itself changed
