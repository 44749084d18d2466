"""Decoding archive bytes: UTF-8/UTF-16 and the legacy Cyrillic code pages.

Unrestricted charset detection misreads short KOI8-R and Kazakh texts, so the
candidates are restricted to what Kazakh and Russian archives hold: UTF-8 (with
or without BOM), UTF-16, cp1251, KOI8-R, KZ-1048 and PT154. A single-byte text is
decoded with each candidate and scored on what real Cyrillic prose looks like:
lowercase letters inside words, Kazakh letters only where a Kazakh code page
puts them, no stray Serbian/Macedonian letters or typographic symbols mid-word.

``decode`` also repairs mojibake when it is certain: UTF-8 text that went through
a cp1251 or Latin-1 decoder once (``РџСЂРёРІРµС‚`` -> ``Привет``) is restored only
when the whole text round-trips strictly.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from muragat.analysis.alphabets import KAZAKH_LETTERS, RUSSIAN, both_cases

SINGLE_BYTE = ("cp1251", "koi8_r", "kz1048", "ptcp154")
# Human names used in reports.
NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (BOM)",
    "utf-16": "UTF-16",
    "cp1251": "cp1251",
    "koi8_r": "KOI8-R",
    "kz1048": "KZ-1048",
    "ptcp154": "PT154",
}

# Fewer letters than this in the upper half of the code page: too short to be sure.
MIN_LETTERS_CERTAIN = 20

_KK_LETTERS = both_cases(KAZAKH_LETTERS)
_RU_LETTERS = both_cases(RUSSIAN)
# Letters of other Cyrillic languages and symbols that the code pages put in the
# upper half: in Kazakh or Russian prose they signal a wrong decoding.
_FOREIGN = set(
    "ЂЃѓЉЊЌЋЏђљњќћџЎўЈҐЄЇґєїЅѕјҖҶӮҲҠӢҸҗҷҳҡӣҹҘӯҮҜҙҪҫҝ"
)
_SYMBOLS = set("‚„…†‡€‰‹›‘’“”•–—™¤¦§©«¬®°±µ¶·№»\u00a0\u00ad")
_MOJIBAKE_RE = re.compile(r"[ÐÑÃÂ][\u0080-\u00bf]|[РС][\u0400-\u045f‚„…†‡€‰‹›‘’“”•–—™¤¦§©«¬®°±µ¶·]")


@dataclass(frozen=True)
class Decoded:
    """A decoded text, the codec used and whether the choice was certain."""

    text: str
    encoding: str  # Python codec name
    certain: bool = True
    repaired: str | None = None  # "mojibake (cp1251)" when a double encoding was undone

    @property
    def name(self) -> str:
        """The encoding as reports name it."""
        return NAMES.get(self.encoding, self.encoding)


def _bom(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) / 2
    # ASCII-heavy UTF-16: every other byte is zero. Cyrillic UTF-16: the high byte is 0x04.
    codec = None
    if (odd > 0.3 * half and even < 0.05 * half) or sample[1::2].count(4) > 0.3 * half:
        codec = "utf-16-le"
    elif (even > 0.3 * half and odd < 0.05 * half) or sample[0::2].count(4) > 0.3 * half:
        codec = "utf-16-be"
    if codec is None:
        return None
    # Binary data can have the same zero pattern: UTF-16 text reads as printable text.
    text = sample[: len(sample) // 2 * 2].decode(codec, errors="replace")
    printable = sum(1 for ch in text if ch.isprintable() or ch in "\n\r\t")
    return codec if printable >= 0.9 * len(text) else None


def score_cyrillic(text: str) -> float:
    """How much ``text`` looks like Kazakh/Russian prose (higher is better, per character)."""
    score = 0.0
    prev = " "
    n = 0
    for ch in text:
        if ch < "\u0080":
            prev = ch
            continue
        n += 1
        if ch in _FOREIGN:
            score -= 4
        elif ch in _SYMBOLS:
            score -= 3 if prev.isalpha() else 0.2
        elif ch in _RU_LETTERS or ch in _KK_LETTERS:
            if ch.isupper() and prev.isalpha() and prev.islower():
                score -= 2  # "пРИВЕТ": capitals inside a word (KOI8-R read as cp1251)
            elif ch.islower():
                score += 1.5 if ch in _KK_LETTERS else 1
            else:
                score += 0.3
        else:
            score -= 1
        prev = ch
    return score / max(n, 1)


def repair_mojibake(text: str) -> tuple[str, str] | None:
    """Undo one round of UTF-8-read-as-cp1251/Latin-1, when certain: ``(text, codec)`` or None."""
    if len(_MOJIBAKE_RE.findall(text)) < 3:
        return None
    for codec in ("cp1251", "cp1252", "latin-1"):
        try:
            fixed = text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != text and score_cyrillic(fixed) > score_cyrillic(text):
            return fixed, codec
    return None


def guess_single_byte(data: bytes, candidates: tuple[str, ...] = SINGLE_BYTE) -> tuple[str, float, float]:
    """The best single-byte codec for ``data``: ``(codec, score, margin over the runner-up)``.

    Code pages that give the very same text (Russian prose is identical in cp1251,
    KZ-1048 and PT154) count as one reading, named by the first of ``candidates``.
    """
    sample = data[:65536]
    readings: dict[str, tuple[float, int, str]] = {}
    for i, codec in enumerate(candidates):
        text = sample.decode(codec, errors="replace")
        if text not in readings:
            readings[text] = (score_cyrillic(text), -i, codec)
    scored = sorted(readings.values(), reverse=True)
    best_score, _, best = scored[0]
    margin = best_score - scored[1][0] if len(scored) > 1 else 10.0
    return best, best_score, margin


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few broken bytes (replaced), or None when it is not UTF-8 at all.

    Legacy code pages almost never form valid multi-byte UTF-8 sequences, so many
    valid ones beside a few invalid bytes mean a UTF-8 file with damage.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ch >= "\u0080" and ch != "\ufffd")
    return text if good >= 8 and bad * 10 <= good else None


# Control bytes that text does not hold (tab, newlines, form feed and escape are text).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
# Binary is decided by the share of control bytes (NUL included) in the first 8 KB, never
# by one byte: valid UTF-8 may carry a few stray controls (a NUL pasted in, a BEL from an
# old export), which the text normalization removes; random or compressed bytes are about
# 10 % control bytes and executables or images far more, and neither is valid UTF-8.
BINARY_SAMPLE = 8192
BINARY_SHARE = 0.05  # of a sample that is not valid UTF-8 (a legacy code page or binary)
BINARY_SHARE_UTF8 = 0.30  # of a sample that is valid UTF-8 (UTF-32 text is 75 % NUL)


def _valid_utf8(sample: bytes) -> bool:
    """True when ``sample`` is UTF-8 (a character cut at the sample's end allowed)."""
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(sample) - 3 and exc.reason == "unexpected end of data"
    return True


def looks_binary(data: bytes) -> bool:
    """True for data that is no text in any candidate encoding: more than ``BINARY_SHARE``
    control bytes (NUL included) in the first 8 KB, or ``BINARY_SHARE_UTF8`` when the
    sample is valid UTF-8."""
    sample = data[:BINARY_SAMPLE]
    if not sample or _bom(sample) or _utf16_without_bom(sample):
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if not controls:
        return False
    share = BINARY_SHARE_UTF8 if _valid_utf8(sample) else BINARY_SHARE
    return controls > len(sample) * share


def decode(data: bytes, hint: str | None = None) -> Decoded:
    """Decode archive bytes. ``hint``: the encoding decided for the folder, used when unsure."""
    bom = _bom(data)
    if bom:
        return Decoded(data.decode(bom, errors="replace"), bom)
    utf16 = _utf16_without_bom(data)
    if utf16:
        return Decoded(data.decode(utf16, errors="replace"), "utf-16")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A text cut in the middle of a character (the size cap) is still UTF-8.
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            text = data[: exc.start].decode("utf-8")
        else:
            text = _mostly_utf8(data)
    if text is not None:
        fixed = repair_mojibake(text)
        if fixed:
            return Decoded(fixed[0], "utf-8", repaired=f"mojibake ({fixed[1]})")
        return Decoded(text, "utf-8")
    codec, score, margin = guess_single_byte(data)
    # Sure when the winner reads as prose, clearly beats the others and has enough letters
    # to judge (an all-caps "ДА" is "дю" in the other code page); else trust the folder.
    letters = sum(1 for b in data[:65536] if b >= 0xC0)
    certain = score > 0.5 and margin > 0.15 and letters >= MIN_LETTERS_CERTAIN
    if not certain and hint in SINGLE_BYTE:
        codec = hint
    return Decoded(data.decode(codec, errors="replace"), codec, certain=certain)


def decode_with(data: bytes, encoding: str) -> Decoded:
    """Decode with a declared encoding (HTML meta charset); falls back to ``decode`` if unknown."""
    try:
        codecs.lookup(encoding)
    except LookupError:
        return decode(data)
    name = codecs.lookup(encoding).name
    if name in ("utf-8", "ascii"):
        return decode(data)
    if name in ("windows-1251", "cp1251"):
        name = "cp1251"
    # A declared single-byte page that is actually valid UTF-8 is UTF-8 (a common site bug).
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        return Decoded(data.decode(name, errors="replace"), name)
