"""Commission plans as data: the rate component, the quota bonus, the plan.

A plan is a frozen value a company writes once a year (a YAML file, a
database row) and hands to :func:`~salesmgmt.compensation.payout`. Every
component validates itself; the plan checks what ties the components together
(one currency, a cap of zero or more), and names itself in every error.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final, Literal, TypeAlias

import attrs

from salesmgmt._checks import check_choice, check_iterable, check_str, check_type
from salesmgmt.compensation._curves import PayCurve
from salesmgmt.compensation._deals import DealRules
from salesmgmt.compensation._tiers import (
    MAX_TIERS,
    METHODS,
    Method,
    TierTable,
    check_tiers,
    number,
)
from salesmgmt.errors import CurrencyMismatch, PolicyError, ValidationError
from salesmgmt.money import Money
from salesmgmt.periods import Period

__all__ = [
    "BASES",
    "Basis",
    "CommissionPlan",
    "CommissionRate",
    "QuotaBonus",
    "Spiff",
    "tier_table",
]

Basis: TypeAlias = Literal["attainment", "amount"]
#: What a rate table's bounds measure.
BASES: Final = ("attainment", "amount")


def _tiers(value: object) -> tuple[tuple[Decimal | None, Decimal], ...]:
    record = "CommissionRate"
    items = check_iterable(value, record=record, field="tiers", max_items=MAX_TIERS)
    check_tiers(items, record=record)  # every pair is valid below
    return tuple(
        (
            None if bound is None else number(bound, record=record, field="tiers.bound"),
            number(rate, record=record, field="tiers.rate", max_abs_exponent=3),
        )
        for bound, rate in items
    )


def _gate(value: object) -> Decimal | None:
    if value is None:
        return None
    gate = number(value, record="CommissionRate", field="gate", max_abs_exponent=6)
    if gate < 0:
        raise PolicyError.for_field("CommissionRate", "gate", value, "an attainment of 0 or more")
    return gate


@attrs.frozen
class CommissionRate:
    """The rate on credited bookings: flat, or tiered marginal or retroactive.

    Attributes:
        tiers: ``(upper_bound, rate)`` pairs as for
            :func:`~salesmgmt.compensation.tiered_commission`; a flat rate is
            one open tier ``[(None, rate)]``. Accelerators are higher rates
            above 100 %; decelerators are lower rates below a threshold.
        method: ``"marginal"`` (the default) or ``"retroactive"``.
        by: ``"attainment"`` (the default: bounds are fractions of the plan's
            quota) or ``"amount"`` (bounds are amounts in the plan's currency).
        gate: an attainment fraction below which nothing is paid (``None``:
            no gate). Once year-to-date attainment reaches the gate, the
            commission on everything credited so far is paid.

    Raises:
        PolicyError: overlapping or unsorted tiers, a negative rate or gate.

    >>> from decimal import Decimal as D
    >>> from salesmgmt.compensation import CommissionRate
    >>> CommissionRate.flat("0.1")
    CommissionRate(tiers=((None, Decimal('0.1')),), method='marginal', by='attainment', gate=None)
    >>> CommissionRate([(None, D("-0.1"))])
    Traceback (most recent call last):
      ...
    salesmgmt.errors.PolicyError: CommissionRate: 'tiers[0].rate' must be a rate of zero ...
    """

    tiers: tuple[tuple[Decimal | None, Decimal], ...] = attrs.field(converter=_tiers)
    method: Method = attrs.field(
        default="marginal",
        validator=lambda _, __, v: check_choice(
            v, METHODS, record="CommissionRate", field="method"
        ),
    )
    by: Basis = attrs.field(
        default="attainment",
        validator=lambda _, __, v: check_choice(v, BASES, record="CommissionRate", field="by"),
    )
    gate: Decimal | None = attrs.field(default=None, converter=_gate)

    @classmethod
    def flat(cls, rate: Decimal | int | str) -> CommissionRate:
        """One rate on every credited amount.

        >>> from salesmgmt.compensation import CommissionRate
        >>> CommissionRate.flat("0.05").tiers
        ((None, Decimal('0.05')),)
        """
        return cls([(None, rate)])


def tier_table(rate: CommissionRate) -> TierTable:
    """The validated exact table of ``rate``'s tiers.

    >>> from salesmgmt.compensation import CommissionRate
    >>> tier_table(CommissionRate.flat("0.5"))
    ((None, Fraction(1, 2)),)
    """
    return check_tiers(
        check_type(rate, CommissionRate, record="tier_table()", field="rate").tiers,
        record="CommissionRate",
    )


@attrs.frozen
class QuotaBonus:
    """A target incentive paid by a :class:`PayCurve` of attainment.

    Attributes:
        target_incentive: the amount paid at a curve factor of 1 (0 or more).
        curve: the payout curve (with its threshold and cap).

    >>> from salesmgmt import Money
    >>> from salesmgmt.compensation import PayCurve, QuotaBonus
    >>> QuotaBonus(Money.of(5000, "USD"), PayCurve([(1, 1)])).target_incentive
    Money('5000.00', 'USD')
    """

    target_incentive: Money
    curve: PayCurve

    def __attrs_post_init__(self) -> None:
        check_type(self.target_incentive, Money, record="QuotaBonus", field="target_incentive")
        check_type(self.curve, PayCurve, record="QuotaBonus", field="curve")
        if self.target_incentive.amount < 0:
            raise PolicyError.for_field(
                "QuotaBonus", "target_incentive", self.target_incentive, "an amount of 0 or more"
            )


def _plan_id(plan: Any, attribute: Any, value: Any) -> None:
    check_str(value, record="CommissionPlan", field="plan_id", max_length=64)


@attrs.frozen
class CommissionPlan:
    """A rep's commission plan for one plan year, written as data.

    Attributes:
        plan_id: the plan's name, used in every error and statement.
        year: the plan year; year-to-date state starts at ``year.start``.
        quota: the plan year's quota (above zero), in the plan's currency.
        rate: the :class:`CommissionRate` on credited bookings.
        bonus: an optional :class:`QuotaBonus` on year-to-date attainment.
        cap: the most the plan pays in the plan year (``None``: uncapped).
        deal_rules: keyword-only :class:`~salesmgmt.compensation.DealRules`
            (the default has none: the plan pays as without them).

    Raises:
        CurrencyMismatch: a bonus, cap, per-deal cap or minimum in another
            currency than the quota.
        ValidationError: a quota of zero or less.
        PolicyError: a negative cap; a minimum commission on a tiered or gated rate.

    >>> from decimal import Decimal as D
    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.compensation import CommissionPlan, CommissionRate
    >>> plan = CommissionPlan(
    ...     "AE-2025", Period.year(2025), Money.of(100_000, "USD"),
    ...     CommissionRate([(D(1), D("0.05")), (D("1.5"), D("0.08")), (None, D("0.12"))]),
    ...     cap=Money.of(30_000, "USD"),
    ... )
    >>> plan.currency
    'USD'
    >>> CommissionPlan("AE-2025", Period.year(2025), Money.of(1, "USD"), plan.rate,
    ...                cap=Money.of(-1, "USD"))
    Traceback (most recent call last):
      ...
    salesmgmt.errors.PolicyError: CommissionPlan 'AE-2025': 'cap' must be an amount of 0 ...
    """

    plan_id: str = attrs.field(validator=_plan_id)
    year: Period
    quota: Money
    rate: CommissionRate
    bonus: QuotaBonus | None = None
    cap: Money | None = None
    deal_rules: DealRules = attrs.field(factory=DealRules, kw_only=True)

    def __attrs_post_init__(self) -> None:
        record = f"CommissionPlan {self.plan_id!r}"
        check_type(self.year, Period, record=record, field="year")
        check_type(self.quota, Money, record=record, field="quota")
        check_type(self.rate, CommissionRate, record=record, field="rate")
        if self.quota.amount <= 0:
            raise ValidationError.for_field(record, "quota", self.quota, "a quota above zero")
        if self.bonus is not None:
            check_type(self.bonus, QuotaBonus, record=record, field="bonus")
            _same_currency(
                record, "bonus.target_incentive", self.quota, self.bonus.target_incentive
            )
        if self.cap is not None:
            check_type(self.cap, Money, record=record, field="cap")
            _same_currency(record, "cap", self.quota, self.cap)
            if self.cap.amount < 0:
                raise PolicyError.for_field(record, "cap", self.cap, "an amount of 0 or more")
        rules = check_type(self.deal_rules, DealRules, record=record, field="deal_rules")
        if rules.deal_cap is not None:
            _same_currency(record, "deal_rules.deal_cap", self.quota, rules.deal_cap)
        if rules.minimum_commission is not None:
            field = "deal_rules.minimum_commission"
            _same_currency(record, field, self.quota, rules.minimum_commission)
            if len(self.rate.tiers) != 1 or self.rate.gate is not None:
                raise PolicyError.for_field(
                    record,
                    field,
                    rules.minimum_commission,
                    "a minimum on a flat rate (one open tier, no gate)",
                    hint="A minimum tops up each deal's commission at one calculation rate"
                    " (Xactly's flat-rate rule); use CommissionRate.flat(...).",
                )

    @property
    def currency(self) -> str:
        """The plan's currency (its quota's).

        >>> from salesmgmt import Money, Period
        >>> from salesmgmt.compensation import CommissionPlan, CommissionRate
        >>> CommissionPlan("P", Period.year(2025), Money.of(9, "EUR"),
        ...                CommissionRate.flat(0)).currency
        'EUR'
        """
        return self.quota.currency


def _same_currency(record: str, field: str, quota: Money, other: Money) -> None:
    if other.currency != quota.currency:
        err = CurrencyMismatch.between(quota.currency, other.currency, record=record)
        err.field = field
        raise err


def _spiff_name(spiff: Any, attribute: Any, value: Any) -> None:
    check_str(value, record="Spiff", field="name", max_length=200)


@attrs.frozen
class Spiff:
    """A SPIF: a fixed bonus per qualifying deal credited in a window.

    Attributes:
        name: the SPIF's name, used in errors.
        window: the days a deal must be credited in to count.
        amount: the bonus per qualifying deal (0 or more).
        min_deal: the least a deal must credit the rep (``None``: any amount
            above zero).

    Raises:
        CurrencyMismatch: ``min_deal`` in another currency than ``amount``.
        PolicyError: a negative amount or minimum.

    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.compensation import Spiff
    >>> Spiff("Q4 new logos", Period.parse("2025-Q4"), Money.of(500, "USD")).amount
    Money('500.00', 'USD')
    """

    name: str = attrs.field(validator=_spiff_name)
    window: Period
    amount: Money
    min_deal: Money | None = None

    def __attrs_post_init__(self) -> None:
        record = f"Spiff {self.name!r}"
        check_type(self.window, Period, record=record, field="window")
        check_type(self.amount, Money, record=record, field="amount")
        if self.amount.amount < 0:
            raise PolicyError.for_field(record, "amount", self.amount, "an amount of 0 or more")
        if self.min_deal is not None:
            check_type(self.min_deal, Money, record=record, field="min_deal")
            _same_currency(record, "min_deal", self.amount, self.min_deal)
            if self.min_deal.amount < 0:
                raise PolicyError.for_field(
                    record, "min_deal", self.min_deal, "an amount of 0 or more"
                )
