"""Muragat's analysed documents as Solr documents, and Solr's stored fields back.

An analysed field (``exact``, ``fold``, ``body_<lang>``, ``title_<lang>``) goes to Solr as a
PreAnalyzedField value in the JSON format: its terms in position order, each with its
position increment (terms at one position, a word's lemma alternatives, have increment 0).
Solr indexes these tokens as they are. Each analysed field's length (every term occurrence,
quantized to one byte as in the embedded index) goes to ``len_<field>`` for the exact BM25
that search/ computes on Solr's top candidates.
"""

from __future__ import annotations

import json
from typing import Any

from muragat.store.schema import id_key
from muragat.store.snapshot import _date_key
from whoosh.util.numeric import byte_to_length, length_to_byte

LENGTH_PREFIX = "len_"
STORED = ("id", "file", "hash", "title", "body", "segments", "lang", "langs", "year", "date",
          "source", "url", "pages", "captured", "indexed")
JSON_STORED = ("segments", "pages")  # lists, kept in Solr as JSON strings
# Fields of store/schema.py named otherwise in the configset.
SOLR_NAMES = {"datekey": "date_key", "idkey": "id_key"}


def solr_id_key(doc_id: str) -> int:
    """``store.schema.id_key`` (unsigned 64 bits) as a signed long in the same order."""
    return id_key(doc_id) - (1 << 63)


def quantized_length(n: int) -> int:
    """A field length as the embedded index keeps it (one byte, coarser for long fields)."""
    return int(byte_to_length(length_to_byte(n))) if n > 0 else 0


def preanalyzed(positions: dict[str, list[int]]) -> str:
    """``{term: [positions]}`` as a PreAnalyzedField JSON value."""
    tokens = sorted((p, t) for t, plist in positions.items() for p in plist)
    out = []
    last = -1
    for pos, term in tokens:
        out.append({"t": term, "i": pos - last})
        last = pos
    return json.dumps({"v": "1", "tokens": out}, ensure_ascii=False, separators=(",", ":"))


def solr_document(fields: dict[str, Any], terms: dict[str, dict[str, list[int]]]) -> dict[str, Any]:
    """The Solr document of one analysed document: ``fields`` are the stored values (id, file,
    hash, title, body, segments, lang, langs, year, date, source, url, pages, captured, indexed),
    ``terms`` the analysed fields (field -> term -> positions)."""
    doc: dict[str, Any] = {}
    for key in STORED:
        value = fields.get(key)
        if value is None or value == "":
            continue
        if key in JSON_STORED:
            value = json.dumps(value, separators=(",", ":"))
        elif key == "langs":
            value = value.split() if isinstance(value, str) else list(value)
        elif key == "year":
            value = int(value)
        doc[key] = value
    year = int(fields.get("year") or 0)
    key = _date_key(fields.get("date"), year if 0 < year < 10000 else 0)
    if key:
        doc["date_key"] = key
    if doc.get("id"):
        doc["id_key"] = solr_id_key(doc["id"])
    for name, positions in terms.items():
        if not positions:
            continue
        doc[name] = preanalyzed(positions)
        doc[LENGTH_PREFIX + name] = quantized_length(sum(len(p) for p in positions.values()))
    return doc


def stored_fields(doc: dict[str, Any]) -> dict[str, Any]:
    """Solr's stored fields as the embedded index returns them (``langs`` space-separated,
    ``segments`` a list)."""
    out = {k: v for k, v in doc.items() if k in STORED}
    if isinstance(out.get("langs"), list):
        out["langs"] = " ".join(out["langs"])
    for key in JSON_STORED:
        value = out.get(key)
        if isinstance(value, str):
            try:
                out[key] = json.loads(value)
            except ValueError:
                out[key] = [] if key == "segments" else None
    return out
