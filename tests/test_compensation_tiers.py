"""The tier primitive and pay curves (``salesmgmt.compensation``: tiered_commission,
PayCurve, curve_factor, quota_bonus)."""

from __future__ import annotations

import decimal
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesmgmt import CurrencyMismatch, Money, PolicyError, ValidationError, WrongType
from salesmgmt.compensation import PayCurve, curve_factor, quota_bonus, tiered_commission
from salesmgmt.strategies._compensation import pay_curves, tier_tables

D = Decimal
Table = Any
CONTRACT = [(D(1), D("0.05")), (D("1.5"), D("0.08")), (None, D("0.12"))]
usd = st.integers(-(10**9), 10**11).map(lambda units: Money.from_minor_units(units, "USD"))
quotas = st.integers(1, 10**10).map(lambda units: Money.from_minor_units(units, "USD"))


def usd_(amount: int | str) -> Money:
    return Money.of(amount, "USD")


class TestWorkedExamples:
    @pytest.mark.parametrize(
        ("booked", "method", "expected"),
        [
            # The contract: quota 100,000; 5 % to 100 %, 8 % to 150 %, 12 % above.
            # marginal: 100,000 × 5 % + 50,000 × 8 % + 10,000 × 12 % = 5,000 + 4,000 + 1,200.
            (160_000, "marginal", "10200"),
            # retroactive: 160,000 reaches the 12 % tier: 160,000 × 12 % = 19,200.
            (160_000, "retroactive", "19200"),
            # exactly 100 % stays in the first tier (a bound belongs to the tier below).
            (100_000, "retroactive", "5000"),
            (100_000, "marginal", "5000"),
            # 120,000: 5,000 + 20,000 × 8 % = 6,600 marginal; 120,000 × 8 % = 9,600 retroactive.
            (120_000, "marginal", "6600"),
            (120_000, "retroactive", "9600"),
            (0, "marginal", "0"),
        ],
    )
    def test_contract_example(self, booked: int, method: Any, expected: str) -> None:
        got = tiered_commission(usd_(booked), CONTRACT, quota=usd_(100_000), method=method)
        assert got == usd_(expected)

    def test_sparrowgenie_non_retroactive_example(self) -> None:
        # Published: https://www.sparrowgenie.com/sales-commission-models/non-retroactive-commission
        # 3 % on the first 300,000, 5 % to 500,000, 7 % above; 600,000 of quarterly sales
        # → 9,000 + 10,000 + 7,000 = 26,000.
        table = [(D(300_000), D("0.03")), (D(500_000), D("0.05")), (None, D("0.07"))]
        assert tiered_commission(usd_(600_000), table) == usd_(26_000)

    def test_salesforce_spiff_individual_commission_rate(self) -> None:
        # Published: https://help.salesforce.com/s/articleView?id=sales.spiff_rules_individual_attainment.htm
        # OTE 25,000 / quarterly quota 250,000 = 10 %; a 10,000 deal pays 1,000.
        assert tiered_commission(usd_(10_000), [(None, D("0.10"))]) == usd_(1_000)

    def test_rounds_once_at_the_end(self) -> None:
        # 0.20 over two 5 % tiers of 0.10 each: per-tier rounding would give
        # 0.005 → 0.01 twice = 0.02; rounding once gives 0.010 → 0.01.
        table = [(D("0.10"), D("0.05")), (None, D("0.05"))]
        assert tiered_commission(usd_("0.20"), table) == usd_("0.01")
        # and 0.10 at 5 % = 0.005 rounds half up to 0.01 (ROUND_HALF_UP, not to even).
        assert tiered_commission(usd_("0.10"), [(None, D("0.05"))]) == usd_("0.01")

    def test_negative_amount_pays_the_first_rate(self) -> None:
        # -1,000 × 5 % = -50 (a clawback-heavy period stays continuous at zero).
        assert tiered_commission(usd_(-1_000), CONTRACT, quota=usd_(100_000)) == usd_(-50)

    def test_does_not_read_the_callers_context(self) -> None:
        with decimal.localcontext() as ctx:
            ctx.prec = 3
            ctx.rounding = decimal.ROUND_FLOOR
            got = tiered_commission(usd_("123456.78"), CONTRACT, quota=usd_(100_000))
        # 5,000 + 23,456.78 × 8 % = 5,000 + 1,876.5424 → 6,876.54
        assert got == usd_("6876.54")


class TestTierValidation:
    @pytest.mark.parametrize(
        "tiers",
        [
            [(D(2), D("0.05")), (D(1), D("0.08")), (None, D("0.1"))],  # unsorted
            [(D(1), D("0.05")), (D(1), D("0.08")), (None, D("0.1"))],  # overlapping
            [(None, D("0.05")), (D(1), D("0.08"))],  # None in the middle
            [(D(1), D("0.05")), (D(2), D("0.08"))],  # gap above the last bound
            [(D(0), D("0.05")), (None, D("0.08"))],  # empty first tier
            [(None, D("-0.01"))],  # negative rate
        ],
    )
    def test_contradictory_tables_are_policy_errors(self, tiers: Any) -> None:
        with pytest.raises(PolicyError, match="tiered_commission"):
            tiered_commission(usd_(1), tiers)

    @pytest.mark.parametrize(
        ("tiers", "error"),
        [
            ([], ValidationError),
            ([(None, 0.05)], WrongType),
            ([(1, D("0.05"), 3)], WrongType),
            ("tiers", WrongType),
            # exact arithmetic on 1E-999999999 would never end: refused up front.
            ([(None, D("1E-999999999"))], ValidationError),
            ([(D("1E-999999999"), D(1)), (None, D(1))], ValidationError),
        ],
    )
    def test_bad_input(self, tiers: Any, error: type[Exception]) -> None:
        with pytest.raises(error):
            tiered_commission(usd_(1), tiers)

    def test_quota_must_match_and_be_positive(self) -> None:
        with pytest.raises(CurrencyMismatch):
            tiered_commission(usd_(1), CONTRACT, quota=Money.of(1, "EUR"))
        with pytest.raises(ValidationError, match="quota above zero"):
            tiered_commission(usd_(1), CONTRACT, quota=usd_(0))

    def test_method_is_checked(self) -> None:
        with pytest.raises(ValidationError, match="method"):
            tiered_commission(usd_(1), CONTRACT, method="flat")  # type: ignore[arg-type]


def units(money: Money) -> int:
    return money.to_minor_units()


class TestTierProperties:
    @given(tier_tables(), quotas, usd, st.integers(1, 10**6))
    def test_marginal_is_non_decreasing(
        self, table: Table, quota: Money, amount: Money, step: int
    ) -> None:
        more = amount + Money.from_minor_units(step, "USD")
        assert tiered_commission(more, table, quota=quota) >= tiered_commission(
            amount,
            table,
            quota=quota,
        )

    @given(tier_tables(), quotas, usd)
    def test_marginal_is_continuous(self, table: Table, quota: Money, amount: Money) -> None:
        # One more cent changes the commission by at most the top rate (≤ 1) of a cent,
        # plus one cent of rounding.
        more = amount + Money.from_minor_units(1, "USD")
        now = tiered_commission(amount, table, quota=quota)
        then = tiered_commission(more, table, quota=quota)
        assert 0 <= units(then) - units(now) <= 2

    @given(tier_tables(ascending_rates=True), quotas, usd)
    def test_retroactive_at_least_marginal_for_ascending_rates(
        self, table: Table, quota: Money, amount: Money
    ) -> None:
        if amount.amount < 0:
            amount = -amount
        marginal = tiered_commission(amount, table, quota=quota)
        retro = tiered_commission(amount, table, quota=quota, method="retroactive")
        assert retro >= marginal

    @given(tier_tables(), st.integers(1, 10**6), usd)
    def test_attainment_bounds_equal_amount_bounds(
        self, table: tuple[tuple[Decimal | None, Decimal], ...], quota_units: int, amount: Money
    ) -> None:
        # Bounds b × quota as amounts pay the same as attainment bounds b.
        quota = Money.from_minor_units(quota_units * 100, "USD")  # whole dollars
        as_amounts = [(None if b is None else b * quota.amount, r) for b, r in table]
        for method in ("marginal", "retroactive"):
            assert tiered_commission(amount, table, quota=quota, method=method) == (
                tiered_commission(amount, as_amounts, method=method)
            )

    @given(st.decimals(min_value=0, max_value=1, places=4), usd)
    def test_one_tier_is_a_flat_rate(self, rate: Decimal, amount: Money) -> None:
        exact = Fraction(units(amount)) * Fraction(rate)
        got = tiered_commission(amount, [(None, rate)])
        assert abs(Fraction(units(got)) - exact) <= Fraction(1, 2)


SEC_STEPS = PayCurve(
    # Exhibit 10.18, 2011 Executive Incentive Plan Targets (SEC EDGAR, CIK 886171):
    # https://www.sec.gov/Archives/edgar/data/886171/000110465911013301/a11-2267_1ex10d18.htm
    # <93 % → 0; 93 % → 65 %, each point 5 %, 100 % → 100 %, 105 % → 125 %, 110 % → 150 %.
    [(D("0.93"), D("0.65")), (D("0.94"), D("0.70")), (D("0.95"), D("0.75")),
     (D("0.96"), D("0.80")), (D("0.97"), D("0.85")), (D("0.98"), D("0.90")),
     (D("0.99"), D("0.95")), (D(1), D(1)), (D("1.05"), D("1.25")), (D("1.10"), D("1.50"))],
    method="step",
)  # fmt: skip
SEC_LINEAR = PayCurve(
    # CEO incentive (SEC EDGAR, CIK 862831, exhibit 10.20):
    # https://www.sec.gov/Archives/edgar/data/862831/000095015206002115/l17984aexv10w20.htm
    # target 50 % of base; < 80 % → 0; 80-100 %: achievement × 50 %; 100-120 %: +1.5 points
    # of base per point, to 80 % of base at 120 %, capped. As factors of the target (÷ 50 %):
    # (0.8, 0.8), (1, 1), (1.2, 1.6), cap 1.6.
    [(D("0.8"), D("0.8")), (D(1), D(1)), (D("1.2"), D("1.6"))],
    cap=D("1.6"),
)


class TestPayCurves:
    @pytest.mark.parametrize(
        ("attained", "factor"),
        [
            ("0.92", "0"),  # below the 93 % threshold: zero
            ("0.93", "0.65"),
            ("0.965", "0.80"),  # a step table pays the point reached: 96 %
            ("1", "1"),
            ("1.07", "1.25"),
            ("1.5", "1.50"),  # flat above the last step
        ],
    )
    def test_sec_step_table(self, attained: str, factor: str) -> None:
        assert curve_factor(SEC_STEPS, D(attained)) == D(factor)

    @pytest.mark.parametrize(
        ("attained", "percent_of_base"),
        [
            ("0.79", "0"),
            ("0.8", "40"),  # 80 % × 50 % = 40 % of base
            ("0.9", "45"),  # 90 % × 50 %
            ("1", "50"),
            ("1.1", "65"),  # 50 + 10 × 1.5
            ("1.2", "80"),
            ("1.4", "80"),  # the published maximum
        ],
    )
    def test_sec_linear_curve(self, attained: str, percent_of_base: str) -> None:
        # base pay 200,000: target incentive 100,000 (50 %).
        bonus = quota_bonus(
            usd_(100_000), SEC_LINEAR, usd_(int(D(attained) * 1_000_000)), usd_(1_000_000)
        )
        assert bonus == usd_(str(D(percent_of_base) * 2_000))

    def test_cap_below_the_floor_is_a_policy_error(self) -> None:
        with pytest.raises(PolicyError, match="cap"):
            PayCurve([(D("0.5"), D("0.5"))], cap=D("0.2"))

    @pytest.mark.parametrize(
        "points",
        [
            [(D(1), D(1)), (D("0.5"), D("2"))],  # unsorted
            [(D(1), D(1)), (D(1), D(2))],  # repeated attainment
            [(D(1), D(1)), (D(2), D("0.5"))],  # falling payout
            [(D(-1), D(1))],
        ],
    )
    def test_bad_points(self, points: object) -> None:
        with pytest.raises(PolicyError):
            PayCurve(points)

    @given(pay_curves(), st.decimals(min_value=0, max_value=5, places=3),
           st.decimals(min_value=0, max_value=5, places=3))  # fmt: skip
    def test_non_decreasing_and_capped(self, curve: PayCurve, a: Decimal, b: Decimal) -> None:
        low, high = sorted((a, b))
        assert curve_factor(curve, low) <= curve_factor(curve, high)
        if curve.cap is not None:
            assert curve_factor(curve, high) <= curve.cap

    @given(pay_curves())
    def test_points_are_hit_exactly(self, curve: PayCurve) -> None:
        for x, y in curve.points:
            expected = y if curve.cap is None else min(y, curve.cap)
            assert curve_factor(curve, x) == expected

    def test_quota_bonus_errors(self) -> None:
        with pytest.raises(ValidationError, match="quota above zero"):
            quota_bonus(usd_(1), SEC_LINEAR, usd_(1), usd_(0))
        with pytest.raises(CurrencyMismatch):
            quota_bonus(usd_(1), SEC_LINEAR, Money.of(1, "EUR"), usd_(1))
