"""Tests for salesmgmt.records: to_records / from_records and the strict cell rules.

The small attrs classes below stand in for later domain classes (Opportunity,
Rep, ...): the converter is generic over attrs classes with annotations. The
strategy ``deals()`` is private to this module; Money, Period, FxRates and the
calendars use :mod:`salesmgmt.strategies`.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import enum
import io
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Literal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesmgmt import (
    BusinessCalendar,
    FiscalCalendar,
    FxRates,
    Money,
    Period,
    SalesMgmtError,
    ValidationError,
    WrongType,
    from_records,
    to_records,
)
from salesmgmt import strategies as sms
from salesmgmt.records import MAX_PROBLEMS

# --- stand-in domain classes -------------------------------------------------------------


class Stage(enum.Enum):
    OPEN = "open"
    WON = "won"


class Priority(enum.IntEnum):
    LOW = 1
    HIGH = 2


@attrs.frozen
class Deal:
    """Every scalar kind the edge reads, plus two flattened values (CSV-friendly)."""

    deal_id: str
    price: Money
    closed_on: dt.date | None
    won: bool
    count: int
    note: str | None
    period: Period
    stage: Stage = Stage.OPEN
    priority: Priority = Priority.LOW
    discount: Money | None = None
    rate: Decimal = Decimal("0")


@attrs.frozen
class Line:
    sku: str
    qty: int


@attrs.frozen
class Order:
    """Collections: tuples of attrs values, frozensets, a fixed tuple, a Literal."""

    order_id: str
    lines: tuple[Line, ...]
    tags: frozenset[str] = frozenset()
    point: tuple[int, str] = (0, "")
    kind: Literal["new", "renewal"] = "new"
    size: int | str | None = None


@attrs.frozen
class Node:
    """A class that contains itself (an org chart)."""

    node_id: str
    children: tuple[Node, ...] = ()
    parent: Node | None = None


@attrs.frozen
class Clash:
    price: Money
    price_amount: Decimal


@attrs.frozen
class Floaty:
    share: float


@attrs.frozen
class Picky:
    """A class outside salesmgmt whose validator raises a plain TypeError."""

    n: int = attrs.field(validator=attrs.validators.lt(10))


def _deal(**changes: Any) -> Deal:
    base = Deal(
        deal_id="D-1",
        price=Money.of("12.30", "USD"),
        closed_on=dt.date(2025, 1, 31),
        won=True,
        count=3,
        note=None,
        period=Period(dt.date(2025, 1, 1), dt.date(2025, 3, 31)),
    )
    return attrs.evolve(base, **changes)


def _row(**changes: Any) -> dict[str, Any]:
    row = to_records(_deal())[0]
    row.update(changes)
    return row


def _problems(call: Callable[[], object]) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        call()
    assert not isinstance(info.value, BaseExceptionGroup)
    return info.value


# --- strategies (private: move to salesmgmt.strategies if other modules need them) -----

_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\x00\r"), min_size=1, max_size=20)


def deals() -> st.SearchStrategy[Deal]:
    # st.builds of strategies built once: a composite that builds its strategies on
    # every draw spends most of its time validating them.
    return st.builds(
        Deal,
        deal_id=_TEXT,
        price=sms.moneys(currencies=sms.currencies()),
        closed_on=st.none() | sms.dates(),
        won=st.booleans(),
        count=st.integers(-(10**12), 10**12),
        note=st.none() | _TEXT,
        period=sms.periods(),
        stage=st.sampled_from(Stage),
        priority=st.sampled_from(Priority),
        discount=st.none() | sms.moneys(currencies=st.just("USD")),
        rate=st.decimals(min_value=-(10**6), max_value=10**6, places=4),
    )


def _via_csv(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))


def _via_json(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return json.loads(json.dumps(rows, default=str))  # type: ignore[no-any-return]


# --- to_records --------------------------------------------------------------------------


class TestToRecords:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            # The contract's shapes (issue 3: "a Money as a record is {amount, currency}").
            (Money.of("12.3", "USD"), [{"amount": Decimal("12.30"), "currency": "USD"}]),
            (Money.of(5, "JPY"), [{"amount": Decimal("5"), "currency": "JPY"}]),
            (
                Period(dt.date(2024, 2, 29), dt.date(2024, 3, 1)),
                [{"start": dt.date(2024, 2, 29), "end": dt.date(2024, 3, 1)}],
            ),
            ([], []),
            (
                [Money.of("1", "EUR"), Money.of("2", "KWD")],
                [
                    {"amount": Decimal("1.00"), "currency": "EUR"},
                    {"amount": Decimal("2.000"), "currency": "KWD"},
                ],
            ),
            # checked by hand: Money and Period fields flatten to <field>_<subfield>,
            # None fills both discount columns, enums give their values.
            (
                _deal(),
                [
                    {
                        "deal_id": "D-1",
                        "price_amount": Decimal("12.30"),
                        "price_currency": "USD",
                        "closed_on": dt.date(2025, 1, 31),
                        "won": True,
                        "count": 3,
                        "note": None,
                        "period_start": dt.date(2025, 1, 1),
                        "period_end": dt.date(2025, 3, 31),
                        "stage": "open",
                        "priority": 1,
                        "discount_amount": None,
                        "discount_currency": None,
                        "rate": Decimal("0"),
                    }
                ],
            ),
            # tuples of attrs values become lists of dicts; frozensets are sorted lists.
            (
                Order("O-1", (Line("A", 2), Line("B", 1)), frozenset({"z", "a"}), (3, "x")),
                [
                    {
                        "order_id": "O-1",
                        "lines": [{"sku": "A", "qty": 2}, {"sku": "B", "qty": 1}],
                        "tags": ["a", "z"],
                        "point": [3, "x"],
                        "kind": "new",
                        "size": None,
                    }
                ],
            ),
            (
                FxRates({("EUR", "USD", dt.date(2025, 1, 1)): Decimal("1.0350")}),
                [{"rates": [["EUR", "USD", dt.date(2025, 1, 1), Decimal("1.0350")]]}],
            ),
            (
                BusinessCalendar(holidays=[dt.date(2025, 5, 1)]),
                [{"weekend": [5, 6], "holidays": [dt.date(2025, 5, 1)], "extra_workdays": []}],
            ),
        ],
    )
    def test_worked_examples(self, value: object, expected: list[dict[str, Any]]) -> None:
        assert to_records(value) == expected

    def test_decimals_stay_exact_decimals(self) -> None:
        [row] = to_records(Money.of("0.10", "USD"))
        assert type(row["amount"]) is Decimal
        assert row["amount"].as_tuple() == Decimal("0.10").as_tuple()

    def test_accepts_any_iterable_and_keeps_order(self) -> None:
        moneys = (Money.of(n, "USD") for n in (3, 1, 2))
        assert [r["amount"] for r in to_records(moneys)] == [3, 1, 2]

    def test_a_class_that_contains_itself_nests_instead_of_flattening(self) -> None:
        tree = Node("N-1", (Node("N-2"),), parent=Node("N-0"))
        assert to_records(tree) == [
            {
                "node_id": "N-1",
                "children": [{"node_id": "N-2", "children": [], "parent": None}],
                "parent": {"node_id": "N-0", "children": [], "parent": None},
            }
        ]
        assert from_records(Node, to_records(tree)) == [tree]
        assert from_records(Node, _via_json(to_records(tree))) == [tree]

    @pytest.mark.parametrize(
        "value",
        [
            3,
            "USD",
            b"x",
            None,
            1.5,
            {"amount": "1", "currency": "USD"},
            Money,
            [Money.of(1, "USD"), 1],
        ],
    )
    def test_non_attrs_input_is_a_wrong_type(self, value: object) -> None:
        with pytest.raises(WrongType) as info:
            to_records(value)
        assert "to_records()" in str(info.value)

    def test_a_class_instead_of_an_instance_gets_a_hint(self) -> None:
        with pytest.raises(WrongType, match="Pass an instance, not the class"):
            to_records(Money)

    def test_a_column_name_collision_names_the_class(self) -> None:
        clash = Clash(Money.of(1, "USD"), Decimal(1))
        with pytest.raises(ValidationError, match=r"(?s)Clash: 'price_amount' .*rename one"):
            to_records(clash)
        with pytest.raises(ValidationError, match="Clash"):
            from_records(Clash, [])

    @given(st.lists(sms.moneys(), max_size=5))
    def test_one_row_per_value_in_order(self, values: list[Money]) -> None:
        rows = to_records(values)
        assert [(r["amount"], r["currency"]) for r in rows] == [
            (m.amount, m.currency) for m in values
        ]


# --- from_records: the cells -------------------------------------------------------------


def _read(**changes: Any) -> Deal:
    [deal] = from_records(Deal, [_row(**changes)])
    return deal


class TestCellRules:
    """Each row of the table is checked by hand against docs/records.md's rules."""

    @pytest.mark.parametrize(
        ("column", "cell", "attribute", "expected"),
        [
            # bool: True/False and "true"/"false" in any case (issue 3: "FALSE" is False).
            ("won", "FALSE", "won", False),
            ("won", "false", "won", False),
            ("won", "True", "won", True),
            ("won", False, "won", False),
            # int: ints, whole floats (pandas' int column with gaps), integer strings.
            ("count", 3.0, "count", 3),
            ("count", "-12", "count", -12),
            ("count", Decimal("7.000"), "count", 7),
            # str: kept as given, including the literal text "None".
            ("note", "None", "note", "None"),
            ("note", None, "note", None),
            ("note", float("nan"), "note", None),
            ("note", "", "note", None),
            # dates: ISO strings; pandas' midnight Timestamp (a naive datetime at 00:00).
            ("closed_on", "2024-02-29", "closed_on", dt.date(2024, 2, 29)),
            ("closed_on", dt.datetime(2025, 1, 2), "closed_on", dt.date(2025, 1, 2)),
            ("closed_on", None, "closed_on", None),
            ("closed_on", "", "closed_on", None),
            # Decimals: a float by its shortest repr, 0.1 -> Decimal('0.1').
            ("rate", 0.1, "rate", Decimal("0.1")),
            ("rate", "0.0825", "rate", Decimal("0.0825")),
            ("rate", 7, "rate", Decimal(7)),
            ("rate", float("nan"), "rate", Decimal("0")),  # NaN: empty, the default applies
            # Money: a float amount fits the currency (0.1 + 0.2 USD is 0.30).
            ("price_amount", 0.1 + 0.2, "price", Money.of("0.30", "USD")),
            ("price_amount", 12, "price", Money.of("12.00", "USD")),
            # enums by value; a CSV string spells an int value.
            ("stage", "won", "stage", Stage.WON),
            ("priority", "2", "priority", Priority.HIGH),
            ("priority", 2, "priority", Priority.HIGH),
            ("discount_amount", None, "discount", None),
        ],
    )
    def test_accepted(self, column: str, cell: object, attribute: str, expected: object) -> None:
        assert getattr(_read(**{column: cell}), attribute) == expected

    @pytest.mark.parametrize(
        ("column", "cell", "message"),
        [
            ("won", "yes", "'won' must be True, False, or the string 'true' or 'false'"),
            ("won", 1, "'won' must be True, False"),
            ("won", "1", "'won' must be True, False"),
            ("won", None, "'won' must be a value, not empty (got None)"),
            ("count", 1.9, "'count' must be a whole number"),
            ("count", True, "'count' must be an int, not True or False"),
            ("count", "3.0", "'count' must be a whole number"),
            ("count", "1e3", "'count' must be a whole number"),
            ("count", "٣", "'count' must be a whole number"),
            ("count", float("inf"), "'count' must be a whole number"),
            ("deal_id", 7, "'deal_id' must be a string (got 7) Hint: Ids and codes are text"),
            ("deal_id", None, "'deal_id' must be a value, not empty (got None)"),
            ("closed_on", "2025-1-2", "must be an ISO date string YYYY-MM-DD"),
            ("closed_on", "2025-02-30", "must be a calendar date that exists"),
            ("closed_on", dt.datetime(2025, 1, 2, 9, 30), "at exactly midnight"),
            ("closed_on", dt.datetime(2025, 1, 2, tzinfo=dt.UTC), "without a time zone"),
            ("closed_on", 20250102, "must be a datetime.date or an ISO date string"),
            ("rate", "1e3", "'rate' must be a decimal string"),
            ("rate", "1,000.00", "'rate' must be a decimal string"),
            ("rate", float("inf"), "'rate' must be a finite number"),
            ("price_amount", 1.005, "Money.from_float(): 'x' must be a float within 4 ulp"),
            ("price_amount", "abc", "Money.of(): 'amount' must be a decimal string"),
            ("price_amount", float("nan"), "'price_amount' must be a value, not empty (got nan)"),
            ("price_currency", "usd", "Money.of(): 'currency' must be a known ISO 4217"),
            ("stage", "WON", "'stage' must be one of the Stage values 'open', 'won'"),
            ("period_end", "2024-12-31", "Period: 'end' must be on or after start"),
        ],
    )
    def test_refused(self, column: str, cell: object, message: str) -> None:
        err = _problems(lambda: from_records(Deal, [_row(**{column: cell})]))
        [line] = err.problems
        assert line.startswith(f"$[0].{column}: ")
        assert message in line

    def test_a_midnight_timestamp_subclass_becomes_a_date(self) -> None:
        class Timestamp(dt.datetime):  # pandas' Timestamp is a datetime subclass
            nanosecond = 0

        assert _read(closed_on=Timestamp(2025, 1, 2)).closed_on == dt.date(2025, 1, 2)
        assert type(_read(closed_on=Timestamp(2025, 1, 2)).closed_on) is dt.date

    def test_pandas_missing_values_are_empty_cells(self) -> None:
        class NAType:  # pandas.NA's type name; detected without importing pandas
            pass

        class NaTType:
            pass

        deal = _read(note=NAType(), closed_on=NaTType())
        assert (deal.note, deal.closed_on) == (None, None)

    def test_nested_dicts_and_values_are_accepted(self) -> None:
        row = _row()
        for key in ("price_amount", "price_currency", "period_start", "period_end"):
            del row[key]
        row["price"] = {"amount": "12.30", "currency": "USD"}
        row["period"] = Period(dt.date(2025, 1, 1), dt.date(2025, 3, 31))
        assert from_records(Deal, [row]) == [_deal()]

    def test_nested_and_flat_forms_together_are_refused(self) -> None:
        row = _row(price={"amount": "1", "currency": "USD"})
        err = _problems(lambda: from_records(Deal, [row]))
        assert err.problems == (
            (
                "$[0].price: Deal 'D-1': 'price' must be given once: either as 'price' or as"
                " the columns 'price_amount', 'price_currency'"
                " (got {'amount': '1', 'currency': 'USD'})"
            ),
        )

    def test_nested_dict_errors_have_nested_paths(self) -> None:
        row = _row()
        for key in ("price_amount", "price_currency"):
            del row[key]
        row["price"] = {"amount": "1", "curency": "USD"}
        err = _problems(lambda: from_records(Deal, [row]))
        assert [p.split(":")[0] for p in err.problems] == [
            "$[0].price.curency",
            "$[0].price.currency",
        ]

    def test_an_optional_money_with_half_its_columns_is_refused(self) -> None:
        err = _problems(lambda: from_records(Deal, [_row(discount_amount="5")]))
        assert err.problems[0].startswith("$[0].discount_currency: ")

    def test_a_required_value_with_no_columns_reports_each_column(self) -> None:
        row = _row()
        del row["period_start"], row["period_end"]
        err = _problems(lambda: from_records(Deal, [row]))
        assert [p.split(":")[0] for p in err.problems] == ["$[0].period_start", "$[0].period_end"]
        assert "must be given: the column is required (got <missing>)" in err.problems[0]

    def test_absent_columns_with_defaults_get_them(self) -> None:
        row = _row()
        for key in ("stage", "priority", "discount_amount", "discount_currency", "rate"):
            del row[key]
        assert from_records(Deal, [row]) == [_deal()]

    def test_collections_literals_and_unions(self) -> None:
        rows: list[dict[str, Any]] = [
            {"order_id": "O-1", "lines": [{"sku": "A", "qty": "2"}], "tags": ["b", "a", "b"]},
            {"order_id": "O-2", "lines": [], "point": [4, "y"], "kind": "renewal", "size": "9"},
            {"order_id": "O-3", "lines": (), "size": "XL"},
        ]
        assert from_records(Order, rows) == [
            Order("O-1", (Line("A", 2),), frozenset({"a", "b"})),
            Order("O-2", (), point=(4, "y"), kind="renewal", size=9),
            Order("O-3", (), size="XL"),
        ]

    @pytest.mark.parametrize(
        ("changes", "path", "message"),
        [
            ({"lines": "A,B"}, "$[0].lines", "A CSV cell cannot hold a list"),
            ({"lines": [{"sku": "A", "qty": 1.5}]}, "$[0].lines[0].qty", "whole number"),
            ({"lines": [None]}, "$[0].lines[0]", "must be a mapping of column names"),
            ({"point": [1]}, "$[0].point", "a list of exactly 2 items"),
            ({"kind": "upsell"}, "$[0].kind", "must be one of 'new', 'renewal'"),
            ({"size": 1.5}, "$[0].size", "a whole number: an int, a float such as 3.0 or a"),
        ],
    )
    def test_collection_errors(self, changes: dict[str, Any], path: str, message: str) -> None:
        row = {"order_id": "O-1", "lines": []} | changes
        [line] = _problems(lambda: from_records(Order, [row])).problems
        assert line.startswith(f"{path}: Order 'O-1': ")
        assert message in line

    def test_unsupported_field_types_are_refused_before_any_row(self) -> None:
        with pytest.raises(ValidationError, match=r"^Floaty: 'share' must be a field type"):
            from_records(Floaty, [])
        assert to_records(Floaty(0.5)) == [{"share": 0.5}]  # writing needs no reader

    def test_errors_from_classes_outside_salesmgmt_keep_their_words(self) -> None:
        [line] = _problems(lambda: from_records(Picky, [{"n": 12}])).problems
        assert line == "$[0]: ValueError: 'n' must be < 10: 12"


# --- from_records: arguments and the aggregate error -------------------------------------


class TestFromRecordsErrors:
    def test_the_issue_csv_example(self) -> None:
        # checked by hand: a CSV whose row 2 has a bad amount and row 5 a bad date gives one
        # error listing both, with 0-based row numbers.
        rows = _via_csv(to_records([_deal(deal_id=f"D-{n}") for n in range(7)]))
        rows[2]["price_amount"] = "12,30"
        rows[5]["closed_on"] = "31/01/2025"
        err = _problems(lambda: from_records(Deal, rows))
        assert str(err).startswith("2 of 7 rows are invalid:\n$[2].price_amount: ")
        assert [p.split(":")[0] for p in err.problems] == ["$[2].price_amount", "$[5].closed_on"]
        assert err.problems[1] == (
            "$[5].closed_on: Deal 'D-5': 'closed_on' must be an ISO date string YYYY-MM-DD"
            " (got '31/01/2025')"
        )

    def test_unknown_keys_suggest_the_nearest_column(self) -> None:
        row = _row(price_amout="1")
        [line] = _problems(lambda: from_records(Deal, [row])).problems
        assert line == (
            "$[0].price_amout: Deal 'D-1': 'price_amout' must be a column of Deal"
            " (got 'price_amout') Hint: Did you mean 'price_amount'?"
        )

    def test_unknown_keys_without_a_near_match_list_the_columns(self) -> None:
        row: dict[Any, Any] = {"sku": "A", "qty": 1, 7: 1}
        [line] = _problems(lambda: from_records(Line, [row])).problems
        assert line.endswith("Hint: The columns are 'sku', 'qty'.")

    def test_duplicate_ids_name_both_rows(self) -> None:
        rows = to_records([_deal(deal_id="D-1"), _deal(deal_id="D-2"), _deal(deal_id="D-1")])
        err = _problems(lambda: from_records(Deal, rows))
        assert err.problems == (
            (
                "$[2].deal_id: Deal 'D-1': 'deal_id' must be unique across rows (got 'D-1')"
                " Hint: rows 0 and 2 both have deal_id='D-1'."
            ),
        )
        assert str(err).startswith("1 of 3 rows are invalid:")

    def test_the_id_rule_needs_the_first_field_named_id(self) -> None:
        rows = [{"sku": "A", "qty": 1}] * 2  # Line's first field is not *_id: no check
        assert from_records(Line, rows) == [Line("A", 1), Line("A", 1)]

    def test_problems_are_capped_with_a_count_of_the_rest(self) -> None:
        rows = [{"sku": "A", "qty": "x", "extra": 1}] * 40  # two problems per row
        err = _problems(lambda: from_records(Line, rows))
        assert len(err.problems) == MAX_PROBLEMS + 1
        assert err.problems[-1] == f"... and {80 - MAX_PROBLEMS} more problems"
        assert str(err).startswith("40 of 40 rows are invalid:\n")
        assert str(err).endswith(
            "Hint: rows are numbered from 0 in the order given, like pandas' default index."
        )

    def test_wrong_types_only_give_a_wrong_type(self) -> None:
        with pytest.raises(WrongType) as info:
            from_records(Money, [None, 3, "row"])  # type: ignore[list-item]
        assert info.value.problems[0] == (
            "$[0]: Money: 'row' must be a mapping of column names to values (a dict) (got None)"
        )
        with pytest.raises(ValidationError) as mixed:
            from_records(Money, [None, {"amount": "x", "currency": "USD"}])  # type: ignore[list-item]
        assert not isinstance(mixed.value, TypeError)

    @pytest.mark.parametrize(
        ("cls", "rows", "message"),
        [
            (None, [], "'cls' must be an attrs class"),
            (dict, [], "'cls' must be an attrs class"),
            (Money.of(1, "USD"), [], "Pass the class itself"),
            (Money, {"amount": "1", "currency": "USD"}, "Wrap one row in a list"),
            (Money, "amount,currency", "not a string"),
            (Money, 5, "must be an iterable"),
        ],
    )
    def test_bad_arguments_are_wrong_types(self, cls: Any, rows: Any, message: str) -> None:
        with pytest.raises(WrongType, match=message):
            from_records(cls, rows)

    def test_a_dataframe_gets_the_conversion_hint(self) -> None:
        class DataFrame:  # what pandas and polars call theirs; never imported here
            def __iter__(self) -> Any:
                return iter(["amount", "currency"])

        with pytest.raises(WrongType, match=r"df.to_dict\('records'\)"):
            from_records(Money, DataFrame())

    def test_an_empty_iterable_gives_an_empty_list(self) -> None:
        assert from_records(Money, iter([])) == []

    @given(
        st.lists(deals(), min_size=1, max_size=8, unique_by=lambda d: d.deal_id),
        st.data(),
    )
    def test_every_bad_row_is_reported_with_its_index(
        self, values: list[Deal], data: st.DataObject
    ) -> None:
        rows = to_records(values)
        bad = data.draw(st.sets(st.integers(0, len(rows) - 1), min_size=1), label="bad")
        for index in bad:
            rows[index]["count"] = "many"
        err = _problems(lambda: from_records(Deal, rows))
        assert [int(p[2 : p.index("]")]) for p in err.problems] == sorted(bad)
        assert str(err).startswith(f"{len(bad)} of {len(rows)} rows are invalid:")

    @given(st.lists(st.sampled_from(["ok", "bad", "none"]), max_size=120))
    def test_problem_count_and_cap(self, kinds: list[str]) -> None:
        cells = {"ok": {"sku": "A", "qty": 1}, "bad": {"sku": "A", "qty": "x"}, "none": None}
        rows: list[Any] = [cells[k] for k in kinds]
        n_bad = len(kinds) - kinds.count("ok")
        if not n_bad:
            assert from_records(Line, rows) == [Line("A", 1)] * len(kinds)
            return
        err = _problems(lambda: from_records(Line, rows))
        assert len(err.problems) == min(n_bad, MAX_PROBLEMS) + (n_bad > MAX_PROBLEMS)
        if n_bad > MAX_PROBLEMS:
            assert err.problems[-1] == f"... and {n_bad - MAX_PROBLEMS} more problems"


# --- round trips -------------------------------------------------------------------------


def _round_trips(cls: type, values: list[Any], via: Callable[[Any], Any]) -> None:
    rows = to_records(values)
    assert from_records(cls, via(rows) if rows else rows) == values


class TestRoundTrip:
    """``from_records(type(x), to_records([x])) == [x]``, directly, via CSV and via JSON."""

    @given(st.lists(sms.moneys(), max_size=6))
    def test_money(self, values: list[Money]) -> None:
        for via in (list, _via_csv, _via_json):
            _round_trips(Money, values, via)

    @given(st.lists(sms.periods(), max_size=6))
    def test_period(self, values: list[Period]) -> None:
        for via in (list, _via_csv, _via_json):
            _round_trips(Period, values, via)

    @given(st.lists(deals(), max_size=6, unique_by=lambda d: d.deal_id))
    def test_deal(self, values: list[Deal]) -> None:
        for via in (list, _via_csv, _via_json):
            _round_trips(Deal, values, via)

    @given(sms.fx_rates())
    def test_fx_rates(self, value: FxRates) -> None:
        for via in (list, _via_json):
            _round_trips(FxRates, [value], via)

    @given(sms.business_calendars())
    def test_business_calendar(self, value: BusinessCalendar) -> None:
        for via in (list, _via_json):
            _round_trips(BusinessCalendar, [value], via)

    @given(sms.fiscal_calendars())
    def test_fiscal_calendar(self, value: FiscalCalendar) -> None:
        for via in (list, _via_csv, _via_json):
            _round_trips(FiscalCalendar, [value], via)

    @given(st.lists(deals(), min_size=1, max_size=6, unique_by=lambda d: d.deal_id))
    def test_order_is_preserved(self, values: list[Deal]) -> None:
        rows = to_records(values)
        assert from_records(Deal, reversed(rows)) == values[::-1]


# --- independence from the caller's decimal context ---------------------------------------


class TestDecimalContext:
    def test_the_callers_context_changes_nothing_and_is_left_untouched(self) -> None:
        values = [_deal(price=Money.of("123456789.99", "USD"), rate=Decimal("0.123456"))]
        rows = _via_json(to_records(values))
        with decimal.localcontext() as ctx:
            ctx.prec = 3
            ctx.rounding = decimal.ROUND_DOWN
            ctx.traps[decimal.Inexact] = True
            ctx.traps[decimal.Rounded] = True
            before = (ctx.prec, ctx.rounding, dict(ctx.traps), dict(ctx.flags))
            assert from_records(Deal, rows) == values
            changed = dict(rows[0], count=Decimal("1234567.000"), rate=0.123456)
            assert from_records(Deal, [changed]) == [attrs.evolve(values[0], count=1234567)]
            assert to_records(values)[0]["price_amount"] == Decimal("123456789.99")
            assert (ctx.prec, ctx.rounding, dict(ctx.traps), dict(ctx.flags)) == before


def test_only_salesmgmt_errors_escape_for_odd_rows() -> None:
    odd: list[Any] = [{}, {"amount": []}, {"amount": {}, "currency": 1j}, {None: 1}, [("a", 1)]]
    for row in odd:
        with pytest.raises(SalesMgmtError):
            from_records(Money, [row])
