"""The network's growth, rendered from the facts file.

``{membership-table}`` writes one row per admission round or count in
``_data/facts.yaml`` (``membership``). The dates are written in the build's
language with CLDR data (``local_formats``), so they are kept out of the
translation catalogs; the other cells are MyST markup, translated like any
table cell ("38 cities from 23 countries", "more than 200").
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

import local_formats
from markup import parse_markup

NONE = "—"


def date_text(value: str, language: str) -> str:
    """"2016-08" is a month ("August 2016"), "2020-09-23" a day ("23 September 2020")."""
    return local_formats.date(value, language) if len(value) == 10 else local_formats.month(value, language)


def count(value, language: str) -> str:
    # "more than 200" is words: it stays English here and is translated in the catalogs.
    return local_formats.number(value, language) if isinstance(value, int) else str(value)


class MembershipTable(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(Path(self.env.srcdir) / "_data" / "facts.yaml"))
        language = self.config.language or "en"
        rounds = self.env.app.gnlc_facts["membership"]
        lines = ["| Date | New members | Total cities | Countries |", "|---|---|---|---|"]
        for entry in rounds:
            new = (f"{entry['new_cities']} cities from {entry['new_countries']} countries"
                   if "new_cities" in entry else NONE)
            total = count(entry["total_cities"], language) if "total_cities" in entry else NONE
            countries = count(entry["total_countries"], language) if "total_countries" in entry else NONE
            lines.append(f"| DATE | {new} | {total} | {countries} |")
        table = parse_markup(self, lines, nodes.container(classes=["membership-table"]))
        # MyST leaves table cells without a source when parsing nested markup; Sphinx
        # translates (and extracts) only text that has one.
        source, line = self.get_source_info()
        for paragraph in table.findall(nodes.paragraph):
            if not paragraph.source:
                paragraph.source, paragraph.line = source, line
        body = table.next_node(nodes.tbody)
        for entry, row in zip(rounds, body.children):
            # The placeholder cell becomes the date in the build's language, outside the catalogs.
            cell = row.children[0].next_node(nodes.paragraph)
            text = date_text(str(entry["date"]), language)
            cell.replace_self(nodes.paragraph(text, text, translatable=False))
        return table.children


def setup(app: Sphinx) -> dict:
    app.setup_extension("site_facts")
    app.add_directive("membership-table", MembershipTable)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
