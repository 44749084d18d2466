"""One test per lemmatizer rule, with words chosen for the case."""

from muragat.analysis.lang.kk import add_attested_words, normalize, terms
from muragat.analysis.lang.kk.lemmatizer import lemmas


def first(word: str) -> str:
    return terms(normalize(word))[0]


def test_noun_paradigm_in_order(kk_lexicon):
    assert first("кітапханаларымызда") == "кітапхана"
    assert first("кітапханасының") == "кітапхана"
    assert first("кітапханаға") == "кітапхана"


def test_plural_after_voiceless_consonant(kk_lexicon):
    assert first("мектептер") == "мектеп"


def test_case_after_possessive(kk_lexicon):
    assert first("баласына") == "бала" and first("үйінде") == "үй"


def test_attributive_after_locative(kk_lexicon):
    assert first("қаладағы") == "қала"


def test_case_ending_on_known_stem_beats_a_listed_form(kk_lexicon):
    assert first("жерде") == "жер"


def test_stem_repair_b_to_p(kk_lexicon):
    assert first("кітабы") == "кітап"


def test_stem_repair_g_to_k_and_gh_to_q(kk_lexicon):
    assert first("жүрегі") == "жүрек" and first("құлағын") == "құлақ"


def test_vowel_elision_restored_for_closed_list(kk_lexicon):
    assert first("аузы") == "ауыз" and first("халқы") == "халық" and first("орны") == "орын"


def test_verb_present_third_person_gives_bare_stem(kk_lexicon):
    assert first("қолдайды") == "қолда" and first("келеді") == "кел"


def test_verb_glide_i_stem(kk_lexicon):
    assert first("оқиды") == "оқы" and first("жасай") == "жаса"


def test_verb_past_and_person(kk_lexicon):
    assert first("келдік") == "кел" and first("жаздым") == "жаз"


def test_negation_stripped(kk_lexicon):
    assert first("келмейді") == "кел" and first("айтпады") == "айт"


def test_participle_with_case(kk_lexicon):
    assert first("келгенде") == "кел" and first("білгенін") == "біл"


def test_passive_voice_stripped(kk_lexicon):
    assert first("табылады") == "тап" and first("жоспарланды") == "жоспарла"


def test_one_letter_suffix_only_when_stem_known_and_word_not(kk_lexicon):
    assert first("тары") == "тары"  # тар is known, but so is тары
    assert first("кітабы") == "кітап"


def test_stem_keeps_two_letters_and_a_vowel(no_hunspell):
    for word in ("ақта", "өрге", "ұлы"):
        for lemma in lemmas(word):
            assert len(lemma) >= 2 and any(ch in "аәеиоөұүыіуэюя" for ch in lemma)


def test_derivational_suffixes_kept(kk_lexicon):
    assert first("оқушылар") == "оқушы"
    assert first("достығы") == "достық"
    assert first("тиімділігі") == "тиімділік"
    assert first("маңызды") == "маңызды"


def test_unlisted_derived_word_kept(kk_lexicon):
    assert first("қалалық") == "қалалық"  # қала + -лық, not a verb form
    assert first("кітапсыз") == "кітапсыз"


def test_loanword_soft_sign(kk_lexicon):
    assert first("медальдар") == "медаль"


def test_loanword_double_consonant_restored(kk_lexicon):
    assert first("процесі") == "процесс"
    assert first("университеттің") == "университет"


def test_unknown_name_with_strong_ending(kk_lexicon):
    assert first("Медведевтің") == "медведев"


def test_female_surname_to_male(kk_lexicon):
    assert first("Сәтбаева") == "сәтбаев"


def test_ordinal_to_cardinal(kk_lexicon):
    assert first("үшінші") == "үш" and first("алтыншы") == "алты"
    assert first("бесіншіден") == "бес"


def test_hyphenated_number_takes_the_head(kk_lexicon):
    assert first("2021-жылы") == "2021"
    assert first("55-ші") == "55"
    assert first("36%-ы") == "36"


def test_abbreviation_with_hyphenated_case_ending(kk_lexicon):
    assert first("ҚР-ның") == "қр" and first("БҰҰ-ға") == "бұұ"


def test_hyphenated_compounds_kept(kk_lexicon):
    assert first("сондай-ақ") == "сондай-ақ"
    assert first("қарым-қатынасы") == "қарым-қатынас"


def test_at_most_two_terms(kk_lexicon):
    for word in ("арасында", "келді", "кітаптарымыз", "жылы", "алады"):
        assert 1 <= len(terms(normalize(word))) <= 2


def test_attested_stem_supports_one_letter_suffix(kk_lexicon):
    assert first("тұлпары") == "тұлпары"  # unknown stem: a lone -ы is not stripped
    assert add_attested_words(["тұлпар", "Тұлпар"]) == 1
    assert first("тұлпары") == "тұлпар"


def test_stray_hyphens_never_give_empty_terms(kk_lexicon):
    assert first("кітаптар-") == "кітап"
    assert terms(normalize("-")) == ["-"]
    for word in ("ҚР-ның-", "--", "5%-"):
        assert all(terms(normalize(word)))
