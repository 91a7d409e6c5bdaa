"""Every error leaves as problem details (RFC 9457) in the user's language; a 500 is logged, never leaked."""

from __future__ import annotations

import logging
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from court.errors import CourtError
from court.i18n import error_detail, gettext, has_translation, localize, translate
from court.web.locale import request_locale, states_language
from storage.errors import BlobNotFound, StorageUnavailable

log = logging.getLogger("court.web")

PROBLEM_JSON = "application/problem+json"

_STATUS_CODES = {
    400: "malformed_request",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    422: "invalid_input",
    429: "rate_limited",
    503: "service_unavailable",
}


RESERVED = frozenset({"type", "title", "status", "code", "detail", "instance", "locale"})


def problem(
    request: Request[Any, Any, Any], status: int, code: str, detail: str = "", **extra: Any
) -> Response[Any]:
    """An RFC 9457 body; `extra` members are added unless they would overwrite a standard member."""
    locale = request_locale(request)
    body: dict[str, Any] = {
        "type": f"urn:court:problem:{code}",
        "title": translate(code, locale),
        "status": status,
        "code": code,
        "detail": detail,
        "instance": str(request.url.path),
        "locale": locale,
    }
    body.update({k: v for k, v in extra.items() if v is not None and k not in RESERVED})
    return Response(body, status_code=status, media_type=PROBLEM_JSON)


def court_error_handler(request: Request[Any, Any, Any], exc: CourtError) -> Response[Any]:
    locale = request_locale(request)
    params = {
        k: (v if isinstance(v, (str, int, float, bool, list, dict)) or v is None else str(v))
        for k, v in exc.params.items()
    }
    # The detail in the request's language. A client that names no language gets the detail as it always did:
    # the English text, unless the error says what a reader is told (shown=, message_key=), which is localised.
    keyed = any(k in exc.params for k in ("shown", "message_key", "messages"))
    detail = error_detail(exc, locale if keyed or states_language(request) else "en")
    params.pop("messages", None)
    params.pop("shown", None)
    if exc.status >= 500 and exc.code != "service_unavailable":
        log.error("server-side court error: %s", exc)
    extra = {("current_status" if k == "status" else k): v for k, v in params.items()}
    response = problem(request, exc.status, exc.code, detail, **extra)
    if exc.status == 429 and isinstance(params.get("retry_after"), int):
        response.headers["retry-after"] = str(
            params["retry_after"]
        )  # RFC 9110 §10.2.3, as the rate limiter does
    return response


def validation_handler(request: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    errors = exc.extra if isinstance(exc.extra, list) else None
    # The framework's sentence for a client that names no language (as always); the catalogue's for one that does.
    detail = str(exc.detail)
    if states_language(request):
        detail = gettext(request_locale(request), "Some fields of the request are not valid; see errors")
    return problem(request, 400, "malformed_request", detail, errors=errors)


def http_error_handler(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    if exc.status_code >= 500 and exc.status_code != 503:
        # A server-side failure inside the framework: logged in full, told to the user without internals.
        return unexpected_error_handler(request, exc)
    code = _STATUS_CODES.get(exc.status_code, "court_error")
    headers = getattr(exc, "headers", None)
    detail = str(exc.detail)
    if states_language(request):  # the framework's own sentence ("Not Found") becomes the code's title
        detail = localize(detail, request_locale(request)) if has_translation("zh_CN", detail) else ""
    response = problem(request, exc.status_code, code, detail)
    if headers:
        response.headers.update(headers)
    return response


def client_error_of(exc: Exception) -> CourtError | None:
    """Errors the request caused although no handler checked for them: a 4xx, not a 500."""
    from court.errors import InvalidInput

    if isinstance(exc, OverflowError):
        # An id or amount beyond the database's 64-bit integers (found by Schemathesis): no such row can exist.
        return InvalidInput("a number in the request is out of range")
    for cause in _chain(exc):
        if _is_unique_violation(cause):
            # Two requests raced to create the same thing (the same Idempotency-Key, the same number): the loser's
            # transaction was rolled back by the database's unique index, so nothing of it was kept.
            from court.errors import Conflict

            return Conflict(
                "the same request is being or has been processed", message_key="duplicate_request"
            )
        if type(cause).__name__ == "DataError" and str(cause).startswith("invalid input for query argument"):
            # asyncpg could not encode a request's value for its column (found by Schemathesis on PostgreSQL: an id
            # or limit beyond the 32-bit integer columns), before the query reached the server: no such row exists.
            from court.errors import InvalidInput

            return InvalidInput("a number in the request is out of range")
        if _is_forbidden_text(cause):
            # The boundary (court.web.boundary) refuses these first; this keeps a path that bypasses it a 422 too.
            from court.web.boundary import forbidden_character

            return forbidden_character("request")
    return None


def _chain(exc: BaseException) -> list[BaseException]:
    """`exc` and what it was raised from (a wrapper's __cause__ or __context__), each once."""
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 8:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _is_unique_violation(exc: BaseException) -> bool:
    import sqlite3

    if isinstance(exc, sqlite3.IntegrityError):
        return "UNIQUE constraint failed" in str(exc)
    # asyncpg.exceptions.UniqueViolationError (SQLSTATE 23505), matched by name so the SQLite build needs no asyncpg.
    return type(exc).__name__ == "UniqueViolationError" or getattr(exc, "sqlstate", None) == "23505"


def _is_forbidden_text(exc: BaseException) -> bool:
    if isinstance(exc, UnicodeEncodeError):
        return "surrogates not allowed" in str(exc)
    # PostgreSQL refuses a NUL in text: "invalid byte sequence for encoding UTF8: 0x00" (SQLSTATE 22021).
    return getattr(exc, "sqlstate", None) == "22021" and "0x00" in str(exc)


def unexpected_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    mapped = client_error_of(exc) or _backing_service_error(exc)
    if mapped is not None:
        return court_error_handler(request, mapped)
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem(request, HTTP_500_INTERNAL_SERVER_ERROR, "internal_error")


def _backing_service_error(exc: Exception) -> CourtError | None:
    """Storage, Redis and database outages become a retryable 503 at the edge, never a 500."""
    from court.errors import NotFound, ServiceUnavailable

    if isinstance(exc, StorageUnavailable):
        log.warning("storage unavailable: %s", exc)
        return ServiceUnavailable("object storage did not answer; try again", service="storage")
    if isinstance(exc, BlobNotFound):
        log.error("a recorded blob is missing: %s", exc)
        return NotFound("the stored document is missing; the court has been alerted")
    name = type(exc).__module__
    if name.startswith(("redis", "asyncpg")) or isinstance(exc, (ConnectionError, TimeoutError)):
        log.warning("backing service unavailable: %r", exc)
        return ServiceUnavailable("a backing service did not answer; try again", service=name.split(".")[0])
    return None


EXCEPTION_HANDLERS = {
    CourtError: court_error_handler,
    ValidationException: validation_handler,
    HTTPException: http_error_handler,
    Exception: unexpected_error_handler,
}
