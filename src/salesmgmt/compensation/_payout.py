"""Payout statements: what a plan pays a rep for a period, line by explained line.

Year-to-date rule. Every component is computed on **year-to-date** credits
(from the plan year's start to the end of the period, and no later than
``as_of``), and each line pays the year-to-date amount **minus what earlier
statements of the year (``history``) already paid on that line**. So
retroactive tiers, gates and caps work on year-to-date attainment, a higher
tier reached later in the year lifts the earlier bookings ("apply highest
rate"), a change to an earlier period's credits is paid as a ``true-up`` line,
and paying month by month sums to exactly what paying the year at once pays.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final, Literal, TypeAlias

import attrs

from salesmgmt._checks import check_choice, check_date, check_str, check_type, iter_chunks
from salesmgmt._decimal import RATIO
from salesmgmt.compensation._credit import CreditLine
from salesmgmt.compensation._curves import curve_fraction
from salesmgmt.compensation._deals import (
    DEAL_RULES,
    Compiled,
    DealTally,
    DealTerms,
    Minimum,
    Stage,
    describe,
    stage_sums,
    tally,
)
from salesmgmt.compensation._plan import CommissionPlan, tier_table
from salesmgmt.compensation._tiers import commission_units, round_half_up
from salesmgmt.errors import CurrencyMismatch, PeriodError, ValidationError
from salesmgmt.money import Money
from salesmgmt.org import Rep
from salesmgmt.periods import Period
from salesmgmt.reviews import Penalty, Reward

__all__ = [
    "RULES",
    "PayoutLine",
    "PayoutStatement",
    "Rule",
    "WhatIf",
    "explain",
    "payout",
    "what_if",
]

Rule: TypeAlias = Literal[
    "commission",
    "multi-year",
    "multiplier",
    "deal cap",
    "deal-type rate",
    "deal minimum",
    "true-up",
    "quota bonus",
    "cap",
    "reward",
    "penalty",
]
#: The rules a statement line can come from, in statement order.
RULES: Final = ("commission", *DEAL_RULES, "true-up", "quota bonus", "cap", "reward", "penalty")
#: The lines whose year-to-date sum is the commission paid so far.
_COMMISSION: Final = ("commission", *DEAL_RULES, "true-up")
_MAX_ADJUSTMENTS: Final = 80
_TEXT_LIMIT: Final = 2000


def _text(record: str, field: str, value: object) -> None:
    check_str(value, record=record, field=field, max_length=_TEXT_LIMIT)


@attrs.frozen
class PayoutLine:
    """One explained line of a statement.

    Attributes:
        rule: which rule produced it (:data:`RULES`).
        base: the amount the rule worked on.
        rate: the rate or formula applied, as text.
        result: what the line pays (negative to take back).
        sentence: the line in words, naming the facts.

    >>> from salesmgmt import Money
    >>> from salesmgmt.compensation import PayoutLine
    >>> PayoutLine("cap", Money.of(31_000, "USD"), "min(0, cap - earned)",
    ...            Money.of(-1_000, "USD"), "Capped at 30,000.").result
    Money('-1000.00', 'USD')
    """

    rule: Rule = attrs.field(
        validator=lambda _, __, v: check_choice(v, RULES, record="PayoutLine", field="rule")
    )
    base: Money
    rate: str
    result: Money
    sentence: str

    def __attrs_post_init__(self) -> None:
        record = f"PayoutLine {self.rule!r}"
        check_type(self.base, Money, record=record, field="base")
        check_type(self.result, Money, record=record, field="result")
        if self.base.currency != self.result.currency:
            raise CurrencyMismatch.between(self.base.currency, self.result.currency, record=record)
        _text(record, "rate", self.rate)
        _text(record, "sentence", self.sentence)


def _lines(value: object) -> tuple[PayoutLine, ...]:
    items = tuple(
        item
        for chunk in iter_chunks(value, record="PayoutStatement", field="lines", max_items=100)
        for item in chunk
    )
    for item in items:
        check_type(item, PayoutLine, record="PayoutStatement", field="lines[]")
    return items


@attrs.frozen
class PayoutStatement:
    """What a plan pays a rep for one period: the lines and their total.

    Attributes:
        plan_id: the plan.
        rep_id: the rep paid.
        period: the pay period.
        as_of: the day the statement was computed.
        lines: the explained lines, in :data:`RULES` order.
        total: the sum of the lines (checked).
        ytd_bookings: credited bookings from the plan year's start to the
            period's end (as known on ``as_of``).
        ytd_paid: what the plan year has paid up to and including this statement.

    Raises:
        ValidationError: a ``total`` that is not the sum of ``lines``.
        CurrencyMismatch: lines in another currency than the total.

    >>> import datetime as dt
    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.compensation import PayoutStatement
    >>> PayoutStatement("P", "R-1", Period.month(2025, 1), dt.date(2025, 2, 1), (),
    ...                 Money.of(1, "USD"), Money.of(0, "USD"), Money.of(0, "USD"))
    Traceback (most recent call last):
      ...
    salesmgmt.errors.ValidationError: PayoutStatement 'P' for 'R-1': 'total' must be the sum ...
    """

    plan_id: str
    rep_id: str
    period: Period
    as_of: dt.date
    lines: tuple[PayoutLine, ...] = attrs.field(converter=_lines)
    total: Money
    ytd_bookings: Money
    ytd_paid: Money

    def __attrs_post_init__(self) -> None:
        check_str(self.plan_id, record="PayoutStatement", field="plan_id", max_length=64)
        check_str(self.rep_id, record="PayoutStatement", field="rep_id", max_length=200)
        record = f"PayoutStatement {self.plan_id!r} for {self.rep_id!r}"
        check_type(self.period, Period, record=record, field="period")
        object.__setattr__(self, "as_of", check_date(self.as_of, record=record, field="as_of"))
        for field in ("total", "ytd_bookings", "ytd_paid"):
            amount = check_type(getattr(self, field), Money, record=record, field=field)
            if amount.currency != self.total.currency:
                raise CurrencyMismatch.between(self.total.currency, amount.currency, record=record)
        units = 0
        for line in self.lines:
            if line.result.currency != self.total.currency:
                raise CurrencyMismatch.between(
                    self.total.currency, line.result.currency, record=record
                )
            units += line.result.to_minor_units()
        if units != self.total.to_minor_units():
            raise ValidationError.for_field(
                record,
                "total",
                self.total,
                f"the sum of the lines ({Money.from_minor_units(units, self.total.currency)})",
            )


@attrs.frozen
class WhatIf:
    """The answer to "what do I earn if I close this deal?".

    Attributes:
        extra_bookings: the deal's credited amount.
        current: the statement total without it.
        with_deal: the statement total with it.
        extra_earnings: ``with_deal − current``.
        sentence: the answer in words.

    >>> from salesmgmt import Money
    >>> from salesmgmt.compensation import WhatIf
    >>> m = Money.of
    >>> WhatIf(m(10, "USD"), m(1, "USD"), m(2, "USD"), m(1, "USD"), "One more.").extra_earnings
    Money('1.00', 'USD')
    """

    extra_bookings: Money
    current: Money
    with_deal: Money
    extra_earnings: Money
    sentence: str

    def __attrs_post_init__(self) -> None:
        record = "WhatIf"
        for field in ("extra_bookings", "current", "with_deal", "extra_earnings"):
            amount = check_type(getattr(self, field), Money, record=record, field=field)
            if amount.currency != self.extra_bookings.currency:
                raise CurrencyMismatch.between(
                    self.extra_bookings.currency, amount.currency, record=record
                )
        if self.with_deal - self.current != self.extra_earnings:
            raise ValidationError.for_field(
                record, "extra_earnings", self.extra_earnings, "with_deal - current"
            )
        _text(record, "sentence", self.sentence)


# -- the computation --------------------------------------------------------------------


@attrs.frozen
class _Context:
    """What one payout computes with: the plan, the days of its year it applies to the
    rep, the prorated quota and bonus target in minor units, and the flat table rate a
    minimum commission is measured at (``None`` without a minimum)."""

    plan: CommissionPlan
    window: Period
    quota_units: Fraction
    target_units: Fraction
    flat: Fraction | None

    def commission(self, units: int) -> int:
        rate = self.plan.rate
        if rate.gate is not None and units < Fraction(rate.gate) * self.quota_units:
            return 0
        scale = (
            self.quota_units
            if rate.by == "attainment"
            else Fraction(Money.of(1, self.plan.currency).to_minor_units())
        )
        exact, _ = commission_units(units, tier_table(rate), scale, rate.method)
        return round_half_up(exact)

    def earned(self, stage: Stage) -> tuple[int, int]:
        """Commission (year to date, before the period) of one stage of the per-deal rules."""
        table_ytd, table_before, outside_ytd, outside_before = stage
        return (
            self.commission(table_ytd) + round_half_up(outside_ytd),
            self.commission(table_before) + round_half_up(outside_before),
        )

    def bonus(self, units: int) -> int:
        if self.plan.bonus is None:
            return 0
        return round_half_up(
            self.target_units * curve_fraction(self.plan.bonus.curve, units / self.quota_units)
        )


def _rep_id(rep: object, record: str) -> tuple[str, Rep | None]:
    if isinstance(rep, Rep):
        return rep.rep_id, rep
    return check_str(rep, record=record, field="rep", max_length=200), None


def _window(plan: CommissionPlan, effective: object, record: str) -> Period:
    """The days of the plan year the rep is on ``plan`` (``effective`` within the year)."""
    if effective is None:
        return plan.year
    days = check_type(effective, Period, record=record, field="effective")
    start, end = max(plan.year.start, days.start), min(plan.year.end, days.end)
    if end < start:
        raise ValidationError.for_field(
            record,
            "effective",
            effective,
            f"the days the rep is on the plan, overlapping its plan year {plan.year}",
        )
    return Period(start, end)


def _proration(plan: CommissionPlan, window: Period, rep: Rep | None, record: str) -> Fraction:
    """Share of the plan year the rep is on the plan and works (a plain rep id: always works)."""
    start, end = window.start, window.end
    if rep is not None:
        start = max(start, rep.hired_on or start)
        end = min(end, rep.left_on or end)
        if end < start:
            where = f"the plan year {plan.year}" if window == plan.year else f"{window}"
            raise ValidationError.for_field(
                record, "rep", rep.rep_id, f"a rep who works during {where}"
            )
    return Fraction((end - start).days + 1, plan.year.days)


def _context(
    plan: CommissionPlan, rep: Rep | None, record: str, effective: Period | None = None
) -> _Context:
    window = _window(plan, effective, record)
    share = _proration(plan, window, rep, record)
    target = 0 if plan.bonus is None else plan.bonus.target_incentive.to_minor_units()
    flat = None
    if plan.deal_rules.minimum_commission is not None:
        flat = tier_table(plan.rate)[0][1]
    return _Context(plan, window, plan.quota.to_minor_units() * share, target * share, flat)


def _money(units: int, plan: CommissionPlan) -> Money:
    return Money.from_minor_units(units, plan.currency)


def payout(
    plan: CommissionPlan,
    rep: Rep | str,
    period: Period,
    credits: Iterable[CreditLine],
    as_of: dt.date,
    history: Iterable[PayoutStatement] = (),
    *,
    adjustments: Iterable[Reward | Penalty] = (),
    effective: Period | None = None,
) -> PayoutStatement:
    """The :class:`PayoutStatement` of ``plan`` for ``rep`` and ``period``.

    See the module docstring for the year-to-date rule. ``credits`` may hold
    other reps' lines (they are skipped) and lines dated after the period or
    after ``as_of`` (not yet known: skipped). ``history`` holds this rep's
    earlier statements of the same plan year. A :class:`~salesmgmt.org.Rep`
    who joins or leaves during the plan year has the quota and the bonus target
    prorated by days worked (a plain rep id is not prorated).

    A rep who **changes plan** during the year is on each plan for the days
    ``effective`` gives (the default: the whole plan year), as Salesforce
    Spiff's plan assignments and Xactly's effective-dated positions do: each
    plan pays only the credits dated in its days (the plan the rep was on when
    the deal was credited), its quota and bonus target are prorated by those
    days (and the days worked), and the period of the change has one statement
    per plan (Spiff's default), each with its own ``history``.

    Per-deal rules (``plan.deal_rules``) are applied to each deal's year-to-date
    credit (the rep's lines of the deal added up) in the order multi-year,
    multiplier, deal cap, deal-type rate, deal minimum; each configured rule is
    its own line paying the change it makes. ``adjustments`` are the rep's
    :class:`~salesmgmt.reviews.Reward` and :class:`~salesmgmt.reviews.Penalty`
    values for this period (other reps' are skipped): one ``reward`` or
    ``penalty`` line each, with its reason as the sentence, outside the
    commission cap (the cap limits commission and quota bonus only).

    Raises:
        PeriodError: a period outside the plan year.
        ValidationError: a history statement of another plan, rep or year, or
            not before ``period``; a rep who does not work in the plan year
            (or in ``effective``); an ``effective`` outside the plan year;
            lines of one deal that disagree on the per-deal facts; more than
            80 adjustments for the rep.
        CurrencyMismatch: credits or adjustments in another currency than the plan.

    >>> import datetime as dt
    >>> from decimal import Decimal as D
    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.compensation import CommissionPlan, CommissionRate, CreditLine, payout
    >>> plan = CommissionPlan("AE", Period.year(2025), Money.of(100_000, "USD"),
    ...     CommissionRate([(D(1), D("0.05")), (D("1.5"), D("0.08")), (None, D("0.12"))]))
    >>> jan = CreditLine("R-1", "O-1", Money.of(160_000, "USD"), dt.date(2025, 1, 20))
    >>> s = payout(plan, "R-1", Period.month(2025, 1), [jan], dt.date(2025, 2, 1))
    >>> s.total, [line.rule for line in s.lines]
    (Money('10200.00', 'USD'), ['commission'])
    >>> payout(plan, "R-1", Period.month(2025, 2), [jan], dt.date(2025, 3, 1), [s]).total
    Money('0.00', 'USD')
    >>> from salesmgmt.reviews import Penalty
    >>> fine = Penalty("R-1", Money.of(50, "USD"), "2 short days x 25.00 USD.")
    >>> feb = payout(plan, "R-1", Period.month(2025, 2), [jan], dt.date(2025, 3, 1), [s],
    ...              adjustments=[fine])
    >>> [(line.rule, line.result, line.sentence) for line in feb.lines][1:]
    [('penalty', Money('-50.00', 'USD'), '2 short days x 25.00 USD.')]

    On the plan from July only, the quota is 184/365 of 100,000 (50,410.96) and
    the January deal belongs to the rep's earlier plan:

    >>> h2 = Period(dt.date(2025, 7, 1), dt.date(2025, 12, 31))
    >>> payout(plan, "R-1", Period.year(2025), [jan], dt.date(2026, 1, 1), effective=h2).total
    Money('0.00', 'USD')
    """
    record = "payout()"
    check_type(plan, CommissionPlan, record=record, field="plan")
    record = f"payout() of CommissionPlan {plan.plan_id!r}"
    rep_id, rep_value = _rep_id(rep, record)
    check_type(period, Period, record=record, field="period")
    day = check_date(as_of, record=record, field="as_of")
    if not (plan.year.start <= period.start and period.end <= plan.year.end):
        raise PeriodError.for_field(record, "period", period, f"a period inside {plan.year}")
    context = _context(plan, rep_value, record, effective)
    first, last = context.window.start, min(period.end, day, context.window.end)
    ytd = before = 0
    deals: dict[str, DealTally] | None = None if plan.deal_rules.is_empty else {}
    for chunk in iter_chunks(credits, record=record, field="credits"):
        for line in chunk:
            check_type(line, CreditLine, record=record, field="credits[]")
            if line.rep_id != rep_id or not first <= line.credited_on <= last:
                continue
            if line.amount.currency != plan.currency:
                raise CurrencyMismatch.between(plan.currency, line.amount.currency, record=record)
            units = line.amount.to_minor_units()
            ytd += units
            earlier = line.credited_on < period.start
            if earlier:
                before += units
            if deals is not None:
                tally(deals, line, units, earlier, record)
    paid = _paid(history, plan, rep_id, period, record)
    extra = _adjustments(adjustments, plan, rep_id, record)
    if deals is None:
        zero = Fraction(0)
        staged, minimum = [(ytd, before, zero, zero)], (zero, zero, 0, 0)
    else:
        staged, minimum = stage_sums(Compiled(plan.deal_rules, context.flat), deals)
    return _statement(context, rep_id, period, day, staged, minimum, paid, extra)


def _adjustments(
    adjustments: object, plan: CommissionPlan, rep_id: str, record: str
) -> list[Reward | Penalty]:
    found: list[Reward | Penalty] = []
    for chunk in iter_chunks(adjustments, record=record, field="adjustments"):
        for item in chunk:
            check_type(item, (Reward, Penalty), record=record, field="adjustments[]")
            if item.rep_id != rep_id:
                continue
            if item.amount.currency != plan.currency:
                raise CurrencyMismatch.between(plan.currency, item.amount.currency, record=record)
            found.append(item)
            if len(found) > _MAX_ADJUSTMENTS:
                raise ValidationError.for_field(
                    record, "adjustments", rep_id, f"at most {_MAX_ADJUSTMENTS} lines per rep"
                )
    found.sort(key=lambda a: (isinstance(a, Penalty), a.amount.amount, a.reason))
    return found


def _paid(
    history: object, plan: CommissionPlan, rep_id: str, period: Period, record: str
) -> dict[str, int]:
    paid = dict.fromkeys(RULES, 0)
    for chunk in iter_chunks(history, record=record, field="history", max_items=10_000):
        for statement in chunk:
            check_type(statement, PayoutStatement, record=record, field="history[]")
            if (
                statement.plan_id != plan.plan_id
                or statement.rep_id != rep_id
                or statement.period.start < plan.year.start
                or statement.period.end >= period.start
                or statement.total.currency != plan.currency
            ):
                raise ValidationError.for_field(
                    record,
                    "history",
                    statement.period,
                    f"statements of plan {plan.plan_id!r} for {rep_id!r} in {plan.year},"
                    f" before {period.start}",
                )
            for line in statement.lines:
                paid[line.rule] += line.result.to_minor_units()
    return paid


def _statement(
    context: _Context,
    rep_id: str,
    period: Period,
    day: dt.date,
    staged: list[Stage],
    minimum: Minimum,
    paid: dict[str, int],
    extra: list[Reward | Penalty],
) -> PayoutStatement:
    plan = context.plan
    lines: list[PayoutLine] = []

    def add(rule: Rule, base: int, rate: str, result: int, sentence: str) -> None:
        lines.append(PayoutLine(rule, _money(base, plan), rate, _money(result, plan), sentence))

    ytd, before = staged[0][0], staged[0][1]
    # earned[k]: commission (year to date, before the period) after per-deal step k;
    # step 5 adds the minimum's top-ups, rounded on their own.
    earned = [context.earned(stage) for stage in staged]
    if len(earned) > 1:
        ytd_topups, before_topups = round_half_up(minimum[0]), round_half_up(minimum[1])
        earned.append((earned[-1][0] + ytd_topups, earned[-1][1] + before_topups))
    rate = plan.rate
    formula = f"{rate.method} tiers by {rate.by}" + (
        f", gate {rate.gate}" if rate.gate is not None else ""
    )
    add(
        "commission",
        ytd - before,
        f"{formula}: C(YTD) - C(YTD before period)",
        earned[0][0] - earned[0][1],
        f"Commission on {_money(ytd - before, plan)} credited in {period}: the plan pays"
        f" {_money(earned[0][0], plan)} on {_money(ytd, plan)} year to date and"
        f" {_money(earned[0][1], plan)} on the {_money(before, plan)} before it.",
    )
    formulas = describe(plan.deal_rules)
    for step, rule in enumerate(DEAL_RULES, start=1):
        if rule in formulas:
            change = (earned[step][0] - earned[step][1]) - (
                earned[step - 1][0] - earned[step - 1][1]
            )
            base = _rule_base(step, staged, minimum)
            add(
                rule,
                base,
                formulas[rule],
                change,
                _deal_sentence(rule, _money(base, plan), _money(change, plan), period),
            )
    earned_ytd, earned_before = earned[-1]
    commission_paid = sum(paid[rule] for rule in _COMMISSION)
    true_up = earned_before - commission_paid
    if true_up:
        add(
            "true-up",
            before,
            "C(YTD before period) - commission already paid",
            true_up,
            f"True-up: earlier periods' credits of {_money(before, plan)} now earn"
            f" {_money(earned_before, plan)}, of which"
            f" {_money(commission_paid, plan)} was paid.",
        )
    bonus_units = staged[3][0] if len(staged) > 1 else ytd
    bonus = context.bonus(bonus_units)
    if plan.bonus is not None:
        attained = Fraction(bonus_units) / context.quota_units
        add(
            "quota bonus",
            bonus_units,
            f"target {_money(round_half_up(context.target_units), plan)} x curve(attainment)"
            " - bonus already paid",
            bonus - paid["quota bonus"],
            f"Quota bonus at {_percent(attained)} % year-to-date attainment: {_money(bonus, plan)}"
            f" earned, {_money(paid['quota bonus'], plan)} already paid.",
        )
    if plan.cap is not None:
        cap_ytd = min(0, plan.cap.to_minor_units() - earned_ytd - bonus)
        if cap_ytd - paid["cap"]:
            add(
                "cap",
                earned_ytd + bonus,
                f"min(0, cap {plan.cap} - earned) - cap already applied",
                cap_ytd - paid["cap"],
                f"Cap: the plan pays at most {plan.cap} in {plan.year};"
                f" {_money(earned_ytd + bonus, plan)} is earned year to date.",
            )
    for item in extra:
        is_reward = isinstance(item, Reward)
        add(
            "reward" if is_reward else "penalty",
            item.amount.to_minor_units(),
            "+ reward from reviews (not capped)" if is_reward else "- penalty from reviews",
            item.amount.to_minor_units() * (1 if is_reward else -1),
            item.reason,
        )
    total = sum((line.result.to_minor_units() for line in lines), 0)
    prior = sum(paid.values())
    return PayoutStatement(
        plan.plan_id,
        rep_id,
        period,
        day,
        tuple(lines),
        _money(total, plan),
        _money(ytd, plan),
        _money(prior + total, plan),
    )


def _rule_base(step: int, staged: list[Stage], minimum: Minimum) -> int:
    """The credit in the period a per-deal rule worked on (after it, for steps 1 to 3)."""
    if step <= 3:
        return staged[step][0] - staged[step][1]
    if step == 4:  # the credit of deals paid at their type's rate
        return (staged[3][0] - staged[3][1]) - (staged[4][0] - staged[4][1])
    return minimum[2] - minimum[3]  # the credited amount of deals topped up to the minimum


def _deal_sentence(rule: str, base: Money, change: Money, period: Period) -> str:
    what, base_is = {
        "multi-year": ("Multi-year deals are credited on their first months only", "after it"),
        "multiplier": ("Product and segment multipliers scale the deals' credit", "after them"),
        "deal cap": ("Each deal's credit stops at the per-deal cap", "after it"),
        "deal-type rate": (
            "Deals of a type with its own rate are paid at it, outside the tiers",
            "of those deals",
        ),
        "deal minimum": (
            "Deals paid less than the minimum at the calculation rate are topped up to it",
            "of the deals topped up",
        ),
    }[rule]
    return f"{what}: {base} of credit in {period} {base_is}; it changes the pay by {change}."


def _percent(value: Fraction) -> Decimal:
    """``value`` in percent, to one decimal (display only)."""
    return RATIO.divide(Decimal(value.numerator * 100), Decimal(value.denominator)).quantize(
        Decimal("0.1"), rounding=decimal.ROUND_HALF_UP, context=RATIO
    )


def explain(statement: PayoutStatement) -> str:
    """The statement as plain text: a header, one block per line, the total.

    The caller prints it; nothing is printed here.

    >>> import datetime as dt
    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.compensation import CommissionPlan, CommissionRate, explain, payout
    >>> plan = CommissionPlan("Flat", Period.year(2025), Money.of(1000, "USD"),
    ...                       CommissionRate.flat("0.1"))
    >>> print(explain(payout(plan, "R-1", Period.month(2025, 1), [], dt.date(2025, 2, 1))))
    Statement of plan 'Flat' for 'R-1', 2025-01 (as of 2025-02-01)
      commission: 0.00 USD
        base 0.00 USD; marginal tiers by attainment: C(YTD) - C(YTD before period)
        Commission on 0.00 USD credited in 2025-01: the plan pays 0.00 USD on 0.00 USD year
        to date and 0.00 USD on the 0.00 USD before it.
    Total: 0.00 USD (year to date 0.00 USD on bookings of 0.00 USD)
    """
    check_type(statement, PayoutStatement, record="explain()", field="statement")
    header = (
        f"Statement of plan {statement.plan_id!r} for {statement.rep_id!r}, {statement.period}"
        f" (as of {statement.as_of})"
    )
    out = [header]
    for line in statement.lines:
        out.append(f"  {line.rule}: {line.result}")
        out.append(f"    base {line.base}; {line.rate}")
        out.extend(_wrap(line.sentence, 86, "    "))
    out.append(
        f"Total: {statement.total} (year to date {statement.ytd_paid} on bookings of"
        f" {statement.ytd_bookings})"
    )
    return "\n".join(out)


def _wrap(text: str, width: int, indent: str) -> list[str]:
    rows: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > width:
            rows.append(indent + current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        rows.append(indent + current)
    return rows


def what_if(
    plan: CommissionPlan,
    rep: Rep | str,
    extra_bookings: Money,
    *,
    period: Period,
    as_of: dt.date,
    credits: Iterable[CreditLine] = (),
    history: Iterable[PayoutStatement] = (),
    terms: DealTerms | None = None,
    effective: Period | None = None,
) -> WhatIf:
    """What ``rep`` would earn in ``period`` on top, if ``extra_bookings`` were credited now.

    The extra deal is credited on ``as_of`` (kept inside ``period``), with the
    per-deal facts ``terms`` (product, segment, type, term) if given, and the
    statement of the period is computed with and without it (``effective``
    as for :func:`payout`).

    >>> import datetime as dt
    >>> from decimal import Decimal as D
    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.compensation import CommissionPlan, CommissionRate, CreditLine, what_if
    >>> plan = CommissionPlan("AE", Period.year(2025), Money.of(100_000, "USD"),
    ...     CommissionRate([(D(1), D("0.05")), (D("1.5"), D("0.08")), (None, D("0.12"))]))
    >>> booked = [CreditLine("R-1", "O-1", Money.of(95_000, "USD"), dt.date(2025, 3, 3))]
    >>> answer = what_if(plan, "R-1", Money.of(10_000, "USD"), period=Period.month(2025, 3),
    ...                  as_of=dt.date(2025, 3, 20), credits=booked)
    >>> answer.extra_earnings  # 5,000 at 5 % + 5,000 at 8 %
    Money('650.00', 'USD')
    """
    record = "what_if()"
    check_type(plan, CommissionPlan, record=record, field="plan")
    extra = check_type(extra_bookings, Money, record=record, field="extra_bookings")
    check_type(period, Period, record=record, field="period")
    day = check_date(as_of, record=record, field="as_of")
    facts = check_type(terms or DealTerms(), DealTerms, record=record, field="terms")
    rep_id, _ = _rep_id(rep, record)
    lines: list[Any] = [
        item for chunk in iter_chunks(credits, record=record, field="credits") for item in chunk
    ]
    past = [
        item for chunk in iter_chunks(history, record=record, field="history") for item in chunk
    ]
    on = min(max(day, period.start), period.end)
    known = max(day, on)
    now = payout(plan, rep, period, lines, known, past, effective=effective)
    deal = CreditLine(
        rep_id,
        "what-if",
        extra,
        on,
        product=facts.product,
        segment=facts.segment,
        deal_type=facts.deal_type,
        term_months=facts.term_months,
    )
    with_deal = payout(plan, rep, period, [*lines, deal], known, past, effective=effective)
    gain = with_deal.total - now.total
    return WhatIf(
        extra,
        now.total,
        with_deal.total,
        gain,
        f"Closing {extra} in {period} would add {gain} to the {period} statement"
        f" ({now.total} now, {with_deal.total} with the deal).",
    )
