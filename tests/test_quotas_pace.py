"""Attainment and pacing (``salesmgmt.quotas._pace``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesmgmt import (
    BusinessCalendar,
    CurrencyMismatch,
    Money,
    Period,
    PolicyError,
    ValidationError,
    WrongType,
    from_records,
    to_records,
)
from salesmgmt.org import OrgChart
from salesmgmt.quotas import (
    Attainment,
    Pace,
    PacingPolicy,
    attainment,
    combine,
    pace,
    split_target,
)
from salesmgmt.quotas._pace import STATUSES
from salesmgmt.strategies import business_calendars
from salesmgmt.strategies._org import org_charts
from salesmgmt.strategies._quotas import attainments, paces, pacing_policies, target_schedules

D = Decimal
CNY = "CNY"
H1 = Period.parse("2025-01-01/2025-06-30")


def cny(x: int | str) -> Money:
    return Money.of(x, CNY)


def units(value: Money | int) -> int:
    return value.to_minor_units() if isinstance(value, Money) else value


def amount_like(schedule: Any, n: int) -> Money | int:
    return n if schedule.currency is None else Money.from_minor_units(n, schedule.currency)


class TestAttainment:
    @pytest.mark.parametrize(
        ("booked", "quota", "ratio", "gap"),
        [
            (cny(45), cny(60), D("0.75"), cny(15)),  # 45 / 60 = 0.75; 60 - 45 = 15
            (cny(120), cny(100), D("1.2"), cny(-20)),  # beaten by 20
            (cny(5), cny(0), None, cny(-5)),  # no quota: ratio undefined
            (cny(-10), cny(100), D("-0.1"), cny(110)),  # returns exceed sales
            (7, 20, D("0.35"), 13),  # counts: 7 of 20 visits
        ],
    )
    def test_worked_examples(self, booked: Any, quota: Any, ratio: Any, gap: Any) -> None:
        a = attainment(booked, quota)
        assert (a.booked, a.quota, a.ratio, a.gap) == (booked, quota, ratio, gap)
        assert units(a.variance) == -units(gap)  # ERPNext: variance = achieved - target

    def test_errors(self) -> None:
        with pytest.raises(ValidationError, match="zero or more"):
            attainment(cny(1), cny(-1))
        with pytest.raises(CurrencyMismatch):
            attainment(cny(1), Money.of(1, "USD"))
        with pytest.raises(WrongType):
            attainment(1, cny(1))
        with pytest.raises(ValidationError, match="ratio"):
            Attainment(cny(1), cny(2), D("0.4"), cny(1))
        with pytest.raises(ValidationError, match="gap"):
            Attainment(cny(1), cny(2), D("0.5"), cny(2))

    @given(st.sampled_from([None, "USD", "JPY"]),
           st.lists(st.tuples(st.integers(-(10**6), 10**12), st.integers(0, 10**12)),
                    min_size=1, max_size=6))  # fmt: skip
    def test_merge_equals_attainment_of_sums(self, code: Any, pairs: list[Any]) -> None:
        def amount(n: int) -> Money | int:
            return n if code is None else Money.from_minor_units(n, code)

        parts = [attainment(amount(b), amount(q)) for b, q in pairs]
        merged = parts[0]
        for part in parts[1:]:
            merged = merged + part
        booked = sum(units(a.booked) for a in parts)
        quota = sum(units(a.quota) for a in parts)
        assert units(merged.booked) == booked
        assert units(merged.quota) == quota
        assert merged == attainment(merged.booked, merged.quota)
        assert merged == sum(reversed(parts[:-1]), parts[-1])  # order does not matter

    @settings(max_examples=60)  # whole org charts are expensive to draw
    @given(org_charts(), st.data())
    def test_team_rollup_equals_sum_of_members_in_any_order(self, org: Any, data: Any) -> None:
        reps = [rep.rep_id for rep in org.reps]
        values = {
            rep_id: attainment(
                Money.from_minor_units(data.draw(st.integers(0, 10**9)), "USD"),
                Money.from_minor_units(data.draw(st.integers(0, 10**9)), "USD"),
            )
            for rep_id in reps
        }
        rolled = org.rollup(values)
        shuffled = dict(data.draw(st.permutations(list(values.items()))))
        assert org.rollup(shuffled) == rolled
        for team_id, team in rolled.items():
            members = [r.rep_id for r in org.reps if team_id in _teams_above(org, r.team_id)]
            assert units(team.booked) == sum(units(values[m].booked) for m in members)
            assert units(team.quota) == sum(units(values[m].quota) for m in members)

    @given(st.lists(attainments(), max_size=4))
    def test_records_round_trip(self, xs: list[Attainment]) -> None:
        assert from_records(Attainment, to_records(xs)) == xs


def _teams_above(org: OrgChart, team_id: str) -> set[str]:
    out = set()
    current: str | None = team_id
    while current is not None:
        out.add(current)
        current = org.team(current).parent_id
    return out


class TestPaceWorkedExamples:
    def test_required_daily_rate_at_40_percent_of_h1(self) -> None:
        # H1 2025 target 600,000 CNY flat (100,000 a month); 240,000 booked (40 %) by 16 June.
        # Remaining 360,000. Without a calendar 14 days are left (17-30 June):
        # 360,000 / 14 = 25,714.2857... -> 25,714.29 (half up).
        h1 = split_target(cny(600_000), H1, "month")
        p = pace(h1, cny(240_000), dt.date(2025, 6, 16))
        assert p.remaining == cny(360_000)
        assert p.business_days_left == 14
        assert p.required_per_business_day == cny("25714.29")
        # Expected: Jan-May 500,000 + June 16/30 x 100,000 = 553,333.33 (half up).
        assert p.expected_to_date == cny("553333.33")
        assert p.gap_to_date == cny("313333.33")
        assert p.status == "behind"  # 240,000 / 553,333.33 = 0.43 < 0.80
        # Run rate: 240,000 x 181 days / 167 days elapsed = 260,119.76;
        # seasonal: 240,000 x 600,000 / 553,333.33... = 260,240.96.
        assert p.projected.run_rate == cny("260119.76")
        assert p.projected.seasonal == cny("260240.96")

    def test_china_calendar(self) -> None:
        # China 2025: 17-30 June holds 10 business days (17-20, 23-27, 30), so
        # 360,000 / 10 = 36,000.00 a day. June has 20 business days (2 June is the
        # Dragon Boat holiday).
        china = BusinessCalendar.for_country("CN", years=2025)
        h1 = split_target(cny(600_000), H1, "month", calendar=china)
        p = pace(h1, cny(240_000), dt.date(2025, 6, 16), calendar=china)
        assert p.business_days_left == 10
        assert p.required_per_business_day == cny(36_000)
        june = Period.month(2025, 6)
        # June: 21 weekdays - 2 June = 20; on or before the 16th: 3-6, 9-13, 16 = 10.
        assert china.count(june) == 20
        assert china.count(Period(june.start, dt.date(2025, 6, 16))) == 10
        # 500,000 + 100,000 x 10 / 20 = 550,000 expected.
        assert p.expected_to_date == cny(550_000)
        elapsed = china.count(Period(june.start, dt.date(2025, 6, 16)))
        expected = 500_000 * 100 + round(100_000 * 100 * elapsed / china.count(june))
        assert units(p.expected_to_date) == expected

    def test_counts_need_a_decimal_rate(self) -> None:
        # 7 calls left over 3 days: 2.33 a day.
        calls = split_target(10, Period.parse("2025-W10"), "day")
        p = pace(calls, 3, dt.date(2025, 3, 6))
        assert p.business_days_left == 3
        assert p.required_per_business_day == D("2.33")

    def test_before_and_after_the_period(self) -> None:
        plan = split_target(cny(100), Period.month(2025, 3), "week")
        before = pace(plan, cny(0), dt.date(2025, 2, 1))
        assert before.expected_to_date == cny(0)
        assert before.status == "on track"
        assert before.business_days_left == 31
        assert before.projected.run_rate is None
        after = pace(plan, cny(50), dt.date(2025, 4, 1))
        assert after.expected_to_date == cny(100)
        assert after.business_days_left == 0
        assert after.required_per_business_day is None

    def test_errors(self) -> None:
        plan = split_target(cny(100), Period.month(2025, 3), "week")
        with pytest.raises(CurrencyMismatch):
            pace(plan, Money.of(1, "USD"), dt.date(2025, 3, 1))
        with pytest.raises(WrongType, match=r"pace\(\) of the 2025-03 schedule: 'booked_to_date'"):
            pace(plan, 1, dt.date(2025, 3, 1))
        with pytest.raises(WrongType):
            pace(plan, cny(1), "2025-03-01")  # type: ignore[arg-type]
        with pytest.raises(WrongType):
            pace(plan, cny(1), dt.date(2025, 3, 1), policy="strict")  # type: ignore[arg-type]


class TestPaceInvariants:
    @given(target_schedules(), st.integers(0, 10**6), st.integers(0, 10**6),
           st.none() | business_calendars(min_value=dt.date(2019, 1, 1)), st.data())  # fmt: skip
    def test_monotone_in_bookings(
        self, plan: Any, a: int, b: int, calendar: Any, data: Any
    ) -> None:
        low, high = sorted((a, b))
        span = plan.period
        as_of = data.draw(st.dates(min_value=span.start - dt.timedelta(days=2),
                                   max_value=span.end + dt.timedelta(days=2)))  # fmt: skip
        p = pace(plan, amount_like(plan, low), as_of, calendar=calendar)
        q = pace(plan, amount_like(plan, high), as_of, calendar=calendar)
        assert STATUSES.index(q.status) <= STATUSES.index(p.status)
        assert units(q.gap_to_date) <= units(p.gap_to_date)
        assert units(q.remaining) <= units(p.remaining)
        assert p.expected_to_date == q.expected_to_date
        if p.required_per_business_day is not None:
            assert q.required_per_business_day is not None
            rq, rp = q.required_per_business_day, p.required_per_business_day
            assert (rq.amount if isinstance(rq, Money) else rq) <= (
                rp.amount if isinstance(rp, Money) else rp
            )

    @given(target_schedules(), st.integers(0, 10**6),
           st.none() | business_calendars(min_value=dt.date(2019, 1, 1)))  # fmt: skip
    def test_last_day_expects_the_total(self, plan: Any, booked: int, calendar: Any) -> None:
        p = pace(plan, amount_like(plan, booked), plan.period.end, calendar=calendar)
        assert p.expected_to_date == plan.total
        assert p.business_days_left == 0
        assert p.required_per_business_day is None

    @given(target_schedules(), st.data())
    def test_expected_grows_with_time_and_formulas_hold(self, plan: Any, data: Any) -> None:
        span = plan.period
        days = st.dates(min_value=span.start - dt.timedelta(days=2), max_value=span.end)
        d1, d2 = sorted((data.draw(days), data.draw(days)))
        booked = amount_like(plan, data.draw(st.integers(0, 10**6)))
        p1, p2 = pace(plan, booked, d1), pace(plan, booked, d2)
        assert units(p1.expected_to_date) <= units(p2.expected_to_date) <= units(plan.total)
        assert units(p2.gap_to_date) == units(p2.expected_to_date) - units(booked)
        assert units(p2.remaining) == units(plan.total) - units(booked)
        assert p1.business_days_left >= p2.business_days_left

    @given(st.lists(st.integers(0, 10**6), min_size=1, max_size=4), st.integers(0, 10**6),
           st.dates(dt.date(2025, 3, 25), dt.date(2025, 7, 5)))  # fmt: skip
    def test_team_pace_is_pace_of_combined(self, totals: list[int], booked: int, day: Any) -> None:
        q2 = Period.parse("2025-Q2")
        members = [split_target(n, q2, "week") for n in totals]
        team = pace(combine(members), booked, day)
        assert team.remaining == sum(totals) - booked
        # the team's expected to date is the members' (each rounded half up), within rounding
        each = [units(pace(m, 0, day).expected_to_date) for m in members]
        assert abs(units(team.expected_to_date) - sum(each)) <= len(members)

    @settings(max_examples=60)  # whole org charts are expensive to draw
    @given(org_charts(max_reps=8), st.data())
    def test_team_pace_through_the_org_chart(self, org: OrgChart, data: Any) -> None:
        # Per rep: a schedule and bookings. Per team, through OrgChart.rollup: the sum of
        # every member's (own and sub-teams') schedule and bookings, in any order; the
        # team's pace is the pace of that sum.
        q2 = Period.parse("2025-Q2")
        ids = [rep.rep_id for rep in org.reps]
        plans = {r: split_target(data.draw(st.integers(0, 10**9)), q2, "week") for r in ids}
        booked = {r: data.draw(st.integers(0, 10**9)) for r in ids}
        day = data.draw(st.dates(dt.date(2025, 3, 30), dt.date(2025, 7, 2)))
        team_plans = org.rollup(plans)
        team_booked = org.rollup(booked)
        shuffled = dict(data.draw(st.permutations(list(plans.items()))))
        assert org.rollup(shuffled) == team_plans
        assert set(team_plans) == set(team_booked)
        for team_id, plan in team_plans.items():
            members = [r for r in ids if team_id in _teams_above(org, org.rep(r).team_id)]
            assert plan == combine([plans[m] for m in members])
            p = pace(plan, team_booked[team_id], day)
            assert p.booked_to_date == sum(booked[m] for m in members)
            assert p.remaining == plan.total - p.booked_to_date  # type: ignore[operator]
            each = [units(pace(plans[m], 0, day).expected_to_date) for m in members]
            assert abs(units(p.expected_to_date) - sum(each)) <= len(members)

    def test_team_pace_worked_example(self) -> None:
        # China (T-CN) above East (A) and West (B, C). 900 USD for 2025, equal shares:
        # 300 each, 25 a month. By 30 June (half the year, flat months): each rep is
        # expected 150; East 150, West 300, China 450. Bookings A 100, B 50, C 0: West
        # has booked 50 of 300 expected -> 1/6 -> behind; 550 remaining over the 184
        # days of July-December -> 2.989... -> 2.99 a day.
        from salesmgmt.org import Rep, Team
        from salesmgmt.quotas import QuotaShares, assign_quotas

        org = OrgChart(
            [Rep("A", "An", "T-E"), Rep("B", "Bo", "T-W"), Rep("C", "Cy", "T-W")],
            [Team("T-CN", "China"), Team("T-E", "East", "T-CN"), Team("T-W", "West", "T-CN")],
        )
        quotas = assign_quotas(Money.of(900, "USD"), QuotaShares.equal(["A", "B", "C"]),
                               Period.year(2025))  # fmt: skip
        plans = org.rollup(dict(quotas.schedules))
        booked = org.rollup({"A": Money.of(100, "USD"), "B": Money.of(50, "USD"),
                             "C": Money.of(0, "USD")})  # fmt: skip
        paces_ = {t: pace(plans[t], booked[t], dt.date(2025, 6, 30)) for t in plans}
        usd = [Money.of(x, "USD") for x in (150, 300, 450)]
        assert [paces_[t].expected_to_date for t in ("T-E", "T-W", "T-CN")] == usd
        west = paces_["T-W"]
        assert (west.status, west.business_days_left) == ("behind", 184)
        assert west.required_per_business_day == Money.of("2.99", "USD")
        assert paces_["T-E"].status == "behind"  # 100 / 150 = 0.67 < 0.80

    @settings(max_examples=30)  # records conversion of nested values is slow
    @given(st.lists(paces(), max_size=3))
    def test_records_round_trip(self, xs: list[Pace]) -> None:
        assert from_records(Pace, to_records(xs)) == xs


class TestPacingPolicy:
    @pytest.mark.parametrize(
        ("booked", "expected", "status"),
        [(110, 100, "ahead"), (109, 100, "on track"), (95, 100, "on track"),
         (94, 100, "at risk"), (80, 100, "at risk"), (79, 100, "behind"),
         (0, 0, "on track"), (1, 0, "ahead")],
    )  # fmt: skip
    def test_default_thresholds(self, booked: int, expected: int, status: str) -> None:
        assert PacingPolicy().status(booked, expected) == status

    def test_custom_and_invalid(self) -> None:
        strict = PacingPolicy(ahead_at="1.2", on_track_at="1", at_risk_at="0.9")
        assert strict.status(95, 100) == "at risk"
        with pytest.raises(PolicyError):
            PacingPolicy(on_track_at="0.5", at_risk_at="0.6")
        with pytest.raises(WrongType):
            PacingPolicy(ahead_at=1.1)  # type: ignore[arg-type]

    @given(pacing_policies(), st.integers(0, 1000), st.integers(0, 1000), st.integers(1, 1000))
    def test_status_is_monotone(self, policy: PacingPolicy, a: int, b: int, e: int) -> None:
        low, high = sorted((a, b))
        assert STATUSES.index(policy.status(high, e)) <= STATUSES.index(policy.status(low, e))

    @given(st.lists(pacing_policies(), max_size=3))
    def test_records_round_trip(self, xs: list[PacingPolicy]) -> None:
        assert from_records(PacingPolicy, to_records(xs)) == xs
