"""The five translations are complete, clean and shown to readers."""

from __future__ import annotations

import json
import re

import pytest

from conftest import LANGUAGES, ROOT, gnlc
from gnlc import languages as langs
from gnlc.i18n_check import check_files
from gnlc.paths import Project
from gnlc.stats import collect
from linkcheck import files


@pytest.mark.parametrize("lang", langs.TRANSLATIONS, ids=lambda l: l.gettext)
def test_catalogs_are_complete_with_nothing_fuzzy(lang):
    stats = collect(ROOT / "locale", [lang])[0]
    assert stats.total.total > 1000
    assert stats.total.fuzzy == 0 and stats.total.untranslated == 0, stats.total
    assert all(c.percent == 100 for c in stats.pages.values())


def test_i18n_check_passes_on_every_catalog():
    findings = check_files(sorted((ROOT / "locale").rglob("*.po")), Project(ROOT))
    errors = [str(f) for f in findings if f.severity == "error"]
    assert not errors, "\n".join(errors[:30])


@pytest.mark.slow
@pytest.mark.parametrize("lang", langs.TRANSLATIONS, ids=lambda l: l.url)
def test_no_translated_page_falls_back_to_english(site, lang):
    pages = [p for p in files(site.html / lang.url) if p.suffix == ".html"]
    marked = [p.name for p in pages if re.search(r'class="[^"]*\buntranslated\b', p.read_text(encoding="utf-8"))]
    assert not marked
    assert not any("translation-notice" in p.read_text(encoding="utf-8") for p in pages)


@pytest.mark.slow
def test_status_page_shows_every_language_complete(site):
    for lang in LANGUAGES:
        page = (site.html / lang.url / "about" / "status.html").read_text(encoding="utf-8")
        values = re.findall(r'<progress max="100" value="(\d+)"', page)
        assert values == ["100"] * 5, (lang.url, values)


@pytest.mark.slow
@pytest.mark.parametrize("lang", langs.TRANSLATIONS, ids=lambda l: l.url)
def test_interface_strings_are_localized(site, lang):
    page = (site.html / lang.url / "story" / "launch.html").read_text(encoding="utf-8")
    english = (site.html / "en" / "story" / "launch.html").read_text(encoding="utf-8")
    for pattern in (r'<a class="skip-link"[^>]*>([^<]+)</a>', r'<button type="submit">([^<]+)</button>',
                    r'class="pager-label">([^<]+)<', r'<nav class="section-nav" aria-label="([^"]+)"'):
        ours, theirs = re.search(pattern, page).group(1).strip(), re.search(pattern, english).group(1).strip()
        assert ours and ours != theirs, (lang.url, pattern, ours)
    footer_en = re.search(r'<footer class="site-footer">\s*<p>([^<]+)', english).group(1)
    assert footer_en not in page


def test_i18n_stats_json_per_language_and_page(project_copy):
    data = json.loads(gnlc(project_copy, "i18n-stats", "--json").stdout)
    assert sorted(data) == sorted(l.gettext for l in langs.TRANSLATIONS)
    fr = data["fr"]
    assert fr["total"]["percent"] == 100.0 and fr["total"]["translated_words"] > 10_000
    assert "cities/hamburg" in fr["pages"] and fr["pages"]["cities/hamburg"]["untranslated"] == 0
    table = gnlc(project_copy, "i18n-stats", "--pages", "--lang", "ar").stdout
    assert re.search(r"^العربية \(ar\)\s+100%", table, re.M) and "  cities/hamburg" in table
