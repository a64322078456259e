"""The glossary page: the network's terms in the six languages, from one data file.

``{glossary-table}`` renders ``_data/glossary.yaml`` as a table whose cells
carry their own ``lang`` and ``dir``, so screen readers pronounce each term in
its language. The terms are the translations, so the table is not sent to the
translation catalogs; the translation check reads the same file.
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
    return yaml_data.load((Path(srcdir) / "_data" / "glossary.yaml").read_text(encoding="utf-8"))


class GlossaryTable(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        path = Path(self.env.srcdir) / "_data" / "glossary.yaml"
        self.env.note_dependency(str(path))
        head = "".join(
            f'<th scope="col" lang="{l.bcp47}" dir="{l.direction}">{escape(l.name)}</th>' for l in LANGUAGES
        )
        rows = []
        for term in load_glossary(self.env.srcdir):
            cells = "".join(
                (f'<th scope="row" lang="{l.bcp47}" dir="{l.direction}">' if l.gettext == "en"
                 else f'<td lang="{l.bcp47}" dir="{l.direction}">') + escape(term[l.gettext])
                + ("</th>" if l.gettext == "en" else "</td>")
                for l in LANGUAGES
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
