"""Shared fixtures: real builds of a copy of the project, a loopback server, Chromium.

Builds run on a temporary copy so tests can break things (a PO file, a city)
without touching the checkout, and so they never depend on a previous build.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from gnlc.languages import LANGUAGES  # noqa: E402
from gnlc.paths import Project  # noqa: E402
from gnlc.serve import SiteHandler, SiteServer  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
ARTIFACTS = ROOT / "test-results"


def copy_project(dest: Path) -> Project:
    return Project(ROOT).copy_to(dest)


def gnlc(project: Project, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run the real command line in ``project``, as a contributor would."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "GNLC_ROOT": str(project.root)}
    proc = subprocess.run([sys.executable, "-m", "gnlc", *args], cwd=project.root, env=env,
                          capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise AssertionError(f"gnlc {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Project:
    """One cold build of all six languages, shared by the read-only tests."""
    project = copy_project(tmp_path_factory.mktemp("site"))
    gnlc(project, "build")
    return project


@pytest.fixture()
def project_copy(tmp_path) -> Project:
    return copy_project(tmp_path / "project")


class TestSiteHandler(SiteHandler):
    def end_headers(self):
        # LinkChecker throttles each host to a few requests a second unless the
        # server answers with this header; this server is ours and on loopback.
        self.send_header("LinkChecker", "unthrottled")
        super().end_headers()


class Server:
    def __init__(self, root: Path):
        handler = functools.partial(TestSiteHandler, directory=str(root))
        self.httpd = SiteServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def server(site):
    srv = Server(site.html)
    yield srv
    srv.close()


@pytest.fixture(scope="session")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: run `make test`, which installs it")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class OffsiteRecorder:
    """Blocks and records every request to a host other than the site's own."""

    def __init__(self):
        self.blocked: list[str] = []

    def __call__(self, route):
        host = urlsplit(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost", "::1"):
            return route.continue_()
        self.blocked.append(route.request.url)
        return route.abort()


@pytest.fixture()
def new_page(browser):
    """Open pages in fresh contexts (locale, viewport); off-site requests are blocked and recorded."""
    contexts = []

    def factory(locale: str = "en-US", width: int = 1280, height: int = 800, **kwargs):
        context = browser.new_context(locale=locale, viewport={"width": width, "height": height}, **kwargs)
        recorder = OffsiteRecorder()
        context.route("**/*", recorder)
        contexts.append((context, recorder))
        page = context.new_page()
        page.offsite = recorder.blocked
        return page

    yield factory
    for context, recorder in contexts:
        context.close()
        assert not recorder.blocked, f"requests left the site: {recorder.blocked}"


def source_pages(project: Project) -> list[str]:
    """Every page of the English source, as the HTML path Sphinx writes."""
    return sorted(
        p.relative_to(project.docs).with_suffix(".html").as_posix()
        for p in project.docs.rglob("*.md")
        if not any(part.startswith("_") for part in p.relative_to(project.docs).parts)
    )


__all__ = ["LANGUAGES", "Project", "Server", "copy_project", "gnlc", "source_pages", "ARTIFACTS"]


def box(page, selector: str) -> dict:
    """The bounding box of the first element ``selector`` finds, which must be shown."""
    found = page.locator(selector).first.bounding_box()
    assert found, selector
    return found


def search(page, base_url: str, lang_url: str, query: str) -> tuple[list[str], list[str]]:
    """The result links Sphinx's search shows for ``query``, and any page error on the way."""
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{base_url}{lang_url}/search.html?q={quote(query)}")
    page.wait_for_selector("#search-results ul.search li", timeout=20_000)
    hrefs = page.locator("#search-results ul.search li a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    return hrefs, errors
