"""Strategies for the renewals values: subscriptions, outcomes, conventions, movements."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from salesmgmt.money import Money
from salesmgmt.periods import Period
from salesmgmt.renewals import (
    Churned,
    CohortRow,
    CohortTable,
    Downgraded,
    MetricConventions,
    MrrMovements,
    RenewalOutcome,
    RenewalRate,
    Renewed,
    Subscription,
    Upgraded,
)
from salesmgmt.strategies._core import moneys, periods

__all__ = [
    "account_ids",
    "churneds",
    "cohort_rows",
    "cohort_tables",
    "downgradeds",
    "metric_conventions",
    "mrr_movements",
    "renewal_outcomes",
    "renewal_rates",
    "reneweds",
    "subscription_ids",
    "subscriptions",
    "upgradeds",
]

_LOW = dt.date(2000, 1, 1)
_HIGH = dt.date(2050, 12, 31)


def account_ids(*, max_accounts: int = 10) -> st.SearchStrategy[str]:
    """Account ids ``'A-0'`` … drawn from ``max_accounts`` distinct values (a small pool,
    so generated books have accounts with several subscriptions).

    >>> from hypothesis import find
    >>> find(account_ids(), lambda a: True)
    'A-0'
    """
    if max_accounts < 1:
        raise InvalidArgument(f"max_accounts must be at least 1, got {max_accounts!r}")
    return st.integers(0, max_accounts - 1).map(lambda i: f"A-{i}")


def subscription_ids() -> st.SearchStrategy[str]:
    """Subscription ids ``'S-0'``, ``'S-1'`` …

    >>> from hypothesis import find
    >>> find(subscription_ids(), lambda s: True)
    'S-0'
    """
    return st.integers(0, 10**6).map(lambda i: f"S-{i}")


@st.composite
def _subscriptions(
    draw: st.DrawFn,
    currencies: st.SearchStrategy[str],
    ids: st.SearchStrategy[str],
    accounts: st.SearchStrategy[str],
    min_value: dt.date,
    max_value: dt.date,
    max_mrr: int,
) -> Subscription:
    code = draw(currencies)
    mrr = draw(moneys(currencies=st.just(code), min_value=0, max_value=max_mrr))
    starts_on = draw(st.dates(min_value=min_value, max_value=max_value))
    ends_on = draw(st.none() | st.dates(min_value=starts_on, max_value=max_value))
    cancelled_on = draw(st.none() | st.dates(min_value=min_value, max_value=ends_on or max_value))
    return Subscription(
        draw(ids),
        draw(accounts),
        mrr,
        starts_on,
        ends_on,
        owner_id=draw(st.none() | st.just("R-1")),
        plan=draw(st.none() | st.sampled_from(["basic", "pro"])),
        billing_interval=draw(st.sampled_from(["month", "quarter", "year"])),
        auto_renew=draw(st.booleans()),
        cancelled_on=cancelled_on,
    )


def subscriptions(
    *,
    currencies: st.SearchStrategy[str] | None = None,
    ids: st.SearchStrategy[str] | None = None,
    accounts: st.SearchStrategy[str] | None = None,
    min_value: dt.date = _LOW,
    max_value: dt.date = _HIGH,
    max_mrr: int = 10**9,
) -> st.SearchStrategy[Subscription]:
    """Valid :class:`~salesmgmt.renewals.Subscription` values, shrinking towards an open
    ended USD subscription with zero MRR starting on ``min_value``.

    Args:
        currencies: strategy for the MRR's currency (default: USD only, so that a
            list of them is one book).
        ids: strategy for subscription ids.
        accounts: strategy for account ids.
        min_value: earliest start, end and notice date.
        max_value: latest start, end and notice date.
        max_mrr: largest MRR in major units.

    >>> from hypothesis import find
    >>> find(subscriptions(), lambda s: s.ends_on is not None).ends_on
    datetime.date(2000, 1, 1)
    """
    if min_value > max_value:
        raise InvalidArgument(f"Cannot have min_value={min_value!r} > max_value={max_value!r}")
    if max_mrr < 0:
        raise InvalidArgument(f"max_mrr must be at least 0, got {max_mrr!r}")
    return _subscriptions(
        currencies if currencies is not None else st.just("USD"),
        ids if ids is not None else subscription_ids(),
        accounts if accounts is not None else account_ids(),
        min_value,
        max_value,
        max_mrr,
    )


def _outcome(cls: Any, with_mrr: bool, **options: Any) -> st.SearchStrategy[Any]:
    ids = options.get("ids") or subscription_ids()
    days = st.dates(
        min_value=options.get("min_value", _LOW), max_value=options.get("max_value", _HIGH)
    )
    if not with_mrr:
        return st.builds(cls, ids, days)
    amounts = moneys(currencies=options.get("currencies") or st.just("USD"), min_value=0,
                     max_value=10**9)  # fmt: skip
    return st.builds(cls, ids, days, amounts)


def reneweds(
    *,
    ids: st.SearchStrategy[str] | None = None,
    currencies: st.SearchStrategy[str] | None = None,
    min_value: dt.date = _LOW,
    max_value: dt.date = _HIGH,
) -> st.SearchStrategy[Renewed]:
    """:class:`~salesmgmt.renewals.Renewed` outcomes.

    >>> from hypothesis import find
    >>> find(reneweds(), lambda r: True).subscription_id
    'S-0'
    """
    return _outcome(Renewed, True, ids=ids, currencies=currencies, min_value=min_value,
                    max_value=max_value)  # fmt: skip


def churneds(
    *,
    ids: st.SearchStrategy[str] | None = None,
    min_value: dt.date = _LOW,
    max_value: dt.date = _HIGH,
) -> st.SearchStrategy[Churned]:
    """:class:`~salesmgmt.renewals.Churned` outcomes.

    >>> from hypothesis import find
    >>> find(churneds(), lambda r: True).on
    datetime.date(2000, 1, 1)
    """
    return _outcome(Churned, False, ids=ids, min_value=min_value, max_value=max_value)


def downgradeds(
    *,
    ids: st.SearchStrategy[str] | None = None,
    currencies: st.SearchStrategy[str] | None = None,
    min_value: dt.date = _LOW,
    max_value: dt.date = _HIGH,
) -> st.SearchStrategy[Downgraded]:
    """:class:`~salesmgmt.renewals.Downgraded` outcomes.

    >>> from hypothesis import find
    >>> find(downgradeds(), lambda r: True).new_mrr
    Money('0.00', 'USD')
    """
    return _outcome(Downgraded, True, ids=ids, currencies=currencies, min_value=min_value,
                    max_value=max_value)  # fmt: skip


def upgradeds(
    *,
    ids: st.SearchStrategy[str] | None = None,
    currencies: st.SearchStrategy[str] | None = None,
    min_value: dt.date = _LOW,
    max_value: dt.date = _HIGH,
) -> st.SearchStrategy[Upgraded]:
    """:class:`~salesmgmt.renewals.Upgraded` outcomes.

    >>> from hypothesis import find
    >>> find(upgradeds(), lambda r: True).new_mrr
    Money('0.00', 'USD')
    """
    return _outcome(Upgraded, True, ids=ids, currencies=currencies, min_value=min_value,
                    max_value=max_value)  # fmt: skip


def renewal_outcomes(
    *,
    ids: st.SearchStrategy[str] | None = None,
    currencies: st.SearchStrategy[str] | None = None,
    min_value: dt.date = _LOW,
    max_value: dt.date = _HIGH,
) -> st.SearchStrategy[RenewalOutcome]:
    """Any renewal outcome, shrinking towards :class:`~salesmgmt.renewals.Churned`.

    >>> from hypothesis import find
    >>> type(find(renewal_outcomes(), lambda r: True)).__name__
    'Churned'
    """
    options: dict[str, Any] = {"ids": ids, "min_value": min_value, "max_value": max_value}
    return st.one_of(
        churneds(**options),
        reneweds(currencies=currencies, **options),
        downgradeds(currencies=currencies, **options),
        upgradeds(currencies=currencies, **options),
    )


def metric_conventions() -> st.SearchStrategy[MetricConventions]:
    """Any :class:`~salesmgmt.renewals.MetricConventions`, shrinking towards ChartMogul's.

    >>> from hypothesis import find
    >>> from salesmgmt.renewals import MetricConventions
    >>> find(metric_conventions(), lambda c: True) == MetricConventions.chartmogul()
    True
    """
    return st.builds(
        MetricConventions,
        nrr_includes_reactivation=st.booleans(),
        nrr_includes_contraction=st.booleans().map(lambda b: not b),
        quick_ratio_includes_reactivation=st.booleans().map(lambda b: not b),
        count_same_month_churn=st.booleans().map(lambda b: not b),
    )


@st.composite
def _mrr_movements(
    draw: st.DrawFn, currencies: st.SearchStrategy[str], max_units: int
) -> MrrMovements:
    code = draw(currencies)
    units = st.integers(0, max_units)
    start, new, expansion, reactivation = (draw(units) for _ in range(4))
    lost = draw(st.integers(0, start))
    churn = draw(st.integers(0, lost))
    contraction = lost - churn
    end = start + new + expansion + reactivation - lost
    counts = st.integers(0, 1000)
    customers_start, new_c, re_c = draw(counts), draw(counts), draw(counts)
    churned_c = draw(st.integers(0, customers_start))
    return MrrMovements(
        *(Money.from_minor_units(u, code)
          for u in (start, new, expansion, contraction, churn, reactivation, end)),
        customers_start=customers_start,
        customers_end=customers_start + new_c + re_c - churned_c,
        new_customers=new_c,
        reactivated_customers=re_c,
        churned_customers=churned_c,
        expanded_customers=draw(counts),
        contracted_customers=draw(counts),
        same_month_churned_customers=draw(counts),
    )  # fmt: skip


def mrr_movements(
    *, currencies: st.SearchStrategy[str] | None = None, max_units: int = 10**12
) -> st.SearchStrategy[MrrMovements]:
    """Reconciled :class:`~salesmgmt.renewals.MrrMovements` (amounts up to ``max_units``
    minor units), shrinking towards all zeros in USD.

    >>> from hypothesis import find
    >>> find(mrr_movements(), lambda m: True).end
    Money('0.00', 'USD')
    """
    if max_units < 0:
        raise InvalidArgument(f"max_units must be at least 0, got {max_units!r}")
    return _mrr_movements(currencies if currencies is not None else st.just("USD"), max_units)


@st.composite
def _renewal_rates(draw: st.DrawFn, currencies: st.SearchStrategy[str]) -> RenewalRate:
    code = draw(currencies)
    ids = draw(st.lists(subscription_ids(), unique=True, max_size=12))
    statuses = [draw(st.sampled_from(["renewed", "lost", "pending"])) for _ in ids]
    amounts = moneys(currencies=st.just(code), min_value=0, max_value=10**9)
    period = draw(periods(min_value=_LOW, max_value=_HIGH))
    as_of = draw(st.dates(min_value=_LOW, max_value=_HIGH))

    def pick(status: str) -> tuple[str, ...]:
        return tuple(sorted(i for i, s in zip(ids, statuses, strict=True) if s == status))

    return RenewalRate(
        period,
        as_of,
        *(draw(amounts) for _ in range(4)),
        renewed_ids=pick("renewed"),
        lost_ids=pick("lost"),
        pending_ids=pick("pending"),
    )


def renewal_rates(
    *, currencies: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[RenewalRate]:
    """Valid :class:`~salesmgmt.renewals.RenewalRate` results, shrinking towards an
    empty one (nothing due) in USD.

    >>> from hypothesis import find
    >>> find(renewal_rates(), lambda r: True).by_count is None
    True
    """
    return _renewal_rates(currencies if currencies is not None else st.just("USD"))


@st.composite
def _cohort_rows(
    draw: st.DrawFn, currencies: st.SearchStrategy[str], max_columns: int
) -> CohortRow:
    code = draw(currencies)
    columns = draw(st.integers(1, max_columns))
    size = draw(st.integers(0, 1000))
    customers = (size, *(draw(st.integers(0, size)) for _ in range(columns - 1)))
    units = st.integers(0, 10**12)
    base = draw(units)
    net = [base, *(draw(units) for _ in range(columns - 1))]
    gross = [base, *(draw(st.integers(0, min(base, n))) for n in net[1:])]
    year = draw(st.integers(2000, 2050))
    return CohortRow(
        Period.month(year, draw(st.integers(1, 12))),
        customers,
        tuple(Money.from_minor_units(u, code) for u in net),
        tuple(Money.from_minor_units(u, code) for u in gross),
    )


def cohort_rows(
    *, currencies: st.SearchStrategy[str] | None = None, max_columns: int = 12
) -> st.SearchStrategy[CohortRow]:
    """Valid :class:`~salesmgmt.renewals.CohortRow` values with 1 to ``max_columns``
    columns, shrinking towards an empty one-column cohort in USD.

    >>> from hypothesis import find
    >>> find(cohort_rows(), lambda r: True).customers
    (0,)
    """
    if max_columns < 1:
        raise InvalidArgument(f"max_columns must be at least 1, got {max_columns!r}")
    return _cohort_rows(currencies if currencies is not None else st.just("USD"), max_columns)


def cohort_tables(*, max_rows: int = 6) -> st.SearchStrategy[CohortTable]:
    """:class:`~salesmgmt.renewals.CohortTable` values (rows are not required to be
    consistent with the period; use :func:`~salesmgmt.renewals.cohort_retention`
    for that), shrinking towards an empty table.

    >>> from hypothesis import find
    >>> find(cohort_tables(), lambda t: True).rows
    ()
    """
    return st.builds(
        CohortTable,
        periods(min_value=_LOW, max_value=_HIGH),
        st.lists(cohort_rows(max_columns=4), max_size=max_rows).map(tuple),
    )
