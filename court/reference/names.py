"""Courts by name: a page shows 杭州市西湖区人民法院, never the code 浙0106 (the code stays inside case numbers)."""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def court_names() -> dict[str, str]:
    """Code → full name of every court of the reference data (seeds/courts.json, the source the Court table is
    seeded from); read once per process."""
    from seeds.reference import load_courts

    return {c.code: c.name for c in load_courts()}


def court_name(code: Any) -> str:
    """The court's name; an unknown code is shown as it is, an empty one as nothing."""
    text = str(code or "")
    return court_names().get(text, text)
