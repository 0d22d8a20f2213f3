"""Benchmark: an annual target to reps down to days (``python benchmarks/bench_quotas.py``).

Assigns 10,000,000.00 CNY for 2025 (busy-December profile) to N reps by day,
with shares proportional to made-up last-year bookings, a tenth of the reps
hired in 2025 on a 3-month ramp and a twentieth leaving mid-year: N x 365
schedule lines (1,825,000 for 5,000 reps). Prints the median of 5 runs for
1,000 and 5,000 reps (linear scaling: the ratio should be about 5) and for
the equal-split case, and a baseline: the same N x 365 day amounts computed
with a plain int loop (each rep's quota times each day's fraction of the
year, floored), which is not exact (its parts do not sum to the total) but
shows the floor cost of touching every line. Standard library only; never run
as a test.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from collections.abc import Callable

from _timing import measure
from salesmgmt import Money, Period
from salesmgmt.org import OrgChart, Rep, Team
from salesmgmt.quotas import QuotaShares, RampSchedule, SeasonalityProfile, assign_quotas

RUNS = 5
TOTAL = Money.of("10000000.00", "CNY")
YEAR = Period.year(2025)
PROFILE = SeasonalityProfile.from_weights(
    {1: "0.5", 2: "0.5", **dict.fromkeys(range(3, 12), 1), 12: 2}
)


def median_seconds(func: Callable[[], object], runs: int = RUNS) -> float:
    """The median wall time of ``runs`` calls; the median CPU time goes to CPU_TIMES."""
    timing = measure(func, runs)
    CPU_TIMES.append(timing.cpu)
    return timing.wall


#: Median CPU seconds of each median_seconds() call (robust on a loaded machine).
CPU_TIMES: list[float] = []


def company(n: int) -> tuple[OrgChart, QuotaShares, QuotaShares]:
    rng = random.Random(n)
    reps = []
    for i in range(n):
        hired = left = None
        if i % 10 == 0:
            hired = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(300))
        elif i % 20 == 1:
            left = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(365))
        reps.append(Rep(f"R-{i:05d}", "Rep", "T", hired_on=hired, left_on=left))
    org = OrgChart(reps, [Team("T", "Sales")])
    bookings = {r.rep_id: rng.randrange(100_000, 10_000_000) for r in reps}
    return org, QuotaShares.from_weights(bookings), QuotaShares.equal(list(bookings))


def baseline(n: int) -> list[list[int]]:
    """Plain int loop: quota_r x day fraction, floored (not exact)."""
    total = TOTAL.to_minor_units()
    weights = [1] * 365
    per_rep = total // n
    out = []
    for _ in range(n):
        out.append([per_rep * w // 365 for w in weights])
    return out


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1_000, 5_000]
    ramp = RampSchedule.linear(3)
    results = {}
    for n in sizes:
        org, weighted, equal = company(n)

        def run(shares: QuotaShares = weighted, org: OrgChart = org) -> object:
            return assign_quotas(
                TOTAL, shares, YEAR, grain="day", seasonality=PROFILE, ramp=ramp, org=org
            )

        result = run()
        assert result.total == TOTAL  # type: ignore[attr-defined]
        lines = sum(len(s) for _, s in result.schedules)  # type: ignore[attr-defined]
        weighted_s = median_seconds(run)
        equal_s = median_seconds(lambda shares=equal: run(shares))  # type: ignore[misc]
        base_s = median_seconds(lambda size=n: baseline(size))  # type: ignore[misc]
        weighted_cpu, equal_cpu, base_cpu = CPU_TIMES[-3:]
        results[n] = weighted_cpu
        print(
            f"{n:>6} reps, {lines:>9,} lines: weighted {weighted_s:6.2f} s"
            f" (cpu {weighted_cpu:5.2f}), equal {equal_s:6.2f} s (cpu {equal_cpu:5.2f}),"
            f" int-loop baseline {base_s:6.2f} s (cpu {base_cpu:5.2f}),"
            f" ratio weighted/baseline {weighted_cpu / base_cpu:5.1f} (cpu)"
        )
    if len(sizes) >= 2:
        a, b = sizes[0], sizes[-1]
        ratio = results[b] / results[a]
        print(f"scaling {a} -> {b} reps (cpu): x{ratio:.2f} (linear: x{b / a:.2f})")


if __name__ == "__main__":
    main()
