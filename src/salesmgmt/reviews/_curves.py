"""Scoring curves: how a measure against its target becomes a score.

A curve is a tiny frozen policy; :func:`score` consumes the closed union
``Curve = Linear | Gate | StepTable | Inverse`` with ``match``. Every curve gives
a score in ``[0, curve_max(curve)]``; the first three are non-decreasing in the
measure ("higher is better"), :class:`Inverse` is non-increasing ("lower is
better"). Scores are rounded half-even to 6 decimal places, which keeps both
properties and makes contributions (score x weight) exact.
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any, Final

import attrs

from salesmgmt._checks import check_type
from salesmgmt._decimal import EXACT, RATIO, to_decimal
from salesmgmt.errors import PolicyError, ValidationError

__all__ = ["Curve", "Gate", "Inverse", "Linear", "StepTable", "curve_max", "score"]

#: Scores are multiples of this.
SCORE_QUANTUM: Final = Decimal("0.000001")
_MAX_CAP: Final = Decimal(100)


def _number(value: object, record: str, field: str, low: Decimal, high: Decimal) -> Decimal:
    number = to_decimal(value, record=record, field=field, max_abs_exponent=6)
    if not low <= number <= high or int(number.as_tuple().exponent) < -6:
        raise ValidationError.for_field(
            record, field, value, f"a number from {low} to {high} with at most 6 decimals"
        )
    return number


def _threshold(value: object) -> Decimal:
    return _number(value, "Gate", "threshold", Decimal(0), _MAX_CAP)


def _tolerance(value: object) -> Decimal:
    return _number(value, "Inverse", "tolerance", Decimal("0.000001"), Decimal(10**6))


def _cap(value: object) -> Decimal:
    return _number(value, "Curve", "cap", Decimal(0), _MAX_CAP)


def _cap_at_least_one(_: object, attribute: attrs.Attribute[Any], value: Decimal) -> None:
    if value <= 0:
        raise ValidationError.for_field("Curve", attribute.name, value, "a positive cap")


@attrs.frozen
class Linear:
    """Score = measure / target, from 0 up to ``cap`` (1 = target met).

    >>> from salesmgmt.reviews import Linear, score
    >>> score(Linear(cap="1.2"), 130, 100)
    Decimal('1.2')
    """

    cap: Decimal = attrs.field(default=Decimal(1), converter=_cap, validator=_cap_at_least_one)


@attrs.frozen
class Gate:
    """Zero below ``threshold`` x target, then like :class:`Linear` (a gate).

    >>> from salesmgmt.reviews import Gate, score
    >>> score(Gate(threshold="0.8"), 79, 100), score(Gate(threshold="0.8"), 80, 100)
    (Decimal('0'), Decimal('0.8'))
    """

    threshold: Decimal = attrs.field(
        default=Decimal(1),
        converter=_threshold,
    )
    cap: Decimal = attrs.field(default=Decimal(1), converter=_cap, validator=_cap_at_least_one)


def _steps(value: object) -> tuple[tuple[Decimal, Decimal], ...]:
    items = check_type(value, (tuple, list), record="StepTable", field="steps")
    if not 1 <= len(items) <= 20:
        raise PolicyError.for_field("StepTable", "steps", value, "1 to 20 (ratio, score) steps")
    steps: list[tuple[Decimal, Decimal]] = []
    for i, step in enumerate(items):
        pair = check_type(step, (tuple, list), record="StepTable", field=f"steps[{i}]")
        if len(pair) != 2:
            raise ValidationError.for_field(
                "StepTable", f"steps[{i}]", step, "a (ratio, score) pair"
            )
        at = _number(pair[0], "StepTable", f"steps[{i}][0]", Decimal(0), _MAX_CAP)
        points = _number(pair[1], "StepTable", f"steps[{i}][1]", Decimal(0), _MAX_CAP)
        if steps and (at <= steps[-1][0] or points < steps[-1][1]):
            raise PolicyError.for_field(
                "StepTable",
                "steps",
                value,
                "steps with increasing ratios and non-decreasing scores",
                hint="List the steps from the lowest ratio up.",
            )
        steps.append((at, points))
    return tuple(steps)


@attrs.frozen
class StepTable:
    """The score of the highest step whose ratio (measure / target) is reached;
    0 below the first step.

    >>> from salesmgmt.reviews import StepTable, score
    >>> table = StepTable([("0.5", "0.5"), (1, 1), ("1.5", "1.2")])
    >>> score(table, 40, 100), score(table, 100, 100), score(table, 900, 100)
    (Decimal('0'), Decimal('1'), Decimal('1.2'))
    """

    steps: tuple[tuple[Decimal, Decimal], ...] = attrs.field(converter=_steps)


@attrs.frozen
class Inverse:
    """Lower is better: 1 while measure <= target, then down linearly to 0 at
    target + ``tolerance`` (lost customers, violations).

    >>> from salesmgmt.reviews import Inverse, score
    >>> [score(Inverse(tolerance=4), lost, 0) for lost in (0, 1, 4, 9)]
    [Decimal('1'), Decimal('0.75'), Decimal('0'), Decimal('0')]
    """

    tolerance: Decimal = attrs.field(
        default=Decimal(1),
        converter=_tolerance,
    )


Curve = Linear | Gate | StepTable | Inverse
"""A scoring curve; consume with ``match``."""


def curve_max(curve: Curve) -> Decimal:
    """The highest score ``curve`` can give.

    >>> from salesmgmt.reviews import Inverse, Linear, curve_max
    >>> curve_max(Linear(cap=2)), curve_max(Inverse())
    (Decimal('2'), Decimal('1'))
    """
    check_type(curve, (Linear, Gate, StepTable, Inverse), record="curve_max()", field="curve")
    match curve:
        case Linear(cap) | Gate(_, cap):
            return cap
        case StepTable(steps):
            return steps[-1][1]
    return Decimal(1)  # Inverse


def _round(value: Decimal) -> Decimal:
    context = RATIO.copy()
    context.traps[decimal.Inexact] = False
    rounded = value.quantize(SCORE_QUANTUM, rounding=decimal.ROUND_HALF_EVEN, context=context)
    return Decimal(0) if rounded.is_zero() else rounded.normalize(EXACT)


def score(curve: Curve, measure: object, target: object) -> Decimal:
    """The score of ``measure`` against ``target`` on ``curve``.

    ``target`` must be positive for the ratio curves (Linear, Gate, StepTable)
    and non-negative for :class:`Inverse`. Negative measures (a shrinking
    growth rate) score 0 on the ratio curves.

    Raises:
        WrongType: a curve that is not one of the four, a float.
        PolicyError: a target the curve cannot use.

    >>> from salesmgmt.reviews import Linear, score
    >>> score(Linear(), 45, 60)
    Decimal('0.75')
    """
    record = "score()"
    m = to_decimal(measure, record=record, field="measure", max_abs_exponent=18)
    t = to_decimal(target, record=record, field="target", max_abs_exponent=18)
    check_type(curve, (Linear, Gate, StepTable, Inverse), record=record, field="curve")
    if isinstance(curve, Inverse):
        if t < 0:
            raise PolicyError.for_field(record, "target", target, "a non-negative target")
        if m <= t:
            return Decimal(1)
        excess = EXACT.subtract(m, t)
        if excess >= curve.tolerance:
            return Decimal(0)
        return _round(RATIO.subtract(1, RATIO.divide(excess, curve.tolerance)))
    if t <= 0:
        raise PolicyError.for_field(
            record, "target", target, "a positive target for a ratio curve"
        )
    ratio = RATIO.divide(m, t) if m > 0 else Decimal(0)
    match curve:
        case Linear(cap):
            return _round(min(ratio, cap))
        case Gate(threshold, cap):
            return _round(min(ratio, cap)) if ratio >= threshold else Decimal(0)
        case StepTable(steps):
            reached = [points for at, points in steps if ratio >= at]
            return _round(reached[-1]) if reached else Decimal(0)
    raise AssertionError("unreachable: the curve types are checked above")  # pragma: no cover
