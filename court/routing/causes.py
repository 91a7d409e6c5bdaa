"""Which jurisdiction rule a cause of action (案由, 2020 catalogue 法〔2020〕347号) falls under: our own category table.

The table is keyed by 2020 cause names at whatever level the rule attaches; a sub-cause inherits the category of
its nearest listed ancestor in the catalogue (民间借贷纠纷 103.3 -> 借款合同纠纷 103 -> 合同纠纷 P4.S10).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from seeds.reference import Cause


class Category(StrEnum):
    CONTRACT = "contract"  # CPL Art.24
    REAL_ESTATE = "real_estate"  # CPL Art.34(1), CPL-Interp Art.28: always about immovables
    PROPERTY_RIGHT = "property_right"  # 物权: immovable (Art.34(1)) or movable (Art.22) by the object
    INHERITANCE = "inheritance"  # CPL Art.34(3)
    PORT_OPERATIONS = "port_operations"  # CPL Art.34(2); 海事诉讼特别程序法 Art.7(1)
    MARITIME = "maritime"  # 海事诉讼特别程序法 Art.4: maritime courts
    TORT = "tort"  # CPL Art.29
    TRAFFIC_ACCIDENT = "traffic_accident"  # CPL Art.30
    INSURANCE = "insurance"  # CPL Art.25
    LABOUR = "labour"  # SPC labour-dispute interpretation (法释〔2020〕26号) Art.3
    FAMILY = "family"  # general rule; not a property dispute, so no choice of court
    PERSONALITY = "personality"  # infringement of personality rights: a tort (Art.29), no choice of court
    PROPERTY_OTHER = "property_other"  # other property disputes (Art.35 "其他财产权益纠纷"): general rule
    IP_TECHNICAL = "ip_technical"  # 法释〔2022〕13号 Art.1: designated intermediate courts
    PUBLIC_INTEREST = (
        "public_interest"  # CPL-Interp Art.283: intermediate court of the tort place or defendant
    )
    ADMINISTRATIVE = "administrative"  # 行政诉讼法 Art.18: where the agency that acted sits
    NON_CONTENTIOUS = "non_contentious"  # special procedures (P10): not routed here


# Categories where a written choice-of-court clause may be honoured: CPL Art.35 ("合同或者其他财产权益纠纷").
# Torts (P9) and personality-rights disputes mix personal claims; we do not honour clauses for them.
CLAUSE_ALLOWED = frozenset(
    {Category.CONTRACT, Category.INSURANCE, Category.PROPERTY_OTHER, Category.PROPERTY_RIGHT}
)

CATEGORY_BY_NAME: dict[str, Category] = {
    # --- parts and sections -------------------------------------------------------------------------------
    "人格权纠纷": Category.PERSONALITY,
    "婚姻家庭纠纷": Category.FAMILY,
    "继承纠纷": Category.INHERITANCE,  # CPL Art.34(3)
    "不动产登记纠纷": Category.REAL_ESTATE,
    "物权保护纠纷": Category.PROPERTY_RIGHT,
    "所有权纠纷": Category.PROPERTY_RIGHT,
    "用益物权纠纷": Category.REAL_ESTATE,  # land, sea-area and building use rights: immovables
    "担保物权纠纷": Category.PROPERTY_OTHER,
    "占有保护纠纷": Category.PROPERTY_RIGHT,
    "合同纠纷": Category.CONTRACT,
    "不当得利纠纷": Category.PROPERTY_OTHER,
    "无因管理纠纷": Category.PROPERTY_OTHER,
    "知识产权合同纠纷": Category.CONTRACT,
    "知识产权权属、侵权纠纷": Category.TORT,
    "不正当竞争纠纷": Category.TORT,
    "垄断纠纷": Category.IP_TECHNICAL,  # 法释〔2022〕13号 Art.1
    "劳动争议": Category.LABOUR,
    "人事争议": Category.LABOUR,
    "海事海商纠纷": Category.MARITIME,
    "与企业有关的纠纷": Category.PROPERTY_OTHER,
    "与公司有关的纠纷": Category.PROPERTY_OTHER,
    "合伙企业纠纷": Category.PROPERTY_OTHER,
    "证券纠纷": Category.PROPERTY_OTHER,
    "期货交易纠纷": Category.PROPERTY_OTHER,
    "信托纠纷": Category.PROPERTY_OTHER,
    "保险纠纷": Category.INSURANCE,
    "票据纠纷": Category.PROPERTY_OTHER,
    "信用证纠纷": Category.PROPERTY_OTHER,
    "独立保函纠纷": Category.PROPERTY_OTHER,
    "侵权责任纠纷": Category.TORT,
    "非讼程序案件案由": Category.NON_CONTENTIOUS,
    "特殊诉讼程序案件案由": Category.NON_CONTENTIOUS,
    # --- level 3/4 exceptions ----------------------------------------------------------------------------
    "婚约财产纠纷": Category.PROPERTY_OTHER,
    "离婚后财产纠纷": Category.PROPERTY_OTHER,  # CPL-Interp Art.34: property disputes after divorce
    "分家析产纠纷": Category.PROPERTY_OTHER,
    "财产损害赔偿纠纷": Category.TORT,
    "建筑物区分所有权纠纷": Category.REAL_ESTATE,
    "业主撤销权纠纷": Category.REAL_ESTATE,
    "业主知情权纠纷": Category.REAL_ESTATE,
    "相邻关系纠纷": Category.REAL_ESTATE,  # CPL-Interp Art.28 para 1
    "海域使用权纠纷": Category.MARITIME,
    # CPL-Interp Art.28 para 2: these contracts are routed as real-estate disputes.
    "土地承包经营权合同纠纷": Category.REAL_ESTATE,  # 农村土地承包经营合同纠纷
    "房屋租赁合同纠纷": Category.REAL_ESTATE,
    "建设工程施工合同纠纷": Category.REAL_ESTATE,
    "经济适用房转让合同纠纷": Category.REAL_ESTATE,  # 政策性房屋买卖合同纠纷
    "保证合同纠纷": Category.CONTRACT,
    "技术合同纠纷": Category.CONTRACT,
    "专利权权属、侵权纠纷": Category.IP_TECHNICAL,
    "植物新品种权权属、侵权纠纷": Category.IP_TECHNICAL,
    "集成电路布图设计专有权权属、侵权纠纷": Category.IP_TECHNICAL,
    "侵害技术秘密纠纷": Category.IP_TECHNICAL,
    "计算机软件著作权权属纠纷": Category.IP_TECHNICAL,
    "侵害计算机软件著作权纠纷": Category.IP_TECHNICAL,
    "人身保险合同纠纷": Category.INSURANCE,
    "财产保险合同纠纷": Category.INSURANCE,
    "机动车交通事故责任纠纷": Category.TRAFFIC_ACCIDENT,  # CPL Art.30
    "非机动车交通事故责任纠纷": Category.TRAFFIC_ACCIDENT,
    "港口作业纠纷": Category.PORT_OPERATIONS,  # CPL Art.34(2)
    "港口作业重大责任事故责任纠纷": Category.PORT_OPERATIONS,
    "隐私权、个人信息保护纠纷": Category.PERSONALITY,
    "网络侵害虚拟财产纠纷": Category.TORT,
    "同居关系析产纠纷": Category.PROPERTY_OTHER,
    "执行异议之诉": Category.NON_CONTENTIOUS,
    "公益诉讼": Category.PUBLIC_INTEREST,
    # Names outside the civil catalogue that the internet-court tables use (法释〔2025〕14号 Art.1(1), (3), (8)).
    "网络数据权属纠纷": Category.PROPERTY_OTHER,
    "网络数据侵权纠纷": Category.TORT,
    "网络数据合同纠纷": Category.CONTRACT,
    "网络虚拟财产权属纠纷": Category.PROPERTY_OTHER,
    "网络虚拟财产合同纠纷": Category.CONTRACT,
    "行政纠纷": Category.ADMINISTRATIVE,
    "网络信息服务管理行政纠纷": Category.ADMINISTRATIVE,
    "网络交易管理行政纠纷": Category.ADMINISTRATIVE,
    "网络数据监管行政纠纷": Category.ADMINISTRATIVE,
    "网络个人信息保护监管行政纠纷": Category.ADMINISTRATIVE,
    "网络不正当竞争监管行政纠纷": Category.ADMINISTRATIVE,
}

# Real-estate sale contracts: when the contract is silent, delivering immovables is performed where they lie
# (CPL-Interp Art.18 para 2).
DELIVERS_REAL_ESTATE = frozenset(
    {
        "房屋买卖合同纠纷",
        "商品房预约合同纠纷",
        "商品房预售合同纠纷",
        "商品房销售合同纠纷",
        "农村房屋买卖合同纠纷",
        "房地产开发经营合同纠纷",
    }
)


class UnknownCause(LookupError):
    """The cause is neither in the catalogue nor in the category table."""


class CauseCatalogue:
    """Cause names and codes (with 2011 aliases) to 2020 names, and each name to its jurisdiction category."""

    def __init__(self, causes: Iterable[Cause]) -> None:
        self._by_key: dict[str, Cause] = {}
        for cause in causes:
            for key in (cause.code, cause.name, *cause.aliases):
                # A name that repeats across levels (海事海商纠纷) keeps its most specific row.
                existing = self._by_key.get(key)
                if existing is None or cause.level > existing.level:
                    self._by_key[key] = cause
        self._by_code = {c.code: c for c in self._by_key.values()}

    def canonical(self, text: str) -> str:
        """The 2020 name for a name, alias or code; a name our category table knows is accepted as it is."""
        key = text.strip()
        cause = self._by_key.get(key)
        if cause is not None:
            return cause.name
        if key in CATEGORY_BY_NAME:
            return key
        raise UnknownCause(key)

    def lineage(self, name: str) -> list[str]:
        """The cause and its ancestors' names, nearest first."""
        cause = self._by_key.get(name)
        names = [name]
        seen: set[str] = set()
        while cause is not None and cause.parent and cause.parent not in seen:
            seen.add(cause.parent)
            cause = self._by_code.get(cause.parent)
            if cause is not None:
                names.append(cause.name)
        return names

    def category(self, name: str) -> Category:
        for ancestor in self.lineage(name):
            if ancestor in CATEGORY_BY_NAME:
                return CATEGORY_BY_NAME[ancestor]
        raise UnknownCause(name)
