"""Readers never see a half-built site: publishing is atomic per language."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import pytest

from conftest import LANGUAGES, ROOT, gnlc
from linkcheck import broken_links, snapshot

pytestmark = pytest.mark.slow


def _start_build(project):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "GNLC_ROOT": str(project.root)}
    return subprocess.Popen([sys.executable, "-m", "gnlc", "build"], cwd=project.root, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)


def _force_full_rebuild(project):
    # A changed fact changes the configuration: every page of every language is rebuilt.
    facts = project.data / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("countries: 76", "countries: 77"), encoding="utf-8")


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "crash"])
def test_interrupted_build_leaves_every_published_page_intact(project_copy, how):
    gnlc(project_copy, "build")
    before = snapshot(project_copy.html)
    _force_full_rebuild(project_copy)
    proc = _start_build(project_copy)
    deadline = time.monotonic() + 60
    # Interrupt while Sphinx is writing pages: some working folder has new output.
    while time.monotonic() < deadline:
        logs = list((project_copy.build / "logs").glob("*.log"))
        if any("writing output" in log.read_text(encoding="utf-8", errors="replace") for log in logs):
            break
        time.sleep(0.05)
    os.killpg(proc.pid, how)
    proc.wait(timeout=60)
    assert proc.returncode != 0
    after = snapshot(project_copy.html)
    assert after.keys() == before.keys()
    changed = [name for name in before if before[name] != after[name]]
    assert not changed, f"published files changed by an interrupted build: {changed[:5]}"
    assert broken_links(project_copy.html) == []


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
    # A source page, a template, a static file: everyone.
    page = project_copy.docs / "about" / "site.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert rebuilt() == {"en", "fr", "es"}
