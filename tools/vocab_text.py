"""What text each vocabulary token adds, and which tokens can complete a forbidden part.

The text-space half of the local token filter needs, at every step and for *every* token (not
only the top-k: sampling may pick any token with a finite logit), the answer to "would appending
this token make the text mention a target?". Decoding 50k candidates per step is far too slow,
so the answer is split into parts that are precomputed once:

* :class:`VocabText` (per tokenizer): the text each token adds when appended to other text,
  folded like the matcher folds, plus a sorted index for "tokens whose text starts with X".
* :class:`ForbiddenVocab` (per tokenizer and target set): tokens whose own text already contains
  a mention (always banned, or banned when the text so far ends at a word boundary), and the
  token-id trie of canonical variants.

Per step the processor then only has to find the parts the text currently ends *inside* of and
ban the tokens whose text completes them (a sorted-range lookup). This is exact whenever
decoding is concatenative (decode(a + b) == decode(a) + decode(b)); the processor verifies that
for the top-k candidates and handles the one case where it is not (an unfinished UTF-8
character) by decoding those candidates for real.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from typing import Any

import numpy as np

from guardgraph.tools.forbidden_match import ForbiddenMatcher, fold
from guardgraph.tools.forbidden_trie import TokenTrie, variant_token_sequences

__all__ = ["ForbiddenVocab", "VocabText", "backend_decoder", "forbidden_vocab", "vocab_text"]

REPLACEMENT_CHAR = "\ufffd"


def backend_decoder(tokenizer: Any) -> tuple[Any, Any]:
    """(decode, decode_batch) callables; the Rust backend's when present (3-5x less overhead)."""
    backend = getattr(tokenizer, "backend_tokenizer", None) or getattr(tokenizer, "_tokenizer", None)
    if backend is not None and hasattr(backend, "decode_batch"):
        return (
            lambda ids: backend.decode(ids, skip_special_tokens=True),
            lambda seqs: backend.decode_batch(seqs, skip_special_tokens=True),
        )
    return (
        lambda ids: tokenizer.decode(ids, skip_special_tokens=True),
        lambda seqs: tokenizer.batch_decode(seqs, skip_special_tokens=True),
    )


class VocabText:
    """Per-token appended text, its folded form, and a prefix index over the folded forms."""

    def __init__(self, tokenizer: Any) -> None:
        self.decode, self.decode_batch = backend_decoder(tokenizer)
        self.size = len(tokenizer)
        # Decode each token after an anchor token: SentencePiece tokenizers drop the leading space
        # of the first token of a text, which is not what the token adds in mid-generation.
        anchor = list(tokenizer.encode("a", add_special_tokens=False))[:1]
        anchor_text = self.decode(anchor) if anchor else ""
        pairs = self.decode_batch([anchor + [token] for token in range(self.size)])
        singles: list[str] | None = None
        pieces: list[str] = []
        for token, text in enumerate(pairs):
            if anchor_text and text.startswith(anchor_text):
                pieces.append(text[len(anchor_text):])
            else:
                singles = singles or self.decode_batch([[t] for t in range(self.size)])
                pieces.append(singles[token])
        self.pieces: list[str] = pieces
        self.folded: list[str] = [fold(p)[0] for p in pieces]
        # Tokens whose bytes do not form complete characters on their own ("\xc3"): appended to
        # a text that ends in an unfinished character they can complete it, so the concatenation
        # shortcut does not hold for them there.
        self.opaque = np.array([t for t, p in enumerate(pieces) if REPLACEMENT_CHAR in p], dtype=np.int64)
        order = sorted(range(self.size), key=self.folded.__getitem__)
        self._sorted = [self.folded[t] for t in order]
        self._sorted_ids = np.array(order, dtype=np.int64)
        self.alpha = np.array([p.strip().isalpha() for p in pieces], dtype=bool)

    def starting_with(self, prefix: str) -> np.ndarray:
        """Token ids whose folded text starts with ``prefix``."""
        lo = bisect_left(self._sorted, prefix)
        hi = bisect_left(self._sorted, prefix + "\U0010ffff", lo)
        return self._sorted_ids[lo:hi]

    def exactly(self, text: str) -> np.ndarray:
        lo = bisect_left(self._sorted, text)
        hi = bisect_right(self._sorted, text, lo)
        return self._sorted_ids[lo:hi]


class ForbiddenVocab:
    """Precomputed bans for one tokenizer and one target set (see module docstring)."""

    def __init__(self, vocab: VocabText, matcher: ForbiddenMatcher, tokenizer: Any) -> None:
        self.vocab = vocab
        self.matcher = matcher
        size = vocab.size
        always = np.zeros(size, dtype=bool)
        at_boundary = np.zeros(size, dtype=bool)
        for token, folded in enumerate(vocab.folded):
            if not folded.strip():
                continue
            for hit in matcher.hits(folded, start_is_boundary=True, at_end=True):
                if hit.start == 0:
                    at_boundary[token] = True  # "Basil" (no space) completes a part after " " or at start
                else:
                    always[token] = True  # " Basil", "-Kuwaiti": the token itself starts a word
        self.trie = TokenTrie(variant_token_sequences(tokenizer, matcher.targets, parts=[p.text for p in matcher.parts]))
        for token in self.trie.root_bans:
            if token < size:
                always[token] = True
        self.always = always
        self.at_boundary = at_boundary & ~always

    def completing(self, folded_tail: str, *, start_is_boundary: bool) -> np.ndarray:
        """Tokens that would complete a part the folded text currently ends inside of."""
        nodes = self.matcher.open_prefixes(folded_tail, start_is_boundary=start_is_boundary)
        if not nodes:
            return np.zeros(0, dtype=np.int64)
        ends_with_space = folded_tail.endswith(" ")
        found: list[np.ndarray] = []
        for node in nodes:
            for rest, part in self.matcher.completions(node):
                heads = [rest, " " + rest] if ends_with_space else [rest]
                for head in heads:
                    if part.prefix_match:
                        found.append(self.vocab.starting_with(head))
                    else:  # whole-word part: the token must end the word too (or end the text)
                        found.append(self.vocab.exactly(head))
                        found.append(self.vocab.starting_with(head + " "))
        return np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)


_LOCK = threading.Lock()
_VOCABS: dict[int, tuple[Any, VocabText]] = {}
_FORBIDDEN: OrderedDict[tuple[int, tuple[str, ...]], ForbiddenVocab] = OrderedDict()
_MAX_FORBIDDEN = 32


def vocab_text(tokenizer: Any) -> VocabText:
    """The (cached) :class:`VocabText` of ``tokenizer``; ~1 s to build for a 50k vocabulary."""
    key = id(tokenizer)
    with _LOCK:
        entry = _VOCABS.get(key)
        if entry is not None and entry[0] is tokenizer:
            return entry[1]
    built = VocabText(tokenizer)
    with _LOCK:
        _VOCABS[key] = (tokenizer, built)  # holds the tokenizer so the id cannot be reused
    return built


def forbidden_vocab(tokenizer: Any, matcher: ForbiddenMatcher) -> ForbiddenVocab:
    """The (LRU-cached) :class:`ForbiddenVocab` for ``tokenizer`` and ``matcher``'s targets."""
    key = (id(tokenizer), matcher.targets, tuple(p.text for p in matcher.parts))
    with _LOCK:
        cached = _FORBIDDEN.get(key)
        if cached is not None:
            _FORBIDDEN.move_to_end(key)
            return cached
    built = ForbiddenVocab(vocab_text(tokenizer), matcher, tokenizer)
    with _LOCK:
        _FORBIDDEN[key] = built
        while len(_FORBIDDEN) > _MAX_FORBIDDEN:
            _FORBIDDEN.popitem(last=False)
    return built
