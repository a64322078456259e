"""The translation status page, computed at build time from the PO files.

``{translation-status} languages`` shows each language's progress as a bar,
``{translation-status} pages`` a per-page table of completeness, from the same
statistics as ``gnlc i18n-stats`` and the pages' banners (entries, rounded
down). Numbers and language names are data, so they are not sent to the
catalogs; the page's own prose, and the name given to the theme's catalog
(the site's interface), are translated as usual.

The numbers are filled in when the page is written, not when it is read: a
change in the figures then re-writes the status page without re-reading it,
and a one-msgstr rebuild still re-reads only the page that msgstr belongs to.
"""

from __future__ import annotations

import hashlib
from html import escape
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import ExtensionMetadata

from gnlc import files
from gnlc import languages as langs
from gnlc.stats import collect


class translation_status(nodes.General, nodes.Element):
    """Placeholder replaced by the statistics when the page is written (``part``: what to show)."""


INTERFACE = "sphinx"  # the theme's catalog: the site's own words (menus, buttons, notices)
PARTS = ("languages", "pages")


class TranslationStatus(SphinxDirective):
    """``{translation-status} languages`` (a bar per language) or ``pages`` (the table).

    The content of ``pages`` is the name of the theme's catalog in the table,
    written as a paragraph so that it is translated with the page.
    """

    has_content = True
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        part = self.arguments[0]
        if part not in PARTS:
            raise self.error(f"translation-status: {part!r}: expected one of {', '.join(PARTS)}")
        self.env.gnlc_status_docs = getattr(self.env, "gnlc_status_docs", set()) | {self.env.docname}
        node = translation_status(part=part)
        if self.content:
            node += self.parse_content_to_nodes()
        return [node]


def render(locale_dir: Path, part: str = "languages", interface: str = INTERFACE) -> str:
    # Every build asks (to know whether the figures changed): answer from memory while no catalog did.
    stamp = files.stamp(locale_dir, ".po")
    if _RENDERED.get(locale_dir, (None,))[0] != stamp:
        _RENDERED[locale_dir] = (stamp, collect(locale_dir))
    return _render(_RENDERED[locale_dir][1], part, interface)


_RENDERED: dict[Path, tuple[tuple, list]] = {}


def _render(stats: list, part: str, interface: str) -> str:
    if part == "languages":
        # Each row is laid out and aligned in the page's direction, like the others; only
        # the language's own name, isolated, carries its language and direction.
        rows = []
        for s in stats:
            lang = langs.get(s.lang)
            pct = s.total.percent
            rows.append(
                f'<div class="status-language">'
                f'<span class="status-name"><bdi lang="{lang.bcp47}" dir="{lang.direction}">{escape(lang.name)}</bdi></span> '
                f'<progress max="100" value="{pct}" aria-label="{escape(lang.name)}">{pct}%</progress> '
                f'<span class="status-percent" dir="ltr">{pct}%</span></div>'
            )
        return f'<div class="translation-status">{"".join(rows)}</div>'
    # The interface first, then the pages in the order of their paths.
    pages = sorted({p for s in stats for p in s.pages}, key=lambda p: (p != INTERFACE, p))
    head = "".join(f'<th scope="col" lang="{langs.get(s.lang).bcp47}">{escape(langs.get(s.lang).name)}</th>' for s in stats)
    rows = []
    for page in pages:
        cells = "".join(
            f'<td dir="ltr">{s.pages[page].percent}%</td>' if page in s.pages else "<td>–</td>" for s in stats
        )
        name = escape(interface) if page == INTERFACE else f'<code dir="ltr">{escape(page)}</code>'
        rows.append(f'<tr><th scope="row">{name}</th>{cells}</tr>')
    return ('<div class="table-scroll" role="region" aria-labelledby="per-page" tabindex="0">'
            f'<table class="status-table"><thead><tr><td></td>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


def _fill(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(translation_status)):
        if app.builder.format != "html":
            node.replace_self(node.children)  # the gettext builder still finds the interface's name
            continue
        label = node.astext().strip() or INTERFACE  # translated by now, like the rest of the page
        html = render(Path(app.srcdir).parent / "locale", node["part"], label)
        node.replace_self(nodes.raw("", html, format="html"))


def _rewrite_when_catalogs_change(app: Sphinx, env) -> list[str]:
    # The figures themselves, not the files' dates: a corrected msgstr changes no figure.
    locale = Path(app.srcdir).parent / "locale"
    stamp = hashlib.sha256("".join(render(locale, part) for part in PARTS).encode()).hexdigest()
    if getattr(env, "gnlc_status_stamp", None) == stamp:
        return []
    env.gnlc_status_stamp = stamp
    return sorted(getattr(env, "gnlc_status_docs", set()) & set(env.found_docs))


def _purge(app: Sphinx, env, docname: str) -> None:
    getattr(env, "gnlc_status_docs", set()).discard(docname)


def _merge(app: Sphinx, env, docnames, other) -> None:
    env.gnlc_status_docs = getattr(env, "gnlc_status_docs", set()) | getattr(other, "gnlc_status_docs", set())


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_node(translation_status)
    app.add_directive("translation-status", TranslationStatus)
    app.connect("doctree-resolved", _fill)
    app.connect("env-get-updated", _rewrite_when_catalogs_change)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
