"""Jobs on the API: a job's state, and a retry of a failed job by the staff of the job's court (or an administrator)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from litestar import Controller, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery

from court.accounts.policy import Action, Principal
from court.jobs import service
from court.responses import Out, out, out_list
from court.web.auth import current_principal


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
        return out_list(JobListed, await service.jobs_in_state(principal, status, limit))

    @get("/{job_id:int}")
    async def job(self, job_id: FromPath[int], principal: NamedDependency[Principal]) -> JobOut:
        return out(JobOut, await service.authorized_job(principal, Action.VIEW, job_id))

    @post("/{job_id:int}/retry", status_code=202)
    async def retry(self, job_id: FromPath[int], principal: NamedDependency[Principal]) -> JobRetried:
        return out(JobRetried, await service.retry_job(principal, job_id))
