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
    ValidationError,
)
from salesmgmt.compensation import (
    CommissionPlan,
    CommissionRate,
    CreditLine,
    PayCurve,
    PayoutStatement,
    QuotaBonus,
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

    @pytest.mark.parametrize(
        ("tiers", "booked", "expected"),
        [
            # A decelerator below a threshold: 2 % to 50 % of quota, 5 % above.
            # 40,000 → 800; 80,000 → 50,000 × 2 % + 30,000 × 5 % = 1,000 + 1,500 = 2,500.
            ([(D("0.5"), D("0.02")), (None, D("0.05"))], 40_000, 800),
            ([(D("0.5"), D("0.02")), (None, D("0.05"))], 80_000, 2_500),
            # A decelerator above 200 % (windfall protection): 10 % to 200 %, 5 % above.
            # 250,000 → 200,000 × 10 % + 50,000 × 5 % = 20,000 + 2,500 = 22,500.
            ([(D(2), D("0.10")), (None, D("0.05"))], 250_000, 22_500),
        ],
    )
    def test_decelerators(self, tiers: Any, booked: int, expected: int) -> None:
        plan = CommissionPlan("D", YEAR, usd(100_000), CommissionRate(tiers))
        s = payout(plan, "R-1", YEAR, [line(booked, dt.date(2025, 5, 5))], dt.date(2026, 1, 1))
        assert s.total == usd(expected)

    def test_cap_per_plan_period(self) -> None:
        # A quarterly plan is a plan whose period is the quarter: quota and cap are per
        # quarter. Q1 cap 2,000 at 10 %: January 15,000 → 1,500; February 15,000 → 1,500,
        # capped at 500 (the quarter's 2,000); March nothing more. Q2 starts afresh.
        def quarter(q: int) -> CommissionPlan:
            return CommissionPlan(f"Q{q}", Period.parse(f"2025-Q{q}"), usd(30_000),
                                  CommissionRate.flat("0.1"), cap=usd(2_000))  # fmt: skip

        credits = [line(15_000, dt.date(2025, 1, 5)), line(15_000, dt.date(2025, 2, 5), oid="O-2"),
                   line(25_000, dt.date(2025, 4, 5), oid="O-3")]  # fmt: skip
        history: list[PayoutStatement] = []
        for m in (1, 2, 3):
            history.append(payout(quarter(1), "R-1", month(m), credits, dt.date(2025, 7, 1),
                                  history))  # fmt: skip
        assert [s.total for s in history] == [usd(1_500), usd(500), usd(0)]
        april = payout(quarter(2), "R-1", month(4), credits, dt.date(2025, 7, 1))
        assert april.total == usd(2_000)

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


ON_A = Period(dt.date(2025, 1, 1), dt.date(2025, 6, 15))  # 166 days
ON_B = Period(dt.date(2025, 6, 16), dt.date(2025, 12, 31))  # 199 days


class TestPlanChange:
    """A rep on plan A until 2025-06-15 and on plan B from 2025-06-16."""

    def test_each_plan_pays_its_own_days_with_a_prorated_quota(self) -> None:
        # June has two statements, one per plan (Salesforce Spiff's default). A (flat 5 %)
        # pays O-1, credited on 06-10 while the rep was on A: 40,000 × 5 % = 2,000.
        # B (contract tiers, quota 200,000) pays O-2, credited on 06-20, against its quota
        # prorated to 199/365 days: 109,041.0959; 120,000 is 110.05 % of it:
        # 109,041.0959 × 5 % + 10,958.9041 × 8 % = 5,452.0548 + 876.7123 = 6,328.77.
        a = CommissionPlan("AE-A", YEAR, usd(120_000), CommissionRate.flat("0.05"))
        b = CommissionPlan("AE-B", YEAR, usd(200_000), CommissionRate(CONTRACT))
        credits = [line(40_000, dt.date(2025, 6, 10)),
                   line(120_000, dt.date(2025, 6, 20), oid="O-2")]  # fmt: skip
        june_a = payout(a, "R-1", month(6), credits, dt.date(2025, 7, 1), effective=ON_A)
        june_b = payout(b, "R-1", month(6), credits, dt.date(2025, 7, 1), effective=ON_B)
        assert (june_a.total, june_b.total) == (usd(2_000), usd("6328.77"))
        assert (june_a.ytd_bookings, june_b.ytd_bookings) == (usd(40_000), usd(120_000))
        # July: only B has new credits; A's July statement is empty (its days are over).
        july = [*credits, line(10_000, dt.date(2025, 7, 3), oid="O-3")]
        later = payout(a, "R-1", month(7), july, dt.date(2025, 8, 1), [june_a], effective=ON_A)
        assert later.total == usd(0)

    def test_a_late_credit_of_the_old_plans_days_is_trued_up_on_the_old_plan(self) -> None:
        a = CommissionPlan("AE-A", YEAR, usd(120_000), CommissionRate.flat("0.05"))
        june = payout(a, "R-1", month(6), [], dt.date(2025, 7, 1), effective=ON_A)
        late = [line(1_000, dt.date(2025, 6, 12))]  # known only in July
        july = payout(a, "R-1", month(7), late, dt.date(2025, 8, 1), [june], effective=ON_A)
        assert [(x.rule, x.result) for x in july.lines] == [
            ("commission", usd(0)), ("true-up", usd(50))
        ]  # fmt: skip

    def test_with_a_join_date_both_prorations_apply(self) -> None:
        # Hired 2025-07-01 and on the plan from 06-16: the plan's days worked are
        # 07-01..12-31 = 184 days, as for a plain joiner.
        rep = Rep("R-1", "New hire", "T-1", hired_on=dt.date(2025, 7, 1))
        credits = [line(60_000, dt.date(2025, 9, 1))]
        joined = payout(plan_(), rep, YEAR, credits, dt.date(2026, 1, 1), effective=ON_B)
        assert joined.total == usd("3287.67")  # as test_proration_for_a_rep_who_joins_mid_year

    def test_errors_name_the_field(self) -> None:
        with pytest.raises(ValidationError, match="'effective'") as info:
            payout(plan_(), "R-1", month(1), [], dt.date(2025, 2, 1),
                   effective=Period.year(2026))  # fmt: skip
        assert "2026" in str(info.value)
        with pytest.raises(ValidationError, match="'effective'"):
            payout(plan_(), "R-1", month(1), [], dt.date(2025, 2, 1),
                   effective=dt.date(2025, 1, 1))  # type: ignore[arg-type]  # fmt: skip
        gone = Rep("R-1", "Left", "T-1", left_on=dt.date(2025, 3, 31))
        with pytest.raises(ValidationError, match="'rep'") as info:
            payout(plan_(), gone, month(1), [], dt.date(2025, 2, 1), effective=ON_B)
        assert "2025-06-16" in str(info.value)

    @settings(max_examples=60)
    @given(usd_plans, credit_rows, st.dates(min_value=YEAR.start, max_value=YEAR.end))
    def test_each_plan_pays_only_its_days_and_months_add_up(
        self, plan: CommissionPlan, credits: list[CreditLine], change: dt.date
    ) -> None:
        plan = attrs_evolve_year(plan)
        before = Period(YEAR.start, change)
        mine = [c for c in credits if c.credited_on <= change]
        whole = payout(plan, "R-1", YEAR, credits, dt.date(2026, 1, 31), effective=before)
        assert whole == payout(plan, "R-1", YEAR, mine, dt.date(2026, 1, 31), effective=before)
        history: list[PayoutStatement] = []
        for m in range(1, 13):
            history.append(payout(plan, "R-1", month(m), credits, dt.date(2026, 1, 31), history,
                                  effective=before))  # fmt: skip
        assert sum((s.total for s in history), usd(0)) == whole.total

    @given(usd_plans, credit_rows)
    def test_the_whole_year_is_the_default(
        self, plan: CommissionPlan, credits: list[CreditLine]
    ) -> None:
        plan = attrs_evolve_year(plan)
        default = payout(plan, "R-1", YEAR, credits, dt.date(2026, 1, 31))
        assert payout(plan, "R-1", YEAR, credits, dt.date(2026, 1, 31),
                      effective=Period.year(2025)) == default  # fmt: skip

    @given(st.decimals(min_value=0, max_value=1, places=3), credit_rows,
           st.dates(min_value=YEAR.start, max_value=dt.date(2025, 12, 30)))  # fmt: skip
    def test_a_flat_plan_split_at_any_day_pays_the_whole_year_to_the_cent(
        self, rate: Decimal, credits: list[CreditLine], change: dt.date
    ) -> None:
        # A flat rate has no quota effect: the two parts of the year pay the year at
        # once, each part rounded once (so within one cent).
        plan = CommissionPlan("F", YEAR, usd(100_000), CommissionRate.flat(rate))
        first = Period(YEAR.start, change)
        rest = Period(change + dt.timedelta(days=1), YEAR.end)
        parts = [payout(plan, "R-1", YEAR, credits, dt.date(2026, 1, 1), effective=days).total
                 for days in (first, rest)]  # fmt: skip
        whole = payout(plan, "R-1", YEAR, credits, dt.date(2026, 1, 1)).total
        assert abs((parts[0] + parts[1] - whole).amount) <= Decimal("0.01")


def attrs_evolve_year(plan: CommissionPlan) -> CommissionPlan:
    """The drawn plan (per-deal rules included) moved to the 2025 plan year the credits use."""
    return CommissionPlan(plan.plan_id, YEAR, Money.of(plan.quota.amount, "USD"), plan.rate,
                          plan.bonus, plan.cap, deal_rules=plan.deal_rules)  # fmt: skip


class TestRecords:
    def test_statements_round_trip(self) -> None:
        s = payout(plan_(cap=usd(100)), "R-1", month(1), [line(9_000, dt.date(2025, 1, 2))],
                   dt.date(2025, 2, 1))  # fmt: skip
        assert from_records(PayoutStatement, to_records([s])) == [s]

    @settings(max_examples=50)
    @given(st.lists(commission_plans(), max_size=3, unique_by=lambda plan: plan.plan_id))
    def test_plans_round_trip(self, plans: list[CommissionPlan]) -> None:
        assert from_records(CommissionPlan, to_records(plans)) == plans
