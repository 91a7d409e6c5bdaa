"""The party block (当事人): roles, names, personal or organisational details, representatives and agents."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from nlp.dates import find_dates
from nlp.docket import Party, PartyKind, Role, Source
from nlp.identifiers import is_valid_resident_id, is_valid_uscc

_DELIM = r"[,，。；;:：\s(（]"
_NAME = r"[^,，。；;:：\s(（)）、]{1,40}(?:[(（][^()（）,，。]{1,12}[)）][^,，。；;:：\s(（)）]{1,30})*"
_CLAUSE_START = re.compile(r"(?:^|[。；;\n]|[。;；]\s+)\s*")
_ID = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
_USCC = re.compile(r"(?<![0-9A-Za-z])([0-9A-Z]{18})(?![0-9A-Za-z])")
_PHONE = re.compile(r"(?<!\d)(1[3-9]\d{9}|0\d{2,3}-\d{7,8})(?!\d)")
_SEX = re.compile(r"(?:^|[,，、\s]|性别[:：]?)(男|女)(?=[,，。；;、\s]|$)")
_ETHNICITY = re.compile(r"(?:^|[,，、\s])([\u4e00-\u9fff]{1,5}族)(?=[,，。；;、\s]|$)")
_BIRTH_AFTER = re.compile(r"^\s*(?:出生|生)")
_BIRTH_BEFORE = re.compile(r"(?:出生于|生于|出生日期[:：]?|出生年月[:：]?)\s*$")
_STOP_AFTER_ADDRESS = re.compile(r"(?:公民身份号码|身份证|统一社会信用代码|联系电话|电话|手机|邮编|邮政编码|送达地址)")


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
def make_parties(nlp: Language, name: str, roles: dict[str, str], agents: dict[str, str], ignored: list[str],
                 addresses: list[str], ends: list[str], organisation_suffixes: list[str]) -> Callable[[Doc], Doc]:
    return PartyReader(roles, agents, ignored, addresses, ends, organisation_suffixes)


class PartyReader:
    """Reads the party block clause by clause: a role label starts a party, an agent label attaches a person
    to the last party, anything else describes the last party, and the first section header ends the block."""

    def __init__(self, roles: dict[str, str], agents: dict[str, str], ignored: list[str], addresses: list[str],
                 ends: list[str], organisation_suffixes: list[str]) -> None:
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
        self.address_re = re.compile(
            rf"(?:^|(?<=[,，。；;\s]|现))(?:{_alternation(addresses)})\s*[:：]?\s*(?P<addr>[^,，。；;\n]+)"
        )
        self.end_re = re.compile("|".join(ends))
        self.org_re = re.compile(rf"(?:{_alternation(organisation_suffixes)})$")

    def __call__(self, doc: Doc) -> Doc:
        text = doc._.layout.text
        drafts = self._drafts(text)
        layout = doc._.layout
        doc._.docket.parties = [self._party(text, d, layout) for d in drafts]
        return doc

    def _drafts(self, text: str) -> list[_PartyDraft]:
        drafts: list[_PartyDraft] = []
        starts = sorted({m.end() for m in _CLAUSE_START.finditer(text)}
                        | {m.end() for m in self.comma_agent_re.finditer(text)})
        block_end: int | None = None
        current: _PartyDraft | None = None
        in_agent = False
        for i, start in enumerate(starts):
            end = starts[i + 1] if i + 1 < len(starts) else len(text)
            if start >= end:
                continue
            if block_end is not None and start >= block_end:
                break
            m = self.role_re.match(text, start)
            if m and not self.end_re.search(m["name"]) and not self.ignored_re.match(text, start):
                name = m["name"]
                cut = self.name_cut_re.search(name)
                if cut:
                    name = name[: cut.start()]
                current = _PartyDraft(role=self.roles[m["label"]], name=name,
                                      name_span=(m.start("name"), m.start("name") + len(name)))
                current.segment.append((m.start("name") + len(name), end))
                drafts.append(current)
                in_agent = False
                if block_end is None:
                    header = self.end_re.search(text, m.end("name"))
                    block_end = header.start() if header else len(text)
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
            if text[start - 1:start] == "\n" and not in_agent and text[start - 2:start - 1] not in ":：,，、" and not re.match(r"\s*(?:住|地址|身份|公民|统一|联系|电话|手机|性别|民族|出生)", text[start:]):
                # a new line that is no label and no detail: the block is over
                block_end = start
                break
            if not in_agent or re.match(r"\s*(?:住所地|住所|统一社会信用代码|营业场所|注册地)", text[start:]):
                current.segment.append((start, min(end, block_end or end)))
        return drafts

    def _party(self, text: str, d: _PartyDraft, layout: object) -> Party:
        sources: dict[str, Source] = {}

        def note(field_name: str, s: int, e: int, confidence: float) -> None:
            sources[field_name] = layout.source(s, e, confidence)  # type: ignore[attr-defined]

        note("name", *d.name_span, 0.9)
        sex = birth = ethnicity = address = id_number = uscc = phone = None
        for s, e in d.segment:
            seg = text[s:e]
            if sex is None and (m := _SEX.search(seg)):
                sex = m[1]
                note("sex", s + m.start(1), s + m.end(1), 0.95)
            if ethnicity is None and (m := _ETHNICITY.search(seg)):
                ethnicity = m[1]
                note("ethnicity", s + m.start(1), s + m.end(1), 0.9)
            if birth is None:
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
                    value = m[1].upper()
                    if is_valid_resident_id(value):
                        id_number = value
                        note("id_number", s + m.start(1), s + m.end(1), 0.99)
                        break
            if uscc is None:
                for m in _USCC.finditer(seg):
                    if is_valid_uscc(m[1]) and not is_valid_resident_id(m[1]):
                        uscc = m[1]
                        note("uscc", s + m.start(1), s + m.end(1), 0.99)
                        break
            if phone is None and (m := _PHONE.search(seg)):
                phone = m[1]
                note("phone", s + m.start(1), s + m.end(1), 0.9)
        organisation = bool(
            uscc or d.representative or self.org_re.search(d.name) or len(d.name) > 8
        ) and not (sex or birth or id_number)
        representative = None
        if d.representative:
            representative, rs, re_ = d.representative
            note("legal_representative", rs, re_, 0.9)
        return Party(
            role=Role(d.role), kind=PartyKind.ORGANISATION if organisation else PartyKind.PERSON, name=d.name,
            sex=sex, birth_date=birth, ethnicity=ethnicity, address=address, id_number=id_number, uscc=uscc,
            phone=phone, legal_representative=representative, agents=list(dict.fromkeys(d.agents)), sources=sources,
        )
