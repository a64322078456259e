"""``gnlc i18n-check``: a quality gate for the PO catalogs that understands MyST.

Every entry of ``locale/<lang>/LC_MESSAGES/**/*.po`` is checked, read-only:

* the file itself: ``po-syntax`` (a small line-aware parser, so the line of a
  problem is exact), ``po-header`` (Language matches the folder, UTF-8),
  ``po-duplicate``;
* the markup, by parsing msgid and msgstr with the parser MyST itself uses
  (markdown-it-py with the project's MyST extensions) and comparing what each
  contains: ``link-target``, ``role``, ``inline-code``, ``substitution``,
  ``emphasis``, ``raw-html``, ``block-markup``;
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
import ast
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from .paths import Project

WORDLISTS = Path(__file__).resolve().parent / "wordlists"
DEFAULT_MYST_EXTENSIONS = ("attrs_block", "attrs_inline", "colon_fence", "deflist", "substitution")

# Language folder -> hunspell dictionary (Debian packages hunspell-fr, -es, -ru, -ar).
HUNSPELL_DICTS = {"fr": "fr_FR", "es": "es_ES", "ru": "ru_RU", "ar": "ar"}
HUNSPELL_DIR = Path("/usr/share/hunspell")

# Checks whose findings are warnings unless strict.
SOFT_CHECKS = {"spelling", "typography-fr", "untranslated", "fuzzy"}

OBJ = "\ufffc"  # stands for markup that is not words: inline code, a role without text, raw HTML, a URL
SUB = "\ue000"  # stands for a substitution (a figure, once rendered)


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


# ---------------------------------------------------------------------------
# PO files: a small parser that knows the line of everything.
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# MyST markup of a message.
# ---------------------------------------------------------------------------

# Roles whose content is words to translate, not a reference.
TEXT_ROLES = {"abbr", "sub", "sup", "subscript", "superscript", "guilabel", "menuselection", "dfn",
              "emphasis", "strong", "title-reference", "t", "i", "b"}
EXPLICIT_TARGET = re.compile(r"^(.*?)\s*<([^<>]+)>\s*$", re.S)
URL_STOP = "\\s<>\"'`\\[\\]{}()\u3000-\u303f\uff00-\uffef\u4e00-\u9fff\u060c\u061b\u061f"
URL = re.compile(rf"https?://[^{URL_STOP}]+(?:\([^\s()]*\)[^{URL_STOP}]*)*")
EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
DOMAIN = re.compile(r"(?<![\w@/.])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,6}\b(?:/[^\s)\]]*)?")


def _trim_url(url: str) -> str:
    return url.rstrip(".,;:!?'\"»’”")


def find_urls(text: str) -> list[str]:
    return [_trim_url(m.group(0)) for m in URL.finditer(text)] + EMAIL.findall(text)


def strip_urls(text: str) -> str:
    """``text`` with URLs, e-mail addresses and bare domain names (studylib.net) replaced by OBJ."""
    text = URL.sub(lambda m: OBJ + m.group(0)[len(_trim_url(m.group(0))):], text)
    return DOMAIN.sub(OBJ, EMAIL.sub(OBJ, text))


@dataclass
class Markup:
    links: Counter = field(default_factory=Counter)
    role_names: Counter = field(default_factory=Counter)
    role_targets: Counter = field(default_factory=Counter)  # (name, target) of roles with their own text
    role_bare: Counter = field(default_factory=Counter)  # {name}`content` of roles without text, verbatim
    code: Counter = field(default_factory=Counter)
    subs: Counter = field(default_factory=Counter)
    em: int = 0
    strong: int = 0
    html: Counter = field(default_factory=Counter)
    blocks: Counter = field(default_factory=Counter)
    backticks: int = 0  # backticks left in the text: a broken code span or role
    text: str = ""  # the words a reader sees; OBJ and SUB stand for markup


def project_myst_extensions(project: Project) -> tuple[str, ...]:
    """``myst_enable_extensions`` of the project's conf.py, read without running it."""
    try:
        tree = ast.parse((project.docs / "conf.py").read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return DEFAULT_MYST_EXTENSIONS
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "myst_enable_extensions"
                                                for t in node.targets):
            try:
                return tuple(sorted(ast.literal_eval(node.value)))
            except ValueError:
                break
    return DEFAULT_MYST_EXTENSIONS


@lru_cache(maxsize=4)
def md_parser(extensions: tuple[str, ...] = DEFAULT_MYST_EXTENSIONS):
    """MyST's own markdown-it parser, configured as the build configures it."""
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    return create_md_parser(MdParserConfig(enable_extensions=set(extensions)), RendererHTML)


def analyse(text: str, extensions: tuple[str, ...] = DEFAULT_MYST_EXTENSIONS) -> Markup:
    out = Markup()
    parts: list[str] = []

    def inline(children) -> None:
        autolink = 0
        for tok in children:
            kind = tok.type
            if kind == "text":
                if not autolink:
                    parts.append(tok.content)
                    out.backticks += tok.content.count("`")
            elif kind in ("softbreak", "hardbreak"):
                parts.append("\n")
            elif kind == "code_inline":
                out.code[tok.content] += 1
                parts.append(OBJ)
            elif kind == "myst_role":
                name = tok.meta.get("name", "")
                out.role_names[name] += 1
                m = EXPLICIT_TARGET.match(tok.content)
                if name in TEXT_ROLES:
                    parts.append(tok.content)
                elif m and m.group(1).strip():
                    out.role_targets[(name, m.group(2).strip())] += 1
                    parts.append(m.group(1))
                else:
                    out.role_bare[f"{{{name}}}`{tok.content}`"] += 1
                    parts.append(OBJ)
            elif kind == "substitution_inline":
                out.subs[tok.content.strip()] += 1
                parts.append(SUB)
            elif kind == "link_open":
                out.links[tok.attrs.get("href", "")] += 1
                if tok.markup == "autolink":
                    autolink += 1
                    parts.append(OBJ)
            elif kind == "link_close":
                if tok.markup == "autolink":
                    autolink = max(0, autolink - 1)
            elif kind == "image":
                out.links[f"image {tok.attrs.get('src', '')}"] += 1
                inline(tok.children or [])
            elif kind == "em_open":
                out.em += 1
            elif kind == "strong_open":
                out.strong += 1
            elif kind == "html_inline":
                out.html[tok.content] += 1
                parts.append(OBJ)
            elif kind not in ("em_close", "strong_close", "footnote_ref") and tok.content:
                parts.append(OBJ)

    for tok in md_parser(extensions).parse(text):
        if tok.type == "inline":
            inline(tok.children or [])
            parts.append("\n")
        elif tok.type == "html_block":
            out.html[tok.content.strip()] += 1
        elif tok.type in ("paragraph_open", "paragraph_close") or tok.nesting < 0:
            continue
        else:
            sig = tok.type.removesuffix("_open")
            if tok.type in ("fence", "colon_fence") and tok.info.strip():
                sig += " " + tok.info.strip()
            elif tok.type == "heading_open":
                sig = f"heading {tok.markup}"
            out.blocks[sig] += 1
            if tok.type == "substitution_block":
                out.subs[tok.content.strip()] += 1
    out.text = "".join(parts).strip()
    return out


def _show(items) -> str:
    return ", ".join(items)


def _diff(expected: Counter, actual: Counter) -> tuple[list, list]:
    return list((expected - actual).elements()), list((actual - expected).elements())


def check_markup(src: Markup, dst: Markup) -> list[tuple[str, str]]:
    """``(check, message)`` for each kind of markup that differs between msgid and msgstr."""
    problems = []
    open_backtick = dst.backticks > src.backticks
    hint = " (a backtick is left open in the msgstr)" if open_backtick else ""

    missing, extra = _diff(src.links, dst.links)
    if missing or extra:
        msg = []
        if missing:
            msg.append("link target " + _show(missing) + " of the English is missing or changed")
        if extra:
            msg.append("msgstr links to " + _show(extra) + ", which the English does not")
        problems.append(("link-target", "; ".join(msg)))

    msg = []
    missing, extra = _diff(src.role_names, dst.role_names)
    if missing:
        msg.append("role " + _show(f"{{{n}}}" for n in missing) + " of the English is missing")
    if extra:
        msg.append("role " + _show(f"{{{n}}}" for n in extra) + " is not in the English")
    missing, extra = _diff(src.role_targets, dst.role_targets)
    if missing:
        msg.append("role target " + _show(f"{{{n}}}`… <{t}>`" for n, t in missing) + " is missing or changed")
    if extra:
        msg.append("role target " + _show(f"{{{n}}}`… <{t}>`" for n, t in extra) + " is not in the English")
    missing, extra = _diff(src.role_bare, dst.role_bare)
    if missing:
        msg.append(_show(missing) + " must be copied exactly (a role without text shows the page's title)")
    if extra:
        msg.append(_show(extra) + " is not in the English")
    role_broken = bool(msg)
    if msg:
        problems.append(("role", "; ".join(msg) + hint))

    missing, extra = _diff(src.code, dst.code)
    # An open backtick that broke a role is reported with the role; otherwise here.
    if missing or extra or (open_backtick and not role_broken):
        msg = []
        if missing:
            msg.append("inline code " + _show(f"`{c}`" for c in missing) + " is missing or changed")
        if extra:
            msg.append("inline code " + _show(f"`{c}`" for c in extra) + " is not in the English")
        if open_backtick:
            msg.append("unbalanced backtick: part of the msgstr shows as literal text")
        problems.append(("inline-code", "; ".join(msg)))

    missing, extra = _diff(src.subs, dst.subs)
    if missing or extra:
        msg = []
        if missing:
            msg.append("substitution " + _show(f"{{{{ {s} }}}}" for s in missing) + " is missing or renamed")
        if extra:
            msg.append("substitution " + _show(f"{{{{ {s} }}}}" for s in extra) + " is not in the English")
        problems.append(("substitution", "; ".join(msg)))

    if (src.em, src.strong) != (dst.em, dst.strong):
        problems.append(("emphasis", f"the English has {src.em} emphasis and {src.strong} strong, the msgstr "
                                     f"{dst.em} and {dst.strong} (an unbalanced * or **, or ** next to "
                                     f"punctuation, which CommonMark does not render?)"))

    # "<target>" left by a role whose backtick is missing is reported with the role.
    role_tags = {f"<{t}>" for _, t in src.role_targets}
    extra = [h for h in _diff(src.html, dst.html)[1] if h not in role_tags]
    if extra:
        problems.append(("raw-html", "raw HTML not in the English: " + _show(repr(h[:60]) for h in extra)))

    extra = _diff(src.blocks, dst.blocks)[1]
    if extra:
        problems.append(("block-markup", "block markup not in the English: " + _show(extra)
                         + " (does a line start with #, -, 1., >, ```, :::, % or four spaces?)"))
    return problems


# ---------------------------------------------------------------------------
# Numbers.
# ---------------------------------------------------------------------------

DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹０１２３４５６７８９٫٬",
                       "012345678901234567890123456789.,")
GROUP_SPACES = " \u00a0\u202f\u2009"
NUMBER_RUN = re.compile(r"\d+(?:(?:[.,]|[ \u00a0\u202f\u2009'’])\d+)*")
SEPARATOR = re.compile(r"([.,]|[ \u00a0\u202f\u2009'’])")
LATIN_LETTER = re.compile(r"[A-Za-z]")
EN_SCALES = re.compile(r"\s*(thousand|million|billion|trillion)s?\b", re.I)
EN_SCALE = {"thousand": 10 ** 3, "million": 10 ** 6, "billion": 10 ** 9, "trillion": 10 ** 12}
ZH_SCALES = re.compile(r"\s*(万亿|千万|百万|亿|万|千)")
ZH_SCALE = {"千": 10 ** 3, "万": 10 ** 4, "百万": 10 ** 6, "千万": 10 ** 7, "亿": 10 ** 8, "万亿": 10 ** 12}


def _dec(text: str) -> Decimal:
    try:
        return Decimal(text).normalize()
    except InvalidOperation:  # pragma: no cover - the regex only lets digits through
        return Decimal(-1)


def _readings(run: str, english: bool) -> tuple[set[Decimal], list[Decimal]]:
    """What a run of digits and separators can mean, and its digit groups one by one.

    English groups thousands with commas and uses a decimal point. A translation
    may do either, or group with (no-break) spaces: there a lone separator
    followed by three digits is ambiguous, so both readings are accepted.
    """
    pieces = SEPARATOR.split(run)
    groups, seps = pieces[0::2], pieces[1::2]
    singles = [_dec(g) for g in groups]
    if not seps:
        return {_dec(run)}, []
    values: set[Decimal] = set()
    head_ok = len(groups[0]) <= 3
    if english:
        if set(seps) == {","} and head_ok and all(len(g) == 3 for g in groups[1:]):
            values.add(_dec("".join(groups)))
        elif seps[-1] == "." and set(seps[:-1]) <= {","} and head_ok and all(len(g) == 3 for g in groups[1:-1]):
            values.add(_dec("".join(groups[:-1]) + "." + groups[-1]))
        elif seps == ["."]:
            values.add(_dec(groups[0] + "." + groups[1]))
        return values, singles
    if len(set(seps)) == 1:
        if head_ok and all(len(g) == 3 for g in groups[1:]):
            values.add(_dec("".join(groups)))  # thousands separator
        if len(seps) == 1 and seps[0] in ".,":
            values.add(_dec(groups[0] + "." + groups[1]))  # decimal separator
    elif seps[-1] in ".," and seps[-1] not in seps[:-1] and len(set(seps[:-1])) == 1 \
            and head_ok and all(len(g) == 3 for g in groups[1:-1]):
        values.add(_dec("".join(groups[:-1]) + "." + groups[-1]))
    return values, singles


@dataclass
class Number:
    shown: str
    values: set[Decimal]


def numbers(text: str, english: bool) -> list[Number]:
    """The numbers of ``text``, whose markup and URLs are already replaced by placeholders.

    For a translation, every reading of an ambiguous run is offered, and its
    digit groups one by one as well: extra numbers in a msgstr are never an error.
    """
    text = text.translate(DIGITS)
    found: list[Number] = []
    for m in NUMBER_RUN.finditer(text):
        run = m.group(0)
        end = m.start() + len(run)
        if LATIN_LETTER.match(text[m.start() - 1:m.start()]) and LATIN_LETTER.match(text[end:end + 1]):
            continue  # part of a name such as U3A
        values, singles = _readings(run, english)
        scale = (EN_SCALES if english else ZH_SCALES).match(text, end)
        if scale:
            factor = EN_SCALE[scale.group(1).lower()] if english else ZH_SCALE[scale.group(1)]
            values |= {(v * factor).normalize() for v in values}
        if english:
            if values:
                found.append(Number(run, values))
            else:
                found.extend(Number(str(v), {v}) for v in singles)
        else:
            if values:
                found.append(Number(run, values))
            found.extend(Number(str(v), {v}) for v in singles)
    return found


def missing_numbers(english: str, translation: str) -> list[str]:
    """Numbers of the English that the translation lacks, matched one to one by value."""
    wanted = numbers(strip_urls(english), english=True)
    offered = numbers(strip_urls(translation), english=False)
    owner: dict[int, int] = {}

    def assign(i: int, seen: set[int]) -> bool:  # augmenting path of a bipartite matching
        for j, candidate in enumerate(offered):
            if j in seen or not wanted[i].values & candidate.values:
                continue
            seen.add(j)
            if j not in owner or assign(owner[j], seen):
                owner[j] = i
                return True
        return False

    return [wanted[i].shown for i in range(len(wanted)) if not assign(i, set())]


# ---------------------------------------------------------------------------
# Glossary.
# ---------------------------------------------------------------------------


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("ʼ", "'")
    return re.sub(r"[\s\u00a0\u202f\u2009]+", " ", text).casefold()


def _english_pattern(term: str) -> re.Pattern:
    """Whole words, any case; a noun may be plural ("learning cities", "Member States")."""
    words = []
    for word in term.split():
        if re.search(r"[^aeiou]y$", word, re.I):
            words.append(re.escape(word[:-1]) + "(?:y|ies)")
        elif word.isalpha() and not word.isupper():
            words.append(re.escape(word) + "(?:s|es)?")
        else:
            words.append(re.escape(word))
    return re.compile(r"\b" + r"[\s\u00a0]+".join(words) + r"\b", re.I)


@dataclass
class Term:
    english: str
    pattern: re.Pattern
    target: dict[str, str]
    forms: dict[str, list[str]]  # normalised forms accepted in each language


def load_glossary(path: Path) -> list[Term]:
    import yaml

    terms = []
    for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
        english = item.get("en")
        if not english:
            continue
        target = {k: v for k, v in item.items() if k not in ("id", "note", "en", "match") and isinstance(v, str)}
        match = item.get("match") or {}
        forms = {lang: [_norm(f) for f in [target[lang], *match.get(lang, [])]] for lang in target}
        terms.append(Term(english, _english_pattern(english), target, forms))
    return terms


# ---------------------------------------------------------------------------
# Typography.
# ---------------------------------------------------------------------------

TRADITIONAL = dict(zip(
    "們這國學習網絡會與為發來時說對經區號體點實現開關長門問間見電話語讀書萬億歲處聯組織證務動產業機構際議論準劃將計畫參獎項應該從後東車馬魚鳥雲風飛",
    "们这国学习网络会与为发来时说对经区号体点实现开关长门问间见电话语读书万亿岁处联组织证务动产业机构际议论准划将计画参奖项应该从后东车马鱼鸟云风飞",
))
FULLWIDTH = {",": "，", ".": "。", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
SPACES = " \t\n\u00a0\u202f\u2009"
ZH_HALFWIDTH = re.compile(rf"(?<=[{CJK}])[,.:;?!()]|[,.:;?!()](?=[{CJK}])")
ZH_SPACE = re.compile(rf"(?<=[{CJK}])[{SPACES}]+(?=[{CJK}A-Za-z0-9{SUB}])|(?<=[A-Za-z0-9{SUB}])[{SPACES}]+(?=[{CJK}])")
NBSP = "\u00a0\u202f"


def typography_zh(text: str) -> list[str]:
    text = strip_urls(text)
    issues = []
    for m in ZH_HALFWIDTH.finditer(text):
        ch = m.group(0)
        before, after = text[m.start() - 1:m.start()], text[m.end():m.end() + 1]
        if ch == "." and before.isdigit() and after.isdigit():
            continue
        issues.append(f"half-width {ch!r} next to Chinese text (use {FULLWIDTH[ch]!r})")
    for m in ZH_SPACE.finditer(text):
        a, b = (c.replace(SUB, "{{…}}") for c in (text[m.start() - 1], text[m.end()]))
        issues.append(f"space between {a!r} and {b!r}")
    traditional = sorted({c for c in text if c in TRADITIONAL})
    if traditional:
        issues.append("Traditional character " + ", ".join(f"{c} (Simplified {TRADITIONAL[c]})" for c in traditional))
    return list(dict.fromkeys(issues))


def _carried(text: str, i: int, english: str) -> bool:
    """Whether the punctuation at ``i`` belongs to words copied as they are from the English («ёлочки»)."""
    a = i
    while a > 0 and not text[a - 1].isspace():
        a -= 1
    b = i + 1
    while b < len(text) and not text[b].isspace():
        b += 1
    word = text[a:b]
    if any(c.isalpha() for c in word) and word in english:
        return True
    while a > 0 and text[a - 1] in " \t":  # "UIL :" kept from a title: the word before counts too
        a -= 1
    while a > 0 and not text[a - 1].isspace():
        a -= 1
    return text[a:b] in english


def typography_fr(text: str, english: str = "") -> list[str]:
    """Spaces around ; : ? ! « » (a quotation copied as it is from the English is left alone)."""
    text = strip_urls(text)
    issues = []
    for i, ch in enumerate(text):
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if ch in ";:?!":
            if not before or before in ";:?!\n" + NBSP:
                continue
            if ch == ":" and before.isdigit() and after.isdigit():
                continue  # a time (10:30) or a ratio
            kind = "a plain space" if before in " \t" else "no space"
            issue = f"{kind} before {ch!r} (use a narrow no-break space, U+202F)"
        elif ch == "«" and after and after not in NBSP:
            issue = "no no-break space after '«' (use U+202F or U+00A0)"
        elif ch == "»" and before and before not in NBSP:
            issue = "no no-break space before '»' (use U+202F or U+00A0)"
        else:
            continue
        if english and _carried(text, i, english):
            continue
        issues.append(issue)
    return list(dict.fromkeys(issues))


# ---------------------------------------------------------------------------
# Python format strings (sphinx.po).
# ---------------------------------------------------------------------------

PY_FORMAT = re.compile(r"%(?:\((\w+)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]")
PY_NAMED = re.compile(r"%\(\w+\)")


def python_format(msgid: str, msgstr: str) -> str | None:
    src = Counter(m.group(0) for m in PY_FORMAT.finditer(msgid))
    dst = Counter(m.group(0) for m in PY_FORMAT.finditer(msgstr))
    problems = []
    missing, extra = _diff(src, dst)
    if missing:
        problems.append("placeholder " + _show(missing) + " is missing or changed")
    if extra:
        problems.append("placeholder " + _show(extra) + " is not in the English")
    if "%" in PY_FORMAT.sub("", msgstr):
        problems.append("a lone % (write %% for a percent sign)")
    return "; ".join(problems) or None


# ---------------------------------------------------------------------------
# Spelling with hunspell.
# ---------------------------------------------------------------------------

MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
TOKEN = re.compile(rf"[\w{MARKS}'’\-]+")
ARABIC_LETTERS = "\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff"
SCRIPT = {
    "ru": re.compile(rf"[\u0400-\u04ff][\u0400-\u04ff{MARKS}]*(?:-[\u0400-\u04ff][\u0400-\u04ff{MARKS}]*)*"),
    "ar": re.compile(rf"[{ARABIC_LETTERS}][{ARABIC_LETTERS}{MARKS}\u0640]*"),
}
FR_ELISION = re.compile(r"^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu|presqu)['’]", re.I)
AR_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")
AR_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u0640]")


@dataclass
class Wordlist:
    words: set[str]
    prefixes: tuple[str, ...]  # entries written with a final * (stems of inflected names)

    def __contains__(self, word: str) -> bool:
        w = _wordlist_form(word)
        return w in self.words or w.startswith(self.prefixes)


def _wordlist_form(word: str) -> str:
    return AR_MARKS.sub("", word.replace("’", "'").casefold().replace("ё", "е"))


@lru_cache(maxsize=8)
def load_wordlist(lang: str) -> Wordlist:
    words, prefixes = set(), []
    path = WORDLISTS / f"{lang}.txt"
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            w = _wordlist_form(line)
            if w.endswith("*"):
                prefixes.append(w[:-1])
            else:
                words.add(w)
    return Wordlist(words, tuple(prefixes))


def _known(word: str, lang: str, wordlist: Wordlist) -> bool:
    """In the word list once French elision or Arabic clitics are taken off, or made of such parts."""
    candidates = {word}
    if lang == "fr":
        candidates.add(FR_ELISION.sub("", word))
    elif lang == "ar":
        bare = AR_MARKS.sub("", word)
        candidates.add(bare)
        candidates.update(bare[len(p):] for p in AR_PREFIXES if bare.startswith(p) and len(bare) > len(p) + 1)
    if any(c and c in wordlist for c in candidates):
        return True
    parts = [p for p in re.split(r"[-'’]", word) if p]
    return len(parts) > 1 and all(_known(p, lang, wordlist) for p in parts)


def _tokens(text: str) -> list[str]:
    text = strip_urls(text).replace(OBJ, " ").replace(SUB, " ")
    return [t.strip("'’-") for t in TOKEN.findall(text)]


def spelling_words(text: str, lang: str, english: str = "") -> list[str]:
    """The words of a msgstr to give hunspell.

    Left out: words with digits (1er, 10-летие), single letters (abbreviations
    such as с. ш.), words of the msgid itself (names and titles carried over
    from the English), the project's word list, and in Russian and Arabic
    whatever is not in the language's script.
    """
    wordlist = load_wordlist(lang)
    carried = {t.casefold() for t in _tokens(english)}
    script = SCRIPT.get(lang)
    out = []
    for token in _tokens(text):
        if len(token) < 2 or any(c.isdigit() or c == "_" for c in token):
            continue
        if token.casefold() in carried or FR_ELISION.sub("", token).casefold() in carried:
            continue
        if _known(token, lang, wordlist):
            continue
        for part in script.findall(token) if script else [token]:
            if len(part) >= 2 and part.casefold() not in carried and not _known(part, lang, wordlist):
                out.append(part)
    return out


def run_hunspell(dictionary: str, words: set[str]) -> set[str]:
    """The words hunspell does not know, asked of one process.

    One word a line with ``-L`` (print the lines that have a misspelling) maps
    each answer to its word exactly; ``-a`` would also compute suggestions,
    which takes hunspell seconds per hundred words. The Debian Russian
    dictionary has no ё, so Russian words are sent with е.
    """
    ordered = sorted(words)
    sent = [w.replace("ё", "е").replace("Ё", "Е") for w in ordered] if dictionary.startswith("ru") else ordered
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    proc = subprocess.run(["hunspell", "-L", "-i", "utf-8", "-d", dictionary],
                          input="".join(w + "\n" for w in sent).encode("utf-8"),
                          capture_output=True, env=env, check=True)
    bad = set(proc.stdout.decode("utf-8", errors="replace").splitlines())
    return {w for w, s in zip(ordered, sent) if s in bad}


# ---------------------------------------------------------------------------
# The check.
# ---------------------------------------------------------------------------


def language_of(path: Path) -> str | None:
    """The folder above LC_MESSAGES."""
    parts = Path(path).resolve().parts
    if "LC_MESSAGES" in parts[1:]:
        return parts[parts.index("LC_MESSAGES") - 1]
    return None


def _header_fields(msgstr: str) -> dict[str, str]:
    fields = {}
    for row in msgstr.split("\n"):
        key, sep, value = row.partition(":")
        if sep:
            fields[key.strip().lower()] = value.strip()
    return fields


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


def _check_message(ctx: _Context, rel: str, lang: str | None, entry: Entry, source: str, msgstr: str) -> None:
    at = entry.line
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
    if entry.msgid_plural is None:
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


def _check_entry(ctx: _Context, rel: str, lang: str | None, entry: Entry) -> None:
    if entry.fuzzy:
        ctx.add(rel, entry.line, "fuzzy", "fuzzy translation: not shown on the site until reviewed")
        return
    if not entry.translated:
        ctx.add(rel, entry.line, "untranslated", "not translated yet")
        return
    for index, msgstr in sorted(entry.msgstr.items()):
        source = entry.msgid if index == 0 or entry.msgid_plural is None else entry.msgid_plural
        _check_message(ctx, rel, lang, entry, source or "", msgstr)


def _check_header(ctx: _Context, rel: str, folder_lang: str | None, header: Entry | None) -> str | None:
    """Report header problems; return the catalog's language."""
    if header is None:
        ctx.add(rel, 1, "po-header", 'no header entry (msgid "") giving Language and Content-Type')
        return folder_lang
    if header.broken:
        return folder_lang
    fields = _header_fields(header.msgstr.get(0, ""))
    language = fields.get("language", "")
    if not language:
        ctx.add(rel, header.line, "po-header", "the header has no Language"
                + (f" (want {folder_lang!r})" if folder_lang else ""))
    elif folder_lang and language != folder_lang:
        ctx.add(rel, header.line, "po-header", f"Language is {language!r} but the file is in the "
                f"{folder_lang!r} folder")
    charset = re.search(r"charset=([\w.-]+)", fields.get("content-type", ""), re.I)
    if not charset:
        ctx.add(rel, header.line, "po-header", "the header has no Content-Type charset (want UTF-8)")
    elif charset.group(1).lower() not in ("utf-8", "utf8"):
        ctx.add(rel, header.line, "po-header", f"charset is {charset.group(1)}, not UTF-8")
    return folder_lang or language or None


def _check_file(ctx: _Context, path: Path) -> None:
    rel = ctx.project.rel(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        ctx.add(rel, 1, "po-syntax", f"cannot read the file: {err.strerror}")
        return
    entries, errors = parse_po(data)
    for line, message in errors:
        ctx.add(rel, line, "po-syntax", message)
    lang = _check_header(ctx, rel, language_of(path), next((e for e in entries if e.is_header), None))
    seen: dict[tuple[str | None, str], int] = {}
    for entry in entries:
        if entry.broken or entry.obsolete or entry.is_header or entry.msgid is None:
            continue
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            ctx.add(rel, entry.line, "po-duplicate", f"same msgid{' and msgctxt' if entry.msgctxt else ''} as "
                    f"the entry on line {seen[key]}")
            continue
        seen[key] = entry.line
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
        if (HUNSPELL_DIR / f"{dictionary}.dic").exists():
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
    parser = argparse.ArgumentParser(prog="python -m gnlc.i18n_check", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="PO files or folders (default: every catalog)")
    parser.add_argument("--strict", action="store_true",
                        help="spelling, French typography, untranslated and fuzzy entries are errors too")
    args = parser.parse_args(argv)
    return run(args.paths, args.strict, Project.find())


if __name__ == "__main__":
    sys.exit(main())
