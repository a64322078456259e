"""Charts of the network's decade, drawn at build time from the facts file.

Each directive draws one chart as inline SVG from ``_data/facts.yaml`` and
nothing else: no chart library, no script, no request. It works without
JavaScript and prints in black and white (series differ by shape, dash and
hatching, never by colour alone)::

    ```{growth-chart}
    ```                                   cities and countries over time
    ```{rounds-chart}
    ```                                   new members per admission round
    ```{award-chart}
    ```                                   cities awarded per cycle of the Award
    ```{conference-chart}
    ```                                   the conferences on a timeline
    ```{share-chart} strategies
    ```                                   the anniversary story's shares (strategies, urban)

Words and numbers are kept apart. Every label is written here in English as
MyST text and parsed into the page, so gettext extracts it and the page's
catalog translates it like any paragraph; the labels are read back, translated,
when the page is written. Figures and dates are formatted for the page's
language by ``local_formats`` (CLDR) and never reach a catalog.

Every chart is a ``<figure>``: a caption, the SVG (``role="img"`` with a
``<title>`` and a ``<desc>`` that states its point in one sentence, ``lang``
and ``direction`` of the page; a label still in English carries
``lang="en"``), and its figures as a real table in a ``<details>``
disclosure. On right-to-left pages the drawing is mirrored: time runs from
right to left, the value axis sits on the right, labels stand on the right
of their marks (text anchors follow the text's direction).
"""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import ExtensionMetadata

import local_formats as fmt
from gnlc.languages import SOURCE, get
from markup import parse_markup

# Colours of the site (site.css); each reaches WCAG AA against white: text 4.5:1, marks 3:1.
INK, MUTED, BRAND, SECOND, LINE, ACCENT = "#1b2733", "#4a5a6a", "#0b5394", "#a14a00", "#9aa7b4", "#e8f0f8"
WIDTH = 360  # viewBox units; the figure is at most 32rem wide, so 13 units stay readable at 390 px
TEXT, SMALL = 13, 12

SUMMARY = "The chart's figures as a table"


class fact_chart(nodes.General, nodes.Element):
    """A chart: its labels (translated paragraphs, not shown as such), then its data table."""


class chart_labels(nodes.General, nodes.Element):
    """The chart's translatable labels; read when the SVG is written, never shown."""


# -- Facts -------------------------------------------------------------------

def _year_fraction(value: str) -> float:
    """"2020-09-23" -> 2020.73; "2016-08" -> the middle of August."""
    parts = [int(p) for p in str(value).split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
    else:
        day = dt.date(parts[0], parts[1], 15)
    start = dt.date(day.year, 1, 1)
    return day.year + (day - start).days / (dt.date(day.year + 1, 1, 1) - start).days


def _date_text(value: str, language: str) -> str:
    return fmt.date(value, language) if len(str(value)) == 10 else fmt.month(str(value), language)


def _exact(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def growth_points(facts: dict) -> list[dict]:
    """The network's size at each date: exact figures, and those known only as a lower bound."""
    points = []
    for entry in facts["membership"]:
        if "total_cities" in entry:
            points.append({"date": str(entry["date"]), "cities": entry["total_cities"],
                           "countries": entry["total_countries"]})
    return points


def rounds(facts: dict) -> list[dict]:
    return [{"date": str(e["date"]), "cities": e["new_cities"], "countries": e["new_countries"]}
            for e in facts["membership"] if "new_cities" in e]


def lower_bound(value) -> int | None:
    """"more than 200" -> 200; the only way the facts write an inexact figure."""
    if isinstance(value, str) and value.startswith("more than "):
        return int(value.removeprefix("more than "))
    return None


def chart_substitutions(facts: dict, language: str) -> dict[str, str]:
    """The figures the charts' one-sentence descriptions name, as the language writes them."""
    language = language or SOURCE
    exact = [p for p in growth_points(facts) if _exact(p["cities"])]
    first, last = exact[0], exact[-1]
    new = rounds(facts)
    award = facts["award"]["cycles"]
    conferences = facts["conferences"]
    return {
        "growth_first_date": fmt.month(first["date"][:7], language),
        "growth_first_cities": fmt.number(first["cities"], language),
        "growth_first_countries": fmt.number(first["countries"], language),
        "growth_last_date": fmt.month(last["date"][:7], language),
        "growth_last_cities": fmt.number(last["cities"], language),
        "growth_last_countries": fmt.number(last["countries"], language),
        "rounds_first_year": new[0]["date"][:4],
        "rounds_min_cities": fmt.number(min(r["cities"] for r in new), language),
        "rounds_max_cities": fmt.number(max(r["cities"] for r in new), language),
        "award_first_year": str(award[0]["year"]),
        "award_last_year": str(award[-1]["year"]),
        "award_min_cities": fmt.number(min(c["cities"] for c in award), language),
        "award_max_cities": fmt.number(max(c["cities"] for c in award), language),
        "conference_count": fmt.number(len(conferences), language),
        "conference_first_year": str(conferences[0]["year"]),
        "conference_last_year": str(conferences[-1]["year"]),
    }


# -- Directives ----------------------------------------------------------------

class ChartDirective(SphinxDirective):
    """Builds the figure node: labels parsed as MyST (translatable), data formatted here."""

    has_content = False
    kind = ""

    def labels(self) -> dict[str, str]:
        raise NotImplementedError

    def table(self) -> tuple[list[str], list[list]]:
        """Header label keys, and rows whose cells are a formatted figure (str) or a label key (tuple)."""
        raise NotImplementedError

    def spec(self) -> dict:
        raise NotImplementedError

    @property
    def facts(self) -> dict:
        return self.env.app.gnlc_facts

    @property
    def language(self) -> str:
        return self.env.config.language or SOURCE

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(Path(self.env.srcdir) / "_data" / "facts.yaml"))
        labels = {**self.labels(), "summary": SUMMARY}
        lines: list[str] = []
        for text in labels.values():
            lines += [text, ""]
        parsed = parse_markup(self, lines, chart_labels())
        paragraphs = list(parsed.findall(nodes.paragraph))
        if len(paragraphs) != len(labels):
            raise self.error(f"{self.name}: every label must be one paragraph")
        for key, paragraph in zip(labels, paragraphs):
            paragraph["chart_label"] = key
        by_key = dict(zip(labels, paragraphs))
        serial = self.env.new_serialno("fact-chart")
        figure = fact_chart("", parsed, kind=self.kind, spec=self.spec(), ids=[f"fact-chart-{serial}"],
                            classes=["fact-chart", f"fact-chart-{self.kind}"])
        self.set_source_info(figure)
        header, rows = self.table()
        figure += self._table(header, rows, by_key)
        return [figure]

    def _cell(self, content, by_key) -> nodes.entry:
        if isinstance(content, tuple):  # a label: translated with the page
            paragraph = by_key[content[0]].deepcopy()
        else:  # a figure or a date, already in the page's language: nothing to translate
            paragraph = nodes.paragraph("", content, translatable=False)
        return nodes.entry("", paragraph)

    def _table(self, header: list[str], rows: list[list], by_key) -> nodes.table:
        table = nodes.table(classes=["fact-chart-table"])
        group = nodes.tgroup(cols=len(header))
        table += group
        for _ in header:
            group += nodes.colspec(colwidth=1)
        thead = nodes.thead()
        thead += nodes.row("", *[self._cell((key,), by_key) for key in header])
        tbody = nodes.tbody()
        for row in rows:
            tbody += nodes.row("", *[self._cell(cell, by_key) for cell in row])
        group += thead
        group += tbody
        return table


class GrowthChart(ChartDirective):
    kind = "growth"

    def labels(self) -> dict[str, str]:
        labels = {
            "title": "Member cities and countries of the network",
            "desc": "The network grew from {{ growth_first_cities }} cities in {{ growth_first_countries }} countries "
                    "in {{ growth_first_date }} to {{ growth_last_cities }} cities in {{ growth_last_countries }} "
                    "countries in {{ growth_last_date }}.",
            "note": "Open marks show figures announced only as “more than” a number. "
                    "The shaded year is the network's tenth anniversary.",
            "cities": "Cities",
            "countries": "Countries",
            "anniversary": "Tenth anniversary",
            "date": "Date",
            "total_cities": "Member cities",
            "total_countries": "Countries",
        }
        for point in growth_points(self.facts):
            for key in ("cities", "countries"):
                if not _exact(point[key]):
                    labels[f"bound:{point[key]}"] = point[key]  # "more than 200", translated as words
        return labels

    def table(self):
        rows = []
        for p in growth_points(self.facts):
            rows.append([_date_text(p["date"], self.language)]
                        + [fmt.number(p[k], self.language) if _exact(p[k]) else (f"bound:{p[k]}",)
                           for k in ("cities", "countries")])
        return ["date", "total_cities", "total_countries"], rows

    def spec(self) -> dict:
        points = []
        for p in growth_points(self.facts):
            point = {"x": _year_fraction(p["date"])}
            for key in ("cities", "countries"):
                value = p[key]
                point[key] = {"value": value if _exact(value) else lower_bound(value), "exact": _exact(value),
                              "text": fmt.number(value, self.language) if _exact(value) else ""}
            points.append(point)
        anniversary = int(self.facts["launch"]["year"]) + 10
        return {"points": points, "anniversary": anniversary}


class RoundsChart(ChartDirective):
    kind = "rounds"

    def labels(self) -> dict[str, str]:
        return {
            "title": "New members per admission round",
            "desc": "Each admission round since {{ rounds_first_year }} has brought between {{ rounds_min_cities }} "
                    "and {{ rounds_max_cities }} new member cities into the network.",
            "note": "Solid bars: new member cities. Hatched bars: the countries they come from.",
            "cities": "New member cities",
            "countries": "Their countries",
            "round": "Admission round",
        }

    def table(self):
        rows = [[_date_text(r["date"], self.language), fmt.number(r["cities"], self.language),
                 fmt.number(r["countries"], self.language)] for r in rounds(self.facts)]
        return ["round", "cities", "countries"], rows

    def spec(self) -> dict:
        return {"groups": [{"label": r["date"][:4], "bars": [
            {"series": s, "value": r[s], "text": fmt.number(r[s], self.language)} for s in ("cities", "countries")]}
            for r in rounds(self.facts)], "series": ["cities", "countries"]}


class AwardChart(ChartDirective):
    kind = "award"

    def labels(self) -> dict[str, str]:
        return {
            "title": "Cities awarded the UNESCO Learning City Award in each cycle",
            "desc": "Each cycle of the Award from {{ award_first_year }} to {{ award_last_year }} went to between "
                    "{{ award_min_cities }} and {{ award_max_cities }} cities.",
            "cities": "Cities awarded",
            "cycle": "Cycle",
        }

    def table(self):
        rows = [[str(c["year"]), fmt.number(c["cities"], self.language)] for c in self.facts["award"]["cycles"]]
        return ["cycle", "cities"], rows

    def spec(self) -> dict:
        return {"groups": [{"label": str(c["year"]), "bars": [
            {"series": "cities", "value": c["cities"], "text": fmt.number(c["cities"], self.language)}]}
            for c in self.facts["award"]["cycles"]], "series": ["cities"]}


class ConferenceChart(ChartDirective):
    kind = "conferences"

    def labels(self) -> dict[str, str]:
        labels = {
            "title": "The International Conferences on Learning Cities",
            "desc": "{{ conference_count }} International Conferences on Learning Cities were held from "
                    "{{ conference_first_year }} to {{ conference_last_year }}, each in a different city.",
            "number": "Conference",
            "year": "Year",
            "city": "Host city",
        }
        for conf in self.facts["conferences"]:
            labels[f"city:{conf['number']}"] = conf["city"]
        return labels

    def table(self):
        rows = [[fmt.number(c["number"], self.language), str(c["year"]), (f"city:{c['number']}",)]
                for c in self.facts["conferences"]]
        return ["number", "year", "city"], rows

    def spec(self) -> dict:
        return {"events": [{"x": _year_fraction(c["dates"]["start"]), "year": str(c["year"]),
                            "number": fmt.number(c["number"], self.language), "city": f"city:{c['number']}"}
                           for c in self.facts["conferences"]]}


# The anniversary story's shares, grouped as the chapters tell them.
SHARE_GROUPS = {
    "strategies": {
        "title": "What learning cities had in place in {{ as_of }}",
        "desc": "Nearly {{ strategy_share }} of learning cities had a learning city strategy, around "
                "{{ monitoring_share }} had monitoring and evaluation systems and {{ partnerships_share }} had "
                "international partnerships in {{ as_of }}.",
        "note": "Shares of learning cities, as the anniversary story gives them (rounded).",
        "rows": [("strategy_share", "A learning city strategy", False),
                 ("monitoring_share", "Monitoring and evaluation", False),
                 ("partnerships_share", "International partnerships", False)],
    },
    "urban": {
        "title": "The world's urban population",
        "desc": "{{ urban_share_now }} of the world's population lived in urban areas in {{ as_of }}, and "
                "{{ urban_share_2050 }} is expected by 2050.",
        "note": "Hatched bar: a projection.",
        "rows": [("urban_share_now", "In {{ as_of }}", False),
                 ("urban_share_2050", "By 2050 (projection)", True)],
    },
}


class ShareChart(ChartDirective):
    kind = "shares"
    required_arguments = 1

    @property
    def group(self) -> dict:
        if self.arguments[0] not in SHARE_GROUPS:
            raise self.error(f"share-chart: unknown group {self.arguments[0]!r}; one of {sorted(SHARE_GROUPS)}")
        return SHARE_GROUPS[self.arguments[0]]

    def labels(self) -> dict[str, str]:
        group = self.group
        labels = {"title": group["title"], "desc": group["desc"], "note": group["note"],
                  "indicator": "Indicator", "share": "Share"}
        for key, label, _ in group["rows"]:
            labels[f"row:{key}"] = label
        return labels

    def table(self):
        figures = self.facts["key_figures"]
        rows = [[(f"row:{key}",), fmt.percent(figures[key], self.language)] for key, _, _ in self.group["rows"]]
        return ["indicator", "share"], rows

    def spec(self) -> dict:
        figures = self.facts["key_figures"]
        return {"rows": [{"label": f"row:{key}", "value": figures[key], "projected": projected,
                          "text": fmt.percent(figures[key], self.language)}
                         for key, _, projected in self.group["rows"]]}


# -- Drawing -------------------------------------------------------------------

def _n(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class Canvas:
    """SVG primitives in left-to-right coordinates; a right-to-left page mirrors x."""

    def __init__(self, rtl: bool, prefix: str, language: str, labels: dict[str, tuple[str, str | None]]):
        self.rtl, self.prefix, self.parts = rtl, prefix, []
        self.language, self.labels = language, labels

    def number(self, value: int) -> str:
        return fmt.number(value, self.language)

    def label(self, x: float, y: float, key: str, **kwargs) -> None:
        """A translated label; one still in English says so (lang="en")."""
        text, lang = self.labels[key]
        self.text(x, y, text, lang=lang, **kwargs)

    def x(self, value: float) -> float:
        return WIDTH - value if self.rtl else value

    def text(self, x: float, y: float, content: str, anchor: str = "start", size: int = TEXT,
             weight: str = "", fill: str = INK, lang: str | None = None) -> None:
        # "start" and "end" follow the text's direction, which the <svg> sets: mirrored for free.
        attrs = f' x="{_n(self.x(x))}" y="{_n(y)}" font-size="{size}"'
        if anchor != "start":
            attrs += f' text-anchor="{anchor}"'
        if weight:
            attrs += f' font-weight="{weight}"'
        if fill != INK:
            attrs += f' fill="{fill}"'
        if lang:
            attrs += f' lang="{lang}"'
        self.parts.append(f"<text{attrs}>{escape(content)}</text>")

    def rect(self, x: float, y: float, w: float, h: float, **style: str) -> None:
        left = self.x(x + w) if self.rtl else x
        self.parts.append(f'<rect x="{_n(left)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}"{_style(style)}/>')

    def line(self, x1: float, y1: float, x2: float, y2: float, **style: str) -> None:
        self.parts.append(f'<line x1="{_n(self.x(x1))}" y1="{_n(y1)}" x2="{_n(self.x(x2))}" y2="{_n(y2)}"'
                          f'{_style(style)}/>')

    def polyline(self, points: list[tuple[float, float]], **style: str) -> None:
        coords = " ".join(f"{_n(self.x(x))},{_n(y)}" for x, y in points)
        self.parts.append(f'<polyline points="{coords}" fill="none"{_style(style)}/>')

    def mark(self, shape: str, x: float, y: float, hollow: bool, colour: str, data: str = "") -> None:
        fill = "#fff" if hollow else colour
        cx = self.x(x)
        attrs = f' fill="{fill}" stroke="{colour}" stroke-width="2" class="chart-mark"{data}'
        if shape == "circle":
            self.parts.append(f'<circle cx="{_n(cx)}" cy="{_n(y)}" r="4.5"{attrs}/>')
        else:
            self.parts.append(f'<rect x="{_n(cx - 4)}" y="{_n(y - 4)}" width="8" height="8"{attrs}/>')

    def hatch(self, colour: str) -> str:
        pattern = f"{self.prefix}-hatch"
        self.parts.append(
            f'<defs><pattern id="{pattern}" width="6" height="6" patternUnits="userSpaceOnUse" '
            f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
            f'<rect width="2.5" height="6" fill="{colour}"/></pattern></defs>')
        return f"url(#{pattern})"


def _style(style: dict[str, str]) -> str:
    return "".join(f' {k.rstrip("_").replace("_", "-")}="{v}"' for k, v in style.items())


def draw_growth(c: Canvas, spec: dict) -> float:
    left, right, top, height = 40, 74, 34, 170
    points = spec["points"]
    x0 = int(points[0]["x"])
    x1 = int(points[-1]["x"]) + 1
    top_value = max(max(p["cities"]["value"], p["countries"]["value"]) for p in points)
    y_max = -(-top_value // 100) * 100

    def px(year: float) -> float:
        return left + (year - x0) / (x1 - x0) * (WIDTH - left - right)

    def py(value: float) -> float:
        return top + height - value / y_max * height

    # The anniversary year, shaded and edged with dotted lines (visible in black and white too).
    a = spec["anniversary"]
    c.rect(px(a), top, px(a + 1) - px(a), height, fill=ACCENT)
    for edge in (a, a + 1):
        c.line(px(edge), top - 4, px(edge), top + height, stroke=MUTED, stroke_dasharray="2 2")
    c.label(px(a + 0.5), top - 10, "anniversary", anchor="middle", size=SMALL, fill=MUTED)
    for value in range(0, y_max + 1, 100):
        c.line(left, py(value), WIDTH - right, py(value), stroke=LINE if value else MUTED, stroke_width="1")
        c.text(left - 6, py(value) + 4, c.number(value), anchor="end", size=SMALL, fill=MUTED)
    for year in range(x0, x1 + 1, 2):
        c.line(px(year), top + height, px(year), top + height + 4, stroke=MUTED)
        c.text(px(year), top + height + 18, str(year), anchor="middle", size=SMALL, fill=MUTED)
    series = (("cities", "circle", BRAND, ""), ("countries", "square", SECOND, "6 4"))
    for key, shape, colour, dash in series:
        exact = [(px(p["x"]), py(p[key]["value"])) for p in points if p[key]["exact"]]
        style = {"stroke": colour, "stroke_width": "2.5"}
        if dash:
            style["stroke_dasharray"] = dash
        c.polyline(exact, **style)
        for p in points:
            value = p[key]
            data = f' data-series="{key}" data-x="{p["x"]:.4f}" data-value="{value["value"]}"' \
                   f' data-exact="{str(value["exact"]).lower()}"'
            c.mark(shape, px(p["x"]), py(value["value"]), not value["exact"], colour, data)
        exact_points = [p for p in points if p[key]["exact"]]
        for p in (exact_points[0], exact_points[-1]):
            c.text(px(p["x"]), py(p[key]["value"]) - 9, p[key]["text"], anchor="middle", size=SMALL, weight="bold")
        last = exact_points[-1]
        c.label(px(last["x"]) + 9, py(last[key]["value"]) + 4, key, weight="bold", fill=colour)
    return top + height + 28


def draw_bars(c: Canvas, spec: dict) -> float:
    groups, series = spec["groups"], spec["series"]
    colours = {"cities": BRAND, "countries": SECOND}
    fills = {"cities": BRAND}
    if "countries" in series:
        fills["countries"] = c.hatch(SECOND)
    legend = 0
    if len(series) > 1:
        for i, key in enumerate(series):
            y = 6 + i * 18
            c.rect(0, y, 12, 12, fill=fills[key], stroke=colours[key], stroke_width="1.5")
            c.label(18, y + 11, key, size=SMALL)
        legend = 6 + len(series) * 18
    top, height, side = legend + 22, 120, 8
    top_value = max(b["value"] for g in groups for b in g["bars"])
    slot = (WIDTH - 2 * side) / len(groups)
    bar = min(30, (slot - 16) / len(series))
    base = top + height
    for i, group in enumerate(groups):
        start = side + i * slot + (slot - bar * len(series) - 4 * (len(series) - 1)) / 2
        for j, b in enumerate(group["bars"]):
            h = b["value"] / top_value * height
            x = start + j * (bar + 4)
            c.rect(x, base - h, bar, h, fill=fills[b["series"]], stroke=colours[b["series"]], stroke_width="1.5",
                   class_="chart-mark", data_series=b["series"], data_value=str(b["value"]),
                   data_group=group["label"])
            c.text(x + bar / 2, base - h - 5, b["text"], anchor="middle", size=SMALL, weight="bold")
        c.text(side + i * slot + slot / 2, base + 18, group["label"], anchor="middle", size=SMALL, fill=MUTED)
    c.line(side, base, WIDTH - side, base, stroke=MUTED)
    return base + 28


def draw_conferences(c: Canvas, spec: dict) -> float:
    events = spec["events"]
    side, axis = 40, 58
    x0, x1 = int(events[0]["x"]), int(events[-1]["x"])

    def px(year: float) -> float:
        return side + (year - x0) / (x1 - x0) * (WIDTH - 2 * side)

    c.line(side - 16, axis, WIDTH - side + 16, axis, stroke=MUTED, stroke_width="2")
    for i, event in enumerate(events):
        x = px(int(event["x"]))
        above = i % 2 == 0
        c.line(x, axis + (-28 if above else 28), x, axis, stroke=LINE)
        c.parts.append(f'<circle cx="{_n(c.x(x))}" cy="{axis}" r="10" fill="{BRAND}" class="chart-mark" '
                       f'data-year="{event["year"]}"/>')
        c.text(x, axis + 4.5, event["number"], anchor="middle", size=SMALL, weight="bold", fill="#fff")
        c.text(x, axis + (-34 if above else 44), str(event["year"]), anchor="middle", size=SMALL, fill=MUTED)
        c.label(x, axis + (-49 if above else 60), event["city"], anchor="middle", weight="bold")
    return axis + 70


def draw_shares(c: Canvas, spec: dict) -> float:
    y, track = 4, WIDTH - 56
    hatched = c.hatch(BRAND) if any(r["projected"] for r in spec["rows"]) else None
    for row in spec["rows"]:
        c.label(0, y + 13, row["label"], weight="bold")
        fill = hatched if row["projected"] else BRAND
        c.rect(0, y + 20, track, 18, fill="#fff", stroke=MUTED, stroke_width="1")
        c.rect(0, y + 20, track * row["value"] / 100, 18, fill=fill, stroke=BRAND, stroke_width="1.5",
               class_="chart-mark", data_value=str(row["value"]))
        c.text(track + 8, y + 34, row["text"], weight="bold")
        y += 52
    return y


DRAW = {"growth": draw_growth, "rounds": draw_bars, "award": draw_bars, "conferences": draw_conferences,
        "shares": draw_shares}


# -- HTML ----------------------------------------------------------------------

def _labels(node: fact_chart, page_lang: str) -> dict[str, tuple[str, str | None]]:
    """Each label's translated text, and lang="en" for one still in English."""
    found = {}
    for paragraph in node.next_node(chart_labels).findall(nodes.paragraph):
        english = page_lang != "en" and "untranslated" in paragraph["classes"]
        found[paragraph["chart_label"]] = (paragraph.astext().strip(), "en" if english else None)
    return found


def visit_fact_chart(self, node: fact_chart) -> None:
    language = self.builder.config.language or SOURCE
    lang = get(language)
    labels = _labels(node, lang.bcp47)
    prefix = node["ids"][0]
    canvas = Canvas(lang.direction == "rtl", prefix, language, labels)

    def attr_lang(key: str) -> str:
        return ' lang="en" dir="ltr"' if labels[key][1] else ""

    height = DRAW[node["kind"]](canvas, node["spec"])
    title, desc = labels["title"][0], labels["desc"][0]
    self.body.append(self.starttag(node, "figure"))
    caption = f'<span class="fact-chart-title"{attr_lang("title")}>{escape(title)}</span>'
    if "note" in labels:
        caption += f' <span class="fact-chart-note"{attr_lang("note")}>{escape(labels["note"][0])}</span>'
    self.body.append(f"<figcaption>{caption}</figcaption>\n")
    self.body.append(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_n(height)}" width="{WIDTH}" '
        f'height="{_n(height)}" role="img" aria-labelledby="{prefix}-title {prefix}-desc" '
        f'lang="{lang.bcp47}" direction="{lang.direction}" class="fact-chart-drawing">'
        f'<title id="{prefix}-title"{attr_lang("title")}>{escape(title)}</title>'
        f'<desc id="{prefix}-desc"{attr_lang("desc")}>{escape(desc)}</desc>'
        + "".join(canvas.parts) + "</svg>\n")
    summary = labels["summary"]
    self.body.append(f'<details class="fact-chart-data"><summary{attr_lang("summary")}>'
                     f"{escape(summary[0])}</summary>\n")


def depart_fact_chart(self, node: fact_chart) -> None:
    self.body.append("</details></figure>\n")


def skip(self, node) -> None:
    raise nodes.SkipNode


def _config_inited(app: Sphinx, config) -> None:
    from site_facts import load_facts

    facts = getattr(app, "gnlc_facts", None) or load_facts(app.srcdir)
    config.myst_substitutions = {**chart_substitutions(facts, config.language), **config.myst_substitutions}


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("site_facts")
    app.add_node(fact_chart, html=(visit_fact_chart, depart_fact_chart), text=(skip, None))
    app.add_node(chart_labels, html=(skip, None), text=(skip, None))
    for name, directive in (("growth-chart", GrowthChart), ("rounds-chart", RoundsChart),
                            ("award-chart", AwardChart), ("conference-chart", ConferenceChart),
                            ("share-chart", ShareChart)):
        app.add_directive(name, directive)
    app.connect("config-inited", _config_inited, priority=600)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
