"""Translation statistics per language and per page, read from the PO files.

Shared by ``gnlc i18n-stats`` (terminal table and JSON), the site's status
page and each translated page's banner, so all three always show the same
figure. The figure counts entries (a paragraph, heading, list item or table
cell each), not words: the share of a catalog's entries that are translated
and not fuzzy, rounded down, so that 100% means nothing is left to do.
"""

from __future__ import annotations

import copy
import re
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import polib

from . import files
from . import languages as langs

WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class Counts:
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    translated_words: int = 0
    fuzzy_words: int = 0
    untranslated_words: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> int:
        """Whole percent of entries translated and not fuzzy, rounded down (99 while one is left)."""
        return 100 if not self.total else 100 * self.translated // self.total

    def add(self, other: "Counts") -> None:
        for key in COUNT_FIELDS:
            setattr(self, key, getattr(self, key) + getattr(other, key))


COUNT_FIELDS = tuple(f.name for f in fields(Counts))


@dataclass
class LanguageStats:
    lang: str
    total: Counts = field(default_factory=Counts)
    pages: dict[str, Counts] = field(default_factory=dict)


def words(text: str) -> int:
    # CJK has no spaces: count each Han character as a word, as translators' tools do.
    return len(WORD.findall(re.sub(r"[\u4e00-\u9fff]", " x ", text)))


_COUNTED: dict = {}  # path -> ((mtime, size), Counts), see files.remembered


def catalog_counts(po: Path, info=None) -> Counts:
    """Counts of one PO file, remembered while the file is unchanged (``info``: its stat, if known)."""
    return copy.copy(files.remembered(_COUNTED, po, _count, info))


_MSGIDS: dict = {}


def catalog_msgids(po: Path) -> frozenset[str]:
    """Every current msgid of a catalog, translated or not (remembered while the file is unchanged)."""
    return files.remembered(_MSGIDS, po, lambda p: frozenset(e.msgid for e in polib.pofile(str(p)) if not e.obsolete))


def _count(po: Path) -> Counts:
    counts = Counts()
    for entry in polib.pofile(str(po)):
        if entry.obsolete or not entry.msgid:
            continue  # removed from the page (kept for the translator), or the header
        n = words(entry.msgid)
        if entry.fuzzy:
            counts.fuzzy += 1
            counts.fuzzy_words += n
        elif entry.translated():
            counts.translated += 1
            counts.translated_words += n
        else:
            counts.untranslated += 1
            counts.untranslated_words += n
    return counts


def remember(cache_file: Path) -> None:
    """Load the counts saved in ``cache_file`` by an earlier process (see :func:`save`)."""
    import json

    if cache_file in _SAVED:
        return  # loaded already, and kept up to date since

    try:
        saved = json.loads(cache_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        saved = []
    for path, mtime, size, values in saved:
        _COUNTED.setdefault(path, ((mtime, size), Counts(*values)))
    _SAVED[cache_file] = _states()


def _states() -> dict:
    return {path: state for path, (state, _counts) in _COUNTED.items()}


def save(cache_file: Path) -> None:
    """Save the counts of the catalogs as they are now, so that the next process reads only changed ones."""
    import json
    import os

    if _SAVED.get(cache_file) == _states():
        return
    current = []
    for path, ((mtime, size), counts) in _COUNTED.items():
        try:
            info = os.stat(path)
        except OSError:
            continue
        if (info.st_mtime_ns, info.st_size) == (mtime, size):
            current.append([path, mtime, size, [getattr(counts, f) for f in COUNT_FIELDS]])
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache_file.with_name(f".{cache_file.name}.{os.getpid()}")
    tmp.write_text(json.dumps(current), encoding="utf-8")
    os.replace(tmp, cache_file)  # whole files only: several processes may save at once
    _SAVED[cache_file] = _states()


_SAVED: dict[Path, dict] = {}


def collect(locale_dir: Path, selected=None) -> list[LanguageStats]:
    result = []
    for lang in selected or langs.TRANSLATIONS:
        stats = LanguageStats(lang.gettext)
        folder = locale_dir / lang.gettext / "LC_MESSAGES"
        for path, info in files.walk(folder, ".po"):
            page = Path(path).relative_to(folder).with_suffix("").as_posix()
            counts = catalog_counts(Path(path), info)
            stats.pages[page] = counts
            stats.total.add(counts)
        result.append(stats)
    return result


def as_json(stats: list[LanguageStats]) -> dict:
    def row(c: Counts) -> dict:
        return {**asdict(c), "total": c.total, "percent": c.percent}

    return {s.lang: {"total": row(s.total), "pages": {p: row(c) for p, c in s.pages.items()}} for s in stats}
