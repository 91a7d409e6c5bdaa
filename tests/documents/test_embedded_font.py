"""Every PDF the court writes embeds its Chinese font (a reader without CJK fonts still shows the text), and the
text extracts as the Chinese written: the receipt, the dossier's cover, court documents, enforcement notices."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from typing import Any

from pypdf import PdfReader

from court.cases.registration import register_filing
from court.documents.drafting import CaseFacts, PartyFacts, draft
from court.documents.kinds import DocumentKind
from court.documents.render import render_pdf
from court.execution.notices import NoticeKind, render_notice_pdf
from court.filing.receipt import ReceiptData, ReceiptDocument, render_receipt_pdf
from court.filing.tables import Filing
from storage.dossier import DossierCover, DossierDocument, assemble_dossier
from testkit.pdfs import make_pdf
from tests.cases.test_registration import principal
from tests.conftest import sign_in
from tests.filing.test_filing_api import create_filing, upload


def fonts_of(pdf: bytes, pages: int | None = None) -> list[dict[str, Any]]:
    """Every font the (first `pages`) pages use, with its descriptor (a Type0 font's descendant's)."""
    found = []
    for page in PdfReader(io.BytesIO(pdf)).pages[:pages]:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant.get("/FontDescriptor")
            found.append(
                {
                    "name": str(font.get("/BaseFont")),
                    "descriptor": descriptor.get_object() if descriptor is not None else {},
                }
            )
    return found


def assert_chinese_embedded(pdf: bytes, pages: int | None = None) -> str:
    fonts = fonts_of(pdf, pages)
    cjk = [f for f in fonts if "Helvetica" not in f["name"] and "Courier" not in f["name"]]
    assert cjk, fonts
    for font in cjk:
        assert "STSong" not in font["name"], "a CJK font named, not embedded"
        assert {"/FontFile2", "/FontFile3"} & set(font["descriptor"].keys()), (
            f"{font['name']} is not embedded"
        )
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages[:pages])


def test_the_receipt_embeds_its_font() -> None:
    pdf = render_receipt_pdf(
        ReceiptData(
            filing_number="LA-330106-2026-000001",
            court_name="杭州市西湖区人民法院",
            filer_name="王丽华",
            submitted_at=datetime(2026, 3, 2, 2, tzinfo=UTC),
            documents=[ReceiptDocument("民事起诉状.pdf", "complaint", 3, "a" * 64)],
        )
    )
    text = assert_chinese_embedded(pdf)
    assert "立案材料接收回执" in text and "王丽华" in text


def test_the_dossier_cover_embeds_its_font() -> None:
    out = io.BytesIO()
    assemble_dossier(
        DossierCover("（2026）浙0106民初1号", "杭州市西湖区人民法院", ["王丽华（原告）"], date(2026, 3, 2)),
        [DossierDocument("起诉状", "起诉状", lambda: io.BytesIO(make_pdf()))],
        out,
    )
    text = assert_chinese_embedded(
        out.getvalue(), pages=2
    )  # the cover and the contents; page 3 is the filed PDF
    assert "案号：（2026）浙0106民初1号" in text and "王丽华（原告）" in text


def test_a_court_document_embeds_its_font_and_reads_back() -> None:
    facts = CaseFacts(
        court_name="杭州市西湖区人民法院",
        number="（2026）浙0106民初3号",
        case_type="civil",
        cause_name="民间借贷纠纷",
        procedure="summary",
        registered_on=date(2026, 3, 2),
        parties=[PartyFacts("plaintiff", "王丽华"), PartyFacts("defendant", "陈建国")],
        claims=[],
        fee="1650.00",
    )
    text = assert_chinese_embedded(render_pdf(draft(DocumentKind.ACCEPTANCE_NOTICE, facts)))
    assert "受理案件通知书" in text and "王丽华诉陈建国民间借贷纠纷一案" in text.replace("\n", "")


def test_an_enforcement_notice_embeds_its_font() -> None:
    pdf = render_notice_pdf(
        NoticeKind.EXECUTION_NOTICE,
        "杭州市西湖区人民法院",
        {
            "number": "（2026）浙0106执1号",
            "debtors": ["陈建国"],
            "applicants": ["王丽华"],
            "title": "（2026）浙0106民初1号",
            "registered_on": date(2026, 3, 2),
            "pay_by": date(2026, 3, 12),
            "principal": "1000.00",
            "costs": "50.00",
            "on": date(2026, 3, 2),
            "interest": "0.00",
            "fee": "50.00",
        },
    )
    assert "杭州市西湖区人民法院" in assert_chinese_embedded(pdf)


async def test_a_registered_cases_dossier_cover_shows_the_case_number(client: Any) -> None:
    litigant = await sign_in(client, "litigant.wang")
    filing_id = await create_filing(client, litigant)
    assert (await upload(client, litigant, filing_id, make_pdf(pages=1), kind="complaint")).status_code == 201
    assert (await client.post(f"/api/v1/filings/{filing_id}/submit", headers=litigant)).status_code in (
        200,
        201,
    )
    filing_number = (await Filing.select(Filing.number).where(Filing.id == filing_id).first())["number"]
    await Filing.update({Filing.competent_court_code: "浙0106", Filing.receiving_court_code: "浙0106"}).where(
        Filing.id == filing_id
    )
    case = await register_filing(await principal("clerk.xihu"), filing_id)
    clerk = await sign_in(client, "clerk.xihu")
    r = await client.get(f"/api/v1/filings/{filing_id}/dossier.pdf", headers=clerk)
    assert r.status_code == 200, r.text
    cover = PdfReader(io.BytesIO(r.content)).pages[0].extract_text()
    assert f"案号：{case['number']}" in cover and filing_number not in cover
