"""/health and /ready, and security headers on every response."""

from typing import Any

from court.app import SECURITY_HEADERS


async def test_health_and_ready_are_green(client: Any) -> None:
    r = await client.get("/health")
    assert r.status_code == 200 and r.json() == {"status": "ok"}
    r = await client.get("/ready")
    assert r.status_code == 200, r.text
    checks = r.json()["checks"]
    assert {k: v["status"] for k, v in checks.items()} == {"database": "ok", "storage": "ok", "queue": "ok"}
    assert checks["queue"]["backend"] == "in-process"
    for name in SECURITY_HEADERS:
        assert name in r.headers


async def test_ready_reports_a_broken_store(client: Any, seeded: Any) -> None:
    class BrokenStore:
        def check(self) -> None:
            raise OSError("disk gone")

    real = seeded.blobs
    seeded.blobs = BrokenStore()
    try:
        r = await client.get("/ready")
    finally:
        seeded.blobs = real
    assert r.status_code == 503
    body = r.json()
    assert body["status"] == "degraded" and body["checks"]["storage"]["status"] == "down"
    assert "disk gone" in body["checks"]["storage"]["error"]


async def test_unknown_routes_are_problems_in_chinese_by_default(client: Any) -> None:
    r = await client.get("/api/v1/nothing-here")
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["title"] == "未找到所请求的内容"
    r = await client.get("/api/v1/nothing-here?lang=en")
    assert r.json()["title"] == "Not found"
