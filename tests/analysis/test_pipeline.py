"""The whole analysis of a document and of a query word."""

from __future__ import annotations

import pickle

import pytest
from muragat.analysis import segment_langs
from muragat.analysis.document import DocumentAnalysis, Term
from muragat.analysis.pipeline import (
    SEGMENT_GAP,
    analyze_document,
    cache_stats,
    clear_caches,
    exact_terms,
)
from muragat.analysis.query import plausible_languages, query_word_analyses
from muragat.analysis.segment_langs import hint_agrees, letters_allow
from muragat.analysis.words import analyze_word

MIXED_PAGE = """Главная
Басты бет
Home

Областная библиотека открыла выставку редких книг. Читатели пришли рано утром.

Облыстық кітапхана сирек кітаптар көрмесін ашты. Оқырмандар ерте келді.

The regional library opened an exhibition of rare books for its readers."""


@pytest.fixture(scope="module")
def mixed() -> DocumentAnalysis:
    return analyze_document(MIXED_PAGE)


def texts(terms: list[Term]) -> list[str]:
    return [t.text for t in terms]


def test_each_paragraph_gets_its_language(mixed):
    paragraphs = [s.lang for s in mixed.segments if s.kind == "paragraph"]
    assert paragraphs == ["ru", "kk", "en"]
    assert set(mixed.langs) >= {"ru", "kk", "en"}


def test_lemmas_go_to_the_field_of_their_language(mixed):
    assert "библиотека" in texts(mixed.terms["ru"])
    assert "кітапхана" in texts(mixed.terms["kk"])
    assert "library" in texts(mixed.terms["en"])
    assert "библиотека" not in texts(mixed.terms["en"])


def test_offsets_point_at_the_word(mixed):
    for lang_terms in mixed.terms.values():
        for term in lang_terms:
            assert MIXED_PAGE[term.start : term.end].strip()
    first_ru = next(t for t in mixed.terms["ru"] if t.text == "библиотека")
    assert MIXED_PAGE[first_ru.start : first_ru.end] == "библиотека"


def test_exact_terms_are_normalized_surface_forms(mixed):
    assert "библиотека" in texts(mixed.exact)
    assert "кітаптар" in texts(mixed.exact)
    assert "opened" in texts(mixed.exact)


def test_positions_increase_and_segments_are_apart(mixed):
    positions = [t.pos for t in mixed.exact]
    assert positions == sorted(positions)
    gaps = [b - a for a, b in zip(positions, positions[1:], strict=False)]
    assert max(gaps) == SEGMENT_GAP + 1


def test_ambiguous_word_terms_share_the_position():
    doc = analyze_document("Его вина доказана судом полностью и окончательно.", "ru")
    at = {t.text: t.pos for t in doc.terms["ru"]}
    assert at["вина"] == at["вино"]


def test_kazakh_words_get_fold_terms(mixed):
    assert "китапхана" in texts(mixed.fold)
    assert "library" not in texts(mixed.fold)


def test_hint_used_when_the_text_cannot_decide():
    doc = analyze_document("12345 678", lang_hint="kk")
    assert doc.primary == "kk"


def test_hint_confirmed_by_letters_only():
    assert hint_agrees("Кітапхана жаңа кітаптар алды", "kk")
    assert not hint_agrees("Библиотека получила новые книги", "kk")
    assert hint_agrees("Библиотека получила новые книги", "ru")
    assert not hint_agrees("Бібліотека отримала нові книжки", "ru")  # Ukrainian і
    assert not hint_agrees("Бібліотека отримала нові книжки, її", "kk")  # Ukrainian ї
    assert not hint_agrees("Китепханә яңа китаплар алды", "kk")  # Tatar: ә ң, no қ ұ і ғ
    assert hint_agrees("The library got new books", "en")
    assert not hint_agrees("Библиотека", "en")


def test_document_language_is_used_for_agreeing_paragraphs_only():
    text = ("Библиотека получила новые книги и журналы.\n\n"
            "Читатели пришли в читальный зал рано утром.\n\n"
            "The library also received new English books.")
    doc = analyze_document(text)
    assert [s.lang for s in doc.segments] == ["ru", "ru", "en"]


def test_metadata_hint_does_not_hide_another_language():
    doc = analyze_document("Кітапхана жаңа кітаптар алды және оқырмандарға ұсынды.", "ru")
    assert doc.segments[0].lang == "kk"


def test_empty_text():
    doc = analyze_document("", None)
    assert doc.segments == [] and doc.primary == "other" and doc.exact == []


def test_word_cache_is_reused():
    clear_caches()
    analyze_word("кітапхана", "kk")
    first = analyze_word("кітапхана", "kk")
    assert analyze_word("кітапхана", "kk") is first
    assert cache_stats()["words_cached"] == 1


def test_word_of_a_language_without_index_field_counts_as_other():
    assert analyze_word("Бібліотека", "uk") is analyze_word("Бібліотека", "other")
    assert analyze_word("Бібліотека", "uk").terms == ("бібліотека",)


def test_document_analysis_pickles(mixed):
    # Worker processes send analyses back to the indexer.
    again = pickle.loads(pickle.dumps(mixed))
    assert again.terms == mixed.terms and again.fold == mixed.fold


def test_exact_terms_of_a_query():
    assert texts(exact_terms("Ёлка и пpивет")) == ["елка", "и", "привет"]


def test_plausible_languages_from_letters():
    assert plausible_languages("кітап") == ["kk", "other"]
    assert plausible_languages("книга") == ["kk", "ru", "other"]
    assert plausible_languages("book") == ["en", "kk", "other"]
    assert plausible_languages("kitaptar") == ["en", "kk", "other"]
    assert plausible_languages("ǵylym") == ["kk", "other"]
    assert plausible_languages("2021") == ["other"]


def test_query_word_analyses_per_language():
    analyses = query_word_analyses("книги")
    assert analyses["ru"][0] == "книга"
    assert set(analyses) == {"kk", "ru", "other"}
    assert query_word_analyses("libraries")["en"][0] == "library"


@pytest.mark.parametrize(("hint", "neighbour", "text"), [
    ("kk", "ky", "Кеше кала китапханасында акындардын кездесуи болды. Окырмандар олен окыды."),
    ("kk", "tt", "Балалар китапханасында жана китаптардын корсетилими отеди, бари келиндер."),
    ("ru", "uk", "Вчера в городской библиотеке прошла встреча читателей с поэтами района."),
])
def test_metadata_language_beats_a_close_neighbour_of_the_detector(monkeypatch, hint, neighbour, text):
    clear_caches()
    monkeypatch.setattr(segment_langs, "detect", lambda chunk: neighbour)
    doc = analyze_document(text + "\n\n" + text.upper(), hint)
    assert doc.primary == hint and {s.lang for s in doc.segments} == {hint}
    assert doc.terms[hint]
    assert analyze_document(text, "en").primary == neighbour  # only a neighbour is overridden
    clear_caches()


def test_letters_of_the_neighbour_keep_the_detected_language(monkeypatch):
    clear_caches()
    monkeypatch.setattr(segment_langs, "detect", lambda chunk: "uk")
    assert analyze_document("Бібліотека отримала нові книжки для читачів.", "ru").primary == "uk"
    monkeypatch.setattr(segment_langs, "detect", lambda chunk: "tt")
    assert analyze_document("Китепханәгә җыелдылар укучылар.", "kk").primary == "tt"
    clear_caches()


def test_kazakh_typed_with_russian_letters_and_a_kk_hint_is_kazakh():
    text = ("Курметти окырмандар! Кала китапханасында жана китаптардын корсетилими отеди.\n\n"
            "Корсетилимге келген окырмандар китаптарды абонементтен ала алады.")
    doc = analyze_document(text, "kk")
    assert doc.primary == "kk" and all(s.lang == "kk" for s in doc.segments)


def test_a_short_title_takes_the_preferred_language_its_letters_allow():
    # No letter Russian lacks, but above a Kazakh article: Kazakh.
    title = analyze_document("Антициклон", "kk", prefer="kk")
    assert title.primary == "kk" and title.terms["kk"] and not title.terms["ru"]
    # A Russian sentence-long title on a Kazakh page is still detected as Russian.
    long_title = analyze_document("Библиотека провела большую конференцию для молодых читателей",
                                  "kk", prefer="kk")
    assert long_title.primary == "ru"
    # Kazakh letters rule Russian out: the preference does not apply.
    kazakh = analyze_document("Қазақ әдебиеті", "ru", prefer="ru")
    assert kazakh.primary == "kk"
    assert letters_allow("Антициклон", "kk") and letters_allow("Антициклон", "ru")
    assert not letters_allow("Қазақ", "ru") and not letters_allow("Їжак", "kk")
    assert not letters_allow("Library", "kk") and letters_allow("Library", "en")
