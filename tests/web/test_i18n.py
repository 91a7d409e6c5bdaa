"""The page catalogues: every template string is translated into Chinese, and the committed .mo files match the .po files."""

from __future__ import annotations

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from court.features import template_dirs, template_files
from court.web.templating import I18N_DIR, catalogue, gettext_for


def _template_msgids() -> set[str]:
    found = [
        message
        for directory in template_dirs()
        for message in extract_from_dir(
            str(directory),
            method_map=[("**.html", "jinja2")],
            options_map={"**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}},
        )
    ]
    ids: set[str] = set()
    for _filename, _lineno, message, _comments, _context in found:
        ids.update([message] if isinstance(message, str) else [m for m in message if m])
    return ids


def test_every_template_string_has_a_chinese_translation() -> None:
    ids = _template_msgids()
    assert len(ids) > 100
    zh = catalogue("zh_CN")
    missing = sorted(i for i in ids if not zh.get(i))
    assert not missing, f"untranslated in zh_CN (run the steps in court/web/i18n/babel.cfg): {missing}"


def test_english_catalogue_knows_every_template_string() -> None:
    with (I18N_DIR / "en" / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        po = read_po(fh, locale="en")
    known = set()
    for m in po:
        known.update([m.id] if isinstance(m.id, str) else list(m.id))
    assert not sorted(_template_msgids() - known)


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_compiled_mo_matches_po(locale: str) -> None:
    folder = I18N_DIR / locale / "LC_MESSAGES"
    with (folder / "messages.po").open("rb") as fh:
        po = read_po(fh, locale=locale)
    with (folder / "messages.mo").open("rb") as fh:
        mo = read_mo(fh)

    def as_pairs(cat: object) -> dict[object, object]:
        pairs = {}
        for m in cat:  # type: ignore[attr-defined]
            key = m.id if isinstance(m.id, str) else tuple(m.id)
            value = m.string if isinstance(m.string, str) else tuple(m.string)
            # msgfmt writes an untranslated plural as its msgids: an identity carries no translation.
            if m.id and any(value if isinstance(value, tuple) else [value]) and not m.fuzzy and value != key:
                pairs[key] = value
        return pairs

    assert as_pairs(mo) == as_pairs(po), (
        f"{folder}/messages.mo is stale: run pybabel compile -d court/web/i18n"
    )


@pytest.mark.parametrize(
    ("locale", "message", "expected"),
    [
        ("zh_CN", "Sign in", "登录"),
        ("en", "Sign in", "Sign in"),
        ("fr", "Sign in", "登录"),  # an unknown locale falls back to the default, Chinese
        ("zh_CN", "no such message", "no such message"),
    ],
)
def test_gettext_for(locale: str, message: str, expected: str) -> None:
    assert gettext_for(locale, message) == expected


def test_static_assets_are_all_local() -> None:
    templates = "".join(p.read_text(encoding="utf-8") for p in template_files())
    assert (
        "http://" not in templates.replace("http://www.w3.org/2000/svg", "") and "https://" not in templates
    )
