"""Rewrite exactly the pages that show what a rebuild changed.

Pages show other pages' titles: the header lists the sections and the sidebar
the pages of the current section (``site_navigation``), section pages list
their chapters (toctrees, all of depth one), and ``{doc}`` and ``{ref}``
links take their text from the title or heading they point to. After a page
is read again, Sphinx rewrites the pages whose toctree includes it, whether
or not its title changed, and no other page: a new title stayed out of date
in the navigation of the rest of its section until a full build.

This extension compares every title, toctree entry and section label after
reading with what they were before. When any differs, every page is written
again; when none does, only the pages read again are, not their toctree
parents, which show nothing that changed.
"""

from __future__ import annotations

from sphinx.application import Sphinx


def _shown(env) -> tuple:
    """What one page may show of another: titles, toctree entries, section labels."""
    titles = tuple(sorted((doc, title.astext()) for doc, title in env.titles.items()))
    includes = tuple(sorted((doc, tuple(children)) for doc, children in env.toctree_includes.items()))
    labels = tuple(sorted((name, tuple(value)) for name, value in env.domains.standard_domain.labels.items()))
    return titles, includes, labels


def _before_reading(app: Sphinx, env, docnames: list[str]) -> None:
    app.gnlc_shown_before = _shown(env)


def _pages_to_rewrite(app: Sphinx, env) -> list[str]:
    if _shown(env) != getattr(app, "gnlc_shown_before", None):
        app.gnlc_keep_parents_out = False
        return sorted(env.found_docs)
    app.gnlc_keep_parents_out = True
    return []


def _write_started(app: Sphinx, builder) -> None:
    # Sphinx adds the toctree parents of the pages it writes (env.files_to_rebuild) right
    # after this event; hide them for this write only.
    if getattr(app, "gnlc_keep_parents_out", False):
        app.gnlc_parents, app.env.files_to_rebuild = app.env.files_to_rebuild, {}


def _build_finished(app: Sphinx, exception: Exception | None) -> None:
    parents = getattr(app, "gnlc_parents", None)
    if parents is not None:  # the environment outlives this build in a kept worker (gnlc serve)
        app.env.files_to_rebuild = parents
        app.gnlc_parents = None
    app.gnlc_keep_parents_out = False


def setup(app: Sphinx) -> dict:
    app.connect("env-before-read-docs", _before_reading)
    app.connect("env-get-updated", _pages_to_rewrite)
    app.connect("write-started", _write_started)
    app.connect("build-finished", _build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
