"""Commission plans and payouts, with an audit trail for every cent.

* :func:`tiered_commission` — the tier primitive: marginal or retroactive rates
  by amount or by attainment, rounded once.
* :class:`PayCurve`, :func:`curve_factor`, :func:`quota_bonus` — bonus curves
  (step tables, linear interpolation, caps).
* :func:`credit` — won deals to :class:`CreditLine` values: :class:`Split`
  shares exact to the cent, overlay credit for managers, the crediting date.
* :class:`CommissionPlan` (with :class:`CommissionRate` and
  :class:`QuotaBonus`) and :func:`payout` → :class:`PayoutStatement` of
  explained :class:`PayoutLine` values, year to date; :func:`explain` renders a
  statement as text; :func:`what_if` answers "what do I earn if I close this
  deal?".
* :class:`Draw` and :func:`apply_draw` — Xactly's four draw types with a
  carried recoverable balance.
* :func:`deal_commissions` and :func:`clawback` — what each deal paid, and
  taking it back at the calculation rate when it is cancelled within a window.
* :class:`DealRules` (``CommissionPlan.deal_rules``) and :class:`DealTerms` —
  per-deal rules: multi-year crediting, product/segment multipliers, a per-deal
  cap, new-logo vs renewal rates, a minimum commission per deal;
  ``payout(adjustments=...)`` takes the rewards and penalties of
  :mod:`salesmgmt.reviews`; ``payout(effective=...)`` pays a rep who changes
  plan during the year on each plan for its days.
* :class:`Spiff` and :func:`spiff_bonus` — a fixed bonus per qualifying deal
  in a window.

>>> import datetime as dt
>>> from decimal import Decimal as D
>>> from salesmgmt import Money, Period
>>> from salesmgmt.compensation import CommissionPlan, CommissionRate, CreditLine, payout
>>> plan = CommissionPlan("AE-2025", Period.year(2025), Money.of(100_000, "USD"),
...     CommissionRate([(D(1), D("0.05")), (D("1.5"), D("0.08")), (None, D("0.12"))],
...                    method="retroactive"))
>>> deal = CreditLine("R-1", "O-1", Money.of(160_000, "USD"), dt.date(2025, 3, 31))
>>> payout(plan, "R-1", Period.parse("2025-Q1"), [deal], dt.date(2025, 4, 1)).total
Money('19200.00', 'USD')
"""

from salesmgmt.compensation._clawbacks import clawback, deal_commissions
from salesmgmt.compensation._credit import (
    CREDIT_KINDS,
    CREDITING_DATES,
    CreditingDate,
    CreditKind,
    CreditLine,
    CreditRules,
    Split,
    credit,
)
from salesmgmt.compensation._curves import (
    CURVE_METHODS,
    CurveMethod,
    PayCurve,
    curve_factor,
    quota_bonus,
)
from salesmgmt.compensation._deals import DEAL_TYPES, DealRules, DealTerms, DealType
from salesmgmt.compensation._draws import (
    DRAW_KINDS,
    Draw,
    DrawKind,
    DrawLine,
    apply_draw,
    spiff_bonus,
)
from salesmgmt.compensation._payout import (
    RULES,
    PayoutLine,
    PayoutStatement,
    Rule,
    WhatIf,
    explain,
    payout,
    what_if,
)
from salesmgmt.compensation._plan import (
    BASES,
    Basis,
    CommissionPlan,
    CommissionRate,
    QuotaBonus,
    Spiff,
)
from salesmgmt.compensation._tiers import METHODS, Method, tiered_commission

__all__ = [
    "BASES",
    "CREDITING_DATES",
    "CREDIT_KINDS",
    "CURVE_METHODS",
    "DEAL_TYPES",
    "DRAW_KINDS",
    "METHODS",
    "RULES",
    "Basis",
    "CommissionPlan",
    "CommissionRate",
    "CreditKind",
    "CreditLine",
    "CreditRules",
    "CreditingDate",
    "CurveMethod",
    "DealRules",
    "DealTerms",
    "DealType",
    "Draw",
    "DrawKind",
    "DrawLine",
    "Method",
    "PayCurve",
    "PayoutLine",
    "PayoutStatement",
    "QuotaBonus",
    "Rule",
    "Spiff",
    "Split",
    "WhatIf",
    "apply_draw",
    "clawback",
    "credit",
    "curve_factor",
    "deal_commissions",
    "explain",
    "payout",
    "quota_bonus",
    "spiff_bonus",
    "tiered_commission",
    "what_if",
]
