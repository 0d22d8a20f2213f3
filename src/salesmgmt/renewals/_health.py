"""Customer health: a 0–100 score per account from its usage signals.

Each signal kind the policy weighs gets a *signal score* in [0, 100], the
weighted mean of up to three measures (the catalogue entry
``docs/metrics/health.md`` has the formulas):

* **own** — recent usage against the account's own trailing baseline;
* **peer** — the account's recent usage as a percentile among its segment's
  peers (the accounts of the same segment that have that signal);
* **trend** — the last N weeks against the previous N weeks.

The health score is :func:`weighted_score` of the signal scores with the
policy's weights. A signal with no data points in the look-back window is
*missing*: it drops out and the others are re-weighted, it is never scored as
zero. A signal whose points are all zero is present and scores low: that is
exactly the account that stopped using the product.

Every measure is a non-decreasing function of the account's recent usage, so
health is monotone in each positively weighted signal.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Final

import attrs

from salesmgmt._checks import check_date, check_iterable, check_str, check_type
from salesmgmt._decimal import EXACT, RATIO, to_decimal, to_fraction
from salesmgmt.errors import PolicyError, UnknownReference, ValidationError
from salesmgmt.renewals._signals import (
    GAINSIGHT_BANDS,
    HealthBand,
    SignalCatalogue,
    SignalTally,
    Tally,
    UsageSignal,
    _bands,
    _catalogue,
    _component,
    _default_weights,
    _full_ratio,
    _int_field,
    _unknown_risk,
    _weights,
    from_tally,
    group_signals,
    mean,
    peer_groups,
    segment_map,
    sentence_for,
    to_tally,
)

__all__ = [
    "HealthPolicy",
    "HealthScore",
    "SignalScore",
    "health",
    "score_accounts",
    "score_tally",
    "tally_signals",
    "weighted_score",
]

_HUNDRED: Final = Fraction(100)
_ONE: Final = Decimal(1)


# -- policy --------------------------------------------------------------------------------


@attrs.frozen
class HealthPolicy:
    """How health is scored: which signals, how much each counts, the windows, the bands.

    Attributes:
        catalogue: the signal kinds tracked (default: the seed's six).
        weights: ``(kind, weight)`` pairs, or a mapping; relative weights of at
            least 0, each kind from the catalogue (default: 1 for every kind; a
            kind left out weighs 0).
        trend_weeks: N, the recent window and the trend's comparison window, in
            weeks (default 4).
        baseline_weeks: the trailing baseline before the recent window, in
            weeks (default 12).
        own_weight: weight of the "own baseline" measure in a signal score (1).
        peer_weight: weight of the "segment peers" percentile measure (1).
        trend_weight: weight of the "last N vs previous N weeks" measure (1).
        full_ratio: the usage ratio (recent vs baseline, recent vs previous)
            that scores 100; lower ratios score proportionally (default 1:
            keeping usage level is full health).
        bands: :class:`HealthBand` ranges that end at 100 (default
            :data:`GAINSIGHT_BANDS`).
        places: decimals of every score (default 2, rounded half up).
        unknown_risk: the churn risk assumed for an account with no score
            (default 0.5), used by ``renewals_at_risk``.
        max_drivers: how many signals ``renewals_at_risk`` names per renewal (3).

    >>> from salesmgmt.renewals._health import HealthPolicy
    >>> policy = HealthPolicy(weights={"contact_views": 2, "messages": 1})
    >>> policy.weight("contact_views"), policy.weight("ad_clicks")
    (Decimal('2'), Decimal('0'))
    >>> HealthPolicy(weights={"logins": 1})
    Traceback (most recent call last):
      ...
    salesmgmt.errors.PolicyError: HealthPolicy: 'weights' must be kinds from the catalogue ...
    Hint: Add 'logins' to SignalCatalogue(kinds=...).
    """

    catalogue: SignalCatalogue = attrs.field(factory=SignalCatalogue, converter=_catalogue)
    weights: tuple[tuple[str, Decimal], ...] = attrs.field(
        default=attrs.Factory(_default_weights, takes_self=True), converter=_weights
    )
    trend_weeks: int = attrs.field(default=4, validator=_int_field(1, 52))
    baseline_weeks: int = attrs.field(default=12, validator=_int_field(1, 156))
    own_weight: Decimal = attrs.field(default=_ONE, converter=_component)
    peer_weight: Decimal = attrs.field(default=_ONE, converter=_component)
    trend_weight: Decimal = attrs.field(default=_ONE, converter=_component)
    full_ratio: Decimal = attrs.field(default=_ONE, converter=_full_ratio)
    bands: tuple[HealthBand, ...] = attrs.field(default=GAINSIGHT_BANDS, converter=_bands)
    places: int = attrs.field(default=2, validator=_int_field(0, 6))
    unknown_risk: Decimal = attrs.field(default=Decimal("0.5"), converter=_unknown_risk)
    max_drivers: int = attrs.field(default=3, validator=_int_field(0, 20))

    def __attrs_post_init__(self) -> None:
        kinds = set(self.catalogue.kinds)
        for kind, _ in self.weights:
            if kind not in kinds:
                raise PolicyError.for_field(
                    "HealthPolicy",
                    "weights",
                    kind,
                    "kinds from the catalogue",
                    hint=f"Add {kind!r} to SignalCatalogue(kinds=...).",
                )
        if not any(w > 0 for _, w in self.weights):
            raise PolicyError.for_field(
                "HealthPolicy", "weights", self.weights, "at least one weight above 0"
            )
        if not (self.own_weight or self.peer_weight or self.trend_weight):
            raise PolicyError.for_field(
                "HealthPolicy",
                "own_weight",
                self.own_weight,
                "above 0 when peer_weight and trend_weight are 0",
            )

    def weight(self, kind: str) -> Decimal:
        """The weight of ``kind`` (0 for a catalogue kind the weights leave out).

        >>> HealthPolicy().weight("messages")
        Decimal('1')
        """
        check_type(kind, str, record="HealthPolicy.weight()", field="kind", expected="a string")
        for name, weight in self.weights:
            if name == kind:
                return weight
        if kind in self.catalogue.kinds:
            return Decimal(0)
        raise UnknownReference.for_field(
            "HealthPolicy.weight()", "kind", kind, "a kind in the catalogue"
        )

    def band(self, score: Decimal | int | None) -> str | None:
        """The name of the band holding ``score`` (``None`` for no score).

        The bands partition [0, 100]: a score belongs to the first band whose
        ``max_score`` it does not exceed (Gainsight: 50 is red, 50.01 yellow).

        >>> policy = HealthPolicy()
        >>> policy.band(50), policy.band(Decimal("50.01")), policy.band(76), policy.band(None)
        ('red', 'yellow', 'green', None)
        """
        if score is None:
            return None
        number = to_decimal(score, record="HealthPolicy.band()", field="score")
        if not 0 <= number <= 100:
            raise ValidationError.for_field(
                "HealthPolicy.band()", "score", score, "between 0 and 100"
            )
        for band in self.bands:
            if number <= band.max_score:
                return band.name
        raise AssertionError("unreachable: the last band ends at 100")  # pragma: no cover


# -- results -------------------------------------------------------------------------------


@attrs.frozen
class SignalScore:
    """One signal's part of a :class:`HealthScore`.

    Attributes:
        kind: the signal kind.
        weight: its policy weight.
        recent: the sum of its values in the last N weeks (``None`` if missing).
        previous: the sum in the N weeks before those (``None`` if missing).
        baseline: the sum over the trailing baseline weeks before the recent
            window (``None`` if missing).
        own_score: recent vs baseline, per week, in [0, 100] (``None`` when the
            baseline is zero and recent usage is zero too).
        peer_score: the percentile of ``recent`` among the segment's peers
            (``None`` with no peer).
        trend_score: recent vs previous in [0, 100] (``None`` when both are zero).
        score: the weighted mean of the three (``None`` when the signal is missing).
        change: ``recent / previous − 1`` (``None`` when previous is zero).
        sentence: the facts in words.

    >>> from salesmgmt.renewals._health import SignalScore
    >>> SignalScore("messages", Decimal(1)).sentence
    ''
    """

    kind: str
    weight: Decimal
    recent: Decimal | None = None
    previous: Decimal | None = None
    baseline: Decimal | None = None
    own_score: Decimal | None = None
    peer_score: Decimal | None = None
    trend_score: Decimal | None = None
    score: Decimal | None = None
    change: Decimal | None = None
    sentence: str = ""


@attrs.frozen
class HealthScore:
    """An account's health on ``as_of``, with the breakdown by signal.

    Attributes:
        account_id: the account.
        as_of: the day scored.
        score: 0–100, or ``None`` when no weighted signal has data.
        band: the policy band of ``score`` (``None`` with no score).
        signals: one :class:`SignalScore` per catalogue kind, in catalogue order.
        sentence: the facts in words.

    >>> from datetime import date
    >>> from salesmgmt.renewals._health import HealthScore
    >>> HealthScore("A-1", date(2025, 3, 31), None, None, (), "no data").score is None
    True
    """

    account_id: str
    as_of: dt.date
    score: Decimal | None
    band: str | None
    signals: tuple[SignalScore, ...]
    sentence: str


# -- weighted score ------------------------------------------------------------------------


def weighted_score(
    scores: Mapping[str, Decimal | None], weights: Mapping[str, Decimal]
) -> Decimal | None:
    """The weighted mean of ``scores``; ``None`` scores drop out and the rest re-weigh.

    Weights are relative (only their ratios matter) and at least 0; a key of
    ``weights`` without a score counts as missing. The mean is computed exactly
    and rounded once to 40 significant digits.

    Args:
        scores: name → score, or ``None`` for a missing score.
        weights: name → weight for every name in ``scores``.

    Returns:
        The mean, or ``None`` when no score with a positive weight is left.

    Raises:
        UnknownReference: a score has no weight.
        ValidationError: a negative weight, or a value that is not a number.

    >>> from decimal import Decimal as D
    >>> from salesmgmt.renewals._health import weighted_score
    >>> weighted_score({"usage": D(80), "support": None, "nps": D(50)},
    ...                {"usage": D(2), "support": D(5), "nps": D(1)})
    Decimal('70')
    >>> weighted_score({"usage": None}, {"usage": D(1)}) is None
    True
    """
    record = "weighted_score()"
    check_type(scores, Mapping, record=record, field="scores", expected="a mapping")
    check_type(weights, Mapping, record=record, field="weights", expected="a mapping")
    try:
        weight_items = check_iterable(tuple(weights.items()), record=record, field="weights")
        score_items = check_iterable(tuple(scores.items()), record=record, field="scores")
    except (TypeError, ValueError) as exc:  # a mapping that cannot be read
        raise ValidationError.for_field(record, "scores", scores, "a readable mapping") from exc
    fractions: dict[object, Fraction] = {}
    for name, weight in weight_items:
        value = to_fraction(weight, record=record, field=f"weights[{name!r}]")
        if value < 0:
            raise ValidationError.for_field(record, f"weights[{name!r}]", weight, "at least 0")
        fractions[name] = value
    pairs: list[tuple[Fraction | None, Fraction]] = []
    for name, score in score_items:
        if name not in fractions:
            raise UnknownReference.for_field(
                record, "weights", name, "a weight for every score", hint=f"Add {name!r}."
            )
        if score is not None:
            score = to_fraction(score, record=record, field=f"scores[{name!r}]")
        pairs.append((score, fractions[name]))
    average = mean(pairs)
    if average is None:
        return None
    return RATIO.divide(Decimal(average.numerator), Decimal(average.denominator))


# -- scoring -------------------------------------------------------------------------------


def _integers(weights: Iterable[Decimal]) -> list[int]:
    """Decimal weights as integers with the same ratios (a common denominator)."""
    ratios = [w.as_integer_ratio() for w in weights]
    common = math.lcm(*(d for _, d in ratios)) if ratios else 1
    return [n * (common // d) for n, d in ratios]


@attrs.frozen
class _Plan:
    """A policy's numbers prepared once for scoring many accounts in integer arithmetic."""

    policy: HealthPolicy
    kinds: tuple[tuple[str, str, Decimal, int], ...]  # kind, label, weight, integer weight
    components: tuple[int, int, int]  # own, peer, trend as integers
    full: tuple[int, int]  # full_ratio as numerator, denominator
    unit: int  # 10 ** places
    lookback_weeks: int

    @classmethod
    def of(cls, policy: HealthPolicy) -> _Plan:
        weights = dict(policy.weights)
        listed = [weights.get(kind, Decimal(0)) for kind in policy.catalogue.kinds]
        own, peer, trend = _integers([policy.own_weight, policy.peer_weight, policy.trend_weight])
        return cls(
            policy,
            tuple(
                (kind, kind.replace("_", " "), weight, integer)
                for kind, weight, integer in zip(
                    policy.catalogue.kinds, listed, _integers(listed), strict=True
                )
            ),
            (own, peer, trend),
            policy.full_ratio.as_integer_ratio(),
            10**policy.places,
            policy.trend_weeks + max(policy.trend_weeks, policy.baseline_weeks),
        )


def _half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded half up (both non-negative, denominator > 0)."""
    return (2 * numerator + denominator) // (2 * denominator)


def _capped(top: int, bottom: int, plan: _Plan) -> int:
    """``100 · min(top / bottom / full_ratio, 1)`` in units of ``1 / plan.unit``."""
    top *= plan.full[1]
    bottom *= plan.full[0]
    if top >= bottom:
        return 100 * plan.unit
    return _half_up(100 * plan.unit * top, bottom)


def _mean_units(pairs: Iterable[tuple[int | None, int]]) -> int | None:
    top = bottom = 0
    for units, weight in pairs:
        if units is not None and weight:
            top += units * weight
            bottom += weight
    return _half_up(top, bottom) if bottom else None


def _signal_score(
    plan: _Plan,
    kind: str,
    label: str,
    weight: Decimal,
    sums: list[Decimal] | None,
    peers: list[Decimal],
) -> tuple[SignalScore, int | None]:
    """The signal's breakdown and its score in units of ``1 / plan.unit``."""
    policy = plan.policy
    weeks = policy.trend_weeks
    if sums is None:
        sentence = f"{label}: no data in the last {plan.lookback_weeks} weeks (left out;"
        return SignalScore(kind, weight, sentence=sentence + " re-weighted)"), None
    recent, previous, baseline = sums
    rn, rd = recent.as_integer_ratio()
    full = 100 * plan.unit
    own: int | None
    if baseline:
        bn, bd = baseline.as_integer_ratio()
        own = _capped(rn * bd * policy.baseline_weeks, rd * bn * weeks, plan)
    else:
        own = full if rn else None
    trend: int | None
    change: Decimal | None
    if previous:
        pn, pd = previous.as_integer_ratio()
        trend = _capped(rn * pd, rd * pn, plan)
        change = RATIO.divide(EXACT.subtract(recent, previous), previous)
    else:
        trend = full if rn else None
        change = None
    peer: int | None = None
    if len(peers) > 1:
        below = bisect.bisect_left(peers, recent)
        ties = bisect.bisect_right(peers, recent) - below - 1
        peer = _half_up(full * (2 * below + ties), 2 * (len(peers) - 1))
    units = _mean_units(zip((own, peer, trend), plan.components, strict=True))
    places = policy.places
    parts = [
        None if p is None else Decimal(p).scaleb(-places, context=EXACT)
        for p in (own, peer, trend)
    ]
    score = None if units is None else Decimal(units).scaleb(-places, context=EXACT)
    sentence = sentence_for(label, sums, change, weeks)
    if score is not None:
        sentence += f"; score {score}"
    breakdown = SignalScore(
        kind,
        weight,
        recent,
        previous,
        baseline,
        parts[0],
        parts[1],
        parts[2],
        score,
        change,
        sentence,
    )
    return breakdown, units


def _account_score(
    account: str,
    as_of: dt.date,
    plan: _Plan,
    tally: Tally,
    peers: dict[tuple[str, str], list[Decimal]],
    segment: str,
) -> HealthScore:
    policy = plan.policy
    scored = [
        (
            _signal_score(
                plan,
                kind,
                label,
                weight,
                tally.get((account, kind)),
                peers.get((segment, kind), []),
            ),
            integer,
        )
        for kind, label, weight, integer in plan.kinds
    ]
    signals = tuple(breakdown for (breakdown, _), _ in scored)
    units = _mean_units((units, integer) for (_, units), integer in scored)
    if units is None:
        return HealthScore(
            account,
            as_of,
            None,
            None,
            signals,
            f"Account {account!r} has no weighted usage signal in the {plan.lookback_weeks}"
            f" weeks to {as_of.isoformat()}: no score.",
        )
    score = Decimal(units).scaleb(-policy.places, context=EXACT)
    band = next(b.name for b in policy.bands if score <= b.max_score)
    used = [s for s in signals if s.score is not None and s.weight]
    weakest = min(used, key=lambda s: (s.score, s.kind))
    sentence = (
        f"Account {account!r} scores {score} ({band}) on {as_of.isoformat()} from"
        f" {len(used)} of {sum(1 for s in signals if s.weight)} weighted signals;"
        f" weakest: {weakest.kind.replace('_', ' ')} at {weakest.score}."
    )
    return HealthScore(account, as_of, score, band, signals, sentence)


def _policy(policy: object, record: str) -> HealthPolicy:
    if policy is None:
        return HealthPolicy()
    return check_type(policy, HealthPolicy, record=record, field="policy")


def tally_for(signals: object, as_of: dt.date, policy: HealthPolicy, record: str) -> Tally:
    """The private tally for ``policy``'s windows (shared with ``renewals_at_risk``)."""
    return group_signals(
        signals,
        as_of,
        7 * policy.trend_weeks,
        7 * policy.baseline_weeks,
        frozenset(policy.catalogue.kinds),
        record=record,
    )


def tally_signals(
    signals: Iterable[UsageSignal], as_of: dt.date, policy: HealthPolicy | None = None
) -> SignalTally:
    """The window sums of every account's signals: one pass, mergeable across partitions.

    >>> from datetime import date
    >>> from salesmgmt.renewals._signals import UsageSignal
    >>> from salesmgmt.renewals._health import tally_signals
    >>> day = date(2025, 3, 31)
    >>> tally_signals([UsageSignal("A", "messages", day, 3)], day).windows[0].recent
    Decimal('3')
    """
    record = "tally_signals()"
    as_of = check_date(as_of, record=record, field="as_of")
    chosen = _policy(policy, record)
    tally = tally_for(signals, as_of, chosen, record)
    return from_tally(tally, as_of, chosen.trend_weeks, chosen.baseline_weeks)


def score_tally(
    tally: SignalTally,
    policy: HealthPolicy | None = None,
    *,
    segments: Mapping[str, str] | None = None,
    accounts: Iterable[str] | None = None,
) -> tuple[HealthScore, ...]:
    """:func:`score_accounts` from a (merged) :class:`SignalTally`: the finalise step.

    Raises:
        ValidationError: the tally's windows differ from the policy's.

    >>> from datetime import date
    >>> from salesmgmt.renewals._signals import UsageSignal, merge_signal_tallies
    >>> from salesmgmt.renewals._health import score_tally, tally_signals
    >>> day = date(2025, 3, 31)
    >>> left = tally_signals([UsageSignal("A", "messages", day, 9)], day)
    >>> right = tally_signals([UsageSignal("B", "messages", day, 3)], day)
    >>> [(h.account_id, h.score) for h in score_tally(merge_signal_tallies(left, right))]
    [('A', Decimal('100.00')), ('B', Decimal('66.67'))]
    """
    record = "score_tally()"
    check_type(tally, SignalTally, record=record, field="tally")
    chosen = _policy(policy, record)
    for field in ("trend_weeks", "baseline_weeks"):
        if getattr(tally, field) != getattr(chosen, field):
            raise ValidationError.for_field(
                record,
                f"tally.{field}",
                getattr(tally, field),
                f"the policy's {field}={getattr(chosen, field)!r}",
            )
    kinds = set(chosen.catalogue.kinds)
    for window in tally.windows:
        if window.kind not in kinds:
            raise UnknownReference.for_field(
                f"SignalWindow for account {window.account_id!r}",
                "kind",
                window.kind,
                "a kind in the policy's catalogue",
            )
    return _score_all(to_tally(tally), tally.as_of, chosen, segments, accounts, record)


def _score_all(
    tally: Tally,
    as_of: dt.date,
    policy: HealthPolicy,
    segments: object,
    accounts: object,
    record: str,
) -> tuple[HealthScore, ...]:
    if accounts is None:
        wanted = sorted({account for account, _ in tally})
    else:
        items = check_iterable(accounts, record=record, field="accounts")
        wanted = sorted({check_str(a, record=record, field="accounts[]") for a in items})
    scores = scores_from_tally(tally, wanted, as_of, policy, segments, record)
    return tuple(scores[a] for a in wanted)


def scores_from_tally(
    tally: Tally,
    accounts: Iterable[str],
    as_of: dt.date,
    policy: HealthPolicy,
    segments: object,
    record: str,
) -> dict[str, HealthScore]:
    """Health for each of ``accounts`` from one tally (peers computed once)."""
    segment_of = segment_map(segments, tally, record)
    peers = peer_groups(tally, segment_of)
    plan = _Plan.of(policy)
    out: dict[str, HealthScore] = {}
    for account in accounts:
        if account in out:
            continue
        segment = "" if segment_of is None else segment_of.get(account, "")
        out[account] = _account_score(account, as_of, plan, tally, peers, segment)
    return out


def health(
    account: str,
    signals: Iterable[UsageSignal],
    as_of: dt.date,
    policy: HealthPolicy | None = None,
    *,
    segments: Mapping[str, str] | None = None,
) -> HealthScore:
    """The health of ``account`` on ``as_of``, from the usage signals of all accounts.

    ``signals`` holds every account's points: the peer measure compares
    ``account`` with the other accounts of its segment. ``segments`` maps each
    account id to a segment name; without it every account given is a peer of
    every other. Points after ``as_of`` or older than the look-back
    (``trend_weeks + max(trend_weeks, baseline_weeks)`` weeks) are ignored.

    Args:
        account: the account id.
        signals: :class:`UsageSignal` points of any accounts, in any order.
        as_of: the day to score (its own points count as recent).
        policy: the :class:`HealthPolicy` (default ``HealthPolicy()``).
        segments: account id → segment, covering every account in ``signals``.

    Raises:
        UnknownReference: a signal kind not in the policy's catalogue, or an
            account missing from ``segments``.

    >>> from datetime import date, timedelta
    >>> from salesmgmt.renewals._signals import UsageSignal
    >>> from salesmgmt.renewals._health import HealthPolicy, health
    >>> day = date(2025, 3, 31)
    >>> policy = HealthPolicy(weights={"contact_views": 1}, peer_weight=0, baseline_weeks=4)
    >>> points = [UsageSignal("A-1", "contact_views", day - timedelta(weeks=w), v)
    ...           for w, v in [(0, 4), (1, 4), (5, 10), (6, 10)]]
    >>> h = health("A-1", points, day, policy)
    >>> h.score, h.band
    (Decimal('40.00'), 'red')
    >>> h.signals[2].sentence
    'contact views down 60 % in 4 weeks (8 vs 20); score 40.00'
    >>> health("A-2", points, day, policy).score is None   # no data: no score, not zero
    True
    """
    record = "health()"
    account = check_str(account, record=record, field="account")
    as_of = check_date(as_of, record=record, field="as_of")
    chosen = _policy(policy, record)
    tally = tally_for(signals, as_of, chosen, record)
    return scores_from_tally(tally, [account], as_of, chosen, segments, record)[account]


def score_accounts(
    signals: Iterable[UsageSignal],
    as_of: dt.date,
    policy: HealthPolicy | None = None,
    *,
    segments: Mapping[str, str] | None = None,
    accounts: Iterable[str] | None = None,
) -> tuple[HealthScore, ...]:
    """:func:`health` for many accounts at once: one pass over ``signals``, sorted by id.

    Args:
        signals: :class:`UsageSignal` points of any accounts, in any order.
        as_of: the day to score.
        policy: the :class:`HealthPolicy` (default ``HealthPolicy()``).
        segments: account id → segment (see :func:`health`).
        accounts: the accounts to score; default: every account with a point
            in the look-back window.

    >>> from datetime import date
    >>> from salesmgmt.renewals._signals import UsageSignal
    >>> from salesmgmt.renewals._health import score_accounts
    >>> day = date(2025, 3, 31)
    >>> pts = [UsageSignal("B", "messages", day, 3), UsageSignal("A", "messages", day, 9)]
    >>> [(h.account_id, h.score) for h in score_accounts(pts, day)]
    [('A', Decimal('100.00')), ('B', Decimal('66.67'))]
    >>> score_accounts([], day)
    ()
    """
    record = "score_accounts()"
    as_of = check_date(as_of, record=record, field="as_of")
    chosen = _policy(policy, record)
    tally = tally_for(signals, as_of, chosen, record)
    return _score_all(tally, as_of, chosen, segments, accounts, record)
