"""Shared-court terminals (共享法庭终端): devices registered to a court and a village or community."""

from piccolo.columns import Integer, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class Terminal(Table, tablename="court_terminal"):
    """A village or community terminal with its own revocable device key (only the key's hash is kept)."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    code = Varchar(length=32, unique=True, index=True)
    name = Varchar(length=128)
    court_code = Varchar(length=16, index=True)
    place = Varchar(length=128, default="")  # village or community (村/社区)
    division_code = Varchar(length=12, default="")
    key_hash = Varchar(length=64, default="")
    revoked_at = Timestamptz(null=True, default=None)
    version = Varchar(length=32, default="")
    queued_items = Integer(default=0)
    last_seen_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
