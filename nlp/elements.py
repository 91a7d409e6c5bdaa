"""Element-style complaint forms (要素式起诉状) as data: per cause, the elements a docket fills, and how a value is read.

The SPC, the Ministry of Justice and the All-China Lawyers Association issued element-style forms for 11 common
civil causes (法〔2024〕46号, trial from 2024-03-04, in every court from 2025-01-01). The keys below follow the
forms' fact and claim items (domain-rules.md §6.3), for all 11 causes. The rules that find values are a table registered in spaCy's registry
(`court.element_rules.v1`, nlp/components/elements.py); this module compiles and runs them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from nlp.dates import find_dates
from nlp.docket import Rate
from nlp.numbers import chinese_integer, find_amounts


class ElementType(StrEnum):
    AMOUNT = "amount"  # Decimal yuan
    DATE = "date"
    RATE = "rate"  # Rate(percent, per)
    TEXT = "text"  # str; a fixed-option element gives a stable English value
    BOOL = "bool"


@dataclass(frozen=True, slots=True)
class ElementSpec:
    """One element (要素) of a form: its key, type, the form's wording and, for fixed options, (word, value)."""

    key: str
    type: ElementType
    label: str
    choices: tuple[tuple[str, str], ...] = ()


A, D, R, T, B = ElementType.AMOUNT, ElementType.DATE, ElementType.RATE, ElementType.TEXT, ElementType.BOOL
_GUARANTEE = (
    ElementSpec("guarantor", T, "保证人"),
    ElementSpec("guarantee_kind", T, "保证方式", (("连带", "joint_and_several"), ("一般", "general"))),
    ElementSpec("security", T, "物保(抵押/质押)", (("抵押", "mortgage"), ("质押", "pledge"))),
)

SCHEMAS: dict[str, tuple[ElementSpec, ...]] = {
    "民间借贷纠纷": (
        ElementSpec("loan_date", D, "出借时间"),
        ElementSpec("loan_amount", A, "出借金额"),
        ElementSpec(
            "delivery_method",
            T,
            "交付方式",
            (
                ("现金", "cash"),
                ("转账", "transfer"),
                ("汇款", "transfer"),
                ("微信", "transfer"),
                ("支付宝", "transfer"),
            ),
        ),
        ElementSpec("term_start", D, "借款期限起"),
        ElementSpec("due_date", D, "借款期限止(还款日)"),
        ElementSpec("interest_rate", R, "约定利率"),
        ElementSpec("repaid_principal", A, "已还本金"),
        ElementSpec("repaid_interest", A, "已还利息"),
        ElementSpec("interest_paid_until", D, "利息支付至"),
        ElementSpec("outstanding_principal", A, "尚欠本金"),
        ElementSpec("overdue_since", D, "逾期起始日"),
        *_GUARANTEE,
    ),
    "买卖合同纠纷": (
        ElementSpec("contract_date", D, "合同签订时间"),
        ElementSpec("goods", T, "标的物"),
        ElementSpec("total_price", A, "总价款"),
        ElementSpec("paid_amount", A, "已付价款"),
        ElementSpec("unpaid_amount", A, "欠付价款"),
        ElementSpec("delivery_date", D, "交付时间"),
        ElementSpec("payment_term", T, "付款期限"),
        ElementSpec("penalty_rate", R, "逾期付款违约金标准"),
        *_GUARANTEE,
    ),
    "机动车交通事故责任纠纷": (
        ElementSpec("accident_date", D, "事故发生时间"),
        ElementSpec("accident_place", T, "事故发生地点"),
        ElementSpec(
            "defendant_liability",
            T,
            "被告方责任",
            (("全部", "full"), ("主要", "major"), ("同等", "equal"), ("次要", "minor"), ("无", "none")),
        ),
        ElementSpec("disability_grade", T, "伤残等级"),
        ElementSpec("hospital_days", T, "住院天数"),
        ElementSpec("medical_expenses", A, "医疗费"),
        ElementSpec("lost_income", A, "误工费"),
        ElementSpec("nursing_expenses", A, "护理费"),
        ElementSpec("transport_expenses", A, "交通费"),
        ElementSpec("disability_compensation", A, "残疾赔偿金"),
        ElementSpec("property_loss", A, "财产损失"),
        ElementSpec("total_loss", A, "各项损失合计"),
        ElementSpec("compulsory_insurance", B, "投保交强险"),
    ),
    "金融借款合同纠纷": (
        ElementSpec("contract_date", D, "合同签订时间"),
        ElementSpec("loan_amount", A, "借款金额"),
        ElementSpec("interest_rate", R, "约定利率"),
        ElementSpec("principal", A, "欠付本金"),
        ElementSpec("interest", A, "欠付利息"),
        ElementSpec("penalty_interest", A, "罚息"),
        ElementSpec("fees", A, "费用"),
        ElementSpec("overdue_since", D, "逾期起始日"),
        *_GUARANTEE,
    ),
    "信用卡纠纷": (
        ElementSpec("card_issue_date", D, "领卡时间"),
        ElementSpec("credit_limit", A, "信用额度"),
        ElementSpec("principal", A, "透支本金"),
        ElementSpec("interest", A, "利息"),
        ElementSpec("penalty_interest", A, "违约金/滞纳金"),
        ElementSpec("fees", A, "费用"),
        ElementSpec("overdue_since", D, "逾期起始日"),
    ),
    "离婚纠纷": (
        ElementSpec("marriage_date", D, "结婚登记时间"),
        ElementSpec("children", T, "子女情况"),
        ElementSpec("separation_date", D, "分居时间"),
        ElementSpec("joint_property", T, "共同财产"),
    ),
    "劳动争议": (
        ElementSpec("employment_start", D, "入职时间"),
        ElementSpec("monthly_wage", A, "月工资"),
        ElementSpec("unpaid_wages", A, "欠付工资"),
        ElementSpec("dismissal_date", D, "解除劳动关系时间"),
        ElementSpec("severance", A, "经济补偿金"),
    ),
    "物业服务合同纠纷": (
        ElementSpec("fee_rate", T, "物业费标准"),
        ElementSpec("unpaid_since", D, "欠费起始"),
        ElementSpec("unpaid_amount", A, "欠付物业费"),
    ),
    "融资租赁合同纠纷": (
        ElementSpec("contract_date", D, "合同签订时间"),
        ElementSpec("leased_property", T, "租赁物"),
        ElementSpec("total_rent", A, "租金总额"),
        ElementSpec("paid_rent", A, "已付租金"),
        ElementSpec("unpaid_rent", A, "欠付租金"),
        ElementSpec("overdue_since", D, "逾期起始日"),
        ElementSpec("retention_price", A, "留购价款"),
        *_GUARANTEE,
    ),
    "保证保险合同纠纷": (
        ElementSpec("policy_date", D, "保险合同(保单)签订时间"),
        ElementSpec("insured_loan_amount", A, "被保险借款金额"),
        ElementSpec("compensation_date", D, "理赔(代偿)时间"),
        ElementSpec("compensation_amount", A, "理赔(代偿)金额"),
        ElementSpec("recovered_amount", A, "已追偿金额"),
    ),
    "证券虚假陈述责任纠纷": (
        ElementSpec("implementation_date", D, "虚假陈述实施日"),
        ElementSpec("disclosure_date", D, "揭露日"),
        ElementSpec("base_date", D, "基准日"),
        ElementSpec("securities", T, "证券名称(代码)"),
        ElementSpec("claimed_loss", A, "投资差额损失"),
    ),
}

# Causes of the SPC catalogue (2020) that a form covers: the form's own cause and its closer causes.
CAUSE_SCHEMAS: dict[str, str] = {
    **{name: name for name in SCHEMAS if name != "劳动争议"},
    "小额借款合同纠纷": "金融借款合同纠纷",
    "信息网络买卖合同纠纷": "买卖合同纠纷",
    "分期付款买卖合同纠纷": "买卖合同纠纷",
    "网络购物合同纠纷": "买卖合同纠纷",
    "劳动争议": "劳动争议",
    "追索劳动报酬纠纷": "劳动争议",
    "劳动合同纠纷": "劳动争议",
    "确认劳动关系纠纷": "劳动争议",
    "经济补偿金纠纷": "劳动争议",
    "证券欺诈责任纠纷": "证券虚假陈述责任纠纷",
}


_BY_LENGTH = sorted(CAUSE_SCHEMAS, key=len, reverse=True)


def schema_for(cause: str | None) -> str | None:
    """The element-style form for a cause of action, or None when the cause has none. A name read without the
    catalogue may carry words before the cause (故原告就民间借贷纠纷): the longest known cause it ends with counts."""
    if not cause:
        return None
    found = CAUSE_SCHEMAS.get(cause)
    if found is None and cause.endswith(("纠纷", "争议")):
        found = next((CAUSE_SCHEMAS[c] for c in _BY_LENGTH if cause.endswith(c)), None)
    return found


# Shapes the rule table writes as <DATE>, <AMOUNT> and <RATE>; values are parsed from the group by nlp.dates,
# nlp.numbers and parse_rate, so these only need to find the extent.
_SHAPES = {
    "<DATE>": r"(?:(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[〇○零一二三四五六七八九]{4}年[〇○零一二三四五六七八九十]{1,3}月"
    r"[〇○零一二三四五六七八九十]{1,3}日|(?:19|20)\d{2}[-./]\d{1,2}[-./]\d{1,2})",
    "<AMOUNT>": r"(?<![\d,，.])(?:人民币|RMB|[¥￥])?\s*(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]+)"
    r"\s*[万亿]?\s*元(?:[零一二三四五六七八九\d]角)?(?:[零一二三四五六七八九\d]分)?整?",
    "<RATE>": r"(?:\d+(?:\.\d+)?\s*[%‰]|[百千万]分之[零一二三四五六七八九十点\d.]+|[\d一二三四五六七八九两](?:\.\d+)?分(?![之钟]))",
}
_DATE_START = re.compile(_SHAPES["<DATE>"])
_FACTS = re.compile(r"事实(?:与|和|及)理由|事实与依据|经审理查明|审理查明|诉称")
_ROLE_PREFIX = re.compile(r"^(?:由|系|被告[一二三四五六]?|原告[一二三四五六]?|第三人|案外人)\s*[:：]?")
_GENERIC_TEXT = {"货物", "产品", "商品", "货", "物品"}
_OVERDUE_AFTER_DUE = re.compile(
    r"(?:到期后|期满后|逾期)[^。；;\n]{0,30}?(?:未|没有|拒不|均未)(?:归还|偿还|还款|还|履行)"
)


@dataclass(frozen=True, slots=True)
class ElementRule:
    """A compiled row of the rule table: search `scope` ("facts" or "claims") with `pattern`; group v (and v2,
    joined) is the value."""

    key: str
    scope: str
    pattern: re.Pattern[str]
    confidence: float
    date_led: bool = False  # the pattern opens with <DATE>: tried only where a date starts


@dataclass(frozen=True, slots=True)
class FoundElement:
    key: str
    value: Decimal | date | Rate | str | bool
    start: int
    end: int
    confidence: float


def compile_rules(table: dict[str, list[tuple[str, str, str, float]]]) -> dict[str, list[ElementRule]]:
    """The registered table (schema -> [(key, scope, pattern, confidence)]) compiled, shapes filled in."""
    out: dict[str, list[ElementRule]] = {}
    for schema, rows in table.items():
        if schema not in SCHEMAS:
            raise ValueError(f"element rules for unknown schema {schema!r}")
        keys = {s.key for s in SCHEMAS[schema]}
        compiled = []
        for key, scope, pattern, confidence in rows:
            if key not in keys or scope not in ("facts", "claims"):
                raise ValueError(f"bad element rule {schema}/{key}/{scope}")
            date_led = pattern.startswith("(?P<v><DATE>)")
            for shape, regex in _SHAPES.items():
                pattern = pattern.replace(shape, regex)
            compiled.append(ElementRule(key, scope, re.compile(pattern), confidence, date_led))
        out[schema] = compiled
    return out


_RATE = re.compile(
    r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>[%‰]|分)|(?P<frac>[百千万])分之(?P<cn>[零一二三四五六七八九十点\d.]+)"
    r"|(?P<fen>[一二三四五六七八九两])分"
)
_PER = {"年": "year", "月": "month", "日": "day", "天": "day"}
_FRACTION = {
    "百": Decimal(1),
    "千": Decimal("0.1"),
    "万": Decimal("0.01"),
}  # 百分之/千分之/万分之 n, as percent


def _cn_decimal(text: str) -> Decimal:
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return Decimal(text)
    whole, _, frac = text.replace(".", "点").partition("点")
    value = Decimal(chinese_integer(whole)) if whole else Decimal(0)
    digits = "".join(str(chinese_integer(ch)) for ch in frac)
    return value + (Decimal(f"0.{digits}") if digits else 0)


def parse_rate(text: str) -> Rate | None:
    """A rate as written: 月利率1%, 年利率3.85%, 月息2分, 每日万分之五, 日千分之一; None without a period or figure."""
    m = _RATE.search(text)
    if m is None:
        return None
    per = next((_PER[ch] for ch in reversed(text[: m.start()]) if ch in _PER), None)
    if per is None:
        return None
    try:
        if m["frac"]:
            percent = _FRACTION[m["frac"]] * _cn_decimal(m["cn"])
        elif m["fen"] or m["unit"] == "分":
            # 分 in folk lending: 月息1分 is 1% a month, 年息1分 is 10% a year.
            n = Decimal(chinese_integer(m["fen"])) if m["fen"] else Decimal(m["num"])
            percent = n * (10 if per == "year" else 1)
        else:
            percent = Decimal(m["num"]) / (10 if m["unit"] == "‰" else 1)
    except (ValueError, ArithmeticError):
        return None
    return Rate(
        percent=percent.normalize() if percent != percent.to_integral_value() else Decimal(int(percent)),
        per=per,
    )


def _value(spec: ElementSpec, raw: str) -> Decimal | date | Rate | str | bool | None:
    if spec.type is ElementType.AMOUNT:
        amounts = find_amounts(raw)
        return amounts[0][0] if amounts and amounts[0][0] > 0 else None
    if spec.type is ElementType.DATE:
        dates = find_dates(raw)
        return dates[0][0] if dates else None
    if spec.type is ElementType.RATE:
        return parse_rate(raw)
    if spec.type is ElementType.BOOL:
        return True
    if spec.choices:
        return next((value for word, value in spec.choices if word in raw), None)
    cleaned = _ROLE_PREFIX.sub("", raw.strip()).strip()
    return cleaned if cleaned and cleaned not in _GENERIC_TEXT else None


def read_elements(text: str, schema: str, rules: list[ElementRule]) -> dict[str, FoundElement]:
    """The elements of `schema` found in the text: per key, the first rule (in table order) that yields a value,
    the facts section searched before the claims."""
    specs = {s.key: s for s in SCHEMAS[schema]}
    facts = _FACTS.search(text)
    regions = {
        "facts": (facts.start(), len(text)) if facts else (0, len(text)),
        "claims": (0, facts.start()) if facts else (0, len(text)),
    }
    found: dict[str, FoundElement] = {}
    for scope in ("facts", "claims"):
        lo, hi = regions[scope]
        date_starts: list[int] | None = None
        for rule in rules:
            if rule.scope != scope or rule.key in found:
                continue
            if rule.date_led:
                # Searching a pattern that opens with a date costs a date attempt at every character; a date
                # scan once per region and an anchored match at each date is several times cheaper.
                if date_starts is None:
                    date_starts = [m.start() for m in _DATE_START.finditer(text, lo, hi)]
                matches: Iterator[re.Match[str]] = (
                    m for s in date_starts if (m := rule.pattern.match(text, s, hi)) is not None
                )
            else:
                matches = rule.pattern.finditer(text, lo, hi)
            for m in matches:
                groups = [g for g in ("v", "v2") if g in rule.pattern.groupindex and m[g]]
                if not groups:
                    continue
                raw = "".join(m[g] for g in groups)
                value = _value(specs[rule.key], raw)
                if value is not None:
                    found[rule.key] = FoundElement(
                        rule.key, value, m.start(groups[0]), m.end(groups[-1]), rule.confidence
                    )
                    break
    _infer_overdue(text, regions["facts"], specs, found)
    return found


def _infer_overdue(
    text: str, facts: tuple[int, int], specs: dict[str, ElementSpec], found: dict[str, FoundElement]
) -> None:
    """A loan unpaid after its due date is overdue from the next day (民法典 Art. 676: overdue interest runs from
    the failure to repay on time)."""
    due = found.get("due_date")
    if (
        "overdue_since" not in specs
        or "overdue_since" in found
        or due is None
        or not isinstance(due.value, date)
    ):
        return
    m = _OVERDUE_AFTER_DUE.search(text, *facts)
    if m is not None:
        found["overdue_since"] = FoundElement(
            "overdue_since", due.value + timedelta(days=1), m.start(), m.end(), 0.6
        )
