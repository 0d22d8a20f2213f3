"""The additive LMDI-I (log-mean Divisia) decomposition of a product's change.

A KPI that is a product of factors (bookings = leads x win rate x deal size)
changes between a *reference* (the target plan, the team median, last month)
and the *actual*. :func:`decompose_gap` splits that change into one part per
factor, so a manager reads "the rep is 4,000 behind: -3,000 from too few
leads, -1,500 from a weaker win rate, +500 from bigger deals".

Formula (Ang 2004, "Decomposition analysis for policymaking in energy",
Energy Policy 32, eq. LMDI-I additive)::

    V = x_1 * x_2 * ... * x_n
    part_k = L(V_actual, V_reference) * ln(x_k_actual / x_k_reference)
    L(a, b) = (a - b) / (ln a - ln b),   L(a, a) = a

The parts sum to ``V_actual - V_reference`` in exact arithmetic (LMDI is a
*perfect* decomposition: no residual term).

Zero factors. ``ln 0`` is undefined. Ang & Liu (2007), "Handling zero values in
the logarithmic mean Divisia index decomposition approach", Energy Policy 35(1),
238-246 (doi:10.1016/j.enpol.2005.11.001), compare the small-value strategy
(replace each zero by delta = 1e-10...1e-20; the parts converge as delta -> 0)
with the analytical limits (Wood & Lenzen 2006, Energy Policy 34, 1326-1331).
We use the limit itself, which is exact and needs no delta:

* both products zero: every part is zero (nothing changed in the output);
* one product zero: the change is shared equally by the factors that are zero
  on that side (they are the only parts whose limit is non-zero); every other
  part is zero.

Exactness. Logarithms run at 100 significant digits in a context derived from
:data:`~salesmgmt._decimal.RATIO`; every part is then rounded half-even to a
common quantum (the exponent of the exact gap, or 30 digits below the larger
product when that is finer), and the rounding residual goes to the part with
the largest magnitude (ties: the first key in sorted order). So the parts are
decimals whose exact sum is exactly ``prod(actual) - prod(reference)``.
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from decimal import Decimal
from typing import Final

from salesmgmt._checks import check_str, check_type
from salesmgmt._decimal import EXACT, RATIO, to_decimal
from salesmgmt.errors import ValidationError

__all__ = ["MAX_FACTORS", "decompose_gap", "log_mean"]

#: Most factors :func:`decompose_gap` accepts.
MAX_FACTORS: Final = 16
#: Significant digits below the larger product that the parts keep.
_KEEP_DIGITS: Final = 30

_LOG = RATIO.copy()
_LOG.prec = 100
_RECORD = "decompose_gap()"


def log_mean(a: Decimal, b: Decimal) -> Decimal:
    """The logarithmic mean ``L(a, b) = (a - b) / (ln a - ln b)`` of two positive
    numbers, with ``L(a, a) = a``; ``L(a, 0) = L(0, a) = 0`` (the limit).

    It lies between the geometric and the arithmetic mean of ``a`` and ``b``.

    Args:
        a: a non-negative Decimal or int.
        b: a non-negative Decimal or int.

    Raises:
        ValidationError: a negative or non-finite number.

    >>> from decimal import Decimal
    >>> from salesmgmt.reviews import log_mean
    >>> log_mean(Decimal(4), Decimal(4))
    Decimal('4')
    >>> round(log_mean(Decimal(2), Decimal(1)), 6)  # 1 / ln 2
    Decimal('1.442695')
    >>> log_mean(Decimal(3), Decimal(0))
    Decimal('0')
    """
    x = _factor(a, "log_mean()", "a")
    y = _factor(b, "log_mean()", "b")
    return _log_mean(x, y)


def _log_mean(x: Decimal, y: Decimal) -> Decimal:
    if x.is_zero() or y.is_zero():
        return Decimal(0)
    if x == y:
        return x
    log_ratio = _LOG.ln(_LOG.divide(x, y))
    if log_ratio.is_zero():  # x / y rounded to 1 at 100 digits: the limit L(x, x)
        return _LOG.divide(_LOG.add(x, y), 2)
    return _LOG.divide(_LOG.subtract(x, y), log_ratio)


def _factor(value: object, record: str, field: str) -> Decimal:
    number = to_decimal(value, record=record, field=field)
    if number < 0:
        raise ValidationError.for_field(
            record,
            field,
            value,
            "a non-negative number",
            hint="LMDI decomposes products of counts, rates and sizes, which are never negative.",
        )
    return number


def _factors(value: object, field: str) -> dict[str, Decimal]:
    mapping = check_type(
        value, Mapping, record=_RECORD, field=field, expected="a mapping of factor name to number"
    )
    try:
        items = list(mapping.items())
    except Exception as exc:  # a hostile mapping: report it as bad input
        raise ValidationError.for_field(
            _RECORD, field, value, "a readable mapping of factor name to number"
        ) from exc
    if not 1 <= len(items) <= MAX_FACTORS:
        raise ValidationError.for_field(
            _RECORD, field, value, f"a mapping of 1 to {MAX_FACTORS} factors"
        )
    factors: dict[str, Decimal] = {}
    for key, number in items:
        name = check_str(key, record=_RECORD, field=f"{field} key", max_length=64)
        factors[name] = _factor(number, _RECORD, f"{field}[{name!r}]")
    return factors


def _product(values: list[Decimal]) -> Decimal:
    """The exact product, in a context of ``EXACT`` widened to the digits needed."""
    context = EXACT.copy()
    context.prec = max(EXACT.prec, sum(len(v.as_tuple().digits) for v in values) + 2)
    product = Decimal(1)
    for value in values:
        product = context.multiply(product, value)
    return product


def decompose_gap(
    actual: Mapping[str, Decimal], reference: Mapping[str, Decimal]
) -> dict[str, Decimal]:
    """Split ``prod(actual) - prod(reference)`` into one additive part per factor
    (LMDI-I, the log-mean Divisia index).

    The factors multiply to the output (bookings = leads x win rate x deal
    size). Each part is ``L(V_actual, V_reference) * ln(x_actual / x_reference)``;
    the parts sum exactly to the gap, a factor that did not change gets zero,
    and every part has the sign of its factor's change. Zero factors follow the
    limit of Ang & Liu (2007): see the module notes and ``docs/metrics/reviews.md``.

    Args:
        actual: factor name -> non-negative number (Decimal, int or decimal string).
        reference: the same factor names -> the reference values.

    Returns:
        factor name -> part, in the order of ``actual``. Add them exactly (for
        example with :class:`fractions.Fraction`, or under a context of enough
        precision) to get the gap back to the last digit.

    Raises:
        WrongType: not mappings, non-string names, floats.
        ValidationError: different names on the two sides, no factors or more
            than 16, negative or non-finite numbers.

    >>> from decimal import Decimal
    >>> from salesmgmt.reviews import decompose_gap
    >>> parts = decompose_gap({"leads": 20, "size": 2}, {"leads": 10, "size": 2})
    >>> parts["size"], parts["leads"]
    (Decimal('0'), Decimal('20'))
    >>> decompose_gap({"leads": 0, "size": 5}, {"leads": 4, "size": 2})
    {'leads': Decimal('-8'), 'size': Decimal('0')}
    """
    now = _factors(actual, "actual")
    then = _factors(reference, "reference")
    if now.keys() != then.keys():
        raise ValidationError.for_field(
            _RECORD,
            "reference",
            sorted(then),
            f"the same factor names as actual ({', '.join(sorted(now))})",
        )
    v_now = _product(list(now.values()))
    v_then = _product(list(then.values()))
    gap = _difference(v_now, v_then)
    raw = _raw_parts(now, then, v_now, v_then, gap)
    return _exact_parts(raw, gap, max(v_now, v_then))


def _difference(a: Decimal, b: Decimal) -> Decimal:
    """``a - b`` exactly, in a context of ``EXACT`` widened to the digits needed."""
    context = EXACT.copy()
    lowest = min(int(a.as_tuple().exponent), int(b.as_tuple().exponent))
    context.prec = max(EXACT.prec, max(a.adjusted(), b.adjusted()) - lowest + 3)
    return context.subtract(a, b)


def _raw_parts(
    now: dict[str, Decimal],
    then: dict[str, Decimal],
    v_now: Decimal,
    v_then: Decimal,
    gap: Decimal,
) -> dict[str, Decimal]:
    if v_now.is_zero() and v_then.is_zero():
        return dict.fromkeys(now, Decimal(0))
    if v_now.is_zero() or v_then.is_zero():
        side = now if v_now.is_zero() else then
        zeros = [name for name, value in side.items() if value.is_zero()]
        share = _LOG.divide(gap, len(zeros))
        return {name: share if name in zeros else Decimal(0) for name in now}
    weight = _log_mean(v_now, v_then)
    parts: dict[str, Decimal] = {}
    for name, x_now in now.items():
        x_then = then[name]
        if x_now == x_then:
            parts[name] = Decimal(0)
        else:
            parts[name] = _LOG.multiply(weight, _LOG.ln(_LOG.divide(x_now, x_then)))
    return parts


def _exact_parts(raw: dict[str, Decimal], gap: Decimal, largest: Decimal) -> dict[str, Decimal]:
    if all(part.is_zero() for part in raw.values()):
        return {name: Decimal(0) for name in raw}
    exponent = min(int(gap.as_tuple().exponent), largest.adjusted() - _KEEP_DIGITS)
    quantum = Decimal(1).scaleb(exponent)
    context = EXACT.copy()
    context.prec = max(EXACT.prec, max(largest.adjusted(), gap.adjusted()) - exponent + 8)
    context.traps[decimal.Inexact] = False  # the quantize below rounds on purpose
    rounded = {
        name: part.quantize(quantum, rounding=decimal.ROUND_HALF_EVEN, context=context)
        for name, part in raw.items()
    }
    context.traps[decimal.Inexact] = True  # the sums below are exact
    anchor = max(sorted(rounded), key=lambda name: raw[name].copy_abs())
    others = Decimal(0)
    for name, part in rounded.items():
        if name != anchor:
            others = context.add(others, part)
    rounded[anchor] = context.subtract(gap, others)
    return {name: _plain(part) for name, part in rounded.items()}


def _plain(part: Decimal) -> Decimal:
    """The same number without trailing zeros (``2000``, not ``2000.000…``)."""
    if part.is_zero():
        return Decimal(0)
    context = EXACT.copy()
    context.prec = max(EXACT.prec, len(part.as_tuple().digits) + 2)
    short = part.normalize(context)
    if int(short.as_tuple().exponent) > 0:
        short = short.quantize(Decimal(1), context=context)
    return short
