"""Exact money: amounts with an ISO 4217 currency, splits, totals, ratios and FX.

A :class:`Money` holds a :class:`~decimal.Decimal` quantized to its currency's
minor units (cents for USD, none for JPY, fils for KWD). Arithmetic never
mixes currencies, never rounds silently and never depends on the caller's
``decimal.getcontext()``: every operation runs under the library's own
contexts (:mod:`salesmgmt._decimal`). Rounding happens only where money is
*computed* from a rate or factor (:func:`scale`, ``*``, :func:`convert`), and
there it is ROUND_HALF_UP unless the caller picks another mode. Splitting
(:func:`allocate`) never rounds at all: it hands out whole minor units so the
parts always sum to the total.

>>> from salesmgmt import Money, allocate, total
>>> total([Money("19.99", "USD"), Money("0.01", "USD")])
Money('20.00', 'USD')
>>> allocate(Money("100", "JPY"), [1, 1, 1])
(Money('34', 'JPY'), Money('33', 'JPY'), Money('33', 'JPY'))
"""

from salesmgmt.money._allocate import MAX_PARTS, allocate
from salesmgmt.money._fx import FxRates, convert
from salesmgmt.money._money import (
    MINOR_UNITS,
    Money,
    known_currencies,
    minor_units,
    ratio,
    scale,
    total,
)

__all__ = [
    "MAX_PARTS",
    "MINOR_UNITS",
    "FxRates",
    "Money",
    "allocate",
    "convert",
    "known_currencies",
    "minor_units",
    "ratio",
    "scale",
    "total",
]
