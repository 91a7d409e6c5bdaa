"""The value labels of the pages (judge/, serving/, documents/, enforcement/_labels.html) come from LABELS: every
known value reads in Chinese and English, and a value no table knows never prints raw (issue 16)."""

from __future__ import annotations

import re

import pytest

from court.features import template_dirs, template_path
from court.i18n import gettext
from court.i18n.labels import LABEL_FALLBACKS, LABELS
from court.web.templating import make_environment
from tests.web.test_untranslated import english_in_chinese

FILES = ["judge/_labels.html", "serving/_labels.html", "documents/_labels.html", "enforcement/_labels.html"]
MACRO = re.compile(
    r'\{% macro (\w+)\((\w+)[^)]*\) -?%\}\s*(?:\{%-? if \w+ == .gave_up.*?\{% else %\})?\{\{-? (?:\w+\.)?\w+\|label\("(\w+)"\)'
)


def _macros() -> list[tuple[str, str, str]]:
    found = []
    for name in FILES:
        text = template_path(name).read_text(encoding="utf-8")
        # `agency` has its own fallback ("Other agency"): an institution not named reads as its kind.
        found += [(name, m.group(1), m.group(3)) for m in MACRO.finditer(text) if m.group(3) != "agency"]
    return found


def test_the_label_macros_are_found() -> None:
    assert len(_macros()) >= 30


@pytest.mark.parametrize(("template", "macro", "kind"), _macros(), ids=lambda v: str(v))
def test_a_label_macro_never_prints_a_raw_value(template: str, macro: str, kind: str) -> None:
    env = make_environment(template_dirs())
    arg = "{'code': v}" if macro == "zhongben_missing" else "v"
    page = env.from_string(f'{{% from "{template}" import {macro} with context %}}{{{{ {macro}({arg}) }}}}')
    assert kind in LABEL_FALLBACKS, kind
    for locale in ("zh_CN", "en"):
        for unknown in ("zz_unknown_value", "", None):
            shown = page.render(v=unknown, locale=locale).strip()
            assert shown and "zz_unknown" not in shown, (macro, unknown, shown)
            if locale == "zh_CN":
                assert not english_in_chinese(shown), (macro, shown)
        for value, msgid in LABELS[kind].items():
            shown = page.render(v=value, locale=locale).strip()
            assert shown == gettext(locale, msgid).replace("'", "&#39;").replace('"', "&#34;"), (
                macro,
                value,
                shown,
            )
            if locale == "zh_CN":
                assert not english_in_chinese(shown), (macro, value, shown)
