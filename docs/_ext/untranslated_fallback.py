"""Honest fallbacks: untranslated passages are marked English, pages show their completeness.

Runs right after Sphinx's own translation transform. Every translatable
passage of a page in another language whose catalog has no translation for it
gets ``lang="en" dir="ltr"`` (screen readers switch voice, Arabic pages keep
English sentences readable) and a class for a discreet visual cue. The page's
completeness is stored with it; the template shows it, with a link to the
translators' guide, on any page below 100%. It is the figure of the page's
catalog in ``gnlc i18n-stats`` and on the status page (entries translated and
not fuzzy, rounded down), so the three never disagree.

A msgstr identical to its msgid (a proper name such as "Hamburg") counts as
translated; passages without letters (numbers, coordinates) are never marked.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.locale import init as init_locale
from sphinx.transforms import SphinxTransform
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import extract_messages
from sphinx.util.typing import ExtensionMetadata

from gnlc.stats import catalog_counts, catalog_msgids

LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
SKIPPED = (nodes.literal_block, nodes.image, nodes.raw, nodes.meta, nodes.doctest_block)
MARKED = re.compile(r'<(?P<tag>[a-zA-Z][a-zA-Z0-9]*)(?P<attrs>[^<>]*?\bclass="[^"]*\buntranslated\b[^"]*")')


def _catalog(transform: SphinxTransform) -> dict[str, str]:
    domain = docname_to_domain(transform.env.current_document.docname, transform.config.gettext_compact)
    dirs = [transform.env.srcdir / d for d in transform.config.locale_dirs]
    catalog, has_catalog = init_locale(dirs, transform.config.language, domain)
    merged: dict[str, str] = {}
    while catalog is not None and has_catalog:
        merged = {**getattr(catalog, "_catalog", {}), **merged}
        catalog = getattr(catalog, "_fallback", None)
    return merged


def _in_front_matter(node: nodes.Node) -> bool:
    # MyST turns front matter into a field list at the top of the document;
    # docutils makes it docinfo only after this transform has run.
    while node is not None:
        if isinstance(node, nodes.docinfo) or (
            isinstance(node, nodes.field_list) and isinstance(node.parent, nodes.document)
        ):
            return True
        node = node.parent
    return False


class MarkUntranslated(SphinxTransform):
    default_priority = 21  # just after sphinx.transforms.i18n.Locale (20)

    def apply(self, **kwargs: Any) -> None:
        language = self.config.language or "en"
        docname = self.env.current_document.docname
        if language == "en":
            return
        catalog = _catalog(self)
        total = done = 0
        untranslated = set()
        for node, msg in extract_messages(self.document):
            if isinstance(node, SKIPPED) or isinstance(node, addnodes.toctree) or not LETTER.search(msg):
                continue
            if _in_front_matter(node):
                continue  # page metadata (orphan, city data) is not text and has no msgid
            total += 1
            if node.get("translated") or msg in catalog:
                done += 1
            else:
                node["classes"].append("untranslated")
                untranslated.add(msg)
        self.env.metadata[docname]["translation_percent"] = self._percent(docname, total, done, untranslated)

    def _percent(self, docname: str, total: int, done: int, untranslated: set[str]) -> int:
        domain = docname_to_domain(docname, self.config.gettext_compact)
        for folder in self.config.locale_dirs:
            # Normalized: the same path as the status page's count of it, remembered once.
            po = Path(os.path.normpath(self.env.srcdir / folder / self.config.language / "LC_MESSAGES" / f"{domain}.po"))
            if po.is_file():
                # Sphinx re-reads the page when its catalog changes, so this stays current.
                counts = catalog_counts(po)
                # Passages not in the catalog yet (English edited, `make i18n-update` not run):
                # still to translate, so the page never claims 100% while it shows English.
                if untranslated:  # only then: a fully translated page needs no second look at its catalog
                    counts.untranslated += len(untranslated - catalog_msgids(po))
                return counts.percent
        return 100 if not total else 100 * done // total  # no catalog: nothing of it is translated


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    meta = context.get("meta") or {}
    context["gnlc_translation_percent"] = meta.get("translation_percent", 100)
    body = context.get("body")
    if body and "untranslated" in body:
        context["body"] = MARKED.sub(r'<\g<tag> lang="en" dir="ltr"\g<attrs>', body)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_transform(MarkUntranslated)
    app.connect("html-page-context", _page_context)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
