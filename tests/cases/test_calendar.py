"""Hearing calendar: no double booking of rooms, judges or agents; half-open intervals; online rooms apart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from court.cases.calendar import ConflictKind, Courtroom, Hearing, RoomKind, find_conflicts
from court.errors import InvalidInput

T0 = datetime(2025, 6, 3, 1, 0, tzinfo=UTC)  # 09:00 in Asia/Shanghai
ROOM_1 = Courtroom("room-1")
ROOM_2 = Courtroom("room-2")
ONLINE_1 = Courtroom("room-1", RoomKind.ONLINE)


def hearing(
    hid: str,
    start_h: float,
    end_h: float,
    room: Courtroom = ROOM_1,
    judges: set[str] | None = None,
    agents: set[str] | None = None,
) -> Hearing:
    return Hearing(
        hearing_id=hid,
        case_id=f"case-{hid}",
        room=room,
        starts_at=T0 + timedelta(hours=start_h),
        ends_at=T0 + timedelta(hours=end_h),
        judges=frozenset(judges if judges is not None else {f"judge-{hid}"}),
        agents=frozenset(agents or set()),
    )


BOOKED = hearing("booked", 0, 2, ROOM_1, {"judge-wang"}, {"lawyer-li"})


@pytest.mark.parametrize(
    ("new", "kinds"),
    [
        pytest.param(hearing("n", 1, 3, ROOM_1), [ConflictKind.ROOM], id="same-room-overlap"),
        pytest.param(hearing("n", 2, 3, ROOM_1), [], id="half-open-back-to-back"),
        pytest.param(hearing("n", -1, 0, ROOM_1), [], id="half-open-ends-as-booked-starts"),
        pytest.param(hearing("n", 1, 3, ROOM_2), [], id="other-room"),
        pytest.param(hearing("n", 1, 3, ROOM_2, {"judge-wang"}), [ConflictKind.JUDGE], id="same-judge-other-room"),
        pytest.param(hearing("n", 1, 3, ROOM_2, None, {"lawyer-li"}), [ConflictKind.AGENT], id="same-agent"),
        pytest.param(hearing("n", 1, 3, ONLINE_1), [], id="online-room-never-clashes-with-physical"),
        pytest.param(hearing("n", 1, 3, ONLINE_1, {"judge-wang"}, {"lawyer-li"}),
                     [ConflictKind.JUDGE, ConflictKind.AGENT], id="online-hearing-still-needs-the-judge-and-agent"),
        pytest.param(hearing("n", 0.5, 1, ROOM_1, {"judge-wang"}, {"lawyer-li"}),
                     [ConflictKind.ROOM, ConflictKind.JUDGE, ConflictKind.AGENT], id="everything-clashes"),
        pytest.param(hearing("booked", 0, 2, ROOM_1, {"judge-wang"}), [], id="rescheduling-itself-is-no-clash"),
    ],
)  # fmt: skip
def test_conflicts(new: Hearing, kinds: list[ConflictKind]) -> None:
    assert [c.kind for c in find_conflicts(new, [BOOKED])] == kinds


def test_two_online_hearings_in_the_same_virtual_room_clash() -> None:
    first = hearing("a", 0, 2, ONLINE_1)
    conflicts = find_conflicts(hearing("b", 1, 3, ONLINE_1), [first])
    assert [(c.kind, c.resource, c.other_hearing_id) for c in conflicts] == [
        (ConflictKind.ROOM, "room-1", "a")
    ]
    assert conflicts[0].overlap_start == T0 + timedelta(hours=1)
    assert conflicts[0].overlap_end == T0 + timedelta(hours=2)


def test_invalid_hearings_are_refused() -> None:
    with pytest.raises(InvalidInput):
        hearing("x", 2, 2)
    with pytest.raises(InvalidInput):
        Hearing("x", "c", ROOM_1, datetime(2025, 6, 3, 9), datetime(2025, 6, 3, 10), frozenset({"j"}))


slots = st.tuples(st.integers(0, 20), st.integers(1, 6))
rooms = st.sampled_from([ROOM_1, ROOM_2, ONLINE_1])
people = st.sets(st.sampled_from(["p1", "p2", "p3"]), max_size=2)


@given(slots, slots, rooms, rooms, people, people, people, people)
def test_clashes_are_symmetric_and_need_an_overlap(
    a: tuple[int, int], b: tuple[int, int], ra: Courtroom, rb: Courtroom,
    ja: set[str], jb: set[str], aa: set[str], ab: set[str],
) -> None:  # fmt: skip
    x = hearing("x", a[0], a[0] + a[1], ra, ja, aa)
    y = hearing("y", b[0], b[0] + b[1], rb, jb, ab)
    forward, backward = find_conflicts(x, [y]), find_conflicts(y, [x])
    assert sorted((c.kind, c.resource) for c in forward) == sorted((c.kind, c.resource) for c in backward)
    overlap = x.starts_at < y.ends_at and y.starts_at < x.ends_at
    shares = ra == rb or bool(ja & jb) or bool(aa & ab)
    assert bool(forward) == (overlap and shares)
