"""The statistical evidence: py3langid's byte n-gram naive Bayes, restricted per script.

py3langid (a maintained fork of langid.py) is deterministic, offline, knows Kazakh,
Kyrgyz, Tatar, Bashkir, Mongolian, Ukrainian and Belarusian, and scores a 2 KB text
in well under a millisecond. Each script gets its own identifier restricted to the
languages that write in it, so a Cyrillic text is never called Italian. Muragat adds one
column of its own, Kazakh typed with Russian letters (``russian_letters``). The model
is loaded on first use (about 0.3 s) and kept in a module-level cache.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path

from muragat.analysis.model_cache import cached

# Languages that write in Cyrillic, among py3langid's 140.
CYRILLIC_LANGS = ("kk", "ru", "uk", "be", "ky", "tt", "ba", "mn", "tg", "bg", "sr", "mk")
# Not one of py3langid's: Kazakh typed with Russian letters, a column of Muragat's own
# (``russian_letters``). Asked for among ``langs``, it is scored with them in one pass.
KAZAKH_RUSSIAN_LETTERS = "kk-ru"
# Latin-script languages the detector can name besides English (frequent in
# library archives of the region, or close to English so they compete fairly).
LATIN_LANGS = (
    "en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "no", "fi", "et", "lv",
    "lt", "pl", "cs", "sk", "sl", "hr", "hu", "ro", "tr", "az", "uz", "tk", "id",
    "la", "sq", "ca",
)  # fmt: skip


_NO_FEATURES = -1e30  # py3langid gives float32 min to every language when no n-gram matched


@lru_cache(maxsize=8)
def identifier(langs: tuple[str, ...] | None = None):
    """A py3langid identifier restricted to ``langs`` (all languages when None); cached.

    The model is read once; restricted identifiers share its automaton and hold
    only their own columns of the probability table. ``KAZAKH_RUSSIAN_LETTERS`` among
    ``langs`` adds Muragat's column (left out, with a warning, when it does not fit the
    installed py3langid).
    """
    if langs is None:
        import numpy as np
        import py3langid
        from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
        from py3langid.modelio import load_model

        path = Path(MODEL_DIR) / MODEL_FILE
        # The decompressed tables are kept in the model cache (the LZMA file takes ~0.5 s).
        ptc, pc, classes, nextmove, row, output = cached(
            f"langid-{getattr(py3langid, '__version__', '')}", [path], lambda: load_model(path))
        return LanguageIdentifier(np.asarray(ptc), np.asarray(pc), classes, nextmove, output,
                                  tk_row=row)
    ident = copy.copy(identifier(None))
    ident.set_languages([lang for lang in langs if lang != KAZAKH_RUSSIAN_LETTERS])
    if KAZAKH_RUSSIAN_LETTERS in langs:
        import numpy as np
        from muragat.analysis.langid import russian_letters

        column = russian_letters.load(ident.nb_ptc.shape[0])
        if column is not None:
            kk = ident.nb_classes.index("kk")  # the same prior as Kazakh
            ident.nb_ptc = np.hstack([ident.nb_ptc, column.astype(ident.nb_ptc.dtype)[:, None]])
            ident.nb_pc = np.append(ident.nb_pc, ident.nb_pc[kk])
            ident.nb_classes = [*ident.nb_classes, KAZAKH_RUSSIAN_LETTERS]
            ident._set_alias_pairs()
    return ident


def base_identifier():
    """py3langid's identifier over all its languages (for learning a column of its table)."""
    return identifier(None)


def scores(text: str, langs: tuple[str, ...]) -> dict[str, float]:
    """Naive Bayes log scores of ``text`` for each language of ``langs`` (higher is likelier;
    ``KAZAKH_RUSSIAN_LETTERS`` is missing when its column could not be used).

    A text without any of the model's features scores 0 for every language (no
    evidence), rather than py3langid's float floor, so other evidence can still count.
    """
    ranked = identifier(langs).rank(text)
    if ranked and ranked[0][1] <= _NO_FEATURES:
        return dict.fromkeys((lang for lang, _ in ranked), 0.0)
    return dict(ranked)


def best_any(text: str) -> str:
    """py3langid's best language over all it knows (for texts in other scripts)."""
    return identifier(None).classify(text)[0]
