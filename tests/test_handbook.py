"""Handbook (concept memory) storage: dedupe, persistence, corruption handling, import/export, CLI."""

from __future__ import annotations

import json
import logging
import random
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from guardgraph.memory.embeddings import HashingEmbedder
from guardgraph.memory.handbook import (
    DB_NAME,
    INDEX_NAME,
    Handbook,
    HandbookEntry,
    HandbookError,
)

UNITS = {"name": "Check units first", "instruction": "Convert all quantities to the same unit before computing.",
         "when_to_use": "word problems mixing units", "kind": "behaviour"}
UNITS_PARAPHRASE = {"name": "Check the units first",
                    "instruction": "Convert every quantity to the same unit before computing.",
                    "when_to_use": "physics questions"}
POWERS = {"name": "Last digit of powers",
          "instruction": "Use arithmetic modulo 10 to find the last digit of a large power."}
BACKWARDS = {"name": "Work backwards", "instruction": "Start from the goal and reason backwards to the given facts."}
DIAGRAM = {"name": "Draw a diagram",
           "instruction": "Sketch the figure and label known lengths before computing areas."}


@pytest.fixture
def hashing() -> HashingEmbedder:
    return HashingEmbedder()


VOCAB = ("alpha bravo carbon delta ember fjord gamma harbor iris jungle kettle lemon magnet nickel orbit "
         "pepper quartz raven saddle timber umber velvet walnut xenon yonder zephyr anchor bishop cobalt "
         "dune falcon granite hollow indigo jasper kelp lantern meadow nectar opal").split()


def synthetic(n: int, start: int = 0) -> list[dict[str, str]]:
    """Distinct entries (random words per index) so none is a near-duplicate of another."""
    out = []
    for i in range(start, start + n):
        rng = random.Random(i)
        name = " ".join(rng.sample(VOCAB, 3))
        out.append({"name": f"{name} {i}", "instruction": f"{' '.join(rng.sample(VOCAB, 6))} step {i}"})
    return out


def text_of(entry: dict[str, str]) -> str:
    """The exact text the handbook embeds for an entry (so a self-query scores 1.0)."""
    return HandbookEntry(**entry).embed_text()


# ---------------------------------------------------------------- entries


def test_entry_validation_rejects_empty_fields_and_unknown_kinds():
    with pytest.raises(ValidationError):
        HandbookEntry(name="  ", instruction="x")
    with pytest.raises(ValidationError):
        HandbookEntry(name="x", instruction="")
    with pytest.raises(ValidationError):
        HandbookEntry(name="x", instruction="y", kind="recipe")
    with pytest.raises(ValidationError):
        HandbookEntry(name="x", instruction="y", colour="red")
    entry = HandbookEntry(name="  Two\nlines ", instruction=" y ", kind="Behavior")
    assert (entry.name, entry.instruction, entry.kind, entry.uses) == ("Two lines", "y", "behaviour", 0)


# ---------------------------------------------------------------- basic store


def test_add_get_list_remove(tmp_path: Path, hashing: HashingEmbedder):
    with Handbook(tmp_path / "hb", hashing) as hb:
        stored, merged = hb.add(POWERS)
        assert not merged and len(hb) == 1
        hb.add(BACKWARDS)
        assert hb.get(stored.id) == stored
        assert hb.get("last DIGIT of   powers").id == stored.id
        assert [e.name for e in hb.list()] == ["Last digit of powers", "Work backwards"]
        assert hb.list(kind="behaviour") == []
        assert hb.remove("Work backwards") is True
        assert hb.remove("Work backwards") is False
        assert hb.remove(stored.id) is True
        assert len(hb) == 0 and hb.search("anything") == []


def test_search_ranks_and_counts_uses(tmp_path: Path, hashing: HashingEmbedder):
    with Handbook(tmp_path / "hb", hashing) as hb:
        hb.add_many([UNITS, POWERS, BACKWARDS, DIAGRAM])
        hits = hb.search("What is the last digit of 7 to the power 2023?", k=2)
        assert hits[0][0].name == "Last digit of powers" and hits[0][1] > 0.5
        assert hits[0][1] >= hits[1][1]
        assert hb.search("last digit of 7^2023", k=4, min_score=0.5)[0][0].name == "Last digit of powers"
        assert all(score >= 0.5 for _, score in hb.search("last digit of 7^2023", k=4, min_score=0.5))
        assert hb.get("Last digit of powers").uses == 3  # three searches returned it
        hb.search("last digit", record_use=False)
        assert hb.get("Last digit of powers").uses == 3
        assert {e.kind for e, _ in hb.search("units", k=4, kind="behaviour")} == {"behaviour"}
        with pytest.raises(ValueError):
            hb.search("   ")


# ---------------------------------------------------------------- dedupe (real MiniLM)


def test_dedupe_merges_near_duplicates_and_keeps_distinct(tmp_path: Path, embedder):
    with Handbook(tmp_path / "hb", embedder) as hb:
        original, _ = hb.add(UNITS)
        absorbed, merged = hb.add(UNITS_PARAPHRASE)
        assert merged and absorbed.id == original.id and absorbed.name == "Check units first"
        assert absorbed.when_to_use == "word problems mixing units; physics questions"
        for distinct in (POWERS, BACKWARDS, DIAGRAM):
            assert hb.add(distinct)[1] is False
        assert len(hb) == 4
        # exact name, different (longer) instruction: merged, longer instruction kept
        longer = "Convert all quantities to the same unit, e.g. minutes to hours, before computing anything."
        stored, merged = hb.add({"name": "check units FIRST", "instruction": longer})
        assert merged and stored.id == original.id and stored.instruction == longer
        assert len(hb) == 4
        # a shorter duplicate does not overwrite the better instruction
        stored, merged = hb.add({"name": "Check units first", "instruction": "Check units."})
        assert merged and stored.instruction == longer
        # the merged entry is found by its new text (it was re-embedded)
        assert hb.search("minutes to hours conversion before computing", k=1)[0][0].id == original.id


def test_add_many_batches_embeddings_and_dedupes_within_batch(tmp_path: Path, hashing: HashingEmbedder):
    calls: list[int] = []

    class Counting(HashingEmbedder):
        def embed(self, texts):
            calls.append(len(texts))
            return super().embed(texts)

    with Handbook(tmp_path / "hb", Counting()) as hb:
        results = hb.add_many([POWERS, BACKWARDS, dict(POWERS, when_to_use="number theory"), DIAGRAM])
        assert [merged for _, merged in results] == [False, False, True, False]
        assert results[2][0].id == results[0][0].id and results[0][0].when_to_use == "number theory"
        assert calls == [4] and len(hb) == 3


# ---------------------------------------------------------------- persistence


CHILD = textwrap.dedent(
    """
    import sys
    from guardgraph.memory.embeddings import HashingEmbedder
    from guardgraph.memory.handbook import Handbook
    hb = Handbook(sys.argv[1], HashingEmbedder(), hnsw_threshold=int(sys.argv[2]))
    hb.add_many([{"name": f"child lesson {i}", "instruction": f"child instruction number {i} about zebras"}
                 for i in range(int(sys.argv[3]))])
    print(len(hb), hb.search("parent instruction about owls", k=1)[0][0].name)
    hb.close()
    """
)


def test_persistence_across_processes(tmp_path: Path, hashing: HashingEmbedder):
    # 21 rows (flat) in the parent; the child's 15 push it past the threshold into HNSW
    folder, hnsw_threshold = tmp_path / "hb", 30
    parent = Handbook(folder, hashing, hnsw_threshold=hnsw_threshold)
    parent.add_many(synthetic(20) + [{"name": "parent lesson", "instruction": "parent instruction about owls"}])
    assert parent.search("zebras", k=1)[0][0].name != "child lesson 3"
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder), str(hnsw_threshold), "15"],
        capture_output=True, text=True, timeout=120,
    )
    assert child.returncode == 0, child.stderr
    assert child.stdout.split("\n")[0] == "36 parent lesson"
    # the already-open parent sees the child's rows without reopening
    assert len(parent) == 36
    assert parent.search("child instruction number 7 about zebras", k=1)[0][0].name == "child lesson 7"
    assert parent.index_kind == "hnsw"
    parent.add({"name": "late parent", "instruction": "added after the child wrote"})
    parent.close()
    with Handbook(folder, hashing, hnsw_threshold=hnsw_threshold) as reopened:
        assert len(reopened) == 37
        assert reopened.search("child instruction number 11 about zebras", k=1)[0][0].name == "child lesson 11"
        assert reopened.search("added after the child wrote", k=1)[0][0].name == "late parent"


def test_reopen_does_not_reembed(tmp_path: Path, hashing: HashingEmbedder):
    with Handbook(tmp_path / "hb", hashing) as hb:
        hb.add_many(synthetic(50))

    class Refusing(HashingEmbedder):
        def embed(self, texts):
            if len(texts) > 1:
                raise AssertionError("reopening re-embedded stored entries")
            return super().embed(texts)

    with Handbook(tmp_path / "hb", Refusing()) as hb:
        assert hb.search(synthetic(1, start=17)[0]["instruction"], k=1)[0][0].name == synthetic(1, start=17)[0]["name"]


# ---------------------------------------------------------------- flat -> HNSW


def test_flat_to_hnsw_switch_keeps_results_correct(tmp_path: Path, hashing: HashingEmbedder):
    entries = synthetic(120)
    queries = [text_of(e) for e in entries[::7]]
    with Handbook(tmp_path / "hb", hashing, hnsw_threshold=60) as hb:
        hb.add_many(entries[:50])
        assert hb.index_kind == "flat"
        flat_top = [hb.search(q, k=1, record_use=False)[0][0].name for q in queries[:7]]
        hb.add_many(entries[50:])
        assert hb.index_kind == "hnsw"
        for query, expected in zip(queries, entries[::7]):
            (top, score), *_ = hb.search(query, k=3, record_use=False)
            assert top.name == expected["name"] and score == pytest.approx(1.0, abs=1e-4)
        assert [hb.search(q, k=1, record_use=False)[0][0].name for q in queries[:7]] == flat_top
        # deletions in HNSW mode are tombstones: never returned again
        for entry in entries[::7]:
            assert hb.remove(entry["name"])
        for query in queries:
            names = [e.name for e, _ in hb.search(query, k=5, record_use=False)]
            assert len(names) == 5 and not set(names) & {e["name"] for e in entries[::7]}
    assert (tmp_path / "hb" / INDEX_NAME).exists()
    # reopening adopts the saved graph and gives the same answers
    with Handbook(tmp_path / "hb", hashing, hnsw_threshold=60) as hb:
        assert hb.index_kind == "hnsw" and len(hb) == 120 - len(entries[::7])
        probe = entries[3]
        assert hb.search(probe["instruction"], k=1)[0][0].name == probe["name"]


# ---------------------------------------------------------------- corruption


def test_garbage_db_file_is_refused_and_left_untouched(tmp_path: Path, hashing: HashingEmbedder):
    folder = tmp_path / "hb"
    folder.mkdir()
    garbage = bytes(range(256)) * 40
    (folder / DB_NAME).write_bytes(garbage)
    with pytest.raises(HandbookError, match=DB_NAME):
        Handbook(folder, hashing)
    assert (folder / DB_NAME).read_bytes() == garbage


def test_foreign_sqlite_schema_is_refused_and_left_untouched(tmp_path: Path, hashing: HashingEmbedder):
    folder = tmp_path / "hb"
    folder.mkdir()
    conn = sqlite3.connect(folder / DB_NAME)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.execute("INSERT INTO notes VALUES ('keep me')")
    conn.commit()
    conn.close()
    before = (folder / DB_NAME).read_bytes()
    with pytest.raises(HandbookError, match="not a guardgraph handbook"):
        Handbook(folder, hashing)
    assert (folder / DB_NAME).read_bytes() == before


def test_newer_schema_version_is_refused(tmp_path: Path, hashing: HashingEmbedder):
    with Handbook(tmp_path / "hb", hashing) as hb:
        hb.add(POWERS)
    conn = sqlite3.connect(tmp_path / "hb" / DB_NAME)
    conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    with pytest.raises(HandbookError, match="schema version"):
        Handbook(tmp_path / "hb", hashing)


def test_path_that_is_a_file_is_refused(tmp_path: Path, hashing: HashingEmbedder):
    (tmp_path / "hb").write_text("not a folder")
    with pytest.raises(HandbookError, match="directory"):
        Handbook(tmp_path / "hb", hashing)


def test_corrupt_vector_file_is_rebuilt_from_rows(tmp_path: Path, hashing: HashingEmbedder, caplog):
    folder = tmp_path / "hb"
    entries = synthetic(80)
    with Handbook(folder, hashing, hnsw_threshold=40) as hb:
        hb.add_many(entries)
        before = [e.id for e, _ in hb.search(entries[5]["instruction"], k=5, record_use=False)]
    (folder / INDEX_NAME).write_bytes(b"this is not a faiss index" * 100)
    with caplog.at_level(logging.WARNING, logger="guardgraph.memory.handbook"):
        with Handbook(folder, hashing, hnsw_threshold=40) as hb:
            assert [e.id for e, _ in hb.search(entries[5]["instruction"], k=5, record_use=False)] == before
            assert len(hb) == 80
    assert INDEX_NAME in caplog.text
    faiss_bytes = (folder / INDEX_NAME).read_bytes()
    assert not faiss_bytes.startswith(b"this is not")  # replaced by a good cache


def test_corrupt_vector_blob_is_reembedded(tmp_path: Path, hashing: HashingEmbedder, caplog):
    folder = tmp_path / "hb"
    with Handbook(folder, hashing) as hb:
        hb.add_many([POWERS, BACKWARDS, DIAGRAM])
    conn = sqlite3.connect(folder / DB_NAME)
    conn.execute("UPDATE entries SET vector = x'00ff' WHERE name = 'Work backwards'")
    conn.commit()
    conn.close()
    with caplog.at_level(logging.WARNING, logger="guardgraph.memory.handbook"):
        with Handbook(folder, hashing) as hb:
            assert hb.search(BACKWARDS["instruction"], k=1)[0][0].name == "Work backwards"
            assert len(hb) == 3
    assert "re-embedding" in caplog.text


def test_changed_embedder_reembeds_without_loss(tmp_path: Path, caplog):
    with Handbook(tmp_path / "hb", HashingEmbedder(dim=512)) as hb:
        hb.add_many([POWERS, BACKWARDS, DIAGRAM])
    with caplog.at_level(logging.WARNING, logger="guardgraph.memory.handbook"):
        with Handbook(tmp_path / "hb", HashingEmbedder(dim=128)) as hb:
            assert len(hb) == 3
            assert hb.search(DIAGRAM["instruction"], k=1)[0][0].name == "Draw a diagram"
    assert "re-embedding" in caplog.text
    assert Handbook.stored_embedder(tmp_path / "hb") == ("hashing-ngrams", 128)


def test_failed_write_rolls_back_index_too(tmp_path: Path, hashing: HashingEmbedder):
    with Handbook(tmp_path / "hb", hashing) as hb:
        hb.add(POWERS)
        with pytest.raises(ValueError):
            hb.add_many([BACKWARDS, DIAGRAM], vectors=np.zeros((1, hashing.dim), dtype=np.float32))

        class Boom(Exception):
            pass

        original = hb._insert
        calls = {"n": 0}

        def failing_insert(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] == 2:
                raise Boom()
            return original(*args, **kwargs)

        hb._insert = failing_insert  # type: ignore[method-assign]
        with pytest.raises(Boom):
            hb.add_many([BACKWARDS, DIAGRAM])
        hb._insert = original  # type: ignore[method-assign]
        assert len(hb) == 1
        assert [e.name for e, _ in hb.search(BACKWARDS["instruction"], k=3)] == ["Last digit of powers"]


# ---------------------------------------------------------------- import / export


def test_export_import_round_trip(tmp_path: Path, hashing: HashingEmbedder):
    source = Handbook(tmp_path / "a", hashing)
    source.add_many([UNITS, POWERS, dict(BACKWARDS, source_trace="turn-7")])
    source.search("last digit", k=1)
    exported = tmp_path / "hb.jsonl"
    assert source.export_jsonl(exported) == 3
    lines = exported.read_text().splitlines()
    assert len(lines) == 3 and {json.loads(line)["name"] for line in lines} == {
        "Check units first", "Last digit of powers", "Work backwards"}
    with Handbook(tmp_path / "b", hashing) as target:
        report = target.import_jsonl(exported)
        assert (report.added, report.merged, report.skipped, report.errors) == (3, 0, 0, [])
        assert {e.model_dump_json() for e in target.list()} == {e.model_dump_json() for e in source.list()}
        assert target.get("Work backwards").source_trace == "turn-7"
        assert target.get("Last digit of powers").uses == 1
        again = target.import_jsonl(exported)
        assert (again.added, again.merged, again.skipped) == (0, 0, 3) and len(target) == 3
    source.close()


def test_import_reports_malformed_lines_and_keeps_the_rest(tmp_path: Path, hashing: HashingEmbedder):
    file = tmp_path / "in.jsonl"
    good = json.dumps({"name": "Draw a diagram", "instruction": DIAGRAM["instruction"], "kind": "behaviour"})
    file.write_bytes(
        "\n".join([
            good,                                                     # 1 ok
            "{not json",                                              # 2
            "",                                                       # 3 blank: ignored
            json.dumps(["a", "list"]),                                # 4
            json.dumps({"name": "No instruction"}),                   # 5
            json.dumps({"name": "Bad kind", "instruction": "x", "kind": "recipe"}),  # 6
            json.dumps({"name": "Work backwards", "instruction": BACKWARDS["instruction"]}),  # 7 ok
            json.dumps({"name": "check units first", "instruction": "Convert all quantities to one unit."}),  # 8 merge
        ]).encode() + b"\n\xff\xfe broken bytes\n"                   # 9
    )
    with Handbook(tmp_path / "hb", hashing) as hb:
        kept, _ = hb.add(UNITS)
        report = hb.import_jsonl(file)
        assert (report.added, report.merged, report.skipped) == (2, 1, 0)
        assert [issue.line for issue in report.errors] == [2, 4, 5, 6, 9]
        assert "instruction" in report.errors[2].message and "kind" in report.errors[3].message
        assert len(hb) == 3 and hb.get(kept.id).instruction == UNITS["instruction"]


# ---------------------------------------------------------------- CLI


@pytest.fixture
def cli(tmp_path: Path):
    from guardgraph.cli.handbook import app

    runner = CliRunner()
    base = ["--path", str(tmp_path / "cli-hb"), "--embedder", "hashing"]

    def invoke(*args: str):
        return runner.invoke(app, [*base, *args])

    return invoke


def test_cli_add_search_list_remove(cli):
    for entry in (POWERS, BACKWARDS, DIAGRAM):
        result = cli("add", "--name", entry["name"], "--instruction", entry["instruction"], "--kind", "behaviour")
        assert result.exit_code == 0, result.output
    result = cli("search", "last digit of a large power modulo 10", "-k", "2")
    assert result.exit_code == 0
    first = result.stdout.splitlines()[0].split("\t")
    assert first[0] == "Last digit of powers" and float(first[1]) > 0.3 and first[2] == POWERS["instruction"]
    assert len(result.stdout.splitlines()) == 2
    listing = cli("list", "--plain")
    assert [line.split("\t")[3] for line in listing.stdout.splitlines()] == [
        "Last digit of powers", "Work backwards", "Draw a diagram"]
    table = cli("list").stdout
    assert "Handbook (3 entries)" in table and "Draw a" in table and "behaviour" in table
    assert cli("remove", "Work backwards").exit_code == 0
    missing = cli("remove", "Work backwards")
    assert missing.exit_code == 1 and "no handbook entry" in missing.output
    assert cli("add", "--name", " ", "--instruction", "x").exit_code == 1


def test_cli_export_import(cli, tmp_path: Path):
    cli("add", "--name", POWERS["name"], "--instruction", POWERS["instruction"])
    exported = cli("export", "-")
    assert exported.exit_code == 0 and json.loads(exported.stdout.splitlines()[0])["name"] == POWERS["name"]
    file = tmp_path / "more.jsonl"
    file.write_text(json.dumps(BACKWARDS) + "\n{oops\n")
    result = cli("import", str(file))
    assert result.exit_code == 1 and f"{file}:2:" in result.output and "added 1" in result.output
    assert "Work backwards" in cli("list", "--plain").stdout
    assert cli("export", str(tmp_path / "out.jsonl")).exit_code == 0
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 2


def test_cli_reports_corrupt_handbook(cli, tmp_path: Path):
    folder = tmp_path / "cli-hb"
    folder.mkdir()
    (folder / DB_NAME).write_bytes(b"garbage" * 100)
    result = cli("list")
    assert result.exit_code == 1 and DB_NAME in result.output and "Traceback" not in result.output


def test_cli_default_path_follows_data_dir(monkeypatch, tmp_path: Path):
    from guardgraph.cli.handbook import default_path

    monkeypatch.setenv("GUARDGRAPH_DATA_DIR", str(tmp_path))
    assert default_path() == tmp_path / "handbook"
