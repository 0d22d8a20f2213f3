"""A small worked example of salesmgmt, as plain text.

:func:`demo_text` builds the text that ``python -m salesmgmt demo`` prints: a
quarterly target split across reps, money splits that do not divide evenly, a
4-4-5 retail fiscal year and the business days of a month in China. Every
number in it is checked by hand in ``tests/test_demo.py`` and explained in the
metrics catalogue (``docs/metrics.md``).

The module only builds a string: it prints nothing and reads nothing, so the
same text comes out on every machine, except for the business-day section,
which needs the optional ``holidays`` package and says how to install it when
it is missing.

>>> from salesmgmt.demo import demo_text
>>> "33.34 USD + 33.33 USD + 33.33 USD = 100.00 USD" in demo_text()
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from salesmgmt import (
    BusinessCalendar,
    FiscalCalendar,
    MissingDependency,
    Money,
    Period,
    __version__,
    allocate,
    total,
)

__all__ = ["demo_text"]

_INDENT = "   "
#: The retail fiscal year the demo shows (52 weeks) and one with 53 weeks.
_RETAIL_YEAR = 2025
_LONG_RETAIL_YEAR = 2022
#: Weekday abbreviations, fixed in English (``%a`` would follow the process locale).
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def demo_text() -> str:
    """The worked example printed by ``python -m salesmgmt demo``.

    Returns:
        Several short sections of plain text, one per feature, ending with a
        newline. Apart from the business-day section, which depends on whether
        the ``holidays`` extra is installed, the text is the same on every
        machine and in every decimal context.

    >>> from salesmgmt.demo import demo_text
    >>> text = demo_text()
    >>> print(text.splitlines()[0])
    salesmgmt ... a worked example
    >>> "34 JPY + 33 JPY + 33 JPY = 100 JPY" in text
    True
    >>> "Q1  2024-12-29 to 2025-03-29   91 days" in text
    True
    """
    sections = [
        _title(),
        _target_section(),
        _uneven_section(),
        _fiscal_section(),
        _business_day_section(),
    ]
    return "\n\n".join(sections) + "\n"


def _title() -> str:
    title = f"salesmgmt {__version__}: a worked example"
    return "\n".join(
        [
            title,
            "=" * len(title),
            "Exact money, splits that always add up, fiscal and business calendars.",
        ]
    )


def _money(money: Money) -> str:
    """``1,000,000.00 CNY``: the amount with thousands separators, then the code."""
    return f"{money.amount:,} {money.currency}"


def _target_section() -> str:
    target = Money.of("1000000", "CNY")
    reps = ("Rep A", "Rep B", "Rep C")
    weights = (5, 3, 2)
    parts = allocate(target, weights)
    width = len(_money(target))
    lines = [
        "1. A quarterly target split across three reps by weight (allocate)",
        f"{_INDENT}Quarterly target {_money(target):>{width}}",
    ]
    lines += [
        f"{_INDENT}{rep} (weight {weight})  {_money(part):>{width}}"
        for rep, weight, part in zip(reps, weights, parts, strict=True)
    ]
    lines.append(
        f"{_INDENT}Sum of the parts {_money(total(parts)):>{width}}  (always the target exactly)"
    )
    return "\n".join(lines)


def _split_line(label: str, amount: Money) -> str:
    parts = allocate(amount, [1, 1, 1])
    shown = " + ".join(_money(p) for p in parts)
    return f"{_INDENT}{label}: {shown} = {_money(total(parts))}"


def _uneven_section() -> str:
    return "\n".join(
        [
            "2. Amounts that do not divide evenly: nothing is lost or invented",
            _split_line("100 USD three ways", Money.of("100", "USD")),
            _split_line("100 JPY three ways", Money.of("100", "JPY")),
            f"{_INDENT}The leftover cent (or yen, which has no minor unit) goes to the",
            f"{_INDENT}first part: the largest remainder method, ties to the lowest index.",
        ]
    )


def _span(period: Period) -> str:
    return f"{period.start.isoformat()} to {period.end.isoformat()}"


def _fiscal_section() -> str:
    calendar = FiscalCalendar.retail("4-4-5")
    year = calendar.year(_RETAIL_YEAR)
    lines = [
        "3. A 4-4-5 retail fiscal year (FiscalCalendar.retail)",
        f"{_INDENT}Weeks end on Saturday; the year ends on the last Saturday of December.",
        f"{_INDENT}FY{_RETAIL_YEAR}: {_span(year)}, {year.days} days ({year.days // 7} weeks)",
    ]
    for number in range(1, 5):
        quarter = calendar.quarter(_RETAIL_YEAR, number)
        lines.append(f"{_INDENT}  Q{number}  {_span(quarter)}  {quarter.days:>3} days")
    long_year = calendar.year(_LONG_RETAIL_YEAR)
    lines.append(
        f"{_INDENT}FY{_LONG_RETAIL_YEAR} has 53 weeks: {_span(long_year)}, {long_year.days} days."
    )
    return "\n".join(lines)


def _business_day_section() -> str:
    may = Period.month(2025, 5)
    heading = "4. Business days in May 2025, mainland China (BusinessCalendar.for_country)"
    try:
        china = BusinessCalendar.for_country("CN", years=2025)
    except MissingDependency:
        return "\n".join(
            [
                heading,
                f"{_INDENT}Needs the optional 'holidays' package for public holidays and",
                f"{_INDENT}make-up workdays: pip install 'salesmgmt[holidays]'",
            ]
        )
    off = [d for d in china.holidays if may.contains(d)]
    worked = [d for d in china.extra_workdays if may.contains(d)]
    return "\n".join(
        [
            heading,
            f"{_INDENT}{_span(may)}: {may.days} days, {china.count(may)} business days",
            f"{_INDENT}Holidays: {_days(off)}",
            f"{_INDENT}Make-up workdays: {_days(worked)}",
        ]
    )


def _days(days: Sequence[dt.date]) -> str:
    if not days:
        return "none"
    return ", ".join(f"{_WEEKDAYS[d.weekday()]} {d.isoformat()}" for d in days)
