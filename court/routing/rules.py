"""The jurisdiction engine (管辖): a pure decision over the request and an in-memory court directory.

Order of the rules: enforcement (CPL Art.235) -> exclusive jurisdiction (Art.34) -> a written choice of court
(Art.35) -> special and general territorial rules (Arts.22-30) -> level (法发〔2021〕27号) -> the internet court's
concentration of its city's basic-level cases (法释〔2018〕16号 / 法释〔2025〕14号, by filing date).
Several competent courts are all returned: the plaintiff chooses, the first to register keeps it (Art.36).
Article numbers are those of the CPL 2023 revision and the 2022 CPL Interpretation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import msgspec

from court.i18n import Msg, label_msg, msg, msg_data
from court.routing.addresses import ResolvedAddress
from court.routing.causes import CLAUSE_ALLOWED, DELIVERS_REAL_ESTATE, Category, UnknownCause
from court.routing.directory import CourtDirectory, CourtNotKnown
from court.routing.internet_court import rules_for
from court.routing.request import CourtOut, Decision, PartyIn, RoutingRequest, UnknownCourt, parse_request
from court.routing.specialised import (
    FINANCIAL_CAUSES,
    FINANCIAL_COURTS,
    FOREIGN_HIGH_THRESHOLD_PROVINCES,
    FOREIGN_THRESHOLD_HIGH,
    FOREIGN_THRESHOLD_OTHER,
    GENERAL_IP_CAUSES,
    IP_COURTS,
    MARITIME_COURTS,
    RAILWAY_CAUSES,
    TECHNICAL_IP_SINCE,
    ZHEJIANG_GENERAL_IP_THRESHOLD,
    ZHEJIANG_IP_BASIC_COURTS,
    ZHEJIANG_TECHNICAL_IP,
    SpecialisedCourt,
    specialised_for,
)
from seeds.reference import Court, Division

# Level jurisdiction, 法发〔2021〕27号 Arts.1-2 (from 2021-10-01): intermediate courts take civil first instance of
# 5亿 yuan "以上" (inclusive) where all parties are domiciled in, or all outside, the court's province, and of 1亿
# where one party is domiciled outside it.
THRESHOLD_SAME_PROVINCE = Decimal("500000000")
THRESHOLD_CROSS_PROVINCE = Decimal("100000000")

DEFENDANT_ROLES = frozenset({"defendant", "respondent", "被告", "被申请人", "被执行人"})
PLAINTIFF_ROLES = frozenset({"plaintiff", "applicant", "原告", "申请人", "申请执行人"})
ORGANISATION_KINDS = frozenset(
    {
        "organisation",
        "organization",
        "legal_person",
        "company",
        "法人",
        "其他组织",
        "procuratorate",
        "agency",
        "检察院",
        "行政机关",
    }
)
PROCURATORATE_KINDS = frozenset({"procuratorate", "检察院", "人民检察院"})
FIRST_INSTANCE_TYPES = frozenset(
    {"民初", "刑初", "行初", "民特", "民督", "民催", "财保", "行审", "赔初", "行赔初", "刑附民初"}
)
SEVERAL_COURTS = msg(
    "several courts are competent: the plaintiff (applicant) chooses; if filed in more than one, the "
    "first to register keeps it (CPL Art.36)"
)


class _Refusal(Exception):
    def __init__(self, needs: list[Msg]) -> None:
        super().__init__("; ".join(needs))
        self.needs = needs


@dataclass
class _Place:
    """A connecting factor (连结点) resolved to a county: the defendant's domicile, the place of performance…"""

    label: Msg
    division: Division


@dataclass
class _Work:
    directory: CourtDirectory
    request: RoutingRequest
    filing_date: date
    notes: list[Msg] = field(default_factory=list)
    unresolved: list[Msg] = field(default_factory=list)
    unknown: dict[str, UnknownCourt] = field(default_factory=dict)

    def note(self, text: Msg) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def name_without_code(
        self, name: str, place: Msg, probable_code: str | None = None, note: str = ""
    ) -> None:
        """A competent court that cannot be identified by a sourced code: named, with the assumption said."""
        if name not in self.unknown:
            self.unknown[name] = UnknownCourt(
                name=name, place=str(place), probable_code=probable_code, note=note
            )
            # The note (a source or the directory's English) stays a technical aside: Msg's `note`.
            self.note(
                Msg(
                    "%(court)s, code unknown: assumed competent as the court of %(place)s",
                    {"court": name, "place": place},
                    note=note,
                )
            )

    def specialised(self, court: SpecialisedCourt, place: Msg) -> None:
        self.name_without_code(court.name, place, court.probable_code, court.source)

    def county(self, text: str | None, label: Msg) -> Division | None:
        """The county of an address; a partial or failed resolution is remembered as missing information."""
        if not text:
            return None
        resolved: ResolvedAddress = self.directory.resolver.resolve(text)
        for assumption in resolved.assumptions:
            self.note(msg("%(place)s: %(assumption)s", place=label, assumption=assumption))
        if resolved.county is None:
            if resolved.division is not None:
                self.unresolved.append(
                    msg(
                        "the district or county of %(place)s '%(address)s' (found only %(division)s)",
                        place=label,
                        address=text,
                        division=resolved.division.full_name,
                    )
                )
            else:
                self.unresolved.append(
                    msg("the district or county of %(place)s '%(address)s'", place=label, address=text)
                )
            return None
        return resolved.county

    def province(self, text: str | None) -> str | None:
        if not text:
            return None
        division = self.directory.resolver.resolve(text).division
        return None if division is None else division.code[:2]


def decide(request: RoutingRequest, directory: CourtDirectory) -> Decision:
    """Name the competent court(s) for a request, or say what information is needed."""
    work = _Work(directory, _canonical(request), request.filing_date or date.today())
    try:
        if request.enforcement_of or request.enforcement_basis:
            return _enforcement(work)
        return _litigation(work)
    except _Refusal as refusal:
        needs = list(dict.fromkeys(refusal.needs))
        return Decision(
            courts=[],
            rule="needs_information",
            article="",
            assumptions=[str(n) for n in work.notes],
            needs=[str(n) for n in needs],
            assumption_messages=[msg_data(n) for n in work.notes],
            need_messages=[msg_data(n) for n in needs],
        )


def _canonical(request: RoutingRequest) -> RoutingRequest:
    """Parties in a fixed order, so that the answer cannot depend on the order they were listed in."""
    ordered = tuple(
        sorted(
            request.parties,
            key=lambda p: (p.role, p.kind, p.address or "", p.habitual_residence or "", p.name or ""),
        )
    )
    return msgspec.structs.replace(request, parties=ordered)


def _defendants(work: _Work) -> list[PartyIn]:
    return [p for p in work.request.parties if p.role in DEFENDANT_ROLES]


def _plaintiffs(work: _Work) -> list[PartyIn]:
    return [p for p in work.request.parties if p.role in PLAINTIFF_ROLES]


def _domicile(work: _Work, party: PartyIn, label: Msg, residence: Msg, domicile: Msg) -> Division | None:
    if party.kind not in ORGANISATION_KINDS and party.habitual_residence:
        # CPL Art.22 para 1 / CPL-Interp Art.4: habitual residence prevails over domicile where they differ.
        work.note(msg("%(party)s: habitual residence used instead of domicile (CPL Art.22)", party=label))
        return work.county(party.habitual_residence, residence)
    return work.county(party.address, domicile)


def _domicile_places(
    work: _Work, parties: list[PartyIn], who: Msg, residence: Msg, domicile: Msg
) -> list[_Place]:
    """Where each of `parties` is domiciled (or habitually resides), as places labelled `domicile`."""
    places = []
    for party in parties:
        division = _domicile(work, party, who, residence, domicile)
        if division is not None:
            places.append(_Place(domicile, division))
    return places


def _defendant_places(work: _Work) -> list[_Place]:
    return _domicile_places(
        work,
        _defendants(work),
        msg("the defendant"),
        msg("the defendant's habitual residence"),
        msg("the defendant's domicile"),
    )


def _plaintiff_places(work: _Work) -> list[_Place]:
    return _domicile_places(
        work,
        _plaintiffs(work),
        msg("the plaintiff"),
        msg("the plaintiff's habitual residence"),
        msg("the plaintiff's domicile"),
    )


def _place(work: _Work, text: str | None, label: Msg) -> list[_Place]:
    division = work.county(text, label)
    return [] if division is None else [_Place(label, division)]


# --- litigation ---------------------------------------------------------------------------------------------


def _litigation(work: _Work) -> Decision:
    req = work.request
    if not req.cause:
        raise _Refusal([msg("cause: the cause of action (案由), by name or code")])
    catalogue = work.directory.catalogue
    try:
        cause = catalogue.canonical(req.cause)
        category = catalogue.category(cause)
    except UnknownCause:
        raise _Refusal(
            [
                msg(
                    "cause: '%(cause)s' is not a cause of the 2020 catalogue (民事案件案由规定)",
                    cause=req.cause,
                )
            ]
        ) from None
    lineage = catalogue.lineage(cause)
    if category is Category.NON_CONTENTIOUS:
        return _special_procedure(work, cause, lineage)

    if category is Category.PROPERTY_RIGHT:
        if req.property_location:
            work.note(
                msg(
                    "the object is taken to be immovable because a property location was given (CPL Art.34(1))"
                )
            )
            category = Category.REAL_ESTATE
        else:
            work.note(msg("the object is taken to be movable (no property location given): general rule"))
            category = Category.PROPERTY_OTHER

    exclusive = _exclusive(work, category)
    if exclusive is not None:
        places, rule, article = exclusive
        if req.agreed_court:
            work.note(
                msg(
                    "the choice-of-court clause does not apply: exclusive jurisdiction prevails (CPL Art.35, Art.34)"
                )
            )
        return _finish(work, places, rule, article, cause, lineage, category)

    if req.agreed_court:
        chosen = _clause(work, category, lineage)
        if chosen is not None:
            return _decision(work, [chosen], "choice_of_court", "CPL Art.35", cause, chosen.level)

    places, rule, article = _territorial(work, category, cause, lineage)
    if RAILWAY_CAUSES.intersection(lineage):
        rule, article = "railway_transport", article + "; 法释〔2012〕10号 Art.3"
    elif category is not Category.IP_TECHNICAL and GENERAL_IP_CAUSES.intersection(lineage):
        article += "; 法释〔2022〕13号 Art.3; 法〔2022〕109号"
    return _finish(work, places, rule, article, cause, lineage, category)


# CPL 2023 special and non-contentious procedures: (the catalogue heading, rule, article, which connecting factor).
SPECIAL_PROCEDURES: tuple[tuple[str, str, str, str], ...] = (
    # CPL Art 225: the basic court with jurisdiction; CPL-Interp Art 23: the debtor's domicile (Art 22).
    ("督促程序案件", "payment_order", "CPL Art.225; CPL-Interp Art.23", "respondent"),
    # CPL Art 205 item 2: a party's domicile, the object's location or the mediator's seat (item 1, mediation
    # the court invited, goes to that court: give it as agreed_court).
    ("确认调解协议案件", "confirm_mediation_agreement", "CPL Art.205", "parties_and_object"),
    # CPL Art 207: where the secured property lies or the security right is registered.
    ("实现担保物权案件", "realise_security_interest", "CPL Art.207", "property"),
    ("宣告失踪、宣告死亡案件", "declare_missing_or_dead", "CPL Art.190, Art.191", "respondent"),
    ("认定自然人无民事行为能力、限制民事行为能力案件", "declare_incapacity", "CPL Art.198", "respondent"),
    ("认定财产无主案件", "ownerless_property", "CPL Art.202", "property"),
    ("指定遗产管理人案件", "estate_administrator", "CPL Art.194", "decedent"),
)


def _special_procedure(work: _Work, cause: str, lineage: list[str]) -> Decision:
    """Special procedures and payment orders: always a basic court, at the place each article names."""
    req = work.request
    row = next((r for r in SPECIAL_PROCEDURES if r[0] in lineage), None)
    if row is None:
        raise _Refusal(
            [
                msg(
                    "the court for '%(cause)s' (a special procedure) is not decided by this engine: name it",
                    cause=cause,
                )
            ]
        )
    _, rule, article, factor = row
    if factor == "respondent":
        places = _defendant_places(work)
        need = msg("the respondent's address (its district or county): parties[role=respondent]")
    elif factor == "property":
        places = _place(
            work, req.property_location, msg("the property's location (or where the right is registered)")
        )
        need = msg("property_location: where the property lies or the security right is registered")
    elif factor == "decedent":
        places = _place(work, req.decedent_domicile, msg("the decedent's last domicile"))
        need = msg("decedent_domicile: the decedent's last domicile")
    else:
        places = [
            *_defendant_places(work),
            *_plaintiff_places(work),
            *_place(work, req.property_location, msg("the object's location")),
        ]
        need = msg("a party's address or property_location")
        if req.agreed_court and (court := work.directory.find_court(req.agreed_court)) is not None:
            work.note(
                msg("mediation the court invited: the application goes to that court (CPL Art.205 item 1)")
            )
            return _decision(work, [court], rule, article, cause, court.level)
    if not places:
        raise _Refusal([need, *work.unresolved])
    courts: dict[str, Court] = {}
    for place in places:
        try:
            court = work.directory.basic_court(place.division.code)
        except CourtNotKnown as exc:
            work.name_without_code(f"{place.division.full_name}的基层人民法院", place.label, note=str(exc))
            continue
        courts[court.code] = court
    work.note(
        msg(
            "special procedures and payment orders are heard by basic courts (the article names the basic court)"
        )
    )
    return _decision(work, list(courts.values()), rule, article, cause, "basic")


def _exclusive(work: _Work, category: Category) -> tuple[list[_Place], str, str] | None:
    req = work.request
    if category is Category.REAL_ESTATE:
        places = _place(work, req.property_location, msg("the property's location"))
        if not places:
            raise _Refusal([msg("property_location: where the immovable property lies"), *work.unresolved])
        return places, "exclusive_real_estate", "CPL Art.34(1); CPL-Interp Art.28"
    if category is Category.INHERITANCE:
        places = _place(work, req.decedent_domicile, msg("the decedent's last domicile"))
        places += _place(work, req.property_location, msg("the main estate's location"))
        if not places:
            raise _Refusal(
                [
                    msg(
                        "decedent_domicile or property_location: the decedent's last domicile or where the "
                        "main estate lies"
                    ),
                    *work.unresolved,
                ]
            )
        return places, "exclusive_inheritance", "CPL Art.34(3)"
    if category is Category.PORT_OPERATIONS:
        places = _place(
            work, req.property_location or req.tort_place or req.performance_place, msg("the port")
        )
        if not places:
            raise _Refusal(
                [msg("property_location: the port where the operations took place"), *work.unresolved]
            )
        return places, "exclusive_port_operations", "CPL Art.34(2); 海事诉讼特别程序法 Art.7(1)"
    return None


def _territorial(
    work: _Work, category: Category, cause: str, lineage: list[str]
) -> tuple[list[_Place], str, str]:
    req = work.request
    defendants = _defendant_places(work)
    if category in (Category.TORT, Category.TRAFFIC_ACCIDENT, Category.PERSONALITY) and not req.tort_place:
        work.note(msg("the place of the tort is not given: only the defendant's domicile is used"))
    if category is Category.CONTRACT:
        performance = _place(work, req.performance_place, msg("the place of performance"))
        if not performance and not req.performance_place:
            performance = _silent_contract(work, cause, lineage)
        return defendants + performance, "contract", "CPL Art.24; CPL-Interp Art.18"
    if category is Category.INSURANCE:
        insured = _place(work, req.property_location, msg("the insured object's location"))
        return defendants + insured, "insurance", "CPL Art.25"
    if category in (Category.TORT, Category.PERSONALITY, Category.IP_TECHNICAL, Category.PUBLIC_INTEREST):
        places = defendants + _place(work, req.tort_place, msg("the place of the tort"))
        article = "CPL Art.29; CPL-Interp Art.24"
        if "网络侵权责任纠纷" in lineage or (req.online and category is Category.PERSONALITY):
            # CPL-Interp Art.25: for torts committed through the network the result occurs at the injured party's
            # domicile too. Not for copyright (法释〔2012〕20号 Art.15 names only the tort place and the defendant)
            # nor for defective goods merely bought online.
            places += [
                _Place(msg("the injured party's domicile"), p.division) for p in _plaintiff_places(work)
            ]
            article += "; CPL-Interp Art.25"
        if category is Category.PUBLIC_INTEREST:
            return places, "public_interest", article + "; CPL-Interp Art.283"
        if category is Category.IP_TECHNICAL:
            return places, "technical_ip", article + "; 法释〔2022〕13号 Art.1"
        return places, "tort", article
    if category is Category.TRAFFIC_ACCIDENT:
        return (
            defendants + _place(work, req.tort_place, msg("the place of the accident")),
            "traffic_accident",
            "CPL Art.30",
        )
    if category is Category.LABOUR:
        employers = [
            _Place(msg("the employer's domicile"), d)
            for p in work.request.parties
            if p.kind in ORGANISATION_KINDS
            and (d := work.county(p.address, msg("the employer's domicile"))) is not None
        ]
        work.note(
            msg("labour disputes go to labour arbitration first; this names the court for the suit after it")
        )
        places = employers + _place(
            work, req.performance_place, msg("the place where the labour contract is performed")
        )
        return places, "labour", "法释〔2020〕26号 Art.3"
    if category is Category.ADMINISTRATIVE:
        return defendants, "administrative", "行政诉讼法 Art.18"
    if category is Category.MARITIME:
        places = defendants + _place(
            work, req.tort_place or req.performance_place, msg("the place of the maritime event")
        )
        return places, "maritime", "海事诉讼特别程序法 Art.4, Art.6"
    return defendants, "general", "CPL Art.22; CPL-Interp Art.3"


def _silent_contract(work: _Work, cause: str, lineage: list[str]) -> list[_Place]:
    """CPL-Interp Arts.18 and 20: the place of performance when the contract does not say."""
    req = work.request
    if cause in DELIVERS_REAL_ESTATE and req.property_location:
        work.note(
            msg(
                "no agreed place of performance: delivery of immovables is performed where they lie (CPL-Interp Art.18)"
            )
        )
        return _place(work, req.property_location, msg("the place of performance (the property's location)"))
    if "信息网络买卖合同纠纷" in lineage:
        work.note(
            msg(
                "online sale: the buyer is taken to be the plaintiff and the goods delivered to its domicile, "
                "the place of performance (CPL-Interp Art.20)"
            )
        )
        return [
            _Place(msg("the place of performance (the buyer's domicile)"), p.division)
            for p in _plaintiff_places(work)
        ]
    if req.amount is not None and req.amount > 0:
        work.note(
            msg(
                "no agreed place of performance: the claim is for money, so the plaintiff is the receiving party "
                "and its domicile is the place of performance (CPL-Interp Art.18 para 2)"
            )
        )
        return [
            _Place(msg("the place of performance (the receiving party's domicile)"), p.division)
            for p in _plaintiff_places(work)
        ]
    work.note(msg("the place of performance is unknown: only the defendant's domicile is used"))
    return []


# --- choice of court ---------------------------------------------------------------------------------------


def _clause(work: _Work, category: Category, lineage: list[str]) -> Court | None:
    """The agreed court if the clause is valid (CPL Art.35); otherwise a note saying why it is not followed."""
    req = work.request
    text = req.agreed_court or ""
    if category not in CLAUSE_ALLOWED:
        work.note(
            msg(
                "the choice-of-court clause is not followed: CPL Art.35 covers contract and property disputes, "
                "not %(category)s",
                category=label_msg("dispute_category", category.value),
            )
        )
        return None
    directory = work.directory
    court = directory.find_court(text)
    if court is None:
        division = work.county(text, msg("the agreed court's place"))
        if division is None:
            work.note(
                msg(
                    "the choice-of-court clause is not followed: '%(text)s' names no court that can be identified",
                    text=text,
                )
            )
            return None
        court = directory.basic_court(division.code)
        work.note(msg("the clause names a place; read as the basic court there, %(court)s", court=court.name))
    connected = _clause_places(work)
    linked = [p.label for p in connected if directory.covers(court, p.division.code)]
    if court.kind == "internet":
        table = rules_for(work.filing_date)
        if table is None or table.category(lineage, online=req.online) is None:
            work.note(
                msg(
                    "the choice-of-court clause is not followed: %(court)s does not take this kind of dispute",
                    court=court.name,
                )
            )
            return None
    if not linked:
        work.note(
            msg(
                "the choice-of-court clause is not followed: %(court)s has no actual connection with the "
                "dispute (defendant's or plaintiff's domicile, place of performance or signing, the object)",
                court=court.name,
            )
        )
        return None
    level = _level_at(work, court.seat_division or (court.divisions[0] if court.divisions else ""))
    if court.kind == "internet" and level == "basic":
        pass
    elif court.level != level:
        work.note(
            msg(
                "the choice-of-court clause is not followed: it would break level jurisdiction (%(court)s is "
                "a %(court_level)s court, the amount calls for a %(level)s court; 法发〔2021〕27号)",
                court=court.name,
                court_level=label_msg("court_level", court.level),
                level=label_msg("court_level", level),
            )
        )
        return None
    if court.level == "basic" and court.kind == "general":
        concentrated = _internet(work, court, lineage)
        if concentrated is not court:
            work.note(
                msg(
                    "the agreed court %(court)s lies in a city whose basic-level cases of this kind go to "
                    "%(internet_court)s",
                    court=court.name,
                    internet_court=concentrated.name,
                )
            )
            return concentrated
    work.note(
        msg(
            "the choice-of-court clause is followed: %(court)s is connected as %(places)s",
            court=court.name,
            places=list(dict.fromkeys(linked)),
        )
    )
    return court


def _clause_places(work: _Work) -> list[_Place]:
    req = work.request
    return (
        _defendant_places(work)
        + _plaintiff_places(work)
        + _place(work, req.performance_place, msg("the place of performance"))
        + _place(work, req.signing_place, msg("the place of signing"))
        + _place(work, req.property_location, msg("the object's location"))
    )


# --- level and the internet court --------------------------------------------------------------------------


def _level_at(work: _Work, division_code: str) -> str:
    """Basic or intermediate for a court in the province of `division_code` (法发〔2021〕27号 Arts.1-2)."""
    amount = work.request.amount
    if amount is None:
        work.note(msg("no amount in dispute given: taken to be below the intermediate-court threshold"))
        return "basic"
    provinces = [work.province(p.address) for p in work.request.parties]
    if any(p is None for p in provinces):
        work.note(
            msg("a party's province could not be read from its address: taken to be the court's province")
        )
    here = division_code[:2]
    if work.request.foreign_related:
        threshold = (
            FOREIGN_THRESHOLD_HIGH if here in FOREIGN_HIGH_THRESHOLD_PROVINCES else FOREIGN_THRESHOLD_OTHER
        )
        work.note(
            msg(
                "foreign-related: the intermediate court takes first instance from %(threshold)s yuan in this "
                "province (法释〔2022〕18号 Art.2)",
                threshold=f"{threshold:,}",
            )
        )
        return "intermediate" if amount >= threshold else "basic"
    inside = [p in (None, here) for p in provinces]
    mixed = any(inside) and not all(inside)
    threshold = THRESHOLD_CROSS_PROVINCE if mixed else THRESHOLD_SAME_PROVINCE
    return "intermediate" if amount >= threshold else "basic"


def _internet(work: _Work, court: Court, lineage: list[str]) -> Court:
    """The internet court of the basic court's city, where the dispute is in its categories on the filing date."""
    table = rules_for(work.filing_date)
    if table is None:
        return court
    internet = work.directory.internet_court(court.seat_division) if court.seat_division else None
    if internet is None:
        return court
    procuratorate = any(p.kind in PROCURATORATE_KINDS for p in _plaintiffs(work))
    category = table.category(lineage, online=work.request.online, procuratorate=procuratorate)
    if category is None:
        return court
    work.note(
        msg(
            "%(court)s takes the basic-level cases of its city in the category '%(category)s' "
            "(%(item)s, the rules in force on %(date)s)",
            court=internet.name,
            category=category.description,
            item=category.item,
            date=work.filing_date.isoformat(),
        )
    )
    return internet


def _finish(
    work: _Work,
    places: list[_Place],
    rule: str,
    article: str,
    cause: str,
    lineage: list[str],
    category: Category,
) -> Decision:
    if not places:
        needs = [msg("the address of the defendant (its district or county)")] if not work.unresolved else []
        if category in (Category.TORT, Category.TRAFFIC_ACCIDENT) and not work.request.tort_place:
            needs.append(msg("tort_place: where the tort (or accident) happened"))
        if category is Category.CONTRACT and not work.request.performance_place:
            needs.append(msg("performance_place: the place of performance"))
        raise _Refusal(needs + work.unresolved)
    for missing in work.unresolved:
        work.note(msg("not used, could not be placed: %(missing)s", missing=missing))
    courts: dict[str, Court] = {}
    levels: set[str] = set()
    for place in places:
        try:
            court = _court_for(work, place, rule, category, lineage)
        except CourtNotKnown as exc:
            # A partial answer: the courts that can be named are named, this one is described.
            level_word = "中级" if _level_at(work, place.division.code) == "intermediate" else "基层"
            work.name_without_code(
                f"{place.division.full_name}的{level_word}人民法院", place.label, note=str(exc)
            )
            continue
        if court is not None:
            courts[court.code] = court
            levels.add(court.level)
    level = "intermediate" if levels == {"intermediate"} else "basic" if levels == {"basic"} else None
    return _decision(work, list(courts.values()), rule, article, cause, level)


def _court_for(work: _Work, place: _Place, rule: str, category: Category, lineage: list[str]) -> Court | None:
    """The competent court for one connecting factor; None when it was named without a code (work.unknown)."""
    directory = work.directory
    code = place.division.code
    if category in (Category.MARITIME, Category.PORT_OPERATIONS):
        court = directory.maritime_court(code)
        if court is not None:
            return court
        known = specialised_for(MARITIME_COURTS, code)
        if known is None:
            raise CourtNotKnown(f"no maritime court is recorded for {place.division.full_name}")
        work.specialised(known, place.label)
        return None
    if category is Category.IP_TECHNICAL:
        return _technical_ip(work, place)
    if rule == "railway_transport":
        return _railway(work, place)
    if category is not Category.IP_TECHNICAL and GENERAL_IP_CAUSES.intersection(lineage) and code[:2] == "33":
        return _general_ip_zhejiang(work, place, lineage)
    if category is Category.PUBLIC_INTEREST:
        basic = _internet(work, directory.basic_court(code), lineage)
        return basic if basic.kind == "internet" else directory.intermediate_court(code)
    if _level_at(work, code) == "intermediate":
        financial = (
            specialised_for(FINANCIAL_COURTS, code) if FINANCIAL_CAUSES.intersection(lineage) else None
        )
        if financial is not None and financial.since is not None and work.filing_date >= financial.since:
            work.specialised(financial, place.label)
            return None
        return directory.intermediate_court(code)
    return _internet(work, directory.basic_court(code), lineage)


def _city(work: _Work, place: _Place) -> Division:
    return work.directory.ancestor(work.directory.current(place.division.code).code, "city")


def _technical_ip(work: _Work, place: _Place) -> Court | None:
    """法释〔2022〕13号 Art.1: the intermediate courts the SPC designates (Zhejiang: three centres, see specialised)."""
    centre = ZHEJIANG_TECHNICAL_IP.get(_city(work, place).code)
    if centre is not None and work.filing_date >= TECHNICAL_IP_SINCE:
        court = work.directory.court(centre)
        work.note(
            msg(
                "technical IP: %(city)s is in the area of %(court)s, designated for technical IP across "
                "several cities (SPC approval of 2017 for the 杭州 and 宁波 IP tribunals)",
                city=_city(work, place).full_name,
                court=court.name,
            )
        )
        return court
    ip_court = specialised_for(IP_COURTS, place.division.code)
    if ip_court is not None:
        work.specialised(ip_court, place.label)
        return None
    work.note(
        msg(
            "technical IP: the city's intermediate court is assumed to be designated (法释〔2022〕13号 Art.1)"
        )
    )
    return work.directory.intermediate_court(place.division.code)


def _general_ip_zhejiang(work: _Work, place: _Place, lineage: list[str]) -> Court | None:
    """Trademark, copyright, unfair competition, technical contracts in Zhejiang: by amount, designated courts."""
    city = _city(work, place)
    amount = work.request.amount
    centre = ZHEJIANG_TECHNICAL_IP.get(city.code)
    if (
        amount is not None
        and amount >= ZHEJIANG_GENERAL_IP_THRESHOLD
        and centre is not None
        and work.filing_date >= TECHNICAL_IP_SINCE
    ):
        court = work.directory.court(centre)
        work.note(
            msg(
                "general IP of 8,000,000 yuan or more: %(court)s, whose IP tribunal serves %(city)s "
                "(SPC approval of 2017)",
                court=court.name,
                city=city.full_name,
            )
        )
        return court
    if amount is None:
        work.note(
            msg("no amount in dispute given: taken to be below the general-IP threshold of 8,000,000 yuan")
        )
    basic = work.directory.basic_court(place.division.code)
    concentrated = _internet(work, basic, lineage)
    if concentrated is not basic:
        return concentrated
    if basic.code in ZHEJIANG_IP_BASIC_COURTS:
        work.note(msg("%(court)s is designated for general IP cases (法函〔2008〕35号)", court=basic.name))
        return basic
    work.name_without_code(
        f"{city.name}内指定管辖知识产权案件的基层人民法院",
        place.label,
        note=f"{basic.name} is not among the basic courts known to be designated for IP (法〔2022〕109号 list not "
        "transcribed)",
    )
    return None


def _railway(work: _Work, place: _Place) -> Court | None:
    """法释〔2012〕10号 Art.3: the railway transport court of the line (Zhejiang: 杭州铁路运输法院, assumed for every line)."""
    province = work.directory.province_of(place.division.code)
    for court in work.directory.courts.values():
        if (
            court.kind == "railway"
            and court.active
            and court.level == "basic"
            and court.seat_division
            and work.directory.province_of(court.seat_division) == province
        ):
            work.note(
                msg(
                    "railway transport case: %(court)s is taken to serve every railway line in the province "
                    "(the line map is not in the directory)",
                    court=court.name,
                )
            )
            return court
    work.name_without_code(
        f"{work.directory.division(province).full_name}的铁路运输法院",
        place.label,
        note="the railway transport courts of this province are not in the directory",
    )
    return None


def _decision(
    work: _Work, courts: list[Court], rule: str, article: str, cause: str | None, level: str | None
) -> Decision:
    ordered = sorted(courts, key=lambda c: c.code)
    if len(ordered) > 1:
        work.note(SEVERAL_COURTS)
    if any(c.note == "derived from the division code" for c in ordered):
        work.note(
            msg(
                "a court outside Zhejiang is derived from its county's division code (not in the court table)"
            )
        )
    return Decision(
        courts=[CourtOut(code=c.code, name=c.name) for c in ordered],
        rule=rule,
        article=article,
        assumptions=[str(n) for n in work.notes],
        assumption_messages=[msg_data(n) for n in work.notes],
        cause=cause,
        level=level,
        unknown=sorted(work.unknown.values(), key=lambda u: u.name),
    )


# --- enforcement -------------------------------------------------------------------------------------------


def _enforcement(work: _Work) -> Decision:
    req = work.request
    basis = req.enforcement_basis or _basis_of(req.enforcement_of or "")
    if basis is None:
        raise _Refusal(
            [
                msg(
                    "enforcement_basis: a judgment's case number, an arbitral award or a notarised debt instrument"
                )
            ]
        )
    try:
        if basis == "judgment":
            courts = _judgment_enforcement(work)
            return _decision(
                work, courts, "enforcement_judgment", "CPL Art.235 para 1", None, courts[0].level
            )
        debtors = _defendant_places(work)
        property_ = _place(work, req.property_location, msg("the property's location"))
        places = debtors + property_
        if not places:
            raise _Refusal(
                [msg("the debtor's address (its district or county) or property_location"), *work.unresolved]
            )
        level = _level_at(work, places[0].division.code)
        if basis == "arbitral_award":
            # 法释〔2018〕5号 Art.2: the intermediate court; para 2 lets it designate the basic court of the debtor's
            # domicile or the property where the amount is within basic-level first instance.
            if level == "basic":
                work.note(
                    msg(
                        "arbitral award: assumed delegated to the basic court of the place, as Zhejiang's "
                        "intermediate courts do for amounts within basic-level jurisdiction (法释〔2018〕5号 Art.2 para 2)"
                    )
                )
            article = "CPL Art.235 para 2; 法释〔2018〕5号 Art.2"
            rule = "enforcement_arbitral_award"
        else:
            article = "CPL Art.235 para 2; 法释〔2018〕18号 Art.2"
            rule = "enforcement_notarised_debt"
        courts = [work.directory.same_level_court(level, p.division.code) for p in places]
    except CourtNotKnown as exc:
        raise _Refusal([Msg("a court the directory does not know", note=str(exc))]) from None
    return _decision(work, list({c.code: c for c in courts}.values()), rule, article, None, level)


def _basis_of(text: str) -> str | None:
    from kernel.case_numbers import InvalidCaseNumber, parse_case_number

    try:
        parse_case_number(text)
        return "judgment"
    except InvalidCaseNumber:
        pass
    if "仲" in text:
        return "arbitral_award"
    if "公证" in text or "证字" in text or "执行证书" in text:
        return "notarised_debt"
    return None


def _judgment_enforcement(work: _Work) -> list[Court]:
    """CPL Art.235 para 1: the first-instance court, or a court of the same level where the property is."""
    from kernel.case_numbers import InvalidCaseNumber, parse_case_number

    text = work.request.enforcement_of or ""
    try:
        number = parse_case_number(text)
    except InvalidCaseNumber:
        raise _Refusal([msg("enforcement_of: '%(text)s' is not a readable case number", text=text)]) from None
    if number.legacy:
        raise _Refusal(
            [
                msg(
                    "enforcement_of: the court of the pre-2016 number '%(text)s' cannot be read from it; "
                    "name the first-instance court",
                    text=text,
                )
            ]
        )
    if number.type_code not in FIRST_INSTANCE_TYPES:
        raise _Refusal(
            [
                msg(
                    "enforcement_of: %(text)s is not a first-instance case (%(type_code)s); give the "
                    "first-instance case number",
                    text=text,
                    type_code=number.type_code,
                )
            ]
        )
    first = work.directory.court_by_code(number.court_code)
    courts = [first]
    for place in _place(work, work.request.property_location, msg("the property's location")):
        if first.level == "basic":
            courts.append(work.directory.basic_court(place.division.code))
        else:
            courts.append(work.directory.intermediate_court(place.division.code))
    return list({c.code: c for c in courts}.values())


def decide_json(
    payload: dict[str, Any], directory: CourtDirectory, *, today: date | None = None
) -> dict[str, Any]:
    """Decide jurisdiction for a request given as JSON-shaped data; the filing date defaults to today. Here, not in
    court.routing.request: the rules import the request's types, so the request module cannot import the rules."""
    request = parse_request(payload)
    if request.filing_date is None:
        request = msgspec.structs.replace(request, filing_date=today or date.today())
    decision = decide(request, directory)
    result: dict[str, Any] = msgspec.to_builtins(decision)
    return result
