"""Typed API responses: the base of every JSON response body, so `/schema` documents what a handler returns.

A response Struct forbids unknown fields, so a service that starts returning a key its Struct does not declare fails
loudly (in the API's tests) instead of silently losing it from the response. Keys that a service leaves out in some
responses are typed ``X | UnsetType = UNSET``: they stay absent from the JSON, as before; keys that are present but
may be null are ``X | None``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

import msgspec

T = TypeVar("T", bound="Out")


class Out(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A JSON API response body (or one item of it)."""


def out(kind: type[T], value: Mapping[str, Any]) -> T:
    """The service's mapping as the response Struct: same field names, same values."""
    return msgspec.convert(dict(value), kind)


def out_list(kind: type[T], values: Iterable[Mapping[str, Any]]) -> list[T]:
    return [out(kind, v) for v in values]


class Created(Out):
    """The id of what a call created."""

    id: int
