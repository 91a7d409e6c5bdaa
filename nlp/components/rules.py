"""Rule tables of the docket pipeline, registered in spaCy's registry so the pipeline is rebuilt from config alone.

Each table is a versioned function (`court.role_labels.v1` …); a changed table gets a new version and the config
names the one it uses (the pattern of explosion/projects tutorials/spanruler_restaurant_reviews).
"""

from __future__ import annotations

from spacy.util import registry


@registry.misc("court.role_labels.v1")
def role_labels() -> dict[str, str]:
    """Party labels (诉讼地位) -> role. Order does not matter: the longest label is tried first."""
    return {
        "原告": "plaintiff", "原告人": "plaintiff", "起诉人": "plaintiff", "自诉人": "plaintiff", "反诉被告": "plaintiff",
        "附带民事诉讼原告人": "plaintiff",
        "被告": "defendant", "被告人": "defendant", "反诉原告": "defendant",
        "第三人": "third_party", "原审第三人": "third_party",
        "申请执行人": "applicant", "申请人": "applicant", "再审申请人": "applicant", "复议申请人": "applicant",
        "异议人": "applicant", "案外人": "third_party",
        "被执行人": "respondent", "被申请人": "respondent", "被申请执行人": "respondent",
        "上诉人": "appellant", "被上诉人": "appellee",
    }


@registry.misc("court.agent_labels.v1")
def agent_labels() -> dict[str, str]:
    """Labels of the people acting for a party -> "representative" (legal_representative) or "agent"."""
    return {
        "法定代表人": "representative", "负责人": "representative", "主要负责人": "representative",
        "经营者": "representative", "投资人": "representative", "执行事务合伙人": "representative",
        "代表人": "representative", "法人代表": "representative",
        "委托诉讼代理人": "agent", "委托代理人": "agent", "诉讼代理人": "agent", "特别授权代理人": "agent",
        "法定代理人": "agent", "指定代理人": "agent", "辩护人": "agent", "指定辩护人": "agent",
        "共同委托诉讼代理人": "agent",
    }


@registry.misc("court.ignored_labels.v1")
def ignored_labels() -> list[str]:
    """Clause labels inside a party block that are neither parties nor their agents."""
    return ["公诉机关", "抗诉机关", "原公诉机关", "支持起诉机关"]


@registry.misc("court.address_labels.v1")
def address_labels() -> list[str]:
    return ["住所地", "住所", "住址", "经常居住地", "户籍所在地", "户籍地", "户籍", "现住址", "现住", "住",
            "营业场所", "主要营业场所", "主要经营场所", "经营场所", "注册地址", "注册地", "地址", "居住地", "家住"]


@registry.misc("court.section_headers.v1")
def section_headers() -> list[str]:
    """Phrases that end the party block (regular expressions)."""
    return [
        r"诉讼请求", r"请求事项", r"申请执行事项", r"执行请求", r"申请事项", r"执行事项", r"上诉请求", r"再审请求",
        r"事实(?:与|和|及)理由", r"诉称", r"辩称", r"一案", r"本院认为", r"经审理查明", r"审理终结",
        r"执行依据", r"执行标的", r"案由[:：]", r"请求判令", r"起诉书指控", r"指控[:：，,]",
    ]


@registry.misc("court.claim_headers.v1")
def claim_headers() -> list[str]:
    """Phrases that open the claims (regular expressions; the text after them is the claims)."""
    return [
        r"(?:诉讼请求|请求事项|申请执行事项|执行请求|申请事项|执行事项|上诉请求|再审请求|诉请)(?:如下)?\s*[:：]",
        r"(?:诉讼请求|请求事项|申请执行事项)\s*\n",
        r"(?:诉至法院|诉至本院|向本院)?(?:请求|要求)(?:判令|法院|本院)?[:：]",
        r"(?:诉讼请求|请求事项|申请执行事项)\s*[为是]?\s*(?=[一二三四五六七八九十\d１-９]+[、.．])",
    ]


@registry.misc("court.claim_end_headers.v1")
def claim_end_headers() -> list[str]:
    return [r"事实(?:与|和|及)理由", r"事实与依据", r"理由如下", r"此致", r"以上(?:合计|共计|总计)", r"原告为支持",
            r"被告\S{0,8}辩称", r"经审理查明", r"诉讼标的", r"申请人为支持", r"证据(?:清单|目录)"]


@registry.misc("court.document_titles.v1")
def document_titles() -> list[tuple[str, str]]:
    """(title pattern, document kind); the first match in the document's head wins, so specific forms go first."""
    return [
        (r"(?:民事)?反诉状", "counterclaim"),
        (r"(?:民事|刑事|行政)?上诉状", "appeal"),
        (r"(?:民事|行政)?答辩状", "defence"),
        (r"(?:民事)?再审申请书", "retrial_application"),
        (r"(?:强制)?执行申请书|申请执行书|申请强制执行书", "enforcement_application"),
        (r"(?:诉前|诉讼)?(?:财产)?保全申请书", "preservation_application"),
        (r"刑事自诉状", "criminal_private_complaint"),
        (r"行政起诉状", "administrative_complaint"),
        (r"(?:民事)?起诉状|民事诉状|起诉书", "civil_complaint"),
        (r"证据(?:清单|目录)", "evidence_list"),
        (r"授权委托书", "power_of_attorney"),
        (r"法定代表人身份证明(?:书)?", "identity_certificate"),
        (r"(?:刑事附带民事|刑事|民事|行政|执行)?判决书", "judgment"),
        (r"(?:刑事|民事|行政|执行)?裁定书", "ruling"),
        (r"(?:民事|刑事|行政)?调解书", "mediation_statement"),
        (r"支付令", "payment_order"),
    ]


@registry.misc("court.organisation_suffixes.v1")
def organisation_suffixes() -> list[str]:
    return ["公司", "分公司", "厂", "店", "行", "中心", "银行", "支行", "分行", "合作社", "联社", "委员会", "学校",
            "学院", "大学", "医院", "卫生院", "事务所", "协会", "商会", "集团", "局", "站", "社", "院", "所", "场",
            "部", "馆", "园", "处", "办公室", "政府", "村委会", "居委会", "会", "队", "室", "坊", "庄", "企业",
            "合伙）", "合伙)", "管理处", "基金会", "研究院", "幼儿园"]


@registry.misc("court.cause_keywords.v1")
def cause_keywords() -> list[tuple[str, str, float]]:
    """(pattern, cause name, weight) for documents that do not name their cause; the heaviest total wins."""
    return [
        (r"交通事故|交强险|机动车|驾驶\S{0,30}(?:碰撞|相撞|撞)", "机动车交通事故责任纠纷", 3.0),
        (r"信用卡|透支", "信用卡纠纷", 3.0),
        (r"准予离婚|判决离婚|判令离婚|解除婚姻|夫妻感情", "离婚纠纷", 3.0),
        (r"物业(?:服务)?费|物业服务", "物业服务合同纠纷", 3.0),
        (r"劳动报酬|拖欠\S{0,6}工资|工资", "追索劳动报酬纠纷", 1.5),
        (r"劳动合同|经济补偿金|劳动关系|劳动仲裁", "劳动合同纠纷", 1.2),
        (r"工程款|建设工程|施工合同", "建设工程施工合同纠纷", 2.5),
        (r"装修|装饰", "装饰装修合同纠纷", 1.5),
        # Finance leasing and guarantee insurance name their contracts; the word weighs more than lease words.
        (r"融资租赁|租赁物|留购", "融资租赁合同纠纷", 4.0),
        (r"保证保险|履行保险责任|代偿", "保证保险合同纠纷", 4.0),
        (r"虚假陈述|揭露日|基准日", "证券虚假陈述责任纠纷", 4.0),
        (r"租金|租赁|承租|出租", "房屋租赁合同纠纷", 1.5),
        (r"借款合同|贷款合同|发放贷款", "金融借款合同纠纷", 1.0),
        (r"借款|借条|借据|欠条|出借|借贷", "民间借贷纠纷", 1.0),
        (r"货款|买卖|购销|供货|采购", "买卖合同纠纷", 1.0),
        (r"劳务费|劳务报酬|劳务合同", "劳务合同纠纷", 1.5),
    ]


@registry.misc("court.financial_lenders.v1")
def financial_lenders() -> str:
    """A plaintiff whose name matches this lends as a business: its loan claims are 金融借款合同纠纷, not 民间借贷."""
    return r"银行|信用社|信用合作联社|小额贷款|消费金融|信托|金融租赁|汽车金融"
