"""Translation catalogs: extract the English messages and merge them into every language.

``update`` runs Sphinx's gettext builder (with the same ``gettext_compact`` as
the HTML build, since it reads the same conf.py) and merges each template into
``locale/<lang>/LC_MESSAGES/<page>.po`` the way ``msgmerge --previous`` does:
an entry whose English changed becomes fuzzy and keeps the old English as
``#| msgid`` for the translator. Output is written with one fixed wrapping and
location comments without line numbers, so running it twice changes nothing
and editing a page does not churn every catalog.
"""

from __future__ import annotations

import io
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from . import languages as langs
from .paths import Project

WIDTH = 79


@dataclass
class UpdateReport:
    created: list[Path]
    changed: list[Path]
    unchanged: int
    obsolete: list[Path]


def extract(project: Project) -> Path:
    """Write the POT templates of every page into ``_build/gettext``."""
    out = project.build / "gettext"
    subprocess.run(
        [sys.executable, "-m", "sphinx", "--builder", "gettext", "--fail-on-warning", "--quiet",
         "--doctree-dir", str(project.build / "doctrees" / "gettext"), str(project.docs), str(out)],
        cwd=project.root, check=True,
    )
    return out


def render(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH, include_previous=True, include_lineno=False,
             sort_by_file=False, ignore_obsolete=False)
    return buffer.getvalue()


HEADER = """\
# {name} translation of the UNESCO Learning Cities portal.
# This file is distributed under the same licence as the portal's content.
# Translators: see docs/contribute/translate.md and the glossary in docs/_data/glossary.yaml.
#"""


def _header(catalog: Catalog, lang: langs.Language, project_name: str) -> None:
    catalog.locale = lang.gettext
    catalog.project = project_name
    catalog.version = "1.0"
    catalog.language_team = lang.name
    catalog.msgid_bugs_address = ""
    catalog.header_comment = HEADER.format(name=lang.name)
    catalog.fuzzy = False


def merge(template: Catalog, po_path: Path, lang: langs.Language) -> bytes:
    if po_path.exists():
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=lang.gettext, abort_invalid=True)
        # Like msgmerge: removed entries stay as obsolete (#~), never silently lost.
        catalog.update(template, no_fuzzy_matching=False, update_header_comment=False,
                       keep_user_comments=True, update_creation_date=False)
    else:
        catalog = Catalog(locale=lang.gettext, project=template.project, fuzzy=False)
        catalog.update(template, no_fuzzy_matching=True)
    _header(catalog, lang, template.project or "GNLC portal")
    if not po_path.exists():
        catalog.creation_date = catalog.revision_date = template.creation_date
    return render(catalog)


def update(project: Project, selected: list[langs.Language] | None = None, pot_dir: Path | None = None) -> UpdateReport:
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
            with pot.open("rb") as handle:
                template = read_po(handle)
            target = folder / rel
            data = merge(template, target, lang)
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
    """Rewrite PO files in the project's one layout (wrapping, no line numbers).

    Only the layout changes: each file is re-read after formatting and must hold
    exactly the same entries, or it is left untouched.
    """
    changed = []
    for path in paths:
        original = path.read_bytes()
        with path.open("rb") as handle:
            catalog = read_po(handle, abort_invalid=True)
        data = render(catalog)
        if data == original:
            continue
        again = read_po(io.BytesIO(data))
        if [(m.id, m.string, m.context, sorted(m.flags)) for m in again] != [
            (m.id, m.string, m.context, sorted(m.flags)) for m in catalog
        ]:
            raise ValueError(f"{path}: formatting would change its entries; left as it is")
        path.write_bytes(data)
        changed.append(path)
    return changed
