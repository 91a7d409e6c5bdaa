"""The one access policy, as a table of who may do what to which resource."""

import pytest

from court.accounts.policy import Action, Principal, Resource, ResourceKind, decide
from court.accounts.roles import Role

XIHU, YUECHENG = "浙0106", "浙0602"


def p(role: Role, uid: int = 1, court: str | None = XIHU, **kw: object) -> Principal:
    return Principal(user_id=uid, role=role, court_code=court, **kw)  # type: ignore[arg-type]


filing_at_yuecheng_received_at_xihu = Resource(
    ResourceKind.FILING, court_code=YUECHENG, receiving_court_code=XIHU, owner_user_id=50
)
case_xihu = Resource(
    ResourceKind.CASE, court_code=XIHU, party_user_ids=frozenset({50}), assigned_user_ids=frozenset({7})
)
draft_at_xihu = Resource(
    ResourceKind.FILING, court_code=XIHU, receiving_court_code=XIHU, owner_user_id=50, status="draft"
)
civil_filing_doc = Resource(
    ResourceKind.DOCUMENT, court_code=XIHU, owner_user_id=50, status="submitted", case_type="civil"
)
enforcement_filing_doc = Resource(
    ResourceKind.DOCUMENT, court_code=XIHU, owner_user_id=50, status="submitted", case_type="enforcement"
)
job_xihu = Resource(ResourceKind.JOB, court_code=XIHU)
sealed_doc = Resource(
    ResourceKind.DOCUMENT,
    court_code=XIHU,
    sealed=True,
    party_user_ids=frozenset({50}),
    assigned_user_ids=frozenset({7}),
)

CASES = [
    ("litigant files", p(Role.LITIGANT, 50, None), Action.CREATE, Resource(ResourceKind.FILING), True),
    (
        "filer sees own filing",
        p(Role.LITIGANT, 50, None),
        Action.VIEW,
        filing_at_yuecheng_received_at_xihu,
        True,
    ),
    (
        "stranger litigant denied",
        p(Role.LITIGANT, 51, None),
        Action.VIEW,
        filing_at_yuecheng_received_at_xihu,
        False,
    ),
    ("receiving clerk forwards", p(Role.CLERK), Action.FORWARD, filing_at_yuecheng_received_at_xihu, True),
    (
        "receiving clerk cannot register",
        p(Role.CLERK),
        Action.REGISTER,
        filing_at_yuecheng_received_at_xihu,
        False,
    ),
    (
        "receiving clerk cannot read documents",
        p(Role.CLERK),
        Action.READ_DOCUMENT,
        filing_at_yuecheng_received_at_xihu,
        False,
    ),
    (
        "competent clerk registers",
        p(Role.CLERK, court=YUECHENG),
        Action.REGISTER,
        filing_at_yuecheng_received_at_xihu,
        True,
    ),
    ("judge of court views case", p(Role.JUDGE, 8), Action.VIEW, case_xihu, True),
    ("unassigned judge cannot decide", p(Role.JUDGE, 8), Action.DECIDE, case_xihu, False),
    ("assigned judge decides", p(Role.JUDGE, 7), Action.DECIDE, case_xihu, True),
    ("judge of other court denied", p(Role.JUDGE, 9, YUECHENG), Action.VIEW, case_xihu, False),
    ("party reads case", p(Role.LITIGANT, 50, None), Action.VIEW, case_xihu, True),
    ("sealed: party denied", p(Role.LITIGANT, 50, None), Action.READ_DOCUMENT, sealed_doc, False),
    ("sealed: unassigned judge denied", p(Role.JUDGE, 8), Action.READ_DOCUMENT, sealed_doc, False),
    ("sealed: assigned judge reads", p(Role.JUDGE, 7), Action.READ_DOCUMENT, sealed_doc, True),
    ("sealed: leader reads", p(Role.COURT_LEADER, 3), Action.READ_DOCUMENT, sealed_doc, True),
    ("admin cannot read cases", p(Role.ADMINISTRATOR, 1, None), Action.VIEW, case_xihu, False),
    (
        "admin administers",
        p(Role.ADMINISTRATOR, 1, None),
        Action.ADMINISTER,
        Resource(ResourceKind.SYSTEM),
        True,
    ),
    (
        "agency sees own task",
        p(Role.AGENCY_OFFICER, 4, None, agency_code="bank:ICBC"),
        Action.ANSWER_TASK,
        Resource(ResourceKind.AGENCY_TASK, agency_code="bank:ICBC"),
        True,
    ),
    (
        "agency denied other task",
        p(Role.AGENCY_OFFICER, 4, None, agency_code="bank:ICBC"),
        Action.VIEW,
        Resource(ResourceKind.AGENCY_TASK, agency_code="registry:330106"),
        False,
    ),
    (
        "agency denied cases",
        p(Role.AGENCY_OFFICER, 4, None, agency_code="bank:ICBC"),
        Action.VIEW,
        case_xihu,
        False,
    ),
    (
        "terminal edits its filing",
        p(Role.TERMINAL_OPERATOR, 5, terminal_id=3),
        Action.EDIT,
        Resource(ResourceKind.FILING, court_code=YUECHENG, terminal_id=3),
        True,
    ),
    (
        "terminal denied other terminal",
        p(Role.TERMINAL_OPERATOR, 5, terminal_id=3),
        Action.VIEW,
        Resource(ResourceKind.FILING, court_code=YUECHENG, terminal_id=4),
        False,
    ),
    (
        "leader dashboard own court",
        p(Role.COURT_LEADER, 3),
        Action.VIEW_DASHBOARD,
        Resource(ResourceKind.COURT, court_code=XIHU),
        True,
    ),
    (
        "leader dashboard other court",
        p(Role.COURT_LEADER, 3),
        Action.VIEW_DASHBOARD,
        Resource(ResourceKind.COURT, court_code=YUECHENG),
        False,
    ),
    ("clerk schedules a hearing", p(Role.CLERK, 2), Action.SCHEDULE, case_xihu, True),
    ("assigned judge schedules", p(Role.JUDGE, 7), Action.SCHEDULE, case_xihu, True),
    ("unassigned judge cannot schedule", p(Role.JUDGE, 8), Action.SCHEDULE, case_xihu, False),
    ("leader approves an extension", p(Role.COURT_LEADER, 3), Action.APPROVE, case_xihu, True),
    ("clerk cannot approve an extension", p(Role.CLERK, 2), Action.APPROVE, case_xihu, False),
    ("judge cannot approve own extension", p(Role.JUDGE, 7), Action.APPROVE, case_xihu, False),
    (
        "leader of other court cannot approve",
        p(Role.COURT_LEADER, 3, YUECHENG),
        Action.APPROVE,
        case_xihu,
        False,
    ),
    ("clerk archives", p(Role.CLERK, 2), Action.ARCHIVE, case_xihu, True),
    ("clerk of other court cannot archive", p(Role.CLERK, 2, YUECHENG), Action.ARCHIVE, case_xihu, False),
    ("party cannot schedule", p(Role.LITIGANT, 50, None), Action.SCHEDULE, case_xihu, False),
    ("filer edits own draft", p(Role.LITIGANT, 50, None), Action.EDIT, draft_at_xihu, True),
    ("clerk cannot see a litigant's draft", p(Role.CLERK, 2), Action.VIEW, draft_at_xihu, False),
    ("judge cannot see a litigant's draft", p(Role.JUDGE, 7), Action.VIEW, draft_at_xihu, False),
    ("leader cannot see a litigant's draft", p(Role.COURT_LEADER, 3), Action.VIEW, draft_at_xihu, False),
    (
        "clerk cannot read a draft's documents",
        p(Role.CLERK, 2),
        Action.READ_DOCUMENT,
        Resource(ResourceKind.DOCUMENT, court_code=XIHU, owner_user_id=50, status="draft"),
        False,
    ),
    ("clerk sees own counter-filing draft", p(Role.CLERK, 50), Action.VIEW, draft_at_xihu, True),
    (
        "clerk sees the draft once submitted",
        p(Role.CLERK, 2),
        Action.VIEW,
        Resource(
            ResourceKind.FILING,
            court_code=XIHU,
            receiving_court_code=XIHU,
            owner_user_id=50,
            status="submitted",
        ),
        True,
    ),
    (
        "enforcement officer cannot read civil filing documents",
        p(Role.ENFORCEMENT_OFFICER, 6),
        Action.READ_DOCUMENT,
        civil_filing_doc,
        False,
    ),
    (
        "enforcement officer reads an enforcement application",
        p(Role.ENFORCEMENT_OFFICER, 6),
        Action.READ_DOCUMENT,
        enforcement_filing_doc,
        True,
    ),
    (
        "enforcement officer reads case documents",
        p(Role.ENFORCEMENT_OFFICER, 6),
        Action.READ_DOCUMENT,
        Resource(ResourceKind.DOCUMENT, court_code=XIHU),
        True,
    ),
    ("clerk reads civil filing documents", p(Role.CLERK, 2), Action.READ_DOCUMENT, civil_filing_doc, True),
    ("clerk retries a job of the court", p(Role.CLERK, 2), Action.RETRY, job_xihu, True),
    ("clerk of other court cannot see the job", p(Role.CLERK, 2, YUECHENG), Action.VIEW, job_xihu, False),
    (
        "staff cannot retry a system job",
        p(Role.COURT_LEADER, 3),
        Action.RETRY,
        Resource(ResourceKind.JOB),
        False,
    ),
    ("admin retries any job", p(Role.ADMINISTRATOR, 1, None), Action.RETRY, Resource(ResourceKind.JOB), True),
    ("litigant cannot see jobs", p(Role.LITIGANT, 50, None), Action.VIEW, job_xihu, False),
    (
        "scoped token limited",
        p(Role.LITIGANT, 50, None, scopes=frozenset({"view"})),
        Action.SUBMIT,
        Resource(ResourceKind.FILING, owner_user_id=50),
        False,
    ),
    (
        "scoped token allows its scope",
        p(Role.LITIGANT, 50, None, scopes=frozenset({"view"})),
        Action.VIEW,
        Resource(ResourceKind.FILING, owner_user_id=50),
        True,
    ),
]


@pytest.mark.parametrize(
    ("principal", "action", "resource", "allowed"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_policy(principal: Principal, action: Action, resource: Resource, allowed: bool) -> None:
    decision = decide(principal, action, resource)
    assert decision.allowed is allowed, decision.reason
    assert decision.reason
