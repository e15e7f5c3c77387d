"""Concept memory: a persistent handbook of reusable lessons distilled from verified solutions.

Why it exists: ArcMemo ("concepts") and Metacognitive Reuse ("behaviours") show that a model does
better on new problems when short, abstract lessons taken from earlier *verified* solutions are put
back into its prompt. The curator agent writes entries; the retrieval agent finds the few that fit
the current query; the generator shows them to the model.

Storage layout (one directory):

* ``handbook.sqlite3`` is the source of truth: every entry's text fields plus its embedding as a
  float32 blob, so reopening never re-embeds anything. WAL + ``synchronous=FULL`` because entries are
  learned slowly and must survive crashes; several processes (CLI, server, tests) may share it.
* ``vectors.faiss`` is a cache of the built HNSW graph (only written above ``hnsw_threshold`` rows,
  where rebuilding from the blobs costs tens of seconds). It is derived data: a stale file is
  reconciled against the rows, an unreadable one is rebuilt from them with a warning.

Near-duplicates are merged on insert (same id, same normalised name, or cosine >= the dedupe
threshold on ``name + instruction``) so the handbook does not fill with paraphrases of one lesson.
Each embedding is stored with a never-reused ``vec_id``; changing an entry's text gives it a new
``vec_id`` and leaves the old vector as a tombstone in HNSW (deleting from HNSW means a full rebuild,
so tombstones are compacted in bulk instead).
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any, Literal

import faiss
import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from guardgraph.errors import StoreCorruptError, StoreError, UserInputError
from guardgraph.memory.embeddings import Embedder
from guardgraph.memory.sqlite import SQLITE_HEADER as SQLITE_MAGIC, check_file, check_wal, connect
from guardgraph.memory.vector_index import VectorIndex

logger = logging.getLogger(__name__)

DB_NAME = "handbook.sqlite3"
INDEX_NAME = "vectors.faiss"
SCHEMA_VERSION = 1
IMPORT_BATCH = 512
WHEN_TO_USE_LIMIT = 2000

EntryKind = Literal["concept", "behaviour"]
ENTRY_FIELDS = ("id", "name", "instruction", "when_to_use", "kind", "source_trace", "created_at", "uses")
_COLUMNS = ", ".join(ENTRY_FIELDS)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (
    id TEXT PRIMARY KEY,
    vec_id INTEGER NOT NULL UNIQUE,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    instruction TEXT NOT NULL,
    when_to_use TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('concept', 'behaviour')),
    source_trace TEXT,
    created_at TEXT NOT NULL,
    uses INTEGER NOT NULL DEFAULT 0,
    vector BLOB
);
"""
_REQUIRED_COLUMNS = {*ENTRY_FIELDS, "vec_id", "name_key", "vector"}


class HandbookError(StoreError):
    """The handbook's files cannot be used (corrupt, foreign schema, unreadable); names the file."""


class HandbookCorruptError(HandbookError, StoreCorruptError):
    """The handbook database failed its integrity or write-ahead-log check at open."""


def _new_id() -> str:
    return uuid.uuid4().hex[:12]


def _now() -> datetime:
    return datetime.now(timezone.utc)


def name_key(name: str) -> str:
    """Normalised name used for exact-name dedupe and lookups ("Check Units " == "check units")."""
    return " ".join(name.casefold().split())


class HandbookEntry(BaseModel):
    """One lesson: what to do (``instruction``), when it applies, and where it was learned."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str = Field(default_factory=_new_id, min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=200)
    instruction: str = Field(min_length=1, max_length=4000)
    when_to_use: str = Field(default="", max_length=WHEN_TO_USE_LIMIT)
    kind: EntryKind = "concept"
    source_trace: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(default_factory=_now)
    uses: int = Field(default=0, ge=0)

    @field_validator("name")
    @classmethod
    def _one_line_name(cls, value: str) -> str:
        return " ".join(value.split())

    @field_validator("kind", mode="before")
    @classmethod
    def _normalise_kind(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().lower()
            return "behaviour" if value == "behavior" else value
        return value

    @field_validator("source_trace", mode="before")
    @classmethod
    def _trace_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("created_at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        return value.astimezone(timezone.utc) if value.tzinfo else value.replace(tzinfo=timezone.utc)

    def embed_text(self) -> str:
        """What the dedupe/search vector is computed from."""
        return f"{self.name}\n{self.instruction}"


@dataclass(frozen=True)
class ImportIssue:
    """A line of an import file that was not stored, and why."""

    line: int
    message: str


@dataclass
class ImportReport:
    """Outcome of :meth:`Handbook.import_jsonl`; ``skipped`` = ids already in the handbook."""

    added: int = 0
    merged: int = 0
    skipped: int = 0
    errors: list[ImportIssue] = field(default_factory=list)

    def summary(self) -> str:
        return f"added {self.added}, merged {self.merged}, skipped {self.skipped}, errors {len(self.errors)}"


def _combine_text(first: str, second: str, limit: int) -> str:
    """Union of two descriptions without repeating one that the other already contains."""
    a, b = first.strip(), second.strip()
    if not b or b.casefold() in a.casefold():
        return a
    if not a or a.casefold() in b.casefold():
        return b if len(b) <= limit else a
    combined = f"{a}; {b}"
    return combined if len(combined) <= limit else a


def merge_entries(existing: HandbookEntry, incoming: HandbookEntry) -> HandbookEntry:
    """The entry that results when ``incoming`` is absorbed by ``existing``.

    Keeps the existing id/name/kind/origin, the longer (more specific) instruction, the union of the
    ``when_to_use`` hints, the earliest creation time, and the retrieval counts of both.
    """
    instruction = incoming.instruction if len(incoming.instruction) > len(existing.instruction) else existing.instruction
    uses = max(existing.uses, incoming.uses) if existing.id == incoming.id else existing.uses + incoming.uses
    return HandbookEntry.model_validate(
        {
            **existing.model_dump(),
            "instruction": instruction,
            "when_to_use": _combine_text(existing.when_to_use, incoming.when_to_use, WHEN_TO_USE_LIMIT),
            "source_trace": existing.source_trace or incoming.source_trace,
            "created_at": min(existing.created_at, incoming.created_at),
            "uses": uses,
        }
    )


@dataclass
class _Txn:
    """Bookkeeping of one write transaction, applied to the in-memory index after commit."""

    next_vec_id: int
    added: list[int] = field(default_factory=list)  # vec ids put in the index during the txn
    dead: list[int] = field(default_factory=list)  # vec ids whose rows are gone after commit
    vectors_changed: bool = False


class Handbook:
    """Persistent, deduplicated, searchable store of :class:`HandbookEntry` (see module doc)."""

    def __init__(
        self,
        path: Path | str,
        embedder: Embedder,
        *,
        dedupe_threshold: float = 0.9,
        hnsw_threshold: int = 20_000,
    ) -> None:
        if not 0.0 < dedupe_threshold <= 1.0:
            raise UserInputError(f"dedupe_threshold must be in (0, 1], got {dedupe_threshold}")
        self.path = Path(path)
        if self.path.exists() and not self.path.is_dir():
            raise HandbookError(f"handbook path {self.path} is a file; expected a directory")
        self.path.mkdir(parents=True, exist_ok=True)
        self.db_path = self.path / DB_NAME
        self.index_path = self.path / INDEX_NAME
        self.embedder = embedder
        self.dedupe_threshold = dedupe_threshold
        self._lock = threading.RLock()
        self._index = VectorIndex(embedder.dim, hnsw_threshold=hnsw_threshold)
        self._live: set[int] = set()  # vec ids that belong to a row
        self._dead: set[int] = set()  # vec ids still inside the HNSW graph without a row
        self._vec_generation = ""
        self._data_version = -1
        self._saved_builds = 0
        self._unsaved_changes = 0
        self._pending_uses: Counter[str] = Counter()
        self._conn: sqlite3.Connection | None = None
        self._conn = self._open_db()
        try:
            self._load()
        except BaseException:
            self._conn.close()
            raise

    # ------------------------------------------------------------------ opening

    def _open_db(self) -> sqlite3.Connection:
        """Connect, refusing (without writing a byte) anything that is not our handbook schema."""
        path = self.db_path
        exists = check_file(path, what="handbook", error=HandbookError)
        if exists:
            check_wal(path, what="handbook", error=HandbookCorruptError)
        conn = connect(path, create=True, what="handbook", busy_timeout_s=10.0, error=HandbookError)
        try:
            status = conn.execute("PRAGMA quick_check").fetchone()[0]
            if status != "ok":
                raise HandbookCorruptError(f"{path}: handbook failed its integrity check ({status}); it was left untouched")
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if tables:  # validate before the first write (the WAL pragma rewrites the header)
                self._check_schema(conn, tables)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            if not tables:
                conn.execute("BEGIN IMMEDIATE")
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    conn.execute(statement)
                conn.execute(
                    "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?), ('next_vec_id', '1'), "
                    "('vec_generation', '0')",
                    (str(SCHEMA_VERSION),),
                )
                conn.execute("COMMIT")
        except HandbookError:
            conn.close()
            raise
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise HandbookError(f"{path}: cannot open handbook database ({exc}); the file was left untouched") from exc
        return conn

    def _check_schema(self, conn: sqlite3.Connection, tables: set[str]) -> None:
        path = self.db_path
        if not {"entries", "meta"} <= tables:
            raise HandbookError(
                f"{path} is a SQLite database but not a guardgraph handbook (tables: {sorted(tables)}); "
                "it was left untouched"
            )
        columns = {row[1] for row in conn.execute("PRAGMA table_info(entries)")}
        if not _REQUIRED_COLUMNS <= columns:
            raise HandbookError(
                f"{path}: handbook table 'entries' lacks columns {sorted(_REQUIRED_COLUMNS - columns)}; "
                "it was left untouched"
            )
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None or not str(row[0]).isdigit() or int(row[0]) > SCHEMA_VERSION:
            raise HandbookError(
                f"{path}: unsupported handbook schema version {row[0] if row else None!r} "
                f"(this guardgraph reads version {SCHEMA_VERSION}); it was left untouched"
            )

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    @property
    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise HandbookError(f"handbook {self.path} is closed")
        return self._conn

    @contextmanager
    def _db_errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.DatabaseError as exc:
            raise HandbookError(f"{self.db_path}: {exc}") from exc

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` .. ``COMMIT``: one writer at a time across processes, one fsync."""
        conn = self._db
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _load(self) -> None:
        """Bring every stored vector into memory, repairing what cannot be read."""
        with self._lock, self._db_errors():
            stored = (self._meta("embedder"), self._meta("dim"))
            current = (self.embedder.name, str(self.embedder.dim))
            count = self._db.execute("SELECT COUNT(*) FROM entries").fetchone()[0]
            if count and stored != current:
                logger.warning(
                    "%s was built with embedder %s (dim %s); re-embedding its %d entries with %s (dim %s)",
                    self.db_path, stored[0], stored[1], count, current[0], current[1],
                )
                self._reembed(None, require_mismatch=True)
            elif stored != current:
                with self._transaction() as conn:
                    conn.execute(
                        "INSERT OR REPLACE INTO meta(key, value) VALUES ('embedder', ?), ('dim', ?)", current
                    )
            ids, matrix, bad = self._read_vectors()
            if bad:
                logger.warning(
                    "%s: %d stored vectors are unreadable; re-embedding those entries from their text",
                    self.db_path, len(bad),
                )
                self._reembed(bad, require_mismatch=False)
                more_ids, more, _ = self._read_vectors(only_entry_ids=bad)
                ids, matrix = ids + more_ids, np.concatenate([matrix, more])
            if ids:
                self._index.add(ids, matrix)
            self._live = set(ids)
            self._vec_generation = self._meta("vec_generation") or "0"
            self._data_version = self._db.execute("PRAGMA data_version").fetchone()[0]
            self._load_index_file()

    def _read_vectors(
        self, only_vec_ids: Sequence[int] | None = None, only_entry_ids: Sequence[str] | None = None
    ) -> tuple[list[int], np.ndarray, list[str]]:
        """(vec ids, matrix, entry ids whose blob is missing/short/non-finite) for all or some rows."""
        dim = self.embedder.dim
        if only_entry_ids is not None:
            rows = self._select_in("SELECT vec_id, vector, id FROM entries WHERE id IN ({})", only_entry_ids)
        elif only_vec_ids is not None:
            rows = self._select_in("SELECT vec_id, vector, id FROM entries WHERE vec_id IN ({})", only_vec_ids)
        else:
            rows = self._db.execute("SELECT vec_id, vector, id FROM entries").fetchall()
        good = [(v, b) for v, b, _ in rows if isinstance(b, bytes) and len(b) == 4 * dim]
        bad = [i for _, b, i in rows if not (isinstance(b, bytes) and len(b) == 4 * dim)]
        if not good:
            return [], np.zeros((0, dim), dtype=np.float32), bad
        matrix = np.frombuffer(b"".join(b for _, b in good), dtype=np.float32).reshape(len(good), dim)
        finite = np.isfinite(matrix).all(axis=1)
        if not finite.all():
            by_vec = {v: i for v, _, i in rows}
            bad += [by_vec[good[row][0]] for row in np.flatnonzero(~finite)]
            good = [g for g, ok in zip(good, finite) if ok]
            matrix = matrix[finite]
        return [v for v, _ in good], matrix, bad

    def _select_in(self, sql: str, values: Sequence[Any], chunk: int = 500) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = []
        values = list(values)
        for start in range(0, len(values), chunk):
            part = values[start : start + chunk]
            rows += self._db.execute(sql.format(",".join("?" * len(part))), part).fetchall()
        return rows

    def _reembed(self, entry_ids: Sequence[str] | None, *, require_mismatch: bool) -> None:
        """Recompute vectors from the rows' text (all rows, or some), under fresh vec ids."""
        with self._transaction() as conn:
            current = (self.embedder.name, str(self.embedder.dim))
            if require_mismatch and (self._meta("embedder"), self._meta("dim")) == current:
                return  # another process already did it
            if entry_ids is None:
                rows = conn.execute("SELECT id, name, instruction FROM entries").fetchall()
            else:
                rows = self._select_in("SELECT id, name, instruction FROM entries WHERE id IN ({})", entry_ids)
            next_vec = int(self._meta("next_vec_id") or 1)
            for start in range(0, len(rows), 256):
                part = rows[start : start + 256]
                vectors = self._embed([f"{name}\n{instruction}" for _, name, instruction in part])
                updates = []
                for (entry_id, _, _), vector in zip(part, vectors):
                    updates.append((next_vec, vector.tobytes(), entry_id))
                    next_vec += 1
                conn.executemany("UPDATE entries SET vec_id = ?, vector = ? WHERE id = ?", updates)
            conn.execute("UPDATE meta SET value = ? WHERE key = 'next_vec_id'", (str(next_vec),))
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('embedder', ?), ('dim', ?)", current)
            self._bump_generation(conn)

    def _bump_generation(self, conn: sqlite3.Connection) -> str:
        generation = uuid.uuid4().hex
        conn.execute("UPDATE meta SET value = ? WHERE key = 'vec_generation'", (generation,))
        return generation

    def _load_index_file(self) -> None:
        """Adopt the saved HNSW graph if it still fits the rows; otherwise it is rebuilt lazily."""
        if self._index.kind != "hnsw":
            return
        if not self.index_path.exists():
            return
        try:
            index = faiss.read_index(str(self.index_path))
        except Exception as exc:  # faiss raises RuntimeError with C++ text for any corruption
            logger.warning("%s is unreadable (%s); rebuilding the vector index from %s",
                           self.index_path, str(exc).splitlines()[0] if str(exc) else exc, self.db_path)
            return
        ghosts = self._index.adopt(index)
        if ghosts is None:
            logger.warning("%s does not match %s; rebuilding the vector index", self.index_path, self.db_path)
            return
        self._dead = set(ghosts)
        self._saved_builds = self._index.builds

    # ------------------------------------------------------------------ keeping in sync

    def _sync(self, force: bool = False) -> None:
        """Catch up with rows another process (or a rolled-back write) changed since we last looked."""
        version = self._db.execute("PRAGMA data_version").fetchone()[0]
        if not force and version == self._data_version:
            return
        self._data_version = version
        generation = self._meta("vec_generation") or "0"
        if not force and generation == self._vec_generation:
            return
        in_db = {row[0] for row in self._db.execute("SELECT vec_id FROM entries")}
        new = in_db - self._live
        gone = self._live - in_db
        if new:
            ids, matrix, bad = self._read_vectors(sorted(new))
            if bad:
                logger.warning("%s: %d new entries have unreadable vectors; they are not searchable until "
                               "the handbook is reopened", self.db_path, len(bad))
            fresh = [(i, row) for i, row in zip(ids, matrix) if i not in self._dead]
            if fresh:
                self._index.add([i for i, _ in fresh], np.stack([r for _, r in fresh]))
                self._unsaved_changes += len(fresh)
            self._live |= set(ids)
            self._dead -= set(ids)
        if gone:
            self._retire(gone)
        self._vec_generation = generation

    def _retire(self, vec_ids: Iterable[int]) -> None:
        """Take vectors out of search: at once when the index is flat, as tombstones in HNSW."""
        vec_ids = [v for v in vec_ids if v in self._live or v in self._dead]
        if not vec_ids:
            return
        self._live.difference_update(vec_ids)
        if self._index.kind == "flat":  # cheap to delete from a flat index (and it holds no ghosts)
            self._index.remove([*vec_ids, *self._dead])
            self._dead.clear()
            return
        self._dead.update(vec_ids)
        self._unsaved_changes += len(vec_ids)
        if len(self._dead) > max(64, len(self._live) // 10):
            self._index.remove(sorted(self._dead))
            self._index.invalidate()
            self._dead.clear()

    @contextmanager
    def _write(self) -> Iterator[_Txn]:
        """A write transaction whose in-memory index changes are undone if it does not commit."""
        with self._lock, self._db_errors():
            conn = self._db
            conn.execute("BEGIN IMMEDIATE")
            txn: _Txn | None = None
            try:
                self._sync()
                txn = _Txn(next_vec_id=int(self._meta("next_vec_id") or 1))
                yield txn
                generation = self._vec_generation
                if txn.vectors_changed:
                    conn.execute("UPDATE meta SET value = ? WHERE key = 'next_vec_id'", (str(txn.next_vec_id),))
                    generation = self._bump_generation(conn)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if txn is not None:  # rows rolled back: their vectors must leave search too
                    self._live.difference_update(txn.added)
                    self._dead.update(txn.added)
                raise
            self._vec_generation = generation
            self._unsaved_changes += len(txn.added)
            self._retire(txn.dead)

    # ------------------------------------------------------------------ embeddings & rows

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        vectors = np.asarray(self.embedder.embed(list(texts)), dtype=np.float32)
        if vectors.shape != (len(texts), self.embedder.dim) or not np.isfinite(vectors).all():
            raise HandbookError(
                f"embedder {self.embedder.name!r} returned {vectors.shape} (or non-finite values); "
                f"expected ({len(texts)}, {self.embedder.dim})"
            )
        return vectors

    def _entry(self, row: Sequence[Any]) -> HandbookEntry:
        data = dict(zip(ENTRY_FIELDS, row))
        try:
            return HandbookEntry.model_validate(data)
        except ValidationError as exc:
            raise HandbookError(f"{self.db_path}: stored entry {data.get('id')!r} is invalid: {exc}") from exc

    def _row_by(self, column: str, value: Any) -> HandbookEntry | None:
        row = self._db.execute(f"SELECT {_COLUMNS} FROM entries WHERE {column} = ?", (value,)).fetchone()
        return None if row is None else self._entry(row)

    def _find_duplicate(self, entry: HandbookEntry, vector: np.ndarray, semantic: bool) -> HandbookEntry | None:
        """The stored entry ``entry`` should merge into: same id, same name, or a near-duplicate."""
        found = self._row_by("id", entry.id) or self._row_by("name_key", name_key(entry.name))
        if found is not None or not semantic or not self._live:
            return found
        for vec_id, score in self._nearest(vector, 3):
            if score < self.dedupe_threshold:
                break
            found = self._row_by("vec_id", vec_id)
            if found is not None:
                return found
        return None

    def _nearest(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        """Top-k live vec ids, over-fetching past tombstones."""
        total = len(self._index)
        fetch = k if not self._dead else k * 2 + 8
        while True:
            hits = self._index.search(vector, fetch)
            live = [(v, s) for v, s in hits if v in self._live]
            if len(live) >= k or len(hits) < fetch or fetch >= total:
                self._maybe_save_index()
                return live[:k]
            fetch = min(fetch * 4, total)

    def _insert(self, conn: sqlite3.Connection, txn: _Txn, entry: HandbookEntry, vector: np.ndarray) -> None:
        vec_id = txn.next_vec_id
        txn.next_vec_id += 1
        data = entry.model_dump(mode="json")
        conn.execute(
            "INSERT INTO entries(id, vec_id, name, name_key, instruction, when_to_use, kind, source_trace, "
            "created_at, uses, vector) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (entry.id, vec_id, entry.name, name_key(entry.name), entry.instruction, entry.when_to_use,
             entry.kind, entry.source_trace, data["created_at"], entry.uses,
             np.ascontiguousarray(vector, dtype=np.float32).tobytes()),
        )
        self._index.add([vec_id], vector.reshape(1, -1))
        self._live.add(vec_id)
        txn.added.append(vec_id)
        txn.vectors_changed = True

    # ------------------------------------------------------------------ public API

    def add(self, entry: HandbookEntry | dict[str, Any]) -> tuple[HandbookEntry, bool]:
        """Store ``entry``; returns (stored entry, merged). When merged, the stored entry is the
        existing one that absorbed it (its id, possibly a longer instruction / wider when_to_use)."""
        return self.add_many([entry])[0]

    def add_many(
        self,
        entries: Sequence[HandbookEntry | dict[str, Any]],
        *,
        vectors: np.ndarray | None = None,
        dedupe: bool = True,
    ) -> list[tuple[HandbookEntry, bool]]:
        """Store several entries with one embedding call and one transaction.

        ``vectors`` may carry precomputed embeddings of ``entry.embed_text()`` (rows L2-normalised,
        from this handbook's embedder); ``dedupe=False`` skips the near-duplicate search (same id or
        same name still merge) for trusted bulk loads.
        """
        items = [e if isinstance(e, HandbookEntry) else HandbookEntry.model_validate(e) for e in entries]
        if not items:
            return []
        if vectors is None:
            vectors = self._embed([e.embed_text() for e in items])  # the slow part: outside the write lock
        else:
            vectors = np.ascontiguousarray(vectors, dtype=np.float32)
            if vectors.shape != (len(items), self.embedder.dim):
                raise ValueError(f"vectors must have shape ({len(items)}, {self.embedder.dim}), got {vectors.shape}")
        outcome: list[tuple[str, bool]] = []
        with self._write() as txn:
            conn = self._db
            changed: dict[str, HandbookEntry] = {}  # merged entries whose embedded text changed
            for entry, vector in zip(items, vectors):
                target = self._find_duplicate(entry, vector, dedupe)
                if target is None:
                    self._insert(conn, txn, entry, vector)
                    outcome.append((entry.id, False))
                    continue
                merged = merge_entries(target, entry)
                conn.execute(
                    "UPDATE entries SET instruction = ?, when_to_use = ?, source_trace = ?, created_at = ?, "
                    "uses = ? WHERE id = ?",
                    (merged.instruction, merged.when_to_use, merged.source_trace,
                     merged.model_dump(mode="json")["created_at"], merged.uses, merged.id),
                )
                if merged.embed_text() != target.embed_text() or merged.id in changed:
                    changed[merged.id] = merged
                outcome.append((merged.id, True))
            if changed:
                fresh = self._embed([m.embed_text() for m in changed.values()])
                for merged, vector in zip(changed.values(), fresh):
                    old = conn.execute("SELECT vec_id FROM entries WHERE id = ?", (merged.id,)).fetchone()[0]
                    vec_id = txn.next_vec_id
                    txn.next_vec_id += 1
                    conn.execute("UPDATE entries SET vec_id = ?, vector = ? WHERE id = ?",
                                 (vec_id, vector.tobytes(), merged.id))
                    self._index.add([vec_id], vector.reshape(1, -1))
                    self._live.add(vec_id)
                    txn.added.append(vec_id)
                    txn.dead.append(old)
                    txn.vectors_changed = True
            stored = {e.id: e for e in self._entries_by_id([i for i, _ in outcome])}
        return [(stored[i], merged) for i, merged in outcome]

    def _entries_by_id(self, ids: Sequence[str]) -> list[HandbookEntry]:
        rows = self._select_in(f"SELECT {_COLUMNS} FROM entries WHERE id IN ({{}})", sorted(set(ids)))
        return [self._entry(r) for r in rows]

    def remove(self, id_or_name: str) -> bool:
        """Delete the entry with this id (or, failing that, this name); False when there is none."""
        with self._write() as txn:
            row = self._db.execute("SELECT id, vec_id FROM entries WHERE id = ?", (id_or_name,)).fetchone()
            if row is None:
                row = self._db.execute(
                    "SELECT id, vec_id FROM entries WHERE name_key = ?", (name_key(id_or_name),)
                ).fetchone()
            if row is None:
                return False
            self._db.execute("DELETE FROM entries WHERE id = ?", (row[0],))
            txn.dead.append(row[1])
            txn.vectors_changed = True
        return True

    def get(self, id_or_name: str) -> HandbookEntry | None:
        """The entry with this id, or else with this (normalised) name."""
        with self._lock, self._db_errors():
            return self._row_by("id", id_or_name) or self._row_by("name_key", name_key(id_or_name))

    def list(self, kind: EntryKind | None = None) -> list[HandbookEntry]:
        """All entries (optionally of one kind), oldest first."""
        with self._lock, self._db_errors():
            if kind is None:
                rows = self._db.execute(f"SELECT {_COLUMNS} FROM entries ORDER BY created_at, rowid").fetchall()
            else:
                rows = self._db.execute(
                    f"SELECT {_COLUMNS} FROM entries WHERE kind = ? ORDER BY created_at, rowid", (kind,)
                ).fetchall()
            return [self._entry(r) for r in rows]

    def __len__(self) -> int:
        with self._lock, self._db_errors():
            return int(self._db.execute("SELECT COUNT(*) FROM entries").fetchone()[0])

    def search(
        self,
        query: str,
        k: int = 5,
        min_score: float = 0.0,
        *,
        kind: EntryKind | None = None,
        record_use: bool = True,
    ) -> list[tuple[HandbookEntry, float]]:
        """Entries most similar to ``query`` (cosine >= ``min_score``), best first.

        Each returned entry's ``uses`` counter is incremented (``record_use=False`` to just look).
        """
        if not query or not query.strip():
            raise UserInputError("handbook search needs a non-empty query")
        if k <= 0:
            return []
        with self._lock, self._db_errors():
            self._sync()
            if not self._live:
                return []  # do not pay for an embedding when there is nothing to find
        vector = self._embed([query])[0]
        return self.search_vector(vector, k, min_score, kind=kind, record_use=record_use)

    def search_vector(
        self,
        vector: np.ndarray,
        k: int = 5,
        min_score: float = 0.0,
        *,
        kind: EntryKind | None = None,
        record_use: bool = True,
    ) -> list[tuple[HandbookEntry, float]]:
        """:meth:`search` for a query already embedded with this handbook's embedder."""
        if k <= 0:
            return []
        with self._lock, self._db_errors():
            self._sync()
            fetch = k if kind is None else k * 4
            while True:
                hits = [(v, s) for v, s in self._nearest(vector, fetch) if s >= min_score]
                rows = self._select_in(f"SELECT vec_id, {_COLUMNS} FROM entries WHERE vec_id IN ({{}})",
                                       [v for v, _ in hits])
                by_vec = {row[0]: self._entry(row[1:]) for row in rows}
                results = [(by_vec[v], s) for v, s in hits
                           if v in by_vec and (kind is None or by_vec[v].kind == kind)]
                if len(results) >= k or len(hits) < fetch or fetch >= len(self._live):
                    break
                fetch = min(fetch * 4, len(self._live))
            results = results[:k]
            if record_use and results:
                self._record_uses([entry.id for entry, _ in results])
                results = [(entry.model_copy(update={"uses": entry.uses + 1}), s) for entry, s in results]
            return results

    def _record_uses(self, ids: Sequence[str]) -> None:
        """Bump retrieval counters without making search wait on fsync or on another writer.

        Counters are statistics: a commit with ``synchronous=NORMAL`` (durable across process
        crashes, not power loss) and a short busy timeout; if the DB is busy they are kept and
        written with the next successful update.
        """
        self._pending_uses.update(ids)
        conn = self._db
        try:
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA busy_timeout=50")
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany("UPDATE entries SET uses = uses + ? WHERE id = ?",
                             [(n, i) for i, n in self._pending_uses.items()])
            conn.execute("COMMIT")
            self._pending_uses.clear()
        except sqlite3.OperationalError as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            logger.debug("handbook use counters deferred: %s", exc)
        finally:
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA busy_timeout=10000")

    # ------------------------------------------------------------------ import / export

    def export_jsonl(self, target: Path | str | IO[str]) -> int:
        """Write every entry as one JSON object per line; returns how many. Files are replaced atomically."""
        lines = [entry.model_dump_json() + "\n" for entry in self.list()]
        if hasattr(target, "write"):
            target.writelines(lines)  # type: ignore[union-attr]
            return len(lines)
        path = Path(target)  # type: ignore[arg-type]
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            with open(tmp, "w", encoding="utf-8") as handle:
                handle.writelines(lines)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
        return len(lines)

    def import_jsonl(self, path: Path | str) -> ImportReport:
        """Add the entries of a JSONL file (batched). Bad lines are reported with their line number
        and skipped; entries whose id is already stored are counted as ``skipped`` (so re-importing
        an export is a no-op); the rest are added or merged like :meth:`add`."""
        report = ImportReport()
        parsed: list[HandbookEntry] = []
        with open(path, "rb") as handle:
            for number, raw in enumerate(handle, start=1):
                entry = _parse_line(raw, number, report)
                if entry is not None:
                    parsed.append(entry)
        seen: set[str] = set()
        with self._lock, self._db_errors():
            present = {row[0] for row in self._select_in("SELECT id FROM entries WHERE id IN ({})",
                                                         [e.id for e in parsed])}
        todo: list[HandbookEntry] = []
        for entry in parsed:
            if entry.id in present or entry.id in seen:
                report.skipped += 1
            else:
                seen.add(entry.id)
                todo.append(entry)
        for start in range(0, len(todo), IMPORT_BATCH):
            for _, merged in self.add_many(todo[start : start + IMPORT_BATCH]):
                if merged:
                    report.merged += 1
                else:
                    report.added += 1
        return report

    # ------------------------------------------------------------------ lifecycle

    def _maybe_save_index(self) -> None:
        """Save the HNSW graph right after a full build: rebuilding it costs far more than writing it."""
        if self._index.builds != self._saved_builds and self._index.built() is not None:
            self.save_index()

    def save_index(self) -> bool:
        """Write the built HNSW graph to ``vectors.faiss`` (atomically); False when flat/unbuilt."""
        with self._lock:
            index = self._index.built()
            if index is None:
                return False
            tmp = self.index_path.with_name(f".{INDEX_NAME}.{os.getpid()}.tmp")
            try:
                faiss.write_index(index, str(tmp))
                with open(tmp, "rb+") as handle:
                    os.fsync(handle.fileno())
                os.replace(tmp, self.index_path)
            except (OSError, RuntimeError) as exc:
                logger.warning("could not save %s: %s", self.index_path, exc)
                return False
            finally:
                tmp.unlink(missing_ok=True)
            self._saved_builds = self._index.builds
            self._unsaved_changes = 0
            return True

    @property
    def index_kind(self) -> str:
        """``flat`` or ``hnsw``: which search structure the handbook is using now."""
        return self._index.kind

    def close(self) -> None:
        """Flush deferred use counters and the HNSW cache, then close the database."""
        with self._lock:
            if self._conn is None:
                return
            try:
                if self._pending_uses:
                    self._record_uses([])
                if self._unsaved_changes or self._index.builds != self._saved_builds:
                    self.save_index()
            finally:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> "Handbook":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Handbook({str(self.path)!r}, embedder={self.embedder.name!r})"

    @staticmethod
    def stored_embedder(path: Path | str) -> tuple[str, int] | None:
        """(embedder name, dim) a handbook directory was built with, or None if unknown/new."""
        db = Path(path) / DB_NAME
        if not db.exists() or db.stat().st_size == 0:
            return None
        try:
            with open(db, "rb") as handle:
                if handle.read(16) != SQLITE_MAGIC:
                    return None
            conn = sqlite3.connect(db, timeout=5.0)
            try:
                meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('embedder', 'dim')"))
            finally:
                conn.close()
        except sqlite3.DatabaseError:
            return None
        if "embedder" not in meta or not str(meta.get("dim", "")).isdigit():
            return None
        return str(meta["embedder"]), int(meta["dim"])


def _parse_line(raw: bytes, number: int, report: ImportReport) -> HandbookEntry | None:
    """One JSONL line -> entry, or None with the problem recorded (blank lines are ignored)."""
    try:
        text = raw.decode("utf-8").strip()
    except UnicodeDecodeError as exc:
        report.errors.append(ImportIssue(number, f"not UTF-8 ({exc.reason} at byte {exc.start})"))
        return None
    if not text:
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        report.errors.append(ImportIssue(number, f"invalid JSON: {exc.msg} at column {exc.colno}"))
        return None
    if not isinstance(data, dict):
        report.errors.append(ImportIssue(number, f"expected a JSON object, got {type(data).__name__}"))
        return None
    try:
        return HandbookEntry.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'entry'}: {err['msg']}" for err in exc.errors()
        )
        report.errors.append(ImportIssue(number, problems))
        return None
