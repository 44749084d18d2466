"""Kazakh function words, weighed down in queries (never removed from the index).

``STOPWORDS`` by normalized form: conjunctions, particles, postpositions, pronouns and
question words, the copula and existential predicates (бар, жоқ, емес, еді), and the
instructions of quiz-style questions (көрсетіңіз, атаңыз). A query word among them still
matches (phrases keep working), but it is optional in all-words mode and weighs little.

``FUNCTION_LEMMAS``: the lemmas of inflected function words (pronouns, question words and
the auxiliary verbs of compound predicates: бол- "be", ет- "do", де- "say"), so that
маған or болып count as function words too.

Not (yet) among them, on purpose: the other closed-class forms of ``closed_classes``
(postpositions such as арасында, кезінде, қатысты; the copula's person forms едім, екенмін,
емеспін). Issue 15 found them in a second list that nothing read; adding them changes the
ranking (kazqad MRR@10 0.7849 -> 0.7866 in ``muragat eval retrieval``), a change for a
ranking issue to make and measure, not for a refactoring.
"""

from __future__ import annotations

STOPWORDS: frozenset[str] = frozenset(
    """
    және мен менен бен пен бенен пенен да де та те ма ме ба бе па пе ше ғой ғана қана
    әрі бірақ немесе не яғни сондай-ақ себебі өйткені егер онда осы сол бұл ол олар мына
    анау қандай қай қайда қашан неше қанша кім нені неге неліктен қалай үшін туралы арқылы
    бойынша дейін кейін бері соң сияқты секілді ретінде қарай шейін жөнінде
    бар жоқ емес еді екен болып табылады деп
    көрсетіңіз табыңыз атаңыз анықтаңыз жазыңыз айтыңыз келтіріңіз атап
    """.split()
)

FUNCTION_LEMMAS: frozenset[str] = frozenset(
    """
    мен сен сіз біз ол олар бұл сол осы мына ана өз не кім қай қайсы қандай қанша неше
    бол ет де
    """.split()
)
