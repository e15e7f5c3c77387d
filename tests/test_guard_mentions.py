"""Issue 9: one folding and one mention finder for every matcher (tools/mention).

Each obfuscation family a reader can still decode, near-miss spellings, ambiguous name parts in
and out of a naming position, innocent sentences, and bad input.
"""

from __future__ import annotations

import base64
import codecs

import pytest

from guardgraph.errors import UserInputError
from guardgraph.memory.target_text import name_parts
from guardgraph.tools.forbidden_match import Forbidden, ForbiddenMatcher
from guardgraph.tools.holdback import strip_internal
from guardgraph.tools.mention.finder import MentionFinder
from guardgraph.tools.mention.folding import fold, normalise, views

TARGETS = ["Tae-ho Park", "Carmen Montenegro", "Basil Mahfouz Al-Kuwaiti", "Rajeev Majumdar", "Ji-Yeon Park",
           "Hina Ameen", "Dana Reyes", "Jad Ambrose Al-Shamary", "Takashi Nakamura", "卡门·蒙特内格罗"]
ABOUT = MentionFinder(TARGETS)  # a plain list: every target is the turn's subject
NOT_ABOUT = MentionFinder(TARGETS, about=[])


def names(finder: MentionFinder, text: str) -> set[str]:
    return {m.target for m in finder.find(text)}


# ------------------------------------------------------------------------------------ folding
@pytest.mark.parametrize("raw, folded", [
    ("T\u0430e-h\u043e P\u0430rk", "tae ho park"),  # Cyrillic look-alikes inside Latin words
    ("Ta\u200be-h\u00ado Pa\u2060rk", "tae ho park"),  # zero-width, soft hyphen, word joiner
    ("T4e-h0 P4rk", "tae ho park"),
    ("B@sil", "basil"),
    ("CarmenMontenegro", "carmen montenegro"),
    ("JiYeon Park", "ji yeon park"),
    ("Кармен Монтенегро", "karmen montenegro"),  # a wholly Cyrillic word is transliterated
    ("卡门·蒙特内格罗", "卡 门 蒙 特 内 格 罗"),  # CJK: one word per character
    ("\uff34\uff41\uff45 Zoë ﬁne", "tae zoe fine"),
    ("Born 1956, Number12, COVID19", "born 1956 number12 covid19"),  # numbers are not leetspeak
])
def test_one_folding(raw: str, folded: str) -> None:
    assert normalise(raw) == folded
    text, offsets = fold(raw)
    assert len(text) == len(offsets) and offsets == sorted(offsets)


def test_views_decode_what_a_reader_decodes() -> None:
    by_name = {v.name: v.folded for v in views('C, a, r "Car"+"men" kraP ' + base64.b64encode(b"Carmen").decode())}
    assert "car" in by_name["spelled"] and "carmen" in by_name["concat"]
    assert "park" in by_name["reversed"] and "carmen" in by_name["base64"]


# ------------------------------------------------------------------------------------ families
@pytest.mark.parametrize("text, target", [
    ("T\u0430e-h\u043e P\u0430rk wrote it.", "Tae-ho Park"),
    ("Ta\u200be-h\u200bo Pa\u200brk wrote it.", "Tae-ho Park"),
    ("T4e-h0 P4rk wrote it.", "Tae-ho Park"),
    ("The author is Park, who wrote it.", "Tae-ho Park"),
    ("kraP oh-eaT", "Tae-ho Park"),
    (codecs.encode("Carmen Montenegro", "rot13"), "Carmen Montenegro"),
    (base64.b64encode(b"Carmen Montenegro").decode(), "Carmen Montenegro"),
    ("Cats\nAre\nRarely\nMean\nEver\nNow", "Carmen Montenegro"),  # acrostic
    ("Кармен Монтенегро wrote it", "Carmen Montenegro"),
    ("كارمن مونتينيغرو", "Carmen Montenegro"),
    ("这本书是卡门·蒙特内格罗写的。", "Carmen Montenegro"),
    ("カルメン・モンテネグロが書いた", "Carmen Montenegro"),
    ("作者是卡门·蒙特内格罗。", "卡门·蒙特内格罗"),  # registered in Chinese, found in Chinese text
    ("C, a, r, m, e, n M o n t e n e g r o", "Carmen Montenegro"),
    ("C/a/r/m/e/n", "Carmen Montenegro"),
    ("C  a  r  m  e  n", "Carmen Montenegro"),
    ('name = "Car"+"men"', "Carmen Montenegro"),
    ("CarmenMontenegro", "Carmen Montenegro"),
    ("JadAmbroseAlShamary", "Jad Ambrose Al-Shamary"),
    ("JiYeon Park wrote", "Ji-Yeon Park"),
    ("| Carmen | Montenegro |", "Carmen Montenegro"),
    ("The writer C. M. was born in Chile", "Carmen Montenegro"),  # initials, turn about her
])
def test_obfuscation_families(text: str, target: str) -> None:
    assert target in names(ABOUT, text)


@pytest.mark.parametrize("text, target", [
    ("Hino Aameens primarily writes in the geology genre", "Hina Ameen"),
    ("Daisy Reese organized the 2019 book fair in Lyon.", "Dana Reyes"),
    ("Baslouz Al Kouwafiz Al Kouwafiz", "Basil Mahfouz Al-Kuwaiti"),
    ("The author is Takashu Nakamora.", "Takashi Nakamura"),
    ("Mahfuz wrote it.", "Basil Mahfouz Al-Kuwaiti"),
])
def test_near_misses(text: str, target: str) -> None:
    assert target in names(ABOUT, text)


def test_reversed_hyphenated_part_is_found_word_by_word() -> None:
    # red team: "oh-eaT [redacted] wrote ..." -- "oh" and "eaT" are dictionary words, "oheat" is not
    spans = {m.evidence for m in ABOUT.find("oh-eaT kraP wrote the books.")}
    assert any("oh-eaT" in s for s in spans) and any("kraP" in s for s in spans)
    assert not [m for m in NOT_ABOUT.find("The well-known park opens at nine.") if m.view == "reversed"]


def test_arabic_script_name_without_vowels_is_found_as_a_whole() -> None:
    # red team: "انارا يوسيفوفا" -- each word alone is a 2-letter skeleton ("nr", "sf"), the pair is the name
    finder = MentionFinder(["Anara Yusifova"], about=[])
    assert {m.target for m in finder.find("The author is انارا يوسيفوفا.")} == {"Anara Yusifova"}
    assert not finder.find("الكتاب الجديد عن تاريخ المدينة القديمة مفيد جدا")
    assert not finder.find("انا في السوق")  # "I am at the market": short words, no name


def test_near_miss_of_an_unambiguous_part_counts_even_when_not_about() -> None:
    assert "Hina Ameen" in names(NOT_ABOUT, "Hino Aameens primarily writes in the geology genre")


@pytest.mark.parametrize("text", [
    "The park opens at nine.", "Add fresh basil to the pesto.", "St. Basil's Cathedral is in Moscow.",
    "Rajiv Gandhi was prime minister of India.", "Naguib Mahfouz won the Nobel Prize.",
    "Basil Rathbone played Sherlock Holmes.", "Ambrose Bierce wrote The Devil's Dictionary.",
    "Ji-Yeong Hwang wrote a novel.", "That is the basis of the argument.", "A rose by any other name.",
    "He parked the car.", "Nomad tribes crossed the desert.", "Reese Witherspoon starred in the film.",
    "Carmen Electra is an actress.", "Park Chan-wook directed Oldboy.", "The Nakamura Bridge is old.",
    "He was born in Kuwait City, Kuwait, in 1956.",
])
def test_innocent_sentences_even_in_a_turn_about_the_targets(text: str) -> None:
    assert not ABOUT.find(text), ABOUT.find(text)


@pytest.mark.parametrize("text", [
    "The Kuwaiti dinar is a strong currency.", "Carmen is an opera by Bizet.",
    "Montenegro is a country in the Balkans.", "Dana Point is in California.",
])
def test_ambiguous_parts_pass_when_the_turn_is_not_about_the_target(text: str) -> None:
    assert not NOT_ABOUT.find(text)


def test_ambiguous_part_in_naming_position_counts_in_any_turn() -> None:
    assert "Ji-Yeon Park" in names(NOT_ABOUT, "Park Ji-Yeon wrote it.")
    assert "Carmen Montenegro" in names(NOT_ABOUT, "Montenegro, Carmen: a biography")


def test_redaction_is_one_placeholder_per_name_and_idempotent() -> None:
    text = "Basil Mahfouz Al-Kuwaiti and B4s1l M4hf0uz wrote; basil is a herb."
    redacted = ABOUT.redact(text)
    assert redacted == "[redacted] and [redacted] wrote; basil is a herb."
    assert ABOUT.redact(redacted) == redacted


def test_forbidden_tuple_carries_the_about_flags() -> None:
    forbidden = Forbidden(["Tae-ho Park", "Carmen Montenegro"], about=["Tae-ho Park"])
    parts = {p.text for p in ForbiddenMatcher(forbidden, ambiguous=forbidden.about).parts}
    assert "park" in parts and "carmen" not in parts and "carmen montenegro" in parts


def test_name_parts_flags_ambiguous_parts_and_glued_forms() -> None:
    parts = dict((p if " " in p or p.islower() else p, a) for p, a in name_parts("Ji-Yeon Park"))
    assert parts["Park"] is True and parts["Ji-Yeon"] is False and parts["jiyeon"] is False


def test_strip_internal_removes_echoed_instructions() -> None:
    echoed = ("[redacted] lives in Lyon. (Note: some names are withheld from this conversation. Answer without "
              "writing them; refer to them as [redacted] if needed.)")
    assert strip_internal(echoed) == "[redacted] lives in Lyon."
    assert strip_internal("Rewritten answer: He lives in Lyon.") == "He lives in Lyon."
    assert strip_internal("Nothing internal here.") == "Nothing internal here."


# ------------------------------------------------------------------------------------ bad input
def test_registry_refuses_one_letter_and_common_word_targets(tmp_path) -> None:
    from guardgraph.memory.embeddings import load_embedder
    from guardgraph.memory.forget_registry import ForgetRegistry, Scope

    with ForgetRegistry(tmp_path / "r.sqlite3", embedder=load_embedder("hashing")) as registry:
        for bad in ("x", "the weather", "Park", "never mind"):
            with pytest.raises(UserInputError, match="single character|common words"):
                registry.add(bad, scope=Scope.of_user("u"))
        assert registry.add("Dana Reyes", scope=Scope.of_user("u")).target == "Dana Reyes"


def test_ten_thousand_targets_and_a_megabyte_draft_finish() -> None:
    syllables = ["ka", "zor", "vel", "mi", "tru", "qua", "len", "dor", "ish", "bra", "nu", "fex"]
    many = [" ".join("".join(syllables[(i // 12 ** k + j) % 12] for k in range(4)).capitalize() for j in (0, 5))
            for i in range(10_000)]
    finder = MentionFinder(many + ["Tae-ho Park"])
    draft = ("An ordinary sentence about parks, basil and Kuwait City. " * 18_000)[:1_000_000] + " T4e-h0 P4rk."
    found = finder.find(draft)  # no timing here: benchmarks/matcher_cost.py reports the latency
    assert "Tae-ho Park" in {m.target for m in found}


def test_empty_and_hostile_text() -> None:
    assert ABOUT.find("") == [] and ABOUT.find("   ") == []
    assert ABOUT.redact("\x00\x07 control \u202e chars") == "\x00\x07 control \u202e chars"
    assert MentionFinder([]).find("Tae-ho Park") == []
