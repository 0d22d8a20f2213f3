"""Benchmark: health for every account (``python benchmarks/bench_health.py [points]``).

The issue's size: 100,000 accounts and 10,000,000 usage points (100 points per
account), the default. The points share their few distinct ``Decimal`` values,
dates and ids, so ten million ``UsageSignal`` values fit in about 1 GB; building
them takes a minute before anything is timed. A run at a tenth of the size
comes first, and the per-point times of both show that the scaling is linear.
Pass a smaller number of points for a quick check.

For each size it prints the median of 5 runs of

* ``score_accounts(signals, as_of, policy)``: one pass grouping the points by
  (account, kind), peers sorted once per kind, then every account scored with
  its breakdown and sentences;
* the baseline: the same window sums with a plain ``dict`` of ``Decimal``
  additions, ``sorted()`` recent sums per kind and ``bisect`` percentiles, the
  same own/peer/trend arithmetic in ``Decimal`` with no validation, no exact
  fractions, no rounding and no result objects;

and the ratio of the two. Standard library only; never run as a test.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
import sys
from decimal import Decimal

from _timing import median_seconds
from salesmgmt.renewals._health import HealthPolicy, score_accounts
from salesmgmt.renewals._signals import DEFAULT_KINDS, UsageSignal

RUNS = 5
AS_OF = dt.date(2025, 3, 31)
POINTS_PER_ACCOUNT = 100


def make_signals(points: int, seed: int = 8) -> list[UsageSignal]:
    """``points`` usage points over ``points / 100`` accounts and the last 17 weeks.

    The values, dates and ids are drawn from small pools of shared objects, so a
    point costs one slotted ``UsageSignal`` and no more.
    """
    rng = random.Random(seed)
    accounts = [f"A-{i}" for i in range(max(points // POINTS_PER_ACCOUNT, 1))]
    days = [AS_OF - dt.timedelta(days=d) for d in range(120)]
    values = [Decimal(v) for v in range(50)]
    return [
        UsageSignal(rng.choice(accounts), rng.choice(DEFAULT_KINDS), rng.choice(days), v)
        for v in (rng.choice(values) for _ in range(points))
    ]


def baseline(signals: list[UsageSignal], policy: HealthPolicy) -> dict[str, Decimal]:
    """The same scores with plain Decimal loops, dicts and sorted()."""
    end = AS_OF.toordinal()
    trend, base = 7 * policy.trend_weeks, 7 * policy.baseline_weeks
    lookback = trend + max(trend, base)
    sums: dict[tuple[str, str], list[Decimal]] = {}
    zero = Decimal(0)
    for s in signals:
        age = end - s.on.toordinal()
        if 0 <= age < lookback:
            row = sums.setdefault((s.account_id, s.kind), [zero, zero, zero])
            if age < trend:
                row[0] += s.value
            else:
                if age < 2 * trend:
                    row[1] += s.value
                if age < trend + base:
                    row[2] += s.value
    peers: dict[str, list[Decimal]] = {}
    for (_, kind), row in sums.items():
        peers.setdefault(kind, []).append(row[0])
    for values in peers.values():
        values.sort()
    hundred, scale = Decimal(100), Decimal(policy.baseline_weeks) / policy.trend_weeks
    totals: dict[str, list[Decimal]] = {}
    for (account, kind), (recent, previous, base_sum) in sums.items():
        own = min(hundred, hundred * recent * scale / base_sum) if base_sum else hundred
        trend_score = min(hundred, hundred * recent / previous) if previous else hundred
        ranks = peers[kind]
        below = bisect.bisect_left(ranks, recent)
        ties = bisect.bisect_right(ranks, recent) - below - 1
        peer = hundred * (below + Decimal(ties) / 2) / max(len(ranks) - 1, 1)
        row = totals.setdefault(account, [zero, zero])
        row[0] += (own + peer + trend_score) / 3
        row[1] += 1
    return {account: top / count for account, (top, count) in totals.items()}


def run(points: int) -> float:
    signals = make_signals(points)
    policy = HealthPolicy()
    ours = median_seconds(lambda: score_accounts(signals, AS_OF, policy))
    plain = median_seconds(lambda: baseline(signals, policy))
    accounts = len({s.account_id for s in signals})
    print(
        f"{points:>10,} points, {accounts:>7,} accounts: score_accounts {ours:7.3f} s"
        f" ({ours / points * 1e6:5.2f} us/point), baseline {plain:7.3f} s,"
        f" ratio {ours / plain:4.2f}"
    )
    return ours / points


def main() -> None:
    largest = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    small = run(largest // 10)
    large = run(largest)
    print(f"per-point time, {largest:,} vs {largest // 10:,} points: {large / small:4.2f}x")


if __name__ == "__main__":
    main()
