"""Readers in their own language: menu, hreflang, right-to-left layout, honest fallbacks."""

from __future__ import annotations

import re

import polib
import pytest

from conftest import ARTIFACTS, LANGUAGES, box, gnlc
from linkcheck import files

BCP47 = re.compile(r"^(x-default|[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2})?)$")


@pytest.mark.slow
def test_every_page_has_hreflang_alternates_for_six_languages(site):
    for lang in LANGUAGES:
        for page in [p for p in files(site.html / lang.url) if p.suffix == ".html"]:
            head = page.read_text(encoding="utf-8").split("</head>")[0]
            alternates = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', head)
            codes = [code for code, _ in alternates]
            assert sorted(codes) == sorted([l.bcp47 for l in LANGUAGES] + ["x-default"]), page
            assert all(BCP47.match(code) for code in codes), codes
            # gettext's code never names a language in the head's links and attributes. The meta
            # tags are left out: Open Graph writes og:locale language_TERRITORY (zh_CN) by its own
            # standard, and a page's description may quote the catalogs' folder names.
            assert "zh_CN" not in re.sub(r"<meta [^>]*>", "", head)


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda l: l.url)
def test_language_menu_works_with_keyboard_and_leads_to_same_page(server, new_page, lang):
    page = new_page(locale=lang.bcp47)
    page.goto(f"{server.url}{lang.url}/cities/hamburg.html")
    menu = page.locator("details.language-menu")
    links = menu.locator("a")
    assert links.evaluate_all("els => els.map(e => e.textContent.trim())") == [l.name for l in LANGUAGES]
    current = menu.locator('a[aria-current="page"]')
    assert current.count() == 1 and current.get_attribute("hreflang") == lang.bcp47
    assert not links.first.is_visible()
    menu.locator("summary").focus()
    page.keyboard.press("Enter")
    assert links.first.is_visible()
    for other in LANGUAGES:
        href = menu.locator(f'a[hreflang="{other.bcp47}"]').get_attribute("href")
        path = page.evaluate("h => new URL(h, location.href).pathname", href)
        assert path == f"/{other.url}/cities/hamburg.html"
    page.keyboard.press("Escape")
    assert not links.first.is_visible()
    # Tab reaches the menu and Enter on a language follows it.
    menu.locator("summary").focus()
    page.keyboard.press("Enter")
    target = next(l for l in LANGUAGES if l != lang)
    menu.locator(f'a[hreflang="{target.bcp47}"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{target.url}/cities/hamburg.html")


@pytest.mark.browser
@pytest.mark.slow
def test_language_menu_without_javascript(server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server.url}ar/themes/esd.html")
    page.locator("details.language-menu summary").click()
    link = page.locator('details.language-menu a[hreflang="fr"]')
    assert link.is_visible()
    link.click()
    page.wait_for_url("**/fr/themes/esd.html")
    context.close()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("width", [390, 1280])
def test_arabic_layout_is_mirrored(server, new_page, width):
    ARTIFACTS.mkdir(exist_ok=True)
    ar = new_page(locale="ar", width=width, height=900)
    ar.goto(f"{server.url}ar/story/launch.html")
    assert ar.locator("html").get_attribute("dir") == "rtl"
    ar.screenshot(path=str(ARTIFACTS / f"ar-story-{width}.png"), full_page=False)
    assert ar.evaluate("document.scrollingElement.scrollWidth") <= width + 1, "horizontal overflow"
    brand = box(ar, ".brand")
    assert brand["x"] + brand["width"] / 2 > width / 2, "the site name starts on the right"
    nxt, prev = box(ar, ".pager-next"), box(ar, ".pager-prev")
    assert nxt["x"] < prev["x"], "'next' is on the left in a right-to-left page"
    arrow = ar.locator(".pager-next .arrow").evaluate("e => getComputedStyle(e).transform")
    assert arrow.startswith("matrix(-1"), "the 'next' arrow points left"
    text = ar.locator("main p").first.evaluate("e => getComputedStyle(e).textAlign")
    assert text in ("start", "right")
    if width >= 1000:
        nav = box(ar, ".section-nav")
        main = box(ar, "main")
        assert nav["x"] > width / 2 and nav["x"] > main["x"], "the section navigation is on the right"
    # English for comparison: the same elements mirror back.
    en = new_page(locale="en", width=width, height=900)
    en.goto(f"{server.url}en/story/launch.html")
    en.screenshot(path=str(ARTIFACTS / f"en-story-{width}.png"), full_page=False)
    assert box(en, ".pager-next")["x"] > box(en, ".pager-prev")["x"]
    assert en.locator(".pager-next .arrow").evaluate("e => getComputedStyle(e).transform") == "none"


@pytest.mark.browser
@pytest.mark.slow
def test_arabic_cards_and_map_mirror(server, new_page):
    page = new_page(locale="ar", width=1280)
    page.goto(f"{server.url}ar/cities/index.html")
    page.screenshot(path=str(ARTIFACTS / "ar-cities-1280.png"), full_page=True)
    cards = page.locator(".city-cards").first.locator(".sd-card")
    if cards.count() >= 2:
        first, second = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
        if abs(first["y"] - second["y"]) < 5:
            assert first["x"] > second["x"], "cards flow from right to left"
    # Map markers stay at their geographic place: the map is not mirrored.
    hamburg = page.locator('.map-marker a[href="hamburg.html"]').bounding_box()
    bogota = page.locator('.map-marker a[href="bogota.html"]').bounding_box()
    assert hamburg["x"] > bogota["x"]


def _fill(po_path, prefix="FR "):
    catalog = polib.pofile(str(po_path), wrapwidth=0)
    for entry in catalog:
        entry.msgstr = entry.msgid if "{" in entry.msgid or "`" in entry.msgid else prefix + entry.msgid
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    catalog.save()
    return catalog


@pytest.mark.slow
def test_untranslated_passages_are_marked_and_counted(project_copy):
    gnlc(project_copy, "i18n-update", "--lang", "fr")
    folder = project_copy.locale / "fr" / "LC_MESSAGES" / "about"
    _fill(folder / "glossary.po")
    catalog = _fill(folder / "site.po")
    gap = next(e for e in catalog if e.msgid.startswith("The portal is a static website"))
    gap.msgstr = ""
    catalog.save()
    gnlc(project_copy, "build", "--lang", "fr,en")
    site = (project_copy.html / "fr" / "about" / "site.html").read_text(encoding="utf-8")
    marked = re.findall(r'<p lang="en" dir="ltr" class="untranslated">([^<]*)', site)
    assert len(marked) == 1 and marked[0].startswith("The portal is a static website")
    notice = re.search(r'<p class="translation-notice">(.*?)</p>', site, re.S).group(1)
    assert re.search(r"\b[89]\d[\s\u00a0\u202f]?%", notice), notice  # French writes "96 %"
    assert 'href="../contribute/translate.html"' in notice
    glossary = (project_copy.html / "fr" / "about" / "glossary.html").read_text(encoding="utf-8")
    assert "translation-notice" not in glossary and "untranslated" not in glossary
    # English is the source: never a notice, never a passage marked untranslated.
    english = (project_copy.html / "en" / "about" / "site.html").read_text(encoding="utf-8")
    assert "The portal is a static website" in english
    assert "translation-notice" not in english and 'class="untranslated"' not in english


@pytest.mark.browser
@pytest.mark.slow
def test_code_and_latin_text_stay_left_to_right_in_arabic(server, new_page):
    page = new_page(locale="ar", width=1280)
    page.goto(f"{server.url}ar/contribute/case-study.html")
    assert page.locator("html").evaluate("e => getComputedStyle(e).direction") == "rtl"
    pre = page.locator("pre").first
    assert pre.evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert pre.evaluate("e => getComputedStyle(e).unicodeBidi") == "isolate"
    code = page.locator("main p code, main li code").first
    assert code.evaluate("e => getComputedStyle(e).direction") == "ltr"
