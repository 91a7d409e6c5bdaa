"""Jobs on the API: a job's state, and a retry of a failed job by the staff of the job's court (or an administrator)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from litestar import Controller, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery

from court.accounts.policy import Action, Principal, Resource, ResourceKind, not_found, require
from court.accounts.roles import Role
from court.errors import NotFound
from court.i18n import msg
from court.jobs import outbox
from court.jobs.tables import OutboxJob
from court.responses import Out, out, out_list
from court.web.auth import current_principal

_LISTED = (
    OutboxJob.id,
    OutboxJob.name,
    OutboxJob.court_code,
    OutboxJob.status,
    OutboxJob.attempts,
    OutboxJob.last_error,
    OutboxJob.created_at,
)


class JobListed(Out):
    id: int
    name: str
    court_code: str | None
    status: str
    attempts: int
    last_error: str
    created_at: datetime


class JobOut(JobListed):
    payload: Any  # JSON columns as stored (Piccolo returns them unparsed)
    dedupe_key: str
    max_attempts: int
    result: Any
    available_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class JobRetried(Out):
    id: int
    status: str


async def _authorized_job(p: Principal, action: Action, job_id: int) -> dict[str, Any]:
    row = await OutboxJob.select().where(OutboxJob.id == job_id).first()
    if row is None:
        raise not_found("job", job_id)
    require(p, action, Resource(ResourceKind.JOB, court_code=row["court_code"], ref=("job", job_id)))
    return row


class JobsController(Controller):
    path = "/api/v1/jobs"
    tags = ["jobs"]
    dependencies = {"principal": Provide(current_principal)}

    @get("/")
    async def list_jobs(
        self,
        principal: NamedDependency[Principal],
        status: FromQuery[str] = "failed",
        limit: FromQuery[int] = 50,
    ) -> list[JobListed]:
        """Jobs in a state (failed by default), newest first: all of them for administrators, the court's own for staff."""
        require(principal, Action.VIEW, Resource(ResourceKind.JOB, court_code=principal.court_code))
        query = OutboxJob.select(*_LISTED).where(OutboxJob.status == status)
        if principal.role is not Role.ADMINISTRATOR:
            query = query.where(OutboxJob.court_code == principal.court_code)
        return out_list(
            JobListed, await query.order_by(OutboxJob.id, ascending=False).limit(min(max(limit, 1), 500))
        )

    @get("/{job_id:int}")
    async def job(self, job_id: FromPath[int], principal: NamedDependency[Principal]) -> JobOut:
        return out(JobOut, await _authorized_job(principal, Action.VIEW, job_id))

    @post("/{job_id:int}/retry", status_code=202)
    async def retry(self, job_id: FromPath[int], principal: NamedDependency[Principal]) -> JobRetried:
        await _authorized_job(principal, Action.RETRY, job_id)
        await outbox.retry(job_id)
        row = await OutboxJob.select(OutboxJob.id, OutboxJob.status).where(OutboxJob.id == job_id).first()
        if row is None:
            raise NotFound(msg("no job %(job_id)s", job_id=job_id), job_id=job_id)
        return out(JobRetried, row)
