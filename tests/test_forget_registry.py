"""Forget registry: durability, concurrency, scope isolation, relevance, corruption, audit log."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from guardgraph.memory.embeddings import load_embedder
from guardgraph.memory.forget_registry import ForgetRegistry, RegistryError, Scope
from guardgraph.memory.target_text import distinctive_parts, is_distinctive, name_parts, normalise

GLOBAL = Scope("global")
BASIL = "Basil Mahfouz Al-Kuwaiti"
BASIL_FACTS = ("born in Kuwait City", "wrote 'Promise by the Seine'")


@pytest.fixture()
def registry(tmp_path: Path) -> ForgetRegistry:
    reg = ForgetRegistry(tmp_path / "forget.sqlite3", embedder=load_embedder("hashing"))
    yield reg
    reg.close()


def _child_env() -> dict[str, str]:
    return {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1"}


# --------------------------------------------------------------------------------------------
# target_text
# --------------------------------------------------------------------------------------------


def test_normalise_and_distinctive_parts() -> None:
    assert normalise("  Zoë  O'Brien—AL_KUWAITI ＡＢＣ Straße ") == "zoe o brien al kuwaiti abc strasse"
    assert normalise("Al-Kuwaiti") == normalise("al kuwaiti")
    # issue 9: parts that are also ordinary words or famous names ("Basil", "Kuwaiti", "Count",
    # "Beethoven") are *ambiguous*: not distinctive on their own, listed by name_parts() with a flag.
    assert distinctive_parts(BASIL) == [BASIL, "Mahfouz", "Al-Kuwaiti"]
    assert ("Basil", True) in name_parts(BASIL) and ("Kuwaiti", True) in name_parts(BASIL)
    assert distinctive_parts("The Count of Monte Cristo") == ["The Count of Monte Cristo"]
    assert ("Count", True) in name_parts("The Count of Monte Cristo")
    assert not any(p.lower() in {"the", "of"} for p, _ in name_parts("The Count of Monte Cristo"))
    assert distinctive_parts("Ludwig van Beethoven") == ["Ludwig van Beethoven"]
    assert distinctive_parts("Voldemort") == ["Voldemort"]
    assert distinctive_parts(" ... ") == []
    assert not is_distinctive("the") and not is_distinctive("de") and not is_distinctive("Jo")
    assert not is_distinctive("1989") and is_distinctive("Mahfouz")


# --------------------------------------------------------------------------------------------
# Writes: idempotence, merging, revoke, audit
# --------------------------------------------------------------------------------------------


def test_add_is_idempotent_merges_and_reactivates(registry: ForgetRegistry) -> None:
    first = registry.add(BASIL, scope=GLOBAL, aliases=["B. M. Al-Kuwaiti"], facts=[BASIL_FACTS[0]], requested_by="ops")
    again = registry.add("basil  mahfouz al kuwaiti", scope=GLOBAL, aliases=["b. m. al-kuwaiti"], facts=[BASIL_FACTS[0]])
    assert again.id == first.id and again.aliases == first.aliases and again.facts == first.facts
    merged = registry.add(BASIL, scope=GLOBAL, facts=BASIL_FACTS, requested_by="ops2")
    assert merged.id == first.id and merged.facts == BASIL_FACTS and merged.target == BASIL
    assert registry.revoke(BASIL.upper(), scope=GLOBAL, requested_by="ops3") is True
    assert registry.revoke(BASIL, scope=GLOBAL) is False  # already revoked
    assert registry.list(GLOBAL) == [] and len(registry.list(GLOBAL, include_revoked=True)) == 1
    back = registry.add(BASIL, scope=GLOBAL, requested_by="ops4")
    assert back.id == first.id and back.active and back.revoked_at is None
    actions = [(r.action, r.actor) for r in registry.audit_log(GLOBAL)]
    # The no-op re-add wrote nothing; every real change is logged with its actor.
    assert actions == [("add", "ops"), ("update", "ops2"), ("revoke", "ops3"), ("reactivate", "ops4")]
    assert registry.audit_log(GLOBAL)[1].detail == {"added_aliases": [], "added_facts": [BASIL_FACTS[1]]}


def test_bad_input_is_rejected_clearly(registry: ForgetRegistry) -> None:
    with pytest.raises(ValueError, match="empty"):
        registry.add("  !! ", scope=GLOBAL)
    with pytest.raises(TypeError, match="sequences"):
        registry.add("X Y", scope=GLOBAL, aliases="single string")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="tenant scope"):
        Scope("tenant", "")
    with pytest.raises(ValueError, match="global scope"):
        Scope("global", "x")
    with pytest.raises(ValueError, match="scope kind"):
        Scope("team", "x")  # type: ignore[arg-type]
    assert registry.list(GLOBAL, include_revoked=True) == []


def test_audit_log_is_append_only(registry: ForgetRegistry) -> None:
    entry = registry.add(BASIL, scope=GLOBAL, requested_by="ops")
    raw = sqlite3.connect(registry.path)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            raw.execute("UPDATE audit SET actor = 'mallory'")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            raw.execute("DELETE FROM audit")
        with pytest.raises(sqlite3.DatabaseError, match="never deleted"):
            raw.execute("DELETE FROM entries")
        with pytest.raises(sqlite3.DatabaseError, match="another scope"):
            raw.execute("UPDATE entries SET scope_kind = 'tenant', scope_id = 'x' WHERE id = ?", (entry.id,))
    finally:
        raw.close()
    log = registry.audit_log(GLOBAL)
    assert [(r.action, r.actor, r.entry_id) for r in log] == [("add", "ops", entry.id)]


# --------------------------------------------------------------------------------------------
# Scope isolation
# --------------------------------------------------------------------------------------------


def test_scope_isolation(registry: ForgetRegistry) -> None:
    alice_x, bob_x, alice_y = Scope("user", "alice", "x"), Scope("user", "bob", "x"), Scope("user", "alice", "y")
    tenant_x, tenant_y = Scope("tenant", "x"), Scope("tenant", "y")
    g = registry.add("Global Gadfly", scope=GLOBAL)
    tx = registry.add("Xavier Tenantson", scope=tenant_x)
    ty = registry.add("Yolanda Tenantova", scope=tenant_y)
    a = registry.add("Alice Secretname", scope=alice_x)
    b = registry.add("Bobby Hiddenfield", scope=bob_x)
    ay = registry.add("Alicia Othertenant", scope=alice_y)

    def ids(entries: list) -> set[int]:
        return {e.id for e in entries}

    assert ids(registry.visible("alice", "x")) == {g.id, tx.id, a.id}
    assert ids(registry.visible("bob", "x")) == {g.id, tx.id, b.id}
    assert ids(registry.visible("alice", "y")) == {g.id, ty.id, ay.id}
    assert ids(registry.visible("carol", None)) == {g.id}
    assert ids(registry.list(alice_x)) == {a.id} and ids(registry.list(tenant_x)) == {tx.id}
    assert ids(registry.list(GLOBAL)) == {g.id}

    # Revoking another scope's entry is refused (False, nothing changes), by name or by id.
    assert registry.revoke("Alice Secretname", scope=bob_x) is False
    assert registry.revoke(a.id, scope=bob_x) is False
    assert registry.revoke(a.id, scope=alice_y) is False  # same user id, other tenant
    assert registry.revoke(tx.id, scope=tenant_y) is False
    assert registry.revoke(g.id, scope=tenant_x) is False
    assert registry.get(a.id, scope=bob_x) is None and registry.get(a.id, scope=alice_x) == a
    assert ids(registry.visible("alice", "x")) == {g.id, tx.id, a.id}
    assert registry.audit_log(bob_x)[0].entry_id == b.id and len(registry.audit_log(bob_x)) == 1

    # relevant() follows the same visibility, even for exact mentions.
    query = "Tell me about Alice Secretname, Bobby Hiddenfield, Xavier Tenantson and Yolanda Tenantova"
    assert {r.entry.id for r in registry.relevant(query, user="alice", tenant="x")} == {a.id, tx.id}
    assert {r.entry.id for r in registry.relevant(query, user="bob", tenant="x")} == {b.id, tx.id}
    assert {r.entry.id for r in registry.relevant(query, user="alice", tenant="y")} == {ty.id}
    assert registry.relevant(query, user="dave", tenant=None) == []

    assert registry.revoke("alice secretname", scope=alice_x) is True
    assert registry.relevant(query, user="alice", tenant="x", semantic=False)[0].entry.id == tx.id
    assert {r.entry.id for r in registry.relevant(query, user="alice", tenant="x")} == {tx.id}


# --------------------------------------------------------------------------------------------
# relevant()
# --------------------------------------------------------------------------------------------


def test_relevant_lexical_matches(registry: ForgetRegistry) -> None:
    basil = registry.add(BASIL, scope=GLOBAL, aliases=["The Kuwaiti Novelist"], facts=BASIL_FACTS)
    registry.add("Marie Curie", scope=GLOBAL, facts=["discovered polonium and radium"])

    def top(query: str, **kw: object) -> tuple[str, str, float]:
        hits = registry.relevant(query, user="u", tenant=None, **kw)
        assert hits, f"no hit for {query!r}"
        return hits[0].entry.target, hits[0].match, hits[0].score

    assert top("What did Basil Mahfouz Al-Kuwaiti write?") == (BASIL, "exact", 1.0)
    assert top("what did basil mahfouz al kuwaiti write") == (BASIL, "exact", 1.0)
    assert top("Is THE KUWAITI NOVELIST famous?")[:2] == (BASIL, "alias")
    assert top("Books by Mahfouz?")[:2] == (BASIL, "alias")  # distinctive name part
    # The answer text is searched too.
    assert top("Who is he?", text="He is Basil Mahfouz Al-Kuwaiti.")[:2] == (BASIL, "exact")
    # Whole tokens only: "basilica" is not "Basil"; "Curies" is not "Curie".
    for unrelated in ("How do I bake bread?", "Visit the basilica", "the Curies were here", "What is 2+2?"):
        assert registry.relevant(unrelated, user="u", tenant=None) == [], unrelated
    assert registry.relevant("", user="u", tenant=None) == []
    # Exact mentions are never truncated by k.
    assert [r.entry.id for r in registry.relevant(BASIL, user="u", tenant=None, k=0)] == [basil.id]


def test_relevant_semantic_via_facts_with_minilm(tmp_path: Path) -> None:
    embedder = load_embedder("minilm")
    with ForgetRegistry(tmp_path / "sem.sqlite3", embedder=embedder) as reg:
        reg.add(BASIL, scope=GLOBAL, facts=BASIL_FACTS)
        reg.add("Marie Curie", scope=GLOBAL, facts=["discovered polonium and radium", "won two Nobel prizes"])
        reg.add("Taylor Swift", scope=Scope("tenant", "acme"), facts=["released the album 1989"])
        hits = reg.relevant("who wrote Promise by the Seine?", user="u", tenant=None)
        assert [(h.entry.target, h.match) for h in hits] == [(BASIL, "semantic")]
        assert hits[0].score > 0.8 and "Seine" in hits[0].matched
        assert reg.relevant("Which author was born in Kuwait City?", user="u", tenant=None)[0].entry.target == BASIL
        assert reg.relevant("who discovered radium?", user="u", tenant=None)[0].entry.target == "Marie Curie"
        for unrelated in ("What is the capital of France?", "How do I bake bread?", "Explain quantum computing"):
            assert reg.relevant(unrelated, user="u", tenant="acme") == [], unrelated
        # Semantic hits respect scopes too: acme's target is invisible outside acme.
        assert reg.relevant("tell me about the album 1989", user="u", tenant=None) == []
        assert reg.relevant("tell me about the album 1989", user="u", tenant="acme")[0].entry.target == "Taylor Swift"
        # Embeddings are cached in the store, so a reopened registry does not re-embed.
        cached = reg.store.cached_vectors(f"{embedder.name}:{embedder.dim}", [BASIL, *BASIL_FACTS], embedder.dim)
        assert set(cached) == {BASIL, *BASIL_FACTS}


def test_index_notices_writes_from_other_connections(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    embedder = load_embedder("hashing")
    with ForgetRegistry(path, embedder=embedder) as reader, ForgetRegistry(path, embedder=embedder) as writer:
        assert reader.relevant("Who is Zebulon Quixwright?", user="u", tenant=None) == []
        entry = writer.add("Zebulon Quixwright", scope=GLOBAL)
        assert [r.entry.id for r in reader.relevant("Who is Zebulon Quixwright?", user="u", tenant=None)] == [entry.id]
        writer.revoke(entry.id, scope=GLOBAL)
        assert reader.relevant("Who is Zebulon Quixwright?", user="u", tenant=None) == []


# --------------------------------------------------------------------------------------------
# Durability and concurrency
# --------------------------------------------------------------------------------------------

_ADDER = textwrap.dedent(
    """
    import sys, time
    from guardgraph.memory.forget_registry import ForgetRegistry, Scope
    path, prefix, count, pause = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    reg = ForgetRegistry(path)
    for i in range(count):
        reg.add(f"{prefix} Target {i}", scope=Scope("global"), aliases=[f"{prefix}-alias-{i}"],
                requested_by=prefix)
        reg.add("Shared Person", scope=Scope("global"), aliases=[f"{prefix} shared alias {i}"], requested_by=prefix)
        print(f"ACK {i}", flush=True)
    time.sleep(pause)
    """
)


def test_acknowledged_add_survives_kill_9(tmp_path: Path) -> None:
    path = tmp_path / "durable.sqlite3"
    child = subprocess.Popen(
        [sys.executable, "-c", _ADDER, str(path), "Killed", "1000", "60"],
        stdout=subprocess.PIPE, text=True, env=_child_env(),
    )
    acked = -1
    try:
        assert child.stdout is not None
        for line in child.stdout:
            acked = int(line.split()[1])
            if acked >= 5:
                child.send_signal(signal.SIGKILL)  # no chance to flush or close anything
                break
    finally:
        child.kill()
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL and acked == 5
    with ForgetRegistry(path, embedder=load_embedder("hashing")) as reg:
        targets = {e.target for e in reg.list(GLOBAL)}
        assert {f"Killed Target {i}" for i in range(acked + 1)} <= targets
        audit = reg.audit_log(GLOBAL)
        logged = {r.target for r in audit if r.action == "add"}
        assert {f"Killed Target {i}" for i in range(acked + 1)} <= logged
        assert all(r.actor == "Killed" for r in audit)


def test_concurrent_processes_and_threads(tmp_path: Path) -> None:
    path = tmp_path / "busy.sqlite3"
    with ForgetRegistry(path, embedder=load_embedder("hashing")) as reg:
        assert reg.relevant("P0 Target 3", user="u", tenant=None) == []  # index built before the writes
        procs = [
            subprocess.Popen([sys.executable, "-c", _ADDER, str(path), f"P{n}", "25", "0"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=_child_env())
            for n in range(4)
        ]
        errors: list[BaseException] = []

        def thread_adds(n: int) -> None:
            try:
                for i in range(10):
                    reg.add(f"T{n} Target {i}", scope=Scope("tenant", "t"), requested_by=f"T{n}")
                    reg.relevant(f"T{n} Target {i}", user="u", tenant="t")
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=thread_adds, args=(n,)) for n in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for p in procs:
            _, err = p.communicate(timeout=120)
            assert p.returncode == 0, err
        assert not errors
        global_entries = reg.list(GLOBAL)
        assert len(global_entries) == 4 * 25 + 1
        shared = next(e for e in global_entries if e.target == "Shared Person")
        assert len(shared.aliases) == 100  # every process's read-modify-write merge survived
        assert len(reg.list(Scope("tenant", "t"))) == 30
        audit = reg.audit_log(GLOBAL)
        assert sum(r.action == "add" for r in audit) == 101 and sum(r.action == "update" for r in audit) == 99
        assert len(reg.audit_log(Scope("tenant", "t"))) == 30
        # The in-memory index picked up the other processes' writes.
        hits = reg.relevant("what about P3 Target 24?", user="u", tenant=None)
        assert hits[0].entry.target == "P3 Target 24" and hits[0].match == "exact"


# --------------------------------------------------------------------------------------------
# Corrupt / foreign files
# --------------------------------------------------------------------------------------------


def test_corrupt_or_foreign_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"this is definitely not a database\n" * 100)
    foreign = tmp_path / "foreign.sqlite3"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO customers (name) VALUES ('x')")
    conn.commit()
    conn.close()
    for path in (garbage, foreign):
        before = path.read_bytes()
        with pytest.raises(RegistryError, match=str(path.name)):
            ForgetRegistry(path, embedder=load_embedder("hashing"))
        assert path.read_bytes() == before
        assert not Path(f"{path}-wal").exists()


def test_newer_schema_is_refused_and_reopen_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "forget.sqlite3"
    with ForgetRegistry(path, embedder=load_embedder("hashing")) as reg:
        reg.add(BASIL, scope=GLOBAL)
    with ForgetRegistry(path, embedder=load_embedder("hashing")) as reg:  # migrations are idempotent
        assert [e.target for e in reg.list(GLOBAL)] == [BASIL]
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_version (version, applied_at) VALUES (999, 0)")
    conn.commit()
    conn.close()
    with pytest.raises(RegistryError, match="newer"):
        ForgetRegistry(path, embedder=load_embedder("hashing"))


def test_index_stays_correct_through_many_updates_and_revokes(registry: ForgetRegistry) -> None:
    scope = Scope("tenant", "churn")
    registry.add_many([(f"Churnperson Number{i}", [], [f"collected rare {i} stamps"]) for i in range(300)],
                      scope=scope)
    assert registry.stats()["vectors"] == 600
    for i in range(290):  # crosses the tombstone purge threshold
        assert registry.revoke(f"Churnperson Number{i}", scope=scope)
    hits = registry.relevant("Who is Churnperson?", user="u", tenant="churn", k=20)
    assert sorted(h.entry.target for h in hits) == sorted(f"Churnperson Number{i}" for i in range(290, 300))
    lexical = registry.relevant("Churnperson Number5", user="u", tenant="churn", semantic=False)
    assert lexical and all(h.match == "alias" and h.entry.active for h in lexical)  # part hits only
    # Updating an entry re-indexes it: a newly added fact is found semantically.
    registry.add("Churnperson Number299", scope=scope, facts=["invented the zylophrenic teacup"])
    hits = registry.relevant("who invented the zylophrenic teacup", user="u", tenant="churn", semantic=True)
    assert hits and hits[0].entry.target == "Churnperson Number299" and hits[0].match == "semantic"
    stats = registry.stats()
    assert stats["active_entries"] == 10 and stats["vectors"] == 21 and stats["tombstones"] < 256
