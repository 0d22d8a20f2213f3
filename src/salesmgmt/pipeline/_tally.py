"""The pipeline tally: one pass over the deals into mergeable integer counts and sums.

See :mod:`salesmgmt.pipeline._metrics` for the finalise step and the catalogue
entries in ``docs/metrics/pipeline.md``.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Final, TypeAlias

import attrs

from salesmgmt._checks import check_choice, check_date, check_int, check_str, check_type
from salesmgmt.errors import CurrencyMismatch, UnknownReference, ValidationError
from salesmgmt.money import known_currencies, minor_units
from salesmgmt.periods import Period
from salesmgmt.pipeline._deals import Opportunity
from salesmgmt.pipeline._history import iter_deals, state_as_of
from salesmgmt.pipeline._model import CATEGORIES, Stage, StageModel, check_model, stage_index

__all__ = ["PipelineTally", "tally"]

_MAX_ROWS: Final = 10_000_000

Cell: TypeAlias = tuple[tuple[str, str, str], int, int]
CycleCell: TypeAlias = tuple[tuple[str, int], int]
CreatedCell: TypeAlias = tuple[str, int, int]


# -- small helpers ---------------------------------------------------------------------------


def deal_record(deal: Opportunity) -> str:
    """``"Opportunity 'O-17'"`` for messages (private helper)."""
    return f"Opportunity {deal.opportunity_id!r}"


def stage_for(deal: Opportunity, name: str, stages: Mapping[str, Stage]) -> Stage:
    """The stage ``name`` of ``deal``, or UnknownReference naming the deal (private)."""
    stage = stages.get(name)
    if stage is None:
        listed = ", ".join(repr(known) for known in stages)
        raise UnknownReference.for_field(
            deal_record(deal), "stage", name, f"a stage of the model: {listed}"
        )
    return stage


def check_currency(value: object, *, record: str) -> str | None:
    """``None`` or a known ISO 4217 code (private helper)."""
    if value is None:
        return None
    code = check_type(value, str, record=record, field="currency", expected="a currency code")
    if code not in known_currencies():
        raise ValidationError.for_field(record, "currency", value, "a known ISO 4217 code")
    return code


def check_period(value: object, *, record: str) -> Period:
    """``value`` if it is a :class:`~salesmgmt.Period` (private helper)."""
    return check_type(value, Period, record=record, field="period")


def check_as_of(value: object, *, record: str) -> dt.date | None:
    """``None`` or a date (private helper)."""
    return None if value is None else check_date(value, record=record, field="as_of")


def round_half_up(value: Fraction) -> int:
    """``value`` rounded to an int, halves away from zero (ROUND_HALF_UP)."""
    magnitude = (abs(value.numerator) * 2 + value.denominator) // (2 * value.denominator)
    return magnitude if value >= 0 else -magnitude


def median(histogram: Mapping[int, int]) -> Decimal:
    """The median of a non-empty histogram ``{value: count}`` (the mean of the two middle
    values for an even total count), exact."""
    count = sum(histogram.values())
    low_rank, high_rank = (count - 1) // 2, count // 2
    low: int | None = None
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if low is None and seen > low_rank:
            low = value
        if seen > high_rank:
            middle = (low if low is not None else value) + value
            return Decimal(middle // 2) if middle % 2 == 0 else Decimal(f"{middle // 2}.5")
    raise ValidationError.for_field("median()", "histogram", histogram, "a non-empty histogram")


# -- the tally -------------------------------------------------------------------------------


def _rows(value: object, field: str, width: int) -> tuple[tuple[object, ...], ...]:
    record = "PipelineTally"
    if isinstance(value, list):
        value = tuple(value)
    if not isinstance(value, tuple):
        raise ValidationError.for_field(record, field, value, "a tuple of rows")
    if len(value) > _MAX_ROWS:
        raise ValidationError.for_field(record, field, f"<{len(value)} rows>", "fewer rows")
    for index, row in enumerate(value):
        if not isinstance(row, tuple) or len(row) != width:
            raise ValidationError.for_field(
                record, f"{field}[{index}]", row, f"a tuple of {width} items"
            )
        for position, count in enumerate(row[1:], 1):
            check_int(count, record=record, field=f"{field}[{index}][{position}]", min_value=0)
    return value


def _unique(rows: tuple[tuple[object, ...], ...], field: str) -> tuple[tuple[object, ...], ...]:
    """``rows`` sorted by key, refusing a key that appears twice (equal tallies compare equal)."""
    ordered = sorted(rows, key=lambda row: row[0])  # type: ignore[arg-type,return-value] # keys are checked tuples or strings
    for first, second in itertools.pairwise(ordered):
        if first[0] == second[0]:
            raise ValidationError.for_field(
                "PipelineTally", field, first[0], "rows with unique keys (merge them with +)"
            )
    return tuple(ordered)


def _cells(value: object) -> tuple[Cell, ...]:
    field = "cells"
    rows = _rows(value, "cells", 3)
    for index, row in enumerate(rows):
        key = row[0]
        if not isinstance(key, tuple) or len(key) != 3:
            raise ValidationError.for_field(
                "PipelineTally", f"cells[{index}][0]", key, "an (owner_id, stage, category) key"
            )
        check_str(key[0], record="PipelineTally", field=f"cells[{index}].owner_id")
        check_str(key[1], record="PipelineTally", field=f"cells[{index}].stage")
        check_choice(key[2], CATEGORIES, record="PipelineTally", field=f"cells[{index}].category")
    return _unique(rows, field)  # type: ignore[return-value] # checked row by row above


def _cycles(value: object) -> tuple[CycleCell, ...]:
    field = "cycles"
    rows = _rows(value, "cycles", 2)
    for index, row in enumerate(rows):
        key = row[0]
        if not isinstance(key, tuple) or len(key) != 2:
            raise ValidationError.for_field(
                "PipelineTally", f"cycles[{index}][0]", key, "an (owner_id, days) key"
            )
        check_str(key[0], record="PipelineTally", field=f"cycles[{index}].owner_id")
        check_int(key[1], record="PipelineTally", field=f"cycles[{index}].days", min_value=0)
    return _unique(rows, field)  # type: ignore[return-value] # checked row by row above


def _created(value: object) -> tuple[CreatedCell, ...]:
    field = "created"
    rows = _rows(value, "created", 3)
    for index, row in enumerate(rows):
        check_str(row[0], record="PipelineTally", field=f"created[{index}].owner_id")
    return _unique(rows, field)  # type: ignore[return-value] # checked row by row above


def _tally_period(value: object) -> Period:
    return check_period(value, record="PipelineTally")


def _tally_as_of(value: object) -> dt.date | None:
    return check_as_of(value, record="PipelineTally")


def _tally_currency(value: object) -> str | None:
    return check_currency(value, record="PipelineTally")


@attrs.frozen
class PipelineTally:
    """The mergeable parts of every pipeline metric for one period (and ``as_of``).

    * ``cells``: ``((owner_id, stage, category), count, units)`` for deals whose
      close date falls in ``period``: how many, and their amounts summed in
      integer minor units of ``currency``.
    * ``cycles``: ``((owner_id, days), count)``: won deals in the period by sales
      cycle length in days (a histogram, so medians merge exactly).
    * ``created``: ``(owner_id, count, units)`` for deals created in the period.

    ``currency`` is ``None`` only when no deal was counted. Rows are kept sorted,
    so equal tallies compare equal. ``a + b`` merges the tallies of two disjoint
    deal sets (same period and ``as_of``).

    >>> import datetime as dt
    >>> from salesmgmt import Period
    >>> from salesmgmt.pipeline import PipelineTally
    >>> a = PipelineTally(Period.month(2025, 1), None, "USD",
    ...                   cells=((("R-1", "Proposal", "best_case"), 1, 10000),))
    >>> (a + a).cells
    ((('R-1', 'Proposal', 'best_case'), 2, 20000),)
    """

    period: Period = attrs.field(converter=_tally_period)
    as_of: dt.date | None = attrs.field(converter=_tally_as_of)
    currency: str | None = attrs.field(converter=_tally_currency)
    cells: tuple[Cell, ...] = attrs.field(default=(), kw_only=True, converter=_cells)
    cycles: tuple[CycleCell, ...] = attrs.field(default=(), kw_only=True, converter=_cycles)
    created: tuple[CreatedCell, ...] = attrs.field(default=(), kw_only=True, converter=_created)

    def __add__(self, other: PipelineTally) -> PipelineTally:
        record = "PipelineTally"
        check_type(other, PipelineTally, record=record, field="other")
        if other.period != self.period or other.as_of != self.as_of:
            raise ValidationError.for_field(
                record,
                "other",
                (other.period, other.as_of),
                f"a tally of the same period and as_of ({self.period}, {self.as_of})",
            )
        if self.currency and other.currency and self.currency != other.currency:
            raise CurrencyMismatch.between(self.currency, other.currency, record=record)
        cells = _add_rows(self.cells, other.cells)
        cycles: dict[tuple[str, int], int] = dict(self.cycles)
        for key, count in other.cycles:
            cycles[key] = cycles.get(key, 0) + count
        created: dict[str, tuple[int, int]] = {row[0]: row[1:] for row in self.created}
        for owner, count, units in other.created:
            before = created.get(owner, (0, 0))
            created[owner] = (before[0] + count, before[1] + units)
        return PipelineTally(
            self.period,
            self.as_of,
            self.currency or other.currency,
            cells=cells,
            cycles=tuple(cycles.items()),
            created=tuple((owner, c, u) for owner, (c, u) in created.items()),
        )


def _add_rows(first: tuple[Cell, ...], second: tuple[Cell, ...]) -> tuple[Cell, ...]:
    merged: dict[tuple[str, str, str], list[int]] = {}
    for key, count, units in (*first, *second):
        slot = merged.setdefault(key, [0, 0])
        slot[0] += count
        slot[1] += units
    return tuple((key, c, u) for key, (c, u) in merged.items())


def tally(
    deals: Iterable[Opportunity],
    period: Period,
    *,
    model: StageModel,
    as_of: dt.date | None = None,
) -> PipelineTally:
    """Count and sum ``deals`` for ``period`` in one pass: the mergeable parts of every metric.

    With ``as_of``, each deal is taken as it stood at the end of that day
    (rebuilt from its history; deals created later are skipped).

    Raises:
        UnknownReference: a deal's stage is not in ``model`` (names the deal).
        CurrencyMismatch: the deals' amounts are in different currencies.

    >>> import datetime as dt
    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.pipeline import Opportunity, StageModel, tally
    >>> deal = Opportunity("O-1", "A-1", "R-1", Money(100, "USD"), dt.date(2025, 1, 2),
    ...                    dt.date(2025, 1, 20), "Closed Won")
    >>> parts = tally([deal], Period.month(2025, 1), model=StageModel.default())
    >>> parts.cells, parts.cycles, parts.created
    (((('R-1', 'Closed Won', 'closed'), 1, 10000),), ((('R-1', 18), 1),), (('R-1', 1, 10000),))
    """
    record = "tally()"
    stages = stage_index(check_model(model, record=record))
    window = check_period(period, record=record)
    day = check_as_of(as_of, record=record)
    start, end = window.start, window.end
    cells: dict[tuple[str, str, str], list[int]] = {}
    cycles: dict[tuple[str, int], int] = {}
    created: dict[str, list[int]] = {}
    currency: str | None = None
    scale = 0
    for deal in iter_deals(deals, record=record):
        if day is None:
            name, close, amount = deal.stage, deal.close_date, deal.amount
        else:
            state = state_as_of(deal, day)
            if state is None:
                continue
            name, close, amount = state
        stage = stage_for(deal, name, stages)
        if amount.currency != currency:
            if currency is not None:
                raise CurrencyMismatch.between(currency, amount.currency, record=deal_record(deal))
            currency, scale = amount.currency, minor_units(amount.currency)
        units = int(amount.amount.scaleb(scale))
        owner = deal.owner_id
        if start <= close <= end:
            if stage.is_open:
                category = deal.forecast_category or stage.category
            else:
                category = stage.category
            slot = cells.setdefault((owner, name, category), [0, 0])
            slot[0] += 1
            slot[1] += units
            if stage.won:
                key = (owner, (close - deal.created_on).days)
                cycles[key] = cycles.get(key, 0) + 1
        if start <= deal.created_on <= end:
            made = created.setdefault(owner, [0, 0])
            made[0] += 1
            made[1] += units
    return PipelineTally(
        window,
        day,
        currency,
        cells=tuple((key, c, u) for key, (c, u) in cells.items()),
        cycles=tuple(cycles.items()),
        created=tuple((owner, c, u) for owner, (c, u) in created.items()),
    )
