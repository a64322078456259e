"""Link previews: Open Graph and Twitter card tags on every page, in every language.

The tags are written by sphinxext-opengraph (``og:title``, ``og:description``
from the page's first paragraph, ``og:type``, ``og:url``, ``og:image`` and its
alt text); this extension configures it for the build's language:

* ``og:image`` is the language's share card (``_static/img/share/<url>.png``,
  drawn by ``make cards``) and ``og:image:alt`` the words on it, read from
  ``_data/share_cards.yaml``, which ``make cards`` writes with the pictures;
* ``og:locale`` is the page's language and ``og:locale:alternate`` the five
  others, ``og:site_name`` the network's name in the language;
* URLs are absolute under the site's public address (``gnlc_site_url``), and
  root-relative without one, like the hreflang alternates (see
  ``language_links``): the library allows it, and a guessed host would be wrong.
"""

from __future__ import annotations

import contextlib
import io
from html import escape
from pathlib import Path

from docutils.utils import new_document
from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util.typing import ExtensionMetadata

from gnlc import yaml_data
from gnlc.languages import LANGUAGES, SOURCE, get

# Open Graph writes locales as language_TERRITORY; these are the forms link previews know.
OG_LOCALES = {"en": "en_GB", "fr": "fr_FR", "es": "es_ES", "ru": "ru_RU", "zh_CN": "zh_CN", "ar": "ar_AR"}
CARD_WIDTH, CARD_HEIGHT = 1200, 630


def _cards(srcdir: str | Path) -> dict:
    return yaml_data.load((Path(srcdir) / "_data" / "share_cards.yaml").read_text(encoding="utf-8"))


def og_locale(lang) -> str:
    """Open Graph's language_TERRITORY: the table's choice, else CLDR's likeliest territory (de -> de_DE)."""
    if lang.gettext in OG_LOCALES:
        return OG_LOCALES[lang.gettext]
    from babel.core import get_global

    likely = get_global("likely_subtags").get(lang.gettext.split("_")[0], lang.gettext)
    parts = likely.split("_")
    return f"{parts[0]}_{parts[-1]}" if len(parts) > 1 else parts[0]


def _tag(prop: str, content: str) -> str:
    return f'<meta property="{prop}" content="{escape(content)}" />'


def _config_inited(app: Sphinx, config: Config) -> None:
    lang = get(config.language or SOURCE)
    cards = _cards(app.srcdir)
    # A language added since the cards were drawn shows the source language's card until `make cards`.
    card = cards.get(lang.gettext) or cards.get(SOURCE)
    if not card:
        raise ConfigError(f"_data/share_cards.yaml has no card for {lang.gettext}: run `make cards`")
    app.gnlc_share_card = card
    site = config.gnlc_site_url.rstrip("/") + "/" if config.gnlc_site_url else "/"
    config.ogp_site_url = f"{site}{lang.url}/"
    config.ogp_image = card["image"]
    # The library escapes only quotation marks: the rest of the alt text is escaped here.
    config.ogp_image_alt = escape(card["alt"], quote=False)
    config.ogp_site_name = escape(card["site_name"], quote=False)
    config.ogp_type = "website"
    config.ogp_social_cards = {"enable": False}  # our own cards, drawn from the facts
    config.ogp_custom_meta_tags = [
        _tag("og:locale", og_locale(lang)),
        *[_tag("og:locale:alternate", og_locale(other)) for other in LANGUAGES if other != lang],
        _tag("og:image:width", str(CARD_WIDTH)),
        _tag("og:image:height", str(CARD_HEIGHT)),
        _tag("og:image:type", "image/png"),
        '<meta name="twitter:card" content="summary_large_image" />',
    ]


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The library's tags, appended as markup: it adds a plain string to the metatags,
    which other extensions have made Markup, and Markup + str escapes the tags."""
    from sphinxext import opengraph

    context["metatags"] = str(context.get("metatags", ""))
    if doctree is None:
        # A page Sphinx writes without a document (search): described by the site's tagline.
        card = app.gnlc_share_card
        context["meta"] = {**(context.get("meta") or {}), "og:description": escape(card["tagline"], quote=False)}
        doctree = new_document(pagename)
        if "title" not in context:  # the page sets its title in its template
            context["title"] = escape(card["site_name"])
            opengraph.html_page_context(app, pagename, templatename, context, doctree)
            del context["title"]
            context["metatags"] = Markup(context["metatags"])
            return
    opengraph.html_page_context(app, pagename, templatename, context, doctree)
    context["metatags"] = Markup(context["metatags"])


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("language_links")  # gnlc_site_url
    # The library announces on import that matplotlib (its own card drawing) is missing.
    with contextlib.redirect_stdout(io.StringIO()):
        app.setup_extension("sphinxext.opengraph")
    from sphinxext import opengraph

    for listener in list(app.events.listeners["html-page-context"]):
        if listener.handler is opengraph.html_page_context:
            app.disconnect(listener.id)
    app.connect("html-page-context", _page_context)
    app.connect("config-inited", _config_inited, priority=600)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
