"""The forget registry: durable, scoped forget requests and fast "which of them matter here?".

Persistence and scope isolation live in :mod:`guardgraph.memory.forget_store`; this module adds
the query side. :meth:`ForgetRegistry.relevant` is on the hot path of every guarded request, so it
must cost about the same with 10 or 10,000 registered targets:

* **Lexical**: one Aho-Corasick automaton over the normalised names, aliases and distinctive name
  parts of *all* active entries. A single pass over the query/answer text finds every whole-token
  mention; each hit is then resolved only against the requester's three visible scopes.
* **Semantic**: one FAISS index per scope over embeddings of each target's name, aliases and known
  facts, so "who wrote Promise by the Seine?" finds the author whose fact list says so even though
  no name is mentioned. Per-scope indexes make visibility exact (no over-fetch-then-filter that a
  crowded foreign scope could starve) and a request searches at most three of them.

Both structures are kept in memory and updated incrementally from the store's change counter, so
writes from other threads or processes are picked up by the next query without a rebuild.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable, Sequence
from itertools import islice
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import ahocorasick
import numpy as np

from guardgraph.memory.forget_store import (
    AuditRecord,
    ForgetEntry,
    ForgetStore,
    RegistryError,
    Scope,
    visible_scopes,
)
from guardgraph.errors import UserInputError
from guardgraph.memory.target_text import name_parts, normalise

if TYPE_CHECKING:
    from guardgraph.memory.embeddings import Embedder
    from guardgraph.memory.vector_index import VectorIndex

logger = logging.getLogger(__name__)

__all__ = [
    "AuditRecord",
    "ForgetEntry",
    "ForgetRegistry",
    "RegistryError",
    "RelevantTarget",
    "Scope",
    "TargetRejected",
    "check_target",
    "visible_scopes",
]

MatchKind = Literal["exact", "alias", "semantic"]

# Lexical scores: a full name beats an alias beats a lone name part ("Kuwaiti"), which is
# reported as an "alias" match (it is a shortened name) but ranks below semantic hits it loses to.
EXACT_SCORE = 1.0
ALIAS_SCORE = 0.95
PART_SCORE = 0.8
PART_BONUS = 0.04  # each further distinct name part matched ("Basil ... Mahfouz") adds this
PART_SCORE_MAX = 0.9
# Texts embedded per entry (name + aliases + facts) are capped by the store's limits; this is a
# safety net. Tombstoned vectors are purged once they exceed both thresholds below.
_MAX_VECTORS_PER_ENTRY = 1024
_MIN_PURGE = 256
_HNSW_FETCH = 256
# Exact (flat) FAISS search up to this many distinct texts per scope (~25k targets with a few facts
# each). Measured on 10k synthetic targets with MiniLM, HNSW found the right target for 92-94% of
# fact questions against 100% for exact search, at ~5 ms less per query; for a forget registry a
# miss is a leak, so exactness wins until the index is far larger. Pass a lower value to trade.
DEFAULT_HNSW_THRESHOLD = 100_000
_PURGE_FRACTION = 0.25
_SENTENCE = re.compile(r"(?<=[.!?;\n])\s+")
_MAX_TEXT_CHUNKS = 8
_MAX_CHUNK_CHARS = 512


@dataclass(frozen=True, slots=True)
class RelevantTarget:
    """An entry that matters for a request, how it was found, and how strongly.

    ``match`` is "exact" (full name), "alias" (an alias or a distinctive part of the name) or
    "semantic" (embedding similarity to the name/aliases/facts); ``matched`` is the normalised
    key that hit, or the fact/name text that was most similar.
    """

    entry: ForgetEntry
    match: MatchKind
    score: float
    matched: str = ""


class TargetRejected(UserInputError):
    """A forget target that cannot be blocked on its own (one letter, only common words)."""

    code = "invalid_forget_target"


def check_target(target: object) -> None:
    """Refuse targets whose blocking would break ordinary text; the message says why."""
    if not isinstance(target, str):
        return  # the store reports wrong types itself
    folded = normalise(target)
    letters = folded.replace(" ", "")
    if not letters:
        return  # the store's own "empty target" error
    if len(letters) == 1:
        raise TargetRejected(f"forget target {target!r} is a single character: blocking it would break every answer")
    from guardgraph.memory.common_words import only_common_words

    if only_common_words(target.strip()):
        raise TargetRejected(
            f"forget target {target!r} is made only of common words: blocking it would break ordinary "
            "answers; name the person, place or thing (e.g. 'Dana Reyes', 'the Glass Orchard')"
        )


def default_threshold(embedder: object) -> float:
    """Cosine threshold for semantic hits, calibrated per embedder family.

    MiniLM puts paraphrased questions about a fact at ~0.6-0.97 and unrelated questions below
    ~0.3; the hashing embedder only sees shared character n-grams, so related texts score
    ~0.5-0.8 and unrelated ones below ~0.3.
    """
    name = str(getattr(embedder, "name", "")).lower()
    if "hashing" in name:
        return 0.45
    return 0.5


class _Matcher:
    """In-memory lexical + semantic indexes over every active entry of every scope.

    Lexical keys come in two strengths. *Strong* keys (a full name or an explicit alias) map to
    few entries and are resolved one by one. *Part* keys ("Mahfouz") can be shared by hundreds of
    targets, so each (key, scope) keeps a sorted numpy array of entry ids and a query counts how
    many distinct parts each entry matched with one vectorised ``np.unique`` instead of a Python
    loop over every bearer of a common surname.

    Not thread-safe on its own; :class:`ForgetRegistry` serialises access with a lock.
    """

    def __init__(self, embedder: "Embedder", hnsw_threshold: int) -> None:
        self.embedder = embedder
        self.hnsw_threshold = hnsw_threshold
        self.generation = -1
        self.entries: dict[int, ForgetEntry] = {}
        # strong key -> scope key -> entry id -> (kind, score)
        self.strong: dict[str, dict[str, dict[int, tuple[MatchKind, float]]]] = {}
        # part key -> scope key -> entry ids; arrays are rebuilt lazily after a change
        self.parts: dict[str, dict[str, set[int]]] = {}
        self.part_arrays: dict[tuple[str, str], np.ndarray] = {}
        self.entry_keys: dict[int, list[tuple[str, bool]]] = {}  # (key, is_part)
        self.automaton = ahocorasick.Automaton()
        self.automaton_dirty = False
        # entries whose name is written in another script ("卡门·蒙特内格罗"): also looked for, by
        # transliteration, in Latin text (the shared MentionFinder's script comparison)
        self.foreign: dict[int, ForgetEntry] = {}
        # Semantic side: one VectorIndex per scope holding each distinct text once; a row lists
        # every entry of that scope sharing the text ("born in London"). Duplicate vectors would
        # waste memory and, worse, degrade HNSW graphs (recall drops on clusters of identical
        # points). Vector ids are never reused, so an updated entry never "replaces" rows (which
        # forces a full rebuild); rows nobody owns become tombstones, purged in batches.
        self.indexes: dict[str, VectorIndex] = {}
        self.text_vid: dict[tuple[str, str], int] = {}  # (scope key, text) -> vid
        self.vid_text: dict[int, str] = {}
        self.vid_owners: dict[int, dict[int, None]] = {}  # vid -> ordered set of entry ids
        self.entry_vids: dict[int, list[int]] = {}
        self.dead: dict[str, list[int]] = {}
        self.scope_sizes: dict[str, int] = {}
        self.next_vid = 1
        self.touched: set[str] = set()

    # Updates --------------------------------------------------------------------------------
    def apply(self, changed: Sequence[ForgetEntry], vectors: dict[str, np.ndarray], generation: int) -> None:
        """Replace the indexed state of each changed entry (drop, then re-add if still active)."""
        for entry in changed:
            self._drop(entry.id)
            if entry.active:
                self._insert(entry, vectors)
        self.generation = generation

    @staticmethod
    def lexical_keys(entry: ForgetEntry) -> dict[str, tuple[MatchKind, float]]:
        """Normalised key -> (kind, score); a key's strongest role for this entry wins."""
        keys: dict[str, tuple[MatchKind, float]] = {}

        def put(text: str, kind: MatchKind, score: float) -> None:
            norm = normalise(text)
            if norm and (norm not in keys or keys[norm][1] < score):
                keys[norm] = (kind, score)

        for name in (entry.target, *entry.aliases):
            # distinctive parts and their glued forms ("taeho", "jiyeon"); ambiguous parts ("Park")
            # never make a target relevant on their own
            for part, ambiguous in name_parts(name)[1:]:
                if not ambiguous:
                    put(part, "alias", PART_SCORE)
        for alias in entry.aliases:
            put(alias, "alias", ALIAS_SCORE)
        put(entry.target, "exact", EXACT_SCORE)
        return keys

    @staticmethod
    def semantic_texts(entry: ForgetEntry) -> list[str]:
        return list(dict.fromkeys([entry.target, *entry.aliases, *entry.facts]))[:_MAX_VECTORS_PER_ENTRY]

    def _key_used(self, key: str) -> bool:
        return key in self.strong or key in self.parts

    def _insert(self, entry: ForgetEntry, vectors: dict[str, np.ndarray]) -> None:
        scope_key = entry.scope.key
        self.entries[entry.id] = entry
        if any(ord(c) > 0x24F and c.isalpha() for c in entry.target):
            self.foreign[entry.id] = entry
        keys = self.lexical_keys(entry)
        for key, (kind, score) in keys.items():
            if not self._key_used(key):
                self.automaton.add_word(f" {key} ", key)
                self.automaton_dirty = True
            if score == PART_SCORE:
                self.parts.setdefault(key, {}).setdefault(scope_key, set()).add(entry.id)
                self.part_arrays.pop((key, scope_key), None)
            else:
                self.strong.setdefault(key, {}).setdefault(scope_key, {})[entry.id] = (kind, score)
        self.entry_keys[entry.id] = [(key, score == PART_SCORE) for key, (_, score) in keys.items()]
        texts = self.semantic_texts(entry)
        index = self.indexes.get(scope_key)
        if index is None:
            from guardgraph.memory.vector_index import VectorIndex

            index = self.indexes[scope_key] = VectorIndex(self.embedder.dim, hnsw_threshold=self.hnsw_threshold)
        vids, new_vids, new_rows = [], [], []
        for text in texts:
            vid = self.text_vid.get((scope_key, text))
            if vid is None:
                vid = self.text_vid[(scope_key, text)] = self.next_vid
                self.next_vid += 1
                self.vid_text[vid] = text
                self.vid_owners[vid] = {}
                new_vids.append(vid)
                new_rows.append(vectors[text])
            self.vid_owners[vid][entry.id] = None
            vids.append(vid)
        if new_vids:
            index.add(new_vids, np.stack(new_rows))
        self.entry_vids[entry.id] = vids
        self.scope_sizes[scope_key] = self.scope_sizes.get(scope_key, 0) + 1
        self.touched.add(scope_key)

    def _drop(self, entry_id: int) -> None:
        entry = self.entries.pop(entry_id, None)
        self.foreign.pop(entry_id, None)
        if entry is None:
            return
        scope_key = entry.scope.key
        for key, is_part in self.entry_keys.pop(entry_id, []):
            table: dict = self.parts if is_part else self.strong
            scopes = table[key]
            members = scopes[scope_key]
            members.discard(entry_id) if is_part else members.pop(entry_id, None)
            if is_part:
                self.part_arrays.pop((key, scope_key), None)
            if not members:
                del scopes[scope_key]
            if not scopes:
                del table[key]
                if not self._key_used(key):
                    self.automaton.remove_word(f" {key} ")
                    self.automaton_dirty = True
        orphaned = []
        for vid in self.entry_vids.pop(entry_id, []):
            owners = self.vid_owners[vid]
            owners.pop(entry_id, None)
            if not owners:
                del self.vid_owners[vid]
                del self.text_vid[(scope_key, self.vid_text.pop(vid))]
                orphaned.append(vid)
        self.scope_sizes[scope_key] -= 1
        self.touched.add(scope_key)
        if self.scope_sizes[scope_key] == 0:  # scope emptied: drop its index outright
            del self.scope_sizes[scope_key]
            self.indexes.pop(scope_key, None)
            self.dead.pop(scope_key, None)
            return
        dead = self.dead.setdefault(scope_key, [])
        dead.extend(orphaned)
        index = self.indexes[scope_key]
        if len(dead) > max(_MIN_PURGE, _PURGE_FRACTION * len(index)):
            index.remove(dead)
            self.dead[scope_key] = []

    def warm(self) -> None:
        """Build what the next query would otherwise build: the automaton, changed FAISS indexes."""
        if self.automaton_dirty:
            if len(self.automaton):
                self.automaton.make_automaton()
            self.automaton_dirty = False
        probe = np.zeros(self.embedder.dim, dtype=np.float32)
        for scope_key in self.touched:  # multi-threaded: an HNSW (re)build can be seconds of work
            index = self.indexes.get(scope_key)
            if index is not None:
                index.search(probe, 1)
        self.touched.clear()

    # Queries --------------------------------------------------------------------------------
    def matched_keys(self, texts: Iterable[str]) -> list[str]:
        """Distinct automaton keys occurring as whole-token runs in any of ``texts``."""
        if self.automaton_dirty:
            if len(self.automaton):
                self.automaton.make_automaton()
            self.automaton_dirty = False
        if self.automaton.kind != ahocorasick.AHOCORASICK:
            return []
        from guardgraph.tools.mention.folding import views

        found: dict[str, None] = {}
        for text in texts:
            # every reading of the text (plain folded: homoglyphs, zero-width, leet, glued names;
            # spelled-out letters, concatenation, reversed, rot13, base64, acrostic), so an
            # obfuscated-only mention still finds its target
            for view in views(text):
                haystack = f" {view.folded.strip()} "
                if len(haystack) > 2:
                    for _end, key in self.automaton.iter(haystack):
                        found[key] = None
        return list(found)

    def lexical(self, texts: Iterable[str], scope_keys: Sequence[str],
                part_limit: int) -> dict[int, tuple[MatchKind, float, str]]:
        """Lexical hits: every strong hit, plus the ``part_limit`` entries matching most parts."""
        hits: dict[int, tuple[MatchKind, float, str]] = {}
        part_keys: list[str] = []
        arrays: list[np.ndarray] = []
        for key in self.matched_keys(texts):
            strong = self.strong.get(key)
            if strong:
                for scope_key in scope_keys:
                    for entry_id, (kind, score) in strong.get(scope_key, {}).items():
                        if entry_id not in hits or hits[entry_id][1] < score:
                            hits[entry_id] = (kind, score, key)
            parts = self.parts.get(key)
            if parts:
                for scope_key in scope_keys:
                    if scope_key in parts:
                        arrays.append(self._part_array(key, scope_key))
                        part_keys.append(key)
        if arrays and part_limit > 0:
            ids, counts = np.unique(np.concatenate(arrays), return_counts=True)
            if hits:  # already matched by full name/alias
                keep = ~np.isin(ids, np.fromiter(hits, dtype=np.int64, count=len(hits)))
                ids, counts = ids[keep], counts[keep]
            order = np.argsort(-counts, kind="stable")[:part_limit]
            for entry_id, count in zip(ids[order].tolist(), counts[order].tolist()):
                key = next(
                    (k for k in part_keys if any(entry_id in self.parts[k].get(s, ()) for s in scope_keys)), ""
                )
                hits[entry_id] = ("alias", min(PART_SCORE_MAX, PART_SCORE + PART_BONUS * (count - 1)), key)
        return hits

    def foreign_hits(self, texts: Sequence[str], scope_keys: Sequence[str]) -> dict[int, tuple[MatchKind, float, str]]:
        """Entries named in another script than the text's ("Tae-ho Park" for "塔霍·帕尔克")."""
        candidates = [e for e in self.foreign.values() if e.scope.key in scope_keys]
        if not candidates:
            return {}
        from guardgraph.tools.mention.finder import get_finder

        by_name = {e.target: e.id for e in candidates}
        finder = get_finder(tuple(by_name))
        hits: dict[int, tuple[MatchKind, float, str]] = {}
        for text in texts:
            for mention in finder.find(text):
                if mention.target in by_name:
                    hits[by_name[mention.target]] = ("exact", EXACT_SCORE, mention.evidence)
        return hits

    def _part_array(self, key: str, scope_key: str) -> np.ndarray:
        array = self.part_arrays.get((key, scope_key))
        if array is None:
            members = self.parts[key][scope_key]
            array = np.fromiter(sorted(members), dtype=np.int64, count=len(members))
            self.part_arrays[(key, scope_key)] = array
        return array

    def semantic(self, queries: np.ndarray, scope_keys: Sequence[str], k: int,
                 threshold: float) -> dict[int, tuple[float, str]]:
        return self._semantic(queries, scope_keys, k, threshold)  # VectorIndex searches single-threaded

    def _semantic(self, queries: np.ndarray, scope_keys: Sequence[str], k: int,
                  threshold: float) -> dict[int, tuple[float, str]]:
        hits: dict[int, tuple[float, str]] = {}
        for scope_key in scope_keys:
            index = self.indexes.get(scope_key)
            if index is None:
                continue
            # Entries own several vectors (name, aliases, facts) and tombstones may occupy
            # some of the nearest rows: fetch enough rows to still see k live entries.
            # HNSW explores max(efSearch, fetch) candidates, so a wider fetch buys recall there:
            # a missed forget target is a leak, a few hundred extra distance computations are not.
            wanted = max(_HNSW_FETCH, 32 * k) if index.kind == "hnsw" else max(32, 8 * k)
            fetch = min(len(index), wanted + min(len(self.dead.get(scope_key, ())), _MIN_PURGE))
            for query in queries:
                for vid, score in index.search(query, fetch):
                    if score < threshold:
                        break  # results are sorted best-first
                    owners = self.vid_owners.get(vid)
                    if not owners:  # tombstone: no active entry has this text any more
                        continue
                    # Owners of one row tie on score, so k of them are as good as all of them.
                    for entry_id in islice(owners, k):
                        if entry_id not in hits or hits[entry_id][0] < score:
                            hits[entry_id] = (score, self.vid_text[vid])
        return hits


class ForgetRegistry:
    """Durable, scope-isolated registry of forget targets with fast relevance lookup.

    Construct with the SQLite file path (created if missing) and an embedder (defaults to
    ``load_embedder("auto")``, loaded only when semantic matching is first needed). Writes are
    durable when they return. Scope rules: a request by user U in tenant T sees global entries,
    tenant T's entries and U-in-T's entries; reads, revokes and audit queries name one scope and
    never see another's rows. Authorising *which* scope a caller may write (a user only its own
    user scope; tenant/global for admins) is the caller's job: pass the scope explicitly.
    """

    def __init__(self, path: Path | str, *, embedder: "Embedder | None" = None,
                 semantic_threshold: float | None = None, busy_timeout_s: float = 30.0,
                 hnsw_threshold: int = DEFAULT_HNSW_THRESHOLD, cache_embeddings: bool | None = None) -> None:
        self.path = Path(path)
        self.store = ForgetStore(self.path, busy_timeout_s=busy_timeout_s)
        self._embedder = embedder
        self._threshold = semantic_threshold
        self._hnsw_threshold = hnsw_threshold
        self._cache_embeddings = cache_embeddings
        self._matcher: _Matcher | None = None
        self._lock = threading.RLock()

    # Lifecycle ---------------------------------------------------------------------------------
    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "ForgetRegistry":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def embedder(self) -> "Embedder":
        if self._embedder is None:
            from guardgraph.memory.embeddings import load_embedder

            self._embedder = load_embedder("auto")
        return self._embedder

    @property
    def semantic_threshold(self) -> float:
        return self._threshold if self._threshold is not None else default_threshold(self.embedder)

    # Writes ----------------------------------------------------------------------------------
    def add(self, target: str, *, scope: Scope, aliases: Sequence[str] = (), facts: Sequence[str] = (),
            requested_by: str = "", reason: str = "") -> ForgetEntry:
        """Register (or merge into) a forget target in ``scope``; durable when it returns.

        Idempotent on (scope, normalised target): re-adding merges new aliases/facts and
        re-activates a revoked entry; adding nothing new writes nothing. A target that could never
        be blocked without breaking ordinary text (one letter, only common words such as "the
        weather") is refused with :class:`~guardgraph.errors.UserInputError`.
        """
        check_target(target)
        return self.store.add_many([(target, aliases, facts)], scope=scope,
                                   requested_by=requested_by, reason=reason)[0]

    def add_many(self, items: Sequence[tuple[str, Sequence[str], Sequence[str]]], *, scope: Scope,
                 requested_by: str = "", reason: str = "") -> list[ForgetEntry]:
        """Bulk :meth:`add` of ``(target, aliases, facts)`` tuples in one durable transaction."""
        for item in items:
            check_target(item[0] if isinstance(item, (tuple, list)) and item else item)
        return self.store.add_many(items, scope=scope, requested_by=requested_by, reason=reason)

    def revoke(self, target_or_id: str | int, *, scope: Scope, requested_by: str = "", reason: str = "") -> bool:
        """Deactivate the entry (by target name or id) in ``scope``.

        Returns ``False`` when ``scope`` has no such active entry, including when the entry belongs
        to another scope: refusing silently (rather than raising ``PermissionError``) keeps other
        scopes' forget requests unobservable.
        """
        return self.store.revoke(target_or_id, scope=scope, requested_by=requested_by, reason=reason)

    # Reads -----------------------------------------------------------------------------------
    def get(self, entry_id: int, *, scope: Scope) -> ForgetEntry | None:
        return self.store.get(entry_id, scope=scope)

    def list(self, scope: Scope, *, include_revoked: bool = False) -> list[ForgetEntry]:
        """Entries of exactly ``scope`` (not the scopes it can see), oldest first."""
        return self.store.list(scope, include_revoked=include_revoked)

    def visible(self, user: str | None, tenant: str | None) -> list[ForgetEntry]:
        """All active entries a request by ``user`` in ``tenant`` is subject to."""
        return self.store.visible(user, tenant)

    def audit_log(self, scope: Scope, *, limit: int | None = None) -> list[AuditRecord]:
        """Append-only history (add/update/reactivate/revoke) of ``scope``'s entries, oldest first."""
        return self.store.audit_log(scope, limit=limit)

    # Relevance -------------------------------------------------------------------------------
    def refresh(self) -> int:
        """Bring the in-memory indexes up to date with the store; returns the generation seen.

        Called by :meth:`relevant`; call it yourself to pay the (embedding) cost up front.
        """
        with self._lock:
            matcher = self._matcher
            if matcher is not None and self.store.generation() == matcher.generation:
                return matcher.generation
            if matcher is None:
                matcher = _Matcher(self.embedder, self._hnsw_threshold)
            generation, changed = self.store.changes_since(matcher.generation)
            vectors = self._vectors_for([t for e in changed if e.active for t in _Matcher.semantic_texts(e)])
            matcher.apply(changed, vectors, generation)
            matcher.warm()
            self._matcher = matcher
            return generation

    def _vectors_for(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Embeddings for ``texts``: from the store's cache where possible, the rest computed."""
        unique = list(dict.fromkeys(texts))
        if not unique:
            return {}
        embedder = self.embedder
        cache = self._cache_embeddings
        if cache is None:  # the hashing embedder is cheaper to recompute than to store
            cache = "hashing" not in str(getattr(embedder, "name", "")).lower()
        key = f"{getattr(embedder, 'name', type(embedder).__name__)}:{embedder.dim}"
        found = self.store.cached_vectors(key, unique, embedder.dim) if cache else {}
        missing = [t for t in unique if t not in found]
        if missing:
            matrix = np.asarray(embedder.embed(missing), dtype=np.float32)
            computed = dict(zip(missing, matrix))
            if cache:
                self.store.store_vectors(key, computed)
            found.update(computed)
        return found

    def relevant(self, query: str, *, user: str | None, tenant: str | None, k: int = 8, text: str = "",
                 threshold: float | None = None, semantic: bool = True) -> list[RelevantTarget]:
        """Entries visible to (``user``, ``tenant``) that ``query`` or the answer ``text`` touch.

        Lexical hits on a full name or explicit alias are always returned (a mentioned target is
        never dropped for space); name-part and semantic hits fill the rest up to ``k``, best
        first. ``threshold`` overrides the semantic cosine cutoff; ``semantic=False`` skips the
        embedding step (lexical matching only, for latency-critical callers).
        """
        if k < 0:
            raise ValueError("k must be >= 0")
        sources = [s for s in (query, text) if s and s.strip()]
        if not sources:
            return []
        self.refresh()
        scope_keys = [s.key for s in visible_scopes(user, tenant)]
        queries = None
        if semantic and k > 0:
            queries = self.embedder.embed(_semantic_queries(query, text))
        cutoff = self.semantic_threshold if threshold is None else threshold
        with self._lock:
            matcher = self._matcher
            assert matcher is not None
            lexical = matcher.lexical(sources, scope_keys, part_limit=k)
            for entry_id, hit in matcher.foreign_hits(sources, scope_keys).items():
                lexical.setdefault(entry_id, hit)
            sem = matcher.semantic(queries, scope_keys, k, cutoff) if queries is not None and len(queries) else {}
            entries = {i: matcher.entries[i] for i in set(lexical) | set(sem) if i in matcher.entries}
        results: list[RelevantTarget] = []
        pinned_ids = {i for i, hit in lexical.items() if hit[1] >= ALIAS_SCORE}
        for entry_id, entry in entries.items():
            lex = lexical.get(entry_id)
            sem_score, sem_text = sem.get(entry_id, (0.0, ""))
            if lex is not None and lex[1] >= sem_score:
                results.append(RelevantTarget(entry, lex[0], lex[1], lex[2]))
            else:  # no lexical hit, or only a name part that the embedding match outranks
                results.append(RelevantTarget(entry, "semantic", sem_score, sem_text))
        results.sort(key=lambda r: (-r.score, r.entry.id))
        pinned = [r for r in results if r.entry.id in pinned_ids]
        rest = [r for r in results if r.entry.id not in pinned_ids]
        return pinned + rest[: max(0, k - len(pinned))]

    def stats(self) -> dict[str, object]:
        """Sizes of the in-memory indexes (after a refresh), for health checks and benchmarks."""
        self.refresh()
        with self._lock:
            matcher = self._matcher
            assert matcher is not None
            return {
                "generation": matcher.generation,
                "active_entries": len(matcher.entries),
                "lexical_keys": len(matcher.automaton),
                "scopes_indexed": len(matcher.indexes),
                "vectors": len(matcher.vid_owners),
                "tombstones": sum(len(d) for d in matcher.dead.values()),
                "index_kinds": sorted({i.kind for i in matcher.indexes.values()}),
                "embedder": getattr(self.embedder, "name", type(self.embedder).__name__),
            }


def _semantic_queries(query: str, text: str) -> list[str]:
    """The query plus up to a few sentence-sized chunks of the answer text to embed."""
    out = [query.strip()] if query and query.strip() else []
    if text and text.strip():
        chunks = [c.strip() for c in _SENTENCE.split(text) if c.strip()]
        out.extend(c[:_MAX_CHUNK_CHARS] for c in chunks[:_MAX_TEXT_CHUNKS])
    return out
