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
    proc = gnlc(project_copy, "build", "--lang", "en")
    log = (project_copy.build / "logs" / "en.log").read_text(encoding="utf-8")
    assert "0 added, 0 changed, 0 removed" in log
    assert not re.findall(r"^reading sources\.\.\. \[\s*\d+%\] (\S+)", log, re.M)
    assert re.search(r"^English \(en\)\s+\d+\s+[\d.]+ s\s+unchanged$", proc.stdout, re.M), proc.stdout
