"""Translation catalogs: extract the English messages and merge them into every language.

``update`` runs Sphinx's gettext builder (with the same ``gettext_compact`` as
the HTML build, since it reads the same conf.py) and merges each template into
``locale/<lang>/LC_MESSAGES/<page>.po`` with GNU ``msgmerge --previous``: an
entry whose English changed becomes fuzzy and keeps the old English as
``#| msgid`` for the translator. (Babel writes and reads those lines wrongly
for long messages, so it is not used for merging.) Output has one fixed
wrapping and location comments without line numbers, and the templates'
creation date is pinned to the sources' own date, so running it twice changes
nothing and editing a page does not churn every catalog.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import languages as langs
from .paths import Project

WIDTH = 79
GETTEXT_HINT = "GNU gettext is needed (msgmerge, msgcat): apt-get install gettext, or brew install gettext"


@dataclass
class UpdateReport:
    created: list[Path]
    changed: list[Path]
    unchanged: int
    obsolete: list[Path]


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise SystemExit(f"gnlc: {name} not found. {GETTEXT_HINT}")
    return path


def sources_date(project: Project, path: str = "docs") -> int:
    """A template's creation date: the last commit of its page, the same in every clone.

    Outside git (or for a copy with no history), the source's modification time.
    """
    proc = subprocess.run(["git", "log", "-1", "--format=%ct", "--", path], cwd=project.root,
                          capture_output=True, text=True)
    if proc.returncode == 0 and proc.stdout.strip().isdigit():
        return int(proc.stdout.strip())
    target = project.root / path
    files = [target] if target.is_file() else [p for p in target.rglob("*") if p.is_file()]
    return int(max(p.stat().st_mtime for p in files))


def _date_templates(project: Project, out: Path) -> None:
    """Give each template its own page's date, so editing one page does not touch every catalog."""
    import time as _time

    for pot in out.rglob("*.pot"):
        page = project.docs / pot.relative_to(out).with_suffix(".md")
        if not page.exists():
            continue
        stamp = _time.strftime("%Y-%m-%d %H:%M+0000", _time.gmtime(sources_date(project, project.rel(page))))
        text = pot.read_text(encoding="utf-8")
        start = text.find('"POT-Creation-Date: ')
        if start >= 0:
            end = text.index("\\n", start)
            pot.write_text(text[:start] + f'"POT-Creation-Date: {stamp}' + text[end:], encoding="utf-8")


def extract(project: Project) -> Path:
    """Write the POT templates of every page into ``_build/gettext``."""
    out = project.build / "gettext"
    shutil.rmtree(out, ignore_errors=True)  # no stale templates of deleted pages
    # Pages get their own dates below; what is left (the templates' strings) dates from _templates.
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(sources_date(project, "_templates"))}
    subprocess.run(
        [sys.executable, "-m", "sphinx", "--builder", "gettext", "--fail-on-warning", "--quiet",
         "--doctree-dir", str(project.build / "doctrees" / "gettext"), str(project.docs), str(out)],
        cwd=project.root, check=True, env=env,
    )
    _date_templates(project, out)
    return out


HEADER = """\
# {name} translation of the UNESCO Learning Cities portal.
# This file is distributed under the same licence as the portal's content.
# Translators: see docs/contribute/translate.md and the glossary in docs/_data/glossary.yaml.
#
msgid ""
msgstr ""
"Project-Id-Version: UNESCO Global Network of Learning Cities 1.0\\n"
"Report-Msgid-Bugs-To: \\n"
"POT-Creation-Date: {date}\\n"
"PO-Revision-Date: {date}\\n"
"Last-Translator: \\n"
"Language-Team: {name}\\n"
"Language: {code}\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"""


def _pot_date(pot: Path) -> str:
    for line in pot.read_text(encoding="utf-8").splitlines():
        if line.startswith('"POT-Creation-Date:'):
            return line.split(":", 1)[1].strip().removesuffix('\\n"').strip()
    return ""


def merge(pot: Path, po: Path, lang: langs.Language) -> bytes:
    """The merged catalog for ``po`` (existing or new) against ``pot``, as msgmerge writes it."""
    with tempfile.TemporaryDirectory() as tmp:
        base = po
        if not po.exists():
            base = Path(tmp) / "new.po"
            base.write_text(HEADER.format(name=lang.name, code=lang.gettext, date=_pot_date(pot)), encoding="utf-8")
        out = Path(tmp) / "out.po"
        subprocess.run(
            [_tool("msgmerge"), "--quiet", "--previous", "--add-location=file", f"--width={WIDTH}",
             f"--lang={lang.gettext}", "--output-file", str(out), str(base), str(pot)],
            check=True,
        )
        return out.read_bytes()


def update(project: Project, selected: list[langs.Language] | None = None, pot_dir: Path | None = None) -> UpdateReport:
    _tool("msgmerge")
    pot_dir = pot_dir or extract(project)
    report = UpdateReport([], [], 0, [])
    selected = selected or list(langs.TRANSLATIONS)
    templates = sorted(pot_dir.rglob("*.pot"))
    for lang in selected:
        folder = project.locale / lang.gettext / "LC_MESSAGES"
        wanted = set()
        for pot in templates:
            rel = pot.relative_to(pot_dir).with_suffix(".po")
            wanted.add(rel)
            target = folder / rel
            data = merge(pot, target, lang)
            if target.exists() and target.read_bytes() == data:
                report.unchanged += 1
                continue
            (report.changed if target.exists() else report.created).append(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        for po in folder.rglob("*.po"):
            if po.relative_to(folder) not in wanted:
                report.obsolete.append(po)  # reported, never deleted: it may hold work
    return report


def format_files(paths: list[Path]) -> list[Path]:
    """Rewrite PO files in the project's one layout (``msgcat``: wrapping, locations).

    Only the layout changes: the entries before and after are compared with the
    project's own PO parser, and a file whose entries would change is left as it is.
    """
    from .i18n_check import parse_po

    def entries(data: bytes):
        parsed, errors = parse_po(data)
        return errors, [(e.msgctxt, e.msgid, e.msgstr, sorted(e.flags), e.obsolete) for e in parsed]

    changed = []
    for path in paths:
        original = path.read_bytes()
        proc = subprocess.run([_tool("msgcat"), "--add-location=file", f"--width={WIDTH}", str(path)],
                              capture_output=True, check=True)
        data = proc.stdout
        if data == original:
            continue
        before, after = entries(original), entries(data)
        if before[0] or before != after:
            raise ValueError(f"{path}: formatting would change its entries; left as it is")
        path.write_bytes(data)
        changed.append(path)
    return changed
