"""MinHash signatures of character shingles, computed in batches with numpy, and their LSH bands.

The signatures are those of datasketch's ``MinHash`` in spirit (one universal hash per permutation,
the minimum over the shingles) but computed for many texts at once: datasketch hashes one text at a
time (about 0.6 ms per item), too slow to index a million items in minutes. ``signature`` is the
definition (one text, used by lookups); ``signatures`` computes the same values for a batch (the
shingles of all texts in one array, one permutation at a time in place, about 0.07 ms a text). Band parameters come from
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


_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
CHUNK = 500  # texts per numpy pass: a few MB of temporaries, which stay in the CPU's cache


def _shingle_hashes(text: str) -> np.ndarray:
    """32-bit hashes of the distinct character ``SHINGLE``-grams of the normalised text (one text)."""
    clean = normalise(text)
    if not clean:
        return np.zeros(0, dtype=np.uint64)
    codes = np.frombuffer(clean.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) < SHINGLE:
        codes = np.concatenate([codes, np.zeros(SHINGLE - len(codes), dtype=np.uint64)])
    combined = codes[: len(codes) - SHINGLE + 1].copy()
    for k in range(1, SHINGLE):
        combined = (combined << np.uint64(21)) ^ codes[k : len(codes) - SHINGLE + 1 + k]
    mixed = combined * _GOLDEN
    return np.unique(mixed >> np.uint64(32))


def signature(text: str) -> np.ndarray:
    """The MinHash signature of one text (lookups; the definition ``signatures`` must agree with):
    for each permutation (a·h + b) mod 2^64, top 32 bits — a multiply-shift universal hash — and the
    minimum over the text's shingles."""
    hashes = _shingle_hashes(text)
    if len(hashes) == 0:
        return _EMPTY.copy()
    permuted = ((hashes[None, :] * _A[:, None] + _B[:, None]) >> np.uint64(32)).astype(np.uint32)
    return permuted.min(axis=1)


def shingle_hashes_many(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The shingle hashes of many texts at once: (hashes of every text one after the other, how many
    each text has). The same hashes as ``_shingle_hashes`` text by text, repeats kept (a repeat does
    not change a minimum)."""
    cleans = [normalise(t) for t in texts]
    # A text shorter than a shingle is padded with U+0000 to one shingle, as ``_shingle_hashes`` does.
    padded = [c + "\0" * (SHINGLE - len(c)) if 0 < len(c) < SHINGLE else c for c in cleans]
    lengths = np.fromiter((len(c) for c in padded), dtype=np.int64, count=len(padded))
    counts = np.maximum(lengths - SHINGLE + 1, 0)
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, dtype=np.uint64), counts
    codes = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(codes) - SHINGLE + 1
    combined = codes[:n].copy()
    for k in range(1, SHINGLE):
        combined <<= np.uint64(21)
        combined ^= codes[k : n + k]
    # Keep the shingles that start and end inside one text: text i's start + 0 … its count - 1.
    text_starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    first = np.concatenate([[0], np.cumsum(counts)[:-1]])
    positions = np.repeat(text_starts - first, counts) + np.arange(total)
    hashes = combined[positions]
    hashes *= _GOLDEN
    hashes >>= np.uint64(32)
    return hashes, counts


def signatures(texts: Sequence[str]) -> np.ndarray:
    """A (len(texts), NUM_PERM) uint32 array: the MinHash signature of each text, equal to
    ``signature`` of each (tests/test_minhash.py), computed for ``CHUNK`` texts per numpy pass."""
    result = np.empty((len(texts), NUM_PERM), dtype=np.uint32)
    for start in range(0, len(texts), CHUNK):
        result[start : start + CHUNK] = _signatures_chunk(texts[start : start + CHUNK])
    return result


def _signatures_chunk(texts: Sequence[str]) -> np.ndarray:
    hashes, counts = shingle_hashes_many(texts)
    result = np.empty((len(texts), NUM_PERM), dtype=np.uint32)
    result[:] = _EMPTY
    nonempty = np.flatnonzero(counts)
    if len(nonempty) == 0:
        return result
    starts = np.concatenate([[0], np.cumsum(counts[nonempty])[:-1]])
    permuted = np.empty(len(hashes), dtype=np.uint64)
    mins = np.empty((len(nonempty), NUM_PERM), dtype=np.uint64)
    for p in range(NUM_PERM):  # one permutation at a time, in place: no (NUM_PERM × shingles) array
        np.multiply(hashes, _A[p], out=permuted)
        permuted += _B[p]
        permuted >>= np.uint64(32)
        mins[:, p] = np.minimum.reduceat(permuted, starts)
    result[nonempty] = mins
    return result


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
