"""The generator agent: asks the bound model for the answer (or for N candidate answers).

With ``guard: true`` the registry targets relevant to this turn are passed to the backend as
``forbidden`` strings, so the GUARD token filter blocks them *during* decoding. With ``n > 1`` it
samples N candidates (distinct seeds) for a verifier to rank; candidates are decoded one after the
other because a single local model on CPU gains nothing from parallel fan-out. The conversation
shown to the model leaves out control turns (a forget/revoke request and its confirmation; see
``agents/forget_memory.py``).
"""

from __future__ import annotations

from typing import Any

from langchain_core.runnables import RunnableConfig
from pydantic import BaseModel, ConfigDict, Field

from guardgraph.agents.prompting import DEFAULT_SYSTEM_PROMPT, build_messages
from guardgraph.graphs.context import emit_token, node_context
from guardgraph.graphs.registry import agent
from guardgraph.graphs.state import Candidate, GuardState, Message
from guardgraph.tools.base import GenerationParams
from guardgraph.tools.request_scope import apply_settings


class GeneratorParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    system_prompt: str = DEFAULT_SYSTEM_PROMPT
    max_tokens: int = Field(256, ge=1, le=8192)
    temperature: float = Field(0.0, ge=0.0, le=2.0)
    top_p: float = Field(1.0, gt=0.0, le=1.0)
    seed: int | None = 0
    n: int = Field(1, ge=1, le=64, description="number of candidates to sample")
    history_turns: int = Field(4, ge=0)
    include_context: bool = True
    guard: bool = Field(False, description="block relevant forget targets during decoding")
    mask_forgotten: bool = Field(True, description="mask forgotten names in the prompt before it leaves the process")
    stream: bool = Field(True, description="stream tokens to the caller (only for a final answer)")
    final: bool = Field(True, description="the draft is the turn's reply")


def forbidden_strings(state: GuardState) -> tuple[str, ...]:
    """Names and aliases of the relevant forget targets, for the token filter.

    A ``Forbidden`` tuple: it also tells the backends which targets the turn is *about* (their
    ambiguous name parts, "Park", are blocked outright; other targets' only where they name someone).
    """
    from guardgraph.tools.forbidden_match import Forbidden

    strings: list[str] = []
    about: list[str] = []
    for target in state.get("relevant_targets", []):
        names = [str(target.get("target", ""))] + [str(a) for a in target.get("aliases", []) or []]
        strings.extend(names)
        if target.get("about", True):
            about.extend(names)
    return Forbidden([s for s in dict.fromkeys(strings) if s.strip()], about)


def extra_instructions(state: GuardState) -> list[str]:
    """Handbook entries and the meta-reasoner's strategy, when the graph provides them."""
    extra: list[str] = []
    if state.get("handbook_entries"):
        from guardgraph.agents.curator import format_handbook_for_prompt

        extra.append(format_handbook_for_prompt(state["handbook_entries"]))
    if state.get("strategy"):
        from guardgraph.agents.meta_reasoner import strategy_instruction

        reports = state.get("progress_reports") or [""]
        extra.append(strategy_instruction(state["strategy"], reports[-1]))
    return extra


@agent("generator", params=GeneratorParams, uses_model=True)
def generator(state: GuardState, config: RunnableConfig) -> dict[str, Any]:
    """Answer the current query with the bound model."""
    ctx = node_context(config)
    params: GeneratorParams = ctx.params
    from guardgraph.agents.forget_memory import conversation_only

    # control turns (forget/revoke requests and their confirmations) are commands, not conversation
    messages = build_messages(
        {**state, "messages": conversation_only(state.get("messages"))},
        system_prompt=params.system_prompt,
        history_turns=params.history_turns,
        include_context=params.include_context,
        extra_system=extra_instructions(state),
    )
    if params.mask_forgotten and state.get("relevant_targets"):
        from guardgraph.agents.forget_memory import mask_messages

        messages = mask_messages(messages, state["relevant_targets"])
    forbidden = forbidden_strings(state) if params.guard else ()
    temperature = params.temperature if params.n == 1 or params.temperature > 0 else 0.7
    decoding = GenerationParams(
        max_tokens=params.max_tokens, temperature=temperature, top_p=params.top_p,
        seed=params.seed, forbidden=forbidden,
    )
    settings = getattr(ctx, "settings", None) or {}  # per-request settings (the server's max_tokens...)
    decoding = apply_settings(decoding, settings)
    model = ctx.model
    base_seed = decoding.seed  # the spec's seed, or the request's when it gave one
    first = base_seed
    stream_draft = bool(settings.get("stream_draft")) and params.guard  # caller holds back + handles rewrites
    if params.n == 1 and ((params.stream and params.final) or stream_draft):
        chunks = []
        for chunk in model.stream(messages, decoding):
            chunks.append(chunk)
            emit_token(chunk)
        texts, tokens = ["".join(chunks).strip()], []
    else:
        texts, tokens = [], []
        # later rounds of a loop draw fresh seeds (round r uses seed + r * n + index)
        first = None if base_seed is None else base_seed + int(state.get("round") or 0) * params.n
        for index in range(params.n):
            seed = None if first is None else first + index
            generation = model.generate(messages, decoding.with_updates(seed=seed))
            texts.append(generation.text.strip())
            tokens.append(int(generation.completion_tokens or 0))
    source = "greedy" if temperature == 0 else "sample"
    candidates = [
        Candidate(id=i, text=t, seed=None if first is None else first + i, source=source,
                  tokens=tokens[i] if i < len(tokens) else 0)
        for i, t in enumerate(texts)
    ]
    update: dict[str, Any] = {
        "draft": texts[0],
        "candidates": candidates,
        "trace_detail": {"model": model.name, "n": params.n, "forbidden": len(forbidden)},
    }
    if params.final:
        update["reply"] = texts[0]
        update["messages"] = [Message(role="assistant", content=texts[0])]
    return update
