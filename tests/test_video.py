"""The key-figures video: captions in six languages, transcript, poster, sources, direction.

Real builds (the session ``site`` of all six languages, and a French build of a
copy with a few translations) and Debian's Chromium.
"""

from __future__ import annotations

import html
import re

import pytest
import polib

from conftest import LANGUAGES, ROOT, gnlc

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGE = "story/launch.html"
NAME = "key-figures"
MAX_BYTES = 2 * 1024 * 1024
BY_URL = {lang.url: lang for lang in LANGUAGES}
TIMING = re.compile(
    r"^(\d{2,}):([0-5]\d):([0-5]\d)\.(\d{3}) --> (\d{2,}):([0-5]\d):([0-5]\d)\.(\d{3})$"
)
ENTITY = re.compile(r"&(?!(?:amp|lt|gt|nbsp|lrm|rlm);)")


def _seconds(h: str, m: str, s: str, ms: str) -> float:
    return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000


def parse_vtt(text: str) -> list[tuple[float, float, str]]:
    """A strict WebVTT reader for our files: header, blank line, then cues made of an
    optional identifier, a timing line and text lines; times increase, cues do not overlap."""
    assert "\r" not in text, "line endings must be LF"
    text = text.removeprefix("\ufeff")
    blocks = text.split("\n\n")
    header = blocks[0].split("\n")
    assert header[0] == "WEBVTT" or re.match(r"^WEBVTT[ \t][^\n]*$", header[0]), header[0]
    assert all("-->" not in line for line in header), "a cue timing in the header"
    assert text.endswith("\n"), "the file must end with a line break"
    cues: list[tuple[float, float, str]] = []
    previous_end = 0.0
    for block in blocks[1:]:
        if not block.strip():
            continue
        lines = block.strip("\n").split("\n")
        if lines[0].startswith("NOTE"):
            continue
        if "-->" not in lines[0]:
            lines = lines[1:]  # cue identifier
        match = TIMING.match(lines[0])
        assert match, f"bad cue timing line: {lines[0]!r}"
        start, end = _seconds(*match.groups()[:4]), _seconds(*match.groups()[4:])
        assert start < end, f"cue ends before it starts: {lines[0]}"
        assert start >= previous_end, f"cues overlap or go back in time: {lines[0]}"
        payload = lines[1:]
        assert payload and all(line.strip() for line in payload), f"empty cue at {lines[0]}"
        joined = " ".join(payload)
        assert "-->" not in joined
        assert "<" not in joined and not ENTITY.search(joined), f"unescaped markup in cue: {joined!r}"
        cues.append((start, end, html.unescape(joined)))
        previous_end = end
    assert cues, "no cues"
    return cues


def normalized(text: str) -> str:
    return " ".join(text.split())


def open_video_page(server, new_page, lang):
    page = new_page(locale=lang.bcp47)
    response = page.goto(f"{server.url}{lang.url}/{PAGE}")
    assert response.status == 200
    assert page.locator("video").count() == 1
    return page


TRACKS_JS = """v => [...v.querySelectorAll('track')].map(t => ({
    kind: t.kind, srclang: t.srclang, label: t.label, src: t.src, default: t.default}))"""


@pytest.mark.parametrize("url", ["en", "fr", "ar"])
def test_six_caption_tracks_default_follows_the_page(server, new_page, url):
    lang = BY_URL[url]
    page = open_video_page(server, new_page, lang)
    tracks = page.locator("video").evaluate(TRACKS_JS)
    assert [t["kind"] for t in tracks] == ["captions"] * 6
    assert [t["srclang"] for t in tracks] == ["en", "fr", "es", "ru", "zh-CN", "ar"]
    assert [t["label"] for t in tracks] == ["English", "Français", "Español", "Русский", "中文", "العربية"]
    assert [t["srclang"] for t in tracks if t["default"]] == [lang.bcp47]
    for track in tracks:
        assert track["src"].endswith(f"/_static/video/{NAME}.{track['srclang']}.vtt")
        response = page.request.get(track["src"])
        assert response.status == 200, track["src"]
        assert response.headers["content-type"].startswith("text/vtt")
    # The browser's own WebVTT parser accepts every file.
    counts = page.locator("video").evaluate(
        """async v => {
            const tracks = [...v.querySelectorAll('track')];
            tracks.forEach(t => { t.track.mode = 'hidden'; });
            await Promise.all(tracks.map(t => t.readyState === 2 ? null :
                new Promise((ok, ko) => { t.onload = ok; t.onerror = () => ko(t.src); })));
            return tracks.map(t => t.track.cues.length);
        }"""
    )
    transcript = page.locator(".video-transcript > p").all_text_contents()
    assert counts == [len(transcript)] * 6


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda l: l.url)
def test_captions_equal_the_transcript_of_each_language(site, server, new_page, lang):
    page = open_video_page(server, new_page, lang)
    transcript = [normalized(t) for t in page.locator(".video-transcript > p").all_text_contents()]
    summary = page.locator(".video-transcript > summary")
    assert summary.count() == 1 and summary.inner_text().strip()
    assert page.locator("details.video-transcript").evaluate("d => d.open") is False
    src = page.locator(f'video track[srclang="{lang.bcp47}"]').evaluate("t => t.src")
    cues = parse_vtt(page.request.get(src).text())
    assert [normalized(text) for _, _, text in cues] == transcript
    # every language's file is valid and timed like the others
    timings = None
    for other in LANGUAGES:
        text = (site.html / lang.url / "_static" / "video" / f"{NAME}.{other.bcp47}.vtt").read_text(encoding="utf-8")
        these = [(start, end) for start, end, _ in parse_vtt(text)]
        timings = timings or these
        assert these == timings, other.bcp47
    # The transcript opens with the keyboard.
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator("details.video-transcript").evaluate("d => d.open") is True
    assert page.locator(".video-transcript > p").first.is_visible()


def test_video_element_is_accessible_and_plays(server, new_page):
    page = open_video_page(server, new_page, BY_URL["en"])
    video = page.locator("video")
    attrs = video.evaluate(
        """v => ({controls: v.controls, autoplay: v.autoplay, paused: v.paused,
                  preload: v.getAttribute('preload'), playsinline: v.hasAttribute('playsinline'),
                  label: v.getAttribute('aria-label'), inFigure: !!v.closest('figure'),
                  caption: v.closest('figure').querySelector('figcaption')?.textContent || '',
                  sources: [...v.querySelectorAll('source')].map(s => ({src: s.src, type: s.type}))})"""
    )
    assert attrs["controls"] and not attrs["autoplay"] and attrs["playsinline"]
    assert attrs["preload"] in ("none", "metadata")
    assert attrs["label"] and attrs["inFigure"] and attrs["caption"].strip()
    assert [s["type"] for s in attrs["sources"]] == ["video/webm", "video/mp4"]
    for source in attrs["sources"]:
        response = page.request.fetch(source["src"], method="HEAD")
        assert response.status == 200, source["src"]
        assert response.headers["content-type"] == source["type"]
        assert int(response.headers["content-length"]) <= MAX_BYTES
    video.focus()  # native controls: reachable with the keyboard
    assert page.evaluate("document.activeElement.tagName") == "VIDEO"
    # It decodes, does not play by itself, and shows the page's captions, which the
    # browser parses into the transcript's sentences; the first is on screen at 0 s.
    state = video.evaluate(
        """async v => {
            if (v.readyState < 1) { await new Promise(ok => { v.onloadedmetadata = ok; v.load(); }); }
            const track = [...v.textTracks].find(t => t.mode === 'showing');
            const el = [...v.querySelectorAll('track')].find(t => t.track === track);
            if (el && el.readyState !== 2) { await new Promise(ok => { el.onload = ok; }); }
            v.currentTime = 0;  // a seek runs the cue timeline once
            for (let i = 0; i < 50 && track && !track.activeCues.length; i++) {
                await new Promise(ok => setTimeout(ok, 100));
            }
            return {duration: v.duration, width: v.videoWidth, height: v.videoHeight, paused: v.paused,
                    time: v.currentTime, showing: track ? track.language : null,
                    cues: track ? [...track.cues].map(c => c.text) : [],
                    active: track ? [...track.activeCues].map(c => c.text) : []};
        }"""
    )
    assert 15 <= state["duration"] <= 25
    assert (state["width"], state["height"]) in ((960, 540), (1280, 720))
    assert state["paused"] and state["time"] == 0
    assert state["showing"] == "en"
    transcript = [normalized(t) for t in page.locator(".video-transcript > p").all_text_contents()]
    assert [normalized(html.unescape(c)) for c in state["cues"]] == transcript
    assert [normalized(html.unescape(c)) for c in state["active"]] == transcript[:1]


def test_poster_loads_from_the_page_depth(server, new_page):
    page = open_video_page(server, new_page, BY_URL["fr"])
    poster = page.locator("video").evaluate("v => v.poster")
    assert poster.startswith(server.url + "fr/_static/")
    response = page.request.get(poster)
    assert response.status == 200
    assert response.headers["content-type"].startswith("image/")
    width = page.evaluate(
        "async src => { const i = new Image(); i.src = src; await i.decode(); return i.naturalWidth; }", poster
    )
    assert width > 0


def test_files_are_small(site):
    for folder in (ROOT / "_static" / "video", site.html / "en" / "_static" / "video"):
        for suffix in (".webm", ".mp4"):
            path = folder / f"{NAME}{suffix}"
            assert 0 < path.stat().st_size <= MAX_BYTES, path
        assert (folder / f"{NAME}-poster.webp").stat().st_size <= 200 * 1024


def test_arabic_figure_is_not_left_aligned(server, new_page):
    page = open_video_page(server, new_page, BY_URL["ar"])
    figure = page.locator("figure.video-figure")
    # Narrower than its column, the figure shows where it is aligned.
    figure.evaluate("f => { f.style.maxInlineSize = '50%'; }")
    box = figure.evaluate(
        """f => { const r = f.getBoundingClientRect(), p = f.parentElement.getBoundingClientRect();
                 return {left: r.left - p.left, right: p.right - r.right}; }"""
    )
    assert box["left"] > 20, f"the figure sticks to the left in Arabic: {box}"
    assert box["right"] <= box["left"] + 1, box  # centred or on the right
    align = page.locator(".video-figure figcaption").evaluate("e => getComputedStyle(e).textAlign")
    assert align in ("start", "right", "center")
    assert page.locator(".video-figure.align-left, .video-figure [class*='align-left']").count() == 0


# -- Translated: a French build of a copy with a few translations ----------------

FRENCH = {
    "The UNESCO Global Network of Learning Cities began in {{ launch_year }}.":
        ("Le Réseau mondial UNESCO des villes apprenantes est né en {{ launch_year }}.", False),
    "In {{ as_of }}, the network brought together {{ cities }} cities.":
        ("En {{ as_of }}, le réseau réunissait {{ cities }} villes : R&D, écoles & quartiers.", False),
    "In {{ as_of }}, these cities were spread across {{ countries }} countries.":
        ("Traduction à revoir, jamais affichée", True),  # fuzzy: the English cue stays
    "Transcript: The network in figures": ("Transcription : le réseau en chiffres", False),
}
ALT = "Animated figures and pictograms"
CAPTION = "The network's key figures in"


def _add_french(project, entries: dict | None = None) -> None:
    po_path = project.locale / "fr" / "LC_MESSAGES" / "story" / "launch.po"
    catalog = polib.pofile(str(po_path), wrapwidth=79)
    if entries is None:
        source = (project.docs / "story" / "launch.md").read_text(encoding="utf-8")
        alt = re.search(r"^:alt: (.*)$", source, re.M).group(1)
        caption = next(line for line in source.splitlines() if line.startswith(CAPTION))
        entries = dict(FRENCH)
        entries[alt] = ('Figures animées & pictogrammes : "ville" apprenante', False)
        entries[caption] = ("Les chiffres clés du réseau en {{ as_of }} & ce que fait une ville apprenante.", False)
    for msgid, (msgstr, fuzzy) in entries.items():
        entry = catalog.find(msgid)
        if entry is None:
            entry = polib.POEntry(msgid=msgid)
            catalog.append(entry)
        entry.msgstr, entry.flags = msgstr, ["fuzzy"] if fuzzy else []
    catalog.save(str(po_path))


def test_french_build_shows_french_text_escaped(project_copy):
    _add_french(project_copy)
    gnlc(project_copy, "build", "--lang", "fr")
    out = project_copy.html / "fr"
    page = (out / PAGE).read_text(encoding="utf-8")
    video = re.search(r"<video [^>]*>.*?</video>", page, re.S).group(0)
    assert 'aria-label="Figures animées &amp; pictogrammes : &#34;ville&#34; apprenante"' in video \
        or 'aria-label="Figures animées &amp; pictogrammes : &quot;ville&quot; apprenante"' in video
    assert "Les chiffres clés du réseau en 2023 &amp; ce que fait une ville apprenante." in page
    assert "<summary>Transcription : le réseau en chiffres</summary>" in page
    assert re.search(r'<track kind="captions" srclang="fr" label="Français" src="\.\./_static/video/key-figures\.fr\.vtt" default>', video)
    vtt_text = (out / "_static" / "video" / f"{NAME}.fr.vtt").read_text(encoding="utf-8")
    assert "R&amp;D, écoles &amp; quartiers" in vtt_text
    cues = [text for _, _, text in parse_vtt(vtt_text)]
    assert cues[0] == "Le Réseau mondial UNESCO des villes apprenantes est né en 2013."
    assert cues[1] == "En 2023, le réseau réunissait 292 villes : R&D, écoles & quartiers."
    assert cues[2] == "In 2023, these cities were spread across 76 countries."  # fuzzy: not used
    transcript = re.search(r'<details class="video-transcript">(.*?)</details>', page, re.S).group(1)
    paragraphs = [normalized(html.unescape(re.sub(r"<[^>]+>", "", p)))
                  for p in re.findall(r"<p[^>]*>(.*?)</p>", transcript, re.S)]
    assert paragraphs == cues
    # the other languages' files are written by the French build too, untranslated here
    english = parse_vtt((out / "_static" / "video" / f"{NAME}.en.vtt").read_text(encoding="utf-8"))
    assert english[0][2] == "The UNESCO Global Network of Learning Cities began in 2013."
    assert sorted(p.name for p in (out / "_static" / "video").glob("*.vtt")) == sorted(
        f"{NAME}.{l.bcp47}.vtt" for l in LANGUAGES)


def test_a_refused_cue_stays_english_in_every_languages_captions(project_copy):
    """Every language's build writes every language's captions: a cue that adds markup is refused there too."""
    english = "In {{ as_of }}, the network brought together {{ cities }} cities."
    _add_french(project_copy, {english: ("En {{ as_of }}, <b>{{ cities }}</b> villes ![](https://evil.example.org/p.gif)",
                                         False)})
    gnlc(project_copy, "build", "--lang", "en")
    vtt_text = (project_copy.html / "en" / "_static" / "video" / f"{NAME}.fr.vtt").read_text(encoding="utf-8")
    assert "evil.example.org" not in vtt_text and "&lt;b&gt;" not in vtt_text
    cues = [text for _, _, text in parse_vtt(vtt_text)]
    assert re.fullmatch(r"In \d{4}, the network brought together \d+ cities\.", cues[1]), cues
