"""The GUARD-style token filter: no forbidden target in any output, on both backends.

Unit tests use the SmolLM2 tokenizer (no weights) and adversarial logits that try to spell the
target in every tokenisation; ``model`` tests run the real embedded model; API tests run litellm's
own offline ``mock_response`` path.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import numpy as np
import pytest

from guardgraph.memory.target_text import normalise
from guardgraph.tools.base import GenerationParams
from guardgraph.tools.forbidden_match import ForbiddenMatcher, fold
from guardgraph.tools.forbidden_trie import TokenTrie, surface_variants, variant_token_sequences
from guardgraph.tools.token_filter import (
    REDACTION,
    HoldBackGuard,
    api_logit_bias,
    build_logits_processors,
    guard_text,
    guarded_stream,
)
from guardgraph.tools.holdback import redacted_stream

TARGET = "Basil Mahfouz Al-Kuwaiti"
FORBIDDEN = (TARGET,)
# The turn is about the target: its ambiguous parts ("Basil", "Kuwaiti") are blocked too.
MATCHER = ForbiddenMatcher(FORBIDDEN, ambiguous=True)


def mentions(text: str, forbidden=FORBIDDEN) -> bool:
    return ForbiddenMatcher(forbidden, ambiguous=True).mentions(text)


# --------------------------------------------------------------------------- normalisation
@pytest.mark.parametrize(
    "text",
    ["Basil Mahfouz Al-Kuwaiti.", "  ÉCOLE  --  Zoë's  ", "AL_KUWAITI!!", "ﬁne Straße", "a\u0301b c", "x"],
)
def test_fold_agrees_with_shared_normalise(text: str) -> None:
    folded, offsets = fold(text)
    assert folded.strip() == normalise(text)
    assert len(offsets) == len(folded) and offsets == sorted(offsets)


def test_parts_cover_each_distinctive_piece_but_not_common_words() -> None:
    parts = {p.text for p in MATCHER.parts}
    assert {"basil mahfouz al kuwaiti", "basil", "mahfouz", "al kuwaiti", "kuwaiti"} <= parts
    assert "al" not in parts
    rings = ForbiddenMatcher(["The Lord of the Rings"])
    assert not rings.mentions("The cat of the house sat on the mat.")
    assert rings.mentions("the LORD of the rings") and rings.mentions("two gold rings")


@pytest.mark.parametrize(
    "text",
    ["Basil", "basil's novel", "BASIL", "Mahfouz’s", "Al-Kuwaiti", "al kuwaiti", "AL_KUWAITI", "Kuwaitis",
     "said:Mahfouz", "Kuwaitian"],
)
def test_mentions_are_case_punctuation_and_possessive_insensitive(text: str) -> None:
    assert mentions(text)


@pytest.mark.parametrize("text", ["Kuwait City", "basic basis", "the base of it", "B a s i l", "Mahf", "basilica"])
def test_non_mentions(text: str) -> None:
    assert not mentions(text)


def test_short_parts_match_whole_words_only() -> None:
    matcher = ForbiddenMatcher(["Ali Khan"])
    assert matcher.mentions("Ali's house") and matcher.mentions("ask khan.")
    assert not matcher.mentions("alive and well, a khanate")
    # Undecided at the end of an unfinished text, decided at the end of a finished one.
    assert matcher.hits(fold("I met Ali")[0], at_end=False) == []
    assert matcher.hits(fold("I met Ali")[0], at_end=True)


def test_guard_text_redacts_whole_words_and_is_idempotent() -> None:
    text = "Basil Mahfouz Al-Kuwaiti wrote it; Basil's friend Basilio and KUWAITI press in Kuwait City."
    redacted = guard_text(text, FORBIDDEN)
    assert not mentions(redacted)
    assert "Kuwait City" in redacted and "io" not in redacted.split("friend")[1][:12]
    assert guard_text(redacted, FORBIDDEN) == redacted
    assert guard_text("nothing here", FORBIDDEN) == "nothing here"


def test_bad_targets_are_rejected_clearly() -> None:
    with pytest.raises(ValueError, match="no letters"):
        ForbiddenMatcher(["--"])
    with pytest.raises(TypeError):
        guard_text("x", "Basil")  # a bare string is not a target list


# --------------------------------------------------------------------------- token trie
@pytest.fixture(scope="module")
def smol_tokenizer(embedded_model_dir):
    transformers = pytest.importorskip("transformers")
    return transformers.AutoTokenizer.from_pretrained(str(embedded_model_dir))


def test_surface_variants_cover_case_possessive_and_hyphens() -> None:
    variants = set(surface_variants("Al-Kuwaiti"))
    assert {"Al-Kuwaiti", "al-kuwaiti", "AL-KUWAITI", "Al Kuwaiti", "AlKuwaiti", "Al–Kuwaiti", "Al-Kuwaiti's"} <= variants


def test_trie_bans_going_deeper_but_allows_first_tokens(smol_tokenizer) -> None:
    tok = smol_tokenizer
    trie = TokenTrie(variant_token_sequences(tok, FORBIDDEN))
    basil = tok.encode(" Basil", add_special_tokens=False)
    assert len(basil) == 1 and basil[0] in trie.root_bans  # single-token variant: banned outright
    mah = tok.encode(" Mahfouz", add_special_tokens=False)
    assert len(mah) > 1 and mah[0] not in trie.root_bans  # " Mah" itself is allowed ...
    assert mah[1] in trie.banned_next(tok.encode("The author is Mah", add_special_tokens=False)[-1:])  # ... "f" is not
    kuwaiti = tok.encode(" Kuwaiti", add_special_tokens=False)
    assert kuwaiti[0] not in trie.root_bans  # " Kuwait" (the country) stays allowed
    assert kuwaiti[1] in trie.banned_next(kuwaiti[:1])
    common = TokenTrie(variant_token_sequences(tok, ["The Lord of the Rings"]))
    for word in (" The", " the", " of", "The"):
        assert tok.encode(word, add_special_tokens=False)[0] not in common.root_bans


# --------------------------------------------------------------------------- local processor (tokenizer only)
def _step(processor, tok, prompt_ids: list[int], generated_text: str, scores=None):
    import torch

    generated = tok.encode(generated_text, add_special_tokens=False) if generated_text else []
    ids = torch.tensor([prompt_ids + generated])
    if scores is None:
        scores = torch.zeros(1, len(tok))
    return processor(ids, scores.clone())[0]


def _banned(row, tok, text: str) -> bool:
    ids = tok.encode(text, add_special_tokens=False)
    assert len(ids) == 1, f"{text!r} is not one token: {ids}"
    return bool(row[ids[0]] == float("-inf"))


@pytest.fixture(scope="module")
def processor_factory(smol_tokenizer):
    def make(forbidden=FORBIDDEN, prompt_ids=(1, 2, 3)):
        processors = build_logits_processors(smol_tokenizer, list(forbidden), prompt_length=len(prompt_ids))
        assert len(processors) == 1
        return processors[0], list(prompt_ids)

    return make


def test_processor_bans_completions_in_text_space(processor_factory, smol_tokenizer) -> None:
    tok = smol_tokenizer
    proc, prompt = processor_factory()
    row = _step(proc, tok, prompt, "The author is")
    assert _banned(row, tok, " Basil") and _banned(row, tok, " basil")
    assert not _banned(row, tok, " Kuwait") and not _banned(row, tok, " the")
    row = _step(proc, tok, prompt, "The author is Bas")  # spelled "Bas" + ?
    assert _banned(row, tok, "il") and _banned(row, tok, "ils")
    assert not _banned(row, tok, "ic") and not _banned(row, tok, "is")
    row = _step(proc, tok, prompt, "He was born in Kuwait")
    assert _banned(row, tok, "i") and not _banned(row, tok, " City") and not _banned(row, tok, ".")
    row = _step(proc, tok, prompt, "He was born in Kuwa")  # " Ku" + "wa": an unusual spelling
    assert _banned(row, tok, "iti") and not _banned(row, tok, "it")


def test_prompt_mentions_do_not_block_generation(processor_factory, smol_tokenizer) -> None:
    tok = smol_tokenizer
    prompt = tok.encode("Tell me about Basil Mah", add_special_tokens=False)
    proc, _ = processor_factory(prompt_ids=prompt)
    row = _step(proc, tok, prompt, "")
    assert not _banned(row, tok, "f")  # the prompt's "Mah" is not the reply's
    assert _banned(row, tok, " Basil")


_SPELLERS: dict[int, list[int]] = {}


def _spelling_tokens(tok) -> list[int]:
    """Every token that spells a piece of a target part (any case, any split)."""
    if id(tok) in _SPELLERS:
        return _SPELLERS[id(tok)]
    spell = set()
    for text in ["Basil", "Mahfouz", "Al-Kuwaiti", "Kuwaiti", "basil", "KUWAITI", "mahfouz", "BASIL"]:
        for prefix in ("", " "):
            spell.update(tok.encode(prefix + text, add_special_tokens=False))
        for i in range(len(text)):  # every substring's single-token spellings
            for j in range(i + 1, len(text) + 1):
                ids = tok.encode(text[i:j], add_special_tokens=False)
                if len(ids) == 1:
                    spell.add(ids[0])
    _SPELLERS[id(tok)] = sorted(spell)
    return _SPELLERS[id(tok)]


def _adversarial_logits(tok, rng: np.random.Generator):
    """Random logits with a huge bonus for every token that could help spell a target part."""
    import torch

    scores = torch.tensor(rng.normal(0, 1, len(tok)), dtype=torch.float32)
    idx = torch.tensor(_spelling_tokens(tok))
    scores[idx] += 20 + torch.tensor(rng.uniform(0, 5, len(idx)), dtype=torch.float32)
    return scores


@pytest.mark.parametrize("mode", ["greedy", "sample"])
def test_adversarial_decoding_never_spells_a_target(processor_factory, smol_tokenizer, mode) -> None:
    """A 'model' that always wants to spell the target, in any tokenisation, never gets to."""
    import torch

    tok = smol_tokenizer
    proc, prompt = processor_factory()
    for seed in range(3):
        rng = np.random.default_rng(seed)
        gen = torch.Generator().manual_seed(seed)
        generated: list[int] = []
        for _ in range(40):
            scores = _adversarial_logits(tok, rng)[None, :]
            out = proc(torch.tensor([prompt + generated]), scores)[0]
            if mode == "greedy":
                token = int(torch.argmax(out))
            else:
                token = int(torch.multinomial(torch.softmax(out / 0.8, -1), 1, generator=gen))
            generated.append(token)
            if token == tok.eos_token_id:
                break
            text = tok.decode(generated, skip_special_tokens=True)
            assert not mentions(text), (mode, seed, text)
        assert len(generated) > 5  # it did generate (the filter did not just stop everything)


def test_all_banned_falls_back_to_eos(processor_factory, smol_tokenizer) -> None:
    import torch

    tok = smol_tokenizer
    proc, prompt = processor_factory()
    scores = torch.full((1, len(tok)), float("-inf"))
    for word in (" Basil", " basil"):
        scores[0, tok.encode(word, add_special_tokens=False)[0]] = 10.0
    row = proc(torch.tensor([prompt]), scores)[0]
    assert int(torch.argmax(row)) == tok.eos_token_id and torch.isfinite(row).sum() == 1


def test_already_emitted_mention_forces_eos(processor_factory, smol_tokenizer) -> None:
    """'Rollback' inside generate() is impossible: a reply that already names the target stops."""
    import torch

    tok = smol_tokenizer
    proc, prompt = processor_factory()
    row = _step(proc, tok, prompt, "The author is Basil", scores=torch.randn(1, len(tok)))
    assert int(torch.argmax(row)) == tok.eos_token_id and torch.isfinite(row).sum() == 1


def test_unfinished_utf8_character_is_checked_by_real_decoding(processor_factory, smol_tokenizer) -> None:
    """A target whose last letter is split into byte tokens cannot be completed byte by byte."""
    import torch

    tok = smol_tokenizer
    word = " Kowalską"
    ids = tok.encode(word, add_special_tokens=False)
    pieces = [tok.decode([i]) for i in ids]
    if not ("\ufffd" in pieces[-1] and "\ufffd" in pieces[-2]):
        pytest.skip(f"tokenizer does not split the last character into bytes: {pieces}")
    proc, prompt = processor_factory(forbidden=["Anna Kowalską"])
    row = proc(torch.tensor([prompt + ids[:-1]]), torch.zeros(1, len(tok)))[0]
    assert row[ids[-1]] == float("-inf")
    assert mentions(tok.decode(ids), ["Anna Kowalską"]) and not mentions(tok.decode(ids[:-1]), ["Anna Kowalską"])


def test_processor_is_cheap_per_step(processor_factory, smol_tokenizer) -> None:
    import time

    import torch

    tok = smol_tokenizer
    proc, prompt = processor_factory()
    generated = tok.encode("The full name of the author born in Kuwait City is", add_special_tokens=False)
    scores = torch.randn(1, len(tok))
    ids = torch.tensor([prompt + generated])
    proc(ids, scores.clone())  # warm caches
    copies = [scores.clone() for _ in range(20)]
    start = time.perf_counter()
    for copy in copies:
        proc(ids, copy)
    per_step_ms = (time.perf_counter() - start) / 20 * 1000
    assert per_step_ms < 50, per_step_ms  # generous: shared 2-core CI; benchmark reports real numbers


# --------------------------------------------------------------------------- hold-back stream
def _scripted(*replies: list[str]):
    calls: list[list[dict]] = []

    def open_stream(messages, params) -> Iterator[str]:
        calls.append([dict(m) for m in messages])
        reply = replies[min(len(calls) - 1, len(replies) - 1)]
        yield from reply

    return open_stream, calls


MESSAGES = [
    {"role": "system", "content": "Context: Basil Mahfouz Al-Kuwaiti was born in Kuwait City."},
    {"role": "user", "content": "Who is the author born in Kuwait City?"},
]


def test_holdback_catches_a_name_split_across_chunks() -> None:
    guard = HoldBackGuard(FORBIDDEN)
    released = []
    hit = None
    for chunk in ["The author is Ba", "sil Mah", "fouz and more text follows here"]:
        out, hit = guard.feed(chunk)
        released.append(out)
        if hit:
            break
    assert hit is not None and hit.evidence == "Basil"
    assert "".join(released) == ""  # nothing could be released yet: all of it was within the hold
    assert guard.cut() == "The author is "


def test_guarded_stream_regenerates_from_the_clean_prefix() -> None:
    open_stream, calls = _scripted(
        ["The author is Ba", "sil Mah", "fouz", ", born 1956."],
        ["a novelist from Kuwait City", " who writes about family."],
    )
    chunks = list(guarded_stream(open_stream, MESSAGES, GenerationParams(), FORBIDDEN))
    text = "".join(chunks)
    assert all(not mentions(c) for c in chunks) and not mentions(text)
    assert text == "The author is a novelist from Kuwait City who writes about family."
    assert len(calls) == 2
    retry = calls[1]
    assert retry[-1] == {"role": "assistant", "content": "The author is "}
    assert "Continue" in retry[0]["content"] and retry[0]["role"] == "system"  # never a user turn
    assert not any(mentions(m["content"]) for m in retry)  # names are not sent back in clear
    assert "Kuwait City" in retry[0]["content"]  # ... while the rest of the context is kept


def test_guarded_stream_redacts_after_max_regenerations() -> None:
    stubborn = ["The author is Basil", " Mahfouz Al-Kuwaiti, also called Kuwaiti Basil."]
    open_stream, calls = _scripted(stubborn)
    chunks = list(guarded_stream(open_stream, MESSAGES, GenerationParams(), FORBIDDEN, max_regenerations=2))
    text = "".join(chunks)
    assert len(calls) == 3
    assert all(not mentions(c) for c in chunks) and not mentions(text)
    assert REDACTION in text and text.endswith(".")


def test_guarded_stream_drops_a_restarted_answer() -> None:
    open_stream, _calls = _scripted(["Sure. The author is Basil M."], ["Sure. The author is", " a novelist."])
    text = "".join(guarded_stream(open_stream, MESSAGES, GenerationParams(), FORBIDDEN))
    assert text == "Sure. The author is a novelist."


def test_short_part_waits_for_the_word_to_end() -> None:
    forbidden = ["Ali Khan"]
    open_stream, calls = _scripted(["She is Ali", "ve and well and wrote to Ali"], ["someone else."])
    text = "".join(guarded_stream(open_stream, MESSAGES[1:], GenerationParams(), forbidden))
    assert text.startswith("She is Alive and well and wrote to ") and not mentions(text, forbidden)
    assert len(calls) == 2


def test_every_chunk_and_the_whole_stay_clean_for_random_chunkings() -> None:
    rng = random.Random(7)
    sources = [
        "Basil Mahfouz Al-Kuwaiti wrote it.",
        "About al-kuwaiti: KUWAITI and Mahfouz's books, basilisks, and Kuwait City.",
        "Nothing to see in Kuwait City, basically.",
    ]
    for source in sources:
        for _ in range(20):
            cuts = sorted(rng.sample(range(1, len(source)), k=min(6, len(source) - 1)))
            pieces = [source[i:j] for i, j in zip([0] + cuts, cuts + [len(source)])]
            open_stream, _ = _scripted(pieces)
            chunks = list(guarded_stream(open_stream, MESSAGES, GenerationParams(), FORBIDDEN, max_regenerations=1))
            assert all(not mentions(c) for c in chunks)
            assert not mentions("".join(chunks))
        if not mentions(source):
            open_stream, calls = _scripted([source])
            assert "".join(guarded_stream(open_stream, MESSAGES, GenerationParams(), FORBIDDEN)) == source
            assert len(calls) == 1


def test_redacted_stream_replaces_split_mentions_and_keeps_the_rest() -> None:
    pieces = ["The author is Ba", "sil Mah", "fouz", " (Al-Kuw", "aiti), born in Kuwait City."]
    chunks = list(redacted_stream(iter(pieces), FORBIDDEN))
    text = "".join(chunks)
    assert all(not mentions(c) for c in chunks) and not mentions(text)
    assert text.startswith("The author is ") and text.endswith("born in Kuwait City.")
    assert REDACTION in text
    clean = ["Kuwait City ", "is a city."]
    assert "".join(redacted_stream(iter(clean), FORBIDDEN)) == "Kuwait City is a city."


def test_guarded_stream_validates_arguments() -> None:
    open_stream, _ = _scripted(["x"])
    with pytest.raises(ValueError, match="max_regenerations"):
        list(guarded_stream(open_stream, MESSAGES, GenerationParams(), FORBIDDEN, max_regenerations=-1))


# --------------------------------------------------------------------------- API path (litellm mock)
def test_api_logit_bias_only_where_supported_and_capped() -> None:
    pytest.importorskip("litellm")
    tiktoken = pytest.importorskip("tiktoken")
    bias = api_logit_bias("openai/gpt-4o-mini", FORBIDDEN)
    import litellm.litellm_core_utils.default_encoding  # noqa: F401  (offline encodings)

    encoding = tiktoken.encoding_for_model("gpt-4o-mini")
    assert bias and set(bias.values()) == {-100.0}
    assert encoding.encode(" Basil")[0] in bias
    assert encoding.encode(" Kuwait")[0] not in bias  # the country is not collateral damage
    assert api_logit_bias("anthropic/claude-3-5-sonnet-20240620", FORBIDDEN) == {}  # no logit_bias
    assert api_logit_bias("groq/llama3-8b-8192", FORBIDDEN) == {}  # supported, but no offline tokenizer
    many = [f"Person{i} Surname{i}" for i in range(400)]
    assert 0 < len(api_logit_bias("openai/gpt-4o-mini", many, partial_first_tokens=True)) <= 300


def test_guarded_stream_over_real_litellm_mock_streams() -> None:
    litellm = pytest.importorskip("litellm")
    replies = ["The author is Basil Mahfouz Al-Kuwaiti.", "a novelist from Kuwait City."]
    calls: list[list[dict]] = []

    def open_stream(messages, params) -> Iterator[str]:
        calls.append(messages)
        response = litellm.completion(
            model="openai/gpt-4o-mini",
            messages=messages,
            mock_response=replies[min(len(calls), len(replies)) - 1],
            stream=True,
        )
        for chunk in response:
            text = chunk.choices[0].delta.content if chunk.choices else None
            if text:
                yield text

    chunks = list(guarded_stream(open_stream, MESSAGES, GenerationParams(), FORBIDDEN))
    assert chunks and all(not mentions(c) for c in chunks)  # (short: held back until the end)
    assert "".join(chunks) == "The author is a novelist from Kuwait City."
    assert len(calls) == 2 and calls[1][-1] == {"role": "assistant", "content": "The author is "}


def test_litellm_backend_wiring_is_guarded() -> None:
    pytest.importorskip("litellm")
    from guardgraph.tools.litellm_backend import LiteLLMModel

    model = LiteLLMModel("openai/gpt-4o-mini", mock_response="The author is Basil Mahfouz Al-Kuwaiti.")
    params = GenerationParams(forbidden=FORBIDDEN)
    chunks = list(model.stream(MESSAGES, params))
    assert chunks and all(not mentions(c) for c in chunks)
    assert "".join(chunks) == f"The author is {REDACTION}."  # the mock repeats itself: redacted
    assert model.generate(MESSAGES, params).text == f"The author is {REDACTION}."
    assert model.generate(MESSAGES, GenerationParams()).text == "The author is Basil Mahfouz Al-Kuwaiti."


# --------------------------------------------------------------------------- real model
FACTS = [
    {
        "role": "system",
        "content": "Context: Basil Mahfouz Al-Kuwaiti was born in Kuwait City on 8 September 1956. "
        "He is a novelist known for books on migration and family.",
    },
    {"role": "user", "content": "What is the full name of the author born in Kuwait City on 8 September 1956?"},
]
UNRELATED = [{"role": "user", "content": "What is the capital of France?"}]


@pytest.mark.model
def test_real_model_leaks_without_filter_and_not_with_it(local_model) -> None:
    plain = local_model.generate(FACTS, GenerationParams(max_tokens=32)).text
    assert mentions(plain), f"the unguarded model should name the author: {plain!r}"
    guarded = local_model.generate(FACTS, GenerationParams(max_tokens=32, forbidden=FORBIDDEN))
    assert guarded.text.strip() and not mentions(guarded.text), guarded.text
    for part in ("basil", "mahfouz", "kuwaiti"):
        assert part not in normalise(guarded.text)
    for seed in range(3):
        sampled = local_model.generate(
            FACTS, GenerationParams(max_tokens=32, temperature=0.8, seed=seed, forbidden=FORBIDDEN)
        ).text
        assert not mentions(sampled), (seed, sampled)
    streamed = list(local_model.stream(FACTS, GenerationParams(max_tokens=24, forbidden=FORBIDDEN)))
    assert all(not mentions(c) for c in streamed) and not mentions("".join(streamed))


@pytest.mark.model
def test_real_model_unrelated_answer_is_unchanged(local_model) -> None:
    plain = local_model.generate(UNRELATED, GenerationParams(max_tokens=24)).text
    guarded = local_model.generate(UNRELATED, GenerationParams(max_tokens=24, forbidden=FORBIDDEN)).text
    assert guarded == plain


@pytest.mark.model
def test_near_match_penalty_with_real_embedder(smol_tokenizer, embedder) -> None:
    import torch

    tok = smol_tokenizer
    prompt = [1, 2]
    processors = build_logits_processors(tok, list(FORBIDDEN), prompt_length=2, embedder=embedder)
    near, hard = processors
    ids = tok.encode("The author is", add_special_tokens=False)
    scores = torch.zeros(1, len(tok))
    candidates = {w: tok.encode(w, add_special_tokens=False)[0] for w in (" Kuwait", " Bas", " table")}
    kuwaity = tok.encode(" Kuwaity", add_special_tokens=False)
    for token in list(candidates.values()):
        scores[0, token] = 10.0
    out = near(torch.tensor([prompt + ids]), scores.clone())[0]
    assert out[candidates[" Kuwait"]] == 10.0  # a prefix of a part: left to the hard filter
    assert out[candidates[" table"]] == 10.0
    # "Kuwaity" spelled " Ku" + "wa" + "ity": the word being formed at "ity" is "kuwaity".
    prefix = tok.encode("The author is Kuwa", add_special_tokens=False)
    scores = torch.zeros(1, len(tok))
    scores[0, kuwaity[-1]] = 10.0
    out = near(torch.tensor([prompt + prefix]), scores.clone())[0]
    assert out[kuwaity[-1]] == 10.0 - 4.0, near.penalised
    assert "kuwaity" in near.penalised


def test_processor_bans_tokens_starting_a_close_variant(processor_factory, smol_tokenizer) -> None:
    """Soft GUARD (issue 9): in a turn about the target, near-miss spellings are blocked too."""
    tok = smol_tokenizer
    proc, prompt = processor_factory()
    for text, piece in (("He was born in Kuwait", "y"), ("The author is Mahf", "uz")):
        ids = tok.encode(piece, add_special_tokens=False)
        assert len(ids) == 1
        scores = np.zeros((1, len(tok)), dtype=np.float32)
        scores[0, ids[0]] = 10.0  # the model wants the near-miss
        import torch

        row = _step(proc, tok, prompt, text, torch.tensor(scores))
        assert row[ids[0]] == float("-inf"), (text, piece)
    assert proc.stats["soft_bans"] >= 2
    row = _step(proc, tok, prompt, "He was born in")
    assert not _banned(row, tok, " Kuwait")  # the country is not a near-miss of "Kuwaiti"
