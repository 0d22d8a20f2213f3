"""Hypothesis strategies for salesmgmt's values, for testing code built on it.

Needs the ``test`` extra (``pip install 'salesmgmt[test]'``). The strategies
follow hypothesis' own API style: plural nouns, keyword-only options with
``min_value``/``max_value`` and ``min_size``/``max_size``, element arguments
that take strategies, the widest valid range by default, and
``InvalidArgument`` for impossible combinations. They are built with
``st.builds`` and ``@st.composite`` so failing examples shrink to simple ones
(USD, small amounts, early dates, short periods).

>>> from hypothesis import given
>>> from salesmgmt import allocate, total
>>> from salesmgmt.strategies import moneys, weights
>>> @given(moneys(), weights(max_size=5))
... def test_allocation_sums_to_the_whole(amount, parts):
...     assert total(allocate(amount, parts)) == amount
>>> test_allocation_sums_to_the_whole()
"""

from salesmgmt.strategies._core import (
    amounts,
    business_calendars,
    currencies,
    dates,
    fiscal_calendars,
    fx_rates,
    grains,
    moneys,
    periods,
    weights,
)
from salesmgmt.strategies._forecast import (
    adjusted_forecasts,
    deal_scores,
    findings,
    forecast_adjustments,
    forecast_rollups,
    forecast_vs_quotas,
    inspection_policies,
    score_policies,
    snoozes,
)
from salesmgmt.strategies._org import (
    org_charts,
    org_ids,
    reps,
    teams,
)
from salesmgmt.strategies._pipeline import (
    amount_changes,
    category_weights,
    close_date_changes,
    deal_ids,
    evidence_catalogues,
    evidences,
    funnel_steps,
    notes,
    opportunities,
    pipeline_metrics,
    pipeline_snapshots,
    pipeline_tallies,
    pipeline_waterfalls,
    sales_cycles,
    stage_changes,
    stage_models,
    stage_times,
    stages,
    touches,
    waterfall_moves,
)
from salesmgmt.strategies._quotas import (
    attainments,
    pace_ratios,
    paces,
    pacing_policies,
    projections,
    quota_assignments,
    quota_shares,
    ramp_schedules,
    seasonality_profiles,
    target_schedules,
)

__all__ = [
    "adjusted_forecasts",
    "amount_changes",
    "amounts",
    "attainments",
    "business_calendars",
    "category_weights",
    "close_date_changes",
    "currencies",
    "dates",
    "deal_ids",
    "deal_scores",
    "evidence_catalogues",
    "evidences",
    "findings",
    "fiscal_calendars",
    "forecast_adjustments",
    "forecast_rollups",
    "forecast_vs_quotas",
    "funnel_steps",
    "fx_rates",
    "grains",
    "inspection_policies",
    "moneys",
    "notes",
    "opportunities",
    "org_charts",
    "org_ids",
    "pace_ratios",
    "paces",
    "pacing_policies",
    "periods",
    "pipeline_metrics",
    "pipeline_snapshots",
    "pipeline_tallies",
    "pipeline_waterfalls",
    "projections",
    "quota_assignments",
    "quota_shares",
    "ramp_schedules",
    "reps",
    "sales_cycles",
    "score_policies",
    "seasonality_profiles",
    "snoozes",
    "stage_changes",
    "stage_models",
    "stage_times",
    "stages",
    "target_schedules",
    "teams",
    "touches",
    "waterfall_moves",
    "weights",
]
