"""Write tests/corpus/filings.jsonl: labelled synthetic filings, deterministic from a seed.

Usage: python tests/corpus/generate.py [--seed 4] [--count 240]. Each line is {"id", "pages", "docket"}; the gold
docket comes from the values the generator chose. Layout, wording, field order, punctuation width, numbering,
amount notation, line wrapping, page headers and footers and missing fields are varied per document, so the
corpus is not one template. All names, numbers and companies are invented; ID numbers carry valid check digits.
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文辉力鹏宇浩凯晨佳欣怡子轩梓涵雨萱晓红玉兰海燕志远振兴立新卫东小平海涛明远丽华春梅德胜永福国庆"
ETHNICITIES = ["汉族"] * 12 + ["回族", "畲族", "土家族", "苗族", "满族", "壮族"]
CITIES = [  # (province, city, district, county adcode, court code, court name)
    ("浙江省", "杭州市", "西湖区", "330106", "浙0106", "杭州市西湖区人民法院"),
    ("浙江省", "杭州市", "拱墅区", "330105", "浙0105", "杭州市拱墅区人民法院"),
    ("浙江省", "杭州市", "余杭区", "330110", "浙0110", "杭州市余杭区人民法院"),
    ("浙江省", "杭州市", "临平区", "330113", "浙0113", "杭州市临平区人民法院"),
    ("浙江省", "宁波市", "鄞州区", "330212", "浙0212", "宁波市鄞州区人民法院"),
    ("浙江省", "宁波市", "北仑区", "330206", "浙0206", "宁波市北仑区人民法院"),
    ("浙江省", "温州市", "鹿城区", "330302", "浙0302", "温州市鹿城区人民法院"),
    ("浙江省", "温州市", "瑞安市", "330381", "浙0381", "瑞安市人民法院"),
    ("浙江省", "嘉兴市", "南湖区", "330402", "浙0402", "嘉兴市南湖区人民法院"),
    ("浙江省", "湖州市", "吴兴区", "330502", "浙0502", "湖州市吴兴区人民法院"),
    ("浙江省", "绍兴市", "越城区", "330602", "浙0602", "绍兴市越城区人民法院"),
    ("浙江省", "绍兴市", "诸暨市", "330681", "浙0681", "诸暨市人民法院"),
    ("浙江省", "金华市", "义乌市", "330782", "浙0782", "义乌市人民法院"),
    ("浙江省", "金华市", "婺城区", "330702", "浙0702", "金华市婺城区人民法院"),
    ("浙江省", "衢州市", "柯城区", "330802", "浙0802", "衢州市柯城区人民法院"),
    ("浙江省", "台州市", "椒江区", "331002", "浙1002", "台州市椒江区人民法院"),
    ("浙江省", "丽水市", "莲都区", "331102", "浙1102", "丽水市莲都区人民法院"),
]
STREETS = [
    "文一西路",
    "解放路",
    "人民大道",
    "中山北路",
    "凤起路",
    "延安路",
    "江南大道",
    "学院路",
    "建设路",
    "环城西路",
    "沿江路",
    "新华街",
    "城北街道双龙南街",
    "五马街道解放街",
    "北高镇中心街",
    "湖墅南路",
    "明州路",
    "荷花中路",
]
VILLAGES = ["下赵村", "前山村", "石门村", "新塘村", "上湾村"]
ORG_WORDS = [
    "海联",
    "瓯江",
    "鑫达",
    "恒通",
    "顺丰源",
    "华美",
    "金盛",
    "宏远",
    "天成",
    "永安",
    "锦程",
    "博雅",
    "立信",
    "东方",
]
ORG_TRADES = [
    "机电设备",
    "建材贸易",
    "物流",
    "科技",
    "服装",
    "食品",
    "建筑工程",
    "物业管理",
    "汽车租赁",
    "五金制品",
    "餐饮管理",
]
ORG_SUFFIXES = ["有限公司", "有限责任公司", "股份有限公司"]
BANKS = [
    "中国工商银行股份有限公司{c}分行",
    "中国农业银行股份有限公司{c}支行",
    "{c}农村商业银行股份有限公司",
    "招商银行股份有限公司{c}分行",
]
LAW_FIRMS = [
    "浙江甬诚律师事务所",
    "浙江天册律师事务所",
    "浙江六和律师事务所",
    "北京大成(杭州)律师事务所",
    "浙江浙经律师事务所",
]
CN_DIGITS = "零壹贰叁肆伍陆柒捌玖"
CN_SIMPLE = "零一二三四五六七八九"


def _id_number(rng: random.Random, adcode: str, born: date, male: bool) -> str:
    seq = rng.randrange(0, 100) * 10 + rng.choice([1, 3, 5, 7, 9] if male else [0, 2, 4, 6, 8])
    first17 = f"{adcode}{born:%Y%m%d}{seq:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    value = (12 - sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11) % 11
    return first17 + ("X" if value == 10 else str(value))


def _uscc(rng: random.Random, adcode: str) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = (
        rng.choice(["91", "92", "93", "N2", "52"]) + adcode + "".join(rng.choice(alphabet) for _ in range(9))
    )
    total = sum(alphabet.index(c) * pow(3, i, 31) for i, c in enumerate(body))
    return body + alphabet[(31 - total % 31) % 31]


def _phone(rng: random.Random) -> str:
    return rng.choice(["13", "15", "18", "17", "19"]) + "".join(str(rng.randrange(10)) for _ in range(9))


def _cn_integer(n: int, capitals: bool) -> str:
    digits, units = (CN_DIGITS, "拾佰仟") if capitals else (CN_SIMPLE, "十百千")

    def below_10k(v: int, pad: bool) -> str:
        out, zero = "", pad
        for unit, div in ((units[2], 1000), (units[1], 100), (units[0], 10), ("", 1)):
            d = v // div % 10
            if d:
                out += ("零" if zero and (out or pad) else "") + digits[d] + unit
                zero = False
            else:
                zero = True
        return out

    parts, started = [], False
    for unit, div in (("亿", 10**8), ("万", 10**4), ("", 1)):
        section = n // div % 10**4 if unit != "亿" else n // div
        if section:
            parts.append(below_10k(section, started and section < 1000) + unit)
            started = True
        elif started and unit == "":
            pass
    return "".join(parts) or digits[0]


def _amount_text(rng: random.Random, value: Decimal) -> str:
    """One of the notations filings use; all denote `value` exactly."""
    whole = int(value)
    fen = int((value - whole) * 100)
    options = [f"{whole}元", f"人民币{whole}元", f"{whole:,}元", f"¥{whole:,}.00元"]
    if whole % 10000 == 0 and not fen:
        options += [f"{whole // 10000}万元", f"人民币{whole // 10000}万元"]
    if whole % 1000 == 0 and whole >= 10000 and not fen:
        options.append(f"{Decimal(whole) / 10000}万元")
    if not fen:
        options += [
            f"人民币{_cn_integer(whole, True)}元整",
            f"{_cn_integer(whole, False)}元",
            f"人民币{_cn_integer(whole, True)}元(¥{whole:,}.00元)",
        ]
    else:
        options = [f"{value}元", f"人民币{value}元"]
        jiao, f = divmod(fen, 10)
        tail = (CN_SIMPLE[jiao] + "角" if jiao else "") + (CN_SIMPLE[f] + "分" if f else "")
        options.append(f"{_cn_integer(whole, False)}元{tail}")
    return rng.choice(options)


def _cn_date(d: date) -> str:
    def small(n: int) -> str:
        if n < 10:
            return CN_SIMPLE[n]
        return ("" if n < 20 else CN_SIMPLE[n // 10]) + "十" + (CN_SIMPLE[n % 10] if n % 10 else "")

    return (
        "".join("〇一二三四五六七八九"[int(c)] for c in str(d.year)) + f"年{small(d.month)}月{small(d.day)}日"
    )


def _date_text(rng: random.Random, d: date) -> str:
    return rng.choice([f"{d.year}年{d.month}月{d.day}日", f"{d.year}年{d.month}月{d.day}日", _cn_date(d)])


class Filing:
    """One synthetic document under construction."""

    def __init__(self, rng: random.Random, index: int) -> None:
        self.rng = rng
        self.index = index
        self.full = rng.random() < 0.6  # full-width punctuation
        self.colon = "：" if self.full else ":"
        self.comma = "，" if self.full else ","

    def person(self) -> dict[str, Any]:
        rng = self.rng
        male = rng.random() < 0.55
        born = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 52))
        city = rng.choice(CITIES)
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2, 2])))
        address = f"{city[0]}{city[1]}{city[2]}" + rng.choice(
            [
                f"{rng.choice(STREETS)}{rng.randrange(1, 999)}号",
                f"{rng.choice(STREETS)}{rng.randrange(1, 300)}号"
                f"{rng.randrange(1, 30)}幢{rng.randrange(1, 30)}0{rng.randrange(1, 5)}室",
                f"{rng.choice(['碧湖镇', '良渚街道', '仓前街道', '城东街道'])}{rng.choice(VILLAGES)}{rng.randrange(1, 200)}号",
            ]
        )
        return {
            "kind": "person",
            "name": name,
            "sex": "男" if male else "女",
            "birth_date": born.isoformat(),
            "ethnicity": rng.choice(ETHNICITIES),
            "address": address,
            "id_number": _id_number(rng, city[3], born, male),
            "phone": _phone(rng),
        }

    def organisation(self, bank: bool = False) -> dict[str, Any]:
        rng = self.rng
        city = rng.choice(CITIES)
        if bank:
            name = rng.choice(BANKS).format(c=city[1].rstrip("市"))
        else:
            name = f"{city[1].rstrip('市')}{rng.choice(ORG_WORDS)}{rng.choice(ORG_TRADES)}{rng.choice(ORG_SUFFIXES)}"
        address = f"{city[0]}{city[1]}{city[2]}{rng.choice(STREETS)}{rng.randrange(1, 2000)}号"
        rep = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(2))
        return {
            "kind": "organisation",
            "name": name,
            "address": address,
            "uscc": _uscc(rng, city[3]),
            "legal_representative": rep,
            "phone": None,
        }

    def party_text(self, label: str, p: dict[str, Any], gold: dict[str, Any]) -> str:
        """The party's paragraph, with fields in a varied order, some left out, sometimes wrapped."""
        rng, c, k = self.rng, self.comma, self.colon
        head = label + (k if label[-1] in "一二三" else rng.choice([k, k, k, ""]))
        parts: list[str] = []
        if p["kind"] == "person":
            born = date.fromisoformat(p["birth_date"])
            optional = [
                ("sex", p["sex"]),
                (
                    "birth_date",
                    rng.choice(
                        [
                            f"{_date_text(rng, born)}出生",
                            f"生于{born.year}年{born.month}月{born.day}日",
                            f"{born.year}年{born.month}月{born.day}日生",
                        ]
                    ),
                ),
                ("ethnicity", p["ethnicity"]),
                ("address", rng.choice(["住", "住", "住址" + k, "户籍地" + k, "现住"]) + p["address"]),
                ("id_number", rng.choice(["公民身份号码", "身份证号码", "身份证号" + k]) + p["id_number"]),
                ("phone", rng.choice(["联系电话", "电话" + k, "手机"]) + p["phone"]),
            ]
            order = optional[:4] if rng.random() < 0.7 else rng.sample(optional[:4], 4)
            order += rng.sample(optional[4:], 2)
            for key, text in order:
                if key != "sex" and rng.random() < 0.15:
                    continue  # a missing field
                if key == "sex" and rng.random() < 0.05:
                    continue
                if key in ("ethnicity",) and order.index((key, text)) < 1:
                    pass
                parts.append(text)
                gold[key] = p[key]
            if rng.random() < 0.3:
                parts.insert(min(3, len(parts)), rng.choice(["农民", "个体工商户", "无业", "职工", "居民"]))
            body = head + p["name"] + c + c.join(parts) + "。"
        else:
            optional = [
                ("address", rng.choice(["住所地", "住所地" + k, "住所" + k, "营业场所"]) + p["address"]),
                ("uscc", "统一社会信用代码" + rng.choice(["", k]) + p["uscc"]),
            ]
            rng.shuffle(optional)
            for key, text in optional:
                if rng.random() < 0.12:
                    continue
                parts.append(text)
                gold[key] = p[key]
            body = head + p["name"] + (c + c.join(parts) if parts else "") + "。"
            title = rng.choice(["法定代表人", "法定代表人", "负责人"]) if "公司" in p["name"] else "负责人"
            rep_tail = rng.choice(
                [f"{c}该公司{rng.choice(['总经理', '执行董事', '董事长'])}", f"{c}职务{k}经理", ""]
            )
            body += "\n" + title + rng.choice([k, k, ""]) + p["legal_representative"] + rep_tail + "。"
            gold["legal_representative"] = p["legal_representative"]
        if rng.random() < 0.25 and len(body) > 40:  # a line break inside the paragraph, as in printed filings
            cut = rng.randrange(25, len(body) - 8)
            if body[cut - 1] not in "\n" and body[cut] not in "\n":
                body = body[:cut] + "\n" + body[cut:]
        agents = []
        if rng.random() < 0.3:
            agent = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(2))
            body += (
                "\n"
                + rng.choice(["委托诉讼代理人", "委托代理人"])
                + k
                + agent
                + c
                + rng.choice(LAW_FIRMS)
                + "律师。"
            )
            agents.append(agent)
        gold["agents"] = agents
        return body


CAUSES: list[dict[str, Any]] = [
    {
        "name": "民间借贷纠纷",
        "claims": ["判令被告归还原告借款本金{a}", "判令被告偿还借款{a}", "请求判令被告立即返还借款{a}"],
        "extra": [
            "判令被告支付自{d}起至实际清偿之日止的利息(以{b}为基数,按一年期贷款市场报价利率计算)",
            "判令被告支付逾期利息(按年利率3.85%计算)",
        ],
        "facts": "{d},被告因资金周转需要向原告借款{a},并出具借条一份。借款到期后,经原告多次催讨,被告至今未还。",
        "plaintiff": "person",
        "defendant": "any",
    },
    {
        "name": "金融借款合同纠纷",
        "claims": ["判令被告归还贷款本金{a}", "判令被告偿还借款本金{a}"],
        "extra": ["判令被告支付截至{d}的利息、罚息(按借款合同约定计算)"],
        "facts": "{d},原、被告签订《个人借款合同》,约定原告向被告发放贷款{a}。贷款发放后,被告未按约还本付息。",
        "plaintiff": "bank",
        "defendant": "person",
    },
    {
        "name": "信用卡纠纷",
        "claims": ["判令被告偿还信用卡透支本金{a}", "判令被告归还信用卡欠款{a}"],
        "extra": ["判令被告支付利息、滞纳金(暂计至{d})"],
        "facts": "被告向原告申领信用卡一张,并于{d}起透支消费,截至起诉之日尚欠透支本金{a}未还。",
        "plaintiff": "bank",
        "defendant": "person",
    },
    {
        "name": "买卖合同纠纷",
        "claims": ["判令被告支付货款{a}", "判令被告支付原告货款{a}"],
        "extra": ["判令被告支付逾期付款违约金{a2}", "判令被告支付逾期付款损失(以{b}为基数计算)"],
        "facts": "{d}起,原、被告之间建立买卖合同关系,由原告向被告供应货物。经对账,被告尚欠货款{a}至今未付。",
        "plaintiff": "organisation",
        "defendant": "any",
    },
    {
        "name": "机动车交通事故责任纠纷",
        "claims": [
            "判令被告赔偿原告医疗费、误工费、护理费等各项损失共计{a}",
            "判令被告连带赔偿原告各项损失{a}",
        ],
        "extra": [],
        "facts": "{d},被告驾驶小型轿车行驶至路口时与原告发生碰撞,致原告受伤。经交警部门认定,被告负事故全部责任。",
        "plaintiff": "person",
        "defendant": "person",
    },
    {
        "name": "离婚纠纷",
        "claims": ["判决原告与被告离婚", "请求判令原、被告离婚"],
        "extra": ["判令被告支付原告经济帮助金{a2}"],
        "money_first": False,
        "facts": "原、被告于{d}登记结婚。婚后因性格不合经常争吵,夫妻感情确已破裂。",
        "plaintiff": "person",
        "defendant": "person",
    },
    {
        "name": "追索劳动报酬纠纷",
        "claims": ["判令被告支付原告拖欠的工资{a}", "判令被告支付劳动报酬{a}"],
        "extra": ["判令被告支付经济补偿金{a2}"],
        "facts": "原告自{d}起在被告处工作,被告拖欠原告工资{a}至今未付。",
        "plaintiff": "person",
        "defendant": "organisation",
    },
    {
        "name": "物业服务合同纠纷",
        "claims": ["判令被告支付物业服务费{a}", "判令被告缴纳拖欠的物业费{a}"],
        "extra": ["判令被告支付违约金{a2}"],
        "facts": "被告系原告服务小区的业主,自{d}起未缴纳物业服务费,共计{a}。",
        "plaintiff": "organisation",
        "defendant": "person",
    },
    {
        "name": "房屋租赁合同纠纷",
        "claims": ["判令被告支付拖欠的租金{a}", "判令被告支付房屋租金{a}"],
        "extra": ["判令解除原、被告之间的房屋租赁合同", "判令被告支付违约金{a2}"],
        "facts": "{d},原、被告签订《房屋租赁合同》,约定被告承租原告房屋。被告拖欠租金{a}。",
        "plaintiff": "any",
        "defendant": "any",
    },
    {
        "name": "建设工程施工合同纠纷",
        "claims": ["判令被告支付工程款{a}", "判令被告支付拖欠的工程款{a}"],
        "extra": ["判令被告支付逾期付款利息(以{b}为基数计算)"],
        "facts": "{d},原、被告签订《建设工程施工合同》,原告按约完成施工,被告尚欠工程款{a}。",
        "plaintiff": "organisation",
        "defendant": "organisation",
    },
]


def _rate(percent: str, per: str) -> dict[str, str]:
    return {"percent": percent, "per": per}


def _loan_facts(
    rng: random.Random, start: date, outstanding: Decimal, d_text: str, a_text: str, co_defendants: list[str]
) -> tuple[str, dict[str, Any]]:
    """Private-lending facts (民间借贷) stating a varied subset of the form's elements, with their gold values."""
    gold: dict[str, Any] = {"loan_date": start.isoformat(), "outstanding_principal": str(outstanding)}
    repaid = Decimal(rng.randrange(1, 20) * 1000) if rng.random() < 0.35 else None
    lent = outstanding + repaid if repaid else outstanding
    gold["loan_amount"] = str(lent)
    lent_text = _amount_text(rng, lent) if repaid else a_text
    first = f"{d_text},被告因{rng.choice(['资金周转', '经营', '购房', '生意'])}需要向原告借款{lent_text}"
    if rng.random() < 0.6:
        percent, per, written = rng.choice(
            [
                ("1", "month", "月利率1%"),
                ("1.5", "month", "月利率1.5%"),
                ("2", "month", "月息2分"),
                ("12", "year", "年利率12%"),
                ("6", "year", "年利率6%"),
                ("15.4", "year", "年化利率15.4%"),
            ]
        )
        first += f",约定{written}"
        gold["interest_rate"] = _rate(percent, per)
    due = None
    term = rng.random()
    if term < 0.35:
        due = start + timedelta(days=rng.choice([90, 180, 365]))
        first += f",借款期限自{_date_text(rng, start)}至{_date_text(rng, due)}"
        gold["term_start"] = start.isoformat()
    elif term < 0.6:
        due = start + timedelta(days=rng.choice([30, 60, 120, 240]))
        first += f",约定于{due.year}年{due.month}月{due.day}日前一次性归还"
    if due is not None:
        gold["due_date"] = due.isoformat()
    sentences = [first + rng.choice([",并出具借条一份。", "。", ",双方签订《借款协议》一份。"])]
    method = rng.random()
    if method < 0.25:
        sentences.append("原告当日以现金方式交付上述款项。")
        gold["delivery_method"] = "cash"
    elif method < 0.55:
        sentences.append(
            f"原告当日通过{rng.choice(['银行转账', '微信转账', '支付宝转账'])}向被告交付上述款项。"
        )
        gold["delivery_method"] = "transfer"
    guarantee = rng.random()
    if guarantee < 0.2:
        g = (
            co_defendants[0]
            if co_defendants
            else rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        )
        who = f"被告{g}" if co_defendants else g
        sentences.append(f"该借款由{who}{rng.choice(['', '对该借款'])}提供连带责任保证。")
        gold |= {"guarantor": g, "guarantee_kind": "joint_and_several"}
    elif guarantee < 0.3:
        g = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        sentences.append(f"案外人{g}作为保证人在借条上签字,约定承担一般保证责任。")
        gold |= {"guarantor": g, "guarantee_kind": "general"}
    if rng.random() < 0.12:
        sentences.append("被告并以其名下房产为该借款设定抵押,办理了抵押登记。")
        gold["security"] = "mortgage"
    if repaid:
        sentences.append(f"此后被告已归还本金{_amount_text(rng, repaid)}。")
        gold["repaid_principal"] = str(repaid)
    if rng.random() < 0.2:
        interest = Decimal(rng.randrange(1, 50) * 100)
        sentences.append(f"被告另支付利息{interest}元。")
        gold["repaid_interest"] = str(interest)
    if due is not None and rng.random() < 0.7:
        sentences.append("借款到期后,经原告多次催讨,被告至今未还。")
        gold["overdue_since"] = (due + timedelta(days=1)).isoformat()
    elif rng.random() < 0.3:
        since = start + timedelta(days=rng.randrange(30, 200))
        sentences.append(f"被告自{_date_text(rng, since)}起未再支付利息,经原告多次催讨,至今未还。")
        gold["overdue_since"] = since.isoformat()
    else:
        sentences.append("经原告多次催讨,被告至今未还。")
    return "".join(sentences), gold


def _sale_facts(
    rng: random.Random, start: date, unpaid: Decimal, d_text: str, a_text: str, co_defendants: list[str]
) -> tuple[str, dict[str, Any]]:
    """Sale-of-goods facts (买卖合同) stating a varied subset of the form's elements, with their gold values."""
    goods = rng.choice(
        ["钢材", "电机及配件", "水泥", "服装面料", "五金配件", "LED灯具", "包装纸箱", "不锈钢管材"]
    )
    gold: dict[str, Any] = {"contract_date": start.isoformat(), "goods": goods, "unpaid_amount": str(unpaid)}
    if rng.random() < 0.4:
        return (
            f"{d_text}起,原、被告之间建立买卖合同关系,由原告向被告供应{goods}。经对账,被告尚欠货款{a_text}至今未付。",
            gold,
        )
    paid = Decimal(rng.randrange(1, 50) * 1000) if rng.random() < 0.5 else None
    total = unpaid + paid if paid else unpaid
    first = (
        f"{d_text},原、被告签订《{rng.choice(['购销合同', '买卖合同', '供货合同'])}》,约定由原告向被告供应{goods},"
        f"总价款{_amount_text(rng, total)}"
    )
    gold["total_price"] = str(total)
    if rng.random() < 0.5:
        days = rng.choice([30, 60, 90])
        first += f",被告应于收货后{days}日内付清货款"
        gold["payment_term"] = f"收货后{days}日内付清货款"
    if rng.random() < 0.5:
        written, percent = rng.choice(
            [("每日万分之五", "0.05"), ("日万分之三", "0.03"), ("每日千分之一", "0.1")]
        )
        first += f",逾期付款的,按{written}支付违约金"
        gold["penalty_rate"] = _rate(percent, "day")
    sentences = [first + "。"]
    if rng.random() < 0.5:
        delivered = start + timedelta(days=rng.randrange(3, 60))
        sentences.append(f"原告于{_date_text(rng, delivered)}将货物交付被告。")
        gold["delivery_date"] = delivered.isoformat()
    if paid:
        sentences.append(f"被告已支付货款{_amount_text(rng, paid)},")
        gold["paid_amount"] = str(paid)
    sentences.append(f"经对账,被告尚欠货款{a_text}至今未付。")
    return "".join(sentences), gold


# Causes with an element-style form (要素式起诉状, 法〔2024〕46号) whose facts the generator writes element by element.
ELEMENT_FACTS = {"民间借贷纠纷": _loan_facts, "买卖合同纠纷": _sale_facts}
COSTS = [
    "本案诉讼费用由被告承担",
    "本案诉讼费、保全费由被告负担",
    "本案案件受理费由被告承担",
    "诉讼费用由被告负担",
]
NUMBERING = [
    lambda i: f"{'一二三四五六七八'[i]}、",
    lambda i: f"{i + 1}.",
    lambda i: f"{i + 1}、",
    lambda i: f"({i + 1})",
    lambda i: f"（{'一二三四五六七八'[i]}）",
    lambda i: f"{i + 1}．",
]
TITLES = {
    "civil_complaint": ["民事起诉状", "民 事 起 诉 状", "起诉状", "民事起诉状"],
    "enforcement_application": ["强制执行申请书", "执行申请书", "申请执行书"],
}


def _money(rng: random.Random) -> Decimal:
    pick = rng.random()
    if pick < 0.35:
        return Decimal(rng.randrange(1, 200) * 1000)
    if pick < 0.6:
        return Decimal(rng.randrange(1, 100) * 10000)
    if pick < 0.9:
        return Decimal(rng.randrange(1000, 2_000_000))
    return Decimal(rng.randrange(100000, 9_000_000)) / 100


def make_filing(rng: random.Random, index: int) -> dict[str, Any]:
    f = Filing(rng, index)
    enforcement = rng.random() < 0.18
    cause = rng.choice(CAUSES)
    kind = "enforcement_application" if enforcement else "civil_complaint"
    roles = ("申请执行人", "被执行人") if enforcement else ("原告", "被告")
    gold_roles = ("applicant", "respondent") if enforcement else ("plaintiff", "defendant")
    court = rng.choice(CITIES)

    def make(kind_: str) -> dict[str, Any]:
        if kind_ == "bank":
            return f.organisation(bank=True)
        if kind_ == "any":
            kind_ = rng.choice(["person", "organisation"])
        return f.person() if kind_ == "person" else f.organisation()

    plaintiffs = [make(cause["plaintiff"]) for _ in range(1 if rng.random() < 0.85 else 2)]
    defendants = [make(cause["defendant"]) for _ in range(rng.choice([1, 1, 1, 2, 2, 3]))]
    if cause["name"] == "离婚纠纷":
        plaintiffs, defendants = plaintiffs[:1], defendants[:1]
    parties_gold: list[dict[str, Any]] = []
    blocks: list[str] = []
    for label, role, group in ((roles[0], gold_roles[0], plaintiffs), (roles[1], gold_roles[1], defendants)):
        for n, p in enumerate(group):
            numbered = label + ("一二三"[n] if len(group) > 1 and rng.random() < 0.5 else "")
            g: dict[str, Any] = {"role": role, "kind": p["kind"], "name": p["name"]}
            blocks.append(f.party_text(numbered, p, g))
            parties_gold.append(g)
    # claims
    amount = _money(rng)
    start = date(2019, 1, 1) + timedelta(days=rng.randrange(0, 1500))
    claim_texts: list[tuple[str, Decimal | None]] = []
    main = rng.choice(cause["claims"])
    if cause.get("money_first", True):
        claim_texts.append((main.format(a=_amount_text(rng, amount)), amount))
    else:
        claim_texts.append((main, None))
    for extra in rng.sample(cause["extra"], k=min(len(cause["extra"]), rng.choice([0, 1, 1, 2]))):
        if "{a2}" in extra:
            a2 = _money(rng) / 10
            a2 = a2.quantize(Decimal("1")) if a2 > 100 else Decimal(500)
            claim_texts.append((extra.format(a2=_amount_text(rng, a2)), a2))
        else:
            claim_texts.append((extra.format(d=_date_text(rng, start), b=f"{amount}元"), None))
    claim_texts.append((rng.choice(COSTS), None))
    number = rng.choice(NUMBERING)
    end = rng.choice(["；", ";", "。", ""])
    claims_block = "\n".join(
        f"{number(i)}{t}{end if i + 1 < len(claim_texts) else '。'}" for i, (t, _) in enumerate(claim_texts)
    )
    judgment_cn = None
    elements: dict[str, Any] | None = None
    if enforcement:
        seq = rng.randrange(1, 20000)
        width_open, width_close = ("（", "）") if rng.random() < 0.6 else ("(", ")")
        judgment_cn = f"{width_open}{start.year + 1}{width_close}{court[4]}民初{seq}号"
        header = rng.choice(["申请执行事项" + f.colon, "执行请求" + f.colon, "请求事项" + f.colon])
        claim_texts = [(t.replace("判令被告", "被执行人").replace("请求", ""), a) for t, a in claim_texts]
        basis = f"执行依据{f.colon}{court[5]}{judgment_cn}民事判决书。"
        facts = (
            f"申请执行人与被执行人{cause['name']}一案,经{court[5]}审理,作出{judgment_cn}民事判决,"
            "该判决已发生法律效力。被执行人至今未履行判决确定的义务,特申请强制执行。"
        )
    else:
        header = rng.choice(["诉讼请求" + f.colon, "诉讼请求" + f.colon, "请求事项" + f.colon, "诉讼请求\n"])
        basis = ""
        named = rng.random() < 0.3
        d_text, a_text = _date_text(rng, start), _amount_text(rng, amount)
        facts = cause["facts"].format(d=d_text, a=a_text)
        if cause["name"] in ELEMENT_FACTS:
            # A generator of its own, so the main sequence (and every other document) stays as it was.
            facts, elements = ELEMENT_FACTS[cause["name"]](
                random.Random(f"elements-{index}"),
                start,
                amount,
                d_text,
                a_text,
                [p["name"] for p in defendants[1:]],
            )
        if named:
            facts += f"故原告就{cause['name']}一案诉至贵院。"
        facts += rng.choice(
            [
                "为维护原告的合法权益,特诉至贵院,望判如所请。",
                "现原告依法提起诉讼,请求判如所请。",
                "为此,原告依据相关法律规定向贵院提起诉讼。",
            ]
        )
    if not f.full:
        facts = facts.replace("，", ",")
    else:
        facts = facts.replace(",", "，").replace("(", "（").replace(")", "）")
    filed = start + timedelta(days=rng.randrange(200, 900))
    signer = plaintiffs[0]["name"]
    signer_label = "申请人" if enforcement else rng.choice(["具状人", "起诉人"])
    closing = (
        f"此致\n{court[5]}\n\n{signer_label}{f.colon}{signer}"
        f"{rng.choice(['', '(盖章)', '（签名）'])}\n{_date_text(rng, filed)}"
    )
    if rng.random() < 0.3:
        closing += (
            "\n\n附"
            + f.colon
            + rng.choice(["1.本诉状副本1份;2.证据材料1份。", "证据清单一份。", "副本2份。"])
        )
    title = rng.choice(TITLES[kind])
    reason = rng.choice(["事实与理由", "事实和理由", "事实及理由"]) + f.colon
    sections = [
        title,
        "\n".join(blocks),
        basis,
        header + ("" if header.endswith("\n") else "\n") + claims_block,
        reason + "\n" + facts,
        closing,
    ]
    if enforcement and rng.random() < 0.5:
        sections[2], sections[3] = sections[3], sections[2]
    text = "\n\n".join(s for s in sections if s)
    pages = _paginate(rng, text)
    money = [a for _, a in claim_texts if a is not None]
    docket: dict[str, Any] = {
        "document_kind": kind,
        "parties": parties_gold,
        "claims": [{"amount": str(a) if a is not None else None} for _, a in claim_texts],
        "amount_in_dispute": str(sum(money, Decimal(0))) if money else None,
        "cause_of_action": {"name": cause["name"]},
        "court": {"name": court[5], "code": court[4]},
        "case_numbers": [{"text": judgment_cn}] if judgment_cn else [],
        "filing_date": filed.isoformat(),
    }
    if elements is not None:
        docket["elements"] = {"schema": cause["name"], "values": elements}
    return {"id": f"synthetic-{index:04d}", "pages": pages, "docket": docket}


def _paginate(rng: random.Random, text: str) -> list[str]:
    """Split into one to three pages at line ends, with running headers and page footers on some documents."""
    lines = text.split("\n")
    n_pages = rng.choice([1, 1, 2, 2, 3]) if len(lines) > 12 else 1
    cuts = sorted(rng.sample(range(4, len(lines) - 2), n_pages - 1)) if n_pages > 1 else []
    chunks, prev = [], 0
    for cut in [*cuts, len(lines)]:
        chunks.append(lines[prev:cut])
        prev = cut
    header = rng.random() < 0.4
    footer = rng.choice(["第 {i} 页 共 {n} 页", "- {i} -", "{i}/{n}", None])
    pages = []
    for i, chunk in enumerate(chunks, 1):
        page = list(chunk)
        if header and len(chunks) > 1:
            page.insert(0, "民事诉讼文书(副本)")
        if footer and len(chunks) > 1:
            page.append(footer.format(i=i, n=len(chunks)))
        pages.append("\n".join(page))
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--count", type=int, default=240)
    parser.add_argument("--out", default=str(Path(__file__).with_name("filings.jsonl")))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with open(args.out, "w", encoding="utf-8") as out:
        for i in range(args.count):
            out.write(json.dumps(make_filing(rng, i), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
