"""The app's jurisdiction engine reads the reference tables, the one source the rest of the app reads; the seed files
only fill those tables (and serve the database-less command line)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from court.reference.tables import Court
from court.routing.directory import CourtDirectory
from court.routing.reference import court_directory, decide, forget

REQUEST = {
    "cause": "机动车交通事故责任纠纷",
    "parties": [
        {"role": "plaintiff", "kind": "person", "address": "浙江省杭州市西湖区文三路1号"},
        {"role": "defendant", "kind": "person", "address": "浙江省绍兴市越城区解放北路65号"},
    ],
    "amount": "42000",
}


@pytest.fixture(autouse=True)
def fresh_directory() -> Iterator[None]:
    # The directory is kept per process: each test here starts from its own database and leaves none behind.
    forget()
    yield
    forget()


async def test_the_tables_give_the_directory_the_seed_files_give(seeded: Any) -> None:
    tables, files = await court_directory(), CourtDirectory.from_seeds()
    assert tables.divisions == files.divisions
    assert tables.courts == files.courts
    assert tables.causes == files.causes
    assert (
        tables._by_name == files._by_name
    )  # the same court wins a shared name: the tables keep the seed order


async def test_routing_follows_the_tables(seeded: Any) -> None:
    before = await decide(REQUEST)
    assert [c["code"] for c in before["courts"]] == ["浙0602"]
    await Court.update({Court.name: "绍兴市越城区人民法院（测试）"}).where(Court.code == "浙0602")
    forget()
    after = await decide(REQUEST)
    assert [c["name"] for c in after["courts"]] == ["绍兴市越城区人民法院（测试）"]


async def test_unseeded_tables_are_not_kept(runtime: Any) -> None:
    directory = await court_directory()
    assert (
        not directory.divisions and "浙0602" not in directory.courts
    )  # only the internet courts routing adds
    from court.routing import reference

    assert reference._directory is None
