"""Build the six languages in parallel and publish each one atomically.

Each language is built by Sphinx, warnings as errors, in a worker process of
its own (``workers.py``) into its own working folder, ``_build/work/<lang>``,
which keeps Sphinx's incremental state; a language whose inputs are unchanged
since its last build is not built at all (``inputs.py``). Only when a language
builds completely is its output copied into a new folder under
``_build/publish/`` and the symbolic link ``_build/html/<url>`` switched to it
in one atomic rename. A failed, interrupted or crashed build therefore never
touches what is published: readers see the previous version of that language
until a good one replaces it. The output is the same as ``sphinx-build``'s
(``tests/test_build.py`` compares them file by file).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from . import files, inputs
from . import languages as langs
from .languages import Language
from .paths import Project
from .site_root import write_site_root
from .workers import LanguageWorker, extensions_stamp, forget_extensions, package_stamp, preload, startup_stamp

# "file:line: WARNING: message" as Sphinx prints it; the first one is reported.
PROBLEM = re.compile(r"^(?P<where>\S.*?:\d+): (?:WARNING|ERROR|CRITICAL|SEVERE): (?P<msg>.*)$")
FATAL = re.compile(r"^(?:Sphinx error|Extension error|City data error|Configuration error|Exception occurred)[:]?(.*)$")


@dataclass
class Result:
    lang: Language
    ok: bool = False
    published: bool = False
    pages: int = 0
    seconds: float = 0.0
    error: str = ""
    log: Path | None = None
    changed: bool = True

    @property
    def status(self) -> str:
        if self.ok:
            return "published" if self.changed else "unchanged"
        return "FAILED, previous version kept" if self.published else "FAILED, nothing published"


ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
TRACE_FILE = re.compile(r'^File "(?P<file>[^"]+)", line (?P<line>\d+)')
EXCEPTION = re.compile(r"^(?P<type>[A-Za-z_][\w.]*): (?P<msg>.+)$")
LOCATED = re.compile(r"^\S+:\d+: ")


def first_problem(log_text: str) -> str:
    lines = [line.strip() for line in log_text.splitlines()]
    for line in lines:
        if match := PROBLEM.match(line):
            return f"{match['where']}: {match['msg']}"
    # A crash: the exception with the innermost frame that raised it.
    where = ""
    for line in lines:
        if match := TRACE_FILE.match(line):
            where = f"{match['file']}:{match['line']}: "
        elif where and (match := EXCEPTION.match(line)):
            # Our own errors already name the file and line at fault; others get the frame.
            return match["msg"] if LOCATED.match(match["msg"]) else where + line
    for line in lines:
        if FATAL.match(line):
            return line
    lines = [line for line in lines if line]
    return lines[-1] if lines else "sphinx-build failed without output"


def work_dir(project: Project, lang: Language) -> Path:
    return project.build / "work" / lang.gettext


def published_dir(project: Project, lang: Language) -> Path:
    return project.html / lang.url


def publish(project: Project, lang: Language) -> bool:
    """Copy the finished build aside and switch the language's link to it atomically.

    Files unchanged since the last publication are hard links to the published
    copy (published files are never modified, only replaced), so an incremental
    build publishes in proportion to what changed. Returns False when nothing
    changed and the published version stays as it is.
    """
    store = project.build / "publish"
    store.mkdir(parents=True, exist_ok=True)
    link = published_dir(project, lang)
    previous = link.resolve() if link.is_symlink() else None
    work = work_dir(project, lang)
    built = {os.path.relpath(path, work): info for path, info in files.walk(work)
             if not os.path.basename(path).startswith(".buildinfo")}
    before = ({os.path.relpath(path, previous): info for path, info in files.walk(previous)}
              if previous is not None and previous.is_dir() else {})
    same: dict[str, bool] = {}

    def unchanged(rel: str) -> bool:
        """Same content: Sphinx rewrites some files (the search index, say) on every build."""
        if rel not in same:
            a, b = built[rel], before.get(rel)
            same[rel] = b is not None and a.st_size == b.st_size and (
                a.st_mtime_ns == b.st_mtime_ns or (work / rel).read_bytes() == (previous / rel).read_bytes())
        return same[rel]

    if before and before.keys() == built.keys() and all(unchanged(rel) for rel in built):
        return False
    stamp = f"{lang.url}-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.monotonic_ns()}"
    fresh = store / stamp
    for rel in built:
        target = fresh / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if rel in before and unchanged(rel):
            os.link(previous / rel, target)
        else:
            # A real copy, never a link to the work folder: Sphinx rewrites its files in place.
            shutil.copy2(work / rel, target)
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.exists() and not link.is_symlink():
        shutil.rmtree(link)  # an output folder from before atomic publishing
    tmp = link.with_name(f".{lang.url}.{os.getpid()}.link")
    if tmp.is_symlink():
        tmp.unlink()
    tmp.symlink_to(os.path.relpath(fresh, link.parent))
    os.replace(tmp, link)  # rename(2): readers see the old or the new site, never a mix
    return True


def prune_published(project: Project, lang: Language) -> None:
    """Delete the language's earlier published versions (see :func:`publish`).

    Separate from publishing so that a kept worker does it once idle, after
    replying: deleting a few hundred files is not on the way to a page.
    """
    link = published_dir(project, lang)
    current = link.resolve() if link.is_symlink() else None
    for old_dir in (project.build / "publish").glob(f"{lang.url}-*"):
        if old_dir != current:
            shutil.rmtree(old_dir, ignore_errors=True)


def count_pages(folder: Path) -> int:
    return len(files.walk(folder, ".html"))


class Builder:
    """Builds and publishes languages; keeps each language's worker when ``keep`` is set.

    ``gnlc build`` uses one for a single build. ``gnlc serve`` keeps one for its
    whole life, so that a rebuild reuses each language's Sphinx application.
    """

    def __init__(self, project: Project, jobs: int = 2, keep: bool = False):
        self.project, self.jobs, self.keep = project, max(1, jobs), keep
        self.workers: dict[str, LanguageWorker] = {}
        self.preloaded: tuple | None = None  # the extensions' stamp when the parent imported them
        self.package = package_stamp(project)  # this package's stamp when this process started
        self.started = startup_stamp(project)
        self.site_root_url: str | None = None  # the root pages (language chooser, sitemap) written for

    def preload(self) -> None:
        """Load what the workers share (not at all when no language needs building).

        Again when the extensions were edited since: the workers then fork
        from the new code.
        """
        current = extensions_stamp(self.project)
        if self.preloaded != current:
            if self.preloaded is not None:
                self.close()
                forget_extensions(self.project)
            preload(self.project)
            self.preloaded = current

    def _worker(self, lang: Language, site_url: str) -> LanguageWorker:
        code = (self.preloaded, package_stamp(self.project))
        worker = self.workers.get(lang.gettext)
        if worker is not None and not worker.usable(site_url, code):
            worker.close()
            worker = None
        if worker is None:
            worker = self.workers[lang.gettext] = LanguageWorker(
                self.project, lang, site_url, work_dir(self.project, lang),
                self.project.build / "doctrees" / lang.gettext, code, fresh=code[1] != self.package, kept=self.keep)
        return worker

    def build(self, selected: list[Language] | None = None, site_url: str = "", echo=print,
              force: bool = False) -> list[Result]:
        selected = selected or list(langs.LANGUAGES)
        ensure_node_modules(self.project, echo)
        with _exclusive(self.project, echo):
            return self._build(selected, site_url, echo, force)

    def _build(self, selected: list[Language], site_url: str, echo, force: bool) -> list[Result]:
        from concurrent.futures import ThreadPoolExecutor

        shared = inputs.shared(self.project)
        digests = {lang.gettext: inputs.digest(self.project, lang, site_url, shared) for lang in selected}
        results = {lang.gettext: self._unchanged(lang) for lang in selected
                   if not force and inputs.unchanged(self.project, lang, digests[lang.gettext])
                   and published_dir(self.project, lang).is_dir()}
        for result in results.values():
            echo(f"[{result.lang.url:5}] unchanged since its last build")
        order = sorted((l for l in selected if l.gettext not in results),
                       key=lambda l: l.gettext != "zh_CN")  # longest build first
        if order:
            self.preload()
            started = startup_stamp(self.project)
            if started != self.started:  # every kept application read the old data: start new ones
                self.close()
                self.started = started
            # Fork the workers before this build's own threads start.
            workers = {lang.gettext: self._worker(lang, site_url) for lang in order}
            # Threads only drive the worker processes and publish, so publishing never blocks a build.
            # Warm workers all start at once: their rebuilds are short, and the cores stay busy
            # while this process publishes. Cold ones start `jobs` at a time.
            warm = all(worker.warm for worker in workers.values())
            try:
                with ThreadPoolExecutor(max_workers=len(order) if warm else min(self.jobs, len(order))) as threads:
                    futures = [threads.submit(self._build_one, lang, workers[lang.gettext],
                                              digests[lang.gettext], echo) for lang in order]
                    results |= {f.result().lang.gettext: f.result() for f in futures}
            except KeyboardInterrupt:
                echo("interrupted: published languages are unchanged")
                self.close()
                raise
            if not self.keep:
                self.close()
        if (any(r.changed and r.ok for r in results.values()) or site_url != self.site_root_url
                or not (self.project.html / "index.html").is_file()):
            write_site_root(self.project, site_url)
            self.site_root_url = site_url
        return [results[l.gettext] for l in selected]

    def _unchanged(self, lang: Language) -> Result:
        return Result(lang, ok=True, published=True, changed=False,
                      pages=count_pages(published_dir(self.project, lang)))

    def _build_one(self, lang: Language, worker: LanguageWorker, digest: str, echo) -> Result:
        project = self.project
        result = Result(lang, published=published_dir(project, lang).exists())
        logs = project.build / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        result.log = logs / f"{lang.gettext}.log"
        start = time.monotonic()
        echo(f"[{lang.url:5}] building")
        if True:  # the catalogs are checked inside the build (docs/_ext/translation_guard.py)
            reply = worker.build(result.log)
            status = reply["status"]
            output = result.log.read_text(encoding="utf-8", errors="replace") if result.log.exists() else ""
            # Sphinx may still write terminal codes (a CI's FORCE_COLOR, say): keep the log plain.
            clean = ANSI.sub("", output).replace("\r", "\n")
            if clean != output:
                result.log.write_text(clean, encoding="utf-8")
                output = clean
            if status == 0:
                result.ok = True
            else:
                result.error = first_problem(output) if status != -1 else "the build process crashed"
                # Sphinx saved its state despite the warnings; forget it so the next
                # build reads every page again and reports the problem again.
                shutil.rmtree(project.build / "doctrees" / lang.gettext, ignore_errors=True)
        if result.ok:
            result.changed, result.pages, result.published = reply["changed"], reply["pages"], True
            inputs.store(project, lang, digest)
        result.seconds = time.monotonic() - start
        echo(f"[{lang.url:5}] {'done' if result.ok else 'FAILED'} in {result.seconds:.1f} s"
             + (f": {result.error}" if result.error else ""))
        return result

    def close(self) -> None:
        for worker in self.workers.values():
            worker.close()
            prune_published(self.project, worker.lang)
        self.workers.clear()


@contextlib.contextmanager
def _exclusive(project: Project, echo):
    """One build at a time per project, whichever process runs it: they share ``_build/work``."""
    import fcntl

    project.build.mkdir(parents=True, exist_ok=True)
    with open(project.build / ".build.lock", "w") as lock:
        # A POSIX record lock, not flock(): worker processes forked meanwhile must not inherit it.
        try:
            fcntl.lockf(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            echo("waiting for another build of this project to finish")
            fcntl.lockf(lock, fcntl.LOCK_EX)
        yield


def build(project: Project, selected: list[Language] | None = None, jobs: int = 2,
          site_url: str = "", echo=print, force: bool = False) -> list[Result]:
    """One build of the selected languages (all six by default)."""
    return Builder(project, jobs).build(selected, site_url, echo, force)


def ensure_node_modules(project: Project, echo) -> None:
    if (project.root / "node_modules" / "world-atlas").is_dir():
        return
    npm = shutil.which("npm")
    if not npm:
        raise SystemExit("npm is needed for the map data (Natural Earth from the npm registry): install Node.js and npm")
    echo("installing npm packages from package-lock.json")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=project.root, check=True)


def summary(results: list[Result]) -> str:
    rows = [("language", "pages", "time", "status")]
    for r in results:
        rows.append((f"{r.lang.name} ({r.lang.url})", str(r.pages or "-"), f"{r.seconds:.1f} s", r.status))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    failures = [r for r in results if not r.ok]
    for r in failures:
        lines.append(f"{r.lang.url}: {r.error} (full log: {r.log})")
    return "\n".join(lines)
