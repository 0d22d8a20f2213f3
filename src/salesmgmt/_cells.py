"""Strict readers for one cell at the records edge.

A *cell* is one value of a dict row, as pandas (``df.to_dict("records")``),
polars (``df.to_dicts()``), ``csv.DictReader`` (always strings) or JSON give
it. Each reader takes the cell and the field's type and returns the domain
value, or raises :class:`Refused`, which :mod:`salesmgmt.records` turns into a
house-form message once it knows the row and the column. These replace
cattrs' lenient defaults (``str(None) == "None"``, ``bool("FALSE") is True``,
``int(1.9) == 1``); the rules are documented in ``docs/records.md``.

>>> read_bool("FALSE", bool)
False
>>> read_int(1.9, int)
Traceback (most recent call last):
  ...
salesmgmt._cells.Refused: a whole number: an int, a float such as 3.0 or a string such as '-3'
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
import types
import typing
from decimal import Decimal
from typing import Any, Final

from salesmgmt._decimal import EXACT, to_decimal
from salesmgmt.errors import SalesMgmtError, WrongType

__all__ = [
    "READERS",
    "Refused",
    "is_any",
    "is_blank",
    "is_collection",
    "is_empty_text",
    "is_enum",
    "is_literal",
    "is_union",
    "read_any",
    "read_bool",
    "read_date",
    "read_decimal",
    "read_enum",
    "read_int",
    "read_literal",
    "read_str",
    "read_unsupported",
    "split_optional",
]

_INT: Final = re.compile(r"[+-]?[0-9]{1,63}", re.ASCII)
_ISO_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_PANDAS_MISSING: Final = frozenset({"NAType", "NaTType"})
_MAX_CHOICES: Final = 20


class Refused(Exception):
    """A cell a reader cannot turn into its field's type.

    Carries what :meth:`~salesmgmt.errors.SalesMgmtError.for_field` needs except
    the record and field, which only the row reader knows.

    >>> Refused("abc", "a whole number", wrong_type=False).expected
    'a whole number'
    """

    def __init__(
        self, value: object, expected: str, *, hint: str | None = None, wrong_type: bool = False
    ) -> None:
        super().__init__(expected)
        self.value = value
        self.expected = expected
        self.hint = hint
        self.wrong_type = wrong_type


def is_blank(value: object) -> bool:
    """An empty cell: ``None``, a float or Decimal NaN, pandas' ``NA`` or ``NaT``.

    >>> is_blank(float("nan")), is_blank(None), is_blank(""), is_blank(0)
    (True, True, False, False)
    """
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, Decimal):
        return value.is_nan()
    return type(value).__name__ in _PANDAS_MISSING


def is_empty_text(value: object) -> bool:
    """``""``: an empty cell only where a column may be empty (CSV writes None as "").

    >>> is_empty_text(""), is_empty_text(" ")
    (True, False)
    """
    return isinstance(value, str) and not value


def read_str(value: Any, t: Any) -> Any:
    """A ``str`` as it is; anything else (an int id ``7``, ``None``) is refused.

    >>> read_str(7, str)
    Traceback (most recent call last):
      ...
    salesmgmt._cells.Refused: a string
    """
    if t is not str:
        return _read_subclass(value, t)
    if isinstance(value, str):
        return value if type(value) is str else str.__str__(value)
    hint = None
    if isinstance(value, int | Decimal | float) and not isinstance(value, bool):
        hint = "Ids and codes are text: read the column as text (pandas: dtype=str)."
    raise Refused(value, "a string", hint=hint, wrong_type=True)


def read_int(value: Any, t: Any) -> Any:
    """An ``int``, a whole float (``3.0``: pandas' ints with gaps), a whole
    Decimal or an ASCII integer string; never truncated, never a ``bool``.

    >>> read_int("-3", int), read_int(3.0, int)
    (-3, 3)
    """
    if t is not int:
        return _read_subclass(value, t)
    if isinstance(value, bool):
        raise Refused(value, "an int, not True or False", wrong_type=True)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if (
        isinstance(value, Decimal)
        and value.is_finite()
        and value.adjusted() < 64
        and value == value.to_integral_value(context=EXACT)
    ):
        return int(value)
    if isinstance(value, str) and _INT.fullmatch(value):
        return int(value)
    numeric = isinstance(value, float | Decimal)
    raise Refused(
        value,
        "a whole number: an int, a float such as 3.0 or a string such as '-3'",
        hint="A fraction is never truncated; fix the value in your data." if numeric else None,
        wrong_type=not (numeric or isinstance(value, str)),
    )


def read_bool(value: Any, _: Any) -> bool:
    """``True``/``False`` or the strings ``"true"``/``"false"`` in any case.

    >>> read_bool("yes", bool)
    Traceback (most recent call last):
      ...
    salesmgmt._cells.Refused: True, False, or the string 'true' or 'false' in any case
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and len(value) <= len("false"):
        word = value.lower()
        if word in ("true", "false"):
            return word == "true"
    raise Refused(
        value,
        "True, False, or the string 'true' or 'false' in any case",
        hint="1, 'yes' and 'Y' are refused rather than guessed: map them to True/False first.",
        wrong_type=not isinstance(value, str),
    )


def read_decimal(value: Any, _: Any) -> Decimal:
    """An ``int``, ``Decimal`` or strict decimal string, or a float by its
    shortest repr (``0.1`` → ``Decimal('0.1')``), size-checked.

    >>> read_decimal(0.1, Decimal), read_decimal("12.30", Decimal)
    (Decimal('0.1'), Decimal('12.30'))
    """
    number = value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise Refused(value, "a finite number")
        number = Decimal(repr(value))
    try:
        return to_decimal(number, record=None, field="value")
    except SalesMgmtError as exc:
        expected = exc.expected or "a decimal number"
        raise Refused(value, expected, wrong_type=isinstance(exc, WrongType)) from None


def read_date(value: Any, t: Any) -> dt.date:
    """A ``date``, a ``YYYY-MM-DD`` string, or a datetime at exactly midnight
    without a time zone (pandas' ``Timestamp`` from ``pd.to_datetime``).

    >>> read_date("2024-02-29", dt.date), read_date(dt.datetime(2025, 1, 2), dt.date)
    (datetime.date(2024, 2, 29), datetime.date(2025, 1, 2))
    """
    if t is not dt.date:
        raise Refused(value, f"a field type records can read, not {t!r}")
    if type(value) is dt.date:
        return value
    if isinstance(value, dt.datetime):
        if (
            value.tzinfo is None
            and value.time() == dt.time()
            and getattr(value, "nanosecond", 0) == 0
        ):
            return dt.date(value.year, value.month, value.day)
        raise Refused(
            value,
            "a date, or a datetime at exactly midnight without a time zone",
            hint="Use value.date() after converting to the time zone you mean.",
            wrong_type=True,
        )
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day)
    if not isinstance(value, str):
        raise Refused(value, "a datetime.date or an ISO date string YYYY-MM-DD", wrong_type=True)
    if len(value) != len("YYYY-MM-DD") or not _ISO_DATE.fullmatch(value):
        raise Refused(value, "an ISO date string YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Refused(value, "a calendar date that exists (YYYY-MM-DD)") from None


def read_enum(value: Any, t: Any) -> Any:
    """A member of enum ``t``, found by its value (exact type) or by ``str(value)``.

    >>> import enum
    >>> class Tier(enum.Enum):
    ...     GOLD = 1
    >>> read_enum("1", Tier), read_enum(1, Tier)
    (<Tier.GOLD: 1>, <Tier.GOLD: 1>)
    """
    members = list(t)
    if isinstance(value, t):
        return value
    for member in members:
        if type(member.value) is type(value) and member.value == value:
            return member
    if isinstance(value, str) and len(value) <= 200:
        for member in members:
            if str(member.value) == value:
                return member
    listed = ", ".join(repr(m.value) for m in members[:_MAX_CHOICES])
    raise Refused(value, f"one of the {t.__name__} values {listed}")


def read_literal(value: Any, t: Any) -> Any:
    """One of the values of ``typing.Literal`` type ``t`` (a string cell may spell
    a non-string choice: ``"5"`` for ``5``).

    >>> read_literal("5", typing.Literal[4, 5]), read_literal("last", typing.Literal["last"])
    (5, 'last')
    """
    choices = typing.get_args(t)
    for choice in choices:
        if type(choice) is type(value) and choice == value:
            return choice
    if isinstance(value, str):
        for choice in choices:
            if not isinstance(choice, str) and str(choice) == value:
                return choice
    raise Refused(value, "one of " + ", ".join(repr(c) for c in choices[:_MAX_CHOICES]))


def read_any(value: Any, _: Any) -> Any:
    """The cell as it is, for fields annotated ``Any``.

    >>> read_any([1], Any)
    [1]
    """
    return value


def read_unsupported(value: Any, t: Any) -> Any:
    """Refuse a cell for a field type records never build (``float``, ``datetime``).

    >>> read_unsupported(1.5, float)
    Traceback (most recent call last):
      ...
    salesmgmt._cells.Refused: a field type records can read, not <class 'float'>
    """
    raise Refused(value, f"a field type records can read, not {t!r}")


def split_optional(t: Any) -> tuple[Any, bool]:
    """``(t without None, whether None was allowed)``.

    >>> split_optional(int | None), split_optional(str)
    ((<class 'int'>, True), (<class 'str'>, False))
    """
    if not is_union(t):
        return t, t is type(None)
    members = typing.get_args(t)
    rest = tuple(m for m in members if m is not type(None))
    inner = rest[0] if len(rest) == 1 else typing.Union[rest]  # noqa: UP007
    return inner, len(rest) < len(members)


def is_any(t: Any) -> bool:
    """Whether field type ``t`` accepts anything (``Any``, ``object``).

    >>> is_any(Any), is_any(int)
    (True, False)
    """
    return t is Any or t is object


def is_enum(t: Any) -> bool:
    """Whether ``t`` is an enum class.

    >>> is_enum(enum.Enum), is_enum(str)
    (True, False)
    """
    return isinstance(t, type) and issubclass(t, enum.Enum)


def is_literal(t: Any) -> bool:
    """Whether ``t`` is a ``typing.Literal[...]``.

    >>> is_literal(typing.Literal["a"]), is_literal(str)
    (True, False)
    """
    origin: object = typing.get_origin(t)
    return origin is typing.Literal


def is_union(t: Any) -> bool:
    """Whether ``t`` is a union (``int | None``, ``Union[int, str]``).

    >>> is_union(int | None), is_union(int)
    (True, False)
    """
    return typing.get_origin(t) in (typing.Union, types.UnionType)


def is_collection(t: Any) -> bool:
    """Whether ``t`` is a tuple or frozenset type (``tuple[int, ...]``).

    >>> is_collection(tuple[int, ...]), is_collection(frozenset), is_collection(list[int])
    (True, True, False)
    """
    return (typing.get_origin(t) or t) in (tuple, frozenset)


def _read_subclass(value: Any, t: Any) -> Any:
    """``str`` and ``int`` hooks also see their enum subclasses (``class T(str, Enum)``)."""
    if is_enum(t):
        return read_enum(value, t)
    return read_unsupported(value, t)


#: The reader for each plain class (the records converter registers them).
READERS: Final[dict[type, Any]] = {
    str: read_str,
    int: read_int,
    bool: read_bool,
    float: read_unsupported,
    bytes: read_unsupported,
    Decimal: read_decimal,
    dt.date: read_date,
}
