"""Renewal rate (续费率): of the contracts due in a period, how many renewed.

A subscription is *due* in a period when its last day of service (``ends_on``)
falls in it. Each due subscription is resolved to exactly one status as of a
date:

* **renewed** — a :class:`~salesmgmt.renewals.Renewed`, :class:`Upgraded` or
  :class:`Downgraded` outcome decided it; or it auto-renews, its end has passed
  and no notice was given;
* **lost** — a :class:`~salesmgmt.renewals.Churned` outcome decided it; or the
  customer gave notice (``cancelled_on``); or the grace window closed with no
  renewal;
* **pending** — none of the above yet (left out of both rates).

The decision is the latest outcome dated on or before ``as_of`` inside the
window ``[ends_on − early_days, ends_on + grace_days]``. An early renewal (signed
before ``ends_on``) counts for the period the contract was due in; a late one
counts if signed within ``grace_days`` after ``ends_on``; after that the
contract is lost for its period (a later signature is new business or a
reactivation, not a renewal). So an outcome can only change the period whose
window contains its date: closed periods never move.

Catalogue: ``docs/metrics/renewals.md`` (renewal rate).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Final

import attrs

from salesmgmt._checks import check_date, check_int, check_type, iter_chunks
from salesmgmt._decimal import RATIO
from salesmgmt.errors import CurrencyMismatch, UnknownReference, ValidationError
from salesmgmt.money import Money
from salesmgmt.periods import Period
from salesmgmt.renewals._subscriptions import (
    OUTCOME_TYPES,
    Churned,
    Downgraded,
    RenewalOutcome,
    Renewed,
    Subscription,
    Upgraded,
    read_subscriptions,
)

__all__ = ["DEFAULT_GRACE_DAYS", "RenewalRate", "merge_renewal_rates", "renewal_rate"]

#: Days after ``ends_on`` in which a late renewal still counts (a month).
DEFAULT_GRACE_DAYS: Final = 30
_MAX_WINDOW: Final = 3660


def _money(instance: Any, attribute: Any, value: Any) -> None:
    money = check_type(
        value, Money, record="RenewalRate", field=attribute.name, expected="a Money"
    )
    if money.amount < 0:
        raise ValidationError.for_field(
            "RenewalRate", attribute.name, value, "a Money of at least zero"
        )


def _count(instance: Any, attribute: Any, value: Any) -> None:
    check_int(value, record="RenewalRate", field=attribute.name, min_value=0)


def _ids(instance: Any, attribute: Any, value: Any) -> None:
    ids = check_type(value, tuple, record="RenewalRate", field=attribute.name, expected="a tuple")
    if not all(isinstance(i, str) for i in ids) or list(ids) != sorted(set(ids)):
        raise ValidationError.for_field(
            "RenewalRate", attribute.name, value, "a sorted tuple of distinct subscription ids"
        )


def _ratio(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    if denominator.is_zero():
        return None
    result = RATIO.divide(numerator, denominator)
    return Decimal(0) if result.is_zero() else result


@attrs.frozen
class RenewalRate:
    """The renewals due in ``period``, resolved as of ``as_of``.

    Counts and MRR sums are the mergeable tally (:func:`merge_renewal_rates`);
    :attr:`by_count` and :attr:`by_value` are the finalised rates. MRR amounts are
    the due subscriptions' MRR before renewal; ``renewed_new_mrr`` is what the
    renewed ones pay afterwards (so ``renewed_new_mrr / renewed_mrr`` shows
    up- and downgrades at renewal).

    Raises:
        ValidationError: negative counts or amounts, ids not sorted and distinct,
            id tuples whose lengths disagree with the counts.
        CurrencyMismatch: amounts in different currencies.

    >>> import datetime as dt
    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.renewals import RenewalRate
    >>> usd = lambda x: Money(x, "USD")
    >>> r = RenewalRate(Period.month(2025, 3), dt.date(2025, 4, 30), usd(300), usd(100), usd(0),
    ...                 usd(320), renewed_ids=("S-1", "S-2"), lost_ids=("S-3",))
    >>> r.by_count, r.by_value
    (Decimal('0.6666666666666666666666666666666666666667'), Decimal('0.75'))
    """

    period: Period = attrs.field()
    as_of: dt.date = attrs.field()
    renewed_mrr: Money = attrs.field(validator=_money)
    lost_mrr: Money = attrs.field(validator=_money)
    pending_mrr: Money = attrs.field(validator=_money)
    renewed_new_mrr: Money = attrs.field(validator=_money)
    renewed_ids: tuple[str, ...] = attrs.field(default=(), kw_only=True, validator=_ids)
    lost_ids: tuple[str, ...] = attrs.field(default=(), kw_only=True, validator=_ids)
    pending_ids: tuple[str, ...] = attrs.field(default=(), kw_only=True, validator=_ids)

    @period.validator
    def _check_period(self, attribute: Any, value: Any) -> None:
        check_type(value, Period, record="RenewalRate", field="period", expected="a Period")

    @as_of.validator
    def _check_as_of(self, attribute: Any, value: Any) -> None:
        check_date(value, record="RenewalRate", field="as_of")

    def __attrs_post_init__(self) -> None:
        code = self.renewed_mrr.currency
        for name in ("lost_mrr", "pending_mrr", "renewed_new_mrr"):
            other = getattr(self, name).currency
            if other != code:
                raise CurrencyMismatch.between(code, other, record=f"RenewalRate ({name})")
        seen = set(self.renewed_ids)
        for name in ("lost_ids", "pending_ids"):
            ids = getattr(self, name)
            if seen.intersection(ids):
                raise ValidationError.for_field(
                    "RenewalRate", name, ids, "ids not listed under another status"
                )
            seen.update(ids)

    @property
    def due(self) -> int:
        """Subscriptions due in the period (renewed + lost + pending).

        >>> import datetime as dt
        >>> from salesmgmt import Money, Period
        >>> from salesmgmt.renewals import RenewalRate
        >>> z = Money(0, "USD")
        >>> RenewalRate(Period.month(2025, 3), dt.date(2025, 3, 1), z, z, z, z,
        ...             pending_ids=("S-1",)).due
        1
        """
        return len(self.renewed_ids) + len(self.lost_ids) + len(self.pending_ids)

    @property
    def by_count(self) -> Decimal | None:
        """Renewed ÷ (renewed + lost) subscriptions; ``None`` when none were decided.

        >>> import datetime as dt
        >>> from salesmgmt import Money, Period
        >>> from salesmgmt.renewals import RenewalRate
        >>> z = Money(0, "USD")
        >>> RenewalRate(Period.month(2025, 3), dt.date(2025, 3, 1), z, z, z, z).by_count is None
        True
        """
        decided = len(self.renewed_ids) + len(self.lost_ids)
        return _ratio(Decimal(len(self.renewed_ids)), Decimal(decided))

    @property
    def by_value(self) -> Decimal | None:
        """Renewed MRR ÷ (renewed + lost) MRR, before renewal; ``None`` when zero.

        >>> import datetime as dt
        >>> from salesmgmt import Money, Period
        >>> from salesmgmt.renewals import RenewalRate
        >>> usd = lambda x: Money(x, "USD")
        >>> RenewalRate(Period.month(2025, 3), dt.date(2025, 4, 30), usd(90), usd(10), usd(0),
        ...             usd(90), renewed_ids=("S-1",), lost_ids=("S-2",)).by_value
        Decimal('0.9')
        """
        decided = self.renewed_mrr.amount + self.lost_mrr.amount
        return _ratio(self.renewed_mrr.amount, decided)

    @property
    def sentence(self) -> str:
        """The facts in one sentence.

        >>> import datetime as dt
        >>> from salesmgmt import Money, Period
        >>> from salesmgmt.renewals import RenewalRate
        >>> usd = lambda x: Money(x, "USD")
        >>> print(RenewalRate(Period.month(2025, 3), dt.date(2025, 4, 30), usd(90), usd(10),
        ...       usd(0), usd(90), renewed_ids=("S-1",), lost_ids=("S-2",)).sentence)
        Of 2 subscriptions due in 2025-03, 1 renewed, 1 lost and 0 pending as of 2025-04-30: renewal rate 50.0 % by count, 90.0 % by value (90.00 of 100.00 USD MRR).
        """  # noqa: E501

        def pct(x: Decimal | None) -> str:
            return "n/a" if x is None else f"{RATIO.multiply(x, Decimal(100)):.1f} %"

        decided = self.renewed_mrr + self.lost_mrr
        return (
            f"Of {self.due} subscriptions due in {self.period}, {len(self.renewed_ids)} renewed,"
            f" {len(self.lost_ids)} lost and {len(self.pending_ids)} pending as of"
            f" {self.as_of}: renewal rate {pct(self.by_count)} by count,"
            f" {pct(self.by_value)} by value ({self.renewed_mrr.amount} of {decided} MRR)."
        )


def _window(value: object, field: str) -> int | None:
    if value is None and field == "early_days":
        return None
    return check_int(
        value, record="renewal_rate()", field=field, min_value=0, max_value=_MAX_WINDOW
    )


def renewal_rate(
    subscriptions: Iterable[Subscription],
    outcomes: Iterable[RenewalOutcome],
    period: Period,
    *,
    as_of: dt.date,
    grace_days: int = DEFAULT_GRACE_DAYS,
    early_days: int | None = None,
    currency: str | None = None,
) -> RenewalRate:
    """Resolve every subscription due in ``period`` and count renewals, as of ``as_of``.

    See the module text for the rules. Outcomes dated after ``as_of`` are not yet
    known and are ignored, so the same call with a later ``as_of`` only moves
    pending contracts to renewed or lost.

    Args:
        subscriptions: the book (unique ids, one currency).
        outcomes: renewal decisions; each must name a subscription of the book.
            Two outcomes for one subscription on the same day are refused.
        period: the period whose due contracts are counted.
        as_of: the day the caller says "now" is.
        grace_days: days after ``ends_on`` in which a late renewal still counts
            (default 30); a contract with no decision is lost once they pass.
        early_days: how long before ``ends_on`` a decision may be dated (default
            ``None``: any time before).
        currency: the currency of the zeros for an empty book.

    Raises:
        UnknownReference: an outcome names no subscription of the book.
        ValidationError: duplicate or conflicting inputs.
        CurrencyMismatch: mixed currencies.

    >>> import datetime as dt
    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.renewals import Churned, Renewed, Subscription, renewal_rate
    >>> d, usd = dt.date, lambda x: Money(x, "USD")
    >>> book = [
    ...     Subscription("S-1", "A", usd(100), d(2024, 4, 1), d(2025, 3, 31)),
    ...     Subscription("S-2", "B", usd(50), d(2024, 3, 10), d(2025, 3, 9)),
    ...     Subscription("S-3", "C", usd(80), d(2024, 3, 20), d(2025, 3, 19)),
    ... ]
    >>> decisions = [Renewed("S-1", d(2025, 2, 20), usd(120)),  # early renewal
    ...              Churned("S-2", d(2025, 3, 1))]
    >>> r = renewal_rate(book, decisions, Period.month(2025, 3), as_of=d(2025, 4, 5))
    >>> r.renewed_ids, r.lost_ids, r.pending_ids  # S-3 is still in its 30-day grace
    (('S-1',), ('S-2',), ('S-3',))
    >>> r.by_count, r.by_value
    (Decimal('0.5'), Decimal('0.6666666666666666666666666666666666666667'))
    >>> empty = renewal_rate([], [], Period.month(2025, 3), as_of=d(2025, 4, 5), currency="USD")
    >>> empty.by_count is None  # nothing was due
    True
    """
    record = "renewal_rate()"
    check_type(period, Period, record=record, field="period", expected="a Period")
    as_of = check_date(as_of, record=record, field="as_of")
    grace = check_int(
        grace_days, record=record, field="grace_days", min_value=0, max_value=_MAX_WINDOW
    )
    early = _window(early_days, "early_days")
    items, code = read_subscriptions(subscriptions, record=record, currency=currency)
    by_id = {s.subscription_id: s for s in items}
    decision: dict[str, tuple[dt.date, RenewalOutcome]] = {}
    count = 0
    for chunk in iter_chunks(outcomes, record=record, field="outcomes"):
        for outcome in chunk:
            field = f"outcomes[{count}]"
            count += 1
            if not isinstance(outcome, OUTCOME_TYPES):
                check_type(
                    outcome, OUTCOME_TYPES, record=record, field=field,
                    expected="a Renewed, Churned, Downgraded or Upgraded",
                )  # fmt: skip
            sub = by_id.get(outcome.subscription_id)
            if sub is None:
                raise UnknownReference.for_field(
                    record, f"{field}.subscription_id", outcome.subscription_id,
                    "the id of one of the subscriptions",
                )  # fmt: skip
            if not isinstance(outcome, Churned) and outcome.new_mrr.currency != code:
                raise CurrencyMismatch.between(
                    code,
                    outcome.new_mrr.currency,
                    record=f"{record} {type(outcome).__name__} {outcome.subscription_id!r}",
                )
            end = sub.ends_on
            if end is None or not period.contains(end) or outcome.on > as_of:
                continue
            if early is not None and (end - outcome.on).days > early:
                continue
            if (outcome.on - end).days > grace:
                continue
            known = decision.get(sub.subscription_id)
            if known is not None and known[0] == outcome.on and known[1] != outcome:
                raise ValidationError.for_field(
                    record, field, outcome,
                    f"one decision per subscription and day (also {known[1]!r})",
                )  # fmt: skip
            if known is None or known[0] < outcome.on:
                decision[sub.subscription_id] = (outcome.on, outcome)
    renewed: list[str] = []
    lost: list[str] = []
    pending: list[str] = []
    sums = [0, 0, 0, 0]  # renewed, lost, pending, renewed_new (minor units)
    for sub in items:
        end = sub.ends_on
        if end is None or not period.contains(end):
            continue
        units = sub.mrr.to_minor_units()
        status, new_units = _status(sub, end, decision.get(sub.subscription_id), as_of, grace)
        if status == "renewed":
            renewed.append(sub.subscription_id)
            sums[0] += units
            sums[3] += units if new_units is None else new_units
        elif status == "lost":
            lost.append(sub.subscription_id)
            sums[1] += units
        else:
            pending.append(sub.subscription_id)
            sums[2] += units
    money = [Money.from_minor_units(u, code) for u in sums]
    return RenewalRate(
        period,
        as_of,
        *money,
        renewed_ids=tuple(sorted(renewed)),
        lost_ids=tuple(sorted(lost)),
        pending_ids=tuple(sorted(pending)),
    )


def _status(
    sub: Subscription,
    end: dt.date,
    decided: tuple[dt.date, RenewalOutcome] | None,
    as_of: dt.date,
    grace: int,
) -> tuple[str, int | None]:
    if decided is not None:
        match decided[1]:
            case Churned():
                return "lost", None
            case Renewed(new_mrr=new) | Upgraded(new_mrr=new) | Downgraded(new_mrr=new):
                return "renewed", new.to_minor_units()
    if sub.cancelled_on is not None and sub.cancelled_on <= as_of:
        return "lost", None
    if sub.auto_renew and as_of > end:
        return "renewed", None
    if (as_of - end).days > grace:
        return "lost", None
    return "pending", None


def merge_renewal_rates(first: RenewalRate, second: RenewalRate) -> RenewalRate:
    """The renewal rate of two DISJOINT books for the same period and ``as_of``.

    Raises:
        ValidationError: the periods or ``as_of`` differ, or a subscription id
            appears in both.

    >>> import datetime as dt
    >>> from salesmgmt import Money, Period
    >>> from salesmgmt.renewals import RenewalRate, merge_renewal_rates
    >>> usd, p, day = (lambda x: Money(x, "USD")), Period.month(2025, 3), dt.date(2025, 5, 1)
    >>> a = RenewalRate(p, day, usd(10), usd(0), usd(0), usd(10), renewed_ids=("S-1",))
    >>> b = RenewalRate(p, day, usd(0), usd(30), usd(0), usd(0), lost_ids=("S-2",))
    >>> merge_renewal_rates(a, b).by_value
    Decimal('0.25')
    """
    record = "merge_renewal_rates()"
    check_type(first, RenewalRate, record=record, field="first", expected="a RenewalRate")
    check_type(second, RenewalRate, record=record, field="second", expected="a RenewalRate")
    for name in ("period", "as_of"):
        if getattr(first, name) != getattr(second, name):
            raise ValidationError.for_field(
                record, f"second.{name}", getattr(second, name),
                f"the same {name} as first ({getattr(first, name)!r})",
            )  # fmt: skip
    ids: dict[str, Any] = {n: tuple(sorted(getattr(first, n) + getattr(second, n))) for n in
           ("renewed_ids", "lost_ids", "pending_ids")}  # fmt: skip
    every = [i for group in ids.values() for i in group]
    if len(set(every)) != len(every):
        raise ValidationError.for_field(
            record, "second", second, "a renewal rate of a book disjoint from first's"
        )
    money = [
        getattr(first, n) + getattr(second, n)
        for n in ("renewed_mrr", "lost_mrr", "pending_mrr", "renewed_new_mrr")
    ]
    return RenewalRate(first.period, first.as_of, *money, **ids)
