"""MinHash signatures of character shingles, computed in batches with numpy, and their LSH bands.

The signatures are those of datasketch's ``MinHash`` in spirit (one universal hash per permutation,
the minimum over the shingles) but computed for many texts at once: datasketch hashes one text at a
time (about 0.6 ms per item), too slow to index a million items in minutes. Band parameters come from
datasketch's own optimiser, and ``lean`` turns a signature into a datasketch ``LeanMinHash`` for its
in-memory ``MinHashLSH`` (hot-topic clustering).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from datasketch import LeanMinHash

from .text import normalise

NUM_PERM = 64
BANDS, ROWS = 32, 2  # 32 bands of 2 rows: a pair with Jaccard 0.3 becomes a candidate with p = 0.95
SHINGLE = 3
SEED = 20260501

_rng = np.random.default_rng(SEED)
_A = (_rng.integers(1, 2**63, NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)).astype(np.uint64)
_B = _rng.integers(0, 2**63, NUM_PERM, dtype=np.uint64).astype(np.uint64)
_BAND_MULT = _rng.integers(1, 2**63, ROWS + 2, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_EMPTY = np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)


def _shingle_hashes(text: str) -> np.ndarray:
    """32-bit hashes of the distinct character ``SHINGLE``-grams of the normalised text."""
    clean = normalise(text)
    if not clean:
        return np.zeros(0, dtype=np.uint64)
    codes = np.frombuffer(clean.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) < SHINGLE:
        codes = np.concatenate([codes, np.zeros(SHINGLE - len(codes), dtype=np.uint64)])
    combined = codes[: len(codes) - SHINGLE + 1].copy()
    for k in range(1, SHINGLE):
        combined = (combined << np.uint64(21)) ^ codes[k : len(codes) - SHINGLE + 1 + k]
    mixed = combined * np.uint64(0x9E3779B97F4A7C15)
    return np.unique(mixed >> np.uint64(32))


def signatures(texts: Sequence[str]) -> np.ndarray:
    """A (len(texts), NUM_PERM) uint32 array: the MinHash signature of each text."""
    hashes = [_shingle_hashes(t) for t in texts]
    result = np.empty((len(texts), NUM_PERM), dtype=np.uint32)
    lengths = np.array([len(h) for h in hashes])
    if lengths.sum() == 0:
        result[:] = _EMPTY
        return result
    flat = np.concatenate([h for h in hashes if len(h)])
    starts = np.concatenate([[0], np.cumsum(lengths[lengths > 0])[:-1]])
    nonempty = np.flatnonzero(lengths > 0)
    # (a·h + b) mod 2^64, top 32 bits: a multiply-shift universal hash per permutation.
    permuted = ((flat[None, :] * _A[:, None] + _B[:, None]) >> np.uint64(32)).astype(np.uint32)
    mins = np.minimum.reduceat(permuted, starts, axis=1).T
    result[:] = _EMPTY
    result[nonempty] = mins
    return result


def signature(text: str) -> np.ndarray:
    return signatures([text])[0]


def estimate(query: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of ``query`` with each row of ``others``."""
    if len(others) == 0:
        return np.zeros(0)
    return (others == query[None, :]).mean(axis=1)


def band_keys(sig: np.ndarray, scope_ids: Sequence[int]) -> list[int]:
    """The LSH bucket of each band of ``sig`` within each scope (a hub): positive 63-bit integers."""
    bands = sig[: BANDS * ROWS].astype(np.uint64).reshape(BANDS, ROWS)
    base = np.arange(BANDS, dtype=np.uint64) * _BAND_MULT[0]
    for r in range(ROWS):
        base = base ^ (bands[:, r] * _BAND_MULT[r + 1])
    keys: list[int] = []
    golden = np.full(BANDS, 0x9E3779B97F4A7C15, dtype=np.uint64)
    for scope in scope_ids:
        salt = np.full(BANDS, scope, dtype=np.uint64) * _BAND_MULT[ROWS + 1]  # arrays wrap silently
        mixed = (base ^ salt) * golden
        keys.extend(int(k) for k in (mixed >> np.uint64(1)))
    return keys


def band_keys_many(sigs: np.ndarray, scope: int) -> np.ndarray:
    """``band_keys`` for many signatures within one scope at once: a (len(sigs), BANDS) int64 array."""
    bands = sigs[:, : BANDS * ROWS].astype(np.uint64).reshape(len(sigs), BANDS, ROWS)
    base = np.broadcast_to(np.arange(BANDS, dtype=np.uint64) * _BAND_MULT[0], (len(sigs), BANDS)).copy()
    for r in range(ROWS):
        base ^= bands[:, :, r] * _BAND_MULT[r + 1]
    salt = np.full(BANDS, scope, dtype=np.uint64) * _BAND_MULT[ROWS + 1]
    golden = np.full(BANDS, 0x9E3779B97F4A7C15, dtype=np.uint64)
    return ((base ^ salt) * golden >> np.uint64(1)).astype(np.int64)


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_bytes(raw: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(raw), dtype="<u4")


def lean(sig: np.ndarray) -> LeanMinHash:
    """A datasketch ``LeanMinHash`` with this signature (for datasketch's in-memory LSH)."""
    return LeanMinHash(seed=SEED, hashvalues=sig.astype(np.uint32), scheme="affine32")
