"""The guard leaves innocent sentences alone on the local path (issue 9).

* Control turns (a forget request and its confirmation) are stored in the thread but never shown to
  the model as conversation, so a small model cannot copy the confirmation as its next answer.
* The local logits processor follows the mention finder: a single-word part of a target the turn is
  not about is allowed after another person's first name ("Naguib Mahfouz" with Basil Mahfouz
  Al-Kuwaiti forgotten) and where the user's own message writes it as someone else's name ("Hina
  Matsuri" with Hina Ameen forgotten); a turn about the target still blocks it.

Processor tests use the SmolLM2 tokenizer only (no weights); one test runs the real model.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence

import pytest

from guardgraph import Generation, GenerationParams, Pipeline
from guardgraph.tools.forbidden_match import Forbidden
from guardgraph.tools.mention.finder import MentionFinder
from guardgraph.tools.token_filter import build_logits_processors

BASIL = "Basil Mahfouz Al-Kuwaiti"


# --------------------------------------------------------------------------- control turns
class RecordingModel:
    """Answers a fixed text and records every message list it is sent (tests only)."""

    name = "recording"

    def __init__(self, answer: str) -> None:
        self.answer = answer
        self.sent: list[list[dict[str, str]]] = []
        self._lock = threading.Lock()

    def generate(self, messages: Sequence[dict[str, str]], params: GenerationParams | None = None) -> Generation:
        with self._lock:
            self.sent.append([dict(m) for m in messages])
        return Generation(self.answer)

    def stream(self, messages, params: GenerationParams | None = None) -> Iterator[str]:
        yield self.generate(messages, params).text


def test_control_turns_are_not_sent_to_the_model_but_stay_in_the_thread(tmp_path):
    model = RecordingModel("Naguib Mahfouz won the Nobel Prize in Literature in 1988.")
    pipe = Pipeline.from_spec("forget_guard", model=model, checkpointer="memory", data_dir=tmp_path,
                              embedder="hashing")
    pipe.invoke("What is the capital of Egypt?", thread="t", scope="u")
    confirm = pipe.invoke(f"Please forget everything you know about {BASIL}.", thread="t", scope="u").text
    assert confirm.startswith("Understood.")
    reply = pipe.invoke("Repeat this sentence exactly: Naguib Mahfouz won the Nobel Prize in Literature in 1988.",
                        thread="t", scope="u")
    assert reply.text == model.answer  # not about the target: nothing redacted or rewritten
    last = model.sent[-1]
    texts = [m["content"] for m in last]
    assert not any("forget" in t.lower() or "Understood" in t for t in texts), texts
    assert any("capital of Egypt" in t for t in texts)  # ordinary history is still there
    assert [m["role"] for m in last[1:]] == ["user", "assistant", "user"]
    stored = pipe.history("t")  # the user still sees the whole thread (names scrubbed)
    assert any(m["content"].startswith("Understood.") for m in stored)
    assert any("forget everything" in m["content"] for m in stored)
    assert not any("Basil" in m["content"] for m in stored)


def test_revoke_turns_are_control_turns_too(tmp_path):
    model = RecordingModel("Fine.")
    pipe = Pipeline.from_spec("forget_guard", model=model, checkpointer="memory", data_dir=tmp_path,
                              embedder="hashing")
    pipe.invoke(f"Please forget {BASIL}.", thread="r", scope="u")
    pipe.invoke("undo", thread="r", scope="u")
    pipe.invoke("How are you?", thread="r", scope="u")
    assert [m["role"] for m in model.sent[-1]] == ["system", "user"]


# --------------------------------------------------------------------------- the finder's rule
def test_other_person_before_follows_the_plain_reading():
    finder = MentionFinder([BASIL], about=[])
    text = "Naguib Mahfouz won"
    assert finder.other_person_before(text, text.index("Mahfouz"))
    assert finder.other_person_before("St. Basil", 4)
    assert not finder.other_person_before("The Mahfouz", 4)  # "The" is a common word
    assert not finder.other_person_before("Basil Mahfouz", 6)  # another part of the same name
    assert not finder.other_person_before("Mahfouz", 0)
    assert not finder.other_person_before("NaguibMahfouz", 6)  # glued: no word boundary
    assert finder.relaxable_parts() == {"mahfouz": BASIL}
    assert MentionFinder([BASIL]).relaxable_parts() == {}  # about the target: nothing relaxes


def test_licensed_parts_are_those_the_user_wrote_as_someone_else():
    finder = MentionFinder(["Hina Ameen"], about=[])
    assert finder.licensed_parts("Repeat: Hina Matsuri, the doll festival, is on March 3.") == {"hina"}
    assert finder.licensed_parts("Tell me what Hina wrote.") == frozenset()  # a mention, not licensed
    assert MentionFinder(["Hina Ameen"]).licensed_parts("Hina Matsuri is on March 3.") == frozenset()


# --------------------------------------------------------------------------- local processor
@pytest.fixture(scope="module")
def smol_tokenizer(embedded_model_dir):
    transformers = pytest.importorskip("transformers")
    return transformers.AutoTokenizer.from_pretrained(str(embedded_model_dir))


def forced_decode(tok, forbidden, text: str, *, prompt_text: str = "") -> tuple[str, list[str]]:
    """Greedy decoding whose logits always prefer the next token of ``text``.

    Returns what was decoded and the tokens the processor refused (the text then stops there)."""
    import torch

    prompt = [1, 2, 3]
    processors = build_logits_processors(tok, forbidden, prompt_length=len(prompt), prompt_text=prompt_text)
    wanted = tok.encode(text, add_special_tokens=False)
    ids = list(prompt)
    refused: list[str] = []
    for token in wanted:
        scores = torch.zeros(1, len(tok))
        scores[0, token] = 20.0
        for processor in processors:
            scores = processor(torch.tensor([ids]), scores)
        chosen = int(torch.argmax(scores[0]))
        if chosen != token:
            refused.append(tok.decode([token]))
            break
        ids.append(chosen)
    return tok.decode(ids[len(prompt):]), refused


def test_processor_allows_mahfouz_after_another_first_name(smol_tokenizer):
    sentence = "Naguib Mahfouz won the Nobel Prize in Literature in 1988."
    text, refused = forced_decode(smol_tokenizer, Forbidden([BASIL], about=[]), sentence)
    assert refused == [] and text == sentence


def test_processor_blocks_mahfouz_when_the_turn_is_about_him(smol_tokenizer):
    sentence = "Naguib Mahfouz won the Nobel Prize in Literature in 1988."
    text, refused = forced_decode(smol_tokenizer, Forbidden([BASIL], about=[BASIL]), sentence)
    assert refused and "Mahfouz" not in text


@pytest.mark.parametrize("sentence", ["The author Mahfouz wrote it.", "Mahfouz wrote it.", "Basil Mahfouz wrote it."])
def test_processor_blocks_mahfouz_without_another_first_name(smol_tokenizer, sentence):
    text, refused = forced_decode(smol_tokenizer, Forbidden([BASIL], about=[]), sentence)
    assert refused and "Mahfouz" not in text


def test_processor_allows_a_part_the_user_wrote_as_someone_else(smol_tokenizer):
    sentence = "Hina Matsuri, the Japanese doll festival, is held on March 3."
    prompt = f"Repeat this sentence exactly, without changing any word: {sentence}"
    forbidden = Forbidden(["Hina Ameen"], about=[])
    assert forced_decode(smol_tokenizer, forbidden, sentence, prompt_text=prompt) == (sentence, [])
    assert forced_decode(smol_tokenizer, forbidden, sentence)[1]  # without that prompt: blocked
    about = Forbidden(["Hina Ameen"], about=["Hina Ameen"])
    assert forced_decode(smol_tokenizer, about, sentence, prompt_text=prompt)[1]  # about her: blocked


# --------------------------------------------------------------------------- the real model
@pytest.mark.model
def test_local_guard_repeats_an_innocent_sentence(local_model, tmp_path):
    """SmolLM2 through forget_guard, after a forget in the same thread: the sentence survives."""
    from guardgraph.graphs.evaluation import REPEAT_PROMPT, guarded_spec

    pipe = Pipeline.from_spec(guarded_spec(40), model=local_model, checkpointer="memory", data_dir=tmp_path,
                              embedder="hashing")
    pipe.invoke(f"Please forget everything you know about {BASIL}.", thread="l", scope="u")
    sentence = "Naguib Mahfouz won the Nobel Prize in Literature in 1988."
    reply = pipe.invoke(REPEAT_PROMPT.format(text=sentence), thread="l", scope="u")
    assert "Naguib Mahfouz" in reply.text and "undo" not in reply.text
