"""The tests' live server: testkit's, on a copy of this test process's demo template (tests/templates.py) where
it can be, so a browser module does not migrate and load the demo data itself."""

from __future__ import annotations

import functools
from pathlib import Path

from court.settings import Settings
from testkit import live_server as served
from testkit.live_server import migrate_and_load_demo, run_in_thread


def prepare_database(settings: Settings) -> None:
    """Give the live server's database the reference and demo data (`court seed --demo`).

    A new SQLite database with its blobs and signing keys in one folder (as make_settings lays them out) is a copy of
    this test process's demo template (tests/templates.py: migrated, seeded and loaded with the demo data once per
    process, ~2 s of CPU and 10-20 s on a busy machine; a copy costs milliseconds), with the documents and signing
    keys the template wrote beside it copied into that folder, as the `demo` fixture does: what migrating, seeding
    and loading the demo data would have made. Any other database (PostgreSQL, one that exists already) is migrated
    and loaded in place."""
    folder = _template_folder(settings)
    if folder is not None:
        run_in_thread(_copy_demo_template(settings, folder))
        return

    migrate_and_load_demo(settings)


def _template_folder(settings: Settings) -> Path | None:
    """The folder of the settings' blobs and signing keys, when a copy of the SQLite demo template can serve them."""
    if not settings.database_url.startswith("sqlite:") or not settings.signing_dir:
        return None
    folder = Path(settings.signing_dir).parent
    database = Path(settings.database_url.removeprefix("sqlite:"))
    if database.exists() or settings.storage_url != f"file:{folder / 'blobs'}":
        return None
    return folder


async def _copy_demo_template(settings: Settings, folder: Path) -> None:
    from tests.conftest import build_template
    from tests.templates import Level, copy_template_files, sqlite_copy

    # Built (on first use) where tests/conftest.py's `runtime` builds it: the session's base temp directory, of which
    # the live server's folder (a tmp_path or mktemp folder) is a child.
    await sqlite_copy(
        Level.DEMO,
        Path(settings.database_url.removeprefix("sqlite:")),
        folder.parent / "court-templates",
        build_template,
    )
    copy_template_files("sqlite", Level.DEMO, folder)


# testkit's live server, its database (unless `prepared`) prepared by prepare_database above.
live_server = functools.partial(served.live_server, prepare=prepare_database)
