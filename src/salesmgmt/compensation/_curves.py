"""Pay curves for bonuses (step tables, linear interpolation, caps) and the quota bonus.

A :class:`PayCurve` maps attainment (``1`` is 100 % of quota) to a payout
factor of the target incentive (``1`` pays the target). Curves of this shape
are what companies file with the SEC for their executive and sales incentive
plans: a threshold below which nothing is paid, a target, and a maximum.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any, Final, Literal, TypeAlias

import attrs

from salesmgmt._checks import check_choice, check_iterable, check_type
from salesmgmt._decimal import RATIO
from salesmgmt.compensation._tiers import number, round_half_up
from salesmgmt.errors import CurrencyMismatch, PolicyError, ValidationError, WrongType
from salesmgmt.money import Money

__all__ = ["CURVE_METHODS", "CurveMethod", "PayCurve", "curve_factor", "quota_bonus"]

CurveMethod: TypeAlias = Literal["linear", "step"]
#: How a curve reads between its points.
CURVE_METHODS: Final = ("linear", "step")
_MAX_POINTS: Final = 1000


def _points(value: object) -> tuple[tuple[Decimal, Decimal], ...]:
    record = "PayCurve"
    items = check_iterable(value, record=record, field="points", max_items=_MAX_POINTS)
    if not items:
        raise ValidationError.for_field(
            record, "points", value, "a non-empty list of (attainment, payout) pairs"
        )
    points: list[tuple[Decimal, Decimal]] = []
    for index, item in enumerate(items):
        where = f"points[{index}]"
        if not isinstance(item, tuple | list) or len(item) != 2:
            raise WrongType.for_field(record, where, item, "an (attainment, payout) pair")
        x = number(item[0], record=record, field=f"{where}.attainment", max_abs_exponent=6)
        y = number(item[1], record=record, field=f"{where}.payout", max_abs_exponent=6)
        if x < 0 or y < 0:
            raise PolicyError.for_field(
                record, where, item, "an attainment and payout of 0 or more"
            )
        if points and x <= points[-1][0]:
            raise PolicyError.for_field(
                record,
                where,
                item,
                "an attainment above the previous point's",
                hint="List the points once each, in ascending order of attainment.",
            )
        if points and y < points[-1][1]:
            raise PolicyError.for_field(
                record, where, item, "a payout at least the previous point's (curves never fall)"
            )
        points.append((x, y))
    return tuple(points)


def _cap(value: object) -> Decimal | None:
    if value is None:
        return None
    cap = number(value, record="PayCurve", field="cap", max_abs_exponent=6)
    if cap < 0:
        raise PolicyError.for_field("PayCurve", "cap", value, "a cap of 0 or more")
    return cap


def _method(curve: Any, attribute: Any, value: object) -> None:
    check_choice(value, CURVE_METHODS, record="PayCurve", field="method")


@attrs.frozen
class PayCurve:
    """A payout curve: attainment → payout factor of the target incentive.

    Below the first point's attainment (the threshold) the factor is 0. With
    ``method="linear"`` the factor is interpolated on the straight line between
    neighbouring points and, above the last point, continues that last
    segment's slope; with ``method="step"`` it is the payout of the highest
    point reached (flat above the last point). ``cap`` limits the factor (use
    it to stop a linear curve at its maximum).

    Attributes:
        points: ``(attainment, payout)`` pairs with strictly ascending
            attainment and non-decreasing payout, both 0 or more.
        method: ``"linear"`` (the default) or ``"step"``.
        cap: the highest factor paid, or ``None``.

    Raises:
        PolicyError: unsorted or repeated points, a falling payout, a negative
            number, or a cap below the threshold's payout (a cap below a floor).

    >>> from decimal import Decimal as D
    >>> from salesmgmt.compensation import PayCurve
    >>> PayCurve([(D("0.5"), D("0.5")), (D(1), D(1))], cap=D("0.4"))
    Traceback (most recent call last):
      ...
    salesmgmt.errors.PolicyError: PayCurve: 'cap' must be at least the threshold payout 0.5 ...
    """

    points: tuple[tuple[Decimal, Decimal], ...] = attrs.field(converter=_points)
    method: CurveMethod = attrs.field(default="linear", validator=_method)
    cap: Decimal | None = attrs.field(default=None, converter=_cap)

    def __attrs_post_init__(self) -> None:
        if self.cap is not None and self.cap < self.points[0][1]:
            raise PolicyError.for_field(
                "PayCurve", "cap", self.cap, f"at least the threshold payout {self.points[0][1]}"
            )


def curve_fraction(curve: PayCurve, attainment: Fraction) -> Fraction:
    """The exact factor ``curve`` pays at ``attainment`` (see :class:`PayCurve`).

    >>> from salesmgmt.compensation import PayCurve
    >>> curve_fraction(PayCurve([(1, 1), (2, 3)]), Fraction(3, 2))
    Fraction(2, 1)
    """
    points = [(Fraction(x), Fraction(y)) for x, y in curve.points]
    if attainment < points[0][0]:
        return Fraction(0)
    reached = 0
    for index, (x, _) in enumerate(points):
        if x <= attainment:
            reached = index
    x0, y0 = points[reached]
    if curve.method == "step" or len(points) == 1:
        factor = y0
    else:
        x0, y0 = points[min(reached, len(points) - 2)]
        x1, y1 = points[min(reached, len(points) - 2) + 1]
        factor = y0 + (y1 - y0) * (attainment - x0) / (x1 - x0)
    if curve.cap is not None:
        factor = min(factor, Fraction(curve.cap))
    return factor


def curve_factor(curve: PayCurve, attainment: Decimal | int) -> Decimal:
    """The payout factor ``curve`` gives at ``attainment`` (40 significant digits).

    >>> from decimal import Decimal as D
    >>> from salesmgmt.compensation import PayCurve, curve_factor
    >>> curve = PayCurve([(D("0.8"), D("0.8")), (D(1), D(1)), (D("1.2"), D("1.6"))], cap=D("1.6"))
    >>> curve_factor(curve, D("1.1")), curve_factor(curve, D("0.79")), curve_factor(curve, 2)
    (Decimal('1.3'), Decimal('0'), Decimal('1.6'))
    """
    record = "curve_factor()"
    check_type(curve, PayCurve, record=record, field="curve")
    value = number(attainment, record=record, field="attainment", max_abs_exponent=6)
    exact = curve_fraction(curve, Fraction(value))
    return RATIO.divide(Decimal(exact.numerator), Decimal(exact.denominator))


def quota_bonus(target_incentive: Money, curve: PayCurve, booked: Money, quota: Money) -> Money:
    """The quota bonus: ``target_incentive × curve(booked ÷ quota)``, ROUND_HALF_UP once.

    Raises:
        CurrencyMismatch: amounts in more than one currency.
        ValidationError: a quota of zero or less (attainment is undefined), a
            negative target incentive.

    >>> from decimal import Decimal as D
    >>> from salesmgmt import Money
    >>> from salesmgmt.compensation import PayCurve, quota_bonus
    >>> steps = PayCurve([(D("0.9"), D("0.5")), (D(1), D(1))], method="step")
    >>> quota_bonus(Money.of(10_000, "EUR"), steps, Money.of(95, "EUR"), Money.of(100, "EUR"))
    Money('5000.00', 'EUR')
    >>> quota_bonus(Money.of(10_000, "EUR"), steps, Money.of(0, "EUR"), Money.of(100, "EUR"))
    Money('0.00', 'EUR')
    """
    record = "quota_bonus()"
    target = check_type(target_incentive, Money, record=record, field="target_incentive")
    check_type(curve, PayCurve, record=record, field="curve")
    check_type(booked, Money, record=record, field="booked")
    check_type(quota, Money, record=record, field="quota")
    for other in (booked, quota):
        if other.currency != target.currency:
            raise CurrencyMismatch.between(target.currency, other.currency, record=record)
    if target.amount < 0:
        raise ValidationError.for_field(
            record, "target_incentive", target_incentive, "an amount of 0 or more"
        )
    if quota.amount <= 0:
        raise ValidationError.for_field(record, "quota", quota, "a quota above zero")
    factor = curve_fraction(curve, Fraction(booked.to_minor_units(), quota.to_minor_units()))
    return Money.from_minor_units(round_half_up(target.to_minor_units() * factor), target.currency)
