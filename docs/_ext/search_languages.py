"""Search that works in Arabic and Chinese, not only in the languages Sphinx knows.

* Arabic: Sphinx has no Arabic search language and would index Arabic with
  the English stemmer. This adds one with Snowball's Arabic stemmer (Python at
  build time, the matching ``arabic-stemmer.js`` that Sphinx ships in the
  browser). Diacritics and tatweel are removed before words are split, on both
  sides, because the default splitters cut words at a shadda.
* Chinese: Sphinx 9.0's page asks for a ``ChineseStemmer`` that its scripts
  never define (sphinx-doc/sphinx#14229), so the search page throws. The
  Latin part of Chinese text is stemmed in English, so the stemmer is English.
  The browser also does not segment a Chinese query: a query such as
  学习型城市网络 is split into the longest words the index knows.

French, Spanish and Russian use Sphinx's own Snowball stemmers. The browser
stemmers are the ones Sphinx ships (its ``sphinx.search`` package's
``minified-js`` folder, found with ``importlib.resources``). Jieba's default
dictionary is not loaded again as a user dictionary: ``conf.py`` sets
``html_search_options = {"dict": ""}``.
"""

from __future__ import annotations

import re
from importlib.resources import files

import snowballstemmer
from sphinx.application import Sphinx
from sphinx.search import SearchLanguage
from sphinx.search.zh import SearchChinese
from sphinx.util.typing import ExtensionMetadata

STEMMERS = files("sphinx.search") / "minified-js"  # shipped with Sphinx, next to its search module

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


ARABIC_STOPWORDS = set(
    "في من على إلى عن أن إن مع هذا هذه ذلك التي الذي الذين كان كانت ثم أو و ما لا لم لن قد هو هي هم كل بين عند".split()
)


class SearchArabic(SearchLanguage):
    lang = "ar"
    language_name = "Arabic"
    js_stemmer_rawcode = ""
    js_stemmer_code = _stemmer_js("arabic-stemmer.js", "Arabic")
    js_splitter_code = SPLITTER_JS
    stopwords = ARABIC_STOPWORDS

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        self.stemmer = snowballstemmer.stemmer("arabic")

    def split(self, input: str) -> list[str]:
        return WORD.findall(ARABIC_MARKS.sub("", input))

    def stem(self, word: str) -> str:
        return self.stemmer.stemWord(word.lower())


class SearchChineseFixed(SearchChinese):
    """Sphinx's Chinese search with a stemmer the browser can find."""

    js_stemmer_rawcode = ""
    js_stemmer_code = _stemmer_js("english-stemmer.js", "English")
    js_splitter_code = SPLITTER_JS


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_search_language(SearchArabic)
    app.add_search_language(SearchChineseFixed)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
