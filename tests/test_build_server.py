"""`gnlc serve` keeps each language's Sphinx warm: rebuilds on save, and `gnlc build` uses it.

One real server runs for the whole module, in a copy of the project, as a
contributor has it running while editing. Its rebuilds must publish exactly
what a build from scratch publishes.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import pytest

from conftest import ROOT, copy_project, gnlc
from gnlc.build_server import socket_path

pytestmark = pytest.mark.slow

SERVED = "built by the server of gnlc serve"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("served") / "project")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "GNLC_ROOT": str(project.root)}
    log = (project.root / "serve.log").open("w+", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "gnlc", "serve", "--port", "0"], cwd=project.root, env=env,
                            stdout=log, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 300
    while "Serving the site" not in (project.root / "serve.log").read_text(encoding="utf-8"):
        assert proc.poll() is None and time.monotonic() < deadline, (project.root / "serve.log").read_text()
        time.sleep(0.2)
    yield project, proc
    if proc.poll() is None:
        proc.terminate()
        proc.wait(timeout=60)
    log.close()


def _set_msgstr(project, lang: str, po_rel: str, msgid: str, msgstr: str) -> None:
    po = project.locale / lang / "LC_MESSAGES" / po_rel
    text = po.read_text(encoding="utf-8")
    new, count = re.subn(rf'^(msgid "{re.escape(msgid)}"\nmsgstr )".*"$', lambda m: f'{m[1]}"{msgstr}"', text,
                         flags=re.M)
    assert count == 1, f"{po}: no single entry for {msgid!r}"
    po.write_text(new, encoding="utf-8")


def _page(project, lang: str, page: str) -> str:
    return (project.html / lang / page).read_text(encoding="utf-8")


def test_build_hands_its_work_to_the_running_server(served):
    project, _ = served
    assert SERVED in gnlc(project, "build").stdout
    alone = gnlc(project, "build", "--no-server", "--lang", "fr").stdout
    assert SERVED not in alone and "Français (fr)" in alone
    # The build without the server rewrote French's state on disk: the server notices
    # and starts French afresh instead of writing over it from memory.
    _set_msgstr(project, "fr", "about/site.po", "How the site is made", "Comment le site est bâti")
    assert SERVED in gnlc(project, "build", "--lang", "fr").stdout
    assert "Comment le site est bâti" in _page(project, "fr", "about/site.html")


def test_a_saved_translation_is_published_without_asking(served):
    project, _ = served
    _set_msgstr(project, "fr", "about/site.po", "How the site is made", "Comment ce site est fabriqué")
    deadline = time.monotonic() + 60
    while "Comment ce site est fabriqué" not in _page(project, "fr", "about/site.html"):
        assert time.monotonic() < deadline, (project.root / "serve.log").read_text(encoding="utf-8")[-3000:]
        time.sleep(0.2)


def test_changed_facts_reach_every_page_that_shows_them(served):
    # Facts are read once when a Sphinx application starts: the server must start new ones.
    project, _ = served
    assert "76 countries" in _page(project, "en", "index.html")
    facts = project.data / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("countries: 76", "countries: 77"), encoding="utf-8")
    assert SERVED in gnlc(project, "build", "--lang", "en").stdout
    assert "77 countries" in _page(project, "en", "index.html")


def test_warm_rebuilds_publish_what_a_build_from_scratch_publishes(served, tmp_path):
    project, _ = served
    page = project.docs / "about" / "site.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "The portal is a static website.", "The portal is a static web site.", 1), encoding="utf-8")
    _set_msgstr(project, "fr", "about/site.po", "How the site is made", "Comment le site est construit")
    assert SERVED in gnlc(project, "build").stdout
    fresh = copy_project(tmp_path / "fresh")
    for name in ("docs", "locale"):
        subprocess.run(["cp", "-a", f"{project.root / name}/.", str(fresh.root / name)], check=True)
    gnlc(fresh, "build", "--no-server", "--lang", "en,fr,zh_CN,ar")
    for lang in ("en", "fr", "zh-cn", "ar"):
        warm = sorted(p.relative_to(project.html / lang) for p in (project.html / lang).rglob("*.html"))
        cold = sorted(p.relative_to(fresh.html / lang) for p in (fresh.html / lang).rglob("*.html"))
        assert warm == cold
        different = [str(p) for p in warm if _page(project, lang, p) != _page(fresh, lang, p)]
        assert not different, f"{lang}: pages differ from a build from scratch: {different}"
    assert "static web site" in _page(project, "en", "about/site.html")
    assert "Comment le site est construit" in _page(project, "fr", "about/site.html")


def test_a_failing_language_fails_alone_and_recovers(served):
    project, _ = served
    po = project.locale / "fr" / "LC_MESSAGES" / "about" / "site.po"
    good = po.read_text(encoding="utf-8")
    # A msgstr whose link points nowhere: Sphinx warns, and warnings are errors.
    po.write_text(good.replace('msgstr "Pourquoi un thème propre"',
                               'msgstr "Pourquoi un {doc}`thème </nulle-part>` propre"'), encoding="utf-8")
    proc = gnlc(project, "build", "--lang", "en,fr", check=False)
    assert proc.returncode == 1 and SERVED in proc.stdout, proc.stdout
    assert re.search(r"^Français \(fr\).*FAILED, previous version kept", proc.stdout, re.M), proc.stdout
    assert re.search(r"^fr: .*site\.md.*nulle-part", proc.stdout, re.M), proc.stdout
    assert re.search(r"^English \(en\).*(published|unchanged)$", proc.stdout, re.M), proc.stdout
    po.write_text(good, encoding="utf-8")
    proc = gnlc(project, "build", "--lang", "fr")
    assert SERVED in proc.stdout and "FAILED" not in proc.stdout
    assert "Pourquoi un thème propre" in _page(project, "fr", "about/site.html")


def test_an_edited_extension_takes_effect_without_a_restart(served):
    # The server imported the extensions before forking its workers: edited code
    # must reach the pages all the same.
    project, _ = served
    ext = project.docs / "_ext" / "html_corrections.py"
    original = ext.read_text(encoding="utf-8")
    assert 'aria-level="2">' in original
    try:
        ext.write_text(original.replace('aria-level="2">', 'aria-level="2" data-edited="yes">'), encoding="utf-8")
        assert SERVED in gnlc(project, "build", "--lang", "en").stdout
        assert 'data-edited="yes"' in _page(project, "en", "story/index.html")
    finally:
        ext.write_text(original, encoding="utf-8")
    assert SERVED in gnlc(project, "build", "--lang", "en").stdout
    assert 'data-edited="yes"' not in _page(project, "en", "story/index.html")


def test_the_server_stops_its_workers_and_removes_its_socket(served):
    project, proc = served
    workers = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
    assert workers, "the server keeps worker processes"
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)
    assert not socket_path(project).exists()
    time.sleep(0.5)
    alive = [pid for pid in workers if os.path.exists(f"/proc/{pid}")]
    assert not alive, f"worker processes left running: {alive}"
    out = gnlc(project, "build", "--lang", "en").stdout
    assert SERVED not in out and "English (en)" in out
