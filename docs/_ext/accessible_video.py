"""Accessible, translatable video: sphinxcontrib-video's ``{video}``, completed.

The directive keeps sphinxcontrib-video's name, options and checks, and adds
what the portal needs::

    :::{video} /_static/video/key-figures.webm /_static/video/key-figures.mp4
    :poster: /_static/video/key-figures-poster.webp
    :captions: key-figures
    :alt: A short animation of the network's key figures
    :width: 960
    :height: 540

    Caption paragraph, translatable like any paragraph.
    :::

- ``/_static/...`` paths are the site's static files (``html_static_path``,
  copied once to ``_static/``); other paths are relative to the page and
  copied like images. Every URL is written relative to the page.
- The alternative text and the caption are MyST markup parsed in place: they
  reach the page's PO catalog, are shown translated and are HTML-escaped.
- ``:captions: NAME`` reads ``_data/videos/NAME.yaml`` (a title and cues with
  ``start``, ``end`` in seconds and English ``text``). The cues are shown under
  the video as a collapsible transcript, again MyST parsed in place, so they
  translate with the page. At the end of every HTML build, one WebVTT file per
  language is written to ``_static/video/NAME.<bcp47>.vtt``, each cue taken
  from that language's catalog of the page (a msgstr that exists and is not
  fuzzy, else the English cue); the video gets a ``<track kind="captions">``
  for each language, the page's own one ``default``. A language whose catalog
  translates none of the cues yet (one just added) has no captions file and no
  track: it would be English labelled as that language.
- Always ``controls`` and ``playsinline``; never ``autoplay``; ``preload`` is
  ``metadata`` (or ``none``). Alignment is left to the stylesheet (logical
  properties), so right-to-left pages mirror it.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import polib
from docutils import nodes
from docutils.parsers.rst import directives
from docutils.utils import normalize_language_tag, smartquotes
from docutils.utils.smartquotes import smartchars
from markupsafe import escape
from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.osutil import relative_uri
from sphinx.util.typing import ExtensionMetadata
from sphinxcontrib.video import Video, video_node

from gnlc import files, yaml_data
from gnlc.i18n_check.markup import added_markup, analyse
from gnlc.languages import LANGUAGES, SOURCE, Language, get
from markup import parse_markup

logger = logging.getLogger(__name__)

STATIC = "/_static/"
VTT_DIR = "_static/video"
SUBSTITUTION = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
TRANSCRIPT_LABEL = "Transcript: {title}"


class CaptionsError(SphinxError):
    category = "Video captions error"


# -- Cues ------------------------------------------------------------------------

@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str


@dataclass(frozen=True)
class Captions:
    name: str
    path: Path
    title: str
    cues: tuple[Cue, ...]


def captions_path(srcdir: str | Path, name: str) -> Path:
    return Path(srcdir) / "_data" / "videos" / f"{name}.yaml"


def load_captions(srcdir: str | Path, name: str) -> Captions:
    """Read and check ``_data/videos/<name>.yaml``; errors name the file."""
    path = captions_path(srcdir, name)
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
        raise CaptionsError(f"captions name {name!r}: use lower-case letters, digits and hyphens")
    data = yaml_data.load_file(path, srcdir)  # a broken file is named with its line
    if not isinstance(data, dict) or not isinstance(data.get("title"), str) or not isinstance(data.get("cues"), list):
        raise CaptionsError(f"{path}: expected a `title` and a list of `cues`")
    cues, previous_end = [], 0.0
    for number, item in enumerate(data["cues"], start=1):
        where = f"{path}: cue {number}"
        if not isinstance(item, dict) or set(item) != {"start", "end", "text"}:
            raise CaptionsError(f"{where}: expected exactly `start`, `end` and `text`")
        start, end, text = item["start"], item["end"], item["text"]
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (start, end)):
            raise CaptionsError(f"{where}: `start` and `end` are seconds (numbers)")
        if not (0 <= start < end) or start < previous_end:
            raise CaptionsError(f"{where}: times must increase and cues must not overlap ({start} -> {end})")
        if not isinstance(text, str) or not text.strip() or "\n" in text.strip() or "-->" in text:
            raise CaptionsError(f"{where}: `text` must be one line of text, without '-->'")
        cues.append(Cue(float(start), float(end), text.strip()))
        previous_end = end
    if not cues:
        raise CaptionsError(f"{path}: no cues")
    return Captions(name, path, data["title"].strip(), tuple(cues))


def timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def vtt_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def webvtt(cues: list[tuple[float, float, str]]) -> str:
    blocks = ["WEBVTT"]
    for start, end, text in cues:
        line = " ".join(text.split())  # a blank line would end the cue
        blocks.append(f"{timestamp(start)} --> {timestamp(end)}\n{vtt_escape(line)}")
    return "\n\n".join(blocks) + "\n"


def page_catalog(root: Path, lang: Language, docname: str) -> dict[str, str]:
    """The usable translations of a page: msgid -> msgstr, neither empty nor fuzzy."""
    if lang.is_source:
        return {}
    po = root / "locale" / lang.gettext / "LC_MESSAGES" / f"{docname}.po"
    if not po.is_file():
        return {}
    return files.remembered(_CATALOGS, po, _usable_translations)


def _usable_translations(po: Path) -> dict[str, str]:
    return {entry.msgid: entry.msgstr for entry in polib.pofile(str(po))
            if entry.translated() and not entry.msgid_plural}


def translated_cue(catalog: dict[str, str], english: str) -> str:
    """A cue's translation, or its English where there is none or it adds markup.

    Every language's build writes every language's captions, so a message that
    ``translation_guard`` refuses in its own language's build is refused here too.
    """
    translation = catalog.get(english)
    if translation is None or added_markup(analyse(english), analyse(translation)):
        return english
    return translation


_CATALOGS: dict = {}  # a kept worker (gnlc serve) re-reads changed catalogs only


class CueText:
    """Turns a cue's MyST source into the text the page shows: substitutions
    rendered and, where the page gets them, smart quotes."""

    def __init__(self, app: Sphinx):
        self.values = dict(app.config.myst_substitutions or {})
        self.config = app.config
        self.builder = app.builder.name

    def substitute(self, text: str, where: str) -> str:
        def value(match: re.Match) -> str:
            key = match.group(1)
            if key not in self.values:
                raise CaptionsError(f"{where}: unknown substitution {{{{ {key} }}}}")
            return str(self.values[key])

        return SUBSTITUTION.sub(value, text)

    def smarten(self, text: str, lang: Language) -> str:
        excludes = self.config.smartquotes_excludes
        if (not self.config.smartquotes or lang.gettext in excludes.get("languages", [])
                or self.builder in excludes.get("builders", [])):
            return text
        for tag in normalize_language_tag(lang.gettext):
            if tag in smartchars.quotes:
                return smartquotes.smartyPants(text, self.config.smartquotes_action, tag)
        return text

    def __call__(self, source: str, lang: Language, where: str) -> str:
        return self.smarten(self.substitute(source, where), lang)


# -- Nodes -----------------------------------------------------------------------

class video_figure(nodes.General, nodes.Element):
    """``<figure>``: the video and its caption."""


class accessible_video(video_node):
    """``<video>`` with sources, caption tracks and, as its only child, the
    paragraph of alternative text (also the fallback content)."""


class video_caption(nodes.Part, nodes.Element):
    """``<figcaption>``."""


class video_transcript(nodes.General, nodes.Element):
    """``<details>``: the cues as paragraphs."""


class video_transcript_summary(nodes.Part, nodes.TextElement):
    """``<summary>``, translatable like a paragraph."""


# -- Directive -------------------------------------------------------------------

def captioned_pages(env) -> dict[str, set[str]]:
    """Captions name -> the pages showing that video, kept in the environment."""
    if not hasattr(env, "gnlc_video_captions"):
        env.gnlc_video_captions = {}
    return env.gnlc_video_captions


def _preload(argument: str) -> str:
    return directives.choice(argument, ("metadata", "none"))


class AccessibleVideo(Video):
    """sphinxcontrib-video's directive with translatable text, captions and a transcript."""

    option_spec = {
        # Kept from sphinxcontrib-video (it checks them):
        **{k: v for k, v in Video.option_spec.items()
           if k in ("alt", "controlslist", "height", "loop", "muted", "poster", "width", "class")},
        "preload": _preload,
        "captions": directives.unchanged_required,
        # Withdrawn on purpose: autoplay, nocontrols (accessibility), align
        # (hard-coded left; the stylesheet aligns by direction), caption and
        # figwidth (raw HTML, untranslatable: the caption is the content).
    }

    def run(self) -> list[nodes.Node]:
        self.options.setdefault("preload", "metadata")
        self.options["playsinline"] = None
        static = [self._static_file(arg) for arg in self.arguments]
        (original,) = super().run()  # sphinxcontrib-video checks the options and the sources
        video = accessible_video("", **original.attributes)
        # sphinxcontrib-video's post-transform copies the "sources" it finds as images:
        # leave it only the page-relative ones; "files" lists them all, in order.
        video["sources"], video["files"] = [], []
        for arg, (src, type_, is_remote), found in zip(self.arguments, original["sources"], static):
            if found is not None:
                self._unregister_image(src)
                self.env.note_dependency(str(found))
                video["files"].append((arg[1:], type_, "static"))
            else:
                video["sources"].append((src, type_, is_remote))
                video["files"].append((src, type_, "remote" if is_remote else "image"))
        video["poster"], video["poster_static"] = self._poster(self.options.get("poster", ""))
        self.set_source_info(video)

        alt = self.options.get("alt", "").strip()
        if not alt:
            raise self.error("{video}: give the video a text alternative with :alt:")
        alt_paragraph = parse_markup(self, [" ".join(alt.split())], nodes.container()).next_node(nodes.paragraph)
        if alt_paragraph is None:
            raise self.error("{video}: :alt: must be plain text")
        video += alt_paragraph

        figure = video_figure(classes=["video-figure"])
        self.set_source_info(figure)
        figure += video
        if self.content:
            caption = video_caption()
            self.state.nested_parse(self.content, self.content_offset, caption)
            figure += caption
        block = nodes.container(classes=["video-block"])
        block += figure

        name = self.options.get("captions")
        if name:
            video["captions"] = name
            block += self._transcript(name)
        else:
            video["captions"] = ""
        return [block]

    # The site's static files are copied by html_static_path; keep them out of
    # the image machinery that sphinxcontrib-video uses (no second copy).
    def _static_file(self, uri: str) -> Path | None:
        if not uri.startswith(STATIC):
            return None
        rest = uri[len(STATIC):]
        for entry in self.config.html_static_path:
            candidate = (Path(self.env.app.confdir) / entry / rest).resolve()
            if candidate.is_file():
                return candidate
        raise self.error(f"{uri}: not found in html_static_path ({', '.join(self.config.html_static_path)})")

    def _unregister_image(self, src: str) -> None:
        entry = self.env.images.get(src)
        if entry is not None:
            entry[0].discard(self.env.docname)
            if not entry[0]:
                del self.env.images[src]
        # sphinxcontrib-video noted the path under the source folder, where it is not
        deps = self.env.dependencies.get(self.env.docname, set())
        deps.discard(self.env.srcdir / src)

    def _poster(self, uri: str) -> tuple[str, bool]:
        if not uri:
            return "", False
        if urllib.parse.urlparse(uri).netloc:
            raise self.error(f"{uri}: the poster must be served by the site")
        found = self._static_file(uri)
        if found is not None:
            self.env.note_dependency(str(found))
            return uri[1:], True
        src, fullpath = self.env.relfn2path(uri, self.env.docname)
        if not Path(fullpath).is_file():
            raise self.error(f"poster {uri}: file not found")
        self.env.note_dependency(fullpath)
        self.env.images.add_file(self.env.docname, src)
        return src, False

    def _transcript(self, name: str) -> video_transcript:
        try:
            captions = load_captions(self.env.srcdir, name)
        except CaptionsError as err:
            raise self.error(str(err)) from None
        self.env.note_dependency(str(captions.path))
        captioned_pages(self.env).setdefault(name, set()).add(self.env.docname)

        transcript = video_transcript(classes=["video-transcript"])
        self.set_source_info(transcript)
        label = parse_markup(self, [TRANSCRIPT_LABEL.format(title=captions.title)], nodes.container())
        label_paragraph = label.next_node(nodes.paragraph)
        summary = video_transcript_summary(label_paragraph.rawsource, "", *label_paragraph.children)
        summary.source, summary.line = label_paragraph.source, label_paragraph.line
        transcript += summary
        lines: list[str] = []
        for cue in captions.cues:
            lines += [cue.text, ""]
        body = parse_markup(self, lines, nodes.container())
        paragraphs = list(body.findall(nodes.paragraph))
        if len(paragraphs) != len(captions.cues) or len(body.children) != len(captions.cues):
            raise self.error(f"{captions.path}: each cue must be one plain paragraph of text")
        transcript += body.children
        return transcript


class PosterImages(SphinxPostTransform):
    """Copy a page-relative poster like an image (static ones are copied already)."""

    default_priority = 200
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for node in self.document.findall(accessible_video):
            if node["poster"] and not node["poster_static"]:
                self.app.builder.images[node["poster"]] = self.env.images[node["poster"]][1]


# -- HTML --------------------------------------------------------------------------

def _url(translator, path: str, static: bool) -> str:
    builder = translator.builder
    if not static and path in builder.images:
        return f"{builder.imgpath}/{urllib.parse.quote(builder.images[path])}"
    return relative_uri(builder.get_target_uri(builder.current_docname), urllib.parse.quote(path))


def page_language(translator) -> Language:
    return get(translator.builder.config.language or SOURCE)


def visit_video_figure(self, node: video_figure) -> None:
    self.body.append(self.starttag(node, "figure"))


def depart_video_figure(self, node: video_figure) -> None:
    self.body.append("</figure>\n")


def visit_accessible_video(self, node: accessible_video) -> None:
    alt = node.next_node(nodes.paragraph)
    alt_text = alt.astext() if alt is not None else ""
    attrs = ['controls', 'playsinline', f'preload="{escape(node["preload"])}"']
    for key in ("width", "height", "controlslist"):
        if node[key]:
            attrs.append(f'{key}="{escape(node[key])}"')
    for flag in ("loop", "muted"):
        if node[flag]:
            attrs.append(flag)
    if node["poster"]:
        attrs.append(f'poster="{escape(_url(self, node["poster"], node["poster_static"]))}"')
    if alt_text:
        attrs.append(f'aria-label="{escape(alt_text)}"')
    classes = ["video"] + ([node["klass"]] if node["klass"] else [])
    html = [f'<video class="{escape(" ".join(classes))}" {" ".join(attrs)}>']
    for path, type_, kind in node["files"]:
        url = path if kind == "remote" else _url(self, path, kind == "static")
        html.append(f'<source src="{escape(url)}" type="{escape(type_)}">')
    if node["captions"]:
        languages = caption_languages(self.builder.app, node["captions"])
        current = page_language(self)
        current = current if current in languages else get(SOURCE)
        for lang in languages:
            url = _url(self, f"{VTT_DIR}/{node['captions']}.{lang.bcp47}.vtt", True)
            default = " default" if lang == current else ""
            html.append(f'<track kind="captions" srclang="{lang.bcp47}" label="{escape(lang.name)}" '
                        f'src="{escape(url)}"{default}>')
    if alt is not None:  # fallback content, marked like any untranslated passage
        untranslated = ' class="untranslated"' if "untranslated" in alt["classes"] else ""
        html.append(f"<p{untranslated}>{escape(alt_text)}</p>")
    html.append("</video>\n")
    self.body.append("".join(html))
    raise nodes.SkipNode


def visit_video_caption(self, node: video_caption) -> None:
    self.body.append(self.starttag(node, "figcaption"))


def depart_video_caption(self, node: video_caption) -> None:
    self.body.append("</figcaption>\n")


def visit_video_transcript(self, node: video_transcript) -> None:
    self.body.append(self.starttag(node, "details"))


def depart_video_transcript(self, node: video_transcript) -> None:
    self.body.append("</details>\n")


def visit_video_transcript_summary(self, node: video_transcript_summary) -> None:
    self.body.append(self.starttag(node, "summary", ""))


def depart_video_transcript_summary(self, node: video_transcript_summary) -> None:
    self.body.append("</summary>\n")


def skip(self, node) -> None:
    raise nodes.SkipNode


# -- Caption files ------------------------------------------------------------------

def caption_languages(app: Sphinx, name: str) -> list[Language]:
    """The languages the captions ``name`` exist in: the source, and each language whose
    catalog of the video's page translates at least one cue."""
    pages = sorted(captioned_pages(app.env).get(name) or ())
    if not pages:
        return [get(SOURCE)]
    root = Path(app.srcdir).parent
    cues = load_captions(app.srcdir, name).cues
    return [lang for lang in LANGUAGES
            if lang.is_source or any(cue.text in page_catalog(root, lang, pages[0]) for cue in cues)]


def write_caption_files(app: Sphinx, docname: str, captions: Captions) -> list[Path]:
    """One WebVTT file per language of the captions, each cue from that language's catalog of ``docname``."""
    root = Path(app.srcdir).parent
    render = CueText(app)
    folder = Path(app.outdir) / VTT_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for lang in caption_languages(app, captions.name):
        catalog = page_catalog(root, lang, docname)
        cues = []
        for number, cue in enumerate(captions.cues, start=1):
            where = f"{captions.path}: cue {number} ({lang.gettext})"
            cues.append((cue.start, cue.end, render(translated_cue(catalog, cue.text), lang, where)))
        target = folder / f"{captions.name}.{lang.bcp47}.vtt"
        text = webvtt(cues)
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def _build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for name, docnames in sorted(captioned_pages(app.env).items()):
        if docnames:
            write_caption_files(app, sorted(docnames)[0], load_captions(app.srcdir, name))


def _check_consistency(app: Sphinx, env) -> None:
    for name, docnames in sorted(captioned_pages(env).items()):
        if len(docnames) > 1:
            logger.warning(
                "captions %r are used on several pages (%s); their WebVTT files can follow only one "
                "page's catalog: give each page its own captions file", name, ", ".join(sorted(docnames)),
            )


def _rewrite_when_caption_languages_change(app: Sphinx, env) -> list[str]:
    """A video's tracks name the languages its captions exist in: its page is written again
    when a language's catalog gives its first cue (or loses its last)."""
    now = {name: [l.gettext for l in caption_languages(app, name)]
           for name, docnames in sorted(captioned_pages(env).items()) if docnames}
    before = getattr(env, "gnlc_caption_languages", None)
    env.gnlc_caption_languages = now
    if before is None:
        return []
    changed = [name for name in now if now[name] != before.get(name)]
    return sorted({doc for name in changed for doc in captioned_pages(env)[name]} & set(env.found_docs))


def _purge_doc(app: Sphinx, env, docname: str) -> None:
    for docnames in captioned_pages(env).values():
        docnames.discard(docname)


def _merge_info(app: Sphinx, env, docnames, other) -> None:
    ours = captioned_pages(env)
    for name, theirs in captioned_pages(other).items():
        ours.setdefault(name, set()).update(theirs & set(docnames))


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("sphinxcontrib.video")
    app.setup_extension("site_facts")  # the substitutions used in cues
    app.add_directive("video", AccessibleVideo, override=True)
    for node, visit, depart in (
        (video_figure, visit_video_figure, depart_video_figure),
        (accessible_video, visit_accessible_video, None),
        (video_caption, visit_video_caption, depart_video_caption),
        (video_transcript, visit_video_transcript, depart_video_transcript),
        (video_transcript_summary, visit_video_transcript_summary, depart_video_transcript_summary),
    ):
        app.add_node(node, html=(visit, depart), text=(skip, None), latex=(skip, None),
                     man=(skip, None), texinfo=(skip, None))
    app.add_post_transform(PosterImages)
    app.connect("env-purge-doc", _purge_doc)
    app.connect("env-merge-info", _merge_info)
    app.connect("env-check-consistency", _check_consistency)
    app.connect("env-get-updated", _rewrite_when_caption_languages_change)
    app.connect("build-finished", _build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
