"""Attainment and pacing: where bookings stand against a target and its schedule.

Formulas (``docs/metrics/targets.md``): ``gap = quota − booked``;
``expected_to_date`` is the schedule up to and including ``as_of`` (a
sub-period holding ``as_of`` counts by its business days elapsed);
``remaining = total − booked``; ``required_per_business_day = max(remaining,
0) / business days left``, rounded half up to minor units, ``None`` when no
business day is left. Without a calendar every day is a business day.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from decimal import Decimal
from fractions import Fraction
from typing import Final, Literal, TypeAlias

import attrs

from salesmgmt._checks import check_choice, check_date, check_int, check_type
from salesmgmt._decimal import EXACT, RATIO, to_decimal
from salesmgmt.errors import PolicyError, ValidationError
from salesmgmt.money import Money
from salesmgmt.periods import BusinessCalendar
from salesmgmt.quotas._schedule import (
    Amount,
    TargetSchedule,
    _mismatch,
    _units_of,
    counted_days,
    part_weight_after,
    round_half_up,
)

__all__ = [
    "STATUSES",
    "Attainment",
    "Pace",
    "PacingPolicy",
    "Projection",
    "Status",
    "attainment",
    "pace",
]

Status: TypeAlias = Literal["ahead", "on track", "at risk", "behind"]
#: The pacing statuses, best first.
STATUSES: Final[tuple[Status, ...]] = ("ahead", "on track", "at risk", "behind")
_CENT: Final = Decimal("0.01")


def _kind(value: Amount) -> str | None:
    return value.currency if isinstance(value, Money) else None


def _units(value: Amount) -> int:
    return value.to_minor_units() if isinstance(value, Money) else value


def _make(units: int, currency: str | None) -> Amount:
    return units if currency is None else Money.from_minor_units(units, currency)


def _check_amounts(record: str, **fields: object) -> str | None:
    """The common kind (currency, or None for counts) of the named Money/int fields."""
    kind: str | None = None
    first = True
    for name, value in fields.items():
        code, _ = _units_of(value, record, name)
        if first:
            kind, first = code, False
        elif code != kind:
            raise _mismatch(kind, code, record, field=name, value=value)
    return kind


# -- attainment -----------------------------------------------------------------------------


@attrs.frozen
class Attainment:
    """Bookings against a quota: ``ratio = booked / quota`` and ``gap = quota − booked``.

    ``ratio`` is ``None`` when the quota is zero (undefined, not 0); a negative
    ``gap`` means the quota was beaten. Amounts are ``Money`` in one currency or
    ``int`` counts. ``a + b`` merges two attainments (adds bookings and quotas),
    so :meth:`OrgChart.rollup <salesmgmt.org.OrgChart.rollup>` gives team
    attainment from per-rep attainments.

    Raises:
        ValidationError: a negative quota, or a ``ratio``/``gap`` that does not
            follow from ``booked`` and ``quota`` (use :func:`attainment`).

    >>> from salesmgmt import Money
    >>> from salesmgmt.quotas import attainment
    >>> a = attainment(Money.of(45, "USD"), Money.of(60, "USD"))
    >>> a.ratio, a.gap
    (Decimal('0.75'), Money('15.00', 'USD'))
    >>> (a + attainment(Money.of(15, "USD"), Money.of(0, "USD"))).ratio
    Decimal('1')
    """

    booked: Amount
    quota: Amount
    ratio: Decimal | None
    gap: Amount

    def __attrs_post_init__(self) -> None:
        record = "Attainment"
        kind = _check_amounts(record, booked=self.booked, quota=self.quota, gap=self.gap)
        if _units(self.quota) < 0:
            raise ValidationError.for_field(record, "quota", self.quota, "a quota of zero or more")
        if self.ratio is not None:
            check_type(self.ratio, Decimal, record=record, field="ratio")
        expected = _ratio(_units(self.booked), _units(self.quota))
        if self.ratio != expected:
            raise ValidationError.for_field(
                record, "ratio", self.ratio, f"booked / quota ({expected!r})"
            )
        gap = _units(self.quota) - _units(self.booked)
        if _units(self.gap) != gap:
            raise ValidationError.for_field(
                record, "gap", self.gap, f"quota - booked ({_make(gap, kind)!r})"
            )

    @property
    def variance(self) -> Amount:
        """``booked − quota``: ERPNext's *variance* (achieved − target), the opposite
        sign of ``gap``; positive when the quota was beaten.

        >>> from salesmgmt.quotas import attainment
        >>> attainment(12, 10).variance, attainment(12, 10).gap
        (2, -2)
        """
        return _make(-_units(self.gap), _kind(self.gap))

    def __add__(self, other: Attainment) -> Attainment:
        check_type(other, Attainment, record="Attainment", field="other")
        return attainment(self.booked + other.booked, self.quota + other.quota)  # type: ignore[operator]  # one kind, checked by attainment()


def _ratio(booked: int, quota: int) -> Decimal | None:
    if quota == 0:
        return None
    result = RATIO.divide(Decimal(booked), Decimal(quota))
    return Decimal(0) if result.is_zero() else result


def attainment(booked: Amount, quota: Amount) -> Attainment:
    """How much of ``quota`` is ``booked``: the :class:`Attainment` of one owner and period.

    Raises:
        ValidationError: a negative quota.
        CurrencyMismatch: amounts in two currencies.

    >>> from salesmgmt import Money
    >>> from salesmgmt.quotas import attainment
    >>> attainment(Money.of(120, "EUR"), Money.of(100, "EUR")).gap
    Money('-20.00', 'EUR')
    >>> attainment(3, 0).ratio is None  # no quota: undefined, not 0
    True
    """
    record = "attainment()"
    kind = _check_amounts(record, booked=booked, quota=quota)
    b, q = _units(booked), _units(quota)
    if q < 0:
        raise ValidationError.for_field(record, "quota", quota, "a quota of zero or more")
    return Attainment(booked, quota, _ratio(b, q), _make(q - b, kind))


# -- pacing ---------------------------------------------------------------------------------


def _threshold(value: object) -> Decimal:
    number = to_decimal(value, record="PacingPolicy", field="threshold", max_abs_exponent=6)
    if number < 0:
        raise ValidationError.for_field("PacingPolicy", "threshold", value, "zero or more")
    return number


@attrs.frozen
class PacingPolicy:
    """Thresholds on *booked ÷ expected to date* that name a pace's status.

    ``ahead`` at ``ahead_at`` or more (default 1.10: 10 % over plan), ``on
    track`` at ``on_track_at`` or more (0.95), ``at risk`` at ``at_risk_at`` or
    more (0.80), ``behind`` below that. Before anything is expected (the
    period has not started) the status is ``on track``, or ``ahead`` once
    something is booked.

    Raises:
        PolicyError: the thresholds are not in decreasing order.

    >>> from salesmgmt.quotas import PacingPolicy
    >>> PacingPolicy()
    PacingPolicy(ahead_at=Decimal('1.10'), on_track_at=Decimal('0.95'), at_risk_at=Decimal('0.80'))
    >>> PacingPolicy(ahead_at="0.9")
    Traceback (most recent call last):
      ...
    salesmgmt.errors.PolicyError: PacingPolicy: 'ahead_at' must be at least
    on_track_at=Decimal('0.95') (got Decimal('0.9'))
    """

    ahead_at: Decimal = attrs.field(default=Decimal("1.10"), converter=_threshold)
    on_track_at: Decimal = attrs.field(default=Decimal("0.95"), converter=_threshold)
    at_risk_at: Decimal = attrs.field(default=Decimal("0.80"), converter=_threshold)

    def __attrs_post_init__(self) -> None:
        if self.ahead_at < self.on_track_at:
            raise PolicyError.for_field(
                "PacingPolicy",
                "ahead_at",
                self.ahead_at,
                f"at least on_track_at={self.on_track_at!r}",
            )
        if self.on_track_at < self.at_risk_at:
            raise PolicyError.for_field(
                "PacingPolicy",
                "on_track_at",
                self.on_track_at,
                f"at least at_risk_at={self.at_risk_at!r}",
            )

    def status(self, booked: Fraction | int, expected: Fraction | int) -> Status:
        """The status of ``booked`` against ``expected`` (both in units or counts).

        >>> from salesmgmt.quotas import PacingPolicy
        >>> PacingPolicy().status(90, 100), PacingPolicy().status(5, 0)
        ('at risk', 'ahead')
        """
        record = "PacingPolicy.status()"
        for name, value in (("booked", booked), ("expected", expected)):
            check_type(value, (int, Fraction), record=record, field=name)
        if expected <= 0:
            return "ahead" if booked > expected else "on track"
        share = Fraction(booked) / Fraction(expected)
        if share >= Fraction(self.ahead_at):
            return "ahead"
        if share >= Fraction(self.on_track_at):
            return "on track"
        if share >= Fraction(self.at_risk_at):
            return "at risk"
        return "behind"


@attrs.frozen
class Projection:
    """Where the period would end: ``run_rate`` (bookings per business day so far,
    times the period's business days) and ``seasonal`` (bookings divided by the
    share of the schedule expected to date, times its total). Each is ``None``
    when nothing has elapsed or been expected yet.

    >>> from salesmgmt import Money
    >>> from salesmgmt.quotas import Projection
    >>> Projection(Money.of(100, "USD"), None).seasonal is None
    True
    """

    run_rate: Amount | None
    seasonal: Amount | None

    def __attrs_post_init__(self) -> None:
        for name in ("run_rate", "seasonal"):
            value = getattr(self, name)
            if value is not None:
                _units_of(value, "Projection", name)


def _required(units: int, days_left: int, currency: str | None) -> Money | Decimal | None:
    if days_left == 0:
        return None
    if currency is not None:
        return Money.from_minor_units(round_half_up(Fraction(max(units, 0), days_left)), currency)
    hundredths = round_half_up(Fraction(max(units, 0) * 100, days_left))
    return Decimal(hundredths).scaleb(-2, context=EXACT)


@attrs.frozen
class Pace:
    """Bookings against a schedule on ``as_of`` (end of day): see :func:`pace`.

    ``required_per_business_day`` is ``Money`` for money targets and a
    ``Decimal`` with two decimals for counts (7 calls over 3 days is 2.33 a
    day); ``None`` when no business day is left. ``gap_to_date`` is expected −
    booked (positive: behind plan); ``remaining`` is total − booked.

    >>> import datetime as dt
    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.quotas import pace, split_target
    >>> plan = split_target(Money.of(3000, "USD"), Period.parse("2025-04"), "week")
    >>> p = pace(plan, Money.of(1200, "USD"), dt.date(2025, 4, 10))
    >>> p.expected_to_date, p.business_days_left, p.required_per_business_day
    (Money('1000.00', 'USD'), 20, Money('90.00', 'USD'))
    >>> print(p.summary)
    On 2025-04-10: booked 1200.00 USD of 1000.00 USD expected (ahead); 1800.00 USD
    remaining, 90.00 USD per business day over 20 days.
    """

    as_of: dt.date
    total: Amount
    expected_to_date: Amount
    booked_to_date: Amount
    gap_to_date: Amount
    remaining: Amount
    business_days_left: int
    required_per_business_day: Money | Decimal | None
    projected: Projection
    status: Status

    def __attrs_post_init__(self) -> None:
        record = "Pace"
        check_date(self.as_of, record=record, field="as_of")
        kind = _check_amounts(
            record,
            total=self.total,
            expected_to_date=self.expected_to_date,
            booked_to_date=self.booked_to_date,
            gap_to_date=self.gap_to_date,
            remaining=self.remaining,
        )
        check_int(self.business_days_left, record=record, field="business_days_left", min_value=0)
        check_type(self.projected, Projection, record=record, field="projected")
        check_choice(self.status, STATUSES, record=record, field="status")
        booked = _units(self.booked_to_date)
        if _units(self.gap_to_date) != _units(self.expected_to_date) - booked:
            raise ValidationError.for_field(
                record, "gap_to_date", self.gap_to_date, "expected_to_date - booked_to_date"
            )
        remaining = _units(self.total) - booked
        if _units(self.remaining) != remaining:
            raise ValidationError.for_field(
                record, "remaining", self.remaining, "total - booked_to_date"
            )
        required = _required(remaining, self.business_days_left, kind)
        if self.required_per_business_day != required or type(
            self.required_per_business_day
        ) is not type(required):
            raise ValidationError.for_field(
                record,
                "required_per_business_day",
                self.required_per_business_day,
                f"max(remaining, 0) / business_days_left ({required!r})",
            )

    @property
    def summary(self) -> str:
        """One sentence with the facts.

        >>> import datetime as dt
        >>> from salesmgmt import Period
        >>> from salesmgmt.quotas import pace, split_target
        >>> calls = split_target(10, Period.parse("2025-W10"), "day")
        >>> print(pace(calls, 10, dt.date(2025, 3, 9)).summary)
        On 2025-03-09: booked 10 of 10 expected (on track); 0 remaining, no business day left.
        """
        rate = self.required_per_business_day
        tail = (
            "no business day left"
            if rate is None
            else f"{rate} per business day over {self.business_days_left} days"
        )
        return (
            f"On {self.as_of}: booked {self.booked_to_date} of {self.expected_to_date}"
            f" expected ({self.status}); {self.remaining} remaining, {tail}."
        )


def pace(
    schedule: TargetSchedule,
    booked_to_date: Amount,
    as_of: dt.date,
    *,
    calendar: BusinessCalendar | None = None,
    policy: PacingPolicy | None = None,
) -> Pace:
    """Where ``booked_to_date`` stands against ``schedule`` at the end of ``as_of``.

    ``expected_to_date`` is the schedule's amount up to and including ``as_of``:
    whole sub-periods before it, plus the sub-period holding it in proportion
    to its business days elapsed (calendar days when it has none), rounded
    half up to minor units; it is 0 before the period and the total from its
    last day on. Business days come from ``calendar`` (every day without one).
    Projections: ``run_rate`` = booked × business days of the period ÷
    business days elapsed; ``seasonal`` = booked × total ÷ expected to date
    (exact, rounded once). The status follows ``policy`` (:class:`PacingPolicy`
    defaults). Team pace: :func:`~salesmgmt.quotas.combine` the members'
    schedules and pass the team's bookings.

    Raises:
        CurrencyMismatch: bookings in another currency than the schedule.
        WrongType: a count schedule with Money bookings, or the reverse.

    >>> import datetime as dt
    >>> from salesmgmt import BusinessCalendar, Money, Period
    >>> from salesmgmt.quotas import pace, split_target
    >>> h1 = split_target(Money.of(600_000, "CNY"), Period.parse("2025-01-01/2025-06-30"), "month")
    >>> p = pace(h1, Money.of(240_000, "CNY"), dt.date(2025, 6, 16))  # 40 % of H1
    >>> p.business_days_left, p.required_per_business_day  # 360,000 / 14 days
    (14, Money('25714.29', 'CNY'))
    >>> china = BusinessCalendar.for_country("CN", years=2025)
    >>> p = pace(h1, Money.of(240_000, "CNY"), dt.date(2025, 6, 16), calendar=china)
    >>> p.required_per_business_day  # 360,000 / 10 business days
    Money('36000.00', 'CNY')
    """
    check_type(schedule, TargetSchedule, record="pace()", field="schedule")
    record = f"pace() of the {schedule.period} schedule"
    code, booked = _units_of(booked_to_date, record, "booked_to_date")
    if code != schedule.currency:
        raise _mismatch(schedule.currency, code, record, field="booked_to_date",
                        value=booked_to_date, like="the schedule")  # fmt: skip
    day = check_date(as_of, record=record, field="as_of")
    if calendar is not None:
        check_type(calendar, BusinessCalendar, record=record, field="calendar")
    rules = PacingPolicy() if policy is None else policy
    check_type(rules, PacingPolicy, record=record, field="policy")
    period = schedule.period
    total = sum(schedule.units)
    if day >= period.end:
        expected = Fraction(total)
        days_left = 0
    elif day < period.start:
        expected = Fraction(0)
        days_left = counted_days(calendar, period.start, period.end)
    else:
        after = day + dt.timedelta(days=1)
        index = bisect_right([part.end for part in schedule.parts], day)  # first part not done
        part = schedule.parts[index]
        left = part_weight_after(part, schedule.units[index], after, calendar)
        expected = total - left - sum(schedule.units[index + 1 :])
        days_left = counted_days(calendar, after, period.end)
    expected_units = round_half_up(expected)
    elapsed = counted_days(calendar, period.start, min(day, period.end))
    all_days = counted_days(calendar, period.start, period.end)
    run_rate = (
        _make(round_half_up(Fraction(booked * all_days, elapsed)), code) if elapsed else None
    )
    seasonal = _make(round_half_up(booked * total / expected), code) if expected else None
    remaining = total - booked
    return Pace(
        as_of=day,
        total=_make(total, code),
        expected_to_date=_make(expected_units, code),
        booked_to_date=booked_to_date,
        gap_to_date=_make(expected_units - booked, code),
        remaining=_make(remaining, code),
        business_days_left=days_left,
        required_per_business_day=_required(remaining, days_left, code),
        projected=Projection(run_rate, seasonal),
        status=rules.status(booked, expected),
    )
