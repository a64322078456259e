"""PO files: GNU gettext's ``msgfmt`` checks their syntax, polib reads them.

polib reads some broken files without a word: an unterminated string runs
into the msgstr, a second entry with the same msgid is kept, a bad escape is
taken as it stands. So each file is first given to ``msgfmt``, which names
every syntax problem at its line; only a file it accepts is read, by polib.
``gnlc i18n-check`` and the build's translation guard read catalogs here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import polib

MSGFMT_PROBLEM = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?:\d+:)? (?P<message>.+)$")
# msgfmt's terse wording, said the way a translator fixes it.
PLAIN = {
    "end-of-line within string": "string not terminated (missing closing quote)",
    "missing 'msgstr' section": "entry has no msgstr",
}
UNKNOWN_KEYWORD = re.compile(r'^keyword "(?P<word>.*)" unknown$')


@dataclass
class Catalog:
    path: Path
    po: polib.POFile | None = None  # None when msgfmt found errors
    header_line: int = 1
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, message)

    @property
    def entries(self) -> list[polib.POEntry]:
        return [entry for entry in self.po if not entry.obsolete] if self.po is not None else []


def syntax_errors(path: Path) -> list[tuple[int, str]]:
    """``msgfmt``'s syntax errors in ``path`` as ``(line, message)``, one per line."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return [(1, "GNU gettext's msgfmt is needed to check PO files (Debian: apt-get install gettext)")]
    proc = subprocess.run([msgfmt, "-o", os.devnull, str(path)], capture_output=True, text=True,
                          errors="replace", env={**os.environ, "LC_ALL": "C"})
    found: dict[int, str] = {}
    duplicate = 0
    for text in proc.stderr.splitlines():
        match = MSGFMT_PROBLEM.match(text)
        if not match or match["file"] != str(path) or "warning:" in match["message"]:
            continue
        message, line = match["message"], int(match["line"])
        if message.startswith("...this is the location of the first definition"):
            # msgfmt points at that entry's msgstr; the msgid is the keyword before it.
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
            while line > 1 and not lines[line - 1].startswith(("msgid ", "msgctxt ")):
                line -= 1
            if duplicate:
                found[duplicate] = f"the same msgid as the entry on line {line}"
            continue
        duplicate = line if message.startswith("duplicate message definition") else 0
        if message in PLAIN:
            # msgfmt counts the line break that ends an unterminated string: the string is on the line before.
            line -= message == "end-of-line within string"
            message = PLAIN[message]
        elif unknown := UNKNOWN_KEYWORD.match(message):
            message = (f"unexpected text {unknown['word']!r}: not a keyword (msgid, msgstr...); "
                       'a quotation mark inside a string is written \\"')
        found.setdefault(line, message)
    if proc.returncode and not found:
        found[1] = (proc.stderr.strip().splitlines() or ["msgfmt failed"])[-1]
    return sorted(found.items())


def read(path: Path) -> Catalog:
    """The catalog at ``path``, or only its syntax errors if it has any."""
    data = Path(path).read_bytes()  # OSError for a file that cannot be read
    catalog = Catalog(Path(path), errors=syntax_errors(Path(path)))
    try:
        text = data.decode("utf-8")  # the portal's one charset
    except UnicodeDecodeError as err:  # msgfmt accepts another charset if the header declares it
        catalog.errors.append((data.count(b"\n", 0, err.start) + 1, "not valid UTF-8: save the file as UTF-8"))
    if catalog.errors:
        return catalog
    catalog.po = polib.pofile(text, wrapwidth=0)  # the very text checked, not the file read again
    lines = text.splitlines()

    def keyword_line(start: int) -> int:
        # polib numbers an entry from its first comment; a finding points at its msgid (or msgctxt).
        n = start
        while n <= len(lines) and not lines[n - 1].startswith(("msgctxt ", "msgid ")):
            n += 1
        return n if n <= len(lines) else start

    catalog.header_line = keyword_line(1)
    for entry in catalog.po:
        if not entry.obsolete:
            entry.linenum = keyword_line(entry.linenum)
    return catalog


def messages(entry: polib.POEntry) -> list[tuple[str, str]]:
    """``(English, translation)`` pairs of an entry: one, or one for each plural form."""
    if entry.msgid_plural:
        return [(entry.msgid if n == 0 else entry.msgid_plural, text) for n, text in sorted(entry.msgstr_plural.items())]
    return [(entry.msgid, entry.msgstr)]
