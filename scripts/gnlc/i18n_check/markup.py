"""The MyST markup of a message, read with the parser MyST itself uses.

``analyse`` lists what a msgid or msgstr contains (links, roles, inline code,
substitutions, raw HTML, block markup, attributes); ``check_markup`` compares
the two for ``gnlc i18n-check``, and ``added_markup`` lists only what a msgstr
adds, which the build refuses (``docs/_ext/translation_guard.py``).
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

from ..paths import Project

DEFAULT_MYST_EXTENSIONS = ("attrs_block", "attrs_inline", "colon_fence", "deflist", "substitution")
OBJ = "\ufffc"  # stands for markup that is not words: inline code, a role without text, raw HTML, a URL
SUB = "\ue000"  # stands for a substitution (a figure, once rendered)

# Roles whose content is words to translate, not a reference.
TEXT_ROLES = {"abbr", "sub", "sup", "subscript", "superscript", "guilabel", "menuselection", "dfn",
              "emphasis", "strong", "title-reference", "t", "i", "b"}
EXPLICIT_TARGET = re.compile(r"^(.*?)\s*<([^<>]+)>\s*$", re.S)
URL_STOP = "\\s<>\"'`\\[\\]{}()\u3000-\u303f\uff00-\uffef\u4e00-\u9fff\u060c\u061b\u061f"
URL = re.compile(rf"https?://[^{URL_STOP}]+(?:\([^\s()]*\)[^{URL_STOP}]*)*")
EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
DOMAIN = re.compile(r"(?<![\w@/.])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,6}\b(?:/[^\s)\]]*)?")


def _trim_url(url: str) -> str:
    return url.rstrip(".,;:!?'\"»’”")


def find_urls(text: str) -> list[str]:
    return [_trim_url(m.group(0)) for m in URL.finditer(text)] + EMAIL.findall(text)


def strip_urls(text: str) -> str:
    """``text`` with URLs, e-mail addresses and bare domain names (studylib.net) replaced by OBJ."""
    text = URL.sub(lambda m: OBJ + m.group(0)[len(_trim_url(m.group(0))):], text)
    return DOMAIN.sub(OBJ, EMAIL.sub(OBJ, text))


@dataclass
class Markup:
    links: Counter = field(default_factory=Counter)
    role_names: Counter = field(default_factory=Counter)
    role_targets: Counter = field(default_factory=Counter)  # (name, target) of roles with their own text
    role_bare: Counter = field(default_factory=Counter)  # {name}`content` of roles without text, verbatim
    code: Counter = field(default_factory=Counter)
    subs: Counter = field(default_factory=Counter)
    em: int = 0
    strong: int = 0
    html: Counter = field(default_factory=Counter)
    attrs: Counter = field(default_factory=Counter)  # id, class and other attributes given with {…}
    blocks: Counter = field(default_factory=Counter)
    backticks: int = 0  # backticks left in the text: a broken code span or role
    text: str = ""  # the words a reader sees; OBJ and SUB stand for markup


def project_myst_extensions(project: Project) -> tuple[str, ...]:
    """``myst_enable_extensions`` of the project's conf.py, read without running it."""
    try:
        tree = ast.parse((project.docs / "conf.py").read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return DEFAULT_MYST_EXTENSIONS
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "myst_enable_extensions"
                                                for t in node.targets):
            try:
                return tuple(sorted(ast.literal_eval(node.value)))
            except ValueError:
                break
    return DEFAULT_MYST_EXTENSIONS


@lru_cache(maxsize=4)
def md_parser(extensions: tuple[str, ...] = DEFAULT_MYST_EXTENSIONS):
    """MyST's own markdown-it parser, configured as the build configures it."""
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    return create_md_parser(MdParserConfig(enable_extensions=set(extensions)), RendererHTML)


# Attributes that belong to the markup itself rather than to a {…} written after it.
OWN_ATTRS = {"href", "src", "alt", "title", "start"}


def _note_attrs(out: Markup, tok) -> None:
    if tok.type in ("myst_target", "substitution_inline", "substitution_block"):
        return
    given = {k: v for k, v in (tok.attrs or {}).items() if k not in OWN_ATTRS}
    given |= (tok.meta or {}).get("insecure_attrs") or {}
    for key, value in given.items():
        out.attrs[f"{key}={value}"] += 1


def analyse(text: str, extensions: tuple[str, ...] = DEFAULT_MYST_EXTENSIONS) -> Markup:
    out = Markup()
    parts: list[str] = []

    def inline(children) -> None:
        autolink = 0
        for tok in children:
            kind = tok.type
            _note_attrs(out, tok)
            if kind == "text":
                if not autolink:
                    parts.append(tok.content)
                    out.backticks += tok.content.count("`")
            elif kind in ("softbreak", "hardbreak"):
                parts.append("\n")
            elif kind == "code_inline":
                out.code[tok.content] += 1
                parts.append(OBJ)
            elif kind == "myst_role":
                name = tok.meta.get("name", "")
                out.role_names[name] += 1
                m = EXPLICIT_TARGET.match(tok.content)
                if name in TEXT_ROLES:
                    parts.append(tok.content)
                elif m and m.group(1).strip():
                    out.role_targets[(name, m.group(2).strip())] += 1
                    parts.append(m.group(1))
                else:
                    out.role_bare[f"{{{name}}}`{tok.content}`"] += 1
                    parts.append(OBJ)
            elif kind == "substitution_inline":
                out.subs[tok.content.strip()] += 1
                parts.append(SUB)
            elif kind == "link_open":
                out.links[tok.attrs.get("href", "")] += 1
                if tok.markup == "autolink":
                    autolink += 1
                    parts.append(OBJ)
            elif kind == "link_close":
                if tok.markup == "autolink":
                    autolink = max(0, autolink - 1)
            elif kind == "image":
                out.links[f"image {tok.attrs.get('src', '')}"] += 1
                inline(tok.children or [])
            elif kind == "em_open":
                out.em += 1
            elif kind == "strong_open":
                out.strong += 1
            elif kind == "html_inline":
                out.html[tok.content] += 1
                parts.append(OBJ)
            elif kind not in ("em_close", "strong_close", "footnote_ref") and tok.content:
                parts.append(OBJ)

    for tok in md_parser(extensions).parse(text):
        _note_attrs(out, tok)
        if tok.type == "inline":
            inline(tok.children or [])
            parts.append("\n")
        elif tok.type == "html_block":
            out.html[tok.content.strip()] += 1
        elif tok.type in ("paragraph_open", "paragraph_close") or tok.nesting < 0:
            continue
        else:
            sig = tok.type.removesuffix("_open")
            if tok.type in ("fence", "colon_fence") and tok.info.strip():
                sig += " " + tok.info.strip()
            elif tok.type == "heading_open":
                sig = f"heading {tok.markup}"
            out.blocks[sig] += 1
            if tok.type == "substitution_block":
                out.subs[tok.content.strip()] += 1
    out.text = "".join(parts).strip()
    return out


def _show(items) -> str:
    return ", ".join(items)


def _diff(expected: Counter, actual: Counter) -> tuple[list, list]:
    return list((expected - actual).elements()), list((actual - expected).elements())


def check_markup(src: Markup, dst: Markup) -> list[tuple[str, str]]:
    """``(check, message)`` for each kind of markup that differs between msgid and msgstr."""
    problems = []
    open_backtick = dst.backticks > src.backticks
    hint = " (a backtick is left open in the msgstr)" if open_backtick else ""

    missing, extra = _diff(src.links, dst.links)
    if missing or extra:
        msg = []
        if missing:
            msg.append("link target " + _show(missing) + " of the English is missing or changed")
        if extra:
            msg.append("msgstr links to " + _show(extra) + ", which the English does not")
        problems.append(("link-target", "; ".join(msg)))

    msg = []
    missing, extra = _diff(src.role_names, dst.role_names)
    if missing:
        msg.append("role " + _show(f"{{{n}}}" for n in missing) + " of the English is missing")
    if extra:
        msg.append("role " + _show(f"{{{n}}}" for n in extra) + " is not in the English")
    missing, extra = _diff(src.role_targets, dst.role_targets)
    if missing:
        msg.append("role target " + _show(f"{{{n}}}`… <{t}>`" for n, t in missing) + " is missing or changed")
    if extra:
        msg.append("role target " + _show(f"{{{n}}}`… <{t}>`" for n, t in extra) + " is not in the English")
    missing, extra = _diff(src.role_bare, dst.role_bare)
    if missing:
        msg.append(_show(missing) + " must be copied exactly (a role without text shows the page's title)")
    if extra:
        msg.append(_show(extra) + " is not in the English")
    role_broken = bool(msg)
    if msg:
        problems.append(("role", "; ".join(msg) + hint))

    missing, extra = _diff(src.code, dst.code)
    # An open backtick that broke a role is reported with the role; otherwise here.
    if missing or extra or (open_backtick and not role_broken):
        msg = []
        if missing:
            msg.append("inline code " + _show(f"`{c}`" for c in missing) + " is missing or changed")
        if extra:
            msg.append("inline code " + _show(f"`{c}`" for c in extra) + " is not in the English")
        if open_backtick:
            msg.append("unbalanced backtick: part of the msgstr shows as literal text")
        problems.append(("inline-code", "; ".join(msg)))

    missing, extra = _diff(src.subs, dst.subs)
    if missing or extra:
        msg = []
        if missing:
            msg.append("substitution " + _show(f"{{{{ {s} }}}}" for s in missing) + " is missing or renamed")
        if extra:
            msg.append("substitution " + _show(f"{{{{ {s} }}}}" for s in extra) + " is not in the English")
        problems.append(("substitution", "; ".join(msg)))

    if (src.em, src.strong) != (dst.em, dst.strong):
        problems.append(("emphasis", f"the English has {src.em} emphasis and {src.strong} strong, the msgstr "
                                     f"{dst.em} and {dst.strong} (an unbalanced * or **, or ** next to "
                                     f"punctuation, which CommonMark does not render?)"))

    # "<target>" left by a role whose backtick is missing is reported with the role.
    role_tags = {f"<{t}>" for _, t in src.role_targets}
    extra = [h for h in _diff(src.html, dst.html)[1] if h not in role_tags]
    if extra:
        problems.append(("raw-html", "raw HTML not in the English: " + _show(repr(h[:60]) for h in extra)))

    missing, extra = _diff(src.attrs, dst.attrs)
    if missing or extra:
        msg = [f"attribute {{{a}}} of the English is missing" for a in missing]
        msg += [f"attribute {{{a}}} is not in the English" for a in extra]
        problems.append(("attribute", "; ".join(msg)))

    extra = _diff(src.blocks, dst.blocks)[1]
    if extra:
        problems.append(("block-markup", "block markup not in the English: " + _show(extra)
                         + " (does a line start with #, -, 1., >, ```, :::, % or four spaces?)"))
    return problems



def _host(url: str) -> tuple[str, str] | None:
    """(scheme, host) of a link that leaves the page's own site, None for a link within it."""
    parts = urlsplit(url)
    if not parts.scheme and not parts.netloc:
        return None  # a page, a file or an anchor of the site itself
    return parts.scheme.lower(), (parts.hostname or "").lower()


def added_markup(src: Markup, dst: Markup) -> list[tuple[str, str]]:
    """``(check, message)`` for what a msgstr adds to its msgid's markup: what a translation may never do.

    A translation may drop markup (the build warns) and may link within the
    site, or to another page of a host its English links; everything else that
    changes what a page does is refused: substitutions (template expressions),
    raw HTML, directives and other block markup, roles, images, targets and
    attributes, and links that leave the site for another host or scheme.
    """
    problems = []
    extra = _diff(src.subs, dst.subs)[1]
    if extra:
        problems.append(("substitution", "adds the template expression " + _show(f"{{{{ {s} }}}}" for s in extra)))
    role_tags = {f"<{t}>" for _, t in src.role_targets}
    extra = [h for h in _diff(src.html, dst.html)[1] if h not in role_tags]
    if extra:
        problems.append(("raw-html", "adds raw HTML " + _show(repr(h[:60]) for h in extra)))
    extra = _diff(src.blocks, dst.blocks)[1]
    if extra:
        problems.append(("block-markup", "adds block markup " + _show(extra) + " (a directive, fence, target or "
                                         "other block the English does not have)"))
    extra = ([f"{{{n}}}" for n in _diff(src.role_names, dst.role_names)[1]]
             + [f"{{{n}}}`… <{t}>`" for n, t in _diff(src.role_targets, dst.role_targets)[1]]
             + _diff(src.role_bare, dst.role_bare)[1])
    if extra:
        problems.append(("role", "adds the role " + _show(extra)))
    hosts = {_host(link) for link in src.links if not link.startswith("image ")} - {None}
    images, links = [], []
    for link in _diff(src.links, dst.links)[1]:
        if link.startswith("image "):
            images.append(link.removeprefix("image "))
        elif (where := _host(link)) is not None and (where[0] not in ("http", "https") or where not in hosts):
            links.append(link)
    if images:
        problems.append(("image", "adds the image " + _show(images)))
    if links:
        problems.append(("link-target", "links to " + _show(links) + ", a host or scheme the English does not link"))
    extra = _diff(src.attrs, dst.attrs)[1]
    if extra:
        problems.append(("attribute", "adds the attribute " + _show("{" + a + "}" for a in extra)))
    return problems


# Characters that make markup of a template string: the theme inserts its
# strings into text and attributes, so a translation adds none of them.
TEMPLATE_MARKUP = "<>\"'&"


def added_template_markup(msgid: str, msgstr: str) -> str | None:
    """What a theme (sphinx.po) translation adds that could end an attribute or start a tag."""
    extra = [ch for ch in TEMPLATE_MARKUP if msgstr.count(ch) > msgid.count(ch)]
    if not extra:
        return None
    hint = " (write ’ for an apostrophe and « » or “ ” for quotation marks)" if set(extra) & set("\"'") else ""
    return "adds " + _show(repr(ch) for ch in extra) + ", which the English does not have" + hint


PY_FORMAT = re.compile(r"%(?:\((\w+)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]")
PY_NAMED = re.compile(r"%\(\w+\)")


def python_format(msgid: str, msgstr: str) -> str | None:
    src = Counter(m.group(0) for m in PY_FORMAT.finditer(msgid))
    dst = Counter(m.group(0) for m in PY_FORMAT.finditer(msgstr))
    problems = []
    missing, extra = _diff(src, dst)
    if missing:
        problems.append("placeholder " + _show(missing) + " is missing or changed")
    if extra:
        problems.append("placeholder " + _show(extra) + " is not in the English")
    if "%" in PY_FORMAT.sub("", msgstr):
        problems.append("a lone % (write %% for a percent sign)")
    return "; ".join(problems) or None


