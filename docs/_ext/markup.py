"""Shared helper for directives that write MyST markup and parse it in place.

Generating MyST text (rather than docutils nodes) keeps generated labels on
the normal translation path: gettext extracts them like any paragraph, and a
translated label keeps its link because the link is part of the markup.
"""

from __future__ import annotations

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective


def parse_markup(directive: SphinxDirective, lines: list[str], container: nodes.Element) -> nodes.Element:
    source, line = directive.get_source_info()
    directive.state.nested_parse(StringList(lines, source=source), directive.content_offset, container)
    return container
