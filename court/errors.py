"""The court's error family: each error has a stable code, an HTTP status and a message key."""

from __future__ import annotations

from typing import Any


class CourtError(Exception):
    """Base of every domain error. `code` is stable; the message comes from the catalogue by `code`."""

    code = "court_error"
    status = 400

    def __init__(self, detail: str = "", **params: Any) -> None:
        super().__init__(detail or self.code)
        self.detail = detail
        self.params = params


class InvalidSetting(CourtError):
    code = "invalid_setting"
    status = 500

    def __init__(self, variable: str, problem: str) -> None:
        super().__init__(f"{variable}: {problem}", variable=variable, problem=problem)
        self.variable = variable


class InvalidInput(CourtError):
    """A field of a request is missing or malformed."""

    code = "invalid_input"
    status = 422


class NotFound(CourtError):
    code = "not_found"
    status = 404


class Conflict(CourtError):
    """The request clashes with the current state (e.g. a filing already submitted)."""

    code = "conflict"
    status = 409


class NotAuthenticated(CourtError):
    code = "not_authenticated"
    status = 401


class PermissionDenied(CourtError):
    code = "permission_denied"
    status = 403


class InvalidDocument(CourtError):
    """An uploaded document failed its checks; `reason` says which (encrypted, broken, bomb, ...)."""

    code = "invalid_document"
    status = 422


class PayloadTooLarge(CourtError):
    code = "payload_too_large"
    status = 413


class NotCompetent(CourtError):
    """No court could be named as competent; the detail says what information is missing."""

    code = "not_competent"
    status = 422


class DeadlinePassed(CourtError):
    code = "deadline_passed"
    status = 409


class ServiceUnavailable(CourtError):
    """A backing service (storage, database, queue) did not answer; the action can be retried."""

    code = "service_unavailable"
    status = 503


class RateLimited(CourtError):
    """Too many requests from one person or address (请求过于频繁)."""

    code = "rate_limited"
    status = 429


class MalformedRequest(CourtError):
    """The request cannot be read as sent (e.g. JSON nested beyond the limit): a 400, like malformed JSON."""

    code = "malformed_request"
    status = 400
