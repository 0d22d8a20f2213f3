"""Deal commissions and clawbacks (``salesmgmt.compensation``: deal_commissions, clawback)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesmgmt import CurrencyMismatch, Money, Period, UnknownReference
from salesmgmt.compensation import (
    CommissionPlan,
    CommissionRate,
    CreditLine,
    DealRules,
    PayoutStatement,
    clawback,
    deal_commissions,
    payout,
)
from salesmgmt.strategies._compensation import commission_plans, credit_lines
from shared_strategies import consistent_facts

D = Decimal
YEAR = Period.year(2025)
AS_OF = dt.date(2026, 1, 31)
CONTRACT = [(D(1), D("0.05")), (D("1.5"), D("0.08")), (None, D("0.12"))]
#: The statement lines that are commission (what deals are paid), not bonus, cap or reviews.
COMMISSION = ("commission", "multi-year", "multiplier", "deal cap", "deal-type rate",
              "deal minimum", "true-up")  # fmt: skip


def usd(amount: int | str) -> Money:
    return Money.of(amount, "USD")


def line(amount: int | str, on: dt.date, oid: str = "O-1", rep: str = "R-1") -> CreditLine:
    return CreditLine(rep, oid, usd(amount), on)


def commission(statement: PayoutStatement) -> Money:
    return sum((x.result for x in statement.lines if x.rule in COMMISSION), usd(0))


def contract(method: Any = "marginal") -> CommissionPlan:
    return CommissionPlan("AE", YEAR, usd(100_000), CommissionRate(CONTRACT, method=method))


def xactly_plan() -> CommissionPlan:
    # Xactly's example plan: a flat 5 % rule with a minimum commission of $10.
    return CommissionPlan(
        "F", YEAR, usd(1), CommissionRate.flat("0.05"),
        deal_rules=DealRules(minimum_commission=usd(10)),
    )  # fmt: skip


def window(plan: CommissionPlan, credits: list[CreditLine], oid: str, on: dt.date) -> Money:
    return clawback(plan, "R-1", credits, oid, credited_on=on, cancelled_on=on, window_days=0)


class TestWorkedExamples:
    def test_xactly_minimum_is_clawed_back_at_the_calculation_rate(self) -> None:
        # Published: Xactly Incent, "Plan Design > Rules Library > Commission Clawback"
        # (helpcenter.xactlycorp.com/article/incent-administrator-plan-design-commission-clawback):
        # "Calculated commission: $100 credit * 5% = $5; Minimum commission: $10; Resulting
        # commission: $10. In this case, the clawback uses the calculation rate (5%),
        # resulting in a clawback of $5 of the $10 originally paid."
        plan = xactly_plan()
        sale = line(100, dt.date(2025, 1, 9))
        jan = payout(plan, "R-1", Period.month(2025, 1), [sale], AS_OF)
        assert [(x.rule, x.result) for x in jan.lines] == [
            ("commission", usd(5)), ("deal minimum", usd(5))
        ]  # fmt: skip
        assert jan.total == usd(10)
        assert deal_commissions(plan, "R-1", [sale]) == (("O-1", usd(10)),)
        back = clawback(plan, "R-1", [sale], "O-1", credited_on=dt.date(2025, 1, 9),
                        cancelled_on=dt.date(2025, 2, 3), window_days=90)  # fmt: skip
        assert back == usd(-5)
        # The same reversal as a negative credit line on the next statement: −5.
        reversal = CreditLine("R-1", "O-1", usd(-100), dt.date(2025, 2, 3))
        feb = payout(plan, "R-1", Period.month(2025, 2), [sale, reversal], AS_OF, [jan])
        assert feb.total == back

    def test_apply_highest_rate_deal_is_clawed_back_at_its_own_rate(self) -> None:
        # Retroactive contract tiers: O-1 90,000 in January pays 4,500; O-2 70,000 in
        # February lifts YTD to 160,000 at 12 % = 19,200, so O-2 paid 14,700.
        # Cancelled 30 days later, within a 90-day window: −14,700 comes back.
        credits = [line(90_000, dt.date(2025, 1, 15)), line(70_000, dt.date(2025, 2, 10), "O-2")]
        plan = contract("retroactive")
        paid = deal_commissions(plan, "R-1", credits)
        assert paid == (("O-1", usd(4_500)), ("O-2", usd(14_700)))
        back = clawback(plan, "R-1", credits, "O-2", credited_on=dt.date(2025, 2, 10),
                        cancelled_on=dt.date(2025, 3, 12), window_days=90)  # fmt: skip
        assert back == usd(-14_700)
        late = clawback(plan, "R-1", credits, "O-2", credited_on=dt.date(2025, 2, 10),
                        cancelled_on=dt.date(2025, 6, 1), window_days=90)  # fmt: skip
        assert late == usd(0)

    def test_per_deal_rules_are_attributed_to_their_deal(self) -> None:
        # Flat 10 %; O-1 90,000 over 36 months is credited 30,000 (pays 3,000); O-2 a
        # 10,000 renewal at 2 % pays 200; O-3 40,000 ENT × 1.5 = 60,000 pays 6,000.
        plan = CommissionPlan(
            "AE", YEAR, usd(100_000), CommissionRate.flat("0.1"),
            deal_rules=DealRules(12, segment_multipliers=[("ENT", "1.5")],
                                 type_rates=[("renewal", "0.02")]),
        )  # fmt: skip
        jan = dt.date(2025, 1, 5)
        credits = [
            CreditLine("R-1", "O-1", usd(90_000), jan, term_months=36),
            CreditLine("R-1", "O-2", usd(10_000), jan, deal_type="renewal"),
            CreditLine("R-1", "O-3", usd(40_000), jan, segment="ENT"),
        ]
        assert deal_commissions(plan, "R-1", credits) == (
            ("O-1", usd(3_000)), ("O-2", usd(200)), ("O-3", usd(6_000))
        )  # fmt: skip
        assert window(plan, credits, "O-1", jan) == usd(-3_000)

    def test_plan_change_effective_days(self) -> None:
        # On the plan from July only: the January deal is not this plan's to claw back.
        credits = [line(1_000, dt.date(2025, 1, 9)), line(2_000, dt.date(2025, 8, 1), "O-2")]
        h2 = Period(dt.date(2025, 7, 1), dt.date(2025, 12, 31))
        plan = CommissionPlan("F", YEAR, usd(1), CommissionRate.flat("0.1"))
        assert deal_commissions(plan, "R-1", credits, effective=h2) == (("O-2", usd(200)),)
        with pytest.raises(UnknownReference, match="O-1"):
            clawback(plan, "R-1", credits, "O-1", credited_on=dt.date(2025, 1, 9),
                     cancelled_on=dt.date(2025, 1, 9), window_days=0, effective=h2)  # fmt: skip


class TestErrors:
    def test_unknown_deal_names_the_field(self) -> None:
        with pytest.raises(UnknownReference, match="'opportunity_id'") as info:
            window(contract(), [line(1, dt.date(2025, 1, 2))], "O-9", dt.date(2025, 1, 2))
        assert "O-9" in str(info.value)

    def test_currency_names_the_plan(self) -> None:
        eur = CreditLine("R-1", "O-1", Money.of(1, "EUR"), dt.date(2025, 1, 2))
        with pytest.raises(CurrencyMismatch, match="CommissionPlan 'AE'"):
            deal_commissions(contract(), "R-1", [eur])


# -- properties ----------------------------------------------------------------------------

_PLANS = commission_plans(currencies=st.just("USD")).map(lambda p: attrs.evolve(p, year=YEAR))


def _credits(first: dt.date, last: dt.date) -> st.SearchStrategy[list[CreditLine]]:
    lines = credit_lines(
        rep_ids=st.just("R-1"), currencies=st.just("USD"), min_value=first, max_value=last
    )
    return st.lists(lines, max_size=10).map(consistent_facts)


class TestProperties:
    @given(_PLANS, _credits(YEAR.start, YEAR.end), st.randoms(use_true_random=False))
    def test_deal_commissions_add_up_to_the_statement_and_ignore_order(
        self, plan: CommissionPlan, credits: list[CreditLine], rng: Any
    ) -> None:
        paid = deal_commissions(plan, "R-1", credits)
        year = payout(plan, "R-1", YEAR, credits, AS_OF)
        assert sum((amount for _, amount in paid), usd(0)) == commission(year)
        rng.shuffle(credits)
        assert deal_commissions(plan, "R-1", credits) == paid

    @given(_PLANS, _credits(YEAR.start, dt.date(2025, 1, 30)), st.integers(1, 10**7),
           st.sampled_from([None, "SaaS", "ENT"]), st.sampled_from([None, "new", "renewal"]),
           st.none() | st.integers(1, 60))  # fmt: skip
    def test_a_reversal_on_the_statement_takes_back_exactly_the_clawback(
        self,
        plan: CommissionPlan,
        credits: list[CreditLine],
        cents: int,
        segment: str | None,
        deal_type: Any,
        term: int | None,
    ) -> None:
        # The last deal credited in January is reversed in February: the February
        # statement's commission lines take back exactly what clawback() names, at the
        # calculation rate (a minimum's top-up stays), whatever the plan's rules.
        jan_31 = dt.date(2025, 1, 31)
        last = CreditLine("R-1", "~LAST", Money.from_minor_units(cents, "USD"), jan_31,
                          segment=segment, deal_type=deal_type, term_months=term)  # fmt: skip
        booked = [*credits, last]
        jan = payout(plan, "R-1", Period.month(2025, 1), booked, AS_OF)
        reversal = attrs.evolve(last, amount=-last.amount, credited_on=dt.date(2025, 2, 3))
        feb = payout(plan, "R-1", Period.month(2025, 2), [*booked, reversal], AS_OF, [jan])
        assert commission(feb) == window(plan, booked, "~LAST", jan_31)

    @given(_PLANS, _credits(YEAR.start, YEAR.end), st.integers(1, 10**7))
    def test_clawing_back_the_last_deal_reverses_what_it_paid_without_a_minimum(
        self, plan: CommissionPlan, credits: list[CreditLine], cents: int
    ) -> None:
        rules = attrs.evolve(plan.deal_rules, minimum_commission=None)
        plan = attrs.evolve(plan, deal_rules=rules)
        last = CreditLine("R-1", "~LAST", Money.from_minor_units(cents, "USD"), YEAR.end)
        before = payout(plan, "R-1", YEAR, credits, AS_OF)
        after = payout(plan, "R-1", YEAR, [*credits, last], AS_OF)
        back = window(plan, [*credits, last], "~LAST", YEAR.end)
        assert back == commission(before) - commission(after)

    @given(st.decimals(min_value=0, max_value=1, places=2), st.integers(0, 10_000),
           st.lists(st.integers(1, 10**6), max_size=8))  # fmt: skip
    def test_each_deal_pays_at_least_the_minimum(
        self, rate: Decimal, minimum: int, deals: list[int]
    ) -> None:
        # Flat rate r and minimum m: the year pays Σ max(r × deal, m) (two roundings, so
        # within a cent) and every deal's attributed pay is within two cents of its own
        # (its increments of two running sums, each rounded).
        plan = CommissionPlan("F", YEAR, usd(1), CommissionRate.flat(rate),
                              deal_rules=DealRules(minimum_commission=usd(minimum)))  # fmt: skip
        credits = [line(amount, dt.date(2025, 3, 1), f"O-{i}") for i, amount in enumerate(deals)]
        year = payout(plan, "R-1", YEAR, credits, AS_OF)
        exact = sum(max(rate * amount, D(minimum)) for amount in deals)
        assert abs(year.total.amount - exact) <= D("0.01")
        paid = dict(deal_commissions(plan, "R-1", credits))
        for i, amount in enumerate(deals):
            assert abs(paid[f"O-{i}"].amount - max(rate * amount, D(minimum))) < D("0.02")
