"""Target schedules: a target split into sub-periods that tile its period, exactly.

The method (``docs/metrics/targets.md``, *Seasonal split*):

1. The period's months get the target in proportion to their profile weight,
   a month cut by the period's ends weighted by the share of its days that
   lie inside (business days with a calendar, calendar days without).
2. Each month's amount is spread over its days: equally over its business
   days with a calendar (a month without any business day falls back to its
   calendar days), equally over its calendar days without one.
3. The days are summed into the requested grain.

Both splits are exact largest-remainder apportionments in whole minor units
(or whole counts), so every schedule sums exactly to its total and a week that
straddles two months takes from each month by its days.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Final, Literal, TypeAlias, cast

import attrs

from salesmgmt._checks import check_choice, check_date, check_iterable, check_type, iter_chunks
from salesmgmt.errors import (
    CurrencyMismatch,
    PeriodError,
    PolicyError,
    ValidationError,
    WrongType,
)
from salesmgmt.money import MINOR_UNITS, Money
from salesmgmt.money._allocate import largest_remainder
from salesmgmt.money._money import _currency
from salesmgmt.periods import BusinessCalendar, FiscalCalendar, Period
from salesmgmt.periods._fiscal import FiscalGrain
from salesmgmt.periods._period import GRAINS, Grain, _unchecked
from salesmgmt.quotas._seasonality import SeasonalityProfile

__all__ = [
    "MAX_DAYS",
    "Amount",
    "TargetSchedule",
    "combine",
    "rebalance",
    "split_target",
]

Amount: TypeAlias = Money | int
WhenAhead: TypeAlias = Literal["reduce", "keep"]

#: Longest period a target may be split over (about 273 years of days).
MAX_DAYS: Final = 100_000
_FISCAL_GRAINS: Final = ("day", "week", "period", "quarter", "year")
_RECORD: Final = "TargetSchedule"
_ONE_DAY: Final = dt.timedelta(days=1)


# -- exact apportionment --------------------------------------------------------------------


def apportion(units: int, weights: Sequence[int]) -> list[int]:
    """Largest-remainder split of ``units`` by non-negative int ``weights`` (sum > 0).

    The rule of :func:`~salesmgmt.allocate` (ties to the lowest index, a negative
    total split as its absolute value), for derived internal weights of any
    size: ``allocate`` refuses weights of 10**19 and more, which exact day and
    month weights can reach.

    >>> apportion(10_000, [1, 1, 1]), apportion(-5, [1, 0, 1])
    ([3334, 3333, 3333], [-3, 0, -2])
    """
    if not any(weights):  # nothing can be split by zero weights, except nothing
        if units:
            raise ValidationError.for_field(
                None, "weights", weights, "weights with at least one above zero"
            )
        return [0] * len(weights)
    return largest_remainder(units, weights)


def int_weights(weights: Sequence[Fraction | int]) -> list[int]:
    """Exact fractions as ints in the same proportions (over their common denominator).

    >>> int_weights([Fraction(1, 2), Fraction(1, 3), 0])
    [3, 2, 0]
    """
    common = 1
    for weight in weights:
        if isinstance(weight, Fraction) and common % weight.denominator:
            common = math.lcm(common, weight.denominator)
    scaled = [int(w * common) for w in weights]
    divisor = math.gcd(*scaled)
    return [w // divisor for w in scaled] if divisor > 1 else scaled


# -- the value ------------------------------------------------------------------------------


def _to_parts(value: object) -> tuple[Period, ...]:
    items = check_iterable(value, record=_RECORD, field="parts", max_items=MAX_DAYS)
    for i, item in enumerate(items):
        check_type(item, Period, record=_RECORD, field=f"parts[{i}]")
    return items


def _to_units(value: object) -> tuple[int, ...]:
    items = check_iterable(value, record=_RECORD, field="units", max_items=MAX_DAYS)
    for i, item in enumerate(items):
        check_type(item, int, record=_RECORD, field=f"units[{i}]")
    return items


def _to_currency(value: object) -> str | None:
    return None if value is None else _currency(value, _RECORD)[0]


def _check_parts(instance: TargetSchedule, attribute: object, value: tuple[Period, ...]) -> None:
    if not value:
        raise ValidationError.for_field(_RECORD, "parts", value, "at least one sub-period")
    for i in range(1, len(value)):
        if value[i].start != value[i - 1].end + _ONE_DAY:
            raise PeriodError.for_field(
                _RECORD,
                f"parts[{i}]",
                value[i],
                f"a sub-period starting the day after {value[i - 1].end}",
                hint="Sub-periods must tile the period in date order, without gaps or overlaps.",
            )
    if value[-1].end.toordinal() - value[0].start.toordinal() >= MAX_DAYS:
        raise PeriodError.for_field(
            _RECORD, "parts", f"<{len(value)} sub-periods>", f"at most {MAX_DAYS} days in all"
        )


def _check_units(instance: TargetSchedule, attribute: object, value: tuple[int, ...]) -> None:
    if len(value) != len(instance.parts):
        raise ValidationError.for_field(
            _RECORD, "units", value, f"one amount per sub-period ({len(instance.parts)})"
        )
    limit = _limit(instance.currency)
    for i, units in enumerate(value):
        if units < 0:
            raise ValidationError.for_field(
                _RECORD, f"units[{i}]", units, "a target of zero or more"
            )
    if sum(value) >= limit:
        raise ValidationError.for_field(
            _RECORD, "units", f"<total of {sum(value)}>", "a total below 10**18 in magnitude"
        )


def _limit(currency: str | None) -> int:
    return int(10 ** (18 + (0 if currency is None else MINOR_UNITS[currency])))


@attrs.frozen
class TargetSchedule:
    """A target split into sub-periods that tile a period, in date order.

    Amounts are stored as whole minor units (``units``) of ``currency``, or as
    whole counts when ``currency`` is ``None`` (new accounts, calls, visits),
    so schedules add and merge exactly. Iterating gives ``(Period, amount)``
    pairs, the amount a ``Money`` (or an ``int`` for counts); ``total`` is their
    exact sum. Build one with :func:`split_target` or :meth:`from_pairs`.

    Raises:
        WrongType: a part that is not a ``Period`` or a unit that is not an ``int``.
        PeriodError: the parts leave a gap, overlap or are out of order.
        ValidationError: a negative target, or not one amount per part.

    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.quotas import split_target
    >>> schedule = split_target(Money.of("100", "USD"), Period.parse("2025-Q1"), "month")
    >>> [(str(p), str(m)) for p, m in schedule]
    [('2025-01', '33.34 USD'), ('2025-02', '33.33 USD'), ('2025-03', '33.33 USD')]
    >>> schedule.total, schedule.units
    (Money('100.00', 'USD'), (3334, 3333, 3333))
    """

    parts: tuple[Period, ...] = attrs.field(converter=_to_parts, validator=_check_parts)
    units: tuple[int, ...] = attrs.field(converter=_to_units)
    currency: str | None = attrs.field(default=None, converter=_to_currency)

    def __attrs_post_init__(self) -> None:
        _check_units(self, None, self.units)

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[Period, Amount]]) -> TargetSchedule:
        """A schedule from ``(Period, amount)`` pairs (all ``Money`` in one currency,
        or all ``int`` counts), e.g. read from a spreadsheet.

        >>> from salesmgmt import Period
        >>> from salesmgmt.quotas import TargetSchedule
        >>> calls = TargetSchedule.from_pairs([(Period.parse("2025-W01"), 40),
        ...                                    (Period.parse("2025-W02"), 45)])
        >>> calls.total, calls.period
        (85, Period(start=datetime.date(2024, 12, 30), end=datetime.date(2025, 1, 12)))
        """
        record = "TargetSchedule.from_pairs()"
        items = check_iterable(pairs, record=record, field="pairs", max_items=MAX_DAYS)
        if not items:
            raise ValidationError.for_field(record, "pairs", pairs, "at least one pair")
        parts: list[Period] = []
        units: list[int] = []
        currency: str | None = None
        for i, pair in enumerate(items):
            if not isinstance(pair, tuple) or len(pair) != 2:
                raise WrongType.for_field(record, f"pairs[{i}]", pair, "a (Period, amount) pair")
            parts.append(check_type(pair[0], Period, record=record, field=f"pairs[{i}][0]"))
            code, value = _units_of(pair[1], record, f"pairs[{i}][1]")
            if i == 0:
                currency = code
            elif code != currency:
                raise _mismatch(currency, code, record, field=f"pairs[{i}][1]", value=pair[1],
                                like="pairs[0]")  # fmt: skip
            units.append(value)
        return cls(tuple(parts), tuple(units), currency)

    @property
    def period(self) -> Period:
        """The whole period the parts tile.

        >>> from salesmgmt import Period
        >>> from salesmgmt.quotas import split_target
        >>> str(split_target(12, Period.parse("2025"), "quarter").period)
        '2025'
        """
        return _unchecked(self.parts[0].start, self.parts[-1].end)

    @property
    def total(self) -> Amount:
        """The exact sum of the amounts: a ``Money``, or an ``int`` for counts.

        >>> from salesmgmt import Money, Period
        >>> from salesmgmt.quotas import split_target
        >>> split_target(Money.of("0.05", "EUR"), Period.parse("2025-W02"), "day").total
        Money('0.05', 'EUR')
        """
        return _amount(sum(self.units), self.currency)

    @property
    def amounts(self) -> tuple[Amount, ...]:
        """The amounts, one per part, in date order.

        >>> from salesmgmt import Period
        >>> from salesmgmt.quotas import split_target
        >>> split_target(10, Period.parse("2025-Q1"), "month").amounts
        (4, 3, 3)
        """
        return tuple(_amount(units, self.currency) for units in self.units)

    def __iter__(self) -> Iterator[tuple[Period, Amount]]:
        return zip(self.parts, self.amounts, strict=True)

    def __len__(self) -> int:
        return len(self.parts)

    def __add__(self, other: TargetSchedule) -> TargetSchedule:
        """Two aligned schedules added part by part (see :func:`combine`).

        This is what lets :meth:`OrgChart.rollup <salesmgmt.org.OrgChart.rollup>`
        add the members' schedules up to every team.

        >>> from salesmgmt import Period
        >>> from salesmgmt.quotas import split_target
        >>> q1 = Period.parse("2025-Q1")
        >>> (split_target(10, q1, "month") + split_target(2, q1, "month")).amounts
        (5, 4, 3)
        """
        return combine([self, other])


def _amount(units: int, currency: str | None) -> Amount:
    return units if currency is None else Money.from_minor_units(units, currency)


def _units_of(value: object, record: str, field: str) -> tuple[str | None, int]:
    """(currency or None, minor units or count) of a Money or an int amount."""
    if isinstance(value, Money):
        return value.currency, value.to_minor_units()
    number = check_type(value, int, record=record, field=field, expected="a Money or an int")
    if not -(10**18) < number < 10**18:
        raise ValidationError.for_field(record, field, value, "below 10**18 in magnitude")
    return None, number


def _mismatch(
    first: str | None,
    second: str | None,
    record: str,
    *,
    field: str = "amount",
    value: object = None,
    like: str = "the others",
) -> Exception:
    """The error for a second amount of another kind (currency, or count vs money)."""
    if first is not None and second is not None:
        return CurrencyMismatch.between(first, second, record=record)
    kind = "an int count" if first is None else f"a Money in {first}"
    return WrongType.for_field(
        record,
        field,
        second or first if value is None else value,
        f"{kind}, like {like}",
        hint="A count target (calls, visits) and a money target cannot be combined.",
    )


def make_schedule(
    parts: tuple[Period, ...], units: Sequence[int], currency: str | None
) -> TargetSchedule:
    """A :class:`TargetSchedule` from parts known to tile and valid units (no checks)."""
    schedule = object.__new__(TargetSchedule)
    object.__setattr__(schedule, "parts", parts)
    object.__setattr__(schedule, "units", tuple(units))
    object.__setattr__(schedule, "currency", currency)
    return schedule


# -- the day plan ---------------------------------------------------------------------------


@attrs.frozen
class Month:
    """One month (or the part of it inside a period): its weight and its day flags."""

    weight: Fraction  # profile weight x (counted days inside / counted days of the month)
    flags: tuple[int, ...]  # 1 for each counted day of the clip, 0 otherwise
    full_days: int  # counted days of the whole month


def day_plan(
    period: Period, seasonality: SeasonalityProfile | None, calendar: BusinessCalendar | None
) -> list[Month]:
    """The months (or, for a fiscal-period profile, the fiscal periods) of ``period``
    with their weights and day flags (see the module docs)."""
    plan: list[Month] = []
    weights = seasonality.weights if seasonality is not None else None
    fiscal = seasonality.fiscal if seasonality is not None else None
    for clip, full, weight in _seasons(period, weights, fiscal):
        counted = calendar.count(full) if calendar is not None else 0
        if calendar is None or counted == 0:
            flags = (1,) * clip.days
            counted = full.days
        else:
            open_days = {d.toordinal() for d in calendar.business_days(clip)}
            first = clip.start.toordinal()
            flags = tuple(int(o in open_days) for o in range(first, first + clip.days))
        plan.append(Month(weight * Fraction(sum(flags), counted), flags, counted))
    return plan


def _seasons(
    period: Period, weights: tuple[Decimal, ...] | None, fiscal: FiscalCalendar | None
) -> Iterator[tuple[Period, Period, Fraction]]:
    """(clip inside ``period``, whole season, profile weight) for each month or fiscal period."""
    if fiscal is None:
        for clip in period.split("month"):
            full = Period.containing(clip.start, "month")
            weight = (
                Fraction(weights[clip.start.month - 1]) if weights is not None else Fraction(1)
            )
            yield clip, full, weight
        return
    assert weights is not None  # a fiscal basis comes with a profile
    year: list[Period] = []
    for clip in fiscal.split(period, "period"):
        if not year or clip.start > year[-1].end:
            fy = fiscal.fiscal_year_of(clip.start)
            year = list(fiscal.split(fiscal.year(fy), "period"))  # its 12 whole periods
        number = next(n for n, p in enumerate(year) if p.end >= clip.start)
        yield clip, year[number], Fraction(weights[number])


def spread(
    units: int,
    plan: Sequence[Month],
    record: str,
    month_weights: list[int] | None = None,
    *,
    period: Period | None = None,
) -> list[int]:
    """``units`` over the plan's days: months by weight, then days by flag.

    ``month_weights`` are the plan's month weights as ints, when already known;
    ``period`` is the period split, named in the error when nothing can be.
    """
    if month_weights is None:
        month_weights = int_weights([month.weight for month in plan])
    days: list[int] = []
    if not any(month_weights):
        if units:
            raise ValidationError.for_field(
                record,
                "period",
                period,
                "a period with at least one weighted day (seasonality and calendar)",
                hint=f"Every month of {period} has weight 0 in the seasonality profile, or"
                " none of its days inside is a business day of the calendar.",
            )
        for month in plan:
            days.extend([0] * len(month.flags))
        return days
    for month, month_units in zip(plan, apportion(units, month_weights), strict=True):
        if month_units:
            days.extend(apportion(month_units, month.flags))
        else:
            days.extend([0] * len(month.flags))
    return days


def group(days: Sequence[int], parts: Sequence[Period]) -> list[int]:
    """Day amounts summed into ``parts`` (which tile the days, in order)."""
    out: list[int] = []
    at = 0
    for part in parts:
        size = part.days
        out.append(sum(days[at : at + size]) if size > 1 else days[at])
        at += size
    return out


def tile(
    period: Period, grain: str, fiscal: FiscalCalendar | None, record: str
) -> tuple[Period, ...]:
    """The sub-periods of ``grain`` (calendar or fiscal) that tile ``period``."""
    if fiscal is None:
        return period.split(cast(Grain, check_choice(grain, GRAINS, record=record, field="grain")))
    fiscal_grain = check_choice(grain, _FISCAL_GRAINS, record=record, field="grain")
    if fiscal_grain == "day":  # a day is a day in every calendar
        return period.split("day")
    return fiscal.split(period, cast(FiscalGrain, fiscal_grain))


def check_total(total: object, record: str, field: str = "total") -> tuple[str | None, int]:
    """(currency or None, units) of a non-negative Money or int target."""
    code, units = _units_of(total, record, field)
    if units < 0:
        raise ValidationError.for_field(
            record,
            field,
            total,
            "a target of zero or more",
            hint="A quota cannot be negative; record returns as negative bookings instead.",
        )
    return code, units


def check_period(period: object, record: str) -> Period:
    checked = check_type(period, Period, record=record, field="period")
    if checked.days > MAX_DAYS:
        raise PeriodError.for_field(
            record, "period", checked, f"a period of at most {MAX_DAYS} days"
        )
    return checked


def check_options(
    seasonality: object, calendar: object, fiscal: object, record: str
) -> tuple[SeasonalityProfile | None, BusinessCalendar | None, FiscalCalendar | None]:
    if seasonality is not None:
        check_type(seasonality, SeasonalityProfile, record=record, field="seasonality")
    if calendar is not None:
        check_type(calendar, BusinessCalendar, record=record, field="calendar")
    if fiscal is not None:
        check_type(fiscal, FiscalCalendar, record=record, field="fiscal")
    basis = seasonality.fiscal if isinstance(seasonality, SeasonalityProfile) else None
    if basis is not None and basis != fiscal:
        raise PolicyError.for_field(
            record,
            "fiscal",
            fiscal,
            f"the fiscal calendar of the fiscal-period seasonality ({basis!r})",
            hint="A profile built with SeasonalityProfile.for_fiscal(calendar, ...) weights that"
            " calendar's periods: split with fiscal=calendar, or use a month profile.",
        )
    return seasonality, calendar, fiscal  # type: ignore[return-value]  # checked above


# -- functions ------------------------------------------------------------------------------


def split_target(
    total: Amount,
    period: Period,
    grain: str,
    *,
    seasonality: SeasonalityProfile | None = None,
    calendar: BusinessCalendar | None = None,
    fiscal: FiscalCalendar | None = None,
) -> TargetSchedule:
    """Split ``total`` over ``period`` into sub-periods of ``grain``, exactly.

    Months get ``total`` in proportion to ``seasonality`` (flat by default:
    equal months, not equal days); each month's amount is spread over its
    business days (``calendar``) or calendar days; the days are summed into
    the grain. Every split is an exact largest-remainder apportionment, so the
    parts sum to ``total`` and each day is within one unit of its exact share.

    Args:
        total: a ``Money`` target, or an ``int`` count (new accounts, calls).
        period: any period of at most :data:`MAX_DAYS` days; months cut by its
            ends are weighted by their counted days inside it.
        grain: ``"day"``, ``"week"`` (ISO), ``"month"``, ``"quarter"`` or
            ``"year"``; with ``fiscal``: ``"day"``, ``"period"``, ``"quarter"``,
            ``"year"`` or (retail calendars) ``"week"`` of that fiscal calendar.
        seasonality: month weights; ``None`` is :meth:`SeasonalityProfile.flat`.
            A fiscal-period profile (:meth:`SeasonalityProfile.for_fiscal`)
            weights the fiscal periods of its calendar instead of months, and
            then needs ``fiscal`` to be that same calendar.
        calendar: business days inside each month; ``None`` counts every day.
        fiscal: a fiscal calendar whose grains to use.

    Raises:
        ValidationError: a negative target, or a non-zero target whose period
            has no weighted day (every month weight 0).
        PolicyError: a fiscal-period profile without ``fiscal``, or with
            another fiscal calendar than its own.

    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.quotas import SeasonalityProfile, split_target
    >>> busy_december = SeasonalityProfile.from_weights(
    ...     {1: "0.5", 2: "0.5", **dict.fromkeys(range(3, 12), 1), 12: 2})
    >>> year = split_target(Money.of(1_200_000, "CNY"), Period.year(2025), "month",
    ...                     seasonality=busy_december)
    >>> [str(m) for m in year.amounts][:3], str(year.amounts[-1])
    (['50000.00 CNY', '50000.00 CNY', '100000.00 CNY'], '200000.00 CNY')
    >>> split_target(7, Period.parse("2024-02"), "week").amounts  # leftovers go to early days
    (4, 3, 0, 0, 0)
    >>> split_target(29, Period.parse("2024-02"), "week").amounts  # a leap February
    (4, 7, 7, 7, 4)
    """
    record = "split_target()"
    code, units = check_total(total, record)
    checked = check_period(period, record)
    profile, business, fiscal_cal = check_options(seasonality, calendar, fiscal, record)
    parts = tile(checked, grain, fiscal_cal, record)
    days = spread(units, day_plan(checked, profile, business), record, period=checked)
    return make_schedule(parts, group(days, parts), code)


def combine(schedules: Iterable[TargetSchedule]) -> TargetSchedule:
    """Aligned schedules (the same sub-periods) added part by part, exactly.

    This is how a team's schedule is built from its members' (and what
    ``schedule_a + schedule_b`` does); the order of the schedules never
    matters. Pass the result to :func:`~salesmgmt.quotas.pace` to pace a team.

    Raises:
        ValidationError: no schedules, or schedules with different sub-periods.
        CurrencyMismatch: money schedules in two currencies.

    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.quotas import combine, split_target
    >>> q1 = Period.parse("2025-Q1")
    >>> team = combine([split_target(Money.of(300, "USD"), q1, "month"),
    ...                 split_target(Money.of("0.01", "USD"), q1, "month")])
    >>> [str(m) for m in team.amounts]
    ['100.01 USD', '100.00 USD', '100.00 USD']
    """
    record = "combine()"
    first: TargetSchedule | None = None
    sums: list[int] = []
    count = 0
    for chunk in iter_chunks(schedules, record=record, field="schedules"):
        for index, schedule in enumerate(chunk, count):
            check_type(schedule, TargetSchedule, record=record, field=f"schedules[{index}]")
            if first is None:
                first, sums = schedule, list(schedule.units)
                continue
            if schedule.currency != first.currency:
                raise _mismatch(first.currency, schedule.currency, record,
                                field=f"schedules[{index}]", value=schedule.total,
                                like="schedules[0]")  # fmt: skip
            if schedule.parts != first.parts:
                raise ValidationError.for_field(
                    record,
                    f"schedules[{index}]",
                    schedule.period,
                    f"a schedule with the same sub-periods as schedules[0] ({first.period})",
                    hint="Split every member's target over the same period and grain.",
                )
            sums = [a + b for a, b in zip(sums, schedule.units, strict=True)]
        count += len(chunk)
    if first is None:
        raise ValidationError.for_field(record, "schedules", schedules, "at least one schedule")
    if sum(sums) >= _limit(first.currency):
        raise ValidationError.for_field(record, "schedules", "<sum>", "a total below 10**18")
    return make_schedule(first.parts, sums, first.currency)


def counted_days(calendar: BusinessCalendar | None, first: dt.date, last: dt.date) -> int:
    """Business days (every day without a calendar) from ``first`` to ``last``, both in."""
    if last < first:
        return 0
    if calendar is None:
        return last.toordinal() - first.toordinal() + 1
    return calendar.count(_unchecked(first, last))


def part_weight_after(
    part: Period, units: int, start: dt.date, calendar: BusinessCalendar | None
) -> Fraction:
    """The exact share of a part's ``units`` that falls on or after ``start``.

    By business days (calendar days when the part has none, or without a calendar).
    """
    if start <= part.start:
        return Fraction(units)
    if start > part.end:
        return Fraction(0)
    days = counted_days(calendar, part.start, part.end)
    after = counted_days(calendar, start, part.end)
    if days == 0:
        days, after = part.days, part.end.toordinal() - start.toordinal() + 1
    return Fraction(units * after, days)


def rebalance(
    schedule: TargetSchedule,
    actuals: Amount,
    as_of: dt.date,
    *,
    calendar: BusinessCalendar | None = None,
    when_ahead: WhenAhead = "reduce",
) -> TargetSchedule | None:
    """Re-spread what is still missing over what is left of ``schedule`` after ``as_of``.

    ``actuals`` is what was booked from the schedule's start through ``as_of``
    (end of day). The result covers the rest of the period, from the day after
    ``as_of``: the sub-period holding ``as_of`` is cut there, later
    sub-periods are kept as they are. Its total is ``total − actuals`` (what is
    still needed, so ``actuals + result.total == schedule.total``), spread in
    proportion to the original amounts left (a cut sub-period keeps the share
    of its business days after ``as_of``). Sub-periods up to ``as_of`` are
    history: they are not in the result, and ``schedule`` is not changed. Pace
    the result with bookings made after ``as_of``.

    When ahead (``actuals`` above the target to date), ``when_ahead="reduce"``
    (the default) lowers the remaining targets by the surplus, never below
    zero; ``"keep"`` keeps the original remaining targets.

    Returns:
        The rebalanced schedule, or ``None`` when no day is left after ``as_of``.

    >>> import datetime as dt
    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.quotas import rebalance, split_target
    >>> plan = split_target(Money.of(1200, "USD"), Period.year(2025), "quarter")
    >>> later = rebalance(plan, Money.of(200, "USD"), dt.date(2025, 6, 30))  # 400 behind
    >>> [(str(p), str(m)) for p, m in later]
    [('2025-Q3', '500.00 USD'), ('2025-Q4', '500.00 USD')]
    >>> rebalance(plan, Money.of(1500, "USD"), dt.date(2025, 12, 31)) is None
    True
    """
    check_type(schedule, TargetSchedule, record="rebalance()", field="schedule")
    record = f"rebalance() of the {schedule.period} schedule"
    code, booked = _units_of(actuals, record, "actuals")
    if code != schedule.currency:
        raise _mismatch(schedule.currency, code, record, field="actuals", value=actuals,
                        like="the schedule")  # fmt: skip
    day = check_date(as_of, record=record, field="as_of")
    if calendar is not None:
        check_type(calendar, BusinessCalendar, record=record, field="calendar")
    when_ahead = check_choice(when_ahead, ("reduce", "keep"), record=record, field="when_ahead")
    period = schedule.period
    if day >= period.end:
        return None
    start = max(day + _ONE_DAY, period.start)
    parts: list[Period] = []
    weights: list[Fraction] = []
    for part, units in zip(schedule.parts, schedule.units, strict=True):
        if part.end < start:
            continue
        parts.append(part if part.start >= start else _unchecked(start, part.end))
        weights.append(part_weight_after(part, units, start, calendar))
    left = sum(weights, Fraction(0))
    needed = sum(schedule.units) - booked
    if when_ahead == "keep":
        needed = max(needed, round_half_up(left))  # the remaining target, rounded half up
    needed = max(needed, 0)
    if not left:  # nothing planned after as_of: spread what is needed by counted days
        weights = [Fraction(counted_days(calendar, p.start, p.end) or p.days) for p in parts]
    return make_schedule(tuple(parts), apportion(needed, int_weights(weights)), code)


def round_half_up(value: Fraction) -> int:
    """``value`` rounded to an int, ties away from zero.

    >>> [round_half_up(Fraction(n, d)) for n, d in [(5, 2), (-5, 2), (7, 3)]]
    [3, -3, 2]
    """
    whole, rest = divmod(abs(value.numerator), value.denominator)
    if 2 * rest >= value.denominator:
        whole += 1
    return whole if value >= 0 else -whole
