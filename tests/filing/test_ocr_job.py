"""A photographed complaint is read by OCR in the extraction job and reaches the clerk with a pre-filled docket;
an unreadable one is flagged to the filer and the clerk (issue 21)."""

from __future__ import annotations

import functools
import hashlib
import io
import random
import re
from typing import Any

import numpy as np
import pytest
from pypdf import PdfReader

from court.filing.tables import Filing, FilingDocument
from court.jobs.runners import InProcessRunner
from testkit.ocr_pages import scan, typeset
from testkit.pdfs import make_pdf
from tests.conftest import sign_in
from tests.filing.test_extraction_job import COMPLAINT
from tests.filing.test_filing_api import create_filing, upload


@pytest.fixture(scope="module", autouse=True)
def _one_recognition_per_page() -> Any:
    """Each page image is recognised once per module: every test here runs on both engines (the `client`
    fixture), and the job renders the same photo to the same pixels on each, so the second recognition of a
    page (~10-60 s of CPU on two loaded cores) is the first one's result. What this module checks is the job,
    the stored document, the docket and the pages around the recognition, which still run in full on each
    engine; how well a page is read is measured in tests/nlp/test_ocr.py, uncached. Keyed by the pixels, so a
    different image is always recognised."""
    import nlp.ocr

    read_image = nlp.ocr.read_image
    cache: dict[tuple[str, str | None], Any] = {}

    def cached(image: Any, engine_name: str | None = None) -> Any:
        pixels = image.tobytes() if hasattr(image, "tobytes") else bytes(image)
        size = getattr(image, "size", getattr(image, "shape", None))
        key = (hashlib.sha256(repr(size).encode() + pixels).hexdigest(), engine_name)
        if key not in cache:
            cache[key] = read_image(image, engine_name)
        return cache[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(nlp.ocr, "read_image", cached)
        yield


def _jpeg(image: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


@functools.cache
def _photo_of_complaint() -> bytes:
    """A scan of the complaint on a page the size of its text (intake fits it to an A4 page all the same)."""
    return _jpeg(
        scan(typeset(COMPLAINT, width=900, size=26, margin=40, height=1000).image, random.Random(21))
    )


def _blank_photo() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (900, 1200), (200, 195, 190))
    ImageDraw.Draw(image).ellipse(
        (200, 300, 700, 800), fill=(120, 110, 100)
    )  # a thumb over the lens, no text
    return _jpeg(image)


async def _page_session(client: Any, username: str) -> None:
    from court.demo import DEMO_PASSWORD

    client.cookies.clear()
    form = (await client.get("/sign-in")).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token is not None
    r = await client.post(
        "/sign-in", data={"username": username, "password": DEMO_PASSWORD, "csrf_token": token[1]}
    )
    assert r.status_code in (302, 303)


async def test_a_photographed_complaint_reaches_the_clerk_with_a_pre_filled_docket(
    client: Any, seeded: Any
) -> None:
    h = await sign_in(client, "litigant.wang")
    fid = await create_filing(client, h)
    r = await upload(client, h, fid, _photo_of_complaint(), name="起诉状.jpg", kind="complaint")
    assert r.status_code == 201, r.text
    assert r.json()["ocr_status"] == "queued"
    await InProcessRunner(seeded).drain()

    doc = (
        await FilingDocument.select()
        .where(FilingDocument.id == r.json()["id"])
        .output(load_json=True)
        .first()
    )
    assert (doc["ocr_status"], doc["ocr_reason"], doc["extraction_status"]) == ("read", "", "done")
    assert doc["ocr_confidence"] > 0.9
    lines = doc["ocr_pages"][0]["lines"]
    assert lines and all(0 < line["confidence"] <= 1 and len(line["box"]) == 4 for line in lines)
    docket = (await Filing.select(Filing.docket).where(Filing.id == fid).output(load_json=True).first())[
        "docket"
    ]
    people = {(p["role"], p["name"]): p for p in docket["parties"]}
    assert people[("plaintiff", "王丽华")]["id_number"] == "330105198307161627"
    assert docket["court"]["name"] == "绍兴市越城区人民法院"
    assert docket["amount_in_dispute"] == "150000"
    # The name's confidence is the extractor's (0.9 for a labelled party name) scaled by the OCR's in that line.
    name_source = people[("plaintiff", "王丽华")]["sources"]["name"]
    assert 0.5 < name_source["confidence"] < 0.9

    # The dossier is searchable: the scanned page carries the OCR text, invisible, over the untouched scan.
    dossier = await client.get(f"/api/v1/filings/{fid}/dossier.pdf", headers=h)
    assert dossier.status_code == 200
    scanned_page = PdfReader(io.BytesIO(dossier.content)).pages[-1]
    stored = PdfReader(io.BytesIO(b"".join(seeded.blobs.iter_chunks(doc["blob_key"])))).pages[0]
    assert "王丽华" in re.sub(r"\s+", "", scanned_page.extract_text()) and not stored.extract_text().strip()
    assert [i.data for i in scanned_page.images] == [
        i.data for i in stored.images
    ]  # the scan's bytes as filed
    assert hashlib.sha256(b"".join(seeded.blobs.iter_chunks(doc["blob_key"]))).hexdigest() == doc["sha256"]

    submitted = await client.post(f"/api/v1/filings/{fid}/submit", headers=h)
    assert submitted.status_code == 200, submitted.text
    await _page_session(client, "clerk.xihu")
    review = (await client.get(f"/clerk/filings/{fid}")).text
    assert "文字已识别（置信度" in review and 'id="complaint-unreadable"' not in review
    assert "王丽华" in review and "330105198307161627" in review

    # Each field read from the photo links to the page image with its words highlighted.
    doc_docket = doc["docket"]
    index = next(i for i, p in enumerate(doc_docket["parties"]) if p["name"] == "王丽华")
    links = dict(re.findall(r'class="highlight-link" data-field="([^"]+)" href="([^"]+)"', review))
    href = links[f"parties[{index}].name"].replace("&amp;", "&")
    shown = await client.get(href)
    assert shown.status_code == 200 and shown.headers["content-type"].startswith("image/png"), shown.text[
        :300
    ]
    plain = await client.get(href.split("?")[0])
    assert plain.status_code == 200 and plain.content != shown.content
    from PIL import Image

    marked = Image.open(io.BytesIO(shown.content)).convert("RGB")
    page = doc["ocr_pages"][0]
    from court.filing.highlight import MAX_WIDTH, field_boxes

    scale = min(1.0, MAX_WIDTH / page["width"])  # the page is sent at most MAX_WIDTH wide
    assert marked.size == (round(page["width"] * scale), round(page["height"] * scale))
    source = doc_docket["parties"][index]["sources"]["name"]
    (left, top, right, bottom) = field_boxes(page, source["start"], source["end"], source["text"])[0]
    region = marked.crop((int(left * scale), int(top * scale), int(right * scale), int(bottom * scale)))
    pixels = (
        np.asarray(region.convert("RGB")).reshape(-1, 3).astype(int)
    )  # getdata() is deprecated in Pillow 13
    washed = [r > 150 and g > 120 and b < r - 40 for r, g, b in pixels]
    assert sum(washed) > 0.3 * len(washed)  # the yellow wash over the name (its strokes stay dark)
    missing = await client.get(href.split("?")[0] + "?field=parties[99].name")
    assert missing.status_code == 404


async def test_a_complaint_that_is_only_an_unreadable_photo_is_flagged(client: Any, seeded: Any) -> None:
    h = await sign_in(client, "litigant.wang")
    fid = await create_filing(client, h)
    # Evidence but no complaint yet: the filer (at the kiosk too, which shows the same list) is asked for one.
    await upload(client, h, fid, make_pdf(["证据：借款协议"]), name="证据.pdf", kind="evidence")
    await _page_session(client, "litigant.wang")
    assert 'id="complaint-missing"' in (await client.get(f"/filings/{fid}")).text

    r = await upload(client, h, fid, _blank_photo(), name="起诉状.jpg", kind="complaint")
    await InProcessRunner(seeded).drain()
    doc = await FilingDocument.select().where(FilingDocument.id == r.json()["id"]).first()
    assert (doc["ocr_status"], doc["ocr_reason"]) == ("unreadable", "no_text")

    await _page_session(client, "litigant.wang")
    mine = (await client.get(f"/filings/{fid}")).text
    assert 'id="complaint-unreadable"' in mine and "起诉状无法识别" in mine and "图像中未识别到文字" in mine
    assert 'id="complaint-missing"' not in mine

    assert (await client.post(f"/api/v1/filings/{fid}/submit", headers=h)).status_code == 200
    await _page_session(client, "clerk.xihu")
    review = (await client.get(f"/clerk/filings/{fid}")).text
    assert "起诉状仅为无法识别的图像" in review and "无法识别文字" in review
    assert "no_text" not in review and "unreadable<" not in review  # no raw state on a Chinese page
