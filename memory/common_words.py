"""Is a word too common to be forgotten (blocked) on its own?

A forget target is turned into blocked words. A frequent word on its own ("weather", "answer",
"responses", "mind", "boss") must never become one: blocking it breaks every later answer. This
module answers two questions with the maintained ``wordfreq`` package (offline word lists that
ship with the wheel):

* ``is_common(word, lang)`` -- the word's Zipf frequency is at least ``COMMON_ZIPF`` (4.0, i.e. about
  once per 100 000 words: "weather" 4.9, "answer" 5.3, "author" 4.9, while surnames such as
  "Reyes" 3.4 or "Kessler" 3.2 and made-up names score below) in ``lang`` *or* in English (chat in any
  language mixes English words), or it is a short function word / stop word listed here.
* ``only_common_words(target)`` -- every word of the target is common and none of them is in a
  naming position (a capitalised word that is not the first word of the target, or a capitalised
  first word that is only moderately frequent, such as "Paris" or "Carmen"). "the weather", "never
  mind", "answer my question", "die Firma" (lang="de") -> True (not stored); "Dana Reyes", "Paris",
  "The Glass Orchard", "Forget Me Not" (a Title Case title), "555-0142" -> False.

Chinese and Japanese are looked up in wordfreq's frequency dictionary directly (its tokenizer for
those languages needs optional packages), so a CJK target counts as common only when it is itself
a frequent dictionary word (天气, 没关系). Lookups are cached; the first call per language loads the
word list (~0.1-0.2 s), later calls take microseconds.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

__all__ = ["COMMON_ZIPF", "is_common", "only_common_words", "common_parts", "zipf"]

#: Zipf frequency (log10 of occurrences per billion words) from which a word counts as common.
COMMON_ZIPF = 4.0
#: A capitalised first word at or above this frequency is treated as an ordinary word, not a name.
NAMING_ZIPF = 5.0

_LANGS = {"en", "fr", "es", "de", "pt", "it", "zh", "ja", "ru", "ar", "hi", "nl", "pl", "tr", "ko", "sv"}
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_CASELESS = re.compile(r"[\u0600-\u06ff\u0900-\u097f\u0980-\u0dff\u0e00-\u0e7f]")
_WORD = re.compile(r"[\w'’-]+", re.UNICODE)

# Function words and chat fillers that wordfreq may rank slightly below the threshold in some list.
_STOP = {
    "the", "a", "an", "my", "your", "his", "her", "our", "their", "its", "this", "that", "these", "those",
    "it", "me", "you", "him", "them", "us", "of", "to", "in", "on", "at", "for", "from", "with", "about",
    "and", "or", "but", "not", "no", "never", "again", "any", "all", "some", "please", "pls", "plz", "u",
    "le", "la", "les", "un", "une", "des", "du", "de", "mon", "ma", "mes", "el", "los", "las", "mi", "mis",
    "der", "die", "das", "den", "dem", "ein", "eine", "mein", "meine", "il", "lo", "gli", "o", "os", "as",
    "meu", "minha", "и", "мой", "моя", "мои", "этот", "эта",
}


def _norm(word: str) -> str:
    return unicodedata.normalize("NFC", word).strip().strip("\"'“”‘’«»()[]{}.,;:!?")


@lru_cache(maxsize=8)
def _freq_dict(lang: str) -> dict[str, float]:
    import wordfreq

    return wordfreq.get_frequency_dict(lang)


@lru_cache(maxsize=65536)
def zipf(word: str, lang: str = "en") -> float:
    """Zipf frequency of one word in ``lang`` (0.0 when unknown or the language is unsupported)."""
    word = _norm(word).lower()
    if not word:
        return 0.0
    lang = (lang or "en").lower().split("-")[0]
    if lang not in _LANGS:
        lang = "en"
    if lang in {"zh", "ja", "ko"} or _CJK.search(word):
        best = 0.0
        for cjk_lang in ([lang] if lang in {"zh", "ja", "ko"} else []) + ["zh", "ja"]:
            try:
                freq = _freq_dict(cjk_lang).get(word, 0.0)
            except Exception:  # noqa: BLE001 - missing word list: unknown word
                freq = 0.0
            if freq > 0:
                best = max(best, math.log10(freq) + 9)
        return round(best, 2)
    try:
        import wordfreq

        return float(wordfreq.zipf_frequency(word, lang))
    except Exception:  # noqa: BLE001 - wordfreq tokenizer extras missing for this language
        try:
            freq = _freq_dict(lang).get(word, 0.0)
            return round(math.log10(freq) + 9, 2) if freq > 0 else 0.0
        except Exception:  # noqa: BLE001
            return 0.0


def is_common(word: str, lang: str | None = None) -> bool:
    """True when ``word`` is frequent (Zipf >= ``COMMON_ZIPF``) in ``lang`` or English, or a stop word.

    Words containing digits or ``@`` (numbers, IDs, e-mail addresses) are never common.
    """
    w = _norm(word)
    if not w:
        return True
    if any(ch.isdigit() for ch in w) or "@" in w:
        return False
    low = w.lower()
    if low in _STOP:
        return True
    langs = ["en"]
    if lang and lang.lower().split("-")[0] != "en":
        langs.insert(0, lang.lower().split("-")[0])
    return any(zipf(low, lg) >= COMMON_ZIPF for lg in langs)


def _words(target: str) -> list[str]:
    if _CJK.search(target or ""):
        # CJK has no spaces: keep runs of CJK characters as one "word", split the rest normally.
        parts = re.findall(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]+|[\w'’-]+", target)
        return [p for p in parts if p]
    return _WORD.findall(target or "")


def common_parts(target: str, lang: str | None = None) -> list[str]:
    """The words of ``target`` that are common on their own (never to be blocked alone)."""
    return [w for w in _words(target) if is_common(w, lang)]


def _naming_position(word: str, first: bool, lang: str | None) -> bool:
    if not word[:1].isupper() or word.isupper() and len(word) > 1 and word.lower() in _STOP:
        return False
    if word.lower() in _STOP:
        return False
    if (lang or "").startswith("de") and is_common(word, "de"):
        return False  # German capitalises every noun: capitals say nothing there
    if not first:
        return True
    langs = ["en"] + ([lang] if lang else [])
    return max(zipf(word.lower(), lg) for lg in langs) < NAMING_ZIPF


def only_common_words(target: str, lang: str | None = None) -> bool:
    """True when ``target`` holds nothing worth forgetting: every word is common and none names something.

    Empty or punctuation-only targets count as common-only (nothing to store).
    """
    words = _words(target)
    if not words:
        return True
    capitalised = [w for w in words if w[:1].isupper()]
    if len(words) >= 2 and len(capitalised) == len(words):
        return False  # a title or a full name in Title Case ("Forget Me Not", "Jürgen Hoffmann") names something
    if len(words) >= 2 and all(_CASELESS.search(w) for w in words):
        return False  # scripts without capitals (Devanagari, Arabic): a multi-word target is a name
    for i, word in enumerate(words):
        if not is_common(word, lang):
            return False
        if _naming_position(word, i == 0, lang):
            return False
    return True
