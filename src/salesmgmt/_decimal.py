"""The library's own decimal contexts and the strict number grammar.

Results never depend on the caller's ``decimal.getcontext()``: every Decimal
operation in salesmgmt goes through one of the contexts here, as an explicit
method call (``EXACT.add(a, b)``, ``x.quantize(q, context=EXACT)``) or inside
``decimal.localcontext(RATIO)``. The caller's context is never read or changed.

* :data:`EXACT` traps ``Inexact``: sums and products of money either are exact
  or raise, they never round silently.
* :data:`RATIO` rounds to 40 significant digits (ratios: attainment, win rate).

Numbers enter through :func:`to_decimal`, which checks type, grammar and size
*before* ``Decimal()`` sees a value: ``Decimal`` silently accepts exponents,
underscores, spaces and non-ASCII digits, and ``int()``, ``round()`` or
``format()`` on ``Decimal('1e999999999')`` can take seconds.
"""

from __future__ import annotations

import decimal
import re
from decimal import Decimal
from fractions import Fraction
from typing import Final

from salesmgmt.errors import ValidationError, WrongType

__all__ = [
    "EXACT",
    "MAX_DIGITS",
    "MAX_STRING",
    "RATIO",
    "ROUNDING_MODES",
    "check_rounding",
    "to_decimal",
    "to_fraction",
]

#: Most significant digits an input number may carry.
MAX_DIGITS: Final = 40
#: Longest amount string accepted.
MAX_STRING: Final = 64

_TRAPS = [decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow]

EXACT: Final = decimal.Context(
    prec=80,
    rounding=decimal.ROUND_HALF_EVEN,
    Emin=-999_999,
    Emax=999_999,
    capitals=1,
    clamp=0,
    flags=[],
    traps=[*_TRAPS, decimal.Inexact],
)
"""Context for money arithmetic: wide enough for any bounded total, traps ``Inexact``."""

RATIO: Final = decimal.Context(
    prec=40,
    rounding=decimal.ROUND_HALF_EVEN,
    Emin=-999_999,
    Emax=999_999,
    capitals=1,
    clamp=0,
    flags=[],
    traps=list(_TRAPS),
)
"""Context for ratios: 40 significant digits (the contract asks for at least 28)."""

ROUNDING_MODES: Final = frozenset(
    {
        decimal.ROUND_HALF_UP,
        decimal.ROUND_HALF_EVEN,
        decimal.ROUND_HALF_DOWN,
        decimal.ROUND_UP,
        decimal.ROUND_DOWN,
        decimal.ROUND_CEILING,
        decimal.ROUND_FLOOR,
        decimal.ROUND_05UP,
    }
)

_GRAMMAR: Final = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?", re.ASCII)


def check_rounding(value: object, *, record: str | None, field: str = "rounding") -> str:
    """Return ``value`` if it is one of :mod:`decimal`'s rounding modes.

    >>> check_rounding("ROUND_HALF_UP", record=None)
    'ROUND_HALF_UP'
    """
    if isinstance(value, str) and value in ROUNDING_MODES:
        return value
    raise ValidationError.for_field(
        record,
        field,
        value,
        "one of decimal's rounding modes such as decimal.ROUND_HALF_UP",
    )


def to_decimal(
    value: object,
    *,
    record: str | None,
    field: str,
    max_abs_exponent: int = 18,
    float_hint: str | None = None,
) -> Decimal:
    """Turn an ``int``, a ``Decimal`` or a strict decimal string into a Decimal.

    Accepted strings match ``[+-]?digits[.digits]`` in ASCII, at most 64
    characters. ``bool`` and ``float`` are refused with :class:`WrongType`;
    NaN, infinities, more than :data:`MAX_DIGITS` significant digits and
    magnitudes of ``10**max_abs_exponent`` or more raise :class:`ValidationError`.
    Negative zero becomes zero.

    >>> to_decimal("12.30", record="Money", field="amount")
    Decimal('12.30')
    >>> to_decimal("1e3", record="Money", field="amount")
    Traceback (most recent call last):
      ...
    salesmgmt.errors.ValidationError: Money: 'amount' must be a decimal string like '-1234.50' ...
    """
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
        hint = float_hint if isinstance(value, float) else None
        raise WrongType.for_field(
            record, field, value, "a Decimal, an int or a decimal string", hint=hint
        )
    if isinstance(value, str):
        if len(value) > MAX_STRING or not _GRAMMAR.fullmatch(value):
            raise ValidationError.for_field(
                record,
                field,
                value,
                f"a decimal string like '-1234.50' (ASCII digits, an optional sign and point,"
                f" no exponent, spaces or separators, at most {MAX_STRING} characters)",
            )
        number = Decimal(value)
    elif isinstance(value, int):
        if abs(value) >= 10**max_abs_exponent:
            raise ValidationError.for_field(
                record, field, value, f"below 10**{max_abs_exponent} in magnitude"
            )
        return Decimal(value)
    else:
        number = value
        if not number.is_finite():
            raise ValidationError.for_field(record, field, value, "a finite number")
    if number.is_zero():
        return number.copy_abs()
    if number.adjusted() >= max_abs_exponent:
        raise ValidationError.for_field(
            record, field, value, f"below 10**{max_abs_exponent} in magnitude"
        )
    if len(number.as_tuple().digits) > MAX_DIGITS:
        raise ValidationError.for_field(
            record, field, value, f"a number with at most {MAX_DIGITS} significant digits"
        )
    return number


def to_fraction(
    value: object,
    *,
    record: str | None,
    field: str,
    min_adjusted: int = -18,
    max_adjusted: int = 18,
) -> Fraction:
    """An exact, finite, bounded number (``int``, ``Decimal``, ``Fraction``,
    decimal string) as a :class:`~fractions.Fraction`; used for weights.

    Decimals whose adjusted exponent lies outside ``min_adjusted…max_adjusted``
    are refused, and so are fractions of that size or with huge terms.

    >>> to_fraction(Decimal("0.25"), record="allocate()", field="weights[0]")
    Fraction(1, 4)
    """
    if isinstance(value, Fraction):
        limit = 10 ** (max_adjusted + 1)
        if abs(value.numerator) >= limit * value.denominator or value.denominator >= limit:
            raise ValidationError.for_field(
                record,
                field,
                value,
                f"a fraction with terms below 10**{max_adjusted + 1}",
            )
        return value
    number = to_decimal(value, record=record, field=field, max_abs_exponent=max_adjusted + 1)
    if not number.is_zero() and number.adjusted() < min_adjusted:
        raise ValidationError.for_field(
            record, field, value, f"zero or at least 10**{min_adjusted} in magnitude"
        )
    return Fraction(number)
