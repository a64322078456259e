"""Translation statistics per language and per page, read from the PO files.

Shared by ``gnlc i18n-stats`` (terminal table and JSON) and the site's status
page, so both always show the same numbers.
"""

from __future__ import annotations

import copy
import re
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from babel.messages.pofile import read_po

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
    def percent(self) -> float:
        """Share of entries translated and not fuzzy; 100 when there is nothing to translate."""
        return 100.0 if not self.total else 100.0 * self.translated / self.total

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


def _count(po: Path) -> Counts:
    counts = Counts()
    with po.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if not message.id:
            continue
        n = words(message.id if isinstance(message.id, str) else message.id[0])
        if message.fuzzy:
            counts.fuzzy += 1
            counts.fuzzy_words += n
        elif message.string and (message.string if isinstance(message.string, str) else all(message.string)):
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
        return {**asdict(c), "total": c.total, "percent": round(c.percent, 1)}

    return {s.lang: {"total": row(s.total), "pages": {p: row(c) for p, c in s.pages.items()}} for s in stats}
