"""Why is a rep behind? The bookings gap split over the sales funnel (LMDI).

Bookings factor exactly into the funnel::

    bookings = efforts x (opportunities / efforts) x (won / opportunities) x (bookings / won)
               effort     prospecting yield          win rate               deal size

and :func:`~salesmgmt.reviews.decompose_gap` splits the gap to a benchmark
into one part per factor. Each factor maps to one of the seed's causes:
too little effort; too few new customers; weak conversion; small deals.
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from decimal import Decimal
from typing import Final, Literal

import attrs

from salesmgmt._checks import check_str, check_type
from salesmgmt._decimal import EXACT, RATIO
from salesmgmt.errors import CurrencyMismatch, UnknownReference, ValidationError
from salesmgmt.money import Money
from salesmgmt.periods import Period
from salesmgmt.reviews._gap import decompose_gap
from salesmgmt.reviews._scorecard import RepFacts

__all__ = ["CAUSES", "FUNNEL", "Diagnosis", "GapPart", "diagnose", "funnel"]

Benchmark = Literal["team_median", "team_best"]
#: The funnel factors, in order, and the cause each one stands for.
FUNNEL: Final = ("effort", "prospecting", "win_rate", "deal_size")
CAUSES: Final = {
    "effort": "too little effort",
    "prospecting": "too few new customers",
    "win_rate": "weak conversion",
    "deal_size": "small deals",
}
_RECORD = "diagnose()"


def funnel(facts: RepFacts) -> dict[str, Decimal]:
    """The four funnel factors of one rep; they multiply to the bookings.

    Zero rule: an upstream count below a downstream count is raised to it
    (bookings with no counted deal count as one won deal, won deals as
    opportunities, opportunities as efforts), and 0/0 is 0, so the product is
    always exactly the bookings.

    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.reviews import RepFacts, funnel
    >>> f = RepFacts("A", Period.month(2025, 3), Money(600, "USD"), efforts=0, won_deals=2)
    >>> [str(v) for v in funnel(f).values()]  # effort, prospecting, win rate, deal size
    ['2', '1', '1', '300.00']
    """
    check_type(facts, RepFacts, record="funnel()", field="facts")
    amount = facts.bookings.amount
    won = max(facts.won_deals, 1 if amount > 0 else 0)
    opportunities = max(facts.new_opportunities, won)
    efforts = max(facts.efforts, opportunities)

    def ratio(a: Decimal | int, b: int) -> Decimal:
        return RATIO.divide(Decimal(a), Decimal(b)) if b else Decimal(0)

    return {
        "effort": Decimal(efforts),
        "prospecting": ratio(opportunities, efforts),
        "win_rate": ratio(won, opportunities),
        "deal_size": ratio(amount, won),
    }


@attrs.frozen
class GapPart:
    """One funnel factor's share of the gap.

    Attributes:
        factor: one of :data:`FUNNEL`.
        cause: the seed's cause the factor stands for.
        actual: the rep's factor value.
        reference: the benchmark's factor value.
        amount: the factor's part of the gap, to the minor unit.

    >>> from decimal import Decimal
    >>> from salesmgmt import Money
    >>> from salesmgmt.reviews import GapPart
    >>> GapPart("effort", "too little effort", Decimal(80), Decimal(100), Money(-200, "USD")).cause
    'too little effort'
    """

    factor: str
    cause: str
    actual: Decimal
    reference: Decimal
    amount: Money


@attrs.frozen
class Diagnosis:
    """The gap between a rep's bookings and the benchmark's, split over the funnel.

    ``dominant`` is the factor with the most negative part when the rep is
    behind (the largest positive part when ahead); ``None`` when nothing differs.

    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.reviews import Diagnosis
    >>> d = Diagnosis("R-1", Period.month(2025, 3), "team_median", Money(0, "USD"),
    ...               Money(0, "USD"), (), None)
    >>> d.sentence
    "Rep 'R-1' matches the team_median in 2025-03 (bookings 0.00 USD)."
    """

    rep_id: str
    period: Period
    benchmark: str
    bookings: Money
    reference_bookings: Money
    parts: tuple[GapPart, ...]
    dominant: str | None

    @property
    def gap(self) -> Money:
        """Bookings minus the benchmark's bookings (the parts add up to it).

        >>> from salesmgmt import Money, Period
        >>> Diagnosis("R-1", Period.month(2025, 3), "team_median", Money(5, "USD"),
        ...           Money(8, "USD"), (), None).gap
        Money('-3.00', 'USD')
        """
        return self.bookings - self.reference_bookings

    @property
    def sentence(self) -> str:
        """The diagnosis in words, naming the dominant cause and its evidence.

        >>> from salesmgmt import Money, Period
        >>> Diagnosis("R-1", Period.month(2025, 3), "team_median", Money(5, "USD"),
        ...           Money(5, "USD"), (), None).sentence[:30]
        "Rep 'R-1' matches the team_med"
        """
        if self.dominant is None:
            return (
                f"Rep {self.rep_id!r} matches the {self.benchmark} in {self.period}"
                f" (bookings {self.bookings})."
            )
        part = next(p for p in self.parts if p.factor == self.dominant)
        side = "behind" if self.gap.amount < 0 else "ahead of"
        return (
            f"Rep {self.rep_id!r} is {abs(self.gap)} {side} the {self.benchmark} in"
            f" {self.period}; the main cause is {part.cause}: {part.factor}"
            f" {_show(part.actual)} vs {_show(part.reference)}, worth {part.amount}."
        )


def _show(value: Decimal) -> str:
    context = RATIO.copy()
    context.traps[decimal.Inexact] = False
    return format(value.quantize(Decimal("0.01"), context=context).normalize(context), "f")


def _median(values: list[Decimal]) -> Decimal:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return RATIO.divide(RATIO.add(ordered[middle - 1], ordered[middle]), 2)


def _to_cents(parts: dict[str, Decimal], gap: Money) -> dict[str, Money]:
    """Round the parts to the minor unit; the residual goes to the largest part."""
    unit = Money.from_minor_units(1, gap.currency).amount
    context = EXACT.copy()
    context.prec = 200
    context.traps[decimal.Inexact] = False
    rounded = {
        name: part.quantize(unit, rounding=decimal.ROUND_HALF_EVEN, context=context)
        for name, part in parts.items()
    }
    anchor = max(sorted(parts), key=lambda name: parts[name].copy_abs())
    others = sum((v for n, v in rounded.items() if n != anchor), Decimal(0))
    rounded[anchor] = context.subtract(gap.amount, others)
    return {name: Money(value, gap.currency) for name, value in rounded.items()}


def diagnose(
    rep_id: str,
    period: Period,
    data: Mapping[str, RepFacts],
    benchmark: Benchmark | str = "team_median",
) -> Diagnosis:
    """Split a rep's bookings gap to a benchmark over the funnel and name the cause.

    Args:
        rep_id: the rep to diagnose.
        period: the period (every fact must be for it).
        data: rep id -> :class:`RepFacts` (what :func:`collect_facts` returns).
        benchmark: ``"team_median"`` (each factor's median over the rep's team,
            the rep included), ``"team_best"`` (the team's top booker; ties: the
            smaller id) or another rep's id (compare with that rep).

    Returns:
        the parts (LMDI-I, rounded to the minor unit with the residual on the
        largest part, so they add up exactly to the gap), and the dominant cause.

    Raises:
        UnknownReference: the rep or the benchmark rep is not in ``data``.
        ValidationError: facts for another period, a rep without a team for a
            team benchmark.
        CurrencyMismatch: bookings in different currencies.

    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.reviews import RepFacts, diagnose
    >>> march = Period.month(2025, 3)
    >>> def usd(n):
    ...     return Money(n, "USD")
    >>> a = RepFacts("A", march, usd(9000), efforts=150, new_opportunities=30, won_deals=6)
    >>> b = RepFacts("B", march, usd(10000), efforts=150, new_opportunities=40, won_deals=10)
    >>> d = diagnose("A", march, {"A": a, "B": b}, benchmark="B")
    >>> # -2730.45 - 2117.90 + 3848.36 = -999.99: the cent goes to the largest part.
    >>> for part in d.parts:
    ...     print(part.factor, part.amount)
    effort 0.00 USD
    prospecting -2730.45 USD
    win_rate -2117.90 USD
    deal_size 3848.35 USD
    >>> d.dominant, d.gap
    ('prospecting', Money('-1000.00', 'USD'))
    """
    name = check_str(rep_id, record=_RECORD, field="rep_id", max_length=64)
    check_type(period, Period, record=_RECORD, field="period")
    facts = check_type(
        data, Mapping, record=_RECORD, field="data", expected="a mapping of RepFacts"
    )
    bench = check_str(benchmark, record=_RECORD, field="benchmark", max_length=64)
    if name not in facts:
        raise UnknownReference.for_field(_RECORD, "rep_id", name, "a rep id in data")
    mine = check_type(facts[name], RepFacts, record=_RECORD, field=f"data[{name!r}]")
    if mine.period != period:
        raise ValidationError.for_field(_RECORD, "data", str(mine.period), f"facts for {period}")
    actual = funnel(mine)
    if bench in ("team_median", "team_best"):
        if mine.team_id is None:
            raise ValidationError.for_field(
                _RECORD, "data", name, "a rep with a team_id for a team benchmark"
            )
        team = []
        for other in facts.values():
            check_type(other, RepFacts, record=_RECORD, field="data[]")
            if other.team_id == mine.team_id:
                if other.bookings.currency != mine.bookings.currency:
                    raise CurrencyMismatch.between(
                        mine.bookings.currency, other.bookings.currency, record=_RECORD
                    )
                team.append(other)
        if bench == "team_best":
            best = min(team, key=lambda f: (-f.bookings.amount, f.rep_id))
            reference = funnel(best)
        else:
            profiles = [funnel(f) for f in team]
            reference = {k: _median([p[k] for p in profiles]) for k in FUNNEL}
    else:
        if bench not in facts:
            raise UnknownReference.for_field(
                _RECORD, "benchmark", bench, "'team_median', 'team_best' or a rep id in data"
            )
        other = check_type(facts[bench], RepFacts, record=_RECORD, field=f"data[{bench!r}]")
        if other.bookings.currency != mine.bookings.currency:
            raise CurrencyMismatch.between(mine.bookings.currency, other.bookings.currency)
        reference = funnel(other)
    raw = decompose_gap(actual, reference)
    reference_bookings = _reference_money(reference, mine.bookings.currency)
    gap = mine.bookings - reference_bookings
    amounts = (
        _to_cents(raw, gap) if any(raw.values()) else {k: Money.zero(gap.currency) for k in FUNNEL}
    )
    parts = tuple(GapPart(k, CAUSES[k], actual[k], reference[k], amounts[k]) for k in FUNNEL)
    dominant = None
    if not gap.is_zero() or any(not p.amount.is_zero() for p in parts):
        behind = gap.amount < 0
        pick = min(parts, key=lambda p: p.amount.amount if behind else -p.amount.amount)
        dominant = pick.factor if not pick.amount.is_zero() else None
    return Diagnosis(name, period, bench, mine.bookings, reference_bookings, parts, dominant)


def _reference_money(reference: dict[str, Decimal], currency: str) -> Money:
    """The benchmark's bookings: the product of its factors, rounded half-even."""
    context = RATIO.copy()
    context.prec = 100
    context.traps[decimal.Inexact] = False
    product = Decimal(1)
    for k in FUNNEL:
        product = context.multiply(product, reference[k])
    unit = Money.from_minor_units(1, currency).amount
    return Money(
        product.quantize(unit, rounding=decimal.ROUND_HALF_EVEN, context=context), currency
    )
