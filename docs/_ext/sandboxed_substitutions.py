"""Render MyST substitutions in a Jinja sandbox that reaches no Python internals.

MyST renders ``{{ … }}`` with an ordinary Jinja environment and puts Sphinx's
build environment in its context, from which an expression can walk to ``os``.
This portal's substitutions are plain figures and names (``site_facts``), so
the sandbox allows names, filters and operators on plain data, and refuses
every call and every attribute of anything else. The English sources get the
same sandbox as the translations (which ``translation_guard`` already stops
from adding any substitution).

Private interface, the only one: the ``jinja2`` module reference of
``myst_parser.mdit_to_docutils.base``, which its ``render_substitution`` uses to
make its environment. Tested with myst-parser 4.0 to 5.2. With another version
or layout the sandbox is not installed and the build says so with a warning,
which fails a strict build: a maintainer then checks the new release.
"""

from __future__ import annotations

import types

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)
TESTED = ((4, 0), (5, 2))  # the myst-parser releases (major, minor) this was tested with
PLAIN = (str, int, float, bool, type(None), list, tuple, dict)


class PlainDataSandbox(ImmutableSandboxedEnvironment):
    """Attributes of plain data only, and no calls: a figure, a name, a filter."""

    def is_safe_attribute(self, obj, attr, value) -> bool:
        return isinstance(obj, PLAIN) and super().is_safe_attribute(obj, attr, value)

    def is_safe_callable(self, obj) -> bool:
        return False


def sandboxed_jinja() -> types.ModuleType:
    """``jinja2`` as MyST's renderer sees it: the same module, with a sandboxed Environment."""
    module = types.ModuleType("jinja2", "jinja2 with PlainDataSandbox as its Environment")
    module.__dict__.update(vars(jinja2))
    module.Environment = PlainDataSandbox
    return module


def install() -> str | None:
    """Install the sandbox; the reason it could not be, or None."""
    import myst_parser
    from myst_parser.mdit_to_docutils import base

    version = tuple(int(part) for part in myst_parser.__version__.split(".")[:2] if part.isdigit())
    if not TESTED[0] <= version <= TESTED[1]:
        return f"myst-parser {myst_parser.__version__} is outside the tested {TESTED[0]}–{TESTED[1]}"
    current = getattr(base, "jinja2", None)
    if current is None or not hasattr(base.DocutilsRenderer, "render_substitution"):
        return "myst-parser no longer renders substitutions where this extension expects"
    if current.Environment is not PlainDataSandbox:
        base.jinja2 = sandboxed_jinja()
    return None


def _report(app: Sphinx, config) -> None:
    if problem := app.gnlc_sandbox_problem:
        logger.warning("MyST substitutions are not sandboxed: %s; check sandboxed_substitutions.py", problem,
                       type="gnlc", subtype="sandbox")


def setup(app: Sphinx) -> ExtensionMetadata:
    app.gnlc_sandbox_problem = install()
    app.connect("config-inited", _report)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
