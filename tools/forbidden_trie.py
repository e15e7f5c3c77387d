"""GUARD's token-level ban list: a trie of the token-id sequences that spell a forbidden part.

GUARD bans, at every decoding step, any token that would continue the generated suffix deeper
into a forbidden token sequence, so a target is never emitted beyond its first token. The trie
holds the *canonical* tokenisations of many surface variants of each distinctive part (leading
space or not, lower/Title/UPPER case, possessive, hyphen/space/joined forms). It is cheap and
catches the spellings a model actually produces; arbitrary re-spellings ("Ku"+"wa"+"iti") are
left to the text-space check in :mod:`guardgraph.tools.token_filter`, which is what makes the
guarantee complete.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from guardgraph.memory.target_text import name_parts

__all__ = ["TokenTrie", "surface_variants", "variant_token_sequences"]

_JOIN = re.compile(r"[-\u2010-\u2015\u2212\s]+")


def _case_forms(text: str) -> list[str]:
    words = text.split(" ")
    title = " ".join(w[:1].upper() + w[1:] for w in words)
    return [text, text.lower(), title, text.upper()]


def surface_variants(part: str, *, possessive: bool = True) -> list[str]:
    """Spellings of one part a model is likely to emit (without the leading-space variant).

    "Al-Kuwaiti" -> "Al-Kuwaiti", "al-kuwaiti", "AL-KUWAITI", "Al Kuwaiti", "AlKuwaiti",
    "Al–Kuwaiti" (en dash), and each with "'s" / "’s" appended.
    """
    base = " ".join(part.split())
    joined_forms = [base]
    if _JOIN.search(base):
        pieces = [p for p in _JOIN.split(base) if p]
        joined_forms += ["-".join(pieces), " ".join(pieces), "".join(pieces), "\u2013".join(pieces)]
    out: list[str] = []
    for form in joined_forms:
        for cased in _case_forms(form):
            for suffix in ("", "'s", "\u2019s") if possessive else ("",):
                out.append(cased + suffix)
    return list(dict.fromkeys(out))


def variant_token_sequences(
    tokenizer: Any, forbidden: Iterable[str], *, parts: Iterable[str] | None = None
) -> set[tuple[int, ...]]:
    """Token-id sequences of every surface variant (with and without a leading space).

    Parts come from ``distinctive_parts`` (the full name plus its distinctive pieces), so a common
    word inside a target ("The", "of") never becomes a sequence of its own. All variants are
    encoded in one batch (100k variants for 1000 targets: one Rust call instead of 100k).
    """
    texts: dict[str, None] = {}
    pieces = list(parts) if parts is not None else [p for t in forbidden for p, _ in name_parts(t)]
    for part in pieces:
        for variant in surface_variants(part):
            texts[variant] = None
            texts[" " + variant] = None
    return {tuple(ids) for ids in _encode_batch(tokenizer, list(texts)) if ids}


def _encode_batch(tokenizer: Any, texts: list[str]) -> list[list[int]]:
    if not texts:
        return []
    backend = getattr(tokenizer, "backend_tokenizer", None)
    if backend is not None and hasattr(backend, "encode_batch"):
        return [encoding.ids for encoding in backend.encode_batch(texts, add_special_tokens=False)]
    return [list(tokenizer.encode(text, add_special_tokens=False)) for text in texts]


class TokenTrie:
    """Trie over token-id sequences; answers "which tokens must not come next?"."""

    def __init__(self, sequences: Iterable[Sequence[int]]) -> None:
        self._root: dict[int, dict] = {}
        self._terminal: set[int] = set()  # ids of nodes where a sequence ends
        self.max_depth = 0
        for sequence in sequences:
            node = self._root
            for token in sequence:
                node = node.setdefault(int(token), {})
            self._terminal.add(id(node))
            self.max_depth = max(self.max_depth, len(sequence))
        # Single-token sequences are banned at every step: they complete a variant on their own.
        self.root_bans: frozenset[int] = frozenset(t for t, child in self._root.items() if id(child) in self._terminal)

    def __len__(self) -> int:
        return len(self._root)

    def banned_next(self, generated: Sequence[int]) -> set[int]:
        """Tokens that would complete or go deeper into a sequence, given the generated ids.

        Every suffix of ``generated`` (up to ``max_depth - 1`` tokens) that is a path from the
        root is a partially emitted variant; all of its children are banned. Root-level
        single-token variants are in :attr:`root_bans` and not repeated here.
        """
        banned: set[int] = set()
        size = len(generated)
        for start in range(max(0, size - self.max_depth + 1), size):
            node = self._root
            for token in generated[start:]:
                node = node.get(int(token))  # type: ignore[assignment]
                if node is None:
                    break
            else:
                banned.update(node.keys())
        return banned
