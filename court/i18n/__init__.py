"""The one translation system: Babel/gettext catalogues under court/web/i18n, with plural forms.

Source text is English and is the msgid; the catalogues give Simplified Chinese (the default locale) and English.
- Pages: `{{ _("…") }}` / `{{ ngettext("…", "…", n) }}` in templates (court/web/templating.py).
- Python: `gettext(locale, "Text %(x)s", x=1)`, `ngettext(locale, "%(num)d day", "%(num)d days", n)`.
- A message made now and shown later in the reader's language (an error's detail, a reason, a timeline line):
  `msg("no party %(party_id)s", party_id=7)` — a `str` holding the English rendering, translated by `localize()`.
- Problem titles and keyed messages: `message(code, **params)` (code → English msgid in `court.errors.MESSAGES`).
- Domain labels (statuses, stages, kinds, agencies): `label(kind, value, locale)` (see `court.i18n.labels`).
Add a msgid to the catalogues with `python /work/notes/poadd.py 'msgid|中文|English'` (counted messages: `scripts/poadd_plural.py 'singular|plural|中文'`).
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

DEFAULT_LOCALE = "zh_CN"
LOCALES = ("zh_CN", "en")
CATALOGUE_DIR = Path(__file__).resolve().parent.parent / "web" / "i18n"


def negotiate_locale(
    accept_language: str | None, preferred: str | None = None, default: str = DEFAULT_LOCALE
) -> str:
    """A `?lang=`/user preference wins; then the Accept-Language header in its q order; then the default."""
    if preferred in LOCALES:
        return preferred
    if accept_language:
        ranked: list[tuple[float, str]] = []
        for part in accept_language.split(","):
            bits = part.strip().split(";")
            tag = bits[0].strip().lower()
            q = 1.0
            for b in bits[1:]:
                if b.strip().startswith("q="):
                    try:
                        q = float(b.strip()[2:])
                    except ValueError:
                        q = 0.0
            ranked.append((q, tag))
        for _, tag in sorted(ranked, key=lambda t: -t[0]):
            if tag.startswith("zh"):
                return "zh_CN"
            if tag.startswith("en"):
                return "en"
    return default


@cache
def translations(locale: str) -> Translations:
    """The gettext catalogue of one locale, compiled from its .po file (the .po is the source; no stale .mo is used)."""
    if locale not in LOCALES:
        locale = DEFAULT_LOCALE
    path = CATALOGUE_DIR / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain="messages")


def _format(text: str, params: dict[str, Any]) -> str:
    if not params or "%" not in text:
        return text
    try:
        return text % params
    except (KeyError, TypeError, ValueError):
        return text


def has_translation(locale: str, msgid: str) -> bool:
    return msgid in translations(locale)._catalog


def gettext(locale: str, msgid: str, **params: Any) -> str:
    """The message in `locale` with its named placeholders filled; the msgid itself when no catalogue has it."""
    return _format(translations(locale).gettext(msgid), params)


def ngettext(locale: str, singular: str, plural: str, n: int, **params: Any) -> str:
    """A counted message: the locale's plural rule picks the form; `%(num)d` is `n` unless given."""
    params.setdefault("num", n)
    return _format(translations(locale).ngettext(singular, plural, n), params)


class Msg(str):
    """A translatable message made now, shown later in the reader's language. As a `str` it is the English text."""

    msgid: str
    params: dict[str, Any]
    plural: str | None
    n: int | None

    note: str

    def __new__(
        cls,
        msgid: str,
        params: dict[str, Any] | None = None,
        plural: str | None = None,
        n: int | None = None,
        note: str = "",
    ) -> Msg:
        """`note`: a technical English aside (a parser's error) kept in the English text and logs, never shown
        translated."""
        params = dict(params or {})
        english_params = {
            k: _localized_value(v, "en") if isinstance(v, (list, tuple)) else v for k, v in params.items()
        }
        if plural is not None and n is not None:
            params.setdefault("num", n)
            english_params.setdefault("num", n)
            english = _format(msgid if n == 1 else plural, english_params)
        else:
            english = _format(msgid, english_params)
        self = super().__new__(cls, f"{english} ({note})" if note else english)
        self.msgid, self.params, self.plural, self.n, self.note = msgid, params, plural, n, note
        return self

    def render(self, locale: str) -> str:
        params = {k: _localized_value(v, locale) for k, v in self.params.items()}
        if self.plural is not None and self.n is not None:
            return ngettext(locale, self.msgid, self.plural, self.n, **params)
        return gettext(locale, self.msgid, **params)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Msg, (self.msgid, self.params, self.plural, self.n, self.note))


def _localized_value(value: Any, locale: str) -> Any:
    """A placeholder's value in `locale`: a `Msg` translated, a list of them joined as the language lists things."""
    if isinstance(value, Msg):
        return value.render(locale)
    if isinstance(value, (list, tuple)):
        return ("、" if locale.startswith("zh") else ", ").join(
            str(_localized_value(v, locale)) for v in value
        )
    return value


def msg(msgid: str, **params: Any) -> Msg:
    """A message with named placeholders (`"no party %(party_id)s"`), translated when shown."""
    return Msg(msgid, params)


def nmsg(singular: str, plural: str, n: int, **params: Any) -> Msg:
    return Msg(singular, params, plural, n)


def msg_data(text: Any) -> Any:
    """A message as JSON-shaped data, to store and translate when shown (`msg_from_data`, `localize`):
    `{"msgid", "params"}` (with `plural`, `n`, `note` when set); a plain string stays itself."""
    if not isinstance(text, Msg):
        return text
    data: dict[str, Any] = {
        "msgid": text.msgid,
        "params": {k: _data_value(v) for k, v in text.params.items()},
    }
    if text.plural is not None:
        data["plural"], data["n"] = text.plural, text.n
    if text.note:
        data["note"] = text.note
    return data


def _data_value(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_data_value(v) for v in value]
    if isinstance(value, Msg):
        return msg_data(value)
    return value if value is None or isinstance(value, (int, float, bool)) else str(value)


def msg_from_data(data: Any) -> Any:
    """The `Msg` that `msg_data` stored (a plain string stays itself)."""
    if not (isinstance(data, dict) and isinstance(data.get("msgid"), str)):
        return data
    params = {k: _from_data_value(v) for k, v in (data.get("params") or {}).items()}
    return Msg(data["msgid"], params, data.get("plural"), data.get("n"), str(data.get("note") or ""))


def _from_data_value(value: Any) -> Any:
    if isinstance(value, list):
        return [_from_data_value(v) for v in value]
    return msg_from_data(value)


def localize(text: Any, locale: str) -> str:
    """Any message in `locale`: a `Msg` is rendered; stored message data (`msg_data`) too; a plain string is looked
    up as a msgid (itself if unknown)."""
    if text is None:
        return ""
    if isinstance(text, dict):
        text = msg_from_data(text)
    if isinstance(text, Msg):
        return text.render(locale)
    return gettext(locale, str(text)) if text else ""


def message(code: str, **params: Any) -> Msg:
    """The keyed message of a problem code (`message("duplicate_request")`): its English msgid from
    `court.errors.MESSAGES`, translated when shown. An unknown code stays the code (the zh test catches it)."""
    from court.errors import MESSAGES

    return Msg(MESSAGES.get(code, code), params)


def translate(key: str, locale: str, **params: object) -> str:
    """Compatibility: the keyed message of `key` in `locale` (what `i18n.messages.MESSAGES[key][locale]` was)."""
    return message(key, **params).render(locale)


def label(kind: str, value: Any, locale: str) -> str:
    """A domain value (a status, stage, kind, agency…) as a reader sees it; see `court.i18n.labels`. A value its
    kind does not know reads as the kind's `LABEL_FALLBACKS` entry ("Other"), never raw, where the kind has one."""
    from court.i18n.labels import LABEL_FALLBACKS, label_msgid

    msgid = label_msgid(kind, value) or LABEL_FALLBACKS.get(kind)
    return gettext(locale, msgid) if msgid else str(value or "")


def label_msg(kind: str, value: Any) -> Any:
    """The label as a `Msg`, for a message made now and shown later (`msg("… %(state)s", state=label_msg(…))`).
    Here rather than in court.i18n.labels, which then needs nothing of this module."""
    from court.i18n.labels import label_msgid

    msgid = label_msgid(kind, value)
    return Msg(msgid) if msgid else str(getattr(value, "value", value) or "")


def error_detail(exc: Any, locale: str) -> str:
    """A `CourtError`'s detail in `locale`: what it says it `shown=` to a reader (a `Msg`, when the detail is the
    technical English), else its keyed message (`message_key=`), else its detail's msgid or `Msg`.

    `messages={"zh_CN": …, "en": …}` is still read so older call sites keep working; new code uses `msg()`.
    """
    params = dict(getattr(exc, "params", {}) or {})
    shown = params.get("shown")
    if shown:
        return localize(shown, locale)
    key = params.get("message_key")
    if isinstance(key, str) and key:
        return message(key, **params).render(locale)
    localized = params.get("messages")
    if isinstance(localized, dict):
        return str(localized.get(locale) or localized.get(DEFAULT_LOCALE) or exc.detail)
    detail = getattr(exc, "detail", "")
    return localize(detail, locale) if detail else message(getattr(exc, "code", "court_error")).render(locale)


def msgid_of(text: Any) -> str:
    return text.msgid if isinstance(text, Msg) else str(text or "")
