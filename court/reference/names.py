"""Courts by name: a page shows 杭州市西湖区人民法院, never the code 浙0106 (the code stays inside case numbers).

The names come from the reference tables, the one source the rest of the app reads (routing's directory, the
extraction catalogue): the app loads them before it answers its first request (`load_court_names`, from the
before-request hook), and `court seed` loading the reference data makes the next request read them again."""

from __future__ import annotations

from typing import Any

from court.reference.tables import Court

# Code → name, as the Court table holds them; empty until the table has been read (or while it is still empty).
_names: dict[str, str] = {}


async def load_court_names() -> dict[str, str]:
    """Read every court's name once per process. An empty table (a database not seeded yet) is not kept, so the
    first request after `court seed` sees the courts; reading costs one query, then nothing."""
    global _names
    if not _names:
        rows = await Court.select(Court.code, Court.name)
        _names = {row["code"]: row["name"] for row in rows}
    return _names


def forget() -> None:
    """Drop the kept names (after the reference tables changed)."""
    global _names
    _names = {}


def court_names() -> dict[str, str]:
    """Code → full name of every court, as loaded by `load_court_names` (empty before)."""
    return _names


def court_name(code: Any) -> str:
    """The court's name; an unknown code (or one asked before the names were loaded) is shown as it is, an empty
    one as nothing."""
    text = str(code or "")
    return _names.get(text, text)
