"""SQLite persistence for the forget registry: scopes, entries, the append-only audit log.

Why SQLite in WAL mode with ``synchronous=FULL``: a forget request is a promise to a person. Once
:meth:`ForgetStore.add` returns, the entry must survive the process being killed the next instant,
and several worker processes must be able to write concurrently without losing each other's
requests. WAL + FULL fsyncs the log on every commit; ``BEGIN IMMEDIATE`` takes the write lock up
front so read-modify-write merges (re-adding a target with new aliases) are atomic across processes.

Scope isolation is enforced in the SQL itself: every read or write that names a scope carries a
``WHERE`` clause on the three scope columns, so no code path can touch another scope's rows by
passing a foreign entry id. The audit table and the immutability of an entry's scope are enforced
by triggers, so even a raw ``sqlite3`` session cannot rewrite history.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

import numpy as np

from guardgraph.errors import StoreCorruptError, StoreError, StoreVersionError, UserInputError
from guardgraph.memory.sqlite import SQLiteStore
from guardgraph.memory.target_text import normalise

logger = logging.getLogger(__name__)

__all__ = [
    "AuditRecord",
    "ForgetEntry",
    "ForgetStore",
    "RegistryError",
    "Scope",
    "ScopeKind",
    "SCHEMA_VERSION",
]

ScopeKind = Literal["global", "tenant", "user"]
SCOPE_KINDS: tuple[str, ...] = ("global", "tenant", "user")
AuditAction = Literal["add", "update", "reactivate", "revoke"]

__all__ = [
    "AuditRecord",
    "ForgetEntry",
    "ForgetStore",
    "RegistryCorruptError",
    "RegistryError",
    "RegistryVersionError",
    "SCHEMA_VERSION",
    "Scope",
    "visible_scopes",
]

APP_ID = "guardgraph.forget_registry"
MAX_TEXT = {"target": 500, "alias": 500, "fact": 2000}
MAX_ALIASES = 100
MAX_FACTS = 500
MAX_ID_LEN = 256


class RegistryError(StoreError):
    """The registry file cannot be used (not SQLite, corrupt, foreign or newer schema).

    Raised instead of repairing or recreating the file: the file may hold forget requests that
    must not be lost, so a human has to look at it.
    """


class RegistryCorruptError(RegistryError, StoreCorruptError):
    """The registry failed its integrity or write-ahead-log check at open."""


class RegistryVersionError(RegistryError, StoreVersionError):
    """The registry was written by a newer guardgraph."""


# --------------------------------------------------------------------------------------------
# Value types
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Scope:
    """Where an entry lives: ``Scope("global")``, ``Scope("tenant", T)`` or ``Scope("user", U, T)``.

    A user scope is qualified by its tenant (``None`` for tenant-less deployments), because the
    same user id in two tenants is two different people as far as isolation is concerned.
    """

    kind: ScopeKind
    id: str = ""
    tenant: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in SCOPE_KINDS:
            raise UserInputError(f"scope kind must be one of {SCOPE_KINDS}, got {self.kind!r}")
        ident = _clean_id(self.id, "scope id")
        tenant = _clean_id(self.tenant, "scope tenant") if self.tenant is not None else ""
        if self.kind == "global" and (ident or tenant):
            raise UserInputError("the global scope takes no id or tenant: use Scope('global')")
        if self.kind == "tenant" and (not ident or tenant):
            raise UserInputError("a tenant scope needs the tenant id and nothing else: Scope('tenant', T)")
        if self.kind == "user" and not ident:
            raise UserInputError("a user scope needs a user id: Scope('user', U, tenant)")
        object.__setattr__(self, "id", ident)
        object.__setattr__(self, "tenant", tenant or None)

    # Constructors --------------------------------------------------------------------------
    @classmethod
    def global_(cls) -> "Scope":
        return cls("global")

    @classmethod
    def of_tenant(cls, tenant: str) -> "Scope":
        return cls("tenant", tenant)

    @classmethod
    def of_user(cls, user: str, tenant: str | None = None) -> "Scope":
        return cls("user", user, tenant or None)

    # SQL helpers ---------------------------------------------------------------------------
    @property
    def key(self) -> str:
        """Stable string key (used for per-scope in-memory indexes)."""
        return f"{self.kind}\x1f{self.id}\x1f{self.tenant or ''}"

    def sql_params(self) -> tuple[str, str, str]:
        return (self.kind, self.id, self.tenant or "")

    def __str__(self) -> str:
        if self.kind == "global":
            return "global"
        if self.kind == "tenant":
            return f"tenant:{self.id}"
        return f"user:{self.id}" + (f"@{self.tenant}" if self.tenant else "")


def visible_scopes(user: str | None, tenant: str | None) -> list[Scope]:
    """The scopes a request by ``user`` in ``tenant`` reads: global, its tenant, its own user scope."""
    scopes = [Scope("global")]
    if tenant:
        scopes.append(Scope("tenant", tenant))
    if user:
        scopes.append(Scope("user", user, tenant or None))
    return scopes


def _clean_id(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a string, got {type(value).__name__}")
    value = value.strip()
    if len(value) > MAX_ID_LEN:
        raise UserInputError(f"{what} {value[:40]!r}... is too long (max {MAX_ID_LEN} characters)")
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise UserInputError(f"{what} {value[:40]!r} contains control characters")
    return value


def _ts(value: float | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, tz=timezone.utc)


@dataclass(frozen=True, slots=True)
class ForgetEntry:
    """One forget request: a target (person, work, fact cluster) plus what identifies it."""

    id: int
    scope: Scope
    target: str
    aliases: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    requested_by: str = ""
    reason: str = ""
    created_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    updated_at: datetime | None = None
    revoked_at: datetime | None = None
    active: bool = True

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready dict (timestamps as ISO-8601 strings)."""
        return {
            "id": self.id,
            "scope": {"kind": self.scope.kind, "id": self.scope.id, "tenant": self.scope.tenant},
            "target": self.target,
            "aliases": list(self.aliases),
            "facts": list(self.facts),
            "requested_by": self.requested_by,
            "reason": self.reason,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat() if self.updated_at else None,
            "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
            "active": self.active,
        }


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One append-only audit event: who did what to which entry, when."""

    seq: int
    entry_id: int
    scope: Scope
    action: AuditAction
    target: str
    actor: str
    reason: str
    at: datetime
    detail: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "entry_id": self.entry_id,
            "scope": str(self.scope),
            "action": self.action,
            "target": self.target,
            "actor": self.actor,
            "reason": self.reason,
            "at": self.at.isoformat(),
            "detail": self.detail,
        }


# --------------------------------------------------------------------------------------------
# Schema and migrations
# --------------------------------------------------------------------------------------------

_SCOPE_CHECK = """CHECK (
    (scope_kind = 'global' AND scope_id = '' AND scope_tenant = '')
    OR (scope_kind = 'tenant' AND scope_id <> '' AND scope_tenant = '')
    OR (scope_kind = 'user' AND scope_id <> ''))"""

# Each migration is a list of idempotent statements; they run inside one BEGIN IMMEDIATE
# transaction together with the version row, so a crash mid-migration leaves the old version.
MIGRATIONS: dict[int, list[str]] = {
    1: [
        """CREATE TABLE IF NOT EXISTS registry_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            app TEXT NOT NULL,
            generation INTEGER NOT NULL)""",
        f"INSERT OR IGNORE INTO registry_state (id, app, generation) VALUES (1, '{APP_ID}', 0)",
        f"""CREATE TABLE IF NOT EXISTS entries (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            scope_kind TEXT NOT NULL,
            scope_id TEXT NOT NULL,
            scope_tenant TEXT NOT NULL DEFAULT '',
            target TEXT NOT NULL,
            target_norm TEXT NOT NULL CHECK (target_norm <> ''),
            aliases TEXT NOT NULL DEFAULT '[]',
            facts TEXT NOT NULL DEFAULT '[]',
            requested_by TEXT NOT NULL DEFAULT '',
            reason TEXT NOT NULL DEFAULT '',
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            revoked_at REAL,
            changed_gen INTEGER NOT NULL,
            UNIQUE (scope_kind, scope_id, scope_tenant, target_norm),
            {_SCOPE_CHECK})""",
        "CREATE INDEX IF NOT EXISTS entries_changed ON entries (changed_gen)",
        """CREATE TRIGGER IF NOT EXISTS entries_scope_immutable
            BEFORE UPDATE OF scope_kind, scope_id, scope_tenant ON entries
            BEGIN SELECT RAISE(ABORT, 'a forget entry cannot move to another scope'); END""",
        """CREATE TRIGGER IF NOT EXISTS entries_no_delete BEFORE DELETE ON entries
            BEGIN SELECT RAISE(ABORT, 'forget entries are revoked, never deleted'); END""",
        """CREATE TABLE IF NOT EXISTS audit (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            entry_id INTEGER NOT NULL,
            scope_kind TEXT NOT NULL,
            scope_id TEXT NOT NULL,
            scope_tenant TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('add', 'update', 'reactivate', 'revoke')),
            target TEXT NOT NULL,
            actor TEXT NOT NULL,
            reason TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT '{}',
            at REAL NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS audit_scope ON audit (scope_kind, scope_id, scope_tenant, seq)",
        """CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
            BEGIN SELECT RAISE(ABORT, 'the forget audit log is append-only'); END""",
        """CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
            BEGIN SELECT RAISE(ABORT, 'the forget audit log is append-only'); END""",
        """CREATE TABLE IF NOT EXISTS embedding_cache (
            embedder TEXT NOT NULL,
            text TEXT NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY (embedder, text)) WITHOUT ROWID""",
    ],
}
SCHEMA_VERSION = max(MIGRATIONS)

_EXPECTED_COLUMNS: dict[str, set[str]] = {
    "registry_state": {"id", "app", "generation"},
    "entries": {
        "id", "scope_kind", "scope_id", "scope_tenant", "target", "target_norm", "aliases", "facts",
        "requested_by", "reason", "created_at", "updated_at", "revoked_at", "changed_gen",
    },
    "audit": {
        "seq", "entry_id", "scope_kind", "scope_id", "scope_tenant", "action", "target", "actor",
        "reason", "detail", "at",
    },
    "embedding_cache": {"embedder", "text", "vector"},
}

_SCOPE_EQ = "scope_kind = ? AND scope_id = ? AND scope_tenant = ?"
# Visibility for a request (user U, tenant T): global rows, T's tenant rows, U-in-T's user rows.
# Tenant scopes never have an empty id (CHECK above), so tenant '' matches no tenant rows.
_VISIBLE = (
    "(scope_kind = 'global'"
    " OR (scope_kind = 'tenant' AND scope_id = ?)"
    " OR (scope_kind = 'user' AND scope_id = ? AND scope_tenant = ?))"
)
_ENTRY_COLUMNS = (
    "id, scope_kind, scope_id, scope_tenant, target, aliases, facts, requested_by, reason, "
    "created_at, updated_at, revoked_at"
)


def _row_to_entry(row: Sequence[Any]) -> ForgetEntry:
    (eid, kind, sid, stenant, target, aliases, facts, requested_by, reason, created, updated, revoked) = row
    return ForgetEntry(
        id=int(eid),
        scope=Scope(kind, sid, stenant or None),
        target=target,
        aliases=tuple(json.loads(aliases)),
        facts=tuple(json.loads(facts)),
        requested_by=requested_by,
        reason=reason,
        created_at=_ts(created),  # type: ignore[arg-type]
        updated_at=_ts(updated),
        revoked_at=_ts(revoked),
        active=revoked is None,
    )


def _check_text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a string, got {type(value).__name__}")
    value = " ".join(value.split())
    if not normalise(value):
        raise UserInputError(f"{what} {value!r} is empty after normalisation")
    if len(value) > MAX_TEXT[what]:
        raise UserInputError(f"{what} is longer than {MAX_TEXT[what]} characters: {value[:60]!r}...")
    return value


def _merge(existing: Sequence[str], new: Sequence[str], skip: set[str]) -> tuple[list[str], list[str]]:
    """``existing`` plus the items of ``new`` whose normalised form is not present yet."""
    seen = set(skip) | {normalise(x) for x in existing}
    merged, added = list(existing), []
    for item in new:
        norm = normalise(item)
        if norm not in seen:
            seen.add(norm)
            merged.append(item)
            added.append(item)
    return merged, added


# --------------------------------------------------------------------------------------------
# The store
# --------------------------------------------------------------------------------------------


class ForgetStore:
    """Durable, scope-isolated storage of forget entries; safe across threads and processes.

    One SQLite connection per thread (and per process: a connection inherited through ``fork`` is
    never reused), WAL journal, ``synchronous=FULL`` and a busy timeout so concurrent writers queue
    instead of failing.
    """

    def __init__(self, path: Path | str, *, busy_timeout_s: float = 30.0) -> None:
        self.path = Path(path)
        self.busy_timeout_ms = int(busy_timeout_s * 1000)
        self._db = SQLiteStore(
            self.path,
            what="forget registry",
            schema_version=SCHEMA_VERSION,
            validate=self._validate,
            version_of=self._version,
            setup=self._setup,
            error=RegistryError,
            corrupt_error=RegistryCorruptError,
            version_error=RegistryVersionError,
            busy_timeout_s=busy_timeout_s,
        )

    # Opening and validation (run by SQLiteStore before anything is written) -------------------
    def _validate(self, conn: sqlite3.Connection, tables: set[str]) -> None:
        if "registry_state" not in tables:
            raise RegistryError(
                f"{self.path} is an SQLite database but not a guardgraph forget registry "
                f"(tables: {', '.join(sorted(tables)) or 'none'}); refusing to modify it"
            )
        try:
            row = conn.execute("SELECT app FROM registry_state WHERE id = 1").fetchone()
        except sqlite3.DatabaseError as exc:
            raise RegistryError(f"{self.path} has a wrong forget-registry schema: {exc}") from exc
        if row is None or row[0] != APP_ID:
            raise RegistryError(f"{self.path} is not a guardgraph forget registry (app marker {row!r})")

    def _version(self, conn: sqlite3.Connection, tables: set[str]) -> int:
        if "schema_version" not in tables:
            if tables:
                raise RegistryError(f"{self.path} has a wrong forget-registry schema: no schema_version table")
            return 0
        try:
            row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
        except sqlite3.DatabaseError as exc:
            raise RegistryError(f"{self.path} has a wrong forget-registry schema: {exc}") from exc
        return int(row[0] or 0)

    def _setup(self, conn: sqlite3.Connection) -> None:
        self._migrate(conn)
        self._check_columns(conn)

    def _migrate(self, conn: sqlite3.Connection) -> None:
        """Apply missing migrations; safe when several processes open a new file at once."""
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_version ("
                "version INTEGER PRIMARY KEY, applied_at REAL NOT NULL)"
            )
            current = int(conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchone()[0])
            for version in sorted(v for v in MIGRATIONS if v > current):
                for statement in MIGRATIONS[version]:
                    conn.execute(statement)
                conn.execute("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)", (version, time.time()))
                logger.info("forget registry %s migrated to schema v%d", self.path, version)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _check_columns(self, conn: sqlite3.Connection) -> None:
        for table, expected in _EXPECTED_COLUMNS.items():
            have = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
            if not expected <= have:
                raise RegistryError(
                    f"{self.path} has a wrong forget-registry schema: table {table!r} lacks "
                    f"{sorted(expected - have)}"
                )

    # Connections and transactions (memory/sqlite.py) -------------------------------------------
    def conn(self) -> sqlite3.Connection:
        """This thread's connection (opened on first use in a thread or after a fork)."""
        return self._db.connection()

    def close(self) -> None:
        self._db.close()

    def write(self):
        """A write transaction holding the database write lock from its first statement."""
        return self._db.write()

    def read(self):
        """A read transaction: all statements see one consistent snapshot."""
        return self._db.read()

    @staticmethod
    def _bump(conn: sqlite3.Connection) -> int:
        return int(conn.execute(
            "UPDATE registry_state SET generation = generation + 1 WHERE id = 1 RETURNING generation"
        ).fetchone()[0])

    @staticmethod
    def _audit(conn: sqlite3.Connection, entry_id: int, scope: Scope, action: str, target: str,
               actor: str, reason: str, detail: dict[str, Any], at: float) -> None:
        conn.execute(
            "INSERT INTO audit (entry_id, scope_kind, scope_id, scope_tenant, action, target, actor,"
            " reason, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (entry_id, *scope.sql_params(), action, target, actor, reason,
             json.dumps(detail, ensure_ascii=False), at),
        )

    # Writes -----------------------------------------------------------------------------------
    def add_many(self, items: Sequence[tuple[str, Sequence[str], Sequence[str]]], *, scope: Scope,
                 requested_by: str = "", reason: str = "") -> list[ForgetEntry]:
        """Add or merge ``(target, aliases, facts)`` items in one durable transaction."""
        prepared = []
        for target, aliases, facts in items:
            target = _check_text(target, "target")
            if isinstance(aliases, str) or isinstance(facts, str):
                raise TypeError("aliases and facts must be sequences of strings, not a single string")
            aliases = [_check_text(a, "alias") for a in aliases]
            facts = [_check_text(f, "fact") for f in facts]
            prepared.append((target, normalise(target), aliases, facts))
        requested_by = str(requested_by or "")
        reason = str(reason or "")
        ids: list[int] = []
        with self.write() as conn:
            generation: int | None = None
            for target, norm, aliases, facts in prepared:
                now = time.time()
                row = conn.execute(
                    f"SELECT id, target, aliases, facts, revoked_at FROM entries WHERE {_SCOPE_EQ}"
                    " AND target_norm = ?", (*scope.sql_params(), norm),
                ).fetchone()
                if row is None:
                    merged_aliases, _ = _merge([], aliases, {norm})
                    merged_facts, _ = _merge([], facts, set())
                    self._check_counts(target, merged_aliases, merged_facts)
                    generation = generation or self._bump(conn)
                    eid = int(conn.execute(
                        "INSERT INTO entries (scope_kind, scope_id, scope_tenant, target, target_norm,"
                        " aliases, facts, requested_by, reason, created_at, updated_at, changed_gen)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        (*scope.sql_params(), target, norm, json.dumps(merged_aliases, ensure_ascii=False),
                         json.dumps(merged_facts, ensure_ascii=False), requested_by, reason, now, now,
                         generation),
                    ).fetchone()[0])
                    self._audit(conn, eid, scope, "add", target, requested_by, reason,
                                {"aliases": merged_aliases, "facts": merged_facts}, now)
                    ids.append(eid)
                    continue
                eid, stored_target, old_aliases, old_facts, revoked_at = row
                merged_aliases, new_aliases = _merge(json.loads(old_aliases), aliases, {norm})
                merged_facts, new_facts = _merge(json.loads(old_facts), facts, set())
                ids.append(int(eid))
                if not new_aliases and not new_facts and revoked_at is None:
                    continue  # already there, nothing new: idempotent no-op
                self._check_counts(stored_target, merged_aliases, merged_facts)
                generation = generation or self._bump(conn)
                conn.execute(
                    f"UPDATE entries SET aliases = ?, facts = ?, revoked_at = NULL, updated_at = ?,"
                    f" changed_gen = ? WHERE id = ? AND {_SCOPE_EQ}",
                    (json.dumps(merged_aliases, ensure_ascii=False), json.dumps(merged_facts, ensure_ascii=False),
                     now, generation, eid, *scope.sql_params()),
                )
                action = "reactivate" if revoked_at is not None else "update"
                self._audit(conn, int(eid), scope, action, stored_target, requested_by, reason,
                            {"added_aliases": new_aliases, "added_facts": new_facts}, now)
            entries = self._fetch_ids(conn, ids, scope)
        return entries

    @staticmethod
    def _check_counts(target: str, aliases: Sequence[str], facts: Sequence[str]) -> None:
        if len(aliases) > MAX_ALIASES:
            raise UserInputError(f"target {target!r} would have {len(aliases)} aliases (max {MAX_ALIASES})")
        if len(facts) > MAX_FACTS:
            raise UserInputError(f"target {target!r} would have {len(facts)} facts (max {MAX_FACTS})")

    def revoke(self, target_or_id: str | int, *, scope: Scope, requested_by: str = "", reason: str = "") -> bool:
        """Deactivate an entry of ``scope``; ``False`` when ``scope`` has no such active entry.

        An entry of another scope is indistinguishable from a missing one (same ``False``), so a
        caller cannot probe which targets other users or tenants have asked to forget.
        """
        if isinstance(target_or_id, bool) or not isinstance(target_or_id, (int, str)):
            raise UserInputError("revoke() takes a target name (str) or an entry id (int)")
        column, value = ("id", target_or_id) if isinstance(target_or_id, int) else ("target_norm", normalise(target_or_id))
        with self.write() as conn:
            row = conn.execute(
                f"SELECT id, target FROM entries WHERE {column} = ? AND {_SCOPE_EQ} AND revoked_at IS NULL",
                (value, *scope.sql_params()),
            ).fetchone()
            if row is None:
                return False
            now = time.time()
            generation = self._bump(conn)
            conn.execute(
                f"UPDATE entries SET revoked_at = ?, updated_at = ?, changed_gen = ? WHERE id = ? AND {_SCOPE_EQ}",
                (now, now, generation, row[0], *scope.sql_params()),
            )
            self._audit(conn, int(row[0]), scope, "revoke", row[1], str(requested_by or ""), str(reason or ""), {}, now)
        return True

    # Reads ------------------------------------------------------------------------------------
    def _fetch_ids(self, conn: sqlite3.Connection, ids: Sequence[int], scope: Scope) -> list[ForgetEntry]:
        by_id: dict[int, ForgetEntry] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for row in conn.execute(
                f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE id IN ({marks}) AND {_SCOPE_EQ}",
                (*chunk, *scope.sql_params()),
            ):
                by_id[int(row[0])] = _row_to_entry(row)
        return [by_id[i] for i in ids if i in by_id]

    def get(self, entry_id: int, *, scope: Scope) -> ForgetEntry | None:
        """The entry with this id if it belongs to ``scope``, else ``None``."""
        with self.read() as conn:
            found = self._fetch_ids(conn, [int(entry_id)], scope)
        return found[0] if found else None

    def list(self, scope: Scope, *, include_revoked: bool = False) -> list[ForgetEntry]:
        sql = f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE {_SCOPE_EQ}"
        if not include_revoked:
            sql += " AND revoked_at IS NULL"
        with self.read() as conn:
            return [_row_to_entry(r) for r in conn.execute(sql + " ORDER BY id", scope.sql_params())]

    def visible(self, user: str | None, tenant: str | None) -> list[ForgetEntry]:
        sql = f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE revoked_at IS NULL AND {_VISIBLE} ORDER BY id"
        with self.read() as conn:
            return [_row_to_entry(r) for r in conn.execute(sql, (tenant or "", user or "", tenant or ""))]

    def audit_log(self, scope: Scope, *, limit: int | None = None) -> list[AuditRecord]:
        sql = (
            "SELECT seq, entry_id, scope_kind, scope_id, scope_tenant, action, target, actor, reason, at,"
            f" detail FROM audit WHERE {_SCOPE_EQ} ORDER BY seq"
        )
        params: tuple[Any, ...] = scope.sql_params()
        if limit is not None:
            sql += " LIMIT ?"
            params += (int(limit),)
        with self.read() as conn:
            return [
                AuditRecord(int(seq), int(eid), Scope(kind, sid, st or None), action, target, actor,
                            reason, _ts(at), json.loads(detail))  # type: ignore[arg-type]
                for seq, eid, kind, sid, st, action, target, actor, reason, at, detail in conn.execute(sql, params)
            ]

    def generation(self) -> int:
        """Change counter, bumped by every committing write from any process."""
        return int(self.conn().execute("SELECT generation FROM registry_state WHERE id = 1").fetchone()[0])

    def changes_since(self, generation: int) -> tuple[int, list[ForgetEntry]]:
        """Current generation and every entry (all scopes, revoked too) changed after ``generation``.

        Internal: feeds the in-memory match indexes, which hold all scopes and filter per request.
        """
        with self.read() as conn:
            current = int(conn.execute("SELECT generation FROM registry_state WHERE id = 1").fetchone()[0])
            rows = conn.execute(
                f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE changed_gen > ? ORDER BY id", (generation,)
            ).fetchall()
        return current, [_row_to_entry(r) for r in rows]

    # Embedding cache ----------------------------------------------------------------------------
    def cached_vectors(self, embedder_key: str, texts: Sequence[str], dim: int) -> dict[str, np.ndarray]:
        """Stored embeddings of ``texts`` for this embedder (missing texts are simply absent)."""
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(texts))
        with self.read() as conn:
            for start in range(0, len(unique), 500):
                chunk = unique[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for text, blob in conn.execute(
                    f"SELECT text, vector FROM embedding_cache WHERE embedder = ? AND text IN ({marks})",
                    (embedder_key, *chunk),
                ):
                    vector = np.frombuffer(blob, dtype=np.float16)
                    if vector.shape[0] == dim:
                        found[text] = vector.astype(np.float32)
        return found

    def store_vectors(self, embedder_key: str, vectors: dict[str, np.ndarray]) -> bool:
        """Best-effort cache write: gives up quickly rather than stall a query behind a writer."""
        if not vectors:
            return True
        conn = self.conn()
        try:
            conn.execute("PRAGMA busy_timeout = 200")
            with self.write() as wconn:
                wconn.executemany(
                    "INSERT OR REPLACE INTO embedding_cache (embedder, text, vector) VALUES (?, ?, ?)",
                    [(embedder_key, t, np.asarray(v, dtype=np.float16).tobytes()) for t, v in vectors.items()],
                )
            return True
        except sqlite3.OperationalError as exc:
            logger.debug("embedding cache write skipped: %s", exc)
            return False
        finally:
            conn.execute(f"PRAGMA busy_timeout = {self.busy_timeout_ms}")
