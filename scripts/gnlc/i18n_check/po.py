"""PO files read by a small parser that knows the line of everything.

Babel and polib accept some broken files without a word (polib reads an
unterminated string as an empty msgstr, and a msgid without msgstr as
untranslated); this parser reports each problem at its line and goes on with
the next entry. ``gnlc i18n-check`` and the build's translation guard use it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

@dataclass
class Entry:
    line: int = 0  # line of the msgid keyword (of msgctxt until msgid is seen)
    msgctxt: str | None = None
    msgid: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False
    broken: bool = False
    last: str | None = None  # where a continuation string goes: "msgctxt", "msgid", "msgid_plural", "msgstr:N"

    @property
    def started(self) -> bool:
        return self.msgid is not None or self.msgctxt is not None

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None and not self.obsolete

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values())


ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f",
           "v": "\v", "?": "?", "'": "'"}
PO_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?(?=[\s\"]|$)\s*(.*)$")


class PoSyntaxError(Exception):
    pass


def po_string(text: str) -> str:
    """The value of one quoted PO string, which must be the whole of ``text``."""
    if not text.startswith('"'):
        raise PoSyntaxError("expected a string in double quotes")
    out = []
    i, n = 1, len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            rest = text[i + 1:].strip()
            if rest:
                hint = " (write a quotation mark inside a string as \\\")" if '"' in rest else ""
                raise PoSyntaxError(f"unexpected text after the closing quote: {rest[:20]!r}{hint}")
            return "".join(out)
        if ch == "\\":
            if i + 1 >= n:
                break
            esc = text[i + 1]
            if esc in ESCAPES:
                out.append(ESCAPES[esc])
                i += 2
                continue
            m = re.match(r"[0-7]{1,3}|x[0-9a-fA-F]{1,2}", text[i + 1:])
            if not m:
                raise PoSyntaxError(f"invalid escape sequence \\{esc}")
            code = m.group(0)
            out.append(chr(int(code[1:], 16) if code[0] == "x" else int(code, 8)))
            i += 1 + len(code)
            continue
        out.append(ch)
        i += 1
    raise PoSyntaxError("string not terminated (missing closing quote)")


def parse_po(data: bytes) -> tuple[list[Entry], list[tuple[int, str]]]:
    """Entries (broken ones flagged) and syntax errors as ``(line, message)``.

    After an error the parser skips to the next entry, so one mistake gives one
    message and the rest of the file is still checked.
    """
    entries: list[Entry] = []
    errors: list[tuple[int, str]] = []
    state = {"cur": Entry(), "flags": set()}

    def cur() -> Entry:
        return state["cur"]

    def error(line: int, message: str) -> None:
        errors.append((line, message))
        cur().broken = True

    def finish() -> None:
        entry = cur()
        if entry.started:
            if not entry.broken:
                if entry.msgid is None:
                    error(entry.line, "msgctxt without msgid")
                elif not entry.msgstr:
                    error(entry.line, "entry has no msgstr")
                elif entry.msgid_plural is not None and 0 not in entry.msgstr:
                    error(entry.line, "plural entry has no msgstr[0]")
            entries.append(entry)
        state["cur"], state["flags"] = Entry(), set()

    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    for lineno, raw in enumerate(lines, 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            line = raw.decode("utf-8", errors="replace")
            errors.append((lineno, f"not valid UTF-8 (byte {err.start + 1} of the line): save the file as UTF-8"))
            cur().broken = True
        if lineno == 1:
            line = line.removeprefix("\ufeff")
        text = line.strip()
        if not text:
            finish()
            continue
        obsolete = False
        if text.startswith("#~"):
            text = text[2:].strip()
            obsolete = True
            if not text or text.startswith("|"):
                continue
        elif text.startswith("#"):
            if cur().started:
                finish()  # a comment starts the next entry
            if text.startswith("#,"):
                state["flags"] |= {f.strip() for f in text[2:].split(",") if f.strip()}
            continue

        m = PO_KEYWORD.match(text)
        if m:
            keyword, index, rest = m.groups()
            if keyword in ("msgctxt", "msgid") and (cur().msgstr or cur().broken):
                finish()  # the previous entry is complete (or given up): a new one starts
            entry = cur()
            if entry.broken:
                continue
            try:
                value = po_string(rest)
            except PoSyntaxError as err:
                error(lineno, f"{keyword}: {err}")
                continue
            if not entry.started:
                entry.obsolete = obsolete
                entry.flags = set(state["flags"])
            if keyword == "msgctxt":
                if entry.started:
                    error(lineno, "msgctxt in the middle of an entry")
                    continue
                entry.msgctxt, entry.line, entry.last = value, lineno, "msgctxt"
            elif keyword == "msgid":
                if index is not None:
                    error(lineno, "msgid cannot have an index")
                elif entry.msgid is not None:
                    error(entry.line, "entry has no msgstr")
                    finish()
                    entry = cur()
                    entry.msgid, entry.line, entry.last, entry.obsolete = value, lineno, "msgid", obsolete
                else:
                    entry.msgid, entry.line, entry.last = value, lineno, "msgid"
            elif keyword == "msgid_plural":
                if entry.msgid is None or entry.msgstr or entry.msgid_plural is not None:
                    error(lineno, "msgid_plural out of place")
                else:
                    entry.msgid_plural, entry.last = value, "msgid_plural"
            else:  # msgstr
                if entry.msgid is None:
                    error(lineno, "msgstr without msgid")
                elif entry.msgid_plural is not None and index is None:
                    error(lineno, "a plural entry needs msgstr[N]")
                elif entry.msgid_plural is None and index is not None:
                    error(lineno, "msgstr[N] without msgid_plural")
                elif int(index or 0) in entry.msgstr:
                    error(lineno, "a second msgstr in one entry")
                else:
                    entry.msgstr[int(index or 0)] = value
                    entry.last = f"msgstr:{int(index or 0)}"
            continue

        entry = cur()
        if entry.broken and entry.started:
            continue  # the rest of an entry already reported
        if text.startswith('"'):
            if entry.last is None:
                error(lineno, "a string without a keyword (msgid, msgstr...) before it")
                continue
            try:
                value = po_string(text)
            except PoSyntaxError as err:
                error(lineno, str(err))
                continue
            if entry.last.startswith("msgstr:"):
                entry.msgstr[int(entry.last[7:])] += value
            else:
                setattr(entry, entry.last, getattr(entry, entry.last) + value)
            continue
        error(lineno, f"unexpected text {text.split()[0][:30]!r}: not a keyword, a quoted string or a comment")
    finish()
    return entries, errors

