"""The test process's one Chromium (tests/browser.py SharedChromium), a plugin of tests/conftest.py so that the
browser modules of every folder share it; each borrows it through a module-scoped `browser` fixture."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser import SharedChromium, shared_chromium


@pytest.fixture(scope="session", name="shared_chromium")
def _shared_chromium() -> Iterator[SharedChromium]:
    yield from shared_chromium()
