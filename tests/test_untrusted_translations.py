"""Translations are untrusted input: a hostile catalog may change words, never behaviour.

Each payload goes into a real French catalog of a temporary copy, which is then
built the way contributors build (``gnlc build``) or the way any Sphinx user
would (``sphinx-build``). The build must refuse it with the catalog's file and
line, nothing of it may reach any HTML file (published or not), no code may
run (a canary file stays absent), and the published French pages stay
byte-identical.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, gnlc
from gnlc.i18n_check.markup import analyse
from gnlc.i18n_check.po import read

pytestmark = pytest.mark.slow

PAGE = "about/site.po"  # the catalog the payloads go into
CANARY = "gnlc-canary"  # a file that code run by the build would create


def po_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def entries(po: Path):
    catalog = read(po)
    assert not catalog.errors
    return [e for e in catalog.entries if e.msgid]


def title_and_paragraph(po: Path):
    """A heading's entry and a long paragraph's entry without markup (chosen, not hard-coded)."""
    items = entries(po)
    plain = [e for e in items if not (lambda m: m.links or m.role_names or m.subs or m.code)(analyse(e.msgid))]
    paragraph = next(e for e in plain if len(e.msgid) > 80)
    return items[0], paragraph


def set_msgstr(po: Path, msgid: str, msgstr: str) -> int:
    """Replace one entry's translation; the line of its msgid keyword."""
    text = po.read_text(encoding="utf-8")
    for entry in entries(po):
        if entry.msgid == msgid:
            break
    else:
        raise AssertionError(f"{msgid!r} not in {po}")
    lines = text.split("\n")
    start = entry.linenum - 1
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("msgstr"))
    stop = end + 1
    while stop < len(lines) and lines[stop].startswith('"'):
        stop += 1
    lines[end:stop] = ["msgstr " + po_string(msgstr)]
    po.write_text("\n".join(lines), encoding="utf-8")
    return entry.linenum


def html_files(project) -> dict[str, str]:
    return {str(p): p.read_text(encoding="utf-8", errors="replace")
            for p in project.build.rglob("*.html") if p.is_file()}


def tree_bytes(root: Path) -> dict[str, bytes]:
    root = root.resolve()
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def french(tmp_path_factory):
    """A copy with French built and published once, and its clean catalogs to restore."""
    project = copy_project(tmp_path_factory.mktemp("untrusted") / "project")
    gnlc(project, "build", "--lang", "fr")
    folder = project.locale / "fr" / "LC_MESSAGES"
    clean = {p: p.read_bytes() for p in folder.rglob("*.po")}
    published = tree_bytes(project.html / "fr")
    yield project, published
    for path, data in clean.items():
        path.write_bytes(data)


@pytest.fixture()
def catalog(french):
    project, published = french
    po = project.locale / "fr" / "LC_MESSAGES" / PAGE
    theme = project.locale / "fr" / "LC_MESSAGES" / "sphinx.po"
    saved = {po: po.read_bytes(), theme: theme.read_bytes()}
    yield project, po, published
    for path, data in saved.items():
        path.write_bytes(data)
    assert not (project.root / CANARY).exists() and not Path("/tmp", CANARY).exists()


def payloads(token: str, canary: Path, secret: Path) -> list[tuple[str, str, str]]:
    """(check, where, msgstr) for each class of attack; ``where`` is "title" or "paragraph"."""
    return [
        ("substitution", "paragraph", f"{token} {{{{ cycler.__init__.__globals__.os.system('touch {canary}') }}}}"),
        ("substitution", "paragraph", f"Il y a {{{{ 6 * 7777 }}}} villes {token}"),
        ("substitution", "title", f"{{{{ lipsum.__globals__['os'].popen('id > {canary}').read() }}}} {token}"),
        ("raw-html", "paragraph", f'Texte <img src="x" onerror="document.title=\'{token}\'"> ici'),
        ("raw-html", "title", f"Titre <script>window.{token}=1</script>"),
        ("raw-html", "paragraph", f"<script>\ndocument.title = '{token}'\n</script>"),
        ("block-markup", "paragraph", f"```{{eval-rst}}\n.. raw:: html\n\n   <b>{token}</b>\n```"),
        ("block-markup", "paragraph", f":::{{include}} {secret}\n:::"),
        ("block-markup", "paragraph", f"(x-{token})=\n\nTexte"),
        ("role", "paragraph", f"Voir {{eval-rst}}`{token}` et {{raw}}`<b>{token}</b>`"),
        ("image", "paragraph", f"Un pixel ![{token}](https://tracker.example.net/{token}.gif) ici"),
        ("link-target", "title", f"[Titre {token}](https://evil.example.org/{token})"),
        ("attribute", "paragraph", f'[Texte {token}]{{onclick="alert(1)"}} ici'),
    ]


CASES = list(range(13))


@pytest.mark.parametrize("case", CASES)
def test_hostile_msgstr_is_refused_and_reaches_no_page(catalog, tmp_path, case):
    project, po, published = catalog
    token = f"PWNED{case}x{os.getpid()}"
    canary = project.root / CANARY
    secret = tmp_path / "secret.txt"  # outside the project
    secret.write_text(f"SECRET {token}\n", encoding="utf-8")
    check, where, msgstr = payloads(token, canary, secret)[case]
    title, paragraph = title_and_paragraph(po)
    line = set_msgstr(po, (title if where == "title" else paragraph).msgid, msgstr)

    proc = gnlc(project, "build", "--lang", "fr", check=False)
    out = proc.stdout + (project.build / "logs" / "fr.log").read_text(encoding="utf-8")
    assert proc.returncode != 0, out
    assert re.search(rf"locale/fr/LC_MESSAGES/{re.escape(PAGE)}:{line}: {check}: ", out), out
    assert not canary.exists(), "code ran at build time"
    leaked = [path for path, html in html_files(project).items() if token in html or "46662" in html]
    assert leaked == [], f"{msgstr!r} reached {leaked}"
    assert tree_bytes(project.html / "fr") == published


@pytest.mark.parametrize("msgstr", ['Rubriques" onfocus="alert(1)', "Rubriques<script>x</script>",
                                    "Rubriques' autofocus onfocus='x'", "Rubriques &amp; plus"])
def test_hostile_theme_string_is_refused(catalog, msgstr):
    project, _po, published = catalog
    theme = project.locale / "fr" / "LC_MESSAGES" / "sphinx.po"
    line = set_msgstr(theme, "Sections", msgstr)
    proc = gnlc(project, "build", "--lang", "fr", check=False)
    assert proc.returncode != 0
    assert f"locale/fr/LC_MESSAGES/sphinx.po:{line}: theme-markup: " in proc.stdout, proc.stdout
    assert all(msgstr not in html for html in html_files(project).values())
    assert tree_bytes(project.html / "fr") == published
    check = gnlc(project, "i18n-check", str(theme), check=False)
    assert check.returncode == 1 and f"sphinx.po:{line}: theme-markup:" in check.stdout, check.stdout


def test_plain_sphinx_build_refuses_too(catalog, tmp_path):
    project, po, _ = catalog
    _title, paragraph = title_and_paragraph(po)
    line = set_msgstr(po, paragraph.msgid, "Voir <iframe src=//evil.example.org/></iframe>")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "-D", "language=fr",
                           str(project.docs), str(tmp_path / "out")], env=env, cwd=project.root,
                          capture_output=True, text=True)
    assert proc.returncode != 0
    assert f"locale/fr/LC_MESSAGES/{PAGE}:{line}: ERROR: raw-html: " in proc.stderr, proc.stderr
    assert not any("evil.example.org" in p.read_text(encoding="utf-8") for p in (tmp_path / "out").rglob("*.html"))


def test_other_languages_still_build_and_publish(catalog):
    project, po, published = catalog
    _title, paragraph = title_and_paragraph(po)
    set_msgstr(po, paragraph.msgid, "{{ 6 * 7777 }}")
    proc = gnlc(project, "build", check=False)
    assert proc.returncode != 0
    for url in ("en", "es", "ru", "zh-cn", "ar"):
        assert (project.html / url / "about" / "site.html").is_file(), proc.stdout
    assert re.search(r"^Français \(fr\)\s+-\s+[\d.]+ s\s+FAILED, previous version kept", proc.stdout, re.M)
    assert tree_bytes(project.html / "fr") == published


def test_a_corrected_theme_catalog_rewrites_every_page_that_shows_it(catalog):
    """No stale traces: a changed theme string reaches every page at the next ordinary build."""
    project, _po, _ = catalog
    theme = project.locale / "fr" / "LC_MESSAGES" / "sphinx.po"
    set_msgstr(theme, "Sections", "Rubriques du portail")
    gnlc(project, "build", "--lang", "fr")
    pages = list((project.html / "fr").rglob("*.html"))
    labels = [re.findall(r'<nav class="site-nav" aria-label="([^"]*)"', p.read_text(encoding="utf-8")) for p in pages]
    assert labels and all(found == ["Rubriques du portail"] for found in labels if found), labels
    assert sum(1 for found in labels if found) >= 40
    set_msgstr(theme, "Sections", "Rubriques")
    gnlc(project, "build", "--lang", "fr")
    for page in pages:
        assert 'aria-label="Rubriques du portail"' not in page.read_text(encoding="utf-8"), page


class Attributes(HTMLParser):
    def __init__(self):
        super().__init__()
        self.names: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.names |= {name for name, _ in attrs}


def without_guard(project) -> None:
    conf = project.docs / "conf.py"
    text = conf.read_text(encoding="utf-8")
    assert '"translation_guard",' in text
    conf.write_text(text.replace('"translation_guard",', ""), encoding="utf-8")


def test_defence_in_depth_without_the_guard(tmp_path):
    """With the guard removed, substitutions still cannot run code and theme strings cannot add attributes."""
    project = copy_project(tmp_path / "project")
    without_guard(project)
    canary = project.root / CANARY
    po = project.locale / "fr" / "LC_MESSAGES" / PAGE
    _title, paragraph = title_and_paragraph(po)
    set_msgstr(po, paragraph.msgid, f"{{{{ cycler.__init__.__globals__.os.system('touch {canary}') }}}}")
    set_msgstr(project.locale / "fr" / "LC_MESSAGES" / "sphinx.po", "Sections", 'Rubriques" onfocus="alert(1)')
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-D", "language=fr",
                           str(project.docs), str(out)], env=env, cwd=project.root, capture_output=True, text=True)
    assert not canary.exists(), "the sandbox let a substitution run code"
    assert "Substitution error" in proc.stderr and "SecurityError" in proc.stderr, proc.stderr
    page = (out / "index.html").read_text(encoding="utf-8")
    parser = Attributes()
    parser.feed(page)
    assert "onfocus" not in parser.names
    assert 'aria-label="Sections"' in page  # a theme string that adds markup falls back to its English


def test_english_sources_get_the_same_sandbox(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project.docs / "about" / "site.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\nSource root: {{ env.srcdir.parent }}\n", encoding="utf-8")
    proc = gnlc(project, "build", "--lang", "en", check=False)
    assert proc.returncode != 0
    assert re.search(r"docs/about/site\.md:\d+: Substitution error:SecurityError", proc.stdout), proc.stdout
