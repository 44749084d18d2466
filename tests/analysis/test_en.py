"""English index terms: simplemma lemmas plus the exception table."""

from __future__ import annotations

import pytest
from muragat.analysis.lang import word_terms
from muragat.analysis.lang.en import normalize, stopwords


def en(word: str) -> tuple[str, ...]:
    return word_terms(word, "en")


def test_regular_inflections():
    assert en("libraries")[0] == "library"
    assert en("opened")[0] == "open"
    assert en("running")[0] == "run"


def test_irregular_plural_and_past():
    assert en("children")[0] == "child"
    assert en("mice")[0] == "mouse"
    assert en("went")[0] == "go"


def test_changed_word_also_indexes_itself():
    assert en("readers") == ("reader", "readers")


def test_adjective_of_feeling_first():
    assert en("interested") == ("interested", "interest")


def test_hyphenated_spelling_first():
    assert en("e-mail") == ("e-mail", "email")


def test_irregular_past_the_dictionary_keeps():
    assert en("left")[0] == "leave"
    assert en("thought")[0] == "think"


def test_object_pronouns():
    assert en("me") == ("i",)
    assert en("them") == ("they",)
    assert set(en("us")) == {"we", "us"}


def test_clitics_alone():
    assert en("n't") == ("not",)
    assert en("'m") == ("be",)
    assert en("'s")[0] == "be"


def test_contractions_in_one_word():
    assert en("don't") == ("do", "not")
    assert en("won't") == ("will", "not")
    assert en("can’t") == ("can", "not")  # typographic apostrophe
    assert en("we've") == ("we", "have")


def test_possessive_indexes_the_owner():
    assert en("library's") == ("library",)
    assert en("students'")[0] == "student"


def test_capitals_and_homoglyphs():
    assert en("LIBRARY") == en("library")
    assert en("librаry") == en("library")  # Cyrillic а


def test_normalize_strips_surrounding_punctuation():
    assert normalize('"Archive",') == "archive"


def test_stopwords():
    assert "the" in stopwords and "library" not in stopwords


@pytest.mark.parametrize("word, expected", [
    ("256,000", ["256000", "256,000"]),
    ("1,250,000.5", ["1250000.5", "1,250,000.5"]),
    ("12,34", ["12,34"]),  # not groups of three: as written
    ("1,2345", ["1,2345"]),
    ("2021", ["2021"]),
])
def test_numbers_grouped_by_commas_index_without_them_first(word, expected):
    assert list(en(word)) == expected


@pytest.mark.parametrize(("word", "first"), [("US", "us"), ("KM", "km"), ("CA", "ca"),
                                             ("NATO", "nato")])
def test_all_capital_word_is_an_abbreviation_first(word, first):
    """An all-capital word is taken as written first (US the country, not the pronoun)."""
    assert en(word)[0] == first


@pytest.mark.parametrize(("word", "lemma"), [("US", "we"), ("REDUCED", "reduce"),
                                             ("ARE", "be")])
def test_all_capital_word_keeps_its_lemmas(word, lemma):
    """A shouted word is still found by its lemma (a second term)."""
    assert lemma in en(word)


@pytest.mark.parametrize(("word", "first"), [("us", "we"), ("Us", "we"), ("I", "i"),
                                             ("reduced", "reduce")])
def test_other_casings_keep_the_lemma_first(word, first):
    assert en(word)[0] == first



@pytest.mark.parametrize(("word", "lemma"), [
    ("playing", "play"), ("growing", "grow"), ("thinking", "think"), ("singing", "sing"),
    ("developed", "develop"), ("fixed", "fix"), ("fixes", "fix"), ("mixed", "mix"),
    ("crosses", "cross"), ("thanked", "thank"), ("travelling", "travel"),
    ("cancelled", "cancel"), ("preferred", "prefer"), ("modelling", "model"),
])
def test_regular_forms_take_the_modern_verb_not_an_obsolete_spelling(word, lemma):
    # simplemma alone: playe, growe, thinke, singe, develope, fixe, fixe, mixe, crosse, thanke,
    # travell, cancell, preferr, modell
    assert en(word)[0] == lemma


@pytest.mark.parametrize(("word", "lemma"), [
    ("cared", "care"), ("caring", "care"), ("cares", "care"), ("hoped", "hope"),
    ("biting", "bite"), ("bathed", "bathe"), ("dined", "dine"), ("created", "create"),
    ("called", "call"), ("stopped", "stop"), ("passed", "pass"),
])
def test_verbs_in_e_keep_their_e_where_the_stem_is_another_word(word, lemma):
    # car, hop, bit, bath, din, creat are words (or stems) of their own: the -e verb stays
    assert en(word)[0] == lemma


def test_the_query_side_finds_the_forms_of_a_verb():
    # the same analysis both sides: "play" matches a document that says "playing"
    assert en("play")[0] in en("playing")
    assert en("develop")[0] in en("developed")
    assert en("travel")[0] in en("travelling")


def test_lexicon_table_verbs_first(tmp_path):
    import gzip

    from muragat.analysis.lang.en.dictionary import _read_lexicon

    path = tmp_path / "lemma_lu.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write("fixed,adj,fixed\nfixed,verb,fix\nbathed,verb,bathe/bath\n"
                "went,verb,go\nbroken line\nPlaying,verb,Play\n")
    assert _read_lexicon(path) == {"fixed": "fix/fixed", "bathed": "bathe/bath",
                                   "went": "go", "playing": "play"}


@pytest.mark.parametrize(("word", "first", "kept"), [
    ("unpaid", "unpaid", "unpay"), ("midwives", "midwife", "midwives"),
    ("kudos", "kudos", "kudo"), ("spade", "spade", "spay"),
])
def test_a_lemma_the_lexicon_does_not_give_goes_after_the_lexicons(word, first, kept):
    # simplemma: unpay, midwive, kudo, spay; the lexicon knows the word and says otherwise
    terms = en(word)
    assert terms[0] == first and kept in terms


def test_adjectives_as_written_keep_their_order():
    # "involved" / "hidden" as written first (``STATE_ADJECTIVES`` and the dictionary's own
    # order): the lexicon does not reorder a word that already comes first
    assert en("involved")[0] == "involved"
