"""Streaming guard for API models: a hold-back buffer that never releases a forbidden target.

An API model cannot be steered token by token (``logit_bias`` only pushes a few first tokens
away), so the guarantee is enforced on the text it sends back:

* The guard keeps back the last ``hold`` *folded* characters of the stream, where ``hold`` is the
  longest folded part + 1 (to decide whole-word matches) + slack. Any text that might still turn
  out to be the beginning of a target is therefore never released, so a name split over chunks
  ("Ba" | "sil Mah" | "fouz") is caught before any of it leaves.
* Matching uses :class:`~guardgraph.tools.forbidden_match.ForbiddenMatcher` (Aho-Corasick over
  folded text) and maps folded offsets back to raw offsets, so the cut lands in the raw text
  exactly before the match.
* On a match the stream is cut at the clean prefix and a *continuation* is requested (see
  :func:`continuation_messages`); after ``max_regenerations`` continuations that still mention a
  target the guard switches to redaction: each further mention is replaced by ``[redacted]``.

Every yielded chunk is clean, and so is their concatenation: released text ends at least ``hold``
folded characters before the newest text, so no match can start inside already released text.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from guardgraph.tools.mention.folding import fold

from guardgraph.tools.forbidden_match import ForbiddenMatcher
from guardgraph.tools.mention.finder import Mention, MentionFinder, collapse_placeholders, get_finder

__all__ = [
    "REDACTION", "HoldBackGuard", "continuation_messages", "guard_text", "guarded_stream", "strip_internal",
]

REDACTION = "[redacted]"
_CONTEXT_CHARS = 24  # raw characters of released text kept to decide word boundaries and neighbours
_MIN_HOLD = 48  # folded characters always held back (a base64 segment or a long near-miss word)

# Sent as a *system* message, never as the user's turn, so a model that repeats its instructions
# repeats them where :func:`strip_internal` can find them, and a reply never quotes the user.
CONTINUE_NOTE = (
    "Continue the assistant's previous answer exactly where it stops; do not repeat what is already "
    "written. Some names are withheld from this conversation: never write them, in any spelling, "
    f"script or encoding; refer to them as {REDACTION} if needed."
)
RETRY_NOTE = (
    "Some names are withheld from this conversation. Answer without writing them, in any spelling, "
    f"script or encoding; refer to them as {REDACTION} if needed."
)
_INTERNAL_PATTERNS = [
    re.compile(r"\(?\s*(?:Note:\s*)?" + re.escape(note[:48]) + r"[^\n]*?(?:\)|$|(?<=\.)\s)", re.IGNORECASE)
    for note in (CONTINUE_NOTE, RETRY_NOTE)
] + [
    re.compile(r"\(?\s*Note: some names are withheld[^\n)]*\)?", re.IGNORECASE),
    re.compile(r"Continue your previous answer exactly where it stops;[^\n]*", re.IGNORECASE),
    re.compile(r"^\s*Rewritten answer:\s*", re.IGNORECASE | re.MULTILINE),
]


def strip_internal(text: str) -> str:
    """``text`` without any echoed guard instruction (continuation/retry notes, "Rewritten answer:")."""
    if not text:
        return text
    cleaned = text
    for pattern in _INTERNAL_PATTERNS:
        cleaned = pattern.sub("", cleaned)
    if cleaned == text:
        return text
    return re.sub(r"[ \t]{2,}", " ", cleaned).strip()


def guard_text(text: str, forbidden: Sequence[str] | MentionFinder | ForbiddenMatcher,
               replacement: str = REDACTION) -> str:
    """``text`` with every mention of a forbidden target replaced (last-resort cleanup)."""
    if isinstance(forbidden, ForbiddenMatcher):
        forbidden = forbidden.targets
    if not forbidden:
        return strip_internal(text)
    return get_finder(forbidden).redact(strip_internal(text), replacement)


class HoldBackGuard:
    """Incremental scanner over a stream of text chunks.

    ``feed(chunk)`` returns ``(release, hit)``: text that is now safe to show, and the first
    mention found (a :class:`~guardgraph.tools.mention.finder.Mention`, or None). After a hit the
    caller either :meth:`cut` s at it (to regenerate) or switches the guard to ``redact=True`` so
    mentions are replaced instead of reported. What counts as a mention is decided by
    :class:`MentionFinder` (exact, ambiguous parts in naming position, near-misses, obfuscations).
    """

    def __init__(
        self,
        forbidden: Sequence[str] | MentionFinder | ForbiddenMatcher,
        *,
        slack: int = 8,
        redact: bool = False,
        replacement: str = REDACTION,
    ) -> None:
        if isinstance(forbidden, ForbiddenMatcher):
            forbidden = forbidden.targets
        self.finder = get_finder(forbidden)
        self.hold = max(_MIN_HOLD, self.finder.max_len + 1 + max(0, slack))
        self.redact = redact
        self.replacement = replacement
        self.released = ""  # everything handed to the caller so far
        self.pending = ""  # raw text received but not yet released
        self.hits_seen = 0
        self._hit_at: int | None = None

    @property
    def matcher(self) -> MentionFinder:  # backwards-compatible name
        return self.finder

    @property
    def text(self) -> str:
        """Released plus pending text: the clean reply so far."""
        return self.released + self.pending

    def _scan(self, final: bool) -> tuple[int, list[Mention]]:
        context = self.released[-_CONTEXT_CHARS:]
        raw = context + self.pending
        found = [m for m in self.finder.find(raw, final=final) if m.end > len(context)]
        return len(context), found

    def feed(self, chunk: str, *, final: bool = False) -> tuple[str, Mention | None]:
        """Add ``chunk``; return the text now safe to release and the first unresolved mention.

        In redaction mode mentions are replaced in place and the hit is always None.
        """
        self.pending += chunk
        if not self.finder:
            return self._release_upto(len(self.pending)), None
        if not final and chunk and chunk.isalnum() and not self.redact:
            return "", None  # inside a word: nothing can be decided until the word ends
        limit = len(self.pending)
        if self.redact:
            limit = self._redact_pending(final)
        context_len, hits = self._scan(final)
        if hits and not self.redact:
            hit = hits[0]
            # Words before the mention that were undecided a moment ago ("Park," before "Tae-ho")
            # are decided now: re-read the text up to the mention's end as finished.
            raw = self.released[-_CONTEXT_CHARS:] + self.pending
            earlier = [m for m in self.finder.find(raw[: hit.end], final=True) if m.end > context_len]
            if earlier and earlier[0].start < hit.start:
                hit = earlier[0]
            self.hits_seen += 1
            self._hit_at = max(0, hit.start - context_len)
            return "", hit
        if final:
            return self._release_upto(limit), None
        return self._release_upto(min(limit, self._safe_point())), None

    def _safe_point(self) -> int:
        """Raw offset in pending before which at least ``hold`` folded characters follow."""
        folded, offsets = fold(self.pending)
        keep_from = len(offsets) - self.hold
        if keep_from <= 0:
            return 0
        return offsets[keep_from]

    def finish(self) -> tuple[str, Mention | None]:
        """The stream ended: everything left is decided (short parts at the very end count)."""
        return self.feed("", final=True)

    def cut(self) -> str:
        """Drop pending text from the last reported hit on; return the clean reply so far."""
        if self._hit_at is None:
            raise RuntimeError("cut() called without a reported hit")
        self.pending = self.pending[: self._hit_at]
        # never end on half a word of the mention's line ("Ba" of "Basil")
        self._hit_at = None
        return self.text

    def _release_upto(self, raw_cut: int) -> str:
        if raw_cut <= 0:
            return ""
        release, self.pending = self.pending[:raw_cut], self.pending[raw_cut:]
        self.released += release
        return release

    def _redact_pending(self, final: bool) -> int:
        """Replace decided mentions in the pending text; return how far pending may be released."""
        for _ in range(64):
            context_len, hits = self._scan(final)
            if not hits:
                return len(self.pending)
            hit = hits[0]
            start = max(0, hit.start - context_len)
            end = max(start, hit.end - context_len)
            # whole words: "Basilio" -> one placeholder
            while start > 0 and self.pending[start - 1].isalnum():
                start -= 1
            while end < len(self.pending) and (self.pending[end].isalnum() or fold(self.pending[end])[0] == ""):
                end += 1
            if end >= len(self.pending) and not final:
                return start  # the word may continue in the next chunk
            self.hits_seen += 1
            self.pending = self.pending[:start] + self.replacement + self.pending[end:]
            self.pending = collapse_placeholders(self.pending, self.replacement)
        raise RuntimeError("redaction did not converge; the replacement text itself mentions a target")


def redacted_stream(
    chunks: Iterable[str], forbidden: Sequence[str] | MentionFinder | ForbiddenMatcher, *,
    replacement: str = REDACTION
) -> Iterator[str]:
    """``chunks`` with every forbidden mention replaced before it is released.

    The local backend's last resort: its logits processor should already prevent every mention,
    but a stream must keep the guarantee even if a tokenization variant slipped through.
    """
    yield from _drain_redacting(HoldBackGuard(forbidden, redact=True, replacement=replacement), chunks)


def _drain_redacting(guard: HoldBackGuard, chunks: Iterable[str]) -> Iterator[str]:
    """Feed every chunk to a guard in redaction mode, yielding what it releases, then finish."""
    guard.redact = True
    for chunk in chunks:
        release, _ = guard.feed(chunk)
        if release:
            yield release
    release, _ = guard.finish()
    if release:
        yield release


def continuation_messages(
    messages: Sequence[dict[str, str]],
    prefix: str,
    forbidden: Sequence[str] | MentionFinder | ForbiddenMatcher,
) -> list[dict[str, str]]:
    """The request that resumes a cut reply without sending any target back in clear.

    Every earlier message is masked (mentions -> ``[redacted]``); the instruction goes into the
    *system* message (never a user turn, so an echo of it cannot look like the user's words and
    :func:`strip_internal` removes it); the clean prefix, if any, is the assistant's partial turn.
    """
    if isinstance(forbidden, ForbiddenMatcher):
        forbidden = forbidden.targets
    finder = get_finder(forbidden)
    redacted = [{**m, "content": finder.redact(m.get("content") or "")} for m in messages]
    note = CONTINUE_NOTE if prefix.strip() else RETRY_NOTE
    first_system = next((i for i, m in enumerate(redacted) if m.get("role") == "system"), None)
    if first_system is None:
        redacted.insert(0, {"role": "system", "content": note})
    else:
        content = redacted[first_system].get("content") or ""
        redacted[first_system] = {**redacted[first_system], "content": f"{content}\n\n{note}".strip()}
    if prefix.strip():
        redacted.append({"role": "assistant", "content": prefix})
    return redacted


def _strip_echoed_note(stream: Iterator[str]) -> Iterator[str]:
    """Drop a continuation/retry note the model repeats at the start of its answer."""
    notes = [n.lower() for n in (CONTINUE_NOTE, RETRY_NOTE)]
    head = ""
    for chunk in stream:
        head += chunk
        probe = re.sub(r"^[\s(]*(?:note:\s*)?", "", head.lower())
        if any(len(probe) < len(n) and n.startswith(probe) for n in notes):
            continue  # still possibly the note: wait
        for n in notes:
            if probe.startswith(n):
                start = head.lower().find(n)
                head = head[start + len(n):].lstrip(") \n")
                break
        break
    if head:
        yield head
    yield from stream


def _skip_repeated_prefix(stream: Iterator[str], prefix: str) -> Iterator[str]:
    """Models asked to continue sometimes restart the answer; drop a verbatim repeat of ``prefix``."""
    wanted = prefix.strip()
    if not wanted:
        yield from stream
        return
    head = ""
    for chunk in stream:
        head += chunk
        stripped = head.lstrip()
        if len(stripped) < len(wanted) and wanted.startswith(stripped):
            continue  # still possibly a repeat: wait
        if stripped.startswith(wanted):
            head = stripped[len(wanted):]
        break
    if head:
        yield head
    yield from stream


def _join(prefix: str, first_chunk: str) -> str:
    """``first_chunk`` of a continuation, spaced so that it joins ``prefix`` like one text."""
    if prefix and prefix[-1].isspace():
        return first_chunk.lstrip()
    if prefix and first_chunk and prefix[-1].isalnum() and first_chunk[0].isalnum():
        return " " + first_chunk
    return first_chunk


def guarded_stream(
    open_stream: Callable[[list[dict[str, str]], Any], Iterator[str]],
    messages: Sequence[dict[str, str]],
    params: Any,
    forbidden: Sequence[str] | ForbiddenMatcher,
    *,
    max_regenerations: int = 2,
    slack: int = 8,
    replacement: str = REDACTION,
) -> Iterator[str]:
    """Yield the reply of ``open_stream(messages, params)`` with no forbidden target in any chunk.

    On a mention: cut before it and open a continuation stream (:func:`continuation_messages`),
    at most ``max_regenerations`` times; after that, mentions are redacted in place.
    """
    if max_regenerations < 0:
        raise ValueError(f"max_regenerations must be >= 0, got {max_regenerations}")
    if isinstance(forbidden, ForbiddenMatcher):
        forbidden = forbidden.targets
    finder = get_finder(forbidden)
    guard = HoldBackGuard(finder, slack=slack, replacement=replacement)
    messages = [dict(m) for m in messages]
    regenerations = 0
    stream: Iterator[str] = iter(open_stream(messages, params))
    starting = False
    while True:
        hit: Mention | None = None
        try:
            for chunk in stream:
                if starting and chunk:
                    chunk = _join(guard.text, chunk)
                    starting = not chunk  # whitespace-only first chunk: join the next one

                release, hit = guard.feed(chunk)
                if release:
                    yield release
                if hit is not None:
                    break
            else:
                release, hit = guard.finish()
                if release:
                    yield release
                if hit is None:
                    return
        finally:
            if hit is not None and hasattr(stream, "close") and regenerations < max_regenerations:
                stream.close()  # type: ignore[union-attr]
        if regenerations < max_regenerations:
            regenerations += 1
            prefix = guard.cut()
            request = continuation_messages(messages, prefix, finder)
            stream = _skip_repeated_prefix(_strip_echoed_note(iter(open_stream(request, params))), prefix)
            starting = True
            continue
        # Out of regenerations: redact this and every later mention, finishing the current stream.
        yield from _drain_redacting(guard, itertools.chain([""], stream))
        return
