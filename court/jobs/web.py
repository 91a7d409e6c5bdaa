"""Jobs on the API: a job's state, and a clerk's retry of a failed job."""

from __future__ import annotations

from typing import Any

from litestar import Controller, get, post
from litestar.di import Provide

from court.accounts.policy import Principal
from court.accounts.roles import Role
from court.errors import NotFound, PermissionDenied
from court.jobs import outbox
from court.jobs.tables import OutboxJob
from court.web.auth import current_principal

# Job rows say nothing about a case by themselves; staff may see and retry them.
_STAFF = {Role.CLERK, Role.JUDGE, Role.ENFORCEMENT_OFFICER, Role.COURT_LEADER, Role.ADMINISTRATOR}


class JobsController(Controller):
    path = "/api/v1/jobs"
    tags = ["jobs"]
    dependencies = {"principal": Provide(current_principal)}

    @get("/")
    async def list_jobs(self, principal: Principal, status: str = "failed", limit: int = 50) -> list[dict[str, Any]]:
        if principal.role not in _STAFF:
            raise PermissionDenied("staff only")
        return await (
            OutboxJob.select(OutboxJob.id, OutboxJob.name, OutboxJob.status, OutboxJob.attempts, OutboxJob.last_error, OutboxJob.created_at)
            .where(OutboxJob.status == status)
            .order_by(OutboxJob.id, ascending=False)
            .limit(min(max(limit, 1), 500))
        )

    @get("/{job_id:int}")
    async def job(self, job_id: int, principal: Principal) -> dict[str, Any]:
        if principal.role not in _STAFF:
            raise PermissionDenied("staff only")
        row = await OutboxJob.select().where(OutboxJob.id == job_id).first()
        if row is None:
            raise NotFound(f"no job {job_id}")
        return row

    @post("/{job_id:int}/retry", status_code=202)
    async def retry(self, job_id: int, principal: Principal) -> dict[str, Any]:
        if principal.role not in _STAFF:
            raise PermissionDenied("staff only")
        await outbox.retry(job_id)
        row = await OutboxJob.select(OutboxJob.id, OutboxJob.status).where(OutboxJob.id == job_id).first()
        if row is None:
            raise NotFound(f"no job {job_id}")
        return row
