"""Strategies for customer health: usage signals, catalogues, policies, scores, risk."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from salesmgmt.money import Money
from salesmgmt.renewals._health import (
    HealthPolicy,
    HealthScore,
    SignalScore,
    health,
    tally_signals,
)
from salesmgmt.renewals._risk import (
    AtRiskRenewal,
    ScoreChange,
    SignalContribution,
    explain_change,
    renewals_at_risk,
)
from salesmgmt.renewals._signals import (
    DEFAULT_KINDS,
    HealthBand,
    SignalCatalogue,
    SignalTally,
    SignalWindow,
    UsageSignal,
)
from salesmgmt.renewals._subscriptions import Subscription

__all__ = [
    "at_risk_renewals",
    "health_bands",
    "health_policies",
    "health_scores",
    "score_changes",
    "signal_catalogues",
    "signal_contributions",
    "signal_scores",
    "signal_tallies",
    "signal_windows",
    "usage_signals",
]

_LOW = dt.date(2000, 1, 1)
_HIGH = dt.date(2050, 12, 31)
_EXTRA_KINDS = ("logins", "seats_used", "api_calls", "exports")


def usage_signals(
    *,
    accounts: st.SearchStrategy[str] | None = None,
    kinds: st.SearchStrategy[str] | None = None,
    values: st.SearchStrategy[int | Decimal] | None = None,
    min_value: dt.date = _LOW,
    max_value: dt.date = _HIGH,
) -> st.SearchStrategy[UsageSignal]:
    """Valid :class:`UsageSignal` points, shrinking towards ``A-0``'s first default
    kind with value 0 on ``min_value``.

    Args:
        accounts: strategy for account ids (default ``'A-0'`` … ``'A-4'``).
        kinds: strategy for kinds (default: the seed's six).
        values: strategy for values of at least 0 (default: ints 0 to 10**6).
        min_value: earliest day.
        max_value: latest day.

    >>> from hypothesis import find
    >>> find(usage_signals(), lambda s: s.value > 5).value
    Decimal('6')
    """
    if min_value > max_value:
        raise InvalidArgument(f"Cannot have min_value={min_value!r} > max_value={max_value!r}")
    return st.builds(
        UsageSignal,
        accounts if accounts is not None else st.integers(0, 4).map(lambda i: f"A-{i}"),
        kinds if kinds is not None else st.sampled_from(DEFAULT_KINDS),
        st.dates(min_value=min_value, max_value=max_value),
        values if values is not None else st.integers(0, 10**6),
    )


def signal_catalogues(*, max_size: int = 8) -> st.SearchStrategy[SignalCatalogue]:
    """Signal catalogues, shrinking towards the default (the seed's six kinds).

    >>> from hypothesis import find
    >>> find(signal_catalogues(), lambda c: True) == SignalCatalogue()
    True
    """
    if max_size < 1:
        raise InvalidArgument(f"max_size must be at least 1, got {max_size!r}")
    pool = DEFAULT_KINDS + _EXTRA_KINDS
    return st.just(SignalCatalogue()) | st.lists(
        st.sampled_from(pool), min_size=1, max_size=max_size, unique=True
    ).map(SignalCatalogue)


def _scores(places: int = 2) -> st.SearchStrategy[Decimal]:
    return st.integers(0, 100 * 10**places).map(lambda n: Decimal(n).scaleb(-places))


def health_bands() -> st.SearchStrategy[HealthBand]:
    """Single :class:`HealthBand` values (name and an upper score bound).

    >>> from hypothesis import find
    >>> find(health_bands(), lambda b: True)
    HealthBand(name='red', max_score=Decimal('0.00'))
    """
    return st.builds(HealthBand, st.sampled_from(["red", "yellow", "green", "blue"]), _scores())


@st.composite
def _policies(draw: st.DrawFn, catalogues: st.SearchStrategy[SignalCatalogue]) -> HealthPolicy:
    catalogue = draw(catalogues)
    chosen = draw(st.lists(st.sampled_from(catalogue.kinds), min_size=1, unique=True))
    weights = {kind: draw(st.integers(0, 5)) for kind in chosen}
    weights[chosen[0]] = draw(st.integers(1, 5))
    components = [draw(st.integers(0, 3)) for _ in range(3)]
    if not any(components):
        components[0] = 1
    cuts = draw(st.lists(_scores(), max_size=3, unique=True).map(sorted))
    bounds = [c for c in cuts if c < 100] + [Decimal(100)]
    bands = [HealthBand(f"band-{i}", bound) for i, bound in enumerate(bounds)]
    return HealthPolicy(
        catalogue,
        weights,
        trend_weeks=draw(st.integers(1, 8)),
        baseline_weeks=draw(st.integers(1, 16)),
        own_weight=components[0],
        peer_weight=components[1],
        trend_weight=components[2],
        full_ratio=draw(st.sampled_from([Decimal(1), Decimal("0.5"), Decimal("1.25"), 2])),
        bands=bands,
        places=draw(st.integers(0, 4)),
        unknown_risk=draw(st.integers(0, 100).map(lambda n: Decimal(n) / 100)),
        max_drivers=draw(st.integers(0, 6)),
    )


def health_policies(
    *, catalogues: st.SearchStrategy[SignalCatalogue] | None = None
) -> st.SearchStrategy[HealthPolicy]:
    """Valid :class:`HealthPolicy` values, shrinking towards ``HealthPolicy()``.

    Args:
        catalogues: strategy for the catalogue (default :func:`signal_catalogues`).

    >>> from hypothesis import find
    >>> find(health_policies(), lambda p: True) == HealthPolicy()
    True
    """
    return st.just(HealthPolicy()) | _policies(
        catalogues if catalogues is not None else signal_catalogues()
    )


@st.composite
def _book(
    draw: st.DrawFn, policies: st.SearchStrategy[HealthPolicy], max_points: int
) -> tuple[HealthPolicy, dt.date, list[UsageSignal]]:
    """A policy, an ``as_of`` and points around it that always give ``A-0`` a score."""
    policy = draw(policies)
    as_of = draw(st.dates(min_value=dt.date(2001, 1, 1), max_value=dt.date(2049, 12, 31)))
    span = 7 * (policy.trend_weeks + max(policy.trend_weeks, policy.baseline_weeks)) + 14
    points = draw(
        st.lists(
            usage_signals(
                accounts=st.integers(0, 3).map(lambda i: f"A-{i}"),
                kinds=st.sampled_from(policy.catalogue.kinds),
                values=st.integers(0, 1000),
                min_value=as_of - dt.timedelta(days=span),
                max_value=as_of + dt.timedelta(days=7),
            ),
            max_size=max_points,
        )
    )
    weighted = next(kind for kind, weight in policy.weights if weight)
    for account in ("A-0", "A-1"):  # a peer too, for a policy that only weighs peers
        points.append(UsageSignal(account, weighted, as_of, draw(st.integers(1, 1000))))
    return policy, as_of, points


def health_scores(
    *, policies: st.SearchStrategy[HealthPolicy] | None = None, max_points: int = 30
) -> st.SearchStrategy[HealthScore]:
    """:class:`HealthScore` results of :func:`health` for account ``A-0`` on random books.

    >>> from hypothesis import find
    >>> find(health_scores(), lambda h: h.score is not None).account_id
    'A-0'
    """
    return _book(policies if policies is not None else health_policies(), max_points).map(
        lambda book: health("A-0", book[2], book[1], book[0])
    )


def signal_scores(*, max_points: int = 30) -> st.SearchStrategy[SignalScore]:
    """:class:`SignalScore` rows taken from :func:`health_scores`.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, database=None)
    ... @given(signal_scores())
    ... def check(s):
    ...     assert s.score is None or 0 <= s.score <= 100
    >>> check()
    """
    return health_scores(max_points=max_points).flatmap(lambda h: st.sampled_from(h.signals))


@st.composite
def _changes(draw: st.DrawFn, max_points: int) -> ScoreChange:
    policy, as_of, points = draw(_book(health_policies(), max_points))
    later = as_of + dt.timedelta(days=draw(st.integers(0, 60)))
    weighted = next(kind for kind, weight in policy.weights if weight)
    for account in ("A-0", "A-1"):
        points.append(UsageSignal(account, weighted, later, draw(st.integers(1, 1000))))
    change = explain_change(
        health("A-0", points, as_of, policy), health("A-0", points, later, policy)
    )
    assert change is not None  # both days have a weighted point on the day itself
    return change


def score_changes(*, max_points: int = 30) -> st.SearchStrategy[ScoreChange]:
    """:class:`ScoreChange` results of :func:`explain_change` between two days.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, database=None)
    ... @given(score_changes())
    ... def check(c):
    ...     assert c.score_before + c.change == c.score_after
    >>> check()
    """
    return _changes(max_points)


def signal_contributions(*, max_points: int = 30) -> st.SearchStrategy[SignalContribution]:
    """:class:`SignalContribution` rows taken from :func:`score_changes`.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, database=None)
    ... @given(signal_contributions())
    ... def check(c):
    ...     assert c.kind.replace('_', ' ') in c.sentence  # the sentence names the signal
    >>> check()
    """
    return score_changes(max_points=max_points).flatmap(lambda c: st.sampled_from(c.contributions))


@st.composite
def _at_risk(draw: st.DrawFn, max_points: int) -> AtRiskRenewal:
    policy, as_of, points = draw(_book(health_policies(), max_points))
    subs = [
        Subscription(
            f"S-{i}",
            f"A-{draw(st.integers(0, 3)) if i else 0}",
            Money(draw(st.integers(0, 10**6)), "USD"),
            as_of - dt.timedelta(days=365),
            as_of + dt.timedelta(days=draw(st.integers(1, 90))),
        )
        for i in range(draw(st.integers(1, 4)))
    ]
    return draw(st.sampled_from(renewals_at_risk(subs, points, as_of, 90, policy)))


def at_risk_renewals(*, max_points: int = 30) -> st.SearchStrategy[AtRiskRenewal]:
    """:class:`AtRiskRenewal` rows of :func:`renewals_at_risk` on random books.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, database=None)
    ... @given(at_risk_renewals())
    ... def check(r):
    ...     assert r.rank >= 1 and r.days_left >= 0
    >>> check()
    """
    return _at_risk(max_points)


def signal_windows(
    *, accounts: st.SearchStrategy[str] | None = None, max_value: int = 10**6
) -> st.SearchStrategy[SignalWindow]:
    """:class:`SignalWindow` sums (recent, previous, baseline) of at least 0.

    >>> from hypothesis import find
    >>> find(signal_windows(), lambda w: True)
    SignalWindow(account_id='A-0', kind='page_clicks', recent=Decimal('0'), previous=Decimal('0'), baseline=Decimal('0'))
    """  # noqa: E501
    sums = st.integers(0, max_value)
    return st.builds(
        SignalWindow,
        accounts if accounts is not None else st.integers(0, 4).map(lambda i: f"A-{i}"),
        st.sampled_from(DEFAULT_KINDS),
        sums,
        sums,
        sums,
    )


def signal_tallies(*, max_points: int = 30) -> st.SearchStrategy[SignalTally]:
    """:class:`SignalTally` values: ``tally_signals`` of random books.

    >>> from hypothesis import find
    >>> find(signal_tallies(), lambda t: True).windows[0].account_id
    'A-0'
    """
    return _book(health_policies(), max_points).map(
        lambda book: tally_signals(book[2], book[1], book[0])
    )
