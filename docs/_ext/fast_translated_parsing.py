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

In a process that builds its language again and again (the kept workers of
``gnlc serve``, which set ``gnlc_remember_translations``), it also remembers
each translated message's parsed nodes, by message, page, line and
configuration, and hands out copies: a page read again after a change to one
paragraph parses only that paragraph's translation anew. A one-off build does
not remember (it would only pay for the copies).
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


# (message, page, line) -> (configuration, pristine nodes); see the module's docstring.
_MESSAGES: dict = {}
_MESSAGES_MAX = 50_000


def _remember_messages() -> None:
    import sphinx.transforms.i18n as i18n

    if getattr(i18n, "_gnlc_remembers", False):
        return
    parse = i18n._publish_msgstr

    def publish_msgstr(source, source_path, source_line, *, config, env, registry, settings):
        key = (source, source_path, source_line, env.docname)
        known = _MESSAGES.get(key)
        if known is not None and known[0] is config:
            return known[1].deepcopy()
        node = parse(source, source_path, source_line, config=config, env=env, registry=registry, settings=settings)
        if len(_MESSAGES) >= _MESSAGES_MAX:
            _MESSAGES.clear()
        _MESSAGES[key] = (config, node.deepcopy())
        return node

    i18n._publish_msgstr = publish_msgstr
    i18n._gnlc_remembers = True


def _builder_inited(app: Sphinx) -> None:
    if app.config.gnlc_remember_translations and os.environ.get("GNLC_PLAIN_MYST") != "1":
        _remember_messages()


def setup(app: Sphinx) -> dict:
    app.add_config_value("gnlc_remember_translations", False, "", types=frozenset({bool}))
    app.connect("builder-inited", _builder_inited)
    if os.environ.get("GNLC_PLAIN_MYST") != "1":
        _install()
    # Reading is serial per process; parallel reading (-j) forks, each with its own cache.
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
