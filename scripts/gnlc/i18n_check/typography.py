"""Typography of French (spaces around punctuation) and Chinese (full-width punctuation, no spaces)."""

from __future__ import annotations

import re

from .markup import SUB, strip_urls

TRADITIONAL = dict(zip(
    "們這國學習網絡會與為發來時說對經區號體點實現開關長門問間見電話語讀書萬億歲處聯組織證務動產業機構際議論準劃將計畫參獎項應該從後東車馬魚鳥雲風飛",
    "们这国学习网络会与为发来时说对经区号体点实现开关长门问间见电话语读书万亿岁处联组织证务动产业机构际议论准划将计画参奖项应该从后东车马鱼鸟云风飞",
))
FULLWIDTH = {",": "，", ".": "。", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
SPACES = " \t\n\u00a0\u202f\u2009"
ZH_HALFWIDTH = re.compile(rf"(?<=[{CJK}])[,.:;?!()]|[,.:;?!()](?=[{CJK}])")
ZH_SPACE = re.compile(rf"(?<=[{CJK}])[{SPACES}]+(?=[{CJK}A-Za-z0-9{SUB}])|(?<=[A-Za-z0-9{SUB}])[{SPACES}]+(?=[{CJK}])")
NBSP = "\u00a0\u202f"


def typography_zh(text: str) -> list[str]:
    text = strip_urls(text)
    issues = []
    for m in ZH_HALFWIDTH.finditer(text):
        ch = m.group(0)
        before, after = text[m.start() - 1:m.start()], text[m.end():m.end() + 1]
        if ch == "." and before.isdigit() and after.isdigit():
            continue
        issues.append(f"half-width {ch!r} next to Chinese text (use {FULLWIDTH[ch]!r})")
    for m in ZH_SPACE.finditer(text):
        a, b = (c.replace(SUB, "{{…}}") for c in (text[m.start() - 1], text[m.end()]))
        issues.append(f"space between {a!r} and {b!r}")
    traditional = sorted({c for c in text if c in TRADITIONAL})
    if traditional:
        issues.append("Traditional character " + ", ".join(f"{c} (Simplified {TRADITIONAL[c]})" for c in traditional))
    return list(dict.fromkeys(issues))


def _carried(text: str, i: int, english: str) -> bool:
    """Whether the punctuation at ``i`` belongs to words copied as they are from the English («ёлочки»)."""
    a = i
    while a > 0 and not text[a - 1].isspace():
        a -= 1
    b = i + 1
    while b < len(text) and not text[b].isspace():
        b += 1
    word = text[a:b]
    if any(c.isalpha() for c in word) and word in english:
        return True
    while a > 0 and text[a - 1] in " \t":  # "UIL :" kept from a title: the word before counts too
        a -= 1
    while a > 0 and not text[a - 1].isspace():
        a -= 1
    return text[a:b] in english


def typography_fr(text: str, english: str = "") -> list[str]:
    """Spaces around ; : ? ! « » (a quotation copied as it is from the English is left alone)."""
    text = strip_urls(text)
    issues = []
    for i, ch in enumerate(text):
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if ch in ";:?!":
            if not before or before in ";:?!\n" + NBSP:
                continue
            if ch == ":" and before.isdigit() and after.isdigit():
                continue  # a time (10:30) or a ratio
            kind = "a plain space" if before in " \t" else "no space"
            issue = f"{kind} before {ch!r} (use a narrow no-break space, U+202F)"
        elif ch == "«" and after and after not in NBSP:
            issue = "no no-break space after '«' (use U+202F or U+00A0)"
        elif ch == "»" and before and before not in NBSP:
            issue = "no no-break space before '»' (use U+202F or U+00A0)"
        else:
            continue
        if english and _carried(text, i, english):
            continue
        issues.append(issue)
    return list(dict.fromkeys(issues))


