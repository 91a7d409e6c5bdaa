"""PDFs carrying JavaScript, open or launch actions, or embedded files (issue 15, finding 10): accepted (a litigant's
evidence may well be such a file) but flagged on the document, shown to the clerk in Chinese, and served as an
attachment, never inline in the browser's PDF viewer."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from kernel.pdf import inspect_pdf
from testkit.pdfs import make_pdf
from tests.conftest import sign_in
from tests.filing.test_filing_api import create_filing, upload


def _with(kind: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(["民事起诉状"]))))
    if kind == "javascript":  # a document-level script in the /Names tree (ISO 32000-1 §12.6.4.16)
        script = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.alert('x');"),
            }
        )
        tree = DictionaryObject(
            {NameObject("/Names"): ArrayObject([TextStringObject("x"), writer._add_object(script)])}
        )
        writer._root_object[NameObject("/Names")] = DictionaryObject(
            {NameObject("/JavaScript"): writer._add_object(tree)}
        )
    elif kind == "open_action":
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
        )
    elif kind == "launch":
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")}
        )
    elif kind == "embedded_files":
        writer.add_attachment("payload.exe", b"MZ\x90\x00 not really a program")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("javascript", {"javascript"}),
        ("open_action", {"open_action", "javascript"}),
        ("launch", {"open_action", "launch"}),
        ("embedded_files", {"embedded_files"}),
    ],
)
def test_the_sandboxed_check_names_the_active_content(tmp_path: Path, kind: str, expected: set[str]) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(_with(kind))
    assert set(inspect_pdf(path).active_content) == expected
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(make_pdf(["民事起诉状"]))
    assert inspect_pdf(plain).active_content == ()


async def test_a_pdf_with_javascript_is_flagged_to_the_clerk_and_served_as_an_attachment(client: Any) -> None:
    h = await sign_in(client, "litigant.wang")
    fid = await create_filing(client, h)
    plain = await upload(client, h, fid, make_pdf(["民事起诉状"]), name="起诉状.pdf")
    risky = await upload(client, h, fid, _with("launch"), name="证据.pdf", kind="evidence")
    assert plain.status_code == risky.status_code == 201, risky.text
    assert plain.json()["active_content"] == []
    assert set(risky.json()["active_content"]) == {"open_action", "launch"}
    assert (await client.post(f"/api/v1/filings/{fid}/submit", headers=h)).status_code == 200

    clerk = await sign_in(client, "clerk.xihu")
    served = await client.get(f"/api/v1/filings/{fid}/documents/{risky.json()['id']}/content", headers=clerk)
    assert served.status_code == 200 and served.headers["content-disposition"].startswith("attachment;")
    served = await client.get(f"/api/v1/filings/{fid}/documents/{plain.json()['id']}/content", headers=clerk)
    assert served.status_code == 200 and served.headers["content-disposition"].startswith("inline;")

    client.cookies.set("court_session", clerk["Authorization"].split()[1])
    page = await client.get(f"/clerk/filings/{fid}")
    assert page.status_code == 200, page.text[:300]
    note = re.search(
        rf'<p class="alert" role="note" id="active-{risky.json()["id"]}">(.*?)</p>', page.text, re.S
    )
    assert note, "the flag is on the review page"
    assert (
        "含有可执行内容" in note.group(1)
        and "启动其他程序的命令" in note.group(1)
        and "打开时自动执行的操作" in note.group(1)
    )
    assert "open_action" not in note.group(1) and "launch" not in note.group(1)
    # The frame shows the plain document, never the flagged one.
    frame = re.search(r'<iframe name="doc-frame"[^>]*src="([^"]+)"', page.text)
    assert frame and frame.group(1).endswith(f"/documents/{plain.json()['id']}/content")
