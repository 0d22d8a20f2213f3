"""Assigning quotas: shares, ramps, proration, the shortfall (``salesmgmt.quotas._assign``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesmgmt import (
    BusinessCalendar,
    CurrencyMismatch,
    Money,
    Period,
    PolicyError,
    UnknownReference,
    ValidationError,
    WrongType,
    from_records,
    to_records,
)
from salesmgmt.org import OrgChart, Rep, Team
from salesmgmt.quotas import (
    QuotaAssignment,
    QuotaShares,
    RampSchedule,
    assign_quotas,
    combine,
    split_target,
)
from salesmgmt.strategies import business_calendars
from salesmgmt.strategies._quotas import quota_shares, ramp_schedules, seasonality_profiles

D = Decimal
CNY = "CNY"
YEAR = Period.year(2025)
TEAM = [Team("T", "East")]


def cny(x: int | str) -> Money:
    return Money.of(x, CNY)


def chart(*reps: Rep) -> OrgChart:
    return OrgChart(list(reps), TEAM)


def units(value: Money | int) -> int:
    return value.to_minor_units() if isinstance(value, Money) else value


class TestRampSchedule:
    def test_linear(self) -> None:
        assert RampSchedule.linear(3).shares == (D("0.25"), D("0.5"), D("0.75"))
        assert RampSchedule.linear(0).shares == ()

    @pytest.mark.parametrize(
        ("shares", "error"),
        [(["0.5", "0.25"], PolicyError), (["1.5"], ValidationError), (["-0.1"], ValidationError),
         (["0.12345"], ValidationError), ([0.5], WrongType), (["0.5"] * 61, ValidationError)],
    )  # fmt: skip
    def test_refuses(self, shares: list[Any], error: type) -> None:
        with pytest.raises(error):
            RampSchedule(shares)

    def test_tenure_months_follow_the_hire_day(self) -> None:
        ramp = RampSchedule.linear(3)
        hired = dt.date(2025, 3, 10)
        assert ramp.share_on(hired, dt.date(2025, 3, 9)) == 0
        assert ramp.share_on(hired, hired) == D("0.25")
        assert ramp.share_on(hired, dt.date(2025, 4, 10)) == D("0.5")
        assert ramp.share_on(hired, dt.date(2025, 6, 9)) == D("0.75")
        assert ramp.share_on(hired, dt.date(2025, 6, 10)) == 1

    @given(st.lists(ramp_schedules(), max_size=3))
    def test_records_round_trip(self, xs: list[RampSchedule]) -> None:
        assert from_records(RampSchedule, to_records(xs)) == xs


class TestQuotaShares:
    def test_constructors(self) -> None:
        assert QuotaShares.from_weights({"B": 1, "A": 3}).weights == (("A", D(3)), ("B", D(1)))
        with pytest.raises(PolicyError):
            QuotaShares.equal([])
        with pytest.raises(ValidationError, match="Rep 'A'"):
            QuotaShares([("A", 1), ("A", 2)])
        with pytest.raises(ValidationError, match="Rep 'A'"):
            QuotaShares.from_weights({"A": -1})
        with pytest.raises(CurrencyMismatch):
            QuotaShares.from_bookings({"A": Money.of(1, "USD"), "B": Money.of(1, "EUR")})

    @given(st.lists(quota_shares(), max_size=3))
    def test_records_round_trip(self, xs: list[QuotaShares]) -> None:
        assert from_records(QuotaShares, to_records(xs)) == xs


class TestWorkedExamples:
    def test_new_hire_with_a_three_month_ramp(self) -> None:
        # 240,000 CNY for 2025, A and B equal (120,000 each nominal). B is hired on 10 March
        # with a 0.25/0.5/0.75 ramp; flat months, calendar days. B's availability by month:
        # Mar 22 days x 0.25 = 5.5/31; Apr 9 x 0.25 + 21 x 0.5 = 12.75/30;
        # May 9 x 0.5 + 22 x 0.75 = 21/31; Jun 9 x 0.75 + 21 = 27.75/30; Jul-Dec 1 each.
        # Capacity = (26.5/31 + 40.5/30 + 6) / 12 = 0.683736...; B carries
        # 120,000 x 0.683736 = 82,048.39; 37,951.61 stays unassigned.
        org = chart(Rep("A", "An", "T"), Rep("B", "Bo", "T", hired_on=dt.date(2025, 3, 10)))
        shares = QuotaShares.equal(["A", "B"])
        result = assign_quotas(cny(240_000), shares, YEAR, ramp=RampSchedule.linear(3),
                               org=org, shortfall="unassigned")  # fmt: skip
        capacity = (Fraction(265, 310) + Fraction(405, 300) + 6) / 12
        assert units(result.quotas()["B"]) == round(12_000_000 * capacity)
        assert result.quotas() == {"A": cny(120_000), "B": cny("82048.39")}
        assert result.unassigned is not None
        assert result.unassigned.total == cny("37951.61")
        b = result.schedule("B")
        assert b.amounts[0].is_zero()
        assert b.amounts[1].is_zero()
        # March: 120,000 / 12 x 5.5/31 = 1,774.19 (the month's share of B's quota).
        assert abs(b.amounts[2].amount - D("1774.19")) <= D("0.01")  # type: ignore[union-attr]
        # Redistributed instead: B gets 240,000 x c / (1 + c) = 97,471.25; A the rest.
        shared = assign_quotas(cny(240_000), shares, YEAR, ramp=RampSchedule.linear(3), org=org)
        assert abs(units(shared.quotas()["B"]) - 24_000_000 * capacity / (1 + capacity)) < 1
        assert shared.total == cny(240_000)
        assert shared.unassigned is None

    def test_leaver_carries_only_the_prorated_share(self) -> None:
        # B leaves on 30 June of a flat year: capacity 6/12 -> 60,000 of a nominal 120,000.
        org = chart(Rep("A", "An", "T"), Rep("B", "Bo", "T", left_on=dt.date(2025, 6, 30)))
        result = assign_quotas(cny(240_000), QuotaShares.equal(["A", "B"]), YEAR, org=org,
                               shortfall="unassigned")  # fmt: skip
        assert result.quotas()["B"] == cny(60_000)
        assert all(m.is_zero() for m in result.schedule("B").amounts[6:])  # type: ignore[union-attr]
        # Redistributed: A 1 : B 0.5 -> 160,000 and 80,000.
        shared = assign_quotas(cny(240_000), QuotaShares.equal(["A", "B"]), YEAR, org=org)
        assert shared.quotas() == {"A": cny(160_000), "B": cny(80_000)}

    def test_proration_by_business_or_calendar_days(self) -> None:
        # March 2025 in China: 31 days, 21 business days (no holiday; 10 weekend days).
        # B joins on Monday 10 March: 16 business days (10-14, 17-21, 24-28, 31), 22 days.
        # 3,100 CNY, equal shares (1,550 each), unassigned policy:
        # by business days B carries 1,550 x 16/21 = 1,180.952... -> 1,180.95;
        # by calendar days 1,550 x 22/31 = 1,100.00.
        china = BusinessCalendar.for_country("CN", years=2025)
        org = chart(Rep("A", "An", "T"), Rep("B", "Bo", "T", hired_on=dt.date(2025, 3, 10)))
        march = Period.month(2025, 3)
        assert (china.count(march), china.count(Period(dt.date(2025, 3, 10), march.end))) == (
            21,
            16,
        )

        def b_quota(**options: Any) -> Money | int:
            return assign_quotas(cny(3100), QuotaShares.equal(["A", "B"]), march, org=org,
                                 shortfall="unassigned", **options).quotas()["B"]  # fmt: skip

        assert b_quota(calendar=china) == cny("1180.95")  # the default follows the calendar
        assert b_quota(calendar=china, prorate_by="business_days") == cny("1180.95")
        assert b_quota(calendar=china, prorate_by="calendar_days") == cny("1100.00")
        assert b_quota() == cny("1100.00")
        # Calendar-day proration, daily business-day targets: B's days before 10 March are 0,
        # weekends are 0, the 1,100 lies on B's 16 business days (68.75 each).
        days = assign_quotas(cny(3100), QuotaShares.equal(["A", "B"]), march, grain="day",
                             calendar=china, org=org, shortfall="unassigned",
                             prorate_by="calendar_days").schedule("B")  # fmt: skip
        open_days = [m for p, m in days if china.is_business_day(p.start) and p.start.day >= 10]
        assert open_days == [cny("68.75")] * 16
        assert days.total == cny(1100)
        with pytest.raises(ValidationError, match="prorate_by='business_days'"):
            b_quota(prorate_by="business_days")
        with pytest.raises(ValidationError, match="prorate_by"):
            b_quota(prorate_by="weeks")

    def test_calendar_days_proration_on_a_weekend_only(self) -> None:
        # B works only Saturday 29 and Sunday 30 March (no business day): by calendar days
        # B carries 1,550 x 2/31 = 100.00, spread over those two days, 50.00 each.
        china = BusinessCalendar.for_country("CN", years=2025)
        org = chart(Rep("A", "An", "T"), Rep("B", "Bo", "T", hired_on=dt.date(2025, 3, 29),
                                             left_on=dt.date(2025, 3, 30)))  # fmt: skip
        b = assign_quotas(cny(3100), QuotaShares.equal(["A", "B"]), Period.month(2025, 3),
                          grain="day", calendar=china, org=org, shortfall="unassigned",
                          prorate_by="calendar_days").schedule("B")  # fmt: skip
        assert [str(m) for p, m in b if not m.is_zero()] == ["50.00 CNY", "50.00 CNY"]  # type: ignore[union-attr]
        assert b.parts[28].start == dt.date(2025, 3, 29)
        assert b.amounts[28] == cny(50)

    def test_counts_and_nobody_available(self) -> None:
        org = chart(Rep("A", "An", "T", hired_on=dt.date(2026, 1, 1)))
        result = assign_quotas(100, QuotaShares.equal(["A"]), YEAR, org=org)
        assert result.quotas() == {"A": 0}
        assert result.unassigned is not None
        assert result.unassigned.total == 100

    def test_errors_name_the_rep(self) -> None:
        org = chart(Rep("A", "An", "T"))
        with pytest.raises(UnknownReference, match=r"assign_quotas\(\): 'shares' .* \(got 'B'\)"):
            assign_quotas(cny(1), QuotaShares.equal(["A", "B"]), YEAR, org=org)
        with pytest.raises(WrongType, match=r"'bookings\['B'\]' must be a Money in CNY"):
            QuotaShares.from_bookings({"A": cny(1), "B": 1})
        with pytest.raises(WrongType, match=r"'schedules\['B'\]' must be a Money in CNY"):
            QuotaAssignment((("A", split_target(cny(1), YEAR, "month")),
                             ("B", split_target(1, YEAR, "month"))))  # fmt: skip
        with pytest.raises(ValidationError, match="OrgChart when a ramp"):
            assign_quotas(cny(1), QuotaShares.equal(["A"]), YEAR, ramp=RampSchedule.linear(1))
        with pytest.raises(ValidationError, match="zero or more"):
            assign_quotas(cny(-1), QuotaShares.equal(["A"]), YEAR)
        result = assign_quotas(cny(1), QuotaShares.equal(["A"]), YEAR)
        with pytest.raises(UnknownReference):
            result.schedule("Z")


tenures = st.tuples(
    st.none() | st.dates(dt.date(2024, 6, 1), dt.date(2025, 12, 31)),
    st.none() | st.dates(dt.date(2025, 1, 1), dt.date(2026, 6, 1)),
).filter(lambda t: t[0] is None or t[1] is None or t[0] <= t[1])


@st.composite
def orgs(draw: st.DrawFn, size: int) -> OrgChart:
    reps = []
    for i in range(size):
        hired, left = draw(tenures)
        reps.append(Rep(f"R-{i}", "Rep", "T", hired_on=hired, left_on=left))
    return chart(*reps)


class TestInvariants:
    @given(st.integers(0, 10**12), quota_shares(max_size=5), st.data(),
           st.none() | seasonality_profiles(), st.sampled_from(["month", "week", "quarter"]),
           st.sampled_from(["redistribute", "unassigned"]),
           st.none() | ramp_schedules(max_months=4))  # fmt: skip
    def test_sums_exactly_to_the_total(
        self, n: int, shares: QuotaShares, data: Any, profile: Any, grain: str, shortfall: Any,
        ramp: Any,
    ) -> None:  # fmt: skip
        if profile is not None and not any(profile.weights):
            return
        org = data.draw(orgs(len(shares.weights)))
        calendar = data.draw(
            st.none()
            | business_calendars(min_value=dt.date(2025, 1, 1), max_value=dt.date(2025, 12, 31))
        )
        prorate_by = data.draw(st.sampled_from([None, "calendar_days"]))
        total = Money.from_minor_units(n, "USD")
        result = assign_quotas(total, shares, YEAR, grain=grain, seasonality=profile, org=org,
                               ramp=ramp, shortfall=shortfall, calendar=calendar,
                               prorate_by=prorate_by)  # fmt: skip
        assert result.total == total
        schedules = [s for _, s in result.schedules]
        if result.unassigned is not None:
            schedules.append(result.unassigned)
        assert combine(schedules).total == total
        for rep_id, schedule in result.schedules:
            rep = org.rep(rep_id)
            for part, amount in schedule:
                if (rep.hired_on and part.end < rep.hired_on) or (
                    rep.left_on and part.start > rep.left_on
                ):
                    assert units(amount) == 0

    @given(st.integers(0, 10**12), st.dates(dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
           st.none() | seasonality_profiles(),
           st.none() | business_calendars(min_value=dt.date(2025, 1, 1),
                                          max_value=dt.date(2025, 12, 31)),
           st.sampled_from([None, "calendar_days", "business_days"]))  # fmt: skip
    def test_leaver_carries_the_prorated_share(
        self, n: int, left: dt.date, profile: Any, calendar: Any, prorate_by: Any
    ) -> None:
        if prorate_by == "business_days" and calendar is None:
            prorate_by = None
        org = chart(Rep("A", "An", "T"), Rep("B", "Bo", "T", left_on=left))
        weights = profile.weights if profile else (D(1),) * 12
        # Exact capacity: each month's weight x (counted days up to left / counted days),
        # days counted as business days with a calendar unless prorated by calendar days.
        have, whole = Fraction(0), Fraction(0)
        by_business_days = calendar is not None and prorate_by != "calendar_days"
        for month in YEAR.split("month"):
            w = Fraction(weights[month.start.month - 1])
            count = calendar.count if by_business_days and calendar.count(month) else None
            days = count(month) if count else month.days
            upto = Period(month.start, min(left, month.end)) if left >= month.start else None
            done = (count(upto) if count else upto.days) if upto else 0
            have += w * Fraction(done, days)
            whole += w
        if not whole:
            return
        total = Money.from_minor_units(n, "USD")
        result = assign_quotas(
            total,
            QuotaShares.equal(["A", "B"]),
            YEAR,
            org=org,
            seasonality=profile,
            calendar=calendar,
            shortfall="unassigned",
            prorate_by=prorate_by,
        )
        exact = Fraction(n, 2) * have / whole
        assert abs(units(result.quotas()["B"]) - exact) < 1
        assert abs(units(result.quotas()["A"]) - Fraction(n, 2)) < 1

    @given(st.integers(0, 10**12), quota_shares(max_size=6), st.none() | seasonality_profiles())
    def test_full_reps_get_split_target_of_their_quota(
        self, n: int, shares: QuotaShares, profile: Any
    ) -> None:
        if profile is not None and not any(profile.weights):
            return
        total = Money.from_minor_units(n, "EUR")
        result = assign_quotas(total, shares, YEAR, grain="week", seasonality=profile)
        for _rep_id, schedule in result.schedules:
            assert schedule == split_target(schedule.total, YEAR, "week", seasonality=profile)
        weights = [w for _, w in shares.weights]
        from salesmgmt import allocate

        assert tuple(result.quotas().values()) == allocate(total, weights)

    @given(st.integers(0, 10**9), st.integers(1, 40))
    def test_equal_shares_are_within_one_unit(self, n: int, size: int) -> None:
        result = assign_quotas(n, QuotaShares.equal([f"R-{i:02d}" for i in range(size)]), YEAR)
        quotas = list(result.quotas().values())
        assert max(quotas) - min(quotas) <= 1  # type: ignore[operator]

    def test_records_round_trip(self) -> None:
        result = assign_quotas(cny(100), QuotaShares.equal(["A", "B"]), Period.parse("2025-Q1"))
        assert from_records(QuotaAssignment, to_records([result])) == [result]
