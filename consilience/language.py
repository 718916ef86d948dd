"""Which language an article is written in, from its own words.

py3langid's model ships inside the package, so this works offline. A page's ``lang``
attribute or a feed's language is only a fallback: templates often declare "en" on pages in
any language, while the words themselves do not lie.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["EVERYDAY_ENGLISH", "count_words", "detect_language", "load_model"]

# Below this many letters the model guesses more than it knows.
_MIN_LETTERS = 20
_MIN_CONFIDENCE = 0.6
# Enough text to be sure; classifying a whole long article only costs time.
_SAMPLE = 1500


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def load_model() -> None:
    """Load the language model now (half a second): before forking extraction workers, so
    that they share it instead of each loading its own."""
    _identifier()


def detect_language(text: str, fallback: str | None = None) -> str | None:
    """ISO 639-1 code of ``text``'s language, or ``fallback`` when the text cannot tell."""
    sample = text[:_SAMPLE]
    if sum(1 for c in sample if c.isalpha()) < _MIN_LETTERS:
        return _normalize(fallback)
    lang, prob = _identifier().classify(sample)
    if prob < _MIN_CONFIDENCE:
        return _normalize(fallback) or lang
    return lang


def _normalize(code: str | None) -> str | None:
    """'en-US', 'EN_gb' -> 'en'; anything that is not a language tag -> None."""
    if not code:
        return None
    match = re.match(r"\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*\s*$", code)
    return match.group(1).lower() if match else None


# Scripts written without spaces between words: Han, Hiragana, Katakana, Thai, Lao, Khmer,
# Myanmar. Hangul is left out: Korean separates its words with spaces.
_UNSPACED = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\uff66-\uff9f]"
)
# Characters per word in those scripts, on average (Chinese and Japanese words run 1-3).
_CHARS_PER_WORD = 2


def count_words(text: str) -> int:
    """Words in ``text``, counting unspaced scripts by characters, not by spaces."""
    unspaced = len(_UNSPACED.findall(text))
    if not unspaced:
        return len(text.split())
    spaced = len(_UNSPACED.sub(" ", text).split())
    return spaced + -(-unspaced // _CHARS_PER_WORD)


# Everyday English: function words and the vocabulary any story may use. A headline made of
# these says nothing about its topic, so only the other words are compared with the article.
_EVERYDAY_WORDS = """
    a about above across after again against ago all almost along already also although always
    am among an and another any anyone anything are around as ask asked at away back bad be
    became because become been before began begin behind being below best better between big
    both but by call called came can can't cannot case change come comes coming could day days
    did didn't do does doesn't doing don't done down during each early either else end enough
    even ever every everyone everything fact far few find first five for four free from full
    get gets getting give given go goes going gone good got great had has have having he her
    here hers him his how however i if in inside instead into is isn't it it's its itself just
    keep kind know known last late later least less let like little long look looking lot made
    make makes making many matter matters may maybe me mean means might more most much must my
    need needs never new next no none nor not nothing now of off often old on once one only or
    other others our out over own part people place point put rather real really right said
    same say saying says second see seen set several she should show side since six so some
    someone something sometimes soon still such sure take taken takes taking tell ten than that
    that's the their them then there there's these they thing things think third this those
    though three through time times to today together told too took top toward towards try
    trying turn two under until up upon us use used using very want wants was wasn't way ways
    we week weeks well went were what what's when where whether which while who whole whom
    whose why will with within without won't work world would year years yes yet you your
    yours behind beyond truly actually basically simply finally why's how's here's let's
    amazing best biggest big fascinating facts happened happens happening inside know
    latest little most new news people really reasons secret simple small story stories
    surprising things top truth ultimate update updates video watch way ways wrong right
    everything anything nothing guide explained explainer must read happen
"""
EVERYDAY_ENGLISH = frozenset(_EVERYDAY_WORDS.split())
