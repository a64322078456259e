"""PO files read and written with polib, in the layout GNU gettext gives them.

``msgmerge`` writes every catalog (``gnlc i18n-update``); ``gnlc i18n-format``
rewrites a catalog a translator's editor laid out otherwise in that same
layout, so the two never fight over line breaks. polib reads and writes the
entries; only the breaking of long strings is gettext's, which polib does not
copy: gettext breaks where the Unicode line-breaking rules allow, counting
East Asian wide characters as two columns, and fills each line up to 79
columns (quotes included). The breaks come from the library gettext itself
asks, libunistring (installed with gettext); the rest follows gettext's
``wrap`` (write-po.c) step by step.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from pathlib import Path

import polib

WIDTH = 79
ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v", "\\": "\\", '"': '"'}
# libunistring's <unilbrk.h>
UNDEFINED, PROHIBITED, POSSIBLE = 0, 1, 2


class POSyntaxError(ValueError):
    """A catalog polib cannot read; the message starts with ``file:line:``."""


_LINEBREAKS = None


def _linebreaks():
    """libunistring's ``u8_width_linebreaks``: the line breaking GNU gettext itself uses."""
    global _LINEBREAKS
    if _LINEBREAKS is None:
        name = ctypes.util.find_library("unistring")
        if not name:
            raise SystemExit("gnlc: libunistring not found; it comes with GNU gettext: apt-get install gettext")
        function = ctypes.CDLL(name).u8_width_linebreaks
        function.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                             ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p]
        function.restype = ctypes.c_int
        _LINEBREAKS = function
    return _LINEBREAKS


def _escape(portion: str) -> tuple[bytes, bytes]:
    """The quoted text of ``portion`` (UTF-8) and, per byte, where a line must not break."""
    text, overrides = bytearray(), bytearray()
    for char in portion:
        if char in ESCAPES:
            text += b"\\" + ESCAPES[char].encode()
            overrides += bytes((UNDEFINED, PROHIBITED))  # never between the backslash and its letter
        else:
            encoded = char.encode("utf-8")
            text += encoded
            overrides += bytes(len(encoded))
    if portion.endswith("\n"):
        overrides[len(text) - 2] = PROHIBITED  # nor just before the closing \n
    return bytes(text), bytes(overrides)


def _fill(text: bytes, overrides: bytes, width: int, column: int) -> list[int]:
    """Byte offsets where gettext breaks ``text`` to keep each line within ``width`` columns."""
    if not text:
        return []
    result = ctypes.create_string_buffer(len(text))
    _linebreaks()(text, len(text), width, column, 0, overrides, b"UTF-8", result)
    return [i for i, kind in enumerate(result.raw) if kind == POSSIBLE]


def field_lines(prefix: str, name: str, value: str, width: int = WIDTH) -> list[str]:
    """``name "value"`` as gettext writes it, each line starting with ``prefix`` (``#~ ``, ``#| ``)."""
    portions = value.splitlines(keepends=True) or [""]
    after_break = len(prefix) + 1  # a continuation line starts with the prefix and a quote
    room = width - 1 - after_break  # and ends with a quote
    lines: list[str] = []
    first = True
    for index, portion in enumerate(portions):
        text, overrides = _escape(portion)
        if first:
            start = len(prefix) + len(name) + 2 - after_break
            breaks = _fill(text, overrides, room, start)
            if text and (index < len(portions) - 1 or start > room or breaks):
                lines.append(f'{prefix}{name} ""')
                first = False
        if not first:
            breaks = _fill(text, overrides, room, 0)
        bounds = [0, *breaks, len(text)]
        for j in range(len(bounds) - 1):
            chunk = text[bounds[j]:bounds[j + 1]].decode("utf-8")
            lines.append(f'{prefix}{name} "{chunk}"' if first else f'{prefix}"{chunk}"')
            first = False
    return lines


class Entry(polib.POEntry):
    """A polib entry whose strings are broken into lines as gettext breaks them."""

    def _str_field(self, fieldname, delflag, plural_index, field, wrapwidth=WIDTH):
        # polib calls the previous strings "previous_msgid" etc.; the file says "#| msgid".
        return field_lines(delflag, fieldname.removeprefix("previous_") + plural_index, field)

    def __unicode__(self, wrapwidth=WIDTH):
        # polib writes the locations on one line (wrapwidth 0); gettext fills "#:" lines up to
        # the width, counting bytes (write-po.c, message_print_comment_filepos).
        occurrences, self.occurrences = self.occurrences, []
        try:
            text = super().__unicode__(0)
        finally:
            self.occurrences = occurrences
        if not occurrences or self.obsolete:
            return text
        lines, column = ["#:"], 2
        for path, line in occurrences:
            name = f"{path}:{line}" if line else path
            size = len(name.encode("utf-8"))
            if column > 2 and column + 1 + size > WIDTH:
                lines.append("#:")
                column = 2
            lines[-1] += " " + name
            column += size + 1
        # After the comments (# and #.), before the flags: where polib would have put them.
        head = [l for l in text.split("\n") if l.startswith(("# ", "#.")) or l == "#"]
        rest = text.split("\n")[len(head):]
        return "\n".join(head + lines + rest)


class Catalog(polib.POFile):
    """A polib catalog that writes gettext's layout and keeps its header fields in their order."""

    def metadata_as_entry(self):
        entry = Entry(msgid="")
        if self.metadata:
            entry.msgstr = "".join(f"{key}: {value}\n" for key, value in self.metadata.items())
        if self.metadata_is_fuzzy:
            entry.flags.append("fuzzy")
        return entry


def read(path: Path) -> Catalog:
    """Read a catalog with polib; a syntax error names the file and line."""
    try:
        # wrapwidth 0: polib then leaves comments and locations on their lines, as gettext does;
        # the strings are broken by Entry.
        catalog = polib.pofile(str(path), klass=Catalog, wrapwidth=0)
    except (OSError, UnicodeDecodeError) as err:
        raise POSyntaxError(f"{path}:{_error_line(err)}: {err}") from None
    for entry in catalog:
        entry.__class__ = Entry  # the same entry, written in gettext's layout
    return catalog


def _error_line(err: Exception) -> int:
    import re

    found = re.search(r"\(line (\d+)\)", str(err))
    return int(found.group(1)) if found else 1


def dumps(catalog: Catalog) -> str:
    return str(catalog)


def unkept(text: str) -> str:
    """``line: reason`` for what polib's reader drops without a word, or ``""``.

    polib skips the previous msgid of an obsolete entry (``#~|``) and comments after
    the last entry; formatting such a file would lose them. (It also drops spaces at
    the end of a comment or header line, which formatting accepts.)
    """
    lines = text.splitlines()
    for number, line in enumerate(lines, 1):
        if line.startswith("#~|"):
            return f"{number}: polib cannot keep an obsolete entry's previous msgid (#~|)"
    last = next((n for n in range(len(lines), 0, -1) if lines[n - 1].strip()), 0)
    if last and lines[last - 1].startswith("#") and not lines[last - 1].startswith("#~ "):
        return f"{last}: polib cannot keep a comment after the last entry"
    return ""


def content(catalog: polib.POFile) -> tuple:
    """Everything a catalog says, without its layout: what formatting must keep."""
    fields = ("msgctxt", "msgid", "msgid_plural", "msgstr", "msgstr_plural", "obsolete", "flags", "tcomment",
              "comment", "occurrences", "previous_msgctxt", "previous_msgid", "previous_msgid_plural")
    return (catalog.header, list(catalog.metadata.items()), catalog.metadata_is_fuzzy,
            [tuple(str(getattr(e, f)) for f in fields) for e in catalog])
