"""Draws and SPIFs: pay guaranteed or advanced against commission, and bonuses per deal.

Draws: guaranteed or advanced pay against commission, with a carried balance.

The four draw types are Xactly Incent's ("Plan Design > Draws",
helpcenter.xactlycorp.com/article/incent-administrator-plan-design-draws):

* ``"non-recoverable guarantee"`` — tops earnings up to the draw amount; the
  top-up is never taken back.
* ``"non-recoverable"`` — the draw amount is paid on top of earnings, and kept.
* ``"recoverable guarantee"`` — tops earnings up to the draw amount; the
  top-up is added to a balance, recovered from later earnings above the draw
  amount (in periods where the draw is given, the rep keeps the guarantee) or
  from all earnings once the draw is no longer given.
* ``"recoverable"`` — the draw amount is paid on top of earnings and added to
  the balance, recovered from earnings in periods where the draw is not given.

The balance carries forward from period to period (and into the next
:func:`apply_draw` call through ``opening_balance``); it never goes below zero.

SPIFs pay a fixed bonus per qualifying deal beside the statement
(:func:`spiff_bonus`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final, Literal, TypeAlias

import attrs

from salesmgmt._checks import (
    check_choice,
    check_int,
    check_str,
    check_type,
    iter_chunks,
)
from salesmgmt.compensation._credit import CreditLine
from salesmgmt.compensation._payout import _rep_id
from salesmgmt.compensation._plan import Spiff
from salesmgmt.errors import CurrencyMismatch, PolicyError, ValidationError
from salesmgmt.money import Money
from salesmgmt.org import Rep

__all__ = [
    "DRAW_KINDS",
    "Draw",
    "DrawKind",
    "DrawLine",
    "apply_draw",
    "spiff_bonus",
]

DrawKind: TypeAlias = Literal[
    "non-recoverable guarantee", "non-recoverable", "recoverable guarantee", "recoverable"
]
#: Xactly's four draw types.
DRAW_KINDS: Final = (
    "non-recoverable guarantee",
    "non-recoverable",
    "recoverable guarantee",
    "recoverable",
)


def _periods(value: object) -> int | None:
    if value is None:
        return None
    return check_int(value, record="Draw", field="periods", min_value=0, max_value=10_000)


def _kind(draw: Any, attribute: Any, value: object) -> None:
    check_choice(value, DRAW_KINDS, record="Draw", field="kind")


@attrs.frozen
class Draw:
    """A draw: its type, the amount per period and how many periods it is given.

    Attributes:
        kind: one of :data:`DRAW_KINDS`.
        amount: the draw (or guarantee) per period, 0 or more.
        periods: the draw is given in the first ``periods`` periods only
            (``None``, the default: in every period).

    Raises:
        PolicyError: a negative amount.

    >>> from salesmgmt import Money
    >>> from salesmgmt.compensation import Draw
    >>> Draw("recoverable guarantee", Money.of(2000, "USD"), periods=3).periods
    3
    """

    kind: DrawKind = attrs.field(validator=_kind)
    amount: Money
    periods: int | None = attrs.field(default=None, converter=_periods)

    def __attrs_post_init__(self) -> None:
        check_type(self.amount, Money, record=f"Draw {self.kind!r}", field="amount")
        if self.amount.amount < 0:
            raise PolicyError.for_field(
                f"Draw {self.kind!r}", "amount", self.amount, "an amount of 0 or more"
            )


@attrs.frozen
class DrawLine:
    """One period of a draw: what was earned, drawn, recovered and paid.

    ``paid = earned + draw − recovered`` (checked); ``balance`` is the
    recoverable balance still owed after the period (0 or more).

    >>> from salesmgmt import Money
    >>> from salesmgmt.compensation import DrawLine
    >>> m = lambda x: Money.of(x, "USD")
    >>> DrawLine(0, m(800), m(1200), m(0), m(2000), m(1200), "Topped up.").paid
    Money('2000.00', 'USD')
    """

    index: int
    earned: Money
    draw: Money
    recovered: Money
    paid: Money
    balance: Money
    sentence: str

    def __attrs_post_init__(self) -> None:
        record = "DrawLine"
        check_int(self.index, record=record, field="index", min_value=0)
        for field in ("earned", "draw", "recovered", "paid", "balance"):
            amount = check_type(getattr(self, field), Money, record=record, field=field)
            if amount.currency != self.earned.currency:
                raise CurrencyMismatch.between(
                    self.earned.currency, amount.currency, record=record
                )
        for field in ("draw", "recovered", "balance"):
            if getattr(self, field).amount < 0:
                raise ValidationError.for_field(
                    record, field, getattr(self, field), "an amount of 0 or more"
                )
        if self.earned + self.draw - self.recovered != self.paid:
            raise ValidationError.for_field(record, "paid", self.paid, "earned + draw - recovered")
        check_str(self.sentence, record=record, field="sentence", max_length=2000)


def apply_draw(
    draw: Draw, earnings: Iterable[Money], *, opening_balance: Money | None = None
) -> tuple[DrawLine, ...]:
    """Apply ``draw`` to each period's ``earnings`` in order, carrying the balance.

    Args:
        draw: the :class:`Draw`.
        earnings: what the plan paid in each period (a statement's total), in
            period order; negative earnings (clawbacks) recover nothing.
        opening_balance: the recoverable balance carried in (default zero).

    Raises:
        CurrencyMismatch: earnings in another currency than the draw.
        ValidationError: a negative opening balance.

    Hand-checked: a recoverable guarantee of 2,000 a month; earnings 800, 2,500,
    3,500. Month 1 tops 800 up by 1,200 (balance 1,200); month 2 keeps the
    guarantee and recovers 500 of the 500 above it (balance 700); month 3
    recovers the last 700 of the 1,500 above it and pays 2,800.

    >>> from salesmgmt import Money
    >>> from salesmgmt.compensation import Draw, apply_draw
    >>> usd = lambda x: Money.of(x, "USD")
    >>> lines = apply_draw(Draw("recoverable guarantee", usd(2000)),
    ...                    [usd(800), usd(2500), usd(3500)])
    >>> [(str(x.paid), str(x.balance)) for x in lines]
    [('2000.00 USD', '1200.00 USD'), ('2000.00 USD', '700.00 USD'), ('2800.00 USD', '0.00 USD')]
    >>> apply_draw(Draw("recoverable", usd(500)), [])
    ()
    """
    record = "apply_draw()"
    check_type(draw, Draw, record=record, field="draw")
    code = draw.amount.currency
    g = draw.amount.to_minor_units()
    balance = 0
    if opening_balance is not None:
        opening = check_type(opening_balance, Money, record=record, field="opening_balance")
        if opening.currency != code:
            raise CurrencyMismatch.between(code, opening.currency, record=record)
        balance = opening.to_minor_units()
        if balance < 0:
            raise ValidationError.for_field(
                record, "opening_balance", opening_balance, "an amount of 0 or more"
            )
    lines: list[DrawLine] = []
    index = 0
    for chunk in iter_chunks(earnings, record=record, field="earnings", max_items=100_000):
        for item in chunk:
            earned = check_type(item, Money, record=record, field=f"earnings[{index}]")
            if earned.currency != code:
                raise CurrencyMismatch.between(code, earned.currency, record=record)
            e = earned.to_minor_units()
            given = draw.periods is None or index < draw.periods
            paid_draw, recovered = _period(draw.kind, given, g, e, balance)
            if draw.kind.startswith("recoverable"):
                balance += paid_draw - recovered
            lines.append(_line(index, e, paid_draw, recovered, balance, code, given, draw))
            index += 1
    return tuple(lines)


def _period(kind: str, given: bool, g: int, e: int, balance: int) -> tuple[int, int]:
    """(draw paid, recovered) in minor units for one period."""
    if kind == "non-recoverable guarantee":
        return (max(0, g - e) if given else 0), 0
    if kind == "non-recoverable":
        return (g if given else 0), 0
    if kind == "recoverable guarantee":
        if given and e < g:
            return g - e, 0
        keep = g if given else 0
        return 0, min(balance, max(0, e - keep))
    if given:  # recoverable
        return g, 0
    return 0, min(balance, max(0, e))


def _line(
    index: int, e: int, d: int, r: int, balance: int, code: str, given: bool, draw: Draw
) -> DrawLine:
    def m(units: int) -> Money:
        return Money.from_minor_units(units, code)

    paid = e + d - r
    if d:
        what = f"the {draw.kind} draw paid {m(d)}"
    elif r:
        what = f"{m(r)} of the draw balance was recovered"
    else:
        what = "no draw was paid or recovered" + ("" if given else " (the draw has ended)")
    return DrawLine(
        index,
        m(e),
        m(d),
        m(r),
        m(paid),
        m(balance),
        f"Period {index + 1}: earned {m(e)}; {what}; paid {m(paid)}; balance {m(balance)}.",
    )


# -- SPIFs ---------------------------------------------------------------------------------


def spiff_bonus(spiff: Spiff, rep: Rep | str, credits: Iterable[CreditLine]) -> Money:
    """What ``spiff`` pays ``rep``: its amount × the deals that qualify.

    A deal qualifies when the rep's own credit for it (direct or split lines;
    overlay credit does not count) dated inside ``spiff.window`` adds up to
    more than zero and to at least ``spiff.min_deal``. Each deal counts once.

    >>> import datetime as dt
    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.compensation import CreditLine, Spiff, spiff_bonus
    >>> usd = lambda x: Money.of(x, "USD")
    >>> spiff = Spiff("Q4 big deals", Period.parse("2025-Q4"), usd(500), min_deal=usd(10_000))
    >>> lines = [CreditLine("R-1", "O-1", usd(12_000), dt.date(2025, 10, 2)),
    ...          CreditLine("R-1", "O-2", usd(9_000), dt.date(2025, 11, 2)),
    ...          CreditLine("R-1", "O-3", usd(50_000), dt.date(2025, 9, 30))]
    >>> spiff_bonus(spiff, "R-1", lines)  # only O-1: O-2 is too small, O-3 too early
    Money('500.00', 'USD')
    """
    record = "spiff_bonus()"
    check_type(spiff, Spiff, record=record, field="spiff")
    record = f"spiff_bonus() of Spiff {spiff.name!r}"
    rep_id, _ = _rep_id(rep, record)
    code = spiff.amount.currency
    per_deal: dict[str, int] = {}
    for chunk in iter_chunks(credits, record=record, field="credits"):
        for line in chunk:
            check_type(line, CreditLine, record=record, field="credits[]")
            if (
                line.rep_id != rep_id
                or line.kind == "overlay"
                or not spiff.window.contains(line.credited_on)
            ):
                continue
            if line.amount.currency != code:
                raise CurrencyMismatch.between(code, line.amount.currency, record=record)
            units = line.amount.to_minor_units()
            per_deal[line.opportunity_id] = per_deal.get(line.opportunity_id, 0) + units
    least = 1 if spiff.min_deal is None else max(1, spiff.min_deal.to_minor_units())
    count = sum(1 for units in per_deal.values() if units >= least)
    return Money.from_minor_units(spiff.amount.to_minor_units() * count, code)
