"""Benchmark: a month of payout statements (``python benchmarks/bench_compensation.py [scale]``).

N reps, 200·N won deals in March 2025 (the issue's size is 5,000 reps over
1,000,000 deals: ``scale=1``; the default ``scale=0.1`` runs 500 reps over
100,000 deals and 1,000 over 200,000 to check linear scaling). A tenth of the
deals are split 50/50 with another rep. Timed (median of 5 runs):

* ``credit``: deals and splits → credit lines (sorted);
* ``payout``: group the lines by rep (one pass), then one March statement per
  rep with a January–February history, on a marginal three-tier plan with a
  quota bonus and a cap;
* ``rules``: the same statements on the same plan with per-deal rules
  (first-year crediting, a segment multiplier, a per-deal cap and a renewal
  rate; a third of the deals carry terms), which tally each rep's deals;
* baseline: the same March commission per rep with plain ``int`` sums and a
  hand-written marginal-tier loop over cents (no validation, no statement, no
  bonus, no cap).

The deals are built once, outside the timing. Standard library only; never
run as a test.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from collections import defaultdict
from decimal import Decimal as D

import attrs

from _timing import median_seconds
from salesmgmt import Money, Period
from salesmgmt.compensation import (
    CommissionPlan,
    CommissionRate,
    CreditLine,
    DealRules,
    DealTerms,
    PayCurve,
    PayoutStatement,
    QuotaBonus,
    Split,
    credit,
    payout,
)
from salesmgmt.pipeline import Opportunity

RUNS = 5
YEAR = Period.year(2025)
MARCH = Period.month(2025, 3)
PLAN = CommissionPlan(
    "AE-2025",
    YEAR,
    Money.of(1_200_000, "USD"),
    CommissionRate([(D(1), D("0.05")), (D("1.5"), D("0.08")), (None, D("0.12"))]),
    QuotaBonus(Money.of(20_000, "USD"), PayCurve([(D("0.5"), D("0.5")), (D(1), D(1))])),
    Money.of(150_000, "USD"),
)
RULED = attrs.evolve(
    PLAN,
    plan_id="AE-2025-R",
    deal_rules=DealRules(
        12,
        segment_multipliers=[("ENT", D("1.5"))],
        deal_cap=Money.of(40_000, "USD"),
        type_rates=[("renewal", D("0.02"))],
    ),
)
TERMS = (
    DealTerms(term_months=36),
    DealTerms(segment="ENT"),
    DealTerms(deal_type="renewal"),
)


def data(reps: int) -> tuple[list[Opportunity], list[Split]]:
    rng = random.Random(reps)
    deals, splits = [], []
    for i in range(reps * 200):
        owner = f"R-{rng.randrange(reps):05d}"
        day = dt.date(2025, 3, 1 + rng.randrange(31))
        amount = Money.from_minor_units(rng.randrange(100_000, 5_000_000), "USD")
        oid = f"O-{i:07d}"
        deals.append(Opportunity(oid, "A-1", owner, amount, dt.date(2025, 1, 1), day, "Won"))
        if i % 10 == 0:
            other = f"R-{rng.randrange(reps):05d}"
            if other != owner:
                splits += [Split(oid, owner, 50), Split(oid, other, 50)]
    return deals, splits


def history(plan: CommissionPlan, rep_id: str) -> list[PayoutStatement]:
    done: list[PayoutStatement] = []
    for m in (1, 2):
        done.append(payout(plan, rep_id, Period.month(2025, m), [], dt.date(2025, 3, 1), done))
    return done


def statements(
    plan: CommissionPlan,
    lines: tuple[CreditLine, ...],
    past: dict[str, list[PayoutStatement]],
) -> int:
    by_rep: dict[str, list[CreditLine]] = defaultdict(list)
    for line in lines:
        by_rep[line.rep_id].append(line)
    count = 0
    for rep_id, own in by_rep.items():
        payout(plan, rep_id, MARCH, own, dt.date(2025, 4, 1), past[rep_id])
        count += 1
    return count


TIERS = ((120_000_000, 5), (180_000_000, 8), (None, 12))  # cents, percent


def baseline(deals: list[tuple[str, int]]) -> dict[str, int]:
    sums: dict[str, int] = defaultdict(int)
    for owner, cents in deals:
        sums[owner] += cents
    paid = {}
    for owner, cents in sums.items():
        lower, pay = 0, 0
        for upper, pct in TIERS:
            top = cents if upper is None else min(cents, upper)
            if top > lower:
                pay += (top - lower) * pct
            if upper is None or cents <= upper:
                break
            lower = upper
        paid[owner] = (pay + 50) // 100
    return paid


def run(reps: int) -> tuple[float, float, float, float]:
    deals, splits = data(reps)
    lines = credit(deals, splits)
    past = {rep_id: history(PLAN, rep_id) for rep_id in {line.rep_id for line in lines}}
    terms = {d.opportunity_id: TERMS[i % 9] for i, d in enumerate(deals) if i % 9 < 3}
    ruled = credit(deals, splits, terms=terms)
    past_ruled = {rep_id: history(RULED, rep_id) for rep_id in {line.rep_id for line in ruled}}
    plain = [(d.owner_id, d.amount.to_minor_units()) for d in deals]
    t_credit = median_seconds(lambda: credit(deals, splits))
    t_payout = median_seconds(lambda: statements(PLAN, lines, past))
    t_rules = median_seconds(lambda: statements(RULED, ruled, past_ruled))
    t_base = median_seconds(lambda: baseline(plain))
    return t_credit, t_payout, t_rules, t_base


def main() -> None:
    scale = float(sys.argv[1]) if len(sys.argv) > 1 else 0.1
    sizes = [int(5_000 * scale), int(10_000 * scale)]
    results = {}
    for reps in sizes:
        t_credit, t_payout, t_rules, t_base = run(reps)
        results[reps] = t_credit + t_payout
        print(
            f"{reps:>6} reps, {reps * 200:>9,} deals: credit {t_credit:6.3f} s,"
            f" payout {t_payout:6.3f} s, rules {t_rules:6.3f} s, baseline {t_base:6.3f} s,"
            f" ratio {(t_credit + t_payout) / t_base:5.1f}x"
        )
    small, large = sizes
    print(f"scaling {small} -> {large} reps: x{results[large] / results[small]:.2f} (linear: x2)")


if __name__ == "__main__":
    main()
