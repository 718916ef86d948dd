"""The shared sentence model: normalized vectors in input order, each text encoded once."""

from __future__ import annotations

import numpy as np
import pytest

from consilience import embed

pytestmark = pytest.mark.slow


@pytest.fixture
def small_cache():
    """A tiny cache for one test, then the default back (other tests share the module)."""
    embed.set_cache_size(2)
    yield
    embed.set_cache_size(embed.DEFAULT_CACHE_SIZE)


def test_vectors_are_normalized_rows_in_input_order():
    texts = [
        "The ferry left Port Alder at dawn with 212 passengers aboard.",
        "Rain is expected across the northern valleys tomorrow.",
    ]
    both = embed.encode(texts)
    assert both.shape == (2, embed.DIM)
    assert both.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(both, axis=1), 1.0, atol=1e-5)
    # each row is the text's own vector, whatever else is in the call
    np.testing.assert_allclose(embed.encode([texts[1]])[0], both[1], atol=1e-6)
    np.testing.assert_allclose(embed.encode(texts[::-1]), both[::-1], atol=1e-6)


def test_paraphrase_is_closer_than_an_unrelated_sentence():
    a, paraphrase, unrelated = embed.encode(
        [
            "The council voted to close the old bridge over the Tamsin river.",
            "Councillors decided the aging Tamsin river bridge will be shut.",
            "The bakery on Elm Street now sells rye bread on Sundays.",
        ]
    )
    assert embed.similarity(a, paraphrase).item() > 0.6
    assert embed.similarity(a, unrelated).item() < 0.3


def test_a_text_goes_through_the_model_once():
    text = "Volunteers planted 4,000 oak saplings on the slopes above Varnholt."
    before = embed.cache_info()
    embed.encode([text, text, text])
    middle = embed.cache_info()
    embed.encode([text])
    after = embed.cache_info()
    assert middle.misses - before.misses == 1  # three copies in one call: encoded once
    assert after.misses == middle.misses  # later calls are served from the cache
    assert after.hits == middle.hits + 1


def test_a_cache_smaller_than_the_call_still_gives_every_vector(small_cache):
    texts = [
        f"Stall number {n} at the Gorsedd market sells {w}."
        for n, w in [(1, "apples"), (2, "wool"), (3, "cheese"), (4, "lamps")]
    ]
    embed.encode(texts[:1])  # cached, then evicted by this very call below
    vectors = embed.encode(texts)
    assert embed.cache_info().size <= 2
    embed.set_cache_size(0)  # nothing cached: everything recomputed
    np.testing.assert_allclose(embed.encode(texts), vectors, atol=1e-5)


def test_empty_input_and_a_lone_string():
    assert embed.encode([]).shape == (0, embed.DIM)
    with pytest.raises(TypeError):
        embed.encode("one string is not a list of texts")


def test_mean_vector_is_a_normalized_centroid():
    rows = embed.encode(
        ["Lighthouse keepers went on strike.", "The keepers of the lighthouses struck."]
    )
    centroid = embed.mean_vector(rows)
    assert abs(float(np.linalg.norm(centroid)) - 1.0) < 1e-5
    # the centroid is at least as close to each member as the members are to each other
    between = embed.similarity(rows[0], rows[1]).item()
    assert (embed.similarity(rows, centroid).ravel() >= between - 1e-6).all()


def test_persisted_vectors_are_read_back_instead_of_encoded(tmp_path):
    from consilience import embed
    from consilience.store import Store

    store = Store(str(tmp_path / "c.db"))
    texts = ["A ferry ran aground off Tessa Point on Friday.",
             "The harbour office closed the north channel."]
    with embed.backed_by(store):
        first = embed.encode(texts, persist=True)
    assert len(store.get_vectors([embed._key(t).hex() for t in texts])) == 2
    embed.clear_cache()  # as a new process would start
    with embed.backed_by(store):
        again = embed.encode(texts, persist=True)
    assert embed.cache_info().misses == 0  # nothing went through the model
    assert (again == first).all()


def test_texts_encoded_ahead_are_cached_and_still_persisted(tmp_path):
    from consilience.store import Store

    texts = ["The Orlo dam spillway opened at dawn on Monday.",
             "Engineers lowered the reservoir by two metres."]
    with embed.ahead() as early:
        early.submit(texts)
    before = embed.cache_info()
    store = Store(str(tmp_path / "c.db"))
    with embed.backed_by(store):
        vecs = embed.encode(texts, persist=True)
    after = embed.cache_info()
    assert after.misses == before.misses  # the background thread had encoded both
    # ...and a vector computed before the store was attached still reaches it
    stored = store.get_vectors([embed._key(t).hex() for t in texts])
    assert len(stored) == 2
    assert np.allclose(np.frombuffer(stored[embed._key(texts[0]).hex()], dtype="<f4"), vecs[0])


def test_an_error_in_the_block_abandons_the_background_work():
    import time

    start = time.perf_counter()
    with pytest.raises(KeyboardInterrupt), embed.ahead() as early:
        early.submit([f"Sentence number {n} about the Orlo dam." for n in range(2000)])
        raise KeyboardInterrupt
    # Ctrl-C does not wait for 2,000 sentences (about 20 s of encoding) to be done
    assert time.perf_counter() - start < 10


# ---------------------------------------------------------------- the ONNX runtime

_SENTENCES = [
    "The ferry left Port Alder at dawn with 212 passengers aboard.",
    "",  # an empty text still has a vector: the model's [CLS] [SEP]
    "  Officials said the missiles 'will speak for themselves'.  ",
    "word " * 400,  # longer than the model reads: cut at 256 tokens by both runtimes
]


def test_the_onnx_runtime_gives_the_torch_models_vectors():
    assert embed.backend() == "onnx"
    onnx = embed.load().encode(_SENTENCES)
    torch = embed._TorchEncoder(embed.load_torch()).encode(_SENTENCES)
    cosines = np.sum(onnx * torch, axis=1)
    assert cosines.min() > 0.99999, cosines


def test_without_onnx_the_sentence_model_runs_on_torch(monkeypatch):
    monkeypatch.setenv("CONSILIENCE_EMBED", "torch")
    model = embed._load_model()
    assert type(model).__name__ == "_TorchEncoder"
    np.testing.assert_allclose(model.encode(_SENTENCES[:1]), embed.encode(_SENTENCES[:1]),
                               atol=1e-5)


def test_a_damaged_cached_graph_is_exported_again(tmp_path, monkeypatch):
    from consilience.onnx_model import OnnxEncoder, onnx_path

    monkeypatch.setenv("CONSILIENCE_CACHE", str(tmp_path))
    path = onnx_path(embed.model_path())
    assert path.parent == tmp_path
    path.write_bytes(b"half a file")  # a disk filled up, an interrupted copy
    encoder = OnnxEncoder(embed.model_path(), threads=1)
    assert path.stat().st_size > 10_000_000
    np.testing.assert_allclose(encoder.encode(_SENTENCES[:1]), embed.encode(_SENTENCES[:1]),
                               atol=1e-5)
    assert not list(tmp_path.glob("*.part"))  # no temporary file left behind


def test_an_unusable_cache_directory_falls_back_to_torch(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache should be")
    monkeypatch.setenv("CONSILIENCE_CACHE", str(blocker / "cache"))
    assert type(embed._load_model()).__name__ == "_TorchEncoder"
