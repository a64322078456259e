"""Catalogs that translation platforms round-trip without churn, and agree on their figures.

A copy of the project whose English changed after translation (one paragraph
edited: fuzzy entries that keep the old English as ``#| msgid``; one removed:
obsolete ``#~`` entries), updated with ``gnlc i18n-update``. Then:

- translate-toolkit (what Weblate reads and writes catalogs with) re-saves every
  entry, unwrapped as Weblate's "no wrapping" writes them or at its default width;
  GNU ``msgcat`` re-saves them as PO editors do; ``gnlc i18n-check`` passes on the
  re-saved files and ``gnlc i18n-format`` brings them back byte for byte;
- ``sphinx-intl update`` on the tree loses no translation and no previous msgid;
- ``sphinx-intl stat`` and ``gnlc i18n-stats`` count the same;
- ``.tx/config`` has one Transifex resource per catalog, kept by ``i18n-update``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from conftest import copy_project, gnlc

pytestmark = pytest.mark.slow

LANGS = ("fr", "ar", "zh_CN")  # Latin, right-to-left and CJK text wrap differently
CHANGED = ("The portal is a static website.", "The portal is a static web site, nothing more.")
REMOVED = ("## Privacy\n\nThe site makes no request to any other host: its fonts, scripts, map and media are all "
           "served\nfrom the site itself.\n")


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("platforms") / "project")
    page = project.docs / "about" / "site.md"
    text = page.read_text(encoding="utf-8")
    assert CHANGED[0] in text and REMOVED in text
    page.write_text(text.replace(*CHANGED).replace(REMOVED, ""), encoding="utf-8")
    gnlc(project, "i18n-update")
    return project


def catalogs(project, lang: str) -> list[Path]:
    return sorted((project.locale / lang / "LC_MESSAGES").rglob("*.po"))


def test_the_tree_has_fuzzy_previous_and_obsolete_entries(tree):
    po = (tree.locale / "fr" / "LC_MESSAGES" / "about" / "site.po").read_text(encoding="utf-8")
    assert "#, fuzzy\n#| msgid \"\"\n#| \"The portal is a static website." in po
    assert '#~ msgid "Privacy"' in po


def snapshot(project, langs=LANGS) -> dict[Path, bytes]:
    return {path: path.read_bytes() for lang in langs for path in catalogs(project, lang)}


def resave_with_translate_toolkit(path: Path, width: int) -> None:
    """As Weblate writes a catalog in which every entry was edited (translate-toolkit rewrites edited units)."""
    from translate.storage import pypo

    with path.open("rb") as handle:
        store = pypo.pofile(handle, width=width)
    for unit in store.units:
        if not unit.isheader():
            target = unit.target
            unit.target = target + " "  # touched, then set back: the unit is serialized anew
            unit.target = target
    path.write_bytes(bytes(store))


def _check_and_format(project, paths: list[Path], original: dict[Path, bytes]) -> None:
    assert any(path.read_bytes() != original[path] for path in paths), "the re-save changed nothing to undo"
    check = gnlc(project, "i18n-check", *map(str, paths), check=False)
    assert check.returncode == 0 and "i18n-check: 0 errors" in check.stdout, check.stdout
    gnlc(project, "i18n-format", *map(str, paths))
    changed = [str(p) for p in paths if p.read_bytes() != original[p]]
    assert changed == []
    assert gnlc(project, "i18n-format", "--check", *map(str, paths)).returncode == 0


@pytest.mark.parametrize("width", [-1, 77], ids=["weblate-no-wrapping", "weblate-default-width"])
def test_translate_toolkit_resave_is_brought_back(tree, width):
    original = snapshot(tree)
    try:
        for path in original:
            resave_with_translate_toolkit(path, width)
        _check_and_format(tree, list(original), original)
    finally:
        for path, data in original.items():
            path.write_bytes(data)


@pytest.mark.parametrize("options", [["--no-wrap"], ["--width=60", "--add-location=full"]], ids=["no-wrap", "narrow"])
def test_msgcat_resave_is_brought_back(tree, options):
    original = snapshot(tree)
    try:
        for path in original:
            subprocess.run(["msgcat", *options, "--output-file", str(path), str(path)], check=True)
        _check_and_format(tree, list(original), original)
    finally:
        for path, data in original.items():
            path.write_bytes(data)


def test_sphinx_intl_update_loses_nothing(tree):
    before = snapshot(tree, ("fr", "es", "ru", "zh_CN", "ar"))
    previous = sum(data.count(b"\n#| msgid") for data in before.values())
    translated = sum(1 for path in before for e in polib.pofile(str(path)) if e.msgstr and not e.obsolete)
    assert previous >= 5 and translated > 1000
    subprocess.run([sys.executable, "-m", "sphinx_intl", "update", "-p", str(tree.build / "gettext"),
                    "-d", str(tree.locale), "-l", "fr", "-l", "es", "-l", "ru", "-l", "zh_CN", "-l", "ar"],
                   check=True, cwd=tree.root, capture_output=True)
    after = snapshot(tree, ("fr", "es", "ru", "zh_CN", "ar"))
    assert after.keys() == before.keys()
    assert [str(p) for p in before if after[p] != before[p]] == []
    assert sum(data.count(b"\n#| msgid") for data in after.values()) == previous


def test_sphinx_intl_stat_agrees_with_i18n_stats(tree):
    proc = subprocess.run([sys.executable, "-m", "sphinx_intl", "stat", "-d", str(tree.locale),
                           *[a for lang in ("fr", "es", "ru", "zh_CN", "ar") for a in ("-l", lang)]],
                          cwd=tree.root, capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr  # its way of saying that something is left to translate
    theirs = {}
    for line in proc.stdout.splitlines():
        m = re.match(r"^(?P<path>.+)\.po: (?P<t>\d+) translated, (?P<f>\d+) fuzzy, (?P<u>\d+) untranslated\.$", line)
        if m:
            theirs[Path(m["path"]).resolve().relative_to(tree.locale.resolve()).as_posix()] = (
                int(m["t"]), int(m["f"]), int(m["u"]))
    ours = json.loads(gnlc(tree, "i18n-stats", "--json").stdout)
    compared = 0
    fuzzy_seen = 0
    for lang, data in ours.items():
        for page, counts in data["pages"].items():
            t, f, u = theirs[f"{lang}/LC_MESSAGES/{page}"]
            # sphinx-intl counts a fuzzy entry that has a msgstr among the translated too (Babel's
            # "has a string"); the portal does not show it, so neither does its figure.
            fuzzy_with_msgstr = sum(1 for e in polib.pofile(str(tree.locale / lang / "LC_MESSAGES" / f"{page}.po"))
                                    if e.fuzzy and e.msgstr and not e.obsolete and e.msgid)
            assert (t - fuzzy_with_msgstr, f, u) == (counts["translated"], counts["fuzzy"], counts["untranslated"]), \
                (lang, page)
            compared += 1
            fuzzy_seen += counts["fuzzy"]
    assert compared == len(theirs) == 5 * 43 and fuzzy_seen >= 5


def test_transifex_config_has_one_resource_per_catalog(tree):
    from sphinx_intl.transifex import normalize_resource_name

    config = (tree.root / ".tx" / "config").read_text(encoding="utf-8")
    assert config.startswith("[main]\nhost = https://www.transifex.com\n")
    sections = re.findall(r"^\[o:[^:]+:p:[^:]+:r:([^\]]+)\]\nfile_filter += (\S+)\nsource_file += (\S+)\ntype += PO$",
                          config, re.M)
    pots = sorted(p.relative_to(tree.build / "gettext").with_suffix("").as_posix()
                  for p in (tree.build / "gettext").rglob("*.pot"))
    assert [s[0] for s in sections] == [normalize_resource_name(p) for p in pots] and len(pots) == 43
    for slug, file_filter, source in sections:
        assert (tree.root / source).is_file()
        for lang in ("fr", "es", "ru", "zh_CN", "ar"):
            assert (tree.root / file_filter.replace("<lang>", lang)).is_file()
    # The committed configuration is the one an update writes (CI's catalogs-in-step checks it too).
    from conftest import ROOT

    committed = (ROOT / ".tx" / "config").read_text(encoding="utf-8")
    assert committed == config
    # A new page gets its resource at the next update.
    (tree.docs / "about" / "extra.md").write_text("---\norphan: true\n---\n# An extra page\n\nText.\n", encoding="utf-8")
    try:
        gnlc(tree, "i18n-update", "--lang", "fr")
        assert "[o:gnlc-portal:p:learning-cities:r:about--extra]" in (tree.root / ".tx" / "config").read_text("utf-8")
    finally:
        (tree.docs / "about" / "extra.md").unlink()
        shutil.rmtree(tree.locale / "fr" / "LC_MESSAGES" / "about" / "extra.po", ignore_errors=True)
        (tree.locale / "fr" / "LC_MESSAGES" / "about" / "extra.po").unlink(missing_ok=True)
        gnlc(tree, "i18n-update", "--lang", "fr")


def test_weblate_discovers_one_component_per_catalog(tmp_path):
    """Weblate's own discovery (translation-finder) reads .tx/config: one PO component per catalog."""
    from translation_finder import discover

    from conftest import ROOT

    # What Weblate clones: the catalogs and .tx/config, without the build output, copies and
    # virtual environments a working tree may hold (Sphinx's own catalogs are in those).
    for name in ("locale", ".tx"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("*.mo"))
    found = [r.match for r in discover(str(tmp_path)) if r.meta["origin"] == "Transifex"]
    catalogs = sorted(p.relative_to(ROOT / "locale" / "fr" / "LC_MESSAGES").as_posix()
                      for p in (ROOT / "locale" / "fr" / "LC_MESSAGES").rglob("*.po"))
    assert sorted(m["filemask"] for m in found) == [f"locale/*/LC_MESSAGES/{c}" for c in catalogs]
    assert {m["file_format"] for m in found} == {"po"}
