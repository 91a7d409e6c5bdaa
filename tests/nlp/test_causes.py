"""Cause of action: names a document writes, evidence-based inference on the catalogue tree, and scoring at the
gold label's level. Snippets are hand-written from patterns seen in real judgments, not copied from them."""

from __future__ import annotations

import re

import pytest

from nlp.catalogue import Catalogue, seeded_catalogue
from nlp.components.rules import CAUSE_EVIDENCE
from nlp.eval_real import cause_hit, half
from nlp.extract import extract_docket
from testkit.shared_corpus import CORPUS as SHARED


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return seeded_catalogue()


def _cause(text: str, catalogue: Catalogue) -> tuple[str | None, float | None]:
    d = extract_docket(text, catalogue)
    source = d.sources.get("cause_of_action")
    return (d.cause_of_action.name if d.cause_of_action else None), (source.confidence if source else None)


def test_every_evidence_row_names_a_catalogue_cause(catalogue: Catalogue) -> None:
    for pattern, cause, weight, scope in CAUSE_EVIDENCE:
        re.compile(pattern)
        assert catalogue.cause(cause) is not None, cause
        assert weight > 0 and scope in ("", "refine", "special", "claim")


def test_the_catalogue_knows_its_tree(catalogue: Catalogue) -> None:
    lending = catalogue.cause("民间借贷纠纷")
    assert lending is not None
    assert [e.name for e in catalogue.lineage(lending)][:2] == ["民间借贷纠纷", "借款合同纠纷"]
    assert catalogue.falls_under(lending, "合同纠纷") and not catalogue.falls_under(lending, "侵权责任纠纷")
    seaman = catalogue.cause("船员劳务合同纠纷")
    assert seaman is not None and catalogue.falls_under(seaman, "海事海商纠纷")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("原告张某与被告李某借款纠纷一案，本院于2020年3月1日立案后。", "借款合同纠纷"),  # a looser name
        (
            "原告某某公司与被告某某公司居间合同纠纷一案，本院受理后。",
            "中介合同纠纷",
        ),  # alias of the 2020 name
        ("案由：房屋租赁合同纠纷\n原告：王某。", "房屋租赁合同纠纷"),
    ],
)
def test_a_cause_the_document_names_is_normalised_to_the_catalogue(
    text: str, expected: str, catalogue: Catalogue
) -> None:
    name, confidence = _cause(text, catalogue)
    assert name == expected and confidence is not None and confidence > 0.9


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "经审理查明：某甲受雇于被告，在其所有的“某渔12345”号渔船上担任船员，双方约定月工资6000元。某甲随船出海半年后下船，"
            "被告尚欠其工资2万元未付。",
            "船员劳务合同纠纷",
        ),
        (
            "原告诉称：被告所属“某某”轮在长江口与原告的船舶发生碰撞，致原告船舶沉没，船上货物灭失。",
            "船舶碰撞损害责任纠纷",
        ),
        (
            "经审理查明：2018年5月，被告驾驶小型轿车与原告驾驶的电动车相撞，发生交通事故，交警认定被告负事故全部责任。",
            "机动车交通事故责任纠纷",
        ),
        (
            "经审理查明：原、被告于2010年登记结婚，婚后常因琐事争吵，夫妻感情已经破裂，原告起诉要求离婚。",
            "离婚纠纷",
        ),
        (
            "经审理查明：原告与被告签订《车辆租赁合同》，约定被告租用原告轿车一辆，每月租金3000元，被告拖欠租金至今。",
            "车辆租赁合同纠纷",
        ),
        (
            "经审理查明：被告向原告借款5万元，并出具借条一张，约定一年内归还，到期后被告未还借款。",
            "民间借贷纠纷",
        ),
        (
            "经审理查明：原告系某保险公司，承保的车辆被被告撞损，原告赔付后依法取得代位求偿权，向被告代位追偿。",
            "保险人代位求偿权纠纷",
        ),
    ],
)
def test_the_facts_say_the_cause_when_the_document_does_not(
    text: str, expected: str, catalogue: Catalogue
) -> None:
    name, confidence = _cause(text, catalogue)
    assert name == expected and confidence is not None and confidence < 0.9


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the insurer paid its insured and claims in the insured's place: not a road-accident claim, however much the
        # facts recount the accident
        (
            "经审理查明：某日，被告驾驶小型轿车与某乙驾驶的轿车相撞，发生交通事故，交警认定被告负事故全部责任。某乙的车辆在原告处"
            "投保车辆损失险。事故后某乙要求原告先予赔付车辆维修费用，原告向某乙支付理赔款2万元。",
            "保险人代位求偿权纠纷",
        ),
        # an objection to an enforcement: the case being enforced is named (…纠纷一案) but is not this one
        (
            "经审理查明：本院受理某公司申请执行某建设公司建设工程施工合同纠纷一案，执行中查封了被告名下的车位。原告提出执行异议被驳回，"
            "遂提起案外人执行异议之诉。另查明，原告与被告签订车位买卖合同并付清价款。",
            "案外人执行异议之诉",
        ),
        # the injured helped the other for nothing at his asking, whatever the work was (here, driving)
        (
            "经审理查明：原、被告系同村村民。某日，被告邀请原告帮忙，让原告驾驶农用车将被告的三轮车拖去修理，途中车辆翻入沟中，"
            "致原告受伤，花去医疗费1万元。",
            "义务帮工人受害责任纠纷",
        ),
        # the injured is the defendant school's pupil
        (
            "经审理查明：原告系被告某中学初二年级学生，住校。某日晚，原告在宿舍内被同学打伤，花去医疗费5000元。",
            "教育机构责任纠纷",
        ),
        # an illness that bars marrying, hidden before the wedding
        (
            "经审理查明：原告与被告于2010年登记结婚。婚前，被告曾因精神分裂症多次住院治疗，未告知原告。婚后原告得知此事。",
            "婚姻无效纠纷",
        ),
        # a divorce suit tells its marriage failing, whatever it says of the children
        (
            "经审理查明：原、被告于2008年登记结婚，婚后生育一子。双方常因生活琐事发生矛盾，2019年起分居至今，其间曾协商离婚事宜未果。"
            "儿子现随原告生活。",
            "离婚纠纷",
        ),
        # the parties' child, living with one of them: a dispute about the child
        (
            "经审理查明：原、被告原系夫妻，婚后生一子。2012年双方经法院调解离婚，儿子随被告生活。后儿子一直随原告在娘家生活，"
            "被告未再过问。",
            "抚养纠纷",
        ),
    ],
)
def test_what_the_parties_are_to_each_other_says_the_cause(
    text: str, expected: str, catalogue: Catalogue
) -> None:
    name, _ = _cause(text, catalogue)
    entry, want = catalogue.cause(name or ""), catalogue.cause(expected)
    assert entry is not None and want is not None and catalogue.falls_under(entry, expected), (name, expected)


def test_a_special_jurisdiction_outranks_a_claim_row(catalogue: Catalogue) -> None:
    # a cargo insurer's subrogation after a voyage is a maritime case
    text = (
        "经审理查明：被告承运的集装箱货物自装货港出运，船舶在航行中遭遇大风，货物落水灭失。货主在原告处投保海上货物运输保险，"
        "原告赔付后取得代位求偿权，向承运人代位求偿。"
    )
    name, _ = _cause(text, catalogue)
    entry = catalogue.cause(name or "")
    assert entry is not None and catalogue.falls_under(entry, "海事海商纠纷"), name


def test_a_case_only_plainly_about_ships_says_the_maritime_branch(catalogue: Catalogue) -> None:
    text = "原告诉称：涉案船舶在港口靠泊期间，该船船长与码头方就航次安排发生争议，船东为此另行安排海上作业。"
    name, confidence = _cause(text, catalogue)
    assert name == "海事海商纠纷" and confidence is not None and confidence <= 0.6


def test_a_partys_name_is_no_evidence(catalogue: Catalogue) -> None:
    text = (
        "原告：某某汽车租赁有限公司，住所地某市。\n被告：张某。\n"
        "经审理查明：被告向原告借款10万元，出具借条，约定月底归还，被告至今未还借款。"
    )
    assert _cause(text, catalogue)[0] == "民间借贷纠纷"


@pytest.mark.parametrize(
    "text",
    [
        # the debt came to the defendant by an assignment: the claim is still for a loan
        "原告：赵某，男，1980年1月1日生。\n被告：钱某，男，1985年2月2日生。\n原告向本院提出诉讼请求：1、被告归还借款本金5万元；"
        "2、本案诉讼费由被告负担。事实和理由：原告与某公司签订债权转让协议，某公司受让原告债权，后某公司未按债权转让协议付款，"
        "被告承诺承担该债务并向原告出具借条。",
        # the borrower died: the heirs are sued within the estate, for the loan
        "原告孙某诉称：周某生前向原告借款8万元并出具借条，后周某去世。被告系其法定继承人，应在继承遗产范围内清偿债务。"
        "故请求判令：1、被告在周某遗产范围内清偿借款8万元；2、诉讼费由被告承担。经查，被告未放弃继承，遗产尚未分割。",
    ],
)
def test_a_claim_for_a_loan_outweighs_how_the_debt_came_about(text: str, catalogue: Catalogue) -> None:
    assert _cause(text, catalogue)[0] == "民间借贷纠纷"


def test_a_written_acknowledgment_of_debt_is_loan_evidence(catalogue: Catalogue) -> None:
    text = (
        "原告向本院提出诉讼请求：要求被告偿还欠款3万元。事实和理由：原告为被告垫付了基地运营费用，"
        "被告向原告出具欠款证明一份，载明欠原告3万元。后经催要，被告以欠款证明所载款项尚未核对为由拒不支付。"
    )
    assert _cause(text, catalogue)[0] == "民间借贷纠纷"


def test_an_assignment_claimed_as_such_stays_an_assignment(catalogue: Catalogue) -> None:
    text = (
        "原告向本院提出诉讼请求：判令被告支付债权转让款10万元。事实和理由：原告与被告签订债权转让协议，约定原告将其对某公司的"
        "债权转让给被告，被告应支付转让款10万元，现被告未付。"
    )
    assert _cause(text, catalogue)[0] == "债权转让合同纠纷"


_LEASE_OF_LAND = (
    "经审理查明，2014年2月10日，某村某社的农村土地承包经营户与被告郑某签订了《农村土地承包经营权出租合同》，"
    "约定将土地出租给被告，租金每年每亩600元。被告承租后未按约支付租金，原告多次催要租金未果。"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the title says which contract, whatever the lease words around it (without it: 租赁合同纠纷)
        (_LEASE_OF_LAND, "土地经营权出租合同纠纷"),
        # a title the catalogue knows by the end of one of its names (房屋拆迁安置补偿合同纠纷, an alias)
        (
            "经审理查明：2013年5月20日，原、被告签订《拆迁安置补偿协议书》，约定被告给原告置换门面房400平方米，"
            "被告至今未交付门面房，亦未支付过渡费。",
            "民事主体间房屋拆迁补偿合同纠纷",
        ),
        # two titled contracts of different kinds: the title says nothing, the words do
        (_LEASE_OF_LAND.replace("。被告承租后", "，又签订《农资买卖合同》。被告承租后"), "租赁合同纠纷"),
        # a security for a debt is no dispute of its own
        (
            "经审理查明，原告向被告借款10万元，双方签订《保证合同》，由某某提供担保。借款到期后被告未归还借款。",
            "民间借贷纠纷",
        ),
    ],
)
def test_the_contract_the_parties_titled_says_which_contract(
    text: str, expected: str, catalogue: Catalogue
) -> None:
    assert _cause(text, catalogue)[0] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "事实和理由：2016年2月，原告受雇在二被告所属渔船上打工，口头约定年工资120000元。2017年1月原告下船，"
            "二被告尚欠工资款24400元，至今拒不支付。",
            "船员劳务合同纠纷",
        ),
        (
            "事实和理由：被告名下有一条渔船，原告多年前开始在该船干大车，每天工资400元，被告尚欠工资35600元。",
            "船员劳务合同纠纷",
        ),
        # wages owed on land stay a labour dispute
        (
            "事实和理由：原告在被告经营的饭店工作，约定月工资4000元，被告尚欠工资12000元至今未付。",
            "追索劳动报酬纠纷",
        ),
    ],
)
def test_work_on_a_ship_is_a_seamans_maritime_case(text: str, expected: str, catalogue: Catalogue) -> None:
    assert _cause(text, catalogue)[0] == expected


def test_a_cause_under_the_gold_one_scores_at_the_golds_level(catalogue: Catalogue) -> None:
    seaman = catalogue.cause("船员劳务合同纠纷")
    assert seaman is not None
    assert cause_hit({"code": seaman.code, "name": seaman.name}, "海事海商纠纷", catalogue) == (1, 0)
    assert cause_hit({"code": None, "name": "中介合同纠纷"}, "居间合同纠纷", catalogue) == (1, 1)
    assert cause_hit({"code": None, "name": "海事海商纠纷"}, "船员劳务合同纠纷", catalogue) == (
        0,
        0,
    )  # says less
    assert cause_hit({"code": None, "name": "买卖合同纠纷"}, "民间借贷纠纷", catalogue) == (0, 0)


def test_the_halves_are_fixed_by_id() -> None:
    assert half("cjrc-test-303") == half("cjrc-test-303")
    assert {half(f"x-{i}") for i in range(20)} == {"tune", "check"}


@pytest.mark.skipif(not (SHARED / "real").is_dir(), reason="shared real-text corpus not present")
def test_real_causes_keep_their_figures_on_both_halves(catalogue: Catalogue) -> None:
    from nlp.eval_real import evaluate_directory

    report = evaluate_directory(SHARED / "real", catalogue, halves="both")
    # 2026-11: cjrc_civil 0.648 tune / 0.392 check (0.549 / 0.392 before the relation and claim rows); 0.648 / 0.419
    # with the contract the parties titled. cail2022_maritime 0.902 / 0.954, then 0.951 / 1.0 with work on a ship
    floors = {"cail2022_maritime": 0.93, "cjrc_civil": 0.40, "scm_private_lending": 0.98}
    for source, floor in floors.items():
        for part in ("tune", "check"):
            got = report[f"{source}[{part}]:cause_of_action"]
            assert got["recall"] >= floor, (source, part, got)
