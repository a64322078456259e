"""Charts drawn from the facts: their data is the facts', in every language, mirrored in Arabic.

The built HTML is read with a real HTML parser (the marks' data attributes,
the data table in its disclosure); the Arabic mirroring is measured in
Chromium, on the drawn marks' boxes.
"""

from __future__ import annotations

import sys
from html.parser import HTMLParser

import pytest
import yaml

from conftest import LANGUAGES, ROOT

sys.path.insert(0, str(ROOT / "docs" / "_ext"))
import local_formats as fmt  # noqa: E402

pytestmark = pytest.mark.slow

FACTS = yaml.safe_load((ROOT / "docs" / "_data" / "facts.yaml").read_text(encoding="utf-8"))
PAGES = {"growth": "index.html", "rounds": "join/index.html", "award": "join/award.html",
         "conferences": "story/launch.html", "shares": "story/strategies.html"}
MAX_CHART_BYTES = 15 * 1024


class Chart:
    def __init__(self, kind: str):
        self.kind = kind
        self.svg: dict = {}
        self.marks: list[dict] = []
        self.texts: list[dict] = []
        self.title = self.desc = self.summary = ""
        self.rows: list[list[str]] = []
        self.size = 0


class Charts(HTMLParser):
    """Every <figure class="fact-chart">: its <svg>, marks, texts, <title>, <desc> and table cells."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.charts: list[Chart] = []
        self.chart: Chart | None = None
        self.depth = 0
        self.capture: str | None = None
        self.text_attrs: dict | None = None
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.source = text
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "figure" and "fact-chart" in classes:
            kind = next(c.removeprefix("fact-chart-") for c in classes if c.startswith("fact-chart-"))
            self.chart, self.depth = Chart(kind), 0
            self.start = self.getpos()
            self.charts.append(self.chart)
        if self.chart is None:
            return
        if tag == "figure":
            self.depth += 1
        if tag == "svg":
            self.chart.svg = attrs
        if "chart-mark" in classes:
            self.chart.marks.append(attrs)
        if tag in ("title", "desc", "summary"):
            self.capture = tag
            setattr(self.chart, tag, "")
        if tag == "text":
            self.text_attrs = {**attrs, "content": ""}
            self.chart.texts.append(self.text_attrs)
        if tag == "tr":
            self.row = []
        if tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if self.chart is None:
            return
        if tag in ("title", "desc", "summary"):
            self.capture = None
        if tag == "text":
            self.text_attrs = None
        if tag in ("td", "th") and self.row is not None:
            self.row.append("".join(self.cell).strip())
            self.cell = None
        if tag == "tr":
            self.chart.rows.append(self.row)
            self.row = None
        if tag == "figure":
            self.depth -= 1
            if self.depth == 0:
                self.chart = None

    def handle_data(self, data):
        if self.chart is None:
            return
        if self.capture:
            setattr(self.chart, self.capture, getattr(self.chart, self.capture) + data)
        if self.text_attrs is not None:
            self.text_attrs["content"] += data
        if self.cell is not None:
            self.cell.append(data)


def charts(site, lang, page: str) -> list[Chart]:
    text = (site.html / lang.url / page).read_text(encoding="utf-8")
    found = Charts(text).charts
    # Each figure's weight, from its opening tag to its end.
    for chart, start in zip(found, _figure_offsets(text)):
        chart.size = len(text[start:text.index("</figure>", start)].encode("utf-8"))
    return found


def _figure_offsets(text: str) -> list[int]:
    offsets, at = [], 0
    while (at := text.find('<figure class="fact-chart', at)) != -1:
        offsets.append(at)
        at += 1
    return offsets


def one(site, lang, kind: str) -> Chart:
    found = [c for c in charts(site, lang, PAGES[kind]) if c.kind == kind]
    assert len(found) == 1, (lang.url, kind, len(found))
    return found[0]


def _date(value: str, language: str) -> str:
    return fmt.date(value, language) if len(value) == 10 else fmt.month(value, language)


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda l: l.url)
def test_growth_chart_is_the_facts(site, lang):
    chart = one(site, lang, "growth")
    entries = [e for e in FACTS["membership"] if "total_cities" in e]
    for series, key in (("cities", "total_cities"), ("countries", "total_countries")):
        marks = [m for m in chart.marks if m["data-series"] == series]
        assert len(marks) == len(entries)
        for mark, entry in zip(marks, entries):
            value = entry[key]
            exact = isinstance(value, int)
            assert mark["data-exact"] == str(exact).lower(), (series, entry)
            # An inexact "more than 200" is drawn as an open mark at its lower bound, never as exact.
            assert int(mark["data-value"]) == (value if exact else int(value.removeprefix("more than "))), entry
            assert (mark["fill"] == "#fff") == (not exact)
    header, *rows = chart.rows
    assert len(rows) == len(entries)
    for row, entry in zip(rows, entries):
        assert row[0] == _date(str(entry["date"]), lang.gettext)
        for cell, key in zip(row[1:], ("total_cities", "total_countries")):
            value = entry[key]
            if isinstance(value, int):
                assert cell == fmt.number(value, lang.gettext)
            else:  # the words "more than", translated, with the bound
                assert value.removeprefix("more than ") in cell and cell != value.removeprefix("more than ")
                assert lang.is_source or cell != value
    # The anniversary is marked: ten years after the launch.
    assert str(FACTS["launch"]["year"] + 10) in (site.html / "en" / "index.html").read_text(encoding="utf-8")
    first, last = entries[0], entries[-1]
    for figure in (first["total_cities"], last["total_cities"], last["total_countries"]):
        assert fmt.number(figure, lang.gettext) in chart.desc


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda l: l.url)
def test_rounds_award_conference_and_share_charts_are_the_facts(site, lang):
    rounds = [e for e in FACTS["membership"] if "new_cities" in e]
    chart = one(site, lang, "rounds")
    for series, key in (("cities", "new_cities"), ("countries", "new_countries")):
        assert [int(m["data-value"]) for m in chart.marks if m["data-series"] == series] == [e[key] for e in rounds]
    assert [r[1:] for r in chart.rows[1:]] == [[fmt.number(e["new_cities"], lang.gettext),
                                                fmt.number(e["new_countries"], lang.gettext)] for e in rounds]
    assert [r[0] for r in chart.rows[1:]] == [_date(str(e["date"]), lang.gettext) for e in rounds]

    cycles = FACTS["award"]["cycles"]
    chart = one(site, lang, "award")
    assert [(m["data-group"], int(m["data-value"])) for m in chart.marks] == [(str(c["year"]), c["cities"]) for c in cycles]
    assert chart.rows[1:] == [[str(c["year"]), fmt.number(c["cities"], lang.gettext)] for c in cycles]

    conferences = FACTS["conferences"]
    chart = one(site, lang, "conferences")
    assert [m["data-year"] for m in chart.marks] == [str(c["year"]) for c in conferences]
    assert [r[:2] for r in chart.rows[1:]] == [[fmt.number(c["number"], lang.gettext), str(c["year"])]
                                             for c in conferences]

    figures = FACTS["key_figures"]
    chart = one(site, lang, "shares")
    keys = ("strategy_share", "monitoring_share", "partnerships_share")
    assert [int(m["data-value"]) for m in chart.marks] == [figures[k] for k in keys]
    assert [r[1] for r in chart.rows[1:]] == [fmt.percent(figures[k], lang.gettext) for k in keys]
    urban = [c for c in charts(site, lang, "story/why-cities.html") if c.kind == "shares"]
    assert [int(m["data-value"]) for m in urban[0].marks] == [figures["urban_share_now"], figures["urban_share_2050"]]


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda l: l.url)
def test_every_chart_is_labelled_translated_and_light(site, lang):
    pages = ["index.html", "story/launch.html", "story/timeline.html", "story/strategies.html",
             "story/why-cities.html", "join/index.html", "join/award.html"]
    seen = 0
    for page in pages:
        for chart in charts(site, lang, page):
            seen += 1
            svg = chart.svg
            assert svg["role"] == "img" and svg["lang"] == lang.bcp47 and svg["direction"] == lang.direction
            title_id, desc_id = svg["aria-labelledby"].split()
            assert title_id.endswith("-title") and desc_id.endswith("-desc")
            assert chart.title.strip() and chart.desc.strip().endswith((".", "。")), (page, chart.desc)
            assert "{{" not in chart.desc and chart.summary.strip()
            assert chart.rows and all(len(r) == len(chart.rows[0]) for r in chart.rows)
            assert chart.size <= MAX_CHART_BYTES, (page, chart.kind, chart.size)
            # Every word in the drawing is in the page's language: nothing fell back to English.
            assert not [t for t in chart.texts if t.get("lang")], (page, chart.kind)
            if not lang.is_source:
                english = {"Cities", "Countries", "Tenth anniversary", "New member cities", "Their countries"}
                assert not english & {t["content"] for t in chart.texts}, (page, chart.kind)
    assert seen == 9


@pytest.mark.browser
def test_arabic_charts_run_right_to_left_with_the_value_axis_on_the_right(server, new_page):
    def measure(lang_url: str, page_name: str, selector: str, key: str) -> list[tuple[float, float]]:
        page = new_page(locale=lang_url, width=390, height=844)
        page.goto(f"{server.url}{lang_url}/{page_name}")
        return page.eval_on_selector_all(
            selector, f"""els => els.map(e => {{ const b = e.getBoundingClientRect();
                return [parseFloat(e.getAttribute('{key}')), b.left + b.width / 2]; }})""")

    for lang_url, ordered in (("en", lambda xs: xs == sorted(xs)), ("ar", lambda xs: xs == sorted(xs, reverse=True))):
        growth = sorted(measure(lang_url, "index.html", '.fact-chart-growth [data-series="cities"]', "data-x"))
        assert ordered([x for _, x in growth]), (lang_url, growth)
        years = sorted(measure(lang_url, "story/launch.html", ".fact-chart-conferences .chart-mark", "data-year"))
        assert ordered([x for _, x in years]), (lang_url, years)
        rounds = sorted(measure(lang_url, "join/award.html", ".fact-chart-award .chart-mark", "data-group"))
        assert ordered([x for _, x in rounds]), (lang_url, rounds)

    # The value axis: its labels stand beyond the marks, on the right in Arabic, on the left in English.
    for lang_url, side in (("en", -1), ("ar", 1)):
        page = new_page(locale=lang_url, width=390, height=844)
        page.goto(f"{server.url}{lang_url}/index.html")
        figure = page.locator(".fact-chart-growth svg")
        marks = [b["x"] + b["width"] / 2 for b in (m.bounding_box() for m in figure.locator(".chart-mark").all())]
        ticks = figure.locator("text", has_text="500").bounding_box()
        tick = ticks["x"] + ticks["width"] / 2
        assert (tick - max(marks) > 0) if side > 0 else (min(marks) - tick > 0), (lang_url, tick, marks)
        assert figure.bounding_box()["width"] <= 390
    page = new_page(locale="ar", width=390, height=844)
    page.goto(f"{server.url}ar/index.html")
    page.screenshot(path=str(ROOT / "test-results" / "ar-growth-chart-390.png"), full_page=False)


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda l: l.url)
def test_landing_page_with_its_chart_stays_within_the_first_visit_budget(server, browser, lang):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    sizes: dict[str, int] = {}
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    page.goto(f"{server.url}{lang.url}/index.html", wait_until="load")
    page.wait_for_timeout(300)
    assert page.locator(".fact-chart-growth svg").count() == 1
    context.close()
    assert 0 < sum(sizes.values()) <= 300 * 1024, sum(sizes.values())
