"""A small internal link and anchor checker over a built site, for tests.

Follows every relative href and src in every HTML page and checks that the
target file exists and, for ``#fragments``, that the target page has that id.
"""

from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.base: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "base" and attrs.get("href"):
            self.base = attrs["href"]
        for key in ("id", "name"):
            if attrs.get(key):
                self.ids.add(attrs[key])
        for key in ("href", "src", "poster"):
            if attrs.get(key) and tag != "base":
                self.links.append(attrs[key])


def _parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def files(root: Path):
    """Every file below ``root``, following the published languages' symbolic links."""
    for folder, _dirs, names in os.walk(root, followlinks=True):
        for name in sorted(names):
            yield Path(folder) / name


def broken_links(root: Path) -> list[str]:
    """Broken internal links and anchors of the whole site at ``root`` (``_build/html``)."""
    problems = []
    cache: dict[Path, _Collector] = {}
    for page in sorted(p for p in files(root) if p.suffix == ".html"):
        info = cache.setdefault(page, _parse(page))
        for link in info.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("//", "mailto:", "data:", "javascript:")):
                continue
            if info.base:  # a 404 page resolves links from its base
                base_dir = root / info.base.strip("/")
            else:
                base_dir = page.parent
            if parts.path.startswith("/"):
                target = root / unquote(parts.path).lstrip("/")
            elif parts.path:
                target = (base_dir / unquote(parts.path))
            else:
                target = page
            target = Path(os.path.normpath(target))  # URLs resolve ".." lexically, not through links
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                problems.append(f"{page.relative_to(root)}: {link} -> missing {target}")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = cache.setdefault(target, _parse(target)).ids
                if unquote(parts.fragment) not in ids:
                    problems.append(f"{page.relative_to(root)}: {link} -> no id #{parts.fragment}")
    return problems


def snapshot(root: Path) -> dict[str, bytes]:
    """Every published file's bytes, following the language links."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in files(root)}

