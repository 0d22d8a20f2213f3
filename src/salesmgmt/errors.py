"""The one exception family of salesmgmt.

Every error a public function raises is a :class:`SalesMgmtError`. Each class
also derives from the builtin exception a caller would naturally catch
(``ValueError``, ``TypeError``, ``LookupError``, ``ImportError``), so code
written against the builtins keeps working.

Messages follow one form, written once in :meth:`SalesMgmtError.for_field`::

    <record>: '<field>' must be <expected> (got <repr(value)>)
    Hint: <the likely fix>

>>> from salesmgmt import ValidationError
>>> err = ValidationError.for_field(
...     "Opportunity 'O-17'", "close_date", "2025-13-01", "an ISO date YYYY-MM-DD"
... )
>>> print(err)
Opportunity 'O-17': 'close_date' must be an ISO date YYYY-MM-DD (got '2025-13-01')
>>> isinstance(err, ValueError), err.field
(True, 'close_date')
"""

from __future__ import annotations

from typing import Any, Self

__all__ = [
    "CurrencyMismatch",
    "MissingDependency",
    "PeriodError",
    "PolicyError",
    "SalesMgmtError",
    "UnknownReference",
    "ValidationError",
    "WrongType",
]

_REPR_LIMIT = 120
_NOT_GIVEN: Any = object()


def short_repr(value: object, limit: int = _REPR_LIMIT) -> str:
    """``repr(value)``, cut in the middle when longer than ``limit`` characters.

    A hostile input (a million-character string) must not produce a
    million-character message.

    >>> short_repr("x" * 1000, limit=20)
    "'xxxxxxx…xxxxxxx' (1002 characters)"
    >>> short_repr(12)
    '12'
    """
    try:
        text = repr(value)
    except Exception:  # a hostile __repr__ must not hide the real error
        text = f"<{type(value).__name__} object>"
    if len(text) <= limit:
        return text
    half = max((limit - 4) // 2, 1)
    return f"{text[:half]}…{text[-half:]} ({len(text)} characters)"


class SalesMgmtError(Exception):
    """Root of every error salesmgmt raises.

    Attributes ``record``, ``field``, ``value`` and ``expected`` are set when the
    error was built by :meth:`for_field`, so programs can react without parsing
    the message.

    >>> from salesmgmt import SalesMgmtError, PolicyError
    >>> issubclass(PolicyError, SalesMgmtError)
    True
    """

    record: str | None
    field: str | None
    value: Any
    expected: str | None

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.record = None
        self.field = None
        self.value = _NOT_GIVEN
        self.expected = None

    @classmethod
    def for_field(
        cls,
        record: str | None,
        field: str,
        value: object,
        expected: str,
        *,
        hint: str | None = None,
    ) -> Self:
        """Build the error for one bad field, in the house message form.

        Args:
            record: what holds the field: a type and its id (``"Rep 'R-1'"``),
                a function (``"allocate()"``), or ``None``.
            field: the field or argument name.
            value: the offending value; shown with ``repr()`` (shortened).
            expected: what would have been accepted, as a phrase that follows
                "must be".
            hint: an optional likely fix, printed on a second line.

        >>> print(PeriodError.for_field("Period", "end", 3, "a date", hint="Try date(2025, 1, 3)"))
        Period: 'end' must be a date (got 3)
        Hint: Try date(2025, 1, 3)
        """
        where = f"{record}: " if record else ""
        message = f"{where}'{field}' must be {expected} (got {short_repr(value)})"
        if hint:
            message += f"\nHint: {hint}"
        err = cls(message)
        err.record, err.field, err.value, err.expected = record, field, value, expected
        return err


class ValidationError(SalesMgmtError, ValueError):
    """A field or argument holds a value that is not allowed.

    Also a ``ValueError``: the value has the right type but the wrong content.
    When many records are checked at once (:func:`~salesmgmt.from_records`),
    ``problems`` lists one line per bad field.

    >>> err = ValidationError("2 of 9 rows are invalid", problems=("$[0].amount: …", "$[3].x: …"))
    >>> err.problems
    ('$[0].amount: …', '$[3].x: …')
    """

    problems: tuple[str, ...]

    def __init__(self, message: str, *, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


class WrongType(ValidationError, TypeError):
    """A value of the wrong type: a ``float`` where money is expected, a
    ``datetime`` where a ``date`` is, ``None`` where a value is required.

    Both a :class:`ValidationError` and a ``TypeError``, so ``except TypeError``
    and ``except ValidationError`` both catch it.

    >>> issubclass(WrongType, TypeError), issubclass(WrongType, ValueError)
    (True, True)
    """


class CurrencyMismatch(SalesMgmtError, ValueError):
    """Two amounts in different currencies were combined.

    A ``ValueError``: the types are right (two ``Money``), their contents
    disagree. Amounts never convert silently; use
    :func:`~salesmgmt.convert` with explicit rates.

    >>> print(CurrencyMismatch.between("USD", "EUR", record="total()"))
    total(): cannot combine USD and EUR amounts
    Hint: convert one side first with convert(money, to_currency, rates, on=...).
    """

    currencies: tuple[str, str]

    @classmethod
    def between(cls, first: str, second: str, *, record: str | None = None) -> Self:
        """The error for combining ``first`` with ``second`` (currency codes).

        >>> CurrencyMismatch.between("CNY", "USD").currencies
        ('CNY', 'USD')
        """
        where = f"{record}: " if record else ""
        err = cls(
            f"{where}cannot combine {first} and {second} amounts\n"
            "Hint: convert one side first with convert(money, to_currency, rates, on=...)."
        )
        err.record = record
        err.currencies = (first, second)
        return err


class PeriodError(SalesMgmtError, ValueError):
    """A period or date that does not exist or cannot be used: ``end`` before
    ``start``, ``2021-W53``, February 30, a date beyond year 9999.

    A ``ValueError`` (never an ``OverflowError``).

    >>> issubclass(PeriodError, ValueError)
    True
    """


class UnknownReference(SalesMgmtError, LookupError):
    """An id or key that points nowhere: a rep in no team, a stage not in the
    model, an exchange rate that was never given.

    A ``LookupError``, like ``KeyError``.

    >>> err = UnknownReference.for_field("OrgChart", "team_id", "T-9", "a known team id")
    >>> isinstance(err, LookupError)
    True
    """


class PolicyError(SalesMgmtError, ValueError):
    """A policy that contradicts itself: weights that do not sum to one, tiers
    that overlap, percentages that do not total 100.

    >>> issubclass(PolicyError, ValueError)
    True
    """


class MissingDependency(SalesMgmtError, ImportError):
    """An optional extra is needed but not installed.

    An ``ImportError``, so ``except ImportError`` keeps working.

    >>> print(MissingDependency.for_extra("BusinessCalendar.for_country()", "holidays"))
    BusinessCalendar.for_country() needs the optional package 'holidays'
    Hint: pip install 'salesmgmt[holidays]'
    """

    @classmethod
    def for_extra(cls, feature: str, extra: str, *, package: str | None = None) -> Self:
        """The error for ``feature`` needing the extra ``extra`` (whose package is
        ``package``, when its name differs).

        >>> err = MissingDependency.for_extra("frame_kpis()", "frames", package="narwhals")
        >>> str(err).splitlines()[0]
        "frame_kpis() needs the optional package 'narwhals'"
        """
        return cls(
            f"{feature} needs the optional package {package or extra!r}\n"
            f"Hint: pip install 'salesmgmt[{extra}]'"
        )
