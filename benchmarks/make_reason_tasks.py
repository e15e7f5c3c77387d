"""Write ``tests/data/reason_tasks.jsonl``: small, machine-checkable reasoning tasks.

Why generated rather than hand-typed: every answer is computed by the same code that writes the
question, so the set can never hold a wrong key, and a seed makes the file reproducible byte for
byte (``python benchmarks/make_reason_tasks.py --check`` verifies the committed file).

Four kinds, equally many of each, all answerable by a 135M model in a few tokens:

* ``arithmetic`` - one- or two-step word problems with numbers below 30,
* ``conversion`` - km->m, m->cm, hours->minutes, minutes->seconds, kg->g, days->hours,
* ``letters``    - "how many r are in strawberry" (the classic tokenisation trap),
* ``comparison`` - which of two numbers is larger / smaller, or a yes/no "is a greater than b".

Rows: ``{"id", "kind", "question", "answer"}``; ``answer`` is a string: an integer, or
``yes``/``no``. :mod:`reason_checkers` grades free text against it.

Splits for ``benchmarks/reason_e2e.py`` (written before any tuning, by seed, never mixed):
``--split tune`` -> ``benchmarks/data/reason_tune.jsonl`` (seed 101, 4 per kind: the verifier's
``min_confidence`` is calibrated and handbook entries are distilled and kept or retired here) and
``--split heldout`` -> ``benchmarks/data/reason_heldout.jsonl`` (seed 202, 6 per kind, no question
shared with the tuning split: only ever measured). Both add a fifth kind, ``expression`` ("What is
17 + 25?", "What is 6 times 7?"), the form of the issue's CLI check.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Callable

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "reason_tasks.jsonl"
KINDS = ("arithmetic", "conversion", "letters", "comparison")
SPLIT_KINDS = (*KINDS, "expression")
DATA = Path(__file__).resolve().parent / "data"
SPLITS = {"tune": (DATA / "reason_tune.jsonl", 101, 4), "heldout": (DATA / "reason_heldout.jsonl", 202, 6)}
NAMES = ("Tom", "Ann", "Maya", "Leo", "Sara", "Ben", "Nina", "Omar", "Lily", "Jack")
ITEMS = ("apples", "pencils", "marbles", "stickers", "books", "cookies", "coins", "cards")
WORDS = (
    ("strawberry", "r"), ("banana", "a"), ("mississippi", "s"), ("mississippi", "i"), ("bookkeeper", "e"),
    ("balloon", "l"), ("committee", "m"), ("raspberry", "r"), ("coffee", "f"), ("letter", "t"),
    ("pepper", "p"), ("assessment", "s"), ("cucumber", "c"), ("parallel", "l"), ("address", "d"),
    ("tomorrow", "o"), ("engineering", "e"), ("possession", "s"), ("referee", "e"), ("success", "c"),
)
CONVERSIONS = (
    ("kilometers", "meters", 1000), ("meters", "centimeters", 100), ("hours", "minutes", 60),
    ("minutes", "seconds", 60), ("kilograms", "grams", 1000), ("days", "hours", 24),
)

Task = dict[str, str]


def arithmetic(rng: random.Random) -> tuple[str, int]:
    name, item = rng.choice(NAMES), rng.choice(ITEMS)
    form = rng.randrange(4)
    if form == 0:
        a, b = rng.randint(2, 20), rng.randint(2, 20)
        return f"{name} has {a} {item} and gets {b} more. How many {item} does {name} have now?", a + b
    if form == 1:
        a = rng.randint(8, 29)
        b = rng.randint(1, a - 1)
        return f"{name} has {a} {item} and gives away {b}. How many {item} are left?", a - b
    if form == 2:
        a, b = rng.randint(2, 9), rng.randint(2, 9)
        return f"There are {a} boxes with {b} {item} in each box. How many {item} are there in total?", a * b
    a, b = rng.randint(5, 20), rng.randint(2, 12)
    c = rng.randint(1, a + b - 1)
    return (
        f"{name} has {a} {item}, buys {b} more and then gives {c} to a friend. "
        f"How many {item} does {name} have now?",
        a + b - c,
    )


def conversion(rng: random.Random) -> tuple[str, int]:
    big, small, factor = rng.choice(CONVERSIONS)
    amount = rng.randint(2, 9)
    return f"How many {small} are in {amount} {big}?", amount * factor


def letters(rng: random.Random) -> tuple[str, int]:
    word, letter = rng.choice(WORDS)
    return f'How many times does the letter "{letter}" appear in the word "{word}"?', word.count(letter)


def comparison(rng: random.Random) -> tuple[str, int | str]:
    a = rng.randint(10, 99)
    b = rng.choice([x for x in range(10, 100) if x != a])
    form = rng.randrange(3)
    if form == 0:
        return f"Which number is larger: {a} or {b}?", max(a, b)
    if form == 1:
        return f"Which number is smaller: {a} or {b}?", min(a, b)
    return f"Is {a} greater than {b}? Answer yes or no.", "yes" if a > b else "no"


def expression(rng: random.Random) -> tuple[str, int]:
    a, b = rng.randint(2, 60), rng.randint(2, 40)
    form = rng.randrange(3)
    if form == 0:
        return f"What is {a} + {b}?", a + b
    if form == 1:
        a, b = max(a, b), min(a, b)
        return f"What is {a} - {b}?", a - b
    a, b = rng.randint(2, 12), rng.randint(2, 12)
    return f"What is {a} times {b}?", a * b


MAKERS: dict[str, Callable[[random.Random], tuple[str, int | str]]] = {
    "arithmetic": arithmetic, "conversion": conversion, "letters": letters, "comparison": comparison,
    "expression": expression,
}


def make_tasks(per_kind: int = 16, seed: int = 0, kinds: tuple[str, ...] = KINDS,
               exclude: frozenset[str] = frozenset(), prefix: str = "") -> list[Task]:
    """``per_kind`` distinct tasks of each kind, interleaved so any prefix mixes all kinds.

    ``exclude``: questions that must not appear (another split's); ``prefix`` goes before ids.
    """
    if per_kind < 1:
        raise ValueError(f"per_kind must be >= 1, got {per_kind}")
    rng = random.Random(seed)
    by_kind: dict[str, list[Task]] = {}
    for kind in kinds:
        seen: set[str] = set(exclude)
        rows: list[Task] = []
        for _ in range(per_kind * 200):
            if len(rows) == per_kind:
                break
            question, answer = MAKERS[kind](rng)
            if question in seen:
                continue
            seen.add(question)
            rows.append({"kind": kind, "question": question, "answer": str(answer)})
        if len(rows) < per_kind:
            raise ValueError(f"only {len(rows)} distinct {kind} tasks exist; lower per_kind")
        by_kind[kind] = rows
    tasks: list[Task] = []
    for index in range(per_kind):
        for kind in kinds:
            row = by_kind[kind][index]
            tasks.append({"id": f"{prefix}{kind[:4]}-{index:03d}", **row})
    return tasks


def make_split(name: str) -> list[Task]:
    """The ``tune`` or ``heldout`` split (held-out questions never repeat a tuning one)."""
    _, seed, per_kind = SPLITS[name]
    exclude: frozenset[str] = frozenset()
    if name == "heldout":
        exclude = frozenset(t["question"] for t in make_split("tune"))
    return make_tasks(per_kind, seed, SPLIT_KINDS, exclude, prefix=f"{name}-")


def to_jsonl(tasks: list[Task]) -> str:
    return "".join(json.dumps(t, sort_keys=False) + "\n" for t in tasks)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-kind", type=int, default=16)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--check", action="store_true", help="fail if --out differs from what would be written")
    parser.add_argument("--split", choices=sorted(SPLITS), help="write a benchmark split instead")
    args = parser.parse_args(argv)
    if args.split:
        args.out = SPLITS[args.split][0] if args.out == DEFAULT_OUT else args.out
        text = to_jsonl(make_split(args.split))
    else:
        text = to_jsonl(make_tasks(args.per_kind, args.seed))
    if args.check:
        same = args.out.exists() and args.out.read_text(encoding="utf-8") == text
        print(f"{args.out}: {'up to date' if same else 'OUT OF DATE'}")
        return 0 if same else 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {len(text.splitlines())} tasks to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
