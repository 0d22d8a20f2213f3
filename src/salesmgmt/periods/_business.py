"""Business calendars: which days are worked, and counting them fast.

A :class:`BusinessCalendar` is a weekend (the weekdays that are normally not
worked), a set of holidays and a set of make-up workdays (weekend days that are
worked, as China's 调休). Counting the business days of a period is
arithmetic, not iteration: whole weeks times the workdays per week, plus a
looked-up remainder, minus the holidays that fall on normal workdays inside the
period, plus the make-up workdays inside it, each found with :mod:`bisect`.

Internally days are handled as proleptic Gregorian ordinals
(``date.toordinal()``); 0001-01-01 is ordinal 1 and a Monday, so the weekday of
ordinal ``o`` is ``(o + 6) % 7``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import islice
from typing import Self

import attrs

from salesmgmt._checks import (
    check_date,
    check_int,
    check_iterable,
    check_str,
    check_type,
)
from salesmgmt.errors import (
    MissingDependency,
    PeriodError,
    PolicyError,
    UnknownReference,
    ValidationError,
    WrongType,
)
from salesmgmt.periods._period import MAX_PARTS, Period

__all__ = ["BusinessCalendar"]

_RECORD = "BusinessCalendar"
_FIRST = dt.date.min.toordinal()
_LAST = dt.date.max.toordinal()
#: Most dates a holiday or make-up workday list may hold (years 1-9999 have 3,652,059 days).
_MAX_DATES = 4_000_000
#: Most years :meth:`BusinessCalendar.for_country` loads at once.
MAX_COUNTRY_YEARS = 200
# English names, not calendar.day_name: messages must not depend on the locale.
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_PERIOD_HINT = (
    "Build one with Period(start, end), e.g. Period(date(2025, 5, 1), date(2025, 5, 31))."
)


def _to_weekend(value: object) -> tuple[int, ...]:
    """Weekday numbers (Monday 0 … Sunday 6) as a sorted tuple without repeats."""
    if isinstance(value, int) and not isinstance(value, bool):
        raise WrongType.for_field(
            _RECORD,
            "weekend",
            value,
            "an iterable of weekday numbers (Monday 0 … Sunday 6)",
            hint="Use a tuple, e.g. weekend=(calendar.FRIDAY, calendar.SATURDAY).",
        )
    items = check_iterable(value, record=_RECORD, field="weekend", max_items=7)
    days = {
        check_int(day, record=_RECORD, field=f"weekend[{i}]", min_value=0, max_value=6)
        for i, day in enumerate(items)
    }
    return tuple(sorted(int(day) for day in days))


def _to_dates(value: object, field: str) -> tuple[dt.date, ...]:
    items = check_iterable(value, record=_RECORD, field=field, max_items=_MAX_DATES)
    days = {check_date(day, record=_RECORD, field=f"{field}[{i}]") for i, day in enumerate(items)}
    return tuple(sorted(days))


def _to_holidays(value: object) -> tuple[dt.date, ...]:
    """Any iterable of dates as a sorted tuple without repeats."""
    return _to_dates(value, "holidays")


def _to_extra_workdays(value: object) -> tuple[dt.date, ...]:
    """Any iterable of dates as a sorted tuple without repeats."""
    return _to_dates(value, "extra_workdays")


def _check_weekend(instance: BusinessCalendar, attribute: object, value: tuple[int, ...]) -> None:
    if len(value) == 7:
        raise ValidationError.for_field(
            _RECORD,
            "weekend",
            value,
            "at most six weekday numbers",
            hint="A weekend of all seven days leaves no business days; list the days off.",
        )


def _check_extra_workdays(
    instance: BusinessCalendar, attribute: object, value: tuple[dt.date, ...]
) -> None:
    holidays = frozenset(instance.holidays)
    for day in value:
        if day.weekday() not in instance.weekend:
            raise PolicyError.for_field(
                _RECORD,
                "extra_workdays",
                day,
                f"a weekend day (weekend={instance.weekend!r})",
                hint=f"{day} is a {_DAY_NAMES[day.weekday()]}, already a business day"
                " unless it is a holiday; a make-up workday is a weekend day that is worked.",
            )
        if day in holidays:
            raise PolicyError.for_field(
                _RECORD,
                "extra_workdays",
                day,
                "a date that is not also in 'holidays'",
                hint="A day cannot be both a holiday and a make-up workday;"
                " remove it from one of the two lists.",
            )


def _week_mask(cal: BusinessCalendar) -> tuple[bool, ...]:
    return tuple(day not in cal.weekend for day in range(7))


def _remainder_table(cal: BusinessCalendar) -> tuple[int, ...]:
    # table[7 * w + r]: workdays among the r consecutive days starting on weekday w (r < 7).
    mask = _week_mask(cal)
    return tuple(sum(mask[(w + i) % 7] for i in range(r)) for w in range(7) for r in range(7))


def _holidays_on_workdays(cal: BusinessCalendar) -> tuple[int, ...]:
    return tuple(d.toordinal() for d in cal.holidays if d.weekday() not in cal.weekend)


def _extra_ordinals(cal: BusinessCalendar) -> tuple[int, ...]:
    return tuple(d.toordinal() for d in cal.extra_workdays)


@attrs.frozen
class BusinessCalendar:
    """The days a business works: a weekend, holidays and make-up workdays.

    Args:
        weekend: weekday numbers that are normally not worked (Monday 0 …
            Sunday 6, as :mod:`calendar`'s constants); stored sorted without
            repeats. It may be empty, but not all seven days.
        holidays: dates not worked; any iterable of ``datetime.date``, stored
            as a sorted tuple without repeats. A holiday on a weekend day is
            kept but changes nothing.
        extra_workdays: weekend dates that are worked (China's make-up
            workdays, 调休); stored like ``holidays``.

    Raises:
        WrongType: a value of the wrong type (a ``datetime``, a float, a
            single int for ``weekend``).
        ValidationError: a weekday outside 0–6, or all seven days as weekend.
        PolicyError: a make-up workday that is not a weekend day, or that is
            also a holiday.

    >>> from datetime import date
    >>> from salesmgmt import BusinessCalendar
    >>> cal = BusinessCalendar(holidays=[date(2025, 5, 2), date(2025, 5, 1)])
    >>> cal
    BusinessCalendar(weekend=(5, 6),
                     holidays=(datetime.date(2025, 5, 1), datetime.date(2025, 5, 2)),
                     extra_workdays=())
    >>> cal.is_business_day(date(2025, 5, 2)), cal.is_business_day(date(2025, 5, 6))
    (False, True)
    >>> BusinessCalendar(extra_workdays=[date(2025, 4, 28)])
    Traceback (most recent call last):
      ...
    salesmgmt.errors.PolicyError: BusinessCalendar: 'extra_workdays' must be a weekend day
    (weekend=(5, 6)) (got datetime.date(2025, 4, 28))
    Hint: 2025-04-28 is a Monday, already a business day unless it is a holiday; ...
    """

    weekend: tuple[int, ...] = attrs.field(
        default=(calendar.SATURDAY, calendar.SUNDAY),
        converter=_to_weekend,
        validator=_check_weekend,
    )
    holidays: tuple[dt.date, ...] = attrs.field(default=(), converter=_to_holidays)
    extra_workdays: tuple[dt.date, ...] = attrs.field(
        default=(), converter=_to_extra_workdays, validator=_check_extra_workdays
    )
    _mask: tuple[bool, ...] = attrs.field(
        init=False, repr=False, eq=False, default=attrs.Factory(_week_mask, takes_self=True)
    )
    _table: tuple[int, ...] = attrs.field(
        init=False, repr=False, eq=False, default=attrs.Factory(_remainder_table, takes_self=True)
    )
    _off: tuple[int, ...] = attrs.field(
        init=False,
        repr=False,
        eq=False,
        default=attrs.Factory(_holidays_on_workdays, takes_self=True),
    )
    _on: tuple[int, ...] = attrs.field(
        init=False, repr=False, eq=False, default=attrs.Factory(_extra_ordinals, takes_self=True)
    )

    # -- queries --------------------------------------------------------------

    def is_business_day(self, d: dt.date) -> bool:
        """Whether ``d`` is worked: a weekday that is no holiday, or a make-up workday.

        >>> from datetime import date
        >>> from salesmgmt import BusinessCalendar
        >>> cal = BusinessCalendar(extra_workdays=[date(2025, 4, 27)])
        >>> cal.is_business_day(date(2025, 4, 27))  # a Sunday that is worked
        True
        >>> cal.is_business_day(date(2025, 4, 26))
        False
        """
        day = check_date(d, record=f"{_RECORD}.is_business_day()", field="d")
        return self._is_open(day.toordinal())

    def count(self, period: Period) -> int:
        """The number of business days in ``period`` (both ends included).

        Runs in O(log h) time for h holidays and make-up workdays, whatever the
        period's length: whole weeks times the workdays per week, plus a
        looked-up remainder, minus holidays on normal workdays inside the
        period, plus make-up workdays inside it (both found with
        :mod:`bisect`). About a microsecond a call: fit for millions of
        schedule lines.

        >>> from datetime import date
        >>> from salesmgmt import BusinessCalendar, Period
        >>> cal = BusinessCalendar(holidays=[date(2025, 5, 1)])
        >>> cal.count(Period(date(2025, 5, 1), date(2025, 5, 31)))
        21
        >>> cal.count(Period(date(2025, 5, 3), date(2025, 5, 4)))  # a weekend
        0
        """
        checked = check_type(
            period, Period, record=f"{_RECORD}.count()", field="period", hint=_PERIOD_HINT
        )
        return self._count(checked.start.toordinal(), checked.end.toordinal())

    def business_days(self, period: Period) -> tuple[dt.date, ...]:
        """The business dates of ``period``, in order.

        Takes time and memory proportional to the period's length, so periods
        longer than :data:`~salesmgmt.periods._period.MAX_PARTS` days (about 270
        years) are refused, as :meth:`Period.split` refuses as many parts; use
        :meth:`count` when only the number is needed.

        >>> from datetime import date
        >>> from salesmgmt import BusinessCalendar, Period
        >>> cal = BusinessCalendar(weekend=(4, 5))  # Friday and Saturday off
        >>> cal.business_days(Period(date(2025, 5, 1), date(2025, 5, 4)))
        (datetime.date(2025, 5, 1), datetime.date(2025, 5, 4))
        """
        record = f"{_RECORD}.business_days()"
        checked = check_type(period, Period, record=record, field="period", hint=_PERIOD_HINT)
        if checked.days > MAX_PARTS:
            raise ValidationError.for_field(
                record,
                "period",
                checked,
                f"a period of at most {MAX_PARTS} days",
                hint="Use count(period) for the number of business days.",
            )
        is_open = self._is_open
        return tuple(
            dt.date.fromordinal(o)
            for o in range(checked.start.toordinal(), checked.end.toordinal() + 1)
            if is_open(o)
        )

    def business_days_between(self, start: dt.date, end: dt.date) -> int:
        """Business days in the half-open range ``[start, end)``; negative when
        ``end < start``.

        This is numpy's ``busday_count`` convention: ``start`` counts, ``end``
        does not, and swapping the arguments flips the sign. For a closed
        range use :meth:`count` with a :class:`~salesmgmt.Period`. O(log h).

        >>> from datetime import date
        >>> from salesmgmt import BusinessCalendar
        >>> cal = BusinessCalendar()
        >>> cal.business_days_between(date(2025, 5, 5), date(2025, 5, 12))  # Mon to Mon
        5
        >>> cal.business_days_between(date(2025, 5, 12), date(2025, 5, 5))
        -5
        >>> cal.business_days_between(date(2025, 5, 5), date(2025, 5, 5))
        0
        """
        record = f"{_RECORD}.business_days_between()"
        first = check_date(start, record=record, field="start").toordinal()
        last = check_date(end, record=record, field="end").toordinal()
        if first <= last:
            return self._count(first, last - 1)
        return -self._count(last, first - 1)

    def add_business_days(self, d: dt.date, n: int) -> dt.date:
        """The date ``n`` business days after ``d`` (before it when ``n < 0``).

        Follows numpy's ``busday_offset(d, n, roll="forward")``: a ``d`` that
        is not a business day first rolls forward to the next business day,
        then the offset is counted in business days. So ``n=0`` gives ``d``
        itself or the next business day, a Saturday plus one business day is
        a Tuesday, and a Saturday minus one is the Friday before. The result
        is always a business day and, for every ``d`` and ``n``,
        ``business_days_between(d, add_business_days(d, n)) == n``.

        Runs in O(log k · log h) for a result k days away and h holidays and
        make-up workdays (a galloping binary search over :meth:`count`'s
        arithmetic), so a calendar with few business days never loops.

        Raises:
            PeriodError: the result would lie outside 0001-01-01 … 9999-12-31,
                or no business day is left in that range.

        >>> from datetime import date
        >>> from salesmgmt import BusinessCalendar
        >>> cal = BusinessCalendar()
        >>> cal.add_business_days(date(2025, 5, 2), 1)  # Friday + 1
        datetime.date(2025, 5, 5)
        >>> cal.add_business_days(date(2025, 5, 3), 0)  # Saturday rolls to Monday
        datetime.date(2025, 5, 5)
        >>> cal.add_business_days(date(2025, 5, 3), -1)  # Saturday - 1
        datetime.date(2025, 5, 2)
        """
        record = f"{_RECORD}.add_business_days()"
        start = check_date(d, record=record, field="d").toordinal()
        steps = check_type(n, int, record=record, field="n")
        rolled = self._nth_from(start, 1)
        if rolled is None:
            raise self._no_business_day(record, "d", d, "on or after")
        found = (
            self._nth_from(rolled, steps + 1)
            if steps >= 0
            else self._nth_before(rolled - 1, -steps)
        )
        if found is None:
            raise PeriodError.for_field(
                record,
                "n",
                steps,
                "a number of business days that stays between 0001-01-01 and 9999-12-31",
                hint=f"Counting {steps} business days from {d} leaves the supported date range.",
            )
        return dt.date.fromordinal(found)

    def next_business_day(self, d: dt.date) -> dt.date:
        """The first business day strictly after ``d``.

        Raises:
            PeriodError: no business day follows ``d`` up to 9999-12-31.

        >>> from datetime import date
        >>> from salesmgmt import BusinessCalendar
        >>> BusinessCalendar().next_business_day(date(2025, 5, 2))  # a Friday
        datetime.date(2025, 5, 5)
        >>> BusinessCalendar().next_business_day(date(9999, 12, 31))
        Traceback (most recent call last):
          ...
        salesmgmt.errors.PeriodError: BusinessCalendar.next_business_day(): 'd' must be a date
        with a business day after it, up to 9999-12-31 (got datetime.date(9999, 12, 31))
        Hint: Check the calendar's weekend, holidays and make-up workdays.
        """
        record = f"{_RECORD}.next_business_day()"
        start = check_date(d, record=record, field="d").toordinal()
        found = self._nth_from(start + 1, 1) if start < _LAST else None
        if found is None:
            raise self._no_business_day(record, "d", d, "after")
        return dt.date.fromordinal(found)

    def previous_business_day(self, d: dt.date) -> dt.date:
        """The last business day strictly before ``d``.

        Raises:
            PeriodError: no business day precedes ``d`` from 0001-01-01 on.

        >>> from datetime import date
        >>> from salesmgmt import BusinessCalendar
        >>> BusinessCalendar().previous_business_day(date(2025, 5, 5))  # a Monday
        datetime.date(2025, 5, 2)
        """
        record = f"{_RECORD}.previous_business_day()"
        end = check_date(d, record=record, field="d").toordinal()
        found = self._nth_before(end - 1, 1) if end > _FIRST else None
        if found is None:
            raise self._no_business_day(record, "d", d, "before")
        return dt.date.fromordinal(found)

    # -- construction from the holidays package ---------------------------------

    @classmethod
    def for_country(
        cls, code: str, *, years: int | Iterable[int], subdiv: str | None = None
    ) -> Self:
        """The public holidays and make-up workdays of a country, from the
        optional `holidays <https://pypi.org/project/holidays/>`_ package
        (``pip install 'salesmgmt[holidays]'``).

        The holidays dated in ``years`` become ``holidays``; the package's
        ``weekend_workdays`` in ``years`` (China's make-up workdays) become
        ``extra_workdays``; the country's own weekend is used (Friday and
        Saturday in Saudi Arabia, for example). Outside ``years`` the calendar
        knows only the weekend, so load every year you will count in.

        Args:
            code: an upper-case ISO 3166-1 alpha-2 code the package supports.
            years: a year or an iterable of years, at most 200 of them, each
                within the range the package covers for the country.
            subdiv: a subdivision code the package lists for the country
                (``"CA"`` for California), or ``None``.

        Raises:
            MissingDependency: the ``holidays`` package is not installed.
            UnknownReference: an unknown country or subdivision code.
            ValidationError: a year outside the range the package covers for
                the country (for China 1950 to 2100), where it would give no
                holidays at all.

        >>> from datetime import date
        >>> from salesmgmt import BusinessCalendar, Period
        >>> cn = BusinessCalendar.for_country("CN", years=2025)
        >>> cn.count(Period(date(2025, 5, 1), date(2025, 5, 31)))
        19
        >>> date(2025, 4, 27) in cn.extra_workdays  # a Sunday worked before Labour Day
        True
        >>> BusinessCalendar.for_country("cn", years=2025)
        Traceback (most recent call last):
          ...
        salesmgmt.errors.UnknownReference: BusinessCalendar.for_country(): 'code' must be
        ... (got 'cn')
        Hint: Did you mean 'CN'?
        """
        record = f"{_RECORD}.for_country()"
        check_str(code, record=record, field="code", max_length=10)
        wanted = _years(years, record=record)
        if subdiv is not None:
            check_str(subdiv, record=record, field="subdiv", max_length=20)
        try:
            import holidays as holidays_package
        except ImportError:
            raise MissingDependency.for_extra(record, "holidays") from None

        supported = holidays_package.list_supported_countries()
        if code not in supported:
            hint = f"Did you mean {code.upper()!r}?" if code.upper() in supported else None
            raise UnknownReference.for_field(
                record,
                "code",
                code,
                "an upper-case ISO 3166-1 alpha-2 country code the holidays package supports",
                hint=hint,
            )
        if subdiv is not None and subdiv not in supported[code]:
            listed = ", ".join(repr(s) for s in supported[code][:12])
            raise UnknownReference.for_field(
                record,
                "subdiv",
                subdiv,
                f"a subdivision of {code} the holidays package lists",
                hint=f"Known subdivisions include {listed}." if listed else None,
            )
        covered = holidays_package.country_holidays(code, subdiv=subdiv)  # no years: cheap
        first, last = covered.start_year, covered.end_year
        outside = sorted(year for year in wanted if not first <= year <= last)
        if outside:
            raise ValidationError.for_field(
                record,
                "years",
                outside[0] if len(outside) == 1 else outside,
                f"years the holidays package covers for {code!r} ({first} to {last})",
                hint="Outside those years the package knows no holidays, so counts would"
                " silently ignore them.",
            )
        source = holidays_package.country_holidays(code, years=sorted(wanted), subdiv=subdiv)
        weekend = tuple(sorted(source.weekend))
        extra = {d for d in source.weekend_workdays if d.year in wanted and d.weekday() in weekend}
        off = {d for d in source if d.year in wanted} - extra
        return cls(weekend=weekend, holidays=off, extra_workdays=extra)

    # -- arithmetic on ordinals -------------------------------------------------

    def _is_open(self, o: int) -> bool:
        if self._mask[(o + 6) % 7]:
            i = bisect_left(self._off, o)
            return i == len(self._off) or self._off[i] != o
        i = bisect_left(self._on, o)
        return i < len(self._on) and self._on[i] == o

    def _count(self, first: int, last: int) -> int:
        """Business days in ordinals ``first … last`` (0 when ``first > last``)."""
        if first > last:
            return 0
        weeks, rest = divmod(last - first + 1, 7)
        total = weeks * (7 - len(self.weekend)) + self._table[7 * ((first + 6) % 7) + rest]
        if self._off:
            total -= bisect_right(self._off, last) - bisect_left(self._off, first)
        if self._on:
            total += bisect_right(self._on, last) - bisect_left(self._on, first)
        return total

    def _first_guess(self, n: int) -> int:
        """Days that usually hold ``n`` business days: where the galloping search starts."""
        per_week = 7 - len(self.weekend)
        return 7 * (n // per_week + 1) if per_week else 7

    def _nth_from(self, first: int, n: int) -> int | None:
        """The ``n``-th business day (n >= 1) counting from ``first`` on, or None."""
        if self._count(first, _LAST) < n:
            return None
        # Gallop to a window that holds the answer, then bisect it: O(log distance) counts.
        step = self._first_guess(n)
        low, high = first, min(first + step, _LAST)
        while self._count(first, high) < n:
            low, step = high + 1, step * 2
            high = min(high + step, _LAST)
        while low < high:  # the smallest ``high`` with count(first, high) >= n
            mid = (low + high) // 2
            if self._count(first, mid) >= n:
                high = mid
            else:
                low = mid + 1
        return low

    def _nth_before(self, last: int, n: int) -> int | None:
        """The ``n``-th business day (n >= 1) counting back from ``last``, or None."""
        if last < _FIRST or self._count(_FIRST, last) < n:
            return None
        step = self._first_guess(n)
        low, high = max(last - step, _FIRST), last
        while self._count(low, last) < n:
            high, step = low - 1, step * 2
            low = max(low - step, _FIRST)
        while low < high:  # the largest ``low`` with count(low, last) >= n
            mid = (low + high + 1) // 2
            if self._count(mid, last) >= n:
                low = mid
            else:
                high = mid - 1
        return low

    @staticmethod
    def _no_business_day(record: str, field: str, d: dt.date, where: str) -> PeriodError:
        reach = "from 0001-01-01" if where == "before" else "up to 9999-12-31"
        return PeriodError.for_field(
            record,
            field,
            d,
            f"a date with a business day {where} it, {reach}",
            hint="Check the calendar's weekend, holidays and make-up workdays.",
        )


def _years(value: object, *, record: str) -> frozenset[int]:
    """``years`` for :meth:`BusinessCalendar.for_country` as a set, bounded."""
    if isinstance(value, int) and not isinstance(value, bool):
        items: tuple[object, ...] = (value,)
    else:
        if isinstance(value, str | bytes | bytearray) or not isinstance(value, Iterable):
            raise WrongType.for_field(
                record,
                "years",
                value,
                "an int or an iterable of ints",
                hint="Pass years=2025 or years=range(2024, 2027).",
            )
        try:
            items = tuple(islice(value, MAX_COUNTRY_YEARS + 1))
        except Exception as exc:  # the caller's iterator failed: report it as bad input
            raise ValidationError.for_field(
                record,
                "years",
                value,
                f"an iterable that can be read (reading it raised {exc!r})",
            ) from exc
        if len(items) > MAX_COUNTRY_YEARS:
            raise ValidationError.for_field(
                record, "years", value, f"at most {MAX_COUNTRY_YEARS} years"
            )
    if not items:
        raise ValidationError.for_field(record, "years", value, "at least one year")
    return frozenset(
        check_int(year, record=record, field="years", min_value=1, max_value=9999)
        for year in items
    )
