"""The `court` command: help, config, migrate and seed from a clean folder (as command 1 does)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def court(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "court.cli", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("COURT_")}
    clean["COURT_DATABASE_URL"] = f"sqlite:{tmp_path / 'c.sqlite3'}"
    clean["COURT_STORAGE_URL"] = f"file:{tmp_path / 'blobs'}"
    clean["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    return clean


def test_help_explains_every_command(env: dict[str, str], tmp_path: Path) -> None:
    out = court("--help", env=env, cwd=tmp_path)
    assert out.returncode == 0
    for name in ("serve", "worker", "migrate", "seed", "config", "audit", "verify-blobs"):
        assert name in out.stdout
    assert "--port" in court("serve", "--help", env=env, cwd=tmp_path).stdout


def test_config_masks_secrets_and_a_bad_variable_is_named(env: dict[str, str], tmp_path: Path) -> None:
    env = env | {
        "COURT_SECRET_KEY": "a-very-secret-value-123",
        "COURT_REDIS_URL": "redis://:redispw@127.0.0.1:6379/0",
    }
    out = court("config", env=env, cwd=tmp_path)
    assert out.returncode == 0
    shown = json.loads(out.stdout)
    assert shown["secret_key"] == "***" and "redispw" not in out.stdout
    bad = court("config", env=env | {"COURT_MAX_UPLOAD_BYTES": "ten"}, cwd=tmp_path)
    assert bad.returncode == 2 and "COURT_MAX_UPLOAD_BYTES" in bad.stderr


def test_migrate_and_seed_twice_from_a_clean_folder(env: dict[str, str], tmp_path: Path) -> None:
    for _ in range(2):
        assert court("migrate", env=env, cwd=tmp_path).returncode == 0
        seeded = court("seed", "--demo", env=env, cwd=tmp_path)
        assert seeded.returncode == 0, seeded.stderr
    assert "courts" in seeded.stdout
    verify = court("audit", "verify", env=env, cwd=tmp_path)
    assert verify.returncode == 0 and "intact" in verify.stdout


def test_migrate_on_a_new_database_says_one_true_line(env: dict[str, str], tmp_path: Path) -> None:
    """Piccolo's "N migrations already complete" / "N migrations not yet run" contradicted each other on a new
    database; `court migrate` now says one line, and `--verbose` still shows Piccolo's."""
    first = court("migrate", env=env, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    lines = first.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("migrate: ") and "applied" in lines[0], first.stdout
    assert "already complete" not in first.stdout and "not yet run" not in first.stdout
    again = court("migrate", env=env, cwd=tmp_path)
    assert again.stdout.strip() == "migrate: database up to date"
    verbose = court("migrate", "--verbose", env=env, cwd=tmp_path)
    assert "migrate: database up to date" in verbose.stdout and len(verbose.stdout.strip().splitlines()) > 1
    quiet = court("seed", "--quiet", env=env, cwd=tmp_path)
    assert quiet.returncode == 0 and quiet.stdout.strip().splitlines() == ["seed: reference data loaded"]


def test_jieba_says_nothing_once_quieted(env: dict[str, str], tmp_path: Path) -> None:
    """`court serve` and `court worker` quiet jieba before the first job cuts a text: no "Building prefix dict"."""
    pytest.importorskip("jieba")
    code = (
        "import jieba; from court.cli import quiet_libraries; quiet_libraries(); jieba.initialize(); "
        "print(list(jieba.cut('原告王丽华诉被告陈建国民间借贷纠纷')))"
    )
    quiet = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert quiet.returncode == 0, quiet.stderr
    assert "Building prefix dict" not in quiet.stderr and "王丽华" in quiet.stdout
    loud = subprocess.run(
        [sys.executable, "-c", "import jieba; jieba.initialize()"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "prefix dict" in loud.stderr  # what the quieting removes, so this test can fail
