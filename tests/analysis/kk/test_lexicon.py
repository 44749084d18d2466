"""Lexicon loading: hunspell verbs in -у become stems, inflected entries are filtered."""

from muragat.analysis.lang.kk.lemmatizer import lemmas, lexicon
from muragat.analysis.lang.kk.lexicon import read_hunspell, verb_stem_from_infinitive


def test_verb_in_u_becomes_bare_stem():
    assert verb_stem_from_infinitive("жасау") == ["жаса"]


def test_consonant_verb_may_hide_i_stem():
    assert verb_stem_from_infinitive("келу") == ["кел", "келі"]
    assert verb_stem_from_infinitive("оқу") == ["оқ", "оқы"]


def test_hunspell_flags_separate_nouns_and_verbs(kk_lexicon):
    nouns, verbs, _ = read_hunspell(kk_lexicon)
    assert "кітап" in nouns and "қолда" in verbs and "қолдау" not in nouns


def test_inflected_hunspell_entries_are_filtered(kk_lexicon):
    lex = lexicon()
    assert "кітап" in lex.nouns
    assert "кітабы" not in lex.nouns and "кітаптары" not in lex.nouns
    assert "маңызды" in lex.nouns  # a lone -ды may be the adjective suffix: kept


def test_entry_cut_inside_an_ending_is_dropped(kk_lexicon):
    assert "мектептерд" not in lexicon().nouns and "мектеп" in lexicon().nouns


def test_deverbal_noun_in_im_is_kept(kk_lexicon):
    assert "білім" in lexicon().nouns  # біл-ім looks like a 1sg possessive


def test_hand_listed_i_stem_replaces_consonant_stem(kk_lexicon):
    assert "оқы" in lexicon().verbs and "оқ" not in lexicon().verbs


def test_works_without_hunspell(no_hunspell):
    assert lexicon().source == "core"
    assert lemmas("кітаптардың")[0] == "кітап"  # unknown stem, strong ending
    assert lemmas("келеді") == ["кел"]  # hand-written verb
