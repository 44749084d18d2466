"""segment(): headings, paragraphs and menu lines, and a language per segment on mixed pages."""

from __future__ import annotations

from muragat.analysis.detect import detect
from muragat.analysis.segment import Segment, segment

# A library page written for this test: Russian and Kazakh menus over an English
# report (hard-wrapped), then contacts.
MIXED_PAGE = """Главная
О библиотеке
Новости и события

Басты бет
Кітапхана туралы
Жаңалықтар мен оқиғалар

Annual report on the digitisation of rare books

In 2023 the regional library digitised more than two thousand rare books and
newspapers from its archive. Readers can now browse them online, and the
reading room offers guided tours every Saturday.

The project was supported by the city council and by volunteers from the
university, who catalogued the scans and wrote short descriptions.

t +7 (7232) 26-13-33
e info@library.example
"""


def _texts(text: str, segments: list[Segment]) -> list[str]:
    return [text[s.start : s.end] for s in segments]


def test_mixed_page_gets_a_language_per_segment() -> None:
    segments = segment(MIXED_PAGE)
    found = [(detect(t), s.kind) for t, s in zip(_texts(MIXED_PAGE, segments), segments, strict=True)]
    assert found == [
        ("ru", "line"),
        ("ru", "line"),
        ("ru", "line"),
        ("kk", "line"),
        ("kk", "line"),
        ("kk", "line"),
        ("en", "heading"),
        ("en", "paragraph"),
        ("en", "paragraph"),
        ("other", "line"),  # contacts: a phone number and a mail address are no language
        ("other", "line"),
    ]
    assert {detect(t) for t in _texts(MIXED_PAGE, segments)} - {"other"} == {"ru", "kk", "en"}


def test_segments_are_trimmed_spans_of_the_text() -> None:
    segments = segment(MIXED_PAGE)
    texts = _texts(MIXED_PAGE, segments)
    assert texts[0] == "Главная"
    assert texts[6] == "Annual report on the digitisation of rare books"
    assert all(t and t == t.strip() for t in texts)
    assert [s.start for s in segments] == sorted(s.start for s in segments)


def test_hard_wrapped_paragraph_stays_whole() -> None:
    texts = _texts(MIXED_PAGE, segment(MIXED_PAGE))
    report = texts[7]
    assert report.startswith("In 2023") and report.endswith("every Saturday.")
    assert report.count("\n") == 2


def test_line_ending_in_a_comma_continues() -> None:
    text = "Кездесуге ақындар, мұғалімдер,\nстуденттер мен ата-аналар қатысты."
    (only,) = segment(text)
    assert (only.start, only.end, only.kind) == (0, len(text), "paragraph")


def test_short_lines_starting_in_lowercase_are_separate_items() -> None:
    text = "t +7 (7232) 26-13-33\np +7 (7232) 60-90-87\ne info@library.example"
    assert [s.kind for s in segment(text)] == ["line", "line", "line"]


def test_single_short_line_is_a_heading_unless_it_is_a_sentence() -> None:
    assert segment("Шығыс өңірінің тарихы")[0].kind == "heading"
    assert segment("Кітапхана сенбі күні жұмыс істейді.")[0].kind == "paragraph"


def test_heading_above_a_paragraph() -> None:
    text = "Жаңа көрме\n" + "Кітапханада жас оқырмандарға арналған жаңа кітаптар көрмесі ашылды. " * 2
    kinds = [s.kind for s in segment(text)]
    assert kinds == ["heading", "paragraph"]


def test_crlf_and_form_feed() -> None:
    text = "Новости\r\nКонтакты\r\n\r\nThe library is closed on Monday.\fNext page"
    texts = _texts(text, segment(text))
    assert texts == ["Новости", "Контакты", "The library is closed on Monday.", "Next page"]


def test_empty_and_blank_texts() -> None:
    assert segment("") == []
    assert segment(" \n\n \t\n") == []
