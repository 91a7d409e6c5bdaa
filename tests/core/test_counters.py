"""Gapless counters hold under concurrent writers on both engines."""

import asyncio

import pytest

from court.counters import next_value, peek
from court.db import write_transaction


async def test_concurrent_takers_get_distinct_gapless_values(runtime: object) -> None:
    async def take() -> int:
        async with write_transaction():
            return await next_value("case:浙0106:民初:2026")

    values = await asyncio.gather(*(take() for _ in range(40)))
    assert sorted(values) == list(range(1, 41))


async def test_a_rolled_back_transaction_gives_its_value_back(runtime: object) -> None:
    async with write_transaction():
        assert await next_value("s") == 1
    with pytest.raises(RuntimeError):
        async with write_transaction():
            assert await next_value("s") == 2
            raise RuntimeError("registration failed after numbering")
    async with write_transaction():
        assert await next_value("s") == 2
    assert await peek("s") == 2


async def test_next_value_refuses_to_run_outside_a_transaction(runtime: object) -> None:
    with pytest.raises(RuntimeError):
        await next_value("s")
