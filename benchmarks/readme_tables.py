"""Fill the README's generated tables from the benchmark results (never typed by hand).

Each ``<!-- table:NAME -->`` ... ``<!-- /table:NAME -->`` block of README.md is replaced by the
markdown that the benchmark module's ``readme_table(result)`` makes from its results JSON.

``TABLES`` maps NAME → (module file, relative to ``benchmarks/``; results file, relative to
``benchmarks/results/``; optionally the function name when it is not ``readme_table``). The results
file ``"*"`` passes ``{stem: parsed json}`` of every results file (the summary table).
A table whose results file does not exist yet is left as it is.

    python benchmarks/readme_tables.py            # rewrite README.md in place
    python benchmarks/readme_tables.py --check    # exit 1 if README.md is out of date
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "benchmarks"
RESULTS = BENCHMARKS / "results"
README = ROOT / "README.md"

TABLES: dict[str, tuple[str, ...]] = {
    "benchmarks": ("summary_table.py", "*"),
    "redteam": ("forget_redteam.py", "forget_redteam.json"),
    "redteam-before": ("forget_redteam.py", "forget_redteam_before.json"),
    "forget-eval": ("../graphs/evaluation.py", "forget_eval_judged.json"),
    "forget-eval-before": ("../graphs/evaluation.py", "forget_eval_merged_judged.json"),
    "reason-e2e": ("reason_e2e.py", "reason_e2e.json"),
    "reason-scripted": ("reason_scripted_judge.py", "reason_scripted.json"),
    "bandit": ("bandit_regret.py", "bandit.json"),
    "serve-load": ("serve_load.py", "serve_load.json"),
    "watchdog": ("watchdog_eval.py", "watchdog_eval.json"),
    "watchdog-dev": ("watchdog_eval.py", "watchdog_eval_dev.json"),
    "watchdog-history": ("watchdog_eval.py", "watchdog_heldout_history.json", "history_table"),
    "matcher-cost": ("matcher_cost.py", "matcher_cost.json"),
}


def _module(filename: str) -> ModuleType:
    path = (BENCHMARKS / filename).resolve()
    spec = importlib.util.spec_from_file_location(f"_readme_table_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


def render(name: str) -> str | None:
    """The markdown for table ``name``, or None when its results file does not exist yet."""
    module_file, results_file, *function = TABLES[name]
    if results_file == "*":
        result: Any = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(RESULTS.glob("*.json"))}
    else:
        results = RESULTS / results_file
        if not results.is_file():
            return None
        result = json.loads(results.read_text(encoding="utf-8"))
    return getattr(_module(module_file), function[0] if function else "readme_table")(result)


def fill(text: str) -> str:
    """``text`` with every registered table's markers refilled."""
    for name in TABLES:
        pattern = re.compile(rf"(<!-- table:{re.escape(name)} -->\n).*?(<!-- /table:{re.escape(name)} -->)", re.DOTALL)
        if not pattern.search(text):
            continue
        try:
            table = render(name)
        except Exception as exc:  # a table whose script and JSON disagree: say which, then stop
            module_file, results_file, *_ = TABLES[name]
            raise SystemExit(
                f"table {name!r}: {module_file} cannot render results/{results_file}: {type(exc).__name__}: {exc}"
            ) from exc
        if table is None:
            continue
        text = pattern.sub(lambda m: m.group(1) + table.rstrip("\n") + "\n" + m.group(2), text)
    return text


def unmarked_tables(text: str) -> list[str]:
    """Names of registered tables whose markers are missing from ``text`` (a typo or a lost marker)."""
    return [name for name in TABLES if f"<!-- table:{name} -->" not in text and f"<!-- /table:{name} -->" not in text]


def main(argv: list[str] | None = None, readme: Path = README) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only check that README.md is up to date (exit 1 if not)")
    args = parser.parse_args(argv)
    current = readme.read_text(encoding="utf-8")
    updated = fill(current)
    if args.check:
        if updated != current:
            import difflib

            diff = difflib.unified_diff(current.splitlines(), updated.splitlines(), "README.md", "generated", lineterm="", n=0)
            print("\n".join(list(diff)[:40]), file=sys.stderr)
            print("README.md tables are out of date: run python benchmarks/readme_tables.py", file=sys.stderr)
            return 1
        return 0
    if updated != current:
        readme.write_text(updated, encoding="utf-8")
        print("README.md tables updated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
