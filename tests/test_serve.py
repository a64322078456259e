"""`gnlc serve`: builds, serves, and rebuilds on save the languages a save touches.

Each test runs its own `gnlc serve` (English and French, in a copy of the
project) as a contributor has it running while editing, and reads the pages
over HTTP, as a browser would.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


class Serve:
    def __init__(self, project):
        self.project = project
        self.log_path = project.root / "serve.log"
        env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "GNLC_ROOT": str(project.root)}
        self.log = self.log_path.open("w", encoding="utf-8")
        self.proc = subprocess.Popen([sys.executable, "-m", "gnlc", "serve", "--port", "0", "--lang", "en,fr"],
                                     cwd=project.root, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        self.wait_for_log("Rebuilding on every save", timeout=300)
        self.url = re.search(r"Serving the site at (http://\S+/)", self.text()).group(1)

    def text(self) -> str:
        return self.log_path.read_text(encoding="utf-8")

    def wait_for_log(self, pattern: str, since: int = 0, timeout: float = 120) -> str:
        deadline = time.monotonic() + timeout
        while not re.search(pattern, self.text()[since:], re.M):
            assert self.proc.poll() is None, self.text()[-3000:]
            assert time.monotonic() < deadline, f"no {pattern!r} in:\n{self.text()[since:][-3000:]}"
            time.sleep(0.1)
        return self.text()[since:]

    def page(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path, timeout=10) as response:
            return response.read().decode("utf-8")

    def wait_for_page(self, path: str, text: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.page(path):
            assert self.proc.poll() is None, self.text()[-3000:]
            assert time.monotonic() < deadline, f"{path} never showed {text!r}:\n{self.text()[-3000:]}"
            time.sleep(0.1)

    def stop(self) -> int:
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
        code = self.proc.wait(timeout=60)
        self.log.close()
        return code


@pytest.fixture()
def served(project_copy):
    serve = Serve(project_copy)
    yield serve
    serve.stop()


def _set_msgstr(project, lang: str, po_rel: str, msgid: str, msgstr: str) -> None:
    po = project.locale / lang / "LC_MESSAGES" / po_rel
    text = po.read_text(encoding="utf-8")
    new, count = re.subn(rf'^(msgid "{re.escape(msgid)}"\nmsgstr )".*"$', lambda m: f'{m[1]}"{msgstr}"', text,
                         flags=re.M)
    assert count == 1, f"{po}: no single entry for {msgid!r}"
    po.write_text(new, encoding="utf-8")


def test_a_saved_msgstr_reaches_the_served_page_and_only_its_language_is_rebuilt(served):
    assert "Pourquoi un thème propre" in served.page("fr/about/site.html")
    since = len(served.text())
    _set_msgstr(served.project, "fr", "about/site.po", "Why a theme of our own", "Pourquoi un thème à nous")
    served.wait_for_page("fr/about/site.html", "Pourquoi un thème à nous")
    rebuild = served.wait_for_log(r"^Français \(fr\).*published$", since)
    assert "[fr   ] building" in rebuild
    assert "[en   ] unchanged since its last build" in rebuild and "[en   ] building" not in rebuild


def test_a_failing_language_fails_alone_and_recovers(served):
    good_fr = served.page("fr/about/site.html")
    po = served.project.locale / "fr" / "LC_MESSAGES" / "about" / "site.po"
    good = po.read_text(encoding="utf-8")
    since = len(served.text())
    # French gets a link to nowhere (Sphinx warns, and warnings are errors), then both
    # languages a changed source page; French first, so that it never builds in between.
    po.write_text(good.replace('msgstr "Pourquoi un thème propre"',
                               'msgstr "Pourquoi un {doc}`thème </nulle-part>` propre"'), encoding="utf-8")
    source = served.project.docs / "about" / "site.md"
    source.write_text(source.read_text(encoding="utf-8").replace(
        "The portal is a static website.", "The portal is a static web site.", 1), encoding="utf-8")
    served.wait_for_log(r"^English \(en\).*published$", since)
    rebuild = served.wait_for_log(r"^fr: .*nulle-part", since)
    assert re.search(r"^Français \(fr\).*FAILED, previous version kept", rebuild, re.M), rebuild
    # Reported at its catalog's line: the translation guard refuses the added role.
    assert re.search(r"^fr: locale/fr/LC_MESSAGES/about/site\.po:\d+: role: .*nulle-part", rebuild, re.M), rebuild
    assert re.search(r"^English \(en\).*published$", rebuild, re.M), rebuild
    assert "static web site" in served.page("en/about/site.html")
    assert served.page("fr/about/site.html") == good_fr  # the previous version, still served
    since = len(served.text())
    po.write_text(good, encoding="utf-8")
    rebuild = served.wait_for_log(r"^Français \(fr\).*published$", since)
    assert "FAILED" not in rebuild
    page = served.page("fr/about/site.html")
    assert "Pourquoi un thème propre" in page and "nulle-part" not in page


def test_sigterm_stops_the_server_and_its_builds(project_copy):
    serve = Serve(project_copy)
    page = project_copy.docs / "about" / "site.md"
    since = len(serve.text())
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    serve.wait_for_log(r"\[(en|fr) *\] building", since)
    assert serve.stop() == 0
    assert "stopped" in serve.text()
    deadline = time.monotonic() + 10
    while True:  # no sphinx-build left behind in the server's process group
        try:
            os.killpg(serve.proc.pid, 0)
        except ProcessLookupError:
            break
        assert time.monotonic() < deadline, "processes of gnlc serve left running"
        time.sleep(0.1)
    with pytest.raises(urllib.error.URLError):
        serve.page("en/index.html")
