"""Hypothesis strategies for salesmgmt's values, for testing code built on it.

Needs the ``test`` extra (``pip install 'salesmgmt[test]'``). The strategies
follow hypothesis' own API style: plural nouns, keyword-only options with
``min_value``/``max_value`` and ``min_size``/``max_size``, element arguments
that take strategies, the widest valid range by default, and
``InvalidArgument`` for impossible combinations. They are built with
``st.builds`` and ``@st.composite`` so failing examples shrink to simple ones
(USD, small amounts, early dates, short periods).

>>> from hypothesis import given
>>> from salesmgmt import allocate, total
>>> from salesmgmt.strategies import moneys, weights
>>> @given(moneys(), weights(max_size=5))
... def test_allocation_sums_to_the_whole(amount, parts):
...     assert total(allocate(amount, parts)) == amount
>>> test_allocation_sums_to_the_whole()
"""

from salesmgmt.strategies._core import (
    amounts,
    business_calendars,
    currencies,
    dates,
    fiscal_calendars,
    fx_rates,
    grains,
    moneys,
    periods,
    weights,
)

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
