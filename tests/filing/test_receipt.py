"""The filing receipt: the Chinese text, the Shanghai time and every sha256 can be read back from the PDF."""

from __future__ import annotations

import hashlib
import io
import re
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from court.filing.receipt import ReceiptData, ReceiptDocument, render_receipt_pdf


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _receipt(count: int = 3, submitted_at: datetime | None = None) -> ReceiptData:
    documents = [
        ReceiptDocument(
            name=name, kind=kind, page_count=pages, sha256=hashlib.sha256(name.encode()).hexdigest()
        )
        for name, kind, pages in [
            ("民事起诉状.pdf", "complaint", 3),
            ("身份证正面.jpg", "identity_document", 1),
            ("借条 <原件> & 转账记录.pdf", "evidence", 12),
        ][:count]
    ]
    return ReceiptData(
        filing_number="LA-330106-2024-000123",
        court_name="杭州市西湖区人民法院",
        filer_name="王丽华",
        submitted_at=submitted_at or datetime(2024, 3, 5, 6, 30, 12, tzinfo=UTC),
        documents=documents,
    )


def test_receipt_text_reads_back_in_chinese_with_each_hash() -> None:
    receipt = _receipt()
    pdf = render_receipt_pdf(receipt)
    assert pdf.startswith(b"%PDF-")
    text = _text(pdf)
    for expected in (
        "杭州市西湖区人民法院",
        "立案材料接收回执",
        "王丽华",
        "LA-330106-2024-000123",
        "民事起诉状.pdf",
        "起诉状",
        "身份证明",
        "证据",
        "借条 <原件> & 转账记录.pdf",
        "共 16 页",
    ):
        assert expected in text, expected
    squeezed = re.sub(r"\s+", "", text)
    for item in receipt.documents:
        assert item.sha256 in squeezed


def test_submission_time_is_shown_in_shanghai_time() -> None:
    # 06:30:12 UTC is 14:30:12 in Beijing (UTC+8, no daylight saving).
    assert "2024年3月5日 14:30:12" in _text(render_receipt_pdf(_receipt()))
    late = _receipt(submitted_at=datetime(2024, 3, 5, 20, 0, 0, tzinfo=UTC))
    assert "2024年3月6日 04:00:00" in _text(render_receipt_pdf(late))


def test_naive_time_is_refused() -> None:
    with pytest.raises(ValueError):
        render_receipt_pdf(_receipt(submitted_at=datetime(2024, 3, 5, 6, 30)))


@settings(max_examples=5, deadline=None)
@given(count=st.integers(min_value=1, max_value=60))
def test_every_document_is_listed_however_many_pages_the_receipt_takes(count: int) -> None:
    documents = [
        ReceiptDocument(
            name=f"证据{n}.pdf",
            kind="evidence",
            page_count=n,
            sha256=hashlib.sha256(str(n).encode()).hexdigest(),
        )
        for n in range(count)
    ]
    receipt = ReceiptData(
        filing_number="F1",
        court_name="杭州互联网法院",
        filer_name="甲",
        submitted_at=datetime(2025, 1, 1, tzinfo=UTC),
        documents=documents,
    )
    squeezed = re.sub(r"\s+", "", _text(render_receipt_pdf(receipt)))
    assert all(d.sha256 in squeezed for d in documents)
