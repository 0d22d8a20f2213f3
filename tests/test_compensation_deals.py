"""Per-deal rules and review adjustments in payouts (``salesmgmt.compensation``)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesmgmt import CurrencyMismatch, Money, Period, PolicyError, SalesMgmtError, ValidationError
from salesmgmt.compensation import (
    CommissionPlan,
    CommissionRate,
    CreditLine,
    DealRules,
    DealTerms,
    PayoutStatement,
    credit,
    explain,
    payout,
    what_if,
)
from salesmgmt.compensation._tiers import round_half_up
from salesmgmt.pipeline import Opportunity
from salesmgmt.records import from_records, to_records
from salesmgmt.reviews import Penalty, Reward
from salesmgmt.strategies._compensation import (
    commission_plans,
    credit_lines,
    deal_rules,
    deal_terms,
)
from shared_strategies import consistent_facts

D = Decimal
YEAR = Period.year(2025)
JAN = Period.month(2025, 1)
AS_OF = dt.date(2026, 1, 31)
CONTRACT = [(D(1), D("0.05")), (D("1.5"), D("0.08")), (None, D("0.12"))]


def usd(amount: int | str) -> Money:
    return Money.of(amount, "USD")


def flat(rate: str = "0.1", **rules: Any) -> CommissionPlan:
    return CommissionPlan(
        "AE", YEAR, usd(100_000), CommissionRate.flat(rate), deal_rules=DealRules(**rules)
    )


def line(amount: int, oid: str = "O-1", day: int = 5, **facts: Any) -> CreditLine:
    return CreditLine("R-1", oid, usd(amount), dt.date(2025, 1, day), **facts)


def rules_of(statement: PayoutStatement) -> list[tuple[str, Money]]:
    return [(x.rule, x.result) for x in statement.lines]


def lines_total(statement: PayoutStatement) -> Money:
    return sum((x.result for x in statement.lines), Money.zero(statement.total.currency))


class TestWorkedExamples:
    @pytest.mark.parametrize(
        ("rules", "credit_line", "expected"),
        [
            # 3-year deal of 90,000 credited on its first 12 months: 90,000 × 12/36 = 30,000;
            # 10 % of it = 3,000; the line takes back 9,000 − 3,000 = 6,000.
            ({"credited_months": 12}, line(90_000, term_months=36), ("multi-year", -6_000, 3_000)),
            # A 6-month deal is shorter than 12 months: credited whole (9,000), line 0.
            ({"credited_months": 12}, line(90_000, term_months=6), ("multi-year", 0, 9_000)),
            # Segment ENT × 1.5: 40,000 credits 60,000; 10 % = 6,000, i.e. +2,000.
            (
                {"segment_multipliers": [("ENT", "1.5")]},
                line(40_000, segment="ENT"),
                ("multiplier", 2_000, 6_000),
            ),
            # Product SaaS × 0.5 (services at ×1 unlisted): 40,000 → 20,000 → 2,000, i.e. −2,000.
            (
                {"product_multipliers": [("SaaS", "0.5")]},
                line(40_000, product="SaaS"),
                ("multiplier", -2_000, 2_000),
            ),
            # Per-deal cap 50,000 on an 80,000 deal: 10 % of 50,000 = 5,000, i.e. −3,000.
            ({"deal_cap": usd(50_000)}, line(80_000), ("deal cap", -3_000, 5_000)),
            # Renewals at a flat 2 % outside the 10 % table: 10,000 × 2 % = 200, i.e. −800.
            (
                {"type_rates": [("renewal", "0.02")]},
                line(10_000, deal_type="renewal"),
                ("deal-type rate", -800, 200),
            ),
            # New logos at 15 %: 10,000 × 15 % = 1,500, i.e. +500 over the table's 1,000.
            (
                {"type_rates": [("new", "0.15")]},
                line(10_000, deal_type="new"),
                ("deal-type rate", 500, 1_500),
            ),
        ],
    )
    def test_each_rule_is_its_own_line(
        self, rules: dict[str, Any], credit_line: CreditLine, expected: tuple[str, int, int]
    ) -> None:
        rule, change, total = expected
        s = payout(flat(**rules), "R-1", JAN, [credit_line], AS_OF)
        assert rules_of(s)[1] == (rule, usd(change))
        assert s.total == usd(total)
        assert s.lines[1].sentence
        assert s.lines[1].rate

    def test_all_rules_together(self) -> None:
        # O-1 90,000 over 36 months → 30,000; O-2 40,000 ENT × 1.5 = 60,000, capped at 50,000;
        # O-3 renewal 10,000 at 2 % = 200. Table: (30,000 + 50,000) × 10 % = 8,000; total 8,200.
        # Lines: 140,000 × 10 % = 14,000; multi-year −6,000 (90,000 → 30,000);
        # multiplier +2,000 (+20,000); cap −1,000 (−10,000); renewal 200 − 1,000 = −800.
        plan = flat(
            credited_months=12,
            segment_multipliers=[("ENT", "1.5")],
            deal_cap=usd(50_000),
            type_rates=[("renewal", "0.02")],
        )
        credits = [
            line(90_000, "O-1", term_months=36),
            line(40_000, "O-2", segment="ENT"),
            line(10_000, "O-3", deal_type="renewal"),
        ]
        s = payout(plan, "R-1", JAN, credits, AS_OF)
        assert rules_of(s) == [
            ("commission", usd(14_000)),
            ("multi-year", usd(-6_000)),
            ("multiplier", usd(2_000)),
            ("deal cap", usd(-1_000)),
            ("deal-type rate", usd(-800)),
        ]
        assert s.total == usd(8_200)
        assert s.ytd_bookings == usd(140_000)
        assert "deal-type rate: -800.00 USD" in explain(s)

    def test_first_year_crediting_with_contract_tiers(self) -> None:
        # A 3-year deal of 480,000 credited on 12 months: 160,000 → the marginal
        # example 5,000 + 4,000 + 1,200 = 10,200 (the raw 480,000 would earn 48,600).
        plan = CommissionPlan(
            "AE", YEAR, usd(100_000), CommissionRate(CONTRACT), deal_rules=DealRules(12)
        )
        s = payout(plan, "R-1", YEAR, [line(480_000, term_months=36)], AS_OF)
        assert s.total == usd(10_200)
        # 48,600 = 5,000 + 4,000 + 330,000 × 12 % (39,600); the line is 10,200 − 48,600
        assert rules_of(s) == [("commission", usd(48_600)), ("multi-year", usd(-38_400))]

    def test_deal_cap_across_periods(self) -> None:
        # Cap 100,000; one deal credited 60,000 in January and 90,000 in February:
        # January pays 6,000; February's credit stops at 100,000 − 60,000 = 40,000: 4,000.
        plan = flat(deal_cap=usd(100_000))
        credits = [line(60_000), CreditLine("R-1", "O-1", usd(90_000), dt.date(2025, 2, 3))]
        jan = payout(plan, "R-1", JAN, credits, AS_OF)
        feb = payout(plan, "R-1", Period.month(2025, 2), credits, AS_OF, [jan])
        assert (jan.total, feb.total) == (usd(6_000), usd(4_000))

    def test_credit_reads_terms_and_single_product(self) -> None:
        def won(oid: str, products: tuple[str, ...] = ()) -> Opportunity:
            return Opportunity(oid, "A", "R-1", usd(1_000), dt.date(2025, 1, 2),
                               dt.date(2025, 1, 9), "Closed Won", products=products)  # fmt: skip

        lines = credit(
            [won("O-1", ("SaaS",)), won("O-2", ("SaaS", "Services")), won("O-3"),
             won("O-4", ("Services",)), won("O-5", ("Services",))],
            terms={"O-3": DealTerms(segment="ENT", deal_type="renewal", term_months=24),
                   "O-4": DealTerms(deal_type="new"),
                   "O-5": DealTerms("SaaS")},
        )  # fmt: skip
        facts = [(x.product, x.segment, x.deal_type, x.term_months) for x in lines]
        assert facts == [
            ("SaaS", None, None, None),  # the deal's one product
            (None, None, None, None),  # two products: none chosen
            (None, "ENT", "renewal", 24),
            ("Services", None, "new", None),  # terms without a product take the deal's
            ("SaaS", None, None, None),  # terms that name a product win
        ]

    def test_minimum_commission_tops_up_small_deals(self) -> None:
        # Flat 5 %, a minimum of 10 per deal (Xactly's example figures): O-1 100 calculates
        # 5 and is topped up by 5; O-2 1,000 calculates 50, above the minimum; O-3 -40
        # (a credit note alone) is not a sale and gets no top-up: 5 + 50 - 2 + 5 = 58.
        plan = flat("0.05", minimum_commission=usd(10))
        credits = [line(100, "O-1"), line(1_000, "O-2"), line(-40, "O-3")]
        s = payout(plan, "R-1", JAN, credits, AS_OF)
        assert rules_of(s) == [("commission", usd(53)), ("deal minimum", usd(5))]
        assert s.lines[1].base == usd(100)  # the credited amount of the deals topped up
        assert "topped up" in s.lines[1].sentence

    def test_what_if_reads_the_deal_terms(self) -> None:
        # Closing a 3-year 90,000 ENT deal on a first-year-only, ENT × 1.5 plan at 10 %:
        # 90,000 × 12 / 36 × 1.5 = 45,000 credited, 4,500 earned.
        plan = flat(credited_months=12, segment_multipliers=[("ENT", "1.5")])
        answer = what_if(plan, "R-1", usd(90_000), period=JAN, as_of=dt.date(2025, 1, 20),
                         terms=DealTerms(segment="ENT", term_months=36))  # fmt: skip
        assert answer.extra_earnings == usd(4_500)
        plain = what_if(plan, "R-1", usd(90_000), period=JAN, as_of=dt.date(2025, 1, 20))
        assert plain.extra_earnings == usd(9_000)

    def test_rewards_and_penalties_are_lines_outside_the_cap(self) -> None:
        # Commission 10 % × 50,000 = 5,000, capped at 1,000 (−4,000). Reward +1,500 and
        # penalty −50 are not capped: 1,000 + 1,500 − 50 = 2,450.
        plan = attrs.evolve(flat(), cap=usd(1_000))
        extra: list[Reward | Penalty] = [
            Penalty("R-1", usd(50), "2 short days x 25.00 USD."),
            Reward("R-1", usd(1_500), "Rated S: 1.5 x the base bonus."),
            Reward("R-2", usd(9_999), "Another rep's reward is skipped."),
        ]
        s = payout(plan, "R-1", JAN, [line(50_000)], AS_OF, adjustments=extra)
        assert rules_of(s) == [
            ("commission", usd(5_000)),
            ("cap", usd(-4_000)),
            ("reward", usd(1_500)),
            ("penalty", usd(-50)),
        ]
        assert s.lines[2].sentence == "Rated S: 1.5 x the base bonus."
        assert s.total == usd(2_450)
        # The next month's statement does not pay them again, nor count them against the cap.
        feb = payout(plan, "R-1", Period.month(2025, 2), [line(50_000)], AS_OF, [s])
        assert feb.total == usd(0)
        assert feb.ytd_paid == usd(2_450)


class TestErrors:
    @pytest.mark.parametrize(
        ("kwargs", "error", "text"),
        [
            ({"segment_multipliers": [("ENT", "-1")]}, PolicyError, "segment_multipliers[0][1]"),
            ({"product_multipliers": [("A", 1), ("A", 2)]}, PolicyError, "at most once"),
            ({"type_rates": [("upsell", "0.1")]}, ValidationError, "type_rates[0][0]"),
            ({"deal_cap": usd(-1)}, PolicyError, "deal_cap"),
            ({"credited_months": 0}, ValidationError, "credited_months"),
            ({"product_multipliers": 3}, SalesMgmtError, "product_multipliers"),
            ({"minimum_commission": usd(-1)}, PolicyError, "minimum_commission"),
            ({"minimum_commission": 10}, SalesMgmtError, "minimum_commission"),
        ],
    )
    def test_bad_rules(self, kwargs: dict[str, Any], error: type[Exception], text: str) -> None:
        with pytest.raises(error, match="DealRules") as info:
            DealRules(**kwargs)
        assert text in str(info.value)

    def test_deal_cap_in_another_currency_names_the_plan(self) -> None:
        with pytest.raises(CurrencyMismatch, match="CommissionPlan 'AE'"):
            flat(deal_cap=Money.of(1, "EUR"))

    def test_minimum_needs_a_flat_rate_in_the_plans_currency(self) -> None:
        minimum = DealRules(minimum_commission=usd(10))
        gated = CommissionRate([(None, D("0.05"))], gate=D("0.5"))
        for rate in (CommissionRate(CONTRACT), gated):
            with pytest.raises(PolicyError, match="CommissionPlan 'AE'") as info:
                CommissionPlan("AE", YEAR, usd(100_000), rate, deal_rules=minimum)
            assert "deal_rules.minimum_commission" in str(info.value)
            assert "Hint:" in str(info.value)
        with pytest.raises(CurrencyMismatch, match="CommissionPlan 'AE'"):
            flat(minimum_commission=Money.of(10, "EUR"))

    def test_lines_of_one_deal_that_disagree(self) -> None:
        credits = [line(1, term_months=12), line(2, day=6, term_months=24)]
        with pytest.raises(ValidationError, match="O-1"):
            payout(flat(credited_months=12), "R-1", JAN, credits, AS_OF)

    def test_adjustments_in_another_currency_or_type(self) -> None:
        eur = Reward("R-1", Money.of(1, "EUR"), "x")
        with pytest.raises(CurrencyMismatch, match="CommissionPlan 'AE'"):
            payout(flat(), "R-1", JAN, [], AS_OF, adjustments=[eur])
        with pytest.raises(SalesMgmtError, match="adjustments"):
            payout(flat(), "R-1", JAN, [], AS_OF, adjustments=[usd(1)])  # type: ignore[list-item]

    def test_bad_terms_mapping(self) -> None:
        with pytest.raises(SalesMgmtError, match="terms"):
            credit([], terms={"O-1": 12})  # type: ignore[dict-item]
        with pytest.raises(ValidationError, match="terms"):
            credit([], terms=[("O-1", DealTerms())])  # type: ignore[arg-type]


_POSITIVE = credit_lines(rep_ids=st.just("R-1"), currencies=st.just("USD"),
                         min_value=YEAR.start, max_value=YEAR.end)  # fmt: skip


def _positive(lines: list[CreditLine]) -> list[CreditLine]:
    return consistent_facts(lines, positive=True)


_CREDITS = st.lists(_POSITIVE, max_size=12).map(_positive)
_ADJUSTMENTS: st.SearchStrategy[list[Reward | Penalty]] = st.lists(
    st.builds(Reward, st.just("R-1"), st.integers(1, 10**5).map(usd), st.just("Reward."))
    | st.builds(Penalty, st.just("R-1"), st.integers(1, 10**5).map(usd), st.just("Fine.")),
    max_size=4,
)
_PLANS = commission_plans(currencies=st.just("USD"))


def _with(plan: CommissionPlan, rules: DealRules) -> CommissionPlan:
    return attrs.evolve(plan, deal_rules=rules)


class TestInvariants:
    @given(_PLANS, _CREDITS, _ADJUSTMENTS, st.integers(1, 12))
    def test_total_is_the_sum_of_lines_and_order_invariant(
        self,
        plan: CommissionPlan,
        credits: list[CreditLine],
        extra: list[Reward | Penalty],
        m: int,
    ) -> None:
        period = Period.month(2025, m)
        plan = attrs.evolve(plan, year=YEAR)
        s = payout(plan, "R-1", period, credits, AS_OF, adjustments=extra)
        assert s.total == lines_total(s)
        shuffled = payout(plan, "R-1", period, credits[::-1], AS_OF,
                          adjustments=random.Random(m).sample(extra, len(extra)))  # fmt: skip
        assert shuffled == s

    @given(st.integers(0, 10**6), _CREDITS, st.sampled_from(["0.1", "1", "0.07"]))
    def test_deal_cap_never_exceeded_per_deal(
        self, cap: int, credits: list[CreditLine], rate: str
    ) -> None:
        # Flat rate r, per-deal cap c: the year pays exactly r × Σ_deals min(deal, c).
        cap_units = cap * 100
        plan = flat(rate, deal_cap=Money.from_minor_units(cap_units, "USD"))
        s = payout(plan, "R-1", YEAR, credits, AS_OF)
        by_deal: dict[str, int] = {}
        for x in credits:
            by_deal[x.opportunity_id] = (
                by_deal.get(x.opportunity_id, 0) + x.amount.to_minor_units()
            )
        expected = Fraction(rate) * sum(min(units, cap_units) for units in by_deal.values())
        assert abs(s.total.to_minor_units() - expected) <= Fraction(1, 2)

    @given(_PLANS, _CREDITS, st.integers(1, 12))
    def test_multiplier_of_one_and_no_op_rules_change_nothing(
        self, plan: CommissionPlan, credits: list[CreditLine], m: int
    ) -> None:
        plan = attrs.evolve(plan, year=YEAR, deal_rules=DealRules())
        noop = DealRules(
            credited_months=1200,
            product_multipliers=[("SaaS", 1), ("Services", 1)],
            segment_multipliers=[("ENT", "1.00")],
        )
        period = Period.month(2025, m)
        today = payout(plan, "R-1", period, credits, AS_OF)
        ruled = payout(_with(plan, noop), "R-1", period, credits, AS_OF)
        assert ruled.total == today.total
        assert [x for x in ruled.lines if x.rule not in ("multi-year", "multiplier")] == list(
            today.lines
        )
        assert all(x.result.amount == 0 for x in ruled.lines if x.rule == "multiplier")

    @given(st.integers(1, 60), _CREDITS)
    def test_first_year_crediting_credits_each_deal_its_share(
        self, months: int, credits: list[CreditLine]
    ) -> None:
        # At a 100 % flat rate the commission is the credit itself: each deal is credited
        # round(units × min(1, months / term)), never more than the deal.
        s = payout(flat("1", credited_months=months), "R-1", YEAR, credits, AS_OF)
        by_deal: dict[str, tuple[int, int | None]] = {}
        for x in credits:
            units, term = by_deal.get(x.opportunity_id, (0, x.term_months))
            by_deal[x.opportunity_id] = (units + x.amount.to_minor_units(), term)
        shares = [
            round_half_up(units * min(Fraction(1), Fraction(months, term or months)))
            for units, term in by_deal.values()
        ]
        assert s.total.to_minor_units() == sum(shares)
        assert s.total <= payout(flat("1"), "R-1", YEAR, credits, AS_OF).total

    @given(_PLANS, st.lists(credit_lines(rep_ids=st.just("R-1"), currencies=st.just("USD"),
        min_value=YEAR.start, max_value=YEAR.end), max_size=10))  # fmt: skip
    def test_month_by_month_equals_the_year_with_rules(
        self, plan: CommissionPlan, credits: list[CreditLine]
    ) -> None:
        plan = attrs.evolve(plan, year=YEAR)
        credits = _positive(credits)
        history: list[PayoutStatement] = []
        for m in range(1, 13):
            history.append(payout(plan, "R-1", Period.month(2025, m), credits, AS_OF, history))
        year = payout(plan, "R-1", YEAR, credits, AS_OF)
        assert sum((s.total for s in history), usd(0)) == year.total
        assert history[-1].ytd_paid == year.ytd_paid

    @given(st.lists(_POSITIVE, max_size=12).map(_positive))
    def test_multi_year_line_takes_back_at_most_the_raw_commission(
        self, credits: list[CreditLine]
    ) -> None:
        s = payout(flat("0.1", credited_months=12), "R-1", YEAR, credits, AS_OF)
        commission, multi_year = s.lines[0].result, s.lines[1].result
        assert -commission <= multi_year <= usd(0)


class TestRecords:
    @given(st.lists(deal_rules(), max_size=3), st.lists(deal_terms(), max_size=3))
    def test_round_trip(self, rules: list[DealRules], terms: list[DealTerms]) -> None:
        assert from_records(DealRules, to_records(rules)) == rules
        assert from_records(DealTerms, to_records(terms)) == terms

    @given(st.lists(credit_lines(), max_size=3))
    def test_credit_lines_with_facts_round_trip(self, lines: list[CreditLine]) -> None:
        assert from_records(CreditLine, to_records(lines)) == lines
