"""Intake checks: type from the bytes, each hostile upload refused with its reason, scans made PDFs, kinds guessed."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from court.errors import InvalidDocument, InvalidInput
from court.filing.intake import (
    KIND_LABELS,
    REJECTION_MESSAGES,
    DocumentKind,
    DocumentType,
    IntakeLimits,
    check_document,
    guess_kind,
    sniff_type,
)
from court.i18n import gettext
from kernel.pdf import REASONS
from tests.filing.hostile import make_hostile

SECONDS = 15.0  # generous bound for a 2-core CI machine


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_hostile.write_all(tmp_path_factory.mktemp("intake"))


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"%PDF-1.7\n", DocumentType.PDF),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", DocumentType.JPEG),
        (b"\x89PNG\r\n\x1a\n\x00\x00", DocumentType.PNG),
        (b"junk from a mail gateway\n%PDF-1.4\n", DocumentType.PDF),  # header within 1024 bytes
        (b"x" * 1024 + b"%PDF-1.4", DocumentType.UNKNOWN),
        (b"GIF89a", DocumentType.UNKNOWN),
        (b"PK\x03\x04", DocumentType.UNKNOWN),  # a .docx
        (b"", DocumentType.UNKNOWN),
    ],
)
def test_type_is_sniffed_from_the_bytes(head: bytes, expected: DocumentType) -> None:
    assert sniff_type(head) is expected


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("truncated.pdf", "broken"),
        ("encrypted.pdf", "encrypted"),
        ("cyclic_page_tree.pdf", "broken"),
        ("flate_bomb.pdf", "too_large_in_memory"),
        ("ten_thousand_pages.pdf", "too_many_pages"),
        ("zero_bytes.pdf", "empty"),
        ("no_pages.pdf", "empty"),
        ("plain_text.pdf", "unsupported_type"),
        ("pixel_bomb.png", "image_too_large"),
        ("truncated.png", "image_broken"),
    ],
)
def test_hostile_upload_is_refused_with_its_reason(corpus: dict[str, Path], name: str, reason: str) -> None:
    started = time.monotonic()
    with pytest.raises(InvalidDocument) as caught:
        check_document(corpus[name], declared_kind=None, filename=name, limits=IntakeLimits())
    assert caught.value.params["reason"] == reason
    assert caught.value.params["filename"] == name
    assert REJECTION_MESSAGES[reason] in caught.value.detail
    assert time.monotonic() - started < SECONDS


def test_every_reason_has_a_message_in_both_languages() -> None:
    reasons = set(REASONS) | {"unsupported_type", "image_broken", "image_too_large"}
    assert reasons <= set(REJECTION_MESSAGES)
    for message in REJECTION_MESSAGES.values():
        assert gettext("en", message) == message
        assert any("\u4e00" <= ch <= "\u9fff" for ch in gettext("zh_CN", message))


def test_image_limit_comes_from_the_limits(corpus: dict[str, Path]) -> None:
    with pytest.raises(InvalidDocument) as caught:
        check_document(
            corpus["scan.png"],
            declared_kind=None,
            filename="scan.png",
            limits=IntakeLimits(max_image_pixels=100),
        )
    assert caught.value.params["reason"] == "image_too_large"


def test_a_jpeg_named_pdf_is_taken_for_what_its_bytes_are(corpus: dict[str, Path]) -> None:
    # Choice: the name lies, the bytes decide; a JPEG is a scan whatever it is called.
    checked = check_document(
        corpus["jpeg_renamed.pdf"],
        declared_kind="evidence",
        filename="jpeg_renamed.pdf",
        limits=IntakeLimits(),
    )
    assert checked.source_type is DocumentType.JPEG and checked.converted
    assert checked.pdf_path != corpus["jpeg_renamed.pdf"]
    assert len(PdfReader(checked.pdf_path).pages) == 1


@pytest.mark.parametrize(
    ("name", "source_type"), [("scan.png", DocumentType.PNG), ("scan.jpg", DocumentType.JPEG)]
)
def test_scan_becomes_a_one_page_pdf_that_needs_ocr(
    corpus: dict[str, Path], name: str, source_type: DocumentType
) -> None:
    checked = check_document(
        corpus[name], declared_kind=None, filename="身份证正面.jpg", limits=IntakeLimits()
    )
    assert checked.source_type is source_type
    assert checked.pdf_path.read_bytes().startswith(b"%PDF-")
    assert checked.page_count == 1 and checked.needs_ocr
    assert checked.kind is DocumentKind.IDENTITY_DOCUMENT and checked.kind_guessed


def test_jpeg_scan_is_embedded_without_re_encoding(corpus: dict[str, Path]) -> None:
    checked = check_document(corpus["scan.jpg"], declared_kind=None, filename="a.jpg", limits=IntakeLimits())
    page = PdfReader(checked.pdf_path).pages[0]
    (image,) = [ref.get_object() for ref in page["/Resources"]["/XObject"].values()]
    assert "/DCTDecode" in image["/Filter"]
    assert image.get_data() == corpus["scan.jpg"].read_bytes()  # pypdf leaves DCT data encoded


def test_chinese_pdf_is_accepted_and_its_kind_read_from_the_heading(corpus: dict[str, Path]) -> None:
    checked = check_document(
        corpus["complaint.pdf"], declared_kind=None, filename="upload1.pdf", limits=IntakeLimits()
    )
    assert checked.pdf_path == corpus["complaint.pdf"] and not checked.converted
    assert checked.page_count == 3 and not checked.needs_ocr
    assert checked.kind is DocumentKind.COMPLAINT and checked.kind_guessed


def test_broken_xref_that_pypdf_recovers_is_accepted_and_flagged(corpus: dict[str, Path]) -> None:
    checked = check_document(
        corpus["broken_xref.pdf"], declared_kind=None, filename="x.pdf", limits=IntakeLimits()
    )
    assert checked.repaired and checked.page_count == 2


def test_declared_kind_wins_over_the_guess(corpus: dict[str, Path]) -> None:
    checked = check_document(
        corpus["complaint.pdf"], declared_kind="evidence", filename="起诉状.pdf", limits=IntakeLimits()
    )
    assert checked.kind is DocumentKind.EVIDENCE and not checked.kind_guessed


def test_unknown_declared_kind_is_invalid_input(corpus: dict[str, Path]) -> None:
    with pytest.raises(InvalidInput):
        check_document(
            corpus["complaint.pdf"], declared_kind="affidavit", filename="a.pdf", limits=IntakeLimits()
        )


@pytest.mark.parametrize(
    ("filename", "text", "expected"),
    [
        ("scan001.pdf", "民 事 起 诉 状\n原告：王丽华……证据和证据来源", DocumentKind.COMPLAINT),
        (
            "a.pdf",
            "强制执行申请书\n申请执行人……依据（2023）浙0105民初123号民事判决书",
            DocumentKind.ENFORCEMENT_APPLICATION,
        ),
        ("a.pdf", "执行申请书\n申请人：", DocumentKind.ENFORCEMENT_APPLICATION),
        ("a.pdf", "授 权 委 托 书\n委托人：", DocumentKind.POWER_OF_ATTORNEY),
        ("a.pdf", "浙江省杭州市西湖区人民法院\n民事判决书\n（2022）浙0106民初1234号", DocumentKind.JUDGMENT),
        ("a.pdf", "民事裁定书", DocumentKind.JUDGMENT),
        ("a.pdf", "民事调解书", DocumentKind.JUDGMENT),
        ("a.pdf", "证据目录\n1. 借条", DocumentKind.EVIDENCE),
        ("身份证复印件.jpg", "", DocumentKind.IDENTITY_DOCUMENT),
        ("授权委托书.pdf", "", DocumentKind.POWER_OF_ATTORNEY),
        ("借条照片.jpg", "", DocumentKind.OTHER),
        # The heading decides when the name disagrees: the bytes are what the court will read.
        ("证据1.pdf", "民事起诉状", DocumentKind.COMPLAINT),
        # Words far below the heading do not make a kind.
        ("a.pdf", "借款合同\n" + "甲方乙方约定" * 10 + "本合同引起的纠纷可提交起诉状", DocumentKind.OTHER),
    ],
)
def test_kind_is_guessed_from_heading_then_name(filename: str, text: str, expected: DocumentKind) -> None:
    assert guess_kind(filename, text) is expected


def test_every_kind_has_labels() -> None:
    assert set(KIND_LABELS) == set(DocumentKind)


def test_a_declared_kind_spares_laying_out_page_one(corpus: dict[str, Path]) -> None:
    # Page 1's text serves only to guess an undeclared kind: with a kind declared, page 1 is judged by its text
    # operators like every other page (its content stream still decoded in the sandbox, under the same limits).
    from kernel.pdf import inspect_pdf

    declared = check_document(
        corpus["complaint.pdf"], declared_kind="complaint", filename="a.pdf", limits=IntakeLimits()
    )
    guessed = check_document(
        corpus["complaint.pdf"], declared_kind=None, filename="a.pdf", limits=IntakeLimits()
    )
    assert (declared.kind, declared.kind_guessed) == (DocumentKind.COMPLAINT, False)
    assert (declared.page_count, declared.needs_ocr) == (guessed.page_count, guessed.needs_ocr) == (3, False)
    assert inspect_pdf(corpus["complaint.pdf"], first_page_text=False).first_page_text == ""
    assert inspect_pdf(corpus["complaint.pdf"]).first_page_text.strip()
    # A compression bomb on page 1 is still refused with a kind declared.
    with pytest.raises(InvalidDocument) as caught:
        check_document(
            corpus["flate_bomb.pdf"], declared_kind="evidence", filename="b.pdf", limits=IntakeLimits()
        )
    assert caught.value.params["reason"] == "too_large_in_memory"
