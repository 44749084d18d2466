"""Decoding: UTF-8/16 and the legacy Cyrillic code pages, mojibake, binary data."""

from __future__ import annotations

import codecs
import random

import pytest
from muragat.indexer.encodings import decode, looks_binary, repair_mojibake

KK = "Кітапхана оқырмандарға арналған жаңа көрмені ұйымдастырды. Әдебиет үйірмесі өтті."
RU = "Библиотека провела конкурс чтецов, посвящённый юбилею писателя."
# Letters where KZ-1048 and PT154 put different characters (ә and і/ң in other slots).
KK_SHORT = "Әже мен немересі кітапханаға барды."


@pytest.mark.parametrize("text", [KK, RU, "Plain English text about the reading room."])
def test_utf8_without_bom(text):
    d = decode(text.encode("utf-8"))
    assert (d.text, d.encoding) == (text, "utf-8")


def test_utf8_with_bom_drops_the_bom():
    d = decode(codecs.BOM_UTF8 + KK.encode("utf-8"))
    assert d.text == KK and d.encoding == "utf-8-sig"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_or_without_bom(codec):
    d = decode(RU.encode(codec))
    assert d.text.lstrip("\ufeff") == RU
    assert d.encoding == "utf-16"


@pytest.mark.parametrize("text", [RU, RU[:24], "Привет"])
def test_cp1251_russian(text):
    d = decode(text.encode("cp1251"))
    assert d.text == text and d.encoding == "cp1251"


@pytest.mark.parametrize("text", [RU, RU[:24], "Привет", "Читальный зал"])
def test_koi8r_even_short_texts(text):
    d = decode(text.encode("koi8_r"))
    assert d.text == text and d.encoding == "koi8_r"


@pytest.mark.parametrize("codec", ["kz1048", "ptcp154"])
@pytest.mark.parametrize("text", [KK, KK_SHORT, "Оқу залы"])
def test_kazakh_code_pages(codec, text):
    d = decode(text.encode(codec))
    assert d.text == text
    assert d.encoding in ("kz1048", "ptcp154")


def test_kz1048_and_pt154_told_apart_where_they_differ():
    assert decode(KK_SHORT.encode("kz1048")).encoding == "kz1048"
    assert decode(KK_SHORT.encode("ptcp154")).encoding == "ptcp154"


def test_russian_in_a_kazakh_code_page_is_reported_as_cp1251_since_identical():
    # Russian letters sit at the same bytes in cp1251, KZ-1048 and PT154.
    d = decode(RU.encode("kz1048"))
    assert d.text == RU and d.encoding == "cp1251"


@pytest.mark.parametrize(("text", "codec", "other"), [
    ("ДА", "cp1251", "koi8_r"), ("ОК", "koi8_r", "cp1251"), ("Том", "koi8_r", "cp1251"),
])
def test_short_text_is_uncertain_and_the_folder_decision_wins(text, codec, other):
    data = text.encode(codec)
    assert not decode(data).certain
    assert decode(data, hint=codec).text == text
    assert decode(data, hint=other).encoding == other


def test_long_text_ignores_a_wrong_folder_hint():
    d = decode(RU.encode("koi8_r"), hint="cp1251")
    assert d.certain and d.text == RU


def test_mojibake_repaired_when_certain():
    garbled = RU.encode("utf-8").decode("cp1251")
    d = decode(garbled.encode("utf-8"))
    assert d.text == RU and d.repaired == "mojibake (cp1251)"
    latin = KK.encode("utf-8").decode("latin-1")
    assert repair_mojibake(latin) == (KK, "cp1252") or repair_mojibake(latin)[0] == KK


def test_clean_text_is_not_repaired():
    assert repair_mojibake(RU) is None
    assert repair_mojibake("Россия, СССР и РФ") is None


def test_utf8_with_a_few_broken_bytes_stays_utf8():
    data = RU.encode("utf-8") + b" \xff\xfe " + KK.encode("utf-8")
    d = decode(data)
    assert d.encoding == "utf-8"
    assert RU in d.text and KK in d.text


def test_binary_data_is_recognized():
    assert looks_binary(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert not looks_binary(RU.encode("cp1251"))
    assert not looks_binary(RU.encode("utf-16"))


def test_binary_is_decided_by_proportion_not_by_one_byte():
    text = (RU + "\n") * 40
    one_nul = text[:100] + "\x00" + text[100:]
    assert not looks_binary(one_nul.encode("utf-8"))  # a stray NUL in valid UTF-8
    assert not looks_binary(("Кітап\x00\x07 " + KK).encode("utf-8"))  # short, still text
    assert not looks_binary(one_nul.encode("cp1251"))  # a legacy code page with one NUL
    assert looks_binary(b"\x00" * 4096)  # all NUL (valid UTF-8, but no text)
    assert looks_binary(text.encode("utf-8")[:300] + b"\x00\x01\x02\x03" * 100)
    rng = random.Random(14)
    noise = bytes(rng.randrange(256) for _ in range(8192))  # compressed or random data
    assert looks_binary(noise)
    assert looks_binary(b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64 + noise[:4096])
