"""Shared setup of the appeal tests: a signed judgment of 西湖 served in person on both parties on a given day."""

from __future__ import annotations

from datetime import date
from typing import Any

from court.serving import flow
from court.serving.flow import RecordIn, ServeIn
from tests.cases.test_registration import principal
from tests.serving.helpers import parties, signed_document


async def served_judgment(
    runtime: Any, served_on: date, kind: str = "judgment"
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A judgment (or ruling) of an assigned 民初 case at 浙0106, served in person on every party on `served_on`."""
    case, document = await signed_document(runtime, kind)
    clerk = await principal("clerk.xihu")
    ids = [int(p["id"]) for p in (await parties(case["id"])).values()]
    services = await flow.serve_document(clerk, document["id"], ServeIn(parties=ids, channels=["in_person"]))
    for s in services:
        await flow.record_by_clerk(
            clerk,
            s["attempts"][0]["id"],
            RecordIn(outcome="delivered", served_on=served_on, receipt_signed_by="本人"),
        )
    return case, document
