"""Timing helpers shared by the benchmark scripts (standard library only).

Each benchmark imports these when run as ``python benchmarks/bench_x.py`` (the
script's folder is on ``sys.path``). Times are medians over several runs, with
the garbage collector off while a run is timed, as :mod:`timeit` does: millions
of live objects make collection pauses dominate otherwise. The CPU time
(``time.process_time``) is reported beside the wall time because it is the
steadier figure on a shared machine.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from typing import NamedTuple

__all__ = ["Timing", "measure", "median_cpu_seconds", "median_seconds"]

RUNS = 5


class Timing(NamedTuple):
    """Median wall and CPU seconds of several runs."""

    wall: float
    cpu: float


def measure(func: Callable[[], object], runs: int = RUNS) -> Timing:
    """The median wall and CPU time of ``runs`` calls of ``func``."""
    walls, cpus = [], []
    for _ in range(runs):
        gc.collect()
        gc.disable()
        try:
            start, start_cpu = time.perf_counter(), time.process_time()
            func()
            walls.append(time.perf_counter() - start)
            cpus.append(time.process_time() - start_cpu)
        finally:
            gc.enable()
    return Timing(statistics.median(walls), statistics.median(cpus))


def median_seconds(func: Callable[[], object], runs: int = RUNS) -> float:
    """The median wall time of ``runs`` calls of ``func``."""
    return measure(func, runs).wall


def median_cpu_seconds(func: Callable[[], object], runs: int = RUNS) -> float:
    """The median CPU time of ``runs`` calls of ``func``."""
    return measure(func, runs).cpu
