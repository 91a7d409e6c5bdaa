"""Address resolution: full, short, partial and old names to a county-level division and its basic court."""

from __future__ import annotations

import pytest

from court.routing.directory import CourtDirectory

ADDRESSES = [
    # (address, expected division, expected basic court) — division codes from the NBS table, court codes
    # from the SPC rule (province abbreviation + adcode digits 3-6) and the seeds' merges.
    ("浙江省杭州市西湖区文三路90号", "330106", "浙0106"),
    ("杭州西湖", "330106", "浙0106"),
    ("西湖区文三路", "330106", "浙0106"),
    ("  浙江 杭州 滨江区 网商路 ", "330108", "浙0108"),
    ("住所地：中国浙江省义乌市稠城街道", "330782", "浙0782"),
    ("杭州市下城区武林街道", "330103", "浙0105"),
    ("杭州市江干区凯旋街道", "330104", "浙0102"),
    (
        "临安市锦城街道",
        "330185",
        "浙0185",
    ),  # the old name: 临安市 (abolished 2017), whose court is now 临安区's
    ("杭州临安锦城街道", "330112", "浙0185"),  # the short name is shared; the current 临安区 is preferred
    ("温州市龙港市", "330383", "浙0327"),
    ("舟山普陀", "330903", "浙0903"),
    ("普陀区", "330903", "浙0903"),  # ambiguous (上海市普陀区): read in the home province
    ("上海市普陀区", "310107", "沪0107"),
    ("宁波江北", "330205", "浙0205"),
    ("重庆市江北区", "500105", "渝0105"),
    ("江苏省苏州市吴中区木渎镇", "320506", "苏0506"),
    ("浙江省杭州市文三路西湖区", "330106", "浙0106"),
]


@pytest.mark.parametrize(("text", "division", "court"), ADDRESSES, ids=[a[0].strip() for a in ADDRESSES])
def test_address_resolves_to_county_and_court(
    text: str, division: str, court: str, directory: CourtDirectory
) -> None:
    resolved = directory.resolver.resolve(text)
    assert resolved.precision == "county"
    assert resolved.division is not None and resolved.division.code == division
    assert directory.basic_court(division).code == court


def test_ambiguous_and_old_names_say_what_was_assumed(directory: CourtDirectory) -> None:
    assert any("ambiguous" in a for a in directory.resolver.resolve("普陀区").assumptions)
    assert any("no longer exists" in a for a in directory.resolver.resolve("杭州市江干区").assumptions)
    assert directory.resolver.resolve("浙江省杭州市西湖区").assumptions == ()


@pytest.mark.parametrize(
    ("text", "precision"), [("杭州市", "city"), ("浙江省", "province"), ("文三路90号", "none"), ("", "none")]
)
def test_partial_addresses_report_their_precision(
    text: str, precision: str, directory: CourtDirectory
) -> None:
    assert directory.resolver.resolve(text).precision == precision


def test_resolver_caches_seen_addresses(directory: CourtDirectory) -> None:
    first = directory.resolver.resolve("宁波市鄞州区首南街道")
    assert directory.resolver.resolve("宁波市鄞州区首南街道") is first
