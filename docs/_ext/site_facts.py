"""Make the portal's facts file the single source of every figure on the site.

``docs/_data/facts.yaml`` is loaded once per build; its key figures become
MyST substitutions (``{{ cities }}``, ``{{ countries }}``, ...), so a figure is
typed in one place and every page and language shows the same value.
Substitutions are set in the configuration, not in page front matter, because
front-matter substitutions vanish from translated paragraphs.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from gnlc import yaml_data


def load_facts(srcdir: str | Path) -> dict:
    return yaml_data.load_file(Path(srcdir) / "_data" / "facts.yaml", srcdir)


def substitutions(facts: dict) -> dict[str, str]:
    """Numbers only: a substitution is not translated, so words would stay English."""
    figures = {**facts["key_figures"], "launch_year": facts["launch"]["year"]}
    return {key: str(value) for key, value in figures.items() if str(value).isdigit()}


def _config_inited(app: Sphinx, config: Config) -> None:
    app.gnlc_facts = load_facts(app.srcdir)
    # Explicit page-level substitutions still win over these defaults.
    config.myst_substitutions = {**substitutions(app.gnlc_facts), **config.myst_substitutions}


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _config_inited)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
