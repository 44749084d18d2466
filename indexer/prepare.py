"""One ``Document`` -> the field values of one index entry (runs in worker processes).

All the costly work (normalization, segmentation, language detection,
lemmatization) happens here, so the writers only copy ready terms into
the index. The result is plain picklable data.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from muragat.analysis import INDEX_LANGS, analyze_document, normalize_text
from muragat.indexer.document import Document
from muragat.indexer.metadata import storable
from muragat.store.schema import EXACT_FIELD, FOLD_FIELD, body_field, title_field

# Position gap between the body's terms and the title's in the shared ``exact``/``fold``
# fields (no phrase matches across the two).
TITLE_GAP = 10

# A field's postings for one document: term -> ascending word positions.
TermPositions = dict[str, list[int]]


@dataclass
class PreparedDocument:
    """Stored values and pre-analyzed terms of one document, ready for the writer."""

    id: str
    hash: str
    file: str
    stored: dict[str, Any]  # title, body, segments, lang, langs, year, date, source, url
    terms: dict[str, TermPositions] = field(default_factory=dict)  # field -> term -> positions

    @property
    def lang(self) -> str:
        """The primary language."""
        return self.stored["lang"]

    @property
    def year(self) -> int | None:
        """The year, if known."""
        return self.stored.get("year")


def document_hash(doc: Document) -> str:
    """A content hash of everything the index takes from ``doc`` (incremental runs)."""
    fields: list[Any] = [doc.id, doc.title, doc.text, doc.date, doc.year, doc.source, doc.url,
                         doc.lang, doc.file]
    if doc.pages or doc.captured:  # only then: the hashes of other documents stay as they were
        fields += [doc.pages, doc.captured]
    payload = json.dumps(fields, ensure_ascii=False)
    return hashlib.blake2b(payload.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


def _year(doc: Document) -> int | None:
    if doc.year is not None:
        return doc.year
    if doc.date and doc.date[:4].isdigit():
        return int(doc.date[:4])
    return None


def _normalized_pages(text: str, pages: list[int] | None) -> tuple[str, list[int] | None]:
    """The normalized text and its page starts (each page normalized on its own, so the
    offsets stay true when normalization changes lengths)."""
    if not pages:
        return normalize_text(text), None
    bounds = [min(max(p, 0), len(text)) for p in pages] + [len(text)]
    parts: list[str] = []
    starts: list[int] = []
    pos = 0
    for a, b in zip(bounds, bounds[1:], strict=False):
        starts.append(pos)
        part = normalize_text(text[a:max(a, b)])
        parts.append(part)
        pos += len(part)
    return "".join(parts), starts


def prepare_document(doc: Document, doc_hash: str | None = None) -> PreparedDocument:
    """Analyze ``doc`` (title and body separately) into its index fields."""
    body, pages = _normalized_pages(storable(doc.text), doc.pages)
    title = normalize_text(storable(doc.title)).strip()
    body_an = analyze_document(body, doc.lang)
    # A short title takes the document's language when its letters allow it ("Антициклон"
    # above a Kazakh article is Kazakh, though it has no letter Russian lacks).
    doc_lang = doc.lang or (body_an.primary if body_an.langs else None)
    # A title taken from a one-line text is that text again: shown, not indexed twice.
    index_title = bool(title) and not doc.title_is_text
    title_an = analyze_document(title, doc.lang or body_an.primary, prefer=doc_lang) if index_title else None

    body_pos = body_an.positions()
    title_pos = title_an.positions() if title_an is not None else {}
    terms: dict[str, TermPositions] = {}
    for lang in INDEX_LANGS:
        if body_pos.get(lang):
            terms[body_field(lang)] = body_pos[lang]
        if title_pos.get(lang):
            terms[title_field(lang)] = title_pos[lang]
    shift = body_an.last_pos + TITLE_GAP if body_an.last_pos >= 0 else 0
    for name, fname in (("exact", EXACT_FIELD), ("fold", FOLD_FIELD)):
        merged = body_pos[name]
        for text, plist in title_pos.get(name, {}).items():
            found = merged.get(text)
            if found is None:
                merged[text] = [p + shift for p in plist]
            else:
                found += [p + shift for p in plist]
        if merged:
            terms[fname] = merged

    langs = list(body_an.langs)
    if title_an is not None:
        langs += [lang for lang in title_an.langs if lang not in langs]
    primary = body_an.primary if body_an.langs else (title_an.primary if title_an else "other")
    year = _year(doc)
    stored: dict[str, Any] = {
        "title": title,
        "body": body,
        "segments": [[s.start, s.end, s.lang] for s in body_an.segments],
        "lang": primary,
        "langs": " ".join(langs) if langs else primary,
    }
    if pages:
        stored["pages"] = pages
    for key, value in (("year", year), ("date", doc.date), ("source", doc.source), ("url", doc.url),
                       ("captured", doc.captured)):
        if value is not None and value != "":
            stored[key] = storable(value) if isinstance(value, str) else value
    return PreparedDocument(
        id=storable(doc.id),
        hash=doc_hash or document_hash(doc),
        file=storable(doc.file),
        stored=stored,
        terms=terms,
    )


def warm_up() -> None:
    """Load the analysis models (language ID, lexicons) in this process.

    Called before the worker pool forks, so every worker shares the loaded models
    instead of loading its own copy (seconds per process).
    """
    for text in (
        "Кітапхана оқырмандарға арналған жаңа кітаптар көрмесін ұйымдастырды.",
        "Библиотека провела презентацию новых книг для читателей.",
        "The library hosted a presentation of new books for readers.",
    ):
        analyze_document(text)
