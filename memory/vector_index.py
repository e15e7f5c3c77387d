"""A FAISS index keyed by integer ids, that grows from exact search to HNSW.

Both the forget registry and the handbook need "top-k rows most similar to this vector" with
deletions. Small collections use an exact flat inner-product index (best recall, trivial cost);
past ``hnsw_threshold`` rows the index is rebuilt as HNSW so search stays ~milliseconds at 100k.
Vectors are kept in memory so the index can be rebuilt after deletions or on growth.
"""

from __future__ import annotations

import threading

import faiss
import numpy as np


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
        """Ids and cosine similarities of the ``k`` nearest rows, best first."""
        with self._lock:
            if not self._vectors or k <= 0:
                return []
            index = self._ensure_index()
            query = np.ascontiguousarray(query, dtype=np.float32).reshape(1, self.dim)
            scores, ids = index.search(query, min(k, len(self._vectors)))
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i != -1]

    def _needs_kind_change(self) -> bool:
        built_hnsw = self._index is not None and not isinstance(self._index, faiss.IndexIDMap2)
        return built_hnsw != (self.kind == "hnsw")

    def _ensure_index(self) -> faiss.Index:
        if self._index is not None:
            return self._index
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
