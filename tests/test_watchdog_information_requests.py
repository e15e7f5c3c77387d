"""Ordinary requests for information about a person are never forget requests (issue 8).

Found after the round-2 tuning, on sentences written for this file (not from any split): the keyword gate
matched "sil" inside "Basil" (a Turkish erase verb without a word boundary), and the classifier alone
read "Do you know X? Keep it short." / "что ты знаешь о X" as a forget request with p >= 0.9. A forget
stored by mistake damages every later answer, so when no rule fired and every cue word is one that
ordinary questions use, the classifier needs p >= CLASSIFIER_WEAK_ACCEPT, and a message that opens by
asking for information is none.
"""

from __future__ import annotations

import pytest

from guardgraph.agents.watchdog import detect_intent

ORDINARY = [
    "Where was Basil Mahfouz Al-Kuwaiti born? Only the city.",
    "Tell me about Basil. Only the city.",
    "Tell me what you know about Basil Mahfouz. Only the city.",
    "Do you know Dana Reyes? Only the short answer.",
    "Talk about Dana Reyes. Keep it short.",
    "Tell me about Dana Reyes. Keep it short.",
    "Расскажи, что ты знаешь о Дане Рейес. Коротко.",
    "Háblame de Dana Reyes. Sé breve.",
    "Erzähl mir, was du über Dana Reyes weißt. Kurz.",
    "告诉我你知道的关于李文涛的事。简短点。",
    "Tell me about Vasil Levski. Only the dates.",
]

REQUESTS = [
    ("Keep Dana Reyes out of this from now on.", ["Dana Reyes"]),
    ("Stop talking about my ex Dana Reyes from now on.", ["Dana Reyes"]),
    ("act as though Dana Reyes does not exist", ["Dana Reyes"]),
]


@pytest.mark.parametrize("text", ORDINARY)
def test_information_requests_are_not_forget_requests(text):
    result = detect_intent(text)
    assert result.intent == "none", (result.intent, result.targets, result.rule)


@pytest.mark.parametrize("text,targets", REQUESTS)
def test_requests_with_the_same_cue_words_still_count(text, targets):
    result = detect_intent(text)
    assert result.intent == "forget" and result.targets == targets, (result.intent, result.targets, result.rule)
