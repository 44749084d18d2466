"""Language identification of a text: ``kk``, ``ru``, ``en``, another ISO code or ``other``.

The contract is ``detect(text) -> str``, deterministic and fast enough to run once
per segment. The work lives in ``analysis.langid`` (letters, words, the statistical
model and the decision); see docs/LANGID.md.
"""

from muragat.analysis.langid import detect

__all__ = ["detect"]
