"""The court directory built once from the seeds for the routing tests."""

from __future__ import annotations

import pytest

from court.routing.directory import CourtDirectory


@pytest.fixture(scope="session")
def directory() -> CourtDirectory:
    return CourtDirectory.from_seeds()
