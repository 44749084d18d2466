"""Generated archives for the reliability tests: library news in three languages.

Every record carries a unique made-up marker word, so a test can check that exactly
that record is searchable. The sentences are written for these tests.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

SENTENCES = {
    "kk": [
        "Облыстық кітапхана сандық мұрағаттар туралы конференция өткізді.",
        "Оқырмандар жергілікті ақынның жаңа кітабының тұсаукесеріне жиналды.",
        "Оқу залында сирек қолжазбалар көрмесі ашылды.",
        "Кітапханашылар электрондық каталогтармен жұмыс бойынша тренинг өткізді.",
        "Мектеп оқушылары мәнерлеп оқу байқауына қатысты.",
        "Кітапхананың мерейтойы поэзия кешімен аталып өтті.",
        "Кітапханаларда балаларға арналған жазғы оқу бағдарламасы басталды.",
    ],
    "ru": [
        "Областная библиотека провела конференцию о цифровых архивах.",
        "Читатели собрались на презентацию новой книги местного поэта.",
        "В читальном зале открылась выставка редких рукописей.",
        "Библиотекари провели тренинг по работе с электронными каталогами.",
        "Школьники приняли участие в конкурсе чтецов.",
        "Юбилей библиотеки отметили вечером поэзии.",
        "В библиотеках началась летняя программа чтения для детей.",
    ],
    "en": [
        "The regional library held a conference on digital archives.",
        "Readers gathered for the presentation of a new book by a local poet.",
        "An exhibition of rare manuscripts opened in the reading room.",
        "Librarians ran a training session on electronic catalogues.",
        "Schoolchildren took part in a reading contest.",
        "The library celebrated its anniversary with an evening of poetry.",
        "A summer reading programme for children started in the libraries.",
    ],
}
TITLES = {
    "kk": ["Кітапхана жаңалықтары", "Көрме ашылды", "Конференция өтті"],
    "ru": ["Новости библиотеки", "Открылась выставка", "Прошла конференция"],
    "en": ["Library news", "Exhibition opened", "Conference held"],
}
SOURCES = ["north-library", "city-library", "university-library"]
LANGS = ("kk", "ru", "en")


def marker_word(i: int, salt: str = "") -> str:
    """A made-up word unique to record ``i`` (letters only: ``qx`` + base-20 syllables)."""
    rng = random.Random(f"{salt}:{i}")
    cons, vowels = "bdfgklmnprstvz", "aeiou"
    return "qx" + "".join(rng.choice(cons) + rng.choice(vowels) for _ in range(4)) + "".join(
        "bdfgklmnprstvzaeiou"[int(d)] for d in str(i)
    )


def compose_records(n: int, seed: int, start: int = 0, salt: str = "") -> list[dict]:
    """``n`` JSON records (``id``, ``title``, ``text``, ``year``, ``date``, ``lang``, ``source``, ``marker``)."""
    rng = random.Random(seed + start)
    records = []
    for i in range(start, start + n):
        lang = LANGS[i % 3]
        marker = marker_word(i, salt)
        sentences = rng.choices(SENTENCES[lang], k=rng.randint(4, 10))
        sentences.insert(rng.randint(0, len(sentences)), f"{marker}.")
        year = rng.randint(2015, 2025)
        records.append({
            "id": f"doc-{salt}{i:06d}",
            "title": rng.choice(TITLES[lang]),
            "text": " ".join(sentences),
            "year": year,
            "date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "lang": lang,
            "source": SOURCES[i % len(SOURCES)],
            "marker": marker,
        })
    return records


def write_jsonl_batches(folder: Path, records: list[dict], per_file: int = 50,
                        prefix: str = "batch") -> list[Path]:
    """Write ``records`` as JSON Lines files of ``per_file`` records each."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(0, len(records), per_file):
        path = folder / f"{prefix}-{records[k]['id']}.jsonl"
        with path.open("w", encoding="utf-8") as f:
            for rec in records[k : k + per_file]:
                f.write(json.dumps({key: v for key, v in rec.items() if key != "marker"},
                                   ensure_ascii=False) + "\n")
        paths.append(path)
    return paths


def to_documents(records: list[dict]) -> list:
    """The records as ``indexer.document.Document`` objects (for ``index_documents``)."""
    from muragat.indexer.document import Document

    return [
        Document(id=r["id"], text=r["text"], title=r["title"], date=r.get("date"),
                 year=r.get("year"), source=r.get("source"), url=r.get("url"),
                 lang=r.get("lang"), file=r.get("file", ""))
        for r in records
    ]
