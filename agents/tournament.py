"""Pick the best of N candidate answers from pairwise comparisons, under a hard call budget.

This module is pure: it never talks to a model. A *judge* is any callable
``compare(a, b) -> P(a is better than b)`` that costs exactly one model call with ``a`` shown in
slot A; the verifier agent wraps a chat model into one. Keeping the algorithm apart from the
prompting is what lets the benchmark drive the same code with a simulated judge of known accuracy.

Why the choices made here:

* **Both orders.** LLM judges prefer one position. Asking ``(a, b)`` and ``(b, a)`` and averaging
  ``P(a>b)`` with ``1 - P(b>a)`` cancels a constant position preference; two discrete verdicts
  that disagree become a 0.5 "can't tell" outcome instead of a spurious win.
* **A rating with uncertainty.** Ratings are Weng-Lin Bradley-Terry (``openskill``) with a mean
  ``mu`` and a standard deviation ``sigma`` per candidate, so the next pair can be chosen by how
  much is still unknown, not by a fixed schedule.
* **Best, not a full order.** After a coverage round (every candidate meets two opponents), each
  next pair is a plausible best (the argmax of a Thompson draw from the ratings) against the
  opponent most likely to overturn it, weighted by that opponent's sigma. Candidates far below
  the top stop receiving calls; an unlucky best with a vague rating keeps being revisited.
* **Exact budget.** ``budget_calls`` counts model calls; a comparison that does not fit in the
  remaining budget is not started, so the count never exceeds it.
* **Duplicates are free.** Candidates with the same (whitespace-normalised) text form one group
  that is judged once and shares its rating; they tie with each other without a model call.

Also here, because the verifier offers them as methods: the V_1-Infer reference scheme (coverage
+ Swiss rounds, one order per comparison, margin-weighted win rate), pointwise scoring and
majority vote on extracted final answers. Benchmark-only schedules (random pairs, full
round-robin) live in ``benchmarks/tournament_baselines.py`` and plug in through
:func:`register_pair_method`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from openskill.models import BradleyTerryFull

Compare = Callable[[Mapping[str, Any], Mapping[str, Any]], Any]
Rate = Callable[[Mapping[str, Any]], "float | None"]
PairMethod = str  # "pairwise", "vinfer", or a method registered with register_pair_method
PairRunner = Callable[["Arena", np.random.Generator, "list[tuple[int, int]] | None"], "SkillRatings | None"]

P_BEST_SAMPLES = 4000
COVERAGE_DEGREE = 2


# --------------------------------------------------------------------------- judge verdicts


def verdict_probability(value: Any) -> float:
    """Turn what a judge returned into ``P(a better)``: a float in [0, 1], ``"A"``/``"B"``/``"tie"``.

    A judge that returns something else is a bug in the judge, so it raises instead of guessing.
    """
    if isinstance(value, str):
        key = value.strip().lower()
        if key in {"a", "first"}:
            return 1.0
        if key in {"b", "second"}:
            return 0.0
        if key in {"tie", "", "none", "unknown", "?"}:
            return 0.5
        raise ValueError(f"judge verdict {value!r} is not 'A', 'B', 'tie' or a probability")
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"judge returned {value!r}; expected P(a better than b) in [0, 1]") from None
    if not math.isfinite(number) or not 0.0 <= number <= 1.0:
        raise ValueError(f"judge returned {number!r}; expected P(a better than b) in [0, 1]")
    return number


def combine_orders(p_ab: float, p_ba: float) -> float:
    """``P(a better)`` from the verdict with ``a`` first and the verdict with ``b`` first.

    Averaging cancels a constant position bias; two opposite discrete verdicts give 0.5.
    """
    return (p_ab + (1.0 - p_ba)) / 2.0


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Match:
    """One comparison between unique-text groups ``i`` and ``j``: ``outcome`` = P(i better)."""

    i: int
    j: int
    outcome: float
    calls: int
    verdicts: tuple[float, ...]


@dataclass
class TournamentResult:
    """Ranking (best first), the calls spent and the comparisons made.

    Each ranking entry: ``id`` (the candidate's id, else its index), ``index`` (position in the
    input), ``mu``/``sigma`` (rating or win-rate posterior), ``score`` (what the list is sorted
    by), ``confidence`` (estimated P(this text is the best)), ``p_beats_next`` (P(this entry's
    text beats the next different text)), ``matches`` and ``duplicates`` (size of its text group).
    """

    method: str
    ranking: list[dict[str, Any]]
    calls: int
    budget: int
    matches: list[Match] = field(default_factory=list)
    fallback: str | None = None
    progress: list[tuple[int, int]] = field(default_factory=list)

    @property
    def best(self) -> dict[str, Any]:
        return self.ranking[0]


# --------------------------------------------------------------------------- helpers


def normalize_text(text: str) -> str:
    """Whitespace-insensitive key used to detect duplicate candidates."""
    return " ".join((text or "").split())


def candidate_id(candidate: Mapping[str, Any], index: int) -> Any:
    value = candidate.get("id")
    return index if value is None else value


_ERF = np.frompyfunc(math.erf, 1, 1)


def _normal_cdf(x: np.ndarray | float) -> np.ndarray:
    """Standard normal CDF (openskill's win-probability form) without a scipy dependency."""
    return 0.5 * (1.0 + np.asarray(_ERF(np.asarray(x, dtype=float) / math.sqrt(2.0)), dtype=float))


def p_best_normal(means: Sequence[float], sds: Sequence[float], rng: np.random.Generator) -> np.ndarray:
    """Monte-Carlo P(each is the maximum) for independent normal beliefs; ties split evenly."""
    means_arr = np.asarray(means, dtype=float)
    sds_arr = np.maximum(np.asarray(sds, dtype=float), 1e-9)
    if means_arr.size == 1:
        return np.ones(1)
    draws = rng.normal(means_arr, sds_arr, size=(P_BEST_SAMPLES, means_arr.size))
    return np.bincount(draws.argmax(axis=1), minlength=means_arr.size) / P_BEST_SAMPLES


def p_best_beta(wins: Sequence[float], losses: Sequence[float], rng: np.random.Generator) -> np.ndarray:
    """P(each has the highest win probability) under Beta(1 + wins, 1 + losses) beliefs."""
    wins_arr = np.asarray(wins, dtype=float)
    if wins_arr.size == 1:
        return np.ones(1)
    draws = rng.beta(1.0 + wins_arr, 1.0 + np.asarray(losses, dtype=float), size=(P_BEST_SAMPLES, wins_arr.size))
    return np.bincount(draws.argmax(axis=1), minlength=wins_arr.size) / P_BEST_SAMPLES


# --------------------------------------------------------------------------- the arena


class Arena:
    """Unique-text groups, the call counter and the match log shared by every pairing strategy."""

    def __init__(
        self,
        candidates: Sequence[Mapping[str, Any]],
        compare: Compare,
        budget: int,
        max_meetings: int | None,
    ) -> None:
        self.candidates = list(candidates)
        self.compare = compare
        self.budget = budget
        self.max_meetings = max_meetings
        keys: dict[str, int] = {}
        self.members: list[list[int]] = []
        self.group_of: list[int] = []
        for index, candidate in enumerate(self.candidates):
            key = normalize_text(str(candidate.get("text") or ""))
            if key not in keys:
                keys[key] = len(self.members)
                self.members.append([])
            self.members[keys[key]].append(index)
            self.group_of.append(keys[key])
        self.n = len(self.members)
        self.meetings = np.zeros((self.n, self.n), dtype=int)
        self.calls = 0
        self.matches: list[Match] = []
        self.soft_wins = np.zeros(self.n)
        self.played = np.zeros(self.n)

    def representative(self, group: int) -> Mapping[str, Any]:
        return self.candidates[self.members[group][0]]

    def can_afford(self, cost: int) -> bool:
        return self.calls + cost <= self.budget

    def eligible(self, i: int, j: int) -> bool:
        return i != j and (self.max_meetings is None or self.meetings[i, j] < self.max_meetings)

    def eligible_mask(self) -> np.ndarray:
        mask = ~np.eye(self.n, dtype=bool)
        if self.max_meetings is not None:
            mask &= self.meetings < self.max_meetings
        return mask

    def _ask(self, first: int, second: int) -> float:
        self.calls += 1  # counted before the call: a call that raises was still spent
        return verdict_probability(self.compare(self.representative(first), self.representative(second)))

    def play(self, i: int, j: int, *, both_orders: bool) -> float | None:
        """Compare groups ``i`` and ``j`` (``i`` in slot A first); None when the budget cannot pay."""
        cost = 2 if both_orders else 1
        if not self.can_afford(cost) or not self.eligible(i, j):
            return None
        if both_orders:
            p_ij = self._ask(i, j)
            p_ji = self._ask(j, i)
            outcome, verdicts = combine_orders(p_ij, p_ji), (p_ij, p_ji)
        else:
            outcome = self._ask(i, j)
            verdicts = (outcome,)
        self.meetings[i, j] += 1
        self.meetings[j, i] += 1
        self.soft_wins[i] += outcome
        self.soft_wins[j] += 1.0 - outcome
        self.played[i] += 1
        self.played[j] += 1
        self.matches.append(Match(i, j, outcome, cost, verdicts))
        return outcome

    def group_sizes(self) -> np.ndarray:
        return np.array([len(m) for m in self.members])


def coverage_pairs(n: int, rng: np.random.Generator) -> list[tuple[int, int]]:
    """A random cycle: every group meets two distinct opponents (one when n == 2); connected."""
    if n < 2:
        return []
    if n == 2:
        return [(0, 1)]
    order = [int(x) for x in rng.permutation(n)]
    return [(order[k], order[(k + 1) % n]) for k in range(n)]


def _leader(scores: np.ndarray, sizes: np.ndarray) -> int:
    """Highest score; ties go to the larger duplicate group, then to the earlier group."""
    tied = np.flatnonzero(scores == scores.max())
    if tied.size == 1:
        return int(tied[0])
    return int(tied[np.argmax(sizes[tied])])  # argmax keeps the first (earliest) among equals


# --------------------------------------------------------------------------- ratings


class SkillRatings:
    """openskill Bradley-Terry ratings over groups, with soft (fractional) outcomes.

    openskill only knows win/tie/loss, so an outcome ``p`` is applied as the tie update moved
    ``|2p - 1|`` of the way towards the win (or loss) update: 1 and 0 are exact wins and losses,
    0.5 is a tie (means move together, sigmas shrink: "we compared and could not tell").
    ``tau = 0`` because answer quality does not drift during one verification.
    """

    def __init__(self, n: int) -> None:
        self.model = BradleyTerryFull(tau=0.0)
        self.sigma0 = float(self.model.sigma)
        self.beta = float(self.model.beta)
        self.mu = np.full(n, float(self.model.mu))
        self.sigma = np.full(n, self.sigma0)
        self.players = [self.model.rating() for _ in range(n)]  # rate() copies; inputs stay valid

    def _rate(self, i: int, j: int, ranks: list[int]) -> tuple[Any, Any]:
        [[ra], [rb]] = self.model.rate([[self.players[i]], [self.players[j]]], ranks=ranks)
        return ra, rb

    def update(self, i: int, j: int, outcome: float) -> None:
        weight = abs(2.0 * outcome - 1.0)
        if weight < 1e-9:
            new_i, new_j = self._rate(i, j, [0, 0])
        else:
            new_i, new_j = self._rate(i, j, [0, 1] if outcome > 0.5 else [1, 0])
            if weight < 1.0 - 1e-9:
                tie_i, tie_j = self._rate(i, j, [0, 0])
                for new, tie in ((new_i, tie_i), (new_j, tie_j)):
                    new.mu = tie.mu + weight * (new.mu - tie.mu)
                    new.sigma = tie.sigma + weight * (new.sigma - tie.sigma)
        self.players[i], self.players[j] = new_i, new_j
        self.mu[i], self.sigma[i] = new_i.mu, new_i.sigma
        self.mu[j], self.sigma[j] = new_j.mu, new_j.sigma

    def win_matrix(self) -> np.ndarray:
        """Predicted P(i beats j) for all pairs (openskill's normal-CDF form)."""
        spread = np.sqrt(self.sigma[:, None] ** 2 + self.sigma[None, :] ** 2 + 2.0 * self.beta**2)
        return _normal_cdf((self.mu[:, None] - self.mu[None, :]) / spread)


def select_informative_pair(
    ratings: SkillRatings, arena: Arena, rng: np.random.Generator
) -> tuple[int, int] | None:
    """The next pair: a plausible best (Thompson draw) against its most threatening opponent.

    The leader is the argmax of one draw from the N(mu, sigma) beliefs, so a candidate is put
    forward in proportion to its current chance of being the best: the top gets most calls, but
    an unlucky true best with a vague rating still gets revisited. Its opponent maximises
    ``P(j beats leader) * sigma_j / sigma0``: the comparison most likely to overturn the
    leader, weighted by how much is still unknown about ``j``. (A fixed-leader rule scoring all
    pairs by ``4p(1-p)`` times a top weight plateaued near 80-85 % for N=32, p=0.7 in the
    benchmark: it stopped revisiting a true best that lost its early games.)
    Returns None when no pair may be compared again (``max_meetings``).
    """
    draw = rng.normal(ratings.mu, ratings.sigma)
    spread_sq = ratings.sigma**2 + 2.0 * ratings.beta**2
    for leader in np.argsort(-draw):
        leader = int(leader)
        allowed = np.arange(arena.n) != leader
        if arena.max_meetings is not None:
            allowed &= arena.meetings[leader] < arena.max_meetings
        if not allowed.any():
            continue
        spread = np.sqrt(spread_sq + ratings.sigma[leader] ** 2)
        threat = _normal_cdf((ratings.mu - ratings.mu[leader]) / spread) * ratings.sigma / ratings.sigma0
        threat = np.where(allowed, threat + rng.uniform(0.0, 1e-12, arena.n), -np.inf)  # seeded tie-break
        challenger = int(np.argmax(threat))
        return (leader, challenger) if rng.random() < 0.5 else (challenger, leader)
    return None


# --------------------------------------------------------------------------- strategies


def _run_pairwise(arena: Arena, rng: np.random.Generator, progress: list[tuple[int, int]] | None) -> SkillRatings:
    ratings = SkillRatings(arena.n)
    sizes = arena.group_sizes()

    def record() -> None:
        if progress is not None:
            progress.append((arena.calls, arena.members[_leader(ratings.mu, sizes)][0]))

    for i, j in coverage_pairs(arena.n, rng):
        outcome = arena.play(i, j, both_orders=True)
        if outcome is None:
            return ratings
        ratings.update(i, j, outcome)
        record()
    while arena.can_afford(2):
        pair = select_informative_pair(ratings, arena, rng)
        if pair is None:
            break
        outcome = arena.play(*pair, both_orders=True)
        if outcome is None:
            break
        ratings.update(pair[0], pair[1], outcome)
        record()
    return ratings


def _win_rate(arena: Arena) -> np.ndarray:
    return np.where(arena.played > 0, arena.soft_wins / np.maximum(arena.played, 1), 0.5)


def _record_win_rate(arena: Arena, progress: list[tuple[int, int]] | None, sizes: np.ndarray) -> None:
    if progress is not None:
        progress.append((arena.calls, arena.members[_leader(_win_rate(arena), sizes)][0]))


def _swiss_round(arena: Arena, rng: np.random.Generator) -> list[tuple[int, int]]:
    """Pair neighbours in the current win-rate order, preferring opponents met least often."""
    rates = _win_rate(arena)
    order = list(np.lexsort((rng.random(arena.n), -rates)))
    pairs: list[tuple[int, int]] = []
    waiting = [int(x) for x in order]
    while len(waiting) >= 2:
        i = waiting.pop(0)
        options = [j for j in waiting if arena.eligible(i, j)]
        if not options:
            continue
        fewest = min(arena.meetings[i, j] for j in options)
        j = next(j for j in options if arena.meetings[i, j] == fewest)  # nearest in rank among least-met
        waiting.remove(j)
        pairs.append((i, j))
    return pairs


def _run_vinfer(arena: Arena, rng: np.random.Generator, progress: list[tuple[int, int]] | None) -> None:
    """V_1-Infer-style reference: coverage, then Swiss rounds; one order per comparison.

    The slot order is a coin flip per comparison so a position bias becomes noise rather than a
    systematic advantage; the score is the margin-weighted win rate (mean soft outcome).
    """
    sizes = arena.group_sizes()

    def play_single(i: int, j: int) -> bool:
        first, second = (i, j) if rng.random() < 0.5 else (j, i)
        if arena.play(first, second, both_orders=False) is None:
            return False
        _record_win_rate(arena, progress, sizes)
        return True

    for i, j in coverage_pairs(arena.n, rng):
        if not arena.can_afford(1):
            return
        play_single(i, j)
    while arena.can_afford(1):
        pairs = _swiss_round(arena, rng)
        if not pairs:
            return
        for i, j in pairs:
            if not arena.can_afford(1):
                return
            play_single(i, j)


_PAIR_RUNNERS: dict[str, PairRunner] = {"pairwise": _run_pairwise, "vinfer": _run_vinfer}  # type: ignore[dict-item]


def register_pair_method(name: str, runner: PairRunner) -> None:
    """Add a pairing schedule (a benchmark baseline): ``runner(arena, rng, progress)`` plays
    comparisons on the arena and returns its :class:`SkillRatings` (ranked by rating) or None
    (ranked by win rate)."""
    _PAIR_RUNNERS[name] = runner


def pair_methods() -> tuple[str, ...]:
    """The pairing schedules :func:`run_tournament` knows now."""
    return tuple(_PAIR_RUNNERS)


# --------------------------------------------------------------------------- rankings


def _expand(
    arena: Arena,
    method: str,
    score: np.ndarray,
    mu: np.ndarray,
    sigma: np.ndarray,
    confidence: np.ndarray,
    beats_next: Callable[[int, int], float],
) -> list[dict[str, Any]]:
    sizes = arena.group_sizes()
    order = [int(g) for g in np.lexsort((np.arange(arena.n), -sizes, -score))]
    ranking: list[dict[str, Any]] = []
    for position, group in enumerate(order):
        nxt = order[position + 1] if position + 1 < len(order) else None
        p_next = None if nxt is None else float(beats_next(group, nxt))
        for member_rank, index in enumerate(arena.members[group]):
            is_last_member = member_rank == len(arena.members[group]) - 1
            ranking.append(
                {
                    "id": candidate_id(arena.candidates[index], index),
                    "index": index,
                    "mu": float(mu[group]),
                    "sigma": float(sigma[group]),
                    "score": float(score[group]),
                    "confidence": float(confidence[group]),
                    "p_beats_next": p_next if is_last_member else 0.5,  # equal texts tie
                    "matches": int(arena.played[group]),
                    "duplicates": int(sizes[group]),
                    "method": method,
                }
            )
    return ranking


def _skill_ranking(arena: Arena, ratings: SkillRatings, method: str, rng: np.random.Generator) -> list[dict[str, Any]]:
    confidence = p_best_normal(ratings.mu, ratings.sigma, rng)
    win = ratings.win_matrix()
    return _expand(arena, method, ratings.mu, ratings.mu, ratings.sigma, confidence, lambda a, b: win[a, b])


def _win_rate_ranking(arena: Arena, method: str, rng: np.random.Generator) -> list[dict[str, Any]]:
    wins = arena.soft_wins
    losses = arena.played - arena.soft_wins
    alpha, beta = 1.0 + wins, 1.0 + losses
    mean = alpha / (alpha + beta)
    sd = np.sqrt(alpha * beta / ((alpha + beta) ** 2 * (alpha + beta + 1.0)))
    confidence = p_best_beta(wins, losses, rng)
    draws = rng.beta(alpha, beta, size=(P_BEST_SAMPLES, arena.n))

    def beats_next(a: int, b: int) -> float:
        return float(np.mean(draws[:, a] > draws[:, b]) + 0.5 * np.mean(draws[:, a] == draws[:, b]))

    return _expand(arena, method, _win_rate(arena), mean, sd, confidence, beats_next)


def _single_group_ranking(arena: Arena, method: str) -> list[dict[str, Any]]:
    ones = np.ones(1)
    return _expand(arena, method, ones, ones, np.zeros(1), ones, lambda a, b: 0.5)


def run_tournament(
    candidates: Sequence[Mapping[str, Any]],
    compare: Compare,
    *,
    method: str = "pairwise",
    budget_calls: int | None = None,
    max_meetings: int | None = 1,
    seed: int = 0,
    record_progress: bool = False,
) -> TournamentResult:
    """Rank ``candidates`` (dicts with ``text``, optional ``id``) best first by pairwise judging.

    ``method``: ``pairwise`` (uncertainty-guided, both orders, openskill), ``vinfer`` (V_1-Infer
    reference: coverage + Swiss, one order, win rate), or one added by :func:`register_pair_method`.
    ``budget_calls``: maximum judge calls, never exceeded (None: :func:`default_budget`).
    ``max_meetings``: how often one pair may be compared; 1 suits a deterministic judge (a
    repeated identical prompt at temperature 0 returns the same verdict), None allows repeats
    for a sampling judge. With budget 0 (or too small for one comparison) nothing is compared
    and the ranking falls back to majority vote on final answers (``fallback="majority"``),
    whose confidence is the answer's vote share, not a comparison result.
    """
    if not candidates:
        raise ValueError("cannot rank an empty candidate list: the verifier needs at least one candidate")
    if method not in _PAIR_RUNNERS:
        raise ValueError(f"unknown tournament method {method!r} (known: {', '.join(_PAIR_RUNNERS)})")
    if max_meetings is not None and max_meetings < 1:
        raise ValueError(f"max_meetings must be >= 1 or None, got {max_meetings}")
    budget = default_budget(len(candidates)) if budget_calls is None else int(budget_calls)
    if budget < 0:
        raise ValueError(f"budget_calls must be >= 0, got {budget_calls}")
    arena = Arena(candidates, compare, budget, max_meetings)
    rng = np.random.default_rng(seed)
    progress: list[tuple[int, int]] | None = [] if record_progress else None
    if arena.n == 1:
        return TournamentResult(method, _single_group_ranking(arena, method), 0, budget)

    ratings = _PAIR_RUNNERS[method](arena, rng, progress)

    if not arena.matches:
        fallback = majority_rank(candidates)
        return TournamentResult(method, fallback.ranking, arena.calls, budget, [], "majority", progress or [])
    if ratings is not None:
        ranking = _skill_ranking(arena, ratings, method, rng)
    else:
        ranking = _win_rate_ranking(arena, method, rng)
    return TournamentResult(method, ranking, arena.calls, budget, arena.matches, None, progress or [])


def default_budget(n_candidates: int) -> int:
    """Default judge-call budget: ``4 * N`` (= 2N two-order comparisons, ~4 per candidate).

    The coverage round alone costs 2N calls; the other 2N go to the pairs near the top. See
    ``benchmarks/verifier_tournament.py`` for how accuracy grows with the budget.
    """
    return 4 * max(n_candidates, 0)


# --------------------------------------------------------------------------- pointwise


def pointwise_rank(
    candidates: Sequence[Mapping[str, Any]],
    rate: Rate,
    *,
    budget_calls: int | None = None,
    max_ratings: int | None = 1,
    seed: int = 0,
    prior_sd: float = 2.0,
    record_progress: bool = False,
) -> TournamentResult:
    """Rank by scoring each candidate alone (``rate(c) -> score or None``), one call per rating.

    Passes go over the unique texts in input order until the budget ends; ``max_ratings`` caps
    ratings per text (1 for a deterministic rater). Unrated texts or unparsable ratings score
    None and rank last. Confidence is P(best) under normal beliefs (mean rating, sd = pooled
    spread of repeated ratings or ``prior_sd``, divided by sqrt(#ratings)).
    """
    if not candidates:
        raise ValueError("cannot rank an empty candidate list: the verifier needs at least one candidate")
    budget = len(candidates) if budget_calls is None else int(budget_calls)
    if budget < 0:
        raise ValueError(f"budget_calls must be >= 0, got {budget_calls}")
    arena = Arena(candidates, lambda a, b: 0.5, budget, None)
    if arena.n == 1:
        return TournamentResult("pointwise", _single_group_ranking(arena, "pointwise"), 0, budget)
    rng = np.random.default_rng(seed)
    ratings: list[list[float]] = [[] for _ in range(arena.n)]
    asked = np.zeros(arena.n, dtype=int)
    progress: list[tuple[int, int]] = []
    sizes = arena.group_sizes()
    totals = np.zeros(arena.n)
    counts = np.zeros(arena.n)
    while arena.calls < budget:
        pending = [g for g in range(arena.n) if max_ratings is None or asked[g] < max_ratings]
        if not pending:
            break
        for group in pending:
            if arena.calls >= budget:
                break
            arena.calls += 1
            asked[group] += 1
            value = rate(arena.representative(group))
            if value is not None and math.isfinite(float(value)):
                ratings[group].append(float(value))
                totals[group] += float(value)
                counts[group] += 1
            if record_progress:
                means = np.where(counts > 0, totals / np.maximum(counts, 1), -np.inf)
                progress.append((arena.calls, arena.members[_leader(means, sizes)][0]))
    if not any(ratings):
        fallback = majority_rank(candidates)
        return TournamentResult("pointwise", fallback.ranking, arena.calls, budget, [], "majority", progress)
    spreads = [np.var(r, ddof=1) for r in ratings if len(r) > 1]
    unit_sd = math.sqrt(float(np.mean(spreads))) if spreads else prior_sd
    unit_sd = max(unit_sd, 1e-3)
    rated = [bool(r) for r in ratings]
    low = min(np.mean(r) for r in ratings if r)
    means = np.array([np.mean(r) if r else low - 1.0 for r in ratings])
    sds = np.array([unit_sd / math.sqrt(len(r)) if r else 1e-9 for r in ratings])
    confidence = np.where(rated, p_best_normal(np.where(rated, means, -1e9), sds, rng), 0.0)
    arena.played = np.array([len(r) for r in ratings], dtype=float)

    def beats_next(a: int, b: int) -> float:
        return float(_normal_cdf((means[a] - means[b]) / math.hypot(sds[a], sds[b])))

    ranking = _expand(arena, "pointwise", means, means, sds, confidence, beats_next)
    for entry in ranking:
        if not rated[arena.group_of[entry["index"]]]:
            entry["score"] = None
            entry["p_beats_next"] = None
    return TournamentResult("pointwise", ranking, arena.calls, budget, [], None, progress)


# --------------------------------------------------------------------------- majority vote

_BOXED = re.compile(r"\\(?:boxed|fbox)\s*\{")
_ANSWER_IS = re.compile(
    r"(?:final\s+answer|answer)\s*(?:is|=|:)\s*[:\-]?\s*(.+)", re.IGNORECASE
)
_HASHES = re.compile(r"####\s*(.+)")
_NUMBER = re.compile(r"[-+]?\$?\d[\d,]*(?:\.\d+)?(?:\s*/\s*\d+)?%?|[-+]?\.\d+")


def _boxed_content(text: str) -> str | None:
    found = None
    for match in _BOXED.finditer(text):
        depth, start = 1, match.end()
        for pos in range(start, len(text)):
            if text[pos] == "{":
                depth += 1
            elif text[pos] == "}":
                depth -= 1
                if depth == 0:
                    found = text[start:pos]
                    break
    return found


def _canonical_number(token: str) -> str:
    token = token.replace("$", "").replace(",", "").replace(" ", "").lstrip("+")
    if "/" in token:
        return token
    percent = token.endswith("%")
    core = token.rstrip("%")
    try:
        value = float(core)
    except ValueError:
        return token
    text = str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return text + ("%" if percent else "")


def normalize_answer(answer: str) -> str | None:
    """Canonical form for voting: no markup, lower case, numbers as ``42`` / ``0.5`` / ``3/4``."""
    text = answer.strip()
    text = re.sub(r"\\text\{([^}]*)\}", r"\1", text)
    text = re.sub(r"\\d?frac\{([^}]*)\}\{([^}]*)\}", r"\1/\2", text)
    text = text.replace("\\$", "$").replace("\\%", "%").replace("\\!", "")
    text = text.strip().strip("*_`\"' ").rstrip(".;:!,").strip()
    if not text:
        return None
    lead = _NUMBER.match(text)
    if lead:  # "42 apples" and "42" vote together
        return _canonical_number(lead.group(0))
    return " ".join(text.lower().split())


def extract_final_answer(text: str | None) -> str | None:
    """The final answer of a solution: ``\\boxed{..}`` > "answer is X" / "#### X" > last number.

    Returned normalised (see :func:`normalize_answer`); None when nothing answer-like is found.
    """
    if not text:
        return None
    boxed = _boxed_content(text)
    if boxed is not None:
        return normalize_answer(boxed)
    for pattern in (_HASHES, _ANSWER_IS):
        matches = list(pattern.finditer(text))
        if matches:
            phrase = matches[-1].group(1).strip().splitlines()[0]
            phrase = re.split(r"(?<=[^\d])\.(?:\s|$)|\.\s", phrase + " ")[0]
            normalized = normalize_answer(phrase)
            if normalized:
                return normalized
    numbers = _NUMBER.findall(text)
    if numbers:
        return _canonical_number(numbers[-1])
    return None


def majority_rank(candidates: Sequence[Mapping[str, Any]]) -> TournamentResult:
    """Rank by how many candidates share each extracted final answer (no model calls).

    Score and confidence are the answer's vote share among all candidates; candidates without
    an answer score 0. Ties keep the input order.
    """
    if not candidates:
        raise ValueError("cannot rank an empty candidate list: the verifier needs at least one candidate")
    answers = [
        c.get("final_answer") if c.get("final_answer") is not None else extract_final_answer(c.get("text"))
        for c in candidates
    ]
    answers = [normalize_answer(str(a)) if a is not None else None for a in answers]
    votes = Counter(a for a in answers if a is not None)
    total = len(candidates)
    order = sorted(range(total), key=lambda k: (-(votes[answers[k]] if answers[k] is not None else 0), k))
    ranking = []
    for index in order:
        share = votes[answers[index]] / total if answers[index] is not None else 0.0
        ranking.append(
            {
                "id": candidate_id(candidates[index], index),
                "index": index,
                "mu": share,
                "sigma": 0.0,
                "score": share,
                "confidence": share,
                "p_beats_next": None,
                "matches": 0,
                "votes": votes[answers[index]] if answers[index] is not None else 0,
                "final_answer": answers[index],
                "method": "majority",
            }
        )
    return TournamentResult("majority", ranking, 0, 0)
