"""The interface language (kk, ru, en) and locale-aware formatting.

The language of a request is, in order: the ``ui`` argument (the language switcher
sets it, and a cookie remembers it), the cookie, the browser's Accept-Language,
then Kazakh. Every user-visible string goes through Flask-Babel's catalogs in
``web/translations``; dates and numbers are formatted by Babel for the locale.
"""

from __future__ import annotations

from datetime import date

from babel import Locale
from babel.dates import format_skeleton
from flask import Flask, Response, request
from flask_babel import Babel, format_date, format_decimal, get_locale
from flask_babel import gettext as _

UI_LANGS = ("kk", "ru", "en")
DEFAULT_UI = "kk"
UI_COOKIE = "muragat_ui"
UI_ARG = "ui"

# The names of the interface languages in themselves (for the switcher).
UI_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}


def select_locale() -> str:
    """Flask-Babel's locale selector."""
    for value in (request.args.get(UI_ARG), request.cookies.get(UI_COOKIE)):
        if value in UI_LANGS:
            return value
    return request.accept_languages.best_match(UI_LANGS) or DEFAULT_UI


def remember_ui(response: Response) -> Response:
    """Store an explicit ``ui`` choice in a cookie; mark responses as varying by language."""
    chosen = request.args.get(UI_ARG)
    if chosen in UI_LANGS and request.cookies.get(UI_COOKIE) != chosen:
        response.set_cookie(
            UI_COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax", httponly=True
        )
    response.vary.add("Accept-Language")
    response.vary.add("Cookie")
    return response


def language_name(code: str | None) -> str:
    """The name of a document language in the interface language (``kk`` -> "Kazakh")."""
    if not code or code == "other":
        return _("other")
    name = Locale.parse(str(get_locale())).languages.get(code)
    return name[:1].upper() + name[1:] if name else code


def number(value: float | int | None) -> str:
    """A number formatted for the locale (``12345`` -> "12 345" in kk/ru)."""
    return format_decimal(value or 0)


def human_date(value: str | None) -> str:
    """An ISO date (yyyy-mm-dd, yyyy-mm or yyyy) formatted for the locale."""
    if not value:
        return ""
    parts = value.split("-")
    try:
        if len(parts) >= 3:
            return format_date(date(int(parts[0]), int(parts[1]), int(parts[2][:2])), "long")
        if len(parts) == 2:
            day = date(int(parts[0]), int(parts[1]), 1)
            return format_skeleton("yMMMM", day, locale=str(get_locale()))
        return str(int(parts[0]))
    except (ValueError, TypeError):
        return value


def error_message(response: object) -> str:
    """The engine's error in the interface language, chosen by its stable ``error_code``."""
    messages = {
        "empty_query": _("Type a word to search for, or choose a filter."),
        "empty_after_repair": _("Nothing was left to search for after correcting the query."),
        "syntax": _("The query has no words to search for, only operators or punctuation."),
        "query_too_long": _("The query was too long and has been shortened."),
        "too_expensive": _("The query is too broad (too many word endings with *). Make it narrower."),
        "no_index": _("The archive has not been indexed yet."),
        "internal": _("Something went wrong. Please try again."),
        "index_damaged": _("The archive index cannot be read at the moment. Please try again later."),
    }
    code = getattr(response, "error_code", None)
    return messages.get(code or "", "") or str(getattr(response, "error", "") or "")


def init_i18n(app: Flask) -> None:
    """Attach Flask-Babel and the formatting filters to ``app``."""
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_UI)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", "translations")
    Babel(app, locale_selector=select_locale)
    app.after_request(remember_ui)
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["human_date"] = human_date
    app.jinja_env.filters["language_name"] = language_name
    app.jinja_env.filters["error_message"] = error_message
    app.jinja_env.globals.update(
        UI_LANGS=UI_LANGS, UI_NAMES=UI_NAMES, get_locale=get_locale, format_decimal=format_decimal
    )
