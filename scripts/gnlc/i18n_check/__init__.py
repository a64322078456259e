"""``gnlc i18n-check``: a quality gate for the PO catalogs that understands MyST.

Every entry of ``locale/<lang>/LC_MESSAGES/**/*.po`` is checked, read-only:

* the file itself: ``po-syntax`` (GNU gettext's ``msgfmt``, which names the
  line of each problem, a msgid given twice included), ``po-header`` (Language
  matches the folder, UTF-8); a file with a syntax error is checked no further;
* the markup, by parsing msgid and msgstr with the parser MyST itself uses
  (markdown-it-py with the project's MyST extensions) and comparing what each
  contains: ``link-target``, ``role``, ``inline-code``, ``substitution``,
  ``emphasis``, ``raw-html``, ``block-markup``, ``attribute``; in the theme's
  catalog (``sphinx.po``), ``theme-markup`` (a character that ends an HTML
  attribute or starts a tag);
* the content: ``url``, ``number``, ``glossary`` (``docs/_data/glossary.yaml``),
  ``python-format``;
* the language: ``spelling`` (hunspell, with ``scripts/gnlc/wordlists/<lang>.txt``),
  ``typography-fr``, ``typography-zh``;
* the state: ``untranslated``, ``fuzzy``.

Each finding prints as ``path:line: check-name: message``; ``line`` is the line
of the entry's ``msgid`` keyword (or of the problem, for syntax errors), so
editors can jump to it. Spelling, French typography, untranslated and fuzzy
entries are warnings unless ``strict``; everything else is an error.

Entries whose msgid ends with a newline are code blocks (literal blocks; MyST
never ends a paragraph with one): only their URLs are compared. An entry whose
msgstr is a verbatim copy of its msgid (a name, a code sample, a title kept in
English) is not held to the target language's spelling, typography or glossary.
A fuzzy entry is reported as fuzzy only: its msgstr translates an older English.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import polib

from ..paths import Project
from . import spelling
from .glossary import Term, _norm, load_glossary
from .markup import PY_NAMED, _show, added_template_markup, analyse, check_markup, find_urls, project_myst_extensions, python_format
from .numbers import missing_numbers
from .po import Catalog, messages, read
from .spelling import HUNSPELL_DICTS, spelling_words, run_hunspell
from .typography import typography_fr, typography_zh

# Checks whose findings are warnings unless strict.
SOFT_CHECKS = {"spelling", "typography-fr", "untranslated", "fuzzy"}


@dataclass(frozen=True)
class Finding:
    """One problem. ``path`` is relative to the project root when the file is inside it."""

    path: str
    line: int
    check: str
    message: str
    severity: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.check}: {self.message}"


def language_of(path: Path) -> str | None:
    """The folder above LC_MESSAGES."""
    parts = Path(path).resolve().parts
    if "LC_MESSAGES" in parts[1:]:
        return parts[parts.index("LC_MESSAGES") - 1]
    return None


def expand(paths: list[Path] | None, project: Project) -> list[Path]:
    """The PO files named, and those inside the folders named; every catalog by default."""
    files = []
    for path in map(Path, paths or [project.locale]):
        files.extend(sorted(path.rglob("*.po")) if path.is_dir() else [path])
    return files


@dataclass
class _Context:
    project: Project
    strict: bool
    extensions: tuple[str, ...]
    glossary: list[Term] | None
    findings: list[Finding] = field(default_factory=list)
    spelling: dict[str, list[tuple[str, int, list[str]]]] = field(default_factory=dict)

    def add(self, path: str, line: int, check: str, message: str) -> None:
        severity = "warning" if check in SOFT_CHECKS and not self.strict else "error"
        self.findings.append(Finding(path, line, check, message, severity))


def _check_message(ctx: _Context, rel: str, lang: str | None, entry: polib.POEntry, source: str,
                   msgstr: str) -> None:
    at = entry.linenum
    if Path(rel).name == "sphinx.po":  # the theme's strings, inserted into HTML text and attributes
        problem = added_template_markup(source, msgstr)
        if problem:
            ctx.add(rel, at, "theme-markup", problem)
    if PY_NAMED.search(source):  # Babel also flags "50% of" python-format: only real placeholders count
        problem = python_format(source, msgstr)
        if problem:
            ctx.add(rel, at, "python-format", problem)
    if source.endswith("\n"):  # a code block: its text is not MyST, and it may stay in English
        missing = Counter(find_urls(source)) - Counter(find_urls(msgstr))
        if missing:
            ctx.add(rel, at, "url", "URL " + _show(missing.elements()) + " is missing or changed")
        return

    src, dst = analyse(source, ctx.extensions), analyse(msgstr, ctx.extensions)
    markup_problems = check_markup(src, dst)
    for check, message in markup_problems:
        ctx.add(rel, at, check, message)
    # Link targets were compared above; here the addresses written in the text.
    missing = Counter(find_urls(src.text)) - Counter(find_urls(msgstr))
    if missing:
        ctx.add(rel, at, "url", "URL or e-mail address " + _show(missing.elements()) + " is missing or changed")
    if not entry.msgid_plural:
        lost = missing_numbers(src.text, dst.text)
        if lost:
            ctx.add(rel, at, "number", "number " + _show(lost) + " of the English is missing from the msgstr "
                    "(figures stay in digits 0-9)")

    if lang is None or msgstr.strip() == source.strip():
        return  # kept as it is (a name, a title in English): not held to the language's rules
    if ctx.glossary:
        said = _norm(dst.text)
        for term in ctx.glossary:
            if lang in term.forms and term.pattern.search(src.text) and not any(f in said for f in term.forms[lang]):
                ctx.add(rel, at, "glossary", f"the English says {term.english!r}: the glossary's term is "
                        f"{term.target[lang]!r}")
    if markup_problems:
        return  # the text is not what readers will see until the markup is fixed: spelling and spacing later
    if lang == "zh_CN":
        issues = typography_zh(dst.text)
        if issues:
            ctx.add(rel, at, "typography-zh", "; ".join(issues))
    elif lang == "fr":
        issues = typography_fr(dst.text, src.text)
        if issues:
            ctx.add(rel, at, "typography-fr", "; ".join(issues))
    if lang in HUNSPELL_DICTS:
        words = spelling_words(dst.text, lang, src.text)
        if words:
            ctx.spelling.setdefault(lang, []).append((rel, at, words))


def _check_entry(ctx: _Context, rel: str, lang: str | None, entry: polib.POEntry) -> None:
    if entry.fuzzy:
        ctx.add(rel, entry.linenum, "fuzzy", "fuzzy translation: not shown on the site until reviewed")
        return
    if not entry.translated():
        ctx.add(rel, entry.linenum, "untranslated", "not translated yet")
        return
    for source, msgstr in messages(entry):
        _check_message(ctx, rel, lang, entry, source, msgstr)


def _check_header(ctx: _Context, rel: str, folder_lang: str | None, catalog: Catalog) -> str | None:
    """Report header problems; return the catalog's language."""
    if not catalog.po.metadata:
        ctx.add(rel, 1, "po-header", 'no header entry (msgid "") giving Language and Content-Type')
        return folder_lang
    fields = {key.lower(): value for key, value in catalog.po.metadata.items()}
    at = catalog.header_line
    language = fields.get("language", "")
    if not language:
        ctx.add(rel, at, "po-header", "the header has no Language"
                + (f" (want {folder_lang!r})" if folder_lang else ""))
    elif folder_lang and language != folder_lang:
        ctx.add(rel, at, "po-header", f"Language is {language!r} but the file is in the "
                f"{folder_lang!r} folder")
    charset = re.search(r"charset=([\w.-]+)", fields.get("content-type", ""), re.I)
    if not charset:
        ctx.add(rel, at, "po-header", "the header has no Content-Type charset (want UTF-8)")
    elif charset.group(1).lower() not in ("utf-8", "utf8"):
        ctx.add(rel, at, "po-header", f"charset is {charset.group(1)}, not UTF-8")
    return folder_lang or language or None


def _check_file(ctx: _Context, path: Path) -> None:
    rel = ctx.project.rel(path)
    try:
        catalog = read(path)
    except OSError as err:
        ctx.add(rel, 1, "po-syntax", f"cannot read the file: {err.strerror}")
        return
    for line, message in catalog.errors:
        ctx.add(rel, line, "po-syntax", message)
    if catalog.errors:
        return  # msgfmt and polib read it differently until it is mended: its words are checked then
    lang = _check_header(ctx, rel, language_of(path), catalog)
    for entry in catalog.entries:
        _check_entry(ctx, rel, lang, entry)


def _check_spelling(ctx: _Context, first_file: dict[str, str]) -> None:
    if not ctx.spelling:
        return
    if not shutil.which("hunspell"):
        ctx.findings.append(Finding(min(first_file.values()), 1, "spelling", "hunspell is not installed (Debian "
                                    "package hunspell): spelling was not checked", "warning"))
        return
    jobs = {}
    for lang, queue in sorted(ctx.spelling.items()):
        dictionary = HUNSPELL_DICTS[lang]
        if (spelling.HUNSPELL_DIR / f"{dictionary}.dic").exists():
            jobs[lang] = (dictionary, {w for _, _, words in queue for w in words})
        else:
            ctx.findings.append(Finding(first_file[lang], 1, "spelling", f"no hunspell dictionary {dictionary} "
                                        f"(Debian package hunspell-{lang}): {lang} spelling was not checked",
                                        "warning"))
    # One hunspell per language, all at once: each spends most of its time loading its dictionary.
    with ThreadPoolExecutor(max_workers=max(1, len(jobs))) as pool:
        futures = {lang: pool.submit(run_hunspell, *job) for lang, job in jobs.items()}
    for lang, future in futures.items():
        try:
            unknown = future.result()
        except (OSError, subprocess.CalledProcessError) as err:
            ctx.findings.append(Finding(first_file[lang], 1, "spelling", f"hunspell failed: {err}", "warning"))
            continue
        for rel, line, words in ctx.spelling[lang]:
            bad = [w for w in dict.fromkeys(words) if w in unknown]
            if bad:
                ctx.add(rel, line, "spelling", "unknown word " + ", ".join(repr(w) for w in bad)
                        + f" (if it is right, add it to scripts/gnlc/wordlists/{lang}.txt)")


def check_files(paths: list[Path], project: Project, strict: bool = False) -> list[Finding]:
    """Check PO files (and every PO file under folders given). Never writes anything."""
    glossary_path = project.data / "glossary.yaml"
    glossary = load_glossary(glossary_path) if glossary_path.is_file() else None
    ctx = _Context(project, strict, project_myst_extensions(project), glossary)
    files = expand(paths, project)
    first_file: dict[str, str] = {}
    for path in files:
        lang = language_of(path)
        if lang in HUNSPELL_DICTS:
            first_file.setdefault(lang, project.rel(path))
        _check_file(ctx, path)
    if glossary is None and files:
        ctx.findings.append(Finding(project.rel(glossary_path), 1, "glossary",
                                    "glossary not found: glossary terms were not checked", "warning"))
    _check_spelling(ctx, first_file)
    order = {project.rel(p): i for i, p in enumerate(files)}
    return sorted(ctx.findings, key=lambda f: (order.get(f.path, -1), f.line, f.check))


def summary(findings: list[Finding], files: int) -> str:
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    counts = Counter(f.check for f in findings)
    detail = f" ({', '.join(f'{check}: {n}' for check, n in sorted(counts.items()))})" if counts else ""
    return (f"i18n-check: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} "
            f"in {files} file{'s' * (files != 1)}{detail}")


def run(paths: list[Path] | None = None, strict: bool = False, project: Project | None = None, out=None) -> int:
    """Print every finding and a one-line summary; return 1 if any is an error, else 0."""
    project = project or Project.find()
    out = out or sys.stdout
    files = expand(paths, project)
    findings = check_files(files, project, strict=strict)
    for finding in findings:
        print(finding, file=out)
    print(summary(findings, len(files)), file=out)
    return 1 if any(f.severity == "error" for f in findings) else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gnlc i18n-check", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="PO files or folders (default: every catalog)")
    parser.add_argument("--strict", action="store_true",
                        help="spelling, French typography, untranslated and fuzzy entries are errors too")
    args = parser.parse_args(argv)
    return run(args.paths, args.strict, Project.find())


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["Finding", "Catalog", "read", "check_files", "missing_numbers", "run", "summary"]
