"""Russian function words, weighed down in queries (never removed from the index).

Prepositions, conjunctions, particles, pronouns and question words, and the instructions
of quiz-style questions (назовите, укажите); normalized forms (ё written е). A query word
among them still matches (phrases keep working), but it is optional in all-words mode and
weighs little in the ranking; "more like this" skips it.

One list (issue 15 merged the query side's list with this folder's, which nothing read;
its five extra words, даже ко обо ото ты, leave ``muragat eval retrieval`` unchanged).
"""

from __future__ import annotations

STOPWORDS: frozenset[str] = frozenset(
    """
    а без более бы был была были было быть в вам вас весь во вот все всего всех вы где
    да для до его ее если есть еще же за и из или им их к как какая какие каким какой
    каком когда кого кой которая которого которое которой котором которую которые который
    кто ли либо меня мне много может мы на над не него нее нет ни них но ну о об однако он
    она они оно от очень по под после при про раз с свой своей себя со так также такой там
    те тем то того тоже той только том ту у уже чем что чтобы чье чья эта эти это этого
    этой этом этот я сколько почему зачем откуда куда чей каков какова каково каковы
    назовите приведите укажите перечислите опишите объясните определите
    даже ко обо ото ты
    """.split()
)
