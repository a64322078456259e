"""The foundation: six languages from one command, strict, parallel, atomic, incremental."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from conftest import LANGUAGES, ROOT, gnlc, source_pages

pytestmark = pytest.mark.slow


def test_every_page_exists_in_every_language(site):
    pages = source_pages(site)
    assert "index.html" in pages and "cities/hamburg.html" in pages
    for lang in LANGUAGES:
        folder = site.html / lang.url
        missing = [p for p in pages if not (folder / p).is_file()]
        assert not missing, f"{lang.url} lacks {missing}"


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda l: l.url)
def test_html_lang_and_direction(site, lang):
    for page in ("index.html", "cities/hamburg.html", "search.html", "404.html"):
        text = (site.html / lang.url / page).read_text(encoding="utf-8")
        tag = re.search(r"<html[^>]*>", text).group(0)
        assert f'lang="{lang.bcp47}"' in tag, (page, tag)
        assert f'dir="{lang.direction}"' in tag, (page, tag)
        assert "zh_CN" not in tag


def test_url_segments_are_lower_case_bcp47(site):
    names = sorted(p.name for p in site.html.iterdir() if not p.name.startswith((".", "_")) and not p.suffix)
    assert names == sorted(l.url for l in LANGUAGES) == ["ar", "en", "es", "fr", "ru", "zh-cn"]


def test_root_page_lists_languages_without_javascript(site):
    text = (site.html / "index.html").read_text(encoding="utf-8")
    for lang in LANGUAGES:
        assert f'<a href="{lang.url}/" hreflang="{lang.bcp47}" lang="{lang.bcp47}"' in text
        assert lang.name in text


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda l: l.url)
def test_localized_404_page(site, lang):
    text = (site.html / lang.url / "404.html").read_text(encoding="utf-8")
    assert f'<base href="/{lang.url}/">' in text


def _translate_one(project, po_rel: str, msgid_part: str, msgstr: str) -> None:
    po = project.locale / "fr" / "LC_MESSAGES" / po_rel
    catalog = polib.pofile(str(po), wrapwidth=0)
    next(e for e in catalog if msgid_part in e.msgid).msgstr = msgstr
    catalog.save()


def test_broken_po_file_fails_only_its_language(project_copy):
    gnlc(project_copy, "i18n-update", "--lang", "fr")
    po = project_copy.locale / "fr" / "LC_MESSAGES" / "about" / "index.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text + '\nmsgid "An entry without its translation line"\n', encoding="utf-8")
    proc = gnlc(project_copy, "build", check=False)
    assert proc.returncode != 0
    out = proc.stdout
    assert re.search(r"fr: locale/fr/LC_MESSAGES/about/index\.po:\d+: po-syntax: entry has no msgstr", out), out
    for lang in LANGUAGES:
        published = (project_copy.html / lang.url / "index.html").is_file()
        assert published == (lang.url != "fr"), (lang.url, out)
    assert re.search(r"^Français \(fr\)\s+-\s+[\d.]+ s\s+FAILED, nothing published", out, re.M), out


def test_one_changed_msgstr_rereads_one_page(project_copy):
    gnlc(project_copy, "i18n-update", "--lang", "fr")
    _translate_one(project_copy, "about/site.po", "How the site is made", "Comment le site est fait")
    gnlc(project_copy, "build", "--lang", "fr")
    before = {page: (project_copy.html / "fr" / page).read_bytes() for page in ("about/site.html", "cities/hamburg.html")}
    _translate_one(project_copy, "about/site.po", "The portal is a static website", "Le portail est un site statique.")
    gnlc(project_copy, "build", "--lang", "fr")
    log = (project_copy.build / "logs" / "fr.log").read_text(encoding="utf-8")
    assert re.findall(r"^reading sources\.\.\. \[\s*\d+%\] (\S+)", log, re.M) == ["about/site"], log
    page = (project_copy.html / "fr" / "about" / "site.html").read_bytes()
    assert page != before["about/site.html"] and "Le portail est un site statique." in page.decode("utf-8")
    # A page of another section, which shows nothing of it, is published as it was.
    assert (project_copy.html / "fr" / "cities" / "hamburg.html").read_bytes() == before["cities/hamburg.html"]


def _written(project, lang: str) -> list[str]:
    log = (project.build / "logs" / f"{lang}.log").read_text(encoding="utf-8")
    return re.findall(r"^writing output\.\.\. \[\s*\d+%\] (\S+)", log, re.M)


def test_a_new_title_reaches_every_page_that_shows_it(project_copy):
    gnlc(project_copy, "build", "--lang", "fr")
    _translate_one(project_copy, "about/site.po", "How the site is made", "Comment le site est bâti")
    gnlc(project_copy, "build", "--lang", "fr")
    # The other pages of the section list it in their navigation; Sphinx alone would
    # have rewritten only the section's index page.
    sibling = (project_copy.html / "fr" / "about" / "glossary.html").read_text(encoding="utf-8")
    assert "Comment le site est bâti" in sibling
    assert len(_written(project_copy, "fr")) > 40


def test_a_changed_paragraph_rewrites_its_page_and_its_section_index(project_copy):
    gnlc(project_copy, "build", "--lang", "en")
    page = project_copy.docs / "about" / "site.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "The portal is a static website.", "The portal is a static web site.", 1), encoding="utf-8")
    gnlc(project_copy, "build", "--lang", "en")
    # Sphinx writes the page and its section's index, whose toctree lists it; no title changed.
    assert sorted(_written(project_copy, "en")) == ["about/index", "about/site"]
    assert "static web site" in (project_copy.html / "en" / "about" / "site.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["fr", "zh_CN"])
def test_the_portals_build_writes_what_sphinx_build_writes(project_copy, tmp_path, lang):
    """Per-language work folders, the overrides and atomic publishing change where, never what."""
    import subprocess
    import sys

    from conftest import ROOT
    from gnlc.languages import get

    url = get(lang).url
    gnlc(project_copy, "build", "--lang", lang)
    plain = tmp_path / "plain"
    env = {**__import__("os").environ, "PYTHONPATH": str(ROOT / "scripts")}
    subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "-D", f"language={lang}",
                    "-d", str(tmp_path / "doctrees"), str(project_copy.docs), str(plain)],
                   check=True, env=env, cwd=project_copy.root)
    ours = project_copy.html / url

    def tree(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*")
                if p.is_file() and not p.name.startswith(".buildinfo")}

    mine, theirs = tree(ours), tree(plain)
    assert mine.keys() == theirs.keys()
    assert [name for name in mine if mine[name] != theirs[name]] == []


def test_a_fork_whose_preloaded_code_changed_runs_a_fresh_interpreter(tmp_path):
    """The forkserver's preloaded modules never build stale: after an edit, a fresh Python runs."""
    library = tmp_path / "edited_library.py"
    library.write_text("", encoding="utf-8")
    logs = [tmp_path / "before.log", tmp_path / "after.log"]
    script = f"""
import multiprocessing, os, sys
from gnlc import build
context = multiprocessing.get_context("forkserver")
context.set_forkserver_preload(["gnlc.forkserver_preload", "edited_library"])
# Forked and unchanged: sphinx-build's main() gets the arguments after "python -m sphinx".
command = [sys.executable, "-c", "print('a fresh interpreter')", "--version"]
for n, log in enumerate({[str(log) for log in logs]!r}):
    if n:
        os.utime({str(library)!r})  # edited after the forkserver imported it
    proc = context.Process(target=build._run_sphinx, args=(command, {str(tmp_path)!r}, {{}}, log))
    proc.start()
    proc.join()
    assert proc.exitcode == 0, proc.exitcode
"""
    # The forkserver finds its modules on the environment's path, as gnlc's does.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT / "scripts")])}
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120, env=env)
    before, after = (log.read_text(encoding="utf-8") for log in logs)
    assert before.startswith("sphinx-build ") and "fresh" not in before, before
    assert after.strip() == "a fresh interpreter", after


def test_without_msgfmt_translations_are_not_built_unchecked(project_copy, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "GNLC_ROOT": str(project_copy.root),
           "PATH": str(tmp_path)}  # no GNU gettext on it
    proc = subprocess.run([sys.executable, "-m", "gnlc", "build", "--lang", "fr"], cwd=project_copy.root, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0
    assert "apt-get install gettext" in proc.stdout + proc.stderr
    assert not (project_copy.html / "fr").exists()
