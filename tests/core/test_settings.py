"""Settings are read from COURT_* variables and a bad one is named at start-up."""

from pathlib import Path

import pytest

from court.errors import InvalidSetting
from court.settings import load_settings, mask_url


def test_defaults_are_the_embedded_court() -> None:
    s = load_settings({})
    assert s.database.engine == "sqlite" and s.database.path == Path("var/court.sqlite3")
    assert s.storage.kind == "file" and s.storage.path == Path("var/blobs")
    assert s.jobs_in_process
    assert len(s.secret_key) >= 32


def test_postgres_and_s3_urls_are_parsed() -> None:
    s = load_settings(
        {
            "COURT_DATABASE_URL": "postgres://court:pw@db.local:6543/courtdb",
            "COURT_STORAGE_URL": "s3://AKIA:s3cr%2Fet@minio.local:9000/dossiers?secure=false",
            "COURT_REDIS_URL": "redis://127.0.0.1:6379/2",
            "COURT_SECRET_KEY": "x" * 20,
        }
    )
    db, st = s.database, s.storage
    assert (db.engine, db.host, db.port, db.user, db.password, db.database) == (
        "postgres",
        "db.local",
        6543,
        "court",
        "pw",
        "courtdb",
    )
    assert (st.kind, st.endpoint, st.access_key, st.secret_key, st.bucket, st.secure) == (
        "s3",
        "minio.local:9000",
        "AKIA",
        "s3cr/et",
        "dossiers",
        False,
    )
    assert load_settings({"COURT_STORAGE_URL": "s3://a:b@h:9000/bkt"}).storage.secure is True
    assert not s.jobs_in_process


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"COURT_DATABASE_URL": "mysql://x"}, "COURT_DATABASE_URL"),
        ({"COURT_STORAGE_URL": "s3://host:9000/bucket"}, "COURT_STORAGE_URL"),
        ({"COURT_STORAGE_URL": "ftp://x"}, "COURT_STORAGE_URL"),
        ({"COURT_MAX_UPLOAD_BYTES": "lots"}, "COURT_MAX_UPLOAD_BYTES"),
        ({"COURT_MAX_UPLOAD_BYTES": "-1"}, "COURT_MAX_UPLOAD_BYTES"),
        ({"COURT_DEBUG": "maybe"}, "COURT_DEBUG"),
        ({"COURT_REDIS_URL": "localhost:6379"}, "COURT_REDIS_URL"),
        ({"COURT_SECRET_KEY": "short"}, "COURT_SECRET_KEY"),
        ({"COURT_UPLOAD_CHUNK_BYTES": "1024"}, "COURT_UPLOAD_CHUNK_BYTES"),
        ({"COURT_DATABSE_URL": "sqlite:x"}, "COURT_DATABSE_URL"),
    ],
)
def test_a_bad_variable_is_named(env: dict[str, str], variable: str) -> None:
    with pytest.raises(InvalidSetting) as err:
        load_settings(env)
    assert err.value.variable == variable


def test_masked_settings_hide_secrets() -> None:
    s = load_settings(
        {
            "COURT_DATABASE_URL": "postgres://court:topsecret@db:5432/c",
            "COURT_STORAGE_URL": "s3://AK:SK-very-secret@h:9000/b",
            "COURT_SECRET_KEY": "k" * 40,
        }
    )
    shown = str(s.masked())
    for secret in ("topsecret", "SK-very-secret", "k" * 40):
        assert secret not in shown
    assert mask_url("postgres://u:p@h/db") == "postgres://u:***@h/db"


def test_variables_read_by_the_test_harness_and_by_nlp_are_not_refused_but_a_typo_is() -> None:
    # scripts/test reads COURT_TEST_WORKERS and nlp.ocr reads COURT_OCR_*; both used to stop every command.
    env = {
        "COURT_TEST_WORKERS": "0",
        "COURT_OCR_ENGINE": "tesseract",
        "COURT_OCR_DETECT_SIDE": "1400",
        "COURT_OCR_THREADS": "1",
    }
    load_settings(env)
    with pytest.raises(InvalidSetting) as err:
        load_settings({**env, "COURT_OCR_ENGIN": "tesseract"})
    assert err.value.variable == "COURT_OCR_ENGIN"
