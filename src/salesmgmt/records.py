"""Records: salesmgmt values to and from plain dict rows.

The only module that knows dict shapes (STYLE rule 10). One private
:class:`cattrs.Converter` does the work, with strict hooks (:mod:`salesmgmt._cells`)
in place of cattrs' lenient defaults. A field holding one attrs value is
flattened into ``<field>_<subfield>`` columns (``price_amount``,
``price_currency``); tuples and frozensets of attrs values become lists of
nested dicts. Private fields (a leading underscore) and ``init=False`` fields
are not columns. Rules and the error format: ``docs/records.md``.
"""

from __future__ import annotations

import difflib
import enum
import re
import typing
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    IterableValidationError,
    IterableValidationNote,
    StructureHandlerNotFoundError,
)

from salesmgmt import _cells
from salesmgmt._cells import Refused, is_blank, is_empty_text
from salesmgmt._checks import check_iterable
from salesmgmt.errors import SalesMgmtError, ValidationError, WrongType, short_repr
from salesmgmt.money import FxRates, Money

__all__ = ["MAX_PROBLEMS", "MAX_ROWS", "from_records", "to_records"]

T = TypeVar("T")
E = TypeVar("E", bound=BaseException)
Hook = Callable[[Any, Any], Any]

#: Problem lines an aggregate error lists before "... and N more problems".
MAX_PROBLEMS: Final = 50
#: Most rows one call converts; split larger inputs into chunks.
MAX_ROWS: Final = 2_000_000

_MAX_KEY_FOR_HINT: Final = 200
_FRAME_HINT: Final = "Pass df.to_dict('records') (pandas) or df.to_dicts() (polars)."


class _Absent:
    """The value shown for a column that a row does not have."""

    def __repr__(self) -> str:
        return "<missing>"


_ABSENT: Final = _Absent()
_FAILED: Final[Any] = object()


def _is_attrs_class(t: object) -> bool:
    return isinstance(t, type) and attrs.has(t)


def _is_empty(value: object) -> bool:
    return is_blank(value) or is_empty_text(value)


def _note(exc: E, name: str, t: object) -> E:
    exc.add_note(AttributeValidationNote(f"Structuring @ attribute {name}", name, t))
    return exc


# --- the shape of a class: its columns, flattened ----------------------------------------


@attrs.frozen
class _Column:
    name: str  # the attribute
    key: str  # the column: the __init__ argument
    type: Any  # the annotation without None
    optional: bool
    has_default: bool
    raw: bool  # handed to the class's maker unread (Money.amount)
    nested: _Shape | None  # a flattened attrs value


@attrs.frozen
class _Shape:
    cls: type
    columns: tuple[_Column, ...]
    leaves: tuple[str, ...]  # the columns of a row, flattened
    keys: frozenset[str]  # every accepted key: leaves and nested-dict forms
    id_key: str | None


#: Fields read by a named constructor rather than by a hook (see _make_money).
_RAW_FIELDS: Final[Mapping[type, frozenset[str]]] = {Money: frozenset({"amount"})}


def _hints(cls: type) -> dict[str, Any]:
    try:
        return typing.get_type_hints(cls)
    except Exception as exc:  # an annotation naming something that does not exist
        raise ValidationError.for_field(
            cls.__qualname__,
            "annotations",
            getattr(cls, "__annotations__", None),
            "annotations that resolve, for records conversion",
            hint=f"typing.get_type_hints() raised {exc!r}.",
        ) from None


def _shape(cls: type, outer: tuple[type, ...] = ()) -> _Shape:
    hints = _hints(cls)
    raw = _RAW_FIELDS.get(cls, frozenset())
    columns: list[_Column] = []
    for a in attrs.fields(cls):
        if not a.init or a.name.startswith("_"):
            continue
        declared = hints.get(a.name, a.type if isinstance(a.type, type) else Any)
        inner, optional = _cells.split_optional(declared)
        nested = None
        if _is_attrs_class(inner) and inner not in (*outer, cls):  # no endless flattening
            nested = _shape(inner, (*outer, cls))
        has_default = a.default is not attrs.NOTHING
        columns.append(
            _Column(a.name, a.alias or a.name, inner, optional, has_default, a.name in raw, nested)
        )
    leaves: list[str] = []
    origins: dict[str, str] = {}
    for column in columns:
        own = [column.key]
        if column.nested is None:
            leaves.append(column.key)
        else:
            own += [f"{column.key}_{k}" for k in sorted(column.nested.keys)]
            leaves += [f"{column.key}_{leaf}" for leaf in column.nested.leaves]
        for key in own:
            if key in origins:
                raise ValidationError.for_field(
                    cls.__qualname__,
                    key,
                    key,
                    "a column name that only one field produces",
                    hint=f"'{key}' comes from both '{origins[key]}' and '{column.key}' once"
                    " attrs values are flattened into '<field>_<subfield>' columns;"
                    " rename one of the fields.",
                )
            origins[key] = column.key
    first = attrs.fields(cls)[0].name if attrs.fields(cls) else ""
    # The identity field is named after the class (Opportunity -> opportunity_id):
    # a Finding's opportunity_id is a reference, and many findings share one.
    own_id = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", cls.__name__).lower() + "_id"
    is_id = bool(columns) and columns[0].name == first == own_id
    id_key = columns[0].key if is_id else None
    return _Shape(cls, tuple(columns), tuple(leaves), frozenset(origins), id_key)


# --- structure hooks for generic types ---------------------------------------------------


def _lazy(t: Any) -> Hook:
    """A hook resolved at call time, so a class may contain itself."""
    return lambda value, _: _CONVERTER.get_structure_hook(t)(value, t)


def _hook_for(t: Any) -> Hook:
    return _lazy(t) if _is_attrs_class(t) else _CONVERTER.get_structure_hook(t)


def _union_factory(t: Any) -> Hook:
    members = [m for m in typing.get_args(t) if m is not type(None)]
    none_ok = len(members) < len(typing.get_args(t))
    hooks = [(m, _hook_for(m)) for m in members]

    def read_union(value: Any, _: Any) -> Any:
        if is_blank(value) and none_ok:
            return None
        refusals: list[Refused] = []
        for member, hook in hooks:  # the first member that reads the cell wins
            try:
                return hook(value, member)
            except Refused as exc:
                refusals.append(exc)
            except Exception:  # a nested class that cannot read it
                refusals.append(Refused(value, repr(member)))
        expected = " or ".join(r.expected for r in refusals)
        raise Refused(value, expected, wrong_type=all(r.wrong_type for r in refusals))

    return read_union


def _collection_factory(t: Any) -> Hook:
    origin = typing.get_origin(t) or t
    args = typing.get_args(t)
    variadic = not args or origin is frozenset or (len(args) == 2 and args[1] is Ellipsis)
    types_ = [args[0] if args else Any] if variadic else ([] if args == ((),) else list(args))
    hooks = [_hook_for(a) for a in types_]
    accepted: tuple[type, ...] = (
        (list, tuple) if origin is tuple else (list, tuple, set, frozenset)
    )

    def read_collection(value: Any, _: Any) -> Any:
        if not isinstance(value, accepted):
            hint = "A CSV cell cannot hold a list: load such rows from JSON or dicts."
            raise Refused(
                value, "a list", hint=hint if isinstance(value, str) else None, wrong_type=True
            )
        items: list[Any] = list(typing.cast(Iterable[Any], value))
        if not variadic and len(items) != len(types_):
            raise Refused(value, f"a list of exactly {len(types_)} items")
        out: list[Any] = []
        errors: list[Exception] = []
        for index, item in enumerate(items):
            at = 0 if variadic else index
            try:
                out.append(hooks[at](item, types_[at]))
            except Exception as exc:
                exc.add_note(IterableValidationNote(f"@ index {index}", index, types_[at]))
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"While structuring {t!r}", errors, origin)
        return origin(out)

    return read_collection


def _unsupported_factory(t: Any) -> Hook:
    raise StructureHandlerNotFoundError(
        f"records cannot build a field of type {t!r}: supported are str, int, bool,"
        " Decimal, date, enums, Literal, attrs classes, unions, tuples and frozensets",
        t,
    )


# --- attrs classes: rows in --------------------------------------------------------------


def _make_money(amount: Any, currency: Any) -> Money:
    """A float amount follows Money.from_float's rule; the rest goes to Money.of."""
    if isinstance(amount, float):
        return Money.from_float(amount, currency)
    return Money.of(amount, currency)


def _make_fx_rates(rates: tuple[tuple[Any, Any, Any, Any], ...]) -> FxRates:
    """FxRates is built from a mapping; its record lists (from, to, date, rate) rows."""
    return FxRates({(source, target, day): rate for source, target, day, rate in rates})


_MAKERS: Final[Mapping[type, Callable[..., Any]]] = {Money: _make_money, FxRates: _make_fx_rates}
#: Argument names of the makers' errors that stand for a column ("x": from_float's).
_ERROR_FIELDS: Final[Mapping[type, Mapping[str, str]]] = {
    Money: {"x": "amount", "value": "amount"}
}


class _ClassHook:
    """Builds one attrs class from a mapping whose attrs fields may be flattened."""

    def __init__(self, cls: type) -> None:
        self.shape = _shape(cls)
        self.hooks: dict[int, Hook] = {}
        self._hints: dict[str, str] = {}
        self._resolve(self.shape)

    def _resolve(self, shape: _Shape) -> None:
        for column in shape.columns:
            if column.nested is not None:
                self.hooks[id(column)] = _lazy(column.type)
                self._resolve(column.nested)
                continue
            try:
                hook = _cells.read_any if column.raw else _hook_for(column.type)
                if hook is _cells.read_unsupported:  # float, bytes: refused before any row
                    _unsupported_factory(column.type)
            except StructureHandlerNotFoundError as exc:
                raise ValidationError.for_field(
                    shape.cls.__qualname__,
                    column.key,
                    column.type,
                    "a field type that records can build",
                    hint=str(exc),
                ) from None
            self.hooks[id(column)] = hook

    def __call__(self, value: Any, _: Any = None) -> Any:
        cls = self.shape.cls
        if isinstance(value, cls):
            return value
        if not isinstance(value, Mapping):
            hint = _FRAME_HINT if type(value).__name__ == "DataFrame" else None
            expected = "a mapping of column names to values (a dict)"
            raise Refused(value, expected, hint=hint, wrong_type=True)
        errors = [self._unknown(key) for key in value if key not in self.shape.keys]
        built = self._build(self.shape, value, "", errors)
        if errors:
            raise ClassValidationError(f"While structuring {cls.__name__}", errors, cls)
        return built

    def _unknown(self, key: object) -> Exception:
        name = key if isinstance(key, str) else short_repr(key)
        hint = self._hints.get(name)
        if hint is None:
            match = []
            if len(name) <= _MAX_KEY_FOR_HINT:
                match = difflib.get_close_matches(name, sorted(self.shape.keys), n=1)
            known = ", ".join(repr(k) for k in self.shape.leaves[:12])
            hint = f"Did you mean {match[0]!r}?" if match else f"The columns are {known}."
            if len(self._hints) < 1000 and len(name) <= _MAX_KEY_FOR_HINT:
                self._hints[name] = hint
        exc = Refused(key, f"a column of {self.shape.cls.__name__}", hint=hint)
        return _note(exc, name, None)

    def _build(
        self, shape: _Shape, row: Mapping[Any, Any], prefix: str, errors: list[Exception]
    ) -> Any:
        kwargs: dict[str, Any] = {}
        before = len(errors)
        for column in shape.columns:
            key = prefix + column.key
            read = self._cell if column.nested is None else self._nested
            value = read(column, row, key, errors)
            if value is not _FAILED and value is not _ABSENT:
                kwargs[column.key] = value
        if len(errors) > before:
            return _FAILED
        try:
            return _MAKERS.get(shape.cls, shape.cls)(**kwargs)
        except Exception as exc:  # a validator's error, noted at its column when it names one
            field = exc.field if isinstance(exc, SalesMgmtError) else None
            keys = {c.name: c.key for c in shape.columns} | {c.key: c.key for c in shape.columns}
            keys |= _ERROR_FIELDS.get(shape.cls, {})
            if isinstance(field, str) and field in keys:
                _note(exc, prefix + keys[field], shape.cls)
            elif prefix:
                _note(exc, prefix[:-1], shape.cls)
            errors.append(exc)
            return _FAILED

    def _missing(self, column: _Column, key: str, value: object, errors: list[Exception]) -> Any:
        """An absent column or an empty cell: the default, None, or an error."""
        if column.has_default and (value is _ABSENT or not column.optional):
            return _ABSENT  # attrs applies the default
        if column.optional:
            return None
        hint = "pandas shows an empty cell as nan." if isinstance(value, float) else None
        expected = "given: the column is required" if value is _ABSENT else "a value, not empty"
        errors.append(_note(Refused(value, expected, hint=hint), key, column.type))
        return _FAILED

    def _cell(
        self, column: _Column, row: Mapping[Any, Any], key: str, errors: list[Exception]
    ) -> Any:
        if key not in row:
            return self._missing(column, key, _ABSENT, errors)
        value = row[key]
        if is_blank(value) or (is_empty_text(value) and (column.optional or column.has_default)):
            return self._missing(column, key, value, errors)
        try:
            return self.hooks[id(column)](value, column.type)
        except Exception as exc:
            errors.append(_note(exc, key, column.type))
            return _FAILED

    def _nested(
        self, column: _Column, row: Mapping[Any, Any], key: str, errors: list[Exception]
    ) -> Any:
        """A flattened attrs field: its columns, or one nested dict under ``key``."""
        shape = typing.cast(_Shape, column.nested)
        flat = [k for k in (f"{key}_{leaf}" for leaf in shape.leaves) if k in row]
        filled = [k for k in flat if not _is_empty(row[k])]
        given = key in row and not is_blank(row[key])
        if given and filled:
            listed = ", ".join(repr(k) for k in filled)
            exc = Refused(row[key], f"given once: either as '{key}' or as the columns {listed}")
            errors.append(_note(exc, key, column.type))
            return _FAILED
        if given:
            return self._cell(column, row, key, errors)
        required = not (column.optional or column.has_default)
        if filled or (required and (flat or key not in row)):
            return self._build(shape, row, key + "_", errors)  # each column reports itself
        blank = row[key] if key in row else (row[flat[0]] if flat else _ABSENT)
        return self._missing(column, key, blank, errors)


# --- attrs classes: rows out -------------------------------------------------------------


def _unstructure_factory(cls: type) -> Callable[[Any], dict[str, Any]]:
    shape = _shape(cls)

    def unstructure(obj: Any) -> dict[str, Any]:
        row: dict[str, Any] = {}
        _flatten(shape, obj, "", row)
        return row

    return unstructure


def _flatten(shape: _Shape, obj: Any, prefix: str, row: dict[str, Any]) -> None:
    for column in shape.columns:
        value = None if obj is None else getattr(obj, column.name)
        key = prefix + column.key
        if column.nested is not None and (value is None or isinstance(value, column.nested.cls)):
            _flatten(column.nested, value, key + "_", row)
        else:
            row[key] = _CONVERTER.unstructure(value)


def _unstructure_items(items: Iterable[Any]) -> list[Any]:
    return [_CONVERTER.unstructure(item) for item in items]


def _unstructure_set(items: frozenset[Any] | set[Any]) -> list[Any]:
    try:
        ordered = sorted(items)
    except Exception:  # elements without an order keep the set's own order
        ordered = list(items)
    return _unstructure_items(ordered)


def _unstructure_mapping(mapping: Mapping[Any, Any]) -> dict[Any, Any]:
    return {
        (k.value if isinstance(k, enum.Enum) else k): _CONVERTER.unstructure(v)
        for k, v in mapping.items()
    }


def _unstructure_scalar(value: Any) -> Any:
    """An enum member (also a ``str``/``int`` one) as its value; other text as it is."""
    return _CONVERTER.unstructure(value.value) if isinstance(value, enum.Enum) else value


def _new_converter() -> cattrs.Converter:
    conv = cattrs.Converter(structure_fallback_factory=_unsupported_factory)
    # Function hooks: the newest registered is tried first, so the catch-all goes first.
    conv.register_structure_hook_factory(lambda t: True, _unsupported_factory)
    conv.register_structure_hook_func(_cells.is_any, _cells.read_any)
    conv.register_structure_hook_func(_cells.is_enum, _cells.read_enum)
    conv.register_structure_hook_func(_cells.is_literal, _cells.read_literal)
    conv.register_structure_hook_factory(_cells.is_collection, _collection_factory)
    conv.register_structure_hook_factory(_cells.is_union, _union_factory)
    conv.register_structure_hook_factory(_is_attrs_class, _ClassHook)
    # Class hooks replace cattrs' lenient str(x), int(x), float(x) calls.
    for cls, hook in _cells.READERS.items():
        conv.register_structure_hook(cls, hook)
    conv.register_unstructure_hook_factory(_is_attrs_class, _unstructure_factory)
    conv.register_unstructure_hook(enum.Enum, _unstructure_scalar)
    conv.register_unstructure_hook(str, _unstructure_scalar)
    for cls, out in (
        (tuple, _unstructure_items),
        (list, _unstructure_items),
        (frozenset, _unstructure_set),
        (set, _unstructure_set),
        (dict, _unstructure_mapping),
    ):
        conv.register_unstructure_hook(cls, out)
    return conv


_CONVERTER: Final = _new_converter()


# --- the public functions ----------------------------------------------------------------


def to_records(values: object) -> list[dict[str, Any]]:
    """Turn one salesmgmt value, or an iterable of them, into plain dict rows.

    Always returns a list (one value gives a one-element list), ready for
    ``pandas.DataFrame(rows)``, ``polars.DataFrame(rows)`` or
    ``csv.DictWriter``. A ``Money`` is ``{"amount": Decimal, "currency": str}``
    and a ``Period`` is ``{"start": date, "end": date}``; inside another value
    they become the flat columns ``<field>_amount``/``<field>_currency`` and
    ``<field>_start``/``<field>_end``. Decimals stay exact ``Decimal`` values.

    Args:
        values: an attrs value (``Money``, ``Period``, any result object), or an
            iterable of them (at most :data:`MAX_ROWS`).

    Raises:
        WrongType: ``values`` (or one of its items) is not an attrs value: a
            dict, a string, a number.
        ValidationError: a class whose flattened column names collide (a field
            ``price: Money`` next to a field ``price_amount``).

    >>> import datetime as dt
    >>> from salesmgmt import Money, Period, to_records
    >>> to_records(Money.of("12.30", "USD"))
    [{'amount': Decimal('12.30'), 'currency': 'USD'}]
    >>> to_records([Period(dt.date(2025, 1, 1), dt.date(2025, 3, 31))])
    [{'start': datetime.date(2025, 1, 1), 'end': datetime.date(2025, 3, 31)}]
    >>> to_records({"amount": "1"})
    Traceback (most recent call last):
      ...
    salesmgmt.errors.WrongType: to_records(): 'values' must be an attrs value such as Money
    or Period, or an iterable of them (got {'amount': '1'})
    Hint: to_records() turns salesmgmt values into dicts; this is already a mapping.
    """
    record = "to_records()"
    expected = "an attrs value such as Money or Period, or an iterable of them"
    if _is_attrs_class(type(values)):
        items: tuple[Any, ...] = (values,)
    elif isinstance(values, Mapping):
        hint = "to_records() turns salesmgmt values into dicts; this is already a mapping."
        raise WrongType.for_field(record, "values", values, expected, hint=hint)
    elif isinstance(values, str | bytes | bytearray) or not isinstance(values, Iterable):
        not_class = "Pass an instance, not the class." if _is_attrs_class(values) else None
        raise WrongType.for_field(record, "values", values, expected, hint=not_class)
    else:
        items = check_iterable(values, record=record, field="values", max_items=MAX_ROWS)
    rows: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        if not _is_attrs_class(type(item)):
            raise WrongType.for_field(
                record, f"values[{index}]", item, "an attrs value such as Money or Period"
            )
        try:
            rows.append(_CONVERTER.unstructure(item))
        except RecursionError:
            raise ValidationError.for_field(
                record, f"values[{index}]", item, "a value nested less deeply"
            ) from None
    return rows


def from_records(cls: type[T], rows: Iterable[Mapping[str, Any]]) -> list[T]:
    """Build values of class ``cls`` from dict rows, strictly; the inverse of :func:`to_records`.

    Reads pandas' ``df.to_dict("records")``, polars' ``df.to_dicts()``,
    ``csv.DictReader`` rows (all strings) and parsed JSON, in the flat columns
    :func:`to_records` writes (``price_amount``) or as nested dicts
    (``{"price": {"amount": ..., "currency": ...}}``). Cells are read strictly:
    ``"FALSE"`` is False, ``1.9`` for an int and ``7`` for a string are refused,
    a float amount must fit the currency's minor units, a datetime is accepted
    only at midnight without a time zone. ``None``, NaN and pandas' ``NA``/``NaT``
    are an empty cell: an optional field becomes ``None``, a field with a
    default gets it, a required field is an error. When the class's first field
    is its own id, named after the class (``Opportunity.opportunity_id``,
    ``Rep.rep_id``), two rows with the same id are refused, naming both rows.
    The full rules are in ``docs/records.md``.

    Args:
        cls: an attrs class (``Money``, ``Period``, a result class).
        rows: an iterable of mappings, at most :data:`MAX_ROWS`.

    Returns:
        The values, in the order of ``rows``.

    Raises:
        WrongType: ``cls`` is not an attrs class or ``rows`` is not an iterable
            of rows; also the aggregate error when every problem is a wrong type.
        ValidationError: one error for all bad rows. The message starts with
            ``"N of M rows are invalid:"``; ``.problems`` holds one line per
            problem, ``$[row].column: message`` (rows counted from 0), at most
            :data:`MAX_PROBLEMS` lines and then ``"... and N more problems"``.

    >>> from salesmgmt import Money, from_records
    >>> rows = [{"amount": "12.3", "currency": "USD"}, {"amount": 5, "currency": "JPY"}]
    >>> from_records(Money, rows)
    [Money('12.30', 'USD'), Money('5', 'JPY')]
    >>> from_records(Money, [{"amount": "1", "currency": "USD"}, {"amout": 1, "currency": None}])
    Traceback (most recent call last):
      ...
    salesmgmt.errors.ValidationError: 1 of 2 rows are invalid:
    $[1].amout: Money: 'amout' must be a column of Money (got 'amout') Hint: Did you mean 'amount'?
    $[1].amount: Money: 'amount' must be given: the column is required (got <missing>)
    $[1].currency: Money: 'currency' must be a value, not empty (got None)
    Hint: rows are numbered from 0 in the order given, like pandas' default index.
    """
    if not _is_attrs_class(cls):
        raise WrongType.for_field(
            "from_records()",
            "cls",
            cls,
            "an attrs class such as Money or Period",
            hint="Pass the class itself: from_records(Money, rows)."
            if attrs.has(type(cls))
            else None,
        )
    hook = typing.cast(_ClassHook, _CONVERTER.get_structure_hook(cls))
    items = _rows(rows)
    report = _Report(len(items))
    built: list[T] = []
    seen: dict[Any, int] = {}
    id_key = hook.shape.id_key
    for index, row in enumerate(items):
        try:
            value = hook(row)
        except Exception as exc:
            report.add(index, exc, _record_name(hook.shape, row))
            continue
        if id_key is not None:
            ident = getattr(value, hook.shape.columns[0].name)
            try:
                first = seen.setdefault(ident, index)
            except TypeError:  # an unhashable id cannot be compared; the domain checks it
                first = index
            if first != index:
                report.add_duplicate(index, first, id_key, ident, _record_name(hook.shape, row))
                continue
        built.append(value)
    if report.bad_rows:
        raise report.error()
    return built


def _rows(rows: object) -> tuple[Any, ...]:
    record = "from_records()"
    if isinstance(rows, Mapping):
        raise WrongType.for_field(
            record,
            "rows",
            rows,
            "an iterable of rows (a list of dicts), not a single mapping",
            hint="Wrap one row in a list: from_records(cls, [row]).",
        )
    if type(rows).__name__ in ("DataFrame", "LazyFrame"):
        raise WrongType.for_field(
            record, "rows", rows, "an iterable of rows (a list of dicts)", hint=_FRAME_HINT
        )
    return check_iterable(rows, record=record, field="rows", max_items=MAX_ROWS)


def _record_name(shape: _Shape, row: object) -> str:
    name = shape.cls.__name__
    if shape.id_key is not None and isinstance(row, Mapping):
        try:
            ident = row.get(shape.id_key)
        except Exception:  # a hostile mapping: name the class only
            ident = None
        if isinstance(ident, str) and 0 < len(ident) <= 60:
            return f"{name} {ident!r}"
    return name


class _Report:
    """Collects the problems of every bad row into one capped error."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.bad_rows = 0
        self.count = 0
        self.wrong_types_only = True
        self.lines: list[str] = []
        self._found: list[BaseException] = []

    def _token(self, exc: BaseException, _: object) -> str:
        self._found.append(exc)
        return str(len(self._found) - 1)

    def add(self, index: int, exc: BaseException, record: str) -> None:
        self.bad_rows += 1
        root = f"$[{index}]"
        self._found.clear()
        paths = [
            line.split(" @ ", 1)[1] for line in cattrs.transform_error(exc, root, self._token)
        ]
        for found, path in zip(self._found, paths, strict=True):
            self.count += 1
            self.wrong_types_only &= isinstance(found, TypeError) or (
                isinstance(found, Refused) and found.wrong_type
            )
            if len(self.lines) < MAX_PROBLEMS:
                self.lines.append(_line(found, path, path[len(root) :].lstrip("."), record))

    def add_duplicate(self, index: int, first: int, key: str, ident: object, record: str) -> None:
        self.bad_rows += 1
        self.count += 1
        self.wrong_types_only = False
        if len(self.lines) < MAX_PROBLEMS:
            err = ValidationError.for_field(
                record,
                key,
                ident,
                "unique across rows",
                hint=f"rows {first} and {index} both have {key}={short_repr(ident)}.",
            )
            self.lines.append(_line(err, f"$[{index}].{key}", key, record))

    def error(self) -> ValidationError:
        problems = list(self.lines)
        if self.count > len(problems):
            problems.append(f"... and {self.count - len(problems)} more problems")
        message = "\n".join(
            [
                f"{self.bad_rows} of {self.total} rows are invalid:",
                *problems,
                "Hint: rows are numbered from 0 in the order given, like pandas' default index.",
            ]
        )
        kind = WrongType if self.wrong_types_only else ValidationError
        return kind(message, problems=tuple(problems))


def _line(exc: BaseException, path: str, field: str, record: str) -> str:
    if isinstance(exc, Refused):
        kind = WrongType if exc.wrong_type else ValidationError
        text = str(kind.for_field(record, field or "row", exc.value, exc.expected, hint=exc.hint))
    elif isinstance(exc, SalesMgmtError):
        text = str(exc)
    else:  # an error from a class outside salesmgmt: its own words
        text = f"{type(exc).__name__}: {str(exc)[:300]}"
    return f"{path}: " + " ".join(text.splitlines())
