"""Make the portal's facts file the single source of every figure on the site.

``docs/_data/facts.yaml`` is loaded once per build; its key figures, the
conference dates and the latest admission round become MyST substitutions
(``{{ cities }}``, ``{{ inhabitants }}``, ``{{ conference_1_dates }}``, ...),
so a figure is typed in one place and every page and language shows the same
value. Each value is formatted for the build's language with CLDR data
(``local_formats``): "310 millions", "3.1亿", "55 %", "4 décembre 2025".
Translators translate the sentence around it, never the number format.

Substitutions are set in the configuration, not in page front matter, because
front-matter substitutions vanish from translated paragraphs. They are
computed at config-inited, when the build's language is known.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.typing import ExtensionMetadata

import local_formats as fmt
from gnlc import yaml_data

PERCENTAGES = ("urban_share_now", "urban_share_2050", "partnerships_share", "strategy_share", "monitoring_share")
COUNTS = ("cities", "countries")
YEARS = ("as_of",)  # a year is written as it is, without grouping, in every language


def load_facts(srcdir: str | Path) -> dict:
    return yaml_data.load_file(Path(srcdir) / "_data" / "facts.yaml", srcdir)


def substitutions(facts: dict, language: str | None = "en") -> dict[str, str]:
    """Every fact a page may show, as the build's language writes it."""
    language = language or "en"
    figures = facts["key_figures"]
    values = {key: str(figures[key]) for key in YEARS}
    values["launch_year"] = str(facts["launch"]["year"])
    values.update({key: fmt.number(figures[key], language) for key in COUNTS})
    values.update({key: fmt.percent(figures[key], language) for key in PERCENTAGES})
    values["inhabitants"] = fmt.compact(figures["inhabitants_million"] * 1_000_000, language)
    for conference in facts["conferences"]:
        dates = conference["dates"]
        values[f"conference_{conference['number']}_dates"] = fmt.date_range(dates["start"], dates["end"], language)
    # The most recent admission round with a full day, e.g. "4 December 2025: 425 cities".
    latest = [r for r in facts["membership"] if len(str(r["date"])) == 10 and "total_cities" in r][-1]
    values["latest_round_date"] = fmt.date(latest["date"], language)
    values["latest_cities"] = fmt.number(latest["total_cities"], language)
    values["latest_countries"] = fmt.number(latest["total_countries"], language)
    return values


def _config_inited(app: Sphinx, config: Config) -> None:
    app.gnlc_facts = load_facts(app.srcdir)
    # Explicit page-level substitutions still win over these defaults.
    config.myst_substitutions = {**substitutions(app.gnlc_facts, config.language), **config.myst_substitutions}


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("config-inited", _config_inited)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
