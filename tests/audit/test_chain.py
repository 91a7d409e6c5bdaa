"""The audit chain detects an altered, deleted or reordered event and names it."""

from court.audit.chain import Actor, record, verify
from court.audit.tables import AuditEvent

ACTOR = Actor(user_id=7, role="clerk", court_code="浙0106")


async def _three_events() -> None:
    for i in range(3):
        await record(
            ACTOR, "filing.reviewed", subject_type="filing", subject_id=i, detail={"n": i, "名": "张三"}
        )


async def test_an_untouched_chain_verifies(runtime: object) -> None:
    await _three_events()
    await record(Actor.system(), "blobs.swept")
    assert await verify() == []
    rows = await AuditEvent.select(AuditEvent.chain, AuditEvent.seq).order_by(AuditEvent.id)
    assert [(r["chain"], r["seq"]) for r in rows] == [
        ("浙0106", 1),
        ("浙0106", 2),
        ("浙0106", 3),
        ("system", 1),
    ]


async def test_an_altered_event_is_named(runtime: object) -> None:
    await _three_events()
    await AuditEvent.update({AuditEvent.detail: {"n": 99}}).where(
        (AuditEvent.chain == "浙0106") & (AuditEvent.seq == 2)
    )
    problems = await verify()
    assert [(p.chain, p.seq, p.problem) for p in problems] == [("浙0106", 2, "altered")]


async def test_a_deleted_event_is_named(runtime: object) -> None:
    await _three_events()
    await AuditEvent.delete().where((AuditEvent.chain == "浙0106") & (AuditEvent.seq == 2))
    problems = await verify()
    assert ("浙0106", 2, "missing") in [(p.chain, p.seq, p.problem) for p in problems]


async def test_reordered_events_are_named(runtime: object) -> None:
    await _three_events()
    # Swap the sequence numbers of events 2 and 3 (and their rows' contents stay the same).
    rows = await AuditEvent.select().where(AuditEvent.chain == "浙0106").order_by(AuditEvent.seq)
    second, third = rows[1], rows[2]
    await AuditEvent.update({AuditEvent.seq: -1}).where(AuditEvent.id == second["id"])
    await AuditEvent.update({AuditEvent.seq: 2}).where(AuditEvent.id == third["id"])
    await AuditEvent.update({AuditEvent.seq: 3}).where(AuditEvent.id == second["id"])
    problems = await verify()
    assert problems, "reordering must be detected"
    assert {p.seq for p in problems} & {2, 3}


async def test_concurrent_writers_keep_one_unbroken_chain(runtime: object) -> None:
    # Each record is its own transaction; the counter upsert serialises them, and each reads its predecessor's
    # hash only once it holds the counter row (on PostgreSQL, after the previous writer committed).
    import asyncio

    await asyncio.gather(
        *(record(ACTOR, "filing.reviewed", subject_id=i, detail={"n": i}) for i in range(12))
    )
    await record(ACTOR, "filing.reviewed", subject_id=99)
    assert await verify() == []
    rows = (
        await AuditEvent.select(AuditEvent.seq).where(AuditEvent.chain == "浙0106").order_by(AuditEvent.seq)
    )
    assert [r["seq"] for r in rows] == list(range(1, 14))
