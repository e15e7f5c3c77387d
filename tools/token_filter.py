"""GUARD-style token filter: forbidden targets never appear in a reply, on any backend.

Guarantee (both paths): no distinctive part of a registered target occurs in the output, where
"occurs" is defined once in :mod:`guardgraph.tools.forbidden_match` (folded = NFKC + casefold +
accents dropped + punctuation/whitespace runs -> one space; parts start at a word boundary;
parts of 5+ letters also match as word prefixes, shorter ones as whole words). Common words
inside a target ("The", "of") are not parts and stay allowed.

* Local models: :func:`build_logits_processors` -> transformers processors that ban, at each
  decoding step, every token that would complete a part (token-id trie of canonical variants +
  vocabulary-wide text-space check + decode-verified top-k; see :mod:`guard_processor`).
* API models: :func:`api_logit_bias` pushes the first tokens of the parts away where the
  provider accepts ``logit_bias`` and its tokenizer is available offline, and
  :func:`guarded_stream` enforces the guarantee on the returned text with a hold-back buffer,
  regeneration from the clean prefix, and redaction as the last resort.
* :func:`guard_text` redacts a finished text (last-resort cleanup for non-streamed replies).

This module imports neither torch nor transformers at import time, so API-only installs can use
the streaming guard.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from collections.abc import Sequence
from typing import Any

from guardgraph.memory.target_text import distinctive_parts, normalise
from guardgraph.tools.forbidden_match import ForbiddenMatcher, get_matcher
from guardgraph.tools.forbidden_trie import surface_variants
from guardgraph.tools.holdback import REDACTION, HoldBackGuard, continuation_messages, guard_text, guarded_stream

__all__ = [
    "REDACTION",
    "HoldBackGuard",
    "api_logit_bias",
    "build_logits_processors",
    "continuation_messages",
    "guard_text",
    "guarded_stream",
]

logger = logging.getLogger(__name__)

OPENAI_LOGIT_BIAS_MAX = 300
# Providers whose models are tokenised by tiktoken encodings that litellm ships offline.
_TIKTOKEN_PROVIDERS = frozenset({"openai", "azure", "text-completion-openai", "azure_text"})


def build_logits_processors(
    tokenizer: Any,
    forbidden: Sequence[str],
    *,
    prompt_length: int,
    embedder: Any = None,
    semantic_penalty: float = 4.0,
    semantic_threshold: float = 0.8,
    top_k: int = 50,
    prompt_text: str = "",
) -> list[Any]:
    """Logits processors enforcing ``forbidden`` for ``generate()`` on a local causal LM.

    What counts as a mention follows the mention finder (``tools/mention``) where a decoder can
    apply it: a single-word part of a target the turn is *not* about is allowed right after another
    person's first name ("Naguib Mahfouz"), and when ``prompt_text`` (the user's own message) uses
    such a part as someone else's name ("Hina Matsuri", "Hashim Amla") it is not banned this turn
    (:meth:`MentionFinder.licensed_parts`); the finished text is still checked by the finder
    (:func:`guard_text`, the audit). Targets the turn is about are blocked as before.

    ``prompt_length`` is the prompt's token count (only the generated suffix is checked). With an
    ``embedder`` a soft near-match penalty runs first, then the hard filter, so the filter's
    top-k check sees the final ranking. The first call per tokenizer builds the vocabulary tables
    (~1-2 s for 50k tokens); later calls with the same targets reuse them.
    """
    if prompt_length < 0:
        raise ValueError(f"prompt_length must be >= 0, got {prompt_length}")
    finder = None
    licensed: frozenset[str] = frozenset()
    if getattr(forbidden, "about", None) is not None and set(forbidden) - set(forbidden.about):
        from guardgraph.tools.mention.finder import get_finder

        finder = get_finder(forbidden)  # some targets are not the turn's subject
        licensed = finder.licensed_parts(prompt_text) if prompt_text else frozenset()
    matcher = get_matcher(forbidden, exclude=licensed)
    if not matcher:
        return []
    from guardgraph.tools.guard_processor import ForbiddenTokensProcessor, NearMatchPenaltyProcessor
    from guardgraph.tools.vocab_text import forbidden_vocab

    fv = forbidden_vocab(tokenizer, matcher)
    processors: list[Any] = []
    if embedder is not None:
        processors.append(
            NearMatchPenaltyProcessor(
                fv,
                embedder,
                prompt_length=prompt_length,
                penalty=semantic_penalty,
                threshold=semantic_threshold,
                top_k=top_k,
            )
        )
    processors.append(
        ForbiddenTokensProcessor(fv, prompt_length=prompt_length, eos_token_id=_eos_id(tokenizer), top_k=top_k,
                                 soft_parts=_soft_parts(forbidden), finder=finder,
                                 licensed=licensed)
    )
    return processors


def _soft_parts(forbidden: Sequence[str]) -> tuple[str, ...]:
    """Single-word name parts of the targets the turn is about (all, for a plain list)."""
    from guardgraph.memory.target_text import name_parts

    about = getattr(forbidden, "about", None)
    parts: dict[str, None] = {}
    for target in forbidden:
        if about is not None and target not in about:
            continue
        for part, _ambiguous in name_parts(target):
            folded = normalise(part)
            if " " not in folded and folded.isalpha():
                parts[folded] = None
    return tuple(parts)


def _eos_id(tokenizer: Any) -> int | None:
    eos = getattr(tokenizer, "eos_token_id", None)
    if isinstance(eos, (list, tuple)):
        eos = eos[0] if eos else None
    return eos if eos is not None else getattr(tokenizer, "pad_token_id", None)


# ----------------------------------------------------------------------------- API logit_bias
@lru_cache(maxsize=32)
def _provider_encoding(model: str) -> Any:
    """The provider's own tokenizer (a tiktoken ``Encoding``), or None when unknown offline.

    litellm's ``encode()`` falls back to cl100k_base for every model it has no tokenizer for
    (including gpt-4o, which uses o200k_base, and Llama-based providers such as groq), and
    biasing token ids from the wrong vocabulary would suppress unrelated tokens. So only
    OpenAI-family providers are served, with the encoding tiktoken names for the model, loaded
    from the BPE files litellm bundles (importing litellm's ``default_encoding`` module points
    tiktoken's cache at them, so nothing is downloaded).
    """
    import litellm

    try:
        provider = litellm.get_llm_provider(model)[1]
        supported = litellm.get_supported_openai_params(model=model, custom_llm_provider=provider) or []
    except Exception:
        return None
    if "logit_bias" not in supported or provider not in _TIKTOKEN_PROVIDERS:
        return None
    try:
        import tiktoken

        import litellm.litellm_core_utils.default_encoding  # noqa: F401  (offline tiktoken cache)

        return tiktoken.encoding_for_model(model.split("/", 1)[-1])
    except Exception as exc:  # unknown deployment name, encoding not bundled, no tiktoken
        logger.info("no offline tokenizer for %s (%s); logit_bias skipped", model, exc)
        return None


def api_logit_bias(
    model: str,
    forbidden: Sequence[str] | ForbiddenMatcher,
    *,
    bias: float = -100.0,
    max_entries: int = OPENAI_LOGIT_BIAS_MAX,
    partial_first_tokens: bool = False,
    min_first_token_chars: int = 4,
) -> dict[int, float]:
    """``{token_id: bias}`` for the first token of each part variant, or ``{}`` if unsupported.

    Only where litellm lists ``logit_bias`` for the provider and the provider's tokenizer is
    available offline (:func:`_provider_encoding`). Variants: Title/lower/UPPER case and
    hyphen/space/joined forms, each with a leading space (the mid-sentence form) and without.

    By default only first tokens that spell the *whole* part (" Basil") are biased. The first
    token of a multi-token spelling is usually a word or word-start of its own (" Kuwait" for
    "Kuwaiti", " Mah", " Al"); biasing it would ban the country, "Mahatma" and "Al Gore"
    everywhere, which the filter must not do to common words. ``partial_first_tokens=True``
    also biases such tokens when they cover at least ``min_first_token_chars`` letters of the
    part. The hold-back guard catches every spelling regardless, so the bias is only a cheap
    first line that makes regenerations rarer. At most ``max_entries`` entries (OpenAI rejects
    more than 300); whole-part tokens come first.
    """
    matcher = get_matcher(forbidden)
    if not matcher.targets or max_entries <= 0:
        return {}
    encoding = _provider_encoding(model)
    if encoding is None:
        return {}
    whole: list[int] = []
    partial: list[int] = []
    for part in dict.fromkeys(p.text for p in matcher.parts):
        if True:
            folded_part = normalise(part)
            forms = surface_variants(part, possessive=False)
            for text in [" " + form for form in forms] + forms:
                ids = encoding.encode(text, disallowed_special=())
                if not ids:
                    continue
                first = normalise(encoding.decode([ids[0]]))
                if first == folded_part:
                    whole.append(int(ids[0]))
                elif (
                    partial_first_tokens
                    and len(first.replace(" ", "")) >= min_first_token_chars
                    and folded_part.startswith(first)
                ):
                    partial.append(int(ids[0]))
    ordered = list(dict.fromkeys(whole + partial))[:max_entries]
    return {token: float(bias) for token in ordered}
