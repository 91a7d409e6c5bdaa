"""Safe PDF reading: pypdf runs in a sandboxed child process so a hostile file cannot hang or sink the caller.

The parent (`inspect_pdf`) starts `python -I` on this very file, which loads only the standard library and
pypdf (not even the `kernel` package around it), and waits with a wall-clock timeout. The child lowers its
own limits before it imports pypdf: CPU seconds (RLIMIT_CPU → SIGXCPU → "too_complex"), address space
(RLIMIT_AS → MemoryError → "too_large_in_memory"), no core files and no file writes. It answers with one JSON
object on stdout.

Recovery policy. pypdf is opened with strict=False, so it rebuilds a missing or broken xref table by scanning
for objects. We accept such a file only if pypdf can then *fully* read it: the page tree is reachable, every
page's content stream decodes, and (when asked) every page's text extracts. The report says `repaired=True`
when pypdf had to repair anything, so the caller can log it. Anything that still fails is "broken".

Pooled children. Starting an interpreter and importing pypdf costs ~0.1 s, more than reading a typical
filing, so the intake check (`pooled=True`, the default without `want_text`) reuses a few pre-started children,
each serving one document at a time over a pipe. The limits stay per document: RLIMIT_CPU counts a process's
whole life, so before each document the child sets its soft CPU limit to the CPU it has used so far plus the
budget, and sets the address-space limit to the budget; the parent's wall-clock deadline still applies. A child
that rejects a file, hits a limit, crashes, times out, has grown, or has served `POOL_MAX_USES` documents is
killed and replaced by a fresh one, so no state from a hostile file outlives it. Text extraction (`want_text`)
runs in a one-off child: its answer can be tens of megabytes, which would leave a pooled child bloated.

`inspect_pdf` is blocking (it waits for a process); from async code call it through a worker thread
(e.g. `anyio.to_thread.run_sync`).
"""

from __future__ import annotations

import atexit
import gc
import json
import math
import os
import selectors
import signal
import subprocess
import sys
import threading
import time
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

# Idle pooled children kept for reuse: as many as asyncio.to_thread can run checks at once (its default
# executor has min(32, cores + 4) threads); a burst beyond it starts extra one-use children rather than
# queueing behind a slow (perhaps hostile) file.
POOL_SIZE = min(32, (os.cpu_count() or 1) + 4)
# A pooled child is replaced after this many documents, or once its address space has grown by more than
# POOL_MAX_GROWTH over what it had when fresh (that growth would count against the next file's memory budget).
POOL_MAX_USES = 200
POOL_MAX_GROWTH = 48 * 1024 * 1024
# A pooled answer is one JSON object preceded by its length; a claimed length beyond this is a broken child.
_HEADER_BYTES = 8
_MAX_ANSWER_BYTES = 2 * MAX_TEXT_BYTES


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
    # Active content a PDF viewer may run or open (see ACTIVE_CONTENT): the court keeps such a file, flags it to
    # the clerk and serves it as a download, never inline in the browser's viewer.
    active_content: tuple[str, ...] = ()


def inspect_pdf(
    path: str | Path,
    *,
    max_pages: int = 5000,
    cpu_seconds: int = 10,
    memory_mb: int = 1024,
    want_text: bool = False,
    wall_seconds: float | None = None,
    pooled: bool | None = None,
    first_page_text: bool = True,
) -> PdfReport:
    """Open `path` with pypdf in a sandboxed child and report on it, or raise PdfRejected.

    `pooled` (default: not `want_text`) reads the file in a reused child from the pool; otherwise in a fresh one.
    `first_page_text=False` skips laying out page 1's text (the larger part of the check's cost for a typical
    scan) when the caller does not need `first_page_text`: page 1 is then judged by its text operators like
    every other page, and its content stream is still decoded under the same limits.
    """
    path = Path(path)
    _check_header(path)
    wall = wall_seconds if wall_seconds is not None else cpu_seconds * 1.5 + WALL_SLACK_SECONDS
    request = {
        "path": str(path),
        "max_pages": max_pages,
        "cpu_seconds": cpu_seconds,
        "memory_mb": memory_mb,
        "want_text": want_text,
        "first_page_text": first_page_text or want_text,
    }
    if pooled if pooled is not None else not want_text:
        return _interpret(_pool().ask(request, wall))
    command = [*_child_command("_child_main"), json.dumps(request)]
    try:
        done = subprocess.run(
            command, stdin=subprocess.DEVNULL, capture_output=True, timeout=wall, check=False
        )
    except subprocess.TimeoutExpired as exc:  # subprocess.run has killed the child already
        raise PdfRejected("timeout", f"no answer within {wall:.0f} s") from exc
    return _interpret(done)


def read_pdf_text(path: str | Path, *, pooled: bool = True, **limits: Any) -> list[str]:
    """The text of each page (page 1 first), read in the sandbox: by default in a pooled child, as intake checks
    are (a fresh interpreter and pypdf import cost ~100 ms of CPU, ten times the reading of a typical filing).
    The pool takes answers up to twice MAX_TEXT_BYTES and retires a child whose address space a large text grew
    (POOL_MAX_GROWTH), so the next document still gets the whole memory limit; a rejection retires it too. In a
    forked RQ work horse the pool starts empty (`_forget_pool_after_fork`): each job starts its own child."""
    report = inspect_pdf(path, want_text=True, pooled=pooled, **limits)
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


# Loads this file by path under a private name, so no package of ours is imported in the child.
_BOOTSTRAP = (
    "import sys, importlib.util as u\n"
    "sys.path[:0] = SITE_DIRS\n"
    "s = u.spec_from_file_location('_court_pdf_child', sys.argv[1])\n"
    "m = sys.modules[s.name] = u.module_from_spec(s); s.loader.exec_module(m)\n"
    "getattr(m, ENTRY)(*sys.argv[2:])\n"
)


def _child_command(entry: str) -> list[str]:
    bootstrap = _BOOTSTRAP.replace("SITE_DIRS", repr(_site_dirs())).replace("ENTRY", repr(entry))
    return [sys.executable, "-I", "-S", "-c", bootstrap, str(Path(__file__).resolve())]


# ---------------------------------------------------------------- the pool (parent side)


class _ChildGone(Exception):
    """A pooled child had exited before it was handed a request."""


class _PooledChild:
    """One pre-started child serving documents one at a time; used by one thread at a time."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            _child_command("_child_serve"),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.uses = 0
        self.fresh_size: int | None = None  # address space after its first document, once pypdf is warm

    def ask(
        self, request: dict[str, Any], deadline: float
    ) -> tuple[bool, subprocess.CompletedProcess[bytes]]:
        """Send one request; return (child still usable, what it produced). The child is killed on timeout."""
        process = self.process
        assert process.stdin is not None and process.stdout is not None and process.stderr is not None
        try:
            process.stdin.write(json.dumps(request).encode() + b"\n")
            process.stdin.flush()
        except OSError:  # it died while idle, before it saw the request: the caller retries on a fresh child
            self.kill()
            raise _ChildGone from None
        answer = bytearray()
        errors = bytearray()
        expected: int | None = None
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            selector.register(process.stderr, selectors.EVENT_READ)
            while expected is None or len(answer) < _HEADER_BYTES + expected:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    self.kill()
                    raise TimeoutError
                events = selector.select(remaining)
                for key, _ in events:
                    chunk = os.read(key.fd, 1 << 20)
                    if key.fileobj is process.stderr:
                        errors += chunk
                        del errors[:-4096]
                        if not chunk:
                            selector.unregister(process.stderr)
                        continue
                    if not chunk:  # it died mid-document: the exit status says why
                        return False, self._ended(bytes(answer[_HEADER_BYTES:]), bytes(errors))
                    answer += chunk
                if expected is None and len(answer) >= _HEADER_BYTES:
                    expected = int.from_bytes(answer[:_HEADER_BYTES], "big")
                    if expected > _MAX_ANSWER_BYTES:
                        self.kill()
                        return False, subprocess.CompletedProcess(process.args, 1, b"", b"oversized answer")
        self.uses += 1
        payload = bytes(answer[_HEADER_BYTES:])
        return True, subprocess.CompletedProcess(process.args, 0, payload, bytes(errors))

    def _ended(self, stdout: bytes, stderr: bytes) -> subprocess.CompletedProcess[bytes]:
        try:
            code = self.process.wait(timeout=WALL_SLACK_SECONDS)
        except subprocess.TimeoutExpired:
            self.kill()
            code = self.process.returncode
        return subprocess.CompletedProcess(self.process.args, code, stdout, stderr)

    def address_space(self) -> int | None:
        try:
            with open(f"/proc/{self.process.pid}/statm") as handle:
                return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError):
            return None

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout, self.process.stderr):
            if pipe is not None:
                pipe.close()


class _Pool:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.idle: list[_PooledChild] = []

    def ask(self, request: dict[str, Any], wall: float) -> subprocess.CompletedProcess[bytes]:
        deadline = time.monotonic() + wall
        for attempt in range(2):
            child = self._take()
            try:
                usable, done = child.ask(request, deadline)
            except _ChildGone:
                if attempt == 0:
                    continue
                return subprocess.CompletedProcess(
                    child.process.args,
                    child.process.returncode,
                    b"",
                    b"the reader exited before it read the file",
                )
            except TimeoutError:
                raise PdfRejected("timeout", f"no answer within {wall:.0f} s") from None
            except BaseException:
                child.kill()
                raise
            self._give_back(child, usable and _accepted(done))
            return done
        raise AssertionError("unreachable")

    def _take(self) -> _PooledChild:
        with self.lock:
            while self.idle:
                child = self.idle.pop()
                if child.process.poll() is None:
                    return child
                child.kill()
        return _PooledChild()

    def _give_back(self, child: _PooledChild, keep: bool) -> None:
        size = child.address_space() if keep else None
        if size is not None and child.fresh_size is None:
            child.fresh_size = size
        keep = (
            keep
            and size is not None
            and child.uses < POOL_MAX_USES
            and size - (child.fresh_size or size) <= POOL_MAX_GROWTH
        )
        if keep:
            with self.lock:
                if len(self.idle) < POOL_SIZE:
                    self.idle.append(child)
                    return
        child.kill()

    def close(self) -> None:
        with self.lock:
            children, self.idle = self.idle, []
        for child in children:
            child.kill()


def _accepted(done: subprocess.CompletedProcess[bytes]) -> bool:
    # Any rejection retires the child: it may have caught a MemoryError or be deep in a broken state.
    return done.stdout.startswith(b'{"ok": true')


_POOL: _Pool | None = None
_POOL_LOCK = threading.Lock()


def _pool() -> _Pool:
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = _Pool()
        return _POOL


def _forget_pool_after_fork() -> None:
    # A forked process (an RQ work horse) must not talk to its parent's children; it starts its own pool.
    global _POOL, _POOL_LOCK
    inherited, _POOL, _POOL_LOCK = _POOL, None, threading.Lock()
    if inherited is not None:
        for child in inherited.idle:
            for pipe in (child.process.stdin, child.process.stdout, child.process.stderr):
                if pipe is not None:
                    pipe.close()
            child.process.returncode = 0  # not ours to wait for


def shutdown_pool() -> None:
    """Kill the idle pooled children (also done at exit)."""
    if _POOL is not None:
        _POOL.close()


os.register_at_fork(after_in_child=_forget_pool_after_fork)
atexit.register(shutdown_pool)


def _interpret(done: subprocess.CompletedProcess[bytes]) -> PdfReport:
    code = done.returncode
    if code in (-signal.SIGXCPU, -signal.SIGKILL, -signal.SIGPROF):
        # SIGXCPU at the soft CPU limit; SIGKILL at the hard one (the timeout case never gets here); SIGPROF at
        # a pooled child's per-document CPU timer.
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
        active_content=tuple(answer.get("active_content") or ()),
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
    sys.stdout.write(_answer(request))
    sys.stdout.flush()


def _child_serve() -> None:
    """A pooled child: one JSON request per line on stdin, one length-prefixed JSON answer each on stdout."""
    import resource

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    import pypdf  # noqa: F401

    # pypdf's objects point at each other, so a document's reader and bytes are freed only by the cycle collector,
    # which left to itself runs too rarely: the child grew by about a file per document and was retired every
    # ~20 documents (POOL_MAX_GROWTH), each replacement costing a fresh interpreter. What is alive now lives as
    # long as the child: frozen out of the collections, so the one after each document sees only its leftovers.
    gc.collect()
    gc.freeze()
    # Hard limits cannot be raised again, so only soft limits move per document; the parent's wall-clock
    # deadline remains the backstop for a child that ignored SIGXCPU (it cannot: Python keeps the default).
    _, cpu_hard = resource.getrlimit(resource.RLIMIT_CPU)
    _, memory_hard = resource.getrlimit(resource.RLIMIT_AS)
    stdin = sys.stdin.buffer
    while line := stdin.readline():
        request = json.loads(line)
        budget = int(request["cpu_seconds"])
        usage = resource.getrusage(resource.RUSAGE_SELF)
        cpu = math.ceil(usage.ru_utime + usage.ru_stime + budget) + 1
        memory = int(request["memory_mb"]) * 1024 * 1024
        # RLIMIT_CPU has whole-second steps; the profiling timer counts this document's CPU exactly and its
        # SIGPROF (default action: terminate) ends the child at the budget. The rlimit stays as the backstop.
        resource.setrlimit(resource.RLIMIT_CPU, (_capped(cpu, cpu_hard), cpu_hard))
        resource.setrlimit(resource.RLIMIT_AS, (_capped(memory, memory_hard), memory_hard))
        signal.setitimer(signal.ITIMER_PROF, budget)
        out = _answer(request).encode("utf-8")
        gc.collect()  # inside the CPU budget: a hostile file's leftovers count against it
        signal.setitimer(signal.ITIMER_PROF, 0)
        resource.setrlimit(resource.RLIMIT_AS, (memory_hard, memory_hard))
        message = len(out).to_bytes(_HEADER_BYTES, "big") + out
        view = memoryview(message)
        while view:
            view = view[os.write(1, view) :]


def _capped(value: int, hard: int) -> int:
    import resource

    return value if hard == resource.RLIM_INFINITY else min(value, hard)


def _answer(request: dict[str, Any]) -> str:
    """The JSON answer for one request, read under the limits already set."""
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
    return out


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
    pypdf_log.handlers.clear()  # a pooled child reads many files: only this file's collector listens
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
            if request["want_text"] or (number == 1 and request.get("first_page_text", True)):
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
        active = _active_content(reader, request["path"])
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
        "active_content": active,
    }


# Active content of a PDF (ISO 32000-1 §12.6 actions, §7.11.4 embedded files, §12.6.4.16 JavaScript actions): what
# each name means is told to the clerk in court.filing.intake.ACTIVE_CONTENT_LABELS.
ACTIVE_CONTENT = (
    "javascript",
    "open_action",
    "launch",
    "embedded_files",
    "additional_actions",
    "rich_media",
    "xfa",
)
_ACTION_KINDS = {"/JavaScript": "javascript", "/Launch": "launch"}
_RAW_NAMES = {
    b"/JavaScript": "javascript",
    b"/JS": "javascript",
    b"/OpenAction": "open_action",
    b"/Launch": "launch",
    b"/EmbeddedFile": "embedded_files",
    b"/EmbeddedFiles": "embedded_files",
    b"/RichMedia": "rich_media",
    b"/XFA": "xfa",
}


def _active_content(reader: Any, path: str) -> list[str]:
    """The kinds of active content in the document: from its structure (catalog, name trees, pages, annotations),
    which also sees inside compressed object streams, and from its raw bytes, which also sees objects the
    structure does not reach (an action chained by /Next)."""
    import re

    found: set[str] = set()

    def action(value: Any) -> None:
        value = value.get_object() if hasattr(value, "get_object") else value
        if isinstance(value, dict):
            kind = _ACTION_KINDS.get(str(value.get("/S", "")))
            if kind:
                found.add(kind)

    try:
        root = reader.trailer["/Root"].get_object()
        if "/OpenAction" in root:
            found.add("open_action")
            action(root["/OpenAction"])
        if "/AA" in root:
            found.add("additional_actions")
        names = root.get("/Names")
        names = names.get_object() if names is not None else {}
        if "/JavaScript" in names:
            found.add("javascript")
        if "/EmbeddedFiles" in names:
            found.add("embedded_files")
        form = root.get("/AcroForm")
        if form is not None and "/XFA" in form.get_object():
            found.add("xfa")
        for page in reader.pages:
            if "/AA" in page:
                found.add("additional_actions")
            for annotation in page.get("/Annots") or []:
                annotation = annotation.get_object()
                subtype = str(annotation.get("/Subtype", ""))
                if subtype == "/FileAttachment":
                    found.add("embedded_files")
                elif subtype in ("/RichMedia", "/Screen", "/Movie"):
                    found.add("rich_media")
                if "/A" in annotation:
                    action(annotation["/A"])
                if "/AA" in annotation:
                    found.add("additional_actions")
    except Exception:  # noqa: BLE001 - a malformed structure is judged by its raw bytes below
        pass
    with open(path, "rb") as handle:
        raw = handle.read()
    # A name ends at whitespace or a delimiter (ISO 32000-1 §7.2.2), so /JS does not match /JSomething.
    for match in re.finditer(
        rb"(/JavaScript|/JS|/OpenAction|/Launch|/EmbeddedFiles?|/RichMedia|/XFA)(?=[\s/<>\[\]()%{}]|$)", raw
    ):
        found.add(_RAW_NAMES[match.group(1)])
    return sorted(found)


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
