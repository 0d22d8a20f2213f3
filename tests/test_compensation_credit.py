"""Crediting (``salesmgmt.compensation.credit``): splits, overlay and the crediting date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesmgmt import (
    Money,
    PolicyError,
    UnknownReference,
    ValidationError,
    WrongType,
    allocate,
    total,
)
from salesmgmt.compensation import CreditLine, CreditRules, Split, credit
from salesmgmt.org import OrgChart, Rep, Team
from salesmgmt.pipeline import Opportunity
from salesmgmt.records import from_records, to_records
from salesmgmt.strategies._compensation import credit_lines, credit_rules, splits

D = Decimal
DAY = dt.date(2025, 3, 31)


def deal(oid: str, owner: str, amount: str | int, on: dt.date = DAY) -> Opportunity:
    return Opportunity(
        oid, "A-1", owner, Money.of(amount, "USD"), dt.date(2025, 1, 1), on, "Closed Won"
    )


def usd(amount: str | int) -> Money:
    return Money.of(amount, "USD")


CHART = OrgChart(
    reps=[
        Rep("D", "Director", "T-CN", role="director"),
        Rep("M", "Manager", "T-E", role="manager"),
        Rep("R-1", "Rep one", "T-E"),
        Rep("R-2", "Rep two", "T-E"),
    ],
    teams=[Team("T-CN", "China"), Team("T-E", "East", parent_id="T-CN")],
)


class TestSplits:
    @pytest.mark.parametrize(
        ("amount", "percents", "expected"),
        [
            # 100.00 by 1/3 each: 33.333… → 33.34 to the lowest rep id, 33.33, 33.33.
            ("100", ["33.33", "33.33", "33.34"], ["33.33", "33.33", "33.34"]),
            ("100", ["100"], ["100"]),
            # 0.01 split 50/50: the single cent goes to the lowest rep id.
            ("0.01", ["50", "50"], ["0.01", "0"]),
            # 1,000 at 60/40 → 600/400 exactly.
            ("1000", ["60", "40"], ["600", "400"]),
        ],
    )
    def test_exact_to_the_cent(
        self, amount: str, percents: list[str], expected: list[str]
    ) -> None:
        rows = [Split("O-1", f"R-{i}", p) for i, p in enumerate(percents)]
        lines = credit([deal("O-1", "R-0", amount)], rows)
        assert [line.amount for line in lines] == [usd(e) for e in expected]
        assert {line.kind for line in lines} == {"split"}

    def test_thirds_go_to_the_lowest_rep_id(self) -> None:
        rows = [Split("O-1", r, D(100) / 4) for r in ("R-c", "R-a", "R-d", "R-b")]
        lines = credit([deal("O-1", "R-a", "0.02")], rows)
        assert [(x.rep_id, x.amount) for x in lines] == [
            ("R-a", usd("0.01")), ("R-b", usd("0.01")), ("R-c", usd(0)), ("R-d", usd(0))
        ]  # fmt: skip

    @pytest.mark.parametrize("percents", [["50", "49.99"], ["60", "60"]])
    def test_percentages_must_total_100(self, percents: list[str]) -> None:
        rows = [Split("O-1", f"R-{i}", p) for i, p in enumerate(percents)]
        with pytest.raises(PolicyError, match=r"Opportunity 'O-1'.*total exactly 100"):
            credit([deal("O-1", "R-0", 10)], rows)

    def test_a_rep_once_per_deal(self) -> None:
        with pytest.raises(PolicyError, match="each rep at most once"):
            credit([deal("O-1", "R-0", 10)], [Split("O-1", "R-1", 50), Split("O-1", "R-1", 50)])

    def test_split_of_unknown_deal(self) -> None:
        with pytest.raises(UnknownReference, match="O-9"):
            credit([deal("O-1", "R-0", 10)], [Split("O-9", "R-1", 100)])

    @pytest.mark.parametrize("percent", [0, -1, 101, "100.01"])
    def test_split_range(self, percent: object) -> None:
        with pytest.raises(ValidationError, match="percent"):
            Split("O-1", "R-1", percent)

    @given(
        st.integers(0, 10**9),
        st.lists(st.integers(1, 1000), min_size=1, max_size=6),
        st.randoms(use_true_random=False),
    )
    def test_split_credits_sum_to_the_deal_in_any_order(
        self, cents: int, raw: list[int], rng: object
    ) -> None:
        # Percentages with two decimals that total exactly 100.
        scaled = [D(r) * 10_000 // sum(raw) for r in raw]
        scaled[0] += 10_000 - sum(scaled)
        rows = [Split("O-1", f"R-{i}", p / 100) for i, p in enumerate(scaled) if p > 0]
        opp = deal("O-1", "R-0", str(Money.from_minor_units(cents, "USD").amount))
        lines = credit([opp], rows)
        assert total(line.amount for line in lines) == opp.amount
        shuffled = list(rows)
        rng.shuffle(shuffled)  # type: ignore[attr-defined]
        assert credit([opp], shuffled) == lines
        # The parts are allocate()'s, on the percentages in rep-id order.
        by_rep = sorted(rows, key=lambda split: split.rep_id)
        expected = allocate(opp.amount, [split.percent for split in by_rep])
        assert [line.amount for line in lines] == list(expected)


class TestOverlayAndDates:
    def test_direct_credit_goes_to_the_owner(self) -> None:
        (line,) = credit([deal("O-1", "R-1", 500)])
        assert line == CreditLine("R-1", "O-1", usd(500), DAY, "direct")

    def test_overlay_credits_the_chain_of_command(self) -> None:
        lines = credit(
            [deal("O-1", "R-1", 500)], (), CreditRules(overlay_levels=None), chart=CHART
        )
        assert [(x.rep_id, x.kind, x.amount) for x in lines] == [
            ("D", "overlay", usd(500)), ("M", "overlay", usd(500)), ("R-1", "direct", usd(500))
        ]  # fmt: skip

    def test_overlay_one_level(self) -> None:
        lines = credit(
            [deal("O-1", "R-1", 100), deal("O-2", "R-2", 50)],
            [],
            CreditRules(overlay_levels=1),
            chart=CHART,
        )
        manager = [x.amount for x in lines if x.rep_id == "M"]
        assert manager == [usd(100), usd(50)]  # the manager carries the team's number

    def test_overlay_needs_a_chart(self) -> None:
        with pytest.raises(PolicyError, match="chart"):
            credit([deal("O-1", "R-1", 1)], (), CreditRules(overlay_levels=1))

    def test_payment_date_rule(self) -> None:
        paid = dt.date(2025, 5, 2)
        rules = CreditRules(crediting_date="payment")
        lines = credit([deal("O-1", "R-1", 1), deal("O-2", "R-1", 2)], (), rules,
                       dates={"O-1": paid})  # fmt: skip
        # O-2 is not paid yet, so it is not credited yet.
        assert [(x.opportunity_id, x.credited_on) for x in lines] == [("O-1", paid)]
        with pytest.raises(PolicyError, match="dates"):
            credit([deal("O-1", "R-1", 1)], (), rules)

    def test_duplicate_deals(self) -> None:
        with pytest.raises(ValidationError, match="distinct"):
            credit([deal("O-1", "R-1", 1), deal("O-1", "R-1", 1)])

    @pytest.mark.parametrize("deals", [[object()], "O-1", None, [1.5]])
    def test_wrong_types(self, deals: object) -> None:
        with pytest.raises(WrongType):
            credit(deals)  # type: ignore[arg-type]

    @given(
        st.lists(
            st.tuples(st.integers(0, 10**8), st.sampled_from(["R-1", "R-2", "M"])), max_size=20
        ),
        st.randoms(use_true_random=False),
    )
    def test_order_invariant(self, rows: list[tuple[int, str]], rng: object) -> None:
        deals = [deal(f"O-{i}", owner, cents) for i, (cents, owner) in enumerate(rows)]
        rules = CreditRules(overlay_levels=None)
        lines = credit(deals, (), rules, chart=CHART)
        rng.shuffle(deals)  # type: ignore[attr-defined]
        assert credit(deals, (), rules, chart=CHART) == lines


class TestRecords:
    # records.py treats the first ``*_id`` field as a row key that must be unique, so the
    # round trip is checked on rows with distinct first ids (see the report to the lead).
    @given(st.lists(credit_lines(), max_size=5, unique_by=lambda line: line.rep_id))
    def test_credit_lines_round_trip(self, lines: list[CreditLine]) -> None:
        assert from_records(CreditLine, to_records(lines)) == lines

    @given(st.lists(splits(), max_size=5, unique_by=lambda split: split.opportunity_id))
    def test_splits_round_trip(self, rows: list[Split]) -> None:
        assert from_records(Split, to_records(rows)) == rows

    @given(st.lists(credit_rules(), max_size=3))
    def test_rules_round_trip(self, rows: list[CreditRules]) -> None:
        assert from_records(CreditRules, to_records(rows)) == rows
