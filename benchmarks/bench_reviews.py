"""Benchmark: the monthly review of a whole sales force (``python benchmarks/bench_reviews.py``).

The issue's size is 5,000 reps with 2,000,000 activities and 1,000,000 deals.
Building that many attrs values takes minutes and gigabytes before anything
is timed, so by default this runs a tenth (500 reps, 200,000 activities,
100,000 deals) and a twentieth, and prints the ratio (about 2 when the
month end is linear). Pass ``--full`` for the issue's size, ``--tiny`` (a
hundredth and a two-hundredth) to check that the script runs.

Timed (median of 5 runs): ``collect_facts`` (one pass over deals, activities
and attendance, including the discipline check), ``review`` of every rep on the
default scorecard, ``rank``, ``rate``, ``team_extremes``, ``consequences`` (rewards by
band) and ``diagnose_all`` (every rep's gap to the team median, LMDI over the
funnel). Baseline: the
same passes written as plain ``dict``/``int`` loops (bookings and calls per rep,
calls per rep-day against the attendance sheet) plus ``sorted()`` of a plain
Decimal score, which is the floor cost of touching every record once.
Standard library only; never run as a test.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from decimal import Decimal

from _timing import median_seconds
from salesmgmt import Money, Period
from salesmgmt.activities import Activity, AttendanceDay
from salesmgmt.org import Rep
from salesmgmt.pipeline import Opportunity, StageModel
from salesmgmt.reviews import (
    ConsequencePolicy,
    Scorecard,
    collect_facts,
    consequences,
    diagnose_all,
    rank,
    rate,
    review,
    team_extremes,
)

RUNS = 5
MARCH = Period.month(2025, 3)
MODEL = StageModel.default()
STAGES = [s.name for s in MODEL.stages]
KINDS = ["call", "call", "call", "visit", "meeting", "email", "demo"]


def company(reps: int, activities: int, deals: int) -> dict[str, object]:
    rng = random.Random(reps)
    roster = [Rep(f"R-{i}", f"Rep {i}", f"T-{i // 10}") for i in range(reps)]
    days = [MARCH.start + dt.timedelta(days=d) for d in range(31)]
    log = [
        Activity(
            f"A-{i}",
            f"R-{rng.randrange(reps)}",
            rng.choice(KINDS),  # type: ignore[arg-type] # from KINDS
            rng.choice(days),
            account_id=f"C-{rng.randrange(deals)}",
            opportunity_id=f"O-{rng.randrange(deals)}" if i % 3 == 0 else None,
            outcome=rng.choice(["none", "reached", "not_reached", "order"]),  # type: ignore[arg-type]
            is_new_account=i % 11 == 0,
        )
        for i in range(activities)
    ]
    sheet = [
        AttendanceDay(rep.rep_id, day, "present" if rng.random() < 0.97 else "absent")
        for rep in roster
        for day in days
        if day.weekday() < 5
    ]
    opportunities = []
    for i in range(deals):
        created = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(80))
        opportunities.append(
            Opportunity(
                f"O-{i}",
                f"C-{rng.randrange(deals // 2)}",
                f"R-{rng.randrange(reps)}",
                Money(rng.randrange(100, 100_000), "CNY"),
                created,
                created + dt.timedelta(days=rng.randrange(60)),
                rng.choice(STAGES),
            )
        )
    targets = {rep.rep_id: Money(500_000, "CNY") for rep in roster}
    return {
        "reps": roster,
        "activities": log,
        "attendance": sheet,
        "opportunities": opportunities,
        "targets": targets,
    }


def month_end(data: dict[str, object]) -> object:
    facts = collect_facts(
        MARCH,
        reps=data["reps"],  # type: ignore[arg-type]
        opportunities=data["opportunities"],  # type: ignore[arg-type]
        stage_model=MODEL,
        currency="CNY",
        activities=data["activities"],  # type: ignore[arg-type]
        attendance=data["attendance"],  # type: ignore[arg-type]
        targets=data["targets"],  # type: ignore[arg-type]
    )
    card = Scorecard.default()
    reviews = [review(rep_id, MARCH, f, card) for rep_id, f in facts.items()]
    ratings = rate(reviews)
    lines = consequences(ratings, [], ConsequencePolicy(Money(1000, "CNY")))
    why = diagnose_all(MARCH, facts, "team_median")
    return rank(reviews), ratings, team_extremes(reviews), lines, why


def baseline(data: dict[str, object]) -> object:
    won = {s.name for s in MODEL.stages if s.won}
    booked: dict[str, int] = {}
    for deal in data["opportunities"]:  # type: ignore[attr-defined]
        if deal.stage in won and MARCH.start <= deal.close_date <= MARCH.end:
            booked[deal.owner_id] = booked.get(deal.owner_id, 0) + deal.amount.to_minor_units()
    calls: dict[tuple[str, dt.date], int] = {}
    for a in data["activities"]:  # type: ignore[attr-defined]
        if a.kind == "call":
            calls[a.rep_id, a.on] = calls.get((a.rep_id, a.on), 0) + 1
    short = {}
    for line in data["attendance"]:  # type: ignore[attr-defined]
        if line.status == "present" and calls.get((line.rep_id, line.on), 0) < 20:
            short[line.rep_id] = short.get(line.rep_id, 0) + 1
    scores = {
        rep.rep_id: Decimal(booked.get(rep.rep_id, 0)) / Decimal(50_000_000)
        for rep in data["reps"]  # type: ignore[attr-defined]
    }
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])), short


def main() -> None:
    if "--full" in sys.argv:
        sizes = [(5_000, 2_000_000, 1_000_000)]
    elif "--tiny" in sys.argv:
        sizes = [(25, 10_000, 5_000), (50, 20_000, 10_000)]
    else:
        sizes = [(250, 100_000, 50_000), (500, 200_000, 100_000)]
    results = []
    for reps, acts, deals in sizes:
        start = time.perf_counter()
        data = company(reps, acts, deals)
        built = time.perf_counter() - start
        ours = median_seconds(lambda data=data: month_end(data))
        base = median_seconds(lambda data=data: baseline(data))
        results.append(ours)
        print(
            f"{reps:>5} reps, {acts:>9,} activities, {deals:>9,} deals:"
            f" month end {ours:7.3f} s (median of {RUNS}), baseline {base:6.3f} s,"
            f" ratio {ours / base:5.1f}x  [data built in {built:.0f} s]"
        )
    if len(results) == 2:
        print(f"scaling 2x the input: {results[1] / results[0]:.2f}x the time (linear = 2)")


if __name__ == "__main__":
    main()
