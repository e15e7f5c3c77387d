"""Grade a model's free-text answer against a task of ``tests/data/reason_tasks.jsonl``.

The generic extraction is the verifier's own :func:`extract_final_answer` (``\\boxed{}`` >
"answer is X" / "#### X" > last number), reused so the benchmark grades exactly what the
verifier's majority vote counts. Two task kinds need a little more, because a small model
rarely writes "the answer is":

* comparisons: "66 is larger than 54" ends on the *wrong* number, so a sentence naming which
  number is larger/smaller decides first;
* yes/no questions: the first standalone yes/no wins ("No, 12 is not greater than 40").

Number words up to twenty ("three times") count as numbers. Numbers compare with a relative
tolerance; strings compare after case/space/punctuation normalisation.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from guardgraph.agents.tournament import extract_final_answer, normalize_answer

_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()
_WORD_RE = re.compile(r"\b(" + "|".join(_WORDS) + r")\b", re.IGNORECASE)
_EXPLICIT_RE = re.compile(r"\\boxed|####|answer\s*(?:is|=|:)", re.IGNORECASE)
_YES_NO_RE = re.compile(r"\b(yes|no)\b", re.IGNORECASE)
_BIGGER = r"larger|greater|bigger|higher|more"
_SMALLER = r"smaller|less|lower|fewer"
_CLAIM_RE = re.compile(
    rf"(-?\d+(?:\.\d+)?)\s+is\s+(?:the\s+)?({_BIGGER}|{_SMALLER})\b"
    rf"|\b(?:the\s+)?({_BIGGER}|{_SMALLER})\s+(?:number|one|value)?\s*is\s+(-?\d+(?:\.\d+)?)",
    re.IGNORECASE,
)
_NUMBER_RE = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
TOLERANCE = 1e-6


def _digits(text: str) -> str:
    """Spell-out numbers -> digits, so "three times" grades like "3 times"."""
    return _WORD_RE.sub(lambda m: str(_WORDS.index(m.group(1).lower())), text)


def _as_number(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(str(value).replace(",", "").strip().rstrip("%"))
    except ValueError:
        return None


def _comparison_claim(question: str, text: str) -> str | None:
    """The number the text says is the larger/smaller one, translated to what the question asks."""
    asks_bigger = re.search(_BIGGER, question, re.IGNORECASE) is not None
    options = re.findall(r"-?\d+(?:\.\d+)?", question)
    for match in _CLAIM_RE.finditer(text):
        number = match.group(1) or match.group(4)
        word = (match.group(2) or match.group(3)).lower()
        says_bigger = re.fullmatch(_BIGGER, word) is not None
        if says_bigger == asks_bigger:
            return number
        others = [o for o in options if o != number]
        if len(options) == 2 and len(others) == 1:
            return others[0]  # "54 is smaller" when asked for the larger one
    return None


def extract_answer(task: Mapping[str, Any], text: str | None) -> str | None:
    """The answer ``text`` gives to ``task``, normalised (``"3"``, ``"yes"``); None if none found."""
    if not text or not text.strip():
        return None
    text = _digits(text)
    expected = str(task.get("answer", "")).strip().lower()
    question = str(task.get("question", ""))
    if expected in {"yes", "no"}:
        explicit = extract_final_answer(text) if _EXPLICIT_RE.search(text) else None
        if explicit and _YES_NO_RE.match(explicit):
            return _YES_NO_RE.match(explicit).group(1).lower()  # type: ignore[union-attr]
        found = _YES_NO_RE.search(text)
        return found.group(1).lower() if found else None
    if _EXPLICIT_RE.search(text):
        return extract_final_answer(text)
    if task.get("kind") == "comparison":
        claim = _comparison_claim(question, text)
        if claim is not None:
            return normalize_answer(claim)
    if task.get("kind") == "conversion":
        # "There are 144 hours in 6 days." restates the question's amount last; a conversion's
        # answer never equals the amount asked about, so the last *new* number is the answer.
        given = {normalize_answer(n) for n in _NUMBER_RE.findall(question)}
        fresh = [n for n in _NUMBER_RE.findall(text) if normalize_answer(n) not in given]
        if fresh:
            return normalize_answer(fresh[-1])
    return extract_final_answer(text)


def answers_match(got: str | None, expected: str) -> bool:
    """Numbers within a relative tolerance; other answers equal after normalisation."""
    if got is None:
        return False
    want, have = _as_number(expected), _as_number(got)
    if want is not None:
        return have is not None and math.isclose(have, want, rel_tol=TOLERANCE, abs_tol=TOLERANCE)
    return normalize_answer(got) == normalize_answer(expected)


def check(task: Mapping[str, Any], text: str | None) -> bool:
    """True when ``text`` answers ``task`` correctly."""
    return answers_match(extract_answer(task, text), str(task["answer"]))
