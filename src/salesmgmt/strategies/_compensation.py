"""Strategies for compensation: tier tables, pay curves, plans, credits and statements."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from salesmgmt.compensation import (
    CREDIT_KINDS,
    CREDITING_DATES,
    CURVE_METHODS,
    DEAL_TYPES,
    DRAW_KINDS,
    METHODS,
    RULES,
    CommissionPlan,
    CommissionRate,
    CreditLine,
    CreditRules,
    DealRules,
    DealTerms,
    Draw,
    DrawLine,
    PayCurve,
    PayoutLine,
    PayoutStatement,
    QuotaBonus,
    Spiff,
    Split,
    WhatIf,
    apply_draw,
    payout,
)
from salesmgmt.money import Money
from salesmgmt.periods import Period

__all__ = [
    "commission_plans",
    "commission_rates",
    "credit_lines",
    "credit_rules",
    "deal_rules",
    "deal_terms",
    "draw_lines",
    "draws",
    "pay_curves",
    "payout_lines",
    "payout_statements",
    "quota_bonuses",
    "spiffs",
    "splits",
    "tier_tables",
    "what_ifs",
]

_IDS = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-", min_size=1, max_size=6)
_RATES = st.decimals(min_value=0, max_value=1, places=3)


def _check(name: str, low: int, high: int) -> None:
    if low < 1:
        raise InvalidArgument(f"min_{name} must be at least 1, got {low!r}")
    if low > high:
        raise InvalidArgument(f"Cannot have min_{name}={low!r} > max_{name}={high!r}")


@st.composite
def _tier_tables(
    draw: st.DrawFn, min_size: int, max_size: int, ascending: bool, rates: st.SearchStrategy[Any]
) -> tuple[tuple[Decimal | None, Decimal], ...]:
    steps = draw(
        st.lists(
            st.decimals(min_value="0.01", max_value=3, places=2),
            min_size=min_size - 1,
            max_size=max_size - 1,
        )
    )
    bounds: list[Decimal | None] = []
    level = Decimal(0)
    for step in steps:
        level += step
        bounds.append(level)
    bounds.append(None)
    drawn = [draw(rates) for _ in bounds]
    if ascending:
        drawn.sort()
    return tuple(zip(bounds, drawn, strict=True))


def tier_tables(
    *,
    min_size: int = 1,
    max_size: int = 5,
    ascending_rates: bool = False,
    rates: st.SearchStrategy[Decimal] | None = None,
) -> st.SearchStrategy[tuple[tuple[Decimal | None, Decimal], ...]]:
    """Valid tier tables: ascending attainment bounds (fractions up to ``3 × max_size``),
    the last bound ``None``, rates from ``rates`` (0 to 1 by default).

    >>> from hypothesis import find
    >>> find(tier_tables(), lambda table: True)
    ((None, Decimal('0.000')),)
    """
    _check("size", min_size, max_size)
    return _tier_tables(min_size, max_size, ascending_rates, rates or _RATES)


@st.composite
def _pay_curves(draw: st.DrawFn, max_size: int) -> PayCurve:
    size = draw(st.integers(1, max_size))
    xs = sorted(
        draw(
            st.sets(st.decimals(min_value=0, max_value=3, places=2), min_size=size, max_size=size)
        )
    )
    ys = sorted(
        draw(
            st.lists(st.decimals(min_value=0, max_value=3, places=2), min_size=size, max_size=size)
        )
    )
    method = draw(st.sampled_from(CURVE_METHODS))
    cap = draw(st.none() | st.decimals(min_value=ys[0], max_value=5, places=2))
    return PayCurve(tuple(zip(xs, ys, strict=True)), method, cap)  # type: ignore[arg-type] # drawn from CURVE_METHODS


def pay_curves(*, max_size: int = 5) -> st.SearchStrategy[PayCurve]:
    """:class:`~salesmgmt.compensation.PayCurve` values with up to ``max_size`` points.

    >>> from hypothesis import find
    >>> len(find(pay_curves(), lambda curve: True).points)
    1
    """
    _check("size", 1, max_size)
    return _pay_curves(max_size)


def commission_rates(
    *, tiers: st.SearchStrategy[Any] | None = None
) -> st.SearchStrategy[CommissionRate]:
    """:class:`~salesmgmt.compensation.CommissionRate` values by attainment or amount.

    Args:
        tiers: a strategy for the tier table (:func:`tier_tables` by default).

    >>> from hypothesis import find
    >>> find(commission_rates(), lambda rate: True).method
    'marginal'
    """
    return st.builds(
        CommissionRate,
        tiers if tiers is not None else tier_tables(),
        st.sampled_from(METHODS),
        st.sampled_from(("attainment", "amount")),
        st.none() | st.decimals(min_value=0, max_value=2, places=2),
    )


def quota_bonuses(
    *, currencies: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[QuotaBonus]:
    """:class:`~salesmgmt.compensation.QuotaBonus` values (targets up to 100,000).

    >>> from hypothesis import find
    >>> find(quota_bonuses(), lambda bonus: True).target_incentive
    Money('0.00', 'USD')
    """
    codes = currencies if currencies is not None else st.sampled_from(["USD", "EUR", "JPY"])
    return st.builds(
        QuotaBonus,
        st.builds(Money.of, st.integers(0, 100_000), codes),
        pay_curves(),
    )


@st.composite
def _plans(
    draw: st.DrawFn, currencies: st.SearchStrategy[str], rates: st.SearchStrategy[Any]
) -> CommissionPlan:
    code = draw(currencies)
    year = draw(st.integers(2000, 2040))
    bonus = draw(st.none() | quota_bonuses(currencies=st.just(code)))
    cap = draw(st.none() | st.builds(Money.of, st.integers(0, 10**6), st.just(code)))
    rate = draw(rates)
    # A minimum commission needs a flat rate without a gate (CommissionPlan checks).
    flat = len(rate.tiers) == 1 and rate.gate is None
    return CommissionPlan(
        draw(_IDS),
        Period.year(year),
        Money.of(draw(st.integers(1, 10**7)), code),
        rate,
        bonus,
        cap,
        deal_rules=draw(_deal_rules(st.just(code), minimums=flat)),
    )


def commission_plans(
    *,
    currencies: st.SearchStrategy[str] | None = None,
    rates: st.SearchStrategy[CommissionRate] | None = None,
) -> st.SearchStrategy[CommissionPlan]:
    """:class:`~salesmgmt.compensation.CommissionPlan` values for a calendar plan year.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, database=None)
    ... @given(commission_plans())
    ... def check(plan):
    ...     assert plan.cap is None or plan.cap.currency == plan.currency
    >>> check()
    """
    return _plans(
        currencies if currencies is not None else st.sampled_from(["USD", "EUR", "JPY"]),
        rates if rates is not None else commission_rates(),
    )


_NAMES = st.sampled_from(["SaaS", "Services", "SMB", "ENT"])


def deal_terms() -> st.SearchStrategy[DealTerms]:
    """:class:`~salesmgmt.compensation.DealTerms` values (all facts optional).

    >>> from hypothesis import find
    >>> find(deal_terms(), lambda terms: True)
    DealTerms(product=None, segment=None, deal_type=None, term_months=None)
    """
    return st.builds(
        DealTerms,
        st.none() | _NAMES,
        st.none() | _NAMES,
        st.none() | st.sampled_from(DEAL_TYPES),
        st.none() | st.integers(1, 60),
    )


@st.composite
def _deal_rules(
    draw: st.DrawFn, currencies: st.SearchStrategy[str], *, minimums: bool = True
) -> DealRules:
    factors = st.decimals(min_value=0, max_value=3, places=2)
    pairs = st.lists(st.tuples(_NAMES, factors), max_size=3, unique_by=lambda p: p[0])
    code = draw(currencies)
    amounts = st.builds(Money.of, st.integers(0, 10**6), st.just(code))
    minimum = draw(st.none() | amounts) if minimums else None
    return DealRules(
        draw(st.none() | st.integers(1, 60)),
        draw(pairs),
        draw(pairs),
        draw(st.none() | amounts),
        draw(st.lists(st.tuples(st.sampled_from(DEAL_TYPES), _RATES), unique_by=lambda p: p[0])),
        minimum_commission=minimum,
    )


def deal_rules(
    *, currencies: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[DealRules]:
    """:class:`~salesmgmt.compensation.DealRules` values (shrinking to no rules).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, database=None)
    ... @given(deal_rules())
    ... def check(rules):
    ...     assert rules.is_empty == (rules == type(rules)())
    >>> check()
    """
    return _deal_rules(currencies if currencies is not None else st.sampled_from(["USD", "EUR"]))


def splits() -> st.SearchStrategy[Split]:
    """Single :class:`~salesmgmt.compensation.Split` rows (not whole deals' split sets).

    >>> from hypothesis import find
    >>> find(splits(), lambda split: True).percent
    Decimal('0.01')
    """
    return st.builds(Split, _IDS, _IDS, st.decimals(min_value="0.01", max_value=100, places=2))


def credit_rules() -> st.SearchStrategy[CreditRules]:
    """:class:`~salesmgmt.compensation.CreditRules` values.

    >>> from hypothesis import find
    >>> find(credit_rules(), lambda rules: True).crediting_date
    'booking'
    """
    return st.builds(CreditRules, st.sampled_from(CREDITING_DATES), st.integers(0, 3) | st.none())


def credit_lines(
    *,
    rep_ids: st.SearchStrategy[str] | None = None,
    currencies: st.SearchStrategy[str] | None = None,
    min_value: dt.date = dt.date(2000, 1, 1),
    max_value: dt.date = dt.date(2040, 12, 31),
) -> st.SearchStrategy[CreditLine]:
    """:class:`~salesmgmt.compensation.CreditLine` values (amounts up to 10**7).

    >>> from hypothesis import find
    >>> find(credit_lines(), lambda line: True).kind
    'direct'
    """
    if min_value > max_value:
        raise InvalidArgument(f"Cannot have min_value={min_value!r} > max_value={max_value!r}")
    codes = currencies if currencies is not None else st.sampled_from(["USD", "EUR", "JPY"])
    return st.builds(
        CreditLine,
        rep_ids if rep_ids is not None else _IDS,
        _IDS,
        st.builds(Money.of, st.integers(-(10**7), 10**7), codes),
        st.dates(min_value=min_value, max_value=max_value),
        st.sampled_from(CREDIT_KINDS),
        product=st.none() | _NAMES,
        segment=st.none() | _NAMES,
        deal_type=st.none() | st.sampled_from(DEAL_TYPES),
        term_months=st.none() | st.integers(1, 60),
    )


def payout_lines() -> st.SearchStrategy[PayoutLine]:
    """:class:`~salesmgmt.compensation.PayoutLine` values.

    >>> from hypothesis import find
    >>> find(payout_lines(), lambda line: True).rule
    'commission'
    """
    return st.sampled_from(["USD", "EUR"]).flatmap(
        lambda code: st.builds(
            PayoutLine,
            st.sampled_from(RULES),
            st.builds(Money.of, st.integers(-(10**6), 10**6), st.just(code)),
            st.just("rate"),
            st.builds(Money.of, st.integers(-(10**6), 10**6), st.just(code)),
            st.just("A line."),
        )
    )


@st.composite
def _statements(draw: st.DrawFn) -> PayoutStatement:
    plan = draw(commission_plans())
    month = draw(st.integers(1, 12))
    period = Period.month(plan.year.start.year, month)
    lines = draw(
        st.lists(
            credit_lines(
                rep_ids=st.just("R-1"),
                currencies=st.just(plan.currency),
                min_value=plan.year.start,
                max_value=plan.year.end,
            ),
            max_size=5,
        )
    )
    return payout(plan, "R-1", period, lines, period.end)


def payout_statements() -> st.SearchStrategy[PayoutStatement]:
    """:class:`~salesmgmt.compensation.PayoutStatement` values made by :func:`payout`.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, database=None)
    ... @given(payout_statements())
    ... def check(statement):
    ...     assert statement.total.amount == sum(line.result.amount for line in statement.lines)
    >>> check()
    """
    return _statements()


@st.composite
def _what_ifs(draw: st.DrawFn) -> WhatIf:
    code = draw(st.sampled_from(["USD", "EUR"]))
    amounts = st.builds(Money.of, st.integers(0, 10**6), st.just(code))
    extra, now, gain = draw(amounts), draw(amounts), draw(amounts)
    return WhatIf(extra, now, now + gain, gain, "An answer.")


def what_ifs() -> st.SearchStrategy[WhatIf]:
    """:class:`~salesmgmt.compensation.WhatIf` values.

    >>> from hypothesis import find
    >>> find(what_ifs(), lambda w: True).extra_earnings
    Money('0.00', 'USD')
    """
    return _what_ifs()


def draws(*, currencies: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Draw]:
    """:class:`~salesmgmt.compensation.Draw` values of every kind (amounts up to 100,000).

    >>> from hypothesis import find
    >>> find(draws(), lambda draw: True).kind
    'non-recoverable guarantee'
    """
    codes = currencies if currencies is not None else st.sampled_from(["USD", "EUR", "JPY"])
    return st.builds(
        Draw,
        st.sampled_from(DRAW_KINDS),
        st.builds(Money.of, st.integers(0, 100_000), codes),
        st.none() | st.integers(0, 24),
    )


@st.composite
def _draw_lines(draw: st.DrawFn) -> DrawLine:
    policy = draw(draws(currencies=st.just("USD")))
    earned = draw(
        st.lists(st.builds(Money.of, st.integers(-1000, 200_000), st.just("USD")), min_size=1,
                 max_size=4)
    )  # fmt: skip
    return apply_draw(policy, earned)[-1]


def draw_lines() -> st.SearchStrategy[DrawLine]:
    """:class:`~salesmgmt.compensation.DrawLine` values made by :func:`apply_draw`.

    >>> from hypothesis import find
    >>> find(draw_lines(), lambda line: True).index
    0
    """
    return _draw_lines()


@st.composite
def _spiffs(draw: st.DrawFn, currencies: st.SearchStrategy[str]) -> Spiff:
    code = draw(currencies)
    minimum = draw(st.none() | st.builds(Money.of, st.integers(0, 10**6), st.just(code)))
    return Spiff(
        draw(_IDS),
        draw(st.integers(2000, 2040).map(Period.year)),
        Money.of(draw(st.integers(0, 10_000)), code),
        minimum,
    )


def spiffs(*, currencies: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Spiff]:
    """:class:`~salesmgmt.compensation.Spiff` values with a one-year window.

    >>> from hypothesis import find
    >>> find(spiffs(), lambda spiff: True).amount
    Money('0.00', 'USD')
    """
    return _spiffs(
        currencies if currencies is not None else st.sampled_from(["USD", "EUR", "JPY"])
    )
