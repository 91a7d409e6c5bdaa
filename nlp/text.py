"""Safe PDF reading: pypdf runs in a sandboxed child process so a hostile file cannot hang or sink the caller.

The parent (`inspect_pdf`) starts `python -I` on this very file, which loads only the standard library and
pypdf (never `nlp/__init__`, which may pull spaCy), and waits with a wall-clock timeout. The child lowers its
own limits before it imports pypdf: CPU seconds (RLIMIT_CPU → SIGXCPU → "too_complex"), address space
(RLIMIT_AS → MemoryError → "too_large_in_memory"), no core files and no file writes. It answers with one JSON
object on stdout.

Recovery policy. pypdf is opened with strict=False, so it rebuilds a missing or broken xref table by scanning
for objects. We accept such a file only if pypdf can then *fully* read it: the page tree is reachable, every
page's content stream decodes, and (when asked) every page's text extracts. The report says `repaired=True`
when pypdf had to repair anything, so the caller can log it. Anything that still fails is "broken".

`inspect_pdf` is blocking (it waits for a process); from async code call it through a worker thread
(e.g. `anyio.to_thread.run_sync`).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Acrobat accepts a header within the first 1024 bytes; so do we (some mail gateways prepend junk).
HEADER_WINDOW = 1024
PDF_MAGIC = b"%PDF-"

# Extracted text that crosses back to the parent is capped: a 5,000-page book is ~30 MB of UTF-8,
# anything far beyond that is a text bomb aimed at the parent's memory.
MAX_TEXT_BYTES = 64 * 1024 * 1024

# The child's own start-up (interpreter + pypdf import) must fit inside the limits: allow this much
# wall-clock slack beyond the CPU budget before the parent kills it.
WALL_SLACK_SECONDS = 5.0

REASONS = (
    "encrypted",
    "broken",
    "too_many_pages",
    "too_complex",
    "too_large_in_memory",
    "empty",
    "not_pdf",
    "timeout",
)

# Exit code the child uses when it cannot even report a MemoryError as JSON.
_EXIT_MEMORY = 3


class PdfRejected(Exception):
    """The PDF cannot be accepted; `reason` is one of REASONS (stable), `detail` says what happened."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True, slots=True)
class PdfReport:
    """What a sandboxed read of one PDF found."""

    page_count: int
    encrypted: bool
    needs_ocr: bool  # at least one page has no text layer (a scan)
    pages_without_text: tuple[int, ...]  # 1-based numbers of those pages
    first_page_text: str
    texts: tuple[str, ...] | None = None  # one per page, only when want_text=True
    producer: str | None = None
    title: str | None = None
    repaired: bool = False  # pypdf had to repair the file (e.g. rebuild the xref) to read it
    warnings: tuple[str, ...] = field(default_factory=tuple)


def inspect_pdf(
    path: str | Path,
    *,
    max_pages: int = 5000,
    cpu_seconds: int = 10,
    memory_mb: int = 1024,
    want_text: bool = False,
    wall_seconds: float | None = None,
) -> PdfReport:
    """Open `path` with pypdf in a sandboxed child and report on it, or raise PdfRejected."""
    path = Path(path)
    _check_header(path)
    wall = wall_seconds if wall_seconds is not None else cpu_seconds * 1.5 + WALL_SLACK_SECONDS
    request = {
        "path": str(path),
        "max_pages": max_pages,
        "cpu_seconds": cpu_seconds,
        "memory_mb": memory_mb,
        "want_text": want_text,
    }
    bootstrap = _BOOTSTRAP.replace("SITE_DIRS", repr(_site_dirs()))
    command = [
        sys.executable,
        "-I",
        "-S",
        "-c",
        bootstrap,
        str(Path(__file__).resolve()),
        json.dumps(request),
    ]
    try:
        done = subprocess.run(
            command, stdin=subprocess.DEVNULL, capture_output=True, timeout=wall, check=False
        )
    except subprocess.TimeoutExpired as exc:  # subprocess.run has killed the child already
        raise PdfRejected("timeout", f"no answer within {wall:.0f} s") from exc
    return _interpret(done)


def read_pdf_text(path: str | Path, **limits: Any) -> list[str]:
    """The text of each page (page 1 first), read in the sandbox."""
    report = inspect_pdf(path, want_text=True, **limits)
    assert report.texts is not None
    return list(report.texts)


def _check_header(path: Path) -> None:
    if not path.is_file():
        raise PdfRejected("not_pdf", "not a regular file")
    with path.open("rb") as handle:
        head = handle.read(HEADER_WINDOW)
    if not head:
        raise PdfRejected("empty", "zero bytes")
    if PDF_MAGIC not in head:
        raise PdfRejected("not_pdf", "no %PDF- header in the first 1024 bytes")


def _site_dirs() -> list[str]:
    # -S keeps site (and every .pth hook) out of the child; it gets only the directories holding pypdf.
    import pypdf

    return [str(Path(pypdf.__file__).resolve().parent.parent)]


# Loads this file by path under a private name, so the package `nlp` is never imported in the child.
_BOOTSTRAP = (
    "import sys, importlib.util as u\n"
    "sys.path[:0] = SITE_DIRS\n"
    "s = u.spec_from_file_location('_court_pdf_child', sys.argv[1])\n"
    "m = sys.modules[s.name] = u.module_from_spec(s); s.loader.exec_module(m)\n"
    "m._child_main(sys.argv[2])\n"
)


def _interpret(done: subprocess.CompletedProcess[bytes]) -> PdfReport:
    code = done.returncode
    if code in (-signal.SIGXCPU, -signal.SIGKILL):
        # SIGXCPU at the soft CPU limit; SIGKILL at the hard one (the timeout case never gets here).
        raise PdfRejected("too_complex", "CPU time limit reached")
    if code == _EXIT_MEMORY:
        raise PdfRejected("too_large_in_memory", "memory limit reached")
    try:
        answer = json.loads(done.stdout)
    except ValueError:
        tail = done.stderr.decode("utf-8", "replace")[-300:]
        raise PdfRejected("broken", f"reader exited with {code}: {tail}") from None
    if not answer.get("ok"):
        raise PdfRejected(answer["reason"], answer.get("detail", ""))
    texts = answer.get("texts")
    return PdfReport(
        page_count=answer["page_count"],
        encrypted=answer["encrypted"],
        needs_ocr=bool(answer["pages_without_text"]),
        pages_without_text=tuple(answer["pages_without_text"]),
        first_page_text=answer["first_page_text"],
        texts=tuple(texts) if texts is not None else None,
        producer=answer.get("producer"),
        title=answer.get("title"),
        repaired=bool(answer["warnings"]),
        warnings=tuple(answer["warnings"]),
    )


# ---------------------------------------------------------------- the child (stdlib + pypdf only)


def _child_main(raw_request: str) -> None:
    import resource

    request = json.loads(raw_request)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # SIGXCPU would otherwise dump core
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    # pypdf is trusted code: import it before the limits, so they measure the file's cost, not ours.
    import pypdf  # noqa: F401

    cpu = int(request["cpu_seconds"])
    memory = int(request["memory_mb"]) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    try:
        answer = _read(request)
        out = json.dumps(answer, ensure_ascii=False)
    except MemoryError:
        out = ""
    if not out:
        try:
            out = json.dumps({"ok": False, "reason": "too_large_in_memory", "detail": "memory limit reached"})
        except MemoryError:
            os._exit(_EXIT_MEMORY)
    sys.stdout.write(out)
    sys.stdout.flush()


def _read(request: dict[str, Any]) -> dict[str, Any]:
    import logging
    import zlib

    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, LimitReachedError, PyPdfError

    warnings: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if len(warnings) < 20:
                warnings.append(record.getMessage()[:200])

    pypdf_log = logging.getLogger("pypdf")
    pypdf_log.addHandler(_Collect(level=logging.WARNING))
    pypdf_log.propagate = False

    def reject(reason: str, detail: str) -> dict[str, Any]:
        return {"ok": False, "reason": reason, "detail": detail[:300]}

    try:
        reader = PdfReader(request["path"], strict=False)
        if reader.is_encrypted:
            # An empty user password opens "owner-only" PDFs; we still refuse them: a court copy must be
            # usable without restrictions, and the docket job must be able to read it.
            return reject("encrypted", "the document is encrypted")
        declared = _declared_count(reader)
        if declared is not None and declared > request["max_pages"]:
            return reject("too_many_pages", f"{declared} pages > {request['max_pages']}")
        count = len(reader.pages)
        if count > request["max_pages"]:
            return reject("too_many_pages", f"{count} pages > {request['max_pages']}")
        if count == 0:
            return reject("empty", "the document has no pages")
        texts: list[str] = []
        without_text: list[int] = []
        total = 0
        first_text = ""
        for number, page in enumerate(reader.pages, start=1):
            if request["want_text"] or number == 1:
                text = page.extract_text()
                total += len(text.encode("utf-8"))
                if total > MAX_TEXT_BYTES:
                    return reject("too_large_in_memory", "extracted text exceeds the cap")
                has_text = bool(text.strip())
                if number == 1:
                    first_text = text
                if request["want_text"]:
                    texts.append(text)
            else:
                has_text = _has_text_operators(page)
            if not has_text:
                without_text.append(number)
        metadata = reader.metadata
    except FileNotDecryptedError as exc:
        return reject("encrypted", str(exc))
    except LimitReachedError as exc:
        return reject(_limit_reason(str(exc)), str(exc))
    except RecursionError as exc:
        return reject("broken", f"nesting too deep: {exc}")
    except zlib.error as exc:
        if "memory" in str(exc):
            return reject("too_large_in_memory", str(exc))
        return reject("broken", str(exc))
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, IndexError, OSError) as exc:
        return reject("broken", f"{type(exc).__name__}: {exc}")
    return {
        "ok": True,
        "page_count": count,
        "encrypted": False,
        "pages_without_text": without_text,
        "first_page_text": first_text,
        "texts": texts if request["want_text"] else None,
        "producer": _meta(metadata, "/Producer"),
        "title": _meta(metadata, "/Title"),
        "warnings": warnings,
    }


def _limit_reason(message: str) -> str:
    # pypdf raises one LimitReachedError for all its guards; only the message tells them apart.
    lowered = message.lower()
    if "cycle" in lowered or "depth" in lowered:
        return "broken"
    if "decompress" in lowered or "length" in lowered or "size" in lowered:
        return "too_large_in_memory"
    return "too_complex"  # token, element and entry counts


def _declared_count(reader: Any) -> int | None:
    # /Count is read before the tree is walked so a 10,000-page file is refused without walking it.
    try:
        count = reader.trailer["/Root"]["/Pages"]["/Count"]
        return int(count)
    except Exception:  # a lying or missing /Count is settled by walking the tree next
        return None


def _has_text_operators(page: Any) -> bool:
    # Decoding the content stream is what catches a compression bomb; looking for the text-showing
    # operators (Tj, TJ) is far cheaper than laying text out, and invisible OCR text counts as a layer.
    contents = page.get_contents()
    if contents is None:
        return False
    data = contents.get_data()
    return b"Tj" in data or b"TJ" in data


def _meta(metadata: Any, key: str) -> str | None:
    if metadata is None:
        return None
    value = metadata.get(key)
    return str(value)[:500] if value is not None else None


if __name__ == "__main__":
    print(inspect_pdf(sys.argv[1], want_text="--text" in sys.argv))
