"""What a surface stem may stand for: spelling repairs, the passive, derived words.

* Before a vowel-initial suffix a stem-final б, г, ғ is written п, к, қ in the dictionary form
  (кітаб-ы -> кітап), a closed list of words loses a vowel (ауз-ы -> ауыз), тау-ып is тап;
  Russian loans drop a doubled consonant or a soft sign (процес-ке -> процесс, модел-і).
* KTB lemmas strip the passive: табыл -> тап, жасал -> жаса, жоспарлан -> жоспарла.
* A word absent from the lexicon but made of a known word and a derivational suffix is a
  word itself (одақтас-тық, үздік-сіз, біл-ім).
"""

from __future__ import annotations

from muragat.analysis.lang.kk import closed_classes
from muragat.analysis.lang.kk.chains import VERBAL, VOWEL_INITIAL
from muragat.analysis.lang.kk.harmony import BACK, VOWELS, harmony, last_consonant
from muragat.analysis.lang.kk.lexicon import Lexicon
from muragat.analysis.lang.kk.suffixes import (
    ADJECTIVAL_SUFFIXES,
    DERIVATIONAL_SUFFIXES,
    DEVERBAL_SUFFIXES,
)

REPAIR_KEEP_EXTRA = 0.3  # клуб-ы kept as клуб when клуп is unknown
DERIVED_ADJECTIVE = 1.2  # маңызды after маңыз-ды (the accusative): the second reading
DERIVED = 0.8            # an unknown stem that is a known word + a derivational suffix
REPAIR_BACK = {"п": "б", "к": "г", "қ": "ғ"}
REPAIR = {"б": "п", "г": "к", "ғ": "қ"}
_DERIVATION_TABLE: dict[str, tuple[str, float]] = {
    **{s: ("n", DERIVED_ADJECTIVE) for s in ADJECTIVAL_SUFFIXES},
    **{s: ("v", DERIVED) for s in DEVERBAL_SUFFIXES},
    **{s: ("n", DERIVED) for s in DERIVATIONAL_SUFFIXES},
}
_DERIVATION_LENGTHS = tuple(sorted({len(s) for s in _DERIVATION_TABLE}))
_N_PASSIVE_ENDINGS = frozenset({"ла", "ле", "да", "де", "та", "те"})


def stem_variants(stem: str, flags: int) -> list[tuple[str, float, bool]]:
    """Stems a surface stem may stand for before a suffix: (stem, extra cost, must be known)."""
    out = [(stem, 0.0, False)]
    if len(stem) >= 4 and stem[-1] in "склнмтф" and stem[-2] in VOWELS:
        out.append((stem + stem[-1], 0.2, True))  # процес-і, процес-ке -> процесс
    if flags & VOWEL_INITIAL:
        last = stem[-1]
        if last in REPAIR:
            out = [(stem[:-1] + REPAIR[last], 0.0, False), (stem, REPAIR_KEEP_EXTRA, False)]
        elided = closed_classes.ELISION.get(stem)
        if elided:
            out.insert(0, (elided, -0.2, False))
        if len(stem) >= 4 and last == "л":
            out.append((stem + "ь", 0.1, True))  # модел-і -> модель
        if flags & VERBAL and last == "у" and len(stem) >= 3 and stem[-2] in VOWELS:
            out.append((stem[:-1] + "п", 0.1, True))  # тау-ып -> тап, жау-ып -> жап
    return out


def y_vowel(stem: str) -> str:
    """The high vowel that agrees with ``stem`` (ы after back vowels, else і): оқ -> оқы."""
    return "ы" if harmony(stem) == frozenset((BACK,)) else "і"


def derived_cost(stem: str, lex: Lexicon) -> float | None:
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
        if base in bases or (base[-1] in REPAIR_BACK
                             and base[:-1] + REPAIR_BACK[base[-1]] in bases):
            if best is None or entry[1] < best:
                best = entry[1]
    return best


def takes_n_passive(stem: str) -> bool:
    """Verbs in -ла/-да/-та (жоспарла, қабылда) take the passive -н, not -л."""
    return stem[-2:] in _N_PASSIVE_ENDINGS or last_consonant(stem) == "л"


def strip_voice(stem: str, verbs: set[str]) -> str:
    """KTB strips the passive: табыл -> тап, жасал -> жаса, жоспарлан -> жоспарла.

    Only when the base is a known verb: -ыл/-іл after a consonant, -л after a vowel (the base
    three letters or more), -ын/-ін/-н when the base's last consonant is л.
    """
    for suffix, min_base in (("ыл", 2), ("іл", 2), ("ын", 2), ("ін", 2), ("л", 3), ("н", 3)):
        # -ын/-ін after a consonant is passive or reflexive (көрін -> көр): KTB strips both.
        if not stem.endswith(suffix) or len(stem) - len(suffix) < min_base:
            continue
        base = stem[: -len(suffix)]
        vowel_suffix = suffix[0] in "ыі"
        if vowel_suffix == (base[-1] in VOWELS):
            continue
        if suffix == "н" and not takes_n_passive(base):
            continue
        if vowel_suffix and base[-1] in REPAIR and base[:-1] + REPAIR[base[-1]] in verbs:
            return base[:-1] + REPAIR[base[-1]]
        if base in verbs:
            return base
    return stem
