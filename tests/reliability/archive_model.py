"""A small archive that a test changes at random: files of every format the indexer reads.

``ArchiveModel`` keeps, for each file, what it holds (kind, languages, date, records) and
writes it to disk; the property test adds, modifies, deletes and renames files and JSON
Lines records through it. Texts are composed from ``docgen``'s sentences (written for
these tests); dates are written the ways archives write them (in the text in each
language, in YAML front matter, in HTML ``<time>``, as JSON fields) or left out.
"""

from __future__ import annotations

import gzip
import io
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

import reliability_docgen as docgen

KINDS = (".txt", ".md", ".html", ".json", ".jsonl", ".jsonl.gz", ".docx", ".pdf")
FOLDERS = ("north", "south/news", "south/events", "east", "")  # "" = the archive root
MONTHS = {
    "ru": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря"],
    "kk": ["қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз",
           "қыркүйек", "қазан", "қараша", "желтоқсан"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
}


def date_phrase(lang: str, y: int, m: int, d: int) -> str:
    """A date as the archives' prose writes it."""
    if lang == "kk":
        return f"{y} жылғы {d} {MONTHS['kk'][m - 1]}"
    if lang == "ru":
        return f"{d} {MONTHS['ru'][m - 1]} {y} г."
    return f"{MONTHS['en'][m - 1]} {d}, {y}"


@dataclass
class Content:
    """What one document says: language(s), title, sentences, date (or a year only)."""

    langs: tuple[str, ...]
    title: str
    sentences: list[str]
    date: tuple[int, int, int] | None
    year_only: int | None = None

    @classmethod
    def compose(cls, rng: random.Random, dated: bool, mixed: bool) -> Content:
        first = rng.choice(docgen.LANGS)
        langs = (first, rng.choice([x for x in docgen.LANGS if x != first])) if mixed else (first,)
        sentences = []
        for lang in langs:
            sentences += rng.sample(docgen.SENTENCES[lang], rng.randint(1, 3))
        date = (rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28)) if dated else None
        return cls(langs, rng.choice(docgen.TITLES[first]) + f" {rng.randint(1, 99)}", sentences,
                   date)

    def iso(self) -> str | None:
        return None if self.date is None else "{:04d}-{:02d}-{:02d}".format(*self.date)

    def text(self, with_date: bool = True) -> str:
        lines = [self.title, ""]
        if with_date and self.date is not None:
            lines += [date_phrase(self.langs[0], *self.date), ""]
        return "\n".join(lines + [" ".join(self.sentences)])

    def record(self, rng_id: str | None) -> dict:
        rec: dict = {"title": self.title, "text": " ".join(self.sentences)}
        if rng_id is not None:
            rec["id"] = rng_id
        if self.date is not None:
            rec["date"] = self.iso()
        if self.year_only is not None:
            rec["year"] = self.year_only
        return rec


@dataclass
class ArchiveFile:
    """One file: its kind and the document(s) it holds (JSON kinds: several records)."""

    kind: str
    docs: list[Content]
    ids: list[str | None] = field(default_factory=list)  # record ids (JSON kinds; None: none)
    front_matter: bool = False  # .md: the date in YAML front matter rather than in the text


class ArchiveModel:
    """The archive on disk and what it holds."""

    def __init__(self, root: Path):
        self.root = root
        self.files: dict[str, ArchiveFile] = {}
        self.next_id = 0
        root.mkdir(parents=True, exist_ok=True)

    def new_id(self) -> str:
        self.next_id += 1
        return f"rec-{self.next_id:04d}"

    # Writing

    def write(self, rel: str) -> None:
        f = self.files[rel]
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(render(f))

    def add(self, rel: str, f: ArchiveFile) -> None:
        self.files[rel] = f
        self.write(rel)

    def delete(self, rel: str) -> None:
        del self.files[rel]
        (self.root / rel).unlink()

    def rename(self, rel: str, new: str) -> None:
        self.files[new] = self.files.pop(rel)
        (self.root / new).parent.mkdir(parents=True, exist_ok=True)
        (self.root / rel).rename(self.root / new)

    def free_name(self, rng: random.Random, folder: str, kind: str) -> str:
        while True:
            name = f"{folder}/doc-{rng.randint(0, 10**6)}{kind}".lstrip("/")
            if name not in self.files:
                return name

    def describe(self) -> str:
        kinds: dict[str, int] = {}
        for f in self.files.values():
            kinds[f.kind] = kinds.get(f.kind, 0) + 1
        return ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))


def new_file(rng: random.Random, kind: str, model: ArchiveModel, dated: bool) -> ArchiveFile:
    """A file of ``kind``: one document, or 1-4 records for the JSON kinds (some with ids,
    some with a date, a year only, or neither)."""
    if kind in (".json", ".jsonl", ".jsonl.gz"):
        n = rng.randint(1, 4) if kind != ".json" else rng.choice([1, 2])
        docs, ids = [], []
        for _ in range(n):
            c = Content.compose(rng, dated and rng.random() < 0.6, rng.random() < 0.2)
            if c.date is None and rng.random() < 0.5:
                c.year_only = rng.randint(1960, 2025)
            docs.append(c)
            ids.append(model.new_id() if rng.random() < 0.6 else None)
        return ArchiveFile(kind, docs, ids)
    mixed = kind != ".pdf" and rng.random() < 0.25
    content = Content.compose(rng, dated, mixed)
    if kind == ".pdf":  # the test PDF writer has Latin letters only
        content.langs = ("en",)
        content.sentences = rng.sample(docgen.SENTENCES["en"], 3)
        content.title = rng.choice(docgen.TITLES["en"]) + f" {rng.randint(1, 99)}"
    return ArchiveFile(kind, [content], front_matter=kind == ".md" and rng.random() < 0.5)


def modify(rng: random.Random, f: ArchiveFile, model: ArchiveModel) -> None:
    """Change a file: another text, date or year, or (JSON Lines) a record added/removed."""
    if f.kind in (".jsonl", ".jsonl.gz") and rng.random() < 0.6:
        if len(f.docs) > 1 and rng.random() < 0.5:
            k = rng.randrange(len(f.docs))
            del f.docs[k], f.ids[k]
        else:
            c = Content.compose(rng, rng.random() < 0.5, rng.random() < 0.2)
            if c.date is None and rng.random() < 0.5:
                c.year_only = rng.randint(1960, 2025)
            k = rng.randint(0, len(f.docs))
            f.docs.insert(k, c)
            f.ids.insert(k, model.new_id() if rng.random() < 0.6 else None)
        return
    k = rng.randrange(len(f.docs))
    old = f.docs[k]
    change = rng.choice(["text", "date", "undate"])
    if change == "text":
        old.sentences = list(reversed(old.sentences)) + [rng.choice(docgen.SENTENCES[old.langs[0]])]
    elif change == "date":
        old.date = (rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28))
        old.year_only = None
    else:
        old.date, old.year_only = None, None


def render(f: ArchiveFile) -> bytes:
    """The bytes of file ``f``."""
    c = f.docs[0]
    if f.kind == ".txt":
        return c.text().encode("utf-8")
    if f.kind == ".md":
        if f.front_matter:
            meta = f"---\ntitle: {json.dumps(c.title, ensure_ascii=False)}\n"
            meta += f"date: {c.iso()}\n" if c.date else ""
            return (meta + "---\n" + " ".join(c.sentences) + "\n").encode("utf-8")
        return ("# " + c.text()).encode("utf-8")
    if f.kind == ".html":
        when = f'<time datetime="{c.iso()}">{c.iso()}</time>' if c.date else ""
        body = "".join(f"<p>{s}</p>" for s in c.sentences)
        return (f"<html><head><title>{c.title}</title></head><body><nav><a href='/'>Басты бет"
                f"</a> <a href='/ru'>Главная</a></nav><article><h1>{c.title}</h1>{when}{body}"
                f"</article><footer>© 2024</footer></body></html>").encode()
    if f.kind == ".json":
        recs = [d.record(i) for d, i in zip(f.docs, f.ids, strict=True)]
        return json.dumps(recs[0] if len(recs) == 1 else recs, ensure_ascii=False).encode("utf-8")
    if f.kind in (".jsonl", ".jsonl.gz"):
        data = "".join(json.dumps(d.record(i), ensure_ascii=False) + "\n"
                       for d, i in zip(f.docs, f.ids, strict=True)).encode("utf-8")
        return gzip.compress(data, mtime=0) if f.kind == ".jsonl.gz" else data
    if f.kind == ".docx":
        import docx

        doc = docx.Document()
        doc.add_paragraph(c.title)
        if c.date:
            doc.add_paragraph(date_phrase(c.langs[0], *c.date))
        doc.add_paragraph(" ".join(c.sentences))
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()
    if f.kind == ".pdf":
        from indexer_test_helpers import make_pdf

        lines = [c.title] + ([date_phrase("en", *c.date)] if c.date else []) + c.sentences
        return make_pdf(lines)
    raise ValueError(f.kind)
