"""Stage funnel, time in stage, coverage and sales velocity.

The funnel and time in stage read each deal's stage history; coverage and
velocity combine finished metrics. Catalogue entries: ``docs/metrics/pipeline.md``.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

import attrs

from salesmgmt._checks import check_int, check_type
from salesmgmt._decimal import RATIO, to_decimal
from salesmgmt.errors import CurrencyMismatch, ValidationError
from salesmgmt.money import Money, minor_units
from salesmgmt.periods import Period
from salesmgmt.pipeline._deals import Opportunity, StageChange
from salesmgmt.pipeline._history import iter_deals, state_as_of
from salesmgmt.pipeline._model import StageModel, check_model, stage_index
from salesmgmt.pipeline._tally import check_as_of, check_period, median, round_half_up, stage_for

__all__ = [
    "FunnelStep",
    "StageTime",
    "coverage",
    "sales_velocity",
    "stage_funnel",
    "time_in_stage",
]


def coverage(pipeline: Money, remaining_quota: Money) -> Decimal | None:
    """Pipeline ÷ remaining quota (pipeline coverage, e.g. 3 means "3×").

    ``None`` when the remaining quota is zero or negative (the quota is already
    met: coverage is undefined, not infinite).

    >>> from salesmgmt import Money
    >>> from salesmgmt.pipeline import coverage
    >>> coverage(Money(300000, "USD"), Money(100000, "USD"))
    Decimal('3')
    >>> coverage(Money(300000, "USD"), Money(0, "USD")) is None
    True
    """
    record = "coverage()"
    check_type(pipeline, Money, record=record, field="pipeline")
    check_type(remaining_quota, Money, record=record, field="remaining_quota")
    if pipeline.currency != remaining_quota.currency:
        raise CurrencyMismatch.between(pipeline.currency, remaining_quota.currency, record=record)
    if remaining_quota.amount <= 0:
        return None
    result = RATIO.divide(pipeline.amount, remaining_quota.amount)
    return Decimal(0) if result.is_zero() else result


def sales_velocity(
    open_deals: int,
    win_rate: Decimal | None,
    average_deal: Money | None,
    cycle_days: int | Decimal | None,
) -> Money | None:
    """Sales (pipeline) velocity: open deals × win rate × average deal ÷ cycle days, per day.

    Computed exactly and rounded once, ROUND_HALF_UP, to minor units. ``None``
    when ``win_rate``, ``average_deal`` or ``cycle_days`` is ``None`` (so the
    results of :func:`win_rate`, :func:`average_deal_size` and
    :func:`sales_cycle` can be passed straight in) or when ``cycle_days`` is 0.

    >>> from decimal import Decimal
    >>> from salesmgmt import Money
    >>> from salesmgmt.pipeline import sales_velocity
    >>> sales_velocity(50, Decimal("0.2"), Money(10000, "USD"), 90)
    Money('1111.11', 'USD')
    >>> sales_velocity(50, Decimal("0.2"), Money(10000, "USD"), 0) is None
    True
    """
    record = "sales_velocity()"
    count = check_int(open_deals, record=record, field="open_deals", min_value=0, max_value=10**12)
    rate = None
    if win_rate is not None:
        rate = to_decimal(win_rate, record=record, field="win_rate", max_abs_exponent=1)
        if not 0 <= rate <= 1:
            raise ValidationError.for_field(record, "win_rate", win_rate, "between 0 and 1")
    if average_deal is not None:
        check_type(average_deal, Money, record=record, field="average_deal")
    days = None
    if cycle_days is not None:
        days = to_decimal(cycle_days, record=record, field="cycle_days", max_abs_exponent=7)
        if days < 0:
            raise ValidationError.for_field(record, "cycle_days", cycle_days, "at least 0")
    if rate is None or average_deal is None or days is None or days.is_zero():
        return None
    per_day = count * Fraction(rate) * average_deal.to_minor_units() / Fraction(days)
    units = round_half_up(per_day)
    limit = 10 ** (18 + minor_units(average_deal.currency))
    if abs(units) >= limit:
        raise ValidationError.for_field(record, "result", units, "below 10**18 in magnitude")
    return Money.from_minor_units(units, average_deal.currency)


# -- funnel and time in stage ----------------------------------------------------------------


def _stage_path(deal: Opportunity, day: dt.date | None) -> list[tuple[dt.date, str]]:
    """``[(entered_on, stage), …]``: the stages a deal was in, in order, up to ``day``."""
    changes = [
        event
        for event in deal.history
        if type(event) is StageChange and (day is None or event.on <= day)
    ]
    if not changes:
        state = None if day is None else state_as_of(deal, day)
        return [(deal.created_on, deal.stage if state is None else state[0])]
    first = changes[0].from_stage
    return [(deal.created_on, first)] + [(event.on, event.to_stage) for event in changes]


@attrs.frozen
class FunnelStep:
    """One open stage of the conversion funnel.

    ``reached`` deals got to this stage or beyond; ``advanced`` of them got past
    it (to a later open stage or to won); ``conversion`` is advanced ÷ reached,
    ``None`` when no deal reached the stage.

    >>> from decimal import Decimal
    >>> from salesmgmt.pipeline import FunnelStep
    >>> FunnelStep("Proposal", 10, 4, Decimal("0.4")).conversion
    Decimal('0.4')
    """

    stage: str
    reached: int
    advanced: int
    conversion: Decimal | None

    def __attrs_post_init__(self) -> None:
        check_type(self.stage, str, record="FunnelStep", field="stage")
        check_int(self.reached, record="FunnelStep", field="reached", min_value=0)
        check_int(
            self.advanced,
            record="FunnelStep",
            field="advanced",
            min_value=0,
            max_value=self.reached,
        )
        if self.conversion is not None:
            check_type(self.conversion, Decimal, record="FunnelStep", field="conversion")


def stage_funnel(
    deals: Iterable[Opportunity],
    period: Period,
    *,
    model: StageModel,
    as_of: dt.date | None = None,
) -> tuple[FunnelStep, ...]:
    """Stage-to-stage conversion over the deals that closed (won or lost) in ``period``.

    A deal *reached* an open stage when its stage history touched that stage or
    a later open stage (by the model's order); a won deal reached every open
    stage. Each step's ``advanced`` is the next step's ``reached`` (for the last
    open stage: the won deals). Only finished journeys count, so open deals
    cannot make early stages look leaky.

    Raises:
        UnknownReference: a stage in a deal's history is not in ``model``.

    >>> import datetime as dt
    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.pipeline import Opportunity, StageChange, StageModel, stage_funnel
    >>> day = dt.date(2025, 1, 2)
    >>> won = Opportunity("O-1", "A-1", "R-1", Money(1, "USD"), day, dt.date(2025, 1, 30),
    ...     "Closed Won", history=[StageChange(day, "Prospecting", "Closed Won")])
    >>> lost = Opportunity("O-2", "A-1", "R-1", Money(1, "USD"), day, dt.date(2025, 1, 30),
    ...     "Closed Lost", history=[StageChange(day, "Qualification", "Closed Lost")])
    >>> [(s.stage, s.reached, s.advanced) for s in
    ...  stage_funnel([won, lost], Period.month(2025, 1), model=StageModel.default())][:3]
    [('Prospecting', 2, 2), ('Qualification', 2, 1), ('Proposal', 1, 1)]
    """
    record = "stage_funnel()"
    stages = stage_index(check_model(model, record=record))
    window = check_period(period, record=record)
    day = check_as_of(as_of, record=record)
    opens = [stage.name for stage in model.stages if stage.is_open]
    rank = {name: index for index, name in enumerate(opens)}
    reach = [0] * (len(opens) + 1)  # reach[i]: deals that got past open stage i - 1
    for deal in iter_deals(deals, record=record):
        state = (deal.stage, deal.close_date) if day is None else state_as_of(deal, day)
        if state is None:
            continue
        final = stage_for(deal, state[0], stages)
        if final.is_open or not window.contains(state[1]):
            continue
        if final.won:
            furthest = len(opens)
        else:
            furthest = -1
            for _, name in _stage_path(deal, day):
                stage_for(deal, name, stages)
                furthest = max(furthest, rank.get(name, -1))
        for index in range(furthest + 1):
            reach[index] += 1
    return tuple(
        FunnelStep(
            name,
            reach[index],
            reach[index + 1],
            None
            if not reach[index]
            else RATIO.divide(Decimal(reach[index + 1]), Decimal(reach[index])),
        )
        for index, name in enumerate(opens)
    )


@attrs.frozen
class StageTime:
    """How long deals stayed in one stage: completed visits, mean and median days.

    ``mean_days`` and ``median_days`` are ``None`` when no visit to the stage
    was completed.

    >>> from decimal import Decimal
    >>> from salesmgmt.pipeline import StageTime
    >>> StageTime("Proposal", 0, None, None).visits
    0
    """

    stage: str
    visits: int
    mean_days: Decimal | None
    median_days: Decimal | None

    def __attrs_post_init__(self) -> None:
        check_type(self.stage, str, record="StageTime", field="stage")
        check_int(self.visits, record="StageTime", field="visits", min_value=0)
        for field in ("mean_days", "median_days"):
            value = getattr(self, field)
            if value is not None:
                check_type(value, Decimal, record="StageTime", field=field)


def time_in_stage(
    deals: Iterable[Opportunity],
    period: Period,
    *,
    model: StageModel,
    as_of: dt.date | None = None,
) -> tuple[StageTime, ...]:
    """Days spent in each open stage, over the deals whose close date falls in ``period``.

    A visit starts when the deal entered the stage (``created_on`` for the first
    stage) and ends at the next stage change; the visit still under way (the
    deal's current stage) is not counted, since its length is not known yet.
    One :class:`StageTime` per open stage, in model order.

    >>> import datetime as dt
    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.pipeline import Opportunity, StageChange, StageModel, time_in_stage
    >>> deal = Opportunity("O-1", "A-1", "R-1", Money(1, "USD"), dt.date(2025, 1, 1),
    ...     dt.date(2025, 2, 28), "Proposal", history=[
    ...         StageChange(dt.date(2025, 1, 11), "Prospecting", "Qualification"),
    ...         StageChange(dt.date(2025, 1, 31), "Qualification", "Proposal")])
    >>> [(t.stage, t.visits, t.mean_days) for t in
    ...  time_in_stage([deal], Period.month(2025, 2), model=StageModel.default())][:3]
    [('Prospecting', 1, Decimal('10')), ('Qualification', 1, Decimal('20')), ('Proposal', 0, None)]
    """
    record = "time_in_stage()"
    stages = stage_index(check_model(model, record=record))
    window = check_period(period, record=record)
    day = check_as_of(as_of, record=record)
    opens = [stage.name for stage in model.stages if stage.is_open]
    visits: dict[str, dict[int, int]] = {name: {} for name in opens}
    for deal in iter_deals(deals, record=record):
        state = (deal.stage, deal.close_date) if day is None else state_as_of(deal, day)
        if state is None or not window.contains(state[1]):
            continue
        stage_for(deal, state[0], stages)
        path = _stage_path(deal, day)
        for (entered, name), (left, _) in itertools.pairwise(path):
            stage_for(deal, name, stages)
            if name in visits:
                days = (left - entered).days
                visits[name][days] = visits[name].get(days, 0) + 1
    result = []
    for name in opens:
        histogram = visits[name]
        count = sum(histogram.values())
        if not count:
            result.append(StageTime(name, 0, None, None))
            continue
        total_days = sum(days * n for days, n in histogram.items())
        mean = RATIO.divide(Decimal(total_days), Decimal(count))
        result.append(StageTime(name, count, mean, median(histogram)))
    return tuple(result)
