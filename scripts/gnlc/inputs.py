"""What a language's pages are made from, as one digest: unchanged inputs, no build.

Sphinx's own incremental build still starts an application and checks every
page (a third of a second or more per language, plus loading Sphinx). When
nothing a language's output depends on has changed since its last successful
build, ``gnlc build`` does not start Sphinx for it at all. That is:

- the sources, templates and static files, the configuration and extensions,
  this package, the pinned Python packages and the npm data (shared by all six);
- the language's own catalogs;
- two things every language shows of the others: the translation figures of
  the status page (``translation_status``), and the caption files of each
  captioned video (``accessible_video``), one per language, made from every
  language's catalog of the video's page.

The digest is computed from file names, sizes and modification times, in a
few milliseconds, and stored with the language's Sphinx state, which a failed
build deletes. ``gnlc build --force`` runs Sphinx whatever the digest says.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from importlib import metadata
from pathlib import Path

from . import files
from .languages import LANGUAGES, Language
from .paths import Project

# Distributions whose code turns the sources into pages (their versions are pinned).
BUILD_PACKAGES = ("sphinx", "docutils", "myst-parser", "markdown-it-py", "mdit-py-plugins", "sphinx-design",
                  "sphinxcontrib-video", "jinja2", "babel", "jieba", "snowballstemmer", "pystemmer", "pyyaml",
                  "polib", "weasyprint", "sphinxext-opengraph")
# The option that gives a video captions (see accessible_video).
CAPTIONS = re.compile(r"^\s*:captions:\s*\S", re.M)
STORED = "gnlc-inputs"


def _add_tree(sha, root: Path, *, suffix: str = "") -> None:
    for path, info in files.walk(root, suffix):
        sha.update(f"{path}\0{info.st_mtime_ns}\0{info.st_size}\n".encode())


@functools.cache
def _versions() -> str:
    # Once per process: a running process keeps the code it imported whatever is installed since.
    found = []
    for name in BUILD_PACKAGES:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=-")
    return ",".join(found)


def captioned_pages(project: Project) -> list[str]:
    return sorted(Path(path).relative_to(project.docs).with_suffix("").as_posix()
                  for path, _ in files.walk(project.docs, ".md")
                  if CAPTIONS.search(Path(path).read_text(encoding="utf-8")))


def figures(project: Project) -> str:
    """The translation figures every language's status page shows, as a digest."""
    from . import stats

    cache = project.build / "cache" / "catalog-counts.json"
    stats.remember(cache)
    sha = hashlib.sha256()
    for language in stats.collect(project.locale):
        for page, counts in sorted(language.pages.items()):
            sha.update(f"{language.lang}/{page}:{counts.translated},{counts.fuzzy},{counts.untranslated}\n".encode())
    stats.save(cache)
    return sha.hexdigest()


def shared(project: Project) -> str:
    """The digest of what all six languages are built from."""
    sha = hashlib.sha256()
    for root in (project.docs, project.root / "_static", project.root / "_templates"):
        _add_tree(sha, root)
    _add_tree(sha, project.root / "scripts" / "gnlc", suffix=".py")
    for name in ("requirements.lock", "package-lock.json", "node_modules/.package-lock.json"):
        _add_tree(sha, project.root / name)
    sha.update(_versions().encode())
    sha.update(os.environ.get("GNLC_PLAIN_MYST", "").encode())
    sha.update(figures(project).encode())
    for page in captioned_pages(project):
        for lang in LANGUAGES:
            _add_tree(sha, project.locale / lang.gettext / "LC_MESSAGES" / f"{page}.po")
    return sha.hexdigest()


def digest(project: Project, lang: Language, site_url: str, shared_digest: str, pdfs: bool = True) -> str:
    sha = hashlib.sha256(f"{shared_digest}\0{lang.gettext}\0{site_url}\0{pdfs}\n".encode())
    _add_tree(sha, project.locale / lang.gettext / "LC_MESSAGES", suffix=".po")
    return sha.hexdigest()


def stored_path(project: Project, lang: Language) -> Path:
    return project.build / "doctrees" / lang.gettext / STORED


def unchanged(project: Project, lang: Language, value: str) -> bool:
    try:
        return stored_path(project, lang).read_text(encoding="utf-8") == value
    except OSError:
        return False


def store(project: Project, lang: Language, value: str) -> None:
    stored_path(project, lang).write_text(value, encoding="utf-8")
