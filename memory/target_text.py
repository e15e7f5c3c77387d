"""Text normalisation and "distinctive name parts" for forget targets.

Every component that decides whether a text mentions a forgotten target (the registry's exact
matcher, the guarded-decoding token filter, the unlearning agents) must agree on what "the same
name" means, otherwise one stage lets through what another would have blocked. This module is that
single definition:

* :func:`normalise` maps surface variants of a text (case, Unicode compatibility forms, accents,
  punctuation, spacing) onto one canonical string of space-separated tokens.
* :func:`distinctive_parts` lists the pieces of a multi-word name that identify it on their own
  ("Mahfouz", "Kuwaiti"), so "what did Mahfouz write?" is caught even though the full name is absent,
  while pieces that would match half the English language ("The", "of", "de", "New") are dropped.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "AMBIGUOUS_ZIPF", "COMMON_WORDS", "NAME_PARTICLES", "distinctive_parts", "is_ambiguous", "is_distinctive",
    "name_parts", "normalise", "tokens",
]

# Anything that is not a letter or digit separates tokens. Underscore counts as punctuation here
# (``\w`` would keep it) so "al_kuwaiti" and "al-kuwaiti" normalise alike.
_SEPARATORS = re.compile(r"[\W_]+", re.UNICODE)
# Splits a raw (not yet normalised) token into its hyphen/apostrophe-joined pieces.
_JOINERS = re.compile(r"[-\u2010-\u2015\u2212'\u2019\u02bc.\u00b7\u30fb]+")

# Particles and honorifics that appear inside names but never identify anyone by themselves.
NAME_PARTICLES: frozenset[str] = frozenset(
    """
    al el bin ibn bint abu abd ben bat da das de del della der des di do dos du la le les lo los mac
    mc o van von vom zu zum zur ter ten st ste saint san santa mr mrs ms miss mx dr prof professor
    sir dame lord lady madam madame mme mlle herr frau senor senora jr sr ii iii iv phd md esq
    """.split()
)

# Frequent English words. A name part that is also an everyday word ("Young", "Little", "New")
# would make the exact matcher fire on unrelated questions, so such parts are not used on their own.
# Hand-written list; deliberately conservative (it does not include words that are mostly names).
COMMON_WORDS: frozenset[str] = frozenset(
    """
    the a an and or but nor not no yes of in on at to for from by with without about above below
    over under into onto upon off out up down than then that this these those there here where when
    what which who whom whose why how all any some many much more most less least few each every
    both either neither other another such same own only just also very too so as if else while
    because though although since until unless whether again ever never always often sometimes
    is am are was were be been being have has had having do does did doing done will would shall
    should can could may might must ought get got gets getting make made makes making go goes went
    gone going come came comes coming take took taken takes see saw seen sees know knew known knows
    think thought say said says tell told give gave given find found use used work works worked call
    called try tried ask asked need needs feel felt become became leave left put keep kept let begin
    began seem seemed help show showed shown hear heard play played run ran move moved live lived
    believe bring brought happen happened write wrote written provide sit sat stand stood lose lost
    pay paid meet met include continue set learn change lead led understand watch follow stop create
    speak spoke read allow add spend grow grew open walk win won offer remember love loved consider
    appear buy wait serve die died send sent expect build built stay fall fell cut reach kill killed
    remain suggest raise pass sell sold require report decide pull born
    i me my mine myself you your yours yourself he him his himself she her hers herself it its itself
    we us our ours ourselves they them their theirs themselves one two three four five six seven
    eight nine ten hundred thousand million billion first second third last next new old good bad
    great big small little large long short high low young early late right wrong real best better
    worse worst full free sure true false whole general public private local national international
    social political economic human black white red blue green yellow brown gray grey dark light
    man men woman women child children people person family friend friends mother father son daughter
    brother sister wife husband king queen prince princess president minister general captain
    world country city town state states nation home house room school college university company
    group team party government war peace law book books story stories novel novels poem poems song
    songs film films movie movies show shows game games music art history science life death love
    time times year years day days week month night morning evening today tomorrow yesterday moment
    way ways thing things part place places case point fact facts number numbers name names word words
    question answer problem system program money water fire earth air sun moon star stars sea river
    mountain island lake north south east west central upper lower great grand holy royal united
    street road hill park center centre church hall court club hotel bank market field fields forest
    wood woods stone rock gold silver iron glass paper head hand hands face eye eyes heart body mind
    side end top bottom front back left right half king kings lord lords god gods
    what's who's it's author writer wrote born died famous known called
    """.split()
)

_MIN_PART_LEN = 3
#: A name part at least this frequent in English (wordfreq Zipf) is also an ordinary word ("Basil",
#: "Park", "Rose", "Carmen", "Williams"): it is *ambiguous* and only blocked in a naming position or
#: while the turn is about its target (see :func:`name_parts`).
AMBIGUOUS_ZIPF = 2.75


def normalise(text: str) -> str:
    """Canonical form used for every name comparison in guardgraph (the one folding).

    Delegates to :func:`guardgraph.tools.mention.folding.normalise`: NFKC, casefold, accents,
    invisible characters, homoglyphs, leetspeak, glued names, other scripts (see there). The result
    is lower-case tokens joined by single spaces, no leading/trailing space.
    """
    return _folding().normalise(text)


def tokens(text: str) -> list[str]:
    """The normalised tokens of ``text``."""
    return normalise(text).split()


def is_distinctive(token: str) -> bool:
    """Whether a single (raw or normalised) token can identify a name on its own.

    Rejected: tokens shorter than three characters, numbers, name particles/honorifics and common
    English words. Everything else (including rare words) is accepted: for forgetting, a missed
    mention is worse than an extra candidate that a later, more precise stage discards.
    """
    norm = normalise(token)
    if norm and _is_cjk_word(norm):  # CJK characters fold to one word each: "卡 门"
        return len(norm.replace(" ", "")) >= 2
    if " " in norm:
        return False
    if len(norm) < _MIN_PART_LEN:
        return False
    if norm.isdigit():
        return False
    return norm not in NAME_PARTICLES and norm not in COMMON_WORDS and not is_ambiguous(norm)


def _is_cjk_word(norm: str) -> bool:
    return _folding().has_cjk(norm)


def _folding():
    global _FOLDING
    if _FOLDING is None:
        from guardgraph.tools.mention import folding

        _FOLDING = folding
    return _FOLDING


_FOLDING = None


def is_ambiguous(token: str) -> bool:
    """Whether a (single-word) name part is also an ordinary word or a well-known name.

    True for hand-listed common words and for words with an English (or any-language, via
    ``memory.common_words``) Zipf frequency >= :data:`AMBIGUOUS_ZIPF`: "basil", "park", "rose",
    "carmen", "montenegro", "kuwaiti". Such parts are never blocked on their own everywhere.
    """
    norm = normalise(token)
    if not norm or " " in norm or norm.isdigit():
        return False
    if norm in COMMON_WORDS:
        return True
    if _is_cjk_word(norm):
        return False
    from guardgraph.memory.common_words import is_common, zipf

    return is_common(norm) or zipf(norm, "en") >= AMBIGUOUS_ZIPF


def _function_word(norm: str) -> bool:
    """"the", "of", "new", "and": never a name part, not even an ambiguous one."""
    from guardgraph.memory.common_words import _STOP, zipf

    return norm in _STOP or zipf(norm, "en") >= 6.0


def name_parts(target: str) -> list[tuple[str, bool]]:
    """Every part of a name that may identify it, with whether the part is ambiguous.

    ``distinctive_parts`` (full name + unambiguous parts) first, then the ambiguous single-word
    parts ("Basil", "Park"); particles ("al", "de") and one-letter words are never parts. Hyphenated
    and multi-word parts also appear glued ("jiyeon", "alkuwaiti"), for dropped hyphens.
    """
    out: list[tuple[str, bool]] = [(p, False) for p in distinctive_parts(target)]
    if len(out) == 1 and " " not in normalise(out[0][0]) and is_ambiguous(out[0][0]):
        # a one-word target that is also an ordinary word ("Rose", "Paris"): blocked where it names
        # something (capitalised, in a turn about it), not as the common noun ("a rose garden")
        return [(out[0][0], True)]
    seen = {normalise(p) for p, _ in out}
    for part, _ in list(out):
        norm = normalise(part)
        if " " in norm:
            glued = norm.replace(" ", "")
            if glued not in seen and len(glued) >= 5:
                seen.add(glued)
                out.append((glued, False))
    for raw in " ".join(target.split()).split():
        for piece in [p for p in _JOINERS.split(raw.strip("\"“”‘’'()[]{}<>,;:!?.")) if p]:
            norm = normalise(piece)
            if (norm and norm not in seen and " " not in norm and len(norm) >= _MIN_PART_LEN
                    and norm not in NAME_PARTICLES and not norm.isdigit() and not _function_word(norm)):
                seen.add(norm)
                out.append((piece, True))
    return out


def distinctive_parts(target: str) -> list[str]:
    """The full name followed by its distinctive parts, in name order, without duplicates.

    Parts keep their original spelling (normalise them before matching). A hyphenated or
    apostrophised token contributes itself and its distinctive pieces::

        >>> distinctive_parts("Basil Mahfouz Al-Kuwaiti")
        ['Basil Mahfouz Al-Kuwaiti', 'Basil', 'Mahfouz', 'Al-Kuwaiti', 'Kuwaiti']
        >>> distinctive_parts("The Count of Monte Cristo")
        ['The Count of Monte Cristo', 'Count', 'Monte', 'Cristo']

    A single-word target yields just itself; an empty or all-punctuation target yields ``[]``.
    """
    full = " ".join(target.split())
    if not normalise(full):
        return []
    parts = [full]
    seen = {normalise(full)}

    def keep(piece: str) -> None:
        norm = normalise(piece)
        if norm and norm not in seen:
            seen.add(norm)
            parts.append(piece)

    for raw in full.split():
        raw = raw.strip("\"“”‘’'()[]{}<>,;:!?.")
        if not raw:
            continue
        pieces = [p for p in _JOINERS.split(raw) if p]
        if len(pieces) > 1:
            # A joined token ("Al-Kuwaiti", "Ji-Yeon") is distinctive when any piece is not a particle:
            # the hyphenated form is rarer than each of its pieces.
            if any(normalise(p) not in NAME_PARTICLES and len(normalise(p)) >= 2 for p in pieces) and len(
                normalise(raw).replace(" ", "")
            ) >= 5:
                keep(raw)
            for piece in pieces:
                if is_distinctive(piece):
                    keep(piece)
        elif is_distinctive(raw):
            keep(raw)
    return parts
