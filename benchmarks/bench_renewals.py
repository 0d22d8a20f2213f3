"""Benchmark: monthly MRR movements for 36 months (``python benchmarks/bench_renewals.py``).

The issue's size: 100,000 accounts with 300,000 subscription lines (changes),
movements for each of 36 months. Prints the median CPU time of 5 runs of

* ``monthly_movements`` (one O(n log n) pass: sorted change points per account,
  one binary search per change point);
* the same via 36 separate ``mrr_movements`` calls (one full pass per month;
  at the small size only);
* ``cohort_retention`` over the same 36 months;
* the baseline: plain ``int`` loops that, for every month, compute each
  account's MRR on both boundaries by scanning its subscriptions and classify
  the change (O(months × n), no Money, no validation);

the ratios to the baseline, and the same at a tenth of the size to show that
the engine scales linearly. Standard library only; never run as a test.

Usage: ``python benchmarks/bench_renewals.py [--accounts N]`` (default 100,000).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from collections import defaultdict

from _timing import median_cpu_seconds as median_seconds
from salesmgmt import Money, Period
from salesmgmt.renewals import Subscription, cohort_retention, monthly_movements, mrr_movements

RUNS = 5
RANGE = Period(dt.date(2023, 1, 1), dt.date(2025, 12, 31))  # 36 months


def make_book(accounts: int, seed: int = 20250101) -> list[Subscription]:
    """Three subscription lines per account on average: a first line, then changes
    (upgrades, downgrades, churn and come-backs) as follow-on lines."""
    rng = random.Random(seed)
    lo = dt.date(2022, 6, 1).toordinal()
    hi = dt.date(2026, 6, 30).toordinal()
    book = []
    for a in range(accounts):
        day = rng.randrange(lo, hi - 200)
        for k in range(rng.choice((1, 2, 3, 4, 5, 6))):
            length = rng.randrange(20, 400)
            end = None if rng.random() < 0.2 else dt.date.fromordinal(min(day + length, hi))
            book.append(
                Subscription(
                    f"S-{a}-{k}",
                    f"A-{a}",
                    Money.from_minor_units(rng.randrange(0, 50_000), "USD"),
                    dt.date.fromordinal(day),
                    end,
                )
            )
            day += rng.randrange(1, 300)
            if day >= hi:
                break
    return book


def baseline(book: list[Subscription], months: tuple[Period, ...]) -> list[list[int]]:
    """Plain int loops: per month, per account, scan its lines on both boundaries."""
    lines: dict[str, list[tuple[int, int | None, int]]] = defaultdict(list)
    for s in book:
        end = None if s.ends_on is None else s.ends_on.toordinal()
        lines[s.account_id].append((s.starts_on.toordinal(), end, s.mrr.to_minor_units()))
    first = {
        a: min((start for start, _, units in ls if units > 0), default=None)
        for a, ls in lines.items()
    }
    result = []
    for month in months:
        before, last = month.start.toordinal() - 1, month.end.toordinal()
        row = [0] * 7
        for account, ls in lines.items():
            x = sum(u for s, e, u in ls if s <= before and (e is None or before <= e))
            y = sum(u for s, e, u in ls if s <= last and (e is None or last <= e))
            row[0] += x
            row[6] += y
            if x == 0 and y > 0:
                paid = first[account]
                row[5 if paid is not None and paid <= before else 1] += y
            elif x > 0 and y == 0:
                row[4] += x
            elif y > x:
                row[2] += y - x
            else:
                row[3] += x - y
        result.append(row)
    return result


def run(accounts: int, *, per_month: bool) -> dict[str, float]:
    book = make_book(accounts)
    months = RANGE.split("month")
    fast = monthly_movements(book, RANGE)
    slow = baseline(book, months)
    for m, row in zip(fast, slow, strict=True):  # both engines agree
        got = [m.start, m.new, m.expansion, m.contraction, m.churn, m.reactivation, m.end]
        assert [x.to_minor_units() for x in got] == row
    timings = {
        "monthly_movements": median_seconds(lambda: monthly_movements(book, RANGE)),
        "cohort_retention": median_seconds(lambda: cohort_retention(book, RANGE)),
        "baseline (int loops)": median_seconds(lambda: baseline(book, months)),
    }
    if per_month:  # 36 full passes: only at the small size
        timings["36 x mrr_movements"] = median_seconds(
            lambda: [mrr_movements(book, p) for p in months]
        )
    print(f"\n{accounts:,} accounts, {len(book):,} subscription lines, {len(months)} months")
    base = timings["baseline (int loops)"]
    for name, seconds in timings.items():
        print(f"  {name:<24} {seconds:8.3f} s   ratio to baseline {seconds / base:6.3f}")
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    args = parser.parse_args()
    small = run(args.accounts // 10, per_month=True)
    large = run(args.accounts, per_month=False)
    growth = large["monthly_movements"] / small["monthly_movements"]
    print(f"\nmonthly_movements: 10x the accounts took {growth:.1f}x the time (linear: ~10x)")


if __name__ == "__main__":
    main()
