"""Cohort retention tables: customers grouped by the month they first paid.

Column 0 of a cohort is its starting point: the number of accounts whose first
paid day falls in the cohort month, and their MRR on that first paid day
(ChartMogul's *cohort value*: the new-business MRR). Column ``k`` (k ≥ 1) is
measured on the last day of the k-th following month: the cohort's accounts
that still pay, their MRR (net: expansion and reactivation count, as in
ChartMogul's cohort net MRR retention) and their MRR with each account capped
at its starting MRR (gross: expansion does not count). Month-0 retention is
therefore exactly 100 %.

The table is built in one pass over each account's sorted change points with
per-cohort difference arrays: O(n log n + months²).

Catalogue: ``docs/metrics/renewals.md`` (cohort retention).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Final

import attrs

from salesmgmt._checks import check_type
from salesmgmt._decimal import RATIO
from salesmgmt.errors import CurrencyMismatch, ValidationError
from salesmgmt.money import Money
from salesmgmt.periods import Period
from salesmgmt.renewals._subscriptions import Subscription, account_changes, read_subscriptions

__all__ = ["CohortRow", "CohortTable", "cohort_retention"]

_MAX_MONTHS: Final = 600


def _ratios(values: Sequence[Decimal], base: Decimal) -> tuple[Decimal | None, ...]:
    if base.is_zero():
        return tuple(None for _ in values)
    return tuple(RATIO.divide(v, base) if v else Decimal(0) for v in values)


@attrs.frozen
class CohortRow:
    """One cohort: the accounts that first paid in ``cohort``, followed month by month.

    Attributes:
        cohort: the month of first payment.
        customers: paying accounts of the cohort; index 0 is the cohort's size,
            index k the count on the last day of the k-th following month.
        mrr: the cohort's MRR at the same points (index 0: MRR on each account's
            first paid day).
        gross_mrr: like ``mrr`` with each account capped at its own starting MRR.

    Raises:
        ValidationError: tuples of different or zero length, negative values,
            counts above the cohort size, gross above net or above the start.

    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.renewals import CohortRow
    >>> usd = lambda x: Money(x, "USD")
    >>> row = CohortRow(Period.month(2025, 1), (4, 3, 2), (usd(400), usd(450), usd(200)),
    ...                 (usd(400), usd(300), usd(200)))
    >>> row.logo_retention
    (Decimal('1'), Decimal('0.75'), Decimal('0.5'))
    >>> row.revenue_retention[1], row.gross_retention[1]
    (Decimal('1.125'), Decimal('0.75'))
    """

    cohort: Period = attrs.field()
    customers: tuple[int, ...] = attrs.field()
    mrr: tuple[Money, ...] = attrs.field()
    gross_mrr: tuple[Money, ...] = attrs.field()

    def __attrs_post_init__(self) -> None:
        record = (
            f"CohortRow {str(self.cohort)!r}" if isinstance(self.cohort, Period) else "CohortRow"
        )
        check_type(self.cohort, Period, record=record, field="cohort", expected="a Period")
        for name in ("customers", "mrr", "gross_mrr"):
            value = getattr(self, name)
            check_type(value, tuple, record=record, field=name, expected="a tuple")
            if len(value) != len(self.customers) or not value:
                raise ValidationError.for_field(
                    record,
                    name,
                    value,
                    f"a non-empty tuple as long as customers ({len(self.customers)})",
                )
        for k, count in enumerate(self.customers):
            if type(count) is not int or not 0 <= count <= self.customers[0]:
                raise ValidationError.for_field(
                    record,
                    f"customers[{k}]",
                    count,
                    "an int from 0 to the cohort size customers[0]",
                )
        code: str | None = None
        for name in ("mrr", "gross_mrr"):
            for k, money in enumerate(getattr(self, name)):
                check_type(money, Money, record=record, field=f"{name}[{k}]", expected="a Money")
                code = code or money.currency
                if money.currency != code:
                    raise CurrencyMismatch.between(code, money.currency, record=record)
                if money.amount < 0:
                    raise ValidationError.for_field(
                        record, f"{name}[{k}]", money, "a Money of at least zero"
                    )
        if self.gross_mrr[0] != self.mrr[0]:
            raise ValidationError.for_field(
                record, "gross_mrr[0]", self.gross_mrr[0], f"equal to mrr[0] ({self.mrr[0]!r})"
            )
        for k, (gross, net) in enumerate(zip(self.gross_mrr, self.mrr, strict=True)):
            if gross > net or gross > self.mrr[0]:
                raise ValidationError.for_field(
                    record, f"gross_mrr[{k}]", gross, "at most mrr[k] and at most mrr[0]"
                )

    @property
    def logo_retention(self) -> tuple[Decimal | None, ...]:
        """Paying accounts ÷ cohort size, per column (``None`` for an empty cohort).

        >>> from salesmgmt import Money, Period
        >>> from salesmgmt.renewals import CohortRow
        >>> z = Money(0, "USD")
        >>> CohortRow(Period.month(2025, 1), (0,), (z,), (z,)).logo_retention
        (None,)
        """
        return _ratios([Decimal(c) for c in self.customers], Decimal(self.customers[0]))

    @property
    def revenue_retention(self) -> tuple[Decimal | None, ...]:
        """Net MRR retention per column: MRR ÷ starting MRR (can exceed 1).

        >>> from salesmgmt import Money, Period
        >>> from salesmgmt.renewals import CohortRow
        >>> m = Money(10, "USD")
        >>> CohortRow(Period.month(2025, 1), (1, 1), (m, m * 2), (m, m)).revenue_retention
        (Decimal('1'), Decimal('2'))
        """
        return _ratios([m.amount for m in self.mrr], self.mrr[0].amount)

    @property
    def gross_retention(self) -> tuple[Decimal | None, ...]:
        """Gross MRR retention per column: capped MRR ÷ starting MRR (never above 1).

        >>> from salesmgmt import Money, Period
        >>> from salesmgmt.renewals import CohortRow
        >>> m = Money(10, "USD")
        >>> CohortRow(Period.month(2025, 1), (1, 1), (m, m * 2), (m, m)).gross_retention
        (Decimal('1'), Decimal('1'))
        """
        return _ratios([m.amount for m in self.gross_mrr], self.mrr[0].amount)


@attrs.frozen
class CohortTable:
    """Cohort rows for every month of ``period`` in which some account first paid.

    A row for a cohort ``c`` has one column per month from ``c`` to the end of
    ``period``, so the table is a triangle.

    >>> import datetime as dt
    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.renewals import CohortTable
    >>> CohortTable(Period.month(2025, 1), ()).rows
    ()
    """

    period: Period = attrs.field()
    rows: tuple[CohortRow, ...] = attrs.field()

    def __attrs_post_init__(self) -> None:
        check_type(self.period, Period, record="CohortTable", field="period", expected="a Period")
        check_type(self.rows, tuple, record="CohortTable", field="rows", expected="a tuple")
        for k, row in enumerate(self.rows):
            check_type(
                row, CohortRow, record="CohortTable", field=f"rows[{k}]", expected="a CohortRow"
            )


def cohort_retention(
    subscriptions: Iterable[Subscription], period: Period, *, currency: str | None = None
) -> CohortTable:
    """Monthly cohort retention (logo, net and gross revenue) over ``period``.

    Accounts whose first paid day falls before ``period`` are left out (they
    belong to earlier cohorts). Months come from ``period.split("month")``.

    Raises:
        CurrencyMismatch: mixed currencies.
        ValidationError: empty input and no ``currency``; more than 600 months.

    >>> import datetime as dt
    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.renewals import Subscription, cohort_retention
    >>> d, usd = dt.date, lambda x: Money(x, "USD")
    >>> book = [
    ...     Subscription("S-1", "A", usd(100), d(2025, 1, 10)),
    ...     Subscription("S-2", "B", usd(100), d(2025, 1, 20), d(2025, 2, 15)),
    ...     Subscription("S-3", "A", usd(50), d(2025, 3, 1)),
    ... ]
    >>> row = cohort_retention(book, Period(d(2025, 1, 1), d(2025, 3, 31))).rows[0]
    >>> row.customers, [str(m) for m in row.mrr]
    ((2, 1, 1), ['200.00 USD', '100.00 USD', '150.00 USD'])
    >>> row.logo_retention[0], row.revenue_retention[2], row.gross_retention[2]
    (Decimal('1'), Decimal('0.75'), Decimal('0.5'))
    """
    record = "cohort_retention()"
    check_type(period, Period, record=record, field="period", expected="a Period")
    months = period.split("month")
    if len(months) > _MAX_MONTHS:
        raise ValidationError.for_field(
            record, "period", period, f"a period of at most {_MAX_MONTHS} months"
        )
    items, code = read_subscriptions(subscriptions, record=record, currency=currency)
    ends = [m.end.toordinal() for m in months]
    first_day, last_day = months[0].start.toordinal(), ends[-1]
    n = len(months)
    size = [0] * n
    net: list[list[int]] = [[0] * (n + 1) for _ in range(n)]  # difference arrays by month end
    gross: list[list[int]] = [[0] * (n + 1) for _ in range(n)]
    logos: list[list[int]] = [[0] * (n + 1) for _ in range(n)]
    base = [0] * n
    for steps in account_changes(items).values():
        start = next(((day, value) for day, value in steps if value > 0), None)
        if start is None or not first_day <= start[0] <= last_day:
            continue
        row = bisect.bisect_left(ends, start[0])
        cap = start[1]
        size[row] += 1
        base[row] += cap
        before = 0
        at: list[tuple[int, int]] = []
        for day, value in steps:
            j = bisect.bisect_left(ends, day)
            if j >= n:
                break
            if at and at[-1][0] == j:
                at[-1] = (j, value)
            else:
                at.append((j, value))
        for j, value in at:
            if value == before:
                continue
            net[row][j] += value - before
            gross[row][j] += min(value, cap) - min(before, cap)
            logos[row][j] += (value > 0) - (before > 0)
            before = value
    rows = []
    for r in range(n):
        if size[r] == 0:
            continue
        customers, mrr, capped = [size[r]], [base[r]], [base[r]]
        totals = [0, 0, 0]
        for j in range(n):
            totals[0] += logos[r][j]
            totals[1] += net[r][j]
            totals[2] += gross[r][j]
            if j > r:
                customers.append(totals[0])
                mrr.append(totals[1])
                capped.append(totals[2])
        rows.append(
            CohortRow(
                months[r],
                tuple(customers),
                tuple(Money.from_minor_units(u, code) for u in mrr),
                tuple(Money.from_minor_units(u, code) for u in capped),
            )
        )
    return CohortTable(period, tuple(rows))
