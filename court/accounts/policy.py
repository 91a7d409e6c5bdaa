"""The one access policy: may this principal do this action to this resource? Handlers never decide it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

from court.accounts.roles import Role
from court.errors import NotFound, PermissionDenied
from court.i18n import msg


class Action(StrEnum):
    VIEW = "view"  # read a filing, case or matter
    CREATE = "create"  # start a filing
    EDIT = "edit"  # change a draft filing (parties, claims, documents)
    SUBMIT = "submit"
    REVIEW = "review"  # clerk: accept, ask for more, refuse
    FORWARD = "forward"  # receiving court: forward to the competent court
    REGISTER = "register"  # 立案
    ASSIGN = "assign"  # 分案
    DECIDE = "decide"  # judge's acts on an assigned case
    READ_DOCUMENT = "read_document"
    ENFORCE = "enforce"  # enforcement acts on a matter
    ANSWER_TASK = "answer_task"  # agency officer answers an inquiry/control task
    VIEW_DASHBOARD = "view_dashboard"
    ADMINISTER = "administer"  # users, terminals, reference data
    SCHEDULE = "schedule"  # book a hearing (排期)
    APPROVE = "approve"  # approve an extension or a suspension of a time limit (审批延长/扣除审限)
    ARCHIVE = "archive"  # archive a closed case (归档)
    RETRY = "retry"  # run a failed background job again (重试作业)
    DRAFT = "draft"  # draft or edit a court document (起草文书)
    SIGN = "sign"  # sign a court document under the court's seal (电子签章)


class ResourceKind(StrEnum):
    FILING = "filing"
    CASE = "case"
    DOCUMENT = "document"
    MATTER = "matter"  # enforcement matter
    AGENCY_TASK = "agency_task"
    COURT = "court"
    JOB = "job"  # a background job (extraction, routing, periodic sweeps)
    SYSTEM = "system"
    COURT_DOCUMENT = (
        "court_document"  # a document the court issues (法律文书): notice, judgment, ruling, mediation
    )


@dataclass(frozen=True, slots=True)
class Principal:
    user_id: int
    role: Role
    court_code: str | None = None
    agency_code: str | None = None
    terminal_id: int | None = None
    scopes: frozenset[str] = frozenset({"*"})
    credential_id: int | None = None  # the session or API token the request came with (None: built in code)
    credential_kind: str = ""  # "session" or "api_token"


@dataclass(frozen=True, slots=True)
class Resource:
    kind: ResourceKind
    court_code: str | None = None  # the competent (or registering) court
    receiving_court_code: str | None = None  # where a cross-region filing was received
    owner_user_id: int | None = None  # who created the filing
    party_user_ids: frozenset[int] = field(default_factory=frozenset)  # parties and their agents
    assigned_user_ids: frozenset[int] = field(default_factory=frozenset)  # judges, enforcement officers
    terminal_id: int | None = None
    agency_code: str | None = None
    sealed: bool = False
    status: str = ""
    case_type: str = ""  # of the filing a document belongs to; "" for case and matter documents
    judicial_act: bool = False  # a court document only the trying judge signs (判决书, 裁定书, 调解书)
    # The object the request named by id, as (noun, id): ("filing", 12). Set by the loaders of stored objects; a
    # caller who may not see it is told it does not exist (see `require`). None for a resource that stands for a
    # kind of thing rather than one (may this clerk review filings of this court at all?).
    ref: tuple[str, int | str] | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    reason: str


def _same_court(p: Principal, r: Resource) -> bool:
    return p.court_code is not None and p.court_code == r.court_code


def _is_party(p: Principal, r: Resource) -> bool:
    return p.user_id == r.owner_user_id or p.user_id in r.party_user_ids


def decide(p: Principal, action: Action, r: Resource) -> Decision:  # noqa: C901 - one table of rules
    def allow(why: str) -> Decision:
        return Decision(True, why)

    def deny(why: str) -> Decision:
        return Decision(False, why)

    if "*" not in p.scopes and action.value not in p.scopes:
        return deny(f"token scope does not include {action.value}")

    if r.kind is ResourceKind.COURT_DOCUMENT:
        return _court_document(p, action, r)

    # Sealed documents: only the people deciding the case and the court's leaders.
    if r.kind is ResourceKind.DOCUMENT and r.sealed:
        if p.role is Role.COURT_LEADER and _same_court(p, r):
            return allow("court leader of the competent court")
        if p.role is Role.JUDGE and p.user_id in r.assigned_user_ids:
            return allow("assigned judge")
        return deny("sealed document")

    role = p.role
    if role is Role.ADMINISTRATOR:
        if action in (Action.ADMINISTER, Action.VIEW_DASHBOARD, Action.VIEW) and r.kind in (
            ResourceKind.SYSTEM,
            ResourceKind.COURT,
        ):
            return allow("administrator")
        if r.kind is ResourceKind.JOB and action in (Action.VIEW, Action.RETRY):
            return allow("administrators run the job queue")
        return deny("administrators manage the system, not cases")

    if role in (Role.LITIGANT, Role.LAWYER):
        if r.kind is ResourceKind.FILING and action is Action.CREATE:
            return allow("anyone may file")
        if r.kind in (ResourceKind.FILING, ResourceKind.CASE, ResourceKind.DOCUMENT, ResourceKind.MATTER):
            if not _is_party(p, r):
                return deny("not a party to this matter")
            if action in (Action.VIEW, Action.READ_DOCUMENT):
                return allow("party to the matter")
            if r.kind is ResourceKind.FILING and action in (Action.EDIT, Action.SUBMIT):
                return allow("filer of the filing")
        return deny(f"{role.value} may not {action.value}")

    if role is Role.TERMINAL_OPERATOR:
        if r.kind is ResourceKind.FILING and action is Action.CREATE:
            return allow("terminal files on behalf of a villager")
        if r.kind in (ResourceKind.FILING, ResourceKind.DOCUMENT) and (
            (p.terminal_id is not None and p.terminal_id == r.terminal_id) or _is_party(p, r)
        ):
            if action in (Action.VIEW, Action.EDIT, Action.SUBMIT, Action.READ_DOCUMENT):
                return allow("filing made at this terminal")
        return deny("terminal operators act only on filings made at their terminal")

    if role is Role.AGENCY_OFFICER:
        if r.kind is ResourceKind.AGENCY_TASK and p.agency_code and p.agency_code == r.agency_code:
            if action in (Action.VIEW, Action.ANSWER_TASK):
                return allow("task addressed to this agency")
        return deny("agency officers see only their agency's tasks")

    # Court staff from here on.
    if r.kind is ResourceKind.SYSTEM:
        return deny("system administration is for administrators")
    if r.kind is ResourceKind.JOB:
        # DESIGN §2: a failed job is a visible state that the court's staff can see and retry; a job of no court
        # (a periodic sweep) is the administrators'.
        if action in (Action.VIEW, Action.RETRY) and _same_court(p, r):
            return allow("job of this court")
        return deny("staff see and retry the jobs of their own court")
    if r.kind in (ResourceKind.FILING, ResourceKind.DOCUMENT) and r.status == "draft" and not _is_party(p, r):
        # Until it is submitted a filing is the filer's working copy: nothing is before the court yet.
        return deny("a draft filing is the filer's own until it is submitted")
    if r.kind is ResourceKind.COURT:
        if (
            action in (Action.VIEW_DASHBOARD, Action.ADMINISTER)
            and role is Role.COURT_LEADER
            and _same_court(p, r)
        ):
            return allow("leader of this court")
        if action is Action.VIEW and _same_court(p, r):
            return allow("staff of this court")
        return deny("not staff of this court")

    receiving = p.court_code is not None and p.court_code == r.receiving_court_code
    if role is Role.CLERK:
        if r.kind is ResourceKind.FILING:
            if _same_court(p, r) and action in (
                Action.VIEW,
                Action.REVIEW,
                Action.REGISTER,
                Action.READ_DOCUMENT,
            ):
                return allow("clerk of the competent court")
            if receiving and action in (Action.VIEW, Action.REVIEW, Action.FORWARD):
                return allow("clerk of the receiving court")
            if _same_court(p, r) and action is Action.CREATE:
                return allow("counter filing at the clerk's court")
        # The receiving court checks the materials before forwarding, and sees no more once it has.
        if (
            r.kind in (ResourceKind.FILING, ResourceKind.DOCUMENT)
            and receiving
            and action is Action.READ_DOCUMENT
            and r.status in ("submitted", "under_review")
        ):
            return allow("receiving court checking the materials")
        if r.kind in (ResourceKind.CASE, ResourceKind.DOCUMENT) and _same_court(p, r):
            if action in (Action.VIEW, Action.READ_DOCUMENT, Action.ASSIGN):
                return allow("clerk of this court")
            if r.kind is ResourceKind.CASE and action in (Action.SCHEDULE, Action.ARCHIVE):
                return allow("clerk of this court")
        return deny("clerks act on filings and cases of their own court")

    if role is Role.JUDGE:
        if (
            r.kind is ResourceKind.MATTER
            and _same_court(p, r)
            and action in (Action.VIEW, Action.READ_DOCUMENT)
        ):
            # The judge who tried the title follows its enforcement (执行案件 on the judge's pages); reading only.
            return allow("judge of this court reads its enforcement matters")
        if r.kind in (ResourceKind.CASE, ResourceKind.DOCUMENT, ResourceKind.FILING) and _same_court(p, r):
            if action in (Action.VIEW, Action.READ_DOCUMENT):
                return allow("judge of this court")
            if action in (Action.DECIDE, Action.SCHEDULE) and p.user_id in r.assigned_user_ids:
                return allow("assigned judge")
        return deny("judges act on cases of their own court, and decide only those assigned to them")

    if role is Role.ENFORCEMENT_OFFICER:
        if r.kind is ResourceKind.DOCUMENT and r.case_type and r.case_type != "enforcement":
            # Enforcement reads the title (the judgment, a case document) and enforcement applications, not the
            # materials of other kinds of filing still before the registration division.
            return deny("enforcement officers read enforcement filings and case documents only")
        if r.kind in (ResourceKind.MATTER, ResourceKind.CASE, ResourceKind.DOCUMENT) and _same_court(p, r):
            if action in (Action.VIEW, Action.READ_DOCUMENT):
                return allow("enforcement officer of this court")
            if action is Action.ENFORCE and (not r.assigned_user_ids or p.user_id in r.assigned_user_ids):
                return allow("enforcement officer on this matter")
        return deny("enforcement officers act on matters of their own court")

    if role is Role.COURT_LEADER:
        if _same_court(p, r) and action in (Action.VIEW, Action.READ_DOCUMENT, Action.ASSIGN):
            return allow("leader of this court")
        if _same_court(p, r) and r.kind is ResourceKind.CASE and action is Action.APPROVE:
            return allow("leader of this court approves time-limit changes")
        return deny("leaders see their own court")

    return deny("no rule allows this")


def _court_document(p: Principal, action: Action, r: Resource) -> Decision:
    """Court documents (法律文书): drafts are the court's internal work; a signed document is what the parties get.

    The trying judge drafts, edits and signs every kind; a clerk (书记员) drafts and signs notices (通知书, 传票) but
    not decisions, which the judge who tried the case signs (CPL Art 155, 157: signed by the judges and the clerk).
    """
    signed = r.status == "signed"
    if p.role in (Role.LITIGANT, Role.LAWYER):
        if action is Action.VIEW and signed and _is_party(p, r):
            return Decision(True, "party to the case: the signed document")
        return Decision(False, "parties see a court document once it is signed")
    if not _same_court(p, r):
        return Decision(False, "court documents are for the staff of their own court")
    if action is Action.VIEW:
        if p.role in (Role.JUDGE, Role.CLERK, Role.COURT_LEADER):
            return Decision(True, "staff of this court")
        if p.role is Role.ENFORCEMENT_OFFICER and signed:
            return Decision(True, "enforcement reads the signed title")
        return Decision(False, "not a reader of court documents")
    if action in (Action.DRAFT, Action.SIGN):
        if p.role is Role.JUDGE and p.user_id in r.assigned_user_ids:
            return Decision(True, "the judge trying the case")
        if p.role is Role.CLERK and not r.judicial_act:
            return Decision(True, "clerk of this court: notices")
        if p.role is Role.CLERK:
            return Decision(
                False, "a judgment, ruling or mediation statement is signed by the judge who tried the case"
            )
        return Decision(False, "only the trying judge, or a clerk for notices, drafts and signs")
    return Decision(False, f"{action.value} does not apply to a court document")


def not_found(noun: str, ident: int | str) -> NotFound:
    """The one answer for an id that names nothing and for an object the caller may not see. They must not
    differ in status, detail or members, or anyone could enumerate which ids exist (issue 15)."""
    return NotFound(
        msg("no %(noun)s %(ident)s", noun=noun, ident=ident), **{f"{noun.replace(' ', '_')}_id": ident}
    )


def may_see(p: Principal, r: Resource) -> bool:
    """May this principal know the object exists? When it may view it (or, for a document, read it), whatever
    the token's scopes (a narrow token of the owner still learns nothing new) and a seal (a sealed document of
    a case the judge sees is listed; its content is what the seal withholds)."""
    person = replace(p, scopes=frozenset({"*"}))
    unsealed = replace(r, sealed=False)
    return (
        decide(person, Action.VIEW, unsealed).allowed
        or decide(person, Action.READ_DOCUMENT, unsealed).allowed
    )


def reveal(p: Principal, r: Resource, *also: Resource) -> None:
    """NotFound, exactly as for r's missing id, when the request names an object the principal may not see by
    any of the given ways (a filing's document: through the filing, or as a document the principal may read)."""
    if r.ref is not None and not any(may_see(p, x) for x in (r, *also)):
        raise not_found(*r.ref)


def require(p: Principal, action: Action, r: Resource) -> None:
    """Allow, or refuse: 404 (as for a missing id) when the principal may not even see the object the request
    named, 403 when it may see it but not do this to it."""
    decision = decide(p, action, r)
    if not decision.allowed:
        reveal(p, r)
        raise PermissionDenied(decision.reason, action=action.value, resource=r.kind.value)
