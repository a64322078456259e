"""The site's root sends each visitor to their browser's language, in Chromium."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("fr-FR", "fr"), ("ar-EG", "ar"), ("zh-CN", "zh-cn"), ("es-CO", "es"), ("ru", "ru"),
     ("en-GB", "en"), ("tlh", "en"), ("zh-TW", "en")],
)
def test_root_picks_the_browser_language(server, new_page, locale, expected):
    page = new_page(locale=locale)
    page.goto(server.url)
    page.wait_for_url(f"{server.url}{expected}/")
    assert page.locator("html").get_attribute("lang").lower().startswith(expected.split("-")[0])


def test_root_without_javascript_lists_six_languages(server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server.url)
    names = page.locator("nav li a").all_inner_texts()
    context.close()
    assert names == ["English", "Français", "Español", "Русский", "中文", "العربية"]


def test_missing_page_gets_its_language_404(server, new_page):
    page = new_page(locale="fr-FR")
    response = page.goto(server.url + "fr/no/such/page.html")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == "fr"
    home = page.locator("main a").first.get_attribute("href")
    assert page.evaluate("h => new URL(h, document.baseURI).pathname", home).startswith("/fr/")
