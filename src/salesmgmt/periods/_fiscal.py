"""Fiscal calendars: calendar-month fiscal years and 52/53-week retail years.

A :class:`FiscalCalendar` turns a fiscal year number into dates. Two families
exist, each built by its own constructor:

* :meth:`FiscalCalendar.monthly`: twelve calendar months starting in any month
  (April to March in the UK and Japan, July to June in Australia).
* :meth:`FiscalCalendar.retail`: 52 or 53 whole weeks ending on a chosen
  weekday, split into quarters of 13 weeks in a 4-4-5, 4-5-4 or 5-4-4 pattern
  of fiscal periods ("months"); the 53rd week, when a year has one, joins the
  year's last period (NRF's 4-5-4 calendar gives it to January).

A fiscal year is named by the calendar year of its nominal last month
(``label_by="end"``) or of its nominal first month (``label_by="start"``),
never by the date on which a 52/53-week year happens to end.

Internally every fiscal year is thirteen day ordinals (``date.toordinal()``):
the first day of each of its twelve periods and the day after its end. Years,
quarters and periods are read off that list.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from typing import Final, Literal, Self, TypeAlias, cast

import attrs
from dateutil.relativedelta import relativedelta, weekday

from salesmgmt._checks import check_choice, check_date, check_int, check_type
from salesmgmt.errors import PeriodError, ValidationError
from salesmgmt.periods._period import Period, _check_number, _check_parts, _tile, _unchecked

__all__ = ["FiscalCalendar", "FiscalGrain", "Label", "Pattern", "Rule"]

Pattern: TypeAlias = Literal["4-4-5", "4-5-4", "5-4-4"]
Rule: TypeAlias = Literal["last", "nearest"]
Label: TypeAlias = Literal["end", "start"]
FiscalGrain: TypeAlias = Literal["week", "period", "quarter", "year"]

PATTERNS: Final[tuple[Pattern, ...]] = ("4-4-5", "4-5-4", "5-4-4")
RULES: Final[tuple[Rule, ...]] = ("last", "nearest")
LABELS: Final[tuple[Label, ...]] = ("end", "start")
_WEEKS: Final = {pattern: tuple(int(n) for n in pattern.split("-")) * 4 for pattern in PATTERNS}
_GRAIN_SIZE: Final = {"period": 1, "quarter": 3, "year": 12}
_MAX_ORDINAL: Final = dt.date.max.toordinal()
_RECORD: Final = "FiscalCalendar"


@attrs.frozen(repr=False)
class FiscalCalendar:
    """How a company's fiscal years, quarters and periods fall on calendar dates.

    Build one with :meth:`monthly` or :meth:`retail`; the repr shows that call.
    The fields are what those constructors record: ``year_end_month`` is the
    nominal last month of the year, and ``pattern``, ``week_ends_on`` and
    ``rule`` are ``None`` for a monthly calendar.

    >>> from salesmgmt import FiscalCalendar
    >>> uk = FiscalCalendar.monthly(4)
    >>> uk
    FiscalCalendar.monthly(4, label_by='end')
    >>> uk.year(2026)
    Period(start=datetime.date(2025, 4, 1), end=datetime.date(2026, 3, 31))
    """

    year_end_month: int = attrs.field()
    label_by: Label = attrs.field()
    pattern: Pattern | None = attrs.field(default=None)
    week_ends_on: int | None = attrs.field(default=None)
    rule: Rule | None = attrs.field(default=None)

    @year_end_month.validator
    def _check_year_end_month(self, attribute: attrs.Attribute[int], value: int) -> None:
        check_int(value, record=_RECORD, field="year_end_month", min_value=1, max_value=12)

    @label_by.validator
    def _check_label_by(self, attribute: attrs.Attribute[str], value: str) -> None:
        check_choice(value, LABELS, record=_RECORD, field="label_by")

    @pattern.validator
    def _check_pattern(self, attribute: attrs.Attribute[Pattern | None], value: object) -> None:
        if value is not None:
            check_choice(value, PATTERNS, record=_RECORD, field="pattern")

    @week_ends_on.validator
    def _check_week_ends_on(self, attribute: attrs.Attribute[int | None], value: object) -> None:
        if value is not None:
            check_int(value, record=_RECORD, field="week_ends_on", min_value=0, max_value=6)

    @rule.validator
    def _check_rule(self, attribute: attrs.Attribute[Rule | None], value: object) -> None:
        if value is not None:
            check_choice(value, RULES, record=_RECORD, field="rule")

    def __attrs_post_init__(self) -> None:
        given = (self.pattern is None, self.week_ends_on is None, self.rule is None)
        if len(set(given)) != 1:
            raise ValidationError.for_field(
                _RECORD,
                "rule",
                self.rule,
                "given together with pattern and week_ends_on, or all three None",
                hint="Build calendars with FiscalCalendar.monthly() or FiscalCalendar.retail().",
            )

    # -- constructors -------------------------------------------------------------------

    @classmethod
    def monthly(cls, start_month: int, *, label_by: Label = "end") -> Self:
        """Fiscal years of twelve calendar months, the first being ``start_month`` (1-12).

        Args:
            start_month: the first month of every fiscal year.
            label_by: ``"end"`` names a year by the calendar year of its last
                month (the UK's and Japan's FY2026 runs April 2025 to March 2026);
                ``"start"`` by the calendar year of its first month.

        >>> from salesmgmt import FiscalCalendar
        >>> FiscalCalendar.monthly(4, label_by="start").year(2025)
        Period(start=datetime.date(2025, 4, 1), end=datetime.date(2026, 3, 31))
        >>> january = FiscalCalendar.monthly(1, label_by="start")  # labels agree
        >>> january.year(2025) == FiscalCalendar.monthly(1).year(2025)
        True
        """
        record = "FiscalCalendar.monthly()"
        start_month = check_int(
            start_month, record=record, field="start_month", min_value=1, max_value=12
        )
        label_by = check_choice(label_by, LABELS, record=record, field="label_by")
        return cls((start_month - 2) % 12 + 1, label_by)

    @classmethod
    def retail(
        cls,
        pattern: Pattern,
        *,
        year_end_month: int = 12,
        week_ends_on: int = calendar.SATURDAY,
        rule: Rule = "last",
        label_by: Label = "end",
    ) -> Self:
        """52/53-week fiscal years of whole weeks, in 4-4-5, 4-5-4 or 5-4-4 quarters.

        Every week ends on ``week_ends_on``. The year ends on the last such
        weekday of ``year_end_month`` (``rule="last"``), or on the one nearest
        that month's last day, up to three days into the next month
        (``rule="nearest"``). A year therefore has 364 or 371 days. Each quarter
        is three periods of the pattern's weeks; in a 53-week year the extra
        week joins period 12 (4-4-5 becomes 4-4-6 in Q4), so Q4 has 14 weeks.

        Args:
            pattern: the weeks in the three periods of each quarter.
            year_end_month: the nominal last month of the fiscal year.
            week_ends_on: a :mod:`calendar` weekday, 0 (Monday) to 6 (Sunday).
            rule: ``"last"`` or ``"nearest"``, as above.
            label_by: ``"end"`` names a year by the calendar year of
                ``year_end_month``; ``"start"`` by that of the month after it.

        >>> import calendar
        >>> from salesmgmt import FiscalCalendar
        >>> nrf = FiscalCalendar.retail(
        ...     "4-5-4", year_end_month=1, rule="nearest", label_by="start"
        ... )
        >>> nrf.year(2023), nrf.weeks_in_year(2023)  # NRF fiscal 2023 had 53 weeks
        (Period(start=datetime.date(2023, 1, 29), end=datetime.date(2024, 2, 3)), 53)
        >>> apple = FiscalCalendar.retail(
        ...     "5-4-4", year_end_month=9, week_ends_on=calendar.SATURDAY
        ... )
        >>> apple.year(2024).end
        datetime.date(2024, 9, 28)
        """
        record = "FiscalCalendar.retail()"
        pattern = check_choice(pattern, PATTERNS, record=record, field="pattern")
        year_end_month = check_int(
            year_end_month, record=record, field="year_end_month", min_value=1, max_value=12
        )
        week_ends_on = check_int(
            week_ends_on, record=record, field="week_ends_on", min_value=0, max_value=6
        )
        rule = check_choice(rule, RULES, record=record, field="rule")
        label_by = check_choice(label_by, LABELS, record=record, field="label_by")
        return cls(year_end_month, label_by, pattern, int(week_ends_on), rule)

    def __repr__(self) -> str:
        if self.pattern is None:
            start_month = self.year_end_month % 12 + 1
            return f"FiscalCalendar.monthly({start_month}, label_by={self.label_by!r})"
        return (
            f"FiscalCalendar.retail({self.pattern!r}, year_end_month={self.year_end_month}, "
            f"week_ends_on={self.week_ends_on}, rule={self.rule!r}, label_by={self.label_by!r})"
        )

    # -- queries ------------------------------------------------------------------------

    def year(self, fy: int) -> Period:
        """Fiscal year ``fy``.

        Raises:
            PeriodError: the year would start before 0001-01-01 or end after
                9999-12-31 (the message gives the calendar's range of years).

        >>> from salesmgmt import FiscalCalendar
        >>> FiscalCalendar.retail("4-4-5").year(2025)
        Period(start=datetime.date(2024, 12, 29), end=datetime.date(2025, 12, 27))
        >>> FiscalCalendar.monthly(4).year(1)
        Traceback (most recent call last):
          ...
        salesmgmt.errors.PeriodError: FiscalCalendar.year(): 'fy' must be a fiscal year
        from 2 to 9999 of this calendar (got 1)
        """
        bounds = self._boundaries(fy, record="FiscalCalendar.year()")
        return _between(bounds[0], bounds[12])

    def quarter(self, fy: int, q: int) -> Period:
        """Fiscal quarter ``q`` (1-4) of fiscal year ``fy``.

        >>> from salesmgmt import FiscalCalendar
        >>> FiscalCalendar.retail("4-4-5").quarter(2025, 1).days  # 13 weeks
        91
        """
        record = "FiscalCalendar.quarter()"
        q = _check_number(q, 1, 4, record=record, field="q")
        bounds = self._boundaries(fy, record=record)
        return _between(bounds[3 * q - 3], bounds[3 * q])

    def period(self, fy: int, n: int) -> Period:
        """Fiscal period (fiscal month) ``n`` (1-12) of fiscal year ``fy``.

        >>> from salesmgmt import FiscalCalendar
        >>> nrf = FiscalCalendar.retail(
        ...     "4-5-4", year_end_month=1, rule="nearest", label_by="start"
        ... )
        >>> nrf.period(2023, 12).days // 7  # January holds the 53rd week
        5
        >>> FiscalCalendar.monthly(4).period(2026, 11)
        Period(start=datetime.date(2026, 2, 1), end=datetime.date(2026, 2, 28))
        """
        record = "FiscalCalendar.period()"
        n = _check_number(n, 1, 12, record=record, field="n")
        bounds = self._boundaries(fy, record=record)
        return _between(bounds[n - 1], bounds[n])

    def weeks_in_year(self, fy: int) -> int | None:
        """52 or 53 for a retail calendar; ``None`` for a monthly one, whose years
        are not whole weeks.

        >>> from salesmgmt import FiscalCalendar
        >>> FiscalCalendar.retail("4-4-5").weeks_in_year(2022)
        53
        >>> FiscalCalendar.monthly(7).weeks_in_year(2022) is None
        True
        """
        bounds = self._boundaries(fy, record="FiscalCalendar.weeks_in_year()")
        return None if self.pattern is None else (bounds[12] - bounds[0]) // 7

    def fiscal_year_of(self, day: dt.date) -> int:
        """The fiscal year that contains ``day``.

        Raises:
            PeriodError: ``day`` falls in a fiscal year that starts before
                0001-01-01 or ends after 9999-12-31.

        >>> import datetime as dt
        >>> from salesmgmt import FiscalCalendar
        >>> FiscalCalendar.monthly(4).fiscal_year_of(dt.date(2025, 3, 31))
        2025
        >>> nrf = FiscalCalendar.retail(
        ...     "4-5-4", year_end_month=1, rule="nearest", label_by="start"
        ... )
        >>> nrf.fiscal_year_of(dt.date(2024, 2, 3))  # January's 53rd week
        2023
        """
        record = "FiscalCalendar.fiscal_year_of()"
        day = check_date(day, record=record, field="day")
        ordinal = day.toordinal()
        last_year = day.year + (day.month > self.year_end_month)  # of the nominal last month
        if self.pattern is not None:
            if last_year <= 9999 and self._end_ordinal(last_year) < ordinal:
                last_year += 1
            elif last_year >= 2 and ordinal <= self._end_ordinal(last_year - 1):
                last_year -= 1
        low, high = self._last_year_bounds()
        if not low <= last_year <= high:
            first = self.year(low - self._shift).start
            final = self.year(high - self._shift).end
            raise PeriodError.for_field(
                record,
                "day",
                day,
                f"a date from {first} to {final}, in a fiscal year that lies between "
                "0001-01-01 and 9999-12-31",
            )
        return last_year - self._shift

    def split(self, period: Period, grain: FiscalGrain) -> tuple[Period, ...]:
        """Fiscal parts of ``grain`` that tile ``period``, in date order.

        Grains are ``"period"`` (fiscal months), ``"quarter"``, ``"year"`` and,
        for retail calendars, ``"week"`` (weeks ending on ``week_ends_on``). Each
        part is a whole fiscal unit except the first and last, which are clipped
        to ``period``.

        Raises:
            PeriodError: ``period`` reaches into a fiscal year that is not
                representable, or the split would give more than 100,000 parts.

        >>> import datetime as dt
        >>> from salesmgmt import FiscalCalendar, Period
        >>> cal = FiscalCalendar.retail("4-4-5")
        >>> [p.days for p in cal.split(cal.year(2025), "period")]
        [28, 28, 35, 28, 28, 35, 28, 28, 35, 28, 28, 35]
        >>> cal.split(Period.parse("2025-03"), "quarter")
        (Period(start=datetime.date(2025, 3, 1), end=datetime.date(2025, 3, 29)),
         Period(start=datetime.date(2025, 3, 30), end=datetime.date(2025, 3, 31)))
        """
        record = "FiscalCalendar.split()"
        period = check_type(period, Period, record=record, field="period")
        grains = ("week", *_GRAIN_SIZE) if self.pattern is not None else tuple(_GRAIN_SIZE)
        grain = check_choice(grain, grains, record=record, field="grain")
        first, last = period.start.toordinal(), period.end.toordinal()
        if grain == "week":
            week_start = first - (period.start.weekday() - cast(int, self.week_ends_on) - 1) % 7
            _check_parts((last - week_start) // 7 + 1, grain, record=record)
            cuts: Sequence[int] = range(week_start + 7, last + 1, 7)
        else:
            low = self.fiscal_year_of(period.start)
            high = self.fiscal_year_of(period.end)
            step = _GRAIN_SIZE[grain]
            _check_parts((high - low + 1) * 12 // step, grain, record=record)
            cuts = [
                bound
                for fy in range(low, high + 1)
                for bound in self._boundaries(fy, record=record)[:12:step]
                if first < bound <= last
            ]
        return _tile(first, last, cuts)

    # -- helpers ------------------------------------------------------------------------

    @property
    def _shift(self) -> int:
        """The calendar year of the nominal last month minus the fiscal year's name."""
        return int(self.label_by == "start" and self.year_end_month != 12)

    def _end_ordinal(self, last_year: int) -> int:
        """The ordinal of a retail year's last day, given its last month's calendar year.

        Past 9999-12-31 it is ``date.max`` ordinal + 1 (only for December ``"nearest"``).
        """
        target = weekday(cast(int, self.week_ends_on))  # only called for retail calendars
        if self.rule == "last":
            step = relativedelta(day=31, weekday=target(-1))
        else:  # nearest: the first such weekday from three days before the month's end
            step = relativedelta(day=31, days=-3, weekday=target(+1))
        try:
            return (dt.date(last_year, self.year_end_month, 1) + step).toordinal()
        except OverflowError:
            return _MAX_ORDINAL + 1

    def _last_year_bounds(self) -> tuple[int, int]:
        """The calendar years of the nominal last month for which a year is representable."""
        if self.pattern is None:
            return (1 if self.year_end_month == 12 else 2), 9999
        return 2, 9999 if self._end_ordinal(9999) <= _MAX_ORDINAL else 9998

    def _boundaries(self, fy: object, *, record: str) -> list[int]:
        """Ordinals of the first day of periods 1-12 of ``fy`` and of the day after it."""
        fy = check_type(fy, int, record=record, field="fy")
        low, high = self._last_year_bounds()
        last_year = fy + self._shift
        if not low <= last_year <= high:
            raise PeriodError.for_field(
                record,
                "fy",
                fy,
                f"a fiscal year from {low - self._shift} to {high - self._shift} of this calendar",
            )
        if self.pattern is None:
            first = dt.date(
                last_year - (self.year_end_month != 12), self.year_end_month % 12 + 1, 1
            )
            starts = [(first + relativedelta(months=k)).toordinal() for k in range(12)]
            return [*starts, (first + relativedelta(months=11, day=31)).toordinal() + 1]
        start, after = self._end_ordinal(last_year - 1) + 1, self._end_ordinal(last_year) + 1
        bounds = [start]
        for weeks in _WEEKS[self.pattern][:11]:
            bounds.append(bounds[-1] + 7 * weeks)
        return [*bounds, after]  # period 12 takes the rest: 4, 5 or 6 weeks


def _between(first: int, after: int) -> Period:
    """The period from ordinal ``first`` to the day before ordinal ``after``."""
    return _unchecked(dt.date.fromordinal(first), dt.date.fromordinal(after - 1))
