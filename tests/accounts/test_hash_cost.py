"""The cheaper password hashing of the test harness is for the harness only: no COURT_* variable asks for it, a
deployment's settings hash at argon2-cffi's full cost, and the harness's hashes are still argon2id."""

from __future__ import annotations

from pathlib import Path

import pytest
from argon2 import PasswordHasher

from court.accounts import service
from court.bootstrap import build_runtime
from court.settings import InvalidSetting, load_settings
from testkit.settings import make_settings


def _cost(password_hash: str) -> str:
    return password_hash.split("$")[3]  # m=…,t=…,p=…


def test_no_variable_lowers_the_cost() -> None:
    assert load_settings({}).password_hash_cost == "standard"
    for value in ("test", "standard"):
        with pytest.raises(InvalidSetting, match="COURT_PASSWORD_HASH_COST"):
            load_settings({"COURT_PASSWORD_HASH_COST": value})
    with pytest.raises(InvalidSetting):
        load_settings({}, password_hash_cost="cheap")


def test_a_deployment_hashes_at_full_cost_and_the_harness_at_the_demo_cost(tmp_path: Path) -> None:
    full = _cost(PasswordHasher().hash("x"))
    try:
        build_runtime(
            load_settings({}, database_url=f"sqlite:{tmp_path / 'a.sqlite3'}", storage_url=f"file:{tmp_path}")
        )
        standard = service.hash_password("a sound password 1")
        assert standard.startswith("$argon2id$") and _cost(standard) == full
        assert _cost(service._unknown_user_hash()) == full
        build_runtime(make_settings(f"sqlite:{tmp_path / 'b.sqlite3'}", tmp_path))
        cheap = service.hash_password("a sound password 1")
        assert cheap.startswith("$argon2id$") and _cost(cheap) != full
        assert _cost(cheap) == _cost(service.hash_password("x", fast=True))
        assert _cost(service._unknown_user_hash()) == _cost(cheap)  # the unknown user's work follows the cost
        assert PasswordHasher().verify(
            cheap, "a sound password 1"
        )  # verification reads the cost from the hash
    finally:
        service.use_password_hash_cost("test")
