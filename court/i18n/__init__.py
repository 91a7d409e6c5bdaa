"""Messages in the user's language: Simplified Chinese by default, English as the second locale."""

from __future__ import annotations

from court.i18n.messages import MESSAGES

DEFAULT_LOCALE = "zh_CN"
LOCALES = ("zh_CN", "en")


def negotiate_locale(accept_language: str | None, preferred: str | None = None, default: str = DEFAULT_LOCALE) -> str:
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


def translate(key: str, locale: str, **params: object) -> str:
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    text = entry.get(locale) or entry[DEFAULT_LOCALE]
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text
