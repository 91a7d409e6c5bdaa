"""Fixtures of the fault tests: a redis-server of the test's own, which a test may start and stop."""

from tests.jobs.test_rq import private_redis  # noqa: F401 - re-exported as a fixture
