"""The party block (当事人): roles, names, personal or organisational details, representatives and agents."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from kernel.identifiers import is_first_generation_resident_id, is_valid_resident_id, is_valid_uscc
from nlp.components.labels import Label, labels
from nlp.components.state import state
from nlp.dates import find_dates
from nlp.docket import Party, PartyKind, Role, Source

_DELIM = r"[,，。；;:：\s(（]"
_NAME = r"[^,，。；;:：\s(（)）、]{1,40}(?:[(（][^()（）,，。]{1,12}[)）][^,，。；;:：\s(（)）]{1,30})*"
# A clause starts after a full stop, a semicolon or a line break, and after the case number of a judgment whose
# header lines were flattened into one, spaces between them ("…刑初199号 自诉人万会民，…"); and at the text's
# first character that is not a space. Written to begin with one character class, which lets the regular
# expression engine skip ahead to the candidates (a leading alternation made it try every position: 4x the cost).
_CLAUSE_START = re.compile(r"[。；;\n \t\u3000](?:(?<=[。；;\n])|(?<=\d号.))\s*")


# A role label right after a number or a masked one, with no punctuation between (公民身份号码×××被告贺某1,
# …1234X被告李某): the number ended the last party's description and the label starts the next party.
_GLUED_TO_NUMBER = re.compile(r"(?:\d{6,}[\dXx]?|[×*＊]{3,})$")


def _clause_starts(text: str) -> set[int]:
    return {len(text) - len(text.lstrip())} | {m.end() for m in _CLAUSE_START.finditer(text)}


# An agent's authority written out (代理权限：特别授权，即代为承认、放弃、变更诉讼请求…) names section headers
# without opening a section.
_AUTHORITY = re.compile(r"代理权限|授权|代为")
# Written before a defendant's name when the court could not verify it (被告人自报齐晓鹏): not part of the name.
_NAME_PREFIX = re.compile(r"^(?:自报|自称)(?=.{2})")
_ID = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
_ID15 = re.compile(r"(?<![0-9A-Za-z])(\d{15})(?![0-9A-Za-z])")
_ID_LABEL = re.compile(r"(?:身份证|身份号码|公民身份|证件)\S{0,6}$")
_OTHER_NUMBER_LABEL = re.compile(
    r"(?:账号|账户|卡号|编号|单号|合同号|执照|注册号)\S{0,4}$"
)  # 15-digit, not IDs
_USCC = re.compile(r"(?<![0-9A-Za-z])([0-9A-Z]{18})(?![0-9A-Za-z])")
_PHONE = re.compile(r"(?<!\d)(1[3-9]\d{9}|0\d{2,3}-\d{7,8})(?!\d)")
_SEX = re.compile(r"(?:^|[,，、\s]|性别[:：]?)(男|女)(?=[,，。；;、\s]|$)")
_ETHNICITY = re.compile(r"(?:^|[,，、\s])([\u4e00-\u9fff]{1,5}族)(?=[,，。；;、\s]|$)")
_BIRTH_AFTER = re.compile(r"^\s*(?:出生|生)")
_BIRTH_BEFORE = re.compile(r"(?:出生于|生于|出生日期[:：]?|出生年月[:：]?)\s*$")
_STOP_AFTER_ADDRESS = re.compile(
    r"(?:公民身份号码|身份证|统一社会信用代码|联系电话|电话|手机|邮编|邮政编码|送达地址)"
)


# The accused named in running text (…，被告人赵某某在某地窃得…; 犯罪嫌疑人陈某、吴某二人…): read only from a text
# with no party block (a sentence of a bill of prosecution, a judgment's facts). A name there has no delimiter
# after it, so it is the two or three characters before a word that starts what the person did (在, 至, 伙同,
# 窃得…) or a punctuation mark; names joined by 、/和/与/及 after one label are all accused.
_ACCUSED_LABEL = re.compile(r"(?:被告人|犯罪嫌疑人)")
_AFTER_NAME = re.compile(
    r"[、，,。；;：:（(“\"\s]|$|在|于|至|到|来到|窜至|前往|进入|潜入|伙同|与|和|及|同|将|把|趁|从|以|因|为|采用|采取|"
    r"使用|驾驶|驾车|骑|乘坐|利用|先后|多次|分别|共同|共|又|再|便|即|遂|就|也|还|已|明知|携带|持|用|通过|翻|撬|"
    r"盗|窃|偷|拿|扒|酒后|独自|单独|一人|二人|三人|两人|等|经|被|向|对|给|的|是|系|来|去|负责|则|处|随后|后|"
    r"曾因|曾经|曾于|曾被|发现|见|看到|自|由|收购|购买|出售|销赃|案发|归案|供述|交代|于是|故|因|非法|秘密|事先|商议|预谋|"
    r"趁机|乘|找|叫|让|约|邀|竟|犯|实施|作案|入户|入室|推|砸|踢|爬|钻|溜|进"
)
_PERSON = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fffxX×\d]{1,2}")
_SURNAMES_IN_WORDS = "于向曾由来经"  # surnames that also begin words after a name (于某某, 向某)
_JOINED = re.compile(r"[、和与及]")
# What a person's name never holds: 被告人民公司 is 被告 人民公司, an organisation, not an accused named 民公司.
_NOT_PERSON = re.compile(r"公司|集团|银行|医院|政府|法院|检察院|学校|中心|委员会|合作社|(?:厂|局|店)$")
# A masked name (张某, 张某某, 张某甲, 张x1) ends where its mask does, whatever word follows it.
_MASKED_NAME = r"[\u4e00-\u9fff](?:某(?:某|[甲乙丙丁戊])?|[xX×]\d{1,2})"
_MASKED = re.compile(_MASKED_NAME)


def _person_at(text: str, i: int) -> int | None:
    """Where a person's name starting at `i` ends: three characters, or two when the third starts the words
    after a name (吴某在…, 陈某二人…) or the three are not followed by such words; else where a masked name's mask
    ends (张某某撬开…); else nowhere."""
    m = _PERSON.match(text, i)
    if m is None or (_AFTER_NAME.match(text, i) and text[i] not in _SURNAMES_IN_WORDS):
        return None  # 二被告人持…: no name after the label
    for k in (3, 2):
        end = i + k
        if end > m.end() or (k == 3 and _AFTER_NAME.match(text, i + 2) and text[i + 2] not in "某"):
            continue
        if _AFTER_NAME.match(text, end):
            return end
    masked = _MASKED.match(text, i)
    return masked.end() if masked else None


# A sentence of a theft's facts that starts with its doer and no label (…14时许，仇某某伙同胡某某来到…; 王某窜至…):
# only a masked name, only before a word that says what an offender does, only in a text about a crime.
_TAKING = r"窃取|盗窃|盗得|盗走|偷走|偷得|扒窃|窃得"  # words for the taking itself
_CRIME = re.compile(rf"{_TAKING}|行窃|销赃|赃款|赃物|作案|犯罪|被告人|犯罪嫌疑人")
# …or before where it was done and then the taking, in the same sentence, with nobody else's act between
# (肖某某在**区…被害人王某某的客厅，窃取了…); not a victim's sentence (王某某在家时，其手机被盗).
_DOER = re.compile(
    rf"(?:^|(?<=[，。；,;\n]))(?P<name>{_MASKED_NAME})"
    r"(?=伙同|窜至|趁|窃得|盗窃|扒窃|秘密窃取|撬"
    r"|在(?:(?!被告人|犯罪嫌疑人|被盗|被窃|被偷|发现|报警|报案)[^。；;]){0,40}?"
    rf"(?:{_TAKING})"
    # …or who disposed of the loot (刘某某将两台笔记本电脑销赃…)
    r"|将(?:(?!被告人|犯罪嫌疑人|被害人)[^。；;]){0,30}?(?:销赃|卖给|出卖|变卖))"
)
# Doers listed at a sentence's head and counted or split (唐某某、刘某某、王某甲三人将铜线…出卖; 姚某某、田某某各自将
# 盗得的现金藏好): each of them, in a sentence that says what was taken or sold.
_DOERS = re.compile(
    rf"(?:^|(?<=[，。；,;\n]))(?P<names>{_MASKED_NAME}(?:、{_MASKED_NAME})+)"
    r"(?=(?:等)?(?:二|两|三|四|五|[2-5])人|各自)"
    r"(?=[^。；;]{0,60}?(?:盗|窃|偷|销赃|卖给|出卖|变卖|分赃))"
)
# Who an accused acted with (被告人郭某伙同“小熊”（另案处理）、胡某某…): accused as well, each name or quoted nickname
# in turn, past a parenthesis that says where the accomplice's own case went.
_WITH = re.compile(r"伙同")
_NICKNAME = re.compile(r"“[^”，。]{1,6}”")
_NOT_NAMED = re.compile(r"他人|其他|同伙|多人|数人|朋友|同村|老乡|其")
_ASIDE = re.compile(r"[（(][^）)]{0,20}[）)]")


def _accomplices(text: str, i: int, out: dict[str, list[tuple[int, int]]]) -> None:
    while True:
        nick = _NICKNAME.match(text, i)
        end = nick.end() if nick else _person_at(text, i)
        if end is None or _NOT_PERSON.search(text, i, end) or _NOT_NAMED.match(text, i):
            return
        out.setdefault(text[i:end], []).append((i, end))
        if aside := _ASIDE.match(text, end):
            end = aside.end()
        if not _JOINED.match(text, end):
            return
        i = end + 1


def accused_in_text(text: str) -> list[tuple[str, int, int]]:
    """The accused a text names after 被告人 or 犯罪嫌疑人 in running text, at the head of a sentence of a
    crime's facts, or as the ones an accused acted with (伙同), each once, where first named, in the order first
    named: (name, start, end)."""
    out: dict[str, list[tuple[int, int]]] = {}  # name -> every place it was read at
    if _CRIME.search(text):
        for m in _DOER.finditer(text):
            out.setdefault(m["name"], []).append(m.span("name"))
        for m in _DOERS.finditer(text):
            at = m.start("names")
            for name in m["names"].split("、"):
                out.setdefault(name, []).append((at, at + len(name)))
                at += len(name) + 1
    for label in _ACCUSED_LABEL.finditer(text):
        i = label.end()
        while (end := _person_at(text, i)) is not None and not _NOT_PERSON.search(text, i, end):
            out.setdefault(text[i:end], []).append((i, end))
            if not _JOINED.match(text, end):
                break
            i = end + 1
            if _ACCUSED_LABEL.match(text, i):
                i = _ACCUSED_LABEL.match(text, i).end()  # type: ignore[union-attr]
    if out:
        for m in _WITH.finditer(text):
            if any(e == m.start() for places in list(out.values()) for _, e in places):
                _accomplices(text, m.end(), out)
    first = sorted((min(places), name) for name, places in out.items())
    return [(name, s, e) for (s, e), name in first]


@dataclass
class _PartyDraft:
    role: str
    name: str
    name_span: tuple[int, int]
    segment: list[tuple[int, int]] = field(default_factory=list)  # spans of the text that describe this party
    representative: tuple[str, int, int] | None = None
    agents: list[str] = field(default_factory=list)


def _alternation(labels: list[str]) -> str:
    return "|".join(re.escape(x) for x in sorted(labels, key=len, reverse=True))


@Language.factory(
    "court_parties",
    default_config={
        "roles": {"@misc": "court.role_labels.v1"},
        "agents": {"@misc": "court.agent_labels.v1"},
        "ignored": {"@misc": "court.ignored_labels.v1"},
        "addresses": {"@misc": "court.address_labels.v1"},
        "ends": {"@misc": "court.section_headers.v1"},
        "organisation_suffixes": {"@misc": "court.organisation_suffixes.v1"},
    },
)
def make_parties(
    nlp: Language,
    name: str,
    roles: dict[str, str],
    agents: dict[str, str],
    ignored: list[str],
    addresses: list[str],
    ends: list[str],
    organisation_suffixes: list[str],
) -> Callable[[Doc], Doc]:
    return PartyReader(roles, agents, ignored, addresses, ends, organisation_suffixes)


class PartyReader:
    """Reads the party block clause by clause: a role label starts a party, an agent label attaches a person
    to the last party, anything else describes the last party, and the first section header ends the block."""

    def __init__(
        self,
        roles: dict[str, str],
        agents: dict[str, str],
        ignored: list[str],
        addresses: list[str],
        ends: list[str],
        organisation_suffixes: list[str],
    ) -> None:
        self.roles, self.agents = roles, agents
        prefix = r"(?:原审|一审|二审|本诉|原)?"
        number = r"(?:[一二三四五六七八九十\d]{1,2}|[甲乙丙丁])"
        self.role_re = re.compile(
            rf"{prefix}(?P<label>{_alternation(list(roles))})(?:{number}(?=[:：\s(（]))?"
            rf"(?:[(（][^()（）]{{1,24}}[)）])?\s*[:：]?\s*(?P<name>{_NAME})(?={_DELIM}|$)"
        )
        self.agent_re = re.compile(
            rf"(?P<label>{_alternation(list(agents))})\s*[:：]?\s*(?P<names>[^,，。；;:：\s(（]{{1,30}})"
        )
        self.ignored_re = re.compile(_alternation(ignored))
        # an agent named mid-sentence ("…，委托诉讼代理人：李锋，…") starts a clause of its own
        self.comma_agent_re = re.compile(rf"[,，]\s*(?=(?:{_alternation(list(agents))})\s*[:：]?)")
        self.name_cut_re = re.compile(
            rf"[(（](?:以下|下称|简称)|(?:{_alternation(list(agents))})|(?<=.)(?:{_alternation(list(roles))})(?=.)"
        )
        # the next party's label glued to the end of a name, its colon after it (原告：胡创国被告：杜栋杰)
        self.role_at_end_re = re.compile(rf"(?<=.)(?:{_alternation(list(roles))})$")
        # in a block written with commas only, a label and its colon after a comma (…，住某地，被告：章某1，…)
        self.comma_role_re = re.compile(rf"[,，]\s*(?=(?:{_alternation(list(roles))})\s*[:：])")
        self.address_re = re.compile(
            rf"(?:^|(?<=[,，。；;\s]|现))(?:{_alternation(addresses)})\s*[:：]?\s*(?P<addr>[^,，。；;\n]+)"
        )
        self.end_re = re.compile("|".join(ends))
        self.org_re = re.compile(rf"(?:{_alternation(organisation_suffixes)})$")

    def __call__(self, doc: Doc) -> Doc:
        layout, docket, _ = state(doc)
        text = layout.text
        drafts = self._drafts(text, labels(doc, "ROLE"), labels(doc, "AGENT"))
        docket.parties = [self._party(text, d, layout) for d in drafts]
        if not drafts and (_ACCUSED_LABEL.search(text) or _CRIME.search(text)):
            docket.parties = [
                Party(
                    role=Role.DEFENDANT,
                    kind=PartyKind.PERSON,
                    name=name,
                    sources={"name": layout.source(s, e, 0.7)},
                )
                for name, s, e in accused_in_text(text)
            ]
        return doc

    def _drafts(self, text: str, roles: list[Label], agents: list[Label]) -> list[_PartyDraft]:
        """Party drafts, clause by clause. Besides punctuation, a clause starts where the label matcher marked an agent
        label (…有限公司（以下简称某公司）法定代表人陈某1) and where a role label it marked as a word of its own
        cuts a name short (原告吴某被告吴某被告付某: three parties, not one)."""
        drafts: list[_PartyDraft] = []
        in_facts: list[_PartyDraft] = []  # the accused cut out of a sentence of the facts (or of the title)
        role_starts = {r.start for r in roles}
        # Starts that count only inside a party block (elsewhere they are sentences of the facts): a role label glued
        # to a number, and one after a comma with its colon.
        block_only = {s for s in role_starts if _GLUED_TO_NUMBER.search(text, max(0, s - 18), s)}
        block_only |= {m.end() for m in self.comma_role_re.finditer(text)}
        starts = sorted(
            _clause_starts(text)
            | {m.end() for m in self.comma_agent_re.finditer(text)}
            | {a.start for a in agents}
            | block_only
        )
        block_end: int | None = None
        current: _PartyDraft | None = None
        in_agent = False
        i = -1
        while i + 1 < len(starts):
            i += 1
            start = starts[i]
            end = starts[i + 1] if i + 1 < len(starts) else len(text)
            if start >= end:
                continue
            if block_end is not None and start >= block_end:
                break
            if start in block_only and current is None:
                continue
            m = self.role_re.match(text, start)
            if m and not self.end_re.search(m["name"]) and not self.ignored_re.match(text, start):
                name, name_start = m["name"], m.start("name")
                if prefix := _NAME_PREFIX.match(name):
                    name, name_start = name[prefix.end() :], name_start + prefix.end()
                from_facts = False
                if m["label"] == "被告人" and len(name) > 4 and not self.org_re.search(name):
                    # a sentence of the facts, not a party block: 被告人李某在某地窃得…
                    person_end = _person_at(text, name_start)
                    if person_end is not None and re.search(
                        r"[^,，。；;:：\s]", text[person_end : person_end + 1]
                    ):
                        name, from_facts = text[name_start:person_end], True
                        if any(
                            d.name == name for d in drafts
                        ):  # the accused again, in the facts: no new party
                            current = None
                            continue
                cut = self.name_cut_re.search(name)
                if cut is None and text[name_start + len(name) : name_start + len(name) + 1] in (":", "："):
                    cut = self.role_at_end_re.search(name)
                if cut:
                    name = name[: cut.start()]
                    glued = name_start + cut.start()
                    if glued in role_starts and glued not in starts:
                        bisect.insort(starts, glued)
                        end = glued
                current = _PartyDraft(
                    role=self.roles[m["label"]], name=name, name_span=(name_start, name_start + len(name))
                )
                current.segment.append((name_start + len(name), end))
                # named in the facts (or the title) before the block names them: the block's clause is the party
                drafts = [
                    d for d in drafts if not (d in in_facts and d.name == name and d.role == current.role)
                ]
                drafts.append(current)
                if from_facts:
                    in_facts.append(current)
                in_agent = False
                if block_end is None:
                    block_end = self._block_end(text, m.end("name"))
                continue
            if current is None:
                continue
            a = self.agent_re.match(text, start)
            if a:
                kind = self.agents[a["label"]]
                names = [n for n in re.split(r"[、和及]", a["names"]) if n]
                if kind == "representative" and current.representative is None and names:
                    current.representative = (names[0], a.start("names"), a.start("names") + len(names[0]))
                elif kind == "agent":
                    current.agents.extend(names)
                in_agent = True
                continue
            if self.ignored_re.match(text, start):
                in_agent = True
                continue
            if (
                text[start - 1 : start] == "\n"
                and not in_agent
                and text[start - 2 : start - 1] not in ":：,，、"
                and not re.match(r"\s*(?:住|地址|身份|公民|统一|联系|电话|手机|性别|民族|出生)", text[start:])
            ):
                # a new line that is no label and no detail: the block is over
                block_end = start
                break
            if not in_agent or re.match(r"\s*(?:住所地|住所|统一社会信用代码|营业场所|注册地)", text[start:]):
                current.segment.append((start, min(end, block_end or end)))
        return drafts

    def _block_end(self, text: str, start: int) -> int:
        """Where the party block ends: the first section header after `start` that is not inside a statement
        of an agent's authority."""
        for header in self.end_re.finditer(text, start):
            clause_start = max(start, *(text.rfind(c, start, header.start()) + 1 for c in "。；;\n"))
            clause = text[clause_start : header.start()]
            if not _AUTHORITY.search(clause):
                return header.start()
        return len(text)

    def _party(self, text: str, d: _PartyDraft, layout: object) -> Party:
        sources: dict[str, Source] = {}

        def note(field_name: str, s: int, e: int, confidence: float) -> None:
            sources[field_name] = layout.source(s, e, confidence)  # type: ignore[attr-defined]

        note("name", *d.name_span, 0.9)
        sex: str | None = None
        birth: date | None = None
        ethnicity: str | None = None
        address: str | None = None
        id_number: str | None = None
        uscc: str | None = None
        phone: str | None = None
        first_generation: tuple[str, int, int, float] | None = None
        for s, e in d.segment:
            seg = text[s:e]
            if sex is None and (m := _SEX.search(seg)):
                sex = m[1]
                note("sex", s + m.start(1), s + m.end(1), 0.95)
            if ethnicity is None and (m := _ETHNICITY.search(seg)):
                ethnicity = m[1]
                note("ethnicity", s + m.start(1), s + m.end(1), 0.9)
            if birth is None and "生" in seg:  # every birth-date marker (出生, 生于, 出生日期, …) has it
                for value, ds, de in find_dates(seg):
                    if _BIRTH_AFTER.match(seg[de:]) or _BIRTH_BEFORE.search(seg[:ds]):
                        birth = value
                        note("birth_date", s + ds, s + de, 0.9)
                        break
            if address is None and (m := self.address_re.search(seg)):
                addr = m["addr"]
                stop = _STOP_AFTER_ADDRESS.search(addr)
                if stop:
                    addr = addr[: stop.start()]
                addr = addr.strip()
                if addr and addr not in ("同上", "同原告", "不详"):
                    address = addr
                    note("address", s + m.start("addr"), s + m.start("addr") + len(addr), 0.85)
            if id_number is None:
                for m in _ID.finditer(seg):
                    candidate = m[1].upper()
                    if is_valid_resident_id(candidate):
                        id_number = candidate
                        note("id_number", s + m.start(1), s + m.end(1), 0.99)
                        break
            if id_number is None and first_generation is None:
                first_generation = _first_generation_id(seg, s)
            if uscc is None:
                for m in _USCC.finditer(seg):
                    if is_valid_uscc(m[1]) and not is_valid_resident_id(m[1]):
                        uscc = m[1]
                        note("uscc", s + m.start(1), s + m.end(1), 0.99)
                        break
            if phone is None and (m := _PHONE.search(seg)):
                phone = m[1]
                note("phone", s + m.start(1), s + m.end(1), 0.9)
        # Only when no checked 18-digit number was found, and not for an organisation: its old business
        # registration number (注册号) has 15 digits too, and an address code in front.
        if (
            id_number is None
            and first_generation is not None
            and not (uscc or d.representative or self.org_re.search(d.name))
        ):
            id_number = first_generation[0]
            note("id_number", *first_generation[1:])
        organisation = bool(
            uscc or d.representative or self.org_re.search(d.name) or len(d.name) > 8
        ) and not (sex or birth or id_number)
        representative = None
        if d.representative:
            representative, rs, re_ = d.representative
            note("legal_representative", rs, re_, 0.9)
        return Party(
            role=Role(d.role),
            kind=PartyKind.ORGANISATION if organisation else PartyKind.PERSON,
            name=d.name,
            sex=sex,
            birth_date=birth,
            ethnicity=ethnicity,
            address=address,
            id_number=id_number,
            uscc=uscc,
            phone=phone,
            legal_representative=representative,
            agents=list(dict.fromkeys(d.agents)),
            sources=sources,
        )


def _first_generation_id(segment: str, offset: int) -> tuple[str, int, int, float] | None:
    """A first-generation (15-digit) resident ID number in a party's description: (number, start, end,
    confidence). With no check character, a well-formed 15-digit number might be an account or a file number,
    so the confidence is below a checked number's 0.99, and lower still without an ID label just before it."""
    for m in _ID15.finditer(segment):
        before = segment[max(0, m.start() - 12) : m.start()]
        if is_first_generation_resident_id(m[1]) and not _OTHER_NUMBER_LABEL.search(before):
            labelled = _ID_LABEL.search(before) is not None
            return m[1], offset + m.start(1), offset + m.end(1), 0.85 if labelled else 0.7
    return None
