"""Where things are in a checkout of the portal.

Every tool works on the checkout it is run in (found from the current folder
upwards), not on the one it was installed from, so that tests can build a
temporary copy of the project with the same tools.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

# What a working copy of the project needs; node_modules is linked, not copied.
COPIED = ("docs", "locale", ".tx", "_static", "_templates", "pyproject.toml", "package.json")


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def data(self) -> Path:
        return self.docs / "_data"

    @property
    def cities(self) -> Path:
        return self.docs / "cities"

    @property
    def locale(self) -> Path:
        return self.root / "locale"

    @property
    def build(self) -> Path:
        return self.root / "_build"

    @property
    def html(self) -> Path:
        return self.build / "html"

    def rel(self, path: Path) -> str:
        """``path`` relative to the root when inside it, for messages."""
        try:
            return str(Path(path).resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)

    def copy_to(self, dest: Path) -> "Project":
        """A throw-away copy for tests and benchmarks, sharing this checkout's node_modules."""
        shutil.rmtree(dest, ignore_errors=True)
        dest.mkdir(parents=True)
        for name in COPIED:
            source = self.root / name
            if source.is_dir():
                shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
            elif source.exists():
                shutil.copy2(source, dest / name)
        (dest / "node_modules").symlink_to(self.root / "node_modules")
        return Project(dest)

    @classmethod
    def find(cls, start: Path | None = None) -> "Project":
        if os.environ.get("GNLC_ROOT"):
            return cls(Path(os.environ["GNLC_ROOT"]).resolve())
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / "docs" / "conf.py").is_file() and (folder / "pyproject.toml").is_file():
                return cls(folder)
        return cls(Path(__file__).resolve().parents[2])
