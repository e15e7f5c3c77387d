"""Does a text mention a forgotten target? The one decision the audit, the stream and masking share.

:class:`MentionFinder` combines, for a set of targets:

* **exact** hits of the targets' parts (``ForbiddenMatcher``: Aho-Corasick over the folded parts)
  in every reading of the text (:func:`folding.views`: plain, spelled-out letters, string
  concatenation, reversed, rot13, base64, acrostic). Reversed and rot13 hits count only where the
  raw words are not dictionary words ("nomad" is not "Damon" reversed).
* **ambiguous parts** ("Park", "Basil", "Carmen"): a hit counts only in a naming position (next to
  another part of the same target: "Ji-Yeon Park", "Park Ji-Yeon") or, when the turn is *about*
  the target, as a capitalised word not followed by another person's surname ("The author is
  Park ..." counts; "basil pesto", "Basil Rathbone", "Carmen is an opera" in other turns do not).
* **soft** near-misses of an unambiguous single-word part (after GUARD): edit distance on the
  folded word, rapidfuzz ratio and a Metaphone key (jellyfish); a strong near-miss ("Hino" for
  "Hina") counts alone, a weak one ("Aameens", "Kouwafiz") only next to another mention of the
  same target or, in a turn about it, capitalised. Dictionary words never count as near-misses
  ("basis" for "Basil"), nor does a first name followed by a different surname ("Rajiv Gandhi"
  for Rajeev Majumdar, "Ji-Yeong Hwang" for Ji-Yeon Park).
* **other scripts**: words in Arabic, Cyrillic, Greek, Chinese, Japanese... are transliterated
  (anyascii) and compared by consonant skeleton ("كارمن" -> "krmn" = "Carmen").
* **initials** ("C. M.") of a multi-word target the turn is about.

Every mention carries the raw span it covers, so callers can cut a stream before it, redact it, or
drop the sentence around it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from guardgraph.memory.target_text import NAME_PARTICLES, name_parts, normalise
from guardgraph.tools.forbidden_match import ForbiddenMatcher
from guardgraph.tools.mention.folding import View, fold, is_cjk, skeleton, translit_words, views

__all__ = ["Mention", "MentionFinder", "get_finder", "KNOWN_WORD_ZIPF"]

#: Raw words at least this frequent are dictionary words: never near-misses, and not evidence in
#: reversed/rot13 readings.
KNOWN_WORD_ZIPF = 2.5
COMMON_WORD_ZIPF = 4.0
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_COMPOUND = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)+", re.UNICODE)
_JOINERS = re.compile(r"[-'’]")
_SENTENCE_END = re.compile(r"[.!?:\n]\s*$")


def _with_glued_runs(text: str, words: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """``words`` plus each run of 2-3 neighbouring non-CJK words glued ("nr" + "ywsyfwf").

    An Arabic-script name loses its vowels: each word alone is too short a skeleton to count
    ("انارا" -> "nr"), but the whole name glued has the skeleton of the glued target
    ("nrywsyfwf" -> "nrsf", as "anarayusifova").
    """
    out = list(words)
    for i in range(len(words)):
        word, start, end = words[i]
        for j in range(i + 1, min(i + 3, len(words))):
            nxt, nstart, nend = words[j]
            if text[end:nstart].strip() or nstart - start > 64 or any(is_cjk(c) for c in text[start:nend]):
                break
            word, end = word + nxt, nend
            out.append((word, start, end))
    return out


@dataclass(frozen=True)
class Mention:
    target: str
    kind: str  # exact | ambiguous | soft | script | initials
    view: str  # plain | spelled | concat | reversed | rot13 | base64 | acrostic | translit
    start: int  # raw span
    end: int
    evidence: str
    score: float = 1.0


@lru_cache(maxsize=65536)
def _zipf(word: str) -> float:
    from guardgraph.memory.common_words import zipf

    return zipf(word, "en")


@lru_cache(maxsize=65536)
def _metaphone(word: str) -> str:
    import jellyfish

    return jellyfish.metaphone(word)


@dataclass(frozen=True)
class _TargetInfo:
    target: str
    folded_words: tuple[str, ...]  # folded words of the name, in order ("basil", "mahfouz", "al", ...)
    soft_parts: tuple[str, ...]  # unambiguous single-word parts for near-miss matching
    skeletons: tuple[tuple[str, str], ...]  # (skeleton, part) for other-script comparison
    initials: tuple[str, ...]  # ("cm",) for Carmen Montenegro; ("tp", "thp") for Tae-ho Park
    ambiguous_soft: tuple[str, ...] = ()  # ambiguous single-word parts: near-misses count only when about
    foreign: tuple[str, ...] = ()  # a name registered in another script: skeletons of its romanisation


def _target_info(target: str) -> _TargetInfo:
    words = tuple(w for w in normalise(target).split())
    soft: list[str] = []
    ambiguous_soft: list[str] = []
    for part, ambiguous in name_parts(target):
        norm = normalise(part)
        if " " in norm or not norm.isascii() or not norm.isalpha() or norm not in words or len(norm) < 4:
            continue  # glued forms ("alkuwaiti") are exact-only
        (ambiguous_soft if ambiguous else soft).append(norm)
    skeletons = []
    glued_parts = [normalise(p).replace(" ", "") for p, _ in name_parts(target)]
    for word in dict.fromkeys([w for w in words if w.isascii() and w not in NAME_PARTICLES] + [
            "".join(w for w in words if w.isascii())] + [g for g in glued_parts if g.isascii()]):
        sk = skeleton(word)
        if len(sk) >= 3:
            skeletons.append((sk, word))
    foreign: list[str] = []
    if any(ord(c) > 0x24F and c.isalpha() for c in target):
        from anyascii import anyascii

        pieces = [p for p in re.split(r"[\s\-\u00b7\u30fb.·]+", target) if p]
        for text in ["".join(pieces), *pieces]:
            sk = skeleton("".join(c for c in anyascii(text).lower() if c.isalpha()))
            if len(sk) >= 4:
                foreign.append(sk)
    return _TargetInfo(target, words, tuple(dict.fromkeys(soft)), tuple(skeletons), _initials_of(target),
                       tuple(dict.fromkeys(ambiguous_soft)), tuple(dict.fromkeys(foreign)))


def _initials_of(target: str) -> tuple[str, ...]:
    """Initials a reader would write for a multi-word name, with and without hyphen pieces."""
    words = [w for w in target.split() if normalise(w) and normalise(w) not in NAME_PARTICLES]
    if len(words) < 2 or not all(normalise(w)[:1].isascii() for w in words):
        return ()
    options: list[set[str]] = []
    for word in words:
        pieces = [normalise(p) for p in re.split(r"[-\u2010-\u2015']", word) if normalise(p)]
        first = {pieces[0][0]}
        first.add("".join(p[0] for p in pieces))
        if len(pieces) > 1:
            first.add(pieces[-1][0])  # "Al-Shamary" -> S
        options.append(first)
    out = {""}
    for choice in options:
        out = {a + b for a in out for b in choice}
    return tuple(sorted(o for o in out if len(o) >= 2))


class MentionFinder:
    """Finds mentions of ``targets`` (names and aliases); ``about`` marks the turn's subjects."""

    def __init__(self, targets: Iterable[str], *, about: Iterable[str] | None = None, soft: bool = True,
                 obfuscations: bool = True) -> None:
        self.targets = tuple(dict.fromkeys(t for t in targets if isinstance(t, str) and t.strip()))
        about_set = getattr(targets, "about", None) if about is None else about
        # a plain list of targets: the caller forbids them outright, every one is "about" the turn
        self.about = frozenset(self.targets if about_set is None else about_set)
        self.soft = soft
        self.obfuscations = obfuscations
        self.matcher = ForbiddenMatcher(self.targets, ambiguous=True) if self.targets else None
        self.info = {t: _target_info(t) for t in self.targets}
        # every folded word of every target (to tell "another person's surname" from a name part)
        self._name_words = {w for info in self.info.values() for w in info.folded_words}
        self.max_len = self.matcher.max_len if self.matcher else 0

    def __bool__(self) -> bool:
        return bool(self.matcher)

    # ------------------------------------------------------------------ public API
    def find(self, text: str, *, final: bool = True) -> list[Mention]:
        """Every mention in ``text`` (sorted by start). ``final=False``: the text may still grow."""
        if not self.matcher or not text or not text.strip():
            return []
        plain_folded, offsets = fold(text)
        plain = View("plain", plain_folded, offsets, None)
        readings = views(text, plain=plain) if self.obfuscations else [plain]
        found: list[Mention] = []
        for view in readings:
            found.extend(self._exact(text, view, final))
        if self.soft:
            found.extend(self._soft(text, plain, found))
            if not text.isascii():
                found.extend(self._scripts(text))
            found.extend(self._foreign(text, plain))
        found.extend(self._initials(text))
        if not final:
            # the last two words may still grow ("Kuwait" -> "Kuwaiti", "Basil M" -> "Basil Mahfouz"),
            # and context-dependent decisions about them wait for the text that follows
            horizon = _undecided_from(text)
            found = [m for m in found if m.end <= horizon or (
                m.kind == "exact" and m.view == "plain" and " " in m.evidence.strip())]
        found.sort(key=lambda m: (m.start, -m.end))
        return found

    def first(self, text: str, *, final: bool = True) -> Mention | None:
        hits = self.find(text, final=final)
        return hits[0] if hits else None

    def mentions(self, text: str) -> bool:
        return bool(self.find(text))

    def spans(self, text: str, *, final: bool = True) -> list[tuple[int, int]]:
        """Merged raw spans of every mention, each widened to whole words."""
        spans: list[tuple[int, int]] = []
        for m in self.find(text, final=final):
            start, end = _widen(text, m.start, m.end)
            if spans and start <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(spans[-1][1], end))
            else:
                spans.append((start, end))
        return spans

    def redact(self, text: str, replacement: str = "[redacted]") -> str:
        """``text`` with every mention replaced by ``replacement`` (idempotent)."""
        if not self or not text:
            return text
        for _ in range(4):
            spans = self.spans(text)
            if not spans:
                return text
            pieces, cursor = [], 0
            for start, end in spans:
                pieces.append(text[cursor:start])
                pieces.append(replacement)
                cursor = end
            pieces.append(text[cursor:])
            text = collapse_placeholders("".join(pieces), replacement)
        return text

    # ------------------------------------------------------------------ detectors
    def _exact(self, text: str, view: View, final: bool) -> list[Mention]:
        assert self.matcher is not None
        out: list[Mention] = []
        words: list[tuple[int, int]] | None = None
        at_end = final or view.name not in {"plain", "spelled", "concat"}
        for hit in self.matcher.hits(view.folded, at_end=at_end):
            part = hit.part
            start, end = view.raw_span(hit.start, hit.end)
            if view.name == "acrostic" and len(part.text.replace(" ", "")) < 5:
                continue
            if view.known_word_check and not self._obscure(text[start:end]):
                continue
            if view.name == "leet" and not any(c.isdigit() for c in text[start:end]):
                continue  # the plain reading decides words without digits
            if view.name in {"spelled", "concat", "base64", "leet"} and part.ambiguous and part.target not in self.about:
                continue
            if (view.name == "plain" and not part.ambiguous and " " not in part.text
                    and not (part.target in self.about and part.text == self.info[part.target].folded_words[-1])):
                if words is None:
                    words = plain_words(view)
                first_word = _word_index(words, hit.start)
                if first_word is not None and self._other_person(text, view, words, first_word, first_word) and not (
                        self._names_someone(text, view, words, hit.start, hit.end, part.target, naming_only=True)):
                    continue
            if part.ambiguous and view.name in {"plain", "reversed", "rot13", "acrostic"}:
                if view.name == "plain":
                    if words is None:
                        words = plain_words(view)
                    if not self._names_someone(text, view, words, hit.start, hit.end, part.target):
                        continue
                elif part.target not in self.about:
                    continue
            out.append(Mention(part.target, "ambiguous" if part.ambiguous else "exact", view.name, start, end,
                               text[start:end], 1.0))
        return out

    def _obscure(self, raw: str) -> bool:
        """Whether any word of ``raw`` is not a dictionary word (evidence of deliberate encoding).

        A hyphen- or apostrophe-joined compound is also read as one word, joined: "oh-eaT"
        (``Tae-ho`` reversed) is made of dictionary words, but "oheat" is not one. A compound that
        is obscure this way only matters where its reversed/rot13 reading is a target's part.
        """
        words = _WORD.findall(raw)
        if any(_zipf(w.lower()) < KNOWN_WORD_ZIPF for w in words):
            return True
        return any(_zipf(_JOINERS.sub("", c).lower()) < KNOWN_WORD_ZIPF for c in _COMPOUND.findall(raw))

    def _names_someone(self, text: str, plain: View, words: list[tuple[int, int]], fstart: int, fend: int,
                       target: str, naming_only: bool = False) -> bool:
        """An ambiguous part hit at folded [fstart, fend): is it in a naming position for ``target``?"""
        info = self.info[target]
        index = _word_index(words, fstart)
        if index is None:
            return False
        last = _word_index(words, fend - 1)
        last = index if last is None else last
        folded = plain.folded
        hit_words = {folded[a:b] for a, b in words[index:last + 1]}
        # naming position: a neighbouring word (skipping particles) is another word of the name
        for j in (_neighbour(words, index, -1, folded), _neighbour(words, last, +1, folded)):
            if j is None:
                continue
            word = folded[words[j][0]:words[j][1]]
            if word in info.folded_words and word not in NAME_PARTICLES and word not in hit_words:
                return True
        if naming_only or target not in self.about:
            return False
        raw_word = _raw(text, plain, words[index])
        if not raw_word[:1].isupper():
            return False
        if self._other_person(text, plain, words, index, last):
            return False
        return True

    def _other_person(self, text: str, plain: View, words: list[tuple[int, int]], first: int, last: int,
                      check_prev: bool = True) -> bool:
        """Words ``first..last`` sit next to someone else's name: "Naguib Mahfouz", "Basil Rathbone",
        "St. Basil's", "Bizet's Carmen", "Rajiv Gandhi"."""
        folded = plain.folded
        nxt = _skip_possessive(words, last, +1, folded)
        while nxt is not None and folded[words[nxt][0]:words[nxt][1]] in NAME_PARTICLES and nxt + 1 < len(words):
            nxt += 1
        if nxt is not None:
            raw_next = _raw(text, plain, words[nxt])
            word = folded[words[nxt][0]:words[nxt][1]]
            if (raw_next[:1].isupper() and len(word) >= 2 and word not in self._name_words
                    and not _sentence_start(text, plain, words[nxt])):
                return True
        prev = first - 1
        if prev >= 0 and check_prev:
            if self._marks_other_person(_raw(text, plain, words[prev]), folded[words[prev][0]:words[prev][1]]):
                return True
        return False

    def _marks_other_person(self, raw_prev: str, word: str) -> bool:
        """The word before a name part makes it someone else's name ("Naguib" Mahfouz, "St." Basil)."""
        if word in _SAINTS:
            return True
        return bool(raw_prev[:1].isupper() and word not in self._name_words and _zipf(word) < COMMON_WORD_ZIPF
                    and not raw_prev.isupper())

    def other_person_before(self, text: str, start: int) -> bool:
        """Whether the word right before raw offset ``start`` of ``text`` makes a single-word name part
        starting there another person's name, by the same rule the plain reading uses ("Naguib
        Mahfouz", "Arun Majumdar", "St. Basil"). For decoders, which know only the text so far:
        the word *after* the part is not available yet, so only the preceding word counts."""
        head = text[:start]
        match = _LAST_WORD.search(head)
        if match is None:
            return False
        raw_prev, sep = match.group(1), head[match.end(1):]
        if not sep or sep.strip(" \t.") or "\n" in sep:
            return False  # glued, or separated by punctuation other than a dot ("St. Basil")
        word = fold(raw_prev)[0].strip()
        return bool(word) and " " not in word and self._marks_other_person(raw_prev, word)

    def relaxable_parts(self) -> dict[str, str]:
        """Folded single-word, unambiguous parts of targets the turn is *not* about -> their target.

        These are the parts the plain reading lets through next to another person's name
        ("Mahfouz" in "Naguib Mahfouz" when Basil Mahfouz Al-Kuwaiti is not the subject)."""
        if not self.matcher:
            return {}
        return {p.text: p.target for p in self.matcher.parts
                if not p.ambiguous and " " not in p.text and p.target not in self.about
                and p.text in self.info[p.target].folded_words}

    def licensed_parts(self, text: str) -> frozenset[str]:
        """Relaxable parts that ``text`` (the user's own message) uses as another person's name.

        A part occurring in ``text`` that this finder does not count as a mention there ("Hina" in
        "Hina Matsuri", "Hashim" in "Hashim Amla"): a decoder may write it this turn, and the final
        check (audit, :func:`guard_text`) still decides whether the finished reply mentions the target."""
        relaxable = self.relaxable_parts()
        if not relaxable or not text or not text.strip():
            return frozenset()
        folded, offsets = fold(text)
        hits = [h for h in self.matcher.hits(folded) if h.part.text in relaxable]
        if not hits:
            return frozenset()
        mentions = self.find(text)
        out = set()
        for hit in hits:
            start, end = offsets[hit.start], offsets[hit.end - 1] + 1
            if not any(m.start < end and start < m.end for m in mentions):
                out.add(hit.part.text)
        flagged = {h.part.text for h in hits} - out
        return frozenset(out - flagged)  # a part the same text also uses as a mention is not licensed

    def _soft(self, text: str, plain: View, already: list[Mention]) -> list[Mention]:
        """Near-miss spellings of unambiguous single-word parts in the plain reading."""
        parts = {p: t for t, info in self.info.items() for p in info.soft_parts}
        ambiguous_parts = {p for t, info in self.info.items() if t in self.about for p in info.ambiguous_soft}
        for t in self.about:
            for p in self.info[t].ambiguous_soft:
                parts.setdefault(p, t)
        if not parts:
            return []
        from rapidfuzz import fuzz, process
        from rapidfuzz.distance import Levenshtein

        words = plain_words(plain)
        folded = plain.folded
        word_texts = [folded[a:b] for a, b in words]
        unique = [w for w in dict.fromkeys(word_texts)
                  if len(w) >= 3 and w.isalpha() and w.isascii() and w not in self._name_words]
        if not unique:
            return []
        part_list = list(parts)
        scores = process.cdist(unique, part_list, scorer=fuzz.ratio, score_cutoff=60, workers=1)
        candidates: dict[str, tuple[str, float, bool]] = {}  # word -> (part, score, strong)
        for wi, word in enumerate(unique):
            row = scores[wi]
            best_j = int(row.argmax())
            best = float(row[best_j])
            if best <= 0:
                continue
            part = part_list[best_j]
            if word == part:
                continue  # exact matcher's business
            distance = Levenshtein.distance(word, part)
            same_sound = word[0] == part[0] and _metaphone(word) == _metaphone(part)
            strong = (
                (distance <= 1 and len(part) >= 4 and len(word) >= 4)
                or (distance <= 2 and len(part) >= 7)
                or best >= 86
                or (same_sound and best >= 70)
            )
            weak = best >= 66 or same_sound
            if strong or weak:
                candidates[word] = (part, best, strong)
        if not candidates:
            return []
        out: list[Mention] = []
        exact_targets_near: dict[int, set[str]] = {}
        for m in already:
            if m.view != "plain":
                continue
            for wi, (a, b) in enumerate(words):
                if plain.starts[a] < m.end and plain.starts[b - 1] + 1 > m.start:
                    exact_targets_near.setdefault(wi, set()).add(m.target)
        soft_at: dict[int, tuple[str, str, float, bool]] = {}
        for wi, word in enumerate(word_texts):
            cand = candidates.get(word)
            if cand is None:
                continue
            raw_word = text[plain.starts[words[wi][0]]:plain.starts[words[wi][1] - 1] + 1]
            z = _zipf(word)
            part, score, strong = cand
            if z >= COMMON_WORD_ZIPF or (raw_word[:1].islower() and z >= KNOWN_WORD_ZIPF):
                continue  # a dictionary word: "basis", "basin", "reese's"
            if z >= KNOWN_WORD_ZIPF and (part.startswith(word) or word.startswith(part)):
                continue  # the word the name is built on: "Kuwait" for "Kuwaiti"
            soft_at[wi] = (parts[part], part, score, strong)

        def near_same_target(wi: int, target: str) -> bool:
            for step in (-1, 1):
                j = wi + step
                while 0 <= j < len(words) and word_texts[j] in NAME_PARTICLES:
                    j += step
                if 0 <= j < len(words):
                    if target in exact_targets_near.get(j, set()):
                        return True
                    if j in soft_at and soft_at[j][0] == target:
                        return True
            return False

        for wi, (target, part, score, strong) in soft_at.items():
            info = self.info[target]
            a, b = words[wi]
            start, end = plain.starts[a], plain.starts[b - 1] + 1
            raw_word = text[start:end]
            paired = near_same_target(wi, target)
            # a first/middle name followed by someone else's surname is another person
            if not paired and info.folded_words and part != info.folded_words[-1]:
                j = wi + 1
                if j < len(words):
                    nxt_raw = text[plain.starts[words[j][0]]:plain.starts[words[j][1] - 1] + 1]
                    nxt = word_texts[j]
                    if nxt_raw[:1].isupper() and nxt not in self._name_words and _zipf(nxt) < COMMON_WORD_ZIPF:
                        continue
            capital = raw_word[:1].isupper()
            if part in ambiguous_parts and not paired and not capital:
                continue
            if not paired and self._other_person(text, plain, words, wi, wi,
                                                 check_prev=part != info.folded_words[-1]):
                continue
            if (strong and part not in ambiguous_parts) or paired or (
                    target in self.about and capital and word_texts[wi][0] == part[0] and score >= 75):
                out.append(Mention(target, "soft", "plain", start, end, raw_word, score / 100))
        return out

    def _scripts(self, text: str) -> list[Mention]:
        """Names transliterated into another script, compared by consonant skeleton."""
        from rapidfuzz.distance import Levenshtein

        out: list[Mention] = []
        romans = {t: tuple(w.replace(" ", "") for w in {normalise(p) for p, _ in name_parts(t)} if w.isascii())
                  for t in self.info}
        single = translit_words(text)
        for index, (word, start, end) in enumerate(_with_glued_runs(text, single)):
            glued = index >= len(single)  # a run of words glued: only an exact skeleton counts
            # the romanisation itself, close to a (glued) name part: "Таехо" -> "taekho" ~ "taeho"
            roman = word.replace("kh", "h").replace("dzh", "j").replace("zh", "j")
            matched = False
            for target, forms in romans.items():
                for form in forms:
                    if len(form) < 4 or not form.isalpha():
                        continue
                    limit = 1 if len(form) < 7 else 2
                    if abs(len(roman) - len(form)) <= limit and Levenshtein.distance(roman, form) <= limit:
                        out.append(Mention(target, "script", "translit", start, end, text[start:end], 0.9))
                        matched = True
                        break
                if matched:
                    break
            if matched:
                continue
            sk = skeleton(word)
            if len(sk) < 3:
                continue
            for target, info in self.info.items():
                for part_sk, part in info.skeletons:
                    distance = Levenshtein.distance(sk, part_sk)
                    limit = 0 if len(part_sk) < 4 else (1 if len(part_sk) < 8 else 2)
                    if target in self.about and len(part_sk) >= 4:
                        limit = max(limit, 1)
                    if glued and (part_sk != sk or len(sk) < 4):
                        continue
                    if part_sk == sk or (distance <= limit and abs(len(sk) - len(part_sk)) <= limit):
                        if len(part_sk) < 4 and target not in self.about:
                            continue
                        out.append(Mention(target, "script", "translit", start, end, text[start:end], 0.9))
                        break
        return out

    def _initials(self, text: str) -> list[Mention]:
        """Initials ("T. P.", "T.P.") of a target the turn is about.

        One pass over the text whatever the number of targets: each letter that can start a run
        of initials (not after a word character or a dot) is followed letter by letter
        (``.``, spaces, next letter), and every prefix that ends in a dot not followed by a word
        character is looked up among the wanted initials. Same matches as one regular expression
        ``(?<![\\w.])T\\.?\\s*P\\.(?!\\w)`` per target, without scanning the text once per target.
        """
        out: list[Mention] = []
        if "." not in text:
            return out
        wanted: dict[str, list[str]] = {}
        for target in self.about:
            info = self.info.get(target)
            if info is None:
                continue
            for initials in info.initials:
                key = "".join(c.upper() for c in initials)
                if target not in wanted.setdefault(key, []):
                    wanted[key].append(target)
        if not wanted:
            return out
        longest = max(len(key) for key in wanted)
        firsts = {key[0] for key in wanted}
        size = len(text)
        for start in _INITIAL_START.finditer(text):
            letters = start.group(1)
            if letters not in firsts:
                continue
            pos = start.end()
            while True:
                if pos < size and text[pos] == "." and not (pos + 1 < size and _WORD_CHAR.match(text, pos + 1)):
                    for target in wanted.get(letters, ()):
                        out.append(Mention(target, "initials", "plain", start.start(), pos + 1,
                                           text[start.start():pos + 1], 0.8))
                if len(letters) >= longest:
                    break
                step = _INITIAL_STEP.match(text, pos)
                if step is None:
                    break
                letters += step.group(1)
                pos = step.end()
        return out

    def _foreign(self, text: str, plain: View) -> list[Mention]:
        """A name registered in another script ("卡门·蒙特内格罗") written in Latin letters."""
        targets = [(t, info.foreign) for t, info in self.info.items() if info.foreign]
        if not targets:
            return []
        from rapidfuzz.distance import Levenshtein

        folded = plain.folded
        words = [(a, b) for a, b in plain_words(plain) if folded[a:b].isalpha() and folded[a:b].isascii()]
        if len(words) > 20_000:
            words = words[:20_000]  # a very long draft: the first 20k words (see README limits)
        out: list[Mention] = []
        capital = [text[plain.starts[a]:plain.starts[a] + 1].isupper() for a, _ in words]
        for i in range(len(words)):
            if not capital[i]:
                continue  # a name starts with a capital letter
            glued = ""
            for j in range(i, min(i + 4, len(words))):
                glued += folded[words[j][0]:words[j][1]]
                sk = skeleton(glued)
                if len(sk) < 4 or not capital[j]:
                    continue
                for target, skeletons in targets:
                    for wanted in skeletons:
                        limit = 0 if len(wanted) < 6 else 1
                        if sk == wanted or (limit and abs(len(sk) - len(wanted)) <= 1
                                            and Levenshtein.distance(sk, wanted) <= limit):
                            start, end = plain.starts[words[i][0]], plain.starts[words[j][1] - 1] + 1
                            if j == i and _zipf(glued) >= KNOWN_WORD_ZIPF:
                                continue  # one dictionary word is not a transliterated name
                            out.append(Mention(target, "script", "plain", start, end, text[start:end], 0.85))
        return out


_INITIAL_START = re.compile(r"(?<![\w.])([^\W\d_])")  # a letter not after a word character or a dot
_INITIAL_STEP = re.compile(r"\.?\s*([^\W\d_])")  # optional dot, spaces, the next letter
_WORD_CHAR = re.compile(r"\w")


def plain_words(view: View) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^ ]+", view.folded)]


def collapse_placeholders(text: str, replacement: str = "[redacted]") -> str:
    """"[redacted] [redacted] Al-[redacted]" -> "[redacted]": one placeholder per name."""
    if text.count(replacement) < 2:
        return text
    token = re.escape(replacement)
    particles = "|".join(sorted(NAME_PARTICLES, key=len, reverse=True))
    glue = rf"(?:[\s\-‐–]+(?:(?:{particles})[\s\-‐–]+)?|[\s\-‐–]*(?:{particles})[\-‐–])"
    return re.sub(rf"{token}(?:{glue}{token})+", replacement, text, flags=re.IGNORECASE)


def _undecided_from(text: str) -> int:
    """Raw offset from which an unfinished text's words are undecided: the start of its last two words."""
    positions = [m.start() for m in re.finditer(r"\S+", text)]
    if not positions:
        return len(text)
    if not text[-1].isspace():
        return positions[-2] if len(positions) >= 2 else positions[-1]
    return positions[-1]


def _word_index(words: list[tuple[int, int]], position: int) -> int | None:
    for i, (a, b) in enumerate(words):
        if a <= position < b:
            return i
    return None


def _neighbour(words: list[tuple[int, int]], index: int, step: int, folded: str) -> int | None:
    """Index of the nearest word before/after ``index`` that is not a name particle."""
    j = index + step
    while 0 <= j < len(words) and folded[words[j][0]:words[j][1]] in NAME_PARTICLES:
        j += step
    return j if 0 <= j < len(words) else None


_LAST_WORD = re.compile(r"([^\W_]+)[^\w]*$", re.UNICODE)
_SAINTS = frozenset({"st", "saint", "san", "santa", "sao", "ste", "sainte"})


def _skip_possessive(words: list[tuple[int, int]], index: int, step: int, folded: str) -> int | None:
    j = index + step
    if 0 <= j < len(words) and folded[words[j][0]:words[j][1]] == "s":
        j += step
    return j if 0 <= j < len(words) else None


def _sentence_start(text: str, plain: View, word: tuple[int, int]) -> bool:
    start = plain.starts[word[0]]
    before = text[max(0, start - 3):start]
    return start == 0 or bool(re.search(r"[.!?:\n]\s*$", before))


def _raw(text: str, plain: View, word: tuple[int, int]) -> str:
    return text[plain.starts[word[0]]:plain.starts[word[1] - 1] + 1]


def _raw_word(text: str, start: int) -> str:
    end = start
    while end < len(text) and (text[end].isalnum() or text[end] in "'’-"):
        end += 1
    return text[start:end]


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a raw span to whole words (so "Basilio" is replaced whole)."""
    while start > 0 and (text[start - 1].isalnum() or _invisible(text[start - 1])):
        start -= 1
    while end < len(text) and (text[end].isalnum() or _invisible(text[end])):
        end += 1
    return start, end


def _invisible(char: str) -> bool:
    return fold(char)[0] == ""


@lru_cache(maxsize=64)
def _cached_finder(targets: tuple[str, ...], about: frozenset[str]) -> MentionFinder:
    return MentionFinder(targets, about=about)


def get_finder(targets: Sequence[str] | MentionFinder, about: Iterable[str] | None = None) -> MentionFinder:
    """A cached :class:`MentionFinder` (``targets`` may be a ``Forbidden`` tuple carrying ``about``)."""
    if isinstance(targets, MentionFinder):
        return targets
    if isinstance(targets, str):
        raise TypeError("targets must be a sequence of target strings, not a single string")
    about_set = getattr(targets, "about", None) if about is None else about
    names = tuple(dict.fromkeys(targets))
    return _cached_finder(names, frozenset(names if about_set is None else about_set))
