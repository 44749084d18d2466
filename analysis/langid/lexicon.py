"""Word evidence: is a word a known Russian, English, Ukrainian or Kazakh word?

Short texts (one word, a menu line) carry too few n-grams for the statistical model,
and Kazakh typed with Russian letters (к for қ, у for ұ ...) has no letter
evidence at all. Words decide those cases, each by a dictionary Muragat may use:

* Russian: the word is in pymorphy3's dictionary (a lookup, not a guess);
* English, Ukrainian: the word is in simplemma's English (Ukrainian) dictionary;
* Kazakh: Muragat's Kazakh lemmatizer analyses the word to a known stem (hunspell-kk's
  word list and the hand-written core words, the suffix tables, the closed classes):
  the word itself, or a listed stem with endings; or, for a word without Kazakh letters,
  the same through the Russian-letter fold (``казакстандагы`` reaches ``қазақстан``).

The neighbours Muragat has no dictionary for (Belarusian, Kyrgyz, Tatar) keep a short
hand-written list of function words and Kyrgyz spelling (below, see docs/LANGID.md).
The dictionaries are loaded on first use and kept in module-level caches.
"""

from __future__ import annotations

import re
from functools import lru_cache

from muragat.analysis.alphabets import KAZAKH_LETTERS, KAZAKH_TO_RUSSIAN, KAZAKH_VOWELS

# Kazakh letter -> the Russian letter typed in its place (і also as Latin i, fixed earlier).
_FOLD = KAZAKH_TO_RUSSIAN
# Kazakh letters but і (і is often typed as a Latin i, or kept when the rest is folded).
_KAZAKH_LETTERS_BUT_I = KAZAKH_LETTERS - {"і"}
# Kazakh evidence of a word (``kazakh_evidence``).
KAZAKH_NONE, KAZAKH_FOLDED, KAZAKH_KNOWN, KAZAKH_LOAN = 0, 1, 2, 3

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
_TURKIC_NEIGHBOURS = frozenset({"ky", "tt"})
# Kyrgyz spelling that Kazakh (even typed with Russian letters) does not have, in
# words unknown to the Russian dictionary: doubled vowels (тууралуу, маалымат), ч
# (ачылды; Kazakh ашылды), initial э (эки; Kazakh екі), and the rounded suffix
# vowels of Kyrgyz labial harmony (-лор, -дун, -го, -ду; Kazakh -лар, -дың, -ға, -ды).
_KYRGYZ_RE = re.compile(
    r"аа|оо|уу|ээ|ыы|өө|үү|ч|^э"
    r"|(?:лор|лөр|дор|дөр|тор|төр|нун|нүн|дун|дүн|тун|түн|го|гө|ко|кө|ду|дү|ту|тү)$"
)
# Kazakh spelling writes о ө ұ ү only in a word's first syllable (native words; loans and
# compounds are in the lexicons, which are asked first); Kyrgyz labial harmony writes them
# in later syllables too (улуттук, жогорулаган, утуп). A vowel after the first syllable:
# о or ө (also typed о), or у as a vowel, between two consonants (not the glide of ау, еу,
# nor the Kazakh verbal noun -у at the end).
_VOWELS = "".join(sorted(KAZAKH_VOWELS))
_LATER_ROUNDED_RE = re.compile(
    f"^[^{_VOWELS}]*[{_VOWELS}]+[^{_VOWELS}]+(?:[{_VOWELS}]*[^{_VOWELS}]+)*?"
    f"(?:[оө]|(?<=[^{_VOWELS}])[уұү](?=[^{_VOWELS}]))"
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
def is_ukrainian_word(word: str) -> bool:
    """True when the lowercase ``word`` is in simplemma's Ukrainian dictionary (cached per word)."""
    from muragat.analysis.lang.en.dictionary import simplemma

    return simplemma().is_known(word, lang="uk")


@lru_cache(maxsize=200_000)
def kazakh_evidence(word: str) -> int:
    """What Muragat's Kazakh lexicon says of the lowercase Cyrillic ``word``.

    ``KAZAKH_KNOWN`` (2): a closed-class form, a listed word, or a listed stem with endings
    (``кітаптарымызда``); ``KAZAKH_LOAN`` (3): not a Russian word, but a stem the Russian
    dictionary knows with a Kazakh ending of two letters or more (``компаниясы``,
    ``лондонның``); ``KAZAKH_FOLDED`` (1): a word without Kazakh letters that reaches a
    listed stem or closed-class form through the Russian-letter fold (``казакстандагы``);
    ``KAZAKH_NONE`` (0): none of these (a guessed stem alone is no evidence).
    """
    from muragat.analysis.lang.kk.closed_classes import closed_forms
    from muragat.analysis.lang.kk.folding import folded_closed_forms
    from muragat.analysis.lang.kk.lemmatizer import UNKNOWN_FLOOR, candidates, folded_candidates

    word = word.replace("ё", "е")
    if len(word) < 2 or not word.isalpha():
        return KAZAKH_NONE
    if word in closed_forms():
        return KAZAKH_KNOWN
    analyses = candidates(word)
    if analyses[0][0] < UNKNOWN_FLOOR:
        return KAZAKH_KNOWN
    if not is_russian_word(word):
        for _cost, stem, _pos in analyses:
            if (len(stem) >= 3 and len(word) - len(stem) >= 2 and word.startswith(stem)
                    and is_russian_word(stem)):
                return KAZAKH_LOAN
    if _KAZAKH_LETTERS_BUT_I.isdisjoint(word):
        folded = fold_kazakh(word)
        if folded in folded_closed_forms() or folded_candidates(folded):
            return KAZAKH_FOLDED
    return KAZAKH_NONE


@lru_cache(maxsize=200_000)
def neighbour_vote(word: str) -> str | None:
    """The neighbour language (uk, be, ky, tt) the lowercase ``word`` votes for, if any.

    A word votes when it is one of that language's function words, or (for Kyrgyz)
    shows Kyrgyz spelling, and the Russian dictionary does not know it; a Kyrgyz or
    Tatar vote also needs a word the Kazakh lexicon cannot analyse (Kazakh loanwords
    such as ``экономика`` start with э; ``ыы`` is a hesitation, not a doubled vowel).
    """
    for lang, words in _NEIGHBOUR_FUNCTION_WORDS.items():
        if word in words and not is_russian_word(word):
            if lang in _TURKIC_NEIGHBOURS and kazakh_evidence(word) != KAZAKH_NONE:
                return None
            return lang
    if ((_KYRGYZ_RE.search(word) or _LATER_ROUNDED_RE.match(word)) and len(set(word)) > 1
            and not is_russian_word(word) and kazakh_evidence(word) == KAZAKH_NONE
            and not is_ukrainian_word(word)):
        return "ky"
    return None


# The Tatar and Bashkir vowel shift: where Kazakh (like most Kipchak languages) keeps the
# older vowels, Tatar and Bashkir raised о ө е to у ү и and lowered ұ ү і to о ө е (Kazakh
# бол-, көр-, кел-, күн, біл-; Tatar бул-, күр-, кил-, көн, бел-). Read back, the first vowel of a Tatar
# word gives the Kazakh one: булмады -> болмады, туктап -> токтап (тоқтап).
_TATAR_TO_KAZAKH_VOWEL = {"у": "о", "ү": "ө", "о": "ұ", "ө": "ү", "и": "е", "е": "і"}


def _first_vowel_shifted_back(word: str) -> str | None:
    for i, ch in enumerate(word):
        if ch in KAZAKH_VOWELS:
            back = _TATAR_TO_KAZAKH_VOWEL.get(ch)
            return None if back is None else word[:i] + back + word[i + 1:]
    return None


@lru_cache(maxsize=200_000)
def tatar_vowel_shift(word: str) -> bool:
    """True when the lowercase Cyrillic ``word`` is unknown to the Kazakh lexicon but known
    with its first vowel shifted back as the Tatar and Bashkir vowel shift reverses
    (``булмады``: Kazakh ``болмады``), a sign of those two languages (cached per word)."""
    if len(word) < 2 or kazakh_evidence(word) != KAZAKH_NONE:
        return False
    shifted = _first_vowel_shifted_back(word)
    return shifted is not None and kazakh_evidence(shifted) != KAZAKH_NONE
