"""Parse translated messages without rebuilding MyST's parser for each one.

Sphinx parses every translated message (msgstr) as a small document. With
myst-parser 5.2 each such parse builds a new markdown-it parser and, through
an eagerly evaluated default argument in ``setup_render``, a throw-away
docutils document whose default settings take an option parser to compute.
Profiling a French build showed that half of its time went there (about 2,000
messages). This extension memoizes both, which changes nothing in the output
(``tests/test_fast_parsing.py`` compares the HTML with and without it).

It patches two module-level names of myst-parser, whose version is pinned;
set ``GNLC_PLAIN_MYST=1`` to build without it.
"""

from __future__ import annotations

import copy
import os

from sphinx.application import Sphinx

_SETTINGS: dict = {}
_PARSERS: dict = {}


def _install() -> bool:
    import myst_parser.mdit_to_docutils.base as base
    import myst_parser.parsers.sphinx_ as sphinx_parser
    from docutils.frontend import get_default_settings
    from docutils.utils import new_document

    if getattr(base, "_gnlc_patched", False):
        return True
    original_create = sphinx_parser.create_md_parser

    def make_document(source_path="notset", parser_cls=base.RSTParser):
        if parser_cls not in _SETTINGS:
            _SETTINGS[parser_cls] = get_default_settings(parser_cls)
        return new_document(source_path, settings=copy.copy(_SETTINGS[parser_cls]))

    def create_md_parser(config, renderer):
        # Keyed by the config object itself (kept alive here), not by equality:
        # a page's own front-matter config is a different object and gets its own parser.
        key = (id(config), renderer)
        cached = _PARSERS.get(key)
        if cached is None or cached[0] is not config:
            cached = _PARSERS[key] = (config, original_create(config, renderer))
        return cached[1]

    base.make_document = make_document
    sphinx_parser.create_md_parser = create_md_parser
    base._gnlc_patched = True
    return True


def setup(app: Sphinx) -> dict:
    if os.environ.get("GNLC_PLAIN_MYST") != "1":
        _install()
    # Reading is serial per process; parallel reading (-j) forks, each with its own cache.
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
