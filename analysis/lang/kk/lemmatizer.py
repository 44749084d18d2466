"""Kazakh lemmatizer: candidate analyses from the suffix index, scored by cost.

For a normalized word, every split point ``stem + ending`` whose ending the suffix tables can
spell (``chains.chain_index``) gives candidates. Each candidate stem is repaired where Kazakh
spelling alternates (б->п, г->к, ғ->қ and vowel elision before a vowel-initial suffix; the
present-tense glide оқи- = оқы + й; оқу = оқы + у) and validated against the lexicon:

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

from functools import lru_cache

from analysis.lang.kk import chains, closed_classes
from analysis.lang.kk.chains import (
    HAS_VOICE,
    ORDINAL,
    PASSIVE_N,
    VERBAL_NOUN,
    VOWEL_INITIAL,
    chain_index,
    stem_context,
)
from analysis.lang.kk.harmony import BACK, VOWELS, harmony, has_vowel, last_consonant
from analysis.lang.kk.lexicon import Lexicon, core_nouns, core_verbs, raw_lexicon
from analysis.lang.kk.suffixes import (
    ADJECTIVAL_SUFFIXES,
    DERIVATIONAL_SUFFIXES,
    DEVERBAL_SUFFIXES,
    STRONG_BONUS,
)

UNKNOWN = 6.0
UNKNOWN_PER_LETTER = 1.2
UNKNOWN_MAX_REWARD = 3.5
UNKNOWN_LONG_REWARD = 0.25
UNKNOWN_FLOOR = 3.2  # an unknown stem never beats a known one with up to three suffixes
UNKNOWN_CHAIN_FACTOR = 0.5  # suffixes on an unknown stem cost half: strip the whole chain
OTHER_CLASS = 2.5
ATTESTED = 2.0
VERB_Y_EXTRA = 1.2       # оқы- guessed from оқу: weaker than a stem read directly
REPAIR_KEEP_EXTRA = 0.3  # клуб-ы kept as клуб when клуп is unknown
SECOND_TERM_MARGIN = 0.95  # a runner-up this close becomes the second term (кезі: кезі, кез)
SHORT_STEM = 0.3
# A listed word that is a stem + lone -ы/-і stays a word unless its stem has this many letters
# (the rule "one-letter suffixes only when the whole word is unknown": тары stays, кешені goes).
# 3 would also send жылы, көзі to жыл, көз (+0.5 points on KTB) at the price of тары -> тар.
P3_MIN_STEM = 5
DERIVED_ADJECTIVE = 1.2  # маңызды after маңыз-ды (the accusative): the second reading
DERIVED = 0.8            # an unknown stem that is a known word + a derivational suffix
VERBAL_NOUN_AS_NOUN = 0.3  # толқу-лар: the -у noun, just behind the verb stem

_POSSESSIVES = frozenset({"P1SG", "P2SG", "P2SGP", "P1PL", "P2PL"})
_VERBAL_ONLY = frozenset({"CONV", "PAST", "PTCP", "HAB", "EVID", "INT", "PASS"})
_REPAIR_BACK = {"п": "б", "к": "г", "қ": "ғ"}
_REPAIR = {"б": "п", "г": "к", "ғ": "қ"}
_SURNAME_FEMALE = ("ова", "ева", "ёва")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The lexicon with inflected hunspell entries removed (кітабы beside кітап, болады)."""
    lex = raw_lexicon()
    protected = core_nouns()
    inflected = {w for w in lex.nouns if w not in protected
                 and (_is_inflected_entry(w, lex) or _is_truncated_entry(w, lex))}
    lex.nouns -= inflected
    return lex


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


def _is_inflected_entry(word: str, lex: Lexicon) -> bool:
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
            if stem + _y_vowel(stem) in lex.verbs or stem + _y_vowel(stem) in lex.verbs_y:
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
                # Short verb stems only when hand-listed (де-п, ал-ып; not са-уда).
                if (len(stem) < 3 and stem not in core) or (
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
                long_possessive = size >= 3 and chain.names[0] in _POSSESSIVES
                if chain.names in (("P1SG",), ("P2SG",)):
                    continue  # -ым/-ің is also the deverbal noun suffix: білім, мерзім
                if not plural and not long_possessive and (len(stem) < 3 and size < 3 or (
                        len(chain.names) == 1 and (len(stem) < 4 and chain.names != ("P3",)
                        or (chain.names == ("ACC",) and word[i] != "н")))):
                    continue
                known = lex.nouns
            for cand, _extra, _strict in _stem_variants(stem, chain.flags):
                derived = (chain.pos == "n" and cand not in known and len(chain.names) > 1
                           or chain.names == ("PL",)) and _derived_cost(cand, lex) == DERIVED
                if (cand in known or derived) and stem_context(cand) & chain.mask:
                    if (size == 1 and cand == stem and len(stem) < 5 and chain.pos == "n"
                            and (chain.names != ("P3",) or len(stem) < P3_MIN_STEM)):
                        continue
                    return True
    return False


def _stem_variants(stem: str, flags: int) -> list[tuple[str, float, bool]]:
    """Stems a surface stem may stand for before a suffix: (stem, extra cost, must be known)."""
    out = [(stem, 0.0, False)]
    if len(stem) >= 4 and stem[-1] in "склнмтф" and stem[-2] in VOWELS:
        out.append((stem + stem[-1], 0.2, True))  # процес-і, процес-ке -> процесс
    if flags & VOWEL_INITIAL:
        last = stem[-1]
        if last in _REPAIR:
            out = [(stem[:-1] + _REPAIR[last], 0.0, False), (stem, REPAIR_KEEP_EXTRA, False)]
        elided = closed_classes.ELISION.get(stem)
        if elided:
            out.insert(0, (elided, -0.2, False))
        if len(stem) >= 4 and last == "л":
            out.append((stem + "ь", 0.1, True))  # модел-і -> модель
        if last == "у" and len(stem) >= 3 and stem[-2] in VOWELS:
            out.append((stem[:-1] + "п", 0.1, True))  # тау-ып -> тап, жау-ып -> жап
    return out


def _y_vowel(stem: str) -> str:
    return "ы" if harmony(stem) == frozenset((BACK,)) else "і"


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
        if stem in lex.verbs:
            return OTHER_CLASS
    if stem in lex.attested:
        return ATTESTED
    if pos == "n":
        return _derived_cost(stem, lex)
    return None


def _derived_cost(stem: str, lex: Lexicon) -> float | None:
    """Cost of an unknown stem that is a known word + a derivational suffix (or None).

    Noun-forming suffixes need a noun base (одақтас-тық, үздік-сіз), deverbal ones a verb
    (біл-ім); the adjectival -лы/-ды/-ты is a weaker reading (маңыз-ды is also an accusative).
    """
    n = len(stem)
    best = None
    for k in _DERIVATION_LENGTHS:
        if n - k < 2:
            break
        entry = _DERIVATION_TABLE.get(stem[-k:])
        if entry is None:
            continue
        bases = lex.nouns if entry[0] == "n" else lex.verbs
        base = stem[:-k]
        if base in bases or (base[-1] in _REPAIR_BACK
                             and base[:-1] + _REPAIR_BACK[base[-1]] in bases):
            if best is None or entry[1] < best:
                best = entry[1]
    return best


_DERIVATION_TABLE: dict[str, tuple[str, float]] = {
    **{s: ("n", DERIVED_ADJECTIVE) for s in ADJECTIVAL_SUFFIXES},
    **{s: ("v", DERIVED) for s in DEVERBAL_SUFFIXES},
    **{s: ("n", DERIVED) for s in DERIVATIONAL_SUFFIXES},
}
_DERIVATION_LENGTHS = tuple(sorted({len(s) for s in _DERIVATION_TABLE}))


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
    elif word in lex.nouns:
        out.append((0.0, word, "n"))
    else:
        derived = _score_stem(word, "n", lex)  # қоғамдас-тық, өркениет-ті: a derived word
        out.append((UNKNOWN if derived is None else derived, word, "n"))
    n = len(word)
    first_vowel = n
    for k, ch in enumerate(word):
        if ch in VOWELS:
            first_vowel = k
            break
    # A stem keeps at least two letters and a vowel.
    for i in range(max(2, first_vowel + 1, n - chains.MAX_ENDING), n):
        entries = index.get(word[i:])
        if entries:
            _add(out, word[:i], n - i, entries, lex, "")
        if word[i] == "и" and word[i - 1] not in VOWELS:
            # Present-tense glide: оқи-ды = оқы + й-ды.
            glide = index.get("й" + word[i + 1:])
            if glide:
                stem = word[:i]
                _add(out, stem + _y_vowel(stem), n - i, glide, lex, "v")
    if len(out) > 1:
        out.sort(key=_rank)
    return out


def _rank(c: Candidate) -> tuple[float, int]:
    return c[0], len(c[1])  # ties: the longer ending


def _add(out: list[Candidate], stem: str, size: int, entries, lex: Lexicon,
         only_pos: str) -> None:
    """Score ``stem`` + each chain of ``entries`` (the ending has ``size`` letters)."""
    info: dict[str, list] = {}  # stem -> [context bits, noun score, verb score] (lazy)
    plain = _stem_variants(stem, 0)
    variants_by_flags: dict[int, list[tuple[str, float, bool]]] = {}
    reward = (min(UNKNOWN_PER_LETTER * size, UNKNOWN_MAX_REWARD)
              + UNKNOWN_LONG_REWARD * max(0, size - 3))
    unknown_factor = UNKNOWN_CHAIN_FACTOR
    for chain in entries:
        pos = chain.pos
        if only_pos and pos != only_pos:
            continue
        flags = chain.flags
        key = flags & _VARIANT_FLAGS
        if not key:
            variants = plain
        else:
            variants = variants_by_flags.get(key)
            if variants is None:
                variants = _stem_variants(stem, flags)
                if flags & VERBAL_NOUN and stem[-1] not in VOWELS:
                    variants.append((stem + _y_vowel(stem), 0.0, True))  # оқ-у = оқы + у
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
                            and not _takes_n_passive(cand))):
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
                if chain.strong and known == 0.0:
                    cost -= STRONG_BONUS
                out.append((cost, cand, pos))
                if flags & VERBAL_NOUN and pos == "v":
                    # The verbal noun is also a noun lemma (толқулар -> толқу).
                    out.append((cost + VERBAL_NOUN_AS_NOUN, stem + "у", "n"))
            elif not strict and size >= 2 and len(cand) >= 3 and not flags & HAS_VOICE:
                cost = UNKNOWN + unknown_factor * chain.cost + extra - reward
                out.append((max(cost, UNKNOWN_FLOOR), cand, pos))


_UNSCORED = object()
_VARIANT_FLAGS = VOWEL_INITIAL | VERBAL_NOUN
_SPECIAL = HAS_VOICE | ORDINAL


def _takes_n_passive(stem: str) -> bool:
    """Verbs in -ла/-да/-та (жоспарла, қабылда) take the passive -н, not -л."""
    return stem[-2:] in _N_PASSIVE_ENDINGS or last_consonant(stem) == "л"


_N_PASSIVE_ENDINGS = frozenset({"ла", "ле", "да", "де", "та", "те"})


def strip_voice(stem: str) -> str:
    """KTB strips the passive: табыл -> тап, жасал -> жаса, жоспарлан -> жоспарла.

    Only when the base is a known verb: -ыл/-іл after a consonant, -л after a vowel (the base
    three letters or more), -ын/-ін/-н when the base's last consonant is л.
    """
    verbs = lexicon().verbs
    for suffix, min_base in (("ыл", 2), ("іл", 2), ("ын", 2), ("ін", 2), ("л", 3), ("н", 3)):
        # -ын/-ін after a consonant is passive or reflexive (көрін -> көр): KTB strips both.
        if not stem.endswith(suffix) or len(stem) - len(suffix) < min_base:
            continue
        base = stem[: -len(suffix)]
        vowel_suffix = suffix[0] in "ыі"
        if vowel_suffix == (base[-1] in VOWELS):
            continue
        if suffix == "н" and not _takes_n_passive(base):
            continue
        if vowel_suffix and base[-1] in _REPAIR and base[:-1] + _REPAIR[base[-1]] in verbs:
            return base[:-1] + _REPAIR[base[-1]]
        if base in verbs:
            return base
    return stem


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
    if "-" in word.strip("-"):
        return _hyphenated(word, limit)
    if not any(ch.isalpha() for ch in word):
        return [_number_head(word)]
    scored = candidates(word)
    best_cost = scored[0][0]
    result: list[str] = []
    for cost, lemma, pos in scored:
        if cost > best_cost + SECOND_TERM_MARGIN or len(result) >= limit:
            break
        if result and cost >= UNKNOWN_FLOOR > best_cost:
            break  # no guessed stem beside a known one (кітапханалар-ымызда)
        lemma = strip_voice(lemma) if pos == "v" else _female_surname(lemma)
        if lemma not in result:
            result.append(lemma)
    return result


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
    head_is_code = any(ch.isdigit() for ch in head) or not has_vowel(head) or len(head) <= 3
    if _is_pure_ending(tail) and head_is_code:
        return [_number_head(head)]
    if any(ch.isdigit() for ch in head):
        return [_number_head(head)] + ([t for t in lemmas(tail, 1) if t != head][:1] if limit > 1 else [])
    tail_lemmas = lemmas(tail, limit) if tail else [tail]
    return [f"{head}-{t}" for t in tail_lemmas][:limit]


def clear_caches(keep_lexicon: bool = False) -> None:
    """Forget cached analyses (and the lexicon unless ``keep_lexicon``)."""
    from analysis.lang.kk.folding import folded_lexicon

    if not keep_lexicon:
        lexicon.cache_clear()
        raw_lexicon.cache_clear()
    folded_lexicon.cache_clear()
    stem_context.cache_clear()


@lru_cache(maxsize=1)
def folded_chain_index() -> dict[str, tuple[chains.Chain, ...]]:
    """The suffix index keyed by Russian-letter-folded endings (дағы -> дагы)."""
    from analysis.lang.kk.folding import fold

    out: dict[str, list[chains.Chain]] = {}
    for ending, entries in chain_index().items():
        out.setdefault(fold(ending), []).extend(entries)
    return {k: tuple(v) for k, v in out.items()}


def folded_candidates(word: str) -> list[str] | None:
    """Analyze a folded word (no Kazakh letters) against the folded lexicon (or None).

    A stem must be a real substitution (казак -> қазақ), or a known word of four letters or
    more before an ending of two letters or more (казак-тын: тың typed as тын).
    """
    from analysis.lang.kk.folding import folded_lexicon

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
            for cand, extra, _strict in _stem_variants(stem, chain.flags):
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
