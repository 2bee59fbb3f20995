"""The interface language: Norwegian bokmål when the locale asks for it, else English.

Messages are written in English in the code and looked up in the gettext
catalog `locale/nb/LC_MESSAGES/faq.mo` shipped in the package. The collection's
own text is never translated.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable, Mapping

DOMAIN = "faq"
LANGUAGES = ("nb", "en")
_NORWEGIAN = ("nb", "nn", "no")
# gettext's own order of the variables that name the language.
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def choose_language(environ: Mapping[str, str], override: str | None = None) -> str:
    """`nb` or `en`: the override, else the first locale variable that is set."""
    if override:
        return override
    for name in LOCALE_VARIABLES:
        value = environ.get(name, "")
        if not value:
            continue
        # LANGUAGE may be a priority list ("nb:en"); a locale looks like "nb_NO.UTF-8".
        first = value.split(":")[0].split(".")[0].split("_")[0].lower()
        if first in ("c", "posix"):
            return "en"
        return "nb" if first in _NORWEGIAN else "en"
    return "en"


def set_language(language: str) -> None:
    """Make `_` translate into `language` from here on."""
    global _translations, _language
    _language = language
    _translations = _catalog(language)


def _catalog(language: str) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    # A plain path, not importlib.resources: that import alone costs more than
    # the whole of `faq show` (docs/performance.md).
    localedir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "locale")
    try:
        return gettext.translation(DOMAIN, localedir, languages=[language])
    except OSError:
        return gettext.NullTranslations()


def language_of(tag: str) -> str:
    """The catalog for text in the language `tag` names: `nb` for Norwegian
    (nb, nn, no, in any case, with any region: "nb-NO", "NO_no"), else `en`.
    Nynorsk gets Bokmål, the nearer of the two; there is no Nynorsk catalog."""
    primary = tag.strip().lower().replace("_", "-").split("-")[0]
    return "nb" if primary in _NORWEGIAN else "en"


def translator(language: str) -> Callable[[str], str]:
    """`_` for `language`, whatever the interface's: for the words of a document
    (`faq export`), which follow its text, not its reader."""
    return _catalog(language).gettext


def current_language() -> str:
    return _language


def _(message: str) -> str:
    """`message` in the interface language."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark `message` for translation without translating it now: help texts,
    which Typer reads at import time, are translated when help is written."""
    return message
