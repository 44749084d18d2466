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

from muragat.analysis.alphabets import KAZAKH_TO_RUSSIAN

# Kazakh letter -> the Russian letter typed in its place (і also as Latin i, fixed earlier).
_FOLD = KAZAKH_TO_RUSSIAN

# Kazakh function words, folded (conjunctions, postpositions, pronouns, copulas,
# frequent auxiliaries). Words that are also common Russian words (да, не, те, ол...)
# are left out: they would vote for Kazakh in every Russian sentence.
_KK_FUNCTION_WORDS = frozenset(
    """
    жане мен бен пен деп деген ушин туралы бойынша аркылы кейин дейин сиякты сонымен
    ретинде болып болды болады болса болган болатын барлык биз сиз олар онын оны оган
    мунда казир жылы коп ен ар оз оте тагы сондай сонгы карай жонинде
    кезде кезинде еди екен емес жок бул осы сол бир мына анау кандай калай неге кашан
    кайда нешинши ким нарсе солай осындай сондай гой кой ма ме ба бе па пе шейин дегенмен алайда себеби
    сондыктан немесе яки хам азир бирак тек гана сиякты усылай осылай бирге арасында
    ишинде бойы алдында артында астында устинде жанында кейбир барша ешкандай
    """.split()
)

# Function words of the neighbours that share most letters with Russian or Kazakh:
# a Ukrainian or Belarusian sentence without і ї є ґ ў, or a Kyrgyz or Tatar one
# without ң ө ү җ, still has them. Kyrgyz and Tatar words that Kazakh spells
# differently (ky менен, ал, эмес; tt дип, булды, иде) tell them from Kazakh typed
# with Russian letters. Only words the Russian dictionary does not know vote
# (see ``neighbour_vote``).
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
    "ky": frozenset(
        """
        менен ал алар эмес эле эч болуп дагы тууралуу аркылуу кийин боюнча анын аны
        ошол ушул мындай андай эмне качан бирок экен
        """.split()
    ),
    "tt": frozenset(
        """
        дип булды булып булган иде кебек инде гына генә ул аның безнең сезнең
        түгел белән ләкин бу шул нинди ничек кайчан
        """.split()
    ),
}
# Kyrgyz spelling that Kazakh (even typed with Russian letters) does not have, in
# words unknown to the Russian dictionary: doubled vowels (тууралуу, маалымат), ч
# (ачылды; Kazakh ашылды), initial э (эки; Kazakh екі), and the rounded suffix
# vowels of Kyrgyz labial harmony (-лор, -дун, -го, -ду; Kazakh -лар, -дың, -ға, -ды).
_KYRGYZ_RE = re.compile(
    r"аа|оо|уу|ээ|ыы|өө|үү|ч|^э"
    r"|(?:лор|лөр|дор|дөр|тор|төр|нун|нүн|дун|дүн|тун|түн|го|гө|ко|кө|ду|дү|ту|тү)$"
)

# Kazakh inflections that end a word (folded). Checked only on words the Russian
# dictionary does not know, so Russian "когда" or "весы" never vote.
_KK_ENDING_RE = re.compile(
    r"(?:лар|лер|дар|дер|тар|тер|ларды|лерди|ларга|лерге|ларда|лерде|лары|лери|дары|дери|тары|тери"
    r"|нын|нин|дын|дин|тын|тин|ны|ни|ды|ди|ты|ти|сы|си"
    r"|га|ге|ка|ке|дан|ден|тан|тен|нан|нен|нда|нде|дагы|деги|тагы|теги"
    r"|ган|ген|кан|кен|ады|еди|йды|иды|ып|ип|атын|етин|йтын|итин|мыз|миз|сыз|сиз"
    r"|мын|мин|сын|син|лык|лик|дык|дик|тык|тик|шы|ши|ушы|уши"
    r"|сам|сем|сак|сек|саныз|сениз|масын|месин|майды|мейди|пайды|пейди)$"
)


def fold_kazakh(word: str) -> str:
    """Spell a (lowercase) Kazakh word with the Russian letters typed for its own letters."""
    return word.translate(_FOLD)


@lru_cache(maxsize=200_000)
def is_russian_word(word: str) -> bool:
    """True when the lowercase ``word`` is in the Russian dictionary (cached per word)."""
    from muragat.analysis.lang.ru.lemmatizer import morph  # the one shared analyzer (about 20 MB)

    return morph().word_is_known(word)


@lru_cache(maxsize=200_000)
def is_english_word(word: str) -> bool:
    """True when the lowercase ``word`` is in simplemma's English dictionary (cached per word)."""
    from muragat.analysis.lang.en.dictionary import simplemma

    return simplemma().is_known(word, lang="en")


@lru_cache(maxsize=200_000)
def is_kazakh_function_word(word: str) -> bool:
    """True for a Kazakh function word, in Kazakh or Russian letters (``үшін``, ``ушин``)."""
    return fold_kazakh(word) in _KK_FUNCTION_WORDS


@lru_cache(maxsize=200_000)
def turkic_ending_evidence(word: str) -> int:
    """How strongly the lowercase Cyrillic ``word`` looks like an inflected Turkic word.

    2 for a Russian stem with a Kazakh ending (компания-сы, орган-дар), 1 for a word
    unknown to the Russian dictionary with a Kazakh ending, else 0. Kyrgyz and Tatar
    share most of these endings, so this is evidence against Russian, not for Kazakh
    over its neighbours.
    """
    folded = fold_kazakh(word)
    if len(folded) < 4 or is_russian_word(folded):
        return 0
    ending = _KK_ENDING_RE.search(folded)
    if ending is None:
        return 0
    stem = folded[: ending.start()]
    if len(stem) >= 3 and (is_russian_word(stem) or is_russian_word(stem + "а")):
        return 2
    return 1


@lru_cache(maxsize=200_000)
def neighbour_vote(word: str) -> str | None:
    """The neighbour language (uk, be, ky, tt) the lowercase ``word`` votes for, if any.

    A word votes when it is one of that language's function words, or (for Kyrgyz)
    shows Kyrgyz spelling, and the Russian dictionary does not know it.
    """
    for lang, words in _NEIGHBOUR_FUNCTION_WORDS.items():
        if word in words and not is_russian_word(word):
            return lang
    if _KYRGYZ_RE.search(word) and not is_russian_word(word):
        return "ky"
    return None
