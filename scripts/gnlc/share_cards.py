"""The share cards: one 1200×630 picture per language for link previews (``og:image``).

``make_cards(project)`` writes, for each language, a card drawn as SVG in the
language's own script and direction (the site's name, its tagline and one key
figure) and rasterized by Debian's Chromium (Playwright, the browser the
tests use), which shapes Arabic and Chinese text and breaks the lines:

``_static/img/share/<url>.png``   the card, 1200×630
``docs/_data/share_cards.yaml``   the words on each card: its alt text (``og:image:alt``)

Every word comes from the landing page's catalog (its title, its first
paragraph and its first key figure), every figure from the facts file through
``site_facts``: nothing is typed here. The outputs are committed (the site
build never starts a browser); ``make cards`` draws them again after the facts
or those translations change, and a test says when they are out of date.
Nothing is downloaded and nothing leaves the machine: the page is loaded from
a string and uses the fonts installed on the system.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from html import escape
from pathlib import Path

import polib
import yaml

from .languages import LANGUAGES, Language
from .paths import Project

WIDTH, HEIGHT = 1200, 630
CHROMIUM = "/usr/bin/chromium"
OUT_DIR = Path("_static") / "img" / "share"
ALT_FILE = Path("docs") / "_data" / "share_cards.yaml"

# The landing page's messages a card shows (docs/index.md): declared there, once.
SITE_NAME = "UNESCO Global Network of Learning Cities"
TAGLINE = "Ten years of cities helping people of every age to keep learning."
FIGURE = "**{{ cities }} cities**"
FIGURE_NOTE = "belonged to the network in {{ as_of }}."

BACKGROUND, INK, SOFT, HIGHLIGHT = "#0b5394", "#ffffff", "#dce8f4", "#ffc233"
FONTS = {
    "zh_CN": '"Noto Sans CJK SC", "WenQuanYi Micro Hei", "Noto Sans", sans-serif',
    "ar": '"Noto Naskh Arabic", "Noto Sans Arabic", "Noto Sans", sans-serif',
}
# How the key figure and its note (two lines on the card) read as one sentence.
FIGURE_JOIN = {"ru": " — ", "zh_CN": "，"}
LATIN_FONT = '"Noto Sans", "DejaVu Sans", sans-serif'


class CardError(RuntimeError):
    pass


@dataclass(frozen=True)
class Card:
    lang: Language
    site_name: str
    tagline: str
    figure: str
    figure_note: str

    @property
    def alt(self) -> str:
        """The card's words as the language writes them one after the other."""
        code = self.lang.gettext
        name_end, space = ("。", "") if code == "zh_CN" else (". ", " ")
        figure_join = FIGURE_JOIN.get(code, " ")
        return f"{self.site_name}{name_end}{self.tagline}{space}{self.figure}{figure_join}{self.figure_note}"


def _catalog(project: Project, lang: Language) -> dict[str, str]:
    if lang.is_source:
        return {}
    path = project.locale / lang.gettext / "LC_MESSAGES" / "index.po"
    return {e.msgid: e.msgstr for e in polib.pofile(str(path)) if e.translated() and not e.obsolete}


def _substitute(text: str, values: dict[str, str]) -> str:
    def one(match: re.Match) -> str:
        return values[match.group(1)]
    return re.sub(r"\{\{\s*(\w+)\s*\}\}", one, text)


def card_texts(project: Project, lang: Language) -> Card:
    """The card's words in ``lang``: translated messages of the landing page, figures from the facts."""
    sys.path.insert(0, str(project.docs / "_ext"))
    import site_facts  # the one formatter of the facts, per language (CLDR)

    facts = site_facts.load_facts(project.docs)
    values = site_facts.substitutions(facts, lang.gettext)
    catalog = _catalog(project, lang)
    texts = []
    for msgid in (SITE_NAME, TAGLINE, FIGURE, FIGURE_NOTE):
        text = msgid if lang.is_source else catalog.get(msgid)
        if not text:
            raise CardError(f"locale/{lang.gettext}/LC_MESSAGES/index.po: {msgid!r} is not translated")
        texts.append(_substitute(text, values).replace("**", "").strip())
    return Card(lang, *texts)


def card_svg(card: Card) -> str:
    """The card as SVG. Lines are broken in the browser (``data-wrap``), which measures the text."""
    rtl = card.lang.direction == "rtl"
    font = FONTS.get(card.lang.gettext, LATIN_FONT)
    x = WIDTH - 80 if rtl else 80  # "start" follows the direction: the right edge in Arabic

    def text(y: int, size: int, content: str, fill: str, weight: str = "400", role: str = "") -> str:
        return (f'<text x="{x}" y="{y}" font-size="{size}" font-weight="{weight}" fill="{fill}" '
                f'data-wrap="{WIDTH - 160}" data-role="{role}">{escape(content)}</text>')

    band_x = 0 if rtl else WIDTH - 24
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'lang="{card.lang.bcp47}" direction="{card.lang.direction}" font-family=\'{font}\'>'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{BACKGROUND}"/>'
        f'<rect x="{band_x}" width="24" height="{HEIGHT}" fill="{HIGHLIGHT}"/>'
        + text(0, 54, card.site_name, INK, "700", "name")
        + text(0, 34, card.tagline, SOFT, "400", "tagline")
        + text(0, 120, card.figure, HIGHLIGHT, "800", "figure")
        + text(0, 34, card.figure_note, INK, "400", "note")
        + "</svg>"
    )


# Breaks each <text data-wrap> into lines that fit, at spaces (or between any two
# characters in Chinese), then stacks the blocks from the top with their gaps.
LAYOUT = """
(lang) => {
  const svg = document.querySelector('svg');
  const gaps = {name: 0, tagline: 28, figure: 56, note: 34};
  let y = 70;
  for (const el of [...svg.querySelectorAll('text[data-wrap]')]) {
    const max = parseFloat(el.dataset.wrap), size = parseFloat(el.getAttribute('font-size'));
    const words = lang === 'zh-CN' ? [...el.textContent] : el.textContent.split(' ');
    const joiner = lang === 'zh-CN' ? '' : ' ';
    el.textContent = '';
    const lines = [];
    let line = [];
    const probe = document.createElementNS('http://www.w3.org/2000/svg', 'tspan');
    el.appendChild(probe);
    for (const word of words) {
      probe.textContent = [...line, word].join(joiner);
      if (line.length && probe.getComputedTextLength() > max) { lines.push(line.join(joiner)); line = [word]; }
      else line.push(word);
    }
    if (line.length) lines.push(line.join(joiner));
    el.removeChild(probe);
    y += gaps[el.dataset.role] + size;
    lines.forEach((text, i) => {
      const span = document.createElementNS('http://www.w3.org/2000/svg', 'tspan');
      span.setAttribute('x', el.getAttribute('x'));
      span.setAttribute('y', String(Math.round(y + i * size * 1.25)));
      span.textContent = text;
      el.appendChild(span);
    });
    y += (lines.length - 1) * size * 1.25;
    el.removeAttribute('y');
  }
  const box = svg.getBBox();
  return {bottom: y, width: box.width};
}
"""


def render(cards: list[Card], out_dir: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise CardError(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                          "--disable-component-update", "--disable-sync", "--no-first-run"])
        try:
            context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=1)
            context.route("**/*", lambda route: route.abort())  # nothing may be fetched
            page = context.new_page()
            for card in cards:
                html = (f'<!DOCTYPE html><html lang="{card.lang.bcp47}" dir="{card.lang.direction}"><head>'
                        f'<meta charset="utf-8"><style>html,body{{margin:0}}svg{{display:block}}</style></head>'
                        f"<body>{card_svg(card)}</body></html>")
                page.set_content(html)
                page.evaluate("document.fonts.ready")
                layout = page.evaluate(LAYOUT, card.lang.bcp47)
                if layout["bottom"] > HEIGHT - 40:
                    raise CardError(f"{card.lang.url}: the card's text does not fit ({layout})")
                target = out_dir / f"{card.lang.url}.png"
                target.parent.mkdir(parents=True, exist_ok=True)
                page.locator("svg").screenshot(path=str(target), animations="disabled")
                written.append(target)
        finally:
            browser.close()
    return written


def alt_yaml(cards: list[Card]) -> str:
    header = ("# Written by `make cards` (scripts/gnlc/share_cards.py) with the cards in _static/img/share/:\n"
              "# the words on each language's card, its og:image:alt. Do not edit by hand.\n")
    data = {card.lang.gettext: {"image": f"{OUT_DIR.as_posix()}/{card.lang.url}.png", "site_name": card.site_name,
                                "tagline": card.tagline, "alt": card.alt}
            for card in cards}
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def make_cards(project: Project) -> list[Path]:
    cards = [card_texts(project, lang) for lang in LANGUAGES]
    written = render(cards, project.root / OUT_DIR)
    alt = project.root / ALT_FILE
    alt.write_text(alt_yaml(cards), encoding="utf-8")
    return [*written, alt]
