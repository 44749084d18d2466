"""The sentence windows of a document that the semantic layer embeds beside the whole passage."""

from __future__ import annotations

from muragat.analysis.embeddings import (
    MAX_WINDOWS,
    PASSAGE_CHARS,
    SENTENCE_CHARS,
    WINDOW_SENTENCES,
    WINDOW_STRIDE,
    passage_text,
    passage_windows,
)


def _body(n: int) -> str:
    return " ".join(f"Сөйлем нөмірі {i}." for i in range(n))


def test_a_short_body_is_one_window_the_whole_passage():
    for n in range(1, WINDOW_SENTENCES + 1):
        assert passage_windows("Тақырып", _body(n)) == [passage_text("Тақырып", _body(n))]


def test_windows_overlap_cover_the_end_and_carry_the_title():
    got = passage_windows("Title", _body(9))
    assert all(w.startswith("Title\n") for w in got)
    firsts = [w.split("\n", 1)[1].split(".")[0] for w in got]
    step = list(range(0, 9 - WINDOW_SENTENCES + 1, WINDOW_STRIDE))
    if step[-1] != 9 - WINDOW_SENTENCES:
        step.append(9 - WINDOW_SENTENCES)
    assert firsts == [f"Сөйлем нөмірі {i}" for i in step]
    assert got[-1].endswith("Сөйлем нөмірі 8.")  # the last sentence is in a window
    assert all(w.count(".") == WINDOW_SENTENCES for w in got)


def test_long_documents_stop_at_the_cap_and_windows_stay_one_model_window():
    got = passage_windows("", _body(500))
    assert len(got) == MAX_WINDOWS
    assert all(len(w) <= PASSAGE_CHARS for w in got)


def test_text_without_full_stops_is_cut_into_pieces():
    words = " ".join(f"сөз{i}" for i in range(1000))  # OCR text: no sentence ends
    got = passage_windows("", words)
    assert len(got) > 1
    assert all(len(w) <= WINDOW_SENTENCES * (SENTENCE_CHARS + 1) for w in got)
    assert "сөз0 " in got[0] and "сөз1 " in got[0]


def test_empty_and_repeated_bodies():
    assert passage_windows("Title", "") == []
    assert passage_windows("", "   ") == []
    assert len(passage_windows("", "Бір. " * 30)) == 1  # identical windows once


def test_question_marks_and_ellipses_end_sentences():
    got = passage_windows("", "Кім? Не… Қашан! Қайда. Неге?")
    assert len(got) == 2 and got[1].startswith("Қашан!")


def test_a_huge_body_reads_only_the_start_it_needs():
    huge = _body(400_000)  # ~8 MB: a scanned book's text
    got = passage_windows("", huge)
    assert got == passage_windows("", _body(50))  # the same windows as its start's
    assert len(got) == MAX_WINDOWS
