"""The demo's settings (court_demo_setting): whether the demo is loaded, the demo kiosk's key, the start page's links.
Its own module, since the demo's stages record links while court.demo loads the stages."""

from __future__ import annotations

from datetime import UTC, datetime

# The demo flag (court_demo_setting): the start page shows only where `court seed --demo` wrote LOADED.
LOADED = "loaded"
KIOSK_KEY = "kiosk_device_key"
# `link:<name>` holds the id of a demo object a start-page line links to (court.demo.stages `_remember`).
LINK_PREFIX = "link:"


async def set_demo_setting(key: str, value: str) -> None:
    from court.db import write_transaction
    from court.demo.tables import DemoSetting

    async with write_transaction():
        if await DemoSetting.exists().where(DemoSetting.key == key):
            if key != LOADED:
                await DemoSetting.update({DemoSetting.value: value}).where(DemoSetting.key == key)
            return
        await DemoSetting.insert(DemoSetting(key=key, value=value, created_at=datetime.now(UTC)))


async def demo_setting(key: str) -> str | None:
    from court.demo.tables import DemoSetting

    row = await DemoSetting.select(DemoSetting.value).where(DemoSetting.key == key).first()
    return None if row is None else str(row["value"])


async def demo_loaded() -> bool:
    """True only on a database where `court seed --demo` (command 1) loaded the demo; never in production."""
    return await demo_setting(LOADED) is not None


async def demo_link_ids() -> dict[str, str]:
    """The ids the start page's links name (`link:<name>` settings), by name."""
    from court.demo.tables import DemoSetting

    rows = await DemoSetting.select(DemoSetting.key, DemoSetting.value).where(
        DemoSetting.key.like(LINK_PREFIX + "%")
    )
    return {str(r["key"]).removeprefix(LINK_PREFIX): str(r["value"]) for r in rows}
