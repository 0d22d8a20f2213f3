"""Crediting: who is credited with how much of each won deal, and on which day.

:func:`credit` turns won deals into :class:`CreditLine` values: the owner gets
the whole amount unless :class:`Split` rows share the deal (percentages that
must total exactly 100, split to the cent by largest-remainder allocation);
overlay credit gives each manager above a credited rep the same amount again
(a manager carries the team's number); the crediting date is the close
(booking) date, or an invoice or payment date the caller supplies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Final, Literal, TypeAlias

import attrs

from salesmgmt._checks import (
    check_choice,
    check_date,
    check_int,
    check_str,
    check_type,
    iter_chunks,
)
from salesmgmt._decimal import EXACT
from salesmgmt.compensation._deals import (
    DealTerms,
    DealType,
    optional_deal_type,
    optional_term,
    optional_text,
)
from salesmgmt.compensation._tiers import number
from salesmgmt.errors import PolicyError, UnknownReference, ValidationError
from salesmgmt.money import Money
from salesmgmt.money._allocate import largest_remainder
from salesmgmt.org import OrgChart
from salesmgmt.pipeline import Opportunity

__all__ = [
    "CREDITING_DATES",
    "CREDIT_KINDS",
    "CreditKind",
    "CreditLine",
    "CreditRules",
    "CreditingDate",
    "Split",
    "credit",
]

CreditKind: TypeAlias = Literal["direct", "split", "overlay"]
CreditingDate: TypeAlias = Literal["booking", "invoice", "payment"]
#: Why a rep holds a credit line.
CREDIT_KINDS: Final = ("direct", "split", "overlay")
#: The crediting-date rules.
CREDITING_DATES: Final = ("booking", "invoice", "payment")
_HUNDRED: Final = Decimal(100)


def _id(record: str, field: str, value: object) -> str:
    return check_str(value, record=record, field=field, max_length=200)


def _percent(value: object) -> Decimal:
    return number(value, record="Split", field="percent", max_abs_exponent=3)


@attrs.frozen
class Split:
    """One rep's share of one deal, in percent (``Decimal("33.3")`` is 33.3 %).

    The splits of a deal must total exactly 100 (checked by :func:`credit`).

    Raises:
        ValidationError: an empty id, a percentage not above 0 or above 100.

    >>> from salesmgmt.compensation import Split
    >>> Split("O-1", "R-2", 40)
    Split(opportunity_id='O-1', rep_id='R-2', percent=Decimal('40'))
    """

    opportunity_id: str
    rep_id: str
    percent: Decimal = attrs.field(converter=_percent)

    def __attrs_post_init__(self) -> None:
        _id("Split", "opportunity_id", self.opportunity_id)
        record = f"Split of {self.opportunity_id!r}"
        _id(record, "rep_id", self.rep_id)
        if not 0 < self.percent <= _HUNDRED:
            raise ValidationError.for_field(
                record, "percent", self.percent, "a percentage above 0 and at most 100"
            )


def _levels(value: object) -> int | None:
    if value is None:
        return None
    return check_int(value, record="CreditRules", field="overlay_levels", min_value=0)


@attrs.frozen
class CreditRules:
    """How deals become credit: the crediting date and overlay (manager) credit.

    Attributes:
        crediting_date: ``"booking"`` (the default: the deal's ``close_date``),
            ``"invoice"`` or ``"payment"`` (the date given for the deal in
            ``credit(dates=...)``; a deal without one is not credited yet).
        overlay_levels: how many managers above a credited rep also get the
            credit (``0``, the default: none; ``1``: the rep's own manager;
            ``None``: the whole chain of command). Needs ``credit(chart=...)``.

    >>> from salesmgmt.compensation import CreditRules
    >>> CreditRules(crediting_date="payment", overlay_levels=1)
    CreditRules(crediting_date='payment', overlay_levels=1)
    """

    crediting_date: CreditingDate = attrs.field(
        default="booking",
        validator=lambda _, __, v: check_choice(
            v, CREDITING_DATES, record="CreditRules", field="crediting_date"
        ),
    )
    overlay_levels: int | None = attrs.field(default=0, converter=_levels)


def _kind(line: Any, attribute: Any, value: object) -> None:
    check_choice(value, CREDIT_KINDS, record="CreditLine", field="kind")


@attrs.frozen
class CreditLine:
    """An amount of one deal credited to one rep on one day.

    Attributes:
        rep_id: the credited rep.
        opportunity_id: the deal.
        amount: the credited amount (negative for a reversal).
        credited_on: the crediting date (see :class:`CreditRules`).
        kind: ``"direct"`` (the owner, whole deal), ``"split"`` (a share) or
            ``"overlay"`` (a manager's credit for a team member's deal).
        product, segment, deal_type, term_months: keyword-only facts the
            plan's :class:`~salesmgmt.compensation.DealRules` read (see
            :class:`~salesmgmt.compensation.DealTerms`); ``None`` by default.

    >>> import datetime as dt
    >>> from salesmgmt import Money
    >>> from salesmgmt.compensation import CreditLine
    >>> CreditLine("R-1", "O-1", Money.of(500, "USD"), dt.date(2025, 3, 31)).kind
    'direct'
    """

    rep_id: str
    opportunity_id: str
    amount: Money
    credited_on: dt.date
    kind: CreditKind = attrs.field(default="direct", validator=_kind)
    product: str | None = attrs.field(default=None, kw_only=True)
    segment: str | None = attrs.field(default=None, kw_only=True)
    deal_type: DealType | None = attrs.field(default=None, kw_only=True)
    term_months: int | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        _id("CreditLine", "rep_id", self.rep_id)
        record = f"CreditLine {self.rep_id!r}"
        _id(record, "opportunity_id", self.opportunity_id)
        optional_text(record, "product", self.product)
        optional_text(record, "segment", self.segment)
        optional_deal_type(record, self.deal_type)
        optional_term(record, "term_months", self.term_months)
        check_type(self.amount, Money, record=record, field="amount")
        object.__setattr__(
            self, "credited_on", check_date(self.credited_on, record=record, field="credited_on")
        )


_NO_TERMS: Final = DealTerms()


def _line(
    rep_id: str,
    opportunity_id: str,
    amount: Money,
    on: dt.date,
    kind: CreditKind,
    terms: DealTerms = _NO_TERMS,
) -> CreditLine:
    """A CreditLine from parts already validated (by Opportunity, Split, Rep): the hot path."""
    line = object.__new__(CreditLine)
    object.__setattr__(line, "rep_id", rep_id)
    object.__setattr__(line, "opportunity_id", opportunity_id)
    object.__setattr__(line, "amount", amount)
    object.__setattr__(line, "credited_on", on)
    object.__setattr__(line, "kind", kind)
    object.__setattr__(line, "product", terms.product)
    object.__setattr__(line, "segment", terms.segment)
    object.__setattr__(line, "deal_type", terms.deal_type)
    object.__setattr__(line, "term_months", terms.term_months)
    return line


def _line_key(line: CreditLine) -> tuple[str, dt.date, str, str, Decimal]:
    return (line.rep_id, line.credited_on, line.opportunity_id, line.kind, line.amount.amount)


def credit(
    deals: Iterable[Opportunity],
    splits: Iterable[Split] = (),
    rules: CreditRules | None = None,
    *,
    chart: OrgChart | None = None,
    dates: Mapping[str, dt.date] | None = None,
    terms: Mapping[str, DealTerms] | None = None,
) -> tuple[CreditLine, ...]:
    """Credit lines for won ``deals``: owner, splits, overlay, on the crediting date.

    Pass only won (closed-won) deals: :func:`credit` does not read stages. A
    deal with no :class:`Split` is credited whole to its ``owner_id``; a deal
    with splits is shared by them (the owner gets nothing unless listed),
    exactly to the cent (largest remainder, ties to the lowest rep id).
    The result is sorted by rep, date, deal and kind, so it does not depend on
    the order of ``deals`` or ``splits``. One pass plus a sort: O(n log n).

    Args:
        deals: won :class:`~salesmgmt.pipeline.Opportunity` values.
        splits: shares of deals; a deal's shares must total exactly 100.
        rules: the :class:`CreditRules` (default: booking date, no overlay).
        chart: the org chart for overlay credit.
        dates: deal id → invoice or payment date, for those crediting rules.
        terms: deal id → :class:`~salesmgmt.compensation.DealTerms` (product,
            segment, new/renewal, term), copied onto every line of the deal
            for the plan's per-deal rules. Terms without a product take the
            deal's product when ``Opportunity.products`` lists exactly one.

    Raises:
        PolicyError: a deal's splits that do not total 100, the same rep twice
            in one deal's splits, overlay credit without a chart.
        UnknownReference: a split of a deal not in ``deals``, a rep not in the chart.
        ValidationError: the same deal id twice.

    >>> import datetime as dt
    >>> from salesmgmt import Money
    >>> from salesmgmt.pipeline import Opportunity
    >>> from salesmgmt.compensation import Split, credit
    >>> won = Opportunity("O-1", "A-1", "R-1", Money.of(100, "USD"), dt.date(2025, 1, 2),
    ...                   dt.date(2025, 3, 31), "Closed Won")
    >>> [(c.rep_id, c.amount) for c in credit([won], [Split("O-1", "R-1", 50),
    ...  Split("O-1", "R-2", "33.33"), Split("O-1", "R-3", "16.67")])]
    [('R-1', Money('50.00', 'USD')), ('R-2', Money('33.33', 'USD')), ('R-3', Money('16.67', 'USD'))]
    >>> credit([])
    ()
    """  # noqa: E501 -- doctest output lines cannot wrap
    record = "credit()"
    rules = CreditRules() if rules is None else rules
    check_type(rules, CreditRules, record=record, field="rules")
    if chart is not None:
        check_type(chart, OrgChart, record=record, field="chart")
    elif rules.overlay_levels != 0:
        raise PolicyError.for_field(
            record, "chart", None, "an OrgChart when CreditRules.overlay_levels is not 0"
        )
    when: Mapping[str, dt.date] = {}
    if rules.crediting_date != "booking":
        if dates is None:
            raise PolicyError.for_field(
                record,
                "dates",
                None,
                f"a mapping of deal id to {rules.crediting_date} date",
                hint="Pass dates={...} or use CreditRules(crediting_date='booking').",
            )
        when = _dates(dates, record)
    facts = _terms(terms, record)
    shares: dict[str, list[Split]] = {}
    for chunk in iter_chunks(splits, record=record, field="splits"):
        for split in chunk:
            check_type(split, Split, record=record, field="splits[]")
            shares.setdefault(split.opportunity_id, []).append(split)
    seen: set[str] = set()
    lines: list[CreditLine] = []
    chains: dict[str, tuple[str, ...]] = {}
    for chunk in iter_chunks(deals, record=record, field="deals"):
        for deal in chunk:
            check_type(deal, Opportunity, record=record, field="deals[]")
            if deal.opportunity_id in seen:
                raise ValidationError.for_field(
                    record, "deals", deal.opportunity_id, "deals with distinct opportunity ids"
                )
            seen.add(deal.opportunity_id)
            on = (
                deal.close_date
                if rules.crediting_date == "booking"
                else when.get(deal.opportunity_id)
            )
            if on is None:
                continue
            fact = facts.get(deal.opportunity_id, _NO_TERMS)
            if fact.product is None and len(deal.products) == 1:
                fact = attrs.evolve(fact, product=deal.products[0])
            for rep_id, amount, kind in _shares(deal, shares.get(deal.opportunity_id)):
                lines.append(_line(rep_id, deal.opportunity_id, amount, on, kind, fact))
                if chart is not None and rules.overlay_levels != 0:
                    for boss in _chain(chart, rep_id, rules.overlay_levels, chains):
                        lines.append(_line(boss, deal.opportunity_id, amount, on, "overlay", fact))
    unknown = sorted(set(shares) - seen)
    if unknown:
        raise UnknownReference.for_field(record, "splits", unknown[0], "the id of a deal in deals")
    lines.sort(key=_line_key)
    return tuple(lines)


def _dates(dates: object, record: str) -> dict[str, dt.date]:
    if not isinstance(dates, Mapping):
        raise ValidationError.for_field(record, "dates", dates, "a mapping of deal id to date")
    if len(dates) > 50_000_000:
        raise ValidationError.for_field(record, "dates", "<huge mapping>", "a smaller mapping")
    return {
        _id(record, "dates key", key): check_date(value, record=record, field=f"dates[{key!r}]")
        for key, value in dates.items()
    }


def _terms(terms: object, record: str) -> dict[str, DealTerms]:
    if terms is None:
        return {}
    if not isinstance(terms, Mapping):
        raise ValidationError.for_field(
            record, "terms", terms, "a mapping of deal id to DealTerms"
        )
    if len(terms) > 50_000_000:
        raise ValidationError.for_field(record, "terms", "<huge mapping>", "a smaller mapping")
    return {
        _id(record, "terms key", key): check_type(
            value, DealTerms, record=record, field=f"terms[{key!r}]"
        )
        for key, value in terms.items()
    }


def _shares(deal: Opportunity, splits: list[Split] | None) -> list[tuple[str, Money, CreditKind]]:
    if not splits:
        return [(deal.owner_id, deal.amount, "direct")]
    record = f"Opportunity {deal.opportunity_id!r}"
    splits = sorted(splits, key=_by_rep)
    percents = [split.percent for split in splits]
    total_percent = Decimal(0)
    for percent in percents:
        total_percent = EXACT.add(total_percent, percent)
    if total_percent != _HUNDRED:
        raise PolicyError.for_field(
            record,
            "splits",
            [str(p) for p in percents],
            "percentages that total exactly 100",
            hint=f"They total {total_percent}.",
        )
    reps = [split.rep_id for split in splits]
    if len(set(reps)) != len(reps):
        raise PolicyError.for_field(record, "splits", reps, "each rep at most once per deal")
    # allocate()'s rule on exact integer weights: the percentages scaled to whole
    # numbers by their smallest exponent (at most 3 decimals, so no rounding).
    exponent = min(int(percent.as_tuple().exponent) for percent in percents)
    weights = [int(percent.scaleb(-exponent, EXACT)) for percent in percents]
    units = largest_remainder(deal.amount.to_minor_units(), weights)
    code = deal.amount.currency
    return [
        (rep, Money.from_minor_units(part, code), "split")
        for rep, part in zip(reps, units, strict=True)
    ]


def _by_rep(split: Split) -> str:
    return split.rep_id


def _chain(
    chart: OrgChart, rep_id: str, levels: int | None, cache: dict[str, tuple[str, ...]]
) -> tuple[str, ...]:
    if rep_id not in cache:
        bosses = tuple(boss.rep_id for boss in chart.chain_of_command(rep_id))
        cache[rep_id] = bosses
    chain = cache[rep_id]
    return chain if levels is None else chain[:levels]
