"""The demo flag: a row here says this database holds command 1's demo data (so the start page shows), and keeps
the demo kiosk's device key for that page. `court seed --demo` writes it; a production database never has a row."""

from __future__ import annotations

from piccolo.columns import Serial, Text, Timestamptz, Varchar
from piccolo.table import Table


class DemoSetting(Table, tablename="court_demo_setting"):
    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker
    key = Varchar(length=64, unique=True, index=True)
    value = Text(default="")
    created_at = Timestamptz()
