"""Public addresses: absolute only when the site's address is known, never a guessed host.

A site built without ``GNLC_SITE_URL`` / ``--site-url`` warns once, writes
root-relative hreflang alternates, no canonical link and no sitemap (whose
``<loc>`` must be absolute); with an address, alternates, canonical links and
the sitemap are absolute under it. Every page has one viewport declaration.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from conftest import LANGUAGES, gnlc, source_pages

pytestmark = pytest.mark.slow

SITE_URL = "https://learning-cities.example.org/portal/"
PAGE = "story/launch.html"


class Head(HTMLParser):
    """The <link> and <meta> elements of a page's head, as a browser's parser reads them."""

    def __init__(self, text: str):
        super().__init__()
        self.links: list[dict] = []
        self.metas: list[dict] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag == "link":
            self.links.append(dict(attrs))
        elif tag == "meta":
            self.metas.append(dict(attrs))


def head(project, lang_url: str, page: str = PAGE) -> Head:
    return Head((project.html / lang_url / page).read_text(encoding="utf-8"))


def alternates(parsed: Head) -> dict[str, str]:
    return {l["hreflang"]: l["href"] for l in parsed.links if l.get("rel") == "alternate" and "hreflang" in l}


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """The same copy built with a public address, then without one."""
    from conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("address"))
    with_url = gnlc(project, "build", "--lang", "en", "--lang", "ar", "--site-url", SITE_URL)
    snapshot = {
        "stderr": with_url.stderr,
        "launch": {url: head(project, url) for url in ("en", "ar")},
        "sitemap": (project.html / "sitemap.xml").read_text(encoding="utf-8"),
        "robots": (project.html / "robots.txt").read_text(encoding="utf-8"),
        "root": Head((project.html / "index.html").read_text(encoding="utf-8")),
    }
    without = gnlc(project, "build", "--lang", "en", "--lang", "ar", "--site-url", "")
    return project, snapshot, without


def test_with_an_address_alternates_canonical_and_sitemap_are_absolute(two_builds):
    project, built, _ = two_builds
    assert "no public address" not in built["stderr"]
    for url in ("en", "ar"):
        parsed = built["launch"][url]
        alts = alternates(parsed)
        assert alts["ar"] == f"{SITE_URL}ar/{PAGE}" and alts["x-default"] == f"{SITE_URL}en/{PAGE}"
        assert len(alts) == len(LANGUAGES) + 1
        canonical = [l["href"] for l in parsed.links if l.get("rel") == "canonical"]
        assert canonical == [f"{SITE_URL}{url}/{PAGE}"]
    locs = re.findall(r"<loc>([^<]+)</loc>", built["sitemap"])
    pages = [p for p in source_pages(project) if p != "404.html"]
    assert sorted(locs) == sorted(f"{SITE_URL}{lang}/{page}" for lang in ("ar", "en") for page in pages)
    assert f"Sitemap: {SITE_URL}sitemap.xml" in built["robots"]
    # The share tags too: absolute URLs of the page and of its language's card.
    og = {m["property"]: m["content"] for m in built["launch"]["ar"].metas if "property" in m}
    assert og["og:url"] == f"{SITE_URL}ar/{PAGE}"
    assert og["og:image"] == f"{SITE_URL}ar/_static/img/share/ar.png"
    root_alts = alternates(built["root"])
    assert root_alts == {"en": f"{SITE_URL}en/", "ar": f"{SITE_URL}ar/"}


def test_without_an_address_it_warns_once_and_writes_no_guessed_host(two_builds):
    project, _, without = two_builds
    assert without.stderr.count("no public address") == 1, without.stderr
    for url in ("en", "ar"):
        text = (project.html / url / PAGE).read_text(encoding="utf-8")
        assert "127.0.0.1" not in text and "localhost" not in text and SITE_URL not in text
        parsed = head(project, url)
        alts = alternates(parsed)
        assert alts == {**{l.bcp47: f"/{l.url}/{PAGE}" for l in LANGUAGES}, "x-default": f"/en/{PAGE}"}
        assert not [l for l in parsed.links if l.get("rel") == "canonical"]
        og = {m["property"]: m["content"] for m in parsed.metas if "property" in m}
        assert og["og:url"] == f"/{url}/{PAGE}" and og["og:image"] == f"/{url}/_static/img/share/{url}.png"
    assert not (project.html / "sitemap.xml").exists()
    robots = (project.html / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap" not in robots and "User-agent: *" in robots
    assert alternates(Head((project.html / "index.html").read_text(encoding="utf-8"))) == {"en": "/en/", "ar": "/ar/"}


def test_one_viewport_declaration_per_page(two_builds):
    project, built, _ = two_builds
    for url in ("en", "ar"):
        for page in ("index.html", PAGE, "search.html", "404.html", "cities/hamburg.html"):
            viewports = [m for m in head(project, url, page).metas if m.get("name") == "viewport"]
            assert len(viewports) == 1, (url, page, viewports)
        assert len([m for m in built["launch"][url].metas if m.get("name") == "viewport"]) == 1


def test_an_address_that_is_not_absolute_is_refused(project_copy):
    proc = gnlc(project_copy, "build", "--lang", "en", "--site-url", "learning-cities.example.org",
                check=False)
    assert proc.returncode == 2 and "not an absolute http(s) address" in proc.stderr
    assert not (project_copy.html / "en").exists()
