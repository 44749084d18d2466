"""Lexicon loading: hunspell verbs in -у become stems, inflected entries are filtered."""

import pytest
from muragat.analysis.lang.kk.lemmatizer import lemmas, lexicon
from muragat.analysis.lang.kk.lexicon import (
    PACKAGED_WORDLIST,
    read_hunspell,
    read_packaged,
    verb_stem_from_infinitive,
    word_list_files,
)


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
    assert lexicon().source == "core+hunspell (empty.dic)"
    assert lemmas("кітаптардың")[0] == "кітап"  # unknown stem, strong ending
    assert lemmas("келеді") == ["кел"]  # hand-written verb


@pytest.fixture
def env(monkeypatch):
    """Set ``MURAGAT_KK_HUNSPELL`` for one test and rebuild the lexicon around it."""
    from muragat.analysis.lang.kk.lemmatizer import clear_caches

    def set_to(value: str | None) -> None:
        if value is None:
            monkeypatch.delenv("MURAGAT_KK_HUNSPELL", raising=False)
        else:
            monkeypatch.setenv("MURAGAT_KK_HUNSPELL", value)
        clear_caches()

    yield set_to
    monkeypatch.undo()
    clear_caches()


def test_packaged_word_list_is_read_without_any_system_list(env):
    env("")  # "read no system word list": the packaged list alone
    assert word_list_files() == [PACKAGED_WORDLIST]
    lex = lexicon()
    assert lex.source == "core+packaged"
    # words only the packaged list has (not hand-written): a noun, and a verb in -у as a stem
    assert "кітапхана" in lex.nouns and "кітапхана" not in lex.core
    assert "жоспарла" in lex.verbs
    assert lemmas("кітапханаларымызда")[0] == "кітапхана"


def test_a_dic_path_replaces_the_packaged_list(env, tmp_path):
    dic = tmp_path / "mine.dic"
    dic.write_text("1\nсәлемдеме/ABb\n", encoding="utf-8")
    env(str(dic))
    assert word_list_files() == [dic]
    lex = lexicon()
    assert "сәлемдеме" in lex.nouns and "кітапхана" not in lex.nouns


def test_packaged_list_rows_and_notice():
    rows = read_packaged()
    assert len(rows) > 50_000
    words = dict(rows)
    assert words["кітап"] is False and words["жоспарлау"] is True
    assert all(w == w.lower() and "ё" not in w for w, _ in rows)
    notice = PACKAGED_WORDLIST.parent / "hunspell_kk.NOTICE.md"
    licence = PACKAGED_WORDLIST.parent / "hunspell_kk.MPL-1.1.txt"
    assert "Mozilla Public License" in notice.read_text(encoding="utf-8")
    assert "MOZILLA PUBLIC LICENSE" in licence.read_text(encoding="utf-8")
