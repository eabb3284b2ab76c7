"""MinHash signatures: the batch computation (indexing) equals the one-text definition (lookups), and
the values are those the existing indexes were built with."""

from __future__ import annotations

import hashlib
import random

import numpy as np

from xinbao.insights import corpus, minhash

EDGE_CASES = [
    "",  # no shingle: the empty signature
    "，。！ 123",  # punctuation, spaces and digits only: no shingle either
    "甲",  # shorter than a shingle: padded to one
    "甲乙",
    "甲乙丙",  # exactly one shingle
    "啊啊啊啊啊啊",  # one distinct shingle, repeated
    "𠀀𠀁𠀂x",  # characters outside the BMP (four bytes in UTF-32 as in UTF-8)
    "Ａ\u3000b",
]


def _texts() -> list[str]:
    rng = random.Random(7)
    generated = [f"{t.title}\n{t.body}" for t in (corpus.text(rng) for _ in range(minhash.CHUNK + 150))]
    # Edge cases between long texts too: a shingle must never run from one text into the next.
    return EDGE_CASES + generated[:40] + EDGE_CASES + generated[40:]


def test_batch_signatures_equal_the_one_text_definition():
    texts = _texts()
    assert len(texts) > minhash.CHUNK  # the batch crosses a chunk boundary
    batch = minhash.signatures(texts)
    one_by_one = np.stack([minhash.signature(t) for t in texts])
    assert batch.dtype == np.uint32 and batch.shape == (len(texts), minhash.NUM_PERM)
    assert np.array_equal(batch, one_by_one)


def test_hand_worked_equalities():
    sigs = minhash.signatures(["啊啊啊啊啊", "啊啊啊", "城关镇，饮水 2024", "城关镇饮水", "", "，。"])
    # "啊啊啊啊啊" has the shingle 啊啊啊 three times, "啊啊啊" once: the same set, the same minima.
    assert np.array_equal(sigs[0], sigs[1])
    # Punctuation, spaces and digits are dropped before shingling.
    assert np.array_equal(sigs[2], sigs[3])
    # No shingle: every value is the maximum, and such texts match nothing (estimate 1.0 only with
    # another empty text, which lookups never index: they skip blank texts).
    assert (sigs[4] == 0xFFFFFFFF).all() and (sigs[5] == 0xFFFFFFFF).all()
    assert not np.array_equal(sigs[0], sigs[3])


def test_signatures_are_those_the_existing_indexes_hold():
    """Pinned from the code that built the indexes before the batch computation was rewritten: a
    change here would make every stored signature stale (rebuild with manage.py insights_reindex)."""
    sig = minhash.signature("城关镇农村饮水安全工程惠及8600余人。今年以来，城关镇坚持问题导向。")
    assert sig[:8].tolist() == [82396833, 83398069, 21988184, 334210090, 22314635, 231319649, 131167292, 616889352]
    assert hashlib.sha256(sig.tobytes()).hexdigest() == (
        "da0c2ee024f5ef1e45b4474062883eaaaec0981e14f8c0a726778826e7d43d79"
    )


def test_band_keys_of_a_batch_equal_those_of_one_signature():
    sigs = minhash.signatures(_texts()[:60])
    many = minhash.band_keys_many(sigs, 4242)
    assert many.shape == (60, minhash.BANDS)
    for row, sig in zip(many.tolist(), sigs, strict=True):
        assert row == minhash.band_keys(sig, [4242])
    # Another hub's scope gives other buckets for the same text.
    assert not set(minhash.band_keys(sigs[0], [4243])) & set(many[0].tolist())
