"""Translation catalogs: extract the English messages and merge them into every language.

``update`` runs Sphinx's gettext builder (with the same ``gettext_compact`` as
the HTML build, since it reads the same conf.py) and merges each template into
``locale/<lang>/LC_MESSAGES/<page>.po`` with GNU ``msgmerge --previous``: an
entry whose English changed becomes fuzzy and keeps the old English as
``#| msgid`` for the translator. (Babel writes and reads those lines wrongly
for long messages, so it is not used for merging.) Output has one fixed
wrapping and location comments without line numbers. A catalog whose merge
changes nothing but the template's date is left as it is, so an update on a
clean checkout changes nothing, and editing a page touches only its catalogs.

Each update also keeps the Transifex configuration, ``.tx/config``, in step
with the templates (:func:`write_txconfig`): one resource per catalog.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import languages as langs
from .paths import Project

WIDTH = 79
GETTEXT_HINT = "GNU gettext is needed (msgmerge): apt-get install gettext, or brew install gettext"


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


def creation_date() -> str:
    """The date given to templates that changed: now, or ``SOURCE_DATE_EPOCH`` when set.

    A catalog whose entries did not change keeps the date it has (see :func:`update`),
    so the date no longer depends on anything outside the catalog: not on when a page
    was last committed, which is always after its catalogs were updated.
    """
    import time

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return time.strftime("%Y-%m-%d %H:%M+0000", time.gmtime(int(epoch) if epoch.isdigit() else None))


def extract(project: Project, date: str | None = None) -> Path:
    """Write the POT templates of every page into ``_build/gettext``, all dated ``date``."""
    out = project.build / "gettext"
    shutil.rmtree(out, ignore_errors=True)  # no stale templates of deleted pages
    subprocess.run(
        [sys.executable, "-m", "sphinx", "--builder", "gettext", "--fail-on-warning", "--quiet",
         "--doctree-dir", str(project.build / "doctrees" / "gettext"), str(project.docs), str(out)],
        cwd=project.root, check=True,
    )
    date = date or creation_date()
    for pot in out.rglob("*.pot"):
        text = pot.read_text(encoding="utf-8")
        pot.write_text(POT_DATE.sub(lambda m: m.group(1) + date + "\\n", text, count=1), encoding="utf-8")
    return out


POT_DATE = re.compile(r'^("POT-Creation-Date: )[^"]*?\\n', re.M)


def _same_but_date(old: bytes, new: bytes) -> bool:
    """The two catalogs differ at most in their POT-Creation-Date."""
    def strip(data: bytes) -> str:
        return POT_DATE.sub(r"\1", data.decode("utf-8", "replace"), count=1)
    return strip(old) == strip(new)


# The team, not a person, signs every catalog: a translator's editor may put its own
# name in Last-Translator, and the tools here never take it out again.
TEAM_CONTACT = "docs/contribute/translate.md"  # the translators' guide, in the repository and on the site


def team(lang: langs.Language) -> str:
    return f"GNLC {lang.english} translators <{TEAM_CONTACT}>"


HEADER = """\
# {english} translation of the UNESCO Learning Cities portal.
# This file is distributed under the same licence as the portal's content.
# Translators: see docs/contribute/translate.md and the glossary in docs/_data/glossary.yaml.
#
msgid ""
msgstr ""
"Project-Id-Version: UNESCO Global Network of Learning Cities 1.0\\n"
"Report-Msgid-Bugs-To: \\n"
"POT-Creation-Date: {date}\\n"
"PO-Revision-Date: {date}\\n"
"Last-Translator: {team}\\n"
"Language-Team: {team}\\n"
"Language: {code}\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"""

# gettext's placeholders (msgfmt --check warns about them), and an empty value.
_PLACEHOLDER = re.compile(
    r'^"(Last-Translator|Language-Team): (?:FULL NAME <EMAIL@ADDRESS>|LANGUAGE <LL@li\.org>|)\\n"$', re.M)


def with_team_header(data: bytes, lang: langs.Language) -> bytes:
    """``data`` with the team in place of gettext's placeholders; a real name is kept."""
    text = data.decode("utf-8")
    header_end = text.find("\n\n")
    head, rest = (text[:header_end], text[header_end:]) if header_end >= 0 else (text, "")
    head = _PLACEHOLDER.sub(lambda m: f'"{m.group(1)}: {team(lang)}\\n"', head)
    return (head + rest).encode("utf-8")


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
            base.write_text(HEADER.format(english=lang.english, team=team(lang),
                                          code=lang.gettext, date=_pot_date(pot)), encoding="utf-8")
        out = Path(tmp) / "out.po"
        subprocess.run(
            [_tool("msgmerge"), "--quiet", "--previous", "--add-location=file", f"--width={WIDTH}",
             f"--lang={lang.gettext}", "--output-file", str(out), str(base), str(pot)],
            check=True,
        )
        return with_team_header(out.read_bytes(), lang)


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
            # Only the template's date changed (it is new at every run): the catalog is in step
            # as it is, and keeps its date, so that an update on a clean checkout changes nothing.
            if target.exists() and _same_but_date(target.read_bytes(), data):
                report.unchanged += 1
                continue
            (report.changed if target.exists() else report.created).append(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        for po in folder.rglob("*.po"):
            if po.relative_to(folder) not in wanted:
                report.obsolete.append(po)  # reported, never deleted: it may hold work
    write_txconfig(project, pot_dir)
    return report


# -- Transifex ---------------------------------------------------------------------------

TXCONFIG = Path(".tx") / "config"
TX_RESOURCE = re.compile(r"^\[o:(?P<org>[^:\]]+):p:(?P<project>[^:\]]+):r:[^\]]+\]$", re.M)
# Until a maintainer names the real ones in .tx/config (updates keep what is there).
TX_DEFAULT = ("gnlc-portal", "learning-cities")
TX_SECTION = """
[o:{org}:p:{project}:r:{slug}]
file_filter            = {locale}/<lang>/LC_MESSAGES/{path}.po
source_file            = {pot_dir}/{path}.pot
type                   = PO
minimum_perc           = 0
resource_name          = {slug}
replace_edited_strings = false
keep_translations      = false
"""


def write_txconfig(project: Project, pot_dir: Path | None = None) -> bool:
    """Write ``.tx/config``: sphinx-intl's ``create-txconfig`` header, one resource per template.

    The resources are what sphinx-intl's ``update-txconfig-resources`` has the
    Transifex client (``tx add``) write for each template: sphinx-intl's resource
    slug for its path, its catalogs as the file filter, PO type. That command
    needs the Transifex client, a binary no package registry ships, so the same
    sections are written here, with sphinx-intl's own naming; a template without
    messages is skipped, as sphinx-intl does. Returns whether the file changed.
    """
    import contextlib

    import polib
    from sphinx_intl.transifex import create_txconfig, normalize_resource_name

    pot_dir = pot_dir or project.build / "gettext"
    target = project.root / TXCONFIG
    old = target.read_text(encoding="utf-8") if target.is_file() else ""
    known = TX_RESOURCE.search(old)
    org, tx_project = (known["org"], known["project"]) if known else TX_DEFAULT
    if not old:
        with contextlib.chdir(project.root):
            create_txconfig()  # [main] and the host, as sphinx-intl writes them
        old = target.read_text(encoding="utf-8")
    head = old.split("\n[o:", 1)[0].rstrip("\n") + "\n"
    sections = []
    for pot in sorted(pot_dir.rglob("*.pot")):
        if not len(polib.pofile(str(pot))):
            continue
        path = pot.relative_to(pot_dir).with_suffix("").as_posix()
        sections.append(TX_SECTION.format(org=org, project=tx_project, slug=normalize_resource_name(path), path=path,
                                          locale=project.rel(project.locale), pot_dir=project.rel(pot_dir)))
    text = head + "".join(sections)
    if text == old:
        return False
    target.write_text(text, encoding="utf-8")
    return True


def format_files(paths: list[Path]) -> list[Path]:
    """Rewrite PO files in the project's one layout, gettext's (see :mod:`gnlc.po_layout`).

    polib reads and writes them. Only the layout changes: a file whose entries would
    read differently afterwards, or that holds what polib cannot keep, is left as it is
    and reported (ValueError naming the file and line).
    """
    from . import po_layout

    changed = []
    for path in paths:
        original = path.read_bytes()
        catalog = po_layout.read(path)
        data = po_layout.dumps(catalog).encode("utf-8")
        if data == original:
            continue
        problem = po_layout.unkept(original.decode("utf-8"))
        if problem:
            raise ValueError(f"{path}:{problem}; left as it is")
        with tempfile.TemporaryDirectory() as tmp:
            written = Path(tmp) / path.name
            written.write_bytes(data)
            if po_layout.content(po_layout.read(written)) != po_layout.content(catalog):
                raise ValueError(f"{path}: formatting would change its entries; left as it is")
        path.write_bytes(data)
        changed.append(path)
    return changed
