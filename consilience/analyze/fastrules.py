"""Drop-in replacements for spaCy's attribute_ruler and rule lemmatizer, same output, less time.

Both stock components are table lookups, yet on news text they cost as much as the parser:
the AttributeRuler runs a 179-pattern Matcher over every token and then builds a Span per
match; the Lemmatizer builds a Token object for every token and recomputes lemmas that its
cache does not keep (base forms and spaces are never cached). Nearly all of that work depends
on a few values per token, so both replacements here compute it once per distinct value
combination (cached across docs) and write whole columns back with ``Doc.from_array``.

Nothing is reimplemented: single-token patterns are still matched by spaCy's own Matcher (on
a small doc holding one token per new combination), and lemmas still come from spaCy's own
``rule_lemmatize`` with the model's lookup tables. Whatever cannot be keyed that way
(multi-token patterns, conditions on other token attributes) goes through a Matcher over the
real doc (only around tokens that can start a match, when that is decidable per key), and
the effects are merged in the stock override order.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from spacy.attrs import DEP, LEMMA, MORPH, ORTH, POS, TAG
from spacy.errors import Errors
from spacy.lang.en import English
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.lookups import Lookups, Table
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

RULER_FACTORY = "consilience_attribute_ruler"
LEMMATIZER_FACTORY = "consilience_lemmatizer"

# Pattern keys whose value is fixed by (ORTH, TAG, DEP): lexeme attributes follow from ORTH.
# A single-token pattern using only these can be matched once per (orth, tag, dep) and cached;
# anything else (POS, MORPH, LEMMA, NORM, SENT_START, extensions, ...) is matched per doc.
# (Changing a lexeme's flags at runtime would not refresh the cache; the model's patterns only
# use LOWER and IS_SPACE, which nothing changes.)
_KEYED = {"TAG", "DEP", "ORTH", "TEXT", "LOWER", "LENGTH", "SHAPE", "PREFIX", "SUFFIX",
          "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT",
          "IS_SPACE", "IS_STOP", "IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT",
          "IS_CURRENCY", "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL"}

# The caches grow with the vocabulary of the text seen; past this many entries they start
# over, so a long-running process stays bounded (refilling costs a few seconds at most).
_CACHE_LIMIT = 250_000


def _is_keyed(token_pattern) -> bool:
    """Whether one token's conditions depend on (orth, tag, dep) only (and it is not optional)."""
    return all(isinstance(key, str) and key.upper() in _KEYED for key in token_pattern)


def _fixed_length(alternatives) -> bool:
    """Whether no token of any alternative has an operator, so each matches a fixed length."""
    return all(not (isinstance(key, str) and key.upper() == "OP")
               for pattern in alternatives for token in pattern for key in token)


def _required_tags(token_pattern) -> frozenset[str] | None:
    """The tags a token must have to match ``token_pattern``, or None if it takes any tag."""
    for key, value in token_pattern.items():
        if not (isinstance(key, str) and key.upper() == "TAG"):
            continue
        if isinstance(value, str):
            return frozenset([value])
        if (isinstance(value, dict) and list(value) == ["IN"]
                and all(isinstance(tag, str) for tag in value["IN"])):
            return frozenset(value["IN"])
    return None


class _Compiled:
    """The ruler's patterns split into a cached (keyed) group and a per-doc group.

    The keyed group holds single-token patterns that only look at (orth, tag, dep): they are
    matched once per such key. The per-doc group holds the rest. When every per-doc pattern
    has a fixed length and a keyed first token, the keyed group also learns which keys can
    start one ("starters"), and the per-doc matcher only runs on short windows from those
    tokens: on news text that is a few tokens per doc instead of all of them.

    Most keyed patterns name one tag (``{"TAG": "NNS"}``, ``{"TAG": "VBD", "LOWER": "was"}``)
    and a Matcher tries every pattern on every token, so keys are matched by tag, each tag
    against its own patterns plus the ones that take any tag (~35 instead of ~180).
    """

    def __init__(self, ruler: AttributeRuler):
        vocab = ruler.vocab
        self.vocab, self.validate = vocab, ruler.validate
        self.columns = sorted({attr for attrs in ruler.attrs for attr in attrs}, key=str)
        self.column = {attr: j for j, attr in enumerate(self.columns)}
        # Extension attributes ("_") cannot go through Doc.from_array: the caller falls back.
        self.vectorizable = "_" not in self.column
        self.per_doc = Matcher(vocab, validate=ruler.validate)
        self.start_key = vocab.strings.add("consilience-attribute-ruler-starter")
        keyed: list[tuple[int, list]] = []  # (match key, alternatives)
        starters = []
        self.window: int | None = 1  # longest per-doc alternative; None: match whole docs
        for i in range(len(ruler.attrs)):
            alternatives = ruler.matcher.get(str(i))[1]
            # Same key string as the stock ruler, so match ids map back to pattern indices.
            key = vocab.strings.add(str(i))
            if (ruler.indices[i] in (0, -1)
                    and all(len(p) == 1 and _is_keyed(p[0]) for p in alternatives)):
                keyed.append((key, alternatives))
                continue
            self.per_doc.add(key, alternatives)
            if self.window and _fixed_length(alternatives) and all(
                    p and _is_keyed(p[0]) for p in alternatives):
                starters.extend([p[0]] for p in alternatives)
                self.window = max(self.window, *(len(p) for p in alternatives))
            else:
                self.window = None
        if self.window and starters:
            keyed.append((self.start_key, starters))
        # Alternatives that need one of a few tags, by tag hash; the rest take any tag.
        self.any_tag: list[tuple[int, list]] = []
        self.by_tag: dict[int, list[tuple[int, list]]] = defaultdict(list)
        for key, alternatives in keyed:
            anywhere = [p for p in alternatives if _required_tags(p[0]) is None]
            if anywhere:
                self.any_tag.append((key, anywhere))
            for p in alternatives:
                for tag in _required_tags(p[0]) or ():
                    self.by_tag[vocab.strings.add(tag)].append((key, [p]))
        self._matchers: dict[int, Matcher | None] = {}
        self.has_per_doc = len(self.per_doc) > 0
        # (orth, tag, dep) -> (indices of matching keyed patterns, whether the token can start
        # a per-doc pattern, values row, set-mask row)
        self.cache: dict[tuple[int, int, int], _Entry] = {}

    def keyed_matcher(self, tag: int) -> Matcher | None:
        """A Matcher of the keyed alternatives a token with ``tag`` could match (None: none)."""
        if tag not in self._matchers:
            rules = self.any_tag + self.by_tag.get(tag, [])
            matcher = None
            if rules:
                matcher = Matcher(self.vocab, validate=self.validate)
                for key, alternatives in rules:
                    matcher.add(key, alternatives)  # add() extends a key's alternatives
            self._matchers[tag] = matcher
        return self._matchers[tag]


_Entry = tuple[tuple[int, ...], bool, np.ndarray, np.ndarray]


@Language.factory(
    RULER_FACTORY,
    default_config={"validate": False, "scorer": {"@scorers": "spacy.attribute_ruler_scorer.v1"}},
)
def make_fast_attribute_ruler(nlp: Language, name: str, validate: bool, scorer):
    return FastAttributeRuler(nlp.vocab, name, validate=validate, scorer=scorer)


class FastAttributeRuler(AttributeRuler):
    """An AttributeRuler that applies its patterns per distinct (orth, tag, dep), not per token.

    Same patterns, serialization and scorer as the stock ruler; only ``__call__`` differs.
    The stock ruler matches every pattern on the unmodified doc, then applies the matches in
    pattern order, later ones overriding earlier ones attribute by attribute. So each token's
    result is: for each attribute, the value of the highest-numbered matching pattern that
    sets it. That is what is computed here, per key, and merged with the per-doc matches.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._compiled: _Compiled | None = None

    def clear(self) -> None:
        super().clear()
        self._compiled = None  # patterns changed: rebuild the split on next use

    def add(self, patterns, attrs, index: int = 0) -> None:
        super().add(patterns, attrs, index)
        self._compiled = None

    def __call__(self, doc: Doc) -> Doc:
        if self._compiled is None:
            self._compiled = _Compiled(self)
        if not self._compiled.vectorizable:
            return super().__call__(doc)
        error_handler = self.get_error_handler()
        try:
            self._apply(doc, self._compiled)
            return doc
        except Exception as e:
            return error_handler(self.name, self, [doc], e)

    def _apply(self, doc: Doc, comp: _Compiled) -> None:
        if not len(doc) or not comp.columns:
            return
        keys = doc.to_array([ORTH, TAG, DEP])
        values = doc.to_array(comp.columns)
        uniq, inverse = np.unique(keys, axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
        uniq_keys = [tuple(k) for k in uniq.tolist()]
        if len(comp.cache) > _CACHE_LIMIT:
            comp.cache.clear()
        self._learn([k for k in uniq_keys if k not in comp.cache], comp)
        entries = [comp.cache[k] for k in uniq_keys]
        # Matching reads the doc as it came in: nothing is written before from_array below.
        per_doc = self._per_doc_matches(doc, comp, entries, inverse)
        set_values = np.stack([e[2] for e in entries])[inverse]
        set_mask = np.stack([e[3] for e in entries])[inverse]
        out = np.where(set_mask, set_values, values)
        if per_doc:
            self._merge(doc, per_doc, entries, inverse, values, out, comp)
        doc.from_array(comp.columns, out)

    def _per_doc_matches(self, doc, comp: _Compiled, entries, inverse) -> set:
        if not comp.has_per_doc:
            return set()
        if comp.window is None:
            return set(comp.per_doc(doc, allow_missing=True, as_spans=False))
        starts = np.flatnonzero(np.array([e[1] for e in entries], dtype=bool)[inverse])
        matches = set()
        # Fixed-length patterns, no operators: a match starting at s lies within
        # doc[s : s + window], and a match found in a window is one in the doc too.
        # Overlapping windows may report a match twice; the set keeps one.
        for s in starts.tolist():
            end = min(len(doc), s + comp.window)
            for match_id, start, stop in comp.per_doc(doc[s:end], allow_missing=True,
                                                      as_spans=False):
                matches.add((match_id, s + start, s + stop))
        return matches

    def _learn(self, new_keys: list[tuple[int, int, int]], comp: _Compiled) -> None:
        """Match the keyed patterns on docs with one token per new (orth, tag, dep)."""
        if not new_keys:
            return
        matched: dict[int, list[int]] = defaultdict(list)
        strings = self.vocab.strings
        by_tag: dict[int, list[int]] = defaultdict(list)
        for n, key in enumerate(new_keys):
            by_tag[key[1]].append(n)
        for tag, ns in by_tag.items():
            matcher = comp.keyed_matcher(tag)
            if matcher is None:
                continue
            probe = Doc(self.vocab, words=[strings[new_keys[n][0]] for n in ns],
                        spaces=[False] * len(ns))
            probe.from_array([TAG, DEP], np.array([new_keys[n][1:] for n in ns],
                                                  dtype=np.uint64))
            for match_id, start, _end in matcher(probe, allow_missing=True, as_spans=False):
                matched[ns[start]].append(-1 if match_id == comp.start_key
                                          else int(strings[match_id]))
        width = len(comp.columns)
        for n, key in enumerate(new_keys):
            found = set(matched.get(n, ()))
            indices = tuple(sorted(found - {-1}))
            row = np.zeros(width, dtype=np.uint64)
            mask = np.zeros(width, dtype=bool)
            for i in indices:  # ascending: later patterns override earlier ones
                for attr, value in self.attrs[i].items():
                    row[comp.column[attr]] = value
                    mask[comp.column[attr]] = True
            comp.cache[key] = (indices, -1 in found, row, mask)

    def _merge(self, doc, matches, entries, inverse, values, out, comp: _Compiled) -> None:
        """Redo, in stock order, the tokens that per-doc patterns touch."""
        touched: dict[int, list[int]] = defaultdict(list)
        for match_id, start, end in matches:
            i = int(self.vocab.strings[match_id])
            index = self.indices[i]
            position = (start if index >= 0 else end) + index
            if not start <= position < end:
                raise ValueError(Errors.E1001.format(
                    patterns=self.matcher.get(str(i)), span=[t.text for t in doc[start:end]],
                    index=index))
            touched[position].append(i)
        for position, extra in touched.items():
            row = values[position].copy()
            for i in sorted(set(extra) | set(entries[inverse[position]][0])):
                for attr, value in self.attrs[i].items():
                    row[comp.column[attr]] = value
            out[position] = row


@English.factory(
    LEMMATIZER_FACTORY,
    assigns=["token.lemma"],
    default_config={"model": None, "mode": "rule", "overwrite": False,
                    "scorer": {"@scorers": "spacy.lemmatizer_scorer.v1"}},
    default_score_weights={"lemma_acc": 1.0},
)
def make_fast_lemmatizer(nlp: Language, model, name: str, mode: str, overwrite: bool, scorer):
    return FastEnglishLemmatizer(nlp.vocab, model, name, mode=mode, overwrite=overwrite,
                                 scorer=scorer)


class FastEnglishLemmatizer(EnglishLemmatizer):
    """The English rule lemmatizer, asked once per distinct (orth, pos, morph).

    ``rule_lemmatize`` reads nothing of a token but its text, POS and morphology (that triple
    is spaCy's own cache key), so its first answer for a triple holds for every token with it.

    New triples still cost ~100 µs each in ``rule_lemmatize``, nearly all of it in
    ``form in index``: the ``lemma_index`` table holds plain lists (57k nouns), scanned
    linearly. While it answers, it is handed the same tables with those lists as frozensets,
    which give the same membership answers in constant time. The stored ``lookups`` (what is
    serialized) are never modified.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._forget()

    def _forget(self) -> None:
        """Drop what was derived from the lookup tables (they were just replaced)."""
        # Lemma strings, not hashes: a hash alone would not survive a vocab memory zone.
        self._lemma_of: dict[tuple[int, int, int], str] = {}
        self._indexed: tuple[Lookups, Lookups] | None = None  # (source, with frozensets)

    def initialize(self, *args, **kwargs):
        self._forget()
        return super().initialize(*args, **kwargs)

    def from_bytes(self, *args, **kwargs):
        self._forget()
        return super().from_bytes(*args, **kwargs)

    def from_disk(self, *args, **kwargs):
        self._forget()
        return super().from_disk(*args, **kwargs)

    def _indexed_lookups(self) -> Lookups:
        """``self.lookups`` with each ``lemma_index`` list of strings as a frozenset."""
        if self._indexed is None or self._indexed[0] is not self.lookups:
            indexed = Lookups()
            for name in self.lookups.tables:
                table = self.lookups.get_table(name)
                if name == "lemma_index":
                    table = Table(name=name, data={key: _as_set(forms)
                                                   for key, forms in table.items()})
                indexed.set_table(name, table)
            self._indexed = (self.lookups, indexed)
        return self._indexed[1]

    def _lemmatize_new(self, token) -> str:
        """``rule_lemmatize(token)[0]``, with set-backed index tables while it runs."""
        stored = self.lookups
        self.lookups = self._indexed_lookups()
        try:
            return self.lemmatize(token)[0]
        finally:
            self.lookups = stored

    def __call__(self, doc: Doc) -> Doc:
        if self.mode != "rule":
            return super().__call__(doc)
        if not self._validated:
            self._validate_tables(Errors.E1004)
        error_handler = self.get_error_handler()
        try:
            self._apply(doc)
            return doc
        except Exception as e:
            return error_handler(self.name, self, [doc], e)

    def _apply(self, doc: Doc) -> None:
        if not len(doc):
            return
        table = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = table[:, 3].copy()
        # Like the stock loop: without overwrite, lemmas the attribute ruler set are kept.
        todo = np.arange(len(doc)) if self.overwrite else np.flatnonzero(lemmas == 0)
        if not todo.size:
            return
        uniq, first, inverse = np.unique(table[todo, :3], axis=0, return_index=True,
                                         return_inverse=True)
        if len(self._lemma_of) > _CACHE_LIMIT:
            self._lemma_of.clear()
        strings = self.vocab.strings
        hashes = np.empty(len(uniq), dtype=np.uint64)
        for u, (key, i) in enumerate(zip(map(tuple, uniq.tolist()), first.tolist(),
                                         strict=True)):
            lemma = self._lemma_of.get(key)
            if lemma is None:
                lemma = self._lemma_of[key] = self._lemmatize_new(doc[int(todo[i])])
            hashes[u] = strings.add(lemma)  # what the stock ``token.lemma_ = ...`` stores
        lemmas[todo] = hashes[inverse.reshape(-1)]
        doc.from_array([LEMMA], lemmas)


def _as_set(forms):
    """A list of strings as a frozenset (same ``in`` answers); anything else unchanged."""
    if isinstance(forms, list) and all(isinstance(form, str) for form in forms):
        return frozenset(forms)
    return forms


def speed_up(nlp: Language) -> Language:
    """Swap the stock attribute_ruler and rule lemmatizer of ``nlp`` for the fast ones.

    Names, positions, patterns and lookup tables stay; components of any other kind (a
    lookup lemmatizer, a subclassed ruler) are left alone, since the equivalence argument
    above only covers the stock classes.
    """
    if "attribute_ruler" in nlp.pipe_names:
        old = nlp.get_pipe("attribute_ruler")
        if type(old) is AttributeRuler:
            patterns = old.patterns
            new = nlp.replace_pipe("attribute_ruler", RULER_FACTORY,
                                   config={"validate": old.validate})
            new.add_patterns(patterns)
    if "lemmatizer" in nlp.pipe_names:
        old = nlp.get_pipe("lemmatizer")
        if type(old) is EnglishLemmatizer and old.mode == "rule":
            new = nlp.replace_pipe("lemmatizer", LEMMATIZER_FACTORY,
                                   config={"mode": "rule", "overwrite": old.overwrite})
            new.initialize(lookups=old.lookups)
    return nlp


__all__ = ["FastAttributeRuler", "FastEnglishLemmatizer", "speed_up"]
