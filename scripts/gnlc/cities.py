"""Case-study cities: read from each city page's front matter, validated once.

A city's facts (name, country, region, coordinates, themes, years) live in the
``city:`` block of ``docs/cities/<slug>.md`` and nowhere else; the facts box,
the cards, the theme pages and the map are all rendered from here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from . import yaml_data



class CityDataError(ValueError):
    """Bad city data; the message starts with ``file:line:`` like a compiler's."""


@dataclass(frozen=True)
class City:
    slug: str
    path: Path
    name: str
    country: str
    region: str
    lat: float
    lon: float
    themes: tuple[str, ...]
    joined: int | tuple[int, ...] | None
    award: int | None
    sources: tuple[str, ...]

    @property
    def docname(self) -> str:
        return f"cities/{self.slug}"


@lru_cache(maxsize=4)
def schema(docs: Path) -> dict:
    return json.loads((docs / "_data" / "city.schema.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=4)
def themes(docs: Path) -> tuple[dict, ...]:
    return tuple(yaml_data.load_file(docs / "_data" / "themes.yaml", docs))


def split_front_matter(text: str) -> tuple[str, int] | None:
    """Return the YAML between the leading ``---`` fences and its first line number."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None
    for i, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            return "\n".join(lines[1:i]), 2
    return None


def _line_of(node: yaml.Node, path: list, first_line: int) -> int:
    """Line (1-based, in the page) of the YAML node at ``path``, or its nearest parent."""
    for key in path:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == key), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            match = node.value[key]
        else:
            match = None
        if match is None:
            break
        node = match
    return first_line + node.start_mark.line


def load_city(path: Path, docs: Path) -> City:
    """Read and validate one city page; ``docs`` is the Sphinx source folder."""
    rel = _display(path, docs)
    text = path.read_text(encoding="utf-8")
    found = split_front_matter(text)
    if found is None:
        raise CityDataError(f"{rel}:1: no front matter: a city page starts with a '---' block holding 'city:'")
    source, first = found
    try:
        tree = yaml_data.compose(source)
        data = yaml_data.load(source) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = first + mark.line if mark else first
        raise CityDataError(f"{rel}:{line}: front matter is not valid YAML: {err}") from None
    if not isinstance(data, dict) or "city" not in data:
        raise CityDataError(f"{rel}:{first}: front matter has no 'city:' block")
    import jsonschema  # here, not at the top: every `gnlc` command line imports this module

    validator = jsonschema.Draft202012Validator(schema(docs))
    errors = sorted(validator.iter_errors(data["city"]), key=lambda e: list(e.absolute_path))
    if errors:
        err = errors[0]
        field = ".".join(["city", *map(str, err.absolute_path)])
        line = _line_of(tree, ["city", *err.absolute_path], first)
        raise CityDataError(f"{rel}:{line}: {field}: {_plain(err)}")
    city = data["city"]
    joined = city["joined"]
    return City(
        slug=path.stem,
        path=path,
        name=city["name"],
        country=city["country"],
        region=city["region"],
        lat=float(city["lat"]),
        lon=float(city["lon"]),
        themes=tuple(city["themes"]),
        joined=tuple(joined) if isinstance(joined, list) else joined,
        award=city["award"],
        sources=tuple(city["sources"]),
    )


def load_all(docs: Path) -> list[City]:
    """Every city page in ``docs/cities``, validated, sorted by name."""
    cities = [load_city(p, docs) for p in sorted((docs / "cities").glob("*.md")) if p.stem != "index"]
    seen: dict[str, City] = {}
    for city in cities:
        key = city.name.casefold()
        if key in seen:
            raise CityDataError(
                f"{_display(city.path, docs)}:1: city.name: {city.name!r} is already declared in "
                f"{_display(seen[key].path, docs)}"
            )
        seen[key] = city
    return sorted(cities, key=lambda c: c.name.casefold())


def _plain(err) -> str:
    if err.validator == "additionalProperties":
        return err.message.replace("Additional properties are not allowed", "unknown field")
    if err.validator == "oneOf" and err.instance is not None:
        return f"{err.instance!r} is not valid here ({err.schema.get('description', 'see city.schema.json')})"
    return err.message


def _display(path: Path, docs: Path) -> str:
    """The path as a contributor sees it, relative to the project root."""
    try:
        return str(path.resolve().relative_to(docs.resolve().parent))
    except ValueError:
        return str(path)
