"""The build server inside ``gnlc serve``: rebuilds with warm workers, on save or on request.

While ``gnlc serve`` runs it keeps a :class:`~gnlc.build.Builder` whose
workers hold each language's Sphinx application in memory. It rebuilds when a
source, catalog, template or static file is saved, and ``gnlc build`` run in
the same project hands its build to it over a Unix socket instead of starting
Sphinx six times again (``gnlc build --no-server`` does not). Builds are
serialized: the server never runs two at once.

The client side (:func:`delegate`) imports nothing heavy, so that handing a
build over costs a few milliseconds.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import zlib
from pathlib import Path

from .paths import Project

# The server's modules (threading, socketserver, the builder) are imported by
# BuildServer itself: `gnlc build` imports this module only to hand a build over.


def socket_path(project: Project) -> Path:
    # Unix socket paths are limited to about 100 bytes, so not under the project. The
    # server also checks the project named in each request: a checksum may collide.
    root = str(project.root.resolve())
    return Path(os.environ.get("TMPDIR") or "/tmp") / f"gnlc-build-{zlib.crc32(root.encode()):08x}.sock"


def delegate(project: Project, languages: list[str], site_url: str, force: bool = False) -> int | None:
    """Run the build in this project's build server; None when no server is running."""
    path = socket_path(project)
    if not path.exists():
        return None
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(str(path))
    except OSError:
        conn.close()
        return None  # a socket left behind by a server that is gone
    with conn, conn.makefile("rwb") as stream:
        request = {"root": str(project.root.resolve()), "languages": languages, "site_url": site_url,
                   "force": force}
        stream.write(json.dumps(request).encode() + b"\n")
        stream.flush()
        for raw in stream:
            message = json.loads(raw)
            if "line" in message:
                print(message["line"], flush=True)
            elif "exit" in message:
                return int(message["exit"])
            elif "other_project" in message:
                return None  # a server of another checkout whose socket name collides
    print("gnlc build: the build server stopped during the build", file=sys.stderr)
    return 1


class BuildServer:
    def __init__(self, project: Project, jobs: int, site_url: str, languages=None):
        import threading

        from .build import Builder

        self.project, self.site_url, self.languages = project, site_url, languages  # served; None: all six
        self.builder = Builder(project, jobs, keep=True)
        self.builder.preload()  # now, so that the first rebuild is as quick as the next
        self.lock = threading.Lock()
        self._listener: socketserver.UnixStreamServer | None = None
        self._stop = threading.Event()

    def build(self, languages=None, site_url: str | None = None, echo=print, force: bool = False):
        with self.lock:
            return self.builder.build(languages or self.languages, self.site_url if site_url is None else site_url,
                                      echo, force)

    # -- requests from `gnlc build` -------------------------------------------------

    def listen(self) -> Path:
        import socketserver
        import threading

        path = socket_path(self.project)
        if path.exists():
            probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                probe.connect(str(path))
            except OSError:
                path.unlink()  # left behind by a server that was killed
            else:
                raise SystemExit(f"gnlc serve: a build server already runs for {self.project.root} ({path})")
            finally:
                probe.close()
        server = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                from . import languages as langs
                from .build import summary

                request = json.loads(self.rfile.readline())

                def send(message: dict) -> None:
                    self.wfile.write(json.dumps(message, ensure_ascii=False).encode() + b"\n")
                    self.wfile.flush()

                if request.get("root") != str(server.project.root.resolve()):
                    send({"other_project": str(server.project.root)})
                    return

                def echo(line: str = "") -> None:
                    try:
                        send({"line": line})
                    except OSError:
                        pass  # the client went away; the build goes on and publishes

                # What the client asked for: all six unless it named some, whatever this server serves.
                selected = [langs.get(code) for code in request["languages"]] or list(langs.LANGUAGES)
                results = server.build(selected, request["site_url"], echo, request.get("force", False))
                echo()
                echo(summary(results))
                echo(f"\nSite: {server.project.rel(server.project.html)}/index.html (built by the server of gnlc serve)")
                try:
                    send({"exit": 0 if all(r.ok for r in results) else 1})
                except OSError:
                    pass

        self._listener = socketserver.ThreadingUnixStreamServer(str(path), Handler)
        self._listener.daemon_threads = True
        threading.Thread(target=self._listener.serve_forever, name="gnlc-build-requests", daemon=True).start()
        return path

    # -- rebuild on save ----------------------------------------------------------------

    def watch(self, echo=print) -> None:
        import threading

        threading.Thread(target=self._watch, args=(echo,), name="gnlc-watch", daemon=True).start()

    def _watch(self, echo) -> None:
        import watchfiles

        from .build import summary

        root = self.project.root
        folders = [root / "docs", root / "locale", root / "_static", root / "_templates"]

        def relevant(change, path: str) -> bool:
            name = os.path.basename(path)
            # Compiled catalogs are written by the build itself; editors' temporary files are noise.
            return not (name.endswith((".mo", ".tmp", "~", ".swp", ".swx")) or name.startswith(".#")
                        or "__pycache__" in path)

        for changes in watchfiles.watch(*[f for f in folders if f.is_dir()], watch_filter=relevant,
                                        debounce=300, step=50, stop_event=self._stop, raise_interrupt=False):
            # Files that are gone again were an editor's (or sed's) temporary files: not worth naming.
            names = sorted({self.project.rel(Path(p)) for _, p in changes if os.path.exists(p)}) or \
                sorted({self.project.rel(Path(p)) for _, p in changes})
            echo(f"changed: {', '.join(names[:3])}{' …' if len(names) > 3 else ''}; rebuilding")
            results = self.build(echo=lambda line="": None)
            echo(summary(results))

    def close(self) -> None:
        self._stop.set()
        if self._listener is not None:
            self._listener.shutdown()
            self._listener.server_close()
            socket_path(self.project).unlink(missing_ok=True)
        self.builder.close()
