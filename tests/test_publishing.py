"""Readers never see a half-built site: publishing is atomic per language."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest

from conftest import LANGUAGES, ROOT, gnlc
from linkcheck import broken_links, snapshot

pytestmark = pytest.mark.slow


def _start_build(project, ignore_sigint: bool = False):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "GNLC_ROOT": str(project.root)}
    # As a background job starts it: SIGINT ignored. Decided here, not inherited from
    # however pytest itself was started.
    disposition = signal.SIG_IGN if ignore_sigint else signal.SIG_DFL
    return subprocess.Popen([sys.executable, "-m", "gnlc", "build"], cwd=project.root, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, disposition))


def _force_full_rebuild(project):
    # A changed fact changes the configuration: every page of every language is rebuilt.
    facts = project.data / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("countries: 76", "countries: 77"), encoding="utf-8")


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.parametrize("how", ["ctrl-c", "sigterm", "crash"])
def test_interrupted_build_leaves_every_published_page_intact(project_copy, how):
    gnlc(project_copy, "build")
    before = snapshot(project_copy.html)
    _force_full_rebuild(project_copy)
    # The logs of the build before say "writing output" too: only this build's may count.
    shutil.rmtree(project_copy.build / "logs")
    proc = _start_build(project_copy, ignore_sigint=how == "ctrl-c")
    deadline = time.monotonic() + 120
    # Interrupt while Sphinx is writing pages: some working folder has new output.
    while not any("writing output" in log.read_text(encoding="utf-8", errors="replace")
                  for log in (project_copy.build / "logs").glob("*.log")):
        assert proc.poll() is None and time.monotonic() < deadline, proc.stdout.read()
        time.sleep(0.05)
    if how == "ctrl-c":
        os.killpg(proc.pid, signal.SIGINT)  # a terminal sends it to the whole foreground group
    elif how == "sigterm":
        os.kill(proc.pid, signal.SIGTERM)  # to `gnlc build` alone: it must stop its sphinx-build processes
    else:
        os.killpg(proc.pid, signal.SIGKILL)
    output = proc.communicate(timeout=60)[0]
    assert proc.returncode != 0, output
    if how != "crash":
        assert "interrupted: published languages are unchanged" in output, output
    deadline = time.monotonic() + 10
    while _group_alive(proc.pid):
        assert time.monotonic() < deadline, "sphinx-build processes left running"
        time.sleep(0.1)
    after = snapshot(project_copy.html)
    assert after.keys() == before.keys()
    changed = [name for name in before if before[name] != after[name]]
    assert not changed, f"published files changed by an interrupted build: {changed[:5]}"
    assert broken_links(project_copy.html) == []
    # The next build rebuilds what the interruption left half-done and publishes it.
    gnlc(project_copy, "build")
    for lang in LANGUAGES:
        assert "77" in (project_copy.html / lang.url / "index.html").read_text(encoding="utf-8"), lang.url


def test_failed_language_keeps_its_previous_version(project_copy):
    gnlc(project_copy, "build")
    fr_before = snapshot(project_copy.html / "fr")
    _force_full_rebuild(project_copy)
    po = project_copy.locale / "fr" / "LC_MESSAGES" / "index.po"
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "broken"\nmsgstr "unterminated\n', encoding="utf-8")
    proc = gnlc(project_copy, "build", check=False)
    assert proc.returncode == 1
    assert "FAILED, previous version kept" in proc.stdout
    assert snapshot(project_copy.html / "fr") == fr_before
    for lang in LANGUAGES:
        if lang.url == "fr":
            continue
        page = (project_copy.html / lang.url / "index.html").read_text(encoding="utf-8")
        assert "77" in page, f"{lang.url} was not republished with the new figure"
    assert broken_links(project_copy.html) == []


def test_incremental_rebuild_stays_incremental_after_publishing(project_copy):
    gnlc(project_copy, "build", "--lang", "en")
    log_path = project_copy.build / "logs" / "en.log"
    first_log = log_path.read_text(encoding="utf-8")
    # Nothing changed: Sphinx is not even started.
    proc = gnlc(project_copy, "build", "--lang", "en")
    assert "[en   ] unchanged since its last build" in proc.stdout, proc.stdout
    assert log_path.read_text(encoding="utf-8") == first_log
    assert re.search(r"^English \(en\)\s+\d+\s+[\d.]+ s\s+unchanged$", proc.stdout, re.M), proc.stdout
    # Sphinx made to run anyway finds nothing to read: publishing left its state intact.
    proc = gnlc(project_copy, "build", "--lang", "en", "--force")
    log = log_path.read_text(encoding="utf-8")
    assert "0 added, 0 changed, 0 removed" in log
    assert not re.findall(r"^reading sources\.\.\. \[\s*\d+%\] (\S+)", log, re.M)
    assert re.search(r"^English \(en\)\s+\d+\s+[\d.]+ s\s+unchanged$", proc.stdout, re.M), proc.stdout


def test_a_language_is_rebuilt_when_anything_it_shows_changes(project_copy):
    """Skipping unchanged languages must not skip one whose pages show a change."""
    gnlc(project_copy, "build", "--lang", "en,fr,es")

    def rebuilt(*args) -> set[str]:
        out = gnlc(project_copy, "build", "--lang", "en,fr,es", *args).stdout
        return {lang for lang in ("en", "fr", "es") if f"[{lang:5}] unchanged" not in out}

    assert rebuilt() == set()
    # Its own catalog: French only.
    po = project_copy.locale / "fr" / "LC_MESSAGES" / "about" / "site.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Comment le site est conçu"',
                                                         'msgstr "Comment le site est bâti"'), encoding="utf-8")
    assert rebuilt() == {"fr"}
    # The translation figures every status page shows: an entry made untranslated changes them.
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Comment le site est bâti"', 'msgstr ""'),
                  encoding="utf-8")
    assert rebuilt() == {"en", "fr", "es"}
    # The captions: every language's page of the video offers every language's caption file.
    launch = project_copy.locale / "es" / "LC_MESSAGES" / "story" / "launch.po"
    launch.write_text(launch.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert rebuilt() == {"en", "fr", "es"}
    # A source page, a template, a static file, a data file, an extension: everyone.
    page = project_copy.docs / "about" / "site.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert rebuilt() == {"en", "fr", "es"}
    template = project_copy.root / "_templates" / "layout.html"
    template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert rebuilt() == {"en", "fr", "es"}
    css = project_copy.root / "_static" / "css" / "site.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert rebuilt() == {"en", "fr", "es"}
    facts = project_copy.data / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("countries: 76", "countries: 77"), encoding="utf-8")
    assert rebuilt() == {"en", "fr", "es"}
    assert "77" in (project_copy.html / "fr" / "index.html").read_text(encoding="utf-8")
    ext = project_copy.docs / "_ext" / "html_corrections.py"
    ext.write_text(ext.read_text(encoding="utf-8").replace('aria-level="2">', 'aria-level="2" data-edited="yes">'),
                   encoding="utf-8")
    assert rebuilt() == {"en", "fr", "es"}
    assert 'data-edited="yes"' in (project_copy.html / "es" / "story" / "index.html").read_text(encoding="utf-8")
