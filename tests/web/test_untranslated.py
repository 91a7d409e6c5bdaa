"""A Chinese page shows no English sentence and no raw enum value; every problem the API can return reads in Chinese.

Every GET page of the route matrix (tests/security/route_matrix.py) is rendered for each role allowed to open it,
on the seeded security world (tests/security/world.py), in zh_CN and in en. On the Chinese page the visible text
(and the title, placeholder, aria-label and alt attributes) may hold Latin letters only as codes: acronyms and units
(PDF, MB, EMS), case numbers and court codes, amounts, dates, file names, e-mail addresses, URLs, usernames. A
run of English words, a lower-case English word, or a stored enum value (`inquiry_and_control`, `open`) fails.
On the English page, no Chinese text of the catalogue shows (a label missing its English) and no raw enum value.

The problems are checked from the code: every problem code has a title, and every detail a `CourtError` can carry
(court.i18n.extract reads them from the source) has a Chinese translation that is itself free of English.
"""

from __future__ import annotations

import re
from enum import StrEnum
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest

from court.db import close_pool
from court.errors import MESSAGES, CourtError
from court.i18n import Msg, error_detail, gettext, has_translation, msg
from court.i18n.extract import found_in_code
from court.i18n.labels import LABELS, label_msgid
from court.reference.names import load_court_names
from tests.conftest import app_for
from tests.security.route_matrix import ROWS, Row
from tests.security.world import World, copy_of_world, world

# Letters that are codes, not English: acronyms and units a Chinese page writes in Latin letters too.
ALLOWED_WORDS = frozenset(
    {
        "PDF",
        "JPEG",
        "JPG",
        "PNG",
        "CSV",
        "MB",
        "KB",
        "GB",
        "MiB",
        "EMS",
        "SMS",
        "API",
        "ID",
        "CA",
        "OCR",
        "JSON",
        "UTF",
        "QR",
        "HTTP",
        "HTTPS",
        "URL",
        "TLS",
        "IP",
        "CPU",
        "SHA",
        "ICBC",
        "ABC",
        "BOC",
        "CCB",
        "CSDC",
        "ZJ",
        "PIN",
        "English",
        "Unicode",
        "zh",
        "CN",
        "en",
        "Court",
        "kg",
        "km",
        "cm",
        "mm",
        "x",
        "X",
    }
)
# Identifiers a page may show as they are: URLs, e-mail addresses, file names, usernames, hashes, codes with digits.
IDENTIFIER = re.compile(
    r"https?://\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|[\w\-.（）()]+\.(?:pdf|png|jpe?g|csv|txt|json|zip)\b"
    r"|\b[a-z]+(?:\.[a-z0-9]+)+\b|\b[A-Za-z0-9]*\d[A-Za-z0-9]*\b|\b[0-9a-f]{16,}\b",
    re.IGNORECASE,
)
# In a problem's detail (read by API clients too) a field, header, option or value may be named as the API spells
# it, when set apart: （source）, “found”, --procedure.
CODE_NAMES = re.compile(r"（[\w\-, ]+）|“[\w\-]+”|--\w+")
# A code glossed in Chinese right after it is a code the reader types (a CSV column: task_id（任务号）).
QUOTED = re.compile(r"“[\w\-]+”")  # a value the reader types, quoted: outcome “found”
GLOSSED = re.compile(r"[A-Za-z_]+(?=（[^）]*[\u4e00-\u9fff])")
# A court code standing alone (浙0106), not inside a case number (（2026）浙0106民初1号).
COURT_CODE = re.compile(r"(?<![（(）)\d-])[\u4e00-\u9fff]\d{2,4}(?![\u4e00-\u9fff\d])")
WORD = re.compile(r"[A-Za-z][A-Za-z'’]*(?:_[A-Za-z]+)*")
CJK = re.compile(r"[\u4e00-\u9fff]")
SNAKE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")


class _Text(HTMLParser):
    """The text a reader sees (and hears: title, placeholder, aria-label, alt), without scripts and styles."""

    SKIP = frozenset({"script", "style", "template", "code", "kbd", "samp"})  # code spans are identifiers
    SHOWN_ATTRIBUTES = frozenset({"title", "placeholder", "aria-label", "alt"})

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0
        self._skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP or ("class", "who") in attrs:  # class="who": the signed-in person's name, data
            self._skip += 1
            self._skipping.append(tag)
        for name, value in attrs:
            if name in self.SHOWN_ATTRIBUTES and value:
                self.parts.append(value)
            if tag == "input" and name == "value" and value and ("type", "submit") in attrs:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if self._skipping and tag == self._skipping[-1]:
            self._skipping.pop()
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.parts


def _enum_values() -> frozenset[str]:
    """Every stored value of the court's enums (lower-case words and snake_case), read after the app is imported."""
    found: set[str] = set()
    pending: list[type] = [StrEnum]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("court."):
            found.update(str(m.value) for m in cls)  # type: ignore[attr-defined]
    return frozenset(v for v in found if re.fullmatch(r"[a-z]+(?:_[a-z]+)*", v))


def english_in_chinese(text: str, enum_values: frozenset[str] = frozenset()) -> list[str]:
    """The English a Chinese text shows: runs of words, lower-case words, raw enum values (codes allowed)."""
    bare = QUOTED.sub(" ", GLOSSED.sub(" ", IDENTIFIER.sub(" ", text)))
    found = [m.group(0) for m in SNAKE.finditer(bare)]
    words = [w for w in WORD.findall(bare) if w not in ALLOWED_WORDS]
    for w in words:
        if "_" in w:
            continue
        if w in enum_values or (len(w) >= 2 and any(c.islower() for c in w)):
            found.append(w)
    return found


def test_the_detector_finds_english_and_allows_codes() -> None:
    values = frozenset({"open", "sent"})
    assert (
        english_in_chinese("（2026）浙0106民初1号 立案 ¥1,800.00 2026-12-06 complaint.pdf 5 MB PDF", values)
        == []
    )
    assert english_in_chinese("litigant.wang 已登录 wang@example.com https://court.example/x", values) == []
    assert english_in_chinese("阶段：inquiry_and_control", values) == ["inquiry_and_control"]
    assert english_in_chinese("状态：open", values) == ["open"]
    assert english_in_chinese("The request conflicts with the current state", values)
    assert english_in_chinese("依据 FM Art 13(1)", values) == ["Art"]
    assert english_in_chinese("列：task_id（任务号）、outcome（结果）", values) == []
    assert COURT_CODE.findall("浙0106 （2026）浙0106民初1号 浙0106执12号") == ["浙0106"]


# --- pages --------------------------------------------------------------------------------------------------------


def _page_rows() -> list[Any]:
    out = []
    for (method, template), row in ROWS.items():
        if method != "GET" or template.startswith(("/api/", "/static", "/schema")) or row.xfail:
            continue
        out.append(pytest.param(template, row, id=template))
    return out


def _fill(template: str, row: Row, w: World) -> str:
    return re.sub(r"\{(\w+):\w+\}", lambda m: str(w.ids[row.params[m.group(1)]]), template)


async def _get(
    client: httpx.AsyncClient, template: str, row: Row, role: str, w: World, locale: str
) -> httpx.Response:
    cookies = {"court_lang": locale}
    token = w.tokens.get(role)
    if token:
        cookies["court_session"] = token
    if row.device or role == "terminal_operator":
        cookies["court_terminal"] = str(w.ids["device_key"])
    headers = {**row.headers, "cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    client.cookies.clear()
    return await client.get(_fill(template, row, w), params=row.query, headers=headers)


@pytest.fixture(scope="module")
def page_world() -> World:
    return world()


@pytest.mark.parametrize(("template", "row"), _page_rows())
async def test_every_page_speaks_the_readers_language(
    template: str, row: Row, page_world: World, tmp_path: Path
) -> None:
    rt = await copy_of_world(tmp_path)
    app = app_for(rt)  # the test process's one app (tests/conftest.py), pointed at this copy
    enum_values = _enum_values()
    zh_labels = _chinese_labels()
    codes = set(await load_court_names())
    problems: list[str] = []
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as c:
            for role in sorted(row.allowed):
                for locale in ("zh_CN", "en"):
                    r = await _get(c, template, row, role, page_world, locale)
                    if not r.headers.get("content-type", "").startswith("text/html"):
                        continue
                    for part in visible_text(r.text):
                        if locale == "zh_CN":
                            bad = english_in_chinese(part, enum_values)
                        elif template.startswith("/kiosk"):
                            bad = []  # the shared-court kiosk speaks Chinese only (tests/web/test_kiosk_pages.py)
                        else:
                            bad = [
                                m.group(0)
                                for m in SNAKE.finditer(IDENTIFIER.sub(" ", part))
                                if m.group(0) in enum_values
                            ]
                            bad += [part] if part in zh_labels else []
                        bad += [c for c in COURT_CODE.findall(part) if c in codes]
                        if bad:
                            problems.append(
                                f"{role} {locale} {r.status_code}: {part[:160]!r} → {sorted(set(bad))}"
                            )
    finally:
        await close_pool(rt.engine)
    assert not problems, f"{template}:\n" + "\n".join(dict.fromkeys(problems))


async def test_the_review_page_shows_routing_reasons_in_chinese_and_english(
    page_world: World, tmp_path: Path
) -> None:
    """The clerk's review page of a routed filing shows the engine's reasons in the reader's language (issue 16).
    (Here, not in a module of its own, so that it shares this module's world: building it costs 10-15 s.)"""
    rt = await copy_of_world(tmp_path)
    app = app_for(rt)
    template = "/clerk/filings/{filing_id:int}"
    row = ROWS[("GET", template)]
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as c:
            zh = await _get(c, template, row, "clerk", page_world, "zh_CN")
            en = await _get(c, template, row, "clerk", page_world, "en")
    finally:
        await close_pool(rt.engine)
    assert zh.status_code == en.status_code == 200
    assert "routing-reason" in zh.text or "routing-needs" in zh.text, "the world's submitted filing is routed"
    assert not [bad for part in visible_text(zh.text) if (bad := english_in_chinese(part))]
    assert "routing-reason" in en.text or "routing-needs" in en.text


def _chinese_labels() -> frozenset[str]:
    """The Chinese of every label and title the code translates: shown whole on an English page, one lacks English."""
    texts = [*MESSAGES.values(), *(t for table in LABELS.values() for t in table.values())]
    return frozenset(gettext("zh_CN", t) for t in texts if gettext("zh_CN", t) != gettext("en", t))


# --- problems -----------------------------------------------------------------------------------------------------


def _codes() -> set[str]:
    """Every problem code the API can return: each CourtError's, the framework statuses', the keyed messages'."""
    from court.web.problems import _STATUS_CODES

    codes = set(_STATUS_CODES.values()) | {"internal_error", "court_error"}
    pending: list[type] = [CourtError]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        codes.add(cls.code)  # type: ignore[attr-defined]
    return codes


def test_every_problem_code_has_a_title_in_both_languages() -> None:
    import court.app  # noqa: F401  (every feature's errors are defined once the app is importable)

    untitled = sorted(c for c in _codes() if c not in MESSAGES)
    assert not untitled, f"problem codes without a title in court.errors.MESSAGES: {untitled}"
    for code, text in MESSAGES.items():
        assert has_translation("zh_CN", text), f"{code}: {text!r} has no Chinese"
        shown = re.sub(r"%\(\w+\)[sd]", "", gettext("zh_CN", text))
        assert not english_in_chinese(shown), f"{code}: {shown!r}"
        assert not CJK.search(gettext("en", text)), code


def test_every_problem_detail_has_a_chinese_translation() -> None:
    missing = []
    english = []
    for found in found_in_code():
        if not has_translation("zh_CN", found.msgid):
            missing.append(f"{found.path}:{found.line} {found.msgid!r}")
            continue
        shown = re.sub(r"%\(\w+\)[sd]", "", gettext("zh_CN", found.msgid))
        bad = english_in_chinese(CODE_NAMES.sub("", shown))
        if bad:
            english.append(f"{found.path}:{found.line} {shown!r} → {bad}")
    assert not missing, (
        "untranslated (add with poadd.py; `python -m court.i18n.extract` lists them):\n" + "\n".join(missing)
    )
    assert not english, "English left in the Chinese text:\n" + "\n".join(english)


def test_a_problem_detail_is_rendered_in_the_readers_language() -> None:
    from court.errors import Conflict, NotFound

    missing = NotFound(msg("no party %(party_id)s", party_id=7), party_id=7)
    assert missing.detail == "no party 7"  # the English text stays the exception's own
    assert error_detail(missing, "zh_CN") == "未找到当事人 7"
    assert error_detail(missing, "en") == "no party 7"
    keyed = Conflict("raced", message_key="duplicate_request")
    assert "相同的请求" in error_detail(keyed, "zh_CN")
    shown = Conflict("technical words", shown=msg("The case is closed; no clerk can be assigned"))
    assert error_detail(shown, "zh_CN") == "案件已结案，不能指定书记员"
    assert isinstance(shown.params["shown"], Msg)


def test_plural_forms_follow_the_locale() -> None:
    from court.i18n import ngettext

    assert (
        ngettext("en", "%(num)d document received", "%(num)d documents received", 1) == "1 document received"
    )
    assert (
        ngettext("en", "%(num)d document received", "%(num)d documents received", 3) == "3 documents received"
    )
    assert (
        ngettext("zh_CN", "%(num)d document received", "%(num)d documents received", 3) == "已收到 3 份材料"
    )


def test_every_state_and_label_reads_in_both_languages() -> None:
    from court.machines import all_machines

    for machine in all_machines():
        assert label_msgid("object", machine.name), machine.name
        for state in machine.states:
            assert label_msgid(machine.name, state), f"{machine.name}: {state} has no label"
    for kind, table in LABELS.items():
        for value, text in table.items():
            assert has_translation("zh_CN", text), f"{kind}:{value} {text!r}"
            assert not english_in_chinese(gettext("zh_CN", text)), f"{kind}:{value}"
