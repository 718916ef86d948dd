"""Which language an article is in, and whether analyze can read it.

The rules and the model are English-only: a German article run through them would yield
confident nonsense, so it is stored unanalyzed with a reason instead. We trust the
language extract recorded; when there is none we ask py3langid, and only believe a
non-English verdict that is confident on enough text (short English snippets full of
foreign names fool any character-n-gram model).
"""

from __future__ import annotations

from functools import lru_cache

SUPPORTED = frozenset({"en"})
_SAMPLE = 3000  # characters; enough for a stable verdict, cheap on a 5 MB page
_MIN_LETTERS = 40
_MIN_CONFIDENCE = 0.9


def normalize(code: str | None) -> str | None:
    """'EN-us' → 'en'; empty → None."""
    if not code or not code.strip():
        return None
    return code.strip().replace("_", "-").split("-")[0].lower()


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> str | None:
    """ISO 639-1 code of ``text``'s language, or None when there is too little to tell."""
    sample = text[:_SAMPLE]
    if sum(ch.isalpha() for ch in sample) < _MIN_LETTERS:
        return None
    lang, prob = _identifier().classify(sample)
    if lang != "en" and prob < _MIN_CONFIDENCE:
        return "en"  # an unsure non-English verdict on English-looking text is noise
    return lang


def check(declared: str | None, text: str) -> tuple[str | None, str | None]:
    """(language, reason it cannot be analyzed or None)."""
    lang = normalize(declared) or detect(text)
    if lang is not None and lang not in SUPPORTED:
        return lang, f"language '{lang}' is not supported"
    return lang, None
