"""`gnlc i18n-check`: every kind of broken translation is caught at its file and line; correct ones pass.

The fixtures are real PO files under tests/fixtures/po/: `good/<lang>/` holds correct
translations in the five languages (each language's own typography, numbers and
glossary terms), `broken/fr/` and `broken/zh_CN/` one wrong entry per case. Each
wrong entry carries an extracted comment `#. expect CHECK: CASE` naming the finding
it must give, so the expected line is the line of the `msgid` that follows it.
Spelling runs the real hunspell with Debian's dictionaries.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import time
from pathlib import Path

import pytest

from conftest import ROOT, Project  # noqa: F401  (conftest puts scripts/ on sys.path)
from gnlc import i18n_check
from gnlc.i18n_check import Finding, check_files, missing_numbers, run

FIXTURES = ROOT / "tests" / "fixtures" / "po"
LANGS = ("fr", "es", "ru", "zh_CN", "ar")
LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): (?P<check>[a-z0-9-]+): (?P<message>.+)$")
EXPECT = re.compile(r"^#\. expect (?P<check>[a-z0-9-]+): (?P<case>.+)$")

# Every case the gate must catch, as named in the fixtures' `#. expect` comments.
REQUIRED_CASES = {
    "changed URL in the text": "url",
    "dropped link": "link-target",
    "retargeted role": "role",
    "broken backtick in a role": "role",
    "broken backtick in inline code": "inline-code",
    "injected script": "raw-html",
    "injected link as HTML": "raw-html",
    "changed inline code": "inline-code",
    "renamed substitution": "substitution",
    "changed number": "number",
    "wrong glossary term": "glossary",
    "misspelled word": "spelling",
    "fuzzy entry": "fuzzy",
    "untranslated entry": "untranslated",
}


def make_project(tmp_path: Path, kind: str) -> Project:
    """A project root with the real glossary and the fixture catalogs as its locale/."""
    root = tmp_path / kind
    (root / "docs" / "_data").mkdir(parents=True)
    shutil.copy2(ROOT / "docs" / "_data" / "glossary.yaml", root / "docs" / "_data" / "glossary.yaml")
    (root / "docs" / "conf.py").write_text("", encoding="utf-8")
    (root / "pyproject.toml").write_text("", encoding="utf-8")
    shutil.copytree(FIXTURES / kind, root / "locale")
    return Project(root)


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Project:
    return make_project(tmp_path_factory.mktemp("i18n"), "good")


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> Project:
    return make_project(tmp_path_factory.mktemp("i18n"), "broken")


def printed(project: Project, strict: bool, paths=None) -> tuple[int, list[dict], str]:
    """Run the check as the command line does; parse each `path:line: check: message` line."""
    out = io.StringIO()
    status = run(paths or [], strict, project, out=out)
    lines = out.getvalue().splitlines()
    assert lines and lines[-1].startswith("i18n-check: "), lines[-1:]
    findings = []
    for text in lines[:-1]:
        m = LINE.match(text)
        assert m, f"not in the form path:line: check: message: {text!r}"
        findings.append({**m.groupdict(), "line": int(m.group("line"))})
    return status, findings, lines[-1]


def expected(po: Path) -> list[tuple[int, str, str]]:
    """(line of the msgid, check, case) for each `#. expect` comment of a fixture."""
    result, pending = [], []
    for number, text in enumerate(po.read_text(encoding="utf-8").splitlines(), 1):
        m = EXPECT.match(text)
        if m:
            pending.append((m.group("check"), m.group("case")))
        elif text.startswith("msgid ") and pending:
            result.extend((number, check, case) for check, case in pending)
            pending = []
    return result


BROKEN_CASES = [
    pytest.param(f"{po.parent.parent.name}/LC_MESSAGES/{po.name}", line, check, id=f"{po.parent.parent.name}: {case}")
    for po in sorted((FIXTURES / "broken").rglob("sample.po"))
    for line, check, case in expected(po)
]


def test_fixtures_cover_every_required_case():
    cases = {case: check for po in (FIXTURES / "broken").rglob("*.po") for _, check, case in expected(po)}
    for case, check in REQUIRED_CASES.items():
        assert cases.get(case) == check, f"no broken fixture for {case!r} ({check})"


@pytest.fixture(scope="module")
def broken_findings(broken) -> list[dict]:
    status, findings, _ = printed(broken, strict=True)
    assert status == 1
    return findings


@pytest.mark.parametrize("rel, line, check", BROKEN_CASES)
def test_broken_entry_is_reported_at_its_file_and_line(broken_findings, rel, line, check):
    findings = broken_findings
    path = f"locale/{rel}"
    at_line = {f["check"] for f in findings if f["path"] == path and f["line"] == line}
    assert at_line == {check}, f"{path}:{line}: expected only {check}, got {sorted(at_line) or 'nothing'}"


def test_broken_files_give_no_other_findings(broken_findings):
    """Nothing beyond the expected findings: the correct entries around them pass."""
    findings = broken_findings
    want = {(f"locale/{rel}", line, check) for rel, line, check in (p.values for p in BROKEN_CASES)}
    want |= {
        ("locale/fr/LC_MESSAGES/syntax.po", 15, "po-syntax"),  # string not terminated
        ("locale/fr/LC_MESSAGES/syntax.po", 18, "po-syntax"),  # unescaped quotation mark
        # Line 20's wrong number is not reported: a file with a syntax error is checked no further.
        ("locale/fr/LC_MESSAGES/syntax.po", 23, "po-syntax"),  # msgid without msgstr at the end
        ("locale/fr/LC_MESSAGES/duplicate.po", 14, "po-syntax"),  # the same msgid as on line 11
        ("locale/fr/LC_MESSAGES/header.po", 3, "po-header"),
    }
    got = {(f["path"], f["line"], f["check"]) for f in findings}
    assert got == want, f"missing: {sorted(want - got)}\nunexpected: {sorted(got - want)}"


def test_po_syntax_errors_name_the_line_of_the_problem(broken):
    findings = check_files([broken.locale / "fr" / "LC_MESSAGES" / "syntax.po"], broken)
    messages = {f.line: f.message for f in findings if f.check == "po-syntax"}
    assert "not terminated" in messages[15]
    assert "'R'" in messages[18] and 'written \\"' in messages[18]
    assert "no msgstr" in messages[23]
    assert all(f.severity == "error" for f in findings)
    duplicate = check_files([broken.locale / "fr" / "LC_MESSAGES" / "duplicate.po"], broken)
    assert [(f.line, f.check, f.message) for f in duplicate] == [
        (14, "po-syntax", "the same msgid as the entry on line 11")]


def test_a_file_not_in_utf8_is_named_at_the_line_of_the_first_bad_byte(good, tmp_path):
    po = tmp_path / "locale" / "fr" / "LC_MESSAGES" / "latin1.po"
    po.parent.mkdir(parents=True)
    po.write_bytes((good.locale / "fr" / "LC_MESSAGES" / "sample.po").read_text(encoding="utf-8")
                   .replace("charset=utf-8", "charset=ISO-8859-1").encode("latin-1", errors="replace"))
    first = next(n for n, line in enumerate(po.read_bytes().split(b"\n"), 1) if any(b > 127 for b in line))
    findings = [f for f in check_files([po], Project(tmp_path)) if f.path.endswith("latin1.po")]
    assert [(f.line, f.check) for f in findings] == [(first, "po-syntax")], findings
    assert "UTF-8" in findings[0].message


def test_header_language_and_charset(broken):
    findings = check_files([broken.locale / "fr" / "LC_MESSAGES" / "header.po"], broken)
    messages = sorted(f.message for f in findings)
    assert [f.check for f in findings] == ["po-header", "po-header"]
    assert "'es'" in messages[0] and "'fr' folder" in messages[0]
    assert "ISO-8859-1" in messages[1]


def test_good_catalogs_give_no_finding_even_strict(good):
    for strict in (False, True):
        status, findings, summary = printed(good, strict=strict)
        assert findings == [], "\n".join(f"{f['path']}:{f['line']}: {f['check']}: {f['message']}" for f in findings)
        assert status == 0
        assert summary.startswith("i18n-check: 0 errors, 0 warnings in 5 files")


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_a_good_fixture(good, lang):
    po = good.locale / lang / "LC_MESSAGES" / "sample.po"
    assert po.is_file()
    assert check_files([po], good, strict=True) == []


def test_soft_checks_are_warnings_unless_strict(broken):
    po = broken.locale / "fr" / "LC_MESSAGES" / "sample.po"
    soft = {"spelling", "typography-fr", "untranslated", "fuzzy"}
    lenient = check_files([po], broken)
    strict = check_files([po], broken, strict=True)
    assert {f.check for f in lenient if f.severity == "warning"} == soft
    assert all(f.severity == "error" for f in lenient if f.check not in soft)
    assert all(f.severity == "error" for f in strict)
    assert [(f.line, f.check) for f in lenient] == [(f.line, f.check) for f in strict]


def test_exit_status(good, broken, tmp_path):
    assert printed(broken, strict=False)[0] == 1
    assert printed(good, strict=True)[0] == 0
    # Only warnings (an untranslated entry): passes, unless strict.
    project = make_project(tmp_path, "good")
    po = project.locale / "fr" / "LC_MESSAGES" / "sample.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "Qui peut se porter candidat\u202f?"', 'msgstr ""'), encoding="utf-8")
    status, findings, _ = printed(project, strict=False)
    assert status == 0 and [f["check"] for f in findings] == ["untranslated"]
    assert printed(project, strict=True)[0] == 1


def test_finding_str_is_path_line_check_message(broken):
    finding = Finding("locale/fr/LC_MESSAGES/x.po", 12, "number", "number 2013 is missing")
    assert str(finding) == "locale/fr/LC_MESSAGES/x.po:12: number: number 2013 is missing"
    for f in check_files([], broken):
        assert not Path(f.path).is_absolute(), f.path
        assert LINE.match(str(f)), str(f)


def test_checking_never_modifies_a_file(good, broken):
    def snapshot(project: Project) -> dict[Path, tuple[str, int]]:
        return {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
                for p in project.root.rglob("*") if p.is_file()}

    for project in (good, broken):
        before = snapshot(project)
        printed(project, strict=True)
        check_files([], project)
        assert snapshot(project) == before


def test_only_named_files_are_checked(broken):
    po = broken.locale / "zh_CN" / "LC_MESSAGES" / "sample.po"
    status, findings, summary = printed(broken, strict=False, paths=[po])
    assert {f["path"] for f in findings} == {"locale/zh_CN/LC_MESSAGES/sample.po"}
    assert "in 1 file" in summary and status == 1


def test_missing_hunspell_is_one_warning_per_run(good, tmp_path, monkeypatch):
    (tmp_path / "msgfmt").symlink_to(shutil.which("msgfmt"))
    monkeypatch.setenv("PATH", str(tmp_path))  # msgfmt and no hunspell on it
    findings = check_files([], good, strict=True)
    assert [(f.check, f.severity) for f in findings] == [("spelling", "warning")]
    assert "hunspell is not installed" in findings[0].message


def test_missing_msgfmt_is_an_error_not_a_pass(good, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no GNU gettext: nothing can be said to be clean
    findings = check_files([good.locale / "fr"], good)
    assert findings and all(f.check == "po-syntax" and f.severity == "error" for f in findings)
    assert "apt-get install gettext" in findings[0].message


def test_missing_dictionary_is_a_warning(good, tmp_path, monkeypatch):
    monkeypatch.setattr(i18n_check.spelling, "HUNSPELL_DIR", tmp_path)
    findings = check_files([good.locale / "ru"], good, strict=True)
    assert [(f.check, f.severity, f.line) for f in findings] == [("spelling", "warning", 1)]
    assert "ru_RU" in findings[0].message


def test_hunspell_is_installed_for_the_tests():
    """The spelling tests must really run hunspell: Debian packages hunspell and hunspell-fr/es/ru/ar."""
    assert shutil.which("hunspell"), "install the Debian package hunspell (gnlc test installs it)"
    for dictionary in i18n_check.HUNSPELL_DICTS.values():
        assert (i18n_check.spelling.HUNSPELL_DIR / f"{dictionary}.dic").exists(), dictionary


@pytest.mark.parametrize("english, translation", [
    ("1,250 people", "1\u202f250 personnes"),
    ("1,250 people", "1\u00a0250 personnes"),
    ("1,250 people", "1 250 человек"),
    ("1,250 people", "1.250 personas"),
    ("1,250 people", "1250 personas"),
    ("a 2.5-day festival", "un festival de 2,5 jours"),
    ("in 2013", "في عام ٢٠١٣"),
    ("in 2013", "در سال ۲۰۱۳"),
    ("More than 310 million", "超过3.1亿"),
    ("More than 310 million", "超过31000万"),
    ("More than 310 million", "Plus de 310 millions"),
    ("21–23 October 2013", "2013年10月21日至23日"),
    ("the first conference", "首届会议"),  # an ordinal word is not a number
    ("four universities for the third age (U3A)", "quatre universités du troisième âge (UTA)"),
    ("the network's 10th anniversary", "الذكرى السنوية العاشرة للشبكة"),
])
def test_numbers_match_across_conventions(english, translation):
    assert missing_numbers(english, translation) == []


@pytest.mark.parametrize("english, translation, lost", [
    ("in 2013", "en 2014", ["2013"]),
    ("More than 310 million", "超过3.2亿", ["310"]),
    ("10 case studies", "dix études de cas", ["10"]),
    ("21 and 21", "21", ["21"]),  # a multiset: each number needs its own
    ("the 10th anniversary", "الذكرى السنوية", ["10"]),
    ("10 cities", "عشر مدن", ["10"]),  # only the ordinal word stands for the figure
])
def test_numbers_missing(english, translation, lost):
    assert missing_numbers(english, translation) == lost


def test_real_catalogs_are_checked_quickly():
    """All five languages of the project's own catalogs, read-only, in seconds."""
    project = Project(ROOT)
    files = sorted(project.locale.glob("*/LC_MESSAGES/**/*.po"))
    if not files:
        pytest.skip("no catalogs")
    start = time.monotonic()
    findings = check_files(files, project)
    elapsed = time.monotonic() - start
    assert elapsed < 30, f"{len(files)} catalogs took {elapsed:.1f} s"
    # The project's own catalogs pass (CI's `make i18n-check` demands it), and whatever
    # warnings remain point at a real line of a real catalog.
    assert [str(f) for f in findings if f.severity == "error"] == []
    for finding in findings:
        lines = (ROOT / finding.path).read_text(encoding="utf-8").count("\n") + 1
        assert finding.path.endswith(".po") and 1 <= finding.line <= lines, str(finding)
