"""Serve the built site on loopback, with each language's own 404 page."""

from __future__ import annotations

import functools
import http.server
from pathlib import Path

from .languages import BY_URL, SOURCE


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".vtt": "text/vtt", ".webm": "video/webm", ".mp4": "video/mp4", ".svg": "image/svg+xml"}

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


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    handler = functools.partial(SiteHandler, directory=str(root))
    with SiteServer((host, port), handler) as server:
        print(f"Serving the site at http://{host}:{server.server_port}/ (Ctrl-C to stop)", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("\nstopped")
