"""Russian and English lemma targets on the shared UD gold (skipped without ../shared/data).

Targets (issue 2): first term = gold lemma / gold lemma among the terms, at most
2.0 terms per word on average.
"""

from __future__ import annotations

import pytest

from muragat.evaluation.lemmas import evaluate_lemmas

TARGETS = [
    # file, lang, first >=, any >=
    ("ru_gsd-ud-test.shared.conllu", "ru", 0.95, 0.98),
    ("ru_taiga-ud-test.shared.conllu", "ru", 0.94, 0.97),
    ("en_ewt-ud-test.shared.conllu", "en", 0.97, 0.98),
]


@pytest.mark.shared
@pytest.mark.parametrize(("name", "lang", "first", "any_"), TARGETS)
def test_lemma_targets(shared_data, name, lang, first, any_):
    path = shared_data / "ud_lemma_gold" / name
    if not path.is_file():
        pytest.skip(f"{name} is not in the shared data")
    rates = evaluate_lemmas([path], lang).all.rates()
    assert rates["tokens"] > 1000
    assert rates["first"] >= first, rates
    assert rates["any"] >= any_, rates
    assert rates["terms_per_word"] <= 2.0, rates
