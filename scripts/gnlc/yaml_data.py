"""YAML reading for the build: libyaml's parser when PyYAML has it (it is ten times faster)."""

from __future__ import annotations

import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str):
    return yaml.load(text, Loader=LOADER)


def compose(text: str) -> yaml.Node | None:
    """The node tree, with line numbers, for error messages that point at a line."""
    return yaml.compose(text, Loader=LOADER)
