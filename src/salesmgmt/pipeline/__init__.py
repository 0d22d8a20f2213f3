"""Pipeline: stages, opportunities and their history, snapshots, metrics, the waterfall,
forecast roll-up and deal inspection.

>>> import datetime as dt
>>> from salesmgmt import Money, Period
>>> from salesmgmt.pipeline import Opportunity, StageModel, open_pipeline, weighted_pipeline
>>> deals = [Opportunity("O-1", "A-1", "R-1", Money(1000, "USD"), dt.date(2025, 1, 6),
...                      dt.date(2025, 3, 31), "Proposal")]
>>> q1 = Period.quarter(2025, 1)
>>> open_pipeline(deals, q1, model=StageModel.default()), weighted_pipeline(
...     deals, q1, model=StageModel.default())
(Money('1000.00', 'USD'), Money('400.00', 'USD'))
"""

from salesmgmt.pipeline._coverage import PipelineCoverage, coverage_by_owner, pipeline_coverage
from salesmgmt.pipeline._deals import (
    TOUCH_KINDS,
    AmountChange,
    CloseDateChange,
    DealEvent,
    Evidence,
    EvidenceCatalogue,
    Note,
    Opportunity,
    StageChange,
    Touch,
    TouchKind,
)
from salesmgmt.pipeline._forecast import (
    AdjustedForecast,
    ForecastAdjustment,
    ForecastRollup,
    ForecastVsQuota,
    adjusted_rollup,
    forecast_by_owner,
    forecast_rollup,
    forecast_trend,
    forecast_vs_quota,
)
from salesmgmt.pipeline._history import PipelineSnapshot, deal_as_of, snapshot
from salesmgmt.pipeline._inspect import (
    RULES,
    SEVERITIES,
    Finding,
    InspectionPolicy,
    Snooze,
    inspect,
)
from salesmgmt.pipeline._metrics import (
    CategoryWeights,
    PipelineMetrics,
    SalesCycle,
    WeightBy,
    average_deal_size,
    by_owner,
    finalise,
    finalise_by_owner,
    open_pipeline,
    pipeline_created,
    pipeline_metrics,
    sales_cycle,
    weighted_pipeline,
    win_rate,
)
from salesmgmt.pipeline._model import CATEGORIES, Category, Stage, StageModel, category_rank
from salesmgmt.pipeline._rates import (
    FunnelStep,
    StageTime,
    coverage,
    sales_velocity,
    stage_funnel,
    time_in_stage,
)
from salesmgmt.pipeline._score import DealScore, ScorePolicy, deal_score, most_likely_to_close
from salesmgmt.pipeline._tally import PipelineTally, tally
from salesmgmt.pipeline._waterfall import (
    MOVES,
    Move,
    PipelineWaterfall,
    WaterfallMove,
    pipeline_waterfall,
    waterfall_moves,
)

__all__ = [
    "CATEGORIES",
    "MOVES",
    "RULES",
    "SEVERITIES",
    "TOUCH_KINDS",
    "AdjustedForecast",
    "AmountChange",
    "Category",
    "CategoryWeights",
    "CloseDateChange",
    "DealEvent",
    "DealScore",
    "Evidence",
    "EvidenceCatalogue",
    "Finding",
    "ForecastAdjustment",
    "ForecastRollup",
    "ForecastVsQuota",
    "FunnelStep",
    "InspectionPolicy",
    "Move",
    "Note",
    "Opportunity",
    "PipelineCoverage",
    "PipelineMetrics",
    "PipelineSnapshot",
    "PipelineTally",
    "PipelineWaterfall",
    "SalesCycle",
    "ScorePolicy",
    "Snooze",
    "Stage",
    "StageChange",
    "StageModel",
    "StageTime",
    "Touch",
    "TouchKind",
    "WaterfallMove",
    "WeightBy",
    "adjusted_rollup",
    "average_deal_size",
    "by_owner",
    "category_rank",
    "coverage",
    "coverage_by_owner",
    "deal_as_of",
    "deal_score",
    "finalise",
    "finalise_by_owner",
    "forecast_by_owner",
    "forecast_rollup",
    "forecast_trend",
    "forecast_vs_quota",
    "inspect",
    "most_likely_to_close",
    "open_pipeline",
    "pipeline_coverage",
    "pipeline_created",
    "pipeline_metrics",
    "pipeline_waterfall",
    "sales_cycle",
    "sales_velocity",
    "snapshot",
    "stage_funnel",
    "tally",
    "time_in_stage",
    "waterfall_moves",
    "weighted_pipeline",
    "win_rate",
]
