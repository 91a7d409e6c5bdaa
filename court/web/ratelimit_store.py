"""The rate limiter's counters in the database (court_rate_limit), for a court that runs without Redis.

Kept apart from court.web.ratelimit, which decides per request and answers the refusals: the request-handling
modules of the web layer never touch a table themselves (the import contract in pyproject.toml), and this module is
the web layer's one service that does, for the one table the web layer owns."""

from __future__ import annotations

from court.db import write_transaction
from court.web.ratelimit_tables import RateLimitHit


class DatabaseCounter:
    """Counters in the court_rate_limit table: an upsert per request, old slots of the bucket removed as it goes."""

    async def hit(self, bucket: str, slot: int, ttl: int) -> tuple[int, int]:
        """Count one request in `slot` of `bucket` and return (hits in this slot, hits in the slot before), in one
        transaction, so two web processes counting at once both see each other's hit. `ttl` is Redis's business:
        slots older than the one before are deleted here instead."""
        table = RateLimitHit._meta.tablename
        async with write_transaction():
            rows = await RateLimitHit.raw(
                f"INSERT INTO {table} (name, bucket, slot, hits) VALUES ({{}}, {{}}, {{}}, 1) "
                f"ON CONFLICT (name) DO UPDATE SET hits = {table}.hits + 1 RETURNING hits",
                f"{bucket}#{slot}",
                bucket,
                slot,
            )
            previous = (
                await RateLimitHit.select(RateLimitHit.hits)
                .where(RateLimitHit.name == f"{bucket}#{slot - 1}")
                .first()
            )
            await RateLimitHit.delete().where(
                (RateLimitHit.bucket == bucket) & (RateLimitHit.slot < slot - 1)
            )
        return int(rows[0]["hits"]), int(previous["hits"]) if previous else 0
