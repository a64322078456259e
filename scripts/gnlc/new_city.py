"""``gnlc new-city``: scaffold a city case study that is valid from its first build.

The facts are validated with the same schema and loader as the build before
anything is written; a duplicate or malformed city is refused with the field
at fault and the repository is left untouched. On success the page is written
from a template and registered in the cities index, after which the city shows
up in the index, on the map and on its theme pages by itself.
"""

from __future__ import annotations

import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from .paths import Project

# yaml and .cities are imported where they are used: every `gnlc` command line
# imports this module for its option list (FIELDS), and should start quickly.

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REGIONS = ("Africa", "Arab States", "Asia and the Pacific", "Europe and North America",
           "Latin America and the Caribbean")

PAGE = """\
---
myst:
  html_meta:
    description: {description}
city:
  name: {name}
  country: {country}
  region: {region}
  lat: {lat}
  lon: {lon}
  themes: [{themes}]
  joined: {joined}
  award: {award}
  sources: [{sources}]
---

# {title}

Write one paragraph that introduces the city's work for lifelong learning. Keep it plain, date
every figure that changes and cite each fact in the Sources section below.

```{{city-facts}}
```

## What the city does

Describe the city's main initiatives, one section each, with the figures the sources give.

## Related themes

{theme_links}

## Sources

- Add each source here as a link with readable text.
"""


class NewCityError(ValueError):
    pass


@dataclass
class CityInput:
    slug: str
    name: str
    country: str
    region: str
    lat: str
    lon: str
    themes: str
    joined: str
    award: str
    sources: str


def _yaml_scalar(value: str) -> str:
    import yaml

    # Quote only when YAML would misread the text (a colon, a leading symbol, ...).
    dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1000).strip()
    return dumped.removesuffix("\n...").removesuffix("...").strip()


def _year_list(text: str, field: str) -> str:
    text = text.strip().lower()
    if text in ("", "none", "null", "unknown"):
        return "null"
    years = [y.strip() for y in re.split(r"[,\s]+", text) if y.strip()]
    if not all(y.isdigit() for y in years):
        raise NewCityError(f"city.{field}: {text!r} is not a year, a list of years or 'none'")
    return years[0] if len(years) == 1 else "[" + ", ".join(years) + "]"


def render(data: CityInput, project: Project) -> str:
    from .cities import themes

    theme_list = [t.strip() for t in re.split(r"[,\s]+", data.themes) if t.strip()]
    known = {t["id"]: t["title"] for t in themes(project.docs)}
    sources = [s.strip() for s in re.split(r"[,\s]+", data.sources) if s.strip()]
    return PAGE.format(
        description=_yaml_scalar(f"{data.name}, {data.country}: a case study of the UNESCO Global Network of Learning Cities."),
        name=_yaml_scalar(data.name),
        country=_yaml_scalar(data.country),
        region=_yaml_scalar(data.region),
        lat=data.lat.strip(),
        lon=data.lon.strip(),
        themes=", ".join(theme_list),
        joined=_year_list(data.joined, "joined"),
        award=_year_list(data.award, "award"),
        sources=", ".join(sources),
        title=data.name,
        theme_links="\n".join(f"- {{doc}}`/themes/{t}`" for t in theme_list if t in known),
    )


def register(index: Path, slug: str) -> str:
    """The cities index with ``slug`` added to its hidden toctree."""
    text = index.read_text(encoding="utf-8")
    match = re.search(r"```\{toctree\}\n(?P<opts>(?::[^\n]*\n)*)\n?(?P<entries>(?:[^`\n][^\n]*\n)*)```", text)
    if not match:
        raise NewCityError(f"{index}: no toctree to register the city in")
    entries = match["entries"]
    insert_at = match.start("entries") + len(entries)
    return text[:insert_at] + f"{slug}\n" + text[insert_at:]


def create(project: Project, data: CityInput) -> Path:
    """Validate everything, then write the page and register it; on any error write nothing."""
    import yaml

    from .cities import CityDataError, load_all, load_city

    if not SLUG.match(data.slug):
        raise NewCityError(f"slug: {data.slug!r} must be lower-case letters, digits and hyphens (e.g. 'sao-paulo')")
    target = project.cities / f"{data.slug}.md"
    if target.exists():
        raise NewCityError(f"{project.rel(target)} already exists: city {data.slug!r} is already in the portal")
    known_sources = set((yaml.safe_load((project.data / "facts.yaml").read_text(encoding="utf-8")) or {})["sources"])
    unknown = [s for s in re.split(r"[,\s]+", data.sources) if s.strip() and s.strip() not in known_sources]
    if unknown:
        raise NewCityError(
            f"city.sources: unknown source key(s) {', '.join(unknown)}; add them under 'sources:' in "
            f"{project.rel(project.data / 'facts.yaml')} first"
        )
    page = render(data, project)
    index = project.cities / "index.md"
    new_index = register(index, data.slug)
    # Validate the page exactly as the build will, from a scratch copy of the cities.
    scratch = project.build / "new-city-check"
    docs = scratch / "docs"
    shutil.rmtree(scratch, ignore_errors=True)
    (docs / "cities").mkdir(parents=True)
    shutil.copytree(project.data, docs / "_data")
    for existing in project.cities.glob("*.md"):
        shutil.copy2(existing, docs / "cities" / existing.name)
    candidate = docs / "cities" / target.name
    candidate.write_text(page, encoding="utf-8")
    try:
        load_city(candidate, docs)
        load_all(docs)
    except CityDataError as err:
        raise NewCityError(str(err)) from None  # paths read docs/cities/<slug>.md, as in the repo
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    target.write_text(page, encoding="utf-8")
    index.write_text(new_index, encoding="utf-8")
    return target


FIELDS = [
    ("slug", "File name (lower case, hyphens), e.g. sao-paulo"),
    ("name", "City name in English, as on UNESCO's pages"),
    ("country", "Country"),
    ("region", "UNESCO region (" + "; ".join(REGIONS) + ")"),
    ("lat", "Latitude in degrees (north positive), e.g. 53.565"),
    ("lon", "Longitude in degrees (east positive), e.g. 10.001"),
    ("themes", "Theme ids, comma-separated (esd, inclusion, entrepreneurship, citizenship, health)"),
    ("joined", "Year the city joined; 'none' if the sources do not say; '2019,2021' if they disagree"),
    ("award", "Year of the UNESCO Learning City Award, or 'none'"),
    ("sources", "Source keys from docs/_data/facts.yaml, comma-separated"),
]


def ask_missing(values: dict[str, str | None]) -> CityInput:
    for field, question in FIELDS:
        if values.get(field) is None:
            if not sys.stdin.isatty():
                raise NewCityError(f"--{field} is required (no terminal to ask on)")
            values[field] = input(f"{question}: ").strip()
    return CityInput(**{field: str(values[field]) for field, _ in FIELDS})


NEXT_STEPS = """\
Created {page} and added it to {index}.
Next:
  1. write the page: replace the placeholder paragraphs, cite every fact under Sources;
  2. make site              # builds all six languages; the city is on the map and its theme pages
  3. make i18n-update       # adds the new page to every language's catalogs
  4. open a pull request; CI builds a preview of the whole site for reviewers.
"""
