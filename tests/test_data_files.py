"""A broken data file fails the build with its name and line, like a city's front matter."""

from __future__ import annotations

import re

import pytest

from conftest import gnlc

pytestmark = pytest.mark.slow

PLAIN_VALUE = re.compile(r"^(\s*-?\s*)([a-z_]+): ([A-Za-z0-9][^#\"'\[{:]*)$")


@pytest.mark.parametrize("name", ["facts.yaml", "themes.yaml", "glossary.yaml", "videos/key-figures.yaml"])
def test_broken_yaml_is_named_with_its_line(project_copy, name):
    path = project_copy.data / name
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if PLAIN_VALUE.match(line))
    lines[index] += ": oops"  # "key: value: oops" is not YAML
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    proc = gnlc(project_copy, "build", "--lang", "en", check=False)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output
    expected = f"docs/_data/{name}:{index + 1}: not valid YAML: mapping values are not allowed"
    assert re.search(rf"^en: {re.escape(expected)}", output, re.M), output
    assert "ExtensionError" not in output and "Traceback" not in output
    assert not (project_copy.html / "en" / "index.html").exists(), "a failed build publishes nothing"
