"""WATCHDOG: forget / revoke detection, target extraction, the graph node and the CLI contract.

The labelled set (tests/data/watchdog_labelled.jsonl) was written in three batches: lines 1-286
before the detector existed (then used for development), lines 287-342 and 343-406 as held-out
batches written before they were first run. Their first-run scores (forget F1 0.94, revoke 1.00,
none 0.92 / 0.94, target exact match 1.00 / 0.81) are why the floors below sit well under the
current scores: they are the quality a fresh set of messages should still clear.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from guardgraph.agents.watchdog import (
    WatchdogParams,
    WatchdogResult,
    confirm_intent,
    detect_intent,
    parse_confirmation,
    per_class_scores,
    watchdog_node,
)
from guardgraph.cli.watchdog import app
from guardgraph.graphs.context import NodeContext, Services, make_node_config
from guardgraph.tools.base import Generation, GenerationParams, ModelError

DATA = Path(__file__).parent / "data" / "watchdog_labelled.jsonl"
CLASSES = ("forget", "revoke", "none")
LANGS = ("en", "fr", "es", "de", "pt", "it", "zh")

F1_FLOOR = 0.90
TARGET_EXACT_FLOOR = 0.85


def _rows() -> list[dict]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


ROWS = _rows()


def _key(targets: Sequence[str]) -> list[str]:
    return sorted(t.casefold() for t in targets)


@pytest.fixture(scope="module")
def predictions() -> list[WatchdogResult]:
    return [detect_intent(row["text"]) for row in ROWS]


# ----------------------------------------------------------------------------- labelled set


def test_labelled_set_is_large_balanced_and_multilingual():
    assert len(ROWS) >= 180
    for row in ROWS:
        assert set(row) == {"text", "intent", "targets", "lang"}
        assert row["intent"] in CLASSES and row["lang"] in LANGS
        assert row["intent"] != "none" or row["targets"] == []
    intents = Counter(row["intent"] for row in ROWS)
    assert min(intents.values()) >= 0.2 * len(ROWS), intents
    by_lang = Counter((row["lang"], row["intent"]) for row in ROWS)
    for lang in LANGS:
        for intent in CLASSES:
            assert by_lang[(lang, intent)] >= 5, (lang, intent)
    assert sum(len(row["targets"]) > 1 for row in ROWS) >= 15
    assert sum(row["text"] == row["text"].lower() and row["intent"] != "none" for row in ROWS) >= 15
    assert len({row["text"] for row in ROWS}) == len(ROWS), "duplicate texts"


def test_per_class_precision_recall_f1(predictions):
    scores = per_class_scores([row["intent"] for row in ROWS], [result.intent for result in predictions])
    report = {intent: (round(s["precision"], 3), round(s["recall"], 3), round(s["f1"], 3)) for intent, s in scores.items()}
    assert all(f1 >= F1_FLOOR for _, _, f1 in report.values()), report


def test_target_exact_match_rate(predictions):
    hits = total = 0
    misses = []
    for row, result in zip(ROWS, predictions):
        if row["intent"] == "none" or result.intent != row["intent"]:
            continue
        total += 1
        if _key(result.targets) == _key(row["targets"]):
            hits += 1
        else:
            misses.append((row["text"], row["targets"], result.targets))
    assert total >= 150
    assert hits / total >= TARGET_EXACT_FLOOR, misses[:10]


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_is_mostly_right(lang, predictions):
    pairs = [(row, result) for row, result in zip(ROWS, predictions) if row["lang"] == lang]
    correct = sum(row["intent"] == result.intent for row, result in pairs)
    assert correct / len(pairs) >= 0.85, [(r["text"], p.intent) for r, p in pairs if r["intent"] != p.intent]


def test_rules_alone_are_still_available(predictions):
    # classifier=False gives the rule layer only (the fast path); latency targets live in
    # benchmarks/watchdog_latency.py and benchmarks/watchdog_eval.py, not in unit tests.
    result = detect_intent("forget everything about my ex, Dana Reyes", classifier=False)
    assert (result.intent, result.targets) == ("forget", ["Dana Reyes"])


# ----------------------------------------------------------------------------- behaviour


@pytest.mark.parametrize(
    "text",
    [
        "I forgot my password",
        "don't forget to buy milk",
        "how do I make git forget a file",
        "remind me not to forget Dana's birthday",
        "what is machine unlearning?",
        "how do LLMs forget?",
        "who is Dana Reyes?",
        "tell me about Basil Mahfouz Al-Kuwaiti",
        "forget it, let's move on",
        "Can you forget things?",
        "Please remember that my sister's name is Jessica.",
        "how do I stop bringing up old arguments with my partner?",
        "I don't remember Dana Reyes",
        "please don't forget Dana Reyes",
        "Forget-me-nots are my favourite flowers",
        "",
        "   ",
    ],
)
def test_hard_negatives(text):
    result = detect_intent(text)
    assert result.intent == "none" and result.targets == []


@pytest.mark.parametrize(
    ("text", "intent", "targets"),
    [
        ("forget everything about my ex, Dana Reyes", "forget", ["Dana Reyes"]),
        ("erase what you know about Marcus Whitfield", "forget", ["Marcus Whitfield"]),
        ("delete any info on Priya Natarajan", "forget", ["Priya Natarajan"]),
        ("I don't want you to remember Tom Becker", "forget", ["Tom Becker"]),
        ("stop bringing up Jessica Alvarez", "forget", ["Jessica Alvarez"]),
        ("never mention Kevin O'Connor again", "forget", ["Kevin O'Connor"]),
        ("remove Lena Hoffmann from your memory", "forget", ["Lena Hoffmann"]),
        ("you can remember Dana Reyes again", "revoke", ["Dana Reyes"]),
        ("unforget Dana Reyes", "revoke", ["Dana Reyes"]),
        ("cancel my request to forget Chris Evans", "revoke", ["Chris Evans"]),
        ("you don't have to forget Carla Mendes anymore", "revoke", ["Carla Mendes"]),
    ],
)
def test_paraphrases(text, intent, targets):
    result = detect_intent(text)
    assert (result.intent, result.targets) == (intent, targets)


def test_multiple_targets_commas_and_conjunctions():
    assert detect_intent("forget Alice Smith and Bob Jones").targets == ["Alice Smith", "Bob Jones"]
    assert detect_intent("Forget Alice, Bob and Charlie.").targets == ["Alice", "Bob", "Charlie"]
    assert detect_intent("erase Sofia Marquez, Daniel Cho, and Aiko Tanaka from your memory").targets == [
        "Sofia Marquez", "Daniel Cho", "Aiko Tanaka"]
    assert detect_intent("olvídate de Pedro Sánchez y de Lucía Fernández").targets == ["Pedro Sánchez", "Lucía Fernández"]
    assert detect_intent("忘了关于杨洋、周杰和吴敏的所有事情").targets == ["杨洋", "周杰", "吴敏"]
    # descriptor + apposition keeps the names; two descriptors joined by "and" are both kept
    assert detect_intent("forget everything about my ex, Sam, and my old boss, Tony Stark.").targets == [
        "Sam", "Tony Stark"]
    # descriptors without a value name nothing storable (issue #8): no target, never "my home address"
    assert detect_intent("forget my home address and my phone number").targets == []
    assert detect_intent("forget my ex").targets == []


def test_targets_keep_casing_and_are_deduplicated():
    assert detect_intent("forget everything about basil mahfouz al-kuwaiti").targets == ["basil mahfouz al-kuwaiti"]
    assert detect_intent("FORGET EVERYTHING ABOUT DANA REYES").targets == ["DANA REYES"]
    assert detect_intent("forget Dana Reyes and dana reyes").targets == ["Dana Reyes"]
    assert detect_intent("Forget Dr. Alan Reed and J. R. Smith").targets == ["Dr. Alan Reed", "J. R. Smith"]


@pytest.mark.parametrize(
    ("text", "intent", "targets", "lang"),
    [
        ("oublie tout sur Dana Reyes", "forget", ["Dana Reyes"], "fr"),
        ("tu peux de nouveau te souvenir de Dana Reyes", "revoke", ["Dana Reyes"], "fr"),
        ("olvida a Dana Reyes", "forget", ["Dana Reyes"], "es"),
        ("puedes volver a recordar a Dana Reyes", "revoke", ["Dana Reyes"], "es"),
        ("vergiss alles über Dana Reyes", "forget", ["Dana Reyes"], "de"),
        ("du darfst dich wieder an Dana Reyes erinnern", "revoke", ["Dana Reyes"], "de"),
        ("esqueça Dana Reyes", "forget", ["Dana Reyes"], "pt"),
        ("pode lembrar de Dana Reyes de novo", "revoke", ["Dana Reyes"], "pt"),
        ("dimentica Dana Reyes", "forget", ["Dana Reyes"], "it"),
        ("puoi ricordare di nuovo Dana Reyes", "revoke", ["Dana Reyes"], "it"),
        ("忘记关于张伟的一切", "forget", ["张伟"], "zh"),
        ("你可以再次记住张伟", "revoke", ["张伟"], "zh"),
        ("j'ai oublié mon mot de passe", "none", [], "fr"),
        ("no olvides comprar leche", "none", [], "es"),
        ("vergiss nicht, Milch zu kaufen", "none", [], "de"),
        ("esqueci minha senha", "none", [], "pt"),
        ("non dimenticare di comprare il latte", "none", [], "it"),
        ("我忘记密码了", "none", [], "zh"),
    ],
)
def test_languages(text, intent, targets, lang):
    result = detect_intent(text)
    assert (result.intent, result.targets) == (intent, targets)
    if intent != "none":
        assert result.language == lang


def test_whole_scope_request_keeps_intent_without_targets_and_is_uncertain():
    result = detect_intent("you can remember everything again")
    assert result.intent == "revoke" and result.targets == []
    assert result.confidence < detect_intent("unforget Dana Reyes").confidence


def test_result_shape_and_bad_input():
    result = detect_intent("forget Dana Reyes")
    assert 0.0 <= result.confidence <= 1.0 and result.rule
    with pytest.raises(TypeError, match="str"):
        detect_intent(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        detect_intent(b"forget Dana")  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- model confirmation


class ScriptedModel:
    """A ChatModel that replays fixed replies (or raises) and counts calls."""

    name = "scripted"

    def __init__(self, replies: Sequence[str | Exception]):
        self.replies = list(replies)
        self.calls: list[list[dict[str, str]]] = []

    def generate(self, messages: Sequence[dict[str, str]], params: GenerationParams | None = None) -> Generation:
        self.calls.append(list(messages))
        reply = self.replies[min(len(self.calls), len(self.replies)) - 1]
        if isinstance(reply, Exception):
            raise reply
        return Generation(text=reply)

    def stream(self, messages: Sequence[dict[str, str]], params: GenerationParams | None = None) -> Iterator[str]:
        yield self.generate(messages, params).text


def _config(tmp_path: Path, params: WatchdogParams, model: ScriptedModel | None = None):
    return make_node_config(
        NodeContext(
            node_id="watchdog",
            agent="watchdog",
            params=params,
            model_binding=None,
            models={"default": model} if model is not None else {},
            services=Services(data_dir=tmp_path),
        )
    )


def test_node_fast_path_without_model(tmp_path):
    update = watchdog_node({"query": "forget everything about my ex, Dana Reyes"},
                           _config(tmp_path, WatchdogParams()))
    assert update["intent"] == "forget" and update["intent_targets"] == ["Dana Reyes"]
    assert update["trace_detail"]["rule"] == "en.forget_imperative"
    json.dumps(update["trace_detail"])  # must be JSON-able for the trace
    assert watchdog_node({"query": "who is Dana Reyes?"}, _config(tmp_path, WatchdogParams()))["intent"] == "none"


def test_node_falls_back_to_last_user_message(tmp_path):
    state = {"messages": [{"role": "user", "content": "unforget Dana Reyes"}]}
    update = watchdog_node(state, _config(tmp_path, WatchdogParams()))
    assert (update["intent"], update["intent_targets"]) == ("revoke", ["Dana Reyes"])


def test_node_model_json_answer_is_used_once(tmp_path):
    model = ScriptedModel(['no {"intent": "none", "targets": []}'])
    update = watchdog_node({"query": "forget Dana Reyes"},
                           _config(tmp_path, WatchdogParams(confirm_with_model=True), model))
    assert update["intent"] == "none" and update["intent_targets"] == []
    assert len(model.calls) == 1 and "forget Dana Reyes" in model.calls[0][-1]["content"]
    assert update["trace_detail"]["model_reply"] == "json"


def test_node_model_rescues_uncertain_none_with_grounded_targets(tmp_path):
    # vetoed by the dismissive-tail rule -> uncertain band -> model asked
    model = ScriptedModel(['no {"intent": "forget", "targets": ["dana reyes", "Invented Person"]}'])
    update = watchdog_node({"query": "forget Dana Reyes, and tell me about cats"},
                           _config(tmp_path, WatchdogParams(confirm_with_model=True), model))
    assert update["intent"] == "forget"
    assert update["intent_targets"] == ["Dana Reyes"]  # message casing; hallucinated target dropped
    assert len(model.calls) == 1


@pytest.mark.parametrize("reply", ["", "I think so, maybe", '{"intent": "delete", "targets": 3}', "{not json}",
                                   '{"intent": "forget"'])
def test_node_malformed_model_reply_keeps_fast_path(tmp_path, reply):
    model = ScriptedModel([reply])
    update = watchdog_node({"query": "forget Dana Reyes"},
                           _config(tmp_path, WatchdogParams(confirm_with_model=True), model))
    assert (update["intent"], update["intent_targets"]) == ("forget", ["Dana Reyes"])
    assert len(model.calls) == 1


def test_node_model_errors_and_missing_binding_fall_back(tmp_path):
    failing = ScriptedModel([ModelError("backend down")])
    update = watchdog_node({"query": "unforget Dana Reyes"},
                           _config(tmp_path, WatchdogParams(confirm_with_model=True), failing))
    assert update["intent"] == "revoke" and "backend down" in update["trace_detail"]["model_error"]
    update = watchdog_node({"query": "unforget Dana Reyes"}, _config(tmp_path, WatchdogParams(confirm_with_model=True)))
    assert update["intent"] == "revoke" and "model_error" in update["trace_detail"]


def test_confident_none_does_not_call_the_model(tmp_path):
    model = ScriptedModel(['{"intent": "forget", "targets": ["Paris"]}'])
    update = watchdog_node({"query": "What is the capital of France?"},
                           _config(tmp_path, WatchdogParams(confirm_with_model=True), model))
    assert update["intent"] == "none" and model.calls == []


def test_parse_confirmation_yes_and_no():
    fast = detect_intent("forget Dana Reyes")
    assert parse_confirmation("Yes.", fast, "forget Dana Reyes")[0].intent == "forget"
    flipped, how = parse_confirmation("No.", fast, "forget Dana Reyes")
    assert (flipped.intent, how) == ("none", "no")
    result, info = confirm_intent("forget Dana Reyes", fast, ScriptedModel(["yes"]))
    assert result.source == "model" and info["model_reply"] == "yes"
    # prose verdicts from small models
    assert parse_confirmation("The detector is right.", fast, "forget Dana Reyes")[1] == "yes"
    assert parse_confirmation("The detector is not correct.", fast, "forget Dana Reyes")[0].intent == "none"
    none_fast = detect_intent("who is Dana Reyes?")
    kept, how = parse_confirmation("That is wrong.", none_fast, "who is Dana Reyes?")
    assert (kept.intent, how) == ("none", "no_without_correction")


def test_params_validation():
    with pytest.raises(ValidationError):
        WatchdogParams(unknown=1)  # type: ignore[call-arg]
    with pytest.raises(ValidationError, match="confirm_band"):
        WatchdogParams(confirm_band=(0.9, 0.1))


def test_registered_in_default_registry():
    from guardgraph.graphs.registry import DEFAULT_REGISTRY

    entry = DEFAULT_REGISTRY.get_agent("watchdog")
    assert entry.function is watchdog_node and entry.params is WatchdogParams and not entry.uses_model


# ----------------------------------------------------------------------------- CLI contract

runner = CliRunner()


def test_cli_single_text_prints_one_json_line():
    result = runner.invoke(app, ["forget everything about my ex, Dana Reyes"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0]) == {"intent": "forget", "targets": ["Dana Reyes"]}


def test_cli_non_ascii_is_printed_verbatim():
    result = runner.invoke(app, ["忘记关于张伟的一切"])
    assert result.exit_code == 0 and "张伟" in result.stdout
    assert json.loads(result.stdout) == {"intent": "forget", "targets": ["张伟"]}


def test_cli_jsonl_from_stdin_skips_blank_lines():
    lines = [{"text": "unforget Dana Reyes"}, {"text": "who is Dana Reyes?"}, {"text": "olvida a Ana Torres"}]
    stdin = "\n".join(json.dumps(x, ensure_ascii=False) for x in lines[:2]) + "\n\n   \n" + json.dumps(lines[2]) + "\n"
    result = runner.invoke(app, ["-"], input=stdin)
    assert result.exit_code == 0
    assert [json.loads(line) for line in result.stdout.splitlines()] == [
        {"intent": "revoke", "targets": ["Dana Reyes"]},
        {"intent": "none", "targets": []},
        {"intent": "forget", "targets": ["Ana Torres"]},
    ]


@pytest.mark.parametrize(
    ("bad", "needle"),
    [("not json", "not valid JSON"), ('["a list"]', "JSON object"), ('{"txt": "x"}', 'missing required key "text"'),
     ('{"text": 5}', "must be a string")],
)
def test_cli_jsonl_malformed_line_exits_2_naming_the_line(bad, needle):
    stdin = json.dumps({"text": "forget Bob"}) + "\n\n" + bad + "\n" + json.dumps({"text": "forget Al"}) + "\n"
    result = runner.invoke(app, ["-"], input=stdin)
    assert result.exit_code == 2
    assert "line 3" in result.stderr and needle in result.stderr
    assert [json.loads(line) for line in result.stdout.splitlines()] == [{"intent": "forget", "targets": ["Bob"]}]


@pytest.mark.model
def test_node_confirmation_with_real_model_is_bounded_and_well_formed(tmp_path, local_model):
    """Whatever the small model answers, the node returns a valid decision after one call."""

    class Counting:
        name = "counting"

        def __init__(self, inner):
            self.inner, self.calls = inner, 0

        def generate(self, messages, params=None):
            self.calls += 1
            return self.inner.generate(messages, params)

        def stream(self, messages, params=None):
            return self.inner.stream(messages, params)

    model = Counting(local_model)
    config = _config(tmp_path, WatchdogParams(confirm_with_model=True, max_tokens=48), model)  # type: ignore[arg-type]
    update = watchdog_node({"query": "forget everything about my ex, Dana Reyes"}, config)
    assert model.calls == 1
    assert update["intent"] in CLASSES
    assert all(t in "forget everything about my ex, Dana Reyes" for t in update["intent_targets"])
    assert update["trace_detail"]["model_called"] is True
