"""Imported once by the forkserver that ``gnlc build`` forks each language's build from.

These are the libraries every build loads before reading a page (Sphinx, its
HTML builder and search, docutils, MyST, sphinx-design, the Open Graph tags,
Babel's CLDR data, polib, WeasyPrint): about a second and a half of start-up
per language, paid once instead of six times. Only third-party code is
imported here, never the portal's own (``gnlc``, ``docs/_ext``), which each
build imports afresh after the fork.
"""

import contextlib
import os
import time

PRELOADED_AT = time.time()  # a fork whose preloaded files changed since runs a fresh sphinx-build

# What `python -X importtime` showed a build importing, heaviest first.
for _name in ("weasyprint", "sphinx.cmd.build", "sphinx.application", "sphinx.builders.html", "sphinx.search",
              "sphinx.search.zh", "sphinx.writers.latex", "sphinx.ext.doctest", "docutils.parsers.rst",
              "myst_parser.parsers.sphinx_", "sphinx_design.extension", "sphinxcontrib.video", "sphinxext.opengraph",
              "jsonschema", "babel.numbers", "babel.dates", "babel.units", "polib", "yaml", "jinja2.sandbox",
              "snowballstemmer"):
    try:  # quietly: sphinxext.opengraph prints that it makes no social cards
        with open(os.devnull, "w") as _quiet, contextlib.redirect_stdout(_quiet):
            __import__(_name)
    except Exception:  # noqa: BLE001 - e.g. WeasyPrint without Pango: the build itself reports it
        pass
