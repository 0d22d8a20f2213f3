"""Dated exchange rates and currency conversion: the rate rule in one place."""

from __future__ import annotations

import bisect
import datetime as dt
import decimal
import itertools
import operator
from collections.abc import Mapping
from decimal import Decimal
from typing import TypeAlias

import attrs

from salesmgmt._checks import check_bool, check_date, check_type
from salesmgmt._decimal import check_rounding, to_decimal
from salesmgmt.errors import UnknownReference, ValidationError, WrongType
from salesmgmt.money._money import (
    MINOR_UNITS,
    Money,
    _currency,
    _from_units,
    _round_ratio,
)

__all__ = ["FxRates", "convert"]

Rate: TypeAlias = int | Decimal | str
_Key: TypeAlias = tuple[str, str, dt.date]


@attrs.frozen(init=False, repr=False)
class FxRates:
    """Dated exchange rates, given explicitly: nothing is fetched or guessed.

    Built from a mapping ``(from_currency, to_currency, effective_date) -> rate``
    where 1 ``from_currency`` buys ``rate`` units of ``to_currency`` from
    ``effective_date`` on, until the pair's next dated rate. Rates are
    ``Decimal``, ``int`` or strict decimal strings, positive, between 10**-18
    and 10**18; a float is refused. A pair's reverse is a separate pair: it is
    used only when :func:`convert` is called with ``inverse_ok=True``.

    Attributes:
        rates: the rates as sorted ``(from_currency, to_currency,
            effective_date, rate)`` tuples.

    >>> import datetime as dt
    >>> from decimal import Decimal
    >>> from salesmgmt import FxRates
    >>> FxRates({("EUR", "USD", dt.date(2025, 1, 1)): Decimal("1.0350")})
    FxRates({('EUR', 'USD', datetime.date(2025, 1, 1)): Decimal('1.0350')})
    >>> FxRates({("EUR", "USD", dt.date(2025, 1, 1)): 1.035})
    Traceback (most recent call last):
      ...
    salesmgmt.errors.WrongType: FxRates: 'rates[('EUR', 'USD', datetime.date(2025, 1, 1))]'
    must be a Decimal, an int or a decimal string (got 1.035)
    Hint: Write rates as Decimal('1.035'): a float rate is not exact.
    """

    rates: tuple[tuple[str, str, dt.date, Decimal], ...]
    # The look-up index, derived from ``rates``: not an argument, so attrs.evolve() works.
    _by_pair: dict[tuple[str, str], tuple[tuple[dt.date, ...], tuple[Decimal, ...]]] = attrs.field(
        init=False, eq=False
    )

    def __init__(self, rates: Mapping[_Key, Rate]) -> None:
        record = "FxRates"
        if not isinstance(rates, Mapping):
            raise WrongType.for_field(
                record,
                "rates",
                rates,
                "a mapping {(from_currency, to_currency, effective_date): rate}",
            )
        found: dict[_Key, Decimal] = {}
        for key, value in rates.items():
            if not isinstance(key, tuple) or len(key) != 3:
                raise WrongType.for_field(
                    record, "rates", key, "keyed by (from_currency, to_currency, date) tuples"
                )
            source = _currency(key[0], record, "from_currency")[0]
            target = _currency(key[1], record, "to_currency")[0]
            day = check_date(key[2], record=record, field="effective_date")
            if source == target:
                raise ValidationError.for_field(
                    record, "to_currency", key[1], f"a currency other than {source!r}"
                )
            where = f"rates[{(source, target, day)!r}]"
            hint = (
                f"Write rates as Decimal({str(value)!r}): a float rate is not exact."
                if isinstance(value, float)
                else None
            )
            rate = to_decimal(value, record=record, field=where, float_hint=hint)
            if rate <= 0 or rate.adjusted() < -18:
                raise ValidationError.for_field(
                    record, where, value, "a positive rate of at least 10**-18"
                )
            if (source, target, day) in found:
                raise ValidationError.for_field(
                    record, "rates", key, "one rate per currency pair and date"
                )
            found[source, target, day] = rate
        ordered = tuple(sorted((*key, rate) for key, rate in found.items()))
        by_pair: dict[tuple[str, str], tuple[tuple[dt.date, ...], tuple[Decimal, ...]]] = {}
        for pair, group in itertools.groupby(ordered, key=operator.itemgetter(0, 1)):
            rows = tuple(group)
            by_pair[pair] = (tuple(row[2] for row in rows), tuple(row[3] for row in rows))
        self.__attrs_init__(ordered)
        object.__setattr__(self, "_by_pair", by_pair)

    def __repr__(self) -> str:
        body = ", ".join(f"({a!r}, {b!r}, {day!r}): {rate!r}" for a, b, day, rate in self.rates)
        return f"FxRates({{{body}}})"

    def _latest(self, source: str, target: str, day: dt.date) -> Decimal | None:
        found = self._by_pair.get((source, target))
        if found is None:
            return None
        dates, rates = found
        index = bisect.bisect_right(dates, day)
        return rates[index - 1] if index else None


def convert(
    money: Money,
    to_currency: str,
    rates: FxRates,
    *,
    on: dt.date,
    rounding: str = decimal.ROUND_HALF_UP,
    inverse_ok: bool = False,
) -> Money:
    """``money`` in ``to_currency`` at the latest rate effective on or before ``on``.

    The rate rule: among the ``(money.currency, to_currency)`` rates in
    ``rates``, take the one with the latest effective date that is not after
    ``on``; multiply exactly and round once to ``to_currency``'s minor units with
    ``rounding`` (ROUND_HALF_UP by default). The same currency returns ``money``
    unchanged. When there is no such direct rate and ``inverse_ok=True``, the
    reverse pair's latest rate on or before ``on`` is used as ``1 / rate``;
    this is opt-in because an inverted quote is not the rate a bank would apply.

    Raises:
        UnknownReference: no rate applies on ``on``; the message names the pair,
            the date and the pair's earliest date when it has rates.

    >>> import datetime as dt
    >>> from salesmgmt import FxRates, Money, convert
    >>> rates = FxRates({
    ...     ("EUR", "USD", dt.date(2025, 1, 1)): "1.0350",
    ...     ("EUR", "USD", dt.date(2025, 2, 1)): "1.0400",
    ... })
    >>> convert(Money("100", "EUR"), "USD", rates, on=dt.date(2025, 1, 31))
    Money('103.50', 'USD')
    >>> convert(Money("104", "USD"), "EUR", rates, on=dt.date(2025, 3, 1), inverse_ok=True)
    Money('100.00', 'EUR')
    >>> convert(Money("100", "EUR"), "USD", rates, on=dt.date(2024, 12, 31))
    Traceback (most recent call last):
      ...
    salesmgmt.errors.UnknownReference: convert(): 'on' must be a date with a EUR->USD
    rate effective on or before it (got datetime.date(2024, 12, 31))
    Hint: The earliest EUR->USD rate is effective 2025-01-01.
    """
    record = "convert()"
    check_type(money, Money, record=record, field="money")
    target, k = _currency(to_currency, record, "to_currency")
    check_type(rates, FxRates, record=record, field="rates")
    day = check_date(on, record=record, field="on")
    mode = check_rounding(rounding, record=record)
    check_bool(inverse_ok, record=record, field="inverse_ok")
    source = money.currency
    if source == target:
        return money
    rate = rates._latest(source, target, day)
    if rate is not None:
        numerator, denominator = rate.as_integer_ratio()
    elif inverse_ok and (rate := rates._latest(target, source, day)) is not None:
        denominator, numerator = rate.as_integer_ratio()
    else:
        raise _no_rate(rates, source, target, day, inverse_ok)
    k_source = MINOR_UNITS[source]
    units = _round_ratio(
        money.to_minor_units() * numerator * 10**k,
        denominator * 10**k_source,
        mode,
        k,
        record,
    )
    return _from_units(units, target, k, record)


def _no_rate(
    rates: FxRates, source: str, target: str, day: dt.date, inverse_ok: bool
) -> UnknownReference:
    pair = f"{source}->{target}"
    known = rates._by_pair.get((source, target))
    if known is not None:
        hint = f"The earliest {pair} rate is effective {known[0][0].isoformat()}."
    elif (target, source) in rates._by_pair and not inverse_ok:
        hint = f"rates has only {target}->{source}; pass inverse_ok=True to use it as 1/rate."
    else:
        hint = f"rates has no {pair} rate; add one for a date on or before {day.isoformat()}."
    return UnknownReference.for_field(
        "convert()", "on", day, f"a date with a {pair} rate effective on or before it", hint=hint
    )
