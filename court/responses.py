"""Typed API responses: the base of every JSON response body, so `/schema` documents what a handler returns.

A service that starts returning a key its Struct does not declare fails loudly in the tests (`STRICT`, which
tests/conftest.py turns on) instead of silently losing it from the response; in a running court the undeclared key is
left out of the answer rather than turning a working request into a 500. Keys that a service leaves out in some
responses are typed ``X | UnsetType = UNSET``: they stay absent from the JSON, as before; keys that are present but
may be null are ``X | None``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

import msgspec
import msgspec.inspect

T = TypeVar("T", bound="Out")
STRICT = (
    False  # tests/conftest.py: an undeclared key is an error, so the schema never drifts from the answers
)


class Out(msgspec.Struct, kw_only=True):
    """A JSON API response body (or one item of it)."""


def out(kind: type[T], value: Mapping[str, Any]) -> T:
    """The service's mapping as the response Struct: same field names, same values."""
    if STRICT:
        _declared(msgspec.inspect.type_info(kind), value, kind.__name__)
    return msgspec.convert(dict(value), kind)


def _declared(info: Any, value: Any, where: str) -> None:
    """Every key of `value`, nested Structs and lists of them included, is a field its Struct declares."""
    if isinstance(info, msgspec.inspect.StructType) and isinstance(value, Mapping):
        fields = {f.encode_name: f for f in info.fields}
        undeclared = set(value) - set(fields)
        if undeclared:
            raise TypeError(f"{where} does not declare {sorted(undeclared)}")
        for name, field in fields.items():
            if name in value:
                _declared(field.type, value[name], f"{where}.{name}")
    elif isinstance(info, msgspec.inspect.ListType) and isinstance(value, list):
        for item in value:
            _declared(info.item_type, item, f"{where}[]")
    elif isinstance(info, msgspec.inspect.UnionType):
        for member in info.types:
            if isinstance(member, msgspec.inspect.StructType | msgspec.inspect.ListType):
                _declared(member, value, where)
                break


def out_list(kind: type[T], values: Iterable[Mapping[str, Any]]) -> list[T]:
    return [out(kind, v) for v in values]


class Created(Out):
    """The id of what a call created."""

    id: int
