"""Every JSON API operation documents its response body in the OpenAPI schema (issue 16: typed responses).

A handler returning `dict[str, Any]` shows up in /schema as an empty (any) schema; a msgspec Struct (court.responses.Out)
shows up with its fields. Operations without a JSON body are allowed with a reason below.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from court.app import create_app
from court.settings import load_settings

# Responses that are not JSON documents: why each is allowed to have no JSON schema.
NOT_JSON = {
    ("GET", "/api/v1/filings/{filing_id}/receipt.pdf"): "a PDF",
    ("GET", "/api/v1/filings/{filing_id}/documents/{document_id}/content"): "the uploaded file's bytes",
    ("GET", "/api/v1/filings/{filing_id}/dossier.pdf"): "a PDF",
    ("GET", "/api/v1/court-documents/{document_id}/pdf"): "a PDF",
    ("GET", "/api/v1/services/{service_id}/receipt"): "a PDF",
    ("GET", "/api/v1/me/service-inbox/{attempt_id}/pdf"): "a PDF",
    ("GET", "/api/v1/matters/{matter_id}/notices/{notice_id}"): "a PDF",
    ("GET", "/api/v1/filings/{filing_id}/documents/{document_id}/pages/{number}"): "a PNG of the page",
}

# Handlers still returning dicts: none since issue 16 item 5 was finished. Kept so that debt, if ever admitted again,
# is listed here; the test fails once a listed operation is typed, so the list only shrinks.
NOT_YET_TYPED: set[tuple[str, str]] = set()

METHODS = ("get", "post", "put", "patch", "delete")


def _empty(schema: dict[str, Any] | None) -> bool:
    if not schema:
        return True
    if schema.get("type") == "array":
        return _empty(schema.get("items"))
    if "oneOf" in schema or "anyOf" in schema:
        options = [s for s in schema.get("oneOf", schema.get("anyOf", [])) if s.get("type") != "null"]
        return not options or any(_empty(s) for s in options)
    if "$ref" in schema or schema.get("properties"):
        return False
    # `dict[str, Any]` is {"type": "object", "additionalProperties": {}}: a body of any shape, documented as nothing.
    return schema.get("type") in (None, "object")


def untyped_operations(tmp_path: Path) -> set[tuple[str, str]]:
    settings = load_settings({}, database_url=f"sqlite:{tmp_path / 'x.sqlite3'}", secret_key="x" * 32)
    document = create_app(settings).openapi_schema.to_schema()
    found: set[tuple[str, str]] = set()
    for path, item in document["paths"].items():
        if not path.startswith("/api/"):
            continue
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            for status, response in operation.get("responses", {}).items():
                if not status.startswith("2") or status == "204":
                    continue
                content = response.get("content") or {}
                json_schema = (content.get("application/json") or {}).get("schema")
                if _empty(json_schema):
                    found.add((method.upper(), path))
    return found


def test_every_json_operation_documents_its_response(tmp_path: Path) -> None:
    untyped = untyped_operations(tmp_path)
    missing = sorted(untyped - NOT_JSON.keys() - NOT_YET_TYPED)
    assert not missing, (
        f"API operations whose response body /schema does not document (return a court.responses.Out): {missing}"
    )


def test_the_allow_lists_only_shrink(tmp_path: Path) -> None:
    untyped = untyped_operations(tmp_path)
    stale = sorted((NOT_JSON.keys() | NOT_YET_TYPED) - untyped)
    assert not stale, (
        f"allow-listed operations that now document a JSON response (remove them from the list): {stale}"
    )


def test_a_dict_handler_would_be_caught() -> None:
    """The walk itself: an any-schema (what `dict[str, Any]` produces) counts as undocumented; a $ref does not."""
    assert (
        _empty({})
        and _empty({"type": "array", "items": {}})
        and _empty({"type": "object", "additionalProperties": {}})
    )
    assert _empty({"type": "array", "items": {"type": "object"}}) and _empty(
        {"oneOf": [{}, {"type": "null"}]}
    )
    assert not _empty({"$ref": "#/components/schemas/FilingView"})
    assert not _empty({"type": "array", "items": {"$ref": "#/components/schemas/X"}})
