"""The settings of a test's or a benchmark's court: its own blob folder, signing keys and spool, a fixed secret key,
and new passwords hashed at the demo users' cost."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from court.settings import Settings, load_settings

SECRET = "test-secret-key-0123456789"


def make_settings(database_url: str, tmp: Path, **overrides: Any) -> Settings:
    return load_settings(
        {},
        database_url=database_url,
        storage_url=f"file:{tmp / 'blobs'}",
        secret_key=SECRET,
        signing_dir=str(tmp / "signing"),
        # var_dir: spool files of this test only (xdist workers share the cwd). password_hash_cost: new passwords
        # are hashed with argon2id at the demo users' cost (~7 ms of CPU, not ~0.2 s); a deployment cannot ask for
        # it (tests/accounts/test_hash_cost.py).
        **({"var_dir": str(tmp / "var"), "password_hash_cost": "test"} | overrides),
    )
