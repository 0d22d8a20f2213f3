"""Deals as they stood on a day, rebuilt from their history; pipeline snapshots.

Every past state is a pure function of a deal's history: :func:`deal_as_of`
undoes, newest first, the events dated after the day asked for. Nothing after
that day is used, so a snapshot never "knows the future".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

import attrs

from salesmgmt._checks import check_date, check_type, iter_chunks
from salesmgmt.errors import ValidationError
from salesmgmt.money import Money
from salesmgmt.pipeline._deals import AmountChange, CloseDateChange, Opportunity, StageChange

__all__ = ["PipelineSnapshot", "deal_as_of", "snapshot"]


def iter_deals(deals: object, *, record: str, field: str = "deals") -> Iterator[Opportunity]:
    """Each item of ``deals``, checked to be an :class:`Opportunity` (private helper)."""
    seen = 0
    for chunk in iter_chunks(deals, record=record, field=field):
        for index, deal in enumerate(chunk, seen):
            if type(deal) is not Opportunity:
                check_type(deal, Opportunity, record=record, field=f"{field}[{index}]")
            yield deal
        seen += len(chunk)


def state_as_of(deal: Opportunity, day: dt.date) -> tuple[str, dt.date, Money] | None:
    """``(stage, close_date, amount)`` of ``deal`` at the end of ``day``, or ``None``
    when it did not exist yet (private fast path: builds no objects)."""
    if deal.created_on > day:
        return None
    stage, close, amount = deal.stage, deal.close_date, deal.amount
    history = deal.history
    if not history or history[-1].on <= day:
        return stage, close, amount
    for event in reversed(history):
        if event.on <= day:
            break
        if type(event) is StageChange:
            stage = event.from_stage
        elif type(event) is CloseDateChange:
            close = event.from_date
        else:
            assert type(event) is AmountChange
            amount = event.from_amount
    return stage, close, amount


def _last_day(deal: Opportunity) -> dt.date:
    """The latest date anything about ``deal`` is known (created, an event, an attachment)."""
    days = [deal.created_on]
    if deal.history:
        days.append(deal.history[-1].on)
    days.extend(item.on for item in deal.evidence)
    days.extend(item.on for item in deal.notes)
    days.extend(item.on for item in deal.touches)
    return max(days)


def deal_as_of(deal: Opportunity, day: dt.date) -> Opportunity | None:
    """The deal as it was known at the end of ``day``, rebuilt from its history.

    ``None`` when the deal was created after ``day``. Otherwise stage, close date
    and amount come from the last event of each kind on or before ``day`` (or the
    value before the first later event); history, evidence, notes and touches
    dated after ``day`` are dropped. On or after the last known date the deal
    itself comes back, so replaying the whole history reproduces the deal.

    Raises:
        WrongType: ``deal`` is not an :class:`Opportunity` or ``day`` not a date.

    >>> import datetime as dt
    >>> from salesmgmt import Money
    >>> from salesmgmt.pipeline import AmountChange, Opportunity, StageChange, deal_as_of
    >>> deal = Opportunity(
    ...     "O-1", "A-1", "R-1", Money(800, "USD"), dt.date(2025, 1, 6), dt.date(2025, 3, 31),
    ...     "Commit", history=[
    ...         StageChange(dt.date(2025, 2, 3), "Proposal", "Commit"),
    ...         AmountChange(dt.date(2025, 3, 3), Money(1000, "USD"), Money(800, "USD")),
    ...     ],
    ... )
    >>> before = deal_as_of(deal, dt.date(2025, 2, 10))
    >>> before.stage, before.amount, len(before.history)
    ('Commit', Money('1000.00', 'USD'), 1)
    >>> deal_as_of(deal, dt.date(2025, 1, 5)) is None
    True
    >>> deal_as_of(deal, dt.date.max) == deal
    True
    """
    record = "deal_as_of()"
    check_type(deal, Opportunity, record=record, field="deal")
    day = check_date(day, record=record, field="day")
    state = state_as_of(deal, day)
    if state is None:
        return None
    if _last_day(deal) <= day:
        return deal
    stage, close, amount = state
    return attrs.evolve(
        deal,
        stage=stage,
        close_date=close,
        amount=amount,
        history=tuple(event for event in deal.history if event.on <= day),
        evidence=tuple(item for item in deal.evidence if item.on <= day),
        notes=tuple(item for item in deal.notes if item.on <= day),
        touches=tuple(item for item in deal.touches if item.on <= day),
    )


def _snapshot_day(value: object) -> dt.date:
    return check_date(value, record="PipelineSnapshot", field="as_of")


def _snapshot_deals(value: object) -> tuple[Opportunity, ...]:
    return tuple(iter_deals(value, record="PipelineSnapshot"))


@attrs.frozen
class PipelineSnapshot:
    """Every deal as it was known on ``as_of``.

    Each deal was created on or before ``as_of`` and knows nothing dated after
    it (no history event, evidence, note or touch); ids are unique. Build one
    from current deals with :func:`snapshot`.

    Raises:
        WrongType: ``as_of`` is not a date or a deal not an :class:`Opportunity`.
        ValidationError: a deal knows something dated after ``as_of``, or two
            deals share an id.

    >>> import datetime as dt
    >>> from salesmgmt.pipeline import PipelineSnapshot
    >>> PipelineSnapshot(dt.date(2025, 1, 31), ())
    PipelineSnapshot(as_of=datetime.date(2025, 1, 31), deals=())
    """

    as_of: dt.date = attrs.field(converter=_snapshot_day)
    deals: tuple[Opportunity, ...] = attrs.field(converter=_snapshot_deals)

    def __attrs_post_init__(self) -> None:
        seen: set[str] = set()
        for index, deal in enumerate(self.deals):
            if deal.opportunity_id in seen:
                raise ValidationError.for_field(
                    "PipelineSnapshot",
                    f"deals[{index}].opportunity_id",
                    deal.opportunity_id,
                    "an id no other deal in the snapshot has",
                )
            seen.add(deal.opportunity_id)
            if _last_day(deal) > self.as_of:
                raise ValidationError.for_field(
                    "PipelineSnapshot",
                    f"deals[{index}]",
                    deal.opportunity_id,
                    f"a deal known as of {self.as_of.isoformat()} (it has facts dated"
                    f" {_last_day(deal).isoformat()})",
                    hint="Build snapshots with snapshot(deals, as_of).",
                )


def snapshot(deals: Iterable[Opportunity], as_of: dt.date) -> PipelineSnapshot:
    """The pipeline as it stood at the end of ``as_of``: :func:`deal_as_of` for every
    deal, leaving out deals created later. Deal order is kept.

    >>> import datetime as dt
    >>> from salesmgmt import Money
    >>> from salesmgmt.pipeline import Opportunity, snapshot
    >>> deals = [
    ...     Opportunity("O-1", "A-1", "R-1", Money(5, "USD"), dt.date(2025, 1, 2),
    ...                 dt.date(2025, 2, 1), "Prospecting"),
    ...     Opportunity("O-2", "A-1", "R-1", Money(7, "USD"), dt.date(2025, 3, 2),
    ...                 dt.date(2025, 4, 1), "Prospecting"),
    ... ]
    >>> [deal.opportunity_id for deal in snapshot(deals, dt.date(2025, 2, 1)).deals]
    ['O-1']
    """
    record = "snapshot()"
    day = check_date(as_of, record=record, field="as_of")
    kept = []
    for deal in iter_deals(deals, record=record):
        past = deal_as_of(deal, day)
        if past is not None:
            kept.append(past)
    return PipelineSnapshot(day, tuple(kept))
