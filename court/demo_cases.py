"""Demo filings and cases in different states (grows as features land)."""

from __future__ import annotations

from typing import Any


async def load_demo_cases(runtime: Any) -> dict[str, int]:
    return {}
