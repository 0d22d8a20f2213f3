"""Per-deal rules: multi-year crediting, product and segment multipliers, a per-deal cap,
new-logo versus renewal rates, and a minimum commission per deal.

The facts a rule reads travel on each :class:`~salesmgmt.compensation.CreditLine`
(``product``, ``segment``, ``deal_type``, ``term_months``), set by
:func:`~salesmgmt.compensation.credit` from :class:`DealTerms`. The rules are plan
data (:class:`DealRules`, ``CommissionPlan.deal_rules``); the default has no rule,
so a plan without per-deal rules pays exactly what it paid before.

Order, per deal (a rep's lines of one deal are added up first): 1. multi-year
crediting (``credited_months``), 2. multipliers (product x segment), 3. the
per-deal cap on the credit, 4. deal types with their own flat rate leave the tier
table and are paid at that rate, 5. a deal whose commission at the calculation
rate is below ``minimum_commission`` is topped up to it. Steps 1 to 3 round the
deal's credit half-up to the minor unit; the flat-rate pay and the top-ups stay
exact until the statement rounds them once.

This module also holds the sums the statement and the per-deal attribution
share (:func:`stage_sums` and :func:`deal_parts`), so both pay the same cents.
Rounding: the table's commission, the flat-rate pay and the top-ups are each
rounded once, half up, on their year-to-date sums.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any, Final, Literal, TypeAlias

import attrs

from salesmgmt._checks import check_choice, check_int, check_str, check_type
from salesmgmt.compensation._tiers import number, round_half_up
from salesmgmt.errors import PolicyError, ValidationError
from salesmgmt.money import Money

__all__ = [
    "DEAL_RULES",
    "DEAL_TYPES",
    "DealRules",
    "DealTally",
    "DealTerms",
    "DealType",
    "Minimum",
    "Stage",
    "deal_parts",
    "describe",
    "optional_deal_type",
    "optional_term",
    "optional_text",
    "stage_sums",
    "tally",
]

DealType: TypeAlias = Literal["new", "renewal"]
#: The deal types a rate can be keyed by: a new logo or a renewal.
DEAL_TYPES: Final = ("new", "renewal")
DealRule: TypeAlias = Literal[
    "multi-year", "multiplier", "deal cap", "deal-type rate", "deal minimum"
]
#: The statement rules of the per-deal steps, in the order they apply.
DEAL_RULES: Final[tuple[DealRule, ...]] = (
    "multi-year",
    "multiplier",
    "deal cap",
    "deal-type rate",
    "deal minimum",
)
_MAX_TERM: Final = 1200
_MAX_PAIRS: Final = 1000


def optional_text(record: str, field: str, value: object) -> str | None:
    """``None``, or a non-empty string of at most 200 characters."""
    if value is None:
        return None
    return check_str(value, record=record, field=field, max_length=200)


def optional_deal_type(record: str, value: object) -> DealType | None:
    """``None``, or one of :data:`DEAL_TYPES`."""
    if value is None:
        return None
    choice: DealType = check_choice(value, DEAL_TYPES, record=record, field="deal_type")
    return choice


def optional_term(record: str, field: str, value: object) -> int | None:
    """``None``, or a number of months from 1 to 1200."""
    if value is None:
        return None
    return check_int(value, record=record, field=field, min_value=1, max_value=_MAX_TERM)


@attrs.frozen
class DealTerms:
    """What per-deal rules read about a deal (all optional).

    Attributes:
        product: the product the deal sells (for product multipliers).
        segment: the customer segment (for segment multipliers).
        deal_type: ``"new"`` (a new logo) or ``"renewal"``.
        term_months: the contract term in months (1 to 1200), for multi-year crediting.

    >>> from salesmgmt.compensation import DealTerms
    >>> DealTerms(segment="SMB", deal_type="renewal", term_months=36).term_months
    36
    >>> DealTerms(term_months=0)
    Traceback (most recent call last):
      ...
    salesmgmt.errors.ValidationError: DealTerms: 'term_months' must be ...
    """

    product: str | None = None
    segment: str | None = None
    deal_type: DealType | None = None
    term_months: int | None = None

    def __attrs_post_init__(self) -> None:
        record = "DealTerms"
        optional_text(record, "product", self.product)
        optional_text(record, "segment", self.segment)
        optional_deal_type(record, self.deal_type)
        optional_term(record, "term_months", self.term_months)


def _pairs(
    field: str, keys: tuple[str, ...] | None, max_exponent: int, value: object
) -> tuple[tuple[Any, Decimal], ...]:
    record = "DealRules"
    items = check_type(value, (tuple, list), record=record, field=field)
    if len(items) > _MAX_PAIRS:
        raise ValidationError.for_field(record, field, "<huge>", "at most 1000 pairs")
    out = []
    for i, item in enumerate(items):
        pair = check_type(item, (tuple, list), record=record, field=f"{field}[{i}]")
        if len(pair) != 2:
            raise ValidationError.for_field(record, f"{field}[{i}]", item, "a (key, x) pair")
        if keys is None:
            key = check_str(pair[0], record=record, field=f"{field}[{i}][0]", max_length=200)
        else:
            key = check_choice(pair[0], keys, record=record, field=f"{field}[{i}][0]")
        factor = number(
            pair[1], record=record, field=f"{field}[{i}][1]", max_abs_exponent=max_exponent
        )
        if factor < 0:
            raise PolicyError.for_field(record, f"{field}[{i}][1]", factor, "0 or more")
        out.append((key, factor))
    if len({key for key, _ in out}) != len(out):
        raise PolicyError.for_field(record, field, value, "each key at most once")
    return tuple(sorted(out))


def _products(value: object) -> tuple[tuple[str, Decimal], ...]:
    return _pairs("product_multipliers", None, 6, value)


def _segments(value: object) -> tuple[tuple[str, Decimal], ...]:
    return _pairs("segment_multipliers", None, 6, value)


def _type_rates(value: object) -> tuple[tuple[DealType, Decimal], ...]:
    return _pairs("type_rates", DEAL_TYPES, 3, value)


def _credited_months(value: object) -> int | None:
    return optional_term("DealRules", "credited_months", value)


def _amount(field: str, value: object) -> Money | None:
    if value is None:
        return None
    amount = check_type(value, Money, record="DealRules", field=field)
    if amount.amount < 0:
        raise PolicyError.for_field("DealRules", field, amount, "an amount of 0 or more")
    return amount


def _deal_cap(value: object) -> Money | None:
    return _amount("deal_cap", value)


def _minimum(value: object) -> Money | None:
    return _amount("minimum_commission", value)


@attrs.frozen
class DealRules:
    """The per-deal rules of a plan; the default has none.

    Attributes:
        credited_months: multi-year deals are credited on their first
            ``credited_months`` months only (``12``: first year only): a deal
            with ``term_months`` above it is credited
            ``amount x credited_months / term_months``. ``None`` (the default):
            the whole contract value. Deals without ``term_months`` are whole.
        product_multipliers: ``(product, x)`` pairs: the deal's credit is
            multiplied by ``x`` (unlisted products: 1).
        segment_multipliers: ``(segment, x)`` pairs, likewise (both multiply).
        deal_cap: the most one deal credits the rep after multipliers
            (``None``: no per-deal cap), in the plan's currency.
        type_rates: ``(deal_type, rate)`` pairs: deals of that type are paid
            at that flat rate on their credit, outside the tier table (its
            tiers and gate neither pay them nor count them; they still count
            toward the quota bonus's attainment).
        minimum_commission: keyword-only; the least a deal pays (``None``: no
            minimum), in the plan's currency. A deal whose commission at the
            calculation rate is below it is topped up to it. As in Xactly, it
            needs a flat rate (:class:`~salesmgmt.compensation.CommissionPlan`
            checks), and a clawback takes back only the commission at the
            calculation rate, never the top-up.

    The adjusted credit is what the rate component and the quota bonus see;
    ``PayoutStatement.ytd_bookings`` stays the raw credited bookings.

    Raises:
        PolicyError: a negative multiplier, rate, cap or minimum, a key listed twice.

    >>> from salesmgmt import Money
    >>> from salesmgmt.compensation import DealRules
    >>> DealRules(credited_months=12, segment_multipliers=[("ENT", "1.5")],
    ...           type_rates=[("renewal", "0.02")]).type_rates
    (('renewal', Decimal('0.02')),)
    >>> DealRules().is_empty
    True
    """

    credited_months: int | None = attrs.field(default=None, converter=_credited_months)
    product_multipliers: tuple[tuple[str, Decimal], ...] = attrs.field(
        default=(), converter=_products
    )
    segment_multipliers: tuple[tuple[str, Decimal], ...] = attrs.field(
        default=(), converter=_segments
    )
    deal_cap: Money | None = attrs.field(default=None, converter=_deal_cap)
    type_rates: tuple[tuple[DealType, Decimal], ...] = attrs.field(
        default=(), converter=_type_rates
    )
    minimum_commission: Money | None = attrs.field(default=None, converter=_minimum, kw_only=True)

    @property
    def is_empty(self) -> bool:
        """Whether the plan has no per-deal rule (then payouts are unchanged).

        >>> from salesmgmt.compensation import DealRules
        >>> DealRules(credited_months=12).is_empty
        False
        """
        return not describe(self)


def describe(rules: DealRules) -> dict[str, str]:
    """The formula text of each configured rule, by statement rule name.

    >>> describe(DealRules(credited_months=12))
    {'multi-year': 'credit x min(1, 12 / term months)'}
    """
    out: dict[str, str] = {}
    if rules.credited_months is not None:
        out["multi-year"] = f"credit x min(1, {rules.credited_months} / term months)"
    pairs = [f"product {k} x{x}" for k, x in rules.product_multipliers] + [
        f"segment {k} x{x}" for k, x in rules.segment_multipliers
    ]
    if pairs:
        out["multiplier"] = "credit x " + ", ".join(pairs)
    if rules.deal_cap is not None:
        out["deal cap"] = f"min(credit, {rules.deal_cap}) per deal"
    if rules.type_rates:
        out["deal-type rate"] = "flat " + ", ".join(f"{k} {r}" for k, r in rules.type_rates)
    if rules.minimum_commission is not None:
        out["deal minimum"] = (
            f"max(0, {rules.minimum_commission} - rate x credited amount) per deal"
        )
    return out


# -- the sums shared by payout() and deal_commissions() -----------------------------------

#: Facts of one deal as read from its credit lines.
Facts: TypeAlias = tuple[str | None, str | None, str | None, int | None]


class DealTally:
    """One deal's credit for one rep, in minor units (an internal accumulator).

    ``ytd``/``before``: the net credit to date and before the period;
    ``gross``/``gross_before``: the same over positive lines only (what the
    minimum commission is measured on, so a reversal is paid back at the
    calculation rate while the top-up stays).
    """

    __slots__ = ("before", "facts", "gross", "gross_before", "ytd")

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self.ytd = self.before = self.gross = self.gross_before = 0


def tally(
    deals: dict[str, DealTally], line: Any, units: int, earlier: bool, record: str
) -> DealTally:
    """Add one credit line (``units`` of it) to its deal's tally; returns the tally.

    Raises ``ValidationError`` when the line's facts differ from the deal's earlier lines.
    """
    facts: Facts = (line.product, line.segment, line.deal_type, line.term_months)
    deal = deals.get(line.opportunity_id)
    if deal is None:
        deal = deals[line.opportunity_id] = DealTally(facts)
    elif deal.facts != facts:
        raise ValidationError.for_field(
            record,
            "credits",
            line.opportunity_id,
            "lines of one deal with the same product, segment, deal_type and term_months",
        )
    deal.ytd += units
    gross = max(units, 0)
    deal.gross += gross
    if earlier:
        deal.before += units
        deal.gross_before += gross
    return deal


class Compiled:
    """A plan's per-deal rules as lookups in minor units, built once per payout (internal).

    ``flat`` is the plan's flat table rate (``None`` unless the plan has a
    minimum commission, which needs one).
    """

    __slots__ = ("cap", "flat", "minimum", "months", "products", "segments", "types")

    def __init__(self, rules: DealRules, flat: Fraction | None) -> None:
        self.months = rules.credited_months
        self.products: dict[str | None, Fraction] = {
            key: Fraction(x) for key, x in rules.product_multipliers
        }
        self.segments: dict[str | None, Fraction] = {
            key: Fraction(x) for key, x in rules.segment_multipliers
        }
        self.cap = None if rules.deal_cap is None else rules.deal_cap.to_minor_units()
        self.types: dict[str | None, Fraction] = {
            key: Fraction(rate) for key, rate in rules.type_rates
        }
        minimum = rules.minimum_commission
        self.minimum = None if minimum is None else minimum.to_minor_units()
        # CommissionPlan refuses a minimum without a flat table rate, so ``flat`` is set then.
        self.flat = flat if flat is not None else Fraction(0)

    def steps(self, facts: Facts, units: int) -> tuple[int, int, int]:
        """The deal's credit after steps 1 (term), 2 (multipliers) and 3 (cap)."""
        product, segment, _, term = facts
        after_term = units
        if self.months is not None and term is not None and term > self.months:
            after_term = round_half_up(Fraction(units * self.months, term))
        multiplied = after_term
        if product in self.products or segment in self.segments:
            factor = self.products.get(product, Fraction(1)) * self.segments.get(
                segment, Fraction(1)
            )
            multiplied = round_half_up(after_term * factor)
        capped = multiplied if self.cap is None else min(multiplied, self.cap)
        return after_term, multiplied, capped

    def parts(self, facts: Facts, capped: int, gross: int) -> tuple[int, Fraction, Fraction]:
        """Table credit, flat-rate pay and minimum top-up of a deal credited ``capped``."""
        rate = self.types.get(facts[2])
        table, paid = (capped, _ZERO) if rate is None else (0, rate * capped)
        topup = _ZERO
        if self.minimum is not None and gross > 0:
            at_rate = self.flat if rate is None else rate
            calculated = at_rate * self.steps(facts, gross)[2]
            topup = max(_ZERO, self.minimum - calculated)
        return table, paid, topup


_ZERO: Final = Fraction(0)


def deal_parts(
    compiled: Compiled, facts: Facts, units: int, gross: int
) -> tuple[int, Fraction, Fraction]:
    """One deal's contribution after every rule: table credit, flat-rate pay, top-up.

    The top-up is measured on the deal's positive credit ``gross``.

    >>> rules = DealRules(type_rates=[("renewal", "0.02")], minimum_commission=Money.of(5, "USD"))
    >>> deal_parts(Compiled(rules, Fraction(1, 10)), (None, None, "renewal", None), 10_000, 10_000)
    (0, Fraction(200, 1), Fraction(300, 1))
    """
    return compiled.parts(facts, compiled.steps(facts, units)[2], gross)


#: One step of the per-deal rules, summed over deals: tier-table credit (YTD, before
#: the period) and the exact flat-rate pay outside the table (YTD, before the period).
Stage: TypeAlias = tuple[int, int, Fraction, Fraction]
#: The minimum commission's top-ups (YTD, before the period; rounded on their own so a
#: reversal is paid back at exactly the calculation rate) and the positive credit of the
#: deals topped up (YTD, before the period).
Minimum: TypeAlias = tuple[Fraction, Fraction, int, int]


def stage_sums(compiled: Compiled, deals: dict[str, DealTally]) -> tuple[list[Stage], Minimum]:
    """Stages 0 (raw credit) to 4 (after the deal-type rates), summed over deals in
    O(deals), and the minimum commission's top-ups (step 5).

    >>> tallied = {"O-1": DealTally((None,) * 4)}
    >>> tallied["O-1"].ytd = tallied["O-1"].gross = 500
    >>> stage_sums(Compiled(DealRules(deal_cap=Money.of(1, "USD")), None), tallied)[0][3]
    (100, 0, Fraction(0, 1), Fraction(0, 1))
    """
    ytd, before = [0] * 5, [0] * 5
    outside = [_ZERO, _ZERO]
    topups = [_ZERO, _ZERO]
    topped = [0, 0]
    for deal in deals.values():
        for sums, units, gross, slot in (
            (ytd, deal.ytd, deal.gross, 0),
            (before, deal.before, deal.gross_before, 1),
        ):
            if not units and not gross:  # every step of nothing is nothing
                continue
            steps = compiled.steps(deal.facts, units)
            table, paid, topup = compiled.parts(deal.facts, steps[2], gross)
            sums[0] += units
            sums[1] += steps[0]
            sums[2] += steps[1]
            sums[3] += steps[2]
            sums[4] += table
            if paid:
                outside[slot] += paid
            if topup:
                topups[slot] += topup
                topped[slot] += gross
    stages: list[Stage] = [(ytd[i], before[i], _ZERO, _ZERO) for i in range(4)]
    stages.append((ytd[4], before[4], outside[0], outside[1]))
    return stages, (topups[0], topups[1], topped[0], topped[1])
