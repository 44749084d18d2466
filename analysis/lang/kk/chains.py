"""The suffix tables expanded into a reverse index: ending string -> the analyses that spell it.

``suffixes.MORPHOTACTICS`` is walked once for every stem context (harmony x final-sound class),
spelling each suffix sequence with ``suffixes.realize``. The result maps every possible ending
(``лардың``, ``ғанда``, ``йды`` ...) to ``Chain`` records; a lemmatizer then only has to try each
split point of a word and look the ending up (one dict lookup per split point).

Built lazily on first use and cached for the process.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from muragat.analysis.lang.kk.harmony import (
    BACK,
    FINAL_CLASSES,
    FRONT,
    VOWELS,
    final_class,
    harmony,
)
from muragat.analysis.lang.kk.suffixes import (
    BARE_VOICE,
    MAX_CHAIN_MORPHEMES,
    MORPHOTACTICS,
    NOUN_START,
    STRONG,
    STRONG_CHAINS,
    VERB_START,
    VOICE,
    realize,
)

# Flags of a chain.
VOWEL_INITIAL = 1   # the ending starts with a vowel: stem repairs (б->п, elision) apply
PASSIVE_N = 2       # starts with the passive -н/-ын: the stem's last consonant must be л
HAS_VOICE = 4       # starts with a voice suffix: only valid on a known verb stem
VERBAL_NOUN = 8     # starts with the verbal noun -у: оқу may be оқы + у
ORDINAL = 16        # starts with the ordinal -ыншы: only on numerals
VERBAL = 32         # a verb ending (stem repairs of verb stems only: тау-ып -> тап)


class Chain(NamedTuple):
    """One analysis of an ending: word class of the stem, contexts allowed, cost, flags, names."""

    pos: str          # "n" (nominal stem) or "v" (verb stem)
    mask: int         # bit per (harmony, final class) the stem may have
    cost: float
    flags: int
    names: tuple[str, ...]
    strong: bool      # reliable: one case ending or the plural, or the locative + -ғы


def context_bit(h: str, cls: str) -> int:
    """Bit of the stem context (harmony ``h``, final-sound class ``cls``)."""
    return 1 << ((0 if h == BACK else 1) * len(FINAL_CLASSES) + FINAL_CLASSES.index(cls))


_CLASS_INDEX = {c: i for i, c in enumerate(FINAL_CLASSES)}


@lru_cache(maxsize=200_000)
def stem_context(stem: str) -> int:
    """The context bits of ``stem`` (two bits when its harmony is undecided)."""
    cls = _CLASS_INDEX[final_class(stem)]
    bits = 0
    for h in harmony(stem):
        bits |= 1 << ((0 if h == BACK else 1) * len(FINAL_CLASSES) + cls)
    return bits


# Extra entries outside the morphotactic graph: the ordinal (үш-інші, бес-інші, алты-ншы).
_ORDINAL_TEMPLATE = "YншI"


def _walk(state: str, h: str, prev: str, surface: str, cost: float, names: tuple[str, ...],
          out: dict[tuple[str, str, tuple[str, ...]], float], pos: str) -> None:
    if names:
        key = (surface, pos, names)
        if key not in out:
            out[key] = cost
    if len(names) >= MAX_CHAIN_MORPHEMES:
        return
    for suffix, nxt in MORPHOTACTICS[state]:
        spelled = realize(suffix.template, h, prev)
        if not spelled:
            continue
        last = final_class(spelled) if spelled[-1] != "у" else "R"
        _walk(nxt, h, last, surface + spelled, cost + suffix.cost, names + (suffix.name,),
              out, pos)


def _flags(surface: str, names: tuple[str, ...], pos: str) -> int:
    flags = VOWEL_INITIAL if surface[0] in VOWELS else 0
    if pos == "v":
        flags |= VERBAL
    if names[0] == "PASSN":
        flags |= PASSIVE_N
    if names[0] in VOICE:
        flags |= HAS_VOICE
    if names[0] == "VN":
        flags |= VERBAL_NOUN
    if names[0] == "ORD":
        flags |= ORDINAL
    return flags


@lru_cache(maxsize=1)
def chain_index() -> dict[str, tuple[Chain, ...]]:
    """Every ending the suffix tables can spell, with its analyses (cheapest first).

    Built once per machine and kept in ``analysis.model_cache`` (keyed by this package's
    code and data).
    """
    from muragat.analysis.model_cache import cached, source_files

    return cached("kk-chains", source_files(Path(__file__).parent), _build_chain_index)


def _build_chain_index() -> dict[str, tuple[Chain, ...]]:
    merged: dict[tuple[str, str, tuple[str, ...]], list] = {}
    for h in (BACK, FRONT):
        for cls in FINAL_CLASSES:
            bit = context_bit(h, cls)
            found: dict[tuple[str, str, tuple[str, ...]], float] = {}
            _walk(NOUN_START, h, cls, "", 0.0, (), found, "n")
            _walk(VERB_START, h, cls, "", 0.0, (), found, "v")
            ordinal = realize(_ORDINAL_TEMPLATE, h, cls)
            found[(ordinal, "n", ("ORD",))] = -1.0
            # Ordinal + case: үшінші-ден, бірінші-сі.
            _walk("N0", h, "V", ordinal, -1.0, ("ORD",), found, "n")
            for key, cost in found.items():
                slot = merged.setdefault(key, [0, cost])
                slot[0] |= bit
                slot[1] = min(slot[1], cost)
    index: dict[str, list[Chain]] = {}
    for (surface, pos, names), (mask, cost) in merged.items():
        if names[-1] in VOICE:
            cost += BARE_VOICE
        index.setdefault(surface, []).append(
            Chain(pos, mask, cost, _flags(surface, names, pos), names,
                  names in STRONG_CHAINS or (len(names) == 1 and names[0] in STRONG)))
    return {k: tuple(sorted(v, key=lambda c: c.cost)) for k, v in index.items()}


MAX_ENDING = 18
