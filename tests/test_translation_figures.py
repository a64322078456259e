"""The translation figures: i18n-stats, the status page and each page's banner count alike.

They count catalog entries translated and not fuzzy, rounded down, so nothing
shows 100% while an entry is left; the status page lays out every language alike.
"""

from __future__ import annotations

import json
import re

import polib
import pytest

from conftest import gnlc
from gnlc import languages as langs
from gnlc.stats import Counts

OLD = "The portal is a static website."


def test_percent_is_rounded_down():
    assert Counts(translated=199, fuzzy=1).percent == 99
    assert Counts(translated=199, untranslated=1).percent == 99
    assert Counts(translated=200).percent == 100
    assert Counts(translated=2, fuzzy=1).percent == 66


def _notice_percent(html: str) -> int:
    notice = re.search(r'<p class="translation-notice">(.*?)</p>', html, re.S)
    assert notice, "the page shows no translation notice"
    return int(re.search(r"(\d+)[\s\u00a0\u202f]*%", notice.group(1)).group(1))


def _status(html: str) -> tuple[list[int], dict[str, list[int]]]:
    bars = [int(v) for v in re.findall(r'<progress max="100" value="(\d+)"', html)]
    rows = {}
    for name, cells in re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', html):
        rows[re.sub(r"<[^>]+>", "", name)] = [int(v) for v in re.findall(r"<td[^>]*>(\d+)%</td>", cells)]
    return bars, rows


@pytest.mark.slow
def test_one_changed_sentence_gives_the_same_figure_below_100_everywhere(project_copy):
    page = project_copy.docs / "about" / "site.md"
    text = page.read_text(encoding="utf-8")
    assert OLD in text
    page.write_text(text.replace(OLD, "The portal is a static web site.", 1), encoding="utf-8")
    gnlc(project_copy, "i18n-update")
    gnlc(project_copy, "build", "--lang", "fr")

    data = json.loads(gnlc(project_copy, "i18n-stats", "--json").stdout)
    figures = {code: data[code]["pages"]["about/site"] for code in data}
    assert all(f["fuzzy"] == 1 for f in figures.values()), figures
    page_figure = figures["fr"]["percent"]
    assert 0 < page_figure < 100
    totals = [data[l.gettext]["total"]["percent"] for l in langs.TRANSLATIONS]
    assert all(t < 100 for t in totals), totals  # one fuzzy entry among thousands: 99, not 100
    table = gnlc(project_copy, "i18n-stats", "--lang", "fr").stdout
    assert re.search(rf"^Français \(fr\)\s+{totals[0]}%\s+1\s", table, re.M), table

    html = project_copy.html / "fr" / "about"
    assert _notice_percent((html / "site.html").read_text(encoding="utf-8")) == page_figure
    bars, rows = _status((html / "status.html").read_text(encoding="utf-8"))
    assert bars == totals
    assert rows["about/site"] == [figures[l.gettext]["percent"] for l in langs.TRANSLATIONS]


@pytest.mark.slow
def test_status_page_names_the_interface_and_introduces_its_table(site):
    for lang in langs.LANGUAGES:
        html = (site.html / lang.url / "about" / "status.html").read_text(encoding="utf-8")
        assert html.index('id="per-page"') < html.index('class="status-table"'), lang.url
        heading_to_table = html[html.index('id="per-page"'):html.index('class="status-table"')]
        assert heading_to_table.count("<p") >= 2, "the explanation comes between the heading and the table"
        _, rows = _status(html)
        first = next(iter(rows))
        assert "sphinx" not in rows and first not in ("", "sphinx")
        if lang.is_source:
            assert first == "Site interface"
        else:
            po = polib.pofile(str(site.locale / lang.gettext / "LC_MESSAGES" / "about" / "status.po"))
            assert first == po.find("Site interface").msgstr, lang.url


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_language_bar_is_laid_out_alike(server, new_page, lang):
    page = new_page(locale=lang, width=1280)
    page.goto(f"{server.url}{lang}/about/status.html")
    rows = page.locator(".status-language")
    assert rows.count() == 5
    boxes = [rows.nth(i).locator("progress").bounding_box() for i in range(5)]
    names = [rows.nth(i).locator(".status-name").bounding_box() for i in range(5)]
    assert all(b and b["width"] > 50 for b in boxes), boxes
    # Same column for every language's bar (Arabic's included), on its own name's line.
    assert len({round(b["x"]) for b in boxes}) == 1, boxes
    assert len({round(b["width"]) for b in boxes}) == 1, boxes
    for bar, name in zip(boxes, names):
        assert abs((bar["y"] + bar["height"] / 2) - (name["y"] + name["height"] / 2)) < name["height"], (bar, name)
    # The bars start where the page's text starts: after the names in English, before them in Arabic.
    # and every name starts at the page's start edge, whatever the name's own direction.
    if lang == "ar":
        assert all(b["x"] + b["width"] <= n["x"] + 1 for b, n in zip(boxes, names))
        assert len({round(n["x"] + n["width"]) for n in names}) == 1, names
    else:
        assert all(n["x"] + n["width"] <= b["x"] + 1 for b, n in zip(boxes, names))
        assert len({round(n["x"]) for n in names}) == 1, names
