"""Read-only reference data on the API: courts and causes of action."""

from __future__ import annotations

from typing import Any

from litestar import Controller, get
from litestar.params import FromPath, FromQuery

from court.errors import NotFound
from court.i18n import msg
from court.reference import service
from court.responses import Out, out, out_list


class CourtListed(Out):
    code: str
    name: str
    level: str
    kind: str
    parent_code: str | None
    active: bool


class CourtOut(CourtListed):
    id: int
    short_name: str
    seat_division: str
    divisions: Any  # JSON column as stored (Piccolo returns it unparsed)
    aliases: Any
    note: str | None = None  # the seed row's source remark (e.g. a county abolished or merged)


class CauseListed(Out):
    code: str
    name: str
    level: int
    parent: str | None


class ReferenceController(Controller):
    path = "/api/v1"
    tags = ["reference"]

    @get("/courts")
    async def courts(
        self,
        level: FromQuery[str | None] = None,
        q: FromQuery[str | None] = None,
        limit: FromQuery[int] = 200,
    ) -> list[CourtListed]:
        return out_list(CourtListed, await service.courts(level=level, name_part=q, limit=limit))

    @get("/courts/{code:str}")
    async def court(self, code: FromPath[str]) -> CourtOut:
        row = await service.court_by_code(code)
        if row is None:
            raise NotFound(msg("no court with code %(code)s", code=code), code_value=code)
        return out(CourtOut, row)

    @get("/causes")
    async def causes(
        self,
        q: FromQuery[str | None] = None,
        level: FromQuery[int | None] = None,
        limit: FromQuery[int] = 100,
    ) -> list[CauseListed]:
        return out_list(CauseListed, await service.causes(name_part=q, level=level, limit=limit))
