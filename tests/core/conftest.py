"""Fixtures of the core tests: a redis-server of the test's own for the production path."""

from tests.jobs.test_rq import private_redis  # noqa: F401 - re-exported as a fixture
