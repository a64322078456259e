"""Mark a phrase left in another language, such as a campaign's English name.

MyST drops a ``lang`` attribute on a span, so pages write the language as a
class: ``[Your Place is Here]{.lang-en}``. The span then gets ``lang`` and
``dir`` in the HTML, so screen readers switch voice and right-to-left pages
keep the phrase in order. The markup is in the English source, so every
translation carries the same span.
"""

from __future__ import annotations

import re

from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

from gnlc.languages import LANGUAGES

DIRECTION = {language.bcp47.lower(): language.direction for language in LANGUAGES}
SPAN = re.compile(r'<span class="(?P<classes>[^"]*\blang-(?P<lang>[a-zA-Z-]+)\b[^"]*)">')


def _mark(match: re.Match) -> str:
    lang = match["lang"]
    direction = DIRECTION.get(lang.lower(), "ltr")
    return f'<span class="{match["classes"]}" lang="{lang}" dir="{direction}">'


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    body = context.get("body")
    if body and "lang-" in body:
        context["body"] = SPAN.sub(_mark, body)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("html-page-context", _page_context)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
