"""English index terms: the simplemma lemma dictionary plus a small exception table.

Chosen by measurement on UD English-EWT (see docs/ANALYSIS.md): a dictionary of
lemmas beats a Snowball stemmer by far on lemma accuracy, and stems would not
match the lemmas queries are compared with. On top of simplemma:

* closed-class words, clitics and irregular past forms come from ``exceptions``;
* contractions written as one word index both parts (don't -> do, not);
* a word the dictionary changes (involved -> involve, e-mail -> email) also
  indexes itself, so adjectives in -ed / -ing and spellings match as written;
  adjectives of feeling (interested) and hyphenated spellings (e-mail) come first;
* simplemma's dictionary gives some regular forms an obsolete spelling, with a final -e
  (playing -> playe, developed -> develope, fixed -> fixe) or a doubled consonant
  (travelling -> travell, cancelled -> cancell): Wiktionary's tables of the old spellings
  overwrote the modern verb's; where the modern stem is a lemma too, lemminflect's lexicon
  decides (``_modern_spelling``): playing -> play, travelling -> travel, but cared -> care;
* a form in -ed / -ing / -es that simplemma keeps as it is (a noun to it: trading) also
  indexes the lexicon's first lemma after it (trading -> trading, trade);
* where the lexicon knows a word and simplemma's lemma is none of its lemmas (unpaid ->
  unpay, kudos -> kudo), the lexicon's first lemma comes first, simplemma's after it;
* a number with commas between groups of three digits (1,250,000, the English way of
  writing thousands) is the number without them first, then as written: 1250000 finds it.

simplemma loads its dictionary lazily, on the first word (``dictionary``: from the model cache).
"""

from __future__ import annotations

import re

from muragat.analysis.lang.en.dictionary import lexicon_lemmas, simplemma
from muragat.analysis.lang.en.exceptions import (
    CLOSED_CLASS,
    CONTRACTION_SUFFIXES,
    NEGATED_HOSTS,
    STATE_ADJECTIVES,
)

_APOSTROPHES = str.maketrans("’ʼ‘", "'''")
_GROUPED_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
DOUBTED_ENDINGS = ("ed", "ing", "es")  # a form whose simplemma lemma may be in doubt


def _raw_lemma(word: str) -> str:
    return simplemma().lemmatize(word, lang="en").lower()


def _modern_spelling(word: str, lemma: str, found: tuple[str, ...]) -> str:
    """``lemma``, or its stem without the last letter where that letter is an obsolete
    spelling's: a final -e (playing -> playe, fixed -> fixe: the stem + -ed / -ing / -es) or a
    doubled consonant (travelling -> travell, preferred -> preferr: the lemma + -ed / -ing),
    the stem is a lemma of its own, and lemminflect's lexicon puts the stem first for the
    word (``found``: its lemmas there): play, fix, travel, prefer; cared stays care (the
    lexicon: care, not car)."""
    if len(lemma) < 4:
        return lemma
    stem, last = lemma[:-1], lemma[-1]
    if last == "e":
        ending = word[len(stem):] if word.startswith(stem) else ""
    elif last == stem[-1] and last not in "aeiouy" and word.startswith(lemma):
        ending = word[len(lemma):]
    else:
        return lemma
    if not found or found[0] != stem or ending not in DOUBTED_ENDINGS:
        return lemma
    return stem if _raw_lemma(stem) == stem else lemma


def _single(word: str) -> list[str]:
    fixed = CLOSED_CLASS.get(word)
    if fixed is not None:
        return list(fixed)
    found = lexicon_lemmas(word)
    lemma = _modern_spelling(word, _raw_lemma(word), found)
    if lemma == word:
        if found and found[0] != word and word.endswith(DOUBTED_ENDINGS):
            return [word, found[0]]  # "trading" (a noun to simplemma) also indexes trade
        return [lemma]
    if word in STATE_ADJECTIVES or lemma == word.replace("-", ""):
        out = [word, lemma]  # "interested"; "e-mail" as written first
    else:
        out = [lemma, word]
    if found and out[0] != word and out[0] not in found:
        # simplemma's lemma is none the lexicon gives a word it knows (unpaid -> unpay,
        # midwives -> midwive, kudos -> kudo): the lexicon's first, simplemma's after it
        out = [found[0]] + [t for t in out if t != found[0]]
    return out


def _contraction(word: str) -> list[str] | None:
    for suffix, clitic in CONTRACTION_SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix):
            host = word[: -len(suffix)]
            if suffix == "n't" and host in NEGATED_HOSTS:
                host = NEGATED_HOSTS[host]
            out = _single(host)[:1]
            if clitic and clitic not in out:
                out.append(clitic)
            return out
    return None


def lemmatize(word: str) -> list[str]:
    """Index terms of a normalized English word, best guess first."""
    word = word.translate(_APOSTROPHES)
    if word[:1].isdigit() and _GROUPED_NUMBER.fullmatch(word):
        return [word.replace(",", ""), word]
    if "'" in word and word not in CLOSED_CLASS:
        parts = _contraction(word)
        if parts is not None:
            return parts
    return _single(word)
