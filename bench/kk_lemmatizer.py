"""Kazakh lemmatizer speed: distinct words per second, uncached, against baselines in the same run.

Words: the distinct words of the shared KazNERD Kazakh news sentences (``multilingual_docs``),
or, when the shared data is absent, forms generated from a few stems and endings. Every word
is analyzed once (no per-word cache: ``lemmas`` is called directly, not ``word_terms``).
Speed is distinct words per CPU second (best of three passes; each pass analyzes every word
from scratch). Baselines measured in the same run: the word unchanged (normalization only) and a simple
longest-ending stripper. Target: >= 30,000 distinct words/s.

    python -m bench.kk_lemmatizer [--limit N] [--json FILE]
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections.abc import Callable

from bench.common import peak_rss_mb, print_table, write_json

TARGET_WORDS_PER_S = 30_000

_GENERATED_STEMS = ("кітап", "бала", "мектеп", "жыл", "күн", "үй", "қала", "адам", "сөз", "ел")
_GENERATED_ENDINGS = ("", "тар", "лар", "дар", "тың", "ның", "ға", "ге", "да", "де", "дан",
                      "ымыз", "ымызда", "сы", "сының", "мен", "ларымыздың", "дағы")
_SIMPLE_ENDINGS = sorted({"лар", "лер", "дар", "дер", "тар", "тер", "ның", "нің", "дың", "дің",
                          "тың", "тің", "ға", "ге", "қа", "ке", "да", "де", "та", "те", "дан",
                          "ден", "тан", "тен", "ны", "ні", "ды", "ді", "ты", "ті", "мен",
                          "сы", "сі"}, key=len, reverse=True)


def corpus_words(limit: int) -> tuple[list[str], str]:
    """Distinct raw words of the shared Kazakh news, or generated forms (and the source name)."""
    from muragat.analysis.tokenize import word_spans

    from muragat.settings import shared_data_dir

    shared = shared_data_dir()
    path = shared / "multilingual_docs" / "kk_kaznerd_news_sentences.jsonl.gz" if shared else None
    words: dict[str, None] = {}
    if path is not None and path.is_file():
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                for word, _s, _e in word_spans(json.loads(line)["text"]):
                    words.setdefault(word)
                if len(words) >= limit:
                    break
        return list(words)[:limit], path.name
    for stem in _GENERATED_STEMS:
        for ending in _GENERATED_ENDINGS:
            words.setdefault(stem + ending)
    return list(words), "generated forms"


def simple_stripper(word: str) -> str:
    """Baseline: strip the longest listed ending, keeping at least three letters."""
    for ending in _SIMPLE_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def _rate(fn: Callable[[str], object], words: list[str], repeat: int = 3) -> float:
    """Words per CPU second of this process (best of ``repeat`` passes: robust to other load).

    The lemmatizer's per-stem cache is cleared before each pass, so nothing is reused.
    """
    from muragat.analysis.lang.kk.chains import stem_context

    best = float("inf")
    for _ in range(repeat):
        stem_context.cache_clear()
        start = time.process_time()
        for w in words:
            fn(w)
        best = min(best, time.process_time() - start)
    return len(words) / best if best else float("inf")


def run(limit: int) -> dict:
    """Measure and return the figures."""
    from muragat.analysis.lang.kk import normalize
    from muragat.analysis.lang.kk.lemmatizer import lemmas, lexicon

    raw, source = corpus_words(limit)
    t0 = time.perf_counter()
    lex = lexicon()
    load_s = time.perf_counter() - t0
    normalized = list(dict.fromkeys(normalize(w) for w in raw))
    lemmas(normalized[0])  # builds the suffix index once
    rows = [
        {"method": "word unchanged (baseline)", "words_per_s": _rate(lambda w: w, normalized)},
        {"method": "simple stripper (baseline)", "words_per_s": _rate(simple_stripper, normalized)},
        {"method": "kk lemmatizer, uncached", "words_per_s": _rate(lemmas, normalized)},
    ]
    for row in rows:
        row["distinct_words"] = len(normalized)
    return {"source": source, "lexicon": lex.source, "lexicon_load_s": round(load_s, 2),
            "target_words_per_s": TARGET_WORDS_PER_S, "rows": rows,
            "meets_target": rows[-1]["words_per_s"] >= TARGET_WORDS_PER_S,
            "peak_rss_mb": round(peak_rss_mb(), 1)}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table (and JSON with ``--json``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=60_000, help="distinct words to analyze")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    result = run(args.limit)
    print_table(result["rows"], f"kk lemmatizer on {result['source']} ({result['lexicon']}, "
                                f"lexicon loaded in {result['lexicon_load_s']} s)")
    print(f"target >= {TARGET_WORDS_PER_S:,} words/s: "
          f"{'met' if result['meets_target'] else 'NOT met'}; peak RSS {result['peak_rss_mb']} MB")
    if args.json:
        write_json(args.json, result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
