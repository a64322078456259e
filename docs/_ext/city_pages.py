"""City case studies: facts boxes, cards and theme links from one declaration.

Each city page declares its facts once, in the ``city:`` block of its front
matter (validated against ``_data/city.schema.json``). This extension renders
them as:

``{city-facts}``
    the facts box of the page it stands on, linking the city's themes;
``{city-cards}``
    cards of every city (``:group-by: region``) or of one theme (``:theme: esd``).

The generated labels are MyST markup parsed in place, so they reach the
translation catalogs like any other paragraph.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import ExtensionMetadata

from gnlc.cities import City, CityDataError, load_all, themes
import local_formats
from markup import parse_markup

REGIONS = (
    "Africa",
    "Arab States",
    "Asia and the Pacific",
    "Europe and North America",
    "Latin America and the Caribbean",
)


class CityDataFailure(SphinxError):
    category = "City data error"


def cities(env) -> list[City]:
    return env.app.gnlc_cities


def theme_titles(srcdir: str | Path) -> dict[str, str]:
    return {t["id"]: t["title"] for t in themes(Path(srcdir))}


def _note_city_dependencies(directive: SphinxDirective) -> None:
    # A page that shows other cities' facts must be re-read when they change.
    for city in cities(directive.env):
        directive.env.note_dependency(str(city.path))
    directive.env.note_dependency(str(Path(directive.env.srcdir) / "_data" / "themes.yaml"))


def coordinates(city: City, language: str | None = "en") -> str:
    return local_formats.coordinates(city.lat, city.lon, language or "en")


def joined_text(city: City) -> str:
    if city.joined is None:
        return "Not stated in the sources"
    if isinstance(city.joined, tuple):
        years = " or ".join(str(y) for y in city.joined)
        return f"Sources differ: {years}"
    return str(city.joined)


def award_text(city: City, award_years: list[int]) -> str:
    if city.award:
        return str(city.award)
    return f"Not among the award cities ({award_years[0]}–{award_years[-1]})"


class CityFacts(SphinxDirective):
    """The facts box of the city page it is placed on."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        slug = Path(self.env.docname).name
        city = next((c for c in cities(self.env) if c.slug == slug), None)
        if city is None:
            raise self.error(f"{{city-facts}} is for city pages; {self.env.docname!r} declares no city")
        self.env.note_dependency(str(Path(self.env.srcdir) / "_data" / "themes.yaml"))
        titles = theme_titles(self.env.srcdir)
        award_years = [c["year"] for c in self.env.app.gnlc_facts["award"]["cycles"]]
        theme_links = ", ".join(f"{{doc}}`{titles[t]} </themes/{t}>`" for t in city.themes)
        lines = [
            "```{rubric} At a glance",
            "```",
            "",
            "Country",
            f": {city.country}",
            "",
            "Region",
            f": {city.region}",
            "",
            "Joined the network",
            f": {joined_text(city)}",
            "",
            "UNESCO Learning City Award",
            f": {award_text(city, award_years)}",
            "",
            "Themes",
            f": {theme_links}",
            "",
            "Location",
            ": LOCATION",
        ]
        box = parse_markup(self, lines, nodes.container(classes=["city-facts"]))
        # The coordinates are written in the build's language (decimal commas in French,
        # 北纬 in Chinese), so they are not a message to translate: the placeholder
        # paragraph is replaced by the formatted text and kept out of the catalogs.
        location = box.traverse(nodes.definition)[-1].next_node(nodes.paragraph)
        text = coordinates(city, self.config.language)
        location.replace_self(nodes.paragraph(text, text, translatable=False, classes=["city-location"]))
        return [box]


class CityCards(SphinxDirective):
    """Cards linking city pages: every city grouped by region, or one theme's cities."""

    has_content = False
    option_spec = {
        "theme": directives.unchanged,
        "group-by": lambda arg: directives.choice(arg, ("region",)),
    }

    def run(self) -> list[nodes.Node]:
        _note_city_dependencies(self)
        titles = theme_titles(self.env.srcdir)
        selected = cities(self.env)
        theme = self.options.get("theme")
        if theme:
            if theme not in titles:
                raise self.error(f"unknown theme {theme!r}; known: {', '.join(titles)}")
            selected = [c for c in selected if theme in c.themes]
        groups: list[tuple[str | None, list[City]]]
        if self.options.get("group-by") == "region":
            groups = [(r, [c for c in selected if c.region == r]) for r in REGIONS]
            groups = [(r, cs) for r, cs in groups if cs]
        else:
            groups = [(None, selected)]
        lines: list[str] = []
        for region, members in groups:
            if region:
                lines += ["```{rubric} " + region, ":class: city-group", "```", ""]
            lines += ["::::{grid} 1 2 2 3", ":gutter: 3", ":class-container: city-cards", ""]
            for city in members:
                themes_line = " · ".join(titles[t] for t in city.themes)
                # The name is a bold first paragraph, not a card title: sphinx-design
                # sends titles to the catalogs without their link markup.
                lines += [
                    ":::{grid-item-card}",
                    ":class-card: city-card link-card",
                    "",
                    "**{doc}`" + city.name + " </" + city.docname + ">`**",
                    "",
                    f"{city.country}",
                    "",
                    f"{themes_line}",
                    ":::",
                    "",
                ]
            lines += ["::::", ""]
        return parse_markup(self, lines, nodes.container(classes=["city-card-list"])).children


def _load(app: Sphinx) -> None:
    try:
        app.gnlc_cities = load_all(Path(app.srcdir))
    except CityDataError as err:
        raise CityDataFailure(str(err)) from None
    known = set(app.gnlc_facts["sources"])
    for city in app.gnlc_cities:
        unknown = [key for key in city.sources if key not in known]
        if unknown:
            lines = city.path.read_text(encoding="utf-8").splitlines()
            line = next((i for i, text in enumerate(lines, 1) if text.strip().startswith("sources:")), 1)
            raise CityDataFailure(
                f"{Path(app.srcdir).name}/cities/{city.path.name}:{line}: city.sources: unknown source key(s) "
                f"{', '.join(unknown)}; declare them under 'sources:' in docs/_data/facts.yaml"
            )


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("site_facts")
    app.connect("builder-inited", _load)
    app.add_directive("city-facts", CityFacts)
    app.add_directive("city-cards", CityCards)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
