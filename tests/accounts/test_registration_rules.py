"""Passwords and usernames (issue 15, finding 8): weak passwords are refused; look-alike usernames are one account."""

from __future__ import annotations

import re
from typing import Any

import pytest

from court.accounts import service
from court.accounts.roles import Role
from court.accounts.tables import User
from court.demo import DEMO_PASSWORD
from court.errors import Conflict, InvalidInput

PASSWORD = "Correct-Horse-77"


@pytest.mark.parametrize(
    ("username", "password", "code"),
    [
        ("alice", "12345678", "password_too_short"),
        ("alice", "Short-1", "password_too_short"),
        ("alice", "1234567890", "password_common"),
        ("alice", "qwertyuiop", "password_common"),
        ("alice", "Password123", "password_common"),
        ("alice", "aaaaaaaaaaaa", "password_common"),  # too guessable although in no list
        ("alice.wong", "alice.wong", "password_contains_username"),
        ("alice.wong", "my-ALICE.WONG-2026", "password_contains_username"),
    ],
)
async def test_weak_passwords_are_refused_with_a_precise_code(
    runtime: object, username: str, password: str, code: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        await service.create_user(username, password, Role.LITIGANT)
    assert refused.value.params["field"] == "password" and refused.value.params["message_key"] == code
    assert not await User.exists().where(User.username == username)


async def test_the_demo_password_and_a_sound_one_are_accepted(runtime: object) -> None:
    assert await service.create_user("alice", PASSWORD, Role.LITIGANT)
    assert await service.create_user("bob", DEMO_PASSWORD, Role.LITIGANT)


@pytest.mark.parametrize(
    "look_alike",
    [
        "Alice.Wong",  # case
        "ＡＬＩＣＥ．ＷＯＮＧ",  # full-width
        "ALICE.wong",
    ],
)
async def test_look_alike_usernames_are_the_same_account(runtime: object, look_alike: str) -> None:
    uid = await service.create_user("alice.wong", PASSWORD, Role.LITIGANT)
    with pytest.raises(Conflict) as taken:
        await service.create_user(look_alike, PASSWORD, Role.LITIGANT)
    assert taken.value.params["field"] == "username"
    # ... and signs in as that account.
    issued = await service.sign_in(look_alike, PASSWORD, client="test")
    assert issued.user_id == uid


async def test_usernames_are_stored_normalised(runtime: object) -> None:
    uid = await service.create_user("  Ｗang.Li  ", PASSWORD, Role.LITIGANT)
    row = await User.select(User.username).where(User.id == uid).first()
    assert row["username"] == "wang.li"


@pytest.mark.parametrize(
    "username",
    [
        "alice\u200bwong",  # zero-width space
        "alice\u200dwong",  # zero-width joiner
        "\ufeffalice",  # byte order mark
        "alice\u202egnow",  # right-to-left override
        "alice\u2066x\u2069",  # isolates
        "alice\x00",  # NUL
        "alice\x1bwong",  # escape
        "alice wong",  # a space inside
    ],
)
async def test_invisible_and_control_characters_are_refused(runtime: object, username: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        await service.create_user(username, PASSWORD, Role.LITIGANT)
    assert refused.value.params["field"] == "username"
    assert refused.value.params["message_key"] == "username_invisible_character"
    assert re.fullmatch(r"U\+[0-9A-F]{4,6}", refused.value.params["character"])


async def test_the_register_page_names_the_field_and_the_reason(client: Any) -> None:
    page = await client.get("/register")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    form = {
        "csrf_token": token,
        "display_name": "王丽华",
        "username": "li\u202ehua",
        "password": PASSWORD,
        "password_again": PASSWORD,
    }
    r = await client.post("/register", data=form)
    assert r.status_code == 422 and 'id="username"' in r.text
    assert "用户名含有不可见字符或控制字符" in r.text
    weak = await client.post(
        "/register", data=form | {"username": "lihua", "password": "12345678", "password_again": "12345678"}
    )
    assert weak.status_code == 422 and "密码至少需要 10 个字符" in weak.text
    same = await client.post("/register", data=form | {"username": "LITIGANT.WANG"})
    assert same.status_code == 409
    ok = await client.post("/register", data=form | {"username": "LiHua"})
    assert ok.status_code in (302, 303), ok.text
    assert await User.exists().where(User.username == "lihua")


async def test_the_api_sign_in_finds_the_account_whatever_the_case(client: Any) -> None:
    r = await client.post(
        "/api/v1/auth/sign-in", json={"username": "Litigant.WANG", "password": DEMO_PASSWORD}
    )
    assert r.status_code == 200, r.text


async def test_a_new_password_follows_the_same_rules(client: Any) -> None:
    from tests.conftest import sign_in

    wang = await sign_in(client, "litigant.wang")
    for new, code in (
        ("12345678", "password_too_short"),
        ("litigant.wang-2026", "password_contains_username"),
        ("1234567890", "password_common"),
    ):
        r = await client.post(
            "/api/v1/me/password", json={"old_password": DEMO_PASSWORD, "new_password": new}, headers=wang
        )
        assert r.status_code == 422 and r.json()["field"] == "new_password" and r.json()["reason"] == code, (
            r.text
        )
        assert r.json()["detail"] and "litigant" not in r.json()["detail"]


async def test_a_password_that_is_not_text_is_refused_not_a_server_error(runtime: object) -> None:
    with pytest.raises(InvalidInput) as refused:
        await service.create_user("alice", "Correct-Horse-77\ud800", Role.LITIGANT)
    assert refused.value.params["message_key"] == "password_invalid_character"
    from court.errors import NotAuthenticated

    await service.create_user("alice", PASSWORD, Role.LITIGANT)
    for username, password in (("alice", "x\ud800"), ("al\ud800ice", PASSWORD)):
        with pytest.raises(NotAuthenticated):
            await service.sign_in(username, password, client="test")


async def test_the_migration_normalises_existing_usernames_but_never_merges_two_accounts(
    runtime: object,
) -> None:
    import importlib

    migration = importlib.import_module("court.migrations.court_2026_12_06t04_31_07_000000")
    before = ["Alice", "bob", "ＢＯＢ", "x\u200by", "carol"]
    for name in before:
        await User.insert(User(username=name, display_name=name, password_hash="-", role="litigant"))
    await migration._normalise_usernames()
    after = sorted(r["username"] for r in await User.select(User.username))
    # Alice becomes alice; ＢＯＢ would become bob, which is another account's: both stay; x<ZWSP>y is left to an admin.
    assert after == sorted(["alice", "bob", "ＢＯＢ", "x\u200by", "carol"])


async def test_parallel_registrations_of_look_alike_names_make_one_account(runtime: object) -> None:
    import asyncio

    spellings = ["Zhang.San", "zhang.san", "ＺＨＡＮＧ.ＳＡＮ", "ZHANG.SAN"] * 2

    async def register(name: str) -> str:
        try:
            await service.create_user(name, PASSWORD, Role.LITIGANT)
        except Conflict as exc:
            assert exc.params["field"] == "username"
            return "taken"
        return "created"

    outcomes = await asyncio.gather(*(register(n) for n in spellings))
    assert sorted(outcomes) == ["created"] + ["taken"] * (len(spellings) - 1)
    assert await User.count().where(User.username == "zhang.san") == 1
