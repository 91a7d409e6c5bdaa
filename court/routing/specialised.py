"""Specialised courts (专门法院) and designated jurisdiction as data: maritime, internet, financial and IP courts of
every province, Zhejiang's technical-IP centres, the general-IP threshold, and the railway transport court's causes.

Every row names its source. A court whose code is not transcribed from a source is listed with `code=None`: the
engine then names it without a code (`Decision.unknown`) instead of refusing the whole answer. Where the
standard's pattern suggests a code (maritime courts are the province's abbreviation + 72 under the SPC court-code
standard YB/T 51202-2016 / 法〔2015〕137号 annex), it is given as `probable_code` — shown, never used to register.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class SpecialisedCourt:
    """A specialised court and the provinces (two-digit division prefixes) or cities (6-digit codes) it serves."""

    name: str
    kind: str  # maritime | internet | financial | ip
    code: str | None  # sourced code, or None
    serves: tuple[str, ...]  # province prefixes ("31") or city codes ("310100")
    since: date | None
    source: str
    probable_code: str | None = None
    note: str = ""


# Maritime courts (海事法院), 海事诉讼特别程序法 Art 4 and the SPC's decisions on their areas. Zhejiang's (宁波海事法院,
# 浙72) is in seeds/data/courts.json. Areas are given by province; the real areas follow coasts and navigable
# waters (武汉海事法院: the Yangtze main line from 宜宾 to 浏河口 and its tributaries), so an inland province maps
# to the court of its waters only where that is clear — otherwise no court is named.
MARITIME_COURTS: tuple[SpecialisedCourt, ...] = (
    SpecialisedCourt(
        "上海海事法院",
        "maritime",
        None,
        ("31",),
        date(1984, 6, 1),
        "全国人大常委会关于在沿海港口城市设立海事法院的决定 (1984)",
        probable_code="沪72",
    ),
    SpecialisedCourt(
        "天津海事法院",
        "maritime",
        None,
        ("12", "13"),
        date(1984, 6, 1),
        "全国人大常委会 1984 decision; area: Tianjin and Hebei's coast",
        probable_code="津72",
    ),
    SpecialisedCourt(
        "大连海事法院",
        "maritime",
        None,
        ("21", "22", "23"),
        date(1984, 6, 1),
        "全国人大常委会 1984 decision; area: Liaoning's coast, Heilongjiang and Jilin waters",
        probable_code="辽72",
        note="the Jilin and Heilongjiang waters are assumed; check the SPC notice",
    ),
    SpecialisedCourt(
        "青岛海事法院",
        "maritime",
        None,
        ("37",),
        date(1984, 6, 1),
        "全国人大常委会 1984 decision; area: Shandong's coast",
        probable_code="鲁72",
    ),
    SpecialisedCourt(
        "广州海事法院",
        "maritime",
        None,
        ("44",),
        date(1984, 6, 1),
        "全国人大常委会 1984 decision; area: Guangdong",
        probable_code="粤72",
    ),
    SpecialisedCourt(
        "武汉海事法院",
        "maritime",
        None,
        ("42", "43", "36", "34", "50", "51"),
        date(1984, 6, 1),
        "全国人大常委会 1984 decision; area: the Yangtze main line and tributaries (Jiangsu's section to "
        "南京海事法院 from 2019)",
        probable_code="鄂72",
    ),
    SpecialisedCourt(
        "厦门海事法院",
        "maritime",
        None,
        ("35",),
        date(1990, 3, 1),
        "全国人大常委会 decision of 1990; area: Fujian",
        probable_code="闽72",
    ),
    SpecialisedCourt(
        "海口海事法院",
        "maritime",
        None,
        ("46",),
        date(1990, 3, 1),
        "全国人大常委会 decision of 1990; area: Hainan",
        probable_code="琼72",
    ),
    SpecialisedCourt(
        "北海海事法院",
        "maritime",
        None,
        ("45",),
        date(1999, 8, 1),
        "SPC 1999; area: Guangxi",
        probable_code="桂72",
    ),
    SpecialisedCourt(
        "南京海事法院",
        "maritime",
        None,
        ("32",),
        date(2019, 10, 11),
        "全国人大常委会 2019 decision (南京海事法院); area: Jiangsu",
        probable_code="苏72",
    ),
)

# Internet courts (互联网法院): 法释〔2018〕16号; each concentrates its city's basic-level online cases.
# 杭州互联网法院 (浙0192) is in seeds/data/courts.json. Codes below are as printed on their published judgments.
INTERNET_COURTS: tuple[SpecialisedCourt, ...] = (
    SpecialisedCourt(
        "北京互联网法院",
        "internet",
        "京0491",
        ("110100",),
        date(2018, 9, 9),
        "法释〔2018〕16号; code as on its judgments, e.g. （2018）京0491民初1号",
    ),
    SpecialisedCourt(
        "广州互联网法院",
        "internet",
        "粤0192",
        ("440100",),
        date(2018, 9, 28),
        "法释〔2018〕16号; code as on its judgments",
    ),
)

# Financial courts (金融法院): intermediate-level first instance of financial civil and commercial cases in their area
# (全国人大常委会 decisions of 2018-04-27, 2021-01-22, 2022-02-28).
FINANCIAL_COURTS: tuple[SpecialisedCourt, ...] = (
    SpecialisedCourt(
        "上海金融法院",
        "financial",
        None,
        ("31",),
        date(2018, 8, 20),
        "全国人大常委会关于设立上海金融法院的决定 (2018); 法释〔2018〕14号 / 法释〔2021〕9号",
        probable_code="沪74",
    ),
    SpecialisedCourt(
        "北京金融法院",
        "financial",
        None,
        ("11",),
        date(2021, 3, 18),
        "全国人大常委会关于设立北京金融法院的决定 (2021); 法释〔2021〕7号",
        probable_code="京74",
    ),
    SpecialisedCourt(
        "成渝金融法院",
        "financial",
        None,
        ("50", "510100"),
        date(2023, 1, 1),
        "全国人大常委会关于设立成渝金融法院的决定 (2022); area: Chongqing and part of Sichuan (成都 assumed)",
        probable_code="渝74",
        note="its Sichuan area is the 成渝 region; only 成都 is modelled",
    ),
)

# IP courts (知识产权法院): technical IP first instance of their area (法释〔2014〕12号; 海南 2021).
IP_COURTS: tuple[SpecialisedCourt, ...] = (
    SpecialisedCourt(
        "北京知识产权法院",
        "ip",
        None,
        ("11",),
        date(2014, 11, 6),
        "全国人大常委会 2014 decision",
        probable_code="京73",
    ),
    SpecialisedCourt(
        "上海知识产权法院",
        "ip",
        None,
        ("31",),
        date(2014, 12, 28),
        "全国人大常委会 2014 decision",
        probable_code="沪73",
    ),
    SpecialisedCourt(
        "广州知识产权法院",
        "ip",
        None,
        ("44",),
        date(2014, 12, 16),
        "全国人大常委会 2014 decision; area: Guangdong except 深圳 (assumed)",
        probable_code="粤73",
    ),
    SpecialisedCourt(
        "海南自由贸易港知识产权法院",
        "ip",
        None,
        ("46",),
        date(2021, 1, 1),
        "全国人大常委会 2020 decision",
        probable_code="琼73",
    ),
)


def specialised_for(table: tuple[SpecialisedCourt, ...], division_code: str) -> SpecialisedCourt | None:
    """The court of `table` whose area holds the division (a city code match wins over a province match)."""
    city = division_code[:4] + "00"
    for court in table:
        if city in court.serves:
            return court
    for court in table:
        if division_code[:2] in court.serves:
            return court
    return None


# --- Zhejiang: technical IP (专利、植物新品种、集成电路布图设计、技术秘密、计算机软件, 垄断) --------------------------------
# 法释〔2022〕13号 Art 1: such cases go to intermediate courts the SPC designates. In Zhejiang the SPC approved (2017)
# the 杭州 and 宁波 知识产权法庭 inside those intermediate courts with cross-city jurisdiction, in force 2017-09-08
# (reported at their opening). 温州中院 keeps its own city's technical IP cases. Which centre 丽水 belongs to is
# reported as 杭州 in the 2017 approval; later adjustments are not confirmed here (see the notes).
TECHNICAL_IP_SINCE = date(2017, 9, 8)
ZHEJIANG_TECHNICAL_IP: dict[str, str] = {
    "330100": "浙01",  # 杭州 -> 杭州中院 (杭州知识产权法庭)
    "330400": "浙01",  # 嘉兴
    "330500": "浙01",  # 湖州
    "330700": "浙01",  # 金华
    "330800": "浙01",  # 衢州
    "331100": "浙01",  # 丽水 (2017 approval; unconfirmed since)
    "330200": "浙02",  # 宁波 -> 宁波中院 (宁波知识产权法庭)
    "330600": "浙02",  # 绍兴
    "330900": "浙02",  # 舟山
    "331000": "浙02",  # 台州
    "330300": "浙03",  # 温州 -> 温州中院
}

# General IP (商标、著作权、不正当竞争、技术合同 …): the 2017 approval gives the two IP tribunals the first instance of
# such cases from 8,000,000 yuan ("800万元以上", inclusive, Civil Code Art 1259) in their areas; below it, the basic
# courts designated for IP. The basic courts' own ceiling under 法〔2022〕109号 (from 2022-05-01) is not transcribed.
ZHEJIANG_GENERAL_IP_THRESHOLD = Decimal("8000000")

# Basic courts designated for general IP in Zhejiang: the nine of 法函〔2008〕35号 (浙高法〔2008〕117号, from
# 2008-07-01), by their current codes (绍兴县 is now 柯桥区, 浙0603). Designations added since are not transcribed:
# a basic court not listed here is answered as "the basic court designated for IP in that city", without a code.
ZHEJIANG_IP_BASIC_COURTS: frozenset[str] = frozenset(
    {
        "浙0106",  # 杭州市西湖区人民法院
        "浙0382",  # 乐清市人民法院
        "浙0603",  # 绍兴市柯桥区人民法院 (formerly 绍兴县)
        "浙1021",  # 玉环市人民法院 (code of 玉环县 331021, fixed in 2016)
        "浙0702",  # 金华市婺城区人民法院
        "浙0402",  # 嘉兴市南湖区人民法院
        "浙0212",  # 宁波市鄞州区人民法院
        "浙0281",  # 余姚市人民法院
        "浙0206",  # 宁波市北仑区人民法院
    }
)

GENERAL_IP_CAUSES = frozenset(
    {
        "商标权权属、侵权纠纷",
        "著作权权属、侵权纠纷",
        "不正当竞争纠纷",
        "商标合同纠纷",
        "著作权合同纠纷",
        "技术合同纠纷",
        "知识产权合同纠纷",
        "知识产权权属、侵权纠纷",
    }
)

# --- railway transport courts (铁路运输法院), 法释〔2012〕10号 Art 3 ----------------------------------------------------
# First-instance civil cases they take: railway passenger, luggage, parcel and goods carriage contracts and their
# insurance, international through-traffic, railway extended services, damage to railway facilities, railway
# personal and property injury. Each railway court serves the stretch of line its railway bureau runs; 杭州铁路运输
# 法院 (浙8601) is taken to serve all of Zhejiang's lines (an assumption: the line map is not transcribed).
RAILWAY_CAUSES = frozenset(
    {
        "铁路货物运输合同纠纷",
        "铁路旅客运输合同纠纷",
        "铁路行李运输合同纠纷",
        "铁路包裹运输合同纠纷",
        "国际铁路联运合同纠纷",
        "铁路运输损害责任纠纷",
        "铁路运输人身损害责任纠纷",
        "铁路运输财产损害责任纠纷",
    }
)

# Financial disputes the financial courts take at intermediate level (法释〔2018〕14号 Art 1, 法释〔2021〕7号 Art 1):
# matched on the cause's lineage in the 2020 catalogue.
FINANCIAL_CAUSES = frozenset(
    {
        "金融借款合同纠纷",
        "证券纠纷",
        "期货交易纠纷",
        "信托纠纷",
        "保险纠纷",
        "票据纠纷",
        "信用证纠纷",
        "融资租赁合同纠纷",
        "金融委托理财合同纠纷",
        "保理合同纠纷",
    }
)

# Foreign-related civil cases (涉外民商事案件), 法释〔2022〕18号 Art 2 (from 2023-01-01): the intermediate court takes
# first instance from 40,000,000 yuan in these provinces, from 20,000,000 elsewhere; basic courts below.
FOREIGN_HIGH_THRESHOLD_PROVINCES = frozenset({"11", "12", "31", "32", "33", "35", "37", "44", "50"})
FOREIGN_THRESHOLD_HIGH = Decimal("40000000")
FOREIGN_THRESHOLD_OTHER = Decimal("20000000")
