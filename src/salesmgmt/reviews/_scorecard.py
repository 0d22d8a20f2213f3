"""The monthly scorecard policy: ``RepFacts``, the measures, ``KPI`` and ``Scorecard``.

A :class:`Scorecard` is data: weighted :class:`KPI` lines, each a *measure*
(a function of one rep's :class:`RepFacts` for the period), a target, a
scoring curve and a weight. :meth:`Scorecard.default` is the seed's
twelve-item template (绩效考核表); a company replaces any line.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, Final

import attrs

from salesmgmt._checks import check_int, check_str, check_type
from salesmgmt._decimal import EXACT, RATIO, to_decimal
from salesmgmt.errors import PolicyError, ValidationError
from salesmgmt.money import Money
from salesmgmt.periods import Period
from salesmgmt.reviews._curves import Curve, Gate, Inverse, Linear, StepTable

__all__ = [
    "KPI",
    "Measure",
    "RepFacts",
    "Scorecard",
    "customers_lost",
    "discipline_violations",
    "existing_visits",
    "growth_rate",
    "new_customers_added",
    "new_customers_developed",
    "phone_calls",
    "plan_attainment",
    "plan_completion",
    "relative_sales",
    "reply_rate",
    "weekly_orders",
]

_COUNT_LIMIT: Final = 10**9


def _id(value: object, record: str, field: str) -> str:
    text = check_str(value, record=record, field=field, max_length=64)
    if text.strip() != text or not text.isprintable():
        raise ValidationError.for_field(record, field, value, "an id of printable characters")
    return text


def _optional_id(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _id(value, "RepFacts", attribute.name)


def _count(facts: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    check_int(value, record="RepFacts", field=attribute.name, min_value=0, max_value=_COUNT_LIMIT)


def _money(facts: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None and attribute.name != "bookings":
        return
    money = check_type(value, Money, record="RepFacts", field=attribute.name)
    if money.amount < 0:
        raise ValidationError.for_field("RepFacts", attribute.name, value, "a Money of at least 0")


def _share(value: object) -> object:
    if value is None:
        return None
    number = to_decimal(value, record="RepFacts", field="share", max_abs_exponent=3)
    if not 0 <= number <= 1:
        raise ValidationError.for_field("RepFacts", "share", value, "a ratio from 0 to 1")
    return number


@attrs.frozen
class RepFacts:
    """What the scorecard measures for one rep and period (the review's *data*).

    Build them for every rep in one pass with :func:`collect_facts`, or by hand.

    Attributes:
        rep_id: the rep.
        period: the period reviewed.
        bookings: won amount closed in the period.
        target: the planned target for the period, or ``None``.
        team_median_bookings: the median bookings of the rep's team, or ``None``.
        previous_bookings: bookings in the previous period, or ``None``.
        new_customers_developed: distinct new accounts worked on (activities).
        existing_visits: visits to existing customers.
        calls: phone calls.
        won_deals: deals won in the period (orders).
        new_customers_added: accounts whose first won deal closed in the period.
        customers_lost: customers lost in the period (from the renewals data).
        violations: discipline findings (short days + absences beyond allowance).
        plan_completion: plans and reports done / due (0-1), or ``None``.
        reply_rate: customers' requests answered / received (0-1), or ``None``.
        team_id: the rep's team (for team medians), or ``None``.
        efforts: calls, visits, meetings and demos (the diagnosis' effort factor).
        new_opportunities: opportunities the rep created in the period.

    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.reviews import RepFacts
    >>> RepFacts("R-1", Period.month(2025, 3), Money("0", "USD")).target is None
    True
    """

    rep_id: str = attrs.field(validator=lambda _, __, v: _id(v, "RepFacts", "rep_id"))
    period: Period = attrs.field(
        validator=lambda _, __, v: check_type(v, Period, record="RepFacts", field="period")
    )
    bookings: Money = attrs.field(validator=_money)
    target: Money | None = attrs.field(default=None, kw_only=True, validator=_money)
    team_median_bookings: Money | None = attrs.field(default=None, kw_only=True, validator=_money)
    previous_bookings: Money | None = attrs.field(default=None, kw_only=True, validator=_money)
    new_customers_developed: int = attrs.field(default=0, kw_only=True, validator=_count)
    existing_visits: int = attrs.field(default=0, kw_only=True, validator=_count)
    calls: int = attrs.field(default=0, kw_only=True, validator=_count)
    won_deals: int = attrs.field(default=0, kw_only=True, validator=_count)
    new_customers_added: int = attrs.field(default=0, kw_only=True, validator=_count)
    customers_lost: int = attrs.field(default=0, kw_only=True, validator=_count)
    violations: int = attrs.field(default=0, kw_only=True, validator=_count)
    plan_completion: Decimal | None = attrs.field(default=None, kw_only=True, converter=_share)
    reply_rate: Decimal | None = attrs.field(default=None, kw_only=True, converter=_share)
    team_id: str | None = attrs.field(default=None, kw_only=True, validator=_optional_id)
    efforts: int = attrs.field(default=0, kw_only=True, validator=_count)
    new_opportunities: int = attrs.field(default=0, kw_only=True, validator=_count)


Measure = Callable[[RepFacts], Decimal | int | None]
"""A measure: one rep's facts -> a number, or ``None`` when undefined."""


def _ratio(numerator: Money, denominator: Money | None) -> Decimal | None:
    if denominator is None or denominator.is_zero() or denominator.currency != numerator.currency:
        return None
    return RATIO.divide(numerator.amount, denominator.amount)


# -- the twelve measures of the default template ------------------------------------------


def plan_attainment(facts: RepFacts) -> Decimal | None:
    """Bookings / planned target; ``None`` without a (non-zero) target.

    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.reviews import RepFacts, plan_attainment
    >>> march = Period.month(2025, 3)
    >>> plan_attainment(RepFacts("R-1", march, Money(80, "USD"), target=Money(100, "USD")))
    Decimal('0.8')
    """
    check_type(facts, RepFacts, record="plan_attainment()", field="facts")
    return _ratio(facts.bookings, facts.target)


def relative_sales(facts: RepFacts) -> Decimal | None:
    """Bookings / the team's median bookings; ``None`` when the median is zero or unknown.

    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.reviews import RepFacts, relative_sales
    >>> march = Period.month(2025, 3)
    >>> f = RepFacts("R-1", march, Money(60, "USD"), team_median_bookings=Money(40, "USD"))
    >>> relative_sales(f)
    Decimal('1.5')
    """
    check_type(facts, RepFacts, record="relative_sales()", field="facts")
    return _ratio(facts.bookings, facts.team_median_bookings)


def new_customers_developed(facts: RepFacts) -> int:
    """Distinct new accounts the rep worked on (开发新客户数量).

    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.reviews import RepFacts, new_customers_developed
    >>> new_customers_developed(RepFacts("R-1", Period.month(2025, 3), Money(0, "USD")))
    0
    """
    check_type(facts, RepFacts, record="new_customers_developed()", field="facts")
    return facts.new_customers_developed


def existing_visits(facts: RepFacts) -> int:
    """Visits to existing customers (现有客户的拜访数量).

    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.reviews import RepFacts, existing_visits
    >>> existing_visits(RepFacts("R-1", Period.month(2025, 3), Money(0, "USD"), existing_visits=9))
    9
    """
    check_type(facts, RepFacts, record="existing_visits()", field="facts")
    return facts.existing_visits


def phone_calls(facts: RepFacts) -> int:
    """Phone calls made (电话销售拜访数量).

    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.reviews import RepFacts, phone_calls
    >>> phone_calls(RepFacts("R-1", Period.month(2025, 3), Money(0, "USD"), calls=380))
    380
    """
    check_type(facts, RepFacts, record="phone_calls()", field="facts")
    return facts.calls


def weekly_orders(facts: RepFacts) -> Decimal:
    """Won deals x 7 / days in the period (周定单数量).

    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.reviews import RepFacts, weekly_orders
    >>> weekly_orders(RepFacts("R-1", Period.month(2025, 2), Money(0, "USD"), won_deals=8))
    Decimal('2')
    """
    check_type(facts, RepFacts, record="weekly_orders()", field="facts")
    return RATIO.divide(Decimal(facts.won_deals * 7), Decimal(facts.period.days))


def growth_rate(facts: RepFacts) -> Decimal | None:
    """Bookings / previous period's bookings - 1 (增长率); ``None`` without a base.

    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.reviews import RepFacts, growth_rate
    >>> march = Period.month(2025, 3)
    >>> f = RepFacts("R-1", march, Money(110, "USD"), previous_bookings=Money(100, "USD"))
    >>> growth_rate(f)
    Decimal('0.1')
    """
    check_type(facts, RepFacts, record="growth_rate()", field="facts")
    ratio = _ratio(facts.bookings, facts.previous_bookings)
    return None if ratio is None else RATIO.subtract(ratio, 1)


def new_customers_added(facts: RepFacts) -> int:
    """Accounts whose first won deal closed in the period (新增开发客户数量).

    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.reviews import RepFacts, new_customers_added
    >>> new_customers_added(RepFacts("R-1", Period.month(2025, 3), Money(0, "USD")))
    0
    """
    check_type(facts, RepFacts, record="new_customers_added()", field="facts")
    return facts.new_customers_added


def customers_lost(facts: RepFacts) -> int:
    """Customers lost in the period (丢失客户数量); lower is better.

    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.reviews import RepFacts, customers_lost
    >>> customers_lost(RepFacts("R-1", Period.month(2025, 3), Money(0, "USD"), customers_lost=2))
    2
    """
    check_type(facts, RepFacts, record="customers_lost()", field="facts")
    return facts.customers_lost


def discipline_violations(facts: RepFacts) -> int:
    """Discipline findings in the period (销售人员的行为纪律); lower is better.

    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.reviews import RepFacts, discipline_violations
    >>> discipline_violations(RepFacts("R-1", Period.month(2025, 3), Money(0, "USD")))
    0
    """
    check_type(facts, RepFacts, record="discipline_violations()", field="facts")
    return facts.violations


def plan_completion(facts: RepFacts) -> Decimal | None:
    """Work plans and reports done / due (工作计划、汇报完成率).

    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.reviews import RepFacts, plan_completion
    >>> plan_completion(RepFacts("R-1", Period.month(2025, 3), Money(0, "USD"))) is None
    True
    """
    check_type(facts, RepFacts, record="plan_completion()", field="facts")
    return facts.plan_completion


def reply_rate(facts: RepFacts) -> Decimal | None:
    """Customers' resource requests answered / received (需求资源客户的回复).

    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.reviews import RepFacts, reply_rate
    >>> reply_rate(RepFacts("R-1", Period.month(2025, 3), Money(0, "USD"), reply_rate="0.9"))
    Decimal('0.9')
    """
    check_type(facts, RepFacts, record="reply_rate()", field="facts")
    return facts.reply_rate


# -- policy values ----------------------------------------------------------------------------


def _weight(value: object) -> Decimal:
    number = to_decimal(value, record="KPI", field="weight", max_abs_exponent=1)
    if not 0 < number <= 1 or int(number.as_tuple().exponent) < -6:
        raise ValidationError.for_field(
            "KPI", "weight", value, "a number above 0 and at most 1, with at most 6 decimals"
        )
    return number


def _target(value: object) -> Decimal:
    number = to_decimal(value, record="KPI", field="target", max_abs_exponent=15)
    if number < 0:
        raise ValidationError.for_field("KPI", "target", value, "a non-negative target")
    return number


def _kpi_curve(kpi: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    check_type(value, (Linear, Gate, StepTable, Inverse), record=f"KPI {kpi.key!r}", field="curve")
    if not isinstance(value, Inverse) and kpi.target <= 0:
        raise PolicyError.for_field(
            f"KPI {kpi.key!r}",
            "target",
            kpi.target,
            "a positive target for a ratio curve",
            hint="Use Inverse(...) for a lower-is-better measure whose target is 0.",
        )


def _measure(_: object, __: attrs.Attribute[Any], value: object) -> None:
    if not callable(value):
        raise ValidationError.for_field("KPI", "measure", value, "a function of RepFacts")


@attrs.frozen
class KPI:
    """One scorecard line: a measure, its target, a scoring curve and a weight.

    Args:
        key: the line's id (``"phone_calls"``).
        label: the heading a manager reads.
        measure: ``RepFacts -> number | None``; ``None`` (undefined) scores 0.
        target: the measure's target (positive, or >= 0 for :class:`Inverse`).
        curve: :class:`Linear`, :class:`Gate`, :class:`StepTable` or :class:`Inverse`.
        weight: the line's share of the total, in (0, 1], at most 6 decimals.

    >>> from salesmgmt.reviews import KPI, Linear, phone_calls
    >>> KPI("phone_calls", "Phone calls", phone_calls, 400, Linear(), "0.1").weight
    Decimal('0.1')
    """

    key: str = attrs.field(validator=lambda _, __, v: _id(v, "KPI", "key"))
    label: str = attrs.field(
        validator=lambda _, __, v: check_str(v, record="KPI", field="label", max_length=200)
    )
    measure: Measure = attrs.field(validator=_measure)
    target: Decimal = attrs.field(converter=_target)
    curve: Curve = attrs.field(validator=_kpi_curve)
    weight: Decimal = attrs.field(converter=_weight)


def _lines(value: object) -> tuple[KPI, ...]:
    items = check_type(value, (tuple, list), record="Scorecard", field="kpis")
    lines = tuple(check_type(item, KPI, record="Scorecard", field="kpis[]") for item in items)
    if not 1 <= len(lines) <= 100:
        raise PolicyError.for_field("Scorecard", "kpis", len(lines), "1 to 100 KPI lines")
    keys = [line.key for line in lines]
    if len(set(keys)) != len(keys):
        raise PolicyError.for_field("Scorecard", "kpis", keys, "distinct KPI keys")
    weights = Decimal(0)
    for line in lines:
        weights = EXACT.add(weights, line.weight)
    if weights != 1:
        raise PolicyError.for_field(
            "Scorecard",
            "kpis",
            f"weights summing to {weights}",
            "weights that sum to exactly 1",
            hint="Scale the weights, or move the difference to one line.",
        )
    return lines


@attrs.frozen
class Scorecard:
    """The scorecard policy: KPI lines whose weights sum to exactly 1.

    Raises:
        PolicyError: weights that do not sum to 1, repeated keys, no lines.

    >>> from salesmgmt.reviews import KPI, Linear, Scorecard, phone_calls
    >>> Scorecard([KPI("calls", "Calls", phone_calls, 400, Linear(), "0.9")])
    Traceback (most recent call last):
      ...
    salesmgmt.errors.PolicyError: Scorecard: 'kpis' must be weights that sum to exactly 1 ...
    Hint: Scale the weights, or move the difference to one line.
    """

    kpis: tuple[KPI, ...] = attrs.field(converter=_lines)

    @classmethod
    def default(cls) -> Scorecard:
        """The seed's twelve-line monthly scorecard (see ``docs/reviews.md``).

        Weights: plan attainment 0.20; relative sales and new customers
        developed 0.10 each; visits, calls and growth 0.08 each; the other six
        0.06 each (sum 1).

        >>> from salesmgmt.reviews import Scorecard
        >>> card = Scorecard.default()
        >>> len(card.kpis), sum(k.weight for k in card.kpis)
        (12, Decimal('1.00'))
        """
        one = Decimal(1)
        return cls(
            [
                KPI("plan_attainment", "Planned target: attainment", plan_attainment, one,
                    Gate(threshold="0.5", cap="1.2"), "0.20"),
                KPI("relative_sales", "Actual sales vs team median", relative_sales, one,
                    Linear(cap="1.5"), "0.10"),
                KPI("new_customers_developed", "New customers developed",
                    new_customers_developed, 4, Linear(cap="1.5"), "0.10"),
                KPI("existing_visits", "Visits to existing customers", existing_visits, 20,
                    Linear(), "0.08"),
                KPI("phone_calls", "Phone calls", phone_calls, 400, Linear(), "0.08"),
                KPI("weekly_orders", "Orders per week", weekly_orders, 2,
                    StepTable([("0.5", "0.5"), (1, 1), ("1.5", "1.2")]), "0.06"),
                KPI("growth_rate", "Growth rate", growth_rate, "0.10", Linear(cap=2), "0.08"),
                KPI("new_customers_added", "New customers added", new_customers_added, 2,
                    Linear(cap="1.5"), "0.06"),
                KPI("customers_lost", "Customers lost", customers_lost, 0,
                    Inverse(tolerance=3), "0.06"),
                KPI("discipline", "Behaviour and discipline", discipline_violations, 0,
                    Inverse(tolerance=3), "0.06"),
                KPI("plan_completion", "Plan and report completion", plan_completion, one,
                    Linear(), "0.06"),
                KPI("reply_rate", "Replies to customers' requests", reply_rate, one,
                    Gate(threshold="0.8"), "0.06"),
            ]
        )  # fmt: skip
