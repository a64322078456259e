"""The glossary's terms (``docs/_data/glossary.yaml``) and how to find them in a message."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

def _norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("ʼ", "'")
    return re.sub(r"[\s\u00a0\u202f\u2009]+", " ", text).casefold()


def _english_pattern(term: str) -> re.Pattern:
    """Whole words, any case; a noun may be plural ("learning cities", "Member States")."""
    words = []
    for word in term.split():
        if re.search(r"[^aeiou]y$", word, re.I):
            words.append(re.escape(word[:-1]) + "(?:y|ies)")
        elif word.isalpha() and not word.isupper():
            words.append(re.escape(word) + "(?:s|es)?")
        else:
            words.append(re.escape(word))
    return re.compile(r"\b" + r"[\s\u00a0]+".join(words) + r"\b", re.I)


@dataclass
class Term:
    english: str
    pattern: re.Pattern
    target: dict[str, str]
    forms: dict[str, list[str]]  # normalised forms accepted in each language


def load_glossary(path: Path) -> list[Term]:
    import yaml

    terms = []
    for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
        english = item.get("en")
        if not english:
            continue
        target = {k: v for k, v in item.items() if k not in ("id", "note", "en", "match") and isinstance(v, str)}
        match = item.get("match") or {}
        forms = {lang: [_norm(f) for f in [target[lang], *match.get(lang, [])]] for lang in target}
        terms.append(Term(english, _english_pattern(english), target, forms))
    return terms


