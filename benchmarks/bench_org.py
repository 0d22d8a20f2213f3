"""Benchmark: the org chart (``python benchmarks/bench_org.py``).

A company of 5,000 reps in 500 teams (a country, 9 regions, 490 branch teams:
depth 0-2), then ten times that (50,000 reps, 5,000 teams) to check that the
costs scale linearly. Prints the median of 7 runs for

* building the ``OrgChart`` (validation and look-up maps);
* ``rollup`` of one Money value per rep (bookings), and of int counts;
* the baseline: a plain loop over the same amounts that adds each rep's
  ``Decimal`` into every team on its path to the root, in a dict;
* ``members(root, as_of)`` (every active rep) and ``chain_of_command`` for
  every rep;

and the ratio rollup/baseline, plus each operation's time per item at the
larger size divided by the smaller (1.0 is exactly linear). Every operation is
O(reps + teams) (members: plus a sort of the result); ``chain_of_command`` is
O(depth) per rep, so its per-item growth measures the memory-hierarchy cost of
a ten times larger working set, the yardstick for the others' growth.
Standard library only; never run as a test.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from _timing import median_seconds
from salesmgmt import Money
from salesmgmt.org import OrgChart, Rep, Team

RUNS = 5  # the shared helper's default (benchmarks/_timing.py)
AS_OF = dt.date(2025, 6, 30)


def company(n_reps: int, n_teams: int, rng: random.Random) -> tuple[list[Rep], list[Team]]:
    regions = 9
    teams = [Team("T-0000", "Country")]
    teams += [Team(f"T-R{r:03}", f"Region {r}", parent_id="T-0000") for r in range(regions)]
    teams += [
        Team(f"T-{b:05}", f"Branch {b}", parent_id=f"T-R{b % regions:03}")
        for b in range(n_teams - regions - 1)
    ]
    branches = [t.team_id for t in teams[regions + 1 :]]
    reps = []
    for i in range(n_reps):
        left = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(365)) if i % 10 == 0 else None
        role = "manager" if i < len(branches) else "rep"
        home = branches[i % len(branches)]
        reps.append(Rep(f"R-{i:06}", f"Rep {i}", home, role, None, left))
    rng.shuffle(reps)
    return reps, teams


def baseline_rollup(
    reps: list[Rep], parents: dict[str, str | None], amounts: dict[str, Decimal]
) -> dict[str, Decimal]:
    """Plain Decimal loop: add each rep's amount into every team on its path up."""
    sums: dict[str, Decimal] = {}
    team_of = {rep.rep_id: rep.team_id for rep in reps}
    for rep_id, amount in amounts.items():
        team: str | None = team_of[rep_id]
        while team is not None:
            sums[team] = sums.get(team, Decimal(0)) + amount
            team = parents[team]
    return sums


def measure(n_reps: int, n_teams: int) -> dict[str, float]:
    rng = random.Random(20250101)
    reps, teams = company(n_reps, n_teams, rng)
    chart = OrgChart(reps, teams)
    bookings = {rep.rep_id: Money.from_minor_units(rng.randrange(0, 10**9), "CNY") for rep in reps}
    counts = {rep.rep_id: rng.randrange(0, 20) for rep in reps}
    amounts = {rep_id: money.amount for rep_id, money in bookings.items()}
    parents = {team.team_id: team.parent_id for team in teams}
    expected = baseline_rollup(reps, parents, amounts)
    assert {t: m.amount for t, m in chart.rollup(bookings).items()} == expected
    return {
        "OrgChart(reps, teams)": median_seconds(lambda: OrgChart(reps, teams)),
        "rollup of Money (CNY)": median_seconds(lambda: chart.rollup(bookings)),
        "rollup of int counts": median_seconds(lambda: chart.rollup(counts)),
        "baseline: Decimal loop up each path": median_seconds(
            lambda: baseline_rollup(reps, parents, amounts)
        ),
        "members(root, as_of)": median_seconds(lambda: chart.members("T-0000", AS_OF)),
        "chain_of_command for every rep": median_seconds(
            lambda: [chart.chain_of_command(rep.rep_id) for rep in reps]
        ),
    }


def main() -> None:
    small_size, large_size = (5_000, 500), (50_000, 5_000)
    small = measure(*small_size)
    large = measure(*large_size)
    width = max(len(label) for label in small)
    print(f"{'operation':<{width}}  {'5,000 reps':>12}  {'50,000 reps':>12}  {'scaling':>8}")
    for label, seconds in small.items():
        scaling = (large[label] / large_size[0]) / (seconds / small_size[0])
        print(
            f"{label:<{width}}  {seconds * 1000:>10.2f}ms  {large[label] * 1000:>10.2f}ms"
            f"  {scaling:>7.2f}x"
        )
    for name, sizes in (("5,000", small), ("50,000", large)):
        ratio = sizes["rollup of Money (CNY)"] / sizes["baseline: Decimal loop up each path"]
        print(f"rollup / baseline at {name} reps: {ratio:.2f}")


if __name__ == "__main__":
    main()
