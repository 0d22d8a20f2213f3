"""Plans, payout statements, explain and what_if (``salesmgmt.compensation``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesmgmt import (
    CurrencyMismatch,
    Money,
    Period,
    PeriodError,
    PolicyError,
    UnknownReference,
    ValidationError,
)
from salesmgmt.compensation import (
    CommissionPlan,
    CommissionRate,
    CreditLine,
    PayCurve,
    PayoutStatement,
    QuotaBonus,
    clawback,
    deal_commissions,
    explain,
    payout,
    what_if,
)
from salesmgmt.org import Rep
from salesmgmt.records import from_records, to_records
from salesmgmt.strategies._compensation import (
    commission_plans,
    commission_rates,
    pay_curves,
    tier_tables,
)

D = Decimal
YEAR = Period.year(2025)
CONTRACT = [(D(1), D("0.05")), (D("1.5"), D("0.08")), (None, D("0.12"))]


def usd(amount: int | str) -> Money:
    return Money.of(amount, "USD")


def plan_(method: Any = "marginal", **kwargs: Any) -> CommissionPlan:
    return CommissionPlan(
        "AE-2025",
        YEAR,
        usd(100_000),
        CommissionRate(CONTRACT, method=method),
        **kwargs,
    )


def line(amount: int | str, on: dt.date, rep: str = "R-1", oid: str = "O-1") -> CreditLine:
    return CreditLine(rep, oid, usd(amount), on)


def month(m: int) -> Period:
    return Period.month(2025, m)


def run_months(
    plan: CommissionPlan, credits: list[CreditLine], months: int = 12
) -> list[PayoutStatement]:
    history: list[PayoutStatement] = []
    for m in range(1, months + 1):
        history.append(payout(plan, "R-1", month(m), credits, dt.date(2026, 1, 31), history))
    return history


class TestWorkedExamples:
    @pytest.mark.parametrize(
        ("method", "expected"), [("marginal", 10_200), ("retroactive", 19_200)]
    )
    def test_contract_example_as_a_statement(self, method: str, expected: int) -> None:
        s = payout(plan_(method), "R-1", YEAR, [line(160_000, dt.date(2025, 6, 1))],
                   dt.date(2026, 1, 1))  # fmt: skip
        assert s.total == usd(expected)
        assert s.total == sum((x.result for x in s.lines), usd(0))

    def test_apply_highest_rate_later_in_the_year(self) -> None:
        # Retroactive: January 90,000 at 5 % = 4,500. February adds 70,000: YTD 160,000
        # reaches 12 %: 19,200 − 4,500 = 14,700 paid in February.
        credits = [
            line(90_000, dt.date(2025, 1, 15)),
            line(70_000, dt.date(2025, 2, 10), oid="O-2"),
        ]
        jan, feb = run_months(plan_("retroactive"), credits, months=2)
        assert (jan.total, feb.total) == (usd(4_500), usd(14_700))

    def test_true_up_line_when_prior_credits_change(self) -> None:
        # January was paid on 50,000 (2,500). A 10,000 January deal is credited late;
        # February's statement pays 10,000 × 5 % = 500 as its own true-up line.
        plan = plan_()
        jan = payout(
            plan, "R-1", month(1), [line(50_000, dt.date(2025, 1, 5))], dt.date(2025, 2, 1)
        )
        late = [line(50_000, dt.date(2025, 1, 5)), line(10_000, dt.date(2025, 1, 30), oid="O-2")]
        feb = payout(plan, "R-1", month(2), late, dt.date(2025, 3, 1), [jan])
        assert [(x.rule, x.result) for x in feb.lines] == [
            ("commission", usd(0)), ("true-up", usd(500))
        ]  # fmt: skip
        assert "True-up" in feb.lines[1].sentence

    def test_cap_line(self) -> None:
        # 300,000 booked: 5,000 + 4,000 + 150,000 × 12 % = 27,000, capped at 20,000.
        s = payout(plan_(cap=usd(20_000)), "R-1", YEAR, [line(300_000, dt.date(2025, 3, 1))],
                   dt.date(2026, 1, 1))  # fmt: skip
        assert [(x.rule, x.result) for x in s.lines] == [
            ("commission", usd(27_000)), ("cap", usd(-7_000))
        ]  # fmt: skip
        assert s.total == usd(20_000)

    def test_gate(self) -> None:
        # Gate at 50 %: 40,000 pays nothing; at 60,000 the whole 60,000 pays 5 % = 3,000.
        plan = CommissionPlan("G", YEAR, usd(100_000), CommissionRate(CONTRACT, gate=D("0.5")))
        credits = [line(40_000, dt.date(2025, 1, 5)), line(20_000, dt.date(2025, 2, 5), oid="O-2")]
        jan, feb = run_months(plan, credits, months=2)
        assert (jan.total, feb.total) == (usd(0), usd(3_000))

    def test_quota_bonus_line(self) -> None:
        # Bonus target 10,000 by the SEC linear curve: 110 % attainment → factor 1.3 → 13,000.
        curve = PayCurve([(D("0.8"), D("0.8")), (D(1), D(1)), (D("1.2"), D("1.6"))], cap=D("1.6"))
        plan = plan_(bonus=QuotaBonus(usd(10_000), curve))
        s = payout(plan, "R-1", YEAR, [line(110_000, dt.date(2025, 5, 5))], dt.date(2026, 1, 1))
        # commission: 5,000 + 10,000 × 8 % = 5,800; bonus 13,000.
        assert [(x.rule, x.result) for x in s.lines] == [
            ("commission", usd(5_800)), ("quota bonus", usd(13_000))
        ]  # fmt: skip

    def test_proration_for_a_rep_who_joins_mid_year(self) -> None:
        # Hired 2025-07-01: 184 of 365 days, quota 100,000 × 184/365 = 50,410.958…;
        # 60,000 booked: 50,410.96 (exact share) at 5 % + the rest at 8 %
        # = 2,520.5479… + 9,589.041… × 8 % (767.1233…) = 3,287.67.
        rep = Rep("R-1", "New hire", "T-1", hired_on=dt.date(2025, 7, 1))
        s = payout(plan_(), rep, YEAR, [line(60_000, dt.date(2025, 9, 1))], dt.date(2026, 1, 1))
        assert s.total == usd("3287.67")

    def test_explain(self) -> None:
        s = payout(plan_(cap=usd(6_000)), "R-1", month(3), [line(160_000, dt.date(2025, 3, 3))],
                   dt.date(2025, 4, 1))  # fmt: skip
        text = explain(s)
        assert text.splitlines()[0] == (
            "Statement of plan 'AE-2025' for 'R-1', 2025-03 (as of 2025-04-01)"
        )
        assert "  commission: 10200.00 USD" in text
        assert "  cap: -4200.00 USD" in text
        assert text.splitlines()[-1].startswith("Total: 6000.00 USD")

    def test_what_if(self) -> None:
        # 95,000 booked; 10,000 more → 5,000 at 5 % + 5,000 at 8 % = 650.
        answer = what_if(plan_(), "R-1", usd(10_000), period=month(3), as_of=dt.date(2025, 3, 20),
                         credits=[line(95_000, dt.date(2025, 3, 3))])  # fmt: skip
        assert answer.extra_earnings == usd(650)
        assert "would add 650.00 USD" in answer.sentence


class TestValidation:
    def test_errors_name_the_plan(self) -> None:
        with pytest.raises(CurrencyMismatch, match="CommissionPlan 'AE-2025'"):
            plan_(cap=Money.of(1, "EUR"))
        with pytest.raises(PolicyError, match="CommissionPlan 'AE-2025': 'cap'"):
            plan_(cap=usd(-1))
        with pytest.raises(ValidationError, match="quota above zero"):
            CommissionPlan("P", YEAR, usd(0), CommissionRate.flat(1))

    def test_period_outside_the_plan_year(self) -> None:
        with pytest.raises(PeriodError, match="payout\\(\\) of CommissionPlan 'AE-2025'"):
            payout(plan_(), "R-1", Period.month(2026, 1), [], dt.date(2026, 2, 1))

    def test_history_must_come_before(self) -> None:
        jan = payout(plan_(), "R-1", month(1), [], dt.date(2025, 2, 1))
        with pytest.raises(ValidationError, match="history"):
            payout(plan_(), "R-1", month(1), [], dt.date(2025, 2, 1), [jan])
        with pytest.raises(ValidationError, match="history"):
            payout(plan_(), "R-2", month(2), [], dt.date(2025, 3, 1), [jan])

    def test_credit_currency(self) -> None:
        eur = CreditLine("R-1", "O-1", Money.of(1, "EUR"), dt.date(2025, 1, 1))
        with pytest.raises(CurrencyMismatch):
            payout(plan_(), "R-1", month(1), [eur], dt.date(2025, 2, 1))

    def test_tampered_total(self) -> None:
        s = payout(
            plan_(), "R-1", month(1), [line(1_000, dt.date(2025, 1, 2))], dt.date(2025, 2, 1)
        )
        with pytest.raises(ValidationError, match="sum of the lines"):
            PayoutStatement(s.plan_id, s.rep_id, s.period, s.as_of, s.lines, usd(1),
                            s.ytd_bookings, s.ytd_paid)  # fmt: skip


# -- properties ----------------------------------------------------------------------------

days = st.dates(min_value=YEAR.start, max_value=YEAR.end)
credit_rows = st.lists(
    st.builds(line, st.integers(-50_000, 300_000), days, st.sampled_from(["R-1", "R-2"]),
              st.sampled_from(["O-1", "O-2", "O-3"])),
    max_size=12,
)  # fmt: skip
usd_plans = commission_plans(currencies=st.just("USD"))
# Rates that never fall: a retroactive table with a lower rate above a bound (a
# decelerator) pays less for more, by design, so monotonicity is checked without them.
ascending_plans = commission_plans(
    currencies=st.just("USD"),
    rates=commission_rates(tiers=tier_tables(ascending_rates=True)),
)


class TestProperties:
    @settings(max_examples=60)
    @given(usd_plans, credit_rows)
    def test_month_by_month_equals_the_year_at_once(
        self, plan: CommissionPlan, credits: list[CreditLine]
    ) -> None:
        plan = attrs_evolve_year(plan)
        statements = run_months(plan, credits)
        whole = payout(plan, "R-1", YEAR, credits, dt.date(2026, 1, 31))
        assert sum((s.total for s in statements), usd(0)) == whole.total
        assert statements[-1].ytd_paid == whole.ytd_paid

    @settings(max_examples=60)
    @given(usd_plans, credit_rows, st.lists(st.integers(0, 11), min_size=12, max_size=12))
    def test_late_credits_are_trued_up_to_the_year_at_once(
        self, plan: CommissionPlan, credits: list[CreditLine], delays: list[int]
    ) -> None:
        # Each credit becomes known some months after its date (a late booking, a
        # re-credit); each month's statement sees only what is known by then, the
        # December statement sees everything. True-up lines make the year add up.
        plan = attrs_evolve_year(plan)
        known = [min(c.credited_on.month + delays[i % 12], 12) for i, c in enumerate(credits)]
        history: list[PayoutStatement] = []
        for m in range(1, 13):
            seen = [c for c, k in zip(credits, known, strict=True) if k <= m]
            history.append(payout(plan, "R-1", month(m), seen, dt.date(2026, 1, 31), history))
        whole = payout(plan, "R-1", YEAR, credits, dt.date(2026, 1, 31))
        assert sum((s.total for s in history), usd(0)) == whole.total

    @settings(max_examples=60)
    @given(usd_plans, credit_rows)
    def test_cap_is_never_exceeded(self, plan: CommissionPlan, credits: list[CreditLine]) -> None:
        plan = attrs_evolve_year(plan)
        for s in run_months(plan, credits):
            assert s.total == sum((x.result for x in s.lines), usd(0))
            if plan.cap is not None:
                assert s.ytd_paid <= plan.cap

    @given(ascending_plans, credit_rows, st.integers(0, 10**7), st.randoms(use_true_random=False))
    def test_non_decreasing_in_bookings_and_order_invariant(
        self, plan: CommissionPlan, credits: list[CreditLine], extra: int, rng: object
    ) -> None:
        plan = attrs_evolve_year(plan)
        base = payout(plan, "R-1", YEAR, credits, dt.date(2026, 1, 1))
        more = [*credits, line(extra, dt.date(2025, 6, 30), oid="O-X")]
        assert payout(plan, "R-1", YEAR, more, dt.date(2026, 1, 1)).total >= base.total
        rng.shuffle(credits)  # type: ignore[attr-defined]
        assert payout(plan, "R-1", YEAR, credits, dt.date(2026, 1, 1)) == base

    # Whole-dollar deals at a rate with two decimals pay whole cents: nothing rounds.
    @given(st.decimals(min_value=0, max_value=1, places=2), st.integers(1, 10**7),
           st.integers(1, 10**7))  # fmt: skip
    def test_a_reversal_takes_back_exactly_what_the_deal_paid_on_a_flat_rate(
        self, rate: Decimal, first: int, second: int
    ) -> None:
        plan = CommissionPlan("F", YEAR, usd(100_000), CommissionRate.flat(rate))
        deal = line(second, dt.date(2025, 1, 20), oid="O-2")
        credits = [line(first, dt.date(2025, 1, 10)), deal]
        jan = payout(plan, "R-1", month(1), credits, dt.date(2025, 2, 1))
        alone = payout(plan, "R-1", month(1), [deal], dt.date(2025, 2, 1))
        reversal = CreditLine("R-1", "O-2", -deal.amount, dt.date(2025, 2, 3))
        feb = payout(plan, "R-1", month(2), [*credits, reversal], dt.date(2025, 3, 1), [jan])
        assert feb.total == -alone.total

    @given(tier_tables(), pay_curves(), st.integers(0, 10**7), st.integers(0, 10**7))
    def test_what_if_is_the_difference_of_two_statements(
        self, table: object, curve: PayCurve, booked: int, extra: int
    ) -> None:
        plan = CommissionPlan("W", YEAR, usd(100_000), CommissionRate(table),
                              QuotaBonus(usd(5_000), curve))  # fmt: skip
        credits = [line(booked, dt.date(2025, 3, 1))]
        answer = what_if(plan, "R-1", usd(extra), period=month(3), as_of=dt.date(2025, 3, 15),
                         credits=credits)  # fmt: skip
        with_deal = payout(plan, "R-1", month(3), [*credits, line(extra, dt.date(2025, 3, 15))],
                           dt.date(2025, 3, 15))  # fmt: skip
        assert answer.with_deal == with_deal.total
        assert answer.extra_earnings >= usd(0)


class TestClawbacks:
    def test_xactly_style_example(self) -> None:
        # Retroactive contract tiers: O-1 90,000 in January pays 4,500; O-2 70,000 in
        # February lifts YTD to 160,000 at 12 % = 19,200, so O-2 paid 14,700.
        # Cancelled 30 days later, within a 90-day window: −14,700 comes back.
        credits = [
            line(90_000, dt.date(2025, 1, 15)),
            line(70_000, dt.date(2025, 2, 10), oid="O-2"),
        ]
        plan = plan_("retroactive")
        assert deal_commissions(plan, "R-1", credits) == (
            ("O-1", usd(4_500)),
            ("O-2", usd(14_700)),
        )
        back = clawback(plan, "R-1", credits, "O-2", credited_on=dt.date(2025, 2, 10),
                        cancelled_on=dt.date(2025, 3, 12), window_days=90)  # fmt: skip
        assert back == usd(-14_700)
        late = clawback(plan, "R-1", credits, "O-2", credited_on=dt.date(2025, 2, 10),
                        cancelled_on=dt.date(2025, 6, 1), window_days=90)  # fmt: skip
        assert late == usd(0)
        with pytest.raises(UnknownReference):
            clawback(plan, "R-1", credits, "O-9", credited_on=dt.date(2025, 2, 10),
                     cancelled_on=dt.date(2025, 3, 1), window_days=90)  # fmt: skip

    @given(usd_plans, credit_rows, st.randoms(use_true_random=False))
    def test_deal_commissions_add_up_and_ignore_order(
        self, plan: CommissionPlan, credits: list[CreditLine], rng: object
    ) -> None:
        plan = attrs_evolve_year(plan)
        paid = deal_commissions(plan, "R-1", credits)
        whole = payout(plan, "R-1", YEAR, credits, dt.date(2026, 1, 1))
        commission = sum((x.result for x in whole.lines if x.rule in ("commission", "true-up")),
                         usd(0))  # fmt: skip
        assert sum((amount for _, amount in paid), usd(0)) == commission
        rng.shuffle(credits)  # type: ignore[attr-defined]
        assert deal_commissions(plan, "R-1", credits) == paid

    @given(usd_plans, credit_rows, st.integers(1, 10**7))
    def test_clawing_back_the_last_deal_reverses_exactly_what_it_paid(
        self, plan: CommissionPlan, credits: list[CreditLine], cents: int
    ) -> None:
        plan = attrs_evolve_year(plan)
        last = CreditLine("R-1", "O-LAST", Money.from_minor_units(cents, "USD"), YEAR.end)
        before = payout(plan, "R-1", YEAR, credits, dt.date(2026, 1, 1))
        after = payout(plan, "R-1", YEAR, [*credits, last], dt.date(2026, 1, 1))
        back = clawback(plan, "R-1", [*credits, last], "O-LAST", credited_on=YEAR.end,
                        cancelled_on=YEAR.end, window_days=0)  # fmt: skip
        commission = lambda s: sum(  # noqa: E731
            (x.result for x in s.lines if x.rule in ("commission", "true-up")), usd(0)
        )
        assert back == commission(before) - commission(after)


def attrs_evolve_year(plan: CommissionPlan) -> CommissionPlan:
    """The drawn plan moved to the 2025 plan year the credits use."""
    return CommissionPlan(plan.plan_id, YEAR, Money.of(plan.quota.amount, "USD"), plan.rate,
                          plan.bonus, plan.cap)  # fmt: skip


class TestRecords:
    def test_statements_round_trip(self) -> None:
        s = payout(plan_(cap=usd(100)), "R-1", month(1), [line(9_000, dt.date(2025, 1, 2))],
                   dt.date(2025, 2, 1))  # fmt: skip
        assert from_records(PayoutStatement, to_records([s])) == [s]

    @settings(max_examples=50)
    @given(st.lists(commission_plans(), max_size=3, unique_by=lambda plan: plan.plan_id))
    def test_plans_round_trip(self, plans: list[CommissionPlan]) -> None:
        assert from_records(CommissionPlan, to_records(plans)) == plans
