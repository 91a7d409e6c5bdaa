"""The element-style docket (要素式): when the cause has a form, fill its elements; the rule table is registered.

Rows are (element key, scope, pattern, confidence): scope "facts" searches from 事实与理由 (or 经审理查明) on,
"claims" the text before it and runs only when the facts gave nothing; group v (plus v2, joined) is the value,
read as its element's type. Within a key the first row that yields a value wins, so surer rows come first.
Patterns use the shapes <DATE>, <AMOUNT> and <RATE> (nlp/elements.py); [^。；;\\n] keeps a match in its sentence.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

from nlp.components.state import state
from nlp.docket import DocumentKind, Elements
from nlp.elements import compile_rules, read_elements, schema_for

_S = r"[^。；;\n]"  # within one sentence
_C = r"[^，,。；;、\n]"  # within one clause
_NOT_AMOUNT = r"(?:人民币|共计|合计|计)?"

_LOAN_SECURITY: list[tuple[str, str, str, float]] = [
    (
        "guarantor",
        "facts",
        rf"由(?P<v>{_C}{{2,30}}?)(?:为|对)?(?:该|上述|此|本|前述)?(?:笔)?(?:借款|债务|还款)?(?:提供|承担)(?:了)?"
        r"(?:连带责任保证|连带保证|一般保证|保证担保|保证|担保)",
        0.85,
    ),
    ("guarantor", "facts", rf"(?<=[，,。；;、\n])(?P<v>{_C}{{2,20}}?)(?:作为|以)(?:保证人|担保人)", 0.8),
    (
        "guarantor",
        "facts",
        rf"(?:保证人|担保人)(?:为|系|是|[:：])(?P<v>{_C}{{2,20}}?)(?=[，,。；;、\n(（]|在|签|提供|承担|对)",
        0.8,
    ),
    (
        "guarantor",
        "facts",
        rf"(?P<v>被告[^，,。；;、\n对为提承]{{1,12}})(?:(?:对|为){_C}{{0,20}}?)?(?:承担|提供)(?:了)?"
        r"(?:连带责任保证|连带保证|一般保证|保证担保|保证责任|保证|担保)",
        0.8,
    ),
    ("guarantee_kind", "facts", r"(?P<v>连带责任保证|连带保证|连带责任担保|一般保证)", 0.9),
    ("guarantee_kind", "facts", r"(?:承担|负)(?P<v>连带)(?:清偿|还款|保证)?责任", 0.7),
    ("security", "facts", r"(?:提供|设定|设立|办理|作为|作|以)[^。；;\n]{0,16}?(?P<v>抵押|质押)", 0.8),
    ("security", "facts", r"(?P<v>抵押|质押)(?:合同|登记|担保)", 0.8),
]


@registry.misc("court.element_rules.v1")
def element_rules() -> dict[str, list[tuple[str, str, str, float]]]:
    """Schema (cause) -> rows (key, scope, pattern, confidence)."""
    return {
        "民间借贷纠纷": [
            (
                "loan_date",
                "facts",
                rf"(?P<v><DATE>){_S}{{0,40}}?(?:借款|借给|出借|借得|借走|借支|借取|借(?:原告|被告|其)?(?=人民币|[\d一二两三四五六七八九十壹贰叁肆伍陆柒捌玖])){_S}{{0,12}}?<AMOUNT>",
                0.9,
            ),
            ("loan_date", "facts", rf"(?P<v><DATE>){_S}{{0,40}}?(?:借款|借给|出借|借得|借走|借支)", 0.75),
            (
                "loan_amount",
                "facts",
                rf"(?:交付借款|提供借款|借款|借给|出借|借得|借走|借支|借取|借(?:原告|被告|其)?(?=人民币|[\d一二两三四五六七八九十壹贰叁肆伍陆柒捌玖])){_C}{{0,8}}?(?P<v><AMOUNT>)",
                0.85,
            ),
            (
                "delivery_method",
                "facts",
                r"(?:以|通过|用|采取)(?P<v>现金|银行转账|微信转账|支付宝转账|转账|汇款|微信|支付宝)",
                0.85,
            ),
            ("delivery_method", "facts", r"(?P<v>现金|转账)(?:方式)?(?:交付|支付|出借|借给|给付)", 0.8),
            ("term_start", "facts", r"(?:借款)?期限(?:为|自|从)?(?P<v><DATE>)(?:起)?\s*(?:至|到|-|—|~)", 0.9),
            ("due_date", "facts", rf"(?:借款)?期限{_S}{{0,30}}?(?:至|到|-|—|~)(?P<v><DATE>)", 0.9),
            ("due_date", "facts", r"(?:还款|到期)(?:日期|日|时间)?(?:为|是|定于)(?P<v><DATE>)", 0.85),
            (
                "due_date",
                "facts",
                rf"(?:于|在)(?P<v><DATE>)(?:前|之前|以前)?{_S}{{0,6}}?(?:一次性)?(?:归还|还清|偿还|还款|还本付息)",
                0.8,
            ),
            (
                "interest_rate",
                "facts",
                r"(?P<v>(?:年|月|日)(?:化)?(?:利率|利息|息)(?:为|按)?[^。；;\n，,]{0,6}?<RATE>)",
                0.85,
            ),
            ("interest_rate", "facts", r"利率(?:为|按)?(?P<v>(?:年|月|日)[^。；;\n，,]{0,4}?<RATE>)", 0.8),
            (
                "repaid_principal",
                "facts",
                rf"已(?:经)?(?:归还|偿还|返还|还款|还){_C}{{0,6}}?本金{_NOT_AMOUNT}(?P<v><AMOUNT>)",
                0.9,
            ),
            # 偿还借款本金 alone is as often a demand as a payment: only a marked past repayment counts
            (
                "repaid_principal",
                "facts",
                rf"(?:先后|陆续|共|曾)(?:归还|偿还|返还)(?:了)?(?:借款)?本金{_NOT_AMOUNT}(?P<v><AMOUNT>)",
                0.8,
            ),
            (
                "repaid_principal",
                "facts",
                rf"已(?:经)?(?:归还|偿还|返还|还款|还)(?:了)?(?:借款|欠款)?{_NOT_AMOUNT}(?P<v><AMOUNT>)",
                0.7,
            ),
            (
                "repaid_interest",
                "facts",
                rf"(?:支付|偿还|归还|付)(?:了)?(?:借款)?利息{_NOT_AMOUNT}(?P<v><AMOUNT>)",
                0.85,
            ),
            (
                "interest_paid_until",
                "facts",
                r"利息(?:已)?(?:支付|付|结清|偿还|归还)(?:至|到)(?P<v><DATE>)",
                0.9,
            ),
            (
                "outstanding_principal",
                "facts",
                rf"(?:尚欠|仍欠|下欠|剩余|尚有|还欠|结欠)(?:原告)?(?:借款)?(?:本金)?(?:未还)?{_NOT_AMOUNT}(?P<v><AMOUNT>)",
                0.85,
            ),
            # judgments put the claims inside the facts (原告诉称…要求被告偿还借款本金…)
            (
                "outstanding_principal",
                "facts",
                rf"(?:要求|请求|判令){_S}{{0,12}}?(?:归还|偿还|返还){_S}{{0,8}}?(?:借款)?(?:本金)?{_NOT_AMOUNT}(?P<v><AMOUNT>)",
                0.7,
            ),
            (
                "outstanding_principal",
                "claims",
                rf"(?:归还|偿还|返还){_S}{{0,8}}?(?:借款)?本金{_NOT_AMOUNT}(?P<v><AMOUNT>)",
                0.7,
            ),
            (
                "outstanding_principal",
                "claims",
                rf"(?:归还|偿还|返还){_S}{{0,6}}?借款{_NOT_AMOUNT}(?P<v><AMOUNT>)",
                0.65,
            ),
            (
                "overdue_since",
                "facts",
                rf"(?:自|从)(?P<v><DATE>)(?:起|开始)?{_S}{{0,10}}?(?:逾期|未再?(?:按约|按期)?(?:归还|偿还|还款|支付利息|付息|还本付息)|(?:停止|不再)(?:还款|付息|支付利息))",
                0.85,
            ),
            (
                "overdue_since",
                "facts",
                rf"(?P<v><DATE>)(?:后|以后|之后)?(?:起)?{_S}{{0,6}}?(?:停止|不再)(?:还款|付息|支付利息)",
                0.8,
            ),
            *_LOAN_SECURITY,
        ],
        "买卖合同纠纷": [
            (
                "contract_date",
                "facts",
                rf"(?P<v><DATE>){_S}{{0,30}}?签订(?:了)?{_S}{{0,6}}?《[^》]{{0,20}}(?:合同|协议|订单)》",
                0.85,
            ),
            (
                "contract_date",
                "facts",
                rf"(?P<v><DATE>)(?:起)?{_S}{{0,12}}?建立(?:了)?{_S}{{0,8}}?买卖(?:合同)?关系",
                0.75,
            ),
            (
                "goods",
                "facts",
                r"(?:供应|供货|购买|采购|订购|销售|出售|提供)(?:了)?(?P<v>[^，,。；;、\n《》]{2,20}?)"
                r"(?=[，,。；;\n]|一批|共计|合计|等货物|货物|产品|\d)",
                0.75,
            ),
            (
                "total_price",
                "facts",
                rf"(?:货款总额|总货款|合同总价|总价款|总价|价款总计|货款合计|合同金额|货物总价|合同价款)(?:为|计)?"
                rf"{_NOT_AMOUNT}(?P<v><AMOUNT>)",
                0.85,
            ),
            (
                "paid_amount",
                "facts",
                rf"(?:已|仅|先后|陆续)(?:经)?(?:支付|付款|付|给付|支付了)(?:了)?(?:货款|价款)?{_NOT_AMOUNT}(?P<v><AMOUNT>)",
                0.85,
            ),
            (
                "unpaid_amount",
                "facts",
                rf"(?:尚欠|仍欠|下欠|拖欠|结欠|余欠|尚余|未付)(?:原告)?(?:货款|价款|款项)?{_NOT_AMOUNT}(?P<v><AMOUNT>)",
                0.85,
            ),
            ("unpaid_amount", "facts", rf"(?:欠款|余款)(?:金额)?(?:为)?{_NOT_AMOUNT}(?P<v><AMOUNT>)", 0.75),
            ("unpaid_amount", "claims", rf"支付{_S}{{0,6}}?货款{_NOT_AMOUNT}(?P<v><AMOUNT>)", 0.65),
            ("delivery_date", "facts", r"(?:交货|交付|送货)(?:日期|时间)(?:为|是)?(?P<v><DATE>)", 0.9),
            ("delivery_date", "facts", rf"(?P<v><DATE>){_S}{{0,20}}?(?:交付|交货|送货|发货|送达)", 0.75),
            (
                "payment_term",
                "facts",
                r"(?P<v>(?:收货|交货|到货|验收|开票|对账)(?:后|之日起)\s*\d+\s*(?:日|天|个月)内(?:付清|支付|结清)"
                r"[^，,。；;\n]{0,6})",
                0.8,
            ),
            (
                "penalty_rate",
                "facts",
                r"(?P<v>(?:每日|每天|按日|日|每月|月|年)[^。；;\n，,]{0,4}?<RATE>)[^。；;\n]{0,10}?"
                r"(?:违约金|滞纳金|逾期付款|利息|损失)",
                0.8,
            ),
            (
                "penalty_rate",
                "facts",
                r"(?:违约金|滞纳金|逾期付款损失)[^。；;\n]{0,10}?(?P<v>(?:每日|每天|按日|日|每月|月|年)"
                r"[^。；;\n，,]{0,4}?<RATE>)",
                0.8,
            ),
            *_LOAN_SECURITY,
        ],
        "机动车交通事故责任纠纷": [
            (
                "accident_date",
                "facts",
                rf"(?P<v><DATE>){_S}{{0,60}}?(?:驾驶|发生(?:交通)?事故|相撞|碰撞|撞)",
                0.85,
            ),
            (
                "accident_place",
                "facts",
                rf"沿(?P<v>{_C}{{2,30}}?)(?:由|自|从)?[东南西北]{{0,2}}(?:往|向)?[东南西北]{{0,2}}行驶至"
                rf"(?P<v2>{_C}{{2,30}}?(?:路段|路口|交叉口|处|附近))",
                0.85,
            ),
            ("accident_place", "facts", rf"行驶至(?P<v>{_C}{{2,30}}?(?:路段|路口|交叉口|处|附近))", 0.8),
            ("accident_place", "facts", rf"在(?P<v>{_C}{{2,30}}?(?:路段|路口|交叉口))(?:与|发生)", 0.75),
            (
                "defendant_liability",
                "facts",
                rf"被告{_S}{{0,12}}?(?:负|承担)(?:本次|本起|此次|该起)?(?:事故|交通事故)?的?"
                r"(?P<v>全部|主要|同等|次要|无)责任",
                0.9,
            ),
            (
                "disability_grade",
                "facts",
                r"(?:构成|评定为|鉴定为|评定|鉴定)(?P<v>[一二三四五六七八九十]{1,2}级)(?:伤残|残疾)",
                0.9,
            ),
            ("hospital_days", "facts", r"住院(?:治疗)?(?:共|共计)?(?P<v>\d{1,4})(?:天|日)", 0.85),
            *[
                (key, scope, rf"{word}(?:用)?(?:为|计|共计|合计)?[:：]?(?P<v><AMOUNT>)", conf)
                for key, word in (
                    ("medical_expenses", "医疗费"),
                    ("lost_income", "误工费"),
                    ("nursing_expenses", "护理费"),
                    ("transport_expenses", "交通费"),
                    ("disability_compensation", "残疾赔偿金"),
                    ("property_loss", "(?:车辆损失|财产损失|车损|车辆维修费)"),
                )
                for scope, conf in (("facts", 0.85), ("claims", 0.8))
            ],
            (
                "total_loss",
                "facts",
                r"(?:各项损失|损失)(?:费用)?(?:共计|合计|总计)(?:人民币)?(?P<v><AMOUNT>)",
                0.85,
            ),
            (
                "total_loss",
                "claims",
                r"(?:各项损失|损失)(?:费用)?(?:共计|合计|总计)?(?:人民币)?(?P<v><AMOUNT>)",
                0.8,
            ),
            ("compulsory_insurance", "facts", r"(?P<v>交强险|机动车交通事故责任强制保险)", 0.8),
        ],
        "金融借款合同纠纷": [
            (
                "contract_date",
                "facts",
                rf"(?P<v><DATE>){_S}{{0,30}}?签订(?:了)?{_S}{{0,10}}?《[^》]{{0,30}}》",
                0.85,
            ),
            (
                "loan_amount",
                "facts",
                rf"(?:发放贷款|发放借款|发放了贷款|贷款金额|借款金额|放款|贷款|借款){_NOT_AMOUNT}(?P<v><AMOUNT>)",
                0.8,
            ),
            (
                "interest_rate",
                "facts",
                r"(?P<v>(?:年|月|日)(?:化)?(?:利率|利息|息)(?:为|按)?[^。；;\n，,]{0,6}?<RATE>)",
                0.85,
            ),
            (
                "principal",
                "facts",
                rf"(?:尚欠|结欠|拖欠|仍欠|下欠){_S}{{0,8}}?本金{_NOT_AMOUNT}(?P<v><AMOUNT>)",
                0.85,
            ),
            (
                "principal",
                "claims",
                rf"(?:归还|偿还|支付){_S}{{0,8}}?(?:贷款|借款)?本金{_NOT_AMOUNT}(?P<v><AMOUNT>)",
                0.7,
            ),
            ("interest", "facts", rf"(?<!罚)(?<!复)利息{_NOT_AMOUNT}(?P<v><AMOUNT>)", 0.8),
            ("interest", "claims", rf"(?<!罚)(?<!复)利息{_NOT_AMOUNT}(?P<v><AMOUNT>)", 0.75),
            ("penalty_interest", "facts", rf"罚息{_NOT_AMOUNT}(?P<v><AMOUNT>)", 0.8),
            ("penalty_interest", "claims", rf"罚息{_NOT_AMOUNT}(?P<v><AMOUNT>)", 0.75),
            ("fees", "facts", rf"(?:手续费|律师费|实现债权的费用){_NOT_AMOUNT}(?P<v><AMOUNT>)", 0.75),
            (
                "overdue_since",
                "facts",
                rf"(?:自|从|于)(?P<v><DATE>)(?:起|开始)?{_S}{{0,10}}?(?:逾期|未再?(?:按约|按期)?(?:还本付息|归还|偿还|还款|支付))",
                0.85,
            ),
            *_LOAN_SECURITY,
        ],
        "信用卡纠纷": [
            (
                "card_issue_date",
                "facts",
                rf"(?P<v><DATE>){_S}{{0,20}}?(?:申领|申请办理|办理|领用|申办){_S}{{0,10}}?信用卡",
                0.85,
            ),
            (
                "credit_limit",
                "facts",
                rf"(?:信用额度|授信额度|透支额度)(?:为)?{_NOT_AMOUNT}(?P<v><AMOUNT>)",
                0.85,
            ),
            ("principal", "facts", rf"(?:透支本金|欠款本金|本金){_NOT_AMOUNT}(?P<v><AMOUNT>)", 0.85),
            ("principal", "claims", rf"(?:透支本金|欠款本金|本金){_NOT_AMOUNT}(?P<v><AMOUNT>)", 0.75),
            ("interest", "facts", rf"利息{_NOT_AMOUNT}(?P<v><AMOUNT>)", 0.8),
            ("interest", "claims", rf"利息{_NOT_AMOUNT}(?P<v><AMOUNT>)", 0.75),
            ("penalty_interest", "facts", rf"(?:滞纳金|违约金){_NOT_AMOUNT}(?P<v><AMOUNT>)", 0.8),
            ("penalty_interest", "claims", rf"(?:滞纳金|违约金){_NOT_AMOUNT}(?P<v><AMOUNT>)", 0.75),
            ("fees", "facts", rf"(?:手续费|年费|分期手续费){_NOT_AMOUNT}(?P<v><AMOUNT>)", 0.8),
            (
                "overdue_since",
                "facts",
                rf"(?:自|从|于)(?P<v><DATE>)(?:起|开始)?{_S}{{0,10}}?(?:逾期|未(?:按约|按期)?(?:还款|归还|偿还))",
                0.85,
            ),
        ],
        "离婚纠纷": [
            (
                "marriage_date",
                "facts",
                rf"(?P<v><DATE>){_S}{{0,10}}?(?:登记结婚|办理(?:了)?结婚登记|结婚)",
                0.9,
            ),
            (
                "children",
                "facts",
                rf"(?:生育|育有|生有|婚生)(?P<v>[一二两三四五\d](?:子|女|个孩子|名子女|儿|男|个儿子|个女儿)(?:{_C}{{0,12}}?)?)(?=[，,。；;\n])",
                0.8,
            ),
            ("separation_date", "facts", r"(?:自|从|于)?(?P<v><DATE>)(?:起)?(?:开始)?分居", 0.85),
            (
                "joint_property",
                "facts",
                rf"(?:共同财产|夫妻共同财产)(?:有|为|包括)[:：]?(?P<v>{_S}{{2,60}})",
                0.7,
            ),
        ],
        "劳动争议": [
            (
                "employment_start",
                "facts",
                r"(?:自|从|于)?(?P<v><DATE>)(?:起)?(?:入职|进入被告|在被告处|到被告处|至被告处|受聘于)",
                0.85,
            ),
            (
                "monthly_wage",
                "facts",
                rf"(?:月工资|每月工资|月薪|工资标准)(?:为|是)?(?:每月)?{_NOT_AMOUNT}(?P<v><AMOUNT>)",
                0.85,
            ),
            (
                "unpaid_wages",
                "facts",
                rf"(?:拖欠|尚欠|欠付|未支付|未付)(?:原告)?(?:的)?(?:工资|劳动报酬){_NOT_AMOUNT}(?P<v><AMOUNT>)",
                0.85,
            ),
            (
                "unpaid_wages",
                "claims",
                rf"支付{_S}{{0,10}}?(?:工资|劳动报酬){_NOT_AMOUNT}(?P<v><AMOUNT>)",
                0.65,
            ),
            (
                "dismissal_date",
                "facts",
                rf"(?P<v><DATE>){_S}{{0,20}}?(?:解除(?:了)?(?:与原告的)?劳动(?:合同|关系)|辞退|开除)",
                0.8,
            ),
            ("severance", "facts", rf"经济补偿(?:金)?{_NOT_AMOUNT}(?P<v><AMOUNT>)", 0.8),
            ("severance", "claims", rf"经济补偿(?:金)?{_NOT_AMOUNT}(?P<v><AMOUNT>)", 0.75),
        ],
        "物业服务合同纠纷": [
            (
                "fee_rate",
                "facts",
                r"(?:物业(?:服务)?费(?:收费)?标准|收费标准)(?:为|按|是)?(?:每月)?(?P<v>\d+(?:\.\d+)?\s*元\s*(?:/|每)\s*"
                r"(?:平方米|㎡|m²|平米)(?:\s*[·/每]?\s*月)?)",
                0.85,
            ),
            (
                "unpaid_since",
                "facts",
                rf"(?:自|从)(?P<v><DATE>)(?:起)?{_S}{{0,10}}?(?:未|拒不|拖欠|欠缴)(?:缴纳|交纳|支付)?",
                0.85,
            ),
            (
                "unpaid_amount",
                "facts",
                rf"(?:共计|合计|拖欠|尚欠|欠缴)(?:物业(?:服务)?费)?{_NOT_AMOUNT}(?P<v><AMOUNT>)",
                0.8,
            ),
            ("unpaid_amount", "claims", rf"物业(?:服务)?费{_NOT_AMOUNT}(?P<v><AMOUNT>)", 0.7),
        ],
        "融资租赁合同纠纷": [
            ("contract_date", "facts", rf"(?P<v><DATE>){_S}{{0,30}}?签订{_S}{{0,12}}?融资租赁", 0.9),
            (
                "leased_property",
                "facts",
                rf"(?:租赁物|租赁设备|租赁标的)(?:为|是|系)(?P<v>{_C}{{2,30}}?)(?=[，,。；;]|$)",
                0.8,
            ),
            (
                "total_rent",
                "facts",
                rf"(?:租金总额|租金合计|总租金)(?:为|共计)?{_NOT_AMOUNT}(?P<v><AMOUNT>)",
                0.9,
            ),
            (
                "paid_rent",
                "facts",
                rf"(?:已(?:经)?(?:支付|付|偿还|缴纳))(?:了)?(?:租金){_NOT_AMOUNT}(?P<v><AMOUNT>)",
                0.85,
            ),
            (
                "unpaid_rent",
                "facts",
                rf"(?:尚欠|拖欠|欠付|未付)(?:到期)?(?:租金){_NOT_AMOUNT}(?P<v><AMOUNT>)",
                0.85,
            ),
            (
                "unpaid_rent",
                "claims",
                rf"(?:支付|偿还|给付){_S}{{0,8}}?(?:全部)?(?:未付|到期未付|欠付)?租金{_NOT_AMOUNT}(?P<v><AMOUNT>)",
                0.7,
            ),
            (
                "overdue_since",
                "facts",
                rf"(?:自|从)(?P<v><DATE>)(?:起)?{_S}{{0,10}}?(?:未|拒不|逾期)(?:按(?:期|时|约))?(?:支付|缴纳|偿还)?(?:租金)?",
                0.85,
            ),
            ("retention_price", "facts", rf"留购(?:价款|价格|款)(?:为)?{_NOT_AMOUNT}(?P<v><AMOUNT>)", 0.9),
            (
                "guarantor",
                "facts",
                rf"由(?P<v>{_C}{{2,20}}?)(?:提供|承担)(?:连带责任保证|连带保证|保证担保|担保)",
                0.8,
            ),
            ("guarantee_kind", "facts", r"(?P<v>连带|一般)(?:责任)?保证", 0.85),
        ],
        "保证保险合同纠纷": [
            (
                "policy_date",
                "facts",
                rf"(?P<v><DATE>){_S}{{0,40}}?(?:投保|签订{_S}{{0,10}}?保证保险|出具{_S}{{0,10}}?保(?:险)?单)",
                0.85,
            ),
            (
                "insured_loan_amount",
                "facts",
                rf"(?:借款|贷款)(?:金额|本金)?(?:为)?{_NOT_AMOUNT}(?P<v><AMOUNT>){_S}{{0,30}}?(?:投保|保证保险)",
                0.75,
            ),
            (
                "insured_loan_amount",
                "facts",
                rf"(?:投保|保证保险){_S}{{0,30}}?(?:借款|贷款)(?:金额|本金)?(?:为)?{_NOT_AMOUNT}(?P<v><AMOUNT>)",
                0.75,
            ),
            (
                "compensation_date",
                "facts",
                rf"(?:于)?(?P<v><DATE>){_S}{{0,20}}?(?:理赔|代偿|赔付|履行保险责任)",
                0.85,
            ),
            (
                "compensation_amount",
                "facts",
                rf"(?:理赔|代偿|赔付|代为偿还|代为清偿){_S}{{0,12}}?(?:款项|款)?{_NOT_AMOUNT}(?P<v><AMOUNT>)",
                0.85,
            ),
            (
                "compensation_amount",
                "claims",
                rf"(?:理赔款|代偿款|赔付款|保险赔款){_NOT_AMOUNT}(?P<v><AMOUNT>)",
                0.7,
            ),
            (
                "recovered_amount",
                "facts",
                rf"(?:已(?:经)?(?:追回|追偿|归还|偿还)){_S}{{0,6}}?{_NOT_AMOUNT}(?P<v><AMOUNT>)",
                0.8,
            ),
        ],
        "证券虚假陈述责任纠纷": [
            (
                "implementation_date",
                "facts",
                rf"(?:虚假陈述)?实施日(?:为|是|系)?{_S}{{0,6}}?(?P<v><DATE>)",
                0.9,
            ),
            ("disclosure_date", "facts", rf"(?:虚假陈述)?揭露日(?:为|是|系)?{_S}{{0,6}}?(?P<v><DATE>)", 0.9),
            ("base_date", "facts", rf"基准日(?:为|是|系)?{_S}{{0,6}}?(?P<v><DATE>)", 0.9),
            # The security's name follows the verb of the trade (买入某某科技（股票代码：300123）) or a label.
            (
                "securities",
                "facts",
                r"(?<=买入|购入|购买|持有|认购|交易)(?P<v>[\u4e00-\u9fff]{2,8}[（(]\s*(?:股票|证券)?代码[:：]?\s*\d{6}\s*[)）])",
                0.85,
            ),
            (
                "securities",
                "facts",
                r"(?:证券|股票)(?:名称|简称)[:：为]?\s*(?P<v>[\u4e00-\u9fffA-Z*]{2,8})",
                0.8,
            ),
            (
                "claimed_loss",
                "claims",
                rf"(?:投资差额损失|投资损失|损失){_S}{{0,6}}?{_NOT_AMOUNT}(?P<v><AMOUNT>)",
                0.75,
            ),
            (
                "claimed_loss",
                "facts",
                rf"(?:投资差额损失|投资损失)(?:为|共计|合计)?{_NOT_AMOUNT}(?P<v><AMOUNT>)",
                0.8,
            ),
        ],
    }


# Documents that do not state the dispute's facts: an enforcement application rests on a judgment, the others are
# attachments. Their elements come from the complaint or judgment filed with them.
_NO_FACTS = {
    DocumentKind.ENFORCEMENT_APPLICATION,
    DocumentKind.EVIDENCE_LIST,
    DocumentKind.POWER_OF_ATTORNEY,
    DocumentKind.IDENTITY_CERTIFICATE,
}


@Language.factory("court_elements", default_config={"rules": {"@misc": "court.element_rules.v1"}})
def make_elements(
    nlp: Language, name: str, rules: dict[str, list[tuple[str, str, str, float]]]
) -> Callable[[Doc], Doc]:
    compiled = compile_rules(rules)

    def elements(doc: Doc) -> Doc:
        layout, docket, _ = state(doc)
        if docket.document_kind in _NO_FACTS:
            return doc
        schema = schema_for(docket.cause_of_action.name if docket.cause_of_action else None)
        if schema is None:  # the common case costs one dictionary look-up
            return doc
        # layout.text is doc.text without spaCy rebuilding the string from its tokens (most of this component's cost)
        found = read_elements(layout.text, schema, compiled.get(schema, []))
        docket.elements = Elements(
            schema=schema,
            values={k: f.value for k, f in found.items()},
            sources={k: layout.source(f.start, f.end, f.confidence) for k, f in found.items()},
        )
        return doc

    return elements
