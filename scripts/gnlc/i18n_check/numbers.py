"""Figures of the English that a translation must keep, whatever its digit conventions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .markup import strip_urls

DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹０１２３４５６７８９٫٬",
                       "012345678901234567890123456789.,")
GROUP_SPACES = " \u00a0\u202f\u2009"
NUMBER_RUN = re.compile(r"\d+(?:(?:[.,]|[ \u00a0\u202f\u2009'’])\d+)*")
SEPARATOR = re.compile(r"([.,]|[ \u00a0\u202f\u2009'’])")
LATIN_LETTER = re.compile(r"[A-Za-z]")
EN_SCALES = re.compile(r"\s*(thousand|million|billion|trillion)s?\b", re.I)
EN_SCALE = {"thousand": 10 ** 3, "million": 10 ** 6, "billion": 10 ** 9, "trillion": 10 ** 12}
ZH_SCALES = re.compile(r"\s*(万亿|千万|百万|亿|万|千)")
ZH_SCALE = {"千": 10 ** 3, "万": 10 ** 4, "百万": 10 ** 6, "千万": 10 ** 7, "亿": 10 ** 8, "万亿": 10 ** 12}


def _dec(text: str) -> Decimal:
    try:
        return Decimal(text).normalize()
    except InvalidOperation:  # pragma: no cover - the regex only lets digits through
        return Decimal(-1)


def _readings(run: str, english: bool) -> tuple[set[Decimal], list[Decimal]]:
    """What a run of digits and separators can mean, and its digit groups one by one.

    English groups thousands with commas and uses a decimal point. A translation
    may do either, or group with (no-break) spaces: there a lone separator
    followed by three digits is ambiguous, so both readings are accepted.
    """
    pieces = SEPARATOR.split(run)
    groups, seps = pieces[0::2], pieces[1::2]
    singles = [_dec(g) for g in groups]
    if not seps:
        return {_dec(run)}, []
    values: set[Decimal] = set()
    head_ok = len(groups[0]) <= 3
    if english:
        if set(seps) == {","} and head_ok and all(len(g) == 3 for g in groups[1:]):
            values.add(_dec("".join(groups)))
        elif seps[-1] == "." and set(seps[:-1]) <= {","} and head_ok and all(len(g) == 3 for g in groups[1:-1]):
            values.add(_dec("".join(groups[:-1]) + "." + groups[-1]))
        elif seps == ["."]:
            values.add(_dec(groups[0] + "." + groups[1]))
        return values, singles
    if len(set(seps)) == 1:
        if head_ok and all(len(g) == 3 for g in groups[1:]):
            values.add(_dec("".join(groups)))  # thousands separator
        if len(seps) == 1 and seps[0] in ".,":
            values.add(_dec(groups[0] + "." + groups[1]))  # decimal separator
    elif seps[-1] in ".," and seps[-1] not in seps[:-1] and len(set(seps[:-1])) == 1 \
            and head_ok and all(len(g) == 3 for g in groups[1:-1]):
        values.add(_dec("".join(groups[:-1]) + "." + groups[-1]))
    return values, singles


@dataclass
class Number:
    shown: str
    values: set[Decimal]


# Ordinals a translation writes as words, as its language's style wants ("the tenth anniversary":
# الذكرى السنوية العاشرة); the English writes them with digits ("10th").
ORDINAL_WORDS = re.compile(r"(?<!\w)(?:[وفبلك]?ال)?(?P<word>عاشرة|عاشر)(?!\w)")
ORDINAL_VALUE = {"عاشر": 10, "عاشرة": 10}


def numbers(text: str, english: bool) -> list[Number]:
    """The numbers of ``text``, whose markup and URLs are already replaced by placeholders.

    For a translation, every reading of an ambiguous run is offered, and its
    digit groups one by one as well: extra numbers in a msgstr are never an error.
    """
    text = text.translate(DIGITS)
    found: list[Number] = []
    for m in NUMBER_RUN.finditer(text):
        run = m.group(0)
        end = m.start() + len(run)
        if LATIN_LETTER.match(text[m.start() - 1:m.start()]) and LATIN_LETTER.match(text[end:end + 1]):
            continue  # part of a name such as U3A
        values, singles = _readings(run, english)
        scale = (EN_SCALES if english else ZH_SCALES).match(text, end)
        if scale:
            factor = EN_SCALE[scale.group(1).lower()] if english else ZH_SCALE[scale.group(1)]
            values |= {(v * factor).normalize() for v in values}
        if english:
            if values:
                found.append(Number(run, values))
            else:
                found.extend(Number(str(v), {v}) for v in singles)
        else:
            if values:
                found.append(Number(run, values))
            found.extend(Number(str(v), {v}) for v in singles)
    if not english:
        found.extend(Number(m.group(0), {Decimal(ORDINAL_VALUE[m["word"]])}) for m in ORDINAL_WORDS.finditer(text))
    return found


def missing_numbers(english: str, translation: str) -> list[str]:
    """Numbers of the English that the translation lacks, matched one to one by value."""
    wanted = numbers(strip_urls(english), english=True)
    offered = numbers(strip_urls(translation), english=False)
    owner: dict[int, int] = {}

    def assign(i: int, seen: set[int]) -> bool:  # augmenting path of a bipartite matching
        for j, candidate in enumerate(offered):
            if j in seen or not wanted[i].values & candidate.values:
                continue
            seen.add(j)
            if j not in owner or assign(owner[j], seen):
                owner[j] = i
                return True
        return False

    return [wanted[i].shown for i in range(len(wanted)) if not assign(i, set())]


