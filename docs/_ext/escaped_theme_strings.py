"""Escape every translated theme string where a template inserts it.

Sphinx's templates are rendered without autoescaping, and ``_()`` returns
translations as they are: a quotation mark in a translated label ends the
attribute it is written in. Here the templates' gettext functions return
translations escaped, keeping only the tags and character references their
English has (``&#169;``, a link in a sentence). A translation that adds a
markup character (``translation_guard`` fails its build) is replaced by its
English, so that not even its text reaches a page. English strings, written by
the templates' authors, are returned as they were.
"""

from __future__ import annotations

import functools
import re

from markupsafe import Markup, escape
from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

from gnlc.i18n_check.markup import added_template_markup

MARKUP = re.compile(r"<[^<>]*>|&(?:#\d+|#x[0-9a-fA-F]+|\w+);")


def safe(english: str, translated: str) -> str:
    if translated == english:
        return translated
    if added_template_markup(english, translated):
        return english
    out = str(escape(translated))
    for piece in set(MARKUP.findall(english)):
        out = out.replace(str(escape(piece)), piece)
    return Markup(out)


def _escaping(translate, count: int):
    """Wrap a gettext function whose first ``count`` arguments after the context are English messages."""
    @functools.wraps(translate)
    def wrapper(*args, **kwargs):
        translated = translate(*args, **kwargs)
        messages = [a for a in args if isinstance(a, str)][:count]
        if translated in messages:
            return translated
        return safe(messages[-1] if messages else "", translated)
    return wrapper


def _install(app: Sphinx) -> None:
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is None:
        return  # a builder without HTML templates
    for name, count in (("gettext", 1), ("ngettext", 2), ("pgettext", 2), ("npgettext", 3)):
        if name in environment.globals:
            environment.globals[name] = _escaping(environment.globals[name], count)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("builder-inited", _install)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
