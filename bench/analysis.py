"""Benchmark: the whole analysis (segment + detect + normalize + lemmatize) per core.

Analyzers are loaded first (``prepare_worker``, as indexer workers do). Runs, in
one process and on the same documents (``multilingual_docs``, every file,
the ``.gz`` too):

* ``tokenize+lower``: tokenize and lowercase only (the floor any analysis pays);
* ``uncached <lang>``: each distinct word of the documents of one language
  analyzed once without the per-word cache (what the cache saves: pymorphy3
  parses ~8-9k words/s);
* ``analyze cold``: ``analyze_document`` on every document (with its metadata
  language as the hint, as the indexer passes it), caches empty at start (the
  pipeline's, the normalizer's and the language detector's);
* ``analyze warm``: the same again with the word caches filled (segment cache emptied);
* ``cold, no lang hint``: cold again without metadata: every segment goes
  through the language detector.

Times are CPU seconds of this process (``time.process_time``: "per core", and
stable when other work shares the machine). MB are megabytes of UTF-8 text
(Cyrillic letters take two bytes). The target is >= 1 MB/s per core for
``analyze cold``.

With ``--lemma-choices`` it also scores the alternatives behind the ru/en choices
on the UD gold (first / any / terms per word, and uncached words/s): pymorphy3's
first normal form, all its normal forms, Muragat's Russian terms; simplemma,
Snowball, Muragat's English terms.

    python -m bench.analysis [--json FILE] [--limit N] [--sample N] [--repeat N]
                             [--lemma-choices]
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

from bench.common import peak_rss_mb, print_table, write_json


def load_texts(folder: Path, limit: int | None = None) -> list[tuple[str, str | None]]:
    """``(text, lang)`` of every document in ``folder`` (JSON Lines, optionally gzipped)."""
    docs: list[tuple[str, str | None]] = []
    for path in sorted(folder.iterdir()):
        if path.name.endswith(".jsonl.gz"):
            lines = gzip.open(path, "rt", encoding="utf-8")
        elif path.name.endswith(".jsonl"):
            lines = path.open(encoding="utf-8")
        else:
            continue
        with lines:
            for line in lines:
                if line.strip():
                    rec = json.loads(line)
                    text = "\n\n".join(t for t in (rec.get("title"), rec.get("text")) if t)
                    docs.append((text, rec.get("lang")))
    return docs[:limit] if limit else docs


def _clear_caches() -> None:
    from muragat.analysis import normalize
    from muragat.analysis.lang import word_terms
    from muragat.analysis.pipeline import clear_caches

    word_terms.cache_clear()
    normalize.normalize_word.cache_clear()
    normalize.normalize_word_keeping_yo.cache_clear()
    clear_caches(detection=True)  # the detector's text and word caches too


def _row(name: str, seconds: float, nbytes: int, words: int, **extra) -> dict:
    return {"run": name, "CPU s": round(seconds, 3), "MB/s": nbytes / 1e6 / seconds,
            "words/s": int(words / seconds), **extra}


def run_bench(docs: list[tuple[str, str | None]], sample: int, repeat: int = 3) -> list[dict]:
    """Measure every run on ``docs`` (best of ``repeat`` for the analyze runs); one row each."""
    from muragat.analysis.lang import word_terms
    from muragat.analysis.normalize import normalize_text
    from muragat.analysis.pipeline import _analyze_short_segment, analyze_document, cache_stats
    from muragat.analysis.tokenize import tokenize
    from muragat.analysis.worker import prepare_worker

    texts = [(normalize_text(t), lang) for t, lang in docs]
    nbytes = sum(len(t.encode("utf-8")) for t, _ in texts)
    rows = []

    t0 = time.process_time()
    words = 0
    for text, _ in texts:
        for tok in tokenize(text):
            tok.text.lower()
            words += 1
    rows.append(_row("tokenize+lower", time.process_time() - t0, nbytes, words))

    prepare_worker()  # load pymorphy3, simplemma, lexicons outside the timings, as workers do
    # Uncached: each distinct word of a language analyzed once, from scratch (no cache).
    vocab: dict[str, set[str]] = {}
    for text, lang in texts:
        vocab.setdefault(lang or "other", set()).update(tok.text for tok in tokenize(text))
    analyze = word_terms.__wrapped__
    for lang, words_of_lang in sorted(vocab.items()):
        picked = sorted(words_of_lang)[:sample]
        t0 = time.process_time()
        for word in picked:
            analyze(word, lang)
        secs = time.process_time() - t0
        rows.append({"run": f"uncached {lang} ({len(picked):,} words)", "CPU s": round(secs, 3),
                     "MB/s": "", "words/s": int(len(picked) / secs)})
    for row in rows:
        row.update({"word hit rate": "", "segment hit rate": ""})

    runs = (("analyze cold", True, True), ("analyze warm", False, True),
            ("cold, no lang hint", True, False))
    for name, cold, hints in runs:
        best = None
        for _ in range(repeat):  # best of N: other work on the machine only adds time
            if cold:
                _clear_caches()
            else:  # warm words, but no segment seen before
                _analyze_short_segment.cache_clear()
            cached_before = cache_stats()["words_cached"]
            t0 = time.process_time()
            for text, lang in texts:
                analyze_document(text, lang if hints else None)
            secs = time.process_time() - t0
            best = secs if best is None else min(best, secs)
        stats = cache_stats()
        # Every word of the run is looked up once; misses are the words added to the cache.
        misses = stats["words_cached"] - cached_before
        rows.append(_row(name, best, nbytes, words, **{
            "word hit rate": round(1 - misses / words, 4),
            "segment hit rate": stats["segment_hit_rate"]}))
    for row in rows:
        row["peak RSS MB"] = round(peak_rss_mb(), 1)
    return rows


def _pymorphy_first(form: str) -> tuple[str, ...]:
    from muragat.analysis.lang.ru.lemmatizer import morph

    parses = morph().parse(form.lower())
    return (parses[0].normal_form,) if parses else (form.lower(),)


def _pymorphy_all(form: str) -> tuple[str, ...]:
    from muragat.analysis.lang.ru.lemmatizer import morph

    return tuple(dict.fromkeys(p.normal_form for p in morph().parse(form.lower())))


def _simplemma(form: str) -> tuple[str, ...]:
    import simplemma

    return (simplemma.lemmatize(form.lower(), lang="en").lower(),)


def _snowball(form: str) -> tuple[str, ...]:
    import snowballstemmer

    return (snowballstemmer.stemmer("english").stemWord(form.lower()),)


def lemma_choices(gold_dir: Path) -> list[dict]:
    """Accuracy and uncached speed of the alternatives behind the ru/en lemmatizer choices."""
    from muragat.analysis.lang import word_terms

    from muragat.evaluation.lemmas import evaluate_lemmas, read_conllu

    def muragat(lang: str):
        return lambda form: word_terms.__wrapped__(form, lang)

    sets = [("ru GSD", "ru_gsd-ud-test.shared.conllu", "ru"),
            ("ru Taiga", "ru_taiga-ud-test.shared.conllu", "ru"),
            ("en EWT", "en_ewt-ud-test.shared.conllu", "en")]
    choices = {"ru": [("pymorphy3 first form", _pymorphy_first),
                      ("pymorphy3 all forms", _pymorphy_all),
                      ("muragat ru", muragat("ru"))],
               "en": [("simplemma", _simplemma), ("snowball stem", _snowball),
                      ("muragat en", muragat("en"))]}
    rows = []
    for label, name, lang in sets:
        path = gold_dir / name
        if not path.is_file():
            continue
        forms = sorted({tok.form for tok in read_conllu(path)})
        for choice, fn in choices[lang]:
            fn(forms[0])  # load dictionaries outside the timing
            t0 = time.process_time()
            for form in forms:
                fn(form)
            speed = int(len(forms) / (time.process_time() - t0))
            rates = evaluate_lemmas([path], lang, terms_fn=fn).all.rates()
            rows.append({"gold": label, "lemmatizer": choice, "first": round(rates["first"], 4),
                         "any": round(rates["any"], 4),
                         "terms/word": round(rates["terms_per_word"], 3),
                         "uncached words/s": speed})
    return rows


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its table."""
    from muragat.settings import shared_data_dir

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", metavar="FILE", help="also write the rows as JSON")
    parser.add_argument("--limit", type=int, help="only the first N documents")
    parser.add_argument("--sample", type=int, default=20_000,
                        help="at most N distinct words per language uncached (default 20000)")
    parser.add_argument("--lemma-choices", action="store_true",
                        help="also score the ru/en lemmatizer alternatives on the UD gold")
    parser.add_argument("--repeat", type=int, default=3,
                        help="best of N for each analyze run (default 3)")
    args = parser.parse_args(argv)
    data = shared_data_dir()
    if data is None:
        print("shared data not found (../shared/data or $MURAGAT_SHARED_DATA)")
        return 2
    docs = load_texts(data / "multilingual_docs", args.limit)
    nbytes = sum(len(t.encode("utf-8")) for t, _ in docs)
    rows = run_bench(docs, args.sample, max(1, args.repeat))
    print_table(rows, f"analysis speed, one core: {len(docs):,} documents, "
                      f"{nbytes / 1e6:.2f} MB UTF-8 (target: analyze cold >= 1 MB/s)")
    result = {"documents": len(docs), "bytes": nbytes, "rows": rows}
    if args.lemma_choices:
        choices = lemma_choices(data / "ud_lemma_gold")
        print()
        print_table(choices, "lemmatizer choices on the UD gold (punctuation excluded)")
        result["lemma_choices"] = choices
    if args.json:
        write_json(args.json, result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
