"""Cohort retention tables (``salesmgmt.renewals._cohorts``)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesmgmt import Money, Period, ValidationError
from salesmgmt.records import from_records, to_records
from salesmgmt.renewals import CohortRow, Subscription, cohort_retention, mrr_at
from salesmgmt.strategies._renewals import cohort_rows

d = dt.date
LOW, HIGH = d(2024, 12, 1), d(2025, 5, 31)
RANGE = Period(d(2025, 1, 1), d(2025, 4, 30))


def usd(x: int | str) -> Money:
    return Money(x, "USD")


@st.composite
def _lines(draw: st.DrawFn) -> Subscription:
    start = draw(st.integers(0, (HIGH - LOW).days))
    end = draw(st.none() | st.integers(start, (HIGH - LOW).days))
    return Subscription(
        f"S-{draw(st.integers(0, 10**6))}",
        f"A-{draw(st.integers(0, 5))}",
        Money.from_minor_units(draw(st.sampled_from([0, 100, 2500, 99_999])), "USD"),
        LOW + dt.timedelta(days=start),
        None if end is None else LOW + dt.timedelta(days=end),
    )


books = st.lists(_lines(), max_size=10, unique_by=lambda s: s.subscription_id)


class TestWorkedExample:
    def test_two_cohorts_by_hand(self) -> None:
        book = [
            # January cohort: A (100, expands to 150 in March), B (100, leaves Feb 15),
            # C (60, leaves Jan 31 and comes back at 60 in April)
            Subscription("S-1", "A", usd(100), d(2025, 1, 10)),
            Subscription("S-2", "A", usd(50), d(2025, 3, 1)),
            Subscription("S-3", "B", usd(100), d(2025, 1, 20), d(2025, 2, 15)),
            Subscription("S-4", "C", usd(60), d(2025, 1, 5), d(2025, 1, 31)),
            Subscription("S-5", "C", usd(60), d(2025, 4, 2)),
            # February cohort: D (40)
            Subscription("S-6", "D", usd(40), d(2025, 2, 28)),
            # paid before the range: not a cohort of the table
            Subscription("S-7", "E", usd(10), d(2024, 12, 1)),
        ]
        table = cohort_retention(book, RANGE)
        jan, feb = table.rows
        # Jan: start 3 accounts, 260; end Feb: A 100 (B gone, C gone) -> 1, 100;
        # end Mar: A 150 -> 1, 150 (gross: A capped at 100); end Apr: A 150 + C 60 = 210
        assert jan.customers == (3, 1, 1, 2)
        assert jan.mrr == (usd(260), usd(100), usd(150), usd(210))
        assert jan.gross_mrr == (usd(260), usd(100), usd(100), usd(160))
        net = jan.revenue_retention[3]
        assert net is not None
        assert abs(Fraction(net) - Fraction(210, 260)) < Fraction(1, 10**38)
        assert feb.cohort == Period.month(2025, 2)
        assert feb.customers == (1, 1, 1)
        assert [row.cohort for row in table.rows] == [Period.month(2025, 1), Period.month(2025, 2)]

    def test_empty(self) -> None:
        assert cohort_retention([], RANGE, currency="USD").rows == ()
        with pytest.raises(ValidationError, match="'currency'"):
            cohort_retention([], RANGE)


def _reference(book: list[Subscription]) -> dict[Period, tuple[tuple[int, ...], tuple[int, ...]]]:
    """Cohort customers and MRR from mrr_at on each account separately."""
    by_account: dict[str, list[Subscription]] = defaultdict(list)
    for s in book:
        by_account[s.account_id].append(s)
    months = RANGE.split("month")
    table: dict[Period, list[list[int]]] = {}
    for subs in by_account.values():
        paid = [s.starts_on for s in subs if s.mrr.to_minor_units() > 0]
        if not paid or not RANGE.contains(min(paid)):
            continue
        first = min(paid)
        r = next(i for i, m in enumerate(months) if m.contains(first))
        row = table.setdefault(months[r], [[0] * (len(months) - r), [0] * (len(months) - r)])
        for k in range(len(months) - r):
            day = first if k == 0 else months[r + k].end
            units = mrr_at(subs, day).to_minor_units()
            row[0][k] += units > 0
            row[1][k] += units
    return {p: (tuple(c), tuple(m)) for p, (c, m) in table.items()}


class TestProperties:
    @settings(max_examples=100)  # each example builds and scans a whole book: expensive
    @given(books)
    def test_matches_a_per_account_reference(self, book: list[Subscription]) -> None:
        table = cohort_retention(book, RANGE, currency="USD")
        got = {
            row.cohort: (row.customers, tuple(m.to_minor_units() for m in row.mrr))
            for row in table.rows
        }
        assert got == _reference(book)

    @settings(max_examples=100)  # each example builds and scans a whole book: expensive
    @given(books)
    def test_month_zero_is_one_hundred_percent(self, book: list[Subscription]) -> None:
        for row in cohort_retention(book, RANGE, currency="USD").rows:
            assert row.logo_retention[0] == 1 == row.revenue_retention[0]
            for gross, net in zip(row.gross_retention, row.revenue_retention, strict=True):
                assert gross is not None
                assert net is not None
                assert 0 <= gross <= 1
                assert gross <= net

    @settings(max_examples=100)  # each example builds and scans a whole book: expensive
    @given(books.flatmap(lambda b: st.tuples(st.just(b), st.permutations(b))))
    def test_order_does_not_matter(
        self, pair: tuple[list[Subscription], list[Subscription]]
    ) -> None:
        book, shuffled = pair
        assert cohort_retention(book, RANGE, currency="USD") == cohort_retention(
            shuffled, RANGE, currency="USD"
        )

    @settings(max_examples=40)  # cattrs round trips: expensive
    @given(st.lists(cohort_rows(max_columns=3), min_size=1, max_size=3))
    def test_rows_round_trip_records(self, rows: list[CohortRow]) -> None:
        assert list(from_records(CohortRow, to_records(rows))) == rows


class TestCohortRowChecks:
    @pytest.mark.parametrize(
        ("customers", "mrr", "gross", "fragment"),
        [
            ((1, 2), (10, 10), (10, 10), r"'customers\[1\]'"),
            ((1, 1), (10, 20), (10, 20), r"'gross_mrr\[1\]' must be at most"),
            ((1,), (10, 10), (10, 10), "'mrr' must be a non-empty tuple"),
            ((1,), (10,), (5,), r"'gross_mrr\[0\]' must be equal"),
        ],
    )
    def test_bad_rows(
        self,
        customers: tuple[int, ...],
        mrr: tuple[int, ...],
        gross: tuple[int, ...],
        fragment: str,
    ) -> None:
        with pytest.raises(ValidationError, match=fragment):
            CohortRow(
                Period.month(2025, 1),
                customers,
                tuple(usd(x) for x in mrr),
                tuple(usd(x) for x in gross),
            )


def test_table_round_trips_records() -> None:
    book = [
        Subscription("S-1", "A", usd(10), d(2025, 1, 3)),
        Subscription("S-2", "B", usd(10), d(2025, 2, 3), d(2025, 3, 3)),
    ]
    table = cohort_retention(book, RANGE)
    assert list(from_records(type(table), to_records([table]))) == [table]
