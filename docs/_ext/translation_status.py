"""The translation status page, computed at build time from the PO files.

``{translation-status}`` shows each language's progress as a bar and a
per-page table of completeness, from the same statistics as
``gnlc i18n-stats``. Numbers and language names are data, so they are not
sent to the catalogs; the page's own prose is translated as usual.

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

from gnlc import files
from gnlc import languages as langs
from gnlc.stats import collect


class translation_status(nodes.General, nodes.Element):
    """Placeholder replaced by the statistics when the page is written."""


class TranslationStatus(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.gnlc_status_docs = getattr(self.env, "gnlc_status_docs", set()) | {self.env.docname}
        return [translation_status()]


def render(locale_dir: Path) -> str:
    # Every build asks (to know whether the figures changed): answer from memory while no catalog did.
    stamp = files.stamp(locale_dir, ".po")
    if _RENDERED.get(locale_dir, (None,))[0] != stamp:
        _RENDERED[locale_dir] = (stamp, _render(locale_dir))
    return _RENDERED[locale_dir][1]


_RENDERED: dict[Path, tuple[tuple, str]] = {}


def _render(locale_dir: Path) -> str:
    stats = collect(locale_dir)
    parts = ['<div class="translation-status">']
    for s in stats:
        lang = langs.get(s.lang)
        pct = s.total.percent
        parts.append(
            f'<div class="status-language" lang="{lang.bcp47}" dir="{lang.direction}">'
            f'<span class="status-name">{escape(lang.name)}</span> '
            f'<progress max="100" value="{pct:.0f}" aria-label="{escape(lang.name)}">{pct:.0f}%</progress> '
            f'<span class="status-percent" dir="ltr">{pct:.0f}%</span></div>'
        )
    pages = sorted({p for s in stats for p in s.pages})
    head = "".join(f'<th scope="col" lang="{langs.get(s.lang).bcp47}">{escape(langs.get(s.lang).name)}</th>' for s in stats)
    rows = []
    for page in pages:
        cells = "".join(
            f'<td dir="ltr">{s.pages[page].percent:.0f}%</td>' if page in s.pages else "<td>–</td>" for s in stats
        )
        rows.append(f'<tr><th scope="row" dir="ltr"><code>{escape(page)}</code></th>{cells}</tr>')
    parts.append(
        '<div class="table-scroll" role="region" aria-labelledby="per-page" tabindex="0">'
        f'<table class="status-table"><thead><tr><td></td>{head}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table></div></div>'
    )
    return "".join(parts)


def _fill(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(translation_status)):
        html = render(Path(app.srcdir).parent / "locale")
        node.replace_self(nodes.raw("", html, format="html"))


def _rewrite_when_catalogs_change(app: Sphinx, env) -> list[str]:
    # The figures themselves, not the files' dates: a corrected msgstr changes no figure.
    stamp = hashlib.sha256(render(Path(app.srcdir).parent / "locale").encode()).hexdigest()
    if getattr(env, "gnlc_status_stamp", None) == stamp:
        return []
    env.gnlc_status_stamp = stamp
    return sorted(getattr(env, "gnlc_status_docs", set()) & set(env.found_docs))


def _purge(app: Sphinx, env, docname: str) -> None:
    getattr(env, "gnlc_status_docs", set()).discard(docname)


def _merge(app: Sphinx, env, docnames, other) -> None:
    env.gnlc_status_docs = getattr(env, "gnlc_status_docs", set()) | getattr(other, "gnlc_status_docs", set())


def setup(app: Sphinx) -> dict:
    app.add_node(translation_status)
    app.add_directive("translation-status", TranslationStatus)
    app.connect("doctree-resolved", _fill)
    app.connect("env-get-updated", _rewrite_when_catalogs_change)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
