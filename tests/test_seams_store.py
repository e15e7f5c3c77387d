"""The one SQLite helper: WAL damage reported at open, connections per thread cleaned up, close."""

from __future__ import annotations

import gc
import os
import shutil
import sqlite3
import struct
import threading
from pathlib import Path

import pytest

from guardgraph.errors import StoreCorruptError, StoreError, StoreVersionError
from guardgraph.memory.forget_store import ForgetStore, RegistryError, Scope
from guardgraph.memory.sqlite import SQLiteStore, check_wal

USER = Scope.of_user("alice")


def snapshot_with_wal(store_path: Path, dest: Path) -> Path:
    """Copy a live database and its WAL (as after a crash: the log not yet checkpointed)."""
    dest.mkdir(parents=True, exist_ok=True)
    copy = dest / store_path.name
    shutil.copy(store_path, copy)
    shutil.copy(f"{store_path}-wal", f"{copy}-wal")
    return copy


def damage_frame(db: Path, frame: int, *, where: int = 100) -> None:
    wal = Path(f"{db}-wal")
    data = bytearray(wal.read_bytes())
    page_size = struct.unpack(">I", data[8:12])[0]
    data[32 + frame * (24 + page_size) + 24 + where] ^= 0xFF
    wal.write_bytes(bytes(data))


def sixty_forgets(tmp_path: Path) -> tuple[ForgetStore, Path]:
    path = tmp_path / "live" / "forget.sqlite3"
    store = ForgetStore(path)
    store.conn().execute("PRAGMA wal_autocheckpoint = 0")  # keep every commit in the log
    for i in range(60):
        store.add_many([(f"Person {'ABCDEFGHIJ'[i % 10]}{'KLMNOPQRST'[i // 10]}son", [], [f"fact {i} " * 40])], scope=USER)
    return store, path


def test_damaged_wal_frame_is_reported_at_open_and_nothing_is_touched(tmp_path):
    store, path = sixty_forgets(tmp_path)
    try:
        acknowledged = len(store.list(USER))
        clean = snapshot_with_wal(path, tmp_path / "clean")
        report = check_wal(clean)
        assert report.damaged_at is None and report.committed > 60
        damaged = snapshot_with_wal(path, tmp_path / "damaged")
    finally:
        store.close()
    damage_frame(damaged, report.committed // 2)
    # what plain SQLite does with it: silently drops the later commits, integrity_check says ok
    probe = snapshot_with_wal(damaged, tmp_path / "probe")
    with sqlite3.connect(probe) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT COUNT(*) FROM entries").fetchone()[0] < acknowledged
    before = (damaged.read_bytes(), Path(f"{damaged}-wal").read_bytes())
    with pytest.raises(RegistryError) as info:
        ForgetStore(damaged)
    assert isinstance(info.value, StoreCorruptError)
    assert str(damaged) in str(info.value) and "write-ahead log" in str(info.value)
    assert (damaged.read_bytes(), Path(f"{damaged}-wal").read_bytes()) == before
    # the undamaged copy opens and holds every acknowledged forget
    reopened = ForgetStore(clean)
    try:
        assert len(reopened.list(USER)) == acknowledged > 40
    finally:
        reopened.close()


def test_torn_tail_of_the_log_is_normal(tmp_path):
    store, path = sixty_forgets(tmp_path)
    try:
        copy = snapshot_with_wal(path, tmp_path / "copy")
    finally:
        store.close()
    report = check_wal(copy)
    wal = Path(f"{copy}-wal")
    page_size = struct.unpack(">I", wal.read_bytes()[8:12])[0]
    # an unacknowledged last write: half a frame appended, or the final frame garbled
    with wal.open("ab") as handle:
        handle.write(b"\x01" * (page_size // 2))
    damage_frame(copy, report.committed - 1)
    assert check_wal(copy).damaged_at == report.committed - 1
    reopened = ForgetStore(copy)  # no later commit is lost, so this is a normal crash recovery
    reopened.close()


def test_damaged_wal_header_is_reported(tmp_path):
    store, path = sixty_forgets(tmp_path)
    try:
        copy = snapshot_with_wal(path, tmp_path / "copy")
    finally:
        store.close()
    wal = Path(f"{copy}-wal")
    data = bytearray(wal.read_bytes())
    data[20] ^= 0xFF  # salt-2 byte: header checksum no longer matches
    wal.write_bytes(bytes(data))
    with pytest.raises(StoreCorruptError, match="damaged header"):
        ForgetStore(copy)


def test_handbook_and_bandit_check_the_wal_too(tmp_path):
    from guardgraph.agents.strategy_bandit import BanditStoreError
    from guardgraph.memory.handbook import Handbook, HandbookError
    from guardgraph.memory.sqlite import check_wal as _check  # noqa: F401  (same helper)

    folder = tmp_path / "hb"
    folder.mkdir()
    db = folder / "handbook.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("CREATE TABLE t (x TEXT)")
    for i in range(10):
        conn.execute("INSERT INTO t VALUES (?)", ("x" * 3000,))
        conn.commit()
    copy = snapshot_with_wal(db, tmp_path / "copy")
    conn.close()
    damage_frame(copy, 2)
    with pytest.raises(StoreCorruptError):
        check_wal(copy)
    from guardgraph.memory.embeddings import HashingEmbedder

    with pytest.raises(HandbookError, match="write-ahead log"):
        Handbook(copy.parent, HashingEmbedder())
    bandit_db = tmp_path / "bandit" / "meta_reasoner.sqlite3"
    bandit_db.parent.mkdir()
    shutil.copy(copy, bandit_db)
    shutil.copy(f"{copy}-wal", f"{bandit_db}-wal")
    from guardgraph.agents.strategy_bandit import StrategyBandit

    with pytest.raises(BanditStoreError, match="write-ahead log"):
        StrategyBandit(bandit_db, n_features=3)


def test_connections_of_finished_threads_are_closed(tmp_path):
    store = SQLiteStore(tmp_path / "s.sqlite3", what="test store", schema_version=1,
                        setup=lambda c: c.execute("CREATE TABLE IF NOT EXISTS t (x)"))

    def use() -> None:
        with store.write() as conn:
            conn.execute("INSERT INTO t VALUES (1)")

    def open_fds() -> int:
        """File descriptors this process holds on the store's files (db, -wal, -shm)."""
        if not os.path.isdir("/proc/self/fd"):
            return 0
        count = 0
        for fd in os.listdir("/proc/self/fd"):
            try:
                count += os.readlink(f"/proc/self/fd/{fd}").startswith(str(tmp_path / "s.sqlite3"))
            except OSError:
                continue
        return count

    def batch(size: int) -> None:  # e.g. a server answering each streaming request in a fresh thread
        threads = [threading.Thread(target=use) for _ in range(size)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        gc.collect()

    use()
    for _ in range(4):
        batch(10)
    for _ in range(30):
        batch(1)
    assert store.open_connections == 1  # only the opening thread's
    # A WAL connection holds 3 fds (db, -wal, -shm). SQLite keeps a closed connection's fds for
    # reuse while another connection of the process locks the file, so the count is bounded by
    # the peak number of threads at once (11 here), never by the 70 threads that have finished.
    assert 0 < open_fds() <= 3 * 11
    store.close()
    assert open_fds() == 0
    assert store.open_connections == 0
    with pytest.raises(StoreError, match="closed"):
        store.connection()


def test_schema_version_and_foreign_files(tmp_path):
    path = tmp_path / "v.sqlite3"
    with SQLiteStore(path, what="test store", schema_version=2):
        pass
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 2
    with pytest.raises(StoreVersionError, match="newer"):
        SQLiteStore(path, what="test store", schema_version=1)
    garbage = tmp_path / "g.sqlite3"
    garbage.write_bytes(b"hello world" * 100)
    with pytest.raises(StoreError, match="not an SQLite database"):
        SQLiteStore(garbage, what="test store", schema_version=1)
    assert garbage.read_bytes() == b"hello world" * 100
    with pytest.raises(StoreError, match="is a directory"):
        SQLiteStore(tmp_path, what="test store", schema_version=1)


def test_services_and_pipeline_close_what_they_opened(tmp_path):
    from guardgraph import Pipeline
    from guardgraph.errors import ConfigurationError
    from guardgraph.graphs.context import Services
    from guardgraph.memory.embeddings import HashingEmbedder
    from guardgraph.tools.base import Generation

    class Echo:
        name = "echo"

        def generate(self, messages, params=None):
            return Generation(text="ok")

        def stream(self, messages, params=None):
            yield "ok"

    embedder = HashingEmbedder()
    with Pipeline.from_spec("chat", model=Echo(), data_dir=tmp_path, checkpointer="memory",
                            services={"embedder": embedder}) as pipe:
        pipe.forget("Dana Reyes", scope="alice")
        registry = pipe.services.forget_registry
        bandit = pipe.services.strategy_bandit(n_features=3)
        assert registry.visible("alice", None)
    with pytest.raises(StoreError, match="closed"):
        registry.visible("alice", None)
    with pytest.raises((StoreError, sqlite3.ProgrammingError)):  # its connection is closed
        bandit.refresh()
    pipe.close()  # idempotent
    # an injected store belongs to the caller and stays open
    own = Services(data_dir=tmp_path / "own", overrides={"embedder": embedder})
    injected = own.forget_registry
    with Services(data_dir=tmp_path, overrides={"forget_registry": injected}) as services:
        assert services.forget_registry is injected
    assert injected.visible("bob", None) == []
    own.close()
    (tmp_path / "file").write_text("x")
    with pytest.raises(ConfigurationError, match="is a file"):
        _ = Services(data_dir=tmp_path / "file", overrides={"embedder": embedder}).forget_registry
