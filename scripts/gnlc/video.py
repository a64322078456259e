"""The portal's video of the network's key figures, made here from SVG frames.

``make_videos(project)`` draws every frame of a short animation as SVG, from
the key figures of ``docs/_data/facts.yaml`` and a few pictograms (numbers,
the year and shapes only: the words are in the captions, which translate),
rasterizes the frames with Debian's ffmpeg (its librsvg decoder) and writes:

``_static/video/key-figures.webm``   VP9
``_static/video/key-figures.mp4``    H.264, yuv420p, ``+faststart``
``_static/video/key-figures-poster.webp``
``docs/_data/videos/key-figures.yaml``  the English caption cues, timed to
    the animation; the build renders them as the page's transcript (so they
    reach the page's PO catalog) and as one WebVTT file per language
    (``docs/_ext/accessible_video.py``).

The outputs are committed: the site build never runs ffmpeg. Nothing is
downloaded. The same facts and the same ffmpeg give the same bytes (frames
are drawn without randomness, muxing is bit-exact, encoders use one thread).
"""

from __future__ import annotations

import math
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from .paths import Project

FFMPEG = "/usr/bin/ffmpeg"
NAME = "key-figures"
WIDTH, HEIGHT, FPS = 960, 540, 24
MAX_BYTES = 2 * 1024 * 1024
TITLE = "The network in figures"

# Colours of the site (see _static/css/site.css).
BACKGROUND = "#0b5394"
INK = "#ffffff"
SOFT = "#9fc5e8"
HIGHLIGHT = "#f0a500"
DARK = "#073763"
FONT = "DejaVu Sans, Noto Sans, Liberation Sans, sans-serif"


@dataclass(frozen=True)
class Figures:
    launch_year: int
    as_of: str
    cities: int
    countries: int
    inhabitants_million: int


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str  # MyST source: substitutions such as {{ cities }} render the figures


# Every sentence is a whole cue (translators never get half a sentence), each
# figure is dated, and the figures are substitutions, never typed. The scenes
# below are drawn to these times.
CUES: tuple[Cue, ...] = (
    Cue(0.0, 3.5, "The UNESCO Global Network of Learning Cities began in {{ launch_year }}."),
    Cue(3.5, 6.5, "In {{ as_of }}, the network brought together {{ cities }} cities."),
    Cue(6.5, 10.0, "In {{ as_of }}, these cities were spread across {{ countries }} countries."),
    Cue(10.0, 13.5, "In {{ as_of }}, more than {{ inhabitants }} people lived in them."),
    Cue(13.5, 17.5, "A learning city puts the resources of every sector to work for learning."),
    Cue(17.5, 21.5, "People learn at school and university, at home, in the community and at work."),
    Cue(21.5, 24.5, "Learning continues throughout life, at every age."),
)
DURATION = CUES[-1].end


def load_figures(project: Project) -> Figures:
    facts = yaml.safe_load((project.data / "facts.yaml").read_text(encoding="utf-8"))
    figures = facts["key_figures"]
    return Figures(
        launch_year=int(facts["launch"]["year"]),
        as_of=str(figures["as_of"]),
        cities=int(figures["cities"]),
        countries=int(figures["countries"]),
        inhabitants_million=int(figures["inhabitants_million"]),
    )


# -- Drawing helpers ----------------------------------------------------------

def _n(value: float) -> str:
    """A coordinate with fixed precision, so frames are byte-identical between runs."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def clamp(x: float, lo: float = 0.0, hi: float = 1.0) -> float:
    return max(lo, min(hi, x))


def progress(t: float, start: float, end: float) -> float:
    return clamp((t - start) / (end - start))


def ease(p: float) -> float:
    """Ease out (cubic): fast start, gentle stop."""
    return 1 - (1 - clamp(p)) ** 3


def grouped(value: int) -> str:
    """Digits grouped by three with a narrow no-break space (SI style: no locale's comma)."""
    return f"{value:,}".replace(",", "\u202f")


def text(x: float, y: float, content: str, size: float, fill: str = INK, anchor: str = "middle",
         weight: str = "bold", opacity: float = 1.0) -> str:
    return (f'<text x="{_n(x)}" y="{_n(y)}" font-family="{FONT}" font-size="{_n(size)}" '
            f'font-weight="{weight}" fill="{fill}" text-anchor="{anchor}" opacity="{_n(opacity)}">'
            f"{content}</text>")


def group(content: list[str] | str, opacity: float = 1.0, transform: str = "") -> str:
    body = "".join(content) if isinstance(content, list) else content
    attrs = f' opacity="{_n(opacity)}"' if opacity < 1 else ""
    attrs += f' transform="{transform}"' if transform else ""
    return f"<g{attrs}>{body}</g>"


def dot(x: float, y: float, r: float, on: bool) -> str:
    """A counted item: lit once counted, faint before."""
    if on:
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" fill="{HIGHLIGHT}"/>'
    return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r - 1)}" fill="{INK}" opacity="0.18"/>'


def year_pill(x: float, y: float, year: str, opacity: float = 1.0) -> str:
    return group([
        f'<rect x="{_n(x - 62)}" y="{_n(y - 24)}" width="124" height="48" rx="24" fill="{DARK}"/>',
        text(x, y + 12, year, 32, HIGHLIGHT),
    ], opacity)


# Buildings of the skyline: (x offset, width, height), drawn from left to right.
BUILDINGS = ((-165, 50, 105), (-110, 62, 165), (-42, 74, 225), (38, 58, 150), (102, 66, 190), (174, 44, 118))


def skyline(cx: float, base: float, scale: float, grow: float = 1.0, fill: str = INK) -> str:
    parts = []
    for i, (dx, w, h) in enumerate(BUILDINGS):
        p = ease(clamp(grow * 1.6 - i * 0.12))  # staggered rise
        height = h * p * scale
        if height < 0.5:
            continue
        x, y, width = cx + dx * scale, base - height, w * scale
        parts.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{_n(height)}" fill="{fill}"/>')
        if p >= 1:  # windows, once the building stands
            rows = int(h * scale // (26 * scale))
            for r in range(1, rows):
                for c in (0.3, 0.7):
                    wx, wy = x + width * c - 5 * scale, y + r * 26 * scale - 8 * scale
                    parts.append(f'<rect x="{_n(wx)}" y="{_n(wy)}" width="{_n(10 * scale)}" '
                                 f'height="{_n(12 * scale)}" fill="{BACKGROUND}"/>')
    return "".join(parts)


def rooftops(cx: float, base: float, scale: float) -> list[tuple[float, float]]:
    return [(cx + (dx + w / 2) * scale, base - h * scale) for dx, w, h in BUILDINGS]


def person(x: float, base: float, h: float, fill: str = INK, cane: bool = False) -> str:
    r = h * 0.16
    body_top = base - h + 2 * r + h * 0.05
    w = h * 0.42
    parts = [
        f'<circle cx="{_n(x)}" cy="{_n(base - h + r)}" r="{_n(r)}" fill="{fill}"/>',
        f'<path d="M{_n(x - w / 2)} {_n(base)}V{_n(body_top + w / 2)}'
        f'A{_n(w / 2)} {_n(w / 2)} 0 0 1 {_n(x + w / 2)} {_n(body_top + w / 2)}V{_n(base)}Z" fill="{fill}"/>',
    ]
    if cane:
        parts.append(f'<path d="M{_n(x + w * 0.9)} {_n(base)}V{_n(base - h * 0.55)}h{_n(-w * 0.35)}" '
                     f'stroke="{fill}" stroke-width="{_n(h * 0.05)}" fill="none" stroke-linecap="round"/>')
    return "".join(parts)


def globe(cx: float, cy: float, r: float, turn: float) -> str:
    stroke = f'stroke="{INK}" stroke-width="4" fill="none"'
    parts = [f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(r)}" {stroke}/>']
    for k in range(6):  # meridians, turning
        angle = turn + k * math.pi / 6
        rx = abs(math.cos(angle)) * r
        if rx > 1:
            parts.append(f'<ellipse cx="{_n(cx)}" cy="{_n(cy)}" rx="{_n(rx)}" ry="{_n(r)}" {stroke} opacity="0.55"/>')
    for f in (-0.5, 0.0, 0.5):  # parallels
        half = r * math.sqrt(1 - f * f)
        parts.append(f'<path d="M{_n(cx - half)} {_n(cy + f * r)}H{_n(cx + half)}" {stroke} opacity="0.55"/>')
    return "".join(parts)


def icon_school(cx: float, cy: float, fill: str) -> str:
    # an open book under a mortarboard
    return (
        f'<path d="M{_n(cx - 30)} {_n(cy - 2)}Q{_n(cx - 15)} {_n(cy - 10)} {_n(cx)} {_n(cy - 2)}V{_n(cy + 26)}'
        f'Q{_n(cx - 15)} {_n(cy + 18)} {_n(cx - 30)} {_n(cy + 26)}Z" fill="{fill}"/>'
        f'<path d="M{_n(cx + 30)} {_n(cy - 2)}Q{_n(cx + 15)} {_n(cy - 10)} {_n(cx + 2)} {_n(cy - 2)}V{_n(cy + 26)}'
        f'Q{_n(cx + 15)} {_n(cy + 18)} {_n(cx + 30)} {_n(cy + 26)}Z" fill="{fill}"/>'
        f'<path d="M{_n(cx)} {_n(cy - 34)}L{_n(cx + 30)} {_n(cy - 22)}L{_n(cx)} {_n(cy - 10)}'
        f'L{_n(cx - 30)} {_n(cy - 22)}Z" fill="{fill}"/>'
        f'<path d="M{_n(cx + 24)} {_n(cy - 24)}V{_n(cy - 8)}" stroke="{fill}" stroke-width="3"/>'
    )


def icon_home(cx: float, cy: float, fill: str, door: str) -> str:
    return (
        f'<path d="M{_n(cx - 34)} {_n(cy - 2)}L{_n(cx)} {_n(cy - 32)}L{_n(cx + 34)} {_n(cy - 2)}Z" fill="{fill}"/>'
        f'<rect x="{_n(cx - 25)}" y="{_n(cy - 4)}" width="50" height="34" fill="{fill}"/>'
        f'<rect x="{_n(cx - 7)}" y="{_n(cy + 10)}" width="14" height="20" fill="{door}"/>'
    )


def icon_community(cx: float, cy: float, fill: str) -> str:
    return person(cx - 22, cy + 28, 44, fill) + person(cx + 22, cy + 28, 44, fill) + person(cx, cy + 30, 58, fill)


def icon_work(cx: float, cy: float, fill: str, line: str) -> str:
    return (
        f'<rect x="{_n(cx - 14)}" y="{_n(cy - 24)}" width="28" height="16" rx="4" fill="none" '
        f'stroke="{fill}" stroke-width="5"/>'
        f'<rect x="{_n(cx - 34)}" y="{_n(cy - 12)}" width="68" height="42" rx="6" fill="{fill}"/>'
        f'<path d="M{_n(cx - 34)} {_n(cy + 6)}H{_n(cx + 34)}" stroke="{line}" stroke-width="3"/>'
    )


# -- Scenes: each draws itself at time t (seconds since the video's start) -----

def scene_launch(t: float, fig: Figures) -> str:
    p = progress(t, 0.0, 1.6)
    parts = [skyline(480, 410, 1.0, p)]
    # the first links of the network, drawn between the rooftops
    roofs = rooftops(480, 410, 1.0)
    link = ease(progress(t, 1.4, 2.6))
    for (x1, y1), (x2, y2) in zip(roofs, roofs[1:]):
        x, y = x1 + (x2 - x1) * link, y1 + (y2 - y1) * link
        if link > 0:
            parts.append(f'<path d="M{_n(x1)} {_n(y1 - 14)}L{_n(x)} {_n(y - 14)}" stroke="{SOFT}" '
                         f'stroke-width="3" stroke-linecap="round"/>')
    for i, (x, y) in enumerate(roofs):
        show = ease(progress(t, 1.2 + i * 0.15, 1.5 + i * 0.15))
        if show > 0:
            parts.append(f'<circle cx="{_n(x)}" cy="{_n(y - 14)}" r="{_n(7 * show)}" fill="{HIGHLIGHT}"/>')
    rise = ease(progress(t, 0.6, 1.5))
    parts.append(text(480, 128 - 16 * (1 - rise), str(fig.launch_year), 88, INK, opacity=rise))
    return "".join(parts)


def scene_cities(t: float, fig: Figures) -> str:
    p = ease(progress(t, 3.8, 5.8))
    count = round(fig.cities * p)
    parts = [year_pill(480, 62, fig.as_of), skyline(240, 215, 0.42), text(240, 340, str(count), 132)]
    cols, gap, x0, y0 = 24, 18, 486, 128
    for i in range(fig.cities):
        x, y = x0 + (i % cols) * gap, y0 + (i // cols) * gap
        parts.append(dot(x, y, 6, i < count))
    return "".join(parts)


def scene_countries(t: float, fig: Figures) -> str:
    p = ease(progress(t, 6.8, 8.8))
    count = round(fig.countries * p)
    cx, cy, r = 260, 250, 104
    parts = [year_pill(480, 62, fig.as_of), globe(cx, cy, r, (t - 6.5) * 0.9)]
    for i in range(fig.countries):
        angle = -math.pi / 2 + 2 * math.pi * i / fig.countries
        x, y = cx + math.cos(angle) * (r + 36), cy + math.sin(angle) * (r + 36)
        parts.append(dot(x, y, 5, i < count))
    parts.append(text(660, 300, str(count), 150))
    return "".join(parts)


def scene_people(t: float, fig: Figures) -> str:
    p = ease(progress(t, 10.3, 12.3))
    millions = round(fig.inhabitants_million * p)
    parts = [year_pill(480, 62, fig.as_of), text(480, 200, "&gt; " + grouped(millions * 1_000_000), 84)]
    # one figure for every ten million people
    figures = fig.inhabitants_million // 10
    per_row = math.ceil(figures / 2)
    shown = math.floor(figures * p + 1e-9)
    for i in range(figures):
        row, col = divmod(i, per_row)
        in_row = per_row if row == 0 else figures - per_row
        x = 480 + (col - (in_row - 1) / 2) * 46
        base = 320 + row * 86
        parts.append(group(person(x, base, 64, HIGHLIGHT if i < shown else INK), 1.0 if i < shown else 0.2))
    return "".join(parts)


SECTORS = ((210, 165), (750, 165), (210, 355), (750, 355))  # school, home, community, work


def scene_learning_city(t: float, fig: Figures) -> str:
    parts = []
    centre = (480, 250)
    for i, (x, y) in enumerate(SECTORS):
        appear = ease(progress(t, 13.8 + i * 0.6, 14.4 + i * 0.6))
        if appear <= 0:
            continue
        x1, y1 = centre
        x2, y2 = x1 + (x - x1) * appear, y1 + (y - y1) * appear
        parts.append(f'<path d="M{_n(x1)} {_n(y1)}L{_n(x2)} {_n(y2)}" stroke="{SOFT}" stroke-width="4" '
                     f'stroke-dasharray="2 10" stroke-linecap="round"/>')
    parts.append(f'<circle cx="480" cy="250" r="118" fill="{DARK}"/>')
    parts.append(skyline(480, 318, 0.55))
    for i, (x, y) in enumerate(SECTORS):
        appear = ease(progress(t, 14.1 + i * 0.6, 14.7 + i * 0.6))
        if appear <= 0:
            continue
        lit = t >= 17.7 + i * 0.9  # highlighted in the order the second cue names them
        ring = HIGHLIGHT if lit else INK
        fill = DARK if lit else BACKGROUND
        glyph = DARK if lit else INK
        body = [f'<circle cx="{_n(x)}" cy="{_n(y)}" r="66" fill="{ring}"/>',
                f'<circle cx="{_n(x)}" cy="{_n(y)}" r="60" fill="{HIGHLIGHT if lit else fill}"/>']
        if i == 0:
            body.append(icon_school(x, y, glyph))
        elif i == 1:
            body.append(icon_home(x, y, glyph, HIGHLIGHT if lit else BACKGROUND))
        elif i == 2:
            body.append(icon_community(x, y, glyph))
        else:
            body.append(icon_work(x, y, glyph, HIGHLIGHT if lit else BACKGROUND))
        scale = 0.6 + 0.4 * appear
        parts.append(group(body, appear, f"translate({_n(x * (1 - scale))} {_n(y * (1 - scale))}) scale({_n(scale)})"))
    return "".join(parts)


AGES = ((0.52, False), (0.72, False), (1.0, False), (1.0, False), (0.92, True))  # child to older adult


def scene_lifelong(t: float, fig: Figures) -> str:
    x0, x1, base = 150, 810, 372
    line = ease(progress(t, 21.7, 23.2))
    parts = [
        f'<path d="M{x0} {base + 18}H{_n(x0 + (x1 - x0) * line)}" stroke="{SOFT}" stroke-width="6" stroke-linecap="round"/>',
    ]
    if line > 0.97:
        parts.append(f'<path d="M{x1 + 4} {base + 18}l-22 -14v28z" fill="{SOFT}"/>')
    for i, (size, cane) in enumerate(AGES):
        x = x0 + 40 + i * (x1 - x0 - 80) / (len(AGES) - 1)
        appear = ease(progress(t, 21.8 + i * 0.3, 22.3 + i * 0.3))
        if appear > 0:
            lit = t >= 23.6
            parts.append(group(person(x, base, 190 * size, HIGHLIGHT if lit else INK, cane), appear))
    return "".join(parts)


SCENES = (
    (0.0, 3.5, scene_launch),
    (3.5, 6.5, scene_cities),
    (6.5, 10.0, scene_countries),
    (10.0, 13.5, scene_people),
    (13.5, 21.5, scene_learning_city),
    (21.5, DURATION, scene_lifelong),
)


def frame_svg(t: float, fig: Figures) -> str:
    parts = [f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{BACKGROUND}"/>']
    for start, end, draw in SCENES:
        last = end == DURATION
        if start <= t < end or (last and t >= end):
            # each scene fades in and out (0.3 s), except at the very start and end
            fade_in = 1.0 if start == 0 else clamp((t - start) / 0.3)
            fade_out = 1.0 if last else clamp((end - t) / 0.3)
            parts.append(group(draw(t, fig), min(fade_in, fade_out)))
    return svg(parts)


def poster_svg(fig: Figures) -> str:
    """The still shown before playing: the three figures with their pictograms and the
    year, clear of the bottom of the frame, where the player draws its controls."""
    parts = [f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{BACKGROUND}"/>', year_pill(846, 56, fig.as_of)]
    parts.append(skyline(170, 150, 0.34))
    parts.append(text(280, 148, str(fig.cities), 84, anchor="start"))
    parts.append(globe(170, 242, 42, 0.5))
    parts.append(text(280, 272, str(fig.countries), 84, anchor="start"))
    parts.append(person(142, 392, 62) + person(198, 392, 62) + person(170, 396, 78, HIGHLIGHT))
    parts.append(text(280, 390, "&gt; " + grouped(fig.inhabitants_million * 1_000_000), 66, anchor="start"))
    return svg(parts)


def svg(parts: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
            f'viewBox="0 0 {WIDTH} {HEIGHT}">{"".join(parts)}</svg>\n')


# -- Output ---------------------------------------------------------------------

def cues_yaml(cues: tuple[Cue, ...] = CUES) -> str:
    data = {
        "title": TITLE,
        "cues": [{"start": c.start, "end": c.end, "text": c.text} for c in cues],
    }
    header = (
        f"# Captions of the video _static/video/{NAME}.*, in English: the source strings.\n"
        "# Written by scripts/gnlc/video.py (make_videos), timed to its animation: change\n"
        "# the cues there and regenerate. The page's transcript shows them, so they are\n"
        "# translated in that page's PO catalog; the build writes one WebVTT file per\n"
        "# language from them. Times are seconds; {{ ... }} are the site's substitutions.\n"
    )
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)


def _run(command: list[str]) -> None:
    proc = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"ffmpeg failed ({proc.returncode}): {' '.join(command)}\n{proc.stderr[-2000:]}")


def _encode(frames: Path, webm: Path, mp4: Path) -> None:
    common_in = [FFMPEG, "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
                 "-framerate", str(FPS), "-i", str(frames / "%04d.svg")]
    colour = ["-vf", "scale=out_color_matrix=bt709:out_range=tv,format=yuv420p",
              "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv"]
    exact = ["-fflags", "+bitexact", "-flags:v", "+bitexact", "-map_metadata", "-1", "-an", "-threads", "1"]
    _run([*common_in, *colour, *exact,
          "-c:v", "libvpx-vp9", "-b:v", "0", "-crf", "36", "-deadline", "good", "-cpu-used", "1",
          "-row-mt", "0", "-g", str(FPS * 5), str(webm)])
    _run([*common_in, *colour, *exact,
          "-c:v", "libx264", "-preset", "slow", "-tune", "animation", "-crf", "26",
          "-profile:v", "high", "-g", str(FPS * 5), "-movflags", "+faststart", str(mp4)])


def make_videos(project: Project) -> list[Path]:
    """Draw, encode and write the key-figures video, its poster and its English cues.

    Returns the files written. Needs only Debian's ffmpeg (with librsvg).
    """
    if not Path(FFMPEG).is_file():
        raise SystemExit(f"{FFMPEG} is missing: install Debian's ffmpeg (apt-get install ffmpeg)")
    fig = load_figures(project)
    out = project.root / "_static" / "video"
    out.mkdir(parents=True, exist_ok=True)
    webm, mp4, poster = out / f"{NAME}.webm", out / f"{NAME}.mp4", out / f"{NAME}-poster.webp"
    cues = project.data / "videos" / f"{NAME}.yaml"
    with tempfile.TemporaryDirectory(prefix="gnlc-video-") as tmp:
        frames = Path(tmp)
        total = round(DURATION * FPS)
        for i in range(total):
            (frames / f"{i + 1:04d}.svg").write_text(frame_svg(i / FPS, fig), encoding="utf-8")
        (frames / "poster.svg").write_text(poster_svg(fig), encoding="utf-8")
        tmp_webm, tmp_mp4, tmp_poster = frames / webm.name, frames / mp4.name, frames / poster.name
        _encode(frames, tmp_webm, tmp_mp4)
        _run([FFMPEG, "-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-i", str(frames / "poster.svg"),
              "-frames:v", "1", "-fflags", "+bitexact", "-flags:v", "+bitexact", "-map_metadata", "-1",
              "-c:v", "libwebp", "-lossless", "0", "-quality", "82", "-compression_level", "6", str(tmp_poster)])
        for made in (tmp_webm, tmp_mp4, tmp_poster):
            size = made.stat().st_size
            if size > MAX_BYTES:
                raise RuntimeError(f"{made.name} is {size} bytes, more than {MAX_BYTES}: raise the CRF")
        for made, final in ((tmp_webm, webm), (tmp_mp4, mp4), (tmp_poster, poster)):
            shutil.move(made, final)
    cues.parent.mkdir(parents=True, exist_ok=True)
    cues.write_text(cues_yaml(), encoding="utf-8")
    return [webm, mp4, poster, cues]


__all__ = ["make_videos", "CUES", "frame_svg", "poster_svg", "load_figures"]
