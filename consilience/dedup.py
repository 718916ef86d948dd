"""Dedup: exact and near-duplicate detection, so syndicated copies count as one source.

Exact copies share ``Article.content_hash``. Near copies (a wire story re-published with a new
headline, a trailing paragraph of the outlet's own, a cut ending) are found with MinHash LSH
(datasketch) over word 4-gram shingles. LSH only proposes candidates; a candidate is a copy
when the estimated *containment* of the smaller text in the larger is at least the threshold,
because a syndicated copy is often the original plus or minus a paragraph, which lowers the
Jaccard index but not containment.

The index lives in memory and is rebuilt from the signatures the store keeps, so adding to a
large database never re-hashes stored texts.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

from .records import Article

NUM_PERM = 128
SCHEME = "affine32"  # datasketch 2 hashing scheme; stored signatures assume it
SHINGLE = 4
MIN_SHINGLES = 12  # below this a signature says little: only exact copies count
_WORD = re.compile(r"\w+", re.UNICODE)
_HEADER = struct.Struct("<I")  # shingle count, stored before the hash values


@dataclass(frozen=True)
class Match:
    original_id: str
    similarity: float  # estimated containment of the smaller text in the larger


@dataclass
class Signature:
    minhash: MinHash
    size: int  # number of distinct shingles

    def to_bytes(self) -> bytes:
        return _HEADER.pack(self.size) + self.minhash.hashvalues.astype("<u8").tobytes()

    @classmethod
    def from_bytes(cls, blob: bytes) -> Signature:
        (size,) = _HEADER.unpack_from(blob)
        values = np.frombuffer(blob[_HEADER.size:], dtype="<u8").astype(np.uint64)
        return cls(MinHash(num_perm=len(values), hashvalues=values, scheme=SCHEME), size)


def shingles(text: str) -> set[str]:
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < SHINGLE:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> Signature:
    grams = shingles(text)
    m = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    m.update_batch([g.encode("utf-8") for g in grams])
    return Signature(m, len(grams))


def containment(a: Signature, b: Signature) -> float:
    """Estimated |A∩B| / min(|A|, |B|) from the MinHash Jaccard estimate and set sizes."""
    j = a.minhash.jaccard(b.minhash)
    inter = j / (1.0 + j) * (a.size + b.size)
    return min(1.0, inter / max(1, min(a.size, b.size)))


class Deduper:
    """Finds the stored original of a new article, if it is a copy of one."""

    def __init__(self, threshold: float = 0.8):
        self.threshold = threshold
        # Candidate recall matters more than precision here: containment filters afterwards.
        # A copy with a third more text still has Jaccard ~0.5 against its original.
        self._lsh = MinHashLSH(threshold=0.3, num_perm=NUM_PERM)
        self._sigs: dict[str, Signature] = {}

    def __len__(self) -> int:
        return len(self._sigs)

    def add(self, article_id: str, sig: Signature) -> None:
        if article_id in self._sigs:
            return
        self._sigs[article_id] = sig
        if sig.size >= MIN_SHINGLES:
            self._lsh.insert(article_id, sig.minhash)

    def load(self, stored: list[tuple[str, bytes]]) -> None:
        for article_id, blob in stored:
            self.add(article_id, Signature.from_bytes(blob))

    def candidates(self, sig: Signature) -> list[Match]:
        """Stored articles this signature is a near copy of, most similar first."""
        if sig.size < MIN_SHINGLES:
            return []
        found = []
        for other_id in self._lsh.query(sig.minhash):
            c = containment(sig, self._sigs[other_id])
            if c >= self.threshold:
                found.append(Match(other_id, round(c, 3)))
        return sorted(found, key=lambda m: (-m.similarity, m.original_id))


def pick_original(new: Article, stored: list[Article]) -> Article | None:
    """Which stored article the new one copies; None when the new one is the original.

    The original is the earliest published. On the same day (or with no dates) the shorter
    text wins, because outlets that re-publish a wire story more often append their own
    lines and credits than cut; then the smallest id, so any order of adding gives the same
    originals.
    """
    roots = [a for a in stored if a.duplicate_of is None] or stored
    if not roots:
        return None
    first = min(roots, key=_age)
    return None if _age(new) < _age(first) else first


def _age(a: Article) -> tuple[str, int, str]:
    return (a.published or "9999-99-99", a.words, a.id)
