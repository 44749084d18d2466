"""Language identification: which language a text (a segment of a page) is in.

One concept per module (the letters of each alphabet are ``analysis.alphabets``):

* ``kazakh_latin`` - Kazakh in the 2017/2018/2021 Latin alphabets, read back into Cyrillic;
* ``lexicon`` - word evidence (Russian and English dictionaries, Kazakh function
  words and endings, also when typed with Russian letters);
* ``model`` - the statistical evidence (py3langid restricted per script), lazily loaded;
* ``russian_letters`` - the model's column for Kazakh typed with Russian letters, learned
  from KazNERD sentences (and how to rebuild it);
* ``decide`` - adds the evidence up; ``detect(text)`` is the entry point.

See docs/LANGID.md for the design and the measured figures.
"""

from muragat.analysis.langid.decide import detect

__all__ = ["detect"]
