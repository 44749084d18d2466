"""Files with stray characters are indexed, not failed (issue 14): a NUL in otherwise
valid UTF-8, control characters, noncharacters, and a word pymorphy3 cannot analyze."""

from __future__ import annotations

from indexer_test_helpers import ids_with_word, stored_docs, write
from muragat.indexer import index_paths

RU = ("Областная библиотека открыла выставку редких книг. Читатели увидели рукописи "
      "девятнадцатого века и старые карты города.\n")
TANGUT_WORD = "abc\U00017000"


def test_a_nul_in_utf8_text_is_dropped_not_the_file(archive, index_dir):
    text = RU * 30
    write(archive, "lib/nul.txt", (text[:200] + "\x00" + text[200:]).encode("utf-8"))
    write(archive, "lib/controls.txt", "Кітапхана\x07оқырмандары\x1b[1m жаңа\uffff кітаптар "
                                       "туралы\x00 білді.\n".encode())
    report = index_paths([archive], index_dir, jobs=1)
    assert not report.failed, report.failed
    docs = stored_docs(index_dir)
    body = docs["lib/nul.txt"]["body"]
    assert "\x00" not in body and "выставку" in body
    controls = docs["lib/controls.txt"]["body"]
    assert controls.strip() == "Кітапхана оқырмандары [1m жаңа кітаптар туралы білді."
    assert ids_with_word(index_dir, "оқырмандары") == {"lib/controls.txt"}


def test_a_russian_file_with_an_unnamed_letter_is_indexed(archive, index_dir):
    write(archive, "lib/tangut.txt", f"Выставка рукописей: слово {TANGUT_WORD} на полях книги.\n")
    report = index_paths([archive], index_dir, jobs=1)
    assert not report.failed, report.failed
    assert ids_with_word(index_dir, TANGUT_WORD) == {"lib/tangut.txt"}
    assert ids_with_word(index_dir, TANGUT_WORD, field="body_ru") == {"lib/tangut.txt"}
