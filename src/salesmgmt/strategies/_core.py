"""Strategies for the foundation values: money, currencies, dates, periods, calendars, FX."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from fractions import Fraction
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from salesmgmt._decimal import EXACT
from salesmgmt.money import MINOR_UNITS, FxRates, Money, known_currencies, minor_units
from salesmgmt.periods import BusinessCalendar, FiscalCalendar, Period

__all__ = [
    "amounts",
    "business_calendars",
    "currencies",
    "dates",
    "fiscal_calendars",
    "fx_rates",
    "grains",
    "moneys",
    "periods",
    "weights",
]

#: Amounts are bounded below 10**18 major units (see :class:`~salesmgmt.Money`).
_LIMIT = Decimal(10) ** 18
_GRAINS = ("day", "week", "month", "quarter", "year")


def _check_bounds(name: str, low: Any, high: Any) -> None:
    if low is not None and high is not None and low > high:
        raise InvalidArgument(f"Cannot have min_{name}={low!r} > max_{name}={high!r}")


def currencies(*, codes: Sequence[str] | None = None) -> st.SearchStrategy[str]:
    """ISO 4217 codes that :class:`~salesmgmt.Money` knows, shrinking towards ``"USD"``.

    Args:
        codes: restrict to these codes (each must be known).

    >>> from hypothesis import find
    >>> find(currencies(), lambda code: True)
    'USD'
    >>> find(currencies(codes=["JPY", "KWD"]), lambda code: code != "JPY")
    'KWD'
    """
    known = known_currencies()
    if codes is None:
        pool = [
            "USD",
            "EUR",
            "JPY",
            "KWD",
            "CNY",
            *sorted(known - {"USD", "EUR", "JPY", "KWD", "CNY"}),
        ]
    else:
        pool = list(codes)
        unknown = [c for c in pool if c not in known]
        if not pool or unknown:
            raise InvalidArgument(
                f"codes must be a non-empty list of known currencies, got {codes!r}"
            )
    return st.sampled_from(pool)


def amounts(
    currency: str,
    *,
    min_value: Decimal | int | None = None,
    max_value: Decimal | int | None = None,
) -> st.SearchStrategy[Decimal]:
    """Decimals with exactly ``currency``'s minor units, within ``[min_value, max_value]``
    and below 10**18 in magnitude.

    >>> from hypothesis import find
    >>> find(amounts("KWD", min_value=1), lambda amount: True)
    Decimal('1.000')
    """
    _check_bounds("value", min_value, max_value)
    if not isinstance(currency, str) or currency not in MINOR_UNITS:
        raise InvalidArgument(f"currency must be a known ISO 4217 code, got {currency!r}")
    return _amounts(currency, min_value, max_value)


@functools.lru_cache(maxsize=4096)
def _amounts(
    currency: str, min_value: Decimal | int | None, max_value: Decimal | int | None
) -> st.SearchStrategy[Decimal]:
    """The strategy of :func:`amounts`, built once per arguments: ``moneys()`` draws a
    currency and then its amounts, and a fresh strategy per draw is slow to validate."""
    places = minor_units(currency)
    unit = Decimal(1).scaleb(-places)
    low = max(Decimal(min_value), -_LIMIT + unit) if min_value is not None else -_LIMIT + unit
    high = min(Decimal(max_value), _LIMIT - unit) if max_value is not None else _LIMIT - unit
    low_units = int(low.scaleb(places, EXACT).to_integral_value(ROUND_CEILING, EXACT))
    high_units = int(high.scaleb(places, EXACT).to_integral_value(ROUND_FLOOR, EXACT))
    if low_units > high_units:
        raise InvalidArgument(
            f"no {currency} amount lies between min_value={min_value!r}"
            f" and max_value={max_value!r}"
        )
    return st.integers(low_units, high_units).map(lambda n: Decimal(n).scaleb(-places))


@st.composite
def _moneys(
    draw: st.DrawFn,
    currency_strategy: st.SearchStrategy[str],
    min_value: Decimal | int | None,
    max_value: Decimal | int | None,
) -> Money:
    code = draw(currency_strategy)
    return Money(draw(_amounts(code, min_value, max_value)), code)


def moneys(
    *,
    currencies: st.SearchStrategy[str] | None = None,
    min_value: Decimal | int | None = None,
    max_value: Decimal | int | None = None,
) -> st.SearchStrategy[Money]:
    """:class:`~salesmgmt.Money` values.

    Args:
        currencies: a strategy of currency codes; all known codes by default.
            Pass ``st.just("USD")`` for amounts that can be added together.
        min_value: the smallest amount, in major units.
        max_value: the largest amount, in major units.

    >>> from hypothesis import find, strategies as st
    >>> find(moneys(currencies=st.just("EUR")), lambda m: m.amount > 10)
    Money('10.01', 'EUR')
    """
    _check_bounds("value", min_value, max_value)
    codes = globals()["currencies"]() if currencies is None else currencies
    return _moneys(codes, min_value, max_value)


def dates(
    *, min_value: dt.date = dt.date.min, max_value: dt.date = dt.date.max
) -> st.SearchStrategy[dt.date]:
    """Plain ``datetime.date`` values (never ``datetime``), shrinking towards 2000-01-01.

    >>> from hypothesis import find
    >>> find(dates(min_value=dt.date(2025, 1, 1)), lambda d: d.month == 2)
    datetime.date(2025, 2, 1)
    """
    _check_bounds("value", min_value, max_value)
    return st.dates(min_value=min_value, max_value=max_value)


@st.composite
def _periods(
    draw: st.DrawFn,
    starts: st.SearchStrategy[dt.date],
    max_value: dt.date,
    max_days: int | None,
) -> Period:
    start = draw(starts)
    room = (max_value - start).days
    length = draw(st.integers(0, room if max_days is None else min(room, max_days - 1)))
    return Period(start, start + dt.timedelta(days=length))


def periods(
    *,
    min_value: dt.date = dt.date.min,
    max_value: dt.date = dt.date.max,
    max_days: int | None = None,
) -> st.SearchStrategy[Period]:
    """:class:`~salesmgmt.Period` values lying within ``[min_value, max_value]``.

    Args:
        min_value: the earliest start.
        max_value: the latest end.
        max_days: the longest period, in days (at least 1).

    >>> from hypothesis import find
    >>> find(periods(min_value=dt.date(2025, 1, 1), max_days=7), lambda p: p.days > 3)
    Period(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 1, 4))
    """
    _check_bounds("value", min_value, max_value)
    if max_days is not None and max_days < 1:
        raise InvalidArgument(f"max_days must be at least 1, got {max_days!r}")
    return _periods(st.dates(min_value=min_value, max_value=max_value), max_value, max_days)


def grains() -> st.SearchStrategy[str]:
    """The grains of :meth:`Period.split <salesmgmt.Period.split>`, finest first.

    >>> from hypothesis import find
    >>> find(grains(), lambda grain: grain != "day")
    'week'
    """
    return st.sampled_from(_GRAINS)


def fiscal_calendars() -> st.SearchStrategy[FiscalCalendar]:
    """Every kind of :class:`~salesmgmt.FiscalCalendar`: monthly calendars starting in
    any month and 4-4-5 / 4-5-4 / 5-4-4 retail calendars with any year-end month,
    week-end day, 53rd-week rule and label.

    >>> from hypothesis import find
    >>> cal = find(fiscal_calendars(), lambda cal: cal.year(2025).days == 371)
    >>> cal.year(2025).days
    371
    """
    labels = st.sampled_from(["end", "start"])
    monthly = st.builds(FiscalCalendar.monthly, st.integers(1, 12), label_by=labels)
    retail = st.builds(
        FiscalCalendar.retail,
        st.sampled_from(["4-4-5", "4-5-4", "5-4-4"]),
        year_end_month=st.integers(1, 12),
        week_ends_on=st.integers(0, 6),
        rule=st.sampled_from(["last", "nearest"]),
        label_by=labels,
    )
    return st.one_of(monthly, retail)


@st.composite
def _business_calendars(
    draw: st.DrawFn,
    min_value: dt.date,
    max_value: dt.date,
    max_holidays: int,
    max_weekend_days: int,
) -> BusinessCalendar:
    weekend = draw(st.sets(st.integers(0, 6), max_size=max_weekend_days))
    days = st.dates(min_value=min_value, max_value=max_value)
    holidays = draw(st.sets(days, max_size=max_holidays))
    extra = draw(
        st.sets(days.filter(lambda d: d.weekday() in weekend), max_size=max_holidays)
        if weekend
        else st.just(set())
    )
    return BusinessCalendar(
        weekend=tuple(sorted(weekend)),
        holidays=tuple(sorted(holidays)),
        extra_workdays=tuple(sorted(extra - holidays)),
    )


def business_calendars(
    *,
    min_value: dt.date = dt.date(2000, 1, 1),
    max_value: dt.date = dt.date(2050, 12, 31),
    max_holidays: int = 30,
    max_weekend_days: int = 3,
) -> st.SearchStrategy[BusinessCalendar]:
    """:class:`~salesmgmt.BusinessCalendar` values: any weekend of up to
    ``max_weekend_days`` days (0–6), up to ``max_holidays`` holidays and make-up
    workdays (weekend days worked, as China's 调休) between ``min_value`` and
    ``max_value``.

    >>> from hypothesis import find
    >>> cal = find(business_calendars(), lambda cal: len(cal.extra_workdays) > 0)
    >>> [cal.is_business_day(d) for d in cal.extra_workdays]
    [True]
    """
    _check_bounds("value", min_value, max_value)
    if max_holidays < 0:
        raise InvalidArgument(f"max_holidays must be non-negative, got {max_holidays!r}")
    if not 0 <= max_weekend_days <= 6:
        raise InvalidArgument(f"max_weekend_days must be from 0 to 6, got {max_weekend_days!r}")
    return _business_calendars(min_value, max_value, max_holidays, max_weekend_days)


def weights(
    *,
    min_size: int = 1,
    max_size: int | None = None,
    elements: st.SearchStrategy[int | Decimal | Fraction] | None = None,
) -> st.SearchStrategy[list[int | Decimal | Fraction]]:
    """Lists of allocation weights for :func:`~salesmgmt.allocate`: non-negative,
    not all zero; ints, Decimals and Fractions mixed by default.

    >>> from hypothesis import find
    >>> find(weights(), lambda ws: len(ws) > 2)
    [0, 0, 1]
    """
    if min_size < 1:
        raise InvalidArgument(f"min_size must be at least 1, got {min_size!r}")
    _check_bounds("size", min_size, max_size)
    if elements is None:
        elements = st.one_of(
            st.integers(0, 10**6),
            st.decimals(min_value=0, max_value=10**6, places=4),
            st.fractions(min_value=0, max_value=10**6, max_denominator=1000),
        )
    return st.lists(elements, min_size=min_size, max_size=max_size).filter(any)


_RATES = st.decimals(min_value=Decimal("0.0001"), max_value=10_000, places=6)


@st.composite
def _fx_rates(
    draw: st.DrawFn,
    pairs: st.SearchStrategy[tuple[str, str]],
    days: st.SearchStrategy[dt.date],
    sizes: st.SearchStrategy[int],
) -> FxRates:
    mapping: dict[tuple[str, str, dt.date], Decimal] = {}
    for _ in range(draw(sizes)):
        source, target = draw(pairs)
        mapping[(source, target, draw(days))] = draw(_RATES)
    return FxRates(mapping)


def fx_rates(
    *,
    currencies: st.SearchStrategy[str] | None = None,
    min_value: dt.date = dt.date(2000, 1, 1),
    max_value: dt.date = dt.date(2050, 12, 31),
    max_size: int = 20,
) -> st.SearchStrategy[FxRates]:
    """:class:`~salesmgmt.FxRates` tables of up to ``max_size`` dated rates between
    ``currencies`` (by default USD, EUR, JPY, CNY and KWD).

    >>> from hypothesis import find
    >>> from salesmgmt import Money, convert
    >>> rates = find(fx_rates(), lambda rates: True)
    >>> convert(Money.of("1.00", "USD"), "USD", rates, on=dt.date(2025, 1, 1))
    Money('1.00', 'USD')
    """
    _check_bounds("value", min_value, max_value)
    codes = (
        st.sampled_from(["USD", "EUR", "JPY", "CNY", "KWD"]) if currencies is None else currencies
    )
    pairs = st.tuples(codes, codes).filter(lambda pair: pair[0] != pair[1])
    days = st.dates(min_value=min_value, max_value=max_value)
    return _fx_rates(pairs, days, st.integers(0, max_size))
