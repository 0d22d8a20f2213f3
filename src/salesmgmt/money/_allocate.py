"""Splitting an amount (or a count) into parts proportional to weights."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Final, TypeAlias, overload

from salesmgmt._checks import check_iterable, check_type
from salesmgmt._decimal import EXACT, to_fraction
from salesmgmt.errors import ValidationError, WrongType
from salesmgmt.money._money import (
    _BOUND,
    _BOUND_TEXT,
    MINOR_UNITS,
    Money,
    _make,
)

__all__ = ["MAX_PARTS", "allocate", "largest_remainder"]

#: Most parts (weights) one :func:`allocate` call accepts.
MAX_PARTS: Final = 1_000_000

_MAX_DENOMINATOR: Final = 10**600

Weight: TypeAlias = int | Decimal | Fraction | str


@overload
def allocate(total: Money, weights: Iterable[Weight]) -> tuple[Money, ...]: ...
@overload
def allocate(total: int, weights: Iterable[Weight]) -> tuple[int, ...]: ...
def allocate(total: Money | int, weights: Iterable[Weight]) -> tuple[Money, ...] | tuple[int, ...]:
    """Split ``total`` into parts proportional to ``weights``; part i goes with weight i.

    Largest-remainder method in exact integer arithmetic on minor units: each
    part first gets the floor of its exact share; the units left over (fewer
    than the number of parts) go one each to the parts with the largest
    remainders, ties to the lowest index. So the parts always sum exactly to
    ``total``, each is within one minor unit of its exact share, equal weights
    give non-increasing parts, and a zero weight gets exactly zero. A negative
    total is split as its absolute value and negated.

    ``total`` may also be a plain ``int`` (a count: accounts, calls); the parts
    are then ``int`` by the same rule.

    Args:
        total: a ``Money`` or an ``int`` below 10**18 in magnitude.
        weights: ``int``, ``Decimal``, ``Fraction`` or decimal-string weights,
            finite and non-negative, not all zero, at most :data:`MAX_PARTS` of
            them. Decimals whose adjusted exponent lies outside -18..18 and bools
            are refused.

    >>> from salesmgmt import Money, allocate
    >>> allocate(Money("100", "USD"), [1, 1, 1])
    (Money('33.34', 'USD'), Money('33.33', 'USD'), Money('33.33', 'USD'))
    >>> allocate(Money("-0.05", "EUR"), [1, 0, 1])
    (Money('-0.03', 'EUR'), Money('0.00', 'EUR'), Money('-0.02', 'EUR'))
    >>> allocate(10, ["0.5", "0.3", "0.2"])
    (5, 3, 2)
    """
    record = "allocate()"
    if isinstance(total, Money):
        code: str | None = total.currency
        k = MINOR_UNITS[total.currency]
        units = total.to_minor_units()
    else:
        code, k = None, 0
        units = check_type(total, int, record=record, field="total", expected="a Money or an int")
        if not -_BOUND < units < _BOUND:
            raise ValidationError.for_field(record, "total", total, _BOUND_TEXT)
    items = check_iterable(weights, record=record, field="weights", max_items=MAX_PARTS)
    if not items:
        raise ValidationError.for_field(record, "weights", weights, "a non-empty list of weights")
    numerators, denominators = _weights(items, record)
    common = 1
    for index, denominator in enumerate(denominators):
        if common % denominator:
            common = math.lcm(common, denominator)
            if common > _MAX_DENOMINATOR:
                raise ValidationError.for_field(
                    record,
                    f"weights[{index}]",
                    items[index],
                    "a weight whose denominator keeps the weights' common denominator"
                    " below 10**600",
                    hint="Round the weights to Decimals with at most 18 decimals.",
                )
    scaled = [n * (common // d) for n, d in zip(numerators, denominators, strict=True)]
    weight_sum = sum(scaled)
    if not weight_sum:
        raise ValidationError.for_field(
            record, "weights", weights, "weights with at least one above zero"
        )
    parts = largest_remainder(units, scaled)
    if code is None:
        return tuple(parts)
    return tuple([_make(Decimal(part).scaleb(-k, context=EXACT), code) for part in parts])


def largest_remainder(units: int, weights: Sequence[int]) -> list[int]:
    """Split ``units`` by non-negative int ``weights`` (sum > 0): the rule of
    :func:`allocate` on integers of any size, for callers whose weights are
    already exact integers (derived day and month weights).

    Each part gets the floor of its exact share; the leftover units go one each
    to the largest remainders, ties to the lowest index; a negative ``units`` is
    split as its absolute value and negated.

    >>> largest_remainder(10_000, [1, 1, 1]), largest_remainder(-5, [1, 0, 1])
    ([3334, 3333, 3333], [-3, 0, -2])
    """
    weight_sum = sum(weights)
    whole = abs(units)
    floors: list[int] = []
    remainders: list[int] = []
    for weight in weights:
        share, rest = divmod(whole * weight, weight_sum)
        floors.append(share)
        remainders.append(rest)
    # The leftover units: sum(remainders) = weight_sum * leftover and every
    # remainder is below weight_sum, so at least leftover + 1 parts have a
    # positive remainder whenever leftover > 0. The leftover largest remainders
    # are therefore all positive, and a zero weight (remainder 0) never gets one.
    leftover = whole - sum(floors)
    if leftover:
        ranked = sorted(range(len(weights)), key=remainders.__getitem__, reverse=True)  # stable
        for index in ranked[:leftover]:
            floors[index] += 1
    return floors if units >= 0 else [-part for part in floors]


def _weights(items: Sequence[object], record: str) -> tuple[list[int], list[int]]:
    """Numerators and denominators of the validated weights."""
    numerators: list[int] = []
    denominators: list[int] = []
    for index, item in enumerate(items):
        if type(item) is int and 0 <= item < _BOUND * 10:
            numerators.append(item)
            denominators.append(1)
            continue
        if isinstance(item, float):
            raise WrongType.for_field(
                record,
                f"weights[{index}]",
                item,
                "an int, a Decimal, a Fraction or a decimal string",
                hint="Use Decimal(str(w)) or Fraction(w) for float weights.",
            )
        weight = to_fraction(item, record=record, field=f"weights[{index}]")
        if weight < 0:
            raise ValidationError.for_field(
                record, f"weights[{index}]", item, "a weight of zero or more"
            )
        numerators.append(weight.numerator)
        denominators.append(weight.denominator)
    return numerators, denominators
