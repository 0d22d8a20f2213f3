"""Pipeline metrics: tally, merge, finalise.

One pass over the deals builds a :class:`PipelineTally`: integer deal counts
and minor-unit sums per ``(owner, stage, category)`` for deals whose close date
falls in the period, a histogram of sales-cycle days per owner for won deals,
and counts and sums per owner for deals created in the period. Tallies of
disjoint deal sets add with ``+``. :func:`finalise` does all the Decimal work
once, on the small merged tally: open and weighted pipeline, win rates, average
deal size, sales cycle. The single-metric functions (:func:`open_pipeline`,
:func:`win_rate` …) are thin wrappers, so each metric is defined once. The
catalogue entries are in ``docs/metrics/pipeline.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Final, Literal, TypeAlias

import attrs

from salesmgmt._checks import check_choice, check_int, check_type
from salesmgmt._decimal import RATIO, to_decimal
from salesmgmt.errors import CurrencyMismatch, UnknownReference, ValidationError
from salesmgmt.money import Money
from salesmgmt.periods import Period
from salesmgmt.pipeline._deals import Opportunity
from salesmgmt.pipeline._model import CATEGORIES, Stage, StageModel, check_model, stage_index
from salesmgmt.pipeline._rates import sales_velocity as _velocity
from salesmgmt.pipeline._tally import PipelineTally, check_currency, median, round_half_up, tally

__all__ = [
    "CategoryWeights",
    "PipelineMetrics",
    "SalesCycle",
    "WeightBy",
    "average_deal_size",
    "by_owner",
    "finalise",
    "finalise_by_owner",
    "open_pipeline",
    "pipeline_created",
    "pipeline_metrics",
    "sales_cycle",
    "weighted_pipeline",
    "win_rate",
]

WeightBy: TypeAlias = Literal["probability", "category"]
_WEIGHT_BY: Final = ("probability", "category")
_SLOT: Final = (
    "open_count",
    "open_units",
    "won_count",
    "won_units",
    "lost_count",
    "lost_units",
    "created_count",
    "created_units",
    "weighted",
)


# -- policies and results --------------------------------------------------------------------


def _category_weight(value: object, field: str) -> Decimal:
    number = to_decimal(value, record="CategoryWeights", field=field, max_abs_exponent=2)
    if not 0 <= number <= 1:
        raise ValidationError.for_field("CategoryWeights", field, value, "between 0 and 1")
    return number


def _omitted(value: object) -> Decimal:
    return _category_weight(value, "omitted")


def _pipeline(value: object) -> Decimal:
    return _category_weight(value, "pipeline")


def _best_case(value: object) -> Decimal:
    return _category_weight(value, "best_case")


def _commit(value: object) -> Decimal:
    return _category_weight(value, "commit")


def _closed(value: object) -> Decimal:
    return _category_weight(value, "closed")


@attrs.frozen
class CategoryWeights:
    """The weight of each forecast category for ``weighted_pipeline(by="category")``.

    Defaults: omitted 0, pipeline 0.2, best_case 0.5, commit 0.9, closed 1. No
    vendor publishes default category weights; these are the library's choice,
    read as "how much of each category a manager expects to land". Each weight
    lies in [0, 1], so the weighted pipeline never exceeds the open pipeline.

    >>> from salesmgmt.pipeline import CategoryWeights
    >>> CategoryWeights().commit, CategoryWeights(commit="0.8").commit
    (Decimal('0.9'), Decimal('0.8'))
    """

    omitted: Decimal = attrs.field(default=Decimal(0), converter=_omitted)
    pipeline: Decimal = attrs.field(default=Decimal("0.2"), converter=_pipeline)
    best_case: Decimal = attrs.field(default=Decimal("0.5"), converter=_best_case)
    commit: Decimal = attrs.field(default=Decimal("0.9"), converter=_commit)
    closed: Decimal = attrs.field(default=Decimal(1), converter=_closed)

    def weight(self, category: str) -> Decimal:
        """The weight of ``category``.

        >>> from salesmgmt.pipeline import CategoryWeights
        >>> CategoryWeights().weight("best_case")
        Decimal('0.5')
        """
        chosen = check_choice(category, CATEGORIES, record="CategoryWeights", field="category")
        value: Decimal = getattr(self, chosen)
        return value


def _cycle_count(value: object) -> int:
    return check_int(value, record="SalesCycle", field="count", min_value=1)


def _cycle_days(value: object, field: str) -> Decimal:
    days = to_decimal(value, record="SalesCycle", field=field, max_abs_exponent=7)
    if days < 0:
        raise ValidationError.for_field("SalesCycle", field, value, "at least 0")
    return days


def _mean_days(value: object) -> Decimal:
    return _cycle_days(value, "mean_days")


def _median_days(value: object) -> Decimal:
    return _cycle_days(value, "median_days")


@attrs.frozen
class SalesCycle:
    """Days from creation to win over the won deals: how many, the mean and the median.

    >>> from decimal import Decimal
    >>> from salesmgmt.pipeline import SalesCycle
    >>> SalesCycle(3, Decimal("40"), Decimal("30")).median_days
    Decimal('30')
    """

    count: int = attrs.field(converter=_cycle_count)
    mean_days: Decimal = attrs.field(converter=_mean_days)
    median_days: Decimal = attrs.field(converter=_median_days)


@attrs.frozen
class PipelineMetrics:
    """All pipeline metrics for one owner (or everyone, ``owner_id=None``) over one period.

    Money fields are in the tally's currency. ``win_rate`` (by count) and
    ``win_rate_by_value`` are ``None`` when nothing closed; ``average_deal_size``
    and ``sales_cycle`` are ``None`` when nothing was won.

    >>> import datetime as dt
    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.pipeline import Opportunity, StageModel, pipeline_metrics
    >>> deal = Opportunity("O-1", "A-1", "R-1", Money(100, "USD"), dt.date(2025, 1, 2),
    ...                    dt.date(2025, 1, 20), "Proposal")
    >>> metrics = pipeline_metrics([deal], Period.month(2025, 1), model=StageModel.default())
    >>> metrics.open_pipeline, metrics.weighted_pipeline, metrics.win_rate
    (Money('100.00', 'USD'), Money('40.00', 'USD'), None)
    """

    owner_id: str | None
    open_count: int
    open_pipeline: Money
    weighted_pipeline: Money
    won_count: int
    won_amount: Money
    lost_count: int
    lost_amount: Money
    win_rate: Decimal | None
    win_rate_by_value: Decimal | None
    average_deal_size: Money | None
    sales_cycle: SalesCycle | None
    created_count: int
    pipeline_created: Money

    @property
    def sales_velocity(self) -> Money | None:
        """Open deals × win rate × average deal size ÷ mean sales cycle days, per day.

        :func:`~salesmgmt.pipeline.sales_velocity` of this result's own
        ``open_count``, ``win_rate``, ``average_deal_size`` and
        ``sales_cycle.mean_days``; ``None`` when nothing closed or was won (or
        the mean cycle is 0 days). The win rate, deal size and cycle come from
        the deals closed in the period; to weigh today's open deals with last
        quarter's rates, call :func:`~salesmgmt.pipeline.sales_velocity` with
        the figures you choose.

        >>> import datetime as dt
        >>> from salesmgmt import Money, Period
        >>> from salesmgmt.pipeline import Opportunity, StageModel, pipeline_metrics
        >>> def deal(i, stage, close):
        ...     return Opportunity(f"O-{i}", "A-1", "R-1", Money(9000, "USD"),
        ...                        dt.date(2025, 1, 1), close, stage)
        >>> deals = [deal(1, "Closed Won", dt.date(2025, 1, 31)),
        ...          deal(2, "Closed Lost", dt.date(2025, 2, 1)),
        ...          *(deal(i, "Proposal", dt.date(2025, 3, 1)) for i in range(3, 7))]
        >>> pipeline_metrics(deals, Period.quarter(2025, 1),
        ...                  model=StageModel.default()).sales_velocity  # 4 × 0.5 × 9,000 ÷ 30
        Money('600.00', 'USD')
        """
        cycle = self.sales_cycle
        return _velocity(
            self.open_count,
            self.win_rate,
            self.average_deal_size,
            None if cycle is None else cycle.mean_days,
        )


# -- finalise --------------------------------------------------------------------------------


def _grouped(
    parts: PipelineTally,
    stages: Mapping[str, Stage],
    by: str,
    weights: CategoryWeights,
    include_omitted: bool,
    per_owner: bool,
) -> tuple[dict[str | None, dict[str, int | Fraction]], dict[str | None, dict[int, int]]]:
    groups: dict[str | None, dict[str, int | Fraction]] = {}
    factors: dict[str, Fraction] = {c: Fraction(weights.weight(c)) for c in CATEGORIES}

    def group(owner: str) -> dict[str, int | Fraction]:
        return groups.setdefault(owner if per_owner else None, dict.fromkeys(_SLOT, 0))

    for (owner, name, category), count, units in parts.cells:
        stage = stages.get(name)
        if stage is None:
            listed = ", ".join(repr(known) for known in stages)
            raise UnknownReference.for_field(
                "PipelineTally", "stage", name, f"a stage of the model: {listed}"
            )
        slot = group(owner)
        if stage.won:
            slot["won_count"] += count
            slot["won_units"] += units
        elif stage.lost:
            slot["lost_count"] += count
            slot["lost_units"] += units
        elif include_omitted or category != "omitted":
            slot["open_count"] += count
            slot["open_units"] += units
            factor = Fraction(stage.probability) if by == "probability" else factors[category]
            slot["weighted"] += units * factor
    for owner, count, units in parts.created:
        slot = group(owner)
        slot["created_count"] += count
        slot["created_units"] += units
    cycles: dict[str | None, dict[int, int]] = {}
    for (owner, days), count in parts.cycles:
        group(owner)
        histogram = cycles.setdefault(owner if per_owner else None, {})
        histogram[days] = histogram.get(days, 0) + count
    return groups, cycles


def _ratio(numerator: int, denominator: int) -> Decimal | None:
    if not denominator:
        return None
    result = RATIO.divide(Decimal(numerator), Decimal(denominator))
    return Decimal(0) if result.is_zero() else result


def _cycle(histogram: Mapping[int, int] | None) -> SalesCycle | None:
    if not histogram:
        return None
    count = sum(histogram.values())
    days = sum(value * n for value, n in histogram.items())
    mean = RATIO.divide(Decimal(days), Decimal(count))
    return SalesCycle(count, mean, median(histogram))


def _metrics(
    owner: str | None,
    slot: Mapping[str, int | Fraction],
    histogram: Mapping[int, int] | None,
    code: str,
) -> PipelineMetrics:
    def money(units: int | Fraction) -> Money:
        return Money.from_minor_units(int(units), code)

    won_count = int(slot["won_count"])
    return PipelineMetrics(
        owner_id=owner,
        open_count=int(slot["open_count"]),
        open_pipeline=money(slot["open_units"]),
        weighted_pipeline=money(round_half_up(Fraction(slot["weighted"]))),
        won_count=won_count,
        won_amount=money(slot["won_units"]),
        lost_count=int(slot["lost_count"]),
        lost_amount=money(slot["lost_units"]),
        win_rate=_ratio(won_count, won_count + int(slot["lost_count"])),
        win_rate_by_value=_ratio(
            int(slot["won_units"]), int(slot["won_units"]) + int(slot["lost_units"])
        ),
        average_deal_size=(
            money(round_half_up(Fraction(int(slot["won_units"]), won_count)))
            if won_count
            else None
        ),
        sales_cycle=_cycle(histogram),
        created_count=int(slot["created_count"]),
        pipeline_created=money(slot["created_units"]),
    )


def _finalise_all(
    parts: object,
    model: object,
    by: object,
    category_weights: object,
    currency: object,
    include_omitted: object,
    per_owner: bool,
    record: str,
) -> tuple[PipelineMetrics, ...]:
    checked = check_type(parts, PipelineTally, record=record, field="tally")
    stages = stage_index(check_model(model, record=record))
    weigh_by = check_choice(by, _WEIGHT_BY, record=record, field="by")
    weights = (
        CategoryWeights()
        if category_weights is None
        else check_type(category_weights, CategoryWeights, record=record, field="category_weights")
    )
    if not isinstance(include_omitted, bool):
        raise ValidationError.for_field(
            record, "include_omitted", include_omitted, "True or False"
        )
    code = check_currency(currency, record=record)
    if code and checked.currency and code != checked.currency:
        raise CurrencyMismatch.between(checked.currency, code, record=record)
    code = code or checked.currency
    if code is None:
        raise ValidationError.for_field(
            record,
            "currency",
            currency,
            "a currency code when no deal was counted",
            hint="Pass currency='USD' to get zero amounts for an empty pipeline.",
        )
    groups, cycles = _grouped(checked, stages, weigh_by, weights, include_omitted, per_owner)
    if not per_owner and None not in groups:
        groups[None] = dict.fromkeys(_SLOT, 0)
    return tuple(
        _metrics(owner, groups[owner], cycles.get(owner), code)
        for owner in sorted(groups, key=lambda o: (o is not None, o or ""))
    )


def finalise(
    parts: PipelineTally,
    *,
    model: StageModel,
    by: WeightBy = "probability",
    category_weights: CategoryWeights | None = None,
    currency: str | None = None,
    include_omitted: bool = False,
) -> PipelineMetrics:
    """Turn a (merged) tally into the metrics for everyone: the one place the Decimal work happens.

    Args:
        parts: the tally, usually merged from several.
        model: the stage model (probabilities for ``by="probability"``).
        by: weigh open deals by their stage's probability or by their forecast
            category (``category_weights``, :class:`CategoryWeights` by default).
        category_weights: the weights for ``by="category"``.
        currency: the currency of the zero amounts when the tally is empty.
        include_omitted: count open deals whose forecast category is
            ``"omitted"`` in the open and weighted pipeline (off by default, as in
            Salesforce forecasts).

    >>> import datetime as dt
    >>> from salesmgmt import Period
    >>> from salesmgmt.pipeline import PipelineTally, StageModel, finalise
    >>> empty = PipelineTally(Period.month(2025, 1), None, None)
    >>> result = finalise(empty, model=StageModel.default(), currency="EUR")
    >>> result.open_pipeline, result.win_rate, result.sales_cycle
    (Money('0.00', 'EUR'), None, None)
    """
    return _finalise_all(
        parts, model, by, category_weights, currency, include_omitted, False, "finalise()"
    )[0]


def finalise_by_owner(
    parts: PipelineTally,
    *,
    model: StageModel,
    by: WeightBy = "probability",
    category_weights: CategoryWeights | None = None,
    currency: str | None = None,
    include_omitted: bool = False,
) -> tuple[PipelineMetrics, ...]:
    """The metrics of each owner in the tally, sorted by ``owner_id`` (see :func:`finalise`).

    >>> import datetime as dt
    >>> from salesmgmt import Period
    >>> from salesmgmt.pipeline import PipelineTally, StageModel, finalise_by_owner
    >>> parts = PipelineTally(Period.month(2025, 1), None, "USD", cells=(
    ...     (("R-2", "Commit", "commit"), 1, 10000), (("R-1", "Closed Lost", "omitted"), 2, 500)))
    >>> [(m.owner_id, m.open_pipeline, m.lost_count) for m in
    ...  finalise_by_owner(parts, model=StageModel.default())]
    [('R-1', Money('0.00', 'USD'), 2), ('R-2', Money('100.00', 'USD'), 0)]
    """
    return _finalise_all(
        parts, model, by, category_weights, currency, include_omitted, True, "finalise_by_owner()"
    )


# -- one-call metrics ------------------------------------------------------------------------


def pipeline_metrics(
    deals: Iterable[Opportunity],
    period: Period,
    *,
    model: StageModel,
    as_of: dt.date | None = None,
    by: WeightBy = "probability",
    category_weights: CategoryWeights | None = None,
    currency: str | None = None,
    include_omitted: bool = False,
) -> PipelineMetrics:
    """Every pipeline metric for ``deals`` over ``period``, in one pass (``finalise(tally(…))``).

    >>> import datetime as dt
    >>> from salesmgmt import Period
    >>> from salesmgmt.pipeline import StageModel, pipeline_metrics
    >>> pipeline_metrics([], Period.month(2025, 1), model=StageModel.default(),
    ...                  currency="USD").weighted_pipeline
    Money('0.00', 'USD')
    """
    return finalise(
        tally(deals, period, model=model, as_of=as_of),
        model=model,
        by=by,
        category_weights=category_weights,
        currency=currency,
        include_omitted=include_omitted,
    )


def by_owner(
    deals: Iterable[Opportunity],
    period: Period,
    *,
    model: StageModel,
    as_of: dt.date | None = None,
    by: WeightBy = "probability",
    category_weights: CategoryWeights | None = None,
    currency: str | None = None,
    include_omitted: bool = False,
) -> tuple[PipelineMetrics, ...]:
    """Every pipeline metric per owner (rep), sorted by ``owner_id``, in one pass.

    >>> import datetime as dt
    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.pipeline import Opportunity, StageModel, by_owner
    >>> deals = [Opportunity(f"O-{i}", "A-1", rep, Money(100, "USD"), dt.date(2025, 1, 2),
    ...                      dt.date(2025, 1, 20), "Commit") for i, rep in enumerate("ABA")]
    >>> [(m.owner_id, m.open_pipeline) for m in
    ...  by_owner(deals, Period.month(2025, 1), model=StageModel.default())]
    [('A', Money('200.00', 'USD')), ('B', Money('100.00', 'USD'))]
    """
    return finalise_by_owner(
        tally(deals, period, model=model, as_of=as_of),
        model=model,
        by=by,
        category_weights=category_weights,
        currency=currency,
        include_omitted=include_omitted,
    )


def open_pipeline(
    deals: Iterable[Opportunity],
    period: Period,
    *,
    model: StageModel,
    as_of: dt.date | None = None,
    currency: str | None = None,
    include_omitted: bool = False,
) -> Money:
    """The summed amount of open deals whose close date falls in ``period``.

    Open means the stage is neither won nor lost; deals whose forecast category
    is ``"omitted"`` are left out unless ``include_omitted=True``. An empty
    pipeline is zero in ``currency`` (required then).

    >>> import datetime as dt
    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.pipeline import Opportunity, StageModel, open_pipeline
    >>> deals = [
    ...     Opportunity("O-1", "A-1", "R-1", Money(300, "USD"), dt.date(2025, 1, 2),
    ...                 dt.date(2025, 1, 20), "Proposal"),
    ...     Opportunity("O-2", "A-1", "R-1", Money(900, "USD"), dt.date(2025, 1, 2),
    ...                 dt.date(2025, 1, 21), "Closed Won"),
    ... ]
    >>> open_pipeline(deals, Period.month(2025, 1), model=StageModel.default())
    Money('300.00', 'USD')
    >>> open_pipeline([], Period.month(2025, 1), model=StageModel.default(), currency="EUR")
    Money('0.00', 'EUR')
    """
    return pipeline_metrics(
        deals,
        period,
        model=model,
        as_of=as_of,
        currency=currency,
        include_omitted=include_omitted,
    ).open_pipeline


def weighted_pipeline(
    deals: Iterable[Opportunity],
    period: Period,
    *,
    model: StageModel,
    by: WeightBy = "probability",
    as_of: dt.date | None = None,
    category_weights: CategoryWeights | None = None,
    currency: str | None = None,
    include_omitted: bool = False,
) -> Money:
    """The open pipeline with each deal weighted by its stage probability (or category weight).

    Σ amount × weight over the open deals of :func:`open_pipeline`, summed exactly
    and rounded once, ROUND_HALF_UP, to minor units. Never more than the open
    pipeline.

    >>> import datetime as dt
    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.pipeline import Opportunity, StageModel, weighted_pipeline
    >>> deals = [Opportunity("O-1", "A-1", "R-1", Money(1000, "USD"), dt.date(2025, 1, 2),
    ...                      dt.date(2025, 1, 20), "Commit")]
    >>> weighted_pipeline(deals, Period.month(2025, 1), model=StageModel.default())
    Money('800.00', 'USD')
    >>> weighted_pipeline(deals, Period.month(2025, 1), model=StageModel.default(),
    ...                   by="category")
    Money('900.00', 'USD')
    """
    return pipeline_metrics(
        deals,
        period,
        model=model,
        as_of=as_of,
        by=by,
        category_weights=category_weights,
        currency=currency,
        include_omitted=include_omitted,
    ).weighted_pipeline


def _closed_counts(
    deals: Iterable[Opportunity], period: Period, model: StageModel, as_of: dt.date | None
) -> tuple[int, int, int, int, dict[int, int]]:
    parts = tally(deals, period, model=model, as_of=as_of)
    stages = stage_index(model)
    won = won_units = lost = lost_units = 0
    for (_, name, _), count, units in parts.cells:
        stage = stages[name]
        if stage.won:
            won, won_units = won + count, won_units + units
        elif stage.lost:
            lost, lost_units = lost + count, lost_units + units
    histogram: dict[int, int] = {}
    for (_, days), count in parts.cycles:
        histogram[days] = histogram.get(days, 0) + count
    return won, won_units, lost, lost_units, histogram


def win_rate(
    deals: Iterable[Opportunity],
    period: Period,
    *,
    model: StageModel,
    by: Literal["count", "value"] = "count",
    as_of: dt.date | None = None,
) -> Decimal | None:
    """Won ÷ (won + lost) over the deals closed in ``period``, by count or by amount.

    ``None`` when nothing closed (or, by value, when the closed amounts are all
    zero): an undefined ratio is not 0.

    >>> import datetime as dt
    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.pipeline import Opportunity, StageModel, win_rate
    >>> def deal(i, amount, stage):
    ...     return Opportunity(f"O-{i}", "A-1", "R-1", Money(amount, "USD"),
    ...                        dt.date(2025, 1, 2), dt.date(2025, 1, 20), stage)
    >>> deals = [deal(1, 100, "Closed Won"), deal(2, 300, "Closed Lost"), deal(3, 50, "Commit")]
    >>> q = Period.month(2025, 1)
    >>> model = StageModel.default()
    >>> win_rate(deals, q, model=model), win_rate(deals, q, model=model, by="value")
    (Decimal('0.5'), Decimal('0.25'))
    >>> win_rate(deals[2:], q, model=StageModel.default()) is None
    True
    """
    record = "win_rate()"
    check_model(model, record=record)
    mode = check_choice(by, ("count", "value"), record=record, field="by")
    won, won_units, lost, lost_units, _ = _closed_counts(deals, period, model, as_of)
    if mode == "count":
        return _ratio(won, won + lost)
    return _ratio(won_units, won_units + lost_units)


def average_deal_size(
    deals: Iterable[Opportunity],
    period: Period,
    *,
    model: StageModel,
    as_of: dt.date | None = None,
) -> Money | None:
    """The mean amount of the deals won in ``period``, rounded ROUND_HALF_UP to minor units.

    ``None`` when nothing was won (there is no average of nothing; it is not zero).

    >>> import datetime as dt
    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.pipeline import Opportunity, StageModel, average_deal_size
    >>> deals = [Opportunity(f"O-{i}", "A-1", "R-1", Money(amount, "USD"), dt.date(2025, 1, 2),
    ...                      dt.date(2025, 1, 20), "Closed Won")
    ...          for i, amount in enumerate([10, 20, 20])]
    >>> average_deal_size(deals, Period.month(2025, 1), model=StageModel.default())
    Money('16.67', 'USD')
    >>> average_deal_size([], Period.month(2025, 1), model=StageModel.default()) is None
    True
    """
    check_model(model, record="average_deal_size()")
    parts = tally(deals, period, model=model, as_of=as_of)
    if parts.currency is None:
        return None
    return finalise(parts, model=model).average_deal_size


def sales_cycle(
    deals: Iterable[Opportunity],
    period: Period,
    *,
    model: StageModel,
    as_of: dt.date | None = None,
) -> SalesCycle | None:
    """Mean and median days from ``created_on`` to ``close_date`` of the deals won in ``period``.

    ``None`` when nothing was won. The median of an even count is the mean of the
    two middle values.

    >>> import datetime as dt
    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.pipeline import Opportunity, StageModel, sales_cycle
    >>> deals = [Opportunity(f"O-{i}", "A-1", "R-1", Money(1, "USD"), dt.date(2025, 1, 1),
    ...                      dt.date(2025, 1, 1) + dt.timedelta(days), "Closed Won")
    ...          for i, days in enumerate([10, 20, 60])]
    >>> sales_cycle(deals, Period.quarter(2025, 1), model=StageModel.default())
    SalesCycle(count=3, mean_days=Decimal('30'), median_days=Decimal('20'))
    """
    check_model(model, record="sales_cycle()")
    *_, histogram = _closed_counts(deals, period, model, as_of)
    return _cycle(histogram)


def pipeline_created(
    deals: Iterable[Opportunity],
    period: Period,
    *,
    model: StageModel,
    as_of: dt.date | None = None,
    currency: str | None = None,
) -> Money:
    """The summed amount of deals created in ``period`` (whatever their stage now).

    >>> import datetime as dt
    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.pipeline import Opportunity, StageModel, pipeline_created
    >>> deals = [Opportunity("O-1", "A-1", "R-1", Money(250, "USD"), dt.date(2025, 1, 2),
    ...                      dt.date(2025, 6, 30), "Prospecting")]
    >>> pipeline_created(deals, Period.month(2025, 1), model=StageModel.default())
    Money('250.00', 'USD')
    """
    return pipeline_metrics(
        deals, period, model=model, as_of=as_of, currency=currency
    ).pipeline_created
