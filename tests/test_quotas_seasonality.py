"""Seasonality profiles (``salesmgmt.quotas._seasonality``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesmgmt import (
    CurrencyMismatch,
    FiscalCalendar,
    Money,
    Period,
    PolicyError,
    ValidationError,
    WrongType,
    from_records,
    to_records,
)
from salesmgmt.quotas import SeasonalityProfile, split_target
from salesmgmt.strategies import fiscal_calendars
from salesmgmt.strategies._quotas import seasonality_profiles

D = Decimal


class TestConstructors:
    def test_flat(self) -> None:
        assert SeasonalityProfile.flat().weights == (D(1),) * 12

    def test_from_weights_needs_every_month(self) -> None:
        with pytest.raises(ValidationError, match="Missing months: 2, 3"):
            SeasonalityProfile.from_weights({1: 1, 4: 1})
        with pytest.raises(ValidationError, match="from 1 to 12"):
            SeasonalityProfile.from_weights(dict.fromkeys(range(12), 1))

    @pytest.mark.parametrize(
        ("weights", "error"),
        [
            ([1] * 11, ValidationError),
            ([0] * 12, PolicyError),
            ([1.0] * 12, WrongType),
            ([-1] + [1] * 11, ValidationError),
            (["0.0000000001"] + [1] * 11, ValidationError),  # 10 decimals
            ([10**9] + [1] * 11, ValidationError),
        ],
    )
    def test_refuses(self, weights: list[Any], error: type) -> None:
        with pytest.raises(error):
            SeasonalityProfile(weights)

    @given(seasonality_profiles())
    def test_records_round_trip(self, profile: SeasonalityProfile) -> None:
        assert from_records(SeasonalityProfile, to_records([profile])) == [profile]


class TestFromPercentages:
    def test_erpnext_form(self) -> None:
        # ERPNext Monthly Distribution: 8.33 x 11 + 8.37 = 100.00.
        pcts = dict.fromkeys(range(1, 12), "8.33") | {12: "8.37"}
        profile = SeasonalityProfile.from_percentages(pcts)
        assert profile.weights[-1] == D("8.37")

    @pytest.mark.parametrize(
        "pcts",
        [
            {1: "33.33", 2: "33.33", 3: "33.33"},  # 99.99
            {1: 50, 2: 51},  # 101
            {1: "50.006", 2: 50},  # rounds to 100.01
        ],
    )
    def test_must_total_100(self, pcts: dict[int, Any]) -> None:
        with pytest.raises(PolicyError, match="total 100"):
            SeasonalityProfile.from_percentages(pcts)

    def test_two_decimal_rounding_is_erpnexts(self) -> None:
        # 99.996 rounds to 100.00: accepted, as ERPNext's check does (MonthlyDistribution.
        # validate in erpnext/accounts/doctype/monthly_distribution/monthly_distribution.py:
        # `if flt(total, 2) != 100.0: frappe.throw(...)`).
        profile = SeasonalityProfile.from_percentages({1: "49.998", 2: "49.998"})
        assert profile.weights[2:] == (D(0),) * 10

    def test_outside_range(self) -> None:
        with pytest.raises(ValidationError, match="0 to 100"):
            SeasonalityProfile.from_percentages({1: 150})
        with pytest.raises(ValidationError, match=r"'percentages\[2\]' must be .* zero or more"):
            SeasonalityProfile.from_percentages({1: 150, 2: -50})


class TestFromHistory:
    def test_worked_example(self) -> None:
        # 2023: Jun 5, Dec 5 -> shares 1/2, 1/2. 2024: Jan 10, Dec 30 -> 1/4, 3/4.
        # Averages: Jan 1/8, Jun 1/4, Dec 5/8; the rest 0.
        history = [
            (dt.date(2024, 1, 5), Money.of(10, "USD")),
            (dt.date(2024, 12, 5), Money.of(30, "USD")),
            (dt.date(2023, 12, 1), Money.of(5, "USD")),
            (dt.date(2023, 6, 1), Money.of(5, "USD")),
            (dt.date(2019, 6, 1), Money.of(999, "USD")),  # outside the years: ignored
        ]
        profile = SeasonalityProfile.from_history(history, years=range(2023, 2025))
        assert profile.weights[0] == D("0.125")
        assert profile.weights[11] == D("0.625")
        assert profile.weights[5] == D("0.25")
        assert profile.weights[1] == 0

    def test_each_year_counts_the_same(self) -> None:
        # A big year and a small year weigh alike: shares, not amounts, are averaged.
        history = [(dt.date(2023, 1, 1), 1), (dt.date(2024, 2, 1), 1000)]
        weights = SeasonalityProfile.from_history(history, years=[2023, 2024]).weights
        assert weights[0] == weights[1] == D("0.5")

    def test_minimum_history(self) -> None:
        with pytest.raises(ValidationError, match="at least one full calendar year"):
            SeasonalityProfile.from_history([(dt.date(2024, 3, 1), 5)], years=[2023, 2024])
        with pytest.raises(ValidationError, match="at least one year"):
            SeasonalityProfile.from_history([], years=[])

    def test_bad_bookings(self) -> None:
        with pytest.raises(CurrencyMismatch):
            SeasonalityProfile.from_history(
                [
                    (dt.date(2024, 1, 1), Money.of(1, "USD")),
                    (dt.date(2024, 1, 2), Money.of(1, "EUR")),
                ],
                years=2024,
            )
        with pytest.raises(WrongType):
            SeasonalityProfile.from_history([(dt.date(2024, 1, 1), 1.5)], years=2024)
        with pytest.raises(WrongType):
            SeasonalityProfile.from_history([("2024-01-01", 1)], years=2024)
        with pytest.raises(ValidationError, match="zero or more"):
            SeasonalityProfile.from_history(
                [(dt.date(2024, 1, 1), 10), (dt.date(2024, 2, 1), -5)], years=2024
            )

    @given(st.lists(st.tuples(st.dates(dt.date(2022, 1, 1), dt.date(2024, 12, 31)),
                              st.integers(0, 10**6)), min_size=1, max_size=40))  # fmt: skip
    def test_shares_average_per_year(self, bookings: list[tuple[dt.date, int]]) -> None:
        years = sorted({d.year for d, n in bookings if n})
        if not years or any(sum(n for d, n in bookings if d.year == y) == 0 for y in years):
            return
        profile = SeasonalityProfile.from_history(bookings, years=years)
        for month in range(1, 13):
            exact = sum(
                Fraction(sum(n for d, n in bookings if d.year == y and d.month == month),
                         sum(n for d, n in bookings if d.year == y))
                for y in years
            ) / len(years)  # fmt: skip
            assert abs(Fraction(profile.weights[month - 1]) - exact) <= Fraction(1, 2 * 10**9)

    def test_history_profile_splits_a_target(self) -> None:
        history = [(dt.date(2024, m, 1), m) for m in range(1, 13)]  # 1 + ... + 12 = 78
        profile = SeasonalityProfile.from_history(history, years=2024)
        plan = split_target(Money.of(78_000, "CNY"), Period.year(2025), "month",
                            seasonality=profile)  # fmt: skip
        # Shares m/78 rounded to 9 decimals: within a cent of 1,000 x m.
        for month, amount in enumerate(plan.amounts, 1):
            assert abs(amount.amount - 1000 * month) <= D("0.01")  # type: ignore[union-attr]


class TestForFiscal:
    RETAIL = FiscalCalendar.retail("4-4-5")

    def test_mapping_and_sequence_agree(self) -> None:
        by_map = SeasonalityProfile.for_fiscal(self.RETAIL, {n: n for n in range(12, 0, -1)})
        by_seq = SeasonalityProfile.for_fiscal(self.RETAIL, range(1, 13))
        assert by_map == by_seq
        assert by_map.weights == tuple(D(n) for n in range(1, 13))
        assert by_map.fiscal == self.RETAIL
        assert by_map.basis == "fiscal_period"

    def test_month_profiles_are_unchanged(self) -> None:
        flat = SeasonalityProfile.flat()
        assert flat.fiscal is None
        assert flat.basis == "month"
        assert flat == SeasonalityProfile([1] * 12)
        # same weights, different basis: different profiles
        assert SeasonalityProfile.for_fiscal(self.RETAIL, [1] * 12) != flat

    @pytest.mark.parametrize(
        ("calendar", "weights", "error", "match"),
        [
            (RETAIL, {1: 1}, ValidationError, "Missing periods: 2, 3"),
            (RETAIL, {0: 1}, ValidationError, "'period' must be .*from 1 to 12"),
            (RETAIL, dict.fromkeys(range(1, 13), 0), PolicyError, "at least one"),
            (RETAIL, {**dict.fromkeys(range(1, 13), 1), 5: -1}, ValidationError, "zero or more"),
            (RETAIL, [1] * 11, ValidationError, "exactly 12"),
            (RETAIL, {**dict.fromkeys(range(1, 13), 1), 5: 0.5}, WrongType, "weights"),
            ("4-4-5", [1] * 12, WrongType, "'calendar' must be a FiscalCalendar"),
            (None, [1] * 12, WrongType, "'calendar'"),
        ],
    )
    def test_refuses(self, calendar: Any, weights: Any, error: type, match: str) -> None:
        with pytest.raises(error, match=match):
            SeasonalityProfile.for_fiscal(calendar, weights)

    def test_constructor_checks_fiscal(self) -> None:
        with pytest.raises(WrongType, match="SeasonalityProfile: 'fiscal'"):
            SeasonalityProfile([1] * 12, "4-4-5")  # type: ignore[arg-type]

    @given(seasonality_profiles(fiscal=st.none() | fiscal_calendars()))
    def test_records_round_trip(self, profile: SeasonalityProfile) -> None:
        assert from_records(SeasonalityProfile, to_records([profile])) == [profile]

    @given(seasonality_profiles(fiscal=fiscal_calendars()))
    def test_for_fiscal_rebuilds(self, profile: SeasonalityProfile) -> None:
        assert profile.fiscal is not None
        by_period = dict(enumerate(profile.weights, 1))
        assert SeasonalityProfile.for_fiscal(profile.fiscal, by_period) == profile
