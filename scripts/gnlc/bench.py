"""``gnlc bench``: measure build speed and page cost in one run, on this machine.

Everything runs on temporary copies of the project under ``_build/bench/``,
so the working tree and its published site are never touched. Results go to
``_build/bench.json`` and are printed as a table. Figures are measurements,
not assertions: the README records them and the targets they are read against.
A saved msgstr is timed the way a translator sees it: ``gnlc serve`` running,
from the save until the served page shows it.
"""

from __future__ import annotations

import json
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from . import languages as langs
from .paths import Project

REPEATS = 5  # rebuilds measured per kind; the median is reported
COLD_REPEATS = 3  # pairs of cold builds (naive, then gnlc)

TARGETS = {
    "cold_ratio": "<= 0.50",
    "served_ratio_msgstr": "<= 0.30",
    "incremental_ratio_english": "<= 0.50",
    "landing_kb": "<= 300",
    "page_new_kb": "<= 100",
    "scale_cost_ratio": "<= 1.2",
}


def _env(copy: Project) -> dict:
    return {**os.environ, "GNLC_ROOT": str(copy.root), "PYTHONPATH": str(Path(__file__).resolve().parents[1])}


def timed(command: list[str], copy: Project, expect: str = "") -> float:
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=copy.root, env=_env(copy), stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0 or expect not in proc.stdout:
        raise SystemExit(f"bench: {' '.join(command)} failed:\n{proc.stdout[-3000:]}")
    return elapsed


def gnlc(copy: Project, *args: str, expect: str = "") -> float:
    return timed([sys.executable, "-m", "gnlc", *args], copy, expect)


class ServeProcess:
    """``gnlc serve`` running in a copy, as a translator has it running while editing."""

    def __init__(self, copy: Project):
        self.proc = subprocess.Popen([sys.executable, "-m", "gnlc", "serve", "--port", "0"],
                                     cwd=copy.root, env=_env(copy), stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True)
        output = []
        for line in self.proc.stdout:
            output.append(line)
            if match := re.match(r"Serving the site at (http://\S+/)", line):
                self.url = match[1]
            if line.startswith("Rebuilding on every save"):
                break
        else:
            raise SystemExit("bench: gnlc serve did not start:\n" + "".join(output[-40:]))
        # Keep reading its output, or it would block once the pipe is full.
        threading.Thread(target=lambda: [None for _ in self.proc.stdout], daemon=True).start()

    def time_until_served(self, path: str, text: str, timeout: float = 120) -> float:
        """Seconds from now until the served ``path`` contains ``text``."""
        import urllib.request

        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                if text in response.read().decode("utf-8"):
                    return time.perf_counter() - start
            time.sleep(0.02)
        raise SystemExit(f"bench: {path} did not show {text!r} within {timeout} s")

    def stop(self) -> None:
        self.proc.terminate()  # SIGTERM: gnlc serve stops any build it runs, and exits
        self.proc.wait(timeout=60)


def naive_build(copy: Project, languages) -> float:
    """One plain ``sphinx-build`` per language, one after the other: the baseline."""
    total = 0.0
    for lang in languages:
        total += timed([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "-D", f"language={lang.gettext}",
                        "-d", str(copy.build / "naive-doctrees" / lang.gettext), str(copy.docs),
                        str(copy.build / "naive" / lang.url)], copy)
    return total


def change_one_msgstr(copy: Project) -> str:
    """Reword one French paragraph (back and forth, one change per call); returns the new wording."""
    po = copy.locale / "fr" / "LC_MESSAGES" / "about" / "site.po"
    text = po.read_text(encoding="utf-8")
    before, after = "site de test de 122 pages en six langues", "site de test de 122 pages, en six langues"
    if before not in text:
        before, after = after, before
    if before not in text:
        raise SystemExit(f"bench: the French paragraph to change is no longer in {po}")
    po.write_text(text.replace(before, after, 1), encoding="utf-8")
    return after


def change_one_paragraph(copy: Project) -> None:
    page = copy.docs / "about" / "site.md"
    text = page.read_text(encoding="utf-8")
    before, after = "The portal is a static website.", "The portal is a static web site."
    if before not in text:  # changed already: change it back, which is a change too
        before, after = after, before
    page.write_text(text.replace(before, after, 1), encoding="utf-8")


def add_synthetic_cities(copy: Project, count: int, seed: int = 2023) -> None:
    """``count`` made-up case studies from the scaffold's template (for scale only).

    Written in one go rather than through ``new-city``, whose checks read every
    city again for each new one.
    """
    from .new_city import REGIONS, CityInput, register, render

    rng = random.Random(seed)
    themes = ["esd", "inclusion", "entrepreneurship", "citizenship", "health"]
    index = copy.cities / "index.md"
    for i in range(count):
        slug = f"synthetic-{i:03d}"
        page = render(CityInput(
            slug=slug, name=f"Synthetic City {i:03d}", country="Examplestan",
            region=rng.choice(REGIONS), lat=f"{rng.uniform(-50, 70):.3f}", lon=f"{rng.uniform(-170, 170):.3f}",
            themes=rng.choice(themes), joined=str(rng.choice([2015, 2019, 2022])), award="none", sources="SEED",
        ), copy)
        (copy.cities / f"{slug}.md").write_text(page, encoding="utf-8")
        index.write_text(register(index, slug), encoding="utf-8")


def page_costs(copy: Project, languages) -> dict:
    """First-visit bytes, requests and DOMContentLoaded in Chromium, per language."""
    from playwright.sync_api import sync_playwright

    from .serve import SiteHandler, SiteServer
    import functools
    import threading

    handler = functools.partial(SiteHandler, directory=str(copy.html))
    server = SiteServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    results = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"])
            for lang in languages:
                context = browser.new_context(viewport={"width": 390, "height": 844})
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                sizes: dict[str, int] = {}
                urls: dict[str, str] = {}
                cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
                cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))

                def visit(path: str) -> dict:
                    sizes.clear()
                    urls.clear()
                    page.goto(base + path, wait_until="load")
                    page.wait_for_timeout(300)
                    dcl = page.evaluate(
                        "() => { const n = performance.getEntriesByType('navigation')[0];"
                        " return n.domContentLoadedEventEnd - n.startTime; }")
                    counted = {rid: n for rid, n in sizes.items()
                               if not re.search(r"\.(webm|mp4)(\?|$)", urls.get(rid, ""))}
                    return {"kb": round(sum(counted.values()) / 1024, 1), "requests": len(counted),
                            "dom_content_loaded_ms": round(dcl, 1)}

                landing = visit(f"{lang.url}/index.html")
                city = visit(f"{lang.url}/cities/hamburg.html")  # same context: new bytes only
                results[lang.url] = {"landing": landing, "city_page_after_landing": city}
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return results


def lighthouse(copy: Project, languages) -> dict:
    """Lighthouse (npm, pinned) mobile performance and accessibility of each landing page."""
    cli = copy.root / "node_modules" / ".bin" / "lighthouse"
    if not cli.exists():
        return {"skipped": "lighthouse is not installed (npm ci installs it from package-lock.json)"}
    from .serve import SiteHandler, SiteServer
    import functools
    import threading

    server = SiteServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=str(copy.html)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    scores = {}
    try:
        for lang in languages:
            url = f"http://127.0.0.1:{server.server_port}/{lang.url}/index.html"
            proc = subprocess.run(
                [str(cli), url, "--quiet", "--output=json", "--form-factor=mobile",
                 "--only-categories=performance,accessibility",
                 "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking"],
                capture_output=True, text=True, env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"}, timeout=300,
            )
            if proc.returncode != 0:
                scores[lang.url] = {"error": proc.stderr[-500:]}
                continue
            report = json.loads(proc.stdout)
            scores[lang.url] = {name: round(cat["score"] * 100) for name, cat in report["categories"].items()}
    finally:
        server.shutdown()
        server.server_close()
    return scores


def run(project: Project, quick: bool = False, scale: tuple[int, int] | None = None,
        with_lighthouse: bool = True, echo=print) -> dict:
    work = project.build / "bench"
    languages = list(langs.LANGUAGES)
    results: dict = {"machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]},
                     "quick": quick, "targets": TARGETS}

    # A shared machine's speed drifts by several per cent within minutes: the two cold builds
    # are measured in turn, COLD_REPEATS times, and the ratio is the median of each pair's.
    naive_s, cold_s = [], []
    for n in range(1, COLD_REPEATS + 1):
        echo(f"cold builds, pair {n} of {COLD_REPEATS}: naive (one sphinx-build per language, in sequence), "
             "then gnlc build")
        naive_s.append(naive_build(project.copy_to(work / "naive"), languages))
        main = project.copy_to(work / "project")
        cold_s.append(gnlc(main, "build"))
    results["naive_cold_s"] = round(statistics.median(naive_s), 2)
    results["cold_s"] = round(statistics.median(cold_s), 2)
    results["cold_ratio"] = round(statistics.median(c / n for c, n in zip(cold_s, naive_s)), 3)

    echo("the PDFs' cost: gnlc build --no-pdf (cold)")
    results["cold_no_pdf_s"] = round(gnlc(project.copy_to(work / "no-pdf"), "build", "--no-pdf"), 2)
    results["pdf_s"] = round(results["cold_s"] - results["cold_no_pdf_s"], 2)

    echo(f"rebuilds, each a `gnlc build` ({REPEATS} of each)")
    samples: dict[str, list[float]] = {"noop_s": [], "incremental_msgstr_s": [], "incremental_english_s": [],
                                       "served_msgstr_s": []}
    for _ in range(REPEATS):
        samples["noop_s"].append(gnlc(main, "build"))
        change_one_msgstr(main)
        samples["incremental_msgstr_s"].append(gnlc(main, "build"))
        change_one_paragraph(main)
        samples["incremental_english_s"].append(gnlc(main, "build"))
    echo(f"a saved msgstr until the page served by `gnlc serve` shows it ({REPEATS} times)")
    server = ServeProcess(main)
    try:
        for _ in range(REPEATS):
            time.sleep(1.5)  # past the watcher's grouping of saves: each save is a rebuild of its own
            wording = change_one_msgstr(main)
            samples["served_msgstr_s"].append(server.time_until_served("fr/about/site.html", wording))
    finally:
        server.stop()
    results.update({name: round(statistics.median(values), 3) for name, values in samples.items()})
    results["samples"] = {name: [round(v, 3) for v in values]
                          for name, values in {**samples, "naive_cold_s": naive_s, "cold_s": cold_s}.items()}
    for ratio, seconds in (("incremental_ratio_msgstr", "incremental_msgstr_s"),
                           ("incremental_ratio_english", "incremental_english_s"),
                           ("served_ratio_msgstr", "served_msgstr_s")):
        results[ratio] = round(results[seconds] / results["cold_s"], 3)

    echo("page cost in Chromium")
    results["pages"] = page_costs(main, languages)
    results["landing_kb_max"] = max(v["landing"]["kb"] for v in results["pages"].values())
    results["page_new_kb_max"] = max(v["city_page_after_landing"]["kb"] for v in results["pages"].values())

    small, large = scale or ((10, 30) if quick else (30, 300))
    echo(f"scale: {small} and {large} synthetic cities (English)")
    per_page = {}
    for n in (small, large):
        copy = project.copy_to(work / f"scale-{n}")
        add_synthetic_cities(copy, n)
        seconds = gnlc(copy, "build", "--lang", "en")
        pages = sum(1 for _ in (copy.html / "en").rglob("*.html"))
        per_page[n] = {"seconds": round(seconds, 2), "pages": pages, "s_per_page": round(seconds / pages, 4)}
    results["scale"] = per_page
    results["scale_cost_ratio"] = round(per_page[large]["s_per_page"] / per_page[small]["s_per_page"], 3)

    if with_lighthouse and not quick:
        echo("Lighthouse, mobile, landing page of each language")
        results["lighthouse"] = lighthouse(main, languages)

    (project.build / "bench.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n",
                                              encoding="utf-8")
    return results


def table(results: dict) -> str:
    rows = [
        ("naive cold build, 6 languages", f"{results['naive_cold_s']} s", ""),
        ("gnlc build, cold", f"{results['cold_s']} s", ""),
        ("cold_ratio", str(results["cold_ratio"]), TARGETS["cold_ratio"]),
        ("the twelve PDFs (cold build less a --no-pdf one)", f"{results['pdf_s']} s", ""),
        ("noop_s, gnlc build", f"{results['noop_s']} s", ""),
        ("served_ratio (a saved msgstr on the page gnlc serve serves)", str(results["served_ratio_msgstr"]),
         TARGETS["served_ratio_msgstr"]),
        ("incremental_ratio (one msgstr), gnlc build", str(results["incremental_ratio_msgstr"]), ""),
        ("incremental_ratio (one English paragraph), gnlc build", str(results["incremental_ratio_english"]),
         TARGETS["incremental_ratio_english"]),
        ("landing page, first visit (max of 6)", f"{results['landing_kb_max']} KB", TARGETS["landing_kb"]),
        ("city page after landing, new bytes (max)", f"{results['page_new_kb_max']} KB", TARGETS["page_new_kb"]),
        ("per-page build cost, large / small N", str(results["scale_cost_ratio"]), TARGETS["scale_cost_ratio"]),
    ]
    width = max(len(r[0]) for r in rows)
    lines = [f"{name:<{width}}  {value:>10}  {target}" for name, value, target in rows]
    lines.append("")
    lines.append("per language: landing KB / requests / DCL ms; city page new KB / requests")
    for url, v in results["pages"].items():
        l, c = v["landing"], v["city_page_after_landing"]
        lines.append(f"  {url:6} {l['kb']:>7} KB {l['requests']:>3} req {l['dom_content_loaded_ms']:>7} ms"
                     f"   {c['kb']:>7} KB {c['requests']:>3} req")
    for n, v in results["scale"].items():
        lines.append(f"  scale N={n}: {v['seconds']} s for {v['pages']} pages = {v['s_per_page']} s/page")
    if "lighthouse" in results:
        lines.append(f"  lighthouse: {json.dumps(results['lighthouse'], ensure_ascii=False)}")
    return "\n".join(lines)
