"""Shared output for benchmark scripts: a rich table on stdout and a JSON file in results/."""

from __future__ import annotations

import json
import platform
import time
from pathlib import Path
from typing import Any, Sequence

from rich.console import Console
from rich.table import Table

RESULTS = Path(__file__).parent / "results"


def machine() -> dict[str, Any]:
    import os

    return {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()}


def report(name: str, title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], data: dict[str, Any]) -> Path:
    """Print ``rows`` as a table and write ``data`` (+ machine info) to ``results/<name>.json``."""
    table = Table(*columns, title=title)
    for row in rows:
        table.add_row(*(f"{v:.3f}" if isinstance(v, float) else str(v) for v in row))
    Console().print(table)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    payload = {"benchmark": name, "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S"), "machine": machine(), **data}
    path.write_text(json.dumps(payload, indent=2, default=str))
    print(f"wrote {path}")
    return path
