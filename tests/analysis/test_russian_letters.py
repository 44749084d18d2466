"""The learned profile of Kazakh typed with Russian letters (analysis.langid.russian_letters)."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest
from muragat.analysis.langid import decide, model, russian_letters

# Sentences composed for these tests: the same Kazakh sentence with its own letters and
# retyped on a Russian keyboard.
KAZAKH = "Бүгін кітапханада жаңа кітаптардың көрмесі ашылады."
RETYPED = "Бугин китапханада жана китаптардын кормеси ашылады."
SCORED = (*model.CYRILLIC_LANGS, model.KAZAKH_RUSSIAN_LETTERS)


def test_the_shipped_profile_fits_the_installed_py3langid() -> None:
    nfeatures = model.base_identifier().nb_ptc.shape[0]
    column = russian_letters.load(nfeatures)
    assert column is not None and column.shape == (nfeatures,)
    # log probabilities of a distribution over the features (float16 rounding aside)
    assert float(np.exp(column.astype(np.float64)).sum()) == pytest.approx(1.0, abs=0.01)


def test_retyping_folds_the_kazakh_letters() -> None:
    assert russian_letters.retype(KAZAKH) == RETYPED.lower()


def test_the_column_reads_retyped_kazakh_better_than_py3langids_kazakh() -> None:
    retyped = model.scores(RETYPED.lower(), SCORED)
    assert retyped[model.KAZAKH_RUSSIAN_LETTERS] > retyped["kk"]
    assert retyped[model.KAZAKH_RUSSIAN_LETTERS] > max(retyped[lang] for lang in ("ky", "tt", "ru"))
    own = model.scores(KAZAKH.lower(), SCORED)
    assert own["kk"] > own[model.KAZAKH_RUSSIAN_LETTERS]


def test_the_detector_uses_the_column_for_russian_letters_only() -> None:
    words = decide._cyrillic_words(RETYPED)
    nb = model.scores(" ".join(words), SCORED)
    rows = decide.cyrillic_evidence(words)
    model_col = decide.FEATURES.index("model")
    kk = model.CYRILLIC_LANGS.index("kk")
    assert rows[kk][model_col] == pytest.approx(nb[model.KAZAKH_RUSSIAN_LETTERS])
    assert decide.detect(RETYPED) == "kk"
    # with a Kazakh letter the text is no longer typed with Russian letters only
    own_words = decide._cyrillic_words("Бугін китапханада жана китаптардын кормеси ашылады.")
    own_nb = model.scores(" ".join(own_words), SCORED)
    assert decide.cyrillic_evidence(own_words)[kk][model_col] == pytest.approx(own_nb["kk"])


def test_a_russian_word_is_not_read_as_retyped_kazakh() -> None:
    # no word that Kazakh knows and Russian does not: py3langid's Kazakh column stands
    words = ["контакты"]
    nb = model.scores("контакты", SCORED)
    kk = model.CYRILLIC_LANGS.index("kk")
    assert decide.cyrillic_evidence(words)[kk][decide.FEATURES.index("model")] == pytest.approx(nb["kk"])
    assert decide.detect("Контакты") == "ru"


def test_a_missing_or_foreign_profile_is_left_out_with_a_warning(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    nfeatures = model.base_identifier().nb_ptc.shape[0]
    try:
        monkeypatch.setattr(russian_letters, "PROFILE_PATH", tmp_path / "none.npz")
        russian_letters.load.cache_clear()
        with caplog.at_level(logging.WARNING):
            assert russian_letters.load(nfeatures) is None
        assert "no profile" in caplog.text
        other = tmp_path / "other.npz"
        np.savez_compressed(other, log_probs=np.zeros(10, dtype=np.float16),
                            py3langid=np.str_("0.0.1"))
        monkeypatch.setattr(russian_letters, "PROFILE_PATH", other)
        russian_letters.load.cache_clear()
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            assert russian_letters.load(nfeatures) is None
        assert "rebuild it" in caplog.text
    finally:
        russian_letters.load.cache_clear()


def test_learning_from_the_shared_sentences_gives_the_shipped_profile(
        shared_data: Path, tmp_path: Path) -> None:
    sentences = shared_data / "multilingual_docs" / "kk_kaznerd_news_sentences.jsonl.gz"
    if not sentences.is_file():
        pytest.skip(f"{sentences.name} is not in the shared data")
    out = tmp_path / "profile.npz"
    assert russian_letters.main([str(sentences), "--out", str(out)]) == 0
    with np.load(out) as rebuilt, np.load(russian_letters.PROFILE_PATH) as shipped:
        assert np.array_equal(rebuilt["log_probs"], shipped["log_probs"])
        assert str(rebuilt["py3langid"]) == str(shipped["py3langid"])


def test_training_counts_features_with_add_one_smoothing() -> None:
    identifier = model.base_identifier()
    column = russian_letters.train(["аа"], identifier)
    nfeatures = identifier.nb_ptc.shape[0]
    unseen = np.log(1.0) - np.log(column.size)  # no text at all: every feature alike
    assert russian_letters.train([], identifier) == pytest.approx(np.full(nfeatures, unseen))
    assert column.max() > column.min()  # the features of "аа" gained


def test_rebuilding_from_a_bad_file_says_why_and_writes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "profile.npz"
    assert russian_letters.main([str(tmp_path / "missing.jsonl.gz"), "--out", str(out)]) == 2
    assert "cannot read" in capsys.readouterr().err
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"doc_id": "a", "text": "бугин"}\nnot json\n', encoding="utf-8")
    assert russian_letters.main([str(broken), "--out", str(out)]) == 2
    assert "JSONDecodeError" in capsys.readouterr().err
    assert not list(tmp_path.glob("profile*"))


def test_rebuilding_writes_a_profile_the_loader_accepts(tmp_path: Path) -> None:
    # composed sentences; ids chosen so that some fall in the training half
    lines = [f'{{"doc_id": "s{i}", "text": "Бүгін кітапханада жаңа кітаптар {i}"}}' for i in range(8)]
    source = tmp_path / "sentences.jsonl"
    source.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    assert any(russian_letters.is_training_sentence(f"s{i}") for i in range(8))
    out = tmp_path / "profile.npz"
    assert russian_letters.main([str(source), "--out", str(out)]) == 0
    with np.load(out) as data:
        assert data["log_probs"].shape == (model.base_identifier().nb_ptc.shape[0],)
        assert str(data["py3langid"]) == russian_letters.py3langid_version()
