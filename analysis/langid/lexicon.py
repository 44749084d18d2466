"""Word evidence: is a word a known Russian, English or (likely) Kazakh word?

Short texts (one word, a menu line) carry too few n-grams for the statistical model,
and Kazakh typed with Russian letters (к for қ, у for ұ ...) has no letter
evidence at all. Words decide those cases:

* Russian: the word is in pymorphy3's dictionary (a lookup, not a guess);
* English: the word is in simplemma's English dictionary;
* Kazakh: the word is a Kazakh function word, or it is unknown to the Russian
  dictionary and ends in a Kazakh inflection (plural -лар/-дар/-тар, genitive -ның,
  ablative -дан, past -ды, participle -ған ...). Both are checked after folding the
  Kazakh letters to the Russian letters typed in their place, so the rules hold for
  substitute spelling too.

The dictionaries are loaded on first use and kept in module-level caches.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Kazakh letter -> the Russian letter typed in its place (і also as Latin i, fixed earlier).
_FOLD = str.maketrans("әғқңөұүһі", "агкноуухи")

# Kazakh function words, folded (conjunctions, postpositions, pronouns, copulas,
# frequent auxiliaries). Words that are also common Russian words (да, не, те, ол...)
# are left out: they would vote for Kazakh in every Russian sentence.
_KK_FUNCTION_WORDS = frozenset(
    """
    жане мен бен пен деп деген ушин туралы бойынша аркылы кейин дейин сиякты сонымен
    ретинде болып болды болады болса болган болатын барлык биз сиз олар онын оны оган
    мунда казир жылы жана коп ен ар оз оте тагы сондай сонгы карай жонинде
    кезде кезинде еди екен емес жок бул осы сол бир мына анау кандай калай неге кашан
    кайда нешинши ким нарсе солай осындай сондай гой кой ма ме ба бе па пе шейин дегенмен алайда себеби
    сондыктан немесе яки хам азир бирак тек гана сиякты усылай осылай бирге арасында
    ишинде бойы алдында артында астында устинде жанында кейбир барша ешкандай
    """.split()
)

# Function words of the closest neighbours of Russian, which share most of its
# letters: a Ukrainian or Belarusian sentence without і ї є ґ ў still has them.
# Only words the Russian dictionary does not know vote (see ``neighbour_vote``).
_NEIGHBOUR_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "uk": frozenset(
        """
        це цей ця ці цього цієї що щоб як але або дуже тобто ми ви вони він вона воно його її
        їх їм також можна треба зараз коли чому який яка яке які якщо ще вже бо пане шановні
        дякую колеги буде було є був була були між після від через про при та ні теж лише
        навіть хоча адже отже проте однак усі всіх своїх нашої нього неї
        """.split()
    ),
    "be": frozenset(
        """
        гэта гэты гэтая гэтым што як але або вельмі таксама трэба цяпер калі таму чаму якая
        якое якія ўжо яшчэ яны ён яна яно яго яе іх ім паміж пасля праз пра ды ня быў была
        былі будзе толькі нават хаця дзе таксама сваёй нашай усе ўсё
        """.split()
    ),
}

# Kazakh inflections that end a word (folded). Checked only on words the Russian
# dictionary does not know, so Russian "когда" or "весы" never vote.
_KK_ENDING_RE = re.compile(
    r"(?:лар|лер|дар|дер|тар|тер|ларды|лерди|ларга|лерге|ларда|лерде"
    r"|нын|нин|дын|дин|тын|тин|ны|ни|ды|ди|ты|ти|сы|си"
    r"|га|ге|ка|ке|дан|ден|тан|тен|нан|нен|нда|нде|дагы|деги|тагы|теги"
    r"|ган|ген|кан|кен|ады|еди|йды|иды|ып|ип|атын|етин|йтын|итин|мыз|миз|сыз|сиз"
    r"|мын|мин|сын|син|лык|лик|дык|дик|тык|тик|шы|ши|ушы|уши"
    r"|сам|сем|сак|сек|саныз|сениз|масын|месин|майды|мейди|пайды|пейди)$"
)


def fold_kazakh(word: str) -> str:
    """Spell a (lowercase) Kazakh word with the Russian letters typed for its own letters."""
    return word.translate(_FOLD)


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=200_000)
def is_russian_word(word: str) -> bool:
    """True when the lowercase ``word`` is in the Russian dictionary (cached per word)."""
    return _morph().word_is_known(word)


@lru_cache(maxsize=200_000)
def is_english_word(word: str) -> bool:
    """True when the lowercase ``word`` is in simplemma's English dictionary (cached per word)."""
    import simplemma

    return simplemma.is_known(word, lang="en")


@lru_cache(maxsize=200_000)
def kazakh_word_evidence(word: str) -> int:
    """How strongly the lowercase Cyrillic ``word`` looks Kazakh.

    2 for a function word or a Russian stem with a Kazakh ending, 1 for an unknown
    word with a Kazakh ending, else 0.
    """
    folded = fold_kazakh(word)
    if folded in _KK_FUNCTION_WORDS:
        return 2
    if len(folded) < 4 or is_russian_word(folded):
        return 0
    ending = _KK_ENDING_RE.search(folded)
    if ending is None:
        return 0
    # A Russian loan with a Kazakh ending (компания-сы, орган-дар) is stronger evidence.
    stem = folded[: ending.start()]
    if len(stem) >= 3 and (is_russian_word(stem) or is_russian_word(stem + "а")):
        return 2
    return 1


def neighbour_vote(word: str) -> str | None:
    """``uk`` or ``be`` when the lowercase ``word`` is one of their function words unknown to Russian."""
    for lang, words in _NEIGHBOUR_FUNCTION_WORDS.items():
        if word in words and not is_russian_word(word):
            return lang
    return None
