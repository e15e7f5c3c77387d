"""A persisted contextual bandit over reasoning strategies (the meta-reasoner's memory).

Why a contextual bandit: which strategy helps (keep going, backtrack, restart, ...) depends on the
situation the generator reports, and the only feedback we get is whether the final answer was
verified, once per decision. That is the contextual-bandit setting: disjoint LinUCB (Li et al.
2010; one ridge regression per arm, score = mean + alpha x width) or linear Thompson sampling.

Why numpy rather than a library: this used mabwiser, whose install pulls seaborn, matplotlib and
pandas (the API-only install weighed 953 MB). The maintained alternatives do not fit a 6-arm x
12-feature ridge model either: river and contextualbandits need scipy/pandas (and the latter a
Cython build), pybandits needs pymc, vowpalwabbit is a C++ learner without LinUCB. The update is
a rank-one change of each arm's ``A = l2 I + X^T X`` and ``b = X^T r``; it is written out here in
a few lines, checked against the ridge closed form in the tests.

Why an observation log rather than pickled matrices: every ``(context, strategy, reward)`` is a row
in SQLite, and the model is rebuilt from the log on open and kept current on every refresh. A log
lets several processes share one database (each one picks up rows the others appended, by id)
and can be re-learnt with other hyper-parameters later. Rows carry a ``feature_set`` tag so a
future change of the feature vector ignores old rows instead of mis-reading them (they are kept,
never deleted).

Cold start: with no rows every arm has the same LinUCB score, so the caller may pass
``prior`` scores (a heuristic reading of the context, see ``meta_reasoner.prior_scores``). The
prior is added to the bandit score and fades per arm as ``prior_weight / (prior_weight + n_arm)``,
so after a few dozen observations of an arm its learnt value dominates. Remaining ties go to the
earlier arm in :data:`STRATEGIES` (``continue`` first), the least disruptive choice.

One bandit per pipeline: :class:`guardgraph.graphs.context.Services` opens it on first use and
keeps it (no module-level cache), so two pipelines with different data folders never share one.
"""

from __future__ import annotations

import json
import math
import sqlite3
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from guardgraph.errors import StoreCorruptError, StoreError
from guardgraph.memory.sqlite import check_wal

STRATEGIES: tuple[str, ...] = ("continue", "backtrack", "restart", "clarify", "alternative", "stop")
SCHEMA_VERSION = "1"
SQLITE_HEADER = b"SQLite format 3\x00"
Policy = Literal["linucb", "lints"]

_OBSERVATION_COLUMNS = {"id", "created_at", "feature_set", "context", "strategy", "reward"}
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS observations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at REAL NOT NULL,
    feature_set TEXT NOT NULL,
    context TEXT NOT NULL,
    strategy TEXT NOT NULL,
    reward REAL NOT NULL
);
"""


class BanditStoreError(StoreError):
    """The bandit database cannot be used (corrupt, foreign or newer schema); the file is left as is."""


class BanditStoreCorruptError(BanditStoreError, StoreCorruptError):
    """The bandit database's write-ahead log is damaged (committed observations would be lost)."""


@dataclass(frozen=True)
class Choice:
    """One decision with the numbers behind it, for the trace."""

    strategy: str
    scores: dict[str, float]  # bandit value + faded prior, what the argmax ran on
    bandit: dict[str, float]  # learnt value per arm (LinUCB: ridge mean + alpha x width)
    prior: dict[str, float]  # faded prior actually added
    n_observations: int


def validate_strategy(strategy: str) -> str:
    if strategy not in STRATEGIES:
        raise ValueError(f"unknown strategy {strategy!r}; expected one of {', '.join(STRATEGIES)}")
    return strategy


def _check_header(path: Path) -> None:
    """Refuse a non-SQLite file before sqlite3 touches it, so nothing is written to it."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise BanditStoreError(f"meta-reasoner database {path} is not an SQLite file (corrupt?); left untouched")


class StrategyBandit:
    """Disjoint LinUCB / LinTS over :data:`STRATEGIES`, backed by an SQLite observation log.

    ``path`` may be ``":memory:"`` for a throw-away bandit (benchmarks). Instances are thread-safe.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        n_features: int,
        feature_set: str = "default",
        alpha: float = 1.0,
        policy: Policy = "linucb",
        l2_lambda: float = 1.0,
        prior_weight: float = 20.0,
        seed: int | None = 0,
    ) -> None:
        if n_features < 1:
            raise ValueError(f"n_features must be >= 1, got {n_features}")
        if not (alpha >= 0 and math.isfinite(alpha)):
            raise ValueError(f"alpha must be a finite number >= 0, got {alpha}")
        if prior_weight < 0:
            raise ValueError(f"prior_weight must be >= 0, got {prior_weight}")
        if policy not in ("linucb", "lints"):
            raise ValueError(f"unknown policy {policy!r}; expected 'linucb' or 'lints'")
        if l2_lambda <= 0:
            raise ValueError(f"l2_lambda must be > 0, got {l2_lambda}")
        self.path = path if str(path) == ":memory:" else Path(path)
        self.n_features = n_features
        self.feature_set = feature_set
        self.prior_weight = prior_weight
        self._lock = threading.RLock()
        self.alpha = alpha
        self.policy = policy
        self.l2_lambda = l2_lambda
        self._rng = np.random.default_rng(seed)
        # per arm: A = l2 I + sum x x^T (kept with its inverse), b = sum r x
        self._a_inv = {arm: np.eye(n_features) / l2_lambda for arm in STRATEGIES}
        self._b = {arm: np.zeros(n_features) for arm in STRATEGIES}
        self._counts = dict.fromkeys(STRATEGIES, 0)
        self._last_id = 0
        self._conn = self._open()
        self.refresh()

    # ---- storage -------------------------------------------------------------------------------
    def _open(self) -> sqlite3.Connection:
        if isinstance(self.path, Path):
            _check_header(self.path)
            check_wal(self.path, what="meta-reasoner database", error=BanditStoreCorruptError)
            self.path.parent.mkdir(parents=True, exist_ok=True)
        target = str(self.path)
        try:
            conn = sqlite3.connect(target, timeout=10.0, check_same_thread=False, isolation_level=None)
        except sqlite3.Error as exc:
            raise BanditStoreError(f"cannot open meta-reasoner database {target}: {exc}") from exc
        try:
            self._validate(conn)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.executescript(_SCHEMA)
            conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise BanditStoreError(f"meta-reasoner database {target} is unreadable (corrupt?): {exc}") from exc
        except BanditStoreError:
            conn.close()
            raise
        return conn

    @staticmethod
    def _validate(conn: sqlite3.Connection) -> None:
        """Integrity and schema checks, read-only, before any write happens."""
        status = conn.execute("PRAGMA quick_check").fetchone()
        if not status or status[0] != "ok":
            raise BanditStoreError(f"meta-reasoner database failed its integrity check: {status}")
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "observations" in tables:
            columns = {row[1] for row in conn.execute("PRAGMA table_info(observations)")}
            if not _OBSERVATION_COLUMNS <= columns:
                raise BanditStoreError(
                    f"table 'observations' has columns {sorted(columns)}, not a meta-reasoner database"
                )
        if "meta" in tables:
            row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            if row and row[0] != SCHEMA_VERSION:
                raise BanditStoreError(
                    f"meta-reasoner schema version {row[0]} is not supported (want {SCHEMA_VERSION})"
                )

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> "StrategyBandit":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- learning ------------------------------------------------------------------------------
    def _vector(self, context: Sequence[float]) -> np.ndarray:
        vector = np.asarray(context, dtype=float).reshape(-1)
        if vector.shape[0] != self.n_features:
            raise ValueError(f"context has {vector.shape[0]} features, the bandit expects {self.n_features}")
        if not np.all(np.isfinite(vector)):
            raise ValueError(f"context contains NaN or infinity: {vector.tolist()}")
        return vector

    def refresh(self) -> int:
        """Learn rows appended since the last look (by this or another process); returns how many."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT id, context, strategy, reward FROM observations WHERE id > ? AND feature_set = ? ORDER BY id",
                (self._last_id, self.feature_set),
            ).fetchall()
            decisions, rewards, contexts = [], [], []
            for row_id, context, strategy, reward in rows:
                self._last_id = max(self._last_id, row_id)
                vector = json.loads(context)
                if strategy not in self._counts or len(vector) != self.n_features:
                    continue  # an arm or width this build does not know; kept in the file, not learnt
                decisions.append(strategy)
                rewards.append(float(reward))
                contexts.append(vector)
            for strategy, reward, vector in zip(decisions, rewards, contexts):
                self._learn(strategy, reward, np.asarray(vector, dtype=float))
            return len(decisions)

    def _learn(self, strategy: str, reward: float, x: np.ndarray) -> None:
        """Rank-one ridge update of one arm (Sherman-Morrison on ``A^-1``)."""
        a_inv = self._a_inv[strategy]
        ax = a_inv @ x
        self._a_inv[strategy] = a_inv - np.outer(ax, ax) / (1.0 + float(x @ ax))
        self._b[strategy] = self._b[strategy] + reward * x
        self._counts[strategy] += 1

    def record(self, context: Sequence[float], strategy: str, reward: float) -> None:
        """Append one observation (committed) and learn it."""
        self.record_many([(context, strategy, reward)])

    def record_many(self, observations: Sequence[tuple[Sequence[float], str, float]]) -> int:
        """Append observations in one transaction, then learn them with one ``partial_fit``.

        All rows are validated first, so a bad one stores nothing, and a turn's decisions are
        committed in one transaction.
        """
        rows = []
        for context, strategy, reward in observations:
            validate_strategy(strategy)
            vector = self._vector(context)
            reward = float(reward)
            if not (math.isfinite(reward) and -1.0 <= reward <= 1.0):
                raise ValueError(f"reward must be a number in [-1, 1] (success minus cost), got {reward}")
            rows.append((time.time(), self.feature_set, json.dumps(vector.tolist()), strategy, reward))
        with self._lock:
            with self._conn:  # BEGIN ... COMMIT, rolled back on error
                self._conn.execute("BEGIN")
                self._conn.executemany(
                    "INSERT INTO observations(created_at, feature_set, context, strategy, reward) "
                    "VALUES (?, ?, ?, ?, ?)",
                    rows,
                )
            self.refresh()
        return len(rows)

    def expectations(self, context: Sequence[float]) -> dict[str, float]:
        """Per-arm value for ``context``: LinUCB ridge mean + alpha x width; LinTS a posterior draw."""
        x = self._vector(context)
        values: dict[str, float] = {}
        with self._lock:
            for arm in STRATEGIES:
                a_inv = self._a_inv[arm]
                theta = a_inv @ self._b[arm]
                if self.policy == "lints":
                    cov = (self.alpha ** 2) * (a_inv + a_inv.T) / 2
                    theta = self._rng.multivariate_normal(theta, cov, method="cholesky")
                    values[arm] = float(x @ theta)
                else:
                    values[arm] = float(x @ theta + self.alpha * math.sqrt(max(float(x @ a_inv @ x), 0.0)))
        return values

    def choose(
        self,
        context: Sequence[float],
        *,
        prior: Mapping[str, float] | None = None,
        exclude: Sequence[str] = (),
    ) -> Choice:
        """Pick the arm with the highest bandit value plus faded prior (ties: earlier arm)."""
        for name in list(prior or {}) + list(exclude):
            validate_strategy(name)
        allowed = [arm for arm in STRATEGIES if arm not in set(exclude)]
        if not allowed:
            raise ValueError("every strategy is excluded")
        with self._lock:
            self.refresh()
            bandit = self.expectations(context)
            counts = dict(self._counts)
            n = sum(counts.values())
        faded = {
            arm: float((prior or {}).get(arm, 0.0)) * self.prior_weight / (self.prior_weight + counts[arm])
            if self.prior_weight > 0
            else 0.0
            for arm in STRATEGIES
        }
        scores = {arm: bandit[arm] + faded[arm] for arm in STRATEGIES}
        best = max(allowed, key=lambda arm: (scores[arm], -STRATEGIES.index(arm)))
        return Choice(strategy=best, scores=scores, bandit=bandit, prior=faded, n_observations=n)

    @property
    def counts(self) -> dict[str, int]:
        with self._lock:
            return dict(self._counts)

    @property
    def n_observations(self) -> int:
        return sum(self.counts.values())
