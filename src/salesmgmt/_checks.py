"""Argument checks shared by every public function.

Each check returns the value it accepts (narrowed for the type checker) or
raises a :class:`~salesmgmt.errors.SalesMgmtError` subclass in the house form.
Domain modules call these instead of writing ``isinstance`` tests and messages
of their own, so a message for the same mistake reads the same everywhere.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

from salesmgmt.errors import PeriodError, SalesMgmtError, ValidationError, WrongType

__all__ = [
    "check_bool",
    "check_choice",
    "check_date",
    "check_int",
    "check_iterable",
    "check_str",
    "check_type",
    "iter_chunks",
    "type_name",
]

T = TypeVar("T")

#: Longest collection a public function materialises from an iterable argument.
MAX_ITEMS = 50_000_000
#: Items read at a time from an iterator argument.
CHUNK = 1 << 16


def type_name(types: type | tuple[type, ...]) -> str:
    """``'Money'`` or ``'Money or int'`` for messages.

    >>> type_name((int, str))
    'int or str'
    """
    if isinstance(types, type):
        return types.__name__
    return " or ".join(t.__name__ for t in types)


def check_type(
    value: object,
    types: type[T] | tuple[type[T], ...],
    *,
    record: str | None,
    field: str,
    expected: str | None = None,
    hint: str | None = None,
) -> T:
    """``value`` if it is an instance of ``types`` (``bool`` never counts as ``int``).

    >>> check_type(3, int, record="f()", field="n")
    3
    >>> check_type(True, int, record="f()", field="n")
    Traceback (most recent call last):
      ...
    salesmgmt.errors.WrongType: f(): 'n' must be an int (got True)
    """
    wanted = types if isinstance(types, tuple) else (types,)
    if not isinstance(value, wanted) or (isinstance(value, bool) and bool not in wanted):
        raise WrongType.for_field(
            record, field, value, expected or _article(type_name(types)), hint=hint
        )
    return value


def _article(name: str) -> str:
    return f"an {name}" if name[:1].lower() in "aeiou" else f"a {name}"


def check_int(
    value: object,
    *,
    record: str | None,
    field: str,
    min_value: int | None = None,
    max_value: int | None = None,
) -> int:
    """A plain ``int`` (not ``bool``) within the inclusive bounds given.

    >>> check_int(0, record="f()", field="n", min_value=1)
    Traceback (most recent call last):
      ...
    salesmgmt.errors.ValidationError: f(): 'n' must be an int of at least 1 (got 0)
    """
    number = check_type(value, int, record=record, field=field)
    if (min_value is not None and number < min_value) or (
        max_value is not None and number > max_value
    ):
        if min_value is not None and max_value is not None:
            expected = f"an int from {min_value} to {max_value}"
        elif min_value is not None:
            expected = f"an int of at least {min_value}"
        else:
            expected = f"an int of at most {max_value}"
        raise ValidationError.for_field(record, field, value, expected)
    return number


def check_bool(value: object, *, record: str | None, field: str) -> bool:
    """A real ``bool`` (``1`` and ``"yes"`` are refused).

    >>> check_bool(False, record="f()", field="flag")
    False
    """
    if not isinstance(value, bool):
        raise WrongType.for_field(record, field, value, "True or False")
    return value


def check_str(
    value: object, *, record: str | None, field: str, max_length: int = 200, empty_ok: bool = False
) -> str:
    """A ``str`` of at most ``max_length`` characters, non-empty unless ``empty_ok``.

    >>> check_str("", record="Rep", field="name")
    Traceback (most recent call last):
      ...
    salesmgmt.errors.ValidationError: Rep: 'name' must be a non-empty string of ... (got '')
    """
    text = check_type(value, str, record=record, field=field, expected="a string")
    if len(text) > max_length or (not text and not empty_ok):
        qualifier = "" if empty_ok else "non-empty "
        raise ValidationError.for_field(
            record, field, value, f"a {qualifier}string of at most {max_length} characters"
        )
    return text


def check_choice(
    value: object, choices: Collection[Any], *, record: str | None, field: str
) -> Any:
    """``value`` if it is one of ``choices`` (compared by equality, unhashables refused).

    >>> check_choice("fortnight", ("day", "week"), record="Period.split()", field="grain")
    Traceback (most recent call last):
      ...
    salesmgmt.errors.ValidationError: Period.split(): 'grain' must be one of 'day', 'week' ...
    """
    try:
        found = value in choices
    except TypeError:
        found = False
    if not found or isinstance(value, bool) != any(isinstance(c, bool) for c in choices):
        listed = ", ".join(repr(c) for c in choices)
        raise ValidationError.for_field(record, field, value, f"one of {listed}")
    return value


def check_date(value: object, *, record: str | None, field: str) -> dt.date:
    """A ``datetime.date`` that is not a ``datetime``.

    A ``datetime`` compares unequal to the same day's ``date`` and hides a time
    zone, so it is refused with a hint.

    >>> check_date(dt.datetime(2025, 1, 2, 9, 30), record="Period", field="start")
    Traceback (most recent call last):
      ...
    salesmgmt.errors.WrongType: Period: 'start' must be a datetime.date, not a datetime ...
    """
    if type(value) is dt.date:
        return value
    if isinstance(value, dt.datetime):
        raise WrongType.for_field(
            record,
            field,
            value,
            "a datetime.date, not a datetime",
            hint="Pass value.date() after converting to the time zone you mean.",
        )
    if isinstance(value, dt.date):  # a date subclass: accept its plain value
        return dt.date(value.year, value.month, value.day)
    hint = "Parse strings at the edge with from_records(), or use date.fromisoformat()."
    raise WrongType.for_field(
        record, field, value, "a datetime.date", hint=hint if isinstance(value, str) else None
    )


def iter_chunks(
    value: object, *, record: str | None, field: str, max_items: int = MAX_ITEMS
) -> Iterator[Sequence[Any]]:
    """Read an iterable argument (not a ``str``/``bytes``/mapping) in chunks.

    A list or tuple comes back whole, as one chunk. Any other iterable is read
    :data:`CHUNK` items at a time, so an endless iterator (``itertools.count()``)
    is refused after ``max_items`` items instead of being followed forever, and a
    one-pass KPI over a generator never holds more than a chunk. An iterator that
    raises is reported as bad input.

    >>> [len(chunk) for chunk in iter_chunks(range(5), record="f()", field="xs")]
    [5]
    """
    if isinstance(value, list | tuple):
        if len(value) > max_items:
            raise ValidationError.for_field(
                record, field, f"<{len(value)} items>", f"at most {max_items} items"
            )
        yield value
        return
    if isinstance(value, str | bytes | bytearray):
        raise WrongType.for_field(
            record, field, value, "an iterable of items (a list or tuple), not a string"
        )
    if isinstance(value, Mapping) or not isinstance(value, Iterable):
        raise WrongType.for_field(record, field, value, "an iterable of items (a list or tuple)")
    iterator = iter(value)
    seen = 0
    while True:
        try:
            chunk = tuple(itertools.islice(iterator, min(CHUNK, max_items + 1 - seen)))
        except SalesMgmtError:
            raise
        except Exception as exc:  # the caller's iterator failed: report it as bad input
            raise ValidationError.for_field(
                record, field, value, f"an iterable that can be read (reading it raised {exc!r})"
            ) from exc
        if not chunk:
            return
        seen += len(chunk)
        if seen > max_items:
            raise ValidationError.for_field(
                record, field, f"<more than {max_items} items>", f"at most {max_items} items"
            )
        yield chunk


def check_iterable(
    value: object, *, record: str | None, field: str, max_items: int = MAX_ITEMS
) -> tuple[Any, ...]:
    """Materialise an iterable argument as a tuple, by the rules of :func:`iter_chunks`.

    >>> check_iterable([1, 2], record="f()", field="xs")
    (1, 2)
    >>> check_iterable("ab", record="f()", field="xs")
    Traceback (most recent call last):
      ...
    salesmgmt.errors.WrongType: f(): 'xs' must be an iterable of items ..., not a string (got 'ab')
    """
    chunks = tuple(iter_chunks(value, record=record, field=field, max_items=max_items))
    if len(chunks) == 1:
        return tuple(chunks[0])
    return tuple(itertools.chain.from_iterable(chunks))


def period_error_for_overflow(record: str | None, field: str, value: object) -> PeriodError:
    """The :class:`PeriodError` for date arithmetic that left years 1–9999.

    >>> print(period_error_for_overflow("Period.split()", "end", "9999-12-31 + 7 days"))
    Period.split(): 'end' must be a date between 0001-01-01 and 9999-12-31 (got ...)
    """
    return PeriodError.for_field(record, field, value, "a date between 0001-01-01 and 9999-12-31")
