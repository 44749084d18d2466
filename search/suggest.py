"""Query suggestions: wrong keyboard layout and "did you mean" from the index vocabulary.

Layouts: a word typed with the wrong layout active is mapped key by key, with the
layouts each language declares (``analysis.keyboard_conversions``): ``ghbdtn`` ->
``привет`` from the English layout to the Russian one; ``руддщ`` -> ``hello``; on the
Kazakh layout the number row holds ә і ң ғ ү ұ қ ө һ, so ``r3nfg[fyf`` and ``к3тапхана``
-> ``кітапхана``.

Misspellings: the closest terms of the ``exact`` field (edit distance 1-2, same
first letter, same script), the most frequent first. The engine offers a suggestion
only when it finds results.
"""

from __future__ import annotations

from collections.abc import Callable

from muragat.analysis import keyboard_conversions, normalize_word, tokenize
from muragat.analysis.alphabets import has_cyrillic


def convert_layout(word: str, table: dict[str, str]) -> str:
    """Map every character of ``word`` through a layout table (unknown characters kept)."""
    return "".join(table.get(ch, table.get(ch.lower(), ch)) for ch in word)


def layout_candidates(word: str) -> list[str]:
    """The word as if typed on each other layout (only conversions that change it)."""
    low = word.lower()
    out = []
    for table in keyboard_conversions().values():
        conv = convert_layout(low, table)
        if conv != low and any(ch.isalpha() for ch in conv) and conv not in out:
            out.append(conv)
    return out


def _script(word: str) -> str:
    if has_cyrillic(word):
        return "cyr"
    if any(ch.isascii() and ch.isalpha() for ch in word):
        return "lat"
    return "other"


def correct_chunk(chunk: str, known: Callable[[str], bool]) -> str | None:
    """``chunk`` (a whitespace-separated piece of the query) retyped on another layout,
    if every word of the result is ``known`` in the index vocabulary."""
    for conv in layout_candidates(chunk):
        words = [normalize_word(t.text) for t in tokenize(conv)]
        if words and all(known(w) for w in words):
            return " ".join(words)
    return None


def correct_word(
    word: str,
    frequency: Callable[[str], int],
    near: Callable[[str, int], list[str]],
) -> str | None:
    """The closest frequent index term to an unknown ``word`` (same script), or None.

    ``frequency(term)`` is its document frequency, ``near(term, maxdist)`` the index
    terms within an edit distance.
    """
    form = normalize_word(word)
    if len(form) < 3 or not any(ch.isalpha() for ch in form):
        return None
    maxdist = 1 if len(form) <= 5 else 2
    script = _script(form)
    best: tuple[int, int, str] | None = None
    for cand in near(form, maxdist):
        if cand == form or _script(cand) != script:
            continue
        key = (-_distance(form, cand), frequency(cand), cand)
        if best is None or key[:2] > best[:2]:
            best = key
    return best[2] if best else None


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (short words only)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]
