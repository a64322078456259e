"""Build the six languages, two at a time, and publish each one atomically.

Each language is built by ``sphinx-build``'s own ``main()`` (warnings are
errors) in a process forked from multiprocessing's forkserver, which has
imported Sphinx, MyST and WeasyPrint once (``forkserver_preload.py``): about
a second and a half less per language. A fork whose preloaded files changed on
disk since runs a fresh ``sphinx-build`` instead. No Sphinx application
outlives its build; the forkserver (the standard library's, listening in a
private 0700 folder) lives as long as this command. Each build goes into its
own working folder, ``_build/work/<lang>``, which keeps
Sphinx's incremental state; a language whose inputs are unchanged since its
last successful build is not built at all (``inputs.py``). Only when a
language builds completely is its output copied into a new folder under
``_build/publish/`` and the symbolic link ``_build/html/<url>`` switched to it
in one atomic rename. A failed, interrupted or crashed build therefore never
touches what is published: readers see the previous version of that language
until a good one replaces it.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import files, inputs
from . import languages as langs
from .languages import Language
from .paths import Project
from .site_root import write_site_root

# "file:line: WARNING: message" as Sphinx prints it; the first one is reported.
PROBLEM = re.compile(r"^(?P<where>\S.*?:\d+): (?:WARNING|ERROR|CRITICAL|SEVERE): (?P<msg>.*)$")
FATAL = re.compile(r"^(?:Sphinx error|Extension error|City data error|Configuration error|Exception occurred)[:]?(.*)$")
JOBS = 2  # languages built at once: more only makes each slower on a two-core machine
UNFINISHED = "gnlc-unfinished"  # in a language's doctrees while its sphinx-build runs


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

    Separate from publishing: a reader may still be fetching the previous
    version's files, so they go once the whole build is over.
    """
    link = published_dir(project, lang)
    current = link.resolve() if link.is_symlink() else None
    for old_dir in (project.build / "publish").glob(f"{lang.url}-*"):
        if old_dir != current:
            shutil.rmtree(old_dir, ignore_errors=True)


def count_pages(folder: Path) -> int:
    return len(files.walk(folder, ".html"))


def doctree_dir(project: Project, lang: Language) -> Path:
    return project.build / "doctrees" / lang.gettext


def sphinx_config(lang: Language, site_url: str, pdfs: bool = True) -> dict[str, str]:
    """The configuration values a language's build overrides (``-D`` on the command line)."""
    overrides = {"language": lang.gettext} | ({} if pdfs else {"gnlc_pdfs": "0"})
    if site_url:
        base = site_url.rstrip("/") + "/"
        overrides |= {"gnlc_site_url": base, "html_baseurl": f"{base}{lang.url}/"}
    return overrides


def sphinx_command(project: Project, lang: Language, site_url: str, pdfs: bool = True) -> list[str]:
    """The plain ``sphinx-build`` command line that builds one language."""
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "-d", str(doctree_dir(project, lang))]
    for name, value in sphinx_config(lang, site_url, pdfs).items():
        command += ["-D", f"{name}={value}"]
    return command + [str(project.docs), str(work_dir(project, lang))]


def _sphinx_env() -> dict[str, str]:
    """What a build's environment sets: plain logs (no colours) written as they happen."""
    return {"NO_COLOR": "1", "PYTHONUNBUFFERED": "1",
            "PYTHONPATH": os.pathsep.join(p for p in (str(Path(__file__).resolve().parents[1]),
                                                       os.environ.get("PYTHONPATH", "")) if p)}


def _forkserver() -> multiprocessing.context.ForkServerContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["gnlc.forkserver_preload"])
    return context


def _run_sphinx(command: list[str], cwd: str, env: dict[str, str], log: str) -> None:
    """In the forked process: run ``command`` (``python -m sphinx ...``) with its output in ``log``."""
    os.chdir(cwd)
    os.environ.pop("FORCE_COLOR", None)
    os.environ.update(env)
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    from . import forkserver_preload

    loaded = [getattr(module, "__file__", None) for module in list(sys.modules.values())]
    if any(os.stat(path).st_mtime > forkserver_preload.PRELOADED_AT for path in loaded if path and os.path.exists(path)):
        os.execv(command[0], command)  # code changed since the forkserver imported it: a fresh interpreter
    sys.stdout = sys.stderr = open(1, "w", encoding="utf-8", errors="backslashreplace", buffering=1, closefd=False)
    from sphinx.cmd.build import main

    sys.argv = ["sphinx-build", *command[3:]]
    sys.exit(main(command[3:]))


class _Children:
    """The running builds, so that an interruption stops every one."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.running: set[multiprocessing.process.BaseProcess] = set()
        self.stopped = False

    def start(self, command: list[str], cwd: Path, log: Path) -> multiprocessing.process.BaseProcess | None:
        with self.lock:
            if self.stopped:
                return None
            proc = _forkserver().Process(target=_run_sphinx, args=(command, str(cwd), _sphinx_env(), str(log)),
                                         name=f"sphinx-build {log.stem}")
            proc.start()
            self.running.add(proc)
            return proc

    def finished(self, proc: multiprocessing.process.BaseProcess) -> None:
        with self.lock:
            self.running.discard(proc)

    def stop(self) -> None:
        with self.lock:
            self.stopped = True
            running = list(self.running)
        for proc in running:
            proc.terminate()
        for proc in running:
            proc.join(timeout=15)
            if proc.exitcode is None:
                proc.kill()
                proc.join()


@contextlib.contextmanager
def _interruptible():
    """Ctrl-C and SIGTERM raise KeyboardInterrupt here, whatever this process inherited.

    A process started in the background inherits SIGINT ignored, and would
    otherwise run its build to the end; the ``sphinx-build`` children get
    default handlers either way (exec resets handled signals).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = {sig: signal.signal(sig, interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def build(project: Project, selected: list[Language] | None = None, jobs: int = JOBS,
          site_url: str = "", echo=print, force: bool = False, pdfs: bool = True) -> list[Result]:
    """Build the selected languages (all six by default), ``jobs`` at a time, and publish each that succeeds.

    ``pdfs`` off (``gnlc serve``): no PDFs and no links to them (``pdf_downloads``).
    """
    selected = selected or list(langs.LANGUAGES)
    ensure_node_modules(project, echo)
    if not shutil.which("msgfmt") and any(not lang.is_source for lang in selected):
        raise SystemExit("GNU gettext's msgfmt checks the translations before they are built: "
                         "install gettext (Debian: apt-get install gettext)")
    with _interruptible(), _exclusive(project, echo):
        shared = inputs.shared(project)
        digests = {lang.gettext: inputs.digest(project, lang, site_url, shared, pdfs) for lang in selected}
        results = {lang.gettext: Result(lang, ok=True, published=True, changed=False,
                                        pages=count_pages(published_dir(project, lang)))
                   for lang in selected
                   if not force and inputs.unchanged(project, lang, digests[lang.gettext])
                   and published_dir(project, lang).is_dir()}
        for result in results.values():
            echo(f"[{result.lang.url:5}] unchanged since its last build")
        # Longest first, shortest last, so that neither slot idles long at the end: Chinese
        # (its search segments every page), the translations, then the source (nothing to translate).
        order = sorted((l for l in selected if l.gettext not in results),
                       key=lambda l: (l.gettext != "zh_CN", l.is_source))
        children = _Children()
        pool = ThreadPoolExecutor(max_workers=max(1, min(jobs, len(order) or 1)))
        try:
            futures = [pool.submit(_build_one, project, lang, site_url, digests[lang.gettext], children, echo, pdfs)
                       for lang in order]
            results |= {f.result().lang.gettext: f.result() for f in futures}
        except KeyboardInterrupt:
            children.stop()
            pool.shutdown(wait=True, cancel_futures=True)
            echo("interrupted: published languages are unchanged")
            raise
        finally:
            pool.shutdown(wait=True)
        for lang in order:
            prune_published(project, lang)
        if any(r.ok and r.changed for r in results.values()) or not (project.html / "index.html").is_file():
            write_site_root(project, site_url)
        return [results[l.gettext] for l in selected]


def _build_one(project: Project, lang: Language, site_url: str, digest: str, children: _Children,
               echo, pdfs: bool = True) -> Result:
    result = Result(lang, published=published_dir(project, lang).exists())
    logs = project.build / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    result.log = logs / f"{lang.gettext}.log"
    start = time.monotonic()
    echo(f"[{lang.url:5}] building")
    doctrees = doctree_dir(project, lang)
    unfinished = doctrees / UNFINISHED
    if unfinished.exists():
        # The build before was killed (it could not clean up): Sphinx may have saved its state
        # after reading and died while writing, and would not write those pages again.
        shutil.rmtree(doctrees, ignore_errors=True)
    doctrees.mkdir(parents=True, exist_ok=True)
    unfinished.touch()
    proc = children.start(sphinx_command(project, lang, site_url, pdfs), project.root, result.log)
    status = -1
    if proc:
        proc.join()
        status = proc.exitcode
        children.finished(proc)
    if status == 0 and not children.stopped:
        result.ok = result.published = True
        result.changed = publish(project, lang)
        result.pages = count_pages(published_dir(project, lang))
        inputs.store(project, lang, digest)
        unfinished.unlink()
    else:
        output = result.log.read_text(encoding="utf-8", errors="replace")
        result.error = "interrupted" if children.stopped else first_problem(output)
        # Sphinx saved its state despite the warnings (or was stopped mid-way): forget it,
        # so that the next build reads every page again and reports the problem again.
        shutil.rmtree(doctrees, ignore_errors=True)
    result.seconds = time.monotonic() - start
    echo(f"[{lang.url:5}] {'done' if result.ok else 'FAILED'} in {result.seconds:.1f} s"
         + (f": {result.error}" if result.error else ""))
    return result


@contextlib.contextmanager
def _exclusive(project: Project, echo):
    """One build at a time per project, whichever process runs it: they share ``_build/work``."""
    import fcntl

    project.build.mkdir(parents=True, exist_ok=True)
    with open(project.build / ".build.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            echo("waiting for another build of this project to finish")
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield


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
