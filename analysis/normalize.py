"""Language-independent normalization of texts and words.

Text level (``normalize_text``): lone surrogates replaced by U+FFFD, control
characters other than tab, newlines and form feed removed (a space where they stood
between two words), noncharacters (U+FFFE, U+FFFF ...), soft hyphens and zero-width
characters removed, Unicode NFC, words hyphenated across line breaks rejoined. The
result is what gets stored and displayed, so offsets computed on it stay valid.
Documents (``indexer.prepare``) and query text (``search.query_parser.parse``) both
go through this one function, so a word copied from a page is the word indexed.

Word level (``normalize_word``), in this order:

1. NFC, stress marks on Cyrillic vowels and invisible characters dropped
   (хо́лод -> холод; a soft hyphen pasted into a query word);
2. look-alike letters of the other script repaired inside a word (пpивет with a
   Latin p -> привет; Latin i inside a Cyrillic word -> Kazakh і);
3. lowercase (the Turkish/Kazakh dotted İ becomes a plain i);
4. clear pre-1918 Russian spelling modernized (вѣра -> вера; і -> и only with such
   a marker and no Kazakh letter, because і is a normal Kazakh letter);
5. ё -> е; the steps repeat until nothing changes, so the result is stable.

Language modules add their own steps (Latin Kazakh -> Cyrillic happens in
``analysis.lang.kk`` *before* this; the Russian module always modernizes spelling).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from muragat.analysis.alphabets import (
    CYRILLIC_LOOKALIKES,
    CYRILLIC_RANGE,
    KAZAKH,
    LATIN_LOOKALIKES,
    both_cases,
)

_INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# Control characters that text does not hold (tab, LF, VT, FF and CR are whitespace and
# stay); DEL and the C1 controls. A run of them between two visible characters becomes
# a space (a cell mark or a record separator between words), elsewhere nothing.
_CONTROLS = "\x00-\x08\x0e-\x1f\x7f-\x9f"
_CONTROL_RE = re.compile(f"[{_CONTROLS}]")
_CONTROL_BETWEEN_RE = re.compile(f"(?<=\\S)[{_CONTROLS}]+(?=\\S)")
_CONTROL_RUN_RE = re.compile(f"[{_CONTROLS}]+")
# Noncharacters (U+FDD0-U+FDEF and the last two code points of every plane): never text.
# Above the BMP the class takes everything from U+1FFFE and ``_drop_nonchar`` keeps what
# is not a noncharacter (a class of 34 single astral characters is ten times slower).
_NONCHARACTER_RE = re.compile("[\ufdd0-\ufdef\ufffe\uffff\U0001fffe-\U0010ffff]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
# Anything the steps above act on, found in one pass (most texts have none of it).
_STRAY_RE = re.compile(
    f"[{_CONTROLS}\u00ad\u200b-\u200d\u2060\ufeff\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    "\U0001fffe-\U0010ffff]")


def _drop_nonchar(match: re.Match[str]) -> str:
    ch = match.group()
    return "" if ord(ch) & 0xFFFE == 0xFFFE or "\ufdd0" <= ch <= "\ufdef" else ch


# "библио-\nтека" -> "библиотека" (a lowercase letter continues the word on the next line).
_CAPITALS = "A-Z" + "".join(sorted(ch.upper() for ch in KAZAKH))  # Latin, Russian, Kazakh
_LINEBREAK_HYPHEN_RE = re.compile(rf"([^\W\d_])-[ \t]*\r?\n[ \t]*([^\W\d_{_CAPITALS}])")
_HYPHEN_BREAK_RE = re.compile(r"-[ \t]*\r?\n")
# Combining acute/grave accents after a Cyrillic letter: stress marks in dictionaries and poetry.
_STRESS_RE = re.compile(f"(?<=[{CYRILLIC_RANGE}])[\u0300\u0301]")
# Quotes and brackets around a word, and a final dot or comma, as some callers pass
# words ("г.", "(архив)", "«Абай»"); "@name", "))" and a leading apostrophe ('s, '68)
# are left alone, and so is the final dot of a dotted abbreviation (u.s., т.е.).
_EDGE_PUNCT_RE = re.compile(r"^[«»\"“”„(\[{]+|[«»\"'“”„‘’)\]}.,;:!?]+$")

# Latin letters that look like Cyrillic ones, repaired inside Cyrillic words.
_LATIN_TO_CYR = str.maketrans(LATIN_LOOKALIKES, CYRILLIC_LOOKALIKES)
# Cyrillic letters that look like Latin ones, repaired inside Latin words.
_CYR_TO_LAT = str.maketrans(CYRILLIC_LOOKALIKES, LATIN_LOOKALIKES)
_HYPHENS_RE = re.compile(r"([-‐‑])")


def normalize_text(text: str) -> str:
    """Return ``text`` in NFC without stray controls, invisible characters and line-break
    hyphenation (see the module docstring); idempotent."""
    if _STRAY_RE.search(text):
        text = _SURROGATE_RE.sub("\ufffd", text)
        text = _NONCHARACTER_RE.sub(_drop_nonchar, _INVISIBLE_RE.sub("", text))
        if _CONTROL_RE.search(text):
            text = _CONTROL_RUN_RE.sub("", _CONTROL_BETWEEN_RE.sub(" ", text))
    text = unicodedata.normalize("NFC", text)
    if not _HYPHEN_BREAK_RE.search(text):  # cheap: the full pattern starts at every letter
        return text
    return _LINEBREAK_HYPHEN_RE.sub(r"\1\2", text)


_LATIN_RE = re.compile("[A-Za-z]")
_CYRILLIC_RE = re.compile(f"[{CYRILLIC_RANGE}]")


def _repair_part(part: str) -> str:
    cyr = len(_CYRILLIC_RE.findall(part))
    lat = len(_LATIN_RE.findall(part))
    if not cyr or not lat:
        return part
    to_cyr = (_LATIN_TO_CYR, _LATIN_RE)
    to_lat = (_CYR_TO_LAT, _CYRILLIC_RE)
    # The majority script first; on a tie (Bооk) whichever repair is complete.
    for table, leftover in (to_cyr, to_lat) if cyr >= lat else (to_lat, to_cyr):
        fixed = part.translate(table)
        if not leftover.search(fixed):
            return fixed
    # No complete repair: "Visa-карта" or "iPhone-ды" stay as written.
    return part


def repair_homoglyphs(word: str) -> str:
    """Repair letters of the minority script inside a word (``пpивет`` -> ``привет``).

    Each hyphen-separated part is repaired on its own, and only when every letter of
    the minority script has a look-alike in the majority script.
    """
    if word.isascii() or not _LATIN_RE.search(word) or not _CYRILLIC_RE.search(word):
        return word
    return "".join(_repair_part(p) for p in _HYPHENS_RE.split(word))


def strip_edge_punctuation(word: str) -> str:
    """Remove quotes, brackets and a final dot around a word (``г.`` -> ``г``).

    A word made only of such characters is returned unchanged.
    """
    if word.endswith(".") and "." in word[:-1].strip("."):
        return word
    return _EDGE_PUNCT_RE.sub("", word) or word


def fold_case(word: str) -> str:
    """Lowercase ``word``; the dotted capital İ gives a plain i (not i + combining dot)."""
    return word.replace("İ", "i").lower()


# Words of these characters only (Russian and Kazakh letters without ъ, digits, hyphens)
# need nothing but lowercasing: already NFC, nothing invisible, no look-alike of the other
# script, no stress mark, no pre-1918 marker. Most words of the archives.
_PLAIN_CYRILLIC_RE = re.compile(
    "[" + "".join(sorted(both_cases(KAZAKH - {"ъ"}))) + "0-9-]+")


def is_plain_cyrillic(word: str) -> bool:
    """True when ``word`` needs only lowercasing to be normalized (see ``_PLAIN_CYRILLIC_RE``)."""
    return _PLAIN_CYRILLIC_RE.fullmatch(word) is not None


@lru_cache(maxsize=200_000)
def normalize_word(word: str) -> str:
    """Normalize one word for matching: homoglyphs repaired, lowercased, ё -> е.

    Cached (an explicit per-process cache: the hot path runs once per token).
    """
    if word.isascii():
        return word.lower()
    if _PLAIN_CYRILLIC_RE.fullmatch(word):
        return word.lower().replace("ё", "е")
    return _until_stable(lambda w: _normalize_once(w).replace("ё", "е"), word)


@lru_cache(maxsize=200_000)
def normalize_word_keeping_yo(word: str) -> str:
    """``normalize_word`` without the ё -> е fold (a lemmatizer reads ё as evidence)."""
    if word.isascii() or _PLAIN_CYRILLIC_RE.fullmatch(word):
        return word.lower()
    return _until_stable(_normalize_once, word)


def _until_stable(step, word: str) -> str:
    # One step nearly always suffices; a repair can enable another (a Kelvin sign
    # lowercases to a Latin k), so repeat until nothing changes: idempotent output.
    for _ in range(4):
        nxt = step(word)
        if nxt == word:
            break
        word = nxt
    return word


def _normalize_once(word: str) -> str:
    # Invisible characters first: a zero-width joiner between и and U+0306 blocks NFC.
    word = unicodedata.normalize("NFC", _INVISIBLE_RE.sub("", _SURROGATE_RE.sub("\ufffd", word)))
    word = repair_homoglyphs(_STRESS_RE.sub("", word))  # KНИГА: the capitals decide
    word = unicodedata.normalize("NFC", fold_case(word))
    if looks_pre_reform(word):
        word = modernize(word)
    return word


# Imported last: the Russian package imports this module's functions (no import cycle).
from muragat.analysis.lang.ru.old_spelling import looks_pre_reform, modernize  # noqa: E402
