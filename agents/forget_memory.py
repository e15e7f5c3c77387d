"""Forget-registry nodes: apply a watchdog decision, and recall the targets relevant to a turn.

``forget_update`` writes the watchdog's targets to the user's own scope and confirms what really
happened: it names the registered targets once (the user just typed them; ``name_targets=False``
turns that off), refuses common-word-only targets, and says when a revoke revoked nothing.
``forget_lookup`` fetches only the registered targets that matter for this query and its context
documents, so every later agent's cost depends on those few, not on the registry's size.

**Control turns are not conversation.** A forget / revoke / undo request and the confirmation that
answers it are commands to the guard, not part of the dialogue the model continues: both messages
are stored in the thread (the user sees them in ``Pipeline.history``) but marked
(``additional_kwargs["guardgraph_control"]``), and :func:`conversation_only` leaves them out of
every prompt (``generator``). Sent as history they made a small model answer later questions with
the confirmation itself ("I will not repeat this sentence. Say "undo" to reverse this.") and, for
an API model, sent the forget request upstream on every later turn.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

from langchain_core.runnables import RunnableConfig
from pydantic import BaseModel, ConfigDict, Field

from guardgraph.graphs.context import emit_token, node_context
from guardgraph.graphs.registry import agent
from guardgraph.graphs.state import GuardState, Message
from guardgraph.memory.forget_store import Scope


class ForgetUpdateParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name_targets: bool = Field(True, description="name what was registered / revoked in the confirmation (once)")
    forget_reply: str = "Understood. I will not bring up {targets} again. Say \"undo\" to reverse this."
    forget_reply_unnamed: str = "Understood. I have forgotten it and will not bring it up again."
    revoke_reply: str = "Understood. I can talk about {targets} again."
    revoke_reply_unnamed: str = "Understood. I can talk about it again."
    revoke_nothing_reply: str = "Nothing was revoked: {targets} {is_are} not on your own forget list."
    revoke_not_yours_reply: str = (
        "Nothing was revoked: {targets} {was_were} put on the forget list for your whole organisation, "
        "so only an administrator can lift it."
    )
    undo_nothing_reply: str = "There is nothing to undo: you have no active forget requests."
    nothing_reply: str = "I could not tell what to forget; please name it, e.g. 'forget Jane Doe'."
    common_reply: str = (
        "I did not store anything: {targets} {is_are} too general to forget without blanking ordinary "
        "words. What exactly should I forget (a name, a title, a number)?"
    )


class ForgetLookupParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    k: int = Field(8, ge=1, le=64, description="most targets fetched per turn")
    include_context: bool = Field(True, description="also match the turn's context documents")
    semantic: bool = True
    about_threshold: float = Field(0.6, ge=0, le=1, description=(
        "a target found only by embedding similarity is the turn's subject (its ambiguous name "
        "parts blocked outright) from this cosine on"))
    context_policy: Literal["drop", "redact", "keep"] = Field("drop", description=(
        "context documents that mention a forgotten target: dropped before generation (their facts "
        "never reach the model), redacted (names masked, facts kept) or kept"))
    scrub_history: bool = Field(True, description=(
        "rewrite earlier messages of the thread that name a forgotten target ([redacted]), so the "
        "name is never replayed to a model"))


def target_record(hit: Any) -> dict[str, Any]:
    """A registry hit as the plain dict kept in ``state['relevant_targets']``."""
    entry = hit.entry
    return {
        "id": entry.id,
        "target": entry.target,
        "aliases": list(entry.aliases),
        "facts": list(entry.facts),
        "match": hit.match,
        "score": round(float(hit.score), 4),
    }


CONTROL_KEY = "guardgraph_control"


def is_control(message: Any) -> bool:
    """Whether a stored message belongs to a control turn (a forget/revoke request or its confirmation)."""
    if isinstance(message, Mapping):
        return bool(message.get(CONTROL_KEY))
    return bool((getattr(message, "additional_kwargs", None) or {}).get(CONTROL_KEY))


def conversation_only(messages: Iterable[Any] | None) -> list[Any]:
    """``messages`` without control turns: what a model is shown as the conversation."""
    return [m for m in messages or [] if not is_control(m)]


def _control_messages(state: GuardState, reply: str) -> list[Any]:
    """The turn's request (re-stored by id, marked) and the confirmation, both as control messages."""
    from langchain_core.messages import AIMessage

    kind = state.get("intent") or "forget"
    out: list[Any] = []
    stored = list(state.get("messages") or [])
    request = stored[-1] if stored else None
    if request is not None and getattr(request, "type", None) == "human" and getattr(request, "id", None):
        kwargs = {**(request.additional_kwargs or {}), CONTROL_KEY: kind}
        out.append(request.model_copy(update={"additional_kwargs": kwargs}))
    out.append(AIMessage(content=reply, additional_kwargs={CONTROL_KEY: kind}))
    return out


def _finish(reply: str, state: GuardState | None = None) -> dict[str, Any]:
    emit_token(reply)
    messages = _control_messages(state, reply) if state is not None else [Message(role="assistant", content=reply)]
    return {"reply": reply, "draft": reply, "messages": messages}


def _quote(targets: list[str]) -> str:
    quoted = [f"\u201c{t}\u201d" for t in targets]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _fill(template: str, targets: list[str]) -> str:
    many = len(targets) > 1
    return template.format(targets=_quote(targets), is_are="are" if many else "is", was_were="were" if many else "was")


def _same_target(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _last_request(registry: Any, scope: Scope) -> list[Any]:
    """The entries registered by this user's most recent forget request (what "undo" removes)."""
    entries = [e for e in registry.list(scope) if e.active]
    if not entries:
        return []
    stamp = lambda e: e.updated_at or e.created_at  # noqa: E731
    latest = max(entries, key=stamp)
    return [e for e in entries if e.reason == latest.reason
            and abs((stamp(e) - stamp(latest)).total_seconds()) < 5.0]


def _revoke(state: GuardState, params: ForgetUpdateParams, registry: Any, scope: Scope,
            targets: list[str]) -> dict[str, Any]:
    undo = not targets
    if undo:  # "undo" / "undo that": the entries of the last forget request, exactly those
        entries = _last_request(registry, scope)
        if not entries:
            return {**_finish(params.undo_nothing_reply, state), "trace_detail": {"revoked": 0, "undo": True}}
        revoked = [e.target for e in entries if registry.revoke(e.id, scope=scope, requested_by=scope.id)]
    else:
        revoked = [t for t in targets if registry.revoke(t, scope=scope, requested_by=scope.id)]
    missing = [t for t in targets if t not in revoked]
    detail: dict[str, Any] = {"revoked": len(revoked), "revoked_targets": revoked, "not_revoked": missing,
                              "undo": undo}
    parts: list[str] = []
    if revoked:
        parts.append(_fill(params.revoke_reply, revoked) if params.name_targets else params.revoke_reply_unnamed)
    if missing:
        visible = registry.visible(state.get("scope", "default"), state.get("tenant"))
        others = [t for t in missing if any(_same_target(e.target, t) or any(_same_target(a, t) for a in e.aliases)
                                            for e in visible)]
        absent = [t for t in missing if t not in others]
        if others:
            parts.append(_fill(params.revoke_not_yours_reply, others))
        if absent:
            parts.append(_fill(params.revoke_nothing_reply, absent))
        detail["not_yours"] = others
    return {**_finish(" ".join(parts), state), "trace_detail": detail}


@agent("forget_update", params=ForgetUpdateParams)
def forget_update(state: GuardState, config: RunnableConfig) -> dict[str, Any]:
    """Register (or revoke) the watchdog's targets in the requesting user's scope, and say what happened.

    * forget: targets made only of common words are never stored (the reply asks what to forget);
      the confirmation names what was registered once (``name_targets=False`` turns that off).
    * revoke: revokes exactly the named entries; with no target ("undo") exactly the entries of the
      user's last forget request. A revoke that revoked nothing says so, and says why when the entry
      belongs to the whole tenant (only an administrator can lift it).
    """
    from guardgraph.errors import UserInputError
    from guardgraph.memory.common_words import only_common_words

    ctx = node_context(config)
    params: ForgetUpdateParams = ctx.params
    registry = ctx.services.forget_registry
    scope = Scope.of_user(state.get("scope", "default"), state.get("tenant"))
    targets = [t.strip() for t in state.get("intent_targets", []) if isinstance(t, str) and t.strip()]
    if state.get("intent") == "revoke":
        return _revoke(state, params, registry, scope, targets)
    if not targets:
        return {**_finish(params.nothing_reply, state), "trace_detail": {"intent": state.get("intent"), "targets": 0}}
    storable = [t for t in targets if not only_common_words(t)]
    too_common = [t for t in targets if t not in storable]
    registered: list[str] = []
    refused: list[str] = list(too_common)
    for target in storable:
        try:
            registry.add(target, scope=scope, requested_by=scope.id, reason=state.get("query", "")[:500])
        except UserInputError:
            refused.append(target)  # the registry's own check (one letter, common words) refused it
        else:
            registered.append(target)
    parts: list[str] = []
    if registered:
        parts.append(_fill(params.forget_reply, registered) if params.name_targets else params.forget_reply_unnamed)
    if refused:
        parts.append(_fill(params.common_reply, refused))
    detail = {"registered": len(registered), "registered_targets": registered, "refused": refused}
    return {**_finish(" ".join(parts), state), "trace_detail": detail}


def is_about(hit: Any, threshold: float) -> bool:
    """Whether a registry hit makes its target the subject of the turn.

    The full name or an explicit alias, two or more name parts, or a close semantic match does;
    one shared name part does not ("Hashim Amla" is not about Aysha Al-Hashim)."""
    if hit.match == "exact":
        return True
    if hit.match == "alias":
        return float(hit.score) > 0.8  # ALIAS_SCORE 0.95, two+ parts 0.84+; one part is 0.8
    return hit.match == "semantic" and float(hit.score) >= threshold


def _history_texts(state: GuardState) -> list[str]:
    from guardgraph.graphs.state import openai_messages

    return [m["content"] for m in openai_messages(state.get("messages")) if m.get("content")]


def named_in_history(state: GuardState, registry: Any, known: set[int]) -> list[dict[str, Any]]:
    """Visible targets the thread's stored messages name (lexical, every reading of the text)."""
    texts = _history_texts(state)
    if not texts:
        return []
    out = []
    hits = registry.relevant("", user=state.get("scope"), tenant=state.get("tenant"), text="\n".join(texts),
                             semantic=False, k=64)
    for hit in hits:
        if hit.entry.id not in known:
            out.append({**target_record(hit), "about": False})
            known.add(hit.entry.id)
    return out


def scrubbed_messages(messages: Any, records: list[dict[str, Any]]) -> list[Any]:
    """Replacements (same message id, names -> ``[redacted]``) for stored messages naming a target.

    ``add_messages`` replaces a message by id, so returning these from a node rewrites the thread's
    history in the checkpoint: the forget request itself and every earlier mention.
    """
    if not records or not messages:
        return []
    from guardgraph.agents.audit import target_finder

    finder, _ = target_finder(records)  # each record's own "about": "Hashim Amla" is not Aysha Al-Hashim
    out = []
    for message in messages:
        content = getattr(message, "content", None)
        if not isinstance(content, str) or not content or getattr(message, "id", None) is None:
            continue
        masked = finder.redact(content)
        if masked != content:
            out.append(message.model_copy(update={"content": masked}))
    return out


def mask_messages(messages: list[dict[str, str]], records: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Outgoing prompt messages with every mention of ``records``' targets masked."""
    if not records:
        return list(messages)
    from guardgraph.agents.audit import target_finder

    finder, _ = target_finder(records)
    return [{**m, "content": finder.redact(m.get("content") or "")} for m in messages]


@agent("forget_lookup", params=ForgetLookupParams)
def forget_lookup(state: GuardState, config: RunnableConfig) -> dict[str, Any]:
    """Fetch the registered targets relevant to this query (and its context documents).

    Also: targets the thread's history names (so they are masked and blocked too), the context
    documents that mention a target dropped or redacted (``context_policy``), and the history
    scrubbed of every forgotten name (``scrub_history``).
    """
    ctx = node_context(config)
    params: ForgetLookupParams = ctx.params
    registry = ctx.services.forget_registry
    documents = list(state.get("context", []))
    text = "\n".join(documents) if params.include_context else ""
    hits = registry.relevant(
        state.get("query", ""),
        user=state.get("scope"),
        tenant=state.get("tenant"),
        k=params.k,
        text=text,
        semantic=params.semantic,
    )
    records = [{**target_record(hit), "about": is_about(hit, params.about_threshold)} for hit in hits]
    known = {r["id"] for r in records}
    records += named_in_history(state, registry, known)
    update: dict[str, Any] = {"relevant_targets": records}
    dropped = redacted = 0
    if records and documents and params.context_policy != "keep":
        from guardgraph.agents.audit import target_finder

        finder, _ = target_finder([{**r, "about": True} for r in records])
        kept = []
        for doc in documents:
            if not finder.find(doc):
                kept.append(doc)
            elif params.context_policy == "redact":
                kept.append(finder.redact(doc))
                redacted += 1
            else:
                dropped += 1
        if dropped or redacted:
            update["context"] = kept
    scrubbed = scrubbed_messages(state.get("messages"), records) if params.scrub_history else []
    if scrubbed:
        update["messages"] = scrubbed
    update["trace_detail"] = {"relevant": len(records), "about": sum(bool(r.get("about")) for r in records),
                              "context_dropped": dropped, "context_redacted": redacted, "scrubbed": len(scrubbed)}
    return update


class HistoryScrubParams(BaseModel):
    model_config = ConfigDict(extra="forbid")


@agent("history_scrub", params=HistoryScrubParams)
def history_scrub(state: GuardState, config: RunnableConfig) -> dict[str, Any]:
    """After a forget: rewrite the thread's stored messages that name any visible target."""
    ctx = node_context(config)
    registry = ctx.services.forget_registry
    records = named_in_history(state, registry, set())
    scrubbed = scrubbed_messages(state.get("messages"), records)
    update: dict[str, Any] = {"trace_detail": {"targets": len(records), "scrubbed": len(scrubbed)}}
    if scrubbed:
        update["messages"] = scrubbed
    return update
