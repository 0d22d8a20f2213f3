"""Benchmark: forecast roll-up, inspection, deal scores (``benchmarks/bench_forecast.py``).

Builds a synthetic book of deals (200 reps, the default stage model, 5 history
events per deal, touches and evidence) at two sizes, then prints the median of
5 runs for

* ``forecast_rollup`` and ``forecast_by_owner`` over a year, against a baseline
  loop that sums the same Decimal amounts per category with a dict look-up;
* ``inspect`` of every open deal, against a baseline that sorts the deals by
  stage and sums the touches per rep with plain loops (the shape of the work:
  one pass and a sort);
* ``most_likely_to_close`` (top 20), against ``sorted()`` of the amounts;

and the ratio to the baseline, plus the time per deal at both sizes (equal
times per deal mean linear scaling). Pass sizes as arguments
(``python benchmarks/bench_forecast.py 100000 200000``); the default is
20,000 and 40,000. Standard library only; never run as a test.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import sys
import tracemalloc
from decimal import Decimal

from _timing import median_seconds
from salesmgmt import Money, Period
from salesmgmt.pipeline import (
    AmountChange,
    CloseDateChange,
    Evidence,
    Opportunity,
    StageChange,
    StageModel,
    Touch,
)
from salesmgmt.pipeline._forecast import forecast_by_owner, forecast_rollup
from salesmgmt.pipeline._inspect import inspect
from salesmgmt.pipeline._score import most_likely_to_close

RUNS = 5
REPS = 200
MODEL = StageModel.default()
YEAR = Period.year(2025)
AS_OF = dt.date(2025, 9, 30)
KINDS = ("budget_confirmed", "pricing_requested", "contract_sent", "competitor_named")


def make_deal(i: int, rng: random.Random) -> Opportunity:
    """One deal with five history events: three stage moves, a push and an amount change."""
    created = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(0, 200))
    names = [s.name for s in MODEL.stages]
    path = [names[0], names[1], names[2], names[rng.choice((3, 4, 5, 6))]]
    first_close = created + dt.timedelta(days=rng.randrange(30, 90))
    close = first_close + dt.timedelta(days=rng.randrange(1, 60))
    start = Money(rng.randrange(1, 10**6), "USD")
    amount = Money(rng.randrange(1, 10**6), "USD")
    day = created
    history: list[StageChange | CloseDateChange | AmountChange] = []
    for before, after in itertools.pairwise(path):
        day += dt.timedelta(days=rng.randrange(1, 20))
        history.append(StageChange(day, before, after))
    day += dt.timedelta(days=1)
    history.append(CloseDateChange(day, first_close, max(close, day)))
    history.append(AmountChange(day, start, amount))
    return Opportunity(
        f"O-{i}",
        f"A-{i % 5000}",
        f"R-{i % REPS}",
        amount,
        created,
        max(close, day),
        path[-1],
        next_step="Call back" if i % 3 else None,
        touches=[Touch(created + dt.timedelta(days=k * 3), "call") for k in range(i % 9)],
        evidence=[Evidence(KINDS[k], created) for k in range(i % 4)],
    )


def baseline_rollup(deals: list[Opportunity]) -> dict[str, list[Decimal]]:
    """Sum the amounts per owner and category with plain loops and dicts."""
    category = {s.name: s.category for s in MODEL.stages}
    index = {"omitted": 0, "pipeline": 1, "best_case": 2, "commit": 3, "closed": 4}
    sums: dict[str, list[Decimal]] = {}
    for d in deals:
        if YEAR.start <= d.close_date <= YEAR.end:
            row = sums.setdefault(d.owner_id, [Decimal(0)] * 5)
            row[index[category[d.stage]]] += d.amount.amount
    return sums


def baseline_inspect(deals: list[Opportunity]) -> int:
    """One pass over every deal's history and touches, then a sort."""
    per_rep: dict[str, int] = {}
    flagged = []
    for d in deals:
        per_rep[d.owner_id] = per_rep.get(d.owner_id, 0) + len(d.touches)
        pushes = sum(1 for e in d.history if type(e) is CloseDateChange)
        if d.close_date < AS_OF or pushes >= 2 or d.next_step is None:
            flagged.append((d.opportunity_id, d.stage))
    flagged.sort()
    return len(flagged)


def run(size: int) -> None:
    rng = random.Random(size)
    tracemalloc.start()
    deals = [make_deal(i, rng) for i in range(size)]
    memory, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rows = [
        ("forecast_rollup", lambda: forecast_rollup(deals, YEAR, model=MODEL),
         lambda: baseline_rollup(deals)),
        ("forecast_by_owner", lambda: forecast_by_owner(deals, YEAR, model=MODEL),
         lambda: baseline_rollup(deals)),
        ("inspect", lambda: inspect(deals, AS_OF, model=MODEL),
         lambda: baseline_inspect(deals)),
        ("most_likely_to_close(20)", lambda: most_likely_to_close(deals, AS_OF, 20, model=MODEL),
         lambda: sorted(d.amount.amount for d in deals)[-20:]),
    ]  # fmt: skip
    print(
        f"\n{size:,} deals, {REPS} reps, 5 history events each;"
        f" {memory / size:,.0f} bytes per deal (tracemalloc)"
    )
    print(f"{'function':<26}{'median s':>10}{'µs/deal':>10}{'baseline s':>12}{'ratio':>8}")
    for name, ours, base in rows:
        mine = median_seconds(ours)
        theirs = median_seconds(base)
        print(f"{name:<26}{mine:>10.3f}{mine / size * 1e6:>10.2f}{theirs:>12.3f}"
              f"{mine / theirs:>8.1f}")  # fmt: skip


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [20_000, 40_000]
    for size in sizes:
        run(size)


if __name__ == "__main__":
    main()
