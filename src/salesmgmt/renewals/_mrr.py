"""MRR on a date, monthly MRR movements and the ratios built from them.

The engine reads the subscriptions once, sorts each account's change points
(a subscription adds its MRR on ``starts_on`` and removes it the day after
``ends_on``) and maps every change point to the first month boundary on or
after it with a binary search. An account's MRR at the boundaries therefore
costs O(its changes × log months), never O(accounts × months): movements for 36
months are one O(n log n) pass. All sums are integer minor units (the tally);
:class:`MrrMovements` is the finalised, mergeable result.

Catalogue: ``docs/metrics/renewals.md``.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

import attrs

from salesmgmt._checks import check_date, check_int, check_type
from salesmgmt._decimal import RATIO
from salesmgmt.errors import CurrencyMismatch, ValidationError
from salesmgmt.money import Money, minor_units, scale
from salesmgmt.periods import Period
from salesmgmt.renewals._subscriptions import (
    MetricConventions,
    Subscription,
    account_changes,
    read_subscriptions,
)

__all__ = [
    "MrrMovements",
    "arpa",
    "arr_at",
    "customer_churn_rate",
    "gross_revenue_retention",
    "ltv",
    "merge_movements",
    "monthly_movements",
    "mrr_at",
    "mrr_movements",
    "net_mrr_churn_rate",
    "net_revenue_retention",
    "quick_ratio",
    "revenue_churn_rate",
]

_CHARTMOGUL: Final = MetricConventions()
_MAX_MONTHS: Final = 12 * 200


# -- result ----------------------------------------------------------------------------------


def _money(instance: Any, attribute: Any, value: Any) -> None:
    money = check_type(
        value, Money, record="MrrMovements", field=attribute.name, expected="a Money"
    )
    if money.amount < 0:
        raise ValidationError.for_field(
            "MrrMovements",
            attribute.name,
            value,
            "a Money of at least zero (contraction and churn are positive amounts)",
        )


def _count(instance: Any, attribute: Any, value: Any) -> None:
    check_int(value, record="MrrMovements", field=attribute.name, min_value=0)


def _period(instance: Any, attribute: Any, value: Any) -> None:
    if value is not None:
        check_type(value, Period, record="MrrMovements", field="period")


_MONEY_FIELDS: Final = ("start", "new", "expansion", "contraction", "churn", "reactivation", "end")
_COUNT_FIELDS: Final = (
    "customers_start",
    "customers_end",
    "new_customers",
    "reactivated_customers",
    "churned_customers",
    "expanded_customers",
    "contracted_customers",
    "same_month_churned_customers",
)


@attrs.frozen
class MrrMovements:
    """MRR at the start and end of a period and the five movements between them.

    Movements are classified PER ACCOUNT between its MRR on the day before the
    period starts and on the period's last day: ``new`` (no MRR before, first
    MRR ever), ``reactivation`` (no MRR at the start, but MRR at some earlier
    time), ``churn`` (MRR at the start, none at the end), ``expansion`` and
    ``contraction`` (a continuing account's MRR went up or down). Contraction
    and churn are positive amounts, and ``start + new + expansion +
    reactivation − contraction − churn == end`` always holds (the constructor
    checks it). This is ChartMogul's *net* movement view: an account that
    upgrades and then downgrades within the month shows only its net change,
    where an event-level log would show both.

    The integer ``*_customers`` counts are the logo side; all fields add up
    across disjoint sets of accounts (:func:`merge_movements`).
    ``same_month_churned_customers`` counts accounts that started paying and
    stopped inside the period (no MRR on either boundary).

    Raises:
        ValidationError: a negative amount or count, mixed currencies, movements
            that do not reconcile, or churn plus contraction above ``start``.

    >>> from salesmgmt import Money
    >>> from salesmgmt.renewals import MrrMovements
    >>> usd = lambda x: Money(x, "USD")
    >>> m = MrrMovements(usd(1000), usd(200), usd(50), usd(30), usd(100), usd(0), usd(1120))
    >>> m.end
    Money('1120.00', 'USD')
    >>> MrrMovements(usd(1000), usd(0), usd(0), usd(0), usd(100), usd(0), usd(1000))
    Traceback (most recent call last):
      ...
    salesmgmt.errors.ValidationError: MrrMovements: 'end' must be start + new + expansion +
    reactivation - contraction - churn = Money('900.00', 'USD') (got Money('1000.00', 'USD'))
    """

    start: Money = attrs.field(validator=_money)
    new: Money = attrs.field(validator=_money)
    expansion: Money = attrs.field(validator=_money)
    contraction: Money = attrs.field(validator=_money)
    churn: Money = attrs.field(validator=_money)
    reactivation: Money = attrs.field(validator=_money)
    end: Money = attrs.field(validator=_money)
    period: Period | None = attrs.field(default=None, kw_only=True, validator=_period)
    customers_start: int = attrs.field(default=0, kw_only=True, validator=_count)
    customers_end: int = attrs.field(default=0, kw_only=True, validator=_count)
    new_customers: int = attrs.field(default=0, kw_only=True, validator=_count)
    reactivated_customers: int = attrs.field(default=0, kw_only=True, validator=_count)
    churned_customers: int = attrs.field(default=0, kw_only=True, validator=_count)
    expanded_customers: int = attrs.field(default=0, kw_only=True, validator=_count)
    contracted_customers: int = attrs.field(default=0, kw_only=True, validator=_count)
    same_month_churned_customers: int = attrs.field(default=0, kw_only=True, validator=_count)

    def __attrs_post_init__(self) -> None:
        record = "MrrMovements"
        code = self.start.currency
        for name in _MONEY_FIELDS:
            other = getattr(self, name).currency
            if other != code:
                raise CurrencyMismatch.between(code, other, record=f"{record} ({name})")
        expected = (
            self.start + self.new + self.expansion + self.reactivation
            - self.contraction - self.churn
        )  # fmt: skip
        if expected != self.end:
            raise ValidationError.for_field(
                record,
                "end",
                self.end,
                f"start + new + expansion + reactivation - contraction - churn = {expected!r}",
            )
        if self.churn + self.contraction > self.start:
            raise ValidationError.for_field(
                record,
                "churn",
                self.churn,
                f"at most start - contraction = {self.start - self.contraction!r}"
                " (an account cannot lose more MRR than it had)",
            )
        counted = (
            self.customers_start + self.new_customers + self.reactivated_customers
            - self.churned_customers
        )  # fmt: skip
        if counted != self.customers_end:
            raise ValidationError.for_field(
                record,
                "customers_end",
                self.customers_end,
                "customers_start + new_customers + reactivated_customers"
                f" - churned_customers = {counted}",
            )


def merge_movements(first: MrrMovements, second: MrrMovements) -> MrrMovements:
    """The movements of two DISJOINT sets of accounts over the same period, added.

    ``merge_movements(mrr_movements(a, p), mrr_movements(b, p)) ==
    mrr_movements(a + b, p)`` when no account appears in both ``a`` and ``b``
    (an account split across partitions would be classified twice).

    Raises:
        ValidationError: the periods differ.
        CurrencyMismatch: the currencies differ.

    >>> from salesmgmt import Money
    >>> from salesmgmt.renewals import MrrMovements, merge_movements
    >>> usd = lambda x: Money(x, "USD")
    >>> a = MrrMovements(usd(100), usd(0), usd(0), usd(0), usd(100), usd(0), usd(0),
    ...                  customers_start=1, churned_customers=1)
    >>> b = MrrMovements(usd(0), usd(40), usd(0), usd(0), usd(0), usd(0), usd(40),
    ...                  customers_end=1, new_customers=1)
    >>> m = merge_movements(a, b)
    >>> m.end, m.customers_start, m.customers_end
    (Money('40.00', 'USD'), 1, 1)
    """
    record = "merge_movements()"
    check_type(first, MrrMovements, record=record, field="first", expected="an MrrMovements")
    check_type(second, MrrMovements, record=record, field="second", expected="an MrrMovements")
    if first.period != second.period:
        raise ValidationError.for_field(
            record, "second.period", second.period, f"the same period as first ({first.period!r})"
        )
    if first.start.currency != second.start.currency:
        raise CurrencyMismatch.between(first.start.currency, second.start.currency, record=record)
    money = [getattr(first, n) + getattr(second, n) for n in _MONEY_FIELDS]
    counts = {n: getattr(first, n) + getattr(second, n) for n in _COUNT_FIELDS}
    return MrrMovements(*money, period=first.period, **counts)


# -- MRR on a day ----------------------------------------------------------------------------


def mrr_at(
    subscriptions: Iterable[Subscription], day: dt.date, *, currency: str | None = None
) -> Money:
    """Total MRR of the subscriptions in service on ``day``.

    A subscription counts from ``starts_on`` through ``ends_on`` inclusive (its
    last day of service). All subscriptions must share one currency; convert
    first with :func:`~salesmgmt.convert` otherwise.

    Args:
        subscriptions: any iterable of :class:`Subscription`.
        day: the date.
        currency: the currency of the zero returned for an empty book.

    Raises:
        CurrencyMismatch: the subscriptions (or ``currency``) disagree.
        ValidationError: empty input and no ``currency``.

    >>> import datetime as dt
    >>> from salesmgmt import Money
    >>> from salesmgmt.renewals import Subscription, mrr_at
    >>> s = Subscription("S-1", "A-1", Money(100, "USD"), dt.date(2025, 1, 1),
    ...                  dt.date(2025, 1, 31))
    >>> mrr_at([s], dt.date(2025, 1, 31)), mrr_at([s], dt.date(2025, 2, 1))
    (Money('100.00', 'USD'), Money('0.00', 'USD'))
    >>> mrr_at([], dt.date(2025, 1, 1), currency="EUR")
    Money('0.00', 'EUR')
    """
    record = "mrr_at()"
    day = check_date(day, record=record, field="day")
    items, code = read_subscriptions(subscriptions, record=record, currency=currency)
    k = minor_units(code)
    units = sum(
        int(s.mrr.amount.scaleb(k))
        for s in items
        if s.starts_on <= day and (s.ends_on is None or day <= s.ends_on)
    )
    return Money.from_minor_units(units, code)


def arr_at(
    subscriptions: Iterable[Subscription], day: dt.date, *, currency: str | None = None
) -> Money:
    """Annual run rate on ``day``: twelve times :func:`mrr_at`.

    >>> import datetime as dt
    >>> from salesmgmt import Money
    >>> from salesmgmt.renewals import Subscription, arr_at
    >>> s = Subscription("S-1", "A-1", Money("99.99", "USD"), dt.date(2025, 1, 1))
    >>> arr_at([s], dt.date(2025, 6, 1))
    Money('1199.88', 'USD')
    """
    return mrr_at(subscriptions, day, currency=currency) * 12


# -- movements -------------------------------------------------------------------------------


def _boundaries(months: Sequence[Period]) -> list[int]:
    return [months[0].start.toordinal() - 1, *(m.end.toordinal() for m in months)]


def _tally(
    changes: dict[str, list[tuple[int, int]]], bounds: list[int]
) -> tuple[list[list[int]], list[list[int]]]:
    """Integer tallies per period: money ``[start, new, expansion, contraction, churn,
    reactivation, end]`` and counts in :data:`_COUNT_FIELDS` order."""
    n = len(bounds) - 1
    level = [0] * (n + 1)  # MRR total change at each boundary
    logos = [0] * (n + 1)
    money = [[0] * 7 for _ in range(n)]
    counts = [[0] * 8 for _ in range(n)]
    for steps in changes.values():
        first_paid = next((day for day, value in steps if value > 0), None)
        at: list[tuple[int, int]] = []  # (boundary index, value there), sparse
        run_start: int | None = None
        blip_months: set[int] = set()
        previous = 0
        for day, value in steps:
            j = bisect.bisect_left(bounds, day)
            if value > 0 and previous == 0:
                run_start = day
            elif value == 0 and previous > 0 and run_start is not None:
                i = bisect.bisect_left(bounds, run_start)
                if i == j and 1 <= j <= n:
                    blip_months.add(j - 1)
            previous = value
            if j > n:
                continue
            if at and at[-1][0] == j:
                at[-1] = (j, value)
            else:
                at.append((j, value))
        if blip_months:
            marks = [j for j, _ in at]
            for month in blip_months:  # no MRR on either boundary of the month
                both = (bisect.bisect_right(marks, month), bisect.bisect_right(marks, month + 1))
                if all(i == 0 or at[i - 1][1] == 0 for i in both):
                    counts[month][7] += 1
        before = 0
        for j, value in at:
            if value == before:
                continue
            level[j] += value - before
            logos[j] += (value > 0) - (before > 0)
            if j >= 1:
                row, logo = money[j - 1], counts[j - 1]
                if before == 0:
                    if first_paid is not None and first_paid <= bounds[j - 1]:
                        row[5] += value
                        logo[3] += 1
                    else:
                        row[1] += value
                        logo[2] += 1
                elif value == 0:
                    row[4] += before
                    logo[4] += 1
                elif value > before:
                    row[2] += value - before
                    logo[5] += 1
                else:
                    row[3] += before - value
                    logo[6] += 1
            before = value
    total = customers = 0
    for j in range(n + 1):
        total += level[j]
        customers += logos[j]
        if j < n:
            money[j][0] = total
            counts[j][0] = customers
        if j >= 1:
            money[j - 1][6] = total
            counts[j - 1][1] = customers
    return money, counts


def _counts(values: Sequence[int]) -> dict[str, Any]:
    return dict(zip(_COUNT_FIELDS, values, strict=True))


def _finalise(
    money: list[list[int]], counts: list[list[int]], months: Sequence[Period], code: str
) -> tuple[MrrMovements, ...]:
    return tuple(
        MrrMovements(
            *(Money.from_minor_units(units, code) for units in row),
            period=period,
            **_counts(logo),
        )
        for row, logo, period in zip(money, counts, months, strict=True)
    )


def mrr_movements(
    subscriptions: Iterable[Subscription], month: Period, *, currency: str | None = None
) -> MrrMovements:
    """The MRR movements of ``month``, classified per account (see :class:`MrrMovements`).

    ``month`` is usually a calendar month (``Period.month(2025, 3)``), but any
    period works: the start boundary is the day before ``month.start`` and the
    end boundary is ``month.end``.

    Args:
        subscriptions: any iterable of :class:`Subscription`, in any order.
        month: the period.
        currency: the currency of the zeros returned for an empty book.

    Raises:
        CurrencyMismatch: the subscriptions are in more than one currency.
        ValidationError: empty input and no ``currency``.

    >>> import datetime as dt
    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.renewals import Subscription, mrr_movements
    >>> d, usd = dt.date, lambda x: Money(x, "USD")
    >>> book = [
    ...     Subscription("S-1", "A", usd(100), d(2025, 1, 1), d(2025, 2, 14)),  # churns in Feb
    ...     Subscription("S-2", "B", usd(50), d(2025, 1, 1)),
    ...     Subscription("S-3", "B", usd(20), d(2025, 2, 10)),  # B expands
    ...     Subscription("S-4", "C", usd(70), d(2025, 2, 3)),  # new
    ... ]
    >>> m = mrr_movements(book, Period.month(2025, 2))
    >>> m.start, m.new, m.expansion, m.churn, m.end
    (Money('150.00', 'USD'), Money('70.00', 'USD'), Money('20.00', 'USD'), Money('100.00', 'USD'), Money('140.00', 'USD'))
    >>> mrr_movements([], Period.month(2025, 2), currency="USD").start
    Money('0.00', 'USD')
    """  # noqa: E501
    record = "mrr_movements()"
    check_type(month, Period, record=record, field="month", expected="a Period")
    items, code = read_subscriptions(subscriptions, record=record, currency=currency)
    months = (month,)
    money, counts = _tally(account_changes(items), _boundaries(months))
    return _finalise(money, counts, months, code)[0]


def monthly_movements(
    subscriptions: Iterable[Subscription], period: Period, *, currency: str | None = None
) -> tuple[MrrMovements, ...]:
    """:func:`mrr_movements` for every calendar month touching ``period``, in one pass.

    The months come from ``period.split("month")`` (a period that starts or ends
    mid-month gives partial first and last months). Each month's ``end`` equals
    the next month's ``start``. O(n log n) in the number of subscriptions,
    whatever the number of months (at most 2,400).

    >>> import datetime as dt
    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.renewals import Subscription, monthly_movements
    >>> s = Subscription("S-1", "A", Money(10, "EUR"), dt.date(2025, 1, 5), dt.date(2025, 2, 9))
    >>> t = Subscription("S-2", "A", Money(12, "EUR"), dt.date(2025, 4, 1))
    >>> [(str(m.period), str(m.new), str(m.churn), str(m.reactivation))
    ...  for m in monthly_movements([s, t], Period(dt.date(2025, 1, 1), dt.date(2025, 4, 30)))]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('2025-01', '10.00 EUR', '0.00 EUR', '0.00 EUR'),
     ('2025-02', '0.00 EUR', '10.00 EUR', '0.00 EUR'),
     ('2025-03', '0.00 EUR', '0.00 EUR', '0.00 EUR'),
     ('2025-04', '0.00 EUR', '0.00 EUR', '12.00 EUR')]
    """
    record = "monthly_movements()"
    check_type(period, Period, record=record, field="period", expected="a Period")
    months = period.split("month")
    if len(months) > _MAX_MONTHS:
        raise ValidationError.for_field(
            record, "period", period, f"a period of at most {_MAX_MONTHS} months"
        )
    items, code = read_subscriptions(subscriptions, record=record, currency=currency)
    money, counts = _tally(account_changes(items), _boundaries(months))
    return _finalise(money, counts, months, code)


# -- ratios ----------------------------------------------------------------------------------


def _movements(value: object, record: str) -> MrrMovements:
    return check_type(value, MrrMovements, record=record, field="m", expected="an MrrMovements")


def _conventions(value: object, record: str) -> MetricConventions:
    return check_type(
        value,
        MetricConventions,
        record=record,
        field="conventions",
        expected="a MetricConventions",
    )


def _ratio(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    if denominator.is_zero():
        return None
    result = RATIO.divide(numerator, denominator)
    return Decimal(0) if result.is_zero() else result


def gross_revenue_retention(m: MrrMovements) -> Decimal | None:
    """GRR = (start − churn − contraction) ÷ start; ``None`` when start is zero.

    Always between 0 and 1: expansion, new and reactivation never raise it.

    >>> from salesmgmt import Money
    >>> from salesmgmt.renewals import MrrMovements, gross_revenue_retention
    >>> usd = lambda x: Money(x, "USD")
    >>> m = MrrMovements(usd(1000), usd(200), usd(50), usd(30), usd(100), usd(0), usd(1120))
    >>> gross_revenue_retention(m)
    Decimal('0.87')
    >>> gross_revenue_retention(MrrMovements(*[usd(0)] * 7)) is None
    True
    """
    m = _movements(m, "gross_revenue_retention()")
    s = m.start.amount
    return _ratio(s - m.churn.amount - m.contraction.amount, s)


def net_revenue_retention(
    m: MrrMovements, *, conventions: MetricConventions = _CHARTMOGUL
) -> Decimal | None:
    """NRR = (start + expansion − contraction − churn) ÷ start (ChartMogul's period form).

    New business never counts; reactivation counts only with
    ``conventions.nrr_includes_reactivation`` and contraction is subtracted only
    with ``conventions.nrr_includes_contraction`` (Baremetrics leaves it out).
    ``None`` when start is zero.

    >>> from salesmgmt import Money
    >>> from salesmgmt.renewals import MetricConventions, MrrMovements, net_revenue_retention
    >>> usd = lambda x: Money(x, "USD")
    >>> m = MrrMovements(usd(1000), usd(200), usd(50), usd(30), usd(100), usd(0), usd(1120))
    >>> net_revenue_retention(m)
    Decimal('0.92')
    >>> net_revenue_retention(m, conventions=MetricConventions.baremetrics())
    Decimal('0.95')
    """
    record = "net_revenue_retention()"
    m = _movements(m, record)
    c = _conventions(conventions, record)
    s = m.start.amount
    kept = s + m.expansion.amount - m.churn.amount
    if c.nrr_includes_contraction:
        kept -= m.contraction.amount
    if c.nrr_includes_reactivation:
        kept += m.reactivation.amount
    return _ratio(kept, s)


def revenue_churn_rate(m: MrrMovements) -> Decimal | None:
    """Gross MRR churn rate = (churn + contraction) ÷ start, i.e. 1 − GRR; ``None``
    when start is zero.

    >>> from salesmgmt import Money
    >>> from salesmgmt.renewals import MrrMovements, revenue_churn_rate
    >>> usd = lambda x: Money(x, "USD")
    >>> revenue_churn_rate(
    ...     MrrMovements(usd(1000), usd(0), usd(0), usd(30), usd(100), usd(0), usd(870)))
    Decimal('0.13')
    """
    m = _movements(m, "revenue_churn_rate()")
    return _ratio(m.churn.amount + m.contraction.amount, m.start.amount)


def net_mrr_churn_rate(m: MrrMovements) -> Decimal | None:
    """Net MRR churn rate = (churn + contraction − expansion − reactivation) ÷ start
    (ChartMogul's standard B2B formula); negative when gains outweigh losses;
    ``None`` when start is zero.

    ChartMogul's published example: 100 USD at the start, 10 churn, 10
    contraction, 10 expansion gives 10 %.

    >>> from salesmgmt import Money
    >>> from salesmgmt.renewals import MrrMovements, net_mrr_churn_rate
    >>> usd = lambda x: Money(x, "USD")
    >>> net_mrr_churn_rate(
    ...     MrrMovements(usd(100), usd(0), usd(10), usd(10), usd(10), usd(0), usd(90)))
    Decimal('0.1')
    """
    m = _movements(m, "net_mrr_churn_rate()")
    lost = m.churn.amount + m.contraction.amount
    return _ratio(lost - m.expansion.amount - m.reactivation.amount, m.start.amount)


def quick_ratio(
    m: MrrMovements, *, conventions: MetricConventions = _CHARTMOGUL
) -> Decimal | None:
    """Quick ratio = (new + expansion + reactivation) ÷ (churn + contraction).

    Reactivation is left out of the numerator when
    ``conventions.quick_ratio_includes_reactivation`` is ``False`` (Baremetrics).
    ``None`` when nothing was lost (the denominator is zero).

    >>> from salesmgmt import Money
    >>> from salesmgmt.renewals import MrrMovements, quick_ratio
    >>> usd = lambda x: Money(x, "USD")
    >>> quick_ratio(MrrMovements(usd(1000), usd(200), usd(50), usd(30), usd(100), usd(10),
    ...                          usd(1130)))
    Decimal('2')
    >>> nothing_lost = MrrMovements(usd(0), usd(200), *[usd(0)] * 4, usd(200))
    >>> quick_ratio(nothing_lost) is None
    True
    """
    record = "quick_ratio()"
    m = _movements(m, record)
    c = _conventions(conventions, record)
    gained = m.new.amount + m.expansion.amount
    if c.quick_ratio_includes_reactivation:
        gained += m.reactivation.amount
    return _ratio(gained, m.churn.amount + m.contraction.amount)


def customer_churn_rate(
    m: MrrMovements, *, conventions: MetricConventions = _CHARTMOGUL
) -> Decimal | None:
    """Customer (logo) churn rate = churned customers ÷ customers at the start.

    With ``conventions.count_same_month_churn`` (ChartMogul, Baremetrics) the
    customers who started and stopped paying inside the period count as churned
    too (so the rate can exceed 1 in a tiny book); ProfitWell ignores them.
    ``None`` when there were no customers at the start.

    >>> from salesmgmt import Money
    >>> from salesmgmt.renewals import MetricConventions, MrrMovements, customer_churn_rate
    >>> usd = lambda x: Money(x, "USD")
    >>> m = MrrMovements(usd(500), usd(0), usd(0), usd(0), usd(100), usd(0), usd(400),
    ...                  customers_start=10, customers_end=9, churned_customers=1,
    ...                  same_month_churned_customers=1)
    >>> customer_churn_rate(m), customer_churn_rate(m, conventions=MetricConventions.profitwell())
    (Decimal('0.2'), Decimal('0.1'))
    """
    record = "customer_churn_rate()"
    m = _movements(m, record)
    c = _conventions(conventions, record)
    lost = m.churned_customers
    if c.count_same_month_churn:
        lost += m.same_month_churned_customers
    return _ratio(Decimal(lost), Decimal(m.customers_start))


def arpa(m: MrrMovements) -> Money | None:
    """Average revenue per account at the end of the period: end MRR ÷ paying
    customers, rounded half-up to minor units; ``None`` with no customers.

    >>> from salesmgmt import Money
    >>> from salesmgmt.renewals import MrrMovements, arpa
    >>> usd = lambda x: Money(x, "USD")
    >>> arpa(MrrMovements(usd(0), usd(100), usd(0), usd(0), usd(0), usd(0), usd(100),
    ...                   customers_end=3, new_customers=3))
    Money('33.33', 'USD')
    """
    m = _movements(m, "arpa()")
    if m.customers_end == 0:
        return None
    return scale(m.end, Fraction(1, m.customers_end))


def ltv(m: MrrMovements, *, conventions: MetricConventions = _CHARTMOGUL) -> Money | None:
    """Simple lifetime value = ARPA ÷ customer churn rate (ChartMogul's LTV).

    Computed exactly and rounded once (half-up). ``None`` when ARPA or the churn
    rate is undefined, or the churn rate is zero (no churn: unbounded lifetime).

    >>> from salesmgmt import Money
    >>> from salesmgmt.renewals import MrrMovements, ltv
    >>> usd = lambda x: Money(x, "USD")
    >>> m = MrrMovements(usd(1000), usd(0), usd(0), usd(0), usd(100), usd(0), usd(900),
    ...                  customers_start=10, customers_end=9, churned_customers=1)
    >>> ltv(m)  # ARPA 100, churn 10 %
    Money('1000.00', 'USD')
    """
    record = "ltv()"
    m = _movements(m, record)
    c = _conventions(conventions, record)
    lost = m.churned_customers + (
        m.same_month_churned_customers if c.count_same_month_churn else 0
    )
    if m.customers_end == 0 or m.customers_start == 0 or lost == 0:
        return None
    return scale(m.end, Fraction(m.customers_start, m.customers_end * lost))
