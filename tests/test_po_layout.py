"""`gnlc i18n-format`: polib reads and writes the catalogs, in exactly gettext's layout.

The layout is checked against GNU msgcat itself, on the project's catalogs and
on generated ones (long lines, escapes, CJK, Arabic, URLs, plurals, obsolete
and fuzzy entries); the content is never changed.
"""

from __future__ import annotations

import random
import shutil
import subprocess

import polib
import pytest

from conftest import ROOT, gnlc
from gnlc import po_layout
from gnlc.i18n import format_files

PIECES = ["word", "the", "learning", "cities", '"quoted"', "back\\slash", "\n", "\t", "本网络的专用术语，",
          "即联合国教科文组织", "“引号”", "التعلّم", "مدى الحياة،", "Глобальная", "сеть",
          "https://uil.unesco.org/en/articles/x-y-z", "{doc}`text </join/steps>`", "`make i18n-check`",
          "well-known", "1,000", "2023", "(2023)](https://www.unesco.org/fr/x)", "«\u00a0guillemets\u00a0»",
          "100\u202f%", "a" * 90, "e.g.", "—", "…", "[link](#anchor)", "%(percent)s%%", "  ", " "]


def _text(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) + (" " if rng.random() < 0.7 else "") for _ in range(rng.randint(0, 40)))


def _catalog(seed: int) -> polib.POFile:
    rng = random.Random(seed)
    catalog = polib.POFile(wrapwidth=0)
    catalog.header = "A generated catalog.\n"
    catalog.metadata = {"Project-Id-Version": " ".join(("X " + _text(rng)[:60]).split()), "Language": "fr",
                        "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
                        "Plural-Forms": "nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;"}
    seen = set()
    for i in range(30):
        msgid = _text(rng) or f"id{i}"
        if msgid in seen:
            continue
        seen.add(msgid)
        entry = polib.POEntry(msgid=msgid, msgstr=_text(rng) if rng.random() < 0.8 else "")
        if rng.random() < 0.2:
            entry.msgctxt = _text(rng)[:40] or "context"
        if rng.random() < 0.1:
            entry.msgid_plural, entry.msgstr = msgid + " (plural)", ""
            entry.msgstr_plural = {0: _text(rng), 1: _text(rng), 2: _text(rng)}
        entry.occurrences = [(f"../../docs/{''.join(c for c in _text(rng)[:8] if c.isalnum()) or 'p'}-{j}.md", "")
                             for j in range(rng.choice([1, 1, 1, 6]))]
        if rng.random() < 0.3:
            entry.flags, entry.previous_msgid = ["fuzzy"], _text(rng) or "before"
        if rng.random() < 0.1:
            entry.tcomment = "a translator's note" + " x" * rng.randint(0, 40)
        if rng.random() < 0.1:
            entry.obsolete, entry.occurrences, entry.previous_msgid = True, [], None
        catalog.append(entry)
    return catalog


def _msgcat(path) -> bytes:
    return subprocess.run(["msgcat", "--add-location=file", "--width=79", str(path)],
                          capture_output=True, check=True).stdout


def test_every_catalog_of_the_project_is_written_back_byte_for_byte():
    paths = sorted((ROOT / "locale").rglob("*.po"))
    assert len(paths) > 200
    for path in paths:
        assert po_layout.dumps(po_layout.read(path)).encode("utf-8") == path.read_bytes(), path


@pytest.mark.parametrize("seed", range(40))
def test_layout_is_msgcats_on_generated_catalogs(tmp_path, seed):
    path = tmp_path / "generated.po"
    path.write_text(str(_catalog(seed)), encoding="utf-8")
    expected = _msgcat(path)  # gettext's own layout of the same catalog
    path.write_bytes(expected)
    assert po_layout.dumps(po_layout.read(path)).encode("utf-8") == expected


def test_format_relays_out_an_editors_file_and_keeps_its_entries(tmp_path):
    source = ROOT / "locale" / "zh_CN" / "LC_MESSAGES" / "about" / "glossary.po"
    path = tmp_path / "glossary.po"
    polib.pofile(str(source), wrapwidth=40).save(str(path))  # as an editor with other wrapping would
    assert path.read_bytes() != source.read_bytes()
    assert format_files([path]) == [path]
    assert path.read_bytes() == source.read_bytes()
    assert format_files([path]) == []  # a second run changes nothing


def test_format_leaves_what_polib_cannot_keep_and_names_its_line(tmp_path):
    path = tmp_path / "obsolete.po"
    text = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            '#, fuzzy\n#~| msgid "Old English"\n#~ msgid "Removed"\n#~ msgstr  "Supprimé"\n')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=r"obsolete\.po:6: .*#~\|.*left as it is"):
        format_files([path])
    assert path.read_text(encoding="utf-8") == text


def test_i18n_format_cli_changes_no_catalog_and_reports_a_broken_one(project_copy):
    before = {p: p.read_bytes() for p in project_copy.locale.rglob("*.po")}
    assert gnlc(project_copy, "i18n-format", "--check").stdout == ""
    assert {p: p.read_bytes() for p in project_copy.locale.rglob("*.po")} == before

    broken = project_copy.locale / "fr" / "LC_MESSAGES" / "about" / "site.po"
    lines = broken.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, 1) if line.startswith("msgstr ") and i > 20)
    lines[number - 1] = 'msgstr "un "guillemet" de trop"\n'
    broken.write_text("".join(lines), encoding="utf-8")
    proc = gnlc(project_copy, "i18n-format", str(broken), check=False)
    assert proc.returncode == 1
    assert f"site.po:{number}:" in proc.stderr
    assert broken.read_text(encoding="utf-8") == "".join(lines)


def test_msgfmt_check_is_silent_on_every_catalog():
    if not shutil.which("msgfmt"):
        pytest.fail("GNU gettext's msgfmt is not installed: run `make test`, which installs it")
    noisy = []
    for path in sorted((ROOT / "locale").rglob("*.po")):
        proc = subprocess.run(["msgfmt", "--check", "--output-file=/dev/null", str(path)],
                              capture_output=True, text=True)
        if proc.returncode or proc.stderr:
            noisy.append(proc.stderr.strip() or f"{path}: exit {proc.returncode}")
    assert not noisy, "\n".join(noisy[:10])
