"""The anniversary story and the joining guide as a PDF in each language, made with WeasyPrint.

Each document is a page and the pages of its table of contents, in reading
order (``gnlc_pdf_documents`` in ``conf.py``). After the HTML pages are written,
their ``<main>`` content is put together behind a cover (title, site, date)
and printed with WeasyPrint, which shapes Arabic and Chinese with HarfBuzz,
embeds subsets of the fonts (Debian's Noto and WenQuanYi, which ``make test``
installs), sets the document's language, title and
author, makes the bookmark outline from the headings and keeps internal links.
Page numbers and running headers are translated, and mirrored in Arabic.

The PDFs are written into the build output (``pdf/``), so they are published
with their language, atomically; a PDF that cannot be made is an error, which
fails the language like any other. Every page of a document links to its PDF
with a translated label and the file's size, filled in once the PDF exists.
A PDF is made again only when what it is made from changed. ``gnlc serve``
turns them off (``gnlc_pdfs``) to keep rebuilds quick.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import os
import re
import shutil
from pathlib import Path
from urllib.parse import urldefrag, urljoin

from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.typing import ExtensionMetadata

from gnlc.languages import get
import local_formats  # the build's one table of CLDR locales

logger = logging.getLogger(__name__)
FOLDER = "pdf"
SIZE = re.compile(r'(<span class="pdf-size" data-pdf="(?P<name>[\w-]+)">)[^<]*(</span>)')
MAIN = re.compile(r'<main\b[^>]*>(?P<body>.*)</main>', re.S)
DROP = re.compile(
    r'<a class="headerlink"[^>]*>.*?</a>|<p class="translation-notice">.*?</p>|<p class="pdf-download">.*?</p>'
    r'|<script\b.*?</script>|<source\b[^>]*>|<track\b[^>]*>', re.S)
ATTR = re.compile(r'\b(?P<attr>href|src|id)="(?P<value>[^"]*)"')


def pages(env, root: str) -> list[str]:
    """``root`` and the pages of its table of contents, depth first, in reading order."""
    order, todo = [], [root]
    while todo:
        docname = todo.pop(0)
        if docname in order or docname not in env.found_docs:
            continue
        order.append(docname)
        todo[:0] = env.toctree_includes.get(docname, [])
    return order


def pdf_name(name: str, language: str) -> str:
    return f"learning-cities-{name}-{get(language).url}.pdf"


def _documents(app: Sphinx) -> dict[str, str]:
    return app.config.gnlc_pdf_documents if app.config.gnlc_pdfs and app.builder.format == "html" else {}


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    for name, root in _documents(app).items():
        if pagename in pages(app.env, root):
            target = f"{FOLDER}/{pdf_name(name, app.config.language)}"
            href = os.path.relpath(target, os.path.dirname(pagename) or ".").replace(os.sep, "/")
            context["gnlc_pdf"] = {"name": name, "href": href}
            return


class _Rewriter:
    """Makes one page's ids unique in the document and points its links into the PDF or at the site."""

    def __init__(self, app: Sphinx, docnames: list[str]):
        self.app, self.docnames = app, set(docnames)
        self.outdir = Path(app.outdir)
        base = (app.config.gnlc_site_url or "").rstrip("/")
        self.site = f"{base}/{get(app.config.language).url}/" if base else ""

    @staticmethod
    def anchor(docname: str, fragment: str = "") -> str:
        return "p-" + re.sub(r"[^\w-]", "-", docname) + (f"--{fragment}" if fragment else "")

    def __call__(self, docname: str, body: str) -> str:
        page_url = f"{docname}.html"

        def rewrite(match: re.Match) -> str:
            attr, value = match["attr"], html.unescape(match["value"])
            if attr == "id":
                return f'id="{self.anchor(docname, value)}"'
            if attr == "src":
                target = (self.outdir / urljoin(page_url, value)).resolve()
                return f'src="{html.escape(target.as_uri())}"'
            if re.match(r"^[a-z][a-z0-9+.-]*:", value):
                return match.group(0)  # another site, or mail
            path, fragment = urldefrag(urljoin(page_url, value))
            target = path.removesuffix(".html") if path else docname
            if target in self.docnames:
                return f'href="#{self.anchor(target, fragment)}"'
            if self.site:
                return f'href="{html.escape(self.site + value if not path else urljoin(self.site, path))}"'
            return 'href=""'

        return ATTR.sub(rewrite, body)


def document_html(app: Sphinx, name: str, docnames: list[str], date: dt.date) -> str:
    """The document to print (``_templates/pdf.html``): a cover, then each page's main content."""
    from babel.dates import format_date
    from markupsafe import Markup

    lang = get(app.config.language)
    rewrite = _Rewriter(app, docnames)
    chapters = []
    for docname in docnames:
        page = (Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8")
        body = DROP.sub("", MAIN.search(page)["body"])
        chapters.append(Markup(f'<section class="chapter" id="{rewrite.anchor(docname)}">'
                               f"{rewrite(docname, body)}</section>"))
    static = Path(app.outdir) / "_static"
    return app.builder.templates.render("pdf.html", {
        "language": lang, "name": name, "author": app.config.author,
        "title": app.env.titles[docnames[0]].astext(),
        "date": format_date(date, format="long", locale=local_formats.locale(lang.gettext)),
        # Not the web fonts: their slices lose Arabic shaping once WeasyPrint subsets them again.
        "stylesheets": [p.as_uri() for p in (static / "css" / "site.css", static / "css" / "pdf.css")],
        "chapters": chapters,
    })


def _size(nbytes: int, language: str) -> str:
    from babel.units import format_unit

    where = local_formats.locale(language)
    if nbytes >= 1_000_000:
        return format_unit(round(nbytes / 1_000_000, 1), "digital-megabyte", length="short", locale=where)
    return format_unit(max(1, round(nbytes / 1000)), "digital-kilobyte", length="short", locale=where)


def _config_line(app: Sphinx, name: str) -> str:
    conf = Path(app.confdir) / "conf.py"
    lines = conf.read_text(encoding="utf-8").splitlines() if conf.is_file() else []
    line = next((i for i, text in enumerate(lines, 1) if text.startswith(name)), 1)
    return f"{conf}:{line}"


def _make_pdfs(app: Sphinx, exception: Exception | None) -> None:
    documents = _documents(app)
    if not app.config.gnlc_pdfs and app.builder.format == "html":
        shutil.rmtree(Path(app.outdir) / FOLDER, ignore_errors=True)  # none linked: none published
    if exception is not None or not documents:
        return
    try:
        import weasyprint
    except OSError as err:  # WeasyPrint loads Pango when imported
        logger.error("the PDFs need Pango (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0; "
                     "`make test` installs it): %s", err, location=_config_line(app, "gnlc_pdf_documents"))
        return

    outdir = Path(app.outdir)
    folder = outdir / FOLDER
    folder.mkdir(exist_ok=True)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    date = dt.datetime.fromtimestamp(int(epoch), dt.UTC).date() if epoch else dt.date.today()
    memo_path = Path(app.doctreedir) / "gnlc-pdfs.json"
    try:
        memo = json.loads(memo_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        memo = {}
    sizes = {}
    for name, root in documents.items():
        docnames = pages(app.env, root)
        target = folder / pdf_name(name, app.config.language)
        if not docnames:
            logger.error("PDF %s: gnlc_pdf_documents names %r, which is not a page of the site", target.name, root,
                         location=_config_line(app, "gnlc_pdf_documents"))
            continue
        try:
            source = document_html(app, name, docnames, date)
            digest = hashlib.sha256((source + weasyprint.__version__).encode()).hexdigest()
            if memo.get(name) != digest or not target.is_file():
                data = weasyprint.HTML(string=source, base_url=str(outdir) + "/").write_pdf(pdf_variant="pdf/ua-1")
                target.write_bytes(data)
                memo[name] = digest
        except Exception as err:  # WeasyPrint, a missing page: the language fails, nothing is published
            memo.pop(name, None)
            logger.error("PDF %s could not be made: %s: %s", target.name, type(err).__name__, err,
                         location=(root, 1))
            continue
        opening, closing = ("（", "）") if app.config.language == "zh_CN" else ("(", ")")
        sizes[name] = opening + _size(target.stat().st_size, app.config.language) + closing
        for docname in docnames:  # the pages show the size of the PDF they link to
            page = outdir / f"{docname}.html"
            text = page.read_text(encoding="utf-8")
            new = SIZE.sub(lambda m: m.group(1) + html.escape(sizes[m["name"]]) + m.group(3)
                           if m["name"] in sizes else m.group(0), text)
            if new != text:
                page.write_text(new, encoding="utf-8")
    memo_path.write_text(json.dumps(memo), encoding="utf-8")


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("gnlc_pdfs", True, "html", types=frozenset({bool}))
    app.add_config_value("gnlc_pdf_documents", {}, "html", types=frozenset({dict}))
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _make_pdfs, priority=900)  # after web_fonts has written the fonts
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
