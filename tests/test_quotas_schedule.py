"""Target schedules: split_target, combine, rebalance (``salesmgmt.quotas._schedule``)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from salesmgmt import (
    BusinessCalendar,
    CurrencyMismatch,
    FiscalCalendar,
    Money,
    Period,
    PeriodError,
    PolicyError,
    ValidationError,
    WrongType,
    allocate,
    from_records,
    to_records,
)
from salesmgmt.quotas import (
    QuotaShares,
    SeasonalityProfile,
    TargetSchedule,
    assign_quotas,
    combine,
    pace,
    rebalance,
    split_target,
)
from salesmgmt.quotas._schedule import apportion
from salesmgmt.strategies import business_calendars, fiscal_calendars, periods
from salesmgmt.strategies._quotas import seasonality_profiles, target_schedules

D = Decimal
CNY = "CNY"
BUSY_DECEMBER = SeasonalityProfile.from_weights(
    {1: "0.5", 2: "0.5", **dict.fromkeys(range(3, 12), 1), 12: 2}
)
totals = st.one_of(
    st.sampled_from(["USD", "JPY", "KWD"]).flatmap(
        lambda code: st.integers(0, 10**13).map(lambda n: Money.from_minor_units(n, code))
    ),
    st.integers(0, 10**7),
)
short_periods = periods(
    min_value=dt.date(2023, 1, 1), max_value=dt.date(2027, 12, 31), max_days=240
)
calendars = st.none() | business_calendars(
    min_value=dt.date(2023, 1, 1), max_value=dt.date(2027, 12, 31)
)
GRAINS = ["day", "week", "month", "quarter", "year"]


def units(schedule: TargetSchedule) -> list[int]:
    return list(schedule.units)


def total_units(total: Money | int) -> int:
    return total.to_minor_units() if isinstance(total, Money) else total


def splittable(
    total: Money | int,
    period: Period,
    profile: SeasonalityProfile | None,
    calendar: BusinessCalendar | None,
) -> bool:
    """Whether some weighted day exists (else a non-zero total is refused)."""
    if not total_units(total):
        return True
    for clip in period.split("month"):
        weight = profile.weights[clip.start.month - 1] if profile else 1
        full = Period.containing(clip.start, "month")
        counted = calendar.count(clip) if calendar and calendar.count(full) else clip.days
        if weight and counted:
            return True
    return False


def fiscal_period_of(fiscal: FiscalCalendar, day: dt.date) -> tuple[int, Period]:
    """(number 1-12, whole fiscal period) of the fiscal period holding ``day``."""
    fy = fiscal.fiscal_year_of(day)
    for number in range(1, 13):
        whole = fiscal.period(fy, number)
        if whole.start <= day <= whole.end:
            return number, whole
    raise AssertionError(day)


def fiscal_splittable(
    total: Money | int,
    period: Period,
    profile: SeasonalityProfile,
    calendar: BusinessCalendar | None,
) -> bool:
    """Whether some weighted day exists under a fiscal-period profile."""
    assert profile.fiscal is not None
    if not total_units(total):
        return True
    for clip in profile.fiscal.split(period, "period"):
        number, whole = fiscal_period_of(profile.fiscal, clip.start)
        counted = calendar.count(clip) if calendar and calendar.count(whole) else clip.days
        if profile.weights[number - 1] and counted:
            return True
    return False


class TestWorkedExamples:
    def test_busy_december(self) -> None:
        # 1,200,000 CNY, weights sum 0.5 + 0.5 + 9 x 1 + 2 = 12:
        # Jan = Feb = 1,200,000 x 0.5 / 12 = 50,000; Mar-Nov 100,000; Dec 200,000.
        year = split_target(Money.of(1_200_000, CNY), Period.year(2025), "month",
                            seasonality=BUSY_DECEMBER)  # fmt: skip
        expected = [50_000, 50_000, *[100_000] * 9, 200_000]
        assert year.amounts == tuple(Money.of(x, CNY) for x in expected)
        assert year.total == Money.of(1_200_000, CNY)

    def test_china_business_days_in_one_month(self) -> None:
        # May 2025 in China: 22 weekdays (1 May is a Thursday) less the Labour Day holidays
        # on weekdays 1, 2 and 5 May (State Council notice of 2024-11-12: 1-5 May off, the
        # make-up workday 27 April is in April) = 19 business days.
        # 10,000,000 fen / 19 = 526,315 r 15 (526,315 x 19 = 9,999,985): the 15 fen left go
        # one each to the first 15 business days (equal remainders, ties to the earliest),
        # so 15 days get 5,263.16 and the last 4 get 5,263.15 (15 x 0.01 = 0.15 more).
        china = BusinessCalendar.for_country("CN", years=2025)
        may = split_target(Money.of(100_000, CNY), Period.month(2025, 5), "day", calendar=china)
        open_days = [m for p, m in may if china.is_business_day(p.start)]
        closed = [m for p, m in may if not china.is_business_day(p.start)]
        assert len(open_days) == 19
        assert all(m.is_zero() for m in closed)
        assert open_days == [Money.of("5263.16", CNY)] * 15 + [Money.of("5263.15", CNY)] * 4
        assert may.amounts[0].is_zero()  # 1 May, Labour Day

    def test_weeks_straddling_months_take_from_each(self) -> None:
        # Flat Q1 2025 of 900 USD: Jan, Feb, Mar 300 each. ISO week 5 (27 Jan - 2 Feb) takes
        # 5 January days and 2 February days. January: 30,000 cents / 31 = 967 r 23, so
        # days 1-23 get 968 and 27-31 get 967; February: 30,000 / 28 = 1,071 r 12, so 1-2 Feb
        # get 1,072. Week 5 = 5 x 967 + 2 x 1,072 = 6,979 cents.
        weeks = split_target(Money.of(900, "USD"), Period.parse("2025-Q1"), "week")
        assert dict(weeks)[Period.parse("2025-W05")] == Money.of("69.79", "USD")

    def test_partial_month_is_prorated(self) -> None:
        # 15 Jan - 15 Feb 2025: January holds 17 of its 31 days, February 15 of its 28.
        # Weights 17/31 : 15/28 -> 620 x (17/31) / (17/31 + 15/28) = 313.60 for January.
        s = split_target(Money.of(620, "USD"), Period.parse("2025-01-15/2025-02-15"), "month")
        exact = Fraction(62_000) * Fraction(17, 31) / (Fraction(17, 31) + Fraction(15, 28))
        assert abs(s.units[0] - exact) < 1
        assert sum(s.units) == 62_000

    def test_fiscal_periods(self) -> None:
        from salesmgmt import FiscalCalendar

        cal = FiscalCalendar.retail("4-4-5")
        s = split_target(52_000, cal.year(2025), "period", fiscal=cal)
        assert len(s) == 12
        assert s.total == 52_000
        assert s.parts == cal.split(cal.year(2025), "period")

    def test_count_targets(self) -> None:
        # 100 visits over Q1: 34, 33, 33 (largest remainder, the first month gets the unit).
        assert split_target(100, Period.parse("2025-Q1"), "month").amounts == (34, 33, 33)


class TestSumsToTotal:
    @given(totals, short_periods, st.sampled_from(GRAINS), st.none() | seasonality_profiles(),
           calendars)  # fmt: skip
    def test_every_grain_and_calendar(
        self,
        total: Money | int,
        period: Period,
        grain: str,
        profile: SeasonalityProfile | None,
        calendar: BusinessCalendar | None,
    ) -> None:
        assume(splittable(total, period, profile, calendar))
        s = split_target(total, period, grain, seasonality=profile, calendar=calendar)
        assert s.total == total
        assert s.parts == period.split(grain)  # type: ignore[arg-type]
        assert all(u >= 0 for u in s.units)

    @settings(max_examples=60)
    @given(totals, fiscal_calendars(), st.integers(2020, 2030), st.data())
    def test_every_fiscal_pattern(self, total: Any, fiscal: Any, fy: int, data: Any) -> None:
        grains = ["period", "quarter", "year"] + (["week"] if fiscal.pattern else [])
        grain = data.draw(st.sampled_from(grains))
        s = split_target(total, fiscal.year(fy), grain, fiscal=fiscal)
        assert s.total == total
        assert s.parts == fiscal.split(fiscal.year(fy), grain)


class TestConsistencyAcrossGrains:
    @settings(max_examples=100)  # five splits of a whole year per example
    @given(totals, st.integers(2023, 2026), st.none() | seasonality_profiles(), calendars)
    def test_quarter_then_month_equals_month(
        self, total: Any, year: int, profile: Any, calendar: Any
    ) -> None:
        period = Period.year(year)
        assume(splittable(total, period, profile, calendar))
        options = {"seasonality": profile, "calendar": calendar}
        direct = split_target(total, period, "month", **options)
        two_step = []
        for quarter, amount in split_target(total, period, "quarter", **options):
            if total_units(amount):
                two_step += split_target(amount, quarter, "month", **options).units
            else:
                two_step += [0, 0, 0]
        assert sum(two_step) == sum(direct.units)
        assert all(abs(a - b) <= 1 for a, b in zip(two_step, direct.units, strict=True))

    @given(totals, short_periods, calendars)
    def test_days_sum_to_every_grain(self, total: Any, period: Period, calendar: Any) -> None:
        assume(splittable(total, period, None, calendar))
        days = split_target(total, period, "day", calendar=calendar).units
        for grain in ["week", "month", "quarter"]:
            coarse = split_target(total, period, grain, calendar=calendar)
            at = 0
            for part, amount in zip(coarse.parts, coarse.units, strict=True):
                assert sum(days[at : at + part.days]) == amount
                at += part.days


class TestFlatAndZeroWeights:
    @given(totals, st.integers(2023, 2026))
    def test_flat_gives_equal_months_and_equal_days(self, total: Any, year: int) -> None:
        months = split_target(total, Period.year(year), "month").units
        assert max(months) - min(months) <= 1
        days = split_target(total, Period.year(year), "day").units
        at = 0
        for month in Period.year(year).split("month"):
            chunk = days[at : at + month.days]
            assert max(chunk) - min(chunk) <= 1
            at += month.days

    @given(totals, seasonality_profiles(), st.integers(2023, 2026), calendars)
    def test_zero_weight_months_get_zero(
        self, total: Any, profile: SeasonalityProfile, year: int, calendar: Any
    ) -> None:
        s = split_target(total, Period.year(year), "month", seasonality=profile, calendar=calendar)
        for weight, amount in zip(profile.weights, s.units, strict=True):
            if not weight:
                assert amount == 0

    @given(st.integers(0, 10**9), seasonality_profiles(), st.integers(2023, 2026))
    def test_months_follow_allocate(self, n: int, profile: Any, year: int) -> None:
        # Whole months of a year get exactly what allocate gives by the profile weights.
        s = split_target(n, Period.year(year), "month", seasonality=profile)
        assert s.units == allocate(n, profile.weights)


class TestScaling:
    @given(st.integers(0, 10**6), st.lists(st.integers(0, 5), min_size=12, max_size=12)
           .filter(any), st.integers(2023, 2026))  # fmt: skip
    def test_doubling_is_exact_when_representable(
        self, n: int, weights: list[int], year: int
    ) -> None:
        profile = SeasonalityProfile(weights)
        total = n * sum(weights)  # every month's share is a whole number
        one = split_target(total, Period.year(year), "month", seasonality=profile)
        two = split_target(2 * total, Period.year(year), "month", seasonality=profile)
        assert two.units == tuple(2 * u for u in one.units)

    @given(totals, short_periods, st.sampled_from(GRAINS))
    def test_doubling_is_within_rounding(self, total: Any, period: Period, grain: str) -> None:
        one = split_target(total, period, grain)
        twice = total + total if isinstance(total, Money) else 2 * total
        assume(total_units(twice) < 10**18)
        two = split_target(twice, period, grain)
        assert sum(two.units) == 2 * sum(one.units)
        # each day is within one unit of its exact share, so a part within 2 per day
        for part, a, b in zip(one.parts, one.units, two.units, strict=True):
            assert abs(b - 2 * a) <= 2 * part.days


class TestApportion:
    @given(st.integers(-(10**15), 10**15), st.lists(st.integers(0, 10**6), min_size=1,
           max_size=40).filter(any))  # fmt: skip
    def test_agrees_with_allocate(self, n: int, weights: list[int]) -> None:
        assert tuple(apportion(n, weights)) == allocate(n, weights)


class TestCombine:
    @given(st.lists(st.integers(0, 10**9), min_size=1, max_size=6), st.randoms())
    def test_any_order_sums_members(self, totals_: list[int], rnd: Any) -> None:
        q = Period.parse("2025-Q2")
        members = [split_target(Money.from_minor_units(n, "EUR"), q, "week") for n in totals_]
        team = combine(members)
        rnd.shuffle(members)
        assert combine(members) == team
        assert team.total == Money.from_minor_units(sum(totals_), "EUR")
        assert team == members[0] if len(members) == 1 else team == sum(members[1:], members[0])

    def test_refuses_misaligned_and_mixed(self) -> None:
        a = split_target(10, Period.parse("2025-Q1"), "month")
        with pytest.raises(ValidationError, match="same sub-periods"):
            combine([a, split_target(10, Period.parse("2025-Q1"), "week")])
        with pytest.raises(WrongType):
            combine([a, split_target(Money.of(1, "USD"), Period.parse("2025-Q1"), "month")])
        usd = split_target(Money.of(1, "USD"), Period.parse("2025-Q1"), "month")
        with pytest.raises(CurrencyMismatch):
            combine([usd, split_target(Money.of(1, "EUR"), Period.parse("2025-Q1"), "month")])
        with pytest.raises(ValidationError, match="at least one"):
            combine([])


class TestRebalance:
    def test_worked_example(self) -> None:
        # 1,200 USD by quarter, 200 booked by 30 June (target to date 600, 400 missing):
        # 1,000 still needed over Q3 and Q4 in proportion 300 : 300 -> 500 each.
        plan = split_target(Money.of(1200, "USD"), Period.year(2025), "quarter")
        later = rebalance(plan, Money.of(200, "USD"), dt.date(2025, 6, 30))
        assert later is not None
        assert later.amounts == (Money.of(500, "USD"), Money.of(500, "USD"))
        assert later.parts == plan.parts[2:]

    def test_cuts_the_current_part_and_handles_ahead(self) -> None:
        # 31 days of 31 USD, 10 booked on 10 Jan: 21 USD over the 21 days left.
        plan = split_target(Money.of(31, "USD"), Period.month(2025, 1), "month")
        later = rebalance(plan, Money.of(10, "USD"), dt.date(2025, 1, 10))
        assert later is not None
        assert str(later.period) == "2025-01-11/2025-01-31"
        assert later.total == Money.of(21, "USD")
        ahead = rebalance(plan, Money.of(40, "USD"), dt.date(2025, 1, 10))
        assert ahead is not None
        assert ahead.total.is_zero()
        kept = rebalance(plan, Money.of(40, "USD"), dt.date(2025, 1, 10), when_ahead="keep")
        assert kept is not None
        assert kept.total == Money.of(21, "USD")

    @given(target_schedules(), st.data())
    def test_keeps_the_total_and_the_future_grid(self, plan: TargetSchedule, data: Any) -> None:
        span = plan.period
        as_of = data.draw(st.dates(min_value=span.start - dt.timedelta(days=3),
                                   max_value=span.end + dt.timedelta(days=3)))  # fmt: skip
        booked = data.draw(st.integers(0, sum(plan.units)))
        actual: Money | int = (
            booked if plan.currency is None else Money.from_minor_units(booked, plan.currency)
        )
        later = rebalance(plan, actual, as_of)
        if as_of >= span.end:
            assert later is None
            return
        assert later is not None
        assert sum(later.units) == sum(plan.units) - booked  # actual + what is left = total
        assert later.period.end == span.end
        assert later.period.start == max(as_of + dt.timedelta(days=1), span.start)
        untouched = [p for p in plan.parts if p.start > as_of]
        assert list(later.parts[-len(untouched) :] if untouched else []) == untouched

    @given(target_schedules(), st.data())
    def test_on_plan_leaves_future_parts_as_they_were(
        self, plan: TargetSchedule, data: Any
    ) -> None:
        boundaries = [p.end for p in plan.parts[:-1]]
        assume(boundaries)
        as_of = data.draw(st.sampled_from(boundaries))
        done = sum(u for p, u in zip(plan.parts, plan.units, strict=True) if p.end <= as_of)
        actual = done if plan.currency is None else Money.from_minor_units(done, plan.currency)
        later = rebalance(plan, actual, as_of)
        assert later is not None
        future = [u for p, u in zip(plan.parts, plan.units, strict=True) if p.end > as_of]
        assert list(later.units) == future

    @given(target_schedules(), st.data())
    def test_spreads_what_is_missing_in_proportion_to_the_plan_left(
        self, plan: TargetSchedule, data: Any
    ) -> None:
        # Each remaining part gets (total - actuals) x its planned amount left / all planned
        # left, within one unit; a part cut by as_of keeps the share of its days after it.
        span = plan.period
        assume(span.days > 1)
        as_of = data.draw(st.dates(min_value=span.start, max_value=span.end - dt.timedelta(1)))
        booked = data.draw(st.integers(0, sum(plan.units)))
        actual = booked if plan.currency is None else Money.from_minor_units(booked, plan.currency)
        later = rebalance(plan, actual, as_of)
        assert later is not None
        left = []
        for part, amount in zip(plan.parts, plan.units, strict=True):
            if part.end > as_of:
                after = min(part.days, (part.end - as_of).days)
                left.append(Fraction(amount * after, part.days))
        assume(sum(left))
        needed = sum(plan.units) - booked
        for got, weight in zip(later.units, left, strict=True):
            assert abs(got - needed * weight / sum(left)) < 1

    def test_pace_on_the_rebalanced_schedule(self) -> None:
        plan = split_target(Money.of(1200, "USD"), Period.year(2025), "quarter")
        later = rebalance(plan, Money.of(200, "USD"), dt.date(2025, 6, 30))
        assert later is not None
        p = pace(later, Money.of(1000, "USD"), dt.date(2025, 12, 31))
        assert p.remaining.is_zero()  # type: ignore[union-attr]


class TestValue:
    def test_iterates_pairs_in_date_order(self) -> None:
        s = split_target(Money.of(3, "USD"), Period.parse("2025-Q1"), "month")
        assert [p for p, _ in s] == sorted(s.parts)
        assert len(s) == 3
        assert dict(s)[Period.month(2025, 2)] == Money.of(1, "USD")

    @pytest.mark.parametrize(
        ("parts", "units", "error"),
        [
            ((Period.month(2025, 1), Period.month(2025, 3)), (1, 1), PeriodError),
            ((Period.month(2025, 1),), (1, 1), ValidationError),
            ((Period.month(2025, 1),), (-1,), ValidationError),
            ((), (), ValidationError),
            (("2025-01",), (1,), WrongType),
            ((Period.month(2025, 1),), (1.0,), WrongType),
        ],
    )
    def test_refuses_bad_schedules(self, parts: Any, units: Any, error: type) -> None:
        with pytest.raises(error):
            TargetSchedule(parts, units, "USD")

    def test_from_pairs(self) -> None:
        pairs = [(Period.month(2025, 1), Money.of(1, "USD")), (Period.month(2025, 2), 2)]
        with pytest.raises(WrongType):
            TargetSchedule.from_pairs(pairs)  # type: ignore[list-item]
        s = TargetSchedule.from_pairs(pairs[:1])
        assert s.total == Money.of(1, "USD")

    @pytest.mark.parametrize(
        ("total", "error", "match"),
        [
            (Money.of(-1, "USD"), ValidationError, "zero or more"),
            (-5, ValidationError, "zero or more"),
            (1.5, WrongType, "Money or an int"),
            (None, WrongType, "Money or an int"),
        ],
    )
    def test_negative_quota_is_refused(self, total: Any, error: type, match: str) -> None:
        with pytest.raises(error, match=match):
            split_target(total, Period.year(2025), "month")

    def test_no_weighted_day(self) -> None:
        only_june = SeasonalityProfile.from_percentages({6: 100})
        with pytest.raises(ValidationError, match=r"'period' must .* weighted day") as info:
            split_target(5, Period.month(2025, 1), "day", seasonality=only_june)
        assert "Every month of 2025-01 has weight 0" in str(info.value)  # names the period
        weekend = Period.parse("2025-03-01/2025-03-02")  # a Saturday and a Sunday
        china = BusinessCalendar.for_country("CN", years=2025)
        with pytest.raises(ValidationError, match="2025-03-01/2025-03-02"):
            split_target(5, weekend, "day", calendar=china)
        assert split_target(0, Period.month(2025, 1), "day", seasonality=only_june).total == 0

    def test_long_periods_are_refused(self) -> None:
        with pytest.raises(PeriodError, match="at most 100000 days"):
            split_target(5, Period(dt.date(1, 1, 1), dt.date(9999, 12, 31)), "year")

    @settings(max_examples=30)  # records conversion of many nested periods is slow
    @given(st.lists(target_schedules(max_days=60), max_size=3))
    def test_records_round_trip(self, schedules: list[TargetSchedule]) -> None:
        assert from_records(TargetSchedule, to_records(schedules)) == schedules

    def test_add(self) -> None:
        a = split_target(10, Period.parse("2025-Q1"), "month")
        assert (a + a).units == tuple(2 * u for u in a.units)
        assert list(itertools.accumulate([a, a, a]))[-1].total == 30


RETAIL_445 = FiscalCalendar.retail("4-4-5")  # FY2025: 2024-12-29 to 2025-12-27, 52 weeks
ONE_TO_TWELVE = SeasonalityProfile.for_fiscal(RETAIL_445, {n: n for n in range(1, 13)})
fiscal_profiles = seasonality_profiles(fiscal=fiscal_calendars())
fiscal_periods = periods(min_value=dt.date(2023, 1, 1), max_value=dt.date(2027, 12, 31),
                         max_days=400)  # fmt: skip


def rotated(profile: SeasonalityProfile, start_month: int) -> SeasonalityProfile:
    """The month profile of fiscal-period weights of ``FiscalCalendar.monthly(start_month)``:
    fiscal period k is calendar month (start_month + k - 2) % 12 + 1."""
    by_month = {(start_month + k - 2) % 12 + 1: w for k, w in enumerate(profile.weights, 1)}
    return SeasonalityProfile.from_weights(by_month)


class TestFiscalSeasonality:
    def test_worked_example_445(self) -> None:
        # 4-4-5 FY2025, weights 1..12 (sum 78): period k gets k/78 of 78,000 = k x 1,000,
        # whatever its 4 or 5 weeks; Q1 = 1 + 2 + 3 = 6,000, Q4 = 10 + 11 + 12 = 33,000.
        s = split_target(Money.of(78_000, "USD"), RETAIL_445.year(2025), "period",
                         seasonality=ONE_TO_TWELVE, fiscal=RETAIL_445)  # fmt: skip
        assert s.amounts == tuple(Money.of(1000 * k, "USD") for k in range(1, 13))
        q = split_target(Money.of(78_000, "USD"), RETAIL_445.year(2025), "quarter",
                         seasonality=ONE_TO_TWELVE, fiscal=RETAIL_445)  # fmt: skip
        assert [str(m) for m in q.amounts] == [
            "6000.00 USD", "15000.00 USD", "24000.00 USD", "33000.00 USD"
        ]  # fmt: skip

    def test_worked_example_days(self) -> None:
        # Period 3 (5 weeks, 2025-02-23 to 2025-03-29) carries 3,000.00 USD = 300,000 cents
        # over 35 days: 300,000 = 35 x 8,571 + 15, so the first 15 days get 85.72, the rest 85.71.
        s = split_target(Money.of(78_000, "USD"), RETAIL_445.year(2025), "day",
                         seasonality=ONE_TO_TWELVE, fiscal=RETAIL_445)  # fmt: skip
        p3 = RETAIL_445.period(2025, 3)
        assert p3 == Period(dt.date(2025, 2, 23), dt.date(2025, 3, 29))
        at = (p3.start - s.period.start).days
        assert s.units[at : at + 35] == (8572,) * 15 + (8571,) * 20
        assert s.units[at - 1] != s.units[at]  # period 2 is paid at 2,000 / 28 a day

    def test_clipped_fiscal_period(self) -> None:
        # Calendar January 2025 under the 4-4-5 profile: period 1 (2024-12-29 to 2025-01-25,
        # 28 days, weight 1) has 25 days inside; period 2 (from 2025-01-26, 28 days, weight 2)
        # has 6: weights 1 x 25/28 and 2 x 6/28, i.e. 25 : 12 of 3,700 -> 2,500 and 1,200.
        s = split_target(3700, Period.parse("2025-01"), "period",
                         seasonality=ONE_TO_TWELVE, fiscal=RETAIL_445)  # fmt: skip
        assert s.amounts == (2500, 1200)

    def test_needs_its_own_fiscal_calendar(self) -> None:
        year = RETAIL_445.year(2025)
        with pytest.raises(PolicyError, match=r"'fiscal' must be the fiscal calendar .*4-4-5.*"
                           r"\(got None\)"):  # fmt: skip
            split_target(10, year, "month", seasonality=ONE_TO_TWELVE)
        with pytest.raises(PolicyError, match=r"4-4-5.*got FiscalCalendar.retail\('4-5-4'"):
            split_target(10, year, "period", seasonality=ONE_TO_TWELVE,
                         fiscal=FiscalCalendar.retail("4-5-4"))  # fmt: skip
        with pytest.raises(PolicyError, match="fiscal calendar"):
            assign_quotas(10, QuotaShares.equal(["R-1"]), year, seasonality=ONE_TO_TWELVE)

    def test_assign_quotas_by_fiscal_period(self) -> None:
        # Two equal reps share 78,000: each period k is k x 1,000 split 500 / 500.
        result = assign_quotas(78_000, QuotaShares.equal(["A", "B"]), RETAIL_445.year(2025),
                               grain="period", seasonality=ONE_TO_TWELVE,
                               fiscal=RETAIL_445)  # fmt: skip
        for _, schedule in result.schedules:
            assert schedule.units == tuple(500 * k for k in range(1, 13))

    def test_day_grain_with_fiscal(self) -> None:
        s = split_target(364, RETAIL_445.year(2025), "day", fiscal=RETAIL_445)
        assert len(s) == 364
        assert s.parts[0] == Period.day(dt.date(2024, 12, 29))

    @settings(max_examples=120)
    @given(totals, fiscal_profiles, fiscal_periods, calendars, st.data())
    def test_sums_exactly_for_every_pattern_and_grain(
        self, total: Any, profile: SeasonalityProfile, period: Period, calendar: Any, data: Any
    ) -> None:
        fiscal = profile.fiscal
        assert fiscal is not None
        assume(fiscal_splittable(total, period, profile, calendar))
        grains = ["day", "period", "quarter", "year"] + (["week"] if fiscal.pattern else [])
        grain = data.draw(st.sampled_from(grains))
        s = split_target(total, period, grain, seasonality=profile, calendar=calendar,
                         fiscal=fiscal)  # fmt: skip
        assert s.total == total
        assert s.parts == (period.split("day") if grain == "day" else fiscal.split(period, grain))
        assert all(u >= 0 for u in s.units)

    @settings(max_examples=120)
    @given(totals, fiscal_profiles, st.integers(2020, 2030), calendars)
    def test_zero_weight_periods_get_zero(
        self, total: Any, profile: SeasonalityProfile, fy: int, calendar: Any
    ) -> None:
        fiscal = profile.fiscal
        assert fiscal is not None
        s = split_target(total, fiscal.year(fy), "period", seasonality=profile,
                         calendar=calendar, fiscal=fiscal)  # fmt: skip
        assert len(s) == 12
        for weight, amount in zip(profile.weights, s.units, strict=True):
            if not weight:
                assert amount == 0
        if not any(calendar.count(p) for p in s.parts) if calendar else False:
            return
        # whole periods: exactly allocate by the weights (a calendar changes only the days)
        assert s.units == allocate(total_units(total), profile.weights)

    @given(totals, fiscal_calendars(), st.integers(2020, 2030), calendars)
    def test_flat_profile_gives_equal_periods(
        self, total: Any, fiscal: FiscalCalendar, fy: int, calendar: Any
    ) -> None:
        flat = SeasonalityProfile.for_fiscal(fiscal, [1] * 12)
        s = split_target(total, fiscal.year(fy), "period", seasonality=flat, calendar=calendar,
                         fiscal=fiscal)  # fmt: skip
        assert max(s.units) - min(s.units) <= 1  # 4-week and 5-week periods alike

    @settings(max_examples=120)
    @given(totals, st.integers(1, 12),
           st.lists(st.integers(0, 9), min_size=12, max_size=12).filter(any),
           fiscal_periods, calendars, st.sampled_from(["day", "period", "quarter"]))  # fmt: skip
    def test_monthly_calendar_is_the_rotated_month_profile(
        self, total: Any, start: int, weights: list[int], period: Period, calendar: Any,
        grain: str,
    ) -> None:  # fmt: skip
        fiscal = FiscalCalendar.monthly(start)
        by_period = SeasonalityProfile.for_fiscal(fiscal, weights)
        by_month = rotated(by_period, start)
        assume(splittable(total, period, by_month, calendar))
        options = {"calendar": calendar, "fiscal": fiscal}
        assert split_target(total, period, grain, seasonality=by_period, **options) == (
            split_target(total, period, grain, seasonality=by_month, **options)
        )

    def test_rotation_worked_example(self) -> None:
        # UK fiscal year (April start): fiscal period 1 is April, period 10 is January.
        uk = FiscalCalendar.monthly(4)
        profile = SeasonalityProfile.for_fiscal(uk, {**dict.fromkeys(range(1, 13), 1), 10: 0})
        assert rotated(profile, 4).weights[0] == 0  # January
        s = split_target(1100, uk.year(2026), "period", seasonality=profile, fiscal=uk)
        assert s.units == (100,) * 9 + (0, 100, 100)
        assert s.parts[9] == Period.parse("2026-01")

    @given(fiscal_profiles)
    def test_records_round_trip(self, profile: SeasonalityProfile) -> None:
        assert from_records(SeasonalityProfile, to_records([profile])) == [profile]
