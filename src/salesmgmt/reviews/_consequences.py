"""Rewards and penalties from ratings and violations; the team's longest and shortest boards.

The seed: "reward those who should be rewarded, punish those who should be
punished; mind the longest and the shortest board of the team".
:func:`consequences` turns :class:`~salesmgmt.reviews.Rating` bands and
discipline violations into :class:`Reward` and :class:`Penalty` Money lines
with reasons (the compensation issue consumes them); :func:`team_extremes`
names the best and the worst rep on every scorecard line.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs

from salesmgmt._checks import check_str, check_type, iter_chunks
from salesmgmt._decimal import to_decimal
from salesmgmt.activities import ExcessAbsence, ShortCalls
from salesmgmt.errors import CurrencyMismatch, PolicyError, ValidationError
from salesmgmt.money import Money, scale
from salesmgmt.reviews._review import Rating, Review

__all__ = [
    "Consequence",
    "ConsequencePolicy",
    "Extreme",
    "Penalty",
    "Reward",
    "consequences",
    "team_extremes",
]

_RECORD = "ConsequencePolicy"


def _multipliers(value: object) -> tuple[tuple[str, Decimal], ...]:
    items = check_type(value, (tuple, list), record=_RECORD, field="multipliers")
    pairs = []
    for i, item in enumerate(items):
        pair = check_type(item, (tuple, list), record=_RECORD, field=f"multipliers[{i}]")
        if len(pair) != 2:
            raise ValidationError.for_field(_RECORD, f"multipliers[{i}]", item, "a (band, x) pair")
        band = check_str(pair[0], record=_RECORD, field=f"multipliers[{i}][0]", max_length=20)
        factor = to_decimal(
            pair[1], record=_RECORD, field=f"multipliers[{i}][1]", max_abs_exponent=3
        )
        if factor < 0:
            raise PolicyError.for_field(_RECORD, f"multipliers[{i}][1]", factor, "at least 0")
        pairs.append((band, factor))
    if len({band for band, _ in pairs}) != len(pairs):
        raise PolicyError.for_field(_RECORD, "multipliers", value, "one multiplier per band")
    return tuple(pairs)


def _amounts(policy: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None and attribute.name != "base_bonus":
        return
    money = check_type(value, Money, record=_RECORD, field=attribute.name)
    if money.amount < 0:
        raise ValidationError.for_field(_RECORD, attribute.name, value, "a Money of at least 0")
    if money.currency != policy.base_bonus.currency:
        raise CurrencyMismatch.between(policy.base_bonus.currency, money.currency, record=_RECORD)


@attrs.frozen
class ConsequencePolicy:
    """How ratings and violations become rewards and penalties.

    Args:
        base_bonus: the bonus a rep rated at multiplier 1 receives.
        multipliers: ``(band, x)`` pairs: the reward is ``base_bonus x x``
            (rounded half-up to the minor unit); bands not listed get nothing.
            Default S 1.5, A 1.2, B 1.0, C 0.5, D 0.
        fine_per_short_day: fine per day short of calls (default none).
        fine_per_call_short: fine per missing call (default none).
        fine_per_absence: fine per unexcused absence beyond the allowance.
        fine_cap: the most one rep is fined in one period (default no cap).

    Raises:
        CurrencyMismatch: amounts in different currencies.

    >>> from salesmgmt import Money
    >>> from salesmgmt.reviews import ConsequencePolicy
    >>> ConsequencePolicy(Money(1000, "CNY"), fine_per_short_day=Money(50, "CNY")).multipliers[0]
    ('S', Decimal('1.5'))
    """

    base_bonus: Money = attrs.field(validator=_amounts)
    multipliers: tuple[tuple[str, Decimal], ...] = attrs.field(
        default=(("S", "1.5"), ("A", "1.2"), ("B", "1.0"), ("C", "0.5"), ("D", "0")),
        kw_only=True,
        converter=_multipliers,
    )
    fine_per_short_day: Money | None = attrs.field(default=None, kw_only=True, validator=_amounts)
    fine_per_call_short: Money | None = attrs.field(default=None, kw_only=True, validator=_amounts)
    fine_per_absence: Money | None = attrs.field(default=None, kw_only=True, validator=_amounts)
    fine_cap: Money | None = attrs.field(default=None, kw_only=True, validator=_amounts)


def _line(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    record = type(instance).__name__
    if attribute.name == "amount":
        money = check_type(value, Money, record=record, field="amount")
        if money.amount <= 0:
            raise ValidationError.for_field(record, "amount", value, "a positive Money")
    else:
        check_str(value, record=record, field=attribute.name, max_length=2000)


@attrs.frozen
class Reward:
    """A bonus for a rep, with its reason.

    >>> from salesmgmt import Money
    >>> from salesmgmt.reviews import Reward
    >>> Reward("R-1", Money(1500, "CNY"), "Rated S: 1.5 x the base bonus.").amount
    Money('1500.00', 'CNY')
    """

    rep_id: str = attrs.field(validator=_line)
    amount: Money = attrs.field(validator=_line)
    reason: str = attrs.field(validator=_line)


@attrs.frozen
class Penalty:
    """A fine for a rep, with its reason (the facts and the rule).

    >>> from salesmgmt import Money
    >>> from salesmgmt.reviews import Penalty
    >>> Penalty("R-1", Money(100, "CNY"), "2 short day(s) x 50.00 CNY.").reason[:6]
    '2 shor'
    """

    rep_id: str = attrs.field(validator=_line)
    amount: Money = attrs.field(validator=_line)
    reason: str = attrs.field(validator=_line)


Consequence = Reward | Penalty
"""A reward or a penalty line; consume with ``match``."""


def _fines(
    found: list[ShortCalls | ExcessAbsence], policy: ConsequencePolicy
) -> tuple[Money, list[str]]:
    zero = Money.zero(policy.base_bonus.currency)
    amount, reasons = zero, []
    for item in found:
        match item:
            case ShortCalls():
                per_day = policy.fine_per_short_day or zero
                per_call = policy.fine_per_call_short or zero
                fine = per_day * item.days_short + per_call * item.calls_short
                if fine:
                    reasons.append(
                        f"{item.days_short} short day(s) x {per_day}"
                        f" + {item.calls_short} missing call(s) x {per_call} = {fine}"
                    )
            case ExcessAbsence():
                per_absence = policy.fine_per_absence or zero
                fine = per_absence * item.excess
                if fine:
                    reasons.append(
                        f"{item.excess} absence(s) beyond the allowance x {per_absence} = {fine}"
                    )
        amount += fine
    return amount, reasons


def consequences(
    ratings: Iterable[Rating],
    violations: Iterable[ShortCalls | ExcessAbsence],
    policy: ConsequencePolicy,
) -> tuple[Consequence, ...]:
    """Rewards by rating band and fines by violation, as Money lines with reasons.

    Fines add up per rep and stop at ``policy.fine_cap``; a rep with both a
    reward and a fine gets both lines (the compensation step nets them).
    Sorted by rep id, the reward before the penalty; zero amounts give no line.

    Raises:
        WrongType: items of the wrong type.
        ValidationError: two ratings for one rep.

    >>> import datetime as dt
    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.activities import ShortCalls
    >>> from salesmgmt.reviews import ConsequencePolicy, Rating, consequences
    >>> policy = ConsequencePolicy(Money(1000, "CNY"), fine_per_short_day=Money(50, "CNY"))
    >>> short = ShortCalls("R-2", Period.month(2025, 3), (dt.date(2025, 3, 3),), 5, 20)
    >>> for line in consequences([Rating("R-1", Decimal("1.1"), 1, "S")], [short], policy):
    ...     print(type(line).__name__, line.rep_id, line.amount)
    ...     print("  ", line.reason)
    Reward R-1 1500.00 CNY
       Rated S (total 1.1): 1.5 x the base bonus 1000.00 CNY.
    Penalty R-2 50.00 CNY
       1 short day(s) x 50.00 CNY + 5 missing call(s) x 0.00 CNY = 50.00 CNY.
    """
    record = "consequences()"
    check_type(policy, ConsequencePolicy, record=record, field="policy")
    factors = dict(policy.multipliers)
    lines: dict[str, list[Consequence]] = {}
    seen: set[str] = set()
    for chunk in iter_chunks(ratings, record=record, field="ratings"):
        for rating in chunk:
            check_type(rating, Rating, record=record, field="ratings[]")
            if rating.rep_id in seen:
                raise ValidationError.for_field(
                    record, "ratings", rating.rep_id, "one rating per rep"
                )
            seen.add(rating.rep_id)
            factor = factors.get(rating.band, Decimal(0))
            bonus = scale(policy.base_bonus, factor, rounding=decimal.ROUND_HALF_UP)
            if bonus:
                reason = (
                    f"Rated {rating.band} (total {rating.total}): {factor} x the base bonus"
                    f" {policy.base_bonus}."
                )
                lines.setdefault(rating.rep_id, []).append(Reward(rating.rep_id, bonus, reason))
    by_rep: dict[str, list[ShortCalls | ExcessAbsence]] = {}
    for chunk in iter_chunks(violations, record=record, field="violations"):
        for item in chunk:
            check_type(item, (ShortCalls, ExcessAbsence), record=record, field="violations[]")
            by_rep.setdefault(item.rep_id, []).append(item)
    for rep_id, found in by_rep.items():
        found.sort(key=lambda v: (type(v).__name__, v.period))
        amount, reasons = _fines(found, policy)
        if policy.fine_cap is not None and amount > policy.fine_cap:
            reasons.append(f"capped at {policy.fine_cap}")
            amount = policy.fine_cap
        if amount:
            reason = "; ".join(reasons) + "."
            lines.setdefault(rep_id, []).append(Penalty(rep_id, amount, reason))
    return tuple(line for rep_id in sorted(lines) for line in lines[rep_id])


def _extreme_field(extreme: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validator of :class:`Extreme`: a line key, rep ids, finite scores, best >= worst."""
    name = attribute.name
    if name.endswith("score"):
        number = check_type(value, Decimal, record="Extreme", field=name)
        if not number.is_finite():
            raise ValidationError.for_field("Extreme", name, value, "a finite Decimal")
        if name == "worst_score" and number > extreme.best_score:
            raise ValidationError.for_field(
                "Extreme", name, value, f"at most the best score {extreme.best_score}"
            )
    else:
        check_str(value, record="Extreme", field=name, max_length=64)


@attrs.frozen
class Extreme:
    """The longest and the shortest board on one scorecard line (or ``"total"``).

    >>> from decimal import Decimal
    >>> from salesmgmt.reviews import Extreme
    >>> print(Extreme("phone_calls", "R-1", Decimal(1), "R-7", Decimal("0.2")).sentence)
    phone_calls: best R-1 (1), worst R-7 (0.2).
    """

    key: str = attrs.field(validator=_extreme_field)
    best_rep_id: str = attrs.field(validator=_extreme_field)
    best_score: Decimal = attrs.field(validator=_extreme_field)
    worst_rep_id: str = attrs.field(validator=_extreme_field)
    worst_score: Decimal = attrs.field(validator=_extreme_field)

    @property
    def sentence(self) -> str:
        """The finding in words.

        >>> from decimal import Decimal
        >>> Extreme("total", "R-1", Decimal("0.9"), "R-2", Decimal("0.4")).sentence
        'total: best R-1 (0.9), worst R-2 (0.4).'
        """
        return (
            f"{self.key}: best {self.best_rep_id} ({self.best_score}),"
            f" worst {self.worst_rep_id} ({self.worst_score})."
        )


def team_extremes(reviews: Iterable[Review]) -> tuple[Extreme, ...]:
    """The best and the worst rep on every scorecard line and on the total.

    Lines are matched by key and listed by key, ``"total"`` last; ties go to the
    smaller rep id (for both best and worst), so the result does not depend on
    input order. No reviews, no extremes.

    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.reviews import RepFacts, Scorecard, review, team_extremes
    >>> march, card = Period.month(2025, 3), Scorecard.default()
    >>> a = review("A", march, RepFacts("A", march, Money(0, "USD"), calls=400), card)
    >>> b = review("B", march, RepFacts("B", march, Money(0, "USD"), calls=100), card)
    >>> [e.sentence for e in team_extremes([b, a]) if e.key in ("phone_calls", "total")]
    ['phone_calls: best A (1), worst B (0.25).', 'total: best A (0.2), worst B (0.14).']
    >>> team_extremes([])
    ()
    """
    best: dict[str, tuple[Decimal, str]] = {}
    worst: dict[str, tuple[Decimal, str]] = {}
    for chunk in iter_chunks(reviews, record="team_extremes()", field="reviews"):
        for item in chunk:
            check_type(item, Review, record="team_extremes()", field="reviews[]")
            scores = [(line.key, line.score) for line in item.lines] + [("total", item.total)]
            for key, value in scores:
                # Compare, never negate: unary minus would round in the caller's context.
                top = best.get(key)
                if top is None or value > top[0] or (value == top[0] and item.rep_id < top[1]):
                    best[key] = (value, item.rep_id)
                if key not in worst or (value, item.rep_id) < worst[key]:
                    worst[key] = (value, item.rep_id)
    return tuple(
        Extreme(key, best[key][1], best[key][0], worst[key][1], worst[key][0])
        for key in sorted(best, key=lambda k: (k == "total", k))
    )
