"""Tests for salesmgmt.periods._business: BusinessCalendar."""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import pickle
import sys
from collections.abc import Iterator

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from salesmgmt import (
    BusinessCalendar,
    MissingDependency,
    Period,
    PeriodError,
    PolicyError,
    SalesMgmtError,
    UnknownReference,
    ValidationError,
    WrongType,
)
from salesmgmt.strategies import business_calendars, dates, grains, periods

D = dt.date
SAT_SUN = BusinessCalendar()
FRI_SAT = BusinessCalendar(weekend=(calendar.FRIDAY, calendar.SATURDAY))
SEVEN_DAYS = BusinessCalendar(weekend=())

# China 2025, by hand from the State Council General Office notice on the 2025 holiday
# arrangements (国务院办公厅关于2025年部分节假日安排的通知, 国办发明电〔2024〕12号, 12 Nov 2024):
# Qingming 4 Apr (Fri) off; Labour Day 1-5 May off, Sunday 27 Apr worked;
# Dragon Boat 31 May - 2 Jun off (31 May and 1 Jun are a weekend).
CHINA_2025 = BusinessCalendar(
    weekend=(calendar.SATURDAY, calendar.SUNDAY),
    holidays=[
        D(2025, 4, 4),
        *(D(2025, 5, day) for day in range(1, 6)),
        D(2025, 5, 31),
        D(2025, 6, 2),
    ],
    extra_workdays=[D(2025, 4, 27)],
)

NEAR = D(1990, 1, 1), D(2060, 12, 31)


@st.composite
def wide_calendars(draw: st.DrawFn) -> BusinessCalendar:
    """Calendars with weekends of up to six days (``business_calendars()`` stops at
    three), holidays and make-up workdays around 2000-2050. Private to this module."""
    weekend = draw(st.sets(st.integers(0, 6), max_size=6))
    days = st.dates(min_value=D(2000, 1, 1), max_value=D(2050, 12, 31))
    holidays = draw(st.sets(days, max_size=30))
    extra = (
        draw(st.sets(days.filter(lambda d: d.weekday() in weekend), max_size=30))
        if weekend
        else set()
    )
    return BusinessCalendar(weekend=weekend, holidays=holidays, extra_workdays=extra - holidays)


def calendars() -> st.SearchStrategy[BusinessCalendar]:
    return st.one_of(business_calendars(), wide_calendars())


def near_periods(max_days: int = 1500) -> st.SearchStrategy[Period]:
    return periods(min_value=NEAR[0], max_value=NEAR[1], max_days=max_days)


def oracle(cal: BusinessCalendar, day: dt.date) -> bool:
    """Whether ``day`` is worked, straight from the definition."""
    if day.weekday() in cal.weekend:
        return day in cal.extra_workdays
    return day not in cal.holidays


def days_of(period: Period) -> list[dt.date]:
    return [period.start + dt.timedelta(days=i) for i in range(period.days)]


class TestInit:
    def test_defaults(self) -> None:
        cal = BusinessCalendar()
        assert cal.weekend == (5, 6)
        assert cal.holidays == ()
        assert cal.extra_workdays == ()

    def test_fields_are_exactly_weekend_holidays_extra_workdays(self) -> None:
        names = [a.name for a in attrs.fields(BusinessCalendar) if a.init]
        assert names == ["weekend", "holidays", "extra_workdays"]
        cal = BusinessCalendar((4, 5), [D(2025, 1, 1)], [D(2025, 1, 3)])
        assert cal == BusinessCalendar(
            weekend=(4, 5), holidays=(D(2025, 1, 1),), extra_workdays=(D(2025, 1, 3),)
        )

    def test_iterables_become_sorted_tuples_without_repeats(self) -> None:
        cal = BusinessCalendar(
            weekend=[6, 5, 6],
            holidays=iter([D(2025, 5, 2), D(2025, 5, 1), D(2025, 5, 2)]),
            extra_workdays={D(2025, 4, 27), D(2025, 2, 8)},
        )
        assert cal.weekend == (5, 6)
        assert cal.holidays == (D(2025, 5, 1), D(2025, 5, 2))
        assert cal.extra_workdays == (D(2025, 2, 8), D(2025, 4, 27))

    def test_int_enum_weekdays_become_plain_ints(self) -> None:
        class Day(enum.IntEnum):
            FRIDAY = 4
            SATURDAY = 5

        cal = BusinessCalendar(weekend=(Day.SATURDAY, Day.FRIDAY))
        assert cal.weekend == (4, 5)
        assert all(type(day) is int for day in cal.weekend)

    def test_date_subclass_becomes_a_plain_date(self) -> None:
        class MyDate(dt.date):
            pass

        cal = BusinessCalendar(holidays=[MyDate(2025, 5, 1)])
        assert type(cal.holidays[0]) is dt.date

    def test_empty_weekend_is_allowed(self) -> None:
        assert SEVEN_DAYS.weekend == ()
        assert SEVEN_DAYS.is_business_day(D(2025, 5, 3))

    def test_repr_round_trips_and_values_hash(self) -> None:
        namespace = {"BusinessCalendar": BusinessCalendar, "datetime": dt}
        assert eval(repr(CHINA_2025), namespace) == CHINA_2025
        assert hash(eval(repr(CHINA_2025), namespace)) == hash(CHINA_2025)
        assert len({CHINA_2025, SAT_SUN, BusinessCalendar()}) == 2

    def test_evolve_and_pickle_keep_behaviour(self) -> None:
        moved = attrs.evolve(CHINA_2025, holidays=())
        assert moved.count(Period.month(2025, 5)) == 22
        restored = pickle.loads(pickle.dumps(CHINA_2025))
        assert restored == CHINA_2025
        assert restored.count(Period.month(2025, 5)) == 19

    def test_frozen(self) -> None:
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            CHINA_2025.weekend = ()  # type: ignore[misc]

    @pytest.mark.parametrize(
        ("kwargs", "error", "field"),
        [
            ({"weekend": 5}, WrongType, "weekend"),
            ({"weekend": "SAT"}, WrongType, "weekend"),
            ({"weekend": None}, WrongType, "weekend"),
            ({"weekend": [5.0]}, WrongType, "weekend[0]"),
            ({"weekend": [True]}, WrongType, "weekend[0]"),
            ({"weekend": [7]}, ValidationError, "weekend[0]"),
            ({"weekend": [5, -1]}, ValidationError, "weekend[1]"),
            ({"weekend": range(7)}, ValidationError, "weekend"),
            ({"weekend": [0, 1, 2, 3, 4, 5, 6, 6]}, ValidationError, "weekend"),
            ({"holidays": D(2025, 1, 1)}, WrongType, "holidays"),
            ({"holidays": "2025-01-01"}, WrongType, "holidays"),
            ({"holidays": ["2025-01-01"]}, WrongType, "holidays[0]"),
            ({"holidays": [dt.datetime(2025, 1, 1)]}, WrongType, "holidays[0]"),
            ({"holidays": [D(2025, 1, 1), None]}, WrongType, "holidays[1]"),
            ({"extra_workdays": [float("nan")]}, WrongType, "extra_workdays[0]"),
            ({"extra_workdays": range(10**18)}, ValidationError, "extra_workdays"),
        ],
    )
    def test_bad_values_name_the_field(
        self, kwargs: dict[str, object], error: type[SalesMgmtError], field: str
    ) -> None:
        with pytest.raises(error) as info:
            BusinessCalendar(**kwargs)  # type: ignore[arg-type]
        assert type(info.value) is error
        assert info.value.field == field
        assert str(info.value).startswith("BusinessCalendar: ")

    def test_a_datetime_gets_a_hint(self) -> None:
        with pytest.raises(WrongType, match=r"Hint: Pass value\.date\(\)"):
            BusinessCalendar(holidays=[dt.datetime(2025, 1, 1, 9)])

    def test_a_day_both_holiday_and_workday_is_a_policy_error(self) -> None:
        with pytest.raises(PolicyError, match="both a holiday and a make-up workday") as info:
            BusinessCalendar(holidays=[D(2025, 4, 27)], extra_workdays=[D(2025, 4, 27)])
        assert info.value.field == "extra_workdays"
        assert info.value.value == D(2025, 4, 27)

    def test_a_workday_on_a_weekday_is_a_policy_error(self) -> None:
        with pytest.raises(PolicyError, match="is a Monday") as info:
            BusinessCalendar(extra_workdays=[D(2025, 4, 28)])
        assert "weekend day" in str(info.value)

    def test_a_workday_outside_a_custom_weekend_is_a_policy_error(self) -> None:
        # 2025-04-27 is a Sunday, which is a workday in a Friday/Saturday weekend.
        with pytest.raises(PolicyError):
            BusinessCalendar(weekend=(4, 5), extra_workdays=[D(2025, 4, 27)])


class TestIsBusinessDay:
    @pytest.mark.parametrize(
        ("cal", "day", "expected"),
        [
            # Checked by hand against a 2025 wall calendar (1 May 2025 is a Thursday).
            (SAT_SUN, D(2025, 5, 2), True),  # Friday
            (SAT_SUN, D(2025, 5, 3), False),  # Saturday
            (FRI_SAT, D(2025, 5, 2), False),  # Friday off in a Fri/Sat weekend
            (FRI_SAT, D(2025, 5, 4), True),  # Sunday worked in a Fri/Sat weekend
            (SEVEN_DAYS, D(2025, 5, 4), True),
            (CHINA_2025, D(2025, 5, 5), False),  # Labour Day break, a Monday
            (CHINA_2025, D(2025, 4, 27), True),  # make-up Sunday
            (CHINA_2025, D(2025, 5, 31), False),  # Dragon Boat, a Saturday
            (CHINA_2025, D(2025, 5, 6), True),
            (SAT_SUN, D(1, 1, 1), True),  # 0001-01-01 is a Monday
            (SAT_SUN, D(9999, 12, 31), True),  # a Friday
        ],
    )
    def test_worked_examples(self, cal: BusinessCalendar, day: dt.date, expected: bool) -> None:
        assert cal.is_business_day(day) is expected

    @given(calendars(), dates())
    def test_matches_the_definition(self, cal: BusinessCalendar, day: dt.date) -> None:
        assert cal.is_business_day(day) == oracle(cal, day)

    @given(calendars(), near_periods(max_days=60))
    def test_agrees_with_membership_in_business_days(
        self, cal: BusinessCalendar, period: Period
    ) -> None:
        listed = set(cal.business_days(period))
        assert {d for d in days_of(period) if cal.is_business_day(d)} == listed

    @pytest.mark.parametrize(
        "bad", [None, "2025-05-01", dt.datetime(2025, 5, 1), 20250501, 1.5, Period.month(2025, 5)]
    )
    def test_refuses_non_dates(self, bad: object) -> None:
        with pytest.raises(WrongType, match=r"BusinessCalendar\.is_business_day\(\): 'd'"):
            SAT_SUN.is_business_day(bad)  # type: ignore[arg-type]


class TestCount:
    @pytest.mark.parametrize(
        ("cal", "period", "expected"),
        [
            # May 2025 in China: 22 weekdays (Thu 1 May + 4 whole weeks + Thu 29, Fri 30)
            # minus the weekday holidays 1, 2 and 5 May = 19 (source: CHINA_2025 above).
            (CHINA_2025, Period.month(2025, 5), 19),
            # April 2025: 22 weekdays - Qingming (Fri 4 Apr) + make-up Sunday 27 Apr = 22.
            (CHINA_2025, Period.month(2025, 4), 22),
            # Checked by hand: 22 weekdays in May 2025 with no holidays.
            (SAT_SUN, Period.month(2025, 5), 22),
            # Fri/Sat weekend: 4 whole weeks (20) + Thu 29 (worked), Fri 30, Sat 31 (off).
            (FRI_SAT, Period.month(2025, 5), 21),
            (SEVEN_DAYS, Period.month(2025, 5), 31),
            # 2024 (leap, starts Monday): 52 weeks (260) + Mon 30, Tue 31 Dec = 262.
            (SAT_SUN, Period.year(2024), 262),
            # 2025 (starts Wednesday): 52 weeks (260) + Wed 31 Dec = 261.
            (SAT_SUN, Period.year(2025), 261),
            (SAT_SUN, Period(D(2025, 5, 3), D(2025, 5, 4)), 0),
            (CHINA_2025, Period.day(D(2025, 4, 27)), 1),
            # Years 1-9999: 3,652,059 days = 521,722 weeks + 5 days (Mon-Fri, since 0001-01-01
            # and the day 521,722 weeks later are Mondays): 521,722 x 5 + 5 = 2,608,615.
            (SAT_SUN, Period(D.min, D.max), 2_608_615),
        ],
    )
    def test_worked_examples(self, cal: BusinessCalendar, period: Period, expected: int) -> None:
        assert cal.count(period) == expected

    @given(calendars(), near_periods())
    def test_equals_the_number_of_business_days(
        self, cal: BusinessCalendar, period: Period
    ) -> None:
        assert cal.count(period) == len(cal.business_days(period))

    @given(calendars(), near_periods(max_days=400))
    def test_matches_the_definition_day_by_day(
        self, cal: BusinessCalendar, period: Period
    ) -> None:
        assert cal.count(period) == sum(oracle(cal, d) for d in days_of(period))

    @given(calendars(), near_periods(max_days=4000), grains())
    def test_is_the_sum_over_any_split(
        self, cal: BusinessCalendar, period: Period, grain: str
    ) -> None:
        parts = period.split(grain)  # type: ignore[arg-type]
        assert sum(cal.count(part) for part in parts) == cal.count(period)

    @given(calendars(), periods(), st.data())
    def test_is_additive_at_any_cut(
        self, cal: BusinessCalendar, period: Period, data: st.DataObject
    ) -> None:
        assume(period.days > 1)
        cut = data.draw(st.integers(1, period.days - 1))
        middle = period.start + dt.timedelta(days=cut)
        left = Period(period.start, middle - dt.timedelta(days=1))
        right = Period(middle, period.end)
        assert cal.count(left) + cal.count(right) == cal.count(period)

    @given(calendars(), near_periods(max_days=4000), dates(min_value=NEAR[0], max_value=NEAR[1]))
    def test_adding_a_holiday_never_increases_it(
        self, cal: BusinessCalendar, period: Period, day: dt.date
    ) -> None:
        assume(day not in cal.extra_workdays)
        more = attrs.evolve(cal, holidays=(*cal.holidays, day))
        assert more.count(period) <= cal.count(period)
        assert cal.count(period) - more.count(period) == int(
            period.start <= day <= period.end and cal.is_business_day(day)
        )

    @given(calendars(), near_periods(max_days=4000), dates(min_value=NEAR[0], max_value=NEAR[1]))
    def test_adding_an_extra_workday_never_decreases_it(
        self, cal: BusinessCalendar, period: Period, near: dt.date
    ) -> None:
        assume(cal.weekend)
        # The first weekend day on or after ``near`` (the calendars only allow those).
        day = next(
            near + dt.timedelta(days=i)
            for i in range(7)
            if (near + dt.timedelta(days=i)).weekday() in cal.weekend
        )
        assume(day not in cal.holidays)
        more = attrs.evolve(cal, extra_workdays=(*cal.extra_workdays, day))
        assert more.count(period) >= cal.count(period)
        assert more.count(period) - cal.count(period) == int(
            period.start <= day <= period.end and not cal.is_business_day(day)
        )

    @given(calendars(), near_periods())
    def test_lies_between_zero_and_the_days(self, cal: BusinessCalendar, period: Period) -> None:
        assert 0 <= cal.count(period) <= period.days

    @pytest.mark.parametrize(
        "bad", [None, (D(2025, 5, 1), D(2025, 5, 31)), D(2025, 5, 1), "2025-05", 1.5]
    )
    def test_refuses_non_periods_with_a_hint(self, bad: object) -> None:
        with pytest.raises(WrongType, match=r"Hint: Build one with Period\(start, end\)"):
            SAT_SUN.count(bad)  # type: ignore[arg-type]


class TestBusinessDays:
    def test_china_may_2025(self) -> None:
        days = CHINA_2025.business_days(Period.month(2025, 5))
        assert len(days) == 19
        assert days[0] == D(2025, 5, 6)
        assert days[-1] == D(2025, 5, 30)

    def test_a_weekend_gives_an_empty_tuple(self) -> None:
        assert SAT_SUN.business_days(Period(D(2025, 5, 3), D(2025, 5, 4))) == ()

    @given(calendars(), near_periods())
    def test_are_increasing_dates_inside_the_period(
        self, cal: BusinessCalendar, period: Period
    ) -> None:
        days = cal.business_days(period)
        assert isinstance(days, tuple)
        assert all(type(d) is dt.date for d in days)
        assert list(days) == sorted(set(days))
        assert all(period.start <= d <= period.end for d in days)

    def test_refuses_non_periods(self) -> None:
        with pytest.raises(WrongType, match=r"business_days\(\): 'period'"):
            SAT_SUN.business_days([D(2025, 5, 1)])  # type: ignore[arg-type]


class TestBusinessDaysBetween:
    @pytest.mark.parametrize(
        ("cal", "start", "end", "expected"),
        [
            # Checked by hand: [start, end) counts start, not end (numpy busday_count).
            (SAT_SUN, D(2025, 5, 5), D(2025, 5, 12), 5),  # Mon to next Mon
            (SAT_SUN, D(2025, 5, 12), D(2025, 5, 5), -5),
            (SAT_SUN, D(2025, 5, 2), D(2025, 5, 5), 1),  # Fri to Mon: the Friday
            (SAT_SUN, D(2025, 5, 3), D(2025, 5, 5), 0),  # Sat to Mon
            (SAT_SUN, D(2025, 5, 5), D(2025, 5, 5), 0),
            (CHINA_2025, D(2025, 4, 30), D(2025, 5, 7), 2),  # Wed 30 Apr and Tue 6 May
            (CHINA_2025, D(2025, 4, 26), D(2025, 4, 28), 1),  # the make-up Sunday
            (SAT_SUN, D.min, D.max, 2_608_614),  # Friday 9999-12-31 left out
        ],
    )
    def test_worked_examples(
        self, cal: BusinessCalendar, start: dt.date, end: dt.date, expected: int
    ) -> None:
        assert cal.business_days_between(start, end) == expected

    @given(calendars(), dates(), dates())
    def test_is_antisymmetric(self, cal: BusinessCalendar, a: dt.date, b: dt.date) -> None:
        assert cal.business_days_between(a, b) == -cal.business_days_between(b, a)

    @given(calendars(), periods())
    def test_is_count_of_the_closed_period_minus_its_end(
        self, cal: BusinessCalendar, period: Period
    ) -> None:
        between = cal.business_days_between(period.start, period.end)
        assert between == cal.count(period) - int(cal.is_business_day(period.end))

    @given(calendars(), dates(), dates(), dates())
    def test_adds_up_along_a_chain(
        self, cal: BusinessCalendar, a: dt.date, b: dt.date, c: dt.date
    ) -> None:
        between = cal.business_days_between
        assert between(a, b) + between(b, c) == between(a, c)

    @pytest.mark.parametrize("field", ["start", "end"])
    def test_refuses_datetimes(self, field: str) -> None:
        args = {"start": D(2025, 1, 1), "end": D(2025, 2, 1)}
        args[field] = dt.datetime(2025, 1, 1)
        with pytest.raises(WrongType) as info:
            SAT_SUN.business_days_between(**args)
        assert info.value.field == field


class TestAddBusinessDays:
    @pytest.mark.parametrize(
        ("cal", "day", "n", "expected"),
        [
            # Checked by hand on a May 2025 calendar (Fri 2, Sat 3, Sun 4, Mon 5 May).
            (SAT_SUN, D(2025, 5, 2), 1, D(2025, 5, 5)),  # Fri + 1 = Mon
            (SAT_SUN, D(2025, 5, 5), 5, D(2025, 5, 12)),  # Mon + 5 = next Mon
            (SAT_SUN, D(2025, 5, 5), 0, D(2025, 5, 5)),
            (SAT_SUN, D(2025, 5, 5), -1, D(2025, 5, 2)),  # Mon - 1 = Fri
            # numpy busday_offset(roll="forward"): roll to Mon 5 May first, then offset.
            (SAT_SUN, D(2025, 5, 3), 0, D(2025, 5, 5)),
            (SAT_SUN, D(2025, 5, 3), 1, D(2025, 5, 6)),
            (SAT_SUN, D(2025, 5, 3), -1, D(2025, 5, 2)),
            (FRI_SAT, D(2025, 5, 1), 1, D(2025, 5, 4)),  # Thu + 1 = Sun
            # China 2025: 1-5 May off, Sun 27 Apr worked.
            (CHINA_2025, D(2025, 4, 30), 1, D(2025, 5, 6)),
            (CHINA_2025, D(2025, 4, 25), 1, D(2025, 4, 27)),
            (CHINA_2025, D(2025, 4, 27), -1, D(2025, 4, 25)),
            (CHINA_2025, D(2025, 5, 6), -1, D(2025, 4, 30)),
            (CHINA_2025, D(2025, 5, 1), 0, D(2025, 5, 6)),
            # Crossing a year: Wed 31 Dec 2025 + 2 = Fri 2 Jan 2026.
            (SAT_SUN, D(2025, 12, 31), 2, D(2026, 1, 2)),
            (SAT_SUN, D(9999, 12, 30), 1, D(9999, 12, 31)),
            (SAT_SUN, D(1, 1, 2), -1, D(1, 1, 1)),
        ],
    )
    def test_worked_examples(
        self, cal: BusinessCalendar, day: dt.date, n: int, expected: dt.date
    ) -> None:
        assert cal.add_business_days(day, n) == expected

    @given(calendars(), dates(min_value=NEAR[0], max_value=NEAR[1]), st.integers(-3000, 3000))
    def test_lands_on_a_business_day_n_business_days_away(
        self, cal: BusinessCalendar, day: dt.date, n: int
    ) -> None:
        result = cal.add_business_days(day, n)
        assert cal.is_business_day(result)
        assert cal.business_days_between(day, result) == n

    @given(calendars(), dates(min_value=NEAR[0], max_value=NEAR[1]), st.integers(-500, 500))
    def test_is_strictly_increasing_in_n(
        self, cal: BusinessCalendar, day: dt.date, n: int
    ) -> None:
        assert cal.add_business_days(day, n) < cal.add_business_days(day, n + 1)

    @given(calendars(), dates(min_value=NEAR[0], max_value=NEAR[1]))
    def test_zero_rolls_forward_to_the_first_business_day(
        self, cal: BusinessCalendar, day: dt.date
    ) -> None:
        rolled = cal.add_business_days(day, 0)
        assert rolled >= day
        assert cal.count(Period(day, rolled)) == 1
        assert (rolled == day) == cal.is_business_day(day)

    @pytest.mark.parametrize(
        ("day", "n"),
        [
            (D(9999, 12, 31), 1),
            (D(9999, 12, 25), 10),
            (D(1, 1, 1), -1),
            (D(2025, 1, 1), 10**100),
            (D(2025, 1, 1), -(10**100)),
            (D(2025, 1, 1), 2_608_615),
        ],
    )
    def test_leaving_the_date_range_is_a_period_error(self, day: dt.date, n: int) -> None:
        with pytest.raises(PeriodError, match=r"add_business_days\(\): 'n'"):
            SAT_SUN.add_business_days(day, n)

    def test_a_saturday_at_the_end_of_time_cannot_roll(self) -> None:
        # 9999-12-31 is a Friday; in a Fri/Sat weekend nothing is left on or after it.
        with pytest.raises(PeriodError, match="on or after it"):
            FRI_SAT.add_business_days(D(9999, 12, 31), -1)

    def test_a_calendar_with_no_business_day_in_reach_does_not_loop(self) -> None:
        # Only Mondays are worked, and every Monday from 2000 to 2299 is a holiday.
        mondays = [D(2000, 1, 3) + dt.timedelta(weeks=i) for i in range(52 * 300)]
        sparse = BusinessCalendar(weekend=(1, 2, 3, 4, 5, 6), holidays=mondays)
        assert sparse.add_business_days(D(2000, 1, 1), 0) == D(2298, 12, 26)
        # The first Monday without a holiday: 2000-01-03 + 15,600 weeks = 2298-12-26.
        assert mondays[-1] + dt.timedelta(weeks=1) == D(2298, 12, 26)
        # And with every Monday a holiday, nothing is ever in reach.
        every = [D(1, 1, 1) + dt.timedelta(weeks=i) for i in range(521_723)]
        never = BusinessCalendar(weekend=(1, 2, 3, 4, 5, 6), holidays=every)
        with pytest.raises(PeriodError, match="on or after it"):
            never.add_business_days(D(2000, 1, 1), 1)
        with pytest.raises(PeriodError):
            never.previous_business_day(D(2000, 1, 1))

    @pytest.mark.parametrize("bad", [None, 1.0, "1", True, D(2025, 1, 1)])
    def test_refuses_non_int_n(self, bad: object) -> None:
        with pytest.raises(WrongType) as info:
            SAT_SUN.add_business_days(D(2025, 1, 1), bad)  # type: ignore[arg-type]
        assert info.value.field == "n"


class TestNextAndPreviousBusinessDay:
    @pytest.mark.parametrize(
        ("cal", "day", "following", "preceding"),
        [
            # Checked by hand on a May 2025 calendar.
            (SAT_SUN, D(2025, 5, 2), D(2025, 5, 5), D(2025, 5, 1)),
            (SAT_SUN, D(2025, 5, 4), D(2025, 5, 5), D(2025, 5, 2)),
            (CHINA_2025, D(2025, 4, 30), D(2025, 5, 6), D(2025, 4, 29)),
            (CHINA_2025, D(2025, 4, 28), D(2025, 4, 29), D(2025, 4, 27)),
        ],
    )
    def test_worked_examples(
        self, cal: BusinessCalendar, day: dt.date, following: dt.date, preceding: dt.date
    ) -> None:
        assert cal.next_business_day(day) == following
        assert cal.previous_business_day(day) == preceding

    @given(calendars(), dates(min_value=NEAR[0], max_value=NEAR[1]))
    def test_no_business_day_lies_in_between(self, cal: BusinessCalendar, day: dt.date) -> None:
        following = cal.next_business_day(day)
        preceding = cal.previous_business_day(day)
        assert preceding < day < following
        assert cal.is_business_day(following)
        assert cal.is_business_day(preceding)
        assert cal.business_days_between(day + dt.timedelta(days=1), following) == 0
        assert cal.business_days_between(preceding + dt.timedelta(days=1), day) == 0

    def test_the_ends_of_the_date_range_are_period_errors(self) -> None:
        with pytest.raises(PeriodError, match="after it, up to 9999-12-31"):
            SAT_SUN.next_business_day(D.max)
        with pytest.raises(PeriodError, match="before it, from 0001-01-01"):
            SAT_SUN.previous_business_day(D.min)


class TestForCountry:
    def test_china_may_2025_has_19_business_days(self) -> None:
        cn = BusinessCalendar.for_country("CN", years=2025)
        assert cn.count(Period.month(2025, 5)) == 19
        assert cn.business_days(Period.month(2025, 5)) == CHINA_2025.business_days(
            Period.month(2025, 5)
        )

    def test_china_april_2025_counts_the_make_up_sunday(self) -> None:
        cn = BusinessCalendar.for_country("CN", years=[2025])
        assert D(2025, 4, 27) in cn.extra_workdays
        assert cn.is_business_day(D(2025, 4, 27))
        assert cn.count(Period.month(2025, 4)) == 22

    def test_china_2025_make_up_workdays(self) -> None:
        # The 2025 notice lists five worked weekend days.
        cn = BusinessCalendar.for_country("CN", years=2025)
        assert cn.extra_workdays == (
            D(2025, 1, 26),
            D(2025, 2, 8),
            D(2025, 4, 27),
            D(2025, 9, 28),
            D(2025, 10, 11),
        )

    def test_keeps_only_the_requested_years(self) -> None:
        cn = BusinessCalendar.for_country("CN", years=range(2024, 2026))
        assert {d.year for d in (*cn.holidays, *cn.extra_workdays)} == {2024, 2025}

    def test_uses_the_country_weekend(self) -> None:
        assert BusinessCalendar.for_country("SA", years=2025).weekend == (4, 5)
        assert BusinessCalendar.for_country("CN", years=2025).weekend == (5, 6)

    def test_subdivisions(self) -> None:
        # Cesar Chavez Day (31 Mar) is a California state holiday, not a federal one.
        ca = BusinessCalendar.for_country("US", years=2025, subdiv="CA")
        us = BusinessCalendar.for_country("US", years=2025)
        assert D(2025, 3, 31) in ca.holidays
        assert D(2025, 3, 31) not in us.holidays

    @pytest.mark.parametrize(
        ("code", "subdiv"), [("CN", None), ("US", None), ("SA", None), ("GB", None), ("JP", None)]
    )
    def test_agrees_with_the_holidays_package_day_by_day(
        self, code: str, subdiv: str | None
    ) -> None:
        import holidays

        source = holidays.country_holidays(code, years=2025, subdiv=subdiv)
        cal = BusinessCalendar.for_country(code, years=2025, subdiv=subdiv)
        year = Period.year(2025)
        assert [cal.is_business_day(d) for d in days_of(year)] == [
            source.is_working_day(d) for d in days_of(year)
        ]

    @pytest.mark.parametrize(
        ("kwargs", "error", "field"),
        [
            ({"code": "cn"}, UnknownReference, "code"),
            ({"code": "XX"}, UnknownReference, "code"),
            ({"code": "utils"}, UnknownReference, "code"),  # a module attribute, not a country
            ({"code": ""}, ValidationError, "code"),
            ({"code": None}, WrongType, "code"),
            ({"code": "US", "subdiv": "ZZ"}, UnknownReference, "subdiv"),
            ({"code": "US", "subdiv": 6}, WrongType, "subdiv"),
            ({"code": "CN", "years": 0}, ValidationError, "years"),
            ({"code": "CN", "years": 10_000}, ValidationError, "years"),
            ({"code": "CN", "years": range(1800, 2001)}, ValidationError, "years"),
            ({"code": "CN", "years": range(10**18)}, ValidationError, "years"),
            ({"code": "CN", "years": []}, ValidationError, "years"),
            ({"code": "CN", "years": 2025.0}, WrongType, "years"),
            ({"code": "CN", "years": "2025"}, WrongType, "years"),
            ({"code": "CN", "years": True}, WrongType, "years"),
            ({"code": "CN", "years": [2025, None]}, WrongType, "years"),
        ],
    )
    def test_bad_arguments(
        self, kwargs: dict[str, object], error: type[SalesMgmtError], field: str
    ) -> None:
        arguments = {"years": 2025, **kwargs}
        with pytest.raises(error) as info:
            BusinessCalendar.for_country(**arguments)  # type: ignore[arg-type]
        assert type(info.value) is error
        assert info.value.field == field

    def test_a_failing_years_iterator_is_bad_input(self) -> None:
        def years() -> Iterator[int]:
            yield 2025
            raise RuntimeError("disk gone")

        with pytest.raises(ValidationError, match=r"reading it raised RuntimeError") as info:
            BusinessCalendar.for_country("CN", years=years())
        assert type(info.value) is ValidationError
        assert info.value.field == "years"

    def test_a_lower_case_code_gets_a_hint(self) -> None:
        with pytest.raises(UnknownReference, match=r"Hint: Did you mean 'CN'\?"):
            BusinessCalendar.for_country("cn", years=2025)

    def test_two_hundred_years_are_allowed(self) -> None:
        cal = BusinessCalendar.for_country("CN", years=range(1950, 2101))
        assert cal.count(Period.month(2025, 5)) == 19
        # US, May 2025: 22 weekdays minus Memorial Day (Monday 26 May) = 21.
        us = BusinessCalendar.for_country("US", years=range(1900, 2100))
        assert us.count(Period.month(2025, 5)) == 21

    @pytest.mark.parametrize("years", [1949, [2025, 1, 9999], range(2090, 2110)])
    def test_years_the_package_does_not_cover_are_refused(self, years: object) -> None:
        # python-holidays covers China from 1950 to 2100 and gives nothing outside.
        with pytest.raises(ValidationError, match=r"covers for 'CN' \(1950 to 2100\)") as info:
            BusinessCalendar.for_country("CN", years=years)  # type: ignore[arg-type]
        assert info.value.field == "years"

    def test_the_first_and_last_covered_years_are_allowed(self) -> None:
        cal = BusinessCalendar.for_country("CN", years=[1950, 2100])
        assert {d.year for d in cal.holidays} == {1950, 2100}

    def test_missing_extra_raises_missing_dependency(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setitem(sys.modules, "holidays", None)
        with pytest.raises(MissingDependency, match=r"pip install 'salesmgmt\[holidays\]'"):
            BusinessCalendar.for_country("CN", years=2025)
        with pytest.raises(ImportError):
            BusinessCalendar.for_country("CN", years=2025)


HOSTILE = [
    None,
    float("nan"),
    1.5,
    10**100,
    -(10**100),
    "x" * 100_000,
    "2025-05-01",
    b"2025-05-01",
    [],
    [None],
    {"a": 1},
    object(),
    True,
    dt.datetime(2025, 5, 1),
    Period.month(2025, 5),
    BusinessCalendar(),
]


class TestHostileInput:
    @pytest.mark.parametrize("value", HOSTILE, ids=lambda v: type(v).__name__)
    @pytest.mark.parametrize(
        "call",
        [
            lambda v: BusinessCalendar(weekend=v),
            lambda v: BusinessCalendar(holidays=v),
            lambda v: BusinessCalendar(extra_workdays=v),
            lambda v: SAT_SUN.is_business_day(v),
            lambda v: SAT_SUN.count(v),
            lambda v: SAT_SUN.business_days(v),
            lambda v: SAT_SUN.business_days_between(v, D(2025, 1, 1)),
            lambda v: SAT_SUN.business_days_between(D(2025, 1, 1), v),
            lambda v: SAT_SUN.add_business_days(v, 1),
            lambda v: SAT_SUN.add_business_days(D(2025, 1, 1), v),
            lambda v: SAT_SUN.next_business_day(v),
            lambda v: SAT_SUN.previous_business_day(v),
            lambda v: BusinessCalendar.for_country(v, years=2025),
            lambda v: BusinessCalendar.for_country("CN", years=v),
            lambda v: BusinessCalendar.for_country("US", years=2025, subdiv=v),
        ],
    )
    def test_only_salesmgmt_errors_escape(self, call: object, value: object) -> None:
        try:
            call(value)  # type: ignore[operator]
        except SalesMgmtError as err:
            caught: SalesMgmtError | None = err
        else:
            caught = None
        # A wrong type is reported as WrongType, never as some other TypeError subclass.
        assert not isinstance(caught, TypeError) or isinstance(caught, WrongType)


class TestBusinessDaysBound:
    def test_a_period_longer_than_the_split_limit_is_refused(self) -> None:
        # business_days materialises one date per day; count() is the O(log n) way.
        from salesmgmt.periods._period import MAX_PARTS

        long = Period(dt.date(1, 1, 1), dt.date(1, 1, 1) + dt.timedelta(days=MAX_PARTS))
        with pytest.raises(ValidationError, match="at most 100000 days"):
            BusinessCalendar().business_days(long)
        assert BusinessCalendar().count(long) > 0
