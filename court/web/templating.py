"""Jinja templates for the pages: Litestar's TemplateConfig, Babel catalogues (read from the .po files) and filters."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.messages.pofile import read_po
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context
from litestar import MediaType, Request
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Template
from litestar.template.config import TemplateConfig

from court.cases.fee_preview import fee_free
from court.i18n import DEFAULT_LOCALE, LOCALES, label, localize, translations
from court.reference.names import court_name
from court.web.csrf import csrf_token, pending_cookie
from court.web.locale import request_locale

WEB_DIR = Path(__file__).resolve().parent
# Each feature keeps its pages' templates beside them (court/<feature>/templates/<folder>/…, named by folder, e.g.
# "judge/case.html") and declares the folder (court.feature.Feature.templates); the composition root passes the
# folders in (court.features.template_dirs), since the pages that import this module sit below the features' list.
# The shared layout, macros and fragments are the web layer's own.
STATIC_DIR = WEB_DIR / "static"
I18N_DIR = WEB_DIR / "i18n"
# Times are stored in UTC and shown in the courts' own time (CONVENTIONS: "shown in Asia/Shanghai").
COURT_TZ = ZoneInfo("Asia/Shanghai")


@cache
def catalogue(locale: str) -> dict[str, str]:
    """msgid → msgstr of one locale, read from its .po file: the .po is the one source, so no stale .mo is ever used."""
    path = I18N_DIR / locale / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=locale)
    entries: dict[str, str] = {}
    for message in catalog:
        if not message.id or not message.string or message.fuzzy:
            continue
        if isinstance(message.id, (tuple, list)):
            # Plural entries: keyed by the singular and the plural msgid, each to its own (first/last) form.
            forms = list(message.string)
            entries[str(message.id[0])] = str(forms[0])
            entries[str(message.id[1])] = str(forms[-1])
        else:
            entries[str(message.id)] = str(message.string)
    return entries


def gettext_for(locale: str, message: str) -> str:
    return translations(locale if locale in LOCALES else DEFAULT_LOCALE).gettext(message)


@pass_context
def _gettext(ctx: Context, message: str) -> str:
    return gettext_for(str(ctx.get("locale") or DEFAULT_LOCALE), message)


@pass_context
def _ngettext(ctx: Context, singular: str, plural: str, n: int) -> str:
    # The locale's own plural rule (Chinese has one form, English two), from the gettext catalogue.
    return translations(str(ctx.get("locale") or DEFAULT_LOCALE)).ngettext(singular, plural, n)


@pass_context
def _label(ctx: Context, value: Any, kind: str) -> str:
    """`{{ case.status|label("case_status") }}`: a domain value in the page's language (court.i18n.labels)."""
    return label(kind, value, str(ctx.get("locale") or DEFAULT_LOCALE))


@pass_context
def _localize(ctx: Context, text: Any) -> str:
    """`{{ reason|t }}`: a message made by a service (a `Msg` or a msgid) in the page's language."""
    return localize(text, str(ctx.get("locale") or DEFAULT_LOCALE))


def money(value: Any) -> str:
    """Yuan with two decimals and thousands separators; money is Decimal end to end, never float."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return f"{amount.quantize(Decimal('0.01')):,}"


def localtime(value: Any, with_time: bool = True) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        shown = value.astimezone(COURT_TZ) if value.tzinfo else value
        return shown.strftime("%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def make_environment(template_dirs: Sequence[Path]) -> Environment:
    env = Environment(
        loader=FileSystemLoader([str(d) for d in template_dirs]),
        autoescape=select_autoescape(["html", "svg"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["money"] = money
    env.filters["localtime"] = localtime
    env.filters["label"] = _label
    env.filters["court_name"] = court_name
    env.filters["t"] = _localize
    env.globals["fee_free"] = fee_free
    from court.web.law_labels import article, citation

    env.filters["article"] = article  # legal citations in the page's language
    env.filters["citation"] = citation  # the jurisdiction engine's citation lists, every part kept
    return env


def template_config(template_dirs: Sequence[Path]) -> TemplateConfig[JinjaTemplateEngine]:
    return TemplateConfig(instance=JinjaTemplateEngine.from_environment(make_environment(template_dirs)))


def page(
    request: Request[Any, Any, Any], template: str, *, status_code: int = 200, **context: Any
) -> Template:
    """Render a page (or an HTMX fragment) with what every template needs: locale, user, CSRF token."""
    locale = request_locale(request)
    values = {
        "locale": locale,
        "user": request.scope.get("court_user"),
        "csrf_token": csrf_token(request),
        "path": request.url.path,
        **context,
    }
    cookie = pending_cookie(request)
    # Said outright: a page can also answer for a handler whose own media type is not HTML (a hook's refusal).
    return Template(
        template_name=template,
        context=values,
        status_code=status_code,
        media_type=MediaType.HTML,
        cookies=[cookie] if cookie else [],
    )


def static_files() -> Any:
    """The pages' scripts and styles under /static."""
    from litestar.datastructures import CacheControlHeader
    from litestar.static_files import create_static_files_router

    return create_static_files_router(
        path="/static",
        directories=[STATIC_DIR],
        include_in_schema=False,
        # An hour: a slow link should not fetch the script twice a session; a deploy changes names when needed.
        cache_control=CacheControlHeader(max_age=3600, public=True),
    )
