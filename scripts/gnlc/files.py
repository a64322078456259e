"""Walking folders quickly, for what every rebuild checks.

``os.scandir`` gives each entry's type without a ``stat`` call, and plain
strings avoid ``pathlib``'s overhead, which made walking a few hundred files
cost milliseconds on every rebuild, in every language.
"""

from __future__ import annotations

import os
from pathlib import Path


def walk(root: str | Path, suffix: str = "") -> list[tuple[str, os.stat_result]]:
    """Every file under ``root`` (or ``root`` itself) ending in ``suffix``, sorted, with its stat.

    ``__pycache__`` folders are skipped; a missing ``root`` gives an empty list.
    """
    root = os.fspath(root)
    if os.path.isfile(root):
        return [(root, os.stat(root))] if root.endswith(suffix) else []
    found = []
    folders = [root]
    while folders:
        try:
            entries = os.scandir(folders.pop())
        except (FileNotFoundError, NotADirectoryError):
            continue
        with entries:
            for entry in entries:
                if entry.is_dir():
                    if entry.name != "__pycache__":
                        folders.append(entry.path)
                elif entry.name.endswith(suffix) and entry.is_file():
                    found.append((entry.path, entry.stat()))
    found.sort()
    return found


def stamp(root: str | Path, suffix: str = "") -> tuple:
    """Names, dates and sizes of the files under ``root``: equal stamps, unchanged files."""
    return tuple((path, info.st_mtime_ns, info.st_size) for path, info in walk(root, suffix))


def remembered(cache: dict, path: str | Path, compute, info: os.stat_result | None = None):
    """``compute(path)``, kept in ``cache`` while the file keeps its date and size.

    One entry per file, replaced when the file changes, so that a long-running
    process re-reads only what changed.
    ``info`` is the file's stat when the caller has it already.
    """
    info = info or os.stat(path)
    state = (info.st_mtime_ns, info.st_size)
    key = os.fspath(path)
    known = cache.get(key)
    if known is None or known[0] != state:
        known = cache[key] = (state, compute(path))
    return known[1]
