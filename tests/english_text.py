"""Find English text on a translated page that is not marked as English.

A passage left in English on purpose (an untranslated paragraph, a name) must
carry ``lang="en"``, so screen readers switch voice and Arabic pages keep it in
order. Anything else in English escaped translation: a template string, a
footer built from ``conf.py``, a label generated in code.

English is recognised by its function words, which French, Spanish and
(transliterated) other languages do not use as words: two of them in a text
node, or one in a short node of Latin-script words only, mark it as English.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SKIP = {"script", "style", "template", "noscript", "svg", "math", "pre", "code", "kbd", "samp"}
# Frequent English words that are not words of French or Spanish ("on", "a", "menu", "page",
# "code" and "licence" are).
ENGLISH = {
    "the", "and", "of", "is", "are", "was", "were", "with", "this", "that", "for", "from", "by", "to",
    "its", "it", "their", "they", "you", "your", "which", "what", "who", "has", "have",
    "been", "be", "at", "or", "not", "all", "about", "here", "there", "these", "those", "other", "under",
    "search", "previous", "next", "skip", "translate", "facts", "cited", "each", "contributors",
    "available", "learning", "cities", "city", "network", "people", "only", "words", "matches",
}
TEXT_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder", "value")
WORD = re.compile(r"[A-Za-z][A-Za-z’']*")
OTHER_SCRIPT = re.compile(r"[^\W\d_A-Za-zÀ-ɏ]")  # a letter outside the Latin script


def is_english(text: str) -> bool:
    words = [w.lower().rstrip("’'") for w in WORD.findall(text)]
    hits = [w for w in words if w in ENGLISH]
    if len(set(hits)) >= 2:
        return True
    # A short label ("Search", "Next") in a Latin-only node.
    return len(hits) == 1 and len(words) <= 3 and not OTHER_SCRIPT.search(text) and words[0] in hits


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []  # (tag, lang)
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self._check_attributes(tag, attributes)
        if tag in VOID:
            return
        self.stack.append((tag, attributes.get("lang")))

    def handle_startendtag(self, tag, attrs):
        self._check_attributes(tag, dict(attrs))

    def _check_attributes(self, tag, attributes):
        # Text a reader hears or sees without it being a text node.
        lang = attributes.get("lang") or self._lang() or ""
        if lang.split("-")[0] == "en" or any(t in SKIP for t, _ in self.stack):
            return
        for name in TEXT_ATTRIBUTES:
            value = attributes.get(name)
            if name == "value" and attributes.get("type") not in ("submit", "button"):
                continue
            if value and is_english(value):
                self.found.append((f"{tag}[{name}]", value))

    def handle_endtag(self, tag):
        # Close up to the matching element (tolerates implied end tags such as </p>).
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def _lang(self) -> str | None:
        return next((lang for _, lang in reversed(self.stack) if lang is not None), None)

    def handle_data(self, data):
        text = " ".join(data.split())
        if not text or any(tag in SKIP for tag, _ in self.stack):
            return
        if (self._lang() or "").split("-")[0] == "en":
            return
        if is_english(text):
            path = "/".join(tag for tag, _ in self.stack[-3:])
            self.found.append((path, text))


def english_text(html: str) -> list[tuple[str, str]]:
    """(element path, text) of every English text node or text attribute not inside a lang="en" element."""
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return finder.found
