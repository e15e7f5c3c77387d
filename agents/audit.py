"""The audit agent: does the draft (or the query) touch a relevant forgotten target?

Three detectors, all bounded by the handful of *relevant* targets the lookup fetched:

* exact / fuzzy: the shared :class:`~guardgraph.tools.mention.finder.MentionFinder` (the same
  folding and matcher as the token filter and the stream guard): every name part in every
  reading of the draft (homoglyphs, zero-width, leetspeak, spelled out, reversed, rot13, base64,
  other scripts), ambiguous parts ("Park") in a naming position, near-misses ("Hino Aameens");
* semantic: a sentence of the answer that restates one of the target's known facts.

No model call: the audit is the fast path's gate, so a clean answer costs only this.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any, Sequence

import numpy as np
from langchain_core.runnables import RunnableConfig
from pydantic import BaseModel, ConfigDict, Field

from guardgraph.graphs.context import node_context
from guardgraph.graphs.registry import agent, router
from guardgraph.graphs.state import GuardState

LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})
SPELLED = re.compile(r"\b(?:\w[\s.\-_*]){2,}\w\b")
SENTENCE = re.compile(r"(?<=[.!?;\n])\s+")


class AuditParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    fuzzy_threshold: float = Field(86.0, ge=50, le=100, description="kept for old specs; near-misses are "
                                   "decided by the shared MentionFinder (tools/mention)")
    fact_threshold: float = Field(0.72, ge=0, le=1, description="cosine for an answer sentence restating a fact")
    check_facts: bool = True


@dataclass(frozen=True)
class Finding:
    target: str
    kind: str  # exact | fuzzy | semantic
    evidence: str
    score: float


def forbidden_names(targets: Sequence[dict[str, Any]]) -> list[str]:
    names: list[str] = []
    for target in targets:
        names.append(str(target.get("target", "")))
        names.extend(str(a) for a in target.get("aliases", []) or [])
    return [n for n in dict.fromkeys(names) if n.strip()]


def deobfuscate(text: str) -> str:
    """Undo leetspeak and join spelled-out letters ("B-a-s-i-l" -> "Basil")."""
    joined = SPELLED.sub(lambda m: re.sub(r"[\s.\-_*]", "", m.group(0)), text)
    return joined.translate(LEET)


def target_finder(targets: Sequence[dict[str, Any]]) -> tuple[Any, dict[str, str]]:
    """The shared :class:`MentionFinder` for these target records, and name -> record target.

    A record with ``about: False`` (named by the draft, not the subject of the turn) has its
    ambiguous parts ("Park") counted only where they name someone.
    """
    from guardgraph.tools.forbidden_match import Forbidden
    from guardgraph.tools.mention.finder import get_finder

    owner: dict[str, str] = {}
    about: list[str] = []
    for target in targets:
        for name in forbidden_names([target]):
            owner.setdefault(name, str(target["target"]))
            if target.get("about", True):
                about.append(name)
    return get_finder(Forbidden(owner, about)), owner


def mention_findings(text: str, targets: Sequence[dict[str, Any]]) -> list[Finding]:
    """Exact, ambiguous, near-miss (soft), other-script and obfuscated mentions, one per target."""
    finder, owner = target_finder(targets)
    findings: dict[str, Finding] = {}
    for mention in finder.find(text):
        name = owner.get(mention.target, mention.target)
        kind = "fuzzy" if mention.kind == "soft" else "exact"
        if name not in findings or (findings[name].kind == "fuzzy" and kind == "exact"):
            findings[name] = Finding(name, kind, mention.evidence, mention.score)
    return list(findings.values())


def exact_findings(text: str, targets: Sequence[dict[str, Any]]) -> list[Finding]:
    return [f for f in mention_findings(text, targets) if f.kind == "exact"]


def fuzzy_findings(text: str, targets: Sequence[dict[str, Any]], threshold: float = 86.0) -> list[Finding]:
    """Near-miss findings (``threshold`` is kept for compatibility; the finder decides)."""
    return [f for f in mention_findings(text, targets) if f.kind == "fuzzy"]


def semantic_findings(text: str, targets: Sequence[dict[str, Any]], embedder: Any, threshold: float) -> list[Finding]:
    facts = [(t["target"], f) for t in targets for f in t.get("facts", []) or [] if f.strip()]
    sentences = [s for s in SENTENCE.split(text) if len(s.split()) >= 3][:16]
    if not facts or not sentences:
        return []
    fact_vectors = embedder.embed([f for _, f in facts])
    sentence_vectors = embedder.embed(sentences)
    similarity = np.asarray(sentence_vectors) @ np.asarray(fact_vectors).T
    findings, seen = [], set()
    for s_index, f_index in zip(*np.nonzero(similarity >= threshold)):
        name = facts[f_index][0]
        if name not in seen:
            seen.add(name)
            findings.append(Finding(name, "semantic", sentences[s_index], float(similarity[s_index, f_index])))
    return findings


def find_leaks(
    text: str, targets: Sequence[dict[str, Any]], *, embedder: Any = None, params: AuditParams | None = None
) -> list[Finding]:
    """Every way ``text`` reveals one of ``targets``; empty means clean."""
    params = params or AuditParams()
    if not text.strip() or not targets:
        return []
    findings = mention_findings(text, targets)
    if params.check_facts and embedder is not None:
        named = {f.target for f in findings}
        findings += [f for f in semantic_findings(text, targets, embedder, params.fact_threshold) if f.target not in named]
    return findings


@agent("audit", params=AuditParams)
def audit(state: GuardState, config: RunnableConfig) -> dict[str, Any]:
    """Look for leaks of relevant targets in the draft; record whether the query touches one."""
    ctx = node_context(config)
    targets = with_named_targets(state, ctx.services.forget_registry)
    embedder = ctx.services.embedder if targets and ctx.params.check_facts else None
    findings = find_leaks(state.get("draft", ""), targets, embedder=embedder, params=ctx.params)
    report = {
        "leaked": bool(findings),
        "query_touches_target": bool(targets),
        "findings": [asdict(f) for f in findings],
    }
    return {
        "audit": report,
        "relevant_targets": targets,
        "trace_detail": {"leaked": bool(findings), "findings": len(findings), "targets": len(targets)},
    }


def with_named_targets(state: GuardState, registry: Any) -> list[dict[str, Any]]:
    """The turn's relevant targets plus any visible target the draft *names*.

    The lookup before generation only sees the query and its documents; a draft can still name a
    target nobody asked about. One Aho-Corasick pass of the registry over the draft (lexical only,
    flat in the number of targets) closes that gap before the composer decides.
    """
    from guardgraph.agents.forget_memory import target_record

    targets = list(state.get("relevant_targets", []))
    draft = state.get("draft", "")
    if not draft.strip():
        return targets
    known = {t["id"] for t in targets}
    for hit in registry.relevant("", user=state.get("scope"), tenant=state.get("tenant"), text=draft, semantic=False):
        if hit.entry.id not in known:
            targets.append({**target_record(hit), "about": False})  # named by the draft, not asked about
            known.add(hit.entry.id)
    return targets


@router("audit_route", outputs=("clean", "leak"))
def audit_route(state: GuardState) -> str:
    """``leak`` when the audit found anything, else ``clean`` (the no-rewrite fast path)."""
    return "leak" if (state.get("audit") or {}).get("leaked") else "clean"
