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


_COUNTED: dict[tuple[str, int, int], Counts] = {}


def catalog_counts(po: Path) -> Counts:
    """Counts of one PO file, remembered while the file is unchanged."""
    info = po.stat()
    key = (str(po), info.st_mtime_ns, info.st_size)
    if key not in _COUNTED:
        _COUNTED[key] = _count(po)
    return copy.copy(_COUNTED[key])


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


def collect(locale_dir: Path, selected=None) -> list[LanguageStats]:
    result = []
    for lang in selected or langs.TRANSLATIONS:
        stats = LanguageStats(lang.gettext)
        folder = locale_dir / lang.gettext / "LC_MESSAGES"
        for po in sorted(folder.rglob("*.po")):
            page = po.relative_to(folder).with_suffix("").as_posix()
            counts = catalog_counts(po)
            stats.pages[page] = counts
            stats.total.add(counts)
        result.append(stats)
    return result


def as_json(stats: list[LanguageStats]) -> dict:
    def row(c: Counts) -> dict:
        return {**asdict(c), "total": c.total, "percent": round(c.percent, 1)}

    return {s.lang: {"total": row(s.total), "pages": {p: row(c) for p, c in s.pages.items()}} for s in stats}
