"""The header's section links and the sidebar's page list, at constant cost per page.

Sphinx's ``toctree()`` template function resolves the whole table of contents
for every page it renders, which makes a build quadratic in the number of
pages (a 300-city site spent most of its time there). The portal's navigation
is simple: the sections of the home page, and the pages of the current
section. This extension computes both from the environment's toctree
includes, once per section. A section with many pages (the cities, once the
network's 300 are in) lists only the current page in the sidebar; its index
page lists them all.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

MAX_LISTED = 40


def _title(env, docname: str) -> str:
    title = env.titles.get(docname)
    return title.astext() if title is not None else docname


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    env = app.env
    root = app.config.root_doc
    includes = env.toctree_includes
    pathto = context["pathto"]
    sections = includes.get(root, [])
    current_section = next((s for s in sections if pagename == s or pagename.startswith(s.rsplit("/", 1)[0] + "/")), None)
    context["gnlc_sections"] = [
        {"title": _title(env, s), "href": pathto(s), "current": s == current_section, "here": s == pagename}
        for s in sections
    ]
    pages = []
    if current_section:
        children = includes.get(current_section, [])
        if len(children) > MAX_LISTED:
            children = [c for c in children if c == pagename]
        for child in children:
            grandchildren = includes.get(child, [])
            open_branch = pagename == child or pagename in grandchildren
            pages.append({
                "title": _title(env, child), "href": pathto(child), "here": child == pagename,
                "children": [
                    {"title": _title(env, g), "href": pathto(g), "here": g == pagename}
                    for g in grandchildren
                ] if open_branch and len(grandchildren) <= MAX_LISTED else [],
            })
        context["gnlc_section_index"] = {
            "title": _title(env, current_section), "href": pathto(current_section),
            "here": current_section == pagename,
        }
    context["gnlc_section_pages"] = pages


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("html-page-context", _page_context)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
