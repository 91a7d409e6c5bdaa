"""Checks of the reference data in seeds/data: Zhejiang courts, divisions and the SPC civil cause catalogue."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from seeds.reference import (
    PROVINCE_ABBREVIATIONS,
    Cause,
    Court,
    Division,
    derived_basic_court,
    load_causes,
    load_courts,
    load_divisions,
)
from testkit.shared_corpus import CORPUS  # noqa: E402

CJRC = CORPUS / "real" / "cjrc_civil.jsonl"
# Courts whose codes have no division behind them (domain rules §1.2: x191/x192/x291 zone and internet
# courts, 86xx railway courts).
SPECIAL_KINDS = {"internet", "maritime", "railway", "development_zone", "financial", "ip"}


@pytest.fixture(scope="module")
def divisions() -> dict[str, Division]:
    return {d.code: d for d in load_divisions()}


@pytest.fixture(scope="module")
def courts() -> dict[str, Court]:
    return {c.code: c for c in load_courts()}


@pytest.fixture(scope="module")
def causes() -> dict[str, Cause]:
    return {c.code: c for c in load_causes()}


def zhejiang(courts: dict[str, Court]) -> list[Court]:
    return [c for c in courts.values() if c.code.startswith("浙")]


# --- divisions -------------------------------------------------------------------------------------------------


def test_division_codes_are_unique_six_digit_adcodes() -> None:
    codes = [d.code for d in load_divisions()]
    assert len(codes) == len(set(codes))
    assert all(len(c) == 6 and c.isdigit() for c in codes)


def test_every_division_parent_and_successor_exists(divisions: dict[str, Division]) -> None:
    for d in divisions.values():
        if d.level == "province":
            assert d.parent is None, d
        else:
            assert d.parent in divisions, d
            assert divisions[d.parent].level == ("province" if d.level == "city" else "city"), d
        if d.successor is not None:
            assert d.status == "abolished" and divisions[d.successor].status == "current", d


def test_all_31_provinces_have_an_abbreviation(divisions: dict[str, Division]) -> None:
    provinces = {d.code[:2] for d in divisions.values() if d.level == "province"}
    assert provinces == set(PROVINCE_ABBREVIATIONS)
    assert len(set(PROVINCE_ABBREVIATIONS.values())) == 31


def test_zhejiang_has_11_cities_and_90_current_counties(divisions: dict[str, Division]) -> None:
    zj = [d for d in divisions.values() if d.code.startswith("33")]
    assert sum(d.level == "city" for d in zj) == 11
    # 37 districts + 20 county-level cities + 33 counties (incl. 景宁 autonomous county) after 龙港 (2019) and the
    # 2021 Hangzhou redistricting.
    assert sum(d.level == "county" and d.status == "current" for d in zj) == 90


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("330103", "330105"),  # 下城 -> 拱墅, 2021
        ("330104", "330102"),  # 江干 -> 上城, 2021
        ("330185", "330112"),  # 临安市 -> 临安区, 2017
        ("331021", "331083"),  # 玉环县 -> 玉环市, 2017
        ("330183", "330111"),  # 富阳市 -> 富阳区, 2014
        ("330283", "330213"),  # 奉化市 -> 奉化区, 2016
        ("330621", "330603"),  # 绍兴县 -> 柯桥区, 2013
        ("330682", "330604"),  # 上虞市 -> 上虞区, 2013
        ("330322", "330305"),  # 洞头县 -> 洞头区, 2015
    ],
)
def test_abolished_zhejiang_division_points_to_successor(
    divisions: dict[str, Division], old: str, new: str
) -> None:
    assert divisions[old].status == "abolished"
    assert divisions[old].successor == new


@pytest.mark.parametrize("code", ["330113", "330114", "330383", "330112", "331083"])
def test_new_zhejiang_divisions_are_current(divisions: dict[str, Division], code: str) -> None:
    assert divisions[code].status == "current"


def test_short_names_drop_the_suffix(divisions: dict[str, Division]) -> None:
    assert "西湖" in divisions["330106"].short_names
    assert "杭州" in divisions["330100"].short_names
    assert "景宁" in divisions["331127"].short_names
    assert divisions["330106"].full_name == "浙江省杭州市西湖区"


# --- courts ----------------------------------------------------------------------------------------------------


def test_zhejiang_court_counts(courts: dict[str, Court]) -> None:
    zj = zhejiang(courts)
    levels = Counter(c.level for c in zj)
    assert levels["high"] == 1
    assert sum(c.level == "intermediate" and c.kind == "general" for c in zj) == 11
    assert courts["浙72"].kind == "maritime" and courts["浙72"].parent == "浙"
    # 93 in the SPC 2018 snapshot (domain rules §1.4) plus 临平 浙0113 and 钱塘 浙0114 created in 2021.
    assert levels["basic"] == 95


def test_court_codes_unique() -> None:
    codes = [c.code for c in load_courts()]
    assert len(codes) == len(set(codes))


def test_every_court_parent_exists_one_level_up(courts: dict[str, Court]) -> None:
    above = {"intermediate": "high", "basic": "intermediate"}
    for c in courts.values():
        if c.level == "high":
            assert c.parent is None
        else:
            assert c.parent in courts, c
            assert courts[c.parent].level == above[c.level], c


def test_court_divisions_and_seats_exist(courts: dict[str, Court], divisions: dict[str, Division]) -> None:
    for c in courts.values():
        assert c.seat_division in divisions, c
        assert all(d in divisions for d in c.divisions), c
        if c.kind in SPECIAL_KINDS:
            assert c.divisions == (), c


def test_general_basic_court_code_matches_one_of_its_divisions(courts: dict[str, Court]) -> None:
    # Domain rules §1.2: a basic court's four digits are digits 3-6 of its county's adcode (as of 2016).
    for c in zhejiang(courts):
        if c.level == "basic" and c.kind == "general":
            assert any(d[2:6] == c.code[1:] for d in c.divisions), c


def test_intermediate_court_code_matches_its_city(courts: dict[str, Court]) -> None:
    for c in zhejiang(courts):
        if c.level == "intermediate" and c.kind == "general":
            assert c.divisions == ("33" + c.code[1:] + "00",), c


def test_every_current_zhejiang_county_has_exactly_one_active_basic_court(
    courts: dict[str, Court], divisions: dict[str, Division]
) -> None:
    cover = Counter(d for c in zhejiang(courts) if c.level == "basic" and c.active for d in c.divisions)
    current = [
        d.code
        for d in divisions.values()
        if d.code.startswith("33") and d.level == "county" and d.status == "current"
    ]
    assert {code: cover[code] for code in current} == {code: 1 for code in current}


def test_every_division_a_court_covers_lies_in_its_intermediate_courts_city(courts: dict[str, Court]) -> None:
    for c in zhejiang(courts):
        if c.level == "basic" and c.kind == "general" and c.parent is not None:
            assert all(d[:4] == "33" + c.parent[1:] for d in c.divisions), c


@pytest.mark.parametrize(
    ("code", "name", "kind"),
    [
        ("浙", "浙江省高级人民法院", "general"),
        ("浙01", "浙江省杭州市中级人民法院", "general"),
        ("浙0106", "杭州市西湖区人民法院", "general"),
        ("浙0782", "义乌市人民法院", "general"),
        ("浙1127", "景宁畲族自治县人民法院", "general"),
        ("浙0113", "杭州市临平区人民法院", "general"),
        ("浙0114", "杭州市钱塘区人民法院", "general"),
        ("浙0192", "杭州互联网法院", "internet"),
        ("浙8601", "杭州铁路运输法院", "railway"),
        ("浙0191", "杭州经济技术开发区人民法院", "development_zone"),
        ("浙0291", "宁波高新技术产业开发区人民法院", "development_zone"),
        ("浙72", "宁波海事法院", "maritime"),
    ],
)
def test_named_zhejiang_courts(courts: dict[str, Court], code: str, name: str, kind: str) -> None:
    assert courts[code].name == name
    assert courts[code].kind == kind


def test_intermediate_court_keeps_the_short_official_name_as_alias(courts: dict[str, Court]) -> None:
    assert "杭州市中级人民法院" in courts["浙01"].aliases


def test_merged_hangzhou_courts_are_inactive_and_their_areas_covered(courts: dict[str, Court]) -> None:
    assert not courts["浙0103"].active and not courts["浙0104"].active
    assert "330103" in courts["浙0105"].divisions
    assert "330104" in courts["浙0102"].divisions


def test_court_names_and_aliases_do_not_collide(courts: dict[str, Court]) -> None:
    names = Counter(n for c in zhejiang(courts) for n in {c.name, *c.aliases})
    assert [n for n, k in names.items() if k > 1] == []


def test_derived_basic_court_outside_zhejiang(divisions: dict[str, Division]) -> None:
    court = derived_basic_court(divisions["320506"], "苏")
    assert court.code == "苏0506"
    assert court.name == "苏州市吴中区人民法院"
    assert court.kind == "general" and court.note == "derived from the division code"
    assert court.parent == "苏05"


def test_derived_basic_court_rejects_wrong_province(divisions: dict[str, Division]) -> None:
    with pytest.raises(ValueError):
        derived_basic_court(divisions["320506"], "浙")


def test_derived_court_codes_agree_with_the_zhejiang_table(
    courts: dict[str, Court], divisions: dict[str, Division]
) -> None:
    # The derivation rule must reproduce the curated table wherever a county has its own court.
    for c in zhejiang(courts):
        if c.level == "basic" and c.kind == "general" and c.active:
            own = "33" + c.code[1:]
            if divisions[own].status == "current":
                assert derived_basic_court(divisions[own], "浙").code == c.code


# --- causes of action ------------------------------------------------------------------------------------------


def test_cause_codes_unique_and_parents_exist(causes: dict[str, Cause]) -> None:
    assert len(causes) == len(load_causes())
    for c in causes.values():
        if c.level == 1:
            assert c.parent is None, c
        else:
            assert c.parent in causes and causes[c.parent].level == c.level - 1, c


def test_cause_level_counts() -> None:
    counts = Counter(c.level for c in load_causes())
    print("cause level counts:", dict(sorted(counts.items())))
    assert counts[1] == 11
    # Official figures (SPC commentary, unverified): 54 sections, 473 causes, 391 sub-causes.
    assert 50 <= counts[2] <= 60
    assert counts[3] >= 400


def test_level_three_numbers_run_without_gaps() -> None:
    numbers = sorted(int(c.code) for c in load_causes() if c.level == 3)
    assert numbers == list(range(1, len(numbers) + 1))


@pytest.mark.parametrize(
    "name",
    [
        "民间借贷纠纷",
        "金融借款合同纠纷",
        "信用卡纠纷",
        "买卖合同纠纷",
        "机动车交通事故责任纠纷",
        "离婚纠纷",
        "劳动合同纠纷",
        "追索劳动报酬纠纷",
        "物业服务合同纠纷",
        "房屋租赁合同纠纷",
        "建设工程施工合同纠纷",
        "信息网络买卖合同纠纷",
        "生命权、身体权、健康权纠纷",
        "中介合同纠纷",
        "合伙合同纠纷",
    ],
)
def test_key_causes_present(causes: dict[str, Cause], name: str) -> None:
    assert name in {c.name for c in causes.values()}


def test_maritime_is_a_top_level_part(causes: dict[str, Cause]) -> None:
    assert any(c.name == "海事海商纠纷" and c.level <= 2 for c in causes.values())


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("生命权、健康权、身体权纠纷", "生命权、身体权、健康权纠纷"),
        ("居间合同纠纷", "中介合同纠纷"),
        ("合伙协议纠纷", "合伙合同纠纷"),
        ("网络购物合同纠纷", "信息网络买卖合同纠纷"),
    ],
)
def test_2011_names_are_aliases_of_2020_names(causes: dict[str, Cause], old: str, new: str) -> None:
    [cause] = [c for c in causes.values() if c.name == new]
    assert old in cause.aliases


def test_cjrc_2011_cause_names_map_to_a_cause(causes: dict[str, Cause]) -> None:
    if not CJRC.exists():
        pytest.skip("shared corpus not present")
    known = {n for c in causes.values() for n in (c.name, *c.aliases)}
    seen = set()
    for line in CJRC.read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)["gold"]
        name = gold.get("cause_of_action") if isinstance(gold, dict) else None
        if name:
            seen.add(name)
    assert seen, "no cause names read from the corpus"
    assert sorted(seen - known) == []
