"""The disk cache of loaded models: built once, rebuilt when an input changes, never an error."""

from __future__ import annotations

import os

import pytest
from muragat.analysis import model_cache
from muragat.analysis.model_cache import cache_dir, cached


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("MURAGAT_CACHE_DIR", str(folder))
    return folder


class Builder:
    def __init__(self, value):
        self.value = value
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return {"value": self.value, "set": {"кітап", "оқу"}}


def test_built_once_then_read(cache, tmp_path):
    src = tmp_path / "rules.txt"
    src.write_text("a")
    build = Builder(1)
    first = cached("demo", [src], build)
    second = cached("demo", [src], build)
    assert build.calls == 1
    assert first == second == {"value": 1, "set": {"кітап", "оқу"}}
    assert len(list(cache.glob("demo-*.pickle"))) == 1


def test_a_changed_input_builds_a_new_entry(cache, tmp_path):
    src = tmp_path / "rules.txt"
    src.write_text("a")
    cached("demo", [src], Builder(1))
    src.write_text("bb")  # another size (and time): another key
    os.utime(src, ns=(1, 1))
    build = Builder(2)
    assert cached("demo", [src], build)["value"] == 2
    assert build.calls == 1


def test_a_damaged_entry_is_rebuilt(cache, tmp_path):
    src = tmp_path / "rules.txt"
    src.write_text("a")
    cached("demo", [src], Builder(1))
    (entry,) = cache.glob("demo-*.pickle")
    entry.write_bytes(b"not a pickle")
    build = Builder(3)
    assert cached("demo", [src], build)["value"] == 3
    assert cached("demo", [src], Builder(4))["value"] == 3  # the repaired entry is read


def test_turned_off(monkeypatch, tmp_path):
    monkeypatch.setenv("MURAGAT_CACHE_DIR", "off")
    assert cache_dir() is None
    build = Builder(5)
    cached("demo", [], build)
    cached("demo", [], build)
    assert build.calls == 2


def test_unwritable_cache_still_answers(monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("MURAGAT_CACHE_DIR", str(blocker / "sub"))  # a path under a file
    assert cached("demo", [], Builder(6))["value"] == 6


def test_default_location_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("MURAGAT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert model_cache.cache_dir() == tmp_path / "muragat"


def test_cached_models_analyze_as_built_ones(cache):
    """The Kazakh lexicon and the language-ID model give the same answers from the cache."""
    from muragat.analysis.lang.kk import wordlist
    from muragat.analysis.langid import model

    def fresh():
        wordlist.lexicon.cache_clear()
        model.identifier.cache_clear()
        return (wordlist.lexicon().nouns, model.scores("Кітапхана оқырмандарға", ("kk", "ru")))

    try:
        built = fresh()  # builds and writes the entries
        names = [p.name for p in cache.glob("*.pickle")]
        assert any(n.startswith("kk-lexicon-") for n in names) and any(n.startswith("langid-") for n in names)
        from_cache = fresh()
        assert from_cache == built
    finally:
        wordlist.lexicon.cache_clear()
        model.identifier.cache_clear()


def test_english_dictionary_from_the_cache_is_simplemmas(cache):
    """The English dictionary simplemma serves after ``dictionary.simplemma()`` is its own."""
    from muragat.analysis.lang.en.dictionary import simplemma
    from simplemma.strategies.dictionaries import dictionary_factory as df

    module = simplemma()
    served = df.DEFAULT_DICTIONARY_FACTORY.get_dictionary("en")
    fresh = df._load_dictionary_from_disk("en")
    assert len(served) == len(fresh) > 100_000
    for word in ("libraries", "exhibitions", "went", "readers", "archived", "better"):
        expected = fresh.get(word.encode())
        assert served.get(word) == (expected.decode() if expected else None)
    assert module.lemmatize("libraries", lang="en") == "library"
    assert module.is_known("exhibition", lang="en")
