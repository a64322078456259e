"""Quality gates over pages served on loopback: each returns a list of problems.

Used on the real site (every page of every language must pass) and on a
deliberately bad fixture page (each gate must catch its problem), so a gate
that cannot fail is itself caught.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def browser_problems(page, url: str) -> list[str]:
    """Console errors, uncaught exceptions and axe-core WCAG 2.1 A/AA violations of one page.

    Off-site requests are blocked and recorded by the test fixture's router.
    """
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(f"uncaught: {exc}"))
    response = page.goto(url, wait_until="load")
    if response is None or response.status >= 400:
        problems.append(f"HTTP {response.status if response else 'no response'}")
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    for violation in result["violations"]:
        targets = ", ".join(str(n["target"]) for n in violation["nodes"][:3])
        problems.append(f"axe {violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return problems


def html_checker_errors(paths: list[Path]) -> list[str]:
    """Nu HTML Checker errors (vnu.jar on Java 17) for the given files."""
    if not shutil.which("java"):
        raise RuntimeError("Java is not installed: `make test` installs default-jre-headless")
    errors: list[str] = []
    for start in range(0, len(paths), 200):  # keep the command line short
        chunk = [str(p) for p in paths[start:start + 200]]
        proc = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *chunk],
                              capture_output=True, text=True)
        data = json.loads(proc.stderr or proc.stdout or '{"messages": []}')
        for msg in data.get("messages", []):
            if msg.get("type") in ("error", "non-document-error"):
                where = f"{msg.get('url', '')}:{msg.get('lastLine', '?')}"
                errors.append(f"{where}: {msg.get('message')}")
    return errors


LINKCHECKER_CONFIG = Path(__file__).with_name("linkcheckerrc")


def linkchecker_errors(url: str) -> list[str]:
    """Broken internal links and #anchors found by LinkChecker crawling over HTTP."""
    proc = subprocess.run(
        [str(Path(shutil.which("linkchecker") or ROOT / ".venv" / "bin" / "linkchecker")),
         "--config", str(LINKCHECKER_CONFIG), "--no-status", "--output", "csv", "--recursion-level", "-1", url],
        capture_output=True, text=True,
    )
    text = proc.stdout
    problems = []
    for line in text.splitlines():
        if line.startswith("# ") or line.startswith("urlname;"):  # comments, header; "#anchor" rows are data
            continue
        fields = line.split(";")
        # urlname;parentname;base;result;warningstring;infostring;valid;url;...
        if len(fields) > 6 and fields[6] == "False":
            problems.append(f"{fields[1]} -> {fields[0]}: {fields[3]}")
        elif len(fields) > 4 and "anchor" in fields[4].lower():
            problems.append(f"{fields[1]} -> {fields[0]}: {fields[4]}")
    if proc.returncode not in (0, 1):
        problems.append(f"linkchecker failed ({proc.returncode}): {proc.stderr[-500:]}")
    return problems
