"""Assigning a target to reps: shares, ramps for new hires, proration, the shortfall.

The method (``docs/targets.md``): each rep has a share weight
(:class:`QuotaShares`) and, day by day, an *availability* between 0 and 1 — 0
before ``hired_on`` and after ``left_on``, the :class:`RampSchedule` share in
the first months of tenure, 1 otherwise. A rep's *capacity* is their
availability averaged over the target's own day weights (seasonality and
business days), so a rep who leaves on 30 June of a flat year has capacity ½.
Quotas are the total apportioned by ``share × capacity``; with
``shortfall="unassigned"`` the part the reps cannot carry, ``Σ share × (1 −
capacity)``, becomes an explicit unassigned line instead of going to the
others. Each rep's schedule spreads their quota over the days they are
available, weighted like the target. Everything is exact: the rep schedules
and the unassigned line sum to the total.
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Final, Literal, Self, TypeAlias, cast

import attrs
from dateutil.relativedelta import relativedelta

from salesmgmt._checks import (
    check_choice,
    check_date,
    check_int,
    check_iterable,
    check_str,
    check_type,
)
from salesmgmt._decimal import RATIO, to_decimal
from salesmgmt.errors import PolicyError, UnknownReference, ValidationError, WrongType
from salesmgmt.money import Money
from salesmgmt.org import OrgChart, Rep
from salesmgmt.periods import BusinessCalendar, FiscalCalendar, Period
from salesmgmt.quotas._schedule import (
    Amount,
    Month,
    TargetSchedule,
    _mismatch,
    _units_of,
    apportion,
    check_options,
    check_period,
    check_total,
    day_plan,
    group,
    int_weights,
    make_schedule,
    spread,
    tile,
)
from salesmgmt.quotas._seasonality import SeasonalityProfile

__all__ = [
    "ProrateBy",
    "QuotaAssignment",
    "QuotaShares",
    "RampSchedule",
    "Shortfall",
    "assign_quotas",
]

Shortfall: TypeAlias = Literal["redistribute", "unassigned"]
ProrateBy: TypeAlias = Literal["business_days", "calendar_days"]
_MAX_RAMP_MONTHS: Final = 60
_MAX_REPS: Final = 1_000_000
_RAMP_PLACES: Final = 4


# -- ramp -----------------------------------------------------------------------------------


def _to_shares(value: object) -> tuple[Decimal, ...]:
    record = "RampSchedule"
    items = check_iterable(value, record=record, field="shares", max_items=_MAX_RAMP_MONTHS)
    out = []
    for i, item in enumerate(items):
        share = to_decimal(item, record=record, field=f"shares[{i}]", max_abs_exponent=1)
        if not 0 <= share <= 1 or (share and share.as_tuple().exponent < -_RAMP_PLACES):  # type: ignore[operator]  # finite
            raise ValidationError.for_field(
                record,
                f"shares[{i}]",
                item,
                f"a share from 0 to 1 with at most {_RAMP_PLACES} decimals",
            )
        out.append(share)
    return tuple(out)


def _check_rising(instance: RampSchedule, attribute: object, value: tuple[Decimal, ...]) -> None:
    for i in range(1, len(value)):
        if value[i] < value[i - 1]:
            raise PolicyError.for_field(
                "RampSchedule",
                f"shares[{i}]",
                value[i],
                f"at least the month before ({value[i - 1]})",
                hint="A ramp never decreases: a new hire carries more each month.",
            )


@attrs.frozen
class RampSchedule:
    """The share of a full quota a new hire carries in each month of tenure.

    ``shares[0]`` applies from ``hired_on`` for one month (to the day before
    the same day of the next month), ``shares[1]`` the month after, and so
    on; after the last listed month the rep carries the full quota (1). Shares
    lie from 0 to 1 with at most 4 decimals and never decrease (at most 60
    months).

    Raises:
        ValidationError: a share outside 0-1 or with more than 4 decimals.
        PolicyError: a share below the month before.

    >>> import datetime as dt
    >>> from salesmgmt.quotas import RampSchedule
    >>> ramp = RampSchedule.linear(3)
    >>> ramp.shares
    (Decimal('0.25'), Decimal('0.5'), Decimal('0.75'))
    >>> hired = dt.date(2025, 3, 10)
    >>> [str(ramp.share_on(hired, dt.date(2025, m, 9))) for m in (3, 4, 5, 6, 7)]
    ['0', '0.25', '0.5', '0.75', '1']
    """

    shares: tuple[Decimal, ...] = attrs.field(converter=_to_shares, validator=_check_rising)

    @classmethod
    def linear(cls, months: int) -> Self:
        """``months`` equal steps up to full quota: month *k* carries k ÷ (months + 1),
        rounded half up to 4 decimals (3 months: 0.25, 0.5, 0.75).

        >>> from salesmgmt.quotas import RampSchedule
        >>> RampSchedule.linear(2).shares
        (Decimal('0.3333'), Decimal('0.6667'))
        """
        n = check_int(months, record="RampSchedule.linear()", field="months", min_value=0,
                      max_value=_MAX_RAMP_MONTHS)  # fmt: skip
        return cls(
            tuple(
                RATIO.divide(Decimal(k), Decimal(n + 1))
                .quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP, context=RATIO)
                .normalize(RATIO)
                for k in range(1, n + 1)
            )
        )

    def share_on(self, hired_on: dt.date, day: dt.date) -> Decimal:
        """The share carried on ``day`` by a rep hired on ``hired_on`` (0 before it).

        >>> import datetime as dt
        >>> from salesmgmt.quotas import RampSchedule
        >>> ramp = RampSchedule(["0.5"])
        >>> ramp.share_on(dt.date(2024, 1, 31), dt.date(2024, 2, 29))  # a leap month
        Decimal('1')
        """
        record = "RampSchedule.share_on()"
        start = _date(hired_on, record, "hired_on")
        on = _date(day, record, "day")
        if on < start:
            return Decimal(0)
        bounds = _ramp_bounds(start, len(self.shares))
        index = bisect_right(bounds, on.toordinal()) - 1
        return self.shares[index] if index < len(self.shares) else Decimal(1)


def _date(value: object, record: str, field: str) -> dt.date:
    return check_date(value, record=record, field=field)


def _ramp_bounds(hired_on: dt.date, months: int) -> list[int]:
    """Ordinals where tenure months 1, 2, … start (the last one: full quota from then)."""
    out = [hired_on.toordinal()]
    for k in range(1, months + 1):
        try:
            out.append((hired_on + relativedelta(months=k)).toordinal())
        except (OverflowError, ValueError):
            out.append(dt.date.max.toordinal() + 1)
    return out


# -- shares ---------------------------------------------------------------------------------


def _to_pairs(value: object) -> tuple[tuple[str, Decimal], ...]:
    record = "QuotaShares"
    items = check_iterable(value, record=record, field="weights", max_items=_MAX_REPS)
    pairs: dict[str, Decimal] = {}
    for i, item in enumerate(items):
        if not isinstance(item, tuple) or len(item) != 2:
            raise WrongType.for_field(record, f"weights[{i}]", item, "a (rep_id, weight) pair")
        rep_id = check_str(item[0], record=record, field=f"weights[{i}][0]")
        weight = to_decimal(item[1], record=f"Rep {rep_id!r}", field="weight", max_abs_exponent=21)
        if weight < 0:
            raise ValidationError.for_field(f"Rep {rep_id!r}", "weight", item[1], "zero or more")
        if rep_id in pairs:
            raise ValidationError.for_field(
                f"Rep {rep_id!r}", "rep_id", rep_id, "listed once in the shares"
            )
        pairs[rep_id] = weight
    return tuple(sorted(pairs.items()))


def _check_pairs(
    instance: QuotaShares, attribute: object, value: tuple[tuple[str, Decimal], ...]
) -> None:
    if not value or not any(weight for _, weight in value):
        raise PolicyError.for_field(
            "QuotaShares", "weights", value, "at least one rep with a weight above zero"
        )


@attrs.frozen
class QuotaShares:
    """Each rep's share weight of a target: ``(rep_id, weight)`` pairs, kept sorted
    by ``rep_id`` so the result never depends on the order given.

    Weights are relative (``int``, ``Decimal`` or decimal strings, zero or
    more, not all zero). Build them with :meth:`equal`, :meth:`from_weights`
    or :meth:`from_bookings` (last year's share).

    >>> from salesmgmt import Money
    >>> from salesmgmt.quotas import QuotaShares
    >>> QuotaShares.equal(["R-2", "R-1"]).weights
    (('R-1', Decimal('1')), ('R-2', Decimal('1')))
    >>> last_year = {"R-1": Money.of(300, "USD"), "R-2": Money.of(100, "USD")}
    >>> QuotaShares.from_bookings(last_year).weights
    (('R-1', Decimal('30000')), ('R-2', Decimal('10000')))
    """

    weights: tuple[tuple[str, Decimal], ...] = attrs.field(
        converter=_to_pairs, validator=_check_pairs
    )

    @classmethod
    def equal(cls, rep_ids: Iterable[str]) -> Self:
        """The same weight for every rep (an even split).

        >>> from salesmgmt.quotas import QuotaShares
        >>> len(QuotaShares.equal(["A", "B", "C"]).weights)
        3
        """
        ids = check_iterable(rep_ids, record="QuotaShares.equal()", field="rep_ids",
                             max_items=_MAX_REPS)  # fmt: skip
        return cls(tuple((rep_id, 1) for rep_id in ids))

    @classmethod
    def from_weights(cls, weights: Mapping[str, int | Decimal | str]) -> Self:
        """Explicit weights ``{rep_id: weight}``.

        >>> from salesmgmt.quotas import QuotaShares
        >>> QuotaShares.from_weights({"R-1": "0.6", "R-2": "0.4"}).weights[0]
        ('R-1', Decimal('0.6'))
        """
        if not isinstance(weights, Mapping):
            raise WrongType.for_field(
                "QuotaShares.from_weights()", "weights", weights, "a mapping of rep_id to weight"
            )
        return cls(tuple(weights.items()))

    @classmethod
    def from_bookings(cls, bookings: Mapping[str, Money | int]) -> Self:
        """Weights proportional to each rep's bookings (last year's, say), in one currency.

        >>> from salesmgmt.quotas import QuotaShares
        >>> QuotaShares.from_bookings({"R-1": 3, "R-2": 0}).weights
        (('R-1', Decimal('3')), ('R-2', Decimal('0')))
        """
        record = "QuotaShares.from_bookings()"
        if not isinstance(bookings, Mapping):
            raise WrongType.for_field(
                record, "bookings", bookings, "a mapping of rep_id to Money or int"
            )
        pairs = []
        kind: str | None = None
        for i, (rep_id, amount) in enumerate(bookings.items()):
            code, units = _units_of(amount, f"Rep {rep_id!r}", "bookings")
            if i and code != kind:
                raise _mismatch(kind, code, record, field=f"bookings[{rep_id!r}]",
                                value=amount)  # fmt: skip
            kind = code
            pairs.append((rep_id, units))
        return cls(tuple(pairs))


# -- the assignment -------------------------------------------------------------------------


def _to_rep_schedules(value: object) -> tuple[tuple[str, TargetSchedule], ...]:
    record = "QuotaAssignment"
    items = check_iterable(value, record=record, field="schedules", max_items=_MAX_REPS)
    for i, item in enumerate(items):
        if not isinstance(item, tuple) or len(item) != 2:
            raise WrongType.for_field(record, f"schedules[{i}]", item, "a (rep_id, schedule) pair")
        check_str(item[0], record=record, field=f"schedules[{i}][0]")
        check_type(item[1], TargetSchedule, record=f"Rep {item[0]!r}", field="schedule")
    return tuple(sorted(items, key=lambda pair: pair[0]))


@attrs.frozen
class QuotaAssignment:
    """Per-rep schedules (sorted by rep id) and the unassigned line, if any.

    The rep schedules and ``unassigned`` share sub-periods and sum exactly to
    the assigned total (:attr:`total`).

    Raises:
        ValidationError: schedules with different sub-periods or kinds, or a rep
            listed twice.

    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.quotas import QuotaShares, assign_quotas
    >>> result = assign_quotas(Money.of(100, "USD"), QuotaShares.equal(["A", "B", "C"]),
    ...                        Period.parse("2025-Q1"))
    >>> result.quotas()
    {'A': Money('33.34', 'USD'), 'B': Money('33.33', 'USD'), 'C': Money('33.33', 'USD')}
    >>> result.total, result.unassigned is None
    (Money('100.00', 'USD'), True)
    """

    schedules: tuple[tuple[str, TargetSchedule], ...] = attrs.field(converter=_to_rep_schedules)
    unassigned: TargetSchedule | None = attrs.field(default=None)

    def __attrs_post_init__(self) -> None:
        record = "QuotaAssignment"
        every = [s for _, s in self.schedules]
        if self.unassigned is not None:
            every.append(check_type(self.unassigned, TargetSchedule, record=record,
                                    field="unassigned"))  # fmt: skip
        if not every:
            raise ValidationError.for_field(record, "schedules", (), "at least one schedule")
        ids = [rep_id for rep_id, _ in self.schedules]
        for i in range(1, len(ids)):
            if ids[i] == ids[i - 1]:
                raise ValidationError.for_field(
                    f"Rep {ids[i]!r}", "rep_id", ids[i], "listed once in the assignment"
                )
        names = [f"schedules[{rep_id!r}]" for rep_id in ids] + ["unassigned"]
        first = every[0]
        for name, schedule in zip(names[1:], every[1:], strict=False):
            if schedule.currency != first.currency:
                raise _mismatch(first.currency, schedule.currency, record, field=name,
                                value=schedule.total, like=names[0])  # fmt: skip
            if schedule.parts != first.parts:
                raise ValidationError.for_field(
                    record, name, schedule.period, f"the sub-periods of {names[0]}"
                )

    @property
    def total(self) -> Amount:
        """Everything assigned: the reps' quotas plus the unassigned line.

        >>> from salesmgmt import Period
        >>> from salesmgmt.quotas import QuotaShares, assign_quotas
        >>> assign_quotas(7, QuotaShares.equal(["A"]), Period.parse("2025-W01")).total
        7
        """
        every = [s for _, s in self.schedules]
        if self.unassigned is not None:
            every.append(self.unassigned)
        units = sum(sum(s.units) for s in every)
        code = every[0].currency
        return units if code is None else Money.from_minor_units(units, code)

    def schedule(self, rep_id: str) -> TargetSchedule:
        """The schedule of ``rep_id``.

        Raises:
            UnknownReference: the rep has no schedule here.

        >>> from salesmgmt import Period
        >>> from salesmgmt.quotas import QuotaShares, assign_quotas
        >>> result = assign_quotas(7, QuotaShares.equal(["A"]), Period.parse("2025-W01"))
        >>> result.schedule("A").total
        7
        >>> result.schedule("B")
        Traceback (most recent call last):
          ...
        salesmgmt.errors.UnknownReference: QuotaAssignment.schedule(): 'rep_id' must be a rep
        of the assignment (got 'B')
        """
        for rep_id_, schedule in self.schedules:
            if rep_id_ == rep_id:
                return schedule
        raise UnknownReference.for_field(
            "QuotaAssignment.schedule()", "rep_id", rep_id, "a rep of the assignment"
        )

    def quotas(self) -> dict[str, Amount]:
        """``{rep_id: quota}``: each schedule's total, ready for ``OrgChart.rollup``.

        >>> from salesmgmt import Period
        >>> from salesmgmt.quotas import QuotaShares, assign_quotas
        >>> assign_quotas(7, QuotaShares.equal(["A", "B"]), Period.parse("2025-W01")).quotas()
        {'A': 4, 'B': 3}
        """
        return {rep_id: schedule.total for rep_id, schedule in self.schedules}


def _rep_in(org: OrgChart | None, rep_id: str, record: str) -> Rep | None:
    """The rep of ``org`` with ``rep_id`` (``None`` without an org); unknown: an error."""
    if org is None:
        return None
    try:
        return org.rep(rep_id)
    except UnknownReference as exc:
        raise UnknownReference.for_field(
            record,
            "shares",
            rep_id,
            "a rep of the org chart (every rep with a share needs hire and leave dates)",
            hint=exc.args[0].partition("\nHint: ")[2] or None,
        ) from None


# -- availability ---------------------------------------------------------------------------

#: How a rep is available in one month of the plan: FULL, NONE, or per-day int weights.
_FULL: Final = "full"
_NONE: Final = "none"
Availability: TypeAlias = str | tuple[int, ...]


def _availability(
    rep: Rep | None, ramp: RampSchedule | None, plan: Sequence[Month], first: int, scale: int
) -> list[Availability]:
    """Per month of ``plan`` (whose first day has ordinal ``first``): the rep's availability.

    Day weights are scaled by ``scale`` (the ramp's common denominator) so they are ints.
    """
    if rep is None:
        return [_FULL] * len(plan)
    low = rep.hired_on.toordinal() if rep.hired_on is not None else first
    high = rep.left_on.toordinal() if rep.left_on is not None else 10**9
    bounds: list[int] = []
    scaled: list[int] = []
    if ramp is not None and ramp.shares and rep.hired_on is not None:
        bounds = _ramp_bounds(rep.hired_on, len(ramp.shares))
        scaled = [int(share * scale) for share in ramp.shares]
    ramp_end = bounds[-1] if bounds else low
    out: list[Availability] = []
    start = first
    for month in plan:
        end = start + len(month.flags) - 1
        if end < low or start > high:
            out.append(_NONE)
        elif start >= max(low, ramp_end) and end <= high:
            out.append(_FULL)
        else:
            days = []
            for o in range(start, end + 1):
                if o < low or o > high:
                    days.append(0)
                elif o >= ramp_end:
                    days.append(scale)
                else:
                    days.append(scaled[bisect_right(bounds, o) - 1])
            out.append(tuple(days))
        start = end + 1
    return out


def _rep_months(
    plan: Sequence[Month],
    availability: Sequence[Availability],
    scale: int,
    by_calendar_days: bool = False,
) -> list[Fraction]:
    """The rep's month weights: the plan's, times the month's average availability
    over its counted days (over all its days with ``by_calendar_days``)."""
    weights = []
    for month, avail in zip(plan, availability, strict=True):
        if avail == _FULL:
            weights.append(month.weight)
        elif avail == _NONE or not month.weight:
            weights.append(Fraction(0))
        else:
            days = cast(tuple[int, ...], avail)
            if by_calendar_days:
                counted, used = len(days), sum(days)
            else:
                counted = sum(month.flags)
                used = sum(f * a for f, a in zip(month.flags, days, strict=True))
            weights.append(month.weight * Fraction(used, counted * scale))
    return weights


def _rep_days(
    units: int,
    plan: Sequence[Month],
    availability: Sequence[Availability],
    month_weights: Sequence[Fraction],
) -> list[int]:
    days: list[int] = []
    for month, avail, month_units in zip(
        plan, availability, apportion(units, int_weights(month_weights)), strict=True
    ):
        if not month_units:
            days.extend([0] * len(month.flags))
        elif avail == _FULL:
            days.extend(apportion(month_units, month.flags))
        else:
            days_avail = cast(tuple[int, ...], avail)
            weights = [f * a for f, a in zip(month.flags, days_avail, strict=True)]
            if not any(weights):  # prorated by calendar days, available on no business day
                weights = list(days_avail)
            days.extend(apportion(month_units, weights))
    return days


def assign_quotas(
    total: Amount,
    shares: QuotaShares,
    period: Period,
    *,
    grain: str = "month",
    seasonality: SeasonalityProfile | None = None,
    calendar: BusinessCalendar | None = None,
    fiscal: FiscalCalendar | None = None,
    ramp: RampSchedule | None = None,
    org: OrgChart | None = None,
    shortfall: Shortfall = "redistribute",
    prorate_by: ProrateBy | None = None,
) -> QuotaAssignment:
    """Assign ``total`` over ``period`` to the reps in ``shares``, each as a schedule.

    Each rep's quota is the total apportioned by ``share × capacity``, where
    capacity is the rep's availability (hired, not yet left, ramp share)
    averaged over the target's day weights (``seasonality``, ``calendar``);
    without ``org`` every rep is available every day. ``shortfall`` decides
    where what ramping, joining or leaving reps cannot carry goes:
    ``"redistribute"`` (the default) to the others in proportion to their
    share × capacity; ``"unassigned"`` to an explicit unassigned line (spread
    like the target). If no rep is available at all, the whole total is
    unassigned. Each rep's schedule spreads their quota over the days they are
    available, like :func:`~salesmgmt.quotas.split_target` does for the
    target, at ``grain`` (and ``fiscal``) as there.

    Args:
        prorate_by: how a month a rep only partly works (joining, leaving, a
            ramp step changing) is prorated: ``"business_days"`` (needs
            ``calendar``) or ``"calendar_days"``. ``None`` (the default)
            follows the target's own day weights: business days with a
            ``calendar``, calendar days without. With ``"calendar_days"`` and
            a calendar, a rep who works some days of a month but none of its
            business days gets that month's share spread over the days they
            work.

    Raises:
        UnknownReference: a rep of ``shares`` is not in ``org`` (named).
        ValidationError: a negative total, a ``ramp`` without an ``org``
            (the ramp needs hire dates), or ``prorate_by="business_days"``
            without a ``calendar``.

    >>> import datetime as dt
    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.org import OrgChart, Rep, Team
    >>> from salesmgmt.quotas import QuotaShares, RampSchedule, assign_quotas
    >>> org = OrgChart([Rep("A", "An", "T"), Rep("B", "Bo", "T", hired_on=dt.date(2025, 3, 10))],
    ...                [Team("T", "East")])
    >>> result = assign_quotas(Money.of(240_000, "CNY"), QuotaShares.equal(["A", "B"]),
    ...                        Period.year(2025), ramp=RampSchedule.linear(3), org=org,
    ...                        shortfall="unassigned")
    >>> result.quotas(), result.unassigned.total
    ({'A': Money('120000.00', 'CNY'), 'B': Money('82048.39', 'CNY')}, Money('37951.61', 'CNY'))

    B joins on Monday 10 March: 16 of March's 21 business days, 22 of its 31 days.

    >>> from salesmgmt import BusinessCalendar
    >>> china = BusinessCalendar.for_country("CN", years=2025)
    >>> for basis in ("business_days", "calendar_days"):
    ...     print(assign_quotas(Money.of(3100, "CNY"), QuotaShares.equal(["A", "B"]),
    ...                         Period.month(2025, 3), calendar=china, org=org,
    ...                         shortfall="unassigned", prorate_by=basis).quotas()["B"])
    1180.95 CNY
    1100.00 CNY
    """
    record = "assign_quotas()"
    code, units = check_total(total, record)
    check_type(shares, QuotaShares, record=record, field="shares")
    checked = check_period(period, record)
    profile, business, fiscal_cal = check_options(seasonality, calendar, fiscal, record)
    if ramp is not None:
        check_type(ramp, RampSchedule, record=record, field="ramp")
        if org is None:
            raise ValidationError.for_field(
                record, "org", None, "an OrgChart when a ramp is given",
                hint="The ramp starts at each rep's hired_on, which the org chart holds.",
            )  # fmt: skip
    if org is not None:
        check_type(org, OrgChart, record=record, field="org")
    shortfall = check_choice(shortfall, ("redistribute", "unassigned"), record=record,
                             field="shortfall")  # fmt: skip
    if prorate_by is not None:
        prorate_by = check_choice(prorate_by, ("business_days", "calendar_days"), record=record,
                                  field="prorate_by")  # fmt: skip
        if prorate_by == "business_days" and calendar is None:
            raise ValidationError.for_field(
                record, "calendar", None, "a BusinessCalendar when prorate_by='business_days'",
                hint="Pass calendar=BusinessCalendar.for_country(...), or prorate by calendar"
                " days.",
            )  # fmt: skip
    by_calendar_days = prorate_by == "calendar_days"
    parts = tile(checked, grain, fiscal_cal, record)
    plan = day_plan(checked, profile, business)
    first = checked.start.toordinal()
    plan_weights = [m.weight for m in plan]
    plan_sum = sum(plan_weights, Fraction(0))
    scale = math.lcm(*(Fraction(s).denominator for s in ramp.shares)) if ramp is not None else 1
    reps = [(rep_id, _rep_in(org, rep_id, record)) for rep_id, _ in shares.weights]
    avail = [_availability(rep, ramp, plan, first, scale) for _, rep in reps]
    month_weights = [
        plan_weights
        if all(a == _FULL for a in av)
        else _rep_months(plan, av, scale, by_calendar_days)
        for av in avail
    ]
    capacity = [
        (sum(mw, Fraction(0)) / plan_sum) if plan_sum else Fraction(0) for mw in month_weights
    ]
    weights = [Fraction(w) * c for (_, w), c in zip(shares.weights, capacity, strict=True)]
    share_sum = sum((Fraction(w) for _, w in shares.weights), Fraction(0))
    missing = share_sum - sum(weights, Fraction(0))
    if shortfall == "unassigned" or not any(weights):
        weights.append(missing if any(weights) else Fraction(1))
    if not plan_sum:
        spread(units, plan, record, period=checked)  # raises unless units == 0
        quotas = [0] * len(weights)
    else:
        quotas = apportion(units, int_weights(weights))
    plan_int = int_weights(plan_weights) if plan_sum else None
    schedules = []
    for (rep_id, _), av, mw, quota in zip(reps, avail, month_weights, quotas, strict=False):
        if mw is plan_weights:
            days = spread(quota, plan, record, plan_int)
        else:
            days = _rep_days(quota, plan, av, mw)
        schedules.append((rep_id, make_schedule(parts, group(days, parts), code)))
    unassigned = None
    if len(quotas) > len(reps):
        days = spread(quotas[-1], plan, record, plan_int)
        unassigned = make_schedule(parts, group(days, parts), code)
    return QuotaAssignment(tuple(schedules), unassigned)
