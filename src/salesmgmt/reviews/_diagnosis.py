"""Why is a rep behind? The bookings gap split over the sales funnel (LMDI).

Bookings factor exactly into the funnel::

    bookings = efforts x (opportunities / efforts) x (won / opportunities) x (bookings / won)
               effort     prospecting yield          win rate               deal size

and :func:`~salesmgmt.reviews.decompose_gap` splits the gap to a benchmark
into one part per factor. Each factor maps to one of the seed's causes:
too little effort; too few new customers; weak conversion; small deals.

Against the target (``benchmark="target"``) the reference bookings are the
rep's target, and the reference factors are the team median's factors each
multiplied by one common factor ``c = (target / prod(median factors))**(1/k)``
(k = 4 factors, computed in :data:`~salesmgmt._decimal.RATIO`). Scaling every
factor by the same ``c`` keeps the team's funnel shape (no factor is singled
out as the one the target is "made of") and makes the reference product the
target, so the parts add up to bookings - target.
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
from salesmgmt.reviews._gap import _plain, decompose_gap
from salesmgmt.reviews._scorecard import RepFacts

__all__ = ["CAUSES", "FUNNEL", "Diagnosis", "GapPart", "diagnose", "funnel"]

Benchmark = Literal["team_median", "team_best", "target"]
#: The funnel factors, in order, and the cause each one stands for.
FUNNEL: Final = ("effort", "prospecting", "win_rate", "deal_size")
CAUSES: Final = {
    "effort": "too little effort",
    "prospecting": "too few new customers",
    "win_rate": "weak conversion",
    "deal_size": "small deals",
}
#: What each factor stands for when it puts a rep ahead (the sentence's wording).
STRENGTHS: Final = {
    "effort": "more effort",
    "prospecting": "more new customers",
    "win_rate": "stronger conversion",
    "deal_size": "bigger deals",
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
        if self.gap.amount < 0:
            side, reason = "behind", f"the main cause is {part.cause}"
        else:
            side, reason = "ahead of", f"the main reason is {STRENGTHS[part.factor]}"
        return (
            f"Rep {self.rep_id!r} is {abs(self.gap)} {side} the {self.benchmark} in"
            f" {self.period}; {reason}: {part.factor}"
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
    others = Decimal(0)
    for name, value in rounded.items():
        if name != anchor:
            others = context.add(others, value)
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
            smaller id), ``"target"`` (the rep's ``RepFacts.target``, spread over
            the team median's funnel shape: each median factor times
            ``(target / their product)**(1/4)``; when that product is zero, the
            team's top booker's shape) or another rep's id (compare with that
            rep). The three names are reserved: a rep with one of them as id
            cannot be a benchmark.

    Returns:
        the parts (LMDI-I, rounded to the minor unit with the residual on the
        largest part, so they add up exactly to the gap), and the dominant cause.
        Against the target, ``reference_bookings`` is the target itself, so the
        parts add up to bookings - target.

    Raises:
        UnknownReference: the rep or the benchmark rep is not in ``data``.
        ValidationError: facts for another period, a rep without a team for a
            team or target benchmark, a missing, zero or negative target, a
            team that booked nothing (no shape to spread the target over).
        CurrencyMismatch: bookings (or the target) in different currencies.

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

    Against A's target of 10648, over the team median's shape (150, 0.2333..,
    0.225, 1250; product 9843.75) scaled by (10648 / 9843.75)**(1/4):

    >>> import attrs
    >>> a = RepFacts("A", march, usd(9000), efforts=150, new_opportunities=30, won_deals=6,
    ...              team_id="T", target=usd(10648))
    >>> t = diagnose("A", march, {"A": a, "B": attrs.evolve(b, team_id="T")}, "target")
    >>> t.reference_bookings, t.gap, sum((p.amount for p in t.parts), usd(0))
    (Money('10648.00', 'USD'), Money('-1648.00', 'USD'), Money('-1648.00', 'USD'))
    >>> diagnose("A", march, {"A": attrs.evolve(a, target=None)}, "target")
    Traceback (most recent call last):
      ...
    salesmgmt.errors.ValidationError: RepFacts 'A': 'target' must be a positive target ...
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
    reference_bookings: Money | None = None
    if bench == "target":
        target = _checked_target(name, mine)
        reference = _target_shape(name, target, _team(name, mine, facts))
        reference_bookings = target
    elif bench in ("team_median", "team_best"):
        team = _team(name, mine, facts)
        reference = funnel(_best(team)) if bench == "team_best" else _median_shape(team)
    else:
        if bench not in facts:
            raise UnknownReference.for_field(
                _RECORD,
                "benchmark",
                bench,
                "'team_median', 'team_best', 'target' or a rep id in data",
            )
        other = check_type(facts[bench], RepFacts, record=_RECORD, field=f"data[{bench!r}]")
        if other.bookings.currency != mine.bookings.currency:
            raise CurrencyMismatch.between(mine.bookings.currency, other.bookings.currency)
        reference = funnel(other)
    raw = decompose_gap(actual, reference)
    if reference_bookings is None:
        reference_bookings = _reference_money(reference, mine.bookings.currency)
    gap = mine.bookings - reference_bookings
    amounts = (
        _to_cents(raw, gap)
        if any(raw.values()) or not gap.is_zero()
        else {k: Money.zero(gap.currency) for k in FUNNEL}
    )
    parts = tuple(GapPart(k, CAUSES[k], actual[k], reference[k], amounts[k]) for k in FUNNEL)
    dominant = None
    if not gap.is_zero() or any(not p.amount.is_zero() for p in parts):
        behind = gap.amount < 0
        pick = min(parts, key=lambda p: p.amount.amount if behind else -p.amount.amount)
        dominant = pick.factor if not pick.amount.is_zero() else None
    return Diagnosis(name, period, bench, mine.bookings, reference_bookings, parts, dominant)


def _team(name: str, mine: RepFacts, facts: Mapping[str, object]) -> list[RepFacts]:
    """The reps of ``mine``'s team (``mine`` included), all in its currency."""
    if mine.team_id is None:
        raise ValidationError.for_field(
            _RECORD, "data", name, "a rep with a team_id for a team benchmark"
        )
    team = []
    for value in facts.values():
        other = check_type(value, RepFacts, record=_RECORD, field="data[]")
        if other.team_id == mine.team_id:
            if other.bookings.currency != mine.bookings.currency:
                raise CurrencyMismatch.between(
                    mine.bookings.currency, other.bookings.currency, record=_RECORD
                )
            team.append(other)
    return team


def _best(team: list[RepFacts]) -> RepFacts:
    """The team's top booker (ties: the smaller id)."""
    return min(team, key=lambda f: (-f.bookings.amount, f.rep_id))


def _median_shape(team: list[RepFacts]) -> dict[str, Decimal]:
    """Each funnel factor's median over the team."""
    profiles = [funnel(f) for f in team]
    return {k: _median([p[k] for p in profiles]) for k in FUNNEL}


def _checked_target(name: str, mine: RepFacts) -> Money:
    """The rep's positive target in the bookings' currency."""
    record = f"RepFacts {name!r}"
    target = mine.target
    if target is None or target.amount <= 0:
        raise ValidationError.for_field(
            record,
            "target",
            target,
            'a positive target for benchmark="target"',
            hint="Pass the rep's target in collect_facts(..., targets={rep_id: Money}).",
        )
    if target.currency != mine.bookings.currency:
        raise CurrencyMismatch.between(mine.bookings.currency, target.currency, record=record)
    return target


def _product(factors: dict[str, Decimal]) -> Decimal:
    product = Decimal(1)
    for k in FUNNEL:
        product = RATIO.multiply(product, factors[k])
    return product


def _target_shape(name: str, target: Money, team: list[RepFacts]) -> dict[str, Decimal]:
    """The team median's factors, each scaled by ``(target / product)**(1/k)``.

    A zero median product (e.g. most of the team won nothing) falls back to the
    team's top booker's factors; a team that booked nothing has no shape to scale.
    """
    shape = _median_shape(team)
    product = _product(shape)
    if product.is_zero():
        shape = funnel(_best(team))
        product = _product(shape)
    record = f"RepFacts {name!r}"
    if product.is_zero():
        raise ValidationError.for_field(
            record,
            "team_id",
            team[0].team_id,
            "a team with bookings (the target is spread over the team's funnel shape)",
            hint="Compare with a rep id, or diagnose once the team has won deals.",
        )
    scale = RATIO.power(RATIO.divide(target.amount, product), RATIO.divide(1, len(FUNNEL)))
    return {k: _plain(RATIO.multiply(shape[k], scale)) for k in FUNNEL}


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
