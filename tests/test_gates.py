"""Every page of every language passes the browser, accessibility, HTML and link gates."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import LANGUAGES, OffsiteRecorder, Server
from gates import browser_problems, html_checker_errors, linkchecker_errors
from linkcheck import files

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BAD_SITE = Path(__file__).parent / "fixtures" / "bad-site"


@pytest.fixture(scope="module")
def bad_server():
    srv = Server(BAD_SITE)
    yield srv
    srv.close()


def test_each_gate_fails_on_the_bad_page(bad_server, browser):
    context = browser.new_context()
    recorder = OffsiteRecorder()
    context.route("**/*", recorder)
    page = context.new_page()
    problems = browser_problems(page, bad_server.url + "en/index.html")
    context.close()
    assert any(p.startswith("uncaught: ") and "a script that fails" in p for p in problems), problems
    assert any(p.startswith("axe image-alt") for p in problems), problems
    assert any(p.startswith("axe color-contrast") for p in problems), problems
    assert any("tracker.example.com" in url for url in recorder.blocked), recorder.blocked
    html_errors = html_checker_errors([BAD_SITE / "en" / "index.html"])
    assert any("Duplicate ID" in e for e in html_errors), html_errors
    assert any("lang" in e.lower() or "not allowed as child" in e for e in html_errors), html_errors
    links = linkchecker_errors(bad_server.url + "en/index.html")
    assert any("missing.html" in p for p in links), links
    assert any("no-such-anchor" in p for p in links), links


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda l: l.url)
def test_every_page_passes_browser_and_accessibility_gates(site, server, new_page, lang):
    pages = sorted(p.relative_to(site.html / lang.url).as_posix()
                   for p in files(site.html / lang.url) if p.suffix == ".html")
    assert len(pages) > 40
    failures = {}
    for name in pages:
        problems = browser_problems(new_page(locale=lang.bcp47), f"{server.url}{lang.url}/{name}")
        if problems:
            failures[name] = problems
    assert not failures, "\n".join(f"{lang.url}/{k}: {v}" for k, v in failures.items())


def test_html_checker_finds_no_error(site):
    pages = [p for p in files(site.html) if p.suffix == ".html"]
    assert len(pages) > 250
    errors = html_checker_errors(pages)
    assert not errors, "\n".join(errors[:40])


def test_linkchecker_finds_no_broken_link_or_anchor(server):
    problems = linkchecker_errors(server.url)
    assert not problems, "\n".join(problems[:40])
