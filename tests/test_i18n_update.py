"""`gnlc i18n-update`: idempotent, and fuzzy entries keep the previous English."""

from __future__ import annotations

import re

import pytest

from conftest import gnlc
from gnlc.i18n_check import parse_po

pytestmark = pytest.mark.slow

OLD = "The portal is a static website."


def _entry(po, fragment):
    entries, errors = parse_po(po.read_bytes())
    assert not errors
    return next(e for e in entries if e.msgid and fragment in e.msgid)


def test_update_twice_changes_nothing(project_copy):
    gnlc(project_copy, "i18n-update")
    before = {p: p.read_bytes() for p in project_copy.locale.rglob("*.po")}
    proc = gnlc(project_copy, "i18n-update")
    assert "0 created, 0 updated" in proc.stdout
    assert {p: p.read_bytes() for p in project_copy.locale.rglob("*.po")} == before


def test_changed_english_becomes_fuzzy_with_the_previous_msgid(project_copy):
    gnlc(project_copy, "i18n-update", "--lang", "fr")
    po = project_copy.locale / "fr" / "LC_MESSAGES" / "about" / "site.po"
    translation = _entry(po, OLD).msgstr[0]
    assert translation, "the French catalog translates this paragraph"
    page = project_copy.docs / "about" / "site.md"
    page.write_text(page.read_text(encoding="utf-8").replace(OLD, "The portal is a static web site.", 1),
                    encoding="utf-8")
    gnlc(project_copy, "i18n-update", "--lang", "fr")
    entry = _entry(po, "The portal is a static web site.")
    assert entry.fuzzy and entry.msgstr[0] == translation, "the translation is kept, marked fuzzy"
    text = po.read_text(encoding="utf-8")
    block = text[: text.index("The portal is a static web site.")].rsplit("\n\n", 1)[-1]
    previous = "".join(re.findall(r'^#\| (?:msgid )?"(.*)"$', block, re.M))
    assert previous.startswith(OLD), block
    # A second run keeps the previous msgid and changes nothing.
    assert "0 created, 0 updated" in gnlc(project_copy, "i18n-update", "--lang", "fr").stdout
    # Every other French entry is untouched and still translated.
    assert sum(e.fuzzy for e in parse_po(po.read_bytes())[0]) == 1
