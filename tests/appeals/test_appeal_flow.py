"""An appeal end to end through the services on both engines: filed within the period from service with its fee,
paid through the payments path, the dossier forwarded with its hashes, registered at 浙01 as 民终 with the dossier
verified, and the outcome making the first-instance judgment effective or replacing it."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from court.appeals import service as appeals
from court.appeals.tables import Appeal
from court.audit.chain import verify as verify_audit
from court.audit.replay import replay_histories
from court.cases import service as cases
from court.documents import service as documents
from court.documents.tables import CourtDocument
from court.errors import Conflict, DeadlinePassed, NotFound, PermissionDenied
from court.payments import service as payments
from court.payments.platform import SimulatedPlatform
from court.serving import flow
from tests.appeals.helpers import served_judgment
from tests.cases.test_registration import principal

GROUNDS = "原审认定事实不清，借款已部分归还。"
CLAIMS = "撤销原判，改判驳回被上诉人的诉讼请求。"


def platform(runtime: Any) -> SimulatedPlatform:
    from court.payments.platform import platform_for

    p = platform_for(runtime.settings)
    assert isinstance(p, SimulatedPlatform)
    return p


async def pay(runtime: Any, litigant: Any, case_id: int) -> None:
    sim = platform(runtime)
    order = await appeals.start_fee_payment(litigant, case_id, sim)
    result = await payments.handle_callback(
        sim, *sim.signed_callback(order["order_no"], Decimal(order["amount"]))
    )
    assert result["outcome"] == "paid"


async def filed_paid_forwarded(runtime: Any) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    today = cases.court_today()
    case, judgment = await served_judgment(runtime, today - timedelta(days=3))
    wang = await principal("litigant.wang")
    appeal = await appeals.file_appeal(
        wang,
        runtime,
        case["id"],
        grounds=GROUNDS,
        claims=CLAIMS,
        upload=b"%PDF-1.7\n% appeal statement\n",
        upload_name="上诉状.pdf",
    )
    await pay(runtime, wang, case["id"])
    forwarded = await appeals.forward(await principal("clerk.xihu"), runtime, appeal["id"])
    return case, judgment, forwarded


async def test_the_party_appeals_in_time_pays_and_the_dossier_is_registered_at_hz01_verified(
    seeded: Any,
) -> None:
    today = cases.court_today()
    case, judgment = await served_judgment(seeded, today - timedelta(days=3))
    wang = await principal("litigant.wang")
    [option] = [o for o in await appeals.appeal_options(wang, case["id"]) if o["party_name"] == "王丽华"]
    assert (
        option["open"]
        and option["last_day"] == option["served_on"] + timedelta(days=15)
        or option["last_day"] > option["served_on"]
    )
    appeal = await appeals.file_appeal(
        wang, seeded, case["id"], grounds=GROUNDS, claims=CLAIMS, amount="150000"
    )
    assert appeal["status"] == "filed" and appeal["appeal_court_code"] == "浙01"
    assert appeal["appeal_court_name"] == "浙江省杭州市中级人民法院" and appeal["court_name"].endswith(
        "西湖区人民法院"
    )
    assert appeal["fee"] == "3300.00" and appeal["fee_assessment"]["procedure"] == "second_instance"
    # Again: the same appeal, no second one, no second charge.
    again = await appeals.file_appeal(wang, seeded, case["id"], grounds=GROUNDS, claims=CLAIMS)
    assert again["id"] == appeal["id"] and await Appeal.count() == 1
    # The case's own acceptance-fee charge is untouched: the appeal's fee is a charge of its own.
    case_fee = await payments.charge_view(case["id"])
    assert case_fee is None or case_fee["amount"] == "3300.00"

    clerk = await principal("clerk.xihu")
    with pytest.raises(Conflict):
        await appeals.forward(clerk, seeded, appeal["id"])  # not before the fee is paid
    await pay(seeded, wang, case["id"])
    assert (await appeals.appeal_view(appeal["id"]))["status"] == "paid"

    hz_clerk = await principal("clerk.hz01")
    with pytest.raises(NotFound):
        await appeals.authorize_view(
            hz_clerk, appeal["id"]
        )  # not the appeal court's business before forwarding
    forwarded = await appeals.forward(clerk, seeded, appeal["id"])
    assert forwarded["status"] == "forwarded" and forwarded["manifest_sha256"]
    names = [m["name"] for m in forwarded["manifest"]]
    assert "民事判决书.pdf" in names and all(len(m["sha256"]) == 64 for m in forwarded["manifest"])
    with pytest.raises(PermissionDenied):
        await appeals.register(clerk, seeded, appeal["id"])  # 西湖 does not register a 民终 case

    registered = await appeals.register(hz_clerk, seeded, appeal["id"])
    assert registered["status"] == "registered" and registered["verification"]["intact"]
    number = registered["second_number"]
    assert number.startswith(f"（{today.year}）浙01民终") and number.endswith("号")
    second = await cases.load_case(registered["second_case"])
    assert second["procedure"] == "second_instance" and second["court_code"] == "浙01"
    assert second["judge_id"] == (await principal("judge.hz01")).user_id  # drawn by the registration path
    assert second["status"] == "assigned" and second["time_limit"]
    # Registering again returns the same case.
    assert (await appeals.register(hz_clerk, seeded, appeal["id"]))["second_case"] == registered[
        "second_case"
    ]
    # Both courts see each other: the first-instance case lists the 民终 case, the 民终 case the original one.
    [seen_first] = await appeals.appeals_of_case(case["id"])
    [seen_second] = await appeals.appeals_of_case(second["id"])
    assert seen_first["second_number"] == number and seen_second["case_number"] == case["number"]
    assert not await verify_audit() and not await replay_histories("appeal")


async def test_out_of_period_is_refused_with_the_last_day(seeded: Any) -> None:
    today = cases.court_today()
    case, _ = await served_judgment(seeded, today - timedelta(days=40))
    wang = await principal("litigant.wang")
    with pytest.raises(DeadlinePassed) as refused:
        await appeals.file_appeal(wang, seeded, case["id"], grounds=GROUNDS, claims=CLAIMS)
    assert "上诉期已于" in refused.value.params["messages"]["zh_CN"]
    assert await Appeal.count() == 0


async def test_a_ruling_has_ten_days(seeded: Any) -> None:
    today = cases.court_today()
    case, _ = await served_judgment(seeded, today - timedelta(days=12), kind="ruling")
    period = (await appeals.appeal_options(await principal("litigant.wang"), case["id"]))[0]
    assert period["last_day"] >= period["served_on"] + timedelta(days=10)
    if period["last_day"] < today:
        with pytest.raises(DeadlinePassed):
            await appeals.file_appeal(
                await principal("litigant.wang"), seeded, case["id"], grounds=GROUNDS, claims=CLAIMS
            )


async def test_a_changed_byte_in_the_dossier_is_refused_and_flagged(seeded: Any) -> None:
    _, _, forwarded = await filed_paid_forwarded(seeded)
    from court.features import referenced_blob_keys

    assert (
        forwarded["upload_key"] in await referenced_blob_keys()
    )  # the orphan sweeper keeps the appeal statement
    item = next(m for m in forwarded["manifest"] if m["source"] == "court_document")
    with seeded.blobs.open(item["blob_key"]) as fh:
        data = bytearray(fh.read())
    data[len(data) // 2] ^= 0x01
    import io

    seeded.blobs.put(item["blob_key"], io.BytesIO(bytes(data)))
    with pytest.raises(Conflict) as refused:
        await appeals.register(await principal("clerk.hz01"), seeded, forwarded["id"])
    assert "卷宗材料与移送清单不一致" in refused.value.params["messages"]["zh_CN"]
    flagged = await appeals.appeal_view(forwarded["id"])
    assert flagged["status"] == "forwarded" and flagged["second_case"] is None
    assert [m["name"] for m in flagged["verification"]["mismatched"]] == [item["name"]]


async def test_an_appealed_judgment_does_not_take_effect_when_the_period_lapses(seeded: Any) -> None:
    today = cases.court_today()
    case, judgment = await served_judgment(seeded, today - timedelta(days=3))
    await appeals.file_appeal(
        await principal("litigant.wang"), seeded, case["id"], grounds=GROUNDS, claims=CLAIMS
    )
    later = today + timedelta(days=60)
    assert (await flow.settle_due(later))["documents_effective"] == 0
    row = (
        await CourtDocument.select(CourtDocument.effective_on)
        .where(CourtDocument.id == judgment["id"])
        .first()
    )
    assert row["effective_on"] is None
    # Without an appeal the same sweep makes a judgment effective (the check can fail).
    other, unappealed = await served_judgment(seeded, today - timedelta(days=3))
    assert (await flow.settle_due(later))["documents_effective"] == 1


async def _second_instance_judgment(runtime: Any, appeal: dict[str, Any]) -> None:
    judge = await principal("judge.hz01")
    doc = await documents.create_document(judge, appeal["second_case"], "judgment")
    await documents.sign_document(judge, runtime, doc["id"], version=1)


@pytest.mark.parametrize("outcome", ["affirmed", "revised"])
async def test_the_second_instance_judgment_makes_the_first_effective_or_replaces_it(
    seeded: Any, outcome: str
) -> None:
    case, judgment, forwarded = await filed_paid_forwarded(seeded)
    registered = await appeals.register(await principal("clerk.hz01"), seeded, forwarded["id"])
    judge = await principal("judge.hz01")
    with pytest.raises(Conflict):
        await appeals.decide(judge, registered["id"], outcome)  # no signed 民终 judgment yet
    await _second_instance_judgment(seeded, registered)
    with pytest.raises(PermissionDenied):
        await appeals.decide(
            await principal("judge.xihu"), registered["id"], outcome
        )  # not the appeal's judge
    decided = await appeals.decide(judge, registered["id"], outcome)
    assert decided["status"] == "decided" and decided["outcome"] == outcome
    first = (
        await CourtDocument.select(CourtDocument.effective_on)
        .where(CourtDocument.id == judgment["id"])
        .first()
    )
    final = (
        await CourtDocument.select(CourtDocument.effective_on)
        .where(CourtDocument.id == decided["decision_document"])
        .first()
    )
    assert final["effective_on"] == cases.court_today()
    if outcome == "affirmed":
        assert first["effective_on"] == cases.court_today()  # 维持原判: effective with the final judgment
    else:
        assert first["effective_on"] is None  # 改判: replaced, never effective
    assert (await flow.settle_due(cases.court_today() + timedelta(days=90)))["documents_effective"] == 0
    with pytest.raises(Conflict):
        await appeals.decide(judge, registered["id"], outcome)
    assert not await verify_audit() and not await replay_histories("appeal")


@pytest.mark.postgres
async def test_twenty_parallel_identical_appeals_make_one(seeded: Any) -> None:
    from court.db import is_sqlite

    if is_sqlite():
        pytest.skip("the race is PostgreSQL's: SQLite serialises every writer")
    today = cases.court_today()
    case, _ = await served_judgment(seeded, today - timedelta(days=1))
    wang = await principal("litigant.wang")

    async def once() -> int:
        a = await appeals.file_appeal(wang, seeded, case["id"], grounds=GROUNDS, claims=CLAIMS)
        return int(a["id"])

    ids = await asyncio.gather(*[once() for _ in range(20)], return_exceptions=True)
    assert all(isinstance(i, int) for i in ids), ids
    assert len(set(ids)) == 1 and await Appeal.count() == 1
    from court.payments.tables import FeeCharge

    assert await FeeCharge.count().where(FeeCharge.appeal_id == ids[0]) == 1
    assert Decimal((await appeals.appeal_view(ids[0]))["fee"]) > 0
