"""Pipeline coverage from the deals against the quota still to book, and velocity from metrics."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesmgmt import CurrencyMismatch, Money, Period, UnknownReference, ValidationError, WrongType
from salesmgmt.org import OrgChart, Rep, Team
from salesmgmt.pipeline import (
    Opportunity,
    PipelineCoverage,
    StageChange,
    StageModel,
    coverage,
    coverage_by_owner,
    open_pipeline,
    pipeline_coverage,
    pipeline_metrics,
    sales_velocity,
    snapshot,
    weighted_pipeline,
)
from salesmgmt.quotas import split_target
from salesmgmt.records import from_records, to_records
from salesmgmt.strategies._pipeline import pipeline_coverages
from shared_strategies import AS_OF, DEALS, WINDOWS

D = Decimal
MODEL = StageModel.default()
Q1 = Period.quarter(2025, 1)
QUOTAS = st.integers(0, 10**7).map(lambda units: Money.from_minor_units(units, "USD"))


def usd(x: int | str) -> Money:
    return Money(x, "USD")


def deal(n: int, amount: int, stage: str, owner: str = "R-1", **kw: Any) -> Opportunity:
    return Opportunity(
        f"O-{n}",
        "A-1",
        owner,
        usd(amount),
        kw.pop("created_on", dt.date(2025, 1, 2)),
        kw.pop("close_date", dt.date(2025, 3, 20)),
        stage,
        **kw,
    )


# Q1 quota 100,000 USD for R-1, 50,000 USD for R-2 (hand-checked):
#   won 40,000 → remaining 60,000; open 100,000 Proposal + 80,000 Commit = 180,000
#        coverage 180,000 / 60,000 = 3; weighted 40,000 + 64,000 = 104,000 → 1.7333…
#   won 60,000 → remaining −10,000 (quota beaten): coverage None; open 20,000 Prospecting
#   team: quota 150,000, booked 100,000, remaining 50,000, open 200,000 → coverage 4
BOOK = [
    deal(1, 40_000, "Closed Won"),
    deal(2, 100_000, "Proposal"),
    deal(3, 80_000, "Commit"),
    deal(4, 60_000, "Closed Won", owner="R-2"),
    deal(5, 20_000, "Prospecting", owner="R-2"),
    deal(6, 999_999, "Commit", close_date=dt.date(2025, 4, 1)),  # Q2: not counted
]
QUOTAS_Q1 = {"R-1": usd(100_000), "R-2": usd(50_000)}


class TestWorkedCoverage:
    def test_one_rep(self) -> None:
        c = pipeline_coverage(BOOK[:3], Q1, usd(100_000), model=MODEL)
        assert (c.booked, c.remaining, c.open_pipeline) == (
            usd(40_000),
            usd(60_000),
            usd(180_000),
        )
        assert c.coverage == D(3)
        assert c.weighted_pipeline == usd(104_000)
        assert c.weighted_coverage == D("1.7" + "3" * 38)  # 104,000 / 60,000 to 40 digits

    def test_by_owner_and_up_the_org_chart(self) -> None:
        reps = coverage_by_owner(BOOK, Q1, QUOTAS_Q1, model=MODEL)
        assert list(reps) == ["R-1", "R-2"]
        assert reps["R-1"].coverage == D(3)
        assert reps["R-2"].remaining == usd(-10_000)
        assert reps["R-2"].coverage is None
        chart = OrgChart([Rep("R-1", "Li Na", "T-1"), Rep("R-2", "Wang Wei", "T-1")],
                         [Team("T-1", "East")])  # fmt: skip
        team = chart.rollup(dict(reps))["T-1"]
        assert team == pipeline_coverage(BOOK, Q1, usd(150_000), model=MODEL)
        assert team.coverage == D(4)  # recomputed from the parts, not averaged

    def test_quota_from_the_targets_area(self) -> None:
        schedule = split_target(usd(100_000), Q1, "month")
        c = pipeline_coverage(BOOK[:3], Q1, schedule.total, model=MODEL)
        assert c.coverage == D(3)

    def test_as_of_replays_history(self) -> None:
        # Won on 10 March; on 1 March it was a 40,000 Commit deal still open.
        won_later = deal(
            1,
            40_000,
            "Closed Won",
            history=[StageChange(dt.date(2025, 3, 10), "Commit", "Closed Won")],
        )
        book = [won_later, *BOOK[1:3]]
        before = pipeline_coverage(book, Q1, usd(100_000), model=MODEL, as_of=dt.date(2025, 3, 1))
        assert (before.booked, before.open_pipeline, before.coverage) == (
            usd(0),
            usd(220_000),
            D("2.2"),
        )
        assert before.as_of == dt.date(2025, 3, 1)
        after = pipeline_coverage(book, Q1, usd(100_000), model=MODEL, as_of=dt.date(2025, 3, 10))
        assert after.coverage == D(3)

    def test_empty_pipeline_is_zero_coverage_in_the_quota_currency(self) -> None:
        c = pipeline_coverage([], Q1, Money(5, "EUR"), model=MODEL)
        assert (c.open_pipeline, c.coverage) == (Money(0, "EUR"), D(0))
        assert coverage_by_owner(BOOK, Q1, {}, model=MODEL) == {}

    def test_zero_quota_is_undefined(self) -> None:
        assert pipeline_coverage(BOOK[:3], Q1, usd(0), model=MODEL).coverage is None

    def test_owner_without_a_quota_is_left_out(self) -> None:
        assert list(coverage_by_owner(BOOK, Q1, {"R-2": usd(1)}, model=MODEL)) == ["R-2"]


class TestErrors:
    def test_deals_in_another_currency(self) -> None:
        with pytest.raises(CurrencyMismatch, match="pipeline_coverage"):
            pipeline_coverage(BOOK, Q1, Money(1, "EUR"), model=MODEL)
        with pytest.raises(CurrencyMismatch, match="coverage_by_owner"):
            coverage_by_owner(BOOK, Q1, {"R-1": Money(1, "EUR")}, model=MODEL)

    def test_quotas_in_two_currencies(self) -> None:
        with pytest.raises(CurrencyMismatch):
            coverage_by_owner(BOOK, Q1, {"R-1": usd(1), "R-2": Money(1, "EUR")}, model=MODEL)

    def test_unknown_stage_names_the_deal(self) -> None:
        with pytest.raises(UnknownReference, match=r"Opportunity 'O-9'.*'Won'"):
            pipeline_coverage([deal(9, 1, "Won")], Q1, usd(1), model=MODEL)

    @pytest.mark.parametrize(
        ("call", "error", "message"),
        [
            (lambda: pipeline_coverage(BOOK, Q1, usd(-1), model=MODEL), ValidationError,
             r"'quota' must be a Money of at least 0 \(got Money\('-1.00', 'USD'\)\)"),
            (lambda: pipeline_coverage(BOOK, Q1, 100, model=MODEL), WrongType, "'quota'"),
            (lambda: coverage_by_owner(BOOK, Q1, [("R-1", usd(1))], model=MODEL), WrongType,
             "'quotas'"),
            (lambda: coverage_by_owner(BOOK, Q1, {"R-1": usd(-1)}, model=MODEL),
             ValidationError, r"quotas\['R-1'\]"),
            (lambda: pipeline_coverage(BOOK, "Q1", usd(1), model=MODEL), WrongType, "'period'"),
        ],
    )  # fmt: skip
    def test_bad_arguments(self, call: Any, error: type[Exception], message: str) -> None:
        with pytest.raises(error, match=message):
            call()

    def test_inconsistent_values_are_refused(self) -> None:
        with pytest.raises(ValidationError, match="'weighted_pipeline' must be at most"):
            PipelineCoverage(Q1, None, usd(1), usd(0), usd(5), usd(6))
        with pytest.raises(CurrencyMismatch):
            PipelineCoverage(Q1, None, usd(1), usd(0), Money(5, "EUR"), Money(0, "EUR"))
        c = PipelineCoverage(Q1, None, usd(1), usd(0), usd(5), usd(5))
        with pytest.raises(ValidationError, match="same period"):
            c + PipelineCoverage(Period.quarter(2025, 2), None, usd(1), usd(0), usd(5), usd(5))
        with pytest.raises(WrongType):
            c + 1  # type: ignore[operator]


class TestInvariants:
    @settings(max_examples=80)  # each example tallies up to 8 deals with history
    @given(DEALS, WINDOWS, AS_OF, QUOTAS, st.randoms(use_true_random=False))
    def test_agrees_with_the_single_metrics_and_ignores_order(
        self,
        deals: list[Opportunity],
        window: Period,
        as_of: dt.date | None,
        quota: Money,
        rnd: random.Random,
    ) -> None:
        c = pipeline_coverage(deals, window, quota, model=MODEL, as_of=as_of)
        metrics = pipeline_metrics(deals, window, model=MODEL, as_of=as_of, currency="USD")
        assert c.booked == metrics.won_amount
        assert c.open_pipeline == open_pipeline(
            deals, window, model=MODEL, as_of=as_of, currency="USD"
        )
        assert c.weighted_pipeline == weighted_pipeline(
            deals, window, model=MODEL, as_of=as_of, currency="USD"
        )
        assert c.coverage == coverage(c.open_pipeline, quota - metrics.won_amount)
        shuffled = list(deals)
        rnd.shuffle(shuffled)
        assert pipeline_coverage(shuffled, window, quota, model=MODEL, as_of=as_of) == c

    @settings(max_examples=80)  # each example tallies up to 8 deals with history
    @given(DEALS, st.integers(0, 8), WINDOWS, AS_OF, QUOTAS, QUOTAS)
    def test_disjoint_sets_merge(
        self,
        deals: list[Opportunity],
        cut: int,
        window: Period,
        as_of: dt.date | None,
        q1: Money,
        q2: Money,
    ) -> None:
        left = pipeline_coverage(deals[:cut], window, q1, model=MODEL, as_of=as_of, by="category")
        right = pipeline_coverage(deals[cut:], window, q2, model=MODEL, as_of=as_of, by="category")
        whole = pipeline_coverage(deals, window, q1 + q2, model=MODEL, as_of=as_of, by="category")
        merged = left + right
        # Weighted amounts are rounded once per part, so they may differ by a cent per part.
        assert (merged.quota, merged.booked, merged.open_pipeline) == (
            whole.quota,
            whole.booked,
            whole.open_pipeline,
        )
        assert abs(merged.weighted_pipeline - whole.weighted_pipeline) <= usd("0.01")
        assert merged.coverage == whole.coverage

    @settings(max_examples=80)  # each example tallies up to 8 deals with history
    @given(DEALS, WINDOWS, AS_OF, QUOTAS, QUOTAS)
    def test_owners_add_up_to_the_team(
        self, deals: list[Opportunity], window: Period, as_of: dt.date | None, a: Money, b: Money
    ) -> None:
        owners = {deal.owner_id for deal in deals} | {"R-1"}
        quotas = {owner: (a if owner == "R-1" else b) for owner in owners}
        reps = coverage_by_owner(deals, window, quotas, model=MODEL, as_of=as_of)
        assert list(reps) == sorted(owners)
        team = sum(list(reps.values())[1:], start=next(iter(reps.values())))
        whole = pipeline_coverage(
            deals, window, sum(quotas.values(), usd(0)), model=MODEL, as_of=as_of
        )
        assert (team.booked, team.open_pipeline, team.coverage) == (
            whole.booked,
            whole.open_pipeline,
            whole.coverage,
        )

    @settings(max_examples=80)  # each example tallies up to 8 deals with history
    @given(DEALS, WINDOWS, st.dates(dt.date(2024, 12, 1), dt.date(2026, 1, 31)), QUOTAS)
    def test_as_of_equals_the_snapshot(
        self, deals: list[Opportunity], window: Period, as_of: dt.date, quota: Money
    ) -> None:
        replayed = pipeline_coverage(deals, window, quota, model=MODEL, as_of=as_of)
        known = pipeline_coverage(snapshot(deals, as_of).deals, window, quota, model=MODEL)
        assert replayed.coverage == known.coverage
        assert replayed.booked == known.booked

    @given(pipeline_coverages())
    def test_ratios_are_undefined_exactly_when_nothing_remains(self, c: PipelineCoverage) -> None:
        if c.remaining.amount <= 0:
            assert c.coverage is None
            assert c.weighted_coverage is None
        else:
            assert c.coverage is not None
            assert c.weighted_coverage is not None
            assert D(0) <= c.weighted_coverage <= c.coverage

    @settings(max_examples=30)
    @given(st.lists(pipeline_coverages(), max_size=3))
    def test_records_round_trip(self, values: list[PipelineCoverage]) -> None:
        assert from_records(PipelineCoverage, to_records(values)) == values


class TestVelocityFromMetrics:
    def test_worked(self) -> None:
        # 1 won after 30 days, 1 lost: win rate 0.5, average 9,000, cycle 30 days;
        # 4 open deals × 0.5 × 9,000 ÷ 30 = 600.00 USD per day
        deals = [
            deal(1, 9000, "Closed Won", created_on=dt.date(2025, 1, 1),
                 close_date=dt.date(2025, 1, 31)),
            deal(2, 9000, "Closed Lost"),
            *(deal(i, 9000, "Proposal") for i in range(3, 7)),
        ]  # fmt: skip
        assert pipeline_metrics(deals, Q1, model=MODEL).sales_velocity == usd(600)

    def test_none_when_nothing_was_won(self) -> None:
        metrics = pipeline_metrics([deal(1, 5, "Proposal")], Q1, model=MODEL)
        assert metrics.sales_velocity is None

    @settings(max_examples=80)  # each example tallies up to 8 deals with history
    @given(DEALS, WINDOWS, AS_OF)
    def test_is_sales_velocity_of_the_fields(
        self, deals: list[Opportunity], window: Period, as_of: dt.date | None
    ) -> None:
        m = pipeline_metrics(deals, window, model=MODEL, as_of=as_of, currency="USD")
        cycle = None if m.sales_cycle is None else m.sales_cycle.mean_days
        assert m.sales_velocity == sales_velocity(
            m.open_count, m.win_rate, m.average_deal_size, cycle
        )
        if m.sales_velocity is not None:
            assert m.won_count > 0
            assert m.sales_velocity.amount >= 0
