"""The word list cleaned for lemmatization: entries that are themselves inflected forms go.

hunspell-kk lists many inflected forms beside their stems (кітабы beside кітап, болады beside
болу, жерде beside жер) and some entries cut inside an ending (мектептерд, беред). Left in,
they would be "known words" and stop the analysis. The lemmatizer's own suffix index decides
which entries are forms; hand-written core words are never dropped.
"""

from __future__ import annotations

import copy
from bisect import bisect_left
from functools import lru_cache
from pathlib import Path

from muragat.analysis.lang.kk.chains import ORDINAL, VERBAL_NOUN, chain_index, stem_context
from muragat.analysis.lang.kk.harmony import VOWEL, VOWELS, final_class, harmony
from muragat.analysis.lang.kk.lexicon import (
    Lexicon,
    core_nouns,
    core_verbs,
    raw_lexicon,
    word_list_files,
)
from muragat.analysis.lang.kk.stems import (
    DERIVED,
    derived_cost,
    stem_variants,
    strip_voice,
    y_vowel,
)
from muragat.analysis.lang.kk.suffixes import VOICE, realize
from muragat.analysis.model_cache import cached, source_files

# A listed word that is a stem of this many letters + lone -ы/-і is that stem's possessive
# form (кешені goes). Shorter stems (көзі, жолы, кісі, тары) are left to ``_weak_form``.
P3_MIN_STEM = 5
_POSSESSIVES = frozenset({"P1SG", "P2SG", "P2SGP", "P1PL", "P2PL"})
# Readings that prove nothing: -ым/-ің is also the deverbal noun suffix, -ма/-ме (бала-м-а)
# the deverbal noun of бағдарла-ма, and the comparative -ырақ and similative -дай spell the
# ends of many plain words (топырақ).
_P3_ACC = ("P3", "ACC")
_NOT_EVIDENCE = frozenset({("P1SG",), ("P2SG",), ("P1SG", "DAT"), ("COMP",), ("SIM",)})
# A lone voice suffix is no evidence either: қызыл, жасыл, жақын, дайын spell қыз-ыл, жас-ыл,
# жақ-ын, дай-ын. Such entries stay words, but weaker ones as stems (``Lexicon.voice_nouns``).
_VERBAL_ONLY = frozenset({"CONV", "PAST", "PTCP", "HAB", "EVID", "INT"})
# Endings that cannot continue a vowel-final form (a possessive -ы/-і, a conditional -са/-се):
# the plain plural, accusative, dative, locative and ablative, and the derivational -лық, -шы,
# -лы. A listed word the list also holds with one of them (кісі-лер, кеңсе-ге, жылы-лық) is a
# word of its own, whatever its spelling suggests.
_OWN_ENDINGS = ("QI", "GA", "DA", "HAн", "LAр", "лIK", "шI", "лI")
_OWN_CASES = 4  # the first four end a word; the others may take further endings (кісі-лер-ге)
_CASES = ("QI", "GA", "DA", "HAн", "LAр", "NIң")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The lexicon with inflected hunspell entries removed (кітабы beside кітап, болады).

    Built once per machine and kept in ``analysis.model_cache`` (keyed by this package's
    code and data and the word lists read).
    """
    return cached("kk-lexicon", lexicon_inputs(), _build_lexicon)


def lexicon_inputs() -> list[Path]:
    """What the lexicon is built from (the cache key of it and of what derives from it)."""
    return source_files(Path(__file__).parent) + word_list_files()


def _build_lexicon() -> Lexicon:
    lex = copy.deepcopy(raw_lexicon())  # the raw lexicon stays as read
    protected = core_nouns()
    listed = sorted(lex.nouns)
    inflected = {w for w in lex.nouns if w not in protected
                 and (_is_inflected_entry(w, lex) or _is_truncated_entry(w, lex)
                      or _weak_form(w, lex) and not _own_forms(w, listed))}
    lex.nouns -= inflected
    # Entries that are also a verb + voice (қызыл, айтыл) are kept apart: a word of its own
    # when whole, a weaker stem, and never the base of a derived word (табыл-ды is a verb).
    # A two-letter base is too weak a reading to count (ақын, ақыл are plain nouns).
    lex.voice_nouns = {w for w in lex.nouns if w not in protected
                       and w[-1] in "лн" and len(strip_voice(w, lex.verbs)) not in (2, len(w))}
    lex.nouns -= lex.voice_nouns
    # жақын, дайын, шағын spell жақ-ы-н like жерін = жер-і-н: a three-letter noun + -ын/-ін
    # listed whole stays a weak word (the form's base first, the whole word second).
    lex.possessive_forms = {w for w in inflected if len(w) == 5 and w[3:] in ("ын", "ін")
                            and w[:3] in lex.nouns
                            and not _is_inflected_entry(w, lex, short_p3_acc=False)}
    return lex


_WEAK_VERB_FORMS = frozenset({("COND",), ("OPT3",)})


def _weak_form(word: str, lex: Lexicon) -> bool:
    """True for a listed word spelled as a noun of 3-4 letters the list shows inflected + the
    possessive -ы/-і (көзі, жолы, кісі; not тірі, ұялы), or as a verb + the conditional -са/-се
    or the optative -сын/-сін (болса, алсын): a form, unless the list shows it with endings of
    its own (``_own_forms``)."""
    index = chain_index()
    core = core_verbs()
    for i in range(2, len(word)):
        entries = index.get(word[i:])
        if not entries:
            continue
        stem = word[:i]
        for chain in entries:
            if chain.pos == "n":
                weak = (chain.names == ("P3",) and i == len(word) - 1 and 3 <= i < P3_MIN_STEM
                        and stem in lex.nouns and _inflected_in_list(stem, lex.nouns))
            else:
                weak = (chain.names in _WEAK_VERB_FORMS and stem in lex.verbs
                        and (len(stem) >= 3 or stem in core))
            if weak and stem_context(stem) & chain.mask:
                return True
    return False


def _inflected_in_list(stem: str, words: set[str]) -> bool:
    """True when ``words`` holds ``stem`` + a plain case or plural ending (көз-ге, жол-да): a
    noun the list shows inflected, so a listed stem + -ы/-і may be its possessive."""
    last = final_class(stem)
    return any(stem + realize(template, h, last) in words
               for h in harmony(stem) for template in _CASES)


def _own_forms(word: str, listed: list[str]) -> bool:
    """True when the sorted word list ``listed`` holds a vowel-final ``word`` + a case ending
    of ``_OWN_ENDINGS`` (кеңсе-ге, кісі-ні), or + one of the others alone or with further
    endings of two letters or more (кісі-лер-ге, жылы-лық): not басы-лы-м, түсі-ні-гі."""
    if word[-1] not in VOWELS:
        return False
    index = chain_index()
    for h in harmony(word):
        for k, template in enumerate(_OWN_ENDINGS):
            form = word + realize(template, h, VOWEL)
            i = bisect_left(listed, form)
            while i < len(listed) and listed[i].startswith(form):
                rest = listed[i][len(form):]
                if not rest or (k >= _OWN_CASES and len(rest) >= 2
                                and any(c.pos == "n" for c in index.get(rest, ()))):
                    return True
                i += 1
    return False


@lru_cache(maxsize=1)
def _ending_prefixes() -> frozenset[str]:
    """Every proper prefix of an ending the tables spell (терд- of тердің, ед- of еді)."""
    out: set[str] = set()
    for ending in chain_index():
        for k in range(1, len(ending)):
            out.add(ending[:k])
    return frozenset(out)


def _is_truncated_entry(word: str, lex: Lexicon) -> bool:
    """True for a word-list entry cut inside an ending (мектептерд, беред, жетт).

    Such entries end in a sound no Kazakh word ends in (д, a doubled consonant) and are a
    known stem plus the beginning of an ending.
    """
    if len(word) < 3 or not (word[-1] == "д" or (word[-1] == word[-2] and word[-1] not in VOWELS)):
        return False
    prefixes = _ending_prefixes()
    for i in range(2, len(word)):
        if word[i:] in prefixes and (word[:i] in lex.nouns or word[:i] in lex.verbs):
            return True
    return False


def _is_inflected_entry(word: str, lex: Lexicon, short_p3_acc: bool = True) -> bool:
    """True when ``word`` is a known stem plus endings (a form, not a dictionary word).

    Nominal endings count on nominal stems; verbal endings on verb stems only when they are
    two letters or more and either two suffixes or one that only verbs take (болады, оқып,
    but not алма = ал + ма).
    """
    index = chain_index()
    core = core_verbs()
    n = len(word)
    if n > 3 and "и" in word[2:]:
        i = word.rindex("и")
        glide = index.get("й" + word[i + 1:])
        stem = word[:i]
        if glide and stem[-1] not in VOWELS and any(c.pos == "v" for c in glide):
            if stem + y_vowel(stem) in lex.verbs or stem + y_vowel(stem) in lex.verbs_y:
                return True
    for i in range(n - 1, 1, -1):
        entries = index.get(word[i:])
        if not entries:
            continue
        stem = word[:i]
        size = n - i
        for chain in entries:
            if chain.flags & ORDINAL:
                continue
            if chain.pos == "v":
                if (chain.flags & VERBAL_NOUN and stem[-1] not in VOWELS
                        and stem + y_vowel(stem) in lex.verbs_y and len(chain.names) > 1):
                    return True  # даму-ына is дамы + -у-ы-на (оқу = оқы + у)
                # Short verb stems only when hand-listed (де-п, ал-ып; not са-уда), and never
                # before a final voice suffix (ақыл, ақын are words, not ақ-ыл).
                if (len(stem) < 3 and (stem not in core or chain.names[-1] in VOICE)) or (
                        size < 2 and chain.names != ("CONV",)) or (
                        len(chain.names) < 2 and chain.names[0] not in _VERBAL_ONLY):
                    continue
                known = lex.verbs
            else:
                # Short stems and lone accusatives -ды/-ты are left to scoring: адам, білім,
                # басқа, маңызды are words; a lone -ы/-і needs a long or repaired stem.
                plural = chain.names == ("PL",)  # жылдар, елдер: always a plural form
                # A long possessive is evidence on any stem (ел-іміз); short endings on short
                # stems and a lone accusative -ды/-ты are not (адам, аудан, маңызды are words).
                long_possessive = (size >= 3 and len(stem) >= 3
                                   and chain.names[0] in _POSSESSIVES)  # not те-ңіз
                if chain.names in _NOT_EVIDENCE:
                    continue  # білім, бағдарлама, топырақ are words
                if not short_p3_acc and chain.names == _P3_ACC and len(stem) == 3:
                    continue
                if not plural and not long_possessive and (len(stem) < 3 and size < 3 or (
                        len(chain.names) == 1 and (len(stem) < 4 and chain.names != ("P3",)
                        or (chain.names == ("ACC",) and word[i] != "н")))):
                    continue
                known = lex.nouns
            for cand, _extra, _strict in stem_variants(stem, chain.flags):
                derived = (chain.pos == "n" and cand not in known and len(chain.names) > 1
                           or chain.names == ("PL",)) and derived_cost(cand, lex) == DERIVED
                if (cand in known or derived) and stem_context(cand) & chain.mask:
                    if (size == 1 and cand == stem and len(stem) < 5 and chain.pos == "n"
                            and (chain.names != ("P3",) or len(stem) < P3_MIN_STEM)):
                        continue
                    return True
    return False
