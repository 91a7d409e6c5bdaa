"""Reference tables loaded from seeds/: courts, administrative divisions, causes of action.

The running app reads its reference data here, one source: registration, extraction's catalogue and the
jurisdiction engine (court.reference.service.reference_rows). `court seed` fills them from seeds/data/*.json."""

from piccolo.columns import JSON, Boolean, Integer, Serial, Text, Varchar
from piccolo.table import Table


class Court(Table, tablename="court_court"):
    """A people's court (人民法院) with its case-number code (法院代字)."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    code = Varchar(length=16, unique=True, index=True)
    name = Varchar(length=64, index=True)
    short_name = Varchar(length=64, default="")
    level = Varchar(length=16)  # high, intermediate, basic
    kind = Varchar(length=24, default="general")
    parent_code = Varchar(length=16, null=True, default=None)
    seat_division = Varchar(length=6, default="")
    divisions = JSON(default=[])
    aliases = JSON(default=[])
    active = Boolean(default=True)
    note = Text(null=True, default=None)  # the seed row's source remark


class Division(Table, tablename="court_division"):
    """An administrative division (行政区划) with its 6-digit code."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    code = Varchar(length=6, unique=True, index=True)
    name = Varchar(length=64, index=True)
    full_name = Varchar(length=128, default="")
    level = Varchar(length=16)
    parent = Varchar(length=6, null=True, default=None)
    short_names = JSON(default=[])
    status = Varchar(length=16, default="current")
    successor = Varchar(length=6, null=True, default=None)
    note = Text(
        null=True, default=None
    )  # the seed row's remark, shown as an aside when routing meets the division


class Cause(Table, tablename="court_cause"):
    """A cause of action (案由) in the SPC catalogue of civil causes, 2020 revision."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    code = Varchar(length=24, unique=True, index=True)
    name = Varchar(length=64, index=True)
    level = Integer()
    parent = Varchar(length=24, null=True, default=None)
    aliases = JSON(default=[])
