"""Strategies for targets, quotas and pacing: profiles, ramps, schedules, paces."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from salesmgmt.money import Money
from salesmgmt.periods import FiscalCalendar, Period
from salesmgmt.quotas import (
    Attainment,
    Pace,
    PacingPolicy,
    Projection,
    QuotaAssignment,
    QuotaShares,
    RampSchedule,
    SeasonalityProfile,
    TargetSchedule,
    assign_quotas,
    attainment,
    pace,
    split_target,
)
from salesmgmt.quotas._schedule import day_plan as _day_plan
from salesmgmt.strategies._core import currencies as _currencies
from salesmgmt.strategies._core import fiscal_calendars as _fiscal_calendars

__all__ = [
    "attainments",
    "pace_ratios",
    "paces",
    "pacing_policies",
    "projections",
    "quota_assignments",
    "quota_shares",
    "ramp_schedules",
    "seasonality_profiles",
    "target_schedules",
]

_WEIGHTS = st.one_of(st.integers(0, 100), st.decimals(min_value=0, max_value=100, places=2))


def seasonality_profiles(
    *,
    weights: st.SearchStrategy[int | Decimal] | None = None,
    fiscal: st.SearchStrategy[FiscalCalendar | None] | None = None,
) -> st.SearchStrategy[SeasonalityProfile]:
    """:class:`~salesmgmt.quotas.SeasonalityProfile` values: twelve weights drawn from
    ``weights`` (ints and two-decimal Decimals up to 100 by default), not all zero,
    by calendar month, or by the fiscal periods of a calendar drawn from
    ``fiscal`` (a drawn ``None`` gives a month profile). By default month
    profiles only, which every split accepts; pass ``fiscal=fiscal_calendars()``
    for fiscal-period profiles, or ``st.none() | fiscal_calendars()`` for both.
    Shrinks towards a month profile with only January weighted.

    >>> from hypothesis import find
    >>> from salesmgmt.strategies import fiscal_calendars
    >>> find(seasonality_profiles(), lambda p: p.weights[11] > 0).weights[11]
    Decimal('1')
    >>> find(seasonality_profiles(fiscal=fiscal_calendars()), lambda p: True).fiscal
    FiscalCalendar.monthly(1, label_by='end')
    """
    elements = _WEIGHTS if weights is None else weights
    calendars = st.none() if fiscal is None else fiscal
    return st.builds(
        SeasonalityProfile,
        st.lists(elements, min_size=12, max_size=12).filter(any),
        calendars,
    )


def ramp_schedules(*, max_months: int = 12) -> st.SearchStrategy[RampSchedule]:
    """:class:`~salesmgmt.quotas.RampSchedule` values of up to ``max_months`` rising
    shares with at most two decimals.

    >>> from hypothesis import find
    >>> find(ramp_schedules(), lambda r: len(r.shares) > 1).shares
    (Decimal('0.00'), Decimal('0.00'))
    """
    if not 0 <= max_months <= 60:
        raise InvalidArgument(f"max_months must be from 0 to 60, got {max_months!r}")
    hundredths = st.lists(st.integers(0, 100), max_size=max_months).map(sorted)
    return hundredths.map(lambda xs: RampSchedule([Decimal(x).scaleb(-2) for x in xs]))


def _target_totals(currency: st.SearchStrategy[str] | None) -> st.SearchStrategy[Money | int]:
    codes = _currencies(codes=["USD", "JPY", "KWD", "CNY"]) if currency is None else currency
    money = codes.flatmap(
        lambda code: st.integers(0, 10**12).map(lambda n: Money.from_minor_units(n, code))
    )
    return st.one_of(money, st.integers(0, 10**6))


_GRAIN_NAMES = st.sampled_from(["day", "week", "month", "quarter", "year"])
_FISCAL_GRAINS = ["day", "period", "quarter", "year"]


@st.composite
def _target_schedules(
    draw: st.DrawFn,
    totals: st.SearchStrategy[Money | int],
    min_value: dt.date,
    max_value: dt.date,
    max_days: int,
) -> TargetSchedule:
    start = draw(st.dates(min_value=min_value, max_value=max_value))
    room = (max_value - start).days
    period = Period(
        start, start + dt.timedelta(days=draw(st.integers(0, min(room, max_days - 1))))
    )
    profile = draw(st.none() | seasonality_profiles(fiscal=st.none() | _fiscal_calendars()))
    if profile is not None and not any(m.weight for m in _day_plan(period, profile, None)):
        profile = None  # no weighted month in the period: a non-zero total has nowhere to go
    fiscal = None if profile is None else profile.fiscal
    if fiscal is None:
        return split_target(draw(totals), period, draw(_GRAIN_NAMES), seasonality=profile)
    grains = [*_FISCAL_GRAINS, "week"] if fiscal.pattern is not None else _FISCAL_GRAINS
    grain = draw(st.sampled_from(grains))
    return split_target(draw(totals), period, grain, seasonality=profile, fiscal=fiscal)


def target_schedules(
    *,
    totals: st.SearchStrategy[Money | int] | None = None,
    min_value: dt.date = dt.date(2020, 1, 1),
    max_value: dt.date = dt.date(2030, 12, 31),
    max_days: int = 200,
) -> st.SearchStrategy[TargetSchedule]:
    """:class:`~salesmgmt.quotas.TargetSchedule` values made by
    :func:`~salesmgmt.quotas.split_target`: a total from ``totals`` (Money in
    USD, JPY, KWD or CNY, or int counts), a period of up to ``max_days`` days
    inside ``[min_value, max_value]``, any calendar grain and profile (with a
    fiscal-period profile: its calendar's fiscal grains).

    >>> from hypothesis import find
    >>> find(target_schedules(), lambda s: len(s) > 1).units
    (0, 0)
    """
    if max_days < 1:
        raise InvalidArgument(f"max_days must be at least 1, got {max_days!r}")
    if min_value > max_value:
        raise InvalidArgument(f"Cannot have min_value={min_value!r} > max_value={max_value!r}")
    return _target_schedules(
        _target_totals(None) if totals is None else totals, min_value, max_value, max_days
    )


def pacing_policies() -> st.SearchStrategy[PacingPolicy]:
    """:class:`~salesmgmt.quotas.PacingPolicy` values with decreasing thresholds.

    >>> from hypothesis import find
    >>> find(pacing_policies(), lambda p: True)
    PacingPolicy(ahead_at=Decimal('0.00'), on_track_at=Decimal('0.00'), at_risk_at=Decimal('0.00'))
    """
    thresholds = st.lists(
        st.decimals(min_value=0, max_value=2, places=2), min_size=3, max_size=3
    ).map(lambda xs: sorted(xs, reverse=True))
    return thresholds.map(lambda xs: PacingPolicy(*xs))


def pace_ratios() -> st.SearchStrategy[Decimal]:
    """Booked ÷ expected ratios around the default thresholds (0 to 2, two decimals).

    >>> from hypothesis import find
    >>> find(pace_ratios(), lambda r: r > 1)
    Decimal('1.01')
    """
    return st.decimals(min_value=0, max_value=2, places=2)


@st.composite
def _booked_for(draw: st.DrawFn, schedule: TargetSchedule) -> Money | int:
    top = 2 * sum(schedule.units) + 10
    units = draw(st.integers(0, top))
    return units if schedule.currency is None else Money.from_minor_units(units, schedule.currency)


def attainments() -> st.SearchStrategy[Attainment]:
    """:class:`~salesmgmt.quotas.Attainment` values (money in one currency, or counts),
    zero quotas included.

    >>> from hypothesis import find
    >>> zero = find(attainments(), lambda a: a.ratio is None).quota
    >>> zero == 0 or zero.amount == 0  # a zero Money quota, or a zero count
    True
    """

    def build(total: Money | int) -> st.SearchStrategy[Attainment]:
        booked: st.SearchStrategy[Money | int]
        if isinstance(total, Money):
            code = total.currency
            booked = st.integers(-(10**6), 10**12).map(lambda n: Money.from_minor_units(n, code))
        else:
            booked = st.integers(-100, 10**6)
        return booked.map(lambda b: attainment(b, total))

    return _target_totals(None).flatmap(build)


def projections() -> st.SearchStrategy[Projection]:
    """:class:`~salesmgmt.quotas.Projection` values, taken from real paces.

    >>> from hypothesis import find
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(projections())
    ... def check(projection):
    ...     assert projection.run_rate is not None or projection.seasonal is None
    >>> check()
    """
    return paces().map(lambda p: p.projected)


@st.composite
def _paces(draw: st.DrawFn, policies: st.SearchStrategy[PacingPolicy]) -> Pace:
    schedule = draw(target_schedules(max_days=120))
    span = schedule.period
    as_of = draw(
        st.dates(
            min_value=span.start - dt.timedelta(days=5), max_value=span.end + dt.timedelta(days=5)
        )
    )
    return pace(schedule, draw(_booked_for(schedule)), as_of, policy=draw(policies))


def paces(*, policies: st.SearchStrategy[PacingPolicy] | None = None) -> st.SearchStrategy[Pace]:
    """:class:`~salesmgmt.quotas.Pace` values from :func:`~salesmgmt.quotas.pace` on
    drawn schedules, bookings and days around the period.

    >>> from hypothesis import find
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(paces())
    ... def check(p):
    ...     assert p.status in ("ahead", "on track", "at risk", "behind")
    >>> check()
    """
    return _paces(st.just(PacingPolicy()) if policies is None else policies)


def quota_shares(*, max_size: int = 8) -> st.SearchStrategy[QuotaShares]:
    """:class:`~salesmgmt.quotas.QuotaShares` for up to ``max_size`` reps ``R-0``, ``R-1`` …

    >>> from hypothesis import find
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(quota_shares(max_size=3))
    ... def check(shares):
    ...     assert 1 <= len(shares.weights) <= 3
    >>> check()
    """
    if max_size < 1:
        raise InvalidArgument(f"max_size must be at least 1, got {max_size!r}")
    weights = st.lists(_WEIGHTS, min_size=1, max_size=max_size).filter(any)
    return weights.map(
        lambda ws: QuotaShares.from_weights({f"R-{i}": w for i, w in enumerate(ws)})
    )


@st.composite
def _quota_assignments(draw: st.DrawFn) -> QuotaAssignment:
    schedule = draw(target_schedules(max_days=120))
    return assign_quotas(
        schedule.total,
        draw(quota_shares(max_size=4)),
        schedule.period,
        grain=draw(_GRAIN_NAMES),
        shortfall=draw(st.sampled_from(["redistribute", "unassigned"])),
    )


def quota_assignments() -> st.SearchStrategy[QuotaAssignment]:
    """:class:`~salesmgmt.quotas.QuotaAssignment` values from
    :func:`~salesmgmt.quotas.assign_quotas` (without an org chart).

    >>> from hypothesis import given, settings
    >>> from salesmgmt.quotas import combine
    >>> @settings(max_examples=5)
    ... @given(quota_assignments())
    ... def check(result):
    ...     parts = [s for _, s in result.schedules]
    ...     extra = [result.unassigned] if result.unassigned else []
    ...     assert combine(parts + extra).total == result.total
    >>> check()
    """
    return _quota_assignments()
