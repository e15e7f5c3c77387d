"""The audit agent: does the draft (or the query) touch a relevant forgotten target?

Three detectors, all bounded by the handful of *relevant* targets the lookup fetched:

* exact: the shared forbidden-text matcher (the same one the token filter uses), on every
  distinctive name part, case/space/punctuation-insensitive;
* fuzzy: misspellings and obfuscations of a name part ("Kuwaity", "B4s1l", "B-a-s-i-l");
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
from rapidfuzz import fuzz

from guardgraph.graphs.context import node_context
from guardgraph.graphs.registry import agent, router
from guardgraph.graphs.state import GuardState
from guardgraph.memory.target_text import distinctive_parts, normalise
from guardgraph.tools.forbidden_match import get_matcher

LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})
SPELLED = re.compile(r"\b(?:\w[\s.\-_*]){2,}\w\b")
SENTENCE = re.compile(r"(?<=[.!?;\n])\s+")


class AuditParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    fuzzy_threshold: float = Field(86.0, ge=50, le=100, description="rapidfuzz ratio for a fuzzy name hit")
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


def exact_findings(text: str, targets: Sequence[dict[str, Any]]) -> list[Finding]:
    findings = []
    for target in targets:
        matcher = get_matcher(tuple(forbidden_names([target])))
        for variant in (text, deobfuscate(text)):
            spans = matcher.raw_spans(variant)
            if spans:
                start, end, _part = spans[0]
                findings.append(Finding(target["target"], "exact", variant[start:end], 1.0))
                break
    return findings


def fuzzy_findings(text: str, targets: Sequence[dict[str, Any]], threshold: float) -> list[Finding]:
    words = set(normalise(deobfuscate(text)).split())
    findings = []
    for target in targets:
        parts = [p for name in forbidden_names([target]) for p in distinctive_parts(name)]
        best = (0.0, "")
        for part in {normalise(p) for p in parts if " " not in normalise(p) and len(p) >= 4}:
            for word in words:
                if abs(len(word) - len(part)) <= 2:
                    score = fuzz.ratio(word, part)
                    if score > best[0]:
                        best = (score, word)
        if best[0] >= threshold:
            findings.append(Finding(target["target"], "fuzzy", best[1], best[0] / 100))
    return findings


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
    findings = exact_findings(text, targets)
    named = {f.target for f in findings}
    findings += [f for f in fuzzy_findings(text, targets, params.fuzzy_threshold) if f.target not in named]
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
            targets.append(target_record(hit))
            known.add(hit.entry.id)
    return targets


@router("audit_route", outputs=("clean", "leak"))
def audit_route(state: GuardState) -> str:
    """``leak`` when the audit found anything, else ``clean`` (the no-rewrite fast path)."""
    return "leak" if (state.get("audit") or {}).get("leaked") else "clean"
