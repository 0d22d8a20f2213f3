"""Seasonality profiles: how much of a year's target each month or fiscal period carries.

A :class:`SeasonalityProfile` is twelve non-negative weights: January first
(``basis == "month"``), or fiscal period 1 first when the profile is tied to a
:class:`~salesmgmt.FiscalCalendar` (``basis == "fiscal_period"``, built with
:meth:`SeasonalityProfile.for_fiscal`). Only their proportions matter:
``(1, 1, …, 2)`` and ``(0.5, 0.5, …, 1)`` give the same splits.
:func:`~salesmgmt.quotas.split_target` reads the profile as "each month's (or
fiscal period's) share of the period"; inside it the share is spread over its
days (see ``docs/metrics/targets.md``, *Seasonal split*).
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Final, Literal, Self, TypeAlias

import attrs

from salesmgmt._checks import check_date, check_int, check_iterable, check_type, iter_chunks
from salesmgmt._decimal import EXACT, RATIO, to_decimal
from salesmgmt.errors import CurrencyMismatch, PolicyError, ValidationError, WrongType
from salesmgmt.money import Money
from salesmgmt.periods import FiscalCalendar

__all__ = ["Basis", "SeasonalityProfile"]

Basis: TypeAlias = Literal["month", "fiscal_period"]

_RECORD: Final = "SeasonalityProfile"
_MONTHS: Final = range(1, 13)
_HUNDRED: Final = Decimal(100)
_CENT: Final = Decimal("0.01")
#: Decimals kept in a share computed from history.
_HISTORY_PLACES: Final = Decimal("1e-9")
#: Most decimals a weight may have.
_PLACES: Final = 9
_MAX_HISTORY_YEARS: Final = 100


def _to_weights(value: object) -> tuple[Decimal, ...]:
    items = check_iterable(value, record=_RECORD, field="weights", max_items=13)
    if len(items) != 12:
        raise ValidationError.for_field(
            _RECORD,
            "weights",
            value,
            "exactly 12 weights, January first",
            hint="Use SeasonalityProfile.from_weights({1: ..., 12: ...}) to name the months.",
        )
    return tuple(_weight(item, _RECORD, f"weights[{i}]") for i, item in enumerate(items))


def _weight(value: object, record: str, field: str) -> Decimal:
    number = to_decimal(value, record=record, field=field, max_abs_exponent=9)
    if not number.is_zero() and number.as_tuple().exponent < -_PLACES:  # type: ignore[operator]  # finite
        raise ValidationError.for_field(
            record, field, value, f"a weight with at most {_PLACES} decimals"
        )
    return number


def _check_weights(
    instance: SeasonalityProfile, attribute: object, value: tuple[Decimal, ...]
) -> None:
    for i, weight in enumerate(value):
        if weight < 0:
            raise ValidationError.for_field(
                _RECORD, f"weights[{i}]", weight, "a weight of zero or more"
            )
    if not any(value):
        raise PolicyError.for_field(
            _RECORD, "weights", value, "weights with at least one month above zero"
        )


def _check_fiscal(
    instance: SeasonalityProfile, attribute: object, value: FiscalCalendar | None
) -> None:
    if value is not None:
        check_type(value, FiscalCalendar, record=_RECORD, field="fiscal")


@attrs.frozen
class SeasonalityProfile:
    """Twelve weights, each month's (or fiscal period's) relative share of a year.

    With ``fiscal=None`` (the default) the weights are calendar months,
    January first. With a :class:`~salesmgmt.FiscalCalendar` they are that
    calendar's fiscal periods 1-12 (4- or 5-week periods of a retail
    calendar; calendar months, from the fiscal year's first, of a monthly
    one): build such a profile with :meth:`for_fiscal`, and split with the same
    calendar (``split_target(..., fiscal=calendar)``).

    Weights are ``int``, ``Decimal`` or decimal strings (stored as ``Decimal``)
    below 10**9 with at most 9 decimals, zero or more and not all zero; floats
    are refused. A zero-weight month (or fiscal period) gets nothing in every
    split.

    Raises:
        WrongType: a float or another non-number weight, or a ``fiscal`` that
            is not a ``FiscalCalendar``.
        ValidationError: not exactly twelve weights, or a negative one.
        PolicyError: every weight is zero.

    >>> from salesmgmt.quotas import SeasonalityProfile
    >>> SeasonalityProfile.flat().weights[:3]
    (Decimal('1'), Decimal('1'), Decimal('1'))
    >>> SeasonalityProfile([0] * 12)
    Traceback (most recent call last):
      ...
    salesmgmt.errors.PolicyError: SeasonalityProfile: 'weights' must be weights with at
    least one month above zero (got (Decimal('0'), ...))
    """

    weights: tuple[Decimal, ...] = attrs.field(converter=_to_weights, validator=_check_weights)
    fiscal: FiscalCalendar | None = attrs.field(default=None, validator=_check_fiscal)

    @property
    def basis(self) -> Basis:
        """``"month"`` (calendar months, January first) or ``"fiscal_period"``
        (periods 1-12 of :attr:`fiscal`).

        >>> from salesmgmt import FiscalCalendar
        >>> from salesmgmt.quotas import SeasonalityProfile
        >>> SeasonalityProfile.flat().basis
        'month'
        >>> SeasonalityProfile.for_fiscal(FiscalCalendar.retail("4-4-5"), [1] * 12).basis
        'fiscal_period'
        """
        return "month" if self.fiscal is None else "fiscal_period"

    @classmethod
    def for_fiscal(
        cls,
        calendar: FiscalCalendar,
        weights: Mapping[int, int | Decimal | str] | Iterable[int | Decimal | str],
    ) -> Self:
        """A profile of fiscal-period weights: ``{period: weight}`` naming periods 1-12
        of ``calendar``, or twelve weights in period order.

        Each fiscal period (a 4- or 5-week period of a retail calendar, with
        the 53rd week in period 12; a calendar month of a monthly calendar)
        gets its weight's share of the year, spread over its own days. Split
        with ``fiscal=calendar``; another calendar, or none, is refused. For
        ``FiscalCalendar.monthly(m)`` it equals the month profile rotated so
        that month ``m`` comes first. (``from_percentages`` and
        ``from_history`` stay month-based.)

        Raises:
            WrongType: ``calendar`` is not a ``FiscalCalendar``.
            ValidationError: a period is missing, repeated or outside 1-12.

        >>> from salesmgmt import FiscalCalendar, Money
        >>> from salesmgmt.quotas import SeasonalityProfile, split_target
        >>> cal = FiscalCalendar.retail("4-4-5")
        >>> profile = SeasonalityProfile.for_fiscal(cal, {**dict.fromkeys(range(1, 12), 1), 12: 0})
        >>> plan = split_target(Money.of(1100, "USD"), cal.year(2025), "period",
        ...                     seasonality=profile, fiscal=cal)
        >>> [str(m) for m in plan.amounts[-2:]]  # period 12 weighted 0
        ['100.00 USD', '0.00 USD']
        >>> SeasonalityProfile.for_fiscal(cal, {1: 1})
        Traceback (most recent call last):
          ...
        salesmgmt.errors.ValidationError: SeasonalityProfile.for_fiscal(): 'weights' must be
        a weight for each fiscal period 1-12 (got {1: 1})
        Hint: Missing periods: 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12; give them 0 to exclude them.
        """
        record = "SeasonalityProfile.for_fiscal()"
        check_type(calendar, FiscalCalendar, record=record, field="calendar")
        if not isinstance(weights, Mapping):
            return cls(weights, calendar)  # converted by _to_weights
        by_period = _by_month(weights, record, noun="fiscal period")
        missing = [m for m in _MONTHS if m not in by_period]
        if missing:
            raise ValidationError.for_field(
                record,
                "weights",
                weights,
                "a weight for each fiscal period 1-12",
                hint=f"Missing periods: {', '.join(map(str, missing))}; give them 0 to exclude"
                " them.",
            )
        return cls(tuple(by_period[m] for m in _MONTHS), calendar)

    @classmethod
    def flat(cls) -> Self:
        """Every month the same weight: a flat profile gives equal months (not equal days).

        >>> from salesmgmt.quotas import SeasonalityProfile
        >>> flat = SeasonalityProfile.flat()
        >>> len(flat.weights), set(flat.weights)
        (12, {Decimal('1')})
        """
        return cls((1,) * 12)

    @classmethod
    def from_weights(cls, weights: Mapping[int, int | Decimal | str]) -> Self:
        """A profile from ``{month: weight}`` naming all twelve months (1 = January).

        Raises:
            ValidationError: a month is missing, repeated or outside 1-12.

        >>> from salesmgmt.quotas import SeasonalityProfile
        >>> busy_december = {1: "0.5", 2: "0.5", **dict.fromkeys(range(3, 12), 1), 12: 2}
        >>> SeasonalityProfile.from_weights(busy_december).weights[-1]
        Decimal('2')
        >>> SeasonalityProfile.from_weights({1: 1})
        Traceback (most recent call last):
          ...
        salesmgmt.errors.ValidationError: SeasonalityProfile.from_weights(): 'weights' must be
        a weight for each month 1-12 (got {1: 1})
        Hint: Missing months: 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12; give them 0 to exclude them.
        """
        record = "SeasonalityProfile.from_weights()"
        by_month = _by_month(weights, record)
        missing = [m for m in _MONTHS if m not in by_month]
        if missing:
            raise ValidationError.for_field(
                record,
                "weights",
                weights,
                "a weight for each month 1-12",
                hint=f"Missing months: {', '.join(map(str, missing))}; give them 0 to exclude"
                " them.",
            )
        return cls(tuple(by_month[m] for m in _MONTHS))

    @classmethod
    def from_percentages(cls, percentages: Mapping[int, int | Decimal | str]) -> Self:
        """A profile in ERPNext's *Monthly Distribution* form: ``{month: percent}``.

        Months left out get 0 %. The percentages, each from 0 to 100, must total
        100 when rounded to two decimals (ERPNext's own check, ``flt(total, 2)
        != 100``; an exact tie at the third decimal rounds half up here, where
        ERPNext follows its site's rounding setting). Compare actuals with the
        targets split by this profile through :func:`~salesmgmt.quotas.attainment`: its
        ``variance`` is ERPNext's *achieved − target*, ``gap`` the opposite.

        Raises:
            PolicyError: the percentages do not total 100.
            ValidationError: a month outside 1-12 or a percentage outside 0-100.

        >>> from salesmgmt.quotas import SeasonalityProfile
        >>> quarter_ends = {3: 30, 6: 20, 9: 20, 12: 30}
        >>> SeasonalityProfile.from_percentages(quarter_ends).weights[2]
        Decimal('30')
        >>> SeasonalityProfile.from_percentages({1: "33.33", 2: "33.33", 3: "33.33"})
        Traceback (most recent call last):
          ...
        salesmgmt.errors.PolicyError: SeasonalityProfile.from_percentages(): 'percentages'
        must be percentages that total 100 (got {1: '33.33', 2: '33.33', 3: '33.33'})
        Hint: They total 99.99; adjust one month by 0.01.
        """
        record = "SeasonalityProfile.from_percentages()"
        by_month = _by_month(percentages, record, "percentages")
        for month, pct in sorted(by_month.items()):
            if pct > _HUNDRED:
                raise ValidationError.for_field(
                    record, f"percentages[{month}]", pct, "a percentage from 0 to 100"
                )
        summed = EXACT.add(sum(by_month.values(), Decimal(0)), Decimal(0))
        rounded = summed.quantize(_CENT, rounding=decimal.ROUND_HALF_UP, context=RATIO)
        if rounded != _HUNDRED:
            gap = RATIO.subtract(_HUNDRED, rounded)
            raise PolicyError.for_field(
                record,
                "percentages",
                percentages,
                "percentages that total 100",
                hint=f"They total {rounded}; adjust one month by {gap}.",
            )
        return cls(tuple(by_month.get(m, Decimal(0)) for m in _MONTHS))

    @classmethod
    def from_history(
        cls, bookings: Iterable[tuple[dt.date, Money | int]], *, years: int | Iterable[int]
    ) -> Self:
        """Each month's share of past bookings, averaged over ``years``.

        For every calendar year ``y`` in ``years``, month *m*'s share is the
        year's bookings in *m* divided by the year's bookings; the profile's
        weight for *m* is the plain average of those shares over the years
        (each year counts the same, whatever its size), kept to 9 decimals.
        Bookings dated outside ``years`` are ignored.

        Minimum history: at least one year, and every year named must have
        bookings that total more than zero (else ``ValidationError`` naming
        the year); a month's average share must not be negative (refunds
        larger than sales). Name only *complete* years: bookings cannot tell
        a quiet month from a month before your records begin, so a partial
        year would give its missing months a weight of zero.

        Args:
            bookings: ``(date, amount)`` pairs; amounts are ``Money`` in one
                currency, or ``int`` counts.
            years: a calendar year or an iterable of them (at most 100).

        Raises:
            ValidationError: a year in ``years`` has no bookings (or they total
                zero or less): the message says which year is missing.
            CurrencyMismatch: bookings in two currencies.

        >>> import datetime as dt
        >>> from salesmgmt.quotas import SeasonalityProfile
        >>> history = [(dt.date(2024, 1, 5), 10), (dt.date(2024, 12, 5), 30),
        ...            (dt.date(2023, 12, 1), 5), (dt.date(2023, 6, 1), 5)]
        >>> weights = SeasonalityProfile.from_history(history, years=[2023, 2024]).weights
        >>> weights[0], weights[5], weights[11]  # Jan (0 + 1/4) / 2, Jun (1/2 + 0) / 2, Dec
        (Decimal('0.125000000'), Decimal('0.250000000'), Decimal('0.625000000'))
        >>> SeasonalityProfile.from_history(history, years=2025)
        Traceback (most recent call last):
          ...
        salesmgmt.errors.ValidationError: SeasonalityProfile.from_history(): 'years' must be
        years with bookings that total more than zero (got 2025)
        Hint: Seasonality needs at least one full calendar year of bookings; ...
        """
        record = "SeasonalityProfile.from_history()"
        wanted = _years(years, record)
        sums: dict[int, list[int]] = {y: [0] * 12 for y in wanted}
        currency: str | None = None
        kind: type | None = None
        seen = 0
        for chunk in iter_chunks(bookings, record=record, field="bookings"):
            for index, pair in enumerate(chunk, seen):
                field = f"bookings[{index}]"
                if not isinstance(pair, tuple) or len(pair) != 2:
                    raise WrongType.for_field(record, field, pair, "a (date, amount) pair")
                day = pair[0]
                if type(day) is not dt.date:
                    day = check_date(day, record=record, field=f"{field}[0]")
                amount = pair[1]
                if not isinstance(amount, Money):
                    amount = check_type(amount, int, record=record, field=f"{field}[1]",
                                        expected="a Money or an int")  # fmt: skip
                if isinstance(amount, Money):
                    currency = currency or amount.currency
                    if amount.currency != currency:
                        raise CurrencyMismatch.between(currency, amount.currency, record=record)
                    units = amount.to_minor_units()
                else:
                    if abs(amount) >= 10**18:
                        raise ValidationError.for_field(
                            record, f"{field}[1]", amount, "below 10**18 in magnitude"
                        )
                    units = amount
                this_kind = type(amount)
                if kind is not None and this_kind is not kind:
                    raise WrongType.for_field(
                        record, f"{field}[1]", amount, f"a {kind.__name__} like the others"
                    )
                kind = this_kind
                row = sums.get(day.year)
                if row is not None:
                    row[day.month - 1] += units
            seen += len(chunk)
        for year in sorted(wanted):
            if sum(sums[year]) <= 0:
                raise ValidationError.for_field(
                    record,
                    "years",
                    year,
                    "years with bookings that total more than zero",
                    hint="Seasonality needs at least one full calendar year of bookings; "
                    f"no bookings total above zero in {year}. Pass only years with history.",
                )
        shares = [
            sum((Fraction(sums[y][m], sum(sums[y])) for y in wanted), Fraction(0)) / len(wanted)
            for m in range(12)
        ]
        for month, share in enumerate(shares, 1):
            if share < 0:
                raise ValidationError.for_field(
                    record,
                    "bookings",
                    f"month {month}: average share {float(share):.4f}",
                    "bookings whose average share in every month is zero or more",
                )
        weights = tuple(
            (Decimal(s.numerator) / Decimal(s.denominator)).quantize(
                _HISTORY_PLACES, context=RATIO
            )
            if s
            else Decimal(0)
            for s in shares
        )
        return cls(weights)


def _by_month(
    value: object, record: str, field: str = "weights", *, noun: str = "month"
) -> dict[int, Decimal]:
    if not isinstance(value, Mapping):
        raise WrongType.for_field(
            record, field, value, f"a mapping of {noun} (1-12) to weight", hint=None
        )
    if len(value) > 12:
        raise ValidationError.for_field(record, field, value, f"at most 12 {noun}s")
    out: dict[int, Decimal] = {}
    for month, weight in value.items():
        number = check_int(month, record=record, field=noun.split()[-1], min_value=1, max_value=12)
        amount = _weight(weight, record, f"{field}[{number}]")
        if amount < 0:
            raise ValidationError.for_field(
                record, f"{field}[{number}]", weight, "a weight of zero or more"
            )
        out[number] = amount
    return out


def _years(value: object, record: str) -> tuple[int, ...]:
    if isinstance(value, int) and not isinstance(value, bool):
        items: tuple[object, ...] = (value,)
    else:
        items = check_iterable(value, record=record, field="years", max_items=_MAX_HISTORY_YEARS)
    if not items:
        raise ValidationError.for_field(record, "years", value, "at least one year")
    return tuple(
        sorted(
            {
                check_int(y, record=record, field="years", min_value=1, max_value=9999)
                for y in items
            }
        )
    )
