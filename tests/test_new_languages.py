"""A seventh (and eighth) language in one command: German and Persian added to a copy.

`gnlc add-language de` and `gnlc add-language fa` on a copy of the project that
was built before with the six languages, a handful of entries translated in
each, one more build: every point of issue #19 is checked on the real output,
and the six published languages are compared with what they were before, byte
for byte, but for the menu entries and alternates that name the new languages
(and the status page, whose table and bars list every language).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import polib
import pytest
import yaml

from conftest import ARTIFACTS, Server, box, copy_project, gnlc, search, source_pages
from gnlc import languages as langs

pytestmark = pytest.mark.slow

# (catalog, msgid) -> msgstr, a handful per language; plain text, so the guard accepts them.
TRANSLATIONS = {
    "de": {
        ("about/site.po", "How the site is made"): "Wie die Website gebaut ist",
        ("about/site.po", "Why a theme of our own"): "Warum die Lernstädte ein eigenes Design haben",
        ("about/site.po", "Language menu"): "Sprachmenü",
        ("sphinx.po", "Search"): "Suche",
        ("sphinx.po", "Menu"): "Menü",
    },
    "fa": {
        ("about/site.po", "How the site is made"): "این وبگاه چگونه ساخته شده است",
        ("about/site.po", "Why a theme of our own"): "چرا پوسته خودمان",
        ("about/site.po", "Language menu"): "فهرست زبان‌ها",
        ("sphinx.po", "Search"): "جستجو",
        ("sphinx.po", "Menu"): "فهرست",
    },
}
SIX = ("en", "fr", "es", "ru", "zh-cn", "ar")
STATUS = Path("about/status.html")


def translate(project, code: str) -> None:
    for (catalog, msgid), msgstr in TRANSLATIONS[code].items():
        po = polib.pofile(str(project.locale / code / "LC_MESSAGES" / catalog), wrapwidth=79)
        po.find(msgid).msgstr = msgstr
        po.save()
    gnlc(project, "i18n-format", *(str(project.locale / code / "LC_MESSAGES" / c) for c, _ in TRANSLATIONS[code]))


SITE_URL = "http://127.0.0.1:8000/"  # the sitemap and absolute alternates need the public address


@pytest.fixture(scope="module")
def added(tmp_path_factory):
    root = tmp_path_factory.mktemp("added")
    project = copy_project(root / "project")
    gnlc(project, "build", "--site-url", SITE_URL)
    before = root / "before"
    shutil.copytree(project.html, before, symlinks=False)  # the published six, links followed
    outputs = [gnlc(project, "add-language", code).stdout for code in ("de", "fa")]
    for code in ("de", "fa"):
        translate(project, code)
    gnlc(project, "build", "--site-url", SITE_URL)
    return project, before, outputs


def declared(project) -> dict[str, langs.Language]:
    return {l.gettext: l for l in langs.load(project.root).languages}


def test_add_language_declares_it_once_from_cldr(added):
    project, _, outputs = added
    found = declared(project)
    assert list(found) == ["en", "fr", "es", "ru", "zh_CN", "ar", "de", "fa"]
    de, fa = found["de"], found["fa"]
    assert (de.url, de.bcp47, de.name, de.english, de.direction, de.stemmer) == ("de", "de", "Deutsch", "German", "ltr", "german")
    assert (fa.url, fa.bcp47, fa.name, fa.english, fa.direction, fa.stemmer) == ("fa", "fa", "فارسی", "Persian", "rtl", None)
    assert de.fonts is None and fa.fonts.package == "@fontsource/noto-naskh-arabic"
    assert "declared German (de)" in outputs[0] and "created 43 catalogs" in outputs[0]
    # The same again is refused, and changes nothing.
    text = (project.root / langs.DATA_FILE).read_text(encoding="utf-8")
    again = gnlc(project, "add-language", "de", check=False)
    assert again.returncode == 2 and "declared already" in again.stderr
    assert (project.root / langs.DATA_FILE).read_text(encoding="utf-8") == text


def test_catalogs_created_from_the_templates_with_the_team_header(added):
    project, _, _ = added
    fr = sorted(p.relative_to(project.locale / "fr").as_posix() for p in (project.locale / "fr").rglob("*.po"))
    for code, team in (("de", "German"), ("fa", "Persian")):
        folder = project.locale / code
        assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.po")) == fr
        po = polib.pofile(str(folder / "LC_MESSAGES" / "index.po"))
        assert po.metadata["Language"] == code
        assert po.metadata["Language-Team"] == f"GNLC {team} translators <docs/contribute/translate.md>"
    # Nothing else to do by hand: the catalogs are in step, and i18n-check finds no error.
    assert "0 created, 0 updated" in gnlc(project, "i18n-update").stdout
    check = gnlc(project, "i18n-check", str(project.locale / "de"), str(project.locale / "fa"), check=False)
    assert check.returncode == 0, check.stdout


@pytest.mark.parametrize("code", ["de", "fa"])
def test_its_pages_with_lang_and_direction(added, code):
    project, _, _ = added
    lang = declared(project)[code]
    for page in source_pages(project):
        text = (project.html / lang.url / page).read_text(encoding="utf-8")
        tag = re.search(r"<html[^>]*>", text).group(0)
        assert f'lang="{lang.bcp47}" dir="{lang.direction}"' in tag, (page, tag)


def test_every_page_of_every_language_offers_both_in_menu_and_alternates(added):
    project, _, _ = added
    every = declared(project).values()
    for lang in every:
        for page in source_pages(project):
            text = (project.html / lang.url / page).read_text(encoding="utf-8")
            menu = re.search(r'<details class="language-menu">.*?</details>', text, re.S).group(0)
            assert re.findall(r'hreflang="([^"]+)"', menu) == [l.bcp47 for l in every], (lang.url, page)
            for new in ("de", "fa"):
                assert f'<link rel="alternate" hreflang="{new}" href="http://127.0.0.1:8000/{new}/{page}">' in text


def test_sitemap_and_root_page(added):
    project, _, _ = added
    sitemap = (project.html / "sitemap.xml").read_text(encoding="utf-8")
    for new in ("de", "fa"):
        for page in (p for p in source_pages(project) if p != "404.html"):
            assert f"<loc>http://127.0.0.1:8000/{new}/{page}</loc>" in sitemap
    root = (project.html / "index.html").read_text(encoding="utf-8")
    assert '<a href="de/" hreflang="de" lang="de" dir="ltr">Deutsch</a>' in root
    assert '<a href="fa/" hreflang="fa" lang="fa" dir="rtl">فارسی</a>' in root


def test_status_page_has_their_column(added):
    project, _, _ = added
    status = (project.html / "en" / STATUS).read_text(encoding="utf-8")
    assert '<th scope="col" lang="de">Deutsch</th>' in status and '<th scope="col" lang="fa">فارسی</th>' in status
    stats = json.loads(gnlc(project, "i18n-stats", "--json").stdout)
    percent = stats["de"]["total"]["percent"]
    assert f'<progress max="100" value="{percent}" aria-label="Deutsch">' in status


def test_localized_404(added):
    project, _, _ = added
    for code, direction in (("de", "ltr"), ("fa", "rtl")):
        text = (project.html / code / "404.html").read_text(encoding="utf-8")
        assert f'<base href="/{code}/">' in text and f'<html lang="{code}" dir="{direction}"' in text


def test_fallback_english_marked_under_the_banner(added):
    project, _, _ = added
    for code, title in (("de", "Wie die Website gebaut ist"), ("fa", "این وبگاه چگونه ساخته شده است")):
        page = (project.html / code / "about" / "site.html").read_text(encoding="utf-8")
        assert title in page
        notice = re.search(r'<p class="translation-notice">(.*?)</p>', page, re.S)
        assert notice and re.search(r"\d+\s?%", notice.group(1))
        assert page.index('class="translation-notice"') < page.index('class="untranslated"')
        marked = re.findall(r'<p lang="en" dir="ltr" class="untranslated">([^<]*)', page)
        assert any(m.startswith("The portal is a static website") for m in marked)
        assert "Suche" in page if code == "de" else "جستجو" in page  # the theme's words too


def test_search_indexes_with_the_stemmer(added):
    project, _, _ = added
    data = (project.html / "de" / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(data[data.index("(") + 1:data.rindex(")")])
    assert "lernstadt" in index["titleterms"]  # "Lernstädte" stemmed by Snowball's German
    assert "GermanStemmer" in (project.html / "de" / "_static" / "language_data.js").read_text(encoding="utf-8")
    fa = (project.html / "fa" / "searchindex.js").read_text(encoding="utf-8")
    assert "پوسته" in json.loads(fa[fa.index("(") + 1:fa.rindex(")")])["titleterms"]


def _index(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1:text.rindex(")")])


MENU_ENTRY = re.compile(r'\s*<li><a href="[^"]*" hreflang="(?:de|fa)"[^>]*>[^<]*</a></li>')
ALTERNATE = re.compile(r'\n\s*<link rel="alternate" hreflang="(?:de|fa)" href="[^"]*">'
                       r'|\n\s*<meta property="og:locale:alternate" content="(?:de|fa)_[A-Z]{2}" />')


@pytest.mark.parametrize("url", SIX)
def test_the_six_change_only_where_they_name_the_new_languages(added, url):
    project, before, _ = added
    old, new = before / url, (project.html / url).resolve()
    files = lambda root: {p.relative_to(root) for p in root.rglob("*") if p.is_file()}  # noqa: E731
    assert files(old) == files(new)  # no German captions file, for one: none of its cues is translated
    changed = []
    for rel in sorted(files(old)):
        a, b = (old / rel).read_bytes(), (new / rel).read_bytes()
        if a == b:
            continue
        if rel.suffix == ".html" and rel != STATUS:
            stripped = ALTERNATE.sub("", MENU_ENTRY.sub("", b.decode("utf-8")))
            assert stripped.encode("utf-8") == a, f"{url}/{rel} changed beyond the menu and alternates"
            continue
        changed.append(rel.as_posix())
    assert changed == ["about/status.html", "searchindex.js"]
    # The search index changed only by the words of the status page (the new languages' names).
    a, b = _index(old / "searchindex.js"), _index(new / "searchindex.js")
    status = b["docnames"].index("about/status")
    assert {k: v for k, v in a.items() if k != "terms"} == {k: v for k, v in b.items() if k != "terms"}
    def postings(index, term):
        value = index["terms"].get(term, [])
        return set(value if isinstance(value, list) else [value])

    for term in set(a["terms"]) | set(b["terms"]):
        assert postings(a, term) ^ postings(b, term) <= {status}, term


@pytest.fixture(scope="module")
def added_server(added):
    server = Server(added[0].html)
    yield server
    server.close()


@pytest.mark.browser
@pytest.mark.parametrize(("locale", "expected"), [("de-DE", "de"), ("de-AT", "de"), ("fa-IR", "fa"), ("fr-FR", "fr")])
def test_root_negotiates_them(added_server, new_page, locale, expected):
    page = new_page(locale=locale)
    page.goto(added_server.url)
    page.wait_for_url(f"{added_server.url}{expected}/")


@pytest.mark.browser
@pytest.mark.parametrize(("url", "query"), [("de", "Lernstadt"), ("fa", "پوسته")])
def test_search_finds_the_translated_page(added_server, new_page, url, query):
    page = new_page(locale=url)
    hrefs, errors = search(page, added_server.url, url, query)
    assert any(h.startswith("about/site.html") for h in hrefs), hrefs
    page.wait_for_function("document.querySelector('.search-summary') && document.querySelector('.search-summary').innerText")
    assert not errors, errors


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_persian_is_right_to_left_and_mirrored(added_server, new_page, width):
    ARTIFACTS.mkdir(exist_ok=True)
    fa = new_page(locale="fa", width=width, height=900)
    fa.goto(f"{added_server.url}fa/story/launch.html")
    fa.screenshot(path=str(ARTIFACTS / f"fa-story-{width}.png"))
    assert fa.locator("html").get_attribute("dir") == "rtl"
    assert fa.evaluate("document.scrollingElement.scrollWidth") <= width + 1, "horizontal overflow"
    brand = box(fa, ".brand")
    assert brand["x"] + brand["width"] / 2 > width / 2, "the site name starts on the right"
    assert box(fa, ".pager-next")["x"] < box(fa, ".pager-prev")["x"], "'next' is on the left"
    assert fa.locator(".pager-next .arrow").evaluate("e => getComputedStyle(e).transform").startswith("matrix(-1")
    assert fa.locator("body").evaluate("e => getComputedStyle(e).fontFamily").startswith('"Noto Naskh Arabic"')
    if width >= 1000:
        assert box(fa, ".section-nav")["x"] > box(fa, "main")["x"], "the section navigation is on the right"
    # English passages on the Persian page read left to right.
    english = fa.locator("main p.untranslated").first
    assert english.evaluate("e => getComputedStyle(e).direction") == "ltr"
    de = new_page(locale="de", width=width, height=900)
    de.goto(f"{added_server.url}de/story/launch.html")
    assert de.locator("html").get_attribute("dir") == "ltr"
    assert box(de, ".pager-next")["x"] > box(de, ".pager-prev")["x"]


@pytest.mark.browser
def test_language_menu_leads_to_them(added_server, new_page):
    page = new_page(locale="en")
    page.goto(f"{added_server.url}en/cities/hamburg.html")
    page.locator("details.language-menu summary").click()
    page.locator('details.language-menu a[hreflang="fa"]').click()
    page.wait_for_url("**/fa/cities/hamburg.html")


def test_menu_threshold_is_a_setting(added):
    """Last in this module: it changes the copy. Below the threshold a language is built, not offered."""
    project, _, _ = added
    path = project.root / langs.DATA_FILE
    text = path.read_text(encoding="utf-8")
    assert re.search(r"^menu_threshold: 0$", text, re.M)
    path.write_text(re.sub(r"^menu_threshold: 0$", "menu_threshold: 50", text, flags=re.M), encoding="utf-8")
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["menu_threshold"] == 50
    gnlc(project, "build", "--lang", "en", "--lang", "de", "--lang", "fr", "--site-url", SITE_URL)
    en = (project.html / "en" / "index.html").read_text(encoding="utf-8")
    menu = re.search(r'<details class="language-menu">.*?</details>', en, re.S).group(0)
    assert re.findall(r'hreflang="([^"]+)"', menu) == ["en", "fr", "es", "ru", "zh-CN", "ar"]
    assert 'hreflang="de"' not in en and 'hreflang="fa"' not in en
    de = (project.html / "de" / "index.html").read_text(encoding="utf-8")
    menu = re.search(r'<details class="language-menu">.*?</details>', de, re.S).group(0)
    assert re.findall(r'hreflang="([^"]+)"', menu) == ["en", "fr", "es", "ru", "zh-CN", "ar", "de"]
    root = (project.html / "index.html").read_text(encoding="utf-8")
    sitemap = (project.html / "sitemap.xml").read_text(encoding="utf-8")
    assert 'hreflang="de"' not in root and "/de/" not in sitemap and "/fa/" not in sitemap
    assert (project.html / "de" / "index.html").is_file()  # built and published all the same
