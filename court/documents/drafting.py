"""Drafting a court document from the case: the header, the parties, the claims and the procedure, prefilled.

Pure functions over plain data (no I/O): `draft(kind, facts)` returns the content a judge or clerk then edits. A
notice is complete as drafted; a decision (判决书, 裁定书, 调解书) leaves the parts only the judge can write — the
facts found, the reasoning, the operative part — as sections with a prompt in brackets.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import msgspec

from court.documents.kinds import JUDICIAL_ACTS, DocumentKind, title_of
from court.errors import Conflict, InvalidInput
from court.i18n import msg

ROLE_LABELS = {
    "plaintiff": "原告",
    "defendant": "被告",
    "third_party": "第三人",
    "applicant": "申请人",
    "respondent": "被申请人",
    "appellant": "上诉人",
    "appellee": "被上诉人",
}
PROCEDURE_LABELS = {"ordinary": "普通程序", "summary": "简易程序", "small_claims": "小额诉讼程序"}
CLAIMANT_ROLES = ("plaintiff", "applicant", "appellant")
RESPONDENT_ROLES = ("defendant", "respondent", "appellee")
DIGITS = "〇一二三四五六七八九"
SHANGHAI = ZoneInfo("Asia/Shanghai")  # hearing times are stored in UTC and written in the court's time

# Evidence period (举证期限), SPC Provisions on Evidence in Civil Procedure (2019) Art 51: at least 15 days in
# ordinary first-instance procedure, at most 15 in summary procedure, as a rule at most 7 for small claims. The court
# sets it within those bounds; these are the days this court's notice gives.
EVIDENCE_DAYS = {"ordinary": 15, "summary": 15, "small_claims": 7}
# Fee Measures Art 22: the plaintiff pays the acceptance fee within 7 days of the day after receiving the notice;
# CPL-Interp Art 213: not paid, nor deferred, reduced or waived when applied for → treated as withdrawn (按撤诉处理).
FEE_DAYS = 7
# CPL Art 128: the defendant answers within 15 days of receiving the copy of the complaint.
ANSWER_DAYS = 15
# CPL Art 171: appeal within 15 days of service of a judgment, 10 days of a ruling.
APPEAL_DAYS = {DocumentKind.JUDGMENT: 15, DocumentKind.RULING: 10}


class PartyFacts(msgspec.Struct, frozen=True):
    role: str
    name: str
    kind: str = "person"
    address: str = ""
    legal_representative: str | None = None
    agents: list[str] = []


class ClaimFacts(msgspec.Struct, frozen=True):
    text: str
    amount: str | None = None


class HearingFacts(msgspec.Struct, frozen=True):
    starts_at: datetime
    courtroom: str
    online: bool = False
    status: str = "scheduled"


class CaseFacts(msgspec.Struct, frozen=True):
    """What a document is drafted from: the case (案件信息) and its docket, read by the service."""

    court_name: str
    number: str
    case_type: str
    cause_name: str
    procedure: str
    registered_on: date
    parties: list[PartyFacts]
    claims: list[ClaimFacts]
    hearings: list[HearingFacts] = []
    fee: str | None = None  # yuan, from the case's fee notice (court/cases/fees.py)
    fee_basis: list[str] = []
    judge_name: str = ""
    appeal_court_name: str = ""
    court_address: str = ""


class Section(msgspec.Struct):
    key: str
    heading: str
    text: str
    editable: bool = True


class Content(msgspec.Struct):
    """A document's text: the fixed header, the sections, and the signature block (date set when signed)."""

    header: dict[str, str]
    sections: list[Section]
    signature: dict[str, Any]


def chinese_date(day: date) -> str:
    """二〇二六年十二月六日: court documents write their date in Chinese numerals."""

    def small(n: int) -> str:
        if n < 10:
            return DIGITS[n]
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")

    return "".join(DIGITS[int(c)] for c in str(day.year)) + f"年{small(day.month)}月{small(day.day)}日"


def plain_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def content_sha256(content: dict[str, Any]) -> str:
    """The version's fingerprint: sha256 of its canonical JSON (sorted keys, no spaces, UTF-8)."""
    return hashlib.sha256(
        json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    ).hexdigest()


def _names(facts: CaseFacts, roles: tuple[str, ...]) -> str:
    return "、".join(p.name for p in facts.parties if p.role in roles)


def _party_line(p: PartyFacts) -> str:
    label = ROLE_LABELS.get(p.role, "当事人")
    if p.kind == "person":
        line = f"{label}：{p.name}" + (f"，住{p.address}" if p.address else "") + "。"
    else:
        line = f"{label}：{p.name}" + (f"，住所地{p.address}" if p.address else "") + "。"
        if p.legal_representative:
            line += f"\n法定代表人：{p.legal_representative}。"
    for agent in p.agents:
        line += f"\n委托诉讼代理人：{agent}。"
    return line


def _claims_text(facts: CaseFacts) -> str:
    if not facts.claims:
        return "（无）"
    return "\n".join(f"{i}. {c.text}" for i, c in enumerate(facts.claims, start=1))


def _history(facts: CaseFacts) -> str:
    claimants, respondents = _names(facts, CLAIMANT_ROLES), _names(facts, RESPONDENT_ROLES)
    text = (
        f"原告{claimants}与被告{respondents}{facts.cause_name}一案，本院于{plain_date(facts.registered_on)}立案后，"
        f"依法适用{PROCEDURE_LABELS.get(facts.procedure, '普通程序')}"
    )
    held = [h for h in facts.hearings if h.status == "held"]
    if held:
        days = "、".join(plain_date(h.starts_at.date()) for h in held)
        text += f"，于{days}{'在线' if held[0].online else '公开'}开庭进行了审理。本案现已审理终结。"
    else:
        text += "进行了审理。本案现已审理终结。"
    return text


def _fee_sentence(facts: CaseFacts, kind: DocumentKind) -> str:
    if facts.fee is None:
        return "本案不收取案件受理费。"
    if kind is DocumentKind.MEDIATION:
        # Fee Measures Art 15: a case closed by mediation pays half the acceptance fee.
        half = (Decimal(facts.fee) / 2).quantize(Decimal("0.01"))
        return f"案件受理费{facts.fee}元，减半收取计{half}元，由【当事人协商负担】。"
    # Fee Measures Art 29: the losing party bears the fee; the judge names who, and in what share.
    return f"案件受理费{facts.fee}元，由【败诉方】负担。"


def _notice_sections(kind: DocumentKind, facts: CaseFacts) -> tuple[str, list[Section]]:
    claimants, respondents = _names(facts, CLAIMANT_ROLES), _names(facts, RESPONDENT_ROLES)
    case_line = f"{claimants}诉{respondents}{facts.cause_name}一案"
    if kind is DocumentKind.ACCEPTANCE_NOTICE:
        fee = f"预交案件受理费{facts.fee}元" if facts.fee is not None else "本案不收取案件受理费"
        return claimants, [
            Section(
                "body",
                "",
                f"你（你单位）提起的{case_line}，本院经审查，起诉符合法定受理条件，"
                f"依照《中华人民共和国民事诉讼法》第一百二十六条的规定，决定立案审理，案号为{facts.number}。",
            ),
            Section(
                "matters",
                "有关事项",
                "一、在诉讼过程中，当事人必须依法行使诉讼权利，有权行使民事诉讼法第五十二条规定的诉讼权利，"
                "同时必须遵守诉讼秩序，履行诉讼义务。\n"
                f"二、应当在接到本通知次日起{FEE_DAYS}日内{fee}（《诉讼费用交纳办法》第二十二条）；"
                "期满未交纳又未申请缓交、减交、免交的，按撤诉处理。\n"
                "三、应当按照举证通知书的要求，在举证期限内向本院提交证据。",
            ),
        ]
    if kind is DocumentKind.RESPONSE_NOTICE:
        return respondents, [
            Section(
                "body",
                "",
                f"本院已受理{case_line}，案号为{facts.number}。依照《中华人民共和国民事诉讼法》"
                f"第一百二十八条的规定，现发送起诉状副本一份。你（你单位）应当在收到起诉状副本之日起{ANSWER_DAYS}日内"
                "向本院提交答辩状及副本；不提出答辩状的，不影响本院审理。",
            ),
            Section("claims", "原告的诉讼请求", _claims_text(facts)),
        ]
    if kind is DocumentKind.EVIDENCE_NOTICE:
        days = EVIDENCE_DAYS.get(facts.procedure, 15)
        return f"{claimants}、{respondents}", [
            Section(
                "body",
                "",
                f"本院受理的{case_line}（{facts.number}），依照《中华人民共和国民事诉讼法》第六十七条、"
                "第六十八条和《最高人民法院关于民事诉讼证据的若干规定》第五十条、第五十一条的规定，现将有关举证事项通知如下：",
            ),
            Section(
                "matters",
                "举证事项",
                "一、当事人对自己提出的主张，有责任提供证据。\n"
                f"二、举证期限为自收到本通知书次日起{days}日内。当事人应当在举证期限内向本院提交证据材料；"
                "逾期提供证据的，依照民事诉讼法第六十八条第二款的规定处理。\n"
                "三、当事人因客观原因不能自行收集的证据，可以在举证期限届满前书面申请本院调查收集。",
            ),
        ]
    if kind is DocumentKind.SUMMONS:
        upcoming = [h for h in facts.hearings if h.status == "scheduled"]
        if not upcoming:
            raise Conflict("a summons (传票) needs a scheduled hearing", kind=kind.value)
        hearing = min(upcoming, key=lambda h: h.starts_at)
        local = hearing.starts_at.astimezone(SHANGHAI)
        place = f"{facts.court_name}{hearing.courtroom}" + ("（在线庭审）" if hearing.online else "")
        return f"{claimants}、{respondents}", [
            Section(
                "body",
                "",
                f"案号：{facts.number}。案由：{facts.cause_name}。被传唤人：{claimants}、{respondents}。",
            ),
            Section("when", "应到时间", f"{plain_date(local.date())} {local:%H:%M}"),
            Section("where", "应到处所", place),
            Section(
                "notes",
                "注意事项",
                "一、被传唤人必须准时到达应到处所。\n二、本传票由被传唤人携带来院报到。\n"
                "三、被传唤人收到传票后，应在送达回证上签名或者盖章。\n"
                "四、原告经传票传唤，无正当理由拒不到庭的，可以按撤诉处理；被告经传票传唤，无正当理由拒不到庭的，"
                "可以缺席判决（《中华人民共和国民事诉讼法》第一百四十六条、第一百四十七条）。",
            ),
        ]
    if kind is DocumentKind.FEE_NOTICE:
        if facts.fee is None:
            raise Conflict("this case carries no acceptance fee", kind=kind.value)
        basis = "；".join(facts.fee_basis) if facts.fee_basis else "《诉讼费用交纳办法》第十三条"
        return claimants, [
            Section(
                "body",
                "",
                f"你（你单位）提起的{case_line}（{facts.number}），依照《诉讼费用交纳办法》的规定，"
                f"应交纳案件受理费{facts.fee}元。",
            ),
            Section("basis", "计算依据", basis),
            Section(
                "deadline",
                "交纳期限",
                f"请于接到本通知次日起{FEE_DAYS}日内交纳（《诉讼费用交纳办法》第二十二条）。"
                "期满未交纳又未提出缓交、减交、免交申请的，按撤诉处理（《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第二百一十三条）。",
            ),
        ]
    raise ValueError(f"{kind} is not a notice")


def _decision_sections(kind: DocumentKind, facts: CaseFacts) -> list[Section]:
    parties = "\n".join(_party_line(p) for p in facts.parties)
    sections = [Section("parties", "当事人", parties), Section("history", "审理经过", _history(facts))]
    if kind is DocumentKind.MEDIATION:
        sections += [
            Section(
                "claims",
                "诉讼请求",
                f"原告{_names(facts, CLAIMANT_ROLES)}向本院提出诉讼请求：\n{_claims_text(facts)}",
            ),
            Section(
                "agreement",
                "调解协议",
                "本案审理过程中，经本院主持调解，当事人自愿达成如下协议：\n【协议内容】",
            ),
            Section("fee", "诉讼费用", _fee_sentence(facts, kind)),
            # CPL Art 100-101: the agreement is confirmed; it binds once both parties have signed for it.
            Section(
                "confirmation",
                "确认",
                "上述协议，不违反法律规定，本院予以确认。\n本调解书经双方当事人签收后，即具有法律效力。",
            ),
        ]
        return sections
    sections.append(
        Section(
            "claims",
            "诉讼请求",
            f"原告{_names(facts, CLAIMANT_ROLES)}向本院提出诉讼请求：\n{_claims_text(facts)}",
        )
    )
    if kind is DocumentKind.JUDGMENT:
        sections += [
            Section("defence", "答辩意见", f"被告{_names(facts, RESPONDENT_ROLES)}辩称：【答辩意见】"),
            Section("facts", "本院查明", "本院经审理认定事实如下：【查明的事实】"),
            Section("reasoning", "本院认为", "本院认为，【裁判理由】"),
            Section("operative", "判决主文", "依照【法律条文】的规定，判决如下：\n一、【判决事项】"),
        ]
    else:
        sections += [
            Section("reasoning", "本院认为", "本院经审查认为，【裁定理由】"),
            Section("operative", "裁定主文", "依照【法律条文】的规定，裁定如下：\n【裁定事项】"),
        ]
    sections.append(Section("fee", "诉讼费用", _fee_sentence(facts, kind)))
    days = APPEAL_DAYS[kind]
    court = facts.appeal_court_name or "上一级人民法院"
    sections.append(
        Section(
            "appeal",
            "上诉权利告知",
            f"如不服本{'判决' if kind is DocumentKind.JUDGMENT else '裁定'}，可以在"
            f"{'判决书' if kind is DocumentKind.JUDGMENT else '裁定书'}送达之日起{days}日内，向本院递交上诉状，"
            f"并按照对方当事人的人数提出副本，上诉于{court}（《中华人民共和国民事诉讼法》第一百七十一条）。",
        )
    )
    return sections


def draft(kind: DocumentKind, facts: CaseFacts) -> dict[str, Any]:
    """The first version of a document of `kind` for the case: JSON-ready content."""
    kind = DocumentKind(kind)
    header = {"court": facts.court_name, "title": title_of(kind, facts.case_type), "number": facts.number}
    signature: dict[str, Any] = {"date": None}
    if kind in JUDICIAL_ACTS:
        header["addressee"] = ""
        sections = _decision_sections(kind, facts)
        signature["judges"] = [facts.judge_name] if facts.judge_name else []
    else:
        addressee, sections = _notice_sections(kind, facts)
        header["addressee"] = addressee
        if facts.court_address:
            sections.append(Section("address", "本院地址", facts.court_address, editable=False))
    return msgspec.to_builtins(Content(header=header, sections=sections, signature=signature))


def apply_edits(content: dict[str, Any], texts: dict[str, str]) -> dict[str, Any]:
    """A new version's content: the editable sections' texts replaced; the header and fixed sections kept."""
    current = msgspec.convert(content, Content)
    known = {s.key for s in current.sections}
    unknown = sorted(set(texts) - known)
    if unknown:
        raise InvalidInput(
            msg("no section %(unknown)s in this document", unknown=", ".join(unknown)), field="sections"
        )
    for section in current.sections:
        if section.key in texts:
            if not section.editable and texts[section.key] != section.text:
                raise InvalidInput(msg("the section %(key)s is fixed", key=section.key), field=section.key)
            section.text = texts[section.key].replace("\r\n", "\n").strip()
    return msgspec.to_builtins(current)


def is_judicial_act(kind: DocumentKind | str) -> bool:
    return DocumentKind(kind) in JUDICIAL_ACTS
