"""Language codes of metadata (ISO 639-1, 639-2/B and /T, 639-3, names) -> Muragat's codes."""

from __future__ import annotations

_CODES = {
    "kk": "kk", "kaz": "kk", "kazakh": "kk", "қазақ": "kk", "қазақша": "kk", "казахский": "kk",
    "ru": "ru", "rus": "ru", "russian": "ru", "русский": "ru", "орыс": "ru",
    "en": "en", "eng": "en", "english": "en", "английский": "en", "ағылшын": "en",
    "uk": "uk", "ukr": "uk", "be": "be", "bel": "be", "ky": "ky", "kir": "ky", "tt": "tt",
    "tat": "tt", "uz": "uz", "uzb": "uz", "mn": "mn", "mon": "mn", "de": "de", "ger": "de",
    "deu": "de", "fr": "fr", "fre": "fr", "fra": "fr", "tr": "tr", "tur": "tr", "zh": "zh",
    "chi": "zh", "zho": "zh",
}


def language_code(value: object) -> str | None:
    """``"kaz"``, ``"kk-KZ"``, ``"Russian"``, ``"eng"`` -> ``kk``, ``ru``, ``en`` (None if unknown)."""
    if value is None:
        return None
    text = str(value).strip().lower().replace("_", "-")
    if not text:
        return None
    return _CODES.get(text) or _CODES.get(text.split("-")[0])
