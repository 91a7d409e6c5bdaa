"""The locale of a request: ?lang=, then the court_lang cookie, then Accept-Language, then Chinese."""

from __future__ import annotations

from typing import Any

from litestar import Request

from court.i18n import DEFAULT_LOCALE, LOCALES, negotiate_locale


def states_language(request: Request[Any, Any, Any]) -> bool:
    """Whether the request names a language (?lang=, the court_lang cookie, Accept-Language) rather than taking the
    default: an API client that names none keeps today's English problem details (the title is the default's)."""
    return bool(
        request.query_params.get("lang")
        or request.cookies.get("court_lang")
        or request.headers.get("accept-language")
    )


def request_locale(request: Request[Any, Any, Any]) -> str:
    cached = request.scope.get("court_locale")
    if cached:
        return str(cached)
    preferred = request.query_params.get("lang") or request.cookies.get("court_lang")
    if preferred not in LOCALES:
        preferred = None
    default = DEFAULT_LOCALE
    try:
        default = request.app.state.runtime.settings.default_locale
    except AttributeError:
        pass
    locale = negotiate_locale(request.headers.get("accept-language"), preferred, default)
    request.scope["court_locale"] = locale  # type: ignore[typeddict-unknown-key]
    return locale
