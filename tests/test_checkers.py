"""Exact checkers (agents/checkers.py): what they solve, what they refuse, and hostile input."""

from __future__ import annotations

import pytest

from guardgraph.agents.checkers import (
    agrees,
    can_check,
    check_candidates,
    extract_code,
    extract_tests,
    run_unit_tests,
    solve,
)


@pytest.mark.parametrize("question, kind, answer", [
    ("What is 12 + 30?", "arithmetic", "42"),
    ("what's 7 times 8", "arithmetic", "56"),
    ("Combien font 12 + 30 ?", "arithmetic", "42"),            # other languages: digits and operators
    ("¿Cuánto es 9 x 9?", "arithmetic", "81"),
    ("Wie viel ist 100 ÷ 8?", "arithmetic", "12.5"),
    ("Compute (3 + 4) * 2.", "arithmetic", "14"),
    ("What is 1,200 + 30?", "arithmetic", "1230"),
    ("What is 15% of 80?", "arithmetic", "12"),
    ("What is 2 ** 10?", "arithmetic", "1024"),
    ("How many meters are in 3 kilometers?", "conversion", "3000"),
    ("Convert 90 minutes to hours", "conversion", "1.5"),
    ("How many grams are in 2.5 kg?", "conversion", "2500"),
    ("How many r's in strawberry?", "letters", "3"),
    ('How many times does the letter "s" appear in the word "Mississippi"?', "letters", "4"),
    ("Count the letter e in bookkeeper", "letters", "3"),
    ("Which number is larger: 54 or 66?", "comparison", "66"),
    ("Which is smaller, 54 or 66?", "comparison", "54"),
    ("Is 12 greater than 40? Answer yes or no.", "comparison", "no"),
])
def test_solves_what_can_be_computed(question, kind, answer):
    solution = solve(question)
    assert solution is not None and (solution.kind, solution.answer) == (kind, answer)
    assert solution.text.endswith(f"The answer is {answer}.")
    assert agrees(solution, solution.text)


@pytest.mark.parametrize("question", [
    "Tom has 5 apples and gets 3 more. How many does he have?",  # a word problem: the model's job
    "Read pages 10-20 of the book.",                             # a range, not a subtraction
    "What is the capital of France?",
    "What is 3 + 4 and what is 5 + 6?",                          # two expressions: ambiguous
    "What is 1 / 0?",
    "What is 9 ** 99999?",                                        # refused, not computed
    "",
    "   ",
    "\x00\x01\x02 12 + \x07",
    "1" * 10_000 + " + 1",
])
def test_refuses_rather_than_guesses(question):
    assert solve(question) is None


def test_huge_and_hostile_input_is_bounded():
    assert solve("What is 2 + 2? " + "x" * 100_000) is not None  # only the first 4000 characters are read
    assert solve("__import__('os').system('echo hi') + 1") is None  # never evaluated as Python


def test_agreement_is_strict_about_the_stated_answer():
    solution = solve("What is 12 + 30?")
    assert not agrees(solution, "12 + 30 = 32 + 30 = 36, which is the result of 12 + 30.")
    assert agrees(solution, "12 + 30 = 42")
    assert agrees(solution, "The answer is 42.")
    assert not agrees(solution, "The answer is 42.5.")
    assert not agrees(solution, "")
    yes_no = solve("Is 12 greater than 40?")
    assert agrees(yes_no, "No, 12 is smaller.") and not agrees(yes_no, "Yes it is.")


def test_code_candidates_are_run_against_the_question_tests():
    question = "Write add(a, b).\nassert add(1, 2) == 3\nassert add(2, 2) == 4"
    assert extract_tests(question) == ["assert add(1, 2) == 3", "assert add(2, 2) == 4"]
    assert solve(question) is None and can_check(question)
    candidates = [
        {"text": "```python\ndef add(a, b):\n    return a + b\n```"},
        {"text": "def add(a, b): return a - b"},
        {"text": "I do not know."},
        {"text": "```python\nwhile True:\n    pass\n```"},
    ]
    assert extract_code(candidates[2]["text"]) is None
    verdicts = check_candidates(question, candidates)
    assert verdicts == [True, False, False, False]
    passed, message = run_unit_tests("import time\ntime.sleep(5)", ["assert True"], timeout=0.5)
    assert not passed and "timed out" in message
