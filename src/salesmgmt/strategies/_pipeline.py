"""Strategies for the pipeline: stages, stage models, deals with consistent history."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from decimal import Decimal

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from salesmgmt._decimal import RATIO
from salesmgmt.money import Money
from salesmgmt.pipeline import (
    CATEGORIES,
    MOVES,
    TOUCH_KINDS,
    AmountChange,
    CategoryWeights,
    CloseDateChange,
    DealEvent,
    Evidence,
    EvidenceCatalogue,
    FunnelStep,
    Note,
    Opportunity,
    PipelineCoverage,
    PipelineMetrics,
    PipelineSnapshot,
    PipelineTally,
    PipelineWaterfall,
    SalesCycle,
    Stage,
    StageChange,
    StageModel,
    StageTime,
    Touch,
    WaterfallMove,
    finalise,
    pipeline_waterfall,
    snapshot,
    tally,
)
from salesmgmt.pipeline._deals import DEFAULT_EVIDENCE_WEIGHTS
from salesmgmt.strategies._core import amounts, moneys, periods
from salesmgmt.strategies._core import currencies as currency_codes

__all__ = [
    "amount_changes",
    "category_weights",
    "close_date_changes",
    "deal_ids",
    "evidence_catalogues",
    "evidences",
    "funnel_steps",
    "notes",
    "opportunities",
    "pipeline_coverages",
    "pipeline_metrics",
    "pipeline_snapshots",
    "pipeline_tallies",
    "pipeline_waterfalls",
    "sales_cycles",
    "stage_changes",
    "stage_models",
    "stage_times",
    "stages",
    "touches",
    "waterfall_moves",
]

_MIN_DAY = dt.date(2020, 1, 1)
_MAX_DAY = dt.date(2030, 12, 31)
_PROBABILITIES = st.decimals(min_value=0, max_value=1, places=2)
_NAMES = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12)
_EVIDENCE_KINDS = tuple(kind for kind, _ in DEFAULT_EVIDENCE_WEIGHTS)


def _check_days(min_value: dt.date, max_value: dt.date) -> None:
    if min_value > max_value:
        raise InvalidArgument(f"Cannot have min_value={min_value!r} > max_value={max_value!r}")


def _check_sizes(low: int, high: int) -> None:
    if low < 0 or low > high:
        raise InvalidArgument(f"Need 0 <= min_size <= max_size, got {low!r} and {high!r}")


@st.composite
def _stages(draw: st.DrawFn, names: st.SearchStrategy[str]) -> Stage:
    name = draw(names)
    kind = draw(st.sampled_from(("open", "won", "lost")))
    if kind == "won":
        return Stage(name, draw(_PROBABILITIES), category="closed", won=True)
    if kind == "lost":
        return Stage(name, draw(_PROBABILITIES), category="omitted", lost=True)
    category = draw(st.sampled_from(CATEGORIES[:-1]))
    return Stage(name, draw(_PROBABILITIES), category=category)


def stages(*, names: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Stage]:
    """Valid :class:`~salesmgmt.pipeline.Stage` values: open, won or lost.

    >>> from hypothesis import find
    >>> find(stages(), lambda stage: stage.won).category
    'closed'
    """
    return _stages(_NAMES if names is None else names)


@st.composite
def _stage_models(draw: st.DrawFn, min_open: int, max_open: int, max_lost: int) -> StageModel:
    count = draw(st.integers(min_open, max_open))
    probabilities = sorted(draw(st.lists(_PROBABILITIES, min_size=count, max_size=count)))
    open_stages = [
        Stage(f"Stage {index + 1}", p, category=draw(st.sampled_from(CATEGORIES[:-1])))
        for index, p in enumerate(probabilities)
    ]
    lost = [
        Stage(
            "Closed Lost" if not index else f"Lost {index + 1}", 0, category="omitted", lost=True
        )
        for index in range(draw(st.integers(1, max_lost)))
    ]
    won = Stage("Closed Won", 1, category="closed", won=True)
    return StageModel((*open_stages, won, *lost))


def stage_models(
    *, min_open: int = 1, max_open: int = 6, max_lost: int = 2
) -> st.SearchStrategy[StageModel]:
    """Valid :class:`~salesmgmt.pipeline.StageModel` values: ``Stage 1`` … ``Stage n``
    (open, probabilities rising), ``Closed Won`` and one or more lost stages.

    >>> from hypothesis import find
    >>> [stage.name for stage in find(stage_models(), lambda model: True).stages]
    ['Stage 1', 'Closed Won', 'Closed Lost']
    """
    if not 1 <= min_open <= max_open or max_lost < 1:
        raise InvalidArgument(
            f"Need 1 <= min_open <= max_open and max_lost >= 1, got {min_open}, {max_open},"
            f" {max_lost}"
        )
    return _stage_models(min_open, max_open, max_lost)


def stage_changes(
    *, min_value: dt.date = _MIN_DAY, max_value: dt.date = _MAX_DAY
) -> st.SearchStrategy[StageChange]:
    """Single :class:`~salesmgmt.pipeline.StageChange` events between default stages.

    >>> from hypothesis import find
    >>> find(stage_changes(), lambda change: True).on
    datetime.date(2020, 1, 1)
    """
    _check_days(min_value, max_value)
    names = [stage.name for stage in StageModel.default().stages]
    return _stage_changes(min_value, max_value, names)


@st.composite
def _stage_changes(
    draw: st.DrawFn, min_value: dt.date, max_value: dt.date, names: Sequence[str]
) -> StageChange:
    first = draw(st.sampled_from(names))
    second = draw(st.sampled_from([name for name in names if name != first]))
    return StageChange(draw(st.dates(min_value, max_value)), first, second)


@st.composite
def _close_date_changes(draw: st.DrawFn, low: dt.date, high: dt.date) -> CloseDateChange:
    before = draw(st.dates(low, high))
    after = draw(st.dates(low, high).filter(lambda day: day != before))
    return CloseDateChange(draw(st.dates(low, high)), before, after)


def close_date_changes(
    *, min_value: dt.date = _MIN_DAY, max_value: dt.date = _MAX_DAY
) -> st.SearchStrategy[CloseDateChange]:
    """Single :class:`~salesmgmt.pipeline.CloseDateChange` events.

    >>> from hypothesis import find
    >>> find(close_date_changes(), lambda change: change.to_date < change.from_date).to_date
    datetime.date(2020, 1, 1)
    """
    _check_days(min_value, max_value)
    if min_value == max_value:
        raise InvalidArgument("close_date_changes() needs at least two days")
    return _close_date_changes(min_value, max_value)


@st.composite
def _amount_changes(
    draw: st.DrawFn, codes: st.SearchStrategy[str], low: dt.date, high: dt.date
) -> AmountChange:
    code = draw(codes)
    before = Money(draw(amounts(code, min_value=0, max_value=10**9)), code)
    after = Money(
        draw(amounts(code, min_value=0, max_value=10**9).filter(lambda x: x != before.amount)),
        code,
    )
    return AmountChange(draw(st.dates(low, high)), before, after)


def amount_changes(
    *,
    currencies: st.SearchStrategy[str] | None = None,
    min_value: dt.date = _MIN_DAY,
    max_value: dt.date = _MAX_DAY,
) -> st.SearchStrategy[AmountChange]:
    """Single :class:`~salesmgmt.pipeline.AmountChange` events.

    >>> from hypothesis import find, strategies as st
    >>> find(amount_changes(currencies=st.just("USD")), lambda change: True).to_amount
    Money('0.01', 'USD')
    """
    _check_days(min_value, max_value)
    return _amount_changes(
        currency_codes() if currencies is None else currencies, min_value, max_value
    )


def evidences(
    *,
    kinds: Sequence[str] = _EVIDENCE_KINDS,
    min_value: dt.date = _MIN_DAY,
    max_value: dt.date = _MAX_DAY,
) -> st.SearchStrategy[Evidence]:
    """:class:`~salesmgmt.pipeline.Evidence` items of the given ``kinds``.

    >>> from hypothesis import find
    >>> find(evidences(), lambda item: True).kind
    'budget_confirmed'
    """
    _check_days(min_value, max_value)
    if not kinds:
        raise InvalidArgument("kinds must not be empty")
    return st.builds(
        Evidence,
        st.sampled_from(tuple(kinds)),
        st.dates(min_value, max_value),
        detail=st.text(max_size=20),
    )


def evidence_catalogues(*, max_size: int = 10) -> st.SearchStrategy[EvidenceCatalogue]:
    """:class:`~salesmgmt.pipeline.EvidenceCatalogue` policies with weights 0–100.

    >>> from hypothesis import find
    >>> find(evidence_catalogues(), lambda catalogue: True).weights
    ()
    """
    pairs = st.dictionaries(
        st.sampled_from(_EVIDENCE_KINDS) | _NAMES,
        st.decimals(min_value=0, max_value=100, places=1),
        max_size=max_size,
    )
    return pairs.map(EvidenceCatalogue)


def notes(
    *, min_value: dt.date = _MIN_DAY, max_value: dt.date = _MAX_DAY
) -> st.SearchStrategy[Note]:
    """:class:`~salesmgmt.pipeline.Note` items (opinions).

    >>> from hypothesis import find
    >>> find(notes(), lambda note: True).text
    '0'
    """
    _check_days(min_value, max_value)
    return st.builds(
        Note, st.dates(min_value, max_value), st.text("0abc ", min_size=1, max_size=30)
    )


def touches(
    *, min_value: dt.date = _MIN_DAY, max_value: dt.date = _MAX_DAY
) -> st.SearchStrategy[Touch]:
    """:class:`~salesmgmt.pipeline.Touch` follow-ups.

    >>> from hypothesis import find
    >>> find(touches(), lambda touch: True).kind
    'call'
    """
    _check_days(min_value, max_value)
    return st.builds(
        Touch,
        st.dates(min_value, max_value),
        st.sampled_from(TOUCH_KINDS),
        activity_id=st.none() | st.just("A-1"),
    )


def deal_ids(*, prefix: str = "O-") -> st.SearchStrategy[str]:
    """Opportunity ids ``prefix + n``, shrinking towards ``prefix + "0"``.

    >>> from hypothesis import find
    >>> find(deal_ids(), lambda deal_id: True)
    'O-0'
    """
    return st.integers(0, 10**6).map(lambda n: f"{prefix}{n}")


@functools.lru_cache(maxsize=64)
def _amounts_in(code: str) -> st.SearchStrategy[Decimal]:
    return amounts(code, min_value=0, max_value=10**7)


_KINDS = st.sampled_from(("stage", "close", "amount"))
_STEP = st.integers(0, 60)
_AHEAD = st.integers(0, 400)
_ACCOUNTS = st.sampled_from(["A-1", "A-2", "A-3"])
_EVIDENCE_ROWS = st.lists(
    st.tuples(st.sampled_from(_EVIDENCE_KINDS), st.integers(0, 90), st.text("abc ", max_size=8)),
    max_size=3,
)
_NOTE_ROWS = st.lists(
    st.tuples(st.integers(0, 90), st.text("0abc ", min_size=1, max_size=8)), max_size=2
)
_TOUCH_ROWS = st.lists(
    st.tuples(st.integers(0, 90), st.sampled_from(TOUCH_KINDS), st.none() | st.just("A-1")),
    max_size=4,
)
_NEXT_STEPS = st.none() | st.just("Call the CFO")
_OVERRIDES = st.none() | st.sampled_from(CATEGORIES)


def _plus(day: dt.date, days: int, high: dt.date) -> dt.date:
    """``day + days``, but never after ``high``."""
    return high if (high - day).days < days else day + dt.timedelta(days=days)


@st.composite
def _opportunities(
    draw: st.DrawFn,
    model: StageModel,
    codes: st.SearchStrategy[str],
    owners: st.SearchStrategy[str],
    ids: st.SearchStrategy[str],
    low: dt.date,
    high: dt.date,
    max_events: int,
    attachments: bool,
) -> Opportunity:
    names = [stage.name for stage in model.stages]
    open_names = [stage.name for stage in model.stages if stage.is_open]
    code = draw(codes)
    money = _amounts_in(code)
    created = _plus(low, draw(st.integers(0, (high - low).days)), high)
    stage = open_names[draw(st.integers(0, len(open_names) - 1))]
    close = _plus(created, draw(_AHEAD), high)
    amount = Money(draw(money), code)
    history: list[DealEvent] = []
    day = created
    for _ in range(draw(st.integers(0, max_events))):
        day = _plus(day, draw(_STEP), high)
        kind = draw(_KINDS)
        if kind == "stage":
            others = [name for name in names if name != stage]
            new_stage = others[draw(st.integers(0, len(others) - 1))]
            history.append(StageChange(day, stage, new_stage))
            stage = new_stage
        elif kind == "close":
            new_close = _plus(created, draw(_AHEAD), high)
            if new_close != close:
                history.append(CloseDateChange(day, close, new_close))
                close = new_close
        else:
            new_amount = Money(draw(money), code)
            if new_amount != amount:
                history.append(AmountChange(day, amount, new_amount))
                amount = new_amount
    extras: dict[str, object] = {}
    if attachments:
        extras = {
            "evidence": tuple(
                Evidence(kind, _plus(created, offset, high), detail=detail)
                for kind, offset, detail in draw(_EVIDENCE_ROWS)
            ),
            "notes": tuple(
                Note(_plus(created, offset, high), text) for offset, text in draw(_NOTE_ROWS)
            ),
            "touches": tuple(
                Touch(_plus(created, offset, high), kind, activity_id=activity)
                for offset, kind, activity in draw(_TOUCH_ROWS)
            ),
            "next_step": draw(_NEXT_STEPS),
            "forecast_category": draw(_OVERRIDES),
        }
    return Opportunity(
        draw(ids),
        draw(_ACCOUNTS),
        draw(owners),
        amount,
        created,
        close,
        stage,
        history=tuple(history),
        **extras,  # type: ignore[arg-type] # drawn with the right types above
    )


def opportunities(
    *,
    model: StageModel | None = None,
    currencies: st.SearchStrategy[str] | None = None,
    owners: st.SearchStrategy[str] | None = None,
    ids: st.SearchStrategy[str] | None = None,
    min_value: dt.date = _MIN_DAY,
    max_value: dt.date = _MAX_DAY,
    max_events: int = 5,
    attachments: bool = True,
) -> st.SearchStrategy[Opportunity]:
    """Valid :class:`~salesmgmt.pipeline.Opportunity` values with a consistent history.

    Each deal starts in an open stage of ``model`` (the default model when
    ``None``) and goes through up to ``max_events`` stage, close-date and amount
    changes (it may be won, lost or reopened). Dates lie within
    ``[min_value, max_value]``. Pass ``currencies=st.just("USD")`` for deals whose
    amounts add up, and ``ids=`` a unique source (or filter) for lists of deals.

    >>> from hypothesis import find, strategies as st
    >>> deal = find(opportunities(currencies=st.just("USD")), lambda deal: len(deal.history) > 1)
    >>> deal.amount.currency, len(deal.history)
    ('USD', 2)
    """
    _check_days(min_value, max_value)
    if max_events < 0:
        raise InvalidArgument(f"max_events must be at least 0, got {max_events!r}")
    return _opportunities(
        StageModel.default() if model is None else model,
        currency_codes() if currencies is None else currencies,
        st.sampled_from(["R-1", "R-2", "R-3"]) if owners is None else owners,
        deal_ids() if ids is None else ids,
        min_value,
        max_value,
        max_events,
        attachments,
    )


@st.composite
def _pipeline_snapshots(draw: st.DrawFn, max_size: int) -> PipelineSnapshot:
    deals = draw(
        st.lists(
            opportunities(currencies=st.just("USD"), max_events=3),
            max_size=max_size,
            unique_by=lambda deal: deal.opportunity_id,
        )
    )
    return snapshot(deals, draw(st.dates(_MIN_DAY, _MAX_DAY)))


def pipeline_snapshots(*, max_size: int = 5) -> st.SearchStrategy[PipelineSnapshot]:
    """:class:`~salesmgmt.pipeline.PipelineSnapshot` values built with ``snapshot()``.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, database=None)
    ... @given(pipeline_snapshots())
    ... def check(snap):
    ...     assert all(deal.created_on <= snap.as_of for deal in snap.deals)
    >>> check()
    """
    if max_size < 0:
        raise InvalidArgument(f"max_size must be at least 0, got {max_size!r}")
    return _pipeline_snapshots(max_size)


# -- policies and results ----------------------------------------------------------------------

_WEIGHTS = st.decimals(min_value=0, max_value=1, places=2)


def category_weights() -> st.SearchStrategy[CategoryWeights]:
    """:class:`~salesmgmt.pipeline.CategoryWeights` policies (each weight in [0, 1]).

    >>> from hypothesis import find
    >>> find(category_weights(), lambda weights: True).commit
    Decimal('0.00')
    """
    return st.builds(
        CategoryWeights,
        omitted=_WEIGHTS,
        pipeline=_WEIGHTS,
        best_case=_WEIGHTS,
        commit=_WEIGHTS,
        closed=_WEIGHTS,
    )


@st.composite
def _sales_cycles(draw: st.DrawFn) -> SalesCycle:
    days = draw(st.lists(st.integers(0, 2000), min_size=1, max_size=9))
    ordered = sorted(days)
    middle = len(days) // 2
    median = (
        Decimal(ordered[middle])
        if len(days) % 2
        else RATIO.divide(Decimal(ordered[middle - 1] + ordered[middle]), Decimal(2))
    )
    return SalesCycle(len(days), RATIO.divide(Decimal(sum(days)), Decimal(len(days))), median)


def sales_cycles() -> st.SearchStrategy[SalesCycle]:
    """:class:`~salesmgmt.pipeline.SalesCycle` results with consistent count, mean, median.

    >>> from hypothesis import find
    >>> find(sales_cycles(), lambda cycle: True)
    SalesCycle(count=1, mean_days=Decimal('0'), median_days=Decimal('0'))
    """
    return _sales_cycles()


def _usd_deals(max_size: int) -> st.SearchStrategy[list[Opportunity]]:
    return st.lists(
        opportunities(
            currencies=st.just("USD"),
            max_events=4,
            attachments=False,
            min_value=dt.date(2025, 1, 1),
            max_value=dt.date(2025, 12, 31),
        ),
        max_size=max_size,
        unique_by=lambda deal: deal.opportunity_id,
    )


@st.composite
def _pipeline_tallies(draw: st.DrawFn, max_size: int) -> PipelineTally:
    deals = draw(_usd_deals(max_size))
    window = draw(periods(min_value=dt.date(2025, 1, 1), max_value=dt.date(2025, 12, 31)))
    as_of = draw(st.none() | st.dates(dt.date(2025, 1, 1), dt.date(2025, 12, 31)))
    return tally(deals, window, model=StageModel.default(), as_of=as_of)


def pipeline_tallies(*, max_size: int = 6) -> st.SearchStrategy[PipelineTally]:
    """:class:`~salesmgmt.pipeline.PipelineTally` values tallied from USD deals in 2025
    with the default stage model.

    >>> from hypothesis import find
    >>> find(pipeline_tallies(), lambda parts: True).cells
    ()
    """
    if max_size < 0:
        raise InvalidArgument(f"max_size must be at least 0, got {max_size!r}")
    return _pipeline_tallies(max_size)


def pipeline_metrics(*, max_size: int = 6) -> st.SearchStrategy[PipelineMetrics]:
    """:class:`~salesmgmt.pipeline.PipelineMetrics` results (``finalise`` of a tally).

    >>> from hypothesis import find
    >>> find(pipeline_metrics(), lambda metrics: True).open_pipeline
    Money('0.00', 'USD')
    """
    return pipeline_tallies(max_size=max_size).map(
        lambda parts: finalise(parts, model=StageModel.default(), currency="USD")
    )


@st.composite
def _pipeline_coverages(draw: st.DrawFn, codes: st.SearchStrategy[str]) -> PipelineCoverage:
    code = draw(codes)
    money = moneys(currencies=st.just(code), min_value=0, max_value=10**9)
    quota, booked, open_amount = draw(money), draw(money), draw(money)
    share = draw(st.fractions(min_value=0, max_value=1, max_denominator=100))
    weighted = Money.from_minor_units(int(open_amount.to_minor_units() * share), code)
    window = draw(periods(min_value=dt.date(2025, 1, 1), max_value=dt.date(2025, 12, 31)))
    as_of = draw(st.none() | st.dates(dt.date(2025, 1, 1), dt.date(2025, 12, 31)))
    return PipelineCoverage(window, as_of, quota, booked, open_amount, weighted)


def pipeline_coverages(
    *, currencies: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[PipelineCoverage]:
    """:class:`~salesmgmt.pipeline.PipelineCoverage` values: a quota, the amount booked,
    and a weighted pipeline never above the open one, in one currency per value.

    >>> from hypothesis import find
    >>> find(pipeline_coverages(), lambda c: c.coverage is None).remaining.is_zero()
    True
    """
    return _pipeline_coverages(currency_codes() if currencies is None else currencies)


@st.composite
def _pipeline_waterfalls(draw: st.DrawFn, max_size: int) -> PipelineWaterfall:
    deals = draw(_usd_deals(max_size))
    start = draw(st.dates(dt.date(2025, 1, 1), dt.date(2025, 12, 31)))
    end = draw(st.dates(start, dt.date(2025, 12, 31)))
    window = draw(
        st.none() | periods(min_value=dt.date(2025, 1, 1), max_value=dt.date(2026, 6, 30))
    )
    return pipeline_waterfall(
        deals, start, end, model=StageModel.default(), period=window, currency="USD"
    )


def pipeline_waterfalls(*, max_size: int = 6) -> st.SearchStrategy[PipelineWaterfall]:
    """:class:`~salesmgmt.pipeline.PipelineWaterfall` results over USD deals in 2025.

    >>> from hypothesis import find
    >>> find(pipeline_waterfalls(), lambda flow: True).end
    Money('0.00', 'USD')
    """
    if max_size < 0:
        raise InvalidArgument(f"max_size must be at least 0, got {max_size!r}")
    return _pipeline_waterfalls(max_size)


def waterfall_moves() -> st.SearchStrategy[WaterfallMove]:
    """:class:`~salesmgmt.pipeline.WaterfallMove` items.

    >>> from hypothesis import find
    >>> find(waterfall_moves(), lambda move: True).move
    'created'
    """
    return st.builds(
        WaterfallMove,
        deal_ids(),
        st.sampled_from(["R-1", "R-2"]),
        st.sampled_from(MOVES),
        moneys(currencies=st.just("USD"), min_value=0, max_value=10**6),
    )


@st.composite
def _funnel_steps(draw: st.DrawFn) -> FunnelStep:
    reached = draw(st.integers(0, 1000))
    advanced = draw(st.integers(0, reached))
    conversion = RATIO.divide(Decimal(advanced), Decimal(reached)) if reached else None
    return FunnelStep(
        draw(st.sampled_from(["Prospecting", "Proposal"])), reached, advanced, conversion
    )


def funnel_steps() -> st.SearchStrategy[FunnelStep]:
    """:class:`~salesmgmt.pipeline.FunnelStep` results with consistent counts.

    >>> from hypothesis import find
    >>> find(funnel_steps(), lambda step: True)
    FunnelStep(stage='Prospecting', reached=0, advanced=0, conversion=None)
    """
    return _funnel_steps()


def stage_times() -> st.SearchStrategy[StageTime]:
    """:class:`~salesmgmt.pipeline.StageTime` results.

    >>> from hypothesis import find
    >>> find(stage_times(), lambda time: True)
    StageTime(stage='Prospecting', visits=0, mean_days=None, median_days=None)
    """
    visited = st.builds(
        lambda stage, days: StageTime(stage, 1, Decimal(days), Decimal(days)),
        st.sampled_from(["Prospecting", "Proposal"]),
        st.integers(0, 500),
    )
    return st.just(StageTime("Prospecting", 0, None, None)) | visited
