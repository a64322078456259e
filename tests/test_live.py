"""`make live LANG=fr`: a saved msgstr shows up in the open page without a restart."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import polib
import pytest

from conftest import ROOT, gnlc

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not come up")


def _set_msgstr(po_path, msgid, msgstr):
    catalog = polib.pofile(str(po_path), wrapwidth=0)
    entry = catalog.find(msgid)
    entry.msgstr = msgstr
    entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    catalog.save()


def test_live_preview_shows_a_saved_translation(project_copy, new_page):
    gnlc(project_copy, "i18n-update", "--lang", "fr")
    po = project_copy.locale / "fr" / "LC_MESSAGES" / "about" / "site.po"
    _set_msgstr(po, "How the site is made", "Comment le site est fait")
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "GNLC_ROOT": str(project_copy.root)}
    proc = subprocess.Popen([sys.executable, "-m", "gnlc", "live", "--lang", "fr", "--port", str(port)],
                            cwd=project_copy.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)
    try:
        first_line = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in first_line
        url = f"http://127.0.0.1:{port}/about/site.html"
        _wait_for(url)
        page = new_page(locale="fr-FR")
        page.goto(url)
        assert page.locator("h1").inner_text().startswith("Comment le site est fait")
        _set_msgstr(po, "How the site is made", "Comment ce site est fabriqué")
        # No reload from the test: the live server rebuilds and reloads the page itself.
        page.wait_for_function(
            "() => document.querySelector('h1') && document.querySelector('h1').innerText.startsWith('Comment ce site est fabriqué')",
            timeout=30_000,
        )
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
