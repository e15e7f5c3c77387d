"""The one folding: how every matcher in guardgraph turns a text into comparable letters.

Every stage that decides whether a text mentions a forgotten target (the local token filter, the
API hold-back stream, the audit, the registry lookup, outgoing-prompt masking) folds text with
:func:`fold`, so what one stage calls "the same name" is what every stage calls it.

:func:`fold` maps a raw text to lower-case ASCII/CJK "words" separated by single spaces and keeps,
for every folded character, the index of the raw character it came from (that is what lets the
stream guard cut the raw text right before a mention). Per character and per word:

* NFKC (full-width letters, ligatures, mathematical alphanumerics), ``casefold``, combining marks
  dropped (``Zoë`` = ``Zoe``);
* invisible characters (zero-width space/joiners, soft hyphen, BOM, bidi marks, variation
  selectors: Unicode category Cf and friends) are removed *without* splitting the word, so
  ``Ta\\u200be-ho`` is ``tae ho``;
* Cyrillic/Greek look-alikes inside a word that also has Latin letters are read as the Latin letter
  they imitate (``Tае`` with Cyrillic ``а``/``е`` is ``tae``); a word written wholly in another
  script is transliterated with ``anyascii`` (``Кармен`` -> ``karmen``, ``ø`` -> ``o``);
* Chinese, Japanese and Korean characters are kept, each as a word of its own, so a name
  registered in Chinese matches inside Chinese text, which has no spaces;
* leetspeak inside a word that is mostly letters (``T4e``, ``h0``, ``B@sil``) becomes letters;
  plain numbers (``1956``) stay digits;
* a lower-to-upper case change inside a word is a word boundary (``CarmenMontenegro``,
  ``JiYeon``), so glued names split into their parts;
* every other character (punctuation, symbols, whitespace) is a separator.

:func:`views` adds the de-obfuscated readings a reader can still decode: letters spelled out with
separators (``C, a, r``; ``C/a/r``; ``C  a  r``), string concatenation (``"Car"+"men"``), reversed
text, rot13, base64 segments, and acrostics (first letters of lines). Each view is again a folded
string with raw offsets, so a hit anywhere maps back to a raw span to cut or redact.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

__all__ = ["View", "fold", "normalise", "views", "is_cjk", "translit_words", "skeleton"]

# Invisible characters that are not category Cf (which is dropped wholesale): combining grapheme
# joiner, Hangul fillers, Mongolian vowel separator variants, braille blank.
_INVISIBLE = frozenset("\u034f\u115f\u1160\u3164\uffa0\u2800\u180b\u180c\u180d\u180f")

# Cyrillic / Greek / IPA letters that look like a Latin letter (lower case, after casefold).
CONFUSABLES: dict[str, str] = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "һ": "h", "ӏ": "l", "ү": "y", "ɡ": "g", "ԍ": "g", "г": "r", "п": "n", "ь": "b", "з": "3",
    # Greek
    "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u",
    "χ": "x", "ω": "w", "ζ": "z", "η": "n", "μ": "u", "γ": "y", "ϲ": "c", "ϳ": "j",
    # IPA / Latin extensions that NFKD leaves alone
    "ɑ": "a", "ı": "i", "ȷ": "j", "ɩ": "i", "ʀ": "r", "ꞓ": "c", "ſ": "s",
}
LEET_DIGITS = {"0": "o", "1": "i", "2": "z", "3": "e", "4": "a", "5": "s", "6": "g", "7": "t", "8": "b", "9": "g"}
LEET_SYMBOLS = {"@": "a", "$": "s", "!": "i", "€": "e", "£": "l", "¡": "i"}

_CJK_RANGES = (
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0x1100, 0x11FF),
    (0x3130, 0x318F),
    (0x20000, 0x2FA1F),
)

# kinds
_DROP, _SEP, _LATIN, _DIGIT, _SYM, _CONF, _OTHER, _CJK = range(8)


_CJK_RE = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _CJK_RANGES) + "]")


def is_cjk(char: str) -> bool:
    return bool(_CJK_RE.match(char))


def has_cjk(text: str) -> bool:
    return bool(_CJK_RE.search(text))


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=16384)
def _info(char: str) -> tuple[int, str, str]:
    """(kind, folded, alternative) for one raw character.

    ``alternative`` is the transliteration of a confusable letter (used when its word has no Latin
    letters); for other kinds it equals ``folded``.
    """
    if char in _INVISIBLE:
        return _DROP, "", ""
    category = unicodedata.category(char)
    if category == "Cf" or category in {"Mn", "Me"}:
        return _DROP, "", ""
    if char.isascii():
        low = char.lower()
        if low.isalpha():
            return _LATIN, low, low
        if low.isdigit():
            return _DIGIT, low, low
        if low in LEET_SYMBOLS:
            return _SYM, LEET_SYMBOLS[low], LEET_SYMBOLS[low]
        return _SEP, " ", " "
    if char in LEET_SYMBOLS:
        return _SYM, LEET_SYMBOLS[char], LEET_SYMBOLS[char]
    text = _strip_marks(unicodedata.normalize("NFKC", char).casefold())
    text = unicodedata.normalize("NFC", text)
    if not text:
        return _DROP, "", ""
    if len(text) > 1:  # ligatures, "ß" -> "ss", "½" -> "1⁄2": fold each piece
        pieces = [_info(c) for c in text]
        letters = "".join(p[1] for p in pieces if p[0] not in (_DROP, _SEP))
        if not letters:
            return _SEP, " ", " "
        kind = _DIGIT if all(p[0] == _DIGIT for p in pieces if p[0] not in (_DROP, _SEP)) else _LATIN
        if any(p[0] == _SEP for p in pieces):
            return _SEP, " ", " "
        return kind, letters, letters
    c = text
    if c.isascii():
        return _info(c)
    if c in CONFUSABLES:
        alt = "".join(ch for ch in anyascii(c).casefold() if ch.isalnum()) or CONFUSABLES[c]
        return _CONF, CONFUSABLES[c], alt
    if c.isdigit() or c.isdecimal():
        try:
            return _DIGIT, str(unicodedata.digit(c)), str(unicodedata.digit(c))
        except (TypeError, ValueError):
            pass
    if c.isalnum():
        if is_cjk(c):
            return _CJK, c, c
        ascii_form = "".join(ch for ch in anyascii(c).casefold() if ch.isalnum())
        if not ascii_form:
            return _OTHER, c, c
        if "LATIN" in unicodedata.name(c, ""):
            return _LATIN, ascii_form, ascii_form
        return _OTHER, ascii_form, ascii_form
    return _SEP, " ", " "


def _wordish(kind: int) -> bool:
    return kind in (_LATIN, _DIGIT, _CONF, _OTHER)


# ASCII text needs the per-character path only for leetspeak (a letter next to a digit or an inner
# "@$!") and case-change word splits; everything else is lowercase words and separators.
_ASCII_SLOW = re.compile(r"[A-Za-z][0-9]|[0-9][A-Za-z]|[A-Za-z0-9][@$!][A-Za-z0-9]")
_ASCII_SLOW_CAMEL = re.compile(_ASCII_SLOW.pattern + r"|[a-z][A-Z][a-z]")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")


def _fold_ascii(text: str) -> tuple[str, list[int]]:
    """Bulk path for ASCII text without leetspeak or case-change splits (numpy, no Python loop)."""
    import numpy as np

    data = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    alnum = _ALNUM_TABLE[data]
    previous = np.concatenate(([True], alnum[:-1]))
    keep = alnum | previous  # letters/digits, and the first character of each separator run
    offsets = np.flatnonzero(keep)
    chars = np.where(alnum[offsets], _LOWER_TABLE[data[offsets]], 32).astype(np.uint8)
    return chars.tobytes().decode("ascii"), offsets.tolist()


def _tables():
    import numpy as np

    alnum = np.zeros(256, dtype=bool)
    lower = np.arange(256, dtype=np.uint8)
    for code in range(128):
        char = chr(code)
        if char.isalnum():
            alnum[code] = True
            lower[code] = ord(char.lower())
    return alnum, lower


_ALNUM_TABLE, _LOWER_TABLE = _tables()
_SLOW_ANCHOR = re.compile(r"[^\x00-\x7f]|[A-Za-z][0-9]|[0-9][A-Za-z]|[A-Za-z0-9][@$!][A-Za-z0-9]|[a-z][A-Z][a-z]")
_SLOW_ANCHOR_FLAT = re.compile(r"[^\x00-\x7f]|[A-Za-z][0-9]|[0-9][A-Za-z]|[A-Za-z0-9][@$!][A-Za-z0-9]")


_WORD_SPLIT_MIN = 64  # texts longer than this are folded word by word (same result, faster)
_SEPARATOR_CLASS = r"\s\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e"
_ANY_WORD = re.compile(rf"[^{_SEPARATOR_CLASS}]+(?:[@$!]+[^{_SEPARATOR_CLASS}]+)*")
_PLAIN_WORD = re.compile(r"[A-Za-z]+|[0-9]+")


_IS_SEPARATOR = re.compile(rf"[{_SEPARATOR_CLASS}]")


def _fold_by_words(text: str, camel: bool) -> tuple[str, list[int]]:
    """Long texts: plain ASCII stretches folded in bulk, only the other words character by character.

    Same result as :func:`_fold_chars` on the whole text (a word's folding depends only on that
    word; separators collapse to one space)."""
    out: list[str] = []
    offsets: list[int] = []
    position = 0
    size = len(text)
    state = {"space": False}

    def add(folded: str, local: list[int], base: int) -> None:
        for char, offset in zip(folded, local):
            if char == " ":
                if state["space"]:
                    continue
                state["space"] = True
            else:
                state["space"] = False
            out.append(char)
            offsets.append(base + offset)

    def add_bulk(segment: str, base: int) -> None:
        if not segment:
            return
        folded, local = _fold_ascii(segment)
        if folded.startswith(" ") and state["space"]:
            folded, local = folded[1:], local[1:]
        if folded:
            out.append(folded)
            offsets.extend([base + o for o in local] if base else local)
            state["space"] = folded.endswith(" ")

    for anchor in (_SLOW_ANCHOR if camel else _SLOW_ANCHOR_FLAT).finditer(text):
        if anchor.start() < position:
            continue
        start = anchor.start()
        while start > position and not _word_break(text, start - 1):
            start -= 1
        end = anchor.end()
        while end < size and not _word_break(text, end):
            end += 1
        add_bulk(text[position:start], position)
        folded, local = _fold_chars(text[start:end], camel)
        add(folded, local, start)
        position = end
    add_bulk(text[position:], position)
    return "".join(out), offsets


def _word_break(text: str, index: int) -> bool:
    """Whether ``text[index]`` is an ASCII separator that ends a word (leet symbols inside a word do not)."""
    char = text[index]
    if char in "@$!":
        before = text[index - 1] if index > 0 else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        return not (before.isalnum() and after.isalnum())
    return bool(_IS_SEPARATOR.match(char))


def fold(text: str, *, camel: bool = True) -> tuple[str, list[int]]:
    """Folded text (see module doc) and the raw index of every folded character.

    Leading and trailing separators are kept as one space each (a trailing space tells a
    streaming caller that a word has ended). ``fold(text)[0].strip() == normalise(text)``.
    """
    out: list[str] = []
    offsets: list[int] = []
    if not text:
        return "", offsets
    if text.isascii() and not (_ASCII_SLOW_CAMEL if camel else _ASCII_SLOW).search(text):
        return _fold_ascii(text)
    if len(text) > _WORD_SPLIT_MIN:
        return _fold_by_words(text, camel)
    return _fold_chars(text, camel)


def _fold_chars(text: str, camel: bool) -> tuple[str, list[int]]:
    """The general, character-by-character path of :func:`fold`."""
    out: list[str] = []
    offsets: list[int] = []
    infos = [_info(ch) for ch in text]
    size = len(text)

    def space(index: int) -> None:
        if not out or out[-1] != " ":
            out.append(" ")
            offsets.append(index)

    i = 0
    while i < size:
        kind = infos[i][0]
        if kind == _DROP:
            i += 1
            continue
        if kind == _CJK:
            space(i)
            out.append(infos[i][1])
            offsets.append(i)
            space(i)
            i += 1
            continue
        if not _wordish(kind):  # separators, and a leet symbol outside a word
            space(i)
            i += 1
            continue
        # a word run: wordish characters, invisible ones, and leet symbols between wordish ones
        j = i
        members: list[int] = []
        while j < size:
            k = infos[j][0]
            if _wordish(k):
                members.append(j)
            elif k == _DROP:
                pass
            elif k == _SYM:
                nxt = j + 1
                while nxt < size and infos[nxt][0] == _DROP:
                    nxt += 1
                if nxt < size and _wordish(infos[nxt][0]) and infos[nxt][0] != _DIGIT:
                    members.append(j)
                else:
                    break
            else:
                break
            j += 1
        kinds = [infos[m][0] for m in members]
        has_latin = _LATIN in kinds
        letters = sum(1 for k in kinds if k in (_LATIN, _CONF, _OTHER))
        digits = kinds.count(_DIGIT)
        leet = letters > 0 and letters >= digits
        previous_lower = False
        for m in members:
            k, folded, alternative = infos[m]
            raw = text[m]
            if k == _LATIN or k == _CONF:
                if (camel and raw.isupper() and previous_lower and out and out[-1] != " "
                        and m + 1 < size and text[m + 1].islower()):
                    out.append(" ")
                    offsets.append(m)
                previous_lower = raw.islower()
                piece = folded if (k == _LATIN or has_latin) else alternative
            elif k == _DIGIT:
                piece = LEET_DIGITS.get(folded, folded) if leet and _leet_digit(infos, members, m) else folded
                previous_lower = False
            else:  # _SYM (interior) or _OTHER
                piece = folded
                previous_lower = raw.islower()
            for ch in piece:
                out.append(ch)
                offsets.append(m)
        i = j
    return "".join(out), offsets


def _leet_digit(infos: list[tuple[int, str, str]], members: list[int], m: int) -> bool:
    """A digit reads as a letter when it stands alone between letters ("T4e", "B4s1l"), or at
    the edge of a word of at most three letters ("h0"); "Number12", "Agent7", "COVID19" keep
    their digits (identifiers, not leetspeak)."""
    position = members.index(m)
    before = infos[members[position - 1]][0] if position > 0 else None
    after = infos[members[position + 1]][0] if position + 1 < len(members) else None
    if before == _DIGIT or after == _DIGIT:
        return False
    letters = (_LATIN, _CONF, _OTHER, _SYM)
    if before in letters and after in letters:
        return True
    word_letters = sum(1 for x in members if infos[x][0] in letters)
    return word_letters <= 3


def normalise(text: str) -> str:
    """Canonical form of ``text``: its folded words joined by single spaces."""
    if not text:
        return ""
    if len(text) <= 256:
        return _normalise_short(text)
    return fold(text)[0].strip()


@lru_cache(maxsize=131072)
def _normalise_short(text: str) -> str:
    return fold(text)[0].strip()


# --------------------------------------------------------------------------------------- views
@dataclass(frozen=True)
class View:
    """One reading of a text: folded characters and, for each, the raw span it stands for."""

    name: str
    folded: str
    starts: Sequence[int]
    ends: Sequence[int] | None  # None: each folded character stands for one raw character
    known_word_check: bool = False  # hits count only where the raw words are not dictionary words

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        if self.ends is None:  # one raw character per folded character
            return min(self.starts[start:end]), max(self.starts[start:end]) + 1
        return min(self.starts[start:end]), max(self.ends[start:end])


_SINGLES = re.compile(r"(?:(?<= )|^)(?:[a-z0-9] ){2,}[a-z0-9](?= |$)")
_CONCAT = re.compile(r"""(["'`])\s*(?:\+|\.\.|\|\||&|,)?\s*\1""")
_BASE64 = re.compile(r"[A-Za-z0-9+/_-]{8,}={0,2}")
_ROT13 = str.maketrans("abcdefghijklmnopqrstuvwxyz", "nopqrstuvwxyzabcdefghijklm")


def _main_view(text: str) -> View:
    folded, offsets = fold(text)
    return View("plain", folded, offsets, None)


def _joined_singles(view: View) -> View | None:
    """Letters spelled out one by one ("c a r m e n") joined into a word."""
    folded = view.folded
    if not _SINGLES.search(folded):
        return None
    keep = [True] * len(folded)
    for match in _SINGLES.finditer(folded):
        for index in range(match.start(), match.end()):
            if folded[index] == " ":
                keep[index] = False
    chars = [i for i, k in enumerate(keep) if k]
    ends = None if view.ends is None else [view.ends[i] for i in chars]
    return View("spelled", "".join(folded[i] for i in chars), [view.starts[i] for i in chars], ends)


def _concat_view(text: str) -> View | None:
    """String concatenation ("Car"+"men", 'Car' 'men') read as one word."""
    if not _CONCAT.search(text):
        return None
    keep = [True] * len(text)
    for match in _CONCAT.finditer(text):
        for index in range(match.start(), match.end()):
            keep[index] = False
    raw_indices = [i for i, k in enumerate(keep) if k]
    folded, offsets = fold("".join(text[i] for i in raw_indices))
    return View("concat", folded, [raw_indices[o] for o in offsets], None)


def _flat_view(text: str) -> View:
    """The plain view without case-change word splits (reversed/rot13 text has random case)."""
    folded, offsets = fold(text, camel=False)
    return View("flat", folded, offsets, None)


_LEET_COMPOUND = re.compile(r"[A-Za-z0-9@$!]+(?:[-_.'][A-Za-z0-9@$!]+)*")
_LEET_ALL = str.maketrans(LEET_DIGITS)


def _leet_view(text: str) -> View | None:
    """Heavy leetspeak ("743-h0", "M0n73n3gr0"): every digit of a word that also has letters (or of a
    hyphenated compound that has some) read as a letter. Hits count only where a digit was read."""
    if not any(c.isdigit() for c in text):
        return None
    chars = list(text)
    changed = False
    for match in _LEET_COMPOUND.finditer(text):
        token = match.group(0)
        if any(c.isalpha() for c in token) and any(c.isdigit() for c in token):
            for index in range(match.start(), match.end()):
                if chars[index].isdigit():
                    chars[index] = chars[index].translate(_LEET_ALL)
                    changed = True
    if not changed:
        return None
    folded, offsets = fold("".join(chars))
    return View("leet", folded, offsets, None)


def _reversed_view(view: View) -> View:
    ends = None if view.ends is None else view.ends[::-1]
    return View("reversed", view.folded[::-1], view.starts[::-1], ends, known_word_check=True)


def _rot13_view(view: View) -> View:
    return View("rot13", view.folded.translate(_ROT13), view.starts, view.ends, known_word_check=True)


def _base64_views(text: str) -> list[View]:
    out: list[View] = []
    for match in _BASE64.finditer(text):
        token = match.group(0)
        if token.isalpha() and (token.islower() or token.isupper() or len(token) < 12):
            continue  # an ordinary word, not an encoding
        padded = token.replace("-", "+").replace("_", "/").rstrip("=")
        padded += "=" * (-len(padded) % 4)
        try:
            decoded = base64.b64decode(padded, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            continue
        if not decoded or sum(ch.isprintable() or ch.isspace() for ch in decoded) < 0.9 * len(decoded):
            continue
        folded, _ = fold(decoded)
        n = len(folded)
        out.append(View("base64", folded, (match.start(),) * n, (match.end(),) * n))
    return out


def _acrostic_view(text: str) -> View | None:
    """First letters of consecutive lines (3+ lines), read as one word."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    if len(lines) < 3:
        return None
    letters: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for start, end in lines:
        folded, offsets = fold(text[start:end])
        stripped = folded.lstrip()
        if not stripped:
            continue
        # skip list markers ("1.", "-", "*"): the first letter-bearing word counts
        letter = stripped[0]
        letters.append(letter)
        starts.append(start)
        ends.append(end)
    if len(letters) < 3:
        return None
    return View("acrostic", "".join(letters), tuple(starts), tuple(ends))


def views(text: str, *, plain: View | None = None) -> list[View]:
    """Every reading of ``text`` the matchers search: plain first, then the de-obfuscated ones."""
    main = plain or _main_view(text)
    out = [main]
    for extra in (_joined_singles(main), _concat_view(text)):
        if extra is not None:
            out.append(extra)
            spelled = _joined_singles(extra) if extra.name == "concat" else None
            if spelled is not None:
                out.append(spelled)
    leet = _leet_view(text)
    if leet is not None:
        out.append(leet)
    flat = _flat_view(text) if any(c.isupper() for c in text) else main
    out.append(_reversed_view(flat))
    out.append(_rot13_view(flat))
    out.extend(_base64_views(text))
    acrostic = _acrostic_view(text)
    if acrostic is not None:
        out.append(acrostic)
    return out


# ------------------------------------------------------------------ other scripts, sound-alikes
_SKELETON_RULES = [
    (re.compile(r"ph"), "f"), (re.compile(r"gh|kh"), "g"), (re.compile(r"ck|q"), "k"), (re.compile(r"x"), "ks"),
    (re.compile(r"c(?=[eiy])"), "s"), (re.compile(r"c"), "k"), (re.compile(r"z"), "s"), (re.compile(r"l"), "r"),
    (re.compile(r"v"), "f"), (re.compile(r"p"), "b"), (re.compile(r"ng(?=[^aeiouy]|$)"), "n"),
    (re.compile(r"[aeiouyhw]"), ""),
    (re.compile(r"(.)\1+"), r"\1"),
]


@lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """Consonant skeleton of a folded word, tolerant to transliteration (Arabic drops vowels,
    Chinese has l for r): "montenegro" -> "mntngr", "mwntynyghrw" -> "mntngr"."""
    out = word
    for pattern, repl in _SKELETON_RULES:
        out = pattern.sub(repl, out)
    return out


def translit_words(text: str) -> list[tuple[str, int, int]]:
    """Words of non-Latin script runs transliterated to ASCII, with their raw spans.

    CJK runs have no spaces: every window of up to 6 consecutive characters is a candidate word.
    Other scripts (Arabic, Cyrillic, Greek, Hebrew, Devanagari...) give one word per raw word.
    """
    out: list[tuple[str, int, int]] = []
    for match in re.finditer(r"[^\s\d!-/:-@\[-`{-~\u3000-\u303f\uff01-\uff0f\u00b7\u30fb]+", text):
        run = match.group(0)
        if not any(c.isalpha() and ord(c) > 0x24F for c in run):
            continue  # Latin script (the plain reading covers it)
        if any(is_cjk(c) for c in run):
            chars = [(i, c) for i, c in enumerate(run) if is_cjk(c)]
            sylls = ["".join(ch for ch in anyascii(c).casefold() if ch.isalnum()) for _, c in chars]
            for a in range(len(chars)):
                for b in range(a + 1, min(len(chars), a + 6) + 1):
                    word = "".join(sylls[a:b])
                    if len(word) >= 3:
                        out.append((word, match.start() + chars[a][0], match.start() + chars[b - 1][0] + 1))
        else:
            word = "".join(ch for ch in anyascii(run).casefold() if ch.isalnum())
            if word:
                out.append((word, match.start(), match.end()))
    return out


def rot13(text: str) -> str:
    return codecs.encode(text, "rot13")
