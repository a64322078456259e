"""Share cards: Open Graph and Twitter tags on every page of every language, and the card pictures.

The tags are read with a real HTML parser; each ``og:image`` is resolved to a
file of the built site and read as a PNG; the cards' words are compared with
what the facts and the catalogs give today; ``gnlc cards`` is run and its
pictures are measured, pixel by pixel, in Chromium.
"""

from __future__ import annotations

import base64
import struct
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import LANGUAGES, ROOT, gnlc
from gnlc import share_cards
from gnlc.paths import Project
from linkcheck import files

CARDS = yaml.safe_load((ROOT / "docs" / "_data" / "share_cards.yaml").read_text(encoding="utf-8"))
OG_LOCALES = {"en": "en_GB", "fr": "fr_FR", "es": "es_ES", "ru": "ru_RU", "zh_CN": "zh_CN", "ar": "ar_AR"}


class Metas(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.properties: list[tuple[str, str]] = []
        self.names: list[tuple[str, str]] = []
        self.in_body = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "body":
            self.in_body = True
        if tag == "meta" and not self.in_body:
            if "property" in attrs:
                self.properties.append((attrs["property"], attrs.get("content", "")))
            if "name" in attrs:
                self.names.append((attrs["name"], attrs.get("content", "")))

    def one(self, prop: str) -> str:
        values = [c for p, c in self.properties if p == prop]
        assert len(values) == 1, (prop, values)
        return values[0]


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", head[16:24])


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda l: l.url)
def test_every_page_has_open_graph_and_twitter_tags(site, lang):
    root = site.html / lang.url
    pages = sorted(p for p in files(root) if p.suffix == ".html")
    assert len(pages) > 40
    others = sorted(OG_LOCALES[l.gettext] for l in LANGUAGES if l != lang)
    for path in pages:
        name = path.relative_to(root).as_posix()
        metas = Metas(path.read_text(encoding="utf-8"))
        assert metas.one("og:title").strip(), name
        assert metas.one("og:description").strip(), name
        assert metas.one("og:type") == "website"
        # No public address in this build: root-relative, like the hreflang alternates.
        assert metas.one("og:url") == f"/{lang.url}/{name}", name
        assert metas.one("og:locale") == OG_LOCALES[lang.gettext]
        assert sorted(c for p, c in metas.properties if p == "og:locale:alternate") == others
        image = metas.one("og:image")
        assert image == f"/{lang.url}/_static/img/share/{lang.url}.png"
        assert png_size(site.html / image.lstrip("/")) == (1200, 630)  # the image exists at its URL
        assert (metas.one("og:image:width"), metas.one("og:image:height")) == ("1200", "630")
        assert metas.one("og:image:alt") == CARDS[lang.gettext]["alt"]
        assert metas.one("og:site_name") == CARDS[lang.gettext]["site_name"]
        assert ("twitter:card", "summary_large_image") in metas.names
    # Each page describes itself: the landing page by its tagline, a city by its own words.
    landing = Metas((root / "index.html").read_text(encoding="utf-8"))
    assert landing.one("og:description").startswith(CARDS[lang.gettext]["tagline"])
    hamburg = Metas((root / "cities" / "hamburg.html").read_text(encoding="utf-8"))
    assert hamburg.one("og:description") != landing.one("og:description")


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda l: l.url)
def test_committed_cards_say_what_the_facts_and_catalogs_say_today(lang):
    card = share_cards.card_texts(Project(ROOT), lang)
    entry = CARDS[lang.gettext]
    assert entry["alt"] == card.alt, "run `make cards`: the facts or the landing page's translations changed"
    assert entry["site_name"] == card.site_name and entry["tagline"] == card.tagline
    assert png_size(ROOT / entry["image"]) == (1200, 630)
    svg = share_cards.card_svg(card)
    assert f'lang="{lang.bcp47}"' in svg and f'direction="{lang.direction}"' in svg


def test_an_untranslated_card_is_refused(project_copy):
    import polib

    po = polib.pofile(str(project_copy.locale / "fr" / "LC_MESSAGES" / "index.po"))
    po.find(share_cards.TAGLINE).msgstr = ""
    po.save()
    proc = gnlc(project_copy, "cards", check=False)
    assert proc.returncode == 1 and "fr/LC_MESSAGES/index.po" in proc.stderr and "not translated" in proc.stderr


@pytest.mark.browser
@pytest.mark.slow
def test_make_cards_draws_each_card_in_its_script_and_direction(project_copy, browser):
    for png in (project_copy.root / "_static" / "img" / "share").glob("*.png"):
        png.unlink()
    proc = gnlc(project_copy, "cards")
    assert proc.stdout.count("wrote _static/img/share/") == len(LANGUAGES)
    written = yaml.safe_load((project_copy.docs / "_data" / "share_cards.yaml").read_text(encoding="utf-8"))
    assert written == CARDS  # the same words as the committed cards
    page = browser.new_page()
    for lang in LANGUAGES:
        png = project_copy.root / "_static" / "img" / "share" / f"{lang.url}.png"
        assert png_size(png) == (1200, 630)
        data = base64.b64encode(png.read_bytes()).decode()
        # The site's name, in white on the blue: where its first line begins and ends.
        extent = page.evaluate(
            """async (src) => {
                const img = new Image(); img.src = src; await img.decode();
                const canvas = document.createElement('canvas'); canvas.width = 1200; canvas.height = 630;
                const ctx = canvas.getContext('2d'); ctx.drawImage(img, 0, 0);
                const px = ctx.getImageData(0, 60, 1200, 80).data;
                let min = 1200, max = -1;
                for (let i = 0; i < px.length; i += 4) {
                  if (px[i] > 230 && px[i + 1] > 230 && px[i + 2] > 230) {
                    const x = (i / 4) % 1200; min = Math.min(min, x); max = Math.max(max, x);
                  }
                }
                return [min, max];
            }""", f"data:image/png;base64,{data}")
        left, right = extent
        assert right > left, (lang.url, extent)
        if lang.direction == "rtl":
            assert 1100 <= right <= 1125 and left > 120, (lang.url, extent)  # set from the right edge
        else:
            assert 75 <= left <= 100, (lang.url, extent)  # set from the left edge
    page.close()
