"""Deal commissions and clawbacks: what each deal paid, and what is taken back.

A deal's commission is its **increment** on the plan's year-to-date commission
curve, in crediting order: with credits sorted by date (then deal id), the line
credited when *Y* was already credited is paid *C(Y + x) − C(Y)*, where *C*
applies the plan's per-deal rules exactly as :func:`~salesmgmt.compensation.payout`
does. These increments add up to the year-to-date commission exactly, so taking
one back reverses exactly what that deal paid, at the rate it was paid (Xactly's
rule: "the clawback uses the rate of the original commission",
helpcenter.xactlycorp.com/article/incent-administrator-plan-design-commission-clawback).

A deal topped up to the plan's minimum commission is clawed back **at the
calculation rate**, not by the minimum it was paid, as Xactly documents: a
$100 credit at 5 % calculates $5, the minimum of $10 is paid, and the clawback
takes back $5 of the $10. On a statement, a reversing credit line does the
same: the minimum is measured on the deal's positive credit, so the top-up stays.

Quota bonuses and caps are not attributed to deals and are not clawed back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from fractions import Fraction

from salesmgmt._checks import check_date, check_int, check_str, check_type, iter_chunks
from salesmgmt.compensation._credit import CreditLine
from salesmgmt.compensation._deals import Compiled, DealTally, deal_parts, tally
from salesmgmt.compensation._payout import _context, _rep_id
from salesmgmt.compensation._plan import CommissionPlan
from salesmgmt.compensation._tiers import round_half_up
from salesmgmt.errors import CurrencyMismatch, UnknownReference
from salesmgmt.money import Money
from salesmgmt.org import Rep
from salesmgmt.periods import Period

__all__ = ["clawback", "deal_commissions"]


def _sort_key(line: CreditLine) -> tuple[dt.date, str, str, int]:
    return (line.credited_on, line.opportunity_id, line.kind, line.amount.to_minor_units())


def _attribute(
    plan: CommissionPlan,
    rep: Rep | str,
    credits: Iterable[CreditLine],
    effective: Period | None,
    record: str,
) -> tuple[CommissionPlan, dict[str, tuple[int, int]]]:
    """Deal id → (paid, paid at the calculation rate), in minor units, in crediting order."""
    plan = check_type(plan, CommissionPlan, record=record, field="plan")
    record = f"{record} of CommissionPlan {plan.plan_id!r}"
    rep_id, rep_value = _rep_id(rep, record)
    context = _context(plan, rep_value, record, effective)
    window = context.window
    own: list[CreditLine] = []
    for chunk in iter_chunks(credits, record=record, field="credits"):
        for line in chunk:
            check_type(line, CreditLine, record=record, field="credits[]")
            if line.rep_id != rep_id or not window.contains(line.credited_on):
                continue
            if line.amount.currency != plan.currency:
                raise CurrencyMismatch.between(plan.currency, line.amount.currency, record=record)
            own.append(line)
    own.sort(key=_sort_key)
    compiled = Compiled(plan.deal_rules, context.flat)
    deals: dict[str, DealTally] = {}
    parts: dict[str, tuple[int, Fraction, Fraction]] = {}
    nothing = (0, Fraction(0), Fraction(0))
    table, outside, topups = 0, Fraction(0), Fraction(0)
    calculated = paid = context.commission(0)
    out: dict[str, tuple[int, int]] = {}
    for line in own:
        deal = tally(deals, line, line.amount.to_minor_units(), False, record)
        old = parts.get(line.opportunity_id, nothing)
        new = parts[line.opportunity_id] = deal_parts(compiled, deal.facts, deal.ytd, deal.gross)
        table += new[0] - old[0]
        outside += new[1] - old[1]
        topups += new[2] - old[2]
        calculated_now = context.commission(table) + round_half_up(outside)
        paid_now = calculated_now + round_half_up(topups)
        before_paid, before_calculated = out.get(line.opportunity_id, (0, 0))
        out[line.opportunity_id] = (
            before_paid + paid_now - paid,
            before_calculated + calculated_now - calculated,
        )
        paid, calculated = paid_now, calculated_now
    return plan, out


def deal_commissions(
    plan: CommissionPlan,
    rep: Rep | str,
    credits: Iterable[CreditLine],
    *,
    effective: Period | None = None,
) -> tuple[tuple[str, Money], ...]:
    """The commission each deal paid ``rep`` under ``plan`` in the plan year, by deal id.

    Each credit line is paid its increment on the year-to-date commission in
    crediting order (date, then deal id), per-deal rules and a minimum's
    top-up included; a deal's lines are added up. The amounts sum exactly to
    the statement's commission lines for the plan year (commission, per-deal
    rules and true-ups; not the bonus or the cap). Lines of other reps or
    outside the plan year (or ``effective``, as for
    :func:`~salesmgmt.compensation.payout`) are skipped; another currency is
    a ``CurrencyMismatch``.

    >>> import datetime as dt
    >>> from decimal import Decimal as D
    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.compensation import CommissionPlan, CommissionRate, CreditLine
    >>> plan = CommissionPlan("AE", Period.year(2025), Money.of(100_000, "USD"),
    ...     CommissionRate([(D(1), D("0.05")), (D("1.5"), D("0.08")), (None, D("0.12"))]))
    >>> lines = [CreditLine("R-1", "O-1", Money.of(90_000, "USD"), dt.date(2025, 1, 9)),
    ...          CreditLine("R-1", "O-2", Money.of(20_000, "USD"), dt.date(2025, 2, 9))]
    >>> deal_commissions(plan, "R-1", lines)  # O-2: 10,000 at 5 % + 10,000 at 8 %
    (('O-1', Money('4500.00', 'USD')), ('O-2', Money('1300.00', 'USD')))
    """
    checked, found = _attribute(plan, rep, credits, effective, "deal_commissions()")
    return tuple(
        (deal, Money.from_minor_units(paid, checked.currency))
        for deal, (paid, _) in sorted(found.items())
    )


def clawback(
    plan: CommissionPlan,
    rep: Rep | str,
    credits: Iterable[CreditLine],
    opportunity_id: str,
    *,
    credited_on: dt.date,
    cancelled_on: dt.date,
    window_days: int,
    effective: Period | None = None,
) -> Money:
    """The (negative) amount to take back when a paid deal is cancelled or churns.

    Exactly minus what the deal paid at the calculation rate (its increment,
    as :func:`deal_commissions` attributes it, without a minimum commission's
    top-up) when it is cancelled within ``window_days`` days of
    ``credited_on``; zero after that.

    Raises:
        UnknownReference: a deal not credited to ``rep`` under ``plan`` in its year.

    Xactly's published example: a $100 credit at a flat 5 % calculates $5; the
    minimum commission of $10 is paid; the clawback uses the calculation rate
    and takes back $5.

    >>> import datetime as dt
    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.compensation import (CommissionPlan, CommissionRate, CreditLine,
    ...     DealRules, clawback, deal_commissions)
    >>> plan = CommissionPlan("F", Period.year(2025), Money.of(1, "USD"),
    ...     CommissionRate.flat("0.05"),
    ...     deal_rules=DealRules(minimum_commission=Money.of(10, "USD")))
    >>> lines = [CreditLine("R-1", "O-1", Money.of(100, "USD"), dt.date(2025, 1, 9))]
    >>> deal_commissions(plan, "R-1", lines)
    (('O-1', Money('10.00', 'USD')),)
    >>> clawback(plan, "R-1", lines, "O-1", credited_on=dt.date(2025, 1, 9),
    ...          cancelled_on=dt.date(2025, 3, 1), window_days=90)
    Money('-5.00', 'USD')
    >>> clawback(plan, "R-1", lines, "O-1", credited_on=dt.date(2025, 1, 9),
    ...          cancelled_on=dt.date(2025, 6, 1), window_days=90)
    Money('0.00', 'USD')
    """
    record = "clawback()"
    check_str(opportunity_id, record=record, field="opportunity_id")
    start = check_date(credited_on, record=record, field="credited_on")
    end = check_date(cancelled_on, record=record, field="cancelled_on")
    window = check_int(window_days, record=record, field="window_days", min_value=0)
    checked, found = _attribute(plan, rep, credits, effective, record)
    if opportunity_id not in found:
        raise UnknownReference.for_field(
            record, "opportunity_id", opportunity_id, "a deal credited to the rep in the plan year"
        )
    if not 0 <= (end - start).days <= window:
        return Money.zero(checked.currency)
    return Money.from_minor_units(-found[opportunity_id][1], checked.currency)
