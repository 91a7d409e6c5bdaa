"""The sandboxed PDF reader: each hostile file ends in its precise rejection, quickly, without hurting the parent."""

from __future__ import annotations

import resource
import time
from pathlib import Path

import pytest

from kernel.pdf import PdfRejected, inspect_pdf, read_pdf_text
from tests.filing.hostile import make_hostile

# Generous for a 2-core CI machine; each case takes well under a second here except busy_text (~1 s).
SECONDS = 15.0


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_hostile.write_all(tmp_path_factory.mktemp("hostile"))


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.mark.parametrize(
    ("name", "limits", "reason"),
    [
        ("truncated.pdf", {}, "broken"),
        ("encrypted.pdf", {}, "encrypted"),
        ("owner_only_encrypted.pdf", {}, "encrypted"),
        ("cyclic_page_tree.pdf", {}, "broken"),
        ("flate_bomb.pdf", {}, "too_large_in_memory"),  # pypdf's own inflate guard (75 MB) stops it
        ("flate_bomb.pdf", {"memory_mb": 64}, "too_large_in_memory"),  # here RLIMIT_AS stops it first
        ("busy_text.pdf", {"cpu_seconds": 1}, "too_complex"),  # RLIMIT_CPU → SIGXCPU
        ("ten_thousand_pages.pdf", {}, "too_many_pages"),
        ("no_pages.pdf", {}, "empty"),
        ("zero_bytes.pdf", {}, "empty"),
        ("jpeg_renamed.pdf", {}, "not_pdf"),
        ("plain_text.pdf", {}, "not_pdf"),
        ("complaint.pdf", {"wall_seconds": 0.01}, "timeout"),
    ],
)
def test_hostile_pdf_is_rejected_with_its_reason_in_time(
    corpus: dict[str, Path], name: str, limits: dict[str, float], reason: str
) -> None:
    before = _rss_mb()
    started = time.monotonic()
    with pytest.raises(PdfRejected) as caught:
        inspect_pdf(corpus[name], want_text=True, **limits)  # type: ignore[arg-type]
    assert caught.value.reason == reason, caught.value.detail
    assert time.monotonic() - started < SECONDS
    # The bytes were parsed in the child: the parent's peak memory did not move by more than noise.
    assert _rss_mb() - before < 50


def test_memory_limit_not_pypdf_stopped_the_bomb_when_it_is_lower(corpus: dict[str, Path]) -> None:
    with pytest.raises(PdfRejected) as caught:
        inspect_pdf(corpus["flate_bomb.pdf"], memory_mb=64)
    assert caught.value.detail == "memory limit reached"


def test_cyclic_page_tree_detail_names_the_cycle(corpus: dict[str, Path]) -> None:
    with pytest.raises(PdfRejected) as caught:
        inspect_pdf(corpus["cyclic_page_tree.pdf"])
    assert "cycl" in caught.value.detail.lower()


def test_page_limit_is_a_parameter_and_the_count_is_exact(corpus: dict[str, Path]) -> None:
    started = time.monotonic()
    report = inspect_pdf(corpus["ten_thousand_pages.pdf"], max_pages=10_000)
    assert report.page_count == 10_000
    assert not report.needs_ocr
    assert time.monotonic() - started < SECONDS
    with pytest.raises(PdfRejected) as caught:
        inspect_pdf(corpus["ten_thousand_pages.pdf"], max_pages=9_999)
    assert caught.value.reason == "too_many_pages"


def test_broken_xref_is_accepted_when_pypdf_recovers_every_page(corpus: dict[str, Path]) -> None:
    repaired = inspect_pdf(corpus["broken_xref.pdf"], want_text=True)
    intact = inspect_pdf(corpus["complaint.pdf"], want_text=True)
    assert repaired.repaired and repaired.warnings
    assert not intact.repaired
    assert repaired.page_count == 2
    assert repaired.texts is not None and intact.texts is not None
    assert repaired.texts[0] == intact.texts[0]


def test_chinese_text_comes_back_page_by_page(tmp_path: Path) -> None:
    path = tmp_path / "c.pdf"
    path.write_bytes(make_hostile.chinese_pdf([["第一页：原告王丽华"], ["第二页：被告陈建国"], []]))
    report = inspect_pdf(path, want_text=True)
    assert report.page_count == 3
    assert report.texts is not None
    assert "原告王丽华" in report.texts[0] and "被告陈建国" in report.texts[1]
    assert report.pages_without_text == (3,) and report.needs_ocr
    assert "原告王丽华" in report.first_page_text
    assert read_pdf_text(path) == list(report.texts)


def test_text_is_read_in_a_pooled_child_that_serves_the_next_document(tmp_path: Path) -> None:
    from kernel import pdf

    path = tmp_path / "c.pdf"
    path.write_bytes(make_hostile.chinese_pdf([["第一页：原告王丽华"], ["第二页：被告陈建国"]]))
    pdf.shutdown_pool()
    first = read_pdf_text(path)
    (child,) = pdf._pool().idle  # back in the pool after its answer
    assert read_pdf_text(path) == first and pdf._pool().idle == [child] and child.uses == 2
    assert "原告王丽华" in first[0] and "被告陈建国" in first[1]
    assert read_pdf_text(path, pooled=False) == first  # a one-off child reads the same


def test_without_text_request_the_pages_are_still_checked_for_a_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "c.pdf"
    path.write_bytes(make_hostile.chinese_pdf([["有字"], [], ["有字"]]))
    report = inspect_pdf(path)
    assert report.texts is None
    assert report.pages_without_text == (2,)


def test_child_start_up_is_cheap(corpus: dict[str, Path]) -> None:
    inspect_pdf(corpus["complaint.pdf"])  # warm the file cache
    started = time.monotonic()
    for _ in range(3):
        inspect_pdf(corpus["complaint.pdf"])
    assert (time.monotonic() - started) / 3 < 1.5
