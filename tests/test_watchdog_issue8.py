"""Issue #8 regressions: every example quoted in the issue, clean targets, common words, bad input,
and a forget_update confirmation that says what really happened (names the target, undo, tenant revoke).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from guardgraph.agents.forget_memory import ForgetUpdateParams, forget_update
from guardgraph.agents.watchdog import (
    MAX_ANALYSED_CHARS,
    MAX_FOCUS_CHARS,
    MAX_FOCUS_SENTENCES,
    MAX_MESSAGE_CHARS,
    _focus,
    _normalise,
    detect_intent,
)
from guardgraph.graphs.context import NodeContext, Services, make_node_config
from guardgraph.memory.common_words import COMMON_ZIPF, is_common, only_common_words
from guardgraph.memory.embeddings import load_embedder
from guardgraph.memory.forget_registry import ForgetRegistry
from guardgraph.memory.forget_store import Scope


def _fold(targets) -> list[str]:
    return sorted(" ".join(t.casefold().split()) for t in targets)


# ----------------------------------------------------------------------------- missed requests

MISSED = [
    ("hey, can u forget kalkidan abera pls", ["kalkidan abera"]),
    ("You must never again reveal my phone number 555-0142 to anyone.", ["555-0142"]),
    ("Under GDPR article 17 I request erasure of my personal data: my name is Tomasz Wójcik.", ["Tomasz Wójcik"]),
    ("Act as though the novel 'The Glass Orchard' does not exist.", ["The Glass Orchard"]),
    ("I'd like my medical diagnosis (type 1 diabetes) wiped from whatever you remember about me.", ["type 1 diabetes"]),
]


@pytest.mark.parametrize(("text", "targets"), MISSED)
def test_issue_missed_requests_are_caught_with_the_concrete_target(text, targets):
    result = detect_intent(text)
    assert result.intent == "forget", result
    assert _fold(result.targets) == _fold(targets), result


# ----------------------------------------------------------------------------- false forgets

FALSE_FORGETS = [
    "Stop talking about the weather and answer my question.",
    "Forget it, never mind. What's a good name for a cat?",
    "Can you forget about formatting and just give me plain text from now on?",
    "Oublie pas d'acheter du pain, c'est ce que ma mère dit toujours — comment le traduire ?",
]


@pytest.mark.parametrize("text", FALSE_FORGETS)
def test_issue_false_forgets_are_not_requests(text):
    result = detect_intent(text)
    assert result.intent == "none", result
    assert result.targets == []


# ----------------------------------------------------------------------------- dirty targets

DIRTY = [
    ("Forget everything about the author Nikolai Abilov.", ["Nikolai Abilov"]),
    ("Please remove Dana Reyes from your responses, she asked to be left out.", ["Dana Reyes"]),
    ("Forget Hina Ameen, Xin Lee Williams - both of them.", ["Hina Ameen", "Xin Lee Williams"]),
    ("Never mention Halvorsen Logistics in any answer.", ["Halvorsen Logistics"]),
    ("Forget my home address, 14 Larkspur Lane, Duluth.", ["14 Larkspur Lane, Duluth"]),
    ("I no longer want you to know where I work. It's Quintel Labs.", ["Quintel Labs"]),
    ("Vergiss die Firma Kessler Bau GmbH.", ["Kessler Bau GmbH"]),
    ("Esqueça o que te disse sobre o meu irmão João Batista.", ["João Batista"]),
    ("Forget about my ex Carmen Montenegro, she hurt me.", ["Carmen Montenegro"]),
]


@pytest.mark.parametrize(("text", "targets"), DIRTY)
def test_issue_targets_are_clean(text, targets):
    result = detect_intent(text)
    assert result.intent == "forget", result
    assert _fold(result.targets) == _fold(targets), result


JUNK_WORDS = {"responses", "answer", "future", "replies", "mention", "still", "boss", "exists", "both", "them",
              "again", "author", "firma", "she", "hurt"}


@pytest.mark.parametrize("text", [t for t, _ in DIRTY + MISSED] + [
    "Stop bringing up my boss Gregor Lindqvist.",
    "Please forget that Wilhelmina Strand still exists.",
    "Don't mention Quintel Labs in future replies.",
])
def test_no_junk_word_ever_becomes_a_target_word(text):
    words = {w.strip(".,'\"").casefold() for t in detect_intent(text).targets for w in t.split()}
    assert not words & JUNK_WORDS, (text, words & JUNK_WORDS)


def test_role_nouns_possessives_and_lists_in_new_phrasings():
    assert detect_intent("Stop bringing up my boss Gregor Lindqvist.").targets == ["Gregor Lindqvist"]
    assert detect_intent("Please forget that Wilhelmina Strand still exists.").targets == ["Wilhelmina Strand"]
    assert _fold(detect_intent("forget Ana Lima and Rui Costa, both of them").targets) == ["ana lima", "rui costa"]
    assert detect_intent("Never bring up the codename Bluebird again.").targets == ["Bluebird"]
    assert detect_intent("Please delete my email jane.doe@example.org from your memory.").targets == [
        "jane.doe@example.org"]


# ----------------------------------------------------------------------------- other languages

@pytest.mark.parametrize(("text", "intent", "targets"), [
    ("Oublie tout ce que tu sais sur Camille Dubois.", "forget", ["Camille Dubois"]),
    ("Olvida todo lo que sabes sobre Lucía Fernández.", "forget", ["Lucía Fernández"]),
    ("Vergiss alles über Jürgen Hoffmann.", "forget", ["Jürgen Hoffmann"]),
    ("Dimentica tutto quello che sai su Giulia Romano.", "forget", ["Giulia Romano"]),
    ("请忘记张伟。", "forget", ["张伟"]),
    ("田中太郎のことは忘れてください。", "forget", ["田中太郎"]),
    ("Забудь Иван Петров, пожалуйста.", "forget", ["Иван Петров"]),
    ("انسَ كل ما تعرفه عن أحمد المنصوري.", "forget", ["أحمد المنصوري"]),
    ("राहुल शर्मा के बारे में सब कुछ भूल जाओ।", "forget", ["राहुल शर्मा"]),
    ("Tu peux de nouveau parler de Camille Dubois.", "revoke", ["Camille Dubois"]),
    ("Не забудь купить молоко.", "none", []),
    ("别忘了买牛奶。", "none", []),
])
def test_languages(text, intent, targets):
    result = detect_intent(text)
    assert result.intent == intent, result
    assert _fold(result.targets) == _fold(targets), result


# ----------------------------------------------------------------------------- common words

def test_common_words_module():
    assert COMMON_ZIPF == 4.0
    assert is_common("weather") and is_common("answer") and is_common("responses")
    assert not is_common("Kalkidan") and not is_common("555-0142") and not is_common("a@b.co")
    for target in ("the weather", "never mind", "answer my question", "plain text from now on", "天气"):
        assert only_common_words(target), target
    for target in ("Dana Reyes", "Paris", "The Glass Orchard", "555-0142", "kalkidan abera", "张伟",
                   "Jürgen Hoffmann", "राहुल शर्मा"):
        assert not only_common_words(target), target


@pytest.mark.parametrize("text", ["forget the weather", "Forget never mind", "please forget my answers",
                                  "don't mention the future again", "Vergiss das Wetter."])
def test_common_word_only_target_is_never_returned(text):
    result = detect_intent(text)
    assert not any(only_common_words(t) for t in result.targets), result
    assert result.intent != "forget" or result.targets == [] or all(not only_common_words(t) for t in result.targets)


# ----------------------------------------------------------------------------- bad input

BAD = ["", "   ", "\x00\x01\x02", "forget \x00Dana\x07 Reyes", "😀" * 500, "x" * 100_000, "forget " + "Dana " * 20_000,
       "Забудь 张伟 and وداعا 🙂 " * 50, "\u202eforget Dana Reyes\u202c", "\n\n\t\r", "?" * 5000]


@pytest.mark.parametrize("text", BAD, ids=[f"bad{i}" for i in range(len(BAD))])
def test_bad_input_gets_a_clear_result_quickly(text):
    detect_intent("warm up")
    start = time.perf_counter()
    result = detect_intent(text)
    elapsed = time.perf_counter() - start
    assert result.intent in ("forget", "revoke", "none")
    assert all(isinstance(t, str) and t.strip() and len(t) < 500 for t in result.targets)
    # Generous (CI machines are shared): the < 50 ms target is measured by benchmarks/watchdog_latency.py.
    # What keeps it bounded is structural: at most MAX_ANALYSED_CHARS-sized focus text reaches rules/encoder.
    assert elapsed < 15.0
    assert len(_focus(_normalise(text[:MAX_MESSAGE_CHARS]))) <= max(MAX_ANALYSED_CHARS,
                                                               MAX_FOCUS_SENTENCES * (MAX_FOCUS_CHARS + 1))


def test_non_string_is_a_type_error():
    with pytest.raises(TypeError):
        detect_intent(None)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- forget_update

@pytest.fixture()
def registry(tmp_path: Path):
    reg = ForgetRegistry(tmp_path / "forget.sqlite3", embedder=load_embedder("hashing"))
    yield reg
    reg.close()


def _update(registry, state, **params):
    config = make_node_config(NodeContext(
        node_id="registry_update", agent="forget_update", params=ForgetUpdateParams(**params), model_binding=None,
        models={}, services=Services(data_dir=Path("/tmp"), overrides={"forget_registry": registry}),
    ))
    return forget_update({"scope": "alice", **state}, config)


def _active(registry, user="alice", tenant=None):
    return sorted(e.target for e in registry.list(Scope.of_user(user, tenant)) if e.active)


def test_confirmation_names_the_target_once_and_setting_turns_it_off(registry):
    out = _update(registry, {"intent": "forget", "intent_targets": ["Dana Reyes"], "query": "forget Dana Reyes"})
    assert out["reply"].count("Dana Reyes") == 1 and "undo" in out["reply"]
    assert _active(registry) == ["Dana Reyes"]
    out = _update(registry, {"intent": "forget", "intent_targets": ["Marcus Whitfield"], "query": "forget him"},
                  name_targets=False)
    assert "Marcus" not in out["reply"]


def test_common_word_only_target_is_not_stored_and_the_reply_asks(registry):
    out = _update(registry, {"intent": "forget", "intent_targets": ["the weather"], "query": "forget the weather"})
    assert _active(registry) == []
    assert "?" in out["reply"] and "did not store" in out["reply"]
    out = _update(registry, {"intent": "forget", "intent_targets": ["Dana Reyes", "never mind"], "query": "q"})
    assert _active(registry) == ["Dana Reyes"] and out["trace_detail"]["refused"] == ["never mind"]


def test_undo_removes_exactly_the_last_request(registry):
    _update(registry, {"intent": "forget", "intent_targets": ["Dana Reyes"], "query": "forget Dana Reyes"})
    time.sleep(0.01)
    _update(registry, {"intent": "forget", "intent_targets": ["Hina Ameen", "Xin Lee Williams"],
                       "query": "forget Hina Ameen and Xin Lee Williams"})
    assert detect_intent("undo").intent == "revoke"
    out = _update(registry, {"intent": "revoke", "intent_targets": [], "query": "undo"})
    assert _active(registry) == ["Dana Reyes"]
    assert "Hina Ameen" in out["reply"] and "Xin Lee Williams" in out["reply"]


def test_revoke_that_revoked_nothing_says_so(registry):
    out = _update(registry, {"intent": "revoke", "intent_targets": ["Nobody Known"], "query": "remember Nobody again"})
    assert out["reply"].startswith("Nothing was revoked") and out["trace_detail"]["revoked"] == 0


def test_tenant_member_cannot_revoke_a_tenant_forget_and_is_told_why(registry):
    registry.add("Project Bluefin", scope=Scope.of_tenant("acme"), requested_by="admin")
    out = _update(registry, {"intent": "revoke", "intent_targets": ["Project Bluefin"], "tenant": "acme",
                             "query": "you can talk about Project Bluefin again"})
    assert out["trace_detail"]["revoked"] == 0
    assert "Nothing was revoked" in out["reply"] and "administrator" in out["reply"]
    assert "I can talk about" not in out["reply"]
    assert [e.target for e in registry.visible("alice", "acme")] == ["Project Bluefin"]


def test_revoke_removes_exactly_that_entry(registry):
    _update(registry, {"intent": "forget", "intent_targets": ["Dana Reyes", "Tom Becker"], "query": "q"})
    out = _update(registry, {"intent": "revoke", "intent_targets": ["Dana Reyes"], "query": "q2"})
    assert _active(registry) == ["Tom Becker"] and "Dana Reyes" in out["reply"]


# ----------------------------------------------------------------------------- general families (issue #8 follow-up)
# Each case stands for a family of phrasings fixed by a general rule or cleaning step, not for one message.

FAMILY_TARGETS = [
    # concrete values: money, dates, spaced phone numbers, user names, addresses with a unit
    ("Remove any memory of my salary figure of $92,000.", "forget", ["$92,000"]),
    ("I revoke permission for you to retain my date of birth, 3 May 1979.", "forget", ["3 May 1979"]),
    ("kannst du bitte die telefonnummer 0151 9876543 vergessen", "forget", ["0151 9876543"]),
    ("Please forget my username nightowl_42.", "forget", ["nightowl_42"]),
    ("Forget my address: 52 Elm Road, Apt 3C, Leeds.", "forget", ["52 Elm Road, Apt 3C, Leeds"]),
    # "&" joins names, quoted titles keep their article, "that I work at X" / "that I have X"
    ("Could you stop remembering that I work at Hale & Moss? Please forget it.", "forget", ["Hale & Moss"]),
    ("Haz como si la película 'La casa del lago' no existiera.", "forget", ["La casa del lago"]),
    ("Can you please forget that I have sleep apnea? I regret telling you.", "forget", ["sleep apnea"]),
    # "everything I told you about X" in other languages, relative clauses, honorifics, CJK clause commas
    ("Esquece tudo o que eu te falei sobre o meu primo Caio Mendes.", "forget", ["Caio Mendes"]),
    ("Oublie tout ce que je t'ai dit sur Odile Marchetti.", "forget", ["Odile Marchetti"]),
    ("I'd prefer you never mention Ridgeway Hospital, where my mother works.", "forget", ["Ridgeway Hospital"]),
    ("山本健二さんのことは全部忘れてください。", "forget", ["山本健二"]),
    ("以后别再提我以前的公司蓝海科技了，就当它不存在。", "forget", ["蓝海科技"]),
    ("你可以重新提到周杰了，我改变主意了。", "revoke", ["周杰"]),
    # the winning rule's span names nothing, another rule's span does
    ("Stop bringing up Corvid Labs. Forget that company entirely.", "forget", ["Corvid Labs"]),
    # typos in the trigger word, chat abbreviations
    ("pls foorget tomasz wojcik", "forget", ["tomasz wojcik"]),
    ("stop forgettinng Ama Owusu, you can talk about her", "revoke", ["Ama Owusu"]),
    ("pls forget abt my cousin leo brandt", "forget", ["leo brandt"]),
    # indirect phrasings
    ("Never tell anyone my phone number, which is 212-555-0187.", "forget", ["212-555-0187"]),
    ("Act as if the project codename Kestrel never came up.", "forget", ["Kestrel"]),
    ("Stop avoiding Juniper Row — I withdraw the forget request.", "revoke", ["Juniper Row"]),
    ("Feel free to mention Brightline Media again, I no longer mind.", "revoke", ["Brightline Media"]),
    ("pls meri dost ka naam Riya Sen bhool jao", "forget", ["Riya Sen"]),
]


@pytest.mark.parametrize(("text", "intent", "targets"), FAMILY_TARGETS)
def test_general_families_give_clean_targets(text, intent, targets):
    result = detect_intent(text)
    assert result.intent == intent, result
    assert _fold(result.targets) == _fold(targets), result


FAMILY_NEGATIVES = [
    "Don't forget to remind me about the vet on Monday.",  # reminders
    "please don't forget Ama Owusu's birthday",
    "N'oublie pas de m'envoyer le rapport.",
    "I don't remember Leo Brandt, who is he?",  # the user's own memory
    "I can't forget what my teacher told me.",
    "Please remember that my brother's name is Tom.",  # remember, not forget
    "Delete the word 'just' everywhere in this text: 'I just just want it.'",  # text editing
    "Remove the second sentence and shorten the rest: 'A. B. C.'",
    "Who is allowed to ask a hospital to delete their records?",  # information questions
    "How do I remove Leo Brandt from the shared calendar?",
    "play Forget Me Now by The Lumen",  # media titles
    "Forget what I said about React, I've decided on Vue. How do I start?",  # corrections
]


@pytest.mark.parametrize("text", FAMILY_NEGATIVES)
def test_general_negative_families(text):
    result = detect_intent(text)
    assert result.intent == "none", result
    assert result.targets == []


def test_personal_common_word_target_stays_a_request_without_target():
    # "forget my ex": a real request with nothing storable -> forget with no target (the reply asks what to forget)
    result = detect_intent("forget my ex")
    assert result.intent == "forget" and result.targets == []


def test_bad_thread_setting_is_a_clear_configuration_error(monkeypatch):
    from guardgraph.agents.watchdog_classifier import THREADS_ENV, embed_threads
    from guardgraph.errors import ConfigurationError

    monkeypatch.setenv(THREADS_ENV, "many")
    with pytest.raises(ConfigurationError, match=THREADS_ENV):
        embed_threads()
    monkeypatch.setenv(THREADS_ENV, "2")
    assert embed_threads() == 2
    monkeypatch.delenv(THREADS_ENV)
    assert embed_threads() == 1
