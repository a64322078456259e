"""The story, themes and cities: facts rendered from one place, linked both ways."""

from __future__ import annotations

import re
import sys

import pytest
import yaml

from conftest import ARTIFACTS, LANGUAGES, ROOT
from gnlc.cities import load_all, themes

sys.path.insert(0, str(ROOT / "docs" / "_ext"))
from site_facts import substitutions  # noqa: E402

pytestmark = pytest.mark.slow


def _html(site, lang, page):
    return (site.html / lang.url / page).read_text(encoding="utf-8")


def test_every_theme_links_its_cities_and_every_city_links_back(site):
    cities = load_all(site.docs)
    assert len(cities) == 10
    for lang in LANGUAGES:
        for theme in themes(site.docs):
            page = _html(site, lang, f"themes/{theme['id']}.html")
            members = [c for c in cities if theme["id"] in c.themes]
            assert len(members) == 2, theme
            for city in members:
                assert f'href="../cities/{city.slug}.html"' in page, (lang.url, theme["id"], city.slug)
        for city in cities:
            page = _html(site, lang, f"cities/{city.slug}.html")
            for theme_id in city.themes:
                assert f'href="../themes/{theme_id}.html"' in page, (lang.url, city.slug, theme_id)


def test_key_figures_on_the_landing_page_match_the_facts_file(site):
    facts = yaml.safe_load((site.data / "facts.yaml").read_text(encoding="utf-8"))
    figures = facts["key_figures"]
    for lang in LANGUAGES:
        cards = re.findall(r'class="[^"]*key-figure[^"]*".*?</div>\s*</div>', _html(site, lang, "index.html"), re.S)
        assert len(cards) == 3, lang.url
        text = " ".join(re.sub(r"<[^>]+>", " ", c) for c in cards)
        # Each figure as the page's language writes it ("310 million", "3.1亿"): see test_localized_text.
        shown = substitutions(facts, lang.gettext)
        for key in ("cities", "countries", "inhabitants"):
            assert shown[key] in text, (lang.url, key, shown[key])
        assert text.count(str(figures["as_of"])) >= 3, "every figure is dated"
    story = _html(site, LANGUAGES[0], "story/launch.html")
    for key in ("cities", "countries"):
        assert str(figures[key]) in story
    assert f"{figures['inhabitants_million']} million" in story


def test_the_map_has_a_linked_marker_for_every_city(site):
    cities = load_all(site.docs)
    for lang in LANGUAGES:
        page = _html(site, lang, "cities/index.html")
        markers = re.findall(r'<li class="map-marker" style="--x:([\d.]+)%;--y:([\d.]+)%"><p[^>]*><a[^>]*href="([^"]+)"[^>]*>(.*?)</a>',
                             page, re.S)
        assert sorted(href for _, _, href, _ in markers) == sorted(f"{c.slug}.html" for c in cities)
        for x, y, href, label in markers:
            assert 0 <= float(x) <= 100 and 0 <= float(y) <= 100
            assert re.sub(r"<[^>]+>", "", label).strip(), f"{href} has an accessible name"
    assert (site.html / "en" / "_static" / "world-map.svg").stat().st_size > 10_000


def test_city_facts_box_renders_the_front_matter(site):
    page = _html(site, LANGUAGES[0], "cities/huejotzingo.html")
    box = re.search(r'<div class="city-facts[^"]*">(.*?)</div>', page, re.S).group(1)
    text = re.sub(r"<[^>]+>", " ", box)
    assert "Mexico" in text and "Latin America and the Caribbean" in text
    assert "Sources differ: 2019 or 2021" in text, "a conflicting year is not stated as certain"
    assert "19.162° N, 98.406° W" in text


@pytest.mark.browser
@pytest.mark.parametrize("lang", [LANGUAGES[0], LANGUAGES[-1]], ids=lambda l: l.url)
def test_arrow_keys_turn_the_story_pages(server, new_page, lang):
    page = new_page(locale=lang.bcp47)
    page.goto(f"{server.url}{lang.url}/story/launch.html")
    forward, back = ("ArrowLeft", "ArrowRight") if lang.direction == "rtl" else ("ArrowRight", "ArrowLeft")
    page.keyboard.press(forward)
    page.wait_for_url("**/story/commitments.html")
    page.keyboard.press(back)
    page.wait_for_url("**/story/launch.html")
    page.keyboard.press(back)
    page.wait_for_url("**/story/why-cities.html")


@pytest.mark.browser
def test_story_pages_turn_with_a_swipe(server, browser):
    context = browser.new_context(has_touch=True, viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(f"{server.url}en/story/launch.html")
    page.evaluate("""() => {
        const t = (x) => new Touch({identifier: 1, target: document.body, clientX: x, clientY: 300});
        document.dispatchEvent(new TouchEvent('touchstart', {touches: [t(300)], changedTouches: [t(300)]}));
        document.dispatchEvent(new TouchEvent('touchend', {touches: [], changedTouches: [t(100)]}));
    }""")
    page.wait_for_url("**/story/commitments.html")
    context.close()


@pytest.mark.browser
def test_checklist_prints_cleanly(server, new_page):
    page = new_page()
    page.goto(f"{server.url}en/join/checklist.html")
    page.emulate_media(media="print")
    for selector in (".site-header", ".section-nav", ".pager", ".site-footer"):
        assert page.locator(selector).first.evaluate("e => getComputedStyle(e).display") == "none", selector
    assert page.locator("main h1").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.pdf(path=str(ARTIFACTS / "checklist.pdf"))
