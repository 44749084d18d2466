"""Hand-written tables: pronouns, copula, postpositions, particles."""

from muragat.analysis.lang.kk import normalize, terms


def lemma_of(word: str) -> list[str]:
    return terms(normalize(word))


def test_personal_pronouns_are_suppletive(kk_lexicon):
    assert lemma_of("маған")[0] == "мен" and lemma_of("саған")[0] == "сен"
    assert lemma_of("оның")[0] == "ол" and lemma_of("бізге")[0] == "біз"


def test_demonstratives_alternate_with_mu(kk_lexicon):
    assert lemma_of("мұнда")[0] == "бұл" and lemma_of("мұның")[0] == "бұл"
    assert lemma_of("соған")[0] == "сол"


def test_copula_forms_map_to_e(kk_lexicon):
    for form in ("еді", "екен", "емес", "едік", "екенін"):
        assert lemma_of(form) == ["е"]


def test_postposition_kept_whole(kk_lexicon):
    assert lemma_of("бойынша") == ["бойынша"] and lemma_of("туралы") == ["туралы"]


def test_noun_postposition_gives_noun_and_frozen_form(kk_lexicon):
    assert lemma_of("арасында") == ["ара", "арасында"]


def test_particle_de_te_maps_to_da(kk_lexicon):
    assert lemma_of("де") == ["да"] and lemma_of("те") == ["да"]
    assert lemma_of("бе") == ["ма"]


def test_auxiliary_present_and_contracted_converbs(kk_lexicon):
    assert lemma_of("жатыр") == ["жат"] and lemma_of("жатырмыз") == ["жат"]
    assert lemma_of("боп") == ["бол"] and lemma_of("ғып") == ["қыл"]


def test_copula_ending_written_apart(kk_lexicon):
    assert lemma_of("пін") == ["е"]


def test_stopwords_are_function_words_only():
    from muragat.analysis.lang.kk import stopwords

    assert {"және", "да", "үшін", "еді"} <= stopwords
    # Content words stay out, the modal керек too. (бар "there is" is in since issue 15 made
    # the query side's list, which has it as the predicate of existential questions, this one.)
    assert not {"кітап", "керек", "мұражай", "теңіз"} & stopwords
