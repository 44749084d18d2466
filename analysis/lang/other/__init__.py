"""Languages without their own analyzer (uk, be, ky, tt, mn, ...): the normalized form.

No letters, stop words or variants (``base.Language``'s empty defaults).
"""

from __future__ import annotations

from muragat.analysis.normalize import normalize_word, strip_edge_punctuation

code = "other"


def normalize(word: str) -> str:
    """Generic normalization; no quotes, brackets or final dot around the word."""
    return normalize_word(strip_edge_punctuation(word))


def terms(word: str) -> list[str]:
    """The normalized word is its only term."""
    return [word]
