"""A FAISS index keyed by integer ids, that grows from exact search to HNSW.

Both the forget registry and the handbook need "top-k rows most similar to this vector" with
deletions. Small collections use an exact flat inner-product index (best recall, trivial cost);
past ``hnsw_threshold`` rows the index is rebuilt as HNSW so search stays ~milliseconds at 100k.
Vectors are kept in memory so the index can be rebuilt after deletions or on growth.

This is the one FAISS wrapper in guardgraph: searches run on a single OpenMP thread
(:func:`single_threaded`), and a built HNSW graph can be exported (:meth:`VectorIndex.built`) and
adopted back from a file (:meth:`VectorIndex.adopt`) for an on-disk cache.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import faiss
import numpy as np

__all__ = ["VectorIndex", "single_threaded"]


@contextmanager
def single_threaded() -> Iterator[None]:
    """Run this thread's FAISS calls without OpenMP fan-out, then restore its setting.

    A one-vector search is microseconds of work; waking OpenMP workers for it costs more than the
    search and, on a busy 2-core machine, dominates (measured 60 ms with 2 threads vs 0.9 ms with
    1 for a 10k flat index). ``omp_set_num_threads`` is per calling thread, so other threads (and
    bulk index builds outside this block) keep their parallelism.
    """
    previous = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(previous)


class VectorIndex:
    """Inner-product search over L2-normalised vectors with stable integer ids."""

    def __init__(self, dim: int, hnsw_threshold: int = 20_000, hnsw_m: int = 32, ef_search: int = 64) -> None:
        self.dim = dim
        self.hnsw_threshold = hnsw_threshold
        self.hnsw_m = hnsw_m
        self.ef_search = ef_search
        self._vectors: dict[int, np.ndarray] = {}
        self._index: faiss.Index | None = None
        self._pending: list[int] = []  # ids added since the last build (HNSW only)
        self._lock = threading.RLock()
        self.builds = 0  # full (re)builds done in this process (an on-disk cache saves after one)

    def __len__(self) -> int:
        return len(self._vectors)

    @property
    def kind(self) -> str:
        return "hnsw" if len(self._vectors) >= self.hnsw_threshold else "flat"

    def add(self, ids: list[int], vectors: np.ndarray) -> None:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(ids), self.dim)
        with self._lock:
            replaced = any(i in self._vectors for i in ids)
            for i, vector in zip(ids, vectors):
                self._vectors[int(i)] = vector
            if self._index is None or replaced or self._needs_kind_change():
                self._index = None
                return
            self._index.add_with_ids(vectors, np.asarray(ids, dtype=np.int64))

    def remove(self, ids: list[int]) -> None:
        with self._lock:
            removed = [i for i in ids if self._vectors.pop(int(i), None) is not None]
            if removed and self._index is not None:
                if isinstance(self._index, faiss.IndexIDMap2) and self.kind == "flat":
                    self._index.remove_ids(np.asarray(removed, dtype=np.int64))
                else:
                    self._index = None

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """Ids and cosine similarities of the ``k`` nearest rows, best first.

        A (re)build uses every OpenMP thread; the query itself runs single-threaded.
        """
        with self._lock:
            if not self._vectors or k <= 0:
                return []
            index = self._ensure_index()
            query = np.ascontiguousarray(query, dtype=np.float32).reshape(1, self.dim)
            with single_threaded():
                scores, ids = index.search(query, min(k, len(self._vectors)))
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i != -1]

    def built(self) -> faiss.Index | None:
        """The built HNSW structure (to save to a cache file), or None when flat or not built."""
        with self._lock:
            return self._index if self.kind == "hnsw" and not self._needs_kind_change() else None

    def invalidate(self) -> None:
        """Forget the built structure (it is rebuilt from the kept vectors on the next search)."""
        with self._lock:
            self._index = None

    def adopt(self, index: faiss.Index, max_stale: float = 0.1) -> set[int] | None:
        """Use a loaded HNSW index; add vectors it lacks. Returns ids it has that we don't (ghosts),
        or None (not adopted) when it is the wrong kind or too stale to be worth patching."""
        with self._lock:
            if self.kind != "hnsw" or index.d != self.dim or not isinstance(index, faiss.IndexIDMap):
                return None
            inner = faiss.downcast_index(index.index)
            if not isinstance(inner, faiss.IndexHNSWFlat) or index.metric_type != faiss.METRIC_INNER_PRODUCT:
                return None
            file_ids = set(faiss.vector_to_array(index.id_map).tolist())
            if len(file_ids) != index.ntotal:
                return None
            ghosts = file_ids - self._vectors.keys()
            missing = [i for i in self._vectors if i not in file_ids]
            if len(ghosts) + len(missing) > max_stale * max(len(self._vectors), 1):
                return None
            if missing:
                matrix = np.stack([self._vectors[i] for i in missing]).astype(np.float32)
                index.add_with_ids(matrix, np.asarray(missing, dtype=np.int64))
            inner.hnsw.efSearch = self.ef_search
            self._index = index
            return ghosts

    def _needs_kind_change(self) -> bool:
        built_hnsw = self._index is not None and not isinstance(self._index, faiss.IndexIDMap2)
        return built_hnsw != (self.kind == "hnsw")

    def _ensure_index(self) -> faiss.Index:
        if self._index is not None:
            return self._index
        self.builds += 1
        ids = np.fromiter(self._vectors.keys(), dtype=np.int64, count=len(self._vectors))
        matrix = np.stack(list(self._vectors.values())).astype(np.float32)
        if self.kind == "hnsw":
            hnsw = faiss.IndexHNSWFlat(self.dim, self.hnsw_m, faiss.METRIC_INNER_PRODUCT)
            hnsw.hnsw.efSearch = self.ef_search
            index: faiss.Index = faiss.IndexIDMap(hnsw)
        else:
            index = faiss.IndexIDMap2(faiss.IndexFlatIP(self.dim))
        index.add_with_ids(matrix, ids)
        self._index = index
        return index
