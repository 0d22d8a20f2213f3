"""Strategies for the forecast roll-up, the inspection and the deal score values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from salesmgmt.money import Money
from salesmgmt.pipeline._forecast import (
    AdjustedForecast,
    ForecastAdjustment,
    ForecastRollup,
    ForecastVsQuota,
)
from salesmgmt.pipeline._inspect import RULES, SEVERITIES, Finding, InspectionPolicy, Snooze
from salesmgmt.pipeline._model import CATEGORIES
from salesmgmt.pipeline._score import DealScore, ScorePolicy
from salesmgmt.strategies._core import amounts, periods

__all__ = [
    "adjusted_forecasts",
    "deal_scores",
    "findings",
    "forecast_adjustments",
    "forecast_rollups",
    "forecast_vs_quotas",
    "inspection_policies",
    "score_policies",
    "snoozes",
]

_MIN_DAY = dt.date(2000, 1, 1)
_MAX_DAY = dt.date(2100, 12, 31)
_IDS = st.sampled_from(["R-1", "R-2", "T-1", "O-1", "O-2", "M-1"])


def _currencies(currencies: st.SearchStrategy[str] | None) -> st.SearchStrategy[str]:
    return st.sampled_from(["USD", "EUR", "JPY"]) if currencies is None else currencies


@st.composite
def _forecast_rollups(
    draw: st.DrawFn, codes: st.SearchStrategy[str], max_value: int
) -> ForecastRollup:
    code = draw(codes)
    sums = [Money(draw(amounts(code, min_value=0, max_value=max_value)), code) for _ in CATEGORIES]
    counts = [draw(st.integers(0, 1000)) for _ in CATEGORIES]
    as_of = draw(st.none() | st.dates(_MIN_DAY, _MAX_DAY))
    return ForecastRollup(
        draw(periods()),
        code,
        as_of,
        sums[0],
        sums[1],
        sums[2],
        sums[3],
        sums[4],
        (counts[0], counts[1], counts[2], counts[3], counts[4]),
    )


def forecast_rollups(
    *, currencies: st.SearchStrategy[str] | None = None, max_value: int = 10**9
) -> st.SearchStrategy[ForecastRollup]:
    """:class:`~salesmgmt.pipeline.ForecastRollup` values (sums of at most ``max_value``).

    >>> from hypothesis import find
    >>> find(forecast_rollups(), lambda r: True).counts
    (0, 0, 0, 0, 0)
    """
    if max_value < 0:
        raise InvalidArgument(f"max_value must be at least 0, got {max_value!r}")
    return _forecast_rollups(_currencies(currencies), max_value)


@st.composite
def _forecast_adjustments(
    draw: st.DrawFn, codes: st.SearchStrategy[str], targets: st.SearchStrategy[str]
) -> ForecastAdjustment:
    code = draw(codes)
    return ForecastAdjustment(
        draw(_IDS),
        draw(st.dates(_MIN_DAY, _MAX_DAY)),
        draw(targets),
        draw(st.sampled_from(("commit", "best_case", "pipeline"))),
        Money(draw(amounts(code, min_value=0, max_value=10**9)), code),
        note=draw(st.sampled_from(["", "Acme slips to Q2"])),
    )


def forecast_adjustments(
    *,
    currencies: st.SearchStrategy[str] | None = None,
    targets: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[ForecastAdjustment]:
    """:class:`~salesmgmt.pipeline.ForecastAdjustment` values (a manager's call).

    >>> from hypothesis import find
    >>> find(forecast_adjustments(), lambda a: True).category
    'commit'
    """
    return _forecast_adjustments(_currencies(currencies), _IDS if targets is None else targets)


@st.composite
def _adjusted_forecasts(draw: st.DrawFn, codes: st.SearchStrategy[str]) -> AdjustedForecast:
    code = draw(codes)
    submitted = draw(forecast_rollups(currencies=st.just(code)))
    figures = [Money(draw(amounts(code, min_value=0, max_value=10**9)), code) for _ in range(3)]
    return AdjustedForecast(submitted, figures[0], figures[1], figures[2])


def adjusted_forecasts(
    *, currencies: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[AdjustedForecast]:
    """:class:`~salesmgmt.pipeline.AdjustedForecast` values.

    >>> from hypothesis import find
    >>> find(adjusted_forecasts(), lambda a: True).adjustments
    ()
    """
    return _adjusted_forecasts(_currencies(currencies))


@st.composite
def _forecast_vs_quotas(draw: st.DrawFn, codes: st.SearchStrategy[str]) -> ForecastVsQuota:
    code = draw(codes)
    ratios = st.none() | st.decimals(min_value=0, max_value=100, places=4)
    return ForecastVsQuota(
        Money(draw(amounts(code, min_value=0, max_value=10**9)), code),
        draw(ratios),
        draw(ratios),
        draw(ratios),
        draw(ratios),
        Money(draw(amounts(code, min_value=-(10**9), max_value=10**9)), code),
    )


def forecast_vs_quotas(
    *, currencies: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[ForecastVsQuota]:
    """:class:`~salesmgmt.pipeline.ForecastVsQuota` values.

    >>> from hypothesis import find
    >>> find(forecast_vs_quotas(), lambda v: True).closed is None
    True
    """
    return _forecast_vs_quotas(_currencies(currencies))


def findings() -> st.SearchStrategy[Finding]:
    """:class:`~salesmgmt.pipeline.Finding` values whose message names the deal.

    >>> from hypothesis import find
    >>> find(findings(), lambda f: True).rule
    'close_date_past'
    """
    return st.builds(
        lambda deal, rule, severity, owner: Finding(
            deal, rule, severity, f"{deal}: {rule.replace('_', ' ')}", owner_id=owner
        ),
        st.sampled_from(["O-1", "O-2", "O-17"]),
        st.sampled_from(RULES),
        st.sampled_from(SEVERITIES),
        st.sampled_from(["", "R-1"]),
    )


def snoozes(
    *, min_value: dt.date = _MIN_DAY, max_value: dt.date = _MAX_DAY
) -> st.SearchStrategy[Snooze]:
    """:class:`~salesmgmt.pipeline.Snooze` values with ``until`` in the given range.

    >>> from hypothesis import find
    >>> find(snoozes(), lambda s: True).until
    datetime.date(2000, 1, 1)
    """
    if min_value > max_value:
        raise InvalidArgument(f"Cannot have min_value={min_value!r} > max_value={max_value!r}")
    return st.builds(
        Snooze,
        st.sampled_from(["O-1", "O-2", "O-17"]),
        st.sampled_from(RULES),
        st.dates(min_value, max_value),
        st.sampled_from(["buyer on leave", "budget cycle"]),
    )


def inspection_policies() -> st.SearchStrategy[InspectionPolicy]:
    """:class:`~salesmgmt.pipeline.InspectionPolicy` values around the defaults.

    >>> from hypothesis import find
    >>> find(inspection_policies(), lambda p: True) == InspectionPolicy()
    True
    """
    shares = st.decimals(min_value=0, max_value=1, places=2)
    return st.builds(
        InspectionPolicy,
        push_limit=st.integers(1, 5) | st.just(2),
        stale_days=st.just(14) | st.integers(0, 60),
        stage_age_factor=st.just(Decimal("1.5")) | st.decimals(0, 5, places=1),
        min_stage_samples=st.just(5) | st.integers(1, 10),
        max_amount_cut=st.just(Decimal("0.2")) | shares,
        evidence_categories=st.just(("best_case", "commit"))
        | st.lists(st.sampled_from(CATEGORIES), unique=True).map(tuple),
        min_won_samples=st.just(3) | st.integers(1, 10),
        max_deal_share=st.just(Decimal("0.5")) | shares,
        min_deals_for_concentration=st.just(2) | st.integers(1, 10),
        rules=st.just(RULES) | st.lists(st.sampled_from(RULES), unique=True).map(tuple),
    )


def score_policies() -> st.SearchStrategy[ScorePolicy]:
    """:class:`~salesmgmt.pipeline.ScorePolicy` values whose points sum to 100.

    >>> from hypothesis import find
    >>> find(score_policies(), lambda p: True) == ScorePolicy()
    True
    """

    @st.composite
    def build(draw: st.DrawFn) -> ScorePolicy:
        if draw(st.booleans()):
            evidence, touch, recency = (
                draw(st.integers(0, 100)),
                draw(st.integers(0, 100)),
                draw(st.integers(0, 100)),
            )
            if evidence + touch + recency <= 100:
                return ScorePolicy(
                    evidence_points=evidence,
                    touch_points=touch,
                    recency_points=recency,
                    stage_points=100 - evidence - touch - recency,
                    evidence_full=draw(st.integers(1, 200)),
                    touch_target=draw(st.integers(1, 20)),
                    recency_days=draw(st.integers(1, 90)),
                )
        return ScorePolicy()

    return build()


def deal_scores() -> st.SearchStrategy[DealScore]:
    """:class:`~salesmgmt.pipeline.DealScore` values (a breakdown, not necessarily
    one :func:`deal_score` would produce).

    >>> from hypothesis import find
    >>> find(deal_scores(), lambda s: True).score
    Decimal('0.0')
    """
    points = st.decimals(min_value=0, max_value=25, places=1)
    return st.builds(
        lambda deal, close, e, t, r, s: DealScore(
            deal,
            close,
            e + t + r + s,
            (("budget_confirmed", e),) if e else (),
            e,
            t,
            r,
            s,
            (f"{deal}: {int(t)} touches",),
        ),
        st.sampled_from(["O-1", "O-2"]),
        st.dates(_MIN_DAY, _MAX_DAY),
        points,
        points,
        points,
        points,
    )
