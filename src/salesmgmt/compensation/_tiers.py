"""The tier primitive: commission on an amount by a rate table, marginal or retroactive.

A tier table is a sequence of ``(upper_bound, rate)`` pairs in ascending order
of bound, the last bound ``None`` (open-ended). Bounds are amounts in the
currency's major unit (``100000`` is 100,000.00), or attainment fractions
(``1`` is 100 % of quota) when a ``quota`` is given.

* **marginal** (Salesforce Spiff's "marginal payout", also called incremental
  or progressive): each slice of the amount is paid at its own tier's rate,
  like income-tax brackets. Continuous and non-decreasing in the amount.
* **retroactive** (Spiff's "cumulative", Xactly's "apply highest rate"): the
  whole amount is paid at the rate of the tier it reaches. Jumps at each bound.

All arithmetic is exact (fractions of minor units); the result is rounded
ROUND_HALF_UP (half away from zero) to minor units **once, at the end**, never
per tier, so a statement's tier lines can be shown exactly and still add up.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Final, Literal, TypeAlias

from salesmgmt._checks import check_choice, check_iterable, check_type
from salesmgmt._decimal import to_decimal
from salesmgmt.errors import CurrencyMismatch, PolicyError, ValidationError, WrongType
from salesmgmt.money import Money

__all__ = [
    "METHODS",
    "Method",
    "TierTable",
    "check_tiers",
    "number",
    "round_half_up",
    "tiered_commission",
]

Method: TypeAlias = Literal["marginal", "retroactive"]
#: The two ways a tier table pays.
METHODS: Final = ("marginal", "retroactive")
#: Most tiers a table may have.
MAX_TIERS: Final = 1000

#: A validated tier table: ascending ``(bound, rate)`` pairs as exact fractions, last bound None.
TierTable: TypeAlias = tuple[tuple[Fraction | None, Fraction], ...]


def number(value: object, *, record: str, field: str, max_abs_exponent: int = 18) -> Decimal:
    """A Decimal by :func:`~salesmgmt._decimal.to_decimal`, also refusing magnitudes
    below 10**-18 (other than zero): exact arithmetic on ``1E-999999999`` would not end.

    >>> number("0.05", record="f()", field="rate")
    Decimal('0.05')
    """
    value_ = to_decimal(value, record=record, field=field, max_abs_exponent=max_abs_exponent)
    if not value_.is_zero() and value_.adjusted() < -18:
        raise ValidationError.for_field(record, field, value, "zero or at least 10**-18")
    return value_


def check_tiers(value: object, *, record: str, field: str = "tiers") -> TierTable:
    """Validate a tier table and return it as exact fractions.

    Raises ``WrongType`` for a non-pair or a non-number, ``ValidationError``
    for an empty table, and ``PolicyError`` for a table that contradicts
    itself: a negative rate, a bound of zero or less, bounds not strictly
    ascending (overlapping or unsorted tiers), a ``None`` bound before the last
    tier, or a last bound that is not ``None`` (a gap above it).

    >>> check_tiers([(1, "0.05"), (None, "0.08")], record="f()")
    ((Fraction(1, 1), Fraction(1, 20)), (None, Fraction(2, 25)))
    >>> check_tiers([(2, "0.05"), (1, "0.08"), (None, "0.1")], record="f()")
    Traceback (most recent call last):
      ...
    salesmgmt.errors.PolicyError: f(): 'tiers[1]' must be a bound above the previous ...
    """
    items = check_iterable(value, record=record, field=field, max_items=MAX_TIERS)
    if not items:
        raise ValidationError.for_field(
            record, field, value, "a non-empty list of (upper_bound, rate) pairs"
        )
    table: list[tuple[Fraction | None, Fraction]] = []
    previous: Fraction | None = None
    last = len(items) - 1
    for index, item in enumerate(items):
        where = f"{field}[{index}]"
        if not isinstance(item, tuple | list) or len(item) != 2:
            raise WrongType.for_field(record, where, item, "an (upper_bound, rate) pair")
        raw_bound, raw_rate = item
        rate = Fraction(number(raw_rate, record=record, field=f"{where}.rate", max_abs_exponent=3))
        if rate < 0:
            raise PolicyError.for_field(
                record, f"{where}.rate", raw_rate, "a rate of zero or more"
            )
        if raw_bound is None:
            if index != last:
                raise PolicyError.for_field(
                    record,
                    where,
                    item,
                    "a tier with a bound: only the last tier is open-ended (None)",
                )
            table.append((None, rate))
            continue
        bound = Fraction(number(raw_bound, record=record, field=f"{where}.bound"))
        if bound <= 0:
            raise PolicyError.for_field(record, f"{where}.bound", raw_bound, "a bound above zero")
        if previous is not None and bound <= previous:
            raise PolicyError.for_field(
                record,
                where,
                item,
                "a bound above the previous tier's bound",
                hint="List tiers once each, in ascending order of upper bound.",
            )
        if index == last:
            raise PolicyError.for_field(
                record,
                where,
                item,
                "an open-ended last tier (upper bound None)",
                hint="End the table with (None, rate) so every amount has a rate.",
            )
        previous = bound
        table.append((bound, rate))
    return tuple(table)


def round_half_up(exact: Fraction) -> int:
    """``exact`` rounded to an int, halves away from zero (ROUND_HALF_UP).

    >>> [round_half_up(Fraction(n, d)) for n, d in [(5, 2), (-5, 2), (7, 3)]]
    [3, -3, 2]
    """
    whole, rest = divmod(abs(exact.numerator), exact.denominator)
    if 2 * rest >= exact.denominator:
        whole += 1
    return whole if exact >= 0 else -whole


def commission_units(
    units: int, table: TierTable, scale: Fraction, method: Method
) -> tuple[Fraction, tuple[tuple[Fraction, Fraction], ...]]:
    """Exact commission (in minor units) on ``units`` and the slices paid.

    ``scale`` turns a bound into minor units (the quota's units for attainment
    bounds, ``10**k`` for amount bounds). Each slice is ``(base_units, rate)``.
    A negative amount is paid at the first tier's rate (the table's line
    extended below zero), so marginal commission stays continuous.
    """
    if units <= 0:
        rate = table[0][1]
        return rate * units, ((Fraction(units), rate),)
    slices: list[tuple[Fraction, Fraction]] = []
    lower = Fraction(0)
    for bound, rate in table:
        upper = None if bound is None else bound * scale
        if method == "retroactive":
            if upper is None or units <= upper:
                return rate * units, ((Fraction(units), rate),)
            continue
        top = Fraction(units) if upper is None else min(Fraction(units), upper)
        if top > lower:
            slices.append((top - lower, rate))
        if upper is None or units <= upper:
            break
        lower = upper
    return sum((base * rate for base, rate in slices), Fraction(0)), tuple(slices)


def tiered_commission(
    amount: Money,
    tiers: Sequence[tuple[Decimal | None, Decimal]],
    *,
    quota: Money | None = None,
    method: Method = "marginal",
) -> Money:
    """Commission on ``amount`` by a tier table, rounded once ROUND_HALF_UP to minor units.

    Args:
        amount: the credited bookings the table pays on (may be negative after
            clawbacks: a negative amount is paid at the first tier's rate).
        tiers: ``(upper_bound, rate)`` pairs, ascending, the last bound ``None``;
            rates are fractions (``Decimal("0.05")`` is 5 %). Bounds are amounts
            in ``amount``'s currency, or attainment fractions when ``quota`` is given.
        quota: makes the bounds attainment fractions of this amount (above zero).
        method: ``"marginal"`` pays each slice at its own rate; ``"retroactive"``
            pays the whole amount at the rate of the tier it reaches (a bound
            belongs to the tier below it: exactly 100 % is still the first tier).

    Raises:
        PolicyError: overlapping, unsorted or open-in-the-middle tiers, a
            negative rate, a bound of zero or less, no open-ended last tier.
        CurrencyMismatch: ``quota`` in another currency.
        ValidationError: a quota of zero or less.

    The contract's worked example: quota 100,000; 5 % to 100 %, 8 % to 150 %,
    12 % above; bookings of 160,000 pay 5,000 + 4,000 + 1,200 = 10,200 marginal,
    and 160,000 × 12 % = 19,200 retroactive.

    >>> from decimal import Decimal as D
    >>> from salesmgmt import Money
    >>> from salesmgmt.compensation import tiered_commission
    >>> table = [(D(1), D("0.05")), (D("1.5"), D("0.08")), (None, D("0.12"))]
    >>> quota = Money.of(100_000, "USD")
    >>> tiered_commission(Money.of(160_000, "USD"), table, quota=quota)
    Money('10200.00', 'USD')
    >>> tiered_commission(Money.of(160_000, "USD"), table, quota=quota, method="retroactive")
    Money('19200.00', 'USD')
    >>> tiered_commission(Money("0.10", "USD"), [(None, D("0.05"))])  # 0.005 rounds up once
    Money('0.01', 'USD')
    """
    record = "tiered_commission()"
    check_type(amount, Money, record=record, field="amount")
    check_choice(method, METHODS, record=record, field="method")
    table = check_tiers(tiers, record=record)
    scale = bound_scale(amount.currency, quota, record=record)
    exact, _ = commission_units(amount.to_minor_units(), table, scale, method)
    return Money.from_minor_units(round_half_up(exact), amount.currency)


def bound_scale(currency: str, quota: object, *, record: str) -> Fraction:
    """Minor units per bound unit: the quota's units, or ``10**k`` for amount bounds.

    >>> from salesmgmt import Money
    >>> bound_scale("USD", None, record="f()"), bound_scale("USD", Money.of(5, "USD"), record="")
    (Fraction(100, 1), Fraction(500, 1))
    """
    if quota is None:
        return Fraction(Money.of(1, currency).to_minor_units())
    checked = check_type(quota, Money, record=record, field="quota")
    if checked.currency != currency:
        raise CurrencyMismatch.between(currency, checked.currency, record=record)
    if checked.amount <= 0:
        raise ValidationError.for_field(
            record,
            "quota",
            quota,
            "a quota above zero",
            hint="Without a quota attainment is undefined; pass amount bounds instead.",
        )
    return Fraction(checked.to_minor_units())
