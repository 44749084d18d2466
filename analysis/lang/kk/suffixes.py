"""Kazakh inflectional suffixes as data: allomorph templates and the order they attach in.

A suffix is written once as a *template* of archiphonemes; ``realize`` spells it after a
given stem. Each letter below is chosen by the stem's harmony (back/front, see
``harmony.py``) and by the class of the sound just before it (V vowel, R р/й/у, L л,
N м/н/ң, Z ж/з, T voiceless):

====  ==========================================  =================================
sym   realization                                 example
====  ==========================================  =================================
A     а (back) / е (front)                        бала-ға, үй-ге
I     ы / і                                       кітап-тың, үй-дің
Y     ы / і after a consonant, nothing after V    үй-ім, бала-м
O     а / е after a consonant, nothing after V    бар-ар, жаса-р
E     а / е after a consonant, й after V          кел-е-ді, жаса-й-ды
S     с after V, nothing after a consonant        бала-сы, кітаб-ы
L     л after V R; д after L N Z; т after T       бала-лар, жыл-дар, кітап-тар
N     н after V N; д after R L Z; т after T       бала-ның, жыл-дың, кітап-тың
Q     н after V; д after R L N Z; т after T       бала-ны, адам-ды, кітап-ты
D     д after V R L N Z; т after T                бала-да, кітап-та, кел-ді, айт-ты
H     д after V R L Z; н after N; т after T       бала-дан, адам-нан, кітап-тан
G     ғ/г after V R L N Z; қ/к after T            бала-ға, кел-ген, кітап-қа
K     қ / к                                       бар-дық, кел-дік
M     м after V R L N; б after Z; п after T       бала-мен, сөз-бен, кітап-пен
B     м after V R L; б after N Z; п after T       кел-ме, жаз-ба, айт-па
====  ==========================================  =================================

Lowercase Cyrillic letters are literal. ``MORPHOTACTICS`` lists, for each state of a word,
which suffixes may follow and the state they lead to (noun: stem + plural + possessive + case
(+ -ғы) (+ person); verb: stem + voice + negation + tense/mood + person, participles and the
verbal noun continuing as nouns). Costs: every suffix costs 1 unless said otherwise; the
lemmatizer prefers the analysis with the lowest total (fewer, longer suffixes).
"""

from __future__ import annotations

from dataclasses import dataclass

from muragat.analysis.lang.kk.harmony import BACK, VOWEL

# sym -> {preceding class: letter}; classes as in harmony.py. Harmony letters are separate.
_CONSONANT_RULES: dict[str, dict[str, str]] = {
    "L": {"V": "л", "R": "л", "L": "д", "N": "д", "Z": "д", "T": "т"},
    "N": {"V": "н", "N": "н", "R": "д", "L": "д", "Z": "д", "T": "т"},
    "Q": {"V": "н", "R": "д", "L": "д", "N": "д", "Z": "д", "T": "т"},
    "D": {"V": "д", "R": "д", "L": "д", "N": "д", "Z": "д", "T": "т"},
    "H": {"V": "д", "R": "д", "L": "д", "Z": "д", "N": "н", "T": "т"},
    "M": {"V": "м", "R": "м", "L": "м", "N": "м", "Z": "б", "T": "п"},
    "B": {"V": "м", "R": "м", "L": "м", "N": "б", "Z": "б", "T": "п"},
}
_G = {BACK: ("ғ", "қ"), "f": ("г", "к")}

# Class of each letter a suffix can end in (suffix letters only; stems use harmony.final_class).
_LETTER_CLASS = {**{v: "V" for v in "аеыіәоөұүиуюя"}, "р": "R", "й": "R", "у": "R", "л": "L",
                 "м": "N", "н": "N", "ң": "N", "ж": "Z", "з": "Z"}


def realize(template: str, harmony: str, prev: str) -> str:
    """Spell ``template`` after a stem with harmony ``harmony`` ('b'/'f') ending in class ``prev``.

    >>> realize("LAр", "b", "T"), realize("NIң", "f", "V"), realize("SI", "b", "V")
    ('тар', 'нің', 'сы')
    """
    back = harmony == BACK
    out: list[str] = []
    for sym in template:
        if sym == "A":
            ch = "а" if back else "е"
        elif sym == "I":
            ch = "ы" if back else "і"
        elif sym == "Y":
            ch = "" if prev == VOWEL else ("ы" if back else "і")
        elif sym == "O":
            ch = "" if prev == VOWEL else ("а" if back else "е")
        elif sym == "E":
            ch = "й" if prev == VOWEL else ("а" if back else "е")
        elif sym == "S":
            ch = "с" if prev == VOWEL else ""
        elif sym == "G":
            ch = _G[harmony][prev == "T"]
        elif sym == "K":
            ch = "қ" if back else "к"
        elif sym in _CONSONANT_RULES:
            ch = _CONSONANT_RULES[sym][prev]
        else:
            ch = sym
        if ch:
            out.append(ch)
            prev = _LETTER_CLASS.get(ch, "T")
    return "".join(out)


@dataclass(frozen=True)
class Suffix:
    """One inflectional suffix: its name, template, cost and the word class it attaches to."""

    name: str
    template: str
    cost: float = 1.0


def _s(name: str, template: str, cost: float = 1.0) -> Suffix:
    return Suffix(name, template, cost)


# --- Nominal suffixes -------------------------------------------------------------------
PLURAL = _s("PL", "LAр")                                   # бала-лар, жыл-дар, кітап-тар
POSS_1SG = _s("P1SG", "Yм")                                # бала-м, үй-ім
POSS_2SG = _s("P2SG", "Yң")                                # бала-ң, үй-ің
POSS_2SG_POLITE = _s("P2SGP", "YңIз")                      # бала-ңыз, үй-іңіз
# The 3rd person possessive is the commonest nominal suffix: a little cheaper (кешен-і before
# кеше-ні). The present 3rd person -ды is cheaper still (қара-й-ды before қарай-ды).
POSS_3 = _s("P3", "SI", 0.85)                              # бала-сы, кітаб-ы
POSS_1PL = _s("P1PL", "YмIз")                              # бала-мыз, үй-іміз
POSS_2PL = _s("P2PL", "YңдAр", 1.5)                        # бала-ңдар
POSS_3_AFTER_PLURAL = _s("P3", "I", 0.85)                  # бала-лар-ы

GENITIVE = _s("GEN", "NIң")                                # бала-ның, жыл-дың, кітап-тың
ACCUSATIVE = _s("ACC", "QI")                               # бала-ны, адам-ды, кітап-ты
DATIVE = _s("DAT", "GA")                                   # бала-ға, кітап-қа
LOCATIVE = _s("LOC", "DA")                                 # бала-да, кітап-та
ABLATIVE = _s("ABL", "HAн")                                # бала-дан, адам-нан, кітап-тан
INSTRUMENTAL = _s("INS", "Mен")                            # бала-мен, сөз-бен, кітап-пен
INSTRUMENTAL_LONG = _s("INS", "Mенен", 1.2)                # бала-менен
# After the 3rd person possessive: үй-і-н, үй-і-не, үй-і-нде, үй-і-нен, үй-і-мен.
ACCUSATIVE_P3 = _s("ACC", "н")
DATIVE_P3 = _s("DAT", "нA")
LOCATIVE_P3 = _s("LOC", "ндA")
ABLATIVE_P3 = _s("ABL", "нAн")
# After the 1sg/2sg possessive the dative is a bare vowel: бала-м-а, үй-ім-е, бала-ң-а.
DATIVE_P12 = _s("DAT", "A")
ATTRIBUTIVE = _s("GI", "GI", 0.8)                          # қала-да-ғы, үй-де-гі
TEMPORAL = _s("GI", "GI", 1.2)                             # бүгін-гі, қазір-гі, соң-ғы
# Comparative and similative: кіші-рек, арзан-ырақ; бір-дей, жара-дай.
COMPARATIVE = _s("COMP", "YрAK")
SIMILATIVE = _s("SIM", "DAй")
# Predicate person endings (outermost): мұғалім-мін, студент-пін, біз қазақ-пыз.
# (-сыз/-сіз is left out on nouns: үздік-сіз is the derivational "without".)
PRED_1SG = _s("PRED1SG", "MIн", 1.5)
PRED_1PL = _s("PRED1PL", "MIз", 1.5)
PRED_2SG = _s("PRED2SG", "сIң", 1.5)
PRED_2SGP = _s("PRED2SGP", "сIз", 1.5)

# --- Verbal suffixes ----------------------------------------------------------------------
# Passive (KTB strips voice: табылды -> тап); -н after a stem whose last consonant is л
# (жоспарла-н-ды, сал-ын-ды). The lemmatizer strips the passive from known stems too
# (``lemmatizer.strip_voice``), so a stem listed in its passive form still reaches the base.
PASSIVE = _s("PASS", "Yл", 0.5)
PASSIVE_N = _s("PASSN", "Yн", 0.5)
NEGATION = _s("NEG", "BA")                                 # кел-ме-ді, жаз-ба-ды, айт-па-ды
PRESENT = _s("PRES", "E", 0.5)                             # кел-е-ді, жаса-й-ды; converb кел-е
PAST = _s("PAST", "DI")                                    # кел-ді, айт-ты
PARTICIPLE = _s("PTCP", "GAн")                             # кел-ген, жаз-ған, айт-қан
CONVERB = _s("CONV", "Yп")                                 # кел-іп, жаса-п
EVIDENTIAL = _s("EVID", "тI")                              # кел-іп-ті, ал-ып-ты
HABITUAL = _s("HAB", "EтIн")                               # кел-етін, жаса-йтын
INTENTION = _s("INT", "MAK")                               # бар-мақ, кел-мек
INTENTION_SHI = _s("INTSHI", "шI")                         # бар-мақ-шы
AORIST = _s("AOR", "Oр")                                   # бар-ар, жаса-р
NEG_AORIST = _s("NEGAOR", "BAс")                           # бар-мас, кел-мес
CONDITIONAL = _s("COND", "сA")                             # кел-се, бар-са
OPTATIVE_3 = _s("OPT3", "сIн")                             # кел-сін
IMPERATIVE_POLITE = _s("IMPP", "YңIз")                     # кел-іңіз, жаса-ңыз
IMPERATIVE_PL = _s("IMPPL", "YңдAр")                       # кел-іңдер
IMPERATIVE_POLITE_PL = _s("IMPPPL", "YңIздAр")             # жаса-ңыздар
DESIDERATIVE = _s("DESID", "GIсI")                         # бар-ғысы (келеді)
OPTATIVE_1SG = _s("OPT1SG", "OйIн")                        # кел-ейін, жаса-йын
OPTATIVE_1PL = _s("OPT1PL", "OйIK")                        # кел-ейік, бар-айық
SINCE = _s("SINCE", "GAлI")                                # кел-гелі
UNTIL = _s("UNTIL", "GAншA")                               # кел-генше
BECAUSE = _s("BECAUSE", "GAндIKтAн", 1.5)                  # бол-ғандықтан
VERBAL_NOUN = _s("VN", "у")                                # кел-у, жаса-у; дам-у-ы
AGENTIVE = _s("AGT", "ушI")                                # айт-ушы, бол-ушы (KTB: a verb form)
# Person endings after the present tense / participle: кел-е-мін, кел-е-ді, кел-ген-мін.
# Cheap (0.5): with the present -а/-е they make the commonest finite forms (біл-е-ді, not
# біле-ді), and a person ending is weak evidence against the stem.
PERS_1SG = _s("PERS", "MIн", 0.5)
PERS_2SG = _s("PERS", "сIң", 0.5)
PERS_2SGP = _s("PERS", "сIз", 0.5)
PERS_3 = _s("PERS", "DI", 0.3)
PERS_1PL = _s("PERS", "MIз", 0.5)
PERS_2PL = _s("PERS", "сIңдAр", 0.5)
PERS_2PLP = _s("PERS", "сIздAр", 0.5)
# Person endings after the past tense and conditional: кел-ді-м, кел-ді-ң, ал-ды-қ, кел-се-к.
PAST_1SG = _s("PERS", "м", 0.5)
PAST_2SG = _s("PERS", "ң", 0.5)
PAST_2SGP = _s("PERS", "ңIз", 0.5)
PAST_1PL = _s("PERS", "K", 0.5)
PAST_2PL = _s("PERS", "ңдAр", 0.5)

# --- Morphotactics: state -> [(suffix, next state)] -------------------------------------------
# Any state is a possible end of the word.
NOUN_START, VERB_START = "N0", "V0"
MORPHOTACTICS: dict[str, list[tuple[Suffix, str]]] = {
    "N0": [(PLURAL, "NPL"), (POSS_1SG, "NP12"), (POSS_2SG, "NP12"), (POSS_2SG_POLITE, "NPX"),
           (POSS_3, "NP3"), (POSS_1PL, "NPX"), (POSS_2PL, "NPX"), (GENITIVE, "NEND"),
           (ACCUSATIVE, "NEND"), (DATIVE, "NEND"), (LOCATIVE, "NLOC"), (ABLATIVE, "NEND"),
           (INSTRUMENTAL, "NEND"), (INSTRUMENTAL_LONG, "NEND"), (PRED_1SG, "END"),
           (PRED_1PL, "END"), (PRED_2SG, "END"), (COMPARATIVE, "END"), (SIMILATIVE, "END"),
           (TEMPORAL, "NEND")],
    "NPL": [(POSS_3_AFTER_PLURAL, "NP3"), (POSS_1SG, "NP12"), (POSS_2SG, "NP12"),
            (POSS_1PL, "NPX"), (POSS_2SG_POLITE, "NPX"), (GENITIVE, "NEND"),
            (ACCUSATIVE, "NEND"), (DATIVE, "NEND"), (LOCATIVE, "NLOC"), (ABLATIVE, "NEND"),
            (INSTRUMENTAL, "NEND"), (PRED_1PL, "END")],
    "NP12": [(GENITIVE, "NEND"), (ACCUSATIVE, "NEND"), (DATIVE_P12, "NEND"),
             (LOCATIVE, "NLOC"), (ABLATIVE, "NEND"), (INSTRUMENTAL, "NEND")],
    "NPX": [(GENITIVE, "NEND"), (ACCUSATIVE, "NEND"), (DATIVE, "NEND"), (LOCATIVE, "NLOC"),
            (ABLATIVE, "NEND"), (INSTRUMENTAL, "NEND")],
    "NP3": [(GENITIVE, "NEND"), (ACCUSATIVE_P3, "NEND"), (DATIVE_P3, "NEND"),
            (LOCATIVE_P3, "NLOC"), (ABLATIVE_P3, "NEND"), (INSTRUMENTAL, "NEND")],
    "NLOC": [(ATTRIBUTIVE, "NEND")],
    "NEND": [],
    "END": [],
    "V0": [(PASSIVE, "V1"), (PASSIVE_N, "V1"), (NEGATION, "VNEG"), (NEG_AORIST, "END"),
           (PRESENT, "VPRES"), (PAST, "VPAST"), (PARTICIPLE, "VPTCP"), (CONVERB, "VCONV"),
           (HABITUAL, "N0"), (INTENTION, "VINT"), (AORIST, "END"), (CONDITIONAL, "VPAST"),
           (OPTATIVE_3, "END"), (IMPERATIVE_POLITE, "END"), (IMPERATIVE_PL, "END"),
           (IMPERATIVE_POLITE_PL, "END"), (DESIDERATIVE, "END"), (OPTATIVE_1SG, "END"), (OPTATIVE_1PL, "END"), (SINCE, "END"), (UNTIL, "END"),
           (BECAUSE, "END"), (VERBAL_NOUN, "N0"), (AGENTIVE, "N0")],
    "V1": [(NEGATION, "VNEG"), (NEG_AORIST, "END"), (PRESENT, "VPRES"), (PAST, "VPAST"),
           (PARTICIPLE, "VPTCP"), (CONVERB, "VCONV"), (HABITUAL, "N0"), (INTENTION, "VINT"),
           (AORIST, "END"), (CONDITIONAL, "VPAST"), (OPTATIVE_3, "END"),
           (IMPERATIVE_POLITE, "END"), (SINCE, "END"), (BECAUSE, "END"), (VERBAL_NOUN, "N0")],
    "VNEG": [(PRESENT, "VPRES"), (PAST, "VPAST"), (PARTICIPLE, "VPTCP"), (HABITUAL, "N0"),
             (CONDITIONAL, "VPAST"), (OPTATIVE_3, "END"), (IMPERATIVE_POLITE, "END"),
             (INTENTION, "VINT"), (BECAUSE, "END"), (SINCE, "END")],
    "VPRES": [(PERS_1SG, "END"), (PERS_2SG, "END"), (PERS_2SGP, "END"), (PERS_3, "END"),
              (PERS_1PL, "END"), (PERS_2PL, "END"), (PERS_2PLP, "END")],
    "VPAST": [(PAST_1SG, "END"), (PAST_2SG, "END"), (PAST_2SGP, "END"), (PAST_1PL, "END"),
              (PAST_2PL, "END")],
    "VPTCP": [(PERS_1SG, "END"), (PERS_1PL, "END"), (PERS_2SG, "END"), (PERS_2SGP, "END"),
              (PLURAL, "NPL"), (POSS_1SG, "NP12"), (POSS_2SG, "NP12"), (POSS_3, "NP3"),
              (POSS_1PL, "NPX"), (GENITIVE, "NEND"), (ACCUSATIVE, "NEND"), (DATIVE, "NEND"),
              (LOCATIVE, "NLOC"), (ABLATIVE, "NEND"), (INSTRUMENTAL, "NEND"),
              (SIMILATIVE, "END")],
    "VCONV": [(EVIDENTIAL, "END")],
    "VINT": [(INTENTION_SHI, "END")],
}

# Case endings and the plural are reliable: on a known stem they beat a dictionary entry that
# spells the same inflected form (жер-де over a listed жерде). A lone possessive -ы/-ым or
# accusative -ды is not (адам, білім, маңызды are words), so a listed whole word wins there.
STRONG = frozenset({"PL", "GEN", "DAT", "LOC", "ABL", "INS"})
# The locative + -ғы (-дағы, -тегі) is as reliable: шар-дағы over a listed шардақ + -ы.
STRONG_CHAINS = frozenset({("LOC", "GI")})
STRONG_BONUS = 1.1

# Derivational suffixes are never stripped (KTB keeps оқушы, экономикалық). An unknown stem
# made of a known word + one of these counts as a word: қоғамдас-тық, үздік-сіз, таң-ғы.
# Noun-forming suffixes on nouns (достық is дос + тық; on a verb, кел-ді-к is a past tense)
# and nominalizers on verbs (біл-ім, таны-с).
DERIVATIONAL_SUFFIXES = ("лық", "лік", "дық", "дік", "тық", "тік", "сыз", "сіз", "шы", "ші",
                         "шілік", "шылық")
DEVERBAL_SUFFIXES = ("ым", "ім", "ыс", "іс")
# The adjective -лы/-ды/-ты spells like the accusative (маңыз-ды, кітап-ты): a weaker reading.
ADJECTIVAL_SUFFIXES = ("лы", "лі", "ды", "ді", "ты", "ті")

# Suffixes whose presence lets the chain continue as a noun (their output is nominal).
NOMINALIZERS = frozenset({"PTCP", "HAB", "VN"})
VOICE = frozenset({"PASS", "PASSN"})
# A word ending in the voice suffix is a bare passive imperative (айтыл!): rare in text, while
# the same letters end many nouns (ақ-ын is ақын "poet", ақ-ыл is ақыл "mind").
BARE_VOICE = 1.0
# One-letter poss/dative endings are weak evidence (тары, бала: not тар-ы, бал-а).
MAX_CHAIN_MORPHEMES = 6
