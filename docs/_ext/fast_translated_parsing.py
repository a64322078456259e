"""Parse translated messages without rebuilding MyST's parser for each one.

Sphinx parses every translated message (msgstr) as a small document. With
myst-parser 5.2 each such parse builds a new markdown-it parser and, through
an eagerly evaluated default argument in ``setup_render``, a throw-away
docutils document whose default settings take an option parser to compute.
Profiling a French build showed that half of its time went there (about 2,000
messages). This extension memoizes both, which changes nothing in the output
(``tests/test_fast_parsing.py`` compares the HTML with and without it).

Private access, named: it replaces two module-level functions of myst-parser,
``myst_parser.mdit_to_docutils.base.make_document`` and
``myst_parser.parsers.sphinx_.create_md_parser``. It does so only for the
myst-parser releases it was tested with (``TESTED``); with any other it does
nothing and says so in one line. ``GNLC_PLAIN_MYST=1`` turns it off.
"""

from __future__ import annotations

import copy
import os
from importlib.metadata import version

from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

TESTED = ((5, 2), (5, 3))  # myst-parser 5.2.x: the releases it was measured and compared with
_SETTINGS: dict = {}
_PARSERS: dict = {}


def tested(release: str) -> bool:
    try:
        major_minor = tuple(int(part) for part in release.split(".")[:2])
    except ValueError:
        return False
    return TESTED[0] <= major_minor < TESTED[1]


def _install() -> None:
    import myst_parser.mdit_to_docutils.base as base
    import myst_parser.parsers.sphinx_ as sphinx_parser
    from docutils.frontend import get_default_settings
    from docutils.utils import new_document

    if getattr(base, "_gnlc_patched", False):
        return
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


def setup(app: Sphinx) -> ExtensionMetadata:
    release = version("myst-parser")
    if os.environ.get("GNLC_PLAIN_MYST") == "1":
        pass
    elif tested(release):
        _install()
    else:
        logger.info("fast_translated_parsing: off, myst-parser %s is outside the tested releases %s.x to %s.x",
                    release, ".".join(map(str, TESTED[0])), f"{TESTED[1][0]}.{TESTED[1][1] - 1}")
    # Reading is serial per process; parallel reading (-j) forks, each with its own cache.
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
