"""Small corrections to Sphinx's HTML that validators and accessibility checkers rightly flag.

* Toctree captions are written as ``<p class="caption" role="heading">``
  without the ``aria-level`` the heading role requires; they sit under the
  page title, so they are level 2.
* A translated ``<meta name="description">`` carries Sphinx's internal
  ``translated`` attribute, which is not HTML.
* docutils' HTML writer adds its own ``<meta name="viewport">`` to the
  metatags, after the one of Sphinx's layout: a page has one.
"""

from __future__ import annotations

import re

from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

CAPTION = '<p class="caption" role="heading">'
META_TRANSLATED = re.compile(r'(<meta\b[^>]*?)\s+translated="[^"]*"')
VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>\n?')


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    body = context.get("body")
    if body and CAPTION in body:
        context["body"] = body.replace(CAPTION, '<p class="caption" role="heading" aria-level="2">')
    metatags = context.get("metatags")
    if metatags and ("translated=" in metatags or 'name="viewport"' in metatags):
        context["metatags"] = Markup(VIEWPORT.sub("", META_TRANSLATED.sub(r"\1", str(metatags))))


def setup(app: Sphinx) -> ExtensionMetadata:
    # After language_links, which appends to the metatags.
    app.connect("html-page-context", _page_context, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
