"""transformers logits processors that keep forbidden targets out of local generations.

:class:`ForbiddenTokensProcessor` makes the guarantee; :class:`NearMatchPenaltyProcessor` is the
optional soft penalty for near-spellings ("Kuwaity"). Both only look at the generated suffix
(``input_ids[:, prompt_length:]``), so a target named in the prompt never blocks anything.

Per step and per row, the hard filter sets to ``-inf``:

1. GUARD's token-level bans: single-token variants always, and every token that would take the
   generated ids deeper into a forbidden token sequence (:class:`TokenTrie`).
2. Text-space bans over the *whole* vocabulary: tokens whose own text starts a word with a part
   (" Basil", "-Kuwaiti"), tokens that complete a part when the text ends at a word boundary
   ("Basil" after "is "), and tokens that complete a part the text currently ends inside of
   ("il" after "Bas", "iti" after "Kuwa"; see :class:`ForbiddenVocab`). This covers spellings no
   variant list anticipates and every token sampling could pick.
3. Safety net on the top-k (and whatever becomes the argmax): the window of recent tokens plus
   the candidate is decoded for real; where that text differs from "text so far + token text"
   (an unfinished UTF-8 character, tokenizer clean-up rules) the candidate is checked on the
   decoded text itself.

Another person's name: a single-word part of a target the turn is *not* about ("Mahfouz" of Basil
Mahfouz Al-Kuwaiti) right after a word that makes it someone else's name ("Naguib Mahfouz", "Arun
Majumdar", "St. Basil") is not a mention, by the mention finder's own rule
(:meth:`MentionFinder.other_person_before`, the same rule the audit and the stream apply). At such a
step the top-k tokens the tables banned are re-checked on the real text with that rule and unbanned
when they add no mention; tokens outside the top-k stay banned. The same re-check runs at every
step when the user's own message wrote such a part as someone else's name ("Hina Matsuri"; the part
is then left out of the matcher, see ``build_logits_processors``). A turn about the target never
relaxes anything.

Rollback: ``generate()`` cannot take back an emitted token, so prevention must be complete:
no step may produce a mention, including a partial one that only a banned token could finish
(those tokens are banned, so the model has to leave the word another way). If the generated text
nevertheless already contains a mention (tokens forced by other processors, a prefilled
assistant turn), the processor cannot undo it: it forces end-of-sequence so the damage stops
there, and the backend's final :func:`guard_text` redacts the mention. If every token is banned,
the processor also falls back to end-of-sequence instead of failing.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import torch
from transformers import LogitsProcessor

from guardgraph.tools.forbidden_match import ForbiddenMatcher, fold
from guardgraph.tools.vocab_text import REPLACEMENT_CHAR, ForbiddenVocab

__all__ = ["ForbiddenTokensProcessor", "NearMatchPenaltyProcessor"]

NEG_INF = -math.inf


def _tail(text: str, need: int) -> tuple[str, bool]:
    """A raw suffix of ``text`` whose folded form has at least ``need`` characters.

    Returns the suffix and whether it is the whole text (its start is then a word boundary).
    """
    size = max(64, 4 * need)
    while True:
        if size >= len(text):
            return text, True
        tail = text[-size:]
        if len(fold(tail)[0]) >= need:
            return tail, False
        size *= 2


class ForbiddenTokensProcessor(LogitsProcessor):
    """Hard filter: no completion of a forbidden part is ever given a finite logit."""

    def __init__(
        self,
        forbidden_vocab: ForbiddenVocab,
        *,
        prompt_length: int,
        eos_token_id: int | None,
        top_k: int = 50,
        window_tokens: int = 8,
        max_argmax_checks: int = 8,
        soft_parts: tuple[str, ...] = (),
        finder: Any = None,
        licensed: frozenset[str] = frozenset(),
    ) -> None:
        self.fv = forbidden_vocab
        # single-word parts of the targets the turn is about: tokens that start a close variant
        # of one ("Mahfu" for Mahfouz, "Kuwaity" for Kuwaiti) are banned too (soft GUARD)
        self.soft_parts = tuple(p for p in soft_parts if len(p) >= 5 and p.isalpha())
        self._variant_cache: dict[str, bool] = {}
        self.matcher: ForbiddenMatcher = forbidden_vocab.matcher
        self.vocab = forbidden_vocab.vocab
        self.prompt_length = int(prompt_length)
        self.eos_token_id = eos_token_id
        self.top_k = top_k
        self.window_tokens = window_tokens
        self.max_argmax_checks = max_argmax_checks
        self.need = self.matcher.max_len + 2
        # parts that another person's name may carry (targets the turn is not about), decided by
        # the mention finder's rule; empty when every target is the turn's subject
        self.finder = finder
        relaxable = set(finder.relaxable_parts()) if finder is not None else set()
        self.relaxable = frozenset(relaxable & {p.text for p in self.matcher.parts})
        # parts the user's own message wrote as someone else's name (left out of the matcher): the
        # token trie still bans the first tokens of the full name ("H" + "ina" of "Hina Ameen"),
        # so banned top-k tokens are re-checked on the real text at every step
        self.licensed = frozenset(licensed)
        # Full-vocabulary tensor ops are the expensive part of a step on a busy CPU, so static
        # bans are kept as (short) id lists and applied with one indexed assignment per step.
        self._always = [int(t) for t in np.flatnonzero(forbidden_vocab.always)]
        self._at_boundary = [int(t) for t in np.flatnonzero(forbidden_vocab.at_boundary)]
        self.stats = {"steps": 0, "forced_eos": 0, "exact_checks": 0, "exact_bans": 0, "soft_bans": 0,
                      "other_person_allowed": 0}

    # ----------------------------------------------------------------- helpers
    def _counted(self, hits: list[Any], raw: str, offsets: list[int], base: int) -> list[Any]:
        """``hits`` (in the folded ``raw[base:]``) less those that name another person."""
        if not self.relaxable or not hits:
            return hits
        return [h for h in hits if not (h.part.text in self.relaxable
                                        and self.finder.other_person_before(raw, base + offsets[h.start]))]

    def _relax_here(self, text: str) -> bool:
        """Whether a word written now could follow another person's first name ("Naguib |")."""
        if not self.relaxable or not text:
            return False
        current = _CURRENT_WORD.search(text)
        if current is None:
            return self.finder.other_person_before(text, len(text))
        return (self.finder.other_person_before(text, current.start())
                or self.finder.other_person_before(text + " ", len(text) + 1))

    def _new_mentions(self, old_text: str, new_text: str) -> bool:
        """Whether ``new_text`` (= ``old_text`` extended/rewritten at its end) adds a mention."""
        tail, whole = _tail(old_text, self.need)
        start = len(old_text) - len(tail)
        old_folded = fold(old_text[start:])[0]
        new_folded, new_offsets = fold(new_text[start:])
        common = 0
        limit = min(len(old_folded), len(new_folded))
        while common < limit and old_folded[common] == new_folded[common]:
            common += 1
        # Occurrences must end in the changed region; a trailing space of the old text is not
        # evidence of anything, so the comparison point backs off by one.
        min_end = max(0, common - 1)
        hits = self.matcher.hits(new_folded, start_is_boundary=whole, at_end=True, min_end=min_end)
        return bool(self._counted(hits, new_text, new_offsets, start))

    def _force_eos(self, row: torch.Tensor) -> None:
        row.fill_(NEG_INF)
        row[self.eos_token_id if self.eos_token_id is not None else 0] = 0.0

    # ----------------------------------------------------------------- main
    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        if not self.matcher:
            return scores
        for row_index in range(scores.shape[0]):
            self._process_row(input_ids[row_index, self.prompt_length:].tolist(), scores[row_index])
        return scores

    def _process_row(self, generated: list[int], row: torch.Tensor) -> None:
        self.stats["steps"] += 1
        text = self.vocab.decode(generated) if generated else ""
        tail, whole = _tail(text, self.need)
        folded, offsets = fold(tail)
        if self._counted(self.matcher.hits(folded, start_is_boundary=whole, at_end=True), text, offsets,
                         len(text) - len(tail)):
            # Already emitted (cannot roll back inside generate()): stop here.
            self.stats["forced_eos"] += 1
            self._force_eos(row)
            return
        bans = set(self._always)
        if not folded or folded.endswith(" "):
            bans.update(self._at_boundary)
        bans.update(self.fv.trie.banned_next(generated))
        bans.update(self.fv.completing(folded, start_is_boundary=whole).tolist())
        if text.endswith(REPLACEMENT_CHAR) and self.vocab.opaque.size:
            # An unfinished character: tokens made of continuation bytes change the text's end.
            bans.update(self._exact_check(generated, text, self.vocab.opaque.tolist()))
        if bans and (self.licensed or self._relax_here(text)):
            # after another person's first name: the banned top-k tokens that add no mention by the
            # finder's rule ("Naguib" + " Mahfouz") are allowed; the rest stay banned
            pieces = self.vocab.pieces
            top = torch.topk(row, min(self.top_k, row.shape[0])).indices.tolist()
            allowed = {t for t in top if t in bans and t < len(pieces) and row[t].item() != NEG_INF
                       and not self._new_mentions(text, text + pieces[t])}
            if allowed:
                self.stats["other_person_allowed"] += len(allowed)
                bans -= allowed
        self._ban(row, bans)
        if self.soft_parts:
            self._soft_bans(folded, row)
        self._verify_top(generated, text, row)

    def _near_variant(self, word: str) -> bool:
        """``word`` (folded, unfinished) is on its way to a near-miss of a part, not the part itself."""
        cached = self._variant_cache.get(word)
        if cached is not None:
            return cached
        from rapidfuzz.distance import Levenshtein

        from guardgraph.tools.mention.finder import _zipf

        verdict = False
        for part in self.soft_parts:
            if part.startswith(word) or word[0] != part[0]:
                continue
            head = part[: len(word)]
            limit = 1 if len(word) < 8 else 2
            if Levenshtein.distance(word, head) <= limit or Levenshtein.distance(word, part) <= limit:
                verdict = _zipf(word) < 3.0  # "basis" stays a word even in a turn about Basil
                if verdict:
                    break
        if len(self._variant_cache) > 50_000:
            self._variant_cache.clear()
        self._variant_cache[word] = verdict
        return verdict

    def _soft_bans(self, folded: str, row: torch.Tensor) -> None:
        values, indices = torch.topk(row, min(self.top_k, row.shape[0]))
        current = "" if (not folded or folded.endswith(" ")) else folded.rsplit(" ", 1)[-1]
        banned: list[int] = []
        for value, token in zip(values.tolist(), indices.tolist()):
            if value == NEG_INF or token >= self.vocab.size:
                continue
            piece = self.vocab.folded[token]
            if not piece.strip():
                continue
            word = piece.strip().split(" ")[0] if piece.startswith(" ") else (current + piece).split(" ")[0]
            if len(word) >= 4 and word.isalpha() and self._near_variant(word):
                banned.append(token)
        if banned:
            self.stats["soft_bans"] += len(banned)
            self._ban(row, banned)

    def _ban(self, row: torch.Tensor, tokens: set[int] | list[int]) -> None:
        size = row.shape[0]
        ids = [t for t in tokens if 0 <= t < size]
        if ids:
            row[torch.tensor(ids, dtype=torch.long, device=row.device)] = NEG_INF

    def _verify_top(self, generated: list[int], text: str, row: torch.Tensor) -> None:
        values, indices = torch.topk(row, min(self.top_k, row.shape[0]))
        candidates = [i for v, i in zip(values.tolist(), indices.tolist()) if v != NEG_INF]
        if not candidates:
            self._force_eos(row)
            return
        checked = set(candidates)
        self._ban(row, self._exact_check(generated, text, candidates))
        for _ in range(self.max_argmax_checks + 1):  # the argmax must always be a verified token
            best = int(torch.argmax(row))
            if row[best].item() == NEG_INF:
                self._force_eos(row)  # everything is banned: end the reply instead of failing
                return
            if best in checked:
                return
            checked.add(best)
            self._ban(row, self._exact_check(generated, text, [best]))

    def _exact_check(self, generated: list[int], text: str, candidates: list[int]) -> list[int]:
        """Decode window + candidate for real; return candidates that add a mention there.

        Candidates whose real text equals "text so far + token text" were already decided by
        the vocabulary tables and are skipped; the rest are checked on the decoded text.
        """
        window = generated[-self.window_tokens:]
        base = self.vocab.decode(window) if window else ""
        decoded = self.vocab.decode_batch([window + [c] for c in candidates])
        pieces = self.vocab.pieces
        size = len(pieces)
        self.stats["exact_checks"] += len(candidates)
        banned: list[int] = []
        for candidate, cand_text in zip(candidates, decoded):
            if candidate < size and cand_text == base + pieces[candidate]:
                continue
            if text.endswith(base):
                new_text = text[: len(text) - len(base)] + cand_text
            else:
                new_text = self.vocab.decode(generated + [candidate])
            if self._new_mentions(text, new_text):
                banned.append(candidate)
        self.stats["exact_bans"] += len(banned)
        return banned


_CURRENT_WORD = re.compile(r"\w+$")


class NearMatchPenaltyProcessor(LogitsProcessor):
    """Soft penalty for words that *look like* a target part without spelling it ("Kuwaity").

    For the alphabetic tokens among the top-k, the word being formed (the unfinished word of the
    text + the token, or the token's own word when it starts a new one) is embedded and compared
    with the parts' embeddings; at cosine >= ``threshold`` the logit drops by ``penalty``.
    Words that are prefixes of a part ("Kuwait" for "Kuwaiti") are left alone: the hard filter
    already stops them from being completed, and they are often legitimate words.

    Cost control: only words whose character similarity to some part (rapidfuzz ratio) reaches
    ``prefilter`` are embedded at all (the embedding then decides), and every word's score is
    cached, so most steps cost one vectorised string comparison and no embedding call.
    """

    def __init__(
        self,
        forbidden_vocab: ForbiddenVocab,
        embedder: Any,
        *,
        prompt_length: int,
        penalty: float = 4.0,
        threshold: float = 0.8,
        top_k: int = 50,
        min_word_len: int = 4,
        prefilter: float = 60.0,
        cache_size: int = 50_000,
    ) -> None:
        self.fv = forbidden_vocab
        self.vocab = forbidden_vocab.vocab
        self.embedder = embedder
        self.prompt_length = int(prompt_length)
        self.penalty = float(penalty)
        self.threshold = float(threshold)
        self.top_k = top_k
        self.min_word_len = min_word_len
        self.cache_size = cache_size
        self.prefilter = float(prefilter)
        self.parts = [p.text for p in forbidden_vocab.matcher.parts if " " not in p.text]
        self._part_vectors = np.asarray(embedder.embed(self.parts), dtype=np.float32) if self.parts else None
        self._scores: dict[str, float] = {}
        self.penalised: list[str] = []
        self.embedded_words = 0

    def _word_scores(self, words: list[str]) -> list[float]:
        missing = [w for w in dict.fromkeys(words) if w not in self._scores]
        if missing:
            from rapidfuzz import fuzz, process

            similar = process.cdist(missing, self.parts, scorer=fuzz.ratio).max(axis=1)
            for word, score in zip(missing, similar.tolist()):
                if score < self.prefilter:
                    self._scores[word] = 0.0  # not even spelled alike: no embedding needed
            missing = [w for w in missing if w not in self._scores]
        if missing and self._part_vectors is not None:
            vectors = np.asarray(self.embedder.embed(missing), dtype=np.float32)
            self.embedded_words += len(missing)
            sims = vectors @ self._part_vectors.T
            if len(self._scores) + len(missing) > self.cache_size:
                self._scores.clear()
            for word, best in zip(missing, sims.max(axis=1).tolist()):
                self._scores[word] = float(best)
        return [self._scores.get(w, 0.0) for w in words]

    def _is_part_prefix(self, word: str) -> bool:
        return any(part.startswith(word) for part in self.parts)

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        if self._part_vectors is None:
            return scores
        for row_index in range(scores.shape[0]):
            generated = input_ids[row_index, self.prompt_length:].tolist()
            text = self.vocab.decode(generated[-8:]) if generated else ""
            folded = fold(text)[0]
            current = "" if (not folded or folded.endswith(" ")) else folded.rsplit(" ", 1)[-1]
            row = scores[row_index]
            values, indices = torch.topk(row, min(self.top_k, row.shape[0]))
            candidates = [
                c
                for v, c in zip(values.tolist(), indices.tolist())
                if v != NEG_INF and c < self.vocab.size and self.vocab.alpha[c]
            ]
            words: list[str] = []
            for c in candidates:
                piece = self.vocab.folded[c]
                words.append(piece.strip() if piece.startswith(" ") or not current else current + piece)
            keep = [(c, w) for c, w in zip(candidates, words) if len(w) >= self.min_word_len and not self._is_part_prefix(w)]
            if not keep:
                continue
            sims = self._word_scores([w for _, w in keep])
            for (candidate, word), sim in zip(keep, sims):
                if sim >= self.threshold:
                    row[candidate] -= self.penalty
                    self.penalised.append(word)
        return scores
