"""The one way guardgraph opens an SQLite store (forget registry, handbook, bandit state).

What every store gets from :class:`SQLiteStore`:

* **Checks before SQLite touches the file.** A directory, a non-SQLite file or a damaged
  write-ahead log is refused with a :class:`~guardgraph.errors.StoreError` naming the file, and
  nothing is written, repaired or deleted: the file may hold forget requests that must not be lost.
* **The WAL check.** SQLite replays ``<db>-wal`` at open and silently stops at the first frame whose
  checksum is wrong, dropping every later transaction (a damaged frame once dropped 31 of 60
  acknowledged forgets while ``PRAGMA integrity_check`` said ``ok``). :func:`check_wal` verifies
  the log's header and every frame's salts and cumulative checksum the way SQLite does, and reports
  damage when a *committed* frame follows a bad one (a torn tail, an unacknowledged last write, is
  normal and passes). It must run before the first connection: the last connection to close
  checkpoints and deletes the log, destroying the evidence.
* ``PRAGMA quick_check``, WAL journal, ``synchronous=FULL``, a busy timeout.
* A schema version (``PRAGMA user_version`` unless the store keeps its own), refused when newer
  than the code.
* **One connection per thread, with cleanup.** A connection belongs to the thread that opened it
  and is closed when that thread ends (and on fork it is never reused), so a server that runs each
  request in a fresh thread does not leak file descriptors. :meth:`SQLiteStore.close` closes all.
"""

from __future__ import annotations

import os
import sqlite3
import struct
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from guardgraph.errors import StoreCorruptError, StoreError, StoreVersionError

__all__ = [
    "SQLITE_HEADER",
    "SQLiteStore",
    "WalReport",
    "check_file",
    "check_wal",
    "connect",
]

SQLITE_HEADER = b"SQLite format 3\x00"
WAL_MAGIC = (0x377F0682, 0x377F0683)  # low bit set: checksums over big-endian words
WAL_HEADER_SIZE = 32
WAL_FRAME_HEADER_SIZE = 24


# ------------------------------------------------------------------------------ file checks
def check_file(path: Path, *, what: str, error: type[StoreError] = StoreError) -> bool:
    """Refuse a directory or a non-SQLite file; True when the file exists with content."""
    if path.is_dir():
        raise error(f"{what} {path} is a directory, not a database file")
    if not path.exists() or path.stat().st_size == 0:
        return False
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise error(f"cannot read {what} {path}: {exc.strerror or exc}") from exc
    if header != SQLITE_HEADER:
        raise error(f"{path} is not an SQLite database (bad header); refusing to open or overwrite it")
    return True


class WalReport(tuple):
    """(valid committed frames, damaged-frame index or None, bytes in the log)."""

    __slots__ = ()

    def __new__(cls, committed: int, damaged_at: int | None, size: int) -> "WalReport":
        return super().__new__(cls, (committed, damaged_at, size))

    committed = property(lambda self: self[0])
    damaged_at = property(lambda self: self[1])
    size = property(lambda self: self[2])


def _checksum(data: bytes, s0: int, s1: int, big_endian: bool) -> tuple[int, int]:
    """SQLite's WAL checksum (Fibonacci-weighted sums of 32-bit word pairs, mod 2**32)."""
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(data) // 4}I", data)
    mask = 0xFFFFFFFF
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & mask
        s1 = (s1 + words[i + 1] + s0) & mask
    return s0, s1


def check_wal(db_path: Path, *, what: str = "database", error: type[StoreError] = StoreCorruptError) -> WalReport:
    """Verify ``<db_path>-wal`` the way SQLite's recovery reads it; raise ``error`` on lost commits.

    SQLite accepts frames in order while each frame's salts match the header and its cumulative
    checksum is right, and keeps those up to the last commit frame; it ignores the rest. Ignoring
    is correct for a torn tail (a write that was never acknowledged) and for frames left over
    from an earlier cycle of the log (other salts). It is data loss when a frame with the current
    salts fails, yet a later frame with the current salts *is a valid commit*: the transactions
    between were acknowledged and SQLite would drop them. A header with the right magic but a
    wrong checksum, in a log that holds frames, is reported too (SQLite would ignore the whole log).
    """
    wal = Path(f"{db_path}-wal")
    try:
        data = wal.read_bytes()
    except FileNotFoundError:
        return WalReport(0, None, 0)
    except OSError as exc:
        raise error(f"cannot read the write-ahead log {wal} of {what} {db_path}: {exc.strerror or exc}") from exc
    size = len(data)
    if size < WAL_HEADER_SIZE:
        return WalReport(0, None, size)  # never got a header: nothing was ever committed to it
    magic, _version, page_size, _seq, salt1, salt2, c0, c1 = struct.unpack(">8I", data[:WAL_HEADER_SIZE])
    frame_size = WAL_FRAME_HEADER_SIZE + page_size
    has_frames = page_size >= 512 and size >= WAL_HEADER_SIZE + frame_size
    if magic not in WAL_MAGIC:
        if has_frames or any(data[:WAL_HEADER_SIZE]):
            raise error(
                f"{what} {db_path}: the write-ahead log {wal.name} has a damaged header; SQLite would "
                "ignore every transaction in it. Nothing was opened or changed; restore the file from "
                "a backup or inspect it by hand"
            )
        return WalReport(0, None, size)
    big = bool(magic & 1)
    if (page_size & (page_size - 1)) or not 512 <= page_size <= 65536 or _checksum(data[:24], 0, 0, big) != (c0, c1):
        if has_frames:
            raise error(
                f"{what} {db_path}: the write-ahead log {wal.name} has a damaged header (checksum); "
                "SQLite would ignore every transaction in it. Nothing was opened or changed"
            )
        return WalReport(0, None, size)
    s0, s1 = c0, c1
    committed = 0
    damaged_at: int | None = None
    offset, index = WAL_HEADER_SIZE, 0
    while offset + frame_size <= size:
        header = data[offset : offset + WAL_FRAME_HEADER_SIZE]
        page_no, commit_size, f_salt1, f_salt2, f0, f1 = struct.unpack(">6I", header)
        ours = (f_salt1, f_salt2) == (salt1, salt2)
        if damaged_at is None:
            if not ours or page_no == 0:
                break  # end of this cycle of the log; the rest is from an earlier one
            t0, t1 = _checksum(header[:8], s0, s1, big)
            t0, t1 = _checksum(data[offset + WAL_FRAME_HEADER_SIZE : offset + frame_size], t0, t1, big)
            if (t0, t1) != (f0, f1):
                damaged_at = index
            else:
                s0, s1 = t0, t1
                if commit_size:
                    committed = index + 1
        elif ours and commit_size and page_no:
            raise error(
                f"{what} {db_path}: write-ahead log frame {damaged_at} of {wal.name} is damaged and "
                f"committed transactions follow it (a commit at frame {index}); SQLite would silently "
                "drop them. Nothing was opened or changed; restore the file from a backup or recover "
                "the log by hand"
            )
        offset += frame_size
        index += 1
    return WalReport(committed, damaged_at, size)


# ------------------------------------------------------------------------------ connections
def connect(
    path: Path,
    *,
    create: bool,
    what: str,
    busy_timeout_s: float = 30.0,
    error: type[StoreError] = StoreError,
) -> sqlite3.Connection:
    """A raw autocommit connection (``isolation_level=None``) with a busy timeout; no pragmas run."""
    uri = f"file:{path.resolve().as_posix()}?mode={'rwc' if create else 'rw'}"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False, timeout=busy_timeout_s)
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_s * 1000)}")
    except sqlite3.Error as exc:
        raise error(f"cannot open {what} {path}: {exc}") from exc
    return conn


def _release(conns: dict[int, sqlite3.Connection], lock: threading.Lock, conn: sqlite3.Connection) -> None:
    """Finaliser of a thread's holder; holds no reference to the store, so stores can be collected."""
    with lock:
        conns.pop(id(conn), None)
    _close_quietly(conn)


def _close_quietly(conn: sqlite3.Connection) -> None:
    try:
        conn.close()
    except sqlite3.Error:  # pragma: no cover - closing while another thread is mid-statement
        pass


class _Holder:
    """Lives in a thread's ``threading.local``; when the thread ends it is collected and its
    finaliser closes the thread's connection."""

    __slots__ = ("conn", "pid", "__weakref__")

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.pid = os.getpid()


class SQLiteStore:
    """Validated access to one SQLite file with a connection per thread (see the module doc).

    ``validate(conn, tables)`` runs on the first connection before anything is written (check the
    store's own marker tables/columns, raise ``error`` when the file is foreign); ``setup(conn)``
    then creates or migrates the schema. ``schema_version`` is compared with
    ``version_of(conn)`` (default ``PRAGMA user_version``) and a newer file is refused with
    ``version_error``; after ``setup`` the default writes ``user_version``.
    """

    def __init__(
        self,
        path: Path | str,
        *,
        what: str,
        schema_version: int,
        validate: Callable[[sqlite3.Connection, set[str]], None] | None = None,
        setup: Callable[[sqlite3.Connection], None] | None = None,
        version_of: Callable[[sqlite3.Connection, set[str]], int] | None = None,
        error: type[StoreError] = StoreError,
        corrupt_error: type[StoreError] = StoreCorruptError,
        version_error: type[StoreError] = StoreVersionError,
        busy_timeout_s: float = 30.0,
        synchronous: str = "FULL",
    ) -> None:
        self.path = Path(path)
        self.what = what
        self.schema_version = schema_version
        self.error = error
        self.corrupt_error = corrupt_error
        self.busy_timeout_s = busy_timeout_s
        self.synchronous = synchronous
        self._local = threading.local()
        self._lock = threading.Lock()
        self._conns: dict[int, sqlite3.Connection] = {}  # id(conn) -> conn, every open one
        self._closed = False
        self._open(validate, setup, version_of, version_error)

    # -------------------------------------------------------------------------------- opening
    def _open(self, validate, setup, version_of, version_error) -> None:
        exists = check_file(self.path, what=self.what, error=self.error)
        if exists:
            check_wal(self.path, what=self.what, error=self.corrupt_error)
        else:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise self.error(f"cannot create {self.what} {self.path}: {exc.strerror or exc}") from exc
        conn = connect(self.path, create=not exists, what=self.what, busy_timeout_s=self.busy_timeout_s, error=self.error)
        try:
            status = conn.execute("PRAGMA quick_check").fetchone()[0]
            if status != "ok":
                raise self.corrupt_error(f"{self.what} {self.path} failed its integrity check: {status}")
            tables = {
                row[0]
                for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            }
            if tables and validate is not None:
                validate(conn, tables)
            version = version_of(conn, tables) if version_of else int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version > self.schema_version:
                raise version_error(
                    f"{self.path} has {self.what} schema v{version}, newer than this guardgraph "
                    f"(v{self.schema_version}); upgrade guardgraph to open it"
                )
            # Only now, knowing the file is ours (or new), may anything be written to it.
            self._configure(conn)
            if setup is not None:
                setup(conn)
            if version_of is None and version < self.schema_version:
                conn.execute(f"PRAGMA user_version = {int(self.schema_version)}")
        except sqlite3.DatabaseError as exc:
            _close_quietly(conn)
            raise self.corrupt_error(f"{self.what} {self.path} is unreadable or corrupt: {exc}") from exc
        except BaseException:
            _close_quietly(conn)
            raise
        self._adopt(conn)

    def _configure(self, conn: sqlite3.Connection) -> None:
        # journal_mode is stored in the file; synchronous is per connection.
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise self.error(f"could not switch {self.what} {self.path} to WAL journal (got {mode!r})")
        conn.execute(f"PRAGMA synchronous = {self.synchronous}")

    # ----------------------------------------------------------------------------- connections
    def _adopt(self, conn: sqlite3.Connection) -> None:
        holder = _Holder(conn)
        with self._lock:
            self._conns[id(conn)] = conn
        weakref.finalize(holder, _release, self._conns, self._lock, conn)
        self._local.holder = holder

    def connection(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use in a thread (or after a fork)."""
        if self._closed:
            raise self.error(f"{self.what} {self.path} is closed")
        holder: _Holder | None = getattr(self._local, "holder", None)
        if holder is not None and holder.pid == os.getpid():
            return holder.conn
        conn = connect(self.path, create=False, what=self.what, busy_timeout_s=self.busy_timeout_s, error=self.error)
        try:
            self._configure(conn)
        except BaseException:
            _close_quietly(conn)
            raise
        self._adopt(conn)
        return conn

    @property
    def open_connections(self) -> int:
        """How many connections are open now (one per live thread that used the store)."""
        with self._lock:
            return len(self._conns)

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        """Close every thread's connection; later use raises the store's error."""
        self._closed = True
        with self._lock:
            conns = list(self._conns.values())
            self._conns.clear()
        for conn in conns:
            _close_quietly(conn)
        self._local = threading.local()

    def __enter__(self) -> "SQLiteStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---------------------------------------------------------------------------- transactions
    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` .. ``COMMIT``: the write lock from the first statement, one fsync.

        COMMIT with ``synchronous=FULL`` in WAL mode fsyncs the log before returning, which is what
        makes an acknowledged write survive ``kill -9``.
        """
        conn = self.connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: all statements see one consistent snapshot."""
        conn = self.connection()
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            if conn.in_transaction:
                conn.execute("COMMIT")
