"""Build seeds/data/divisions.json from the data files of PyPI jionlp and cpca (run by hand, never at install).

Usage (scratch venv, not the project venv):
    python3 -m venv /tmp/seedvenv && /tmp/seedvenv/bin/pip install jionlp==1.5.31 cpca==0.5.5
    /tmp/seedvenv/bin/python seeds/build_divisions.py seeds/data/divisions.json

Sources:
- jionlp 1.5.31 (Apache-2.0): dictionary/china_location.zip — current province/city/county names, adcodes and
  short names; dictionary/china_location_change.txt — dated division changes (old name => new name).
- cpca 0.5.5 (MIT): resources/adcodes.csv — an older adcode table (about 2016), the source of abolished codes.
- ZHEJIANG_HISTORY below: hand-curated Zhejiang changes (codes whose court codes still appear in case numbers
  or in older resident ID numbers); it overrides the two packages where they disagree.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import zipfile
from importlib import resources
from typing import Any

# Hong Kong, Macao and Taiwan have no people's courts: left out.
EXCLUDED_PROVINCES = {"71", "81", "82"}
MUNICIPALITIES = {"11", "12", "31", "50"}

# code: (name, successor, note) — Zhejiang divisions abolished or renamed. Dates from the Ministry of Civil
# Affairs approvals as reported in jionlp's change file and our own knowledge (see seeds/README.md).
ZHEJIANG_HISTORY: dict[str, tuple[str, str, str]] = {
    "330103": (
        "下城区",
        "330105",
        "merged into 拱墅区 330105 in 2021 (Hangzhou redistricting, approved 2021-03)",
    ),
    "330104": (
        "江干区",
        "330102",
        "abolished 2021: most of it went to 上城区 330102; 下沙 and 白杨 streets went to the new 钱塘区 330114",
    ),
    "330185": ("临安市", "330112", "county-level city became 临安区 330112 in 2017"),
    "330183": ("富阳市", "330111", "county-level city became 富阳区 330111 in 2014"),
    "330181": ("萧山市", "330109", "county-level city became 萧山区 330109 in 2001"),
    "330184": ("余杭市", "330110", "county-level city became 余杭区 330110 in 2001"),
    "330204": ("江东区", "330212", "merged into 鄞州区 330212 in 2016 (Ningbo redistricting)"),
    "330227": ("鄞县", "330212", "county became 鄞州区 330212 in 2002"),
    "330283": ("奉化市", "330213", "county-level city became 奉化区 330213 in 2016"),
    "330322": ("洞头县", "330305", "county became 洞头区 330305 in 2015"),
    "330621": ("绍兴县", "330603", "county became 柯桥区 330603 in 2013"),
    "330682": ("上虞市", "330604", "county-level city became 上虞区 330604 in 2013"),
    "330721": ("金华县", "330703", "county abolished in 2000; most of it formed 金东区 330703"),
    "330821": ("衢县", "330803", "county became 衢江区 330803 in 2001"),
    "331021": ("玉环县", "331083", "county became the county-level city 玉环市 331083 in 2017"),
}

# Notes on current Zhejiang divisions created or changed recently.
ZHEJIANG_NOTES: dict[str, str] = {
    "330102": "enlarged 2021 by most of the abolished 江干区 330104",
    "330105": "enlarged 2021 by the abolished 下城区 330103",
    "330110": "split 2021: its eastern part became 临平区 330113; 余杭区 kept code 330110",
    "330112": "was 临安市 330185 until 2017",
    "330113": "created 2021 from the eastern part of 余杭区 330110",
    "330114": "created 2021 from parts of 江干区 330104 (下沙) and 萧山区 330109 (大江东)",
    "330213": "was 奉化市 330283 until 2016",
    "330305": "was 洞头县 330322 until 2015",
    "330383": "created 2019 from 龙港镇 of 苍南县 330327",
    "330603": "was 绍兴县 330621 until 2013",
    "330604": "was 上虞市 330682 until 2013",
    "331083": "was 玉环县 331021 until 2017",
}

SUFFIXES = (
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "自治县",
    "地区",
    "省",
    "市",
    "区",
    "县",
    "盟",
    "旗",
)


def strip_suffix(name: str) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def read_jionlp() -> list[dict[str, Any]]:
    pkg = resources.files("jionlp") / "dictionary"
    with zipfile.ZipFile(io.BytesIO((pkg / "china_location.zip").read_bytes())) as archive:
        text = archive.read("china_location.txt").decode("utf-8")
    rows: list[dict[str, Any]] = []
    province: dict[str, Any] | None = None
    city: dict[str, Any] | None = None
    for line in text.splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        if depth > 2:
            continue
        parts = line.strip("\t").split("\t")
        if len(parts) < 3:
            continue
        name, code, short = parts[0], parts[1], parts[2]
        if code[:2] in EXCLUDED_PROVINCES:
            continue
        # NBS "functional areas" (development zones, x7x codes) are statistical units, not divisions.
        if depth == 2 and code[4] == "7":
            continue
        # Cities without counties (东莞, 中山, 儋州, 嘉峪关) repeat themselves one level down.
        if depth == 2 and city is not None and code == city["code"]:
            continue
        shorts = [] if name.startswith("省直辖") else short.split("/")
        if depth == 0:
            province = row(code, name, name, "province", None, shorts)
            rows.append(province)
        elif depth == 1:
            assert province is not None
            if code[:2] in MUNICIPALITIES:
                # A municipality's city level mirrors the province; NBS files its districts under XX0100.
                city = row(code[:2] + "0100", name, name, "city", province["code"], shorts)
                city["note"] = "municipality: the city level mirrors the province"
            else:
                full = province["name"] + ("" if name.startswith("省直辖") else name)
                city = row(code, name, full, "city", province["code"], shorts)
            rows.append(city)
        else:
            assert province is not None and city is not None
            prefix = province["name"] if city["name"].startswith("省直辖") else city["full_name"]
            if code[:2] in MUNICIPALITIES:
                prefix = province["name"]
            rows.append(row(code, name, prefix + name, "county", city["code"], shorts))
    return rows


def row(code: str, name: str, full: str, level: str, parent: str | None, shorts: list[str]) -> dict[str, Any]:
    # jionlp's short names are curated (河北区 keeps its suffix, 景宁畲族自治县 -> 景宁); derive only when absent.
    candidates = shorts if shorts else [strip_suffix(name)]
    short_names = [s for s in dict.fromkeys(candidates) if s and s != name]
    return {
        "code": code,
        "name": name,
        "full_name": full,
        "level": level,
        "parent": parent,
        "short_names": short_names,
        "status": "current",
        "successor": None,
    }


def read_changes() -> dict[tuple[str, str, str], tuple[str, str]]:
    """(province, city, old county) -> (new city, new county) from jionlp's dated change file."""
    text = (resources.files("jionlp") / "dictionary" / "china_location_change.txt").read_text("utf-8")
    changes: dict[tuple[str, str, str], tuple[str, str]] = {}
    for line in text.splitlines():
        old, _, new = line.partition("=>")
        o, n = old.split("\t"), new.split("\t")
        if len(o) >= 7 and len(n) >= 3:
            changes[(o[2], o[4], o[6])] = (n[1], n[2])
    return changes


def abolished_from_cpca(current: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    changes = read_changes()
    by_name = {(r["parent"], r["name"]): r["code"] for r in current.values()}
    city_by_name = {r["name"]: r["code"] for r in current.values() if r["level"] == "city"}
    text = (resources.files("cpca") / "resources" / "adcodes.csv").read_text("utf-8")
    out: list[dict[str, Any]] = []
    for rec in csv.DictReader(io.StringIO(text)):
        code, name = rec["adcode"][:6], rec["name"]
        if code in current or code[:2] in EXCLUDED_PROVINCES or code[4:] in ("00", "01") or code[4] == "7":
            continue
        if code[:2] in MUNICIPALITIES:
            parent = code[:2] + "0100"
        else:
            parent = code[:4] + "00"
        if parent not in current:
            continue
        province, city = current[code[:2] + "0000"], current[parent]
        new = changes.get((province["name"], city["name"], name))
        successor = None
        if new is not None:
            new_city = city_by_name.get(new[0], parent)
            successor = by_name.get((new_city, new[1]))
        prefix = province["name"] if code[:2] in MUNICIPALITIES else city["full_name"]
        item = row(code, name, prefix + name, "county", parent, [])
        item["status"] = "abolished"
        item["successor"] = successor
        item["note"] = "in the cpca adcode table, not in jionlp's current table"
        out.append(item)
    return out


def zhejiang_history(current: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for code, (name, successor, note) in ZHEJIANG_HISTORY.items():
        city = current[code[:4] + "00"]
        item = row(code, name, city["full_name"] + name, "county", city["code"], [])
        item.update(status="abolished", successor=successor, note=note)
        out.append(item)
    return out


def build() -> list[dict[str, Any]]:
    rows = read_jionlp()
    current = {r["code"]: r for r in rows}
    for code, note in ZHEJIANG_NOTES.items():
        current[code]["note"] = note
    abolished = {r["code"]: r for r in abolished_from_cpca(current)}
    abolished.update({r["code"]: r for r in zhejiang_history(current)})
    city_shorts = {s for r in rows if r["level"] != "county" for s in r["short_names"]}
    for item in abolished.values():
        # 绍兴县 -> 绍兴 would shadow the city of 绍兴; 临安市 -> 临安 is the same place as 临安区 and stays.
        item["short_names"] = [s for s in item["short_names"] if s not in city_shorts]
    rows.extend(abolished.values())
    # The short name of an abolished county must not shadow a current one (e.g. 临安市 vs 临安区 share 临安):
    # keep it, but the resolver prefers status "current".
    return sorted(rows, key=lambda r: (r["code"], r["status"]))


def dump(rows: list[dict[str, Any]]) -> str:
    """One row per line, so a change to one division is a one-line diff."""
    return "[\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n]\n"


if __name__ == "__main__":
    # A path argument, not stdout: importing jionlp prints a banner to stdout.
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        out.write(dump(build()))
