"""Case-type codes (类型代字) of the SPC standard, as a data table.

Source: 人民法院案件类型及其代字标准, annex to 关于人民法院案件案号的若干规定 (法〔2015〕137号), amended by
法〔2018〕335号 (which added 刑教…, 民保令/民保更); class numbers as in the standard (see domain-rules.md §1.3).
"""

from __future__ import annotations

# class code -> (class name, type codes in the standard's order)
TYPE_CODE_CLASSES: dict[str, tuple[str, tuple[str, ...]]] = {
    "0100": ("jurisdiction 管辖", ("刑辖", "民辖", "民辖终", "民辖监", "行辖", "行辖终", "赔辖", "赔辖终")),
    "0200": (
        "criminal 刑事",
        (
            "刑初",
            "刑终",
            "刑监",
            "刑申",
            "刑抗",
            "刑再",
            "刑没",
            "刑核",
            "刑医",
            "刑医解",
            "刑医复",
            "刑医监",
            "刑止",
            "刑止调",
            "刑止核",
            "刑更",
            "刑更监",
            "刑更备",
            "刑教",
            "刑教解",
            "刑教复",
            "刑教监",
            "刑他",
        ),
    ),
    "0300": (
        "civil 民事",
        (
            "民初",
            "民终",
            "民监",
            "民申",
            "民抗",
            "民再",
            "民撤",
            "民特",
            "民特监",
            "民催",
            "民督",
            "民督监",
            "民保令",
            "民保更",
            "民他",
        ),
    ),
    "0400": (
        "administrative 行政",
        ("行初", "行终", "行监", "行申", "行抗", "行再", "行审", "行审复", "行他"),
    ),
    "0500": (
        "state compensation and judicial aid 国家赔偿与司法救助",
        (
            "行赔初",
            "行赔终",
            "行赔监",
            "行赔申",
            "行赔抗",
            "行赔再",
            "行赔他",
            "法赔",
            "委赔",
            "委赔监",
            "委赔提",
            "委赔再",
            "赔确监",
            "赔他",
            "司救刑",
            "司救民",
            "司救行",
            "司救赔",
            "司救执",
            "司救访",
            "司救他",
        ),
    ),
    "0600": (
        "judicial assistance with Taiwan, Hong Kong, Macao 区际司法协助",
        (
            "认台",
            "认港",
            "认澳",
            "认复",
            "认他",
            "请台送",
            "台请送",
            "请港送",
            "港请送",
            "请澳送",
            "澳请送",
            "请台调",
            "台请调",
            "请港调",
            "港请调",
            "请澳调",
            "澳请调",
            "请移管",
            "助移管",
            "请移赃",
            "助移赃",
        ),
    ),
    "0700": (
        "international judicial assistance 国际司法协助",
        (
            "协外认",
            "协他",
            "协外送",
            "请外送",
            "协外调",
            "请外调",
            "请外移",
            "协外移",
            "请外引",
            "协外引",
        ),
    ),
    "0800": ("judicial sanctions 司法制裁", ("司惩", "司惩复")),
    "0900": ("non-litigation preservation 非诉保全审查", ("财保", "行保", "行保复", "证保")),
    "1000": ("enforcement 执行", ("执", "执恢", "执保", "执异", "执复", "执监", "执协", "执他")),
    "1100": (
        "liquidation and bankruptcy 强制清算与破产",
        ("清申", "清终", "清监", "强清", "破申", "破终", "破监", "破"),
    ),
}

TYPE_CODES: frozenset[str] = frozenset(code for _, codes in TYPE_CODE_CLASSES.values() for code in codes)

# Truncated codes seen in real published numbers, e.g. （2017）浙0781刑254号 (corpus/real/judge_criminal_headers):
# not in the standard, but a parser of real text must read them; `CaseNumber.irregular` flags them.
# Also the pre-suit mediation numbers (诉前调解): SPC 关于进一步完善委派调解机制的指导意见 (法发〔2020〕1号) has
# entrusted mediation numbered under 诉前调 outside the type-code standard, written 民诉前调 in civil matters,
# e.g. （2024）浙0106民诉前调1234号.
IRREGULAR_TYPE_CODES: frozenset[str] = frozenset({"刑", "民", "行", "诉前调", "民诉前调"})

# Specialised-trial codes (专门审判代字), 法〔2018〕335号: one character before the type code; 知 is the one in use.
SPECIALISED_CODES: frozenset[str] = frozenset({"知"})


def type_code_class(type_code: str) -> str | None:
    """The class code (e.g. "0300") of a type code, or None for a code outside the standard."""
    for class_code, (_, codes) in TYPE_CODE_CLASSES.items():
        if type_code in codes:
            return class_code
    return None
