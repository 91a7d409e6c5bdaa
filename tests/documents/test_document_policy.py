"""The policy's rules for court documents (法律文书), as a table: who drafts, signs and reads which document."""

from __future__ import annotations

import pytest

from court.accounts.policy import Action, Principal, Resource, ResourceKind, decide
from court.accounts.roles import Role

XIHU, YUECHENG = "浙0106", "浙0602"
JUDGE, OTHER_JUDGE, PARTY = 7, 8, 50


def who(role: Role, uid: int = 1, court: str | None = XIHU) -> Principal:
    return Principal(user_id=uid, role=role, court_code=court)


def document(*, status: str = "draft", judicial_act: bool = False) -> Resource:
    return Resource(
        ResourceKind.COURT_DOCUMENT,
        court_code=XIHU,
        owner_user_id=PARTY,
        party_user_ids=frozenset({PARTY}),
        assigned_user_ids=frozenset({JUDGE}),
        status=status,
        judicial_act=judicial_act,
    )


JUDGMENT, NOTICE = document(judicial_act=True), document()
SIGNED_JUDGMENT = document(status="signed", judicial_act=True)

RULES = [
    ("the trying judge drafts a judgment", who(Role.JUDGE, JUDGE), Action.DRAFT, JUDGMENT, True),
    ("the trying judge signs a judgment (CPL Art 155)", who(Role.JUDGE, JUDGE), Action.SIGN, JUDGMENT, True),
    (
        "another judge of the court does not sign it",
        who(Role.JUDGE, OTHER_JUDGE),
        Action.SIGN,
        JUDGMENT,
        False,
    ),
    ("another judge of the court reads it", who(Role.JUDGE, OTHER_JUDGE), Action.VIEW, JUDGMENT, True),
    ("a clerk drafts and signs notices", who(Role.CLERK), Action.SIGN, NOTICE, True),
    ("a clerk does not sign a judgment", who(Role.CLERK), Action.SIGN, JUDGMENT, False),
    ("a clerk does not draft a judgment", who(Role.CLERK), Action.DRAFT, JUDGMENT, False),
    ("a clerk of another court reads nothing", who(Role.CLERK, court=YUECHENG), Action.VIEW, NOTICE, False),
    ("a leader reads", who(Role.COURT_LEADER), Action.VIEW, JUDGMENT, True),
    ("a leader does not sign for the judge", who(Role.COURT_LEADER), Action.SIGN, JUDGMENT, False),
    ("a party does not see a draft", who(Role.LITIGANT, PARTY, None), Action.VIEW, JUDGMENT, False),
    (
        "a party reads the signed judgment",
        who(Role.LITIGANT, PARTY, None),
        Action.VIEW,
        SIGNED_JUDGMENT,
        True,
    ),
    (
        "a stranger does not read the signed judgment",
        who(Role.LITIGANT, PARTY + 1, None),
        Action.VIEW,
        SIGNED_JUDGMENT,
        False,
    ),
    ("a party never drafts", who(Role.LAWYER, PARTY, None), Action.DRAFT, NOTICE, False),
    ("enforcement reads the signed title", who(Role.ENFORCEMENT_OFFICER), Action.VIEW, SIGNED_JUDGMENT, True),
    ("enforcement does not read drafts", who(Role.ENFORCEMENT_OFFICER), Action.VIEW, JUDGMENT, False),
    (
        "an administrator reads no court document",
        who(Role.ADMINISTRATOR, court=None),
        Action.VIEW,
        SIGNED_JUDGMENT,
        False,
    ),
    (
        "an agency officer reads no court document",
        who(Role.AGENCY_OFFICER, court=None),
        Action.VIEW,
        SIGNED_JUDGMENT,
        False,
    ),
]


@pytest.mark.parametrize(
    ("principal", "action", "resource", "allowed"), [r[1:] for r in RULES], ids=[r[0] for r in RULES]
)
def test_court_document_rules(
    principal: Principal, action: Action, resource: Resource, allowed: bool
) -> None:
    assert decide(principal, action, resource).allowed is allowed


def test_a_token_without_the_sign_scope_cannot_sign() -> None:
    scoped = Principal(user_id=JUDGE, role=Role.JUDGE, court_code=XIHU, scopes=frozenset({"view"}))
    assert not decide(scoped, Action.SIGN, JUDGMENT).allowed
    assert decide(scoped, Action.VIEW, JUDGMENT).allowed
