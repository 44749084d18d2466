"""Query words: which index languages a word may be in, and its terms in each.

The same analysis as index time, asked of every language the word's letters allow:

* ``plausible_languages``: per script of the word (Cyrillic, Latin), the languages that
  write it, main script first; only the ones whose own letters the word has, if any
  (``қ`` is Kazakh, ``ǵ`` Latin Kazakh); ``other`` last;
* ``query_word_analyses``: the word's terms in each plausible language;
* ``query_word_terms``: where the word may be indexed, which adds every analyzed language
  for a number and the languages whose text holds the word's script (``hosted_scripts``);
* ``is_stopword``: a function word of any index language, or a lone letter;
* ``query_operators``: every language's words for OR, AND and NOT (query syntax);
* ``keyboard_conversions``: key-by-key tables from one language's keyboard layout to
  another's, for words typed with the wrong layout active.
"""

from __future__ import annotations

from functools import cache

from muragat.analysis.alphabets import is_cyrillic, is_latin
from muragat.analysis.lang import ANALYZED_LANGS, INDEX_LANGS, OTHER, get_language, word_terms
from muragat.analysis.normalize import normalize_word

SCRIPTS = ("cyrillic", "latin")  # in the order a word's scripts are considered


def word_scripts(word: str) -> dict[str, set[str]]:
    """The letters of ``word`` per script it uses, in ``SCRIPTS`` order."""
    cyr = {ch for ch in word if is_cyrillic(ch)}
    lat = {ch for ch in word if is_latin(ch)}
    return {script: letters for script, letters in (("cyrillic", cyr), ("latin", lat)) if letters}


@cache
def _writers(script: str) -> tuple[str, ...]:
    """Index languages written in ``script``, those whose main script it is first (cached:
    the registry does not change in a process)."""
    langs = [lang for lang in INDEX_LANGS if script in get_language(lang).scripts]
    return tuple(sorted(langs, key=lambda lang: get_language(lang).scripts.index(script)))


def plausible_languages(word: str) -> list[str]:
    """Index languages a query word may belong to, judged from its letters.

    Cyrillic: Kazakh and Russian (only Kazakh with a Kazakh-only letter such as
    қ; ё ъ э prove nothing, Kazakh writes Russian loanwords as they are). Latin:
    English and Latin Kazakh (only Kazakh with a Kazakh Latin letter such as ä or
    ǵ). Always ``other`` last.
    """
    langs: list[str] = []
    for script, letters in word_scripts(word).items():
        writers = _writers(script)
        own = [lang for lang in writers if not get_language(lang).own_letters.isdisjoint(letters)]
        langs += [lang for lang in own or writers if lang not in langs]
    return langs + [OTHER]


def query_word_analyses(word: str) -> dict[str, tuple[str, ...]]:
    """Terms of a query word under every plausible language: ``{lang: terms}``."""
    return {lang: word_terms(word, lang) for lang in plausible_languages(word)}


def query_word_terms(word: str) -> dict[str, tuple[str, ...]]:
    """Terms of a query word in every index language whose fields may hold it.

    The plausible languages (``query_word_analyses``); for a number (1465, 1985-1991),
    which has no language of its own but is indexed among the words of its text's
    language, every analyzed language first; then each language whose text holds words of
    the word's script (Latin names inside Russian text are indexed in ``body_ru``).
    """
    analyses = query_word_analyses(word)
    if not any(ch.isalpha() for ch in word):
        analyses = {lang: word_terms(word, lang) for lang in ANALYZED_LANGS} | analyses
    scripts = word_scripts(word)
    for lang in INDEX_LANGS:
        if lang not in analyses and any(s in scripts for s in get_language(lang).hosted_scripts):
            analyses[lang] = word_terms(word, lang)
    return analyses


@cache
def stopwords() -> frozenset[str]:
    """The function words of every index language (normalized; cached: the registry does
    not change in a process)."""
    return frozenset().union(*(get_language(lang).stopwords for lang in INDEX_LANGS))


def is_stopword(word: str) -> bool:
    """Whether the (raw) word is a function word in any of the languages, or a lone letter
    (an initial such as Ш. in Ш. Уәлиханов: too common and too vague to rank by)."""
    form = normalize_word(word)
    return form in stopwords() or (len(form) == 1 and form.isalpha())


def is_function_word(analyses: dict[str, tuple[str, ...]]) -> bool:
    """Whether a query word's best term in one of its languages is a function word's lemma
    (Kazakh маған -> мен)."""
    return any(terms and get_language(lang).is_function_word(terms[0])
               for lang, terms in analyses.items())


@cache
def query_operators() -> dict[str, str]:
    """Operator word (as written, in capitals) -> "or", "and" or "not", from every index
    language's ``query_operators`` (cached: the registry does not change in a process)."""
    return {word: op for lang in INDEX_LANGS
            for op, words in get_language(lang).query_operators.items() for word in words}


@cache
def keyboard_conversions() -> dict[str, dict[str, str]]:
    """``"<typed>-><meant>"`` -> character table, for each language's ``mistyped_on`` layouts
    (cached: the registry does not change in a process).

    A layout maps a key (the character it types on the US English layout) to the character
    it types; keys it does not map type their US character. Plainer layouts come first (the
    fewest remapped keys: English, Russian, then Kazakh, which adds letters to Russian's
    number row), so a conversion that keeps the digits is tried before one that does not.
    """
    langs = sorted(INDEX_LANGS, key=lambda lang: len(get_language(lang).keyboard))
    tables: dict[str, dict[str, str]] = {}
    for typed in langs:
        typed_keys = get_language(typed).keyboard
        for meant in langs:
            meant_keys = get_language(meant).keyboard
            if typed not in get_language(meant).mistyped_on:
                continue
            pairs = ((typed_keys.get(k, k), meant_keys.get(k, k)) for k in {*typed_keys, *meant_keys})
            tables[f"{typed}->{meant}"] = {a: b for a, b in sorted(pairs) if a != b}
    return tables
