"""The International Conferences on Learning Cities, rendered from the facts file.

``{conference-timeline}`` writes one entry per conference in
``_data/facts.yaml`` (host, dates, theme, outcome documents), so the story and
the joining guide show the same timeline and it is corrected in one place.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import ExtensionMetadata

from markup import parse_markup

ORDINALS = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth")


class ConferenceTimeline(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(Path(self.env.srcdir) / "_data" / "facts.yaml"))
        lines: list[str] = []
        for conf in self.env.app.gnlc_facts["conferences"]:
            place = f"{conf['city']}, {conf['country']}"
            title = f"{ORDINALS[conf['number'] - 1]} International Conference on Learning Cities"
            if conf.get("format") == "hybrid":
                title += " (hybrid)"
            # The dates are a substitution: site_facts writes them in the build's language.
            dates = "{{ conference_%d_dates }}" % conf["number"]
            lines += [f"{conf['year']}", f": **{title}**, {place}, {dates}", ""]
            lines += [f"  Theme: “{conf['theme']}”", ""]
            if conf["outcomes"]:
                docs = "; ".join(f"*{name}*" for name in conf["outcomes"])
                lines += [f"  Outcome: {docs}", ""]
            else:
                lines += [
                    "  Outcome: the sources consulted do not name an outcome document; "
                    "a new operational strategy for the network was planned for adoption.",
                    "",
                ]
        return [parse_markup(self, lines, nodes.container(classes=["timeline"]))]


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("site_facts")
    app.add_directive("conference-timeline", ConferenceTimeline)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
