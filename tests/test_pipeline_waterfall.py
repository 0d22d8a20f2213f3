"""The pipeline waterfall: start → created, pulled in, pushed out, ±amount, won, lost → end."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesmgmt import CurrencyMismatch, Money, Period, PeriodError, ValidationError
from salesmgmt.pipeline import (
    AmountChange,
    CloseDateChange,
    Opportunity,
    PipelineWaterfall,
    StageChange,
    StageModel,
    open_pipeline,
    pipeline_waterfall,
    waterfall_moves,
)
from salesmgmt.records import from_records, to_records
from salesmgmt.strategies._pipeline import opportunities, pipeline_waterfalls

MODEL = StageModel.default()
Q1 = Period.quarter(2025, 1)
START, END = dt.date(2025, 1, 1), dt.date(2025, 3, 31)


def usd(x: int | str) -> Money:
    return Money(x, "USD")


def deal(
    n: str, amount: int, created: dt.date, close: dt.date, stage: str, *events: Any
) -> Opportunity:
    return Opportunity(n, "A-1", "R-1", usd(amount), created, close, stage, history=events)


# The quarter (Q1 2025, as of 1 Jan and as of 31 Mar), one deal per kind of move:
#   A pushed:    Commit 500, close 15 Mar → 30 Apr on 1 Mar          pushed_out  500
#   B pulled in: Proposal 300, close 31 May → 20 Mar on 10 Feb       pulled_in   300
#   C won:       Proposal 1,000 closing 28 Feb, won on 28 Feb         won       1,000
#   D lost:      Negotiation 700 closing 10 Mar, lost on 5 Mar        lost        700
#   E cut:       Commit 2,000 → 1,200 on 15 Feb                       decreased   800
#   F new:       created 20 Jan, Prospecting 250, close 25 Mar       created     250
#   G steady:    Qualification 400, close 20 Feb, no change          (in start and end)
# start = A 500 + C 1,000 + D 700 + E 2,000 + G 400 = 4,600
# end   = B 300 + E 1,200 + F 250 + G 400           = 2,150
# 4,600 + 250 + 300 − 500 + 0 − 800 − 1,000 − 700   = 2,150 ✓
OLD = dt.date(2024, 11, 1)
QUARTER = [
    deal("A", 500, OLD, dt.date(2025, 4, 30), "Commit",
         CloseDateChange(dt.date(2025, 3, 1), dt.date(2025, 3, 15), dt.date(2025, 4, 30))),
    deal("B", 300, OLD, dt.date(2025, 3, 20), "Proposal",
         CloseDateChange(dt.date(2025, 2, 10), dt.date(2025, 5, 31), dt.date(2025, 3, 20))),
    deal("C", 1000, OLD, dt.date(2025, 2, 28), "Closed Won",
         StageChange(dt.date(2025, 2, 28), "Proposal", "Closed Won")),
    deal("D", 700, OLD, dt.date(2025, 3, 10), "Closed Lost",
         StageChange(dt.date(2025, 3, 5), "Negotiation", "Closed Lost")),
    deal("E", 1200, OLD, dt.date(2025, 3, 31), "Commit",
         AmountChange(dt.date(2025, 2, 15), usd(2000), usd(1200))),
    deal("F", 250, dt.date(2025, 1, 20), dt.date(2025, 3, 25), "Prospecting"),
    deal("G", 400, dt.date(2024, 12, 1), dt.date(2025, 2, 20), "Qualification"),
]  # fmt: skip


class TestWorkedQuarter:
    def test_buckets(self) -> None:
        flow = pipeline_waterfall(QUARTER, START, END, model=MODEL)
        assert flow == PipelineWaterfall(
            Q1,
            START,
            END,
            start=usd(4600),
            created=usd(250),
            pulled_in=usd(300),
            pushed_out=usd(500),
            increased=usd(0),
            decreased=usd(800),
            won=usd(1000),
            lost=usd(700),
            end=usd(2150),
        )

    def test_moves_name_the_deals(self) -> None:
        moves = {
            (m.opportunity_id, m.move, m.amount)
            for m in waterfall_moves(QUARTER, START, END, model=MODEL)
        }
        assert moves == {
            ("A", "pushed_out", usd(500)),
            ("B", "pulled_in", usd(300)),
            ("C", "won", usd(1000)),
            ("D", "lost", usd(700)),
            ("E", "decreased", usd(800)),
            ("F", "created", usd(250)),
        }

    def test_a_later_window(self) -> None:
        # Q2 as of 1 Jan and 30 Jun: B was in Q2 at the start and left it (pulled into Q1)
        flow = pipeline_waterfall(
            QUARTER, START, dt.date(2025, 6, 30), model=MODEL, period=Period.quarter(2025, 2)
        )
        assert (flow.start, flow.pushed_out, flow.pulled_in, flow.end) == (
            usd(300),
            usd(300),
            usd(500),
            usd(500),
        )


class TestErrors:
    def test_end_before_start(self) -> None:
        with pytest.raises(PeriodError):
            pipeline_waterfall(QUARTER, END, START, model=MODEL)

    def test_empty_needs_currency(self) -> None:
        with pytest.raises(ValidationError, match="currency"):
            pipeline_waterfall([], START, END, model=MODEL)
        assert pipeline_waterfall([], START, END, model=MODEL, currency="EUR").end == Money(
            0, "EUR"
        )

    def test_unreconciled_waterfall_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="start \\+ created"):
            PipelineWaterfall(
                Q1,
                START,
                END,
                start=usd(1),
                created=usd(0),
                pulled_in=usd(0),
                pushed_out=usd(0),
                increased=usd(0),
                decreased=usd(0),
                won=usd(0),
                lost=usd(0),
                end=usd(2),
            )

    def test_mixed_currencies(self) -> None:
        euro = Opportunity("X", "A-1", "R-1", Money(1, "EUR"), START, END, "Commit")
        with pytest.raises(CurrencyMismatch, match="'X'"):
            pipeline_waterfall([*QUARTER, euro], START, END, model=MODEL)


DEALS = st.lists(
    opportunities(
        currencies=st.just("USD"),
        attachments=False,
        max_events=5,
        min_value=dt.date(2025, 1, 1),
        max_value=dt.date(2025, 12, 31),
    ),
    max_size=8,
    unique_by=lambda d: d.opportunity_id,
)
DAYS = st.dates(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
WINDOWS = st.none() | st.builds(
    lambda a, b: Period(min(a, b), max(a, b)),
    DAYS,
    st.dates(dt.date(2025, 1, 1), dt.date(2026, 6, 30)),
)


class TestInvariants:
    @settings(max_examples=120)
    @given(DEALS, DAYS, DAYS, WINDOWS)
    def test_reconciles_and_matches_open_pipeline(
        self, deals: list[Opportunity], a: dt.date, b: dt.date, window: Period | None
    ) -> None:
        start, end = min(a, b), max(a, b)
        flow = pipeline_waterfall(deals, start, end, model=MODEL, period=window, currency="USD")
        total = (
            flow.start
            + flow.created
            + flow.pulled_in
            - flow.pushed_out
            + flow.increased
            - flow.decreased
            - flow.won
            - flow.lost
        )
        assert total == flow.end
        target = window or Period(start, end)
        assert flow.start == open_pipeline(deals, target, model=MODEL, as_of=start, currency="USD")
        assert flow.end == open_pipeline(deals, target, model=MODEL, as_of=end, currency="USD")

    @settings(max_examples=80)
    @given(DEALS, DAYS, DAYS, st.integers(0, 8), st.randoms(use_true_random=False))
    def test_halves_merge_and_order_does_not_matter(
        self, deals: list[Opportunity], a: dt.date, b: dt.date, cut: int, rnd: random.Random
    ) -> None:
        start, end = min(a, b), max(a, b)

        def flow(xs: list[Opportunity]) -> PipelineWaterfall:
            return pipeline_waterfall(xs, start, end, model=MODEL, currency="USD")

        shuffled = list(deals)
        rnd.shuffle(shuffled)
        assert flow(deals[:cut]) + flow(deals[cut:]) == flow(deals) == flow(shuffled)

    @settings(max_examples=80)
    @given(DEALS, DAYS, DAYS)
    def test_moves_add_up_to_the_buckets(
        self, deals: list[Opportunity], a: dt.date, b: dt.date
    ) -> None:
        start, end = min(a, b), max(a, b)
        flow = pipeline_waterfall(deals, start, end, model=MODEL, currency="USD")
        sums: dict[str, Money] = {}
        for move in waterfall_moves(deals, start, end, model=MODEL):
            sums[move.move] = sums.get(move.move, usd(0)) + move.amount
        for bucket in (
            "created",
            "pulled_in",
            "pushed_out",
            "increased",
            "decreased",
            "won",
            "lost",
        ):
            assert getattr(flow, bucket) == sums.get(bucket, usd(0))

    @settings(max_examples=30)
    @given(pipeline_waterfalls())
    def test_strategy_gives_reconciled_waterfalls(self, flow: PipelineWaterfall) -> None:
        assert (
            flow
            + PipelineWaterfall(
                flow.period,
                flow.start_on,
                flow.end_on,
                **{
                    f: Money(0, "USD")
                    for f in (
                        "start",
                        "created",
                        "pulled_in",
                        "pushed_out",
                        "increased",
                        "decreased",
                        "won",
                        "lost",
                        "end",
                    )
                },
            )
            == flow
        )


class TestRecords:
    def test_waterfall_and_moves_round_trip(self) -> None:
        flows = [pipeline_waterfall(QUARTER, START, END, model=MODEL)]
        assert from_records(PipelineWaterfall, to_records(flows)) == flows
        moves = list(waterfall_moves(QUARTER, START, END, model=MODEL))
        assert from_records(type(moves[0]), to_records(moves)) == moves
