"""Dates in Russian, Kazakh and English prose, and in metadata values.

Written here because general parsers fail on these archives (dateparser finds
nothing in ``2021 жылғы 8 сәуір`` and reads ``08.04.2021`` as 4 August). Forms::

    8 апреля 2021 г.      2021 жылғы 8 сәуір     8 сәуірде 2021
    April 8, 2021         8 April 2021           08.04.2021 (day first)   2021-04-08

A date without a year ("On November 20") gives neither a date nor a year, except
as the start of a range whose end has one (``с 15 мая по 15 июня 2019``,
``15–20 мая 2019``, ``May 15–20, 2019``, ``2019 жылғы 15-20 мамыр``): the start
date, with the end's year.
"""

from __future__ import annotations

import datetime as dt
import re

# Russian month words: stem + case ending (января, январе; мая, мае; марта).
_RU = [
    (r"январ[ьяе]", 1), (r"феврал[ьяе]", 2), (r"март[ае]?", 3), (r"апрел[ьяе]", 4),
    (r"ма[йяе]", 5), (r"июн[ьяе]", 6), (r"июл[ьяе]", 7), (r"август[ае]?", 8),
    (r"сентябр[ьяе]", 9), (r"октябр[ьяе]", 10), (r"ноябр[ьяе]", 11), (r"декабр[ьяе]", 12),
]
# Kazakh month words take case endings: сәуірде (in April), қазанның (of October).
_KK_SUFFIX = r"(?:да|де|та|те|дағы|дегі|тағы|тегі|ның|нің|дың|дің|тың|тің|ы|і|нан|нен|дан|ден|тан|тен|ға|ге|қа|ке)?"
_KK = [
    (r"қаңтар", 1), (r"ақпан", 2), (r"наурыз", 3), (r"сәуір", 4), (r"мамыр", 5), (r"маусым", 6),
    (r"шілде", 7), (r"тамыз", 8), (r"қыркүйек", 9), (r"қазан", 10), (r"қараша", 11),
    (r"желтоқсан", 12),
]
_EN = [
    (r"jan(?:uary|\.)?", 1), (r"feb(?:ruary|\.)?", 2), (r"mar(?:ch|\.)?", 3), (r"apr(?:il|\.)?", 4),
    (r"may", 5), (r"june?\.?", 6), (r"july?\.?", 7), (r"aug(?:ust|\.)?", 8),
    (r"sep(?:t|tember)?\.?", 9), (r"oct(?:ober|\.)?", 10), (r"nov(?:ember|\.)?", 11),
    (r"dec(?:ember|\.)?", 12),
]
_MONTHS = [(re.compile(p + r"$", re.I), m) for p, m in _RU + _EN] + [
    (re.compile(p + _KK_SUFFIX + r"$", re.I), m) for p, m in _KK
]
_MONTH = "(?:" + "|".join(
    [p for p, _ in _RU] + [p + _KK_SUFFIX for p, _ in _KK] + [p for p, _ in _EN]
) + r")(?![^\W\d_])"

_DAY = r"(\d{1,2})(?:-?(?:го|е|ші|шы|інші|ыншы|st|nd|rd|th))?"
_YEAR = r"(\d{4})"
_PATTERNS: list[tuple[re.Pattern[str], tuple[int, int, int]]] = [
    # 2021 жылғы 8 сәуір, 2021 ж. 8 сәуірде, 2021-жылы 8-сәуір   (year, day, month)
    (re.compile(rf"(?<!\d){_YEAR}\s*-?\s*(?:ж\.|жылғы|жылы|жыл)?\s*,?\s*{_DAY}\s*-?\s*({_MONTH})", re.I),
     (1, 3, 2)),
    # 8 апреля 2021 г., 8 сәуірде 2021, 8 April 2021   (day, month, year)
    (re.compile(rf"(?<!\d){_DAY}\s*-?\s*({_MONTH})\s*,?\s+{_YEAR}(?!\d)", re.I), (3, 2, 1)),
    # April 8, 2021 / April 8th 2021   (month, day, year)
    (re.compile(rf"(?<![^\W\d_])({_MONTH})\s+{_DAY},?\s+{_YEAR}(?!\d)", re.I), (3, 1, 2)),
    # 08.04.2021: day first, as in Kazakhstan and Russia
    (re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d])"), (3, 2, 1)),
    # 2021-04-08
    (re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)"), (1, 2, 3)),
]

# Ranges whose first date lacks the year (or also the month) of the second: the start
# date takes them ("с 15 мая по 15 июня 2019" -> 2019-05-15; "20 декабря – 10 января 2020"
# -> 2019-12-20). Groups are named: d1/m1 start day and month, m2 end month, y the year.
_TO = r"\s*(?:[-–—]|\b(?:по|до|to|till|until|through)\b)\s*"
_RDAY = r"\d{1,2}(?:-?(?:го|е|ші|шы|інші|ыншы|st|nd|rd|th))?"
_RANGE_PATTERNS: list[re.Pattern[str]] = [
    # с 15 мая по 15 июня 2019, 15–20 мая 2019, from 15 May to 15 June 2019, 15-20 мамыр 2019 ж.
    re.compile(rf"(?<!\d)(?P<d1>\d{{1,2}})(?:-?(?:го|е|ші|шы|інші|ыншы|st|nd|rd|th))?"
               rf"(?:\s*-?\s*(?P<m1>{_MONTH}))?{_TO}{_RDAY}\s*-?\s*(?P<m2>{_MONTH})\s*,?\s+"
               rf"(?P<y>\d{{4}})(?!\d)", re.I),
    # May 15–20, 2019, May 15 to June 15, 2019
    re.compile(rf"(?<![^\W\d_])(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?{_TO}"
               rf"(?:(?P<m2>{_MONTH})\s+)?{_RDAY},?\s+(?P<y>\d{{4}})(?!\d)", re.I),
    # 2019 жылғы 15-20 мамыр   (the year comes first; the month is the end's)
    re.compile(rf"(?<!\d)(?P<y>\d{{4}})\s*-?\s*(?:ж\.|жылғы|жылы|жыл)?\s*,?\s*"
               rf"(?P<d1>\d{{1,2}}){_TO}{_RDAY}\s*-?\s*(?P<m2>{_MONTH})", re.I),
]


def _range_start(m: re.Match[str]) -> str | None:
    """The ISO start date of a matched range (the year of the end when the start has none)."""
    groups = m.groupdict()
    end_month = month_number(groups["m2"]) if groups.get("m2") else None
    start_month = month_number(groups["m1"]) if groups.get("m1") else None
    start_month, end_month = start_month or end_month, end_month or start_month
    if start_month is None or end_month is None:
        return None
    year = int(m.group("y")) - (1 if start_month > end_month else 0)  # across New Year
    return _valid(year, start_month, int(m.group("d1")))


def month_number(word: str) -> int | None:
    """The month (1-12) a Russian, Kazakh or English month word names."""
    word = word.strip().lower()
    for pattern, month in _MONTHS:
        if pattern.match(word):
            return month
    return None


def _valid(year: int, month: int, day: int) -> str | None:
    if not 1000 <= year <= 2999:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _part(text: str) -> int | None:
    return int(text) if text.isdigit() else month_number(text)


# Every date form above holds a four-digit year, and no match reaches further than this
# from it: the patterns only run in windows around four-digit numbers.
_YEAR_RUN_RE = re.compile(r"\d{4}")
_REACH = 100


def _windows(text: str) -> list[tuple[int, int]]:
    """Merged ``[lo, hi)`` windows of ``_REACH`` characters around each four-digit number."""
    spans: list[list[int]] = []
    for m in _YEAR_RUN_RE.finditer(text):
        lo, hi = max(0, m.start() - _REACH), min(len(text), m.end() + _REACH)
        if spans and lo <= spans[-1][1]:
            spans[-1][1] = hi
        else:
            spans.append([lo, hi])
    return [(lo, hi) for lo, hi in spans]


def _first_date_in(text: str, lo: int, hi: int) -> str | None:
    """The earliest valid date matched inside ``text[lo:hi]`` (look-behinds see the context)."""
    best: tuple[int, str] | None = None
    for pattern in _RANGE_PATTERNS:
        for m in pattern.finditer(text, lo, hi):
            if best is not None and m.start() >= best[0]:
                break
            iso = _range_start(m)
            if iso:
                best = (m.start(), iso)
                break
    for pattern, (yi, mi, di) in _PATTERNS:
        for m in pattern.finditer(text, lo, hi):
            if best is not None and m.start() >= best[0]:
                break
            groups = m.groups()
            year, month, day = _part(groups[yi - 1]), _part(groups[mi - 1]), _part(groups[di - 1])
            if year is None or month is None or day is None:
                continue
            iso = _valid(year, month, day)
            if iso:
                best = (m.start(), iso)
                break
    return best[1] if best else None


def find_date(text: str, limit: int = 20000) -> str | None:
    """The first complete date (with a year) in the first ``limit`` characters, as ISO."""
    text = text[:limit]
    for lo, hi in _windows(text):
        found = _first_date_in(text, lo, hi)
        if found:
            return found
    return None


_ISO_RE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ][\d:.+\-Z]*)?\s*$")


def parse_date_value(value: object) -> tuple[str | None, int | None]:
    """A metadata date (ISO string, ``date``/``datetime``, a year, prose) -> ``(iso, year)``.

    The ISO result may be ``yyyy-mm-dd``, ``yyyy-mm`` or ``yyyy``.
    """
    if value is None or value == "":
        return None, None
    if isinstance(value, dt.datetime):
        return value.date().isoformat(), value.year
    if isinstance(value, dt.date):
        return value.isoformat(), value.year
    if isinstance(value, int) and not isinstance(value, bool):
        return (str(value), value) if 1000 <= value <= 2999 else (None, None)
    text = str(value)
    m = _ISO_RE.match(text)
    if m:
        year = int(m.group(1))
        if not 1000 <= year <= 2999:
            return None, None
        if m.group(3):
            iso = _valid(year, int(m.group(2)), int(m.group(3)))
            return (iso, year) if iso else (None, year)
        if m.group(2):
            month = int(m.group(2))
            return (f"{year:04d}-{month:02d}", year) if 1 <= month <= 12 else (str(year), year)
        return str(year), year
    iso = find_date(text)
    return (iso, int(iso[:4])) if iso else (None, None)


def parse_year(value: object) -> int | None:
    """A metadata year (int or digits) or None."""
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return year if 1000 <= year <= 2999 else None
