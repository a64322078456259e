"""The glossary page: the network's terms in each language, from one data file.

``{glossary-table}`` renders ``_data/glossary.yaml`` as a table whose cells
carry their own ``lang`` and ``dir``, so screen readers pronounce each term in
its language. Terms marked ``source: portal`` get an asterisk: their
translations are the portal's own choice. The terms are the translations, so
the table is not sent to the translation catalogs; the translation check reads
the same file. A declared language gets its column once the glossary gives its
terms (a language just added has none yet).
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import ExtensionMetadata

from gnlc import yaml_data
from gnlc.languages import LANGUAGES


def load_glossary(srcdir: str | Path) -> list[dict]:
    return yaml_data.load_file(Path(srcdir) / "_data" / "glossary.yaml", srcdir)


class GlossaryTable(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        path = Path(self.env.srcdir) / "_data" / "glossary.yaml"
        self.env.note_dependency(str(path))
        terms = load_glossary(self.env.srcdir)
        languages = [l for l in LANGUAGES if any(term.get(l.gettext) for term in terms)]
        head = "".join(
            f'<th scope="col" lang="{l.bcp47}" dir="{l.direction}">{escape(l.name)}</th>' for l in languages
        )
        rows = []
        for term in terms:
            # A term no source gives in the other languages carries a mark that the
            # page's text explains (translated with the page).
            mark = '<span class="term-mark"> *</span>' if term.get("source") == "portal" else ""
            cells = "".join(
                (f'<th scope="row" lang="{l.bcp47}" dir="{l.direction}">' if l.gettext == "en"
                 else f'<td lang="{l.bcp47}" dir="{l.direction}">') + escape(term.get(l.gettext) or "")
                + (mark + "</th>" if l.gettext == "en" else "</td>")
                for l in languages
            )
            rows.append(f'<tr id="term-{escape(term["id"])}">{cells}</tr>')
        # Labelled by the page's heading, which is translated with the page.
        table = (f'<div class="table-scroll" role="region" aria-labelledby="glossary" tabindex="0">'
                 f'<table class="glossary-table"><thead><tr>{head}</tr></thead>'
                 f'<tbody>{"".join(rows)}</tbody></table></div>')
        return [nodes.raw("", table, format="html")]


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_directive("glossary-table", GlossaryTable)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
