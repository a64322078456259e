"""Sphinx kept warm: one process per language, forked from a parent that did the shared work.

The parent imports Sphinx, the extensions and jieba's dictionary once
(:func:`preload`); each language's process is forked from it and inherits that
memory. A worker builds its language with one Sphinx application and, when the
parent keeps it (``gnlc serve``), builds again with the same application: the
environment, the parsed configuration and the compiled templates stay in
memory, so a rebuild costs only what changed.

A worker is replaced, never patched, when something its application read at
start-up changes (configuration, extensions, data, templates, city facts), when
another process rebuilt its language, or when a build fails.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from pathlib import Path

from . import files
from .languages import Language, get
from .paths import Project


def sphinx_config(lang: Language, site_url: str, kept: bool = False) -> dict:
    """The configuration values a language's build overrides (``-D`` on the command line).

    A kept worker builds again and again: its parsed translations are worth remembering.
    """
    overrides: dict = {"language": lang.gettext, "gnlc_remember_translations": kept}
    if site_url:
        base = site_url.rstrip("/") + "/"
        overrides |= {"gnlc_site_url": base, "html_baseurl": f"{base}{lang.url}/"}
    return overrides


def extensions_stamp(project: Project) -> tuple:
    """The configuration and the portal's own extensions, which the parent imports for its workers."""
    return files.stamp(project.docs / "conf.py"), files.stamp(project.docs / "_ext", ".py")


def package_stamp(project: Project) -> tuple:
    """This package's code, which the running parent itself is made of."""
    return files.stamp(project.root / "scripts" / "gnlc", ".py")


def forget_extensions(project: Project) -> None:
    """Drop the portal's extensions from memory, so that the next preload imports them as edited."""
    folder = str(project.docs / "_ext") + os.sep
    for name, module in list(sys.modules.items()):
        if (getattr(module, "__file__", None) or "").startswith(folder):
            del sys.modules[name]


def startup_stamp(project: Project) -> tuple:
    """What a Sphinx application reads once, when it starts, besides code.

    Data files and the city pages' front matter are loaded when the builder
    starts; templates are compiled once. Pages and catalogs are not here:
    Sphinx notices those itself on every build.
    """
    return (files.stamp(project.data), files.stamp(project.root / "_templates"), files.stamp(project.cities, ".md"))


def preload(project: Project) -> None:
    """Do once, before the workers fork, what every language's build would repeat.

    The workers inherit this memory: Python, Sphinx and every extension
    imported, jieba's dictionary loaded, every catalog's statistics counted.
    This is the work the six builds share.
    """
    import logging

    import jieba
    # The search modules of the languages the throw-away application below does not load.
    import sphinx.search.es, sphinx.search.fr, sphinx.search.ru, sphinx.search.zh  # noqa: E401,F401

    from . import stats

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    _start_sphinx_once(project)
    stats.collect(project.locale)
    # What is loaded now lives as long as the process: keep the garbage collector from
    # walking it again and again (jieba's dictionary alone made each full collection
    # take a tenth of a second), and from touching the pages the workers share.
    gc.collect()
    gc.freeze()


def _start_sphinx_once(project: Project) -> None:
    """Start one Sphinx application and drop it: the workers inherit what that imports.

    Starting an application imports some 400 modules the extensions' and
    builders' set-up needs (a third of a second), which the workers would
    otherwise each import again.
    """
    import io
    import tempfile

    import sphinx.locale
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    docs = str(project.docs)
    # A module that calls _() at import time gets the text translated at once when a
    # catalog is loaded already, and a lazy one otherwise. This application would have
    # loaded English: keep its imports lazy, so each worker shows them in its own language.
    registered = sphinx.locale.is_translator_registered
    sphinx.locale.is_translator_registered = lambda *args, **kwargs: False
    try:
        with (tempfile.TemporaryDirectory(prefix="gnlc-preload-") as tmp, patch_docutils(docs),
              docutils_namespace()):
            Sphinx(docs, docs, f"{tmp}/html", f"{tmp}/doctrees", "html", confoverrides={"language": "en"},
                   status=None, warning=io.StringIO())
    except Exception:
        pass  # a broken configuration is reported by each language's build, with its file and line
    finally:
        sphinx.locale.is_translator_registered = registered
        sphinx.locale.translators.clear()


class _Log:
    """A stream whose target changes per build: Sphinx's logging keeps the stream it was given."""

    target = None

    def write(self, text: str) -> int:
        return self.target.write(text) if self.target else len(text)

    def flush(self) -> None:
        if self.target:
            self.target.flush()

    def isatty(self) -> bool:
        return False


def _worker_main(conn, inherited: list, root: str, lang_code: str, overrides: dict, outdir: str,
                 doctreedir: str) -> None:
    """Build (and publish) one language whenever the parent asks; reply with the outcome.

    0 is success; anything else ends the process, so that the next build
    starts from a new application and re-reads every page of the failed language.
    """
    for other in inherited:
        other.close()  # the parent's ends of the other workers' pipes: they must see EOF when it dies
    import gettext

    import sphinx.locale
    from sphinx._cli.util.errors import handle_exception
    from sphinx.application import Sphinx
    from sphinx.builders.html._assets import _file_checksum_inner
    from sphinx.util.console import nocolor
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    from . import build  # here: build imports this module

    os.chdir(root)
    nocolor()
    project, lang = Project(Path(root)), get(lang_code)
    docs = str(Path(root) / "docs")
    stream = _Log()
    app = None
    own_catalogs: dict = {}
    # Extensions register their directives and nodes in docutils once, for the
    # application's whole life, which is this process's.
    with patch_docutils(docs), docutils_namespace():
        parent = os.getppid()
        untidy = False
        while True:
            try:
                if not conn.poll(0.25 if untidy else 1.0):
                    if untidy:
                        # Idle now: delete the earlier published versions, collect what the
                        # last build left and exempt the application and its environment from
                        # later collections. Done between builds, not on the way to a page.
                        build.prune_published(project, lang)
                        gc.collect()
                        gc.freeze()
                        untidy = False
                    if os.getppid() != parent:
                        return  # the parent was killed: nobody will ask again
                    continue
                request = conn.recv()
            except (EOFError, OSError, KeyboardInterrupt):
                return
            if request is None:
                return
            log_path = request
            reply = {"status": 2}
            with open(log_path, "w", encoding="utf-8") as log:
                stream.target = log
                try:
                    if app is None:
                        sphinx.locale.translators.clear()
                        app = Sphinx(docs, docs, outdir, doctreedir, "html", confoverrides=overrides,
                                     status=stream, warning=stream, warningiserror=True)
                        own_catalogs = dict(sphinx.locale.translators)  # Sphinx's own messages, in this language
                    else:
                        # Forget the pages' catalogs so that changed .mo files are read again,
                        # and the static files' checksums (the ?v= of their links).
                        gettext._translations.clear()
                        _file_checksum_inner.cache_clear()
                        sphinx.locale.translators.clear()
                        sphinx.locale.translators.update(own_catalogs)
                        app._warncount = 0
                        app.statuscode = 0
                    app.build(False, [])
                    reply["status"] = app.statuscode
                except (Exception, KeyboardInterrupt) as exc:
                    handle_exception(exc, stderr=log, message_log=app.messagelog if app else (),
                                     extensions=app.extensions.values() if app else ())
                finally:
                    stream.target = None
            if reply["status"] == 0:
                # Here rather than in the parent: the workers publish in parallel.
                reply["changed"] = build.publish(project, lang)
                reply["pages"] = build.count_pages(build.published_dir(project, lang))
            try:
                conn.send(reply)
            except (BrokenPipeError, OSError):
                return
            if reply["status"]:
                return
            untidy = True


class LanguageWorker:
    """The parent's handle on one language's worker process."""

    def __init__(self, project: Project, lang: Language, site_url: str, outdir: Path, doctreedir: Path,
                 code: tuple, fresh: bool = False, kept: bool = False):
        self.lang, self.site_url, self.doctreedir, self.code = lang, site_url, doctreedir, code
        self.env_stamp: int | None = None
        # Forked from the warm parent, unless the parent's own code changed since it started
        # (then a new interpreter, slower to start, imports it as it is now).
        context = multiprocessing.get_context("spawn" if fresh else "fork")
        self.conn, child = context.Pipe()
        inherited = [] if fresh else list(_PARENT_ENDS)
        self.process = context.Process(
            target=_worker_main, daemon=True, name=f"gnlc-{lang.gettext}",
            args=(child, inherited, str(project.root), lang.gettext, sphinx_config(lang, site_url, kept), str(outdir),
                  str(doctreedir)))
        self.process.start()
        child.close()
        _PARENT_ENDS.add(self.conn)

    def _env_mtime(self) -> int | None:
        try:
            return (self.doctreedir / "environment.pickle").stat().st_mtime_ns
        except OSError:
            return None

    @property
    def warm(self) -> bool:
        """Has built once: its application and environment are in memory."""
        return self.env_stamp is not None

    def usable(self, site_url: str, code: tuple) -> bool:
        """Still in step: same code, and nobody else rebuilt this language meanwhile."""
        return (self.process.is_alive() and site_url == self.site_url and code == self.code
                and self._env_mtime() == self.env_stamp)

    def build(self, log: Path) -> dict:
        """Build once, and publish when that succeeds.

        The reply's ``status`` is Sphinx's (0 for success), or -1 when the
        process died (a crash, or killed); ``changed`` and ``pages`` come with
        a publication.
        """
        try:
            self.conn.send(str(log))
            reply = self.conn.recv()
        except (EOFError, BrokenPipeError, ConnectionResetError, OSError):
            return {"status": -1}
        self.env_stamp = self._env_mtime()
        return reply

    def close(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        _PARENT_ENDS.discard(self.conn)
        self.conn.close()


_PARENT_ENDS: set = set()
