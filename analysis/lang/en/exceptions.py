"""English closed-class words and irregular forms the lemma dictionary misses.

Hand-written from English grammar. Each entry: word form -> terms, best guess first.
"""

from __future__ import annotations

CLOSED_CLASS: dict[str, tuple[str, ...]] = {
    # Clitics as a treebank (or a query) may give them alone.
    "n't": ("not",),
    "'s": ("be", "'s", "have"),
    "'m": ("be",),
    "'re": ("be",),
    "'ve": ("have",),
    "'ll": ("will",),
    "'d": ("would", "have"),
    # Object pronouns; "her" and "us" are also a possessive and a country.
    "me": ("i",),
    "him": ("he",),
    "her": ("her", "she"),
    "us": ("we", "us"),
    "them": ("they",),
    # Irregular past forms the dictionary leaves as they are (noun or adjective homographs).
    "left": ("leave", "left"),
    "thought": ("think", "thought"),
    "felt": ("feel", "felt"),
    "gone": ("go", "gone"),
    "won": ("win",),
    "shot": ("shoot", "shot"),
    "bore": ("bear", "bore"),
    "born": ("bear", "born"),
    "rose": ("rise", "rose"),
    "worse": ("bad", "worse"),
    "lives": ("life", "live"),
    "leaves": ("leave", "leaf"),
    "wives": ("wife",),
    "media": ("media", "medium"),
    "data": ("data", "datum"),
}

# Participles used mostly as adjectives of feeling or state ("I am interested"):
# the adjective first, then the verb.
STATE_ADJECTIVES: frozenset[str] = frozenset(
    """
    amazed amused annoyed ashamed bored concerned confused delighted depressed
    disappointed disgusted embarrassed excited exhausted fascinated frightened
    frustrated hidden interested involved pleased relaxed relieved satisfied scared
    shocked surprised terrified tired worried
    """.split()
)

# Contractions written as one word: the host word's lemma, then the clitic's.
CONTRACTION_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("n't", "not"),
    ("'re", "be"),
    ("'ve", "have"),
    ("'ll", "will"),
    ("'m", "be"),
    ("'d", "would"),
    ("'s", ""),  # possessive or is/has: index the host word alone
)

# Hosts of n't whose spelling changes: won't, can't, shan't.
NEGATED_HOSTS: dict[str, str] = {"wo": "will", "ca": "can", "sha": "shall"}
