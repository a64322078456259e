"""Spelling with hunspell and the project's word lists (``scripts/gnlc/wordlists``)."""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .markup import OBJ, SUB, strip_urls

WORDLISTS = Path(__file__).resolve().parent.parent / "wordlists"
# Language folder -> hunspell dictionary (Debian packages hunspell-fr, -es, -ru, -ar).
HUNSPELL_DICTS = {"fr": "fr_FR", "es": "es_ES", "ru": "ru_RU", "ar": "ar"}
HUNSPELL_DIR = Path("/usr/share/hunspell")

MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
TOKEN = re.compile(rf"[\w{MARKS}'’\-]+")
ARABIC_LETTERS = "\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff"
SCRIPT = {
    "ru": re.compile(rf"[\u0400-\u04ff][\u0400-\u04ff{MARKS}]*(?:-[\u0400-\u04ff][\u0400-\u04ff{MARKS}]*)*"),
    "ar": re.compile(rf"[{ARABIC_LETTERS}][{ARABIC_LETTERS}{MARKS}\u0640]*"),
}
FR_ELISION = re.compile(r"^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu|presqu)['’]", re.I)
AR_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")
AR_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u0640]")


@dataclass
class Wordlist:
    words: set[str]
    prefixes: tuple[str, ...]  # entries written with a final * (stems of inflected names)

    def __contains__(self, word: str) -> bool:
        w = _wordlist_form(word)
        return w in self.words or w.startswith(self.prefixes)


def _wordlist_form(word: str) -> str:
    return AR_MARKS.sub("", word.replace("’", "'").casefold().replace("ё", "е"))


@lru_cache(maxsize=8)
def load_wordlist(lang: str) -> Wordlist:
    words, prefixes = set(), []
    path = WORDLISTS / f"{lang}.txt"
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            w = _wordlist_form(line)
            if w.endswith("*"):
                prefixes.append(w[:-1])
            else:
                words.add(w)
    return Wordlist(words, tuple(prefixes))


def _known(word: str, lang: str, wordlist: Wordlist) -> bool:
    """In the word list once French elision or Arabic clitics are taken off, or made of such parts."""
    candidates = {word}
    if lang == "fr":
        candidates.add(FR_ELISION.sub("", word))
    elif lang == "ar":
        bare = AR_MARKS.sub("", word)
        candidates.add(bare)
        candidates.update(bare[len(p):] for p in AR_PREFIXES if bare.startswith(p) and len(bare) > len(p) + 1)
    if any(c and c in wordlist for c in candidates):
        return True
    parts = [p for p in re.split(r"[-'’]", word) if p]
    return len(parts) > 1 and all(_known(p, lang, wordlist) for p in parts)


def _tokens(text: str) -> list[str]:
    text = strip_urls(text).replace(OBJ, " ").replace(SUB, " ")
    return [t.strip("'’-") for t in TOKEN.findall(text)]


def spelling_words(text: str, lang: str, english: str = "") -> list[str]:
    """The words of a msgstr to give hunspell.

    Left out: words with digits (1er, 10-летие), single letters (abbreviations
    such as с. ш.), words of the msgid itself (names and titles carried over
    from the English), the project's word list, and in Russian and Arabic
    whatever is not in the language's script.
    """
    wordlist = load_wordlist(lang)
    carried = {t.casefold() for t in _tokens(english)}
    script = SCRIPT.get(lang)
    out = []
    for token in _tokens(text):
        if len(token) < 2 or any(c.isdigit() or c == "_" for c in token):
            continue
        if token.casefold() in carried or FR_ELISION.sub("", token).casefold() in carried:
            continue
        if _known(token, lang, wordlist):
            continue
        for part in script.findall(token) if script else [token]:
            if len(part) >= 2 and part.casefold() not in carried and not _known(part, lang, wordlist):
                out.append(part)
    return out


def run_hunspell(dictionary: str, words: set[str]) -> set[str]:
    """The words hunspell does not know, asked of one process.

    One word a line with ``-L`` (print the lines that have a misspelling) maps
    each answer to its word exactly; ``-a`` would also compute suggestions,
    which takes hunspell seconds per hundred words. The Debian Russian
    dictionary has no ё, so Russian words are sent with е.
    """
    ordered = sorted(words)
    sent = [w.replace("ё", "е").replace("Ё", "Е") for w in ordered] if dictionary.startswith("ru") else ordered
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    proc = subprocess.run(["hunspell", "-L", "-i", "utf-8", "-d", dictionary],
                          input="".join(w + "\n" for w in sent).encode("utf-8"),
                          capture_output=True, env=env, check=True)
    bad = set(proc.stdout.decode("utf-8", errors="replace").splitlines())
    return {w for w, s in zip(ordered, sent) if s in bad}


