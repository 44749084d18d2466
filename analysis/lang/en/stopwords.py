"""English stop words: articles, auxiliaries, pronouns, prepositions and conjunctions.

Written for Muragat; the index keeps every word, this list only informs ranking.
"""

from __future__ import annotations

STOPWORDS: frozenset[str] = frozenset(
    """
    a about after all also an and any are as at be been but by can could did do does
    for from had has have he her his i if in into is it its may more most no not of
    on or our she should so than that the their them then there these they this to
    was we were what when which who will with would you your
    """.split()
)
