"""`gnlc i18n-update`: idempotent, and fuzzy entries keep the previous English."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import polib
import pytest

from conftest import ROOT, gnlc
from gnlc import languages as langs
from gnlc.i18n import team
from gnlc.languages import TRANSLATIONS
from gnlc.i18n_check import read

pytestmark = pytest.mark.slow

OLD = "The portal is a static website."


def _entry(po, fragment):
    catalog = read(po)
    assert not catalog.errors
    return next(e for e in catalog.entries if e.msgid and fragment in e.msgid)


def test_update_twice_changes_nothing(project_copy):
    gnlc(project_copy, "i18n-update")
    before = {p: p.read_bytes() for p in project_copy.locale.rglob("*.po")}
    proc = gnlc(project_copy, "i18n-update")
    assert "0 created, 0 updated" in proc.stdout
    assert {p: p.read_bytes() for p in project_copy.locale.rglob("*.po")} == before


def test_changed_english_becomes_fuzzy_with_the_previous_msgid(project_copy):
    gnlc(project_copy, "i18n-update", "--lang", "fr")
    po = project_copy.locale / "fr" / "LC_MESSAGES" / "about" / "site.po"
    translation = _entry(po, OLD).msgstr
    assert translation, "the French catalog translates this paragraph"
    page = project_copy.docs / "about" / "site.md"
    page.write_text(page.read_text(encoding="utf-8").replace(OLD, "The portal is a static web site.", 1),
                    encoding="utf-8")
    gnlc(project_copy, "i18n-update", "--lang", "fr")
    entry = _entry(po, "The portal is a static web site.")
    assert entry.fuzzy and entry.msgstr == translation, "the translation is kept, marked fuzzy"
    text = po.read_text(encoding="utf-8")
    block = text[: text.index("The portal is a static web site.")].rsplit("\n\n", 1)[-1]
    previous = "".join(re.findall(r'^#\| (?:msgid )?"(.*)"$', block, re.M))
    assert previous.startswith(OLD), block
    # A second run keeps the previous msgid and changes nothing.
    assert "0 created, 0 updated" in gnlc(project_copy, "i18n-update", "--lang", "fr").stdout
    # Every other French entry is untouched and still translated.
    assert sum(e.fuzzy for e in read(po).entries) == 1


def _git(project, *args):
    env = {**os.environ, "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
           "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.invalid"}
    subprocess.run(["git", *args], cwd=project.root, env=env, check=True, capture_output=True)


def _catalogs_in_step(project):
    """Run CI's check on ``project``, with this checkout's gnlc as the update command."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "GNLC_ROOT": str(project.root),
           "I18N_UPDATE": f"{sys.executable} -m gnlc i18n-update"}
    return subprocess.run([str(ROOT / ".ci" / "catalogs-in-step"), str(project.root)], env=env,
                          capture_output=True, text=True)


def test_ci_check_passes_in_step_and_names_the_catalogs_out_of_step(project_copy):
    (project_copy.root / ".gitignore").write_text("/_build/\n*.mo\n/node_modules\n", encoding="utf-8")
    _git(project_copy, "init", "-q")
    _git(project_copy, "add", "-A")
    _git(project_copy, "commit", "-q", "-m", "copy")
    proc = _catalogs_in_step(project_copy)
    assert proc.returncode == 0, proc.stdout + proc.stderr  # the committed catalogs are in step

    page = project_copy.docs / "about" / "site.md"
    page.write_text(page.read_text(encoding="utf-8").replace(OLD, "The portal is a static web site.", 1),
                    encoding="utf-8")
    _git(project_copy, "commit", "-q", "-am", "English changed, catalogs not updated")
    proc = _catalogs_in_step(project_copy)
    assert proc.returncode == 1
    named = sorted(line.strip() for line in proc.stderr.splitlines() if line.startswith("  "))
    assert named == sorted(f"locale/{l.gettext}/LC_MESSAGES/about/site.po" for l in TRANSLATIONS), proc.stderr


def test_catalogs_are_signed_by_their_team_through_update_and_format(project_copy):
    (project_copy.docs / "about" / "extra.md").write_text(
        "---\norphan: true\n---\n\n# An extra page\n\nA paragraph nobody has translated yet.\n", encoding="utf-8")

    def set_header(lang, field, value):
        po = project_copy.locale / lang / "LC_MESSAGES" / "about" / "site.po"
        text = po.read_text(encoding="utf-8")
        po.write_text(re.sub(rf'^"{field}: [^"]*\\n"$', f'"{field}: {value}\\\\n"', text, count=1, flags=re.M),
                      encoding="utf-8")
        return po

    placeholder = set_header("fr", "Last-Translator", "FULL NAME <EMAIL@ADDRESS>")
    person = set_header("es", "Last-Translator", "A Translator <translator@example.invalid>")
    assert "FULL NAME" in placeholder.read_text(encoding="utf-8")
    proc = gnlc(project_copy, "i18n-update")
    assert "5 created" in proc.stdout, proc.stdout
    gnlc(project_copy, "i18n-format")

    for lang in TRANSLATIONS:
        new = project_copy.locale / lang.gettext / "LC_MESSAGES" / "about" / "extra.po"
        header = polib.pofile(str(new)).metadata
        assert header["Last-Translator"] == header["Language-Team"] == team(lang), header
        assert f"GNLC {lang.english} translators" in header["Language-Team"] and "@" not in header["Language-Team"]
        check = subprocess.run(["msgfmt", "--check", "--output-file=/dev/null", str(new)],
                               capture_output=True, text=True)
        assert check.returncode == 0 and not check.stderr, check.stderr
    assert polib.pofile(str(placeholder)).metadata["Last-Translator"] == team(langs.get("fr"))
    # A translator's own name, put there by an editor, is theirs to keep.
    assert polib.pofile(str(person)).metadata["Last-Translator"] == "A Translator <translator@example.invalid>"
