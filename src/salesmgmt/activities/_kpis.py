"""Activity KPIs per rep and period, as tally -> merge -> finalise.

:func:`tally_activities` counts one pass over the log into an
:class:`ActivityTally` (integer counts and sets of ids per rep);
:func:`merge_activity_tallies` adds two tallies (the tally of two halves of a
log equals the tally of the whole); :func:`finalise_activities` does the one
Decimal step. :func:`activity_kpis` runs all three.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import attrs

from salesmgmt._checks import check_int, check_type, iter_chunks
from salesmgmt._decimal import RATIO
from salesmgmt.activities._values import Activity, check_id
from salesmgmt.errors import PeriodError, ValidationError
from salesmgmt.periods import Period

__all__ = [
    "ActivityCounts",
    "ActivitySummary",
    "ActivityTally",
    "activity_kpis",
    "finalise_activities",
    "merge_activity_tallies",
    "tally_activities",
]

_COUNTS = ("calls", "visits", "existing_visits", "touches", "attempts", "reached", "orders")


def _count(counts: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    check_int(value, record="ActivityCounts", field=attribute.name, min_value=0, max_value=10**12)


def _ratio(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    number = check_type(value, Decimal, record="ActivitySummary", field=attribute.name)
    if not number.is_finite() or number < 0:
        raise ValidationError.for_field(
            "ActivitySummary", attribute.name, value, "a finite non-negative Decimal"
        )


def _optional_ratio(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        _ratio(_, attribute, value)


def _ids(value: object) -> object:
    """Lossless converter: a list, tuple or set of ids becomes a frozenset."""
    if isinstance(value, list | tuple | set):
        try:
            return frozenset(value)
        except TypeError:
            return value
    return value


def _id_set(counts: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    ids = check_type(
        value, frozenset, record="ActivityCounts", field=attribute.name, expected="a set of ids"
    )
    for item in sorted(ids, key=repr):
        check_id(item, "ActivityCounts", attribute.name)


@attrs.frozen
class ActivityCounts:
    """One rep's mergeable activity counts for a period.

    Attributes:
        calls: activities of kind ``"call"``.
        visits: activities of kind ``"visit"``.
        existing_visits: visits to accounts that are not new accounts.
        touches: activities that name an ``opportunity_id``.
        attempts: calls plus visits (the contact-rate denominator).
        reached: calls and visits whose outcome is ``"reached"`` or ``"order"``.
        orders: activities whose outcome is ``"order"``.
        deals: the distinct opportunity ids touched.
        new_accounts: the distinct new account ids worked on.

    >>> from salesmgmt.activities import ActivityCounts
    >>> ActivityCounts(calls=3, attempts=3, deals={"O-1"}).deals
    frozenset({'O-1'})
    """

    calls: int = attrs.field(default=0, validator=_count)
    visits: int = attrs.field(default=0, validator=_count)
    existing_visits: int = attrs.field(default=0, validator=_count)
    touches: int = attrs.field(default=0, validator=_count)
    attempts: int = attrs.field(default=0, validator=_count)
    reached: int = attrs.field(default=0, validator=_count)
    orders: int = attrs.field(default=0, validator=_count)
    deals: frozenset[str] = attrs.field(default=frozenset(), converter=_ids, validator=_id_set)
    new_accounts: frozenset[str] = attrs.field(
        default=frozenset(), converter=_ids, validator=_id_set
    )


def _merge_counts(a: ActivityCounts, b: ActivityCounts) -> ActivityCounts:
    row = [getattr(a, name) + getattr(b, name) for name in _COUNTS]
    return _counts_from(row, a.deals | b.deals, a.new_accounts | b.new_accounts)


def _counts_from(
    row: list[int], deals: frozenset[str], new_accounts: frozenset[str]
) -> ActivityCounts:
    calls, visits, existing_visits, touches, attempts, reached, orders = row
    return ActivityCounts(
        calls=calls,
        visits=visits,
        existing_visits=existing_visits,
        touches=touches,
        attempts=attempts,
        reached=reached,
        orders=orders,
        deals=deals,
        new_accounts=new_accounts,
    )


def _reps(value: object) -> object:
    """Lossless converter: a dict becomes a read-only mapping sorted by rep id."""
    if isinstance(value, dict | MappingProxyType):
        try:
            return MappingProxyType(dict(sorted(value.items())))
        except TypeError:
            return value
    return value


def _check_reps(_: object, __: attrs.Attribute[Any], value: object) -> None:
    reps = check_type(
        value, MappingProxyType, record="ActivityTally", field="reps", expected="a mapping"
    )
    for rep_id, counts in reps.items():
        check_id(rep_id, "ActivityTally", "reps key")
        check_type(counts, ActivityCounts, record="ActivityTally", field=f"reps[{rep_id!r}]")


@attrs.frozen
class ActivityTally:
    """The mergeable part of the activity KPIs: counts per rep for one period.

    Attributes:
        period: the period counted.
        reps: rep id -> :class:`ActivityCounts` (read-only, sorted by rep id).

    >>> from salesmgmt import Period
    >>> from salesmgmt.activities import ActivityTally
    >>> ActivityTally(Period.month(2025, 3), {}).reps
    mappingproxy({})
    """

    period: Period = attrs.field(
        validator=lambda _, __, v: check_type(v, Period, record="ActivityTally", field="period")
    )
    reps: Mapping[str, ActivityCounts] = attrs.field(
        factory=dict, converter=_reps, validator=_check_reps, eq=False
    )

    # A mappingproxy does not compare equal to another; compare the items instead.
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ActivityTally):
            return NotImplemented
        return self.period == other.period and dict(self.reps) == dict(other.reps)

    def __hash__(self) -> int:
        return hash((self.period, tuple(self.reps.items())))


def tally_activities(activities: Iterable[Activity], period: Period) -> ActivityTally:
    """Count the activities that fall in ``period``, per rep (one pass).

    Raises:
        WrongType: an item that is not an Activity, a bad period.

    >>> import datetime as dt
    >>> from salesmgmt import Period
    >>> from salesmgmt.activities import Activity, tally_activities
    >>> log = [Activity("A-1", "R-1", "call", dt.date(2025, 3, 3), outcome="reached")]
    >>> tally_activities(log, Period.month(2025, 3)).reps["R-1"].reached
    1
    """
    check_type(period, Period, record="tally_activities()", field="period")
    counts: dict[str, list[int]] = {}
    deals: dict[str, set[str]] = {}
    new_accounts: dict[str, set[str]] = {}
    start, end = period.start, period.end
    for chunk in iter_chunks(activities, record="tally_activities()", field="activities"):
        for activity in chunk:
            if type(activity) is not Activity:  # fast path for the exact class
                check_type(activity, Activity, record="tally_activities()", field="activities[]")
            if not start <= activity.on <= end:
                continue
            row = counts.get(activity.rep_id)
            if row is None:
                row = counts[activity.rep_id] = [0] * len(_COUNTS)
            kind = activity.kind
            if kind == "call" or kind == "visit":
                row[0 if kind == "call" else 1] += 1
                row[4] += 1
                if kind == "visit" and not activity.is_new_account:
                    row[2] += 1
                if activity.outcome == "reached" or activity.outcome == "order":
                    row[5] += 1
            if activity.outcome == "order":
                row[6] += 1
            if activity.opportunity_id is not None:
                row[3] += 1
                deals.setdefault(activity.rep_id, set()).add(activity.opportunity_id)
            if activity.is_new_account and activity.account_id is not None:
                new_accounts.setdefault(activity.rep_id, set()).add(activity.account_id)
    return ActivityTally(
        period,
        {
            rep_id: _counts_from(
                row,
                frozenset(deals.get(rep_id, ())),
                frozenset(new_accounts.get(rep_id, ())),
            )
            for rep_id, row in counts.items()
        },
    )


def merge_activity_tallies(first: ActivityTally, second: ActivityTally) -> ActivityTally:
    """Add two tallies of the same period (disjoint parts of one log).

    Raises:
        WrongType: not tallies.
        PeriodError: the tallies count different periods.

    >>> import datetime as dt
    >>> from salesmgmt import Period
    >>> from salesmgmt.activities import Activity, merge_activity_tallies, tally_activities
    >>> march = Period.month(2025, 3)
    >>> a = tally_activities([Activity("A-1", "R-1", "call", dt.date(2025, 3, 3))], march)
    >>> b = tally_activities([Activity("A-2", "R-1", "call", dt.date(2025, 3, 4))], march)
    >>> merge_activity_tallies(a, b).reps["R-1"].calls
    2
    """
    record = "merge_activity_tallies()"
    check_type(first, ActivityTally, record=record, field="first")
    check_type(second, ActivityTally, record=record, field="second")
    if first.period != second.period:
        raise PeriodError.for_field(
            record, "second", second.period, f"a tally of the same period {first.period}"
        )
    merged = dict(first.reps)
    for rep_id, counts in second.reps.items():
        merged[rep_id] = _merge_counts(merged[rep_id], counts) if rep_id in merged else counts
    return ActivityTally(first.period, merged)


@attrs.frozen
class ActivitySummary:
    """A rep's activity KPIs for a period.

    Attributes:
        rep_id: the rep.
        period: the period.
        calls: phone calls made.
        visits_to_existing: visits to existing (not new) customers.
        new_accounts: distinct new accounts developed.
        touches_per_deal: activities naming a deal / distinct deals touched;
            ``None`` when no deal was touched.
        orders_per_week: activities with outcome ``"order"`` x 7 / days in the period.
        contact_rate: calls and visits that reached the customer / calls and
            visits; ``None`` when there were none.

    >>> from salesmgmt import Period
    >>> from salesmgmt.activities import ActivitySummary
    >>> ActivitySummary("R-1", Period.month(2025, 3), 0, 0, 0, None, Decimal(0), None).contact_rate
    """

    rep_id: str = attrs.field(validator=lambda _, __, v: check_id(v, "ActivitySummary", "rep_id"))
    period: Period = attrs.field(
        validator=lambda _, __, v: check_type(v, Period, record="ActivitySummary", field="period")
    )
    calls: int = attrs.field(validator=_count)
    visits_to_existing: int = attrs.field(validator=_count)
    new_accounts: int = attrs.field(validator=_count)
    touches_per_deal: Decimal | None = attrs.field(validator=_optional_ratio)
    orders_per_week: Decimal = attrs.field(validator=_ratio)
    contact_rate: Decimal | None = attrs.field(validator=_optional_ratio)


def _finalise(rep_id: str, period: Period, c: ActivityCounts) -> ActivitySummary:
    deals = len(c.deals)
    return ActivitySummary(
        rep_id,
        period,
        c.calls,
        c.existing_visits,
        len(c.new_accounts),
        RATIO.divide(Decimal(c.touches), Decimal(deals)) if deals else None,
        RATIO.divide(Decimal(c.orders * 7), Decimal(period.days)),
        RATIO.divide(Decimal(c.reached), Decimal(c.attempts)) if c.attempts else None,
    )


def finalise_activities(
    tally: ActivityTally, *, rep_ids: Iterable[str] = ()
) -> dict[str, ActivitySummary]:
    """Turn a tally into KPIs per rep, sorted by rep id.

    Args:
        tally: the (merged) tally.
        rep_ids: reps to include even without activity (their KPIs are zeros
            and ``None`` ratios).

    >>> from salesmgmt import Period
    >>> from salesmgmt.activities import ActivityTally, finalise_activities
    >>> kpis = finalise_activities(ActivityTally(Period.month(2025, 3), {}), rep_ids=["R-9"])
    >>> kpis["R-9"].calls, kpis["R-9"].contact_rate
    (0, None)
    """
    check_type(tally, ActivityTally, record="finalise_activities()", field="tally")
    extra = [
        check_id(rep_id, "finalise_activities()", "rep_ids[]")
        for chunk in iter_chunks(rep_ids, record="finalise_activities()", field="rep_ids")
        for rep_id in chunk
    ]
    empty = ActivityCounts()
    names = sorted(set(tally.reps) | set(extra))
    return {name: _finalise(name, tally.period, tally.reps.get(name, empty)) for name in names}


def activity_kpis(
    activities: Iterable[Activity], period: Period, *, rep_ids: Iterable[str] = ()
) -> dict[str, ActivitySummary]:
    """Activity KPIs per rep for ``period``: tally, then finalise.

    ``orders_per_week`` for a 31-day month with 3 orders is 3 x 7 / 31.

    >>> import datetime as dt
    >>> from salesmgmt import Period
    >>> from salesmgmt.activities import Activity, activity_kpis
    >>> day = dt.date(2025, 3, 3)
    >>> log = [
    ...     Activity("A-1", "R-1", "call", day, outcome="reached", opportunity_id="O-1"),
    ...     Activity("A-2", "R-1", "call", day, outcome="not_reached", opportunity_id="O-1"),
    ...     Activity("A-3", "R-1", "visit", day, account_id="C-1", outcome="order"),
    ... ]
    >>> k = activity_kpis(log, Period.month(2025, 3))["R-1"]
    >>> k.calls, k.visits_to_existing, k.touches_per_deal, round(k.contact_rate, 4)
    (2, 1, Decimal('2'), Decimal('0.6667'))
    >>> round(k.orders_per_week, 4)  # 1 x 7 / 31
    Decimal('0.2258')
    """
    tally = tally_activities(activities, period)
    return finalise_activities(tally, rep_ids=rep_ids)
