"""Refuse a translation that adds code, markup or an off-site link: catalogs are untrusted input.

Translations arrive from PO editors, translation platforms and pull requests
that are reviewed for language, not for code. Before Sphinx reads any page, this
extension reads every catalog of the language being built as ``gnlc
i18n-check`` does (GNU gettext's ``msgfmt`` names the line of each syntax
error, then polib reads the entries) and compares each translated message with its
English, parsed as MyST parses it. A msgstr may change words; it may not add a
substitution (a template expression), raw HTML, a directive or other block
markup, a role, an image, a target, an attribute, or a link to a host or scheme
its English does not link (``gnlc.i18n_check.markup.added_markup``). A theme
string (``sphinx.po``) may not add ``< > " ' &``.

Each refused message is reported as an error, ``path:line: check: message``,
which fails the language's (strict) build. Its catalog is not compiled: the
pages are made from the catalog as it was before, so nothing of it reaches
any page, even in the unpublished output of the failed build. Every way of
building runs this, ``sphinx-build`` included, since it is part of the
configuration.

Catalogs are compiled here only (with polib; ``gettext_auto_build`` is turned
off), so that the ``.mo`` files Sphinx reads are exactly what was checked. The
theme catalog is the exception: Sphinx compiles and loads it before any
extension is set up, so it is checked only (a refused theme string fails the
build all the same), and ``escaped_theme_strings`` escapes its strings in the
templates.

Every page depends on the theme catalog's ``.mo``: a corrected ``sphinx.po``
rewrites the pages that show its strings at the next ordinary build.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import polib
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.i18n import CatalogRepository
from sphinx.util.typing import ExtensionMetadata

from gnlc.i18n_check.markup import added_markup, added_template_markup, analyse
from gnlc.i18n_check.po import messages, read

logger = logging.getLogger(__name__)
THEME_DOMAIN = "sphinx"


def problems(entries: list[polib.POEntry], theme: bool, extensions: tuple[str, ...]) -> list[tuple[int, str, str]]:
    """``(line, check, message)`` for each message of a catalog that the build refuses."""
    found = []
    for entry in entries:
        if not entry.translated():
            continue  # fuzzy and empty messages are not compiled: they never reach a page
        for msgid, msgstr in messages(entry):
            if theme:
                message = added_template_markup(msgid, msgstr)
                found += [(entry.linenum, "theme-markup", message)] if message else []
            else:
                found += [(entry.linenum, check, message)
                          for check, message in added_markup(analyse(msgid, extensions), analyse(msgstr, extensions))]
    return found


def compile_mo(po: polib.POFile, mo_path: Path) -> None:
    """Write the translated, reviewed messages, as Sphinx would (polib leaves fuzzy ones out)."""
    partial = mo_path.with_name(f".{mo_path.name}.{os.getpid()}")
    po.save_as_mofile(str(partial))
    os.replace(partial, mo_path)  # a build reading the catalog meanwhile sees the old or the new one


def _rules() -> str:
    """The code of the rules: when it changes, catalogs found clean before are read again."""
    from gnlc.i18n_check import markup, po

    sha = hashlib.sha256()
    for module in (markup, po):
        sha.update(Path(module.__file__).read_bytes())
    sha.update(Path(__file__).read_bytes())
    return sha.hexdigest()


def _check_catalogs(app: Sphinx, env, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """Check the catalogs, compile those that changed; the pages to read again because of them."""
    if app.builder.name == "gettext":
        return []  # extracts the English; reads no catalog
    repo = CatalogRepository(app.srcdir, app.config.locale_dirs, app.config.language, app.config.source_encoding)
    extensions = tuple(sorted(app.config.myst_enable_extensions))
    root = Path(app.srcdir).parent
    # Catalogs found clean by an earlier build, by content: only changed ones are read again.
    memo_path = Path(app.doctreedir) / "gnlc-checked-catalogs.json"
    key = f"{_rules()}:{','.join(extensions)}"
    try:
        memo = json.loads(memo_path.read_text(encoding="utf-8"))
        clean = memo["catalogs"] if memo.get("key") == key else {}
    except (OSError, ValueError, KeyError):
        clean = {}
    now_clean, compiled = {}, []
    for catalog in sorted(repo.catalogs, key=lambda c: c.domain):
        po_path = Path(catalog.po_path)
        data = po_path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if clean.get(catalog.domain) == digest and not catalog.is_outdated():
            now_clean[catalog.domain] = digest
            continue
        checked = read(po_path)
        found = [(line, "po-syntax", message) for line, message in checked.errors]
        found += problems(checked.entries, catalog.domain == THEME_DOMAIN, extensions)
        where = os.path.relpath(po_path, root)
        for line, check, message in sorted(found):
            logger.error("%s: %s", check, message, location=f"{where}:{line}")
        if found:
            continue  # its compiled catalog stays as it was: nothing of it reaches a page
        now_clean[catalog.domain] = digest
        if catalog.domain != THEME_DOMAIN and catalog.is_outdated():
            compile_mo(checked.po, Path(catalog.mo_path))
            compiled.append(catalog.domain)
    memo_path.parent.mkdir(parents=True, exist_ok=True)
    memo_path.write_text(json.dumps({"key": key, "catalogs": now_clean}), encoding="utf-8")
    if app.config.gettext_compact:
        return list(env.found_docs) if compiled else []  # catalogs shared by pages: read them all
    return [domain for domain in compiled if domain in env.found_docs]


def _compile_nothing_unchecked(app: Sphinx, config) -> None:
    # This extension compiles the catalogs it checked; Sphinx would compile every newer .po.
    config.gettext_auto_build = False


def _depend_on_theme_catalog(app: Sphinx, docname: str, source: list[str]) -> None:
    for locale_dir in app.config.locale_dirs:
        mo = Path(app.srcdir, locale_dir, app.config.language, "LC_MESSAGES", f"{THEME_DOMAIN}.mo")
        if mo.is_file():
            app.env.note_dependency(str(mo))


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("config-inited", _compile_nothing_unchecked)
    # Before reading, on every build (an application kept between builds checks again).
    app.connect("env-get-outdated", _check_catalogs)
    app.connect("source-read", _depend_on_theme_catalog)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
