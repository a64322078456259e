"""The portal's six languages, declared once.

Three spellings of each language are in use and must not be mixed up:
``gettext`` names the locale folder (``zh_CN``), ``url`` is the URL segment
(``zh-cn``, lower case as docs.python.org does), ``bcp47`` goes into
``<html lang>`` and ``hreflang`` (``zh-CN``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    gettext: str
    url: str
    bcp47: str
    name: str  # the language's own name, as readers look for it
    direction: str = "ltr"

    @property
    def is_source(self) -> bool:
        return self.gettext == SOURCE


SOURCE = "en"

LANGUAGES: tuple[Language, ...] = (
    Language("en", "en", "en", "English"),
    Language("fr", "fr", "fr", "Français"),
    Language("es", "es", "es", "Español"),
    Language("ru", "ru", "ru", "Русский"),
    Language("zh_CN", "zh-cn", "zh-CN", "中文"),
    Language("ar", "ar", "ar", "العربية", "rtl"),
)

BY_GETTEXT = {lang.gettext: lang for lang in LANGUAGES}
BY_URL = {lang.url: lang for lang in LANGUAGES}
TRANSLATIONS = tuple(lang for lang in LANGUAGES if not lang.is_source)


def get(code: str) -> Language:
    """Find a language by any of its spellings (``zh_CN``, ``zh-cn``, ``zh-CN``)."""
    key = code.replace("-", "_").lower()
    for lang in LANGUAGES:
        if key in (lang.gettext.lower(), lang.url.replace("-", "_")):
            return lang
    known = ", ".join(lang.gettext for lang in LANGUAGES)
    raise KeyError(f"unknown language {code!r} (known: {known})")
