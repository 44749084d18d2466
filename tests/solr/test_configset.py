"""The configset in deploy/solr holds every field store/schema.py defines, as the backend needs."""

from __future__ import annotations

import fnmatch
import xml.etree.ElementTree as ET

from muragat.store.schema import EXACT_FIELD, FOLD_FIELD, LANG_FIELDS, build_schema
from muragat.store.solr.admin import configset_dir
from muragat.store.solr.documents import (
    SOLR_NAMES,
    preanalyzed,
    quantized_length,
    solr_document,
    stored_fields,
)


def _schema():
    root = ET.parse(configset_dir() / "schema.xml").getroot()
    types = {t.get("name"): t for t in root.iter("fieldType")}
    fields = {f.get("name"): f for f in root.iter("field")}
    dynamic = {f.get("name"): f for f in root.iter("dynamicField")}
    return types, fields, dynamic


def _field(name, fields, dynamic):
    if name in fields:
        return fields[name]
    for pattern, f in dynamic.items():
        if fnmatch.fnmatch(name, pattern):
            return f
    return None


def test_every_muragat_field_is_in_the_configset():
    types, fields, dynamic = _schema()
    for name in build_schema().names():
        assert _field(SOLR_NAMES.get(name, name), fields, dynamic) is not None, name


def test_analysed_fields_are_preanalyzed_json_with_muragats_b():
    types, fields, dynamic = _schema()
    analysed = [EXACT_FIELD, FOLD_FIELD, *[f for pair in LANG_FIELDS.values() for f in pair]]
    expected_b = {"exact": "0.65", "fold": "0.75", "body": "0.65", "title": "0.4"}
    for name in analysed:
        ftype = types[_field(name, fields, dynamic).get("type")]
        assert ftype.get("class") == "solr.PreAnalyzedField", name
        assert ftype.get("parserImpl") == "json", name
        b = ftype.find("similarity/float[@name='b']").text
        assert b == expected_b[name.split("_")[0]], (name, b)
        assert _field("len_" + name, fields, dynamic).get("docValues") == "true"


def test_filter_fields_have_doc_values_and_document_fields_are_stored():
    types, fields, dynamic = _schema()
    for name in ("lang", "langs", "year", "date", "source", "date_key"):
        assert fields[name].get("docValues") == "true", name
    for name in ("id", "title", "body", "segments", "lang", "langs", "year", "date", "source",
                 "url", "pages", "captured", "indexed", "file", "hash"):
        assert fields[name].get("stored") == "true", name


def test_preanalyzed_value_keeps_positions_and_alternatives():
    value = preanalyzed({"кітап": [0, 3], "кітапхана": [0], "оқу": [1]})
    import json

    tokens = json.loads(value)["tokens"]
    # position increments rebuild the positions: 0, 0 (same position), 1, 3
    positions, pos = [], -1
    for t in tokens:
        pos += t["i"]
        positions.append((t["t"], pos))
    assert sorted(positions) == [("кітап", 0), ("кітап", 3), ("кітапхана", 0), ("оқу", 1)]


def test_solr_document_lengths_and_date_key():
    doc = solr_document({"id": "a", "langs": "kk ru", "year": 2021, "date": "2021-04-08",
                         "segments": [[0, 5, "kk"]]},
                        {"exact": {"a": [0, 1], "b": [2]}, "fold": {}})
    assert doc["langs"] == ["kk", "ru"] and doc["date_key"] == 20210408
    assert doc["len_exact"] == quantized_length(3) and "fold" not in doc
    assert doc["segments"] == "[[0,5,\"kk\"]]"
    assert quantized_length(0) == 0 and quantized_length(1000) >= 900


def test_page_offsets_and_capture_time_go_to_solr_and_back():
    doc = solr_document({"id": "p", "body": "one two", "pages": [0, 4],
                         "captured": "2019-05-01T10:00:00Z"}, {})
    assert doc["pages"] == "[0,4]" and doc["captured"] == "2019-05-01T10:00:00Z"
    back = stored_fields(doc)
    assert back["pages"] == [0, 4] and back["captured"] == "2019-05-01T10:00:00Z"
