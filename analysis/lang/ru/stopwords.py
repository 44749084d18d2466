"""Russian stop words: prepositions, conjunctions, particles and the commonest pronouns.

Written for Muragat (short on purpose: the index keeps every word, this list only
tells ranking and suggestions which words carry little meaning).
"""

from __future__ import annotations

STOPWORDS: frozenset[str] = frozenset(
    """
    а без более бы был была были было быть в вам вас весь во вот все всего всех вы
    где да даже для до его ее если есть еще же за и из или им их к как ко когда
    кто ли либо мне мы на над не него нее нет ни них но ну о об обо однако он она
    они оно от ото по под при с со так также такой там те тем то того тоже той
    только том ты у уже чем что чтобы эта эти это этот я
    """.split()
)
