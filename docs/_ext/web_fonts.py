"""Web fonts served from the site itself, and only the parts a page needs.

A language's fonts are declared with it in ``docs/_data/languages.yaml``
(``fonts``): Noto Naskh Arabic and Noto Sans SC (SIL Open Font License) from
the npm packages of Fontsource, installed from package-lock.json. After a
build, the slices whose ``unicode-range`` covers characters the language's
pages actually use are copied into ``_static/fonts/`` with a stylesheet that
declares only them; a browser then downloads a slice only when a page shows
one of its characters. Nothing is fetched from another host.

The stylesheet (``site.css``) lists the readers' own system fonts for Chinese
before the web font, so readers whose system has a good Chinese font download
nothing; Arabic uses the web font first for a consistent Naskh style.
"""

from __future__ import annotations

import bisect
import functools
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

from gnlc import files
from gnlc.languages import BY_GETTEXT, Fonts


def fonts_of(language: str | None) -> Fonts | None:
    """The language's declared fonts. Their ``preload`` is the body text's font: preloaded,
    so the first paint already uses it and nothing shifts when it arrives."""
    lang = BY_GETTEXT.get(language or "")
    return lang.fonts if lang else None

STYLESHEET = "fonts/fonts.css"
FACE = re.compile(r"@font-face\s*\{(?P<body>[^}]*)\}", re.S)
WOFF2 = re.compile(r"url\(\./files/(?P<file>[^)]+\.woff2)\)")
RANGE = re.compile(r"unicode-range:\s*(?P<ranges>[^;]+);")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.chars: set[int] = set()

    def handle_data(self, data):
        self.chars.update(map(ord, data))

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if key in ("alt", "title", "placeholder", "aria-label") and value:
                self.chars.update(map(ord, value))


_PAGE_CHARS: dict = {}  # a rebuild re-reads only the pages it rewrote


def _page_characters(page: str) -> set[int]:
    parser = _Text()
    parser.feed(Path(page).read_text(encoding="utf-8"))
    return parser.chars


def used_characters(outdir: Path) -> set[int]:
    chars: set[int] = set()
    for page, info in files.walk(outdir, ".html"):
        chars |= files.remembered(_PAGE_CHARS, page, _page_characters, info)
    return chars


def parse_ranges(text: str) -> list[tuple[int, int]]:
    ranges = []
    for part in text.split(","):
        part = part.strip().upper().removeprefix("U+")
        low, _, high = part.partition("-")
        ranges.append((int(low, 16), int(high or low, 16)))
    return ranges


@functools.lru_cache(maxsize=8)
def _declarations(css: str) -> tuple[tuple[str, str, tuple[tuple[int, int], ...] | None], ...]:
    """Each woff2 face of ``css``: its declaration for the site, its file, its ranges (None: all)."""
    found = []
    for match in FACE.finditer(css):
        body = match["body"]
        font = WOFF2.search(body)
        if not font:
            continue
        declared = RANGE.search(body)
        family = re.search(r"font-family:\s*'([^']+)'", body).group(1)
        src = f"src: local('{family}'), url(./{font['file']}) format('woff2');"
        declaration = re.sub(r"src:[^;]+;", src, body)
        # "optional": a font that is not there at once is used from the next page on,
        # instead of swapping under the reader's eyes (layout shift).
        declaration = re.sub(r"font-display:\s*\w+;", "font-display: optional;", declaration).strip()
        text = "@font-face {\n  " + "\n  ".join(l.strip() for l in declaration.splitlines() if l.strip()) + "\n}"
        found.append((text, font["file"], tuple(parse_ranges(declared["ranges"])) if declared else None))
    return tuple(found)


def faces(css: str, chars: set[int]) -> list[tuple[str, str]]:
    """The (declaration, woff2 file) pairs of ``css`` that cover any of ``chars``."""
    ordered = sorted(chars)

    def covered(low: int, high: int) -> bool:
        i = bisect.bisect_left(ordered, low)
        return i < len(ordered) and ordered[i] <= high

    return [(text, file) for text, file, ranges in _declarations(css)
            if ranges is None or any(covered(low, high) for low, high in ranges)]


def _write_fonts(app: Sphinx, exception: Exception | None) -> None:
    fonts = fonts_of(app.config.language)
    if exception is not None or app.builder.format != "html" or fonts is None:
        return
    package, sheets = fonts.package, fonts.stylesheets
    source = Path(app.srcdir).resolve().parent / "node_modules" / package
    if not source.is_dir():
        from sphinx.errors import SphinxError

        raise SphinxError(f"{source}: font package not installed; run `npm ci` (or `make site`, which does)")
    chars = used_characters(Path(app.outdir))
    target = Path(app.outdir) / "_static" / "fonts"
    target.mkdir(parents=True, exist_ok=True)
    declarations = ["/* Noto fonts (SIL Open Font License 1.1) via Fontsource; only the slices this language uses. */"]
    for sheet in sheets:
        for declaration, file in faces((source / sheet).read_text(encoding="utf-8"), chars):
            declarations.append(declaration)
            if not (target / file).exists():
                shutil.copy2(source / "files" / file, target / file)
    if fonts.family:  # the first six languages' stacks are in site.css
        bcp47 = BY_GETTEXT[app.config.language].bcp47
        declarations.append(f":lang({bcp47}) {{ --font: {fonts.family}; }}")
    css = "\n".join(declarations) + "\n"
    if not (target / "fonts.css").is_file() or (target / "fonts.css").read_text(encoding="utf-8") != css:
        (target / "fonts.css").write_text(css, encoding="utf-8")
    shutil.copy2(source / "LICENSE", target / "LICENSE.txt")


def _link(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The stylesheet link, and a preload of the body font where there is one.

    Linked here rather than with ``add_css_file``: Sphinx would add a checksum
    of ``fonts.css`` only when the file exists as the page is written, which
    it does in a rebuild but not in a first build (it is written last, from
    the pages). Every build must write the same page.
    """
    fonts = fonts_of(app.config.language)
    if fonts is None:
        return
    from markupsafe import Markup

    tags = f'\n    <link rel="stylesheet" type="text/css" href="{context["pathto"]("_static/" + STYLESHEET, 1)}" />'
    font = fonts.preload
    if font:
        href = context["pathto"](f"_static/fonts/{font}", 1)
        tags += f'\n    <link rel="preload" href="{href}" as="font" type="font/woff2" crossorigin>'
    context["metatags"] = Markup(context.get("metatags", "")) + Markup(tags)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("html-page-context", _link)
    app.connect("build-finished", _write_fonts)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
