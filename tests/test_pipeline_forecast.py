"""Forecast roll-up, the manager's call, forecast vs quota and the trend
(``salesmgmt.pipeline._forecast``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesmgmt import (
    CurrencyMismatch,
    Money,
    Period,
    UnknownReference,
    ValidationError,
    WrongType,
    from_records,
    to_records,
)
from salesmgmt.org import OrgChart, Rep, Team
from salesmgmt.pipeline import (
    AdjustedForecast,
    CloseDateChange,
    ForecastAdjustment,
    ForecastRollup,
    ForecastVsQuota,
    Opportunity,
    StageChange,
    StageModel,
    adjusted_rollup,
    forecast_by_owner,
    forecast_rollup,
    forecast_trend,
    forecast_vs_quota,
)
from salesmgmt.strategies._forecast import (
    adjusted_forecasts,
    forecast_adjustments,
    forecast_rollups,
    forecast_vs_quotas,
)
from salesmgmt.strategies._pipeline import deal_ids, opportunities

MODEL = StageModel.default()
Q1 = Period.quarter(2025, 1)
D = dt.date


def usd(x: str | int) -> Money:
    return Money(x, "USD")


def deal(
    deal_id: str, owner: str, stage: str, amount: str, close: dt.date, **kw: Any
) -> Opportunity:
    return Opportunity(deal_id, "A-1", owner, usd(amount), D(2025, 1, 2), close, stage, **kw)


# A small book for Q1 2025 under the default model (Prospecting/Qualification =
# pipeline, Proposal/Negotiation = best case, Commit = commit, Closed Won =
# closed, Closed Lost = omitted).
BOOK = (
    deal("O-1", "R-1", "Closed Won", "1000", D(2025, 2, 10)),  # closed 1000
    deal("O-2", "R-1", "Commit", "2000", D(2025, 3, 15)),  # commit 2000
    deal("O-3", "R-1", "Negotiation", "3000", D(2025, 3, 20)),  # best case 3000
    deal("O-4", "R-2", "Proposal", "500", D(2025, 1, 31), forecast_category="commit"),
    deal("O-5", "R-2", "Prospecting", "4000", D(2025, 3, 31)),  # pipeline 4000
    deal("O-6", "R-2", "Closed Lost", "700", D(2025, 2, 1)),  # omitted 700
    deal("O-7", "R-1", "Commit", "9999", D(2025, 4, 1)),  # closes in Q2: not counted
    deal("O-8", "R-2", "Qualification", "250", D(2025, 3, 3), forecast_category="omitted"),
)

usd_deals = st.lists(
    opportunities(currencies=st.just("USD"), ids=deal_ids()),
    max_size=12,
    unique_by=lambda d: d.opportunity_id,
)
years = st.sampled_from([Period.year(y) for y in range(2000, 2031)])


class TestWorkedRollup:
    """Hand-checked roll-up of BOOK."""

    def test_category_sums_and_cumulative_figures(self) -> None:
        r = forecast_rollup(BOOK, Q1, model=MODEL)
        assert r.closed == usd(1000)
        assert r.commit == usd(2500)  # O-2 2000 + O-4 500 (override)
        assert r.best_case == usd(3000)  # O-3
        assert r.pipeline == usd(4000)  # O-5
        assert r.omitted == usd(950)  # O-6 700 + O-8 250 (override)
        assert r.commit_forecast == usd(3500)  # 1000 + 2500
        assert r.best_case_forecast == usd(6500)  # 3500 + 3000
        assert r.open_pipeline == usd(9500)  # 4000 + 3000 + 2500; omitted never counts
        assert r.counts == (2, 1, 1, 2, 1)  # omitted, pipeline, best case, commit, closed

    @pytest.mark.parametrize(
        ("owner", "commit_forecast", "best_case_forecast", "open_pipeline"),
        [
            ("R-1", "3000", "6000", "5000"),  # 1000+2000; +3000; 2000+3000
            ("R-2", "500", "500", "4500"),  # 0+500; +0; 4000+0+500
        ],
    )
    def test_by_owner(
        self, owner: str, commit_forecast: str, best_case_forecast: str, open_pipeline: str
    ) -> None:
        r = forecast_by_owner(BOOK, Q1, model=MODEL)[owner]
        assert (r.commit_forecast, r.best_case_forecast, r.open_pipeline) == (
            usd(commit_forecast),
            usd(best_case_forecast),
            usd(open_pipeline),
        )

    def test_up_the_org_chart(self) -> None:
        chart = OrgChart(
            [Rep("R-1", "Li Na", "T-1"), Rep("R-2", "Wang Wei", "T-1")], [Team("T-1", "East")]
        )
        teams = chart.rollup(dict(forecast_by_owner(BOOK, Q1, model=MODEL)))
        assert teams["T-1"] == forecast_rollup(BOOK, Q1, model=MODEL)

    def test_empty_needs_a_currency(self) -> None:
        assert forecast_rollup([], Q1, model=MODEL, currency="EUR").open_pipeline == Money(
            0, "EUR"
        )
        with pytest.raises(ValidationError, match="currency"):
            forecast_rollup([], Q1, model=MODEL)
        assert dict(forecast_by_owner([], Q1, model=MODEL)) == {}


class TestRollupErrors:
    def test_unknown_stage_names_the_deal(self) -> None:
        with pytest.raises(UnknownReference, match=r"Opportunity 'O-9'.*'stage'"):
            forecast_rollup([deal("O-9", "R-1", "Won", "1", D(2025, 2, 1))], Q1, model=MODEL)

    def test_currencies_never_mix(self) -> None:
        eur = attrs.evolve(BOOK[1], opportunity_id="O-E", amount=Money(5, "EUR"))
        with pytest.raises(CurrencyMismatch):
            forecast_rollup([*BOOK, eur], Q1, model=MODEL)
        with pytest.raises(CurrencyMismatch):
            forecast_rollup(BOOK, Q1, model=MODEL, currency="EUR")

    @pytest.mark.parametrize(
        "call",
        [
            lambda: forecast_rollup([1], Q1, model=MODEL),
            lambda: forecast_rollup(BOOK, "2025-Q1", model=MODEL),
            lambda: forecast_rollup(BOOK, Q1, model=None),
            lambda: forecast_rollup(BOOK, Q1, model=MODEL, as_of="2025-01-01"),
            lambda: forecast_rollup(BOOK, Q1, model=MODEL, currency=1.5),
        ],
    )
    def test_wrong_types(self, call: Any) -> None:
        with pytest.raises(WrongType):
            call()

    def test_add_refuses_other_periods_and_types(self) -> None:
        r = forecast_rollup(BOOK, Q1, model=MODEL)
        other = forecast_rollup(BOOK, Period.quarter(2025, 2), model=MODEL)
        with pytest.raises(ValidationError, match="same period"):
            r + other
        with pytest.raises(WrongType):
            r + 1  # type: ignore[operator]  # the point of the test


class TestRollupProperties:
    @given(usd_deals, years, st.randoms(use_true_random=False))
    def test_cumulative_and_order_invariant(
        self, deals: list[Opportunity], period: Period, rnd: Any
    ) -> None:
        r = forecast_rollup(deals, period, model=MODEL, currency="USD")
        assert r.closed <= r.commit_forecast <= r.best_case_forecast
        assert r.open_pipeline <= r.best_case_forecast - r.closed + r.pipeline
        shuffled = list(deals)
        rnd.shuffle(shuffled)
        assert forecast_rollup(shuffled, period, model=MODEL, currency="USD") == r

    @given(usd_deals, years, st.integers(0, 12))
    def test_merge_of_disjoint_halves(
        self, deals: list[Opportunity], period: Period, cut: int
    ) -> None:
        whole = forecast_rollup(deals, period, model=MODEL, currency="USD")
        left = forecast_rollup(deals[:cut], period, model=MODEL, currency="USD")
        right = forecast_rollup(deals[cut:], period, model=MODEL, currency="USD")
        assert left + right == whole
        owners = forecast_by_owner(deals, period, model=MODEL)
        if owners:
            total = ForecastRollup.empty(period, "USD")
            for r in owners.values():
                total = total + r
            assert total == whole

    @given(usd_deals, years, st.dates(D(2000, 1, 1), D(2030, 12, 31)))
    def test_as_of_equals_rolling_up_the_snapshot(
        self, deals: list[Opportunity], period: Period, day: dt.date
    ) -> None:
        from salesmgmt.pipeline import deal_as_of

        known = [k for k in (deal_as_of(d, day) for d in deals) if k is not None]
        expected = forecast_rollup(known, period, model=MODEL, currency="USD")
        got = forecast_rollup(deals, period, model=MODEL, as_of=day, currency="USD")
        assert attrs.evolve(expected, as_of=day) == got


class TestAdjustments:
    """The manager's call, like Salesforce collaborative-forecast adjustments."""

    by_owner = forecast_by_owner(BOOK, Q1, model=MODEL)
    calls = (
        ForecastAdjustment("M-1", D(2025, 2, 20), "R-2", "commit", usd(800)),
        ForecastAdjustment("M-1", D(2025, 3, 1), "R-2", "commit", usd(1500), note="O-5 signs"),
    )

    def test_latest_call_wins_and_submitted_is_kept(self) -> None:
        out = adjusted_rollup(self.by_owner, self.calls)
        assert out["R-2"].commit_forecast == usd(1500)
        assert out["R-2"].submitted.commit_forecast == usd(500)
        assert out["R-2"].best_case_forecast == usd(500)  # not adjusted
        assert out["R-1"].commit_forecast == usd(3000)  # no call: adjusted = submitted
        assert out["R-2"].adjustments == (self.calls[1],)

    def test_as_of_ignores_later_calls(self) -> None:
        out = adjusted_rollup(self.by_owner, self.calls, as_of=D(2025, 2, 25))
        assert out["R-2"].commit_forecast == usd(800)

    def test_team_figure_adds_adjusted_members_then_team_call(self) -> None:
        reps = adjusted_rollup(self.by_owner, self.calls)
        team = reps["R-1"] + reps["R-2"]
        assert team.commit_forecast == usd(4500)  # 3000 + 1500 (adjusted)
        assert team.submitted.commit_forecast == usd(3500)  # 3000 + 500
        vp = ForecastAdjustment("VP", D(2025, 3, 5), "T-1", "commit", usd(4000))
        teams = adjusted_rollup({"T-1": team}, [vp])
        assert teams["T-1"].commit_forecast == usd(4000)
        assert teams["T-1"].submitted.commit_forecast == usd(3500)

    def test_errors(self) -> None:
        with pytest.raises(UnknownReference):
            adjusted_rollup(self.by_owner, [attrs.evolve(self.calls[0], target="R-9")])
        with pytest.raises(ValidationError, match="only adjustment"):
            adjusted_rollup(
                self.by_owner, [self.calls[0], attrs.evolve(self.calls[0], amount=usd(1))]
            )
        with pytest.raises(CurrencyMismatch):
            adjusted_rollup(self.by_owner, [attrs.evolve(self.calls[0], amount=Money(1, "EUR"))])
        with pytest.raises(ValidationError, match="category"):
            ForecastAdjustment("M-1", D(2025, 1, 1), "R-1", "closed", usd(1))

    @given(
        usd_deals,
        st.lists(
            forecast_adjustments(
                currencies=st.just("USD"), targets=st.sampled_from(["R-1", "R-2", "R-3"])
            ),
            max_size=6,
        ),
    )
    def test_never_changes_deals_or_submitted(
        self, deals: list[Opportunity], calls: list[ForecastAdjustment]
    ) -> None:
        before = list(deals)
        owners = forecast_by_owner(deals, Period.year(2025), model=MODEL, currency="USD")
        calls = [c for c in calls if c.target in owners]
        try:
            out = adjusted_rollup(owners, calls)
        except ValidationError:  # two calls for one target, category and day
            return
        assert deals == before
        assert {k: v.submitted for k, v in out.items()} == dict(owners)

    @given(
        adjusted_forecasts(currencies=st.just("USD")),
        adjusted_forecasts(currencies=st.just("USD")),
    )
    def test_add_is_commutative(self, a: AdjustedForecast, b: AdjustedForecast) -> None:
        b = attrs.evolve(
            b,
            submitted=attrs.evolve(
                b.submitted, period=a.submitted.period, as_of=a.submitted.as_of
            ),
        )
        assert a + b == b + a


class TestForecastVsQuota:
    @pytest.mark.parametrize(
        ("quota", "closed", "commit", "best", "pipeline", "gap"),
        [
            # closed 1000, commit 3000, best case 6000, open 5000 against 10 000
            ("10000", "0.1", "0.3", "0.6", "0.5", "7000"),
            ("2000", "0.5", "1.5", "3", "2.5", "-1000"),  # commit beats the quota
        ],
    )
    def test_ratios(
        self, quota: str, closed: str, commit: str, best: str, pipeline: str, gap: str
    ) -> None:
        v = forecast_vs_quota(forecast_by_owner(BOOK, Q1, model=MODEL)["R-1"], usd(quota))
        assert (v.closed, v.commit_forecast, v.best_case_forecast, v.open_pipeline) == (
            Decimal(closed),
            Decimal(commit),
            Decimal(best),
            Decimal(pipeline),
        )
        assert v.gap == usd(gap)

    def test_zero_quota_is_none(self) -> None:
        v = forecast_vs_quota(forecast_rollup(BOOK, Q1, model=MODEL), usd(0))
        assert v.closed is v.commit_forecast is v.open_pipeline is None

    @given(forecast_rollups(currencies=st.just("USD")), st.integers(1, 10**9))
    def test_ratios_are_ordered(self, r: ForecastRollup, quota: int) -> None:
        v = forecast_vs_quota(r, usd(quota))
        assert v.closed is not None
        assert v.commit_forecast is not None
        assert v.best_case_forecast is not None
        assert v.closed <= v.commit_forecast <= v.best_case_forecast


class TestTrend:
    def test_how_the_call_moved(self) -> None:
        moving = Opportunity(
            "O-9",
            "A-1",
            "R-1",
            usd(1000),
            D(2025, 1, 2),
            D(2025, 4, 15),
            "Commit",
            history=[
                StageChange(D(2025, 1, 20), "Proposal", "Commit"),
                CloseDateChange(D(2025, 2, 3), D(2025, 3, 28), D(2025, 4, 15)),
            ],
        )
        weeks = [D(2025, 1, 27), D(2025, 1, 13), D(2025, 2, 10), D(2025, 1, 13)]
        trend = forecast_trend([moving], Q1, weeks, model=MODEL, currency="USD")
        assert [r.as_of for r in trend] == [D(2025, 1, 13), D(2025, 1, 27), D(2025, 2, 10)]
        # week 1: Proposal (best case); week 2: Commit; week 3: pushed to Q2
        assert [(r.best_case, r.commit) for r in trend] == [
            (usd(1000), usd(0)),
            (usd(0), usd(1000)),
            (usd(0), usd(0)),
        ]

    def test_dates_are_checked(self) -> None:
        with pytest.raises(WrongType, match=r"dates\[0\]"):
            forecast_trend(BOOK, Q1, ["2025-01-01"], model=MODEL)


class TestRecords:
    @given(st.lists(forecast_rollups(), max_size=3))
    def test_rollups_round_trip(self, values: list[ForecastRollup]) -> None:
        assert from_records(ForecastRollup, to_records(values)) == values

    @given(st.lists(forecast_adjustments(), max_size=3))
    def test_adjustments_round_trip(self, values: list[ForecastAdjustment]) -> None:
        assert from_records(ForecastAdjustment, to_records(values)) == values

    @given(st.lists(adjusted_forecasts(), max_size=2))
    def test_adjusted_forecasts_round_trip(self, values: list[AdjustedForecast]) -> None:
        assert from_records(AdjustedForecast, to_records(values)) == values

    @given(st.lists(forecast_vs_quotas(), max_size=2))
    def test_forecast_vs_quota_round_trip(self, values: list[ForecastVsQuota]) -> None:
        assert from_records(ForecastVsQuota, to_records(values)) == values
