"""Checkers: exact verifiers for questions whose answer can be computed or executed.

Model judgement is for what cannot be checked. When the question itself says what to compute,
the reason graph asks a checker before it asks the model, exactly as V_1-Infer's code contests
rely on executed tests:

* ``arithmetic`` - an explicit expression: ``12 + 30``, ``7 times 8``, ``(3 + 4) * 2``, ``15 % of 80``
  (digits and operators in any language; ``plus``/``minus``/``times``/``divided by`` in English);
* ``conversion`` - ``How many meters are in 3 kilometers?``, ``Convert 2 hours to minutes``
  (length, mass, time, volume; metric and a few imperial units);
* ``letters`` - ``How many times does the letter "r" appear in "strawberry"?``, ``how many r's in
  strawberry``;
* ``comparison`` - ``Which is larger: 54 or 66?``, ``Is 12 greater than 40?``;
* ``code`` - a question that carries ``assert`` lines: a candidate's Python code is run against
  them in a separate, isolated interpreter with a timeout.

A checker never guesses: :func:`solve` returns ``None`` unless the question unambiguously matches
one of these forms (word problems such as "Tom has 5 apples and gets 3 more" are left to the
model). For a solved question it returns the exact answer and a short worked text, which the
verifier may offer as a candidate when no sampled answer agrees with it (a calculator is a tool,
not a guess). :func:`agrees` tells whether a candidate text states the checked answer.
"""

from __future__ import annotations

import ast
import math
import operator
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

MAX_QUESTION_CHARS = 4000
MAX_NUMBER = 1e15
CODE_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class Solution:
    """A checker's exact answer to a question."""

    kind: str
    answer: str  # canonical: "42", "3.5", "yes"
    text: str  # a short worked answer ending with "The answer is X."
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# --------------------------------------------------------------------------- numbers


def format_number(value: float) -> str:
    """``42.0`` -> ``"42"``, ``3.5`` -> ``"3.5"``, ``1/3`` -> ``"0.333333"``."""
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {value}")
    if abs(value - round(value)) < 1e-9:
        return str(int(round(value)))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", "").replace("\u2212", "-"))
    except ValueError:
        return None


# --------------------------------------------------------------------------- arithmetic

_WORD_OPS = (
    (r"\bmultiplied\s+by\b", "*"), (r"\bdivided\s+by\b", "/"), (r"\btimes\b", "*"),
    (r"\bplus\b", "+"), (r"\bminus\b", "-"), (r"\bover\b", "/"),
)
_SYMBOLS = {"\u00d7": "*", "\u00f7": "/", "\u2212": "-", "\u2013": "-", "x": "*", "X": "*", "^": "**", ":": "/"}
# a run of numbers joined by operators (at least one operator), parentheses allowed
_EXPR_RE = re.compile(
    r"[(\s]*-?\s*\d[\d,]*(?:\.\d+)?[)\s]*(?:(?:\*\*|[-+*/x\u00d7\u00f7\u2212^])[(\s]*-?\s*\d[\d,]*(?:\.\d+)?[)\s]*)+"
)
_PERCENT_RE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|percent)\s+of\s+(\d[\d,]*(?:\.\d+)?)", re.IGNORECASE)
_BINOPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
           ast.Pow: operator.pow}


def _evaluate(node: ast.AST) -> float:
    """Evaluate a parsed expression of numbers and + - * / ** only (never ``eval``)."""
    if isinstance(node, ast.Expression):
        return _evaluate(node.body)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _evaluate(node.operand)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
        left, right = _evaluate(node.left), _evaluate(node.right)
        if isinstance(node.op, ast.Pow) and (abs(right) > 12 or abs(left) > 1e4):
            raise ValueError("exponent too large to check")
        if isinstance(node.op, ast.Div) and right == 0:
            raise ValueError("division by zero")
        value = _BINOPS[type(node.op)](left, right)
        if not math.isfinite(value) or abs(value) > MAX_NUMBER:
            raise ValueError("number too large to check")
        return value
    raise ValueError(f"unsupported expression element {type(node).__name__}")


def _normalise_expression(text: str) -> str:
    for pattern, symbol in _WORD_OPS:
        text = re.sub(pattern, f" {symbol} ", text, flags=re.IGNORECASE)
    return text


def solve_arithmetic(question: str) -> Solution | None:
    """An explicit expression in the question, evaluated exactly."""
    percent = _PERCENT_RE.search(question)
    if percent:
        rate, base = float(percent.group(1)), _number(percent.group(2))
        if base is not None:
            value = rate * base / 100
            answer = format_number(value)
            return Solution("arithmetic", answer, f"{percent.group(1)}% of {percent.group(2)} = "
                            f"{percent.group(1)} / 100 × {percent.group(2)} = {answer}. The answer is {answer}.",
                            detail=percent.group(0))
    text = _normalise_expression(question)
    matches = [m for m in _EXPR_RE.finditer(text) if re.search(r"\d\s*[)\s]*(?:\*\*|[-+*/x\u00d7\u00f7\u2212^])", m.group(0))]
    if len(matches) != 1:
        return None  # none, or several expressions: ambiguous, leave it to the model
    raw = matches[0].group(0).strip()
    if re.search(r"\d\s*-\s*\d", raw) and re.fullmatch(r"\s*\d{1,4}\s*-\s*\d{1,4}\s*", raw) and re.search(
        r"\b(pages?|years?|from|between|range)\b", question, re.IGNORECASE
    ):
        return None  # "pages 10-20", "1990-2000": a range, not a subtraction
    source = raw
    for symbol, replacement in _SYMBOLS.items():
        source = source.replace(symbol, replacement)
    source = re.sub(r"(?<=\d),(?=\d{3}\b)", "", source)
    if source.count("(") != source.count(")"):
        source = source.strip("() ")
    try:
        value = _evaluate(ast.parse(source.strip(), mode="eval"))
    except (SyntaxError, ValueError, TypeError, ZeroDivisionError, OverflowError, RecursionError):
        return None
    answer = format_number(value)
    shown = re.sub(r"\s+", " ", raw.replace("**", "^"))
    return Solution("arithmetic", answer, f"{shown} = {answer}. The answer is {answer}.", detail=shown)


# --------------------------------------------------------------------------- unit conversion

# unit -> (dimension, factor to the base unit)
_UNITS: dict[str, tuple[str, float]] = {}
for _names, _dim, _factor in (
    (("kilometer", "kilometre", "km"), "length", 1000.0),
    (("meter", "metre", "m"), "length", 1.0),
    (("centimeter", "centimetre", "cm"), "length", 0.01),
    (("millimeter", "millimetre", "mm"), "length", 0.001),
    (("mile", "mi"), "length", 1609.344),
    (("yard", "yd"), "length", 0.9144),
    (("foot", "feet", "ft"), "length", 0.3048),
    (("inch", "inches", "in"), "length", 0.0254),
    (("kilogram", "kg"), "mass", 1000.0),
    (("gram", "g"), "mass", 1.0),
    (("milligram", "mg"), "mass", 0.001),
    (("tonne", "ton", "t"), "mass", 1_000_000.0),
    (("week", "wk"), "time", 604800.0),
    (("day", "d"), "time", 86400.0),
    (("hour", "hr", "h"), "time", 3600.0),
    (("minute", "min"), "time", 60.0),
    (("second", "sec", "s"), "time", 1.0),
    (("liter", "litre", "l"), "volume", 1.0),
    (("milliliter", "millilitre", "ml"), "volume", 0.001),
):
    for _name in _names:
        _UNITS[_name] = (_dim, _factor)
_CANONICAL = {
    "km": "kilometers", "m": "meters", "cm": "centimeters", "mm": "millimeters", "mi": "miles", "yd": "yards",
    "ft": "feet", "in": "inches", "kg": "kilograms", "g": "grams", "mg": "milligrams", "t": "tonnes",
    "wk": "weeks", "d": "days", "hr": "hours", "h": "hours", "min": "minutes", "sec": "seconds", "s": "seconds",
    "l": "liters", "ml": "milliliters",
}
_UNIT_WORD = r"(?:" + "|".join(sorted((re.escape(u) for u in _UNITS), key=len, reverse=True)) + r")(?:e?s)?"
_AMOUNT_UNIT_RE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(" + _UNIT_WORD + r")\b", re.IGNORECASE)
_UNIT_RE = re.compile(r"\b(" + _UNIT_WORD + r")\b", re.IGNORECASE)
_HOW_MANY_RE = re.compile(r"\bhow\s+many\s+(" + _UNIT_WORD + r")\b", re.IGNORECASE)
_INTO_RE = re.compile(r"\b(?:to|into|in)\s+(" + _UNIT_WORD + r")\b\s*[?.!]?\s*$", re.IGNORECASE)
_CONVERT_CUE = re.compile(r"\b(how\s+many|convert|in|into|to)\b", re.IGNORECASE)


def _unit(word: str) -> tuple[str, str, float] | None:
    """(display name, dimension, factor) of a unit word, plural or abbreviated."""
    key = word.lower()
    candidates = [key]
    if key.endswith("es"):
        candidates.append(key[:-2])
    if key.endswith("s"):
        candidates.append(key[:-1])
    for name in candidates:
        if name in _UNITS:
            dim, factor = _UNITS[name]
            display = _CANONICAL.get(name, name if name.endswith(("s", "feet", "inches")) else name + "s")
            return display, dim, factor
    return None


def solve_conversion(question: str) -> Solution | None:
    """``How many meters are in 3 kilometers?`` / ``Convert 90 minutes to hours``."""
    amounts = _AMOUNT_UNIT_RE.findall(question)
    if len(amounts) != 1 or not _CONVERT_CUE.search(question):
        return None
    amount_text, from_word = amounts[0]
    amount = _number(amount_text)
    source = _unit(from_word)
    target_match = _HOW_MANY_RE.search(question) or _INTO_RE.search(question)
    if amount is None or source is None or target_match is None:
        return None
    target = _unit(target_match.group(1))
    if target is None or target[1] != source[1] or target[0] == source[0]:
        return None
    # a one-letter abbreviation ("in", "s", "t", "d", "h", "g", "l", "m") only counts next to a number
    if len(target_match.group(1)) <= 2 and target_match.re is _INTO_RE and target_match.group(1).lower() == "in":
        return None
    if len(target_match.group(1)) <= 1 and target_match.re is _HOW_MANY_RE:
        return None
    value = amount * source[2] / target[2]
    answer = format_number(value)
    ratio = source[2] / target[2]
    if ratio >= 1:
        text = (f"1 {source[0].rstrip('s') if source[0] != 'feet' else 'foot'} = {format_number(ratio)} {target[0]}, "
                f"so {amount_text} {source[0]} = {amount_text} × {format_number(ratio)} = {answer} {target[0]}. "
                f"The answer is {answer}.")
    else:
        inverse = target[2] / source[2]
        text = (f"1 {target[0].rstrip('s') if target[0] != 'feet' else 'foot'} = {format_number(inverse)} {source[0]}, "
                f"so {amount_text} {source[0]} = {amount_text} / {format_number(inverse)} = {answer} {target[0]}. "
                f"The answer is {answer}.")
    return Solution("conversion", answer, text, detail=f"{amount_text} {source[0]} -> {target[0]}")


# --------------------------------------------------------------------------- letter counting

_QUOTE = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb`"
_LETTER_PATTERNS = (
    re.compile(rf"\bletter\s+[{_QUOTE}]?([a-z])[{_QUOTE}]?\s+(?:appear|occur|is|are|show)\w*\s+(?:\w+\s+){{0,3}}?"
               rf"(?:in|within)\s+(?:the\s+word\s+)?[{_QUOTE}]?([a-z][a-z-]*)[{_QUOTE}]?", re.IGNORECASE),
    re.compile(rf"\bhow\s+many\s+[{_QUOTE}]?([a-z])[{_QUOTE}]?(?:'?s)?\s+(?:letters?\s+)?(?:are\s+|is\s+|does\s+)?"
               rf"(?:there\s+)?(?:in|within)\s+(?:the\s+word\s+)?[{_QUOTE}]?([a-z][a-z-]*)[{_QUOTE}]?", re.IGNORECASE),
    re.compile(rf"\bcount\s+(?:the\s+)?(?:letter\s+)?[{_QUOTE}]?([a-z])[{_QUOTE}]?(?:'?s)?\s+(?:in|within)\s+"
               rf"(?:the\s+word\s+)?[{_QUOTE}]?([a-z][a-z-]*)[{_QUOTE}]?", re.IGNORECASE),
    re.compile(rf"\bhow\s+many\s+(?:times\s+)?(?:does\s+)?(?:the\s+)?(?:letter\s+)?[{_QUOTE}]?([a-z])[{_QUOTE}]?"
               rf"(?:'?s)?\s+(?:appear|occur)\w*\s+(?:in|within)\s+(?:the\s+word\s+)?[{_QUOTE}]?([a-z][a-z-]*)[{_QUOTE}]?",
               re.IGNORECASE),
)


def solve_letters(question: str) -> Solution | None:
    """Count a letter in a word (case-insensitive)."""
    for pattern in _LETTER_PATTERNS:
        match = pattern.search(question)
        if match:
            letter, word = match.group(1).lower(), match.group(2).lower()
            if word in {"the", "a", "an", "word"} or len(word) < 2:
                continue
            count = word.count(letter)
            spelled = "-".join(word)
            positions = ", ".join(str(i + 1) for i, ch in enumerate(word) if ch == letter) or "none"
            return Solution("letters", str(count),
                            f'{spelled}: the letter "{letter}" is at positions {positions}, so it appears '
                            f"{count} times. The answer is {count}.", detail=f"{letter} in {word}")
    return None


# --------------------------------------------------------------------------- comparison

_BIGGER = r"larger|greater|bigger|higher|more|max(?:imum)?"
_SMALLER = r"smaller|less|lower|fewer|min(?:imum)?"
_NUM = r"(-?\d[\d,]*(?:\.\d+)?)"
_WHICH_RE = re.compile(rf"\b(?:which|what)\b[^?]*?\b({_BIGGER}|{_SMALLER})\b[^?\d-]*{_NUM}\s*(?:,|or|and|vs\.?)\s*{_NUM}",
                       re.IGNORECASE)
_IS_RE = re.compile(rf"\bis\s+{_NUM}\s+({_BIGGER}|{_SMALLER})\s+than\s+{_NUM}", re.IGNORECASE)


def solve_comparison(question: str) -> Solution | None:
    """``Which number is larger: 54 or 66?`` -> 66; ``Is 12 greater than 40?`` -> no."""
    match = _IS_RE.search(question)
    if match:
        a, b = _number(match.group(1)), _number(match.group(3))
        if a is None or b is None:
            return None
        bigger = re.fullmatch(_BIGGER, match.group(2), re.IGNORECASE) is not None
        holds = a > b if bigger else a < b
        answer = "yes" if holds else "no"
        relation = "greater" if a > b else "smaller" if a < b else "equal"
        text = f"{'Yes' if holds else 'No'}: {match.group(1)} is {relation} {'to' if relation == 'equal' else 'than'} " \
               f"{match.group(3)}. The answer is {answer}."
        return Solution("comparison", answer, text, detail=match.group(0))
    match = _WHICH_RE.search(question)
    if match:
        a, b = _number(match.group(2)), _number(match.group(3))
        if a is None or b is None or a == b:
            return None
        bigger = re.fullmatch(_BIGGER, match.group(1), re.IGNORECASE) is not None
        pick, other = (match.group(2), match.group(3)) if ((a > b) == bigger) else (match.group(3), match.group(2))
        word = "larger" if bigger else "smaller"
        answer = format_number(_number(pick) or 0.0)
        return Solution("comparison", answer, f"{pick} is {word} than {other}. The answer is {answer}.",
                        detail=match.group(0))
    return None


# --------------------------------------------------------------------------- code with unit tests

_ASSERT_RE = re.compile(r"^[ \t]*assert\b.+$", re.MULTILINE)
_FENCE_RE = re.compile(r"```(?:python|py)?\s*\n(.*?)```", re.DOTALL | re.IGNORECASE)


def extract_tests(question: str) -> list[str]:
    """``assert`` lines the question carries (its unit tests)."""
    return [line.strip() for line in _ASSERT_RE.findall(question or "")]


def extract_code(text: str) -> str | None:
    """The candidate's Python code: its fenced blocks, else the text if it defines something."""
    blocks = _FENCE_RE.findall(text or "")
    if blocks:
        return "\n\n".join(block.strip("\n") for block in blocks)
    if re.search(r"^\s*(def|class)\s+\w+", text or "", re.MULTILINE):
        return text
    return None


def run_unit_tests(code: str, tests: Sequence[str], timeout: float = CODE_TIMEOUT_S) -> tuple[bool, str]:
    """Run ``code`` then ``tests`` in an isolated interpreter (``-I``, empty temp folder, timeout).

    Returns ``(passed, message)``. This is a test harness, not a sandbox: it runs code a model wrote
    with the user's permissions, so the reason graph only uses it when a question carries tests.
    """
    if not tests:
        return False, "no tests"
    program = f"{code}\n\n" + "\n".join(tests) + "\nprint('__all_tests_passed__')\n"
    with tempfile.TemporaryDirectory() as folder:
        try:
            done = subprocess.run(
                [sys.executable, "-I", "-c", program], cwd=folder, capture_output=True, text=True, timeout=timeout,
                env={"PATH": os.environ.get("PATH", ""), "PYTHONHASHSEED": "0"},
            )
        except subprocess.TimeoutExpired:
            return False, f"timed out after {timeout:g}s"
    if done.returncode == 0 and "__all_tests_passed__" in done.stdout:
        return True, "all tests passed"
    last = (done.stderr.strip().splitlines() or ["failed"])[-1]
    return False, last[:200]


# --------------------------------------------------------------------------- the public API

SOLVERS = (solve_letters, solve_conversion, solve_comparison, solve_arithmetic)


def solve(question: str | None) -> Solution | None:
    """The exact answer when the question is one a checker can compute; else ``None``."""
    if not question or not question.strip():
        return None
    text = question[:MAX_QUESTION_CHARS]
    if extract_tests(text):
        return None  # a coding task: candidates are checked by running its tests, not solved here
    for solver in SOLVERS:
        solution = solver(text)
        if solution is not None:
            return solution
    return None


_FINAL_RE = re.compile(r"(?:\\boxed\{([^{}]+)\}|answer\s*(?:is|:|=)\s*\**\s*([^\n]+?)\s*(?:\.\s|\.?$|\n))", re.IGNORECASE)
_YES_NO_RE = re.compile(r"\b(yes|no)\b", re.IGNORECASE)
_ANY_NUMBER_RE = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


def stated_answer(solution: Solution, text: str | None) -> str | None:
    """What ``text`` gives as its final answer, in the solution's canonical form (None if unclear).

    Strict on purpose: an explicit "answer is X" / ``\\boxed{X}`` wins; otherwise the last number
    (yes/no questions: the first yes/no). Misreading a right answer only costs a checker candidate;
    misreading a wrong one as right would cost the reply.
    """
    if not text or not text.strip():
        return None
    explicit = _FINAL_RE.findall(text)
    tail = next((group for group in explicit[-1] if group), "") if explicit else ""
    if solution.answer in {"yes", "no"}:
        found = _YES_NO_RE.search(tail) or _YES_NO_RE.search(text)
        return found.group(1).lower() if found else None
    numbers = _ANY_NUMBER_RE.findall(tail) or _ANY_NUMBER_RE.findall(text)
    if not numbers:
        return None
    value = _number(numbers[-1] if not tail else numbers[0])
    return None if value is None else format_number(value)


def agrees(solution: Solution, text: str | None) -> bool:
    """True when ``text`` states the checked answer."""
    got = stated_answer(solution, text)
    if got is None:
        return False
    if solution.answer in {"yes", "no"}:
        return got == solution.answer
    want, have = _number(solution.answer), _number(got)
    return want is not None and have is not None and math.isclose(want, have, rel_tol=1e-6, abs_tol=1e-6)


def check_candidates(question: str | None, candidates: Sequence[Mapping[str, Any]],
                     solution: Solution | None = None) -> list[bool | None]:
    """Per candidate: True/False when a checker can tell, None when it cannot."""
    tests = extract_tests(question or "")
    if tests:
        results: list[bool | None] = []
        for candidate in candidates:
            code = extract_code(str(candidate.get("text") or ""))
            results.append(run_unit_tests(code, tests)[0] if code else False)
        return results
    solution = solution if solution is not None else solve(question)
    if solution is None:
        return [None] * len(candidates)
    return [agrees(solution, str(candidate.get("text") or "")) for candidate in candidates]


def can_check(question: str | None) -> bool:
    """Whether some checker applies to the question (it is solvable, or it carries tests)."""
    return bool(question) and (bool(extract_tests(question or "")) or solve(question) is not None)
