"""The story and the joining guide as PDFs in every language (docs/_ext/pdf_downloads.py).

Read from the session's real six-language build with pypdf: language, title,
fonts, outline, text order, internal links; and the links to them from the pages.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import LANGUAGES, copy_project, gnlc

pytestmark = pytest.mark.slow

DOCUMENTS = {"story": "story/index", "join": "join/index"}
MAX_BYTES = 1_500_000
HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.S)
TAG = re.compile(r"<[^>]+>")


def pdf_path(site, lang, name) -> Path:
    return site.html / lang.url / "pdf" / f"learning-cities-{name}-{lang.url}.pdf"


def text_of(fragment: str) -> str:
    fragment = re.sub(r'<a class="headerlink".*?</a>', "", fragment, flags=re.S)
    return " ".join(html.unescape(TAG.sub("", fragment)).split())


def document_pages(site, lang, root: str) -> list[str]:
    """The root page and the pages its table of contents lists, in order, from the built HTML."""
    folder = site.html / lang.url
    order, todo = [], [root]
    while todo:
        docname = todo.pop(0)
        if docname in order:
            continue
        order.append(docname)
        page = (folder / f"{docname}.html").read_text(encoding="utf-8")
        toc = re.search(r'<div class="toctree-wrapper compound">(.*?)</div>', page, re.S)
        links = re.findall(r'<a class="reference internal" href="([^"#]+)\.html">', toc.group(1)) if toc else []
        base = docname.rsplit("/", 1)[0] + "/" if "/" in docname else ""
        todo[:0] = [str(Path(base + link)).replace("\\", "/") for link in links]
    return order


def headings(site, lang, root: str) -> list[tuple[int, str]]:
    found = []
    for docname in document_pages(site, lang, root):
        page = (site.html / lang.url / f"{docname}.html").read_text(encoding="utf-8")
        main = re.search(r"<main\b[^>]*>(.*)</main>", page, re.S).group(1)
        found += [(int(level), text_of(body)) for level, body in HEADING.findall(main)]
    return found


def outline(reader: PdfReader) -> list[tuple[int, str]]:
    flat = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                flat.append((depth, " ".join(item.title.split())))

    walk(reader.outline, 1)
    return flat


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda l: l.url)
@pytest.mark.parametrize("name", DOCUMENTS)
def test_pdf_language_title_fonts_and_size(site, lang, name):
    path = pdf_path(site, lang, name)
    assert path.is_file() and 10_000 < path.stat().st_size <= MAX_BYTES, path
    reader = PdfReader(path)
    assert reader.trailer["/Root"]["/Lang"] == lang.bcp47
    first = document_pages(site, lang, DOCUMENTS[name])[0]
    h1 = next(text for level, text in headings(site, lang, first) if level == 1)
    assert reader.metadata.title.startswith(h1) and reader.metadata.author
    fonts = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font)
            descriptor = descriptor.get("/FontDescriptor")
            fonts[str(font["/BaseFont"])] = descriptor is not None and any(
                key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), f"fonts not embedded: {fonts}"
    assert all(re.match(r"^/[A-Z]{6}\+", name) for name in fonts), f"fonts not subset: {list(fonts)}"
    if lang.gettext == "zh_CN":
        assert any(re.search(r"WenQuanYi|CJK|Noto-Sans-SC", name) for name in fonts), list(fonts)


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda l: l.url)
@pytest.mark.parametrize("name", DOCUMENTS)
def test_outline_follows_the_headings_and_text_the_reading_order(site, lang, name):
    reader = PdfReader(pdf_path(site, lang, name))
    expected = headings(site, lang, DOCUMENTS[name])
    assert [text for _, text in outline(reader)] == [text for _, text in expected]
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    position = 0
    for level, title in expected:
        if level == 1:  # each chapter's title, in reading order and logical order (Arabic included)
            found = text.find(title, position)
            assert found >= 0, f"{title!r} missing or out of order in {name} ({lang.url})"
            position = found + len(title)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_internal_links_point_into_the_document(site, name):
    reader = PdfReader(pdf_path(site, LANGUAGES[1], name))
    internal = 0
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            action = annotation.get("/A")
            if annotation.get("/Subtype") == "/Link" and ("/Dest" in annotation or (
                    action is not None and action.get_object().get("/S") == "/GoTo")):
                internal += 1
    assert internal >= 3  # the chapter list at least


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda l: l.url)
def test_every_page_of_a_document_links_to_its_pdf_with_its_size(site, lang):
    folder = site.html / lang.url
    for name, root in DOCUMENTS.items():
        for docname in document_pages(site, lang, root):
            page = (folder / f"{docname}.html").read_text(encoding="utf-8")
            link = re.search(r'<p class="pdf-download"><a href="([^"]+)"[^>]*>(.*?)</a> '
                             r'<span class="pdf-size" data-pdf="(\w+)">([^<]+)</span></p>', page, re.S)
            assert link, f"no PDF link on {docname} ({lang.url})"
            href, label, which, size = link.groups()
            assert which == name and label.strip()
            target = (folder / docname).parent / href
            assert target.resolve() == pdf_path(site, lang, name).resolve() and target.is_file()
            assert re.search(r"\d", size), size
    other = (folder / "about" / "index.html").read_text(encoding="utf-8")
    assert "pdf-download" not in other


def test_a_pdf_that_cannot_be_made_fails_its_language(project_copy):
    conf = project_copy.docs / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace(
        'gnlc_pdf_documents = {"story": "story/index", "join": "join/index"}',
        'gnlc_pdf_documents = {"story": "story/index", "join": "join/no-such-page"}'), encoding="utf-8")
    proc = gnlc(project_copy, "build", "--lang", "fr", check=False)
    assert proc.returncode != 0
    assert re.search(r"fr: \S*docs/conf\.py:\d+: PDF learning-cities-join-fr\.pdf: gnlc_pdf_documents names "
                     r"'join/no-such-page', which is not a page", proc.stdout), proc.stdout
    assert not (project_copy.html / "fr").exists()


def test_serve_builds_no_pdf_and_links_none(tmp_path):
    project = copy_project(tmp_path / "project")
    proc = gnlc(project, "build", "--lang", "es", "--no-pdf")
    assert not (project.html / "es" / "pdf").exists(), proc.stdout
    assert "pdf-download" not in (project.html / "es" / "story" / "launch.html").read_text(encoding="utf-8")
