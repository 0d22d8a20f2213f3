"""The pipeline waterfall: how the open pipeline of a close-date window moved between two days.

Definition (catalogue: ``docs/metrics/pipeline.md``, "Pipeline waterfall"). Take
a target window ``period`` (deals are *in* it when they are open, not in the
"omitted" forecast category, and their close date falls in the window). Rebuild
every deal as it stood at the end of ``start`` and at the end of ``end``
(:func:`~salesmgmt.pipeline.deal_as_of`). Each deal lands in exactly one bucket:

* in at both days: the amount change goes to ``increased`` or ``decreased``;
* in at ``end`` only: ``created`` when the deal did not exist at ``start``,
  else ``pulled_in`` (its close date moved into the window, or it reopened),
  at its ``end`` amount;
* in at ``start`` only: ``won`` or ``lost`` when it closed by ``end``, else
  ``pushed_out`` (its close date left the window), at its ``start`` amount.

So ``start + created + pulled_in - pushed_out + increased - decreased - won -
lost == end`` holds exactly for any history; the constructor of
:class:`PipelineWaterfall` checks it. The buckets follow Clari Flow's terms
(New, Pulled In, Pushed) and the waterfall charts of Reevo and Weflow.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Final, Literal, TypeAlias

import attrs

from salesmgmt._checks import check_bool, check_choice, check_date, check_str, check_type
from salesmgmt.errors import CurrencyMismatch, PeriodError, ValidationError
from salesmgmt.money import Money, minor_units
from salesmgmt.periods import Period
from salesmgmt.pipeline._deals import Opportunity
from salesmgmt.pipeline._history import iter_deals, state_as_of
from salesmgmt.pipeline._model import Stage, StageModel, check_model, stage_index
from salesmgmt.pipeline._tally import check_currency, deal_record, stage_for

__all__ = [
    "MOVES",
    "Move",
    "PipelineWaterfall",
    "WaterfallMove",
    "pipeline_waterfall",
    "waterfall_moves",
]

Move: TypeAlias = Literal[
    "created", "pulled_in", "pushed_out", "increased", "decreased", "won", "lost"
]
#: The buckets between ``start`` and ``end``, in waterfall order.
MOVES: Final[tuple[Move, ...]] = (
    "created",
    "pulled_in",
    "pushed_out",
    "increased",
    "decreased",
    "won",
    "lost",
)
_SIGN: Final = {
    "created": 1,
    "pulled_in": 1,
    "pushed_out": -1,
    "increased": 1,
    "decreased": -1,
    "won": -1,
    "lost": -1,
}
_FIELDS: Final = ("start", *MOVES, "end")


def _money_field(value: object) -> Money:
    return check_type(value, Money, record="PipelineWaterfall", field="amount")


def _window(value: object) -> Period:
    return check_type(value, Period, record="PipelineWaterfall", field="period")


def _start_on(value: object) -> dt.date:
    return check_date(value, record="PipelineWaterfall", field="start_on")


def _end_on(value: object) -> dt.date:
    return check_date(value, record="PipelineWaterfall", field="end_on")


@attrs.frozen
class PipelineWaterfall:
    """The open pipeline of ``period`` at the end of ``start_on`` and of ``end_on``, and the
    moves between them (see the module docs for each bucket's definition).

    All amounts are in one currency and at least zero; ``start + created +
    pulled_in - pushed_out + increased - decreased - won - lost == end`` is
    checked exactly. ``a + b`` merges the waterfalls of two disjoint deal sets
    over the same window and days.

    Raises:
        ValidationError: a negative amount, ``end_on`` before ``start_on``, or
            amounts that do not reconcile.
        CurrencyMismatch: amounts in two currencies.

    >>> import datetime as dt
    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.pipeline import PipelineWaterfall
    >>> usd = lambda x: Money(x, "USD")
    >>> PipelineWaterfall(Period.quarter(2025, 1), dt.date(2025, 1, 1), dt.date(2025, 3, 31),
    ...     start=usd(100), created=usd(50), pulled_in=usd(0), pushed_out=usd(30),
    ...     increased=usd(5), decreased=usd(0), won=usd(40), lost=usd(10), end=usd(75)).end
    Money('75.00', 'USD')
    """

    period: Period = attrs.field(converter=_window)
    start_on: dt.date = attrs.field(converter=_start_on)
    end_on: dt.date = attrs.field(converter=_end_on)
    start: Money = attrs.field(kw_only=True, converter=_money_field)
    created: Money = attrs.field(kw_only=True, converter=_money_field)
    pulled_in: Money = attrs.field(kw_only=True, converter=_money_field)
    pushed_out: Money = attrs.field(kw_only=True, converter=_money_field)
    increased: Money = attrs.field(kw_only=True, converter=_money_field)
    decreased: Money = attrs.field(kw_only=True, converter=_money_field)
    won: Money = attrs.field(kw_only=True, converter=_money_field)
    lost: Money = attrs.field(kw_only=True, converter=_money_field)
    end: Money = attrs.field(kw_only=True, converter=_money_field)

    def __attrs_post_init__(self) -> None:
        record = "PipelineWaterfall"
        if self.end_on < self.start_on:
            raise PeriodError.for_field(
                record, "end_on", self.end_on, f"on or after start_on={self.start_on!r}"
            )
        code = self.start.currency
        units = 0
        for field in _FIELDS:
            money: Money = getattr(self, field)
            if money.currency != code:
                raise CurrencyMismatch.between(code, money.currency, record=record)
            if money.amount < 0:
                raise ValidationError.for_field(record, field, money, "a Money of at least zero")
            if field != "end":
                units += _SIGN.get(field, 1) * money.to_minor_units()
        if units != self.end.to_minor_units():
            raise ValidationError.for_field(
                record,
                "end",
                self.end,
                "start + created + pulled_in - pushed_out + increased - decreased - won - lost"
                f" = {units} minor units of {code}",
            )

    def __add__(self, other: PipelineWaterfall) -> PipelineWaterfall:
        record = "PipelineWaterfall"
        check_type(other, PipelineWaterfall, record=record, field="other")
        if (other.period, other.start_on, other.end_on) != (
            self.period,
            self.start_on,
            self.end_on,
        ):
            raise ValidationError.for_field(
                record,
                "other",
                (other.period, other.start_on, other.end_on),
                f"a waterfall over the same window and days ({self.period}, {self.start_on},"
                f" {self.end_on})",
            )
        return PipelineWaterfall(
            self.period,
            self.start_on,
            self.end_on,
            **{field: getattr(self, field) + getattr(other, field) for field in _FIELDS},
        )


@attrs.frozen
class WaterfallMove:
    """One deal's move in a waterfall: which bucket, and the amount it moved.

    >>> from salesmgmt import Money
    >>> from salesmgmt.pipeline import WaterfallMove
    >>> WaterfallMove("O-1", "R-1", "pushed_out", Money(500, "USD")).move
    'pushed_out'
    """

    opportunity_id: str
    owner_id: str
    move: Move
    amount: Money

    def __attrs_post_init__(self) -> None:
        record = "WaterfallMove"
        check_str(self.opportunity_id, record=record, field="opportunity_id")
        check_str(self.owner_id, record=record, field="owner_id")
        check_choice(self.move, MOVES, record=record, field="move")
        money = check_type(self.amount, Money, record=record, field="amount")
        if money.amount < 0:
            raise ValidationError.for_field(record, "amount", money, "a Money of at least zero")


def _inside(
    deal: Opportunity,
    state: tuple[str, dt.date, Money] | None,
    stages: dict[str, Stage],
    window: Period,
    include_omitted: bool,
) -> bool:
    if state is None:
        return False
    stage = stage_for(deal, state[0], stages)
    if not stage.is_open or not window.start <= state[1] <= window.end:
        return False
    return include_omitted or (deal.forecast_category or stage.category) != "omitted"


@attrs.frozen
class _Setup:
    stages: dict[str, Stage]
    first: dt.date
    last: dt.date
    window: Period
    include_omitted: bool


def _setup(
    start: object, end: object, model: object, period: object, include_omitted: object, record: str
) -> _Setup:
    stages = stage_index(check_model(model, record=record))
    first = check_date(start, record=record, field="start")
    last = check_date(end, record=record, field="end")
    if last < first:
        raise PeriodError.for_field(record, "end", last, f"on or after start={first!r}")
    window = (
        Period(first, last)
        if period is None
        else check_type(period, Period, record=record, field="period")
    )
    omitted_ok = check_bool(include_omitted, record=record, field="include_omitted")
    return _Setup(stages, first, last, window, omitted_ok)


def _moves(
    deals: object, setup: _Setup, record: str
) -> Iterator[tuple[Opportunity, Move | None, Money | None, Money | None]]:
    """``(deal, move, start amount, end amount)`` per deal; ``move`` is ``None`` for a
    deal in the window at both days with an unchanged amount or outside at both."""
    stages, first, last = setup.stages, setup.first, setup.last
    window, omitted_ok = setup.window, setup.include_omitted
    for deal in iter_deals(deals, record=record):
        before, after = state_as_of(deal, first), state_as_of(deal, last)
        was_in = _inside(deal, before, stages, window, omitted_ok)
        is_in = _inside(deal, after, stages, window, omitted_ok)
        a0 = before[2] if was_in and before else None
        a1 = after[2] if is_in and after else None
        move: Move | None = None
        if was_in and is_in:
            assert a0 is not None and a1 is not None  # noqa: PT018 - set just above
            if a1.amount > a0.amount:
                move = "increased"
            elif a1.amount < a0.amount:
                move = "decreased"
        elif is_in:
            move = "created" if before is None else "pulled_in"
        elif was_in:
            assert after is not None  # a deal that existed at start exists at end
            final = stage_for(deal, after[0], stages)
            move = "won" if final.won else "lost" if final.lost else "pushed_out"
        yield deal, move, a0, a1


def pipeline_waterfall(
    deals: Iterable[Opportunity],
    start: dt.date,
    end: dt.date,
    *,
    model: StageModel,
    period: Period | None = None,
    currency: str | None = None,
    include_omitted: bool = False,
) -> PipelineWaterfall:
    """How the open pipeline of ``period`` moved from the end of ``start`` to the end of
    ``end``, in one pass; it reconciles exactly.

    Args:
        deals: the deals, with their history.
        start: the first as-of day.
        end: the last as-of day (on or after ``start``).
        model: the stage model (which stages are open, won, lost).
        period: the close-date window; ``Period(start, end)`` by default (for a
            quarter's waterfall pass the quarter's first and last days).
        currency: the currency of an empty waterfall.
        include_omitted: count open deals in the "omitted" forecast category.

    Raises:
        UnknownReference: a deal's stage (now or then) is not in ``model``.
        CurrencyMismatch: deals in two currencies.
        PeriodError: ``end`` before ``start``.

    >>> import datetime as dt
    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.pipeline import CloseDateChange, Opportunity, StageModel
    >>> from salesmgmt.pipeline import pipeline_waterfall
    >>> pushed = Opportunity("O-1", "A-1", "R-1", Money(500, "USD"), dt.date(2024, 12, 1),
    ...     dt.date(2025, 4, 30), "Commit", history=[
    ...         CloseDateChange(dt.date(2025, 3, 1), dt.date(2025, 3, 31), dt.date(2025, 4, 30))])
    >>> flow = pipeline_waterfall([pushed], dt.date(2025, 1, 1), dt.date(2025, 3, 31),
    ...                           model=StageModel.default())
    >>> flow.start, flow.pushed_out, flow.end
    (Money('500.00', 'USD'), Money('500.00', 'USD'), Money('0.00', 'USD'))
    """
    record = "pipeline_waterfall()"
    code = check_currency(currency, record=record)
    setup = _setup(start, end, model, period, include_omitted, record)
    sums = dict.fromkeys(_FIELDS, 0)
    scale = 0 if code is None else minor_units(code)
    for deal, move, a0, a1 in _moves(deals, setup, record):
        if deal.amount.currency != code:
            if code is not None:
                raise CurrencyMismatch.between(
                    code, deal.amount.currency, record=deal_record(deal)
                )
            code, scale = deal.amount.currency, minor_units(deal.amount.currency)
        u0 = 0 if a0 is None else int(a0.amount.scaleb(scale))
        u1 = 0 if a1 is None else int(a1.amount.scaleb(scale))
        sums["start"] += u0
        sums["end"] += u1
        if move in ("increased", "decreased"):
            sums[move] += abs(u1 - u0)
        elif move in ("created", "pulled_in"):
            sums[move] += u1
        elif move is not None:
            sums[move] += u0
    if code is None:
        raise ValidationError.for_field(
            record,
            "currency",
            currency,
            "a currency code when there are no deals",
            hint="pipeline_waterfall([], ..., currency='USD') gives an all-zero waterfall.",
        )
    return PipelineWaterfall(
        setup.window,
        setup.first,
        setup.last,
        **{field: Money.from_minor_units(units, code) for field, units in sums.items()},
    )


def waterfall_moves(
    deals: Iterable[Opportunity],
    start: dt.date,
    end: dt.date,
    *,
    model: StageModel,
    period: Period | None = None,
    include_omitted: bool = False,
) -> tuple[WaterfallMove, ...]:
    """The deals behind :func:`pipeline_waterfall`: one :class:`WaterfallMove` per deal that
    moved, in input order (deals that did not move are left out).

    >>> import datetime as dt
    >>> from salesmgmt import Money
    >>> from salesmgmt.pipeline import Opportunity, StageModel, waterfall_moves
    >>> new = Opportunity("O-9", "A-1", "R-1", Money(80, "USD"), dt.date(2025, 2, 1),
    ...                   dt.date(2025, 3, 15), "Prospecting")
    >>> waterfall_moves([new], dt.date(2025, 1, 1), dt.date(2025, 3, 31),
    ...                 model=StageModel.default())
    (WaterfallMove(opportunity_id='O-9', owner_id='R-1', move='created',
                   amount=Money('80.00', 'USD')),)
    """
    record = "waterfall_moves()"
    setup = _setup(start, end, model, period, include_omitted, record)
    result = []
    for deal, move, a0, a1 in _moves(deals, setup, record):
        if move is None:
            continue
        if move in ("increased", "decreased"):
            assert a0 is not None and a1 is not None  # noqa: PT018 - both sides are in
            amount = abs(a1 - a0)
        else:
            side = a1 if move in ("created", "pulled_in") else a0
            assert side is not None  # the side the deal was in
            amount = side
        result.append(WaterfallMove(deal.opportunity_id, deal.owner_id, move, amount))
    return tuple(result)
