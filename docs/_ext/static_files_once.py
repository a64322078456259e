"""Copy the static files again only when one of them has changed.

Sphinx copies every static file, and renders its three templated ones again,
on every build, whatever changed: about 15 ms a language. When a build runs
again in the same process (the kept workers of ``gnlc serve``), the copy is
skipped while no file in the static folders has changed and the copied folder
is still there. The first build in a process always copies; the
configuration the templates read cannot change within a process (the server
starts a new one when it does).
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from gnlc import files


def _stamp(folders: list[Path]) -> tuple:
    return tuple(files.stamp(folder) for folder in folders)


def _wrap(app: Sphinx) -> None:
    builder = app.builder
    if builder.format != "html":
        return
    confdir = Path(app.confdir)
    folders = [confdir / p for p in app.config.html_static_path]
    folders += [Path(d) / "static" for d in builder.theme.get_theme_dirs()]
    if app.config.html_favicon and "://" not in app.config.html_favicon:
        folders.append(confdir / app.config.html_favicon)
    copy = builder.copy_static_files
    copied: list[tuple] = []

    def copy_static_files() -> None:
        stamp = _stamp(folders)
        if copied and copied[-1] == stamp and Path(builder.outdir, "_static").is_dir():
            return
        copy()
        copied[:] = [stamp]

    builder.copy_static_files = copy_static_files


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", _wrap)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
