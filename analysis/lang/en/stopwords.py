"""English function words, weighed down in queries (never removed from the index).

Articles, auxiliaries, pronouns, prepositions, conjunctions and question words. A query
word among them still matches (phrases keep working), but it is optional in all-words
mode and weighs little in the ranking; "more like this" skips it.

One list (issue 15 merged the query side's list with this folder's, which nothing read;
its two extra words, also and may, leave ``muragat eval retrieval`` unchanged).
"""

from __future__ import annotations

STOPWORDS: frozenset[str] = frozenset(
    """
    a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for
    from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only
    or other our ours out over own same she should so some such than that the their theirs
    them themselves then there these they this those through to too under until up very
    was we were what when where which while who whom whose why will with would you your
    yours yourself also may
    """.split()
)
