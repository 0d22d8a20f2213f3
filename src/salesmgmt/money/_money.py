"""Money: the value, its ISO 4217 currency table, totals, ratios and scaling.

The shared private helpers (currency look-up, quantizing, the fast constructor,
exact rounding of a ratio of integers) live here too, for ``_allocate`` and
``_fx``. The package docstring (:mod:`salesmgmt.money`) has the overview.
"""

from __future__ import annotations

import decimal
import math
import operator
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Final, TypeAlias

import attrs

from salesmgmt._checks import MAX_ITEMS, check_int, check_str, check_type, iter_chunks
from salesmgmt._decimal import EXACT, MAX_STRING, RATIO, check_rounding, to_decimal, to_fraction
from salesmgmt.errors import CurrencyMismatch, ValidationError, WrongType

__all__ = ["MINOR_UNITS", "Money", "known_currencies", "minor_units", "ratio", "scale", "total"]

Number: TypeAlias = int | Decimal | str
Factor: TypeAlias = int | Decimal | Fraction | str

# ISO 4217 "List one: current currency & funds code list", published for the
# ISO 4217 maintenance agency by SIX Financial Information
# (https://www.six-group.com/en/products-services/financial-information/data-standards.html,
# file list-one.xml; checked against the 2023-01-01 edition and the amendments
# through 2024). Active national currencies only: funds (BOV, CHE, CHW, CLF,
# COU, MXV, USN, UYI, UYW), precious metals, XDR, XSU, XUA, XTS, XXX and the
# codes being replaced in 2024-2025 (ANG/XCG, CUC, HRK, SLL, ZWL/ZWG) are left out.
_ISO_4217: Final = {
    0: "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF",
    2: (
        "AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP"
        " BYN BZD CAD CDF CHF CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP"
        " GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW"
        " KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR"
        " MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR"
        " SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS"
        " UAH USD UYU UZS VED VES WST XCD YER ZAR ZMW"
    ),
    3: "BHD IQD JOD KWD LYD OMR TND",
}

#: ISO 4217 code -> number of minor-unit digits (read-only).
MINOR_UNITS: Final[Mapping[str, int]] = MappingProxyType(
    {code: k for k, codes in sorted(_ISO_4217.items()) for code in codes.split()}
)

_CODES: Final = {code: (code, k) for code, k in MINOR_UNITS.items()}
_QUANTUM: Final = {k: Decimal((0, (1,), -k)) for k in range(4)}
_ZERO: Final = {k: Decimal((0, (0,), -k)) for k in range(4)}
_BOUND: Final = 10**18
_HIGH: Final = Decimal(_BOUND)
_LOW: Final = -_HIGH
_BOUND_TEXT: Final = "below 10**18 in magnitude"
_ADD: Final = EXACT.add
_SUBTRACT: Final = EXACT.subtract
_AMOUNT: Final = operator.attrgetter("amount")
_CURRENCY: Final = operator.attrgetter("currency")
_FLOAT_HINT: Final = (
    "Floats cannot hold most decimal amounts exactly. Use Money.from_float(x, currency)"
    " to take the float's shortest repr, or Money.of(str(x), currency, rounding=...)."
)
_SUM_HINT: Final = (
    "sum() starts from the int 0; use sum(values, Money.zero({code!r})) or total(values)."
)


# -- helpers -----------------------------------------------------------------------------


def _currency(value: object, record: str, field: str = "currency") -> tuple[str, int]:
    """The canonical code and its minor units, or the error for ``value``."""
    if type(value) is str:
        found = _CODES.get(value)
        if found is not None:
            return found
    text = check_type(
        value, str, record=record, field=field, expected="an ISO 4217 currency code like 'USD'"
    )
    found = _CODES.get(text)
    if found is not None:  # a str subclass such as a StrEnum member
        return found
    hint = None
    if len(text) <= 8 and text.strip().upper() in _CODES:
        hint = f"Codes are exact upper-case ISO 4217 codes: use {text.strip().upper()!r}."
    raise ValidationError.for_field(
        record, field, value, "a known ISO 4217 currency code like 'USD'", hint=hint
    )


def _quantized(
    number: Decimal, k: int, rounding: str | None, record: str, value: object
) -> Decimal:
    """``number`` at exactly ``k`` decimals, bounded, with ``-0`` made ``0``."""
    if rounding is None:
        try:
            number = number.quantize(_QUANTUM[k], context=EXACT)
        except decimal.Inexact:
            raise ValidationError.for_field(
                record,
                "amount",
                value,
                f"an amount with at most {k} decimals for this currency",
                hint=f"Round explicitly: Money.of({value!r}, currency,"
                " rounding=decimal.ROUND_HALF_UP)."
                if len(str(value)) <= MAX_STRING
                else None,
            ) from None
    else:
        number = number.quantize(_QUANTUM[k], rounding=rounding, context=RATIO)
    if not number:
        return _ZERO[k]
    if not _LOW < number < _HIGH:
        raise ValidationError.for_field(record, "amount", value, _BOUND_TEXT)
    return number


def _make(amount: Decimal, currency: str) -> Money:
    """A Money from already valid parts, without re-running validation (hot path)."""
    money = object.__new__(Money)
    object.__setattr__(money, "amount", amount)
    object.__setattr__(money, "currency", currency)
    return money


def _from_units(units: int, code: str, k: int, record: str) -> Money:
    if not -(10 ** (18 + k)) < units < 10 ** (18 + k):
        raise ValidationError.for_field(
            record, "amount", f"{units} minor units of {code}", _BOUND_TEXT
        )
    return _make(Decimal(units).scaleb(-k, context=EXACT), code)


def _round_ratio(numerator: int, denominator: int, rounding: str, k: int, record: str) -> int:
    """``numerator / denominator`` (denominator > 0) rounded to an int with ``rounding``.

    The quotient's integer part stays exact; the remainder is reduced to a marker
    (below, at or above one half) so that decimal's own rounding modes decide,
    including ``ROUND_05UP``, which looks at the last kept digit.
    """
    whole, rest = divmod(abs(numerator), denominator)
    if whole >= 10 ** (18 + k):  # checked first: RATIO holds 40 digits
        raise ValidationError.for_field(record, "amount", f"{whole} minor units", _BOUND_TEXT)
    if rest:
        twice = 2 * rest
        marker = ".25" if twice < denominator else ".5" if twice == denominator else ".75"
        sign = "-" if numerator < 0 else ""
        return int(
            Decimal(f"{sign}{whole}{marker}").quantize(
                _QUANTUM[0], rounding=rounding, context=RATIO
            )
        )
    return whole if numerator >= 0 else -whole


def _not_money(other: object, operation: str, code: str) -> WrongType:
    hint = None
    if isinstance(other, int | Decimal) and not isinstance(other, bool) and operation == "+":
        hint = _SUM_HINT.format(code=code)
    elif isinstance(other, float):
        hint = _FLOAT_HINT
    return WrongType.for_field(
        "Money", "other", other, f"a Money in {code} for {operation}", hint=hint
    )


# -- Money -------------------------------------------------------------------------------


@attrs.frozen(init=False, repr=False)
class Money:
    """An exact amount in one ISO 4217 currency.

    ``amount`` is an ``int``, a ``Decimal`` or a strict decimal string
    (``'-1234.50'``: ASCII digits, no exponent, spaces or separators) below
    10**18 in magnitude. It is stored quantized to the currency's minor units
    (``'12.3'`` becomes ``Decimal('12.30')``; ``-0`` becomes ``0``). A value with
    more decimals than the currency has is refused: use :meth:`Money.of` with a
    ``rounding=`` mode to round on purpose. ``currency`` is an exact upper-case
    code from :data:`MINOR_UNITS` (``'usd'`` is refused, not normalised).

    ``+`` and ``-`` work between amounts of one currency (else
    :class:`~salesmgmt.CurrencyMismatch`); ``*`` by an ``int`` or ``Decimal``
    rounds ROUND_HALF_UP to minor units (see :func:`scale`); ``< <= > >=`` compare
    amounts of one currency; ``==`` is plain value equality, so a USD amount never
    equals a EUR amount or a number. ``bool(m)`` is ``m.amount != 0``. Plain
    ``sum(ms)`` starts from the int ``0`` and is refused; use
    ``sum(ms, Money.zero('USD'))`` or :func:`total`.

    Attributes:
        amount: the quantized ``Decimal`` amount.
        currency: the ISO 4217 code.

    Raises:
        WrongType: ``amount`` is a ``float`` (or another type), ``currency`` is
            not a string.
        ValidationError: the amount has too many decimals, is too large, or the
            code is unknown.

    >>> from decimal import Decimal
    >>> from salesmgmt import Money
    >>> Money(Decimal("12.3"), "USD")
    Money('12.30', 'USD')
    >>> str(Money(-5, "KWD")), Money("0.10", "EUR") + Money("0.20", "EUR")
    ('-5.000 KWD', Money('0.30', 'EUR'))
    >>> Money("10.00", "USD") * Decimal("0.075")
    Money('0.75', 'USD')
    >>> Money("1.005", "USD")
    Traceback (most recent call last):
      ...
    salesmgmt.errors.ValidationError: Money: 'amount' must be an amount with at most 2
    decimals for this currency (got '1.005')
    Hint: Round explicitly: Money.of('1.005', currency, rounding=decimal.ROUND_HALF_UP).
    >>> Money("1.00", "USD") + Money("1.00", "EUR")
    Traceback (most recent call last):
      ...
    salesmgmt.errors.CurrencyMismatch: Money: cannot combine USD and EUR amounts
    Hint: convert one side first with convert(money, to_currency, rates, on=...).
    """

    amount: Decimal
    currency: str

    def __init__(self, amount: Number, currency: str) -> None:
        code, k = _currency(currency, "Money")
        number = to_decimal(amount, record="Money", field="amount", float_hint=_FLOAT_HINT)
        self.__attrs_init__(_quantized(number, k, None, "Money", amount), code)

    # -- named constructors ----------------------------------------------------------------

    @classmethod
    def of(cls, value: Number, currency: str, *, rounding: str | None = None) -> Money:
        """The amount ``value`` in ``currency``, rounded with ``rounding`` if asked.

        Args:
            value: an ``int``, ``Decimal`` or strict decimal string.
            currency: an ISO 4217 code.
            rounding: ``None`` (the default) refuses a value with more decimals
                than the currency has; a :mod:`decimal` rounding mode such as
                ``decimal.ROUND_HALF_UP`` rounds it to minor units instead.

        >>> import decimal
        >>> from salesmgmt import Money
        >>> Money.of("100", "USD")
        Money('100.00', 'USD')
        >>> Money.of("2.675", "USD", rounding=decimal.ROUND_HALF_UP)
        Money('2.68', 'USD')
        >>> Money.of("-0.004", "USD", rounding=decimal.ROUND_HALF_UP)
        Money('0.00', 'USD')
        """
        record = "Money.of()"
        code, k = _currency(currency, record)
        mode = None if rounding is None else check_rounding(rounding, record=record)
        number = to_decimal(value, record=record, field="amount", float_hint=_FLOAT_HINT)
        return _make(_quantized(number, k, mode, record, value), code)

    @classmethod
    def from_float(cls, x: float, currency: str) -> Money:
        """The amount a ``float`` stands for: its shortest repr, fitted to minor units.

        ``repr(x)`` is the shortest decimal that reads back as ``x``. It is
        accepted when it has no more decimals than the currency, or when it lies
        within 4 ulp (units in the last place of ``x``) of an amount that does:
        that absorbs the noise of a few float additions (``0.1 + 0.2``) but not a
        real extra digit (``1.005``). Anything else raises ``ValidationError``;
        round it explicitly with ``Money.of(str(x), currency, rounding=...)``.

        >>> from salesmgmt import Money
        >>> Money.from_float(0.1 + 0.2, "USD")
        Money('0.30', 'USD')
        >>> Money.from_float(1e6, "JPY")
        Money('1000000', 'JPY')
        >>> Money.from_float(1.005, "USD")
        Traceback (most recent call last):
          ...
        salesmgmt.errors.ValidationError: Money.from_float(): 'x' must be a float within
        4 ulp of an amount with 2 decimals (got 1.005)
        Hint: Round explicitly: Money.of(str(x), currency, rounding=decimal.ROUND_HALF_UP).
        """
        record = "Money.from_float()"
        code, k = _currency(currency, record)
        if not isinstance(x, float):
            hint = "Use Money.of(value, currency) for ints, Decimals and strings."
            raise WrongType.for_field(record, "x", x, "a float", hint=hint)
        if not math.isfinite(x) or not -1e18 < x < 1e18:
            raise ValidationError.for_field(record, "x", x, f"a finite float {_BOUND_TEXT}")
        exact = Decimal(repr(x))
        near = exact.quantize(_QUANTUM[k], rounding=decimal.ROUND_HALF_EVEN, context=RATIO)
        if near != exact and abs(float(near) - x) > 4 * math.ulp(x):
            raise ValidationError.for_field(
                record,
                "x",
                x,
                f"a float within 4 ulp of an amount with {k} decimals",
                hint="Round explicitly: Money.of(str(x), currency,"
                " rounding=decimal.ROUND_HALF_UP).",
            )
        return _make(_quantized(near, k, None, record, x), code)

    @classmethod
    def zero(cls, currency: str) -> Money:
        """Zero in ``currency``: the start value for ``sum()``.

        >>> from salesmgmt import Money
        >>> Money.zero("KWD")
        Money('0.000', 'KWD')
        >>> sum([Money("1.50", "USD"), Money("2.25", "USD")], Money.zero("USD"))
        Money('3.75', 'USD')
        """
        code, k = _currency(currency, "Money.zero()")
        return _make(_ZERO[k], code)

    @classmethod
    def parse(cls, text: str) -> Money:
        """Read ``'<amount> <CODE>'``, the form ``str(money)`` writes.

        The amount and code are separated by one ASCII space; the amount follows
        the same rules as ``Money(amount, currency)``, so ``'12.5 EUR'`` reads as
        12.50 EUR and ``'12.505 EUR'`` is refused. ``Money.parse(str(m)) == m``.

        >>> from salesmgmt import Money
        >>> Money.parse("12.50 EUR")
        Money('12.50', 'EUR')
        >>> Money.parse("12.50EUR")
        Traceback (most recent call last):
          ...
        salesmgmt.errors.ValidationError: Money.parse(): 'text' must be an amount, one space
        and an ISO 4217 code, like '12.50 EUR' (got '12.50EUR')
        """
        record = "Money.parse()"
        text = check_str(text, record=record, field="text", max_length=MAX_STRING + 4)
        number, _, code_text = text.rpartition(" ")
        if not number or len(code_text) != 3:
            raise ValidationError.for_field(
                record,
                "text",
                text,
                "an amount, one space and an ISO 4217 code, like '12.50 EUR'",
            )
        code, k = _currency(code_text, record)
        amount = to_decimal(number, record=record, field="amount")
        return _make(_quantized(amount, k, None, record, number), code)

    @classmethod
    def from_minor_units(cls, units: int, currency: str) -> Money:
        """The amount of ``units`` minor units (cents, fils, yen) of ``currency``.

        >>> from salesmgmt import Money
        >>> Money.from_minor_units(1999, "USD"), Money.from_minor_units(-5, "KWD")
        (Money('19.99', 'USD'), Money('-0.005', 'KWD'))
        """
        record = "Money.from_minor_units()"
        code, k = _currency(currency, record)
        limit = 10 ** (18 + k) - 1
        units = check_int(units, record=record, field="units", min_value=-limit, max_value=limit)
        return _from_units(units, code, k, record)

    # -- queries ---------------------------------------------------------------------------

    def to_minor_units(self) -> int:
        """The amount as an ``int`` count of minor units.

        >>> from salesmgmt import Money
        >>> Money("19.99", "USD").to_minor_units(), Money("500", "JPY").to_minor_units()
        (1999, 500)
        """
        return int(self.amount.scaleb(MINOR_UNITS[self.currency], context=EXACT))

    def is_zero(self) -> bool:
        """Whether the amount is zero.

        >>> from salesmgmt import Money
        >>> Money("0.00", "USD").is_zero(), Money("-0", "USD").is_zero()
        (True, True)
        """
        return self.amount.is_zero()

    # -- text ------------------------------------------------------------------------------

    def __repr__(self) -> str:
        return f"Money({str(self.amount)!r}, {self.currency!r})"

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"

    # -- arithmetic ------------------------------------------------------------------------

    def __add__(self, other: Money) -> Money:
        if type(other) is not Money and not isinstance(other, Money):
            raise _not_money(other, "+", self.currency)
        if other.currency != self.currency:
            raise CurrencyMismatch.between(self.currency, other.currency, record="Money")
        amount = _ADD(self.amount, other.amount)
        if not _LOW < amount < _HIGH:
            raise ValidationError.for_field("Money", "amount", amount, _BOUND_TEXT)
        return _make(amount, self.currency)

    def __radd__(self, other: object) -> Money:
        raise _not_money(other, "+", self.currency)

    def __sub__(self, other: Money) -> Money:
        if type(other) is not Money and not isinstance(other, Money):
            raise _not_money(other, "-", self.currency)
        if other.currency != self.currency:
            raise CurrencyMismatch.between(self.currency, other.currency, record="Money")
        amount = _SUBTRACT(self.amount, other.amount)
        if not _LOW < amount < _HIGH:
            raise ValidationError.for_field("Money", "amount", amount, _BOUND_TEXT)
        return _make(amount, self.currency)

    def __rsub__(self, other: object) -> Money:
        raise _not_money(other, "-", self.currency)

    def __mul__(self, factor: int | Decimal) -> Money:
        if isinstance(factor, int | Decimal) and not isinstance(factor, bool):
            return scale(self, factor)
        if isinstance(factor, Money):
            hint = "Money times Money has no meaning; ratio(a, b) divides two amounts."
        elif isinstance(factor, float):
            hint = "Use Decimal(str(x)) for a float factor, or scale(money, factor)."
        else:
            hint = "scale(money, factor, rounding=...) also takes a Fraction or a string."
        raise WrongType.for_field("Money", "factor", factor, "an int or a Decimal", hint=hint)

    __rmul__ = __mul__

    def __truediv__(self, other: object) -> Money:
        raise WrongType.for_field(
            "Money",
            "other",
            other,
            "nothing: Money does not support /",
            hint="Split exactly with allocate(money, [1] * n), scale by a Fraction with"
            " scale(money, Fraction(1, n)), or divide two amounts with ratio(a, b).",
        )

    def __neg__(self) -> Money:
        return _make(EXACT.minus(self.amount), self.currency)

    def __abs__(self) -> Money:
        return _make(EXACT.abs(self.amount), self.currency)

    def __bool__(self) -> bool:
        return not self.amount.is_zero()

    # -- ordering --------------------------------------------------------------------------

    def _peer(self, other: object, operation: str) -> Decimal:
        if not isinstance(other, Money):
            raise _not_money(other, operation, self.currency)
        if other.currency != self.currency:
            raise CurrencyMismatch.between(self.currency, other.currency, record="Money")
        return other.amount

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._peer(other, "<")

    def __le__(self, other: Money) -> bool:
        return self.amount <= self._peer(other, "<=")

    def __gt__(self, other: Money) -> bool:
        return self.amount > self._peer(other, ">")

    def __ge__(self, other: Money) -> bool:
        return self.amount >= self._peer(other, ">=")


# -- functions ---------------------------------------------------------------------------


def minor_units(currency: str) -> int:
    """The number of decimals ISO 4217 gives ``currency``.

    >>> from salesmgmt import minor_units
    >>> minor_units("USD"), minor_units("JPY"), minor_units("KWD")
    (2, 0, 3)
    >>> minor_units("usd")
    Traceback (most recent call last):
      ...
    salesmgmt.errors.ValidationError: minor_units(): 'currency' must be a known ISO 4217
    currency code like 'USD' (got 'usd')
    Hint: Codes are exact upper-case ISO 4217 codes: use 'USD'.
    """
    return _currency(currency, "minor_units()")[1]


def known_currencies() -> frozenset[str]:
    """The ISO 4217 codes :class:`Money` accepts (see :data:`MINOR_UNITS`).

    >>> from salesmgmt.money import known_currencies
    >>> {"USD", "JPY", "KWD"} <= known_currencies(), "HRK" in known_currencies()
    (True, False)
    """
    return frozenset(MINOR_UNITS)


def total(moneys: Iterable[Money], *, currency: str | None = None) -> Money:
    """The exact sum of ``moneys``, all in one currency, in one pass.

    Never rounds; only the final sum is bounded (below 10**18), so the result
    does not depend on the order of the items. An empty collection sums to zero
    in ``currency``; without ``currency`` it is an error, because a currency is
    never guessed.

    Raises:
        WrongType: an item is not a ``Money`` (the error names its index).
        CurrencyMismatch: the items' currencies differ, or differ from ``currency``.
        ValidationError: ``moneys`` is empty and no ``currency`` was given.

    >>> from salesmgmt import Money, total
    >>> total([Money("0.10", "USD"), Money("0.20", "USD")])
    Money('0.30', 'USD')
    >>> total([], currency="EUR")
    Money('0.00', 'EUR')
    >>> total([])
    Traceback (most recent call last):
      ...
    salesmgmt.errors.ValidationError: total(): 'currency' must be a currency code when
    'moneys' is empty (got None)
    Hint: total([], currency='USD') returns Money('0.00', 'USD').
    """
    record = "total()"
    code = None if currency is None else _currency(currency, record)[0]
    result, count = Decimal(0), 0  # 0 + amounts keeps the amounts' exponent
    for chunk in iter_chunks(moneys, record=record, field="moneys", max_items=MAX_ITEMS):
        if set(map(type, chunk)) - {Money}:
            for index, item in enumerate(chunk, count):
                if not isinstance(item, Money):
                    hint = _FLOAT_HINT if isinstance(item, float) else None
                    raise WrongType.for_field(
                        record, f"moneys[{index}]", item, "a Money", hint=hint
                    )
        items: Sequence[Money] = chunk  # every item was checked above
        if code is None and items:
            code = items[0].currency
        if set(map(_CURRENCY, items)) - {code}:
            other = next(item.currency for item in items if item.currency != code)
            raise CurrencyMismatch.between(str(code), other, record=record)
        with decimal.localcontext(EXACT):
            result = sum(map(_AMOUNT, items), result)
        count += len(items)
    if code is None:
        raise ValidationError.for_field(
            record,
            "currency",
            currency,
            "a currency code when 'moneys' is empty",
            hint="total([], currency='USD') returns Money('0.00', 'USD').",
        )
    if not count:
        return Money.zero(code)
    if not _LOW < result < _HIGH:
        raise ValidationError.for_field(record, "amount", result, _BOUND_TEXT)
    return _make(result, code)


def ratio(numerator: Money, denominator: Money) -> Decimal | None:
    """``numerator / denominator`` as an unrounded Decimal (40 significant digits).

    ``None`` when the denominator is zero: the ratio is undefined, not 0.

    >>> from salesmgmt import Money, ratio
    >>> ratio(Money("25", "USD"), Money("100", "USD"))
    Decimal('0.25')
    >>> ratio(Money("1", "USD"), Money("3", "USD"))
    Decimal('0.3333333333333333333333333333333333333333')
    >>> ratio(Money("5", "USD"), Money("0", "USD")) is None
    True
    """
    record = "ratio()"
    check_type(numerator, Money, record=record, field="numerator")
    check_type(denominator, Money, record=record, field="denominator")
    if numerator.currency != denominator.currency:
        raise CurrencyMismatch.between(numerator.currency, denominator.currency, record=record)
    if denominator.amount.is_zero():
        return None
    result = RATIO.divide(numerator.amount, denominator.amount)
    return Decimal(0) if result.is_zero() else result


def scale(money: Money, factor: Factor, *, rounding: str = decimal.ROUND_HALF_UP) -> Money:
    """``money × factor``, rounded once to minor units with ``rounding``.

    This is what ``money * factor`` does (with ROUND_HALF_UP, the rounding of
    Excel's ROUND and of 四舍五入). ``factor`` is an ``int``, ``Decimal``,
    ``Fraction`` or strict decimal string between 10**-18 and 10**19 in
    magnitude (or zero); the product is computed exactly first, so a Fraction
    such as 1/3 is not rounded twice.

    >>> import decimal
    >>> from fractions import Fraction
    >>> from salesmgmt import Money, scale
    >>> scale(Money("10.00", "USD"), "0.125")
    Money('1.25', 'USD')
    >>> scale(Money("10.00", "USD"), "0.125", rounding=decimal.ROUND_HALF_EVEN)
    Money('1.25', 'USD')
    >>> scale(Money("100.00", "USD"), Fraction(1, 3)), scale(Money("-0.05", "USD"), "0.5")
    (Money('33.33', 'USD'), Money('-0.03', 'USD'))
    """
    record = "scale()"
    check_type(money, Money, record=record, field="money")
    if isinstance(factor, float):
        raise WrongType.for_field(
            record,
            "factor",
            factor,
            "an int, a Decimal, a Fraction or a decimal string",
            hint="Use Decimal(str(x)) or Fraction(x).limit_denominator() for a float factor.",
        )
    exact = to_fraction(factor, record=record, field="factor")
    mode = check_rounding(rounding, record=record)
    k = MINOR_UNITS[money.currency]
    units = _round_ratio(
        money.to_minor_units() * exact.numerator, exact.denominator, mode, k, record
    )
    return _from_units(units, money.currency, k, record)
