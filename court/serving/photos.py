"""Photos of a service record (留置送达 CPL Art 89; service in person): uploaded by the clerk or officer from the
browser, checked to be JPEG or PNG images, stored in the blob store under their SHA-256 (the hash kept in the key
and in the attempt's evidence), shown as thumbnails on the record and listed on the 送达回证."""

from __future__ import annotations

import asyncio
import hashlib
import io
from typing import Any

from court.accounts.policy import Principal
from court.errors import InvalidInput, NotFound
from court.i18n import msg
from court.serving.machine import Channel
from court.serving.tables import ServiceAttempt

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PHOTOS = 20
PREFIX = "service/photos/"
MEDIA = {"jpg": "image/jpeg", "png": "image/png"}
PHOTO_CHANNELS = frozenset({Channel.IN_PERSON, Channel.LEFT_AT_ADDRESS})


def _both(zh: str, en: str) -> dict[str, dict[str, str]]:
    return {
        "messages": {"zh_CN": zh, "en": en}
    }  # the page shows the user's language, the API keeps the detail


def image_kind(data: bytes) -> str | None:
    """ "jpg" or "png" when the bytes are a whole image of that kind (magic number, then decoded), else None."""
    if data.startswith(b"\xff\xd8\xff"):
        kind = "jpg"
    elif data.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = "png"
    else:
        return None
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as img:
            img.verify()  # a truncated or forged file fails here
            if (img.format or "").lower() not in ("jpeg", "png"):
                return None
    except Exception:
        return None
    return kind


def photo_key(data: bytes, kind: str) -> str:
    return f"{PREFIX}{hashlib.sha256(data).hexdigest()}.{kind}"


async def _authorize(p: Principal, attempt_id: int, *, write: bool) -> dict[str, Any]:
    from court.cases import service as cases
    from court.serving import flow, matters
    from court.serving.common import service_row

    attempt = await flow._attempt(attempt_id)
    service = await service_row(int(attempt["service"]))
    if service.get("matter_id"):
        await (matters.require_staff(p, service) if write else matters.may_view(p, service))
    else:
        flow._require_staff(
            p,
            await cases.load_case(int(service["case"])),
            flow.SERVING_ROLES if write else flow.VIEWING_ROLES,
        )
    return attempt


async def store_uploads(p: Principal, runtime: Any, attempt_id: int, files: list[Any]) -> list[str]:
    """Check and store the uploaded photos; the blob keys, in the order given. Who may record the attempt is asked
    before any file is read."""
    if not files:
        return []
    attempt = await _authorize(p, attempt_id, write=True)
    if Channel(attempt["channel"]) not in PHOTO_CHANNELS:
        raise InvalidInput(
            "photos belong to service in person or left at the address",
            field="photos",
            **_both(
                "只有直接送达和留置送达可附现场照片",
                "Photos belong to service in person or left at the address",
            ),
        )
    if len(files) > MAX_PHOTOS:
        raise InvalidInput(
            f"at most {MAX_PHOTOS} photos",
            field="photos",
            **_both(f"照片最多{MAX_PHOTOS}张", f"At most {MAX_PHOTOS} photos"),
        )
    keys = []
    for f in files:
        data = await f.read(MAX_PHOTO_BYTES + 1)
        if not data:
            continue  # the browser sends an empty part when no file was chosen
        if len(data) > MAX_PHOTO_BYTES:
            raise InvalidInput(
                f"{f.filename}: larger than 10 MiB",
                field="photos",
                **_both(f"照片“{f.filename}”超过10MiB", f"{f.filename}: larger than 10 MiB"),
            )
        kind = await asyncio.to_thread(image_kind, data)
        if kind is None:
            raise InvalidInput(
                f"{f.filename}: not a JPEG or PNG photo",
                field="photos",
                **_both(f"“{f.filename}”不是JPEG或PNG格式的照片", f"{f.filename}: not a JPEG or PNG photo"),
            )
        key = photo_key(data, kind)
        await asyncio.to_thread(
            runtime.blobs.put,
            key,
            io.BytesIO(data),
            length=len(data),
            content_type=MEDIA[kind],
            expect_sha256=key[len(PREFIX) : -len(kind) - 1],
        )
        keys.append(key)
    return keys


async def photo(p: Principal, runtime: Any, attempt_id: int, n: int) -> tuple[bytes, str]:
    attempt = await _authorize(p, attempt_id, write=False)
    photos = (attempt.get("evidence") or {}).get("photos") or []
    if not 0 <= n < len(photos):
        raise NotFound(msg("no photo %(n)s of service attempt %(attempt_id)s", n=n, attempt_id=attempt_id))
    key = str(photos[n])

    def read() -> bytes:
        with runtime.blobs.open(key) as fh:
            data: bytes = fh.read()
            return data

    return await asyncio.to_thread(read), MEDIA.get(key.rsplit(".", 1)[-1], "application/octet-stream")


async def photo_blob_keys() -> set[str]:
    """The photos the service records keep (so the orphan sweep leaves them)."""
    rows = (
        await ServiceAttempt.select(ServiceAttempt.evidence)
        .where(ServiceAttempt.channel.is_in([c.value for c in PHOTO_CHANNELS]))
        .output(load_json=True)
    )
    return {str(k) for r in rows for k in ((r["evidence"] or {}).get("photos") or [])}
