"""Demo data: a user of every role and a handful of cases in different states, so a new install shows a living court."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from court.accounts.roles import Role
from court.accounts.service import create_user
from court.accounts.tables import User
from court.demo.settings import KIOSK_KEY, LOADED, set_demo_setting

DEMO_PASSWORD = "court-demo-2026"

# (username, role, court, display name, division)
DEMO_USERS: list[tuple[str, Role, str | None, str, str | None]] = [
    ("admin", Role.ADMINISTRATOR, None, "系统管理员", None),
    ("clerk.xihu", Role.CLERK, "浙0106", "西湖法院立案庭 林书记员", "立案庭"),
    ("judge.xihu", Role.JUDGE, "浙0106", "西湖法院 周法官", "民事审判庭"),
    ("judge2.xihu", Role.JUDGE, "浙0106", "西湖法院 吴法官", "民事审判庭"),
    ("enforcer.xihu", Role.ENFORCEMENT_OFFICER, "浙0106", "西湖法院执行局 郑执行员", "执行局"),
    ("leader.xihu", Role.COURT_LEADER, "浙0106", "西湖法院 院长", None),
    ("clerk.yuecheng", Role.CLERK, "浙0602", "越城法院立案庭 钱书记员", "立案庭"),
    ("judge.yuecheng", Role.JUDGE, "浙0602", "越城法院 孙法官", "民事审判庭"),
    # 杭州中院 (浙01), the court of second instance of 西湖: registers and tries the demo appeal (上诉).
    ("clerk.hz01", Role.CLERK, "浙01", "杭州中院立案庭 何书记员", "立案庭"),
    ("judge.hz01", Role.JUDGE, "浙01", "杭州中院 陈法官", "民事审判庭"),
    ("operator.shangtian", Role.TERMINAL_OPERATOR, "浙0106", "双流村共享法庭 庭务主任", None),
    ("bank.officer", Role.AGENCY_OFFICER, None, "协助执行银行 工作人员", "bank:ICBC"),
    (
        "registry.officer",
        Role.AGENCY_OFFICER,
        None,
        "浙江省不动产登记中心 工作人员",
        "real_estate_registry:ZJ",
    ),
    ("litigant.wang", Role.LITIGANT, None, "王丽华", None),
    ("lawyer.li", Role.LAWYER, None, "李明远律师", None),
]


async def load_demo_data(runtime: Any, *, cases: bool = True) -> dict[str, int]:
    """Idempotent: users that exist are left as they are. `cases=False` loads the users only (tests that count)."""
    created = 0
    for username, role, court, name, division in DEMO_USERS:
        if await User.exists().where(User.username == username):
            continue
        await create_user(
            username,
            DEMO_PASSWORD,
            role,
            display_name=name,
            court_code=court,
            division=division,
            fast_hash=True,
        )
        created += 1
    if not cases:
        return {"users_created": created}
    from court.demo.cases import load_demo_cases

    loaded: dict[str, Any] = {"users_created": created, **await load_demo_cases(runtime)}
    key = loaded.pop("kiosk_device_key", None)
    if key:
        await set_demo_setting(KIOSK_KEY, str(key))
    await set_demo_setting(LOADED, datetime.now(UTC).isoformat())
    return loaded
