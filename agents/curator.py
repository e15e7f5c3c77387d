"""Concept-memory agents: the curator writes handbook entries, ``handbook_retrieve`` reads them.

After a turn whose answer was verified, the curator asks the model to distil at most three short,
reusable lessons (ArcMemo "concepts", Metacognitive-Reuse "behaviours") from the query, the strategy
and the final reply, and stores them in the handbook, which merges near-duplicates. On later turns
``handbook_retrieve`` puts the few entries closest to the new query into ``handbook_entries`` and
the generator shows them to the model via :func:`format_handbook_for_prompt`.

Small models answer the distillation prompt with anything from clean JSON to prose; the parser
extracts the first JSON array (or loose objects), validates each item and drops the rest, so junk
yields zero entries instead of an error.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping, Sequence
from typing import Any

from langchain_core.runnables import RunnableConfig
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from guardgraph.graphs.context import node_context
from guardgraph.graphs.registry import agent
from guardgraph.graphs.state import GuardState
from guardgraph.memory.handbook import EntryKind, HandbookEntry, name_key
from guardgraph.tools.base import GenerationParams, ModelError

logger = logging.getLogger(__name__)

MAX_ENTRIES = 3
_ALIASES = {
    "title": "name",
    "lesson": "name",
    "when": "when_to_use",
    "whentouse": "when_to_use",
    "when-to-use": "when_to_use",
    "when to use": "when_to_use",
    "type": "kind",
    "rule": "instruction",
}
_FIELDS = ("name", "instruction", "when_to_use", "kind")
_OPENERS = re.compile(r"[\[{]")

_EXAMPLE = {"name": "Check units first", "instruction": "Convert all quantities to one unit before computing.",
            "when_to_use": "word problems mixing units", "kind": "behaviour"}
CURATOR_SYSTEM_PROMPT = """You maintain a handbook of reusable problem-solving lessons.
From the solved task below, write at most {limit} lessons that would help on DIFFERENT future tasks.
Each lesson is a JSON object with exactly these keys:
  "name": a short title (2-6 words),
  "instruction": one or two imperative sentences, general (no numbers or names from this task),
  "when_to_use": the kind of problem where the lesson helps,
  "kind": "concept" (a reusable idea) or "behaviour" (a reasoning habit or procedure).
Reply with only a JSON array of such objects, or [] if nothing is reusable. Example:
[{example}]"""


class CuratorParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    require_verified: bool = Field(True, description="only learn from turns the verifier accepted")
    max_entries: int = Field(MAX_ENTRIES, ge=0, le=MAX_ENTRIES, description="entries distilled per turn (0-3)")
    max_tokens: int = Field(384, ge=16, le=4096)
    temperature: float = Field(0.0, ge=0.0, le=2.0)
    max_reply_chars: int = Field(3000, ge=200, description="the reply is cut to this many characters in the prompt")
    learn_from_checker_answers: bool = Field(
        False, description="also distil from replies a checker computed (the model did not reason them)")


class RetrieveParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    k: int = Field(3, ge=1, le=20)
    min_score: float = Field(0.3, ge=-1.0, le=1.0, description="cosine similarity below which entries are ignored")
    kind: EntryKind | None = Field(None, description="only concepts or only behaviours")


def curator_messages(query: str, reply: str, strategy: str, limit: int, max_reply_chars: int) -> list[dict[str, str]]:
    """The distillation prompt: a strict format with one example, then the solved task."""
    if len(reply) > max_reply_chars:
        reply = reply[:max_reply_chars] + " [...]"
    task = [f"Task: {query.strip()}"]
    if strategy:
        task.append(f"Strategy used: {strategy.strip()}")
    task.append(f"Verified solution: {reply.strip()}")
    task.append("JSON array of lessons:")
    return [
        {"role": "system", "content": CURATOR_SYSTEM_PROMPT.format(limit=limit, example=json.dumps(_EXAMPLE))},
        {"role": "user", "content": "\n".join(task)},
    ]


def _json_values(text: str) -> list[Any]:
    """Every JSON array/object that decodes at some '[' or '{' in ``text``, in order, outermost only."""
    decoder = json.JSONDecoder()
    values: list[Any] = []
    position = 0
    while (match := _OPENERS.search(text, position)) is not None:
        try:
            value, position = decoder.raw_decode(text, match.start())
        except json.JSONDecodeError:
            position = match.start() + 1
            continue
        values.append(value)
    return values


def _tidy(text: str) -> str:
    """Undo common small-model slips: code fences, typographic quotes, trailing commas."""
    text = re.sub(r"```(?:json)?", "", text)
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r",\s*([\]}])", r"\1", text)


def _candidates(text: str) -> list[Any]:
    """Items the model proposed: the first array of objects (or ``[]``), an ``{"entries": [...]}``
    wrapper, or else every loose object (salvages a list broken by one bad item)."""
    values = _json_values(_tidy(text))
    for value in values:
        if isinstance(value, list) and (not value or any(isinstance(v, Mapping) for v in value)):
            return value
        if isinstance(value, dict):
            for key in ("entries", "lessons", "handbook"):
                if isinstance(value.get(key), list):
                    return value[key]
    return [value for value in values if isinstance(value, dict)]


def parse_entries(text: str, limit: int = MAX_ENTRIES, source_trace: str | None = None) -> tuple[list[HandbookEntry], int]:
    """Valid, distinct entries from a model reply (at most ``limit``) and how many items were rejected."""
    accepted: list[HandbookEntry] = []
    rejected = 0
    names: set[str] = set()
    for item in _candidates(text or ""):
        if len(accepted) >= limit:
            break
        if not isinstance(item, Mapping):
            rejected += 1
            continue
        data: dict[str, Any] = {}
        for key, value in item.items():
            field = _ALIASES.get(str(key).strip().lower(), str(key).strip().lower())
            if field in _FIELDS and field not in data:
                data[field] = value
        # small models copy the prompt's example: a copied lesson is dropped, a copied hint blanked
        if name_key(str(data.get("instruction", ""))) == name_key(_EXAMPLE["instruction"]):
            rejected += 1
            continue
        if name_key(str(data.get("when_to_use", ""))) == name_key(_EXAMPLE["when_to_use"]):
            data["when_to_use"] = ""
        try:
            entry = HandbookEntry.model_validate({**data, "source_trace": source_trace})
        except ValidationError:
            rejected += 1
            continue
        if name_key(entry.name) in names:
            rejected += 1
            continue
        names.add(name_key(entry.name))
        accepted.append(entry)
    return accepted, rejected


def _final_reply(state: GuardState) -> str:
    if state.get("reply"):
        return state["reply"]
    ranking = state.get("ranking") or []
    candidates = {c.get("id"): c for c in state.get("candidates") or []}
    if ranking and ranking[0].get("id") in candidates:
        return str(candidates[ranking[0]["id"]].get("text") or "")
    return state.get("draft") or ""


@agent("curator", params=CuratorParams, uses_model=True)
def curator_node(state: GuardState, config: RunnableConfig) -> dict[str, Any]:
    """Distil up to three reusable lessons from a verified solution into the handbook."""
    ctx = node_context(config)
    params: CuratorParams = ctx.params
    detail: dict[str, Any] = {"added": 0, "merged": 0}
    if params.require_verified and state.get("verified") is not True:
        return {"trace_detail": {**detail, "skipped": "not verified"}}
    selected_by = ((state.get("ranking") or [{}])[0] or {}).get("selected_by")
    if not params.learn_from_checker_answers and selected_by == "checker_supplied":
        return {"trace_detail": {**detail, "skipped": "answer computed by a checker"}}
    query, reply = state.get("query") or "", _final_reply(state)
    if params.max_entries == 0 or not query.strip() or not reply.strip():
        return {"trace_detail": {**detail, "skipped": "nothing to learn from"}}
    messages = curator_messages(query, reply, state.get("strategy") or "", params.max_entries, params.max_reply_chars)
    try:
        generation = ctx.model.generate(
            messages, GenerationParams(max_tokens=params.max_tokens, temperature=params.temperature)
        )
    except ModelError as exc:  # learning is best-effort: the user already has the answer
        logger.warning("curator: model call failed: %s", exc)
        return {"trace_detail": {**detail, "error": str(exc)[:200]}}
    entries, rejected = parse_entries(generation.text, params.max_entries, source_trace=state.get("turn"))
    if entries:
        for _, merged in ctx.services.handbook.add_many(entries):
            detail["merged" if merged else "added"] += 1
    if rejected:
        detail["rejected"] = rejected
    return {"trace_detail": detail}


@agent("handbook_retrieve", params=RetrieveParams)
def handbook_retrieve_node(state: GuardState, config: RunnableConfig) -> dict[str, Any]:
    """Put the handbook entries closest to the query into ``handbook_entries``."""
    ctx = node_context(config)
    params: RetrieveParams = ctx.params
    query = (state.get("query") or "").strip()
    if not query:
        return {"handbook_entries": [], "trace_detail": {"retrieved": 0}}
    hits = ctx.services.handbook.search(query, k=params.k, min_score=params.min_score, kind=params.kind)
    entries = [{**entry.model_dump(mode="json"), "score": round(score, 4)} for entry, score in hits]
    return {
        "handbook_entries": entries,
        "trace_detail": {"retrieved": len(entries), "names": [e["name"] for e in entries]},
    }


def format_handbook_for_prompt(entries: Sequence[Mapping[str, Any] | HandbookEntry], max_chars: int = 1500) -> str:
    """System-prompt block listing retrieved entries, best first, cut at ``max_chars``.

    The model is told these are optional hints, so an irrelevant entry does not derail it.
    """
    lines: list[str] = []
    used = 0
    for entry in entries:
        data = entry.model_dump() if isinstance(entry, HandbookEntry) else dict(entry)
        name, instruction = str(data.get("name") or "").strip(), str(data.get("instruction") or "").strip()
        if not name or not instruction:
            continue
        line = f"{len(lines) + 1}. {name}"
        if data.get("kind"):
            line += f" ({data['kind']})"
        line += f": {instruction}" + ("" if instruction[-1] in ".!?" else ".")
        if str(data.get("when_to_use") or "").strip():
            line += f" Use when: {str(data['when_to_use']).strip()}"
        if lines and used + len(line) > max_chars:
            break
        lines.append(line[:max_chars])
        used += len(line)
    if not lines:
        return ""
    header = "Handbook of lessons from earlier solved problems (apply one only if it fits this question):"
    return "\n".join([header, *lines])
