"""Rebuild everything when the portal's own extensions change.

Sphinx notices changed pages, templates and configuration, but not a changed
extension: an edited ``_ext/*.py`` would leave old output in place until a
clean build. The extensions' digest is a configuration value, so a change to
any of them makes Sphinx read and write every page again.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata


def digest(folder: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(folder.glob("*.py")):
        sha.update(path.name.encode())
        sha.update(path.read_bytes())
    return sha.hexdigest()[:16]


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("gnlc_extensions_digest", digest(Path(__file__).parent), "env", types=frozenset({str}))
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
