"""Tests for :class:`salesmgmt.Period`: construction, queries, split, parse/str, edge years."""

from __future__ import annotations

import datetime as dt
import inspect
import itertools
import re

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesmgmt import (
    BusinessCalendar,
    FiscalCalendar,
    Period,
    PeriodError,
    ValidationError,
    WrongType,
)
from salesmgmt.strategies import dates, grains, periods

D = dt.date
GRAINS = ("day", "week", "month", "quarter", "year")
#: Periods short enough to split by day quickly, anywhere in years 1-9999.
SHORT = periods(max_days=1200)
#: Periods of a few decades, split by month and coarser.
LONG = periods(max_days=20_000)
HOSTILE = [None, "2025-01-01", 20250101, 1.5, float("nan"), [], b"2025", object()]


def assert_tiles(parts: tuple[Period, ...], whole: Period) -> None:
    """``parts`` are non-empty, in date order, without gap or overlap, and cover ``whole``."""
    assert parts, "a split is never empty"
    assert parts[0].start == whole.start
    assert parts[-1].end == whole.end
    for before, after in itertools.pairwise(parts):
        assert after.start == before.end + dt.timedelta(days=1)
    assert sum(part.days for part in parts) == whole.days


class _DateSub(dt.date):
    pass


class TestInit:
    def test_fields_and_repr(self) -> None:
        period = Period(D(2025, 1, 1), D(2025, 3, 31))
        assert (period.start, period.end) == (D(2025, 1, 1), D(2025, 3, 31))
        assert repr(period) == (
            "Period(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 3, 31))"
        )

    def test_end_before_start_is_a_period_error(self) -> None:
        with pytest.raises(PeriodError) as info:
            Period(D(2025, 3, 1), D(2025, 1, 1))
        message = str(info.value)
        assert message.startswith(
            "Period: 'end' must be on or after start=datetime.date(2025, 3, 1)"
        )
        assert "(got datetime.date(2025, 1, 1))" in message
        assert (info.value.record, info.value.field) == ("Period", "end")

    @pytest.mark.parametrize("bad", [*HOSTILE, dt.datetime(2025, 1, 1, 9, 0)])
    @pytest.mark.parametrize("field", ["start", "end"])
    def test_non_dates_are_wrong_type(self, bad: object, field: str) -> None:
        args = {"start": D(2025, 1, 1), "end": D(2025, 1, 2), field: bad}
        with pytest.raises(WrongType, match=f"Period: '{field}' must be a datetime.date"):
            Period(**args)

    def test_a_date_subclass_is_stored_as_a_plain_date(self) -> None:
        period = Period(_DateSub(2025, 1, 1), _DateSub(2025, 1, 2))
        assert type(period.start) is dt.date
        assert type(period.end) is dt.date

    def test_is_frozen(self) -> None:
        period = Period.day(D(2025, 1, 1))
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            period.start = D(2024, 1, 1)  # type: ignore[misc]

    @given(SHORT)
    def test_repr_evaluates_to_an_equal_period(self, period: Period) -> None:
        assert eval(repr(period), {"Period": Period, "datetime": dt}) == period

    @given(st.lists(SHORT, max_size=6))
    def test_orders_by_start_then_end(self, items: list[Period]) -> None:
        assert sorted(items) == sorted(items, key=lambda p: (p.start, p.end))


class TestDays:
    @pytest.mark.parametrize(
        ("period", "days"),
        [
            # checked by hand: Gregorian leap rule (divisible by 4, centuries only by 400)
            (Period.year(2024), 366),
            (Period.year(2025), 365),
            (Period.year(2000), 366),
            (Period.year(1900), 365),
            (Period.month(2024, 2), 29),
            (Period.month(2100, 2), 28),
            (Period.quarter(2025, 1), 90),  # 31 + 28 + 31
            (Period.quarter(2024, 1), 91),  # 31 + 29 + 31
            (Period.day(D(2025, 3, 4)), 1),
            (Period(D.min, D.max), 3_652_059),  # date.max.toordinal()
        ],
    )
    def test_worked_examples(self, period: Period, days: int) -> None:
        assert period.days == days

    @given(SHORT)
    def test_days_count_the_one_day_parts(self, period: Period) -> None:
        parts = period.split("day")
        assert period.days == len(parts)
        assert all(part.days == 1 for part in parts)


class TestContains:
    @pytest.mark.parametrize(
        ("day", "expected"),
        [
            (D(2024, 12, 31), False),
            (D(2025, 1, 1), True),  # both ends are included
            (D(2025, 2, 14), True),
            (D(2025, 3, 31), True),
            (D(2025, 4, 1), False),
        ],
    )
    def test_worked_examples(self, day: dt.date, expected: bool) -> None:
        assert Period.quarter(2025, 1).contains(day) is expected

    @given(SHORT, dates())
    def test_agrees_with_the_bounds(self, period: Period, day: dt.date) -> None:
        assert period.contains(day) == (period.start <= day <= period.end)

    @given(SHORT, st.data())
    def test_every_day_of_the_period_is_contained(
        self, period: Period, data: st.DataObject
    ) -> None:
        day = data.draw(dates(min_value=period.start, max_value=period.end))
        assert period.contains(day)

    @pytest.mark.parametrize("bad", [*HOSTILE, dt.datetime(2025, 1, 1)])
    def test_non_dates_are_wrong_type(self, bad: object) -> None:
        with pytest.raises(WrongType, match=r"Period\.contains\(\): 'day'"):
            Period.year(2025).contains(bad)  # type: ignore[arg-type]


class TestOverlapsAndIntersection:
    @pytest.mark.parametrize(
        ("text_a", "text_b", "expected"),
        [
            ("2025-Q1", "2025-03-15/2025-04-15", "2025-03-15/2025-03-31"),
            ("2025-01", "2025-02", None),  # adjacent months share no day
            ("2025-01", "2025-01-31/2025-02-03", "2025-01-31"),  # one shared day
            ("2025", "2025-W10", "2025-W10"),  # one inside the other
            ("2025-W01", "2024", "2024-12-30/2024-12-31"),  # ISO week across years
        ],
    )
    def test_worked_examples(self, text_a: str, text_b: str, expected: str | None) -> None:
        a, b = Period.parse(text_a), Period.parse(text_b)
        got = a.intersection(b)
        assert (None if got is None else str(got)) == expected
        assert a.overlaps(b) is (expected is not None)

    @given(SHORT, SHORT)
    def test_intersection_is_commutative_and_lies_in_both(self, a: Period, b: Period) -> None:
        both = a.intersection(b)
        assert both == b.intersection(a)
        assert a.overlaps(b) is b.overlaps(a) is (both is not None)
        if both is not None:
            for day in (both.start, both.end):
                assert a.contains(day)
                assert b.contains(day)
            assert both.days <= min(a.days, b.days)

    @given(SHORT, dates())
    def test_a_day_is_in_the_intersection_iff_in_both(self, a: Period, day: dt.date) -> None:
        b = Period.containing(day, "month")
        both = a.intersection(b)
        in_both = a.contains(day) and b.contains(day)
        assert (both is not None and both.contains(day)) == in_both

    @given(SHORT)
    def test_a_period_intersects_itself_whole(self, period: Period) -> None:
        assert period.intersection(period) == period

    @pytest.mark.parametrize("bad", [*HOSTILE, D(2025, 1, 1), (D(2025, 1, 1), D(2025, 2, 1))])
    def test_non_periods_are_wrong_type(self, bad: object) -> None:
        period = Period.year(2025)
        with pytest.raises(WrongType, match=r"Period\.overlaps\(\): 'other' must be a Period"):
            period.overlaps(bad)  # type: ignore[arg-type]
        with pytest.raises(WrongType, match=r"Period\.intersection\(\): 'other'"):
            period.intersection(bad)  # type: ignore[arg-type]


class TestConstructors:
    @pytest.mark.parametrize(
        ("made", "start", "end"),
        [
            (Period.day(D(2024, 2, 29)), D(2024, 2, 29), D(2024, 2, 29)),
            # ISO 8601: week 1 holds the year's first Thursday (2025-01-02).
            (Period.week(2025, 1), D(2024, 12, 30), D(2025, 1, 5)),
            (Period.week(2025, 10), D(2025, 3, 3), D(2025, 3, 9)),
            # 2020 began on a Wednesday in a leap year, so it has 53 ISO weeks.
            (Period.week(2020, 53), D(2020, 12, 28), D(2021, 1, 3)),
            # 2026 begins on a Thursday, so it has 53 ISO weeks.
            (Period.week(2026, 53), D(2026, 12, 28), D(2027, 1, 3)),
            (Period.month(2024, 2), D(2024, 2, 1), D(2024, 2, 29)),
            (Period.month(2025, 12), D(2025, 12, 1), D(2025, 12, 31)),
            (Period.quarter(2025, 2), D(2025, 4, 1), D(2025, 6, 30)),
            (Period.quarter(2025, 3), D(2025, 7, 1), D(2025, 9, 30)),
            (Period.year(2025), D(2025, 1, 1), D(2025, 12, 31)),
            (Period.containing(D(2025, 5, 17), "day"), D(2025, 5, 17), D(2025, 5, 17)),
            (Period.containing(D(2025, 5, 17), "week"), D(2025, 5, 12), D(2025, 5, 18)),
            (Period.containing(D(2025, 5, 17), "month"), D(2025, 5, 1), D(2025, 5, 31)),
            (Period.containing(D(2025, 5, 17), "quarter"), D(2025, 4, 1), D(2025, 6, 30)),
            (Period.containing(D(2025, 5, 17), "year"), D(2025, 1, 1), D(2025, 12, 31)),
        ],
    )
    def test_worked_examples(self, made: Period, start: dt.date, end: dt.date) -> None:
        assert made == Period(start, end)

    @pytest.mark.parametrize(
        ("call", "field"),
        [
            (lambda: Period.week(2021, 53), "week"),  # 2021 has 52 ISO weeks
            (lambda: Period.week(2025, 0), "week"),
            (lambda: Period.week(0, 1), "iso_year"),
            (lambda: Period.month(2025, 13), "month"),
            (lambda: Period.month(2025, 0), "month"),
            (lambda: Period.month(10_000, 1), "year"),
            (lambda: Period.quarter(2025, 5), "quarter"),
            (lambda: Period.year(0), "year"),
            (lambda: Period.year(10**40), "year"),
        ],
    )
    def test_periods_that_do_not_exist(self, call: object, field: str) -> None:
        with pytest.raises(PeriodError) as info:
            call()  # type: ignore[operator]
        assert info.value.field == field

    @pytest.mark.parametrize("bad", [None, "1", 1.0, True, D(2025, 1, 1)])
    def test_numbers_must_be_ints(self, bad: object) -> None:
        for call in (
            lambda: Period.week(bad, 1),  # type: ignore[arg-type]
            lambda: Period.week(2025, bad),  # type: ignore[arg-type]
            lambda: Period.month(2025, bad),  # type: ignore[arg-type]
            lambda: Period.quarter(bad, 1),  # type: ignore[arg-type]
            lambda: Period.year(bad),  # type: ignore[arg-type]
        ):
            with pytest.raises(WrongType):
                call()

    def test_containing_refuses_an_unknown_grain(self) -> None:
        with pytest.raises(ValidationError, match="'grain' must be one of 'day', 'week'"):
            Period.containing(D(2025, 1, 1), "fortnight")  # type: ignore[arg-type]

    @given(dates(max_value=D(9999, 12, 26)), grains())
    def test_containing_holds_the_day_and_is_one_whole_unit(
        self, day: dt.date, grain: str
    ) -> None:
        unit = Period.containing(day, grain)  # type: ignore[arg-type]
        assert unit.contains(day)
        assert unit.split(grain) == (unit,)  # type: ignore[arg-type]
        assert Period.containing(unit.start, grain) == unit  # type: ignore[arg-type]
        assert Period.containing(unit.end, grain) == unit  # type: ignore[arg-type]

    @given(dates(max_value=D(9999, 12, 26)))
    def test_week_is_the_iso_week_of_the_day(self, day: dt.date) -> None:
        iso = day.isocalendar()
        week = Period.week(iso.year, iso.week)
        assert week == Period.containing(day, "week")
        assert (week.start.weekday(), week.days) == (0, 7)


class TestEdgeYears:
    """Whole units past 9999-12-31 are PeriodErrors; split clips instead (documented)."""

    def test_the_last_iso_week_of_9999_does_not_fit(self) -> None:
        # 9999-12-31 is a Friday: its ISO week (9999-W52) ends on 10000-01-02.
        with pytest.raises(PeriodError, match="from 1 to 51 of 9999"):
            Period.week(9999, 52)
        with pytest.raises(PeriodError, match="between 0001-01-01 and 9999-12-31"):
            Period.containing(D(9999, 12, 31), "week")
        with pytest.raises(PeriodError):
            Period.parse("9999-W52")
        assert Period.week(9999, 51) == Period(D(9999, 12, 20), D(9999, 12, 26))

    def test_split_clips_the_last_week_of_9999(self) -> None:
        weeks = Period.year(9999).split("week")
        assert weeks[-1] == Period(D(9999, 12, 27), D(9999, 12, 31))
        assert_tiles(weeks, Period.year(9999))

    def test_year_one_starts_on_a_monday(self) -> None:
        assert Period.week(1, 1) == Period(D(1, 1, 1), D(1, 1, 7))
        assert Period.containing(D.min, "week") == Period.week(1, 1)
        assert str(Period.year(1)) == "0001"
        assert Period.parse("0001-W01") == Period.week(1, 1)

    @pytest.mark.parametrize("grain", ["month", "quarter", "year"])
    def test_the_whole_date_range_splits(self, grain: str) -> None:
        everything = Period(D.min, D.max)
        if grain == "month":  # 119,988 months: more than a split may give
            with pytest.raises(PeriodError, match="at most 100000 parts"):
                everything.split(grain)
        else:
            parts = everything.split(grain)  # type: ignore[arg-type]
            assert_tiles(parts, everything)
            assert len(parts) == {"quarter": 39_996, "year": 9_999}[grain]

    def test_too_many_parts_is_refused_before_any_work(self) -> None:
        with pytest.raises(PeriodError, match=r"this one gives 3652059\)"):
            Period(D.min, D.max).split("day")


class TestSplit:
    @pytest.mark.parametrize(
        ("text", "grain", "expected"),
        [
            (
                "2025-01-15/2025-04-10",
                "month",
                ["2025-01-15/2025-01-31", "2025-02", "2025-03", "2025-04-01/2025-04-10"],
            ),
            # checked by hand: 2025-01-01 is a Wednesday; ISO weeks start on Mondays.
            (
                "2025-01",
                "week",
                [
                    "2025-01-01/2025-01-05",
                    "2025-W02",
                    "2025-W03",
                    "2025-W04",
                    "2025-01-27/2025-01-31",
                ],
            ),
            (
                "2024-11-15/2025-05-01",
                "quarter",
                ["2024-11-15/2024-12-31", "2025-Q1", "2025-04-01/2025-05-01"],
            ),
            (
                "2024-12-30/2026-01-02",
                "year",
                ["2024-12-30/2024-12-31", "2025", "2026-01-01/2026-01-02"],
            ),
            (
                "2024-02-27/2024-03-01",
                "day",
                ["2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01"],
            ),
            ("2025-03", "year", ["2025-03"]),  # a coarser grain gives the period itself
            # Month ends are anchored, never stepped: from Jan 31 the parts end on
            # Feb 29 (leap year), Mar 31 and Apr 30, not on the 29th of each month.
            ("2024-01-31/2024-04-30", "month", ["2024-01-31", "2024-02", "2024-03", "2024-04"]),
            ("2025-01-31/2025-04-30", "month", ["2025-01-31", "2025-02", "2025-03", "2025-04"]),
        ],
    )
    def test_worked_examples(self, text: str, grain: str, expected: list[str]) -> None:
        parts = Period.parse(text).split(grain)  # type: ignore[arg-type]
        assert [str(part) for part in parts] == expected

    def test_month_ends_from_january_31(self) -> None:
        ends = [part.end for part in Period(D(2024, 1, 31), D(2024, 12, 31)).split("month")]
        assert ends[:4] == [D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 31), D(2024, 4, 30)]
        assert ends[-1] == D(2024, 12, 31)

    @given(SHORT, grains())
    def test_tiles_for_every_grain(self, period: Period, grain: str) -> None:
        assert_tiles(period.split(grain), period)  # type: ignore[arg-type]

    @given(LONG, st.sampled_from(["month", "quarter", "year"]))
    def test_tiles_long_periods(self, period: Period, grain: str) -> None:
        assert_tiles(period.split(grain), period)  # type: ignore[arg-type]

    @given(SHORT, grains())
    def test_inner_parts_are_whole_units_and_ends_are_clipped(
        self, period: Period, grain: str
    ) -> None:
        parts = period.split(grain)  # type: ignore[arg-type]
        for index, part in enumerate(parts):
            if part.end == D.max:  # the last ISO week of 9999 does not fit
                continue
            unit = Period.containing(part.start, grain)  # type: ignore[arg-type]
            assert unit.contains(part.end), "a part never crosses a unit boundary"
            if 0 < index < len(parts) - 1:
                assert part == unit
            else:
                assert part == unit.intersection(period)

    @given(LONG, st.sampled_from([("year", "quarter"), ("year", "month"), ("quarter", "month")]))
    def test_splitting_coarse_then_fine_equals_splitting_fine(
        self, period: Period, grains_pair: tuple[str, str]
    ) -> None:
        coarse, fine = grains_pair
        nested = tuple(
            part
            for outer in period.split(coarse)  # type: ignore[arg-type]
            for part in outer.split(fine)  # type: ignore[arg-type]
        )
        assert nested == period.split(fine)  # type: ignore[arg-type]

    @given(SHORT, st.sampled_from([("month", "day"), ("week", "day"), ("quarter", "day")]))
    def test_refines_down_to_days(self, period: Period, grains_pair: tuple[str, str]) -> None:
        coarse, fine = grains_pair
        nested = tuple(
            part
            for outer in period.split(coarse)  # type: ignore[arg-type]
            for part in outer.split(fine)  # type: ignore[arg-type]
        )
        assert nested == period.split(fine)  # type: ignore[arg-type]

    @pytest.mark.parametrize("bad", ["days", "Month", "", None, 1, ["day"], "fortnight"])
    def test_unknown_grains_are_refused(self, bad: object) -> None:
        with pytest.raises(ValidationError, match=r"Period\.split\(\): 'grain' must be one of"):
            Period.year(2025).split(bad)  # type: ignore[arg-type]


PARSE_TABLE = [
    ("2025", D(2025, 1, 1), D(2025, 12, 31)),
    ("2025-Q1", D(2025, 1, 1), D(2025, 3, 31)),
    ("2025-Q4", D(2025, 10, 1), D(2025, 12, 31)),
    ("2025-03", D(2025, 3, 1), D(2025, 3, 31)),
    ("2024-02", D(2024, 2, 1), D(2024, 2, 29)),
    ("2025-W10", D(2025, 3, 3), D(2025, 3, 9)),
    ("2020-W53", D(2020, 12, 28), D(2021, 1, 3)),
    ("2025-03-04", D(2025, 3, 4), D(2025, 3, 4)),
    ("2025-03-01/2025-04-15", D(2025, 3, 1), D(2025, 4, 15)),
    ("0001", D(1, 1, 1), D(1, 12, 31)),
    ("9999-12-31", D(9999, 12, 31), D(9999, 12, 31)),
    ("0001-01-01/9999-12-31", D.min, D.max),
]


class TestParseAndStr:
    @pytest.mark.parametrize(("text", "start", "end"), PARSE_TABLE)
    def test_worked_examples(self, text: str, start: dt.date, end: dt.date) -> None:
        assert Period.parse(text) == Period(start, end)
        assert str(Period(start, end)) == text

    @pytest.mark.parametrize(
        ("text", "canonical"),
        [
            ("2025-01-01/2025-12-31", "2025"),
            ("2025-04-01/2025-06-30", "2025-Q2"),
            ("2025-02-01/2025-02-28", "2025-02"),
            ("2024-12-30/2025-01-05", "2025-W01"),
            ("2025-03-04/2025-03-04", "2025-03-04"),
            ("2025-02-01/2025-03-31", "2025-02-01/2025-03-31"),  # two months: no shorter form
            ("2025-03-04/2025-03-10", "2025-03-04/2025-03-10"),  # 7 days from a Tuesday
        ],
    )
    def test_str_is_the_most_specific_form(self, text: str, canonical: str) -> None:
        assert str(Period.parse(text)) == canonical

    @pytest.mark.parametrize(
        "text",
        [
            "2025-13",
            "2025-00",
            "2025-02-30",  # February 30
            "2025-02-29",  # not a leap year
            "2021-W53",  # 2021 has 52 ISO weeks
            "2025-W00",
            "2025-Q5",
            "2025-Q0",
            "0000",
            "2025-04-15/2025-03-01",  # reversed interval
            "9999-W52",  # ends in year 10000
        ],
    )
    def test_periods_that_do_not_exist(self, text: str) -> None:
        with pytest.raises(PeriodError, match="must be a period that exists") as info:
            Period.parse(text)
        assert info.value.value == text
        assert repr(text) in str(info.value)

    @pytest.mark.parametrize(
        "text",
        [
            "",
            "25",
            "2025-q1",
            "2025-w10",
            " 2025",
            "2025 ",
            "+2025",
            "2025-3",
            "2025-03-4",
            "2025/03",
            "2025-W10/2025-04-01",  # intervals are between days only
            "2025-03/2025-04",
            "2025-03-04/2025-03",
            "2025-03-04T10:00",
            "20250304",
            "２０２５",  # non-ASCII digits
            "2025-Q1-01",
            "10000",
            "2025-03-04/10000-01-01",
            "2025-" * 1000,
            "9" * 10_000,
        ],
    )
    def test_other_shapes_are_refused(self, text: str) -> None:
        with pytest.raises(PeriodError, match="'text' must be one of 'YYYY', 'YYYY-Qn'"):
            Period.parse(text)

    @pytest.mark.parametrize("bad", [None, 2025, b"2025", ["2025"], D(2025, 1, 1), 2025.0])
    def test_non_strings_are_wrong_type(self, bad: object) -> None:
        with pytest.raises(WrongType, match=r"Period\.parse\(\): 'text' must be a string"):
            Period.parse(bad)  # type: ignore[arg-type]

    @given(periods())
    def test_parse_reads_back_str(self, period: Period) -> None:
        assert Period.parse(str(period)) == period

    @given(dates(max_value=D(9999, 12, 26)), grains())
    def test_whole_units_print_in_their_own_form(self, day: dt.date, grain: str) -> None:
        shapes = {
            "day": r"\d{4}-\d{2}-\d{2}",
            "week": r"\d{4}-W\d{2}",
            "month": r"\d{4}-\d{2}",
            "quarter": r"\d{4}-Q[1-4]",
            "year": r"\d{4}",
        }
        text = str(Period.containing(day, grain))  # type: ignore[arg-type]
        assert re.fullmatch(shapes[grain], text, re.ASCII)

    @given(st.text(alphabet="0123456789-/QW ", max_size=24))
    def test_any_text_parses_back_or_is_a_period_error(self, text: str) -> None:
        try:
            period = Period.parse(text)
        except PeriodError:
            return
        assert Period.parse(str(period)) == period


class TestContract:
    """The issue's Contract pins these signatures (names, order, keyword-only markers)."""

    @pytest.mark.parametrize(
        ("func", "expected"),
        [
            (Period, "(start, end)"),
            (Period.split, "(self, grain)"),
            (Period.day, "(day)"),
            (Period.parse, "(text)"),
            (FiscalCalendar.monthly, "(start_month, *, label_by='end')"),
            (
                FiscalCalendar.retail,
                "(pattern, *, year_end_month=12, week_ends_on=5, rule='last', label_by='end')",
            ),
            (FiscalCalendar.year, "(self, fy)"),
            (FiscalCalendar.quarter, "(self, fy, q)"),
            (FiscalCalendar.period, "(self, fy, n)"),
            (FiscalCalendar.fiscal_year_of, "(self, day)"),
            (BusinessCalendar, "(weekend=(5, 6), holidays=(), extra_workdays=())"),
            (BusinessCalendar.for_country, "(code, *, years, subdiv=None)"),
            (BusinessCalendar.is_business_day, "(self, d)"),
            (BusinessCalendar.business_days, "(self, period)"),
        ],
    )
    def test_signatures(self, func: object, expected: str) -> None:
        signature = inspect.signature(func)  # type: ignore[arg-type]
        bare = signature.replace(
            parameters=[p.replace(annotation=p.empty) for p in signature.parameters.values()],
            return_annotation=signature.empty,
        )
        assert str(bare) == expected

    def test_fiscal_numbers_can_be_passed_by_their_contract_names(self) -> None:
        cal = FiscalCalendar.retail("4-4-5")
        assert cal.quarter(fy=2025, q=1).days == 91
        assert cal.period(fy=2025, n=3).days == 35
