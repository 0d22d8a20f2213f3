"""Reviews: the monthly scorecard, ranks, rating bands, consequences and gap diagnosis.

* :class:`Scorecard` (:meth:`Scorecard.default` is the seed's twelve-line
  template) of weighted :class:`KPI` lines with scoring curves
  (:class:`Linear`, :class:`Gate`, :class:`StepTable`, :class:`Inverse`);
* :func:`review` scores one rep's :class:`RepFacts`; :func:`rank` and
  :func:`rate` order and band the reviews;
* :func:`decompose_gap` splits the change of a product of factors (bookings =
  leads x win rate x deal size) into additive parts (LMDI-I) that sum exactly;
  :func:`diagnose` (one rep) and :func:`diagnose_all` (the whole sales force)
  split a rep's bookings gap over the funnel and name the cause;
* :func:`consequences` turns ratings and violations into :class:`Reward` and
  :class:`Penalty` lines; :func:`team_extremes` names the longest and the
  shortest board.

>>> from salesmgmt.reviews import decompose_gap
>>> decompose_gap({"leads": 3, "size": 10}, {"leads": 3, "size": 10})
{'leads': Decimal('0'), 'size': Decimal('0')}
"""

from salesmgmt.reviews._consequences import (
    Consequence,
    ConsequencePolicy,
    Extreme,
    Penalty,
    Reward,
    consequences,
    team_extremes,
)
from salesmgmt.reviews._curves import Curve, Gate, Inverse, Linear, StepTable, curve_max, score
from salesmgmt.reviews._diagnosis import (
    CAUSES,
    FUNNEL,
    Diagnosis,
    GapPart,
    diagnose,
    diagnose_all,
    funnel,
)
from salesmgmt.reviews._facts import collect_facts
from salesmgmt.reviews._gap import MAX_FACTORS, decompose_gap, log_mean
from salesmgmt.reviews._review import (
    Ranked,
    Rating,
    RatingScale,
    Review,
    ReviewLine,
    rank,
    rate,
    review,
)
from salesmgmt.reviews._scorecard import (
    KPI,
    Measure,
    RepFacts,
    Scorecard,
    customers_lost,
    discipline_violations,
    existing_visits,
    growth_rate,
    new_customers_added,
    new_customers_developed,
    phone_calls,
    plan_attainment,
    plan_completion,
    relative_sales,
    reply_rate,
    weekly_orders,
)

__all__ = [
    "CAUSES",
    "FUNNEL",
    "KPI",
    "MAX_FACTORS",
    "Consequence",
    "ConsequencePolicy",
    "Curve",
    "Diagnosis",
    "Extreme",
    "GapPart",
    "Gate",
    "Inverse",
    "Linear",
    "Measure",
    "Penalty",
    "Ranked",
    "Rating",
    "RatingScale",
    "RepFacts",
    "Review",
    "ReviewLine",
    "Reward",
    "Scorecard",
    "StepTable",
    "collect_facts",
    "consequences",
    "curve_max",
    "customers_lost",
    "decompose_gap",
    "diagnose",
    "diagnose_all",
    "discipline_violations",
    "existing_visits",
    "funnel",
    "growth_rate",
    "log_mean",
    "new_customers_added",
    "new_customers_developed",
    "phone_calls",
    "plan_attainment",
    "plan_completion",
    "rank",
    "rate",
    "relative_sales",
    "reply_rate",
    "review",
    "score",
    "team_extremes",
    "weekly_orders",
]
