"""Periods: closed ranges of days, calendar grains, ISO text forms.

A :class:`Period` is the pair ``(start, end)`` with both days included. It knows
its calendar grains (day, ISO week, month, quarter, year), splits into them,
and reads and writes the ISO 8601 text forms (``2025``, ``2025-Q1``,
``2025-03``, ``2025-W10``, ``2025-03-04``, ``2025-03-01/2025-04-15``).

Edge years: every date lies between 0001-01-01 and 9999-12-31. A constructor
for a whole calendar unit that would run past either end (the ISO week that
contains 9999-12-31 ends in year 10000) raises :class:`~salesmgmt.PeriodError`;
:meth:`Period.split` clips its first and last parts to the period, so splitting
``Period.year(9999)`` into weeks ends with a clipped week instead.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Final, Literal, Self, TypeAlias

import attrs
from dateutil.relativedelta import relativedelta

from salesmgmt._checks import check_choice, check_date, check_type, period_error_for_overflow
from salesmgmt.errors import PeriodError

__all__ = ["GRAINS", "Grain", "Period"]

Grain: TypeAlias = Literal["day", "week", "month", "quarter", "year"]

#: The grains of :meth:`Period.split` and :meth:`Period.containing`, finest first.
GRAINS: Final[tuple[Grain, ...]] = ("day", "week", "month", "quarter", "year")

#: The most parts one split may return (about 270 years of days).
MAX_PARTS: Final = 100_000

_MIN_ORDINAL: Final = dt.date.min.toordinal()
_MAX_ORDINAL: Final = dt.date.max.toordinal()
_MONTHS_PER: Final = {"month": 1, "quarter": 3, "year": 12}
_PARSE_MAX_LENGTH: Final = 21  # "YYYY-MM-DD/YYYY-MM-DD"
_PARSE_FORMS: Final = (
    "'YYYY', 'YYYY-Qn', 'YYYY-MM', 'YYYY-Www', 'YYYY-MM-DD' or 'YYYY-MM-DD/YYYY-MM-DD'"
)
_LAST_WEEK_HINT: Final = (
    "ISO week 52 of 9999 ends on 10000-01-02, after the last date, 9999-12-31."
)
_PATTERN: Final = re.compile(
    r"(?P<year>[0-9]{4})"
    r"(?:-Q(?P<quarter>[0-9])"
    r"|-W(?P<week>[0-9]{2})"
    r"|-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?"
    r")?"
    r"(?:/(?P<end>[0-9]{4}-[0-9]{2}-[0-9]{2}))?",
    re.ASCII,
)


def _end_not_before_start(
    instance: Period, attribute: attrs.Attribute[dt.date], end: dt.date
) -> None:
    if end < instance.start:
        raise PeriodError.for_field(
            "Period",
            "end",
            end,
            f"on or after start={instance.start!r}",
            hint="Swap start and end, or check the dates' order.",
        )


def _start_converter(value: dt.date) -> dt.date:
    return check_date(value, record="Period", field="start")


def _end_converter(value: dt.date) -> dt.date:
    return check_date(value, record="Period", field="end")


@attrs.frozen(order=True)
class Period:
    """A closed range of days: ``start`` and ``end`` are both included.

    Periods compare and sort by ``(start, end)``. The repr is eval-able; ``str()``
    gives the shortest ISO form, which :meth:`parse` reads back.

    Raises:
        WrongType: ``start`` or ``end`` is not a ``datetime.date`` (a ``datetime``
            is refused too: it hides a time of day and a time zone).
        PeriodError: ``end`` is before ``start``.

    >>> import datetime as dt
    >>> from salesmgmt import Period
    >>> Period(dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    Period(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 3, 31))
    >>> str(Period(dt.date(2025, 1, 1), dt.date(2025, 3, 31)))
    '2025-Q1'
    >>> Period(dt.date(2025, 3, 1), dt.date(2025, 1, 1))
    Traceback (most recent call last):
      ...
    salesmgmt.errors.PeriodError: Period: 'end' must be on or after
    start=datetime.date(2025, 3, 1) (got datetime.date(2025, 1, 1))
    Hint: Swap start and end, or check the dates' order.
    """

    start: dt.date = attrs.field(converter=_start_converter)
    end: dt.date = attrs.field(converter=_end_converter, validator=_end_not_before_start)

    # -- constructors -------------------------------------------------------------------

    @classmethod
    def day(cls, day: dt.date) -> Self:
        """The one-day period of ``day``.

        >>> import datetime as dt
        >>> from salesmgmt import Period
        >>> str(Period.day(dt.date(2024, 2, 29)))
        '2024-02-29'
        """
        day = check_date(day, record="Period.day()", field="day")
        return cls(day, day)

    @classmethod
    def week(cls, iso_year: int, week: int) -> Self:
        """ISO 8601 week ``week`` of ``iso_year``: Monday to Sunday.

        ISO week 1 is the week holding the year's first Thursday, so a week can
        start in the previous calendar year or end in the next one.

        Raises:
            PeriodError: the week does not exist (``2021-W53``: 2021 has 52 ISO
                weeks) or ends after 9999-12-31.

        >>> from salesmgmt import Period
        >>> Period.week(2025, 1)
        Period(start=datetime.date(2024, 12, 30), end=datetime.date(2025, 1, 5))
        >>> Period.week(2021, 53)
        Traceback (most recent call last):
          ...
        salesmgmt.errors.PeriodError: Period.week(): 'week' must be an ISO week
        from 1 to 52 of 2021 (got 53)
        """
        record = "Period.week()"
        iso_year = _check_number(iso_year, 1, 9999, record=record, field="iso_year")
        week = check_type(week, int, record=record, field="week")
        last = 51 if iso_year == 9999 else _iso_weeks_in(iso_year)  # 9999-W52 ends in 10000
        if not 1 <= week <= last:
            raise PeriodError.for_field(
                record,
                "week",
                week,
                f"an ISO week from 1 to {last} of {iso_year}",
                hint=_LAST_WEEK_HINT if iso_year == 9999 else None,
            )
        monday = dt.date.fromisocalendar(iso_year, week, 1)
        return cls(monday, monday + dt.timedelta(days=6))

    @classmethod
    def month(cls, year: int, month: int) -> Self:
        """Calendar month ``month`` (1-12) of ``year``.

        >>> from salesmgmt import Period
        >>> Period.month(2024, 2).days
        29
        """
        record = "Period.month()"
        year = _check_number(year, 1, 9999, record=record, field="year")
        month = _check_number(month, 1, 12, record=record, field="month")
        first = dt.date(year, month, 1)
        return cls(first, first + relativedelta(day=31))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Self:
        """Calendar quarter ``quarter`` (1-4) of ``year``: Q1 is January to March.

        >>> from salesmgmt import Period
        >>> Period.quarter(2025, 4)
        Period(start=datetime.date(2025, 10, 1), end=datetime.date(2025, 12, 31))
        """
        record = "Period.quarter()"
        year = _check_number(year, 1, 9999, record=record, field="year")
        quarter = _check_number(quarter, 1, 4, record=record, field="quarter")
        first = dt.date(year, 3 * quarter - 2, 1)
        return cls(first, first + relativedelta(months=2, day=31))

    @classmethod
    def year(cls, year: int) -> Self:
        """Calendar year ``year``: January 1 to December 31.

        >>> from salesmgmt import Period
        >>> Period.year(2024).days
        366
        """
        year = _check_number(year, 1, 9999, record="Period.year()", field="year")
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def containing(cls, day: dt.date, grain: Grain) -> Self:
        """The whole calendar ``grain`` (day, ISO week, month, quarter, year) that holds ``day``.

        Raises:
            PeriodError: the week holding ``day`` runs past 9999-12-31 (no other
                grain can).

        >>> import datetime as dt
        >>> from salesmgmt import Period
        >>> str(Period.containing(dt.date(2025, 1, 1), "week"))
        '2025-W01'
        >>> Period.containing(dt.date(9999, 12, 31), "week")
        Traceback (most recent call last):
          ...
        salesmgmt.errors.PeriodError: Period.containing(): 'day' must be a date
        between 0001-01-01 and 9999-12-31 (got datetime.date(9999, 12, 31))
        """
        record = "Period.containing()"
        day = check_date(day, record=record, field="day")
        grain = check_choice(grain, GRAINS, record=record, field="grain")
        if grain == "day":
            return cls(day, day)
        if grain == "week":
            monday = day.toordinal() - day.weekday()
            return cls._from_ordinals(monday, monday + 6, record=record, field="day", value=day)
        first = dt.date(day.year, day.month - (day.month - 1) % _MONTHS_PER[grain], 1)
        return cls(first, first + relativedelta(months=_MONTHS_PER[grain] - 1, day=31))

    @classmethod
    def parse(cls, text: str) -> Self:
        """Read one of the ISO 8601 forms that ``str()`` writes.

        ========================= ==============================
        text                      period
        ========================= ==============================
        ``2025``                  the calendar year
        ``2025-Q1``               a calendar quarter (Q1-Q4)
        ``2025-03``               a calendar month
        ``2025-W10``              an ISO week (Monday-Sunday)
        ``2025-03-04``            one day
        ``2025-03-01/2025-04-15`` any range, both days included
        ========================= ==============================

        Only ASCII digits in exactly these shapes are read: no spaces, no
        lower-case ``q``/``w``, no signs.

        Raises:
            WrongType: ``text`` is not a ``str``.
            PeriodError: ``text`` has another shape, or names a period that does
                not exist (month 13, February 30, ``2021-W53``, ``2025-Q5``).

        >>> from salesmgmt import Period
        >>> Period.parse("2025-W10")
        Period(start=datetime.date(2025, 3, 3), end=datetime.date(2025, 3, 9))
        >>> Period.parse("2025-02-30")
        Traceback (most recent call last):
          ...
        salesmgmt.errors.PeriodError: Period.parse(): 'text' must be a period that exists
        (got '2025-02-30')
        Hint: day is out of range for month
        """
        record = "Period.parse()"
        text = check_type(text, str, record=record, field="text", expected="a string")
        found = _PATTERN.fullmatch(text) if len(text) <= _PARSE_MAX_LENGTH else None
        parts = found.groupdict() if found else {}
        if not parts or (parts["end"] and not parts["day"]):
            raise PeriodError.for_field(record, "text", text, f"one of {_PARSE_FORMS}")
        try:
            year = int(parts["year"])
            if parts["end"]:
                start = dt.date.fromisoformat(text[:10])
                return cls(start, dt.date.fromisoformat(parts["end"]))
            if parts["day"]:
                return cls.day(dt.date(year, int(parts["month"]), int(parts["day"])))
            if parts["month"]:
                return cls.month(year, int(parts["month"]))
            if parts["quarter"]:
                return cls.quarter(year, int(parts["quarter"]))
            if parts["week"]:
                return cls.week(year, int(parts["week"]))
            return cls.year(year)
        except ValueError as exc:  # includes PeriodError/ValidationError from the constructors
            raise PeriodError.for_field(
                record, "text", text, "a period that exists", hint=_first_line(exc)
            ) from None

    # -- queries ------------------------------------------------------------------------

    @property
    def days(self) -> int:
        """The number of days, both ends included.

        >>> from salesmgmt import Period
        >>> Period.parse("2025-03-04").days
        1
        """
        return self.end.toordinal() - self.start.toordinal() + 1

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` lies in the period (``start <= day <= end``).

        >>> import datetime as dt
        >>> from salesmgmt import Period
        >>> Period.month(2025, 1).contains(dt.date(2025, 1, 31))
        True
        """
        day = check_date(day, record="Period.contains()", field="day")
        return self.start <= day <= self.end

    def overlaps(self, other: Period) -> bool:
        """Whether the two periods share at least one day.

        >>> from salesmgmt import Period
        >>> Period.month(2025, 1).overlaps(Period.month(2025, 2))
        False
        """
        other = check_type(other, Period, record="Period.overlaps()", field="other")
        return self.start <= other.end and other.start <= self.end

    def intersection(self, other: Period) -> Period | None:
        """The days in both periods, or ``None`` when they share none.

        >>> from salesmgmt import Period
        >>> Period.parse("2025-Q1").intersection(Period.parse("2025-03-15/2025-04-15"))
        Period(start=datetime.date(2025, 3, 15), end=datetime.date(2025, 3, 31))
        >>> Period.month(2025, 1).intersection(Period.month(2025, 2)) is None
        True
        """
        other = check_type(other, Period, record="Period.intersection()", field="other")
        start, end = max(self.start, other.start), min(self.end, other.end)
        return _unchecked(start, end) if start <= end else None

    def split(self, grain: Grain) -> tuple[Period, ...]:
        """Calendar-aligned parts of ``grain`` that tile the period, in date order.

        Each part is a whole calendar day, ISO week (Monday-Sunday), month,
        quarter or year, except the first and last, which are clipped to the
        period. The parts never overlap and leave no gap.

        Raises:
            PeriodError: the split would give more than 100,000 parts (split a
                coarser grain first).

        >>> from salesmgmt import Period
        >>> [str(p) for p in Period.parse("2025-01-15/2025-04-10").split("month")]
        ['2025-01-15/2025-01-31', '2025-02', '2025-03', '2025-04-01/2025-04-10']
        >>> Period.year(9999).split("week")[-1]  # the last ISO week is clipped
        Period(start=datetime.date(9999, 12, 27), end=datetime.date(9999, 12, 31))
        """
        record = "Period.split()"
        grain = check_choice(grain, GRAINS, record=record, field="grain")
        first, last = self.start.toordinal(), self.end.toordinal()
        if grain == "day":
            _check_parts(last - first + 1, grain)
            return tuple(
                _unchecked(day, day) for day in map(dt.date.fromordinal, range(first, last + 1))
            )
        if grain == "week":
            monday = first - self.start.weekday()
            _check_parts((last - monday) // 7 + 1, grain)
            return _tile(first, last, range(monday + 7, last + 1, 7))
        months = _MONTHS_PER[grain]
        anchor = Period.containing(self.start, grain).start
        count = ((self.end.year - anchor.year) * 12 + self.end.month - anchor.month) // months + 1
        _check_parts(count, grain)
        cuts = [(anchor + relativedelta(months=k * months)).toordinal() for k in range(1, count)]
        return _tile(first, last, cuts)

    def __str__(self) -> str:
        """The most specific ISO form that names exactly this period.

        >>> import datetime as dt
        >>> from salesmgmt import Period
        >>> str(Period(dt.date(2024, 12, 30), dt.date(2025, 1, 5)))
        '2025-W01'
        >>> str(Period(dt.date(2025, 3, 1), dt.date(2025, 4, 15)))
        '2025-03-01/2025-04-15'
        """
        start, end = self.start, self.end
        if start == end:
            return start.isoformat()
        if start.day == 1:
            if start.month == 1 and end == dt.date(start.year, 12, 31):
                return f"{start.year:04d}"
            if start.month % 3 == 1 and end == start + relativedelta(months=2, day=31):
                return f"{start.year:04d}-Q{(start.month + 2) // 3}"
            if end == start + relativedelta(day=31):
                return f"{start.year:04d}-{start.month:02d}"
        if start.weekday() == 0 and self.days == 7:
            iso = start.isocalendar()
            return f"{iso.year:04d}-W{iso.week:02d}"
        return f"{start.isoformat()}/{end.isoformat()}"

    # -- helpers ------------------------------------------------------------------------

    @classmethod
    def _from_ordinals(
        cls, first: int, last: int, *, record: str, field: str, value: object
    ) -> Self:
        if first < _MIN_ORDINAL or last > _MAX_ORDINAL:
            raise period_error_for_overflow(record, field, value)
        return cls(dt.date.fromordinal(first), dt.date.fromordinal(last))


def _unchecked(start: dt.date, end: dt.date) -> Period:
    """A :class:`Period` from dates already known to be plain and ordered (no validation)."""
    period = _new(Period)
    _set(period, "start", start)
    _set(period, "end", end)
    return period


def _tile(first: int, last: int, cuts: Sequence[int]) -> tuple[Period, ...]:
    """The periods from ordinal ``first`` to ``last``, cut before each of ``cuts`` (ascending,
    all in ``(first, last]``)."""
    fromordinal = dt.date.fromordinal
    starts = [first, *cuts]
    ends = [*(cut - 1 for cut in cuts), last]
    return tuple(
        _unchecked(fromordinal(start), fromordinal(end))
        for start, end in zip(starts, ends, strict=True)
    )


_new = object.__new__
_set = object.__setattr__


def _check_parts(count: int, grain: str, *, record: str = "Period.split()") -> None:
    if count > MAX_PARTS:
        raise PeriodError.for_field(
            record,
            "grain",
            grain,
            f"a grain giving at most {MAX_PARTS} parts (this one gives {count})",
            hint="Split by a coarser grain first.",
        )


def _check_number(value: object, low: int, high: int, *, record: str, field: str) -> int:
    """An ``int`` from ``low`` to ``high``; out of range is a period that does not exist."""
    number = check_type(value, int, record=record, field=field)
    if not low <= number <= high:
        raise PeriodError.for_field(record, field, value, f"an int from {low} to {high}")
    return number


def _iso_weeks_in(iso_year: int) -> int:
    """52 or 53: December 28 always lies in the year's last ISO week."""
    return dt.date(iso_year, 12, 28).isocalendar().week


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0]
