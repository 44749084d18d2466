"""Kazakh lemmatizer: candidate analyses from the suffix index, scored by cost.

For a normalized word, every split point ``stem + ending`` whose ending the suffix tables can
spell (``chains.chain_index``) gives candidates. Each candidate stem is repaired where Kazakh
spelling alternates (``stems.py``: б->п, г->к, ғ->қ and vowel elision before a vowel-initial
suffix; the present-tense glide оқи- = оқы + й; оқу = оқы + у) and validated against the
cleaned word list (``wordlist.py``):

* known stem of the right class: cost = the suffixes' cost (about 1 each: fewer, longer wins);
* known stem of the other class (a noun with verb endings): +2.5;
* stem attested in the collection: +2;
* unknown stem: 6 + suffix cost - min(1.2 x ending length, 3.5), allowed only for endings of
  two or more letters on stems of three or more letters with a vowel (Медведев-тің);
* the whole word: 0 when known, 6 when not. So one-letter suffixes (кітаб-ы) are stripped only
  when the stem is known and the whole word is not.

Closed classes (pronouns, copula, postpositions, particles) are looked up first; hyphenated
words are split when the head is a number or abbreviation and the tail a pure ending.
Everything heavy is built lazily and cached (``lru_cache``); nothing is held in instances.
"""

from __future__ import annotations

import re
from functools import lru_cache

from muragat.analysis.lang.kk import chains, closed_classes
from muragat.analysis.lang.kk.chains import (
    HAS_VOICE,
    ORDINAL,
    PASSIVE_N,
    VERBAL,
    VERBAL_NOUN,
    VOWEL_INITIAL,
    chain_index,
    stem_context,
)
from muragat.analysis.lang.kk.harmony import VOWELS, has_vowel
from muragat.analysis.lang.kk.lexicon import Lexicon, raw_lexicon
from muragat.analysis.lang.kk.roman import is_roman
from muragat.analysis.lang.kk.stems import (
    REPAIR_BACK,
    derived_cost,
    stem_variants,
    strip_voice,
    takes_n_passive,
    y_vowel,
)
from muragat.analysis.lang.kk.suffixes import ADJECTIVAL_SUFFIXES, STRONG_BONUS
from muragat.analysis.lang.kk.wordlist import lexicon

__all__ = ["candidates", "clear_caches", "folded_candidates", "lemmas", "lexicon"]

UNKNOWN = 6.0
UNKNOWN_PER_LETTER = 1.2
UNKNOWN_MAX_REWARD = 3.5
UNKNOWN_LONG_REWARD = 0.25
UNKNOWN_FLOOR = 3.2  # an unknown stem never beats a known one with up to three suffixes
UNKNOWN_CHAIN_FACTOR = 0.5  # suffixes on an unknown stem cost half: strip the whole chain
OTHER_CLASS = 2.5
ATTESTED = 2.0
VERB_Y_EXTRA = 1.2       # оқы- guessed from оқу: weaker than a stem read directly
SECOND_TERM_MARGIN = 0.95  # a runner-up this close becomes the second term (тары: тары, тар)
SHORT_STEM = 0.3
VERBAL_NOUN_AS_NOUN = 0.3  # толқу-лар: the -у noun, just behind the verb stem
# A listed word spelled like a 3-letter noun + -ы-н (жақын; жерін is a form): the whole word
# just behind the form's base (жерін -> жер, жерін; жақын -> жақ, жақын), a weak stem.
POSSESSIVE_FORM = 2.2
POSSESSIVE_FORM_STEM = 2.0
LISTED_ADJECTIVE = 0.5  # a listed noun + -лы/-ды/-ты: also that noun's accusative
VOICE_NOUN = 1.5  # a listed word that is also a verb + voice (қызыл) as a stem: айтыл-ды is айт

_SURNAME_FEMALE = ("ова", "ева", "ёва")


def _score_stem(stem: str, pos: str, lex: Lexicon) -> float | None:
    """Cost of ``stem`` as a stem of class ``pos`` (None when unknown)."""
    if pos == "v":
        if stem in lex.verbs:
            return 0.0
        if stem in lex.verbs_y:
            return VERB_Y_EXTRA
        if stem in lex.nouns:
            return OTHER_CLASS
    else:
        if stem in lex.nouns:
            return 0.0
        if stem in lex.voice_nouns:
            return VOICE_NOUN
        if stem in lex.possessive_forms:
            return POSSESSIVE_FORM_STEM
        if stem in lex.verbs:
            return OTHER_CLASS
    if stem in lex.attested:
        return ATTESTED
    if pos == "n":
        return derived_cost(stem, lex)
    return None


def _listed_noun_cost(word: str, lex: Lexicon) -> float:
    """Cost of a listed noun read as a whole word: 0, except for a listed noun + the
    adjectival -лы/-ды/-ты (кітапты, тұрақты), spelled as that noun's accusative too:
    ``LISTED_ADJECTIVE``, so the listed word stays first and the accusative's noun comes
    second (within ``SECOND_TERM_MARGIN``): кітап finds кітапты."""
    if word[-2:] in ADJECTIVAL_SUFFIXES and len(word) > 3:
        base = word[:-2]
        if base in lex.nouns or (base[-1] in REPAIR_BACK
                                 and base[:-1] + REPAIR_BACK[base[-1]] in lex.nouns):
            return LISTED_ADJECTIVE
    return 0.0


Candidate = tuple[float, str, str]  # (cost, lemma, pos: "n", "v" or "" for the whole word)


def candidates(word: str) -> list[Candidate]:
    """All scored analyses (cost, lemma, pos) of a normalized word, cheapest first."""
    lex = lexicon()
    index = chain_index()
    out: list[Candidate] = []
    if word in lex.core:
        out.append((-2.0, word, "v" if word in lex.verbs else "n"))
    elif word in lex.verbs:
        out.append((0.0, word, "v"))
    elif word in lex.nouns or word in lex.voice_nouns:
        out.append((_listed_noun_cost(word, lex), word, "n"))
    elif word in lex.possessive_forms:
        out.append((POSSESSIVE_FORM, word, "n"))
    else:
        derived = _score_stem(word, "n", lex)  # қоғамдас-тық, өркениет-ті: a derived word
        out.append((UNKNOWN if derived is None else derived, word, "n"))
    n = len(word)
    vowel = _VOWEL_RE.search(word)
    first_vowel = vowel.start() if vowel else n
    # A stem keeps at least two letters and a vowel.
    glides = "и" in word
    for i in range(max(2, first_vowel + 1, n - chains.MAX_ENDING), n):
        entries = index.get(word[i:])
        if entries:
            _add(out, word[:i], n - i, entries, lex, "")
        if glides and word[i] == "и" and word[i - 1] not in VOWELS:
            # Present-tense glide: оқи-ды = оқы + й-ды.
            glide = index.get("й" + word[i + 1:])
            if glide:
                stem = word[:i]
                _add(out, stem + y_vowel(stem), n - i, glide, lex, "v")
    if len(out) > 1:
        out.sort(key=_rank)
    return out


def _rank(c: Candidate) -> tuple[float, int]:
    return c[0], len(c[1])  # ties: the longer ending


def _add(out: list[Candidate], stem: str, size: int, entries, lex: Lexicon,
         only_pos: str) -> None:
    """Score ``stem`` + each chain of ``entries`` (the ending has ``size`` letters)."""
    info: dict[str, list] = {}  # stem -> [context bits, noun score, verb score] (lazy)
    # Surface stems by the chain's variant flags (stem_variants reads VOWEL_INITIAL, VERBAL).
    variants_by_flags: dict[int, list[tuple[str, float, bool]]] = {}
    for chain in entries:
        pos = chain.pos
        if only_pos and pos != only_pos:
            continue
        flags = chain.flags
        key = flags & _VARIANT_FLAGS
        variants = variants_by_flags.get(key)
        if variants is None:
            variants = stem_variants(stem, key)
            if key & VERBAL_NOUN and stem[-1] not in VOWELS:
                variants.append((stem + y_vowel(stem), 0.0, True))  # оқ-у = оқы + у
            variants_by_flags[key] = variants
        for cand, extra, strict in variants:
            data = info.get(cand)
            if data is None:
                data = [stem_context(cand), _UNSCORED, _UNSCORED]
                info[cand] = data
            if not data[0] & chain.mask:
                continue
            if flags & _SPECIAL:
                if flags & HAS_VOICE and (
                        len(cand) < 2 or (cand[-1] in VOWELS and len(cand) < 3)
                        or (flags & PASSIVE_N and cand[-1] in VOWELS
                            and not takes_n_passive(cand))):
                    continue  # ке-л-ді is кел-ді: a passive needs a base of some length
                if flags & ORDINAL:
                    if cand in closed_classes.NUMERALS:
                        out.append((chain.cost + extra, cand, "n"))
                    continue
            slot = 1 if pos == "n" else 2
            known = data[slot]
            if known is _UNSCORED:
                known = data[slot] = _score_stem(cand, pos, lex)
            if known is not None and len(cand) == 2 and not chain.strong and cand not in lex.core:
                known += SHORT_STEM  # short roots get over-stemmed: ба-сында is бас-ында
            if known is not None and known >= OTHER_CLASS and size < 2:
                known = None  # ресе-й: a one-letter verb ending on a noun is no analysis
            if known is not None:
                cost = chain.cost + known + extra
                if chain.strong and (known == 0.0 or known == VOICE_NOUN and pos == "n"):
                    cost -= STRONG_BONUS
                out.append((cost, cand, pos))
                if flags & VERBAL_NOUN and pos == "v":
                    # The verbal noun is also a noun lemma (толқулар -> толқу).
                    out.append((cost + VERBAL_NOUN_AS_NOUN, stem + "у", "n"))
            elif not strict and size >= 2 and len(cand) >= 3 and not flags & HAS_VOICE:
                reward = (min(UNKNOWN_PER_LETTER * size, UNKNOWN_MAX_REWARD)
                          + UNKNOWN_LONG_REWARD * max(0, size - 3))
                cost = UNKNOWN + UNKNOWN_CHAIN_FACTOR * chain.cost + extra - reward
                out.append((max(cost, UNKNOWN_FLOOR), cand, pos))


_UNSCORED = object()
_VOWEL_RE = re.compile(f"[{''.join(sorted(VOWELS))}]")
_VARIANT_FLAGS = VOWEL_INITIAL | VERBAL_NOUN | VERBAL
_SPECIAL = HAS_VOICE | ORDINAL


def _female_surname(lemma: str) -> str:
    """Сәтбаева -> сәтбаев when the -ова/-ева word is not a known common word."""
    if lemma.endswith(_SURNAME_FEMALE) and len(lemma) > 5 and not lexicon().known(lemma):
        return lemma[:-1]
    return lemma


def lemmas(word: str, limit: int = 2) -> list[str]:
    """Lemmas of a normalized word, best first (at most ``limit``)."""
    closed = closed_classes.closed_forms().get(word)
    if closed is not None:
        noun = closed_classes.NOUN_POSTPOSITIONS.get(word)
        if noun is not None:
            # арасында: KTB analyzes the noun (ара); the frozen form stays as a second term.
            return [noun, word][:limit]
        return [closed]
    if "-" in word:
        core = word.strip("-")
        if not core:
            return [word]
        if "-" in core:
            return _hyphenated(core, limit)
        if core != word and not word.startswith("-"):
            return lemmas(core, limit)  # a word cut at a line end: кітап-
    if not word.isalpha() and not any(ch.isalpha() for ch in word):  # isalpha: most words, fast
        return [_number_head(word)]
    scored = candidates(word)
    best_cost = scored[0][0]
    result: list[str] = []
    for cost, lemma, pos in scored:
        if cost > best_cost + SECOND_TERM_MARGIN or len(result) >= limit:
            break
        if result and cost >= UNKNOWN_FLOOR > best_cost:
            break  # no guessed stem beside a known one (кітапханалар-ымызда)
        lemma = strip_voice(lemma, lexicon().verbs) if pos == "v" else _female_surname(lemma)
        if pos == "n" and lemma != word and not result:
            base = _possessive_entry_base(lemma, word)
            if base is not None:
                # елі-нің is ел-і-нің: the listed possessive form (елі) goes second.
                result.append(base)
        if lemma not in result:
            result.append(lemma)
    return result[:limit]


@lru_cache(maxsize=1)
def _endings_after_possessive() -> frozenset[str]:
    """Case endings that follow the 3rd person possessive (-ның, -н, -на, -нда, -нан ...)."""
    from muragat.analysis.lang.kk.harmony import BACK, FRONT, VOWEL
    from muragat.analysis.lang.kk.suffixes import MORPHOTACTICS, realize

    out: set[str] = set()
    for h in (BACK, FRONT):
        for suffix, nxt in MORPHOTACTICS["NP3"]:
            spelled = realize(suffix.template, h, VOWEL)
            out.add(spelled)
            for after, _ in MORPHOTACTICS.get(nxt, ()):
                out.add(spelled + realize(after.template, h, "N"))
    return frozenset(out)


def _possessive_entry_base(lemma: str, word: str) -> str | None:
    """The base of a listed possessive form (жылы, елі, көзі) inflected further, or None.

    The word list keeps such entries whole (жылы "warm"/"year's"), but after a further case
    ending (жылы-ның, елі-нде) the word is the base with the possessive: жыл, ел.
    """
    if len(lemma) < 3 or lemma[-1] not in "ыі" or not word.startswith(lemma):
        return None
    if word[len(lemma):] not in _endings_after_possessive():
        return None
    nouns = lexicon().nouns
    base = lemma[:-1]
    if base[-1] not in VOWELS and base in nouns:
        return base  # бас-ы-мен, not ба-сы-мен
    if base[-1] == "с" and base[-2] in VOWELS and base[:-1] in nouns:
        return base[:-1]  # бала-сы-ның
    return None


_ORDINAL_TAILS = frozenset({"ші", "шы", "інші", "ыншы", "нші", "ншы"})


def _is_pure_ending(tail: str) -> bool:
    """True when ``tail`` is only suffixes (ның, ға, ы, ші): what follows a number or acronym."""
    if tail in _ORDINAL_TAILS:
        return True
    return any(c.pos == "n" for c in chain_index().get(tail, ()))


def _number_head(text: str) -> str:
    """KTB gives a percentage its number: 36% -> 36 (other numbers unchanged)."""
    return text[:-1] if text.endswith("%") and text[:-1].replace(",", "").isdigit() else text


def _hyphenated(word: str, limit: int) -> list[str]:
    """2021-жылы, ҚР-ның, 36%-ы -> the head; сондай-ақ stays; қарым-қатынасы -> қарым-қатынас."""
    head, _, tail = word.rpartition("-")
    if is_roman(head) and is_roman(tail):
        return [head, tail][:limit]  # a range of centuries: xiv-xv
    head_is_code = any(ch.isdigit() for ch in head) or not has_vowel(head) or len(head) <= 3
    if _is_pure_ending(tail) and head_is_code:
        return [_number_head(head)]
    if any(ch.isdigit() for ch in head):
        return [_number_head(head)] + ([t for t in lemmas(tail, 1) if t != head][:1] if limit > 1 else [])
    tail_lemmas = lemmas(tail, limit) if tail else [tail]
    return [f"{head}-{t}" for t in tail_lemmas][:limit]


def clear_caches(keep_lexicon: bool = False) -> None:
    """Forget cached analyses (and the lexicon unless ``keep_lexicon``)."""
    from muragat.analysis.lang.kk.folding import folded_lexicon

    if not keep_lexicon:
        lexicon.cache_clear()
        raw_lexicon.cache_clear()
    folded_lexicon.cache_clear()
    stem_context.cache_clear()


@lru_cache(maxsize=1)
def folded_chain_index() -> dict[str, tuple[chains.Chain, ...]]:
    """The suffix index keyed by Russian-letter-folded endings (дағы -> дагы)."""
    from muragat.analysis.lang.kk.folding import fold

    out: dict[str, list[chains.Chain]] = {}
    for ending, entries in chain_index().items():
        out.setdefault(fold(ending), []).extend(entries)
    return {k: tuple(v) for k, v in out.items()}


def folded_candidates(word: str) -> list[str] | None:
    """Analyze a folded word (no Kazakh letters) against the folded lexicon (or None).

    A stem must be a real substitution (казак -> қазақ), or a known word of four letters or
    more before an ending of two letters or more (казак-тын: тың typed as тын).
    """
    from muragat.analysis.lang.kk.folding import folded_lexicon

    flex = folded_lexicon()
    lex = lexicon()
    real = flex.get(word)
    if real is not None:
        return [real]
    index = folded_chain_index()
    best: tuple[float, str] | None = None
    for i in range(3, len(word)):
        entries = index.get(word[i:])
        if not entries:
            continue
        stem = word[:i]
        for chain in entries:
            if chain.flags & (ORDINAL | PASSIVE_N):
                continue
            for cand, extra, _strict in stem_variants(stem, chain.flags):
                real = flex.get(cand)
                if real is None and len(cand) >= 4 and len(word) - i >= 2 and lex.known(cand):
                    real = cand
                elif len(word) - i < 2 and len(cand) < 4:
                    continue  # a lone -ы needs a longer stem: гылым-ы, not ас-ы
                if real is None or not stem_context(real) & chain.mask:
                    continue
                score = _score_stem(real, chain.pos, lex)
                if score is None:
                    continue
                cost = chain.cost + score + extra
                if best is None or cost < best[0]:
                    best = (cost, real)
    return [best[1]] if best else None
