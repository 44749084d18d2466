"""The language of a segment: the detector's answer, checked against letters and metadata.

Each language says what its letters allow (``analysis.lang.<code>``: ``letters_allow``,
``letters_agree``, ``letters_prove``, ``neighbours``); the rules here combine that with the
detector and the document's metadata language.
"""

from __future__ import annotations

import re

from muragat.analysis.alphabets import script_counts
from muragat.analysis.detect import detect
from muragat.analysis.lang import OTHER, get_language
from muragat.analysis.langid.model import CYRILLIC_LANGS

# Short lines (menus, headings, footers: segments not of kind "paragraph") of at most this
# many characters are detected as a whole (letters prove little in three words).
SHORT_SEGMENT = 200
# A short line of at most this many words takes a preferred language its letters allow.
SHORT_LINE_WORDS = 4


def letters_allow(chunk: str, lang: str) -> bool:
    """True when no letter of ``chunk`` rules out ``lang`` (weaker than ``hint_agrees``);
    always False for a language without letter rules."""
    return get_language(lang).letters_allow(chunk)


def hint_agrees(chunk: str, hint: str) -> bool:
    """True when the letters of ``chunk`` confirm the language ``hint``.

    A paragraph that agrees with the document's language is not run through the detector.
    """
    return get_language(hint).letters_agree(chunk)


def _hint_overrides(chunk: str, detected: str, lang_hint: str) -> bool:
    """True when ``detected`` is a close neighbour of the metadata language ``lang_hint``
    (ky for kk, uk for ru) and no letter of ``chunk`` proves the neighbour."""
    language = get_language(lang_hint)
    return detected in language.neighbours and not language.proves_neighbour(chunk)


def segment_lang(chunk: str, lang_hint: str | None, trusted: str | None = None) -> str:
    """The language of a segment: ``trusted`` if its letters agree, else the detector's.

    ``lang_hint`` (from metadata) is taken when the detector cannot decide, and when it
    finds a close neighbour of the hint that no letter proves (ky for kk, uk for ru).
    """
    if trusted and hint_agrees(chunk, trusted):
        return trusted
    lang = detect(chunk)
    if lang_hint and (lang == OTHER or _hint_overrides(chunk, lang, lang_hint)):
        return lang_hint
    return lang


# A short line that mixes Cyrillic and Latin words (a breadcrumb "Вы здесь: Главная › Архив ›
# Seminar on library marketing", "Электрондық каталог / E-catalogue") takes its document's
# language unless the evidence for the detected one is strong: that language's script
# holds at least STRONG_SCRIPT_SHARE of the line's letters, or its letters prove it
# (``letters_prove``: Kazakh's қ ұ і ғ). The statistical models judge such lines poorly (a
# Latin-script model read the breadcrumb above as Uzbek).
MIXED_LINE_CHARS = SHORT_SEGMENT
STRONG_SCRIPT_SHARE = 0.75
_ADDRESS_RE = re.compile(r"\S+@\S+|\b(?:https?://|www\.)\S+")
_CYRILLIC_SCRIPT_LANGS = frozenset(CYRILLIC_LANGS)


def mixed_line_lang(chunk: str, detected: str, doc_lang: str) -> str:
    """The language of the segment ``chunk`` detected as ``detected`` in a document in
    ``doc_lang``: ``doc_lang`` for a short mixed-script line without strong evidence."""
    if detected == doc_lang or doc_lang == OTHER or len(chunk) > MIXED_LINE_CHARS:
        return detected
    letters = _ADDRESS_RE.sub(" ", chunk) if "@" in chunk or "/" in chunk else chunk
    cyr, lat, _ = script_counts(letters)
    if cyr < 2 or lat < 2:  # one script: not a mixed line
        return detected
    own = cyr if detected in _CYRILLIC_SCRIPT_LANGS else lat
    if own >= STRONG_SCRIPT_SHARE * (cyr + lat):
        return detected
    if get_language(detected).letters_prove(letters):
        return detected
    return doc_lang
