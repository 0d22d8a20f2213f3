"""Reviews, ranks and rating bands.

:func:`review` scores one rep's :class:`~salesmgmt.reviews.RepFacts` on a
:class:`~salesmgmt.reviews.Scorecard`; :func:`rank` orders reviews with
competition ranking ("1224": equal totals share a rank, the next rank skips);
:func:`rate` puts each review in a :class:`RatingScale` band, optionally with a
forced distribution.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Final

import attrs

from salesmgmt._checks import check_int, check_str, check_type, iter_chunks
from salesmgmt._decimal import EXACT, to_decimal
from salesmgmt.errors import PolicyError, SalesMgmtError, ValidationError
from salesmgmt.money import allocate
from salesmgmt.periods import Period
from salesmgmt.reviews._curves import score
from salesmgmt.reviews._scorecard import KPI, RepFacts, Scorecard

__all__ = [
    "Ranked",
    "Rating",
    "RatingScale",
    "Review",
    "ReviewLine",
    "rank",
    "rate",
    "review",
]

_MAX_REVIEWS: Final = 10_000_000


def _field(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validator for the result values: ids, periods, finite Decimals, ranks, labels."""
    record = type(instance).__name__
    name = attribute.name
    if name in ("rep_id", "key", "band"):
        check_str(value, record=record, field=name, max_length=64)
    elif name == "period":
        check_type(value, Period, record=record, field=name)
    elif name == "rank":
        check_int(value, record=record, field=name, min_value=1, max_value=_MAX_REVIEWS)
    elif name == "lines":
        check_type(value, tuple, record=record, field=name, expected="a tuple of ReviewLine")
        for line in value:
            check_type(line, ReviewLine, record=record, field="lines[]")
    elif value is not None or name != "measure":
        number = check_type(value, Decimal, record=record, field=name)
        if not number.is_finite():
            raise ValidationError.for_field(record, name, value, "a finite Decimal")


@attrs.frozen
class ReviewLine:
    """One scorecard line of a review.

    Attributes:
        key: the KPI's key.
        measure: the measured value, or ``None`` when undefined (scores 0).
        target: the KPI's target.
        score: the curve's score, 0 to the curve's maximum.
        weight: the KPI's weight.
        contribution: score x weight (exact).

    >>> from decimal import Decimal
    >>> from salesmgmt.reviews import ReviewLine
    >>> ReviewLine("phone_calls", Decimal(300), Decimal(400), Decimal("0.75"), Decimal("0.08"),
    ...            Decimal("0.06")).contribution
    Decimal('0.06')
    """

    key: str = attrs.field(validator=_field)
    measure: Decimal | None = attrs.field(validator=_field)
    target: Decimal = attrs.field(validator=_field)
    score: Decimal = attrs.field(validator=_field)
    weight: Decimal = attrs.field(validator=_field)
    contribution: Decimal = attrs.field(validator=_field)


@attrs.frozen
class Review:
    """A rep's scorecard for a period: every line and the total (= the sum of
    the contributions).

    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.reviews import RepFacts, Scorecard, review
    >>> facts = RepFacts("R-1", Period.month(2025, 3), Money(0, "USD"))
    >>> # Nothing sold or logged: only "customers lost" and "discipline" (0, 0) score 1 x 0.06.
    >>> review("R-1", Period.month(2025, 3), facts, Scorecard.default()).total
    Decimal('0.12')
    """

    rep_id: str = attrs.field(validator=_field)
    period: Period = attrs.field(validator=_field)
    lines: tuple[ReviewLine, ...] = attrs.field(validator=_field)
    total: Decimal = attrs.field(validator=_field)

    @total.validator
    def _sum(self, attribute: attrs.Attribute[Any], value: Decimal) -> None:
        parts = Decimal(0)
        for line in self.lines:
            parts = _EXACT_SUM.add(parts, line.contribution)
        if parts != value:
            raise ValidationError.for_field(
                "Review", "total", value, f"the sum of the contributions ({parts})"
            )


_EXACT_SUM = EXACT.copy()
_EXACT_SUM.prec = 1000


def _measure(kpi: KPI, facts: RepFacts) -> Decimal | None:
    try:
        value = kpi.measure(facts)
    except SalesMgmtError:
        raise
    except Exception as exc:  # a company's own measure failed: report the KPI
        raise PolicyError.for_field(
            f"KPI {kpi.key!r}", "measure", kpi.measure, f"a measure that works (it raised {exc!r})"
        ) from exc
    if value is None:
        return None
    return to_decimal(value, record=f"KPI {kpi.key!r}", field="measure()")


def review(rep: object, period: Period, data: RepFacts, scorecard: Scorecard) -> Review:
    """Score one rep for ``period`` on ``scorecard``.

    Each line: measure -> curve score against the target (an undefined measure
    scores 0) -> contribution = score x weight; the total is their exact sum.

    Args:
        rep: the rep's id, or any object with a ``rep_id`` (an org ``Rep``).
        period: the period reviewed; must be ``data.period``.
        data: the rep's :class:`RepFacts` for the period.
        scorecard: the policy (``Scorecard.default()`` for the seed's template).

    Raises:
        WrongType: arguments of the wrong type.
        ValidationError: ``data`` is for another rep or period.
        PolicyError: a KPI's measure raised or returned a non-number.

    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.reviews import RepFacts, Scorecard, review
    >>> march = Period.month(2025, 3)
    >>> facts = RepFacts("R-1", march, Money(90, "USD"), target=Money(100, "USD"), calls=400)
    >>> r = review("R-1", march, facts, Scorecard.default())
    >>> [(line.key, line.score) for line in r.lines[:1]], r.total
    ([('plan_attainment', Decimal('0.9'))], Decimal('0.38'))
    """
    record = "review()"
    rep_id = getattr(rep, "rep_id", rep)
    rep_id = check_str(rep_id, record=record, field="rep", max_length=64)
    check_type(period, Period, record=record, field="period")
    facts = check_type(data, RepFacts, record=record, field="data")
    card = check_type(scorecard, Scorecard, record=record, field="scorecard")
    if facts.rep_id != rep_id or facts.period != period:
        raise ValidationError.for_field(
            record,
            "data",
            (facts.rep_id, str(facts.period)),
            f"the facts of rep {rep_id!r} for {period}",
        )
    lines = []
    total = Decimal(0)
    for kpi in card.kpis:
        measured = _measure(kpi, facts)
        points = Decimal(0) if measured is None else score(kpi.curve, measured, kpi.target)
        contribution = _tidy(EXACT.multiply(points, kpi.weight))
        total = EXACT.add(total, contribution)
        lines.append(ReviewLine(kpi.key, measured, kpi.target, points, kpi.weight, contribution))
    return Review(rep_id, period, tuple(lines), _tidy(total))


def _tidy(number: Decimal) -> Decimal:
    """The same number without trailing zeros (``0.38``, not ``0.380``)."""
    if number.is_zero():
        return Decimal(0)
    short = number.normalize(EXACT)
    return (
        short.quantize(Decimal(1), context=EXACT) if int(short.as_tuple().exponent) > 0 else short
    )


@attrs.frozen
class Ranked:
    """A review's place: ``rank`` 1 is the best total; ties share a rank.

    >>> from decimal import Decimal
    >>> from salesmgmt.reviews import Ranked
    >>> Ranked("R-1", Decimal("0.9"), 1).rank
    1
    """

    rep_id: str = attrs.field(validator=_field)
    total: Decimal = attrs.field(validator=_field)
    rank: int = attrs.field(validator=_field)


def _reviews(reviews: Iterable[Review], record: str) -> list[Review]:
    found = [
        check_type(item, Review, record=record, field="reviews[]")
        for chunk in iter_chunks(reviews, record=record, field="reviews", max_items=_MAX_REVIEWS)
        for item in chunk
    ]
    ids = [item.rep_id for item in found]
    if len(set(ids)) != len(ids):
        raise ValidationError.for_field(
            record, "reviews", "repeated rep ids", "one review per rep"
        )
    return found


def rank(reviews: Iterable[Review]) -> tuple[Ranked, ...]:
    """Rank reviews by total, best first, with competition ranking ("1224").

    Equal totals get the same rank and the next rank skips (two reps tied
    for 2nd, the next is 4th); within a tie, rep ids ascending give the
    listing order (not the rank). The result does not depend on input order.

    Raises:
        ValidationError: two reviews of one rep.

    >>> from salesmgmt import Period
    >>> from salesmgmt.reviews import Review, ReviewLine, rank
    >>> def one_line(rep_id, total):  # a review whose only line contributes ``total``
    ...     t = Decimal(total)
    ...     line = ReviewLine("k", None, Decimal(1), t, Decimal(1), t)
    ...     return Review(rep_id, Period.month(2025, 3), (line,), t)
    >>> rs = [one_line("B", "0.8"), one_line("A", "0.8"), one_line("C", "0.9")]
    >>> [(x.rep_id, x.rank) for x in rank(rs)]
    [('C', 1), ('A', 2), ('B', 2)]
    >>> rank([])
    ()
    """
    # copy_negate() is exact and ignores the caller's decimal context (unary minus does not).
    ordered = sorted(_reviews(reviews, "rank()"), key=lambda r: (r.total.copy_negate(), r.rep_id))
    result: list[Ranked] = []
    for position, item in enumerate(ordered, start=1):
        same = result and result[-1].total == item.total
        result.append(Ranked(item.rep_id, item.total, result[-1].rank if same else position))
    return tuple(result)


def _bands(value: object) -> tuple[tuple[str, Decimal], ...]:
    items = check_type(value, (tuple, list), record="RatingScale", field="bands")
    bands = []
    for i, band in enumerate(items):
        pair = check_type(band, (tuple, list), record="RatingScale", field=f"bands[{i}]")
        if len(pair) != 2:
            raise ValidationError.for_field(
                "RatingScale", f"bands[{i}]", band, "a (label, min_total) pair"
            )
        label = check_str(pair[0], record="RatingScale", field=f"bands[{i}][0]", max_length=20)
        floor = to_decimal(pair[1], record="RatingScale", field=f"bands[{i}][1]")
        bands.append((label, floor))
    if not 1 <= len(bands) <= 20 or bands[-1][1] != 0:
        raise PolicyError.for_field(
            "RatingScale", "bands", value, "1 to 20 bands, the last with min_total 0"
        )
    floors = [floor for _, floor in bands]
    labels = [label for label, _ in bands]
    if floors != sorted(set(floors), reverse=True) or len(set(labels)) != len(labels):
        raise PolicyError.for_field(
            "RatingScale", "bands", value, "distinct labels with decreasing min_total"
        )
    return tuple(bands)


def _forced(scale: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    shares = check_type(value, tuple, record="RatingScale", field="forced")
    if len(shares) != len(scale.bands):
        raise PolicyError.for_field("RatingScale", "forced", value, "one share per band")
    total = Decimal(0)
    for i, share in enumerate(shares):
        number = to_decimal(share, record="RatingScale", field=f"forced[{i}]", max_abs_exponent=1)
        if number < 0:
            raise PolicyError.for_field("RatingScale", f"forced[{i}]", share, "a share >= 0")
        total = EXACT.add(total, number)
    if total != 1:
        raise PolicyError.for_field("RatingScale", "forced", value, "shares summing to 1")


def _shares(value: object) -> object:
    """Lossless converter: a list or tuple of shares becomes a tuple of Decimals."""
    if not isinstance(value, list | tuple):
        return value
    return tuple(
        to_decimal(share, record="RatingScale", field=f"forced[{i}]", max_abs_exponent=1)
        for i, share in enumerate(value)
    )


@attrs.frozen
class RatingScale:
    """Rating bands by total score, best first; optionally a forced distribution.

    Args:
        bands: ``(label, min_total)`` pairs with decreasing ``min_total``; the
            last band's ``min_total`` is 0. Default S >= 1.0, A >= 0.85,
            B >= 0.7, C >= 0.55, D below.
        forced: ``None`` (bands by score), or one share per band summing to 1
            (e.g. ``(0.1, 0.2, 0.4, 0.2, 0.1)``): ranked reps fill the bands in
            order, band sizes are the shares of the head count allocated by
            largest remainder, and tied reps never split across bands (a tie
            goes to the better band).

    >>> from salesmgmt.reviews import RatingScale
    >>> RatingScale().bands[0]
    ('S', Decimal('1.0'))
    """

    bands: tuple[tuple[str, Decimal], ...] = attrs.field(
        default=(("S", "1.0"), ("A", "0.85"), ("B", "0.7"), ("C", "0.55"), ("D", "0")),
        converter=_bands,
    )
    forced: tuple[Decimal, ...] | None = attrs.field(
        default=None, converter=_shares, validator=_forced
    )


@attrs.frozen
class Rating:
    """A review's band.

    >>> from decimal import Decimal
    >>> from salesmgmt.reviews import Rating
    >>> Rating("R-1", Decimal("0.9"), 1, "A").band
    'A'
    """

    rep_id: str = attrs.field(validator=_field)
    total: Decimal = attrs.field(validator=_field)
    rank: int = attrs.field(validator=_field)
    band: str = attrs.field(validator=_field)


def rate(reviews: Iterable[Review], scale: RatingScale | None = None) -> tuple[Rating, ...]:
    """Band every review, in :func:`rank` order.

    Raises:
        ValidationError: two reviews of one rep.

    >>> from salesmgmt import Period
    >>> from salesmgmt.reviews import RatingScale, Review, ReviewLine, rate
    >>> def one_line(rep_id, total):  # a review whose only line contributes ``total``
    ...     t = Decimal(total)
    ...     line = ReviewLine("k", None, Decimal(1), t, Decimal(1), t)
    ...     return Review(rep_id, Period.month(2025, 3), (line,), t)
    >>> rs = [one_line(f"R-{i}", t) for i, t in enumerate(["1.1", "0.6", "0.3"])]
    >>> [(r.rep_id, r.band) for r in rate(rs)]
    [('R-0', 'S'), ('R-1', 'C'), ('R-2', 'D')]
    >>> forced = RatingScale([("top", "0.5"), ("rest", 0)], forced=("0.5", "0.5"))
    >>> [(r.rep_id, r.band) for r in rate(rs, forced)]
    [('R-0', 'top'), ('R-1', 'top'), ('R-2', 'rest')]
    """
    scale = RatingScale() if scale is None else scale
    check_type(scale, RatingScale, record="rate()", field="scale")
    ranked = rank(reviews)
    if scale.forced is None:
        return tuple(
            Rating(
                r.rep_id, r.total, r.rank, next(b for b, floor in scale.bands if r.total >= floor)
            )
            for r in ranked
        )
    sizes = allocate(len(ranked), list(scale.forced)) if ranked else ()
    result: list[Rating] = []
    band_index, filled = 0, 0
    for r in ranked:
        tied = bool(result) and result[-1].rank == r.rank
        while not tied and band_index < len(sizes) - 1 and filled >= sizes[band_index]:
            band_index, filled = band_index + 1, 0
        result.append(Rating(r.rep_id, r.total, r.rank, scale.bands[band_index][0]))
        filled += 1
    return tuple(result)
