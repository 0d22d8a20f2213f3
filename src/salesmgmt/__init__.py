"""salesmgmt: sales-management logic as immutable values and pure functions.

Exact money, periods and calendars, the org chart, targets and pacing, the
pipeline with its forecast and deal inspection, recurring revenue, renewals
and customer health, activities and monthly reviews, and commissions, and more with each release.
Nothing here reads files, the network or the clock: anything that depends on
"now" takes ``as_of``.

This namespace holds the foundation and each area's headline names. Every area
is also a public subpackage with its full API: :mod:`salesmgmt.org`,
:mod:`salesmgmt.quotas`, :mod:`salesmgmt.pipeline`, :mod:`salesmgmt.renewals`,
:mod:`salesmgmt.activities`, :mod:`salesmgmt.reviews`, :mod:`salesmgmt.compensation`.

>>> from salesmgmt import Money, allocate
>>> allocate(Money.of("100", "USD"), [1, 1, 1])
(Money('33.34', 'USD'), Money('33.33', 'USD'), Money('33.33', 'USD'))
"""

from salesmgmt.activities import Activity, AttendanceDay, DisciplinePolicy, discipline
from salesmgmt.compensation import (
    CommissionPlan,
    PayoutStatement,
    payout,
    tiered_commission,
    what_if,
)
from salesmgmt.errors import (
    CurrencyMismatch,
    MissingDependency,
    PeriodError,
    PolicyError,
    SalesMgmtError,
    UnknownReference,
    ValidationError,
    WrongType,
)
from salesmgmt.money import (
    FxRates,
    Money,
    allocate,
    convert,
    minor_units,
    ratio,
    scale,
    total,
)
from salesmgmt.org import OrgChart, Rep, Team
from salesmgmt.periods import BusinessCalendar, FiscalCalendar, Period
from salesmgmt.pipeline import (
    Evidence,
    Finding,
    ForecastRollup,
    InspectionPolicy,
    Opportunity,
    Stage,
    StageModel,
    forecast_rollup,
    open_pipeline,
    pipeline_waterfall,
    sales_velocity,
    weighted_pipeline,
    win_rate,
)
from salesmgmt.quotas import (
    Attainment,
    Pace,
    PacingPolicy,
    RampSchedule,
    SeasonalityProfile,
    TargetSchedule,
    assign_quotas,
    attainment,
    pace,
    rebalance,
    split_target,
)
from salesmgmt.records import from_records, to_records
from salesmgmt.renewals import (
    Churned,
    Downgraded,
    HealthPolicy,
    HealthScore,
    MetricConventions,
    MrrMovements,
    RenewalRate,
    Renewed,
    SignalCatalogue,
    Subscription,
    Upgraded,
    UsageSignal,
    gross_revenue_retention,
    health,
    mrr_at,
    mrr_movements,
    net_revenue_retention,
    quick_ratio,
    renewal_rate,
    renewals_at_risk,
    weighted_score,
)
from salesmgmt.reviews import (
    KPI,
    ConsequencePolicy,
    RatingScale,
    Review,
    Scorecard,
    decompose_gap,
    diagnose,
    rank,
    review,
)

__version__ = "0.1.0"

__all__ = [  # noqa: RUF022 -- grouped by kind (STYLE rule 11), sorted within groups
    # values
    "BusinessCalendar",
    "FiscalCalendar",
    "FxRates",
    "Money",
    "Period",
    # values: org
    "OrgChart",
    "Rep",
    "Team",
    # values and policies: targets
    "Attainment",
    "Pace",
    "PacingPolicy",
    "RampSchedule",
    "SeasonalityProfile",
    "TargetSchedule",
    # values and policies: pipeline
    "Evidence",
    "Finding",
    "ForecastRollup",
    "InspectionPolicy",
    "Opportunity",
    "Stage",
    "StageModel",
    # values and policies: renewals
    "Churned",
    "Downgraded",
    "HealthPolicy",
    "HealthScore",
    "MetricConventions",
    "MrrMovements",
    "RenewalRate",
    "Renewed",
    "SignalCatalogue",
    "Subscription",
    "Upgraded",
    "UsageSignal",
    # values and policies: activities and reviews
    "Activity",
    "AttendanceDay",
    "ConsequencePolicy",
    "DisciplinePolicy",
    "KPI",
    "RatingScale",
    "Review",
    "Scorecard",
    # values and policies: compensation
    "CommissionPlan",
    "PayoutStatement",
    # functions: money
    "allocate",
    "convert",
    "minor_units",
    "ratio",
    "scale",
    "total",
    # functions: records
    "from_records",
    "to_records",
    # functions: targets
    "assign_quotas",
    "attainment",
    "pace",
    "rebalance",
    "split_target",
    # functions: pipeline
    "forecast_rollup",
    "open_pipeline",
    "pipeline_waterfall",
    "sales_velocity",
    "weighted_pipeline",
    "win_rate",
    # functions: renewals
    "gross_revenue_retention",
    "health",
    "mrr_at",
    "mrr_movements",
    "net_revenue_retention",
    "quick_ratio",
    "renewal_rate",
    "renewals_at_risk",
    "weighted_score",
    # functions: activities and reviews
    "decompose_gap",
    "diagnose",
    "discipline",
    "rank",
    "review",
    # functions: compensation
    "payout",
    "tiered_commission",
    "what_if",
    # errors
    "CurrencyMismatch",
    "MissingDependency",
    "PeriodError",
    "PolicyError",
    "SalesMgmtError",
    "UnknownReference",
    "ValidationError",
    "WrongType",
]
