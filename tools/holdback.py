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
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from guardgraph.tools.forbidden_match import ForbiddenMatcher, Hit, fold, get_matcher

__all__ = ["REDACTION", "HoldBackGuard", "continuation_messages", "guard_text", "guarded_stream"]

REDACTION = "[redacted]"
_CONTEXT_CHARS = 16  # raw characters of released text kept to decide word boundaries

CONTINUE_NOTE = (
    "Continue your previous answer exactly where it stops; do not repeat what is already written. "
    "Some names are withheld from this conversation: never write them, refer to them as "
    f"{REDACTION} if needed."
)
RETRY_NOTE = (
    "Note: some names are withheld from this conversation. Answer without writing them; "
    f"refer to them as {REDACTION} if needed."
)


def guard_text(text: str, forbidden: Sequence[str] | ForbiddenMatcher, replacement: str = REDACTION) -> str:
    """``text`` with every mention of a forbidden target replaced (last-resort cleanup)."""
    if not forbidden:
        return text
    return get_matcher(forbidden).redact(text, replacement)


class HoldBackGuard:
    """Incremental scanner over a stream of text chunks.

    ``feed(chunk)`` returns ``(release, hit)``: text that is now safe to show, and the first
    mention found (or None). After a hit the caller either :meth:`cut` s at it (to regenerate)
    or switches the guard to ``redact=True`` so mentions are replaced instead of reported.
    """

    def __init__(
        self,
        forbidden: Sequence[str] | ForbiddenMatcher,
        *,
        slack: int = 8,
        redact: bool = False,
        replacement: str = REDACTION,
    ) -> None:
        self.matcher = get_matcher(forbidden)
        self.hold = self.matcher.max_len + 1 + max(0, slack)
        self.redact = redact
        self.replacement = replacement
        self.released = ""  # everything handed to the caller so far
        self.pending = ""  # raw text received but not yet released
        self.hits_seen = 0
        self._hit_at: int | None = None

    @property
    def text(self) -> str:
        """Released plus pending text: the clean reply so far."""
        return self.released + self.pending

    def _window(self) -> tuple[str, str, list[int], int, bool]:
        context = self.released[-_CONTEXT_CHARS:]
        raw = context + self.pending
        folded, offsets = fold(raw)
        context_folded = len(fold(context)[0]) if context else 0
        start_is_boundary = len(self.released) <= _CONTEXT_CHARS
        return raw, folded, offsets, context_folded, start_is_boundary

    def _scan(self, final: bool) -> tuple[str, list[int], int, list[Hit]]:
        raw, folded, offsets, context_folded, boundary = self._window()
        hits = self.matcher.hits(folded, start_is_boundary=boundary, at_end=final, min_end=context_folded)
        return raw, offsets, len(raw) - len(self.pending), hits

    def feed(self, chunk: str, *, final: bool = False) -> tuple[str, Hit | None]:
        """Add ``chunk``; return the text now safe to release and the first unresolved mention.

        In redaction mode mentions are replaced in place and the hit is always None.
        """
        self.pending += chunk
        if not self.matcher:
            return self._release_upto(len(self.pending)), None
        limit = len(self.pending)
        if self.redact:
            limit = self._redact_pending(final)
        raw, offsets, context_len, hits = self._scan(final)
        if hits and not self.redact:
            self.hits_seen += 1
            self._hit_at = max(0, offsets[hits[0].start] - context_len)
            return "", hits[0]
        if final:
            return self._release_upto(limit), None
        keep_from = len(offsets) - self.hold
        if keep_from <= 0:
            return "", None
        return self._release_upto(min(limit, offsets[keep_from] - context_len)), None

    def finish(self) -> tuple[str, Hit | None]:
        """The stream ended: everything left is decided (short parts at the very end count)."""
        return self.feed("", final=True)

    def cut(self) -> str:
        """Drop pending text from the last reported hit on; return the clean reply so far."""
        if self._hit_at is None:
            raise RuntimeError("cut() called without a reported hit")
        self.pending = self.pending[: self._hit_at]
        self._hit_at = None
        return self.text

    def _release_upto(self, raw_cut: int) -> str:
        if raw_cut <= 0:
            return ""
        release, self.pending = self.pending[:raw_cut], self.pending[raw_cut:]
        self.released += release
        return release

    def _folded_from(self, offsets: list[int], folded_start: int) -> str:
        raw = self.released[-_CONTEXT_CHARS:] + self.pending
        return fold(raw[offsets[folded_start]:])[0]

    def _redact_pending(self, final: bool) -> int:
        """Replace decided mentions in the pending text; return how far pending may be released.

        A mention is replaced together with the rest of its word ("Basilio" -> one placeholder);
        when the word may still continue in the next chunk, release stops before it and the
        replacement happens once the word is complete.
        """
        for _ in range(64):
            _raw, offsets, context_len, hits = self._scan(final)
            if not hits:
                return len(self.pending)
            hit = hits[0]
            start = max(0, offsets[hit.start] - context_len)
            if not final and self.matcher.extends(self._folded_from(offsets, hit.start)):
                return start  # a longer part ("Basil" -> "Basil Mahfouz ...") may still match here
            end = offsets[hit.end - 1] + 1 - context_len
            while end < len(self.pending) and fold(self.pending[end])[0] not in {" ", ""}:
                end += 1
            if end >= len(self.pending) and not final:
                return start
            self.hits_seen += 1
            self.pending = self.pending[:start] + self.replacement + self.pending[end:]
        raise RuntimeError("redaction did not converge; the replacement text itself mentions a target")


def redacted_stream(
    chunks: Iterable[str], forbidden: Sequence[str] | ForbiddenMatcher, *, replacement: str = REDACTION
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
    forbidden: Sequence[str] | ForbiddenMatcher,
) -> list[dict[str, str]]:
    """The request that resumes a cut reply without sending any target back in clear.

    Placeholder approach: every earlier turn is redacted (targets -> ``[redacted]``), the clean
    prefix is sent as the assistant's partial turn, and a user note asks to continue it and to use
    the placeholder for withheld names. The model then cannot copy the name from the context, and
    the only name it is told about is the placeholder itself.
    """
    matcher = get_matcher(forbidden)
    redacted = [{**m, "content": matcher.redact(m.get("content") or "")} for m in messages]
    if prefix.strip():
        return redacted + [
            {"role": "assistant", "content": prefix},
            {"role": "user", "content": CONTINUE_NOTE},
        ]
    last_user = max((i for i, m in enumerate(redacted) if m.get("role") == "user"), default=None)
    if last_user is None:
        return redacted + [{"role": "user", "content": RETRY_NOTE}]
    redacted[last_user] = {**redacted[last_user], "content": f"{redacted[last_user]['content']}\n\n({RETRY_NOTE})"}
    return redacted


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
    matcher = get_matcher(forbidden)
    guard = HoldBackGuard(matcher, slack=slack, replacement=replacement)
    messages = [dict(m) for m in messages]
    regenerations = 0
    stream: Iterator[str] = iter(open_stream(messages, params))
    starting = False
    while True:
        hit: Hit | None = None
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
            request = continuation_messages(messages, prefix, matcher)
            stream = _skip_repeated_prefix(iter(open_stream(request, params)), prefix)
            starting = True
            continue
        # Out of regenerations: redact this and every later mention, finishing the current stream.
        yield from _drain_redacting(guard, itertools.chain([""], stream))
        return
