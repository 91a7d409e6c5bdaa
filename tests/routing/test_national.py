"""The national court directory and the internet courts of Beijing and Guangzhou."""

from __future__ import annotations

import pytest

from court.routing.directory import CourtDirectory
from court.routing.national import national_directory
from court.routing.rules import decide_json


def test_every_high_court_and_every_citys_intermediate_court_is_listed(directory: CourtDirectory) -> None:
    entries = national_directory(directory)
    high = [e for e in entries if e.level == "high"]
    assert len(high) == 31 and {e.code for e in high} >= {"京", "沪", "浙", "内", "新"}
    codes = {e.code: e for e in entries if e.code}
    # 法〔2015〕137号: abbreviation + the city's adcode digits; municipalities numbered in order.
    assert codes["苏05"].name == "江苏省苏州市中级人民法院"
    assert codes["沪03"].name == "上海市第三中级人民法院" and codes["渝05"].name == "重庆市第五中级人民法院"
    assert codes["浙11"].source == "seeds/data/courts.json"
    cities = [
        d
        for d in directory.divisions.values()
        if d.level == "city"
        and d.status == "current"
        and not d.name.startswith("省直辖")
        and d.parent not in {"110000", "120000", "310000", "500000"}
    ]
    intermediate = {e.name for e in entries if e.level == "intermediate" and e.kind == "general"}
    assert len(intermediate) >= len(cities)
    assert all(e.source for e in entries)


def test_specialised_courts_are_listed_with_or_without_a_code(directory: CourtDirectory) -> None:
    entries = {e.name: e for e in national_directory(directory)}
    assert entries["宁波海事法院"].code == "浙72"
    assert entries["上海海事法院"].code is None and entries["上海海事法院"].probable_code == "沪72"
    assert entries["北京互联网法院"].code == "京0491"
    assert {"上海金融法院", "北京金融法院", "成渝金融法院", "北京知识产权法院", "南京海事法院"} <= set(
        entries
    )
    assert sum(1 for e in entries.values() if e.kind == "maritime") == 11


@pytest.mark.parametrize(
    ("plaintiff", "defendant", "court"),
    [
        pytest.param(
            "北京市海淀区中关村大街1号",
            "北京市朝阳区建国路1号",
            "京0491",
            id="北京互联网法院-法释2018-16-Art2",
        ),
        pytest.param(
            "广州市越秀区中山路1号", "广州市天河区天河路1号", "粤0192", id="广州互联网法院-法释2018-16-Art2"
        ),
    ],
)
def test_online_shopping_disputes_concentrate_in_the_citys_internet_court(
    plaintiff: str, defendant: str, court: str, directory: CourtDirectory
) -> None:
    request = {"cause": "网络购物合同纠纷", "online": True, "amount": "3000", "filing_date": "2025-06-01",
               "parties": [{"role": "plaintiff", "kind": "person", "address": plaintiff},
                           {"role": "defendant", "kind": "organisation", "address": defendant}]}  # fmt: skip
    decision = decide_json(request, directory)
    assert [c["code"] for c in decision["courts"]] == [court], decision
