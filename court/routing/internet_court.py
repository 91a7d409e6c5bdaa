"""Internet-court categories (互联网法院集中管辖) as dated tables; the filing date picks the table in force.

An internet court takes the listed first-instance cases that a basic court of its city would otherwise hear.
- 法释〔2018〕16号 Art.2, in force 2018-09-07 until 2025-10-31.
- 法释〔2025〕14号 Art.1, in force from 2025-11-01: adds network data, personal information / privacy, virtual
  property and online unfair competition; drops online financial and small loans, the two online-copyright
  categories, general online infringement and product liability for goods bought online.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class InternetCategory:
    """One listed category. A cause falls in when it (or an ancestor) is in `online_by_name`, or when the
    dispute is marked online and the cause (or an ancestor) is in `when_online`."""

    key: str
    item: str
    description: str
    online_by_name: frozenset[str] = field(default_factory=frozenset)
    when_online: frozenset[str] = field(default_factory=frozenset)
    procuratorate_only: bool = False

    def covers(self, lineage: Sequence[str], online: bool, procuratorate: bool) -> bool:
        if self.procuratorate_only and not procuratorate:
            return False
        if any(name in self.online_by_name for name in lineage):
            return True
        return online and any(name in self.when_online for name in lineage)


@dataclass(frozen=True, slots=True)
class InternetCourtRules:
    source: str
    valid_from: date
    valid_until: date | None  # first day no longer in force
    categories: tuple[InternetCategory, ...]

    def in_force(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day < self.valid_until)

    def category(
        self, lineage: Sequence[str], *, online: bool, procuratorate: bool = False
    ) -> InternetCategory | None:
        for category in self.categories:
            if category.covers(lineage, online, procuratorate):
                return category
        return None


def _f(*names: str) -> frozenset[str]:
    return frozenset(names)


_SHOPPING = (
    "通过电子商务平台签订或者履行网络购物合同而产生的纠纷",
    _f("信息网络买卖合同纠纷"),
    _f("买卖合同纠纷"),
)
_SERVICE = ("签订、履行行为均在互联网上完成的网络服务合同纠纷", _f(), _f("网络服务合同纠纷"))
_DOMAIN = ("互联网域名权属、侵权及合同纠纷", _f("网络域名合同纠纷", "网络域名权属、侵权纠纷"), _f())
_PUBLIC_INTEREST = _f("公益诉讼")

RULES_2018 = InternetCourtRules(
    source="法释〔2018〕16号",
    valid_from=date(2018, 9, 7),
    valid_until=date(2025, 11, 1),
    categories=(
        InternetCategory("online_shopping", "法释〔2018〕16号 Art.2(1)", *_SHOPPING),
        InternetCategory("online_service", "法释〔2018〕16号 Art.2(2)", *_SERVICE),
        InternetCategory(
            "online_loan",
            "法释〔2018〕16号 Art.2(3)",
            "签订、履行行为均在互联网上完成的金融借款合同纠纷、小额借款合同纠纷",
            when_online=_f("金融借款合同纠纷", "小额借款合同纠纷"),
        ),
        InternetCategory(
            "online_copyright_ownership",
            "法释〔2018〕16号 Art.2(4)",
            "在互联网上首次发表作品的著作权或者邻接权权属纠纷",
            when_online=_f(
                "著作权权属纠纷",
                "出版者权权属纠纷",
                "表演者权权属纠纷",
                "录音录像制作者权权属纠纷",
                "广播组织权权属纠纷",
            ),
        ),
        InternetCategory(
            "online_copyright_infringement",
            "法释〔2018〕16号 Art.2(5)",
            "在互联网上侵害在线发表或者传播作品的著作权或者邻接权而产生的纠纷",
            online_by_name=_f("侵害作品信息网络传播权纠纷"),
            when_online=_f("著作权权属、侵权纠纷"),
        ),
        InternetCategory("domain_name", "法释〔2018〕16号 Art.2(6)", *_DOMAIN),
        InternetCategory(
            "online_infringement",
            "法释〔2018〕16号 Art.2(7)",
            "在互联网上侵害他人人身权、财产权等民事权益而产生的纠纷",
            online_by_name=_f("网络侵权责任纠纷"),
            when_online=_f("人格权纠纷", "财产损害赔偿纠纷"),
        ),
        InternetCategory(
            "online_product_liability",
            "法释〔2018〕16号 Art.2(8)",
            "通过电子商务平台购买的产品，因存在产品缺陷，侵害他人人身、财产权益而产生的产品责任纠纷",
            when_online=_f("产品责任纠纷"),
        ),
        InternetCategory(
            "online_public_interest",
            "法释〔2018〕16号 Art.2(9)",
            "检察机关提起的互联网公益诉讼案件",
            when_online=_PUBLIC_INTEREST,
            procuratorate_only=True,
        ),
        InternetCategory(
            "online_administrative",
            "法释〔2018〕16号 Art.2(10)",
            "因行政机关作出互联网信息服务管理、互联网商品交易及有关服务管理等行政行为而产生的行政纠纷",
            online_by_name=_f("网络信息服务管理行政纠纷", "网络交易管理行政纠纷"),
        ),
    ),
)

RULES_2025 = InternetCourtRules(
    source="法释〔2025〕14号",
    valid_from=date(2025, 11, 1),
    valid_until=None,
    categories=(
        InternetCategory(
            "network_data",
            "法释〔2025〕14号 Art.1(1)",
            "网络数据权属、侵权、合同纠纷",
            online_by_name=_f("网络数据权属纠纷", "网络数据侵权纠纷", "网络数据合同纠纷"),
        ),
        InternetCategory(
            "personal_information_privacy",
            "法释〔2025〕14号 Art.1(2)",
            "网络个人信息保护、隐私权纠纷",
            when_online=_f("隐私权、个人信息保护纠纷"),
        ),
        InternetCategory(
            "virtual_property",
            "法释〔2025〕14号 Art.1(3)",
            "网络虚拟财产权属、侵权、合同纠纷",
            online_by_name=_f("网络侵害虚拟财产纠纷", "网络虚拟财产权属纠纷", "网络虚拟财产合同纠纷"),
        ),
        InternetCategory(
            "online_unfair_competition",
            "法释〔2025〕14号 Art.1(4)",
            "网络不正当竞争纠纷",
            online_by_name=_f("网络不正当竞争纠纷"),
            when_online=_f("不正当竞争纠纷"),
        ),
        InternetCategory("domain_name", "法释〔2025〕14号 Art.1(5)", *_DOMAIN),
        InternetCategory("online_shopping", "法释〔2025〕14号 Art.1(6)", *_SHOPPING),
        InternetCategory("online_service", "法释〔2025〕14号 Art.1(7)", *_SERVICE),
        InternetCategory(
            "online_administrative",
            "法释〔2025〕14号 Art.1(8)",
            "因行政机关作出网络数据监管、网络个人信息保护监管、网络不正当竞争监管、网络交易管理、网络信息服务管理等行政行为产生的行政纠纷",
            online_by_name=_f(
                "网络数据监管行政纠纷",
                "网络个人信息保护监管行政纠纷",
                "网络不正当竞争监管行政纠纷",
                "网络交易管理行政纠纷",
                "网络信息服务管理行政纠纷",
            ),
        ),
        InternetCategory(
            "online_public_interest",
            "法释〔2025〕14号 Art.1(9)",
            "检察机关提起的网络公益诉讼案件",
            when_online=_PUBLIC_INTEREST,
            procuratorate_only=True,
        ),
    ),
)

TABLES: tuple[InternetCourtRules, ...] = (RULES_2018, RULES_2025)


def rules_for(filing_date: date) -> InternetCourtRules | None:
    """The table in force on the filing date (None before the 2018 provisions)."""
    for table in TABLES:
        if table.in_force(filing_date):
            return table
    return None
