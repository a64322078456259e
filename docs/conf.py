"""Sphinx configuration of the UNESCO Global Network of Learning Cities portal.

Declarative on purpose: every custom behaviour is a small extension in
``_ext/`` named after what it does. Build with ``make site`` (all six
languages) or ``gnlc build --lang fr``; ``language`` is set per build.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "UNESCO Global Network of Learning Cities"
author = "UNESCO Global Network of Learning Cities portal contributors"
copyright_years = "2023–2026"
# English metadata only: the page footer is built from translated sentences
# (_templates/layout.html), with the licences of pyproject.toml.
copyright = (f"{copyright_years}, the portal's contributors. Text: CC BY 4.0; code: MIT. "
             "Facts: UNESCO Institute for Lifelong Learning and the other sources cited on each page")

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.video",
    # The portal's own extensions (docs/_ext/). Translations are untrusted input:
    "translation_guard",
    "sandboxed_substitutions",
    "escaped_theme_strings",
    "fast_translated_parsing",
    "lean_doctrees",
    "rebuild_on_code_change",
    "site_facts",
    "city_pages",
    "world_map",
    "accessible_video",
    "conference_timeline",
    "fact_charts",
    "language_links",
    "site_navigation",
    "title_rewrites",
    "untranslated_fallback",
    "foreign_phrases",
    "glossary_table",
    "search_languages",
    "html_corrections",
    "share_metadata",
    "web_fonts",
    "translation_status",
    "pdf_downloads",
]

root_doc = "index"
exclude_patterns = ["_build", "_data", "_ext", "Thumbs.db", ".DS_Store"]
templates_path = ["../_templates"]
html_static_path = ["../_static"]

# -- Translation -----------------------------------------------------------
language = "en"
locale_dirs = ["../locale"]
gettext_compact = False       # one catalog per page: a changed msgstr rebuilds one page
gettext_uuid = False          # uuids are unstable between extractions
gettext_location = True
# Only text is translated: code blocks (MyST cannot re-parse a translated one) and
# image file names stay as they are; image alt text is always translated.
gettext_additional_targets = []
# Translators type their language's own quotation marks (« », „ “, “ ”): never convert them.
smartquotes_excludes = {"languages": ["fr", "ru", "zh_CN", "ar"], "builders": ["man", "text"]}

# -- PDFs (pdf_downloads): each document is a page and its table of contents --
gnlc_pdf_documents = {"story": "story/index", "join": "join/index"}

# -- MyST ------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "substitution", "attrs_inline", "attrs_block", "deflist"]
myst_heading_anchors = 3

# -- HTML ------------------------------------------------------------------
# A light theme of our own over Sphinx's "basic": see docs/about/site.md for
# the measurements behind the choice.
html_theme = "basic"
html_title = "UNESCO Learning Cities"
html_short_title = "Learning Cities"
html_css_files = ["css/site.css"]
html_js_files = [("js/site.js", {"defer": "defer"})]
html_favicon = "../_static/img/favicon.svg"
html_copy_source = False
html_show_sourcelink = False
html_show_sphinx = False
html_permalinks_icon = "#"
html_use_index = False        # no general index: nothing on the site is indexed
html_last_updated_fmt = None
html_sidebars = {"**": []}
html_baseurl = ""             # set per build from GNLC_SITE_URL / --site-url (canonical); empty: none
html_theme_options = {"nosidebar": True}
html_context = {"gnlc_copyright_years": copyright_years}
# Chinese search: jieba's own dictionary, not loaded a second time as a user dictionary (a second a build).
html_search_options = {"dict": ""}
