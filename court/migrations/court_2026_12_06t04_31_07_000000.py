"""Sign-in back-off per (username, client) (issue 15): the table court_sign_in_backoff. And usernames stored in their
normalised form (NFKC, case-folded), so that look-alike spellings find the one account; a username that would
collide with another account's, or that holds characters now refused, is left as it is (and logged) for an
administrator to resolve."""

import logging

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import BigInt, Integer, Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-06T04:31:07:000000"
VERSION = "1.38.0"
DESCRIPTION = "sign-in back-off; normalised usernames"

log = logging.getLogger("court.migrations")


def _params(**overrides: object) -> dict[str, object]:
    params: dict[str, object] = {
        "default": 0,
        "null": False,
        "primary_key": False,
        "unique": False,
        "index": False,
        "index_method": IndexMethod.btree,
        "choices": None,
        "db_column_name": None,
        "secret": False,
    }
    params.update(overrides)
    return params


async def _normalise_usernames() -> None:
    from court.accounts.rules import normalize_username
    from court.accounts.tables import User
    from court.errors import InvalidInput

    rows = await User.select(User.id, User.username)
    taken = {row["username"] for row in rows}
    for row in rows:
        try:
            name = normalize_username(row["username"])
        except InvalidInput:
            log.warning("user %s keeps a username with a refused character; rename it", row["id"])
            continue
        if name == row["username"]:
            continue
        if name in taken:
            log.warning("user %s keeps its username: its normal form belongs to another account", row["id"])
            continue
        await User.update({User.username: name}).where(User.id == row["id"])
        taken.discard(row["username"])
        taken.add(name)


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="court", description=DESCRIPTION)
    manager.add_table(
        class_name="SignInBackoff", tablename="court_sign_in_backoff", schema=None, columns=None
    )
    for name, column_class, params in (
        ("key", Varchar, _params(length=64, default="", unique=True)),
        ("failures", Integer, _params()),
        ("last_attempt_at", BigInt, _params(index=True)),
        ("blocked_until", BigInt, _params()),
    ):
        manager.add_column(
            table_class_name="SignInBackoff",
            tablename="court_sign_in_backoff",
            column_name=name,
            db_column_name=name,
            column_class_name=column_class.__name__,
            column_class=column_class,
            params=params,
            schema=None,
        )
    manager.add_raw(_normalise_usernames)
    return manager
