"""Every page reads in its own language: no English escapes translation, and
figures and dates are written the way each language writes them (CLDR, through Babel)."""

from __future__ import annotations

import datetime as dt
import re
import sys
from html.parser import HTMLParser

import pytest
from babel.dates import format_date, format_interval
from babel.numbers import format_compact_decimal, format_decimal, format_percent

from conftest import LANGUAGES, ROOT, gnlc
from english_text import english_text
from linkcheck import files

sys.path.insert(0, str(ROOT / "docs" / "_ext"))

import local_formats  # noqa: E402
import site_facts  # noqa: E402
from gnlc import yaml_data  # noqa: E402

TRANSLATED = [lang for lang in LANGUAGES if not lang.is_source]
CLDR = {"en": "en_001", "fr": "fr", "es": "es", "ru": "ru", "zh_CN": "zh_Hans_CN", "ar": "ar"}
FACTS = yaml_data.load((ROOT / "docs" / "_data" / "facts.yaml").read_text(encoding="utf-8"))
CITY_ROW = re.compile(r"^\|\s*(?P<name>[^|]+?),[^|]*\|[^|]*\|[^|]*\|\s*(?P<lat>-?\d+\.\d+),\s*(?P<lon>-?\d+\.\d+)")


# -- English that escaped translation -------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("lang", TRANSLATED, ids=lambda l: l.url)
def test_no_english_outside_lang_en_on_translated_pages(site, lang):
    pages = [p for p in files(site.html / lang.url) if p.suffix == ".html"]
    assert len(pages) > 40
    found = {}
    for page in pages:
        hits = english_text(page.read_text(encoding="utf-8"))
        if hits:
            found[page.relative_to(site.html).as_posix()] = hits[:5]
    assert not found, f"English text not marked lang=\"en\": {found}"


def test_english_detection_finds_the_footer_when_its_translation_breaks(project_copy):
    """The check must fail on what it is for: here, the footer back to conf.py's English."""
    layout = project_copy.root / "_templates" / "layout.html"
    text = layout.read_text(encoding="utf-8")
    footer = re.search(r'<p class="site-licence">.*?</p>', text, re.S)
    assert footer, "the footer's licence paragraph moved: update this test"
    layout.write_text(text.replace(footer.group(0), "<p>{{ copyright }}</p>"), encoding="utf-8")
    gnlc(project_copy, "build", "--lang", "ar")
    hits = english_text((project_copy.html / "ar" / "cities" / "hamburg.html").read_text(encoding="utf-8"))
    assert any(path.endswith("footer/p") and "contributors" in text for path, text in hits), hits


def test_english_detection_accepts_english_marked_as_english():
    assert english_text('<p lang="ar">نص <span lang="en" dir="ltr">Your Place is Here and the rest</span></p>') == []
    assert english_text('<p lang="fr">Le texte est disponible sous licence CC BY 4.0.</p>') == []
    assert english_text('<p>The text is available under the licence.</p>')
    assert english_text('<a title="Link to this heading">#</a>')


# -- Facts as each language writes them --------------------------------------------

def cldr_compact(value: int, lang: str) -> str:
    kind = "short" if lang in ("ru", "zh_CN") else "long"
    for digits in range(4):  # the fewest fraction digits that lose nothing
        text = format_compact_decimal(value, format_type=kind, locale=CLDR[lang], fraction_digits=digits,
                                      numbering_system="latn")
        again = format_compact_decimal(value, format_type=kind, locale=CLDR[lang], fraction_digits=digits + 3,
                                       numbering_system="latn")
        if text == again:
            return text
    raise AssertionError(value)


def cldr_range(start: str, end: str, lang: str) -> str:
    """CLDR's interval, with the month as wide as in CLDR's long date format."""
    a, b = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    text = format_interval(a, b, "yMMMMd" if lang == "es" else "yMMMd", locale=CLDR[lang])
    months = {a.month, b.month}
    for m in months:
        long_date = format_date(dt.date(a.year, m, 1), "long", locale=CLDR[lang])
        short = format_date(dt.date(a.year, m, 1), "MMM", locale=CLDR[lang])
        wide = format_date(dt.date(a.year, m, 1), "MMMM", locale=CLDR[lang])
        if wide in long_date and not re.search(r"\d", short):
            text = re.sub(rf"(?<!\w){re.escape(short)}(?!\w)", wide, text)
    return text


@pytest.mark.parametrize("value, expected", [
    (310_000_000, "310 ملايين"), (5_000_000, "5 ملايين"), (10_000_000, "10 ملايين"), (11_000_000, "11 مليونًا"),
    (99_000_000, "99 مليونًا"), (100_000_000, "100 مليون"), (2_000_000, "2 مليونين"), (1_000_000, "1 مليون"),
    (425_000_000, "425 مليونًا"), (3_000_000_000, "3 مليارات"),
])
def test_arabic_counted_noun_agrees_with_the_number(value, expected):
    assert local_formats.compact(value, "ar") == expected


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda l: l.url)
def test_every_fact_is_formatted_as_cldr_writes_it_in_each_language(lang):
    code = lang.gettext
    values = site_facts.substitutions(FACTS, code)
    figures = FACTS["key_figures"]
    assert values["cities"] == format_decimal(figures["cities"], locale=CLDR[code], numbering_system="latn")
    if code == "ar":  # CLDR's one word per magnitude, with the noun agreeing with the whole number
        assert values["inhabitants"] == "310 ملايين", values["inhabitants"]
    else:
        assert values["inhabitants"] == cldr_compact(figures["inhabitants_million"] * 1_000_000, code)
    for key in site_facts.PERCENTAGES:
        assert values[key] == format_percent(figures[key] / 100, locale=CLDR[code], numbering_system="latn")
    for conference in FACTS["conferences"]:
        dates = conference["dates"]
        assert values[f"conference_{conference['number']}_dates"] == cldr_range(dates["start"], dates["end"], code)
    assert values["latest_round_date"] == format_date(dt.date(2025, 12, 4), "long", locale=CLDR[code])
    assert values["as_of"] == str(figures["as_of"]) and values["launch_year"] == str(FACTS["launch"]["year"])
    # Western digits everywhere, Arabic included (project policy).
    assert all(not re.search(r"[\u0660-\u0669\u06f0-\u06f9]", v) for v in values.values()), values


EXPECTED = {
    # What a reader of each language expects, written out by hand as a check on the CLDR path.
    "en": {"inhabitants": "310 million", "latest_round_date": "4 December 2025", "urban_share_now": "55%",
           "conference_1_dates": "21–23 October 2013"},
    "fr": {"inhabitants": "310 millions", "latest_round_date": "4 décembre 2025", "urban_share_now": "55\xa0%",
           "conference_1_dates": "21–23 octobre 2013"},
    "es": {"inhabitants": "310 millones", "latest_round_date": "4 de diciembre de 2025",
           "conference_1_dates": "21–23 de octubre de 2013"},
    "ru": {"inhabitants": "310\xa0млн", "latest_round_date": "4 декабря 2025\u202fг."},
    "zh_CN": {"inhabitants": "3.1亿", "latest_round_date": "2025年12月4日", "urban_share_now": "55%"},
    "ar": {"latest_round_date": "4 ديسمبر 2025", "cities": "292"},
}


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda l: l.url)
def test_facts_read_as_each_language_writes_them(lang):
    values = site_facts.substitutions(FACTS, lang.gettext)
    for key, expected in EXPECTED[lang.gettext].items():
        assert values[key] == expected, (key, values[key])
    assert site_facts.substitutions(FACTS, "ar")["inhabitants"] == "310 ملايين"  # the noun agrees with 310


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda l: l.url)
def test_coordinates_use_each_language_decimal_sign(lang):
    text = local_formats.coordinates(53.565, -6.26, lang.gettext)
    decimal = format_decimal(1.5, locale=CLDR[lang.gettext], numbering_system="latn")[1]
    assert f"53{decimal}565°" in text and f"6{decimal}260°" in text, text
    assert "-" not in text  # hemispheres, not signs


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def page_text(path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    # Collapse only the markup's own whitespace: the facts carry no-break spaces.
    return re.sub(r"[ \t\r\n]+", " ", " ".join(parser.parts))


@pytest.mark.slow
@pytest.mark.parametrize("code", ["zh_CN", "ar", "fr"])
def test_built_pages_show_the_localized_facts(site, code):
    lang = next(l for l in LANGUAGES if l.gettext == code)
    values = site_facts.substitutions(FACTS, code)
    root = site.html / lang.url
    landing = page_text(root / "index.html")
    assert values["inhabitants"] in landing
    timeline = page_text(root / "story" / "timeline.html")
    for conference in FACTS["conferences"]:
        assert values[f"conference_{conference['number']}_dates"] in timeline
    assert values["urban_share_now"] in page_text(root / "story" / "why-cities.html")
    assert values["latest_round_date"] in page_text(root / "join" / "index.html")
    for round_ in FACTS["membership"]:  # the growth table's dates
        date = str(round_["date"])
        shown = local_formats.date(date, code) if len(date) == 10 else local_formats.month(date, code)
        assert shown in timeline, shown
    hamburg = page_text(root / "cities" / "hamburg.html")
    assert local_formats.coordinates(53.565, 10.001, code) in hamburg
    if code == "zh_CN":
        assert "3.1亿" in landing and "百万" not in landing
    if code == "ar":
        assert not re.search(r"[\u0660-\u0669]", landing + timeline + hamburg)
        assert "ديسمبر" in page_text(root / "join" / "index.html")
    if code == "fr":
        assert "53,565° N, 10,001° E" in hamburg and "310 millions" in landing


@pytest.mark.slow
def test_footer_is_translated_with_licences_and_attribution(site):
    for lang in TRANSLATED:
        html = (site.html / lang.url / "index.html").read_text(encoding="utf-8")
        footer = html.split('<footer class="site-footer">')[1].split("</footer>")[0]
        assert 'href="https://creativecommons.org/licenses/by/4.0/"' in footer and ">MIT<" in footer
        assert '<bdi dir="ltr">2023–2026</bdi>' in footer
        assert "contributors" not in footer, lang.url


@pytest.mark.slow
def test_glossary_marks_the_portals_own_terms(site):
    glossary = yaml_data.load((ROOT / "docs" / "_data" / "glossary.yaml").read_text(encoding="utf-8"))
    own = {term["id"] for term in glossary if term.get("source") == "portal"}
    assert own == {"national-commission", "iclc", "award", "esd", "sdg", "member-state"}
    for lang in LANGUAGES:
        html = (site.html / lang.url / "about" / "glossary.html").read_text(encoding="utf-8")
        for term in glossary:
            row = re.search(rf'<tr id="term-{term["id"]}">(.*?)</tr>', html, re.S).group(1)
            assert ('class="term-mark"' in row) == (term["id"] in own), (lang.url, term["id"])
