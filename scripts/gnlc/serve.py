"""``gnlc serve``: build, serve the site on loopback and rebuild on every save.

The site is served with each language's own 404 page. Saves are noticed with
``watchfiles`` and rebuilt by the same :func:`gnlc.build.build` as
``gnlc build``, whose input digests decide which languages a save touches: a
catalog under ``locale/<lang>`` rebuilds that language (and the others only
when the translation figures or video captions they show change), anything
else rebuilds all of them.
"""

from __future__ import annotations

import functools
import http.server
import io
import os
import re
import signal
import threading
import time
from pathlib import Path

from .languages import BY_URL, SOURCE


class _Slice(io.RawIOBase):
    """The first ``length`` bytes of an open file, for copyfile()."""

    def __init__(self, handle, length: int):
        self.handle, self.left = handle, length

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        data = self.handle.read(self.left if size < 0 else min(size, self.left))
        self.left -= len(data)
        return data

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self.handle.close()
        super().close()


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".vtt": "text/vtt", ".webm": "video/webm", ".mp4": "video/mp4", ".svg": "image/svg+xml"}

    def send_head(self):
        """Serve single byte ranges, which browsers need to seek in a video."""
        spec = self.headers.get("Range", "")
        match = re.fullmatch(r"bytes=(\d*)-(\d*)", spec.strip())
        path = self.translate_path(self.path)
        if not match or not os.path.isfile(path):
            return super().send_head()
        size = os.path.getsize(path)
        first, last = match.groups()
        if first:
            start, end = int(first), int(last) if last else size - 1
        elif last:
            start, end = max(0, size - int(last)), size - 1
        else:
            return super().send_head()
        if start >= size or start > end:
            self.send_response(416)
            self.send_header("Content-Range", f"bytes */{size}")
            self.end_headers()
            return None
        end = min(end, size - 1)
        handle = open(path, "rb")
        handle.seek(start)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        return _Slice(handle, end - start + 1)

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        segment = self.path.lstrip("/").split("/", 1)[0]
        lang = segment if segment in BY_URL else SOURCE
        page = Path(self.directory) / lang / "404.html"
        if not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):  # quieter than the default: errors only
        if len(args) > 1 and str(args[1]).startswith(("4", "5")):
            super().log_message(format, *args)


class SiteServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A client that hangs up mid-download (a video, a link checker) is not an error.
        import sys

        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)


# Written by the build itself (compiled catalogs) or by editors on the way to a save.
IGNORED_SUFFIXES = (".mo", ".tmp", "~", ".swp", ".swx", ".pyc")


def _relevant(change, path: str) -> bool:
    name = os.path.basename(path)
    return not (name.endswith(IGNORED_SUFFIXES) or name.startswith(".#") or "__pycache__" in path)


def serve_and_rebuild(project, languages, jobs: int, site_url: str, host: str = "127.0.0.1", port: int = 8000,
                      build_first: bool = True, watch: bool = True, pdfs: bool = False) -> int:
    """Build, serve ``_build/html`` and rebuild on every save until Ctrl-C or SIGTERM."""
    from .build import build, summary

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, interrupt)
    echo = functools.partial(print, flush=True)
    try:
        if build_first:
            results = build(project, languages, jobs, site_url, echo, pdfs=pdfs)
            echo()
            echo(summary(results))
            if not (project.html / "index.html").exists():
                return 1
        server = SiteServer((host, port), functools.partial(SiteHandler, directory=str(project.html)))
    except KeyboardInterrupt:
        return 130
    threading.Thread(target=server.serve_forever, name="gnlc-http", daemon=True).start()
    echo(f"Serving the site at http://{host}:{server.server_port}/ (Ctrl-C to stop)")
    try:
        if not watch:
            while True:
                time.sleep(3600)
        import watchfiles

        folders = [project.docs, project.locale, project.root / "_static", project.root / "_templates",
                   project.root / "scripts" / "gnlc"]
        echo("Rebuilding on every save (--no-watch to turn off)")
        for changes in watchfiles.watch(*[f for f in folders if f.is_dir()], watch_filter=_relevant,
                                        debounce=1000, step=50, raise_interrupt=True):
            names = sorted({project.rel(Path(p)) for _, p in changes})
            echo(f"changed: {', '.join(names[:3])}{' …' if len(names) > 3 else ''}; rebuilding")
            echo(summary(build(project, languages, jobs, site_url, echo, pdfs=pdfs)))
    except KeyboardInterrupt:
        echo("\nstopped")
    finally:
        server.shutdown()
        server.server_close()
    return 0
