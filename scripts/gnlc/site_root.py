"""The files at the site's root: language chooser, sitemap, robots.txt, 404.

The root page sends each visitor to the language their browser prefers
(English when none of those offered matches) and, without JavaScript, lists the
languages offered by their own names. The languages are those declared in
``docs/_data/languages.yaml`` that are published and offered (see
``languages.offered``: a language below the menu threshold is left out).
"""

from __future__ import annotations

import html
import os
import json
from pathlib import Path
from xml.sax.saxutils import escape

from .languages import SOURCE, offered
from .paths import Project

# Pages that are not content: kept out of the sitemap.
NOT_CONTENT = {"genindex.html", "search.html", "404.html", "py-modindex.html"}

ROOT_PAGE = """<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>UNESCO Global Network of Learning Cities</title>
{alternates}
<script>
// Pick the visitor's preferred language among those offered; English otherwise.
(function () {{
  var sites = {sites};
  var wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""];
  for (var i = 0; i < wanted.length; i++) {{
    var tag = String(wanted[i]).toLowerCase();
    var base = tag.split("-")[0];
    if (sites[tag]) {{ location.replace(sites[tag]); return; }}
    if (base === "zh" && !/(tw|hk|mo|hant)/.test(tag)) {{ location.replace(sites["zh-cn"]); return; }}
    if (base !== "zh" && sites[base]) {{ location.replace(sites[base]); return; }}
  }}
  location.replace(sites["{source}"]);
}})();
</script>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.6; }}
ul {{ list-style: none; padding: 0; }} li {{ margin: 0.5rem 0; font-size: 1.25rem; }}
</style>
</head>
<body>
<h1>UNESCO Global Network of Learning Cities</h1>
<nav aria-label="Languages"><ul>
{links}
</ul></nav>
</body>
</html>
"""


def published_pages(project: Project, url: str) -> list[str]:
    folder = project.html / url
    if not folder.is_dir():
        return []
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*.html")
        if p.name not in NOT_CONTENT and not p.relative_to(folder).parts[0].startswith("_")
    )


def write_site_root(project: Project, site_url: str = "") -> None:
    out = project.html
    out.mkdir(parents=True, exist_ok=True)
    present = [lang for lang in offered(project.locale) if (out / lang.url).exists()]
    sites = {lang.url: f"{lang.url}/" for lang in present}
    sites.setdefault(SOURCE, f"{SOURCE}/")
    # Absolute under the public address; root-relative without one (never a guessed host).
    root = site_url.rstrip("/") + "/" if site_url else "/"
    alternates = "\n".join(
        f'<link rel="alternate" hreflang="{lang.bcp47}" href="{html.escape(root + lang.url)}/">' for lang in present
    )
    links = "\n".join(
        f'<li><a href="{lang.url}/" hreflang="{lang.bcp47}" lang="{lang.bcp47}" dir="{lang.direction}">{lang.name}</a></li>'
        for lang in present
    )
    page = ROOT_PAGE.format(alternates=alternates, sites=json.dumps(sites), links=links, source=SOURCE)
    _write(out / "index.html", page)
    _write(out / "robots.txt", "User-agent: *\nAllow: /\n" + (f"Sitemap: {site_url}sitemap.xml\n" if site_url else ""))
    if (out / SOURCE / "404.html").is_file():
        # Hosts that serve one root 404 page (GitHub Pages) get the English one.
        _write(out / "404.html", (out / SOURCE / "404.html").read_text(encoding="utf-8"))
    if site_url:
        _write(out / "sitemap.xml", sitemap(project, present, site_url))
    else:
        # A sitemap's <loc> must be an absolute URL: without the public address there is none.
        (out / "sitemap.xml").unlink(missing_ok=True)


def sitemap(project: Project, present, site_url: str) -> str:
    base = site_url.rstrip("/") + "/"
    published = {lang.url: set(published_pages(project, lang.url)) for lang in present}
    pages = sorted(set().union(*published.values()))
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for lang in present:
        have = published[lang.url]
        for page in pages:
            if page not in have:
                continue
            lines.append(f"  <url><loc>{escape(base + lang.url + '/' + page)}</loc>")
            for alt in present:
                lines.append(
                    f'    <xhtml:link rel="alternate" hreflang="{alt.bcp47}" href="{escape(base + alt.url + "/" + page)}"/>'
                )
            lines.append(f'    <xhtml:link rel="alternate" hreflang="x-default" href="{escape(base + SOURCE + "/" + page)}"/>')
            lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # builds may run side by side
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
