"""Prompt assembly shared by the agents that ask the model for an answer.

Kept in one place so every agent sees the same conversation window, the same way of presenting
retrieved documents and handbook entries, and so a change to the prompt format is one edit.
"""

from __future__ import annotations

from collections.abc import Sequence

from guardgraph.graphs.state import GuardState, Message, openai_messages

DEFAULT_SYSTEM_PROMPT = "You are a helpful assistant. Answer briefly and accurately."


def context_block(documents: Sequence[str]) -> str:
    """Retrieved documents as a numbered block the model is told to rely on."""
    if not documents:
        return ""
    lines = "\n".join(f"[{i + 1}] {doc.strip()}" for i, doc in enumerate(documents) if doc.strip())
    return f"Use these documents to answer:\n{lines}"


def conversation_window(state: GuardState, history_turns: int) -> list[Message]:
    """The last ``history_turns`` exchanges, always ending with the current user message."""
    messages = [m for m in openai_messages(state.get("messages")) if m["role"] in {"user", "assistant"}]
    window = messages[-(2 * history_turns + 1) :] if history_turns >= 0 else messages
    if not window or window[-1].get("role") != "user":
        window = [*window, Message(role="user", content=state.get("query", ""))]
    return window


def build_messages(
    state: GuardState,
    *,
    system_prompt: str = DEFAULT_SYSTEM_PROMPT,
    history_turns: int = 4,
    include_context: bool = True,
    extra_system: Sequence[str] = (),
) -> list[Message]:
    """System prompt (+ documents + extra instructions) followed by the conversation window."""
    parts = [system_prompt.strip()]
    if include_context:
        parts.append(context_block(state.get("context", [])))
    parts.extend(extra_system)
    system = "\n\n".join(p for p in parts if p)
    return [Message(role="system", content=system), *conversation_window(state, history_turns)]
