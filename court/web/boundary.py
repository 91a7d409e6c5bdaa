"""The request as the court accepts it: JSON no deeper than MAX_JSON_DEPTH, and no NUL or unpaired surrogate in any
text (JSON body, page form, query string or path).

`CourtRequest` is the app's request class and `refuse_forbidden_text` its middleware, so every handler's body, form,
query and path parameters pass through here before they reach a service: one place, not a check per field. A NUL cannot be stored by PostgreSQL (asyncpg
answered 503), and an unpaired surrogate cannot be encoded as UTF-8 by either engine's driver (a 500); both are
refused with a 422 problem instead. Nesting beyond the limit made msgspec raise RecursionError (a 500); it is
refused with a 400 before the body is decoded.
"""

from __future__ import annotations

import re
from itertools import accumulate
from typing import Any

from litestar import Request
from litestar._parsers import parse_query_string
from litestar.datastructures import FormMultiDict, UploadFile
from litestar.types import ASGIApp, Receive, Scope, Send

from court.errors import InvalidInput, MalformedRequest
from court.i18n import msg

# Our deepest body (a filing → its parties → a party's agents) is four levels; 32 leaves room for any honest client
# while staying far below the interpreter's recursion limit (1000) that msgspec and Python's json both run into.
MAX_JSON_DEPTH = 32

_FORBIDDEN = re.compile("[\x00\ud800-\udfff]")
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_ESCAPE = re.compile(rb"\\(?:u([0-9a-fA-F]{4})|.)", re.DOTALL)
_BRACKETS = bytes(range(256)).translate(None, b"[]{}")  # every byte but the brackets, for bytes.translate


def json_depth(body: bytes) -> int:
    """How deep the arrays and objects of a JSON text nest (0 for a scalar), read without decoding it."""
    brackets = _STRING.sub(b"", body).translate(None, _BRACKETS)
    if not brackets:
        return 0
    return max(accumulate(1 if b in b"[{" else -1 for b in brackets))


def lone_surrogate_escape(body: bytes) -> bool:
    """Whether a JSON text escapes a surrogate (\\uD800–\\uDFFF) that is not half of a pair."""
    if b"\\u" not in body and b"\\U" not in body:
        return False
    high_end = -1  # where a high surrogate's escape ended, while it waits for its low half
    for match in _ESCAPE.finditer(body):
        unit = int(match.group(1), 16) if match.group(1) else None
        if high_end >= 0:
            if match.start() == high_end and unit is not None and 0xDC00 <= unit <= 0xDFFF:
                high_end = -1
                continue
            return True
        if unit is None:
            continue
        if 0xD800 <= unit <= 0xDBFF:
            high_end = match.end()
        elif 0xDC00 <= unit <= 0xDFFF:
            return True
    return high_end >= 0


def check_text(value: Any, where: str) -> None:
    """Refuse (422) a NUL or an unpaired surrogate in any string of `value` (keys included), walked without recursion."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if _FORBIDDEN.search(item):
                raise forbidden_character(where)
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, (list, tuple)):
            pending.extend(item)


def forbidden_character(where: str) -> InvalidInput:
    return InvalidInput(
        msg("the %(where)s contains a NUL or an unpaired surrogate character", where=where),
        field=where,
        message_key="forbidden_character",
    )


class CourtRequest(Request[Any, Any, Any]):
    """Litestar's request, with the checks above on everything a handler can read from the client."""

    async def json(self) -> Any:
        body = await self.body()
        if body:
            depth = json_depth(body)
            if depth > MAX_JSON_DEPTH:
                raise MalformedRequest(
                    msg(
                        "the JSON body nests %(depth)s levels; at most %(MAX_JSON_DEPTH)s are accepted",
                        depth=depth,
                        MAX_JSON_DEPTH=MAX_JSON_DEPTH,
                    ),
                    message_key="nested_too_deep",
                    limit=MAX_JSON_DEPTH,
                )
            if lone_surrogate_escape(body):
                raise forbidden_character("body")
        value = await super().json()
        check_text(value, "body")
        return value

    async def form(self) -> FormMultiDict:
        form = await super().form()
        for name, value in form.multi_items():
            check_text(name, "form")
            if isinstance(value, UploadFile):
                check_text(value.filename, "form")
            else:
                check_text(value, "form")
        return form


def refuse_forbidden_text(app: ASGIApp) -> ASGIApp:
    """Middleware: the same check on the path and the query string, which Litestar parses without the request
    class (its parameter extractor reads the scope directly)."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            check_text(scope.get("path", ""), "path")
            query = scope.get("query_string", b"")
            if query:
                check_text(parse_query_string(query), "query")
        await app(scope, receive, send)

    return middleware
