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
        "原告": "plaintiff",
        "原告人": "plaintiff",
        "起诉人": "plaintiff",
        "自诉人": "plaintiff",
        "反诉被告": "plaintiff",
        "附带民事诉讼原告人": "plaintiff",
        "被告": "defendant",
        "被告人": "defendant",
        "反诉原告": "defendant",
        "第三人": "third_party",
        "原审第三人": "third_party",
        "申请执行人": "applicant",
        "申请人": "applicant",
        "再审申请人": "applicant",
        "复议申请人": "applicant",
        "异议人": "applicant",
        "案外人": "third_party",
        "被执行人": "respondent",
        "被申请人": "respondent",
        "被申请执行人": "respondent",
        "上诉人": "appellant",
        "被上诉人": "appellee",
    }


@registry.misc("court.agent_labels.v1")
def agent_labels() -> dict[str, str]:
    """Labels of the people acting for a party -> "representative" (legal_representative) or "agent"."""
    return {
        "法定代表人": "representative",
        "负责人": "representative",
        "主要负责人": "representative",
        "经营者": "representative",
        "投资人": "representative",
        "执行事务合伙人": "representative",
        "代表人": "representative",
        "法人代表": "representative",
        "委托诉讼代理人": "agent",
        "委托代理人": "agent",
        "诉讼代理人": "agent",
        "特别授权代理人": "agent",
        "法定代理人": "agent",
        "指定代理人": "agent",
        "辩护人": "agent",
        "指定辩护人": "agent",
        "共同委托诉讼代理人": "agent",
    }


@registry.misc("court.ignored_labels.v1")
def ignored_labels() -> list[str]:
    """Clause labels inside a party block that are neither parties nor their agents."""
    return ["公诉机关", "抗诉机关", "原公诉机关", "支持起诉机关"]


@registry.misc("court.address_labels.v1")
def address_labels() -> list[str]:
    return [
        "住所地",
        "住所",
        "住址",
        "经常居住地",
        "户籍所在地",
        "户籍地",
        "户籍",
        "现住址",
        "现住",
        "住",
        "营业场所",
        "主要营业场所",
        "主要经营场所",
        "经营场所",
        "注册地址",
        "注册地",
        "地址",
        "居住地",
        "家住",
    ]


@registry.misc("court.section_headers.v1")
def section_headers() -> list[str]:
    """Phrases that end the party block (regular expressions)."""
    return [
        r"诉讼请求",
        r"请求事项",
        r"申请执行事项",
        r"执行请求",
        r"申请事项",
        r"执行事项",
        r"上诉请求",
        r"再审请求",
        r"事实(?:与|和|及)理由",
        r"诉称",
        r"辩称",
        r"一案",
        r"本院认为",
        r"经审理查明",
        r"审理终结",
        r"执行依据",
        r"执行标的",
        r"案由[:：]",
        r"请求判令",
        r"起诉书指控",
        r"指控[:：，,]",
    ]


@registry.misc("court.claim_headers.v1")
def claim_headers() -> list[str]:
    """Phrases that open the claims (regular expressions; the text after them is the claims)."""
    return [
        r"(?:诉讼请求|请求事项|申请执行事项|执行请求|申请事项|执行事项|上诉请求|再审请求|诉请)(?:如下)?\s*[:：]",
        r"(?:诉讼请求|请求事项|申请执行事项)\s*\n",
        r"(?:诉至法院|诉至本院|向本院)?(?:请求|要求)(?:依法)?(?:判令|法院|本院)?[:：]",
        # A judgment's account of the claims, with no colon: …故诉至法院，要求被告偿还…; 请求判令两被告共同归还…
        r"(?:诉至法院|诉至本院|诉请(?:人民)?法院|诉请本院|诉诸法院|起诉至法院|起诉至本院|提起诉讼|起诉)\s*[,，]?\s*"
        r"(?!(?:请求|要求|诉请)\S{0,8}?[:：])(?=(?:(?:请求|要求|诉请)\S{0,6}?)?(?:判令|判决|被告(?!人)|依法))",
        r"现(?:原告)?\S{0,4}?(?:诉讼)?(?:请求|要求)(?=\S{0,4}被告(?!人))",
        # (a defendant's 请求判决驳回… asks for no relief of its own)
        r"(?:请求|要求)(?:法院|本院|人民法院)?(?:依法)?(?=(?:判令|判决)(?!驳回)[^。，,；;\n:：]{2})",
        r"(?:诉讼请求|请求事项|申请执行事项)\s*[为是]?\s*(?=[一二三四五六七八九十\d１-９]+[、.．])",
    ]


@registry.misc("court.claim_end_headers.v1")
def claim_end_headers() -> list[str]:
    return [
        r"事实(?:与|和|及)理由",
        r"事实与依据",
        r"理由如下",
        r"此致",
        r"以上(?:合计|共计|总计)",
        r"原告为支持",
        r"被告\S{0,8}辩称",
        r"经审理查明",
        r"诉讼标的",
        r"申请人为支持",
        r"证据(?:清单|目录)",
        # a judgment's next section, where its text has lost the full stops that would end the claims
        r"另查明",
        r"(?:上述|以上)事实",
        r"本院认为",
    ]


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
    return [
        "公司",
        "分公司",
        "厂",
        "店",
        "行",
        "中心",
        "银行",
        "支行",
        "分行",
        "合作社",
        "联社",
        "委员会",
        "学校",
        "学院",
        "大学",
        "医院",
        "卫生院",
        "事务所",
        "协会",
        "商会",
        "集团",
        "局",
        "站",
        "社",
        "院",
        "所",
        "场",
        "部",
        "馆",
        "园",
        "处",
        "办公室",
        "政府",
        "村委会",
        "居委会",
        "会",
        "队",
        "室",
        "坊",
        "庄",
        "企业",
        "合伙）",
        "合伙)",
        "管理处",
        "基金会",
        "研究院",
        "幼儿园",
    ]


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


# What a text says about its dispute when it does not name its cause: (pattern, cause name, weight, scope), every
# name one of the SPC catalogue (seeds/data/causes.json; tests/nlp/test_causes.py checks each). The catalogue is a
# tree: a word is evidence for its cause and for every cause above it (船员 for 船员劳务合同纠纷 and so for
# 海事海商纠纷), and court_cause walks down the tree from the best-supported branch while the evidence still says
# which way (nlp/components/references.py). A "refine" row only chooses among the causes under a branch other rows
# have chosen: 工资 says which maritime cause a ship's case is, not that a case is maritime. A "special" row marks
# a branch of special jurisdiction: a case about ships and the sea is a maritime case whatever else it is about (a
# seaman's wages, cargo insurance, carriage of goods), so enough of its words choose the branch outright.
# A "claim" row names the suit's own legal ground (代位求偿, 案外人执行异议之诉) and decides the cause outright.
# Counted per match, so a dispute the text keeps coming back to outweighs a word said in passing.
CAUSE_EVIDENCE: list[tuple[str, str, float, str]] = [
    # 人格权
    (r"肖像", "肖像权纠纷", 3.0, ""),
    (r"名誉|诽谤|侮辱", "名誉权纠纷", 2.5, ""),
    (r"隐私", "隐私权纠纷", 3.0, ""),
    (r"个人信息", "个人信息保护纠纷", 2.0, ""),
    (r"姓名权|冒用\S{0,4}姓名|冒名", "姓名权纠纷", 2.5, ""),
    (r"人格权|人格尊严|精神损害", "一般人格权纠纷", 1.0, ""),
    (r"殴打|打伤|致伤|受伤|伤残|人身损害|医疗费|护理费|误工费", "生命权、身体权、健康权纠纷", 0.2, ""),
    # 婚姻家庭、继承
    (
        r"准予离婚|判决离婚|判令离婚|解除婚姻|夫妻感情|感情\S{0,4}破裂|(?:要求|请求|起诉)\S{0,6}离婚",
        "离婚纠纷",
        3.0,
        "",
    ),
    # How a divorce suit tells its marriage: quarrels over trifles, living apart, talks of divorce that failed.
    (r"琐事\S{0,6}(?:矛盾|争吵|吵架)|分居|感情不和|协商离婚事", "离婚纠纷", 2.0, ""),
    (
        r"离婚后\S{0,8}(?:财产|房屋|房产)|(?:协议|调解|判决)离婚\S{0,40}(?:财产|房产|房屋|分割)|离婚协议",
        "离婚后财产纠纷",
        2.0,
        "",
    ),
    (r"彩礼|订婚|婚约", "婚约财产纠纷", 3.0, ""),
    (r"婚姻无效|无效婚姻", "婚姻无效纠纷", 4.0, ""),
    # What makes a marriage void: an illness that bars marrying, kept from the other before the wedding.
    (r"禁止结婚|不宜结婚|婚前\S{0,30}(?:精神分裂|精神病|隐瞒\S{0,6}(?:病|疾病))", "婚姻无效纠纷", 4.0, ""),
    (r"撤销婚姻", "撤销婚姻纠纷", 4.0, ""),
    (r"同居", "同居关系纠纷", 2.0, ""),
    (r"同居\S{0,30}(?:财产|析产|分割)", "同居关系析产纠纷", 2.0, ""),
    (r"抚养", "抚养纠纷", 1.5, ""),
    # The parties' child (婚生女, 生育一子): a family dispute about a child, whatever else the text is about.
    (
        r"(?:生育|生下|育有|婚生)\S{0,3}(?:一|二|两|长|次)?(?:子|女|男孩|女孩|儿子|女儿)|生一子|生一女|生长子|生长女|生次子|生次女",
        "抚养纠纷",
        1.0,
        "",
    ),
    (r"抚养费|生活费|教育费", "抚养费纠纷", 1.0, "refine"),
    (r"变更抚养|抚养权|随原告\S{0,6}生活|随被告\S{0,6}生活", "变更抚养关系纠纷", 1.5, "refine"),
    (r"扶养", "扶养纠纷", 2.5, ""),
    (r"扶养费|生活费", "扶养费纠纷", 1.0, "refine"),
    (r"变更扶养|扶养权|随原告(?:共同)?生活|随被告(?:共同)?生活", "变更扶养关系纠纷", 1.5, "refine"),
    (r"赡养|养老送终", "赡养纠纷", 3.0, ""),
    (r"赡养费", "赡养费纠纷", 1.0, "refine"),
    (r"变更赡养|由\S{1,6}赡养|赡养\S{0,6}协议", "变更赡养关系纠纷", 1.5, "refine"),
    (r"收养", "收养关系纠纷", 3.0, ""),
    (r"解除收养", "解除收养关系纠纷", 2.0, "refine"),
    (r"探望|看望", "探望权纠纷", 2.5, ""),
    (r"监护权", "监护权纠纷", 3.0, ""),
    (r"分家|析产", "分家析产纠纷", 2.0, ""),
    (r"继承|遗产|去世|死亡后\S{0,6}(?:房屋|财产)", "法定继承纠纷", 1.5, ""),
    (r"遗嘱", "遗嘱继承纠纷", 3.0, ""),
    # 物权
    (r"确认\S{0,12}(?:所有权|归\S{0,6}所有)|产权归属", "所有权确认纠纷", 2.0, ""),
    (r"返还原物", "返还原物纠纷", 3.0, ""),
    (r"排除妨害|妨碍", "排除妨害纠纷", 2.0, ""),
    (r"恢复原状", "恢复原状纠纷", 3.0, ""),
    (r"相邻|通行|排水|采光|日照|通风", "相邻关系纠纷", 1.5, ""),
    (r"共有|共同共有|按份共有", "共有纠纷", 1.5, ""),
    (r"不动产登记|房屋登记|过户登记|登记\S{0,6}(?:错误|更正|撤销)", "不动产登记纠纷", 2.0, ""),
    (
        r"集体经济组织|村民小组\S{0,20}(?:分配|成员)|(?:征地|安置)补偿款\S{0,20}分配",
        "侵害集体经济组织成员权益纠纷",
        2.5,
        "",
    ),
    (r"承包地|土地承包|承包经营权|承包土地|家庭承包", "土地承包经营权合同纠纷", 1.5, ""),
    (r"征收补偿|征地补偿|补偿款\S{0,10}分配|补偿费\S{0,10}分配", "承包地征收补偿费用分配纠纷", 2.0, ""),
    (r"流转|转让\S{0,6}(?:土地|承包)", "土地承包经营权转让合同纠纷", 1.0, "refine"),
    (r"宅基地", "宅基地使用权纠纷", 3.0, ""),
    (r"林地|山林|林木|造林|林权", "林业承包合同纠纷", 1.5, ""),
    # 合同
    (r"货款|买卖|购销|供货|采购|购买", "买卖合同纠纷", 1.0, ""),
    (r"分期付款|首付\S{0,10}余款|分\S{1,3}期\S{0,4}(?:付清|支付)", "分期付款买卖合同纠纷", 2.0, ""),
    (r"购房|房屋买卖|购买\S{0,10}房屋|房款", "房屋买卖合同纠纷", 1.5, ""),
    (r"商品房|预售", "商品房销售合同纠纷", 2.0, ""),
    (r"认购|定购|预约", "商品房预约合同纠纷", 1.0, "refine"),
    (r"借款合同|贷款合同|发放贷款", "金融借款合同纠纷", 1.0, ""),
    (r"借款|借条|借据|欠条|欠款证明|出借|借贷", "民间借贷纠纷", 1.0, ""),
    (r"小额贷款|小额借款", "小额借款合同纠纷", 3.0, ""),
    (r"不良债权|不良贷款|资产管理公司", "金融不良债权追偿纠纷", 3.0, ""),
    (r"保证人|连带(?:保证|担保)责任|保证责任|担保责任", "保证合同纠纷", 0.5, ""),
    (r"抵押", "抵押合同纠纷", 0.7, ""),
    (r"定金", "定金合同纠纷", 1.5, ""),
    (r"存款|储蓄", "储蓄存款合同纠纷", 1.5, ""),
    (r"信用卡|透支", "信用卡纠纷", 3.0, ""),
    (r"租金|(?<!融资)租赁|承租|出租", "租赁合同纠纷", 1.5, ""),
    (
        r"(?:房屋|门面|商铺|店面|厂房|房子|住房|门市|铺面|写字楼)\S{0,6}(?:租|出租)|租\S{0,4}(?:房屋|门面|商铺|店面|厂房|门市)",
        "房屋租赁合同纠纷",
        1.0,
        "",
    ),
    (r"(?:车辆|汽车|轿车|货车)\S{0,6}租|租\S{0,3}车", "车辆租赁合同纠纷", 1.0, ""),
    (r"钢管|扣件|脚手架|周转料|顶托|顶丝|模板|塔吊|挖掘机|设备租赁", "建筑设备租赁合同纠纷", 1.0, "refine"),
    (r"融资租赁|租赁物|留购", "融资租赁合同纠纷", 4.0, ""),
    (r"承揽|定作|定做", "承揽合同纠纷", 1.5, ""),
    (r"加工", "加工合同纠纷", 1.5, ""),
    (r"工程款|建设工程|施工合同", "建设工程施工合同纠纷", 2.5, ""),
    (r"分包|转包", "建设工程分包合同纠纷", 1.5, "refine"),
    (r"监理", "建设工程监理合同纠纷", 3.0, ""),
    (r"装修|装饰", "装饰装修合同纠纷", 1.5, ""),
    (r"建房|盖房|(?:修建|新建|建造)\S{0,4}房屋|房屋\S{0,4}(?:修建|建造)", "农村建房施工合同纠纷", 2.5, ""),
    (r"运输|运费|承运|托运", "运输合同纠纷", 1.5, ""),
    (r"货物运输|运费|托运|运输\S{0,10}货物|承运", "公路货物运输合同纠纷", 1.0, "refine"),
    (r"乘坐|乘客|旅客|客车|车票", "公路旅客运输合同纠纷", 2.0, ""),
    (r"保管|寄存", "保管合同纠纷", 2.0, ""),
    (r"仓储|仓库|存货", "仓储合同纠纷", 2.0, ""),
    (r"理财|代为炒股|(?:委托|代为)\S{0,4}(?:投资|理财)", "民间委托理财合同纠纷", 3.0, ""),
    (r"物业(?:服务)?费|物业服务", "物业服务合同纠纷", 3.0, ""),
    (r"中介|居间", "中介合同纠纷", 3.0, ""),
    (r"合伙", "合伙合同纠纷", 2.0, ""),
    (r"典当|当票", "典当纠纷", 4.0, ""),
    (r"旅游|旅行社|导游", "旅游合同纠纷", 3.0, ""),
    (r"保安", "保安服务合同纠纷", 3.0, ""),
    (r"话费|电信|宽带|手机号码", "电信服务合同纠纷", 2.5, ""),
    (r"快递|寄件", "快递服务合同纠纷", 3.0, ""),
    (r"培训", "教育培训合同纠纷", 2.0, ""),
    (r"劳务费|劳务报酬|劳务合同", "劳务合同纠纷", 1.5, ""),
    (r"广告", "广告合同纠纷", 2.0, ""),
    (r"追偿", "追偿权纠纷", 1.5, ""),
    (r"不当得利|错汇|误汇|转错|多支付|多付", "不当得利纠纷", 3.0, ""),
    (r"无因管理", "无因管理纠纷", 4.0, ""),
    (r"电费|供电|用电", "供用电合同纠纷", 2.5, ""),
    (r"水费|供水|用水", "供用水合同纠纷", 2.0, ""),
    (r"燃气|天然气|煤气", "供用气合同纠纷", 2.5, ""),
    (r"供热|供暖|取暖费|采暖费|热费", "供用热力合同纠纷", 3.0, ""),
    (r"赠与|赠予|赠送", "赠与合同纠纷", 1.5, ""),
    (r"债权转让|转让\S{0,10}债权", "债权转让合同纠纷", 2.0, ""),
    (r"(?:合同|协议)\S{0,6}无效", "确认合同无效纠纷", 1.5, ""),
    (r"特许经营|加盟|区域代理|品牌\S{0,6}(?:授权|使用)", "特许经营合同纠纷", 2.5, ""),
    (r"发包|承包\S{0,10}(?:鱼塘|果园|荒山|养殖|大棚|农场|耕地)", "农业承包合同纠纷", 1.0, ""),
    # 劳动争议
    (
        r"劳动报酬|(?:拖欠|结欠|尚欠|未付|未支付|追索|索要)\S{0,6}工资|工资\S{0,4}(?:未付|未支付|未发)",
        "追索劳动报酬纠纷",
        2.0,
        "",
    ),
    (r"工资", "追索劳动报酬纠纷", 0.5, ""),
    (r"劳动合同|经济补偿金|劳动关系|劳动仲裁|劳动争议|解除劳动", "劳动合同纠纷", 1.2, ""),
    (r"确认\S{0,10}劳动关系|存在劳动关系", "确认劳动关系纠纷", 2.0, ""),
    (r"劳务派遣|派遣", "劳务派遣合同纠纷", 2.5, ""),
    (r"认定为工伤|工伤认定|工伤(?:保险)?待遇|伤残补助金|伤残津贴|工伤医疗|工亡", "工伤保险待遇纠纷", 3.0, ""),
    (r"社会保险|社保|养老保险", "社会保险纠纷", 1.0, ""),
    (r"失业保险|失业金", "失业保险待遇纠纷", 3.0, ""),
    (r"福利", "福利待遇纠纷", 2.0, ""),
    # 海事海商: ships and the sea make a case maritime; the words below them say which maritime case
    (
        r"船舶|船员|船长|船东|船方|船公司|轮船|货轮|渔船|驳船|拖轮|捞沙船|运砂船|工程船|船上|该船|涉案船|本船|随船|上船|下船|登船|离船|落水|"
        r"提单|海运|海上|港口|码头|航次|航行|租船|滞期|海事|锚地|靠泊|靠港|离港|进港|出港|水手|轮机|船务|海域|航道|"
        r"集装箱|订舱|拼箱|出运|船名|船期|舱单|目的港|装货港|卸货港|起运港|中转港|锚泊|沉没|水道|海里|捕捞|远洋|航运|水路运输|"
        r"”轮|号轮|”船|”号船|水路货物运输|水路货运",
        "海事海商纠纷",
        1.0,
        "special",
    ),
    # Work on a ship is a seaman's (船员劳务, a maritime case whatever the count of sea words): 在…渔船上打工, 上船工作
    (
        r"(?:渔船|船舶|该船|船上|上船|跟船)\S{0,20}?(?:工作|打工|干活|务工|干大车|做工|雇|工资|报酬)"
        r"|(?:受雇|雇佣|雇用|聘用|聘请|打工|工作|务工)\S{0,12}?(?:渔船|船舶|船上)",
        "海事海商纠纷",
        4.0,
        "special",
    ),
    (r"碰撞|相撞|触碰", "船舶碰撞损害责任纠纷", 2.0, "refine"),
    (r"污染|油污", "船舶污染损害责任纠纷", 2.0, "refine"),
    (r"养殖", "海上、通海水域养殖损害责任纠纷", 2.0, "refine"),
    (r"落水|溺亡|死亡|身亡|受伤|伤亡|人身损害", "海上、通海水域人身损害责任纠纷", 1.0, "refine"),
    (
        r"货物运输|提单|货损|运费|承运|托运|集装箱|货物\S{0,6}(?:灭失|损坏)",
        "海上、通海水域货物运输合同纠纷",
        1.0,
        "refine",
    ),
    (r"旅客|乘客", "海上、通海水域旅客运输合同纠纷", 1.5, "refine"),
    (
        r"船舶\S{0,4}(?:买卖|转让|出售)|(?:买卖|转让|出售|购买|购得)\S{0,6}船",
        "船舶买卖合同纠纷",
        2.0,
        "refine",
    ),
    (r"建造|造船", "船舶建造合同纠纷", 2.0, "refine"),
    (r"修理|维修|修船", "船舶修理合同纠纷", 1.5, "refine"),
    (r"抵押", "船舶抵押合同纠纷", 1.5, "refine"),
    (r"航次租船|程租", "航次租船合同纠纷", 3.0, "refine"),
    (r"租船|期租|租用\S{0,6}船|船\S{0,6}租赁|光船|租金", "船舶租用合同纠纷", 1.5, "refine"),
    (r"融资租赁", "船舶融资租赁合同纠纷", 3.0, "refine"),
    (r"挂靠|承包", "海上、通海水域运输船舶承包合同纠纷", 1.0, "refine"),
    (r"代理费|船舶代理|船代", "船舶代理合同纠纷", 2.0, "refine"),
    (r"货运代理|货代|订舱", "海上、通海水域货运代理合同纠纷", 2.0, "refine"),
    (r"燃油|物料|备品|供油|加油", "船舶物料和备品供应合同纠纷", 1.5, "refine"),
    (r"工资|劳务|报酬|伙食|遣返|聘用|雇佣|受雇|水手|船员", "船员劳务合同纠纷", 1.0, "refine"),
    (r"救助", "海难救助合同纠纷", 2.5, "refine"),
    (r"打捞", "海上、通海水域打捞合同纠纷", 2.5, "refine"),
    (r"拖航|拖带", "海上、通海水域拖航合同纠纷", 2.5, "refine"),
    (r"保险", "海上、通海水域保险合同纠纷", 1.5, "refine"),
    (r"疏浚", "航道、港口疏浚合同纠纷", 3.0, "refine"),
    (r"共同海损", "共同海损纠纷", 4.0, "refine"),
    (r"港口作业|装卸", "港口作业纠纷", 1.5, "refine"),
    (r"所有权|登记所有人|实际所有人|权属", "船舶权属纠纷", 1.0, "refine"),
    (r"共有|合伙", "船舶共有纠纷", 1.5, "refine"),
    # 与公司、证券、保险、票据等有关
    (r"股权转让|转让\S{0,8}股权|股份转让|转让\S{0,8}股份", "股权转让纠纷", 2.5, ""),
    (r"知情权|查阅\S{0,10}(?:账簿|会计|财务)", "股东知情权纠纷", 3.0, ""),
    (r"股东会|董事会|股东大会|决议", "公司决议纠纷", 1.5, ""),
    (r"撤销\S{0,12}决议", "公司决议撤销纠纷", 2.0, "refine"),
    (r"决议\S{0,8}无效|决议\S{0,8}不成立", "公司决议效力确认纠纷", 2.0, "refine"),
    (r"解散公司|公司解散|公司僵局|解散\S{0,4}公司", "公司解散纠纷", 3.0, ""),
    (r"股东资格|股东身份", "股东资格确认纠纷", 3.0, ""),
    (r"破产|管理人", "与破产有关的纠纷", 2.0, ""),
    (r"申报债权|债权申报|债权确认|确认\S{0,10}债权", "破产债权确认纠纷", 1.5, "refine"),
    (r"职工|工资|劳动|社会保险", "职工破产债权确认纠纷", 1.0, "refine"),
    (r"别除权|优先受偿|抵押权|优先权", "别除权纠纷", 2.0, "refine"),
    (r"取回", "取回权纠纷", 2.0, "refine"),
    (r"保险|投保|保单|保费", "保险纠纷", 0.3, ""),
    (r"人寿|寿险|两全|重大疾病|身故", "人寿保险合同纠纷", 2.0, ""),
    (r"意外伤害|意外险", "意外伤害保险合同纠纷", 2.5, ""),
    (r"健康保险|医疗保险金|住院医疗保险", "健康保险合同纠纷", 2.0, ""),
    (r"财产保险|财产损失保险|家财险|车损险|车辆损失险|企业财产", "财产损失保险合同纠纷", 2.0, ""),
    (r"责任保险|第三者责任", "责任保险合同纠纷", 1.5, ""),
    # A claim that names its own legal ground decides the cause whatever the facts are about (an insurer's
    # subrogation after a road accident is not a road-accident claim).
    (r"代位求偿|代位追偿|代为追偿|代位赔偿|行使代位", "保险人代位求偿权纠纷", 8.0, "claim"),
    # An insurer (or the road-accident relief fund) that paid and now claims what its insured could have: the claim
    # is the subrogation, however often the text recounts the accident it paid for.
    (r"代位取得|要求原告\S{0,4}赔付|请求原告\S{0,4}赔付", "保险人代位求偿权纠纷", 6.0, "claim"),
    (r"保证保险|履行保险责任|代偿", "保证保险合同纠纷", 4.0, ""),
    (r"保险代理", "保险代理合同纠纷", 3.0, ""),
    (r"虚假陈述|揭露日|基准日", "证券虚假陈述责任纠纷", 4.0, ""),
    (r"汇票|承兑|票据|背书|支票", "票据纠纷", 1.5, ""),
    (r"追索", "票据追索权纠纷", 1.5, "refine"),
    # 知识产权
    (r"著作权|版权|作品", "著作权权属、侵权纠纷", 1.5, ""),
    (
        r"信息网络传播|网络传播|在线播放|在线观看|网站\S{0,10}(?:播放|提供)|下载",
        "侵害作品信息网络传播权纠纷",
        1.5,
        "refine",
    ),
    (r"复制", "侵害作品复制权纠纷", 1.0, "refine"),
    (r"发行|销售\S{0,10}(?:图书|光盘|盗版)", "侵害作品发行权纠纷", 1.0, "refine"),
    (r"放映|卡拉OK|KTV|点播", "侵害作品放映权纠纷", 1.0, "refine"),
    (r"录音录像|音像制品|MV|音乐电视|录像制品", "侵害录音录像制作者权纠纷", 2.0, "refine"),
    (r"软件", "侵害计算机软件著作权纠纷", 1.0, "refine"),
    (r"著作权人|著作权登记|权属", "著作权权属纠纷", 0.5, "refine"),
    (r"商标", "商标权权属、侵权纠纷", 3.0, ""),
    (r"侵权|侵害|假冒|被控|仿冒", "侵害商标权纠纷", 1.0, "refine"),
    (r"专利", "专利权权属、侵权纠纷", 3.0, ""),
    (r"实用新型", "侵害实用新型专利权纠纷", 3.0, "refine"),
    (r"外观设计", "侵害外观设计专利权纠纷", 3.0, "refine"),
    (r"发明专利", "侵害发明专利权纠纷", 3.0, "refine"),
    (r"不正当竞争", "不正当竞争纠纷", 3.0, ""),
    (r"商业秘密|技术秘密", "侵害商业秘密纠纷", 3.0, ""),
    # 侵权责任
    (r"交通事故|交强险|机动车|驾驶\S{0,30}(?:碰撞|相撞|撞)", "机动车交通事故责任纠纷", 3.0, ""),
    (r"医疗损害|医疗过错|医疗事故|误诊|过错\S{0,6}诊疗|诊疗\S{0,6}过错", "医疗损害责任纠纷", 3.0, ""),
    (r"产品质量|产品缺陷|质量缺陷|缺陷产品|爆炸|生产者|销售者", "产品责任纠纷", 1.5, ""),
    (r"安全保障|安保义务|摔倒|滑倒|跌倒", "违反安全保障义务责任纠纷", 1.5, ""),
    (
        r"商场|超市|酒店|宾馆|饭店|浴室|游泳|公交车",
        "经营场所、公共场所的经营者、管理者责任纠纷",
        0.5,
        "refine",
    ),
    (r"学校|学生|幼儿园|老师|教师|班主任", "教育机构责任纠纷", 1.0, ""),
    # The injured party is the defendant's pupil (原告系被告某校学生): the school's duty is the dispute.
    (
        r"系被告\S{0,20}(?:学生|学员|幼儿)|是被告\S{0,20}(?:学生|学员|幼儿)|在校期间|住校|寄宿",
        "教育机构责任纠纷",
        3.0,
        "",
    ),
    (r"狗|犬|猫|咬伤|动物", "饲养动物损害责任纠纷", 2.5, ""),
    (r"坠落|脱落|倒塌|掉落|坍塌|砸伤", "建筑物和物件损害责任纠纷", 1.5, ""),
    (r"触电|高压线|电线", "触电人身损害责任纠纷", 3.0, ""),
    (r"雇佣|雇主|雇工|受雇", "提供劳务者受害责任纠纷", 1.5, ""),
    (r"帮忙|帮工|义务帮", "义务帮工人受害责任纠纷", 2.5, ""),
    # The relation of the parties: one asked the other to help for nothing (请原告帮忙), whatever the help was.
    (
        "|".join(
            f"{ask}{who}\\S{{0,6}}帮(?:忙|工)"
            for ask in ("邀请", "请", "叫", "喊", "找")
            for who in ("原告", "被告")
        )
        + "|无偿帮|义务帮忙",
        "义务帮工人受害责任纠纷",
        5.0,
        "",
    ),
    (r"污染|噪音|噪声", "环境污染责任纠纷", 2.0, ""),
    (r"火车|列车|铁路", "铁路运输损害责任纠纷", 1.5, ""),
    # 特殊诉讼程序
    (r"执行异议之诉|案外人执行异议", "案外人执行异议之诉", 8.0, "claim"),
    (r"无民事行为能力", "申请宣告自然人无民事行为能力", 3.0, ""),
]


@registry.misc("court.cause_keywords.v2")
def cause_keywords_v2() -> list[tuple[str, str, float, str]]:
    """The evidence table above (v1 was a flat list of causes, the heaviest total winning)."""
    return list(CAUSE_EVIDENCE)
