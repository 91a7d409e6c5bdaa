"""The one place that builds the adapters (database engine, blob store, Redis) for web, worker and CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from piccolo.engine.base import Engine

from court.db import activate, is_sqlite, make_engine
from court.settings import Settings

if TYPE_CHECKING:
    from redis import Redis

    from storage.base import BlobStore

QUEUE_NAME = "court"


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    blobs: BlobStore
    redis: Redis | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    def queue(self) -> Any:
        """The RQ queue (JSON-serialised: job arguments are ids, never pickled objects)."""
        if self.redis is None:
            return None
        from rq import Queue
        from rq.serializers import JSONSerializer

        return Queue(QUEUE_NAME, connection=self.redis, serializer=JSONSerializer)


def open_blobs(settings: Settings) -> BlobStore:
    from storage.factory import open_blob_store

    return open_blob_store(settings.storage)


def open_redis(url: str) -> Redis:
    from redis import Redis

    # Short timeouts: a dead Redis must make the relay wait and retry, not hang a request.
    return Redis.from_url(url, socket_timeout=3, socket_connect_timeout=2, health_check_interval=30)


def build_runtime(settings: Settings) -> Runtime:
    from court.accounts.service import use_password_hash_cost

    use_password_hash_cost(settings.password_hash_cost)
    engine = make_engine(settings.database)
    from court.replica import attach
    from court.settings import parse_database_url
    from court.tables import all_tables

    url = settings.database_replica_url
    # Reads that may lag (court/replica.py): a PostgreSQL primary's streaming replica, if one is configured.
    attach(engine, make_engine(parse_database_url(url)) if url and not is_sqlite(engine) else None)
    activate(engine, all_tables())
    blobs = open_blobs(settings)
    redis = open_redis(settings.redis_url) if settings.redis_url else None
    return Runtime(settings=settings, engine=engine, blobs=blobs, redis=redis)
