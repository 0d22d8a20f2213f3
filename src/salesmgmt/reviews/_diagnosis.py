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
from collections.abc import Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final, Literal

import attrs

from salesmgmt._checks import check_choice, check_str, check_type, iter_chunks
from salesmgmt._decimal import EXACT, RATIO
from salesmgmt.errors import CurrencyMismatch, UnknownReference, ValidationError
from salesmgmt.money import Money
from salesmgmt.periods import Period
from salesmgmt.reviews._gap import _plain, decompose_gap
from salesmgmt.reviews._scorecard import RepFacts

__all__ = ["CAUSES", "FUNNEL", "Diagnosis", "GapPart", "diagnose", "diagnose_all", "funnel"]

Benchmark = Literal["team_median", "team_best", "target"]
#: The funnel factors, in order, and the cause each one stands for.
FUNNEL: Final = ("effort", "prospecting", "win_rate", "deal_size")
#: Read-only: a caller cannot change the wording for everyone else.
CAUSES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "effort": "too little effort",
        "prospecting": "too few new customers",
        "win_rate": "weak conversion",
        "deal_size": "small deals",
    }
)
#: What each factor stands for when it puts a rep ahead (the sentence's wording).
STRENGTHS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "effort": "more effort",
        "prospecting": "more new customers",
        "win_rate": "stronger conversion",
        "deal_size": "bigger deals",
    }
)
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


def _part_field(part: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validator of :class:`GapPart`: a funnel factor, its cause, two factor values, Money."""
    record, name = "GapPart", attribute.name
    if name == "factor":
        check_choice(value, FUNNEL, record=record, field=name)
    elif name == "cause":
        if value != CAUSES[part.factor]:
            raise ValidationError.for_field(
                record, name, value, f"the cause of {part.factor!r} ({CAUSES[part.factor]!r})"
            )
    elif name == "amount":
        check_type(value, Money, record=record, field=name)
    else:
        number = check_type(value, Decimal, record=record, field=name)
        if not number.is_finite() or number < 0:
            raise ValidationError.for_field(record, name, value, "a finite Decimal >= 0")


def _diagnosis_field(d: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validator of :class:`Diagnosis`: ids, Money in one currency, parts that add up."""
    record, name = "Diagnosis", attribute.name
    if name in ("rep_id", "benchmark"):
        check_str(value, record=record, field=name, max_length=64)
    elif name == "period":
        check_type(value, Period, record=record, field=name)
    elif name in ("bookings", "reference_bookings"):
        money = check_type(value, Money, record=record, field=name)
        if name == "reference_bookings" and money.currency != d.bookings.currency:
            raise CurrencyMismatch.between(d.bookings.currency, money.currency, record=record)
    elif name == "parts":
        parts = check_type(value, tuple, record=record, field=name, expected="a tuple of GapPart")
        for item in parts:
            check_type(item, GapPart, record=record, field="parts[]")
        if parts and tuple(item.factor for item in parts) != FUNNEL:
            raise ValidationError.for_field(
                record, name, value, f"no parts, or one part per factor in order {FUNNEL}"
            )
        gap = d.bookings - d.reference_bookings
        if parts and sum((item.amount for item in parts), Money.zero(gap.currency)) != gap:
            raise ValidationError.for_field(
                record, name, value, f"parts that add up to the gap {gap}"
            )
    elif value is not None:  # dominant
        check_choice(value, tuple(item.factor for item in d.parts), record=record, field=name)


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

    factor: str = attrs.field(validator=_part_field)
    cause: str = attrs.field(validator=_part_field)
    actual: Decimal = attrs.field(validator=_part_field)
    reference: Decimal = attrs.field(validator=_part_field)
    amount: Money = attrs.field(validator=_part_field)


@attrs.frozen
class Diagnosis:
    """The gap between a rep's bookings and the benchmark's, split over the funnel.

    ``dominant`` is the factor with the most negative part when the rep is
    behind (the largest positive part when ahead; equal parts: the first in
    :data:`FUNNEL` order); ``None`` when nothing differs.

    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.reviews import Diagnosis
    >>> d = Diagnosis("R-1", Period.month(2025, 3), "team_median", Money(0, "USD"),
    ...               Money(0, "USD"), (), None)
    >>> d.sentence
    "Rep 'R-1' matches the team_median in 2025-03 (bookings 0.00 USD)."
    """

    rep_id: str = attrs.field(validator=_diagnosis_field)
    period: Period = attrs.field(validator=_diagnosis_field)
    benchmark: str = attrs.field(validator=_diagnosis_field)
    bookings: Money = attrs.field(validator=_diagnosis_field)
    reference_bookings: Money = attrs.field(validator=_diagnosis_field)
    parts: tuple[GapPart, ...] = attrs.field(validator=_diagnosis_field)
    dominant: str | None = attrs.field(validator=_diagnosis_field)

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
    return _diagnose(name, period, bench, facts, _Teams(facts))


def diagnose_all(
    period: Period,
    data: Mapping[str, RepFacts],
    benchmark: Benchmark | str = "team_median",
    *,
    rep_ids: Iterable[str] | None = None,
) -> dict[str, Diagnosis]:
    """:func:`diagnose` for many reps at once, sorted by rep id.

    The same result as calling ``diagnose(rep_id, period, data, benchmark)``
    for each rep, but the teams are grouped and each team's median funnel is
    computed once, so the whole sales force costs O(n) diagnoses instead of
    O(n) scans of ``data`` per rep (O(n²)).

    Args:
        period: the period (every diagnosed rep's facts must be for it).
        data: rep id -> :class:`RepFacts` (what :func:`collect_facts` returns).
        benchmark: as for :func:`diagnose`.
        rep_ids: the reps to diagnose (default: every rep in ``data``).

    Raises:
        UnknownReference: a rep in ``rep_ids`` (or the benchmark rep) not in ``data``.
        ValidationError: as :func:`diagnose` would for the first failing rep in
            id order (facts for another period, no team under a team benchmark,
            a missing target).
        CurrencyMismatch: a team, or a rep and its benchmark, in different currencies.

    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.reviews import RepFacts, diagnose_all
    >>> march = Period.month(2025, 3)
    >>> def rep(rep_id, amount):  # 50 efforts, 10 opportunities, 2 won deals
    ...     return RepFacts(rep_id, march, Money(amount, "USD"), team_id="T", efforts=50,
    ...                     new_opportunities=10, won_deals=2)
    >>> team = {"A": rep("A", 800), "B": rep("B", 1000), "C": rep("C", 1000)}
    >>> {k: (str(d.gap), d.dominant) for k, d in diagnose_all(march, team).items()}
    {'A': ('-200.00 USD', 'deal_size'), 'B': ('0.00 USD', None), 'C': ('0.00 USD', None)}
    >>> list(diagnose_all(march, team, rep_ids=["C"]))
    ['C']
    """
    record = "diagnose_all()"
    check_type(period, Period, record=record, field="period")
    facts = check_type(
        data, Mapping, record=record, field="data", expected="a mapping of RepFacts"
    )
    bench = check_str(benchmark, record=record, field="benchmark", max_length=64)
    if rep_ids is None:
        names = sorted(check_str(k, record=record, field="data key", max_length=64) for k in facts)
    else:
        names = sorted(
            {
                check_str(k, record=record, field="rep_ids[]", max_length=64)
                for chunk in iter_chunks(rep_ids, record=record, field="rep_ids")
                for k in chunk
            }
        )
        for name in names:
            if name not in facts:
                raise UnknownReference.for_field(record, "rep_ids", name, "a rep id in data")
    teams = _Teams(facts)
    return {name: _diagnose(name, period, bench, facts, teams) for name in names}


class _Teams:
    """The reps of each team, grouped in one pass over ``data`` and reused.

    Each team's currency is checked once and its median funnel computed once,
    so diagnosing every rep of a sales force stays linear.
    """

    def __init__(self, facts: Mapping[str, object]) -> None:
        self._facts = facts
        self._groups: dict[str, list[RepFacts]] | None = None
        self._checked: set[str] = set()
        self._medians: dict[str, dict[str, Decimal]] = {}

    def members(self, name: str, mine: RepFacts) -> list[RepFacts]:
        """The reps of ``mine``'s team (``mine`` included), all in its currency."""
        if mine.team_id is None:
            raise ValidationError.for_field(
                _RECORD, "data", name, "a rep with a team_id for a team benchmark"
            )
        if self._groups is None:
            groups: dict[str, list[RepFacts]] = {}
            for value in self._facts.values():
                other = check_type(value, RepFacts, record=_RECORD, field="data[]")
                if other.team_id is not None:
                    groups.setdefault(other.team_id, []).append(other)
            self._groups = groups
        team = self._groups.get(mine.team_id, [mine])
        if mine.team_id not in self._checked:
            for other in team:
                if other.bookings.currency != mine.bookings.currency:
                    raise CurrencyMismatch.between(
                        mine.bookings.currency, other.bookings.currency, record=_RECORD
                    )
            self._checked.add(mine.team_id)
        return team

    def median(self, name: str, mine: RepFacts) -> dict[str, Decimal]:
        """Each funnel factor's median over ``mine``'s team (computed once per team)."""
        team = self.members(name, mine)
        key = mine.team_id or ""
        if key not in self._medians:
            self._medians[key] = _median_shape(team)
        return self._medians[key]


def _diagnose(
    name: str, period: Period, bench: str, facts: Mapping[str, object], teams: _Teams
) -> Diagnosis:
    mine = check_type(facts[name], RepFacts, record=_RECORD, field=f"data[{name!r}]")
    if mine.period != period:
        raise ValidationError.for_field(_RECORD, "data", str(mine.period), f"facts for {period}")
    actual = funnel(mine)
    reference_bookings: Money | None = None
    if bench == "target":
        target = _checked_target(name, mine)
        shape = teams.median(name, mine)
        reference = _target_shape(name, target, shape, teams.members(name, mine))
        reference_bookings = target
    elif bench == "team_median":
        reference = teams.median(name, mine)
    elif bench == "team_best":
        reference = funnel(_best(teams.members(name, mine)))
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
        # copy_negate() is exact and ignores the caller's decimal context (unary minus does not).
        pick = min(
            parts, key=lambda p: p.amount.amount if behind else p.amount.amount.copy_negate()
        )
        dominant = pick.factor if not pick.amount.is_zero() else None
    return Diagnosis(name, period, bench, mine.bookings, reference_bookings, parts, dominant)


def _best(team: list[RepFacts]) -> RepFacts:
    """The team's top booker (ties: the smaller id)."""
    return min(team, key=lambda f: (f.bookings.amount.copy_negate(), f.rep_id))


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


def _target_shape(
    name: str, target: Money, shape: dict[str, Decimal], team: list[RepFacts]
) -> dict[str, Decimal]:
    """The team median's factors ``shape``, each scaled by ``(target / product)**(1/k)``.

    A zero median product (e.g. most of the team won nothing) falls back to the
    team's top booker's factors; a team that booked nothing has no shape to scale.
    """
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
