"""Tests for :class:`salesmgmt.FiscalCalendar`: monthly and 52/53-week retail fiscal years."""

from __future__ import annotations

import calendar
import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesmgmt import FiscalCalendar, Period, PeriodError, ValidationError, WrongType
from salesmgmt.strategies import dates, fiscal_calendars, periods

D = dt.date
ONE_DAY = dt.timedelta(days=1)

#: NRF's 4-5-4 retail calendar: years of weeks ending on Saturday nearest January 31,
#: named by the calendar year in which they start (fiscal 2023 ends 2024-02-03).
NRF = FiscalCalendar.retail("4-5-4", year_end_month=1, rule="nearest", label_by="start")
#: Apple: "52- or 53-week period that ends on the last Saturday of September" (10-K).
APPLE = FiscalCalendar.retail("5-4-4", year_end_month=9, week_ends_on=calendar.SATURDAY)
UK = FiscalCalendar.monthly(4)
CALENDAR_445 = FiscalCalendar.retail("4-4-5")

CALENDARS = fiscal_calendars()
RETAIL = fiscal_calendars().filter(lambda cal: cal.pattern is not None)
MONTHLY = fiscal_calendars().filter(lambda cal: cal.pattern is None)
#: Fiscal years every calendar can represent (the edges are tested separately).
YEARS = st.integers(3, 9997)
#: Dates whose fiscal year is representable in every calendar.
INNER_DATES = dates(min_value=D(3, 1, 1), max_value=D(9997, 12, 31))
HOSTILE = [None, "2025", 2025.0, float("nan"), True, [], D(2025, 1, 1), object()]


def assert_tiles(parts: tuple[Period, ...], whole: Period) -> None:
    """``parts`` are in date order, without gap or overlap, and cover ``whole``."""
    assert parts
    assert parts[0].start == whole.start
    assert parts[-1].end == whole.end
    for before, after in itertools.pairwise(parts):
        assert after.start == before.end + ONE_DAY


class TestConstructors:
    @pytest.mark.parametrize(
        ("made", "text"),
        [
            (FiscalCalendar.monthly(4), "FiscalCalendar.monthly(4, label_by='end')"),
            (
                FiscalCalendar.monthly(1, label_by="start"),
                "FiscalCalendar.monthly(1, label_by='start')",
            ),
            (
                NRF,
                (
                    "FiscalCalendar.retail('4-5-4', year_end_month=1, week_ends_on=5, "
                    "rule='nearest', label_by='start')"
                ),
            ),
            (
                CALENDAR_445,
                (
                    "FiscalCalendar.retail('4-4-5', year_end_month=12, week_ends_on=5, "
                    "rule='last', label_by='end')"
                ),
            ),
        ],
    )
    def test_repr_is_the_constructor_call(self, made: FiscalCalendar, text: str) -> None:
        assert repr(made) == text

    @given(CALENDARS)
    def test_repr_evaluates_to_an_equal_calendar(self, cal: FiscalCalendar) -> None:
        assert eval(repr(cal), {"FiscalCalendar": FiscalCalendar}) == cal

    @pytest.mark.parametrize(
        ("call", "field"),
        [
            (lambda: FiscalCalendar.monthly(0), "start_month"),
            (lambda: FiscalCalendar.monthly(13), "start_month"),
            (lambda: FiscalCalendar.monthly(4, label_by="middle"), "label_by"),
            (lambda: FiscalCalendar.retail("4-4-4"), "pattern"),
            (lambda: FiscalCalendar.retail("445"), "pattern"),
            (lambda: FiscalCalendar.retail("4-4-5", year_end_month=13), "year_end_month"),
            (lambda: FiscalCalendar.retail("4-4-5", week_ends_on=7), "week_ends_on"),
            (lambda: FiscalCalendar.retail("4-4-5", week_ends_on=-1), "week_ends_on"),
            (lambda: FiscalCalendar.retail("4-4-5", rule="first"), "rule"),
            (lambda: FiscalCalendar.retail("4-4-5", label_by="END"), "label_by"),
        ],
    )
    def test_bad_options_are_validation_errors(self, call: object, field: str) -> None:
        with pytest.raises(ValidationError) as info:
            call()  # type: ignore[operator]
        assert info.value.field == field

    @pytest.mark.parametrize("bad", [None, "4", 4.0, True, [4]])
    def test_numbers_must_be_ints(self, bad: object) -> None:
        with pytest.raises(WrongType):
            FiscalCalendar.monthly(bad)  # type: ignore[arg-type]
        with pytest.raises(WrongType):
            FiscalCalendar.retail("4-4-5", year_end_month=bad)  # type: ignore[arg-type]
        with pytest.raises(WrongType):
            FiscalCalendar.retail("4-4-5", week_ends_on=bad)  # type: ignore[arg-type]

    def test_direct_construction_is_validated(self) -> None:
        with pytest.raises(ValidationError, match="'rule' must be given together with pattern"):
            FiscalCalendar(12, "end", "4-4-5", None, "last")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'year_end_month'"):
            FiscalCalendar(0, "end")
        assert FiscalCalendar(3, "end") == FiscalCalendar.monthly(4)


class TestMonthly:
    @pytest.mark.parametrize(
        ("cal", "fy", "start", "end"),
        [
            # UK government and Japan: April to March, named by the year it ends in
            # (gov.uk "financial year 2025 to 2026" = 1 April 2025 to 31 March 2026).
            (UK, 2026, D(2025, 4, 1), D(2026, 3, 31)),
            # US federal FY2025: 1 October 2024 to 30 September 2025 (usa.gov/budget).
            (FiscalCalendar.monthly(10), 2025, D(2024, 10, 1), D(2025, 9, 30)),
            # Australia's 2024-25 income year: 1 July 2024 to 30 June 2025 (ato.gov.au).
            (FiscalCalendar.monthly(7), 2025, D(2024, 7, 1), D(2025, 6, 30)),
            (FiscalCalendar.monthly(7, label_by="start"), 2024, D(2024, 7, 1), D(2025, 6, 30)),
            # January start: both labels name the calendar year itself.
            (FiscalCalendar.monthly(1), 2025, D(2025, 1, 1), D(2025, 12, 31)),
            (FiscalCalendar.monthly(1, label_by="start"), 2025, D(2025, 1, 1), D(2025, 12, 31)),
        ],
    )
    def test_years(self, cal: FiscalCalendar, fy: int, start: dt.date, end: dt.date) -> None:
        assert cal.year(fy) == Period(start, end)

    @pytest.mark.parametrize(
        ("fy", "quarter", "text"),
        [(2026, 1, "2025-Q2"), (2026, 3, "2025-Q4"), (2026, 4, "2026-Q1")],
    )
    def test_quarters_of_an_april_year(self, fy: int, quarter: int, text: str) -> None:
        assert str(UK.quarter(fy, quarter)) == text

    @pytest.mark.parametrize(
        ("fy", "number", "text"),
        [
            (2026, 1, "2025-04"),
            (2026, 10, "2026-01"),
            (2026, 11, "2026-02"),
            (2024, 11, "2024-02"),
        ],
    )
    def test_periods_are_calendar_months(self, fy: int, number: int, text: str) -> None:
        assert str(UK.period(fy, number)) == text

    def test_february_in_a_leap_fiscal_year(self) -> None:
        assert UK.period(2024, 11).days == 29
        assert UK.year(2024).days == 366
        assert UK.year(2026).days == 365

    @given(MONTHLY, YEARS)
    def test_every_period_is_a_whole_calendar_month(self, cal: FiscalCalendar, fy: int) -> None:
        months = [cal.period(fy, n) for n in range(1, 13)]
        assert [Period.containing(m.start, "month") for m in months] == months
        assert months[0].start.month == cal.year_end_month % 12 + 1
        assert months[-1].end.month == cal.year_end_month
        assert cal.year(fy).days in (365, 366)

    @given(MONTHLY, YEARS)
    def test_the_label_is_the_year_of_the_named_month(self, cal: FiscalCalendar, fy: int) -> None:
        year = cal.year(fy)
        named = year.end if cal.label_by == "end" else year.start
        assert named.year == fy

    def test_monthly_calendars_have_no_weeks(self) -> None:
        assert UK.weeks_in_year(2025) is None
        with pytest.raises(ValidationError, match="'grain' must be one of 'period', 'quarter'"):
            UK.split(UK.year(2025), "week")


class TestRetail:
    def test_a_4_4_5_quarter_is_13_weeks(self) -> None:
        # The worked example: Q1 of a 4-4-5 year = 4 + 4 + 5 weeks = 91 days.
        q1 = CALENDAR_445.quarter(2025, 1)
        assert q1.days == 91
        assert [p.days for p in CALENDAR_445.split(q1, "period")] == [28, 28, 35]

    def test_a_53_week_year(self) -> None:
        # checked by hand: the last Saturdays of December 2021 and 2022 are the 25th and
        # the 31st, 371 days apart; the extra week makes period 12 six weeks (4-4-6).
        assert CALENDAR_445.year(2022) == Period(D(2021, 12, 26), D(2022, 12, 31))
        assert CALENDAR_445.year(2022).days == 371
        assert CALENDAR_445.weeks_in_year(2022) == 53
        assert CALENDAR_445.quarter(2022, 4).days == 98  # 14 weeks
        assert CALENDAR_445.period(2022, 12).days == 42
        assert [CALENDAR_445.quarter(2022, q).days for q in (1, 2, 3)] == [91, 91, 91]

    @pytest.mark.parametrize(
        ("pattern", "weeks"),
        [
            ("4-4-5", [4, 4, 5] * 4),
            ("4-5-4", [4, 5, 4] * 4),
            ("5-4-4", [5, 4, 4] * 4),
        ],
    )
    def test_patterns(self, pattern: str, weeks: list[int]) -> None:
        cal = FiscalCalendar.retail(pattern)  # type: ignore[arg-type]
        assert [cal.period(2025, n).days // 7 for n in range(1, 13)] == weeks
        long_year = [cal.period(2022, n).days // 7 for n in range(1, 13)]
        assert long_year == [*weeks[:11], weeks[11] + 1]

    @pytest.mark.parametrize(
        ("fy", "start", "end", "weeks"),
        [
            # NRF: fiscal 2023 had 53 weeks and ended on 3 February 2024 (Coresight,
            # "The 4-5-4 US Retail Calendar, 2023-24"; nrf.com/resources/4-5-4-calendar).
            (2023, D(2023, 1, 29), D(2024, 2, 3), 53),
            (2022, D(2022, 1, 30), D(2023, 1, 28), 52),
            (2024, D(2024, 2, 4), D(2025, 2, 1), 52),
        ],
    )
    def test_nrf_years(self, fy: int, start: dt.date, end: dt.date, weeks: int) -> None:
        assert NRF.year(fy) == Period(start, end)
        assert NRF.weeks_in_year(fy) == weeks

    def test_nrf_53_week_years(self) -> None:
        # nrf.com (4-5-4 Calendar, "An explanation of the 53-week year"): the 53rd week
        # occurred in FY'00, FY'06, FY'12 and FY'17, and will occur in FY'23.
        long_years = [fy for fy in range(1999, 2027) if NRF.weeks_in_year(fy) == 53]
        assert long_years == [2000, 2006, 2012, 2017, 2023]

    def test_nrf_january_takes_the_53rd_week(self) -> None:
        # NRF 4-5-4: February 4 weeks, March 5, April 4, ... January 4, or 5 in a 53-week year.
        assert NRF.period(2023, 1) == Period(D(2023, 1, 29), D(2023, 2, 25))
        assert NRF.period(2023, 12) == Period(D(2023, 12, 31), D(2024, 2, 3))
        assert NRF.period(2024, 12).days == 28

    @pytest.mark.parametrize(
        ("fy", "end", "days"),
        [
            # Apple 10-K cover pages: fiscal years ended September 24, 2022,
            # September 30, 2023 (a 53-week year) and September 28, 2024.
            (2022, D(2022, 9, 24), 364),
            (2023, D(2023, 9, 30), 371),
            (2024, D(2024, 9, 28), 364),
        ],
    )
    def test_apple_years(self, fy: int, end: dt.date, days: int) -> None:
        assert APPLE.year(fy).end == end
        assert APPLE.year(fy).days == days

    def test_label_by_start_names_the_year_of_the_first_month(self) -> None:
        by_end = FiscalCalendar.retail("4-4-5", year_end_month=1, label_by="end")
        by_start = FiscalCalendar.retail("4-4-5", year_end_month=1, label_by="start")
        assert by_end.year(2024) == by_start.year(2023)
        assert by_end.year(2024).end == D(2024, 1, 27)  # last Saturday of January 2024

    @pytest.mark.parametrize(
        ("rule", "end"),
        [
            ("last", D(2024, 1, 27)),  # Wednesday 31st: the Saturday before
            ("nearest", D(2024, 2, 3)),  # three days after beats four days before
        ],
    )
    def test_the_rule_picks_the_year_end(self, rule: str, end: dt.date) -> None:
        cal = FiscalCalendar.retail("4-5-4", year_end_month=1, rule=rule)  # type: ignore[arg-type]
        assert cal.year(2024).end == end

    @given(RETAIL, YEARS)
    def test_years_are_364_or_371_days_of_whole_weeks(self, cal: FiscalCalendar, fy: int) -> None:
        year = cal.year(fy)
        assert year.days in (364, 371)
        assert cal.weeks_in_year(fy) == year.days // 7
        assert year.end.weekday() == cal.week_ends_on
        assert year.start.weekday() == (year.end.weekday() + 1) % 7

    @given(RETAIL, YEARS)
    def test_the_year_ends_by_the_rule(self, cal: FiscalCalendar, fy: int) -> None:
        end = cal.year(fy).end
        named_year = fy + (cal.label_by == "start" and cal.year_end_month != 12)
        month_end = Period.month(named_year, cal.year_end_month).end
        if cal.rule == "last":
            assert 0 <= (month_end - end).days <= 6
        else:
            assert abs((month_end - end).days) <= 3

    @given(RETAIL, YEARS)
    def test_quarters_are_13_weeks_except_the_one_with_week_53(
        self, cal: FiscalCalendar, fy: int
    ) -> None:
        weeks = [cal.quarter(fy, q).days / 7 for q in range(1, 5)]
        extra = cal.weeks_in_year(fy) == 53
        assert weeks == [13, 13, 13, 14 if extra else 13]

    @given(RETAIL, YEARS)
    def test_periods_follow_the_pattern(self, cal: FiscalCalendar, fy: int) -> None:
        weeks = [cal.period(fy, n).days // 7 for n in range(1, 13)]
        pattern = [int(n) for n in str(cal.pattern).split("-")] * 4
        pattern[11] += cal.weeks_in_year(fy) == 53
        assert weeks == pattern


class TestYearsCoverTheCalendar:
    @given(CALENDARS, YEARS)
    def test_consecutive_years_are_contiguous(self, cal: FiscalCalendar, fy: int) -> None:
        assert cal.year(fy + 1).start == cal.year(fy).end + ONE_DAY

    @given(CALENDARS, YEARS)
    def test_quarters_and_periods_tile_the_year(self, cal: FiscalCalendar, fy: int) -> None:
        year = cal.year(fy)
        quarters = tuple(cal.quarter(fy, q) for q in range(1, 5))
        months = tuple(cal.period(fy, n) for n in range(1, 13))
        assert_tiles(quarters, year)
        assert_tiles(months, year)
        for q, quarter in enumerate(quarters):
            assert quarter == Period(months[3 * q].start, months[3 * q + 2].end)

    @given(CALENDARS, INNER_DATES)
    def test_the_fiscal_year_of_a_day_contains_it(self, cal: FiscalCalendar, day: dt.date) -> None:
        assert cal.year(cal.fiscal_year_of(day)).contains(day)

    @given(CALENDARS, YEARS)
    def test_fiscal_year_of_the_first_and_last_day(self, cal: FiscalCalendar, fy: int) -> None:
        year = cal.year(fy)
        assert cal.fiscal_year_of(year.start) == fy
        assert cal.fiscal_year_of(year.end) == fy

    @pytest.mark.parametrize(
        ("cal", "day", "fy"),
        [
            (UK, D(2025, 3, 31), 2025),
            (UK, D(2025, 4, 1), 2026),
            (NRF, D(2024, 2, 3), 2023),  # the 53rd week
            (NRF, D(2024, 2, 4), 2024),
            (NRF, D(2023, 1, 28), 2022),
            (APPLE, D(2023, 9, 30), 2023),
            (APPLE, D(2023, 10, 1), 2024),
        ],
    )
    def test_fiscal_year_of_worked_examples(
        self, cal: FiscalCalendar, day: dt.date, fy: int
    ) -> None:
        assert cal.fiscal_year_of(day) == fy


class TestEdgeYears:
    """Fiscal years that would leave 0001-01-01..9999-12-31 are PeriodErrors."""

    @pytest.mark.parametrize(
        ("cal", "first", "last"),
        [
            (FiscalCalendar.monthly(1), 1, 9999),
            (UK, 2, 9999),  # FY1 would start on 0000-04-01
            (FiscalCalendar.monthly(4, label_by="start"), 1, 9998),
            (CALENDAR_445, 2, 9999),
            (NRF, 1, 9998),
            # Monday nearest December 31: 9999-12-31 is a Friday, so FY9999 would end
            # on 10000-01-03.
            (FiscalCalendar.retail("4-4-5", week_ends_on=0, rule="nearest"), 2, 9998),
        ],
    )
    def test_the_range_of_years(self, cal: FiscalCalendar, first: int, last: int) -> None:
        assert cal.year(first).start >= D.min
        assert cal.year(last).end <= D.max
        for fy in (first - 1, last + 1, -(10**40), 10**40):
            with pytest.raises(PeriodError, match=f"from {first} to {last} of this calendar"):
                cal.year(fy)

    @given(CALENDARS, st.sampled_from([D.min, D(1, 6, 1), D(9999, 6, 1), D.max]))
    def test_edge_days_have_a_year_or_a_period_error(
        self, cal: FiscalCalendar, day: dt.date
    ) -> None:
        try:
            fy: int | None = cal.fiscal_year_of(day)
        except PeriodError as err:
            fy, field = None, err.field
        if fy is None:
            assert field == "day"
        else:
            assert cal.year(fy).contains(day)

    @given(CALENDARS, st.sampled_from([1, 2, 3, 9997, 9998, 9999]))
    def test_edge_years_split_or_raise_period_error(self, cal: FiscalCalendar, fy: int) -> None:
        try:
            year = cal.year(fy)
        except PeriodError:
            return
        grains = ["period", "quarter", "year"] + (["week"] if cal.pattern else [])
        for grain in grains:
            assert_tiles(cal.split(year, grain), year)  # type: ignore[arg-type]

    def test_a_period_before_the_first_fiscal_year_cannot_split(self) -> None:
        with pytest.raises(
            PeriodError, match="'day' must be a date from 0001-04-01 to 9999-03-31"
        ):
            UK.split(Period.year(1), "quarter")


class TestQueries:
    @pytest.mark.parametrize("bad", [0, 5, -1, 10**30])
    def test_quarter_numbers(self, bad: int) -> None:
        with pytest.raises(PeriodError, match="'q' must be an int from 1 to 4"):
            CALENDAR_445.quarter(2025, bad)

    @pytest.mark.parametrize("bad", [0, 13])
    def test_period_numbers(self, bad: int) -> None:
        with pytest.raises(PeriodError, match="'n' must be an int from 1 to 12"):
            UK.period(2025, bad)

    @pytest.mark.parametrize("bad", HOSTILE)
    def test_wrong_types(self, bad: object) -> None:
        for call in (
            lambda: UK.year(bad),  # type: ignore[arg-type]
            lambda: UK.quarter(bad, 1),  # type: ignore[arg-type]
            lambda: UK.period(2025, bad),  # type: ignore[arg-type]
            lambda: NRF.weeks_in_year(bad),  # type: ignore[arg-type]
            lambda: NRF.split(bad, "period"),  # type: ignore[arg-type]
        ):
            with pytest.raises(WrongType):
                call()
        if not isinstance(bad, dt.date):
            with pytest.raises(WrongType):
                UK.fiscal_year_of(bad)  # type: ignore[arg-type]

    def test_datetime_is_refused(self) -> None:
        with pytest.raises(WrongType, match="not a datetime"):
            UK.fiscal_year_of(dt.datetime(2025, 1, 1, 12))


class TestSplit:
    @pytest.mark.parametrize(
        ("cal", "text", "grain", "expected"),
        [
            (
                CALENDAR_445,
                "2025-03",
                "quarter",
                ["2025-03-01/2025-03-29", "2025-03-30/2025-03-31"],
            ),
            (UK, "2025", "quarter", ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]),
            (UK, "2025", "year", ["2025-Q1", "2025-04-01/2025-12-31"]),
            (
                UK,
                "2025-02-15/2025-04-10",
                "period",
                ["2025-02-15/2025-02-28", "2025-03", "2025-04-01/2025-04-10"],
            ),
            # checked by hand: 4-4-5 weeks end on Saturday; 2025-01-01 is a Wednesday.
            (
                CALENDAR_445,
                "2025-01",
                "week",
                [
                    "2025-01-01/2025-01-04",
                    "2025-01-05/2025-01-11",
                    "2025-01-12/2025-01-18",
                    "2025-01-19/2025-01-25",
                    "2025-01-26/2025-01-31",
                ],
            ),
        ],
    )
    def test_worked_examples(
        self, cal: FiscalCalendar, text: str, grain: str, expected: list[str]
    ) -> None:
        parts = cal.split(Period.parse(text), grain)  # type: ignore[arg-type]
        assert [str(part) for part in parts] == expected

    @given(CALENDARS, YEARS)
    def test_a_year_splits_into_its_periods_and_quarters(
        self, cal: FiscalCalendar, fy: int
    ) -> None:
        year = cal.year(fy)
        assert cal.split(year, "period") == tuple(cal.period(fy, n) for n in range(1, 13))
        assert cal.split(year, "quarter") == tuple(cal.quarter(fy, q) for q in range(1, 5))
        assert cal.split(year, "year") == (year,)

    @given(CALENDARS, periods(min_value=D(3, 1, 1), max_value=D(9997, 12, 31), max_days=3000))
    def test_tiles_for_every_grain(self, cal: FiscalCalendar, period: Period) -> None:
        grains = ["period", "quarter", "year"] + (["week"] if cal.pattern else [])
        for grain in grains:
            assert_tiles(cal.split(period, grain), period)  # type: ignore[arg-type]

    @given(CALENDARS, periods(min_value=D(3, 1, 1), max_value=D(9997, 12, 31), max_days=3000))
    def test_inner_parts_are_whole_fiscal_units(self, cal: FiscalCalendar, period: Period) -> None:
        for grain in ("period", "quarter"):
            parts = cal.split(period, grain)  # type: ignore[arg-type]
            for part in parts[1:-1]:
                fy = cal.fiscal_year_of(part.start)
                assert part in cal.split(cal.year(fy), grain)  # type: ignore[arg-type]
        for part in cal.split(period, "year")[1:-1]:
            assert part == cal.year(cal.fiscal_year_of(part.start))

    @given(CALENDARS, periods(min_value=D(3, 1, 1), max_value=D(9997, 12, 31), max_days=3000))
    def test_quarter_then_period_equals_period(self, cal: FiscalCalendar, period: Period) -> None:
        nested = tuple(
            part
            for quarter in cal.split(period, "quarter")
            for part in cal.split(quarter, "period")
        )
        assert nested == cal.split(period, "period")

    @given(RETAIL, periods(min_value=D(3, 1, 1), max_value=D(9997, 12, 31), max_days=1000))
    def test_weeks_end_on_the_chosen_weekday(self, cal: FiscalCalendar, period: Period) -> None:
        weeks = cal.split(period, "week")
        assert all(week.days <= 7 for week in weeks)
        for week in weeks[:-1]:
            assert week.end.weekday() == cal.week_ends_on
        for week in weeks[1:-1]:
            assert week.days == 7

    @pytest.mark.parametrize("bad", ["month", "day", "Period", None, 1])
    def test_unknown_grains_are_refused(self, bad: object) -> None:
        with pytest.raises(ValidationError, match="'grain' must be one of"):
            NRF.split(Period.year(2025), bad)  # type: ignore[arg-type]

    def test_too_many_parts_is_refused(self) -> None:
        with pytest.raises(PeriodError, match="at most 100000 parts"):
            CALENDAR_445.split(Period(D(2, 1, 1), D(9990, 1, 1)), "week")
