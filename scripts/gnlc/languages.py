"""The portal's languages, read from their one declaration, ``docs/_data/languages.yaml``.

Three spellings of each language are in use and must not be mixed up:
``gettext`` names the locale folder (``zh_CN``), ``url`` is the URL segment
(``zh-cn``, lower case as docs.python.org does), ``bcp47`` goes into
``<html lang>`` and ``hreflang`` (``zh-CN``).

The file read is the one of the checkout being worked on (``GNLC_ROOT``, or the
folder a command runs in, as :meth:`Project.find` finds it), so that a test's
copy of the project with a language added builds that language.
``gnlc add-language`` appends to it (``add_language.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

DATA_FILE = Path("docs") / "_data" / "languages.yaml"
SOURCE = "en"


@dataclass(frozen=True)
class Fonts:
    package: str  # the npm package of Fontsource
    stylesheets: tuple[str, ...]  # its stylesheets of the weights the site uses
    preload: str = ""  # the body font's file, preloaded
    family: str = ""  # a CSS font stack for the language's pages (site.css has the first six's)


@dataclass(frozen=True)
class Language:
    gettext: str
    url: str
    bcp47: str
    name: str  # the language's own name, as readers look for it
    direction: str = "ltr"
    english: str = ""  # its name in English
    stemmer: str | None = None  # Snowball's algorithm, where it has one
    fonts: Fonts | None = field(default=None, compare=False)

    @property
    def is_source(self) -> bool:
        return self.gettext == SOURCE


@dataclass(frozen=True)
class Declaration:
    languages: tuple[Language, ...]
    menu_threshold: int = 0


def _language(item: dict) -> Language:
    fonts = item.get("fonts")
    return Language(
        gettext=str(item["code"]), url=str(item["url"]), bcp47=str(item["bcp47"]), name=str(item["name"]),
        direction=str(item.get("direction") or "ltr"), english=str(item.get("english") or item["name"]),
        stemmer=item.get("stemmer") or None,
        fonts=Fonts(fonts["package"], tuple(fonts["stylesheets"]), fonts.get("preload", ""),
                    fonts.get("family", "")) if fonts else None,
    )


def load(root: Path) -> Declaration:
    """The languages declared in the checkout at ``root``."""
    import yaml

    path = Path(root) / DATA_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    languages = tuple(_language(item) for item in data["languages"])
    problems = [f"{path}: {key} {value!r} is declared twice"
                for key in ("gettext", "url", "bcp47")
                for value in {getattr(l, key) for l in languages}
                if sum(getattr(l, key) == value for l in languages) > 1]
    if problems or languages[0].gettext != SOURCE or any(l.direction not in ("ltr", "rtl") for l in languages):
        raise ValueError("; ".join(problems) or f"{path}: the source ({SOURCE}) comes first; direction is ltr or rtl")
    return Declaration(languages, int(data.get("menu_threshold") or 0))


def _root() -> Path:
    from .paths import Project

    return Project.find().root


DECLARED = load(_root())
LANGUAGES: tuple[Language, ...] = DECLARED.languages
MENU_THRESHOLD = DECLARED.menu_threshold

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


def offered(locale_dir: Path, current: Language | None = None) -> tuple[Language, ...]:
    """The languages offered to readers: in the menus, alternates, sitemap and root page.

    The source, and each translation whose catalogs are at least ``menu_threshold``
    percent translated (the figure of ``gnlc i18n-stats``); ``current``, a page's own
    language, is always in its own menu.
    """
    if MENU_THRESHOLD <= 0:
        return LANGUAGES
    from .stats import collect

    percent = {s.lang: s.total.percent for s in collect(locale_dir)}
    return tuple(lang for lang in LANGUAGES
                 if lang.is_source or lang == current or percent.get(lang.gettext, 0) >= MENU_THRESHOLD)
