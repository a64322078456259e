"""Search works in every language, in Chromium: a different word form finds the right page."""

from __future__ import annotations

import re

import pytest

from conftest import LANGUAGES, search

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# The Larissa case study describes a volunteering portal; each query is a word
# form that does not occur on the page (another number, case or prefix), or,
# in Chinese, a compound the text never writes (志愿 + 门户).
QUERIES = {
    "en": "volunteered",      # the page says "volunteering", "volunteers"
    "fr": "bénévolats",       # plural; the page says "bénévolat"
    "es": "voluntariados",    # plural; the page says "voluntariado"
    "ru": "волонтёрами",      # instrumental; the page says "волонтёров", "волонтёра"
    "ar": "للتطوعي",          # prefix لل instead of ال: the page says "التطوعي"
    "zh-cn": "志愿门户",        # segmented into 志愿 + 门户 in the browser
}


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda l: l.url)
def test_search_finds_the_page_from_another_word_form(site, server, new_page, lang):
    query = QUERIES[lang.url]
    page_text = (site.html / lang.url / "cities" / "larissa.html").read_text(encoding="utf-8")
    if lang.url != "zh-cn":
        assert not re.search(rf"(?<!\w){re.escape(query)}(?!\w)", page_text), "the query must be a form the page lacks"
    else:
        assert query not in page_text and "志愿" in page_text and "门户" in page_text
    hrefs, errors = search(new_page(locale=lang.bcp47), server.url, lang.url, query)
    assert any(h.startswith("cities/larissa.html") for h in hrefs), hrefs
    assert not errors, errors
