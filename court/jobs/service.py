"""Jobs as the staff see them: the failed (or other) jobs of their court, one job's state, and a retry.

The outbox (court.jobs.outbox) runs jobs and knows nothing of who asks; here each read and the retry ask the policy
first, so a clerk sees and restarts only his own court's jobs and an administrator everyone's."""

from __future__ import annotations

from typing import Any

from court.accounts.policy import Action, Principal, Resource, ResourceKind, not_found, require
from court.accounts.roles import Role
from court.errors import NotFound
from court.i18n import msg
from court.jobs import outbox
from court.jobs.tables import OutboxJob

# A page of jobs shows what tells one job from another and why it failed; the payload and result wait for the job.
_LISTED = (
    OutboxJob.id,
    OutboxJob.name,
    OutboxJob.court_code,
    OutboxJob.status,
    OutboxJob.attempts,
    OutboxJob.last_error,
    OutboxJob.created_at,
)


async def jobs_in_state(p: Principal, status: str, limit: int = 50) -> list[dict[str, Any]]:
    """Jobs in one state, newest first: every court's for an administrator, the principal's own court's for staff.
    At most `limit`, kept between 1 and 500 so one request cannot ask for the whole outbox at once."""
    require(p, Action.VIEW, Resource(ResourceKind.JOB, court_code=p.court_code))
    query = OutboxJob.select(*_LISTED).where(OutboxJob.status == status)
    if p.role is not Role.ADMINISTRATOR:
        query = query.where(OutboxJob.court_code == p.court_code)
    return await query.order_by(OutboxJob.id, ascending=False).limit(min(max(limit, 1), 500))


async def authorized_job(p: Principal, action: Action, job_id: int) -> dict[str, Any]:
    """The whole job, payload and result included, when the principal may do `action` to it; a job the principal
    may not even see is answered as a missing one, so ids do not tell which jobs exist (court.accounts.policy)."""
    row = await OutboxJob.select().where(OutboxJob.id == job_id).first()
    if row is None:
        raise not_found("job", job_id)
    require(p, action, Resource(ResourceKind.JOB, court_code=row["court_code"], ref=("job", job_id)))
    return row


async def retry_job(p: Principal, job_id: int) -> dict[str, Any]:
    """Run a failed job again with a fresh allowance of attempts, when the principal may retry it; a job that has
    not failed stays as it is. Returns the job's id and its state after the retry."""
    await authorized_job(p, Action.RETRY, job_id)
    await outbox.retry(job_id)
    row = await OutboxJob.select(OutboxJob.id, OutboxJob.status).where(OutboxJob.id == job_id).first()
    if row is None:
        raise NotFound(msg("no job %(job_id)s", job_id=job_id), job_id=job_id)
    return row
