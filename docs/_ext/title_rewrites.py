"""Write every page again when a title, toctree entry or section label changes.

Pages show other pages' titles: the header lists the sections and the sidebar
the pages of the current section (``site_navigation``), section pages list
their chapters, and ``{doc}`` and ``{ref}`` links take their text from the
title or heading they point to. After a page is read again, Sphinx writes it
and the pages whose toctree includes it, and no other: a new title stayed out
of date in the navigation of the rest of its section until a full build.

This compares every title, toctree entry and section label after reading
(``env-get-updated``) with what they were before (``env-before-read-docs``)
and, when any differs, has every page written again. Public events only; it
reads the environment's ``titles`` and ``toctree_includes`` and the standard
domain's ``labels``.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.typing import ExtensionMetadata

_BEFORE: dict[int, tuple] = {}  # per environment, for the one build of this process


def _shown(env: BuildEnvironment) -> tuple:
    """What one page may show of another: titles, toctree entries, section labels."""
    titles = tuple(sorted((doc, title.astext()) for doc, title in env.titles.items()))
    includes = tuple(sorted((doc, tuple(children)) for doc, children in env.toctree_includes.items()))
    labels = tuple(sorted((name, tuple(value)) for name, value in env.domains.standard_domain.labels.items()))
    return titles, includes, labels


def _before_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    _BEFORE[id(env)] = _shown(env)


def _pages_to_write(app: Sphinx, env: BuildEnvironment) -> list[str]:
    before = _BEFORE.pop(id(env), None)
    return sorted(env.found_docs) if before is not None and before != _shown(env) else []


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("env-before-read-docs", _before_reading)
    app.connect("env-get-updated", _pages_to_write)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
