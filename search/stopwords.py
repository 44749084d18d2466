"""Function words that get a low weight in queries (never removed from the index).

Small hand-written lists: prepositions, conjunctions, particles, pronouns and
question words, and the instructions of quiz-style questions (назовите, көрсетіңіз).
A query word in one of these lists still matches (phrases keep
working), but it is optional in all-words mode and weighs little in the ranking.
Kazakh content-word homographs (ай "month", ал "take", мен "I") are left out.
"""

from __future__ import annotations

from muragat.analysis import normalize_word

_RU = """
а без более бы был была были было быть в вам вас весь во вот все всего всех вы где
да для до его ее если есть еще же за и из или им их к как какая какие каким какой
каком когда кого кой которая которого которое которой котором которую которые который
кто ли либо меня мне много может мы на над не него нее нет ни них но ну о об однако он
она они оно от очень по под после при про раз с свой своей себя со так также такой там
те тем то того тоже той только том ту у уже чем что чтобы чье чья эта эти это этого
этой этом этот я сколько почему зачем откуда куда чей каков какова каково каковы
назовите приведите укажите перечислите опишите объясните определите
"""

_EN = """
a about above after again against all am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for
from further had has have having he her here hers herself him himself his how i if in
into is it its itself just me more most my myself no nor not now of off on once only
or other our ours out over own same she should so some such than that the their theirs
them themselves then there these they this those through to too under until up very
was we were what when where which while who whom whose why will with would you your
yours yourself
"""

_KK = """
және мен менен бен пен бенен пенен да де та те ма ме ба бе па пе ше ғой ғана қана
әрі бірақ немесе не яғни сондай-ақ себебі өйткені егер онда осы сол бұл ол олар мына
анау қандай қай қайда қашан неше қанша кім нені неге неліктен қалай үшін туралы арқылы
бойынша дейін кейін бері соң сияқты секілді ретінде қарай шейін жөнінде
бар жоқ емес еді екен болып табылады деп
көрсетіңіз табыңыз атаңыз анықтаңыз жазыңыз айтыңыз келтіріңіз атап
"""

# Kazakh function words by lemma (the language inflects them): pronouns, question words and
# the auxiliary verbs of compound predicates (бол- "be", ет-/жаса- "do", де- "say").
_KK_LEMMAS = """
мен сен сіз біз ол олар бұл сол осы мына ана өз не кім қай қайсы қандай қанша неше
бол ет де
"""
KK_FUNCTION_LEMMAS: frozenset[str] = frozenset(_KK_LEMMAS.split())

STOPWORDS: dict[str, frozenset[str]] = {
    lang: frozenset(normalize_word(w) for w in words.split())
    for lang, words in (("ru", _RU), ("en", _EN), ("kk", _KK))
}
ALL_STOPWORDS: frozenset[str] = frozenset().union(*STOPWORDS.values())


def is_stopword(word: str) -> bool:
    """Whether the (raw) word is a function word in any of the languages, or a lone letter
    (an initial such as Ш. in Ш. Уәлиханов: too common and too vague to rank by)."""
    form = normalize_word(word)
    return form in ALL_STOPWORDS or (len(form) == 1 and form.isalpha())


def is_kk_function_lemma(lemmas: tuple[str, ...]) -> bool:
    """Whether a Kazakh word's best lemma is a function word (pronoun, question word, auxiliary)."""
    return bool(lemmas) and lemmas[0] in KK_FUNCTION_LEMMAS
