"""Figures, percentages, dates and coordinates written the way each language writes them.

Pure functions over Babel's CLDR data, shared by the extensions that put facts
on pages (``site_facts``, ``city_pages``, ``conference_timeline``). A fact is
formatted here, per build language, so translators translate sentences and
never number formats. Arabic keeps the Western digits 0-9 (project policy,
as in UN documents): every call asks for the ``latn`` numbering system.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton
from babel.numbers import format_compact_decimal, format_decimal, format_percent

# The CLDR locale of each build language: UN English style ("4 December 2025")
# is en_001, and simplified Chinese as written in mainland China is zh_Hans_CN.
LOCALES = {"en": "en_001", "fr": "fr", "es": "es", "ru": "ru", "zh_CN": "zh_Hans_CN", "ar": "ar"}
DIGITS = "latn"

# Long compact forms ("310 millions") read naturally in running text; Russian
# and Chinese write the short form (310 млн, 3.1亿).
COMPACT_TYPE = {"ru": "short", "zh_CN": "short"}

# Babel does not ship CLDR's coordinateUnit patterns, so the hemispheres are
# written here (north, south, east, west), after the CLDR patterns.
HEMISPHERES = {
    "en": ("{0} N", "{0} S", "{0} E", "{0} W"),
    "fr": ("{0} N", "{0} S", "{0} E", "{0} O"),
    "es": ("{0} N", "{0} S", "{0} E", "{0} O"),
    "ru": ("{0} с. ш.", "{0} ю. ш.", "{0} в. д.", "{0} з. д."),
    "zh_CN": ("北纬{0}", "南纬{0}", "东经{0}", "西经{0}"),
    "ar": ("{0} شمالًا", "{0} جنوبًا", "{0} شرقًا", "{0} غربًا"),
}
COORDINATE_SEPARATOR = {"zh_CN": "，", "ar": "، "}


@lru_cache(maxsize=None)
def locale(language: str | None) -> Locale:
    return Locale.parse(LOCALES.get(language or "en", language or "en"))


def number(value: int | float, language: str) -> str:
    return format_decimal(value, locale=locale(language), numbering_system=DIGITS)


def number_pattern(value: float, pattern: str, language: str) -> str:
    return format_decimal(value, format=pattern, locale=locale(language), numbering_system=DIGITS)


def _fraction_digits(scaled: Decimal) -> int:
    """The fewest fraction digits that show a scaled figure exactly."""
    exponent = scaled.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def compact(value: int, language: str) -> str:
    """310000000 -> "310 million", "310 millions", "310 млн", "3.1亿", "310 ملايين".

    CLDR's compact patterns carry the plural forms; only the number of fraction
    digits is chosen here, the fewest that show the figure exactly (3.1亿, not
    3亿), and Arabic's counted noun agrees with the whole number
    (``arabic_counted_noun``), which CLDR's patterns cannot do.
    """
    loc = locale(language)
    format_type = COMPACT_TYPE.get(language, "long")
    formats = loc.compact_decimal_formats[format_type]["other"]
    magnitude = max((int(m) for m in formats if abs(value) >= int(m)), default=None)
    digits = 0
    if magnitude is not None:
        zeros = formats[str(magnitude)].pattern.count("0")
        digits = _fraction_digits(Decimal(value) / (magnitude // 10 ** max(zeros - 1, 0)))
    text = format_compact_decimal(value, format_type=format_type, locale=loc, fraction_digits=digits,
                                  numbering_system=DIGITS)
    if language == "ar" and magnitude is not None and value == int(value):
        text = arabic_counted_noun(text)
    return text


# An Arabic counted noun agrees with the last part of its number, which CLDR's
# compact patterns (one word per magnitude) cannot say: 310 ملايين, 5 ملايين,
# 11 مليونًا, 100 مليون. The genitive of the dual is used, as after من ("more than").
ARABIC_NOUNS = {  # singular (genitive) -> (dual genitive, plural, accusative singular)
    "ألف": ("ألفين", "آلاف", "ألفًا"),
    "مليون": ("مليونين", "ملايين", "مليونًا"),
    "مليار": ("مليارين", "مليارات", "مليارًا"),
}
ARABIC_COUNTED = re.compile(r"^(?P<n>\d+) (?P<noun>ألف|آلاف|مليون|ملايين|مليار|مليارات)$")


def arabic_counted_noun(text: str) -> str:
    """"310 مليون" -> "310 ملايين": the noun in the form the number's last part asks for."""
    match = ARABIC_COUNTED.match(text)
    if not match:
        return text
    n = int(match["n"])
    singular = next(s for s, forms in ARABIC_NOUNS.items() if match["noun"] in (s, *forms))
    dual, plural, accusative = ARABIC_NOUNS[singular]
    last = n % 100
    if n == 2:
        noun = dual
    elif 3 <= last <= 10:
        noun = plural
    elif 11 <= last <= 99:
        noun = accusative
    else:  # 1, and hundreds or thousands exactly: the genitive singular
        noun = singular
    return f"{n} {noun}"


def percent(value: int | float, language: str) -> str:
    """A share given in percent in the facts file: 55 -> "55%", "55 %", "55٪" never (latn)."""
    return format_percent(Decimal(str(value)) / 100, locale=locale(language), numbering_system=DIGITS)


def date(value: dt.date | str, language: str) -> str:
    """2025-12-04 -> "4 December 2025", "4 décembre 2025", "2025年12月4日"."""
    return format_date(_as_date(value), "long", locale=locale(language))


def month(value: str, language: str) -> str:
    """"2023-10" -> "October 2023", "octobre 2023", "2023年10月"."""
    year, month_number = (int(part) for part in value.split("-")[:2])
    return format_skeleton("yMMMM", dt.date(year, month_number, 1), locale=locale(language))


def date_range(start: dt.date | str, end: dt.date | str, language: str) -> str:
    """21-23 October 2013 in each language, from CLDR's interval patterns.

    CLDR has the day-month-year interval only with abbreviated months (yMMMd);
    TR35 widens a matched skeleton's fields to the width asked for, which
    Babel does not do, so the abbreviated month names are widened here.
    """
    start, end = _as_date(start), _as_date(end)
    loc = locale(language)
    if "yMMMMd" in loc.interval_formats:  # Spanish: "21–23 de octubre de 2013"
        return format_interval(start, end, "yMMMMd", locale=loc)
    text = format_interval(start, end, "yMMMd", locale=loc)
    for month_number in sorted({start.month, end.month}):
        short = loc.months["format"]["abbreviated"][month_number]
        wide = loc.months["format"]["wide"][month_number]
        if not re.search(r"\d", short):  # numeric months (10月) are already complete
            text = re.sub(rf"(?<!\w){re.escape(short)}(?!\w)", wide, text)
    return text


def coordinates(lat: float, lon: float, language: str) -> str:
    """53.565, 10.001 -> "53.565° N, 10.001° E"; "53,565° N, 10,001° E" in French."""
    north, south, east, west = HEMISPHERES.get(language, HEMISPHERES["en"])

    def degrees(value: float) -> str:
        # Babel's narrow degree unit puts an RLM and a space inside Arabic figures; "°" is
        # written after the figure in every CLDR locale used here.
        return number_pattern(abs(value), "#,##0.000", language) + "°"

    lat_text = (north if lat >= 0 else south).format(degrees(lat))
    lon_text = (east if lon >= 0 else west).format(degrees(lon))
    return COORDINATE_SEPARATOR.get(language, ", ").join((lat_text, lon_text))


def _as_date(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
