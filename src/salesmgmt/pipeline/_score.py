"""Deal score: an evidence-based qualification score from 0 to 100 that says why.

"Which customer is most likely to sign, and what fact proves it?" (SEEDS, 抓单).
:func:`deal_score` adds four parts, each capped by :class:`ScorePolicy`:

* **evidence** (default 60 points): the catalogue weights of the distinct kinds
  of objective evidence on the deal, as a share of ``evidence_full`` (default
  60 weight units), capped at the full points. Notes never count.
* **touches** (default 20): follow-ups as a share of ``touch_target`` (default 8,
  the seeds' "deals close after 8–11 follow-ups"), capped.
* **recency** (default 10): full points for a touch or evidence today, falling
  linearly to zero at ``recency_days`` (default 30) days. Needs ``as_of``;
  without it recency scores 0.
* **stage** (default 10): the stage's probability times the points.

The score is the exact sum rounded half-up to one decimal. Adding objective
evidence never lowers it: the evidence part only grows with more kinds, and
a newer date only raises recency. :func:`most_likely_to_close` ranks open deals
by score, then by close date. See ``docs/metrics/forecast.md``.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any, Final

import attrs

from salesmgmt._checks import check_date, check_int, check_str, check_type
from salesmgmt._decimal import RATIO, to_decimal
from salesmgmt.errors import PolicyError, ValidationError, WrongType
from salesmgmt.pipeline._common import as_known, check_deals, deal_record, stage_map, stage_of
from salesmgmt.pipeline._deals import EvidenceCatalogue, Opportunity
from salesmgmt.pipeline._history import deal_as_of
from salesmgmt.pipeline._model import StageModel

__all__ = ["DealScore", "ScorePolicy", "deal_score", "most_likely_to_close"]

_TENTH: Final = Decimal("0.1")
_RECORD: Final = "ScorePolicy"


def _points(value: object, name: str = "points") -> Decimal:
    number = to_decimal(value, record=_RECORD, field=name, max_abs_exponent=4)
    if number < 0:
        raise ValidationError.for_field(_RECORD, name, value, "at least 0")
    return number


def _evidence_points(value: object) -> Decimal:
    return _points(value, "evidence_points")


def _touch_points(value: object) -> Decimal:
    return _points(value, "touch_points")


def _recency_points(value: object) -> Decimal:
    return _points(value, "recency_points")


def _stage_points(value: object) -> Decimal:
    return _points(value, "stage_points")


def _evidence_full(value: object) -> Decimal:
    number = to_decimal(value, record=_RECORD, field="evidence_full", max_abs_exponent=6)
    if number <= 0:
        raise ValidationError.for_field(_RECORD, "evidence_full", value, "greater than 0")
    return number


def _int_in(low: int, high: int) -> Callable[[object, attrs.Attribute[Any], object], None]:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        check_int(value, record=_RECORD, field=attribute.name, min_value=low, max_value=high)

    return check


@attrs.frozen
class ScorePolicy:
    """How :func:`deal_score` weighs evidence, touches, recency and stage.

    The four ``*_points`` must sum to 100, so a score lies in [0, 100].

    Attributes:
        catalogue: the evidence kinds and their weights (default
            :meth:`EvidenceCatalogue.default`); kinds outside it score 0.
        evidence_points: the most evidence can earn (default 60).
        evidence_full: the weight sum that earns all evidence points (default 60).
        touch_points: the most follow-ups can earn (default 20).
        touch_target: touches that earn all touch points (default 8).
        recency_points: the most recency can earn (default 10).
        recency_days: days after the last touch or evidence at which recency
            reaches zero (default 30).
        stage_points: the most the stage can earn, times its probability
            (default 10).

    >>> from salesmgmt.pipeline import ScorePolicy
    >>> ScorePolicy().touch_target
    8
    >>> ScorePolicy(evidence_points=70)
    Traceback (most recent call last):
      ...
    salesmgmt.errors.PolicyError: ScorePolicy: 'points' must be a sum of 100 ...
    """

    catalogue: EvidenceCatalogue = attrs.field(
        factory=EvidenceCatalogue.default,
        validator=lambda i, a, v: check_type(v, EvidenceCatalogue, record=_RECORD, field=a.name),
    )
    evidence_points: Decimal = attrs.field(default=Decimal(60), converter=_evidence_points)
    evidence_full: Decimal = attrs.field(default=Decimal(60), converter=_evidence_full)
    touch_points: Decimal = attrs.field(default=Decimal(20), converter=_touch_points)
    touch_target: int = attrs.field(
        default=8,
        validator=_int_in(1, 10**6),
    )
    recency_points: Decimal = attrs.field(default=Decimal(10), converter=_recency_points)
    recency_days: int = attrs.field(
        default=30,
        validator=_int_in(1, 10**6),
    )
    stage_points: Decimal = attrs.field(default=Decimal(10), converter=_stage_points)

    def __attrs_post_init__(self) -> None:
        parts = (self.evidence_points, self.touch_points, self.recency_points, self.stage_points)
        if sum(Fraction(p) for p in parts) != 100:
            raise PolicyError.for_field(
                _RECORD,
                "points",
                tuple(str(p) for p in parts),
                "a sum of 100 (evidence + touch + recency + stage points)",
            )


def _decimal(value: Fraction) -> Decimal:
    exact = RATIO.divide(Decimal(value.numerator), Decimal(value.denominator))
    return exact.quantize(_TENTH, rounding=ROUND_HALF_UP, context=RATIO)


def _check_id(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    check_str(value, record="DealScore", field=attribute.name)


def _check_close_date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if check_date(value, record="DealScore", field=attribute.name) != value:
        raise WrongType.for_field("DealScore", attribute.name, value, "a datetime.date")


def _check_points(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _bounded(value, attribute.name)


def _bounded(value: object, field: str) -> Decimal:
    number = check_type(value, Decimal, record="DealScore", field=field)
    if not number.is_finite() or not 0 <= number <= 100:
        raise ValidationError.for_field("DealScore", field, value, "a Decimal between 0 and 100")
    return number


def _check_pairs(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    items = check_type(value, tuple, record="DealScore", field="evidence")
    for index, pair in enumerate(items):
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise ValidationError.for_field(
                "DealScore", f"evidence[{index}]", pair, "a (kind, points) pair"
            )
        check_str(pair[0], record="DealScore", field=f"evidence[{index}].kind")
        _bounded(pair[1], f"evidence[{index}].points")


def _check_facts(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    items = check_type(value, tuple, record="DealScore", field="facts")
    for index, item in enumerate(items):
        check_str(item, record="DealScore", field=f"facts[{index}]", max_length=2000)


@attrs.frozen
class DealScore:
    """A deal's score with its breakdown and the facts behind it.

    ``evidence`` holds each evidence kind's contribution in points (one decimal);
    ``facts`` are sentences naming the evidence, touches and stage. Parts are
    rounded for display, so they may differ from ``score`` by a tenth.

    >>> import datetime as dt
    >>> from decimal import Decimal
    >>> from salesmgmt.pipeline import DealScore
    >>> s = DealScore("O-1", dt.date(2025, 3, 31), Decimal("42.5"),
    ...               (("budget_confirmed", Decimal("15")),),
    ...               Decimal("15"), Decimal("17.5"), Decimal("6"), Decimal("4"), ("a fact",))
    >>> s.score
    Decimal('42.5')
    """

    opportunity_id: str = attrs.field(validator=_check_id)
    close_date: dt.date = attrs.field(validator=_check_close_date)
    score: Decimal = attrs.field(validator=_check_points)
    evidence: tuple[tuple[str, Decimal], ...] = attrs.field(validator=_check_pairs)
    evidence_points: Decimal = attrs.field(validator=_check_points)
    touch_points: Decimal = attrs.field(validator=_check_points)
    recency_points: Decimal = attrs.field(validator=_check_points)
    stage_points: Decimal = attrs.field(validator=_check_points)
    facts: tuple[str, ...] = attrs.field(validator=_check_facts)


_Prepared = tuple[dict[str, Fraction], Fraction, Fraction, Fraction, Fraction, Fraction]


def _prepare(policy: ScorePolicy) -> _Prepared:
    """The policy's numbers as Fractions, computed once per call."""
    return (
        {kind: Fraction(weight) for kind, weight in policy.catalogue.weights},
        Fraction(policy.evidence_points),
        Fraction(policy.evidence_full),
        Fraction(policy.touch_points),
        Fraction(policy.recency_points),
        Fraction(policy.stage_points),
    )


_ONE: Final = Fraction(1)
_ZERO: Final = Fraction(0)


def _parts(
    deal: Opportunity,
    policy: ScorePolicy,
    prepared: _Prepared,
    probability: Decimal,
    as_of: dt.date | None,
) -> tuple[dict[str, Any], Fraction, Fraction, Fraction, Fraction, Fraction]:
    """The first evidence item per kind, the counted weight total and the four parts."""
    weights, evidence_points, full, touch_points, recency_points, stage_points = prepared
    first: dict[str, Any] = {}
    for item in sorted(deal.evidence, key=lambda e: (e.on, e.kind, e.detail)):
        first.setdefault(item.kind, item)
    total = sum((weights[kind] for kind in first if kind in weights), _ZERO)
    evidence = evidence_points * min(_ONE, total / full) if total else _ZERO
    touches = touch_points * min(_ONE, Fraction(len(deal.touches), policy.touch_target))
    recency = _ZERO
    if as_of is not None:
        days = [touch.on for touch in deal.touches] + [fact.on for fact in deal.evidence]
        if days:
            idle = max(0, (as_of - max(days)).days)
            remaining = max(0, policy.recency_days - idle)
            recency = recency_points * Fraction(remaining, policy.recency_days)
    stage = stage_points * Fraction(probability)
    return first, total, evidence, touches, recency, stage


def _score(
    deal: Opportunity, policy: ScorePolicy, probability: Decimal, as_of: dt.date | None
) -> DealScore:
    prepared = _prepare(policy)
    weights = prepared[0]
    first, total, evidence, touches, recency, stage = _parts(
        deal, policy, prepared, probability, as_of
    )
    counted = {kind: weights[kind] for kind in first if kind in weights}
    scale = Fraction(policy.evidence_points) / max(total, Fraction(policy.evidence_full))
    facts = []
    for kind in sorted(first):
        item = first[kind]
        detail = f" ({item.detail})" if item.detail else ""
        note = "" if kind in weights else " — not in the catalogue, 0 points"
        facts.append(f"{deal.opportunity_id}: {kind} on {item.on}{detail}{note}")
    facts.append(
        f"{deal.opportunity_id}: {len(deal.touches)} touches (target {policy.touch_target})"
    )
    days = [touch.on for touch in deal.touches] + [fact.on for fact in deal.evidence]
    if as_of is not None and days:
        last = max(days)
        idle = max(0, (as_of - last).days)
        facts.append(f"{deal.opportunity_id}: last touch or evidence on {last} ({idle} days ago)")
    facts.append(
        f"{deal.opportunity_id}: stage {deal.stage} ({_decimal(Fraction(probability) * 100)}%)"
    )
    return DealScore(
        deal.opportunity_id,
        deal.close_date,
        _decimal(evidence + touches + recency + stage),
        tuple((kind, _decimal(counted[kind] * scale)) for kind in sorted(counted)),
        _decimal(evidence),
        _decimal(touches),
        _decimal(recency),
        _decimal(stage),
        tuple(facts),
    )


def deal_score(
    deal: Opportunity,
    policy: ScorePolicy | None = None,
    *,
    model: StageModel | None = None,
    as_of: dt.date | None = None,
) -> DealScore:
    """Score one deal from 0 to 100 by its objective evidence, touches, recency and stage.

    Args:
        deal: the opportunity.
        policy: the weights (default :class:`ScorePolicy`).
        model: gives the stage's probability (default :meth:`StageModel.default`).
        as_of: score the deal as it stood at the end of this day; also the "now"
            recency is measured from. Without it recency scores 0.

    Raises:
        UnknownReference: the deal's stage is not in the model.
        ValidationError: the deal was created after ``as_of``.

    >>> import datetime as dt
    >>> from salesmgmt.money import Money
    >>> from salesmgmt.pipeline import Evidence, Opportunity, Touch
    >>> from salesmgmt.pipeline import deal_score
    >>> d = dt.date(2025, 3, 3)
    >>> deal = Opportunity("O-1", "A-1", "R-1", Money(900, "USD"), d, dt.date(2025, 3, 31),
    ...     "Negotiation", evidence=[Evidence("discount_requested", d, detail="CEO asked")],
    ...     touches=[Touch(d, "call")] * 4)
    >>> s = deal_score(deal, as_of=dt.date(2025, 3, 9))
    >>> s.score, s.evidence_points, s.touch_points, s.recency_points, s.stage_points
    (Decimal('34.0'), Decimal('10.0'), Decimal('10.0'), Decimal('8.0'), Decimal('6.0'))
    >>> s.facts[0]
    'O-1: discount_requested on 2025-03-03 (CEO asked)'
    """
    record = "deal_score()"
    check_type(deal, Opportunity, record=record, field="deal")
    rules = ScorePolicy() if policy is None else policy
    check_type(rules, ScorePolicy, record=record, field="policy")
    stages = stage_map(StageModel.default() if model is None else model, record)
    day = None if as_of is None else check_date(as_of, record=record, field="as_of")
    known = deal if day is None else deal_as_of(deal, day)
    if known is None:
        raise ValidationError.for_field(
            deal_record(deal), "created_on", deal.created_on, f"on or before as_of={day!r}"
        )
    return _score(known, rules, stage_of(known, stages).probability, day)


def most_likely_to_close(
    deals: Iterable[Opportunity],
    as_of: dt.date,
    n: int,
    *,
    model: StageModel,
    policy: ScorePolicy | None = None,
) -> tuple[DealScore, ...]:
    """The ``n`` open deals most likely to sign: highest score first, then the
    earliest close date, then the deal id. Each comes with its facts.

    Deals are taken as they stood at the end of ``as_of``; won and lost deals
    are left out. O(n log k) for the top k.

    >>> import datetime as dt
    >>> from salesmgmt.pipeline import StageModel
    >>> from salesmgmt.pipeline import most_likely_to_close
    >>> most_likely_to_close([], dt.date(2025, 3, 9), 5, model=StageModel.default())
    ()
    """
    record = "most_likely_to_close()"
    items = check_deals(deals, record)
    day = check_date(as_of, record=record, field="as_of")
    count = check_int(n, record=record, field="n", min_value=0, max_value=10**9)
    stages = stage_map(model, record)
    rules = ScorePolicy() if policy is None else policy
    check_type(rules, ScorePolicy, record=record, field="policy")
    prepared = _prepare(rules)
    ranked = []
    for deal in as_known(items, day):
        stage = stage_of(deal, stages)
        if stage.is_open:
            parts = _parts(deal, rules, prepared, stage.probability, day)
            score = _decimal(sum(parts[2:], Fraction(0)))
            ranked.append((-score, deal.close_date, deal.opportunity_id, deal, stage.probability))
    top = heapq.nsmallest(count, ranked, key=lambda row: row[:3])
    return tuple(_score(row[3], rules, row[4], day) for row in top)
