"""When does a text "mention" a forbidden target? One matcher shared by every token-filter path.

The local logits processor, the API hold-back stream and the final redaction must agree exactly,
otherwise one path lets through what another would block. This module is that agreement.

Matching happens in *folded* text: :func:`fold` is the character-by-character version of
:func:`guardgraph.memory.target_text.normalise` (NFKC, casefold, accents dropped, every run of
punctuation/whitespace -> one space) that also remembers, for each folded character, the raw
character it came from. Offsets are what let the stream guard cut the *raw* text right before a
match, and folding a text chunk by chunk gives the same result as folding it whole, which is what
the per-token check relies on. Spelled-out letters ("B a s i l") are *not* joined: collapsing all
spaces would make short parts match across ordinary word boundaries ("a little" -> "alittle").

A target is expanded into its distinctive parts (``distinctive_parts``): "Basil Mahfouz
Al-Kuwaiti" -> the full name, "basil", "mahfouz", "al kuwaiti", "kuwaiti"; common words inside a
target ("the", "of") are never parts, so they are never banned on their own. A part *occurs* in a
folded text when it starts at a word boundary and

* for parts of at least :data:`PREFIX_MATCH_MIN` letters, whatever follows ("Basil", "Basil's",
  "Basilio", "Kuwaitis" all count: a longer word built on a distinctive name still identifies it);
* for shorter parts, only as a whole word ("Ali" matches "Ali's" but not "alive"). Such a match
  at the very end of an unfinished text is *undecided*; callers that cannot wait (a decoder that
  may stop after this token) treat it as a match.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import ahocorasick

from guardgraph.memory.target_text import name_parts, normalise
from guardgraph.tools.mention.folding import fold

__all__ = ["PREFIX_MATCH_MIN", "SUFFIXES", "Forbidden", "ForbiddenMatcher", "Hit", "Part", "fold", "get_matcher"]

PREFIX_MATCH_MIN = 5
#: What may follow a part of PREFIX_MATCH_MIN+ letters inside the same word and still be that name
#: (plural, demonym, possessive without apostrophe). "Ji-Yeon" does not match "Ji-Yeong".
SUFFIXES = frozenset({"s", "es", "i", "is", "ian", "ians", "an", "ans", "e", "a", "o", "ese", "ite", "ites", "ys"})


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    """Folded form of one raw character taken alone, or " " for a separator."""
    folded = fold(char)[0]
    return folded.strip() if folded.strip() else ("" if not folded else " ")


class Forbidden(tuple):
    """A tuple of forbidden target strings that also says which targets the turn is *about*.

    Backends receive it as ``GenerationParams.forbidden`` (a plain tuple works too: no target is
    then "about" the turn). Ambiguous name parts ("Park", "Basil") of an *about* target are blocked
    everywhere; of other targets only where they name someone (see ``tools/mention``).
    """

    about: frozenset[str]

    def __new__(cls, targets: Iterable[str] = (), about: Iterable[str] = ()) -> "Forbidden":
        self = super().__new__(cls, tuple(dict.fromkeys(targets)))
        self.about = frozenset(a for a in about if a in self)
        return self

    def __reduce__(self):  # picklable for batch workers
        return (Forbidden, (tuple(self), tuple(self.about)))


@dataclass(frozen=True)
class Part:
    """One folded distinctive part and the target it came from."""

    text: str  # folded, e.g. "al kuwaiti"
    target: str  # the registered target it belongs to
    prefix_match: bool  # True: also with a name suffix ("Kuwaitis"); False: whole word only
    ambiguous: bool = False  # also an ordinary word ("park"): counts only where it names someone


@dataclass(frozen=True)
class Hit:
    """An occurrence of a part in a folded text: ``folded[start:end] == part.text``."""

    start: int
    end: int
    part: Part


class ForbiddenMatcher:
    """Aho-Corasick over the folded distinctive parts of a set of targets, plus a prefix trie.

    The automaton finds complete occurrences in one pass (O(text + hits)); the character trie
    answers the decoder's question "which parts could the text currently end inside of?".
    """

    def __init__(
        self,
        forbidden: Iterable[str],
        *,
        prefix_match_min: int = PREFIX_MATCH_MIN,
        ambiguous: bool | Collection[str] = True,
        exclude: Collection[str] = (),
    ) -> None:
        """``ambiguous``: include every target's ambiguous parts ("Basil", "Park"; default), or
        only those of the targets listed (the ones the turn is about), or none (False).
        ``exclude``: folded parts left out (a decoder's relaxed table, see ``guard_processor``)."""
        excluded = frozenset(exclude)
        parts: dict[str, Part] = {}
        self.targets: tuple[str, ...] = tuple(dict.fromkeys(t for t in forbidden))
        for target in self.targets:
            if not isinstance(target, str):
                raise TypeError(f"forbidden targets must be strings, got {type(target).__name__}: {target!r}")
            pieces = name_parts(target)
            if not pieces:
                raise ValueError(f"forbidden target {target!r} has no letters or digits to match")
            with_ambiguous = ambiguous is True or (not isinstance(ambiguous, bool) and target in ambiguous)
            for piece, is_ambiguous in pieces:
                if is_ambiguous and not with_ambiguous:
                    continue
                folded = normalise(piece)
                if folded and folded not in parts and folded not in excluded:
                    letters = len(folded.replace(" ", ""))
                    cjk = not folded.replace(" ", "").isascii()
                    parts[folded] = Part(folded, target, letters >= prefix_match_min and not cjk, is_ambiguous)
        self.parts: tuple[Part, ...] = tuple(parts.values())
        self.max_len = max((len(p.text) for p in self.parts), default=0)
        self._automaton: Any = None
        if self.parts:
            self._automaton = ahocorasick.Automaton()
            for index, part in enumerate(self.parts):
                self._automaton.add_word(part.text, index)
            self._automaton.make_automaton()
        self._trie = _build_trie(self.parts)
        self._completions: dict[int, list[tuple[str, Part]]] = {}

    def __bool__(self) -> bool:
        return bool(self.parts)

    # ------------------------------------------------------------------ complete occurrences
    def hits(
        self,
        folded: str,
        *,
        start_is_boundary: bool = True,
        at_end: bool = True,
        min_end: int = 0,
    ) -> list[Hit]:
        """Occurrences in ``folded`` (sorted by start) that count as mentions.

        ``start_is_boundary``: whether ``folded[0]`` begins a word (False for a window cut out of
        a longer text). ``at_end``: whether the text is final, which decides short parts ending
        exactly at the end. ``min_end``: ignore occurrences ending at or before this offset
        (text already checked).
        """
        if self._automaton is None or not folded:
            return []
        found: list[Hit] = []
        size = len(folded)
        for last, index in self._automaton.iter(folded):
            part = self.parts[index]
            end = last + 1
            start = end - len(part.text)
            if end <= min_end:
                continue
            if start == 0:
                if not start_is_boundary:
                    continue
            elif folded[start - 1] != " ":
                continue
            if end < size and folded[end] != " ":
                if not part.prefix_match:
                    continue
                word_end = folded.find(" ", end)
                if word_end < 0:
                    if not at_end:
                        continue  # the word may still grow into something else
                    word_end = size
                if folded[end:word_end] not in SUFFIXES:
                    continue
            elif end == size and not at_end:
                continue  # undecided: the word may continue ("Ji-Yeon" | "g")
            found.append(Hit(start, end, part))
        found.sort(key=lambda h: (h.start, -h.end))
        return found

    def first_hit(self, text: str, *, at_end: bool = True) -> Hit | None:
        hits = self.hits(fold(text)[0], at_end=at_end)
        return hits[0] if hits else None

    def mentions(self, text: str) -> bool:
        """Whether a finished ``text`` mentions any target."""
        return bool(self.hits(fold(text)[0]))

    def raw_spans(self, text: str, *, at_end: bool = True, whole_word: bool = True) -> list[tuple[int, int, Part]]:
        """Raw ``(start, end, part)`` spans of the mentions in ``text``, merged where they overlap.

        With ``whole_word`` a span is widened to the end of the raw word it stops in, so
        "Basilio" is redacted as a whole instead of leaving "io" behind.
        """
        folded, offsets = fold(text)
        spans: list[tuple[int, int, Part]] = []
        for hit in self.hits(folded, at_end=at_end):
            start = offsets[hit.start]
            end = offsets[hit.end - 1] + 1
            while end < len(text) and unicodedata.combining(text[end]):
                end += 1
            if whole_word:
                while end < len(text) and _fold_char(text[end]) not in {" ", ""}:
                    end += 1
            if spans and start < spans[-1][1]:
                prev_start, prev_end, prev_part = spans[-1]
                spans[-1] = (prev_start, max(prev_end, end), prev_part)
            else:
                spans.append((start, end, hit.part))
        return spans

    def redact(self, text: str, replacement: str = "[redacted]") -> str:
        """``text`` with every mention replaced by ``replacement``; idempotent."""
        if not self or not text:
            return text
        for _ in range(4):  # a replacement can, in theory, join pieces into a new mention
            spans = self.raw_spans(text)
            if not spans:
                return text
            pieces: list[str] = []
            cursor = 0
            for start, end, _part in spans:
                pieces.append(text[cursor:start])
                pieces.append(replacement)
                cursor = end
            pieces.append(text[cursor:])
            text = "".join(pieces)
        if self.raw_spans(text):
            raise RuntimeError("redaction did not converge; the replacement text itself mentions a target")
        return text

    # ------------------------------------------------------------------ unfinished occurrences
    def open_prefixes(self, folded: str, *, start_is_boundary: bool = True) -> list[int]:
        """Trie nodes (as ids) for every part that ``folded`` currently ends *inside* of.

        A part is open when a suffix of ``folded`` that begins at a word boundary equals a proper,
        non-empty prefix of it. Only the last ``max_len`` characters can start one.
        """
        open_nodes: list[int] = []
        size = len(folded)
        lowest = max(0, size - self.max_len + 1)
        for start in range(lowest, size):
            if start == 0:
                if not start_is_boundary:
                    continue
            elif folded[start - 1] != " ":
                continue
            if folded[start] == " ":
                continue
            node = self._trie
            for char in folded[start:]:
                node = node.get(char)  # type: ignore[assignment]
                if node is None:
                    break
            else:
                if any(key is not None for key in node):
                    open_nodes.append(id(node))
                    self._remember(node)
        return open_nodes

    def extends(self, folded: str) -> bool:
        """Whether ``folded`` is a proper prefix of some part (so more text could complete it)."""
        node = self._trie
        for char in folded:
            node = node.get(char)
            if node is None:
                return False
        return any(key is not None for key in node)

    def completions(self, node_id: int) -> list[tuple[str, Part]]:
        """For an open trie node: every (remaining text, part) that would complete a part."""
        return self._completions[node_id]

    def _remember(self, node: dict) -> None:
        if id(node) in self._completions:
            return
        out: list[tuple[str, Part]] = []
        stack: list[tuple[dict, str]] = [(node, "")]
        while stack:
            current, suffix = stack.pop()
            for key, child in current.items():
                if key is None:
                    if suffix:
                        out.extend((suffix, part) for part in child)
                else:
                    stack.append((child, suffix + key))
        self._completions[id(node)] = out


def _build_trie(parts: Sequence[Part]) -> dict:
    """Character trie of folded parts; key ``None`` holds the parts ending at a node."""
    root: dict = {}
    for part in parts:
        node = root
        for char in part.text:
            node = node.setdefault(char, {})
        node.setdefault(None, []).append(part)
    return root


@lru_cache(maxsize=64)
def _cached_matcher(targets: tuple[str, ...], about: frozenset[str] | None = None,
                    exclude: frozenset[str] = frozenset()) -> ForbiddenMatcher:
    return ForbiddenMatcher(targets, ambiguous=True if about is None else about, exclude=exclude)


def get_matcher(forbidden: Sequence[str] | ForbiddenMatcher, *, exclude: Collection[str] = ()) -> ForbiddenMatcher:
    """A (cached) matcher for ``forbidden``; building one costs a few ms per hundred targets.

    Ambiguous parts ("Basil") are included for the targets a :class:`Forbidden` tuple marks as
    *about*; a plain sequence counts every target as about (the conservative default).
    """
    if isinstance(forbidden, ForbiddenMatcher):
        return forbidden
    if isinstance(forbidden, str):
        raise TypeError("forbidden must be a sequence of target strings, not a single string")
    about = getattr(forbidden, "about", None)
    return _cached_matcher(tuple(forbidden), None if about is None else frozenset(about), frozenset(exclude))
