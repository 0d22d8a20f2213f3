"""Benchmark: pipeline metrics for 200 reps and the waterfall.

Run ``python benchmarks/bench_pipeline.py [--sizes N ...]``.

Builds N deals (200 owners, 5 history events each: stage, close-date and amount
changes, some won or lost) and prints the median of 5 runs for

* ``by_owner``: every pipeline metric for 200 reps, one pass (tally + finalise);
* ``by_owner(as_of=…)``: the same on the deals as they stood mid-quarter;
* ``pipeline_waterfall``: the quarter's waterfall, one pass;
* ``coverage_by_owner``: coverage against each rep's quota, one pass;
* ``stage_funnel`` and ``time_in_stage``: one pass over each deal's stage
  history (no baseline: they are timed for linear scaling only);
* the baselines: a hand-written loop over the same deals with plain ints and
  dicts (open and weighted pipeline, won/lost per owner; for the waterfall,
  the start and end state per deal by scanning history),

and the ratios. Sizes: ``--sizes 200000 1000000`` by default: 1,000,000 deals is
the issue's size, and the smaller size shows the scaling is linear (the full
run takes about a quarter of an hour on one core, most of it building the
deals; ``--sizes 20000 40000`` is a quick check). Memory per deal is measured
with ``tracemalloc`` while building 20,000 deals (tracing slows building
down). Standard library only; never run as a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
import tracemalloc
from fractions import Fraction

from _timing import median_seconds
from salesmgmt import Money, Period
from salesmgmt.pipeline import (
    AmountChange,
    CloseDateChange,
    Opportunity,
    StageChange,
    StageModel,
    by_owner,
    coverage_by_owner,
    pipeline_waterfall,
    stage_funnel,
    time_in_stage,
)

RUNS = 5
MODEL = StageModel.default()
QUARTER = Period.quarter(2025, 1)
START = dt.date(2025, 1, 1)


def build(n: int, seed: int = 20250101) -> list[Opportunity]:
    """``n`` USD deals for 200 owners, each with exactly 5 history events."""
    rng = random.Random(seed)
    opens = ["Prospecting", "Qualification", "Proposal", "Negotiation", "Commit"]
    owners = [f"R-{i}" for i in range(200)]
    deals = []
    for i in range(n):
        created = dt.date(2024, 10, 1) + dt.timedelta(days=rng.randrange(0, 120))
        close0 = created + dt.timedelta(days=rng.randrange(10, 150))
        close1 = close0 + dt.timedelta(days=rng.randrange(-5, 60) or 1)
        if close1 < created:
            close1 = created
        a0 = Money.from_minor_units(rng.randrange(1, 10**7), "USD")
        a1 = Money.from_minor_units(rng.randrange(1, 10**7), "USD")
        if a1 == a0:
            a1 = a0 + Money("1", "USD")
        s0, s1, s2 = (
            opens[rng.randrange(0, 2)],
            opens[rng.randrange(2, 4)],
            rng.choice(["Commit", "Closed Won", "Closed Lost", "Negotiation"]),
        )
        if s2 == s1:
            s2 = "Commit" if s1 != "Commit" else "Closed Won"
        day = created
        steps = sorted(rng.randrange(0, 90) for _ in range(5))
        on = [day + dt.timedelta(days=step) for step in steps]
        history = (
            StageChange(on[0], s0, s1),
            AmountChange(on[1], a0, a1),
            CloseDateChange(on[2], close0, close1),
            StageChange(on[3], s1, s2),
            AmountChange(on[4], a1, a0),
        )
        deals.append(
            Opportunity(
                f"O-{i}",
                f"A-{i % 5000}",
                owners[i % 200],
                a0,
                created,
                close1,
                s2,
                history=history,
            )
        )
    return deals


def baseline_metrics(deals: list[Opportunity]) -> dict[str, list[int]]:
    """Plain ints and dicts: open units, weighted (as a Fraction), won and lost per owner."""
    probability = {s.name: Fraction(s.probability) for s in MODEL.stages}
    won_name, lost_name = "Closed Won", "Closed Lost"
    start, end = QUARTER.start, QUARTER.end
    out: dict[str, list[int]] = {}
    weighted: dict[str, Fraction] = {}
    for deal in deals:
        if not start <= deal.close_date <= end:
            continue
        units = int(deal.amount.amount.scaleb(2))
        slot = out.setdefault(deal.owner_id, [0, 0, 0, 0])
        if deal.stage == won_name:
            slot[1] += 1
        elif deal.stage == lost_name:
            slot[2] += 1
        else:
            slot[0] += units
            weighted[deal.owner_id] = (
                weighted.get(deal.owner_id, Fraction(0)) + units * probability[deal.stage]
            )
    for owner, value in weighted.items():
        out[owner][3] = round(value)
    return out


def baseline_waterfall(deals: list[Opportunity], first: dt.date, last: dt.date) -> tuple[int, int]:
    """Start and end open pipeline by replaying each deal's history with plain loops."""
    totals = [0, 0]
    for deal in deals:
        for index, day in enumerate((first, last)):
            if deal.created_on > day:
                continue
            stage, close, amount = deal.stage, deal.close_date, deal.amount
            for event in reversed(deal.history):
                if event.on <= day:
                    break
                if isinstance(event, StageChange):
                    stage = event.from_stage
                elif isinstance(event, CloseDateChange):
                    close = event.from_date
                else:
                    amount = event.from_amount
            if (
                stage not in ("Closed Won", "Closed Lost")
                and QUARTER.start <= close <= QUARTER.end
            ):
                totals[index] += int(amount.amount.scaleb(2))
    return totals[0], totals[1]


def run(n: int) -> dict[str, float]:
    sample = min(n, 20_000)
    tracemalloc.start()
    kept = build(sample)
    current, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del kept
    began = time.perf_counter()
    deals = build(n)
    build_seconds = time.perf_counter() - began
    mid = dt.date(2025, 2, 15)
    end = dt.date(2025, 3, 31)
    quotas = {f"R-{i}": Money(1_000_000, "USD") for i in range(200)}
    results = {
        "build": build_seconds,
        "bytes_per_deal": current / sample,
        "by_owner": median_seconds(lambda: by_owner(deals, QUARTER, model=MODEL)),
        "by_owner_as_of": median_seconds(lambda: by_owner(deals, QUARTER, model=MODEL, as_of=mid)),
        "baseline_metrics": median_seconds(lambda: baseline_metrics(deals)),
        "waterfall": median_seconds(
            lambda: pipeline_waterfall(deals, START, end, model=MODEL, period=QUARTER)
        ),
        "baseline_waterfall": median_seconds(lambda: baseline_waterfall(deals, START, end)),
        "coverage_by_owner": median_seconds(
            lambda: coverage_by_owner(deals, QUARTER, quotas, model=MODEL, as_of=mid)
        ),
        "stage_funnel": median_seconds(lambda: stage_funnel(deals, QUARTER, model=MODEL)),
        "time_in_stage": median_seconds(lambda: time_in_stage(deals, QUARTER, model=MODEL)),
    }
    # the library and the baselines agree
    owners = {m.owner_id: m for m in by_owner(deals, QUARTER, model=MODEL)}
    for owner, (open_units, won, lost, weighted) in baseline_metrics(deals).items():
        metrics = owners[owner]
        assert metrics.open_pipeline.to_minor_units() == open_units
        assert (metrics.won_count, metrics.lost_count) == (won, lost)
        assert abs(metrics.weighted_pipeline.to_minor_units() - weighted) <= 1
    flow = pipeline_waterfall(deals, START, end, model=MODEL, period=QUARTER)
    assert (flow.start.to_minor_units(), flow.end.to_minor_units()) == baseline_waterfall(
        deals, START, end
    )
    assert len(owners) == 200
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200_000, 1_000_000])
    sizes = parser.parse_args().sizes
    rows = []
    for n in sizes:
        result = run(n)
        rows.append((n, result))
        print(f"\n{n:,} deals, 5 history events each, 200 reps (median of {RUNS} runs)")
        print(f"  building the deals            {result['build']:8.2f} s (once)")
        print(f"  memory per deal (tracemalloc) {result['bytes_per_deal']:8.0f} bytes")
        for name, base in (
            ("by_owner", "baseline_metrics"),
            ("by_owner_as_of", "baseline_metrics"),
            ("waterfall", "baseline_waterfall"),
        ):
            ratio = result[name] / result[base]
            print(
                f"  {name:<28}  {result[name]:8.3f} s   baseline {result[base]:7.3f} s"
                f"   ratio {ratio:5.2f}x"
            )
        for name in ("coverage_by_owner", "stage_funnel", "time_in_stage"):
            print(f"  {name:<28}  {result[name]:8.3f} s   ({result[name] / n * 1e6:.2f} µs/deal)")
    if len(rows) >= 2:
        (n0, r0), (n1, r1) = rows[0], rows[-1]
        print(f"\nscaling {n0:,} → {n1:,} deals (×{n1 / n0:.1f}):")
        for name in (
            "by_owner",
            "by_owner_as_of",
            "waterfall",
            "coverage_by_owner",
            "stage_funnel",
            "time_in_stage",
        ):
            print(f"  {name:<28}  time ×{r1[name] / r0[name]:.2f}")


if __name__ == "__main__":
    main()
