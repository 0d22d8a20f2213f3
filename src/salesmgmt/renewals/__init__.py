"""Renewals and recurring revenue: subscriptions, MRR movements, retention, renewal
rate, cohorts; usage signals, health scores and the renewals at risk.

Definitions follow ChartMogul's published ones by default; every rule on which
ChartMogul, Baremetrics and ProfitWell disagree is a field of
:class:`MetricConventions`. The metric catalogue (``docs/metrics/renewals.md``)
states each formula and its source.
"""

from salesmgmt.renewals._cohorts import (
    CohortRow,
    CohortTable,
    cohort_retention,
)
from salesmgmt.renewals._fx import convert_mrr
from salesmgmt.renewals._health import (
    HealthPolicy,
    HealthScore,
    SignalScore,
    health,
    score_accounts,
    score_tally,
    tally_signals,
    weighted_score,
)
from salesmgmt.renewals._mrr import (
    MrrMovements,
    arpa,
    arr_at,
    customer_churn_rate,
    gross_revenue_retention,
    ltv,
    merge_movements,
    monthly_movements,
    mrr_at,
    mrr_movements,
    net_mrr_churn_rate,
    net_revenue_retention,
    quick_ratio,
    revenue_churn_rate,
)
from salesmgmt.renewals._renewal_rate import (
    DEFAULT_GRACE_DAYS,
    RenewalRate,
    merge_renewal_rates,
    renewal_rate,
)
from salesmgmt.renewals._risk import (
    AtRiskRenewal,
    ScoreChange,
    SignalContribution,
    explain_change,
    renewals_at_risk,
)
from salesmgmt.renewals._signals import (
    DEFAULT_KINDS,
    GAINSIGHT_BANDS,
    HealthBand,
    SignalCatalogue,
    SignalTally,
    SignalWindow,
    UsageSignal,
    merge_signal_tallies,
)
from salesmgmt.renewals._subscriptions import (
    BILLING_INTERVALS,
    Churned,
    Downgraded,
    MetricConventions,
    RenewalOutcome,
    Renewed,
    Subscription,
    Upgraded,
)

__all__ = [
    "BILLING_INTERVALS",
    "DEFAULT_GRACE_DAYS",
    "DEFAULT_KINDS",
    "GAINSIGHT_BANDS",
    "AtRiskRenewal",
    "Churned",
    "CohortRow",
    "CohortTable",
    "Downgraded",
    "HealthBand",
    "HealthPolicy",
    "HealthScore",
    "MetricConventions",
    "MrrMovements",
    "RenewalOutcome",
    "RenewalRate",
    "Renewed",
    "ScoreChange",
    "SignalCatalogue",
    "SignalContribution",
    "SignalScore",
    "SignalTally",
    "SignalWindow",
    "Subscription",
    "Upgraded",
    "UsageSignal",
    "arpa",
    "arr_at",
    "cohort_retention",
    "convert_mrr",
    "customer_churn_rate",
    "explain_change",
    "gross_revenue_retention",
    "health",
    "ltv",
    "merge_movements",
    "merge_renewal_rates",
    "merge_signal_tallies",
    "monthly_movements",
    "mrr_at",
    "mrr_movements",
    "net_mrr_churn_rate",
    "net_revenue_retention",
    "quick_ratio",
    "renewal_rate",
    "renewals_at_risk",
    "revenue_churn_rate",
    "score_accounts",
    "score_tally",
    "tally_signals",
    "weighted_score",
]
