"""README numbers come from benchmarks/results/*.json through benchmarks/readme_tables.py."""

from __future__ import annotations

from pathlib import Path

from _benchmarks import load_benchmark

ROOT = Path(__file__).resolve().parent.parent


load = load_benchmark


def test_readme_tables_are_up_to_date():
    tables = load("readme_tables")
    assert tables.main(["--check"]) == 0, "run: python benchmarks/readme_tables.py"
    assert "benchmarks" not in tables.unmarked_tables(tables.README.read_text(encoding="utf-8"))


def test_check_fails_on_a_hand_edited_number(tmp_path):
    tables = load("readme_tables")
    readme = tmp_path / "README.md"
    text = tables.README.read_text(encoding="utf-8")
    assert "<!-- table:benchmarks -->" in text
    start = text.index("<!-- table:benchmarks -->")
    end = text.index("<!-- /table:benchmarks -->")
    edited = text[:start] + text[start:end].replace("watchdog latency", "watchdog latency (hand-edited)") + text[end:]
    readme.write_text(edited, encoding="utf-8")
    assert tables.main(["--check"], readme=readme) == 1
    assert tables.main([], readme=readme) == 0
    fixed = readme.read_text(encoding="utf-8")
    block = fixed[fixed.index("<!-- table:benchmarks -->"):fixed.index("<!-- /table:benchmarks -->")]
    assert "hand-edited" not in block and block == text[start:end]


def test_summary_rows_come_from_the_json():
    summary = load("summary_table")
    results = summary.load_results()
    table = summary.readme_table(results)
    p50 = results["watchdog"]["latency"]["p50_ms"]
    assert f"p50 {p50:.2f} ms" in table
    assert "fixed prior" in table  # every bandit policy in the JSON is shown, the fixed prior included
