"""Renewals at risk, and why a health score changed.

:func:`renewals_at_risk` lists the subscriptions due for renewal within a
horizon, ranked by value × risk, each with the signals that drove its score.
:func:`explain_change` splits the change of an account's health score between
two days into each signal's contribution, exactly: the contributions add up to
the change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Final

import attrs

from salesmgmt._checks import check_date, check_int, check_iterable, check_type
from salesmgmt._decimal import EXACT, RATIO
from salesmgmt.errors import CurrencyMismatch, PolicyError, ValidationError
from salesmgmt.money import Money
from salesmgmt.renewals._health import (
    HealthPolicy,
    HealthScore,
    SignalScore,
    scores_from_tally,
    tally_for,
)
from salesmgmt.renewals._signals import UsageSignal
from salesmgmt.renewals._subscriptions import Subscription

__all__ = [
    "AtRiskRenewal",
    "ScoreChange",
    "SignalContribution",
    "explain_change",
    "renewals_at_risk",
]

_HUNDRED: Final = Decimal(100)
_MAX_HORIZON: Final = 3660


@attrs.frozen
class AtRiskRenewal:
    """One renewal due within the horizon, with its risk and the signals behind it.

    Attributes:
        rank: 1 for the largest exposure.
        subscription_id: the subscription due.
        account_id: its account.
        ends_on: its last day of service (the renewal date is the day after).
        days_left: days from ``as_of`` to ``ends_on``.
        mrr: the monthly value at stake.
        score: the account's health score (``None`` without usage data).
        band: the score's band (``None`` without a score).
        risk: ``(100 − score) / 100``, or the policy's ``unknown_risk``.
        exposure: ``mrr × risk``, rounded half up to minor units.
        drivers: sentences for the weakest weighted signals, weakest first.
        sentence: the facts in words.

    >>> import datetime as dt
    >>> from salesmgmt import Money
    >>> from salesmgmt.renewals._risk import AtRiskRenewal
    >>> r = AtRiskRenewal(1, "S-1", "A-1", dt.date(2025, 4, 30), 30, Money(100, "USD"),
    ...                   None, None, Decimal("0.5"), Money(50, "USD"), (), "")
    >>> r.exposure
    Money('50.00', 'USD')
    """

    rank: int
    subscription_id: str
    account_id: str
    ends_on: dt.date
    days_left: int
    mrr: Money
    score: Decimal | None
    band: str | None
    risk: Decimal
    exposure: Money
    drivers: tuple[str, ...]
    sentence: str


def _drivers(health: HealthScore, count: int) -> tuple[str, ...]:
    """The ``count`` signals losing the most weighted points, as sentences."""
    if health.score is None:
        return (health.sentence,)
    losing = [
        (s.weight * (_HUNDRED - s.score), s.kind, s.sentence)
        for s in health.signals
        if s.score is not None and s.weight and s.score < _HUNDRED
    ]
    losing.sort(key=lambda item: (-item[0], item[1]))
    return tuple(sentence for _, _, sentence in losing[:count])


def renewals_at_risk(
    subscriptions: Iterable[Subscription],
    signals: Iterable[UsageSignal],
    as_of: dt.date,
    horizon_days: int,
    policy: HealthPolicy | None = None,
    *,
    segments: Mapping[str, str] | None = None,
) -> tuple[AtRiskRenewal, ...]:
    """The renewals due within ``horizon_days`` of ``as_of``, ranked by value × risk.

    A subscription is due when its ``ends_on`` falls in ``(as_of, as_of +
    horizon_days]`` and it was not cancelled on or before ``as_of`` (a
    cancelled one is a known loss, counted by the renewal rate, not a risk;
    open-ended subscriptions have no renewal date). Risk is ``(100 − health) /
    100``; an account without a score gets ``policy.unknown_risk``. The value is
    the MRR, so the ranking is by MRR × risk (ARR would rank the same). Ties go
    to the earlier ``ends_on``, then the smaller subscription id.

    Args:
        subscriptions: :class:`Subscription` values, in any order (ids distinct).
        signals: the usage signals of all accounts (peers included).
        as_of: the day the ranking is made.
        horizon_days: how far ahead to look, 1 to 3660 days.
        policy: the :class:`HealthPolicy` (default ``HealthPolicy()``).
        segments: account id → segment for the peer measure (see ``health``).

    Raises:
        CurrencyMismatch: the due subscriptions' MRR is in more than one
            currency (convert them first with ``convert``).
        ValidationError: two subscriptions share an id.

    >>> import datetime as dt
    >>> from salesmgmt import Money
    >>> from salesmgmt.renewals import Subscription
    >>> from salesmgmt.renewals._signals import UsageSignal
    >>> from salesmgmt.renewals._risk import renewals_at_risk
    >>> day = dt.date(2025, 3, 31)
    >>> subs = [Subscription("S-1", "A-1", Money(100, "USD"), dt.date(2024, 5, 1), dt.date(2025, 4, 30)),
    ...         Subscription("S-2", "A-2", Money(300, "USD"), dt.date(2024, 5, 1), dt.date(2025, 4, 15))]
    >>> pts = [UsageSignal("A-1", "messages", day, 5), UsageSignal("A-2", "messages", day, 1)]
    >>> [(r.rank, r.subscription_id, r.score, r.exposure) for r in renewals_at_risk(subs, pts, day, 30)]
    [(1, 'S-2', Decimal('66.67'), Money('99.99', 'USD')), (2, 'S-1', Decimal('100.00'), Money('0.00', 'USD'))]
    >>> renewals_at_risk([], [], day, 30)
    ()
    """  # noqa: E501
    record = "renewals_at_risk()"
    as_of = check_date(as_of, record=record, field="as_of")
    horizon = check_int(
        horizon_days, record=record, field="horizon_days", min_value=1, max_value=_MAX_HORIZON
    )
    chosen = (
        HealthPolicy()
        if policy is None
        else check_type(policy, HealthPolicy, record=record, field="policy")
    )
    items = check_iterable(subscriptions, record=record, field="subscriptions")
    last = as_of.toordinal() + horizon
    due: list[tuple[Subscription, dt.date]] = []
    seen: set[str] = set()
    currency: str | None = None
    for item in items:
        sub = check_type(item, Subscription, record=record, field="subscriptions[]")
        if sub.subscription_id in seen:
            raise ValidationError.for_field(
                f"Subscription {sub.subscription_id!r}",
                "subscription_id",
                sub.subscription_id,
                "unique among the subscriptions given",
            )
        seen.add(sub.subscription_id)
        ends = sub.ends_on
        if ends is None or not as_of < ends or ends.toordinal() > last:
            continue
        if sub.cancelled_on is not None and sub.cancelled_on <= as_of:
            continue
        if currency is None:
            currency = sub.mrr.currency
        elif sub.mrr.currency != currency:
            raise CurrencyMismatch.between(currency, sub.mrr.currency, record=record)
        due.append((sub, ends))
    tally = tally_for(signals, as_of, chosen, record)
    scores = scores_from_tally(
        tally, sorted({s.account_id for s, _ in due}), as_of, chosen, segments, record
    )
    ranked: list[tuple[Decimal, dt.date, str, Subscription, Decimal]] = []
    for sub, ends in due:
        score = scores[sub.account_id].score
        risk = chosen.unknown_risk if score is None else EXACT.divide(_HUNDRED - score, _HUNDRED)
        ranked.append((EXACT.multiply(sub.mrr.amount, risk), ends, sub.subscription_id, sub, risk))
    ranked.sort(key=lambda row: (-row[0], row[1], row[2]))
    out = []
    for rank, (_, ends_on, sub_id, sub, risk) in enumerate(ranked, start=1):
        health = scores[sub.account_id]
        exposure = Money.of(
            EXACT.multiply(sub.mrr.amount, risk), sub.mrr.currency, rounding=ROUND_HALF_UP
        )
        days_left = ends_on.toordinal() - as_of.toordinal()
        drivers = _drivers(health, chosen.max_drivers)
        shown = "no score" if health.score is None else f"health {health.score} ({health.band})"
        sentence = (
            f"Subscription {sub_id!r} of account {sub.account_id!r} ends on"
            f" {ends_on.isoformat()}, in {days_left} days: {sub.mrr} MRR × risk {risk}"
            f" = {exposure} at risk; {shown}"
            + (f"; {drivers[0]}." if drivers and health.score is not None else ".")
        )
        out.append(
            AtRiskRenewal(
                rank,
                sub_id,
                sub.account_id,
                ends_on,
                days_left,
                sub.mrr,
                health.score,
                health.band,
                risk,
                exposure,
                drivers,
                sentence,
            )
        )
    return tuple(out)


# -- why did the score change --------------------------------------------------------------


@attrs.frozen
class SignalContribution:
    """One signal's share of a score change (points, signed).

    >>> from salesmgmt.renewals._risk import SignalContribution
    >>> SignalContribution("messages", Decimal("-4.00"), "messages -4.00").points
    Decimal('-4.00')
    """

    kind: str
    points: Decimal
    sentence: str


@attrs.frozen
class ScoreChange:
    """How an account's health score changed between two scorings, by signal.

    Attributes:
        account_id: the account.
        before_on: the day of the first score.
        after_on: the day of the second score.
        score_before: the first score.
        score_after: the second score.
        change: ``score_after − score_before``.
        contributions: one :class:`SignalContribution` per signal that
            counted on either day, in catalogue order; their ``points`` sum to
            ``change`` exactly.
        sentence: the facts in words.

    >>> import datetime as dt
    >>> from salesmgmt.renewals._risk import ScoreChange
    >>> ScoreChange("A-1", dt.date(2025, 3, 3), dt.date(2025, 3, 31), Decimal(80),
    ...             Decimal(70), Decimal(-10), (), "").change
    Decimal('-10')
    """

    account_id: str
    before_on: dt.date
    after_on: dt.date
    score_before: Decimal
    score_after: Decimal
    change: Decimal
    contributions: tuple[SignalContribution, ...]
    sentence: str


def _scored(score: HealthScore, record: str, field: str) -> dict[str, tuple[Fraction, Fraction]]:
    """kind → (weight, score) of the signals that count, as exact fractions."""
    out = {
        s.kind: (Fraction(s.weight), Fraction(s.score))
        for s in score.signals
        if s.score is not None and s.weight
    }
    if not out:
        raise ValidationError.for_field(
            record,
            f"{field}.signals",
            score.signals,
            "a scored signal with a weight above 0",
            hint="Pass HealthScore values made by health() or score_accounts().",
        )
    return out


def _apportion(exact: list[Fraction], target: int) -> list[int]:
    """Integers that sum to ``target``, each as close to its exact share as the
    rounding allows (largest remainder; ties to the earlier position).

    ``target`` is the shown change, the exact shares add up to the unrounded one:
    the gap (usually under one unit, more when the two scores were shown with
    different decimals) is spread evenly, the remainder going to the largest
    fractional parts.
    """
    floors = [share.numerator // share.denominator for share in exact]
    even, extra = divmod(target - sum(floors), len(exact))
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    shares = [floor + even for floor in floors]
    for i in order[:extra]:
        shares[i] += 1
    return shares


def _places(score: Decimal) -> int:
    exponent = score.as_tuple().exponent
    return max(-exponent, 0) if isinstance(exponent, int) else 0


def _check_number(value: object, record: str, field: str, *, optional: bool) -> None:
    if value is None and optional:
        return
    number = check_type(value, Decimal, record=record, field=field)
    if not number.is_finite() or not -(10**6) <= number <= 10**6 or _places(number) > 6:
        raise ValidationError.for_field(
            record, field, value, "a finite number of at most 6 decimals below 10**6"
        )


def _check_scored(value: object, record: str, field: str) -> None:
    """A HealthScore whose numbers are Decimals (it may have been built by hand)."""
    score = check_type(value, HealthScore, record=record, field=field)
    _check_number(score.score, record, f"{field}.score", optional=True)
    check_date(score.as_of, record=record, field=f"{field}.as_of")
    signals = check_type(score.signals, tuple, record=record, field=f"{field}.signals")
    for i, signal in enumerate(signals):
        where = f"{field}.signals[{i}]"
        check_type(signal, SignalScore, record=record, field=where)
        check_type(signal.kind, str, record=record, field=f"{where}.kind")
        _check_number(signal.weight, record, f"{where}.weight", optional=False)
        _check_number(signal.score, record, f"{where}.score", optional=True)
        if signal.weight < 0:
            raise ValidationError.for_field(record, f"{where}.weight", signal.weight, "at least 0")


def _consistent(
    value: Decimal, scored: dict[str, tuple[Fraction, Fraction]], record: str, field: str
) -> Fraction:
    """The exact weighted mean of the scored signals; refuses a ``score`` that is not
    that mean rounded to its own decimals (a hand-built, inconsistent HealthScore
    would make the contributions not add up to the change)."""
    mean = sum((w * s for w, s in scored.values()), Fraction(0)) / sum(
        w for w, _ in scored.values()
    )
    half_unit = Fraction(1, 2 * 10 ** _places(value))
    if abs(Fraction(value) - mean) > half_unit:
        shown = RATIO.divide(Decimal(mean.numerator), Decimal(mean.denominator))
        raise ValidationError.for_field(
            record,
            f"{field}.score",
            value,
            f"the weighted mean of {field}.signals' scores ({shown}) rounded to its decimals",
            hint="Pass HealthScore values made by health() or score_accounts().",
        )
    return mean


def explain_change(before: HealthScore, after: HealthScore) -> ScoreChange | None:
    """Split ``after.score − before.score`` into each signal's contribution.

    With weights *w*, scored signal sets *B* (before) and *A* (after), their
    weight totals *W_A* and the exact old score *S_B*, a signal contributes

    * ``w · (s_after − s_before) / W_A`` when it counted on both days,
    * ``w · (s_after − S_B) / W_A`` when it only counted after (a signal that
      starts reporting above the old average lifts the score),
    * ``w · (S_B − s_before) / W_A`` when it only counted before (dropping a
      below-average signal lifts the score);

    these add up exactly to the change of the weighted mean, and a signal whose
    score did not move contributes 0. The shares are then rounded to the
    scores' decimals by the largest-remainder method, so the reported
    contributions sum exactly to the reported change.

    Returns:
        The :class:`ScoreChange`, or ``None`` when either day has no score.

    Raises:
        ValidationError: the two scores belong to different accounts, or a score
            is not its signals' weighted mean rounded to its decimals (a
            hand-built ``HealthScore``).
        PolicyError: they were scored with different weights or catalogues.

    >>> from datetime import date
    >>> from salesmgmt.renewals._health import HealthScore, SignalScore
    >>> from salesmgmt.renewals._risk import explain_change
    >>> def scored(day, views, msgs):
    ...     signals = (SignalScore("contact_views", Decimal(2), score=Decimal(views)),
    ...                SignalScore("messages", Decimal(1), score=Decimal(msgs)))
    ...     total = (2 * Decimal(views) + Decimal(msgs)) / 3
    ...     return HealthScore("A-1", day, total, None, signals, "")
    >>> march = scored(date(2025, 3, 3), 90, 60)
    >>> change = explain_change(march, scored(date(2025, 3, 31), 30, 60))
    >>> change.change, [(c.kind, c.points) for c in change.contributions]
    (Decimal('-40'), [('contact_views', Decimal('-40')), ('messages', Decimal('0'))])
    """
    record = "explain_change()"
    for field, value in (("before", before), ("after", after)):
        _check_scored(value, record, field)
    if before.account_id != after.account_id:
        raise ValidationError.for_field(
            record, "after", after.account_id, f"a score of account {before.account_id!r}"
        )
    kinds = [s.kind for s in after.signals]
    if [s.kind for s in before.signals] != kinds or any(
        b.weight != a.weight for b, a in zip(before.signals, after.signals, strict=True)
    ):
        raise PolicyError.for_field(
            record,
            "after",
            after.account_id,
            "scored with the same catalogue and weights",
            hint="Score both days with the same HealthPolicy.",
        )
    if before.score is None or after.score is None:
        return None
    old = _scored(before, record, "before")
    new = _scored(after, record, "after")
    old_mean = _consistent(before.score, old, record, "before")
    _consistent(after.score, new, record, "after")
    total_new = sum(w for w, _ in new.values())
    places = max(_places(before.score), _places(after.score))
    unit = 10**places
    used = [k for k in kinds if k in old or k in new]
    exact: list[Fraction] = []
    for kind in used:
        if kind in old and kind in new:
            gap = new[kind][1] - old[kind][1]
        elif kind in new:
            gap = new[kind][1] - old_mean
        else:
            gap = old_mean - old[kind][1]
        weight = (new.get(kind) or old[kind])[0]
        exact.append(weight * gap / total_new * unit)
    change = EXACT.subtract(after.score, before.score)
    target = int(change.scaleb(places, context=EXACT))
    shares = _apportion(exact, target)
    contributions = []
    shown = {s.kind: s.score for s in before.signals}, {s.kind: s.score for s in after.signals}
    for kind, share in zip(used, shares, strict=True):
        points = Decimal(share).scaleb(-places, context=EXACT)
        label = kind.replace("_", " ")
        if kind in old and kind in new:
            how = f"score {shown[0][kind]} → {shown[1][kind]}"
        elif kind in new:
            how = f"started reporting at {shown[1][kind]}; the others re-weighted"
        else:
            how = f"stopped reporting (was {shown[0][kind]}); the others re-weighted"
        sign = "+" if points > 0 else ""
        contributions.append(SignalContribution(kind, points, f"{label} {sign}{points} ({how})"))
    moved = sorted(contributions, key=lambda c: (-abs(c.points), c.kind))
    verb = "rose" if change > 0 else "fell" if change < 0 else "held"
    head = (
        f"Account {after.account_id!r} {verb} from {before.score} on"
        f" {before.as_of.isoformat()} to {after.score} on {after.as_of.isoformat()}"
    )
    detail = "; ".join(c.sentence for c in moved[:3] if c.points)
    return ScoreChange(
        after.account_id,
        before.as_of,
        after.as_of,
        before.score,
        after.score,
        change,
        tuple(contributions),
        head + (f": {detail}." if detail else "."),
    )
