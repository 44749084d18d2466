"""Hypothesis strategies for words from every Unicode plane and general category.

Shared by the analysis and search tests that check nothing raises on any word
(``tests/analysis/test_never_raises.py``, ``tests/search/test_hostile_words.py``).
"""

from __future__ import annotations

import sys
import unicodedata
from functools import cache

from hypothesis import strategies as st

# Every general category: letters, marks, numbers, punctuation, symbols, separators and
# the "other" ones (controls, format characters, surrogates, private use, unassigned).
CATEGORIES = ("Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd",
              "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc",
              "Cf", "Cs", "Co", "Cn")
PLANES = range(17)
# A Latin word with a Tangut ideograph: a letter without a name in Python 3.11's
# ``unicodedata``, which made pymorphy3 raise (issue 14).
TANGUT_WORD = "abc\U00017000"


@cache
def unnamed_letters() -> tuple[str, ...]:
    """Letters without a Unicode name in this Python's tables (a sample of at most 512)."""
    found = [chr(cp) for cp in range(0x10000, sys.maxunicode + 1)
             if chr(cp).isalpha() and not unicodedata.name(chr(cp), "")]
    return tuple(found[:: max(1, len(found) // 512)]) or ("\U00017000",)


def _in_plane(plane: int) -> st.SearchStrategy[str]:
    return st.integers(plane * 0x10000, plane * 0x10000 + 0xFFFF).map(chr)


any_plane = st.sampled_from(PLANES).flatmap(_in_plane)
any_category = st.sampled_from(CATEGORIES).flatmap(lambda cat: st.characters(categories=[cat]))
hostile_char = st.one_of(any_plane, any_category, st.deferred(lambda: st.sampled_from(unnamed_letters())))
# Ordinary letters mixed in, so hostile characters also sit inside otherwise normal words.
plain_char = st.sampled_from("abcxyzкнигаәқұіһ-'0")
word = st.lists(st.one_of(hostile_char, plain_char), min_size=1, max_size=8).map("".join)
text = st.lists(word, min_size=1, max_size=6).map(" ".join)
