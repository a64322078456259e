"""Contributors add a city with one command; bad or duplicate cities are refused."""

from __future__ import annotations

import re

import pytest

from conftest import LANGUAGES, gnlc

pytestmark = pytest.mark.slow

TESTVILLE = ["--slug", "testville", "--name", "Testville", "--country", "Kenya", "--region", "Africa",
             "--lat", "-4.05", "--lon", "39.66", "--themes", "health,inclusion", "--joined", "2024",
             "--award", "none", "--sources", "SEED"]


def test_scaffolded_city_builds_everywhere_and_is_listed(project_copy):
    proc = gnlc(project_copy, "new-city", *TESTVILLE)
    assert "docs/cities/testville.md" in proc.stdout and "make site" in proc.stdout
    page = project_copy.cities / "testville.md"
    assert page.read_text(encoding="utf-8").startswith("---\nmyst:")
    assert "testville\n```" in (project_copy.cities / "index.md").read_text(encoding="utf-8")
    gnlc(project_copy, "build")  # all six languages, warnings as errors
    for lang in LANGUAGES:
        out = project_copy.html / lang.url
        assert (out / "cities" / "testville.html").is_file(), lang.url
        index = (out / "cities" / "index.html").read_text(encoding="utf-8")
        assert index.count('href="testville.html"') >= 2, "a card and a map marker"
        assert re.search(r'class="map-marker"[^>]*style="--x:[\d.]+%;--y:[\d.]+%"><p[^>]*><a[^>]*href="testville.html"', index)
        for theme in ("health", "inclusion"):
            theme_page = (out / "themes" / f"{theme}.html").read_text(encoding="utf-8")
            assert 'href="../cities/testville.html"' in theme_page, (lang.url, theme)
        assert 'href="../cities/testville.html"' not in (out / "themes" / "esd.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"--slug": "hamburg"}, "docs/cities/hamburg.md already exists"),
        ({"--name": "Dublin"}, "city.name: 'Dublin' is already declared in docs/cities/dublin.md"),
        ({"--lat": "123"}, "docs/cities/testville.md:9: city.lat: 123 is greater than the maximum of 90"),
        ({"--region": "Oceania"}, "docs/cities/testville.md:8: city.region: 'Oceania' is not one of"),
        ({"--themes": "tourism"}, "docs/cities/testville.md:11: city.themes.0: 'tourism' is not one of"),
        ({"--joined": "soon"}, "city.joined: 'soon' is not a year"),
        ({"--sources": "NOPE"}, "city.sources: unknown source key(s) NOPE"),
        ({"--slug": "Bad Slug"}, "slug: 'Bad Slug' must be lower-case"),
    ],
)
def test_refuses_bad_or_duplicate_city_and_writes_nothing(project_copy, change, message):
    args = list(TESTVILLE)
    for flag, value in change.items():
        args[args.index(flag) + 1] = value
    before = {p: p.read_bytes() for p in project_copy.docs.rglob("*") if p.is_file()}
    proc = gnlc(project_copy, "new-city", *args, check=False)
    assert proc.returncode == 2
    assert message in proc.stderr, proc.stderr
    assert "Nothing was written." in proc.stderr
    after = {p: p.read_bytes() for p in project_copy.docs.rglob("*") if p.is_file()}
    assert after == before


def test_schema_rejects_malformed_city_naming_file_and_field(project_copy):
    page = project_copy.cities / "nairobi.md"
    page.write_text(page.read_text(encoding="utf-8").replace("lon: 36.817", "lon: east"), encoding="utf-8")
    proc = gnlc(project_copy, "build", "--lang", "en", check=False)
    assert proc.returncode != 0
    assert re.search(r"docs/cities/nairobi\.md:\d+: city\.lon: 'east' is not of type 'number'", proc.stdout), proc.stdout
