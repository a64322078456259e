"""Language menu, ``hreflang`` alternates and the ``<html lang dir>`` of each page.

Every page links to itself in the six languages. The menu and the alternates
come from ``gnlc.languages``, the one declaration of the languages; URLs use
the lower-case segments (``zh-cn``), ``lang`` and ``hreflang`` use BCP 47
(``zh-CN``), never gettext's ``zh_CN``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from markupsafe import Markup, escape
from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

from gnlc.languages import LANGUAGES, SOURCE, get


def page_links(pagename: str, current: str, site_url: str = "") -> list[dict]:
    """The same page in every language; relative unless ``site_url`` is set."""
    depth = pagename.count("/") + 1  # +1 climbs out of this language's folder
    prefix = site_url.rstrip("/") + "/" if site_url else "../" * depth
    links = []
    for lang in LANGUAGES:
        links.append(
            {
                "name": lang.name,
                "bcp47": lang.bcp47,
                "direction": lang.direction,
                "href": f"{prefix}{lang.url}/{pagename}.html",
                "current": lang.gettext == current,
            }
        )
    return links


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    lang = get(app.config.language or SOURCE)
    site_url = app.config.gnlc_site_url
    menu = page_links(pagename, lang.gettext)
    context["gnlc_languages"] = menu
    context["gnlc_language"] = lang
    context["html_tag"] = Markup(
        f'<html lang="{lang.bcp47}" dir="{lang.direction}" '
        f'data-content_root="{escape(context.get("content_root", ""))}">'
    )
    alternates = page_links(pagename, lang.gettext, site_url)
    tags = [f'<link rel="alternate" hreflang="{a["bcp47"]}" href="{escape(a["href"])}">' for a in alternates]
    default = next(a for a in alternates if a["bcp47"] == get(SOURCE).bcp47)
    tags.append(f'<link rel="alternate" hreflang="x-default" href="{escape(default["href"])}">')
    if pagename == "404":
        # Served for any missing URL, at any depth: resolve its links from the language root.
        site_path = urlsplit(site_url).path.rstrip("/") if site_url else ""
        tags.insert(0, f'<base href="{escape(site_path)}/{lang.url}/">')
    context["metatags"] = Markup(context.get("metatags", "")) + Markup("\n    ".join(["", *tags]))


def setup(app: Sphinx) -> ExtensionMetadata:
    # Site root URL for absolute alternates and the sitemap, e.g. https://example.org/
    app.add_config_value("gnlc_site_url", "", "html", types=frozenset({str}))
    app.connect("html-page-context", _page_context)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
