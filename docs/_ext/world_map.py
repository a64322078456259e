"""A static world map of the case-study cities, drawn at build time.

The land comes from Natural Earth (public domain) as packaged by the npm
package ``world-atlas`` (installed from package-lock.json), turned into one
small SVG file served from the site: no tile server, no request at view time.
Each city is a real link placed over the map; together the links form a list,
which is also the map's text alternative for screen readers. Their labels are
MyST markup, so they translate with the page.

Usage::

    :::{city-map}
    Caption, translatable like any paragraph.
    :::
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri
from sphinx.util.typing import ExtensionMetadata

from city_pages import _note_city_dependencies, cities
from markup import parse_markup

MAP_FILE = "_static/world-map.svg"
# Equirectangular projection cropped to inhabited latitudes.
NORTH, SOUTH = 84.0, -58.0
WIDTH, HEIGHT = 360.0, NORTH - SOUTH


class city_map(nodes.General, nodes.Element):
    """The map figure: an image of the land and a list of city markers."""


class map_marker(nodes.list_item):
    """One city on the map, placed by its ``x`` and ``y`` percentages."""


def project(lat: float, lon: float) -> tuple[float, float]:
    return (lon + 180.0) / 360.0 * 100.0, (NORTH - lat) / HEIGHT * 100.0


def _decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:  # quantized, delta-encoded positions
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(arcs, indexes: list[int]) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        ring.extend(arc[1:] if ring else arc)
    return ring


def _unwrap(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Keep a ring that crosses the antimeridian continuous (the overflow is clipped),
    instead of drawing a line across the whole map."""
    out = [ring[0]]
    for lon, lat in ring[1:]:
        prev = out[-1][0]
        while lon - prev > 180:
            lon -= 360
        while prev - lon > 180:
            lon += 360
        out.append((lon, lat))
    middle = sum(lon for lon, _ in out) / len(out)
    shift = -360.0 * round(middle / 360.0)  # bring the bulk of the ring back on the map
    return [(lon + shift, lat) for lon, lat in out]


def land_svg(atlas: Path) -> str:
    topology = json.loads(atlas.read_text(encoding="utf-8"))
    arcs = _decode_arcs(topology)
    parts = []
    for geometry in topology["objects"]["land"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            for indexes in polygon:
                ring = _unwrap(_ring(arcs, indexes))
                if max(lat for _, lat in ring) < SOUTH:
                    continue  # Antarctica lies outside the cropped map
                coords = [(lon + 180.0, NORTH - lat) for lon, lat in ring]
                parts.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in coords) + "Z")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:g} {HEIGHT:g}" '
        f'width="{WIDTH:g}" height="{HEIGHT:g}" aria-hidden="true">'
        f'<path fill="#cfd8dc" stroke="#ffffff" stroke-width="0.2" d="{"".join(parts)}"/></svg>\n'
    )


def atlas_path(srcdir: str | Path) -> Path:
    return Path(srcdir).resolve().parent / "node_modules" / "world-atlas" / "land-110m.json"


def cached_map(srcdir: str | Path, cache_dir: Path) -> Path:
    """Draw the map once and reuse it for every language while the data is unchanged."""
    atlas = atlas_path(srcdir)
    if not atlas.is_file():
        raise SphinxError(
            f"{atlas}: Natural Earth data not installed; run `npm ci` (or `make site`, which does)"
        )
    cached = cache_dir / "world-map.svg"
    if not cached.is_file() or cached.stat().st_mtime < atlas.stat().st_mtime:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(land_svg(atlas), encoding="utf-8")
        tmp.replace(cached)  # atomic: two languages may draw it at once
    return cached


class CityMap(SphinxDirective):
    has_content = True

    def run(self) -> list[nodes.Node]:
        _note_city_dependencies(self)
        figure = city_map()
        self.set_source_info(figure)
        lines = [f"- {{doc}}`{city.name} </{city.docname}>`" for city in cities(self.env)]
        markers = parse_markup(self, lines, nodes.container())
        bullet_list = markers.next_node(nodes.bullet_list)
        for city, item in zip(cities(self.env), bullet_list.children):
            x, y = project(city.lat, city.lon)
            marker = map_marker("", *item.children, x=f"{x:.2f}", y=f"{y:.2f}", classes=["map-marker"])
            figure += marker
        result: list[nodes.Node] = [figure]
        if self.content:
            caption = nodes.container(classes=["city-map-caption"])
            self.state.nested_parse(self.content, self.content_offset, caption)
            result.append(caption)
        return result


def visit_city_map(self, node: city_map) -> None:
    src = relative_uri(self.builder.get_target_uri(self.builder.current_docname), MAP_FILE)
    self.body.append(self.starttag(node, "div", CLASS="city-map"))
    self.body.append(f'<img class="city-map-land" src="{src}" alt="" width="{WIDTH:g}" height="{HEIGHT:g}">')
    self.body.append('<ul class="city-map-markers">')


def depart_city_map(self, node: city_map) -> None:
    self.body.append("</ul></div>\n")


def visit_map_marker(self, node: map_marker) -> None:
    style = f"--x:{node['x']}%;--y:{node['y']}%"
    self.body.append(self.starttag(node, "li", "", style=style))


def depart_map_marker(self, node: map_marker) -> None:
    self.body.append("</li>\n")


def skip(self, node) -> None:
    raise nodes.SkipNode


def _copy_map(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        source = cached_map(app.srcdir, Path(app.srcdir).parent / "_build" / "cache")
        target = Path(app.outdir) / MAP_FILE
        target.parent.mkdir(parents=True, exist_ok=True)
        data = source.read_bytes()
        if not target.is_file() or target.read_bytes() != data:  # unchanged files keep their date
            target.write_bytes(data)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("city_pages")
    app.add_node(city_map, html=(visit_city_map, depart_city_map), text=(skip, None))
    app.add_node(map_marker, html=(visit_map_marker, depart_map_marker), text=(skip, None))
    app.add_directive("city-map", CityMap)
    app.connect("build-finished", _copy_map)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
