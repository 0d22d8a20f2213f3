"""Pipeline metrics: tally, merge, finalise, and the one-call wrappers (``salesmgmt.pipeline``)."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesmgmt import CurrencyMismatch, Money, Period, UnknownReference, ValidationError
from salesmgmt.pipeline import (
    CategoryWeights,
    Opportunity,
    PipelineTally,
    SalesCycle,
    StageChange,
    StageModel,
    average_deal_size,
    by_owner,
    coverage,
    finalise,
    open_pipeline,
    pipeline_created,
    pipeline_metrics,
    sales_cycle,
    sales_velocity,
    snapshot,
    stage_funnel,
    tally,
    time_in_stage,
    weighted_pipeline,
    win_rate,
)
from salesmgmt.records import from_records, to_records
from salesmgmt.strategies._pipeline import category_weights, pipeline_tallies
from shared_strategies import AS_OF, DEALS, WINDOWS

D = Decimal
MODEL = StageModel.default()
Q1 = Period.quarter(2025, 1)
YEAR = Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def deal(n: int, amount: str, stage: str, **kw: Any) -> Opportunity:
    fields: dict[str, Any] = {
        "created_on": dt.date(2025, 1, 2),
        "close_date": dt.date(2025, 3, 20),
    }
    fields.update(kw)
    owner = fields.pop("owner", "R-1")
    return Opportunity(
        f"O-{n}",
        "A-1",
        owner,
        Money(amount, "USD"),
        fields.pop("created_on"),
        fields.pop("close_date"),
        stage,
        **fields,
    )


# The 10-deal pipeline with the default 10/20/40/60/80 % model, weighted by hand:
#   Prospecting   10,000.00 × 0.1 =  1,000.00     Prospecting    5,000.05 × 0.1 =    500.005
#   Qualification 20,000.00 × 0.2 =  4,000.00     Qualification  7,500.00 × 0.2 =  1,500.00
#   Proposal      12,000.00 × 0.4 =  4,800.00     Proposal      30,000.00 × 0.4 = 12,000.00
#   Negotiation   25,000.00 × 0.6 = 15,000.00     Negotiation    8,000.00 × 0.6 =  4,800.00
#   Commit        40,000.00 × 0.8 = 32,000.00     Commit        15,000.00 × 0.8 = 12,000.00
#   open = 172,500.05; weighted = 87,600.005 → rounded once, half up → 87,600.01
#   by category (pipeline 0.2, best case 0.5, commit 0.9):
#   42,500.05 × 0.2 + 75,000 × 0.5 + 55,000 × 0.9 = 8,500.01 + 37,500 + 49,500 = 95,500.01
TEN = [
    deal(1, "10000", "Prospecting"),
    deal(2, "5000.05", "Prospecting"),
    deal(3, "20000", "Qualification"),
    deal(4, "7500", "Qualification"),
    deal(5, "12000", "Proposal"),
    deal(6, "30000", "Proposal"),
    deal(7, "25000", "Negotiation"),
    deal(8, "8000", "Negotiation"),
    deal(9, "40000", "Commit"),
    deal(10, "15000", "Commit"),
]


class TestTenDealPipeline:
    def test_open_pipeline(self) -> None:
        assert open_pipeline(TEN, Q1, model=MODEL) == Money("172500.05", "USD")

    def test_weighted_by_probability(self) -> None:
        assert weighted_pipeline(TEN, Q1, model=MODEL) == Money("87600.01", "USD")

    def test_weighted_by_category(self) -> None:
        assert weighted_pipeline(TEN, Q1, model=MODEL, by="category") == Money("95500.01", "USD")

    def test_outside_the_period(self) -> None:
        assert open_pipeline(TEN, Q1.__class__.quarter(2025, 2), model=MODEL, currency="USD") == (
            Money(0, "USD")
        )

    @pytest.mark.parametrize(
        ("close", "counted"),
        [
            (dt.date(2025, 1, 1), True),  # the period's first day
            (dt.date(2025, 3, 31), True),  # its last day: periods are closed ranges
            (dt.date(2025, 4, 1), False),
        ],
    )
    def test_period_bounds_are_inclusive(self, close: dt.date, counted: bool) -> None:
        edge = deal(1, "100", "Commit", created_on=dt.date(2025, 1, 1), close_date=close)
        expected = Money(100 if counted else 0, "USD")
        assert open_pipeline([edge], Q1, model=MODEL) == expected

    def test_omitted_override(self) -> None:
        # Deal 9 (40,000) overridden to "omitted" leaves the pipeline unless asked for.
        deals = [*TEN[:8], deal(9, "40000", "Commit", forecast_category="omitted"), TEN[9]]
        assert open_pipeline(deals, Q1, model=MODEL) == Money("132500.05", "USD")
        assert open_pipeline(deals, Q1, model=MODEL, include_omitted=True) == Money(
            "172500.05", "USD"
        )


CLOSED = [
    # won: 10 days, 20 days, 60 days after 2025-01-01 → mean 30, median 20
    deal(1, "10", "Closed Won", created_on=dt.date(2025, 1, 1), close_date=dt.date(2025, 1, 11)),
    deal(2, "20", "Closed Won", created_on=dt.date(2025, 1, 1), close_date=dt.date(2025, 1, 21)),
    deal(3, "20", "Closed Won", created_on=dt.date(2025, 1, 1), close_date=dt.date(2025, 3, 2)),
    deal(4, "150", "Closed Lost", close_date=dt.date(2025, 2, 1)),
    deal(5, "999", "Commit"),
]


class TestClosedMetrics:
    def test_win_rate_by_count(self) -> None:
        # 3 won, 1 lost → 3 / 4
        assert win_rate(CLOSED, Q1, model=MODEL) == D("0.75")

    def test_win_rate_by_value(self) -> None:
        # 50 won, 150 lost → 50 / 200
        assert win_rate(CLOSED, Q1, model=MODEL, by="value") == D("0.25")

    def test_nothing_closed(self) -> None:
        assert win_rate(CLOSED[4:], Q1, model=MODEL) is None
        assert average_deal_size(CLOSED[4:], Q1, model=MODEL) is None
        assert sales_cycle(CLOSED[4:], Q1, model=MODEL) is None

    def test_average_deal_size(self) -> None:
        # 50.00 / 3 = 16.666… → 16.67 (half up)
        assert average_deal_size(CLOSED, Q1, model=MODEL) == Money("16.67", "USD")

    def test_sales_cycle(self) -> None:
        assert sales_cycle(CLOSED, Q1, model=MODEL) == SalesCycle(3, D(30), D(20))

    def test_even_median(self) -> None:
        # 10 and 20 days → median 15
        assert sales_cycle(CLOSED[:2], Q1, model=MODEL) == SalesCycle(2, D(15), D(15))

    def test_pipeline_created(self) -> None:
        # deals 4 and 5 were created 2025-01-02; the won ones 2025-01-01: all in Q1
        assert pipeline_created(CLOSED, Q1, model=MODEL) == Money("1199", "USD")
        assert pipeline_created(CLOSED, Period.day(dt.date(2025, 1, 2)), model=MODEL) == Money(
            "1149", "USD"
        )


class TestVelocityAndCoverage:
    @pytest.mark.parametrize(
        ("n", "rate", "average", "days", "expected"),
        [
            # 50 × 0.2 × 10,000 / 90 = 1,111.111… → 1,111.11
            (50, D("0.2"), "10000", 90, "1111.11"),
            # 1 × 0.5 × 0.01 / 1 = 0.005 → 0.01 (ROUND_HALF_UP)
            (1, D("0.5"), "0.01", 1, "0.01"),
            (0, D("0.5"), "100", 30, "0"),
            # cycle as the Decimal mean of sales_cycle(): 3 × 0.75 × 16.67 / 30 = 1.250… → 1.25
            (3, D("0.75"), "16.67", D(30), "1.25"),
        ],
    )
    def test_worked(self, n: int, rate: Decimal, average: str, days: Any, expected: str) -> None:
        assert sales_velocity(n, rate, Money(average, "USD"), days) == Money(expected, "USD")

    @pytest.mark.parametrize(
        "args",
        [(5, None, Money(1, "USD"), 10), (5, D("0.5"), None, 10), (5, D(1), Money(1, "USD"), 0)],
    )
    def test_undefined_is_none(self, args: tuple[Any, ...]) -> None:
        assert sales_velocity(*args) is None

    def test_bad_rate(self) -> None:
        with pytest.raises(ValidationError, match="between 0 and 1"):
            sales_velocity(5, D("1.5"), Money(1, "USD"), 10)

    def test_coverage(self) -> None:
        assert coverage(Money(300, "USD"), Money(100, "USD")) == D(3)
        assert coverage(Money(300, "USD"), Money(-5, "USD")) is None
        with pytest.raises(CurrencyMismatch):
            coverage(Money(300, "USD"), Money(100, "EUR"))


class TestFunnelAndTimeInStage:
    def test_funnel(self) -> None:
        day = dt.date(2025, 1, 2)
        won = deal(1, "1", "Closed Won", history=[StageChange(day, "Prospecting", "Closed Won")])
        lost = deal(
            2,
            "1",
            "Closed Lost",
            history=[
                StageChange(day, "Prospecting", "Proposal"),
                StageChange(dt.date(2025, 2, 1), "Proposal", "Closed Lost"),
            ],
        )
        steps = stage_funnel([won, lost, deal(3, "1", "Commit")], Q1, model=MODEL)
        assert [(s.reached, s.advanced) for s in steps] == [(2, 2), (2, 2), (2, 1), (1, 1), (1, 1)]
        assert steps[2].conversion == D("0.5")
        # the won deal skipped every open stage yet reached them all; the lost one got to
        # Proposal (position 2) and no further
        assert steps[-1].conversion == D(1)
        assert steps[0].conversion == D(1)

    def test_time_in_stage(self) -> None:
        history = [
            StageChange(dt.date(2025, 1, 12), "Prospecting", "Qualification"),
            StageChange(dt.date(2025, 1, 22), "Qualification", "Prospecting"),
            StageChange(dt.date(2025, 2, 1), "Prospecting", "Proposal"),
        ]
        times = time_in_stage([deal(1, "1", "Proposal", history=history)], Q1, model=MODEL)
        # Prospecting: 2 → 12 Jan (10 days) and 22 Jan → 1 Feb (10 days); Qualification: 10
        assert (times[0].visits, times[0].mean_days, times[0].median_days) == (2, D(10), D(10))
        assert (times[1].visits, times[1].mean_days) == (1, D(10))
        assert times[2].visits == 0
        assert times[2].mean_days is None

    @settings(max_examples=100)
    @given(DEALS, WINDOWS)
    def test_funnel_is_monotone(self, deals: list[Opportunity], window: Period) -> None:
        steps = stage_funnel(deals, window, model=MODEL)
        reached = [s.reached for s in steps]
        assert reached == sorted(reached, reverse=True)
        for step, after in itertools.pairwise(steps):
            assert step.advanced == after.reached
        # generated deals start in an open stage, so every closed deal reached the first one
        assert steps[0].reached == tally_closed(deals, window)
        assert steps[-1].advanced == sum(
            1 for d in deals if MODEL.is_won(d.stage) and window.contains(d.close_date)
        )
        for step in steps:
            assert step.conversion is None or D(0) <= step.conversion <= D(1)


def tally_closed(deals: list[Opportunity], window: Period) -> int:
    return sum(1 for d in deals if not MODEL.is_open(d.stage) and window.contains(d.close_date))


class TestErrors:
    def test_unknown_stage_names_the_deal(self) -> None:
        with pytest.raises(UnknownReference) as info:
            open_pipeline([deal(7, "1", "Demo")], Q1, model=MODEL)
        assert str(info.value).startswith("Opportunity 'O-7': 'stage' must be a stage")

    def test_mixed_currencies(self) -> None:
        euro = Opportunity(
            "O-9",
            "A-1",
            "R-1",
            Money(1, "EUR"),
            dt.date(2025, 1, 2),
            dt.date(2025, 3, 1),
            "Commit",
        )
        with pytest.raises(CurrencyMismatch, match="O-9"):
            open_pipeline([TEN[0], euro], Q1, model=MODEL)

    def test_empty_needs_a_currency(self) -> None:
        with pytest.raises(ValidationError, match="currency"):
            open_pipeline([], Q1, model=MODEL)
        assert weighted_pipeline([], Q1, model=MODEL, currency="JPY") == Money(0, "JPY")

    def test_tally_merge_needs_same_window(self) -> None:
        with pytest.raises(ValidationError, match="same period"):
            tally([], Q1, model=MODEL) + tally([], YEAR, model=MODEL)


class TestInvariants:
    @settings(max_examples=80)  # each example tallies up to 8 deals with history
    @given(DEALS, WINDOWS, AS_OF, st.randoms(use_true_random=False))
    def test_order_does_not_matter(
        self, deals: list[Opportunity], window: Period, as_of: dt.date | None, rnd: random.Random
    ) -> None:
        shuffled = list(deals)
        rnd.shuffle(shuffled)
        assert tally(deals, window, model=MODEL, as_of=as_of) == tally(
            shuffled, window, model=MODEL, as_of=as_of
        )

    @settings(max_examples=80)  # each example tallies up to 8 deals with history
    @given(DEALS, WINDOWS, AS_OF, category_weights())
    def test_weighted_never_exceeds_open(
        self,
        deals: list[Opportunity],
        window: Period,
        as_of: dt.date | None,
        weights: CategoryWeights,
    ) -> None:
        for by in ("probability", "category"):
            metrics = pipeline_metrics(
                deals,
                window,
                model=MODEL,
                as_of=as_of,
                by=by,
                category_weights=weights,
                currency="USD",
            )
            assert Money(0, "USD") <= metrics.weighted_pipeline <= metrics.open_pipeline

    @settings(max_examples=80)  # each example tallies up to 8 deals with history
    @given(DEALS, WINDOWS, AS_OF)
    def test_win_rate_in_unit_interval(
        self, deals: list[Opportunity], window: Period, as_of: dt.date | None
    ) -> None:
        for by in ("count", "value"):
            rate = win_rate(deals, window, model=MODEL, by=by, as_of=as_of)
            assert rate is None or D(0) <= rate <= D(1)

    @settings(max_examples=80)  # each example tallies up to 8 deals with history
    @given(DEALS, st.integers(0, 8), WINDOWS, AS_OF)
    def test_disjoint_sets_merge(
        self, deals: list[Opportunity], cut: int, window: Period, as_of: dt.date | None
    ) -> None:
        left, right = deals[:cut], deals[cut:]
        merged = tally(left, window, model=MODEL, as_of=as_of) + tally(
            right, window, model=MODEL, as_of=as_of
        )
        whole = tally(deals, window, model=MODEL, as_of=as_of)
        assert merged == whole
        assert finalise(merged, model=MODEL, currency="USD") == finalise(
            whole, model=MODEL, currency="USD"
        )

    @settings(max_examples=80)  # each example tallies up to 8 deals with history
    @given(pipeline_tallies(), pipeline_tallies())
    def test_merge_is_commutative(self, a: PipelineTally, b: PipelineTally) -> None:
        b = PipelineTally(
            a.period, a.as_of, b.currency, cells=b.cells, cycles=b.cycles, created=b.created
        )
        assert a + b == b + a

    @settings(max_examples=80)  # each example tallies up to 8 deals with history
    @given(DEALS, WINDOWS, AS_OF)
    def test_owners_add_up_to_the_whole(
        self, deals: list[Opportunity], window: Period, as_of: dt.date | None
    ) -> None:
        whole = pipeline_metrics(deals, window, model=MODEL, as_of=as_of, currency="USD")
        owners = by_owner(deals, window, model=MODEL, as_of=as_of, currency="USD")
        assert sum((m.open_pipeline for m in owners), Money(0, "USD")) == whole.open_pipeline
        assert sum(m.won_count for m in owners) == whole.won_count
        assert sum(m.created_count for m in owners) == whole.created_count

    @settings(max_examples=80)  # each example tallies up to 8 deals with history
    @given(DEALS, WINDOWS, st.dates(dt.date(2024, 12, 1), dt.date(2026, 1, 31)))
    def test_as_of_equals_the_snapshot(
        self, deals: list[Opportunity], window: Period, as_of: dt.date
    ) -> None:
        assert (
            tally(deals, window, model=MODEL, as_of=as_of).cells
            == tally(snapshot(deals, as_of).deals, window, model=MODEL).cells
        )

    @settings(max_examples=80)  # each example tallies up to 8 deals with history
    @given(DEALS, WINDOWS)
    def test_sales_cycle_bounds(self, deals: list[Opportunity], window: Period) -> None:
        cycle = sales_cycle(deals, window, model=MODEL)
        days = [
            (d.close_date - d.created_on).days
            for d in deals
            if MODEL.is_won(d.stage) and window.contains(d.close_date)
        ]
        if cycle is None:
            assert not days
        else:
            assert cycle.count == len(days)
            assert min(days) <= cycle.median_days <= max(days)
            assert min(days) <= cycle.mean_days <= max(days)


class TestRecords:
    @settings(max_examples=30)
    @given(st.lists(pipeline_tallies(), max_size=3))
    def test_tallies_round_trip(self, tallies: list[PipelineTally]) -> None:
        assert from_records(PipelineTally, to_records(tallies)) == tallies

    def test_metrics_round_trip(self) -> None:
        rows = list(by_owner(CLOSED, Q1, model=MODEL))
        assert from_records(type(rows[0]), to_records(rows)) == rows
