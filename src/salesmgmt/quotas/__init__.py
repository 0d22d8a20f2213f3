"""Targets, quotas and pacing: split a target to every rep and day, then pace to it.

* :class:`SeasonalityProfile` — each month's weight (flat, explicit, ERPNext
  percentages, or learnt from history).
* :func:`split_target` → :class:`TargetSchedule` — an exact split of a money or
  count target into days, weeks, months, quarters or fiscal periods;
  :func:`combine` adds aligned schedules (a team's); :func:`rebalance`
  re-spreads what is missing over what is left.
* :func:`assign_quotas` — a total over reps by :class:`QuotaShares`, with a
  :class:`RampSchedule` for new hires and proration for joiners and leavers.
* :func:`attainment` → :class:`Attainment`; :func:`pace` → :class:`Pace` with a
  :class:`Projection` and a status from a :class:`PacingPolicy`.

>>> import datetime as dt
>>> from salesmgmt import Money, Period
>>> from salesmgmt.quotas import pace, split_target
>>> h1 = split_target(Money.of(600_000, "CNY"), Period.parse("2025-01-01/2025-06-30"), "month")
>>> pace(h1, Money.of(240_000, "CNY"), dt.date(2025, 6, 16)).status
'behind'
"""

from salesmgmt.quotas._assign import (
    QuotaAssignment,
    QuotaShares,
    RampSchedule,
    assign_quotas,
)
from salesmgmt.quotas._pace import (
    Attainment,
    Pace,
    PacingPolicy,
    Projection,
    attainment,
    pace,
)
from salesmgmt.quotas._schedule import MAX_DAYS, TargetSchedule, combine, rebalance, split_target
from salesmgmt.quotas._seasonality import SeasonalityProfile

__all__ = [
    "MAX_DAYS",
    "Attainment",
    "Pace",
    "PacingPolicy",
    "Projection",
    "QuotaAssignment",
    "QuotaShares",
    "RampSchedule",
    "SeasonalityProfile",
    "TargetSchedule",
    "assign_quotas",
    "attainment",
    "combine",
    "pace",
    "rebalance",
    "split_target",
]
