"""Search that works in every declared language, not only in the languages Sphinx knows.

* A language Sphinx has no search language for (Arabic, say) would be indexed
  with the English stemmer. Each such language declared in
  ``docs/_data/languages.yaml`` gets one here, with the Snowball stemmer the
  declaration names (Python at build time, the matching ``<name>-stemmer.js``
  that Sphinx ships in the browser), or none where Snowball has none (words
  are then only lower-cased, on both sides). Arabic diacritics and tatweel
  are removed before words are split, on both sides, because the default
  splitters cut words at a shadda.
* Chinese: Sphinx 9.0's page asks for a ``ChineseStemmer`` that its scripts
  never define (sphinx-doc/sphinx#14229), so the search page throws. The
  Latin part of Chinese text is stemmed in English, so the stemmer is English.
  The browser also does not segment a Chinese query: a query such as
  学习型城市网络 is split into the longest words the index knows.

French, Spanish, Russian (and German, and the others Sphinx knows) use
Sphinx's own search languages, with their Snowball stemmers and stopwords.
The browser stemmers are the ones Sphinx ships (its ``sphinx.search``
package's ``minified-js`` folder, found with ``importlib.resources``). Jieba's
default dictionary is not loaded again as a user dictionary: ``conf.py`` sets
``html_search_options = {"dict": ""}``.
"""

from __future__ import annotations

import re
from importlib.resources import files

import snowballstemmer
from sphinx.application import Sphinx
from sphinx.search import SearchLanguage, languages as SPHINX_LANGUAGES
from sphinx.search.zh import SearchChinese
from sphinx.util.typing import ExtensionMetadata

from gnlc.languages import LANGUAGES, Language

STEMMERS = files("sphinx.search") / "minified-js"  # shipped with Sphinx, next to its search module

# The search languages Sphinx has itself, before this module adds any.
SPHINX_OWN = frozenset(SPHINX_LANGUAGES)

ARABIC_MARKS = re.compile("[\u0640\u064b-\u065f\u0670]")  # tatweel, harakat, shadda, superscript alef
WORD = re.compile(r"\w+")

# Sphinx runs splitQuery before stemming; this one also segments Chinese runs
# by greedy longest match against the index's own terms.
SPLITTER_JS = r"""
var splitQuery = function (query) {
  query = query.replace(/[\u0640\u064b-\u065f\u0670]/g, "");
  var parts = query.split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu).filter(function (t) { return t; });
  // `Search` is a top-level const of searchtools.js, not a property of window.
  var terms = (typeof Search !== "undefined" && Search._index && Search._index.terms) || {};
  var out = [];
  parts.forEach(function (part) {
    if (!/\p{Script=Han}/u.test(part)) { out.push(part); return; }
    var i = 0;
    while (i < part.length) {
      var j = Math.min(part.length, i + 8);
      while (j > i + 1 && !Object.prototype.hasOwnProperty.call(terms, part.slice(i, j).toLowerCase())) { j--; }
      out.push(part.slice(i, j));
      i = j;
    }
  });
  return out;
};
"""


def _stemmer_js(rawcode: str, name: str) -> str:
    base = (STEMMERS / "base-stemmer.js").read_text(encoding="utf-8")
    language = (STEMMERS / rawcode).read_text(encoding="utf-8")
    return f"{base}\n{language}\nwindow.Stemmer = {name}Stemmer;"


# Words too common to index, for the languages Sphinx has no list of.
STOPWORDS = {
    "ar": frozenset(
        "في من على إلى عن أن إن مع هذا هذه ذلك التي الذي الذين كان كانت ثم أو و ما لا لم لن قد هو هي هم كل بين عند"
        .split()),
}
# The browser's stemmer where Snowball has none: words are compared lower-cased, as indexed.
NO_STEMMER_JS = "window.Stemmer = function () { this.stemWord = function (word) { return word; }; };"


class DeclaredSearchLanguage(SearchLanguage):
    """A declared language's search: its Snowball stemmer (``algorithm``), or none."""

    algorithm: str | None = None
    js_stemmer_rawcode = ""
    js_splitter_code = SPLITTER_JS

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        self.stemmer = snowballstemmer.stemmer(self.algorithm) if self.algorithm else None

    def split(self, input: str) -> list[str]:
        return WORD.findall(ARABIC_MARKS.sub("", input))

    def stem(self, word: str) -> str:
        return self.stemmer.stemWord(word.lower()) if self.stemmer else word.lower()


def search_language(lang: Language) -> type[SearchLanguage]:
    """The search language of a declared language that Sphinx does not know."""
    if lang.stemmer:
        if lang.stemmer not in snowballstemmer.algorithms():
            raise ValueError(f"{lang.gettext}: Snowball has no stemmer {lang.stemmer!r} (docs/_data/languages.yaml)")
        js = _stemmer_js(f"{lang.stemmer}-stemmer.js", lang.stemmer.capitalize())
    else:
        js = NO_STEMMER_JS
    return type(f"Search_{lang.gettext}", (DeclaredSearchLanguage,), {
        "lang": lang.gettext, "language_name": lang.english, "algorithm": lang.stemmer,
        "js_stemmer_code": js, "stopwords": STOPWORDS.get(lang.gettext, frozenset()),
    })


def needs_search_language(lang: Language) -> bool:
    base = lang.gettext.partition("_")[0]
    return not lang.is_source and base != "zh" and lang.gettext not in SPHINX_OWN and base not in SPHINX_OWN


class SearchChineseFixed(SearchChinese):
    """Sphinx's Chinese search with a stemmer the browser can find."""

    js_stemmer_rawcode = ""
    js_stemmer_code = _stemmer_js("english-stemmer.js", "English")
    js_splitter_code = SPLITTER_JS


def setup(app: Sphinx) -> ExtensionMetadata:
    for lang in LANGUAGES:
        if needs_search_language(lang):
            app.add_search_language(search_language(lang))
    app.add_search_language(SearchChineseFixed)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
