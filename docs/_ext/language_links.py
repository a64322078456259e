"""Language menu, ``hreflang`` alternates and the ``<html lang dir>`` of each page.

Every page links to itself in every language offered to readers. The
alternates are absolute under ``gnlc_site_url`` (the site's public address) and
root-relative without it: a relative alternate would be read against the
page's own address, and the public address is not known then. The menu and
the alternates come from ``gnlc.languages``, the one declaration of the
languages (``docs/_data/languages.yaml``); URLs use the lower-case segments
(``zh-cn``), ``lang`` and ``hreflang`` use BCP 47 (``zh-CN``), never gettext's
``zh_CN``. A language below the declaration's ``menu_threshold`` is offered
only in its own menu (``languages.offered``); when a language crosses the
threshold, every page is written again.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup, escape
from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

from gnlc.languages import SOURCE, Language, get, offered


def page_links(pagename: str, current: str, languages: tuple[Language, ...],
               site_url: str | None = None) -> list[dict]:
    """The same page in each of ``languages``.

    Relative (``../fr/page.html``) when ``site_url`` is None, for the menu; absolute
    under ``site_url``; root-relative (``/fr/page.html``) when ``site_url`` is empty,
    for the alternates of a site built without its public address.
    """
    depth = pagename.count("/") + 1  # +1 climbs out of this language's folder
    if site_url is None:
        prefix = "../" * depth
    else:
        prefix = site_url.rstrip("/") + "/"
    links = []
    for lang in languages:
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
    languages = _offered(app, lang)
    menu = page_links(pagename, lang.gettext, languages)
    context["gnlc_languages"] = menu
    context["gnlc_language"] = lang
    context["html_tag"] = Markup(
        f'<html lang="{lang.bcp47}" dir="{lang.direction}" '
        f'data-content_root="{escape(context.get("content_root", ""))}">'
    )
    alternates = page_links(pagename, lang.gettext, languages, site_url or "")
    tags = [f'<link rel="alternate" hreflang="{a["bcp47"]}" href="{escape(a["href"])}">' for a in alternates]
    default = next(a for a in alternates if a["bcp47"] == get(SOURCE).bcp47)
    tags.append(f'<link rel="alternate" hreflang="x-default" href="{escape(default["href"])}">')
    if pagename == "404":
        # Served for any missing URL, at any depth: resolve its links from the language root.
        site_path = urlsplit(site_url).path.rstrip("/") if site_url else ""
        tags.insert(0, f'<base href="{escape(site_path)}/{lang.url}/">')
    context["metatags"] = Markup(context.get("metatags", "")) + Markup("\n    ".join(["", *tags]))


def _offered(app: Sphinx, lang: Language) -> tuple[Language, ...]:
    return offered(Path(app.srcdir).parent / "locale", lang)


def _rewrite_when_offer_changes(app: Sphinx, env) -> list[str]:
    """Every page names the languages offered: all are written again when that list changes."""
    lang = get(app.config.language or SOURCE)
    now = [l.gettext for l in _offered(app, lang)]
    before = getattr(env, "gnlc_offered", None)
    env.gnlc_offered = now
    return sorted(env.found_docs) if before is not None and before != now else []


def setup(app: Sphinx) -> ExtensionMetadata:
    # Site root URL for absolute alternates and the sitemap, e.g. https://example.org/
    app.add_config_value("gnlc_site_url", "", "html", types=frozenset({str}))
    app.connect("html-page-context", _page_context)
    app.connect("env-get-updated", _rewrite_when_offer_changes)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
