"""YAML reading for the build: libyaml's parser when PyYAML has it (it is ten times faster).

``load_file`` reads one of the data files and reports a broken one as
``docs/_data/facts.yaml:16: <problem>``, with its line, as errors in a city's
front matter are, instead of a traceback from inside Sphinx.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from sphinx.errors import SphinxError

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DataFileError(SphinxError):
    """A data file that cannot be read; the message starts with ``file:line:``."""

    category = "Data file error"


def load(text: str):
    return yaml.load(text, Loader=LOADER)


def compose(text: str) -> yaml.Node | None:
    """The node tree, with line numbers, for error messages that point at a line."""
    return yaml.compose(text, Loader=LOADER)


def load_file(path: str | Path, srcdir: str | Path):
    """The data in ``path``, a file under the Sphinx source folder ``srcdir``."""
    path = Path(path)
    try:
        shown = path.resolve().relative_to(Path(srcdir).resolve().parent).as_posix()
    except ValueError:
        shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise DataFileError(f"{shown}: {err.strerror}") from None
    except UnicodeDecodeError as err:
        raise DataFileError(f"{shown}: not UTF-8 text ({err.reason} at byte {err.start})") from None
    try:
        return load(text)
    except yaml.YAMLError as err:
        raise DataFileError(f"{shown}:{_line(err)}: not valid YAML: {_problem(err)}") from None


def _line(err: yaml.YAMLError) -> int:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    return mark.line + 1 if mark else 1


def _problem(err: yaml.YAMLError) -> str:
    """PyYAML's several lines as one: the problem, then what it was reading and from which line."""
    problem = getattr(err, "problem", None)
    if not problem:
        return " ".join(str(err).split())
    context, mark = getattr(err, "context", None), getattr(err, "context_mark", None)
    if context and mark:
        return f"{problem} ({context} from line {mark.line + 1})"
    return f"{problem} ({context})" if context else problem
