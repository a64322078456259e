"""``gnlc add-language CODE``: declare a language once and create its catalogs.

Everything about the language is taken from data rather than typed in:

- its codes, its name in itself and in English, and its direction from the
  Unicode CLDR as Babel ships it (``babel.Locale``);
- its search stemmer from Snowball's list (``snowballstemmer.algorithms()``),
  where Sphinx also ships that stemmer for the browser (the index and a
  reader's query must be stemmed alike);
- its web fonts from its script (CLDR's likely script), among the fonts the
  project serves (``SCRIPT_FONTS``); a script without one uses readers' own fonts.

The entry is appended to ``docs/_data/languages.yaml``; the catalogs are created
from the current templates by the project's own update (``i18n.update``: msgmerge,
the team header, one catalog per page). Nothing else needs editing: the next
build publishes the language with its pages, menu entry, alternates, sitemap
entries, root-page negotiation, status column, search and 404 page.
"""

from __future__ import annotations

import json
import re

from . import languages as langs
from .paths import Project

# Scripts the site has a web font for (npm packages in package.json), as declared for a language.
SCRIPT_FONTS = {
    "Arab": {
        "package": "@fontsource/noto-naskh-arabic",
        "stylesheets": ["arabic-400.css", "arabic-700.css"],
        "preload": "noto-naskh-arabic-arabic-400-normal.woff2",
        "family": '"Noto Naskh Arabic", "Noto Sans Arabic", "Geeza Pro", "Segoe UI", Tahoma, sans-serif',
    },
    "Hans": {
        "package": "@fontsource/noto-sans-sc",
        "stylesheets": ["400.css"],
        "family": '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", '
                  '"WenQuanYi Micro Hei", "Noto Sans SC", system-ui, sans-serif',
    },
}


class AddLanguageError(Exception):
    pass


def snowball_stemmer(english_name: str) -> str | None:
    """Snowball's algorithm for a language, where Sphinx ships it for the browser too."""
    from importlib.resources import files

    import snowballstemmer

    name = english_name.lower()
    shipped = files("sphinx.search") / "minified-js" / f"{name}-stemmer.js"  # next to Sphinx's search module
    if name in snowballstemmer.algorithms() and shipped.is_file():
        return name
    return None


def declaration(code: str) -> dict:
    """The languages.yaml entry of ``code`` (``de``, ``fa``, ``pt_BR``, ``pt-BR``), from CLDR."""
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global

    try:
        locale = Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as err:
        raise AddLanguageError(f"{code!r} is not a language Unicode's CLDR knows ({err})") from None
    gettext = str(locale)
    own = locale.get_display_name(locale) or gettext
    english = Locale.parse(locale.language).english_name
    likely = get_global("likely_subtags")
    tag = likely.get(str(locale)) or likely.get(locale.language) or ""  # e.g. fa -> fa_Arab_IR
    script = locale.script or (tag.split("_")[1] if tag.count("_") >= 2 else "")
    entry = {
        "code": gettext,
        "url": gettext.lower().replace("_", "-"),
        "bcp47": gettext.replace("_", "-"),
        "name": own[:1].upper() + own[1:],  # CLDR writes "français": a menu item starts with a capital
        "english": locale.get_display_name("en"),
        "direction": "rtl" if locale.character_order == "right-to-left" else "ltr",
        "stemmer": snowball_stemmer(english),
    }
    if script in SCRIPT_FONTS:
        entry["fonts"] = SCRIPT_FONTS[script]
    return entry


def _scalar(value) -> str:
    if value is None:
        return "null"
    text = str(value)
    if re.fullmatch(r"[^\W\d][\w .()-]*", text) and text not in ("null", "true", "false"):
        return text
    return f"'{text}'" if "'" not in text else json.dumps(text, ensure_ascii=False)


def yaml_entry(entry: dict) -> str:
    lines = []
    for key, value in entry.items():
        prefix = "  - " if not lines else "    "
        if isinstance(value, dict):
            lines.append(f"{prefix}{key}:")
            for sub, item in value.items():
                shown = "[" + ", ".join(_scalar(v) for v in item) + "]" if isinstance(item, list) else _scalar(item)
                lines.append(f"      {sub}: {shown}")
        else:
            lines.append(f"{prefix}{key}: {_scalar(value)}")
    return "\n".join(lines) + "\n"


def add_language(project: Project, code: str, echo=print) -> langs.Language:
    """Declare ``code`` in the project's languages.yaml and create its catalogs; returns the language."""
    from . import i18n

    entry = declaration(code)
    declared = langs.load(project.root)
    for lang in declared.languages:
        if entry["code"] == lang.gettext or entry["url"] == lang.url or entry["bcp47"].lower() == lang.bcp47.lower():
            raise AddLanguageError(f"{lang.name} ({lang.gettext}) is declared already in {langs.DATA_FILE}")
    lang = langs._language(entry)
    folder = project.locale / lang.gettext
    if folder.exists() and any(folder.rglob("*.po")):
        raise AddLanguageError(f"{project.rel(folder)} holds catalogs already: declare the language by hand "
                               f"in {langs.DATA_FILE} to keep them, or move them away")
    path = project.root / langs.DATA_FILE
    text = path.read_text(encoding="utf-8")
    try:
        report = i18n.update(project, [lang])
        path.write_text(text.rstrip("\n") + "\n" + yaml_entry(entry), encoding="utf-8")
        langs.load(project.root)  # the file still reads, with the new language in it
    except BaseException:
        path.write_text(text, encoding="utf-8")
        for po in report.created if "report" in locals() else []:
            po.unlink(missing_ok=True)
        raise
    echo(f"declared {lang.english} ({lang.gettext}) in {langs.DATA_FILE}: URL /{lang.url}/, "
         f"<html lang=\"{lang.bcp47}\" dir=\"{lang.direction}\">, menu name {lang.name}, "
         f"search stemmer {lang.stemmer or 'none (Snowball has none that Sphinx ships)'}, "
         f"web fonts {lang.fonts.package if lang.fonts else 'none (readers’ own)'}")
    echo(f"created {len(report.created)} catalogs in {project.rel(project.locale / lang.gettext / 'LC_MESSAGES')}")
    echo("next: make site (the language is published at 0% translated, English passages marked as such)")
    return lang
