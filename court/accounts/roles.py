"""Roles (角色) of the people who use the court."""

from enum import StrEnum


class Role(StrEnum):
    LITIGANT = "litigant"  # 当事人
    LAWYER = "lawyer"  # 律师
    CLERK = "clerk"  # 立案/书记员
    JUDGE = "judge"  # 法官
    ENFORCEMENT_OFFICER = "enforcement_officer"  # 执行员
    COURT_LEADER = "court_leader"  # 院庭长
    AGENCY_OFFICER = "agency_officer"  # 协助执行单位工作人员
    TERMINAL_OPERATOR = "terminal_operator"  # 共享法庭庭务主任/网格员
    ADMINISTRATOR = "administrator"  # 系统管理员


# Staff act for one court and must be bound to it.
STAFF_ROLES = frozenset(
    {Role.CLERK, Role.JUDGE, Role.ENFORCEMENT_OFFICER, Role.COURT_LEADER, Role.TERMINAL_OPERATOR}
)
PUBLIC_ROLES = frozenset({Role.LITIGANT, Role.LAWYER})
