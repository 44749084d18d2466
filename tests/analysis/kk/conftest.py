"""Fixtures for the Kazakh tests: a small hunspell-style word list written at test time."""

from __future__ import annotations

import pytest

# Nominal entries (hunspell-kk gives nouns the flags A..L) and verbs in -у (flags M..Z),
# plus inflected entries the lexicon must filter out or outrank (кітабы, кітаптары, жерде) and
# an entry cut inside an ending (мектептерд).
NOUNS = ("кітап", "кітапхана", "бала", "тары", "тар", "жүрек", "құлақ", "ауыз", "халық",
         "орын", "медаль", "процесс", "университет", "оқушы", "тиімділік", "тиімді", "ара",
         "қазақстан", "ел", "адам", "жыл", "күн", "мектеп", "сөз", "үй", "жер", "қала",
         "сондай", "қатынас", "қарым", "ақ", "кітабы", "кітаптары", "маңызды", "маңыз",
         "жерде", "мектептерд", "білім", "достық", "дос")
VERBS = ("қолдау", "табу", "жоспарлау", "келу", "оқу", "жасау", "білу", "жазу", "айту")


@pytest.fixture
def kk_lexicon(tmp_path, monkeypatch):
    """Point the Kazakh lexicon at a small word list (and restore the real one afterwards)."""
    from muragat.analysis.lang.kk.lemmatizer import clear_caches

    dic = tmp_path / "kk_test.dic"
    lines = [f"{w}/ABbCcDdEeFfGgHhIiJjKkLl" for w in NOUNS]
    lines += [f"{w}/MmNnOoPpQqRrSsTtUuVvWwXxYyZz" for w in VERBS]
    dic.write_text(f"{len(lines)}\n" + "\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("MURAGAT_KK_HUNSPELL", str(dic))
    clear_caches()
    yield dic
    monkeypatch.undo()
    clear_caches()


@pytest.fixture
def no_hunspell(tmp_path, monkeypatch):
    """Run the lexicon with the hand-written words only (an empty word list instead of the
    packaged and system ones)."""
    from muragat.analysis.lang.kk.lemmatizer import clear_caches

    empty = tmp_path / "empty.dic"
    empty.write_text("0\n", encoding="utf-8")
    monkeypatch.setenv("MURAGAT_KK_HUNSPELL", str(empty))
    clear_caches()
    yield
    monkeypatch.undo()
    clear_caches()
