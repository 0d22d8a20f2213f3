"""Benchmark: allocation and summing money (``python benchmarks/bench_money.py``).

Prints the median of 5 runs (the shared helper's default) for

* ``allocate`` of an amount into 10,000 parts (equal and mixed weights);
* summing 1,000,000 ``Money`` values in one currency with ``total()``;
* the same with ``sum(values, Money.zero(...))`` (one ``Money.__add__`` per item);
* the baseline: ``sum()`` of the same 1,000,000 ``Decimal`` amounts;

and the ratios total/decimal and sum/decimal. The target is ``total()``
within 3x of summing the Decimals. Standard library only; never run as a test.
"""

from __future__ import annotations

import random
from decimal import Decimal
from fractions import Fraction

from _timing import median_seconds
from salesmgmt import Money, allocate, total

RUNS = 5  # the shared helper's default (benchmarks/_timing.py)
N_VALUES = 1_000_000
N_PARTS = 10_000


def main() -> None:
    rng = random.Random(20250101)
    values = [
        Money.from_minor_units(rng.randrange(-(10**9), 10**9), "USD") for _ in range(N_VALUES)
    ]
    amounts = [money.amount for money in values]
    zero = Money.zero("USD")
    assert total(values) == sum(values, zero)
    assert total(values).amount == sum(amounts)

    budget = Money("1234567.89", "USD")
    equal = [1] * N_PARTS
    mixed: list[int | Decimal] = [
        rng.randrange(0, 100) if i % 2 else Decimal(rng.randrange(0, 10**4)).scaleb(-2)
        for i in range(N_PARTS)
    ]
    thirds = [Fraction(rng.randrange(1, 100), 3) for _ in range(N_PARTS)]

    rows = [
        (
            f"allocate into {N_PARTS:,} equal parts",
            median_seconds(lambda: allocate(budget, equal)),
        ),
        (
            f"allocate into {N_PARTS:,} int/Decimal parts",
            median_seconds(lambda: allocate(budget, mixed)),
        ),
        (
            f"allocate into {N_PARTS:,} Fraction parts",
            median_seconds(lambda: allocate(budget, thirds)),
        ),
    ]
    decimal_sum = median_seconds(lambda: sum(amounts))
    total_sum = median_seconds(lambda: total(values))
    plain_sum = median_seconds(lambda: sum(values, zero))
    rows += [
        (f"sum() of {N_VALUES:,} Decimals (baseline)", decimal_sum),
        (f"total() of {N_VALUES:,} Money", total_sum),
        (f"sum(values, Money.zero('USD')) of {N_VALUES:,} Money", plain_sum),
    ]
    width = max(len(label) for label, _ in rows)
    print(f"median of {RUNS} runs")
    for label, seconds in rows:
        print(f"  {label:<{width}}  {seconds * 1000:9.1f} ms")
    print(f"  {'ratio total / decimal':<{width}}  {total_sum / decimal_sum:9.2f} x  (target < 3)")
    print(f"  {'ratio sum / decimal':<{width}}  {plain_sum / decimal_sum:9.2f} x")


if __name__ == "__main__":
    main()
