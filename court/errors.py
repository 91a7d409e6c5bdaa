"""The court's error family: each error has a stable code, an HTTP status and a translatable detail.

A detail is an English msgid of the one catalogue (court/web/i18n), shown in the reader's language:
a plain literal (`NotFound("no such case")`) or, with values, `msg("no party %(party_id)s", party_id=7)` from
`court.i18n`. `exc.detail` is the English text. A problem's title is `MESSAGES[code]`, translated the same way.
"""

from __future__ import annotations

from typing import Any

# Problem codes (and keyed messages: `message(code)` / `message_key=code`) → their English msgid. The Chinese and
# English texts live in the catalogues only; a new code gets its row here and its entry via poadd.py.
MESSAGES: dict[str, str] = {
    "court_error": "The request could not be processed",
    "invalid_setting": "Invalid configuration",
    "invalid_input": "Some information in the request is invalid",
    "not_found": "Not found",
    "conflict": "The request conflicts with the current state",
    "not_authenticated": "Please sign in",
    "permission_denied": "You may not do this",
    "invalid_document": "The uploaded document failed its checks",
    "payload_too_large": "The upload is larger than allowed",
    "not_competent": "No competent court could be determined",
    "deadline_passed": "The time limit has passed",
    "service_unavailable": "A service is temporarily unavailable; try again",
    "no_eligible_judge": "No eligible judge can take the case",
    "judge_recused": "The judge must withdraw from this case",
    "malformed_request": "The request is malformed",
    "method_not_allowed": "Method not allowed",
    "rate_limited": "Too many requests; try again later",
    "csrf_failed": "The page has expired or the request's origin is unknown; reload the page and try again",
    "insufficient_funds": "The custody account does not hold enough for this payment",
    "internal_error": "Internal error; it has been logged",
    "token_scopes_empty": "A token needs at least one scope",
    "token_scope_unknown": "Unknown scope(s): %(unknown_names)s",
    "token_scope_wider": "A token cannot grant scopes it does not hold",
    "token_not_found": "No such token",
    "password_change_needs_session": "Change the password from a signed-in session, not with an API token",
    "current_password_wrong": "The current password is wrong",
    "sign_in_deferred": "Too many failed sign-ins; try again later",
    "sign_in_deferred_detail": "Too many failed sign-ins; try again in %(retry_after)s seconds.",
    "username_invisible_character": "The username contains an invisible or control character (%(character)s); remove it",
    "username_length": "The username must have 1 to %(max_length)s characters",
    "password_too_short": "The password must have at least %(min_length)s characters",
    "password_too_long": "The password may have at most %(max_length)s characters",
    "password_contains_username": "The password must not contain the username",
    "password_common": "The password is too common or too easy to guess; choose a longer, more unusual one",
    "password_rules_hint": "At least %(min_length)s characters; not a common password and not containing the username.",
    "password_invalid_character": "The password contains a character that is not valid text",
    "terminal_revoked": "This shared-court terminal has been revoked and its sessions have ended; contact the court",
    "terminal_key_required": "A terminal session works only on its terminal: the request carries no device key",
    "terminal_key_mismatch": "The device key is not that of the terminal this session was opened on; sign in again there",
    "terminal_session_required": "Terminal operators work only in a session opened on a registered terminal",
    "invalid_amount": "Invalid amount: a number of yuan, not negative (a payment above zero), with at most two decimals, below 10 trillion",
    "forbidden_character": "The text contains a character that is not allowed (NUL or an unpaired surrogate); remove it and retry",
    "nested_too_deep": "The request body is nested too deeply",
    "duplicate_request": "The same request is being or has been processed; reload to see its result",
    "idempotency_key_reused": "This Idempotency-Key was used for a different request; use a new key for a new request",
    "payment_callback_refused": "The payment callback failed its checks (signature, time or content) and was refused",
    # Enforcement applied for from an effective decision (court.execution.application) and the debtor's online payment.
    "enforcement_title_not_effective": "The decision has not taken effect; enforcement cannot be applied for yet",
    "enforcement_title_not_effective_detail": "A judgment takes effect once its appeal period lapses unappealed (CPL Arts 158, 171); apply for enforcement then.",
    "enforcement_period_lapsed": "The period to apply for enforcement has ended",
    "enforcement_period_lapsed_detail": "The two years to apply, counted from the last day of performance, ended on %(last_day)s (CPL Art 250).",
    "enforcement_amount_positive": "The amount to enforce must be a positive sum of yuan",
    "enforcement_amount_over": "The amount to enforce cannot exceed the %(claimed)s yuan claimed",
    "matter_payment_over_balance": "The amount cannot exceed the %(owed)s yuan still owed",
}


class CourtError(Exception):
    """Base of every domain error. `code` is stable; the title is `MESSAGES[code]`, the detail a msgid or a `Msg`."""

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
